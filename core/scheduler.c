/*
 * scheduler.c - schedules checked at config load, the latest run of each
 * source, when each is due, whether the store can be written, and the
 * time stamps the scheduler reads and prints.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "scheduler.h"

int amb_sched_new(const amb_config *cfg, amb_sched_entry **out, size_t *n,
                  amb_error *err)
{
    *out = NULL;
    *n = 0;
    amb_sched_entry *e = amb_xcalloc(cfg->nsources ? cfg->nsources : 1,
                                     sizeof *e);
    for (size_t i = 0; i < cfg->nsources; i++) {
        const amb_source_cfg *s = &cfg->sources[i];
        e[i].src = s;
        if (!s->schedule)
            continue;
        amb_error cerr;
        amb_error_clear(&cerr);
        if (amb_cron_parse(s->schedule, &e[i].cron, &cerr) < 0) {
            free(e);
            return amb_error_set(err, AMB_ECONFIG, "%s:%d: source '%s': %s",
                                 s->file, s->line, s->name, cerr.msg);
        }
        e[i].scheduled = 1;
    }
    *out = e;
    *n = cfg->nsources;
    return 0;
}

int amb_sched_check_config(const amb_config *cfg, amb_error *err)
{
    amb_sched_entry *e;
    size_t n;
    int rc = amb_sched_new(cfg, &e, &n, err);
    free(e);
    return rc;
}

/* Copies the latest run's fields into the entry (a store callback). */
static int keep_run(void *ud, const amb_run_row *row)
{
    amb_sched_entry *e = ud;
    e->has_run = 1;
    snprintf(e->last_status, sizeof e->last_status, "%s",
             row->status ? row->status : "");
    snprintf(e->last_started_iso, sizeof e->last_started_iso, "%s",
             row->started_at ? row->started_at : "");
    snprintf(e->last_ended_iso, sizeof e->last_ended_iso, "%s",
             row->ended_at ? row->ended_at : "");
    return 0;
}

int amb_sched_refresh(amb_store *st, amb_sched_entry *entries, size_t n,
                      amb_error *err)
{
    for (size_t i = 0; i < n; i++) {
        amb_sched_entry *e = &entries[i];
        amb_error lerr;
        e->has_run = 0;
        e->last_started = 0;
        e->last_status[0] = e->last_started_iso[0] = e->last_ended_iso[0] = 0;
        int rc = amb_store_last_run(st, e->src->name, keep_run, e, &lerr);
        if (rc == AMB_ENOTFOUND)
            continue;
        if (rc < 0)
            return amb_error_set(err, rc, "%s", lerr.msg);
        if (amb_sched_parse_time(e->last_started_iso, &e->last_started) < 0)
            return amb_error_set(err, AMB_ESTORE, "source %s: its latest run "
                                 "has an unreadable start time '%s'",
                                 e->src->name, e->last_started_iso);
    }
    return 0;
}

int amb_sched_due_at(const amb_sched_entry *e, time_t now, time_t *due)
{
    if (!e->scheduled)
        return 1;
    if (e->retry_at) {
        *due = e->retry_at;
        return 0;
    }
    if (!e->has_run && !e->attempted) {
        *due = now;
        return 0;
    }
    time_t base = e->has_run ? e->last_started : 0;
    if (e->attempted > base)
        base = e->attempted;
    return amb_cron_next(&e->cron, base, due);
}

int amb_sched_store_busy(amb_store *st, amb_error *err)
{
    const char *path = sqlite3_db_filename(amb_store_db(st), "main");
    if (!path || !*path)
        return amb_error_set(err, AMB_ESTORE, "store: no file to probe");
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    int busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
    if (rc == SQLITE_OK) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    } else if (!busy) {
        rc = amb_error_set(err, AMB_ESTORE, "store %s: cannot check for "
                           "other writers: %s", path,
                           db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return rc;
    }
    sqlite3_close(db);
    return busy;
}

int amb_sched_busy_error(const amb_error *err)
{
    return strstr(err->msg, sqlite3_errstr(SQLITE_BUSY)) != NULL;
}

/* Read exactly n digits at *s into *v; 0 or -1. */
static int digits(const char **s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++, (*s)++) {
        if (**s < '0' || **s > '9')
            return -1;
        *v = *v * 10 + (**s - '0');
    }
    return 0;
}

static int days_in(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Read "YYYY-MM-DD?HH:MM[:SS]" from *s into the numbers of tm (not
 * normalised) and move *s past it; 0 or -1. */
static int parse_fields(const char **s, struct tm *tm)
{
    int y, mo, d, h, mi, sec = 0;
    if (digits(s, 4, &y) || *(*s)++ != '-' || digits(s, 2, &mo) ||
        *(*s)++ != '-' || digits(s, 2, &d))
        return -1;
    if (**s != 'T' && **s != ' ')
        return -1;
    (*s)++;
    if (digits(s, 2, &h) || *(*s)++ != ':' || digits(s, 2, &mi))
        return -1;
    if (**s == ':') {
        (*s)++;
        if (digits(s, 2, &sec))
            return -1;
    }
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo) || h > 23 ||
        mi > 59 || sec > 59)
        return -1;
    memset(tm, 0, sizeof *tm);
    tm->tm_year = y - 1900;
    tm->tm_mon = mo - 1;
    tm->tm_mday = d;
    tm->tm_hour = h;
    tm->tm_min = mi;
    tm->tm_sec = sec;
    return 0;
}

int amb_sched_parse_time(const char *s, time_t *out)
{
    struct tm tm;
    if (!s || parse_fields(&s, &tm) != 0)
        return AMB_EUSAGE;
    if (*s == '\0') {
        tm.tm_isdst = -1;
        time_t t = mktime(&tm);
        if (t == (time_t)-1)
            return AMB_EUSAGE;
        *out = t;
        return 0;
    }
    long offset = 0;
    if (*s == 'Z' && s[1] == '\0') {
        s++;
    } else if (*s == '+' || *s == '-') {
        int sign = *s++ == '-' ? -1 : 1, oh, om = 0;
        if (digits(&s, 2, &oh))
            return AMB_EUSAGE;
        if (*s == ':') {
            s++;
            if (digits(&s, 2, &om))
                return AMB_EUSAGE;
        } else if (*s && digits(&s, 2, &om)) {
            return AMB_EUSAGE;
        }
        if (*s || oh > 23 || om > 59)
            return AMB_EUSAGE;
        offset = sign * (oh * 3600L + om * 60L);
    } else {
        return AMB_EUSAGE;
    }
    *out = timegm(&tm) - offset;
    return 0;
}

void amb_sched_format_time(time_t t, char out[40])
{
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        snprintf(out, 40, "@%lld", (long long)t);
        return;
    }
    size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    snprintf(out + n, 40 - n, "%c%02ld:%02ld", sign, off / 3600,
             off / 60 % 60);
}
