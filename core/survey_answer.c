/*
 * survey_answer.c - a response as JSON turned into form answers and
 * validated through the form API (form.h), question by question.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "survey.h"

/* One JSON scalar as answer text (malloc'd), or NULL when it is not one. */
static char *scalar_text(json_t *v)
{
    if (json_is_string(v))
        return amb_xstrdup(json_string_value(v));
    if (json_is_integer(v))
        return amb_xasprintf("%lld", (long long)json_integer_value(v));
    if (json_is_real(v)) {
        char buf[40];
        amb_format_number(json_real_value(v), buf);
        return amb_xstrdup(buf);
    }
    if (json_is_boolean(v))
        return amb_xstrdup(json_is_true(v) ? "yes" : "no");
    return NULL;
}

/* The items of one JSON value into an array (caller frees each and it);
 * -1 when the value has no answer shape. */
static int to_items(json_t *v, char ***items, size_t *n)
{
    *items = NULL;
    *n = 0;
    if (json_is_null(v))
        return 0;
    char *one = scalar_text(v);
    if (one) {
        *items = amb_xmalloc(sizeof **items);
        (*items)[(*n)++] = one;
        return 0;
    }
    size_t cap = json_is_array(v) ? json_array_size(v)
                 : json_is_object(v) ? json_object_size(v) : 0;
    if (!json_is_array(v) && !json_is_object(v))
        return -1;
    *items = amb_xcalloc(cap ? cap : 1, sizeof **items);
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            char *t = scalar_text(e);
            if (!t)
                return -1;
            (*items)[(*n)++] = t;
        }
    } else {
        const char *k;
        json_t *e;
        json_object_foreach(v, k, e) {
            char *t = scalar_text(e);
            if (!t)
                return -1;
            (*items)[(*n)++] = amb_xasprintf("%s=%s", k, t);
            free(t);
        }
    }
    return 0;
}

static void free_items(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

size_t amb_survey_check_answers(const amb_form *f, json_t *obj,
                                amb_form_answers *out, amb_buf *problems)
{
    size_t nprob = 0;
    if (!json_is_object(obj)) {
        amb_buf_puts(problems, "the answers are not a JSON object\n");
        return 1;
    }
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        if (!amb_form_find(f, k)) {
            amb_buf_printf(problems, "question '%s': not in form %s\n", k,
                           f->id);
            nprob++;
            continue;
        }
        char **items;
        size_t n;
        if (to_items(v, &items, &n)) {
            amb_buf_printf(problems, "question '%s': not a value, a list of "
                           "values or an object of rows\n", k);
            nprob++;
        } else {
            amb_form_answers_set(out, k, (const char *const *)items, n);
        }
        free_items(items, n);
    }
    static const amb_form_value none = {NULL, 0};
    for (size_t i = 0; i < f->nquestions; i++) {
        const amb_form_question *q = &f->questions[i];
        const amb_form_value *raw = amb_form_answers_get(out, q->id);
        char *msg = NULL;
        if (amb_form_validate_answer(f, q, raw ? raw : &none, out, "en",
                                     &msg) != 0) {
            amb_buf_printf(problems, "question '%s': %s\n", q->id,
                           msg ? msg : "invalid");
            nprob++;
        }
        free(msg);
    }
    return nprob;
}
