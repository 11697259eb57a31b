/*
 * test_report_svg.c - the report's charts alone: nice-number ticks and
 * scaling, text measuring and clipping, the trend chart (gaps for missing
 * and suppressed points, target line iff a target, baseline, a constant
 * series, a single point, no data, negative values, series styles, bad
 * specs) and the bar chart (missing bars, reference line, negative bars).
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_svg.h"
#include "test_report.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* Axis ticks and scaling. */

static void check_ticks(double lo, double hi, double want_lo, double want_hi,
                        double want_step, int want_n)
{
    amb_svg_ticks t;
    CU_ASSERT_EQUAL(amb_svg_ticks_for(lo, hi, 6, &t), 0);
    if (fabs(t.lo - want_lo) > 1e-9 || fabs(t.hi - want_hi) > 1e-9 ||
        fabs(t.step - want_step) > 1e-9 || t.n != want_n)
        fprintf(stderr, "ticks(%g, %g) = %g..%g step %g n %d\n", lo, hi, t.lo, t.hi,
                t.step, t.n);
    CU_ASSERT_DOUBLE_EQUAL(t.lo, want_lo, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(t.hi, want_hi, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(t.step, want_step, 1e-9);
    CU_ASSERT_EQUAL(t.n, want_n);
    CU_ASSERT(t.lo <= lo && t.hi >= hi);
}

static void test_ticks(void)
{
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_nice_number(0.62, 1), 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_nice_number(0.73, 1), 1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_nice_number(0.73, 0), 1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_nice_number(34, 1), 50, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_nice_number(34, 0), 50, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_nice_number(1.2, 1), 1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_nice_number(2500, 1), 2000, 1e-12);

    check_ticks(0, 100, 0, 100, 20, 6);
    check_ticks(24, 30, 24, 30, 2, 4);
    check_ticks(21.5, 26.3, 21, 27, 1, 7);
    check_ticks(3800, 4600, 3800, 4600, 200, 5);
    /* Negative values and a range crossing zero. */
    check_ticks(-850, 0, -1000, 0, 200, 6);
    check_ticks(-3.2, 4.1, -4, 6, 2, 6);
    /* A constant series is widened around its value, not crossing zero. */
    check_ticks(5, 5, 4.4, 5.6, 0.2, 7);
    check_ticks(0, 0, 0, 1, 0.2, 6);
    check_ticks(-20, -20, -22, -18, 1, 5);

    amb_svg_ticks t;
    CU_ASSERT_EQUAL(amb_svg_ticks_for(0.1, 0.5, 6, &t), 0);
    CU_ASSERT_EQUAL(t.decimals, 1);
    char label[32];
    amb_svg_label(amb_svg_tick(&t, 2), t.decimals, NULL, AMB_LANG_EN, label, sizeof label);
    CU_ASSERT_STRING_EQUAL(label, "0.3");
    CU_ASSERT_EQUAL(amb_svg_ticks_for(0.01, 0.05, 6, &t), 0);
    CU_ASSERT_EQUAL(t.decimals, 2);
    CU_ASSERT_EQUAL(amb_svg_ticks_for(1e6, 9e6, 6, &t), 0);
    CU_ASSERT_EQUAL(t.decimals, 0);
    CU_ASSERT(t.n >= 2 && t.n <= AMB_SVG_MAX_TICKS);
    /* Bad input: the default scale and -1. */
    CU_ASSERT_EQUAL(amb_svg_ticks_for(NAN, 3, 6, &t), -1);
    CU_ASSERT_DOUBLE_EQUAL(t.lo, 0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(t.hi, 1, 1e-12);
    CU_ASSERT_EQUAL(amb_svg_ticks_for(5, 1, 6, &t), -1);
    CU_ASSERT_EQUAL(amb_svg_ticks_for(0, INFINITY, 6, &t), -1);
    /* Tick counts stay bounded for any target. */
    CU_ASSERT_EQUAL(amb_svg_ticks_for(0, 1, 1000, &t), 0);
    CU_ASSERT(t.n <= AMB_SVG_MAX_TICKS);

    CU_ASSERT_DOUBLE_EQUAL(amb_svg_scale(5, 0, 10, 0, 100), 50, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_scale(0, 0, 10, 200, 0), 200, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_scale(10, 0, 10, 200, 0), 0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_scale(3, 3, 3, 0, 100), 50, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(amb_svg_scale(-850, -1000, 0, 0, 100), 15, 1e-12);
}

static void test_text_helpers(void)
{
    char out[64];
    CU_ASSERT_EQUAL(amb_svg_text_width("Hjørring"), 8);
    CU_ASSERT_EQUAL(amb_svg_text_width(NULL), 0);
    amb_svg_clip("Vesthimmerland", 22, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "Vesthimmerland");
    amb_svg_clip("æøåæøåæøå", 5, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "æøåæ\xE2\x80\xA6");
    CU_ASSERT(trep_valid_utf8(out, strlen(out)));
    amb_svg_clip("æøåæøåæøåæøå", 40, out, 8);
    CU_ASSERT(trep_valid_utf8(out, strlen(out)));
    CU_ASSERT(strlen(out) < 8);
}

/* ------------------------------------------------------------------ */
/* The trend chart. */

/* How often path command cmd occurs in the d attribute of series k. */
static size_t path_cmds(const char *svg, int k, char cmd)
{
    char tag[64];
    snprintf(tag, sizeof tag, "<path class=\"series s%d\"", k);
    const char *p = strstr(svg, tag);
    if (!p || !(p = strstr(p, " d=\"")))
        return 0;
    size_t n = 0;
    for (p += 4; *p && *p != '"'; p++)
        n += *p == cmd;
    return n;
}

static const char *const years[] = {"2019", "2020", "2021", "2022", "2023", "2024",
                                    "2025"};

/* A spec over the years above with one series. */
static amb_svg_trend trend_spec(const double *values, size_t n)
{
    static amb_svg_series one[1];
    one[0] = (amb_svg_series){"Region Nordjylland", values};
    amb_svg_trend t = {
        .id = "t1", .title = "Andel <EUD>", .desc = "Region: 24 \xE2\x86\x92 26",
        .periods = years, .nperiods = n, .series = one, .nseries = 1,
        .x_title = "Periode", .y_title = "Procent (%)", .unit = "percent",
        .decimals = -1, .lang = AMB_LANG_DA, .empty_text = "Ingen data", .gap_legend = "ingen værdi",
        .baseline_label = "Basis 2019: 24 %", .target_label = "Mål 2025: 30 %",
    };
    return t;
}

static void test_trend_basic(void)
{
    const double v[] = {24.1, 24.6, 25.0, 25.3, 25.6, 25.9, NAN};
    amb_svg_trend t = trend_spec(v, 7);
    t.has_baseline = 1;
    t.baseline_at = 0;
    t.baseline = 24;
    t.has_target = 1;
    t.target_at = 6;
    t.target = 30;
    int rc;
    char *svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(trep_count(svg, "<svg class=\"chart trend\""), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "role=\"img\" aria-labelledby=\"t1-t t1-d\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "<title id=\"t1-t\">Andel &lt;EUD&gt;</title>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "<desc id=\"t1-d\">Region: 24 \xE2\x86\x92 26</desc>"));
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"target-line\""), 1);
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"target-marker\""), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "Mål 2025: 30 %"));
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"baseline-marker\""), 1);
    /* The trailing missing year (2025, the target year) is not a gap. */
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"gap\""), 0);
    /* One unbroken path with six points. */
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"series s0\""), 1);
    CU_ASSERT_EQUAL(path_cmds(svg, 0, 'M'), 1);
    CU_ASSERT_EQUAL(path_cmds(svg, 0, 'L'), 5);
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"point\""), 6);
    /* Axis: labelled ticks with the unit, and both titles. */
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">24\xC2\xA0%</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">30\xC2\xA0%</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">Procent (%)</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">Periode</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">2025</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "<g class=\"legend\""));
    CU_ASSERT(trep_valid_utf8(svg, strlen(svg)));
    free(svg);

    /* Without a target there is no target line, marker or label. */
    t.has_target = 0;
    svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(trep_count(svg, "target"), 0);
    free(svg);
}

