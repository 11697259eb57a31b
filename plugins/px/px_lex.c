/*
 * px_lex.c - the PX parser's header lexer.
 *
 * The lexer reads the input byte by byte (px_input.c) and splits the header into entries, KEYWORD[lang]("sub",...)=value;, with
 * the value as tokens: strings (adjacent quoted pieces joined), bare words
 * (YES, 2010, TLIST, A1, -) and the punctuation , ( ) :.  Only entries of
 * keywords the parser interprets are kept (their raw bytes in one arena);
 * the others are checked for syntax and dropped, so NOTE or CELLNOTE texts
 * cost no memory.  Every string's bytes are checked for UTF-8 on the way,
 * which is what the choice of encoding needs.
 *
 * Strings may not span lines (the format splits long texts into several
 * quoted pieces instead), so a missing closing quote is reported on the
 * line where it happens.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "px_internal.h"

#define PX_MAX_KEYWORD 64
#define PX_MAX_WORD 256
#define PX_MAX_ENTRIES 65536    /* kept entries: bounds the lookups */

/* Keywords whose entries are kept for px_header.c and px_time.c. */
static const char *const kept_keywords[] = {
    "CHARSET", "CODEPAGE", "LANGUAGE", "LANGUAGES", "MATRIX", "TITLE",
    "CONTENTS", "DESCRIPTION", "UNITS", "LAST-UPDATED", "DECIMALS", "STUB",
    "HEADING", "VALUES", "CODES", "VARIABLECODE", "TIMEVAL", "ELIMINATION",
    "CONTVARIABLE", "KEYS", NULL};

/* A byte for a message: 'c' when printable ASCII, else byte 0xNN. */
static const char *describe(int c, char *buf, size_t len)
{
    if (c < 0)
        snprintf(buf, len, "the end of the file");
    else if (c > 0x20 && c < 0x7f)
        snprintf(buf, len, "'%c'", c);
    else
        snprintf(buf, len, "byte 0x%02X", (unsigned)c);
    return buf;
}

/* ------------------------------------------------------------ lexer */

typedef struct lex_entry {
    char kw[PX_MAX_KEYWORD + 1];
    unsigned long line;
    int keep;
    size_t tok0;          /* first token of the entry */
    size_t arena0;        /* arena length at its start */
} lex_entry;

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
}

static int is_word(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
           c == '+';
}

static int over_limit(px_parser *p)
{
    return px_fail(p, PX_ELIMIT, p->line, "the header is larger than %llu MiB",
                   (unsigned long long)(PX_MAX_HEADER >> 20));
}

/* Skip whitespace; the next byte, -1 at the end, or an error. */
static int skip_space(px_parser *p)
{
    int c;
    while ((c = px_peek(p)) >= 0 && is_space(c))
        px_skip(p);
    if (p->bytes > PX_MAX_HEADER)
        return over_limit(p);
    return c;
}

static int push_tok(px_parser *p, int kind, size_t off, size_t len,
                    unsigned long line)
{
    if (p->ntoks == p->cap_toks) {
        size_t cap = p->cap_toks ? p->cap_toks * 2 : 256;
        px_tok *t = realloc(p->toks, cap * sizeof *t);
        if (!t)
            return px_fail(p, PX_ENOMEM, 0, "out of memory");
        p->toks = t;
        p->cap_toks = cap;
    }
    px_tok *t = &p->toks[p->ntoks++];
    t->off = (uint32_t)off;
    t->len = (uint32_t)len;
    t->line = (uint32_t)line;
    t->kind = (uint8_t)kind;
    return 0;
}

static int put_byte(px_parser *p, int c)
{
    char b = (char)c;
    if (px_buf_put(&p->arena, &b, 1))
        return px_fail(p, PX_ENOMEM, 0, "out of memory");
    return 0;
}

/* A quoted string at '"'.  join: append it to the previous token (which
 * must be the last string written).  Texts in the arena end with a NUL
 * that the arena's length counts and the token's does not. */
