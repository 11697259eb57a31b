/*
 * test_sdmx_samples.c - messages that must parse: every published sample in
 * shared/data/public-samples/sdmx, the demo's fly66.xml, fixtures in
 * Statistics Denmark's shape and of every layout (several datasets, flat
 * observations, dimensions at observation level), and every lexical form
 * of a value.  Large generated inputs are in test_sdmx_large.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_sdmx.h"
#include "util.h"

/* Import a public sample; fails the test when the shared directory is
 * missing.  Returns the rc, or 1 when nothing was run. */
static int import_sample(amb_ctx *c, const amb_opt *opts, const char *name)
{
    char *path = sdmx_sample_path(name);
    if (!path) {
        CU_FAIL("AMB_SHARED_DIR is not set: shared/data/public-samples is "
                "needed for this test");
        memset(c, 0, sizeof *c);
        return 1;
    }
    amb_rc rc = sdmx_import_path(c, opts, path);
    free(path);
    return rc;
}

static amb_rc import_fixture(amb_ctx *c, const amb_opt *opts,
                             const char *name)
{
    char *path = sdmx_fixture_path(name);
    amb_rc rc = sdmx_import_path(c, opts, path);
    free(path);
    return rc;
}

/* ------------------------------------------------------------ published */

/* Eurostat's SDMX-ML 2.1 GenericData: NaN values with OBS_STATUS "na"; the
 * id comes from the header's DataSetID. */
static void test_eurostat_generic21(void)
{
    amb_ctx c;
    amb_opt opts = EMPTY(NULL);
    CU_ASSERT_EQUAL_FATAL(import_sample(&c, &opts, "Example_Eurostat_2.1.xml"),
                          AMB_OK);
    CU_ASSERT_EQUAL(c.nfail, 0);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "cdh_e_fos");
    EXPECT_STR(rec_dims_text(&c, 0), "UNIT,Y_GRAD,FOS07,GEO,FREQ;TIME_PERIOD");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.ds[0].origin, "Example_Eurostat_2.1.xml"));
    CU_ASSERT_EQUAL_FATAL(c.nobs, 4);
    EXPECT_STR(rec_obs_text(&c, 0), "PC|TOTAL|FOS1|BE|A|2009|-|na");
    EXPECT_STR(rec_obs_text(&c, 1), "PC|TOTAL|FOS1|BE|A|2006|-|na");
    EXPECT_STR(rec_obs_text(&c, 2), "PC|Y_GE1990|FOS1|BE|A|2009|43.75|");
    EXPECT_STR(rec_obs_text(&c, 3), "PC|Y_GE1990|FOS1|BE|A|2006|-|na");
    CU_ASSERT(c.nprogress > 0);
    CU_ASSERT_PTR_NULL(c.labels);
    rec_free(&c);
}

/* SDMX-ML 2.1 StructureSpecificData (IMF ECOFIN): unprefixed Series and
 * Obs attributes; UNIT_MULT and TIME_FORMAT are attributes, not keys. */
