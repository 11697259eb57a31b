/*
 * test_xmlfeed.c - unit tests of the xmlfeed plugin's parts: field types
 * (text, whole and decimal numbers, dates in ISO 8601, RFC 822 and Danish
 * forms with time zones, levels), the municipality table (every
 * municipality by postcode and by name, folding of case and æøå, unknown
 * and outside postcodes); test_xmlfeed_parts.c adds the streamable path
 * subset, the option checks and the key table.  The plugin itself, through
 * the core, is tested by test_xmlfeed_run.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_xmlfeed.h"

/* ------------------------------------------------------------ text */

static void norm_is(const char *in, const char *want)
{
    int oom;
    char *s = xf_text_norm(in, &oom);
    CU_ASSERT_EQUAL(oom, 0);
    if (want)
        EXPECT_STR(s, want);
    else
        CU_ASSERT_PTR_NULL(s);
    free(s);
}

static void test_text(void)
{
    norm_is("  Tømrer,\n\t grundforløb  2 ", "Tømrer, grundforløb 2");
    norm_is("a\xC2\xA0\xC2\xA0" "b", "a b");
    norm_is(" \n\t ", NULL);
    norm_is("", NULL);
    norm_is(NULL, NULL);
    norm_is("x", "x");
}

/* ------------------------------------------------------------ numbers */

static void int_is(const char *s, double want)
{
    double v = -1;
    int rc = xf_parse_integer(s, &v);
    if (rc != 0 || v != want)
        fprintf(stderr, "\ninteger '%s': rc %d value %g, want %g\n", s, rc,
                v, want);
    CU_ASSERT(rc == 0 && v == want);
}

static void int_bad(const char *s)
{
    double v;
    int rc = xf_parse_integer(s, &v);
    if (rc == 0)
        fprintf(stderr, "\ninteger '%s' accepted as %g\n", s, v);
    CU_ASSERT_EQUAL(rc, -1);
}

static void test_integers(void)
{
    int_is("24", 24);
    int_is(" 24 ", 24);
    int_is("-3", -3);
    int_is("+7", 7);
    int_is("1.234", 1234);
    int_is("1.234.567", 1234567);
    int_is("1 234", 1234);
    int_is("12\xC2\xA0" "345", 12345);
    int_is("0", 0);
    int_bad("");
    int_bad("abc");
    int_bad("12.5");
    int_bad("1,5");
    int_bad("1.23");
    int_bad("1.2345");
    int_bad("12 pladser");
    int_bad("1.234,0");
    int_bad("99999999999999999999");
    int_bad("-");
}

static void dec_is(const char *s, char mark, double want)
{
    double v = -1;
    int rc = xf_parse_decimal(s, mark, &v);
    if (rc != 0 || v != want)
        fprintf(stderr, "\ndecimal '%s' (%c): rc %d value %.17g, want %.17g\n",
                s, mark ? mark : '0', rc, v, want);
    CU_ASSERT(rc == 0 && v == want);
}

static void dec_bad(const char *s, char mark)
{
    double v;
    int rc = xf_parse_decimal(s, mark, &v);
    if (rc == 0)
        fprintf(stderr, "\ndecimal '%s' accepted as %g\n", s, v);
    CU_ASSERT_EQUAL(rc, -1);
}

static void test_decimals(void)
{
    /* auto: both marks (the last one is decimal), one comma, one dot */
    dec_is("1.234,5", 0, 1234.5);
    dec_is("1234.5", 0, 1234.5);
    dec_is("1234,5", 0, 1234.5);
    dec_is("1,234.5", 0, 1234.5);
    dec_is("1.234.567", 0, 1234567);
    dec_is("1.234.567,25", 0, 1234567.25);
    dec_is("0,3", 0, 0.3);
    dec_is("0.3", 0, 0.3);
    dec_is("-12,75", 0, -12.75);
    dec_is("42", 0, 42);
    dec_is("1 234,5", 0, 1234.5);
    dec_is(",5", 0, 0.5);
    /* forced marks */
    dec_is("1.234", ',', 1234);
    dec_is("1.234", '.', 1.234);
    dec_is("1.234", 0, 1.234);
    dec_is("1,234", '.', 1234);
    dec_is("1234,5", ',', 1234.5);
    dec_bad("1234.5", ',');
    dec_bad("1234,5", '.');
    dec_bad("", 0);
    dec_bad("12,", 0);
    dec_bad("1,2,3", 0);
    dec_bad("1.23.4", 0);
    dec_bad("12 %", 0);
    dec_bad("abc", 0);
    dec_bad("1e5", 0);
    dec_bad("--1", 0);
}

