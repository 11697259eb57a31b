/*
 * csv_map.c - column map, row mapping and number parsing (see csv_map.h).
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_map.h"

static const char *const default_missing[] = {"..", ".", "...", ":", "-"};
static const char *const value_names[] = {"INDHOLD", "value", "obs_value",
                                          "v\xC3\xA6rdi"};
static const char *const period_names[] = {
    "TID", "time", "time_period", "period", "year", "\xC3\xA5r", "aar",
    "quarter", "month"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NONE ((size_t)-1)

static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
    AMB_PRINTF(4, 5);

/* Format a message into err (when there is room); returns rc. */
static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* ------------------------------------------------------------ column map */

/* The next character of *s folded for comparison: ASCII letters and the
 * Latin-1 letters (U+00C0..U+00DE but U+00D7) to lower case; other bytes
 * as they are. */
static unsigned fold_next(const unsigned char **s)
{
    const unsigned char *p = *s;
    if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
        unsigned c = p[1];
        if (c <= 0x9E && c != 0x97)
            c += 0x20;
        *s = p + 2;
        return 0xC300u | c;
    }
    *s = p + 1;
    return (p[0] >= 'A' && p[0] <= 'Z') ? p[0] + 32u : p[0];
}

static int fold_eq(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;
    while (*x && *y)
        if (fold_next(&x) != fold_next(&y))
            return 0;
    return *x == 0 && *y == 0;
}

/* Strip ASCII spaces and tabs around a field, in place. */
static char *trim(csv_field *f)
{
    char *s = f->s;
    size_t len = f->len;
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    s[len] = '\0';
    f->s = s;
    f->len = len;
    return s;
}

/* A printable excerpt of s for messages: at most ~40 bytes, cut on a
 * character boundary, control characters shown as '?'. */
static void excerpt(const char *s, size_t len, char *out, size_t outlen)
{
    size_t n = len < 40 ? len : 40;
    while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    if (n + 4 > outlen)
        n = 0;
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
    snprintf(out + n, outlen - n, "%s", n < len ? "..." : "");
}

/* "A, B, C" of the header's names into out (shortened with "..."). */
static void list_names(const csv_record *hdr, char *out, size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < hdr->nfields; i++) {
        const char *name = hdr->fields[i].s;
        if (used + strlen(name) + 6 >= outlen) {
            snprintf(out + used, outlen - used, "%s...", i ? ", " : "");
            break;
        }
        used += (size_t)snprintf(out + used, outlen - used, "%s%s",
                                 i ? ", " : "", name);
    }
    for (char *c = out; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = '?';
}

/* Resolve ref (named what) to a 0-based column index. */
static int resolve(const csv_map *m, const csv_record *hdr,
                   const csv_colref *ref, const char *what, const char *file,
                   size_t *out, char *err, size_t errlen)
{
    if (!ref->name) {
        if (ref->index > m->ncols)
            return errf(err, errlen, AMB_ECONFIG,
                        "csv: %s %lu is out of range (%s has %zu columns)",
                        what, ref->index, file, m->ncols);
        *out = ref->index - 1;
        return 0;
    }
    size_t found = NONE;
    for (size_t i = 0; i < m->ncols; i++) {
        if (strcmp(hdr->fields[i].s, ref->name) != 0)
            continue;
        if (found != NONE)
            return errf(err, errlen, AMB_ECONFIG,
                        "csv: %s '%s' names columns %zu and %zu of %s", what,
                        ref->name, found + 1, i + 1, file);
        found = i;
    }
    if (found == NONE) {
        char names[320];
        list_names(hdr, names, sizeof names);
        return errf(err, errlen, AMB_ECONFIG,
                    "csv: %s '%s' is not a column of %s (columns: %s)", what,
                    ref->name, file, names);
    }
    *out = found;
    return 0;
}

/* The first column (other than not1, not2) with a name from names. */
static size_t find_named(const csv_record *hdr, const char *const *names,
                         size_t n, size_t not1, size_t not2)
{
    for (size_t c = 0; c < hdr->nfields; c++) {
        if (c == not1 || c == not2)
            continue;
        for (size_t i = 0; i < n; i++)
            if (fold_eq(hdr->fields[c].s, names[i]))
                return c;
    }
    return NONE;
}

