/*
 * form_walk.c - reading the declarations of a form file into the model,
 * recording every problem with the line of the declaration it is in.
 *
 * Only raw reads (lua_rawget, lua_next) touch the tables, so nothing here
 * runs Lua code or raises: a hostile table (metatables, huge lists, values
 * of the wrong type) becomes problems, not errors.  Limits keep the model
 * small: FORM_MAX_ITEMS questions, choices, rows and relevance terms.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "form_internal.h"

#define FORM_MAX_ITEMS 1000
#define FORM_MAX_DEPTH 16

/* Where the walk is: the declaration's line and question id. */
typedef struct walk {
    amb_form *f;
    lua_State *L;
    int lt;                      /* the lines table */
    int line;
    const char *qid;
} walk;

#define PROBLEM(w, ...) amb_form_problem_add((w)->f, (w)->line, (w)->qid, \
                                             __VA_ARGS__)

static int field(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, t);
}

/* A copy of the string at the top (NULL unless a string without NUL). */
static char *top_strdup(lua_State *L)
{
    size_t len;
    if (lua_type(L, -1) != LUA_TSTRING)
        return NULL;
    const char *s = lua_tolstring(L, -1, &len);
    return strlen(s) == len ? amb_xstrdup(s) : NULL;
}

static int decl_line(const walk *w, int idx, int fallback)
{
    lua_pushvalue(w->L, idx);
    lua_rawget(w->L, w->lt);
    int line = lua_isinteger(w->L, -1) ? (int)lua_tointeger(w->L, -1) : 0;
    lua_pop(w->L, 1);
    return line > 0 ? line : fallback;
}

int amb_form_id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > AMB_FORM_ID_MAX || s[0] < 'a' || s[0] > 'z')
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '_'))
            return 0;
    return 1;
}

static int code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > AMB_FORM_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789_.-", s[i]))
            return 0;
    return 1;
}

static void check_keys(walk *w, int t, const char *what,
                       const char *const *known)
{
    lua_State *L = w->L;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            if (!lua_isinteger(L, -1) || !known[0] || strcmp(known[0], "1"))
                PROBLEM(w, "%s: fields must have names", what);
            continue;
        }
        const char *key = lua_tostring(L, -1);
        int ok = 0;
        for (size_t i = 0; known[i] && !ok; i++)
            ok = strcmp(key, known[i]) == 0;
        if (!ok)
            PROBLEM(w, "%s: unknown field '%s'", what, key);
    }
}

/* t[key] as {da = , en = } or a plain (Danish) string.  need_da: a
 * missing Danish text is a problem. */
static void read_text(walk *w, int t, const char *key, int need_da,
                      amb_form_text *out)
{
    lua_State *L = w->L;
    int ty = field(L, t, key);
    if (ty == LUA_TSTRING) {
        out->da = top_strdup(L);
    } else if (ty == LUA_TTABLE) {
        int tt = lua_gettop(L);
        field(L, tt, "da");
        out->da = top_strdup(L);
        lua_pop(L, 1);
        field(L, tt, "en");
        out->en = top_strdup(L);
        lua_pop(L, 1);
    } else if (ty != LUA_TNIL) {
        PROBLEM(w, "'%s' must be a table { da = \"...\", en = \"...\" }",
                key);
    }
    lua_pop(L, 1);
    if (need_da && (!out->da || !*out->da))
        PROBLEM(w, "missing Danish %s (%s.da)", key, key);
}

/* t[key] as a number into *v; 1 when present and valid. */
static int read_number(walk *w, int t, const char *key, double *v)
{
    int ty = field(w->L, t, key);
    int ok = 0;
    if (ty == LUA_TNUMBER) {
        *v = (double)lua_tonumber(w->L, -1);
        ok = isfinite(*v);
    }
    if (ty != LUA_TNIL && !ok)
        PROBLEM(w, "'%s' must be a finite number", key);
    lua_pop(w->L, 1);
    return ok;
}

