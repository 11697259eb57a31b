/*
 * cron.c - parsing cron expressions into bit sets and finding the next
 * local minute they match.
 *
 * The search walks local wall-clock time (year, month, day, hour, minute)
 * with its own calendar arithmetic and converts a candidate to an instant
 * only when every field matches, so a month or a day that cannot match is
 * skipped in one step and mktime() runs once per candidate.  Walking wall
 * time forwards is what gives the daylight saving rules: a wall time that
 * does not exist has no instant and is passed over, and a wall time that
 * exists twice is only ever visited once (its earlier instant is taken;
 * the later one is a repeat and never a candidate).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cron.h"

typedef struct field_spec {
    const char *name;             /* as errors call it */
    int min, max;                 /* allowed values */
    const char *const *names;     /* 3-letter names of min.., or NULL */
    const char *names_hint;       /* "jan-dec" for messages */
} field_spec;

static const char *const month_names[] = {
    "jan", "feb", "mar", "apr", "may", "jun",
    "jul", "aug", "sep", "oct", "nov", "dec",
};
static const char *const day_names[] = {
    "sun", "mon", "tue", "wed", "thu", "fri", "sat",
};

enum { F_MINUTE, F_HOUR, F_MDAY, F_MONTH, F_WDAY, NFIELDS };

static const field_spec fields[NFIELDS] = {
    {"minute", 0, 59, NULL, NULL},
    {"hour", 0, 23, NULL, NULL},
    {"day-of-month", 1, 31, NULL, NULL},
    {"month", 1, 12, month_names, "jan-dec"},
    {"day-of-week", 0, 7, day_names, "sun-sat"},
};

