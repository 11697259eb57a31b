/*
 * statbank_plugin.c - the statbank plugin: one StatBank table per source.
 *
 * collect makes at most two requests through the core's fetcher:
 *  1. GET {base_url}/tableinfo/{table}?format=JSON&lang={lang}: the table's
 *     variables, value labels, unit and "updated" stamp.  When the fetcher
 *     says the body equals the one of this source's last successful run
 *     (or the server answered 304), nothing changed: return AMB_UNCHANGED
 *     without asking for the data.  The URL carries a fragment (never sent)
 *     naming the table and a fingerprint of the source's name and options,
 *     so that another source, or changed options, always downloads.
 *  2. POST {base_url}/data with the selection as JSON, in format BULK
 *     (streamed), CSV or JSONSTAT, stored as one dataset: the response's
 *     variables become dimensions (ids as in tableinfo), the time variable
 *     gives the periods, every tableinfo value label is stored in the
 *     request's language.
 * HTTP errors (StatBank answers 400 with {"errorTypeCode", "message"}) come
 * back from the fetcher with the body quoted and the table in the URL.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambit/plugin.h"
#include "jsonstat.h"
#include "statbank.h"

#define PROGRESS_ROWS 65536u

/* One collect: what the storing steps share. */
typedef struct sb_run {
    amb_ctx *ctx;
    const amb_host *host;
    const statbank_opts *o;
    const statbank_info *info;
    const char *url;           /* the data URL (origin, messages) */
    uint64_t total;            /* response bytes, for progress */
    uint64_t rows;
} sb_run;

/* dataset_begin with the given tableinfo variables as dimensions, then
 * every value label of those variables and of the time variable. */
static amb_rc begin_dataset(sb_run *r, const size_t *vars, size_t n)
{
    const statbank_info *info = r->info;
    amb_dim dims[AMB_MAX_DIMS];
    for (size_t k = 0; k < n; k++)
        dims[k] = (amb_dim){info->vars[vars[k]].id, info->vars[vars[k]].text};
    const statbank_var *t = &info->vars[info->time_var];
    amb_dataset_desc desc = {
        .id = r->o->dataset, .title = r->o->title ? r->o->title : info->text,
        .unit = r->o->unit ? r->o->unit : info->unit,
        .updated = info->updated, .ndims = n, .dims = dims, .time_id = t->id,
        .time_label = t->text, .origin = r->url};
    amb_rc rc = r->host->dataset_begin(r->ctx, &desc);
    for (size_t k = 0; rc == AMB_OK && k <= n; k++) {
        const statbank_var *v = k < n ? &info->vars[vars[k]] : t;
        size_t dim = k < n ? k : AMB_DIM_TIME;
        for (size_t i = 0; rc == AMB_OK && i < v->nvalues; i++)
            if (v->values[i].text)
                rc = r->host->dim_label(r->ctx, dim, v->values[i].id,
                                        r->o->lang, v->values[i].text);
    }
    return rc;
}

/* Report done units of r->total (bytes for BULK/CSV, cells for JSONSTAT). */
static void progress(sb_run *r, uint64_t done)
{
    if (r->host->progress)
        r->host->progress(r->ctx, done, r->total);
}

/* ------------------------------------------------------------ BULK, CSV */

/* Store the BULK or CSV answer in the file at path (the fetcher's, owned
 * by the core): header, dataset and labels, then one observation per row.
 * Any error fails the run (the core rolls back what was stored). */
static amb_rc store_csv(sb_run *r, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return r->host->fail(r->ctx, AMB_EIO, "statbank %s: cannot open the "
                             "response %s", r->o->table, path);
    char err[1024];
    statbank_csv *rd = NULL;
    char decimal = strcmp(r->o->lang, "da") == 0 ? ',' : '.';
    int rc = statbank_csv_open(&rd, csv_read_file, fp, r->info, decimal,
                               r->url, err, sizeof err);
    amb_rc arc = AMB_OK;
    if (rc) {
        arc = r->host->fail(r->ctx, (amb_rc)rc, "statbank %s: %s",
                            r->o->table, err);
    } else {
        size_t n;
        const size_t *vars = statbank_csv_dims(rd, &n);
        arc = begin_dataset(r, vars, n);
    }
    statbank_row row;
    while (arc == AMB_OK && (rc = statbank_csv_next(rd, &row, err,
                                                    sizeof err)) > 0) {
        arc = r->host->observe(r->ctx, row.codes, row.period, row.value,
                               row.has_value, row.flag);
        if (++r->rows % PROGRESS_ROWS == 0)
            progress(r, statbank_csv_bytes(rd));
    }
    if (arc == AMB_OK && rc < 0)
        arc = r->host->fail(r->ctx, (amb_rc)rc, "statbank %s: %s",
                            r->o->table, err);
    if (arc == AMB_OK)
        progress(r, statbank_csv_bytes(rd));
    statbank_csv_free(rd);
    fclose(fp);
    return arc;
}

