/*
 * test_fetch_cache.c - the fetcher's conditional-request cache against the
 * HTTP fixture and a real store (ETag and Last-Modified 304s, unchanged
 * bodies by hash, commits, pruning) and local files read in place.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_fetch.h"
#include "testutil.h"

static void fetch_commit_refetch(ftest_ctx *t, const char *path, const char *hdr,
                                 const char *value, amb_fetched *second)
{
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(t, path, &r, &err), 0);
    CU_ASSERT_EQUAL(r.pub.unchanged, 0);
    CU_ASSERT_EQUAL(r.temporary, 0);
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t->f, &r, r.effective_url, &err), 0);
    char *first_hash = amb_xstrdup(r.content_hash);
    amb_fetched_clear(&r);
    char *none = ftest_last_header(t, hdr);
    CU_ASSERT_PTR_NULL(none);               /* the first request was plain */
    free(none);
    CU_ASSERT_EQUAL_FATAL(ftest_get(t, path, second, &err), 0);
    char *sent = ftest_last_header(t, hdr);
    CU_ASSERT_PTR_NOT_NULL(sent);
    if (sent)
        CU_ASSERT_STRING_EQUAL(sent, value);
    free(sent);
    CU_ASSERT_EQUAL(second->pub.unchanged, 1);
    CU_ASSERT_EQUAL(second->pub.status, 200);
    CU_ASSERT_STRING_EQUAL(second->pub.content_hash, first_hash);
    char *expect = amb_xasprintf("%s/%s.body", t->cache_dir, first_hash);
    CU_ASSERT_STRING_EQUAL(second->pub.path, expect);
    char *body = ftest_slurp(second->pub.path);
    CU_ASSERT_STRING_EQUAL(body, "cached body");
    free(body);
    free(expect);
    free(first_hash);
    CU_ASSERT_EQUAL_FATAL(t->log.n, 2);
    CU_ASSERT_EQUAL(t->log.items[1].status, 304);
    CU_ASSERT_EQUAL(t->log.items[1].from_cache, 1);
}

static void test_etag_304(void)
{
    ftest_ctx t;
    ftest_open(&t, 1, NULL);
    amb_http_response resp = {.headers = "ETag: \"abc\"", .body = "cached body",
                              .if_none_match = "\"abc\""};
    amb_http_fixture_route(t.fx, "/e", &resp, 1);
    amb_fetched r;
    fetch_commit_refetch(&t, "/e", "If-None-Match", "\"abc\"", &r);
    CU_ASSERT_STRING_EQUAL(r.etag, "\"abc\"");
    CU_ASSERT_STRING_EQUAL(t.log.items[1].etag, "\"abc\"");
    amb_fetched_clear(&r);
    ftest_close(&t);
}

static void test_last_modified_304(void)
{
    ftest_ctx t;
    ftest_open(&t, 1, NULL);
    const char *lm = "Wed, 21 Oct 2015 07:28:00 GMT";
    amb_http_response resp = {.headers = "Last-Modified: Wed, 21 Oct 2015 07:28:00 GMT",
                              .body = "cached body", .if_modified_since = lm};
    amb_http_fixture_route(t.fx, "/lm", &resp, 1);
    amb_fetched r;
    fetch_commit_refetch(&t, "/lm", "If-Modified-Since", lm, &r);
    CU_ASSERT_STRING_EQUAL(r.last_modified, lm);
    amb_fetched_clear(&r);
    ftest_close(&t);
}

static void test_unchanged_by_hash(void)
{
    ftest_ctx t;
    ftest_open(&t, 1, NULL);
    amb_http_fixture_route_simple(t.fx, "/h", 200, NULL, "same");
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/h", &r, &err), 0);
    CU_ASSERT_EQUAL(r.pub.unchanged, 0);
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &r, "/h", &err), 0);
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/h", &r, &err), 0);
    CU_ASSERT_EQUAL(r.pub.unchanged, 1);
    CU_ASSERT_EQUAL(r.pub.status, 200);
    char *inm = ftest_last_header(&t, "If-None-Match");
    CU_ASSERT_PTR_NULL(inm);                /* no validators known */
    free(inm);
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL(ftest_count_files(t.cache_dir), 1);   /* one body, no temp */
    amb_http_fixture_route_simple(t.fx, "/h", 200, NULL, "different");
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/h", &r, &err), 0);
    CU_ASSERT_EQUAL(r.pub.unchanged, 0);
    amb_fetched_clear(&r);
    ftest_close(&t);
}

