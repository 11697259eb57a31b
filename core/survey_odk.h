/*
 * survey_odk.h - ODK Collect / KoboToolbox submission instances read back
 * into a campaign (`ambit survey import-xml`, doc/survey.md "ODK Collect
 * and KoboToolbox").
 *
 * A submission is the primary instance of the XForm that `ambit form
 * xform` writes (core/form_xform.c): <data id="FORM" version="V"> with
 * <respondent> (the company's CVR number, which ties the submission to
 * the campaign's respondent list), one element per page holding one
 * element per question (a matrix holds one element per row), and
 * <meta><instanceID>.  Values are text; select-multiple values are
 * separated by spaces.
 *
 * Parsing is libxml2 with no network, no DTD (a DOCTYPE is refused as
 * soon as the parser meets it, so no entity is ever declared or
 * expanded) and the default size limits.
 *
 * Ownership: an amb_odk_submission owns its strings, answers and lines
 * and is released with amb_odk_submission_clear().  Problems are appended
 * to a caller-owned amb_buf as whole lines "NAME:LINE: what\n".
 */
#ifndef AMB_SURVEY_ODK_H
#define AMB_SURVEY_ODK_H

#include <stddef.h>

#include "form.h"
#include "store.h"
#include "survey.h"
#include "util.h"

#define AMB_ODK_MAX_BYTES (4u * 1024u * 1024u)   /* one submission file */

typedef struct amb_odk_submission {
    char *cvr;                /* <respondent>, trimmed; NULL when absent */
    char *instance_id;        /* meta/instanceID; NULL when absent */
    int root_line, cvr_line;
    amb_form_answers answers; /* by question id, as amb_form_validate_answer
                                 takes them */
    int *lines;               /* per question of the form: the line of its
                                 element (or of its page, or the root) */
    size_t nlines;
} amb_odk_submission;

/* Parse the len bytes at data (the file called name in messages) as a
 * submission of form f: structure, form id and version, respondent and
 * instance id.  Every problem is appended to problems; returns their
 * number (0: *out is filled; it is filled as far as it got otherwise,
 * and must be cleared either way).  Does not validate the answers. */
size_t amb_odk_parse(const amb_form *f, const char *name, const char *data,
                     size_t len, amb_odk_submission *out, amb_buf *problems);

/* Validate the parsed answers of s against f in form order, as
 * amb_survey_check_answers does for JSON (relevance, required, codes,
 * ranges, patterns, check functions).  Problems "NAME:LINE: question
 * 'id': what"; returns their number. */
size_t amb_odk_check(const amb_form *f, const char *name,
                     const amb_odk_submission *s, amb_buf *problems);

void amb_odk_submission_clear(amb_odk_submission *s);

/* What amb_odk_store did. */
typedef enum amb_odk_outcome {
    AMB_ODK_STORED,      /* a new complete response */
    AMB_ODK_REPLACED,    /* replaced the respondent's earlier response */
    AMB_ODK_DUPLICATE    /* this instanceID was imported before: nothing
                            changed */
} amb_odk_outcome;

/* Store the validated submission s of form f as the complete response of
 * the respondent of campaign c whose CVR is s->cvr, in one transaction
 * with its instanceID (table survey_odk_instances, schema 5).  Errors: AMB_ENOTFOUND no such respondent, AMB_EUSAGE an opted-out
 * respondent or an instanceID already imported for another respondent,
 * AMB_ERR a closed campaign, AMB_ESTORE. */
int amb_odk_store(amb_store *st, const amb_survey_campaign *c,
                  const amb_form *f, const amb_odk_submission *s,
                  const char *file, amb_odk_outcome *outcome,
                  amb_error *err);

#endif