/* ------------------------------------------------------------ JSONSTAT */

/* jsonstat_walk's callback: one observation; returns the host's result. */
static int on_cell(void *ud, const char *const *codes, const char *period,
                   double value, int has_value, const char *flag)
{
    sb_run *r = ud;
    amb_rc rc = r->host->observe(r->ctx, codes, period, value, has_value,
                                 flag);
    if (rc == AMB_OK && ++r->rows % PROGRESS_ROWS == 0)
        progress(r, r->rows);
    return rc;
}

/* The layout of a StatBank JSON-stat dataset: each dimension is a
 * tableinfo variable (vars[] gets their indexes), except one-category
 * dimensions that are not (ContentsCode), which are left out so that the
 * dataset has the same shape in every format. */
static amb_rc jsonstat_layout_of(sb_run *r, jsonstat_doc *doc,
                                 const jsonstat_dataset *ds,
                                 jsonstat_layout *lay, size_t *vars)
{
    memset(lay, 0, sizeof *lay);
    int have_time = 0;
    for (size_t d = 0; d < ds->ndims; d++) {
        long v = statbank_info_find(r->info, ds->dims[d].id);
        if (v >= 0 && (size_t)v == r->info->time_var) {
            lay->time_dim = d;
            have_time = 1;
        } else if (v >= 0) {
            if (lay->nout == AMB_MAX_DIMS)
                return r->host->fail(r->ctx, AMB_ELIMIT,
                                     "statbank %s: %s: more than %d "
                                     "variables besides time", r->o->table,
                                     jsonstat_doc_where(doc, ds),
                                     AMB_MAX_DIMS);
            vars[lay->nout] = (size_t)v;
            lay->out[lay->nout++] = d;
        } else if (ds->dims[d].size != 1) {
            return r->host->fail(r->ctx, AMB_EPARSE,
                                 "statbank %s: %s: dimension %s is not a "
                                 "variable of the table", r->o->table,
                                 jsonstat_doc_where(doc, ds),
                                 ds->dims[d].id);
        }
    }
    if (!have_time)
        return r->host->fail(r->ctx, AMB_EPARSE,
                             "statbank %s: %s: no dimension for the time "
                             "variable %s", r->o->table,
                             jsonstat_doc_where(doc, ds),
                             r->info->vars[r->info->time_var].id);
    return AMB_OK;
}

/* Store the JSONSTAT answer in the file at path: exactly one dataset,
 * its dimensions matched to tableinfo variables, every cell. */
static amb_rc store_jsonstat(sb_run *r, const char *path)
{
    char err[1024];
    jsonstat_doc *doc = NULL;
    int rc = jsonstat_load_file(path, r->url, 0, &doc, err, sizeof err);
    if (rc)
        return r->host->fail(r->ctx, (amb_rc)rc, "statbank %s: %s",
                             r->o->table, err);
    amb_rc arc = AMB_OK;
    if (jsonstat_doc_count(doc) != 1)
        arc = r->host->fail(r->ctx, AMB_EPARSE, "statbank %s: %s: %zu "
                            "datasets, expected one", r->o->table, r->url,
                            jsonstat_doc_count(doc));
    const jsonstat_dataset *ds = jsonstat_doc_dataset(doc, 0);
    jsonstat_layout lay;
    size_t vars[AMB_MAX_DIMS];
    if (arc == AMB_OK)
        arc = jsonstat_layout_of(r, doc, ds, &lay, vars);
    if (arc == AMB_OK)
        arc = begin_dataset(r, vars, lay.nout);
    if (arc == AMB_OK) {
        r->total = ds->nvalues;
        err[0] = '\0';
        rc = jsonstat_walk(doc, ds, &lay, on_cell, r, err, sizeof err);
        if (rc)
            arc = err[0] ? r->host->fail(r->ctx, (amb_rc)rc, "statbank %s: "
                                         "%s", r->o->table, err)
                         : (amb_rc)rc;
        else
            progress(r, r->rows);
    }
    jsonstat_doc_free(doc);
    return arc;
}