/* A list of { "code", da = , en = } (or code = ) at t[key]. */
static amb_form_choice *read_choices(walk *w, int t, const char *key,
                                     int ids, size_t *n)
{
    lua_State *L = w->L;
    *n = 0;
    if (field(L, t, key) == LUA_TNIL) {
        lua_pop(L, 1);
        return NULL;
    }
    if (!lua_istable(L, -1)) {
        PROBLEM(w, "'%s' must be a list of { \"code\", da = ..., en = ... }",
                key);
        lua_pop(L, 1);
        return NULL;
    }
    int lt = lua_gettop(L);
    lua_Integer len = (lua_Integer)lua_rawlen(L, lt);
    if (len > FORM_MAX_ITEMS) {
        PROBLEM(w, "'%s': more than %d entries", key, FORM_MAX_ITEMS);
        len = 0;
    }
    amb_form_choice *c = len ? amb_xcalloc((size_t)len, sizeof *c) : NULL;
    for (lua_Integer i = 1; i <= len; i++) {
        lua_rawgeti(L, lt, i);
        int et = lua_gettop(L);
        amb_form_choice *ch = &c[*n];
        if (lua_istable(L, et)) {
            lua_rawgeti(L, et, 1);
            if (lua_isnil(L, -1)) {
                lua_pop(L, 1);
                field(L, et, "code");
            }
            if (lua_isinteger(L, -1))
                lua_tostring(L, -1);
            ch->code = top_strdup(L);
            lua_settop(L, et);
            if (field(L, et, "label") == LUA_TTABLE) {
                lua_settop(L, et);
                read_text(w, et, "label", 0, &ch->label);
            } else {
                lua_settop(L, et);
                field(L, et, "da");
                ch->label.da = top_strdup(L);
                lua_settop(L, et);
                field(L, et, "en");
                ch->label.en = top_strdup(L);
                lua_settop(L, et);
            }
        }
        if (!ch->code || !(ids ? amb_form_id_ok(ch->code) : code_ok(ch->code)))
            PROBLEM(w, "%s %lld: needs a code of %s", key, (long long)i,
                    ids ? "[a-z][a-z0-9_]*" : "letters, digits, _ . -");
        else if (!ch->label.da)
            PROBLEM(w, "%s '%s': missing Danish label (da)", key, ch->code);
        for (size_t j = 0; ch->code && j < *n; j++)
            if (c[j].code && strcmp(c[j].code, ch->code) == 0)
                PROBLEM(w, "%s: duplicate code '%s'", key, ch->code);
        (*n)++;
        lua_settop(L, lt);
    }
    lua_pop(L, 1);
    return c;
}

/* ------------------------------------------------------------ relevance */

static const char *const cmp_ops[] = {"eq", "ne", "gt", "ge", "lt", "le",
                                      "has"};

/* The relevance expression at idx into r; 0 or -1 (problem recorded). */
static int read_rel(walk *w, int idx, amb_form_rel *r, int depth)
{
    lua_State *L = w->L;
    if (!lua_istable(L, idx) || depth > FORM_MAX_DEPTH) {
        PROBLEM(w, "relevant: expected a table such as { q = \"id\", eq = "
                "\"value\" }, { all = {...} }, { any = {...} } or "
                "{ none = {...} }");
        return -1;
    }
    static const char *const lists[] = {"all", "any", "none"};
    for (int k = 0; k < 3; k++) {
        if (field(L, idx, lists[k]) == LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        int lt = lua_gettop(L);
        r->op = (amb_form_op)(AMB_REL_ALL + k);
        lua_Integer n = lua_istable(L, lt) ? (lua_Integer)lua_rawlen(L, lt)
                                           : 0;
        if (n < 1 || n > FORM_MAX_ITEMS) {
            PROBLEM(w, "relevant: '%s' needs a non-empty list", lists[k]);
            lua_pop(L, 1);
            return -1;
        }
        r->kids = amb_xcalloc((size_t)n, sizeof *r->kids);
        int rc = 0;
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, lt, i);
            r->nkids++;
            rc |= read_rel(w, lua_gettop(L), &r->kids[i - 1], depth + 1);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        return rc;
    }
    field(L, idx, "q");
    r->q = top_strdup(L);
    lua_pop(L, 1);
    int found = 0;
    for (int k = 0; k < 7; k++) {
        if (field(L, idx, cmp_ops[k]) != LUA_TNIL && !found) {
            found = 1;
            r->op = (amb_form_op)(AMB_REL_EQ + k);
            if (lua_type(L, -1) == LUA_TNUMBER) {
                r->is_num = 1;
                r->num = (double)lua_tonumber(L, -1);
                lua_tostring(L, -1);
            } else if (lua_type(L, -1) == LUA_TBOOLEAN) {
                lua_pushstring(L, lua_toboolean(L, -1) ? "yes" : "no");
                lua_replace(L, -2);
            }
            r->value = top_strdup(L);
        }
        lua_pop(L, 1);
    }
    if (!r->q || !found || !r->value) {
        PROBLEM(w, "relevant: a comparison needs q = \"id\" and one of eq, "
                "ne, gt, ge, lt, le, has with a string or number");
        return -1;
    }
    if (r->op >= AMB_REL_GT && r->op <= AMB_REL_LE && !r->is_num) {
        PROBLEM(w, "relevant: '%s' needs a number", cmp_ops[r->op]);
        return -1;
    }
    return 0;
}

