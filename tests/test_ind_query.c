/*
 * test_ind_query.c - the query API q against the fixture store (numbers in
 * test_ind_fixture.c): sums by area and by other dimensions, the period
 * modes, counts, series, shares and ratios within and across datasets,
 * growth, latest periods and codes, the survey (absent, then present),
 * every argument error, and read-only access.
 *
 * Each check runs Lua with q as a global in a sandbox, on the read-only
 * connection the engine itself opens, and returns true or fails.
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ind_internal.h"
#include "test_ind.h"
#include "testutil.h"

/* One store, one sandbox with q, one fake rule reading POP, EDU, ZERO. */
typedef struct qenv {
    char *dir;
    char *store;
    sqlite3 *db;
    amb_ambition *m;
    amb_ind_rule rule;
    amb_lua *lh;
    ind_query q;
} qenv;

static char *datasets[] = {"POP", "EDU", "ZERO"};
static char *questions[] = {"recruit_failed"};

static void qenv_open(qenv *e)
{
    memset(e, 0, sizeof *e);
    e->dir = ind_test_store(&e->store);
    amb_error err;
    CU_ASSERT_FATAL(ind_open_readonly(e->store, &e->db, &err) == 0);
    e->m = ind_test_model();
    e->rule.id = "t";
    e->rule.datasets = datasets;
    e->rule.ndatasets = 3;
    e->rule.survey = questions;
    e->rule.nsurvey = 1;
    CU_ASSERT_FATAL(amb_lua_new(NULL, &e->lh, &err) == 0);
    ind_query_init(&e->q, e->db, &e->rule, e->m);
    lua_State *L = amb_lua_state(e->lh);
    ind_query_push(L, &e->q);
    lua_setglobal(L, "q");
}

static void qenv_close(qenv *e)
{
    ind_query_clear(&e->q);
    amb_lua_free(e->lh);
    sqlite3_close(e->db);
    amb_ambition_free(e->m);
    amb_test_rmtree(e->dir);
    free(e->dir);
    free(e->store);
}

#define PRELUDE "local function near(a, b) return type(a) == 'number' and " \
                "math.abs(a - b) < 1e-9 end\n"

/* 1 when code (after the prelude) returns true. */
static int qtrue(qenv *e, const char *code)
{
    char *text = amb_xasprintf(PRELUDE "%s", code);
    amb_error err;
    amb_error_clear(&err);
    lua_State *L = amb_lua_state(e->lh);
    int ok = amb_lua_run_string(e->lh, text, "check.lua", 1, &err) == 0 &&
             lua_toboolean(L, -1);
    if (!ok)
        fprintf(stderr, "\nnot true: %s\n  %s\n", code, err.msg);
    lua_settop(L, 0);
    free(text);
    return ok;
}

/* Run code expecting an error whose message contains want. */
static int qfails(qenv *e, const char *code, const char *want)
{
    char *text = amb_xasprintf(PRELUDE "%s", code);
    amb_error err;
    amb_error_clear(&err);
    int failed = amb_lua_run_string(e->lh, text, "check.lua", 0, &err) < 0;
    int ok = failed && strstr(err.msg, want) != NULL;
    if (!ok)
        fprintf(stderr, "\n%s\n  got: %s\n want: %s\n", code,
                failed ? err.msg : "(no error)", want);
    lua_settop(amb_lua_state(e->lh), 0);
    free(text);
    return ok;
}

