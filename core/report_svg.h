/*
 * report_svg.h - the report's charts as inline SVG: nice-number axes, a
 * trend chart (a headline series, a few comparison series, baseline,
 * target, gaps) and a ranked horizontal bar chart with a reference line.
 *
 * These functions know nothing of the report document: they take plain
 * arrays, so each can be tested alone.  All text they receive is escaped
 * on output.  Charts carry role="img", a <title> and a <desc> referenced
 * by aria-labelledby, and draw series with distinct dash patterns and
 * marker shapes so that they stay apart in grey-scale print.
 */
#ifndef AMB_REPORT_SVG_H
#define AMB_REPORT_SVG_H

#include <stddef.h>

#include "html_writer.h"
#include "report_text.h"

#define AMB_SVG_MAX_TICKS 16
#define AMB_SVG_MAX_SERIES 4

/* An axis scale chosen from nice numbers (1, 2, 5 x 10^k). */
typedef struct amb_svg_ticks {
    double lo;       /* first tick, <= the data's minimum */
    double hi;       /* last tick, >= the data's maximum */
    double step;     /* distance between ticks */
    int n;           /* number of ticks, 2..AMB_SVG_MAX_TICKS */
    int decimals;    /* digits after the decimal mark the labels need */
} amb_svg_ticks;

/* Heckbert's nice number near x > 0: rounded (round != 0) or the next
 * one up. */
double amb_svg_nice_number(double x, int round);
/* Choose ticks covering [lo, hi] with about `target` ticks.  An empty
 * range (a constant series or a single value) is widened around the value
 * (by 10 % of it, or to 0..1 for zero) without crossing zero.  Returns 0,
 * or -1 (and the scale 0..1) when lo or hi is not finite or lo > hi. */
int amb_svg_ticks_for(double lo, double hi, int target, amb_svg_ticks *out);
/* The i-th tick value (computed, not accumulated, so 0.1 steps stay exact
 * enough to print). */
double amb_svg_tick(const amb_svg_ticks *t, int i);
/* Map v from the domain [d0, d1] onto [r0, r1]; the middle of the range
 * when the domain is empty. */
double amb_svg_scale(double v, double d0, double d1, double r0, double r1);

/* Characters (not bytes) in a UTF-8 string. */
size_t amb_svg_text_width(const char *s);
/* Copy s into out, cut to at most max characters with "…" when longer. */
void amb_svg_clip(const char *s, size_t max, char *out, size_t cap);
/* A tick or value label: the number in the chart's language with its unit
 * suffix ("%" for percent).  decimals < 0: the value's own. */
void amb_svg_label(double v, int decimals, const char *unit,
                   amb_report_lang lang, char *out, size_t cap);
/* The unit tick labels carry: the unit when it is a percentage (short),
 * else NULL (the axis title names it). */
const char *amb_svg_tick_unit(const char *unit);

/* One line of the trend chart: values aligned with the chart's periods,
 * NAN where the series has no value (drawn as a break in the line). */
typedef struct amb_svg_series {
    const char *label;        /* legend text */
    const double *values;     /* nperiods values */
} amb_svg_series;

typedef struct amb_svg_trend {
    const char *id;              /* unique in the page, [A-Za-z0-9_-] only */
    const char *title;           /* the chart's accessible name */
    const char *desc;            /* its description (a summary in words) */
    const char *const *periods;  /* x categories, in time order */
    size_t nperiods;
    const amb_svg_series *series;  /* series[0] is the headline */
    size_t nseries;              /* 0..AMB_SVG_MAX_SERIES */
    const unsigned char *flagged;  /* optional: nperiods flags marking a
                                      suppressed headline value */
    int has_baseline;
    size_t baseline_at;          /* index into periods */
    double baseline;
    const char *baseline_label;  /* e.g. "Basis 2019: 24 %" */
    int has_target;
    size_t target_at;            /* index into periods */
    double target;
    const char *target_label;    /* e.g. "Mål 2025: 30 %" */
    const char *x_title;
    const char *y_title;
    const char *unit;            /* the document's unit ("percent", ...) */
    int decimals;                /* for value labels; < 0: each value's own */
    amb_report_lang lang;
    const char *empty_text;      /* shown when nothing can be drawn */
    const char *gap_legend;      /* legend text of the hatched gap band */
} amb_svg_trend;

/* Write the trend chart as <svg class="chart trend">.  The headline's
 * periods without a value that lie between its first and last value, and
 * flagged periods, get a hatched band; the target (when given) is a
 * dashed horizontal line with a ring at the target period.  Returns 0, or
 * -1 for an invalid spec (bad id, index out of range, too many series). */
int amb_svg_trend_write(amb_html *w, const amb_svg_trend *t);

/* One bar of the comparison chart. */
typedef struct amb_svg_bar {
    const char *label;     /* the area's name */
    double value;          /* NAN: no bar, `note` instead */
    const char *note;      /* e.g. "c: not published" */
} amb_svg_bar;

typedef struct amb_svg_bars {
    const char *id;
    const char *title;
    const char *desc;
    const amb_svg_bar *bars;   /* drawn top to bottom in this order */
    size_t nbars;
    int has_ref;               /* draw a reference line at ref */
    double ref;
    const char *ref_label;
    const char *x_title;
    const char *unit;
    int decimals;              /* for value labels; < 0: each value's own */
    amb_report_lang lang;
    const char *empty_text;
} amb_svg_bars;

/* Write the bar chart as <svg class="chart compare">: bars from zero,
 * value labels, and the reference as a dashed vertical line.  Returns 0
 * or -1 for an invalid spec. */
int amb_svg_bars_write(amb_html *w, const amb_svg_bars *b);

/* The chart's opening tag with role, labels, title and desc (shared by
 * both charts).  cls is trusted markup. */
void amb_svg_open(amb_html *w, const char *cls, const char *id, double width,
                  double height, const char *title, const char *desc);
/* True when id is usable as an id prefix. */
int amb_svg_valid_id(const char *id);

#endif