/* Resolve the question ids of r against the questions before index qi. */
static void resolve_rel(walk *w, const amb_form_rel *r, size_t qi)
{
    for (size_t i = 0; i < r->nkids; i++)
        resolve_rel(w, &r->kids[i], qi);
    if (!r->q)
        return;
    const amb_form_question *ref = amb_form_find(w->f, r->q);
    size_t ri = ref ? (size_t)(ref - w->f->questions) : 0;
    if (!ref) {
        PROBLEM(w, "relevant refers to unknown question '%s'", r->q);
        return;
    }
    if (ri >= qi) {
        PROBLEM(w, "relevant refers to '%s', which is not an earlier "
                "question (line %d)", r->q, ref->line);
        return;
    }
    if (ref->type == AMB_FORM_MATRIX) {
        PROBLEM(w, "relevant cannot refer to the matrix '%s'", r->q);
        return;
    }
    int numeric = ref->type == AMB_FORM_INTEGER ||
                  ref->type == AMB_FORM_DECIMAL ||
                  ref->type == AMB_FORM_LIKERT;
    if (r->op == AMB_REL_HAS && ref->type != AMB_FORM_MULTI)
        PROBLEM(w, "relevant: 'has' needs a multi question, '%s' is %s",
                r->q, amb_form_type_name(ref->type));
    else if (r->op >= AMB_REL_GT && r->op <= AMB_REL_LE && !numeric)
        PROBLEM(w, "relevant: '%s' needs a number question, '%s' is %s",
                cmp_ops[r->op], r->q, amb_form_type_name(ref->type));
    else if ((r->op == AMB_REL_EQ || r->op == AMB_REL_NE ||
              r->op == AMB_REL_HAS) && !numeric &&
             (ref->type == AMB_FORM_SINGLE || ref->type == AMB_FORM_MULTI ||
              ref->type == AMB_FORM_YESNO ||
              ref->type == AMB_FORM_MUNICIPALITY) &&
             !amb_form_has_choice(ref, r->value))
        PROBLEM(w, "relevant: '%s' is not a choice of '%s'", r->value,
                r->q);
}

/* ------------------------------------------------------------ questions */

