/*
 * test_statbank_http.c - the statbank plugin end to end inside the library:
 * a real workspace (ambit.lua, SQLite store, fetcher and cache) whose
 * sources point at the HTTP fixture playing api.statbank.dk with fixtures
 * in Statistics Denmark's output shapes.  This file: the requests sent
 * (tableinfo GET, data POST with its JSON body), what is stored, the
 * unchanged rule (one request when the tableinfo is unchanged, per source
 * and options; a changed "updated" downloads again; ETag/304), retries.
 * Errors and the other formats are in test_statbank_errors.c.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_statbank_http.h"
#include "testutil.h"

static const char config_text[] =
    "workspace { fetch = { retries = 2, backoff = 0.01, backoff_max = 0.05 } }\n"
    "local base = \"@BASE@\"\n"
    "local sel = { [\"OMR\xC3\x85" "DE\"] = { \"081\", \"851\" },\n"
    "  [\"K\xC3\x98N\"] = { \"1\", \"2\" }, ALDER = \"IALT\",\n"
    "  Tid = { \"2024K1\", \"2024K2\" } }\n"
    "source \"pop\" { plugin = \"statbank\", base_url = base, "
    "table = \"FOLK1A\", variables = sel }\n"
    "source \"pop_all\" { plugin = \"statbank\", base_url = base, "
    "table = \"FOLK1A\", dataset = \"FOLK1A_ALL\" }\n"
    "source \"pop_js\" { plugin = \"statbank\", base_url = base, "
    "table = \"FOLK1A\", format = \"JSONSTAT\", dataset = \"FOLK1A_JS\", "
    "variables = sel }\n"
    "source \"unemp\" { plugin = \"statbank\", base_url = base, "
    "table = \"AUP01\", format = \"CSV\", title = \"Ledige\", "
    "variables = { [\"OMR\xC3\x85" "DE\"] = { \"081\", \"825\", \"851\" }, "
    "Tid = \">=2023\" } }\n"
    "source \"bad_var\" { plugin = \"statbank\", base_url = base, "
    "table = \"FOLK1A\", variables = { CIVILSTAND = \"G\" } }\n"
    "source \"nope\" { plugin = \"statbank\", base_url = base, "
    "table = \"NOPE\" }\n";

/* ------------------------------------------------------------ harness */

void sbt_expect_str(const char *got, const char *want, const char *file,
                    int line)
{
    int ok = got && want && strcmp(got, want) == 0;
    if (!ok)
        fprintf(stderr, "\n%s:%d:\n  got:  [%s]\n  want: [%s]\n", file, line,
                got ? got : "(null)", want ? want : "(null)");
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line,
                            "strings differ", file, "", CU_FALSE);
}

int sbt_contains(const char *hay, const char *needle)
{
    int found = hay && strstr(hay, needle) != NULL;
    if (!found)
        fprintf(stderr, "\n  expected \"%s\" in \"%s\"\n", needle,
                hay ? hay : "(null)");
    return found;
}