static void test_trend_gap(void)
{
    const double v[] = {8.0, 8.7, NAN, 10.1, 10.8, 11.5};
    amb_svg_trend t = trend_spec(v, 6);
    int rc;
    char *svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    /* The path restarts after the missing 2021 and the year is hatched. */
    CU_ASSERT_EQUAL(path_cmds(svg, 0, 'M'), 2);
    CU_ASSERT_EQUAL(path_cmds(svg, 0, 'L'), 3);
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"gap\""), 1);
    CU_ASSERT_EQUAL(trep_count(svg, "fill=\"url(#t1-hatch)\""), 2); /* band + legend */
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">ingen værdi</text>"));
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"point\""), 5);
    free(svg);

    /* A flagged (suppressed) last value is marked too. */
    const double w[] = {8.0, 8.7, 9.1, NAN};
    const unsigned char flags[] = {0, 0, 0, 1};
    t = trend_spec(w, 4);
    t.flagged = flags;
    svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"gap\""), 1);
    CU_ASSERT_EQUAL(path_cmds(svg, 0, 'M'), 1);
    free(svg);
}

static void test_trend_edge_cases(void)
{
    int rc;
    /* A single point: a marker, no line segment, sane ticks. */
    const double one[] = {3.9};
    amb_svg_trend t = trend_spec(one, 1);
    char *svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"point\""), 1);
    CU_ASSERT_EQUAL(path_cmds(svg, 0, 'M'), 1);
    CU_ASSERT_EQUAL(path_cmds(svg, 0, 'L'), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">3,9\xC2\xA0%</text>"));
    CU_ASSERT_PTR_NULL(strstr(svg, "nan"));
    CU_ASSERT_PTR_NULL(strstr(svg, "inf"));
    free(svg);

    /* A constant series: a flat line inside a widened axis. */
    const double flat[] = {5, 5, 5, 5};
    t = trend_spec(flat, 4);
    svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">4,6\xC2\xA0%</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">5,4\xC2\xA0%</text>"));
    CU_ASSERT_PTR_NULL(strstr(svg, "nan"));
    free(svg);

    /* All missing: the "no data" text, no path, no points; the target
     * still shows. */
    const double none[] = {NAN, NAN, NAN};
    t = trend_spec(none, 3);
    t.has_target = 1;
    t.target_at = 2;
    t.target = 35;
    svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">Ingen data</text>"));
    CU_ASSERT_EQUAL(trep_count(svg, "<path"), 0);
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"point\""), 0);
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"target-line\""), 1);
    CU_ASSERT_PTR_NULL(strstr(svg, "nan"));
    free(svg);

    /* No periods at all. */
    t = trend_spec(NULL, 0);
    t.nseries = 0;
    svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">Ingen data</text>"));
    free(svg);

    /* Negative values: ticks below zero with a minus sign. */
    const double neg[] = {-850, -805, -760, -715};
    t = trend_spec(neg, 4);
    t.unit = "persons";
    svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">\xE2\x88\x92" "850</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">\xE2\x88\x92" "700</text>"));
    free(svg);
}