static void read_question(walk *w, int qt, size_t page)
{
    static const char *const known[] = {
        "type", "id", "label", "hint", "required", "choices", "rows", "min",
        "max", "pattern", "message", "check", "relevant", NULL};
    lua_State *L = w->L;
    amb_form *f = w->f;
    f->questions = amb_xrealloc(f->questions,
                                (f->nquestions + 1) * sizeof *f->questions);
    amb_form_question *q = &f->questions[f->nquestions++];
    memset(q, 0, sizeof *q);
    q->check_ref = LUA_NOREF;
    q->page = page;
    q->line = w->line = decl_line(w, qt, w->line);
    field(L, qt, "id");
    q->id = top_strdup(L);
    lua_pop(L, 1);
    if (!q->id || !amb_form_id_ok(q->id)) {
        PROBLEM(w, "question needs an id of [a-z][a-z0-9_]* (at most %d "
                "characters)", AMB_FORM_ID_MAX);
        free(q->id);
        q->id = amb_xasprintf("_q%zu", f->nquestions);
    } else {
        w->qid = q->id;
        for (size_t i = 0; i + 1 < f->nquestions; i++)
            if (strcmp(f->questions[i].id, q->id) == 0)
                PROBLEM(w, "duplicate id (first on line %d)",
                        f->questions[i].line);
    }
    w->qid = q->id;
    check_keys(w, qt, "question", known);
    field(L, qt, "type");
    const char *ty = lua_tostring(L, -1);
    int t = ty ? amb_form_type_parse(ty) : -1;
    if (t < 0)
        PROBLEM(w, "unknown type '%s'", ty ? ty : "(none)");
    lua_pop(L, 1);
    q->type = t < 0 ? AMB_FORM_TEXT : (amb_form_type)t;
    read_text(w, qt, "label", 1, &q->label);
    read_text(w, qt, "hint", 0, &q->hint);
    read_text(w, qt, "message", 0, &q->message);
    field(L, qt, "required");
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
        PROBLEM(w, "'required' must be true or false");
    q->required = lua_toboolean(L, -1);
    lua_pop(L, 1);
    q->choices = read_choices(w, qt, "choices", 0, &q->nchoices);
    q->rows = read_choices(w, qt, "rows", 1, &q->nrows);
    int choice = q->type == AMB_FORM_SINGLE || q->type == AMB_FORM_MULTI ||
                 q->type == AMB_FORM_MATRIX;
    if (choice && q->nchoices == 0)
        PROBLEM(w, "%s needs choices", amb_form_type_name(q->type));
    if (q->type == AMB_FORM_MATRIX && q->nrows == 0)
        PROBLEM(w, "matrix needs rows");
    if (q->nrows && q->type != AMB_FORM_MATRIX)
        PROBLEM(w, "'rows' is for matrix questions only");
    if (q->nchoices && !choice && q->type != AMB_FORM_LIKERT &&
        q->type != AMB_FORM_OCCUPATION)
        PROBLEM(w, "%s takes no choices", amb_form_type_name(q->type));
    if (q->type == AMB_FORM_LIKERT && q->nchoices == 0)
        amb_form_likert_default(q);
    q->has_min = read_number(w, qt, "min", &q->min);
    q->has_max = read_number(w, qt, "max", &q->max);
    int ranged = q->type == AMB_FORM_INTEGER || q->type == AMB_FORM_DECIMAL ||
                 q->type == AMB_FORM_TEXT || q->type == AMB_FORM_LONGTEXT ||
                 q->type == AMB_FORM_OCCUPATION || q->type == AMB_FORM_MULTI;
    if ((q->has_min || q->has_max) && !ranged)
        PROBLEM(w, "min/max do not apply to %s", amb_form_type_name(q->type));
    if (q->has_min && q->has_max && q->min > q->max)
        PROBLEM(w, "min %g is greater than max %g", q->min, q->max);
    field(L, qt, "pattern");
    if (!lua_isnil(L, -1)) {
        amb_error why;
        q->pattern = top_strdup(L);
        if (!q->pattern)
            PROBLEM(w, "'pattern' must be a string");
        else if (amb_form_pattern_check(q->pattern, &why) != 0)
            PROBLEM(w, "bad pattern '%s': %s", q->pattern, why.msg);
        else if (q->type != AMB_FORM_TEXT && q->type != AMB_FORM_OCCUPATION &&
                 q->type != AMB_FORM_LONGTEXT)
            PROBLEM(w, "'pattern' is for text questions only");
    }
    lua_pop(L, 1);
    int ct = field(L, qt, "check");
    if (ct == LUA_TFUNCTION)
        q->check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    else {
        if (ct != LUA_TNIL)
            PROBLEM(w, "'check' must be a function(value, answers)");
        lua_pop(L, 1);
    }
    if (field(L, qt, "relevant") != LUA_TNIL) {
        q->relevant = amb_xcalloc(1, sizeof *q->relevant);
        if (read_rel(w, lua_gettop(L), q->relevant, 0) != 0) {
            amb_form_rel_free(q->relevant);
            q->relevant = NULL;
        }
    }
    lua_pop(L, 1);
    w->qid = NULL;
}

