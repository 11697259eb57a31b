/*
 * test_survey_post.c - the web form's post decoder and its mapping of a
 * page's fields to answers, with hostile input: bad escapes, NUL bytes,
 * invalid UTF-8, overlong bodies and names, too many fields, unknown
 * fields, values outside the choices, repeated fields, script in text.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "survey_post.h"
#include "testutil.h"

/* Decode s; returns the rc and leaves the fields in *p (freed by the
 * caller on 0). */
static int dec(const char *s, amb_post *p, amb_error *err)
{
    return amb_post_decode(s, strlen(s), p, err);
}

static void test_decode_basic(void)
{
    amb_post p;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(dec("a=1&b=x+y&c=%41%c3%a6%C3%B8&d=&e", &p, &err),
                          0);
    CU_ASSERT_EQUAL_FATAL(p.n, 5);
    CU_ASSERT_STRING_EQUAL(p.fields[0].name, "a");
    CU_ASSERT_STRING_EQUAL(p.fields[0].value, "1");
    CU_ASSERT_STRING_EQUAL(p.fields[1].value, "x y");
    CU_ASSERT_STRING_EQUAL(p.fields[2].value, "A\xc3\xa6\xc3\xb8");
    CU_ASSERT_EQUAL(p.fields[2].value_len, 5);
    CU_ASSERT_STRING_EQUAL(p.fields[3].value, "");
    CU_ASSERT_STRING_EQUAL(p.fields[4].name, "e");
    CU_ASSERT_STRING_EQUAL(p.fields[4].value, "");
    amb_post_free(&p);

    CU_ASSERT_EQUAL_FATAL(dec("", &p, &err), 0);
    CU_ASSERT_EQUAL(p.n, 0);
    amb_post_free(&p);
    CU_ASSERT_EQUAL_FATAL(dec("&&x=1&&", &p, &err), 0);
    CU_ASSERT_EQUAL(p.n, 1);
    amb_post_free(&p);

    /* a value may hold '=' and encoded '&' */
    CU_ASSERT_EQUAL_FATAL(dec("q=a=b%26c&q=2&m.row-1=z", &p, &err), 0);
    CU_ASSERT_STRING_EQUAL(p.fields[0].value, "a=b&c");
    size_t n = 0;
    CU_ASSERT_STRING_EQUAL(amb_post_get(&p, "q", &n), "a=b&c");
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_PTR_NULL(amb_post_get(&p, "none", &n));
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_STRING_EQUAL(amb_post_get(&p, "m.row-1", NULL), "z");
    amb_post_free(&p);
    amb_post_free(NULL);

    /* a body need not be NUL-terminated */
    char raw[3] = {'a', '=', 'b'};
    CU_ASSERT_EQUAL_FATAL(amb_post_decode(raw, 3, &p, &err), 0);
    CU_ASSERT_STRING_EQUAL(p.fields[0].value, "b");
    amb_post_free(&p);
}

static void expect_bad(const char *body, int rc, const char *msg)
{
    amb_post p;
    amb_error err;
    err.msg[0] = '\0';
    CU_ASSERT_EQUAL(dec(body, &p, &err), rc);
    if (!strstr(err.msg, msg)) {
        fprintf(stderr, "\n%s: message '%s' lacks '%s'\n", body, err.msg,
                msg);
        CU_FAIL("error message");
    }
    CU_ASSERT_PTR_NULL(p.fields);
    CU_ASSERT_EQUAL(p.n, 0);
}

