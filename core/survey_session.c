/*
 * survey_session.c - what the web form does with a token, in the store
 * (core/survey_session.h): resolve it, load and save answers, submit
 * exactly once, opt out, and keep the form's secrets.
 *
 * The statements are prepared once per amb_survey_db: a page view is a
 * handful of indexed lookups and a page save one short transaction, so
 * the web layer, not SQLite, sets the pace.  Every write commits before
 * the function returns; the server acknowledges only after that.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "survey_session.h"
#include "survey_sql.h"

enum {
    S_RESOLVE, S_ANSWERS, S_OPENED, S_STATUS, S_DELETE, S_INSERT,
    S_PROGRESS, S_COMPLETE, S_OPT_OUT, S_SECRET_GET, S_SECRET_PUT,
    S_RECORD, S_BEGIN, S_COMMIT, S_ROLLBACK, S_SAVEPOINT, S_ROLLBACK_TO,
    S_RELEASE, S_COUNT
};

static const char *const sql[S_COUNT] = {
    [S_RESOLVE] =
        "SELECT r.id, r.campaign_id, c.name, c.title, c.closes, "
        "c.form_path, c.form_id, r.company, r.lang, r.status, c.status, "
        "r.page, r.receipt, r.submitted_at "
        "FROM survey_tokens t JOIN respondents r ON r.id = t.respondent_id "
        "JOIN campaigns c ON c.id = r.campaign_id WHERE t.token_hash = ?1",
    [S_ANSWERS] =
        "SELECT question, value FROM answers WHERE respondent_id = ?1 "
        "ORDER BY question, rowid",
    [S_OPENED] =
        "UPDATE respondents SET status = 'opened', updated_at = ?2 "
        "WHERE id = ?1 AND status IN ('new', 'invited', 'mail_failed')",
    [S_STATUS] =
        "SELECT status, receipt FROM respondents WHERE id = ?1",
    [S_DELETE] = "DELETE FROM answers WHERE respondent_id = ?1",
    [S_INSERT] =
        "INSERT OR IGNORE INTO answers(respondent_id, question, value, "
        "updated_at) VALUES(?1, ?2, ?3, ?4)",
    [S_PROGRESS] =
        "UPDATE respondents SET status = 'partial', page = ?2, "
        "updated_at = ?3 WHERE id = ?1",
    [S_COMPLETE] =
        "UPDATE respondents SET status = 'complete', receipt = ?2, "
        "submitted_at = ?3, updated_at = ?3 WHERE id = ?1",
    [S_RECORD] =
        "UPDATE respondents SET status = 'complete', updated_at = ?2, "
        "submitted_at = COALESCE(submitted_at, ?2) WHERE id = ?1",
    [S_OPT_OUT] =
        "UPDATE respondents SET status = 'opted_out', updated_at = ?2 "
        "WHERE id = ?1 AND status NOT IN ('complete', 'opted_out')",
    [S_SECRET_GET] = "SELECT value FROM settings WHERE key = ?1",
    [S_SECRET_PUT] =
        "INSERT INTO settings(key, value) VALUES(?1, ?2) "
        "ON CONFLICT(key) DO NOTHING",
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_SAVEPOINT] = "SAVEPOINT w",
    [S_ROLLBACK_TO] = "ROLLBACK TO w",
    [S_RELEASE] = "RELEASE w",
};

struct amb_survey_db {
    sqlite3 *db;                 /* borrowed from the store */
    sqlite3_stmt *s[S_COUNT];    /* owned */
};

static int db_fail(amb_survey_db *db, amb_error *err, const char *what)
{
    return amb_survey_sql_fail(db->db, err, what);
}

/* The statement k, reset and unbound, ready for new values. */
static sqlite3_stmt *stmt(amb_survey_db *db, int k)
{
    sqlite3_reset(db->s[k]);
    sqlite3_clear_bindings(db->s[k]);
    return db->s[k];
}

/* Step a statement that returns no rows; 0 or AMB_ESTORE. */
static int run(amb_survey_db *db, sqlite3_stmt *s, amb_error *err,
               const char *what)
{
    int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(db, err, what);
    sqlite3_reset(s);
    return rc;
}

