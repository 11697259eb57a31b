/*
 * report_data.c - amb_report_data(): the document the report is rendered
 * from (the "report data contract", doc/report-data.md).  It loads the
 * ambition model and the workspace's rules, evaluates them against the
 * store (read-only), combines them per sub-goal, and adds the sources.
 * Keys are only ever added to the contract, never renamed or dropped.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambition.h"
#include "indicators.h"
#include "report_data.h"
#include "survey.h"
#include "themes.h"
#include "report_data_internal.h"

/* A JSON string, or null for NULL (new reference). */
static json_t *str_json(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* A number as JSON: integers without a fraction, reals otherwise. */
static json_t *num_json(double v)
{
    if (!isfinite(v))
        return json_null();
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* A number or null. */
static json_t *opt_num(int has, double v)
{
    return has ? num_json(v) : json_null();
}

static json_t *text_json(const amb_ambition_text *t)
{
    return json_pack("{s:s, s:s}", "da", t->da, "en", t->en);
}

static json_t *strings_json(char **v, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(v[i]));
    return arr;
}

/* The series of a result for the charts. */
static json_t *series_json(const amb_ind_result *res, const amb_ambition *m)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < res->nseries; i++) {
        const amb_ind_series *s = &res->series[i];
        json_t *points = json_array();
        for (size_t k = 0; k < s->npoints; k++) {
            const amb_ind_point *p = &s->points[k];
            json_array_append_new(points, json_pack("{s:s, s:o, s:o}",
                "period", p->period, "value", opt_num(p->has_value, p->value),
                "flag", str_json(p->flag)));
        }
        json_array_append_new(arr, json_pack("{s:s, s:o, s:o}",
            "area", s->area, "name", str_json(amb_ambition_area_name(m,
                                                                   s->area)),
            "points", points));
    }
    return arr;
}

/* One status entry (null figures; the caller sets what it knows). */
static json_t *status_entry(const char *area, const char *name,
                            const char *status, const char *note)
{
    return json_pack("{s:s, s:o, s:n, s:n, s:n, s:n, s:s, s:n, s:n, s:n, "
                     "s:o}", "area", area, "name", str_json(name),
                     "period", "value", "baseline_value", "change",
                     "status", status, "ratio", "cagr", "required_cagr",
                     "note", str_json(note));
}

/* The status of every series (or one entry saying why there is none). */
static json_t *status_json(const amb_ind_result *res, const amb_ambition *m,
                           const char *lang)
{
    json_t *arr = json_array();
    if (res->state == AMB_STATUS_ERROR || res->note) {
        json_array_append_new(arr, status_entry(m->region.code,
            m->region.name, amb_status_name(res->state),
            res->error ? res->error : res->note));
        return arr;
    }
    for (size_t i = 0; i < res->nseries; i++) {
        const amb_ind_series *s = &res->series[i];
        const amb_status_result *st = &s->status;
        char note[768];
        amb_status_note(st, lang, note, sizeof note);
        json_t *o = status_entry(s->area, amb_ambition_area_name(m, s->area),
                                 amb_status_name(st->status), note);
        json_object_set_new(o, "period", str_json(s->latest_period));
        json_object_set_new(o, "value", opt_num(s->latest_period != NULL,
                                                s->latest_value));
        json_object_set_new(o, "baseline_value", opt_num(st->has_y0, st->y0));
        json_object_set_new(o, "baseline_period", st->has_y0 && st->t0
                            ? json_sprintf("%d", st->t0) : json_null());
        json_object_set_new(o, "change", opt_num(st->has_y0 && st->has_yt,
                                                 st->yt - st->y0));
        json_object_set_new(o, "ratio", opt_num(st->has_ratio, st->ratio));
        json_object_set_new(o, "cagr", opt_num(st->has_cagr, st->cagr));
        json_object_set_new(o, "required_cagr", opt_num(st->has_required,
                                                        st->required_cagr));
        json_object_set_new(o, "growth", opt_num(st->has_growth, st->growth));
        json_object_set_new(o, "score", opt_num(st->has_score, st->score));
        json_array_append_new(arr, o);
    }
    return arr;
}

/* The latest period of any series of res, or NULL (borrowed). */
static const char *last_period(const amb_ind_result *res)
{
    const char *last = NULL;
    for (size_t i = 0; i < res->nseries; i++) {
        const char *p = res->series[i].latest_period;
        if (p && (!last || strcmp(p, last) > 0))
            last = p;
    }
    return last;
}

static const char *breakdown_name(amb_ind_breakdown b)
{
    return b == AMB_IND_REGION ? "region"
           : b == AMB_IND_MUNICIPALITY ? "municipality" : "both";
}

