/*
 * test_survey_odk.c - ODK submissions read back into a campaign: the
 * parser (ODK Collect and Enketo shapes, every structural problem with
 * its line, hostile XML: XXE, billion laughs, not XML, deep nesting,
 * oversize), validation through the form API, and the store (a real
 * SQLite store: first import, the same instanceID again, a replacement,
 * unknown and opted-out respondents, a closed campaign).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../plugins/csv/csv_parse.h"
#include "survey_odk.h"
#include "testutil.h"

static amb_form *form;

static int setup(void)
{
    char *path = amb_path_join(amb_test_srcdir(), "forms/employer_needs.lua");
    amb_error err;
    int rc = amb_form_load(path, NULL, &form, &err);
    free(path);
    return rc || form->nproblems ? -1 : 0;
}

/* A submission as ODK Collect writes one; %s are the respondent and the
 * instanceID. */
static char *collect(const char *cvr, const char *uuid)
{
    return amb_xasprintf(
        "<?xml version='1.0' ?><data id=\"employer_needs\" version=\"1\" "
        "xmlns:jr=\"http://openrosa.org/javarosa\" "
        "xmlns:orx=\"http://openrosa.org/xforms\">"
        "<respondent>%s</respondent>\n"
        "<company><size>10_49</size><industry>manu</industry>"
        "<municipality>851</municipality><cvr/></company>\n"
        "<recruitment><recruited>yes</recruited>"
        "<recruit_failed>yes</recruit_failed></recruitment>"
        "<failed><n_failed>3</n_failed>\n"
        "<failed_occupations>Svejser &amp; smed</failed_occupations>"
        "<fail_reasons>skills pay</fail_reasons>"
        "<consequences>overtime</consequences>"
        "<production_limited>yes</production_limited></failed>\n"
        "<future><expected_hiring><unskilled/><skilled>some</skilled>"
        "<short/><medium>none</medium><long/></expected_hiring>\n"
        "<competence_gap>yes</competence_gap>"
        "<competence_needs>digital green</competence_needs></future>\n"
        "<education><ce_used>amu internal</ce_used>"
        "<ce_barriers>time</ce_barriers><coop_jobcentre>4</coop_jobcentre>"
        "<coop_schools/><comments><![CDATA[<b>ok</b>]]></comments>"
        "</education>\n"
        "<meta><instanceID>%s</instanceID></meta></data>", cvr, uuid);
}

/* Parse text; returns the number of problems, *probs their lines (caller
 * frees) and the submission in s (caller clears). */
static size_t parse(const char *text, amb_odk_submission *s, char **probs)
{
    amb_buf b = {0};
    size_t n = amb_odk_parse(form, "sub.xml", text, strlen(text), s, &b);
    if (n == 0)
        n = amb_odk_check(form, "sub.xml", s, &b);
    *probs = b.data ? b.data : amb_xstrdup("");
    return n;
}

/* Expect exactly one problem containing want (with its "sub.xml:LINE: "). */
static void expect_problem(const char *text, const char *want)
{
    amb_odk_submission s;
    char *probs = NULL;
    size_t n = parse(text, &s, &probs);
    if (n == 0 || !strstr(probs, want)) {
        fprintf(stderr, "\nwanted: %s\ngot (%zu): %s\n", want, n, probs);
        CU_FAIL("problem not reported");
    }
    free(probs);
    amb_odk_submission_clear(&s);
}

static void test_collect(void)
{
    char *x = collect("12345678", "uuid:4f1c2e9a-0000-4000-8000-000000000001");
    amb_odk_submission s;
    char *probs;
    CU_ASSERT_EQUAL(parse(x, &s, &probs), 0);
    CU_ASSERT_STRING_EQUAL(probs, "");
    CU_ASSERT_STRING_EQUAL(s.cvr, "12345678");
    CU_ASSERT_STRING_EQUAL(s.instance_id,
                           "uuid:4f1c2e9a-0000-4000-8000-000000000001");
    const amb_form_value *v = amb_form_answers_get(&s.answers, "fail_reasons");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->n, 2);
    CU_ASSERT_STRING_EQUAL(v->items[0], "skills");
    CU_ASSERT_STRING_EQUAL(v->items[1], "pay");
    v = amb_form_answers_get(&s.answers, "expected_hiring");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->n, 2);
    CU_ASSERT_STRING_EQUAL(v->items[0], "skilled=some");
    CU_ASSERT_STRING_EQUAL(v->items[1], "medium=none");
    v = amb_form_answers_get(&s.answers, "failed_occupations");
    CU_ASSERT_STRING_EQUAL(v->items[0], "Svejser & smed");
    v = amb_form_answers_get(&s.answers, "comments");
    CU_ASSERT_STRING_EQUAL(v->items[0], "<b>ok</b>");
    CU_ASSERT_PTR_NULL(amb_form_answers_get(&s.answers, "cvr"));
    CU_ASSERT_PTR_NULL(amb_form_answers_get(&s.answers, "coop_schools"));
    /* lines point at the elements */
    const amb_form_question *q = amb_form_find(form, "n_failed");
    CU_ASSERT_EQUAL(s.lines[q - form->questions], 3);
    free(probs);
    amb_odk_submission_clear(&s);
    free(x);
}

