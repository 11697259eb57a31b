/*
 * fuzz_cron.c - libFuzzer target for the cron parser and next-time search.
 *
 * The first input byte picks the time zone (UTC or Europe/Copenhagen, for
 * daylight saving changes) and a starting time; the rest is the
 * expression.  A parse must either fail with a printable "schedule '...':"
 * message or give bit sets inside their fields' ranges.  Then, from a few
 * starting times, amb_cron_next() must terminate; in UTC it must find a
 * time (the parser refuses schedules that never fire), and any time found
 * must be later than the start, a whole minute in UTC, and matching; a
 * second search from it must go forwards.  In UTC, when the answer is
 * within three hours, no minute in between may match.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cron.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Starting points: around both 2024 DST changes in Copenhagen, a leap day,
 * a year end, and far ahead. */
static const time_t starts[] = {
    1711846800,   /* 2024-03-31T01:00:00Z */
    1729990800,   /* 2024-10-27T01:00:00Z */
    1709164800,   /* 2024-02-29T00:00:00Z */
    1735689540,   /* 2024-12-31T23:59:00Z */
    4102444799,   /* 2099-12-31T23:59:59Z */
};

static void check_message(const amb_error *err)
{
    if (strncmp(err->msg, "schedule '", 10) != 0)
        abort();
    for (const char *p = err->msg; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
            abort();
}

static void check_bits(const amb_cron *c)
{
    if (!c->minutes || c->minutes >> 60 || !c->hours || c->hours >> 24 ||
        !(c->mdays >> 1) || (c->mdays & 1) || !(c->months >> 1) ||
        (c->months & 1) || c->months >> 13 || !c->wdays || c->wdays >> 7)
        abort();
}

static void check_next(const amb_cron *c, time_t after, int utc)
{
    time_t t = 0;
    int rc = amb_cron_next(c, after, &t);
    if (rc == AMB_ENOTFOUND && !utc)
        return;   /* only DST-skipped local times could match */
    if (rc != 0 || t <= after || !amb_cron_matches(c, t))
        abort();
    if (utc && t % 60 != 0)
        abort();
    if (utc && t - after <= 3 * 3600)
        for (time_t m = after - after % 60 + 60; m < t; m += 60)
            if (amb_cron_matches(c, m))
                abort();
    time_t t2 = 0;
    rc = amb_cron_next(c, t, &t2);
    if (rc == 0 ? t2 <= t : (utc || rc != AMB_ENOTFOUND))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 4096)
        return 0;
    int utc = !(data[0] & 1);
    setenv("TZ", utc ? "UTC" : "Europe/Copenhagen", 1);
    tzset();
    char *expr = malloc(size);
    if (!expr)
        return 0;
    memcpy(expr, data + 1, size - 1);
    expr[size - 1] = '\0';

    amb_cron c;
    amb_error err;
    memset(&err, 0, sizeof err);
    int rc = amb_cron_parse(expr, &c, &err);
    if (rc != 0) {
        if (rc != AMB_ECONFIG)
            abort();
        check_message(&err);
    } else {
        check_bits(&c);
        size_t first = (data[0] >> 1) % (sizeof starts / sizeof starts[0]);
        check_next(&c, starts[first], utc);
        check_next(&c, starts[(first + 1) % (sizeof starts / sizeof starts[0])] + 17, utc);
    }
    free(expr);
    return 0;
}
