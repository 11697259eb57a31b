/*
 * jsonstat_plugin.c - the jsonstat plugin: JSON-stat 2.0 datasets and
 * collections and 1.x bundles, from a URL or a file.
 *
 * collect fetches options.url (or options.path) through the core and, unless
 * the fetch says the body is unchanged, loads the whole document
 * (jsonstat.h: JSON-stat cannot be streamed) and stores each selected
 * dataset: its dimensions (the time dimension's codes become periods),
 * category labels in options.lang, and one observation per cell present in
 * the document.  import does the same for a local file.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ambit/plugin.h"
#include "jsonstat.h"

#define PROGRESS_STEP ((uint64_t)1 << 16)

typedef struct js_opts {
    const char *url, *path;     /* one of them for collect */
    const char *dataset;        /* an id (one dataset) or a prefix */
    const amb_opt *dataset_map; /* or a map {name = id} selecting datasets */
    const char *time, *title, *unit;
    const char *lang;           /* of the labels; "da" by default */
} js_opts;

static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
    AMB_PRINTF(4, 5);

/* Format a message into err; returns rc. */
static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* ------------------------------------------------------------ options */

/* An optional non-empty string option into *out (NULL when absent). */
static int opt_str(const amb_opt *options, const char *key, const char **out,
                   char *err, size_t errlen)
{
    const amb_opt *v = amb_opt_get(options, key);
    *out = NULL;
    if (!v || v->type == AMB_OPT_NIL)
        return 0;
    if (v->type != AMB_OPT_STRING || !*v->string)
        return errf(err, errlen, AMB_ECONFIG,
                    "jsonstat: option '%s' must be a non-empty string", key);
    *out = v->string;
    return 0;
}

/* option dataset: a string, or a map of dataset names to ids. */
static int opt_dataset(const amb_opt *options, js_opts *o, char *err,
                       size_t errlen)
{
    const amb_opt *v = amb_opt_get(options, "dataset");
    if (!v || v->type != AMB_OPT_MAP)
        return opt_str(options, "dataset", &o->dataset, err, errlen);
    if (v->count == 0)
        return errf(err, errlen, AMB_ECONFIG,
                    "jsonstat: option 'dataset' is an empty table");
    for (size_t i = 0; i < v->count; i++)
        if (v->items[i].type != AMB_OPT_STRING || !*v->items[i].string)
            return errf(err, errlen, AMB_ECONFIG,
                        "jsonstat: dataset['%s'] must be a non-empty string "
                        "(the id to store that dataset under)",
                        v->items[i].key ? v->items[i].key : "?");
    o->dataset_map = v;
    return 0;
}

/* Read and check the option tree into o (strings borrowed from it). */
static int parse_options(const amb_opt *options, js_opts *o, char *err,
                         size_t errlen)
{
    static const char *const known[] = {"plugin", "schedule", "url", "path",
                                        "dataset", "time", "title", "unit",
                                        "lang", NULL};
    memset(o, 0, sizeof *o);
    if (!options || options->type != AMB_OPT_MAP)
        return errf(err, errlen, AMB_ECONFIG,
                    "jsonstat: options must be a table");
    for (size_t i = 0; i < options->count; i++) {
        const char *k = options->items[i].key ? options->items[i].key : "?";
        size_t j = 0;
        while (known[j] && strcmp(known[j], k) != 0)
            j++;
        if (!known[j])
            return errf(err, errlen, AMB_ECONFIG,
                        "jsonstat: unknown option '%s' (known: url, path, "
                        "dataset, time, title, unit, lang)", k);
    }
    int rc;
    if ((rc = opt_str(options, "url", &o->url, err, errlen)) ||
        (rc = opt_str(options, "path", &o->path, err, errlen)) ||
        (rc = opt_str(options, "time", &o->time, err, errlen)) ||
        (rc = opt_str(options, "title", &o->title, err, errlen)) ||
        (rc = opt_str(options, "unit", &o->unit, err, errlen)) ||
        (rc = opt_str(options, "lang", &o->lang, err, errlen)) ||
        (rc = opt_dataset(options, o, err, errlen)))
        return rc;
    if (o->url && o->path)
        return errf(err, errlen, AMB_ECONFIG,
                    "jsonstat: give option 'url' or option 'path', not both");
    if (!o->lang)
        o->lang = "da";
    size_t n = strspn(o->lang, "abcdefghijklmnopqrstuvwxyz");
    if (o->lang[n] != '\0' || n < 2 || n > 3)
        return errf(err, errlen, AMB_ECONFIG,
                    "jsonstat: option 'lang' must be a language code such "
                    "as \"da\" or \"en\"");
    return 0;
}

/* ------------------------------------------------------------ storing */

