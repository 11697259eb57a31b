/*
 * xmlfeed.h - the xmlfeed plugin's parts: education institutions' feeds
 * (RSS 2.0, Atom, any XML, HTML pages, JSON, CSV) mapped to records whose
 * fields the source's Lua options define, stored as observations.
 *
 *   xf_opts.c      the option tree -> xf_opts (validated, strings borrowed)
 *   xf_value.c     field types: text, integer, decimal, date, level
 *   xf_muni.c      postcode / town name -> municipality code (the table is
 *                  xf_muni_table.def)
 *   xf_record.c    one entry's raw values -> a typed record -> observations
 *   xf_seen.c      the record keys seen in a run (duplicates, conflicts)
 *   xf_path.c      the streamable XPath subset (entries, next)
 *   xf_xpath.c     field XPaths over a tree, text without entity expansion
 *   xf_xml.c       XML and HTML pages parsed into a tree
 *   xf_stream.c    XML pages streamed with xmlTextReader
 *   xf_json.c      JSON pages (jansson)
 *   xf_csv.c       CSV pages (the csv plugin's tokenizer)
 *   xmlfeed_plugin.c  the descriptor, collect/import/check, pagination
 *
 * Ownership: an xf_opts borrows every string from the option tree it was
 * read from; an xf_run borrows its options and host and owns its page list,
 * its key table and its municipality index.  Every module reports errors
 * through xf_run_fail() (which calls host->fail) and returns its amb_rc.
 * No module keeps global mutable state: libxml2 errors go to per-context
 * handlers, nothing changes libxml2's global settings.
 */
#ifndef XMLFEED_H
#define XMLFEED_H

#include <stddef.h>
#include <stdint.h>

#include "ambit/plugin.h"

#define XF_MAX_FIELDS 32
/* Tree parses (non-streamed XML, HTML, JSON) refuse bigger pages. */
#define XF_DEFAULT_MAX_BYTES ((uint64_t)32 << 20)
#define XF_DEFAULT_MAX_PAGES 10
/* Expanded text of internal entities a document may use in total. */
#define XF_ENTITY_BUDGET ((size_t)1 << 20)
/* Warnings logged one by one per run; later ones are only counted. */
#define XF_MAX_WARNINGS 20

typedef enum xf_format {
    XF_FORMAT_XML = 0,
    XF_FORMAT_HTML,
    XF_FORMAT_JSON,
    XF_FORMAT_CSV
} xf_format;

typedef enum xf_type {
    XF_TYPE_TEXT = 0,
    XF_TYPE_INTEGER,
    XF_TYPE_DECIMAL,
    XF_TYPE_DATE,
    XF_TYPE_MUNICIPALITY
} xf_type;

/* What a field is for.  Every role but MEASURE is held by at most one
 * field, named like the role ("id", "url", "title", ...). */
typedef enum xf_role {
    XF_ROLE_ID = 0,
    XF_ROLE_URL,
    XF_ROLE_TITLE,
    XF_ROLE_PROVIDER,
    XF_ROLE_LEVEL,
    XF_ROLE_MUNICIPALITY,
    XF_ROLE_START,
    XF_ROLE_YEAR,
    XF_NROLES,                  /* the single roles end here */
    XF_ROLE_MEASURE = XF_NROLES /* any numeric field: a MEASURE code */
} xf_role;

typedef struct xf_field {
    const char *name;       /* the key in `fields` */
    const char *path;       /* XPath, JSON path or CSV column; NULL when
                               value is set */
    const char *value;      /* a constant instead of a path, or NULL */
    const char *dflt;       /* used when the path selects nothing */
    const char *label;      /* a measure's label, or NULL */
    const amb_opt *map;     /* MAP raw text -> replacement, or NULL */
    xf_type type;
    xf_role role;
    int required;
    char decimal;           /* decimal fields: 0 auto, '.' or ',' */
} xf_field;

typedef struct xf_opts {
    const char *dataset, *title, *unit;
    const char *url, *path;
    xf_format format;
    const char *entries;    /* XPath or JSON path; NULL for CSV */
    const char *next;       /* pagination link, or NULL */
    const char *period;     /* fixed period for records without a date */
    const char *encoding;   /* XML/HTML input encoding override */
    const amb_opt *namespaces;  /* MAP prefix -> URI, or NULL */
    int stream;             /* -1 when possible, 0 never, 1 required */
    int strict;             /* unknown municipality/level, page limit:
                               errors instead of warnings */
    int allow_empty;        /* a feed without entries is not an error */
    unsigned max_pages;
    uint64_t max_bytes;
    char delimiter;         /* CSV; 0 detects it */
    unsigned long skip;     /* CSV: records before the header */
    size_t nfields;
    xf_field fields[XF_MAX_FIELDS];  /* in the option tree's (key) order */
    int role_field[XF_NROLES];       /* field index of each role, or -1 */
} xf_opts;

