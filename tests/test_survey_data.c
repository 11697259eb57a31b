/*
 * test_survey_data.c - answers validated through the form API, recorded
 * responses, results with suppression under 5, and the survey_answers
 * view in the shape q.survey reads.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test_survey.h"
#include "testutil.h"

/* Import n respondents in municipality muni (CVRs from base) and return
 * the token file's text (caller frees). */
static char *add_respondents(tsv *t, int n, const char *muni, int base)
{
    amb_buf csv = {0};
    amb_buf_puts(&csv, "company,cvr,email,municipality,industry\n");
    for (int i = 0; i < n; i++)
        amb_buf_printf(&csv, "Firma %d,%08d,r%d@x.dk,%s,manu\n", base + i,
                       base + i, base + i, muni);
    size_t imp, ref;
    char *tok, *probs;
    CU_ASSERT_EQUAL(ts_import(t, csv.data, &imp, &ref, &tok, &probs), 0);
    CU_ASSERT_EQUAL(imp, (size_t)n);
    free(probs);
    amb_buf_free(&csv);
    return tok;
}

/* Record answers (JSON text) for every token in toks; returns the number
 * recorded. */
static int answer_all(tsv *t, const char *toks, const char *json)
{
    json_t *obj = json_loads(json, 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
    int n = 0;
    for (const char *p = toks; p && *p;) {
        const char *comma = strchr(p, ',');
        char token[AMB_SURVEY_TOKEN_LEN + 1];
        snprintf(token, sizeof token, "%s", comma + 1);
        amb_form_answers as = {0};
        amb_buf probs = {0};
        CU_ASSERT_EQUAL(amb_survey_check_answers(t->f, obj, &as, &probs), 0);
        amb_error err;
        if (amb_survey_record(t->st, &t->c, token, t->f, &as, &err) == 0)
            n++;
        amb_form_answers_free(&as);
        amb_buf_free(&probs);
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    json_decref(obj);
    return n;
}

static const char yes_json[] =
    "{\"size\": \"10_49\", \"industry\": \"manu\", \"municipality\": \"851\","
    " \"recruited\": true, \"recruit_failed\": \"yes\", \"n_failed\": 3,"
    " \"fail_reasons\": [\"skills\", \"pay\"], \"competence_gap\": \"no\","
    " \"expected_hiring\": {\"skilled\": \"many\"}}";
static const char no_json[] =
    "{\"size\": \"1_9\", \"industry\": \"it\", \"municipality\": \"851\","
    " \"recruited\": \"yes\", \"recruit_failed\": \"no\","
    " \"competence_gap\": \"no\"}";

static void test_validate(void)
{
    tsv t;
    ts_open(&t);
    static const char *const bad[][2] = {
        {"{\"size\": \"huge\", \"industry\": \"manu\", \"municipality\": "
         "\"851\", \"recruited\": \"no\", \"competence_gap\": \"no\"}",
         "question 'size':"},
        {"{\"size\": \"1_9\", \"industry\": \"manu\", \"municipality\": "
         "\"851\", \"recruited\": \"no\", \"recruit_failed\": \"yes\", "
         "\"competence_gap\": \"no\"}",
         "question 'recruit_failed': This question is not asked."},
        {"{\"size\": \"1_9\", \"industry\": \"manu\", \"recruited\": \"no\", "
         "\"competence_gap\": \"no\"}",
         "question 'municipality': This question is required."},
        {"{\"size\": \"1_9\", \"industry\": \"manu\", \"municipality\": "
         "\"851\", \"recruited\": \"no\", \"competence_gap\": \"yes\", "
         "\"competence_needs\": [\"digital\", \"stem\", \"green\", "
         "\"language\"]}", "question 'competence_needs':"},
        {"{\"size\": \"1_9\", \"industry\": \"manu\", \"municipality\": "
         "\"101\", \"recruited\": \"no\", \"competence_gap\": \"no\", "
         "\"cvr\": \"12\"}", "question 'cvr':"},
        {"{\"size\": {\"a\": [1]}, \"x'; DROP TABLE answers;--\": 1}",
         "question 'x'; DROP TABLE answers;--': not in form"},
        {"[1, 2]", "not a JSON object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *obj = json_loads(bad[i][0], 0, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
        amb_form_answers as = {0};
        amb_buf probs = {0};
        CU_ASSERT_TRUE(amb_survey_check_answers(t.f, obj, &as, &probs) > 0);
        if (!probs.data || !strstr(probs.data, bad[i][1])) {
            fprintf(stderr, "case %zu: %s\n", i, probs.data);
            CU_FAIL("problem not reported");
        }
        amb_form_answers_free(&as);
        amb_buf_free(&probs);
        json_decref(obj);
    }
    json_t *obj = json_loads(yes_json, 0, NULL);
    amb_form_answers as = {0};
    amb_buf probs = {0};
    CU_ASSERT_EQUAL(amb_survey_check_answers(t.f, obj, &as, &probs), 0);
    const amb_form_value *v = amb_form_answers_get(&as, "recruited");
    CU_ASSERT_TRUE(v && v->n == 1 && strcmp(v->items[0], "yes") == 0);
    v = amb_form_answers_get(&as, "expected_hiring");
    CU_ASSERT_TRUE(v && v->n == 1 && strcmp(v->items[0], "skilled=many") == 0);
    amb_form_answers_free(&as);
    amb_buf_free(&probs);
    json_decref(obj);
    ts_done(&t);
}

/* The period the view gives: the campaign's year of creation. */
static void this_year(char out[16])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(out, 16, "%d", tm.tm_year + 1900);
}

static void test_record_and_view(void)
{
    tsv t;
    ts_open(&t);
    char *aal = add_respondents(&t, 6, "851", 10000000);
    char *hjo = add_respondents(&t, 2, "860", 20000000);
    char *one = add_respondents(&t, 1, "851", 30000000);
    /* 4 yes and 2 no in Aalborg; 2 yes in Hjørring; one never answers */
    char *cut = aal;
    for (int i = 0; i < 4; i++)
        cut = strchr(cut, '\n') + 1;
    char *rest = amb_xstrdup(cut);
    *cut = '\0';
    CU_ASSERT_EQUAL(answer_all(&t, aal, yes_json), 4);
    CU_ASSERT_EQUAL(answer_all(&t, rest, no_json), 2);
    CU_ASSERT_EQUAL(answer_all(&t, hjo, yes_json), 2);
    /* answering again replaces the earlier answers */
    CU_ASSERT_EQUAL(answer_all(&t, hjo, yes_json), 2);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM respondents WHERE "
                           "status = 'complete'"), 8);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM answers a JOIN "
                           "respondents r ON r.id = a.respondent_id WHERE "
                           "r.municipality = '860' AND a.question = "
                           "'fail_reasons'"), 4);
    /* the view: complete responses only, the campaign's year */
    char year[16];
    this_year(year);
    sqlite3_stmt *s = NULL;
    /* q.survey's statement (ind_sql_prepare_survey), by municipality */
    CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(amb_store_db(t.st),
        "SELECT municipality AS g0, period AS y, 100.0 * COUNT(DISTINCT CASE "
        "WHEN value IN (?1) THEN respondent END) / COUNT(DISTINCT "
        "respondent), COUNT(DISTINCT respondent) FROM survey_answers WHERE "
        "question = ?2 GROUP BY municipality, period ORDER BY 1, 2", -1, &s,
        NULL), SQLITE_OK);
    sqlite3_bind_text(s, 1, "yes", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, "recruit_failed", -1, SQLITE_STATIC);
    CU_ASSERT_EQUAL(sqlite3_step(s), SQLITE_ROW);
    CU_ASSERT_STRING_EQUAL((const char *)sqlite3_column_text(s, 0), "851");
    CU_ASSERT_STRING_EQUAL((const char *)sqlite3_column_text(s, 1), year);
    CU_ASSERT_DOUBLE_EQUAL(sqlite3_column_double(s, 2), 400.0 / 6, 1e-9);
    CU_ASSERT_EQUAL(sqlite3_column_int(s, 3), 6);
    CU_ASSERT_EQUAL(sqlite3_step(s), SQLITE_ROW);
    CU_ASSERT_STRING_EQUAL((const char *)sqlite3_column_text(s, 0), "860");
    CU_ASSERT_EQUAL(sqlite3_column_int(s, 3), 2);
    CU_ASSERT_EQUAL(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);

    /* Five more in Brønderslev.  Results: Hjørring (2) suppressed, never
     * 0; and, since overall minus the shown municipalities would give
     * Hjørring's two away, the smallest shown one (Brønderslev, 5) is
     * suppressed too; Aalborg shown */
    char *bro = add_respondents(&t, 5, "810", 40000000);
    CU_ASSERT_EQUAL(answer_all(&t, bro, yes_json), 5);
    free(bro);
    json_t *r = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_survey_results_json(t.st, &t.c, t.f, 5, &r,
                                                  &err), 0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(
        json_object_get(r, "overall"), "responses")), 13);
    size_t i;
    json_t *g;
    int seen = 0;
    json_array_foreach(json_object_get(r, "municipalities"), i, g) {
        const char *code = json_string_value(json_object_get(g, "code"));
        int supp = json_is_true(json_object_get(g, "suppressed"));
        if (strcmp(code, "851") == 0) {
            CU_ASSERT_FALSE(supp);
            CU_ASSERT_EQUAL(json_integer_value(json_object_get(g,
                                                               "responses")), 6);
            json_t *q = json_array_get(json_object_get(g, "questions"), 5);
            CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(q, "id")),
                                   "recruit_failed");
            json_t *yes = json_array_get(json_object_get(q, "choices"), 0);
            CU_ASSERT_EQUAL(json_integer_value(json_object_get(yes, "count")),
                            4);
            /* n_failed: only 4 answered, so suppressed too */
            q = json_array_get(json_object_get(g, "questions"), 6);
            CU_ASSERT_TRUE(json_is_true(json_object_get(q, "suppressed")));
            CU_ASSERT_PTR_NULL(json_object_get(q, "answered"));
            /* production_limited: nobody answered, suppressed */
            q = json_array_get(json_object_get(g, "questions"), 10);
            CU_ASSERT_TRUE(json_is_true(json_object_get(q, "suppressed")));
            CU_ASSERT_PTR_NULL(json_object_get(q, "choices"));
            seen++;
        } else {
            if (strcmp(code, "810") == 0)
                seen += 10;
            CU_ASSERT_TRUE(supp);
            CU_ASSERT_PTR_NULL(json_object_get(g, "responses"));
            CU_ASSERT_PTR_NULL(json_object_get(g, "questions"));
        }
    }
    CU_ASSERT_EQUAL(seen, 11);
    json_decref(r);

    /* status counts the one who never answered */
    CU_ASSERT_EQUAL_FATAL(amb_survey_status_json(t.st, &t.c, &r, &err), 0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(r, "respondents")), 14);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(
        r, "by_status"), "new")), 1);
    json_decref(r);

    /* a closed campaign refuses answers, a bad token says the same as
     * any other */
    CU_ASSERT_EQUAL(amb_survey_close(t.st, "c", &err), 0);
    amb_survey_campaign_clear(&t.c);
    CU_ASSERT_EQUAL(amb_survey_get(t.st, "c", &t.c, &err), 0);
    CU_ASSERT_EQUAL(answer_all(&t, one, yes_json), 0);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM respondents WHERE "
                           "status = 'complete'"), 13);
    amb_form_answers as = {0};
    CU_ASSERT_EQUAL(amb_survey_record(t.st, &t.c, "nope", t.f, &as, &err),
                    AMB_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not valid for this campaign"));
    free(aal);
    free(rest);
    free(hjo);
    free(one);
    ts_done(&t);
}

void ts_register_data(void)
{
    AMB_TEST_SUITE("survey_data", {"validate answers", test_validate},
                   {"record, view, results", test_record_and_view});
}
