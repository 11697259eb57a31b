/*
 * test_sdmx_errors.c - every error the sdmx plugin reports, with its exact
 * message, and hostile input: malformed XML, entity bombs, external
 * entities aimed at a live HTTP server (which must see no request),
 * libxml2's size and depth limits, mutated messages.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_fixture.h"
#include "test_sdmx.h"
#include "util.h"

#define NS20 "http://www.SDMX.org/resources/SDMXML/schemas/v2_0/message"
#define NS21 "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
/* A 2.0 compact message around a DataSet's content (5 lines before it). */
#define COMPACT(body)                                                      \
    "<?xml version=\"1.0\"?>\n<CompactData xmlns=\"" NS20 "\">\n"           \
    "<Header><ID>T</ID></Header>\n<DataSet datasetID=\"T\">\n" body        \
    "</DataSet>\n</CompactData>\n"

static const amb_opt no_opts = {.type = AMB_OPT_MAP};

/* ------------------------------------------------------------ XML */

static void test_malformed_xml(void)
{
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\">\n<Obs TIME_PERIOD=\"2020\" "
                         "OBS_VALUE=\"1\">\n</Series>\n"),
                 AMB_EPARSE,
                 ":7:10: XML error: Opening and ending tag mismatch: Obs line "
                 "6 and Series");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"&bogus;\">\n</Series>\n"), AMB_EPARSE,
                 ":5:19: XML error: Entity 'bogus' not defined");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\" A=\"2\"/>\n"), AMB_EPARSE,
                 ":5:20: XML error: Attribute A redefined");
    IMPORT_FAILS(&no_opts, "<?xml version=\"1.0\"?>\n<CompactData xmlns=\""
                           NS20 "\"><DataSet datasetID=\"T\"><Series "
                           "A=\"1\"><Obs TIME_PERIOD=\"2020\" OBS_VAL",
                 AMB_EPARSE,
                 ":2:148: XML error: Specification mandates value for "
                 "attribute OBS_VAL");
    IMPORT_FAILS(&no_opts, "<?xml version=\"1.0\"?>\n<CompactData xmlns=\""
                           NS20 "\">\n<DataSet datasetID=\"T\">\n",
                 AMB_EPARSE,
                 ":3:24: XML error: Extra content at the end of the "
                 "document");
    IMPORT_FAILS(&no_opts, "<?xml version=\"1.0\"?>\n<CompactData xmlns=\""
                           NS20 "\"><DataSet datasetID=\"\xff\"/>"
                           "</CompactData>",
                 AMB_EPARSE,
                 ":2:100: XML error: Input is not proper UTF-8, indicate "
                 "encoding !\nBytes: 0xFF 0x22 0x2F 0x3E");
    IMPORT_FAILS(&no_opts, "<?xml version=\"1.0\"?>\n<x:CompactData/>\n",
                 AMB_EPARSE,
                 ":2:15: XML error: Namespace prefix x on CompactData is not "
                 "defined");
}

/* A message cut anywhere fails with an XML error, never a crash, and no
 * observation after the cut is reported. */
static void test_truncated(void)
{
    char *path = sdmx_fixture_path("dst_compact.xml");
    char *text = NULL;
    size_t len = 0;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_read_file(path, 1 << 20, &text, &len, &err), 0);
    free(path);
    for (size_t cut = 1; cut + 30 < len; cut += 37) {
        amb_ctx c;
        char *dir, *p;
        amb_rc rc = sdmx_import_text(&c, &no_opts, "cut.xml", text, cut, &dir,
                                     &p);
        CU_ASSERT_EQUAL(rc, AMB_EPARSE);
        CU_ASSERT_EQUAL(c.nfail, 1);
        CU_ASSERT(strncmp(c.err, p, strlen(p)) == 0);
        CU_ASSERT(c.nobs < 6);
        sdmx_test_cleanup(&c, dir, p);
    }
    free(text);
}

/* ------------------------------------------------------------ messages */

