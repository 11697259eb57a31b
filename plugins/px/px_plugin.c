/*
 * px_plugin.c - the px plugin: PC-Axis files, local or by URL.
 *
 * collect fetches options.url (or options.path) through the core and
 * parses the body unless the fetch says it is unchanged; import parses a
 * local file.  Both read the header (px_parse.h), start one dataset whose
 * dimensions are the variables other than the time variable, store every
 * value's label in each of the file's languages, and stream the cells to
 * host->observe.  Every error goes through host->fail, so the core rolls
 * the whole run back.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ambit/plugin.h"
#include "px_parse.h"

_Static_assert((int)PX_ENOMEM == (int)AMB_ENOMEM &&
                   (int)PX_EIO == (int)AMB_EIO &&
                   (int)PX_EPARSE == (int)AMB_EPARSE &&
                   (int)PX_ECONFIG == (int)AMB_ECONFIG &&
                   (int)PX_ELIMIT == (int)AMB_ELIMIT,
               "px_parse codes must equal amb_rc codes");

#define PROGRESS_STEP ((uint64_t)64 * 1024)

/* The source's options; strings borrowed from the option tree. */
typedef struct px_opts {
    const char *url, *path, *dataset, *time, *lang, *title, *unit;
} px_opts;

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

/* Read and type-check the options into o.  Requires neither url, path
 * nor dataset (the callers do).  Returns 0 or AMB_ECONFIG with err. */
static int parse_options(const amb_opt *options, px_opts *o, char *err,
                         size_t errlen)
{
    static const char *const keys[] = {"url",  "path",  "dataset", "time",
                                       "lang", "title", "unit",    NULL};
    const char **slots[] = {&o->url,  &o->path,  &o->dataset, &o->time,
                            &o->lang, &o->title, &o->unit};
    memset(o, 0, sizeof *o);
    if (!options || options->type != AMB_OPT_MAP)
        return errf(err, errlen, AMB_ECONFIG, "px: options must be a table");
    for (size_t i = 0; keys[i]; i++) {
        const amb_opt *v = amb_opt_get(options, keys[i]);
        if (!v || v->type == AMB_OPT_NIL)
            continue;
        if (v->type != AMB_OPT_STRING || !*v->string)
            return errf(err, errlen, AMB_ECONFIG,
                        "px: option '%s' must be a non-empty string", keys[i]);
        *slots[i] = v->string;
    }
    if (o->url && o->path)
        return errf(err, errlen, AMB_ECONFIG,
                    "px: give option 'url' or option 'path', not both");
    return 0;
}

/* ------------------------------------------------------------ parsing */

typedef struct px_run {
    amb_ctx *ctx;
    const amb_host *host;
    const px_opts *opts;
    const char *file;       /* the input's name in messages and origin */
} px_run;

static void warn_cb(void *ud, const char *msg)
{
    const px_run *r = ud;
    if (r->host->log)
        r->host->log(r->ctx, AMB_LOG_WARNING, "px: %s", msg);
}

static amb_rc parse_failed(const px_run *r, const px_parser *p)
{
    const px_error *e = px_parser_error(p);
    return r->host->fail(r->ctx, (amb_rc)e->code, "%s", e->msg);
}

/* The dataset id when neither the option nor MATRIX gives one: the file
 * name without directory, query and extension, into buf. */
static const char *id_from_name(const char *file, char *buf, size_t len)
{
    size_t n = strcspn(file, "?#");
    size_t start = n;
    while (start > 0 && file[start - 1] != '/')
        start--;
    size_t end = n;
    for (size_t i = start; i < n; i++)
        if (file[i] == '.')
            end = i;
    if (end == start || end - start >= len)
        return NULL;
    memcpy(buf, file + start, end - start);
    buf[end - start] = '\0';
    return buf;
}

/* Every value's label: the main language's (lang NULL) and each named
 * language's.  dim is the store's index (or AMB_DIM_TIME). */
