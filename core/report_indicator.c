/*
 * report_indicator.c - the indicator pages: one section per focus area
 * (and the prerequisite), a block per sub-goal, and per indicator its
 * title, description, key figures against baseline and target, status
 * with the method's numbers, error text, and its charts.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

/* A value of the indicator formatted with its unit, or "–". */
static void fmt_ind_value(const amb_report_ctx *c, const json_t *ind, int has,
                          double v, char *out, size_t cap)
{
    if (!has) {
        snprintf(out, cap, "\xE2\x80\x93");
        return;
    }
    int d = amb_report_decimals(ind);
    int dv = amb_report_auto_decimals(v);
    amb_report_fmt_value(v, dv > d ? dv : d, amb_report_str(ind, "unit"), c->lang,
                         out, cap);
}

/* <dt>label</dt><dd> ... the caller writes the value and </dd>. */
static void fact_open(const amb_report_ctx *c, amb_ui label)
{
    amb_html_raw(c->w, "<dt>");
    amb_html_text(c->w, amb_report_t(c, label));
    amb_html_raw(c->w, "</dt><dd>");
}

/* "value (period)" for an object with value and period fields; own_decimals:
 * the value's own precision (a stated baseline or target) instead of the
 * indicator's. */
static void value_period(const amb_report_ctx *c, const json_t *ind,
                         const json_t *obj, int own_decimals, amb_ui none)
{
    const char *value_key = "value";
    double v;
    int has = amb_report_num(obj, value_key, &v);
    if (!has && !amb_report_str(obj, "period")) {
        amb_html_raw(c->w, "<span class=\"muted\">");
        amb_html_text(c->w, amb_report_t(c, none));
        amb_html_raw(c->w, "</span>");
        return;
    }
    char num[96];
    if (has && own_decimals)
        amb_report_fmt_value(v, amb_report_auto_decimals(v), amb_report_str(ind, "unit"),
                             c->lang, num, sizeof num);
    else
        fmt_ind_value(c, ind, has, v, num, sizeof num);
    amb_html_text(c->w, num);
    const char *period = amb_report_str(obj, "period");
    if (period) {
        amb_html_raw(c->w, " (");
        amb_html_text(c->w, period);
        amb_html_raw(c->w, ")");
    }
}

/* A growth rate (a fraction) as a signed percentage. */
static void rate(const amb_report_ctx *c, double v)
{
    char num[64];
    amb_report_fmt_number(v * 100, 2, c->lang, num, sizeof num);
    amb_html_textf(c->w, "%s%s%s", v > 0 ? "+" : "", num,
                   c->lang == AMB_LANG_EN ? "%" : "\xC2\xA0%");
}

/* The key figures of an indicator: latest value (of the headline area),
 * baseline, target, change, status, and the method's R and growth rates
 * when the document has them; then the status note. */