int amb_survey_db_open(amb_store *st, amb_survey_db **out, amb_error *err)
{
    amb_survey_db *db = amb_xcalloc(1, sizeof *db);
    db->db = amb_store_db(st);
    for (int k = 0; k < S_COUNT; k++)
        if (sqlite3_prepare_v3(db->db, sql[k], -1, SQLITE_PREPARE_PERSISTENT,
                               &db->s[k], NULL) != SQLITE_OK) {
            int rc = db_fail(db, err, "cannot prepare the web form's "
                             "statements");
            amb_survey_db_close(db);
            return rc;
        }
    *out = db;
    return 0;
}

void amb_survey_db_close(amb_survey_db *db)
{
    if (!db)
        return;
    for (int k = 0; k < S_COUNT; k++)
        sqlite3_finalize(db->s[k]);
    free(db);
}

/* ---------------------------------------------------------- transactions */

static int begin(amb_survey_db *db, amb_error *err)
{
    return run(db, stmt(db, S_BEGIN), err, "cannot start a transaction");
}

/* Commit when rc is 0, else roll back; returns rc or the commit's error. */
static int finish(amb_survey_db *db, int rc, amb_error *err)
{
    if (rc == 0)
        rc = run(db, stmt(db, S_COMMIT), err, "cannot commit");
    if (rc && !sqlite3_get_autocommit(db->db))
        run(db, stmt(db, S_ROLLBACK), NULL, "cannot roll back");
    return rc;
}

/* ------------------------------------------------------------- resolving */

int amb_survey_db_resolve(amb_survey_db *db, const char *token,
                          amb_survey_resp *r, amb_error *err)
{
    memset(r, 0, sizeof *r);
    char hash[65];
    amb_survey_token_hash(token, hash);
    sqlite3_stmt *s = stmt(db, S_RESOLVE);
    amb_survey_sql_text(s, 1, hash);
    int src = sqlite3_step(s);
    if (src == SQLITE_DONE) {
        sqlite3_reset(s);
        return amb_error_set(err, AMB_ENOTFOUND, "survey: the token is not "
                             "valid");
    }
    if (src != SQLITE_ROW) {
        int rc = db_fail(db, err, "cannot look up the token");
        sqlite3_reset(s);
        return rc;
    }
    r->id = sqlite3_column_int64(s, 0);
    r->campaign = sqlite3_column_int64(s, 1);
    r->campaign_name = amb_survey_sql_dup(s, 2);
    r->title = amb_survey_sql_dup(s, 3);
    r->closes = amb_survey_sql_dup(s, 4);
    r->form_path = amb_survey_sql_dup(s, 5);
    r->form_id = amb_survey_sql_dup(s, 6);
    r->company = amb_survey_sql_dup(s, 7);
    r->lang = amb_survey_sql_dup(s, 8);
    const unsigned char *status = sqlite3_column_text(s, 9);
    snprintf(r->status, sizeof r->status, "%s", status ? (const char *)status
                                                      : "");
    /* The campaign's own rule for "open" (status and closing date). */
    amb_survey_campaign c = {.id = r->campaign, .closes = r->closes,
                             .status = (char *)sqlite3_column_text(s, 10)};
    r->open = amb_survey_is_open(&c);
    r->page = sqlite3_column_int(s, 11);
    const unsigned char *receipt = sqlite3_column_text(s, 12);
    if (receipt)
        snprintf(r->receipt, sizeof r->receipt, "%s", (const char *)receipt);
    r->submitted_at = amb_survey_sql_dup(s, 13);
    sqlite3_reset(s);
    return 0;
}

void amb_survey_resp_clear(amb_survey_resp *r)
{
    free(r->campaign_name);
    free(r->title);
    free(r->closes);
    free(r->form_path);
    free(r->form_id);
    free(r->company);
    free(r->lang);
    free(r->submitted_at);
    memset(r, 0, sizeof *r);
}

/* --------------------------------------------------------------- answers */

