/*
 * test_form_dsl.c - loading forms: every type, every problem the check
 * reports (with the line of the declaration), the shipped form.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "form_internal.h"
#include "test_form.h"
#include "testutil.h"

/* Every type, one page each of two. */
static const char all_types[] =
    "form { id = 'all', version = 2, title = { da = 'Alle', en = 'All' },\n"
    "  pages = {\n"
    "    page { id = 'p1', title = { da = 'Side', en = 'Page' }, questions = {\n"
    "      single { id = 's', label = { da = 'S' }, required = true,\n"
    "        choices = { { 'a', da = 'A', en = 'A' }, { code = 'b', label = { da = 'B' } } } },\n"
    "      multi { id = 'm', label = 'M', max = 2,\n"
    "        choices = { { 'x', da = 'X' }, { 'y', da = 'Y' }, { 'z', da = 'Z' } } },\n"
    "      yesno { id = 'yn', label = { da = 'YN', en = 'YN' } },\n"
    "      integer { id = 'i', label = { da = 'I' }, min = 0, max = 100 },\n"
    "      decimal { id = 'd', label = { da = 'D' }, min = -1.5, max = 1e6 },\n"
    "    } },\n"
    "    page { id = 'p2', title = { da = 'To' }, questions = {\n"
    "      text { id = 't', label = { da = 'T' }, pattern = '^%d%d%d%d%d%d%d%d$' },\n"
    "      longtext { id = 'lt', label = { da = 'LT' }, max = 20 },\n"
    "      likert { id = 'lk', label = { da = 'LK' } },\n"
    "      matrix { id = 'mx', label = { da = 'MX' }, required = true,\n"
    "        rows = { { 'r1', da = 'R1' }, { 'r2', da = 'R2' } },\n"
    "        choices = { { 'lo', da = 'Lav' }, { 'hi', da = 'Høj' } } },\n"
    "      municipality { id = 'mu', label = { da = 'Kommune' } },\n"
    "      occupation { id = 'oc', label = { da = 'Stilling' },\n"
    "        choices = { { '7411', da = 'Elektriker' } } },\n"
    "      question { type = 'text', id = 'ck', label = { da = 'CK' },\n"
    "        check = function(v, a) if v == 'bad' then return { da = 'dårlig', en = 'bad' } end\n"
    "          if v == 'loop' then while true do end end\n"
    "          if v == 'err' then error('boom') end\n"
    "          if v == 'str' then return 'plain ' .. (a.s or '-') end end },\n"
    "      text { id = 'rel', label = { da = 'R' }, relevant = { any = {\n"
    "        { q = 's', eq = 'a' }, { all = { { q = 'i', gt = 5 }, { q = 'm', has = 'y' } } },\n"
    "        { none = { { q = 'yn', eq = 'yes' } } } } } },\n"
    "    } },\n"
    "  } }\n";

static void test_all_types(void)
{
    amb_form *f = tf_load(all_types);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->nproblems, 0);
    CU_ASSERT_STRING_EQUAL(f->version, "2");
    CU_ASSERT_EQUAL(f->npages, 2);
    CU_ASSERT_EQUAL(f->nquestions, 13);
    const amb_form_question *q = amb_form_find(f, "s");
    CU_ASSERT_EQUAL(q->type, AMB_FORM_SINGLE);
    CU_ASSERT_EQUAL(q->line, 4);
    CU_ASSERT(q->required);
    CU_ASSERT_EQUAL(q->nchoices, 2);
    CU_ASSERT_STRING_EQUAL(q->choices[1].code, "b");
    CU_ASSERT_STRING_EQUAL(q->choices[1].label.da, "B");
    CU_ASSERT_STRING_EQUAL(amb_form_find(f, "m")->label.da, "M");
    q = amb_form_find(f, "lk");
    CU_ASSERT_EQUAL(q->nchoices, 5);
    CU_ASSERT_STRING_EQUAL(amb_form_tr(&q->choices[4].label, "en"),
                           "Strongly agree");
    q = amb_form_find(f, "mx");
    CU_ASSERT_EQUAL(q->nrows, 2);
    CU_ASSERT_EQUAL(q->page, 1);
    size_t n;
    const amb_form_choice *c = amb_form_choices(amb_form_find(f, "mu"), &n);
    CU_ASSERT_EQUAL(n, 11);
    CU_ASSERT_STRING_EQUAL(c[9].code, "851");
    CU_ASSERT_STRING_EQUAL(c[9].label.da, "Aalborg");
    CU_ASSERT_EQUAL(amb_form_find(f, "rel")->relevant->op, AMB_REL_ANY);
    CU_ASSERT(amb_form_find(f, "ck")->check_ref >= 0);
    for (int t = 0; t < AMB_FORM_NTYPES; t++)
        CU_ASSERT_EQUAL(amb_form_type_parse(amb_form_type_name(t)), t);
    amb_form_free(f);
}

