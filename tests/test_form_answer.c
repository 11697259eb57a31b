/*
 * test_form_answer.c - numbers, answers per type, relevance, hostile
 * input and the check function in the sandbox.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "test_form.h"
#include "testutil.h"

static const char form_src[] =
    "form { id = 'a', title = 'A', pages = { page { id = 'p', title = 'P', questions = {\n"
    "  single { id = 's', label = 'S', required = true, choices = { { 'a', da = 'A' }, { 'b', da = 'B' } } },\n"
    "  multi { id = 'm', label = 'M', min = 1, max = 2, choices = { { 'x', da = 'X' }, { 'y', da = 'Y' }, { 'z', da = 'Z' } } },\n"
    "  yesno { id = 'yn', label = 'YN' },\n"
    "  integer { id = 'i', label = 'I', min = 0, max = 1000000 },\n"
    "  decimal { id = 'd', label = 'D', min = -10, max = 10000 },\n"
    "  text { id = 't', label = 'T', pattern = '^%d%d%d%d%d%d%d%d$', message = { da = 'otte cifre', en = 'eight digits' } },\n"
    "  longtext { id = 'lt', label = 'LT', max = 10 },\n"
    "  likert { id = 'lk', label = 'LK' },\n"
    "  matrix { id = 'mx', label = 'MX', required = true, rows = { { 'r1', da = 'R1' }, { 'r2', da = 'R2' } },\n"
    "    choices = { { 'lo', da = 'L' }, { 'hi', da = 'H' } } },\n"
    "  municipality { id = 'mu', label = 'K' },\n"
    "  occupation { id = 'oc', label = 'O', max = 20 },\n"
    "  text { id = 'ck', label = 'CK', check = function(v, a)\n"
    "    if v == 'bad' then return { da = 'dårlig', en = 'bad' } end\n"
    "    if v == 'loop' then while true do end end\n"
    "    if v == 'mem' then local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(1000) .. i end end\n"
    "    if v == 'err' then error('boom') end\n"
    "    if v == 'str' then return 'plain ' .. tostring(a.s) .. ' ' .. tostring(a.m and a.m[1]) end end },\n"
    "  yesno { id = 'rec', label = 'R', relevant = { q = 'yn', eq = 'yes' } },\n"
    "  integer { id = 'n', label = 'N', relevant = { q = 'rec', eq = 'yes' } },\n"
    "  text { id = 'big', label = 'B', relevant = { q = 'n', gt = 0 } },\n"
    "  text { id = 'le', label = 'LE', relevant = { all = { { q = 'd', ge = 1.5 }, { q = 'd', le = 2 } } } },\n"
    "  text { id = 'hs', label = 'HS', relevant = { q = 'm', has = 'y' } },\n"
    "  text { id = 'an', label = 'AN', relevant = { any = { { q = 's', eq = 'a' }, { q = 'i', lt = 0 } } } },\n"
    "  text { id = 'no', label = 'NO', relevant = { none = { { q = 's', ne = 'b' } } } },\n"
    "} } } }\n";

static amb_form *form;
static amb_form_answers answers;

/* Validate one value of q; 0 valid, else the status (message freed). */
static int v1(const char *q, const char *value)
{
    amb_form_value v = {(char **)&value, 1};
    char *msg = NULL;
    int rc = amb_form_validate_answer(form, amb_form_find(form, q), &v,
                                      &answers, "da", &msg);
    CU_ASSERT(rc == 0 ? msg == NULL : msg != NULL);
    free(msg);
    return rc;
}

static int vn(const char *q, const char **items, size_t n, const char *lang,
              char **msg)
{
    amb_form_value v = {(char **)items, n};
    return amb_form_validate_answer(form, amb_form_find(form, q), &v,
                                    &answers, lang, msg);
}

static void setup(void)
{
    if (!form)
        form = tf_load(form_src);
    amb_form_answers_free(&answers);
}

