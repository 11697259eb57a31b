/*
 * survey_serve.c - the web form's HTTP server (survey_serve.h): the
 * libmicrohttpd daemon, routing, the security headers, the body cap, the
 * per-client rate limit, CSRF, and the page flow (save on every page,
 * server-side skip logic, submit exactly once).
 *
 * Request flow: MHD calls on_request() first with the headers (method,
 * rate limit and declared length are checked there), then with each piece
 * of the body (kept up to AMB_POST_MAX_BODY, 413 beyond), then once more
 * with no data, when the request is routed.  A post is decoded whole
 * (survey_post.c), its CSRF token checked, the respondent looked up, the
 * page validated with the campaign's form and saved; only after the commit
 * is the 303 to the next page queued.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "log.h"
#include "survey_commit.h"
#include "survey_net.h"
#include "survey_page.h"
#include "survey_post.h"
#include "survey_serve.h"

#define MAX_PAGE 100000
#define DISCARD_MAX (16 * AMB_POST_MAX_BODY)

typedef struct pooled {
    char *path;
    amb_form *f;
    int busy;
} pooled;

/* The pages that never change, rendered once. */
enum { P_NEUTRAL, P_400, P_403, P_405, P_413, P_415, P_429, P_500, P_COUNT };

struct amb_serve {
    struct MHD_Daemon *d;
    amb_survey_db *db;                 /* borrowed; under db_lock */
    pthread_mutex_t db_lock, pool_lock;
    unsigned char secret[32];
    char csp[200];
    char *url, *base;
    int https;
    pooled *forms;                     /* under pool_lock */
    size_t nforms, capforms;
    amb_rate *limiter;                 /* NULL: no rate limit */
    amb_buf fixed[P_COUNT];
    amb_committer *committer;          /* the group commit's writer */
    amb_survey_db *wdb;                /* its connection: db or write_db */
    pthread_mutex_t *wlock;            /* and the mutex guarding that */
    pthread_mutex_t write_lock;        /* guards write_db */
};

/* What a suspended request waits for: its write in the next group
 * commit, and how to answer once it is durable. */
typedef enum then { THEN_ADVANCE, THEN_SUBMIT } then;
typedef struct job {
    amb_survey_write w;                /* its answers owned here */
    struct MHD_Connection *c;
    then next;
    int action;                        /* THEN_ADVANCE: an act */
    int more;
    long target;
    char token[AMB_SURVEY_TOKEN_LEN + 1];
    char lang[3];
    pthread_mutex_t lock;              /* guards done */
    int done;
} job;

/* Per request: the body gathered so far. */
typedef struct req {
    amb_buf body;
    size_t seen;                       /* body bytes received */
    int too_big;                       /* the body is over the cap */
    int answered;                      /* a response is queued already */
    job *job;                          /* a write being committed */
} req;

/* ----------------------------------------------------------- responses */

/* The headers every answer carries. */
static void secure(amb_serve *s, struct MHD_Response *r)
{
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "text/html; charset=utf-8");
    MHD_add_response_header(r, "Content-Security-Policy", s->csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "Permissions-Policy",
                            "camera=(), microphone=(), geolocation=(), "
                            "payment=(), usb=(), interest-cohort=()");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    if (s->https)
        MHD_add_response_header(r, "Strict-Transport-Security",
                                "max-age=31536000");
}

static enum MHD_Result queue(amb_serve *s, struct MHD_Connection *c,
                             unsigned status, struct MHD_Response *r,
                             const char *hname, const char *hvalue)
{
    if (!r)
        return MHD_NO;
    secure(s, r);
    if (hname)
        MHD_add_response_header(r, hname, hvalue);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* A rendered page; takes b's memory. */
static enum MHD_Result send_page(amb_serve *s, struct MHD_Connection *c,
                                 unsigned status, amb_buf *b)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        b->len, b->data, MHD_RESPMEM_MUST_FREE);
    if (r)
        b->data = NULL;
    amb_buf_free(b);
    return queue(s, c, status, r, NULL, NULL);
}

static enum MHD_Result send_fixed(amb_serve *s, struct MHD_Connection *c,
                                  int which, unsigned status,
                                  const char *hname, const char *hvalue)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        s->fixed[which].len, s->fixed[which].data, MHD_RESPMEM_PERSISTENT);
    return queue(s, c, status, r, hname, hvalue);
}

static enum MHD_Result send_status(amb_serve *s, struct MHD_Connection *c,
                                   unsigned status)
{
    int which = status == 400 ? P_400 : status == 403 ? P_403
              : status == 405 ? P_405 : status == 413 ? P_413
              : status == 415 ? P_415 : status == 429 ? P_429 : P_500;
    return send_fixed(s, c, which, status,
                      status == 405 ? MHD_HTTP_HEADER_ALLOW : NULL,
                      "GET, HEAD, POST");
}

