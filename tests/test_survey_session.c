/*
 * test_survey_session.c - the respondent's side in the store: tokens per
 * mail, the mail queue that never mails twice, resolving a token, saving
 * pages, submitting exactly once, opting out and the stored secret.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_internal.h"
#include "survey_commit.h"
#include "survey_session.h"
#include "test_survey.h"
#include "testutil.h"

static const char list[] =
    "company,cvr,email,municipality,industry,contact,language\n"
    "A ApS,10000001,a@example.dk,851,manu,Anne,da\n"
    "B ApS,10000002,b@example.dk,851,it,,en\n"
    "C ApS,10000003,c@example.dk,773,agri,,\n";

/* The token of email in a "email,token" list (static buffer). */
static const char *token_of(const char *tokens, const char *email)
{
    static char tok[AMB_SURVEY_TOKEN_LEN + 1];
    const char *p = strstr(tokens, email);
    tok[0] = '\0';
    if (p && (p = strchr(p, ',')) != NULL)
        snprintf(tok, sizeof tok, "%.*s", AMB_SURVEY_TOKEN_LEN, p + 1);
    return tok;
}

static void import_list(tsv *t, char **tokens)
{
    size_t imported = 0, refused = 0;
    char *problems = NULL;
    CU_ASSERT_EQUAL_FATAL(ts_import(t, list, &imported, &refused, tokens,
                                    &problems), 0);
    CU_ASSERT_EQUAL(imported, 3);
    CU_ASSERT_STRING_EQUAL(problems, "");
    free(problems);
}

/* A store of schema 4 with a respondent keeps working after migration 5:
 * the list's token resolves, the language is Danish, a complete response
 * has its submission time. */
static void test_migration_from_4(void)
{
    char *dir = amb_test_tmpdir("survey-mig5");
    char *path = amb_path_join(dir, "ambit.db");
    amb_store *st = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_store_open_at_version(path, 4, &st, &err), 0);
    char hash[65];
    amb_survey_token_hash("oldtoken", hash);
    char *sql = amb_xasprintf(
        "INSERT INTO campaigns VALUES(1, 'old', 'employer_needs', 'p', NULL, "
        "NULL, 'open', '2026-01-01T00:00:00Z');"
        "INSERT INTO respondents(id, campaign_id, company, cvr, email, "
        "municipality, industry, token_hash, status, updated_at) VALUES(7, 1, "
        "'A', '10000001', 'a@example.dk', '851', 'it', '%s', 'complete', "
        "'2026-02-02T00:00:00Z');", hash);
    CU_ASSERT_EQUAL(sqlite3_exec(amb_store_db(st), sql, NULL, NULL, NULL),
                    SQLITE_OK);
    free(sql);
    amb_store_close(st);
    CU_ASSERT_EQUAL_FATAL(amb_store_open(path, &st, &err), 0);
    CU_ASSERT_EQUAL(amb_store_schema_version(st), AMB_STORE_SCHEMA);
    amb_survey_db *db = NULL;
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_open(st, &db, &err), 0);
    amb_survey_resp r;
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_resolve(db, "oldtoken", &r, &err), 0);
    CU_ASSERT_EQUAL(r.id, 7);
    CU_ASSERT_STRING_EQUAL(r.lang, "da");
    CU_ASSERT_STRING_EQUAL(r.status, "complete");
    CU_ASSERT_STRING_EQUAL(r.submitted_at, "2026-02-02T00:00:00Z");
    amb_survey_resp_clear(&r);
    amb_survey_db_close(db);
    amb_store_close(st);
    free(path);
    amb_test_rmtree(dir);
    free(dir);
}

/* A campaign with the three respondents of list, their tokens, and the
 * web form's statements on its store; sess_done() releases it all. */
typedef struct sess {
    tsv t;
    char *tokens;
    amb_survey_db *db;
} sess;

static void sess_open(sess *x)
{
    ts_open(&x->t);
    x->tokens = NULL;
    import_list(&x->t, &x->tokens);
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_open(x->t.st, &x->db, &err), 0);
}

static void sess_done(sess *x)
{
    amb_survey_db_close(x->db);
    free(x->tokens);
    ts_done(&x->t);
}