/* A column's id: its header name, or "colN" without a header.  Returns a
 * malloc'd string or NULL (out of memory, or an empty name: *empty). */
static char *column_id(const csv_map *m, const csv_record *hdr, size_t col,
                       int *empty)
{
    *empty = 0;
    if (!m->opts->header) {
        char buf[32];
        snprintf(buf, sizeof buf, "col%zu", col + 1);
        return strdup(buf);
    }
    if (!*hdr->fields[col].s) {
        *empty = 1;
        return NULL;
    }
    return strdup(hdr->fields[col].s);
}

static int set_id(const csv_map *m, const csv_record *hdr, size_t col,
                  const char *file, char **out, char *err, size_t errlen)
{
    int empty;
    *out = column_id(m, hdr, col, &empty);
    if (*out)
        return 0;
    if (empty)
        return errf(err, errlen, AMB_EPARSE,
                    "csv: column %zu of %s has no name in the header", col + 1,
                    file);
    return errf(err, errlen, AMB_ENOMEM, "csv: out of memory");
}

/* Pick period, value, flag and dimension columns (given or inferred). */
static int choose_columns(csv_map *m, const csv_record *hdr, const char *file,
                          char *err, size_t errlen)
{
    const csv_opts *o = m->opts;
    char names[320];
    int rc;
    m->flag_col = NONE;
    if (o->flag.name || o->flag.index) {
        if ((rc = resolve(m, hdr, &o->flag, "columns.flag", file, &m->flag_col,
                          err, errlen)))
            return rc;
        m->has_flag = 1;
    }
    if (o->period.name || o->period.index) {
        if ((rc = resolve(m, hdr, &o->period, "columns.period", file,
                          &m->period_col, err, errlen)))
            return rc;
    } else if ((m->period_col = find_named(hdr, period_names,
                                           NELEM(period_names), m->flag_col,
                                           NONE)) == NONE) {
        list_names(hdr, names, sizeof names);
        return errf(err, errlen, AMB_ECONFIG,
                    "csv: no period column in %s (name it with "
                    "columns.period; columns: %s)", file, names);
    }
    if (o->value.name || o->value.index) {
        if ((rc = resolve(m, hdr, &o->value, "columns.value", file,
                          &m->value_col, err, errlen)))
            return rc;
    } else {
        m->value_col = find_named(hdr, value_names, NELEM(value_names),
                                  m->period_col, m->flag_col);
        if (m->value_col == NONE && m->ncols - 1 != m->period_col &&
            m->ncols - 1 != m->flag_col)
            m->value_col = m->ncols - 1;
        if (m->value_col == NONE)
            return errf(err, errlen, AMB_ECONFIG,
                        "csv: no value column in %s (name it with "
                        "columns.value)", file);
    }
    if (o->has_dims) {
        for (size_t i = 0; i < o->ndims; i++) {
            char what[48];
            snprintf(what, sizeof what, "columns.dims[%zu]", i + 1);
            if ((rc = resolve(m, hdr, &o->dims[i], what, file, &m->dim_col[i],
                              err, errlen)))
                return rc;
        }
        m->ndims = o->ndims;
        return 0;
    }
    for (size_t c = 0; c < m->ncols; c++) {
        if (c == m->period_col || c == m->value_col || c == m->flag_col)
            continue;
        if (m->ndims == AMB_MAX_DIMS)
            return errf(err, errlen, AMB_ECONFIG,
                        "csv: %s has more than %d dimension columns (choose "
                        "them with columns.dims)", file, AMB_MAX_DIMS);
        m->dim_col[m->ndims++] = c;
    }
    return 0;
}