/* Every link that does not work gets exactly this. */
static enum MHD_Result send_neutral(amb_serve *s, struct MHD_Connection *c)
{
    return send_fixed(s, c, P_NEUTRAL, MHD_HTTP_NOT_FOUND, NULL, NULL);
}

/* 303 See Other to a link relative to /s/TOKEN (POST-redirect-GET). */
static enum MHD_Result send_redirect(amb_serve *s, struct MHD_Connection *c,
                                     const char *location)
{
    static const char body[] = "<!DOCTYPE html>\n<title>303</title>\n";
    struct MHD_Response *r = MHD_create_response_from_buffer(
        sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    return queue(s, c, MHD_HTTP_SEE_OTHER, r, MHD_HTTP_HEADER_LOCATION,
                 location);
}

/* ---------------------------------------------------------- rate limit */

/* 1 when the client of c may go on (survey_net.h); else *wait gets the
 * seconds to wait. */
static int rate_ok(amb_serve *s, struct MHD_Connection *c, double *wait)
{
    if (!s->limiter)
        return 1;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr)
        return 1;
    return amb_rate_allow(s->limiter, ci->client_addr, wait);
}

/* ---------------------------------------------------------------- forms */

/* Lend a loaded form for path (loading one when every copy is busy), or
 * NULL when the file cannot be loaded or has problems (logged). */
static amb_form *form_get(amb_serve *s, const char *path)
{
    pthread_mutex_lock(&s->pool_lock);
    for (size_t i = 0; i < s->nforms; i++)
        if (!s->forms[i].busy && strcmp(s->forms[i].path, path) == 0) {
            s->forms[i].busy = 1;
            pthread_mutex_unlock(&s->pool_lock);
            return s->forms[i].f;
        }
    pthread_mutex_unlock(&s->pool_lock);
    amb_error err;
    amb_form *f = NULL;
    if (amb_form_load(path, NULL, &f, &err) != 0) {
        amb_log(AMB_LOG_ERROR, "survey serve: %s", err.msg);
        return NULL;
    }
    if (f->nproblems || f->npages == 0) {
        amb_log(AMB_LOG_ERROR, "survey serve: %s: the form has problems "
                "(see 'ambit form check')", path);
        amb_form_free(f);
        return NULL;
    }
    pthread_mutex_lock(&s->pool_lock);
    if (s->nforms == s->capforms) {
        s->capforms = s->capforms ? 2 * s->capforms : 8;
        s->forms = amb_xrealloc(s->forms, s->capforms * sizeof *s->forms);
    }
    s->forms[s->nforms++] = (pooled){amb_xstrdup(path), f, 1};
    pthread_mutex_unlock(&s->pool_lock);
    return f;
}

static void form_put(amb_serve *s, amb_form *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&s->pool_lock);
    for (size_t i = 0; i < s->nforms; i++)
        if (s->forms[i].f == f)
            s->forms[i].busy = 0;
    pthread_mutex_unlock(&s->pool_lock);
}

/* ------------------------------------------------------------------ csrf */

void amb_serve_csrf(const unsigned char secret[32], const char *token,
                    char out[65])
{
    char hash[65];
    amb_survey_token_hash(token, hash);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret, 32, (const unsigned char *)hash, 64, mac,
         &len);
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; i++) {
        out[2 * i] = hex[mac[i] >> 4];
        out[2 * i + 1] = hex[mac[i] & 15];
    }
    out[64] = '\0';
}

/* given is the CSRF token want (computed once per request). */
static int csrf_ok(const char *want, const char *given)
{
    return given && strlen(given) == 64 &&
           CRYPTO_memcmp(want, given, 64) == 0;
}

/* ---------------------------------------------------------------- lookup */

/* Look the token up under the store lock.  Returns 0 with r filled (and
 * the saved answers in *as when as is not NULL and the response is not
 * complete), 1 for the neutral page (unknown token, closed campaign, or
 * opted out unless opted_ok), -1 for a store error (logged).  mark: set
 * the status to opened. */
