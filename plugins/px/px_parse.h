/*
 * px_parse.h - a streaming reader for PC-Axis (PX) files.
 *
 * A PX file is a header of keywords,
 *
 *     KEYWORD[lang]("subkey","subkey2")=value;
 *
 * (language and subkeys optional; values are quoted strings, which may be
 * split into several quoted pieces that are joined, lists of them, bare
 * words such as YES or 2010, and TLIST(...) forms), followed by DATA=, the
 * cells of the table in row-major order over the STUB variables and then
 * the HEADING variables (the last heading variable runs fastest).
 *
 * px_read_header() reads the header into a px_table: every text decoded
 * to UTF-8 (see px_text.c for how the encoding is chosen), the variables
 * with their codes and labels per language, the time variable and the cell
 * count.  px_next_cell() then streams the cells one at a time: memory is
 * bounded by the header, never by the number of cells.
 *
 * Messages name the input: "FILE:LINE: what" for a place in the file,
 * "FILE: what" for the file as a whole.  Errors are sticky.
 *
 * This module depends on nothing but the C library (and its iconv), so
 * that it can be fuzzed on its own.  Its result codes have the values of
 * the matching amb_rc codes of ambit/plugin.h.
 */
#ifndef PX_PARSE_H
#define PX_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Result codes (the errors equal AMB_ENOMEM, AMB_EIO, AMB_EPARSE,
 * AMB_ECONFIG and AMB_ELIMIT). */
enum {
    PX_CELL = 1,        /* px_next_cell: a cell was returned */
    PX_END = 0,         /* px_next_cell: all cells read and counted */
    PX_ENOMEM = -2,
    PX_EIO = -3,
    PX_EPARSE = -4,
    PX_ECONFIG = -5,    /* an option does not fit the file */
    PX_ELIMIT = -8
};

#define PX_MAX_VARS 32                      /* variables in STUB + HEADING */
#define PX_MAX_HEADER ((uint64_t)16 << 20)  /* bytes before DATA= */
#define PX_MAX_CELL 64                      /* bytes of one DATA cell */
#define PX_NO_VAR ((size_t)-1)

/* Read up to len bytes into buf: the count, 0 at the end, -1 on error. */
typedef long (*px_read_fn)(void *ud, char *buf, size_t len);

typedef enum px_elim {
    PX_ELIM_NONE = 0,   /* no ELIMINATION, or ELIMINATION=NO */
    PX_ELIM_YES,        /* ELIMINATION=YES: the values sum up */
    PX_ELIM_VALUE       /* ELIMINATION="value": that value is the total */
} px_elim;

/* One variable.  Every string borrows from the parser. */
typedef struct px_var {
    const char *id;          /* VARIABLECODE, else the default-language name */
    const char **names;      /* [nlang] the name per language */
    size_t nvalues;
    const char **codes;      /* [nvalues] CODES, else default-language VALUES */
    int has_codes;
    const char ***labels;    /* [nlang][nvalues] VALUES per language; NULL
                                for a language that gives none */
    px_elim elimination;
    size_t elim_value;       /* PX_ELIM_VALUE: index of the total value */
} px_var;

/* The header as read.  Owned by the parser; strings borrow from it. */
typedef struct px_table {
    const char *file;        /* the input's name in messages */
    const char *matrix;      /* MATRIX or NULL */
    const char *encoding;    /* the text was read as this ("UTF-8" ...) */
    size_t nlang;            /* at least 1 */
    const char **langs;      /* [nlang] langs[0] is LANGUAGE (NULL when the
                                file names none), then LANGUAGES' others */
    size_t main_lang;        /* whose texts are the main labels */
    const char *title;       /* TITLE, else CONTENTS, else DESCRIPTION */
    const char *contents;    /* CONTENTS or NULL */
    const char *units;       /* UNITS or NULL */
    const char *updated;     /* LAST-UPDATED (the latest, with a content
                                variable) or NULL */
    int decimals;            /* DECIMALS, -1 when absent */
    size_t nvars, nstub;     /* vars[0..nstub) STUB, then HEADING */
    px_var *vars;
    size_t time_var;         /* index or PX_NO_VAR */
    size_t content_var;      /* CONTVARIABLE's index or PX_NO_VAR */
    const char *timescale;   /* "A1", "Q1"... of TIMEVAL, or NULL */
    uint64_t stub_cells;     /* product of the STUB value counts */
    uint64_t heading_cells;  /* product of the HEADING value counts */
    uint64_t ncells;         /* stub_cells * heading_cells */
} px_table;

typedef struct px_options {
    const char *time;        /* the time variable by id or name, or NULL */
    const char *lang;        /* the main language, or NULL for LANGUAGE */
    /* warnings (one line, "FILE: ..."), may be NULL */
    void (*warn)(void *ud, const char *msg);
    void *warn_ud;
} px_options;

typedef struct px_cell {
    uint64_t index;          /* 0-based position in DATA */
    const size_t *pos;       /* [nvars] value index of each variable,
                                borrowed until the next call */
    int has_value;
    double value;            /* when has_value */
    const char *flag;        /* the missing-value marker ("..", "-" ...),
                                static; NULL for a number */
} px_cell;

typedef struct px_error {
    int code;                /* 0 or a negative PX_E* code */
    char msg[640];
} px_error;

typedef struct px_parser px_parser;

/* A parser for the input named file (copied) read through read(ud, ...).
 * NULL when out of memory.  Free with px_parser_free; keep ud alive. */
px_parser *px_parser_new(const char *file, px_read_fn read, void *ud);
void px_parser_free(px_parser *p);

/* Read the header up to and including DATA=.  On success *out borrows the
 * table (valid until px_parser_free).  Returns 0 or a negative code. */
int px_read_header(px_parser *p, const px_options *o, const px_table **out);

/* The next cell: PX_CELL, PX_END once every cell was read and their count
 * checked, or a negative code. */
int px_next_cell(px_parser *p, px_cell *cell);

const px_error *px_parser_error(const px_parser *p);
/* Bytes consumed from the input so far. */
uint64_t px_parser_bytes(const px_parser *p);

/* s[0..len) as a number: optional sign, digits with an optional '.'
 * fraction, optional exponent.  0 with *out set, or -1. */
int px_parse_number(const char *s, size_t len, double *out);

/* A read callback over a FILE * (ud). */
long px_read_file(void *ud, char *buf, size_t len);

/* A read callback over memory (ud is a px_mem), at most chunk bytes per
 * call (0: no limit), so tests can split the input anywhere. */
typedef struct px_mem {
    const char *data;
    size_t len;
    size_t pos;
    size_t chunk;
} px_mem;
long px_read_mem(void *ud, char *buf, size_t len);

#endif
