/*
 * report_svg_trend.c - the trend chart: a headline series and up to three
 * comparison series over time, with the baseline, the target and gaps.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_svg.h"

#define TR_W 680.0
#define TR_LEFT 70.0     /* tick labels and the rotated y title */
#define TR_RIGHT 136.0   /* the target label and the end value */
#define TR_TOP 18.0
#define TR_PLOT_H 210.0
#define TR_LEGEND_ROW 20.0
#define CHAR_W 6.8       /* average glyph width at 12px, for layout */

/* How each series is drawn: colour, width, dash pattern, marker shape.
 * Patterns and shapes differ so the series stay apart without colour. */
typedef struct series_style {
    const char *stroke;
    const char *width;
    const char *dash;      /* NULL: solid */
    const char *marker;    /* circle, square, triangle, down */
} series_style;

static const series_style styles[AMB_SVG_MAX_SERIES] = {
    {"#1f4e79", "3", NULL, "circle"},
    {"#b35900", "2", "7 4", "square"},
    {"#4d4d4d", "2", "2 3", "triangle"},
    {"#7b3294", "2", "10 3 2 3", "down"},
};

/* Geometry of one chart, computed once. */
typedef struct frame {
    double x0, x1, y0, y1;   /* plot area: left, right, top, bottom */
    size_t n;                /* categories */
    amb_svg_ticks t;
} frame;

static double fx(const frame *f, size_t i)
{
    return f->x0 + (i + 0.5) * (f->x1 - f->x0) / (double)f->n;
}

static double fy(const frame *f, double v)
{
    return amb_svg_scale(v, f->t.lo, f->t.hi, f->y1, f->y0);
}

/* A marker of the given shape centred on (x, y); fill/stroke trusted. */
static void marker(amb_html *w, const char *shape, double x, double y,
                   const char *fill, const char *stroke, const char *cls)
{
    if (strcmp(shape, "square") == 0)
        amb_html_rawf(w, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"8\" "
                      "height=\"8\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
                      cls, x - 4, y - 4, fill, stroke);
    else if (strcmp(shape, "triangle") == 0)
        amb_html_rawf(w, "<polygon class=\"%s\" points=\"%.1f,%.1f %.1f,%.1f "
                      "%.1f,%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
                      cls, x, y - 5, x + 5, y + 4, x - 5, y + 4, fill, stroke);
    else if (strcmp(shape, "down") == 0)
        amb_html_rawf(w, "<polygon class=\"%s\" points=\"%.1f,%.1f %.1f,%.1f "
                      "%.1f,%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
                      cls, x, y + 5, x + 5, y - 4, x - 5, y - 4, fill, stroke);
    else if (strcmp(shape, "diamond") == 0)
        amb_html_rawf(w, "<polygon class=\"%s\" points=\"%.1f,%.1f %.1f,%.1f "
                      "%.1f,%.1f %.1f,%.1f\" fill=\"%s\" stroke=\"%s\" "
                      "stroke-width=\"1.5\"/>\n", cls, x, y - 6, x + 6, y, x, y + 6,
                      x - 6, y, fill, stroke);
    else if (strcmp(shape, "ring") == 0)
        amb_html_rawf(w, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\" "
                      "fill=\"%s\" stroke=\"%s\" stroke-width=\"2.5\"/>\n",
                      cls, x, y, fill, stroke);
    else
        amb_html_rawf(w, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
                      "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
                      cls, x, y, fill, stroke);
}

/* Is period i a gap of the headline: flagged, or without a value between
 * its first and last value? */
static int is_gap(const amb_svg_trend *t, size_t i, size_t first, size_t last)
{
    if (t->flagged && t->flagged[i])
        return 1;
    if (t->nseries == 0 || isfinite(t->series[0].values[i]))
        return 0;
    return i > first && i < last;
}

/* One series as a path broken at every missing value, then its markers.
 * Returns the index of its last value, or nperiods when it has none. */
