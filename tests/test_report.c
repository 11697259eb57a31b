/*
 * test_report.c - the report's building blocks: the escaping writer
 * (hostile and malformed text), the string table and number formatting;
 * the helpers every report test uses; main().  The charts are tested in
 * test_report_svg.c, whole documents in test_report_render.c.
 *
 * With --render it is instead the driver that renders a document for
 * tests/report.test (see test_report_render.c).
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_writer.h"
#include "report_csv.h"
#include "report_html.h"
#include "report_svg.h"
#include "report_text.h"
#include "test_report.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* Helpers. */

/* Run fn with a writer on a memory stream; returns the bytes written. */
typedef int (*write_fn)(amb_html *w, const void *arg);

static char *capture(write_fn fn, const void *arg, int *rc)
{
    char *data = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&data, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    amb_html w;
    amb_html_init(&w, fp);
    *rc = fn(&w, arg);
    CU_ASSERT_EQUAL(amb_html_finish(&w), 0);
    fclose(fp);
    return data;
}

static int do_trend(amb_html *w, const void *arg)
{
    return amb_svg_trend_write(w, arg);
}

static int do_bars(amb_html *w, const void *arg)
{
    return amb_svg_bars_write(w, arg);
}

char *trep_trend(const amb_svg_trend *t, int *rc)
{
    return capture(do_trend, t, rc);
}

char *trep_bars(const amb_svg_bars *b, int *rc)
{
    return capture(do_bars, b, rc);
}

/* Render doc through fn(doc, FILE, err) into memory. */
static char *render(int (*fn)(const json_t *, FILE *, amb_error *), const json_t *doc,
                    int *rc)
{
    char *data = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&data, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    amb_error err;
    amb_error_clear(&err);
    *rc = fn(doc, fp, &err);
    if (*rc != 0)
        fprintf(stderr, "render: %s\n", err.msg);
    fclose(fp);
    return data;
}

char *trep_html(const json_t *doc, int *rc)
{
    return render(amb_report_write_html, doc, rc);
}

char *trep_csv(const json_t *doc, int *rc)
{
    return render(amb_report_write_csv, doc, rc);
}

size_t trep_count(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p += len)
        n++;
    return n;
}

int trep_valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        size_t len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2
                   : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
        if (len == 0 || i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++)
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
        if (len == 3 && c == 0xE0 && p[i + 1] < 0xA0)
            return 0;
        if (len == 3 && c == 0xED && p[i + 1] >= 0xA0)
            return 0;
        if (len == 4 && ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90)))
            return 0;
        i += len;
    }
    return 1;
}