/* Refuse a column used in two roles. */
static int check_unique(const csv_map *m, const char *file, char *err,
                        size_t errlen)
{
    size_t cols[AMB_MAX_DIMS + 3], n = 0;
    const char *roles[AMB_MAX_DIMS + 3];
    char dimrole[AMB_MAX_DIMS][32];
    cols[n] = m->period_col;
    roles[n++] = "the period";
    cols[n] = m->value_col;
    roles[n++] = "the value";
    if (m->has_flag) {
        cols[n] = m->flag_col;
        roles[n++] = "the flag";
    }
    for (size_t i = 0; i < m->ndims; i++) {
        snprintf(dimrole[i], sizeof dimrole[i], "dimension %zu", i + 1);
        cols[n] = m->dim_col[i];
        roles[n++] = dimrole[i];
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (cols[i] == cols[j])
                return errf(err, errlen, AMB_ECONFIG,
                            "csv: column %zu of %s is both %s and %s",
                            cols[i] + 1, file, roles[i], roles[j]);
    return 0;
}

/* Give dimensions their ids and labels; refuse duplicate ids and labels
 * for columns that are no dimension. */
static int name_dims(csv_map *m, const csv_record *hdr, const char *file,
                     char *err, size_t errlen)
{
    int rc;
    if ((rc = set_id(m, hdr, m->period_col, file, &m->time_id, err, errlen)))
        return rc;
    for (size_t i = 0; i < m->ndims; i++) {
        char *id;
        if ((rc = set_id(m, hdr, m->dim_col[i], file, &id, err, errlen)))
            return rc;
        m->dims[i].id = id;
        int dup = strcmp(id, m->time_id) == 0;
        for (size_t j = 0; j < i; j++)
            dup |= strcmp(id, m->dims[j].id) == 0;
        if (dup) {
            char shown[64];
            excerpt(id, strlen(id), shown, sizeof shown);
            return errf(err, errlen, AMB_EPARSE,
                        "csv: %s has two columns named '%s'", file, shown);
        }
    }
    m->time_label = m->opts->time_label;
    const amb_opt *labels = m->opts->labels;
    for (size_t k = 0; labels && k < labels->count; k++) {
        const amb_opt *l = &labels->items[k];
        const char *key = l->key ? l->key : "";
        int hit = 0;
        if (strcmp(key, m->time_id) == 0) {
            if (!m->time_label)
                m->time_label = l->string;
            hit = 1;
        }
        for (size_t i = 0; i < m->ndims; i++)
            if (strcmp(key, m->dims[i].id) == 0) {
                m->dims[i].label = l->string;
                hit = 1;
            }
        if (!hit)
            return errf(err, errlen, AMB_ECONFIG,
                        "csv: columns.labels['%s'] is not a dimension of %s",
                        key, file);
    }
    return 0;
}

int csv_map_init(csv_map *m, const csv_opts *o, csv_record *first,
                 const char *file, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->opts = o;
    m->ncols = first->nfields;
    if (o->header)
        for (size_t i = 0; i < first->nfields; i++)
            trim(&first->fields[i]);
    int rc;
    if ((rc = choose_columns(m, first, file, err, errlen)) ||
        (rc = check_unique(m, file, err, errlen)) ||
        (rc = name_dims(m, first, file, err, errlen)))
        return rc;
    int empty;
    m->value_name = column_id(m, first, m->value_col, &empty);
    if (!m->value_name && !empty)
        return errf(err, errlen, AMB_ENOMEM, "csv: out of memory");
    if (!m->value_name) {
        char buf[32];
        snprintf(buf, sizeof buf, "%zu", m->value_col + 1);
        if (!(m->value_name = strdup(buf)))
            return errf(err, errlen, AMB_ENOMEM, "csv: out of memory");
    }
    return 0;
}

void csv_map_free(csv_map *m)
{
    for (size_t i = 0; i < AMB_MAX_DIMS; i++)
        free((char *)m->dims[i].id);
    free(m->time_id);
    free(m->value_name);
    memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------ values */

static int is_missing(const csv_opts *o, const char *s)
{
    if (!o->missing) {
        for (size_t i = 0; i < NELEM(default_missing); i++)
            if (strcmp(s, default_missing[i]) == 0)
                return 1;
        return 0;
    }
    for (size_t i = 0; i < o->missing->count; i++)
        if (strcmp(s, o->missing->items[i].string) == 0)
            return 1;
    return 0;
}

int csv_map_row(const csv_map *m, csv_record *rec, const char *file,
                csv_obs *obs, char *err, size_t errlen)
{
    if (rec->nfields != m->ncols)
        return errf(err, errlen, AMB_EPARSE,
                    "%s:%lu: expected %zu fields, found %zu", file, rec->line,
                    m->ncols, rec->nfields);
    for (size_t i = 0; i < m->ndims; i++)
        obs->codes[i] = trim(&rec->fields[m->dim_col[i]]);
    obs->period = trim(&rec->fields[m->period_col]);
    if (!*obs->period)
        return errf(err, errlen, AMB_EPARSE, "%s:%lu: column %s: no period",
                    file, rec->line, m->time_id);
    obs->flag = m->has_flag ? trim(&rec->fields[m->flag_col]) : NULL;
    if (obs->flag && !*obs->flag)
        obs->flag = NULL;
    csv_field *f = &rec->fields[m->value_col];
    const char *v = trim(f);
    obs->value = 0;
    obs->has_value = 0;
    if (f->len == 0)
        return 0;
    if (is_missing(m->opts, v)) {
        if (!obs->flag)
            obs->flag = v;
        return 0;
    }
    if (csv_parse_number(v, f->len, m->opts->decimal, m->opts->thousands,
                         &obs->value) == 0) {
        obs->has_value = 1;
        return 0;
    }
    char shown[64];
    excerpt(v, f->len, shown, sizeof shown);
    return errf(err, errlen, AMB_EPARSE,
                "%s:%lu: column %s: '%s' is not a number", file, rec->line,
                m->value_name, shown);
}

/* The slow path: strtod over a copy with separators dropped and the
 * decimal mark replaced by the locale's (strtod honours LC_NUMERIC).  s
 * was validated by csv_parse_number. */
static int parse_slow(const char *s, size_t len, char decimal, char thousands,
                      double *out)
{
    char buf[128];
    const char *dp = localeconv()->decimal_point;
    size_t dplen = dp && *dp ? strlen(dp) : 0, n = 0;
    for (size_t i = 0; i < len; i++) {
        if (thousands && s[i] == thousands)
            continue;
        const char *add = &s[i];
        size_t addlen = 1;
        if (s[i] == decimal) {
            add = dplen ? dp : ".";
            addlen = dplen ? dplen : 1;
        }
        if (n + addlen >= sizeof buf)
            return -1;
        memcpy(buf + n, add, addlen);
        n += addlen;
    }
    buf[n] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (end != buf + n || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

int csv_parse_number(const char *s, size_t len, char decimal, char thousands,
                     double *out)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                 1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                                 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0, idig = 0, fdig = 0, run = 0;
    int neg = 0, grouped = 0, sig = 0, slow = 0;
    uint64_t mant = 0;
    long exp10 = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            idig++;
            run++;
            if (mant == 0 && c == '0')
                continue;
            if (sig < 19) {
                mant = mant * 10 + (uint64_t)(c - '0');
                sig++;
            } else {
                slow = 1;
            }
        } else if (thousands && c == thousands) {
            if (run == 0 || run > 3 || (grouped && run != 3))
                return -1;
            grouped = 1;
            run = 0;
        } else {
            break;
        }
    }
    if (grouped && run != 3)
        return -1;
    if (i < len && s[i] == decimal) {
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            fdig++;
            if (mant == 0 && s[i] == '0') {
                exp10--;
            } else if (sig < 19) {
                mant = mant * 10 + (uint64_t)(s[i] - '0');
                sig++;
                exp10--;
            } else {
                slow = 1;
            }
        }
    }
    if (idig + fdig == 0)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        long e = 0;
        int eneg = 0;
        size_t edig = 0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, edig++)
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
        if (!edig)
            return -1;
        exp10 += eneg ? -e : e;
    }
    if (i != len)
        return -1;
    double d;
    if (mant == 0) {
        d = 0;
    } else if (slow || mant > ((uint64_t)1 << 53) || exp10 < -22 ||
               exp10 > 22) {
        if (parse_slow(s, len, decimal, thousands, &d) < 0)
            return -1;
        *out = d;
        return 0;
    } else {
        d = exp10 >= 0 ? (double)mant * p10[exp10] : (double)mant / p10[-exp10];
    }
    *out = neg ? -d : d;
    return 0;
}