int amb_survey_db_answers(amb_survey_db *db, int64_t id,
                          amb_form_answers *out, amb_error *err)
{
    sqlite3_stmt *s = stmt(db, S_ANSWERS);
    sqlite3_bind_int64(s, 1, id);
    char *cur = NULL;                 /* the question being gathered */
    char **items = NULL;
    size_t n = 0, cap = 0;
    int src, rc = 0;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        const char *q = (const char *)sqlite3_column_text(s, 0);
        const char *v = (const char *)sqlite3_column_text(s, 1);
        if (!q || !v)
            continue;
        if (cur && strcmp(cur, q) != 0) {
            amb_form_answers_set(out, cur, (const char *const *)items, n);
            for (size_t k = 0; k < n; k++)
                free(items[k]);
            n = 0;
            free(cur);
            cur = NULL;
        }
        if (!cur)
            cur = amb_xstrdup(q);
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            items = amb_xrealloc(items, cap * sizeof *items);
        }
        items[n++] = amb_xstrdup(v);
    }
    if (src != SQLITE_DONE)
        rc = db_fail(db, err, "cannot read the saved answers");
    else if (cur)
        amb_form_answers_set(out, cur, (const char *const *)items, n);
    for (size_t k = 0; k < n; k++)
        free(items[k]);
    free(items);
    free(cur);
    sqlite3_reset(s);
    return rc;
}

/* Run statement k with ?1 = id and ?2 = now (a status change). */
static int set_status(amb_survey_db *db, int k, int64_t id, amb_error *err,
                      const char *what)
{
    char now[32];
    amb_now_iso(now);
    sqlite3_stmt *s = stmt(db, k);
    sqlite3_bind_int64(s, 1, id);
    amb_survey_sql_text(s, 2, now);
    return run(db, s, err, what);
}

int amb_survey_db_opened(amb_survey_db *db, int64_t id, amb_error *err)
{
    return set_status(db, S_OPENED, id, err, "cannot mark the link opened");
}

/* The respondent's status and receipt inside the open transaction. */
static int read_status(amb_survey_db *db, int64_t id, char status[16],
                       char receipt[AMB_SURVEY_RECEIPT_LEN + 1],
                       amb_error *err)
{
    sqlite3_stmt *s = stmt(db, S_STATUS);
    sqlite3_bind_int64(s, 1, id);
    int src = sqlite3_step(s), rc = 0;
    if (src == SQLITE_ROW) {
        const unsigned char *st = sqlite3_column_text(s, 0);
        const unsigned char *rcpt = sqlite3_column_text(s, 1);
        snprintf(status, 16, "%s", st ? (const char *)st : "");
        snprintf(receipt, AMB_SURVEY_RECEIPT_LEN + 1, "%s",
                 rcpt ? (const char *)rcpt : "");
    } else if (src == SQLITE_DONE) {
        rc = amb_error_set(err, AMB_ENOTFOUND, "survey: no respondent %lld",
                           (long long)id);
    } else {
        rc = db_fail(db, err, "cannot read the respondent");
    }
    sqlite3_reset(s);
    return rc;
}

/* Store one question's values for id. */
static int write_values(amb_survey_db *db, int64_t id, const char *q,
                        const amb_form_value *v, const char *now,
                        amb_error *err)
{
    sqlite3_stmt *ins = db->s[S_INSERT];
    int rc = 0;
    for (size_t k = 0; rc == 0 && v && k < v->n; k++) {
        stmt(db, S_INSERT);
        sqlite3_bind_int64(ins, 1, id);
        amb_survey_sql_text(ins, 2, q);
        amb_survey_sql_text(ins, 3, v->items[k]);
        amb_survey_sql_text(ins, 4, now);
        rc = run(db, ins, err, "cannot store an answer");
    }
    return rc;
}

/* Replace the stored answers of id with those of f's questions, or, when
 * f is NULL, with every answer given (the caller kept to the form). */