static void facts(const amb_report_ctx *c, const json_t *ind)
{
    const json_t *st = amb_report_headline_status(c->doc, ind);
    const char *unit = amb_report_str(ind, "unit");
    amb_html_raw(c->w, "<dl class=\"facts\">\n");
    fact_open(c, AMB_UI_LATEST);
    value_period(c, ind, st, 0, AMB_UI_NO_DATA);
    double latest;
    if (amb_report_num(st, "value", &latest) && amb_report_str(st, "area")) {
        const char *name = amb_report_area_name(c->doc, amb_report_str(st, "area"));
        amb_html_raw(c->w, " <span class=\"muted\">");
        amb_html_text(c->w, name ? name : amb_report_str(st, "area"));
        amb_html_raw(c->w, "</span>");
    }
    amb_html_raw(c->w, "</dd>\n");
    const json_t *base = amb_report_obj(ind, "baseline");
    const char *bperiod;
    double bvalue;
    fact_open(c, AMB_UI_BASELINE);
    if (amb_report_baseline(c, ind, &bperiod, &bvalue)) {
        char num[96];
        amb_report_fmt_value(bvalue, amb_report_auto_decimals(bvalue), unit, c->lang,
                             num, sizeof num);
        amb_html_textf(c->w, "%s (%s)", num, bperiod);
    } else {
        value_period(c, ind, base, 1, AMB_UI_NO_BASELINE);
    }
    const char *bnote = amb_report_str(base, "note");
    if (bnote) {
        amb_html_raw(c->w, "<br><span class=\"muted\">");
        amb_html_text(c->w, bnote);
        amb_html_raw(c->w, "</span>");
    }
    amb_html_raw(c->w, "</dd>\n");
    fact_open(c, AMB_UI_TARGET);
    value_period(c, ind, amb_report_obj(ind, "target"), 1, AMB_UI_NO_TARGET);
    amb_html_raw(c->w, "</dd>\n");
    double change;
    if (amb_report_num(st, "change", &change)) {
        char num[96];
        int d = amb_report_decimals(ind);
        amb_report_fmt_number(change, d ? d : amb_report_auto_decimals(change),
                              c->lang, num, sizeof num);
        fact_open(c, AMB_UI_CHANGE);
        const char *suffix = amb_report_unit_suffix(unit);
        if (strcmp(suffix, "%") == 0)
            suffix = amb_report_t(c, AMB_UI_PP);
        amb_html_textf(c->w, "%s%s%s%s", change > 0 ? "+" : "", num,
                       *suffix ? " " : "", suffix);
        amb_html_raw(c->w, "</dd>\n");
    }
    fact_open(c, AMB_UI_STATUS);
    amb_report_indicator_badge(c, ind);
    amb_html_raw(c->w, "</dd>\n");
    double v;
    if (amb_report_num(st, "ratio", &v)) {
        char num[64];
        amb_report_fmt_number(v, 2, c->lang, num, sizeof num);
        fact_open(c, AMB_UI_METHOD_R);
        amb_html_text(c->w, num);
        amb_html_raw(c->w, "</dd>\n");
    }
    if (amb_report_num(st, "cagr", &v)) {
        fact_open(c, AMB_UI_METHOD_CAGR);
        rate(c, v);
        amb_html_raw(c->w, "</dd>\n");
    }
    if (amb_report_num(st, "required_cagr", &v)) {
        fact_open(c, AMB_UI_METHOD_REQUIRED);
        rate(c, v);
        amb_html_raw(c->w, "</dd>\n");
    }
    amb_html_raw(c->w, "</dl>\n");
    const char *note = amb_report_str(st, "note");
    if (note) {
        amb_html_raw(c->w, "<p class=\"status-note\">");
        amb_html_text(c->w, note);
        amb_html_raw(c->w, "</p>\n");
    }
}

/* A comma-separated list of the strings in arr. */
static void string_list(const amb_report_ctx *c, const json_t *arr, int *n)
{
    for (size_t i = 0; arr && i < json_array_size(arr); i++) {
        const json_t *v = json_array_get(arr, i);
        if (!json_is_string(v))
            continue;
        amb_html_raw(c->w, (*n)++ ? ", " : "");
        amb_html_raw(c->w, "<code>");
        amb_html_text(c->w, json_string_value(v));
        amb_html_raw(c->w, "</code>");
    }
}