static void read_page(walk *w, int pt, size_t index)
{
    static const char *const known[] = {"id", "title", "questions", NULL};
    lua_State *L = w->L;
    amb_form_page *p = &w->f->pages[index];
    p->line = w->line = decl_line(w, pt, w->f->line);
    field(L, pt, "id");
    p->id = top_strdup(L);
    lua_pop(L, 1);
    if (!p->id || !amb_form_id_ok(p->id)) {
        PROBLEM(w, "page needs an id of [a-z][a-z0-9_]*");
        free(p->id);
        p->id = amb_xasprintf("page%zu", index + 1);
    }
    for (size_t i = 0; i < index; i++)
        if (strcmp(w->f->pages[i].id, p->id) == 0)
            PROBLEM(w, "page '%s': duplicate id", p->id);
    check_keys(w, pt, "page", known);
    read_text(w, pt, "title", 1, &p->title);
    p->first = w->f->nquestions;
    if (field(L, pt, "questions") != LUA_TTABLE) {
        PROBLEM(w, "page '%s' needs questions = { ... }", p->id);
    } else {
        int qs = lua_gettop(L);
        lua_Integer n = (lua_Integer)lua_rawlen(L, qs);
        for (lua_Integer i = 1; i <= n && w->f->nquestions < FORM_MAX_ITEMS;
             i++) {
            lua_rawgeti(L, qs, i);
            w->line = p->line;
            if (lua_istable(L, -1))
                read_question(w, lua_gettop(L), index);
            else
                PROBLEM(w, "page '%s': question %lld is not a table", p->id,
                        (long long)i);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    p->count = w->f->nquestions - p->first;
}

void amb_form_walk(amb_form *f, lua_State *L, int ft, int lt)
{
    static const char *const known[] = {"id", "version", "title", "intro",
                                        "pages", NULL};
    walk w = {f, L, lt, 0, NULL};
    f->line = w.line = decl_line(&w, ft, 1);
    field(L, ft, "id");
    f->id = top_strdup(L);
    lua_pop(L, 1);
    if (!f->id || !amb_form_id_ok(f->id)) {
        PROBLEM(&w, "form needs an id of [a-z][a-z0-9_]*");
        free(f->id);
        f->id = amb_xstrdup("form");
    }
    field(L, ft, "version");
    if (lua_isinteger(L, -1))
        lua_tostring(L, -1);
    f->version = top_strdup(L);
    lua_pop(L, 1);
    if (!f->version)
        f->version = amb_xstrdup("1");
    check_keys(&w, ft, "form", known);
    read_text(&w, ft, "title", 1, &f->title);
    read_text(&w, ft, "intro", 0, &f->intro);
    if (field(L, ft, "pages") != LUA_TTABLE || lua_rawlen(L, -1) == 0) {
        PROBLEM(&w, "form needs pages = { page { ... }, ... }");
    } else {
        int ps = lua_gettop(L);
        lua_Unsigned len = lua_rawlen(L, ps);
        size_t n = len > FORM_MAX_ITEMS ? FORM_MAX_ITEMS : (size_t)len;
        f->pages = amb_xcalloc(n, sizeof *f->pages);
        for (size_t i = 0; i < n; i++) {
            lua_rawgeti(L, ps, (lua_Integer)i + 1);
            f->npages++;
            w.line = f->line;
            if (lua_istable(L, -1)) {
                read_page(&w, lua_gettop(L), i);
            } else {
                f->pages[i].id = amb_xasprintf("page%zu", i + 1);
                f->pages[i].first = f->nquestions;
                PROBLEM(&w, "page %zu is not a table", i + 1);
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    for (size_t i = 0; i < f->nquestions; i++) {
        if (!f->questions[i].relevant)
            continue;
        w.line = f->questions[i].line;
        w.qid = f->questions[i].id;
        resolve_rel(&w, f->questions[i].relevant, i);
    }
    /* File order: a stable insertion sort by line. */
    for (size_t i = 1; i < f->nproblems; i++) {
        amb_form_problem p = f->problems[i];
        size_t j = i;
        for (; j > 0 && f->problems[j - 1].line > p.line; j--)
            f->problems[j] = f->problems[j - 1];
        f->problems[j] = p;
    }
}
