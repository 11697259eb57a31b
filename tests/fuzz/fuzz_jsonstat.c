/*
 * fuzz_jsonstat.c - libFuzzer target for the JSON-stat reader.
 *
 * The input is loaded as a document; when it loads, every dataset's time
 * dimension is looked up (by the rules and by an option naming its first
 * dimension) and every cell is walked.  Invariants: a loaded document has
 * at least one dataset with at least one dimension; every dimension's codes
 * are set; a dense walk reports exactly ncells cells and a sparse one
 * exactly nvalues; every code and period is a category of its dimension's
 * NUL-terminated strings; errors always come with a message naming the
 * input.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonstat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct walk {
    uint64_t cells;
    size_t nout;
} walk;

static int on_cell(void *ud, const char *const *codes, const char *period,
                   double value, int has_value, const char *flag)
{
    walk *w = ud;
    for (size_t k = 0; k < w->nout; k++)
        if (!codes[k])
            abort();
    if (!period || (flag && strlen(flag) > (size_t)1 << 30))
        abort();
    if (has_value && value != value)
        abort(); /* JSON has no NaN */
    w->cells++;
    return 0;
}

static void check_dataset(jsonstat_doc *doc, const jsonstat_dataset *ds)
{
    char err[512];
    if (ds->ndims == 0 || !ds->name || ds->ncells == 0)
        abort();
    for (size_t d = 0; d < ds->ndims; d++)
        for (size_t c = 0; c < ds->dims[d].size; c++)
            if (!ds->dims[d].codes[c])
                abort();
    size_t t;
    if (jsonstat_find_time(doc, ds, ds->dims[0].id, &t, err, sizeof err) != 0 ||
        t != 0)
        abort(); /* the option names a dimension that exists */
    err[0] = '\0';
    if (jsonstat_find_time(doc, ds, NULL, &t, err, sizeof err) != 0) {
        if (!err[0])
            abort();
        return;
    }
    jsonstat_layout lay;
    memset(&lay, 0, sizeof lay);
    lay.time_dim = t;
    for (size_t d = 0; d < ds->ndims; d++)
        if (d != t)
            lay.out[lay.nout++] = d;
    walk w = {0, lay.nout};
    err[0] = '\0';
    if (jsonstat_walk(doc, ds, &lay, on_cell, &w, err, sizeof err) != 0)
        abort(); /* everything was validated when the document loaded */
    if (w.cells != ds->nvalues)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jsonstat_doc *doc = NULL;
    char err[1024] = "";
    int rc = jsonstat_load_mem((const char *)data, size, "in", &doc, err,
                               sizeof err);
    if (rc != 0) {
        if (doc || rc > 0 || strncmp(err, "in", 2) != 0)
            abort();
        return 0;
    }
    size_t n = jsonstat_doc_count(doc);
    if (n == 0)
        abort();
    for (size_t i = 0; i < n; i++)
        check_dataset(doc, jsonstat_doc_dataset(doc, i));
    jsonstat_doc_free(doc);
    return 0;
}