/* One entry of "indicators". */
static json_t *indicator_json(const amb_ind_result *res,
                              const amb_ambition *m, sqlite3 *db,
                              const char *lang)
{
    const amb_ind_rule *r = res->rule;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(r->id));
    json_object_set_new(o, "title", text_json(&r->title));
    json_object_set_new(o, "description", text_json(&r->description));
    json_object_set_new(o, "subgoal", json_string(r->subgoal));
    json_object_set_new(o, "unit", json_string(r->unit));
    json_object_set_new(o, "direction",
                        json_string(r->direction > 0 ? "higher" : "lower"));
    json_object_set_new(o, "breakdown",
                        json_string(breakdown_name(r->breakdown)));
    json_object_set_new(o, "reads", json_pack("{s:o, s:o}",
        "datasets", strings_json(r->datasets, r->ndatasets),
        "survey", strings_json(r->survey, r->nsurvey)));
    json_object_set_new(o, "source_note", json_string(r->source_note));
    json_object_set_new(o, "baseline", r->has_baseline
        ? json_pack("{s:s, s:o, s:o}", "period", r->baseline_period,
                    "value", opt_num(r->has_baseline_value, r->baseline_value),
                    "note", str_json(r->baseline_note))
        : json_null());
    json_object_set_new(o, "target", r->has_target
        ? json_pack("{s:s, s:o}", "period", r->target_period,
                    "value", num_json(r->target_value))
        : json_null());
    json_object_set_new(o, "bounded", r->bounded
        ? json_pack("{s:o}", "limit", num_json(r->limit)) : json_null());
    json_object_set_new(o, "error", str_json(res->error));
    json_object_set_new(o, "series", series_json(res, m));
    json_object_set_new(o, "status", status_json(res, m, lang));
    json_object_set_new(o, "headline_status",
                        json_string(amb_status_name(res->state)));
    json_object_set_new(o, "score", opt_num(res->has_score, res->score));
    char *collected = amb_report_data_collected_at(db, r);
    json_object_set_new(o, "freshness", json_pack("{s:o, s:o}",
        "last_period", str_json(last_period(res)),
        "collected_at", str_json(collected)));
    free(collected);
    json_object_set_new(o, "file", json_string(r->file));
    json_object_set_new(o, "line", json_integer(r->line));
    return o;
}

/* "subgoals": one entry per sub-goal (4.2 first), in ambition order. */
static json_t *subgoals_json(const amb_ambition *m,
                             const amb_ind_results *res)
{
    json_t *arr = json_array();
    size_t n = amb_ambition_subgoal_count(m);
    for (size_t i = 0; i < n; i++) {
        const amb_ambition_subgoal *g = amb_ambition_subgoal_at(m, i);
        json_t *ids = json_array();
        for (size_t k = 0; k < res->n; k++)
            if (strcmp(res->items[k].rule->subgoal, g->id) == 0)
                json_array_append_new(ids, json_string(res->items[k].rule->id));
        double score = 0;
        size_t assessed = 0;
        amb_status st = amb_ind_combine(res, g->id, &score, &assessed);
        const amb_ambition_focus *f = amb_ambition_focus_of(m, g->id);
        json_array_append_new(arr, json_pack("{s:s, s:o, s:s, s:o, s:I, s:o, "
            "s:o}", "id", g->id, "indicators", ids,
            "status", amb_status_name(st), "score", opt_num(assessed > 0, score),
            "assessed", (json_int_t)assessed, "title", text_json(&g->title),
            "focus_area", f ? json_string(f->id) : json_null()));
    }
    return arr;
}

/* The survey campaigns' progress: per campaign its name, title, form,
 * status and closing date, "invited" (the companies on its respondent
 * list), the respondents by current status ("by_status", and opened,
 * partial, complete, opted_out, mail_failed at the top for the report's
 * table), the response rate (complete of invited, percent) and the
 * complete responses by municipality, where a municipality with fewer
 * than AMB_SURVEY_MIN_GROUP of them is {"area", "suppressed": true}
 * without counts.  JSON null when the store has no campaign.  New
 * reference, or NULL with err set. */
