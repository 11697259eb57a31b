/*
 * ambition.c - loading and checking the ambition model (lua/ambition.lua).
 *
 * The file runs in a fresh sandbox and returns one table.  The conversion
 * to C walks that table inside a protected call (so that a Lua memory error
 * cannot escape) and stops at the first problem, naming the field by its
 * path: "lua/ambition.lua: focus_areas[2].subgoals[1].id: ...".  Unknown
 * keys are errors too, so a misspelt field is never silently ignored.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ambition.h"
#include "lua_host.h"
#include "status.h"

/* The walk over the returned table; the path names the field at hand. */
typedef struct walk {
    lua_State *L;
    const char *file;
    amb_error *err;
    amb_ambition *m;
    char path[256];
    int rc;
} walk;

/* Record the first problem: "FILE: PATH: message".  Returns -1. */
static int fail(walk *w, const char *fmt, ...) AMB_PRINTF(2, 3);
static int fail(walk *w, const char *fmt, ...)
{
    if (w->rc == 0) {
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        w->rc = amb_error_set(w->err, AMB_ECONFIG, "%s: %s: %s", w->file,
                              w->path[0] ? w->path : "(model)", msg);
    }
    return -1;
}

/* Append ".key" or "[i]" to the path; returns the old length to restore. */
static size_t path_push(walk *w, const char *key, size_t index)
{
    size_t len = strlen(w->path);
    if (key)
        snprintf(w->path + len, sizeof w->path - len, "%s%s",
                 len ? "." : "", key);
    else
        snprintf(w->path + len, sizeof w->path - len, "[%zu]", index);
    return len;
}

static void path_pop(walk *w, size_t len)
{
    w->path[len] = '\0';
}

/* Fail unless every key of the table at idx is one of known. */
static int check_keys(walk *w, int idx, const char *const *known)
{
    lua_State *L = w->L;
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            return fail(w, "keys must be names");
        }
        const char *key = lua_tostring(L, -1);
        int ok = 0;
        for (size_t i = 0; known[i] && !ok; i++)
            ok = strcmp(key, known[i]) == 0;
        if (!ok) {
            fail(w, "unknown field '%s'", key);
            lua_pop(L, 1);
            return -1;
        }
    }
    return 0;
}

/* table[key] as an owned non-empty string in *out; absent is fine unless
 * required. */
static int get_string(walk *w, int idx, const char *key, int required,
                      char **out)
{
    lua_State *L = w->L;
    size_t saved = path_push(w, key, 0);
    int t = lua_getfield(L, idx, key);
    int rc = 0;
    if (t == LUA_TSTRING && lua_rawlen(L, -1) > 0)
        *out = amb_xstrdup(lua_tostring(L, -1));
    else if (t != LUA_TNIL || required)
        rc = fail(w, "expected a non-empty string");
    lua_pop(L, 1);
    path_pop(w, saved);
    return rc;
}

/* table[key] as {da = ..., en = ...}, both required when present. */
static int get_text(walk *w, int idx, const char *key, int required,
                    amb_ambition_text *out)
{
    static const char *const known[] = {"da", "en", NULL};
    lua_State *L = w->L;
    size_t saved = path_push(w, key, 0);
    int t = lua_getfield(L, idx, key);
    int rc = 0;
    if (t == LUA_TTABLE) {
        rc = check_keys(w, -1, known);
        if (rc == 0)
            rc = get_string(w, -1, "da", 1, &out->da);
        if (rc == 0)
            rc = get_string(w, -1, "en", 1, &out->en);
    } else if (t != LUA_TNIL || required) {
        rc = fail(w, "expected a table { da = \"...\", en = \"...\" }");
    }
    lua_pop(L, 1);
    path_pop(w, saved);
    return rc;
}

/* Push table[key], which must be a non-empty list; *n gets its length.
 * Returns -1 (nothing pushed) on failure. */
static int push_list(walk *w, int idx, const char *key, size_t *n)
{
    lua_State *L = w->L;
    size_t saved = path_push(w, key, 0);
    int t = lua_getfield(L, idx, key);
    if (t != LUA_TTABLE || lua_rawlen(L, -1) == 0) {
        lua_pop(L, 1);
        fail(w, "expected a non-empty list");
        path_pop(w, saved);
        return -1;
    }
    *n = (size_t)lua_rawlen(L, -1);
    path_pop(w, saved);
    return 0;
}

/* 1 if s is n digits separated by dots ("5", "5.1", "5.1.3") with exactly
 * parts parts. */
static int dotted_id(const char *s, int parts)
{
    int seen = 0;
    while (*s) {
        if (*s < '0' || *s > '9')
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
        seen++;
        if (*s == '.')
            s++;
        else if (*s)
            return 0;
    }
    return seen == parts;
}

