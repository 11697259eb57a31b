/*
 * test_survey.h - shared helpers of the survey unit tests.
 */
#ifndef AMB_TEST_SURVEY_H
#define AMB_TEST_SURVEY_H

#include "survey.h"

/* A store in a fresh directory with campaign "c" on the shipped employer
 * form; ts_done() closes and removes it. */
typedef struct tsv {
    char *dir;
    amb_store *st;
    amb_survey_campaign c;
    amb_form *f;
} tsv;

void ts_open(tsv *t);
void ts_done(tsv *t);
/* Import csv into t's campaign; tokens (may be NULL) gets the token file's
 * text (caller frees), problems the problem lines (caller frees). */
int ts_import(tsv *t, const char *csv, size_t *imported, size_t *refused,
              char **tokens, char **problems);

void ts_register_data(void);
void ts_register_session(void);

#endif
