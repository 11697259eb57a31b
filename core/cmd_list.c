/*
 * cmd_list.c - the listing commands: plugins, sources, runs, datasets.
 * Each prints an aligned table for people or, with --json, an array that
 * scripts can read.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "output.h"

/* Parse the options every listing takes: --json, --help and, for runs,
 * --limit.  Returns -1 to go on, else an exit status. */
static int list_options(int argc, char **argv, const char *help, int *json,
                        long *limit)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"limit", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "hjn:", opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            *json = 1;
            break;
        case 'n': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (!limit || *end || v < 0)
                return amb_cli_usage(argv[0], "--limit takes a whole number, not '%s'",
                                     optarg);
            *limit = v;
            break;
        }
        case 'h':
            fputs(help, stdout);
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage(argv[0], "unknown option");
        }
    }
    return -1;
}

int amb_cmd_plugins(const amb_cli *cli, int argc, char **argv)
{
    int json = 0;
    int st = list_options(argc, argv,
                          "Usage: ambit plugins [--json]\n\n"
                          "List the plugins found (name, version, description, file)\n"
                          "and, on stderr, every file that was refused and why.\n",
                          &json, NULL);
    if (st >= 0)
        return st;
    if (optind < argc)
        return amb_cli_usage("plugins", "unexpected argument '%s'", argv[optind]);
    amb_registry *reg = amb_cli_registry(cli);
    if (json) {
        json_t *root = json_object();
        json_t *arr = json_array();
        for (size_t i = 0; i < reg->count; i++) {
            const amb_plugin *d = reg->plugins[i].desc;
            json_array_append_new(arr, json_pack("{s:s, s:o, s:o, s:s, s:i}",
                                                 "name", d->name,
                                                 "version", amb_json_str(d->version),
                                                 "description", amb_json_str(d->description),
                                                 "path", reg->plugins[i].path,
                                                 "abi", (int)d->abi_version));
        }
        json_object_set_new(root, "plugins", arr);
        json_t *bad = json_array();
        for (size_t i = 0; i < reg->nproblems; i++)
            json_array_append_new(bad, json_string(reg->problems[i]));
        json_object_set_new(root, "refused", bad);
        amb_json_print(root);
    } else {
        for (size_t i = 0; i < reg->count; i++) {
            const amb_plugin *d = reg->plugins[i].desc;
            printf("%-12s %-8s %s\n", d->name, d->version ? d->version : "-",
                   d->description ? d->description : "");
            if (cli->verbose)
                printf("%-12s %-8s %s\n", "", "", reg->plugins[i].path);
        }
        if (reg->count == 0)
            fprintf(stderr, "ambit: no plugins found (set AMBIT_PLUGIN_PATH or use --plugin-dir)\n");
    }
    int status = reg->count ? AMB_EXIT_OK : AMB_EXIT_FAIL;
    amb_registry_free(reg);
    return status;
}

/* Collects the latest run row of a source for `sources`. */
typedef struct last_run {
    char *status;
    char *ended_at;
    char *error;
} last_run;

static int keep_last_run(void *ud, const amb_run_row *row)
{
    last_run *lr = ud;
    lr->status = amb_xstrdup(row->status);
    lr->ended_at = amb_xstrdup(row->ended_at ? row->ended_at : row->started_at);
    lr->error = amb_xstrdup(row->error);
    return 0;
}

int amb_cmd_sources(const amb_cli *cli, int argc, char **argv)
{
    int json = 0;
    int st = list_options(argc, argv,
                          "Usage: ambit sources [--json]\n\n"
                          "List the workspace's sources: plugin, schedule, where each is\n"
                          "declared, and the status of its last run.\n",
                          &json, NULL);
    if (st >= 0)
        return st;
    if (optind < argc)
        return amb_cli_usage("sources", "unexpected argument '%s'", argv[optind]);
    amb_registry *reg = amb_cli_registry(cli);
    amb_workspace *ws = amb_cli_workspace(cli, reg, &st);
    if (!ws) {
        amb_registry_free(reg);
        return st;
    }
    json_t *arr = json ? json_array() : NULL;
    if (!json && ws->cfg->nsources)
        printf("%-20s %-10s %-14s %-10s %-20s %s\n", "SOURCE", "PLUGIN",
               "SCHEDULE", "LAST", "AT", "DECLARED");
    for (size_t i = 0; i < ws->cfg->nsources; i++) {
        const amb_source_cfg *s = &ws->cfg->sources[i];
        last_run lr = {NULL, NULL, NULL};
        amb_error err;
        amb_store_last_run(ws->store, s->name, keep_last_run, &lr, &err);
        if (json) {
            json_array_append_new(arr, json_pack(
                "{s:s, s:s, s:o, s:s, s:i, s:o, s:o, s:o}",
                "name", s->name, "plugin", s->plugin,
                "schedule", amb_json_str(s->schedule), "file", s->file,
                "line", s->line, "last_status", amb_json_str(lr.status),
                "last_run_at", amb_json_str(lr.ended_at),
                "last_error", amb_json_str(lr.error)));
        } else {
            char where[600];
            snprintf(where, sizeof where, "%s:%d", s->file, s->line);
            printf("%-20s %-10s %-14s %-10s %-20s %s\n", s->name, s->plugin,
                   s->schedule ? s->schedule : "-", lr.status ? lr.status : "never",
                   lr.ended_at ? lr.ended_at : "-", where);
            if (lr.error && lr.status && strcmp(lr.status, "failed") == 0)
                printf("%-20s   last error: %s\n", "", lr.error);
        }
        free(lr.status);
        free(lr.ended_at);
        free(lr.error);
    }
    if (json)
        amb_json_print(arr);
    amb_workspace_close(ws);
    amb_registry_free(reg);
    return AMB_EXIT_OK;
}

