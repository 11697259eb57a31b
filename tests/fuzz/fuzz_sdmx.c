/*
 * fuzz_sdmx.c - libFuzzer target for the sdmx plugin's parsers (SDMX-ML
 * through libxml2's reader, SDMX-CSV through the csv tokenizer) and the key
 * assembly behind them, driven through a checking amb_host.
 *
 * An input starting with the byte 0x01 has its second byte pick the
 * options (format auto/xml/csv, a dataset id, a time concept, a dims list,
 * the flag, labels) and the rest is the message; any other input is a
 * message read with the default options (so the fixtures seed it as they
 * are).
 * Whatever the input: a failure is reported exactly once with a message
 * naming the input, success means at least one observation, every dataset
 * has at most 8 dimensions with distinct non-empty ids other than the time
 * id, and every observation has a non-empty period, a code per dimension
 * and a finite value.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdmx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct amb_ctx {
    size_t ndims;
    int begun, nfail;
    unsigned long obs;
};

static const char *h_source_name(amb_ctx *c)
{
    (void)c;
    return "fuzz";
}

static amb_rc h_fetch(amb_ctx *c, const amb_fetch_request *req,
                      amb_fetch_result *out)
{
    (void)c, (void)req, (void)out;
    abort();   /* parsing never fetches */
}

static amb_rc h_dataset_begin(amb_ctx *c, const amb_dataset_desc *d)
{
    if (!d->id || !*d->id || !d->time_id || !*d->time_id ||
        d->ndims > AMB_MAX_DIMS || (d->ndims && !d->dims))
        abort();
    for (size_t i = 0; i < d->ndims; i++) {
        if (!d->dims[i].id || strcmp(d->dims[i].id, d->time_id) == 0)
            abort();
        for (size_t j = 0; j < i; j++)
            if (strcmp(d->dims[i].id, d->dims[j].id) == 0)
                abort();
    }
    c->ndims = d->ndims;
    c->begun = 1;
    return AMB_OK;
}

static amb_rc h_dim_label(amb_ctx *c, size_t dim, const char *code,
                          const char *lang, const char *label)
{
    (void)lang;
    if (!c->begun || (dim != AMB_DIM_TIME && dim >= c->ndims) || !code ||
        !label)
        abort();
    return AMB_OK;
}

static amb_rc h_observe(amb_ctx *c, const char *const *codes,
                        const char *period, double value, int has_value,
                        const char *flag)
{
    if (!c->begun || !period || !*period || (flag && !*flag))
        abort();
    for (size_t i = 0; i < c->ndims; i++)
        if (!codes[i])
            abort();
    if (has_value && !isfinite(value))
        abort();
    c->obs++;
    return AMB_OK;
}

static amb_rc h_fail(amb_ctx *c, amb_rc rc, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (strncmp(msg, "fuzz.xml", 8) != 0 || rc >= 0)
        abort();
    c->nfail++;
    return rc;
}

static void h_log(amb_ctx *c, amb_log_level level, const char *fmt, ...)
{
    (void)c, (void)level, (void)fmt;
}

static void h_progress(amb_ctx *c, uint64_t done, uint64_t total)
{
    (void)c, (void)done, (void)total;
}

static const amb_host host = {
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned mode = 0;
    if (size >= 2 && data[0] == 0x01) {
        mode = data[1];
        data += 2;
        size -= 2;
    }
    static const amb_opt label_codes[] = {
        {.type = AMB_OPT_STRING, .key = "1", .string = "one"}};
    static const amb_opt label_dims[] = {
        {.type = AMB_OPT_MAP, .key = "A", .count = 1, .items = label_codes},
        {.type = AMB_OPT_MAP, .key = "TIME_PERIOD", .count = 1,
         .items = label_codes}};
    static const amb_opt labels = {.type = AMB_OPT_MAP, .count = 2,
                                   .items = label_dims};
    sdmx_opts o;
    memset(&o, 0, sizeof o);
    o.format = (int)(mode % 3);
    o.dataset = (mode & 4) ? "D" : NULL;
    o.time = (mode & 8) ? "T" : NULL;
    o.flag = (mode & 16) ? "F" : NULL;
    if (mode & 32) {
        o.dims[0] = "A";
        o.dims[1] = "B";
        o.ndims = 2;
    }
    o.labels = (mode & 64) ? &labels : NULL;

    amb_ctx c;
    memset(&c, 0, sizeof c);
    sdmx_emit e;
    sdmx_emit_init(&e, &c, &host, &o, "fuzz.xml", "fuzz.xml");
    sdmx_input in;
    sdmx_input_mem(&in, (const char *)data, size);
    amb_rc rc = sdmx_parse(&e, &in, o.format, size);
    sdmx_emit_free(&e);
    if (rc == AMB_OK && (c.nfail != 0 || c.obs == 0))
        abort();
    if (rc < 0 && c.nfail != 1)
        abort();
    if (rc > 0)
        abort();
    return 0;
}
