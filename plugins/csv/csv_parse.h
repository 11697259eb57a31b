/*
 * csv_parse.h - a streaming tokenizer for delimited text (RFC 4180 quoting).
 *
 * The parser pulls bytes through a read callback into one buffer that holds
 * the record being tokenized, so memory is bounded by the longest record
 * (at most max_record bytes), never by the input.  Fields are tokenized in
 * place: a record's fields point into that buffer, are NUL-terminated and
 * stay valid (and writable) until the next call on the parser.  No
 * allocation happens per field or per record once the buffers have grown.
 *
 * Rules: fields end at the delimiter, records at LF, CRLF or a lone CR;
 * a field that starts with '"' is quoted and may hold the delimiter, doubled
 * quotes ("" for ") and line breaks (kept as they are); a UTF-8 byte order
 * mark at the very start is skipped; blank lines are skipped; the last
 * record needs no line break.  Errors: invalid UTF-8 (overlong forms,
 * surrogates, truncated sequences), a NUL byte, a quote inside an unquoted
 * field, text between a closing quote and the delimiter, an unterminated
 * quoted field, a record longer than max_record bytes.
 *
 * Line numbers are physical lines (1-based); a record's line is the line it
 * starts on, so line breaks inside quoted fields are counted.
 *
 * This module depends on nothing but the C library, so that it can be
 * fuzzed on its own.  Its result codes have the values of the matching
 * amb_rc codes of ambit/plugin.h.
 */
#ifndef CSV_PARSE_H
#define CSV_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CSV_DEFAULT_MAX_RECORD ((size_t)1 << 20)

/* Result codes (values equal AMB_ENOMEM, AMB_EIO, AMB_EPARSE, AMB_ELIMIT). */
enum {
    CSV_RECORD = 1,     /* csv_next: a record was returned */
    CSV_EOF = 0,        /* csv_next: no more records */
    CSV_ENOMEM = -2,
    CSV_EIO = -3,
    CSV_ESYNTAX = -4,
    CSV_ELIMIT = -8
};

/* Read up to len bytes into buf.  Returns the count, 0 at end of input, or
 * -1 on error (errno set). */
typedef long (*csv_read_fn)(void *ud, char *buf, size_t len);

typedef struct csv_config {
    char delimiter;     /* ',', ';', '\t'...; 0 detects it (see csv_next) */
    size_t max_record;  /* bytes per record without its line break;
                           0 means CSV_DEFAULT_MAX_RECORD */
} csv_config;

typedef struct csv_field {
    char *s;            /* NUL-terminated, borrowed from the parser */
    size_t len;
} csv_field;

typedef struct csv_record {
    csv_field *fields;  /* borrowed, valid until the next parser call */
    size_t nfields;     /* at least 1 */
    unsigned long line; /* physical line the record starts on */
} csv_record;

typedef struct csv_error {
    int code;           /* 0 or a negative CSV_E* code */
    unsigned long line; /* line the failing record starts on */
    char msg[192];      /* "what at [line L, ]column C" */
} csv_error;

typedef struct csv_parser csv_parser;

/* A parser reading through read(ud, ...); cfg may be NULL for defaults.
 * Returns NULL when out of memory or when the delimiter is unusable (a
 * quote, a line break, NUL or a non-ASCII byte).  The caller frees it with
 * csv_parser_free and keeps ud alive meanwhile. */
csv_parser *csv_parser_new(const csv_config *cfg, csv_read_fn read, void *ud);
void csv_parser_free(csv_parser *p);

/* The next record into *rec: CSV_RECORD, CSV_EOF or a negative code with
 * csv_parser_error() describing it (errors are sticky).  With delimiter 0
 * the first call detects it from the first record: the most frequent of
 * ';', ',' and TAB outside quotes (ties in that order; ',' when none). */
int csv_next(csv_parser *p, csv_record *rec);

/* Skip n records (blank lines do not count) without knowing the delimiter:
 * quotes still group line breaks into one record, and the bytes are still
 * checked for UTF-8 and NUL.  Returns 0 (also when the input ends first)
 * or a negative code. */
int csv_skip(csv_parser *p, unsigned long n);

const csv_error *csv_parser_error(const csv_parser *p);
/* The delimiter in use; 0 until detected. */
char csv_parser_delimiter(const csv_parser *p);
/* Bytes read from the source so far. */
uint64_t csv_parser_bytes(const csv_parser *p);

/* A read callback over a FILE * (ud). */
long csv_read_file(void *ud, char *buf, size_t len);

/* A read callback over memory (ud is a csv_mem); serves at most chunk bytes
 * per call (0: no limit), which lets tests split input anywhere. */
typedef struct csv_mem {
    const char *data;
    size_t len;
    size_t pos;
    size_t chunk;
} csv_mem;
long csv_read_mem(void *ud, char *buf, size_t len);

#endif