static void test_sum_periods(void)
{
    qenv e;
    qenv_open(&e);
    /* Raw periods: 100 + 200 and 14 + 24. */
    CU_ASSERT(qtrue(&e, "local t = q.sum { dataset = 'POP' } return "
                        "near(t['081']['2019K1'], 300) and "
                        "near(t['851']['2020K1'], 38) and t['999'] == nil"));
    /* year: the last quarter of each year, 103 + 203 and 110 + 210. */
    CU_ASSERT(qtrue(&e, "local t = q.sum { dataset = 'POP', period = 'year' }"
                        " return near(t['081']['2019'], 306) and "
                        "near(t['081']['2020'], 320) and "
                        "near(t['851']['2019'], 36) and t['081']['2019K4'] == nil"));
    /* year_sum: 406 + 806; year_mean: (300 + 302 + 304 + 306) / 4. */
    CU_ASSERT(qtrue(&e, "local t = q.sum { dataset = 'POP', period = "
                        "'year_sum' } return near(t['081']['2019'], 1212) and "
                        "near(t['081']['2020'], 320)"));
    CU_ASSERT(qtrue(&e, "local t = q.sum { dataset = 'POP', period = "
                        "'year_mean' } return near(t['081']['2019'], 303)"));
    qenv_close(&e);
}

static void test_sum_where_by(void)
{
    qenv e;
    qenv_open(&e);
    CU_ASSERT(qtrue(&e, "return near(q.sum { dataset = 'POP', where = { "
                        "['KØN'] = 1 }, period = 'year' }['081']['2019'], 103)"));
    CU_ASSERT(qtrue(&e, "return near(q.sum { dataset = 'POP', where = { "
                        "['KØN'] = { '1', '2' } }, period = 'year' }['081']"
                        "['2019'], 306)"));
    CU_ASSERT(qtrue(&e, "local t = q.sum { dataset = 'POP', where = { area = "
                        "'851' } } return t['081'] == nil and "
                        "near(t['851']['2019K2'], 32)"));
    /* A filter on the time dimension: the last period left is 2019K2. */
    CU_ASSERT(qtrue(&e, "return near(q.sum { dataset = 'POP', where = { TID = "
                        "{ '2019K1', '2019K2' } }, period = 'year' }['081']"
                        "['2019'], 302)"));
    /* by another dimension (103 + 13), by nothing (306 + 36), by two. */
    CU_ASSERT(qtrue(&e, "local t = q.sum { dataset = 'POP', by = { 'KØN' }, "
                        "period = 'year' } return near(t['1']['2019'], 116) "
                        "and near(t['2']['2019'], 226)"));
    CU_ASSERT(qtrue(&e, "return near(q.sum { dataset = 'POP', by = {}, "
                        "period = 'year' }['2019'], 342)"));
    CU_ASSERT(qtrue(&e, "return near(q.sum { dataset = 'POP', by = { 'area', "
                        "'KØN' }, period = 'year' }['081']['1']['2019'], 103)"));
    /* area = names the area dimension explicitly. */
    CU_ASSERT(qtrue(&e, "return near(q.sum { dataset = 'POP', area = "
                        "'OMRÅDE', period = 'year' }['851']['2020'], 38)"));
    qenv_close(&e);
}

static void test_count_series_latest_codes(void)
{
    qenv e;
    qenv_open(&e);
    CU_ASSERT(qtrue(&e, "local n = q.count { dataset = 'POP' }['081']"
                        "['2019K1'] return n == 2 and math.type(n) == "
                        "'integer'"));
    CU_ASSERT(qtrue(&e, "return q.count { dataset = 'POP', period = "
                        "'year_sum' }['081']['2019'] == 8"));
    /* A missing value is not counted (773's H30 in 2020). */
    CU_ASSERT(qtrue(&e, "return q.count { dataset = 'EDU' }['773']['2020'] "
                        "== 1"));
    CU_ASSERT(qtrue(&e, "return near(q.series('POP', { where = { ['KØN'] = "
                        "'1' }, period = 'year' })['081']['2019'], 103)"));
    CU_ASSERT(qfails(&e, "return q.series('POP')", "q.series: 2 observations "
                     "for 081, 2019K1; add where filters for KØN"));
    CU_ASSERT(qtrue(&e, "return q.latest_period('POP') == '2020K1' and "
                        "q.latest_period('EDU') == '2022'"));
    CU_ASSERT(qtrue(&e, "local c = q.codes('EDU', 'UDD') return #c == 2 and "
                        "c[1] == 'H20' and c[2] == 'H30'"));
    CU_ASSERT(qtrue(&e, "local c = q.codes('POP', 'area') return #c == 2 and "
                        "c[1] == '081'"));
    CU_ASSERT(qtrue(&e, "return q.region == '081' and #q.municipalities == 11 "
                        "and q.municipalities[1] == '773'"));
    qenv_close(&e);
}

