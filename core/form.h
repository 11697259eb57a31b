/*
 * form.h - survey forms: the model a form file (Lua, doc/forms.md) loads
 * into, the problems a check finds, and the server-side evaluation of
 * relevance and answers that the web form uses.
 *
 * Ownership: amb_form_load() returns a form the caller frees with
 * amb_form_free(); the form owns every string in it and the sandbox its
 * check functions live in.  Problems are owned by the form.  Answers
 * (amb_form_answers) are owned by the caller; the form never keeps them.
 * The evaluation functions are not thread-safe per form (they share its
 * sandbox); use one form per thread.
 */
#ifndef AMB_FORM_H
#define AMB_FORM_H

#include <stddef.h>
#include <stdio.h>

#include "lua_host.h"
#include "util.h"

#define AMB_FORM_ID_MAX 64

typedef enum amb_form_type {
    AMB_FORM_SINGLE, AMB_FORM_MULTI, AMB_FORM_YESNO, AMB_FORM_INTEGER,
    AMB_FORM_DECIMAL, AMB_FORM_TEXT, AMB_FORM_LONGTEXT, AMB_FORM_LIKERT,
    AMB_FORM_MATRIX, AMB_FORM_MUNICIPALITY, AMB_FORM_OCCUPATION,
    AMB_FORM_NTYPES
} amb_form_type;

/* A Danish and an English text; either may be NULL (Danish is required
 * wherever a text is, which the check reports). */
typedef struct amb_form_text {
    char *da;
    char *en;
} amb_form_text;

typedef struct amb_form_choice {
    char *code;
    amb_form_text label;
} amb_form_choice;

/* The relevance grammar (doc/forms.md). */
typedef enum amb_form_op {
    AMB_REL_EQ, AMB_REL_NE, AMB_REL_GT, AMB_REL_GE, AMB_REL_LT, AMB_REL_LE,
    AMB_REL_HAS, AMB_REL_ALL, AMB_REL_ANY, AMB_REL_NONE
} amb_form_op;

typedef struct amb_form_rel {
    amb_form_op op;
    char *q;                     /* comparisons: the question id */
    char *value;                 /* comparisons: the value as text */
    double num;                  /* ... and as a number, when is_num */
    int is_num;
    struct amb_form_rel *kids;   /* all/any/none: the terms */
    size_t nkids;
} amb_form_rel;

typedef struct amb_form_question {
    char *id;
    amb_form_type type;
    int line;                    /* of the declaration */
    size_t page;                 /* index into form->pages */
    amb_form_text label, hint;
    int required;
    amb_form_choice *choices;    /* single, multi, likert, matrix scale */
    size_t nchoices;
    amb_form_choice *rows;       /* matrix rows */
    size_t nrows;
    int has_min, has_max;        /* numbers: value; text: length */
    double min, max;
    char *pattern;               /* the pattern subset of doc/forms.md */
    amb_form_text message;       /* shown when min/max/pattern fail */
    int check_ref;               /* check function in the sandbox registry,
                                    LUA_NOREF when absent */
    amb_form_rel *relevant;      /* NULL: always relevant */
} amb_form_question;

typedef struct amb_form_page {
    char *id;
    int line;
    amb_form_text title;
    size_t first, count;         /* its questions in form->questions */
} amb_form_page;

typedef struct amb_form_problem {
    int line;
    char *question;              /* id, or NULL for form/page problems */
    char *message;
} amb_form_problem;

typedef struct amb_form {
    char *file;
    char *id, *version;
    int line;
    amb_form_text title, intro;
    amb_form_page *pages;
    size_t npages;
    amb_form_question *questions;
    size_t nquestions;
    amb_form_problem *problems;  /* what the check found, in file order */
    size_t nproblems;
    amb_lua *lua;                /* owned: check functions live here */
} amb_form;