/* ------------------------------------------------------------ dates */

static void date_is(const char *s, const char *want)
{
    xf_date d;
    const char *why = NULL;
    memset(&d, 0, sizeof d);
    int rc = xf_parse_date(s, &d, &why);
    if (rc != 0)
        fprintf(stderr, "\ndate '%s' refused: %s\n", s, why);
    CU_ASSERT_EQUAL(rc, 0);
    EXPECT_STR(d.iso, want);
}

static void date_bad(const char *s, const char *why_part)
{
    xf_date d;
    const char *why = NULL;
    int rc = xf_parse_date(s, &d, &why);
    if (rc == 0)
        fprintf(stderr, "\ndate '%s' accepted as %s\n", s, d.iso);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(why);
    if (why && why_part && !strstr(why, why_part))
        fprintf(stderr, "\ndate '%s': reason '%s' lacks '%s'\n", s, why,
                why_part);
    CU_ASSERT(why && (!why_part || strstr(why, why_part)));
}

static void test_dates(void)
{
    /* ISO 8601: a date, a date-time with Z or an offset; the calendar date
     * as written is kept whatever the zone */
    date_is("2025-08-01", "2025-08-01");
    date_is(" 2025-08-01 ", "2025-08-01");
    date_is("2025-08-01T10:00:00+02:00", "2025-08-01");
    date_is("2025-08-01T00:30:00+02:00", "2025-08-01");
    date_is("2025-08-01T23:30:00-05:00", "2025-08-01");
    date_is("2025-08-01T10:00:00Z", "2025-08-01");
    date_is("2025-08-01T10:00Z", "2025-08-01");
    date_is("2025-08-01T10:00:00.250+0200", "2025-08-01");
    date_is("2025-08-01 10:00:00", "2025-08-01");
    date_is("2025-08-01T10:00:00+02", "2025-08-01");
    date_is("2024-02-29", "2024-02-29");
    date_is("2000-02-29", "2000-02-29");
    /* RFC 822 / 1123 */
    date_is("Fri, 01 Aug 2025 10:00:00 +0200", "2025-08-01");
    date_is("Fri, 01 Aug 2025 00:30:00 +0200", "2025-08-01");
    date_is("Fri, 1 Aug 2025 10:00 GMT", "2025-08-01");
    date_is("01 Aug 2025 10:00:00 -0500", "2025-08-01");
    date_is("Mon, 15 Sep 2025 08:00:00 +0200", "2025-09-15");
    date_is("Wed, 31 Dec 2025 23:59:59 UT", "2025-12-31");
    date_is("Thu, 01 Jan 26 12:00:00 EST", "2026-01-01");
    date_is("1 Aug 2025", "2025-08-01");
    /* Danish day-first dates */
    date_is("01.08.2025", "2025-08-01");
    date_is("1.8.2025", "2025-08-01");
    date_is("01-08-2025", "2025-08-01");
    date_is("1/8/2025", "2025-08-01");
    date_is("1. august 2025", "2025-08-01");
    date_is("15. okt. 2025", "2025-10-15");
    date_is("3. maj 2025", "2025-05-03");
    date_is("1. Marts 2026", "2026-03-01");
    /* bad values */
    date_bad("", "empty");
    date_bad("2025-02-30", "no such day");
    date_bad("2023-02-29", "no such day");
    date_bad("1900-02-29", "no such day");
    date_bad("2025-13-01", "no such month");
    date_bad("2025-00-10", "no such month");
    date_bad("2025-8-1", "YYYY-MM-DD");
    date_bad("2025-08-01T25:00:00Z", "out of range");
    date_bad("2025-08-01T10:60:00Z", "out of range");
    date_bad("2025-08-01T10:00:00+25:00", "time zone");
    date_bad("2025-08-01T10:00:00+02:75", "time zone");
    date_bad("2025-08-01T10", "hh:mm");
    date_bad("2025-08-01 næste år", "unexpected");
    date_bad("Fri, 01 Foo 2025 10:00:00 +0200", "month");
    date_bad("Fri, 32 Aug 2025 10:00:00 +0200", "no such day");
    date_bad("Fri, 01 Aug 2025 10:00:00 +2500", "time zone");
    date_bad("Fri, 01 Aug 2025 10:00:00 XYZ", "unexpected");
    date_bad("31.02.2025", "no such day");
    date_bad("snart", NULL);
    date_bad("2025", NULL);
}

