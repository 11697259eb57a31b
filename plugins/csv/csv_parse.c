/*
 * csv_parse.c - the streaming tokenizer (see csv_parse.h for the rules).
 *
 * Invariants of the buffer: bytes [rs, end) are the record being tokenized
 * (from its first byte) and what follows it; pos is the next byte to look
 * at; buf[end] is always a NUL sentinel, so the inner loops stop at the end
 * of data and at a real NUL byte alike and only then compare pos with end.
 * Tokenizing never writes into the buffer: fields are kept as spans and
 * only unescaped and NUL-terminated once the whole record is in, so the raw
 * bytes stay available for error columns.  A refill moves [rs, end) to the
 * start of the buffer and grows the buffer, never beyond max_record + 1
 * bytes (plus the sentinel).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv_parse.h"

#define INITIAL_CAP ((size_t)64 * 1024)
#define STOP_PLAIN 1u   /* ends the fast loop in an unquoted field */
#define STOP_QUOTED 2u  /* ends the fast loop in a quoted field */

enum { ST_START, ST_PLAIN, ST_QUOTED, ST_QUOTE_END };

/* A field of the current record: content offsets from rs, and whether it
 * holds doubled quotes to collapse. */
typedef struct span {
    size_t start, end;
    int esc;
} span;

struct csv_parser {
    csv_read_fn read;
    void *ud;
    char *buf;                /* cap + 1 bytes */
    size_t cap, rs, pos, end;
    size_t max_record;
    int eof, started, after_cr, state;
    char delim;
    unsigned long line;       /* physical line of buf[pos] */
    size_t line_start;        /* index where that line starts */
    unsigned long rec_line;   /* line the current record starts on */
    size_t fstart;            /* index of the current field's content */
    int fesc;
    unsigned long qline;      /* where the open quote of the field is */
    size_t qline_start, qpos;
    span *spans;              /* span_cap entries, like fields */
    csv_field *fields;
    size_t nspans, span_cap;
    uint64_t nread;
    unsigned char cls[256];
    csv_error err;
};

static int set_error(csv_parser *p, int code, const char *msg)
{
    p->err.code = code;
    p->err.line = p->rec_line;
    snprintf(p->err.msg, sizeof p->err.msg, "%s", msg);
    return code;
}

/* Record a syntax error about the byte at index at, on physical line line
 * which starts at index line_start; the column counts characters. */
static int fail_at(csv_parser *p, int code, unsigned long line,
                   size_t line_start, size_t at, const char *what)
{
    unsigned long col = 1;
    for (size_t i = line_start; i < at; i++)
        if (((unsigned char)p->buf[i] & 0xC0) != 0x80)
            col++;
    char msg[sizeof p->err.msg];
    if (line == p->rec_line)
        snprintf(msg, sizeof msg, "%s at column %lu", what, col);
    else
        snprintf(msg, sizeof msg, "%s at line %lu, column %lu", what, line,
                 col);
    return set_error(p, code, msg);
}

/* Move the current record to the buffer start, grow the buffer when it is
 * full, and read more input after end.  Sets eof at end of input.  Returns
 * 0 or an error (a record that cannot fit is CSV_ELIMIT). */
static int refill(csv_parser *p)
{
    if (p->rs > 0) {
        size_t shift = p->rs;
        memmove(p->buf, p->buf + shift, p->end - shift);
        p->end -= shift;
        p->pos -= shift;
        p->line_start -= shift;
        p->fstart -= shift;
        p->qline_start -= shift;
        p->qpos -= shift;
        p->rs = 0;
    }
    if (p->end == p->cap) {
        if (p->cap > p->max_record) {
            char msg[96];
            snprintf(msg, sizeof msg, "record longer than %zu bytes",
                     p->max_record);
            return set_error(p, CSV_ELIMIT, msg);
        }
        size_t ncap = p->cap * 2;
        if (ncap > p->max_record + 1)
            ncap = p->max_record + 1;
        char *nb = realloc(p->buf, ncap + 1);
        if (!nb)
            return set_error(p, CSV_ENOMEM, "out of memory");
        p->buf = nb;
        p->cap = ncap;
    }
    size_t want = p->cap - p->end;
    long n = p->read(p->ud, p->buf + p->end, want);
    if (n < 0 || (size_t)n > want) {
        char msg[128];
        snprintf(msg, sizeof msg, "read error: %s",
                 n < 0 ? strerror(errno) : "reader overran the buffer");
        return set_error(p, CSV_EIO, msg);
    }
    if (n == 0)
        p->eof = 1;
    p->end += (size_t)n;
    p->nread += (uint64_t)n;
    p->buf[p->end] = '\0';
    return 0;
}