static void test_share_ratio_growth(void)
{
    qenv e;
    qenv_open(&e);
    /* EUD share 240 / (760 + 240); 851 in 2022: 120 / 400; 773 has no
     * numerator in 2020 and is left out; 999 is kept by q (rules and the
     * engine decide which areas count). */
    CU_ASSERT(qtrue(&e, "local t = q.share { dataset = 'EDU', where = { "
                        "FSTATUS = 'T' }, period = 'year', num = { where = { "
                        "UDD = 'H30' } }, den = { where = { UDD = { 'H20', "
                        "'H30' } } } } return near(t['081']['2019'], 24) and "
                        "near(t['081']['2021'], 25.5) and "
                        "near(t['851']['2022'], 30) and t['773'] == nil and "
                        "near(t['999']['2019'], 50)"));
    /* A measure's where overrides the call's on the same dimension. */
    CU_ASSERT(qtrue(&e, "local t = q.share { dataset = 'EDU', where = { "
                        "UDD = 'H30' }, num = { where = { FSTATUS = 'A' } }, "
                        "den = { where = { FSTATUS = { 'A', 'F' } } } } return "
                        "near(t['081']['2022'], 46) and near(t['851']['2019'], "
                        "40)"));
    /* Rests on different columns (an OR in one scan): all H30 rows over
     * all entrants, 081 2019: (240 + 49 + 51) / (760 + 240) = 34 %;
     * and a denominator of every row: 340 / 1100. */
    CU_ASSERT(qtrue(&e, "local t = q.share { dataset = 'EDU', num = { where "
                        "= { UDD = 'H30' } }, den = { where = { FSTATUS = 'T' "
                        "} } } return near(t['081']['2019'], 34) and "
                        "near(t['081']['2020'], 25)"));
    CU_ASSERT(qtrue(&e, "local t = q.share { dataset = 'EDU', num = { where "
                        "= { UDD = 'H30' } }, den = {} } return "
                        "near(t['081']['2019'], 340 / 1100 * 100)"));
    /* Across datasets: 240 / 306 * 1000, 250 / 320 * 1000, 100 / 36 * 1000;
     * 851 has no EDU entrants in 2020. */
    CU_ASSERT(qtrue(&e, "local t = q.ratio { num = { dataset = 'EDU', where = "
                        "{ UDD = 'H30', FSTATUS = 'T' } }, den = { dataset = "
                        "'POP' }, scale = 1000, period = 'year' } return "
                        "near(t['081']['2019'], 240 / 306 * 1000) and "
                        "near(t['081']['2020'], 781.25) and "
                        "near(t['851']['2019'], 100 / 36 * 1000) and "
                        "t['851']['2020'] == nil"));
    /* Growth over the previous year: 110 / 406 - 1. */
    CU_ASSERT(qtrue(&e, "local t = q.growth { dataset = 'POP', where = { "
                        "['KØN'] = '1' }, period = 'year_sum' } return "
                        "near(t['081']['2020'], 100 * (110 / 406 - 1)) and "
                        "t['081']['2019'] == nil"));
    CU_ASSERT(qfails(&e, "return q.share { dataset = 'ZERO', num = { where = "
                     "{ X = 'a' } }, den = { where = { X = 'b' } } }",
                     "check.lua:2: indicator 't': q.share: division by zero "
                     "(the denominator is 0 for 081, 2019)"));
    /* Growth from 0 (2019) to 3 (2020) divides by zero. */
    CU_ASSERT(qfails(&e, "return q.growth { dataset = 'ZERO', where = { X = "
                     "'b' } }", "check.lua:2: indicator 't': q.growth: "
                     "division by zero (the previous value is 0 for 081, "
                     "2020)"));
    qenv_close(&e);
}

