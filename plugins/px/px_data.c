/*
 * px_data.c - reading the header as a whole, then the DATA cells as a
 * stream.
 *
 * DATA holds the cells in row-major order over STUB then HEADING, the last
 * variable running fastest.  Cells are separated by spaces, tabs, line
 * breaks, commas or semicolons (the format treats them all as delimiters,
 * and some producers end every row with ';'); DATA is the last keyword
 * and ends with the file, whose last non-blank character must be ';'.  A
 * cell is a number ('.' for decimals) or a missing-value marker, ".",
 * "..", "...", "....", ".....", "......" or "-", quoted or not.
 *
 * Each cell is returned as soon as it is read, with the position of every
 * variable (an odometer over the value counts), so memory does not depend
 * on the number of cells.  The count is checked at the end: fewer or more
 * cells than the product of the value counts is an error.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "px_internal.h"

static const char *const markers[] = {".",     "..",     "...", "....",
                                      ".....", "......", "-",   NULL};

int px_read_header(px_parser *p, const px_options *o, const px_table **out)
{
    *out = NULL;
    if (p->state == PX_S_FAILED)
        return p->err.code;
    if (p->state != PX_S_NEW)
        return px_fail(p, PX_EPARSE, 0, "the header was read already");
    int rc = px_lex_header(p);
    if (rc == 0)
        rc = px_build_table(p, o);
    if (rc)
        return rc;
    p->state = PX_S_DATA;
    *out = &p->table;
    return 0;
}

/* ------------------------------------------------------------ numbers */

