/*
 * csv_plugin.c - the csv plugin: delimited text files with a Lua column map.
 *
 * collect fetches options.url (or options.path) through the core and parses
 * the body; import parses a local file.  Both read the options into a
 * csv_opts, resolve the column map from the header, start one dataset and
 * send one observation per record.  Every error goes through host->fail
 * with FILE:LINE, so the core rolls the whole run back.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ambit/plugin.h"
#include "csv_map.h"
#include "csv_parse.h"

/* The tokenizer's codes are amb_rc values, so they pass through as is. */
_Static_assert((int)CSV_ENOMEM == (int)AMB_ENOMEM &&
                   (int)CSV_EIO == (int)AMB_EIO &&
                   (int)CSV_ESYNTAX == (int)AMB_EPARSE &&
                   (int)CSV_ELIMIT == (int)AMB_ELIMIT,
               "csv_parse codes must equal amb_rc codes");

#define PROGRESS_STEP ((uint64_t)64 * 1024)

static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
    AMB_PRINTF(4, 5);

/* Format a message into err (when there is room); returns rc. */
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

static int is_empty_table(const amb_opt *v)
{
    return (v->type == AMB_OPT_LIST || v->type == AMB_OPT_MAP) &&
           v->count == 0;
}

/* An optional string option: *out is NULL when absent. */
static int opt_string(const amb_opt *options, const char *key,
                      const char **out, char *err, size_t errlen)
{
    const amb_opt *v = amb_opt_get(options, key);
    *out = NULL;
    if (!v || v->type == AMB_OPT_NIL)
        return 0;
    if (v->type != AMB_OPT_STRING)
        return errf(err, errlen, AMB_ECONFIG,
                    "csv: option '%s' must be a string", key);
    *out = v->string;
    return 0;
}

/* A column reference (name or 1-based number) named what in messages. */
static int parse_colref(const amb_opt *v, const char *what, int header,
                        csv_colref *out, char *err, size_t errlen)
{
    out->name = NULL;
    out->index = 0;
    if (v->type == AMB_OPT_STRING) {
        if (!*v->string)
            return errf(err, errlen, AMB_ECONFIG, "csv: %s is empty", what);
        if (!header)
            return errf(err, errlen, AMB_ECONFIG,
                        "csv: %s '%s' is a column name, but header = false: "
                        "use a column number", what, v->string);
        out->name = v->string;
        return 0;
    }
    if (v->type == AMB_OPT_NUMBER && v->number >= 1 && v->number <= 1e6 &&
        v->number == (double)(unsigned long)v->number) {
        out->index = (unsigned long)v->number;
        return 0;
    }
    return errf(err, errlen, AMB_ECONFIG,
                "csv: %s must be a column name or a column number (from 1)",
                what);
}

static int parse_dims(const amb_opt *v, csv_opts *o, char *err,
                      size_t errlen)
{
    o->has_dims = 1;
    if (is_empty_table(v))
        return 0;
    if (v->type == AMB_OPT_STRING || v->type == AMB_OPT_NUMBER) {
        o->ndims = 1;
        return parse_colref(v, "columns.dims[1]", o->header, &o->dims[0],
                            err, errlen);
    }
    if (v->type != AMB_OPT_LIST)
        return errf(err, errlen, AMB_ECONFIG,
                    "csv: columns.dims must be a list of column names or "
                    "numbers");
    if (v->count > AMB_MAX_DIMS)
        return errf(err, errlen, AMB_ECONFIG,
                    "csv: columns.dims has %zu columns, more than the %d "
                    "dimensions a dataset may have", v->count, AMB_MAX_DIMS);
    for (size_t i = 0; i < v->count; i++) {
        char what[48];
        snprintf(what, sizeof what, "columns.dims[%zu]", i + 1);
        int rc = parse_colref(&v->items[i], what, o->header, &o->dims[i],
                              err, errlen);
        if (rc)
            return rc;
    }
    o->ndims = v->count;
    return 0;
}