/* 1 if s is three digits. */
static int area_code(const char *s)
{
    return strlen(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' &&
           s[1] <= '9' && s[2] >= '0' && s[2] <= '9';
}

static int read_area(walk *w, int idx, amb_ambition_area *a)
{
    static const char *const known[] = {"code", "name", "official_code",
                                        NULL};
    if (check_keys(w, idx, known) || get_string(w, idx, "code", 1, &a->code) ||
        get_string(w, idx, "name", 1, &a->name))
        return -1;
    if (!area_code(a->code))
        return fail(w, "code '%s' is not a three-digit StatBank area code",
                    a->code);
    return 0;
}

/* Walk the list table[key], calling each(w, item index, i) with the item
 * pushed; stops at the first failure. */
typedef int (*item_fn)(walk *w, int idx, size_t i);
static int each_item(walk *w, int idx, const char *key, size_t *n,
                     item_fn each)
{
    lua_State *L = w->L;
    if (push_list(w, idx, key, n))
        return -1;
    size_t saved = path_push(w, key, 0);
    int rc = 0;
    for (size_t i = 0; i < *n && rc == 0; i++) {
        size_t inner = path_push(w, NULL, i + 1);
        if (lua_rawgeti(L, -1, (lua_Integer)i + 1) != LUA_TTABLE)
            rc = fail(w, "expected a table");
        else
            rc = each(w, lua_gettop(L), i);
        lua_pop(L, 1);
        path_pop(w, inner);
    }
    path_pop(w, saved);
    lua_pop(L, 1);
    return rc;
}

static int read_municipality(walk *w, int idx, size_t i)
{
    amb_ambition_area *a = &w->m->municipalities[i];
    if (read_area(w, idx, a))
        return -1;
    if (strcmp(a->code, w->m->region.code) == 0)
        return fail(w, "code '%s' is the region's", a->code);
    for (size_t k = 0; k < i; k++)
        if (strcmp(w->m->municipalities[k].code, a->code) == 0)
            return fail(w, "code '%s' appears twice", a->code);
    return 0;
}

static int read_partner(walk *w, int idx, size_t i)
{
    static const char *const known[] = {"id", "name", "composition", "focus",
                                        NULL};
    amb_ambition_partner *p = &w->m->partners[i];
    if (check_keys(w, idx, known) || get_string(w, idx, "id", 1, &p->id) ||
        get_string(w, idx, "name", 1, &p->name) ||
        get_text(w, idx, "composition", 1, &p->composition) ||
        get_text(w, idx, "focus", 1, &p->focus))
        return -1;
    for (size_t k = 0; k < i; k++)
        if (strcmp(w->m->partners[k].id, p->id) == 0)
            return fail(w, "partner '%s' appears twice", p->id);
    return 0;
}

/* A sub-goal id is new in the whole model. */
static int subgoal_unique(walk *w, const char *id)
{
    if (amb_ambition_find_subgoal(w->m, id))
        return fail(w, "sub-goal '%s' appears twice", id);
    return 0;
}

/* A sub-goal of the focus area being read (the last one counted). */
static int read_subgoal(walk *w, int idx, size_t i)
{
    static const char *const known[] = {"id", "title", NULL};
    amb_ambition_focus *f = &w->m->focus[w->m->nfocus - 1];
    amb_ambition_subgoal *g = &f->subgoals[i];
    char *id = NULL;
    if (check_keys(w, idx, known) || get_string(w, idx, "id", 1, &id))
        return -1;
    size_t plen = strlen(f->id);
    int rc = 0;
    if (!dotted_id(id, 3) || strncmp(id, f->id, plen) != 0 || id[plen] != '.')
        rc = fail(w, "id '%s' must be '%s.N'", id, f->id);
    if (rc == 0)
        rc = subgoal_unique(w, id);
    if (rc < 0) {
        free(id);
        return rc;
    }
    g->id = id;
    f->nsubgoals = i + 1;
    return get_text(w, idx, "title", 1, &g->title);
}

static int read_focus(walk *w, int idx, size_t i)
{
    static const char *const known[] = {"id", "title", "goal", "subgoals",
                                        NULL};
    amb_ambition_focus *f = &w->m->focus[i];
    size_t n;
    w->m->nfocus = i + 1;   /* owned (and freed) from here on */
    if (check_keys(w, idx, known) || get_string(w, idx, "id", 1, &f->id))
        return -1;
    if (!dotted_id(f->id, 2))
        return fail(w, "id '%s' must be 'N.N'", f->id);
    for (size_t k = 0; k < i; k++)
        if (strcmp(w->m->focus[k].id, f->id) == 0)
            return fail(w, "focus area '%s' appears twice", f->id);
    if (get_text(w, idx, "title", 1, &f->title) ||
        get_text(w, idx, "goal", 1, &f->goal))
        return -1;
    lua_getfield(w->L, idx, "subgoals");
    size_t count = lua_istable(w->L, -1) ? (size_t)lua_rawlen(w->L, -1) : 0;
    lua_pop(w->L, 1);
    f->subgoals = amb_xcalloc(count ? count : 1, sizeof *f->subgoals);
    return each_item(w, idx, "subgoals", &n, read_subgoal);
}

static int read_figure(walk *w, int idx, size_t i)
{
    static const char *const known[] = {"kind", "text", "value", "unit",
                                        "period", "subgoal", NULL};
    static const char *const kinds[] = {"baseline", "target", "projection",
                                        NULL};
    amb_ambition_figure *f = &w->m->figures[i];
    w->m->nfigures = i + 1;
    if (check_keys(w, idx, known) || get_string(w, idx, "kind", 1, &f->kind) ||
        get_text(w, idx, "text", 1, &f->text) ||
        get_string(w, idx, "unit", 1, &f->unit) ||
        get_string(w, idx, "period", 1, &f->period) ||
        get_string(w, idx, "subgoal", 1, &f->subgoal))
        return -1;
    int ok = 0;
    for (size_t k = 0; kinds[k]; k++)
        ok |= strcmp(f->kind, kinds[k]) == 0;
    if (!ok)
        return fail(w, "kind '%s' is not baseline, target or projection",
                    f->kind);
    lua_getfield(w->L, idx, "value");
    int isnum = lua_type(w->L, -1) == LUA_TNUMBER;
    f->value = isnum ? (double)lua_tonumber(w->L, -1) : 0.0;
    lua_pop(w->L, 1);
    if (!isnum || !isfinite(f->value))
        return fail(w, "value must be a finite number");
    if (amb_status_year(f->period) == 0)
        return fail(w, "period '%s' must start with a year", f->period);
    if (!amb_ambition_find_subgoal(w->m, f->subgoal))
        return fail(w, "unknown sub-goal '%s'", f->subgoal);
    return 0;
}

static int read_statement(walk *w, int idx, size_t i)
{
    static const char *const known[] = {"text", "subgoal", NULL};
    amb_ambition_statement *s = &w->m->statements[i];
    w->m->nstatements = i + 1;
    if (check_keys(w, idx, known) || get_text(w, idx, "text", 1, &s->text) ||
        get_string(w, idx, "subgoal", 1, &s->subgoal))
        return -1;
    if (!amb_ambition_find_subgoal(w->m, s->subgoal))
        return fail(w, "unknown sub-goal '%s'", s->subgoal);
    return 0;
}

/* Allocate room for the list table[key] (0 entries when absent). */
static void *alloc_list(walk *w, int idx, const char *key, size_t size)
{
    lua_getfield(w->L, idx, key);
    size_t n = lua_istable(w->L, -1) ? (size_t)lua_rawlen(w->L, -1) : 0;
    lua_pop(w->L, 1);
    return amb_xcalloc(n ? n : 1, size);
}

/* The whole model from the table at index 1; runs under lua_pcall with the
 * walk as light userdata at index 2. */
static int read_model(lua_State *L)
{
    static const char *const known[] = {"title", "subtitle", "vision",
        "region", "municipalities", "partners", "prerequisite", "focus_areas",
        "figures", "statements", NULL};
    static const char *const prereq_keys[] = {"id", "title", NULL};
    walk *w = lua_touserdata(L, 2);
    amb_ambition *m = w->m;
    size_t n, saved;
    if (!lua_istable(L, 1)) {
        fail(w, "the file must return the model as a table");
        return 0;
    }
    if (check_keys(w, 1, known) || get_string(w, 1, "title", 1, &m->title) ||
        get_text(w, 1, "subtitle", 0, &m->subtitle) ||
        get_text(w, 1, "vision", 0, &m->vision))
        return 0;
    saved = path_push(w, "region", 0);
    if (lua_getfield(L, 1, "region") != LUA_TTABLE)
        fail(w, "expected a table { code = \"081\", name = \"...\" }");
    else if (read_area(w, -1, &m->region) == 0)
        get_string(w, -1, "official_code", 0, &m->region_official_code);
    lua_pop(L, 1);
    path_pop(w, saved);
    if (w->rc)
        return 0;
    m->municipalities = alloc_list(w, 1, "municipalities",
                                   sizeof *m->municipalities);
    m->partners = alloc_list(w, 1, "partners", sizeof *m->partners);
    m->focus = alloc_list(w, 1, "focus_areas", sizeof *m->focus);
    m->figures = alloc_list(w, 1, "figures", sizeof *m->figures);
    m->statements = alloc_list(w, 1, "statements", sizeof *m->statements);
    if (each_item(w, 1, "municipalities", &m->nmunicipalities,
                  read_municipality) ||
        each_item(w, 1, "partners", &m->npartners, read_partner))
        return 0;
    saved = path_push(w, "prerequisite", 0);
    if (lua_getfield(L, 1, "prerequisite") != LUA_TTABLE)
        fail(w, "expected a table { id = \"4.2\", title = {...} }");
    else if (check_keys(w, -1, prereq_keys) == 0 &&
             get_string(w, -1, "id", 1, &m->prerequisite.id) == 0) {
        if (!dotted_id(m->prerequisite.id, 2))
            fail(w, "id '%s' must be 'N.N'", m->prerequisite.id);
        else
            get_text(w, -1, "title", 1, &m->prerequisite.title);
    }
    lua_pop(L, 1);
    path_pop(w, saved);
    if (w->rc || each_item(w, 1, "focus_areas", &n, read_focus))
        return 0;
    if (each_item(w, 1, "figures", &n, read_figure))
        return 0;
    lua_getfield(L, 1, "statements");
    int has_statements = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (has_statements)
        each_item(w, 1, "statements", &n, read_statement);
    return 0;
}

int amb_ambition_load(const char *path, amb_ambition **out, amb_error *err)
{
    amb_lua *lh = NULL;
    *out = NULL;
    int rc = amb_lua_new(NULL, &lh, err);
    if (rc < 0)
        return rc;
    rc = amb_lua_run_file(lh, path, 1, err);
    if (rc < 0) {
        amb_lua_free(lh);
        return rc == AMB_EIO || rc == AMB_ENOMEM ? rc : AMB_ECONFIG;
    }
    amb_ambition *m = amb_xcalloc(1, sizeof *m);
    walk w = {.L = amb_lua_state(lh), .file = path, .err = err, .m = m};
    lua_State *L = w.L;
    lua_pushcfunction(L, read_model);
    lua_insert(L, -2);
    lua_pushlightuserdata(L, &w);
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
        amb_error_set(err, AMB_ENOMEM, "%s: %s", path,
                      lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1)
                                                     : "out of memory");
        w.rc = AMB_ENOMEM;
    }
    amb_lua_free(lh);
    if (w.rc < 0) {
        amb_ambition_free(m);
        return w.rc;
    }
    *out = m;
    return 0;
}

