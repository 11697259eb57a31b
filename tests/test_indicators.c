/*
 * test_indicators.c - the indicator DSL (every field and its error with
 * file:line), rule directories, and
 * evaluation against a real store: statuses computed from known numbers,
 * per-indicator errors (Lua errors, sandbox limits, io, missing datasets,
 * division by zero) while the other rules still run, and the sub-goal
 * combination.  The model's tests are in test_ind_model.c, the query
 * API's in test_ind_query.c, the report data's in test_report_data.c.
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_ind.h"
#include "testutil.h"

#define NEAR(got, want, tol) CU_ASSERT(fabs((got) - (want)) < (tol))

/* String equality that shows both strings when they differ. */
#define ASSERT_MSG(got, want)                                              \
    do {                                                                   \
        if (strcmp((got), (want)) != 0)                                    \
            fprintf(stderr, "\n got: %s\nwant: %s\n", (got), (want));      \
        CU_ASSERT_STRING_EQUAL((got), (want));                             \
    } while (0)

/* ------------------------------------------------------------------ DSL */

/* Load one rule file made of text; returns the rc, err filled. */
static int load_text(const char *dir, const char *text, amb_ind_set *set,
                     char **path, amb_error *err)
{
    amb_ambition *m = ind_test_model();
    *path = ind_test_file(dir, "rule.lua", text);
    amb_error_clear(err);
    int rc = amb_ind_load_file(set, m, *path, NULL, err);
    amb_ambition_free(m);
    return rc;
}

/* Every field's mistake, with the message after "PATH:2: ". */
static void test_dsl_field_errors(void)
{
    static const struct {
        const char *extra, *want;
    } cases[] = {
        {"id = 'Bad-Id'", "indicator: id 'Bad-Id' must be 1 to 64 characters "
                          "of a-z, 0-9 and _"},
        {"id = nil", "indicator: 'id' is required: a name of a-z, 0-9 and _"},
        {"colour = 'red'", "indicator 'x': unknown field 'colour'"},
        {"title = 'x'", "indicator 'x': 'title' must be a table { da = "
                        "\"...\", en = \"...\" }"},
        {"title = { da = 'T' }", "indicator 'x': title.en must be a non-empty "
                                 "string"},
        {"title = { da = 'T', en = 'T', de = 'T' }",
         "indicator 'x': unknown field 'title.de'"},
        {"description = nil", "indicator 'x': 'description' must be a table "
                              "{ da = \"...\", en = \"...\" }"},
        {"subgoal = '5.9.9'", "indicator 'x': unknown sub-goal '5.9.9'"},
        {"subgoal = nil", "indicator 'x': 'subgoal' is required, such as "
                          "\"5.1.3\""},
        {"unit = ''", "indicator 'x': 'unit' must be a non-empty string"},
        {"direction = nil", "indicator 'x': 'direction' is required: "
                            "\"higher\" or \"lower\" is better (ambit never "
                            "assumes one)"},
        {"direction = 'up'", "indicator 'x': direction must be \"higher\" or "
                             "\"lower\", not 'up'"},
        {"baseline = 2019", "indicator 'x': 'baseline' must be a table { "
                            "period = \"2019\", value = 24, note = \"...\" } "
                            "or nil"},
        {"baseline = { period = 'K1' }", "indicator 'x': baseline.period must "
                                         "be a period that starts with a "
                                         "year, such as \"2019\""},
        {"baseline = { period = '2019', value = '24' }",
         "indicator 'x': baseline.value must be a finite number"},
        {"baseline = { period = '2019', value = 0/0 }",
         "indicator 'x': baseline.value must be a finite number"},
        {"baseline = { period = '2019', notes = 'x' }",
         "indicator 'x': unknown field 'baseline.notes'"},
        {"baseline = { period = '2019', note = 5 }",
         "indicator 'x': baseline.note must be a non-empty string"},
        {"target = { period = '2025' }",
         "indicator 'x': target.value must be a finite number"},
        {"target = { value = 30 }", "indicator 'x': target.period must be a "
                                    "period that starts with a year, such as "
                                    "\"2019\""},
        {"baseline = { period = 2019 }, target = { period = '2018', value = 1 }",
         "indicator 'x': target.period (2018) must come after "
         "baseline.period (2019)"},
        {"breakdown = 'county'", "indicator 'x': breakdown must be \"region\", "
                                 "\"municipality\" or \"both\""},
        {"reads = nil", "indicator 'x': 'reads' must be a table { datasets = "
                        "{ ... }, survey = { ... } } naming what compute "
                        "reads"},
        {"reads = { datasets = {} }", "indicator 'x': 'reads' names no "
                                      "dataset and no survey question"},
        {"reads = { datasets = { 'bad id' } }", "indicator 'x': "
         "reads.datasets[1] must be an id of A-Z a-z 0-9 _ . -"},
        {"reads = { tables = { 'X' } }", "indicator 'x': unknown field "
                                         "'reads.tables'"},
        {"source_note = nil", "indicator 'x': 'source_note' is required: "
                              "where the data come from"},
        {"bounded = 100", "indicator 'x': 'bounded' must be a table { limit "
                          "= 100 } or nil"},
        {"bounded = { limit = '100' }", "indicator 'x': bounded.limit must be "
                                        "a finite number"},
        {"compute = 42", "indicator 'x': 'compute' must be a function(q) "
                         "returning area -> { period -> value }"},
    };
    char *dir = amb_test_tmpdir("dsl");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = ind_test_rule("x", cases[i].extra);
        amb_ind_set *set = amb_ind_set_new();
        char *path;
        amb_error err;
        CU_ASSERT_EQUAL(load_text(dir, text, set, &path, &err), AMB_ECONFIG);
        CU_ASSERT_EQUAL(set->n, 0);
        char *want = amb_xasprintf("%s:2: %s", path, cases[i].want);
        ASSERT_MSG(err.msg, want);
        free(want);
        free(path);
        free(text);
        amb_ind_set_free(set);
    }
    amb_test_rmtree(dir);
    free(dir);
}

