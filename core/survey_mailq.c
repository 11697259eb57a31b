/*
 * survey_mailq.c - the mail queue of a campaign (core/survey_session.h):
 * who is due an invitation or a reminder, the token each mail carries,
 * and the log of every send.
 *
 * "Never twice": a mail is reserved (token and a 'sending' row) in a
 * committed transaction before it is handed to SMTP, and a reservation
 * counts as sent from then on.  A crash between the two therefore costs
 * at most one mail that was never sent, never one sent twice.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "survey_session.h"
#include "survey_sql.h"

/* Respondents due a mail of kind; ?1 campaign, ?2 limit, ?3 the time
 * before which the last mail must have gone (reminders). */
static const char due_invite[] =
    "SELECT r.id, r.company, r.email, r.contact, r.lang FROM respondents r "
    "WHERE r.campaign_id = ?1 AND r.status NOT IN ('complete', 'opted_out') "
    "AND NOT EXISTS (SELECT 1 FROM mails m WHERE m.respondent_id = r.id "
    "AND m.kind = 'invite' AND m.state IN ('sending', 'sent')) "
    "AND ?3 IS NOT NULL ORDER BY r.id LIMIT ?2";
static const char due_remind[] =
    "SELECT r.id, r.company, r.email, r.contact, r.lang FROM respondents r "
    "WHERE r.campaign_id = ?1 AND r.status IN ('invited', 'opened', "
    "'partial') AND (SELECT max(m.created_at) FROM mails m "
    "WHERE m.respondent_id = r.id AND m.state IN ('sending', 'sent')) < ?3 "
    "ORDER BY r.id LIMIT ?2";

void amb_survey_recipients_free(amb_survey_recipient *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) {
        free(r[i].company);
        free(r[i].email);
        free(r[i].contact);
        free(r[i].lang);
        memset(r[i].token, 0, sizeof r[i].token);
    }
    free(r);
}

/* Read the due respondents into *out; the tokens are not issued yet. */
static int select_due(sqlite3 *db, const amb_survey_campaign *c,
                      amb_survey_mail_kind kind, const char *cutoff,
                      size_t limit, amb_survey_recipient **out, size_t *n,
                      amb_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, kind == AMB_SURVEY_INVITE ? due_invite
                                                         : due_remind,
                           -1, &s, NULL) != SQLITE_OK)
        return amb_survey_sql_fail(db, err, "cannot prepare the mail queue");
    sqlite3_bind_int64(s, 1, c->id);
    sqlite3_bind_int64(s, 2, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
    sqlite3_bind_text(s, 3, cutoff, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    int src, rc = 0;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            *out = amb_xrealloc(*out, cap * sizeof **out);
        }
        amb_survey_recipient *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        r->respondent = sqlite3_column_int64(s, 0);
        r->company = amb_survey_sql_dup(s, 1);
        r->email = amb_survey_sql_dup(s, 2);
        r->contact = amb_survey_sql_dup(s, 3);
        r->lang = amb_survey_sql_dup(s, 4);
        if (!r->lang)
            r->lang = amb_xstrdup("da");
    }
    if (src != SQLITE_DONE)
        rc = amb_survey_sql_fail(db, err, "cannot read the mail queue");
    sqlite3_finalize(s);
    return rc;
}

/* Issue a token and a 'sending' row for each recipient. */
static int reserve_each(sqlite3 *db, amb_survey_mail_kind kind,
                        amb_survey_recipient *r, size_t n, amb_error *err)
{
    const char *kname = kind == AMB_SURVEY_INVITE ? "invite" : "remind";
    sqlite3_stmt *tok = NULL, *mail = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(db, "INSERT INTO survey_tokens(token_hash, "
                           "respondent_id, issued_at, purpose) "
                           "VALUES(?1, ?2, ?3, ?4)", -1, &tok, NULL) ||
        sqlite3_prepare_v2(db, "INSERT INTO mails(respondent_id, kind, state, "
                           "created_at) VALUES(?1, ?2, 'sending', ?3)", -1,
                           &mail, NULL))
        rc = amb_survey_sql_fail(db, err, "cannot prepare the mail queue");
    char now[32];
    amb_now_iso(now);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char hash[65];
        if (amb_survey_token_new(r[i].token)) {
            rc = amb_error_set(err, AMB_ERR, "survey: no random bytes");
            break;
        }
        amb_survey_token_hash(r[i].token, hash);
        sqlite3_reset(tok);
        sqlite3_bind_text(tok, 1, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(tok, 2, r[i].respondent);
        sqlite3_bind_text(tok, 3, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(tok, 4, kname, -1, SQLITE_STATIC);
        sqlite3_reset(mail);
        sqlite3_bind_int64(mail, 1, r[i].respondent);
        sqlite3_bind_text(mail, 2, kname, -1, SQLITE_STATIC);
        sqlite3_bind_text(mail, 3, now, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(tok) != SQLITE_DONE ||
            sqlite3_step(mail) != SQLITE_DONE)
            rc = amb_survey_sql_fail(db, err, "cannot reserve a mail");
        else
            r[i].mail = sqlite3_last_insert_rowid(db);
    }
    sqlite3_finalize(tok);
    sqlite3_finalize(mail);
    return rc;
}

