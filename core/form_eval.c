/*
 * form_eval.c - the answers map and relevance (skip logic) on the server.
 *
 * Relevance follows XForms: a question that is not relevant counts as
 * unanswered for the questions after it, an unanswered question compares
 * as the empty string (so eq is false and ne true) and as NaN for the
 * number comparisons (all false).  Only references to earlier questions
 * are followed, so a form with problems cannot make evaluation loop.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "form_internal.h"

#define FORM_NUMBER_MAX 1e15

void amb_form_answers_set(amb_form_answers *as, const char *id,
                          const char *const *items, size_t n)
{
    amb_form_answer *a = NULL;
    for (size_t i = 0; i < as->n && !a; i++)
        if (strcmp(as->a[i].id, id) == 0)
            a = &as->a[i];
    if (a) {
        for (size_t i = 0; i < a->value.n; i++)
            free(a->value.items[i]);
        free(a->value.items);
    } else {
        if (as->n == as->cap) {
            as->cap = as->cap ? as->cap * 2 : 16;
            as->a = amb_xrealloc(as->a, as->cap * sizeof *as->a);
        }
        a = &as->a[as->n++];
        a->id = amb_xstrdup(id);
    }
    a->value.n = n;
    a->value.items = n ? amb_xcalloc(n, sizeof(char *)) : NULL;
    for (size_t i = 0; i < n; i++)
        a->value.items[i] = amb_xstrdup(items[i]);
}

void amb_form_answers_set1(amb_form_answers *as, const char *id,
                           const char *value)
{
    amb_form_answers_set(as, id, &value, 1);
}

const amb_form_value *amb_form_answers_get(const amb_form_answers *as,
                                           const char *id)
{
    for (size_t i = 0; as && i < as->n; i++)
        if (strcmp(as->a[i].id, id) == 0)
            return &as->a[i].value;
    return NULL;
}

void amb_form_answers_free(amb_form_answers *as)
{
    for (size_t i = 0; i < as->n; i++) {
        for (size_t j = 0; j < as->a[i].value.n; j++)
            free(as->a[i].value.items[j]);
        free(as->a[i].value.items);
        free(as->a[i].id);
    }
    free(as->a);
    memset(as, 0, sizeof *as);
}

int amb_form_has_choice(const amb_form_question *q, const char *value)
{
    size_t n;
    const amb_form_choice *c = amb_form_choices(q, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].code && strcmp(c[i].code, value) == 0)
            return 1;
    return 0;
}

void amb_form_likert_default(amb_form_question *q)
{
    static const char *const da[] = {"Helt uenig", "Delvist uenig",
                                     "Hverken enig eller uenig",
                                     "Delvist enig", "Helt enig"};
    static const char *const en[] = {"Strongly disagree", "Disagree",
                                     "Neither agree nor disagree", "Agree",
                                     "Strongly agree"};
    q->nchoices = 5;
    q->choices = amb_xcalloc(5, sizeof *q->choices);
    for (size_t i = 0; i < 5; i++) {
        q->choices[i].code = amb_xasprintf("%zu", i + 1);
        q->choices[i].label.da = amb_xstrdup(da[i]);
        q->choices[i].label.en = amb_xstrdup(en[i]);
    }
}

/* ----------------------------------------------------------- numbers */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Copy the digits of s[0..n) into out, checking thousands groups (first
 * 1-3 digits, then exactly 3 after each separator); returns the number
 * of bytes written or -1. */
static int int_part(const char *s, size_t n, char *out)
{
    int o = 0, group = 0, seps = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_digit(s[i])) {
            out[o++] = s[i];
            group++;
        } else if (s[i] == '.' || s[i] == ',') {
            if (group == 0 || (seps ? group != 3 : group > 3))
                return -1;
            seps++;
            group = 0;
        } else {
            return -1;
        }
    }
    if (group == 0 || (seps && group != 3))
        return -1;
    return o;
}