/* The length of the UTF-8 sequence at s with avail bytes readable: 2..4
 * when valid, 0 when more bytes are needed to tell, -1 when invalid
 * (stray continuation byte, overlong form, surrogate, beyond U+10FFFF). */
static int utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    int n;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return -1;
    }
    for (int i = 1; i < n; i++) {
        if ((size_t)i >= avail)
            return 0;
        unsigned char b = s[i];
        if (i == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
            return -1;
    }
    return n;
}

/* Check the sequence at buf[pos + off], refilling when the buffer cuts it.
 * Returns 0 with *len set, 1 when invalid, 2 when the input ends inside it,
 * or a negative code. */
static int utf8_at(csv_parser *p, size_t off, size_t *len)
{
    for (;;) {
        size_t at = p->pos + off;
        int n = utf8_seq((const unsigned char *)p->buf + at, p->end - at);
        if (n > 0) {
            *len = (size_t)n;
            return 0;
        }
        if (n < 0)
            return 1;
        if (p->eof)
            return 2;
        int rc = refill(p);
        if (rc < 0)
            return rc;
    }
}

static int bad_utf8(csv_parser *p, int why, unsigned long line,
                    size_t line_start, size_t at)
{
    char what[64];
    if (why == 2)
        snprintf(what, sizeof what, "truncated UTF-8 sequence");
    else
        snprintf(what, sizeof what, "invalid UTF-8 (byte 0x%02X)",
                 (unsigned)(unsigned char)p->buf[at]);
    return fail_at(p, CSV_ESYNTAX, line, line_start, at, what);
}

/* Validate and step over the multi-byte character at pos. */
static int step_utf8(csv_parser *p)
{
    size_t len = 0;
    int r = utf8_at(p, 0, &len);
    if (r < 0)
        return r;
    if (r > 0)
        return bad_utf8(p, r, p->line, p->line_start, p->pos);
    p->pos += len;
    return 0;
}

static void set_delimiter(csv_parser *p, char d)
{
    p->delim = d;
    memset(p->cls, 0, sizeof p->cls);
    for (size_t c = 0x80; c < 0x100; c++)
        p->cls[c] = STOP_PLAIN | STOP_QUOTED;
    p->cls[0] = p->cls['"'] = p->cls['\n'] = p->cls['\r'] =
        STOP_PLAIN | STOP_QUOTED;
    p->cls[(unsigned char)d] |= STOP_PLAIN;
}

static int delimiter_ok(char d)
{
    unsigned char c = (unsigned char)d;
    return c != 0 && c < 0x80 && c != '"' && c != '\n' && c != '\r';
}

/* Skip the byte order mark once, at the very start of the input. */
static int prepare(csv_parser *p)
{
    if (p->err.code)
        return p->err.code;
    if (p->started)
        return 0;
    p->started = 1;
    while (p->end - p->pos < 3 && !p->eof) {
        int rc = refill(p);
        if (rc < 0)
            return rc;
    }
    if (p->end - p->pos >= 3 && memcmp(p->buf + p->pos, "\xEF\xBB\xBF", 3) == 0)
        p->pos += 3;
    p->line_start = p->pos;
    return 0;
}

/* Consume blank lines at pos (and the LF of a CRLF whose CR ended the
 * previous record).  Returns 0, or an error. */
