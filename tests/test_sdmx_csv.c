/*
 * test_sdmx_csv.c - SDMX-CSV 1.0 (Eurostat's and OECD's variants, labels),
 * the format option, collect through the host's fetch (unchanged sources,
 * failed fetches, the Accept header), option checking, and the descriptor.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_sdmx.h"
#include "util.h"

static const amb_opt no_opts = {.type = AMB_OPT_MAP};

static amb_rc import_fixture(amb_ctx *c, const amb_opt *opts,
                             const char *name)
{
    char *path = sdmx_fixture_path(name);
    amb_rc rc = sdmx_import_path(c, opts, path);
    free(path);
    return rc;
}

/* DATAFLOW, dimensions, TIME_PERIOD, OBS_VALUE, OBS_STATUS, an attribute
 * column after it; CRLF; quoted fields; NaN and empty values. */
static void test_csv_basic(void)
{
    amb_ctx c;
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &no_opts, "sdmx_csv_basic.csv"),
                          AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "UNE_RT_A");
    EXPECT_STR(rec_dims_text(&c, 0), "FREQ,GEO,SEX;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 4);
    EXPECT_STR(rec_obs_text(&c, 0), "A|DK05|T|2022|4.1|");
    EXPECT_STR(rec_obs_text(&c, 1), "A|DK05|T|2023|-|m");
    EXPECT_STR(rec_obs_text(&c, 2), "A|DK05|F|2023|-|p");
    EXPECT_STR(rec_obs_text(&c, 3), "A|DK01|T|2023|5|");
    CU_ASSERT(c.nprogress > 0);
    rec_free(&c);

    amb_opt opts = MAP(NULL, STR("dataset", "UNEMP"),
                       LIST("dims", STR(NULL, "GEO"), STR(NULL, "SEX")));
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &opts, "sdmx_csv_basic.csv"),
                          AMB_OK);
    EXPECT_STR(c.ds[0].id, "UNEMP");
    EXPECT_STR(rec_dims_text(&c, 0), "GEO,SEX;TIME_PERIOD");
    EXPECT_STR(rec_obs_text(&c, 3), "DK01|T|2023|5|");
    rec_free(&c);
}

/* Eurostat's SDMX-CSV: BOM, ';', "LAST UPDATE", lower-case dimension ids,
 * OBS_FLAG as the flag. */
static void test_csv_eurostat(void)
{
    amb_ctx c;
    CU_ASSERT_EQUAL_FATAL(
        import_fixture(&c, &no_opts, "eurostat_semicolon.csv"), AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "NAMA_10R_2GDP");
    EXPECT_STR(rec_dims_text(&c, 0), "freq,unit,geo;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 2);
    EXPECT_STR(rec_obs_text(&c, 0), "A|MIO_EUR|DK05|2021|21408.3|");
    EXPECT_STR(rec_obs_text(&c, 1), "A|MIO_EUR|DK05|2022|22903.1|p");
    rec_free(&c);
}

/* SDMX-CSV written with labels: "ID: Label" headers, "CODE: Label"
 * values. */
static void test_csv_labels(void)
{
    amb_ctx c;
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &no_opts, "labels_both.csv"),
                          AMB_OK);
    EXPECT_STR(c.ds[0].id, "DF_X");
    EXPECT_STR(rec_dims_text(&c, 0), "FREQ,GEO;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 2);
    EXPECT_STR(rec_obs_text(&c, 0), "A|DK|2020|10|E");
    EXPECT_STR(rec_obs_text(&c, 1), "A|SE|2020|11|");
    rec_free(&c);
}

