/*
 * fetch.h - the one libcurl-based fetcher every plugin uses.
 *
 * http(s):// URLs through libcurl with connect and total timeouts, a low
 * speed limit (a stalled server counts as a timeout), a maximum body size,
 * retries with exponential backoff and full jitter on 5xx, 429 and timeouts
 * (honouring Retry-After), conditional requests with ETag/Last-Modified
 * against the store's cache table, and a User-Agent "ambit/VERSION".
 * file:// URLs and plain paths are read in place (no copy): size cap and
 * content hash as for HTTP.  Every attempt sequence is reported once to
 * the record callback so a run can keep its provenance.
 */
#ifndef AMB_FETCH_H
#define AMB_FETCH_H

#include <stdint.h>

#include "ambit/plugin.h"
#include "store.h"
#include "util.h"

typedef struct amb_fetch_opts {
    long connect_timeout_ms;  /* 0 = 10000 */
    long timeout_ms;          /* total per attempt, 0 = 120000 */
    long low_speed_time_s;    /* abort below 1 byte/s for this long; 0 = 30 */
    uint64_t max_bytes;       /* 0 = 2 GiB */
    int retries;              /* extra attempts after the first; -1 = 4 */
    long backoff_ms;          /* first backoff; 0 = 1000 */
    long backoff_max_ms;      /* cap for backoff and Retry-After; 0 = 60000 */
    const char *cache_dir;    /* where bodies are kept; NULL = no HTTP cache */
    const char *base_dir;     /* relative paths resolve here; NULL = cwd */
    const char *user_agent;   /* NULL = "ambit/PACKAGE_VERSION" */
} amb_fetch_opts;

typedef struct amb_fetcher amb_fetcher;

/* Called once per request (after its retries) with what happened. */
typedef void (*amb_fetch_record_cb)(void *ud, const amb_provenance *p);

/* store may be NULL: then no conditional requests and no unchanged
 * detection.  opts is copied (a relative cache_dir is made absolute).  A
 * fetcher is used by one thread at a time; store must stay open while the
 * fetcher is used. */
int amb_fetcher_new(const amb_fetch_opts *opts, amb_store *store,
                    amb_fetcher **out, amb_error *err);
void amb_fetcher_free(amb_fetcher *f);
void amb_fetcher_set_record(amb_fetcher *f, amb_fetch_record_cb cb, void *ud);
/* Scope the conditional-request cache: while a scope is set, cache entries
 * are looked up and committed under "SCOPE\nKEY", so two sources reading
 * the same URL, or one source whose options changed, never see each
 * other's entries as "unchanged".  NULL clears it; the string is copied. */
void amb_fetcher_set_scope(amb_fetcher *f, const char *scope);

/* An owned result: amb_fetch() fills it, amb_fetched_clear() frees it.
 * The struct may be copied by value (the strings are on the heap); clear
 * exactly one copy.
 *
 * Where the body lives:
 *  - cacheable http(s) fetches (a store, a cache_dir, no req->no_cache):
 *    cache_dir/<sha256>.body, content-addressed, so a body an earlier run
 *    committed is never overwritten;
 *  - other http(s) fetches: a temp file (temporary = 1) in cache_dir when
 *    set, else in $TMPDIR;
 *  - file:// URLs and paths: the file itself, read in place (its resolved
 *    absolute path; effective_url is that path too).
 * A 304 answer is reported to the plugin as status 200 with the cached
 * body (pub.unchanged = 1); the provenance record keeps http_status 304, so
 * the run's history shows what the server actually said. */
typedef struct amb_fetched {
    amb_fetch_result pub;     /* what plugins see; strings point below */
    char *path;
    char *content_hash;
    char *content_type;
    char *effective_url;
    char *etag;
    char *last_modified;
    int temporary;            /* 1: path is a temp file to unlink on clear */
    char *cache_key;          /* key amb_fetch_commit_cache() writes: the URL
                                 for GET, "POST <url> <sha256 of body>" for
                                 POST, "file:<abs path>" for files; NULL when
                                 the fetch was not cacheable (no store, no
                                 cache_dir for HTTP, or req->no_cache) */
} amb_fetched;

/* Fetch req.  Returns 0, or a negative amb_rc with err naming the URL and
 * the reason ("https://x/y: HTTP 404 Not Found after 1 attempt: <body>",
 * "...: timed out after 3 attempts (<curl detail>)", "...: body exceeds
 * 1048576 bytes").  For HTTP errors the first 512 bytes of the server's
 * body are included on one line (producers put their message there).
 * AMB_ENET for HTTP and network failures, AMB_ELIMIT for the size cap,
 * AMB_EIO for local files and disk errors, AMB_EUSAGE for an unsupported
 * scheme or method.  On failure *out is left zeroed (nothing to clear).
 * Either way the record callback gets one provenance record. */
int amb_fetch(amb_fetcher *f, const amb_fetch_request *req, amb_fetched *out,
              amb_error *err);
void amb_fetched_clear(amb_fetched *r);

/* Mark the cache entry of a fetched URL as belonging to a successful run
 * (called by the run after commit); unchanged detection compares with it.
 * Writes etag, last_modified, hash, body path and size under r->cache_key
 * (url is only used in messages; a result without a cache_key is a no-op
 * returning 0).  When the entry pointed at another body file in cache_dir
 * that no other entry references, that file is deleted. */
int amb_fetch_commit_cache(amb_fetcher *f, const amb_fetched *r,
                           const char *url, amb_error *err);

/* Delete files in cache_dir that no cache entry needs and that were last
 * written more than min_age_s seconds ago: bodies fetched by runs that
 * failed (never committed) and temp files of killed processes.  A younger
 * file may belong to a run still in flight; a body a fetch reuses is
 * touched.  *removed (may be NULL) gets the count.  Without a cache_dir or
 * a store there is nothing to do. */
int amb_fetch_cache_prune(amb_fetcher *f, long min_age_s, int *removed,
                          amb_error *err);

/* Process-wide libcurl init/cleanup, called once by main and tests. */
int amb_fetch_global_init(void);
void amb_fetch_global_cleanup(void);

#endif