static int skip_blank(csv_parser *p)
{
    for (;;) {
        if (p->pos == p->end) {
            if (p->eof)
                return 0;
            p->rs = p->pos;
            int rc = refill(p);
            if (rc < 0)
                return rc;
            continue;
        }
        char c = p->buf[p->pos];
        if (c != '\n' && c != '\r') {
            p->after_cr = 0;
            return 0;
        }
        if (!(c == '\n' && p->after_cr))
            p->line++;
        p->after_cr = c == '\r';
        p->pos++;
        p->line_start = p->pos;
    }
}

/* Find the end of the next non-blank record without knowing the delimiter:
 * a quote toggles quoting, a line break outside quotes ends the record.
 * Counts ';' ',' TAB outside quotes into counts (may be NULL).  With
 * consume, moves past the record and its line break (an unterminated quote
 * is then an error); otherwise leaves pos at the record's start.  Returns 1
 * when there was a record, 0 at end of input, or an error. */
static int scan_record(csv_parser *p, size_t counts[3], int consume)
{
    int rc = skip_blank(p);
    if (rc < 0)
        return rc;
    p->rs = p->line_start = p->pos;
    p->rec_line = p->line;
    size_t o = 0, ls = 0, qo = 0, qls = 0;  /* offsets from pos */
    unsigned long line = p->line, qline = 0;
    int inq = 0, brk = 0;
    for (;;) {
        if (p->pos + o == p->end) {
            if (!p->eof) {
                if ((rc = refill(p)) < 0)
                    return rc;
                continue;
            }
            if (inq && consume)
                return fail_at(p, CSV_ESYNTAX, qline, p->pos + qls,
                               p->pos + qo,
                               "unterminated quoted field starting");
            break;
        }
        unsigned char c = (unsigned char)p->buf[p->pos + o];
        if (c == '"') {
            if (!inq) {
                qo = o;
                qls = ls;
                qline = line;
            }
            inq = !inq;
        } else if (c == '\n' || c == '\r') {
            if (!inq) {
                brk = c;
                break;
            }
            if (!(c == '\n' && p->buf[p->pos + o - 1] == '\r'))
                line++;
            ls = o + 1;
        } else if (c == 0) {
            return fail_at(p, CSV_ESYNTAX, line, p->pos + ls, p->pos + o,
                           "NUL byte");
        } else if (c >= 0x80) {
            size_t len = 0;
            if ((rc = utf8_at(p, o, &len)) < 0)
                return rc;
            if (rc > 0)
                return bad_utf8(p, rc, line, p->pos + ls, p->pos + o);
            o += len;
            continue;
        } else if (counts && !inq) {
            if (c == ';')
                counts[0]++;
            else if (c == ',')
                counts[1]++;
            else if (c == '\t')
                counts[2]++;
        }
        o++;
    }
    int found = o > 0;
    if (consume) {
        p->pos += o;
        p->line = line;
        if (brk) {
            p->pos++;
            p->line++;
            p->after_cr = brk == '\r';
        }
        p->rs = p->line_start = p->pos;
    }
    return found;
}

/* Choose the delimiter from the first record (see csv_next). */
static int detect(csv_parser *p)
{
    size_t counts[3] = {0, 0, 0};
    int rc = scan_record(p, counts, 0);
    if (rc < 0)
        return rc;
    static const char cand[3] = {';', ',', '\t'};
    size_t best = 0;
    for (size_t i = 1; i < 3; i++)
        if (counts[i] > counts[best])
            best = i;
    if (counts[best] == 0)
        best = 1;
    set_delimiter(p, cand[best]);
    return 0;
}

static void begin_record(csv_parser *p)
{
    p->rs = p->line_start = p->fstart = p->qpos = p->qline_start = p->pos;
    p->nspans = 0;
    p->state = ST_START;
    p->rec_line = p->line;
}

/* Append a field with content [start, end) (buffer indexes). */
static int push(csv_parser *p, size_t start, size_t end, int esc)
{
    if (p->nspans == p->span_cap) {
        size_t ncap = p->span_cap * 2;
        span *ns = realloc(p->spans, ncap * sizeof *ns);
        if (!ns)
            return set_error(p, CSV_ENOMEM, "out of memory");
        p->spans = ns;
        csv_field *nf = realloc(p->fields, ncap * sizeof *nf);
        if (!nf)
            return set_error(p, CSV_ENOMEM, "out of memory");
        p->fields = nf;
        p->span_cap = ncap;
    }
    span *s = &p->spans[p->nspans++];
    s->start = start - p->rs;
    s->end = end - p->rs;
    s->esc = esc;
    return 0;
}

