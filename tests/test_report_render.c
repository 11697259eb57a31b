/*
 * test_report_render.c - whole report documents: the fixture with 15
 * indicators (one chart per indicator, comparisons, targets, gaps, the
 * unmeasured sub-goal, the indicator in error), Danish and English,
 * optional survey and themes, hostile text in every field, malformed
 * UTF-8, odd and empty documents, write errors, and the CSV export.
 * Also the --render driver that tests/report.test uses.
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_csv.h"
#include "report_html.h"
#include "test_report.h"
#include "testutil.h"
#include "util.h"

/* Count the indicators of doc for which pred holds. */
static size_t count_indicators(const json_t *doc, int (*pred)(const json_t *))
{
    const json_t *inds = json_object_get(doc, "indicators");
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(inds); i++)
        n += pred(json_array_get(inds, i)) != 0;
    return n;
}

static int municipal(const json_t *ind)
{
    const char *b = json_string_value(json_object_get(ind, "breakdown"));
    return b && (strcmp(b, "municipality") == 0 || strcmp(b, "both") == 0);
}

static int with_target(const json_t *ind)
{
    return json_is_object(json_object_get(ind, "target"));
}

static int with_baseline(const json_t *ind)
{
    return json_is_object(json_object_get(ind, "baseline"));
}

/* Position of needle in hay, or -1. */
static long pos(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    return p ? (long)(p - hay) : -1;
}

/* No reference to anything outside the file: no scripts, no sources, no
 * style imports, no fetched URLs. */
static void check_self_contained(const char *html)
{
    CU_ASSERT_EQUAL(trep_count(html, "<script"), 0);
    CU_ASSERT_EQUAL(trep_count(html, " src="), 0);
    CU_ASSERT_EQUAL(trep_count(html, "@import"), 0);
    CU_ASSERT_EQUAL(trep_count(html, "<link"), 1);
    CU_ASSERT_EQUAL(trep_count(html, "<link rel=\"icon\" href=\"data:,\">"), 1);
    CU_ASSERT_EQUAL(trep_count(html, "url("), trep_count(html, "url(#"));
    CU_ASSERT_EQUAL(trep_count(html, "href=\"http"), 0);
    CU_ASSERT_EQUAL(trep_count(html, "<iframe"), 0);
    CU_ASSERT_EQUAL(trep_count(html, "<img"), 0);
}