static int lex_string(px_parser *p, const lex_entry *e, int join)
{
    unsigned long line = p->line;
    px_skip(p); /* the opening quote */
    size_t off = p->arena.len;
    if (join) {
        px_tok *prev = &p->toks[p->ntoks - 1];
        off = prev->off;
        p->arena.len = prev->off + prev->len; /* drop its NUL */
    }
    size_t piece = p->arena.len;
    int c, rc;
    while ((c = px_peek(p)) != '"') {
        if (c < -1)
            return c;
        if (c == -1)
            return px_fail(p, PX_EPARSE, p->line,
                           "unterminated string in %s (the file ends before "
                           "its closing '\"')", e->kw);
        if (c == '\n' || c == '\r')
            return px_fail(p, PX_EPARSE, p->line,
                           "unterminated string in %s (the line ends before "
                           "its closing '\"')", e->kw);
        if (c == 0)
            return px_fail(p, PX_EPARSE, p->line,
                           "a NUL byte in a string of %s", e->kw);
        if (p->bytes > PX_MAX_HEADER)
            return over_limit(p);
        if ((rc = put_byte(p, c)))
            return rc;
        px_skip(p);
    }
    px_skip(p); /* the closing quote */
    const char *s = p->arena.data ? p->arena.data + piece : "";
    size_t n = p->arena.len - piece;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) {
            p->nonascii = 1;
            if (!p->bad_utf8_line && !px_utf8_valid(s, n))
                p->bad_utf8_line = line;
            break;
        }
    size_t len = p->arena.len - off;
    if ((rc = put_byte(p, 0)))
        return rc;
    if (join) {
        p->toks[p->ntoks - 1].len = (uint32_t)len;
        return 0;
    }
    return push_tok(p, PX_T_STRING, off, len, line);
}

static int lex_word(px_parser *p, const lex_entry *e)
{
    unsigned long line = p->line;
    size_t off = p->arena.len;
    int c, rc;
    while ((c = px_peek(p)) >= 0 && is_word(c)) {
        if (p->arena.len - off >= PX_MAX_WORD)
            return px_fail(p, PX_EPARSE, line,
                           "a word longer than %d characters in the value "
                           "of %s", PX_MAX_WORD, e->kw);
        if ((rc = put_byte(p, c)))
            return rc;
        px_skip(p);
    }
    if (c < -1)
        return c;
    size_t len = p->arena.len - off;
    if ((rc = put_byte(p, 0)))
        return rc;
    return push_tok(p, PX_T_WORD, off, len, line);
}