static void test_language_column(void)
{
    tsv t;
    ts_open(&t);
    char *tokens = NULL;
    import_list(&t, &tokens);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT count(*) FROM respondents "
                           "WHERE lang = 'en'"), 1);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT count(*) FROM respondents "
                           "WHERE lang = 'da'"), 2);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT count(*) FROM survey_tokens "
                           "WHERE purpose = 'list'"), 3);
    size_t imported = 0, refused = 0;
    char *problems = NULL;
    CU_ASSERT_EQUAL(ts_import(&t, "company,cvr,email,municipality,industry,"
                              "language\nX,10000009,x@example.dk,851,it,de\n",
                              &imported, &refused, NULL, &problems), 0);
    CU_ASSERT_EQUAL(refused, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(problems, "line 2: the language is "
                                  "neither da nor en"));
    free(problems);
    /* A misspelt or doubled column is refused, not dropped. */
    CU_ASSERT_EQUAL(ts_import(&t, "company,cvr,email,municipality,industry,"
                              "lang\nX,10000009,x@example.dk,851,it,en\n",
                              &imported, &refused, NULL, &problems),
                    AMB_EPARSE);
    free(problems);
    CU_ASSERT_EQUAL(ts_import(&t, "company,cvr,email,municipality,industry,"
                              "cvr\nX,10000009,x@example.dk,851,it,1\n",
                              &imported, &refused, NULL, &problems),
                    AMB_EPARSE);
    free(problems);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT count(*) FROM respondents"), 3);
    /* A long list: duplicates found across the whole file (the set of
     * seen values grows as it goes), e-mails compared without case. */
    amb_buf big = {0};
    amb_buf_puts(&big, "company,cvr,email,municipality,industry\n");
    for (int i = 0; i < 3000; i++)
        amb_buf_printf(&big, "Co %d,%d,Mail%d@Example.dk,851,it\n", i,
                       20000000 + i, i);
    amb_buf_puts(&big, "Late,29999999,mail7@example.DK,851,it\n"
                       "Later,20000042,new@example.dk,851,it\n");
    CU_ASSERT_EQUAL(ts_import(&t, big.data, &imported, &refused, NULL,
                              &problems), 0);
    CU_ASSERT_EQUAL(imported, 3000);
    CU_ASSERT_EQUAL(refused, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(problems, "line 3002: duplicate e-mail "
                                  "(line 9)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(problems, "line 3003: duplicate CVR "
                                  "(line 44)"));
    free(problems);
    amb_buf_free(&big);
    free(tokens);
    ts_done(&t);
}

static void test_resolve_and_save(void)
{
    sess x;
    sess_open(&x);
    tsv *t = &x.t;
    const char *tokens = x.tokens;
    amb_survey_db *db = x.db;
    amb_error err;
    amb_survey_resp r;
    CU_ASSERT_EQUAL(amb_survey_db_resolve(db, "0123456789abcdef", &r, &err),
                    AMB_ENOTFOUND);
    CU_ASSERT_EQUAL(amb_survey_db_resolve(db, "", &r, &err), AMB_ENOTFOUND);
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_resolve(db, token_of(tokens,
                          "b@example.dk"), &r, &err), 0);
    CU_ASSERT_STRING_EQUAL(r.company, "B ApS");
    CU_ASSERT_STRING_EQUAL(r.lang, "en");
    CU_ASSERT_STRING_EQUAL(r.status, "new");
    CU_ASSERT_STRING_EQUAL(r.campaign_name, "c");
    CU_ASSERT_EQUAL(r.open, 1);
    CU_ASSERT_EQUAL(r.page, 0);
    CU_ASSERT_PTR_NULL(r.submitted_at);
    int64_t id = r.id;
    amb_survey_resp_clear(&r);

    CU_ASSERT_EQUAL(amb_survey_db_opened(db, id, &err), 0);
    amb_form_answers as = {0};
    amb_form_answers_set1(&as, "size", "10_49");
    const char *reasons[] = {"skills", "pay"};
    amb_form_answers_set(&as, "fail_reasons", reasons, 2);
    amb_form_answers_set1(&as, "comments", "<script>alert(1)</script>'--");
    amb_form_answers_set1(&as, "not_a_question", "dropped");
    CU_ASSERT_EQUAL(amb_survey_db_save(db, id, t->f, &as, 2, &err), 0);
    amb_form_answers_free(&as);

    /* A second handle on the store (as after a restart) sees it all. */
    amb_survey_db_close(x.db);
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_open(t->st, &x.db, &err), 0);
    db = x.db;
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_resolve(db, token_of(tokens,
                          "b@example.dk"), &r, &err), 0);
    CU_ASSERT_STRING_EQUAL(r.status, "partial");
    CU_ASSERT_EQUAL(r.page, 2);
    amb_survey_resp_clear(&r);
    amb_form_answers got = {0};
    CU_ASSERT_EQUAL(amb_survey_db_answers(db, id, &got, &err), 0);
    CU_ASSERT_EQUAL(got.n, 3);
    const amb_form_value *v = amb_form_answers_get(&got, "fail_reasons");
    CU_ASSERT_FATAL(v && v->n == 2);
    CU_ASSERT(strcmp(v->items[0], "pay") == 0 || strcmp(v->items[1], "pay") == 0);
    v = amb_form_answers_get(&got, "comments");
    CU_ASSERT_FATAL(v && v->n == 1);
    CU_ASSERT_STRING_EQUAL(v->items[0], "<script>alert(1)</script>'--");
    CU_ASSERT_PTR_NULL(amb_form_answers_get(&got, "not_a_question"));

    /* Saving again replaces: an emptied question is gone. */
    amb_form_answers_set1(&got, "fail_reasons", "skills");
    amb_form_answers_set(&got, "comments", NULL, 0);
    CU_ASSERT_EQUAL(amb_survey_db_save(db, id, t->f, &got, 3, &err), 0);
    amb_form_answers_free(&got);
    CU_ASSERT_EQUAL(amb_survey_db_answers(db, id, &got, &err), 0);
    CU_ASSERT_EQUAL(got.n, 2);
    CU_ASSERT_PTR_NULL(amb_form_answers_get(&got, "comments"));
    amb_form_answers_free(&got);
    sess_done(&x);
}

