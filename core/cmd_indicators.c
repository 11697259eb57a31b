/*
 * cmd_indicators.c - `ambit indicators`: evaluate the indicator rules (the
 * shipped set and the workspace's) against the store and print one row per
 * indicator and area; `ambit indicators check`: validate rule files
 * without running them.
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "indicators.h"
#include "log.h"
#include "output.h"

static const char usage_text[] =
    "Usage: ambit indicators [--subgoal ID] [--area CODE] "
    "[--format table|json|csv]\n"
    "       ambit indicators check [DIR|FILE]...\n\n"
    "Evaluate the indicator rules (the shipped set and the workspace's rule\n"
    "directories) against the store, read-only, and print per indicator and\n"
    "area: id, subgoal, area, period and value of the latest observation,\n"
    "unit, baseline (the base value the status compares with), target and\n"
    "status (on_track, moderate, insufficient, moving_away,\n"
    "insufficient_data, error).  A rule that fails is reported on stderr\n"
    "and listed with status error; the exit status stays 0.\n\n"
    "  --subgoal ID   only indicators under this sub-goal (e.g. 5.1.3, 4.2)\n"
    "  --area CODE    only this area (081 or a municipality code)\n"
    "  --format F     table (default), json (an array of objects) or csv\n\n"
    "check validates rule files (every field, with file:line) without\n"
    "running compute: the files of each DIR, or each FILE, or with no\n"
    "argument the rules `ambit indicators` would load.  Exit status 2 when\n"
    "any file has a problem.  ambit-lua(5) describes the rules.\n";

/* The output format. */
enum { FMT_TABLE, FMT_JSON, FMT_CSV };

/* One printed row, with NAN for "none". */
typedef struct row {
    const amb_ind_rule *rule;
    const char *area;
    const char *period;
    double value, baseline, target;
    const char *status;
} row;

/* A number for the table: at most two decimals, "-" for none. */
static const char *cell(double v, char out[40])
{
    if (isnan(v))
        return "-";
    snprintf(out, 40, "%.2f", v);
    char *end = out + strlen(out) - 1;
    while (*end == '0')
        *end-- = '\0';
    if (*end == '.')
        *end = '\0';
    return out;
}

static json_t *json_num(double v)
{
    if (isnan(v))
        return json_null();
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* Print one row in the chosen format (JSON rows go into arr). */
static void print_row(const row *r, int fmt, json_t *arr, int idw, int unitw)
{
    char a[40], b[40], c[40];
    if (fmt == FMT_JSON) {
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, "
            "s:o, s:o, s:s}", "id", r->rule->id, "subgoal", r->rule->subgoal,
            "area", r->area, "period", amb_json_str(r->period),
            "value", json_num(r->value), "unit", r->rule->unit,
            "baseline", json_num(r->baseline), "target", json_num(r->target),
            "status", r->status));
    } else if (fmt == FMT_CSV) {
        amb_csv_field(stdout, r->rule->id, 0);
        amb_csv_field(stdout, r->rule->subgoal, 0);
        amb_csv_field(stdout, r->area, 0);
        amb_csv_field(stdout, r->period, 0);
        const double nums[] = {r->value, NAN, r->baseline, r->target};
        for (size_t i = 0; i < 4; i++) {
            if (i == 1) {
                amb_csv_field(stdout, r->rule->unit, 0);
                continue;
            }
            char n[40] = "";
            if (!isnan(nums[i]))
                amb_format_number(nums[i], n);
            amb_csv_field(stdout, n, 0);
        }
        amb_csv_field(stdout, r->status, 1);
    } else {
        printf("%-*s %-7s %-4s %-7s %9s %-*s %9s %9s %s\n", idw, r->rule->id,
               r->rule->subgoal, r->area, r->period ? r->period : "-",
               cell(r->value, a), unitw, r->rule->unit, cell(r->baseline, b),
               cell(r->target, c), r->status);
    }
}

