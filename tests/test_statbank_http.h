/*
 * test_statbank_http.h - a workspace whose statbank sources point at the
 * HTTP fixture playing api.statbank.dk, run through the real core (plugin
 * registry, store, fetcher with its cache).  Shared by test_statbank_http.c
 * (with main) and test_statbank_errors.c.
 */
#ifndef TEST_STATBANK_HTTP_H
#define TEST_STATBANK_HTTP_H

#include "http_fixture.h"
#include "run.h"
#include "workspace.h"

typedef struct sbt {
    amb_http_fixture *fx;
    char *dir;
    amb_registry *reg;
    amb_workspace *ws;
    amb_run_env env;
    volatile int stop;
    amb_run_outcome out;   /* of the last sbt_collect */
    amb_error err;
} sbt;

/* The sources every test may use; @BASE@ is the fixture's /v1. */
void sbt_open(sbt *t);
void sbt_close(sbt *t);

/* Collect one source; returns amb_run_collect's result, t->out and t->err
 * say more. */
int sbt_collect(sbt *t, const char *source);

/* Route path to one response: status and the fixture file name (NULL for
 * an empty body), with extra headers (may be NULL). */
void sbt_route(sbt *t, const char *path, int status, const char *name,
               const char *headers);
/* The standard FOLK1A routes: its tableinfo and a BULK answer. */
void sbt_route_folk1a(sbt *t);
/* tests/fixtures/statbank/NAME's contents (caller frees). */
char *sbt_fixture_text(const char *name, size_t *len);

/* One integer from the store, or -1. */
long long sbt_scalar(sbt *t, const char *sql);
/* Every row's first column joined with "\n" (caller frees; "" when none). */
char *sbt_text(sbt *t, const char *sql);

/* The last request's body (a copy, caller frees) and its target. */
char *sbt_last_body(sbt *t);
char *sbt_last_target(sbt *t);

void sbt_expect_str(const char *got, const char *want, const char *file,
                    int line);
#define SBT_EXPECT_STR(got, want) \
    sbt_expect_str((got), (want), __FILE__, __LINE__)
int sbt_contains(const char *hay, const char *needle);

/* Register the error suite (test_statbank_errors.c). */
void sbt_error_suites(void);

#endif