static void test_not_sdmx(void)
{
    IMPORT_FAILS(&no_opts, "<html><body>hello</body></html>\n", AMB_EPARSE,
                 ":1: unknown root element 'html': not an SDMX-ML 2.0 or 2.1 "
                 "data message (GenericData, StructureSpecificData, "
                 "CompactData, MessageGroup)");
    IMPORT_FAILS(&no_opts, "<GenericData xmlns=\"urn:not:sdmx\"/>",
                 AMB_EPARSE,
                 ":1: unknown root element 'GenericData' in namespace "
                 "'urn:not:sdmx': not an SDMX-ML 2.0 or 2.1 data message "
                 "(GenericData, StructureSpecificData, CompactData, "
                 "MessageGroup)");
    IMPORT_FAILS(&no_opts, "<Structure xmlns=\"" NS21 "\"/>", AMB_EPARSE,
                 ":1: unknown root element 'Structure' in namespace '" NS21
                 "': not an SDMX-ML 2.0 or 2.1 data message (GenericData, "
                 "StructureSpecificData, CompactData, MessageGroup)");
    IMPORT_FAILS(&no_opts, "GEO,TIME,VALUE\nDK,2020,1\n", AMB_EPARSE,
                 ": neither SDMX-ML (XML) nor SDMX-CSV (a header line with "
                 "DATAFLOW and OBS_VALUE); set the option 'format' to read it "
                 "as one of them");
    IMPORT_FAILS(&no_opts, "", AMB_EPARSE, ": the file is empty");
    amb_opt xml = MAP(NULL, STR("format", "xml"));
    IMPORT_FAILS(&xml, "", AMB_EPARSE, ": the file is empty");
    IMPORT_FAILS(&xml, "<?xml version=\"1.0\"?>\n<!-- nothing -->\n",
                 AMB_EPARSE, ":3:1: XML error: Extra content at the end of "
                 "the document");
    IMPORT_FAILS(&no_opts, COMPACT(""), AMB_EPARSE,
                 ": the message holds no observations (nothing stored)");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\"/>\n<Group B=\"2\"><Obs/></Group>\n"),
                 AMB_EPARSE,
                 ": the message holds no observations (nothing stored)");
}

static void test_observation_errors(void)
{
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\">\n<Obs TIME_PERIOD=\"2020\" "
                         "OBS_VALUE=\"1\"/>\n<Obs OBS_VALUE=\"2\"/>\n"
                         "</Series>\n"),
                 AMB_EPARSE,
                 ":7: observation key concepts () differ from the first "
                 "observation's (TIME_PERIOD)");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\">\n<Obs OBS_VALUE=\"2\"/>\n"
                         "</Series>\n"),
                 AMB_EPARSE,
                 ":6: an observation without a time period (no TIME_PERIOD "
                 "or TIME)");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\">\n<Obs TIME_PERIOD=\"\" "
                         "OBS_VALUE=\"2\"/>\n</Series>\n"),
                 AMB_EPARSE,
                 ":6: an observation without a time period (no TIME_PERIOD "
                 "or TIME)");
    amb_opt year = MAP(NULL, STR("time", "YEAR"));
    IMPORT_FAILS(&year,
                 COMPACT("<Series A=\"1\">\n<Obs TIME_PERIOD=\"2020\" "
                         "OBS_VALUE=\"2\"/>\n</Series>\n"),
                 AMB_EPARSE,
                 ":6: an observation without a time period (no YEAR)");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\">\n<Obs TIME_PERIOD=\"2020\" "
                         "OBS_VALUE=\"12,5\"/>\n</Series>\n"),
                 AMB_EPARSE, ":6: OBS_VALUE '12,5' is not a number");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\">\n<Obs TIME_PERIOD=\"2020\" "
                         "OBS_VALUE=\"1e999\"/>\n</Series>\n"),
                 AMB_EPARSE, ":6: OBS_VALUE '1e999' is not a number");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\">\n<Obs TIME_PERIOD=\"2020\" "
                         "OBS_VALUE=\"INF\"/>\n</Series>\n"),
                 AMB_EPARSE, ":6: OBS_VALUE 'INF' is not a number");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\">\n<Obs TIME_PERIOD=\"2020\" "
                         "OBS_VALUE=\"0123456789012345678901234567890123456789"
                         "0123456789x\"/>\n</Series>\n"),
                 AMB_EPARSE,
                 ":6: OBS_VALUE '0123456789012345678901234567890123456789"
                 "0123...' is not a number");
    /* a generic observation with an empty generic:Time */
    IMPORT_FAILS(&no_opts,
                 "<GenericData xmlns=\"" NS20 "\" xmlns:g=\"urn:g\">"
                 "<DataSet datasetID=\"G\">\n<g:Series><g:SeriesKey>"
                 "<g:Value concept=\"A\" value=\"1\"/></g:SeriesKey>\n"
                 "<g:Obs><g:Time> </g:Time><g:ObsValue value=\"1\"/></g:Obs>"
                 "</g:Series></DataSet></GenericData>",
                 AMB_EPARSE,
                 ":3: an observation without a time period (no TIME_PERIOD or "
                 "TIME)");
    IMPORT_FAILS(&no_opts,
                 "<GenericData xmlns=\"" NS20 "\" xmlns:g=\"urn:g\">"
                 "<DataSet datasetID=\"G\">\n<g:Series><g:SeriesKey>\n"
                 "<g:Value value=\"1\"/></g:SeriesKey></g:Series></DataSet>"
                 "</GenericData>",
                 AMB_EPARSE, ":3: a Value without id or concept");
}

