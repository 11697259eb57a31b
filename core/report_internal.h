/*
 * report_internal.h - what the parts of the HTML report share: the render
 * context and each section's writer.  Not part of libambit's interface.
 *
 * Every section writer reads the document through report_doc.h (so odd
 * or missing fields are skipped, not fatal), writes through the escaping
 * writer, and leaves errors to the writer's latch.
 */
#ifndef AMB_REPORT_INTERNAL_H
#define AMB_REPORT_INTERNAL_H

#include <jansson.h>

#include "html_writer.h"
#include "report_doc.h"
#include "report_text.h"

typedef struct amb_report_ctx {
    amb_html *w;              /* borrowed */
    const json_t *doc;        /* borrowed */
    amb_report_lang lang;
    const char *region;       /* the region's area code, or NULL */
} amb_report_ctx;

/* Shorthand for the context's fixed string. */
const char *amb_report_t(const amb_report_ctx *c, amb_ui key);

/* A status badge: symbol (hidden from screen readers, which read the
 * label), label and a colour class.  An unknown status shows its raw
 * value; NULL shows the "unmeasured" badge. */
void amb_report_badge(const amb_report_ctx *c, const char *status);
/* The badge of an indicator: "error" when it has an error, else its
 * headline (region) status. */
void amb_report_indicator_badge(const amb_report_ctx *c, const json_t *ind);
/* The fragment id of the idx-th indicator ("ind-eud_share", or
 * "ind-n3" when its id is not clean or not unique), into out. */
void amb_report_anchor(const amb_report_ctx *c, size_t idx, char *out,
                       size_t cap);
/* Does indicator idx belong to sub-goal id? */
int amb_report_in_subgoal(const json_t *ind, const char *id);
/* The indicator's baseline: the stated period and value, or, when no
 * value is stated, the headline status's baseline_value (and its
 * baseline_period, else the stated period).  Returns 1 when both a period
 * and a value are known (borrowed *period). */
int amb_report_baseline(const amb_report_ctx *c, const json_t *ind,
                        const char **period, double *value);
/* Decimals that suit every value of an indicator (0..2). */
int amb_report_decimals(const json_t *ind);

/* Sections, in page order. */
void amb_report_overview(const amb_report_ctx *c);
void amb_report_coverage(const amb_report_ctx *c);
void amb_report_indicators(const amb_report_ctx *c);
void amb_report_sources(const amb_report_ctx *c);
void amb_report_survey(const amb_report_ctx *c);
void amb_report_themes(const amb_report_ctx *c);

/* One indicator's charts with their tables: the trend, and the
 * municipality comparison when it breaks down by municipality. */
void amb_report_trend(const amb_report_ctx *c, const json_t *ind, size_t idx);
void amb_report_comparison(const amb_report_ctx *c, const json_t *ind,
                           size_t idx);

/* Series of an indicator (report_series.c).  Returned pointers are
 * borrowed from the document. */
/* The point of series at period, or NULL. */
const json_t *amb_report_point_at(const json_t *series, const char *period);
/* 1 with the latest period that has a value (*period borrowed) and that
 * value; 0 when the series has none. */
int amb_report_last_value(const json_t *series, double *v, const char **period);
/* Its display name: its own, its area's, its code, or a dash (never NULL). */
const char *amb_report_series_name(const amb_report_ctx *c, const json_t *s);
/* Is it a municipality's: listed in the ambition, or (when the ambition
 * lists none) anything but the region? */
int amb_report_is_municipal(const amb_report_ctx *c, const json_t *s);
/* The region's series, else the first with a value, else NULL. */
const json_t *amb_report_headline_series(const amb_report_ctx *c,
                                         const json_t *ind);
/* v with the indicator's unit and decimals. */
void amb_report_fmt_ind(const amb_report_ctx *c, const json_t *ind, double v,
                        char *out, size_t cap);
/* Why a point has no value: "suppressed" for flag c, else "missing". */
const char *amb_report_missing_text(const amb_report_ctx *c, const char *flag);
/* A <td> for series at period: the number (and its flag), or the flag
 * with its reason, or a dash that reads "missing". */
void amb_report_number_cell(const amb_report_ctx *c, const json_t *ind,
                            const json_t *series, const char *period);
/* " (unit title)" for a caption. */
void amb_report_caption_unit(const amb_report_ctx *c, const json_t *ind);

/* The page's style sheet (a static string). */
const char *amb_report_css(void);

#endif