static void test_submit_once(void)
{
    sess x;
    sess_open(&x);
    tsv *t = &x.t;
    const char *tokens = x.tokens;
    amb_survey_db *db = x.db;
    amb_error err;
    amb_survey_resp r;
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_resolve(db, token_of(tokens,
                          "a@example.dk"), &r, &err), 0);
    int64_t id = r.id;
    amb_survey_resp_clear(&r);
    amb_form_answers as = {0};
    amb_form_answers_set1(&as, "size", "10_49");
    char first[AMB_SURVEY_RECEIPT_LEN + 1], again[AMB_SURVEY_RECEIPT_LEN + 1];
    CU_ASSERT_EQUAL(amb_survey_db_submit(db, id, t->f, &as, first, &err), 0);
    CU_ASSERT_EQUAL(strlen(first), AMB_SURVEY_RECEIPT_LEN);
    CU_ASSERT(first[4] == '-' && first[9] == '-');
    CU_ASSERT_PTR_NULL(strpbrk(first, "01IOL"));
    amb_form_answers_set1(&as, "size", "1_9");
    CU_ASSERT_EQUAL(amb_survey_db_submit(db, id, t->f, &as, again, &err), 1);
    CU_ASSERT_STRING_EQUAL(again, first);
    CU_ASSERT_EQUAL(amb_survey_db_save(db, id, t->f, &as, 1, &err), AMB_EUSAGE);
    amb_form_answers_free(&as);
    CU_ASSERT_EQUAL(sql_int(t->st, "SELECT count(*) FROM answers WHERE "
                           "question = 'size' AND value = '10_49'"), 1);
    CU_ASSERT_EQUAL(sql_int(t->st, "SELECT count(*) FROM answers WHERE "
                           "value = '1_9'"), 0);
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_resolve(db, token_of(tokens,
                          "a@example.dk"), &r, &err), 0);
    CU_ASSERT_STRING_EQUAL(r.status, "complete");
    CU_ASSERT_STRING_EQUAL(r.receipt, first);
    CU_ASSERT_PTR_NOT_NULL(r.submitted_at);
    amb_survey_resp_clear(&r);
    /* Opting out after submitting keeps the response counted. */
    CU_ASSERT_EQUAL(amb_survey_db_opt_out(db, id, &err), 0);
    CU_ASSERT_EQUAL(sql_int(t->st, "SELECT count(*) FROM respondents WHERE "
                           "status = 'complete'"), 1);
    sess_done(&x);
}

