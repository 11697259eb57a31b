/*
 * xf_value.c - field types: white-space normalised text, whole and decimal
 * numbers in Danish and English notation, dates (ISO 8601, RFC 822, Danish
 * day-first), and the education levels.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xmlfeed.h"

/* ------------------------------------------------------------ text */

/* Length of the white space at s: ASCII blanks, or NBSP (C2 A0). */
static size_t space_at(const unsigned char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' ||
        *s == '\v')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    return 0;
}

char *xf_text_norm(const char *s, int *oom)
{
    *oom = 0;
    if (!s)
        return NULL;
    char *out = malloc(strlen(s) + 1);
    if (!out) {
        *oom = 1;
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    int pending = 0;
    while (*p) {
        size_t w = space_at(p);
        if (w) {
            pending = n > 0;
            p += w;
            continue;
        }
        if (pending)
            out[n++] = ' ';
        pending = 0;
        out[n++] = (char)*p++;
    }
    out[n] = '\0';
    if (n == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* ------------------------------------------------------------ numbers */

/* Digits at s grouped in threes by sep after a first group of 1-3 digits
 * ("1.234.567"), or plain digits when sep is 0.  Appends the digits to
 * *acc and returns the bytes consumed (0 when there is no digit). */
static size_t digits(const char *s, char sep, double *acc, int *groups)
{
    size_t i = 0, lead = 0;
    *groups = 0;
    while (s[i] >= '0' && s[i] <= '9') {
        *acc = *acc * 10 + (s[i] - '0');
        i++;
        lead++;
    }
    if (!lead || !sep)
        return i;
    size_t w = sep == (char)0xA0 ? 2 : 1;
    while (lead <= 3 || *groups > 0) {
        const char *g = s + i;
        int is_sep = w == 2 ? ((unsigned char)g[0] == 0xC2 &&
                               (unsigned char)g[1] == 0xA0)
                            : g[0] == sep;
        if (!is_sep)
            break;
        g += w;
        if (!(g[0] >= '0' && g[0] <= '9' && g[1] >= '0' && g[1] <= '9' &&
              g[2] >= '0' && g[2] <= '9') ||
            (g[3] >= '0' && g[3] <= '9'))
            break;
        for (int k = 0; k < 3; k++)
            *acc = *acc * 10 + (g[k] - '0');
        i += w + 3;
        (*groups)++;
    }
    return i;
}

/* Trimmed bounds of s: *b .. *e. */
static void trimmed(const char *s, const char **b, const char **e)
{
    while (*s && space_at((const unsigned char *)s))
        s += space_at((const unsigned char *)s);
    const char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
                       end[-1] == '\n' || end[-1] == '\r'))
        end--;
    *b = s;
    *e = end;
}

int xf_parse_integer(const char *s, double *out)
{
    const char *p, *end;
    trimmed(s, &p, &end);
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+'))
        neg = *p++ == '-';
    static const char seps[] = {'.', ' ', (char)0xA0, 0};
    for (size_t k = 0; k < sizeof seps; k++) {
        double v = 0;
        int groups;
        size_t n = digits(p, seps[k], &v, &groups);
        if (n && p + n == end && (groups > 0 || seps[k] == 0) &&
            v <= 9007199254740992.0) {
            *out = neg ? -v : v;
            return 0;
        }
    }
    return -1;
}

/* Parse [sign] int-part [dec frac] with thousands separator th (0: none)
 * over exactly [p, end).  The digits are gathered into an integer mantissa
 * and divided by a power of ten once, so "0.3" is the double nearest 0.3
 * (no locale-dependent strtod). */
static int decimal_with(const char *p, const char *end, char dec, char th,
                        double *out)
{
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+'))
        neg = *p++ == '-';
    double v = 0;
    int groups;
    size_t n = digits(p, th, &v, &groups);
    p += n;
    int any = n > 0, frac = 0;
    if (p < end && *p == dec) {
        p++;
        while (p < end && *p >= '0' && *p <= '9') {
            v = v * 10 + (*p++ - '0');
            frac++;
        }
        if (!frac)
            return -1;          /* "12," has no fraction */
        any = 1;
    }
    if (!any || p != end || v > 9007199254740992.0 || frac > 22)
        return -1;
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                   1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                                   1e18, 1e19, 1e20, 1e21, 1e22};
    v /= pow10[frac];
    *out = neg ? -v : v;
    return 0;
}

