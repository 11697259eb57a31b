/*
 * test_survey_page.c - the web form's pages as HTML: hostile labels and
 * answers escaped, the ids of the contract (doc/survey-web.md), errors
 * linked with aria-describedby and summarised at the top, values kept,
 * skip logic, navigation (also over the shipped form's skipped page),
 * and the other pages; each page is also run through tidy when it is
 * installed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "form.h"
#include "survey_page.h"
#include "testutil.h"

#define TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef"
#define CSRF "aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11"

/* Labels, hints, codes and titles an attacker might have slipped into a
 * form file. */
static const char form_src[] =
    "form { id = 'f', title = { da = 'Titel <script>alert(1)</script>',\n"
    "                           en = 'Title \"&\" <b>' },\n"
    "  intro = { da = 'Intro <img src=x onerror=alert(1)>' }, pages = {\n"
    "  page { id = 'p1', title = { da = 'Side <i>1</i>' }, questions = {\n"
    "    single { id = 'size', required = true,\n"
    "             label = { da = 'Str\xc3\xb8rrelse <script>x</script>' },\n"
    "             hint = { da = 'Hint \"quoted\"' },\n"
    "             choices = { { 'small', da = 'S</label><script>' },\n"
    "                         { 'big', da = 'B' } } },\n"
    "    yesno { id = 'more_q', label = { da = 'Mere?' } },\n"
    "    text { id = 'why', label = { da = 'Hvorfor' },\n"
    "           relevant = { q = 'more_q', eq = 'yes' } },\n"
    "    matrix { id = 'grid', label = { da = 'Gitter' },\n"
    "             rows = { { 'r1', da = 'R1' }, { 'r2', da = 'R2' } },\n"
    "             choices = { { 'lo', da = 'Lav' }, { 'hi', da = 'H\xc3\xb8j' } } },\n"
    "    multi { id = 'many', label = { da = 'Flere' },\n"
    "            choices = { { 'a', da = 'A' }, { 'b.c', da = 'BC' } } },\n"
    "    municipality { id = 'mun', label = { da = 'Kommune' } },\n"
    "    occupation { id = 'job', label = { da = 'Job' },\n"
    "                 choices = { { '7411', da = 'Elektriker' } } },\n"
    "  } },\n"
    "  page { id = 'p2', title = { da = 'Side 2' }, questions = {\n"
    "    longtext { id = 'note', label = { da = 'Note' },\n"
    "               relevant = { q = 'more_q', eq = 'yes' } } } },\n"
    "  page { id = 'p3', title = { da = 'Side 3' }, questions = {\n"
    "    integer { id = 'n', label = { da = 'Antal' }, min = 1, max = 9 } } },\n"
    "} }\n";

static amb_form *load(void)
{
    amb_form *f = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_form_load_string(form_src, "t.lua", NULL, &f,
                                               &err), 0);
    CU_ASSERT_EQUAL_FATAL(f->nproblems, 0);
    return f;
}

static void has(const amb_buf *b, const char *s)
{
    if (!b->data || !strstr(b->data, s)) {
        fprintf(stderr, "\nmissing: %s\n", s);
        CU_FAIL("text missing from the page");
    }
}

static void lacks(const amb_buf *b, const char *s)
{
    if (b->data && strstr(b->data, s)) {
        fprintf(stderr, "\nunexpected: %s\n", s);
        CU_FAIL("text present in the page");
    }
}

/* Run tidy over the page when it is installed: no errors, and no
 * warnings but tidy 5.6's ignorance of aria-current and inputmode (both
 * in HTML 5.2 / ARIA 1.1). */
static void tidy_clean(const amb_buf *b)
{
    if (access("/usr/bin/tidy", X_OK) != 0)
        return;
    char *dir = amb_test_tmpdir("page");
    char *path = amb_test_write(dir, "p.html", b->data, b->len);
    char *cmd = amb_xasprintf("/usr/bin/tidy -errors -quiet '%s' 2>&1 | "
                              "grep -v -e 'proprietary attribute "
                              "\"aria-current\"' -e 'proprietary attribute "
                              "\"inputmode\"'", path);
    FILE *p = popen(cmd, "r");
    char line[512];
    int complaints = 0;
    while (p && fgets(line, sizeof line, p)) {
        fprintf(stderr, "\ntidy: %s", line);
        complaints++;
    }
    if (p)
        pclose(p);
    CU_ASSERT_EQUAL(complaints, 0);
    free(cmd);
    free(path);
    amb_test_rmtree(dir);
    free(dir);
}