static void test_full_fixture(void)
{
    json_t *doc = trep_fixture("full.json");
    int rc;
    char *html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    size_t n = json_array_size(json_object_get(doc, "indicators"));
    CU_ASSERT_EQUAL(n, 15);
    CU_ASSERT(trep_valid_utf8(html, strlen(html)));
    CU_ASSERT_EQUAL(pos(html, "<!DOCTYPE html>\n<html lang=\"da\">"), 0);
    check_self_contained(html);
    /* One trend chart and one article per indicator; a comparison per
     * indicator that breaks down by municipality. */
    CU_ASSERT_EQUAL(trep_count(html, "<article class=\"indicator\""), n);
    CU_ASSERT_EQUAL(trep_count(html, "<svg class=\"chart trend\""), n);
    CU_ASSERT_EQUAL(trep_count(html, "<svg class=\"chart compare\""),
                    count_indicators(doc, municipal));
    CU_ASSERT(count_indicators(doc, municipal) >= 8);
    /* Target lines exactly where there are targets, baselines likewise. */
    CU_ASSERT_EQUAL(trep_count(html, "class=\"target-line\""),
                    count_indicators(doc, with_target));
    CU_ASSERT_EQUAL(trep_count(html, "class=\"baseline-marker\""),
                    count_indicators(doc, with_baseline));
    /* A table beside every chart. */
    CU_ASSERT_EQUAL(trep_count(html, "<table class=\"numbers trend-table\">"), n);
    CU_ASSERT_EQUAL(trep_count(html, "<table class=\"numbers compare-table\">"),
                    count_indicators(doc, municipal));
    CU_ASSERT(trep_count(html, "<th scope=\"col\">") > 100);
    /* The banner, the statuses, the unmeasured prerequisite. */
    CU_ASSERT_EQUAL(trep_count(html, "<div class=\"sample\" role=\"note\">"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "EKSEMPELDATA"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Moderat fremgang</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "På rette spor</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "For få data</span>"));
    CU_ASSERT_EQUAL(trep_count(html, "<tr class=\"unmeasured\">"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Ikke målt</span>"));
    /* Badges never rely on colour alone: a symbol and a label each. */
    CU_ASSERT_EQUAL(trep_count(html, "<span class=\"badge "),
                    trep_count(html, "<span class=\"sym\" aria-hidden=\"true\">"));
    /* The indicator in error shows its error text and badge. */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<pre class=\"error-text\">lua/indicators/teknat.lua:12: "
                                        "attempt to index a nil value (field &#39;UDDAKT20&#39;)"
                                        "</pre>"));
    CU_ASSERT(trep_count(html, "<span class=\"badge st-error\">") >= 2);
    /* The region's unpublished 2021 value is a gap with a note. */
    CU_ASSERT(trep_count(html, "class=\"gap\"") >= 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Brud i kurven: ingen offentliggjort værdi for 2021 "
                                        "(..: mangler)"));
    /* Suppressed cells are shown as their flag with a reason. */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<abbr title=\"fortrolig (diskretioneret)\">c</abbr>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">c: ikke offentliggjort</text>"));
    /* Key figures and the method's numbers for the worked example. */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<dd>30\xC2\xA0% (2025)</dd>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<dd>0,71</dd>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<dd>+2,70\xC2\xA0%</dd>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<dd>+3,80\xC2\xA0%</dd>"));
    /* Sources with provenance and a short hash; survey and themes. */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<code class=\"url\">https://api.statbank.dk/v1/data/"
                                        "UDDAKT10/CSV?lang=da</code>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">9f2c4e1b7a6d</code>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<span class=\"run-failed\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<meter min=\"0\" max=\"100\" value=\"50.0\">"));
    CU_ASSERT_EQUAL(trep_count(html, "<td class=\"dot\"><span aria-hidden=\"true\">"), 21);
    /* Sections in order. */
    long o = pos(html, "id=\"overview\""), cv = pos(html, "id=\"coverage\""),
         pre = pos(html, "id=\"fa-pre\""), f0 = pos(html, "id=\"fa-0\""),
         f3 = pos(html, "id=\"fa-3\""), src = pos(html, "id=\"sources\""),
         sv = pos(html, "id=\"survey\""), th = pos(html, "id=\"themes\"");
    CU_ASSERT(o > 0 && o < cv && cv < pre && pre < f0 && f0 < f3 && f3 < src &&
              src < sv && sv < th);
    /* Every link inside the page has a target. */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<a href=\"#ind-eud_share\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<article class=\"indicator\" id=\"ind-eud_share\""));
    free(html);
    json_decref(doc);
}

static void test_english(void)
{
    json_t *doc = trep_fixture("full.json");
    json_object_set_new(doc, "lang", json_string("en"));
    int rc;
    char *html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL(pos(html, "<!DOCTYPE html>\n<html lang=\"en\">"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "SAMPLE DATA"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Education choice"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "On track</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Moderate progress</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Data sources"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<dd>30% (2025)</dd>"));
    CU_ASSERT_PTR_NULL(strstr(html, "EKSEMPELDATA"));
    CU_ASSERT_PTR_NULL(strstr(html, "På rette spor"));
    CU_ASSERT_PTR_NULL(strstr(html, "Uddannelsesvalg"));
    CU_ASSERT_PTR_NULL(strstr(html, "Datakilder"));
    free(html);
    json_decref(doc);
}

static void test_optional_sections(void)
{
    json_t *doc = trep_fixture("full.json");
    json_object_set_new(doc, "sample_data", json_false());
    json_object_set_new(doc, "survey", json_null());
    json_object_set_new(doc, "themes", json_null());
    int rc;
    char *html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NULL(strstr(html, "EKSEMPELDATA"));
    CU_ASSERT_PTR_NULL(strstr(html, "class=\"sample"));
    CU_ASSERT_PTR_NULL(strstr(html, "id=\"survey\""));
    CU_ASSERT_PTR_NULL(strstr(html, "id=\"themes\""));
    CU_ASSERT_PTR_NULL(strstr(html, "href=\"#survey\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "id=\"sources\""));
    free(html);
    json_decref(doc);
}

