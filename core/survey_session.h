/*
 * survey_session.h - the respondent's side of a campaign in the store
 * (schema 5): the tokens each mail issues, the mail queue and its log,
 * and what the web form does with a token (open, save a page, submit,
 * opt out).  doc/survey.md describes the states; core/survey.h is the
 * analyst's side.
 *
 * Tokens.  A token is only ever known in memory: when the respondent
 * list is imported and when a mail is about to go out.  The store keeps
 * its SHA-256 in survey_tokens, one row per issued token, so the link of
 * an invitation keeps working after a reminder carried a newer one.
 *
 * Ownership: an amb_survey_db borrows its store (which must outlive it)
 * and owns its prepared statements; it is not thread-safe, so a server
 * shares one behind a mutex.  Strings in the structs below are owned by
 * the struct and freed by the matching _clear or _free function.
 */
#ifndef AMB_SURVEY_SESSION_H
#define AMB_SURVEY_SESSION_H

#include <stdint.h>
#include <time.h>

#include "form.h"
#include "store.h"
#include "survey.h"
#include "util.h"

#define AMB_SURVEY_RECEIPT_LEN 14   /* "XXXX-XXXX-XXXX" */

/* ----------------------------------------------------------- mail queue */

typedef enum amb_survey_mail_kind {
    AMB_SURVEY_INVITE,
    AMB_SURVEY_REMIND
} amb_survey_mail_kind;

/* A mail about to be sent: who, in which language, with a fresh token
 * whose hash is already committed with a 'sending' row in mails. */
typedef struct amb_survey_recipient {
    int64_t respondent;
    int64_t mail;                /* the mails row to finish */
    char *company, *email, *contact, *lang;   /* contact may be NULL */
    char token[AMB_SURVEY_TOKEN_LEN + 1];
} amb_survey_recipient;

/* Reserve up to limit due mails of campaign c in one committed
 * transaction: a new token each and a mails row in state 'sending'.
 * Due for an invitation: not complete, not opted out, and no invitation
 * sent or being sent (a failed one is retried).  Due for a reminder:
 * invited, opened or partial, and the last mail reserved strictly before
 * due_before (a command computes it once, "--after DAYS" before its
 * start, so that its own reminders are never due again in a later batch).
 * A 'sending' row left by a crash counts as sent: nobody is ever mailed
 * twice.  *out (caller frees with amb_survey_recipients_free) and *n;
 * *n == 0 when nobody is due. */
int amb_survey_mail_reserve(amb_store *st, const amb_survey_campaign *c,
                            amb_survey_mail_kind kind, time_t due_before,
                            size_t limit, amb_survey_recipient **out,
                            size_t *n, amb_error *err);
void amb_survey_recipients_free(amb_survey_recipient *r, size_t n);
/* Finish a reserved mail: state 'sent' or 'failed' with the server's
 * reply (may be NULL), and the respondent's status: invited after a sent
 * invitation, mail_failed after a failed one (unless already further). */
int amb_survey_mail_done(amb_store *st, int64_t mail, int ok,
                         const char *reply, amb_error *err);
/* Counts of the campaign's mails by kind and state, as JSON
 * {"invite": {"sent": n, "failed": n, "sending": n}, "remind": {...}};
 * new reference. */
int amb_survey_mail_counts(amb_store *st, const amb_survey_campaign *c,
                           json_t **out, amb_error *err);

/* --------------------------------------------------------- the web form */

typedef struct amb_survey_db amb_survey_db;

/* Prepare the statements the web form needs on st.  0 or AMB_ESTORE. */
int amb_survey_db_open(amb_store *st, amb_survey_db **out, amb_error *err);
void amb_survey_db_close(amb_survey_db *db);       /* NULL is fine */

