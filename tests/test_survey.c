/*
 * test_survey.c - unit tests of survey campaigns in the store: the
 * migration from schema 3, tokens, and the respondent CSV with hostile
 * input.  Answers, results and the survey_answers view are in
 * test_survey_data.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../plugins/csv/csv_parse.h"
#include "store_internal.h"
#include "test_survey.h"
#include "testutil.h"

void ts_open(tsv *t)
{
    memset(t, 0, sizeof *t);
    t->dir = amb_test_tmpdir("survey");
    char *db = amb_path_join(t->dir, "ambit.db");
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_store_open(db, &t->st, &err), 0);
    free(db);
    char *form = amb_path_join(amb_test_srcdir(), "forms/employer_needs.lua");
    CU_ASSERT_EQUAL_FATAL(amb_form_load(form, NULL, &t->f, &err), 0);
    CU_ASSERT_EQUAL_FATAL(t->f->nproblems, 0);
    CU_ASSERT_EQUAL_FATAL(amb_survey_create(t->st, "c", t->f->id, form, NULL,
                                            NULL, &err), 0);
    free(form);
    CU_ASSERT_EQUAL_FATAL(amb_survey_get(t->st, "c", &t->c, &err), 0);
}

void ts_done(tsv *t)
{
    amb_survey_campaign_clear(&t->c);
    amb_form_free(t->f);
    amb_store_close(t->st);
    amb_test_rmtree(t->dir);
    free(t->dir);
}

int ts_import(tsv *t, const char *csv, size_t *imported, size_t *refused,
              char **tokens, char **problems)
{
    csv_mem m = {csv, strlen(csv), 0, 7};
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    amb_buf pb = {0};
    amb_error err;
    int rc = amb_survey_import(t->st, &t->c, csv_read_mem, &m, fp, &pb,
                               imported, refused, &err);
    fclose(fp);
    if (tokens)
        *tokens = buf;
    else
        free(buf);
    *problems = pb.data ? pb.data : amb_xstrdup("");
    return rc;
}

static void test_migration(void)
{
    char *dir = amb_test_tmpdir("survey-mig");
    char *path = amb_path_join(dir, "ambit.db");
    amb_store *st = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_store_open_at_version(path, 3, &st, &err), 0);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM sqlite_schema WHERE "
                           "name IN ('campaigns', 'survey_answers')"), 0);
    CU_ASSERT_EQUAL(sqlite3_exec(amb_store_db(st),
                                 "INSERT INTO sources VALUES(1, 'dst', 'csv', "
                                 "'2024-01-01T00:00:00Z');"
                                 "INSERT INTO runs(id, source_id, started_at, "
                                 "status) VALUES(1, 1, 'x', 'ok');"
                                 "INSERT INTO documents(source_id, run_id, "
                                 "organisation, url, content_hash, text) "
                                 "VALUES(1, 1, 'o', 'u', 'h', 'tekst');",
                                 NULL, NULL, NULL), SQLITE_OK);
    amb_store_close(st);
    CU_ASSERT_EQUAL_FATAL(amb_store_open(path, &st, &err), 0);
    CU_ASSERT_EQUAL(amb_store_schema_version(st), AMB_STORE_SCHEMA);
    CU_ASSERT_EQUAL(sql_int(st, "PRAGMA user_version"), AMB_STORE_SCHEMA);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM sqlite_schema WHERE "
                           "type = 'table' AND name IN ('campaigns', "
                           "'respondents', 'answers')"), 3);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM runs WHERE status = "
                           "'ok'"), 1);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM documents WHERE text = "
                           "'tekst'"), 1);
    /* no survey_answers until the first campaign: the indicators say "no
     * employer survey in this store" meanwhile */
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM sqlite_schema WHERE "
                           "name = 'survey_answers'"), 0);
    CU_ASSERT_EQUAL(amb_survey_create(st, "c", "f", "p", NULL, NULL, &err),
                    0);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM sqlite_schema WHERE "
                           "type = 'view' AND name = 'survey_answers'"), 1);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM survey_answers"), 0);
    CU_ASSERT_EQUAL(amb_survey_create(st, "d", "f", "p", NULL, NULL, &err),
                    0);
    amb_store_close(st);
    free(path);
    amb_test_rmtree(dir);
    free(dir);
}

