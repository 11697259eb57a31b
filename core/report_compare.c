/*
 * report_compare.c - an indicator's municipality comparison: the
 * municipalities ranked best first in the latest period any of them has a
 * value, as bars with the region as a reference line, beside the ranked
 * table with each municipality's status.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "report_svg.h"

typedef struct ranked {
    const json_t *series;
    amb_svg_bar bar;
    char note[96];
} ranked;

/* Best first: by value in the indicator's direction, then by name; areas
 * without a value last, in document order.  Insertion sort: n is small and
 * the order must be stable. */
static void rank(ranked *r, size_t n, int lower_is_better)
{
    for (size_t i = 1; i < n; i++) {
        ranked x = r[i];
        size_t j = i;
        while (j > 0) {
            const ranked *y = &r[j - 1];
            int xf = isfinite(x.bar.value), yf = isfinite(y->bar.value);
            int before;
            if (xf != yf)
                before = xf;
            else if (!xf)
                before = 0;
            else if (x.bar.value != y->bar.value)
                before = lower_is_better ? x.bar.value < y->bar.value
                                         : x.bar.value > y->bar.value;
            else
                before = strcmp(x.bar.label ? x.bar.label : "",
                                y->bar.label ? y->bar.label : "") < 0;
            if (!before)
                break;
            r[j] = r[j - 1];
            j--;
        }
        r[j] = x;
    }
}

/* The ranked table beside the chart. */
static void comparison_table(const amb_report_ctx *c, const json_t *ind,
                             const ranked *r, size_t n, const char *period)
{
    amb_html_raw(c->w, "<div class=\"table-wrap\" tabindex=\"0\">\n<table class=\"numbers compare-table\">\n"
                 "<caption>");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_COMPARISON_TABLE));
    if (period) {
        amb_html_raw(c->w, ", ");
        amb_html_text(c->w, period);
    }
    amb_report_caption_unit(c, ind);
    amb_html_raw(c->w, "</caption>\n<thead><tr>");
    static const amb_ui cols[] = {AMB_UI_RANK, AMB_UI_AREA, AMB_UI_VALUE, AMB_UI_STATUS};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        amb_html_raw(c->w, "<th scope=\"col\">");
        amb_html_text(c->w, amb_report_t(c, cols[i]));
        amb_html_raw(c->w, "</th>");
    }
    amb_html_raw(c->w, "</tr></thead>\n<tbody>\n");
    const json_t *status = amb_report_arr(ind, "status");
    for (size_t i = 0; i < n; i++) {
        if (isfinite(r[i].bar.value))
            amb_html_rawf(c->w, "<tr><td>%zu</td><th scope=\"row\">", i + 1);
        else
            amb_html_raw(c->w, "<tr><td>\xE2\x80\x93</td><th scope=\"row\">");
        amb_html_text(c->w, r[i].bar.label);
        amb_html_raw(c->w, "</th>");
        amb_report_number_cell(c, ind, r[i].series, period);
        amb_html_raw(c->w, "<td class=\"st\">");
        const json_t *st = amb_report_find(status, "area",
                                           amb_report_str(r[i].series, "area"));
        if (st)
            amb_report_badge(c, amb_report_str(st, "status"));
        else
            amb_html_raw(c->w, "\xE2\x80\x93");
        amb_html_raw(c->w, "</td></tr>\n");
    }
    if (n == 0) {
        amb_html_raw(c->w, "<tr><td class=\"st\" colspan=\"4\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_NO_DATA));
        amb_html_raw(c->w, "</td></tr>\n");
    }
    amb_html_raw(c->w, "</tbody>\n</table>\n</div>\n");
}

