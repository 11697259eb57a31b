/*
 * ind_query.c - the query API a compute function receives as q: argument
 * checking, the measures it describes, and the rows of ind_sql.c turned
 * into nested Lua tables (group code -> ... -> period -> value).
 *
 * Every function raises "indicator 'id': ..." errors (Lua adds the
 * caller's file:line).  Nothing a function allocates outlives a raise: SQL
 * text, parameters and the statement live in the ind_query and are reused
 * or freed there; codes are anchored in a Lua table on the stack.  The
 * reference is ambit-lua(5).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ind_internal.h"

void ind_query_init(ind_query *q, sqlite3 *db, const amb_ind_rule *rule,
                    const amb_ambition *model)
{
    memset(q, 0, sizeof *q);
    q->db = db;
    q->rule = rule;
    q->model = model;
}

void ind_query_clear(ind_query *q)
{
    sqlite3_finalize(q->stmt);
    for (size_t i = 0; i < q->ncache; i++) {
        ind_dataset *ds = q->cache[i];
        free(ds->code);
        free(ds->time_id);
        for (size_t k = 0; k < ds->ndims; k++)
            free(ds->dims[k]);
        free(ds);
    }
    free(q->cache);
    amb_buf_free(&q->sql);
    free((void *)q->codes);
    free((void *)q->binds);
    memset(q, 0, sizeof *q);
}

ind_query *ind_q_ctx(lua_State *L)
{
    return lua_touserdata(L, lua_upvalueindex(1));
}

/* Raise "indicator 'id': message" from the calling Lua line, after
 * releasing the statement of the call. */
int ind_q_raise(lua_State *L, ind_query *q, const char *fmt, ...)
    {
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sqlite3_finalize(q->stmt);
    q->stmt = NULL;
    return luaL_error(L, "indicator '%s': %s", q->rule->id, msg);
}

/* Raise unless every key of the table at idx is in known. */
void ind_q_check_args(lua_State *L, ind_query *q, const char *fn, int idx,
                      const char *const *known)
{
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        const char *key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1)
                                                         : NULL;
        int ok = 0;
        for (size_t i = 0; key && known[i] && !ok; i++)
            ok = strcmp(key, known[i]) == 0;
        if (!ok)
            ind_q_raise(L, q, "%s: unknown argument '%s'", fn,
                        key ? key : lua_typename(L, lua_type(L, -1)));
    }
}

/* spec[key], else parent[key] (parent may be 0): pushed; returns its type. */
static int inherited(lua_State *L, int spec, int parent, const char *key)
{
    int t = lua_getfield(L, spec, key);
    if (t == LUA_TNIL && parent) {
        lua_pop(L, 1);
        t = lua_getfield(L, parent, key);
    }
    return t;
}

/* The dataset a measure names (declared in reads.datasets and stored). */
static const ind_dataset *measure_dataset(lua_State *L, ind_query *q,
                                          const char *fn, const char *code)
{
    int declared = 0;
    for (size_t i = 0; i < q->rule->ndatasets && !declared; i++)
        declared = strcmp(q->rule->datasets[i], code) == 0;
    if (!declared)
        ind_q_raise(L, q, "%s: dataset '%s' is not declared in reads.datasets",
                    fn, code);
    const ind_dataset *ds = ind_sql_dataset(q, code);
    if (!ds)
        ind_q_raise(L, q, "%s", q->msg);
    return ds;
}

/* The column of dimension name in m's dataset: "area", the time dimension
 * (-1) or a dimension id; raises for anything else. */
static int resolve_dim(lua_State *L, ind_query *q, const char *fn,
                       const ind_measure *m, const char *name)
{
    const ind_dataset *ds = m->ds;
    if (strcmp(name, "area") == 0) {
        if (m->area_pos < 0)
            ind_q_raise(L, q, "%s: dataset '%s' has no area dimension (name it "
                        "with area = \"DIM\")", fn, ds->code);
        return m->area_pos;
    }
    if (strcmp(name, ds->time_id) == 0)
        return -1;
    for (size_t i = 0; i < ds->ndims; i++)
        if (strcmp(ds->dims[i], name) == 0)
            return (int)i;
    char have[256] = "";
    for (size_t i = 0; i < ds->ndims; i++) {
        size_t used = strlen(have);
        snprintf(have + used, sizeof have - used, "%s%s", i ? ", " : "",
                 ds->dims[i]);
    }
    return ind_q_raise(L, q, "%s: dataset '%s' has no dimension '%s' (it has "
                       "%s and the time dimension %s)", fn, ds->code, name, have,
                       ds->time_id);
}

