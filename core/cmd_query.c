/*
 * cmd_query.c - `ambit query DATASET [--where DIM=CODE[,CODE...]]...
 * [--format csv|json]`: stream a dataset's observations.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

/* Parsed --where options; every string is owned here. */
typedef struct where_list {
    amb_filter *filters;
    char **strings;          /* each filter's dup'd argument */
    const char ***codes;     /* each filter's code array */
    size_t n;
} where_list;

static void where_free(where_list *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->strings[i]);
        free((void *)w->codes[i]);
    }
    free(w->filters);
    free(w->strings);
    free(w->codes);
}

/* Split "DIM=A,B" into a filter; returns 0 or -1 for a malformed one. */
static int where_add(where_list *w, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || eq[1] == '\0')
        return -1;
    char *s = amb_xstrdup(arg);
    s[eq - arg] = '\0';
    char *list = s + (eq - arg) + 1;
    size_t ncodes = 1;
    for (const char *p = list; *p; p++)
        ncodes += *p == ',';
    const char **codes = amb_xcalloc(ncodes, sizeof(char *));
    size_t k = 0;
    char *save = NULL;
    for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        codes[k++] = tok;
    if (k == 0) {
        free(s);
        free((void *)codes);
        return -1;
    }
    w->filters = amb_xrealloc(w->filters, (w->n + 1) * sizeof(amb_filter));
    w->strings = amb_xrealloc(w->strings, (w->n + 1) * sizeof(char *));
    w->codes = amb_xrealloc(w->codes, (w->n + 1) * sizeof(char **));
    w->filters[w->n] = (amb_filter){s, k, codes};
    w->strings[w->n] = s;
    w->codes[w->n] = codes;
    w->n++;
    return 0;
}

typedef struct query_out {
    const char *dataset;
    int json;
    size_t count;
} query_out;

static int header_row(void *ud, const amb_dataset_row *d)
{
    const query_out *q = ud;
    if (q->json)
        return 0;
    for (size_t i = 0; i < d->ndims; i++)
        amb_csv_field(stdout, d->dims[i], 0);
    fputs("period,value,flag\n", stdout);
    return 0;
}

static int print_obs(void *ud, const amb_obs_row *r)
{
    query_out *q = ud;
    char num[40] = "";
    if (r->has_value)
        amb_format_number(r->value, num);
    if (q->json) {
        json_t *dims = json_object();
        for (size_t i = 0; i < r->ndims; i++)
            json_object_set_new(dims, r->dim_ids[i], json_string(r->codes[i]));
        json_t *o = json_pack("{s:s, s:o, s:s, s:o, s:o}", "dataset", q->dataset,
                              "dims", dims, "period", r->period,
                              "value", r->has_value ? json_real(r->value) : json_null(),
                              "flag", amb_json_str(r->flag));
        if (r->has_value && r->value == (double)(json_int_t)r->value &&
            r->value > -9e15 && r->value < 9e15)
            json_object_set_new(o, "value", json_integer((json_int_t)r->value));
        fputs(q->count ? ",\n  " : "[\n  ", stdout);
        json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
    } else {
        for (size_t i = 0; i < r->ndims; i++)
            amb_csv_field(stdout, r->codes[i], 0);
        amb_csv_field(stdout, r->period, 0);
        amb_csv_field(stdout, num, 0);
        amb_csv_field(stdout, r->flag, 1);
    }
    q->count++;
    return ferror(stdout) ? AMB_EIO : 0;
}

int amb_cmd_query(const amb_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"where", required_argument, NULL, 'w'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    where_list where;
    memset(&where, 0, sizeof where);
    int json = 0, c;
    while ((c = getopt_long(argc, argv, "hw:f:", opts, NULL)) != -1) {
        switch (c) {
        case 'w':
            if (where_add(&where, optarg) < 0) {
                where_free(&where);
                return amb_cli_usage("query", "--where takes DIM=CODE[,CODE...], not '%s'",
                                     optarg);
            }
            break;
        case 'f':
            if (strcmp(optarg, "json") == 0) {
                json = 1;
            } else if (strcmp(optarg, "csv") == 0) {
                json = 0;
            } else {
                where_free(&where);
                return amb_cli_usage("query", "--format is csv or json, not '%s'", optarg);
            }
            break;
        case 'h':
            where_free(&where);
            printf("Usage: ambit query DATASET [--where DIM=CODE[,CODE...]]... "
                   "[--format csv|json]\n\n"
                   "Print a dataset's observations.  --where keeps rows whose\n"
                   "dimension DIM (or the time dimension) has one of the codes;\n"
                   "several --where options must all hold.  CSV (default) has a\n"
                   "header of dimension ids then period,value,flag; JSON is an\n"
                   "array of {dataset, dims, period, value, flag}.  A missing value\n"
                   "is empty (CSV) or null (JSON), its marker in flag.\n");
            return AMB_EXIT_OK;
        default:
            where_free(&where);
            return amb_cli_usage("query", "unknown option");
        }
    }
    if (argc - optind != 1) {
        where_free(&where);
        return amb_cli_usage("query", "expected exactly one DATASET");
    }
    const char *dataset = argv[optind];
    amb_registry *reg = amb_cli_registry(cli);
    int st;
    amb_workspace *ws = amb_cli_workspace(cli, reg, &st);
    if (ws) {
        query_out q = {dataset, json, 0};
        amb_error err;
        amb_error_clear(&err);
        int rc = amb_store_get_dataset(ws->store, dataset, header_row, &q, &err);
        if (rc == 0)
            rc = amb_store_query(ws->store, dataset, where.filters, where.n,
                                 print_obs, &q, &err);
        if (json && rc == 0)
            fputs(q.count ? "\n]\n" : "[]\n", stdout);
        if (rc < 0)
            st = amb_cli_fail(rc == AMB_ENOTFOUND ? AMB_EUSAGE : rc, "query: %s",
                              err.msg);
        amb_workspace_close(ws);
    }
    amb_registry_free(reg);
    where_free(&where);
    return st;
}