static amb_survey_view view(amb_form *f, const amb_form_answers *as)
{
    amb_survey_view v = {f, NULL, TOKEN, "da", CSRF, "https://x.example/s",
                         0, as, NULL, 0};
    return v;
}

static void test_hostile_form(void)
{
    amb_form *f = load();
    amb_form_answers as = {0};
    amb_form_answers_set1(&as, "more_q", "yes");
    amb_form_answers_set1(&as, "why", "\"><img src=x onerror=alert(1)>");
    amb_form_answers_set1(&as, "job", "</textarea><script>1</script>");
    amb_survey_view v = view(f, &as);
    amb_buf b = {0};
    amb_survey_render_form(&v, &b);
    lacks(&b, "<script");
    lacks(&b, "<img");
    lacks(&b, "<i>");
    has(&b, "Titel &lt;script&gt;alert(1)&lt;/script&gt;");
    has(&b, "Intro &lt;img src=x onerror=alert(1)&gt;");
    has(&b, "S&lt;/label&gt;&lt;script&gt;");
    has(&b, "Hint &quot;quoted&quot;");
    has(&b, "value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"");
    has(&b, "value=\"&lt;/textarea&gt;&lt;script&gt;1&lt;/script&gt;\"");
    tidy_clean(&b);
    amb_buf_free(&b);

    /* English title falls back per field; & and " escaped */
    v.lang = "en";
    amb_survey_render_form(&v, &b);
    has(&b, "<html lang=\"en\">");
    has(&b, "Title &quot;&amp;&quot; &lt;b&gt;");
    has(&b, "Page 1 of 3");
    amb_buf_free(&b);

    /* a campaign title wins over the form's */
    v.title = "Kampagne <x>";
    v.lang = "da";
    amb_survey_render_form(&v, &b);
    has(&b, "<h1>Kampagne &lt;x&gt;</h1>");
    amb_buf_free(&b);
    amb_form_answers_free(&as);
    amb_form_free(f);
}

static void test_contract_ids(void)
{
    amb_form *f = load();
    amb_form_answers as = {0};
    const char *grid[] = {"r2=hi"};
    amb_form_answers_set(&as, "grid", grid, 1);
    const char *many[] = {"b.c"};
    amb_form_answers_set(&as, "many", many, 1);
    amb_form_answers_set1(&as, "size", "big");
    amb_form_answers_set1(&as, "mun", "851");
    amb_survey_view v = view(f, &as);
    amb_buf b = {0};
    amb_survey_render_form(&v, &b);
    has(&b, "<fieldset id=\"q-size\" aria-describedby=\"h-size\">");
    has(&b, "<input type=\"radio\" id=\"q-size-big\" name=\"size\" "
        "value=\"big\" checked required><label for=\"q-size-big\">");
    has(&b, "id=\"q-grid.r2-hi\" name=\"grid.r2\" value=\"hi\" checked");
    has(&b, "<label class=\"vh\" for=\"q-grid.r1-lo\">R1: Lav</label>");
    has(&b, "<input type=\"checkbox\" id=\"q-many-b.c\" name=\"many\" "
        "value=\"b.c\" checked>");
    has(&b, "<select id=\"q-mun\" name=\"mun\">");
    has(&b, "<option value=\"851\" selected>");
    has(&b, "<input type=\"text\" id=\"q-job\" name=\"job\" list=\"dl-job\">");
    has(&b, "<datalist id=\"dl-job\">");
    has(&b, "<input type=\"hidden\" name=\"csrf\" value=\"" CSRF "\">");
    has(&b, "<input type=\"hidden\" name=\"page\" value=\"0\">");
    has(&b, "<input type=\"hidden\" name=\"lang\" value=\"da\">");
    has(&b, "<form method=\"post\" accept-charset=\"utf-8\" novalidate "
        "action=\"" TOKEN "\">");
    has(&b, "<button name=\"action\" value=\"next\">");
    has(&b, "<button name=\"action\" value=\"save\" class=\"sec\">");
    lacks(&b, "value=\"back\"");             /* the first page */
    lacks(&b, "value=\"submit\"");
    has(&b, "<a id=\"lang-da\" lang=\"da\" hreflang=\"da\" href=\"" TOKEN
        "?page=0&amp;lang=da\" aria-current=\"true\">");
    has(&b, "<a id=\"lang-en\" lang=\"en\" hreflang=\"en\" href=\"" TOKEN
        "?page=0&amp;lang=en\">");
    has(&b, "<meta name=\"viewport\"");
    has(&b, "href=\"../o/" TOKEN "?lang=da\"");
    /* skip logic: why is not relevant, page 2 neither */
    lacks(&b, "q-why");
    has(&b, "Side 1 af 2");
    lacks(&b, "id=\"errors\"");
    /* no external asset, no script: the only style is the inline one */
    lacks(&b, "<link");
    lacks(&b, " src=\"");
    has(&b, amb_survey_page_css());
    tidy_clean(&b);
    amb_buf_free(&b);
    amb_form_answers_free(&as);
    amb_form_free(f);
}

static void test_errors_shown(void)
{
    amb_form *f = load();
    amb_form_answers as = {0};
    amb_form_answers_set1(&as, "more_q", "yes");
    amb_form_answers_set1(&as, "why", "kept <value>");
    amb_post_errors es = {0};
    amb_post_errors_add(&es, NULL, amb_xstrdup("Unknown field <x>."));
    amb_post_errors_add(&es, "why", amb_xstrdup("Too <short>."));
    amb_post_errors_add(&es, "size", amb_xstrdup("Required."));
    amb_post_errors_add(&es, "grid", amb_xstrdup("Rows."));
    amb_survey_view v = view(f, &as);
    v.errors = &es;
    amb_buf b = {0};
    amb_survey_render_form(&v, &b);
    has(&b, "<title>Fejl: Side 1 af 3");
    has(&b, "<div id=\"errors\" role=\"alert\" tabindex=\"-1\"><h2>Der er 4 "
        "problemer</h2>");
    has(&b, "<li>Unknown field &lt;x&gt;.</li>");
    /* summary links in page order */
    const char *s1 = strstr(b.data, "<a href=\"#q-size\">");
    const char *s2 = strstr(b.data, "<a href=\"#q-why\">Hvorfor: Too "
                            "&lt;short&gt;.</a>");
    const char *s3 = strstr(b.data, "<a href=\"#q-grid\">");
    CU_ASSERT_TRUE(s1 && s2 && s3 && s1 < s2 && s2 < s3);
    /* the summary comes before the form */
    CU_ASSERT_TRUE(s1 && s1 < strstr(b.data, "<form"));
    has(&b, "<fieldset id=\"q-size\" aria-describedby=\"h-size err-size\" "
        "class=\"bad\">");
    has(&b, "<p class=\"err\" id=\"err-size\"><span class=\"vh\">Fejl: "
        "</span>Required.</p>");
    has(&b, "<input type=\"text\" id=\"q-why\" name=\"why\" "
        "aria-describedby=\"err-why\" aria-invalid=\"true\" "
        "value=\"kept &lt;value&gt;\">");
    has(&b, "<fieldset id=\"q-grid\" aria-describedby=\"err-grid\" "
        "class=\"bad\">");
    has(&b, "id=\"q-size-big\" name=\"size\" value=\"big\" required "
        "aria-invalid=\"true\"");
    has(&b, "Side 1 af 3");                  /* page 2 is relevant now */
    tidy_clean(&b);
    amb_buf_free(&b);
    amb_post_errors_free(&es);
    amb_form_answers_free(&as);
    amb_form_free(f);
}

static void test_pages_and_navigation(void)
{
    amb_form *f = load();
    amb_form_answers as = {0};
    /* page 2 (note) is skipped unless more_q = yes */
    CU_ASSERT_FALSE(amb_survey_page_relevant(f, 1, &as));
    CU_ASSERT_EQUAL(amb_survey_page_next(f, 0, &as), 2);
    CU_ASSERT_EQUAL(amb_survey_page_prev(f, 2, &as), 0);
    CU_ASSERT_EQUAL(amb_survey_page_next(f, 2, &as), -1);
    CU_ASSERT_EQUAL(amb_survey_page_prev(f, 0, &as), -1);
    CU_ASSERT_EQUAL(amb_survey_page_settle(f, 1, &as), 2);
    CU_ASSERT_EQUAL(amb_survey_page_settle(f, 99, &as), 2);
    amb_form_answers_set1(&as, "more_q", "yes");
    CU_ASSERT_EQUAL(amb_survey_page_next(f, 0, &as), 1);
    CU_ASSERT_EQUAL(amb_survey_page_settle(f, 1, &as), 1);

    /* the last page: back and submit; the longtext keeps newlines */
    amb_form_answers_set1(&as, "note", "\nfirst line\n<b>");
    amb_survey_view v = view(f, &as);
    v.page = 1;
    amb_buf b = {0};
    amb_survey_render_form(&v, &b);
    has(&b, "<textarea rows=\"6\" id=\"q-note\" name=\"note\">\n\nfirst "
        "line\n&lt;b&gt;</textarea>");
    has(&b, "Side 2 af 3");
    has(&b, "value=\"back\"");
    has(&b, "value=\"next\"");
    amb_buf_free(&b);
    v.page = 2;
    v.more = 1;
    amb_survey_render_form(&v, &b);
    has(&b, "<button name=\"action\" value=\"submit\">Send svar</button>");
    lacks(&b, "value=\"next\"");
    has(&b, "<p id=\"more\" role=\"status\">");
    has(&b, "<input type=\"text\" inputmode=\"numeric\" id=\"q-n\" name=\"n\" "
        "min=\"1\" max=\"9\">");
    tidy_clean(&b);
    amb_buf_free(&b);
    amb_form_answers_free(&as);
    amb_form_free(f);
}

/* The index of page id in f, or f->npages. */
static size_t page_of(const amb_form *f, const char *id)
{
    size_t i = 0;
    while (i < f->npages && strcmp(f->pages[i].id, id) != 0)
        i++;
    return i;
}

/* The shipped employer form: page "failed" is skipped whole unless
 * recruit_failed = yes, by next, back, settle and the progress count. */
static void test_shipped_skipped_page(void)
{
    char *path = amb_path_join(amb_test_srcdir(), "forms/employer_needs.lua");
    amb_form *f = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_form_load(path, NULL, &f, &err), 0);
    free(path);
    CU_ASSERT_EQUAL_FATAL(f->nproblems, 0);
    size_t rec = page_of(f, "recruitment"), failed = page_of(f, "failed"),
           future = page_of(f, "future");
    CU_ASSERT_FATAL(failed < f->npages && future < f->npages);
    CU_ASSERT_EQUAL(failed, rec + 1);
    CU_ASSERT_EQUAL(future, failed + 1);

    amb_form_answers as = {0};
    CU_ASSERT_FALSE(amb_survey_page_relevant(f, failed, &as));
    amb_form_answers_set1(&as, "recruited", "yes");
    amb_form_answers_set1(&as, "recruit_failed", "no");
    CU_ASSERT_FALSE(amb_survey_page_relevant(f, failed, &as));
    CU_ASSERT_EQUAL(amb_survey_page_next(f, rec, &as), (long)future);
    CU_ASSERT_EQUAL(amb_survey_page_prev(f, future, &as), (long)rec);
    CU_ASSERT_EQUAL(amb_survey_page_settle(f, failed, &as), future);
    amb_survey_view v = view(f, &as);
    v.page = future;
    amb_buf b = {0};
    amb_survey_render_form(&v, &b);
    has(&b, "Side 3 af 4");
    has(&b, "<h2>Forventninger og kompetencer</h2>");
    lacks(&b, "q-n_failed");
    amb_buf_free(&b);

    amb_form_answers_set1(&as, "recruit_failed", "yes");
    CU_ASSERT_TRUE(amb_survey_page_relevant(f, failed, &as));
    CU_ASSERT_EQUAL(amb_survey_page_next(f, rec, &as), (long)failed);
    CU_ASSERT_EQUAL(amb_survey_page_prev(f, future, &as), (long)failed);
    v.page = failed;
    amb_survey_render_form(&v, &b);
    has(&b, "Side 3 af 5");
    has(&b, "<h2>Forg\xc3\xa6ves rekruttering</h2>");
    has(&b, "id=\"q-n_failed\"");
    has(&b, "id=\"q-production_limited\"");
    tidy_clean(&b);
    amb_buf_free(&b);
    amb_form_answers_free(&as);
    amb_form_free(f);
}

