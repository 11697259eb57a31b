/*
 * status.c - the status method (doc/status-method.md, after Eurostat's SDG
 * monitoring, Statistics Canada and Open SDG).
 *
 * The steps, as numbered in the method:
 *  1-2  the series' latest year t and base year t0 (the baseline year, the
 *       stated baseline value standing in when the series has no value
 *       there, else the first year with data after it);
 *  2    insufficient data: nothing at or after the base year, fewer than two
 *       points, or base and latest of opposite signs;
 *  3    a zero base or target becomes AMB_STATUS_ZERO_SUBSTITUTE, flagged
 *       (a latest value that is zero as well gets the same, so that "zero
 *       then and zero now" is no change rather than a fall of 100 %);
 *  4    target achieved: the latest value on the right side of the target;
 *  5    with a target: R = s·d·CAGR(yt, y0, t, t0) / |CAGR(T*, y0, T, t0)|;
 *  6    without: v = s·d·CAGR against 1.5 % and 0.5 %, both scaled by
 *       C = 1 - (|y0| / |limit|)^4.44 for a bounded indicator;
 *  7    scores -5..5 and their mean (amb_status_combine);
 *  8    a target year that has passed is judged at the first value at or
 *       after it.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "status.h"

const char *amb_status_name(amb_status s)
{
    switch (s) {
    case AMB_STATUS_ON_TRACK: return "on_track";
    case AMB_STATUS_MODERATE: return "moderate";
    case AMB_STATUS_INSUFFICIENT: return "insufficient";
    case AMB_STATUS_MOVING_AWAY: return "moving_away";
    case AMB_STATUS_INSUFFICIENT_DATA: return "insufficient_data";
    case AMB_STATUS_ERROR: return "error";
    }
    return "error";
}

int amb_status_year(const char *period)
{
    if (!period)
        return 0;
    int year = 0;
    for (int i = 0; i < 4; i++) {
        if (period[i] < '0' || period[i] > '9')
            return 0;
        year = year * 10 + (period[i] - '0');
    }
    return year;
}

double amb_status_cagr(double a, double b, int t1, int t0)
{
    if (t1 <= t0 || b == 0.0 || !isfinite(a) || !isfinite(b))
        return NAN;
    double q = a / b;
    if (q < 0.0)
        return NAN;
    return pow(q, 1.0 / (double)(t1 - t0)) - 1.0;
}

double amb_status_score_ratio(double r)
{
    if (r <= -0.6)
        return -5.0;
    if (r < AMB_STATUS_R_MODERATE)
        return -2.5 + r * (5.0 / 1.2);
    if (r < 1.3)
        return (r - AMB_STATUS_R_MODERATE) * (5.0 / 0.7);
    return 5.0;
}

double amb_status_score_growth(double v, double c)
{
    double a = AMB_STATUS_V_MODERATE * c;
    double b = AMB_STATUS_V_ON_TRACK * c;
    double top = 0.02 * c;
    if (v <= -0.02)
        return -5.0;
    if (v < 0.0)
        return -5.0 + (v + 0.02) / 0.02 * 2.5;
    if (c <= 0.0 || v >= top)   /* at the limit, holding on is on track */
        return 5.0;
    if (v < a)
        return -2.5 + v / a * 2.5;
    if (v < b)
        return (v - a) / (b - a) * 2.5;
    return 2.5 + (v - b) / (top - b) * 2.5;
}

amb_status amb_status_from_score(double score)
{
    if (score >= 2.5)
        return AMB_STATUS_ON_TRACK;
    if (score >= 0.0)
        return AMB_STATUS_MODERATE;
    if (score >= -2.5)
        return AMB_STATUS_INSUFFICIENT;
    return AMB_STATUS_MOVING_AWAY;
}

amb_status amb_status_combine(const double *scores, size_t n, double *mean)
{
    *mean = 0.0;
    if (n == 0)
        return AMB_STATUS_INSUFFICIENT_DATA;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += scores[i];
    *mean = sum / (double)n;
    return amb_status_from_score(*mean);
}

/* Insufficient data with the reason in flag. */
static void no_assessment(amb_status_result *out, unsigned flag)
{
    out->status = AMB_STATUS_INSUFFICIENT_DATA;
    out->flags |= flag;
    out->has_score = 0;
}