static void test_opt_out_and_closed(void)
{
    sess x;
    sess_open(&x);
    tsv *t = &x.t;
    const char *tokens = x.tokens;
    amb_survey_db *db = x.db;
    amb_error err;
    amb_survey_resp r;
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_resolve(db, token_of(tokens,
                          "c@example.dk"), &r, &err), 0);
    CU_ASSERT_EQUAL(amb_survey_db_opt_out(db, r.id, &err), 0);
    CU_ASSERT_EQUAL(amb_survey_db_opt_out(db, r.id, &err), 0);
    amb_survey_resp_clear(&r);
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_resolve(db, token_of(tokens,
                          "c@example.dk"), &r, &err), 0);
    CU_ASSERT_STRING_EQUAL(r.status, "opted_out");
    amb_survey_resp_clear(&r);
    CU_ASSERT_EQUAL(amb_survey_close(t->st, "c", &err), 0);
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_resolve(db, token_of(tokens,
                          "a@example.dk"), &r, &err), 0);
    CU_ASSERT_EQUAL(r.open, 0);
    amb_survey_resp_clear(&r);
    sess_done(&x);
}

static void test_secret(void)
{
    tsv t;
    ts_open(&t);
    amb_survey_db *a = NULL, *b = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_open(t.st, &a, &err), 0);
    unsigned char s1[32], s2[32], s3[32], zero[32] = {0};
    CU_ASSERT_EQUAL(amb_survey_db_secret(a, "csrf", s1, &err), 0);
    amb_survey_db_close(a);
    CU_ASSERT_EQUAL_FATAL(amb_survey_db_open(t.st, &b, &err), 0);
    CU_ASSERT_EQUAL(amb_survey_db_secret(b, "csrf", s2, &err), 0);
    CU_ASSERT_EQUAL(memcmp(s1, s2, 32), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(s1, zero, 32), 0);
    CU_ASSERT_EQUAL(amb_survey_db_secret(b, "other", s3, &err), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(s1, s3, 32), 0);
    /* A damaged secret is an error, not a weaker key. */
    CU_ASSERT_EQUAL(sqlite3_exec(amb_store_db(t.st), "UPDATE settings SET "
                                 "value = x'00' WHERE key = 'other'", NULL,
                                 NULL, NULL), SQLITE_OK);
    CU_ASSERT_EQUAL(amb_survey_db_secret(b, "other", s3, &err), AMB_ESTORE);
    amb_survey_db_close(b);
    ts_done(&t);
}

/* Reserve mails of kind; returns how many were due (recipients freed). */
static size_t reserve(tsv *t, amb_survey_mail_kind kind, int days,
                      amb_survey_recipient **keep)
{
    amb_survey_recipient *r = NULL;
    size_t n = 0;
    amb_error err;
    CU_ASSERT_EQUAL(amb_survey_mail_reserve(t->st, &t->c, kind,
                                            time(NULL) - days * 86400, 100,
                                            &r, &n, &err), 0);
    if (keep)
        *keep = r;
    else
        amb_survey_recipients_free(r, n);
    return n;
}