static void test_problems(void)
{
    static const char bad[] =
        "form { id = 'b', title = { da = 'B' }, pages = {\n"
        "  page { id = 'p', title = { da = 'P' }, questions = {\n"
        "    question { type = 'slider', id = 'a', label = { da = 'A' } },\n"
        "    yesno { id = 'a', label = { da = 'A2' } },\n"
        "    single { id = 'c', label = { da = 'C' } },\n"
        "    multi { id = 'd', label = { da = 'D' }, choices = {} },\n"
        "    text { id = 'e', label = { da = 'E' }, pattern = '(%d+)' },\n"
        "    integer { id = 'f', label = { da = 'F' }, min = 10, max = 1 },\n"
        "    text { id = 'g', label = { en = 'only English' } },\n"
        "    text { id = 'h', label = { da = 'H' }, relevant = { q = 'nope', eq = 'x' } },\n"
        "    text { id = 'i', label = { da = 'I' }, relevant = { q = 'j', eq = 'x' } },\n"
        "    text { id = 'j', label = { da = 'J' }, relevant = { q = 'j', eq = 'x' } },\n"
        "    text { id = 'Bad-Id', label = { da = 'K' } },\n"
        "    text { id = 'l', label = { da = 'L' }, colour = 'red' },\n"
        "    yesno { id = 'm', label = { da = 'M' }, relevant = { q = 'd', eq = 'maybe' } },\n"
        "    text { id = 'n', label = { da = 'N' }, relevant = { q = 'f', has = 1 } },\n"
        "    text { id = 'o', label = { da = 'O' }, relevant = { all = {} } },\n"
        "    text { id = 'p', label = { da = 'P' }, pattern = '[abc' },\n"
        "    text { id = 'q', label = { da = 'Q' }, pattern = 'a-b' },\n"
        "    matrix { id = 'r', label = { da = 'R' }, choices = { { 'x', da = 'X' } } },\n"
        "    text { id = 's', label = { da = 'S' }, check = 'not a function' },\n"
        "    text { id = 'u', label = { da = 'U' }, relevant = { q = 'r', eq = 'x' } },\n"
        "  } } } }\n";
    amb_form *f = tf_load(bad);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT(tf_problem(f, 3, "unknown type 'slider'"));
    CU_ASSERT(tf_problem(f, 4, "duplicate id"));
    CU_ASSERT(tf_problem(f, 5, "single needs choices"));
    CU_ASSERT(tf_problem(f, 6, "multi needs choices"));
    CU_ASSERT(tf_problem(f, 7, "bad pattern"));
    CU_ASSERT(tf_problem(f, 8, "min 10 is greater than max 1"));
    CU_ASSERT(tf_problem(f, 9, "missing Danish label"));
    CU_ASSERT(tf_problem(f, 10, "unknown question 'nope'"));
    CU_ASSERT(tf_problem(f, 11, "not an earlier question"));
    CU_ASSERT(tf_problem(f, 12, "not an earlier question"));
    CU_ASSERT(tf_problem(f, 13, "needs an id"));
    CU_ASSERT(tf_problem(f, 14, "unknown field 'colour'"));
    CU_ASSERT(tf_problem(f, 15, "'maybe' is not a choice"));
    CU_ASSERT(tf_problem(f, 16, "'has' needs a multi question"));
    CU_ASSERT(tf_problem(f, 17, "'all' needs a non-empty list"));
    CU_ASSERT(tf_problem(f, 18, "not closed"));
    CU_ASSERT(tf_problem(f, 19, "must be escaped"));
    CU_ASSERT(tf_problem(f, 20, "matrix needs rows"));
    CU_ASSERT(tf_problem(f, 21, "'check' must be a function"));
    CU_ASSERT(tf_problem(f, 22, "cannot refer to the matrix"));
    for (size_t i = 0; i < f->nproblems; i++) {
        CU_ASSERT(f->problems[i].line >= 3 && f->problems[i].line <= 22);
        CU_ASSERT(i == 0 || f->problems[i - 1].line <= f->problems[i].line);
    }
    amb_form_free(f);
}

