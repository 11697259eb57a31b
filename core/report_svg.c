/*
 * report_svg.c - axis scales, shared SVG pieces and the ranked bar chart.
 * The trend chart is in report_svg_trend.c.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_svg.h"

double amb_svg_nice_number(double x, int round)
{
    if (!(x > 0) || !isfinite(x))
        return 1;
    double e = floor(log10(x));
    double p = pow(10, e);
    double f = x / p;
    double nf;
    if (round)
        nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * p;
}

int amb_svg_ticks_for(double lo, double hi, int target, amb_svg_ticks *out)
{
    int rc = 0;
    if (!isfinite(lo) || !isfinite(hi) || lo > hi) {
        lo = 0;
        hi = 1;
        rc = -1;
    }
    if (target < 2)
        target = 2;
    if (target > AMB_SVG_MAX_TICKS - 2)
        target = AMB_SVG_MAX_TICKS - 2;
    double span = hi - lo;
    double mag = fmax(fabs(lo), fabs(hi));
    if (span <= 1e-9 * fmax(mag, 1e-300) || span == 0) {
        /* One value: widen around it, keeping its side of zero. */
        if (mag == 0) {
            lo = 0;
            hi = 1;
        } else {
            double pad = fabs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        span = hi - lo;
    }
    double range = amb_svg_nice_number(span, 0);
    double step = amb_svg_nice_number(range / (target - 1), 1);
    double first = floor(lo / step) * step;
    double last = ceil(hi / step) * step;
    int n = (int)lround((last - first) / step) + 1;
    /* Rounding can ask for more ticks than fit: take bigger steps. */
    while (n > AMB_SVG_MAX_TICKS) {
        step = amb_svg_nice_number(step * 1.5, 1);
        first = floor(lo / step) * step;
        last = ceil(hi / step) * step;
        n = (int)lround((last - first) / step) + 1;
    }
    if (n < 2) {
        n = 2;
        last = first + step;
    }
    out->lo = first;
    out->hi = last;
    out->step = step;
    out->n = n;
    int d = (int)-floor(log10(step) + 1e-9);
    out->decimals = d < 0 ? 0 : d > 6 ? 6 : d;
    return rc;
}

double amb_svg_tick(const amb_svg_ticks *t, int i)
{
    double v = t->lo + i * t->step;
    /* Snap tiny floating residue (0.30000000000000004, -0) to the grid. */
    double scale = pow(10, t->decimals);
    v = round(v * scale) / scale;
    return v == 0 ? 0 : v;
}

double amb_svg_scale(double v, double d0, double d1, double r0, double r1)
{
    if (d1 == d0)
        return (r0 + r1) / 2;
    return r0 + (v - d0) * (r1 - r0) / (d1 - d0);
}