static void test_decode_hostile(void)
{
    expect_bad("a=%", AMB_EPARSE, "field 1 (a): invalid percent escape");
    expect_bad("a=1&b=%4", AMB_EPARSE, "field 2 (b): invalid percent escape");
    expect_bad("a=%zz", AMB_EPARSE, "invalid percent escape");
    expect_bad("a=%G0", AMB_EPARSE, "invalid percent escape");
    expect_bad("a%=1", AMB_EPARSE, "field 1: invalid percent escape");
    expect_bad("a=x%00y", AMB_EPARSE, "NUL byte");
    expect_bad("a%00b=1", AMB_EPARSE, "NUL byte");
    expect_bad("a=%ff", AMB_EPARSE, "not UTF-8");
    expect_bad("a=%c0%af", AMB_EPARSE, "not UTF-8");          /* overlong */
    expect_bad("a=%ed%a0%80", AMB_EPARSE, "not UTF-8");       /* surrogate */
    expect_bad("a=%f4%90%80%80", AMB_EPARSE, "not UTF-8");    /* > U+10FFFF */
    expect_bad("a=%e2%82", AMB_EPARSE, "not UTF-8");          /* truncated */
    expect_bad("a=\xc3", AMB_EPARSE, "not UTF-8");            /* raw byte */
    expect_bad("=1", AMB_EPARSE, "the name is empty");
    expect_bad("%3Cscript%3E=1", AMB_EPARSE, "field 1: the name");
    expect_bad("a b=1", AMB_EPARSE, "field 1: the name");
    expect_bad("a+b=1", AMB_EPARSE, "field 1: the name");

    char name[AMB_POST_MAX_NAME + 4];
    memset(name, 'n', AMB_POST_MAX_NAME + 1);
    strcpy(name + AMB_POST_MAX_NAME + 1, "=1");
    expect_bad(name, AMB_EPARSE, "longer than 128");
    name[AMB_POST_MAX_NAME] = '=';           /* exactly 128: fine */
    amb_post p;
    amb_error err;
    CU_ASSERT_EQUAL(dec(name, &p, &err), 0);
    amb_post_free(&p);

    /* overlong body */
    size_t big = AMB_POST_MAX_BODY + 1;
    char *b = malloc(big + 1);
    memset(b, 'x', big);
    memcpy(b, "a=", 2);
    b[big] = '\0';
    expect_bad(b, AMB_ELIMIT, "more than 65536");
    b[big - 1] = '\0';                       /* exactly the cap: fine */
    CU_ASSERT_EQUAL(dec(b, &p, &err), 0);
    CU_ASSERT_EQUAL(p.fields[0].value_len, AMB_POST_MAX_BODY - 2);
    amb_post_free(&p);
    free(b);

    /* too many fields, and too many separators */
    amb_buf many = {0};
    for (int i = 0; i <= AMB_POST_MAX_FIELDS; i++)
        amb_buf_puts(&many, i ? "&f=1" : "f=1");
    expect_bad(many.data, AMB_ELIMIT, "more than 512 fields");
    amb_buf_reset(&many);
    for (int i = 0; i < AMB_POST_MAX_FIELDS; i++)
        amb_buf_puts(&many, i ? "&f=1" : "f=1");
    CU_ASSERT_EQUAL(dec(many.data, &p, &err), 0);
    CU_ASSERT_EQUAL(p.n, AMB_POST_MAX_FIELDS);
    amb_post_free(&p);
    amb_buf_reset(&many);
    for (int i = 0; i < 3 * AMB_POST_MAX_FIELDS; i++)
        amb_buf_putc(&many, '&');
    expect_bad(many.data, AMB_ELIMIT, "more than 512 fields");
    amb_buf_free(&many);
}

/* ------------------------------------------------------------- mapping */

static const char form_src[] =
    "form { id = 'f', title = { da = 'F' }, pages = {\n"
    "  page { id = 'p1', title = { da = 'P1' }, questions = {\n"
    "    single { id = 'size', label = { da = 'Size' }, required = true,\n"
    "             choices = { { 'small', da = 'S' }, { 'big', da = 'B' } } },\n"
    "    multi { id = 'why', label = { da = 'Why' },\n"
    "            choices = { { 'a', da = 'A' }, { 'b.c', da = 'BC' } } },\n"
    "    matrix { id = 'grid', label = { da = 'Grid' },\n"
    "             rows = { { 'r1', da = 'R1' }, { 'r2', da = 'R2' } },\n"
    "             choices = { { 'lo', da = 'Lo' }, { 'hi', da = 'Hi' } } },\n"
    "    text { id = 'note', label = { da = 'Note' } },\n"
    "    integer { id = 'n', label = { da = 'N' } },\n"
    "    yesno { id = 'ok', label = { da = 'OK' } },\n"
    "    municipality { id = 'mun', label = { da = 'Kommune' } },\n"
    "  } },\n"
    "  page { id = 'p2', title = { da = 'P2' }, questions = {\n"
    "    longtext { id = 'more', label = { da = 'More' } } } },\n"
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

