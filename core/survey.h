/*
 * survey.h - survey campaigns in the store (schema 4): campaigns, their
 * respondents with hashed access tokens, complete responses, and the
 * analyst's summaries with disclosure control.  doc/survey.md.
 *
 * Ownership: a campaign filled by amb_survey_get() owns its strings and is
 * released with amb_survey_campaign_clear().  Problems are appended to a
 * caller-owned amb_buf, one "line N: what\n" or "question 'id': what\n"
 * per problem.  JSON results are new references the caller owns.
 * Tokens are never stored: only their hex SHA-256 is.
 */
#ifndef AMB_SURVEY_H
#define AMB_SURVEY_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "form.h"
#include "store.h"
#include "util.h"

#define AMB_SURVEY_TOKEN_BYTES 24                 /* 192 random bits */
#define AMB_SURVEY_TOKEN_LEN (2 * AMB_SURVEY_TOKEN_BYTES)
#define AMB_SURVEY_MIN_GROUP 5                    /* disclosure control */

typedef struct amb_survey_campaign {
    int64_t id;
    char *name, *form_id, *form_path, *title, *closes, *status, *created_at;
} amb_survey_campaign;

/* A fresh random token (lowercase hex) into out; 0 or AMB_ERR. */
int amb_survey_token_new(char out[AMB_SURVEY_TOKEN_LEN + 1]);
/* The stored form of a token: hex SHA-256 of its text. */
void amb_survey_token_hash(const char *token, char out[65]);

/* Field checks for the respondent list: 1 when valid. */
int amb_survey_valid_email(const char *s);
int amb_survey_valid_cvr(const char *s);
int amb_survey_valid_municipality(const char *s);

/* A new open campaign; AMB_EUSAGE when the name exists or closes is not
 * YYYY-MM-DD.  title and closes may be NULL. */
int amb_survey_create(amb_store *st, const char *name, const char *form_id,
                      const char *form_path, const char *title,
                      const char *closes, amb_error *err);
/* The campaign called name, or AMB_ENOTFOUND. */
int amb_survey_get(amb_store *st, const char *name, amb_survey_campaign *c,
                   amb_error *err);
void amb_survey_campaign_clear(amb_survey_campaign *c);
/* Open: status open and today (UTC) not after closes.  1 or 0. */
int amb_survey_is_open(const amb_survey_campaign *c);
int amb_survey_close(amb_store *st, const char *name, amb_error *err);

/* Import a respondent CSV (header: company, cvr, email, municipality,
 * industry[, contact]) read through read(ud).  Invalid and duplicate rows
 * are listed in problems and skipped; the valid rows go in one
 * transaction, and each one's "email,token" line goes to tokens (which
 * must not be NULL) before the commit.  *imported and *refused get the
 * counts.  An unreadable file or header is AMB_EPARSE and imports
 * nothing. */
int amb_survey_import(amb_store *st, const amb_survey_campaign *c,
                      long (*read)(void *, char *, size_t), void *ud,
                      FILE *tokens, amb_buf *problems, size_t *imported,
                      size_t *refused, amb_error *err);

/* Turn a JSON object {question: value | [values] | {row: code}} into
 * answers and validate every question of f in form order; each problem is
 * appended to problems.  Returns the number of problems. */
size_t amb_survey_check_answers(const amb_form *f, json_t *obj,
                                amb_form_answers *out, amb_buf *problems);

/* Record a complete response for the respondent holding token in campaign
 * c (replacing an earlier one).  An unknown token is AMB_ENOTFOUND with
 * the message every bad token gets; a closed campaign AMB_ECONFIG. */
int amb_survey_record(amb_store *st, const amb_survey_campaign *c,
                      const char *token, const amb_form *f,
                      const amb_form_answers *answers, amb_error *err);
/* The respondent id a token belongs to, or AMB_ENOTFOUND. */
int amb_survey_find_token(amb_store *st, const amb_survey_campaign *c,
                          const char *token, int64_t *id, amb_error *err);

/* Summaries (survey_report.c). */
int amb_survey_status_json(amb_store *st, const amb_survey_campaign *c,
                           json_t **out, amb_error *err);
/* Counts and shares per question and choice, overall and by municipality;
 * groups (and questions) with fewer than min_group responding companies
 * are {"suppressed": true} with no counts. */
int amb_survey_results_json(amb_store *st, const amb_survey_campaign *c,
                            const amb_form *f, int min_group, json_t **out,
                            amb_error *err);
/* One row per complete response, answer columns in form order; csv (1)
 * or a JSON array (0) on fp.  Codes, or with labels ("da" or "en") the
 * choices' labels in that language and the municipalities' names. */
int amb_survey_export(amb_store *st, const amb_survey_campaign *c,
                      const amb_form *f, int csv, const char *labels,
                      FILE *fp, amb_error *err);

#endif
