/*
 * test_px_run.c - the px plugin in real runs: a workspace with its SQLite
 * store and fetcher, the plugin loaded by the registry, PX files served by
 * the HTTP fixture.  A first collect stores the table; a second one is
 * unchanged (the server answers 304 to the cached ETag) and parses nothing;
 * a broken or missing file fails the run and keeps what was stored.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_fixture.h"
#include "run.h"
#include "testutil.h"
#include "util.h"
#include "workspace.h"

void px_expect_str(const char *got, const char *want, const char *file,
                   int line);
void px_run_suites(void);

typedef struct fixture {
    char *dir;
    amb_http_fixture *http;
    amb_registry *reg;
    amb_workspace *ws;
    amb_run_env env;
    volatile int stop;
} fixture;

/* One SQL integer from the store, -1 when there is no row. */
static long long scalar(fixture *fx, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(amb_store_db(fx->ws->store), sql, -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void fx_init(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->dir = amb_test_tmpdir("pxrun");
    fx->http = amb_http_fixture_start();
    char *files = amb_xasprintf("%s/tests/fixtures/px", amb_test_srcdir());
    amb_http_fixture_route_dir(fx->http, "/files/", files);
    free(files);
    /* a truncated copy of the fixture under its own URL */
    char *path = amb_xasprintf("%s/tests/fixtures/px/dst_folk.px",
                               amb_test_srcdir());
    char *body = NULL;
    size_t len = 0;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_read_file(path, 1 << 20, &body, &len, &err), 0);
    amb_http_response cut = {.body = body, .body_len = len - 40};
    amb_http_fixture_route(fx->http, "/cut/FOLK1A.px", &cut, 1);
    free(body);
    free(path);
    char *cfg = amb_xasprintf(
        "workspace { fetch = { retries = 0 } }\n"
        "source \"folk\" { plugin = \"px\", url = \"%s\" }\n",
        amb_http_fixture_url(fx->http, "/files/dst_folk.px"));
    char *cfg2 = amb_xasprintf(
        "%ssource \"cut\" { plugin = \"px\", url = \"%s\" }\n"
        "source \"gone\" { plugin = \"px\", url = \"%s\" }\n"
        "source \"langs\" { plugin = \"px\", url = \"%s\", dataset = \"LEDIG_EN\","
        " lang = \"en\" }\n",
        cfg, amb_http_fixture_url(fx->http, "/cut/FOLK1A.px"),
        amb_http_fixture_url(fx->http, "/files/nope.px"),
        amb_http_fixture_url(fx->http, "/files/quarters_utf8.px"));
    free(amb_test_write(fx->dir, "ambit.lua", cfg2, strlen(cfg2)));
    free(cfg);
    free(cfg2);
    fx->reg = amb_registry_new();
    char *so = amb_xasprintf("%s/plugins/.libs/px.so", amb_test_builddir());
    CU_ASSERT_EQUAL_FATAL(amb_registry_load_file(fx->reg, so), 0);
    free(so);
    int rc = amb_workspace_open(fx->dir, fx->reg, &fx->ws, &err);
    if (rc)
        fprintf(stderr, "workspace: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    fx->env = (amb_run_env){fx->ws->store, fx->ws->fetcher, fx->reg, 0,
                            &fx->stop};
}

static void fx_free(fixture *fx)
{
    amb_workspace_close(fx->ws);
    amb_registry_free(fx->reg);
    amb_http_fixture_stop(fx->http);
    amb_test_rmtree(fx->dir);
    free(fx->dir);
}

static int collect(fixture *fx, const char *name, amb_run_outcome *out,
                   amb_error *err)
{
    amb_error_clear(err);
    return amb_run_collect(&fx->env, amb_config_source(fx->ws->cfg, name), out,
                           err);
}

#define FOLK_OBS                                                           \
    "SELECT count(*) FROM observations o JOIN datasets d ON "              \
    "d.id = o.dataset_id WHERE d.code = 'FOLK1A'"

static void test_collect_by_url(void)
{
    fixture fx;
    fx_init(&fx);
    amb_run_outcome out;
    amb_error err;
    int rc = collect(&fx, "folk", &out, &err);
    if (rc)
        fprintf(stderr, "\ncollect: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL(out.rc, AMB_OK);
    CU_ASSERT_EQUAL(out.rows, 18);
    CU_ASSERT_EQUAL(out.datasets, 1);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx.http, "/files/dst_folk.px"), 1);
    CU_ASSERT_EQUAL(scalar(&fx, FOLK_OBS), 18);
    CU_ASSERT_EQUAL(scalar(&fx, FOLK_OBS " AND o.value IS NULL AND "
                                         "o.flag = '..'"), 3);
    CU_ASSERT_EQUAL(scalar(&fx, FOLK_OBS " AND o.d0 = '851' AND o.d1 = '2' "
                                         "AND o.period = '2024K2'"), 1);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT o.value FROM observations o WHERE "
                                "o.d0 = '851' AND o.d1 = '2' AND "
                                "o.period = '2024K2'"), 110540);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM datasets WHERE "
                                "code = 'FOLK1A' AND time_id = 'tid' AND "
                                "unit = 'Antal' AND updated = '20240510 08:00' "
                                "AND title LIKE 'Befolkningen den 1. i "
                                "kvartalet efter område, køn og tid'"), 1);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM dimensions d JOIN "
                                "datasets s ON s.id = d.dataset_id WHERE "
                                "s.code = 'FOLK1A' AND d.pos = 0 AND "
                                "d.code = 'OMRÅDE'"), 1);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM dimension_labels WHERE "
                                "pos = 0 AND code = '825' AND label = 'Læsø' "
                                "AND lang IN ('', 'da')"), 2);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM provenance WHERE url "
                                "LIKE '%/files/dst_folk.px' AND bytes = 1105 "
                                "AND http_status = 200"), 1);

    /* the second run: the server says 304, the plugin parses nothing */
    CU_ASSERT_EQUAL(collect(&fx, "folk", &out, &err), 0);
    CU_ASSERT_EQUAL(out.rc, AMB_UNCHANGED);
    CU_ASSERT_EQUAL(out.rows, 0);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx.http, "/files/dst_folk.px"), 2);
    amb_http_request *req = amb_http_fixture_last_request(fx.http);
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    CU_ASSERT_PTR_NOT_NULL(amb_http_request_header(req, "If-None-Match"));
    amb_http_request_free(req);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM runs WHERE status = "
                                "'unchanged'"), 1);
    CU_ASSERT_EQUAL(scalar(&fx, FOLK_OBS), 18);
    fx_free(&fx);
}