/* strtod over a copy with the locale's decimal point (s was checked). */
static int slow_number(const char *s, size_t len, double *out)
{
    char buf[PX_MAX_CELL * 2 + 8];
    const char *dp = localeconv()->decimal_point;
    size_t dplen = dp && *dp ? strlen(dp) : 0, n = 0;
    for (size_t i = 0; i < len; i++) {
        const char *add = s[i] == '.' && dplen ? dp : &s[i];
        size_t k = s[i] == '.' && dplen ? dplen : 1;
        if (n + k >= sizeof buf)
            return -1;
        memcpy(buf + n, add, k);
        n += k;
    }
    buf[n] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (end != buf + n || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

int px_parse_number(const char *s, size_t len, double *out)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                   1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                                   1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0, digits = 0, sig = 0;
    int neg = 0, exact = 1;
    uint64_t mant = 0;
    long scale = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    for (int frac = 0; i < len; i++) {
        if (s[i] == '.' && !frac) {
            frac = 1;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            break;
        digits++;
        if (mant == 0 && s[i] == '0') {
            scale -= frac;
            continue;
        }
        if (sig < 19) {
            mant = mant * 10 + (uint64_t)(s[i] - '0');
            sig++;
            scale -= frac;
        } else {
            exact = 0;
            scale += !frac;
        }
    }
    if (digits == 0)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1, ed = 0;
        long e = 0;
        int eneg = 0;
        if (j < len && (s[j] == '-' || s[j] == '+'))
            eneg = s[j++] == '-';
        for (; j < len && s[j] >= '0' && s[j] <= '9'; j++, ed++)
            if (e < 100000)
                e = e * 10 + (s[j] - '0');
        if (ed == 0)
            return -1;
        scale += eneg ? -e : e;
        i = j;
    }
    if (i != len)
        return -1;
    if (!exact || mant > ((uint64_t)1 << 53) || scale > 22 || scale < -22)
        return slow_number(s, len, out);
    double d = (double)mant;
    d = scale < 0 ? d / pow10[-scale] : d * pow10[scale];
    *out = neg ? -d : d;
    return 0;
}

/* ------------------------------------------------------------ cells */

static int is_sep(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' ||
           c == ';' || c == '\f' || c == '\v';
}

/* The end of DATA: check the count and the closing ';'. */
static int finish(px_parser *p)
{
    const px_table *t = &p->table;
    if (p->cells != t->ncells)
        return px_fail(p, PX_EPARSE, 0,
                       "DATA has %llu values, expected %llu (STUB x HEADING "
                       "= %llu x %llu)%s", (unsigned long long)p->cells,
                       (unsigned long long)t->ncells,
                       (unsigned long long)t->stub_cells,
                       (unsigned long long)t->heading_cells,
                       p->closed ? "" : "; the file ends without the ';' "
                                        "that closes DATA (truncated?)");
    if (!p->closed)
        return px_fail(p, PX_EPARSE, p->line,
                       "DATA does not end with ';' (truncated file?)");
    p->state = PX_S_DONE;
    return PX_END;
}

/* Read one cell's text into buf (NUL-terminated); *len its length. */
static int read_cell(px_parser *p, int c, char *buf, size_t *len)
{
    size_t n = 0;
    unsigned long line = p->line;
    int quoted = c == '"';
    if (quoted)
        px_skip(p);
    for (;;) {
        c = px_peek(p);
        if (c < -1)
            return c;
        if (quoted) {
            if (c == '"') {
                px_skip(p);
                break;
            }
            if (c == -1 || c == '\n' || c == '\r')
                return px_fail(p, PX_EPARSE, line,
                               "unterminated string in DATA");
        } else if (c == -1 || is_sep(c) || c == '"') {
            break;
        }
        if (n == PX_MAX_CELL) {
            char shown[48];
            px_excerpt(buf, 16, shown, sizeof shown);
            return px_fail(p, PX_EPARSE, line,
                           "a DATA value longer than %d bytes ('%s...')",
                           PX_MAX_CELL, shown);
        }
        buf[n++] = (char)c;
        px_skip(p);
    }
    buf[n] = '\0';
    *len = n;
    return 0;
}

/* Move the odometer one cell on: the last variable fastest. */
static void advance(px_parser *p)
{
    const px_table *t = &p->table;
    for (size_t i = t->nvars; i-- > 0;) {
        if (++p->pos[i] < t->vars[i].nvalues)
            return;
        p->pos[i] = 0;
    }
}

int px_next_cell(px_parser *p, px_cell *cell)
{
    if (p->state == PX_S_FAILED)
        return p->err.code;
    if (p->state == PX_S_DONE)
        return PX_END;
    if (p->state != PX_S_DATA)
        return px_fail(p, PX_EPARSE, 0, "the header was not read");
    for (;;) {
        int c;
        while ((c = px_peek(p)) >= 0 && is_sep(c)) {
            if (c == ';')
                p->closed = 1;
            px_skip(p);
        }
        if (c < -1)
            return c;
        if (c == -1)
            return finish(p);
        p->closed = 0;
        unsigned long line = p->line;
        char buf[PX_MAX_CELL + 1];
        size_t len = 0;
        int rc = read_cell(p, c, buf, &len);
        if (rc)
            return rc;
        const char *flag = NULL;
        double value = 0;
        for (size_t i = 0; markers[i] && !flag; i++)
            if (strcmp(buf, markers[i]) == 0)
                flag = markers[i];
        if (!flag && (memchr(buf, 0, len) ||
                      px_parse_number(buf, len, &value) != 0)) {
            char shown[PX_MAX_CELL * 4 + 1];
            px_excerpt(buf, len, shown, sizeof shown);
            return px_fail(p, PX_EPARSE, line,
                           "DATA value %llu ('%s') is not a number or a "
                           "missing-value marker",
                           (unsigned long long)p->cells + 1, shown);
        }
        uint64_t index = p->cells++;
        if (index >= p->table.ncells)
            continue; /* too many: counted, reported at the end */
        cell->index = index;
        cell->pos = p->pos;
        cell->has_value = flag == NULL;
        cell->value = value;
        cell->flag = flag;
        if (index > 0)
            advance(p);
        return PX_CELL;
    }
}