/* Collapse doubled quotes in place; returns the new length. */
static size_t unescape(char *s, size_t len)
{
    size_t r = 0, w = 0;
    while (r < len) {
        char c = s[r];
        s[w++] = c;
        r += c == '"' ? 2 : 1;
    }
    return w;
}

/* Hand out the complete record: unescape and NUL-terminate its fields. */
static int emit(csv_parser *p, csv_record *rec)
{
    char *base = p->buf + p->rs;
    for (size_t i = 0; i < p->nspans; i++) {
        const span *sp = &p->spans[i];
        char *s = base + sp->start;
        size_t len = sp->end - sp->start;
        if (sp->esc)
            len = unescape(s, len);
        s[len] = '\0';
        p->fields[i].s = s;
        p->fields[i].len = len;
    }
    rec->fields = p->fields;
    rec->nfields = p->nspans;
    rec->line = p->rec_line;
    p->state = ST_START;
    return CSV_RECORD;
}

/* The record ends at the line break c at pos. */
static int end_record(csv_parser *p, csv_record *rec, unsigned char c)
{
    p->after_cr = c == '\r';
    p->line++;
    p->pos++;
    return emit(p, rec);
}

/* End of input inside or after a record. */
static int finish(csv_parser *p, csv_record *rec)
{
    int rc = 0;
    switch (p->state) {
    case ST_START:
        if (p->nspans == 0)
            return CSV_EOF;
        rc = push(p, p->pos, p->pos, 0);
        break;
    case ST_PLAIN:
        rc = push(p, p->fstart, p->pos, 0);
        break;
    case ST_QUOTED:
        return fail_at(p, CSV_ESYNTAX, p->qline, p->qline_start, p->qpos,
                       "unterminated quoted field starting");
    default:
        rc = push(p, p->fstart, p->pos - 1, p->fesc);
        break;
    }
    return rc < 0 ? rc : emit(p, rec);
}

static int fail_here(csv_parser *p, const char *what)
{
    return fail_at(p, CSV_ESYNTAX, p->line, p->line_start, p->pos, what);
}