/* A respondent as the web form sees one. */
typedef struct amb_survey_resp {
    int64_t id;
    int64_t campaign;
    char *campaign_name, *title, *closes, *form_path, *form_id;
    char *company, *lang;
    char status[16];             /* new invited mail_failed opened partial
                                    complete opted_out */
    int open;                    /* the campaign takes answers today */
    int page;                    /* the page to resume at (0 first) */
    char receipt[AMB_SURVEY_RECEIPT_LEN + 1];   /* when complete */
    char *submitted_at;          /* when complete, else NULL */
} amb_survey_resp;

/* The respondent holding token (any campaign).  AMB_ENOTFOUND when no
 * respondent does; the caller shows the same neutral page for that and
 * for a closed campaign (r->open == 0).  Clear r with
 * amb_survey_resp_clear() after a 0 return. */
int amb_survey_db_resolve(amb_survey_db *db, const char *token,
                          amb_survey_resp *r, amb_error *err);
void amb_survey_resp_clear(amb_survey_resp *r);

/* The saved answers of respondent id into out (caller-owned, zeroed). */
int amb_survey_db_answers(amb_survey_db *db, int64_t id,
                          amb_form_answers *out, amb_error *err);
/* new/invited/mail_failed -> opened (the link was followed). */
int amb_survey_db_opened(amb_survey_db *db, int64_t id, amb_error *err);
/* Replace the saved answers of id with answers (the questions of f, in
 * form order; answers to other ids are ignored) and remember page as
 * the page to resume at; status becomes partial unless complete.  One
 * transaction, committed when this returns 0.  A complete response is
 * AMB_EUSAGE (nothing changes after submitting). */
int amb_survey_db_save(amb_survey_db *db, int64_t id, const amb_form *f,
                       const amb_form_answers *answers, int page,
                       amb_error *err);
/* Save answers and mark the response complete with a new receipt, in
 * one transaction.  Returns 0 with receipt filled; when the response was
 * complete already, returns 1 with the first receipt and changes
 * nothing (submit exactly once). */
int amb_survey_db_submit(amb_survey_db *db, int64_t id, const amb_form *f,
                         const amb_form_answers *answers,
                         char receipt[AMB_SURVEY_RECEIPT_LEN + 1],
                         amb_error *err);
/* One write of a group commit: a page save (submit 0) or a submission
 * (submit 1) of respondent id.  answers (owned by the write, freed by the
 * caller) hold only questions of the respondent's form, pruned as the
 * web form prunes them.  rc and receipt/err are the results, as from
 * amb_survey_db_save() and amb_survey_db_submit(). */
typedef struct amb_survey_write {
    int64_t id;
    int submit;
    int page;
    amb_form_answers answers;
    int rc;
    char receipt[AMB_SURVEY_RECEIPT_LEN + 1];
    amb_error err;
} amb_survey_write;

/* Apply *w[0..n) in one transaction, each in a savepoint of its own, so
 * one failing write leaves the others; a single commit makes them all
 * durable at once (the web form's group commit).  Returns 0, or the
 * commit's error, in which case every w[i].rc carries it too. */
int amb_survey_db_write_batch(amb_survey_db *db, amb_survey_write *const *w,
                              size_t n, amb_error *err);

/* Inside the caller's transaction on db's store: replace the answers of
 * id with those of f's questions and mark the response complete, keeping
 * the time of its first submission.  For `survey answer` and the ODK
 * import, where a later response replaces an earlier one (the web form
 * submits once, with amb_survey_db_submit). */
int amb_survey_db_complete_in_tx(amb_survey_db *db, int64_t id,
                                 const amb_form *f,
                                 const amb_form_answers *answers,
                                 amb_error *err);

/* Opt out: status opted_out (kept for complete responses, which stay
 * counted: opting out then only stops reminders).  Idempotent. */
int amb_survey_db_opt_out(amb_survey_db *db, int64_t id, amb_error *err);

/* The store's 32-byte secret named key (e.g. "csrf"), created with
 * getrandom() the first time it is asked for and kept in the settings
 * table, so a restarted server accepts the pages it served before. */
int amb_survey_db_secret(amb_survey_db *db, const char *key,
                         unsigned char out[32], amb_error *err);

#endif