/* Read and validate the option tree (see doc/plugins/xmlfeed.md).  XPath
 * syntax is checked where it is used, not here.  Does not require
 * url/path (import gets a file).  Returns 0 or AMB_ECONFIG with a one-line
 * reason in err. */
int xf_opts_parse(const amb_opt *options, xf_opts *o, char *err,
                  size_t errlen);
const char *xf_format_name(xf_format f);

/* ------------------------------------------------------------ values */

/* A copy of s with every run of white space (ASCII, NBSP) made one space
 * and both ends trimmed; NULL when s is NULL, blank, or on out of memory
 * (*oom set).  Caller frees. */
char *xf_text_norm(const char *s, int *oom);
/* Parse a whole number: optional sign, digits, optionally grouped by
 * '.' or ' ' (or NBSP) in threes ("1.234").  0 with *out, or -1. */
int xf_parse_integer(const char *s, double *out);
/* Parse a decimal number.  decimal ',' reads "1.234,5" (Danish), '.'
 * reads "1,234.5"; 0 decides per value: with both marks the last is the
 * decimal mark, a lone ',' is decimal, a lone '.' is decimal unless it
 * repeats ("1.234.567").  0 with *out, or -1. */
int xf_parse_decimal(const char *s, char decimal, double *out);

typedef struct xf_date {
    int year, month, day;
    char iso[11];           /* "YYYY-MM-DD" */
} xf_date;
/* Parse an ISO 8601 date or date-time (with Z or an offset), an RFC 822 /
 * RFC 1123 date-time, or a Danish day-first date ("01.08.2025",
 * "1. august 2025").  The date is the calendar date as written: an offset
 * is checked, not applied.  0 with *out, or -1 with a reason in *why. */
int xf_parse_date(const char *s, xf_date *out, const char **why);
/* The canonical education level for s (EUD, gymnasium, KVU, MVU, LVU,
 * AMU, VEU; compared ignoring case), or NULL. */
const char *xf_level_canonical(const char *s);
/* The Danish label of a canonical level. */
const char *xf_level_label(const char *level);
/* The index (0-6) of a canonical level, or -1. */
int xf_level_index(const char *level);
/* "EUD, gymnasium, ..." for messages. */
const char *xf_level_list(void);

/* ------------------------------------------------------------ municipalities */

typedef enum xf_muni_result {
    XF_MUNI_FOUND = 0,
    XF_MUNI_UNKNOWN_POSTCODE,   /* four digits that are no postcode we know */
    XF_MUNI_OUTSIDE,            /* a postcode of another region */
    XF_MUNI_UNKNOWN_NAME        /* a name that is no town we know */
} xf_muni_result;

typedef struct xf_muni_index xf_muni_index;
/* The folded town names, sorted (built per run: no global state).  NULL
 * on out of memory.  Free with xf_muni_index_free. */
xf_muni_index *xf_muni_index_new(void);
void xf_muni_index_free(xf_muni_index *ix);
/* Resolve a postcode ("9000", "DK-9000", "9000 Aalborg"), a municipality
 * code ("851"), or a town or municipality name ("Aalborg", "ålborg",
 * "Hjørring Kommune").  On XF_MUNI_FOUND *code is the StatBank code; *place
 * (may be NULL) gets the postcode's town or the name matched.  Strings are
 * static. */
xf_muni_result xf_muni_lookup(const xf_muni_index *ix, const char *text,
                              const char **code, const char **place);
/* The municipality's name for a code, or NULL. */
const char *xf_muni_name(const char *code);
/* Fold a name for comparison into out: lower case, æ/ø/å (and ae, oe,
 * aa) to a/o/a, punctuation to single spaces, " kommune" dropped.
 * Returns the length (truncated to outlen - 1). */
size_t xf_muni_fold(const char *in, char *out, size_t outlen);
/* The table, for tests: the i-th postcode row; 0, or -1 past the end.
 * code is NULL for a postcode outside the region. */
int xf_muni_postcode_at(size_t i, int *postcode, const char **code,
                        const char **town);
int xf_muni_town_at(size_t i, const char **name, const char **code);
/* The i-th of the eleven municipalities; 0, or -1 past the end. */
int xf_muni_at(size_t i, const char **code, const char **name);

/* ------------------------------------------------------------ the run */

typedef struct xf_seen xf_seen;