static void test_key_errors(void)
{
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\" B=\"2\">\n<Obs TIME_PERIOD=\"2020\" "
                         "OBS_VALUE=\"1\"/>\n</Series>\n<Series B=\"2\" "
                         "C=\"3\">\n<Obs TIME_PERIOD=\"2020\" OBS_VALUE=\"1\"/>"
                         "\n</Series>\n"),
                 AMB_EPARSE,
                 ":8: series key concepts (B, C) differ from the first "
                 "series' (A, B)");
    /* an empty series is checked too */
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\" B=\"2\">\n<Obs TIME_PERIOD=\"2020\" "
                         "OBS_VALUE=\"1\"/>\n</Series>\n<Series A=\"2\"/>\n"),
                 AMB_EPARSE,
                 ":8: series key concepts (A) differ from the first series' "
                 "(A, B)");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\" B=\"1\" C=\"1\" D=\"1\" E=\"1\" "
                         "F=\"1\" G=\"1\" H=\"1\" I=\"1\">\n"
                         "<Obs TIME_PERIOD=\"2020\" OBS_VALUE=\"1\"/>\n"
                         "</Series>\n"),
                 AMB_EPARSE,
                 ":5: the key has 9 non-time dimensions (A, B, C, D, E, F, G, "
                 "H, I); at most 8 are supported");
    /* eight in the series and one more at observation level */
    IMPORT_FAILS(&no_opts,
                 "<StructureSpecificData xmlns=\"" NS21 "\"><Header>"
                 "<Structure structureID=\"S\" dimensionAtObservation=\"I\"/>"
                 "</Header>\n<DataSet structureRef=\"S\"><Series A=\"1\" "
                 "B=\"1\" C=\"1\" D=\"1\" E=\"1\" F=\"1\" G=\"1\" H=\"1\" "
                 "TIME_PERIOD=\"2020\">\n<Obs I=\"1\" OBS_VALUE=\"1\"/>"
                 "</Series></DataSet></StructureSpecificData>",
                 AMB_EPARSE,
                 ":3: the key has 9 non-time dimensions (A, B, C, D, E, F, G, "
                 "H, I); at most 8 are supported");
    IMPORT_FAILS(&no_opts,
                 COMPACT("<Series A=\"1\" B=\"1\" C=\"1\" D=\"1\" E=\"1\" "
                         "F=\"1\" G=\"1\" H=\"1\" I=\"1\" J=\"1\" K=\"1\" "
                         "L=\"1\" M=\"1\" N=\"1\" O=\"1\" P=\"1\" Q=\"1\"/>\n"),
                 AMB_EPARSE,
                 ":5: a key with more than 16 concepts; at most 8 non-time "
                 "dimensions are supported");
    IMPORT_FAILS(&no_opts,
                 "<GenericData xmlns=\"" NS21 "\" xmlns:g=\"urn:g\">"
                 "<DataSet setID=\"G\">\n<g:Series><g:SeriesKey>"
                 "<g:Value id=\"GEO\" value=\"1\"/>\n"
                 "<g:Value id=\"GEO\" value=\"2\"/></g:SeriesKey></g:Series>"
                 "</DataSet></GenericData>",
                 AMB_EPARSE, ":3: concept GEO appears twice in a key");
    IMPORT_FAILS(&no_opts,
                 "<StructureSpecificData xmlns=\"" NS21 "\"><Header>"
                 "<Structure structureID=\"S\" "
                 "dimensionAtObservation=\"AllDimensions\"/></Header>\n"
                 "<DataSet structureRef=\"S\">\n<Obs A=\"1\" TIME_PERIOD=\"1\" "
                 "OBS_VALUE=\"1\"/>\n<Obs B=\"1\" TIME_PERIOD=\"1\" "
                 "OBS_VALUE=\"1\"/>\n</DataSet></StructureSpecificData>",
                 AMB_EPARSE,
                 ":4: observation key concepts (B, TIME_PERIOD) differ from "
                 "the first observation's (A, TIME_PERIOD)");
}

