/*
 * px_text.c - the text of a PX header: which encoding it is in, and its
 * strings decoded to UTF-8.
 *
 * The choice, in order:
 *  1. a UTF-8 byte order mark: UTF-8 (every string must be valid UTF-8);
 *  2. only ASCII in the strings: nothing to decode;
 *  3. every string valid UTF-8: UTF-8, whatever CODEPAGE or CHARSET say
 *     (producers do mislabel files; a Latin-1 text with non-ASCII letters
 *     is practically never valid UTF-8), with a warning when the file
 *     declared something else;
 *  4. CODEPAGE (through iconv; a file that declares UTF-8 but is not
 *     UTF-8 is an error), else CHARSET="ANSI" as Windows-1252, else, as
 *     the format says for files without CHARSET, DOS code page 850.
 * For ISO-8859-1 and ISO-8859-15, bytes 0x80-0x9F (control characters
 * there, but Windows-1252's quotes, dashes and euro sign in real files)
 * are read as Windows-1252, with a warning.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "px_internal.h"

/* Windows-1252's characters for bytes 0x80-0x9F; 0 where it has none. */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

/* Decode one UTF-8 sequence at s (n bytes left): its length, or 0 when it
 * is not valid (overlong, surrogate, above U+10FFFF, truncated). */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t len;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

size_t px_utf8_len(const char *s, size_t n)
{
    unsigned long cp;
    return n ? utf8_seq((const unsigned char *)s, n, &cp) : 0;
}

int px_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned long cp;
        size_t k = utf8_seq(u + i, n - i, &cp);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

/* The next code point of NUL-terminated s, case-folded for ASCII and
 * Latin-1 letters; a byte that starts no valid sequence stands alone. */
static unsigned long fold_next(const char **s)
{
    const unsigned char *u = (const unsigned char *)*s;
    unsigned long cp;
    size_t k = utf8_seq(u, strlen(*s), &cp);
    if (k == 0) {
        cp = 0x110000 + u[0];
        k = 1;
    }
    *s += k;
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
        cp += 0x20;
    return cp;
}