int xf_parse_decimal(const char *s, char decimal, double *out)
{
    const char *p, *end;
    trimmed(s, &p, &end);
    if (p == end)
        return -1;
    if (decimal == ',')
        return decimal_with(p, end, ',', '.', out) == 0 ||
                       decimal_with(p, end, ',', ' ', out) == 0
                   ? 0 : -1;
    if (decimal == '.')
        return decimal_with(p, end, '.', ',', out) == 0 ||
                       decimal_with(p, end, '.', ' ', out) == 0
                   ? 0 : -1;
    const char *dot = memchr(p, '.', (size_t)(end - p));
    const char *comma = memchr(p, ',', (size_t)(end - p));
    if (dot && comma) {
        const char *last_dot = dot, *last_comma = comma;
        for (const char *c = p; c < end; c++) {
            if (*c == '.')
                last_dot = c;
            if (*c == ',')
                last_comma = c;
        }
        return last_comma > last_dot ? decimal_with(p, end, ',', '.', out)
                                     : decimal_with(p, end, '.', ',', out);
    }
    if (comma)
        return decimal_with(p, end, ',', ' ', out);
    if (dot && memchr(dot + 1, '.', (size_t)(end - dot - 1)))
        return decimal_with(p, end, ',', '.', out);
    return decimal_with(p, end, '.', ' ', out);
}

/* ------------------------------------------------------------ dates */

static const char *const months_en[] = {"jan", "feb", "mar", "apr", "may",
                                        "jun", "jul", "aug", "sep", "oct",
                                        "nov", "dec"};
static const char *const months_en_full[] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"};
static const char *const months_da[] = {
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
    "september", "oktober", "november", "december"};

static int days_in(int year, int month)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : d[month - 1];
}

/* n digits at *s into *v (advancing); 0 or -1. */
static int num(const char **s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*s)[i];
        if (c < '0' || c > '9')
            return -1;
        *v = *v * 10 + (c - '0');
    }
    *s += n;
    return 0;
}

/* 1 or 2 digits at *s. */
static int num12(const char **s, int *v)
{
    if ((*s)[0] < '0' || (*s)[0] > '9')
        return -1;
    int n = ((*s)[1] >= '0' && (*s)[1] <= '9') ? 2 : 1;
    return num(s, n, v);
}

/* Check y-m-d (year 1000-9999, a real day) and fill d with it and its
 * ISO text; 0, or -1 with the reason in *why. */
static int set_date(xf_date *d, int y, int m, int day, const char **why)
{
    if (y < 1000 || y > 9999) {
        *why = "the year is out of range";
        return -1;
    }
    if (m < 1 || m > 12) {
        *why = "there is no such month";
        return -1;
    }
    if (day < 1 || day > days_in(y, m)) {
        *why = "there is no such day in that month";
        return -1;
    }
    d->year = y;
    d->month = m;
    d->day = day;
    d->iso[0] = (char)('0' + y / 1000);
    d->iso[1] = (char)('0' + y / 100 % 10);
    d->iso[2] = (char)('0' + y / 10 % 10);
    d->iso[3] = (char)('0' + y % 10);
    d->iso[4] = '-';
    d->iso[5] = (char)('0' + m / 10);
    d->iso[6] = (char)('0' + m % 10);
    d->iso[7] = '-';
    d->iso[8] = (char)('0' + day / 10);
    d->iso[9] = (char)('0' + day % 10);
    d->iso[10] = '\0';
    return 0;
}