static void test_csv_errors(void)
{
    IMPORT_FAILS(&no_opts,
                 "DATAFLOW,GEO,TIME_PERIOD,OBS_VALUE\nX:A(1.0),DK,2020,1\n"
                 "X:B(1.0),DK,2021,1\n",
                 AMB_EPARSE,
                 ":3: DATAFLOW 'X:B(1.0)' differs from the first row's "
                 "'X:A(1.0)' (one dataflow per file)");
    IMPORT_FAILS(&no_opts,
                 "DATAFLOW,GEO,TIME_PERIOD,OBS_VALUE\nX:A(1.0),DK,2020\n",
                 AMB_EPARSE, ":2: 3 fields, but the header has 4");
    IMPORT_FAILS(&no_opts,
                 "DATAFLOW,GEO,TIME_PERIOD,OBS_VALUE\nX:A(1.0),DK,2020,1.2.3\n",
                 AMB_EPARSE, ":2: OBS_VALUE '1.2.3' is not a number");
    IMPORT_FAILS(&no_opts,
                 "DATAFLOW,GEO,TIME_PERIOD,OBS_VALUE\nX:A(1.0),DK,,1\n",
                 AMB_EPARSE,
                 ":2: an observation without a time period (no TIME_PERIOD)");
    IMPORT_FAILS(&no_opts, "DATAFLOW,GEO,YEAR,OBS_VALUE\nX:A(1.0),DK,2020,1\n",
                 AMB_EPARSE,
                 ":1: no TIME_PERIOD or TIME column in the header");
    amb_opt csv = MAP(NULL, STR("format", "csv"));
    IMPORT_FAILS(&csv, "GEO,TIME_PERIOD,VALUE\nDK,2020,1\n", AMB_EPARSE,
                 ":1: no OBS_VALUE column in the header");
    IMPORT_FAILS(&no_opts,
                 "DATAFLOW,GEO,GEO,TIME_PERIOD,OBS_VALUE\n", AMB_EPARSE,
                 ":1: column GEO appears twice in the header");
    IMPORT_FAILS(&no_opts, "DATAFLOW,,TIME_PERIOD,OBS_VALUE\n", AMB_EPARSE,
                 ":1: header column 2 has no name");
    IMPORT_FAILS(&no_opts,
                 "DATAFLOW,A,B,C,D,E,F,G,H,I,TIME_PERIOD,OBS_VALUE\n",
                 AMB_EPARSE,
                 ":1: more than 8 dimension columns before OBS_VALUE; at most "
                 "8 are supported");
    amb_opt dims = MAP(NULL, LIST("dims", STR(NULL, "REGION")));
    IMPORT_FAILS(&dims, "DATAFLOW,GEO,TIME_PERIOD,OBS_VALUE\n", AMB_EPARSE,
                 ":1: no column REGION (option 'dims') in the header");
    IMPORT_FAILS(&no_opts, "DATAFLOW,GEO,TIME_PERIOD,OBS_VALUE\n", AMB_EPARSE,
                 ": the message holds no observations (nothing stored)");
    IMPORT_FAILS(&no_opts,
                 "DATAFLOW,GEO,TIME_PERIOD,OBS_VALUE\nX:A,\"DK,2020,1\n",
                 AMB_EPARSE, ":2: unterminated quoted field starting at column 5");
    /* without a DATAFLOW column the id must come from the options */
    IMPORT_FAILS(&csv, "GEO,TIME_PERIOD,OBS_VALUE\nDK,2020,1\n", AMB_EPARSE,
                 ":2: DataSet 1 has no id (no datasetID, setID, structureRef "
                 "or keyFamilyURI, and no DataSetID in the header): set the "
                 "option 'dataset'");
    /* forced to XML, a CSV file is malformed XML */
    amb_opt xml = MAP(NULL, STR("format", "xml"));
    IMPORT_FAILS(&xml, "DATAFLOW,GEO,TIME_PERIOD,OBS_VALUE\n", AMB_EPARSE,
                 ":1:1: XML error: Document is empty");
}

static void test_csv_forced(void)
{
    amb_ctx c;
    char *dir, *path;
    amb_opt opts = MAP(NULL, STR("dataset", "PLAIN"), STR("format", "csv"),
                       STR("time", "YEAR"), STR("flag", "NOTE"));
    static const char text[] = "GEO;YEAR;OBS_VALUE;NOTE\nDK;2020;1,5e1;\n"
                               "SE;2020;-2;x\n";
    /* decimal commas are not SDMX: 1,5e1 is not a number */
    CU_ASSERT_EQUAL(sdmx_import_text(&c, &opts, "plain.csv", text,
                                     sizeof text - 1, &dir, &path),
                    AMB_EPARSE);
    sdmx_test_cleanup(&c, dir, path);
    static const char ok[] = "GEO;YEAR;OBS_VALUE;NOTE\nDK;2020;1.5e1;\n"
                             "SE;2020;-2;x\n";
    CU_ASSERT_EQUAL_FATAL(sdmx_import_text(&c, &opts, "plain.csv", ok,
                                           sizeof ok - 1, &dir, &path),
                          AMB_OK);
    EXPECT_STR(c.ds[0].id, "PLAIN");
    EXPECT_STR(rec_dims_text(&c, 0), "GEO;YEAR");
    EXPECT_STR(rec_obs_text(&c, 0), "DK|2020|15|");
    EXPECT_STR(rec_obs_text(&c, 1), "SE|2020|-2|x");
    sdmx_test_cleanup(&c, dir, path);
}

