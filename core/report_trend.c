/*
 * report_trend.c - an indicator's trend chart beside the table of its
 * numbers: the region (or the first area) plus the areas with the highest
 * and the lowest latest value, the baseline, the target and the gaps,
 * with a summary in words for screen readers.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "report_svg.h"

/* ------------------------------------------------------------------ */
/* Periods: a sorted set of owned strings. */

typedef struct periods {
    char **v;
    size_t n, cap;
} periods;

static void periods_free(periods *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    p->v = NULL;
    p->n = p->cap = 0;
}

/* Index of s, or -1. */
static long periods_find(const periods *p, const char *s)
{
    for (size_t i = 0; s && i < p->n; i++)
        if (strcmp(p->v[i], s) == 0)
            return (long)i;
    return -1;
}

/* Insert s keeping the set sorted (period codes sort by time). */
static void periods_add(periods *p, const char *s)
{
    if (!s || periods_find(p, s) >= 0)
        return;
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 16;
        p->v = amb_xrealloc(p->v, p->cap * sizeof(char *));
    }
    size_t at = p->n;
    while (at > 0 && strcmp(p->v[at - 1], s) > 0) {
        p->v[at] = p->v[at - 1];
        at--;
    }
    p->v[at] = amb_xstrdup(s);
    p->n++;
}

static int is_year(const char *s)
{
    return strlen(s) == 4 && strspn(s, "0123456789") == 4;
}

/* When every period is a year, make the years contiguous so that time is
 * linear on the axis and a missing year shows as a gap. */
static void periods_fill_years(periods *p)
{
    if (p->n < 2)
        return;
    for (size_t i = 0; i < p->n; i++)
        if (!is_year(p->v[i]))
            return;
    int first = atoi(p->v[0]), last = atoi(p->v[p->n - 1]);
    if (last - first > 200)
        return;
    for (int y = first + 1; y < last; y++) {
        char buf[16];
        snprintf(buf, sizeof buf, "%04d", y);
        periods_add(p, buf);
    }
}

/* Add the periods of every point of a series. */
static void periods_of(periods *p, const json_t *series)
{
    const json_t *pts = amb_report_arr(series, "points");
    for (size_t j = 0; pts && j < json_array_size(pts); j++)
        periods_add(p, amb_report_str(json_array_get(pts, j), "period"));
}

/* ------------------------------------------------------------------ */
/* The trend. */

/* Up to three series: the headline, then the other areas with the
 * highest and the lowest value in their latest period.  Returns how many. */
static size_t pick_series(const amb_report_ctx *c, const json_t *ind,
                          const json_t *out[AMB_SVG_MAX_SERIES], const char *why[])
{
    size_t n = 0;
    const json_t *head = amb_report_headline_series(c, ind);
    if (!head)
        return 0;
    out[n] = head;
    why[n++] = NULL;
    const json_t *all = amb_report_arr(ind, "series");
    /* Compare the others at their latest common period. */
    const char *period = NULL;
    for (size_t i = 0; all && i < json_array_size(all); i++) {
        const json_t *s = json_array_get(all, i);
        double v;
        const char *p;
        if (s != head && amb_report_last_value(s, &v, &p) && (!period || strcmp(p, period) > 0))
            period = p;
    }
    const json_t *hi = NULL, *lo = NULL;
    double vhi = 0, vlo = 0;
    for (size_t i = 0; period && all && i < json_array_size(all); i++) {
        const json_t *s = json_array_get(all, i);
        double v;
        if (s == head || !amb_report_num(amb_report_point_at(s, period), "value", &v))
            continue;
        if (!hi || v > vhi) {
            hi = s;
            vhi = v;
        }
        if (!lo || v < vlo) {
            lo = s;
            vlo = v;
        }
    }
    if (hi) {
        out[n] = hi;
        why[n++] = amb_report_t(c, AMB_UI_HIGHEST);
    }
    if (lo && lo != hi) {
        out[n] = lo;
        why[n++] = amb_report_t(c, AMB_UI_LOWEST);
    }
    return n;
}