/* A valid declaration is copied field by field; the line is the call's. */
static void test_dsl_fields(void)
{
    char *dir = amb_test_tmpdir("dsl");
    char *rule = ind_test_rule("eud_share",
        "direction = 'lower', baseline = { period = 2019, value = 24, note = "
        "'doc' }, target = { period = '2025', value = 30 }, breakdown = "
        "'municipality', bounded = { limit = 100 }, reads = { datasets = { "
        "'UDDAKT10', 'FOLK1A' }, survey = { 'recruit_failed' } }");
    char *text = amb_xasprintf("-- three\n-- comment\n-- lines\n%s", rule);
    amb_ind_set *set = amb_ind_set_new();
    char *path;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(load_text(dir, text, set, &path, &err), 0);
    CU_ASSERT_EQUAL_FATAL(set->n, 1);
    const amb_ind_rule *r = amb_ind_set_find(set, "eud_share");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->line, 5);
    CU_ASSERT_STRING_EQUAL(r->file, path);
    CU_ASSERT_STRING_EQUAL(r->title.da, "Titel");
    CU_ASSERT_STRING_EQUAL(r->description.en, "Description");
    CU_ASSERT_STRING_EQUAL(r->subgoal, "5.1.3");
    CU_ASSERT_STRING_EQUAL(r->unit, "percent");
    CU_ASSERT_EQUAL(r->direction, -1);
    CU_ASSERT(r->has_baseline && r->has_baseline_value);
    CU_ASSERT_STRING_EQUAL(r->baseline_period, "2019");
    NEAR(r->baseline_value, 24, 1e-12);
    CU_ASSERT_STRING_EQUAL(r->baseline_note, "doc");
    CU_ASSERT(r->has_target);
    CU_ASSERT_STRING_EQUAL(r->target_period, "2025");
    NEAR(r->target_value, 30, 1e-12);
    CU_ASSERT_EQUAL(r->breakdown, AMB_IND_MUNICIPALITY);
    CU_ASSERT_EQUAL(r->ndatasets, 2);
    CU_ASSERT_STRING_EQUAL(r->datasets[1], "FOLK1A");
    CU_ASSERT_EQUAL(r->nsurvey, 1);
    CU_ASSERT(r->bounded);
    NEAR(r->limit, 100, 1e-12);
    CU_ASSERT_STRING_EQUAL(r->source_note, "test data");
    free(path);
    free(text);
    free(rule);
    amb_ind_set_free(set);
    amb_test_rmtree(dir);
    free(dir);
}

