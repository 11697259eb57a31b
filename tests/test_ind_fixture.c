/*
 * test_ind_fixture.c - the store the indicator tests query, filled through
 * the store's own API (one run, as a collection would), and helpers to
 * write and evaluate rule files.
 *
 * The datasets and their numbers (every expected value in the tests is
 * worked out from these by hand):
 *
 *   POP  OMRÅDE KØN, quarterly TID.  081: KØN 1 100 101 102 103 in
 *        2019K1..K4, KØN 2 200 201 202 203; 2020K1 110 and 210.  851: KØN 1
 *        10..13, KØN 2 20..23 in 2019; 2020K1 14 and 24.
 *   EDU  OMRÅDE UDD FSTATUS, yearly TID.  Entrants (T) 081: H20 760 750 745
 *        740 and H30 240 250 255 260 in 2019..2022 (EUD share 24, 25, 25.5,
 *        26); 851: H20 300 / H30 100 in 2019, 280 / 120 in 2022 (25, 30).
 *        H30 dropped out (A) / completed (F): 081 49/51 (2019), 46/54
 *        (2022); 851 40/60, 45/55.  773 2020: H20 70, H30 missing ("..").
 *        999 (not in the model) 2019: 1 and 1.
 *   ZERO OMRÅDE X, yearly: 081 2019 a = 5, b = 0; 2020 b = 3.
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "test_ind.h"
#include "testutil.h"

static const char pop_rows[] =
    "081 1 2019K1 100\n081 1 2019K2 101\n081 1 2019K3 102\n081 1 2019K4 103\n"
    "081 2 2019K1 200\n081 2 2019K2 201\n081 2 2019K3 202\n081 2 2019K4 203\n"
    "081 1 2020K1 110\n081 2 2020K1 210\n"
    "851 1 2019K1 10\n851 1 2019K2 11\n851 1 2019K3 12\n851 1 2019K4 13\n"
    "851 2 2019K1 20\n851 2 2019K2 21\n851 2 2019K3 22\n851 2 2019K4 23\n"
    "851 1 2020K1 14\n851 2 2020K1 24\n";

static const char edu_rows[] =
    "081 H20 T 2019 760\n081 H30 T 2019 240\n081 H20 T 2020 750\n"
    "081 H30 T 2020 250\n081 H20 T 2021 745\n081 H30 T 2021 255\n"
    "081 H20 T 2022 740\n081 H30 T 2022 260\n"
    "081 H30 A 2019 49\n081 H30 F 2019 51\n081 H30 A 2022 46\n"
    "081 H30 F 2022 54\n"
    "851 H20 T 2019 300\n851 H30 T 2019 100\n851 H20 T 2022 280\n"
    "851 H30 T 2022 120\n851 H30 A 2019 40\n851 H30 F 2019 60\n"
    "851 H30 A 2022 45\n851 H30 F 2022 55\n"
    "773 H20 T 2020 70\n773 H30 T 2020 ..\n"
    "999 H20 T 2019 1\n999 H30 T 2019 1\n";

static const char zero_rows[] = "081 a 2019 5\n081 b 2019 0\n081 b 2020 3\n";

/* Store one dataset: rows of "code... period value" ("..": missing). */
static void add_dataset(amb_store *st, int64_t run, int64_t src,
                        const char *code, const char *const *dims,
                        size_t ndims, const char *time_id, const char *rows)
{
    amb_dim d[8];
    for (size_t i = 0; i < ndims; i++)
        d[i] = (amb_dim){dims[i], NULL};
    amb_dataset_desc desc = {.id = code, .title = code, .ndims = ndims,
                             .dims = d, .time_id = time_id};
    amb_error err;
    int64_t id;
    CU_ASSERT_FATAL(amb_store_dataset_begin(st, run, src, &desc, &id,
                                            &err) == 0);
    char *copy = amb_xstrdup(rows), *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        const char *f[10] = {NULL};
        size_t n = 0;
        char *s2 = NULL;
        for (char *tok = strtok_r(line, " ", &s2); tok && n < 10;
             tok = strtok_r(NULL, " ", &s2))
            f[n++] = tok;
        CU_ASSERT_FATAL(n == ndims + 2);
        int has = strcmp(f[n - 1], "..") != 0;
        CU_ASSERT_FATAL(amb_store_observe(st, id, ndims, f, f[ndims],
                                          has ? strtod(f[n - 1], NULL) : 0,
                                          has, has ? NULL : "..", &err) == 0);
    }
    free(copy);
}