/* The rows of one result (filtered by area when given).  A result without
 * series (an error, or nothing to assess) is one row for the area asked
 * for, or for the region. */
static void print_result(const amb_ind_result *res, const amb_ambition *m,
                         const char *area, int fmt, json_t *arr, int idw,
                         int unitw)
{
    const amb_ind_rule *rule = res->rule;
    double target = rule->has_target ? rule->target_value : NAN;
    if (res->state == AMB_STATUS_ERROR || res->note) {
        if (area && ((rule->breakdown == AMB_IND_REGION &&
                      !amb_ambition_is_region(m, area)) ||
                     (rule->breakdown == AMB_IND_MUNICIPALITY &&
                      amb_ambition_is_region(m, area))))
            return;
        row r = {rule, area ? area : m->region.code, NULL, NAN,
                 rule->has_baseline_value ? rule->baseline_value : NAN,
                 target, amb_status_name(res->state)};
        print_row(&r, fmt, arr, idw, unitw);
        return;
    }
    for (size_t i = 0; i < res->nseries; i++) {
        const amb_ind_series *s = &res->series[i];
        if (area && strcmp(area, s->area) != 0)
            continue;
        row r = {rule, s->area, s->latest_period,
                 s->latest_period ? s->latest_value : NAN,
                 s->status.has_y0 ? s->status.y0 : NAN, target,
                 amb_status_name(s->status.status)};
        print_row(&r, fmt, arr, idw, unitw);
    }
}

/* Evaluate and print; returns the exit status. */
static int run_indicators(const amb_cli *cli, const char *subgoal,
                          const char *area, int fmt)
{
    amb_error err;
    amb_error_clear(&err);
    amb_ambition *m = NULL;
    int rc = amb_ambition_load_default(&m, &err);
    if (rc < 0)
        return amb_cli_fail(rc, "indicators: %s", err.msg);
    int status = AMB_EXIT_OK;
    if (subgoal && !amb_ambition_find_subgoal(m, subgoal)) {
        amb_ambition_free(m);
        return amb_cli_usage("indicators", "unknown sub-goal '%s'", subgoal);
    }
    if (area && !amb_ambition_area_name(m, area)) {
        amb_ambition_free(m);
        return amb_cli_usage("indicators", "area '%s' is neither the region "
                             "nor one of its municipalities", area);
    }
    amb_registry *reg = amb_cli_registry(cli);
    amb_workspace *ws = amb_cli_workspace(cli, reg, &status);
    amb_ind_set *set = amb_ind_set_new();
    amb_ind_results *res = NULL;
    if (ws) {
        rc = amb_ind_load_workspace(set, m, ws->cfg, &err);
        if (rc < 0) {
            status = amb_cli_fail(rc, "indicators: %s", err.msg);
        } else {
            amb_ind_eval_opts opts = {ws->cfg->lua, subgoal};
            rc = amb_ind_evaluate(set, m, ws->cfg->store_path, &opts, &res,
                                  &err);
            if (rc < 0)
                status = amb_cli_fail(rc, "indicators: %s", err.msg);
        }
    }
    if (res) {
        int idw = 2, unitw = 4;
        for (size_t i = 0; i < res->n; i++) {
            const amb_ind_rule *r = res->items[i].rule;
            idw = (int)strlen(r->id) > idw ? (int)strlen(r->id) : idw;
            unitw = (int)strlen(r->unit) > unitw ? (int)strlen(r->unit)
                                                 : unitw;
        }
        json_t *arr = fmt == FMT_JSON ? json_array() : NULL;
        if (fmt == FMT_CSV)
            fputs("id,subgoal,area,period,value,unit,baseline,target,status\n",
                  stdout);
        else if (fmt == FMT_TABLE)
            printf("%-*s %-7s %-4s %-7s %9s %-*s %9s %9s %s\n", idw, "ID",
                   "SUBGOAL", "AREA", "PERIOD", "VALUE", unitw, "UNIT",
                   "BASELINE", "TARGET", "STATUS");
        for (size_t i = 0; i < res->n; i++)
            print_result(&res->items[i], m, area, fmt, arr, idw, unitw);
        if (arr) {
            /* 15 significant digits: 4.8, not 4.7999999999999998. */
            json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                       JSON_REAL_PRECISION(15));
            fputc('\n', stdout);
            json_decref(arr);
        }
        for (size_t i = 0; i < res->n; i++)
            if (res->items[i].error)
                fprintf(stderr, "ambit indicators: %s\n", res->items[i].error);
    }
    amb_ind_results_free(res);
    amb_ind_set_free(set);
    amb_workspace_close(ws);
    amb_registry_free(reg);
    amb_ambition_free(m);
    return status;
}