/* Give every string of v (except the language) a unique marker with
 * markup, quotes and an ampersand; *n counts them. */
static void mark_strings(json_t *v, const char *key, size_t *n)
{
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        void *tmp;
        json_object_foreach_safe(v, tmp, k, x) {
            if (json_is_string(x)) {
                if (strcmp(k, "lang") == 0)
                    continue;
                char *s = amb_xasprintf("%s<i data-m=%zu>\"'&", json_string_value(x), (*n)++);
                json_object_set_new(v, k, json_string(s));
                free(s);
            } else {
                mark_strings(x, k, n);
            }
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *x = json_array_get(v, i);
            if (json_is_string(x)) {
                char *s = amb_xasprintf("%s<i data-m=%zu>\"'&", json_string_value(x), (*n)++);
                json_array_set_new(v, i, json_string(s));
                free(s);
            } else {
                mark_strings(x, key, n);
            }
        }
    }
}

static void test_hostile_every_field(void)
{
    json_t *doc = trep_fixture("full.json");
    size_t n = 0;
    mark_strings(doc, NULL, &n);
    CU_ASSERT(n > 1000);
    int rc;
    char *html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT(trep_valid_utf8(html, strlen(html)));
    CU_ASSERT_EQUAL(trep_count(html, "<i "), 0);
    CU_ASSERT_EQUAL(trep_count(html, "\"'"), 0);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        char raw[64], escaped[96];
        snprintf(raw, sizeof raw, "<i data-m=%zu>", i);
        snprintf(escaped, sizeof escaped, "&lt;i data-m=%zu&gt;&quot;&#39;&amp;", i);
        CU_ASSERT_PTR_NULL(strstr(html, raw));
        shown += strstr(html, escaped) != NULL;
    }
    /* Most fields are shown somewhere (periods, names, titles, notes,
     * errors, URLs, hashes, survey and theme texts). */
    CU_ASSERT(shown > n / 2);
    free(html);
    json_decref(doc);

    /* The generated hostile fixture: scripts everywhere, none executable. */
    doc = trep_fixture("hostile.json");
    html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(trep_count(html, "<script"), 0);
    CU_ASSERT_EQUAL(trep_count(html, "<b "), 0);
    CU_ASSERT(trep_count(html, "&lt;script&gt;window.__pwned=1&lt;/script&gt;") > 100);
    CU_ASSERT_EQUAL(trep_count(html, "<svg class=\"chart trend\""),
                    json_array_size(json_object_get(doc, "indicators")));
    free(html);
    json_decref(doc);
}

/* A small document around one indicator (new reference). */
static json_t *small_doc(json_t *indicator)
{
    json_t *doc = json_pack(
        "{s:s, s:s, s:b, s:{s:s, s:{s:s, s:s}, s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}],"
        " s:[{s:s, s:{s:s, s:s}, s:[{s:s, s:{s:s, s:s}}]}]}, s:[o], s:[], s:n, s:n}",
        "generated_at", "2026-11-26T08:00:00Z", "lang", "da", "sample_data", 0,
        "ambition", "title", "T",
        "region", "code", "081", "name", "Region Nordjylland",
        "municipalities", "code", "773", "name", "Morsø", "code", "825", "name", "Læsø",
        "code", "851", "name", "Aalborg",
        "focus_areas", "id", "5.1", "title", "da", "Uddannelsesvalg", "en", "Education choice",
        "subgoals", "id", "5.1.3", "title", "da", "Støtte", "en", "Support",
        "indicators", indicator, "sources", "survey", "themes");
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    return doc;
}

static json_t *point(const char *period, double v, const char *flag)
{
    return json_pack("{s:s, s:o, s:o}", "period", period,
                     "value", v == v ? json_real(v) : json_null(),
                     "flag", flag ? json_string(flag) : json_null());
}