int amb_form_parse_number(const char *s, int integral, double *out)
{
    char clean[64];
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n > 40)
        return -1;
    size_t o = 0, i = 0;
    if (s[0] == '-' || s[0] == '+')
        clean[o++] = s[i++];
    /* The decimal separator: the last '.' or ',' when both occur; a
     * single one unless an integer has exactly three digits after it
     * (then it groups thousands, as in Danish 1.234). */
    size_t ndot = 0, ncomma = 0, last = n;
    for (size_t k = i; k < n; k++)
        if (s[k] == '.' || s[k] == ',') {
            ndot += s[k] == '.';
            ncomma += s[k] == ',';
            last = k;
        }
    int has_dec = 0;
    if (ndot && ncomma)
        has_dec = 1;
    else if (ndot + ncomma == 1)
        has_dec = !(integral && n - last - 1 == 3);
    size_t int_end = has_dec ? last : n;
    int w = int_part(s + i, int_end - i, clean + o);
    if (w < 0)
        return -1;
    o += (size_t)w;
    if (has_dec) {
        if (int_end + 1 >= n)
            return -1;
        for (size_t k = int_end + 1; k < n; k++)
            if (!is_digit(s[k]))
                return -1;
        if (integral)
            return -1;
        clean[o++] = '.';
        memcpy(clean + o, s + int_end + 1, n - int_end - 1);
        o += n - int_end - 1;
    }
    clean[o] = '\0';
    double v = strtod(clean, NULL);
    if (!isfinite(v) || fabs(v) > FORM_NUMBER_MAX)
        return -1;
    *out = v;
    return 0;
}

/* --------------------------------------------------------- relevance */

static int question_index(const amb_form *f, const char *id)
{
    const amb_form_question *q = amb_form_find(f, id);
    return q ? (int)(q - f->questions) : -1;
}

static int relevant_at(const amb_form *f, size_t qi,
                       const amb_form_answers *as);

/* The answer to id as later questions see it, or NULL. */
static const amb_form_value *visible(const amb_form *f, const char *id,
                                     size_t before,
                                     const amb_form_answers *as)
{
    int ri = question_index(f, id);
    if (ri < 0 || (size_t)ri >= before || !relevant_at(f, (size_t)ri, as))
        return NULL;
    const amb_form_value *v = amb_form_answers_get(as, id);
    return v && v->n ? v : NULL;
}

static int eval(const amb_form *f, const amb_form_rel *r, size_t qi,
                const amb_form_answers *as)
{
    switch (r->op) {
    case AMB_REL_ALL:
        for (size_t i = 0; i < r->nkids; i++)
            if (!eval(f, &r->kids[i], qi, as))
                return 0;
        return 1;
    case AMB_REL_ANY:
    case AMB_REL_NONE:
        for (size_t i = 0; i < r->nkids; i++)
            if (eval(f, &r->kids[i], qi, as))
                return r->op == AMB_REL_ANY;
        return r->op == AMB_REL_NONE;
    default:
        break;
    }
    const amb_form_value *v = visible(f, r->q, qi, as);
    const char *text = v ? v->items[0] : "";
    double x;
    int num = amb_form_parse_number(text, 0, &x) == 0;
    switch (r->op) {
    case AMB_REL_EQ:
    case AMB_REL_NE: {
        int eq = r->is_num ? num && x == r->num : strcmp(text, r->value) == 0;
        return r->op == AMB_REL_EQ ? eq : !eq;
    }
    case AMB_REL_GT: return num && x > r->num;
    case AMB_REL_GE: return num && x >= r->num;
    case AMB_REL_LT: return num && x < r->num;
    case AMB_REL_LE: return num && x <= r->num;
    case AMB_REL_HAS:
        for (size_t i = 0; v && i < v->n; i++)
            if (strcmp(v->items[i], r->value) == 0)
                return 1;
        return 0;
    default:
        return 0;
    }
}

static int relevant_at(const amb_form *f, size_t qi,
                       const amb_form_answers *as)
{
    const amb_form_question *q = &f->questions[qi];
    return !q->relevant || eval(f, q->relevant, qi, as);
}

int amb_form_relevant(const amb_form *f, const amb_form_question *q,
                      const amb_form_answers *answers)
{
    if (!q || q < f->questions || q >= f->questions + f->nquestions)
        return 0;
    return relevant_at(f, (size_t)(q - f->questions), answers);
}