static const struct shorthand {
    const char *name;
    const char *fields;
} shorthands[] = {
    {"@yearly", "0 0 1 1 *"},  {"@annually", "0 0 1 1 *"},
    {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
    {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
    {"@hourly", "0 * * * *"},
};

/* The expression being parsed, for error messages. */
typedef struct parser {
    const char *expr;
    amb_error *err;
} parser;

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_space(char c)
{
    return is_blank(c) || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Copy n bytes of s into out (cap bytes) for a message: bytes outside
 * printable ASCII become '?', and a long text is cut with "...". */
static void show(char *out, size_t cap, const char *s, size_t n)
{
    size_t keep = n, o = 0;
    int cut = 0;
    if (keep > cap - 4) {
        keep = cap - 4;
        cut = 1;
    }
    for (size_t i = 0; i < keep; i++) {
        unsigned char c = (unsigned char)s[i];
        out[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (cut) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* Fill the error with "schedule 'EXPR': " and the message; returns
 * AMB_ECONFIG. */
static int fail(const parser *p, const char *fmt, ...) AMB_PRINTF(2, 3);
static int fail(const parser *p, const char *fmt, ...)
{
    if (p->err) {
        char expr[84];
        show(expr, sizeof expr, p->expr, strlen(p->expr));
        int n = snprintf(p->err->msg, sizeof p->err->msg, "schedule '%s': ",
                         expr);
        if (n > 0 && (size_t)n < sizeof p->err->msg) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(p->err->msg + n, sizeof p->err->msg - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return AMB_ECONFIG;
}

/* Read a number, or a name where the field has names, from *s (before
 * end) into *v and move *s past it.  elem is the whole list element, for
 * messages. */
static int parse_value(const parser *p, const field_spec *f, const char **s,
                       const char *end, const char *elem, size_t elen, int *v)
{
    const char *start = *s;
    char text[40], etext[40];
    show(etext, sizeof etext, elem, elen);
    if (*s < end && is_digit(**s)) {
        long n = 0;
        while (*s < end && is_digit(**s)) {
            if (n < 100000)
                n = n * 10 + (**s - '0');
            (*s)++;
        }
        if (n < f->min || n > f->max) {
            show(text, sizeof text, start, (size_t)(*s - start));
            return fail(p, "%s %s out of range %d-%d", f->name, text, f->min,
                        f->max);
        }
        *v = (int)n;
        return 0;
    }
    if (*s < end && is_alpha(**s)) {
        while (*s < end && is_alpha(**s))
            (*s)++;
        size_t len = (size_t)(*s - start);
        int count = f->max - f->min + 1;
        if (f == &fields[F_WDAY])
            count = 7;   /* 7 is Sunday again, without a name of its own */
        for (int i = 0; f->names && len == 3 && i < count; i++)
            if (lower(start[0]) == f->names[i][0] &&
                lower(start[1]) == f->names[i][1] &&
                lower(start[2]) == f->names[i][2]) {
                *v = f->min + i;
                return 0;
            }
        show(text, sizeof text, start, len);
        if (f->names)
            return fail(p, "%s '%s' is not a number or a name (%s)", f->name,
                        text, f->names_hint);
        return fail(p, "%s '%s' is not a number", f->name, text);
    }
    if (*s >= end)
        return fail(p, "%s '%s': a number is missing", f->name, etext);
    show(text, sizeof text, *s, 1);
    return fail(p, "%s '%s': unexpected '%s'", f->name, etext, text);
}

/* Parse one list element (s..end) of field f and set its values in *bits. */
static int parse_element(const parser *p, const field_spec *f, const char *s,
                         const char *end, uint64_t *bits)
{
    const char *q = s;
    size_t elen = (size_t)(end - s);
    char etext[40], text[40];
    int lo, hi, single = 0, rc;
    long step = 1;
    show(etext, sizeof etext, s, elen);
    if (q < end && *q == '*') {
        lo = f->min;
        hi = f->max;
        q++;
    } else {
        rc = parse_value(p, f, &q, end, s, elen, &lo);
        if (rc)
            return rc;
        if (q < end && *q == '-') {
            q++;
            rc = parse_value(p, f, &q, end, s, elen, &hi);
            if (rc)
                return rc;
        } else {
            hi = lo;
            single = 1;
        }
    }
    if (q < end && *q == '/') {
        if (single)
            return fail(p, "%s '%s': a step needs a range or '*' before "
                        "the '/'", f->name, etext);
        const char *st = ++q;
        step = 0;
        while (q < end && is_digit(*q)) {
            if (step < 100000)
                step = step * 10 + (*q - '0');
            q++;
        }
        if (q == st)
            return fail(p, "%s '%s': the step is not a number", f->name,
                        etext);
        if (step < 1 || step > f->max) {
            show(text, sizeof text, st, (size_t)(q - st));
            return fail(p, "%s step %s out of range 1-%d", f->name, text,
                        f->max);
        }
    }
    if (q < end) {
        show(text, sizeof text, q, 1);
        return fail(p, "%s '%s': unexpected '%s'", f->name, etext, text);
    }
    if (lo > hi) {
        /* "fri-sun" or "5-0": Sunday at the top of a range is 7. */
        if (f == &fields[F_WDAY] && hi == 0)
            hi = 7;
        else
            return fail(p, "%s range '%s' goes backwards", f->name, etext);
    }
    for (long v = lo; v <= hi; v += step)
        *bits |= (uint64_t)1 << (f == &fields[F_WDAY] && v == 7 ? 0 : v);
    return 0;
}

/* Parse field number idx (s..end, non-empty) into *bits: a comma
 * separated list of elements, none of them empty. */
static int parse_field(const parser *p, int idx, const char *s,
                       const char *end, uint64_t *bits)
{
    const field_spec *f = &fields[idx];
    *bits = 0;
    for (;;) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *e = comma ? comma : end;
        if (e == s)
            return fail(p, "%s has an empty list element", f->name);
        int rc = parse_element(p, f, s, e, bits);
        if (rc || !comma)
            return rc;
        s = comma + 1;
    }
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Can a day ever match?  With the OR rule any weekday in any month will;
 * with the AND rule some allowed month must have an allowed day (every
 * date occurs on every weekday within a 400-year cycle). */
static int days_possible(const amb_cron *c)
{
    if (!c->mday_star && !c->wday_star)
        return 1;
    for (int m = 1; m <= 12; m++)
        if (c->months >> m & 1)
            for (int d = 1; d <= (m == 2 ? 29 : month_days(2001, m)); d++)
                if (c->mdays >> d & 1)
                    return 1;
    return 0;
}

/* Split the (trimmed) text into fields and parse them into *c. */
static int parse_fields(const parser *p, const char *s, const char *end,
                        amb_cron *c)
{
    const char *fs[NFIELDS], *fe[NFIELDS];
    int n = 0;
    while (s < end) {
        while (s < end && is_blank(*s))
            s++;
        if (s == end)
            break;
        const char *e = s;
        while (e < end && !is_blank(*e))
            e++;
        if (n < NFIELDS) {
            fs[n] = s;
            fe[n] = e;
        }
        n++;
        s = e;
    }
    if (n != NFIELDS)
        return fail(p, "expected 5 fields (minute hour day-of-month month "
                    "day-of-week), found %d", n);
    uint64_t bits[NFIELDS];
    for (int i = 0; i < NFIELDS; i++) {
        int rc = parse_field(p, i, fs[i], fe[i], &bits[i]);
        if (rc)
            return rc;
    }
    c->minutes = bits[F_MINUTE];
    c->hours = (uint32_t)bits[F_HOUR];
    c->mdays = (uint32_t)bits[F_MDAY];
    c->months = (uint16_t)bits[F_MONTH];
    c->wdays = (uint8_t)bits[F_WDAY];
    c->mday_star = *fs[F_MDAY] == '*';
    c->wday_star = *fs[F_WDAY] == '*';
    if (!days_possible(c)) {
        char dt[40], mt[40];
        show(dt, sizeof dt, fs[F_MDAY], (size_t)(fe[F_MDAY] - fs[F_MDAY]));
        show(mt, sizeof mt, fs[F_MONTH], (size_t)(fe[F_MONTH] - fs[F_MONTH]));
        return fail(p, "never fires: day-of-month %s does not occur in "
                    "month %s", dt, mt);
    }
    return 0;
}

int amb_cron_parse(const char *expr, amb_cron *out, amb_error *err)
{
    if (err)
        err->msg[0] = '\0';
    parser p = {expr ? expr : "", err};
    const char *s = p.expr;
    const char *end = s + strlen(s);
    while (s < end && is_space(*s))
        s++;
    while (end > s && is_space(end[-1]))
        end--;
    amb_cron c;
    memset(&c, 0, sizeof c);
    if (s < end && *s == '@') {
        size_t n = (size_t)(end - s);
        for (size_t i = 0; i < sizeof shorthands / sizeof shorthands[0]; i++) {
            const char *name = shorthands[i].name;
            size_t k = 0;
            while (k < n && name[k] && lower(s[k]) == name[k])
                k++;
            if (k == n && name[k] == '\0') {
                const char *f = shorthands[i].fields;
                int rc = parse_fields(&p, f, f + strlen(f), &c);
                if (rc == 0)
                    *out = c;
                return rc;
            }
        }
        return fail(&p, "unknown shorthand (@yearly, @monthly, @weekly, "
                    "@daily and @hourly are known; @reboot is not a time)");
    }
    int rc = parse_fields(&p, s, end, &c);
    if (rc == 0)
        *out = c;
    return rc;
}

/* ------------------------------------------------------------------ */
/* Finding the next match. */

/* A local wall-clock minute. */
typedef struct wall {
    long y;
    int mon, d, h, min;
} wall;

/* 0 = Sunday, for the proleptic Gregorian calendar (y >= 1). */
static int weekday(long y, int m, int d)
{
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y--;
    return (int)((y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7);
}

static int day_matches(const amb_cron *c, long y, int m, int d)
{
    int dom = (int)(c->mdays >> d & 1);
    int dow = c->wdays >> weekday(y, m, d) & 1;
    if (c->mday_star || c->wday_star)
        return dom && dow;
    return dom || dow;
}

static void next_month(wall *w)
{
    w->d = 1;
    w->h = 0;
    w->min = 0;
    if (++w->mon > 12) {
        w->mon = 1;
        w->y++;
    }
}

static void next_day(wall *w)
{
    if (++w->d > month_days(w->y, w->mon)) {
        next_month(w);
        return;
    }
    w->h = 0;
    w->min = 0;
}

static void next_hour(wall *w)
{
    if (++w->h > 23) {
        next_day(w);
        return;
    }
    w->min = 0;
}

static void next_minute(wall *w)
{
    if (++w->min > 59)
        next_hour(w);
}

/* The local wall time of t; 0 on success, -1 outside years 1..1000000. */
static int to_wall(time_t t, wall *w)
{
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return -1;
    long y = (long)tm.tm_year + 1900;
    if (y < 1 || y > 1000000)
        return -1;
    *w = (wall){y, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min};
    return 0;
}

/* The earliest instant whose local time is w, trying mktime() with each
 * DST hint and keeping only answers that convert back to w.  Returns 0,
 * or -1 when w does not exist (skipped by a DST change). */
static int first_instant(const wall *w, time_t *out)
{
    static const int hints[] = {-1, 0, 1};
    int found = 0;
    time_t best = 0;
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        tm.tm_year = (int)(w->y - 1900);
        tm.tm_mon = w->mon - 1;
        tm.tm_mday = w->d;
        tm.tm_hour = w->h;
        tm.tm_min = w->min;
        tm.tm_isdst = hints[i];
        time_t t = mktime(&tm);
        wall back;
        if (t == (time_t)-1 || to_wall(t, &back) != 0)
            continue;
        if (back.y != w->y || back.mon != w->mon || back.d != w->d ||
            back.h != w->h || back.min != w->min)
            continue;
        if (!found || t < best)
            best = t;
        found = 1;
    }
    if (!found)
        return -1;
    *out = best;
    return 0;
}

int amb_cron_next(const amb_cron *c, time_t after, time_t *out)
{
    wall w;
    if (to_wall(after, &w) != 0)
        return AMB_EUSAGE;
    long last_year = w.y + 400;
    next_minute(&w);
    while (w.y <= last_year) {
        if (!(c->months >> w.mon & 1)) {
            next_month(&w);
        } else if (!day_matches(c, w.y, w.mon, w.d)) {
            next_day(&w);
        } else if (!(c->hours >> w.h & 1)) {
            next_hour(&w);
        } else if (!(c->minutes >> w.min & 1)) {
            next_minute(&w);
        } else {
            time_t t;
            if (first_instant(&w, &t) == 0 && t > after) {
                *out = t;
                return 0;
            }
            next_minute(&w);
        }
    }
    return AMB_ENOTFOUND;
}

int amb_cron_matches(const amb_cron *c, time_t t)
{
    wall w;
    if (to_wall(t, &w) != 0)
        return 0;
    return (c->months >> w.mon & 1) && day_matches(c, w.y, w.mon, w.d) &&
           (c->hours >> w.h & 1) && (c->minutes >> w.min & 1);
}