/* Duplicates, a non-table call, a syntax error, and all-or-none loading. */
static void test_dsl_file_errors(void)
{
    char *dir = amb_test_tmpdir("dsl");
    char *one = ind_test_rule("x", NULL);
    char *two = amb_xasprintf("%s%s", one, one);
    amb_ind_set *set = amb_ind_set_new();
    char *path;
    amb_error err;
    CU_ASSERT_EQUAL(load_text(dir, two, set, &path, &err), AMB_ECONFIG);
    char *want = amb_xasprintf("%s:16: indicator 'x': already declared at "
                               "%s:2", path, path);
    ASSERT_MSG(err.msg, want);
    CU_ASSERT_EQUAL(set->n, 0);     /* the first one went with the file */
    free(want);
    free(path);

    CU_ASSERT_EQUAL(load_text(dir, "\nindicator 'x'\n", set, &path, &err),
                    AMB_ECONFIG);
    want = amb_xasprintf("%s:2: indicator: expects one table, as in indicator "
                         "{ id = \"eud_share\", ... }", path);
    ASSERT_MSG(err.msg, want);
    free(want);
    free(path);

    CU_ASSERT_EQUAL(load_text(dir, "indicator {\n  id = 'x',,\n}\n", set,
                              &path, &err), AMB_ECONFIG);
    want = amb_xasprintf("%s:2:", path);
    CU_ASSERT_EQUAL(strncmp(err.msg, want, strlen(want)), 0);
    free(want);
    free(path);

    /* The set keeps rules across files and refuses an id twice. */
    CU_ASSERT_EQUAL(load_text(dir, one, set, &path, &err), 0);
    free(path);
    amb_ambition *m = ind_test_model();
    char *other = ind_test_file(dir, "other.lua", one);
    CU_ASSERT_EQUAL(amb_ind_load_file(set, m, other, NULL, &err), AMB_ECONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "already declared at"));
    CU_ASSERT_EQUAL(set->n, 1);
    free(other);
    amb_ambition_free(m);
    free(one);
    free(two);
    amb_ind_set_free(set);
    amb_test_rmtree(dir);
    free(dir);
}

/* Collects the messages of a directory load. */
typedef struct problems {
    char msgs[4][1024];
    size_t n;
} problems;

static void keep_problem(void *ud, const char *msg)
{
    problems *p = ud;
    if (p->n < 4)
        snprintf(p->msgs[p->n++], sizeof p->msgs[0], "%s", msg);
}

/* A directory: *.lua in name order, other files ignored, every bad file
 * reported while the good ones load; the shipped set checks clean and
 * covers every sub-goal. */
static void test_rule_dirs(void)
{
    char *dir = amb_test_tmpdir("dsl");
    char *a = ind_test_rule("b_rule", NULL), *b = ind_test_rule("a_rule", NULL);
    char *bad = ind_test_rule("c_rule", "subgoal = '5.9.9'");
    free(ind_test_file(dir, "20_b.lua", a));
    free(ind_test_file(dir, "10_a.lua", b));
    free(ind_test_file(dir, "30_bad.lua", bad));
    free(ind_test_file(dir, "notes.txt", "not a rule"));
    amb_ambition *m = ind_test_model();
    amb_ind_set *set = amb_ind_set_new();
    problems p = {.n = 0};
    amb_error err;
    CU_ASSERT_EQUAL(amb_ind_load_dir(set, m, dir, NULL, keep_problem, &p,
                                     &err), AMB_ECONFIG);
    CU_ASSERT_EQUAL(p.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(p.msgs[0], "30_bad.lua:2: indicator "
                                             "'c_rule': unknown sub-goal"));
    CU_ASSERT_EQUAL_FATAL(set->n, 2);
    CU_ASSERT_STRING_EQUAL(set->rules[0].id, "a_rule");
    CU_ASSERT_EQUAL(set->nfiles, 2);
    amb_ind_set_free(set);
    char *missing = amb_path_join(dir, "nowhere");
    set = amb_ind_set_new();
    CU_ASSERT_EQUAL(amb_ind_load_dir(set, m, missing, NULL, NULL, NULL, &err),
                    AMB_ENOTFOUND);
    amb_ind_set_free(set);

    char *shipped = amb_path_join(amb_test_srcdir(), "lua/indicators");
    set = amb_ind_set_new();
    CU_ASSERT_EQUAL(amb_ind_load_dir(set, m, shipped, NULL, NULL, NULL, &err),
                    0);
    amb_ind_set_sort(set, m);
    for (size_t g = 0; g < amb_ambition_subgoal_count(m); g++) {
        const char *id = amb_ambition_subgoal_at(m, g)->id;
        int covered = 0;
        for (size_t i = 0; i < set->n; i++)
            covered |= strcmp(set->rules[i].subgoal, id) == 0;
        if (!covered)
            fprintf(stderr, "\nno shipped indicator for %s\n", id);
        CU_ASSERT(covered);
    }
    CU_ASSERT_STRING_EQUAL(set->rules[0].subgoal, "4.2");
    CU_ASSERT_STRING_EQUAL(set->rules[set->n - 1].subgoal, "5.4.3");
    amb_ind_set_free(set);
    free(shipped);
    free(missing);
    amb_ambition_free(m);
    free(a);
    free(b);
    free(bad);
    amb_test_rmtree(dir);
    free(dir);
}

