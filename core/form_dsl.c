/*
 * form_dsl.c - running a form file and building the model.
 *
 * The file runs in a fresh sandbox with the constructors form, page,
 * question and one per type (single, multi, ...).  They only remember the
 * line they were called from (in a table keyed by the declaration table)
 * and return their argument, so that a file with many mistakes runs to the
 * end; form_walk.c then reads the declarations and records every problem
 * with the line of its declaration instead of stopping at the first.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "form_internal.h"

static const char *const type_names[AMB_FORM_NTYPES] = {
    "single", "multi", "yesno", "integer", "decimal", "text", "longtext",
    "likert", "matrix", "municipality", "occupation",
};

static const amb_form_choice municipalities[] = {
    {"773", {"Morsø", "Morsø"}},
    {"787", {"Thisted", "Thisted"}},
    {"810", {"Brønderslev", "Brønderslev"}},
    {"813", {"Frederikshavn", "Frederikshavn"}},
    {"820", {"Vesthimmerland", "Vesthimmerland"}},
    {"825", {"Læsø", "Læsø"}},
    {"840", {"Rebild", "Rebild"}},
    {"846", {"Mariagerfjord", "Mariagerfjord"}},
    {"849", {"Jammerbugt", "Jammerbugt"}},
    {"851", {"Aalborg", "Aalborg"}},
    {"860", {"Hjørring", "Hjørring"}},
};

static const amb_form_choice yesno_choices[] = {
    {"yes", {"Ja", "Yes"}},
    {"no", {"Nej", "No"}},
};

const char *amb_form_type_name(amb_form_type t)
{
    return t < AMB_FORM_NTYPES ? type_names[t] : "?";
}

int amb_form_type_parse(const char *s)
{
    for (int i = 0; i < AMB_FORM_NTYPES; i++)
        if (strcmp(s, type_names[i]) == 0)
            return i;
    return -1;
}

const char *amb_form_tr(const amb_form_text *t, const char *lang)
{
    if (lang && strcmp(lang, "en") == 0 && t->en)
        return t->en;
    return t->da ? t->da : t->en;
}

size_t amb_form_municipality_count(void)
{
    return sizeof municipalities / sizeof municipalities[0];
}

const amb_form_choice *amb_form_municipality(size_t i)
{
    return i < amb_form_municipality_count() ? &municipalities[i] : NULL;
}

const amb_form_choice *amb_form_choices(const amb_form_question *q,
                                        size_t *n)
{
    switch (q->type) {
    case AMB_FORM_MUNICIPALITY:
        *n = amb_form_municipality_count();
        return municipalities;
    case AMB_FORM_YESNO:
        *n = 2;
        return yesno_choices;
    default:
        *n = q->nchoices;
        return q->choices;
    }
}

const amb_form_question *amb_form_find(const amb_form *f, const char *id)
{
    for (size_t i = 0; i < f->nquestions; i++)
        if (strcmp(f->questions[i].id, id) == 0)
            return &f->questions[i];
    return NULL;
}

/* ------------------------------------------------------------ freeing */

void amb_form_text_free(amb_form_text *t)
{
    free(t->da);
    free(t->en);
}

static void free_choices(amb_form_choice *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].code);
        amb_form_text_free(&c[i].label);
    }
    free(c);
}

void amb_form_rel_free(amb_form_rel *r)
{
    if (!r)
        return;
    amb_form_rel_clear(r);
    free(r);
}

void amb_form_rel_clear(amb_form_rel *r)
{
    for (size_t i = 0; i < r->nkids; i++)
        amb_form_rel_clear(&r->kids[i]);
    free(r->kids);
    free(r->q);
    free(r->value);
    memset(r, 0, sizeof *r);
}

void amb_form_free(amb_form *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nquestions; i++) {
        amb_form_question *q = &f->questions[i];
        free(q->id);
        amb_form_text_free(&q->label);
        amb_form_text_free(&q->hint);
        amb_form_text_free(&q->message);
        free_choices(q->choices, q->nchoices);
        free_choices(q->rows, q->nrows);
        free(q->pattern);
        amb_form_rel_free(q->relevant);
    }
    free(f->questions);
    for (size_t i = 0; i < f->npages; i++) {
        free(f->pages[i].id);
        amb_form_text_free(&f->pages[i].title);
    }
    free(f->pages);
    for (size_t i = 0; i < f->nproblems; i++) {
        free(f->problems[i].question);
        free(f->problems[i].message);
    }
    free(f->problems);
    amb_form_text_free(&f->title);
    amb_form_text_free(&f->intro);
    free(f->id);
    free(f->version);
    free(f->file);
    amb_lua_free(f->lua);
    free(f);
}

/* ------------------------------------------------------- constructors */

/* The current line of the nearest Lua function calling into C. */
static int caller_line(lua_State *L)
{
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++)
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
            return ar.currentline;
    return 0;
}

/* Upvalue 1: the load's state table {lines = {[decl] = line}, form = t,
 * forms = count}; upvalue 2: the type name or nil. */
