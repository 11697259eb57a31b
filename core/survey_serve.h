/*
 * survey_serve.h - the respondents' web form: an HTTP server (GNU
 * libmicrohttpd, its own thread pool on epoll) for every campaign in a
 * store.  GET/POST /s/TOKEN is a respondent's form, GET/POST /o/TOKEN the
 * opt-out (with RFC 8058 one-click).  doc/survey-web.md describes the
 * routes, the security measures and the contract the pages keep.
 *
 * Threads: the store connection (through one amb_survey_db) is shared by
 * all worker threads behind a mutex, so no thread ever waits on an SQLite
 * lock held by another; page saves and submissions go to a writer thread
 * that commits all those waiting in one transaction (survey_commit.h), on
 * a second connection when write_db is given; each loaded form (not thread-safe: its checks
 * share a Lua sandbox) is lent to one request at a time from a pool that
 * loads a campaign's form once per concurrent user.  Every answer is
 * committed before the response to its post is queued.
 *
 * Ownership: the server borrows db (and its store), which must outlive
 * amb_serve_stop(); it owns everything else.
 */
#ifndef AMB_SURVEY_SERVE_H
#define AMB_SURVEY_SERVE_H

#include "survey_session.h"
#include "util.h"

typedef struct amb_serve_opts {
    const char *listen;        /* "ADDR:PORT" or "[V6]:PORT"; port 0: any */
    const char *base_url;      /* public base URL; NULL: http://ADDR:PORT */
    unsigned threads;          /* worker threads, >= 1 */
    double rate;               /* requests per second per client; 0: off */
    amb_survey_db *write_db;   /* the group commit's own connection to the
                                  same store (borrowed), so that page views
                                  read while a batch commits; NULL: db */
} amb_serve_opts;

typedef struct amb_serve amb_serve;

/* Bind, listen and start serving.  AMB_ENET with "cannot listen on
 * ADDR:PORT: why" when the address cannot be bound; AMB_EUSAGE for a
 * malformed listen address or base URL; AMB_ESTORE when the secret
 * cannot be read. */
int amb_serve_start(amb_survey_db *db, const amb_serve_opts *o,
                    amb_serve **out, amb_error *err);
/* "http://ADDR:PORT" with the port actually bound.  Borrowed. */
const char *amb_serve_url(const amb_serve *s);
/* Stop accepting, finish the requests in progress, free everything. */
void amb_serve_stop(amb_serve *s);                /* NULL is fine */

/* The CSRF token for a respondent's token: hex HMAC-SHA256 of the token's
 * hash under secret, into out[65]: what the pages of token carry.  */
void amb_serve_csrf(const unsigned char secret[32], const char *token,
                    char out[65]);

#endif