static void test_structure_specific21(void)
{
    amb_ctx c;
    amb_opt opts = MAP(NULL, STR("title", "ECOFIN"), STR("unit", "persons"));
    CU_ASSERT_EQUAL_FATAL(
        import_sample(&c, &opts, "SDMXStructureSpecificDataExample_2.1.xml"),
        AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "ECOFIN_DSD");
    EXPECT_STR(c.ds[0].title, "ECOFIN");
    EXPECT_STR(c.ds[0].unit, "persons");
    EXPECT_STR(rec_dims_text(&c, 0),
               "DATA_DOMAIN,REF_AREA,INDICATOR,COUNTERPART_AREA,FREQ;"
               "TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 106);
    EXPECT_STR(rec_obs_text(&c, 0), "UEM|ES|LU_PE_NUM|_Z|Q|2002-Q1|2152.8|A");
    EXPECT_STR(rec_obs_text(&c, 52), "UEM|ES|LU_PE_NUM|_Z|Q|2015-Q1|5444.6|A");
    EXPECT_STR(rec_obs_text(&c, 53), "UEM|ES|LUR_PE_NUM|_Z|Q|2002-Q1|11.55|A");
    EXPECT_STR(rec_obs_text(&c, 105), "UEM|ES|LUR_PE_NUM|_Z|Q|2015-Q1|23.78|A");
    CU_ASSERT_DOUBLE_EQUAL(c.value_sum, 190959.02, 1e-6);
    for (size_t i = 0; i < c.nobs; i++)
        CU_ASSERT(c.obs[i].has_value && strcmp(c.obs[i].flag, "A") == 0);
    rec_free(&c);
}

/* SDMX-ML 2.0 CompactData (rsdmx's example): the time is YEA, and the
 * series carry different concept sets (VAR4 or VAR5 missing), which only
 * the options `time` and `dims` can resolve. */
static void test_compact20(void)
{
    static const char name[] = "SDMXCompactDataExample_2.0.xml";
    amb_ctx c;
    amb_opt none = EMPTY(NULL);
    char *path = sdmx_sample_path(name);
    if (!path) {
        CU_FAIL("AMB_SHARED_DIR is not set");
        return;
    }
    CU_ASSERT_EQUAL(import_sample(&c, &none, name), AMB_EPARSE);
    char *want = amb_xasprintf("%s:18: an observation without a time period "
                               "(no TIME_PERIOD or TIME)", path);
    EXPECT_STR(c.err, want);
    free(want);
    CU_ASSERT_EQUAL(c.nobs, 0);
    rec_free(&c);

    amb_opt yea = MAP(NULL, STR("time", "YEA"));
    CU_ASSERT_EQUAL(import_sample(&c, &yea, name), AMB_EPARSE);
    want = amb_xasprintf("%s:41: series key concepts (VAR1, VAR2, VAR3, VAR4, "
                         "UNIT, REFERENCEPERIOD) differ from the first "
                         "series' (VAR1, VAR2, VAR3, VAR5, UNIT, "
                         "REFERENCEPERIOD)", path);
    EXPECT_STR(c.err, want);
    free(want);
    CU_ASSERT_EQUAL(c.nobs, 22);   /* the first series went out */
    rec_free(&c);

    amb_opt dims = MAP(NULL, STR("time", "YEA"),
                       LIST("dims", STR(NULL, "VAR1"), STR(NULL, "VAR2"),
                            STR(NULL, "VAR3"), STR(NULL, "VAR4"),
                            STR(NULL, "VAR5")));
    CU_ASSERT_EQUAL_FATAL(import_sample(&c, &dims, name), AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "VARIABLE");   /* from keyFamilyURI */
    EXPECT_STR(rec_dims_text(&c, 0), "VAR1,VAR2,VAR3,VAR4,VAR5;YEA");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 66);
    EXPECT_STR(rec_obs_text(&c, 0), "YFT|VAL1|VARIABLE_1990||HOME|1990|145.2|");
    EXPECT_STR(rec_obs_text(&c, 22), "YFT|VAL1|VARIABLE_1990|FRA||1990|145.2|");
    EXPECT_STR(rec_obs_text(&c, 65),
               "YFT|VAL1|VARIABLE_1990|FRA|WORK|2011|1.245|");
    CU_ASSERT_DOUBLE_EQUAL(c.value_sum, 2107.923, 1e-9);
    rec_free(&c);
    free(path);
}

/* SDMX-ML 2.0 GenericData: concept= keys, generic:Time, series-level
 * attributes dropped.  Its first two series repeat one key: the plugin
 * passes both on and the store refuses the duplicate (tests/sdmx.test). */
