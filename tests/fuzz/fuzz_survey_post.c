/*
 * fuzz_survey_post.c - libFuzzer target for the web form's post decoder
 * (core/survey_post.c) and what the server does with its result.
 *
 * The input is a request body.  Decoding must either fail with a message
 * or give fields whose names are 1..128 bytes of [A-Za-z0-9_.-] and whose
 * values hold no NUL and are as long as value_len says.  The fields are
 * then mapped onto the page of a fixed form (every problem with a
 * message), validated, and the page is rendered with the answers and the
 * problems: since the form has no skip logic, the number of '<' and '"' in
 * the page must not depend on what was posted (beyond the value="..."
 * of an answered text input), or a value escaped the escaper.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "survey_page.h"
#include "survey_post.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed[] =
    "form { id = 'f', title = 'F', pages = { page { id = 'p', title = 'P', questions = {\n"
    " single { id = 's', label = 'S', required = true, choices = { { 'a', da = 'A' }, { 'b', da = 'B' } } },\n"
    " multi { id = 'm', label = 'M', max = 2, choices = { { 'x', da = 'X' }, { 'y.z', da = 'Y' } } },\n"
    " integer { id = 'i', label = 'I', min = 0, max = 100 },\n"
    " text { id = 't', label = 'T', pattern = '^[%w%-]+@?%d*$' },\n"
    " longtext { id = 'l', label = 'L' },\n"
    " matrix { id = 'x', label = 'X', rows = { { 'r', da = 'R' }, { 'q', da = 'Q' } }, choices = { { 'lo', da = 'L' } } },\n"
    " municipality { id = 'k', label = 'K' },\n"
    "} } } }\n";

static amb_form *form;
static size_t base_lt, base_quot;

static void count(const amb_buf *b, size_t *lt, size_t *quot)
{
    *lt = *quot = 0;
    for (size_t i = 0; i < b->len; i++) {
        *lt += b->data[i] == '<';
        *quot += b->data[i] == '"';
    }
}

/* The page with answers and no problems. */
static void render(const amb_form_answers *as, amb_buf *out)
{
    amb_survey_view v = {form, NULL, "abc", "da", "00", NULL, 0, as, NULL, 0};
    amb_survey_render_form(&v, out);
}

static void setup(void)
{
    amb_error err;
    if (amb_form_load_string(fixed, "fuzz.lua", NULL, &form, &err) != 0 ||
        form->nproblems)
        abort();
    amb_form_answers none = {0};
    amb_buf b = {0};
    render(&none, &b);
    count(&b, &base_lt, &base_quot);
    amb_buf_free(&b);
}

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!form)
        setup();
    amb_post p;
    amb_error err;
    err.msg[0] = '\0';
    if (amb_post_decode((const char *)data, size, &p, &err) != 0) {
        if (!err.msg[0] || p.fields || p.n)
            abort();
        return 0;
    }
    for (size_t i = 0; i < p.n; i++) {
        size_t nl = strlen(p.fields[i].name);
        if (nl == 0 || nl > AMB_POST_MAX_NAME ||
            strlen(p.fields[i].value) != p.fields[i].value_len)
            abort();
        for (size_t k = 0; k < nl; k++)
            if (!name_char(p.fields[i].name[k]))
                abort();
        size_t n = 0;
        if (!amb_post_get(&p, p.fields[i].name, &n) || n == 0)
            abort();
    }
    amb_form_answers as = {0};
    amb_post_errors es = {0};
    size_t problems = amb_post_page_answers(form, 0, &p, "en", &as, &es);
    if (problems != es.n)
        abort();
    for (size_t i = 0; i < es.n; i++)
        if (!es.e[i].msg || !es.e[i].msg[0])
            abort();
    for (size_t i = 0; i < as.n; i++) {
        const amb_form_question *q = amb_form_find(form, as.a[i].id);
        char *msg = NULL;
        if (!q)
            abort();
        int rc = amb_form_validate_answer(form, q, &as.a[i].value, &as,
                                          "da", &msg);
        if ((rc != 0) != (msg != NULL))
            abort();
        free(msg);
    }
    amb_buf b = {0};
    render(&as, &b);
    size_t lt, quot;
    count(&b, &lt, &quot);
    /* a one-line text input gets a value="..." attribute when answered */
    size_t want_quot = base_quot;
    want_quot += amb_form_answers_get(&as, "i") ? 2 : 0;
    want_quot += amb_form_answers_get(&as, "t") ? 2 : 0;
    if (lt != base_lt || quot != want_quot)
        abort();
    amb_buf_free(&b);
    amb_form_answers_free(&as);
    amb_post_errors_free(&es);
    amb_post_free(&p);
    return 0;
}
