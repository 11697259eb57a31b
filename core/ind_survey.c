/*
 * ind_survey.c - q.survey: the employer survey's answers as shares of
 * respondents per municipality (or for the region) and period, with small
 * cells suppressed.  Reads the survey_answers table or view that the
 * survey plugin provides (ambit-lua(5)); without it, raises "no employer
 * survey in this store", which makes the indicator insufficient_data.
 */
#include "config.h"

#include <string.h>

#include <lauxlib.h>

#include "ind_internal.h"

/* q.survey { question, value, by = "municipality" | "region", min_n = 5 }:
 * area -> period -> percent of respondents answering value. */
int ind_q_survey(lua_State *L)
{
    static const char *const known[] = {"question", "value", "by", "min_n",
                                        NULL};
    const char *fn = "q.survey";
    ind_query *q = ind_q_ctx(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    int anchor = ind_q_begin(L, q);
    ind_q_check_args(L, q, fn, 1, known);
    if (lua_getfield(L, 1, "question") != LUA_TSTRING)
        ind_q_raise(L, q, "%s: question is required (a question id)", fn);
    const char *question = lua_tostring(L, -1);
    int declared = 0;
    for (size_t i = 0; i < q->rule->nsurvey && !declared; i++)
        declared = strcmp(q->rule->survey[i], question) == 0;
    if (!declared)
        ind_q_raise(L, q, "%s: question '%s' is not declared in "
                    "reads.survey", fn, question);
    int t = lua_getfield(L, 1, "value");
    if (t == LUA_TTABLE) {
        size_t n = (size_t)lua_rawlen(L, -1);
        for (size_t i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i);
            ind_q_add_code(L, q, fn, anchor);
        }
    } else if (t == LUA_TSTRING || t == LUA_TNUMBER) {
        lua_pushvalue(L, -1);
        ind_q_add_code(L, q, fn, anchor);
    }
    if (q->ncodes == 0)
        ind_q_raise(L, q, "%s: value is required (an answer or a list of them)",
                    fn);
    t = lua_getfield(L, 1, "by");
    const char *by = t == LUA_TNIL ? "municipality"
                     : t == LUA_TSTRING ? lua_tostring(L, -1) : "";
    if (strcmp(by, "municipality") != 0 && strcmp(by, "region") != 0)
        ind_q_raise(L, q, "%s: by must be \"municipality\" or \"region\"", fn);
    lua_Integer min_n = 5;
    if (lua_getfield(L, 1, "min_n") != LUA_TNIL) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1)
            ind_q_raise(L, q, "%s: min_n must be a whole number of at "
                        "least 1", fn);
        min_n = lua_tointeger(L, -1);
    }
    if (!ind_sql_has_survey(q)) {
        q->no_survey = 1;
        return ind_q_raise(L, q, "no employer survey in this store");
    }
    if (ind_sql_prepare_survey(q, question, q->ncodes,
                               strcmp(by, "region") == 0) < 0)
        return ind_q_raise(L, q, "%s: %s", fn, q->msg);
    ind_q_push_rows(L, q, fn, IND_AGG_SUM, NULL, 1, (long)min_n);
    return 1;
}