static size_t draw_series(amb_html *w, const frame *f, const amb_svg_series *s,
                          size_t k)
{
    const series_style *st = &styles[k];
    size_t last = f->n;
    int pen = 0, any_segment = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (!isfinite(s->values[i])) {
            pen = 0;
            continue;
        }
        if (!any_segment) {
            amb_html_rawf(w, "<path class=\"series s%zu\" fill=\"none\" stroke=\"%s\" "
                          "stroke-width=\"%s\" stroke-linejoin=\"round\"%s%s%s d=\"",
                          k, st->stroke, st->width, st->dash ? " stroke-dasharray=\"" : "",
                          st->dash ? st->dash : "", st->dash ? "\"" : "");
            any_segment = 1;
        }
        amb_html_rawf(w, "%s%.1f %.1f", pen ? " L" : (i ? " M" : "M"),
                      fx(f, i), fy(f, s->values[i]));
        pen = 1;
        last = i;
    }
    if (any_segment)
        amb_html_raw(w, "\"/>\n");
    amb_html_rawf(w, "<g class=\"points s%zu\">\n", k);
    for (size_t i = 0; i < f->n; i++)
        if (isfinite(s->values[i]))
            marker(w, st->marker, fx(f, i), fy(f, s->values[i]),
                   k == 0 ? st->stroke : "#ffffff", st->stroke, "point");
    amb_html_raw(w, "</g>\n");
    return last;
}

/* The y range over every value, the baseline and the target. */
static int value_range(const amb_svg_trend *t, double *lo, double *hi)
{
    int any = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t k = 0; k < t->nseries; k++)
        for (size_t i = 0; i < t->nperiods; i++) {
            double v = t->series[k].values[i];
            if (isfinite(v)) {
                *lo = fmin(*lo, v);
                *hi = fmax(*hi, v);
                any = 1;
            }
        }
    if (t->has_baseline && isfinite(t->baseline)) {
        *lo = fmin(*lo, t->baseline);
        *hi = fmax(*hi, t->baseline);
    }
    if (t->has_target && isfinite(t->target)) {
        *lo = fmin(*lo, t->target);
        *hi = fmax(*hi, t->target);
    }
    return any;
}

