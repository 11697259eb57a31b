/*
 * test_statbank_csv.c - the BULK/CSV response reader: values with a
 * decimal comma or point and the missing markers, the BULK fixture (no
 * BOM, LF), the CSV fixture (BOM, CRLF, decimal comma, ".."), header
 * mapping and its errors, cut-off rows, and input split anywhere.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_statbank.h"
#include "testutil.h"
#include "util.h"

static void test_values(void)
{
    double d = -1;
    CU_ASSERT_EQUAL(statbank_parse_value("4,5", ',', &d), 0);
    CU_ASSERT_DOUBLE_EQUAL(d, 4.5, 1e-12);
    CU_ASSERT_EQUAL(statbank_parse_value("-0,25", ',', &d), 0);
    CU_ASSERT_DOUBLE_EQUAL(d, -0.25, 1e-12);
    CU_ASSERT_EQUAL(statbank_parse_value("5918538", ',', &d), 0);
    CU_ASSERT_DOUBLE_EQUAL(d, 5918538, 1e-9);
    CU_ASSERT_EQUAL(statbank_parse_value("4.5", '.', &d), 0);
    CU_ASSERT_DOUBLE_EQUAL(d, 4.5, 1e-12);
    static const char *const missing[] = {"..", "...", ".", ":", "-", ""};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++)
        CU_ASSERT_EQUAL(statbank_parse_value(missing[i], ',', &d), 1);
    static const char *const bad[] = {
        "4.5", "1.234,5", "1,2,3", "4,", ",5", "-1-", "+4", " 4", "4 ", "1e5",
        "0x10", "nan", "inf", "--1", "4,5x",
        "1234567890123456789012345678901234567890123456789012345678901234567"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_EQUAL(statbank_parse_value(bad[i], ',', &d), -1);
    CU_ASSERT_EQUAL(statbank_parse_value("4,5", '.', &d), -1);
}

/* Read data through the reader (chunk bytes per read, 0 = all) against
 * the tableinfo fixture info_name: "dims" then "codes|period=value [flag]"
 * per row, then "EOF" or "E<rc> message".  Caller frees. */
static char *read_all(const char *data, size_t len, size_t chunk,
                      const char *info_name, char decimal)
{
    statbank_info info;
    sb_load_info(info_name, &info);
    csv_mem m = {data, len, 0, chunk};
    statbank_csv *r = NULL;
    char err[512] = "";
    amb_buf b = {0};
    amb_buf_puts(&b, "");
    int rc = statbank_csv_open(&r, csv_read_mem, &m, &info, decimal, "resp",
                               err, sizeof err);
    if (rc == 0) {
        size_t n;
        const size_t *vars = statbank_csv_dims(r, &n);
        for (size_t k = 0; k < n; k++)
            amb_buf_printf(&b, "%s%s", k ? "," : "", info.vars[vars[k]].id);
        amb_buf_putc(&b, '\n');
        statbank_row row;
        while ((rc = statbank_csv_next(r, &row, err, sizeof err)) > 0) {
            for (size_t k = 0; k < n; k++)
                amb_buf_printf(&b, "%s%s", k ? "," : "", row.codes[k]);
            amb_buf_printf(&b, "|%s=", row.period);
            if (row.has_value)
                amb_buf_printf(&b, "%g", row.value);
            else
                amb_buf_puts(&b, "null");
            if (row.flag)
                amb_buf_printf(&b, " [%s]", row.flag);
            amb_buf_putc(&b, '\n');
        }
        if (rc == 0)
            CU_ASSERT_EQUAL(statbank_csv_bytes(r), len);
    }
    if (rc == 0)
        amb_buf_puts(&b, "EOF");
    else
        amb_buf_printf(&b, "E%d %s", rc, err);
    statbank_csv_free(r);
    statbank_info_free(&info);
    return b.data;
}

/* The transcript, the same however the input is split. */
static char *transcript(const char *data, size_t len, const char *info_name,
                        char decimal)
{
    char *ref = read_all(data, len, 0, info_name, decimal);
    static const size_t chunks[] = {1, 3, 7};
    for (size_t i = 0; i < 3; i++) {
        char *t = read_all(data, len, chunks[i], info_name, decimal);
        SB_EXPECT_STR(t, ref);
        free(t);
    }
    return ref;
}

static char *fixture_text(const char *name, size_t *len)
{
    char *path = sb_fixture(name);
    char *data = NULL;
    CU_ASSERT_EQUAL_FATAL(amb_read_file(path, 1 << 20, &data, len, NULL), 0);
    free(path);
    return data;
}

static void test_bulk(void)
{
    size_t len;
    char *data = fixture_text("folk1a_bulk.csv", &len);
    char *t = transcript(data, len, "tableinfo_folk1a.json", ',');
    SB_EXPECT_STR(t, "OMR\xC3\x85" "DE,K\xC3\x98N,ALDER\n"
                     "081,1,IALT|2024K1=296512\n081,1,IALT|2024K2=297086\n"
                     "081,2,IALT|2024K1=294839\n081,2,IALT|2024K2=295413\n"
                     "851,1,IALT|2024K1=110120\n851,1,IALT|2024K2=110263\n"
                     "851,2,IALT|2024K1=109813\n851,2,IALT|2024K2=109956\n"
                     "EOF");
    free(t);
    free(data);
    /* a body cut off inside its last row */
    data = fixture_text("folk1a_bulk_cut.csv", &len);
    t = transcript(data, len, "tableinfo_folk1a.json", ',');
    CU_ASSERT(sb_contains(t, "851,2,IALT|2024K1=109813\nE-4 resp:9: 4 fields, "
                             "expected 5 (a cut-off response?)"));
    free(t);
    free(data);
}