static void test_tokens(void)
{
    char a[AMB_SURVEY_TOKEN_LEN + 1], b[AMB_SURVEY_TOKEN_LEN + 1];
    CU_ASSERT_EQUAL(amb_survey_token_new(a), 0);
    CU_ASSERT_EQUAL(amb_survey_token_new(b), 0);
    CU_ASSERT_EQUAL(strlen(a), 48);
    CU_ASSERT_EQUAL(strspn(a, "0123456789abcdef"), 48);
    CU_ASSERT_STRING_NOT_EQUAL(a, b);
    char h[65];
    amb_survey_token_hash("abc", h);
    CU_ASSERT_STRING_EQUAL(h, "ba7816bf8f01cfea414140de5dae2223"
                              "b00361a396177a9cb410ff61f20015ad");
}

static void test_fields(void)
{
    CU_ASSERT_TRUE(amb_survey_valid_email("a.b@firma.dk"));
    CU_ASSERT_FALSE(amb_survey_valid_email("a@b"));
    CU_ASSERT_FALSE(amb_survey_valid_email("a b@firma.dk"));
    CU_ASSERT_FALSE(amb_survey_valid_email("a@@firma.dk"));
    CU_ASSERT_FALSE(amb_survey_valid_email("@firma.dk"));
    CU_ASSERT_FALSE(amb_survey_valid_email("x@firma.dk'--"));
    CU_ASSERT_TRUE(amb_survey_valid_cvr("12345678"));
    CU_ASSERT_FALSE(amb_survey_valid_cvr("1234567"));
    CU_ASSERT_FALSE(amb_survey_valid_cvr("1234567a"));
    CU_ASSERT_FALSE(amb_survey_valid_cvr(" 12345678"));
    CU_ASSERT_TRUE(amb_survey_valid_municipality("851"));
    CU_ASSERT_TRUE(amb_survey_valid_municipality("773"));
    CU_ASSERT_FALSE(amb_survey_valid_municipality("101"));
    CU_ASSERT_FALSE(amb_survey_valid_municipality("0851"));
}

static void test_import_hostile(void)
{
    tsv t;
    ts_open(&t);
    size_t imp, ref;
    char *tok, *probs;
    const char *csv =
        "email,company,cvr,municipality,industry,contact\r\n"
        "a@x.dk,\"Robert'); DROP TABLE respondents;--\",11111111,851,manu,"
        "\"Line\nbreak, \"\"quoted\"\"\"\r\n"
        "b@x.dk,Æble A/S,22222222,773,it,\n"
        "c@x.dk,C,3333333,851,it,\n"
        "d@x.dk,D,44444444,852,it,\n"
        "not-an-email,E,55555555,851,it,\n"
        "B@X.DK,F,66666666,851,it,\n"
        "g@x.dk,G,22222222,851,it,\n"
        "h@x.dk,,77777777,851,it,\n";
    CU_ASSERT_EQUAL(ts_import(&t, csv, &imp, &ref, &tok, &probs), 0);
    CU_ASSERT_EQUAL(imp, 2);
    CU_ASSERT_EQUAL(ref, 6);
    CU_ASSERT_PTR_NOT_NULL(strstr(probs, "line 5: the CVR number"));
    CU_ASSERT_PTR_NOT_NULL(strstr(probs, "line 6: the municipality"));
    CU_ASSERT_PTR_NOT_NULL(strstr(probs, "line 7: the e-mail"));
    CU_ASSERT_PTR_NOT_NULL(strstr(probs, "line 8: duplicate e-mail (line 4)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(probs, "line 9: duplicate CVR (line 4)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(probs, "line 10: the company name"));
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM respondents WHERE "
                           "company = 'Robert''); DROP TABLE respondents;--' "
                           "AND contact = 'Line' || char(10) || 'break, "
                           "\"quoted\"' AND status = 'new'"), 1);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM respondents WHERE "
                           "company = 'Æble A/S' AND contact IS NULL"), 1);
    /* the token file holds the tokens; the store only their hashes */
    CU_ASSERT_EQUAL(strncmp(tok, "a@x.dk,", 7), 0);
    char token[AMB_SURVEY_TOKEN_LEN + 1];
    snprintf(token, sizeof token, "%s", tok + 7);
    int64_t id = 0;
    amb_error err;
    CU_ASSERT_EQUAL(amb_survey_find_token(t.st, &t.c, token, &id, &err), 0);
    CU_ASSERT_TRUE(id > 0);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM respondents WHERE "
                           "length(token_hash) = 64"), 2);
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(amb_store_db(t.st), "SELECT COUNT(*) FROM respondents "
                       "WHERE token_hash = ?1", -1, &s, NULL);
    sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
    CU_ASSERT_EQUAL(sqlite3_step(s), SQLITE_ROW);
    CU_ASSERT_EQUAL(sqlite3_column_int(s, 0), 0);
    sqlite3_finalize(s);
    CU_ASSERT_EQUAL(amb_survey_find_token(t.st, &t.c, "00", &id, &err),
                    AMB_ENOTFOUND);
    free(tok);
    free(probs);
    /* a second import: duplicates of stored respondents are refused */
    CU_ASSERT_EQUAL(ts_import(&t, "company,cvr,email,municipality,industry\n"
                              "X,99999999,A@x.dk,851,it\n", &imp, &ref, NULL,
                              &probs), 0);
    CU_ASSERT_EQUAL(imp, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(probs, "line 2: duplicate e-mail (already"));
    free(probs);
    ts_done(&t);
}

