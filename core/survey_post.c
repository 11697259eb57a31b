/*
 * survey_post.c - decoding a form post and mapping it to one page's
 * answers (see survey_post.h for the rules).
 *
 * Why not MHD's post processor: it needs a live connection and hands out
 * values in fragments, while bodies here are capped and decoded whole,
 * which keeps the decoder a plain function a fuzz target reaches directly.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "survey_post.h"
#include "text_clean.h"

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int name_ok(const char *s, size_t n)
{
    if (n == 0 || n > AMB_POST_MAX_NAME)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

/* Decode in[0..n) into out (room for n + 1 bytes): '+' is a space, %XX a
 * byte.  Returns the decoded length, or -1 with *why for a bad escape or
 * a NUL byte. */
static long unescape(const char *in, size_t n, char *out, const char **why)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < n ? hexval((unsigned char)in[i + 1]) : -1;
            int lo = hi >= 0 ? hexval((unsigned char)in[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *why = "invalid percent escape";
                return -1;
            }
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        }
        if (c == 0) {
            *why = "NUL byte";
            return -1;
        }
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return (long)o;
}

int amb_post_decode(const char *body, size_t len, amb_post *out,
                    amb_error *err)
{
    memset(out, 0, sizeof *out);
    if (len > AMB_POST_MAX_BODY)
        return amb_error_set(err, AMB_ELIMIT, "the body has %zu bytes, more "
                             "than %d", len, AMB_POST_MAX_BODY);
    size_t segs = 1;
    for (size_t i = 0; i < len; i++)
        segs += body[i] == '&';
    if (segs > AMB_POST_MAX_FIELDS * 2 + 1)
        return amb_error_set(err, AMB_ELIMIT, "more than %d fields",
                             AMB_POST_MAX_FIELDS);
    /* Every decoded name and value is no longer than its encoding, plus
     * two terminators per segment. */
    out->mem = amb_xmalloc(len + 2 * segs + 1);
    out->fields = amb_xcalloc(segs, sizeof *out->fields);
    char *w = out->mem;
    size_t pos = 0, fieldno = 0;
    while (pos <= len) {
        const char *seg = body + pos;
        const char *amp = memchr(seg, '&', len - pos);
        size_t seglen = amp ? (size_t)(amp - seg) : len - pos;
        pos += seglen + 1;
        if (seglen == 0)
            continue;
        fieldno++;
        if (out->n == AMB_POST_MAX_FIELDS) {
            amb_post_free(out);
            return amb_error_set(err, AMB_ELIMIT, "more than %d fields",
                                 AMB_POST_MAX_FIELDS);
        }
        const char *eq = memchr(seg, '=', seglen);
        size_t nlen = eq ? (size_t)(eq - seg) : seglen;
        const char *why = NULL;
        char *name = w;
        long dn = unescape(seg, nlen, name, &why);
        if (dn < 0 || !name_ok(name, (size_t)dn)) {
            amb_post_free(out);
            return amb_error_set(err, AMB_EPARSE, "field %zu: %s", fieldno,
                                 why ? why : "the name is empty, longer than "
                                 "128 bytes or not made of letters, digits "
                                 "and _ . -");
        }
        w += dn + 1;
        char *value = w;
        long dv = eq ? unescape(eq + 1, seglen - nlen - 1, value, &why) : 0;
        if (!eq)
            value[0] = '\0';
        if (dv < 0 || !amb_text_utf8_valid(value, (size_t)dv)) {
            amb_error_set(err, AMB_EPARSE, "field %zu (%s): %s", fieldno,
                          name, dv < 0 ? why : "the value is not UTF-8");
            amb_post_free(out);
            return AMB_EPARSE;
        }
        w += dv + 1;
        out->fields[out->n].name = name;
        out->fields[out->n].value = value;
        out->fields[out->n].value_len = (size_t)dv;
        out->n++;
    }
    return 0;
}

void amb_post_free(amb_post *p)
{
    if (!p)
        return;
    free(p->fields);
    free(p->mem);
    memset(p, 0, sizeof *p);
}

const char *amb_post_get(const amb_post *p, const char *name, size_t *count)
{
    const char *v = NULL;
    size_t c = 0;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->fields[i].name, name) == 0) {
            if (!v)
                v = p->fields[i].value;
            c++;
        }
    if (count)
        *count = c;
    return v;
}

/* ------------------------------------------------------------- problems */

void amb_post_errors_add(amb_post_errors *es, const char *qid, char *msg)
{
    if (qid && amb_post_errors_get(es, qid)) {
        free(msg);
        return;
    }
    if (es->n == es->cap) {
        es->cap = es->cap ? 2 * es->cap : 8;
        es->e = amb_xrealloc(es->e, es->cap * sizeof *es->e);
    }
    es->e[es->n].qid = amb_xstrdup(qid);
    es->e[es->n].msg = msg;
    es->n++;
}

const char *amb_post_errors_get(const amb_post_errors *es, const char *qid)
{
    for (size_t i = 0; qid && i < es->n; i++)
        if (es->e[i].qid && strcmp(es->e[i].qid, qid) == 0)
            return es->e[i].msg;
    return NULL;
}

void amb_post_errors_free(amb_post_errors *es)
{
    for (size_t i = 0; i < es->n; i++) {
        free(es->e[i].qid);
        free(es->e[i].msg);
    }
    free(es->e);
    memset(es, 0, sizeof *es);
}

/* ---------------------------------------------------------------- pages */

int amb_post_is_control(const char *name)
{
    return strcmp(name, "csrf") == 0 || strcmp(name, "page") == 0 ||
           strcmp(name, "lang") == 0 || strcmp(name, "action") == 0;
}