static int print_run(void *ud, const amb_run_row *r)
{
    json_t *arr = ud;
    if (arr) {
        json_array_append_new(arr, json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:o}",
            "id", (json_int_t)r->id, "source", r->source, "plugin", r->plugin,
            "status", r->status, "started_at", r->started_at,
            "ended_at", amb_json_str(r->ended_at), "rows", (json_int_t)r->rows,
            "bytes", (json_int_t)r->bytes, "error", amb_json_str(r->error)));
        return 0;
    }
    printf("%6lld %-20s %-11s %-20s %-20s %10lld %12lld",
           (long long)r->id, r->source, r->status, r->started_at,
           r->ended_at ? r->ended_at : "-", (long long)r->rows,
           (long long)r->bytes);
    if (r->error)
        printf("  %s", r->error);
    putchar('\n');
    return 0;
}

int amb_cmd_runs(const amb_cli *cli, int argc, char **argv)
{
    int json = 0;
    long limit = 50;
    int st = list_options(argc, argv,
                          "Usage: ambit runs [--json] [--limit N] [SOURCE]\n\n"
                          "List collection runs, newest first (default: the last 50;\n"
                          "--limit 0 lists all): id, source, status (running, ok,\n"
                          "unchanged, failed, interrupted), start and end, rows, bytes\n"
                          "and the error of a failed run.\n",
                          &json, &limit);
    if (st >= 0)
        return st;
    if (argc - optind > 1)
        return amb_cli_usage("runs", "at most one SOURCE");
    const char *source = optind < argc ? argv[optind] : NULL;
    amb_registry *reg = amb_cli_registry(cli);
    amb_workspace *ws = amb_cli_workspace(cli, reg, &st);
    if (!ws) {
        amb_registry_free(reg);
        return st;
    }
    if (source && !amb_config_source(ws->cfg, source))
        amb_log(AMB_LOG_INFO, "'%s' is not declared in %s (listing its runs anyway)",
                source, ws->cfg->path);
    json_t *arr = json ? json_array() : NULL;
    if (!json)
        printf("%6s %-20s %-11s %-20s %-20s %10s %12s\n", "RUN", "SOURCE",
               "STATUS", "STARTED", "ENDED", "ROWS", "BYTES");
    amb_error err;
    amb_error_clear(&err);
    int rc = amb_store_list_runs(ws->store, source, (int)limit, print_run, arr, &err);
    if (rc < 0) {
        json_decref(arr);
        st = amb_cli_fail(rc, "runs: %s", err.msg);
    } else if (json) {
        amb_json_print(arr);
    }
    amb_workspace_close(ws);
    amb_registry_free(reg);
    return st;
}

static int print_dataset(void *ud, const amb_dataset_row *d)
{
    json_t *arr = ud;
    if (arr) {
        json_t *dims = json_array();
        for (size_t i = 0; i < d->ndims; i++)
            json_array_append_new(dims, json_string(d->dims[i]));
        json_array_append_new(arr, json_pack(
            "{s:s, s:o, s:o, s:o, s:I, s:o, s:I, s:o, s:o, s:o, s:o}",
            "id", d->code, "title", amb_json_str(d->title),
            "unit", amb_json_str(d->unit), "source", amb_json_str(d->source),
            "run", (json_int_t)d->run_id, "updated_at", amb_json_str(d->updated_at),
            "observations", (json_int_t)d->observations,
            "first_period", amb_json_str(d->first_period),
            "last_period", amb_json_str(d->last_period), "dimensions", dims,
            "time", amb_json_str(d->time_id)));
        return 0;
    }
    char dims[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < d->ndims && used < sizeof dims - 1; i++)
        used += (size_t)snprintf(dims + used, sizeof dims - used, "%s%s",
                                 i ? "," : "", d->dims[i]);
    char periods[80];
    snprintf(periods, sizeof periods, "%s..%s",
             d->first_period ? d->first_period : "", d->last_period ? d->last_period : "");
    printf("%-16s %-16s %10lld %-18s %-24s %s\n", d->code,
           d->source ? d->source : "-", (long long)d->observations, periods,
           dims, d->title ? d->title : "");
    return 0;
}

int amb_cmd_datasets(const amb_cli *cli, int argc, char **argv)
{
    int json = 0;
    int st = list_options(argc, argv,
                          "Usage: ambit datasets [--json]\n\n"
                          "List stored datasets: id, source, number of observations,\n"
                          "period range, dimensions and title.\n",
                          &json, NULL);
    if (st >= 0)
        return st;
    if (optind < argc)
        return amb_cli_usage("datasets", "unexpected argument '%s'", argv[optind]);
    amb_registry *reg = amb_cli_registry(cli);
    amb_workspace *ws = amb_cli_workspace(cli, reg, &st);
    if (!ws) {
        amb_registry_free(reg);
        return st;
    }
    json_t *arr = json ? json_array() : NULL;
    if (!json)
        printf("%-16s %-16s %10s %-18s %-24s %s\n", "DATASET", "SOURCE", "OBS",
               "PERIODS", "DIMENSIONS", "TITLE");
    amb_error err;
    amb_error_clear(&err);
    int rc = amb_store_list_datasets(ws->store, print_dataset, arr, &err);
    if (rc < 0) {
        json_decref(arr);
        st = amb_cli_fail(rc, "datasets: %s", err.msg);
    } else if (json) {
        amb_json_print(arr);
    }
    amb_workspace_close(ws);
    amb_registry_free(reg);
    return st;
}