static void test_failures_keep_data(void)
{
    fixture fx;
    fx_init(&fx);
    amb_run_outcome out;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(collect(&fx, "folk", &out, &err), 0);
    /* a truncated body fails the run, names the URL, keeps the data */
    CU_ASSERT(collect(&fx, "cut", &out, &err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "source cut"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/cut/FOLK1A.px: DATA has 14 "
                                           "values, expected 18 (STUB x "
                                           "HEADING = 6 x 3); the file ends "
                                           "without the ';' that closes DATA "
                                           "(truncated?)"));
    CU_ASSERT_EQUAL(scalar(&fx, FOLK_OBS), 18);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM runs WHERE status = "
                                "'failed' AND error LIKE '%DATA has 14 "
                                "values%'"), 1);
    /* a missing file: the fetch fails */
    CU_ASSERT(collect(&fx, "gone", &out, &err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "404"));
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations"), 18);
    /* two languages by URL, English as the main one */
    CU_ASSERT_EQUAL(collect(&fx, "langs", &out, &err), 0);
    CU_ASSERT_EQUAL(out.rows, 24);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM dimension_labels l JOIN "
                                "datasets d ON d.id = l.dataset_id WHERE "
                                "d.code = 'LEDIG_EN' AND l.code = '825' AND "
                                "((l.lang = '' AND l.label = 'Læsø island') OR "
                                "(l.lang = 'en' AND l.label = 'Læsø island') "
                                "OR (l.lang = 'da' AND l.label = 'Læsø'))"),
                    3);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM datasets WHERE code = "
                                "'LEDIG_EN' AND title = 'Unemployment by "
                                "region, content and quarter'"), 1);
    fx_free(&fx);
}

void px_run_suites(void)
{
    AMB_TEST_SUITE("px_run", {"collect by url", test_collect_by_url},
                   {"failures keep data", test_failures_keep_data});
}