/* Map body for page 0; returns the number of problems. */
static size_t map(amb_form *f, const char *body, size_t page,
                  amb_form_answers *as, amb_post_errors *es)
{
    amb_post p;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(dec(body, &p, &err), 0);
    size_t n = amb_post_page_answers(f, page, &p, "en", as, es);
    amb_post_free(&p);
    return n;
}

static void test_map_good(void)
{
    amb_form *f = load();
    amb_form_answers as = {0};
    amb_post_errors es = {0};
    CU_ASSERT_EQUAL(map(f, "csrf=x&page=0&lang=da&action=next&size=big&"
                        "why=a&why=b.c&grid.r2=hi&grid.r1=&"
                        "note=%3Cscript%3Ealert(1)%3C%2Fscript%3E&n=+12+&"
                        "ok=yes&mun=851", 0, &as, &es), 0);
    const amb_form_value *v = amb_form_answers_get(&as, "size");
    CU_ASSERT_TRUE(v && v->n == 1 && strcmp(v->items[0], "big") == 0);
    v = amb_form_answers_get(&as, "why");
    CU_ASSERT_TRUE(v && v->n == 2 && strcmp(v->items[1], "b.c") == 0);
    v = amb_form_answers_get(&as, "grid");
    CU_ASSERT_TRUE(v && v->n == 1 && strcmp(v->items[0], "r2=hi") == 0);
    v = amb_form_answers_get(&as, "note");      /* text stays text */
    CU_ASSERT_TRUE(v && strcmp(v->items[0], "<script>alert(1)</script>")
                   == 0);
    v = amb_form_answers_get(&as, "n");         /* numbers are trimmed */
    CU_ASSERT_TRUE(v && strcmp(v->items[0], "12") == 0);
    v = amb_form_answers_get(&as, "mun");
    CU_ASSERT_TRUE(v && strcmp(v->items[0], "851") == 0);
    amb_form_answers_free(&as);

    /* blank values are no answer; unchecked boxes are absent */
    CU_ASSERT_EQUAL(map(f, "size=&note=+++&n=", 0, &as, &es), 0);
    CU_ASSERT_EQUAL(as.n, 0);
    CU_ASSERT_EQUAL(es.n, 0);
    amb_form_answers_free(&as);
    amb_post_errors_free(&es);
    amb_form_free(f);
}

static void expect_problem(amb_form *f, const char *body, const char *qid,
                           const char *msg)
{
    amb_form_answers as = {0};
    amb_post_errors es = {0};
    CU_ASSERT_EQUAL(map(f, body, 0, &as, &es), 1);
    if (es.n == 1) {
        if (qid) {
            CU_ASSERT_TRUE(es.e[0].qid && strcmp(es.e[0].qid, qid) == 0);
        } else {
            CU_ASSERT_PTR_NULL(es.e[0].qid);
        }
        CU_ASSERT_PTR_NOT_NULL(strstr(es.e[0].msg, msg));
        /* a rejected question gets no answer */
        if (qid) {
            CU_ASSERT_PTR_NULL(amb_form_answers_get(&as, qid));
        }
    }
    amb_form_answers_free(&as);
    amb_post_errors_free(&es);
}

