/*
 * test_cron.c - cron expressions: parsing (every field, names, steps,
 * shorthands, every kind of error with its exact message) and the next
 * matching time, hand-computed in UTC (month ends, leap years, Sunday as 0
 * and 7, the day-of-month/day-of-week OR rule, steps, names) and across
 * both daylight saving changes in Europe/Copenhagen; plus a minute-by-
 * minute oracle for frequent schedules.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cron.h"
#include "testutil.h"

static void set_tz(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

/* "YYYY-MM-DDTHH:MM:SSZ" as a time_t (the test's own parser). */
static time_t utc(const char *iso)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (sscanf(iso, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon,
               &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        abort();
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

static void iso(time_t t, char out[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

typedef struct next_case {
    const char *expr;
    const char *after;
    const char *want;
} next_case;

/* Check every case; a mismatch prints the case. */
static void check_next(const next_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        amb_cron c;
        amb_error err;
        int rc = amb_cron_parse(cases[i].expr, &c, &err);
        if (rc != 0) {
            fprintf(stderr, "\n  parse '%s': %s\n", cases[i].expr, err.msg);
            CU_FAIL("a schedule did not parse");
            continue;
        }
        time_t got = 0;
        rc = amb_cron_next(&c, utc(cases[i].after), &got);
        char gs[32] = "(none)";
        if (rc == 0)
            iso(got, gs);
        if (rc != 0 || got != utc(cases[i].want)) {
            fprintf(stderr, "\n  '%s' after %s: got %s (rc %d), want %s\n",
                    cases[i].expr, cases[i].after, gs, rc, cases[i].want);
            CU_FAIL("wrong next time");
        } else {
            CU_PASS("next time");
        }
        if (rc == 0)
            CU_ASSERT(amb_cron_matches(&c, got));
    }
}

static void test_next_utc(void)
{
    static const next_case cases[] = {
        /* every minute, from whole and part minutes, across a year */
        {"* * * * *", "2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z"},
        {"* * * * *", "2024-01-01T00:00:30Z", "2024-01-01T00:01:00Z"},
        {"* * * * *", "2023-12-31T23:59:59Z", "2024-01-01T00:00:00Z"},
        /* steps */
        {"*/15 * * * *", "2024-06-07T10:07:00Z", "2024-06-07T10:15:00Z"},
        {"*/15 * * * *", "2024-06-07T10:45:00Z", "2024-06-07T11:00:00Z"},
        {"*/15 * * * *", "2024-06-07T23:59:00Z", "2024-06-08T00:00:00Z"},
        {"1-30/5 * * * *", "2024-06-07T10:02:00Z", "2024-06-07T10:06:00Z"},
        {"1-30/5 * * * *", "2024-06-07T10:26:00Z", "2024-06-07T11:01:00Z"},
        {"0 */6 * * *", "2024-06-07T13:00:00Z", "2024-06-07T18:00:00Z"},
        {"0,30 8-10,17 * * *", "2024-06-07T10:30:00Z", "2024-06-07T17:00:00Z"},
        {"0,30 8-10,17 * * *", "2024-06-07T17:30:00Z", "2024-06-08T08:00:00Z"},
        /* month ends */
        {"0 0 31 * *", "2024-04-15T00:00:00Z", "2024-05-31T00:00:00Z"},
        {"0 0 31 * *", "2024-05-31T00:00:00Z", "2024-07-31T00:00:00Z"},
        {"0 0 30 * *", "2024-01-30T00:00:00Z", "2024-03-30T00:00:00Z"},
        {"59 23 31 12 *", "2024-12-31T23:59:00Z", "2025-12-31T23:59:00Z"},
        {"0 0 1 3 *", "2024-02-29T12:00:00Z", "2024-03-01T00:00:00Z"},
        /* leap years: 2100 is not one, so 2096 is followed by 2104 */
        {"0 0 * * *", "2024-02-28T12:00:00Z", "2024-02-29T00:00:00Z"},
        {"0 0 * * *", "2023-02-28T12:00:00Z", "2023-03-01T00:00:00Z"},
        {"0 0 29 2 *", "2023-03-01T00:00:00Z", "2024-02-29T00:00:00Z"},
        {"0 0 29 2 *", "2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z"},
        {"0 0 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z"},
        /* Feb 29 AND Sunday ('*' day-of-week): 40 years apart here */
        {"0 0 29 2 */7", "2089-01-01T00:00:00Z", "2128-02-29T00:00:00Z"},
        /* Sunday as 0, 7 and sun (2024-06-05 is a Wednesday) */
        {"0 12 * * 0", "2024-06-05T00:00:00Z", "2024-06-09T12:00:00Z"},
        {"0 12 * * 7", "2024-06-05T00:00:00Z", "2024-06-09T12:00:00Z"},
        {"0 12 * * sun", "2024-06-05T00:00:00Z", "2024-06-09T12:00:00Z"},
        {"0 12 * * SUN", "2024-06-05T00:00:00Z", "2024-06-09T12:00:00Z"},
        /* weekday ranges, with names in any case and Sunday at the top */
        {"0 9 * * 1-5", "2024-06-07T10:00:00Z", "2024-06-10T09:00:00Z"},
        {"0 9 * * mon-fri", "2024-06-07T10:00:00Z", "2024-06-10T09:00:00Z"},
        {"0 9 * * Mon-FRI", "2024-06-07T10:00:00Z", "2024-06-10T09:00:00Z"},
        {"0 0 * * fri-sun", "2024-06-03T00:00:00Z", "2024-06-07T00:00:00Z"},
        {"0 0 * * 5-7", "2024-06-07T00:00:00Z", "2024-06-08T00:00:00Z"},
        {"0 0 * * 5-0", "2024-06-08T00:00:00Z", "2024-06-09T00:00:00Z"},
        {"0 0 * * sat-sun", "2024-06-09T00:00:00Z", "2024-06-15T00:00:00Z"},
        {"0 0 * * 1,3,5", "2024-06-07T00:00:00Z", "2024-06-10T00:00:00Z"},
        /* both restricted: either matches (crontab(5)'s example) */
        {"30 4 1,15 * 5", "2024-06-01T05:00:00Z", "2024-06-07T04:30:00Z"},
        {"30 4 1,15 * 5", "2024-06-07T04:30:00Z", "2024-06-14T04:30:00Z"},
        {"30 4 1,15 * 5", "2024-06-14T04:30:00Z", "2024-06-15T04:30:00Z"},
        {"30 4 1,15 * 5", "2024-06-15T04:30:00Z", "2024-06-21T04:30:00Z"},
        {"0 0 1 * mon", "2024-01-02T00:00:00Z", "2024-01-08T00:00:00Z"},
        {"0 0 13 * fri", "2024-06-08T00:00:00Z", "2024-06-13T00:00:00Z"},
        {"0 0 30 2 mon", "2024-01-31T00:00:00Z", "2024-02-05T00:00:00Z"},
        /* a field starting with '*' is not a restriction: both must match */
        {"0 0 */10 * 1", "2024-01-01T00:00:00Z", "2024-03-11T00:00:00Z"},
        {"0 0 * * 1", "2024-06-07T00:00:00Z", "2024-06-10T00:00:00Z"},
        {"0 0 1 * *", "2024-06-07T00:00:00Z", "2024-07-01T00:00:00Z"},
        /* month names */
        {"0 0 1 jan,jul *", "2024-02-01T00:00:00Z", "2024-07-01T00:00:00Z"},
        {"0 0 1 JUN-aug/2 *", "2024-06-01T00:00:00Z", "2024-08-01T00:00:00Z"},
        {"0 0 1 Dec *", "2024-12-01T00:00:00Z", "2025-12-01T00:00:00Z"},
        /* shorthands (2024-06-07 is a Friday) */
        {"@hourly", "2024-06-07T10:00:00Z", "2024-06-07T11:00:00Z"},
        {"@daily", "2024-06-07T10:00:00Z", "2024-06-08T00:00:00Z"},
        {"@midnight", "2024-06-07T10:00:00Z", "2024-06-08T00:00:00Z"},
        {"@weekly", "2024-06-07T10:00:00Z", "2024-06-09T00:00:00Z"},
        {"@monthly", "2024-06-07T10:00:00Z", "2024-07-01T00:00:00Z"},
        {"@yearly", "2024-06-07T10:00:00Z", "2025-01-01T00:00:00Z"},
        {"@ANNUALLY", "2024-06-07T10:00:00Z", "2025-01-01T00:00:00Z"},
        /* blanks and leading zeros */
        {"  0\t6  * *   1 ", "2024-06-07T10:00:00Z", "2024-06-10T06:00:00Z"},
        {"00 06 01 01 *", "2024-06-07T10:00:00Z", "2025-01-01T06:00:00Z"},
    };
    set_tz("UTC");
    check_next(cases, sizeof cases / sizeof cases[0]);
}

/* Europe/Copenhagen: summer time starts 2024-03-31 at 02:00 CET (01:00Z,
 * the clock jumps to 03:00) and ends 2024-10-27 at 03:00 CEST (01:00Z, the
 * clock goes back to 02:00). */
static void test_next_dst(void)
{
    static const next_case cases[] = {
        /* 02:30 does not exist on 31 March: that day is skipped */
        {"30 2 * * *", "2024-03-30T01:30:00Z", "2024-04-01T00:30:00Z"},
        {"0 * * * *", "2024-03-31T00:30:00Z", "2024-03-31T01:00:00Z"},
        {"* * * * *", "2024-03-31T00:59:00Z", "2024-03-31T01:00:00Z"},
        {"0 3 * * *", "2024-03-30T12:00:00Z", "2024-03-31T01:00:00Z"},
        {"0 12 * * *", "2024-03-30T12:00:00Z", "2024-03-31T10:00:00Z"},
        /* 02:30 happens twice on 27 October: only the first (CEST) runs */
        {"30 2 * * *", "2024-10-26T00:30:00Z", "2024-10-27T00:30:00Z"},
        {"30 2 * * *", "2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z"},
        {"*/30 * * * *", "2024-10-27T00:30:00Z", "2024-10-27T02:00:00Z"},
        {"0 12 * * *", "2024-10-26T10:00:00Z", "2024-10-27T11:00:00Z"},
        /* from inside the repeated hour (second pass), on to 03:00 CET */
        {"*/15 * * * *", "2024-10-27T01:20:00Z", "2024-10-27T02:00:00Z"},
    };
    set_tz("Europe/Copenhagen");
    check_next(cases, sizeof cases / sizeof cases[0]);

    /* 02:30 on 31 March that is a Sunday is always the switch: never. */
    amb_cron c;
    CU_ASSERT_EQUAL_FATAL(amb_cron_parse("30 2 31 3 */7", &c, NULL), 0);
    time_t t;
    CU_ASSERT_EQUAL(amb_cron_next(&c, utc("2024-01-01T00:00:00Z"), &t),
                    AMB_ENOTFOUND);
    set_tz("UTC");
}

typedef struct bad_case {
    const char *expr;
    const char *msg;
} bad_case;

static void test_parse_errors(void)
{
    static const bad_case cases[] = {
        {"0 25 * * *", "schedule '0 25 * * *': hour 25 out of range 0-23"},
        {"60 * * * *", "schedule '60 * * * *': minute 60 out of range 0-59"},
        {"* * 0 * *", "schedule '* * 0 * *': day-of-month 0 out of range 1-31"},
        {"* * 32 * *", "schedule '* * 32 * *': day-of-month 32 out of range 1-31"},
        {"* * * 13 *", "schedule '* * * 13 *': month 13 out of range 1-12"},
        {"* * * 0 *", "schedule '* * * 0 *': month 0 out of range 1-12"},
        {"* * * * 8", "schedule '* * * * 8': day-of-week 8 out of range 0-7"},
        {"* * * *", "schedule '* * * *': expected 5 fields (minute hour "
                    "day-of-month month day-of-week), found 4"},
        {"* * * * * *", "schedule '* * * * * *': expected 5 fields (minute "
                        "hour day-of-month month day-of-week), found 6"},
        {"", "schedule '': expected 5 fields (minute hour day-of-month month "
             "day-of-week), found 0"},
        {" \t ", "schedule ' ? ': expected 5 fields (minute hour day-of-month "
                 "month day-of-week), found 0"},
        {"*/0 * * * *", "schedule '*/0 * * * *': minute step 0 out of range 1-59"},
        {"*/60 * * * *", "schedule '*/60 * * * *': minute step 60 out of range 1-59"},
        {"5/10 * * * *", "schedule '5/10 * * * *': minute '5/10': a step needs "
                         "a range or '*' before the '/'"},
        {"1-5/ * * * *", "schedule '1-5/ * * * *': minute '1-5/': the step is "
                         "not a number"},
        {"10-5 * * * *", "schedule '10-5 * * * *': minute range '10-5' goes "
                         "backwards"},
        {"* * * dec-jan *", "schedule '* * * dec-jan *': month range 'dec-jan' "
                            "goes backwards"},
        {"* * * foo *", "schedule '* * * foo *': month 'foo' is not a number or "
                        "a name (jan-dec)"},
        {"* * * * monday", "schedule '* * * * monday': day-of-week 'monday' is "
                           "not a number or a name (sun-sat)"},
        {"* * * * mon-", "schedule '* * * * mon-': day-of-week 'mon-': a number "
                         "is missing"},
        {"mon * * * *", "schedule 'mon * * * *': minute 'mon' is not a number"},
        {"1,,2 * * * *", "schedule '1,,2 * * * *': minute has an empty list "
                         "element"},
        {"1, * * * *", "schedule '1, * * * *': minute has an empty list element"},
        {",1 * * * *", "schedule ',1 * * * *': minute has an empty list element"},
        {"L * * * *", "schedule 'L * * * *': minute 'L' is not a number"},
        {"* * ? * *", "schedule '* * ? * *': day-of-month '?': unexpected '?'"},
        {"* * * * 1#2", "schedule '* * * * 1#2': day-of-week '1#2': unexpected "
                        "'#'"},
        {"*5 * * * *", "schedule '*5 * * * *': minute '*5': unexpected '5'"},
        {"-1 * * * *", "schedule '-1 * * * *': minute '-1': unexpected '-'"},
        {"99999999999999999999 * * * *",
         "schedule '99999999999999999999 * * * *': minute 99999999999999999999 "
         "out of range 0-59"},
        {"0 0 * * mon\n1", "schedule '0 0 * * mon?1': day-of-week 'mon?1': "
                           "unexpected '?'"},
        {"0 0 30 2 *", "schedule '0 0 30 2 *': never fires: day-of-month 30 "
                       "does not occur in month 2"},
        {"0 0 31 4,6,9,11 *", "schedule '0 0 31 4,6,9,11 *': never fires: "
                              "day-of-month 31 does not occur in month "
                              "4,6,9,11"},
        {"0 0 30,31 feb */7", "schedule '0 0 30,31 feb */7': never fires: "
                              "day-of-month 30,31 does not occur in month feb"},
        {"@reboot", "schedule '@reboot': unknown shorthand (@yearly, @monthly, "
                    "@weekly, @daily and @hourly are known; @reboot is not a "
                    "time)"},
        {"@daily 5", "schedule '@daily 5': unknown shorthand (@yearly, "
                     "@monthly, @weekly, @daily and @hourly are known; "
                     "@reboot is not a time)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        amb_cron c;
        amb_error err;
        memset(&err, 0, sizeof err);
        int rc = amb_cron_parse(cases[i].expr, &c, &err);
        CU_ASSERT_EQUAL(rc, AMB_ECONFIG);
        if (strcmp(err.msg, cases[i].msg) != 0) {
            fprintf(stderr, "\n  got:  %s\n  want: %s\n", err.msg, cases[i].msg);
            CU_FAIL("wrong error message");
        }
        /* without an error buffer too */
        CU_ASSERT_EQUAL(amb_cron_parse(cases[i].expr, &c, NULL), AMB_ECONFIG);
    }
    amb_error err;
    CU_ASSERT_EQUAL(amb_cron_parse(NULL, NULL, &err), AMB_ECONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "found 0"));
    /* a long expression is cut in the message */
    char longx[300];
    memset(longx, '1', sizeof longx - 1);
    longx[sizeof longx - 1] = '\0';
    CU_ASSERT_EQUAL(amb_cron_parse(longx, NULL, &err), AMB_ECONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "...': "));
    CU_ASSERT(strlen(err.msg) < 300);
}

static void test_parse_bits(void)
{
    amb_cron c;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_cron_parse("*/15 0 1,15 jan-mar sun,7", &c, &err), 0);
    CU_ASSERT_EQUAL(c.minutes, (1ULL << 0) | (1ULL << 15) | (1ULL << 30) | (1ULL << 45));
    CU_ASSERT_EQUAL(c.hours, 1u);
    CU_ASSERT_EQUAL(c.mdays, (1u << 1) | (1u << 15));
    CU_ASSERT_EQUAL(c.months, 0xEu);
    CU_ASSERT_EQUAL(c.wdays, 1u);
    CU_ASSERT_FALSE(c.mday_star);
    CU_ASSERT_FALSE(c.wday_star);

    CU_ASSERT_EQUAL_FATAL(amb_cron_parse("* * * * *", &c, &err), 0);
    CU_ASSERT_EQUAL(c.minutes, (1ULL << 60) - 1);
    CU_ASSERT_EQUAL(c.hours, (1u << 24) - 1);
    CU_ASSERT_EQUAL(c.mdays, 0xFFFFFFFEu);
    CU_ASSERT_EQUAL(c.months, 0x1FFEu);
    CU_ASSERT_EQUAL(c.wdays, 0x7Fu);
    CU_ASSERT_TRUE(c.mday_star);
    CU_ASSERT_TRUE(c.wday_star);

    /* the shorthand is its five fields */
    amb_cron d;
    CU_ASSERT_EQUAL_FATAL(amb_cron_parse("@weekly", &c, &err), 0);
    CU_ASSERT_EQUAL_FATAL(amb_cron_parse("0 0 * * 0", &d, &err), 0);
    CU_ASSERT_EQUAL(memcmp(&c, &d, sizeof c), 0);
    /* a step of 7 over day-of-week is Sunday (0 and 7), still a '*' field */
    CU_ASSERT_EQUAL_FATAL(amb_cron_parse("0 0 1 * */7", &c, &err), 0);
    CU_ASSERT_EQUAL(c.wdays, 1u);
    CU_ASSERT_TRUE(c.wday_star);
    /* a failed parse leaves the output alone */
    amb_cron before = c;
    CU_ASSERT_EQUAL(amb_cron_parse("0 25 * * *", &c, &err), AMB_ECONFIG);
    CU_ASSERT_EQUAL(memcmp(&c, &before, sizeof c), 0);
}

static void test_next_limits(void)
{
    set_tz("UTC");
    /* Built by hand (the parser refuses it): 30 February. */
    amb_cron c;
    memset(&c, 0, sizeof c);
    c.minutes = 1;
    c.hours = 1;
    c.mdays = 1u << 30;
    c.months = 1u << 2;
    c.wdays = 0x7F;
    c.mday_star = 0;
    c.wday_star = 1;
    time_t t = 0;
    CU_ASSERT_EQUAL(amb_cron_next(&c, utc("2024-01-01T00:00:00Z"), &t),
                    AMB_ENOTFOUND);
    CU_ASSERT_EQUAL(t, 0);
    /* times outside years 1..1000000 */
    CU_ASSERT_EQUAL_FATAL(amb_cron_parse("* * * * *", &c, NULL), 0);
    CU_ASSERT_EQUAL(amb_cron_next(&c, (time_t)INT64_MAX, &t), AMB_EUSAGE);
    CU_ASSERT_EQUAL(amb_cron_next(&c, (time_t)-70000000000LL, &t), AMB_EUSAGE);
    CU_ASSERT_FALSE(amb_cron_matches(&c, (time_t)INT64_MAX));
    /* matches looks at the minute, not the second */
    CU_ASSERT_EQUAL_FATAL(amb_cron_parse("30 6 * * 1", &c, NULL), 0);
    CU_ASSERT_TRUE(amb_cron_matches(&c, utc("2024-06-10T06:30:59Z")));
    CU_ASSERT_FALSE(amb_cron_matches(&c, utc("2024-06-10T06:31:00Z")));
    CU_ASSERT_FALSE(amb_cron_matches(&c, utc("2024-06-11T06:30:00Z")));
}

/* Does minute t match, computed directly from the bits and crontab(5)'s
 * day rule: the oracle for test_next_oracle. */
static int oracle_matches(const amb_cron *c, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    int dom = (int)(c->mdays >> tm.tm_mday & 1);
    int dow = c->wdays >> tm.tm_wday & 1;
    int day = (c->mday_star || c->wday_star) ? dom && dow : dom || dow;
    return day && (c->months >> (tm.tm_mon + 1) & 1) &&
           (c->hours >> tm.tm_hour & 1) && (c->minutes >> tm.tm_min & 1);
}

static void test_next_oracle(void)
{
    static const char *const exprs[] = {
        "* * * * *", "*/7 * * * *", "5-10,50 */5 * * *", "0 0 * * *",
        "17 3 * * 2", "0 12 1-7 * 1", "0 12 */3 * 1", "59 23 * * 6,0",
        "0 0,12 31 * *", "30 1-3 * * mon-fri", "*/20 9-17 * * 1-5",
        "0 0 * 1-6,8-12 sun", "45 * 28-31 * *", "0 5 1,15 * 3",
    };
    static const char *const starts[] = {
        "2024-02-27T22:13:00Z", "2023-12-31T23:59:00Z", "2024-06-30T11:59:59Z",
        "2025-02-28T00:00:00Z", "2024-03-31T00:45:10Z",
    };
    set_tz("UTC");
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        amb_cron c;
        CU_ASSERT_EQUAL_FATAL(amb_cron_parse(exprs[i], &c, NULL), 0);
        for (size_t j = 0; j < sizeof starts / sizeof starts[0]; j++) {
            time_t after = utc(starts[j]), want = 0, got = 0;
            /* scan every minute for up to 40 days */
            for (time_t t = after - after % 60 + 60; t < after + 40 * 86400; t += 60)
                if (oracle_matches(&c, t)) {
                    want = t;
                    break;
                }
            CU_ASSERT_NOT_EQUAL(want, 0);
            CU_ASSERT_EQUAL(amb_cron_next(&c, after, &got), 0);
            if (got != want) {
                fprintf(stderr, "\n  oracle: '%s' after %s: %lld vs %lld\n",
                        exprs[i], starts[j], (long long)got, (long long)want);
                CU_FAIL("next differs from the minute-by-minute scan");
            }
        }
    }
}

int main(void)
{
    AMB_TEST_SUITE("cron_parse",
                   {"errors and their messages", test_parse_errors},
                   {"fields into bits", test_parse_bits});
    AMB_TEST_SUITE("cron_next",
                   {"hand-computed cases in UTC", test_next_utc},
                   {"daylight saving in Copenhagen", test_next_dst},
                   {"impossible and out-of-range times", test_next_limits},
                   {"minute-by-minute oracle", test_next_oracle});
    return amb_test_run();
}