static void test_other_pages(void)
{
    amb_form *f = load();
    amb_survey_view v = view(f, NULL);
    v.f = NULL;
    v.title = "Kampagne <1>";
    amb_buf b = {0};
    amb_survey_render_receipt(&v, "ABCD-EFGH-JKMN", "2026-01-02T03:04:05Z",
                              &b);
    has(&b, "<p id=\"receipt\">");
    has(&b, "<strong>ABCD-EFGH-JKMN</strong>");
    has(&b, "2026-01-02T03:04:05Z");
    has(&b, "<h1>Kampagne &lt;1&gt;</h1>");
    has(&b, "id=\"lang-en\"");
    lacks(&b, "<form");
    tidy_clean(&b);
    amb_buf_free(&b);

    v.f = f;
    v.page = 2;
    v.lang = "en";
    amb_survey_render_saved(&v, &b);
    has(&b, "<p id=\"saved\" role=\"status\">Your answers are saved.</p>");
    has(&b, "https://x.example/s/s/" TOKEN);
    has(&b, "href=\"" TOKEN "?page=2&amp;lang=en\"");
    has(&b, "href=\"" TOKEN "?saved=1&amp;page=2&amp;lang=da\"");
    tidy_clean(&b);
    amb_buf_free(&b);

    v.f = NULL;
    amb_survey_render_optout(&v, 0, &b);
    has(&b, "<input type=\"hidden\" name=\"csrf\" value=\"" CSRF "\">");
    has(&b, "<button name=\"action\" value=\"optout\">Opt out</button>");
    has(&b, "href=\"../s/" TOKEN "?lang=en\"");
    tidy_clean(&b);
    amb_buf_free(&b);
    amb_survey_render_optout(&v, 1, &b);
    has(&b, "<p id=\"optedout\" role=\"status\">");
    lacks(&b, "<form");
    amb_buf_free(&b);

    /* the neutral page names nothing and is always the same */
    amb_buf n2 = {0};
    amb_survey_render_neutral(&b);
    amb_survey_render_neutral(&n2);
    CU_ASSERT_TRUE(b.len == n2.len && memcmp(b.data, n2.data, b.len) == 0);
    lacks(&b, TOKEN);
    has(&b, "Linket virker ikke");
    has(&b, "The link does not work");
    tidy_clean(&b);
    amb_buf_free(&b);
    amb_buf_free(&n2);

    static const int codes[] = {400, 403, 405, 413, 415, 429, 500, 503};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        amb_survey_render_status(codes[i], &b);
        has(&b, "<!DOCTYPE html>");
        has(&b, "<h2 lang=\"en\">");
        amb_buf_free(&b);
    }
    amb_form_free(f);
}

int main(void)
{
    AMB_TEST_SUITE("survey_page",
                   {"hostile form", test_hostile_form},
                   {"contract ids", test_contract_ids},
                   {"errors", test_errors_shown},
                   {"navigation", test_pages_and_navigation},
                   {"shipped form's skipped page", test_shipped_skipped_page},
                   {"other pages", test_other_pages});
    return amb_test_run();
}