void amb_report_comparison(const amb_report_ctx *c, const json_t *ind, size_t idx)
{
    const json_t *all = amb_report_arr(ind, "series");
    size_t total = all ? json_array_size(all) : 0;
    ranked *r = amb_xcalloc(total ? total : 1, sizeof(ranked));
    size_t n = 0;
    const char *period = NULL;
    for (size_t i = 0; i < total; i++) {
        const json_t *s = json_array_get(all, i);
        double v;
        const char *p;
        if (!amb_report_is_municipal(c, s))
            continue;
        r[n++].series = s;
        if (amb_report_last_value(s, &v, &p) && (!period || strcmp(p, period) > 0))
            period = p;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *pt = amb_report_point_at(r[i].series, period);
        r[i].bar.label = amb_report_series_name(c, r[i].series);
        r[i].bar.value = NAN;
        if (period && amb_report_num(pt, "value", &r[i].bar.value))
            continue;
        r[i].bar.value = NAN;
        const char *flag = amb_report_str(pt, "flag");
        snprintf(r[i].note, sizeof r[i].note, "%s%s%s", flag ? flag : "",
                 flag ? ": " : "", amb_report_t(c, AMB_UI_NOT_PUBLISHED));
    }
    const char *dir = amb_report_str(ind, "direction");
    rank(r, n, dir && strcmp(dir, "lower") == 0);

    amb_svg_bar *bars = amb_xcalloc(n ? n : 1, sizeof(amb_svg_bar));
    size_t with_value = 0;
    for (size_t i = 0; i < n; i++) {
        /* The note lives in r[i], which ranking moved: point at it now. */
        bars[i] = r[i].bar;
        bars[i].note = r[i].note;
        with_value += isfinite(r[i].bar.value) != 0;
    }
    double ref = NAN;
    const json_t *region = amb_report_find(all, "area", c->region);
    if (region && period)
        amb_report_num(amb_report_point_at(region, period), "value", &ref);

    const char *title = amb_report_text(ind, "title", c->lang);
    char chart_title[512], ref_label[192] = "", num[96];
    snprintf(chart_title, sizeof chart_title, "%s: %s%s%s",
             amb_report_t(c, AMB_UI_COMPARISON), title ? title : "",
             period ? ", " : "", period ? period : "");
    amb_buf desc = {0};
    amb_buf_puts(&desc, "");
    if (with_value) {
        /* Highest and lowest by value, whatever the ranking direction. */
        size_t hi = 0, lo = 0;
        for (size_t i = 0; i < with_value; i++) {
            hi = bars[i].value > bars[hi].value ? i : hi;
            lo = bars[i].value < bars[lo].value ? i : lo;
        }
        amb_report_fmt_ind(c, ind, bars[hi].value, num, sizeof num);
        amb_buf_printf(&desc, "%s: %s %s. ", amb_report_t(c, AMB_UI_HIGHEST),
                       bars[hi].label ? bars[hi].label : "", num);
        amb_report_fmt_ind(c, ind, bars[lo].value, num, sizeof num);
        amb_buf_printf(&desc, "%s: %s %s. ", amb_report_t(c, AMB_UI_LOWEST),
                       bars[lo].label ? bars[lo].label : "", num);
    } else {
        amb_buf_printf(&desc, "%s. ", amb_report_t(c, AMB_UI_NO_DATA));
    }
    if (isfinite(ref)) {
        amb_report_fmt_ind(c, ind, ref, num, sizeof num);
        snprintf(ref_label, sizeof ref_label, "%s: %s", amb_report_series_name(c, region), num);
        amb_buf_printf(&desc, "%s. ", ref_label);
    }
    if (n > with_value)
        amb_buf_printf(&desc, "%zu %s.", n - with_value, amb_report_t(c, AMB_UI_NOT_IN_CHART));

    char id[48];
    snprintf(id, sizeof id, "cmp-%zu", idx);
    amb_svg_bars spec = {
        .id = id, .title = chart_title, .desc = desc.data, .bars = bars, .nbars = n,
        .has_ref = isfinite(ref), .ref = ref, .ref_label = ref_label,
        .x_title = amb_report_unit_title(amb_report_str(ind, "unit"), c->lang),
        .unit = amb_report_str(ind, "unit"), .decimals = amb_report_decimals(ind),
        .lang = c->lang, .empty_text = amb_report_t(c, AMB_UI_NO_DATA),
    };
    amb_html_raw(c->w, "<div class=\"chart-row\">\n<figure class=\"chart-fig\">\n");
    amb_svg_bars_write(c->w, &spec);
    amb_html_raw(c->w, "<figcaption>");
    amb_html_text(c->w, chart_title);
    amb_html_raw(c->w, "</figcaption>\n</figure>\n");
    comparison_table(c, ind, r, n, period);
    amb_html_raw(c->w, "</div>\n");
    amb_buf_free(&desc);
    free(bars);
    free(r);
}
