/*
 * test_form_out.c - the HTML preview and the XForm of the shipped form
 * and of a form with hostile texts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "form_internal.h"
#include "test_form.h"
#include "testutil.h"

static amb_form *shipped(void)
{
    char *path = amb_path_join(amb_test_srcdir(), "forms/employer_needs.lua");
    amb_error err;
    amb_form *f = NULL;
    if (amb_form_load(path, NULL, &f, &err) != 0)
        fprintf(stderr, "%s\n", err.msg);
    free(path);
    return f;
}

static char *preview(const amb_form *f, const char *lang)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    amb_error err;
    CU_ASSERT_EQUAL(amb_form_preview(f, lang, fp, &err), 0);
    fclose(fp);
    return buf;
}

static void test_preview(void)
{
    amb_form *f = shipped();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char *h = preview(f, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "<html lang=\"da\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "Hvor mange ansatte har virksomheden?"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "<label class=\"l\" for=\"q-cvr\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "aria-describedby=\"h-cvr\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "id=\"h-cvr\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "<fieldset"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "<legend>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "pattern=\"[0-9][0-9][0-9][0-9][0-9]"
                                     "[0-9][0-9][0-9]\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "value=\"851\">Aalborg"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "Besvares kun, når"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "<th scope=\"row\""));
    CU_ASSERT_PTR_NULL(strstr(h, "<script"));
    CU_ASSERT_PTR_NULL(strstr(h, "http"));          /* no external assets */
    free(h);
    h = preview(f, "en");
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "<html lang=\"en\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "How many employees does the company "
                                     "have?"));
    free(h);
    amb_form_free(f);
}

static void test_hostile_texts(void)
{
    amb_form *f = tf_load(
        "form { id = 'h', title = '<script>alert(1)</script>', pages = {\n"
        " page { id = 'p', title = 'P\"&', questions = {\n"
        "  single { id = 's', label = '<b>x</b>', hint = \"it's\",\n"
        "    choices = { { 'a', da = '<img src=x onerror=y>' } } },\n"
        "  text { id = 't', label = 'bad \\xff utf8', relevant = { q = 's', eq = 'a' } },\n"
        "  text { id = 'u', label = 'U', relevant = { q = 't', eq = \"it's \\\"q\\\"\" } },\n"
        " } } } }\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->nproblems, 0);
    char *h = preview(f, "da");
    CU_ASSERT_PTR_NULL(strstr(h, "<script>alert"));
    CU_ASSERT_PTR_NULL(strstr(h, "<img"));
    CU_ASSERT_PTR_NULL(strstr(h, "<b>x"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "&lt;script&gt;"));
    CU_ASSERT_PTR_NULL(strstr(h, "\xff"));
    free(h);
    amb_buf b = {0};
    amb_form_rel_xpath(f, amb_form_find(f, "u")->relevant, &b);
    CU_ASSERT_STRING_EQUAL(b.data, "/data/p/t = concat('it', \"'\", "
                                   "'s \"q\"')");
    amb_buf_free(&b);
    char *dir = amb_test_tmpdir("formx");
    char *out = amb_path_join(dir, "h.xml");
    amb_error err;
    CU_ASSERT_EQUAL(amb_form_xform(f, out, &err), 0);
    xmlDocPtr doc = xmlReadFile(out, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    CU_ASSERT_PTR_NOT_NULL(doc);
    xmlFreeDoc(doc);
    amb_test_rmtree(dir);
    free(out);
    free(dir);
    amb_form_free(f);
}

static void test_xform(void)
{
    amb_form *f = shipped();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char *dir = amb_test_tmpdir("formx");
    char *out = amb_path_join(dir, "f.xml");
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_form_xform(f, out, &err), 0);
    char *x = NULL;
    size_t len;
    CU_ASSERT_EQUAL_FATAL(amb_read_file(out, 1u << 24, &x, &len, &err), 0);
    static const char *const want[] = {
        "xmlns=\"http://www.w3.org/2002/xforms\"",
        "xmlns:jr=\"http://openrosa.org/javarosa\"",
        "<translation lang=\"da\" default=\"true()\">",
        "<translation lang=\"en\">",
        "<data id=\"employer_needs\" version=\"1\">",
        "<bind nodeset=\"/data/recruitment/recruit_failed\" type=\"select1\" "
        "required=\"true()\" relevant=\"/data/recruitment/recruited = "
        "'yes'\"/>",
        "relevant=\"(selected(/data/education/ce_used, 'none')) or "
        "(/data/future/competence_gap = 'yes')\"",
        "relevant=\"(/data/recruitment/recruited = 'yes') and "
        "(/data/recruitment/recruit_failed = 'yes')\"",
        "constraint=\"regex(., '^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$')\"",
        "jr:constraintMsg=\"jr:itext('/data/company/cvr:constraintMsg')\"",
        "constraint=\". &gt;= 1 and . &lt;= 10000\"",
        "constraint=\"count-selected(.) &lt;= 3\"",
        "<bind nodeset=\"/data/future/expected_hiring/skilled\" "
        "type=\"select1\"/>",
        "<select1 ref=\"/data/company/municipality\" appearance=\"minimal\">",
        "<label ref=\"jr:itext('/data/recruitment/recruit_failed:label')\"/>",
        "<text id=\"/data/company/municipality/851:label\">",
        "<select ref=\"/data/failed/consequences\">",
        "<group ref=\"/data/failed\" appearance=\"field-list\">",
        "<input ref=\"/data/education/comments\" appearance=\"multiline\">",
        "<group ref=\"/data/future\" appearance=\"field-list\">",
        "jr:preload=\"uid\"",
        "<data id=\"employer_needs\" version=\"1\">\n     <respondent/>",
        "<bind nodeset=\"/data/respondent\" type=\"string\" "
        "required=\"true()\" constraint=\"regex(., '^[0-9]{8}$')\"",
        "<input ref=\"/data/respondent\">",
        "<text id=\"/data/respondent:label\">",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(x, want[i])) {
            fprintf(stderr, "missing: %s\n", want[i]);
            CU_FAIL("xform lacks an expected part");
        }
    xmlDocPtr doc = xmlReadFile(out, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL(doc);
    xmlFreeDoc(doc);
    CU_ASSERT_EQUAL(amb_form_xform(f, "/nonexistent/dir/x.xml", &err),
                    AMB_EIO);
    /* the export's own elements cannot be page ids */
    amb_form *r = tf_load(
        "form { id = 'r', title = 'R', pages = {\n"
        " page { id = 'respondent', title = 'P', questions = {\n"
        "  text { id = 't', label = 'T' } } } } }\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->nproblems, 0);
    CU_ASSERT_EQUAL(amb_form_xform(r, out, &err), AMB_ECONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "page id 'respondent' is reserved"));
    amb_form_free(r);
    free(x);
    amb_test_rmtree(dir);
    free(out);
    free(dir);
    amb_form_free(f);
}

void tf_register_out(void)
{
    AMB_TEST_SUITE("form_out", {"preview", test_preview},
                   {"hostile texts", test_hostile_texts},
                   {"xform of employer_needs", test_xform});
}
