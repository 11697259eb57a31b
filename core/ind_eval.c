/*
 * ind_eval.c - evaluating a rule set: each compute(q) in a sandbox of its
 * own over a read-only connection, its returned table checked and turned
 * into series per area, and the status method applied to every series.
 *
 * A rule's failure (a Lua error, a limit hit, a missing dataset, a division
 * by zero, a malformed result) becomes that rule's result in state ERROR,
 * with the message naming the rule file and line; the other rules still
 * run.  q.survey on a store without a survey gives INSUFFICIENT_DATA with
 * the note "no employer survey in this store" instead.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ind_internal.h"

#define NO_SURVEY_NOTE "no employer survey in this store"

/* The error message with "indicator 'id': " after its file position (or in
 * front when it has none), unless it names the indicator already. */
static char *with_indicator(const amb_ind_rule *r, const char *msg)
{
    char tag[96];
    snprintf(tag, sizeof tag, "indicator '%s': ", r->id);
    if (strstr(msg, tag))
        return amb_xstrdup(msg);
    const char *lua = strstr(msg, ".lua");
    const char *sep = lua ? strstr(lua, ": ") : NULL;
    if (sep)
        return amb_xasprintf("%.*s%s%s", (int)(sep + 2 - msg), msg, tag,
                             sep + 2);
    return amb_xasprintf("%s%s", tag, msg);
}

/* The conversion of a returned table; run under lua_pcall. */
typedef struct conv {
    amb_ind_result *res;
    const amb_ambition *m;
    size_t dropped;            /* areas outside the breakdown */
    char other[16];            /* one of them, for the note */
    char msg[512];
} conv;

/* 1 when area belongs in the rule's breakdown. */
static int wanted_area(const amb_ind_rule *r, const amb_ambition *m,
                       const char *area)
{
    if (amb_ambition_is_region(m, area))
        return r->breakdown != AMB_IND_MUNICIPALITY;
    if (amb_ambition_municipality_index(m, area) >= 0)
        return r->breakdown != AMB_IND_REGION;
    return 0;
}

/* The period key at -2 as an owned string (a string, or a whole number),
 * or NULL. */
static char *period_key(lua_State *L)
{
    if (lua_type(L, -2) == LUA_TSTRING)
        return amb_xstrdup(lua_tostring(L, -2));
    if (lua_isinteger(L, -2))
        return amb_xasprintf("%lld", (long long)lua_tointeger(L, -2));
    return NULL;
}

/* Read the value at the top into p: a number, or { value = n|nil,
 * flag = "..." }.  Returns 0 or -1 with c->msg set. */
static int point_value(lua_State *L, conv *c, const char *area,
                       amb_ind_point *p)
{
    int t = lua_type(L, -1);
    if (t == LUA_TNUMBER) {
        p->value = (double)lua_tonumber(L, -1);
        p->has_value = 1;
    } else if (t == LUA_TTABLE) {
        int vt = lua_getfield(L, -1, "value");
        if (vt == LUA_TNUMBER) {
            p->value = (double)lua_tonumber(L, -1);
            p->has_value = 1;
        } else if (vt != LUA_TNIL) {
            lua_pop(L, 1);
            snprintf(c->msg, sizeof c->msg, "compute returned a %s as the "
                     "value for %s, %s", lua_typename(L, vt), area, p->period);
            return -1;
        }
        lua_pop(L, 1);
        if (lua_getfield(L, -1, "flag") == LUA_TSTRING)
            p->flag = amb_xstrdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    } else {
        snprintf(c->msg, sizeof c->msg, "compute returned a %s for %s, %s; "
                 "expected a number or { value = ..., flag = ... }",
                 lua_typename(L, t), area, p->period);
        return -1;
    }
    if (p->has_value && !isfinite(p->value)) {
        snprintf(c->msg, sizeof c->msg, "the value for %s, %s is not a "
                 "finite number (a division by zero?)", area, p->period);
        return -1;
    }
    return 0;
}

static int by_period(const void *a, const void *b)
{
    return strcmp(((const amb_ind_point *)a)->period,
                  ((const amb_ind_point *)b)->period);
}

/* Read the period table at the top into series s. */
static int read_points(lua_State *L, conv *c, amb_ind_series *s)
{
    size_t cap = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        char *period = period_key(L);
        if (!period) {
            lua_pop(L, 2);
            snprintf(c->msg, sizeof c->msg, "periods of %s must be strings "
                     "such as \"2019\"", s->area);
            return -1;
        }
        if (s->npoints == cap) {
            cap = cap ? 2 * cap : 16;
            s->points = amb_xrealloc(s->points, cap * sizeof *s->points);
        }
        amb_ind_point *p = &s->points[s->npoints++];
        memset(p, 0, sizeof *p);
        p->period = period;
        if (point_value(L, c, s->area, p) < 0) {
            lua_pop(L, 2);
            return -1;
        }
        lua_pop(L, 1);
    }
    if (s->npoints > 1)
        qsort(s->points, s->npoints, sizeof *s->points, by_period);
    for (size_t i = 1; i < s->npoints; i++)
        if (strcmp(s->points[i - 1].period, s->points[i].period) == 0) {
            snprintf(c->msg, sizeof c->msg, "period %s of %s appears twice",
                     s->points[i].period, s->area);
            return -1;
        }
    return 0;
}

