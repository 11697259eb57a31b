/*
 * ind_dsl.c - the indicator { ... } function rule files call: checking a
 * declaration, copying it into a rule, and running one rule file
 * (ind_load.c loads files and directories into sets).
 *
 * indicator { } checks every field before it copies anything, so that the
 * error it raises (a longjmp through this C code) never leaves memory
 * behind; its messages read "FILE:LINE: indicator 'id': what", LINE being
 * the line of the indicator call.  The field reference is ambit-lua(5).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ind_internal.h"

#define IND_ID_MAX 64

/* One file being run; the upvalue of indicator(). */
typedef struct ind_loader {
    amb_ind_set *set;             /* where new rules go (check mode) */
    amb_ind_set *scratch;         /* capture mode: checked, then dropped */
    const amb_ambition *model;
    const char *file;
    const char *capture_id;
    int captured;
} ind_loader;

/* The current line of the nearest Lua function calling into C. */
static int caller_line(lua_State *L)
{
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++)
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
            return ar.currentline;
    return 0;
}

/* The call being checked: where it is and which indicator it declares. */
typedef struct ind_call {
    lua_State *L;
    const ind_loader *ld;
    int line;
    const char *id;               /* NULL until known */
} ind_call;

/* Raise "FILE:LINE: indicator 'id': message"; does not return. */
static int dsl_raise(const ind_call *c, const char *fmt, ...) AMB_PRINTF(2, 3);
static int dsl_raise(const ind_call *c, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->id)
        lua_pushfstring(c->L, "%s:%d: indicator '%s': %s", c->ld->file,
                        c->line, c->id, msg);
    else
        lua_pushfstring(c->L, "%s:%d: indicator: %s", c->ld->file, c->line,
                        msg);
    return lua_error(c->L);
}

/* Push t[key] (raw) and return its type. */
static int field(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, t);
}

/* A non-empty string at the top, or NULL. */
static const char *top_string(lua_State *L)
{
    size_t len;
    if (lua_type(L, -1) != LUA_TSTRING)
        return NULL;
    const char *s = lua_tolstring(L, -1, &len);
    return len > 0 && strlen(s) == len ? s : NULL;
}

/* Raise for a key of table t (named where, "" at the top) not in known. */
static void check_keys(const ind_call *c, int t, const char *where,
                       const char *const *known)
{
    lua_State *L = c->L;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            dsl_raise(c, "%s%sfields must have names", where,
                      *where ? ": " : "");
        const char *key = lua_tostring(L, -1);
        int ok = 0;
        for (size_t i = 0; known[i] && !ok; i++)
            ok = strcmp(key, known[i]) == 0;
        if (!ok)
            dsl_raise(c, "unknown field '%s%s%s'", where, *where ? "." : "",
                      key);
    }
}

/* Check {da = "...", en = "..."} at t[key]. */
static void check_text(const ind_call *c, int t, const char *key)
{
    static const char *const known[] = {"da", "en", NULL};
    lua_State *L = c->L;
    if (field(L, t, key) != LUA_TTABLE)
        dsl_raise(c, "'%s' must be a table { da = \"...\", en = \"...\" }",
                  key);
    int tt = lua_gettop(L);
    check_keys(c, tt, key, known);
    for (size_t i = 0; known[i]; i++) {
        field(L, tt, known[i]);
        if (!top_string(L))
            dsl_raise(c, "%s.%s must be a non-empty string", key, known[i]);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* A period at the top: a string or whole number starting with a year.
 * Returns the year. */
static int check_period(const ind_call *c, const char *what)
{
    lua_State *L = c->L;
    int year = 0;
    if (lua_isinteger(L, -1)) {
        lua_Integer v = lua_tointeger(L, -1);
        year = v >= 1000 && v <= 9999 ? (int)v : 0;
    } else if (top_string(L)) {
        year = amb_status_year(lua_tostring(L, -1));
    }
    if (!year)
        dsl_raise(c, "%s must be a period that starts with a year, such as "
                  "\"2019\"", what);
    return year;
}

/* A finite number at the top. */
static void check_number(const ind_call *c, const char *what)
{
    if (lua_type(c->L, -1) != LUA_TNUMBER || !isfinite(lua_tonumber(c->L, -1)))
        dsl_raise(c, "%s must be a finite number", what);
}

/* baseline = { period, value, note } or target = { period, value }; the
 * year of its period (0 when absent). */
static int check_point(const ind_call *c, int t, const char *key,
                       int value_required)
{
    static const char *const baseline_keys[] = {"period", "value", "note",
                                                NULL};
    static const char *const target_keys[] = {"period", "value", NULL};
    lua_State *L = c->L;
    char what[32];
    int ft = field(L, t, key);
    if (ft == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (ft != LUA_TTABLE)
        dsl_raise(c, "'%s' must be a table { period = \"2019\", value = 24%s } "
                  "or nil", key, value_required ? "" : ", note = \"...\"");
    int pt = lua_gettop(L);
    check_keys(c, pt, key, value_required ? target_keys : baseline_keys);
    snprintf(what, sizeof what, "%s.period", key);
    field(L, pt, "period");
    int year = check_period(c, what);
    lua_pop(L, 1);
    snprintf(what, sizeof what, "%s.value", key);
    if (field(L, pt, "value") != LUA_TNIL || value_required)
        check_number(c, what);
    lua_pop(L, 1);
    if (field(L, pt, "note") != LUA_TNIL && !top_string(L))
        dsl_raise(c, "%s.note must be a non-empty string", key);
    lua_pop(L, 2);
    return year;
}

/* 1 if s is a dataset id or question id: [A-Za-z0-9_.-]{1,64}. */
static int valid_ref(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] >= 'A' && s[i] <= 'Z') && !(s[i] >= 'a' && s[i] <= 'z') &&
            !(s[i] >= '0' && s[i] <= '9') && s[i] != '_' && s[i] != '.' &&
            s[i] != '-')
            return 0;
    return 1;
}