/* Print a rule file's problem (check). */
static void report_problem(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "ambit indicators: %s\n", msg);
}

/* `ambit indicators check [DIR|FILE]...`. */
static int run_check(const amb_cli *cli, int argc, char **argv)
{
    amb_error err;
    amb_error_clear(&err);
    amb_ambition *m = NULL;
    int rc = amb_ambition_load_default(&m, &err);
    if (rc < 0)
        return amb_cli_fail(rc, "indicators: %s", err.msg);
    amb_ind_set *set = amb_ind_set_new();
    int bad = 0, status = AMB_EXIT_OK;
    if (argc == 0) {
        amb_config *cfg = NULL;
        rc = amb_config_load(cli->workspace, &cfg, &err);
        if (rc == 0)
            rc = amb_ind_load_workspace(set, m, cfg, &err);
        if (rc < 0)
            status = amb_cli_fail(rc == AMB_ENOTFOUND ? AMB_ECONFIG : rc,
                                  "indicators: %s", err.msg);
        amb_config_free(cfg);
    }
    for (int i = 0; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            fprintf(stderr, "ambit indicators: %s: no such file or "
                    "directory\n", argv[i]);
            bad = 1;
            continue;
        }
        if (S_ISDIR(sb.st_mode))
            rc = amb_ind_load_dir(set, m, argv[i], NULL, report_problem, NULL,
                                  &err);
        else if ((rc = amb_ind_load_file(set, m, argv[i], NULL, &err)) < 0)
            report_problem(NULL, err.msg);
        bad |= rc < 0;
    }
    if (bad)
        status = AMB_EXIT_USAGE;
    if (status == AMB_EXIT_OK)
        amb_log(AMB_LOG_INFO, "%zu indicators in %zu files: no problems",
                set->n, set->nfiles);
    amb_ind_set_free(set);
    amb_ambition_free(m);
    return status;
}

int amb_cmd_indicators(const amb_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"subgoal", required_argument, NULL, 's'},
        {"area", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc > 1 && strcmp(argv[1], "check") == 0) {
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                fputs(usage_text, stdout);
                return AMB_EXIT_OK;
            }
            if (argv[i][0] == '-')
                return amb_cli_usage("indicators", "check takes no option "
                                     "'%s'", argv[i]);
        }
        return run_check(cli, argc - 2, argv + 2);
    }
    const char *subgoal = NULL, *area = NULL;
    int fmt = FMT_TABLE, c;
    while ((c = getopt_long(argc, argv, "hs:a:f:", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            subgoal = optarg;
            break;
        case 'a':
            area = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "table") == 0)
                fmt = FMT_TABLE;
            else if (strcmp(optarg, "json") == 0)
                fmt = FMT_JSON;
            else if (strcmp(optarg, "csv") == 0)
                fmt = FMT_CSV;
            else
                return amb_cli_usage("indicators", "--format is table, json "
                                     "or csv, not '%s'", optarg);
            break;
        case 'h':
            fputs(usage_text, stdout);
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage("indicators", "unknown option");
        }
    }
    if (optind < argc)
        return amb_cli_usage("indicators", "unexpected argument '%s'",
                             argv[optind]);
    return run_indicators(cli, subgoal, area, fmt);
}