/* ------------------------------------------------------------ collect */

static void test_collect(void)
{
    char *fixture = sdmx_fixture_path("dst_compact.xml");
    amb_opt opts = MAP(NULL, STR("dataset", "FOLK1A"),
                       STR("url", "https://api.statbank.dk/v1/data/FOLK1A/"
                                  "SDMXCOMPACT?OMR%C3%85DE=851"));
    amb_ctx c;
    memset(&c, 0, sizeof c);
    c.fetch_path = fixture;
    CU_ASSERT_EQUAL(sdmx_plugin->collect(&c, &sdmx_test_host, &opts), AMB_OK);
    CU_ASSERT_EQUAL(c.nfetch, 1);
    EXPECT_STR(c.fetch_url, "https://api.statbank.dk/v1/data/FOLK1A/"
                            "SDMXCOMPACT?OMR%C3%85DE=851");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.fetch_accept, "genericdata+xml"));
    CU_ASSERT_EQUAL(c.nobs, 6);
    /* messages and the dataset's origin name the URL, not the cache file */
    EXPECT_STR(c.ds[0].origin, "https://api.statbank.dk/v1/data/FOLK1A/"
                               "SDMXCOMPACT?OMR%C3%85DE=851");
    rec_free(&c);

    memset(&c, 0, sizeof c);
    c.fetch_path = fixture;
    c.fetch_unchanged = 1;
    CU_ASSERT_EQUAL(sdmx_plugin->collect(&c, &sdmx_test_host, &opts),
                    AMB_UNCHANGED);
    CU_ASSERT_EQUAL(c.nfetch, 1);
    CU_ASSERT_EQUAL(c.nds, 0);
    CU_ASSERT_EQUAL(c.nobs, 0);
    rec_free(&c);

    memset(&c, 0, sizeof c);   /* the fetch fails: its error stands */
    CU_ASSERT_EQUAL(sdmx_plugin->collect(&c, &sdmx_test_host, &opts),
                    AMB_ENET);
    CU_ASSERT_EQUAL(c.nfail, 1);
    CU_ASSERT_EQUAL(c.nds, 0);
    rec_free(&c);

    amb_opt csv = MAP(NULL, STR("format", "csv"), STR("path", "x.csv"));
    memset(&c, 0, sizeof c);
    c.fetch_path = fixture;   /* XML read as CSV: a quote in a field */
    CU_ASSERT_EQUAL(sdmx_plugin->collect(&c, &sdmx_test_host, &csv),
                    AMB_EPARSE);
    EXPECT_STR(c.fetch_url, "x.csv");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.fetch_accept, "data+csv"));
    EXPECT_STR(c.err, "x.csv:1: quote inside an unquoted field at column 15");
    rec_free(&c);

    memset(&c, 0, sizeof c);
    CU_ASSERT_EQUAL(sdmx_plugin->collect(&c, &sdmx_test_host, &no_opts),
                    AMB_ECONFIG);
    EXPECT_STR(c.err, "sdmx: option 'url' or 'path' is required");
    CU_ASSERT_EQUAL(c.nfetch, 0);
    rec_free(&c);
    free(fixture);
}

/* ------------------------------------------------------------ options */

#define CHECK_FAILS(opts, want)                                          \
    do {                                                                 \
        char err_[512] = "";                                             \
        CU_ASSERT_EQUAL(sdmx_plugin->check((opts), err_, sizeof err_),   \
                        AMB_ECONFIG);                                    \
        EXPECT_STR(err_, (want));                                        \
    } while (0)