static void test_mail_queue(void)
{
    sess x;
    sess_open(&x);
    tsv *t = &x.t;
    amb_survey_db *db = x.db;
    amb_error err;
    amb_survey_recipient *r = NULL;
    CU_ASSERT_EQUAL_FATAL(reserve(t, AMB_SURVEY_INVITE, 0, &r), 3);
    /* Each reservation carries a token of its own that resolves. */
    for (size_t i = 0; i < 3; i++) {
        amb_survey_resp rr;
        CU_ASSERT_EQUAL(strlen(r[i].token), AMB_SURVEY_TOKEN_LEN);
        CU_ASSERT_EQUAL_FATAL(amb_survey_db_resolve(db, r[i].token, &rr,
                                                    &err), 0);
        CU_ASSERT_EQUAL(rr.id, r[i].respondent);
        amb_survey_resp_clear(&rr);
    }
    CU_ASSERT_STRING_EQUAL(r[1].lang, "en");
    CU_ASSERT_STRING_EQUAL(r[0].contact, "Anne");
    CU_ASSERT_PTR_NULL(r[1].contact);
    /* Reserved counts as sent: a re-run (or a crash) mails nobody twice. */
    CU_ASSERT_EQUAL(reserve(t, AMB_SURVEY_INVITE, 0, NULL), 0);
    CU_ASSERT_EQUAL(amb_survey_mail_done(t->st, r[0].mail, 1, "250 OK",
                                         &err), 0);
    CU_ASSERT_EQUAL(amb_survey_mail_done(t->st, r[1].mail, 0,
                                         "550 no such user", &err), 0);
    CU_ASSERT_EQUAL(amb_survey_mail_done(t->st, r[1].mail, 1, NULL, &err),
                    AMB_ENOTFOUND);
    int64_t a = r[0].respondent, b = r[1].respondent, c = r[2].respondent;
    amb_survey_recipients_free(r, 3);
    CU_ASSERT_EQUAL(sql_int(t->st, "SELECT count(*) FROM respondents WHERE "
                           "status = 'invited'"), 1);
    CU_ASSERT_EQUAL(sql_int(t->st, "SELECT count(*) FROM mails WHERE "
                           "reply = '550 no such user' AND state = 'failed'"),
                    1);
    /* The failed one is due again; the 'sending' one (a crash) is not. */
    CU_ASSERT_EQUAL_FATAL(reserve(t, AMB_SURVEY_INVITE, 0, &r), 1);
    CU_ASSERT_EQUAL(r[0].respondent, b);
    CU_ASSERT_EQUAL(amb_survey_mail_done(t->st, r[0].mail, 1, "250", &err), 0);
    amb_survey_recipients_free(r, 1);
    /* Reminders: not within after_days of the last mail; the crashed
     * reservation of c counts as a mail; complete and opted out never. */
    CU_ASSERT_EQUAL(reserve(t, AMB_SURVEY_REMIND, 3, NULL), 0);
    CU_ASSERT_EQUAL(sqlite3_exec(amb_store_db(t->st), "UPDATE mails SET "
                                 "created_at = '2020-01-01T00:00:00Z'", NULL,
                                 NULL, NULL), SQLITE_OK);
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE respondents SET status = 'complete' "
             "WHERE id = %lld", (long long)a);
    CU_ASSERT_EQUAL(sqlite3_exec(amb_store_db(t->st), sql, NULL, NULL, NULL),
                    SQLITE_OK);
    CU_ASSERT_EQUAL_FATAL(reserve(t, AMB_SURVEY_REMIND, 3, &r), 1);
    CU_ASSERT_EQUAL(r[0].respondent, b);
    amb_survey_recipients_free(r, 1);
    CU_ASSERT_EQUAL(reserve(t, AMB_SURVEY_REMIND, 1, NULL), 0);
    (void)c;
    json_t *counts = NULL;
    CU_ASSERT_EQUAL_FATAL(amb_survey_mail_counts(t->st, &t->c, &counts, &err),
                          0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(
                        counts, "invite"), "sent")), 2);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(
                        counts, "invite"), "failed")), 1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(
                        counts, "invite"), "sending")), 1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(
                        counts, "remind"), "sending")), 1);
    json_decref(counts);
    sess_done(&x);
}

/* The respondent id of email in t's store. */
static int64_t resp_id(tsv *t, const char *email)
{
    char *sql = amb_xasprintf("SELECT id FROM respondents WHERE email = '%s'",
                              email);
    long long id = sql_int(t->st, sql);
    free(sql);
    return id;
}

/* A group commit: each write in its own savepoint, one failure undone
 * alone, a double submit in one batch keeps the first receipt. */
static void test_write_batch(void)
{
    sess x;
    sess_open(&x);
    tsv *t = &x.t;
    amb_survey_db *db = x.db;
    amb_error err;
    int64_t a = resp_id(t, "a@example.dk"), b = resp_id(t, "b@example.dk"),
            c = resp_id(t, "c@example.dk");
    amb_form_answers one = {0};
    amb_form_answers_set1(&one, "size", "1_9");
    char receipt[AMB_SURVEY_RECEIPT_LEN + 1];
    CU_ASSERT_EQUAL(amb_survey_db_submit(db, c, t->f, &one, receipt, &err), 0);
    amb_survey_write w[5];
    memset(w, 0, sizeof w);
    w[0].id = a; w[0].page = 2;
    w[1].id = b; w[1].submit = 1;
    w[2].id = c; w[2].page = 1;                /* complete: refused */
    w[3].id = b; w[3].submit = 1;              /* again: first receipt */
    w[4].id = 999999; w[4].page = 1;           /* no such respondent */
    for (int i = 0; i < 5; i++)
        amb_form_answers_set1(&w[i].answers, "size", "250_");
    amb_survey_write *pw[5] = {&w[0], &w[1], &w[2], &w[3], &w[4]};
    CU_ASSERT_EQUAL(amb_survey_db_write_batch(db, pw, 5, &err), 0);
    CU_ASSERT_EQUAL(w[0].rc, 0);
    CU_ASSERT_EQUAL(w[1].rc, 0);
    CU_ASSERT_EQUAL(strlen(w[1].receipt), AMB_SURVEY_RECEIPT_LEN);
    CU_ASSERT_EQUAL(w[2].rc, AMB_EUSAGE);
    CU_ASSERT_EQUAL(w[3].rc, 1);
    CU_ASSERT_STRING_EQUAL(w[3].receipt, w[1].receipt);
    CU_ASSERT_EQUAL(w[4].rc, AMB_ENOTFOUND);
    CU_ASSERT_EQUAL(sql_int(t->st, "SELECT count(*) FROM answers WHERE "
                           "value = '250_'"), 2);
    CU_ASSERT_EQUAL(sql_int(t->st, "SELECT count(*) FROM answers WHERE "
                           "value = '1_9'"), 1);
    CU_ASSERT_EQUAL(sql_int(t->st, "SELECT count(*) FROM respondents WHERE "
                           "status = 'complete'"), 2);
    CU_ASSERT_EQUAL(sql_int(t->st, "SELECT page FROM respondents WHERE "
                           "status = 'partial'"), 2);
    for (int i = 0; i < 5; i++)
        amb_form_answers_free(&w[i].answers);
    amb_form_answers_free(&one);
    sess_done(&x);
}