/* reads = { datasets = {...}, survey = {...} }: lists of ids, not both
 * empty. */
static void check_reads(const ind_call *c, int t)
{
    static const char *const known[] = {"datasets", "survey", NULL};
    lua_State *L = c->L;
    if (field(L, t, "reads") != LUA_TTABLE)
        dsl_raise(c, "'reads' must be a table { datasets = { ... }, survey = "
                  "{ ... } } naming what compute reads");
    int rt = lua_gettop(L);
    check_keys(c, rt, "reads", known);
    size_t total = 0;
    for (size_t k = 0; known[k]; k++) {
        int ft = field(L, rt, known[k]);
        if (ft != LUA_TNIL && ft != LUA_TTABLE)
            dsl_raise(c, "reads.%s must be a list of ids", known[k]);
        size_t n = ft == LUA_TTABLE ? (size_t)lua_rawlen(L, -1) : 0;
        for (size_t i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i);
            const char *s = top_string(L);
            if (!s || !valid_ref(s))
                dsl_raise(c, "reads.%s[%zu] must be an id of A-Z a-z 0-9 _ . -",
                          known[k], i);
            lua_pop(L, 1);
        }
        total += n;
        lua_pop(L, 1);
    }
    if (total == 0)
        dsl_raise(c, "'reads' names no dataset and no survey question");
    lua_pop(L, 1);
}