static void test_generic20(void)
{
    amb_ctx c;
    amb_opt opts = EMPTY(NULL);
    CU_ASSERT_EQUAL_FATAL(
        import_sample(&c, &opts, "SDMXGenericDataExample_2.0.xml"), AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "THE_DATASET");
    EXPECT_STR(rec_dims_text(&c, 0), "C1,C2,C3,C4,C5;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 18);
    EXPECT_STR(rec_obs_text(&c, 0), "YEAR|156|5312|515|Q|2000|14114|");
    EXPECT_STR(rec_obs_text(&c, 8), "YEAR|156|5312|515|Q|2008|8832|");
    EXPECT_STR(rec_obs_text(&c, 9), "YEAR|156|5312|515|Q|2000|759|");
    EXPECT_STR(rec_obs_text(&c, 17), "YEAR|156|5312|515|Q|2008|450|");
    CU_ASSERT_DOUBLE_EQUAL(c.value_sum, 103903.0, 1e-9);
    rec_free(&c);
}

/* The ECB's SDMX-ML 2.0 MessageGroup: a Group element (skipped), series
 * attributes TIME_FORMAT and COLLECTION (dropped); without an id in the
 * message the option `dataset` is needed, numbered in a group. */
static void test_message_group20(void)
{
    static const char name[] = "SDMXMessageGroupExample_CompactData_2.0.xml";
    amb_ctx c;
    amb_opt none = EMPTY(NULL);
    char *path = sdmx_sample_path(name);
    if (!path) {
        CU_FAIL("AMB_SHARED_DIR is not set");
        return;
    }
    CU_ASSERT_EQUAL(import_sample(&c, &none, name), AMB_EPARSE);
    char *want = amb_xasprintf("%s:15: DataSet 1 has no id (no datasetID, "
                               "setID, structureRef or keyFamilyURI, and no "
                               "DataSetID in the header): set the option "
                               "'dataset'", path);
    EXPECT_STR(c.err, want);
    free(want);
    free(path);
    rec_free(&c);

    amb_opt opts = MAP(NULL, STR("dataset", "BSI"));
    CU_ASSERT_EQUAL_FATAL(import_sample(&c, &opts, name), AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "BSI-1");
    EXPECT_STR(rec_dims_text(&c, 0),
               "FREQ,REF_AREA,DD_ECON_CONCEPT,DD_TRANSF,DD_SUFFIX;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 112);
    EXPECT_STR(rec_obs_text(&c, 0), "M|SE|BSI_STF|RO|4F_N|2005-03|0.26|A");
    EXPECT_STR(rec_obs_text(&c, 111), "M|SE|BSI_STF|RO|4F_N|2014-06|0|A");
    CU_ASSERT_DOUBLE_EQUAL(c.value_sum, 94.98, 1e-9);
    rec_free(&c);
}

/* ------------------------------------------------------------ our own */

/* The demo's SAMPLE FLY66: 12 areas x 2 directions x 10 years; the region
 * is the sum of its municipalities and loses young people every year. */
static void test_fly66(void)
{
    amb_ctx c;
    amb_opt opts = EMPTY(NULL);
    char *path = amb_xasprintf("%s/data/samples/fly66.xml", amb_test_srcdir());
    CU_ASSERT_EQUAL_FATAL(sdmx_import_path(&c, &opts, path), AMB_OK);
    free(path);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "FLY66");
    EXPECT_STR(rec_dims_text(&c, 0), "OMRÅDE,RETNING,ALDER;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 240);
    double region[2][10] = {{0}}, munis[2][10] = {{0}};
    for (size_t i = 0; i < c.nobs; i++) {
        const rec_obs *o = &c.obs[i];
        CU_ASSERT_FATAL(o->has_value);
        int dir = strcmp(o->codes[1], "UD") == 0;
        CU_ASSERT(dir || strcmp(o->codes[1], "IND") == 0);
        EXPECT_STR(o->codes[2], "20-29");
        int year = atoi(o->period);
        CU_ASSERT_FATAL(year >= 2015 && year <= 2024);
        if (strcmp(o->codes[0], "081") == 0)
            region[dir][year - 2015] += o->value;
        else
            munis[dir][year - 2015] += o->value;
        if (strcmp(o->codes[0], "851") == 0)
            CU_ASSERT(o->value > 1000);
        if (strcmp(o->codes[0], "825") == 0)
            CU_ASSERT(o->value < 10);
    }
    for (int y = 0; y < 10; y++) {
        CU_ASSERT(region[1][y] > region[0][y]);
        CU_ASSERT_DOUBLE_EQUAL(region[0][y], munis[0][y], 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(region[1][y], munis[1][y], 1e-9);
    }
    rec_free(&c);
}

/* Statistics Denmark's shape: CRLF, Danish attribute names (OMRÅDE, KØN,
 * BOPÆL_STATUS), series in any attribute order, NaN, empty and missing
 * OBS_VALUE; labels from the options. */
static void test_dst_compact(void)
{
    amb_ctx c;
    amb_opt opts = MAP(
        NULL, STR("dataset", "FOLK1A"),
        MAP("labels",
            MAP("KØN", STR("1", "Mænd"), STR("2", "Kvinder")),
            MAP("OMRÅDE", STR("825", "Læsø"), STR("851", "Aalborg")),
            MAP("TIME_PERIOD", STR("2024K1", "2024, 1. kvartal")),
            MAP("UNKNOWN", STR("x", "y"))));
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &opts, "dst_compact.xml"),
                          AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "FOLK1A");
    EXPECT_STR(rec_dims_text(&c, 0), "OMRÅDE,KØN,ALDER,BOPÆL_STATUS;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 6);
    EXPECT_STR(rec_obs_text(&c, 0), "851|1|20-24|Æ|2023K4|13512|");
    EXPECT_STR(rec_obs_text(&c, 1), "851|1|20-24|Æ|2024K1|-|");
    EXPECT_STR(rec_obs_text(&c, 2), "851|2|20-24|Ø|2023K4|12873|");
    EXPECT_STR(rec_obs_text(&c, 3), "851|2|20-24|Ø|2024K1|12990.5|P");
    EXPECT_STR(rec_obs_text(&c, 4), "825|1|20-24|Å|2023K4|-|");
    EXPECT_STR(rec_obs_text(&c, 5), "825|1|20-24|Å|2024K1|-|");
    EXPECT_STR(c.labels, "OMRÅDE|825|Læsø\nOMRÅDE|851|Aalborg\n"
                         "KØN|1|Mænd\nKØN|2|Kvinder\n"
                         "TIME_PERIOD|2024K1|2024, 1. kvartal\n");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.logs, "labels.UNKNOWN matches no "
                                          "dimension"));
    rec_free(&c);
}

