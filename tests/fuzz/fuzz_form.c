/*
 * fuzz_form.c - libFuzzer target for survey forms.
 *
 * First byte even: the rest is a form file; it must load or fail with a
 * message, and a clean form must render as HTML and as an XForm.  First
 * byte odd: the second byte picks a question of a fixed form, the rest is
 * split at LF into the items of an answer that is validated (a message
 * exactly when rejected), stored and used for every relevance; the whole
 * rest is also parsed as a number (finite, |x| <= 1e15 when accepted) and
 * checked as a pattern.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed[] =
    "form { id = 'f', title = 'F', pages = { page { id = 'p', title = 'P', questions = {\n"
    " single { id = 's', label = 'S', required = true, choices = { { 'a', da = 'A' }, { 'b', da = 'B' } } },\n"
    " multi { id = 'm', label = 'M', max = 2, choices = { { 'x', da = 'X' }, { 'y', da = 'Y' } } },\n"
    " integer { id = 'i', label = 'I', min = 0, max = 100 },\n"
    " decimal { id = 'd', label = 'D' },\n"
    " text { id = 't', label = 'T', pattern = '^[%w%-]+@?%d*$' },\n"
    " matrix { id = 'x', label = 'X', rows = { { 'r', da = 'R' } }, choices = { { 'lo', da = 'L' } } },\n"
    " municipality { id = 'k', label = 'K', relevant = { any = { { q = 's', eq = 'a' }, { q = 'm', has = 'y' } } } },\n"
    " longtext { id = 'l', label = 'L', relevant = { all = { { q = 'i', gt = 3 }, { none = { { q = 'd', le = 0 } } } } },\n"
    "   check = function(v, a) if #v > 3 then return { da = 'lang', en = 'long' } end end },\n"
    "} } } }\n";

static void run_form(const char *src)
{
    amb_lua_limits lim = {8u * 1024u * 1024u, 200000};
    amb_error err;
    amb_form *f = NULL;
    if (amb_form_load_string(src, "fuzz.lua", &lim, &f, &err) != 0) {
        if (!err.msg[0])
            abort();
        return;
    }
    if (f->nproblems == 0) {
        char *buf = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&buf, &len);
        if (fp) {
            amb_form_preview(f, "en", fp, &err);
            fclose(fp);
        }
        free(buf);
        amb_form_xform(f, "/dev/null", &err);
    }
    amb_form_free(f);
}

static void run_answer(const amb_form *f, unsigned pick, const char *rest)
{
    const amb_form_question *q = &f->questions[pick % f->nquestions];
    char *copy = strdup(rest);
    char *items[64];
    size_t n = 0;
    for (char *save = NULL, *tok = strtok_r(copy, "\n", &save);
         tok && n < 64; tok = strtok_r(NULL, "\n", &save))
        items[n++] = tok;
    amb_form_answers as = {0};
    amb_form_answers_set(&as, q->id, (const char *const *)items, n);
    amb_form_value v = {items, n};
    char *msg = NULL;
    int rc = amb_form_validate_answer(f, q, &v, &as, "da", &msg);
    if ((rc == 0) != (msg == NULL))
        abort();
    free(msg);
    for (size_t i = 0; i < f->nquestions; i++)
        amb_form_relevant(f, &f->questions[i], &as);
    amb_form_answers_free(&as);
    free(copy);
    double x;
    if (amb_form_parse_number(rest, pick & 2, &x) == 0 &&
        (!isfinite(x) || fabs(x) > 1e15))
        abort();
    amb_error why;
    if (amb_form_pattern_check(rest, &why) == 0)
        free(amb_form_pattern_regex(rest));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static amb_form *form;
    if (!form) {
        amb_error err;
        if (amb_form_load_string(fixed, "fixed.lua", NULL, &form, &err) != 0 ||
            form->nproblems)
            abort();
    }
    if (size < 2 || size > 16384)
        return 0;
    char *s = malloc(size - 1);
    if (!s)
        return 0;
    memcpy(s, data + 2, size - 2);
    s[size - 2] = '\0';
    if (data[0] & 1)
        run_answer(form, data[1], s);
    else
        run_form(s);
    free(s);
    return 0;
}