static int decl(lua_State *L)
{
    if (lua_type(L, 1) != LUA_TTABLE)
        return luaL_error(L, "a declaration takes a table: name { ... }");
    lua_settop(L, 1);
    lua_getfield(L, lua_upvalueindex(1), "lines");
    lua_pushvalue(L, 1);
    lua_pushinteger(L, caller_line(L));
    lua_rawset(L, -3);
    lua_pop(L, 1);
    if (!lua_isnil(L, lua_upvalueindex(2))) {
        lua_pushliteral(L, "type");
        if (lua_rawget(L, 1) == LUA_TNIL) {
            lua_pushliteral(L, "type");
            lua_pushvalue(L, lua_upvalueindex(2));
            lua_rawset(L, 1);
        }
        lua_pop(L, 1);
    }
    return 1;
}

static int form_decl(lua_State *L)
{
    decl(L);
    int st = lua_upvalueindex(1);
    lua_getfield(L, st, "nforms");
    lua_Integer n = lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_pushinteger(L, n + 1);
    lua_setfield(L, st, "nforms");
    if (n == 0) {
        lua_pushvalue(L, 1);
        lua_setfield(L, st, "form");
    }
    return 1;
}

static void register_decls(lua_State *L)
{
    /* string.find as it was before the form ran (patterns use it). */
    lua_getglobal(L, "string");
    lua_getfield(L, -1, "find");
    lua_setfield(L, LUA_REGISTRYINDEX, AMB_FORM_FIND_KEY);
    lua_pop(L, 1);
    lua_newtable(L);                      /* the state table */
    lua_newtable(L);
    lua_setfield(L, -2, "lines");
    int st = lua_gettop(L);
    lua_pushvalue(L, st);
    lua_pushnil(L);
    lua_pushcclosure(L, form_decl, 2);
    lua_setglobal(L, "form");
    static const char *const plain[] = {"page", "question"};
    for (size_t i = 0; i < 2; i++) {
        lua_pushvalue(L, st);
        lua_pushnil(L);
        lua_pushcclosure(L, decl, 2);
        lua_setglobal(L, plain[i]);
    }
    for (int t = 0; t < AMB_FORM_NTYPES; t++) {
        lua_pushvalue(L, st);
        lua_pushstring(L, type_names[t]);
        lua_pushcclosure(L, decl, 2);
        lua_setglobal(L, type_names[t]);
    }
    lua_setfield(L, LUA_REGISTRYINDEX, AMB_FORM_STATE_KEY);
}

static int load_common(amb_lua *lh, const char *name, amb_form **out,
                       amb_error *err)
{
    lua_State *L = amb_lua_state(lh);
    lua_getfield(L, LUA_REGISTRYINDEX, AMB_FORM_STATE_KEY);
    int st = lua_gettop(L);
    lua_getfield(L, st, "form");
    if (!lua_istable(L, -1)) {
        lua_settop(L, st - 1);
        amb_lua_free(lh);
        return amb_error_set(err, AMB_ECONFIG, "%s: no form { ... } "
                             "declared", name);
    }
    amb_form *f = amb_xcalloc(1, sizeof *f);
    f->file = amb_xstrdup(name);
    f->lua = lh;
    lua_getfield(L, st, "nforms");
    if (lua_tointeger(L, -1) > 1)
        amb_form_problem_add(f, 0, NULL, "more than one form { ... } in "
                             "the file; only the first is used");
    lua_pop(L, 1);
    lua_getfield(L, st, "lines");
    /* stack: st, form, lines */
    amb_form_walk(f, L, st + 1, st + 2);
    lua_settop(L, st - 1);
    *out = f;
    return 0;
}

static int new_sandbox(const amb_lua_limits *limits, amb_lua **lh,
                       amb_error *err)
{
    int rc = amb_lua_new(limits, lh, err);
    if (rc == 0)
        register_decls(amb_lua_state(*lh));
    return rc;
}

int amb_form_load(const char *path, const amb_lua_limits *limits,
                  amb_form **out, amb_error *err)
{
    amb_lua *lh;
    *out = NULL;
    int rc = new_sandbox(limits, &lh, err);
    if (rc)
        return rc;
    rc = amb_lua_run_file(lh, path, 0, err);
    if (rc) {
        amb_lua_free(lh);
        return rc;
    }
    return load_common(lh, path, out, err);
}

int amb_form_load_string(const char *code, const char *name,
                         const amb_lua_limits *limits, amb_form **out,
                         amb_error *err)
{
    amb_lua *lh;
    *out = NULL;
    int rc = new_sandbox(limits, &lh, err);
    if (rc)
        return rc;
    rc = amb_lua_run_string(lh, code, name, 0, err);
    if (rc) {
        amb_lua_free(lh);
        return rc;
    }
    return load_common(lh, name, out, err);
}

void amb_form_problem_add(amb_form *f, int line, const char *question,
                          const char *fmt, ...)
{
    va_list ap;
    amb_error e;
    va_start(ap, fmt);
    amb_error_vset(&e, 0, fmt, ap);
    va_end(ap);
    f->problems = amb_xrealloc(f->problems,
                               (f->nproblems + 1) * sizeof *f->problems);
    amb_form_problem *p = &f->problems[f->nproblems++];
    p->line = line;
    p->question = amb_xstrdup(question);
    p->message = amb_xstrdup(e.msg);
}