static void test_trend_series_styles(void)
{
    const double a[] = {1, 2, 3}, b[] = {2, 3, 4}, c[] = {0, 1, 1};
    amb_svg_series s[3] = {{"Region", a}, {"Aalborg (højeste kommune)", b},
                           {"Læsø (laveste kommune)", c}};
    amb_svg_trend t = trend_spec(a, 3);
    t.series = s;
    t.nseries = 3;
    int rc;
    char *svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    /* Distinct dash patterns and marker shapes for grey-scale. */
    CU_ASSERT_EQUAL(trep_count(svg, "<path class=\"series s"), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "stroke-dasharray=\"7 4\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "stroke-dasharray=\"2 3\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "<rect class=\"point\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "<polygon class=\"point\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">Læsø (laveste kommune)</text>"));
    free(svg);
}

static void test_trend_invalid(void)
{
    const double v[] = {1, 2};
    amb_svg_trend t = trend_spec(v, 2);
    int rc;
    t.id = "bad id\"";
    char *svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT(svg == NULL || *svg == '\0');
    free(svg);
    t = trend_spec(v, 2);
    t.has_target = 1;
    t.target_at = 2;
    svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, -1);
    free(svg);
    t = trend_spec(v, 2);
    t.nseries = AMB_SVG_MAX_SERIES + 1;
    svg = trep_trend(&t, &rc);
    CU_ASSERT_EQUAL(rc, -1);
    free(svg);
}