static void test_form_level(void)
{
    amb_error err;
    amb_form *f = NULL;
    CU_ASSERT_EQUAL(amb_form_load_string("x = 1", "n.lua", NULL, &f, &err),
                    AMB_ECONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no form"));
    CU_ASSERT_EQUAL(amb_form_load_string("form {}\nerror('stop')", "e.lua",
                                         NULL, &f, &err), AMB_ERR);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "e.lua:2:"));
    CU_ASSERT_NOT_EQUAL(amb_form_load_string("form 'x'", "s.lua", NULL, &f,
                                             &err), 0);
    amb_lua_limits lim = {4u * 1024u * 1024u, 100000};
    CU_ASSERT_EQUAL(amb_form_load_string("while true do end", "l.lua", &lim,
                                         &f, &err), AMB_ELIMIT);
    CU_ASSERT_EQUAL(amb_form_load_string("local t = {} for i = 1, 1e9 do "
                                         "t[i] = ('x'):rep(100) .. i end",
                                         "m.lua", &lim, &f, &err),
                    AMB_ELIMIT);
    CU_ASSERT_PTR_NULL(f);
    f = tf_load("form { id = 'e', pages = {} }\nform { id = 'f' }");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT(tf_problem(f, 1, "needs pages"));
    CU_ASSERT(tf_problem(f, 1, "missing Danish title"));
    CU_ASSERT(tf_problem(f, 0, "more than one form"));
    amb_form_free(f);
    f = tf_load("form { id = 'e', title = 'E', pages = { page { id = 'p',\n"
                "title = 'P', questions = { 1, { id = 'x', type = 'text',"
                " label = 'X' } } } } }");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT(tf_problem(f, 1, "question 1 is not a table"));
    CU_ASSERT_EQUAL(amb_form_find(f, "x")->line, 1);  /* the page's line */
    amb_form_free(f);
}

static void test_pattern(void)
{
    amb_error why;
    static const char *const good[] = {"^%d%d%d%d$", "[%w._-]+@[%w.-]+%.%a+",
                                       "^[^%s]+$", "a?b*c+.", "%$", "[]x]"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CU_ASSERT_EQUAL(amb_form_pattern_check(good[i], &why), 0);
    static const char *const bad[] = {"", "(a)", "%b()", "%f[%w]", "a-",
                                      "*a", "a$b", "%1", "[a", "x^"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_EQUAL(amb_form_pattern_check(bad[i], &why), -1);
    char *re = amb_form_pattern_regex("^%d%d%.[%a_]+{x}$");
    CU_ASSERT_STRING_EQUAL(re, "^[0-9][0-9]\\.[A-Za-z_]+\\{x\\}$");
    free(re);
}

static void test_shipped(void)
{
    char *path = amb_path_join(amb_test_srcdir(), "forms/employer_needs.lua");
    amb_error err;
    amb_form *f = NULL;
    CU_ASSERT_EQUAL_FATAL(amb_form_load(path, NULL, &f, &err), 0);
    CU_ASSERT_EQUAL(f->nproblems, 0);
    CU_ASSERT(f->nquestions >= 15 && f->nquestions <= 20);
    CU_ASSERT(f->npages >= 3);
    static const char *const ids[] = {"recruit_failed", "production_limited",
                                      "competence_gap", "recruited", "cvr",
                                      "municipality", "expected_hiring"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        CU_ASSERT_PTR_NOT_NULL(amb_form_find(f, ids[i]));
    CU_ASSERT_EQUAL(amb_form_find(f, "recruit_failed")->type, AMB_FORM_YESNO);
    /* Page "failed" follows "recruitment", and skip logic skips it whole
     * unless a recruitment failed: every question needs recruit_failed =
     * yes. */
    size_t p = 0;
    while (p < f->npages && strcmp(f->pages[p].id, "failed") != 0)
        p++;
    CU_ASSERT_FATAL(p > 0 && p + 1 < f->npages);
    CU_ASSERT_STRING_EQUAL(f->pages[p - 1].id, "recruitment");
    CU_ASSERT_STRING_EQUAL(f->pages[p + 1].id, "future");
    CU_ASSERT_STRING_EQUAL(amb_form_tr(&f->pages[p].title, "en"),
                           "Failed recruitment");
    const amb_form_page *pg = &f->pages[p];
    CU_ASSERT_EQUAL(pg->count, 5);
    CU_ASSERT_STRING_EQUAL(f->questions[pg->first].id, "n_failed");
    amb_form_answers no = {0}, yes = {0};
    amb_form_answers_set1(&no, "recruited", "yes");
    amb_form_answers_set1(&no, "recruit_failed", "no");
    amb_form_answers_set1(&yes, "recruited", "yes");
    amb_form_answers_set1(&yes, "recruit_failed", "yes");
    for (size_t k = pg->first; k < pg->first + pg->count; k++) {
        CU_ASSERT_FALSE(amb_form_relevant(f, &f->questions[k], &no));
        CU_ASSERT_TRUE(amb_form_relevant(f, &f->questions[k], &yes));
    }
    amb_form_answers_free(&no);
    amb_form_answers_free(&yes);
    amb_form_free(f);
    free(path);
}

void tf_register_dsl(void)
{
    AMB_TEST_SUITE("form_dsl", {"all types", test_all_types},
                   {"problems with file:line", test_problems},
                   {"form-level errors and limits", test_form_level},
                   {"pattern subset", test_pattern},
                   {"shipped employer_needs", test_shipped});
}