/* Pick t0/y0 (step 2): returns the index of the first point used after the
 * base (the base itself when it is data), or -1 when nothing is there. */
static long choose_base(const amb_status_input *in, amb_status_result *out)
{
    size_t i = 0;
    if (in->baseline_year) {
        while (i < in->npoints && in->points[i].year < in->baseline_year)
            i++;
        if ((i == in->npoints || in->points[i].year != in->baseline_year) &&
            in->has_baseline_value) {
            out->t0 = in->baseline_year;
            out->y0 = in->baseline_value;
            out->has_y0 = 1;
            out->flags |= AMB_STATUS_F_STATED_BASE;
            return (long)i;
        }
    }
    if (i == in->npoints)
        return -1;
    out->t0 = in->points[i].year;
    out->y0 = in->points[i].value;
    out->has_y0 = 1;
    return (long)i + 1;
}

/* A value on the right side of the target (step 4). */
static int achieved(int d, double value, double target)
{
    return d > 0 ? value >= target : value <= target;
}

/* Step 5 (and 8 for a missed target): R from the observed growth to (t1,
 * y1).  Returns 0, or -1 when R is undefined (out flagged). */
static int target_ratio(const amb_status_input *in, amb_status_result *out,
                        double y0, double s, int t1, double y1)
{
    double target = in->target_value;
    if (target == 0.0) {
        target = AMB_STATUS_ZERO_SUBSTITUTE * (s < 0 ? -1.0 : 1.0);
        out->flags |= AMB_STATUS_F_ZERO_TARGET;
    }
    if ((target < 0) != (y0 < 0)) {
        no_assessment(out, AMB_STATUS_F_TARGET_SIGN);
        return -1;
    }
    double d = in->direction > 0 ? 1.0 : -1.0;
    out->cagr = amb_status_cagr(y1, y0, t1, out->t0);
    out->has_cagr = isfinite(out->cagr);
    out->required_cagr = amb_status_cagr(target, y0, in->target_year, out->t0);
    out->has_required = isfinite(out->required_cagr);
    if (!out->has_cagr)
        return -1;
    double v = s * d * out->cagr;
    if (!out->has_required || out->required_cagr == 0.0) {
        /* The target is the base value (or lies before it): any movement
         * away from it is moving away, none at all is holding on. */
        out->has_ratio = 0;
        out->score = v < 0 ? -5.0 : 5.0;
        return 0;
    }
    out->ratio = v / fabs(out->required_cagr);
    out->has_ratio = 1;
    out->score = amb_status_score_ratio(out->ratio);
    return 0;
}

/* Step 8: the target year T has passed (T <= t).  Judge the first value at
 * or after T: achieved, or missed with the direction of the movement. */
static void passed_target(const amb_status_input *in, amb_status_result *out,
                          double y0, double s)
{
    size_t k = 0;
    while (k < in->npoints && in->points[k].year < in->target_year)
        k++;
    out->flags |= AMB_STATUS_F_TARGET_PASSED;
    out->check_year = in->points[k].year;
    out->check_value = in->points[k].value;
    out->has_score = 1;
    if (achieved(in->direction, out->check_value, in->target_value)) {
        out->flags |= AMB_STATUS_F_TARGET_ACHIEVED;
        out->status = AMB_STATUS_ON_TRACK;
        out->score = 5.0;
        return;
    }
    out->flags |= AMB_STATUS_F_TARGET_MISSED;
    int away = 0;
    if (out->check_year > out->t0) {
        target_ratio(in, out, y0, s, out->check_year, out->check_value);
        out->flags &= ~AMB_STATUS_F_TARGET_SIGN;
        away = out->has_cagr && s * out->direction * out->cagr < 0;
    }
    /* A missed target scores the middle of its band. */
    out->status = away ? AMB_STATUS_MOVING_AWAY : AMB_STATUS_INSUFFICIENT;
    out->has_score = 1;
    out->score = away ? -3.75 : -1.25;
}

/* The status band of R (step 5) or of v against thresholds scaled by c
 * (step 6). */
static amb_status band_ratio(double r)
{
    if (r >= AMB_STATUS_R_ON_TRACK)
        return AMB_STATUS_ON_TRACK;
    if (r >= AMB_STATUS_R_MODERATE)
        return AMB_STATUS_MODERATE;
    return r >= 0 ? AMB_STATUS_INSUFFICIENT : AMB_STATUS_MOVING_AWAY;
}

