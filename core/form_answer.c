/*
 * form_answer.c - validating one answer on the server: parsing per type,
 * required, ranges, lengths, the pattern and the check function.
 *
 * Answers are data: they are compared, parsed as numbers or matched with
 * string.find in the sandbox, never run.  The pattern and the check
 * function run under the form's sandbox limits (a fresh instruction
 * budget per call); a check that fails or runs out of budget rejects the
 * answer with its error.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "form_internal.h"

#define FORM_TEXT_MAX 500          /* characters, text and occupation */
#define FORM_LONGTEXT_MAX 10000

/* A message in lang: Danish unless lang is "en". */
static char *say(const char *lang, const char *da, const char *en)
{
    return amb_xstrdup(lang && strcmp(lang, "en") == 0 ? en : da);
}

static int is_en(const char *lang)
{
    return lang && strcmp(lang, "en") == 0;
}

/* The number of characters of s if it is well-formed UTF-8 without
 * control characters (TAB, LF, CR allowed when multiline), else -1. */
static long utf8_chars(const char *s, int multiline)
{
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;
    while (*p) {
        unsigned c = *p;
        size_t len;
        unsigned cp;
        if (c < 0x80) {
            if ((c < 0x20 && !(multiline && (c == '\t' || c == '\n' ||
                                            c == '\r'))) || c == 0x7f)
                return -1;
            len = 1;
            cp = c;
        } else if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return -1;
        }
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return -1;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0x80 && cp < 0xa0))
            return -1;
        p += len;
        n++;
    }
    return n;
}

/* The problem message: the question's own message when it has one. */
static char *range_msg(const amb_form_question *q, const char *lang,
                       char *fallback)
{
    const char *own = amb_form_tr(&q->message, lang);
    if (!own)
        return fallback;
    free(fallback);
    return amb_xstrdup(own);
}

/* Run string.find(value, pattern) in the sandbox: 1 match, 0 not,
 * -1 error (message in err). */
static int pattern_match(const amb_form *f, const char *pattern,
                         const char *value, amb_error *err)
{
    lua_State *L = amb_lua_state(f->lua);
    lua_getfield(L, LUA_REGISTRYINDEX, AMB_FORM_FIND_KEY);
    lua_pushstring(L, value);
    lua_pushstring(L, pattern);
    if (amb_lua_call(f->lua, 2, 1, err) != 0)
        return -1;
    int m = !lua_isnil(L, -1);
    lua_pop(L, 1);
    return m;
}

/* Push the answers as a table id -> string or list of strings. */
static void push_answers(const amb_form *f, lua_State *L,
                         const amb_form_answers *as)
{
    lua_createtable(L, 0, as ? (int)as->n : 0);
    for (size_t i = 0; as && i < as->n; i++) {
        const amb_form_question *q = amb_form_find(f, as->a[i].id);
        const amb_form_value *v = &as->a[i].value;
        if (v->n == 1 && (!q || (q->type != AMB_FORM_MULTI &&
                                 q->type != AMB_FORM_MATRIX))) {
            lua_pushstring(L, v->items[0]);
        } else {
            lua_createtable(L, (int)v->n, 0);
            for (size_t j = 0; j < v->n; j++) {
                lua_pushstring(L, v->items[j]);
                lua_rawseti(L, -2, (lua_Integer)j + 1);
            }
        }
        lua_setfield(L, -2, as->a[i].id);
    }
}

/* Run the check function; 0 accepted, AMB_EPARSE rejected with *msg,
 * other codes: the function failed (message in *msg). */
