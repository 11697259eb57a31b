/*
 * jsonstat_internal.h - what the loader (jsonstat_doc.c, jsonstat_dims.c)
 * and the walker (jsonstat_cells.c) share: the document struct and the
 * helpers for messages and numbers.  Not part of the module's interface.
 */
#ifndef JSONSTAT_INTERNAL_H
#define JSONSTAT_INTERNAL_H

#include <jansson.h>
#include <stdarg.h>

#include "ambit/plugin.h"
#include "jsonstat.h"

struct jsonstat_doc {
    json_t *root;              /* the parsed document, owned */
    char *where;               /* the document's name in messages, owned */
    jsonstat_dataset *datasets;/* owned, with their dims and arrays */
    size_t ndatasets;
    char **posnames;           /* owned names made from positions */
    size_t nposnames;
    int multi;                 /* the document's form holds several
                                  datasets: messages name the dataset */
    char wherebuf[640];        /* jsonstat_doc_where's answer */
};

/* Format a message into err; returns rc. */
int jsonstat_fail(char *err, size_t errlen, int rc, const char *fmt, ...)
    AMB_PRINTF(4, 5);

/* 1 and *out set when v is a whole number in [0, max]; 0 otherwise. */
int jsonstat_whole(const json_t *v, uint64_t max, uint64_t *out);

/* Parse key as a cell index below limit (decimal digits; no sign, spaces
 * or leading zeros).  Returns 0 or -1. */
int jsonstat_parse_index(const char *key, uint64_t limit, uint64_t *out);

/* "3 × 40" for the sizes of ds, into buf. */
void jsonstat_sizes_text(const jsonstat_dataset *ds, char *buf, size_t len);

/* Read the dimensions of one dataset object into ds (ids, sizes, roles,
 * categories, labels); ds->ncells is set.  where prefixes messages. */
int jsonstat_read_dims(json_t *obj, jsonstat_dataset *ds, const char *where,
                       char *err, size_t errlen);
void jsonstat_free_dims(jsonstat_dataset *ds);

/* Check the value and status members of a dataset object against
 * ds->ncells and keep them in ds. */
int jsonstat_read_values(json_t *obj, jsonstat_dataset *ds, const char *where,
                         char *err, size_t errlen);

#endif