static void test_failed_run_not_conditional(void)
{
    ftest_ctx t;
    ftest_open(&t, 1, NULL);
    amb_http_response resp = {.headers = "ETag: \"v1\"", .body = "data",
                              .if_none_match = "\"v1\""};
    amb_http_fixture_route(t.fx, "/f", &resp, 1);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/f", &r, &err), 0);
    amb_fetched_clear(&r);                  /* the run failed: no commit */
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/f", &r, &err), 0);
    char *inm = ftest_last_header(&t, "If-None-Match");
    CU_ASSERT_PTR_NULL(inm);
    free(inm);
    CU_ASSERT_EQUAL(r.pub.unchanged, 0);
    CU_ASSERT_EQUAL(t.log.items[1].status, 200);
    /* no_cache skips the cache even after a commit */
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &r, "/f", &err), 0);
    amb_fetched_clear(&r);
    amb_fetch_request req = {.url = amb_http_fixture_url(t.fx, "/f"), .no_cache = 1};
    CU_ASSERT_EQUAL_FATAL(amb_fetch(t.f, &req, &r, &err), 0);
    inm = ftest_last_header(&t, "If-None-Match");
    CU_ASSERT_PTR_NULL(inm);
    free(inm);
    CU_ASSERT_EQUAL(r.pub.unchanged, 0);
    CU_ASSERT_PTR_NULL(r.cache_key);
    CU_ASSERT_EQUAL(r.temporary, 1);        /* not kept: nothing commits it */
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL(ftest_count_files(t.cache_dir), 1);   /* the committed body */
    ftest_close(&t);
}

static void test_cache_prune(void)
{
    ftest_ctx t;
    ftest_open(&t, 1, NULL);
    amb_http_fixture_route_simple(t.fx, "/kept", 200, NULL, "committed");
    amb_http_fixture_route_simple(t.fx, "/failed", 200, NULL, "never committed");
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/kept", &r, &err), 0);
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &r, "/kept", &err), 0);
    char *kept = amb_xstrdup(r.path);
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/failed", &r, &err), 0);
    char *orphan = amb_xstrdup(r.path);
    amb_fetched_clear(&r);
    free(amb_test_write(t.cache_dir, ".fetch-AbC123", "partial", 7));
    free(amb_test_write(t.cache_dir, "notes.txt", "not ours", 8));
    CU_ASSERT_EQUAL(ftest_count_files(t.cache_dir), 4);
    int removed = -1;
    CU_ASSERT_EQUAL(amb_fetch_cache_prune(t.f, 3600, &removed, &err), 0);
    CU_ASSERT_EQUAL(removed, 0);                    /* all too young */
    CU_ASSERT_EQUAL(amb_fetch_cache_prune(t.f, 0, &removed, &err), 0);
    CU_ASSERT_EQUAL(removed, 2);
    CU_ASSERT_EQUAL(access(kept, F_OK), 0);
    CU_ASSERT_NOT_EQUAL(access(orphan, F_OK), 0);
    CU_ASSERT_EQUAL(ftest_count_files(t.cache_dir), 2);   /* kept body, notes.txt */
    free(kept);
    free(orphan);
    ftest_close(&t);
}

static void test_commit_replaces_old_body(void)
{
    ftest_ctx t;
    ftest_open(&t, 1, NULL);
    amb_http_fixture_route_simple(t.fx, "/a", 200, NULL, "version one");
    amb_http_fixture_route_simple(t.fx, "/b", 200, NULL, "version one");
    amb_fetched r, other;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/a", &r, &err), 0);
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/b", &other, &err), 0);
    CU_ASSERT_STRING_EQUAL(r.path, other.path);     /* content-addressed */
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &r, "/a", &err), 0);
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &other, "/b", &err), 0);
    char *v1 = amb_xstrdup(r.path);
    amb_fetched_clear(&r);
    amb_fetched_clear(&other);
    /* /a moves on; /b still references version one: the file stays */
    amb_http_fixture_route_simple(t.fx, "/a", 200, NULL, "version two");
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/a", &r, &err), 0);
    CU_ASSERT_EQUAL(access(v1, F_OK), 0);   /* not touched before commit */
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &r, "/a", &err), 0);
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL(access(v1, F_OK), 0);
    /* /b moves on too: nothing references version one any more */
    amb_http_fixture_route_simple(t.fx, "/b", 200, NULL, "version three");
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/b", &r, &err), 0);
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &r, "/b", &err), 0);
    amb_fetched_clear(&r);
    CU_ASSERT_NOT_EQUAL(access(v1, F_OK), 0);
    CU_ASSERT_EQUAL(ftest_count_files(t.cache_dir), 2);
    free(v1);
    ftest_close(&t);
}