int px_casecmp(const char *a, const char *b)
{
    while (*a && *b) {
        unsigned long x = fold_next(&a), y = fold_next(&b);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static void put_utf8(char *out, size_t *o, unsigned long cp)
{
    if (cp < 0x800) {
        out[(*o)++] = (char)(0xC0 | (cp >> 6));
    } else {
        out[(*o)++] = (char)(0xE0 | (cp >> 12));
        out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    }
    out[(*o)++] = (char)(0x80 | (cp & 0x3F));
}

/* ------------------------------------------------------------ decoding */

typedef struct decoder {
    iconv_t cd;             /* (iconv_t)-1 when the text is UTF-8 */
    const char *name;       /* as declared, for messages */
    int c1_as_1252;
    unsigned long c1_line;  /* first line where that was needed */
    unsigned char bad;      /* the byte iconv refused */
} decoder;

/* A name with case, '-', '_' and spaces dropped, into out. */
static void squeeze(const char *s, char *out, size_t len)
{
    size_t o = 0;
    for (; *s && o + 1 < len; s++)
        if (*s != '-' && *s != '_' && *s != ' ')
            out[o++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
    out[o] = '\0';
}

static int is_utf8_name(const char *s)
{
    char n[16];
    squeeze(s, n, sizeof n);
    return strcmp(n, "utf8") == 0;
}

static int is_latin_name(const char *s)
{
    static const char *const names[] = {"iso88591", "iso885915", "latin1",
                                        "latin9", "l1", "l9", "iso8859",
                                        "88591", "885915", NULL};
    char n[24];
    squeeze(s, n, sizeof n);
    for (size_t i = 0; names[i]; i++)
        if (strcmp(n, names[i]) == 0)
            return 1;
    return 0;
}

/* Run iconv over in[0..n) appending UTF-8 to out.  0, PX_ENOMEM, or
 * PX_EPARSE with d->bad set. */
static int run_iconv(decoder *d, const char *in, size_t n, px_buf *out)
{
    char *src = (char *)in;
    size_t left = n;
    iconv(d->cd, NULL, NULL, NULL, NULL);
    while (left > 0) {
        char tmp[1024];
        char *dst = tmp;
        size_t room = sizeof tmp;
        size_t r = iconv(d->cd, &src, &left, &dst, &room);
        if (px_buf_put(out, tmp, sizeof tmp - room))
            return PX_ENOMEM;
        if (r == (size_t)-1 && errno != E2BIG) {
            d->bad = (unsigned char)*src;
            return PX_EPARSE;
        }
    }
    return 0;
}

/* Decode in[0..n) (one string of line) appending to out. */
static int decode(decoder *d, const char *in, size_t n, unsigned long line,
                  px_buf *out)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = i < n ? (unsigned char)in[i] : 0;
        if (i < n && !(d->c1_as_1252 && c >= 0x80 && c <= 0x9F))
            continue;
        int rc = run_iconv(d, in + start, i - start, out);
        if (rc)
            return rc;
        start = i + 1;
        if (i == n)
            break;
        if (!cp1252_c1[c - 0x80]) {
            d->bad = c;
            return PX_EPARSE;
        }
        char u[4];
        size_t o = 0;
        put_utf8(u, &o, cp1252_c1[c - 0x80]);
        if (px_buf_put(out, u, o))
            return PX_ENOMEM;
        if (!d->c1_line)
            d->c1_line = line;
    }
    return 0;
}

/* The first string of a kept, language-less entry kw, raw; or NULL. */
static const px_tok *raw_value(const px_parser *p, const char *kw,
                               unsigned long *line)
{
    for (size_t i = 0; i < p->nents; i++) {
        const px_entry *e = &p->ents[i];
        if (e->lang == PX_NONE && e->nsub == 0 && e->nval > 0 &&
            strcmp(p->arena.data + e->kw, kw) == 0 &&
            p->toks[e->tok].kind == PX_T_STRING) {
            *line = e->line;
            return &p->toks[e->tok];
        }
    }
    return NULL;
}

/* Choose the decoder (see the top of the file); d->cd stays -1 for UTF-8
 * and ASCII. */
static int choose(px_parser *p, const px_options *o, decoder *d)
{
    unsigned long cp_line = 0, cs_line = 0;
    const px_tok *cp = raw_value(p, "CODEPAGE", &cp_line);
    const px_tok *cs = raw_value(p, "CHARSET", &cs_line);
    const char *codepage = cp ? p->arena.data + cp->off : NULL;
    int ansi = cs && strcasecmp(p->arena.data + cs->off, "ANSI") == 0;
    d->cd = (iconv_t)-1;
    if (p->bom) {
        p->table.encoding = "UTF-8";
        if (p->bad_utf8_line)
            return px_fail(p, PX_EPARSE, p->bad_utf8_line,
                           "not valid UTF-8, though the file starts with a "
                           "UTF-8 byte order mark");
        return 0;
    }
    if (!p->nonascii || !p->bad_utf8_line) {
        p->table.encoding = "UTF-8";
        if (!p->nonascii)
            p->table.encoding = codepage && *codepage ? codepage
                                : ansi                ? "Windows-1252"
                                                      : "US-ASCII";
        else if (codepage && !is_utf8_name(codepage))
            px_warn(p, o, 0,
                    "declares CODEPAGE \"%s\" but its text is valid UTF-8: "
                    "read as UTF-8", codepage);
        else if (!codepage && ansi)
            px_warn(p, o, 0,
                    "declares CHARSET \"ANSI\" (Windows-1252) but its text "
                    "is valid UTF-8: read as UTF-8");
        return 0;
    }
    if (codepage && is_utf8_name(codepage))
        return px_fail(p, PX_EPARSE, p->bad_utf8_line,
                       "not valid UTF-8, though CODEPAGE is \"%s\"", codepage);
    d->name = codepage ? codepage : ansi ? "Windows-1252" : "IBM850";
    d->c1_as_1252 = codepage && is_latin_name(codepage);
    d->cd = iconv_open("UTF-8", d->name);
    if (d->cd == (iconv_t)-1)
        return px_fail(p, errno == EINVAL ? PX_EPARSE : PX_ENOMEM,
                       errno == EINVAL ? cp_line : 0,
                       "CODEPAGE \"%s\" is not an encoding this system can "
                       "decode", d->name);
    p->table.encoding = d->name;
    return 0;
}

int px_decode_header(px_parser *p, const px_options *o)
{
    decoder d;
    memset(&d, 0, sizeof d);
    int rc = choose(p, o, &d);
    if (rc)
        return rc;
    size_t *offs = malloc((p->ntoks ? p->ntoks : 1) * sizeof *offs);
    p->text = malloc((p->ntoks ? p->ntoks : 1) * sizeof *p->text);
    if (!offs || !p->text) {
        rc = px_fail(p, PX_ENOMEM, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < p->ntoks; i++) {
        const px_tok *t = &p->toks[i];
        const char *raw = p->arena.data + t->off;
        offs[i] = p->utext.len;
        int ascii = 1;
        for (size_t k = 0; k < t->len && ascii; k++)
            ascii = (unsigned char)raw[k] < 0x80;
        if (d.cd == (iconv_t)-1 || ascii)
            rc = px_buf_put(&p->utext, raw, t->len);
        else
            rc = decode(&d, raw, t->len, t->line, &p->utext);
        if (rc == 0)
            rc = px_buf_put(&p->utext, "", 1); /* keep the NUL */
        if (rc == PX_EPARSE) {
            rc = px_fail(p, PX_EPARSE, t->line,
                         "byte 0x%02X is not a character in %s", d.bad,
                         d.name);
            goto out;
        }
        if (rc) {
            rc = px_fail(p, PX_ENOMEM, 0, "out of memory");
            goto out;
        }
    }
    for (size_t i = 0; i < p->ntoks; i++)
        p->text[i] = p->utext.data + offs[i];
    if (d.c1_line)
        px_warn(p, o, d.c1_line,
                "bytes 0x80-0x9F are control characters in %s; read as "
                "Windows-1252", d.name);
out:
    free(offs);
    if (d.cd != (iconv_t)-1)
        iconv_close(d.cd);
    return rc;
}
