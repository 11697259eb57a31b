/*
 * text_pages.c - running headers, footers and page numbers of paged text.
 *
 * The rules (for a document of two pages or more):
 *  - each page's zones are its first two and its last two non-blank lines;
 *  - a zone line is a page number when, without decoration ("-", "–",
 *    "[ ]", "( )", "|"), it is a number, a small roman numeral, "N/M",
 *    "N af M", "N of M", optionally after "side", "page", "s." or "p.";
 *  - a zone line is running text when its signature (the folded line with
 *    every run of digits as '#', so "Side 3" and "Side 4" agree) occurs in
 *    a zone of at least two pages and of at least half of the pages;
 *  - both are dropped wherever they stand in a zone; lines outside the
 *    zones are never touched.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

#define ZONE_LINES 2
#define MAX_SIGNATURE 160   /* longer lines are not headers */

/* 1 when s[0..n) is one of the small roman numerals i..xx (any case). */
static int is_roman(const char *s, size_t n)
{
    static const char *const romans[] = {
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi",
        "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"};
    if (n == 0 || n > 5)
        return 0;
    char low[6];
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    low[n] = '\0';
    for (size_t i = 0; i < sizeof romans / sizeof romans[0]; i++)
        if (strcmp(low, romans[i]) == 0)
            return 1;
    return 0;
}

/* Length of the decoration at the start of s[0..n) ("-", "–", "—", "[",
 * "(", "|", "•" and spaces). */
static size_t deco_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '-' || c == '[' || c == '(' || c == '|' ||
            c == ']' || c == ')') {
            i++;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0x93 ||
                    (unsigned char)s[i + 2] == 0x94 ||
                    (unsigned char)s[i + 2] == 0xA2)) {
            i += 3;
        } else {
            break;
        }
    }
    return i;
}

/* Length of the decoration at the end of s[0..n). */
static size_t deco_suffix(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0) {
        unsigned char c = (unsigned char)s[i - 1];
        if (c == ' ' || c == '-' || c == ']' || c == ')' || c == '|' ||
            c == '[' || c == '(') {
            i--;
        } else if (i >= 3 && (unsigned char)s[i - 3] == 0xE2 &&
                   (unsigned char)s[i - 2] == 0x80 &&
                   (c == 0x93 || c == 0x94 || c == 0xA2)) {
            i -= 3;
        } else {
            break;
        }
    }
    return n - i;
}

/* Skip a case-insensitive ASCII word w at s[*i..n) followed by a space
 * (or by nothing when w ends in '.'); returns 1 when skipped. */
static int skip_word(const char *s, size_t n, size_t *i, const char *w)
{
    size_t k = strlen(w), j = *i;
    if (n - j < k)
        return 0;
    for (size_t m = 0; m < k; m++) {
        char c = s[j + m];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != w[m])
            return 0;
    }
    j += k;
    if (j < n && s[j] == ' ')
        j++;
    else if (w[k - 1] != '.')
        return 0;
    *i = j;
    return 1;
}

/* Skip 1-5 digits; returns 1 when there were some. */
static int skip_number(const char *s, size_t n, size_t *i)
{
    size_t j = *i;
    while (j < n && j - *i < 6 && s[j] >= '0' && s[j] <= '9')
        j++;
    if (j == *i || j - *i > 5)
        return 0;
    *i = j;
    return 1;
}

/* Is the line s[0..n) a page number (see the rules above)? */
static int is_page_number(const char *s, size_t n)
{
    size_t a = deco_prefix(s, n);
    if (a == n)
        return 0;
    size_t b = n - deco_suffix(s + a, n - a);
    s += a;
    n = b - a;
    if (is_roman(s, n))
        return 1;
    size_t i = 0;
    if (!skip_word(s, n, &i, "side") && !skip_word(s, n, &i, "page") &&
        !skip_word(s, n, &i, "s.") && !skip_word(s, n, &i, "p."))
        i = 0;
    while (i < n && s[i] == ' ')
        i++;
    if (!skip_number(s, n, &i))
        return 0;
    if (i == n)
        return 1;
    size_t j = i;
    while (j < n && s[j] == ' ')
        j++;
    if (j < n && s[j] == '/') {
        j++;
        while (j < n && s[j] == ' ')
            j++;
    } else if (!skip_word(s, n, &j, "af") && !skip_word(s, n, &j, "of")) {
        return 0;
    }
    return skip_number(s, n, &j) && j == n;
}

