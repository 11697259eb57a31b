/*
 * text_clean.c - cleaning extracted document text (rules in text_clean.h
 * and doc/plugins/documents.md).
 *
 * Three passes over the input:
 *  1. normalise: decode (UTF-8, else Windows-1252), fold line ends, map
 *     spaces, drop controls and invisible characters, expand ligatures,
 *     collapse spaces, trim; the result is a buffer of lines with pages
 *     remembered, soft hyphens still in place;
 *  2. drop running headers/footers and page numbers (text_pages.c);
 *  3. join: lines become paragraphs; a word hyphenated across a line
 *     break is joined, a real hyphen stays.
 *
 * The joining rule, for a line L ending in a hyphen and the next kept line
 * N: the hyphen is a line-break hyphenation, removed with the break, when
 * the letter run before it (since the last space or hyphen) has at least
 * two letters and at most one capital, which is its first letter, and N
 * starts with a lower-case letter and its first word is not a conjunction
 * (og, eller, samt, til, end, men, som: "social- og sundhedsuddannelser").
 * Otherwise the hyphen stays: glued to N ("16-64-årige", "TekNat-
 * uddannelser", "SOSU-området") or followed by a space before a
 * conjunction.  A soft hyphen ending a line always joins.  Blank lines and
 * page breaks end a paragraph, except that a hyphenation joins across
 * them and a page break inside a sentence (no . ! ? : before it, a
 * lower-case letter after it) is a space.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

/* Windows-1252 0x80..0x9F (0: undefined, dropped). */
static const uint16_t cp1252[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

/* 1 when s[0..n) is UTF-8 apart from NUL bytes (which pass 1 drops). */
static int utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = amb_text_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && k == 1)
            return 0;
        i += k;
    }
    return 1;
}

/* Pass 1 state: the normalised buffer and its lines. */
typedef struct norm {
    char *buf;
    size_t len;
    amb_text_line *lines;
    size_t nlines, cap;
    size_t page;
    size_t line_start;
    int space;            /* a space is pending inside the current line */
    int after_newline;    /* the last line ended at a '\n' */
} norm;

/* End the current line (trailing space already withheld). */
static int end_line(norm *nm)
{
    if (nm->nlines == nm->cap) {
        size_t cap = nm->cap ? nm->cap * 2 : 64;
        amb_text_line *l = realloc(nm->lines, cap * sizeof *l);
        if (!l)
            return -1;
        nm->lines = l;
        nm->cap = cap;
    }
    amb_text_line *l = &nm->lines[nm->nlines++];
    l->off = nm->line_start;
    l->len = nm->len - nm->line_start;
    l->page = nm->page;
    l->dropped = 0;
    nm->line_start = nm->len;
    nm->space = 0;
    return 0;
}

/* Append code point cp to the current line (a pending space first). */
static void put_cp(norm *nm, uint32_t cp)
{
    if (nm->space && nm->len > nm->line_start)
        nm->buf[nm->len++] = ' ';
    nm->space = 0;
    nm->after_newline = 0;
    nm->len += amb_text_utf8_encode(cp, nm->buf + nm->len);
}