char *ind_test_store(char **store)
{
    char *dir = amb_test_tmpdir("ind");
    char *data = amb_path_join(dir, "data");
    amb_error err;
    CU_ASSERT_FATAL(amb_mkdirs(data, &err) == 0);
    *store = amb_path_join(data, "ambit.db");
    free(data);
    amb_store *st = NULL;
    CU_ASSERT_FATAL(amb_store_open(*store, &st, &err) == 0);
    int64_t src, run;
    CU_ASSERT_FATAL(amb_store_source_id(st, "fixture", "csv", &src, &err) == 0);
    CU_ASSERT_FATAL(amb_store_run_begin(st, src, &run, &err) == 0);
    static const char *const pop[] = {"OMRÅDE", "KØN"};
    static const char *const edu[] = {"OMRÅDE", "UDD", "FSTATUS"};
    static const char *const zero[] = {"OMRÅDE", "X"};
    add_dataset(st, run, src, "POP", pop, 2, "TID", pop_rows);
    add_dataset(st, run, src, "EDU", edu, 3, "TID", edu_rows);
    add_dataset(st, run, src, "ZERO", zero, 2, "TID", zero_rows);
    CU_ASSERT_FATAL(amb_store_run_finish(st, run, "ok", 0, 0, &err) == 0);
    amb_store_close(st);
    return dir;
}

amb_ambition *ind_test_model(void)
{
    char *path = amb_path_join(amb_test_srcdir(), "lua/ambition.lua");
    amb_ambition *m = NULL;
    amb_error err;
    int rc = amb_ambition_load(path, &m, &err);
    if (rc < 0)
        fprintf(stderr, "\n%s\n", err.msg);
    CU_ASSERT_FATAL(rc == 0);
    free(path);
    return m;
}

char *ind_test_file(const char *dir, const char *name, const char *text)
{
    return amb_test_write(dir, name, text, strlen(text));
}

char *ind_test_rule(const char *id, const char *extra)
{
    return amb_xasprintf(
        "-- a test rule\n"
        "indicator {\n"
        "  id = \"%s\",\n"
        "  title = { da = \"Titel\", en = \"Title\" },\n"
        "  description = { da = \"Beskrivelse\", en = \"Description\" },\n"
        "  subgoal = \"5.1.3\",\n"
        "  unit = \"percent\",\n"
        "  direction = \"higher\",\n"
        "  breakdown = \"both\",\n"
        "  reads = { datasets = { \"EDU\" } },\n"
        "  source_note = \"test data\",\n"
        "  compute = function(q) return {} end,\n"
        "  %s\n"
        "}\n", id, extra ? extra : "");
}

amb_ind_results *ind_test_eval(const char *dir, const char *name,
                               const char *text, const char *store,
                               const amb_lua_limits *lim, amb_ind_set **set,
                               amb_error *err)
{
    amb_ambition *m = ind_test_model();
    char *path = ind_test_file(dir, name, text);
    *set = amb_ind_set_new();
    amb_ind_results *res = NULL;
    amb_error_clear(err);
    if (amb_ind_load_file(*set, m, path, lim, err) == 0) {
        amb_ind_eval_opts opts;
        memset(&opts, 0, sizeof opts);
        if (lim)
            opts.limits = *lim;
        if (amb_ind_evaluate(*set, m, store, &opts, &res, err) < 0)
            res = NULL;
    }
    free(path);
    amb_ambition_free(m);
    return res;
}

const amb_ind_result *ind_test_result(const amb_ind_results *r,
                                      const char *id)
{
    for (size_t i = 0; r && i < r->n; i++)
        if (strcmp(r->items[i].rule->id, id) == 0)
            return &r->items[i];
    return NULL;
}

const amb_ind_series *ind_test_series(const amb_ind_result *r,
                                      const char *area)
{
    for (size_t i = 0; r && i < r->nseries; i++)
        if (strcmp(r->series[i].area, area) == 0)
            return &r->series[i];
    return NULL;
}

int ind_test_value(const amb_ind_series *s, const char *period, double *v)
{
    for (size_t i = 0; s && i < s->npoints; i++)
        if (strcmp(s->points[i].period, period) == 0 && s->points[i].has_value) {
            *v = s->points[i].value;
            return 1;
        }
    return 0;
}
