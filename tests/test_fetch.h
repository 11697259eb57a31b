/*
 * test_fetch.h - what the fetcher's test files share: a per-test world (an
 * HTTP fixture, a temp dir, optionally a store and a cache_dir, a fetcher
 * whose provenance records are kept) and small assertions helpers.
 */
#ifndef AMB_TEST_FETCH_H
#define AMB_TEST_FETCH_H

#include <stdint.h>

#include "fetch.h"
#include "http_fixture.h"
#include "store.h"

/* Provenance records copied out of the callback. */
typedef struct ftest_prov {
    char *url, *hash, *etag, *error;
    long status;
    uint64_t bytes, elapsed_ms;
    int attempts, from_cache;
} ftest_prov;

typedef struct ftest_log {
    ftest_prov items[16];
    size_t n;
} ftest_log;

/* One test's world: a server, a temp dir, maybe a store and a cache_dir. */
typedef struct ftest_ctx {
    amb_http_fixture *fx;
    char *dir;
    char *cache_dir;
    amb_store *store;
    amb_fetcher *f;
    ftest_log log;
} ftest_ctx;

/* Start a world: fast retries (2 extra, 5-50 ms backoff), base_dir = the
 * temp dir, and with cached set a store and cache_dir inside it.  opts
 * replaces the test defaults when not NULL.  Stop with ftest_close. */
void ftest_open(ftest_ctx *t, int cached, const amb_fetch_opts *opts);
void ftest_close(ftest_ctx *t);
/* GET path: a fixture path when it starts with '/', else used as is. */
int ftest_get(ftest_ctx *t, const char *path, amb_fetched *out, amb_error *err);
/* A file's contents (caller frees), NULL when unreadable. */
char *ftest_slurp(const char *path);
/* Entries in dir besides . and .. */
int ftest_count_files(const char *dir);
/* 1 when needle is in hay; prints both otherwise (for the CUnit log). */
int ftest_contains(const char *hay, const char *needle);
/* Header name of the last request the fixture saw, copied (or NULL). */
char *ftest_last_header(ftest_ctx *t, const char *name);

/* Registers the suites of test_fetch_cache.c. */
void ftest_register_cache(void);

#endif
