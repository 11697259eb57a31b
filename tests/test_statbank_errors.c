/*
 * test_statbank_errors.c - the statbank plugin against the HTTP fixture:
 * the CSV and JSONSTAT formats, and every way a collection fails (400
 * answers with StatBank's errorTypeCode and message, a truncated body, a
 * cut-off row, a JSON-stat value count that does not match, an unknown
 * variable, an unknown table).  A failed run stores nothing and leaves the
 * previous data as they were.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_statbank_http.h"
#include "testutil.h"

static void test_csv_format(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route(&t, "/v1/tableinfo/AUP01", 200, "tableinfo_aup01.json", NULL);
    sbt_route(&t, "/v1/data", 200, "aup01_csv.csv",
              "Content-Type: text/csv; charset=utf-8");
    CU_ASSERT_EQUAL(sbt_collect(&t, "unemp"), 0);
    CU_ASSERT_EQUAL(t.out.rows, 6);
    char *body = sbt_last_body(&t);
    SBT_EXPECT_STR(body, "{\"table\":\"AUP01\",\"format\":\"CSV\",\"lang\":"
                         "\"da\",\"valuePresentation\":\"Code\",\"delimiter\":"
                         "\"Semicolon\",\"variables\":[{\"code\":\"OMR\xC3\x85"
                         "DE\",\"values\":[\"081\",\"825\",\"851\"]},{\"code\":"
                         "\"Tid\",\"values\":[\">=2023\"]}]}");
    free(body);
    char *s = sbt_text(&t, "SELECT d0 || '|' || period || '=' || "
                           "coalesce(value, 'NULL') || '|' || "
                           "coalesce(flag, '') FROM observations "
                           "ORDER BY d0, period");
    SBT_EXPECT_STR(s, "081|2023=3.4|\n081|2024=3.6|\n825|2023=NULL|..\n"
                      "825|2024=4.3|\n851|2023=3.8|\n851|2024=4.1|");
    free(s);
    s = sbt_text(&t, "SELECT title || '|' || unit FROM datasets");
    SBT_EXPECT_STR(s, "Ledige|Pct.");
    free(s);
    sbt_close(&t);
}

/* JSONSTAT: StatBank's 1.x bundle through the JSON-stat reader; the
 * one-category ContentsCode is left out, so the dataset has the same
 * dimensions as with BULK. */
static void test_jsonstat_format(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    sbt_route(&t, "/v1/data", 200, "folk1a_jsonstat.json",
              "Content-Type: application/json");
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop_js"), 0);
    CU_ASSERT_EQUAL(t.out.rows, 8);
    char *body = sbt_last_body(&t);
    CU_ASSERT(sbt_contains(body, "\"format\":\"JSONSTAT\""));
    free(body);
    char *s = sbt_text(&t, "SELECT code FROM dimensions ORDER BY pos");
    SBT_EXPECT_STR(s, "Tid\nOMR\xC3\x85" "DE\nK\xC3\x98N\nALDER");
    free(s);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT value FROM observations WHERE "
                                   "d0 = '851' AND d1 = '2' AND d2 = 'IALT' "
                                   "AND period = '2024K2'"), 109956);
    s = sbt_text(&t, "SELECT label FROM dimension_labels WHERE pos = -1 AND "
                     "code = '2023K3'");
    SBT_EXPECT_STR(s, "2023K3");
    free(s);
    sbt_close(&t);
}

static void test_extract_notallowed(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    /* the table changes, but the server refuses the extract */
    sbt_route(&t, "/v1/tableinfo/FOLK1A", 200, "tableinfo_folk1a_new.json",
              NULL);
    sbt_route(&t, "/v1/data", 400, "error_extract.json",
              "Content-Type: application/json");
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), AMB_ENET);
    CU_ASSERT(sbt_contains(t.err.msg, "source pop: "));
    CU_ASSERT(sbt_contains(t.err.msg, "/v1/data#FOLK1A: HTTP 400"));
    CU_ASSERT(sbt_contains(t.err.msg, "{\"errorTypeCode\":\"EXTRACT-NOTALLOWED"
                                      "\",\"message\":\"Der skal v\xC3\xA6lges "
                                      "mindst \xC3\xA9n v\xC3\xA6rdi"));
    /* the earlier data stay, and the failure is on record */
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM observations"), 8);
    char *s = sbt_text(&t, "SELECT updated FROM datasets");
    SBT_EXPECT_STR(s, "2024-05-10T08:00:00");
    free(s);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM runs WHERE status = "
                                   "'failed' AND error LIKE "
                                   "'%EXTRACT-NOTALLOWED%'"), 1);
    sbt_close(&t);
}

static void test_request_limit(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route(&t, "/v1/tableinfo/AUP01", 200, "tableinfo_aup01.json", NULL);
    sbt_route(&t, "/v1/data", 400, "error_limit.json", NULL);
    CU_ASSERT_EQUAL(sbt_collect(&t, "unemp"), AMB_ENET);
    CU_ASSERT(sbt_contains(t.err.msg, "/v1/data#AUP01: HTTP 400"));
    CU_ASSERT(sbt_contains(t.err.msg, "\"errorTypeCode\":\"REQUEST-LIMIT\""));
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM datasets"), 0);
    sbt_close(&t);
}