/* One run of one source over all its pages. */
typedef struct xf_run {
    amb_ctx *ctx;
    const amb_host *host;
    const xf_opts *o;
    const char *origin;     /* the first page's URL or file */
    char **pages;           /* owned: names of the pages read so far */
    size_t npages;
    int begun;              /* dataset_begin was called */
    unsigned long records;  /* stored */
    unsigned long duplicates;   /* identical repeats skipped */
    unsigned long warnings;
    xf_seen *seen;          /* owned: record keys */
    xf_seen *labelled_codes;    /* owned: provider codes labelled so far
                                   ("V" + code) */
    xf_muni_index *muni;    /* owned */
    uint32_t labelled;      /* level/area labels given: bit per table row */
    uint32_t measures_labelled; /* bit per field (bit 31: "count") */
    unsigned long entries_seen; /* entries of all pages, stored or not */
    char hint[200];         /* why a page may have matched nothing */
} xf_run;

/* Set up a run (r is overwritten); 0 or AMB_ENOMEM. */
int xf_run_init(xf_run *r, amb_ctx *ctx, const amb_host *host,
                const xf_opts *o, const char *origin);
void xf_run_free(xf_run *r);
/* Start a page named name (a URL or file); it becomes r->pages[npages-1].
 * 0 or AMB_ENOMEM (recorded). */
amb_rc xf_run_page(xf_run *r, const char *name);
/* The dataset, started before the first entry (and at the end for an empty
 * feed). */
amb_rc xf_run_begin(xf_run *r);
/* The run's summary log line and the empty-feed rule. */
amb_rc xf_run_end(xf_run *r);

/* One entry of a page: raw values from the page, borrowed for the call. */
typedef struct xf_entry {
    const char *raw[XF_MAX_FIELDS]; /* per field; NULL: selected nothing */
    long line[XF_MAX_FIELDS];       /* source line of each value, 0 unknown */
    long entry_line;                /* the entry's line, 0 unknown */
    unsigned long number;           /* 1-based within the page */
} xf_entry;

/* Map e to a record and store it (or skip an identical repeat).  Returns
 * AMB_OK or the error, already recorded with the page, line and entry. */
amb_rc xf_run_entry(xf_run *r, const xf_entry *e);

/* "PAGE[:LINE]: entry N: message" through host->fail; returns rc. */
amb_rc xf_run_fail(xf_run *r, const xf_entry *e, long line, amb_rc rc,
                   const char *fmt, ...) AMB_PRINTF(5, 6);
/* A warning (logged while fewer than XF_MAX_WARNINGS were), counted. */
void xf_run_warn(xf_run *r, const char *fmt, ...) AMB_PRINTF(2, 3);

/* ------------------------------------------------------------ keys */

/* Remember key with its values.  Returns 0 when the key is new (stored
 * with page, entry and line), 1 when it was seen with the same values,
 * 2 when it was seen with other values (*prev_* describe the earlier
 * record, *diff the first differing value's index), AMB_ENOMEM. */
typedef struct xf_seen_hit {
    size_t page;            /* index into xf_run.pages */
    unsigned long entry;
    long line;
    size_t diff;            /* index of the first differing value */
    double prev_value;
    int prev_has;
} xf_seen_hit;
xf_seen *xf_seen_new(void);
void xf_seen_free(xf_seen *s);
int xf_seen_put(xf_seen *s, const char *key, size_t keylen,
                const double *vals, const unsigned char *has, size_t nvals,
                size_t page, unsigned long entry, long line,
                xf_seen_hit *hit);
/* FNV-1a 64 of a byte string (the programme code of records without id
 * or url uses it). */
uint64_t xf_hash64(const void *data, size_t len, uint64_t h);
#define XF_HASH_SEED 0xcbf29ce484222325ULL

/* ------------------------------------------------------------ pages */

/* One page to parse: a file or bytes in memory. */
typedef struct xf_input {
    const char *path;       /* a file, or NULL */
    const char *data;       /* else these bytes */
    size_t len;
    const char *name;       /* the page's URL or file in messages */
    const char *charset;    /* from the HTTP Content-Type, or NULL */
} xf_input;

/* Parse one page of the run's format, store its entries, and set *next to
 * the next page's link as written (caller frees; NULL when none).
 * Dispatches to the modules below. */
amb_rc xf_page(xf_run *r, const xf_input *in, char **next);

/* Whether the options allow streaming (entries and next in the streamable
 * subset, stream not false).  err gets why not (for stream = true). */
int xf_stream_possible(const xf_opts *o, char *err, size_t errlen);
amb_rc xf_xml_page(xf_run *r, const xf_input *in, char **next);
amb_rc xf_stream_page(xf_run *r, const xf_input *in, char **next);
amb_rc xf_json_page(xf_run *r, const xf_input *in, char **next);
amb_rc xf_csv_page(xf_run *r, const xf_input *in, char **next);

/* Check the format-specific syntax of entries, next and the field paths
 * (XPath compiles, JSON paths are well formed).  0 or AMB_ECONFIG. */
int xf_xpath_check(const xf_opts *o, char *err, size_t errlen);
int xf_json_check(const xf_opts *o, char *err, size_t errlen);

#endif
