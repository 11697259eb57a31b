/*
 * scheduler.h - the scheduler's bookkeeping: every source's schedule checked
 * against the config, the start of its latest run read from the store,
 * and from those the time it is due.
 *
 * The rule: a scheduled source is due at the first time its schedule
 * matches after the start of its latest run (whatever that run's status),
 * and at once when it has never run.  A source whose schedule fired while
 * nobody ran it (the machine was off) is therefore due once, not once per
 * missed slot.
 */
#ifndef AMB_SCHEDULER_H
#define AMB_SCHEDULER_H

#include <stddef.h>
#include <time.h>

#include "conf.h"
#include "cron.h"
#include "store.h"
#include "util.h"

/* One source as the scheduler sees it.  Plain data: an array of them is
 * freed with free(). */
typedef struct amb_sched_entry {
    const amb_source_cfg *src;   /* borrowed from the config */
    int scheduled;               /* 0: no schedule, collected by hand only */
    amb_cron cron;               /* the parsed schedule when scheduled */
    int has_run;                 /* the store holds a run of the source */
    time_t last_started;         /* start of its latest run */
    char last_status[16];        /* that run's status; "" when never run */
    char last_started_iso[32];   /* as stored (UTC); "" when never run */
    char last_ended_iso[32];     /* as stored; "" while running or never */
    time_t attempted;            /* start of this process's latest attempt
                                    (counts like a run start); 0 = none */
    time_t retry_at;             /* when set, due at this time instead
                                    (a run the busy store refused) */
} amb_sched_entry;

/* Parse every source's schedule.  A bad one is AMB_ECONFIG with
 * "FILE:LINE: source 'NAME': schedule 'EXPR': why". */
int amb_sched_check_config(const amb_config *cfg, amb_error *err);

/* One entry per source of cfg, in config order, schedules parsed (errors
 * as amb_sched_check_config) and nothing read from the store yet.  *out is
 * the caller's to free(); it borrows cfg. */
int amb_sched_new(const amb_config *cfg, amb_sched_entry **out, size_t *n,
                  amb_error *err);

/* Read each entry's latest run from the store (has_run, last_*). */
int amb_sched_refresh(amb_store *st, amb_sched_entry *entries, size_t n,
                      amb_error *err);

/* When e is due, into *due: retry_at when set; now when it never ran nor
 * was attempted; else its schedule's first match after the later of its
 * latest run's start and this process's attempt.  Due means *due <= now.
 * Returns 0, 1 for a source without a schedule (never due), or the error
 * of amb_cron_next(). */
int amb_sched_due_at(const amb_sched_entry *e, time_t now, time_t *due);

/* Is another connection holding the store's write lock?  Tries BEGIN
 * IMMEDIATE on a short-lived connection of its own that does not wait,
 * and rolls back at once.  Returns 0 (free), 1 (busy) or an error. */
int amb_sched_store_busy(amb_store *st, amb_error *err);
/* 1 when a failed run's message says the store was locked by another
 * writer (SQLite's "database is locked"), so retrying soon makes sense. */
int amb_sched_busy_error(const amb_error *err);

/* Parse "YYYY-MM-DDTHH:MM[:SS]" ('T' or a space between date and time)
 * followed by nothing (local time), 'Z', or an offset +HH[:MM] / -HH[:MM].
 * Returns 0 or AMB_EUSAGE. */
int amb_sched_parse_time(const char *s, time_t *out);
/* t as local ISO 8601 with its offset: "2026-11-30T06:00:00+01:00". */
void amb_sched_format_time(time_t t, char out[40]);

#endif