/* The store's refusal stops the parse at once and is passed on. */
static void test_observe_refused(void)
{
    char *path = sdmx_fixture_path("dst_compact.xml");
    amb_ctx c;
    memset(&c, 0, sizeof c);
    c.observe_fails_at = 3;
    CU_ASSERT_EQUAL(sdmx_import_run(&c, &no_opts, path), AMB_ESTORE);
    CU_ASSERT_EQUAL(c.nobs, 2);
    CU_ASSERT_EQUAL(c.nfail, 1);
    EXPECT_STR(c.err, "store refused");
    rec_free(&c);
    free(path);
}

static void test_io_errors(void)
{
    amb_ctx c;
    char *dir = amb_test_tmpdir("sdmx-io");
    char *missing = amb_path_join(dir, "missing.xml");
    CU_ASSERT_EQUAL(sdmx_import_path(&c, &no_opts, missing), AMB_EIO);
    char *want = amb_xasprintf("sdmx: cannot open %s: No such file or "
                               "directory", missing);
    EXPECT_STR(c.err, want);
    free(want);
    rec_free(&c);
    CU_ASSERT_EQUAL(sdmx_import_path(&c, &no_opts, dir), AMB_EIO);
    want = amb_xasprintf("%s: read error: Is a directory", dir);
    EXPECT_STR(c.err, want);
    free(want);
    rec_free(&c);
    free(missing);
    amb_test_rmtree(dir);
    free(dir);
}

/* ------------------------------------------------------------ hostile */