static void test_local_files(void)
{
    ftest_ctx t;
    ftest_open(&t, 1, NULL);
    char *path = amb_test_write(t.dir, "my data.csv", "k,v\n", 4);
    char *abs = realpath(path, NULL);
    char want[65];
    amb_sha256_hex("k,v\n", 4, want);
    char *url = amb_xasprintf("file://%.*s/my%%20data.csv",
                              (int)(strrchr(abs, '/') - abs), abs);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, url, &r, &err), 0);
    CU_ASSERT_STRING_EQUAL(r.pub.path, abs);
    CU_ASSERT_STRING_EQUAL(r.pub.content_hash, want);
    CU_ASSERT_EQUAL(r.pub.size, 4);
    CU_ASSERT_EQUAL(r.pub.status, 0);
    CU_ASSERT_EQUAL(r.pub.unchanged, 0);
    CU_ASSERT_EQUAL(r.temporary, 0);
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &r, url, &err), 0);
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL(access(abs, F_OK), 0);               /* never removed */
    /* the same file by a path relative to base_dir: same key, unchanged */
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "my data.csv", &r, &err), 0);
    CU_ASSERT_STRING_EQUAL(r.pub.path, abs);
    CU_ASSERT_EQUAL(r.pub.unchanged, 1);
    amb_fetched_clear(&r);
    free(amb_test_write(t.dir, "my data.csv", "k,v\n1,2\n", 8));
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "my data.csv", &r, &err), 0);
    CU_ASSERT_EQUAL(r.pub.unchanged, 0);
    CU_ASSERT_EQUAL(r.pub.size, 8);
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &r, "my data.csv", &err), 0);
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL(access(abs, F_OK), 0);
    CU_ASSERT_EQUAL_FATAL(t.log.n, 3);
    CU_ASSERT_EQUAL(t.log.items[1].from_cache, 1);
    CU_ASSERT_EQUAL(t.log.items[2].bytes, 8);
    CU_ASSERT_STRING_EQUAL(t.log.items[2].url, "my data.csv");
    free(url);
    free(abs);
    free(path);
    ftest_close(&t);
}

static void test_local_errors(void)
{
    ftest_ctx t;
    amb_fetch_opts o = {.max_bytes = 10};
    ftest_open(&t, 0, &o);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL(ftest_get(&t, "missing.csv", &r, &err), AMB_EIO);
    CU_ASSERT(ftest_contains(err.msg, "missing.csv: No such file or directory"));
    CU_ASSERT(ftest_contains(err.msg, t.dir));
    free(amb_test_write(t.dir, "big.csv", "0123456789abc", 13));
    CU_ASSERT_EQUAL(ftest_get(&t, "big.csv", &r, &err), AMB_ELIMIT);
    CU_ASSERT(ftest_contains(err.msg, "exceeds 10 bytes"));
    CU_ASSERT_EQUAL(ftest_get(&t, "ftp://example.org/x.csv", &r, &err), AMB_EUSAGE);
    CU_ASSERT(ftest_contains(err.msg, "ftp://example.org/x.csv"));
    CU_ASSERT_EQUAL(ftest_get(&t, "gopher://h/1", &r, &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL(ftest_get(&t, "file://relative/x", &r, &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL(ftest_get(&t, "file:///tmp/a%2", &r, &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL(ftest_get(&t, "", &r, &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL(t.log.n, 7);                   /* one record per call */
    CU_ASSERT_PTR_NOT_NULL(t.log.items[0].error);
    ftest_close(&t);
}

static void test_fixture_dir_route(void)
{
    ftest_ctx t;
    ftest_open(&t, 1, NULL);
    free(amb_test_write(t.dir, "t.json", "{\"a\":1}", 7));
    amb_http_fixture_route_dir(t.fx, "/files/", t.dir);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/files/t.json", &r, &err), 0);
    CU_ASSERT_STRING_EQUAL(r.pub.content_type, "application/json");
    CU_ASSERT_PTR_NOT_NULL(r.etag);
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &r, "/files/t.json", &err), 0);
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/files/t.json", &r, &err), 0);
    CU_ASSERT_EQUAL(r.pub.unchanged, 1);
    CU_ASSERT_EQUAL(t.log.items[1].status, 304);
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL(ftest_get(&t, "/files/none.json", &r, &err), AMB_ENET);
    CU_ASSERT(ftest_contains(err.msg, "HTTP 404"));
    CU_ASSERT_EQUAL(ftest_get(&t, "/other", &r, &err), AMB_ENET);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/files/t.json"), 2);
    ftest_close(&t);
}

void ftest_register_cache(void)
{
    AMB_TEST_SUITE("fetch_cache",
                   {"etag_304", test_etag_304},
                   {"last_modified_304", test_last_modified_304},
                   {"unchanged_by_hash", test_unchanged_by_hash},
                   {"failed_run_not_conditional", test_failed_run_not_conditional},
                   {"commit_replaces_old_body", test_commit_replaces_old_body},
                   {"cache_prune", test_cache_prune},
                   {"fixture_dir_route", test_fixture_dir_route});
    AMB_TEST_SUITE("fetch_local",
                   {"local_files", test_local_files},
                   {"local_errors", test_local_errors});
}