static amb_rc store_labels(const px_run *r, const px_table *t,
                           const px_var *v, size_t dim)
{
    const char *const *main = v->labels[t->main_lang] ? v->labels[t->main_lang]
                                                       : v->labels[0];
    for (size_t j = 0; j < v->nvalues; j++) {
        amb_rc rc = r->host->dim_label(r->ctx, dim, v->codes[j], NULL,
                                       main[j]);
        for (size_t l = 0; rc == AMB_OK && l < t->nlang; l++)
            if (t->langs[l] && v->labels[l])
                rc = r->host->dim_label(r->ctx, dim, v->codes[j], t->langs[l],
                                        v->labels[l][j]);
        if (rc)
            return rc;
    }
    return AMB_OK;
}

/* Start the dataset of table t; dimvar[] gets the variable of each store
 * dimension. */
static amb_rc begin(const px_run *r, const px_table *t, size_t *dimvar,
                    size_t *ndims)
{
    const px_opts *o = r->opts;
    if (t->time_var == PX_NO_VAR)
        return r->host->fail(r->ctx, AMB_EPARSE,
                             "%s: no time variable: no TIMEVAL, and no "
                             "variable is called tid, time, år or year (name "
                             "it with option time)", r->file);
    if (t->nvars - 1 > AMB_MAX_DIMS)
        return r->host->fail(r->ctx, AMB_ELIMIT,
                             "%s: %zu variables besides the time variable; a "
                             "dataset may have at most %d", r->file,
                             t->nvars - 1, AMB_MAX_DIMS);
    amb_dim dims[AMB_MAX_DIMS];
    size_t n = 0;
    for (size_t i = 0; i < t->nvars; i++)
        if (i != t->time_var) {
            dimvar[n] = i;
            dims[n].id = t->vars[i].id;
            dims[n].label = t->vars[i].names[t->main_lang];
            n++;
        }
    char name[256];
    const char *id = o->dataset ? o->dataset
                     : t->matrix && *t->matrix
                         ? t->matrix
                         : id_from_name(r->file, name, sizeof name);
    if (!id)
        return r->host->fail(r->ctx, AMB_ECONFIG,
                             "%s: no MATRIX and no file name to name the "
                             "dataset: set option dataset", r->file);
    const px_var *tv = &t->vars[t->time_var];
    amb_dataset_desc d = {
        .id = id,
        .title = o->title ? o->title : t->title,
        .unit = o->unit ? o->unit : t->units,
        .updated = t->updated,
        .ndims = n,
        .dims = dims,
        .time_id = tv->id,
        .time_label = tv->names[t->main_lang],
        .origin = r->file,
    };
    amb_rc rc = r->host->dataset_begin(r->ctx, &d);
    for (size_t k = 0; rc == AMB_OK && k < n; k++)
        rc = store_labels(r, t, &t->vars[dimvar[k]], k);
    if (rc == AMB_OK)
        rc = store_labels(r, t, tv, AMB_DIM_TIME);
    *ndims = n;
    return rc;
}

static void progress(const px_run *r, uint64_t done, uint64_t total)
{
    if (r->host->progress)
        r->host->progress(r->ctx, done, total);
}