/* "name: 24,1 % (2019) → 26,0 % (2024). " for the summary. */
static void describe_series(const amb_report_ctx *c, const json_t *ind,
                            const json_t *s, amb_buf *b)
{
    const json_t *pts = amb_report_arr(s, "points");
    const char *first_p = NULL, *last_p = NULL;
    double first = 0, last = 0;
    for (size_t j = 0; pts && j < json_array_size(pts); j++) {
        const json_t *pt = json_array_get(pts, j);
        const char *per = amb_report_str(pt, "period");
        double v;
        if (!per || !amb_report_num(pt, "value", &v))
            continue;
        if (!first_p || strcmp(per, first_p) < 0)
            first_p = per, first = v;
        if (!last_p || strcmp(per, last_p) > 0)
            last_p = per, last = v;
    }
    if (!first_p)
        return;
    char a[96], z[96];
    amb_report_fmt_ind(c, ind, first, a, sizeof a);
    amb_report_fmt_ind(c, ind, last, z, sizeof z);
    amb_buf_printf(b, "%s: %s (%s) \xE2\x86\x92 %s (%s). ", amb_report_series_name(c, s), a,
                   first_p, z, last_p);
}

/* "Basis 2019: 24 %" into out: a stated value, with its own precision. */
static void mark_label(const amb_report_ctx *c, const json_t *ind, amb_ui what,
                       const char *period, double v, char *out, size_t cap)
{
    char num[96];
    amb_report_fmt_value(v, amb_report_auto_decimals(v), amb_report_str(ind, "unit"),
                         c->lang, num, sizeof num);
    snprintf(out, cap, "%s %s: %s", amb_report_t(c, what), period, num);
}