static int parse_columns(const amb_opt *cols, csv_opts *o, char *err,
                         size_t errlen)
{
    if (!cols || cols->type == AMB_OPT_NIL || is_empty_table(cols))
        return 0;
    if (cols->type != AMB_OPT_MAP)
        return errf(err, errlen, AMB_ECONFIG,
                    "csv: option 'columns' must be a table with dims, period, "
                    "value, flag and labels");
    for (size_t i = 0; i < cols->count; i++) {
        const amb_opt *v = &cols->items[i];
        const char *k = v->key ? v->key : "?";
        int rc = 0;
        if (strcmp(k, "dims") == 0) {
            rc = parse_dims(v, o, err, errlen);
        } else if (strcmp(k, "period") == 0) {
            rc = parse_colref(v, "columns.period", o->header, &o->period, err,
                              errlen);
        } else if (strcmp(k, "value") == 0) {
            rc = parse_colref(v, "columns.value", o->header, &o->value, err,
                              errlen);
        } else if (strcmp(k, "flag") == 0) {
            rc = parse_colref(v, "columns.flag", o->header, &o->flag, err,
                              errlen);
        } else if (strcmp(k, "labels") == 0) {
            if (is_empty_table(v))
                continue;
            if (v->type != AMB_OPT_MAP)
                return errf(err, errlen, AMB_ECONFIG,
                            "csv: columns.labels must be a table of "
                            "column = label");
            for (size_t j = 0; j < v->count; j++)
                if (v->items[j].type != AMB_OPT_STRING)
                    return errf(err, errlen, AMB_ECONFIG,
                                "csv: columns.labels['%s'] must be a string",
                                v->items[j].key ? v->items[j].key : "?");
            o->labels = v;
        } else {
            return errf(err, errlen, AMB_ECONFIG,
                        "csv: columns.%s is not a known key (dims, period, "
                        "value, flag, labels)", k);
        }
        if (rc)
            return rc;
    }
    return 0;
}

static int parse_missing(const amb_opt *v, csv_opts *o, char *err,
                         size_t errlen)
{
    if (!v || v->type == AMB_OPT_NIL)
        return 0;
    o->missing = v;
    if (is_empty_table(v))
        return 0;
    if (v->type != AMB_OPT_LIST)
        return errf(err, errlen, AMB_ECONFIG,
                    "csv: option 'missing' must be a list of strings");
    for (size_t i = 0; i < v->count; i++)
        if (v->items[i].type != AMB_OPT_STRING || !*v->items[i].string)
            return errf(err, errlen, AMB_ECONFIG,
                        "csv: missing[%zu] must be a non-empty string", i + 1);
    return 0;
}

/* One character option out of a set: allowed[i] sets chars[i]; *out is
 * dflt when the option is absent.  expect describes the set in messages. */
static int opt_char(const amb_opt *options, const char *key, char dflt,
                    const char *const *allowed, const char *chars,
                    const char *expect, char *out, char *err, size_t errlen)
{
    const char *s;
    int rc = opt_string(options, key, &s, err, errlen);
    if (rc)
        return rc;
    *out = dflt;
    if (!s)
        return 0;
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(s, allowed[i]) == 0) {
            *out = chars[i];
            return 0;
        }
    return errf(err, errlen, AMB_ECONFIG,
                "csv: option '%s' must be %s (got '%.40s')", key, expect, s);
}

/* Read and validate the option tree into o (strings stay borrowed from
 * it): types, delimiter/decimal/thousands values, the columns table.  Does
 * not require dataset, url or path: the callers do.  Returns 0 or
 * AMB_ECONFIG with a reason in err. */