static int write_answers(amb_survey_db *db, int64_t id, const amb_form *f,
                         const amb_form_answers *answers, const char *now,
                         amb_error *err)
{
    sqlite3_stmt *del = stmt(db, S_DELETE);
    sqlite3_bind_int64(del, 1, id);
    int rc = run(db, del, err, "cannot replace the saved answers");
    if (!f) {
        for (size_t i = 0; rc == 0 && i < answers->n; i++)
            rc = write_values(db, id, answers->a[i].id, &answers->a[i].value,
                              now, err);
        return rc;
    }
    for (size_t i = 0; rc == 0 && i < f->nquestions; i++) {
        const char *q = f->questions[i].id;
        rc = write_values(db, id, q, amb_form_answers_get(answers, q), now,
                          err);
    }
    return rc;
}

/* A page save inside the open transaction (amb_survey_db_save). */
static int save_in_tx(amb_survey_db *db, int64_t id, const amb_form *f,
                      const amb_form_answers *answers, int page,
                      const char *now, amb_error *err)
{
    char status[16], receipt[AMB_SURVEY_RECEIPT_LEN + 1];
    int rc = read_status(db, id, status, receipt, err);
    if (rc == 0 && strcmp(status, "complete") == 0)
        rc = amb_error_set(err, AMB_EUSAGE, "survey: the response has been "
                           "submitted already");
    if (rc == 0)
        rc = write_answers(db, id, f, answers, now, err);
    if (rc == 0) {
        sqlite3_stmt *s = stmt(db, S_PROGRESS);
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int(s, 2, page < 0 ? 0 : page);
        amb_survey_sql_text(s, 3, now);
        rc = run(db, s, err, "cannot record the progress");
    }
    return rc;
}

int amb_survey_db_save(amb_survey_db *db, int64_t id, const amb_form *f,
                       const amb_form_answers *answers, int page,
                       amb_error *err)
{
    char now[32];
    amb_now_iso(now);
    int rc = begin(db, err);
    if (rc)
        return rc;
    rc = save_in_tx(db, id, f, answers, page, now, err);
    return finish(db, rc, err);
}

/* A receipt code: 60 random bits as XXXX-XXXX-XXXX in an alphabet
 * without look-alikes (no 0/O, 1/I/L). */
static int new_receipt(char out[AMB_SURVEY_RECEIPT_LEN + 1])
{
    static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    unsigned char raw[12];
    if (amb_random_bytes(raw, sizeof raw))
        return AMB_ERR;
    size_t o = 0;
    for (size_t i = 0; i < sizeof raw; i++) {
        if (i && i % 4 == 0)
            out[o++] = '-';
        out[o++] = alphabet[raw[i] % (sizeof alphabet - 1)];
    }
    out[o] = '\0';
    return 0;
}

/* A submission inside the open transaction: 0, 1 when submitted before
 * (receipt gets the first one), or an error. */
static int submit_in_tx(amb_survey_db *db, int64_t id, const amb_form *f,
                        const amb_form_answers *answers, const char *now,
                        char receipt[AMB_SURVEY_RECEIPT_LEN + 1],
                        amb_error *err)
{
    char status[16];
    int rc = read_status(db, id, status, receipt, err);
    if (rc == 0 && strcmp(status, "complete") == 0 && *receipt)
        return 1;                    /* submitted before: its receipt */
    if (rc == 0 && new_receipt(receipt))
        rc = amb_error_set(err, AMB_ERR, "survey: no random bytes");
    if (rc == 0)
        rc = write_answers(db, id, f, answers, now, err);
    if (rc == 0) {
        sqlite3_stmt *s = stmt(db, S_COMPLETE);
        sqlite3_bind_int64(s, 1, id);
        amb_survey_sql_text(s, 2, receipt);
        amb_survey_sql_text(s, 3, now);
        rc = run(db, s, err, "cannot mark the response complete");
    }
    return rc;
}

int amb_survey_db_submit(amb_survey_db *db, int64_t id, const amb_form *f,
                         const amb_form_answers *answers,
                         char receipt[AMB_SURVEY_RECEIPT_LEN + 1],
                         amb_error *err)
{
    char now[32];
    amb_now_iso(now);
    int rc = begin(db, err);
    if (rc)
        return rc;
    rc = submit_in_tx(db, id, f, answers, now, receipt, err);
    if (rc == 1) {
        finish(db, 0, err);
        return 1;
    }
    return finish(db, rc, err);
}

