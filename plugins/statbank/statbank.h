/*
 * statbank.h - the parts of the statbank plugin (Statistics Denmark's
 * StatBank API, https://api.statbank.dk/v1): options, the table's metadata
 * (tableinfo), the requests, and the reader of BULK and CSV responses.
 *
 * Each part is usable without the host table, so that the tests and the
 * fuzzer can drive it directly.  Result codes are amb_rc values; messages
 * go into caller buffers (err, errlen) and name the table.
 */
#ifndef STATBANK_H
#define STATBANK_H

#include <stddef.h>
#include <stdint.h>

#include "ambit/plugin.h"
#include "csv_parse.h"

#define STATBANK_DEFAULT_BASE "https://api.statbank.dk/v1"
/* The largest tableinfo document accepted (FOLK1A's is about 30 KB). */
#define STATBANK_MAX_INFO_BYTES ((size_t)64 << 20)

/* ------------------------------------------------------------ options */

typedef enum statbank_format {
    STATBANK_BULK = 0,     /* streamed ';'-separated text, every variable */
    STATBANK_CSV,          /* ';'-separated with a BOM and CRLF, capped */
    STATBANK_JSONSTAT      /* a JSON-stat 1.x bundle, capped */
} statbank_format;

typedef struct statbank_opts {
    const char *table;         /* "FOLK1A"; [A-Za-z0-9_-], required */
    const char *lang;          /* "da" (default) or "en" */
    statbank_format format;    /* BULK by default */
    const char *base_url;      /* STATBANK_DEFAULT_BASE by default */
    size_t base_len;           /* base_url's length without a final '/' */
    const char *dataset;       /* the id to store under; the table's id */
    const char *title, *unit;  /* NULL: the tableinfo's */
    const amb_opt *variables;  /* a MAP of id -> selectors, or NULL */
} statbank_opts;

/* Read and check the option tree into o (strings borrowed from it).
 * Returns 0 or AMB_ECONFIG with a reason in err. */
int statbank_parse_options(const amb_opt *options, statbank_opts *o,
                           char *err, size_t errlen);
/* "BULK", "CSV" or "JSONSTAT". */
const char *statbank_format_name(statbank_format f);

/* ------------------------------------------------------------ tableinfo */

typedef struct statbank_value {
    const char *id;            /* the value's code, "851" */
    const char *text;          /* its label in the request's language */
} statbank_value;

typedef struct statbank_var {
    const char *id;            /* "OMRÅDE" */
    const char *text;          /* "område"; may be NULL */
    int time;                  /* "time": true */
    size_t nvalues;
    statbank_value *values;
} statbank_var;

/* A parsed tableinfo answer.  Strings are borrowed from the parsed
 * document, which the struct owns; free with statbank_info_free. */
typedef struct statbank_info {
    void *root;                /* the jansson document */
    const char *id, *text, *unit, *updated;   /* each may be NULL */
    size_t nvars;
    statbank_var *vars;
    size_t time_var;           /* index of the first "time": true variable */
} statbank_info;

/* Parse a tableinfo JSON document (where names it in messages).  Returns 0,
 * or AMB_EPARSE / AMB_EIO / AMB_ELIMIT / AMB_ENOMEM with err set; *out is
 * zeroed on failure. */
int statbank_info_load_mem(const char *data, size_t len, const char *where,
                           statbank_info *out, char *err, size_t errlen);
int statbank_info_load_file(const char *path, const char *where,
                            statbank_info *out, char *err, size_t errlen);
void statbank_info_free(statbank_info *info);

/* The variable called name: its id exactly, else its id or its text
 * compared case-insensitively (ASCII and the Latin-1 letters æ ø å ...).
 * Returns the index or -1. */
long statbank_info_find(const statbank_info *info, const char *name);
/* Case-insensitive equality as statbank_info_find uses it. */
int statbank_same_folded(const char *a, const char *b);
/* "OMRÅDE, KØN, Tid": the variable ids into buf. */
void statbank_info_var_list(const statbank_info *info, char *buf, size_t len);

/* ------------------------------------------------------------ requests */

/* A 64-bit fingerprint of the source's name and options (FNV-1a over a
 * canonical form; 'schedule' is left out): two sources, or one source
 * whose options changed, never share a tableinfo cache entry. */
uint64_t statbank_fingerprint(const char *source, const amb_opt *options);

/* GET {base}/tableinfo/{table}?format=JSON&lang={lang}#{table}-{fp}.  The
 * fragment is never sent (RFC 3986 section 3.5); it makes the fetch
 * cache's key belong to this source and these options.  Caller frees. */
char *statbank_tableinfo_url(const statbank_opts *o, uint64_t fp);
/* POST {base}/data#{table}: the fragment names the table in provenance
 * and error messages.  Caller frees. */
char *statbank_data_url(const statbank_opts *o);

/* The JSON body of the data request: table, format, lang,
 * valuePresentation "Code", delimiter "Semicolon" for CSV, and the
 * variables in the tableinfo's order with their selectors as given.  BULK
 * needs every variable: those the options leave out get ["*"].  CSV and
 * JSONSTAT send only the listed ones (StatBank eliminates the others) and
 * the time variable, ["*"] unless listed.  Returns the malloc'd body and
 * its length, or NULL with AMB_ECONFIG-worthy err (an unknown variable). */
char *statbank_data_body(const statbank_opts *o, const statbank_info *info,
                         size_t *len, char *err, size_t errlen);

/* ------------------------------------------------------------ responses */

/* Parse a value of column INDHOLD: 0 with *out for a number (optional '-',
 * digits, optional decimal mark and digits), 1 for a missing value (".."
 * and the other markers, or an empty field), -1 for anything else. */
int statbank_parse_value(const char *s, char decimal, double *out);

typedef struct statbank_row {
    const char *codes[AMB_MAX_DIMS];   /* in statbank_csv_dims order */
    const char *period;
    double value;
    int has_value;
    const char *flag;                  /* the marker of a missing value */
    unsigned long line;
} statbank_row;

typedef struct statbank_csv statbank_csv;

/* A reader of a BULK or CSV response pulled through read(ud): reads the
 * header and maps each column to a tableinfo variable (or INDHOLD, the
 * value).  decimal is ',' for lang da and '.' for en.  where names the
 * response in messages ("WHERE:LINE: ...").  Returns 0 with *out (free with
 * statbank_csv_free; info and ud must outlive it) or an error. */
int statbank_csv_open(statbank_csv **out, csv_read_fn read, void *ud,
                      const statbank_info *info, char decimal,
                      const char *where, char *err, size_t errlen);
void statbank_csv_free(statbank_csv *r);
/* The response's dimensions besides time: *n variable indexes into
 * info->vars, in column order.  Borrowed. */
const size_t *statbank_csv_dims(const statbank_csv *r, size_t *n);
/* The next row: 1 with *row (strings valid until the next call), 0 at the
 * end, or a negative code with err set. */
int statbank_csv_next(statbank_csv *r, statbank_row *row, char *err,
                      size_t errlen);
uint64_t statbank_csv_bytes(const statbank_csv *r);

#endif
