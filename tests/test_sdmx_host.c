/*
 * test_sdmx_host.c - the recording amb_host the sdmx tests run the plugin
 * against, and the helpers around it.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_sdmx.h"
#include "util.h"

const amb_plugin *sdmx_plugin;

void sdmx_expect_str(const char *got, const char *want, const char *file,
                     int line)
{
    int ok = got && want && strcmp(got, want) == 0;
    if (!ok)
        fprintf(stderr, "\n%s:%d:\n  got:  [%s]\n  want: [%s]\n", file, line,
                got ? got : "(null)", want ? want : "(null)");
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line,
                            "strings differ", file, "", CU_FALSE);
}

/* Append a formatted line to the malloc'd text *s. */
static void append(char **s, const char *fmt, ...) AMB_PRINTF(2, 3);
static void append(char **s, const char *fmt, ...)
{
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t old = *s ? strlen(*s) : 0, n = strlen(line);
    *s = amb_xrealloc(*s, old + n + 1);
    memcpy(*s + old, line, n + 1);
}

/* ------------------------------------------------------------ the host */

static const char *h_source_name(amb_ctx *c)
{
    (void)c;
    return "test";
}

static amb_rc h_fetch(amb_ctx *c, const amb_fetch_request *req,
                      amb_fetch_result *out)
{
    c->nfetch++;
    free(c->fetch_url);
    free(c->fetch_accept);
    c->fetch_url = amb_xstrdup(req->url);
    c->fetch_accept = amb_xstrdup(req->accept);
    if (!c->fetch_path) {
        snprintf(c->err, sizeof c->err, "fetch: %s: 404", req->url);
        c->nfail++;
        return AMB_ENET;
    }
    memset(out, 0, sizeof *out);
    out->path = c->fetch_path;
    out->status = 200;
    out->unchanged = c->fetch_unchanged;
    return AMB_OK;
}

static amb_rc h_dataset_begin(amb_ctx *c, const amb_dataset_desc *d)
{
    CU_ASSERT_FATAL(c->nds < REC_MAX_DATASETS);
    CU_ASSERT_FATAL(d->ndims <= AMB_MAX_DIMS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d->id);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d->time_id);
    rec_dataset *r = &c->ds[c->nds++];
    r->id = amb_xstrdup(d->id);
    r->title = amb_xstrdup(d->title);
    r->unit = amb_xstrdup(d->unit);
    r->time_id = amb_xstrdup(d->time_id);
    r->origin = amb_xstrdup(d->origin);
    r->ndims = d->ndims;
    for (size_t i = 0; i < d->ndims; i++) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(d->dims[i].id);
        CU_ASSERT(strcmp(d->dims[i].id, d->time_id) != 0);
        r->dims[i] = amb_xstrdup(d->dims[i].id);
    }
    return AMB_OK;
}

static amb_rc h_dim_label(amb_ctx *c, size_t dim, const char *code,
                          const char *lang, const char *label)
{
    CU_ASSERT_FATAL(c->nds > 0);
    const rec_dataset *r = &c->ds[c->nds - 1];
    CU_ASSERT_PTR_NULL(lang);
    CU_ASSERT_FATAL(dim == AMB_DIM_TIME || dim < r->ndims);
    append(&c->labels, "%s|%s|%s\n",
           dim == AMB_DIM_TIME ? r->time_id : r->dims[dim], code, label);
    return AMB_OK;
}

static amb_rc h_observe(amb_ctx *c, const char *const *codes,
                        const char *period, double value, int has_value,
                        const char *flag)
{
    CU_ASSERT_FATAL(c->nds > 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(period);
    rec_dataset *r = &c->ds[c->nds - 1];
    for (size_t i = 0; i < r->ndims; i++)
        CU_ASSERT_PTR_NOT_NULL_FATAL(codes[i]);
    CU_ASSERT(flag == NULL || *flag != '\0');
    if (c->observe_fails_at && c->nobs + 1 == c->observe_fails_at) {
        snprintf(c->err, sizeof c->err, "store refused");
        c->nfail++;
        return AMB_ESTORE;
    }
    r->nobs++;
    if (has_value)
        c->value_sum += value;
    if (c->count_only) {
        c->nobs++;
        return AMB_OK;
    }
    if (c->nobs == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->obs = amb_xrealloc(c->obs, c->cap * sizeof *c->obs);
    }
    rec_obs *o = &c->obs[c->nobs++];
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < r->ndims; i++)
        o->codes[i] = amb_xstrdup(codes[i]);
    o->period = amb_xstrdup(period);
    o->flag = amb_xstrdup(flag);
    o->value = value;
    o->has_value = has_value;
    o->ds = c->nds - 1;
    return AMB_OK;
}

