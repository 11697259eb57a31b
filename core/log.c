/*
 * log.c - leveled diagnostics on stderr.  With journal mode on (ambit
 * daemon under systemd) each line carries a "<N>" priority prefix that
 * journald understands; otherwise lines read "ambit: warning: ...".
 */
#include "config.h"

#include <stdio.h>

#include "log.h"

static amb_log_level current_level = AMB_LOG_WARNING;
static int journal_prefix;

void amb_log_set_level(amb_log_level level)
{
    current_level = level;
}

amb_log_level amb_log_get_level(void)
{
    return current_level;
}

void amb_log_set_journal(int on)
{
    journal_prefix = on;
}

void amb_vlog(amb_log_level level, const char *fmt, va_list ap)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};
    static const int priorities[] = {3, 4, 6, 7};
    if (level > current_level)
        return;
    if (journal_prefix)
        fprintf(stderr, "<%d>", priorities[level]);
    else
        fprintf(stderr, "ambit: %s: ", names[level]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void amb_log(amb_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    amb_vlog(level, fmt, ap);
    va_end(ap);
}
