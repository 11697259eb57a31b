/*
 * report_series.c - reading an indicator's series for the charts and
 * tables: points by period, the latest value, display names, which series
 * are municipalities', and the table cell of one value.
 */
#include "config.h"

#include <string.h>

#include "report_internal.h"

const json_t *amb_report_point_at(const json_t *series, const char *period)
{
    return amb_report_find(amb_report_arr(series, "points"), "period", period);
}

int amb_report_last_value(const json_t *series, double *v, const char **period)
{
    const json_t *pts = amb_report_arr(series, "points");
    int found = 0;
    for (size_t j = 0; pts && j < json_array_size(pts); j++) {
        const json_t *pt = json_array_get(pts, j);
        const char *per = amb_report_str(pt, "period");
        double x;
        if (per && amb_report_num(pt, "value", &x) &&
            (!found || strcmp(per, *period) > 0)) {
            *v = x;
            *period = per;
            found = 1;
        }
    }
    return found;
}

const char *amb_report_series_name(const amb_report_ctx *c, const json_t *s)
{
    const char *name = amb_report_str(s, "name");
    if (!name)
        name = amb_report_area_name(c->doc, amb_report_str(s, "area"));
    if (!name)
        name = amb_report_str(s, "area");
    return name ? name : "\xE2\x80\x93";
}

int amb_report_is_municipal(const amb_report_ctx *c, const json_t *s)
{
    const char *area = amb_report_str(s, "area");
    if (!area)
        return 0;
    const json_t *munis = amb_report_arr(amb_report_obj(c->doc, "ambition"),
                                         "municipalities");
    if (munis && json_array_size(munis))
        return amb_report_find(munis, "code", area) != NULL;
    return !c->region || strcmp(area, c->region) != 0;
}

const json_t *amb_report_headline_series(const amb_report_ctx *c, const json_t *ind)
{
    const json_t *all = amb_report_arr(ind, "series");
    const json_t *s = amb_report_find(all, "area", c->region);
    for (size_t i = 0; !s && all && i < json_array_size(all); i++) {
        double v;
        const char *p;
        if (amb_report_last_value(json_array_get(all, i), &v, &p))
            s = json_array_get(all, i);
    }
    return s;
}

void amb_report_fmt_ind(const amb_report_ctx *c, const json_t *ind, double v,
                        char *out, size_t cap)
{
    int d = amb_report_decimals(ind), dv = amb_report_auto_decimals(v);
    amb_report_fmt_value(v, dv > d ? dv : d, amb_report_str(ind, "unit"), c->lang,
                         out, cap);
}

const char *amb_report_missing_text(const amb_report_ctx *c, const char *flag)
{
    return amb_report_t(c, flag && strcmp(flag, "c") == 0 ? AMB_UI_SUPPRESSED
                                                          : AMB_UI_MISSING);
}

/* A table cell for series at period: the number (with its flag), or the
 * flag / a dash with the reason for screen readers. */
void amb_report_number_cell(const amb_report_ctx *c, const json_t *ind,
                            const json_t *series, const char *period)
{
    const json_t *pt = amb_report_point_at(series, period);
    const char *flag = amb_report_str(pt, "flag");
    double v;
    amb_html_raw(c->w, "<td>");
    if (amb_report_num(pt, "value", &v)) {
        char num[64];
        amb_report_fmt_number(v, amb_report_decimals(ind), c->lang, num, sizeof num);
        amb_html_text(c->w, num);
        if (flag) {
            amb_html_raw(c->w, "<sup>");
            amb_html_text(c->w, flag);
            amb_html_raw(c->w, "</sup>");
        }
    } else if (flag) {
        amb_html_raw(c->w, "<abbr title=\"");
        amb_html_text(c->w, amb_report_missing_text(c, flag));
        amb_html_raw(c->w, "\">");
        amb_html_text(c->w, flag);
        amb_html_raw(c->w, "</abbr>");
    } else {
        amb_html_raw(c->w, "<span aria-hidden=\"true\">\xE2\x80\x93</span><span class=\"sr\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_MISSING));
        amb_html_raw(c->w, "</span>");
    }
    amb_html_raw(c->w, "</td>");
}

void amb_report_caption_unit(const amb_report_ctx *c, const json_t *ind)
{
    amb_html_raw(c->w, " (");
    amb_html_text(c->w, amb_report_unit_title(amb_report_str(ind, "unit"), c->lang));
    amb_html_raw(c->w, ")");
}
