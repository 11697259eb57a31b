/*
 * log.h - diagnostics to stderr.  The verbosity is the one piece of
 * process-wide state besides the plugin registry: main() sets it once from
 * -q / -v before any work starts.
 */
#ifndef AMB_LOG_H
#define AMB_LOG_H

#include "ambit/plugin.h"
#include <stdarg.h>

void amb_log_set_level(amb_log_level level);   /* default AMB_LOG_WARNING */
amb_log_level amb_log_get_level(void);
/* Prefix each line with a syslog-style "<N>" level (for journald). */
void amb_log_set_journal(int on);
void amb_log(amb_log_level level, const char *fmt, ...) AMB_PRINTF(2, 3);
void amb_vlog(amb_log_level level, const char *fmt, va_list ap);

#endif
