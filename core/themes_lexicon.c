/*
 * themes_lexicon.c - loading the theme lexicon: Lua files run in the
 * sandbox with four globals,
 *
 *   partners { "KKR", "RAR", "BRN", "RR" }        column order
 *   theme "id" { title = "...", subgoals = {...}, terms = {...} }
 *                                                 define, or replace in place
 *   extend "id" { terms = {...}, subgoals = {...}, title = "..." }
 *                                                 add to a defined theme
 *   remove "id"                                   forget a theme
 *
 * Each is a C function that checks everything it is given (term syntax
 * included) before it changes the lexicon, and raises "file:line: what"
 * at the line that called it, so a failed load leaves a consistent
 * lexicon that amb_themes_lexicon_free() releases.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#include "themes.h"

#define ID_MAX 40
#define ORG_MAX 32
#define SUBGOAL_MAX 16

/* One load in progress, reached from the Lua functions as an upvalue. */
typedef struct lex_load {
    amb_themes_lexicon *lx;
    const char *file;        /* the file being run */
    size_t cap;              /* allocated entries of lx->themes */
} lex_load;

/* The current line of the nearest Lua function calling into C. */
static int caller_line(lua_State *L)
{
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++)
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
            return ar.currentline;
    return 0;
}

static int lex_raise(lua_State *L, const lex_load *ld, int line,
                     const char *fmt, ...) AMB_PRINTF(4, 5);
/* Raise "file:line: message"; does not return. */
static int lex_raise(lua_State *L, const lex_load *ld, int line,
                     const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lua_pushfstring(L, "%s:%d: %s", ld->file, line, msg);
    return lua_error(L);
}

/* 1 when s[0..n) has 1..max characters of [a-z0-9_] (lower) or
 * [A-Za-z0-9_.-] (org). */
static int valid_token(const char *s, size_t n, size_t max, int org)
{
    if (n == 0 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (org)
            ok = ok || (c >= 'A' && c <= 'Z') || c == '.' || c == '-';
        if (!ok)
            return 0;
    }
    return 1;
}

/* 1 when s is a sub-goal id: numbers joined by dots ("4.2", "5.1.3"). */
static int valid_subgoal(const char *s, size_t n)
{
    if (n == 0 || n > SUBGOAL_MAX || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' ? s[i + 1] == '.' : !(s[i] >= '0' && s[i] <= '9'))
            return 0;
    }
    return 1;
}