static void test_levels(void)
{
    EXPECT_STR(xf_level_canonical("EUD"), "EUD");
    EXPECT_STR(xf_level_canonical("eud"), "EUD");
    EXPECT_STR(xf_level_canonical("Gymnasium"), "gymnasium");
    EXPECT_STR(xf_level_canonical("kvu"), "KVU");
    EXPECT_STR(xf_level_canonical("MVU"), "MVU");
    EXPECT_STR(xf_level_canonical("lvu"), "LVU");
    EXPECT_STR(xf_level_canonical("Amu"), "AMU");
    EXPECT_STR(xf_level_canonical("VEU"), "VEU");
    CU_ASSERT_PTR_NULL(xf_level_canonical("Erhvervsuddannelse"));
    CU_ASSERT_PTR_NULL(xf_level_canonical("EUDX"));
    CU_ASSERT_PTR_NULL(xf_level_canonical(""));
    EXPECT_STR(xf_level_label("AMU"), "Arbejdsmarkedsuddannelse");
    CU_ASSERT_EQUAL(xf_level_index("VEU"), 6);
    CU_ASSERT_EQUAL(xf_level_index("x"), -1);
}

/* ------------------------------------------------------------ municipalities */

static void muni_is(const xf_muni_index *ix, const char *text,
                    const char *code)
{
    const char *got = NULL, *place = NULL;
    xf_muni_result r = xf_muni_lookup(ix, text, &got, &place);
    if (r != XF_MUNI_FOUND || !got || strcmp(got, code) != 0)
        fprintf(stderr, "\nmunicipality '%s': result %d code %s, want %s\n",
                text, (int)r, got ? got : "-", code);
    CU_ASSERT(r == XF_MUNI_FOUND && got && strcmp(got, code) == 0);
    CU_ASSERT_PTR_NOT_NULL(place);
}

static void muni_not(const xf_muni_index *ix, const char *text,
                     xf_muni_result want)
{
    const char *got = NULL;
    xf_muni_result r = xf_muni_lookup(ix, text, &got, NULL);
    if (r != want)
        fprintf(stderr, "\nmunicipality '%s': result %d, want %d\n", text,
                (int)r, (int)want);
    CU_ASSERT_EQUAL(r, want);
    CU_ASSERT_PTR_NULL(got);
}

static void test_muni_table(void)
{
    static const char *const codes[] = {"773", "787", "810", "813", "820",
                                        "825", "840", "846", "849", "851",
                                        "860"};
    int by_postcode[11] = {0}, by_town[11] = {0};
    int pc, prev = 0;
    const char *code, *town, *name;
    size_t i;
    for (i = 0; xf_muni_postcode_at(i, &pc, &code, &town) == 0; i++) {
        CU_ASSERT(pc > prev);  /* sorted, unique */
        CU_ASSERT((pc >= 9000 && pc <= 9990) || (pc >= 7700 && pc <= 7990));
        prev = pc;
        for (size_t k = 0; code && k < 11; k++)
            by_postcode[k] += strcmp(code, codes[k]) == 0;
    }
    CU_ASSERT(i >= 80);
    for (size_t k = 0; k < 11; k++) {
        CU_ASSERT(by_postcode[k] > 0);
        CU_ASSERT_EQUAL(xf_muni_at(k, &code, &name), 0);
        EXPECT_STR(code, codes[k]);
    }
    CU_ASSERT_EQUAL(xf_muni_at(11, &code, &name), -1);
    /* no two names fold alike with different codes */
    xf_muni_index *ix = xf_muni_index_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ix);
    for (i = 0; xf_muni_postcode_at(i, &pc, &code, &town) == 0; i++) {
        const char *got = NULL;
        xf_muni_result r = xf_muni_lookup(ix, town, &got, NULL);
        CU_ASSERT(code ? r == XF_MUNI_FOUND && strcmp(got, code) == 0
                       : r == XF_MUNI_OUTSIDE);
        for (size_t k = 0; got && k < 11; k++)
            by_town[k] += strcmp(got, codes[k]) == 0;
    }
    for (i = 0; xf_muni_town_at(i, &town, &code) == 0; i++) {
        const char *got = NULL;
        xf_muni_result r = xf_muni_lookup(ix, town, &got, NULL);
        CU_ASSERT(code ? r == XF_MUNI_FOUND && strcmp(got, code) == 0
                       : r == XF_MUNI_OUTSIDE);
    }
    for (size_t k = 0; k < 11; k++) {
        CU_ASSERT(by_town[k] > 0);
        CU_ASSERT_EQUAL(xf_muni_at(k, &code, &name), 0);
        muni_is(ix, name, code);                 /* the municipality's name */
        muni_is(ix, code, code);                 /* its code */
    }
    xf_muni_index_free(ix);
}