/* ------------------------------------------------------------ group commit */

int amb_survey_db_write_batch(amb_survey_db *db, amb_survey_write *const *w,
                              size_t n, amb_error *err)
{
    char now[32];
    amb_now_iso(now);
    int rc = begin(db, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        amb_survey_write *x = w[i];
        /* Each write in a savepoint of its own: one that fails is undone
         * alone and the others still commit. */
        rc = run(db, stmt(db, S_SAVEPOINT), err, "cannot start a savepoint");
        if (rc)
            break;
        x->err.msg[0] = '\0';
        x->rc = x->submit
            ? submit_in_tx(db, x->id, NULL, &x->answers, now, x->receipt,
                           &x->err)
            : save_in_tx(db, x->id, NULL, &x->answers, x->page, now,
                         &x->err);
        if (x->rc < 0)
            run(db, stmt(db, S_ROLLBACK_TO), NULL, "cannot undo a write");
        rc = run(db, stmt(db, S_RELEASE), err, "cannot end a savepoint");
    }
    rc = finish(db, rc, err);
    for (size_t i = 0; rc && i < n; i++) {
        w[i]->rc = rc;               /* nothing of the batch was kept */
        w[i]->err = *err;
    }
    return rc;
}

int amb_survey_db_complete_in_tx(amb_survey_db *db, int64_t id,
                                 const amb_form *f,
                                 const amb_form_answers *answers,
                                 amb_error *err)
{
    char now[32];
    amb_now_iso(now);
    int rc = write_answers(db, id, f, answers, now, err);
    if (rc == 0) {
        sqlite3_stmt *s = stmt(db, S_RECORD);
        sqlite3_bind_int64(s, 1, id);
        amb_survey_sql_text(s, 2, now);
        rc = run(db, s, err, "cannot mark the response complete");
    }
    return rc;
}

int amb_survey_db_opt_out(amb_survey_db *db, int64_t id, amb_error *err)
{
    return set_status(db, S_OPT_OUT, id, err, "cannot record the opt-out");
}

/* ---------------------------------------------------------------- secrets */

/* The stored secret key into out: 1 found, 0 absent, or an error. */
static int secret_get(amb_survey_db *db, const char *key,
                      unsigned char out[32], amb_error *err)
{
    sqlite3_stmt *s = stmt(db, S_SECRET_GET);
    amb_survey_sql_text(s, 1, key);
    int src = sqlite3_step(s), rc = 0;
    if (src == SQLITE_ROW) {
        if (sqlite3_column_bytes(s, 0) != 32)
            rc = amb_error_set(err, AMB_ESTORE, "survey: the stored secret "
                               "'%s' is damaged", key);
        else {
            memcpy(out, sqlite3_column_blob(s, 0), 32);
            rc = 1;
        }
    } else if (src != SQLITE_DONE) {
        rc = db_fail(db, err, "cannot read a secret");
    }
    sqlite3_reset(s);
    return rc;
}

int amb_survey_db_secret(amb_survey_db *db, const char *key,
                         unsigned char out[32], amb_error *err)
{
    int rc = secret_get(db, key, out, err);
    if (rc)
        return rc > 0 ? 0 : rc;
    unsigned char fresh[32];
    if (amb_random_bytes(fresh, sizeof fresh))
        return amb_error_set(err, AMB_ERR, "survey: no random bytes");
    sqlite3_stmt *s = stmt(db, S_SECRET_PUT);
    amb_survey_sql_text(s, 1, key);
    sqlite3_bind_blob(s, 2, fresh, sizeof fresh, SQLITE_TRANSIENT);
    rc = run(db, s, err, "cannot store a secret");
    /* Another process may have won the race: read what is stored. */
    if (rc == 0)
        rc = secret_get(db, key, out, err);
    return rc > 0 ? 0 : rc ? rc
                           : amb_error_set(err, AMB_ESTORE, "survey: the "
                                           "secret '%s' vanished", key);
}