/* Anchor the code at the top of the stack (a string or number) in the
 * table at anchor and remember it in q->codes; pops it. */
void ind_q_add_code(lua_State *L, ind_query *q, const char *fn, int anchor)
      {
    int t = lua_type(L, -1);
    if (t != LUA_TSTRING && t != LUA_TNUMBER)
        ind_q_raise(L, q, "%s: codes must be strings, not %s", fn,
                    lua_typename(L, t));
    lua_tostring(L, -1);    /* a number becomes its text, on the stack */
    const char *s = lua_tostring(L, -1);
    lua_rawseti(L, anchor, (lua_Integer)lua_rawlen(L, anchor) + 1);
    if (q->ncodes == q->capcodes) {
        q->capcodes = q->capcodes ? 2 * q->capcodes : 32;
        q->codes = amb_xrealloc((void *)q->codes,
                                q->capcodes * sizeof *q->codes);
    }
    q->codes[q->ncodes++] = s;
}

/* Add the filters of the where table at idx to m, skipping columns m
 * already filters when weak (the call's where under a measure's). */
static void add_where(lua_State *L, ind_query *q, const char *fn, int idx,
                      ind_measure *m, int anchor, int weak)
{
    if (lua_type(L, idx) != LUA_TTABLE)
        ind_q_raise(L, q, "%s: where must be a table { DIM = \"code\" or "
                    "{ \"code\", ... } }", fn);
    size_t strong = m->nfilters;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            ind_q_raise(L, q, "%s: where keys must be dimension ids", fn);
        int pos = resolve_dim(L, q, fn, m, lua_tostring(L, -2));
        int seen = 0;
        for (size_t i = 0; i < m->nfilters; i++)
            if (m->filters[i].pos == pos) {
                if (!weak || i >= strong)
                    ind_q_raise(L, q, "%s: where names the area dimension '%s' "
                                "twice (once as 'area')", fn,
                                m->ds->dims[pos]);
                seen = 1;
            }
        if (seen) {
            lua_pop(L, 1);
            continue;
        }
        ind_filter *f = &m->filters[m->nfilters++];
        f->pos = pos;
        f->first = q->ncodes;
        if (lua_type(L, -1) == LUA_TTABLE) {
            size_t n = (size_t)lua_rawlen(L, -1);
            if (n == 0)
                ind_q_raise(L, q, "%s: where.%s is an empty list", fn,
                            lua_tostring(L, -2));
            for (size_t i = 1; i <= n; i++) {
                lua_rawgeti(L, -1, (lua_Integer)i);
                ind_q_add_code(L, q, fn, anchor);
            }
            lua_pop(L, 1);
        } else {
            ind_q_add_code(L, q, fn, anchor);
        }
        f->n = q->ncodes - f->first;
    }
}

/* The period = ... argument. */
static ind_period_mode period_mode(lua_State *L, ind_query *q, const char *fn,
                                   int t)
{
    static const char *const names[] = {"raw", "year", "year_sum",
                                        "year_mean", NULL};
    if (t == LUA_TNIL)
        return IND_PERIOD_RAW;
    const char *s = t == LUA_TSTRING ? lua_tostring(L, -1) : "";
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return (ind_period_mode)i;
    ind_q_raise(L, q, "%s: period must be \"raw\", \"year\", \"year_sum\" or "
                "\"year_mean\"", fn);
    return IND_PERIOD_RAW;
}

/* Fill m from the measure table spec (dataset, where, area, period),
 * inheriting from the call's table parent (0 when spec is the call), and
 * group it by the call's by (default { "area" }). */