static int run_check(const amb_form *f, const amb_form_question *q,
                     const amb_form_value *raw, double num,
                     const amb_form_answers *as, const char *lang,
                     char **msg)
{
    lua_State *L = amb_lua_state(f->lua);
    amb_error err;
    lua_rawgeti(L, LUA_REGISTRYINDEX, q->check_ref);
    if (q->type == AMB_FORM_INTEGER)
        lua_pushinteger(L, (lua_Integer)num);
    else if (q->type == AMB_FORM_DECIMAL)
        lua_pushnumber(L, num);
    else if (q->type == AMB_FORM_MULTI || q->type == AMB_FORM_MATRIX) {
        lua_createtable(L, (int)raw->n, 0);
        for (size_t i = 0; i < raw->n; i++) {
            lua_pushstring(L, raw->items[i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    } else
        lua_pushstring(L, raw->items[0]);
    push_answers(f, L, as);
    int rc = amb_lua_call(f->lua, 2, 1, &err);
    if (rc != 0) {
        *msg = amb_xasprintf("%s: %s", is_en(lang) ? "check failed"
                             : "kontrollen fejlede", err.msg);
        return rc;
    }
    rc = 0;
    if (lua_type(L, -1) == LUA_TSTRING) {
        *msg = amb_xstrdup(lua_tostring(L, -1));
        rc = AMB_EPARSE;
    } else if (lua_type(L, -1) == LUA_TTABLE) {
        lua_getfield(L, -1, is_en(lang) ? "en" : "da");
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            lua_getfield(L, -1, "da");
        }
        *msg = amb_xstrdup(lua_type(L, -1) == LUA_TSTRING
                           ? lua_tostring(L, -1) : "?");
        lua_pop(L, 1);
        rc = AMB_EPARSE;
    } else if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) {
        *msg = amb_xstrdup(is_en(lang) ? "check returned neither nil nor "
                           "a message" : "kontrollen gav hverken nil eller "
                           "en besked");
        rc = AMB_ERR;
    }
    lua_pop(L, 1);
    return rc;
}

static int matrix_item(const amb_form_question *q, const char *item,
                       size_t *row)
{
    const char *eq = strchr(item, '=');
    if (!eq)
        return -1;
    for (size_t r = 0; r < q->nrows; r++) {
        size_t len = strlen(q->rows[r].code);
        if ((size_t)(eq - item) == len &&
            strncmp(item, q->rows[r].code, len) == 0) {
            *row = r;
            return amb_form_has_choice(q, eq + 1) ? 0 : -1;
        }
    }
    return -1;
}

/* The checks by type; returns 0 or AMB_EPARSE with *msg. */
static int check_type(const amb_form *f, const amb_form_question *q,
                      const amb_form_value *raw, const char *lang,
                      double *num, char **msg)
{
    for (size_t i = 0; i < raw->n; i++)
        if (utf8_chars(raw->items[i], q->type == AMB_FORM_LONGTEXT) < 0) {
            *msg = say(lang, "Svaret indeholder ugyldige tegn.",
                       "The answer contains invalid characters.");
            return AMB_EPARSE;
        }
    int many = q->type == AMB_FORM_MULTI || q->type == AMB_FORM_MATRIX;
    if (!many && raw->n != 1) {
        *msg = say(lang, "Vælg eller skriv ét svar.", "Give one answer.");
        return AMB_EPARSE;
    }
    const char *v = raw->items[0];
    switch (q->type) {
    case AMB_FORM_SINGLE: case AMB_FORM_YESNO: case AMB_FORM_LIKERT:
    case AMB_FORM_MUNICIPALITY:
        if (!amb_form_has_choice(q, v)) {
            *msg = say(lang, "Vælg en af mulighederne.",
                       "Choose one of the options.");
            return AMB_EPARSE;
        }
        return 0;
    case AMB_FORM_MULTI:
        for (size_t i = 0; i < raw->n; i++) {
            int dup = 0;
            for (size_t j = 0; j < i; j++)
                dup |= strcmp(raw->items[i], raw->items[j]) == 0;
            if (dup || !amb_form_has_choice(q, raw->items[i])) {
                *msg = say(lang, "Vælg blandt mulighederne.",
                           "Choose among the options.");
                return AMB_EPARSE;
            }
        }
        if ((q->has_min && (double)raw->n < q->min) ||
            (q->has_max && (double)raw->n > q->max)) {
            *msg = range_msg(q, lang, amb_xasprintf(
                is_en(lang) ? "Choose between %g and %g options."
                            : "Vælg mellem %g og %g muligheder.",
                q->has_min ? q->min : 0.0,
                q->has_max ? q->max : (double)q->nchoices));
            return AMB_EPARSE;
        }
        return 0;
    case AMB_FORM_MATRIX: {
        unsigned char seen[1000] = {0};
        for (size_t i = 0; i < raw->n; i++) {
            size_t row = 0;
            if (matrix_item(q, raw->items[i], &row) != 0 || seen[row]) {
                *msg = say(lang, "Vælg ét svar i hver række.",
                           "Choose one answer in each row.");
                return AMB_EPARSE;
            }
            seen[row] = 1;
        }
        if (q->required && raw->n != q->nrows) {
            *msg = say(lang, "Besvar alle rækker.", "Answer every row.");
            return AMB_EPARSE;
        }
        return 0;
    }
    case AMB_FORM_INTEGER: case AMB_FORM_DECIMAL: {
        int integral = q->type == AMB_FORM_INTEGER;
        if (amb_form_parse_number(v, integral, num) != 0) {
            *msg = integral ? say(lang, "Skriv et helt tal.",
                                  "Enter a whole number.")
                            : say(lang, "Skriv et tal.", "Enter a number.");
            return AMB_EPARSE;
        }
        if ((q->has_min && *num < q->min) || (q->has_max && *num > q->max)) {
            *msg = range_msg(q, lang, amb_xasprintf(
                is_en(lang) ? "Enter a number from %g to %g."
                            : "Skriv et tal fra %g til %g.",
                q->has_min ? q->min : -1e15, q->has_max ? q->max : 1e15));
            return AMB_EPARSE;
        }
        return 0;
    }
    default: {
        long chars = utf8_chars(v, q->type == AMB_FORM_LONGTEXT);
        double max = q->has_max ? q->max
                     : q->type == AMB_FORM_LONGTEXT ? FORM_LONGTEXT_MAX
                                                    : FORM_TEXT_MAX;
        if ((q->has_min && (double)chars < q->min) || (double)chars > max) {
            *msg = range_msg(q, lang, amb_xasprintf(
                is_en(lang) ? "Write %g to %g characters."
                            : "Skriv %g til %g tegn.",
                q->has_min ? q->min : 1.0, max));
            return AMB_EPARSE;
        }
        if (q->pattern) {
            amb_error err;
            int m = strlen(v) > AMB_FORM_PATTERN_INPUT_MAX ? 0
                    : pattern_match(f, q->pattern, v, &err);
            if (m < 0) {
                *msg = amb_xstrdup(err.msg);
                return AMB_ERR;
            }
            if (m == 0) {
                *msg = range_msg(q, lang, say(lang, "Svaret har ikke den "
                                              "forventede form.",
                                              "The answer does not have "
                                              "the expected form."));
                return AMB_EPARSE;
            }
        }
        return 0;
    }
    }
}

static int blank(const amb_form_value *raw)
{
    if (!raw || raw->n == 0)
        return 1;
    if (raw->n > 1)
        return 0;
    for (const char *p = raw->items[0]; *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}

int amb_form_validate_answer(const amb_form *f, const amb_form_question *q,
                             const amb_form_value *raw,
                             const amb_form_answers *answers,
                             const char *lang, char **msg_out)
{
    *msg_out = NULL;
    int rel = amb_form_relevant(f, q, answers);
    if (blank(raw)) {
        if (q->required && rel) {
            *msg_out = say(lang, "Dette spørgsmål skal besvares.",
                           "This question is required.");
            return AMB_EPARSE;
        }
        return 0;
    }
    if (!rel) {
        *msg_out = say(lang, "Dette spørgsmål skal ikke besvares.",
                       "This question is not asked.");
        return AMB_EPARSE;
    }
    double num = 0;
    int rc = check_type(f, q, raw, lang, &num, msg_out);
    if (rc == 0 && q->check_ref != LUA_NOREF)
        rc = run_check(f, q, raw, num, answers, lang, msg_out);
    return rc;
}
