/*
 * html_writer.c - the escaping writer behind the HTML report (see
 * html_writer.h for what the escaper guarantees).
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html_writer.h"

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
#define REPLACEMENT "\xEF\xBF\xBD"

void amb_html_init(amb_html *w, FILE *fp)
{
    w->fp = fp;
    w->failed = 0;
}

static void put(amb_html *w, const char *s, size_t n)
{
    if (w->failed || n == 0)
        return;
    if (fwrite(s, 1, n, w->fp) != n)
        w->failed = 1;
}

void amb_html_raw(amb_html *w, const char *markup)
{
    if (markup)
        put(w, markup, strlen(markup));
}

void amb_html_rawf(amb_html *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!w->failed && vfprintf(w->fp, fmt, ap) < 0)
        w->failed = 1;
    va_end(ap);
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0
 * when the bytes there are not one (overlong forms, surrogates, code
 * points above U+10FFFF, truncated sequences).  *cp gets the code point. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
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
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)))
        return 0;
    if (v >= 0xD800 && v <= 0xDFFF)
        return 0;
    *cp = v;
    return len;
}

/* Characters the HTML parser reports as errors: controls other than
 * whitespace, and noncharacters. */
static int is_forbidden(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\r';
    if (cp >= 0x7F && cp <= 0x9F)
        return 1;
    if (cp >= 0xFDD0 && cp <= 0xFDEF)
        return 1;
    return (cp & 0xFFFE) == 0xFFFE;
}

void amb_html_escape_buf(amb_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    amb_buf_append(b, "", 0);
    while (i < n) {
        /* Copy the longest run that needs no change in one go. */
        size_t start = i;
        while (i < n && p[i] >= 0x20 && p[i] < 0x7F && p[i] != '&' &&
               p[i] != '<' && p[i] != '>' && p[i] != '"' && p[i] != '\'')
            i++;
        amb_buf_append(b, s + start, i - start);
        if (i >= n)
            break;
        switch (p[i]) {
        case '&':
            amb_buf_puts(b, "&amp;");
            i++;
            continue;
        case '<':
            amb_buf_puts(b, "&lt;");
            i++;
            continue;
        case '>':
            amb_buf_puts(b, "&gt;");
            i++;
            continue;
        case '"':
            amb_buf_puts(b, "&quot;");
            i++;
            continue;
        case '\'':
            amb_buf_puts(b, "&#39;");
            i++;
            continue;
        default:
            break;
        }
        uint32_t cp = 0;
        size_t len = utf8_seq(p + i, n - i, &cp);
        if (len == 0 || is_forbidden(cp)) {
            amb_buf_puts(b, REPLACEMENT);
            i += len ? len : 1;
        } else {
            amb_buf_append(b, s + i, len);
            i += len;
        }
    }
}

void amb_html_textn(amb_html *w, const char *s, size_t n)
{
    if (!s || n == 0 || w->failed)
        return;
    amb_buf b = {0};
    amb_html_escape_buf(&b, s, n);
    put(w, b.data, b.len);
    amb_buf_free(&b);
}

void amb_html_text(amb_html *w, const char *s)
{
    if (s)
        amb_html_textn(w, s, strlen(s));
}

void amb_html_textf(amb_html *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n >= 0 && (size_t)n < sizeof small) {
        amb_html_textn(w, small, (size_t)n);
    } else if (n >= 0) {
        char *big = amb_xmalloc((size_t)n + 1);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        amb_html_textn(w, big, (size_t)n);
        free(big);
    }
    va_end(ap);
}

int amb_html_id_part(const char *s, char *out, size_t cap)
{
    int clean = s && *s;
    size_t j = 0;
    for (const char *p = s ? s : ""; *p; p++) {
        if (j + 1 >= cap) {
            clean = 0;
            break;
        }
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok)
            clean = 0;
        out[j++] = ok ? c : '_';
    }
    out[j] = '\0';
    return clean;
}

int amb_html_finish(amb_html *w)
{
    if (fflush(w->fp) != 0 || ferror(w->fp))
        w->failed = 1;
    return w->failed ? -1 : 0;
}