/* Enketo keeps the form's default namespace and may write orx:meta;
 * KoboToolbox adds formhub and __version__; non-relevant questions may
 * be left out altogether. */
static void test_enketo_kobo(void)
{
    static const char x[] =
        "<data xmlns=\"http://www.w3.org/2002/xforms\" "
        "xmlns:orx=\"http://openrosa.org/xforms\" id=\"employer_needs\" "
        "version=\"1\"><formhub><uuid>abc</uuid></formhub>"
        "<respondent> 87654321 </respondent>"
        "<company><size>1_9</size><industry>it</industry>"
        "<municipality>773</municipality></company>"
        "<recruitment><recruited>no</recruited></recruitment>"
        "<future><competence_gap>no</competence_gap></future>"
        "<__version__>vx</__version__>"
        "<orx:meta><orx:instanceID>uuid:e1</orx:instanceID>"
        "<orx:instanceName>x</orx:instanceName>"
        "<orx:deprecatedID>uuid:e0</orx:deprecatedID></orx:meta></data>";
    amb_odk_submission s;
    char *probs;
    CU_ASSERT_EQUAL(parse(x, &s, &probs), 0);
    CU_ASSERT_STRING_EQUAL(probs, "");
    CU_ASSERT_STRING_EQUAL(s.cvr, "87654321");
    CU_ASSERT_STRING_EQUAL(s.instance_id, "uuid:e1");
    free(probs);
    amb_odk_submission_clear(&s);
}

static void test_structure(void)
{
    char *ok = collect("12345678", "uuid:1");
    struct {
        const char *from, *to, *want;
    } cases[] = {
        {"id=\"employer_needs\"", "id=\"other\"",
         "sub.xml:1: the submission is of form 'other', not 'employer_needs'"},
        {"version=\"1\"", "version=\"2\"",
         "sub.xml:1: the submission is of version '2' of form "
         "'employer_needs', not '1'"},
        {"version=\"1\"", "", "sub.xml:1: <data> has no version attribute"},
        {"</data>", "<gps>1 2</gps></data>", "sub.xml:8: unknown element <gps>"},
        {"<cvr/>", "<cvr/><extra/>",
         "sub.xml:2: unknown element <extra> in page <company>"},
        {"<cvr/>", "<cvr/><recruited>yes</recruited>",
         "sub.xml:2: unknown element <recruited> in page <company>"},
        {"</recruitment>", "<n_failed>2</n_failed></recruitment>",
         "sub.xml:3: unknown element <n_failed> in page <recruitment>"},
        {"<cvr/>", "<cvr/><size>1_9</size>",
         "sub.xml:2: question 'size': element <size> appears twice"},
        {"<long/>", "<long/><huge>many</huge>",
         "sub.xml:5: question 'expected_hiring': unknown row <huge>"},
        {"<short/>", "<short/><skilled>many</skilled>",
         "question 'expected_hiring': row <skilled> appears twice"},
        {"<size>10_49</size>", "<size><b>10_49</b></size>",
         "sub.xml:2: <size> holds an element, not a value"},
        {"<respondent>12345678</respondent>", "",
         "sub.xml:1: no <respondent> element"},
        {"<respondent>12345678</respondent>", "<respondent></respondent>",
         "sub.xml:1: <respondent> is empty"},
        {"<respondent>12345678</respondent>",
         "<respondent>1234567x</respondent>",
         "<respondent> is not a CVR number (8 digits)"},
        {"<meta><instanceID>uuid:1</instanceID></meta>", "",
         "sub.xml:1: no <meta><instanceID>: not an ODK submission"},
        {"<instanceID>uuid:1</instanceID>",
         "<instanceID>uuid:1</instanceID><secret/>",
         "unknown element <secret> in <meta>"},
        {"<instanceID>uuid:1</instanceID>", "<instanceID>a b</instanceID>",
         "<instanceID> is not an instance id"},
        {"</company>", "</company>stray text",
         "sub.xml:2: unexpected text in <data>"},
        {"</company>", "</company><company/>",
         "sub.xml:2: page element <company> appears twice"},
        {"<company>", "<x:company xmlns:x=\"urn:x\">",
         "not well-formed XML"},
        {"<company>", "<x:company xmlns:x=\"urn:x\"></x:company><company>",
         "unknown element <x:company>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *at = strstr(ok, cases[i].from);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        char *x = amb_xasprintf("%.*s%s%s", (int)(at - ok), ok, cases[i].to,
                                at + strlen(cases[i].from));
        expect_problem(x, cases[i].want);
        free(x);
    }
    expect_problem("<survey id=\"employer_needs\" version=\"1\"/>",
                   "sub.xml:1: the root element is <survey>, not <data>");
    free(ok);
}