/* The line under the heading: id, sub-goal, unit, direction, data read. */
static void meta(const amb_report_ctx *c, const json_t *ind)
{
    amb_html_raw(c->w, "<p class=\"ind-meta\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_ID));
    amb_html_raw(c->w, " <code>");
    amb_html_text(c->w, amb_report_str(ind, "id"));
    amb_html_raw(c->w, "</code>");
    const char *sg = amb_report_str(ind, "subgoal");
    if (sg) {
        amb_html_raw(c->w, " \xC2\xB7 ");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_SUBGOAL));
        amb_html_raw(c->w, " ");
        amb_html_text(c->w, sg);
    }
    const char *unit = amb_report_str(ind, "unit");
    if (unit) {
        amb_html_raw(c->w, " \xC2\xB7 ");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_UNIT));
        amb_html_raw(c->w, ": ");
        amb_html_text(c->w, amb_report_unit_title(unit, c->lang));
    }
    const char *dir = amb_report_str(ind, "direction");
    if (dir) {
        amb_html_raw(c->w, " \xC2\xB7 ");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_DIRECTION));
        amb_html_raw(c->w, ": ");
        if (strcmp(dir, "higher") == 0)
            amb_html_text(c->w, amb_report_t(c, AMB_UI_HIGHER_BETTER));
        else if (strcmp(dir, "lower") == 0)
            amb_html_text(c->w, amb_report_t(c, AMB_UI_LOWER_BETTER));
        else
            amb_html_text(c->w, dir);
    }
    const json_t *reads = amb_report_obj(ind, "reads");
    int n = 0;
    amb_html_raw(c->w, " \xC2\xB7 ");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_DATA));
    amb_html_raw(c->w, ": ");
    string_list(c, amb_report_arr(reads, "datasets"), &n);
    string_list(c, amb_report_arr(reads, "survey"), &n);
    if (n == 0)
        amb_html_raw(c->w, "\xE2\x80\x93");
    amb_html_raw(c->w, "</p>\n");
    const char *src = amb_report_str(ind, "source_note");
    if (src) {
        amb_html_raw(c->w, "<p class=\"source-note\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_SOURCE_NOTE));
        amb_html_raw(c->w, ": ");
        amb_html_text(c->w, src);
        amb_html_raw(c->w, "</p>\n");
    }
}

/* One indicator as an <article> with a heading of the given level. */
static void indicator(const amb_report_ctx *c, const json_t *ind, size_t idx, int level)
{
    char anchor[128];
    amb_report_anchor(c, idx, anchor, sizeof anchor);
    amb_html_rawf(c->w, "<article class=\"indicator\" id=\"%s\" aria-labelledby=\"%s-h\">\n"
                  "<h%d id=\"%s-h\">", anchor, anchor, level, anchor);
    const char *title = amb_report_text(ind, "title", c->lang);
    amb_html_text(c->w, title ? title : amb_report_str(ind, "id"));
    amb_html_rawf(c->w, "</h%d>\n", level);
    meta(c, ind);
    const char *desc = amb_report_text(ind, "description", c->lang);
    if (desc) {
        amb_html_raw(c->w, "<p class=\"desc\">");
        amb_html_text(c->w, desc);
        amb_html_raw(c->w, "</p>\n");
    }
    const char *error = amb_report_str(ind, "error");
    if (error) {
        amb_html_raw(c->w, "<div class=\"error-box\">\n<p><strong><span aria-hidden=\"true\">"
                     "\xE2\x9A\xA0 </span>");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_ERROR));
        amb_html_raw(c->w, ":</strong> ");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_ERROR_TEXT));
        amb_html_raw(c->w, "</p>\n<pre class=\"error-text\">");
        amb_html_text(c->w, error);
        amb_html_raw(c->w, "</pre>\n</div>\n");
    }
    facts(c, ind);
    amb_report_trend(c, ind, idx);
    if (amb_report_has_municipal(ind))
        amb_report_comparison(c, ind, idx);
    amb_html_raw(c->w, "</article>\n");
}

/* Every indicator of sub-goal id, in document order; returns how many. */
static size_t subgoal_indicators(const amb_report_ctx *c, const char *id, int level)
{
    const json_t *inds = amb_report_arr(c->doc, "indicators");
    size_t n = 0;
    for (size_t i = 0; inds && i < json_array_size(inds); i++) {
        const json_t *ind = json_array_get(inds, i);
        if (amb_report_in_subgoal(ind, id)) {
            indicator(c, ind, i, level);
            n++;
        }
    }
    return n;
}

