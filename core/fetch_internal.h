/*
 * fetch_internal.h - what fetch.c (fetcher, local files, cache commit) and
 * fetch_http.c (libcurl attempts and retries) share.  Not for other modules.
 */
#ifndef AMB_FETCH_INTERNAL_H
#define AMB_FETCH_INTERNAL_H

#include <stdint.h>

#include <curl/curl.h>

#include "fetch.h"

struct amb_fetcher {
    amb_fetch_opts opts;         /* defaults applied; strings point below */
    char *cache_dir;             /* owned copies of the option strings */
    char *base_dir;
    char *user_agent;
    amb_store *store;            /* borrowed; NULL = no cache */
    CURL *curl;                  /* reused: keeps connections alive */
    uint64_t rng;                /* splitmix64 state for backoff jitter */
    amb_fetch_record_cb record;
    void *record_ud;
    char *scope;                 /* prefix of cache keys, or NULL */
};

/* What the provenance record needs beyond the result. */
typedef struct amb_fetch_trace {
    int attempts;
    long http_status;            /* of the last response; 0 = none */
    uint64_t bytes;              /* body bytes of the last attempt */
} amb_fetch_trace;

/* key prefixed with f's scope ("SCOPE\nKEY"), or key itself when no scope is
 * set.  Takes ownership of key and returns an owned string. */
char *amb_fetch_scoped_key(const amb_fetcher *f, char *key);

/* The next pseudo-random number of f's generator. */
uint64_t amb_fetch_rng_next(amb_fetcher *f);

/* Point r->pub at r's strings and set its scalar fields. */
void amb_fetched_publish(amb_fetched *r, long status, uint64_t size,
                         int unchanged);

/* Look key up in the store's cache; *found = 0 and e zeroed when absent.
 * Errors are prefixed with what (a URL or path).  Clear e after. */
int amb_fetch_cache_lookup(amb_fetcher *f, const char *key, const char *what,
                           amb_cache_entry *e, int *found, amb_error *err);

/* Fetch an http(s) URL with retries into out (fetch_http.c). */
int amb_fetch_http(amb_fetcher *f, const amb_fetch_request *req,
                   amb_fetched *out, amb_fetch_trace *trace, amb_error *err);

#endif
