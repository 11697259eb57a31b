/*
 * sdmx_plugin.c - the sdmx plugin: SDMX data messages (SDMX-ML 2.0
 * CompactData and GenericData, MessageGroup; SDMX-ML 2.1 GenericData and
 * StructureSpecificData; SDMX-CSV 1.0), as published by Statistics
 * Denmark, Eurostat, the ECB, the IMF and OECD.
 *
 * collect fetches options.url (or options.path) through the core and, when
 * the source changed, parses the body; import parses a local file.  The
 * syntax is detected from the first bytes unless options.format says it.
 * Every error goes through host->fail naming FILE[:LINE[:COLUMN]], so the
 * core rolls the whole run back.  See doc/plugins/sdmx.md.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sdmx.h"

/* What SDMX web services are asked for: structure-specific or generic
 * SDMX-ML, or SDMX-CSV when options.format = "csv". */
#define ACCEPT_XML                                                       \
    "application/vnd.sdmx.structurespecificdata+xml;version=2.1, "       \
    "application/vnd.sdmx.genericdata+xml;version=2.1;q=0.9, "           \
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
#define ACCEPT_CSV                                                       \
    "application/vnd.sdmx.data+csv;version=1.0.0, text/csv;q=0.9, "      \
    "*/*;q=0.1"

/* Parse the local file path, named name in messages, stored with origin. */
static amb_rc parse_file(amb_ctx *ctx, const amb_host *host,
                         const sdmx_opts *o, const char *path,
                         const char *name, const char *origin)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return host->fail(ctx, AMB_EIO, "sdmx: cannot open %s: %s", name,
                          strerror(errno));
    struct stat st;
    uint64_t total = 0;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode))
        total = (uint64_t)st.st_size;
    sdmx_input in;
    sdmx_input_file(&in, fp);
    sdmx_emit e;
    sdmx_emit_init(&e, ctx, host, o, name, origin);
    amb_rc rc = sdmx_parse(&e, &in, o->format, total);
    if (rc == AMB_OK && host->log)
        host->log(ctx, AMB_LOG_INFO, "sdmx: %llu observations in %u "
                  "dataset%s from %s", (unsigned long long)e.obs,
                  e.datasets, e.datasets == 1 ? "" : "s", name);
    sdmx_emit_free(&e);
    fclose(fp);
    return rc;
}

/* Parse the options for a run; failures are recorded through the host. */
static amb_rc run_options(amb_ctx *ctx, const amb_host *host,
                          const amb_opt *options, sdmx_opts *o)
{
    char err[512];
    int rc = sdmx_opts_parse(options, o, err, sizeof err);
    if (rc)
        return host->fail(ctx, (amb_rc)rc, "%s", err);
    return AMB_OK;
}

/* ------------------------------------------------------------ callbacks */

static amb_rc sdmx_check(const amb_opt *options, char *err, size_t errlen)
{
    sdmx_opts o;
    int rc = sdmx_opts_parse(options, &o, err, errlen);
    if (rc)
        return (amb_rc)rc;
    if (!o.url && !o.path) {
        snprintf(err, errlen, "sdmx: option 'url' or 'path' is required");
        return AMB_ECONFIG;
    }
    return AMB_OK;
}

static amb_rc sdmx_collect(amb_ctx *ctx, const amb_host *host,
                           const amb_opt *options)
{
    sdmx_opts o;
    amb_rc rc = run_options(ctx, host, options, &o);
    if (rc)
        return rc;
    const char *src = o.url ? o.url : o.path;
    if (!src)
        return host->fail(ctx, AMB_ECONFIG,
                          "sdmx: option 'url' or 'path' is required");
    const char *path = NULL;
    if ((rc = amb_fetch_file(ctx, host, "sdmx", src,
                             o.format == SDMX_FMT_CSV ? ACCEPT_CSV : ACCEPT_XML,
                             &path)))
        return rc;
    return parse_file(ctx, host, &o, path, src, src);
}

static amb_rc sdmx_import(amb_ctx *ctx, const amb_host *host,
                          const amb_opt *options, const char *path)
{
    sdmx_opts o;
    amb_rc rc = run_options(ctx, host, options, &o);
    if (rc)
        return rc;
    return parse_file(ctx, host, &o, path, path, path);
}

AMB_PLUGIN_DEFINE = {
    .abi_version = AMB_PLUGIN_ABI,
    .name = "sdmx",
    .struct_size = sizeof(amb_plugin),
    .version = "1.0",
    .description = "SDMX data: SDMX-ML 2.0/2.1 (generic, compact, "
                   "structure-specific, message groups) and SDMX-CSV",
    .check = sdmx_check,
    .collect = sdmx_collect,
    .import = sdmx_import,
};