int amb_survey_mail_reserve(amb_store *st, const amb_survey_campaign *c,
                            amb_survey_mail_kind kind, time_t due_before,
                            size_t limit, amb_survey_recipient **out,
                            size_t *n, amb_error *err)
{
    *out = NULL;
    *n = 0;
    if (limit == 0)
        return 0;
    /* The times are ISO 8601 UTC text, so they compare as strings. */
    char cutoff[32];
    amb_time_iso(due_before, cutoff);
    sqlite3 *db = amb_store_db(st);
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
        return amb_survey_sql_fail(db, err, "cannot start the mail queue");
    int rc = select_due(db, c, kind, cutoff, limit, out, n, err);
    if (rc == 0)
        rc = reserve_each(db, kind, *out, *n, err);
    if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
        rc = amb_survey_sql_fail(db, err, "cannot commit the mail queue");
    if (rc) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        amb_survey_recipients_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int amb_survey_mail_done(amb_store *st, int64_t mail, int ok,
                         const char *reply, amb_error *err)
{
    sqlite3 *db = amb_store_db(st);
    char now[32];
    amb_now_iso(now);
    sqlite3_stmt *s = NULL, *r = NULL;
    /* After a sent invitation the respondent is invited; after a failed
     * one mail_failed, unless they got further by another way. */
    int rc = 0;
    if (sqlite3_prepare_v2(db, "UPDATE mails SET state = ?2, done_at = ?3, "
                           "reply = ?4 WHERE id = ?1 AND state = 'sending'",
                           -1, &s, NULL) ||
        sqlite3_prepare_v2(db, "UPDATE respondents SET updated_at = ?3, "
                           "status = CASE WHEN ?2 THEN 'invited' ELSE "
                           "'mail_failed' END WHERE id = (SELECT respondent_id "
                           "FROM mails WHERE id = ?1 AND kind = 'invite') AND "
                           "status IN ('new', 'mail_failed')", -1, &r, NULL))
        rc = amb_survey_sql_fail(db, err, "cannot prepare the mail log");
    if (rc == 0 && sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
        rc = amb_survey_sql_fail(db, err, "cannot start the mail log");
    int in_tx = rc == 0;
    if (rc == 0) {
        sqlite3_bind_int64(s, 1, mail);
        sqlite3_bind_text(s, 2, ok ? "sent" : "failed", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
        if (reply)
            sqlite3_bind_text(s, 4, reply, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = amb_survey_sql_fail(db, err, "cannot log the mail");
        else if (sqlite3_changes(db) != 1)
            rc = amb_error_set(err, AMB_ENOTFOUND, "survey: mail %lld is not "
                               "being sent", (long long)mail);
    }
    if (rc == 0) {
        sqlite3_bind_int64(r, 1, mail);
        sqlite3_bind_int(r, 2, ok != 0);
        sqlite3_bind_text(r, 3, now, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(r) != SQLITE_DONE)
            rc = amb_survey_sql_fail(db, err, "cannot update the respondent");
    }
    if (in_tx) {
        if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
            rc = amb_survey_sql_fail(db, err, "cannot commit the mail log");
        if (rc)
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_finalize(s);
    sqlite3_finalize(r);
    return rc;
}

int amb_survey_mail_counts(amb_store *st, const amb_survey_campaign *c,
                           json_t **out, amb_error *err)
{
    sqlite3 *db = amb_store_db(st);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT m.kind, m.state, count(*) FROM mails m "
                           "JOIN respondents r ON r.id = m.respondent_id "
                           "WHERE r.campaign_id = ?1 GROUP BY 1, 2", -1, &s,
                           NULL))
        return amb_survey_sql_fail(db, err, "cannot count the mails");
    sqlite3_bind_int64(s, 1, c->id);
    json_t *doc = json_object();
    static const char *const kinds[] = {"invite", "remind"};
    static const char *const states[] = {"sent", "failed", "sending"};
    for (size_t k = 0; k < 2; k++) {
        json_t *o = json_object();
        for (size_t i = 0; i < 3; i++)
            json_object_set_new(o, states[i], json_integer(0));
        json_object_set_new(doc, kinds[k], o);
    }
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        json_t *o = json_object_get(doc, (const char *)sqlite3_column_text(s, 0));
        if (o)
            json_object_set_new(o, (const char *)sqlite3_column_text(s, 1),
                                json_integer(sqlite3_column_int64(s, 2)));
    }
    int rc = 0;
    if (src != SQLITE_DONE) {
        rc = amb_survey_sql_fail(db, err, "cannot count the mails");
        json_decref(doc);
        doc = NULL;
    }
    sqlite3_finalize(s);
    *out = doc;
    return rc;
}