void amb_report_trend(const amb_report_ctx *c, const json_t *ind, size_t idx)
{
    const json_t *chosen[AMB_SVG_MAX_SERIES];
    const char *why[AMB_SVG_MAX_SERIES];
    size_t ns = pick_series(c, ind, chosen, why);
    periods p = {0};
    for (size_t k = 0; k < ns; k++)
        periods_of(&p, chosen[k]);
    const json_t *target = amb_report_obj(ind, "target");
    double bv = 0, tv = 0;
    const char *bp = NULL, *tp = amb_report_str(target, "period");
    int has_b = amb_report_baseline(c, ind, &bp, &bv);
    int has_t = tp && amb_report_num(target, "value", &tv);
    if (has_b)
        periods_add(&p, bp);
    if (has_t)
        periods_add(&p, tp);
    periods_fill_years(&p);

    /* Values aligned with the periods; labels; the headline's flags. */
    amb_svg_series series[AMB_SVG_MAX_SERIES];
    double *values = amb_xcalloc(ns * (p.n ? p.n : 1), sizeof(double));
    unsigned char *flagged = amb_xcalloc(p.n ? p.n : 1, 1);
    char labels[AMB_SVG_MAX_SERIES][192];
    for (size_t k = 0; k < ns; k++) {
        double *vals = values + k * p.n;
        for (size_t i = 0; i < p.n; i++)
            vals[i] = NAN;
        const json_t *pts = amb_report_arr(chosen[k], "points");
        for (size_t j = 0; pts && j < json_array_size(pts); j++) {
            const json_t *pt = json_array_get(pts, j);
            long at = periods_find(&p, amb_report_str(pt, "period"));
            double v;
            if (at < 0)
                continue;
            if (amb_report_num(pt, "value", &v))
                vals[at] = v;
            else if (k == 0 && amb_report_str(pt, "flag"))
                flagged[at] = 1;
        }
        if (why[k])
            snprintf(labels[k], sizeof labels[k], "%s (%s)", amb_report_series_name(c, chosen[k]),
                     why[k]);
        else
            snprintf(labels[k], sizeof labels[k], "%s", amb_report_series_name(c, chosen[k]));
        series[k] = (amb_svg_series){labels[k], vals};
    }

    /* Words for the chart's description and the caption's gap note. */
    const char *title = amb_report_text(ind, "title", c->lang);
    amb_buf desc = {0}, gaps = {0};
    amb_buf_puts(&desc, "");
    amb_buf_puts(&gaps, "");
    for (size_t k = 0; k < ns; k++)
        describe_series(c, ind, chosen[k], &desc);
    char blabel[192] = "", tlabel[192] = "", chart_title[512];
    if (has_b) {
        mark_label(c, ind, AMB_UI_BASELINE, bp, bv, blabel, sizeof blabel);
        amb_buf_printf(&desc, "%s. ", blabel);
    }
    if (has_t) {
        mark_label(c, ind, AMB_UI_TARGET, tp, tv, tlabel, sizeof tlabel);
        amb_buf_printf(&desc, "%s. ", tlabel);
    }
    if (ns == 0)
        amb_buf_printf(&desc, "%s.", amb_report_t(c, AMB_UI_NO_DATA));
    size_t first = p.n, last = 0;
    for (size_t i = 0; ns && i < p.n; i++)
        if (isfinite(series[0].values[i])) {
            first = first == p.n ? i : first;
            last = i;
        }
    for (size_t i = 0; ns && i < p.n; i++) {
        int interior = i > first && i < last && !isfinite(series[0].values[i]);
        if (!interior && !flagged[i])
            continue;
        const char *flag = amb_report_str(amb_report_point_at(chosen[0], p.v[i]), "flag");
        amb_buf_printf(&gaps, "%s%s (%s%s%s)", gaps.len ? ", " : "", p.v[i],
                       flag ? flag : "", flag ? ": " : "", amb_report_missing_text(c, flag));
    }
    if (gaps.len)
        amb_buf_printf(&desc, "%s %s.", amb_report_t(c, AMB_UI_GAP_NOTE), gaps.data);
    snprintf(chart_title, sizeof chart_title, "%s: %s", amb_report_t(c, AMB_UI_TREND),
             title ? title : "");

    char id[48];
    snprintf(id, sizeof id, "trend-%zu", idx);
    amb_svg_trend spec = {
        .id = id, .title = chart_title, .desc = desc.data,
        .periods = (const char *const *)p.v, .nperiods = p.n,
        .series = series, .nseries = ns, .flagged = flagged,
        .has_baseline = has_b, .baseline_at = has_b ? (size_t)periods_find(&p, bp) : 0,
        .baseline = bv, .baseline_label = blabel,
        .has_target = has_t, .target_at = has_t ? (size_t)periods_find(&p, tp) : 0,
        .target = tv, .target_label = tlabel,
        .x_title = amb_report_t(c, AMB_UI_X_AXIS),
        .y_title = amb_report_unit_title(amb_report_str(ind, "unit"), c->lang),
        .unit = amb_report_str(ind, "unit"), .decimals = amb_report_decimals(ind),
        .lang = c->lang, .empty_text = amb_report_t(c, AMB_UI_NO_DATA),
        .gap_legend = amb_report_t(c, AMB_UI_LEGEND_MISSING),
    };
    amb_html_raw(c->w, "<div class=\"chart-row\">\n<figure class=\"chart-fig\">\n");
    amb_svg_trend_write(c->w, &spec);
    amb_html_raw(c->w, "<figcaption>");
    amb_html_text(c->w, chart_title);
    if (gaps.len) {
        amb_html_raw(c->w, "<br><span class=\"gap-note\">");
        amb_html_textf(c->w, "%s %s.", amb_report_t(c, AMB_UI_GAP_NOTE), gaps.data);
        amb_html_raw(c->w, "</span>");
    }
    amb_html_raw(c->w, "</figcaption>\n</figure>\n");

    /* The table: every series of the indicator over the periods with data. */
    periods cols = {0};
    const json_t *all = amb_report_arr(ind, "series");
    for (size_t i = 0; all && i < json_array_size(all); i++)
        periods_of(&cols, json_array_get(all, i));
    amb_html_raw(c->w, "<div class=\"table-wrap\" tabindex=\"0\">\n<table class=\"numbers trend-table\">\n"
                 "<caption>");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_TREND_TABLE));
    amb_report_caption_unit(c, ind);
    amb_html_raw(c->w, "</caption>\n<thead><tr><th scope=\"col\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_AREA));
    amb_html_raw(c->w, "</th>");
    for (size_t i = 0; i < cols.n; i++) {
        amb_html_raw(c->w, "<th scope=\"col\">");
        amb_html_text(c->w, cols.v[i]);
        amb_html_raw(c->w, "</th>");
    }
    amb_html_raw(c->w, "</tr></thead>\n<tbody>\n");
    size_t rows = 0;
    for (size_t i = 0; all && i < json_array_size(all); i++) {
        const json_t *s = json_array_get(all, i);
        if (!json_is_object(s))
            continue;
        amb_html_raw(c->w, "<tr><th scope=\"row\">");
        amb_html_text(c->w, amb_report_series_name(c, s));
        amb_html_raw(c->w, "</th>");
        for (size_t j = 0; j < cols.n; j++)
            amb_report_number_cell(c, ind, s, cols.v[j]);
        amb_html_raw(c->w, "</tr>\n");
        rows++;
    }
    if (rows == 0) {
        amb_html_raw(c->w, "<tr><td class=\"st\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_NO_DATA));
        amb_html_raw(c->w, "</td></tr>\n");
    }
    amb_html_raw(c->w, "</tbody>\n</table>\n</div>\n</div>\n");

    periods_free(&cols);
    periods_free(&p);
    amb_buf_free(&desc);
    amb_buf_free(&gaps);
    free(values);
    free(flagged);
}