/* ----------------------------------------------------------- evaluation */

static const char eud_rules[] =
    "local function share(q, num, den, where)\n"
    "  return q.share { dataset = 'EDU', where = where, period = 'year',\n"
    "                   num = { where = num }, den = { where = den } }\n"
    "end\n"
    "indicator { id = 'eud', title = { da = 'a', en = 'a' },\n"
    "  description = { da = 'd', en = 'd' }, subgoal = '5.1.3', unit = '%',\n"
    "  direction = 'higher', baseline = { period = '2019', value = 24 },\n"
    "  target = { period = '2025', value = 30 },\n"
    "  reads = { datasets = { 'EDU' } }, source_note = 'fixture',\n"
    "  compute = function(q) return share(q, { UDD = 'H30' },\n"
    "    { UDD = { 'H20', 'H30' } }, { FSTATUS = 'T' }) end }\n"
    "indicator { id = 'dropout', title = { da = 'a', en = 'a' },\n"
    "  description = { da = 'd', en = 'd' }, subgoal = '5.1.3', unit = '%',\n"
    "  direction = 'lower', baseline = { period = '2019', value = 49 },\n"
    "  breakdown = 'region',\n"
    "  reads = { datasets = { 'EDU' } }, source_note = 'fixture',\n"
    "  compute = function(q) return share(q, { FSTATUS = 'A' },\n"
    "    { FSTATUS = { 'A', 'F' } }, { UDD = 'H30' }) end }\n";

/* The worked examples, computed from stored numbers: EUD share 24 -> 26
 * (2019 -> 2022) against 30 by 2025 is moderate (R = 0.7136) for the
 * region; Aalborg reaches 30 (target achieved); dropout 49 -> 46 is on
 * track.  Together (scores 0.8116 and 5) the sub-goal is on track. */