static void test_argument_errors(void)
{
    static const struct {
        const char *code, *want;
    } cases[] = {
        {"q.sum { dataset = 'FLY66' }",
         "q.sum: dataset 'FLY66' is not declared in reads.datasets"},
        {"q.sum { dataset = 'POP', where = { ALDER = '1' } }",
         "q.sum: dataset 'POP' has no dimension 'ALDER' (it has OMRÅDE, KØN "
         "and the time dimension TID)"},
        {"q.sum { dataset = 'POP', wher = {} }", "q.sum: unknown argument "
                                                 "'wher'"},
        {"q.sum { dataset = 'POP', period = 'quarter' }", "q.sum: period "
         "must be \"raw\", \"year\", \"year_sum\" or \"year_mean\""},
        {"q.sum { dataset = 'POP', where = { ['KØN'] = {} } }",
         "q.sum: where.KØN is an empty list"},
        {"q.sum { dataset = 'POP', where = { ['KØN'] = { {} } } }",
         "q.sum: codes must be strings, not table"},
        {"q.sum { dataset = 'POP', by = { 'TID' } }", "q.sum: by cannot name "
         "the time dimension"},
        {"q.sum { dataset = 'POP', where = { area = '081', ['OMRÅDE'] = "
         "'081' } }", "q.sum: where names the area dimension 'OMRÅDE' twice "
         "(once as 'area')"},
        {"q.sum {}", "q.sum: dataset is required (a dataset id)"},
        {"q.sum { dataset = 'POP', area = 'KOMMUNE' }", "q.sum: area names "
         "'KOMMUNE', which is not a dimension of 'POP'"},
        {"q.share { dataset = 'POP', num = 1, den = {} }", "q.share: num must "
         "be a table"},
        {"q.share { dataset = 'POP', num = {}, den = {}, scale = 0/0 }",
         "q.share: scale must be a finite number"},
        {"q.share { dataset = 'POP', num = { by = {} }, den = {} }",
         "q.share: unknown argument 'by'"},
        {"q.ratio { num = { dataset = 'POP' }, den = { dataset = 'EDU' }, "
         "by = { 'KØN' } }", "q.ratio: dataset 'EDU' has no dimension 'KØN'"},
        {"q.series('POP', { by = {} })", "q.series: unknown argument 'by'"},
        {"q.latest_period('UDDAKT10')", "q.latest_period: dataset 'UDDAKT10' "
         "is not declared"},
        {"q.codes('POP', 'ALDER')", "q.codes: dataset 'POP' has no dimension "
         "'ALDER'"},
        {"q.survey { question = 'other', value = 'yes' }", "q.survey: "
         "question 'other' is not declared in reads.survey"},
        {"q.survey { question = 'recruit_failed' }", "q.survey: value is "
         "required"},
        {"q.survey { question = 'recruit_failed', value = 'yes', by = 'x' }",
         "q.survey: by must be \"municipality\" or \"region\""},
    };
    qenv e;
    qenv_open(&e);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *want = amb_xasprintf("check.lua:2: indicator 't': %s",
                                   cases[i].want);
        CU_ASSERT(qfails(&e, cases[i].code, want));
        free(want);
    }
    /* A dataset declared but never collected. */
    e.rule.ndatasets = 3;
    datasets[2] = "UDDAKT10";
    CU_ASSERT(qfails(&e, "return q.sum { dataset = 'UDDAKT10' }",
                     "check.lua:2: indicator 't': dataset 'UDDAKT10' is not "
                     "in the store (collect it first)"));
    datasets[2] = "ZERO";
    qenv_close(&e);
}

/* Run sql on a read-write connection to path. */
static void exec_rw(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CU_ASSERT_FATAL(sqlite3_open(path, &db) == SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "\n%s\n", msg);
    CU_ASSERT_FATAL(rc == SQLITE_OK);
    sqlite3_close(db);
}