/* hh:mm[:ss[.fff]] at *s; 0 or -1. */
static int clock_time(const char **s, const char **why)
{
    int h, mi, se = 0;
    if (num(s, 2, &h) || **s != ':' || (++*s, num(s, 2, &mi))) {
        *why = "the time is not hh:mm[:ss]";
        return -1;
    }
    if (**s == ':') {
        ++*s;
        if (num(s, 2, &se)) {
            *why = "the seconds are not two digits";
            return -1;
        }
        if (**s == '.' || **s == ',') {
            ++*s;
            if (**s < '0' || **s > '9') {
                *why = "the fraction of a second has no digits";
                return -1;
            }
            while (**s >= '0' && **s <= '9')
                ++*s;
        }
    }
    if (h > 23 || mi > 59 || se > 60) {
        *why = "the time of day is out of range";
        return -1;
    }
    return 0;
}

/* A numeric offset "+hh:mm", "+hhmm" or "+hh" at *s (sign included). */
static int offset(const char **s, int colon_ok, const char **why)
{
    int h, m = 0;
    ++*s;
    if (num(s, 2, &h))
        goto bad;
    if (colon_ok && **s == ':') {
        ++*s;
        if (num(s, 2, &m))
            goto bad;
    } else if (**s >= '0' && **s <= '9') {
        if (num(s, 2, &m))
            goto bad;
    }
    if (h > 14 || m > 59)
        goto bad;
    return 0;
bad:
    *why = "the time zone offset is not valid";
    return -1;
}

/* ISO 8601: YYYY-MM-DD[(T| )hh:mm[:ss[.f]][Z|±hh[:mm]]]. */
static int iso_date(const char *s, xf_date *d, const char **why)
{
    int y, m, day;
    if (num(&s, 4, &y) || *s++ != '-' || num(&s, 2, &m) || *s++ != '-' ||
        num(&s, 2, &day)) {
        *why = "it is not YYYY-MM-DD";
        return -1;
    }
    if (set_date(d, y, m, day, why))
        return -1;
    if (*s == 'T' || (*s == ' ' && s[1] >= '0' && s[1] <= '9')) {
        s++;
        if (clock_time(&s, why))
            return -1;
        if (*s == 'Z')
            s++;
        else if ((*s == '+' || *s == '-') && offset(&s, 1, why))
            return -1;
    }
    if (*s) {
        *why = "unexpected text after the date";
        return -1;
    }
    return 0;
}

/* Case-insensitive ASCII prefix: the length of word when s starts with it
 * and the next byte is not a letter, else 0. */
static size_t word_at(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != word[i])
            return 0;
    }
    char next = s[n];
    if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
        (unsigned char)next >= 0x80)
        return 0;
    return n;
}

/* A month name at *s (Danish or English, full or abbreviated, with an
 * optional '.'): 1..12 with *s advanced, or 0. */
static int month_name(const char **s)
{
    for (int i = 0; i < 12; i++) {
        size_t n = word_at(*s, months_da[i]);
        if (!n)
            n = word_at(*s, months_en_full[i]);
        if (!n)
            n = word_at(*s, months_en[i]);
        if (!n && i == 9)
            n = word_at(*s, "okt");
        if (n) {
            *s += n;
            if (**s == '.')
                ++*s;
            return i + 1;
        }
    }
    return 0;
}