/* ------------------------------------------------------------ collect */

/* The data request and its storing, once the tableinfo is known. */
static amb_rc fetch_data(amb_ctx *ctx, const amb_host *host,
                         const statbank_opts *o, const statbank_info *info)
{
    char err[1024];
    size_t len = 0;
    char *body = statbank_data_body(o, info, &len, err, sizeof err);
    if (!body)
        return host->fail(ctx, AMB_ECONFIG, "%s", err);
    char *url = statbank_data_url(o);
    if (!url) {
        free(body);
        return host->fail(ctx, AMB_ENOMEM, "statbank: out of memory");
    }
    amb_fetch_request req;
    memset(&req, 0, sizeof req);
    req.url = url;
    req.method = "POST";
    req.body = body;
    req.body_len = len;
    req.content_type = "application/json; charset=utf-8";
    req.no_cache = 1;   /* the tableinfo decides; do not keep big bodies */
    amb_fetch_result res;
    memset(&res, 0, sizeof res);
    amb_rc rc = host->fetch(ctx, &req, &res);
    free(body);
    if (rc == AMB_OK) {
        sb_run r = {ctx, host, o, info, url, res.size, 0};
        rc = o->format == STATBANK_JSONSTAT ? store_jsonstat(&r, res.path)
                                            : store_csv(&r, res.path);
        if (rc == AMB_OK && host->log)
            host->log(ctx, AMB_LOG_INFO, "statbank %s: %llu observations "
                      "(%s, %s) stored as %s", o->table,
                      (unsigned long long)r.rows,
                      statbank_format_name(o->format), o->lang, o->dataset);
    }
    free(url);
    return rc;
}

/* collect: tableinfo first; AMB_UNCHANGED when its body is the one of
 * this source's last good run, else the data request and its storing. */
static amb_rc sb_collect(amb_ctx *ctx, const amb_host *host,
                         const amb_opt *options)
{
    statbank_opts o;
    char err[1024];
    int rc = statbank_parse_options(options, &o, err, sizeof err);
    if (rc)
        return host->fail(ctx, (amb_rc)rc, "%s", err);
    const char *source = host->source_name ? host->source_name(ctx) : NULL;
    char *url = statbank_tableinfo_url(&o, statbank_fingerprint(source,
                                                                options));
    if (!url)
        return host->fail(ctx, AMB_ENOMEM, "statbank: out of memory");
    amb_fetch_request req;
    memset(&req, 0, sizeof req);
    req.url = url;
    req.accept = "application/json";
    amb_fetch_result res;
    memset(&res, 0, sizeof res);
    amb_rc arc = host->fetch(ctx, &req, &res);
    if (arc == AMB_OK && res.unchanged) {
        if (host->log)
            host->log(ctx, AMB_LOG_INFO, "statbank %s: tableinfo unchanged "
                      "since the last run: no data request", o.table);
        arc = AMB_UNCHANGED;
    } else if (arc == AMB_OK) {
        statbank_info info;
        char where[600];
        snprintf(where, sizeof where, "statbank %s: tableinfo", o.table);
        rc = statbank_info_load_file(res.path, where, &info, err, sizeof err);
        if (rc) {
            arc = host->fail(ctx, (amb_rc)rc, "%s", err);
        } else {
            arc = fetch_data(ctx, host, &o, &info);
            statbank_info_free(&info);
        }
    }
    free(url);
    return arc;
}

/* check: the options alone (ambit reports file:line). */
static amb_rc sb_check(const amb_opt *options, char *err, size_t errlen)
{
    statbank_opts o;
    return (amb_rc)statbank_parse_options(options, &o, err, errlen);
}

AMB_PLUGIN_DEFINE = {
    .abi_version = AMB_PLUGIN_ABI,
    .name = "statbank",
    .struct_size = sizeof(amb_plugin),
    .version = "1.0",
    .description = "Statistics Denmark's StatBank API (BULK, CSV, JSON-stat)",
    .check = sb_check,
    .collect = sb_collect,
    .import = NULL,
};