static void test_numbers(void)
{
    double x;
    CU_ASSERT(amb_form_parse_number("42", 1, &x) == 0 && x == 42);
    CU_ASSERT(amb_form_parse_number(" -7 ", 1, &x) == 0 && x == -7);
    CU_ASSERT(amb_form_parse_number("1.234", 1, &x) == 0 && x == 1234);
    CU_ASSERT(amb_form_parse_number("1.234.567", 1, &x) == 0 && x == 1234567);
    CU_ASSERT(amb_form_parse_number("1,5", 0, &x) == 0 && x == 1.5);
    CU_ASSERT(amb_form_parse_number("1.5", 0, &x) == 0 && x == 1.5);
    CU_ASSERT(amb_form_parse_number("1.234,5", 0, &x) == 0 && x == 1234.5);
    CU_ASSERT(amb_form_parse_number("1,234.5", 0, &x) == 0 && x == 1234.5);
    static const char *const bad[] = {"", " ", "1,5x", "0x10", "1e5", "inf",
        "nan", "1..2", "12.34.5", "1.2.3", "--1", "1,23,4", ",5", "5,",
        "99999999999999999999", "1e400", "١٢", "1 000", "+"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_EQUAL(amb_form_parse_number(bad[i], 0, &x), -1);
    CU_ASSERT_EQUAL(amb_form_parse_number("1,5", 1, &x), -1);
    CU_ASSERT_EQUAL(amb_form_parse_number("1000000000000001", 1, &x), -1);
}

static void test_types(void)
{
    setup();
    CU_ASSERT_PTR_NOT_NULL_FATAL(form);
    CU_ASSERT_EQUAL(form->nproblems, 0);
    /* single, yesno, likert, municipality: codes among the choices */
    CU_ASSERT_EQUAL(v1("s", "a"), 0);
    CU_ASSERT_EQUAL(v1("s", "c"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("s", "A"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("yn", "yes"), 0);
    CU_ASSERT_EQUAL(v1("yn", "ja"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("lk", "5"), 0);
    CU_ASSERT_EQUAL(v1("lk", "6"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("mu", "851"), 0);
    CU_ASSERT_EQUAL(v1("mu", "101"), AMB_EPARSE);
    /* required */
    CU_ASSERT_EQUAL(v1("s", "  "), AMB_EPARSE);
    char *msg = NULL;
    CU_ASSERT_EQUAL(vn("s", NULL, 0, "da", &msg), AMB_EPARSE);
    free(msg);
    CU_ASSERT_EQUAL(v1("yn", ""), 0);
    /* multi: codes, no duplicates, count in min..max */
    const char *m2[] = {"x", "y"}, *m3[] = {"x", "y", "z"}, *md[] = {"x", "x"};
    const char *mb[] = {"x", "w"};
    CU_ASSERT_EQUAL(vn("m", m2, 2, "da", &msg), 0);
    CU_ASSERT_EQUAL(vn("m", m3, 3, "en", &msg), AMB_EPARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "between 1 and 2"));
    free(msg);
    CU_ASSERT_EQUAL(vn("m", md, 2, "da", &msg), AMB_EPARSE);
    free(msg);
    CU_ASSERT_EQUAL(vn("m", mb, 2, "da", &msg), AMB_EPARSE);
    free(msg);
    /* integer and decimal */
    CU_ASSERT_EQUAL(v1("i", "1.000"), 0);
    CU_ASSERT_EQUAL(v1("i", "2,5"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("i", "-1"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("i", "1000001"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("i", "123456789012345678901234567890"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("d", "3,75"), 0);
    CU_ASSERT_EQUAL(v1("d", "3.75"), 0);
    CU_ASSERT_EQUAL(v1("d", "-10,5"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("d", "abc"), AMB_EPARSE);
    /* text with pattern and its own message */
    CU_ASSERT_EQUAL(v1("t", "12345678"), 0);
    CU_ASSERT_EQUAL(v1("t", "1234567"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("t", "12345678 "), AMB_EPARSE);
    const char *cvr = "12a45678";
    CU_ASSERT_EQUAL(vn("t", &cvr, 1, "en", &msg), AMB_EPARSE);
    CU_ASSERT_STRING_EQUAL(msg, "eight digits");
    free(msg);
    /* longtext: length in characters, newlines allowed */
    CU_ASSERT_EQUAL(v1("lt", "æøå\nÆØÅ"), 0);
    CU_ASSERT_EQUAL(v1("lt", "01234567890"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("oc", "Elektriker"), 0);
    CU_ASSERT_EQUAL(v1("oc", "a\nb"), AMB_EPARSE);
    /* matrix: row=code, every row when required */
    const char *mx[] = {"r1=lo", "r2=hi"}, *mx1[] = {"r1=lo"};
    const char *mxb[] = {"r1=lo", "r1=hi"}, *mxc[] = {"r1=lo", "r3=hi"};
    const char *mxd[] = {"r1=lo", "r2=mid"}, *mxe[] = {"r1lo", "r2=hi"};
    CU_ASSERT_EQUAL(vn("mx", mx, 2, "da", &msg), 0);
    CU_ASSERT_EQUAL(vn("mx", mx1, 1, "da", &msg), AMB_EPARSE);
    free(msg);
    const char *const *bads[] = {mxb, mxc, mxd, mxe};
    for (size_t i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(vn("mx", (const char **)bads[i], 2, "da", &msg),
                        AMB_EPARSE);
        free(msg);
    }
    /* one value only for single-valued types */
    CU_ASSERT_EQUAL(vn("s", m2, 2, "da", &msg), AMB_EPARSE);
    free(msg);
}

static void test_hostile(void)
{
    setup();
    CU_ASSERT_EQUAL(v1("oc", "\xff\xfe"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("oc", "\xc3"), AMB_EPARSE);          /* truncated */
    CU_ASSERT_EQUAL(v1("oc", "\xc0\xaf"), AMB_EPARSE);      /* overlong */
    CU_ASSERT_EQUAL(v1("oc", "\xed\xa0\x80"), AMB_EPARSE);  /* surrogate */
    CU_ASSERT_EQUAL(v1("oc", "a\x1b[2J"), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("s", "a\xff"), AMB_EPARSE);
    /* script text stays text */
    CU_ASSERT_EQUAL(v1("oc", "<script>x</script>"), 0);
    CU_ASSERT_EQUAL(v1("ck", "os.exit(1)"), 0);
    CU_ASSERT_EQUAL(v1("ck", "error('x')"), 0);
    /* a huge value: refused by length, no pattern run */
    size_t n = 1u << 20;
    char *huge = malloc(n + 1);
    memset(huge, '1', n);
    huge[n] = '\0';
    CU_ASSERT_EQUAL(v1("t", huge), AMB_EPARSE);
    CU_ASSERT_EQUAL(v1("i", huge), AMB_EPARSE);
    free(huge);
}

static void test_check(void)
{
    setup();
    char *msg = NULL;
    const char *v = "bad";
    CU_ASSERT_EQUAL(vn("ck", &v, 1, "en", &msg), AMB_EPARSE);
    CU_ASSERT_STRING_EQUAL(msg, "bad");
    free(msg);
    CU_ASSERT_EQUAL(vn("ck", &v, 1, "da", &msg), AMB_EPARSE);
    CU_ASSERT_STRING_EQUAL(msg, "dårlig");
    free(msg);
    amb_form_answers_set1(&answers, "s", "b");
    const char *m[] = {"y", "z"};
    amb_form_answers_set(&answers, "m", m, 2);
    v = "str";
    CU_ASSERT_EQUAL(vn("ck", &v, 1, "da", &msg), AMB_EPARSE);
    CU_ASSERT_STRING_EQUAL(msg, "plain b y");
    free(msg);
    v = "loop";
    CU_ASSERT_EQUAL(vn("ck", &v, 1, "da", &msg), AMB_ELIMIT);
    free(msg);
    v = "mem";
    CU_ASSERT_EQUAL(vn("ck", &v, 1, "da", &msg), AMB_ELIMIT);
    free(msg);
    v = "err";
    CU_ASSERT_EQUAL(vn("ck", &v, 1, "en", &msg), AMB_ERR);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "t.lua:"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "boom"));
    free(msg);
    /* the state stays usable */
    CU_ASSERT_EQUAL(v1("ck", "fine"), 0);
    CU_ASSERT_EQUAL(v1("t", "12345678"), 0);
}

static int rel(const char *q)
{
    return amb_form_relevant(form, amb_form_find(form, q), &answers);
}

static void test_relevance(void)
{
    setup();
    CU_ASSERT_EQUAL(rel("s"), 1);
    CU_ASSERT_EQUAL(rel("rec"), 0);
    amb_form_answers_set1(&answers, "yn", "yes");
    CU_ASSERT_EQUAL(rel("rec"), 1);
    CU_ASSERT_EQUAL(rel("n"), 0);
    amb_form_answers_set1(&answers, "rec", "yes");
    CU_ASSERT_EQUAL(rel("n"), 1);
    CU_ASSERT_EQUAL(rel("big"), 0);
    amb_form_answers_set1(&answers, "n", "3");
    CU_ASSERT_EQUAL(rel("big"), 1);
    /* a non-relevant question counts as unanswered further on */
    amb_form_answers_set1(&answers, "yn", "no");
    CU_ASSERT_EQUAL(rel("n"), 0);
    CU_ASSERT_EQUAL(rel("big"), 0);
    CU_ASSERT_EQUAL(v1("n", "4"), AMB_EPARSE);   /* not asked */
    CU_ASSERT_EQUAL(v1("n", ""), 0);
    /* all with ge/le, Danish decimals in the answer */
    amb_form_answers_set1(&answers, "d", "1,75");
    CU_ASSERT_EQUAL(rel("le"), 1);
    amb_form_answers_set1(&answers, "d", "2,5");
    CU_ASSERT_EQUAL(rel("le"), 0);
    amb_form_answers_set1(&answers, "d", "x");
    CU_ASSERT_EQUAL(rel("le"), 0);
    /* has */
    CU_ASSERT_EQUAL(rel("hs"), 0);
    const char *m[] = {"x", "y"};
    amb_form_answers_set(&answers, "m", m, 2);
    CU_ASSERT_EQUAL(rel("hs"), 1);
    amb_form_answers_set(&answers, "m", m, 1);
    CU_ASSERT_EQUAL(rel("hs"), 0);
    /* any, none (ne on unanswered is true, as in XPath) */
    CU_ASSERT_EQUAL(rel("an"), 0);
    CU_ASSERT_EQUAL(rel("no"), 0);
    amb_form_answers_set1(&answers, "i", "-5");
    CU_ASSERT_EQUAL(rel("an"), 1);
    amb_form_answers_set1(&answers, "i", "5");
    amb_form_answers_set1(&answers, "s", "a");
    CU_ASSERT_EQUAL(rel("an"), 1);
    CU_ASSERT_EQUAL(rel("no"), 0);
    amb_form_answers_set1(&answers, "s", "b");
    CU_ASSERT_EQUAL(rel("an"), 0);
    CU_ASSERT_EQUAL(rel("no"), 1);
    CU_ASSERT_EQUAL(amb_form_relevant(form, NULL, &answers), 0);
    CU_ASSERT_PTR_NULL(amb_form_answers_get(&answers, "nothing"));
}

static void test_teardown(void)
{
    amb_form_answers_free(&answers);
    amb_form_free(form);
    form = NULL;
}

void tf_register_answer(void)
{
    AMB_TEST_SUITE("form_answer", {"numbers", test_numbers},
                   {"every type", test_types},
                   {"hostile input", test_hostile},
                   {"check function in the sandbox", test_check},
                   {"relevance", test_relevance},
                   {"teardown", test_teardown});
}
