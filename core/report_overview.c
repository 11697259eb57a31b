/*
 * report_overview.c - the overview (focus areas, sub-goals, their
 * indicators and statuses, how to read a status) and the coverage matrix
 * (which sub-goal is measured by what, and how fresh the data are).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "report_internal.h"

/* "5.1.3 Støtte unges uddannelsesvalg" as escaped text. */
static void id_title(const amb_report_ctx *c, const json_t *obj)
{
    const char *id = amb_report_str(obj, "id");
    if (id) {
        amb_html_raw(c->w, "<span class=\"num\">");
        amb_html_text(c->w, id);
        amb_html_raw(c->w, "</span> ");
    }
    amb_html_text(c->w, amb_report_text(obj, "title", c->lang));
}

/* How many indicators of the document name sub-goal id. */
static size_t count_indicators(const amb_report_ctx *c, const char *id)
{
    const json_t *inds = amb_report_arr(c->doc, "indicators");
    size_t n = 0;
    for (size_t i = 0; inds && i < json_array_size(inds); i++)
        n += amb_report_in_subgoal(json_array_get(inds, i), id);
    return n;
}

/* The sub-goal's combined status badge, or "not measured". */
static void subgoal_badge(const amb_report_ctx *c, const char *id)
{
    if (count_indicators(c, id) == 0) {
        amb_report_badge(c, NULL);
        return;
    }
    const json_t *sg = amb_report_find(amb_report_arr(c->doc, "subgoals"), "id", id);
    const char *st = amb_report_str(sg, "status");
    amb_report_badge(c, st ? st : "insufficient_data");
}

/* A link to an indicator's section, labelled with its title. */
static void indicator_link(const amb_report_ctx *c, const json_t *ind, size_t idx)
{
    char anchor[128];
    amb_report_anchor(c, idx, anchor, sizeof anchor);
    amb_html_rawf(c->w, "<a href=\"#%s\">", anchor);
    const char *title = amb_report_text(ind, "title", c->lang);
    amb_html_text(c->w, title ? title : amb_report_str(ind, "id"));
    amb_html_raw(c->w, "</a>");
}