static void test_map_hostile(void)
{
    amb_form *f = load();
    expect_problem(f, "size=big&admin=1", NULL, "does not belong to this "
                   "page (admin)");
    expect_problem(f, "size=big&more=x", NULL, "(more)");  /* page 2's */
    expect_problem(f, "grid=lo", NULL, "(grid)");          /* row missing */
    expect_problem(f, "grid.r9=lo", NULL, "(grid.r9)");
    expect_problem(f, "size.r1=lo", NULL, "(size.r1)");
    expect_problem(f, "size=huge", "size", "Choose one of the options.");
    expect_problem(f, "size=big&size=small", "size", "Give one answer.");
    expect_problem(f, "note=a&note=b", "note", "Give one answer.");
    expect_problem(f, "ok=maybe", "ok", "Choose one of the options.");
    expect_problem(f, "mun=999", "mun", "Choose one of the options.");
    expect_problem(f, "why=a&why=a", "why", "Choose among the options.");
    expect_problem(f, "why=zzz", "why", "Choose among the options.");
    expect_problem(f, "why=", "why", "Choose among the options.");
    expect_problem(f, "grid.r1=lo&grid.r1=hi", "grid", "each row");
    expect_problem(f, "grid.r1=mid", "grid", "Choose one of the options.");

    /* the other questions still map; one problem per question */
    amb_form_answers as = {0};
    amb_post_errors es = {0};
    CU_ASSERT_EQUAL(map(f, "size=x&size=y&ok=no&x=1&y=2", 0, &as, &es), 2);
    CU_ASSERT_PTR_NOT_NULL(amb_form_answers_get(&as, "ok"));
    CU_ASSERT_PTR_NOT_NULL(amb_post_errors_get(&es, "size"));
    CU_ASSERT_PTR_NULL(amb_post_errors_get(&es, "ok"));
    amb_form_answers_free(&as);
    amb_post_errors_free(&es);

    /* Danish messages, and page 2 maps its own field */
    amb_post p;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(dec("more=line1%0D%0Aline2&size=big", &p, &err), 0);
    CU_ASSERT_EQUAL(amb_post_page_answers(f, 1, &p, "da", &as, &es), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(es.e[0].msg, "hører ikke til") ||
                           strstr(es.e[0].msg, "ikke hører til"));
    const amb_form_value *v = amb_form_answers_get(&as, "more");
    CU_ASSERT_TRUE(v && strcmp(v->items[0], "line1\r\nline2") == 0);
    /* a page out of range maps nothing */
    CU_ASSERT_EQUAL(amb_post_page_answers(f, 7, &p, "da", &as, &es), 0);
    amb_post_free(&p);
    amb_form_answers_free(&as);
    amb_post_errors_free(&es);
    amb_form_free(f);
}

static void test_errors(void)
{
    amb_post_errors es = {0};
    amb_post_errors_add(&es, "a", amb_xstrdup("first"));
    amb_post_errors_add(&es, "a", amb_xstrdup("second"));
    amb_post_errors_add(&es, NULL, amb_xstrdup("page"));
    amb_post_errors_add(&es, NULL, amb_xstrdup("page 2"));
    CU_ASSERT_EQUAL(es.n, 3);
    CU_ASSERT_STRING_EQUAL(amb_post_errors_get(&es, "a"), "first");
    CU_ASSERT_PTR_NULL(amb_post_errors_get(&es, "b"));
    CU_ASSERT_PTR_NULL(amb_post_errors_get(&es, NULL));
    CU_ASSERT_TRUE(amb_post_is_control("csrf") && amb_post_is_control("page")
                   && amb_post_is_control("lang") &&
                   amb_post_is_control("action"));
    CU_ASSERT_FALSE(amb_post_is_control("size"));
    amb_post_errors_free(&es);
}

int main(void)
{
    AMB_TEST_SUITE("survey_post",
                   {"decode", test_decode_basic},
                   {"decode hostile", test_decode_hostile},
                   {"map", test_map_good},
                   {"map hostile", test_map_hostile},
                   {"errors", test_errors});
    return amb_test_run();
}
