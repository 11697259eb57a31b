/*
 * cmd_schedule.c - `ambit schedule [--json] [--now TIME]`: every source's
 * schedule, its latest run and when it runs next.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "scheduler.h"

static const char schedule_help[] =
    "Usage: ambit schedule [--json] [--now TIME]\n"
    "\n"
    "List every source with its schedule, the status and start of its\n"
    "latest run, and the next time its schedule fires (local time with\n"
    "its UTC offset).  A source whose schedule fired since its latest run\n"
    "started, or that never ran, is marked due: 'ambit daemon' runs it at\n"
    "once.  Sources without a schedule are listed as manual ('-').\n"
    "\n"
    "  --json      an array of objects instead of a table\n"
    "  --now TIME  compute as if it were TIME (YYYY-MM-DDTHH:MM[:SS], local\n"
    "              unless followed by Z or an offset such as +01:00)\n";

/* A stored UTC time stamp as local ISO 8601, or "" when empty/unreadable. */
static void local_of(const char *iso, char out[40])
{
    time_t t;
    out[0] = '\0';
    if (iso && *iso && amb_sched_parse_time(iso, &t) == 0)
        amb_sched_format_time(t, out);
}

/* One source: a JSON object appended to arr, or a table line.  Returns 0
 * or an exit status. */
static int show_entry(const amb_sched_entry *e, time_t now, json_t *arr)
{
    char started[40], ended[40], next[40] = "";
    time_t next_t = 0, due_t = 0;
    int due = 0;
    local_of(e->last_started_iso, started);
    local_of(e->last_ended_iso, ended);
    if (e->scheduled) {
        int rc = amb_cron_next(&e->cron, now, &next_t);
        if (rc < 0)
            return amb_cli_fail(rc, "schedule: source %s: '%s' does not fire "
                                "in the next 400 years here", e->src->name,
                                e->src->schedule);
        amb_sched_format_time(next_t, next);
        due = amb_sched_due_at(e, now, &due_t) == 0 && due_t <= now;
    }
    if (arr) {
        json_t *o = json_pack("{s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:o, s:b}",
                              "name", e->src->name, "plugin", e->src->plugin,
                              "schedule", amb_json_str(e->src->schedule),
                              "manual", !e->scheduled,
                              "last_status", amb_json_str(e->has_run ? e->last_status : NULL),
                              "last_started_at", amb_json_str(*started ? started : NULL),
                              "last_ended_at", amb_json_str(*ended ? ended : NULL),
                              "next_run", amb_json_str(e->scheduled ? next : NULL),
                              "due", due);
        json_object_set_new(o, "next_run_epoch",
                            e->scheduled ? json_integer((json_int_t)next_t)
                                         : json_null());
        json_array_append_new(arr, o);
        return 0;
    }
    printf("%-20s %-16s %-11s %-25s %s%s\n", e->src->name,
           e->scheduled ? e->src->schedule : "-",
           e->has_run ? e->last_status : "never", *started ? started : "-",
           e->scheduled ? next : "-", due ? " (due)" : "");
    return 0;
}

int amb_cmd_schedule(const amb_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"now", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int json = 0, c;
    time_t now = time(NULL);
    while ((c = getopt_long(argc, argv, "hj", opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = 1;
            break;
        case 'n':
            if (amb_sched_parse_time(optarg, &now) < 0)
                return amb_cli_usage("schedule", "--now takes a time such as "
                                     "2026-03-01T06:00:00+01:00, not '%s'",
                                     optarg);
            break;
        case 'h':
            fputs(schedule_help, stdout);
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage("schedule", "unknown option");
        }
    }
    if (optind < argc)
        return amb_cli_usage("schedule", "unexpected argument '%s'",
                             argv[optind]);
    amb_registry *reg = amb_cli_registry(cli);
    int st;
    amb_workspace *ws = amb_cli_workspace(cli, reg, &st);
    if (!ws) {
        amb_registry_free(reg);
        return st;
    }
    amb_sched_entry *entries = NULL;
    size_t n = 0;
    amb_error err;
    amb_error_clear(&err);
    int rc = amb_sched_new(ws->cfg, &entries, &n, &err);
    if (rc == 0)
        rc = amb_sched_refresh(ws->store, entries, n, &err);
    if (rc < 0) {
        st = amb_cli_fail(rc, "schedule: %s", err.msg);
    } else {
        json_t *arr = json ? json_array() : NULL;
        if (!json && n)
            printf("%-20s %-16s %-11s %-25s %s\n", "SOURCE", "SCHEDULE", "LAST",
                   "STARTED", "NEXT");
        for (size_t i = 0; i < n && st == AMB_EXIT_OK; i++)
            st = show_entry(&entries[i], now, arr);
        if (json && st == AMB_EXIT_OK)
            amb_json_print(arr);
        else
            json_decref(arr);
    }
    free(entries);
    amb_workspace_close(ws);
    amb_registry_free(reg);
    return st;
}