static int parse_options(const amb_opt *options, csv_opts *o, char *err,
                         size_t errlen)
{
    /* each list is parallel to the characters given to opt_char below;
     * "auto" and "" map to the string's terminating NUL */
    static const char *const delims[] = {",", ";", "\t", "tab", "auto", NULL};
    static const char *const decimals[] = {".", ",", NULL};
    static const char *const seps[] = {"", ".", ",", " ", "'", "_", NULL};
    memset(o, 0, sizeof *o);
    o->header = 1;
    if (!options || options->type != AMB_OPT_MAP)
        return errf(err, errlen, AMB_ECONFIG, "csv: options must be a table");
    int rc;
    if ((rc = opt_string(options, "dataset", &o->dataset, err, errlen)) ||
        (rc = opt_string(options, "title", &o->title, err, errlen)) ||
        (rc = opt_string(options, "unit", &o->unit, err, errlen)) ||
        (rc = opt_string(options, "time_label", &o->time_label, err,
                         errlen)) ||
        (rc = opt_string(options, "url", &o->url, err, errlen)) ||
        (rc = opt_string(options, "path", &o->path, err, errlen)))
        return rc;
    if (o->dataset && !*o->dataset)
        return errf(err, errlen, AMB_ECONFIG, "csv: option 'dataset' is empty");
    if (o->url && o->path)
        return errf(err, errlen, AMB_ECONFIG,
                    "csv: give option 'url' or option 'path', not both");
    if ((rc = opt_char(options, "delimiter", 0, delims, ",;\t\t",
                       "\",\", \";\", \"\\t\" or \"auto\"", &o->delimiter,
                       err, errlen)) ||
        (rc = opt_char(options, "decimal", '.', decimals, ".,",
                       "\".\" or \",\"", &o->decimal, err, errlen)) ||
        (rc = opt_char(options, "thousands", 0, seps, "\0., '_",
                       "one of \".\" \",\" \" \" \"'\" \"_\" (or \"\")",
                       &o->thousands, err, errlen)))
        return rc;
    const amb_opt *v = amb_opt_get(options, "header");
    if (v && v->type != AMB_OPT_NIL) {
        if (v->type != AMB_OPT_BOOL)
            return errf(err, errlen, AMB_ECONFIG,
                        "csv: option 'header' must be true or false");
        o->header = v->boolean;
    }
    v = amb_opt_get(options, "skip");
    if (v && v->type != AMB_OPT_NIL) {
        if (v->type != AMB_OPT_NUMBER || !(v->number >= 0 && v->number <= 1e9) ||
            v->number != (double)(unsigned long)v->number)
            return errf(err, errlen, AMB_ECONFIG,
                        "csv: option 'skip' must be a whole number >= 0");
        o->skip = (unsigned long)v->number;
    }
    if (o->thousands && o->thousands == o->decimal)
        return errf(err, errlen, AMB_ECONFIG,
                    "csv: options 'thousands' and 'decimal' are both '%c'",
                    o->decimal);
    if ((rc = parse_columns(amb_opt_get(options, "columns"), o, err, errlen)) ||
        (rc = parse_missing(amb_opt_get(options, "missing"), o, err, errlen)))
        return rc;
    if (!o->header && (!o->period.index || !o->value.index))
        return errf(err, errlen, AMB_ECONFIG,
                    "csv: header = false needs columns.period and "
                    "columns.value (column numbers)");
    return 0;
}

/* ------------------------------------------------------------ parsing */

/* One parse of one file. */
typedef struct csv_run {
    amb_ctx *ctx;
    const amb_host *host;
    const csv_opts *opts;
    const char *file;       /* the input's name in messages */
    const char *origin;     /* the dataset's origin: URL or path */
} csv_run;

static amb_rc parse_failed(const csv_run *r, const csv_parser *p)
{
    const csv_error *e = csv_parser_error(p);
    return r->host->fail(r->ctx, (amb_rc)e->code, "%s:%lu: %s", r->file,
                         e->line, e->msg);
}

static void progress(const csv_run *r, uint64_t done, uint64_t total)
{
    if (r->host->progress)
        r->host->progress(r->ctx, done, total);
}

/* Skip, read the header, start the dataset and send every record.  map is
 * filled here and freed by the caller. */
static amb_rc parse_all(const csv_run *r, csv_parser *p, csv_map *map,
                        uint64_t total)
{
    const csv_opts *o = r->opts;
    char err[640];
    csv_record rec;
    int rc = csv_skip(p, o->skip);
    if (rc < 0)
        return parse_failed(r, p);
    if ((rc = csv_next(p, &rec)) < 0)
        return parse_failed(r, p);
    if (rc == CSV_EOF)
        return r->host->fail(r->ctx, AMB_EPARSE, "%s: no %s", r->file,
                             o->header ? "header line" : "records");
    if ((rc = csv_map_init(map, o, &rec, r->file, err, sizeof err)))
        return r->host->fail(r->ctx, (amb_rc)rc, "%s", err);

    amb_dataset_desc d = {
        .id = o->dataset, .title = o->title, .unit = o->unit,
        .ndims = map->ndims, .dims = map->dims, .time_id = map->time_id,
        .time_label = map->time_label, .origin = r->origin};
    if ((rc = r->host->dataset_begin(r->ctx, &d)))
        return (amb_rc)rc;

    uint64_t next_progress = PROGRESS_STEP, rows = 0;
    int pending = !o->header; /* without a header the first record is data */
    for (;;) {
        if (!pending) {
            if ((rc = csv_next(p, &rec)) < 0)
                return parse_failed(r, p);
            if (rc == CSV_EOF)
                break;
        }
        pending = 0;
        csv_obs obs;
        if ((rc = csv_map_row(map, &rec, r->file, &obs, err, sizeof err)))
            return r->host->fail(r->ctx, (amb_rc)rc, "%s", err);
        rc = r->host->observe(r->ctx, obs.codes, obs.period, obs.value,
                              obs.has_value, obs.flag);
        if (rc)
            return (amb_rc)rc;
        rows++;
        uint64_t done = csv_parser_bytes(p);
        if (done >= next_progress) {
            progress(r, done, total);
            next_progress = done + PROGRESS_STEP;
        }
    }
    progress(r, csv_parser_bytes(p), total);
    if (r->host->log)
        r->host->log(r->ctx, AMB_LOG_INFO, "csv: %llu rows from %s",
                     (unsigned long long)rows, r->file);
    return AMB_OK;
}