/* A zone line and its signature. */
typedef struct zone_line {
    size_t line;        /* index into lines */
    size_t page;
    char *sig;          /* folded, digit runs as '#'; malloc'd */
} zone_line;

static int cmp_zone(const void *a, const void *b)
{
    const zone_line *x = a, *y = b;
    int c = strcmp(x->sig, y->sig);
    if (c)
        return c;
    return x->page < y->page ? -1 : x->page > y->page;
}

/* The signature of line s[0..n): folded, digit runs collapsed to '#'.
 * NULL when out of memory. */
static char *signature(const char *s, size_t n)
{
    size_t flen;
    char *f = amb_text_fold(s, n, &flen);
    if (!f)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < flen; i++) {
        if (f[i] >= '0' && f[i] <= '9') {
            if (o == 0 || f[o - 1] != '#')
                f[o++] = '#';
        } else {
            f[o++] = f[i];
        }
    }
    f[o] = '\0';
    return f;
}

/* Add line li (page p) to the zone list unless it is already there. */
static void zone_add(zone_line *z, size_t *nz, size_t li, size_t p)
{
    for (size_t k = *nz; k > 0 && z[k - 1].page == p; k--)
        if (z[k - 1].line == li)
            return;
    z[*nz].line = li;
    z[*nz].page = p;
    z[*nz].sig = NULL;
    (*nz)++;
}

/* Collect the zone lines of every page in page order. */
static size_t collect_zones(const amb_text_line *lines, size_t n,
                            zone_line *z)
{
    size_t nz = 0, i = 0;
    while (i < n) {
        size_t p = lines[i].page, end = i;
        while (end < n && lines[end].page == p)
            end++;
        size_t taken = 0;
        for (size_t k = i; k < end && taken < ZONE_LINES; k++)
            if (lines[k].len) {
                zone_add(z, &nz, k, p);
                taken++;
            }
        taken = 0;
        for (size_t k = end; k > i && taken < ZONE_LINES; k--)
            if (lines[k - 1].len) {
                zone_add(z, &nz, k - 1, p);
                taken++;
            }
        i = end;
    }
    return nz;
}

int amb_text_drop_running(const char *buf, amb_text_line *lines, size_t n,
                          size_t npages, amb_text_stats *stats)
{
    if (npages < 2 || n == 0)
        return 0;
    zone_line *z = malloc(npages * 2 * ZONE_LINES * sizeof *z);
    if (!z)
        return -1;
    size_t nz = collect_zones(lines, n, z);
    int rc = 0;
    for (size_t k = 0; k < nz; k++) {
        const amb_text_line *l = &lines[z[k].line];
        if (is_page_number(buf + l->off, l->len)) {
            lines[z[k].line].dropped = 1;
            stats->page_numbers++;
        }
        z[k].sig = l->len <= MAX_SIGNATURE ? signature(buf + l->off, l->len)
                                            : strdup("");
        if (!z[k].sig)
            rc = -1;
    }
    if (rc == 0) {
        qsort(z, nz, sizeof *z, cmp_zone);
        size_t i = 0;
        while (i < nz) {
            size_t end = i + 1, pages = 1;
            while (end < nz && strcmp(z[end].sig, z[i].sig) == 0) {
                if (z[end].page != z[end - 1].page)
                    pages++;
                end++;
            }
            if (z[i].sig[0] && pages >= 2 && pages * 2 >= npages)
                for (size_t k = i; k < end; k++)
                    if (!lines[z[k].line].dropped) {
                        lines[z[k].line].dropped = 1;
                        stats->running_lines++;
                    }
            i = end;
        }
    }
    for (size_t k = 0; k < nz; k++)
        free(z[k].sig);
    free(z);
    return rc;
}