static void test_eval_statuses(void)
{
    char *store;
    char *dir = ind_test_store(&store);
    amb_ind_set *set;
    amb_error err;
    amb_ind_results *res = ind_test_eval(dir, "eud.lua", eud_rules, store,
                                         NULL, &set, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    const amb_ind_result *eud = ind_test_result(res, "eud");
    CU_ASSERT_PTR_NULL(eud->error);
    CU_ASSERT_EQUAL(eud->nseries, 2);     /* 773 had no value, 999 is out */
    const amb_ind_series *r081 = ind_test_series(eud, "081");
    const amb_ind_series *r851 = ind_test_series(eud, "851");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r081);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r851);
    CU_ASSERT_PTR_EQUAL(r081, &eud->series[0]);   /* the region first */
    double v;
    CU_ASSERT(ind_test_value(r081, "2019", &v));
    NEAR(v, 24.0, 1e-9);
    CU_ASSERT(ind_test_value(r081, "2021", &v));
    NEAR(v, 25.5, 1e-9);
    CU_ASSERT_STRING_EQUAL(r081->latest_period, "2022");
    NEAR(r081->latest_value, 26.0, 1e-9);
    CU_ASSERT_EQUAL(r081->status.status, AMB_STATUS_MODERATE);
    NEAR(r081->status.ratio, 0.7136, 1e-4);
    NEAR(r081->status.cagr, 0.02704, 1e-5);
    CU_ASSERT_EQUAL(r851->status.status, AMB_STATUS_ON_TRACK);
    CU_ASSERT(r851->status.flags & AMB_STATUS_F_TARGET_ACHIEVED);
    CU_ASSERT_FALSE(r851->status.flags & AMB_STATUS_F_STATED_BASE);
    CU_ASSERT_EQUAL(eud->state, AMB_STATUS_MODERATE);

    const amb_ind_result *drop = ind_test_result(res, "dropout");
    CU_ASSERT_EQUAL(drop->nseries, 1);    /* breakdown region */
    CU_ASSERT_EQUAL(drop->series[0].status.status, AMB_STATUS_ON_TRACK);
    NEAR(drop->series[0].status.growth, 0.02084, 1e-5);

    double score;
    size_t n;
    CU_ASSERT_EQUAL(amb_ind_combine(res, "5.1.3", &score, &n),
                    AMB_STATUS_ON_TRACK);
    CU_ASSERT_EQUAL(n, 2);
    NEAR(score, (0.81164 + 5.0) / 2, 1e-3);
    CU_ASSERT_EQUAL(amb_ind_combine(res, "5.2.1", &score, &n),
                    AMB_STATUS_INSUFFICIENT_DATA);
    amb_ind_results_free(res);
    amb_ind_set_free(set);

    /* A municipality breakdown has no region series; its headline is the
     * mean of the municipalities' scores: Aalborg's dropout 40 -> 45 has
     * CAGR (45/40)^(1/3) - 1 = +4.0 %, v = -4.0 %, score -5: moving away. */
    char *rule = ind_test_rule("mdrop", "direction = 'lower', breakdown = "
        "'municipality', compute = function(q) return q.share { dataset = "
        "'EDU', where = { UDD = 'H30' }, num = { where = { FSTATUS = 'A' } }, "
        "den = { where = { FSTATUS = { 'A', 'F' } } } } end");
    res = ind_test_eval(dir, "m.lua", rule, store, NULL, &set, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    const amb_ind_result *md = ind_test_result(res, "mdrop");
    CU_ASSERT_EQUAL(md->nseries, 1);
    CU_ASSERT_STRING_EQUAL(md->series[0].area, "851");
    NEAR(md->series[0].status.growth, -0.04004, 1e-5);
    CU_ASSERT_EQUAL(md->state, AMB_STATUS_MOVING_AWAY);
    NEAR(md->score, -5.0, 1e-9);
    amb_ind_results_free(res);
    amb_ind_set_free(set);
    free(rule);
    amb_test_rmtree(dir);
    free(dir);
    free(store);
}