/* One row of an area's sub-goal table. */
static void subgoal_row(const amb_report_ctx *c, const json_t *sg)
{
    const char *id = amb_report_str(sg, "id");
    amb_html_raw(c->w, "<tr><th scope=\"row\">");
    id_title(c, sg);
    amb_html_raw(c->w, "</th><td>");
    subgoal_badge(c, id);
    amb_html_raw(c->w, "</td><td>");
    const json_t *inds = amb_report_arr(c->doc, "indicators");
    size_t n = 0;
    for (size_t i = 0; inds && i < json_array_size(inds); i++) {
        const json_t *ind = json_array_get(inds, i);
        if (!amb_report_in_subgoal(ind, id))
            continue;
        amb_html_raw(c->w, n++ ? "<li>" : "<ul class=\"ind-list\">\n<li>");
        indicator_link(c, ind, i);
        amb_html_raw(c->w, " ");
        amb_report_indicator_badge(c, ind);
        amb_html_raw(c->w, "</li>\n");
    }
    if (n)
        amb_html_raw(c->w, "</ul>");
    else {
        amb_html_raw(c->w, "<span class=\"muted\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_NO_INDICATORS));
        amb_html_raw(c->w, "</span>");
    }
    amb_html_raw(c->w, "</td></tr>\n");
}

/* Does a figure belong to the area: its sub-goal is the area's id or
 * starts with it and a dot? */
static int figure_in(const json_t *fig, const char *area)
{
    const char *sg = amb_report_str(fig, "subgoal");
    size_t n = area ? strlen(area) : 0;
    return sg && n && strncmp(sg, area, n) == 0 && (sg[n] == '\0' || sg[n] == '.');
}

/* The figures the ambition states for an area (by sub-goal prefix). */
static void area_figures(const amb_report_ctx *c, const char *area)
{
    const json_t *figs = amb_report_arr(amb_report_obj(c->doc, "ambition"), "figures");
    size_t n = 0;
    for (size_t i = 0; figs && i < json_array_size(figs); i++) {
        const json_t *fig = json_array_get(figs, i);
        if (!figure_in(fig, area))
            continue;
        if (n++ == 0) {
            amb_html_raw(c->w, "<p class=\"figures-h\">");
            amb_html_text(c->w, amb_report_t(c, AMB_UI_FIGURES));
            amb_html_raw(c->w, "</p>\n<ul class=\"figures\">\n");
        }
        amb_html_raw(c->w, "<li>");
        amb_html_text(c->w, amb_report_text(fig, "text", c->lang));
        double v;
        if (amb_report_num(fig, "value", &v)) {
            char num[96];
            amb_report_fmt_value(v, amb_report_auto_decimals(v),
                                 amb_report_str(fig, "unit"), c->lang, num, sizeof num);
            amb_html_raw(c->w, " <strong>");
            amb_html_text(c->w, num);
            amb_html_raw(c->w, "</strong>");
        }
        const char *period = amb_report_str(fig, "period");
        if (period) {
            amb_html_raw(c->w, " (");
            amb_html_text(c->w, period);
            amb_html_raw(c->w, ")");
        }
        amb_html_raw(c->w, "</li>\n");
    }
    if (n)
        amb_html_raw(c->w, "</ul>\n");
}

/* A card for the prerequisite (its own only sub-goal) or a focus area. */
static void area_card(const amb_report_ctx *c, const json_t *area, int prerequisite)
{
    amb_html_raw(c->w, "<div class=\"area-card\">\n<h3>");
    id_title(c, area);
    amb_html_raw(c->w, "</h3>\n");
    const char *goal = amb_report_text(area, "goal", c->lang);
    if (prerequisite || goal) {
        amb_html_raw(c->w, "<p class=\"goal\"><strong>");
        amb_html_text(c->w, amb_report_t(c, prerequisite ? AMB_UI_PREREQUISITE
                                                         : AMB_UI_GOAL));
        amb_html_raw(c->w, prerequisite ? "</strong>" : ":</strong> ");
        amb_html_text(c->w, goal);
        amb_html_raw(c->w, "</p>\n");
    }
    amb_html_raw(c->w, "<table class=\"subgoals\">\n<caption class=\"sr\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_SUBGOAL));
    amb_html_raw(c->w, ": ");
    amb_html_text(c->w, amb_report_str(area, "id"));
    amb_html_raw(c->w, "</caption>\n<thead><tr><th scope=\"col\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_SUBGOAL));
    amb_html_raw(c->w, "</th><th scope=\"col\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_SUBGOAL_STATUS));
    amb_html_raw(c->w, "</th><th scope=\"col\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_INDICATORS));
    amb_html_raw(c->w, "</th></tr></thead>\n<tbody>\n");
    if (prerequisite) {
        subgoal_row(c, area);
    } else {
        const json_t *sgs = amb_report_arr(area, "subgoals");
        for (size_t i = 0; sgs && i < json_array_size(sgs); i++)
            subgoal_row(c, json_array_get(sgs, i));
    }
    amb_html_raw(c->w, "</tbody>\n</table>\n");
    area_figures(c, amb_report_str(area, "id"));
    amb_html_raw(c->w, "</div>\n");
}

/* The ambition's partners with their focus, when it lists any. */
static void partners(const amb_report_ctx *c, const json_t *amb)
{
    const json_t *ps = amb_report_arr(amb, "partners");
    if (!ps || json_array_size(ps) == 0)
        return;
    amb_html_raw(c->w, "<h3>");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_PARTNERS));
    amb_html_raw(c->w, "</h3>\n<ul class=\"partners\">\n");
    for (size_t i = 0; i < json_array_size(ps); i++) {
        const json_t *p = json_array_get(ps, i);
        amb_html_raw(c->w, "<li><strong>");
        amb_html_text(c->w, amb_report_str(p, "name"));
        amb_html_raw(c->w, "</strong>");
        const char *focus = amb_report_text(p, "focus", c->lang);
        if (focus) {
            amb_html_raw(c->w, ": ");
            amb_html_text(c->w, focus);
        }
        amb_html_raw(c->w, "</li>\n");
    }
    amb_html_raw(c->w, "</ul>\n");
}

/* "How to read the status": the method in words and every badge. */
static void status_legend(const amb_report_ctx *c)
{
    size_t n;
    const amb_report_status *all = amb_report_statuses(&n);
    amb_html_raw(c->w, "<div class=\"howto\">\n<h3>");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_HOW_TO_READ));
    amb_html_raw(c->w, "</h3>\n<p>");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_METHOD_TEXT));
    amb_html_raw(c->w, "</p>\n<ul class=\"status-legend\">\n");
    for (size_t i = 0; i < n; i++) {
        amb_html_raw(c->w, "<li>");
        amb_report_badge(c, all[i].key);
        amb_html_raw(c->w, "</li>\n");
    }
    amb_html_raw(c->w, "<li>");
    amb_report_badge(c, NULL);
    amb_html_raw(c->w, "</li>\n</ul>\n</div>\n");
}