int amb_ambition_load_default(amb_ambition **out, amb_error *err)
{
    char *path = amb_data_path("lua/ambition.lua");
    int rc = amb_ambition_load(path, out, err);
    free(path);
    return rc;
}

static void text_free(amb_ambition_text *t)
{
    free(t->da);
    free(t->en);
}

void amb_ambition_free(amb_ambition *m)
{
    if (!m)
        return;
    free(m->title);
    text_free(&m->subtitle);
    text_free(&m->vision);
    free(m->region.code);
    free(m->region.name);
    free(m->region_official_code);
    for (size_t i = 0; i < m->nmunicipalities; i++) {
        free(m->municipalities[i].code);
        free(m->municipalities[i].name);
    }
    free(m->municipalities);
    for (size_t i = 0; i < m->npartners; i++) {
        free(m->partners[i].id);
        free(m->partners[i].name);
        text_free(&m->partners[i].composition);
        text_free(&m->partners[i].focus);
    }
    free(m->partners);
    free(m->prerequisite.id);
    text_free(&m->prerequisite.title);
    for (size_t i = 0; i < m->nfocus; i++) {
        amb_ambition_focus *f = &m->focus[i];
        free(f->id);
        text_free(&f->title);
        text_free(&f->goal);
        for (size_t k = 0; k < f->nsubgoals; k++) {
            free(f->subgoals[k].id);
            text_free(&f->subgoals[k].title);
        }
        free(f->subgoals);
    }
    free(m->focus);
    for (size_t i = 0; i < m->nfigures; i++) {
        amb_ambition_figure *f = &m->figures[i];
        free(f->kind);
        text_free(&f->text);
        free(f->unit);
        free(f->period);
        free(f->subgoal);
    }
    free(m->figures);
    for (size_t i = 0; i < m->nstatements; i++) {
        text_free(&m->statements[i].text);
        free(m->statements[i].subgoal);
    }
    free(m->statements);
    free(m);
}