/* A message declared ISO-8859-1: libxml2 hands over UTF-8. */
static void test_dst_latin1(void)
{
    amb_ctx c;
    amb_opt opts = EMPTY(NULL);
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &opts, "dst_latin1.xml"), AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "BEF5");
    EXPECT_STR(rec_dims_text(&c, 0), "OMRÅDE,KØN;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 1);
    EXPECT_STR(rec_obs_text(&c, 0), "Læsø|K|2024|901|");
    rec_free(&c);
}

/* A MessageGroup of three DataSets: compact, empty (not stored, with a
 * warning) and generic 2.0 (keyFamilyURI id, generic:Time with blanks,
 * exponent value, OBS_STATUS in generic:Attributes). */
static void test_group_three(void)
{
    amb_ctx c;
    amb_opt none = EMPTY(NULL);
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &none, "group_three.xml"), AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 2);
    EXPECT_STR(c.ds[0].id, "FIRST");
    EXPECT_STR(c.ds[1].id, "THIRD");
    EXPECT_STR(rec_dims_text(&c, 0), "FREQ,REF_AREA;TIME_PERIOD");
    EXPECT_STR(rec_dims_text(&c, 1), "GEO;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 3);
    EXPECT_STR(rec_obs_text(&c, 0), "A|DK|2020|1.5|A");
    EXPECT_STR(rec_obs_text(&c, 1), "A|DK|2021|2.5|E");
    EXPECT_STR(rec_obs_text(&c, 2), "NO|2019|-300|B");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.logs, "DataSet 2 (EMPTY) holds no "
                                          "observations; not stored"));
    rec_free(&c);

    amb_opt opts = MAP(NULL, STR("dataset", "G"));
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &opts, "group_three.xml"), AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 2);
    EXPECT_STR(c.ds[0].id, "G-1");
    EXPECT_STR(c.ds[1].id, "G-3");
    rec_free(&c);
}

/* Two 2.1 DataSets: the second's structure has GEO at observation level,
 * so the time is in the series key; OBS_FLAG is the flag when there is no
 * OBS_STATUS; xsi:type on the DataSet is ignored. */
static void test_ss_two_datasets(void)
{
    amb_ctx c;
    amb_opt opts = MAP(NULL, STR("dataset", "D"));
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &opts, "ss_two_datasets.xml"),
                          AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 2);
    EXPECT_STR(c.ds[0].id, "D");
    EXPECT_STR(c.ds[1].id, "D-2");
    EXPECT_STR(rec_dims_text(&c, 0), "FREQ,GEO;TIME_PERIOD");
    EXPECT_STR(rec_dims_text(&c, 1), "FREQ,GEO;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 3);
    EXPECT_STR(rec_obs_text(&c, 0), "A|DK05|2022|7|p");
    EXPECT_STR(rec_obs_text(&c, 1), "A|DK01|2022|8|");
    EXPECT_STR(rec_obs_text(&c, 2), "A|DK02|2022|9|");
    rec_free(&c);

    amb_opt none = EMPTY(NULL);   /* ids from structureRef */
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &none, "ss_two_datasets.xml"),
                          AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 2);
    EXPECT_STR(c.ds[0].id, "S1");
    EXPECT_STR(c.ds[1].id, "S2");
    rec_free(&c);

    amb_opt flag = MAP(NULL, STR("flag", "OBS_CONF"));
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &flag, "ss_two_datasets.xml"),
                          AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nobs, 3);
    EXPECT_STR(rec_obs_text(&c, 0), "A|DK05|2022|7|");
    EXPECT_STR(rec_obs_text(&c, 2), "A|DK02|2022|9|F");
    rec_free(&c);
}

/* 2.1 GenericData with dimensionAtObservation="AllDimensions": ObsKey
 * values in any order; OBS_CONF is not the flag. */
