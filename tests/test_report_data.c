/*
 * test_report_data.c - amb_report_data() on a real workspace: a store with
 * one SAMPLE dataset stored by a run with provenance, the workspace's own
 * rule directory (named in ambit.lua) beside the shipped rules, and the
 * contract's keys and values checked one by one.
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_data.h"
#include "test_ind.h"
#include "testutil.h"

static const char config[] =
    "workspace { store = 'data/ambit.db', indicators = { 'rules' } }\n"
    "source 'population' { plugin = 'csv', path = 'pop.csv', dataset = "
    "'POPX' }\n"
    "source 'never' { plugin = 'csv', path = 'x.csv', dataset = 'X' }\n";

/* 081 grows 100 -> 110 (2019 -> 2021), 851 falls 50 -> 45. */
static const char rule[] =
    "indicator { id = 'pop_growth', title = { da = 'Befolkning', en = "
    "'Population' },\n"
    "  description = { da = 'd', en = 'd' }, subgoal = '5.3.3', unit = "
    "'persons',\n"
    "  direction = 'higher', baseline = { period = '2019' }, reads = { "
    "datasets = { 'POPX' } },\n"
    "  source_note = 'test', compute = function(q) return q.series('POPX') "
    "end }\n";

/* The workspace with its store filled through the store API. */
static amb_workspace *make_workspace(char **dir)
{
    *dir = amb_test_tmpdir("report");
    free(ind_test_file(*dir, "ambit.lua", config));
    char *rules = amb_path_join(*dir, "rules");
    amb_error err;
    CU_ASSERT_FATAL(amb_mkdirs(rules, &err) == 0);
    free(ind_test_file(rules, "pop.lua", rule));
    free(rules);
    amb_workspace *ws = NULL;
    int rc = amb_workspace_open(*dir, NULL, &ws, &err);
    if (rc < 0)
        fprintf(stderr, "\n%s\n", err.msg);
    CU_ASSERT_FATAL(rc == 0);
    amb_store *st = ws->store;
    int64_t src, run, ds;
    CU_ASSERT_FATAL(amb_store_source_id(st, "population", "csv", &src,
                                        &err) == 0);
    CU_ASSERT_FATAL(amb_store_run_begin(st, src, &run, &err) == 0);
    amb_dim dims[] = {{"OMRÅDE", NULL}};
    amb_dataset_desc desc = {.id = "POPX", .title = "SAMPLE DATA: people",
                             .ndims = 1, .dims = dims, .time_id = "TID"};
    CU_ASSERT_FATAL(amb_store_dataset_begin(st, run, src, &desc, &ds,
                                            &err) == 0);
    static const struct {
        const char *area, *period;
        double v;
    } obs[] = {{"081", "2019", 100}, {"081", "2020", 104},
               {"081", "2021", 110}, {"851", "2019", 50},
               {"851", "2021", 45}};
    for (size_t i = 0; i < sizeof obs / sizeof obs[0]; i++) {
        const char *codes[] = {obs[i].area};
        CU_ASSERT_FATAL(amb_store_observe(st, ds, 1, codes, obs[i].period,
                                          obs[i].v, 1, NULL, &err) == 0);
    }
    amb_provenance p = {.url = "pop.csv", .fetched_at = "2026-11-26T07:00:00Z",
                        .bytes = 10, .content_hash = "abc123", .attempts = 1};
    CU_ASSERT_FATAL(amb_store_provenance_add(st, run, &p, &err) == 0);
    CU_ASSERT_FATAL(amb_store_run_finish(st, run, "ok", 5, 10, &err) == 0);
    return ws;
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The indicator entry with id, or NULL. */
static json_t *indicator(json_t *doc, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(doc, "indicators"), i, v)
        if (strcmp(str(v, "id"), id) == 0)
            return v;
    return NULL;
}