static void test_check(void)
{
    char err[512] = "";
    amb_opt good = MAP(NULL, STR("dataset", "X"), STR("format", "auto"),
                       STR("url", "http://x/"), LIST("dims", STR(NULL, "A")),
                       MAP("labels", MAP("A", STR("1", "one"))),
                       STR("plugin", "sdmx"), STR("schedule", "0 6 * * 1"));
    CU_ASSERT_EQUAL(sdmx_plugin->check(&good, err, sizeof err), AMB_OK);
    amb_opt path = MAP(NULL, STR("path", "a.xml"), STR("dims", "A"));
    CU_ASSERT_EQUAL(sdmx_plugin->check(&path, err, sizeof err), AMB_OK);

    CHECK_FAILS(&no_opts, "sdmx: option 'url' or 'path' is required");
    amb_opt both = MAP(NULL, STR("path", "a"), STR("url", "b"));
    CHECK_FAILS(&both, "sdmx: give option 'url' or option 'path', not both");
    amb_opt fmt = MAP(NULL, STR("format", "json"), STR("path", "a"));
    CHECK_FAILS(&fmt, "sdmx: option 'format' must be \"auto\", \"xml\" or "
                      "\"csv\" (got 'json')");
    amb_opt num = MAP(NULL, NUM("dataset", 5), STR("path", "a"));
    CHECK_FAILS(&num, "sdmx: option 'dataset' must be a non-empty string");
    amb_opt empty = MAP(NULL, STR("path", ""));
    CHECK_FAILS(&empty, "sdmx: option 'path' must be a non-empty string");
    amb_opt dnum = MAP(NULL, STR("path", "a"), NUM("dims", 3));
    CHECK_FAILS(&dnum, "sdmx: option 'dims' must be a list of dimension ids");
    amb_opt ditem = MAP(NULL, STR("path", "a"),
                        LIST("dims", STR(NULL, "A"), NUM(NULL, 2)));
    CHECK_FAILS(&ditem, "sdmx: dims[2] must be a non-empty string");
    amb_opt dtwice = MAP(NULL, STR("path", "a"),
                         LIST("dims", STR(NULL, "A"), STR(NULL, "A")));
    CHECK_FAILS(&dtwice, "sdmx: dims lists A twice");
    amb_opt dtime = MAP(NULL, STR("path", "a"),
                        LIST("dims", STR(NULL, "TIME_PERIOD")));
    CHECK_FAILS(&dtime, "sdmx: dims lists TIME_PERIOD, the time dimension");
    amb_opt nine = MAP(NULL, STR("path", "a"),
                       LIST("dims", STR(NULL, "A"), STR(NULL, "B"),
                            STR(NULL, "C"), STR(NULL, "D"), STR(NULL, "E"),
                            STR(NULL, "F"), STR(NULL, "G"), STR(NULL, "H"),
                            STR(NULL, "I")));
    CHECK_FAILS(&nine, "sdmx: option 'dims' lists 9 dimensions; at most 8 are "
                       "supported");
    amb_opt lstr = MAP(NULL, STR("path", "a"), STR("labels", "x"));
    CHECK_FAILS(&lstr, "sdmx: option 'labels' must be a table { DIMENSION = "
                       "{ CODE = \"label\" } }");
    amb_opt lmap = MAP(NULL, STR("path", "a"), MAP("labels", STR("A", "x")));
    CHECK_FAILS(&lmap, "sdmx: labels.A must be a table { CODE = \"label\" }");
    amb_opt lval = MAP(NULL, STR("path", "a"),
                       MAP("labels", MAP("A", NUM("1", 1))));
    CHECK_FAILS(&lval, "sdmx: labels.A[\"1\"] must be a string");
    amb_opt ftime = MAP(NULL, STR("path", "a"), STR("flag", "TIME"));
    CHECK_FAILS(&ftime, "sdmx: option 'flag' names the time dimension TIME");
    amb_opt list = LIST(NULL, STR(NULL, "a"));
    CHECK_FAILS(&list, "sdmx: options must be a table");

    /* import records the same option errors through the host */
    amb_ctx c;
    CU_ASSERT_EQUAL(sdmx_import_path(&c, &fmt, "/nonexistent"), AMB_ECONFIG);
    EXPECT_STR(c.err, "sdmx: option 'format' must be \"auto\", \"xml\" or "
                      "\"csv\" (got 'json')");
    rec_free(&c);
}

static void test_descriptor(void)
{
    CU_ASSERT_EQUAL(sdmx_plugin->abi_version, AMB_PLUGIN_ABI);
    EXPECT_STR(sdmx_plugin->name, "sdmx");
    CU_ASSERT_EQUAL(sdmx_plugin->struct_size, sizeof(amb_plugin));
    CU_ASSERT_PTR_NOT_NULL(sdmx_plugin->check);
    CU_ASSERT_PTR_NOT_NULL(sdmx_plugin->collect);
    CU_ASSERT_PTR_NOT_NULL(sdmx_plugin->import);
}

void sdmx_register_csv(void)
{
    AMB_TEST_SUITE("sdmx_csv", {"basic", test_csv_basic},
                   {"eurostat", test_csv_eurostat},
                   {"labels", test_csv_labels},
                   {"errors", test_csv_errors},
                   {"forced", test_csv_forced});
    AMB_TEST_SUITE("sdmx_plugin", {"descriptor", test_descriptor},
                   {"collect", test_collect},
                   {"check", test_check});
}