static void test_muni_lookup(void)
{
    xf_muni_index *ix = xf_muni_index_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ix);
    /* one postcode of every municipality */
    muni_is(ix, "7900", "773");
    muni_is(ix, "7700", "787");
    muni_is(ix, "9700", "810");
    muni_is(ix, "9900", "813");
    muni_is(ix, "9600", "820");
    muni_is(ix, "9940", "825");
    muni_is(ix, "9530", "840");
    muni_is(ix, "9500", "846");
    muni_is(ix, "9440", "849");
    muni_is(ix, "9000", "851");
    muni_is(ix, "9800", "860");
    /* one town of every municipality, in several spellings */
    muni_is(ix, "Nykøbing Mors", "773");
    muni_is(ix, "NYKØBING M", "773");
    muni_is(ix, "Hanstholm", "787");
    muni_is(ix, "Dronninglund", "810");
    muni_is(ix, "brønderslev", "810");
    muni_is(ix, "BRØNDERSLEV", "810");
    muni_is(ix, "Broenderslev", "810");
    muni_is(ix, "Bronderslev", "810");
    muni_is(ix, "Skagen", "813");
    muni_is(ix, "Sæby", "813");
    muni_is(ix, "SAEBY", "813");
    muni_is(ix, "Ålbæk", "813");
    muni_is(ix, "Aalbaek", "813");
    muni_is(ix, "Aars", "820");
    muni_is(ix, "Års", "820");
    muni_is(ix, "løgstør", "820");
    muni_is(ix, "Læsø", "825");
    muni_is(ix, "LÆSØ", "825");
    muni_is(ix, "Laesoe", "825");
    muni_is(ix, "Byrum", "825");
    muni_is(ix, "Støvring", "840");
    muni_is(ix, "Hobro", "846");
    muni_is(ix, "Aabybro", "849");
    muni_is(ix, "Åbybro", "849");
    muni_is(ix, "Aalborg", "851");
    muni_is(ix, "Ålborg", "851");
    muni_is(ix, "ÅLBORG", "851");
    muni_is(ix, "aalborg øst", "851");
    muni_is(ix, "Nørresundby", "851");
    muni_is(ix, "Hjørring", "860");
    muni_is(ix, "HJØRRING KOMMUNE", "860");
    muni_is(ix, "Hjørring Kommune", "860");
    muni_is(ix, "Tårs", "860");
    muni_is(ix, "Taars", "860");
    /* postcode forms */
    muni_is(ix, "DK-9000", "851");
    muni_is(ix, "9000 Aalborg", "851");
    muni_is(ix, "9850 Hirtshals", "860");
    muni_is(ix, " 9220", "851");
    /* unknown and outside */
    muni_not(ix, "9999", XF_MUNI_UNKNOWN_POSTCODE);
    muni_not(ix, "1000", XF_MUNI_UNKNOWN_POSTCODE);
    muni_not(ix, "9001", XF_MUNI_UNKNOWN_POSTCODE);
    muni_not(ix, "9632", XF_MUNI_OUTSIDE);
    muni_not(ix, "7800", XF_MUNI_OUTSIDE);
    muni_not(ix, "Skive", XF_MUNI_OUTSIDE);
    muni_not(ix, "Viborg", XF_MUNI_OUTSIDE);
    muni_not(ix, "København", XF_MUNI_UNKNOWN_NAME);
    muni_not(ix, "999", XF_MUNI_UNKNOWN_NAME);
    muni_not(ix, "", XF_MUNI_UNKNOWN_NAME);
    muni_not(ix, "90000", XF_MUNI_UNKNOWN_NAME);
    EXPECT_STR(xf_muni_name("825"), "Læsø");
    CU_ASSERT_PTR_NULL(xf_muni_name("101"));
    char f[64];
    xf_muni_fold("  Vesterø   Havn ", f, sizeof f);
    EXPECT_STR(f, "vestero havn");
    xf_muni_fold("Østerby-Havn", f, sizeof f);
    EXPECT_STR(f, "osterby havn");
    xf_muni_fold("Aså", f, sizeof f);
    EXPECT_STR(f, "asa");
    xf_muni_fold("Asaa", f, sizeof f);
    EXPECT_STR(f, "asa");
    xf_muni_index_free(ix);
}

int main(void)
{
    AMB_TEST_SUITE("xmlfeed_values", {"text", test_text},
                   {"integers", test_integers}, {"decimals", test_decimals},
                   {"dates", test_dates}, {"levels", test_levels});
    AMB_TEST_SUITE("xmlfeed_municipalities", {"table", test_muni_table},
                   {"lookup", test_muni_lookup});
    xf_parts_register();
    return amb_test_run();
}