/* A named time zone of RFC 822 at *s: its length, or 0. */
static size_t zone_name(const char *s)
{
    static const char *const zones[] = {"ut", "utc", "gmt", "z", "est", "edt",
                                        "cst", "cdt", "mst", "mdt", "pst",
                                        "pdt", "cet", "cest", NULL};
    for (size_t i = 0; zones[i]; i++) {
        size_t n = word_at(s, zones[i]);
        if (n)
            return n;
    }
    return 0;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* RFC 822 / 1123: [Day,] D Mon YYYY [hh:mm[:ss] [zone]] and the Danish
 * "1. august 2025". */
static int named_month_date(const char *s, xf_date *d, const char **why)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri",
                                       "sat", "sun", NULL};
    for (size_t i = 0; days[i]; i++) {
        size_t n = word_at(s, days[i]);
        if (n) {
            s = skip_spaces(s + n);
            if (*s == ',')
                s = skip_spaces(s + 1);
            break;
        }
    }
    int day, m, y;
    if (num12(&s, &day)) {
        *why = "it is no date this plugin reads (ISO 8601, RFC 822 or "
               "DD.MM.YYYY)";
        return -1;
    }
    if (*s == '.')
        s++;
    s = skip_spaces(s);
    if (!(m = month_name(&s))) {
        *why = "the month name is not known";
        return -1;
    }
    s = skip_spaces(s);
    const char *ys = s;
    if (num(&s, 4, &y)) {
        s = ys;
        if (num(&s, 2, &y)) {
            *why = "the year is not 4 (or 2) digits";
            return -1;
        }
        y += y < 70 ? 2000 : 1900;
    }
    if (set_date(d, y, m, day, why))
        return -1;
    s = skip_spaces(s);
    if (*s >= '0' && *s <= '9') {
        if (clock_time(&s, why))
            return -1;
        s = skip_spaces(s);
        size_t zn = zone_name(s);
        if (zn)
            s += zn;
        else if ((*s == '+' || *s == '-') && offset(&s, 0, why))
            return -1;
    }
    s = skip_spaces(s);
    if (*s) {
        *why = "unexpected text after the date";
        return -1;
    }
    return 0;
}

/* Danish numeric: D.M.YYYY, D-M-YYYY or D/M/YYYY (day first). */
static int day_first_date(const char *s, xf_date *d, const char **why)
{
    int day, m, y;
    char sep;
    if (num12(&s, &day) || !((sep = *s) == '.' || sep == '-' || sep == '/'))
        return 1;
    s++;
    if (num12(&s, &m) || *s++ != sep || num(&s, 4, &y))
        return 1;
    if (*s) {
        *why = "unexpected text after the date";
        return -1;
    }
    return set_date(d, y, m, day, why);
}

int xf_parse_date(const char *s, xf_date *out, const char **why)
{
    const char *b, *e;
    trimmed(s, &b, &e);
    char buf[80];
    size_t n = (size_t)(e - b);
    *why = "it is empty";
    if (n == 0)
        return -1;
    if (n >= sizeof buf) {
        *why = "it is too long for a date";
        return -1;
    }
    memcpy(buf, b, n);
    buf[n] = '\0';
    if (n >= 5 && buf[4] == '-' && buf[0] >= '0' && buf[0] <= '9' &&
        buf[1] >= '0' && buf[1] <= '9' && buf[2] >= '0' && buf[2] <= '9' &&
        buf[3] >= '0' && buf[3] <= '9')
        return iso_date(buf, out, why);
    int rc = day_first_date(buf, out, why);
    if (rc <= 0)
        return rc;
    return named_month_date(buf, out, why);
}

/* ------------------------------------------------------------ levels */

static const char *const levels[][2] = {
    {"EUD", "Erhvervsuddannelse"},
    {"gymnasium", "Gymnasial uddannelse"},
    {"KVU", "Kort videregående uddannelse"},
    {"MVU", "Mellemlang videregående uddannelse"},
    {"LVU", "Lang videregående uddannelse"},
    {"AMU", "Arbejdsmarkedsuddannelse"},
    {"VEU", "Voksen- og efteruddannelse"},
};
#define NLEVELS (sizeof levels / sizeof levels[0])

static int ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y || !x)
            return x - y;
    }
}

const char *xf_level_canonical(const char *s)
{
    for (size_t i = 0; i < NLEVELS; i++)
        if (ascii_casecmp(s, levels[i][0]) == 0)
            return levels[i][0];
    return NULL;
}

const char *xf_level_label(const char *level)
{
    for (size_t i = 0; i < NLEVELS; i++)
        if (strcmp(level, levels[i][0]) == 0)
            return levels[i][1];
    return NULL;
}

int xf_level_index(const char *level)
{
    for (size_t i = 0; i < NLEVELS; i++)
        if (strcmp(level, levels[i][0]) == 0)
            return (int)i;
    return -1;
}

const char *xf_level_list(void)
{
    return "EUD, gymnasium, KVU, MVU, LVU, AMU, VEU";
}