/* lua_CFunction: the table at 1 into the result (conv at 2). */
static int convert(lua_State *L)
{
    conv *c = lua_touserdata(L, 2);
    amb_ind_result *res = c->res;
    const amb_ind_rule *r = res->rule;
    if (!lua_istable(L, 1)) {
        snprintf(c->msg, sizeof c->msg, "compute must return a table area "
                 "-> { period -> value }, not a %s", luaL_typename(L, 1));
        return 0;
    }
    size_t cap = 0;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            snprintf(c->msg, sizeof c->msg, "compute must return a table "
                     "keyed by area codes such as \"851\" (found a %s key)",
                     luaL_typename(L, -2));
            return 0;
        }
        const char *area = lua_tostring(L, -2);
        if (!lua_istable(L, -1)) {
            snprintf(c->msg, sizeof c->msg, "compute returned a %s for area "
                     "%s; expected a table period -> value",
                     luaL_typename(L, -1), area);
            return 0;
        }
        if (wanted_area(r, c->m, area)) {
            if (res->nseries == cap) {
                cap = cap ? 2 * cap : 16;
                res->series = amb_xrealloc(res->series,
                                           cap * sizeof *res->series);
            }
            amb_ind_series *s = &res->series[res->nseries++];
            memset(s, 0, sizeof *s);
            s->area = amb_xstrdup(area);
            if (read_points(L, c, s) < 0)
                return 0;
        } else if (c->dropped++ == 0) {
            snprintf(c->other, sizeof c->other, "%s", area);
        }
        lua_pop(L, 1);
    }
    return 0;
}

/* Region first, then municipalities in the model's order. */
static int area_rank(const amb_ambition *m, const char *area)
{
    return amb_ambition_is_region(m, area)
               ? -1 : amb_ambition_municipality_index(m, area);
}

/* Sort the series of res (insertion sort: at most a dozen). */
static void sort_series(amb_ind_result *res, const amb_ambition *m)
{
    for (size_t i = 1; i < res->nseries; i++) {
        amb_ind_series s = res->series[i];
        int rank = area_rank(m, s.area);
        size_t k = i;
        while (k > 0 && area_rank(m, res->series[k - 1].area) > rank) {
            res->series[k] = res->series[k - 1];
            k--;
        }
        res->series[k] = s;
    }
}

/* The status of one series (one value per year: the last period of each
 * year counts). */
static void series_status(const amb_ind_rule *r, const amb_ambition *m,
                          amb_ind_series *s)
{
    amb_status_point *pts = amb_xcalloc(s->npoints ? s->npoints : 1,
                                        sizeof *pts);
    size_t n = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        const amb_ind_point *p = &s->points[i];
        int year = amb_status_year(p->period);
        if (!p->has_value)
            continue;
        s->latest_period = p->period;
        s->latest_value = p->value;
        if (!year)
            continue;
        if (n && pts[n - 1].year == year)
            n--;
        pts[n].year = year;
        pts[n].value = p->value;
        n++;
    }
    amb_status_input in = {
        .points = pts, .npoints = n, .direction = r->direction,
        .baseline_year = r->has_baseline ? amb_status_year(r->baseline_period)
                                         : 0,
        .has_baseline_value = r->has_baseline_value &&
                              amb_ambition_is_region(m, s->area),
        .baseline_value = r->baseline_value,
        .target_year = r->has_target ? amb_status_year(r->target_period) : 0,
        .target_value = r->target_value,
        .has_limit = r->bounded, .limit = r->limit,
    };
    amb_status_eval(&in, &s->status);
    free(pts);
}

/* The headline status and score of a result with series: the region's,
 * or for a municipality breakdown the mean of the municipalities' scores.
 * Without series: insufficient data, saying whether compute returned
 * nothing or only other areas. */
static void headline(amb_ind_result *res, const amb_ambition *m,
                     const conv *c)
{
    if (res->nseries == 0) {
        res->state = AMB_STATUS_INSUFFICIENT_DATA;
        res->note = c->dropped
            ? amb_xasprintf("no data for the areas of this breakdown "
                            "(compute returned %zu other area%s, such as "
                            "'%s')", c->dropped, c->dropped == 1 ? "" : "s",
                            c->other)
            : amb_xstrdup("no data");
        return;
    }
    const amb_ind_series *first = &res->series[0];
    if (amb_ambition_is_region(m, first->area)) {
        res->state = first->status.status;
        res->has_score = first->status.has_score;
        res->score = first->status.score;
        return;
    }
    double *scores = amb_xcalloc(res->nseries, sizeof *scores);
    size_t n = 0;
    for (size_t i = 0; i < res->nseries; i++)
        if (res->series[i].status.has_score)
            scores[n++] = res->series[i].status.score;
    res->state = amb_status_combine(scores, n, &res->score);
    res->has_score = n > 0;
    free(scores);
}