/* Run a form file in a fresh sandbox (limits may be NULL) and build the
 * model.  Returns 0 with *out set even when the form has problems (the
 * caller looks at nproblems); AMB_EPARSE/AMB_ERR/AMB_ELIMIT/AMB_EIO with
 * err ("file:line: ...") when the file cannot run or declares no form. */
int amb_form_load(const char *path, const amb_lua_limits *limits,
                  amb_form **out, amb_error *err);
/* The same for a string; name stands for the file in messages. */
int amb_form_load_string(const char *code, const char *name,
                         const amb_lua_limits *limits, amb_form **out,
                         amb_error *err);
void amb_form_free(amb_form *f);                  /* NULL is fine */

const amb_form_question *amb_form_find(const amb_form *f, const char *id);
const char *amb_form_type_name(amb_form_type t);
/* The text in lang ("da" default, "en"), falling back to Danish. */
const char *amb_form_tr(const amb_form_text *t, const char *lang);

/* The eleven North Jutland municipalities (code, Danish name). */
size_t amb_form_municipality_count(void);
const amb_form_choice *amb_form_municipality(size_t i);
/* The choices of a question: its own, the municipalities, or yes/no. */
const amb_form_choice *amb_form_choices(const amb_form_question *q,
                                        size_t *n);

/* --------------------------------------------------------------- answers */

/* One answer: a list of strings.  Single values have n == 1; multi has
 * the chosen codes; matrix has "row=code" items; n == 0 is no answer. */
typedef struct amb_form_value {
    char **items;
    size_t n;
} amb_form_value;

typedef struct amb_form_answer {
    char *id;
    amb_form_value value;
} amb_form_answer;

/* id -> value.  Zero-initialise; amb_form_answers_free() frees all. */
typedef struct amb_form_answers {
    amb_form_answer *a;
    size_t n, cap;
} amb_form_answers;

/* Set id to a copy of items[0..n) (replacing an earlier value). */
void amb_form_answers_set(amb_form_answers *as, const char *id,
                          const char *const *items, size_t n);
/* Shorthand for one string. */
void amb_form_answers_set1(amb_form_answers *as, const char *id,
                           const char *value);
const amb_form_value *amb_form_answers_get(const amb_form_answers *as,
                                           const char *id);
void amb_form_answers_free(amb_form_answers *as);

/* 1 when q is to be asked given answers (its relevance holds and every
 * question it refers to is relevant itself), else 0. */
int amb_form_relevant(const amb_form *f, const amb_form_question *q,
                      const amb_form_answers *answers);

/* Parse a number the way the form accepts it: optional sign, digits with
 * optional '.' or ',' decimals (Danish "1.234,5" and English "1,234.5"
 * thousands separators), bounded to +-1e15.  0 or -1. */
int amb_form_parse_number(const char *s, int integral, double *out);

/* Validate raw as the answer to q (answers gives the others, for the check
 * function).  Returns 0 when valid; AMB_EPARSE with *msg_out set (malloc'd,
 * in lang, caller frees) when not; AMB_ELIMIT/AMB_ERR with msg_out set when
 * the check function failed (its error, prefixed).  A non-relevant
 * question accepts only no answer. */
int amb_form_validate_answer(const amb_form *f, const amb_form_question *q,
                             const amb_form_value *raw,
                             const amb_form_answers *answers,
                             const char *lang, char **msg_out);

/* Is s a valid pattern of the subset?  0, or -1 with why. */
int amb_form_pattern_check(const char *s, amb_error *why);
/* The pattern as an XPath regex (caller frees). */
char *amb_form_pattern_regex(const char *s);

/* ---------------------------------------------------------------- output */

/* Static accessible HTML of the whole form; 0 or AMB_EIO. */
int amb_form_preview(const amb_form *f, const char *lang, FILE *fp,
                     amb_error *err);
/* An ODK XForm written to path; 0, AMB_EIO, or AMB_ECONFIG for a form
 * with problems (ids become element names). */
int amb_form_xform(const amb_form *f, const char *path, amb_error *err);

#endif