static int lookup(amb_serve *s, const char *token, int opted_ok, int mark,
                  amb_survey_resp *r, amb_form_answers *as)
{
    amb_error err;
    int ret = 0;
    pthread_mutex_lock(&s->db_lock);
    int rc = amb_survey_db_resolve(s->db, token, r, &err);
    if (rc == AMB_ENOTFOUND) {
        ret = 1;
    } else if (rc) {
        ret = -1;
    } else if (!r->open || (!opted_ok && strcmp(r->status, "opted_out") == 0)) {
        amb_survey_resp_clear(r);
        ret = 1;
    } else {
        int complete = strcmp(r->status, "complete") == 0;
        if (as && !complete)
            rc = amb_survey_db_answers(s->db, r->id, as, &err);
        if (rc == 0 && mark && (strcmp(r->status, "new") == 0 ||
                                strcmp(r->status, "invited") == 0 ||
                                strcmp(r->status, "mail_failed") == 0))
            rc = amb_survey_db_opened(s->db, r->id, &err);
        if (rc) {
            amb_survey_resp_clear(r);
            ret = -1;
        }
    }
    pthread_mutex_unlock(&s->db_lock);
    if (ret < 0)
        amb_log(AMB_LOG_ERROR, "survey serve: %s", err.msg);
    return ret;
}

/* ----------------------------------------------------------- page logic */

static int valid_lang(const char *l)
{
    return l && (strcmp(l, "da") == 0 || strcmp(l, "en") == 0);
}

/* The page language: asked for, else the respondent's, else Danish. */
static const char *pick_lang(const char *asked, const amb_survey_resp *r)
{
    if (valid_lang(asked))
        return strcmp(asked, "en") == 0 ? "en" : "da";
    if (valid_lang(r->lang))
        return strcmp(r->lang, "en") == 0 ? "en" : "da";
    return "da";
}

/* A page number from a query or a field: 0..MAX_PAGE, else -1. */
static long parse_page(const char *s)
{
    if (!s || !*s || strlen(s) > 6)
        return -1;
    long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v <= MAX_PAGE ? v : -1;
}

/* The answers of in, keeping only relevant ones (of page `only`'s
 * questions, or of all questions when only is SIZE_MAX) and only those
 * of f's questions. */
static void prune(const amb_form *f, size_t only, const amb_form_answers *in,
                  amb_form_answers *out)
{
    for (size_t i = 0; i < in->n; i++) {
        const amb_form_question *q = amb_form_find(f, in->a[i].id);
        if (!q || ((only == SIZE_MAX || q->page == only) &&
                   !amb_form_relevant(f, q, in)))
            continue;
        amb_form_answers_set(out, in->a[i].id,
                             (const char *const *)in->a[i].value.items,
                             in->a[i].value.n);
    }
}

/* saved without page's questions, plus posted. */
static void merge(const amb_form *f, size_t page,
                  const amb_form_answers *saved,
                  const amb_form_answers *posted, amb_form_answers *out)
{
    for (size_t i = 0; i < saved->n; i++) {
        const amb_form_question *q = amb_form_find(f, saved->a[i].id);
        if (q && q->page != page)
            amb_form_answers_set(out, saved->a[i].id,
                                 (const char *const *)saved->a[i].value.items,
                                 saved->a[i].value.n);
    }
    for (size_t i = 0; i < posted->n; i++)
        amb_form_answers_set(out, posted->a[i].id,
                             (const char *const *)posted->a[i].value.items,
                             posted->a[i].value.n);
}