/* Pass 1 for one code point. */
static int normalise_cp(norm *nm, uint32_t cp)
{
    if (cp == '\n' || cp == 0x2028 || cp == 0x85) {
        nm->after_newline = 1;
        return end_line(nm);
    }
    if (cp == 0x2029)
        return end_line(nm) || end_line(nm);
    if (cp == '\f') {
        /* "text\n\f": the form feed ends no further (blank) line */
        int rc = nm->after_newline && nm->len == nm->line_start
                     ? 0 : end_line(nm);
        nm->page++;
        nm->after_newline = 0;
        return rc;
    }
    if (cp < 0x20 && cp != '\t' && cp != '\v')
        return 0;
    if (cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
        return 0;
    if (cp >= 0xFB00 && cp <= 0xFB06) {
        char lig[12];
        size_t k = amb_text_fold_char(cp, lig);
        for (size_t i = 0; i < k; i++)
            put_cp(nm, (unsigned char)lig[i]);
        return 0;
    }
    amb_text_class cls = amb_text_class_of(cp);
    if (cls == AMB_TEXT_SPACE) {
        nm->space = 1;
        return 0;
    }
    if (cls == AMB_TEXT_IGNORE && cp != 0xAD)
        return 0;
    /* A soft hyphen matters only right after a word's character (a line
     * ending in one joins); anywhere else it is dropped at once, so that
     * it cannot make an invisible line or hide a space. */
    if (cp == 0xAD && (nm->space || nm->len == nm->line_start))
        return 0;
    if (cp == 0x2010 || cp == 0x2011)
        cp = '-';
    put_cp(nm, cp);
    return 0;
}

/* Pass 1 over the whole input. */
static int normalise(const char *in, size_t len, norm *nm,
                     amb_text_stats *stats)
{
    const unsigned char *p = (const unsigned char *)in;
    int utf8 = utf8_ok(p, len);
    stats->recoded = !utf8;
    nm->buf = malloc(len * 3 + 1);
    if (!nm->buf)
        return -1;
    size_t i = 0;
    if (utf8 && len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < len) {
        uint32_t cp;
        if (!utf8) {
            cp = p[i] >= 0x80 && p[i] < 0xA0 ? cp1252[p[i] - 0x80] : p[i];
            i++;
            if (cp == 0)
                continue;
        } else {
            i += amb_text_utf8_decode(p + i, len - i, &cp);
        }
        if (cp == '\r') {
            if (i < len && p[i] == '\n')
                continue;
            cp = '\n';
        }
        if (normalise_cp(nm, cp) < 0)
            return -1;
    }
    if (nm->len > nm->line_start && end_line(nm) < 0)
        return -1;
    stats->pages = nm->page + 1;
    return 0;
}

/* ------------------------------------------------------------ joining */

static int is_upper(uint32_t cp)
{
    if (amb_text_class_of(cp) != AMB_TEXT_WORD || amb_text_is_lower(cp))
        return 0;
    if (cp >= '0' && cp <= '9')
        return 0;
    char f[12];
    size_t k = amb_text_fold_char(cp, f);
    char e[4];
    size_t m = amb_text_utf8_encode(cp, e);
    return k != m || memcmp(f, e, k) != 0;
}

/* The code point that ends s[0..n) (n > 0) and its start. */
static uint32_t last_cp(const char *s, size_t n, size_t *at)
{
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && n - i < 4)
        i--;
    uint32_t cp;
    amb_text_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    *at = i;
    return cp;
}

/* Does line s[0..n) end in a hyphen after a letter run that looks like a
 * hyphenated word part: two or more letters, no capital but the first? */
static int hyphenation_part(const char *s, size_t n)
{
    if (n < 3 || s[n - 1] != '-')
        return 0;
    size_t end = n - 1, letters = 0, uppers = 0;
    int first_upper = 0;
    while (end > 0) {
        size_t at;
        uint32_t cp = last_cp(s, end, &at);
        if (cp == 0xAD) {
            end = at;
            continue;
        }
        if (amb_text_class_of(cp) != AMB_TEXT_WORD)
            break;
        if (cp >= '0' && cp <= '9')
            return 0;
        letters++;
        first_upper = is_upper(cp);
        uppers += (size_t)first_upper;
        end = at;
    }
    if (letters < 2)
        return 0;
    return uppers == 0 || (uppers == 1 && first_upper);
}

/* The first code point of s[0..n) (n > 0). */
static uint32_t first_cp(const char *s, size_t n)
{
    uint32_t cp;
    amb_text_utf8_decode((const unsigned char *)s, n, &cp);
    return cp;
}

/* Does s[0..n) start with a conjunction word ("og ...")? */
static int starts_with_conjunction(const char *s, size_t n)
{
    static const char *const words[] = {"og", "eller", "samt", "til", "end",
                                        "men", "som"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t k = strlen(words[i]);
        if (n >= k && memcmp(s, words[i], k) == 0 &&
            (n == k || s[k] == ' ' || s[k] == ',' || s[k] == '.'))
            return 1;
    }
    return 0;
}