void amb_report_overview(const amb_report_ctx *c)
{
    const json_t *amb = amb_report_obj(c->doc, "ambition");
    amb_html_raw(c->w, "<section id=\"overview\" aria-labelledby=\"overview-h\">\n"
                 "<h2 id=\"overview-h\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_OVERVIEW));
    amb_html_raw(c->w, "</h2>\n<p class=\"intro\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_OVERVIEW_INTRO));
    amb_html_raw(c->w, "</p>\n");
    status_legend(c);
    amb_html_raw(c->w, "<div class=\"areas\">\n");
    const json_t *pre = amb_report_obj(amb, "prerequisite");
    if (pre)
        area_card(c, pre, 1);
    const json_t *areas = amb_report_arr(amb, "focus_areas");
    for (size_t i = 0; areas && i < json_array_size(areas); i++)
        area_card(c, json_array_get(areas, i), 0);
    amb_html_raw(c->w, "</div>\n");
    partners(c, amb);
    amb_html_raw(c->w, "</section>\n");
}

/* ------------------------------------------------------------------ */
/* Coverage. */

/* The rows of one sub-goal: one per indicator, the sub-goal cell spanning
 * them; a sub-goal without indicators gets one row marked as such.
 * sg may be NULL for indicators whose sub-goal the ambition lacks. */
static void coverage_rows(const amb_report_ctx *c, const json_t *sg, const char *id)
{
    const json_t *inds = amb_report_arr(c->doc, "indicators");
    size_t n = count_indicators(c, id);
    if (n == 0) {
        amb_html_raw(c->w, "<tr class=\"unmeasured\"><th scope=\"row\">");
        id_title(c, sg);
        amb_html_raw(c->w, "</th><td colspan=\"3\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_NO_INDICATORS));
        amb_html_raw(c->w, "</td><td>");
        amb_report_badge(c, NULL);
        amb_html_raw(c->w, "</td></tr>\n");
        return;
    }
    size_t k = 0;
    for (size_t i = 0; inds && i < json_array_size(inds); i++) {
        const json_t *ind = json_array_get(inds, i);
        if (!amb_report_in_subgoal(ind, id))
            continue;
        amb_html_raw(c->w, "<tr>");
        if (k++ == 0) {
            amb_html_rawf(c->w, "<th scope=\"row\" rowspan=\"%zu\">", n);
            if (sg)
                id_title(c, sg);
            else
                amb_html_text(c->w, id);
            amb_html_raw(c->w, "</th>");
        }
        amb_html_raw(c->w, "<td>");
        indicator_link(c, ind, i);
        const json_t *fr = amb_report_obj(ind, "freshness");
        const char *last = amb_report_str(fr, "last_period");
        char when[64];
        amb_report_fmt_time(amb_report_str(fr, "collected_at"), 1, when, sizeof when);
        amb_html_raw(c->w, "</td><td>");
        amb_html_text(c->w, last ? last : "\xE2\x80\x93");
        amb_html_raw(c->w, "</td><td>");
        amb_html_text(c->w, *when ? when : "\xE2\x80\x93");
        amb_html_raw(c->w, "</td><td>");
        amb_report_indicator_badge(c, ind);
        amb_html_raw(c->w, "</td></tr>\n");
    }
}

void amb_report_coverage(const amb_report_ctx *c)
{
    const json_t *amb = amb_report_obj(c->doc, "ambition");
    amb_html_raw(c->w, "<section id=\"coverage\" aria-labelledby=\"coverage-h\">\n"
                 "<h2 id=\"coverage-h\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_COVERAGE));
    amb_html_raw(c->w, "</h2>\n<table class=\"coverage\">\n<caption>");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_COVERAGE_INTRO));
    amb_html_raw(c->w, "</caption>\n<thead><tr>");
    static const amb_ui cols[] = {AMB_UI_SUBGOAL, AMB_UI_INDICATOR, AMB_UI_LAST_PERIOD,
                                  AMB_UI_COLLECTED, AMB_UI_STATUS};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        amb_html_raw(c->w, "<th scope=\"col\">");
        amb_html_text(c->w, amb_report_t(c, cols[i]));
        amb_html_raw(c->w, "</th>");
    }
    amb_html_raw(c->w, "</tr></thead>\n");
    const json_t *pre = amb_report_obj(amb, "prerequisite");
    if (pre) {
        amb_html_raw(c->w, "<tbody>\n");
        coverage_rows(c, pre, amb_report_str(pre, "id"));
        amb_html_raw(c->w, "</tbody>\n");
    }
    const json_t *areas = amb_report_arr(amb, "focus_areas");
    for (size_t i = 0; areas && i < json_array_size(areas); i++) {
        const json_t *sgs = amb_report_arr(json_array_get(areas, i), "subgoals");
        amb_html_raw(c->w, "<tbody>\n");
        for (size_t j = 0; sgs && j < json_array_size(sgs); j++) {
            const json_t *sg = json_array_get(sgs, j);
            coverage_rows(c, sg, amb_report_str(sg, "id"));
        }
        amb_html_raw(c->w, "</tbody>\n");
    }
    /* Indicators whose sub-goal the ambition does not know, one group each. */
    const json_t *inds = amb_report_arr(c->doc, "indicators");
    for (size_t i = 0; inds && i < json_array_size(inds); i++) {
        const json_t *ind = json_array_get(inds, i);
        const char *sg = amb_report_str(ind, "subgoal");
        if (amb_report_subgoal(c->doc, sg))
            continue;
        int seen = 0;
        for (size_t j = 0; sg && j < i && !seen; j++) {
            const char *other = amb_report_str(json_array_get(inds, j), "subgoal");
            seen = other && strcmp(sg, other) == 0;
        }
        if (seen)
            continue;
        amb_html_raw(c->w, "<tbody>\n");
        if (sg) {
            coverage_rows(c, NULL, sg);
        } else {
            amb_html_raw(c->w, "<tr><th scope=\"row\">\xE2\x80\x93</th><td>");
            indicator_link(c, ind, i);
            amb_html_raw(c->w, "</td><td colspan=\"2\"></td><td>");
            amb_report_indicator_badge(c, ind);
            amb_html_raw(c->w, "</td></tr>\n");
        }
        amb_html_raw(c->w, "</tbody>\n");
    }
    amb_html_raw(c->w, "</table>\n</section>\n");
}