static void test_error_indicator(void)
{
    json_t *ind = json_pack("{s:s, s:{s:s}, s:s, s:s, s:s, s:s, s:s, s:[], s:[{s:s, s:s}]}",
                            "id", "broken", "title", "da", "Brudt <regel>", "subgoal", "5.1.3",
                            "unit", "percent", "direction", "higher", "breakdown", "both",
                            "error", "rule.lua:3: boom & <bang>", "series", "status",
                            "area", "081", "status", "error");
    json_t *doc = small_doc(ind);
    int rc;
    char *html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<pre class=\"error-text\">rule.lua:3: boom &amp; "
                                        "&lt;bang&gt;</pre>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Brudt &lt;regel&gt;"));
    CU_ASSERT_EQUAL(trep_count(html, "<svg class=\"chart trend\""), 1);
    CU_ASSERT_EQUAL(trep_count(html, "<svg class=\"chart compare\""), 1);
    CU_ASSERT(trep_count(html, ">Ingen data</text>") == 2);
    CU_ASSERT(trep_count(html, "<span class=\"badge st-error\">") >= 2);
    free(html);
    json_decref(doc);
}

static void test_comparison_ranking(void)
{
    json_t *ind = json_pack(
        "{s:s, s:{s:s}, s:s, s:s, s:s, s:s, s:n, s:{s:s, s:i}, s:["
        "{s:s, s:s, s:[o, o]}, {s:s, s:s, s:[o, o]}, {s:s, s:s, s:[o, o]}, {s:s, s:s, s:[o, o]}],"
        " s:[{s:s, s:s}, {s:s, s:s}]}",
        "id", "dropout", "title", "da", "Frafald", "subgoal", "5.1.3", "unit", "percent",
        "direction", "lower", "breakdown", "both", "baseline", "target", "period", "2025",
        "value", 40,
        "series",
        "area", "081", "name", "Region Nordjylland", "points",
        point("2023", 47, NULL), point("2024", 46, NULL),
        "area", "851", "name", "Aalborg", "points",
        point("2023", 44, NULL), point("2024", 43.5, NULL),
        "area", "773", "name", "Morsø", "points",
        point("2023", 50, NULL), point("2024", 52, NULL),
        "area", "825", "name", "Læsø", "points",
        point("2023", 40, NULL), point("2024", NAN, "c"),
        "status", "area", "081", "status", "on_track", "area", "773", "status",
        "moving_away");
    json_t *doc = small_doc(ind);
    int rc;
    char *html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    const char *table = strstr(html, "<table class=\"numbers compare-table\">");
    CU_ASSERT_PTR_NOT_NULL_FATAL(table);
    /* Lower is better: Aalborg (43.5) first, Morsø (52) second, Læsø
     * (suppressed) last without a rank. */
    long a = pos(table, ">Aalborg</th>"), m = pos(table, ">Morsø</th>"),
         l = pos(table, ">Læsø</th>");
    CU_ASSERT(a > 0 && a < m && m < l);
    CU_ASSERT_PTR_NOT_NULL(strstr(table, "<tr><td>1</td><th scope=\"row\">Aalborg</th>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(table, "<tr><td>\xE2\x80\x93</td><th scope=\"row\">Læsø</th>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(table, "Bevæger sig væk</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Kommunerne i rækkefølge, 2024"));
    /* The region is the reference line, and the bars exclude it. */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">Region Nordjylland: 46,0\xC2\xA0%</text>"));
    CU_ASSERT_EQUAL(trep_count(html, "<rect class=\"bar\""), 2);
    /* The trend shows the region plus the highest and lowest municipality. */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">Morsø (højeste kommune)</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">Aalborg (laveste kommune)</text>"));
    CU_ASSERT_EQUAL(trep_count(html, "<path class=\"series s"), 3);
    /* Target without a baseline: a target line, no baseline marker. */
    CU_ASSERT_EQUAL(trep_count(html, "class=\"target-line\""), 1);
    CU_ASSERT_EQUAL(trep_count(html, "class=\"baseline-marker\""), 0);
    free(html);
    json_decref(doc);
}