static char *say(const char *lang, const char *da, const char *en)
{
    return amb_xstrdup(lang && strcmp(lang, "en") == 0 ? en : da);
}

static int is_choice(const amb_form_question *q, const char *v)
{
    size_t n;
    const amb_form_choice *c = amb_form_choices(q, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].code, v) == 0)
            return 1;
    return 0;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* The page's question q that field name belongs to (and for a matrix
 * field "ID.ROW" the row index in *row), or NULL. */
static const amb_form_question *field_question(const amb_form *f,
                                               const amb_form_page *pg,
                                               const char *name, size_t *row)
{
    const char *dot = strchr(name, '.');
    size_t idlen = dot ? (size_t)(dot - name) : strlen(name);
    for (size_t k = pg->first; k < pg->first + pg->count; k++) {
        const amb_form_question *q = &f->questions[k];
        if (strlen(q->id) != idlen || strncmp(q->id, name, idlen) != 0)
            continue;
        if (!dot)
            return q->type == AMB_FORM_MATRIX ? NULL : q;
        if (q->type != AMB_FORM_MATRIX)
            return NULL;
        for (size_t r = 0; r < q->nrows; r++)
            if (strcmp(q->rows[r].code, dot + 1) == 0) {
                *row = r;
                return q;
            }
        return NULL;
    }
    return NULL;
}

/* Number questions: surrounding spaces are not part of the answer. */
static char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return amb_xstrndup(s, n);
}

/* Collect the values posted for q (one question of the page).  Returns 0
 * with the items in *items (caller frees each and the array) or adds a
 * problem and returns -1. */
static int collect(const amb_form_question *q, const amb_form *f,
                   const amb_form_page *pg, const amb_post *p,
                   const char *lang, char ***items, size_t *n,
                   amb_post_errors *es)
{
    char **it = NULL;
    size_t m = 0;
    unsigned char *row_seen = q->nrows ? amb_xcalloc(q->nrows, 1) : NULL;
    char *problem = NULL;
    for (size_t i = 0; i < p->n && !problem; i++) {
        size_t row = 0;
        const char *v = p->fields[i].value;
        if (amb_post_is_control(p->fields[i].name) ||
            field_question(f, pg, p->fields[i].name, &row) != q)
            continue;
        if (q->type == AMB_FORM_MATRIX) {
            if (row_seen[row]++)
                problem = say(lang, "Vælg ét svar i hver række.",
                              "Choose one answer in each row.");
            else if (*v && !is_choice(q, v))
                problem = say(lang, "Vælg en af mulighederne.",
                              "Choose one of the options.");
            else if (*v) {
                it = amb_xrealloc(it, (m + 1) * sizeof *it);
                it[m++] = amb_xasprintf("%s=%s", q->rows[row].code, v);
            }
            continue;
        }
        if (q->type == AMB_FORM_MULTI) {
            int dup = 0;
            for (size_t j = 0; j < m; j++)
                dup |= strcmp(it[j], v) == 0;
            if (dup || !is_choice(q, v))
                problem = say(lang, "Vælg blandt mulighederne.",
                              "Choose among the options.");
            else {
                it = amb_xrealloc(it, (m + 1) * sizeof *it);
                it[m++] = amb_xstrdup(v);
            }
            continue;
        }
        /* single-valued */
        size_t count = 0;
        amb_post_get(p, p->fields[i].name, &count);
        if (count > 1) {
            problem = say(lang, "Vælg eller skriv ét svar.",
                          "Give one answer.");
            continue;
        }
        if (blank(v))
            continue;
        if (q->type == AMB_FORM_SINGLE || q->type == AMB_FORM_YESNO ||
            q->type == AMB_FORM_LIKERT || q->type == AMB_FORM_MUNICIPALITY) {
            if (!is_choice(q, v)) {
                problem = say(lang, "Vælg en af mulighederne.",
                              "Choose one of the options.");
                continue;
            }
        }
        it = amb_xmalloc(sizeof *it);
        it[m++] = q->type == AMB_FORM_INTEGER || q->type == AMB_FORM_DECIMAL
                      ? trimmed(v) : amb_xstrdup(v);
    }
    free(row_seen);
    if (problem) {
        for (size_t j = 0; j < m; j++)
            free(it[j]);
        free(it);
        amb_post_errors_add(es, q->id, problem);
        return -1;
    }
    *items = it;
    *n = m;
    return 0;
}

size_t amb_post_page_answers(const amb_form *f, size_t page,
                             const amb_post *p, const char *lang,
                             amb_form_answers *out, amb_post_errors *es)
{
    size_t before = es->n;
    if (page >= f->npages)
        return 0;
    const amb_form_page *pg = &f->pages[page];
    for (size_t i = 0; i < p->n; i++) {
        size_t row;
        const char *name = p->fields[i].name;
        if (amb_post_is_control(name) || field_question(f, pg, name, &row))
            continue;
        amb_post_errors_add(es, NULL, amb_xasprintf(
            lang && strcmp(lang, "en") == 0
                ? "The form sent a field that does not belong to this "
                  "page (%s). Nothing was saved."
                : "Formularen sendte et felt, der ikke hører til denne "
                  "side (%s). Intet blev gemt.", name));
        break;
    }
    for (size_t k = pg->first; k < pg->first + pg->count; k++) {
        const amb_form_question *q = &f->questions[k];
        char **items = NULL;
        size_t n = 0;
        if (collect(q, f, pg, p, lang, &items, &n, es) != 0)
            continue;
        if (n)
            amb_form_answers_set(out, q->id, (const char *const *)items, n);
        for (size_t j = 0; j < n; j++)
            free(items[j]);
        free(items);
    }
    return es->n - before;
}