static amb_rc h_fail(amb_ctx *c, amb_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    c->fail_rc = rc;
    c->nfail++;
    return rc < 0 ? rc : AMB_ERR;
}

static void h_log(amb_ctx *c, amb_log_level level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    append(&c->logs, "%d %s\n", (int)level, msg);
}

static void h_progress(amb_ctx *c, uint64_t done, uint64_t total)
{
    CU_ASSERT(done >= c->progress_done);
    c->nprogress++;
    c->progress_done = done;
    c->progress_total = total;
}

const amb_host sdmx_test_host = {
    .abi_version = AMB_PLUGIN_ABI,
    .struct_size = sizeof(amb_host),
    .source_name = h_source_name,
    .fetch = h_fetch,
    .dataset_begin = h_dataset_begin,
    .dim_label = h_dim_label,
    .observe = h_observe,
    .fail = h_fail,
    .log = h_log,
    .progress = h_progress,
};

/* ------------------------------------------------------------ helpers */

void rec_free(amb_ctx *c)
{
    for (size_t i = 0; i < c->nds; i++) {
        rec_dataset *r = &c->ds[i];
        free(r->id);
        free(r->title);
        free(r->unit);
        free(r->time_id);
        free(r->origin);
        for (size_t k = 0; k < r->ndims; k++)
            free(r->dims[k]);
    }
    for (size_t i = 0; i < c->nobs && !c->count_only; i++) {
        for (size_t k = 0; k < AMB_MAX_DIMS; k++)
            free(c->obs[i].codes[k]);
        free(c->obs[i].period);
        free(c->obs[i].flag);
    }
    free(c->obs);
    free(c->labels);
    free(c->logs);
    free(c->fetch_url);
    free(c->fetch_accept);
    memset(c, 0, sizeof *c);
}

const char *rec_obs_text(const amb_ctx *c, size_t i)
{
    static char buf[1024];
    if (i >= c->nobs || c->count_only)
        return "(no such observation)";
    const rec_obs *o = &c->obs[i];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < c->ds[o->ds].ndims; k++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s|",
                                o->codes[k]);
    char value[40] = "-";
    if (o->has_value)
        snprintf(value, sizeof value, "%.10g", o->value);
    snprintf(buf + len, sizeof buf - len, "%s|%s|%s", o->period, value,
             o->flag ? o->flag : "");
    return buf;
}

const char *rec_dims_text(const amb_ctx *c, size_t i)
{
    static char buf[512];
    if (i >= c->nds)
        return "(no such dataset)";
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < c->ds[i].ndims; k++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                k ? "," : "", c->ds[i].dims[k]);
    snprintf(buf + len, sizeof buf - len, ";%s", c->ds[i].time_id);
    return buf;
}

amb_rc sdmx_import_run(amb_ctx *c, const amb_opt *opts, const char *path)
{
    return sdmx_plugin->import(c, &sdmx_test_host, opts, path);
}

amb_rc sdmx_import_path(amb_ctx *c, const amb_opt *opts, const char *path)
{
    memset(c, 0, sizeof *c);
    return sdmx_import_run(c, opts, path);
}

amb_rc sdmx_import_text(amb_ctx *c, const amb_opt *opts, const char *name,
                        const char *text, size_t len, char **dir,
                        char **path)
{
    *dir = amb_test_tmpdir("sdmx");
    *path = amb_test_write(*dir, name, text, len);
    return sdmx_import_path(c, opts, *path);
}

void sdmx_test_cleanup(amb_ctx *c, char *dir, char *path)
{
    rec_free(c);
    amb_test_rmtree(dir);
    free(dir);
    free(path);
}

char *sdmx_sample_path(const char *name)
{
    const char *shared = amb_test_shared_dir();
    if (!shared)
        return NULL;
    return amb_xasprintf("%s/data/public-samples/sdmx/%s", shared, name);
}

char *sdmx_fixture_path(const char *name)
{
    return amb_xasprintf("%s/tests/fixtures/sdmx/%s", amb_test_srcdir(),
                         name);
}