/* Free the series of res (a result in error shows none). */
static void drop_series(amb_ind_result *res)
{
    for (size_t k = 0; k < res->nseries; k++) {
        amb_ind_series *s = &res->series[k];
        for (size_t j = 0; j < s->npoints; j++) {
            free(s->points[j].period);
            free(s->points[j].flag);
        }
        free(s->points);
        free(s->area);
    }
    free(res->series);
    res->series = NULL;
    res->nseries = 0;
}

/* Run one rule's compute into res. */
static void eval_one(const amb_ind_rule *r, const amb_ambition *m,
                     sqlite3 *db, const amb_lua_limits *lim,
                     amb_ind_result *res)
{
    amb_error e;
    amb_error_clear(&e);
    amb_lua *lh = NULL;
    res->rule = r;
    if (amb_lua_new(lim, &lh, &e) < 0 ||
        ind_run_rule_file(lh, NULL, m, r->file, r->id, &e) < 0) {
        res->state = AMB_STATUS_ERROR;
        res->error = with_indicator(r, e.msg);
        amb_lua_free(lh);
        return;
    }
    lua_State *L = amb_lua_state(lh);
    conv c = {.res = res, .m = m};
    ind_query q;
    ind_query_init(&q, db, r, m);
    lua_getfield(L, LUA_REGISTRYINDEX, IND_COMPUTE_KEY);
    ind_query_push(L, &q);
    if (amb_lua_call(lh, 1, 1, &e) < 0) {
        if (q.no_survey && strstr(e.msg, NO_SURVEY_NOTE)) {
            res->state = AMB_STATUS_INSUFFICIENT_DATA;
            res->note = amb_xstrdup(NO_SURVEY_NOTE);
        } else {
            res->state = AMB_STATUS_ERROR;
            res->error = with_indicator(r, e.msg);
        }
    } else {
        lua_pushcfunction(L, convert);
        lua_insert(L, -2);
        lua_pushlightuserdata(L, &c);
        if (lua_pcall(L, 2, 0, 0) != LUA_OK)
            snprintf(c.msg, sizeof c.msg, "%s", lua_type(L, -1) == LUA_TSTRING
                     ? lua_tostring(L, -1) : "out of memory");
        if (c.msg[0]) {
            drop_series(res);
            res->state = AMB_STATUS_ERROR;
            res->error = amb_xasprintf("%s:%d: indicator '%s': %s", r->file,
                                       r->line, r->id, c.msg);
        }
    }
    ind_query_clear(&q);
    amb_lua_free(lh);
    if (res->state == AMB_STATUS_ERROR || res->note)
        return;
    sort_series(res, m);
    for (size_t i = 0; i < res->nseries; i++)
        series_status(r, m, &res->series[i]);
    headline(res, m, &c);
}

int ind_open_readonly(const char *path, sqlite3 **out, amb_error *err)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_busy_timeout(db, 10000);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA query_only = 1", NULL, NULL, NULL);
    sqlite3_stmt *s = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE "
                                "name = 'observations'", -1, &s, NULL);
    int found = rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    if (rc != SQLITE_OK || !found) {
        int r = amb_error_set(err, AMB_ESTORE, "store %s: %s", path,
                              rc != SQLITE_OK ? (db ? sqlite3_errmsg(db)
                                                    : "out of memory")
                                              : "not an ambit store");
        sqlite3_close(db);
        return r;
    }
    *out = db;
    return 0;
}

int amb_ind_evaluate(const amb_ind_set *set, const amb_ambition *m,
                     const char *store_path, const amb_ind_eval_opts *opts,
                     amb_ind_results **out, amb_error *err)
{
    sqlite3 *db = NULL;
    *out = NULL;
    int rc = ind_open_readonly(store_path, &db, err);
    if (rc < 0)
        return rc;
    amb_ind_results *res = amb_xcalloc(1, sizeof *res);
    res->items = amb_xcalloc(set->n ? set->n : 1, sizeof *res->items);
    for (size_t i = 0; i < set->n; i++) {
        const amb_ind_rule *r = &set->rules[i];
        if (opts && opts->subgoal && strcmp(opts->subgoal, r->subgoal) != 0)
            continue;
        eval_one(r, m, db, opts ? &opts->limits : NULL, &res->items[res->n]);
        res->n++;
    }
    sqlite3_close(db);
    *out = res;
    return 0;
}

void amb_ind_results_free(amb_ind_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].error);
        free(r->items[i].note);
        drop_series(&r->items[i]);
    }
    free(r->items);
    free(r);
}

amb_status amb_ind_combine(const amb_ind_results *r, const char *subgoal,
                           double *score, size_t *n)
{
    double *scores = amb_xcalloc(r->n ? r->n : 1, sizeof *scores);
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].rule->subgoal, subgoal) == 0 &&
            r->items[i].has_score)
            scores[k++] = r->items[i].score;
    amb_status st = amb_status_combine(scores, k, score);
    free(scores);
    if (n)
        *n = k;
    return st;
}
