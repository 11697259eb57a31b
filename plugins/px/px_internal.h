/*
 * px_internal.h - what the parts of the PX parser share: the parser state,
 * the raw header entries the lexer keeps, and small helpers.
 *
 *   px_input.c   the parser's state, input, messages and owned memory
 *   px_lex.c     bytes in, header entries out (raw bytes, not yet decoded)
 *   px_text.c    UTF-8 checks, choosing and running the decoder (iconv)
 *   px_header.c  entries -> px_table: languages, variables, texts
 *   px_time.c    TIMEVAL and the choice of the time variable
 *   px_data.c    the DATA cells, streamed
 */
#ifndef PX_INTERNAL_H
#define PX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "px_parse.h"

#if defined(__GNUC__)
#define PX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PX_PRINTF(f, a)
#endif

#define PX_NONE UINT32_MAX
#define PX_INBUF 65536

/* A growable byte buffer; data is NUL-terminated when len > 0. */
typedef struct px_buf {
    char *data;
    size_t len, cap;
} px_buf;

int px_buf_put(px_buf *b, const void *s, size_t n);  /* 0 or PX_ENOMEM */
void px_buf_free(px_buf *b);

enum px_tok_kind { PX_T_STRING, PX_T_WORD, PX_T_PUNCT };

/* One token of a kept entry: its raw text at arena offset off. */
typedef struct px_tok {
    uint32_t off, len, line;
    uint8_t kind;
} px_tok;

/* One kept header entry: KEYWORD[lang](subkeys)=value;  The first nsub
 * tokens from tok are the subkeys (strings), the next nval the value. */
typedef struct px_entry {
    uint32_t kw;        /* arena offset of the upper-cased keyword */
    uint32_t lang;      /* arena offset of the language, or PX_NONE */
    uint32_t line;
    size_t tok, nsub, nval;
} px_entry;

enum px_state { PX_S_NEW, PX_S_DATA, PX_S_DONE, PX_S_FAILED };

struct px_parser {
    char *file;
    px_read_fn read;
    void *ud;
    unsigned char *in;          /* PX_INBUF bytes */
    size_t in_pos, in_len;
    int in_eof;
    uint64_t bytes;             /* consumed */
    unsigned long line;         /* of the next byte */
    px_error err;
    enum px_state state;

    /* the lexer's output */
    int bom;                    /* the input starts with a UTF-8 BOM */
    int nonascii;               /* some string has a byte >= 0x80 */
    unsigned long bad_utf8_line;/* first string line that is not UTF-8 */
    px_buf arena;               /* raw texts, each NUL-terminated */
    px_tok *toks;
    size_t ntoks, cap_toks;
    px_entry *ents;
    size_t nents, cap_ents;
    unsigned long data_line;    /* the line of DATA= */

    /* the decoded header */
    px_buf utext;               /* decoded string tokens */
    const char **text;          /* [ntoks] UTF-8 text of every token */
    px_table table;
    void **owned;               /* arrays the table points to */
    size_t nowned, cap_owned;

    /* the cells */
    size_t pos[PX_MAX_VARS];
    uint64_t cells;             /* cells seen, including any extra */
    int closed;                 /* the last thing in DATA was ';' */
};

/* Record a sticky error "FILE:LINE: ..." (line 0: "FILE: ...") and return
 * code. */
int px_fail(px_parser *p, int code, unsigned long line, const char *fmt, ...)
    PX_PRINTF(4, 5);
/* Pass a warning "FILE:LINE: ..." (line 0: "FILE: ...") to o->warn. */
void px_warn(px_parser *p, const px_options *o, unsigned long line,
             const char *fmt, ...) PX_PRINTF(4, 5);

/* Allocation owned by the parser (freed with it); NULL sets PX_ENOMEM. */
void *px_alloc(px_parser *p, size_t n, size_t size);

/* The input, byte by byte: the next byte (0..255), -1 at the end, or
 * PX_EIO with the error recorded. */
int px_in_fill(px_parser *p);
static inline int px_peek(px_parser *p)
{
    if (p->in_pos < p->in_len)
        return p->in[p->in_pos];
    return px_in_fill(p);
}
static inline void px_skip(px_parser *p)
{
    if (p->in[p->in_pos++] == '\n')
        p->line++;
    p->bytes++;
}

/* px_lex.c: read the header entries up to DATA=.  0 or a negative code. */
int px_lex_header(px_parser *p);

/* px_text.c */
int px_utf8_valid(const char *s, size_t n);
/* The length of the valid UTF-8 sequence at s (n bytes left), or 0. */
size_t px_utf8_len(const char *s, size_t n);
/* Compare UTF-8 strings ignoring the case of ASCII and Latin-1 letters. */
int px_casecmp(const char *a, const char *b);
/* Choose the encoding from CHARSET/CODEPAGE and the bytes, decode every
 * string token into p->text.  0 or a negative code. */
int px_decode_header(px_parser *p, const px_options *o);

/* px_header.c: the entry of keyword kw in language lang (an index into the
 * table's languages) with the given subkeys, or NULL.  A keyword given
 * twice is an error: *rc is set (else 0). */
const px_entry *px_find(px_parser *p, const char *kw, size_t lang,
                        const char *const *subs, size_t nsub, int *rc);
/* The entry's value as a list of strings: count, and the texts borrowed
 * into out (allocated by the parser).  Words are refused. */
int px_string_list(px_parser *p, const px_entry *e, const char *what,
                   const char ***out, size_t *n);
/* "KEYWORD[lang]("sub")" for messages, into buf. */
const char *px_entry_name(px_parser *p, const px_entry *e, char *buf,
                          size_t len);
int px_build_table(px_parser *p, const px_options *o);

/* px_time.c: check TIMEVAL and choose the time variable. */
int px_resolve_time(px_parser *p, const px_options *o);

/* Escape s[0..n) for a message: printable ASCII and UTF-8 kept, other
 * bytes as \xNN, at most about len - 1 bytes. */
void px_excerpt(const char *s, size_t n, char *out, size_t len);

#endif
