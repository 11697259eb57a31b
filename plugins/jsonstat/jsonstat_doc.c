/*
 * jsonstat_doc.c - loading a JSON-stat document (size cap, jansson parse)
 * and finding its datasets: a 2.0 dataset, the embedded datasets of a 2.0
 * collection, or the members of a 1.x bundle; each one's name, label,
 * source and updated stamp.  Dimensions are read by jsonstat_dims.c, values
 * checked by jsonstat_cells.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonstat_internal.h"

#define LOAD_FLAGS (JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL)

int jsonstat_fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* A malloc'd copy of s (caller frees), or NULL when out of memory. */
static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* ------------------------------------------------------------ datasets */

/* A name made from a 1-based position, owned by doc. */
static const char *position_name(jsonstat_doc *doc, size_t pos)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", pos);
    char **grown = realloc(doc->posnames,
                           (doc->nposnames + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    doc->posnames = grown;
    char *s = dup_str(buf);
    if (s)
        doc->posnames[doc->nposnames++] = s;
    return s;
}

/* A string member of obj, or NULL (also when it is not a string). */
static const char *str_member(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* The name of a 2.0 dataset: extension.id, extension.dataset, its label,
 * else its position. */
static const char *dataset_name(jsonstat_doc *doc, json_t *obj, size_t pos)
{
    json_t *ext = json_object_get(obj, "extension");
    const char *s = str_member(ext, "id");
    if (!s || !*s)
        s = str_member(ext, "dataset");
    if (!s || !*s)
        s = str_member(obj, "label");
    return s && *s ? s : position_name(doc, pos);
}

/* Read one dataset object into the next slot of doc->datasets. */
static int add_dataset(jsonstat_doc *doc, json_t *obj, const char *name,
                       char *err, size_t errlen)
{
    if (!name)
        return jsonstat_fail(err, errlen, AMB_ENOMEM, "%s: out of memory",
                             doc->where);
    jsonstat_dataset *ds = &doc->datasets[doc->ndatasets++];
    memset(ds, 0, sizeof *ds);
    ds->name = name;
    const char *where = jsonstat_doc_where(doc, ds);
    if (!json_is_object(obj))
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: not a JSON-stat dataset (not an object)",
                             where);
    static const char *const strings[] = {"label", "source", "updated"};
    const char **slots[] = {&ds->label, &ds->source, &ds->updated};
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(obj, strings[i]);
        if (v && !json_is_string(v) && !json_is_null(v))
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: %s is not a string", where, strings[i]);
        *slots[i] = json_string_value(v);
    }
    int rc = jsonstat_read_dims(obj, ds, where, err, errlen);
    if (rc == 0)
        rc = jsonstat_read_values(obj, ds, where, err, errlen);
    return rc;
}

/* Allocate doc->datasets for n datasets (owned by doc). */
static int reserve(jsonstat_doc *doc, size_t n, char *err, size_t errlen)
{
    doc->datasets = calloc(n ? n : 1, sizeof *doc->datasets);
    if (!doc->datasets)
        return jsonstat_fail(err, errlen, AMB_ENOMEM, "%s: out of memory",
                             doc->where);
    return 0;
}

/* class "collection": every link.item must be an embedded dataset. */
static int read_collection(jsonstat_doc *doc, char *err, size_t errlen)
{
    json_t *items = json_object_get(json_object_get(doc->root, "link"),
                                    "item");
    if (!json_is_array(items) || json_array_size(items) == 0)
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: a collection needs a non-empty link.item "
                             "list", doc->where);
    size_t n = json_array_size(items);
    doc->multi = n > 1;
    int rc = reserve(doc, n, err, errlen);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *item = json_array_get(items, i);
        const char *cls = str_member(item, "class");
        if (!json_is_object(item) || (cls && strcmp(cls, "dataset") != 0))
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: collection item %zu is not a dataset",
                                 doc->where, i + 1);
        if (!json_object_get(item, "value")) {
            const char *href = str_member(item, "href");
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: collection item %zu is a link to %s, "
                                 "not an embedded dataset: collect it as a "
                                 "source of its own", doc->where, i + 1,
                                 href ? href : "(no href)");
        }
        rc = add_dataset(doc, item, dataset_name(doc, item, i + 1), err,
                         errlen);
    }
    return rc;
}

/* No class: a 1.x bundle {name: dataset, ...}, or a lone 1.x dataset. */
static int read_bundle(jsonstat_doc *doc, char *err, size_t errlen)
{
    json_t *root = doc->root;
    if (json_object_get(root, "dimension") && json_object_get(root, "value")) {
        int rc = reserve(doc, 1, err, errlen);
        return rc ? rc : add_dataset(doc, root, dataset_name(doc, root, 1),
                                     err, errlen);
    }
    size_t n = json_object_size(root);
    if (n == 0)
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: an empty object holds no JSON-stat dataset",
                             doc->where);
    doc->multi = n > 1;
    int rc = reserve(doc, n, err, errlen);
    const char *key;
    json_t *member;
    json_object_foreach(root, key, member) {
        if (rc)
            break;
        if (!json_is_object(member) ||
            !json_is_object(json_object_get(member, "dimension")))
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: '%s' is not a JSON-stat dataset (no "
                                 "dimension object; class missing, so the "
                                 "document was read as a 1.x bundle)",
                                 doc->where, key);
        rc = add_dataset(doc, member, key, err, errlen);
    }
    return rc;
}