int csv_next(csv_parser *p, csv_record *rec)
{
    int rc = prepare(p);
    if (rc < 0)
        return rc;
    if (p->delim == 0 && (rc = detect(p)) < 0)
        return rc;
    if ((rc = skip_blank(p)) < 0)
        return rc;
    const unsigned char delim = (unsigned char)p->delim;
    begin_record(p);
    for (;;) {
        if (p->pos == p->end) {
            if (p->eof)
                return finish(p, rec);
            if ((rc = refill(p)) < 0)
                return rc;
            continue;
        }
        const unsigned char *b = (const unsigned char *)p->buf;
        size_t i = p->pos;
        unsigned char c = b[i];
        switch (p->state) {
        case ST_START: /* not at a line break when nspans == 0 */
            if (c == '"') {
                p->state = ST_QUOTED;
                p->qpos = i;
                p->qline = p->line;
                p->qline_start = p->line_start;
                p->fstart = i + 1;
                p->fesc = 0;
                p->pos++;
            } else if (c == delim) {
                if ((rc = push(p, i, i, 0)) < 0)
                    return rc;
                p->pos++;
            } else if (c == '\n' || c == '\r') {
                if ((rc = push(p, i, i, 0)) < 0)
                    return rc;
                return end_record(p, rec, c);
            } else {
                p->state = ST_PLAIN;
                p->fstart = i;
            }
            continue;
        case ST_PLAIN:
            while (!(p->cls[b[i]] & STOP_PLAIN))
                i++;
            p->pos = i;
            if (i == p->end)
                continue;
            c = b[i];
            if (c == delim || c == '\n' || c == '\r') {
                if ((rc = push(p, p->fstart, i, 0)) < 0)
                    return rc;
                if (c != delim)
                    return end_record(p, rec, c);
                p->pos++;
                p->state = ST_START;
            } else if (c >= 0x80) {
                if ((rc = step_utf8(p)) < 0)
                    return rc;
            } else {
                return fail_here(p, c == '"' ? "quote inside an unquoted field"
                                             : "NUL byte");
            }
            continue;
        case ST_QUOTED:
            while (!(p->cls[b[i]] & STOP_QUOTED))
                i++;
            p->pos = i;
            if (i == p->end)
                continue;
            c = b[i];
            if (c == '"') {
                p->pos++;
                p->state = ST_QUOTE_END;
            } else if (c == '\n' || c == '\r') {
                /* i - 1 is inside the record: at worst the opening quote */
                if (!(c == '\n' && b[i - 1] == '\r'))
                    p->line++;
                p->pos++;
                p->line_start = p->pos;
            } else if (c >= 0x80) {
                if ((rc = step_utf8(p)) < 0)
                    return rc;
            } else {
                return fail_here(p, "NUL byte");
            }
            continue;
        default: /* ST_QUOTE_END: just after a quote inside a quoted field */
            if (c == '"') {
                p->fesc = 1;
                p->pos++;
                p->state = ST_QUOTED;
                continue;
            }
            if (c == delim || c == '\n' || c == '\r') {
                if ((rc = push(p, p->fstart, i - 1, p->fesc)) < 0)
                    return rc;
                if (c != delim)
                    return end_record(p, rec, c);
                p->pos++;
                p->state = ST_START;
                continue;
            }
            return fail_here(p, "unexpected text after a closing quote");
        }
    }
}

int csv_skip(csv_parser *p, unsigned long n)
{
    int rc = prepare(p);
    if (rc < 0)
        return rc;
    for (unsigned long k = 0; k < n; k++) {
        rc = scan_record(p, NULL, 1);
        if (rc <= 0)
            return rc;
    }
    return 0;
}

csv_parser *csv_parser_new(const csv_config *cfg, csv_read_fn read, void *ud)
{
    char delim = cfg ? cfg->delimiter : 0;
    if (!read || (delim != 0 && !delimiter_ok(delim)))
        return NULL;
    csv_parser *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->read = read;
    p->ud = ud;
    p->max_record = cfg && cfg->max_record ? cfg->max_record
                                           : CSV_DEFAULT_MAX_RECORD;
    if (p->max_record > SIZE_MAX / 4)
        p->max_record = SIZE_MAX / 4;
    p->cap = INITIAL_CAP < p->max_record + 1 ? INITIAL_CAP : p->max_record + 1;
    p->span_cap = 16;
    p->buf = malloc(p->cap + 1);
    p->spans = malloc(p->span_cap * sizeof *p->spans);
    p->fields = malloc(p->span_cap * sizeof *p->fields);
    if (!p->buf || !p->spans || !p->fields) {
        csv_parser_free(p);
        return NULL;
    }
    p->buf[0] = '\0';
    p->line = 1;
    if (delim)
        set_delimiter(p, delim);
    return p;
}

void csv_parser_free(csv_parser *p)
{
    if (!p)
        return;
    free(p->buf);
    free(p->spans);
    free(p->fields);
    free(p);
}

const csv_error *csv_parser_error(const csv_parser *p)
{
    return &p->err;
}

char csv_parser_delimiter(const csv_parser *p)
{
    return p->delim;
}

uint64_t csv_parser_bytes(const csv_parser *p)
{
    return p->nread;
}

long csv_read_file(void *ud, char *buf, size_t len)
{
    FILE *fp = ud;
    size_t n = fread(buf, 1, len, fp);
    if (n == 0 && ferror(fp))
        return -1;
    return (long)n;
}

long csv_read_mem(void *ud, char *buf, size_t len)
{
    csv_mem *m = ud;
    size_t n = m->len - m->pos;
    if (n > len)
        n = len;
    if (m->chunk && n > m->chunk)
        n = m->chunk;
    if (n)
        memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (long)n;
}