/* Read the header, start the dataset and send every cell. */
static amb_rc parse_all(const px_run *r, px_parser *p, uint64_t total)
{
    px_options po = {r->opts->time, r->opts->lang, warn_cb, (void *)r};
    const px_table *t;
    if (px_read_header(p, &po, &t))
        return parse_failed(r, p);
    size_t dimvar[AMB_MAX_DIMS], ndims = 0;
    amb_rc rc = begin(r, t, dimvar, &ndims);
    if (rc)
        return rc;
    if (r->host->log)
        for (size_t i = 0; i < t->nvars; i++) {
            const px_var *v = &t->vars[i];
            if (v->elimination == PX_ELIM_VALUE)
                r->host->log(r->ctx, AMB_LOG_DEBUG,
                             "px: %s: the total (ELIMINATION) is %s", v->id,
                             v->codes[v->elim_value]);
        }
    const px_var *tv = &t->vars[t->time_var];
    uint64_t next = PROGRESS_STEP;
    px_cell cell;
    int prc;
    while ((prc = px_next_cell(p, &cell)) == PX_CELL) {
        const char *codes[AMB_MAX_DIMS];
        for (size_t k = 0; k < ndims; k++)
            codes[k] = t->vars[dimvar[k]].codes[cell.pos[dimvar[k]]];
        rc = r->host->observe(r->ctx, codes, tv->codes[cell.pos[t->time_var]],
                              cell.value, cell.has_value, cell.flag);
        if (rc)
            return rc;
        uint64_t done = px_parser_bytes(p);
        if (done >= next) {
            progress(r, done, total);
            next = done + PROGRESS_STEP;
        }
    }
    if (prc < 0)
        return parse_failed(r, p);
    progress(r, px_parser_bytes(p), total);
    if (r->host->log)
        r->host->log(r->ctx, AMB_LOG_INFO, "px: %llu cells from %s (%s)",
                     (unsigned long long)t->ncells, r->file, t->encoding);
    return AMB_OK;
}

/* Parse the local file path (named r->file in messages). */
static amb_rc parse_file(const px_run *r, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return r->host->fail(r->ctx, AMB_EIO, "px: cannot open %s: %s",
                             r->file, strerror(errno));
    struct stat st;
    uint64_t total = 0;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode))
        total = (uint64_t)st.st_size;
    px_parser *p = px_parser_new(r->file, px_read_file, fp);
    amb_rc rc = p ? parse_all(r, p, total)
                  : r->host->fail(r->ctx, AMB_ENOMEM, "px: out of memory");
    px_parser_free(p);
    fclose(fp);
    return rc;
}

static amb_rc run_options(amb_ctx *ctx, const amb_host *host,
                          const amb_opt *options, px_opts *o)
{
    char err[256];
    int rc = parse_options(options, o, err, sizeof err);
    return rc ? host->fail(ctx, (amb_rc)rc, "%s", err) : AMB_OK;
}

/* ------------------------------------------------------------ callbacks */

static amb_rc px_check(const amb_opt *options, char *err, size_t errlen)
{
    px_opts o;
    int rc = parse_options(options, &o, err, errlen);
    if (rc)
        return (amb_rc)rc;
    if (!o.url && !o.path)
        return (amb_rc)errf(err, errlen, AMB_ECONFIG,
                            "px: option 'url' or 'path' is required");
    return AMB_OK;
}

static amb_rc px_collect(amb_ctx *ctx, const amb_host *host,
                         const amb_opt *options)
{
    px_opts o;
    amb_rc rc = run_options(ctx, host, options, &o);
    if (rc)
        return rc;
    const char *src = o.url ? o.url : o.path;
    if (!src)
        return host->fail(ctx, AMB_ECONFIG,
                          "px: option 'url' or 'path' is required");
    const char *path = NULL;
    if ((rc = amb_fetch_file(ctx, host, "px", src, NULL, &path)))
        return rc;
    px_run r = {ctx, host, &o, src};
    return parse_file(&r, path);
}

static amb_rc px_import(amb_ctx *ctx, const amb_host *host,
                        const amb_opt *options, const char *path)
{
    px_opts o;
    amb_rc rc = run_options(ctx, host, options, &o);
    if (rc)
        return rc;
    px_run r = {ctx, host, &o, path};
    return parse_file(&r, path);
}

AMB_PLUGIN_DEFINE = {
    .abi_version = AMB_PLUGIN_ABI,
    .name = "px",
    .struct_size = sizeof(amb_plugin),
    .version = "1.0",
    .description = "PC-Axis (PX) files, local or by URL",
    .check = px_check,
    .collect = px_collect,
    .import = px_import,
};
