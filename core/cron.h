/*
 * cron.h - cron expressions: the five fields of crontab(5) and the time a
 * schedule next fires.
 *
 *   minute hour day-of-month month day-of-week
 *
 * Each field is '*' or a comma-separated list of N, N-M, '*' or N-M
 * followed by an optional /STEP.  Months may be written jan..dec and days
 * sun..sat (any case, also inside ranges and lists); day-of-week 0 and 7
 * are both Sunday.  When day-of-month and day-of-week are both restricted
 * (neither starts with '*'), a day matches when EITHER matches, as
 * crontab(5) says; otherwise both must.  @yearly (@annually), @monthly,
 * @weekly, @daily (@midnight) and @hourly stand for their usual five
 * fields.  A schedule that can never fire ("0 0 30 2 *") is a parse error.
 *
 * Times are local (the TZ environment variable).  Across a daylight saving
 * change a local time that does not exist is skipped and a local time that
 * happens twice fires once, at its first occurrence.
 *
 * The module depends on libc only (not even util.c's functions), so the
 * fuzz target can build it alone.
 */
#ifndef AMB_CRON_H
#define AMB_CRON_H

#include <stdint.h>
#include <time.h>

#include "util.h"

/* A parsed expression: one bit per allowed value.  Plain data; copy it
 * freely, nothing to free. */
typedef struct amb_cron {
    uint64_t minutes;         /* bit m for minute m, 0-59 */
    uint32_t hours;           /* bit h, 0-23 */
    uint32_t mdays;           /* bit d, 1-31 */
    uint16_t months;          /* bit m, 1-12 */
    uint8_t wdays;            /* bit w, 0-6 with 0 = Sunday (7 folds to 0) */
    unsigned char mday_star;  /* the day-of-month field starts with '*' */
    unsigned char wday_star;  /* the day-of-week field starts with '*' */
} amb_cron;

/* Parse expr into *out.  On error returns AMB_ECONFIG and err (may be NULL)
 * gets "schedule 'EXPR': FIELD ...", e.g.
 * "schedule '0 25 * * *': hour 25 out of range 0-23". */
int amb_cron_parse(const char *expr, amb_cron *out, amb_error *err);

/* The first whole local minute strictly after `after` that the schedule
 * matches, into *out.  Returns 0, AMB_ENOTFOUND when nothing matches in
 * the next 400 years (a full Gregorian cycle: never), or AMB_EUSAGE when
 * `after` is outside years 1..1000000. */
int amb_cron_next(const amb_cron *c, time_t after, time_t *out);

/* 1 when the local minute containing t matches the schedule, else 0
 * (whether or not it is the first occurrence of a repeated local time). */
int amb_cron_matches(const amb_cron *c, time_t t);

#endif