/* ------------------------------------------------------------------ */
/* The bar chart. */

static void test_bars(void)
{
    const amb_svg_bar bars[] = {
        {"Aalborg", 31.2, NULL}, {"Hjørring", 27.5, NULL}, {"Morsø", 22.0, NULL},
        {"Læsø", NAN, "c: ikke offentliggjort"},
    };
    amb_svg_bars b = {
        .id = "c1", .title = "Kommunerne <2024>", .desc = "Højest: Aalborg",
        .bars = bars, .nbars = 4, .has_ref = 1, .ref = 26.0,
        .ref_label = "Region Nordjylland: 26 %", .x_title = "Procent (%)",
        .unit = "percent", .decimals = 1, .lang = AMB_LANG_DA, .empty_text = "Ingen data",
    };
    int rc;
    char *svg = trep_bars(&b, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(trep_count(svg, "<svg class=\"chart compare\""), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "aria-labelledby=\"c1-t c1-d\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "Kommunerne &lt;2024&gt;"));
    CU_ASSERT_EQUAL(trep_count(svg, "<rect class=\"bar\""), 3);
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"bar-label\""), 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">c: ikke offentliggjort</text>"));
    CU_ASSERT_EQUAL(trep_count(svg, "class=\"ref-line\""), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">Region Nordjylland: 26 %</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">31,2\xC2\xA0%</text>"));
    /* Bars start at zero: the axis includes it. */
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">0\xC2\xA0%</text>"));
    free(svg);

    /* No reference, negative values: bars left of the zero line. */
    const amb_svg_bar neg[] = {{"Aalborg", 120, NULL}, {"Thisted", -80, NULL}};
    b.bars = neg;
    b.nbars = 2;
    b.has_ref = 0;
    b.unit = "persons";
    b.decimals = 0;
    svg = trep_bars(&b, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(trep_count(svg, "ref-line"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">\xE2\x88\x92" "80</text>"));
    const char *zero = strstr(svg, "class=\"zero\" x1=\"");
    const char *second = strstr(strstr(svg, "<rect class=\"bar\"") + 1, "<rect class=\"bar\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zero);
    CU_ASSERT_PTR_NOT_NULL_FATAL(second);
    double zx = strtod(zero + strlen("class=\"zero\" x1=\""), NULL);
    double bx = strtod(strstr(second, "x=\"") + 3, NULL);
    double bw = strtod(strstr(second, "width=\"") + 7, NULL);
    CU_ASSERT(bx < zx);
    CU_ASSERT_DOUBLE_EQUAL(bx + bw, zx, 0.11);
    free(svg);

    /* No bars at all. */
    b.nbars = 0;
    b.bars = NULL;
    svg = trep_bars(&b, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">Ingen data</text>"));
    free(svg);
    b.id = "";
    svg = trep_bars(&b, &rc);
    CU_ASSERT_EQUAL(rc, -1);
    free(svg);
}

void trep_register_svg_tests(void)
{
    AMB_TEST_SUITE("report_svg",
                   {"ticks and scale", test_ticks},
                   {"text helpers", test_text_helpers},
                   {"trend", test_trend_basic},
                   {"trend gap", test_trend_gap},
                   {"trend edge cases", test_trend_edge_cases},
                   {"trend series styles", test_trend_series_styles},
                   {"trend invalid", test_trend_invalid},
                   {"bars", test_bars});
}