static int blank_value(const amb_form_value *v)
{
    if (!v || v->n == 0)
        return 1;
    if (v->n > 1)
        return 0;
    for (const char *p = v->items[0]; *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}

/* Validate the relevant questions of page; a blank answer is accepted
 * unless require.  Problems go to es; returns their number. */
static size_t validate_page(const amb_form *f, size_t page,
                            const amb_form_answers *as, const char *lang,
                            int require, amb_post_errors *es)
{
    size_t before = es->n;
    const amb_form_page *pg = &f->pages[page];
    for (size_t k = pg->first; k < pg->first + pg->count; k++) {
        const amb_form_question *q = &f->questions[k];
        if (!amb_form_relevant(f, q, as))
            continue;
        const amb_form_value *v = amb_form_answers_get(as, q->id);
        if (!require && blank_value(v))
            continue;
        char *msg = NULL;
        if (amb_form_validate_answer(f, q, v, as, lang, &msg) != 0)
            amb_post_errors_add(es, q->id, msg ? msg : amb_xstrdup("?"));
        else
            free(msg);
    }
    return es->n - before;
}

/* Page p can be shown: it is relevant and every relevant page before it
 * is complete and valid. */
static int reachable(const amb_form *f, size_t p, const amb_form_answers *as)
{
    if (!amb_survey_page_relevant(f, p, as))
        return 0;
    amb_post_errors es = {0};
    for (size_t i = 0; i < p && es.n == 0; i++)
        validate_page(f, i, as, "da", 1, &es);
    size_t n = es.n;
    amb_post_errors_free(&es);
    return n == 0;
}

/* A question of page that the post made relevant and that has no answer
 * yet: the respondent has not seen it. */
static int newly_relevant(const amb_form *f, size_t page,
                          const amb_form_answers *before,
                          const amb_form_answers *after)
{
    const amb_form_page *pg = &f->pages[page];
    for (size_t k = pg->first; k < pg->first + pg->count; k++) {
        const amb_form_question *q = &f->questions[k];
        if (amb_form_relevant(f, q, after) &&
            !amb_form_relevant(f, q, before) &&
            blank_value(amb_form_answers_get(after, q->id)))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------- handlers */

typedef struct ctx {
    amb_serve *s;
    struct MHD_Connection *c;
    req *rq;
    const char *token;
    amb_survey_resp r;
    amb_form_answers saved;
    amb_form *f;
    const char *lang;
    char csrf[65];
} ctx;

static void ctx_clear(ctx *x)
{
    form_put(x->s, x->f);
    amb_survey_resp_clear(&x->r);
    amb_form_answers_free(&x->saved);
}

static amb_survey_view view_of(ctx *x, size_t page)
{
    amb_survey_view v = {x->f, x->r.title, x->token, x->lang, x->csrf,
                         x->s->base, page, &x->saved, NULL, 0};
    return v;
}

static enum MHD_Result show_receipt(ctx *x)
{
    amb_buf b = {0};
    amb_survey_view v = view_of(x, 0);
    v.f = NULL;
    if (!v.title)
        v.title = x->r.campaign_name;
    amb_survey_render_receipt(&v, x->r.receipt, x->r.submitted_at, &b);
    return send_page(x->s, x->c, MHD_HTTP_OK, &b);
}

/* 303 to the respondent's page with query q (may be empty). */
static enum MHD_Result redirect_to(amb_serve *s, struct MHD_Connection *c,
                                   const char *token, const char *lang,
                                   const char *q)
{
    char *loc = amb_xasprintf("%s?%s%slang=%s", token, q, *q ? "&" : "",
                              lang);
    enum MHD_Result ret = send_redirect(s, c, loc);
    free(loc);
    return ret;
}

static enum MHD_Result redirect(ctx *x, const char *fmt, ...) AMB_PRINTF(2, 3);
static enum MHD_Result redirect(ctx *x, const char *fmt, ...)
{
    char q[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q, sizeof q, fmt, ap);
    va_end(ap);
    return redirect_to(x->s, x->c, x->token, x->lang, q);
}

static enum MHD_Result get_form(ctx *x)
{
    struct MHD_Connection *c = x->c;
    x->lang = pick_lang(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                                    "lang"), &x->r);
    if (strcmp(x->r.status, "complete") == 0)
        return show_receipt(x);
    if (!(x->f = form_get(x->s, x->r.form_path)))
        return send_status(x->s, c, 500);
    size_t page = amb_survey_page_settle(x->f, (size_t)(x->r.page < 0 ? 0
                                                       : x->r.page),
                                         &x->saved);
    long asked = parse_page(MHD_lookup_connection_value(
        c, MHD_GET_ARGUMENT_KIND, "page"));
    if (asked >= 0 && (size_t)asked != page &&
        (size_t)asked < x->f->npages && reachable(x->f, (size_t)asked,
                                                  &x->saved))
        page = (size_t)asked;
    const char *saved = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                                    "saved");
    const char *more = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                                   "more");
    amb_survey_view v = view_of(x, page);
    v.more = more && strcmp(more, "1") == 0;
    amb_buf b = {0};
    if (saved && strcmp(saved, "1") == 0)
        amb_survey_render_saved(&v, &b);
    else
        amb_survey_render_form(&v, &b);
    return send_page(x->s, c, MHD_HTTP_OK, &b);
}

typedef enum act { A_NEXT, A_BACK, A_SAVE, A_SUBMIT } act;

/* ---------------------------------------------------------- group commit */

/* The writer's done(): the job's write is durable (or failed); let MHD
 * call the handler again, which answers in answer_job(). */
static void job_done(void *ud)
{
    job *j = ud;
    struct MHD_Connection *c = j->c;
    pthread_mutex_lock(&j->lock);
    j->done = 1;
    pthread_mutex_unlock(&j->lock);
    MHD_resume_connection(c);
}

static void job_free(job *j)
{
    if (!j)
        return;
    amb_form_answers_free(&j->w.answers);
    pthread_mutex_destroy(&j->lock);
    free(j);
}

/* Queue a write of as (copied) for the next group commit and suspend the
 * request until the write is durable: nothing is acknowledged before its
 * commit.  submit: a submission, else a save with page to resume at. */