void sbt_open(sbt *t)
{
    memset(t, 0, sizeof *t);
    t->fx = amb_http_fixture_start();
    t->dir = amb_test_tmpdir("statbank");
    const char *base = amb_http_fixture_url(t->fx, "/v1");
    amb_buf b = {0};
    const char *at = strstr(config_text, "@BASE@");
    amb_buf_append(&b, config_text, (size_t)(at - config_text));
    amb_buf_puts(&b, base);
    amb_buf_puts(&b, at + 6);
    free(amb_test_write(t->dir, "ambit.lua", b.data, b.len));
    amb_buf_free(&b);
    t->reg = amb_registry_new();
    char *so = amb_path_join(amb_test_builddir(), "plugins/.libs/statbank.so");
    CU_ASSERT_EQUAL_FATAL(amb_registry_load_file(t->reg, so), 0);
    free(so);
    amb_error err;
    int rc = amb_workspace_open(t->dir, t->reg, &t->ws, &err);
    if (rc)
        fprintf(stderr, "workspace: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    t->env = (amb_run_env){t->ws->store, t->ws->fetcher, t->reg, 0, &t->stop};
}

void sbt_close(sbt *t)
{
    amb_workspace_close(t->ws);
    amb_registry_free(t->reg);
    amb_http_fixture_stop(t->fx);
    amb_test_rmtree(t->dir);
    free(t->dir);
}

int sbt_collect(sbt *t, const char *source)
{
    amb_error_clear(&t->err);
    const amb_source_cfg *src = amb_config_source(t->ws->cfg, source);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    return amb_run_collect(&t->env, src, &t->out, &t->err);
}

char *sbt_fixture_text(const char *name, size_t *len)
{
    char *path = amb_xasprintf("%s/tests/fixtures/statbank/%s",
                               amb_test_srcdir(), name);
    char *data = NULL;
    CU_ASSERT_EQUAL_FATAL(amb_read_file(path, 1 << 20, &data, len, NULL), 0);
    free(path);
    return data;
}

void sbt_route(sbt *t, const char *path, int status, const char *name,
               const char *headers)
{
    size_t len = 0;
    char *body = name ? sbt_fixture_text(name, &len) : NULL;
    amb_http_response r = {.status = status, .headers = headers,
                           .body = body ? body : "", .body_len = len};
    amb_http_fixture_route(t->fx, path, &r, 1);
    free(body);
}

void sbt_route_folk1a(sbt *t)
{
    sbt_route(t, "/v1/tableinfo/FOLK1A", 200, "tableinfo_folk1a.json",
              "Content-Type: application/json; charset=utf-8");
    sbt_route(t, "/v1/data", 200, "folk1a_bulk.csv",
              "Content-Type: text/csv; charset=utf-8");
}

long long sbt_scalar(sbt *t, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(amb_store_db(t->ws->store), sql, -1, &st, NULL) ==
            SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

char *sbt_text(sbt *t, const char *sql)
{
    sqlite3_stmt *st;
    amb_buf b = {0};
    amb_buf_puts(&b, "");
    if (sqlite3_prepare_v2(amb_store_db(t->ws->store), sql, -1, &st, NULL) ==
        SQLITE_OK) {
        for (int n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
            const unsigned char *s = sqlite3_column_text(st, 0);
            amb_buf_printf(&b, "%s%s", n ? "\n" : "",
                           s ? (const char *)s : "NULL");
        }
    }
    sqlite3_finalize(st);
    return b.data;
}

char *sbt_last_body(sbt *t)
{
    amb_http_request *r = amb_http_fixture_last_request(t->fx);
    char *s = r ? amb_xstrdup(r->body) : NULL;
    amb_http_request_free(r);
    return s;
}

char *sbt_last_target(sbt *t)
{
    amb_http_request *r = amb_http_fixture_last_request(t->fx);
    char *s = r ? amb_xasprintf("%s %s", r->method, r->target) : NULL;
    amb_http_request_free(r);
    return s;
}

/* ------------------------------------------------------------ tests */

static const char pop_body[] =
    "{\"table\":\"FOLK1A\",\"format\":\"BULK\",\"lang\":\"da\","
    "\"valuePresentation\":\"Code\",\"variables\":["
    "{\"code\":\"OMR\xC3\x85" "DE\",\"values\":[\"081\",\"851\"]},"
    "{\"code\":\"K\xC3\x98N\",\"values\":[\"1\",\"2\"]},"
    "{\"code\":\"ALDER\",\"values\":[\"IALT\"]},"
    "{\"code\":\"Tid\",\"values\":[\"2024K1\",\"2024K2\"]}]}";

static void test_bulk_requests(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    CU_ASSERT_EQUAL(t.out.rc, AMB_OK);
    CU_ASSERT_EQUAL(t.out.rows, 8);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/v1/tableinfo/FOLK1A"), 1);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/v1/data"), 1);
    /* the data request: POST, JSON, UTF-8 ids, Code, every variable */
    amb_http_request *r = amb_http_fixture_last_request(t.fx);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    SBT_EXPECT_STR(r->method, "POST");
    SBT_EXPECT_STR(r->target, "/v1/data");
    SBT_EXPECT_STR(r->body, pop_body);
    CU_ASSERT(sbt_contains(amb_http_request_header(r, "Content-Type"),
                           "application/json"));
    amb_http_request_free(r);
    /* what was stored */
    char *s = sbt_text(&t, "SELECT code || '|' || title || '|' || unit || '|' "
                           "|| updated || '|' || time_id || '|' || origin "
                           "FROM datasets");
    char *want = amb_xasprintf("FOLK1A|Befolkningen den 1. i kvartalet|Antal|"
                               "2024-05-10T08:00:00|Tid|%s#FOLK1A",
                               amb_http_fixture_url(t.fx, "/v1/data"));
    SBT_EXPECT_STR(s, want);
    free(want);
    free(s);
    s = sbt_text(&t, "SELECT code || '=' || coalesce(label, '') FROM "
                     "dimensions ORDER BY pos");
    SBT_EXPECT_STR(s, "Tid=tid\nOMR\xC3\x85" "DE=omr\xC3\xA5" "de\n"
                      "K\xC3\x98N=k\xC3\xB8n\nALDER=alder");
    free(s);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT value FROM observations WHERE "
                                   "d0 = '851' AND d1 = '2' AND d2 = 'IALT' "
                                   "AND period = '2024K2'"), 109956);
    /* every tableinfo label, in the request's language */
    s = sbt_text(&t, "SELECT label FROM dimension_labels WHERE pos = 0 AND "
                     "code = '825' AND lang = 'da'");
    SBT_EXPECT_STR(s, "L\xC3\xA6s\xC3\xB8");
    free(s);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM dimension_labels"),
                    13 + 3 + 7 + 4);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM provenance WHERE "
                                   "url LIKE '%/v1/data#FOLK1A'"), 1);
    sbt_close(&t);
}