/* The theme named id, or -1. */
static long find_theme(const amb_themes_lexicon *lx, const char *id)
{
    for (size_t i = 0; i < lx->nthemes; i++)
        if (strcmp(lx->themes[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* The theme id argument at index 1 (checked). */
static const char *id_arg(lua_State *L, const lex_load *ld, int line,
                          const char *fn)
{
    size_t n;
    const char *id = lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &n)
                                                   : NULL;
    if (!id)
        lex_raise(L, ld, line, "%s: expects a theme id, as in %s \"fgu\" "
                  "{ ... }", fn, fn);
    if (!valid_token(id, n, ID_MAX, 0))
        lex_raise(L, ld, line, "%s: theme id '%.40s' must be 1 to %d "
                  "characters from a-z 0-9 _", fn, id, ID_MAX);
    return id;
}

/* Raise unless every key of the table at idx is in known. */
static void check_keys(lua_State *L, const lex_load *ld, int line, int idx,
                       const char *what, const char *const *known,
                       const char *list)
{
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1)
                                                       : NULL;
        int ok = 0;
        for (size_t i = 0; k && known[i]; i++)
            ok = ok || strcmp(k, known[i]) == 0;
        if (!ok)
            lex_raise(L, ld, line, "%s: unknown key '%.40s' (%s)", what,
                      k ? k : "?", list);
    }
}

enum { LIST_TERMS, LIST_SUBGOALS, LIST_ORGS };

/* Check that table[key] (table at idx) is absent (returns 0) or a list
 * of valid strings of the kind (returns its length; raises otherwise). */
static size_t check_list(lua_State *L, const lex_load *ld, int line, int idx,
                         const char *key, const char *what, int kind)
{
    lua_getfield(L, idx, key);
    int t = lua_type(L, -1);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    int list = lua_gettop(L);
    size_t n = t == LUA_TTABLE ? (size_t)lua_rawlen(L, list) : 0;
    size_t keys = 0;
    if (t == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, list)) {
            lua_pop(L, 1);
            keys++;
        }
    }
    if (t != LUA_TTABLE || keys != n)
        lex_raise(L, ld, line, "%s: '%s' must be a list of strings", what,
                  key);
    for (size_t i = 1; i <= n; i++) {
        size_t len = 0;
        const char *s = lua_rawgeti(L, list, (lua_Integer)i) == LUA_TSTRING
                            ? lua_tolstring(L, -1, &len) : NULL;
        if (!s)
            lex_raise(L, ld, line, "%s: %s[%zu] must be a string", what, key,
                      i);
        char why[160];
        if (kind == LIST_TERMS &&
            amb_themes_term_check(s, len, why, sizeof why) < 0)
            lex_raise(L, ld, line, "%s: %s[%zu] \"%.60s\": %s", what, key, i,
                      s, why);
        if (kind == LIST_SUBGOALS && !valid_subgoal(s, len))
            lex_raise(L, ld, line, "%s: %s[%zu] '%.20s' is not a sub-goal id "
                      "such as \"5.1.3\"", what, key, i, s);
        if (kind == LIST_ORGS && !valid_token(s, len, ORG_MAX, 1))
            lex_raise(L, ld, line, "%s: %s[%zu] '%.40s' must be 1 to %d "
                      "characters from A-Z a-z 0-9 _ . -", what, key, i, s,
                      ORG_MAX);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return n;
}

