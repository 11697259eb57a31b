/*
 * survey_post.h - what a browser posts to the web form: decoding an
 * application/x-www-form-urlencoded body into fields, and turning the
 * fields posted for one page of a form into answers.
 *
 * The decoder works on a whole body held in memory (the server caps it at
 * AMB_POST_MAX_BODY before it gets here) and is strict: an invalid percent
 * escape, a NUL byte, a byte sequence that is not well-formed UTF-8, a
 * field name outside [A-Za-z0-9_.-], and the caps on fields and lengths
 * are errors naming the field, never silently repaired.
 *
 * Ownership: an amb_post owns every string in it (one block) and is freed
 * with amb_post_free(); field pointers are valid until then.  Problems
 * (amb_post_errors) own their strings and are freed with
 * amb_post_errors_free().  Answers go into a caller-owned amb_form_answers.
 */
#ifndef AMB_SURVEY_POST_H
#define AMB_SURVEY_POST_H

#include <stddef.h>

#include "form.h"
#include "util.h"

#define AMB_POST_MAX_BODY (64 * 1024)   /* bytes, before decoding */
#define AMB_POST_MAX_FIELDS 512
#define AMB_POST_MAX_NAME 128           /* bytes of a decoded name */

typedef struct amb_post_field {
    const char *name;
    const char *value;                  /* NUL-terminated, no NUL inside */
    size_t value_len;
} amb_post_field;

typedef struct amb_post {
    amb_post_field *fields;             /* in body order */
    size_t n;
    char *mem;                          /* the decoded strings */
} amb_post;

/* Decode body (len bytes, need not be NUL-terminated) into *out.  Returns
 * 0; AMB_EPARSE for a malformed body and AMB_ELIMIT for one over the caps,
 * with err naming the field ("field 3: invalid percent escape").  An
 * empty body has no fields; empty "&&" separators are skipped and a
 * segment without '=' is a name with an empty value (as WHATWG's parser). */
int amb_post_decode(const char *body, size_t len, amb_post *out,
                    amb_error *err);
void amb_post_free(amb_post *p);                   /* NULL is fine */

/* The value of field name (the first when repeated), or NULL when absent;
 * *count (may be NULL) gets how many times the name occurs. */
const char *amb_post_get(const amb_post *p, const char *name, size_t *count);

/* ------------------------------------------------------------- problems */

/* A problem with one question (qid) or with the page as a whole (qid
 * NULL), in the language of the page. */
typedef struct amb_post_error {
    char *qid;
    char *msg;
} amb_post_error;

typedef struct amb_post_errors {
    amb_post_error *e;
    size_t n, cap;
} amb_post_errors;

/* Append a problem; takes ownership of msg (malloc'd).  A second problem
 * for the same question is dropped (the first one is shown). */
void amb_post_errors_add(amb_post_errors *es, const char *qid, char *msg);
/* The message for qid, or NULL. */
const char *amb_post_errors_get(const amb_post_errors *es, const char *qid);
void amb_post_errors_free(amb_post_errors *es);

/* ---------------------------------------------------------------- pages */

/* 1 when name is one of the control fields the page form carries
 * (csrf, page, lang, action) rather than an answer. */
int amb_post_is_control(const char *name);

/* Map the answer fields of p posted for page `page` of f into out (the
 * page's questions that got a non-blank value; items as
 * amb_form_validate_answer takes them: multi codes, matrix "row=code").
 * Field names: a question id of the page, or "ID.ROW" for a matrix row.
 * Rejected, each with a problem in es (in lang): a field that is no
 * question of this page (a page-level problem), a value outside the
 * choices, a repeated single-valued field or matrix row, a repeated
 * multi code.  A rejected question gets no answer in out.  Returns the
 * number of problems added. */
size_t amb_post_page_answers(const amb_form *f, size_t page,
                             const amb_post *p, const char *lang,
                             amb_form_answers *out, amb_post_errors *es);

#endif