json_t *trep_fixture(const char *name)
{
    char *path = amb_xasprintf("%s/tests/fixtures/report/%s", amb_test_srcdir(), name);
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (!doc)
        fprintf(stderr, "%s:%d: %s\n", path, jerr.line, jerr.text);
    free(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    return doc;
}

/* Escape s (n bytes) into a malloc'd string. */
static char *esc(const char *s, size_t n)
{
    amb_buf b = {0};
    amb_html_escape_buf(&b, s, n);
    return b.data;
}

/* ------------------------------------------------------------------ */
/* The escaping writer. */

static void test_escape_markup(void)
{
    const char *in = "<script>alert(\"x\")</script> & 'q' <b onmouseover=x>";
    char *out = esc(in, strlen(in));
    CU_ASSERT_STRING_EQUAL(out, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
                                "&amp; &#39;q&#39; &lt;b onmouseover=x&gt;");
    free(out);
    out = esc("&amp;", 5);
    CU_ASSERT_STRING_EQUAL(out, "&amp;amp;");
    free(out);
    out = esc("Hjørring æøå – Ærø", strlen("Hjørring æøå – Ærø"));
    CU_ASSERT_STRING_EQUAL(out, "Hjørring æøå – Ærø");
    free(out);
    out = esc("", 0);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
}

static void test_escape_invalid_utf8(void)
{
    static const struct {
        const char *in;
        size_t n;
        const char *want;
    } cases[] = {
        {"a\xFF" "b", 3, "a\xEF\xBF\xBD" "b"},                       /* stray byte */
        {"\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD"},                 /* overlong '/' */
        {"\xE0\x80\xAF", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* overlong */
        {"\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
        {"\xF4\x90\x80\x80", 4, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"x\xC3", 2, "x\xEF\xBF\xBD"},                               /* truncated */
        {"\x01\x1B[31m", 6, "\xEF\xBF\xBD\xEF\xBF\xBD[31m"},         /* controls */
        {"a\0b", 3, "a\xEF\xBF\xBD" "b"},                            /* NUL */
        {"\xC2\x85", 2, "\xEF\xBF\xBD"},                             /* C1 control */
        {"\xEF\xBF\xBE", 3, "\xEF\xBF\xBD"},                         /* U+FFFE */
        {"\xEF\xB7\x90", 3, "\xEF\xBF\xBD"},                         /* U+FDD0 */
        {"t\tn\nr\r", 6, "t\tn\nr\r"},                               /* kept */
        {"\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80"},                 /* emoji kept */
        {"\xFF<", 2, "\xEF\xBF\xBD&lt;"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = esc(cases[i].in, cases[i].n);
        if (strcmp(out, cases[i].want) != 0)
            fprintf(stderr, "case %zu: got '%s'\n", i, out);
        CU_ASSERT_STRING_EQUAL(out, cases[i].want);
        CU_ASSERT(trep_valid_utf8(out, strlen(out)));
        free(out);
    }
}

static int write_hostile(amb_html *w, const void *arg)
{
    (void)arg;
    amb_html_raw(w, "<p>");
    amb_html_text(w, "<i>\xFF");
    amb_html_textn(w, "z\0<", 3);
    amb_html_textf(w, "%s=%d", "<&>", 7);
    amb_html_text(w, NULL);
    amb_html_raw(w, "</p>");
    return 0;
}

static void test_writer(void)
{
    int rc;
    char *out = capture(write_hostile, NULL, &rc);
    CU_ASSERT_STRING_EQUAL(out, "<p>&lt;i&gt;\xEF\xBF\xBDz\xEF\xBF\xBD&lt;&lt;&amp;&gt;=7</p>");
    free(out);

    char clean[16];
    CU_ASSERT_EQUAL(amb_html_id_part("eud_share-2", clean, sizeof clean), 1);
    CU_ASSERT_STRING_EQUAL(clean, "eud_share-2");
    CU_ASSERT_EQUAL(amb_html_id_part("a\"b <c>", clean, sizeof clean), 0);
    CU_ASSERT_STRING_EQUAL(clean, "a_b__c_");
    CU_ASSERT_EQUAL(amb_html_id_part("", clean, sizeof clean), 0);
    CU_ASSERT_EQUAL(amb_html_id_part(NULL, clean, sizeof clean), 0);
    CU_ASSERT_EQUAL(amb_html_id_part("abcdefghijklmnopqrstuvwxyz", clean, sizeof clean), 0);
    CU_ASSERT_EQUAL(strlen(clean), sizeof clean - 1);

    /* A stream that refuses writes latches the failure. */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        amb_html w;
        amb_html_init(&w, full);
        setvbuf(full, NULL, _IONBF, 0);
        amb_html_raw(&w, "<p>");
        amb_html_text(&w, "x");
        CU_ASSERT_EQUAL(amb_html_finish(&w), -1);
        fclose(full);
    }
}

/* ------------------------------------------------------------------ */
/* Strings and numbers. */

static void test_string_table(void)
{
    for (int k = 0; k < AMB_UI_COUNT; k++) {
        CU_ASSERT(strlen(amb_report_ui(AMB_LANG_DA, (amb_ui)k)) > 0);
        CU_ASSERT(strlen(amb_report_ui(AMB_LANG_EN, (amb_ui)k)) > 0);
    }
    CU_ASSERT_STRING_EQUAL(amb_report_ui(AMB_LANG_DA, AMB_UI_SAMPLE_BANNER),
                           "EKSEMPELDATA \xE2\x80\x93 SAMPLE DATA");
    CU_ASSERT_STRING_EQUAL(amb_report_ui(AMB_LANG_EN, AMB_UI_SAMPLE_BANNER), "SAMPLE DATA");
    CU_ASSERT_STRING_EQUAL(amb_report_ui(AMB_LANG_DA, AMB_UI_COUNT), "");
    CU_ASSERT_EQUAL(amb_report_lang_of("en"), AMB_LANG_EN);
    CU_ASSERT_EQUAL(amb_report_lang_of("da"), AMB_LANG_DA);
    CU_ASSERT_EQUAL(amb_report_lang_of(NULL), AMB_LANG_DA);
    CU_ASSERT_EQUAL(amb_report_lang_of("de"), AMB_LANG_DA);

    size_t n;
    const amb_report_status *all = amb_report_statuses(&n);
    CU_ASSERT(n >= 6);
    for (size_t i = 0; i < n; i++) {
        /* Each status has its own symbol, so none relies on colour. */
        for (size_t j = 0; j < i; j++)
            CU_ASSERT_STRING_NOT_EQUAL(all[i].symbol, all[j].symbol);
        CU_ASSERT_PTR_EQUAL(amb_report_status_of(all[i].key), &all[i]);
        CU_ASSERT(strlen(all[i].label[0]) > 0 && strlen(all[i].label[1]) > 0);
    }
    CU_ASSERT_STRING_EQUAL(amb_report_status_of("moderate")->label[AMB_LANG_DA],
                           "Moderat fremgang");
    CU_ASSERT_STRING_EQUAL(amb_report_status_of("on_track")->label[AMB_LANG_EN], "On track");
    CU_ASSERT_STRING_EQUAL(amb_report_status_of("nonsense")->key, "unknown");
    CU_ASSERT_STRING_EQUAL(amb_report_status_of(NULL)->key, "unknown");
    CU_ASSERT_STRING_EQUAL(amb_report_status_unmeasured()->label[AMB_LANG_DA], "Ikke målt");
}

static void test_numbers(void)
{
    char out[96];
    amb_report_fmt_number(1234.5, 1, AMB_LANG_DA, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "1.234,5");
    amb_report_fmt_number(1234.5, 1, AMB_LANG_EN, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "1,234.5");
    amb_report_fmt_number(1234567, 0, AMB_LANG_DA, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "1.234.567");
    amb_report_fmt_number(-850, 0, AMB_LANG_DA, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "\xE2\x88\x92" "850");
    amb_report_fmt_number(-0.04, 1, AMB_LANG_DA, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "0,0");
    amb_report_fmt_number(NAN, 1, AMB_LANG_DA, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "\xE2\x80\x93");
    amb_report_fmt_number(INFINITY, 1, AMB_LANG_EN, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "\xE2\x80\x93");
    amb_report_fmt_number(999.96, 1, AMB_LANG_DA, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "1.000,0");

    amb_report_fmt_value(24.1, 1, "percent", AMB_LANG_DA, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "24,1\xC2\xA0%");
    amb_report_fmt_value(24.1, 1, "percent", AMB_LANG_EN, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "24.1%");
    amb_report_fmt_value(4512, 0, "persons", AMB_LANG_DA, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "4.512");
    amb_report_fmt_value(21.5, 1, "minutes", AMB_LANG_EN, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "21.5\xC2\xA0minutes");

    CU_ASSERT_EQUAL(amb_report_auto_decimals(24), 0);
    CU_ASSERT_EQUAL(amb_report_auto_decimals(24.1), 1);
    CU_ASSERT_EQUAL(amb_report_auto_decimals(0.71), 2);
    CU_ASSERT_EQUAL(amb_report_auto_decimals(NAN), 0);

    amb_report_fmt_time("2026-11-26T07:35:09Z", 0, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "2026-11-26 07:35 UTC");
    amb_report_fmt_time("2026-11-26T07:35:09Z", 1, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "2026-11-26");
    amb_report_fmt_time("yesterday", 0, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "yesterday");
    amb_report_fmt_time(NULL, 0, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "");
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--render") == 0)
        return trep_render_main(argc - 1, argv + 1);
    AMB_TEST_SUITE("report_writer",
                   {"escape markup", test_escape_markup},
                   {"escape invalid UTF-8", test_escape_invalid_utf8},
                   {"writer", test_writer});
    AMB_TEST_SUITE("report_text",
                   {"string table", test_string_table},
                   {"numbers and times", test_numbers});
    trep_register_svg_tests();
    trep_register_render_tests();
    return amb_test_run();
}
