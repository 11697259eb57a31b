/*
 * hello.c - the complete example plugin of doc/plugin-guide.md.
 *
 * It reads a whitespace-separated text file with one observation per line,
 *
 *     # area year value
 *     851 2023 4.1
 *     851 2024 3.9
 *     860 2024 -          <- a missing value, stored as NULL with flag "-"
 *
 * from options.url (http, https, file) or options.path, and stores it as the
 * dataset options.dataset with one dimension, AREA, and time dimension YEAR.
 *
 * Build:  cc -shared -fPIC $(pkg-config --cflags ambit-plugin) hello.c -o hello.so
 */
#define _POSIX_C_SOURCE 200809L
#include <ambit/plugin.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parse the file at path and hand each line to the host. */
static amb_rc hello_parse(amb_ctx *ctx, const amb_host *host,
                          const amb_opt *options, const char *path)
{
    const char *dataset = amb_opt_string(options, "dataset", NULL);
    if (!dataset)
        return host->fail(ctx, AMB_ECONFIG, "hello: option 'dataset' is required");
    FILE *fp = fopen(path, "r");
    if (!fp)
        return host->fail(ctx, AMB_EIO, "%s: %s", path, strerror(errno));

    amb_dim dims[] = {{"AREA", "area code"}};
    amb_dataset_desc desc = {
        .id = dataset,
        .title = amb_opt_string(options, "title", NULL),
        .ndims = 1,
        .dims = dims,
        .time_id = "YEAR",
        .origin = path,
    };
    amb_rc rc = host->dataset_begin(ctx, &desc);

    char line[256];
    unsigned long lineno = 0;
    while (rc == AMB_OK && fgets(line, sizeof line, fp)) {
        lineno++;
        char area[32], year[16], value[32];
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (sscanf(line, "%31s %15s %31s", area, year, value) != 3) {
            rc = host->fail(ctx, AMB_EPARSE, "%s:%lu: expected 'area year value'",
                            path, lineno);
            break;
        }
        const char *codes[] = {area};
        if (strcmp(value, "-") == 0) {
            rc = host->observe(ctx, codes, year, 0, 0, "-");
            continue;
        }
        char *end;
        double v = strtod(value, &end);
        if (*end != '\0') {
            rc = host->fail(ctx, AMB_EPARSE, "%s:%lu: '%s' is not a number",
                            path, lineno, value);
            break;
        }
        rc = host->observe(ctx, codes, year, v, 1, NULL);
    }
    fclose(fp);
    return rc;
}

/* collect: fetch through the core (cache, retries, provenance), skip the
 * parse when nothing changed since the last good run. */
static amb_rc hello_collect(amb_ctx *ctx, const amb_host *host,
                            const amb_opt *options)
{
    amb_fetch_request req = {0};
    req.url = amb_opt_string(options, "url", amb_opt_string(options, "path", NULL));
    if (!req.url)
        return host->fail(ctx, AMB_ECONFIG, "hello: set 'url' or 'path'");
    amb_fetch_result res;
    amb_rc rc = host->fetch(ctx, &req, &res);
    if (rc != AMB_OK)
        return rc;
    if (res.unchanged)
        return AMB_UNCHANGED;
    return hello_parse(ctx, host, options, res.path);
}

/* check: validate options before any run (ambit reports file:line). */
static amb_rc hello_check(const amb_opt *options, char *err, size_t errlen)
{
    if (!amb_opt_string(options, "dataset", NULL)) {
        snprintf(err, errlen, "hello: option 'dataset' (a string) is required");
        return AMB_ECONFIG;
    }
    return AMB_OK;
}

AMB_PLUGIN_DEFINE = {
    .abi_version = AMB_PLUGIN_ABI,
    .name = "hello",
    .struct_size = sizeof(amb_plugin),
    .version = "1.0",
    .description = "Example: whitespace-separated area/year/value lines",
    .check = hello_check,
    .collect = hello_collect,
    .import = hello_parse,
};