/* Append s[0..n) to out without soft hyphens. */
static void put_visible(char *out, size_t *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] == 0xC2 && i + 1 < n &&
            (unsigned char)s[i + 1] == 0xAD) {
            i++;
            continue;
        }
        out[(*o)++] = s[i];
    }
}

/* How line a (text s[0..n)) connects to the next kept line b[0..m).
 * blank: blank lines between; page: a page break between.  Returns the
 * separator to write ("", " ", "\n\n") and may shorten *n (removed
 * hyphen).  Counts joined hyphenations. */
static const char *connect(const char *s, size_t *n, const char *b,
                           size_t m, int blank, int page,
                           amb_text_stats *stats)
{
    uint32_t next = first_cp(b, m);
    int next_lower = amb_text_is_lower(next);
    if (*n >= 2 && (unsigned char)s[*n - 2] == 0xC2 &&
        (unsigned char)s[*n - 1] == 0xAD &&
        amb_text_class_of(next) == AMB_TEXT_WORD) {
        *n -= 2;
        stats->hyphens_joined++;
        return "";
    }
    if (hyphenation_part(s, *n) && next_lower &&
        !starts_with_conjunction(b, m)) {
        (*n)--;
        stats->hyphens_joined++;
        return "";
    }
    if (blank || (page && !next_lower))
        return "\n\n";
    if (s[*n - 1] == '-' && *n >= 2) {
        size_t at;
        uint32_t before = last_cp(s, *n - 1, &at);
        if (amb_text_class_of(before) == AMB_TEXT_WORD &&
            amb_text_class_of(next) == AMB_TEXT_WORD)
            return next_lower && starts_with_conjunction(b, m) ? " " : "";
    }
    if (page) {
        char c = s[*n - 1];
        if (c == '.' || c == '!' || c == '?' || c == ':')
            return "\n\n";
    }
    return " ";
}

/* Pass 3: write the kept lines as paragraphs into out (room for every
 * line plus two bytes each); returns the length written. */
static size_t join_lines(const norm *nm, char *out, amb_text_stats *stats)
{
    size_t o = 0;
    int blank = 0, page = 0, have = 0;
    size_t prev_page = 0;
    const char *pending = NULL;
    size_t pending_len = 0;
    for (size_t i = 0; i < nm->nlines; i++) {
        const amb_text_line *l = &nm->lines[i];
        if (l->dropped)
            continue;
        if (have && l->page != prev_page)
            page = 1;
        prev_page = l->page;
        if (l->len == 0) {
            blank = have;
            continue;
        }
        const char *s = nm->buf + l->off;
        if (pending) {
            const char *sep = connect(pending, &pending_len, s, l->len, blank,
                                      page, stats);
            put_visible(out, &o, pending, pending_len);
            size_t k = strlen(sep);
            memcpy(out + o, sep, k);
            o += k;
        }
        pending = s;
        pending_len = l->len;
        have = 1;
        blank = page = 0;
    }
    if (pending) {
        put_visible(out, &o, pending, pending_len);
        out[o++] = '\n';
    }
    return o;
}

int amb_text_clean(const char *in, size_t len, char **out, size_t *out_len,
                   amb_text_stats *stats)
{
    amb_text_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    *out = NULL;
    *out_len = 0;
    norm nm;
    memset(&nm, 0, sizeof nm);
    int rc = normalise(in, len, &nm, stats);
    if (rc == 0)
        rc = amb_text_drop_running(nm.buf, nm.lines, nm.nlines, stats->pages,
                                   stats);
    char *res = NULL;
    if (rc == 0) {
        /* Each kept line, then at most two separator bytes, then NUL. */
        res = malloc(nm.len + 2 * nm.nlines + 1);
        if (!res)
            rc = -1;
    }
    if (rc == 0) {
        size_t n = join_lines(&nm, res, stats);
        res[n] = '\0';
        *out = res;
        *out_len = n;
    }
    free(nm.buf);
    free(nm.lines);
    return rc;
}