static enum MHD_Result defer(ctx *x, int submit, const amb_form_answers *as,
                             then next, act a, long page, int more)
{
    job *j = amb_xcalloc(1, sizeof *j);
    pthread_mutex_init(&j->lock, NULL);
    j->w.id = x->r.id;
    j->w.submit = submit;
    j->w.page = (int)page;
    for (size_t i = 0; i < as->n; i++)
        amb_form_answers_set(&j->w.answers, as->a[i].id,
                             (const char *const *)as->a[i].value.items,
                             as->a[i].value.n);
    j->c = x->c;
    j->next = next;
    j->action = a;
    j->target = page;
    j->more = more;
    snprintf(j->token, sizeof j->token, "%s", x->token);
    snprintf(j->lang, sizeof j->lang, "%s", x->lang);
    x->rq->job = j;
    MHD_suspend_connection(x->c);
    if (amb_committer_queue(x->s->committer, &j->w, job_done, j)) {
        /* The server is stopping: write it here, answer the same way. */
        amb_survey_write *one = &j->w;
        amb_error err;
        pthread_mutex_lock(x->s->wlock);
        amb_survey_db_write_batch(x->s->wdb, &one, 1, &err);
        pthread_mutex_unlock(x->s->wlock);
        job_done(j);
    }
    return MHD_YES;
}

/* Answer a request whose write has been committed (or has failed). */
static enum MHD_Result answer_job(amb_serve *s, struct MHD_Connection *c,
                                  const job *j)
{
    int rc = j->w.rc;
    char q[96] = "";
    if (j->next == THEN_ADVANCE && rc == AMB_EUSAGE)
        rc = 0;                      /* submitted meanwhile: the receipt */
    else if (j->next == THEN_ADVANCE && rc == 0)
        snprintf(q, sizeof q, j->action == A_SAVE ? "saved=1&page=%ld"
                 : j->more ? "page=%ld&more=1" : "page=%ld", j->target);
    if (rc < 0) {
        amb_log(AMB_LOG_ERROR, "survey serve: %s", j->w.err.msg);
        return send_status(s, c, 500);
    }
    return redirect_to(s, c, j->token, j->lang, q);
}

/* Save answers with page to resume at; 0, 1 when the response was
 * submitted meanwhile, -1 on a store error (logged). */
static int save(ctx *x, const amb_form_answers *as, size_t page)
{
    amb_error err;
    pthread_mutex_lock(&x->s->db_lock);
    int rc = amb_survey_db_save(x->s->db, x->r.id, x->f, as, (int)page, &err);
    pthread_mutex_unlock(&x->s->db_lock);
    if (rc == AMB_EUSAGE)
        return 1;
    if (rc)
        amb_log(AMB_LOG_ERROR, "survey serve: %s", err.msg);
    return rc ? -1 : 0;
}

/* Re-show page with the values as posted and the problems. */
static enum MHD_Result show_errors(ctx *x, size_t page,
                                   const amb_form_answers *as,
                                   const amb_post_errors *es)
{
    amb_survey_view v = view_of(x, page);
    v.answers = as;
    v.errors = es;
    amb_buf b = {0};
    amb_survey_render_form(&v, &b);
    return send_page(x->s, x->c, MHD_HTTP_UNPROCESSABLE_CONTENT, &b);
}

/* Submit: every relevant page valid, then one transaction.  Shows the
 * first page with a problem instead (after saving what was given). */
static enum MHD_Result submit(ctx *x, size_t page, const amb_form_answers *as)
{
    amb_post_errors es = {0};
    size_t bad = 0;
    for (size_t i = 0; i < x->f->npages && es.n == 0; i++)
        if (validate_page(x->f, i, as, x->lang, 1, &es))
            bad = i;
    enum MHD_Result ret;
    if (es.n) {
        int rc = save(x, as, bad);
        ret = rc < 0 ? send_status(x->s, x->c, 500)
            : rc > 0 ? redirect(x, "%s", "")
                     : show_errors(x, bad, as, &es);
        amb_post_errors_free(&es);
        return ret;
    }
    (void)page;
    amb_form_answers final = {0};
    prune(x->f, SIZE_MAX, as, &final);
    ret = defer(x, 1, &final, THEN_SUBMIT, A_SUBMIT, 0, 0);
    amb_form_answers_free(&final);
    return ret;
}

/* The page's answers are valid: act on them (more: the page grew and
 * is shown again). */
static enum MHD_Result advance(ctx *x, act a, size_t page, int more,
                               const amb_form_answers *as)
{
    long target = (long)page;
    if (a == A_BACK) {
        long p = amb_survey_page_prev(x->f, page, as);
        target = p >= 0 ? p : (long)page;
    } else if (a == A_NEXT || a == A_SUBMIT) {
        if (!more && a == A_SUBMIT)
            return submit(x, page, as);
        if (!more) {
            long p = amb_survey_page_next(x->f, page, as);
            target = p >= 0 ? p : (long)page;
        }
    }
    return defer(x, 0, as, THEN_ADVANCE, a, target, more);
}