/* Find the datasets of doc->root. */
static int read_root(jsonstat_doc *doc, char *err, size_t errlen)
{
    if (!json_is_object(doc->root))
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: not a JSON-stat document (the top level is "
                             "not an object)", doc->where);
    json_t *cls = json_object_get(doc->root, "class");
    if (!cls)
        return read_bundle(doc, err, errlen);
    const char *c = json_string_value(cls);
    if (c && strcmp(c, "dataset") == 0) {
        int rc = reserve(doc, 1, err, errlen);
        return rc ? rc : add_dataset(doc, doc->root,
                                     dataset_name(doc, doc->root, 1), err,
                                     errlen);
    }
    if (c && strcmp(c, "collection") == 0)
        return read_collection(doc, err, errlen);
    if (c && strcmp(c, "dimension") == 0)
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: a JSON-stat dimension (class \"dimension\") "
                             "holds no values", doc->where);
    return jsonstat_fail(err, errlen, AMB_EPARSE,
                         "%s: unknown JSON-stat class (expected \"dataset\" "
                         "or \"collection\")", doc->where);
}

/* ------------------------------------------------------------ loading */

/* Take ownership of root (may be NULL after a parse error described by
 * jerr) and build the document. */
static int finish_load(json_t *root, const json_error_t *jerr,
                       const char *where, jsonstat_doc **out, char *err,
                       size_t errlen)
{
    *out = NULL;
    if (!root)
        return jsonstat_fail(err, errlen, AMB_EPARSE, "%s:%d:%d: %s", where,
                             jerr->line, jerr->column, jerr->text);
    jsonstat_doc *doc = calloc(1, sizeof *doc);
    char *w = dup_str(where);
    if (!doc || !w) {
        free(doc);
        free(w);
        json_decref(root);
        return jsonstat_fail(err, errlen, AMB_ENOMEM, "%s: out of memory",
                             where);
    }
    doc->root = root;
    doc->where = w;
    int rc = read_root(doc, err, errlen);
    if (rc) {
        jsonstat_doc_free(doc);
        return rc;
    }
    *out = doc;
    return 0;
}

/* A jansson reader over a FILE that stops past a byte limit. */
typedef struct capped_reader {
    FILE *fp;
    size_t left;
    int over;
    int failed;
} capped_reader;

/* json_load_callback's reader: up to len bytes, (size_t)-1 on a read
 * error or once more than the limit would be read (r->over set). */
static size_t capped_read(void *buf, size_t len, void *ud)
{
    capped_reader *r = ud;
    if (r->left == 0) {
        char probe;
        if (fread(&probe, 1, 1, r->fp) == 1) {
            r->over = 1;
            return (size_t)-1;
        }
        return 0;
    }
    size_t n = fread(buf, 1, len < r->left ? len : r->left, r->fp);
    if (n == 0 && ferror(r->fp)) {
        r->failed = 1;
        return (size_t)-1;
    }
    r->left -= n;
    return n;
}

int jsonstat_load_file(const char *path, const char *where, size_t max_bytes,
                       jsonstat_doc **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!max_bytes)
        max_bytes = JSONSTAT_MAX_BYTES;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return jsonstat_fail(err, errlen, AMB_EIO, "%s: %s", where,
                             strerror(errno));
    capped_reader r = {fp, max_bytes, 0, 0};
    json_error_t jerr;
    json_t *root = json_load_callback(capped_read, &r, LOAD_FLAGS, &jerr);
    int ioerr = errno;
    fclose(fp);
    if (r.over || r.failed) {
        json_decref(root);
        if (r.over)
            return jsonstat_fail(err, errlen, AMB_ELIMIT,
                                 "%s: larger than %zu bytes, the limit for a "
                                 "JSON-stat document (it is read whole into "
                                 "memory)", where, max_bytes);
        return jsonstat_fail(err, errlen, AMB_EIO, "%s: %s", where,
                             strerror(ioerr));
    }
    return finish_load(root, &jerr, where, out, err, errlen);
}

int jsonstat_load_mem(const char *data, size_t len, const char *where,
                      jsonstat_doc **out, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *root = json_loadb(data, len, LOAD_FLAGS, &jerr);
    return finish_load(root, &jerr, where, out, err, errlen);
}

void jsonstat_doc_free(jsonstat_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->ndatasets; i++)
        jsonstat_free_dims(&doc->datasets[i]);
    free(doc->datasets);
    for (size_t i = 0; i < doc->nposnames; i++)
        free(doc->posnames[i]);
    free(doc->posnames);
    free(doc->where);
    json_decref(doc->root);
    free(doc);
}

size_t jsonstat_doc_count(const jsonstat_doc *doc)
{
    return doc->ndatasets;
}

const jsonstat_dataset *jsonstat_doc_dataset(const jsonstat_doc *doc,
                                             size_t i)
{
    return i < doc->ndatasets ? &doc->datasets[i] : NULL;
}

const char *jsonstat_doc_where(jsonstat_doc *doc, const jsonstat_dataset *ds)
{
    if (doc->multi && ds && ds->name)
        snprintf(doc->wherebuf, sizeof doc->wherebuf, "%s: dataset %s",
                 doc->where, ds->name);
    else
        snprintf(doc->wherebuf, sizeof doc->wherebuf, "%s", doc->where);
    return doc->wherebuf;
}