/* One dataset being stored. */
typedef struct js_store {
    amb_ctx *ctx;
    const amb_host *host;
    uint64_t done, total, next_progress;
} js_store;

/* jsonstat_walk's callback: store one cell, report progress now and
 * then; returns the host's result (non-zero stops the walk). */
static int on_cell(void *ud, const char *const *codes, const char *period,
                   double value, int has_value, const char *flag)
{
    js_store *s = ud;
    amb_rc rc = s->host->observe(s->ctx, codes, period, value, has_value,
                                 flag);
    if (rc)
        return rc;
    if (++s->done >= s->next_progress) {
        if (s->host->progress)
            s->host->progress(s->ctx, s->done, s->total);
        s->next_progress = s->done + PROGRESS_STEP;
    }
    return 0;
}

/* The unit of ds: options.unit, else the unit of its one-category metric
 * dimension, else NULL. */
static const char *dataset_unit(const jsonstat_dataset *ds, const js_opts *o)
{
    if (o->unit)
        return o->unit;
    for (size_t i = 0; i < ds->ndims; i++)
        if ((ds->dims[i].roles & JSONSTAT_ROLE_METRIC) && ds->dims[i].unit)
            return ds->dims[i].unit;
    return NULL;
}

/* Labels of every category of dimension d (ambit index dim). */
static amb_rc store_labels(amb_ctx *ctx, const amb_host *host,
                           const jsonstat_dim *d, size_t dim, const char *lang)
{
    for (size_t c = 0; c < d->size; c++) {
        if (!d->labels[c])
            continue;
        amb_rc rc = host->dim_label(ctx, dim, d->codes[c], lang, d->labels[c]);
        if (rc)
            return rc;
    }
    return AMB_OK;
}

/* Store dataset ds of doc as id: dataset_begin, labels, every cell. */
static amb_rc store_dataset(amb_ctx *ctx, const amb_host *host,
                            jsonstat_doc *doc, const jsonstat_dataset *ds,
                            const char *id, const js_opts *o,
                            const char *origin)
{
    char err[1024];
    jsonstat_layout lay;
    memset(&lay, 0, sizeof lay);
    int rc = jsonstat_find_time(doc, ds, o->time, &lay.time_dim, err,
                                sizeof err);
    if (rc)
        return host->fail(ctx, (amb_rc)rc, "%s", err);
    if (ds->ndims - 1 > AMB_MAX_DIMS)
        return host->fail(ctx, AMB_ELIMIT,
                          "%s: %zu dimensions besides time; ambit stores at "
                          "most %d", jsonstat_doc_where(doc, ds),
                          ds->ndims - 1, AMB_MAX_DIMS);
    amb_dim dims[AMB_MAX_DIMS];
    for (size_t i = 0; i < ds->ndims; i++) {
        if (i == lay.time_dim)
            continue;
        dims[lay.nout] = (amb_dim){ds->dims[i].id, ds->dims[i].label};
        lay.out[lay.nout++] = i;
    }
    const jsonstat_dim *t = &ds->dims[lay.time_dim];
    amb_dataset_desc desc = {
        .id = id, .title = o->title ? o->title : ds->label,
        .unit = dataset_unit(ds, o), .updated = ds->updated,
        .ndims = lay.nout, .dims = dims, .time_id = t->id,
        .time_label = t->label, .origin = origin};
    amb_rc arc = host->dataset_begin(ctx, &desc);
    for (size_t k = 0; arc == AMB_OK && k < lay.nout; k++)
        arc = store_labels(ctx, host, &ds->dims[lay.out[k]], k, o->lang);
    if (arc == AMB_OK)
        arc = store_labels(ctx, host, t, AMB_DIM_TIME, o->lang);
    if (arc)
        return arc;
    js_store s = {ctx, host, 0, ds->nvalues, PROGRESS_STEP};
    err[0] = '\0';
    rc = jsonstat_walk(doc, ds, &lay, on_cell, &s, err, sizeof err);
    if (rc)
        return err[0] ? host->fail(ctx, (amb_rc)rc, "%s", err) : (amb_rc)rc;
    if (host->progress)
        host->progress(ctx, s.done, s.total);
    if (host->log)
        host->log(ctx, AMB_LOG_INFO, "jsonstat: %llu cells of %s stored as %s",
                  (unsigned long long)s.done, jsonstat_doc_where(doc, ds), id);
    return AMB_OK;
}

/* The id dataset ds is stored under, or NULL to skip it (a map that does
 * not name it).  buf holds a prefixed id. */