static void test_document(void)
{
    char *dir;
    amb_workspace *ws = make_workspace(&dir);
    json_t *doc = NULL;
    amb_error err;
    CU_ASSERT_EQUAL(amb_report_data(ws, "de", &doc, &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL_FATAL(amb_report_data(ws, "en", &doc, &err), 0);
    static const char *const keys[] = {"generated_at", "workspace", "lang",
        "sample_data", "ambition", "indicators", "subgoals", "sources",
        "survey", "themes", NULL};
    for (size_t i = 0; keys[i]; i++)
        CU_ASSERT_PTR_NOT_NULL(json_object_get(doc, keys[i]));
    CU_ASSERT_STRING_EQUAL(str(doc, "lang"), "en");
    CU_ASSERT_STRING_EQUAL(str(doc, "workspace"), ws->cfg->dir);
    CU_ASSERT(json_is_true(json_object_get(doc, "sample_data")));
    CU_ASSERT(json_is_null(json_object_get(doc, "survey")));
    CU_ASSERT(json_is_null(json_object_get(doc, "themes")));
    CU_ASSERT_EQUAL(strlen(str(doc, "generated_at")), 20);
    json_t *amb = json_object_get(doc, "ambition");
    CU_ASSERT_STRING_EQUAL(str(amb, "title"), "Det kompetente Nordjylland");
    CU_ASSERT_EQUAL(json_array_size(json_object_get(amb, "municipalities")),
                    11);

    /* The workspace's rule: 081 100 -> 110 over 2 years, CAGR 4.88 %. */
    json_t *ind = indicator(doc, "pop_growth");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ind);
    CU_ASSERT(json_is_null(json_object_get(ind, "error")));
    CU_ASSERT_STRING_EQUAL(str(ind, "direction"), "higher");
    CU_ASSERT_STRING_EQUAL(str(ind, "breakdown"), "both");
    CU_ASSERT(json_is_null(json_object_get(ind, "target")));
    CU_ASSERT_STRING_EQUAL(str(json_object_get(ind, "baseline"), "period"),
                           "2019");
    json_t *series = json_object_get(ind, "series");
    CU_ASSERT_EQUAL_FATAL(json_array_size(series), 2);
    json_t *s0 = json_array_get(series, 0);
    CU_ASSERT_STRING_EQUAL(str(s0, "area"), "081");
    CU_ASSERT_STRING_EQUAL(str(s0, "name"), "Region Nordjylland");
    json_t *pt = json_array_get(json_object_get(s0, "points"), 1);
    CU_ASSERT_STRING_EQUAL(str(pt, "period"), "2020");
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(pt, "value")),
                           104, 1e-9);
    CU_ASSERT(json_is_null(json_object_get(pt, "flag")));
    json_t *st = json_array_get(json_object_get(ind, "status"), 0);
    static const char *const skeys[] = {"area", "period", "value",
        "baseline_value", "change", "status", "ratio", "cagr",
        "required_cagr", "note", NULL};
    for (size_t i = 0; skeys[i]; i++)
        CU_ASSERT_PTR_NOT_NULL(json_object_get(st, skeys[i]));
    CU_ASSERT_STRING_EQUAL(str(st, "status"), "on_track");
    CU_ASSERT_STRING_EQUAL(str(st, "period"), "2021");
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(st, "change")),
                           10, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(st, "cagr")),
                           sqrt(1.1) - 1, 1e-9);
    CU_ASSERT(json_is_null(json_object_get(st, "ratio")));
    CU_ASSERT_PTR_NOT_NULL(strstr(str(st, "note"), "+4.88% a year"));
    json_t *st851 = json_array_get(json_object_get(ind, "status"), 1);
    CU_ASSERT_STRING_EQUAL(str(st851, "status"), "moving_away");
    json_t *fresh = json_object_get(ind, "freshness");
    CU_ASSERT_STRING_EQUAL(str(fresh, "last_period"), "2021");
    CU_ASSERT_PTR_NOT_NULL(str(fresh, "collected_at"));

    /* A shipped rule whose dataset is not collected is in error. */
    json_t *eud = indicator(doc, "eud_share");
    CU_ASSERT_PTR_NOT_NULL_FATAL(eud);
    CU_ASSERT_PTR_NOT_NULL(strstr(str(eud, "error"), "dataset 'UDDAKT10' is "
                                                     "not in the store"));
    CU_ASSERT_EQUAL(json_array_size(json_object_get(eud, "series")), 0);
    CU_ASSERT_STRING_EQUAL(str(json_array_get(json_object_get(eud, "status"),
                                              0), "status"), "error");
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(
        json_object_get(eud, "target"), "value")), 30, 1e-9);
    json_t *survey = indicator(doc, "failed_recruitment");
    CU_ASSERT_STRING_EQUAL(str(json_array_get(json_object_get(survey,
        "status"), 0), "note"), "no employer survey in this store");

    /* Sub-goals in ambition order; 5.3.3 combines the workspace rule. */
    json_t *sg = json_object_get(doc, "subgoals");
    CU_ASSERT_EQUAL_FATAL(json_array_size(sg), 15);
    CU_ASSERT_STRING_EQUAL(str(json_array_get(sg, 0), "id"), "4.2");
    json_t *g533 = NULL;
    size_t i;
    json_t *v;
    json_array_foreach(sg, i, v)
        if (strcmp(str(v, "id"), "5.3.3") == 0)
            g533 = v;
    CU_ASSERT_PTR_NOT_NULL_FATAL(g533);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(g533, "indicators")), 2);
    CU_ASSERT_STRING_EQUAL(str(g533, "status"), "on_track");
    CU_ASSERT_STRING_EQUAL(str(json_array_get(sg, 1), "status"),
                           "insufficient_data");

    /* Sources: declared ones in order, with runs and provenance. */
    json_t *src = json_object_get(doc, "sources");
    CU_ASSERT_EQUAL_FATAL(json_array_size(src), 2);
    json_t *pop = json_array_get(src, 0);
    CU_ASSERT_STRING_EQUAL(str(pop, "name"), "population");
    CU_ASSERT_STRING_EQUAL(str(pop, "plugin"), "csv");
    CU_ASSERT_STRING_EQUAL(str(pop, "last_status"), "ok");
    CU_ASSERT_PTR_NOT_NULL(str(pop, "last_success_at"));
    json_t *dsets = json_object_get(pop, "datasets");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(dsets, 0)), "POPX");
    json_t *prov = json_array_get(json_object_get(pop, "provenance"), 0);
    CU_ASSERT_STRING_EQUAL(str(prov, "url"), "pop.csv");
    CU_ASSERT_STRING_EQUAL(str(prov, "content_hash"), "abc123");
    CU_ASSERT_STRING_EQUAL(str(prov, "fetched_at"), "2026-11-26T07:00:00Z");
    json_t *never = json_array_get(src, 1);
    CU_ASSERT_STRING_EQUAL(str(never, "name"), "never");
    CU_ASSERT(json_is_null(json_object_get(never, "last_status")));
    CU_ASSERT_EQUAL(json_array_size(json_object_get(never, "provenance")), 0);
    json_decref(doc);

    /* Danish notes. */
    CU_ASSERT_EQUAL_FATAL(amb_report_data(ws, "da", &doc, &err), 0);
    st = json_array_get(json_object_get(indicator(doc, "pop_growth"),
                                        "status"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(str(st, "note"), "+4,88 % om året"));
    json_decref(doc);
    amb_workspace_close(ws);
    amb_test_rmtree(dir);
    free(dir);
}

/* A rule directory named in ambit.lua that is missing, or a broken rule,
 * stops the document with a config error. */
static void test_document_errors(void)
{
    char *dir;
    amb_workspace *ws = make_workspace(&dir);
    char *rules = amb_path_join(dir, "rules");
    free(ind_test_file(rules, "bad.lua", "indicator { id = 'x' }\n"));
    json_t *doc = NULL;
    amb_error err;
    CU_ASSERT_EQUAL(amb_report_data(ws, "en", &doc, &err), AMB_ECONFIG);
    CU_ASSERT_PTR_NULL(doc);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "bad.lua:1: indicator 'x': "));
    free(rules);
    amb_workspace_close(ws);
    amb_test_rmtree(dir);
    free(dir);
}

void ind_test_report_suite(void)
{
    AMB_TEST_SUITE("report data",
                   {"the document", test_document},
                   {"rule errors stop it", test_document_errors});
}