static json_t *survey_json(sqlite3 *db, amb_error *err)
{
    static const char *const keys[] = {"new", "invited", "opened", "partial",
                                       "complete", "opted_out",
                                       "mail_failed"};
    sqlite3_stmt *c = NULL, *m = NULL;
    if (sqlite3_prepare_v2(db, "SELECT c.id, c.name, c.title, c.form_id, "
            "c.status, c.closes, count(r.id), sum(r.status = 'new'), "
            "sum(r.status = 'invited'), sum(r.status = 'opened'), "
            "sum(r.status = 'partial'), sum(r.status = 'complete'), "
            "sum(r.status = 'opted_out'), sum(r.status = 'mail_failed') "
            "FROM campaigns c LEFT JOIN respondents r ON r.campaign_id = c.id "
            "GROUP BY c.id ORDER BY c.created_at, c.id", -1, &c, NULL)
            != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT municipality, count(*), "
            "sum(status = 'complete') FROM respondents WHERE campaign_id = ?1 "
            "GROUP BY municipality ORDER BY municipality", -1, &m, NULL)
            != SQLITE_OK) {
        amb_error_set(err, AMB_ESTORE, "cannot read the survey campaigns: %s",
                      sqlite3_errmsg(db));
        sqlite3_finalize(c);
        sqlite3_finalize(m);
        return NULL;
    }
    json_t *arr = json_array();
    while (sqlite3_step(c) == SQLITE_ROW) {
        json_t *o = json_object();
        static const char *const text[] = {"name", "title", "form", "status",
                                           "closes"};
        for (int i = 0; i < 5; i++)
            json_object_set_new(o, text[i], str_json((const char *)
                                    sqlite3_column_text(c, i + 1)));
        long long invited = sqlite3_column_int64(c, 6);
        json_object_set_new(o, "invited", json_integer(invited));
        json_t *bs = json_object();
        for (int i = 0; i < 7; i++) {
            json_int_t v = sqlite3_column_int64(c, 7 + i);
            json_object_set_new(bs, keys[i], json_integer(v));
            if (i >= 2)
                json_object_set_new(o, keys[i], json_integer(v));
        }
        json_object_set_new(o, "by_status", bs);
        long long complete = sqlite3_column_int64(c, 11);
        json_object_set_new(o, "response_rate", opt_num(invited > 0,
                            100.0 * (double)complete / (double)(invited ? invited : 1)));
        json_t *by = json_array();
        sqlite3_reset(m);
        sqlite3_bind_int64(m, 1, sqlite3_column_int64(c, 0));
        while (sqlite3_step(m) == SQLITE_ROW) {
            long long done = sqlite3_column_int64(m, 2);
            json_t *g = json_pack("{s:s}", "area",
                                  (const char *)sqlite3_column_text(m, 0));
            if (done < AMB_SURVEY_MIN_GROUP) {
                json_object_set_new(g, "suppressed", json_true());
            } else {
                json_object_set_new(g, "invited",
                                    json_integer(sqlite3_column_int64(m, 1)));
                json_object_set_new(g, "complete", json_integer(done));
            }
            json_array_append_new(by, g);
        }
        json_object_set_new(o, "by_municipality", by);
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(c);
    sqlite3_finalize(m);
    if (json_array_size(arr) == 0) {
        json_decref(arr);
        return json_null();
    }
    return json_pack("{s:o}", "campaigns", arr);
}

/* Load the model and rules and evaluate them; 0 or an error. */
static int evaluate(amb_workspace *ws, amb_ambition **m, amb_ind_set **set,
                    amb_ind_results **res, amb_error *err)
{
    int rc = amb_ambition_load_default(m, err);
    if (rc < 0)
        return rc;
    *set = amb_ind_set_new();
    rc = amb_ind_load_workspace(*set, *m, ws->cfg, err);
    if (rc < 0)
        return rc == AMB_ENOTFOUND ? AMB_ECONFIG : rc;
    amb_ind_eval_opts opts = {ws->cfg->lua, NULL};
    return amb_ind_evaluate(*set, *m, ws->cfg->store_path, &opts, res, err);
}

int amb_report_data(amb_workspace *ws, const char *lang, json_t **out,
                    amb_error *err)
{
    *out = NULL;
    if (!lang || (strcmp(lang, "da") != 0 && strcmp(lang, "en") != 0))
        return amb_error_set(err, AMB_EUSAGE, "report language must be "
                             "\"da\" or \"en\", not '%s'", lang ? lang : "");
    amb_ambition *m = NULL;
    amb_ind_set *set = NULL;
    amb_ind_results *res = NULL;
    int rc = evaluate(ws, &m, &set, &res, err);
    json_t *doc = NULL;
    if (rc == 0) {
        sqlite3 *db = amb_store_db(ws->store);
        json_t *sources = amb_report_data_sources(db, ws->cfg, err);
        if (!sources) {
            rc = AMB_ESTORE;
        } else {
            char now[32];
            amb_now_iso(now);
            doc = json_object();
            json_object_set_new(doc, "generated_at", json_string(now));
            json_object_set_new(doc, "workspace", json_string(ws->cfg->dir));
            json_object_set_new(doc, "lang", json_string(lang));
            json_object_set_new(doc, "sample_data",
                                json_boolean(amb_report_data_sample(db)));
            json_object_set_new(doc, "ambition", amb_ambition_to_json(m));
            json_t *inds = json_array();
            for (size_t i = 0; i < res->n; i++)
                json_array_append_new(inds, indicator_json(&res->items[i], m,
                                                           db, lang));
            json_object_set_new(doc, "indicators", inds);
            json_object_set_new(doc, "subgoals", subgoals_json(m, res));
            json_object_set_new(doc, "sources", sources);
            json_t *survey = survey_json(db, err);
            json_object_set_new(doc, "survey", survey ? survey : json_null());
            /* The partners' themes when documents were collected; a
             * lexicon or store error fails the report like any other. */
            json_t *themes = NULL;
            rc = survey ? amb_themes_json(ws, &themes, err) : AMB_ESTORE;
            json_object_set_new(doc, "themes", themes ? themes : json_null());
        }
    }
    amb_ind_results_free(res);
    amb_ind_set_free(set);
    amb_ambition_free(m);
    if (rc < 0)
        return rc;
    *out = doc;
    return 0;
}