/* Answers are validated through the form: codes, required, relevance,
 * ranges, the multi maximum, each with the line of its element. */
static void test_values(void)
{
    char *ok = collect("12345678", "uuid:1");
    struct {
        const char *from, *to, *want;
    } cases[] = {
        {"<size>10_49</size>", "<size>huge</size>", "sub.xml:2: question 'size': "},
        {"<size>10_49</size>", "<size/>", "sub.xml:2: question 'size': "},
        {"<size>10_49</size>", "", "sub.xml:2: question 'size': "},
        {"<n_failed>3</n_failed>", "<n_failed>0</n_failed>",
         "sub.xml:3: question 'n_failed': "},
        {"<n_failed>3</n_failed>", "<n_failed>3.5</n_failed>",
         "sub.xml:3: question 'n_failed': "},
        {"<recruited>yes</recruited>", "<recruited>no</recruited>",
         "question 'recruit_failed': "},
        {"digital green", "digital green stem language",
         "sub.xml:6: question 'competence_needs': "},
        {"skills pay", "skills skills", "question 'fail_reasons': "},
        {"<medium>none</medium>", "<medium>lots</medium>",
         "sub.xml:5: question 'expected_hiring': "},
        {"<municipality>851</municipality>",
         "<municipality>101</municipality>", "question 'municipality': "},
        {"<cvr/>", "<cvr>123</cvr>", "question 'cvr': "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *at = strstr(ok, cases[i].from);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        char *x = amb_xasprintf("%.*s%s%s", (int)(at - ok), ok, cases[i].to,
                                at + strlen(cases[i].from));
        expect_problem(x, cases[i].want);
        free(x);
    }
    free(ok);
}

static void test_hostile(void)
{
    /* XXE: an external entity naming a local file */
    expect_problem("<?xml version=\"1.0\"?>\n<!DOCTYPE data [\n"
                   "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                   "<data id=\"employer_needs\" version=\"1\">"
                   "<respondent>&x;</respondent></data>",
                   "sub.xml:2: a DOCTYPE is not allowed");
    /* billion laughs */
    amb_buf b = {0};
    amb_buf_puts(&b, "<!DOCTYPE data [<!ENTITY a0 \"lol\">\n");
    for (int i = 1; i < 10; i++)
        amb_buf_printf(&b, "<!ENTITY a%d \"&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;"
                       "&a%d;&a%d;&a%d;&a%d;\">\n", i, i - 1, i - 1, i - 1,
                       i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    amb_buf_puts(&b, "]><data id=\"employer_needs\" version=\"1\">"
                 "<respondent>&a9;</respondent></data>");
    expect_problem(b.data, "sub.xml:1: a DOCTYPE is not allowed");
    amb_buf_free(&b);
    /* an external DTD is not fetched either */
    expect_problem("<!DOCTYPE data SYSTEM \"http://127.0.0.1:9/x.dtd\">"
                   "<data/>", "a DOCTYPE is not allowed");
    /* an undeclared entity */
    expect_problem("<data id=\"employer_needs\" version=\"1\">"
                   "<respondent>&x;</respondent></data>",
                   "not well-formed XML");
    expect_problem("", "not well-formed XML");
    expect_problem("respondent,12345678\n", "sub.xml:1: not well-formed XML");
    expect_problem("{\"size\": \"1_9\"}", "not well-formed XML");
    expect_problem("<data id=\"employer_needs\" version=\"1\">\n<company>",
                   "sub.xml:2: not well-formed XML");
    expect_problem("<data>\xff\xfe</data>", "not well-formed XML");
    /* deep nesting stops at libxml2's depth limit or in the walk */
    amb_buf d = {0};
    for (int i = 0; i < 5000; i++)
        amb_buf_puts(&d, "<company>");
    expect_problem(d.data, "sub.xml:1: ");
    amb_buf_free(&d);
    /* oversize */
    size_t big = AMB_ODK_MAX_BYTES + 1;
    char *huge = amb_xmalloc(big + 1);
    memset(huge, ' ', big);
    huge[big] = '\0';
    amb_odk_submission s;
    amb_buf p = {0};
    CU_ASSERT_EQUAL(amb_odk_parse(form, "sub.xml", huge, big, &s, &p), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(p.data, "larger than"));
    amb_odk_submission_clear(&s);
    amb_buf_free(&p);
    free(huge);
    /* a long hostile form id is cut and its control characters masked */
    amb_buf l = {0};
    amb_buf_puts(&l, "<data id=\"");
    for (int i = 0; i < 100; i++)
        amb_buf_puts(&l, "&#10;\xc3\xa6");
    amb_buf_puts(&l, "\" version=\"1\"/>");
    size_t n = amb_odk_parse(form, "sub.xml", l.data, l.len, &s, &p);
    CU_ASSERT(n > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(p.data, "the submission is of form '?"));
    CU_ASSERT_PTR_NOT_NULL(strstr(p.data, "...'"));
    /* one line per problem, each starting with the file name */
    size_t lines = 0;
    for (const char *c = p.data; c && *c; c = strchr(c, '\n') + 1) {
        CU_ASSERT_EQUAL(strncmp(c, "sub.xml:", 8), 0);
        lines++;
    }
    CU_ASSERT_EQUAL(lines, n);
    amb_odk_submission_clear(&s);
    amb_buf_free(&p);
    amb_buf_free(&l);
}

/* ---------------------------------------------------------------- store */

typedef struct store_env {
    char *dir;
    amb_store *st;
    amb_survey_campaign c;
} store_env;

static void env_open(store_env *e)
{
    memset(e, 0, sizeof *e);
    e->dir = amb_test_tmpdir("survey-odk");
    char *db = amb_path_join(e->dir, "ambit.db");
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_store_open(db, &e->st, &err), 0);
    free(db);
    CU_ASSERT_EQUAL_FATAL(amb_survey_create(e->st, "c", form->id, form->file,
                                            NULL, NULL, &err), 0);
    CU_ASSERT_EQUAL_FATAL(amb_survey_get(e->st, "c", &e->c, &err), 0);
    static const char csv[] =
        "company,cvr,email,municipality,industry\n"
        "A ApS,12345678,a@example.dk,851,manu\n"
        "B ApS,87654321,b@example.dk,773,it\n"
        "C ApS,11111111,c@example.dk,773,it\n";
    csv_mem m = {csv, sizeof csv - 1, 0, 0};
    char *buf = NULL;
    size_t len = 0, imp = 0, ref = 0;
    FILE *fp = open_memstream(&buf, &len);
    amb_buf pb = {0};
    CU_ASSERT_EQUAL_FATAL(amb_survey_import(e->st, &e->c, csv_read_mem, &m,
                                            fp, &pb, &imp, &ref, &err), 0);
    fclose(fp);
    free(buf);
    amb_buf_free(&pb);
    CU_ASSERT_EQUAL_FATAL(imp, 3);
}

static void env_close(store_env *e)
{
    amb_survey_campaign_clear(&e->c);
    amb_store_close(e->st);
    amb_test_rmtree(e->dir);
    free(e->dir);
}

/* Parse, check and store the Collect submission for cvr/uuid. */
static int store(store_env *e, const char *cvr, const char *uuid,
                 amb_odk_outcome *out, amb_error *err)
{
    char *x = collect(cvr, uuid);
    amb_odk_submission s;
    char *probs;
    CU_ASSERT_EQUAL_FATAL(parse(x, &s, &probs), 0);
    int rc = amb_odk_store(e->st, &e->c, form, &s, "sub.xml", out, err);
    free(probs);
    free(x);
    amb_odk_submission_clear(&s);
    return rc;
}

static void test_store(void)
{
    store_env e;
    env_open(&e);
    amb_error err;
    amb_odk_outcome out;
    CU_ASSERT_EQUAL(store(&e, "12345678", "uuid:a", &out, &err), 0);
    CU_ASSERT_EQUAL(out, AMB_ODK_STORED);
    CU_ASSERT_EQUAL(sql_int(e.st, "SELECT count(*) FROM respondents WHERE "
                                  "status = 'complete'"), 1);
    long long rows = sql_int(e.st, "SELECT count(*) FROM answers");
    CU_ASSERT(rows > 15);
    CU_ASSERT_EQUAL(sql_int(e.st, "SELECT count(*) FROM answers WHERE "
                                  "question = 'fail_reasons'"), 2);
    CU_ASSERT_EQUAL(sql_int(e.st, "SELECT count(*) FROM survey_answers WHERE "
                                  "question = 'recruit_failed' AND value = "
                                  "'yes' AND municipality = '851'"), 1);
    /* the same instance again: nothing changes */
    CU_ASSERT_EQUAL(store(&e, "12345678", "uuid:a", &out, &err), 0);
    CU_ASSERT_EQUAL(out, AMB_ODK_DUPLICATE);
    CU_ASSERT_EQUAL(sql_int(e.st, "SELECT count(*) FROM answers"), rows);
    CU_ASSERT_EQUAL(sql_int(e.st, "SELECT count(*) FROM "
                                  "survey_odk_instances"), 1);
    /* a new instance for the same company replaces its response */
    CU_ASSERT_EQUAL(store(&e, "12345678", "uuid:b", &out, &err), 0);
    CU_ASSERT_EQUAL(out, AMB_ODK_REPLACED);
    CU_ASSERT_EQUAL(sql_int(e.st, "SELECT count(*) FROM answers"), rows);
    /* an instance already imported cannot move to another company */
    CU_ASSERT_EQUAL(store(&e, "87654321", "uuid:a", &out, &err), AMB_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "imported for another"));
    CU_ASSERT_EQUAL(sql_int(e.st, "SELECT count(*) FROM respondents WHERE "
                                  "status = 'complete'"), 1);
    /* unknown CVR */
    CU_ASSERT_EQUAL(store(&e, "99999999", "uuid:c", &out, &err),
                    AMB_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no respondent with CVR 99999999"));
    /* opted out */
    CU_ASSERT_EQUAL(sqlite3_exec(amb_store_db(e.st), "UPDATE respondents SET "
                                 "status = 'opted_out' WHERE cvr = "
                                 "'11111111'", NULL, NULL, NULL), SQLITE_OK);
    CU_ASSERT_EQUAL(store(&e, "11111111", "uuid:d", &out, &err), AMB_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "opted out"));
    CU_ASSERT_EQUAL(sql_int(e.st, "SELECT count(*) FROM "
                                  "survey_odk_instances"), 2);
    /* a closed campaign takes nothing */
    CU_ASSERT_EQUAL(amb_survey_close(e.st, "c", &err), 0);
    amb_survey_campaign_clear(&e.c);
    CU_ASSERT_EQUAL(amb_survey_get(e.st, "c", &e.c, &err), 0);
    CU_ASSERT_EQUAL(store(&e, "87654321", "uuid:e", &out, &err), AMB_ERR);
    CU_ASSERT_EQUAL(sql_int(e.st, "SELECT count(*) FROM respondents WHERE "
                                  "status = 'complete'"), 1);
    env_close(&e);
}

int main(void)
{
    if (setup() != 0) {
        fprintf(stderr, "cannot load forms/employer_needs.lua\n");
        return 1;
    }
    AMB_TEST_SUITE("survey_odk", {"ODK Collect submission", test_collect},
                   {"Enketo and Kobo shapes", test_enketo_kobo},
                   {"structure problems with lines", test_structure},
                   {"answers validated", test_values},
                   {"hostile XML", test_hostile},
                   {"store", test_store});
    int rc = amb_test_run();
    amb_form_free(form);
    return rc;
}
