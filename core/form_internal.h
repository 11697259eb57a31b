/*
 * form_internal.h - what the form modules share and nothing else uses.
 */
#ifndef AMB_FORM_INTERNAL_H
#define AMB_FORM_INTERNAL_H

#include <lua.h>

#include "form.h"

/* Registry key of a load's state table (constructors' bookkeeping). */
#define AMB_FORM_STATE_KEY "ambit.form.state"
/* Registry key of the original string.find. */
#define AMB_FORM_FIND_KEY "ambit.form.find"
/* Longest value a pattern is matched against, in bytes. */
#define AMB_FORM_PATTERN_INPUT_MAX 500

int amb_form_type_parse(const char *s);          /* -1 if unknown */
void amb_form_text_free(amb_form_text *t);
void amb_form_rel_free(amb_form_rel *r);          /* r itself too */
void amb_form_rel_clear(amb_form_rel *r);         /* contents only */
/* Record a problem (line 0: the form as a whole). */
void amb_form_problem_add(amb_form *f, int line, const char *question,
                          const char *fmt, ...) AMB_PRINTF(4, 5);
/* Read the form table at index ft (lines table at lt) into f. */
void amb_form_walk(amb_form *f, lua_State *L, int ft, int lt);
/* [a-z][a-z0-9_]*, at most AMB_FORM_ID_MAX bytes. */
int amb_form_id_ok(const char *s);
/* Give a likert question without choices the 1-5 agreement scale. */
void amb_form_likert_default(amb_form_question *q);
/* 1 when value is a code among q's choices. */
int amb_form_has_choice(const amb_form_question *q, const char *value);
/* Append the XPath of a relevance expression (XForm export). */
void amb_form_rel_xpath(const amb_form *f, const amb_form_rel *r,
                        amb_buf *b);

#endif