/* Every kind of failure stays with its indicator; the good one still runs. */
static void test_eval_errors_isolated(void)
{
    char *store;
    char *dir = ind_test_store(&store);
    char *good = ind_test_rule("good", "compute = function(q) return "
        "q.series('EDU', { where = { UDD = 'H30', FSTATUS = 'T' } }) end");
    char *loop = ind_test_rule("loop", "compute = function(q) while true do "
                                       "end end");
    char *bomb = ind_test_rule("bomb", "compute = function(q) local t = {} "
        "for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end end");
    char *io = ind_test_rule("io", "compute = function(q) return "
                                   "io.open('/etc/passwd') end");
    char *missing = ind_test_rule("missing", "reads = { datasets = { "
        "'UDDAKT10' } }, compute = function(q) return q.sum { dataset = "
        "'UDDAKT10' } end");
    char *zero = ind_test_rule("zerodiv", "reads = { datasets = { 'ZERO' } }, "
        "compute = function(q) return q.share { dataset = 'ZERO', "
        "num = { where = { X = 'a' } }, den = { where = { X = 'b' } } } end");
    char *luazero = ind_test_rule("luazero", "compute = function(q) return "
        "{ ['081'] = { ['2019'] = 1 / 0 } } end");
    char *shape = ind_test_rule("shape", "compute = function(q) return "
        "{ 1, 2, 3 } end");
    char *oops = ind_test_rule("oops", "compute = function(q) return "
        "nil + 1 end");
    char *elsewhere = ind_test_rule("elsewhere", "compute = function(q) "
        "return { ['101'] = { ['2019'] = 1 }, ['999'] = { ['2019'] = 2 } } "
        "end");
    char *text = amb_xasprintf("%s%s%s%s%s%s%s%s%s%s", loop, bomb, io,
                               missing, zero, luazero, shape, oops, good,
                               elsewhere);
    amb_lua_limits lim = {16u * 1024u * 1024u, 2000000};
    amb_ind_set *set;
    amb_error err;
    amb_ind_results *res = ind_test_eval(dir, "bad.lua", text, store, &lim,
                                         &set, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    CU_ASSERT_EQUAL(res->n, 10);
    /* Each rule is 14 lines: the k-th declares itself on line 14k + 2 and
     * its compute is on line 14k + 13.  Lua errors name the line that
     * failed, a bad result the declaration, a memory error no line. */
    static const struct {
        const char *id;
        int line;
        const char *want;
    } cases[] = {
        {"loop", 13, "instruction budget of 2000000 exceeded"},
        {"bomb", 0, "memory limit of 16 MiB exceeded"},
        {"io", 41, "attempt to index a nil value (global 'io')"},
        {"missing", 55, "dataset 'UDDAKT10' is not in the store (collect it "
                        "first)"},
        {"zerodiv", 69, "q.share: division by zero (the denominator is 0 for "
                        "081, 2019)"},
        {"luazero", 72, "the value for 081, 2019 is not a finite number (a "
                        "division by zero?)"},
        {"shape", 86, "compute must return a table keyed by area codes such "
                      "as \"851\" (found a number key)"},
        {"oops", 111, "attempt to perform arithmetic on a nil value"},
    };
    char *path = amb_path_join(dir, "bad.lua");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const amb_ind_result *r = ind_test_result(res, cases[i].id);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_EQUAL(r->state, AMB_STATUS_ERROR);
        CU_ASSERT_EQUAL(r->nseries, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r->error);
        char *head = cases[i].line
            ? amb_xasprintf("%s:%d: indicator '%s': ", path, cases[i].line,
                            cases[i].id)
            : amb_xasprintf("%s: indicator '%s': ", path, cases[i].id);
        if (!strstr(r->error, cases[i].want) ||
            strncmp(r->error, head, strlen(head)) != 0)
            fprintf(stderr, "\n%s: %s\n", cases[i].id, r->error);
        CU_ASSERT_PTR_NOT_NULL(strstr(r->error, cases[i].want));
        CU_ASSERT_EQUAL(strncmp(r->error, head, strlen(head)), 0);
        free(head);
    }
    /* The whole message of a q error. */
    const amb_ind_result *r = ind_test_result(res, "missing");
    char *want = amb_xasprintf("%s:55: indicator 'missing': dataset "
                               "'UDDAKT10' is not in the store (collect it "
                               "first)", path);
    ASSERT_MSG(r->error, want);
    free(want);
    const amb_ind_result *ok = ind_test_result(res, "good");
    CU_ASSERT_PTR_NULL(ok->error);
    double v;
    CU_ASSERT(ind_test_value(ind_test_series(ok, "081"), "2022", &v));
    NEAR(v, 260, 1e-9);
    /* Only areas outside the model: nothing to assess, and why. */
    const amb_ind_result *el = ind_test_result(res, "elsewhere");
    CU_ASSERT_EQUAL(el->state, AMB_STATUS_INSUFFICIENT_DATA);
    CU_ASSERT_EQUAL(el->nseries, 0);
    CU_ASSERT_PTR_NOT_NULL(el->note);
    CU_ASSERT_PTR_NOT_NULL(el->note ? strstr(el->note, "compute returned 2 "
                                             "other areas") : NULL);
    free(path);
    amb_ind_results_free(res);
    amb_ind_set_free(set);
    free(text);
    free(elsewhere);
    free(good);
    free(loop);
    free(bomb);
    free(io);
    free(missing);
    free(zero);
    free(luazero);
    free(shape);
    free(oops);
    amb_test_rmtree(dir);
    free(dir);
    free(store);
}

int main(void)
{
    ind_test_model_suite();
    AMB_TEST_SUITE("dsl",
                   {"every field's error with file:line", test_dsl_field_errors},
                   {"fields of a valid rule", test_dsl_fields},
                   {"file errors and duplicates", test_dsl_file_errors},
                   {"rule directories and the shipped set", test_rule_dirs});
    AMB_TEST_SUITE("evaluation",
                   {"statuses from stored numbers", test_eval_statuses},
                   {"errors and limits stay per indicator",
                    test_eval_errors_isolated});
    ind_test_query_suite();
    ind_test_report_suite();
    return amb_test_run();
}