static void test_odd_documents(void)
{
    int rc;
    json_t *doc = json_object();
    char *html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(pos(html, "<!DOCTYPE html>"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "</html>\n"));
    CU_ASSERT_EQUAL(trep_count(html, "<svg"), 0);
    free(html);
    json_decref(doc);

    /* Wrong types everywhere are skipped, not fatal. */
    doc = json_pack("{s:i, s:[i], s:s, s:[{s:i, s:[s]}], s:s, s:{s:i}, s:i}",
                    "ambition", 3, "indicators", 4, "lang", "xx", "sources", "name", 5,
                    "provenance", "x", "survey", "no", "themes", "themes", 1, "generated_at", 7);
    html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<html lang=\"da\">"));
    free(html);
    json_decref(doc);

    /* Duplicate or unclean ids still give unique anchors. */
    json_t *a = json_pack("{s:s, s:s}", "id", "x", "subgoal", "9.9");
    json_t *b = json_pack("{s:s, s:s}", "id", "x", "subgoal", "9.9");
    json_t *c = json_pack("{s:s}", "id", "a b\"");
    doc = json_pack("{s:[o, o, o]}", "indicators", a, b, c);
    html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(trep_count(html, "id=\"ind-x\""), 1);
    CU_ASSERT_EQUAL(trep_count(html, "id=\"ind-n1\""), 1);
    CU_ASSERT_EQUAL(trep_count(html, "id=\"ind-n2\""), 1);
    CU_ASSERT_EQUAL(trep_count(html, "<svg class=\"chart trend\""), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "id=\"fa-other\""));
    free(html);
    json_decref(doc);

    /* Not an object. */
    doc = json_array();
    amb_error err;
    amb_error_clear(&err);
    CU_ASSERT_EQUAL(amb_report_write_html(doc, stdout, &err), AMB_EPARSE);
    CU_ASSERT_EQUAL(amb_report_write_csv(doc, stdout, &err), AMB_EPARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a JSON object"));
    json_decref(doc);

    /* A full disk. */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        doc = trep_fixture("full.json");
        CU_ASSERT_EQUAL(amb_report_write_html(doc, full, &err), AMB_EIO);
        clearerr(full);
        CU_ASSERT_EQUAL(amb_report_write_csv(doc, full, &err), AMB_EIO);
        fclose(full);
        json_decref(doc);
    }
}

static void test_invalid_utf8_document(void)
{
    json_t *ind = json_pack("{s:s, s:o, s:s, s:o, s:[{s:s, s:o, s:[o]}]}",
                            "id", "u", "title", json_string_nocheck("Titel \xFF\xFE<x>"),
                            "subgoal", "5.1.3", "error", json_string_nocheck("bad \xC0\xAF"),
                            "series", "area", "851",
                            "name", json_string_nocheck("Aal\xE9org"),
                            "points", point("2024", 3, NULL));
    json_t *doc = small_doc(ind);
    int rc;
    char *html = trep_html(doc, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(trep_valid_utf8(html, strlen(html)));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Titel \xEF\xBF\xBD\xEF\xBF\xBD&lt;x&gt;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "bad \xEF\xBF\xBD\xEF\xBF\xBD"));
    free(html);
    json_decref(doc);
}

/* ------------------------------------------------------------------ */
/* CSV. */