/* Check the whole declaration (table at index 1) without copying. */
static void check_declaration(ind_call *c)
{
    static const char *const known[] = {"id", "title", "description",
        "subgoal", "unit", "direction", "baseline", "target", "breakdown",
        "reads", "source_note", "bounded", "compute", NULL};
    lua_State *L = c->L;
    field(L, 1, "id");
    const char *id = top_string(L);
    if (!id)
        dsl_raise(c, "'id' is required: a name of a-z, 0-9 and _");
    size_t n = id ? strlen(id) : 0;
    int ok = n <= IND_ID_MAX;
    for (size_t i = 0; i < n && ok; i++)
        ok = (id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
             id[i] == '_';
    if (!ok)
        dsl_raise(c, "id '%.64s' must be 1 to %d characters of a-z, 0-9 and _",
                  id, IND_ID_MAX);
    c->id = id;              /* kept alive by the table */
    lua_pop(L, 1);
    check_keys(c, 1, "", known);
    check_text(c, 1, "title");
    check_text(c, 1, "description");
    field(L, 1, "subgoal");
    const char *sg = top_string(L);
    if (!sg)
        dsl_raise(c, "'subgoal' is required, such as \"5.1.3\"");
    if (!amb_ambition_find_subgoal(c->ld->model, sg))
        dsl_raise(c, "unknown sub-goal '%.32s'", sg);
    lua_pop(L, 1);
    field(L, 1, "unit");
    if (!top_string(L))
        dsl_raise(c, "'unit' must be a non-empty string");
    lua_pop(L, 1);
    field(L, 1, "direction");
    const char *dir = top_string(L);
    if (!dir)
        dsl_raise(c, "'direction' is required: \"higher\" or \"lower\" is "
                  "better (ambit never assumes one)");
    else if (strcmp(dir, "higher") != 0 && strcmp(dir, "lower") != 0)
        dsl_raise(c, "direction must be \"higher\" or \"lower\", not "
                  "'%.32s'", dir);
    lua_pop(L, 1);
    int base = check_point(c, 1, "baseline", 0);
    int target = check_point(c, 1, "target", 1);
    if (base && target && target <= base)
        dsl_raise(c, "target.period (%d) must come after baseline.period (%d)",
                  target, base);
    int ft = field(L, 1, "breakdown");
    const char *bd = top_string(L);
    if (ft != LUA_TNIL && (!bd || (strcmp(bd, "region") != 0 &&
                                   strcmp(bd, "municipality") != 0 &&
                                   strcmp(bd, "both") != 0)))
        dsl_raise(c, "breakdown must be \"region\", \"municipality\" or "
                  "\"both\"");
    lua_pop(L, 1);
    check_reads(c, 1);
    field(L, 1, "source_note");
    if (!top_string(L))
        dsl_raise(c, "'source_note' is required: where the data come from");
    lua_pop(L, 1);
    ft = field(L, 1, "bounded");
    if (ft != LUA_TNIL) {
        static const char *const bkeys[] = {"limit", NULL};
        if (ft != LUA_TTABLE)
            dsl_raise(c, "'bounded' must be a table { limit = 100 } or nil");
        check_keys(c, lua_gettop(L), "bounded", bkeys);
        field(L, lua_gettop(L), "limit");
        check_number(c, "bounded.limit");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (field(L, 1, "compute") != LUA_TFUNCTION)
        dsl_raise(c, "'compute' must be a function(q) returning "
                  "area -> { period -> value }");
    lua_pop(L, 1);
}

/* An owned copy of t[key] (string or whole number), or NULL. */
static char *copy_field(lua_State *L, int t, const char *key)
{
    char *s = NULL;
    int ft = field(L, t, key);
    if (ft == LUA_TSTRING)
        s = amb_xstrdup(lua_tostring(L, -1));
    else if (ft == LUA_TNUMBER && lua_isinteger(L, -1))
        s = amb_xasprintf("%lld", (long long)lua_tointeger(L, -1));
    lua_pop(L, 1);
    return s;
}

/* Copy t[key] = {da, en}. */
static void copy_text(lua_State *L, int t, const char *key,
                      amb_ambition_text *out)
{
    field(L, t, key);
    out->da = copy_field(L, lua_gettop(L), "da");
    out->en = copy_field(L, lua_gettop(L), "en");
    lua_pop(L, 1);
}

/* Copy the list t[key] of strings. */
static char **copy_list(lua_State *L, int t, const char *key, size_t *n)
{
    *n = 0;
    if (field(L, t, key) != LUA_TTABLE) {
        lua_pop(L, 1);
        return NULL;
    }
    size_t len = (size_t)lua_rawlen(L, -1);
    char **list = amb_xcalloc(len ? len : 1, sizeof *list);
    for (size_t i = 1; i <= len; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i);
        list[(*n)++] = amb_xstrdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return list;
}

/* Fill r from the checked declaration at index 1; cannot raise except for
 * a memory error of Lua itself. */
static void copy_declaration(lua_State *L, const ind_call *c, amb_ind_rule *r)
{
    r->id = copy_field(L, 1, "id");
    r->file = amb_xstrdup(c->ld->file);
    r->line = c->line;
    copy_text(L, 1, "title", &r->title);
    copy_text(L, 1, "description", &r->description);
    r->subgoal = copy_field(L, 1, "subgoal");
    r->unit = copy_field(L, 1, "unit");
    char *dir = copy_field(L, 1, "direction");
    r->direction = strcmp(dir, "lower") == 0 ? -1 : 1;
    free(dir);
    if (field(L, 1, "baseline") == LUA_TTABLE) {
        int t = lua_gettop(L);
        r->has_baseline = 1;
        r->baseline_period = copy_field(L, t, "period");
        r->baseline_note = copy_field(L, t, "note");
        if (field(L, t, "value") == LUA_TNUMBER) {
            r->has_baseline_value = 1;
            r->baseline_value = (double)lua_tonumber(L, -1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (field(L, 1, "target") == LUA_TTABLE) {
        int t = lua_gettop(L);
        r->has_target = 1;
        r->target_period = copy_field(L, t, "period");
        field(L, t, "value");
        r->target_value = (double)lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    char *bd = copy_field(L, 1, "breakdown");
    r->breakdown = !bd || strcmp(bd, "both") == 0 ? AMB_IND_BOTH
                   : strcmp(bd, "region") == 0 ? AMB_IND_REGION
                                               : AMB_IND_MUNICIPALITY;
    free(bd);
    field(L, 1, "reads");
    r->datasets = copy_list(L, lua_gettop(L), "datasets", &r->ndatasets);
    r->survey = copy_list(L, lua_gettop(L), "survey", &r->nsurvey);
    lua_pop(L, 1);
    r->source_note = copy_field(L, 1, "source_note");
    if (field(L, 1, "bounded") == LUA_TTABLE) {
        field(L, lua_gettop(L), "limit");
        r->bounded = 1;
        r->limit = (double)lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* Room for one more rule at the end of set (not yet counted). */
static amb_ind_rule *set_slot(amb_ind_set *set)
{
    if (set->n == set->cap) {
        set->cap = set->cap ? 2 * set->cap : 16;
        set->rules = amb_xrealloc(set->rules, set->cap * sizeof *set->rules);
    }
    return &set->rules[set->n];
}

/* indicator { ... }: check, then (check mode) add to the set or (capture
 * mode) keep the compute function of the indicator asked for. */
static int lua_indicator(lua_State *L)
{
    ind_loader *ld = lua_touserdata(L, lua_upvalueindex(1));
    ind_call c = {L, ld, caller_line(L), NULL};
    if (lua_gettop(L) != 1 || !lua_istable(L, 1))
        return dsl_raise(&c, "expects one table, as in indicator { id = "
                         "\"eud_share\", ... }");
    check_declaration(&c);
    amb_ind_set *set = ld->capture_id ? ld->scratch : ld->set;
    const amb_ind_rule *dup = amb_ind_set_find(set, c.id);
    if (dup)
        return dsl_raise(&c, "already declared at %s:%d", dup->file, dup->line);
    if (ld->capture_id && strcmp(ld->capture_id, c.id) == 0) {
        field(L, 1, "compute");
        lua_setfield(L, LUA_REGISTRYINDEX, IND_COMPUTE_KEY);
        ld->captured = 1;
    }
    /* Counted before it is filled: a Lua memory error half-way leaves a
     * partial rule that the set still frees. */
    amb_ind_rule *slot = set_slot(set);
    memset(slot, 0, sizeof *slot);
    set->n++;
    copy_declaration(L, &c, slot);
    return 0;
}

int ind_run_rule_file(amb_lua *lh, amb_ind_set *set, const amb_ambition *m,
                      const char *path, const char *capture_id,
                      amb_error *err)
{
    amb_ind_set *scratch = capture_id ? amb_ind_set_new() : NULL;
    ind_loader ld = {set, scratch, m, path, capture_id, 0};
    lua_State *L = amb_lua_state(lh);
    size_t before = set ? set->n : 0;
    lua_pushlightuserdata(L, &ld);
    lua_pushcclosure(L, lua_indicator, 1);
    lua_setglobal(L, "indicator");
    int rc = amb_lua_run_file(lh, path, 0, err);
    amb_ind_set_free(scratch);
    if (rc < 0) {
        /* All or none: drop what this file added before failing. */
        while (set && set->n > before)
            ind_rule_clear(&set->rules[--set->n]);
        return rc == AMB_EIO || rc == AMB_ENOMEM ? rc : AMB_ECONFIG;
    }
    if (capture_id && !ld.captured)
        return amb_error_set(err, AMB_ENOTFOUND, "%s: indicator '%s' is no "
                             "longer declared here", path, capture_id);
    return 0;
}

void ind_rule_clear(amb_ind_rule *r)
{
    free(r->id);
    free(r->file);
    free(r->title.da);
    free(r->title.en);
    free(r->description.da);
    free(r->description.en);
    free(r->subgoal);
    free(r->unit);
    free(r->baseline_period);
    free(r->baseline_note);
    free(r->target_period);
    for (size_t i = 0; i < r->ndatasets; i++)
        free(r->datasets[i]);
    free(r->datasets);
    for (size_t i = 0; i < r->nsurvey; i++)
        free(r->survey[i]);
    free(r->survey);
    free(r->source_note);
    memset(r, 0, sizeof *r);
}