/* Append the strings of list table[key] (already checked) to *v. */
static void append_list(lua_State *L, int idx, const char *key, char ***v,
                        size_t *n)
{
    lua_getfield(L, idx, key);
    if (lua_type(L, -1) == LUA_TTABLE) {
        size_t k = (size_t)lua_rawlen(L, -1);
        *v = amb_xrealloc(*v, (*n + k + 1) * sizeof(char *));
        for (size_t i = 1; i <= k; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i);
            (*v)[(*n)++] = amb_xstrdup(lua_tostring(L, -1));
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Free a theme's strings and zero it. */
static void theme_clear(amb_theme *t)
{
    free(t->id);
    free(t->title);
    free_list(t->subgoals, t->nsubgoals);
    free_list(t->terms, t->nterms);
    free(t->file);
    memset(t, 0, sizeof *t);
}

/* An optional non-empty string table[key]: NULL when absent. */
static const char *opt_title(lua_State *L, const lex_load *ld, int line,
                             int idx, const char *what)
{
    lua_getfield(L, idx, "title");
    int t = lua_type(L, -1);
    size_t n = 0;
    const char *s = t == LUA_TSTRING ? lua_tolstring(L, -1, &n) : NULL;
    lua_pop(L, 1);
    if (t != LUA_TNIL && (!s || n == 0 || memchr(s, '\0', n)))
        lex_raise(L, ld, line, "%s: 'title' must be a non-empty string",
                  what);
    return s;   /* still referenced by the table */
}

/* theme "id" { ... } and extend "id" { ... }: the options function. */
static int lex_theme_body(lua_State *L)
{
    lex_load *ld = lua_touserdata(L, lua_upvalueindex(1));
    const char *id = lua_tostring(L, lua_upvalueindex(2));
    int line = (int)lua_tointeger(L, lua_upvalueindex(3));
    int extend = lua_toboolean(L, lua_upvalueindex(4));
    amb_themes_lexicon *lx = ld->lx;
    char what[80];
    snprintf(what, sizeof what, "%s '%s'", extend ? "extend" : "theme", id);
    if (lua_gettop(L) != 1 || !lua_istable(L, 1))
        return lex_raise(L, ld, line, "%s: expects a table, as in %s \"%s\" "
                         "{ terms = { ... } }", what,
                         extend ? "extend" : "theme", id);
    static const char *const known[] = {"title", "subgoals", "terms", NULL};
    check_keys(L, ld, line, 1, what, known, "title, subgoals, terms");
    const char *title = opt_title(L, ld, line, 1, what);
    size_t nsub = check_list(L, ld, line, 1, "subgoals", what, LIST_SUBGOALS);
    size_t nterms = check_list(L, ld, line, 1, "terms", what, LIST_TERMS);
    (void)nsub;
    long at = find_theme(lx, id);
    if (extend) {
        if (at < 0)
            return lex_raise(L, ld, line, "extend: no theme '%s' (define it "
                             "with theme \"%s\" { ... })", id, id);
    } else {
        if (!title)
            return lex_raise(L, ld, line, "%s: 'title' is required", what);
        if (nterms == 0)
            return lex_raise(L, ld, line, "%s: 'terms' must list at least "
                             "one term", what);
    }
    /* Everything is checked: change the lexicon. */
    amb_theme *t;
    if (at >= 0) {
        t = &lx->themes[at];
        if (!extend) {
            theme_clear(t);
            t->id = amb_xstrdup(id);
        }
    } else {
        if (lx->nthemes == ld->cap) {
            ld->cap = ld->cap ? ld->cap * 2 : 32;
            lx->themes = amb_xrealloc(lx->themes, ld->cap * sizeof *t);
        }
        t = &lx->themes[lx->nthemes++];
        memset(t, 0, sizeof *t);
        t->id = amb_xstrdup(id);
    }
    if (title) {
        free(t->title);
        t->title = amb_xstrdup(title);
    }
    if (!extend) {
        free(t->file);
        t->file = amb_xstrdup(ld->file);
        t->line = line;
    }
    append_list(L, 1, "subgoals", &t->subgoals, &t->nsubgoals);
    append_list(L, 1, "terms", &t->terms, &t->nterms);
    return 0;
}

/* theme "id" / extend "id": return the function that takes the table. */
static int lex_theme_common(lua_State *L, int extend)
{
    lex_load *ld = lua_touserdata(L, lua_upvalueindex(1));
    int line = caller_line(L);
    const char *id = id_arg(L, ld, line, extend ? "extend" : "theme");
    lua_pushlightuserdata(L, ld);
    lua_pushstring(L, id);
    lua_pushinteger(L, line);
    lua_pushboolean(L, extend);
    lua_pushcclosure(L, lex_theme_body, 4);
    return 1;
}

static int lex_theme(lua_State *L)
{
    return lex_theme_common(L, 0);
}

static int lex_extend(lua_State *L)
{
    return lex_theme_common(L, 1);
}

/* remove "id" */
static int lex_remove(lua_State *L)
{
    lex_load *ld = lua_touserdata(L, lua_upvalueindex(1));
    int line = caller_line(L);
    const char *id = id_arg(L, ld, line, "remove");
    amb_themes_lexicon *lx = ld->lx;
    long at = find_theme(lx, id);
    if (at < 0)
        return lex_raise(L, ld, line, "remove: no theme '%s'", id);
    theme_clear(&lx->themes[at]);
    memmove(&lx->themes[at], &lx->themes[at + 1],
            (lx->nthemes - (size_t)at - 1) * sizeof lx->themes[0]);
    lx->nthemes--;
    return 0;
}

/* partners { "KKR", ... } */
static int lex_partners(lua_State *L)
{
    lex_load *ld = lua_touserdata(L, lua_upvalueindex(1));
    int line = caller_line(L);
    if (lua_gettop(L) != 1 || !lua_istable(L, 1))
        return lex_raise(L, ld, line, "partners: expects a list, as in "
                         "partners { \"KKR\", \"RAR\" }");
    /* check_list reads table[key]: wrap the list. */
    lua_createtable(L, 0, 1);
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "partners");
    int wrap = lua_gettop(L);
    check_list(L, ld, line, wrap, "partners", "partners", LIST_ORGS);
    amb_themes_lexicon *lx = ld->lx;
    free_list(lx->partners, lx->npartners);
    lx->partners = NULL;
    lx->npartners = 0;
    append_list(L, wrap, "partners", &lx->partners, &lx->npartners);
    return 0;
}

void amb_themes_lexicon_free(amb_themes_lexicon *lx)
{
    if (!lx)
        return;
    for (size_t i = 0; i < lx->nthemes; i++)
        theme_clear(&lx->themes[i]);
    free(lx->themes);
    free_list(lx->partners, lx->npartners);
    free_list(lx->files, lx->nfiles);
    free(lx);
}

int amb_themes_lexicon_load(const char *const *files, size_t nfiles,
                            const amb_lua_limits *limits,
                            amb_themes_lexicon **out, amb_error *err)
{
    *out = NULL;
    amb_lua *lh;
    int rc = amb_lua_new(limits, &lh, err);
    if (rc < 0)
        return rc;
    amb_themes_lexicon *lx = amb_xcalloc(1, sizeof *lx);
    lex_load ld = {.lx = lx, .file = NULL, .cap = 0};
    lua_State *L = amb_lua_state(lh);
    static const struct {
        const char *name;
        lua_CFunction fn;
    } globals[] = {{"theme", lex_theme}, {"extend", lex_extend},
                   {"remove", lex_remove}, {"partners", lex_partners}};
    for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++) {
        lua_pushlightuserdata(L, &ld);
        lua_pushcclosure(L, globals[i].fn, 1);
        lua_setglobal(L, globals[i].name);
    }
    for (size_t i = 0; i < nfiles && rc == 0; i++) {
        ld.file = files[i];
        rc = amb_lua_run_file(lh, files[i], 0, err);
        lx->files = amb_xrealloc(lx->files, (lx->nfiles + 1) * sizeof(char *));
        lx->files[lx->nfiles++] = amb_xstrdup(files[i]);
    }
    amb_lua_free(lh);
    if (rc < 0) {
        amb_themes_lexicon_free(lx);
        return rc == AMB_EIO || rc == AMB_ENOMEM ? rc : AMB_ECONFIG;
    }
    *out = lx;
    return 0;
}