/* The connection closes before the announced length: nothing is stored. */
static void test_truncated_body(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    size_t len;
    char *bulk = sbt_fixture_text("folk1a_bulk.csv", &len);
    amb_http_response r = {.body = bulk, .body_len = len / 2,
                           .mode = AMB_HTTP_TRUNCATE, .declared_length = len};
    amb_http_fixture_route(t.fx, "/v1/data", &r, 1);
    free(bulk);
    CU_ASSERT(sbt_collect(&t, "pop") < 0);
    CU_ASSERT(sbt_contains(t.err.msg, "/v1/data#FOLK1A"));
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM observations"), 0);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM datasets"), 0);
    sbt_close(&t);
}

/* A complete answer whose last row is cut off: a parse error, nothing
 * stored, not even the rows before it. */
static void test_cut_off_row(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    sbt_route(&t, "/v1/data", 200, "folk1a_bulk_cut.csv", NULL);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), AMB_EPARSE);
    CU_ASSERT(sbt_contains(t.err.msg, "statbank FOLK1A: "));
    CU_ASSERT(sbt_contains(t.err.msg, "/v1/data#FOLK1A:9: 4 fields, expected "
                                      "5 (a cut-off response?)"));
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM observations"), 0);
    /* and the next run, with the table unchanged, tries again */
    sbt_route(&t, "/v1/data", 200, "folk1a_bulk.csv", NULL);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop"), 0);
    CU_ASSERT_EQUAL(t.out.rc, AMB_OK);
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM observations"), 8);
    sbt_close(&t);
}

static void test_jsonstat_mismatch(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    sbt_route(&t, "/v1/data", 200, "folk1a_jsonstat_bad.json", NULL);
    CU_ASSERT_EQUAL(sbt_collect(&t, "pop_js"), AMB_EPARSE);
    CU_ASSERT(sbt_contains(t.err.msg, "/v1/data#FOLK1A: value has 7 entries, "
                                      "expected 8 (2 \xC3\x97 2 \xC3\x97 1 "
                                      "\xC3\x97 1 \xC3\x97 2)"));
    CU_ASSERT_EQUAL(sbt_scalar(&t, "SELECT count(*) FROM observations"), 0);
    sbt_close(&t);
}

static void test_unknown_variable(void)
{
    sbt t;
    sbt_open(&t);
    sbt_route_folk1a(&t);
    CU_ASSERT_EQUAL(sbt_collect(&t, "bad_var"), AMB_ECONFIG);
    CU_ASSERT(sbt_contains(t.err.msg, "statbank FOLK1A: variable 'CIVILSTAND' "
                                      "is not in the table (variables: "
                                      "OMR\xC3\x85" "DE, K\xC3\x98N, ALDER, "
                                      "Tid)"));
    CU_ASSERT_EQUAL(amb_http_fixture_requests(t.fx), 1);
    sbt_close(&t);
}

static void test_unknown_table(void)
{
    sbt t;
    sbt_open(&t);
    amb_http_response r = {
        .status = 400,
        .body = "{\"errorTypeCode\":\"TABLE-NOTFOUND\",\"message\":\"Tabellen "
                "NOPE findes ikke\"}"};
    amb_http_fixture_route(t.fx, "/v1/tableinfo/NOPE", &r, 1);
    CU_ASSERT_EQUAL(sbt_collect(&t, "nope"), AMB_ENET);
    CU_ASSERT(sbt_contains(t.err.msg, "/v1/tableinfo/NOPE?format=JSON&lang=da"));
    CU_ASSERT(sbt_contains(t.err.msg, "HTTP 400"));
    CU_ASSERT(sbt_contains(t.err.msg, "TABLE-NOTFOUND"));
    /* a 200 that is not a tableinfo answer */
    amb_http_fixture_route_simple(t.fx, "/v1/tableinfo/NOPE", 200, NULL,
                                  "<html>maintenance</html>");
    CU_ASSERT_EQUAL(sbt_collect(&t, "nope"), AMB_EPARSE);
    CU_ASSERT(sbt_contains(t.err.msg, "statbank NOPE: tableinfo:1:1:"));
    sbt_close(&t);
}

void sbt_error_suites(void)
{
    AMB_TEST_SUITE("statbank_formats_errors", {"CSV", test_csv_format},
                   {"JSONSTAT", test_jsonstat_format},
                   {"EXTRACT-NOTALLOWED", test_extract_notallowed},
                   {"REQUEST-LIMIT", test_request_limit},
                   {"truncated body", test_truncated_body},
                   {"cut-off row", test_cut_off_row},
                   {"JSON-stat value count", test_jsonstat_mismatch},
                   {"unknown variable", test_unknown_variable},
                   {"unknown table", test_unknown_table});
}