/* The committer: writes queued from several threads all commit, each
 * reported once, and stop drains what is queued. */
typedef struct cw {
    amb_committer *c;
    amb_survey_write w[40];
    int done[40];
    pthread_mutex_t *lock;
    int64_t id;
} cw;

typedef struct cw_done {
    cw *owner;
    int i;
} cw_done;

static void on_written(void *ud)
{
    cw_done *d = ud;
    pthread_mutex_lock(d->owner->lock);
    d->owner->done[d->i]++;
    pthread_mutex_unlock(d->owner->lock);
}

static void *queue_many(void *arg)
{
    cw *x = arg;
    static cw_done marks[4][40];
    static int next;
    pthread_mutex_lock(x->lock);
    int me = next++;
    pthread_mutex_unlock(x->lock);
    for (int i = 0; i < 40; i++) {
        x->w[i].id = x->id;
        x->w[i].page = i;
        amb_form_answers_set1(&x->w[i].answers, "size", "10_49");
        marks[me][i].owner = x;
        marks[me][i].i = i;
        CU_ASSERT_EQUAL(amb_committer_queue(x->c, &x->w[i], on_written,
                                            &marks[me][i]), 0);
    }
    return NULL;
}

static void test_committer(void)
{
    sess x;
    sess_open(&x);
    tsv *t = &x.t;
    amb_survey_db *db = x.db;
    amb_error err;
    pthread_mutex_t db_lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    amb_committer *c = NULL;
    CU_ASSERT_EQUAL_FATAL(amb_committer_start(db, &db_lock, &c, &err), 0);
    static cw xs[3];
    const char *emails[3] = {"a@example.dk", "b@example.dk", "c@example.dk"};
    pthread_t th[3];
    for (int k = 0; k < 3; k++) {
        memset(&xs[k], 0, sizeof xs[k]);
        xs[k].c = c;
        xs[k].lock = &lock;
        xs[k].id = resp_id(t, emails[k]);
        pthread_create(&th[k], NULL, queue_many, &xs[k]);
    }
    for (int k = 0; k < 3; k++)
        pthread_join(th[k], NULL);
    amb_committer_stop(c);
    amb_survey_write late = {.id = xs[0].id};
    CU_ASSERT_EQUAL(amb_committer_queue(c, &late, on_written, NULL), -1);
    unsigned long long commits = 0, writes = 0;
    amb_committer_counts(c, &commits, &writes);
    CU_ASSERT_EQUAL(writes, 120);
    CU_ASSERT(commits >= 1 && commits <= 120);
    amb_committer_free(c);
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < 40; i++) {
            CU_ASSERT_EQUAL(xs[k].done[i], 1);
            CU_ASSERT_EQUAL(xs[k].w[i].rc, 0);
            amb_form_answers_free(&xs[k].w[i].answers);
        }
    /* the last write of each respondent is what is stored */
    CU_ASSERT_EQUAL(sql_int(t->st, "SELECT count(*) FROM respondents WHERE "
                           "status = 'partial' AND page = 39"), 3);
    sess_done(&x);
}

void ts_register_session(void)
{
    AMB_TEST_SUITE("survey_session", {"migration from 4", test_migration_from_4},
                   {"language column", test_language_column},
                   {"resolve and save", test_resolve_and_save},
                   {"submit once", test_submit_once},
                   {"opt out, closed", test_opt_out_and_closed},
                   {"secret", test_secret},
                   {"mail queue", test_mail_queue},
                   {"write batch", test_write_batch},
                   {"committer", test_committer});
}