/* Billion laughs: libxml2 stops the expansion; nothing is stored. */
static void test_entity_bomb(void)
{
    static const char bomb[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE CompactData [\n"
        " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
        " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
        " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
        "]>\n<CompactData xmlns=\"" NS20 "\"><DataSet datasetID=\"B\">"
        "<Series A=\"&h;\"><Obs TIME_PERIOD=\"2020\" OBS_VALUE=\"1\"/>"
        "</Series>&h;</DataSet></CompactData>\n";
    IMPORT_FAILS(&no_opts, bomb, AMB_EPARSE,
                 ":12:117: XML error: Detected an entity reference loop");
    /* the same declarations, referenced only far after the DOCTYPE */
    amb_buf b = {0};
    amb_buf_append(&b, bomb, strstr(bomb, "<CompactData") - bomb);
    amb_buf_puts(&b, "<CompactData xmlns=\"" NS20 "\"><DataSet "
                     "datasetID=\"B\">\n");
    for (int i = 0; i < 200; i++)
        amb_buf_puts(&b, "<Series A=\"1\"/>\n");
    amb_buf_puts(&b, "<Series A=\"&h;\"/></DataSet></CompactData>\n");
    amb_ctx c;
    char *dir, *p;
    CU_ASSERT_EQUAL(sdmx_import_text(&c, &no_opts, "late.xml", b.data, b.len,
                                     &dir, &p),
                    AMB_EPARSE);
    char *want = amb_xasprintf("%s: a DOCTYPE declaration is not accepted "
                               "(SDMX-ML has none; entities are never "
                               "expanded)", p);
    EXPECT_STR(c.err, want);
    free(want);
    CU_ASSERT_EQUAL(c.nobs, 0);
    sdmx_test_cleanup(&c, dir, p);
    amb_buf_free(&b);
}

/* External entities, external DTDs, parameter entities, XInclude and
 * schemaLocation all name a live HTTP server on 127.0.0.1: the server
 * must see no request at all. */
static void test_no_network(void)
{
    amb_http_fixture *fx = amb_http_fixture_start();
    amb_http_fixture_route_simple(fx, "/evil", 200, NULL,
                                  "<!ENTITY x \"pwned\">");
    const char *url = amb_http_fixture_url(fx, "/evil");
    char *docs[5];
    docs[0] = amb_xasprintf("<?xml version=\"1.0\"?>\n<!DOCTYPE CompactData "
                            "[ <!ENTITY x SYSTEM \"%s\"> ]>\n<CompactData "
                            "xmlns=\"" NS20 "\"><DataSet datasetID=\"X\">"
                            "<Series A=\"1\"><Obs TIME_PERIOD=\"2020\" "
                            "OBS_VALUE=\"1\"/></Series>&x;</DataSet>"
                            "</CompactData>\n", url);
    docs[1] = amb_xasprintf("<?xml version=\"1.0\"?>\n<!DOCTYPE CompactData "
                            "SYSTEM \"%s\">\n<CompactData xmlns=\"" NS20
                            "\"/>\n", url);
    docs[2] = amb_xasprintf("<?xml version=\"1.0\"?>\n<!DOCTYPE CompactData "
                            "[ <!ENTITY %% p SYSTEM \"%s\"> %%p; ]>\n"
                            "<CompactData xmlns=\"" NS20 "\"/>\n", url);
    docs[3] = amb_xasprintf("<?xml version=\"1.0\"?>\n<CompactData xmlns=\""
                            NS20 "\" xmlns:xi=\"http://www.w3.org/2001/"
                            "XInclude\"><DataSet datasetID=\"X\"><xi:include "
                            "href=\"%s\"/><Series A=\"1\"><Obs "
                            "TIME_PERIOD=\"2020\" OBS_VALUE=\"1\"/></Series>"
                            "</DataSet></CompactData>\n", url);
    docs[4] = amb_xasprintf("<?xml version=\"1.0\"?>\n<CompactData xmlns=\""
                            NS20 "\" xmlns:xsi=\"http://www.w3.org/2001/"
                            "XMLSchema-instance\" xsi:schemaLocation=\"" NS20
                            " %s\"><DataSet datasetID=\"X\"><Series A=\"1\">"
                            "<Obs TIME_PERIOD=\"2020\" OBS_VALUE=\"1\"/>"
                            "</Series></DataSet></CompactData>\n", url);
    for (int i = 0; i < 5; i++) {
        amb_ctx c;
        char *dir, *p;
        amb_rc rc = sdmx_import_text(&c, &no_opts, "xxe.xml", docs[i],
                                     strlen(docs[i]), &dir, &p);
        if (i < 3) {   /* refused at the DOCTYPE */
            CU_ASSERT_EQUAL(rc, AMB_EPARSE);
            CU_ASSERT_PTR_NOT_NULL(strstr(c.err, "DOCTYPE"));
            CU_ASSERT_EQUAL(c.nobs, 0);
        } else {       /* parsed; the reference is just ignored */
            CU_ASSERT_EQUAL(rc, AMB_OK);
            CU_ASSERT_EQUAL(c.nobs, 1);
        }
        CU_ASSERT(c.err[0] == '\0' || strstr(c.err, "pwned") == NULL);
        sdmx_test_cleanup(&c, dir, p);
        free(docs[i]);
    }
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/evil"), 0);
    CU_ASSERT_EQUAL(amb_http_fixture_requests(fx), 0);
    CU_ASSERT_EQUAL(amb_http_fixture_connections(fx), 0);
    amb_http_fixture_stop(fx);
}

/* libxml2's default limits stay on: a 11 MB attribute and 300 nested
 * elements are refused. */
static void test_limits(void)
{
    amb_buf b = {0};
    amb_buf_puts(&b, "<CompactData xmlns=\"" NS20 "\"><DataSet datasetID=\"X\">"
                     "<Series A=\"");
    size_t big = (size_t)11 << 20;   /* over XML_MAX_TEXT_LENGTH */
    char *xs = amb_xmalloc(big);
    memset(xs, 'x', big);
    amb_buf_append(&b, xs, big);
    free(xs);
    amb_buf_puts(&b, "\"/></DataSet></CompactData>\n");
    amb_ctx c;
    char *dir, *p;
    CU_ASSERT_EQUAL(sdmx_import_text(&c, &no_opts, "long.xml", b.data, b.len,
                                     &dir, &p),
                    AMB_EPARSE);
    /* the wording is libxml2's ("Huge input lookup" in 2.9) */
    CU_ASSERT_PTR_NOT_NULL(strstr(c.err, ": XML error: "));
    CU_ASSERT_EQUAL(c.nobs, 0);
    sdmx_test_cleanup(&c, dir, p);
    amb_buf_reset(&b);
    amb_buf_puts(&b, "<CompactData xmlns=\"" NS20 "\"><DataSet datasetID=\"X\">");
    for (int i = 0; i < 300; i++)
        amb_buf_puts(&b, "<Group>");
    CU_ASSERT_EQUAL(sdmx_import_text(&c, &no_opts, "deep.xml", b.data, b.len,
                                     &dir, &p),
                    AMB_EPARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(c.err, "XML error: Excessive depth in "
                                         "document: 256"));
    sdmx_test_cleanup(&c, dir, p);
    amb_buf_free(&b);
}

/* A deterministic byte generator (xorshift). */
static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Mutated fixtures: each import either succeeds or fails once with a
 * message naming the file; never a crash, leak or second failure. */
static void test_mutations(void)
{
    static const char *const names[] = {"dst_compact.xml", "group_three.xml",
                                        "generic_flat.xml",
                                        "ss_two_datasets.xml",
                                        "sdmx_csv_basic.csv"};
    static const char alphabet[] = "<>/=\"&;: \n\xC3\xA6NaN0.e-";
    uint32_t seed = 0x5D3Cu;
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        char *path = sdmx_fixture_path(names[f]);
        char *text = NULL;
        size_t len = 0;
        amb_error err;
        CU_ASSERT_EQUAL_FATAL(amb_read_file(path, 1 << 20, &text, &len, &err),
                              0);
        free(path);
        for (int round = 0; round < 60; round++) {
            char *m = amb_xmalloc(len + 1);
            memcpy(m, text, len);
            int edits = 1 + (int)(next_rand(&seed) % 4);
            for (int k = 0; k < edits; k++)
                m[next_rand(&seed) % len] =
                    alphabet[next_rand(&seed) % (sizeof alphabet - 1)];
            amb_ctx c;
            char *dir, *p;
            amb_rc rc = sdmx_import_text(&c, &no_opts, names[f], m, len, &dir,
                                         &p);
            if (rc == AMB_OK) {
                CU_ASSERT_EQUAL(c.nfail, 0);
                CU_ASSERT(c.nobs > 0);
            } else {
                CU_ASSERT(rc == AMB_EPARSE);
                CU_ASSERT_EQUAL(c.nfail, 1);
                CU_ASSERT(strncmp(c.err, p, strlen(p)) == 0);
            }
            sdmx_test_cleanup(&c, dir, p);
            free(m);
        }
        free(text);
    }
}

void sdmx_register_errors(void)
{
    AMB_TEST_SUITE("sdmx_errors", {"malformed_xml", test_malformed_xml},
                   {"truncated", test_truncated},
                   {"not_sdmx", test_not_sdmx},
                   {"observation", test_observation_errors},
                   {"keys", test_key_errors},
                   {"observe_refused", test_observe_refused},
                   {"io", test_io_errors});
    AMB_TEST_SUITE("sdmx_hostile", {"entity_bomb", test_entity_bomb},
                   {"no_network", test_no_network},
                   {"limits", test_limits},
                   {"mutations", test_mutations});
}