static void parse_measure(lua_State *L, ind_query *q, const char *fn,
                          int spec, int parent, int anchor, ind_measure *m)
{
    memset(m, 0, sizeof *m);
    int call = parent ? parent : spec;
    if (inherited(L, spec, parent, "dataset") != LUA_TSTRING)
        ind_q_raise(L, q, "%s: dataset is required (a dataset id)", fn);
    m->ds = measure_dataset(L, q, fn, lua_tostring(L, -1));
    lua_pop(L, 1);
    int t = inherited(L, spec, parent, "area");
    if (t == LUA_TSTRING) {
        m->area_pos = -2;
        const char *name = lua_tostring(L, -1);
        for (size_t i = 0; i < m->ds->ndims; i++)
            if (strcmp(m->ds->dims[i], name) == 0)
                m->area_pos = (int)i;
        if (m->area_pos < 0)
            ind_q_raise(L, q, "%s: area names '%s', which is not a "
                        "dimension of '%s'", fn, name, m->ds->code);
    } else if (t == LUA_TNIL) {
        m->area_pos = ind_sql_area_pos(m->ds);
    } else {
        ind_q_raise(L, q, "%s: area must name a dimension", fn);
    }
    lua_pop(L, 1);
    m->mode = period_mode(L, q, fn, inherited(L, spec, parent, "period"));
    lua_pop(L, 1);
    if (lua_getfield(L, spec, "where") != LUA_TNIL)
        add_where(L, q, fn, lua_gettop(L), m, anchor, 0);
    lua_pop(L, 1);
    if (parent && lua_getfield(L, parent, "where") != LUA_TNIL)
        add_where(L, q, fn, lua_gettop(L), m, anchor, 1);
    if (parent)
        lua_pop(L, 1);
    t = lua_getfield(L, call, "by");
    if (t == LUA_TNIL) {
        m->groups[0] = resolve_dim(L, q, fn, m, "area");
        m->ngroups = 1;
    } else if (t == LUA_TTABLE) {
        size_t n = (size_t)lua_rawlen(L, -1);
        if (n > 8)
            ind_q_raise(L, q, "%s: by names more than 8 dimensions", fn);
        for (size_t i = 1; i <= n; i++) {
            if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TSTRING)
                ind_q_raise(L, q, "%s: by must list dimension ids", fn);
            int pos = resolve_dim(L, q, fn, m, lua_tostring(L, -1));
            if (pos < 0)
                ind_q_raise(L, q, "%s: by cannot name the time dimension "
                            "(periods are always the last level)", fn);
            m->groups[m->ngroups++] = pos;
            lua_pop(L, 1);
        }
    } else {
        ind_q_raise(L, q, "%s: by must be a list of dimension ids", fn);
    }
    lua_pop(L, 1);
}

/* The other dimensions of m (neither filtered nor grouped), for messages. */
static void free_dims(const ind_measure *m, char *out, size_t len)
{
    out[0] = '\0';
    for (size_t i = 0; i < m->ds->ndims; i++) {
        int used = 0;
        for (size_t k = 0; k < m->nfilters; k++)
            used |= m->filters[k].pos == (int)i;
        for (size_t k = 0; k < m->ngroups; k++)
            used |= m->groups[k] == (int)i;
        if (!used) {
            size_t n = strlen(out);
            snprintf(out + n, len - n, "%s%s", n ? ", " : "", m->ds->dims[i]);
        }
    }
}

/* Step q->stmt into a new table at the top: group code -> ... -> period ->
 * value.  Checks the last column as agg requires; with min_n > 0 (survey)
 * rows with fewer respondents become { flag = "c" }. */
void ind_q_push_rows(lua_State *L, ind_query *q, const char *fn,
                     ind_agg agg, const ind_measure *m, size_t ngroups,
                     long min_n)
{
    sqlite3_stmt *s = q->stmt;
    lua_newtable(L);
    int root = lua_gettop(L);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int vcol = (int)ngroups + 1, ccol = (int)ngroups + 2;
        const char *y = (const char *)sqlite3_column_text(s, (int)ngroups);
        int isnull = sqlite3_column_type(s, vcol) == SQLITE_NULL;
        double check = sqlite3_column_double(s, ccol);
        const char *g0 = ngroups ? (const char *)sqlite3_column_text(s, 0) : "";
        if ((agg == IND_AGG_RATIO || agg == IND_AGG_GROWTH) && check == 0.0)
            ind_q_raise(L, q, "%s: division by zero (the %s is 0 for "
                        "%s%s%s)", fn, agg == IND_AGG_RATIO ? "denominator"
                                             : "previous value",
                        g0, ngroups ? ", " : "", y ? y : "");
        if (agg == IND_AGG_SERIES && m && check > 1.0) {
            char others[256];
            free_dims(m, others, sizeof others);
            ind_q_raise(L, q, "%s: %.0f observations for %s, %s; add where "
                        "filters for %s", fn, check, g0, y ? y : "",
                        others[0] ? others : "the other dimensions");
        }
        if (isnull || !y)
            continue;
        lua_pushvalue(L, root);
        for (size_t i = 0; i < ngroups; i++) {
            const char *key = (const char *)sqlite3_column_text(s, (int)i);
            key = key ? key : "";
            if (lua_getfield(L, -1, key) != LUA_TTABLE) {
                lua_pop(L, 1);
                lua_newtable(L);
                lua_pushvalue(L, -1);
                lua_setfield(L, -3, key);
            }
            lua_remove(L, -2);
        }
        if (min_n > 0 && check < (double)min_n) {
            lua_createtable(L, 0, 1);
            lua_pushliteral(L, "c");
            lua_setfield(L, -2, "flag");
        } else if (agg == IND_AGG_COUNT &&
                   sqlite3_column_type(s, vcol) == SQLITE_INTEGER) {
            lua_pushinteger(L, (lua_Integer)sqlite3_column_int64(s, vcol));
        } else {
            lua_pushnumber(L, (lua_Number)sqlite3_column_double(s, vcol));
        }
        lua_setfield(L, -2, y);
        lua_pop(L, 1);
    }
    if (rc != SQLITE_DONE)
        ind_q_raise(L, q, "%s: cannot query the store: %s", fn,
                    sqlite3_errmsg(q->db));
    sqlite3_finalize(q->stmt);
    q->stmt = NULL;
}