int amb_themes_lexicon_load_default(const char *workspace_dir,
                                    const amb_lua_limits *limits,
                                    amb_themes_lexicon **out, amb_error *err)
{
    char *files[2];
    size_t n = 0;
    files[n++] = amb_data_path("lua/themes.lua");
    if (workspace_dir) {
        char *own = amb_path_join(workspace_dir, "themes.lua");
        if (access(own, F_OK) == 0)
            files[n++] = own;
        else
            free(own);
    }
    int rc = amb_themes_lexicon_load((const char *const *)files, n, limits,
                                     out, err);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    return rc;
}

int amb_themes_lexicon_matcher(const amb_themes_lexicon *lx,
                               amb_themes_matcher **out, amb_error *err)
{
    amb_themes_matcher *m = amb_themes_matcher_new();
    if (!m)
        return amb_error_set(err, AMB_ENOMEM, "themes: out of memory");
    for (size_t t = 0; t < lx->nthemes; t++) {
        const amb_theme *th = &lx->themes[t];
        for (size_t i = 0; i < th->nterms; i++) {
            char why[160];
            int rc = amb_themes_matcher_add(m, th->terms[i],
                                            strlen(th->terms[i]),
                                            (unsigned)t, why, sizeof why);
            if (rc < 0) {
                amb_themes_matcher_free(m);
                if (rc == -2)
                    return amb_error_set(err, AMB_ENOMEM, "themes: out of "
                                         "memory");
                return amb_error_set(err, AMB_ECONFIG, "%s:%d: theme '%s': "
                                     "term \"%s\": %s", th->file, th->line,
                                     th->id, th->terms[i], why);
            }
        }
    }
    *out = m;
    return 0;
}