static const char *target_id(const jsonstat_doc *doc,
                             const jsonstat_dataset *ds, const js_opts *o,
                             char *buf, size_t len)
{
    if (o->dataset_map) {
        const amb_opt *v = amb_opt_get(o->dataset_map, ds->name);
        return v ? v->string : NULL;
    }
    if (!o->dataset)
        return ds->name;
    if (jsonstat_doc_count(doc) == 1)
        return o->dataset;
    snprintf(buf, len, "%s%s", o->dataset, ds->name);
    return buf;
}

/* Store every selected dataset of doc (where names it in messages). */
static amb_rc store_doc(amb_ctx *ctx, const amb_host *host, jsonstat_doc *doc,
                        const js_opts *o, const char *where)
{
    size_t n = jsonstat_doc_count(doc);
    if (o->dataset_map) {
        for (size_t i = 0; i < o->dataset_map->count; i++) {
            const char *want = o->dataset_map->items[i].key;
            size_t j = 0;
            while (j < n && strcmp(jsonstat_doc_dataset(doc, j)->name, want))
                j++;
            if (j == n)
                return host->fail(ctx, AMB_ECONFIG,
                                  "%s: option dataset names '%s', but the "
                                  "document has no dataset of that name (the "
                                  "first is '%s')", where, want,
                                  jsonstat_doc_dataset(doc, 0)->name);
        }
    }
    for (size_t i = 0; i < n; i++) {
        const jsonstat_dataset *ds = jsonstat_doc_dataset(doc, i);
        char buf[512];
        const char *id = target_id(doc, ds, o, buf, sizeof buf);
        if (!id) {
            if (host->log)
                host->log(ctx, AMB_LOG_INFO, "jsonstat: %s: dataset %s is "
                          "not in option dataset, skipped", where, ds->name);
            continue;
        }
        amb_rc rc = store_dataset(ctx, host, doc, ds, id, o, where);
        if (rc)
            return rc;
    }
    return AMB_OK;
}

/* Load the file at path (named where) and store it. */
static amb_rc load_and_store(amb_ctx *ctx, const amb_host *host,
                             const js_opts *o, const char *path,
                             const char *where)
{
    char err[1024];
    jsonstat_doc *doc = NULL;
    int rc = jsonstat_load_file(path, where, 0, &doc, err, sizeof err);
    if (rc)
        return host->fail(ctx, (amb_rc)rc, "%s", err);
    amb_rc arc = store_doc(ctx, host, doc, o, where);
    jsonstat_doc_free(doc);
    return arc;
}

/* ------------------------------------------------------------ callbacks */

/* check: the options alone (ambit reports file:line). */
static amb_rc js_check(const amb_opt *options, char *err, size_t errlen)
{
    js_opts o;
    int rc = parse_options(options, &o, err, errlen);
    if (rc)
        return (amb_rc)rc;
    if (!o.url && !o.path)
        return (amb_rc)errf(err, errlen, AMB_ECONFIG,
                            "jsonstat: option 'url' or 'path' is required");
    return AMB_OK;
}

/* collect: fetch url or path through the core; AMB_UNCHANGED when the
 * body is the one of the last good run, else load and store it. */
static amb_rc js_collect(amb_ctx *ctx, const amb_host *host,
                         const amb_opt *options)
{
    js_opts o;
    char err[512];
    int rc = parse_options(options, &o, err, sizeof err);
    if (rc)
        return host->fail(ctx, (amb_rc)rc, "%s", err);
    const char *src = o.url ? o.url : o.path;
    if (!src)
        return host->fail(ctx, AMB_ECONFIG,
                          "jsonstat: option 'url' or 'path' is required");
    amb_fetch_request req;
    memset(&req, 0, sizeof req);
    req.url = src;
    req.accept = "application/json";
    amb_fetch_result res;
    memset(&res, 0, sizeof res);
    amb_rc arc = host->fetch(ctx, &req, &res);
    if (arc)
        return arc;
    if (res.unchanged)
        return AMB_UNCHANGED;
    if (!res.path)
        return host->fail(ctx, AMB_EIO, "jsonstat: %s: the fetch gave no file",
                          src);
    return load_and_store(ctx, host, &o, res.path, src);
}

/* import: load and store the local file path (ambit import). */
static amb_rc js_import(amb_ctx *ctx, const amb_host *host,
                        const amb_opt *options, const char *path)
{
    js_opts o;
    char err[512];
    int rc = parse_options(options, &o, err, sizeof err);
    if (rc)
        return host->fail(ctx, (amb_rc)rc, "%s", err);
    return load_and_store(ctx, host, &o, path, path);
}

AMB_PLUGIN_DEFINE = {
    .abi_version = AMB_PLUGIN_ABI,
    .name = "jsonstat",
    .struct_size = sizeof(amb_plugin),
    .version = "1.0",
    .description = "JSON-stat 2.0 datasets and collections, 1.x bundles",
    .check = js_check,
    .collect = js_collect,
    .import = js_import,
};