static void test_import_broken(void)
{
    tsv t;
    ts_open(&t);
    size_t imp, ref;
    char *probs;
    /* bad UTF-8 on line 3: nothing is imported */
    CU_ASSERT_EQUAL(ts_import(&t, "company,cvr,email,municipality,industry\n"
                              "A,11111111,a@x.dk,851,it\n"
                              "B\xc3\x28,22222222,b@x.dk,851,it\n",
                              &imp, &ref, NULL, &probs), AMB_EPARSE);
    CU_ASSERT_EQUAL(imp, 0);
    free(probs);
    /* no header */
    CU_ASSERT_EQUAL(ts_import(&t, "A,11111111,a@x.dk,851,it\n", &imp, &ref,
                              NULL, &probs), AMB_EPARSE);
    free(probs);
    CU_ASSERT_EQUAL(ts_import(&t, "", &imp, &ref, NULL, &probs), AMB_EPARSE);
    free(probs);
    /* a stray quote */
    CU_ASSERT_EQUAL(ts_import(&t, "company,cvr,email,municipality,industry\n"
                              "A\"b,11111111,a@x.dk,851,it\n", &imp, &ref,
                              NULL, &probs), AMB_EPARSE);
    free(probs);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM respondents"), 0);
    ts_done(&t);
}

static void test_campaigns(void)
{
    tsv t;
    ts_open(&t);
    amb_error err;
    CU_ASSERT_EQUAL(amb_survey_create(t.st, "c", "f", "p", NULL, NULL, &err),
                    AMB_EUSAGE);
    CU_ASSERT_EQUAL(amb_survey_create(t.st, "d", "f", "p", NULL, "2026-13-01",
                                      &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL(amb_survey_create(t.st, "old", "f", "p", "T",
                                      "2001-01-01", &err), 0);
    amb_survey_campaign c;
    CU_ASSERT_EQUAL(amb_survey_get(t.st, "old", &c, &err), 0);
    CU_ASSERT_FALSE(amb_survey_is_open(&c));
    amb_survey_campaign_clear(&c);
    CU_ASSERT_TRUE(amb_survey_is_open(&t.c));
    CU_ASSERT_EQUAL(amb_survey_close(t.st, "c", &err), 0);
    CU_ASSERT_EQUAL(amb_survey_close(t.st, "nope", &err), AMB_ENOTFOUND);
    CU_ASSERT_EQUAL(amb_survey_get(t.st, "c", &c, &err), 0);
    CU_ASSERT_FALSE(amb_survey_is_open(&c));
    amb_survey_campaign_clear(&c);
    CU_ASSERT_EQUAL(amb_survey_get(t.st, "nope", &c, &err), AMB_ENOTFOUND);
    ts_done(&t);
}

int main(void)
{
    AMB_TEST_SUITE("survey_store", {"migration from 3", test_migration},
                   {"tokens", test_tokens}, {"fields", test_fields},
                   {"import hostile", test_import_hostile},
                   {"import broken", test_import_broken},
                   {"campaigns", test_campaigns});
    ts_register_data();
    ts_register_session();
    return amb_test_run();
}
