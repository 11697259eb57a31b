/*
 * survey_page.h - the respondent's pages of the web form as HTML: one page
 * of a form (with skip logic, errors and the values kept), the receipt,
 * the saved notice, the opt-out pages, the neutral page for every link
 * that does not work, and short status pages (400, 403, 413, ...).
 *
 * Every page is a complete document with no script and no external
 * asset: the only style is the inline <style> whose text
 * amb_survey_page_css() returns (the server puts its hash in the
 * Content-Security-Policy).  Every string from a form, an answer or a
 * campaign goes through html_writer's escaper.  Links are relative to the
 * page's own URL (BASE/s/TOKEN or BASE/o/TOKEN), so the server works
 * behind a proxy that mounts it under a path.  Element ids follow the
 * web form's contract (doc/survey-web.md).
 *
 * Ownership: the view borrows everything it points to; the render
 * functions append to a caller-owned amb_buf.
 */
#ifndef AMB_SURVEY_PAGE_H
#define AMB_SURVEY_PAGE_H

#include <stddef.h>

#include "form.h"
#include "survey_post.h"
#include "util.h"

typedef struct amb_survey_view {
    const amb_form *f;
    const char *title;       /* the campaign's title; NULL: the form's */
    const char *token;       /* from the URL, [0-9a-f] only (checked) */
    const char *lang;        /* "da" or "en" */
    const char *csrf;        /* hex, for the hidden field */
    const char *base;        /* the server's base URL, for the saved notice */
    size_t page;             /* the page shown (0-based) */
    const amb_form_answers *answers;  /* values shown: saved, or as posted */
    const amb_post_errors *errors;    /* NULL or empty: none */
    int more;                /* the last post made more questions appear */
} amb_survey_view;

/* ------------------------------------------------------------ navigation */

/* 1 when some question of page is relevant given answers. */
int amb_survey_page_relevant(const amb_form *f, size_t page,
                             const amb_form_answers *answers);
/* The nearest relevant page after (or before) page, or -1. */
long amb_survey_page_next(const amb_form *f, size_t page,
                          const amb_form_answers *answers);
long amb_survey_page_prev(const amb_form *f, size_t page,
                          const amb_form_answers *answers);
/* The first relevant page at or after page (or the last relevant page
 * before it when there is none after); 0 for a form with none. */
size_t amb_survey_page_settle(const amb_form *f, size_t page,
                              const amb_form_answers *answers);

/* ----------------------------------------------------------------- pages */

/* The inline stylesheet every page carries (a static string). */
const char *amb_survey_page_css(void);

/* Page v->page of the form with its relevant questions, the progress,
 * v->errors (a summary at the top linking to each field, and each message
 * beside its field), hidden csrf/page/lang fields and the buttons. */
void amb_survey_render_form(const amb_survey_view *v, amb_buf *out);
/* The receipt after submitting: receipt code, submitted_at (may be NULL). */
void amb_survey_render_receipt(const amb_survey_view *v, const char *receipt,
                               const char *submitted_at, amb_buf *out);
/* "Your answers are saved", with the link to continue at v->page. */
void amb_survey_render_saved(const amb_survey_view *v, amb_buf *out);
/* The opt-out page of /o/TOKEN: a confirm form (done == 0) or the
 * confirmation that the respondent is opted out (done == 1). */
void amb_survey_render_optout(const amb_survey_view *v, int done,
                              amb_buf *out);
/* The same page for every token that does not work (unknown, closed,
 * opted out) and every other path: bilingual, no detail. */
void amb_survey_render_neutral(amb_buf *out);
/* A short bilingual page for an HTTP error status (400, 403, 405, 413,
 * 415, 429, 500, 503). */
void amb_survey_render_status(int status, amb_buf *out);

#endif