/* Keyword[lang](subkeys)= at a keyword character; fills e and *lang. */
static int lex_name(px_parser *p, lex_entry *e, uint32_t *lang)
{
    char what[24];
    size_t n = 0;
    int c;
    while ((c = px_peek(p)) >= 0 && is_word(c) && c != '.' && c != '+') {
        if (n == PX_MAX_KEYWORD)
            return px_fail(p, PX_EPARSE, e->line,
                           "a keyword longer than %d characters",
                           PX_MAX_KEYWORD);
        e->kw[n++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
        px_skip(p);
    }
    e->kw[n] = '\0';
    if (c < -1)
        return c;
    for (size_t i = 0; kept_keywords[i]; i++)
        if (strcmp(e->kw, kept_keywords[i]) == 0)
            e->keep = 1;
    *lang = PX_NONE;
    if ((c = skip_space(p)) == '[') {
        px_skip(p);
        size_t off = p->arena.len, len = 0;
        int rc;
        while ((c = px_peek(p)) >= 0 && is_word(c) && len < 16) {
            if ((rc = put_byte(p, c)))
                return rc;
            px_skip(p);
            len++;
        }
        if (c < -1)
            return c;
        if (len == 0 || c != ']')
            return px_fail(p, PX_EPARSE, p->line,
                           "%s: expected a language code and ']' after '[', "
                           "found %s", e->kw, describe(c, what, sizeof what));
        px_skip(p);
        if ((rc = put_byte(p, 0)))
            return rc;
        *lang = (uint32_t)off;
        c = skip_space(p);
    }
    if (c == '(') {
        px_skip(p);
        for (;;) {
            if ((c = skip_space(p)) != '"')
                return c < -1 ? c
                              : px_fail(p, PX_EPARSE, p->line,
                                        "%s: expected a quoted subkey, found "
                                        "%s", e->kw,
                                        describe(c, what, sizeof what));
            int rc = lex_string(p, e, 0);
            if (rc)
                return rc;
            if ((c = skip_space(p)) == ')')
                break;
            if (c != ',')
                return c < -1 ? c
                              : px_fail(p, PX_EPARSE, p->line,
                                        "%s: expected ',' or ')' after a "
                                        "subkey, found %s", e->kw,
                                        describe(c, what, sizeof what));
            px_skip(p);
        }
        px_skip(p);
        c = skip_space(p);
    }
    if (c != '=')
        return c < -1 ? c
                      : px_fail(p, PX_EPARSE, p->line,
                                "%s: expected '=', found %s", e->kw,
                                describe(c, what, sizeof what));
    px_skip(p);
    return 0;
}

/* The value of entry e up to its ';'. */
static int lex_value(px_parser *p, lex_entry *e)
{
    char what[24];
    int last_string = 0, any = 0, rc, c;
    for (;;) {
        if ((c = skip_space(p)) < -1)
            return c;
        if (c == -1)
            return px_fail(p, PX_EPARSE, e->line,
                           "the file ends inside %s (no ';' after its value)",
                           e->kw);
        if (c == ';') {
            px_skip(p);
            break;
        }
        any = 1;
        if (c == '"') {
            rc = lex_string(p, e, last_string);
            last_string = 1;
        } else if (is_word(c)) {
            rc = lex_word(p, e);
            last_string = 0;
        } else if (c == ',' || c == '(' || c == ')' || c == ':') {
            unsigned long line = p->line;
            size_t off = p->arena.len;
            px_skip(p);
            if ((rc = put_byte(p, c)) == 0 && (rc = put_byte(p, 0)) == 0)
                rc = push_tok(p, PX_T_PUNCT, off, 1, line);
            last_string = 0;
        } else {
            return px_fail(p, PX_EPARSE, p->line,
                           "unexpected %s in the value of %s",
                           describe(c, what, sizeof what), e->kw);
        }
        if (rc)
            return rc;
    }
    if (!any)
        return px_fail(p, PX_EPARSE, e->line, "%s has no value", e->kw);
    return 0;
}

static int push_entry(px_parser *p, const lex_entry *e, uint32_t kw,
                      uint32_t lang, size_t nsub)
{
    if (p->nents == PX_MAX_ENTRIES)
        return px_fail(p, PX_ELIMIT, e->line,
                       "more than %d entries of the keywords that describe "
                       "the table", PX_MAX_ENTRIES);
    if (p->nents == p->cap_ents) {
        size_t cap = p->cap_ents ? p->cap_ents * 2 : 64;
        px_entry *n = realloc(p->ents, cap * sizeof *n);
        if (!n)
            return px_fail(p, PX_ENOMEM, 0, "out of memory");
        p->ents = n;
        p->cap_ents = cap;
    }
    px_entry *x = &p->ents[p->nents++];
    x->kw = kw;
    x->lang = lang;
    x->line = (uint32_t)e->line;
    x->tok = e->tok0;
    x->nsub = nsub;
    x->nval = p->ntoks - e->tok0 - nsub;
    return 0;
}

/* A UTF-8 byte order mark at the very start: skipped and noted. */
static int lex_bom(px_parser *p)
{
    int c = px_peek(p);
    if (c != 0xEF)
        return c < -1 ? c : 0;
    px_skip(p);
    if (px_peek(p) == 0xBB) {
        px_skip(p);
        if (px_peek(p) == 0xBF) {
            px_skip(p);
            p->bom = 1;
            return 0;
        }
    }
    if (p->state == PX_S_FAILED)
        return p->err.code;
    return px_fail(p, PX_EPARSE, 1, "expected a keyword, found byte 0xEF");
}

int px_lex_header(px_parser *p)
{
    int rc = lex_bom(p);
    if (rc)
        return rc;
    for (;;) {
        int c = skip_space(p);
        if (c < -1)
            return c;
        if (c == -1)
            return px_fail(p, PX_EPARSE, 0,
                           "no DATA keyword (the file ends at line %lu)",
                           p->line);
        lex_entry e;
        memset(&e, 0, sizeof e);
        e.line = p->line;
        e.tok0 = p->ntoks;
        e.arena0 = p->arena.len;
        if (!is_word(c) || c == '.' || c == '+') {
            char what[24];
            return px_fail(p, PX_EPARSE, p->line,
                           "expected a keyword, found %s",
                           describe(c, what, sizeof what));
        }
        uint32_t lang = PX_NONE;
        if ((rc = lex_name(p, &e, &lang)))
            return rc;
        size_t nsub = p->ntoks - e.tok0;
        if (strcmp(e.kw, "DATA") == 0) {
            if (lang != PX_NONE || nsub)
                return px_fail(p, PX_EPARSE, e.line,
                               "DATA takes no language or subkeys");
            p->data_line = e.line;
            p->ntoks = e.tok0;
            p->arena.len = e.arena0;
            return 0;
        }
        if ((rc = lex_value(p, &e)))
            return rc;
        if (!e.keep) {
            p->ntoks = e.tok0;
            p->arena.len = e.arena0;
            continue;
        }
        size_t kw = p->arena.len;
        if (px_buf_put(&p->arena, e.kw, strlen(e.kw) + 1))
            return px_fail(p, PX_ENOMEM, 0, "out of memory");
        if ((rc = push_entry(p, &e, (uint32_t)kw, lang, nsub)))
            return rc;
    }
}