static amb_status band_growth(double v, double c)
{
    if (v >= AMB_STATUS_V_ON_TRACK * c)
        return AMB_STATUS_ON_TRACK;
    if (v >= AMB_STATUS_V_MODERATE * c)
        return AMB_STATUS_MODERATE;
    return v >= 0 ? AMB_STATUS_INSUFFICIENT : AMB_STATUS_MOVING_AWAY;
}

/* The scaling factor C of a bounded indicator: only a limit that lies in
 * the desired direction from y0 and no nearer to zero than y0 counts. */
static double scaling(const amb_status_input *in, double y0)
{
    if (!in->has_limit || in->limit == 0.0 || fabs(y0) > fabs(in->limit))
        return 1.0;
    if ((in->direction > 0) != (in->limit >= y0))
        return 1.0;
    return 1.0 - pow(fabs(y0) / fabs(in->limit), AMB_STATUS_LIMIT_EXPONENT);
}

void amb_status_eval(const amb_status_input *in, amb_status_result *out)
{
    memset(out, 0, sizeof *out);
    out->scale = 1.0;
    out->baseline_year = in->baseline_year;
    out->target_year = in->target_year;
    out->target_value = in->target_value;
    out->direction = in->direction > 0 ? 1 : -1;
    if (in->npoints == 0) {
        no_assessment(out, AMB_STATUS_F_NO_DATA);
        return;
    }
    const amb_status_point *last = &in->points[in->npoints - 1];
    out->t = last->year;
    out->yt = last->value;
    out->has_yt = 1;
    long next = choose_base(in, out);
    if (next < 0 || out->t0 > out->t) {
        no_assessment(out, AMB_STATUS_F_NO_BASE);
        return;
    }
    if (out->t0 >= out->t || (size_t)next >= in->npoints) {
        no_assessment(out, AMB_STATUS_F_ONE_POINT);
        return;
    }
    double y0 = out->y0;
    double yt = out->yt;
    if (y0 == 0.0) {
        y0 = AMB_STATUS_ZERO_SUBSTITUTE * (out->yt < 0 ? -1.0 : 1.0);
        out->flags |= AMB_STATUS_F_ZERO_BASE;
        if (yt == 0.0)          /* zero then and now: no change, not -100 % */
            yt = y0;
    }
    if ((y0 < 0 && yt > 0) || (y0 > 0 && yt < 0)) {
        no_assessment(out, AMB_STATUS_F_OPPOSITE);
        return;
    }
    double s = y0 < 0 ? -1.0 : 1.0;
    double d = out->direction;

    if (in->target_year && in->target_year <= out->t) {
        passed_target(in, out, y0, s);
        return;
    }
    if (in->target_year) {
        out->has_score = 1;
        if (achieved(out->direction, out->yt, in->target_value)) {
            out->flags |= AMB_STATUS_F_TARGET_ACHIEVED;
            out->status = AMB_STATUS_ON_TRACK;
            out->score = 5.0;
            out->cagr = amb_status_cagr(yt, y0, out->t, out->t0);
            out->has_cagr = isfinite(out->cagr);
            return;
        }
        if (target_ratio(in, out, y0, s, out->t, yt) < 0) {
            if (out->status != AMB_STATUS_INSUFFICIENT_DATA)
                no_assessment(out, AMB_STATUS_F_OPPOSITE);
            return;
        }
        out->status = out->has_ratio ? band_ratio(out->ratio)
                                     : amb_status_from_score(out->score);
        return;
    }
    out->cagr = amb_status_cagr(yt, y0, out->t, out->t0);
    if (!isfinite(out->cagr)) {
        no_assessment(out, AMB_STATUS_F_OPPOSITE);
        return;
    }
    out->has_cagr = 1;
    out->growth = s * d * out->cagr;
    out->has_growth = 1;
    out->scale = scaling(in, y0);
    if (out->scale < 1.0) {
        out->flags |= AMB_STATUS_F_SCALED;
        out->limit = in->limit;
    }
    out->status = band_growth(out->growth, out->scale);
    out->score = amb_status_score_growth(out->growth, out->scale);
    out->has_score = 1;
}