/* The unchanged rule: the tableinfo decides, per source and options. */
static void test_unchanged(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    CU_ASSERT_EQUAL(t.out.rc, AMB_OK);

    /* same tableinfo: exactly one request, no data request */
    amb_http_fixture_reset_stats(t.fx);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    CU_ASSERT_EQUAL(t.out.rc, AMB_UNCHANGED);
    CU_ASSERT_EQUAL(amb_http_fixture_requests(t.fx), 1);
    char *target = sbt_last_target(&t);
    /* the fragment that keys the cache is never sent */
    SBT_EXPECT_STR(target, "GET /v1/tableinfo/FOLK1A?format=JSON&lang=da");
    free(target);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM runs WHERE status "
                                   "= 'unchanged'"), 1);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM observations"), 8);

    /* another source of the same table has its own cache entry */
    amb_http_fixture_reset_stats(t.fx);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop_all"), 0);
    CU_ASSERT_EQUAL(t.out.rc, AMB_OK);
    CU_ASSERT_EQUAL(amb_http_fixture_requests(t.fx), 2);
    char *body = sbt_last_body(&t);
    CU_ASSERT(sbt_contains(body, "{\"code\":\"K\xC3\x98N\",\"values\":[\"*\"]}"));
    free(body);

    /* a new "updated" stamp: the data are fetched again */
    sbt_route(&t, "/v1/tableinfo/FOLK1A", 200, "tableinfo_folk1a_new.json",
              NULL);
    amb_http_fixture_reset_stats(t.fx);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    CU_ASSERT_EQUAL(t.out.rc, AMB_OK);
    CU_ASSERT_EQUAL(amb_http_fixture_requests(t.fx), 2);
    char *s = sbt_text(&t, "SELECT updated FROM datasets WHERE code = "
                           "'FOLK1A'");
    SBT_EXPECT_STR(s, "2024-08-12T08:00:00");
    free(s);
    amb_http_fixture_reset_stats(t.fx);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    CU_ASSERT_EQUAL(t.out.rc, AMB_UNCHANGED);
    CU_ASSERT_EQUAL(amb_http_fixture_requests(t.fx), 1);
    sbt_close(&t);
}

/* A server that sends an ETag answers the second tableinfo with 304. */
static void test_etag(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    size_t len;
    char *ti = sbt_fixture_text("tableinfo_folk1a.json", &len);
    amb_http_response r = {.body = ti, .body_len = len,
                           .headers = "ETag: \"ti-1\"",
                           .if_none_match = "\"ti-1\""};
    amb_http_fixture_route(t.fx, "/v1/tableinfo/FOLK1A", &r, 1);
    free(ti);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    amb_http_fixture_reset_stats(t.fx);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    CU_ASSERT_EQUAL(t.out.rc, AMB_UNCHANGED);
    CU_ASSERT_EQUAL(amb_http_fixture_requests(t.fx), 1);
    amb_http_request *last = amb_http_fixture_last_request(t.fx);
    SBT_EXPECT_STR(amb_http_request_header(last, "If-None-Match"), "\"ti-1\"");
    amb_http_request_free(last);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM provenance WHERE "
                                   "http_status = 304"), 1);
    sbt_close(&t);
}

/* 503 then 200: the fetcher retries, the run succeeds. */
static void test_retry(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    size_t len;
    char *bulk = sbt_fixture_text("folk1a_bulk.csv", &len);
    amb_http_response script[] = {
        {.status = 503, .body = "Service Unavailable"},
        {.status = 200, .body = bulk, .body_len = len}};
    amb_http_fixture_route(t.fx, "/v1/data", script, 2);
    free(bulk);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    CU_ASSERT_EQUAL(t.out.rows, 8);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/v1/data"), 2);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT attempts FROM provenance WHERE "
                                   "url LIKE '%/data#FOLK1A'"), 2);
    sbt_close(&t);
}

/* A failed run leaves no cache entry: the next run downloads although its
 * tableinfo is the same. */
static void test_failed_run_downloads_again(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    sbt_route(&t, "/v1/data", 400, "error_extract.json", NULL);
    CU_ASSERT(sbt_collect(&t, "pop") < 0);
    sbt_route(&t, "/v1/data", 200, "folk1a_bulk.csv", NULL);
    amb_http_fixture_reset_stats(t.fx);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    CU_ASSERT_EQUAL(t.out.rc, AMB_OK);
    CU_ASSERT_EQUAL(amb_http_fixture_requests(t.fx), 2);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM observations"), 8);
    sbt_close(&t);
}

int main(void)
{
    amb_fetch_global_init();
    AMB_TEST_SUITE("statbank_http", {"BULK requests", test_bulk_requests},
                   {"unchanged", test_unchanged}, {"ETag", test_etag},
                   {"retry", test_retry},
                   {"failed run downloads again",
                    test_failed_run_downloads_again});
    sbt_error_suites();
    int rc = amb_test_run();
    amb_fetch_global_cleanup();
    return rc;
}