static void test_csv(void)
{
    size_t len;
    char *data = fixture_text("aup01_csv.csv", &len);
    CU_ASSERT(memcmp(data, "\xEF\xBB\xBF", 3) == 0);
    char *t = transcript(data, len, "tableinfo_aup01.json", ',');
    SB_EXPECT_STR(t, "OMR\xC3\x85" "DE\n081|2023=3.4\n081|2024=3.6\n"
                     "825|2023=null [..]\n825|2024=4.3\n851|2023=3.8\n"
                     "851|2024=4.1\nEOF");
    free(t);
    /* lang en expects a decimal point */
    t = transcript(data, len, "tableinfo_aup01.json", '.');
    CU_ASSERT(sb_contains(t, "E-4 resp:2: INDHOLD '3,4' is not a number "
                             "(expected a decimal point for lang en)"));
    free(t);
    free(data);
}

#define READS(text, info, want)                                          \
    do {                                                                 \
        char *t_ = transcript((text), sizeof(text) - 1, (info), ',');    \
        SB_EXPECT_STR(t_, (want));                                       \
        free(t_);                                                        \
    } while (0)

static void test_header(void)
{
    const char *ti = "tableinfo_aup01.json";
    /* columns by text, in any case and order; an empty value, blank lines */
    READS("indhold;tid;Omr\xC3\xA5" "de\n4,5;2024;851\n\n;2023;851\n", ti,
          "OMR\xC3\x85" "DE\n851|2024=4.5\n851|2023=null\nEOF");
    READS("", ti, "E-4 resp: the response is empty (no header line)");
    READS("OMR\xC3\x85" "DE;TID\n081;2024\n", ti,
          "E-4 resp:1: no INDHOLD column");
    READS("OMR\xC3\x85" "DE;INDHOLD\n081;1\n", ti,
          "E-4 resp:1: no column for the time variable Tid");
    READS("OMR\xC3\x85" "DE;TID;INDHOLD;INDHOLD\n", ti,
          "E-4 resp:1: INDHOLD appears twice");
    READS("OMR\xC3\x85" "DE;omr\xC3\xA5" "de;TID;INDHOLD\n", ti,
          "E-4 resp:1: variable OMR\xC3\x85" "DE has two columns");
    READS("REGION;TID;INDHOLD\n", ti,
          "E-4 resp:1: column 'REGION' is neither INDHOLD nor a variable of "
          "the table (OMR\xC3\x85" "DE, Tid)");
    READS("OMR\xC3\x85" "DE;TID;INDHOLD\n081;2024;4,5;x\n", ti,
          "OMR\xC3\x85" "DE\nE-4 resp:2: 4 fields, expected 3 (a cut-off "
          "response?)");
    READS("OMR\xC3\x85" "DE;TID;INDHOLD\n081;2024;4.5\n", ti,
          "OMR\xC3\x85" "DE\nE-4 resp:2: INDHOLD '4.5' is not a number "
          "(expected a decimal comma for lang da)");
    READS("OMR\xC3\x85" "DE;TID;INDHOLD\n\"081;2024;1\n", ti,
          "OMR\xC3\x85" "DE\nE-4 resp:2: unterminated quoted field starting at "
          "column 1");
    READS("OMR\xC3\x85" "DE;TID;INDHOLD\n08\xFF;2024;1\n", ti,
          "OMR\xC3\x85" "DE\nE-4 resp:2: invalid UTF-8 (byte 0xFF) at column 3");
}

/* Nine variables besides time: more than a dataset can hold. */
static void test_too_wide(void)
{
    amb_buf ti = {0}, csv = {0};
    amb_buf_puts(&ti, "{\"variables\":[");
    for (int i = 0; i < 9; i++) {
        amb_buf_printf(&ti, "{\"id\":\"V%d\",\"values\":[]},", i);
        amb_buf_printf(&csv, "V%d;", i);
    }
    amb_buf_puts(&ti, "{\"id\":\"Tid\",\"time\":true,\"values\":[]}]}");
    amb_buf_puts(&csv, "TID;INDHOLD\n");
    statbank_info info;
    char err[512];
    CU_ASSERT_EQUAL_FATAL(statbank_info_load_mem(ti.data, ti.len, "ti", &info,
                                                 err, sizeof err), 0);
    csv_mem m = {csv.data, csv.len, 0, 0};
    statbank_csv *r = NULL;
    CU_ASSERT_EQUAL(statbank_csv_open(&r, csv_read_mem, &m, &info, ',', "w",
                                      err, sizeof err), AMB_ELIMIT);
    CU_ASSERT(sb_contains(err, "w:1: more than 8 variables besides time"));
    CU_ASSERT_PTR_NULL(r);
    statbank_info_free(&info);
    amb_buf_free(&ti);
    amb_buf_free(&csv);
}

void sb_csv_suites(void)
{
    AMB_TEST_SUITE("statbank_csv", {"values", test_values},
                   {"BULK", test_bulk}, {"CSV", test_csv},
                   {"header and rows", test_header},
                   {"too wide", test_too_wide});
}