static enum MHD_Result post_form(ctx *x, const amb_post *p)
{
    amb_serve *s = x->s;
    size_t n_csrf, n_act, n_page, n_lang;
    const char *csrf = amb_post_get(p, "csrf", &n_csrf);
    const char *action = amb_post_get(p, "action", &n_act);
    const char *pagestr = amb_post_get(p, "page", &n_page);
    const char *lang = amb_post_get(p, "lang", &n_lang);
    if (n_csrf != 1 || !csrf_ok(x->csrf, csrf))
        return send_status(s, x->c, 403);
    static const char *const acts[] = {"next", "back", "save", "submit"};
    int a = -1;
    for (int i = 0; n_act == 1 && i < 4; i++)
        if (strcmp(action, acts[i]) == 0)
            a = i;
    long page = n_page == 1 ? parse_page(pagestr) : -1;
    if (a < 0 || page < 0 || n_lang > 1 || (n_lang && !valid_lang(lang)))
        return send_status(s, x->c, 400);
    x->lang = pick_lang(lang, &x->r);
    if (strcmp(x->r.status, "complete") == 0)
        return show_receipt(x);             /* a second submit */
    if (!(x->f = form_get(s, x->r.form_path)))
        return send_status(s, x->c, 500);
    if ((size_t)page >= x->f->npages)
        return send_status(s, x->c, 400);
    amb_post_errors es = {0};
    amb_form_answers posted = {0}, merged = {0}, as = {0};
    amb_post_page_answers(x->f, (size_t)page, p, x->lang, &posted, &es);
    merge(x->f, (size_t)page, &x->saved, &posted, &merged);
    /* Answers the post itself made irrelevant are dropped, not refused. */
    prune(x->f, (size_t)page, &merged, &as);
    /* Questions the post made relevant have not been seen: the page comes
     * back with them, and only they may stay blank. */
    int forward = a == A_NEXT || a == A_SUBMIT;
    int more = forward && newly_relevant(x->f, (size_t)page, &x->saved, &as);
    validate_page(x->f, (size_t)page, &as, x->lang, forward && !more, &es);
    enum MHD_Result ret = es.n ? show_errors(x, (size_t)page, &merged, &es)
                               : advance(x, (act)a, (size_t)page, more, &as);
    amb_post_errors_free(&es);
    amb_form_answers_free(&posted);
    amb_form_answers_free(&merged);
    amb_form_answers_free(&as);
    return ret;
}

static enum MHD_Result show_optout(ctx *x, int done)
{
    amb_survey_view v = view_of(x, 0);
    v.f = NULL;
    if (!v.title)
        v.title = x->r.campaign_name;
    amb_buf b = {0};
    amb_survey_render_optout(&v, done, &b);
    return send_page(x->s, x->c, MHD_HTTP_OK, &b);
}

static enum MHD_Result get_optout(ctx *x)
{
    x->lang = pick_lang(MHD_lookup_connection_value(
        x->c, MHD_GET_ARGUMENT_KIND, "lang"), &x->r);
    return show_optout(x, strcmp(x->r.status, "opted_out") == 0);
}

/* POST /o/TOKEN: RFC 8058 one-click (exactly List-Unsubscribe=One-Click,
 * no CSRF: mail providers post it), or the confirm form of GET /o/. */
static enum MHD_Result post_optout(ctx *x, const amb_post *p)
{
    amb_serve *s = x->s;
    int one_click = p->n == 1 &&
                    strcmp(p->fields[0].name, "List-Unsubscribe") == 0 &&
                    strcmp(p->fields[0].value, "One-Click") == 0;
    const char *lang = NULL;
    if (!one_click) {
        size_t n_csrf, n_act, n_lang;
        const char *csrf = amb_post_get(p, "csrf", &n_csrf);
        const char *action = amb_post_get(p, "action", &n_act);
        lang = amb_post_get(p, "lang", &n_lang);
        if (n_csrf != 1 || !csrf_ok(x->csrf, csrf))
            return send_status(s, x->c, 403);
        if (n_act != 1 || strcmp(action, "optout") != 0 || n_lang > 1 ||
            (n_lang && !valid_lang(lang)) ||
            p->n != 2 + n_lang)
            return send_status(s, x->c, 400);
    }
    x->lang = pick_lang(lang, &x->r);
    amb_error err;
    pthread_mutex_lock(&s->db_lock);
    int rc = amb_survey_db_opt_out(s->db, x->r.id, &err);
    pthread_mutex_unlock(&s->db_lock);
    if (rc) {
        amb_log(AMB_LOG_ERROR, "survey serve: %s", err.msg);
        return send_status(s, x->c, 500);
    }
    return show_optout(x, 1);
}

