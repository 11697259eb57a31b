/*
 * px_input.c - the PX parser's state: creating and freeing it, its input
 * buffer and read callbacks, error and warning messages, memory it owns.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "px_internal.h"

/* ------------------------------------------------------------ helpers */

int px_buf_put(px_buf *b, const void *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return PX_ENOMEM;
        b->data = d;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

void px_buf_free(px_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* Format "FILE[:LINE]: " + fmt into out. */
static void vformat(const px_parser *p, char *out, size_t len,
                    unsigned long line, const char *fmt, va_list ap)
{
    int n = line ? snprintf(out, len, "%s:%lu: ", p->file, line)
                 : snprintf(out, len, "%s: ", p->file);
    if (n < 0 || (size_t)n >= len)
        return;
    vsnprintf(out + n, len - (size_t)n, fmt, ap);
}

int px_fail(px_parser *p, int code, unsigned long line, const char *fmt, ...)
{
    if (p->state == PX_S_FAILED)
        return p->err.code;
    va_list ap;
    va_start(ap, fmt);
    vformat(p, p->err.msg, sizeof p->err.msg, line, fmt, ap);
    va_end(ap);
    p->err.code = code;
    p->state = PX_S_FAILED;
    return code;
}

void px_warn(px_parser *p, const px_options *o, unsigned long line,
             const char *fmt, ...)
{
    if (!o || !o->warn)
        return;
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vformat(p, msg, sizeof msg, line, fmt, ap);
    va_end(ap);
    o->warn(o->warn_ud, msg);
}

void *px_alloc(px_parser *p, size_t n, size_t size)
{
    if (p->nowned == p->cap_owned) {
        size_t cap = p->cap_owned ? p->cap_owned * 2 : 32;
        void **o = realloc(p->owned, cap * sizeof *o);
        if (!o) {
            px_fail(p, PX_ENOMEM, 0, "out of memory");
            return NULL;
        }
        p->owned = o;
        p->cap_owned = cap;
    }
    void *m = calloc(n ? n : 1, size);
    if (!m) {
        px_fail(p, PX_ENOMEM, 0, "out of memory");
        return NULL;
    }
    p->owned[p->nowned++] = m;
    return m;
}

void px_excerpt(const char *s, size_t n, char *out, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 5 < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c >= 0x80 ? px_utf8_len(s + i, n - i) : 1;
        if (c >= 0x20 && c != 0x7f && k > 0) {
            if (o + k + 1 >= len)
                break;
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
        } else {
            o += (size_t)snprintf(out + o, len - o, "\\x%02X", c);
            i++;
        }
    }
    out[o < len ? o : len - 1] = '\0';
}

/* ------------------------------------------------------------ input */

px_parser *px_parser_new(const char *file, px_read_fn read, void *ud)
{
    px_parser *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->file = strdup(file ? file : "(input)");
    p->in = malloc(PX_INBUF);
    if (!p->file || !p->in) {
        free(p->file);
        free(p->in);
        free(p);
        return NULL;
    }
    p->read = read;
    p->ud = ud;
    p->line = 1;
    p->table.time_var = PX_NO_VAR;
    p->table.content_var = PX_NO_VAR;
    p->table.decimals = -1;
    p->table.file = p->file;
    return p;
}

void px_parser_free(px_parser *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nowned; i++)
        free(p->owned[i]);
    free(p->owned);
    px_buf_free(&p->arena);
    px_buf_free(&p->utext);
    free(p->toks);
    free(p->ents);
    free(p->text);
    free(p->in);
    free(p->file);
    free(p);
}

int px_in_fill(px_parser *p)
{
    if (p->in_eof)
        return -1;
    long n = p->read(p->ud, (char *)p->in, PX_INBUF);
    if (n < 0)
        return px_fail(p, PX_EIO, 0, "read error: %s", strerror(errno));
    if (n == 0) {
        p->in_eof = 1;
        return -1;
    }
    p->in_pos = 0;
    p->in_len = (size_t)n > PX_INBUF ? PX_INBUF : (size_t)n;
    return p->in[0];
}

const px_error *px_parser_error(const px_parser *p)
{
    return &p->err;
}

uint64_t px_parser_bytes(const px_parser *p)
{
    return p->bytes;
}

long px_read_file(void *ud, char *buf, size_t len)
{
    FILE *fp = ud;
    size_t n = fread(buf, 1, len, fp);
    if (n == 0 && ferror(fp))
        return -1;
    return (long)n;
}

long px_read_mem(void *ud, char *buf, size_t len)
{
    px_mem *m = ud;
    size_t n = m->len - m->pos;
    if (n > len)
        n = len;
    if (m->chunk && n > m->chunk)
        n = m->chunk;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (long)n;
}

