/*
 * status.h - the indicator status method of doc/status-method.md: compound
 * annual growth (CAGR) measured against a target or against fixed
 * thresholds, the -5..5 score, and the combination of several indicators
 * under one sub-goal.
 *
 * Pure C (no Lua, no SQL, no allocation): the caller hands in one series of
 * yearly points and gets back a status, the figures behind it and flags
 * saying why, from which amb_status_note() renders a sentence in Danish or
 * English.
 */
#ifndef AMB_STATUS_H
#define AMB_STATUS_H

#include <stddef.h>

typedef enum amb_status {
    AMB_STATUS_ON_TRACK = 0,
    AMB_STATUS_MODERATE,
    AMB_STATUS_INSUFFICIENT,
    AMB_STATUS_MOVING_AWAY,
    AMB_STATUS_INSUFFICIENT_DATA,
    AMB_STATUS_ERROR
} amb_status;

/* What a zero base or target value is replaced by (as Open SDG does). */
#define AMB_STATUS_ZERO_SUBSTITUTE 0.001

/* Thresholds of the method. */
#define AMB_STATUS_R_ON_TRACK 0.95
#define AMB_STATUS_R_MODERATE 0.60
#define AMB_STATUS_V_ON_TRACK 0.015
#define AMB_STATUS_V_MODERATE 0.005
#define AMB_STATUS_LIMIT_EXPONENT 4.44

/* One yearly value. */
typedef struct amb_status_point {
    int year;
    double value;
} amb_status_point;

typedef struct amb_status_input {
    const amb_status_point *points; /* strictly ascending years, finite values */
    size_t npoints;
    int direction;                  /* +1 higher is better, -1 lower is better */
    int baseline_year;              /* 0: none (the first year with data) */
    int has_baseline_value;         /* the stated value may stand in for data */
    double baseline_value;
    int target_year;                /* 0: no target */
    double target_value;
    int has_limit;                  /* a bounded indicator (natural limit) */
    double limit;
} amb_status_input;

/* Why a result is what it is (amb_status_result.flags). */
enum {
    AMB_STATUS_F_TARGET_ACHIEVED = 1u << 0,
    AMB_STATUS_F_TARGET_MISSED = 1u << 1,
    AMB_STATUS_F_TARGET_PASSED = 1u << 2,  /* judged at the target year */
    AMB_STATUS_F_ZERO_BASE = 1u << 3,      /* y0 = 0 replaced */
    AMB_STATUS_F_ZERO_TARGET = 1u << 4,    /* target 0 replaced */
    AMB_STATUS_F_STATED_BASE = 1u << 5,    /* the rule's baseline value used */
    AMB_STATUS_F_SCALED = 1u << 6,         /* thresholds scaled by C */
    AMB_STATUS_F_NO_DATA = 1u << 7,
    AMB_STATUS_F_NO_BASE = 1u << 8,        /* no data at or after the base year */
    AMB_STATUS_F_ONE_POINT = 1u << 9,      /* fewer than two points */
    AMB_STATUS_F_OPPOSITE = 1u << 10,      /* y0 and yt of opposite signs */
    AMB_STATUS_F_TARGET_SIGN = 1u << 11    /* target and y0 of opposite signs */
};

typedef struct amb_status_result {
    amb_status status;
    unsigned flags;
    int t0, t;                 /* base and latest year; 0 when unknown */
    int has_y0, has_yt;
    double y0, yt;             /* as observed (before a zero substitution) */
    int has_cagr;
    double cagr;               /* observed CAGR(yt, y0, t, t0), raw sign */
    int has_required;
    double required_cagr;      /* CAGR(target, y0, T, t0) */
    int has_ratio;
    double ratio;              /* R = s·d·cagr / |required| */
    int has_growth;
    double growth;             /* v = s·d·cagr (no target) */
    double scale;              /* C; 1 when not bounded */
    double limit;              /* the bound, when scaled */
    int has_score;
    double score;              /* -5..5 for the combination */
    int check_year;            /* passed target: the year judged */
    double check_value;
    int baseline_year;         /* copied from the input for the note */
    int target_year;
    double target_value;
    int direction;
} amb_status_result;

/* Apply the method to one series; always fills out. */
void amb_status_eval(const amb_status_input *in, amb_status_result *out);

/* (a / b)^(1 / (t1 - t0)) - 1; NaN when undefined. */
double amb_status_cagr(double a, double b, int t1, int t0);
/* The -5..5 score of a ratio R (with a target). */
double amb_status_score_ratio(double r);
/* The -5..5 score of a growth v (no target) with thresholds scaled by c. */
double amb_status_score_growth(double v, double c);
/* The status band of a score: [2.5, 5] on track, [0, 2.5) moderate,
 * [-2.5, 0) insufficient, below moving away. */
amb_status amb_status_from_score(double score);
/* Mean of n scores and its band; n == 0 gives insufficient data and a
 * mean of 0. */
amb_status amb_status_combine(const double *scores, size_t n, double *mean);

/* "on_track", "moderate", "insufficient", "moving_away",
 * "insufficient_data", "error". */
const char *amb_status_name(amb_status s);

/* The year a period starts with ("2019", "2019K1", "2019M03" -> 2019), or
 * 0 when it does not start with four digits. */
int amb_status_year(const char *period);

/* A one-sentence explanation of r in lang ("da" or "en"; anything else is
 * English) into buf. */
void amb_status_note(const amb_status_result *r, const char *lang, char *buf,
                     size_t len);

#endif