static void test_csv(void)
{
    json_t *doc = trep_fixture("full.json");
    int rc;
    char *csv = trep_csv(doc, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL(pos(csv, "indicator,subgoal,area,area_name,period,value,flag,unit,"
                             "baseline,baseline_period,target,target_period,status\n"), 0);
    /* One row per point. */
    size_t points = 0;
    const json_t *inds = json_object_get(doc, "indicators");
    for (size_t i = 0; i < json_array_size(inds); i++) {
        const json_t *series = json_object_get(json_array_get(inds, i), "series");
        for (size_t j = 0; j < json_array_size(series); j++)
            points += json_array_size(json_object_get(json_array_get(series, j), "points"));
    }
    CU_ASSERT_EQUAL(trep_count(csv, "\n"), points + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(csv, "\neud_share,5.1.3,081,Region Nordjylland,2019,24,,"
                                       "percent,24,2019,30,2025,moderate\n"));
    /* A suppressed cell: empty value, its flag. */
    CU_ASSERT_PTR_NOT_NULL(strstr(csv, "\neud_share,5.1.3,825,Læsø,2019,,c,percent,"));
    /* Without baseline or target the fields are empty. */
    CU_ASSERT_PTR_NOT_NULL(strstr(csv, "\ncampus_satisfaction,5.1.2,081,Region Nordjylland,"
                                       "2024,3.8,,score,,,,,insufficient_data\n"));
    CU_ASSERT(trep_valid_utf8(csv, strlen(csv)));
    free(csv);
    json_decref(doc);

    /* Fields with commas, quotes and newlines are quoted. */
    json_t *ind = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:[o]}], s:s}",
                            "id", "a,b", "subgoal", "5.1.3", "unit", "say \"x\"",
                            "series", "area", "851", "name", "line\nbreak",
                            "points", point("2024", 0.1 + 0.2, NULL), "error", "e");
    doc = small_doc(ind);
    csv = trep_csv(doc, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(csv, "\n\"a,b\",5.1.3,851,\"line\nbreak\",2024,"
                                       "0.30000000000000004,,\"say \"\"x\"\"\",,,,,error\n"));
    free(csv);
    json_decref(doc);
}

void trep_register_render_tests(void)
{
    AMB_TEST_SUITE("report_document",
                   {"full fixture", test_full_fixture},
                   {"English", test_english},
                   {"optional sections", test_optional_sections},
                   {"hostile text in every field", test_hostile_every_field},
                   {"indicator in error", test_error_indicator},
                   {"comparison ranking", test_comparison_ranking},
                   {"odd documents", test_odd_documents},
                   {"invalid UTF-8", test_invalid_utf8_document},
                   {"csv", test_csv});
}

/* ------------------------------------------------------------------ */
/* The driver for tests/report.test. */

int trep_render_main(int argc, char **argv)
{
    /* argv: --render FORMAT [--lang L] IN OUT */
    const char *lang = NULL;
    int i = 1;
    if (argc < 4) {
        fprintf(stderr, "usage: test_report --render html|csv|json [--lang da|en] IN OUT\n");
        return 2;
    }
    const char *format = argv[i++];
    if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
        lang = argv[i + 1];
        i += 2;
    }
    if (argc - i != 2) {
        fprintf(stderr, "test_report --render: expected IN and OUT\n");
        return 2;
    }
    json_error_t jerr;
    json_t *doc = json_load_file(argv[i], 0, &jerr);
    if (!doc) {
        fprintf(stderr, "%s:%d: %s\n", argv[i], jerr.line, jerr.text);
        return 1;
    }
    if (lang)
        json_object_set_new(doc, "lang", json_string(lang));
    FILE *out = strcmp(argv[i + 1], "-") == 0 ? stdout : fopen(argv[i + 1], "w");
    if (!out) {
        perror(argv[i + 1]);
        json_decref(doc);
        return 1;
    }
    amb_error err;
    amb_error_clear(&err);
    int rc;
    if (strcmp(format, "html") == 0)
        rc = amb_report_write_html(doc, out, &err);
    else if (strcmp(format, "csv") == 0)
        rc = amb_report_write_csv(doc, out, &err);
    else if (strcmp(format, "json") == 0)
        rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 ? 0 : AMB_EIO;
    else
        rc = amb_error_set(&err, AMB_EUSAGE, "unknown format '%s'", format);
    if (out != stdout && fclose(out) != 0 && rc == 0)
        rc = amb_error_set(&err, AMB_EIO, "%s: close failed", argv[i + 1]);
    if (rc != 0)
        fprintf(stderr, "test_report --render: %s\n", err.msg);
    json_decref(doc);
    return rc == 0 ? 0 : 1;
}