static void test_generic_flat(void)
{
    amb_ctx c;
    amb_opt opts = EMPTY(NULL);
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &opts, "generic_flat.xml"),
                          AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "FLAT_DSD");
    EXPECT_STR(rec_dims_text(&c, 0), "GEO,SEX;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 2);
    EXPECT_STR(rec_obs_text(&c, 0), "DK05|T|2023|12.5|");
    EXPECT_STR(rec_obs_text(&c, 1), "DK05|F|2023|-|m");
    rec_free(&c);
}

/* 2.1 StructureSpecificData with AllDimensions: Obs directly under the
 * DataSet; the known attribute UNIT_MULT is not a dimension. */
static void test_ss_flat(void)
{
    amb_ctx c;
    amb_opt opts = EMPTY(NULL);
    CU_ASSERT_EQUAL_FATAL(import_fixture(&c, &opts, "ss_flat.xml"), AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "ssflat");
    EXPECT_STR(rec_dims_text(&c, 0), "GEO;TIME_PERIOD");
    CU_ASSERT_EQUAL_FATAL(c.nobs, 2);
    EXPECT_STR(rec_obs_text(&c, 0), "DK05|2021|4.25|A");
    EXPECT_STR(rec_obs_text(&c, 1), "DK05|2022|4.5|A");
    rec_free(&c);
}

/* OBS_VALUE in every lexical form of xs:decimal and xs:double, exact
 * where a decimal is exact, and the missing-value spellings. */
static void test_values(void)
{
    static const char doc[] =
        "<CompactData xmlns=\"http://www.SDMX.org/resources/SDMXML/schemas/"
        "v2_0/message\"><DataSet datasetID=\"V\"><Series A=\"1\">"
        "<Obs TIME_PERIOD=\"01\" OBS_VALUE=\"1.5e3\"/>"
        "<Obs TIME_PERIOD=\"02\" OBS_VALUE=\"-3E-2\"/>"
        "<Obs TIME_PERIOD=\"03\" OBS_VALUE=\".5\"/>"
        "<Obs TIME_PERIOD=\"04\" OBS_VALUE=\"5.\"/>"
        "<Obs TIME_PERIOD=\"05\" OBS_VALUE=\"+0.000123\"/>"
        "<Obs TIME_PERIOD=\"06\" OBS_VALUE=\"123456789012345678\"/>"
        "<Obs TIME_PERIOD=\"07\" OBS_VALUE=\" 42 \"/>"
        "<Obs TIME_PERIOD=\"08\" OBS_VALUE=\"-0\"/>"
        "<Obs TIME_PERIOD=\"09\" OBS_VALUE=\"nan\"/>"
        "<Obs TIME_PERIOD=\"10\" OBS_VALUE=\"0.1\"/>"
        "<Obs TIME_PERIOD=\"11\" OBS_VALUE=\"2.718281828459045\"/>"
        "<Obs TIME_PERIOD=\"12\" OBS_VALUE=\"1e-400\"/>"
        "<Obs TIME_PERIOD=\"13\" OBS_VALUE=\"0.30000000000000004441\"/>"
        "</Series></DataSet></CompactData>";
    amb_ctx c;
    char *dir, *path;
    amb_opt opts = EMPTY(NULL);
    CU_ASSERT_EQUAL_FATAL(sdmx_import_text(&c, &opts, "v.xml", doc,
                                           sizeof doc - 1, &dir, &path),
                          AMB_OK);
    CU_ASSERT_EQUAL_FATAL(c.nobs, 13);
    static const double want[] = {1500, -0.03, 0.5, 5, 0.000123,
                                  123456789012345678.0, 42, 0, 0, 0.1,
                                  2.718281828459045, 0,
                                  0.30000000000000004441};
    for (size_t i = 0; i < 13; i++) {
        if (i == 8) {
            CU_ASSERT_FALSE(c.obs[i].has_value);
            continue;
        }
        CU_ASSERT(c.obs[i].has_value);
        CU_ASSERT(c.obs[i].value == want[i]);   /* exact, not near */
    }
    sdmx_test_cleanup(&c, dir, path);
}

void sdmx_register_samples(void)
{
    AMB_TEST_SUITE("sdmx_published",
                   {"eurostat_generic21", test_eurostat_generic21},
                   {"structure_specific21", test_structure_specific21},
                   {"compact20", test_compact20},
                   {"generic20", test_generic20},
                   {"message_group20", test_message_group20});
    AMB_TEST_SUITE("sdmx_fixtures", {"fly66", test_fly66},
                   {"dst_compact", test_dst_compact},
                   {"dst_latin1", test_dst_latin1},
                   {"group_three", test_group_three},
                   {"ss_two_datasets", test_ss_two_datasets},
                   {"generic_flat", test_generic_flat},
                   {"ss_flat", test_ss_flat}, {"values", test_values});
}
