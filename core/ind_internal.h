/*
 * ind_internal.h - what the parts of the indicator engine share:
 * ind_dsl.c (the indicator { } function and rule files), ind_query.c and
 * ind_sql.c (the query API q and the SQL behind it) and ind_eval.c
 * (running computes, series and statuses).  Not an interface for other
 * modules.
 */
#ifndef AMB_IND_INTERNAL_H
#define AMB_IND_INTERNAL_H

#include <stdint.h>
#include <lua.h>
#include <sqlite3.h>

#include "indicators.h"

/* The registry key under which capture mode leaves the compute function. */
#define IND_COMPUTE_KEY "ambit.indicator.compute"

/* Run one rule file in the sandbox lh.  With capture_id NULL the
 * indicators are checked and added to set; otherwise they are checked and
 * the compute function of the one named capture_id is left in the registry
 * under IND_COMPUTE_KEY (AMB_ENOTFOUND when the file no longer declares
 * it). */
int ind_run_rule_file(amb_lua *lh, amb_ind_set *set, const amb_ambition *m,
                      const char *path, const char *capture_id,
                      amb_error *err);

/* Open the store at path read-only (SQLITE_OPEN_READONLY and PRAGMA
 * query_only) and check that it is an ambit store. */
int ind_open_readonly(const char *path, sqlite3 **out, amb_error *err);

/* Free the strings of one rule (not the struct). */
void ind_rule_clear(amb_ind_rule *r);

/* A dataset's identity as the query API needs it (owned strings). */
typedef struct ind_dataset {
    char *code;
    int64_t id;
    size_t ndims;
    char *dims[8];
    char *time_id;
} ind_dataset;

/* Period handling of a query (the period = ... argument). */
typedef enum ind_period_mode {
    IND_PERIOD_RAW = 0,      /* periods as stored */
    IND_PERIOD_YEAR,         /* a year's last sub-period */
    IND_PERIOD_YEAR_SUM,     /* the sum over a year's sub-periods */
    IND_PERIOD_YEAR_MEAN     /* the mean over a year's sub-periods */
} ind_period_mode;

/* A filter on one column: pos 0..7 is d0..d7, -1 the period.  Its codes
 * are q->codes[first .. first + n). */
typedef struct ind_filter {
    int pos;
    size_t first;
    size_t n;
} ind_filter;

/* What is summed: a dataset, filters, an area column and a period mode. */
typedef struct ind_measure {
    const ind_dataset *ds;
    int area_pos;            /* -1: none found */
    ind_filter filters[9];
    size_t nfilters;
    ind_period_mode mode;
    int groups[8];           /* group-by columns (positions), in order */
    size_t ngroups;
} ind_measure;

/* The aggregate a query computes. */
typedef enum ind_agg {
    IND_AGG_SUM = 0,
    IND_AGG_COUNT,
    IND_AGG_SERIES,          /* the value; more than one row is an error */
    IND_AGG_RATIO,           /* scale * num / den */
    IND_AGG_GROWTH           /* 100 * (v / previous v - 1) */
} ind_agg;

/* The query context of one compute call; q's functions reach it as an
 * upvalue.  Everything a call allocates is owned here, so that a Lua error
 * raised half-way (which unwinds past C) leaks nothing: it is released at
 * the next call or by ind_query_clear(). */
typedef struct ind_query {
    sqlite3 *db;                  /* read-only, borrowed */
    const amb_ind_rule *rule;
    const amb_ambition *model;
    int no_survey;                /* q.survey found no survey in the store */
    ind_dataset **cache;          /* datasets looked up so far; each
                                     allocated alone, so that pointers
                                     to them stay valid as it grows */
    size_t ncache;
    sqlite3_stmt *stmt;           /* the statement of the call in progress */
    amb_buf sql;
    const char **codes;           /* filter codes of the call in progress */
    size_t ncodes, capcodes;
    const char **binds;           /* text parameters, in order */
    size_t nbinds, capbinds;
    char msg[768];                /* an error being raised */
} ind_query;

void ind_query_init(ind_query *q, sqlite3 *db, const amb_ind_rule *rule,
                    const amb_ambition *model);
void ind_query_clear(ind_query *q);
/* Push the table q (its functions bound to ctx). */
void ind_query_push(lua_State *L, ind_query *ctx);

/* ---- the query API's shared parts (ind_query.c; q.survey is in
 * ind_survey.c).  Every ind_q_ function may raise a Lua error. */

/* The ind_query of the running q function (its upvalue). */
ind_query *ind_q_ctx(lua_State *L);
/* Raise "indicator 'id': message" at the calling Lua line, after releasing
 * the call's statement; does not return. */
int ind_q_raise(lua_State *L, ind_query *q, const char *fmt, ...)
    AMB_PRINTF(3, 4);
/* Raise unless every key of the argument table at idx is in known. */
void ind_q_check_args(lua_State *L, ind_query *q, const char *fn, int idx,
                      const char *const *known);
/* Start a call: reset the per-call state and push the table that anchors
 * codes; returns its stack index. */
int ind_q_begin(lua_State *L, ind_query *q);
/* Anchor the code at the top of the stack (string or number) and append
 * it to q->codes; pops it. */
void ind_q_add_code(lua_State *L, ind_query *q, const char *fn, int anchor);
/* Step q->stmt into a new table at the top (group code -> ... -> period
 * -> value), checking the last column as agg requires; with min_n > 0
 * rows with fewer respondents become { flag = "c" }. */
void ind_q_push_rows(lua_State *L, ind_query *q, const char *fn,
                     ind_agg agg, const ind_measure *m, size_t ngroups,
                     long min_n);
/* q.survey { question, value, by, min_n }. */
int ind_q_survey(lua_State *L);

/* Look up a dataset by code; NULL with q->msg set when it is not stored
 * (or the lookup failed). */
const ind_dataset *ind_sql_dataset(ind_query *q, const char *code);
/* The observations column of a position: "d0".."d7", or "period" for -1. */
const char *ind_sql_column(int pos);
/* The column position of the area dimension by its usual names, or -1. */
int ind_sql_area_pos(const ind_dataset *ds);
/* Build and prepare the statement for agg over a (and b for a ratio)
 * into q->stmt.  Result columns: the group codes, the period, the value
 * (NULL when undefined), then a check column (the denominator for ratio
 * and growth, the observation count for series).  Returns 0 or -1 with
 * q->msg set. */
int ind_sql_prepare(ind_query *q, ind_agg agg, const ind_measure *a,
                    const ind_measure *b, double scale);
/* The statement for q.survey on the survey_answers view: one row per
 * (area, period) with the share and the number of respondents. */
int ind_sql_prepare_survey(ind_query *q, const char *question,
                           size_t nvalues, int by_region);
/* 1 when the store has the survey_answers table or view. */
int ind_sql_has_survey(ind_query *q);

#endif
