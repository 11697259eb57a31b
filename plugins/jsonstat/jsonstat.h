/*
 * jsonstat.h - JSON-stat documents read into datasets, dimensions and cells.
 *
 * Three shapes are understood:
 *  - a JSON-stat 2.0 dataset:    {"version": "2.0", "class": "dataset",
 *                                 "id": [...], "size": [...], "role": {...},
 *                                 "dimension": {...}, "value": ...}
 *  - a JSON-stat 2.0 collection: {"class": "collection", "link": {"item":
 *                                 [ embedded datasets ]}}
 *  - a JSON-stat 1.x bundle:     {"NAME": {"dimension": {"id": [...],
 *                                 "size": [...], "role": {...}, ...},
 *                                 "value": ...}, ...}  (Statistics Denmark's
 *                                 JSONSTAT output is {"dataset": {...}})
 *
 * JSON-stat is not a streaming format: a dataset's dimensions may follow its
 * values, so nothing can be interpreted before the whole document has been
 * read.  The document is parsed with jansson into memory (roughly ten times
 * the size of the text) and the loader refuses documents larger than
 * max_bytes (JSONSTAT_MAX_BYTES when 0).  Nesting deeper than jansson's
 * limit (2048), duplicate keys, invalid UTF-8, NUL characters in strings and
 * numbers outside the range of a double are parse errors.
 *
 * Everything is validated when the document is loaded (types, sizes against
 * categories, the product of the sizes against the value count of a dense
 * array, overflow of that product, status forms), except the keys of a
 * sparse value object, which are checked as the cells are walked.
 *
 * Ownership: a jsonstat_doc owns the parsed document and every dataset,
 * dimension and string it hands out; they live until jsonstat_doc_free.
 * Result codes are the values of ambit/plugin.h's amb_rc; messages start
 * with the document's name ("where") given to the loader.
 */
#ifndef JSONSTAT_H
#define JSONSTAT_H

#include <stddef.h>
#include <stdint.h>

#define JSONSTAT_MAX_BYTES ((size_t)256 << 20)
/* The most dimensions a dataset may have (ambit's 8 plus time, and room
 * for size-1 dimensions a caller drops). */
#define JSONSTAT_MAX_DIMS 32

/* Role bits of a dimension. */
enum {
    JSONSTAT_ROLE_TIME = 1,
    JSONSTAT_ROLE_GEO = 2,
    JSONSTAT_ROLE_METRIC = 4
};

typedef struct jsonstat_dim {
    const char *id;           /* as in the document's "id" list */
    const char *label;        /* the dimension's label, or NULL */
    size_t size;              /* number of categories */
    const char **codes;       /* codes[0..size) in value order */
    const char **labels;      /* labels[i] of codes[i], each may be NULL */
    unsigned roles;           /* JSONSTAT_ROLE_* bits */
    const char *unit;         /* a one-category dimension's unit label, or
                                 NULL */
} jsonstat_dim;

typedef struct jsonstat_dataset {
    const char *name;         /* bundle key, extension.id, extension.dataset,
                                 label, else its 1-based position */
    const char *label;        /* may be NULL */
    const char *source;       /* may be NULL */
    const char *updated;      /* may be NULL */
    size_t ndims;
    jsonstat_dim *dims;
    uint64_t ncells;          /* product of the sizes */
    uint64_t nvalues;         /* entries of the value array or object */
    const void *value_json;   /* private: the value array or object */
    const void *status_json;  /* private: status (string, array, object) or
                                 NULL */
} jsonstat_dataset;

typedef struct jsonstat_doc jsonstat_doc;

/* Load and validate the document in the file at path, named where in
 * messages ("FILE:LINE:COLUMN: ..." for syntax errors).  max_bytes 0 means
 * JSONSTAT_MAX_BYTES.  Returns 0 with *out set (free it with
 * jsonstat_doc_free), or AMB_EIO, AMB_ELIMIT, AMB_EPARSE or AMB_ENOMEM with
 * a message in err. */
int jsonstat_load_file(const char *path, const char *where, size_t max_bytes,
                       jsonstat_doc **out, char *err, size_t errlen);
/* The same over data[0..len) (copied as needed; data may go away). */
int jsonstat_load_mem(const char *data, size_t len, const char *where,
                      jsonstat_doc **out, char *err, size_t errlen);
void jsonstat_doc_free(jsonstat_doc *doc);   /* NULL is fine */

/* The datasets, in document order (at least one). */
size_t jsonstat_doc_count(const jsonstat_doc *doc);
const jsonstat_dataset *jsonstat_doc_dataset(const jsonstat_doc *doc,
                                             size_t i);
/* "WHERE" or, when the document holds several datasets, "WHERE: dataset
 * NAME", for messages about ds.  Borrowed from doc, valid until the next
 * call. */
const char *jsonstat_doc_where(jsonstat_doc *doc, const jsonstat_dataset *ds);

/* The time dimension of ds: the dimension named time_opt when given (exact
 * id, else ASCII case-insensitively), else the first with role time, else
 * the first named time, tid, år or year (any case).  Returns 0 with *out
 * set, or AMB_ECONFIG (time_opt names no dimension) or AMB_EPARSE (none
 * found) with a message listing the dimensions. */
int jsonstat_find_time(jsonstat_doc *doc, const jsonstat_dataset *ds,
                       const char *time_opt, size_t *out, char *err,
                       size_t errlen);

/* Which dimensions a walk reports, and how. */
typedef struct jsonstat_layout {
    size_t time_dim;                  /* its code is the period */
    size_t nout;                      /* dimensions reported as codes */
    size_t out[JSONSTAT_MAX_DIMS];    /* their indexes, in reported order;
                                         every other dimension must have
                                         size 1 */
} jsonstat_layout;

/* Called for every cell: codes[0..nout) in layout order, the period, the
 * value (has_value 0 for null) and the cell's status (NULL when none).
 * Everything is borrowed for the call.  A non-zero return stops the walk
 * and is returned by jsonstat_walk. */
typedef int (*jsonstat_cell_fn)(void *ud, const char *const *codes,
                                const char *period, double value,
                                int has_value, const char *flag);

/* Walk every cell of ds present in the document (dense: all ncells in
 * value order; sparse: the object's entries in document order).  Returns 0,
 * the callback's non-zero result (err untouched), or AMB_EPARSE /
 * AMB_EUSAGE with a message in err (a bad sparse key, a layout that drops
 * a dimension of more than one category). */
int jsonstat_walk(jsonstat_doc *doc, const jsonstat_dataset *ds,
                  const jsonstat_layout *layout, jsonstat_cell_fn fn,
                  void *ud, char *err, size_t errlen);

#endif