/* Start a call: reset the per-call state, push the anchor for codes. */
int ind_q_begin(lua_State *L, ind_query *q)
{
    q->ncodes = 0;
    sqlite3_finalize(q->stmt);
    q->stmt = NULL;
    lua_newtable(L);
    return lua_gettop(L);
}

/* q.sum / q.count / q.growth { dataset, where, by, period, area }. */
static int q_aggregate(lua_State *L, ind_agg agg, const char *fn)
{
    static const char *const known[] = {"dataset", "where", "by", "period",
                                        "area", NULL};
    ind_query *q = ind_q_ctx(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    int anchor = ind_q_begin(L, q);
    ind_q_check_args(L, q, fn, 1, known);
    ind_measure m;
    parse_measure(L, q, fn, 1, 0, anchor, &m);
    if (ind_sql_prepare(q, agg, &m, NULL, 1.0) < 0)
        return ind_q_raise(L, q, "%s: %s", fn, q->msg);
    ind_q_push_rows(L, q, fn, agg, &m, m.ngroups, 0);
    return 1;
}

static int q_sum(lua_State *L)
{
    return q_aggregate(L, IND_AGG_SUM, "q.sum");
}

static int q_count(lua_State *L)
{
    return q_aggregate(L, IND_AGG_COUNT, "q.count");
}

static int q_growth(lua_State *L)
{
    return q_aggregate(L, IND_AGG_GROWTH, "q.growth");
}

/* q.series(dataset [, { where, period, area }]): area -> period -> value,
 * one observation per cell. */
static int q_series(lua_State *L)
{
    static const char *const known[] = {"where", "period", "area", NULL};
    ind_query *q = ind_q_ctx(L);
    luaL_checkstring(L, 1);
    if (lua_isnoneornil(L, 2)) {
        lua_settop(L, 1);
        lua_newtable(L);
    }
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    int anchor = ind_q_begin(L, q);
    ind_q_check_args(L, q, "q.series", 2, known);
    /* The call table: the options plus dataset = argument 1. */
    lua_newtable(L);
    int call = lua_gettop(L);
    lua_pushvalue(L, 1);
    lua_setfield(L, call, "dataset");
    ind_measure m;
    parse_measure(L, q, "q.series", call, 2, anchor, &m);
    if (ind_sql_prepare(q, IND_AGG_SERIES, &m, NULL, 1.0) < 0)
        return ind_q_raise(L, q, "q.series: %s", q->msg);
    ind_q_push_rows(L, q, "q.series", IND_AGG_SERIES, &m, m.ngroups, 0);
    return 1;
}

/* q.ratio / q.share { num = {...}, den = {...}, dataset, where, by,
 * period, area, scale }. */
static int q_ratio_scaled(lua_State *L, const char *fn, double dflt_scale)
{
    static const char *const known[] = {"num", "den", "dataset", "where",
                                        "by", "period", "area", "scale", NULL};
    static const char *const mkeys[] = {"dataset", "where", "period", "area",
                                        NULL};
    ind_query *q = ind_q_ctx(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    int anchor = ind_q_begin(L, q);
    ind_q_check_args(L, q, fn, 1, known);
    double scale = dflt_scale;
    if (lua_getfield(L, 1, "scale") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TNUMBER || !isfinite(lua_tonumber(L, -1)))
            ind_q_raise(L, q, "%s: scale must be a finite number", fn);
        scale = (double)lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    ind_measure mm[2];
    static const char *const parts[] = {"num", "den"};
    for (int i = 0; i < 2; i++) {
        if (lua_getfield(L, 1, parts[i]) != LUA_TTABLE)
            ind_q_raise(L, q, "%s: %s must be a table { dataset = ..., where = "
                        "{...} }", fn, parts[i]);
        int spec = lua_gettop(L);
        ind_q_check_args(L, q, fn, spec, mkeys);
        parse_measure(L, q, fn, spec, 1, anchor, &mm[i]);
    }
    if (mm[0].ngroups != mm[1].ngroups)
        ind_q_raise(L, q, "%s: num and den group differently", fn);
    if (ind_sql_prepare(q, IND_AGG_RATIO, &mm[0], &mm[1], scale) < 0)
        return ind_q_raise(L, q, "%s: %s", fn, q->msg);
    ind_q_push_rows(L, q, fn, IND_AGG_RATIO, &mm[0], mm[0].ngroups, 0);
    return 1;
}

static int q_ratio(lua_State *L)
{
    return q_ratio_scaled(L, "q.ratio", 1.0);
}

static int q_share(lua_State *L)
{
    return q_ratio_scaled(L, "q.share", 100.0);
}

/* q.latest_period(dataset): the greatest stored period, or nil. */
static int q_latest_period(lua_State *L)
{
    ind_query *q = ind_q_ctx(L);
    const char *code = luaL_checkstring(L, 1);
    ind_q_begin(L, q);
    const ind_dataset *ds = measure_dataset(L, q, "q.latest_period", code);
    amb_buf_reset(&q->sql);
    amb_buf_printf(&q->sql, "SELECT MAX(period) FROM observations WHERE "
                   "dataset_id = %lld", (long long)ds->id);
    if (sqlite3_prepare_v2(q->db, q->sql.data, -1, &q->stmt, NULL) !=
            SQLITE_OK || sqlite3_step(q->stmt) != SQLITE_ROW)
        return ind_q_raise(L, q, "q.latest_period: cannot query the store: %s",
                           sqlite3_errmsg(q->db));
    const char *p = (const char *)sqlite3_column_text(q->stmt, 0);
    if (p)
        lua_pushstring(L, p);
    else
        lua_pushnil(L);
    sqlite3_finalize(q->stmt);
    q->stmt = NULL;
    return 1;
}

/* q.codes(dataset, dim): the distinct codes of a dimension, sorted. */
static int q_codes(lua_State *L)
{
    ind_query *q = ind_q_ctx(L);
    const char *code = luaL_checkstring(L, 1);
    const char *dim = luaL_checkstring(L, 2);
    ind_q_begin(L, q);
    ind_measure m;
    memset(&m, 0, sizeof m);
    m.ds = measure_dataset(L, q, "q.codes", code);
    m.area_pos = ind_sql_area_pos(m.ds);
    int pos = resolve_dim(L, q, "q.codes", &m, dim);
    amb_buf_reset(&q->sql);
    amb_buf_printf(&q->sql, "SELECT DISTINCT %s FROM observations WHERE "
                   "dataset_id = %lld ORDER BY 1", ind_sql_column(pos),
                   (long long)m.ds->id);
    if (sqlite3_prepare_v2(q->db, q->sql.data, -1, &q->stmt, NULL) != SQLITE_OK)
        return ind_q_raise(L, q, "q.codes: cannot query the store: %s",
                           sqlite3_errmsg(q->db));
    lua_newtable(L);
    int rc;
    lua_Integer n = 0;
    while ((rc = sqlite3_step(q->stmt)) == SQLITE_ROW) {
        lua_pushstring(L, (const char *)sqlite3_column_text(q->stmt, 0));
        lua_rawseti(L, -2, ++n);
    }
    if (rc != SQLITE_DONE)
        return ind_q_raise(L, q, "q.codes: cannot query the store: %s",
                           sqlite3_errmsg(q->db));
    sqlite3_finalize(q->stmt);
    q->stmt = NULL;
    return 1;
}

void ind_query_push(lua_State *L, ind_query *ctx)
{
    static const luaL_Reg fns[] = {
        {"sum", q_sum}, {"count", q_count}, {"growth", q_growth},
        {"series", q_series}, {"ratio", q_ratio}, {"share", q_share},
        {"latest_period", q_latest_period}, {"codes", q_codes},
        {"survey", ind_q_survey}, {NULL, NULL}};
    lua_newtable(L);
    lua_pushlightuserdata(L, ctx);
    luaL_setfuncs(L, fns, 1);
    lua_pushstring(L, ctx->model->region.code);
    lua_setfield(L, -2, "region");
    lua_createtable(L, (int)ctx->model->nmunicipalities, 0);
    for (size_t i = 0; i < ctx->model->nmunicipalities; i++) {
        lua_pushstring(L, ctx->model->municipalities[i].code);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "municipalities");
}