/* /s/TOKEN or /o/TOKEN with a well-formed token: 's' or 'o', else 0. */
static char parse_path(const char *url, char token[AMB_SURVEY_TOKEN_LEN + 1])
{
    if (!url || strlen(url) != 3 + AMB_SURVEY_TOKEN_LEN || url[0] != '/' ||
        (url[1] != 's' && url[1] != 'o') || url[2] != '/')
        return 0;
    for (size_t i = 0; i < AMB_SURVEY_TOKEN_LEN; i++) {
        char ch = url[3 + i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
            return 0;
        token[i] = ch;
    }
    token[AMB_SURVEY_TOKEN_LEN] = '\0';
    return url[1];
}

/* 1 when the request's Content-Type is application/x-www-form-urlencoded
 * (parameters such as charset allowed). */
static int urlencoded(struct MHD_Connection *c)
{
    static const char want[] = "application/x-www-form-urlencoded";
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t n = sizeof want - 1;
    return ct && strncasecmp(ct, want, n) == 0 &&
           (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static enum MHD_Result route(amb_serve *s, struct MHD_Connection *c,
                             const char *url, const char *method, req *rq)
{
    char token[AMB_SURVEY_TOKEN_LEN + 1];
    char kind = parse_path(url, token);
    if (!kind)
        return send_neutral(s, c);
    ctx x = {.s = s, .c = c, .rq = rq, .token = token};
    amb_serve_csrf(s->secret, token, x.csrf);
    int post = strcmp(method, "POST") == 0;
    int head = strcmp(method, "HEAD") == 0;
    /* The token first: one that does not work gets the neutral page,
     * whatever the request carries.  Following /s/ marks it opened. */
    enum MHD_Result ret;
    int rc = lookup(s, token, kind == 'o', kind == 's' && !post && !head,
                    &x.r, kind == 's' ? &x.saved : NULL);
    if (rc) {
        ret = rc > 0 ? send_neutral(s, c) : send_status(s, c, 500);
    } else if (!post) {
        ret = kind == 's' ? get_form(&x) : get_optout(&x);
    } else if (!urlencoded(c)) {
        ret = send_status(s, c, 415);
    } else {
        amb_post p;
        amb_error err;
        rc = amb_post_decode(rq->body.data ? rq->body.data : "",
                             rq->body.len, &p, &err);
        if (rc) {
            amb_log(AMB_LOG_INFO, "survey serve: refused a post: %s",
                    err.msg);
            ret = send_status(s, c, rc == AMB_ELIMIT ? 413 : 400);
        } else {
            ret = kind == 's' ? post_form(&x, &p) : post_optout(&x, &p);
            amb_post_free(&p);
        }
    }
    ctx_clear(&x);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    amb_serve *s = cls;
    req *rq = *con_cls;
    if (rq && rq->job) {
        /* Resumed after the group commit that holds its write. */
        job *j = rq->job;
        pthread_mutex_lock(&j->lock);
        int done = j->done;
        pthread_mutex_unlock(&j->lock);
        if (!done)
            return MHD_YES;
        rq->job = NULL;
        enum MHD_Result ret = answer_job(s, c, j);
        job_free(j);
        return ret;
    }
    if (!rq) {
        rq = amb_xcalloc(1, sizeof *rq);
        *con_cls = rq;
        int post = strcmp(method, "POST") == 0;
        double wait = 1;
        if (!post && strcmp(method, "GET") && strcmp(method, "HEAD")) {
            rq->answered = 1;
            return send_status(s, c, 405);
        }
        if (!rate_ok(s, c, &wait)) {
            char after[32];
            snprintf(after, sizeof after, "%.0f", ceil(wait));
            rq->answered = 1;
            return send_fixed(s, c, P_429, MHD_HTTP_TOO_MANY_REQUESTS,
                              MHD_HTTP_HEADER_RETRY_AFTER, after);
        }
        const char *cl = MHD_lookup_connection_value(
            c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (post && cl && (strlen(cl) > 9 ||
                           strtoul(cl, NULL, 10) > AMB_POST_MAX_BODY)) {
            rq->answered = 1;
            return send_status(s, c, 413);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        /* MHD takes no response in the middle of a body: a body without
         * a length that grows past the cap is read on (and dropped) up to
         * DISCARD_MAX for a proper 413, and beyond that the connection
         * is closed. */
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        rq->seen += n;
        if (rq->answered)
            return MHD_YES;
        if (rq->body.len + n > AMB_POST_MAX_BODY) {
            amb_buf_free(&rq->body);
            rq->too_big = 1;
        }
        if (rq->too_big)
            return rq->seen > DISCARD_MAX ? MHD_NO : MHD_YES;
        amb_buf_append(&rq->body, upload_data, n);
        return MHD_YES;
    }
    if (rq->answered)
        return MHD_YES;
    rq->answered = 1;
    if (rq->too_big)
        return send_status(s, c, 413);
    return route(s, c, url, method, rq);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    req *rq = *con_cls;
    if (rq) {
        job_free(rq->job);
        amb_buf_free(&rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

/* -------------------------------------------------------------- startup */

/* 'sha256-BASE64' of the inline stylesheet, for the CSP. */
static void style_hash(char *out, size_t cap)
{
    const char *css = amb_survey_page_css();
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(css, strlen(css), md, &len, EVP_sha256(), NULL);
    unsigned char b64[64];
    EVP_EncodeBlock(b64, md, 32);
    snprintf(out, cap, "'sha256-%s'", (const char *)b64);
}

int amb_serve_start(amb_survey_db *db, const amb_serve_opts *o,
                    amb_serve **out, amb_error *err)
{
    *out = NULL;
    if (o->base_url && strncmp(o->base_url, "http://", 7) != 0 &&
        strncmp(o->base_url, "https://", 8) != 0)
        return amb_error_set(err, AMB_EUSAGE, "--base-url '%s': expected "
                             "an http:// or https:// URL", o->base_url);
    amb_serve *s = amb_xcalloc(1, sizeof *s);
    s->db = db;
    int rc = amb_survey_db_secret(db, "csrf", s->secret, err);
    if (rc) {
        free(s);
        return rc;
    }
    char host[256];
    int fd = -1, v6 = 0;
    unsigned port = 0;
    rc = amb_listen_open(o->listen, &fd, &v6, &port, host, sizeof host, err);
    if (rc) {
        free(s);
        return rc;
    }
    pthread_mutex_init(&s->db_lock, NULL);
    pthread_mutex_init(&s->pool_lock, NULL);
    s->url = amb_xasprintf(v6 ? "http://[%s]:%u" : "http://%s:%u", host,
                           port);
    s->base = amb_xstrdup(o->base_url ? o->base_url : s->url);
    size_t bl = strlen(s->base);
    while (bl > 0 && s->base[bl - 1] == '/')
        s->base[--bl] = '\0';
    s->https = strncmp(s->base, "https://", 8) == 0;
    s->limiter = amb_rate_new(o->rate, o->rate * 2 < 10 ? 10 : o->rate * 2);
    char hash[80];
    style_hash(hash, sizeof hash);
    snprintf(s->csp, sizeof s->csp, "default-src 'none'; style-src %s; "
             "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
             hash);
    amb_survey_render_neutral(&s->fixed[P_NEUTRAL]);
    static const int codes[P_COUNT] = {0, 400, 403, 405, 413, 415, 429, 500};
    for (int i = P_400; i < P_COUNT; i++)
        amb_survey_render_status(codes[i], &s->fixed[i]);
    pthread_mutex_init(&s->write_lock, NULL);
    s->wdb = o->write_db ? o->write_db : db;
    s->wlock = o->write_db ? &s->write_lock : &s->db_lock;
    rc = amb_committer_start(s->wdb, s->wlock, &s->committer, err);
    if (rc) {
        close(fd);
        amb_serve_stop(s);
        return rc;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_USE_TURBO | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME;
    unsigned threads = o->threads ? o->threads : 1;
    s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
                            MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
                            MHD_OPTION_THREAD_POOL_SIZE,
                            threads > 1 ? threads : 0u,
                            MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
                            MHD_OPTION_CONNECTION_TIMEOUT, 30u,
                            MHD_OPTION_END);
    if (!s->d) {
        close(fd);
        amb_serve_stop(s);
        return amb_error_set(err, AMB_ENET, "cannot start the HTTP server "
                             "on %s", o->listen);
    }
    *out = s;
    return 0;
}

const char *amb_serve_url(const amb_serve *s)
{
    return s->url;
}

void amb_serve_stop(amb_serve *s)
{
    if (!s)
        return;
    /* Commit and answer what is queued, then stop MHD (no request may be
     * left suspended), then free the committer that late writes asked. */
    amb_committer_stop(s->committer);
    if (s->d)
        MHD_stop_daemon(s->d);          /* closes the listen socket */
    amb_committer_free(s->committer);
    for (size_t i = 0; i < s->nforms; i++) {
        free(s->forms[i].path);
        amb_form_free(s->forms[i].f);
    }
    free(s->forms);
    amb_rate_free(s->limiter);
    for (int i = 0; i < P_COUNT; i++)
        amb_buf_free(&s->fixed[i]);
    free(s->url);
    free(s->base);
    pthread_mutex_destroy(&s->db_lock);
    pthread_mutex_destroy(&s->pool_lock);
    pthread_mutex_destroy(&s->write_lock);
    OPENSSL_cleanse(s->secret, sizeof s->secret);
    free(s);
}