/* The note under a sub-goal that no indicator measures. */
static void unmeasured(const amb_report_ctx *c)
{
    amb_html_raw(c->w, "<p class=\"unmeasured-note\">");
    amb_report_badge(c, NULL);
    amb_html_raw(c->w, " ");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_NO_INDICATORS));
    amb_html_raw(c->w, "</p>\n");
}

/* Open a focus-area section: <section id=..><h2>id title</h2>. */
static void section_open(const amb_report_ctx *c, const char *anchor, const json_t *area)
{
    amb_html_rawf(c->w, "<section class=\"focus\" id=\"%s\" aria-labelledby=\"%s-h\">\n"
                  "<h2 id=\"%s-h\">", anchor, anchor, anchor);
    const char *id = amb_report_str(area, "id");
    if (id) {
        amb_html_raw(c->w, "<span class=\"num\">");
        amb_html_text(c->w, id);
        amb_html_raw(c->w, "</span> ");
    }
    amb_html_text(c->w, amb_report_text(area, "title", c->lang));
    amb_html_raw(c->w, "</h2>\n");
    const char *goal = amb_report_text(area, "goal", c->lang);
    if (goal) {
        amb_html_raw(c->w, "<p class=\"goal\"><strong>");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_GOAL));
        amb_html_raw(c->w, ":</strong> ");
        amb_html_text(c->w, goal);
        amb_html_raw(c->w, "</p>\n");
    }
}

void amb_report_indicators(const amb_report_ctx *c)
{
    const json_t *amb = amb_report_obj(c->doc, "ambition");
    const json_t *pre = amb_report_obj(amb, "prerequisite");
    if (pre) {
        section_open(c, "fa-pre", pre);
        if (subgoal_indicators(c, amb_report_str(pre, "id"), 3) == 0)
            unmeasured(c);
        amb_html_raw(c->w, "</section>\n");
    }
    const json_t *areas = amb_report_arr(amb, "focus_areas");
    for (size_t i = 0; areas && i < json_array_size(areas); i++) {
        const json_t *fa = json_array_get(areas, i);
        char anchor[32];
        snprintf(anchor, sizeof anchor, "fa-%zu", i);
        section_open(c, anchor, fa);
        const json_t *sgs = amb_report_arr(fa, "subgoals");
        for (size_t j = 0; sgs && j < json_array_size(sgs); j++) {
            const json_t *sg = json_array_get(sgs, j);
            const char *id = amb_report_str(sg, "id");
            amb_html_raw(c->w, "<div class=\"subgoal\">\n<h3>");
            if (id) {
                amb_html_raw(c->w, "<span class=\"num\">");
                amb_html_text(c->w, id);
                amb_html_raw(c->w, "</span> ");
            }
            amb_html_text(c->w, amb_report_text(sg, "title", c->lang));
            amb_html_raw(c->w, "</h3>\n");
            if (subgoal_indicators(c, id, 4) == 0)
                unmeasured(c);
            amb_html_raw(c->w, "</div>\n");
        }
        amb_html_raw(c->w, "</section>\n");
    }
    /* Indicators whose sub-goal is not in the ambition still appear. */
    const json_t *inds = amb_report_arr(c->doc, "indicators");
    int opened = 0;
    for (size_t i = 0; inds && i < json_array_size(inds); i++) {
        const json_t *ind = json_array_get(inds, i);
        if (amb_report_subgoal(c->doc, amb_report_str(ind, "subgoal")))
            continue;
        if (!opened++) {
            amb_html_raw(c->w, "<section class=\"focus\" id=\"fa-other\" "
                         "aria-labelledby=\"fa-other-h\">\n<h2 id=\"fa-other-h\">");
            amb_html_text(c->w, amb_report_t(c, AMB_UI_OTHER_INDICATORS));
            amb_html_raw(c->w, "</h2>\n");
        }
        indicator(c, ind, i, 3);
    }
    if (opened)
        amb_html_raw(c->w, "</section>\n");
}