static void test_survey(void)
{
    qenv e;
    qenv_open(&e);
    CU_ASSERT(qfails(&e, "return q.survey { question = 'recruit_failed', "
                     "value = 'yes' }", "check.lua:2: indicator 't': no "
                     "employer survey in this store"));
    CU_ASSERT(e.q.no_survey);
    /* The documented contract: a table or view survey_answers(respondent,
     * period, municipality, question, value).  851: 6 respondents, 3 yes;
     * 773: 2 respondents (suppressed below 5); the region: 8, 4 yes. */
    exec_rw(e.store,
            "CREATE TABLE survey_answers (respondent TEXT, period TEXT, "
            "municipality TEXT, question TEXT, value TEXT);"
            "INSERT INTO survey_answers VALUES"
            " ('r1','2026','851','recruit_failed','yes'),"
            " ('r2','2026','851','recruit_failed','yes'),"
            " ('r3','2026','851','recruit_failed','yes'),"
            " ('r4','2026','851','recruit_failed','no'),"
            " ('r5','2026','851','recruit_failed','no'),"
            " ('r6','2026','851','recruit_failed','no'),"
            " ('r7','2026','773','recruit_failed','yes'),"
            " ('r8','2026','773','recruit_failed','no'),"
            " ('r1','2026','851','other','yes');");
    CU_ASSERT(qtrue(&e, "local t = q.survey { question = 'recruit_failed', "
                        "value = 'yes' } return near(t['851']['2026'], 50) and "
                        "t['773']['2026'].flag == 'c' and "
                        "t['773']['2026'].value == nil"));
    CU_ASSERT(qtrue(&e, "local t = q.survey { question = 'recruit_failed', "
                        "value = 'yes', by = 'region' } return "
                        "near(t['081']['2026'], 50)"));
    CU_ASSERT(qtrue(&e, "local t = q.survey { question = 'recruit_failed', "
                        "value = { 'yes', 'no' }, min_n = 2 } return "
                        "near(t['851']['2026'], 100) and "
                        "near(t['773']['2026'], 100)"));
    qenv_close(&e);
}

/* No argument reaches the store as SQL, and the connection the engine
 * uses refuses to write. */
static void test_read_only(void)
{
    qenv e;
    qenv_open(&e);
    CU_ASSERT(qtrue(&e, "local t = q.sum { dataset = 'POP', where = { "
                        "['KØN'] = \"1'); DELETE FROM observations; --\" } } "
                        "return next(t) == nil"));
    CU_ASSERT(qfails(&e, "return q.sum { dataset = 'POP', by = { "
                     "'d0; DROP TABLE observations' } }", "has no dimension"));
    CU_ASSERT(qtrue(&e, "return q.count { dataset = 'POP', by = {}, "
                        "period = 'year_sum' }['2019'] == 16"));
    CU_ASSERT_EQUAL(sqlite3_exec(e.db, "DELETE FROM observations", NULL, NULL,
                                 NULL) & 0xff, SQLITE_READONLY);
    CU_ASSERT_EQUAL(sqlite3_exec(e.db, "CREATE TABLE x(y)", NULL, NULL, NULL)
                    & 0xff, SQLITE_READONLY);
    CU_ASSERT(sqlite3_db_readonly(e.db, "main") == 1);
    CU_ASSERT(qtrue(&e, "return q.count { dataset = 'POP', by = {}, "
                        "period = 'year_sum' }['2020'] == 4"));
    qenv_close(&e);
}

void ind_test_query_suite(void)
{
    AMB_TEST_SUITE("query",
                   {"sums and period modes", test_sum_periods},
                   {"where and by", test_sum_where_by},
                   {"count, series, latest period, codes",
                    test_count_series_latest_codes},
                   {"shares, ratios and growth", test_share_ratio_growth},
                   {"argument errors", test_argument_errors},
                   {"the employer survey", test_survey},
                   {"read-only", test_read_only});
}