static void draw_axes(amb_html *w, const amb_svg_trend *t, const frame *f)
{
    char label[96];
    amb_html_raw(w, "<g class=\"grid\" stroke=\"#d9d9d9\" stroke-width=\"1\">\n");
    for (int i = 0; i < f->t.n; i++) {
        double y = fy(f, amb_svg_tick(&f->t, i));
        amb_html_rawf(w, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                      f->x0, y, f->x1, y);
    }
    amb_html_raw(w, "</g>\n<g class=\"axis y\" text-anchor=\"end\" fill=\"#333\">\n");
    for (int i = 0; i < f->t.n; i++) {
        double v = amb_svg_tick(&f->t, i);
        amb_svg_label(v, f->t.decimals, amb_svg_tick_unit(t->unit), t->lang, label,
                      sizeof label);
        amb_html_rawf(w, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">", f->x0 - 6,
                      fy(f, v) + 4);
        amb_html_text(w, label);
        amb_html_raw(w, "</text>\n");
    }
    double ym = (f->y0 + f->y1) / 2;
    amb_html_rawf(w, "<text class=\"axis-title\" x=\"14\" y=\"%.1f\" "
                  "text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">", ym, ym);
    amb_html_text(w, t->y_title);
    amb_html_raw(w, "</text>\n</g>\n");

    /* x: label every k-th period so that labels never overlap. */
    size_t maxw = 4;
    for (size_t i = 0; i < t->nperiods; i++) {
        size_t tw = amb_svg_text_width(t->periods[i]);
        maxw = tw > maxw ? (tw > 12 ? 12 : tw) : maxw;
    }
    double slot = (f->x1 - f->x0) / (double)f->n;
    size_t every = (size_t)ceil((maxw * CHAR_W + 8) / slot);
    if (every < 1)
        every = 1;
    amb_html_rawf(w, "<g class=\"axis x\" text-anchor=\"middle\" fill=\"#333\">\n"
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                  "stroke=\"#333\"/>\n", f->x0, f->y1, f->x1, f->y1);
    for (size_t i = 0; i < f->n; i++) {
        if (i % every != 0 || i >= t->nperiods)
            continue;
        amb_svg_clip(t->periods[i], 12, label, sizeof label);
        amb_html_rawf(w, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">", fx(f, i),
                      f->y1 + 16);
        amb_html_text(w, label);
        amb_html_raw(w, "</text>\n");
    }
    amb_html_rawf(w, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\">",
                  (f->x0 + f->x1) / 2, f->y1 + 34);
    amb_html_text(w, t->x_title);
    amb_html_raw(w, "</text>\n</g>\n");
}

/* Legend entries laid out left to right, wrapping; returns the rows. */
typedef struct legend_item {
    const char *text;
    int kind;            /* 0..3 series, 4 baseline, 5 target, 6 gap */
} legend_item;

static int legend_rows(const legend_item *items, size_t n, double avail)
{
    int rows = n ? 1 : 0;
    double x = 0;
    for (size_t i = 0; i < n; i++) {
        double wdt = 34 + fmin(amb_svg_text_width(items[i].text), 40) * CHAR_W + 14;
        if (x > 0 && x + wdt > avail) {
            rows++;
            x = 0;
        }
        x += wdt;
    }
    return rows;
}

static void draw_legend(amb_html *w, const amb_svg_trend *t, const legend_item *items,
                        size_t n, double top)
{
    double x = 12, y = top;
    char label[160];
    amb_html_raw(w, "<g class=\"legend\" fill=\"#222\">\n");
    for (size_t i = 0; i < n; i++) {
        amb_svg_clip(items[i].text, 40, label, sizeof label);
        double wdt = 34 + amb_svg_text_width(label) * CHAR_W + 14;
        if (x > 12 && x + wdt > TR_W - 12) {
            x = 12;
            y += TR_LEGEND_ROW;
        }
        int k = items[i].kind;
        if (k < AMB_SVG_MAX_SERIES) {
            const series_style *st = &styles[k];
            amb_html_rawf(w, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                          "stroke=\"%s\" stroke-width=\"%s\"%s%s%s/>\n", x, y, x + 28, y,
                          st->stroke, st->width, st->dash ? " stroke-dasharray=\"" : "",
                          st->dash ? st->dash : "", st->dash ? "\"" : "");
            marker(w, st->marker, x + 14, y, k == 0 ? st->stroke : "#ffffff",
                   st->stroke, "legend-mark");
        } else if (k == 4) {
            marker(w, "diamond", x + 14, y, "#222222", "#222222", "legend-mark");
        } else if (k == 5) {
            amb_html_rawf(w, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                          "stroke=\"#0b6e2f\" stroke-width=\"2\" "
                          "stroke-dasharray=\"8 4\"/>\n", x, y, x + 28, y);
            marker(w, "ring", x + 14, y, "#ffffff", "#0b6e2f", "legend-mark");
        } else {
            amb_html_rawf(w, "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"12\" "
                          "fill=\"url(#%s-hatch)\" stroke=\"#999\"/>\n", x, y - 6, t->id);
        }
        amb_html_rawf(w, "<text x=\"%.1f\" y=\"%.1f\">", x + 34, y + 4);
        amb_html_text(w, label);
        amb_html_raw(w, "</text>\n");
        x += wdt;
    }
    amb_html_raw(w, "</g>\n");
}

/* Baseline: a dotted vertical line at its period and a diamond at its
 * value.  Target: a dashed horizontal line, a ring at the target period
 * and a label right of the plot, moved off the headline's end label. */
static void draw_marks(amb_html *w, const amb_svg_trend *t, const frame *f,
                       double end_y)
{
    char label[160];
    if (t->has_baseline && isfinite(t->baseline)) {
        double x = fx(f, t->baseline_at), y = fy(f, t->baseline);
        amb_html_rawf(w, "<g class=\"baseline\">\n<line class=\"baseline-line\" "
                      "x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\" "
                      "stroke-dasharray=\"1 3\"/>\n", x, f->y0, x, f->y1);
        marker(w, "diamond", x, y, "#222222", "#222222", "baseline-marker");
        amb_html_raw(w, "</g>\n");
    }
    if (t->has_target && isfinite(t->target)) {
        double y = fy(f, t->target);
        amb_html_rawf(w, "<g class=\"target\">\n<line class=\"target-line\" "
                      "x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                      "stroke=\"#0b6e2f\" stroke-width=\"2\" "
                      "stroke-dasharray=\"8 4\"/>\n", f->x0, y, f->x1, y);
        marker(w, "ring", fx(f, t->target_at), y, "#ffffff", "#0b6e2f",
               "target-marker");
        double ly = y + 4;
        if (isfinite(end_y) && fabs(end_y - y) < 14)
            ly = end_y <= y ? y + 18 : y - 10;
        amb_svg_clip(t->target_label, 18, label, sizeof label);
        amb_html_rawf(w, "<text class=\"target-label\" x=\"%.1f\" y=\"%.1f\" "
                      "fill=\"#0b6e2f\" font-weight=\"bold\" font-size=\"11\">",
                      f->x1 + 6, ly);
        amb_html_text(w, label);
        amb_html_raw(w, "</text>\n</g>\n");
    }
}

/* Reject specs that would index out of range or make an unsafe id. */
static int valid_spec(const amb_svg_trend *t)
{
    if (!amb_svg_valid_id(t->id) || t->nseries > AMB_SVG_MAX_SERIES)
        return 0;
    if (t->nperiods && !t->periods)
        return 0;
    for (size_t k = 0; k < t->nseries; k++)
        if (t->nperiods && !t->series[k].values)
            return 0;
    if (t->has_baseline && t->baseline_at >= t->nperiods)
        return 0;
    if (t->has_target && t->target_at >= t->nperiods)
        return 0;
    return 1;
}

int amb_svg_trend_write(amb_html *w, const amb_svg_trend *t)
{
    if (!valid_spec(t))
        return -1;
    frame f;
    memset(&f, 0, sizeof f);
    f.x0 = TR_LEFT;
    f.x1 = TR_W - TR_RIGHT;
    f.y0 = TR_TOP;
    f.y1 = TR_TOP + TR_PLOT_H;
    f.n = t->nperiods ? t->nperiods : 1;
    double lo, hi;
    int any = value_range(t, &lo, &hi);
    if (!any && !t->has_target && !t->has_baseline)
        lo = 0, hi = 1;
    amb_svg_ticks_for(lo, hi, 6, &f.t);

    /* The headline's first and last value bound its interior gaps. */
    size_t first = t->nperiods, last = 0;
    for (size_t i = 0; t->nseries && i < t->nperiods; i++)
        if (isfinite(t->series[0].values[i])) {
            if (first == t->nperiods)
                first = i;
            last = i;
        }
    int gaps = 0;
    for (size_t i = 0; i < t->nperiods; i++)
        gaps += is_gap(t, i, first, last);

    legend_item items[AMB_SVG_MAX_SERIES + 3];
    size_t nitems = 0;
    for (size_t k = 0; k < t->nseries; k++)
        items[nitems++] = (legend_item){t->series[k].label, (int)k};
    if (t->has_baseline)
        items[nitems++] = (legend_item){t->baseline_label, 4};
    if (t->has_target)
        items[nitems++] = (legend_item){t->target_label, 5};
    if (gaps)
        items[nitems++] = (legend_item){t->gap_legend, 6};
    int rows = legend_rows(items, nitems, TR_W - 24);
    double legend_top = f.y1 + 58;
    double height = legend_top + rows * TR_LEGEND_ROW + 4;

    amb_svg_open(w, "chart trend", t->id, TR_W, height, t->title, t->desc);
    amb_html_rawf(w, "<defs><pattern id=\"%s-hatch\" width=\"6\" height=\"6\" "
                  "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                  "<rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/>"
                  "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#8c8c8c\" "
                  "stroke-width=\"2\"/></pattern></defs>\n", t->id);
    draw_axes(w, t, &f);

    double slot = (f.x1 - f.x0) / (double)f.n;
    for (size_t i = 0; i < t->nperiods; i++)
        if (is_gap(t, i, first, last))
            amb_html_rawf(w, "<rect class=\"gap\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                          "height=\"%.1f\" fill=\"url(#%s-hatch)\"/>\n",
                          fx(&f, i) - slot / 2 + 1, f.y0, slot - 2, f.y1 - f.y0, t->id);

    if (!any) {
        /* Near the top, clear of a baseline or target drawn mid-plot. */
        amb_html_rawf(w, "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\" "
                      "text-anchor=\"middle\" fill=\"#555\" font-size=\"14\">",
                      (f.x0 + f.x1) / 2, f.y0 + 8);
        amb_html_text(w, t->empty_text);
        amb_html_raw(w, "</text>\n");
    }

    double end_y = NAN;
    for (size_t k = t->nseries; k-- > 0;) {
        size_t at = draw_series(w, &f, &t->series[k], k);
        if (k == 0 && at < t->nperiods) {
            char label[96];
            double v = t->series[0].values[at];
            end_y = fy(&f, v);
            amb_svg_label(v, t->decimals, t->unit, t->lang, label, sizeof label);
            amb_html_rawf(w, "<text class=\"end-label\" x=\"%.1f\" y=\"%.1f\" "
                          "fill=\"#1f4e79\" font-weight=\"bold\">", fx(&f, at) + 8,
                          end_y - 8);
            amb_html_text(w, label);
            amb_html_raw(w, "</text>\n");
        }
    }
    draw_marks(w, t, &f, end_y - 8);
    draw_legend(w, t, items, nitems, legend_top);
    amb_html_raw(w, "</svg>\n");
    return 0;
}