size_t amb_svg_text_width(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

void amb_svg_clip(const char *s, size_t max, char *out, size_t cap)
{
    if (cap == 0)
        return;
    s = s ? s : "";
    if (amb_svg_text_width(s) <= max && strlen(s) < cap) {
        snprintf(out, cap, "%s", s);
        return;
    }
    /* Cut at a character boundary, leaving room for the ellipsis. */
    size_t chars = 0, i = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (p[i]) {
        if ((p[i] & 0xC0) != 0x80) {
            if (chars + 1 >= max)
                break;
            chars++;
        }
        i++;
    }
    if (i + 4 > cap)
        i = cap > 4 ? cap - 4 : 0;
    while (i > 0 && (p[i] & 0xC0) == 0x80)
        i--;
    memcpy(out, s, i);
    memcpy(out + i, "\xE2\x80\xA6", 3);
    out[i + 3] = '\0';
}

void amb_svg_label(double v, int decimals, const char *unit,
                   amb_report_lang lang, char *out, size_t cap)
{
    if (decimals < 0)
        decimals = amb_report_auto_decimals(v);
    amb_report_fmt_value(v, decimals, unit, lang, out, cap);
}

const char *amb_svg_tick_unit(const char *unit)
{
    return strcmp(amb_report_unit_suffix(unit), "%") == 0 ? unit : NULL;
}

int amb_svg_valid_id(const char *id)
{
    char tmp[128];
    return amb_html_id_part(id, tmp, sizeof tmp);
}

void amb_svg_open(amb_html *w, const char *cls, const char *id, double width,
                  double height, const char *title, const char *desc)
{
    amb_html_rawf(w, "<svg class=\"%s\" id=\"%s\" role=\"img\" "
                  "aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 %.0f %.0f\" "
                  "width=\"%.0f\" height=\"%.0f\" "
                  "xmlns=\"http://www.w3.org/2000/svg\" "
                  "style=\"font-family:'DejaVu Sans','Liberation Sans',Arial,sans-serif;"
                  "font-size:12px\">\n",
                  cls, id, id, id, width, height, width, height);
    amb_html_rawf(w, "<title id=\"%s-t\">", id);
    amb_html_text(w, title);
    amb_html_rawf(w, "</title>\n<desc id=\"%s-d\">", id);
    amb_html_text(w, desc);
    amb_html_raw(w, "</desc>\n");
}

/* ------------------------------------------------------------------ */
/* The ranked bar chart. */

#define BAR_W 680.0
#define BAR_LEFT 160.0      /* room for the area names */
#define BAR_RIGHT 70.0      /* room for value labels */
#define BAR_TOP 30.0        /* room for the reference label */
#define BAR_ROW 22.0
#define BAR_H 14.0

int amb_svg_bars_write(amb_html *w, const amb_svg_bars *b)
{
    if (!amb_svg_valid_id(b->id) || (b->nbars && !b->bars))
        return -1;
    if (b->nbars == 0) {
        /* Nothing to rank: a short chart that says so, without an axis. */
        amb_svg_open(w, "chart compare", b->id, BAR_W, 60, b->title, b->desc);
        amb_html_rawf(w, "<text class=\"empty\" x=\"%.1f\" y=\"34\" "
                      "text-anchor=\"middle\" fill=\"#555\" font-size=\"14\">",
                      BAR_W / 2);
        amb_html_text(w, b->empty_text);
        amb_html_raw(w, "</text>\n</svg>\n");
        return 0;
    }
    double height = BAR_TOP + b->nbars * BAR_ROW + 48;
    amb_svg_open(w, "chart compare", b->id, BAR_W, height, b->title, b->desc);

    double lo = 0, hi = 0;
    for (size_t i = 0; i < b->nbars; i++) {
        if (!isfinite(b->bars[i].value))
            continue;
        lo = fmin(lo, b->bars[i].value);
        hi = fmax(hi, b->bars[i].value);
    }
    if (b->has_ref && isfinite(b->ref)) {
        lo = fmin(lo, b->ref);
        hi = fmax(hi, b->ref);
    }
    amb_svg_ticks t;
    amb_svg_ticks_for(lo, hi, 6, &t);
    double x0 = BAR_LEFT, x1 = BAR_W - BAR_RIGHT;
    double y0 = BAR_TOP, y1 = BAR_TOP + b->nbars * BAR_ROW;
    char label[160];

    /* Grid and axis. */
    amb_html_raw(w, "<g class=\"grid\" stroke=\"#d9d9d9\" stroke-width=\"1\">\n");
    for (int i = 0; i < t.n; i++) {
        double x = amb_svg_scale(amb_svg_tick(&t, i), t.lo, t.hi, x0, x1);
        amb_html_rawf(w, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                      x, y0, x, y1);
    }
    amb_html_raw(w, "</g>\n<g class=\"axis x\" text-anchor=\"middle\" fill=\"#333\">\n");
    for (int i = 0; i < t.n; i++) {
        double v = amb_svg_tick(&t, i);
        double x = amb_svg_scale(v, t.lo, t.hi, x0, x1);
        amb_svg_label(v, t.decimals, amb_svg_tick_unit(b->unit), b->lang, label,
                      sizeof label);
        amb_html_rawf(w, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">", x, y1 + 16);
        amb_html_text(w, label);
        amb_html_raw(w, "</text>\n");
    }
    amb_html_rawf(w, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\">",
                  (x0 + x1) / 2, y1 + 36);
    amb_html_text(w, b->x_title);
    amb_html_raw(w, "</text>\n</g>\n");

    double zero = amb_svg_scale(0, t.lo, t.hi, x0, x1);
    amb_html_raw(w, "<g class=\"bars\">\n");
    for (size_t i = 0; i < b->nbars; i++) {
        const amb_svg_bar *bar = &b->bars[i];
        double ymid = y0 + i * BAR_ROW + BAR_ROW / 2;
        amb_svg_clip(bar->label, 22, label, sizeof label);
        amb_html_rawf(w, "<text class=\"bar-label\" x=\"%.1f\" y=\"%.1f\" "
                      "text-anchor=\"end\" fill=\"#222\">", x0 - 8, ymid + 4);
        amb_html_text(w, label);
        amb_html_raw(w, "</text>\n");
        if (!isfinite(bar->value)) {
            amb_html_rawf(w, "<text class=\"bar-missing\" x=\"%.1f\" y=\"%.1f\" "
                          "fill=\"#555\" font-style=\"italic\">", zero + 4, ymid + 4);
            amb_html_text(w, bar->note);
            amb_html_raw(w, "</text>\n");
            continue;
        }
        double xv = amb_svg_scale(bar->value, t.lo, t.hi, x0, x1);
        double left = fmin(xv, zero), width = fabs(xv - zero);
        amb_html_rawf(w, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                      "height=\"%.1f\" fill=\"#5b8db8\" stroke=\"#1f4e79\"/>\n",
                      left, ymid - BAR_H / 2, width, BAR_H);
        amb_svg_label(bar->value, b->decimals, b->unit, b->lang, label, sizeof label);
        /* Labels of negative bars go right of zero, clear of the names. */
        double lx = bar->value >= 0 ? xv + 4 : zero + 4;
        amb_html_rawf(w, "<text class=\"bar-value\" x=\"%.1f\" y=\"%.1f\" fill=\"#222\">",
                      lx, ymid + 4);
        amb_html_text(w, label);
        amb_html_raw(w, "</text>\n");
    }
    amb_html_rawf(w, "<line class=\"zero\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                  "y2=\"%.1f\" stroke=\"#333\" stroke-width=\"1\"/>\n</g>\n",
                  zero, y0, zero, y1);

    if (b->has_ref && isfinite(b->ref)) {
        double xr = amb_svg_scale(b->ref, t.lo, t.hi, x0, x1);
        amb_html_rawf(w, "<g class=\"reference\">\n<line class=\"ref-line\" "
                      "x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#111\" "
                      "stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n",
                      xr, y0 - 8, xr, y1);
        amb_svg_clip(b->ref_label, 40, label, sizeof label);
        double tw = amb_svg_text_width(label) * 6.6;
        double tx = fmin(fmax(xr, x0 + tw / 2), BAR_W - tw / 2 - 2);
        amb_html_rawf(w, "<text class=\"ref-label\" x=\"%.1f\" y=\"%.1f\" "
                      "text-anchor=\"middle\" font-weight=\"bold\" fill=\"#111\">",
                      tx, y0 - 12);
        amb_html_text(w, label);
        amb_html_raw(w, "</text>\n</g>\n");
    }
    amb_html_raw(w, "</svg>\n");
    return 0;
}