/* Parse the local file path (owned by the caller) for run r. */
static amb_rc parse_file(const csv_run *r, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return r->host->fail(r->ctx, AMB_EIO, "csv: cannot open %s: %s",
                             r->file, strerror(errno));
    struct stat st;
    uint64_t total = 0;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode))
        total = (uint64_t)st.st_size;
    csv_config cfg = {.delimiter = r->opts->delimiter, .max_record = 0};
    csv_parser *p = csv_parser_new(&cfg, csv_read_file, fp);
    if (!p) {
        fclose(fp);
        return r->host->fail(r->ctx, AMB_ENOMEM, "csv: out of memory");
    }
    csv_map map;
    memset(&map, 0, sizeof map);
    amb_rc rc = parse_all(r, p, &map, total);
    csv_map_free(&map);
    csv_parser_free(p);
    fclose(fp);
    return rc;
}

/* Options for a run: parsed, with a dataset id. */
static amb_rc run_options(amb_ctx *ctx, const amb_host *host,
                          const amb_opt *options, csv_opts *o)
{
    char err[512];
    int rc = parse_options(options, o, err, sizeof err);
    if (rc)
        return host->fail(ctx, (amb_rc)rc, "%s", err);
    if (!o->dataset)
        return host->fail(ctx, AMB_ECONFIG,
                          "csv: option 'dataset' is required");
    return AMB_OK;
}

/* ------------------------------------------------------------ callbacks */

static amb_rc csv_check(const amb_opt *options, char *err, size_t errlen)
{
    csv_opts o;
    int rc = parse_options(options, &o, err, errlen);
    if (rc)
        return (amb_rc)rc;
    if (!o.dataset)
        return (amb_rc)errf(err, errlen, AMB_ECONFIG,
                            "csv: option 'dataset' is required");
    if (!o.url && !o.path)
        return (amb_rc)errf(err, errlen, AMB_ECONFIG,
                            "csv: option 'url' or 'path' is required");
    return AMB_OK;
}

static amb_rc csv_collect(amb_ctx *ctx, const amb_host *host,
                          const amb_opt *options)
{
    csv_opts o;
    amb_rc rc = run_options(ctx, host, options, &o);
    if (rc)
        return rc;
    const char *src = o.url ? o.url : o.path;
    if (!src)
        return host->fail(ctx, AMB_ECONFIG,
                          "csv: option 'url' or 'path' is required");
    const char *path = NULL;
    if ((rc = amb_fetch_file(ctx, host, "csv", src, NULL, &path)))
        return rc;
    csv_run r = {ctx, host, &o, src, src};
    return parse_file(&r, path);
}

static amb_rc csv_import(amb_ctx *ctx, const amb_host *host,
                         const amb_opt *options, const char *path)
{
    csv_opts o;
    amb_rc rc = run_options(ctx, host, options, &o);
    if (rc)
        return rc;
    csv_run r = {ctx, host, &o, path, path};
    return parse_file(&r, path);
}

AMB_PLUGIN_DEFINE = {
    .abi_version = AMB_PLUGIN_ABI,
    .name = "csv",
    .struct_size = sizeof(amb_plugin),
    .version = "1.0",
    .description = "Delimited text (CSV, semicolon, tab) with a Lua column map",
    .check = csv_check,
    .collect = csv_collect,
    .import = csv_import,
};
