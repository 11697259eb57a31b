/*
 * survey_odk_store.c - an imported ODK submission stored as a complete
 * response: the respondent found by CVR in the campaign, the answers
 * replaced, the instanceID remembered, all in one transaction.
 *
 * survey_odk_instances (instance_id, respondent_id, file, imported_at)
 * comes with schema 5 (core/store_schema.c).
 */
#include "config.h"

#include <string.h>

#include "survey_odk.h"
#include "survey_session.h"
#include "survey_sql.h"

/* The statements of one store, prepared together. */
enum { S_RESP, S_INST, S_ADD, NSTMT };

static int prepare_all(sqlite3 *db, sqlite3_stmt *s[NSTMT], amb_error *err)
{
    static const char *const sql[NSTMT] = {
        "SELECT id, status FROM respondents WHERE campaign_id = ?1 AND "
        "cvr = ?2",
        "SELECT respondent_id FROM survey_odk_instances WHERE "
        "instance_id = ?1",
        "INSERT INTO survey_odk_instances(instance_id, respondent_id, file, "
        "imported_at) VALUES(?1, ?2, ?3, ?4)",
    };
    for (int i = 0; i < NSTMT; i++)
        if (sqlite3_prepare_v2(db, sql[i], -1, &s[i], NULL) != SQLITE_OK)
            return amb_survey_sql_fail(db, err, "cannot prepare a statement");
    return 0;
}

static int step_done(sqlite3_stmt *s)
{
    return sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
}

/* The respondent with s->cvr in c: 0 with *id and *complete, or an
 * error. */
static int find_respondent(sqlite3 *db, sqlite3_stmt *q,
                           const amb_survey_campaign *c, const char *cvr,
                           int64_t *id, int *complete, amb_error *err)
{
    sqlite3_bind_int64(q, 1, c->id);
    sqlite3_bind_text(q, 2, cvr, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_DONE)
        return amb_error_set(err, AMB_ENOTFOUND, "no respondent with CVR %s "
                             "in campaign '%s'", cvr, c->name);
    if (rc != SQLITE_ROW)
        return amb_survey_sql_fail(db, err, "cannot look up the respondent");
    *id = sqlite3_column_int64(q, 0);
    const char *status = (const char *)sqlite3_column_text(q, 1);
    if (status && strcmp(status, "opted_out") == 0)
        return amb_error_set(err, AMB_EUSAGE, "the respondent with CVR %s "
                             "opted out of campaign '%s'", cvr, c->name);
    *complete = status && strcmp(status, "complete") == 0;
    return 0;
}

/* The answers of s (the same write as `survey answer`: the response
 * replaced and complete) and the instance row. */
static int write_response(sqlite3 *db, amb_survey_db *sdb,
                          sqlite3_stmt *s[NSTMT], const amb_form *f,
                          const amb_odk_submission *sub, int64_t id,
                          const char *file, amb_error *err)
{
    int rc = amb_survey_db_complete_in_tx(sdb, id, f, &sub->answers, err);
    if (rc)
        return rc;
    char now[32];
    amb_now_iso(now);
    sqlite3_bind_text(s[S_ADD], 1, sub->instance_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s[S_ADD], 2, id);
    sqlite3_bind_text(s[S_ADD], 3, file, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s[S_ADD], 4, now, -1, SQLITE_TRANSIENT);
    if (step_done(s[S_ADD]))
        return amb_survey_sql_fail(db, err, "cannot record the instance");
    return 0;
}

int amb_odk_store(amb_store *st, const amb_survey_campaign *c,
                  const amb_form *f, const amb_odk_submission *sub,
                  const char *file, amb_odk_outcome *outcome,
                  amb_error *err)
{
    if (!sub->cvr || !sub->instance_id)
        return amb_error_set(err, AMB_EUSAGE, "survey: the submission has "
                             "no respondent or no instance id");
    if (!amb_survey_is_open(c))
        return amb_error_set(err, AMB_ERR, "survey: campaign '%s' is closed",
                             c->name);
    sqlite3 *db = amb_store_db(st);
    amb_survey_db *sdb = NULL;
    int rc = amb_survey_db_open(st, &sdb, err);
    if (rc)
        return rc;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = amb_survey_sql_fail(db, err, "cannot start the import");
        amb_survey_db_close(sdb);
        return rc;
    }
    sqlite3_stmt *s[NSTMT] = {NULL};
    rc = prepare_all(db, s, err);
    int64_t id = 0;
    int complete = 0;
    if (rc == 0)
        rc = find_respondent(db, s[S_RESP], c, sub->cvr, &id, &complete,
                             err);
    int dup = 0;
    if (rc == 0) {
        sqlite3_bind_text(s[S_INST], 1, sub->instance_id, -1,
                          SQLITE_TRANSIENT);
        int r = sqlite3_step(s[S_INST]);
        if (r == SQLITE_ROW && sqlite3_column_int64(s[S_INST], 0) == id)
            dup = 1;
        else if (r == SQLITE_ROW)
            rc = amb_error_set(err, AMB_EUSAGE, "instance %s was imported "
                               "for another respondent", sub->instance_id);
        else if (r != SQLITE_DONE)
            rc = amb_survey_sql_fail(db, err, "cannot look up the instance");
    }
    if (rc == 0 && !dup)
        rc = write_response(db, sdb, s, f, sub, id, file, err);
    for (int i = 0; i < NSTMT; i++)
        sqlite3_finalize(s[i]);
    amb_survey_db_close(sdb);
    if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = amb_survey_sql_fail(db, err, "cannot commit the import");
    if (rc)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    else
        *outcome = dup ? AMB_ODK_DUPLICATE
                       : complete ? AMB_ODK_REPLACED : AMB_ODK_STORED;
    return rc;
}
