/*
 * test_status.c - the status method (core/status.c) on hand-computed
 * examples: the two worked examples of the method, lower-is-better with a
 * target, moving away, bounded scaling, too few points, opposite signs, a
 * zero base, an achieved target, a passed target year, a stated baseline,
 * the score mapping and the sub-goal combination.
 *
 * Expected figures were worked out by hand from CAGR(a, b, t1, t0) =
 * (a / b)^(1 / (t1 - t0)) - 1; each test says how.
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <math.h>
#include <string.h>

#include "status.h"
#include "testutil.h"

#define NEAR(got, want, tol) CU_ASSERT(fabs((got) - (want)) < (tol))

/* A series from parallel arrays. */
static amb_status_input series(const amb_status_point *pts, size_t n, int d)
{
    amb_status_input in;
    memset(&in, 0, sizeof in);
    in.points = pts;
    in.npoints = n;
    in.direction = d;
    return in;
}

/* Worked example 1: EUD share 24 (2019) -> 26 (2022), target 30 in 2025.
 * Observed (26/24)^(1/3) - 1 = 2.704 %, required (30/24)^(1/6) - 1 =
 * 3.789 %, R = 0.7136: moderate progress. */
static void test_worked_example_target(void)
{
    const amb_status_point pts[] = {{2019, 24}, {2022, 26}};
    amb_status_input in = series(pts, 2, +1);
    in.baseline_year = 2019;
    in.target_year = 2025;
    in.target_value = 30;
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_MODERATE);
    CU_ASSERT_STRING_EQUAL(amb_status_name(r.status), "moderate");
    NEAR(r.cagr, 0.02704, 1e-5);
    NEAR(r.required_cagr, 0.03789, 1e-5);
    NEAR(r.ratio, 0.7136, 1e-4);
    CU_ASSERT_EQUAL(r.t0, 2019);
    CU_ASSERT_EQUAL(r.t, 2022);
    /* Score: (0.7136 - 0.6) * 5 / 0.7 = 0.8116. */
    NEAR(r.score, 0.8116, 1e-3);
    char note[512];
    amb_status_note(&r, "en", note, sizeof note);
    CU_ASSERT_PTR_NOT_NULL(strstr(note, "+2.70% a year"));
    CU_ASSERT_PTR_NOT_NULL(strstr(note, "+3.79% a year needed"));
    CU_ASSERT_PTR_NOT_NULL(strstr(note, "R = 0.71"));
    amb_status_note(&r, "da", note, sizeof note);
    CU_ASSERT_PTR_NOT_NULL(strstr(note, "+2,70 % om året"));
}

/* Worked example 2: dropout 49 -> 46 (2019 -> 2022), lower is better, no
 * target: CAGR (46/49)^(1/3) - 1 = -2.084 %, v = -1 * -2.084 % = +2.08 %
 * >= 1.5 %: on track. */
static void test_worked_example_no_target(void)
{
    const amb_status_point pts[] = {{2019, 49}, {2020, 48}, {2022, 46}};
    amb_status_input in = series(pts, 3, -1);
    in.baseline_year = 2019;
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_ON_TRACK);
    NEAR(r.cagr, -0.02084, 1e-5);
    NEAR(r.growth, 0.02084, 1e-5);
    CU_ASSERT_FALSE(r.has_ratio);
    /* Score: v >= 2 % maps to 5. */
    NEAR(r.score, 5.0, 1e-9);
}

/* Lower is better with a target: 49 (2019) -> 45 (2022), target 40 in
 * 2025.  Observed (45/49)^(1/3) - 1 = -2.799 %, required (40/49)^(1/6) - 1
 * = -3.326 %, R = (+1)(-1)(-2.799 %) / 3.326 % = 0.8415: moderate. */
static void test_lower_with_target(void)
{
    const amb_status_point pts[] = {{2019, 49}, {2022, 45}};
    amb_status_input in = series(pts, 2, -1);
    in.baseline_year = 2019;
    in.target_year = 2025;
    in.target_value = 40;
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_MODERATE);
    NEAR(r.ratio, 0.8415, 1e-4);
    NEAR(r.required_cagr, -0.033258, 1e-6);
    /* The same series rising instead: R < 0, moving away. */
    const amb_status_point up[] = {{2019, 49}, {2022, 52}};
    in.points = up;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_MOVING_AWAY);
    CU_ASSERT(r.ratio < 0);
}

/* No target, moving away: 10 (2019) -> 9 (2023), higher is better: CAGR
 * 0.9^(1/4) - 1 = -2.60 % < 0.  Score: v <= -2 % maps to -5. */
static void test_no_target_moving_away(void)
{
    const amb_status_point pts[] = {{2019, 10}, {2023, 9}};
    amb_status_input in = series(pts, 2, +1);
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_MOVING_AWAY);
    NEAR(r.growth, -0.026, 1e-4);
    NEAR(r.score, -5.0, 1e-9);
    /* 10 -> 10.1 over 4 years: v = 0.249 %, between 0 and 0.5 %. */
    const amb_status_point slow[] = {{2019, 10}, {2023, 10.1}};
    in.points = slow;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_INSUFFICIENT);
    /* 10 -> 10.4 over 4 years: v = 0.985 %, between 0.5 % and 1.5 %. */
    const amb_status_point mid[] = {{2019, 10}, {2023, 10.4}};
    in.points = mid;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_MODERATE);
}

/* Bounded: a share of 90 (2019) -> 91 (2022), limit 100.  CAGR
 * (91/90)^(1/3) - 1 = 0.369 %: insufficient against the plain 0.5 %, but
 * C = 1 - 0.9^4.44 = 0.3736 scales the thresholds to 0.560 % and 0.187 %,
 * so it is moderate progress. */
static void test_bounded_scaling(void)
{
    const amb_status_point pts[] = {{2019, 90}, {2022, 91}};
    amb_status_input in = series(pts, 2, +1);
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_INSUFFICIENT);
    in.has_limit = 1;
    in.limit = 100;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_MODERATE);
    NEAR(r.scale, 0.37362, 1e-5);
    NEAR(r.growth, 0.00369, 1e-5);
    CU_ASSERT(r.flags & AMB_STATUS_F_SCALED);
    char note[512];
    amb_status_note(&r, "en", note, sizeof note);
    CU_ASSERT_PTR_NOT_NULL(strstr(note, "C = 0.37 for the limit 100"));
    /* A limit in the other direction (lower is better) is not scaled. */
    in.direction = -1;
    amb_status_eval(&in, &r);
    NEAR(r.scale, 1.0, 1e-12);
    /* At the limit, holding on is on track with the top score. */
    const amb_status_point top[] = {{2019, 100}, {2022, 100}};
    in.direction = +1;
    in.points = top;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_ON_TRACK);
    NEAR(r.score, 5.0, 1e-9);
}

/* Too few points: one value; nothing at or after the base year; the base
 * year is the latest year. */
static void test_too_few_points(void)
{
    const amb_status_point one[] = {{2022, 26}};
    amb_status_input in = series(one, 1, +1);
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_INSUFFICIENT_DATA);
    CU_ASSERT(r.flags & AMB_STATUS_F_ONE_POINT);
    CU_ASSERT_FALSE(r.has_score);

    const amb_status_point early[] = {{2015, 20}, {2017, 22}};
    in = series(early, 2, +1);
    in.baseline_year = 2019;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_INSUFFICIENT_DATA);
    CU_ASSERT(r.flags & AMB_STATUS_F_NO_BASE);
    char note[256];
    amb_status_note(&r, "en", note, sizeof note);
    CU_ASSERT_STRING_EQUAL(note, "no data in or after the base year 2019");

    const amb_status_point last[] = {{2015, 20}, {2019, 22}};
    in.points = last;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_INSUFFICIENT_DATA);
    CU_ASSERT(r.flags & AMB_STATUS_F_ONE_POINT);

    in = series(NULL, 0, +1);
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_INSUFFICIENT_DATA);
    amb_status_note(&r, "da", note, sizeof note);
    CU_ASSERT_STRING_EQUAL(note, "ingen data");
}

/* Opposite signs: a net flow of -5 (2019) and 3 (2022). */
static void test_opposite_signs(void)
{
    const amb_status_point pts[] = {{2019, -5}, {2022, 3}};
    amb_status_input in = series(pts, 2, -1);
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_INSUFFICIENT_DATA);
    CU_ASSERT(r.flags & AMB_STATUS_F_OPPOSITE);
    /* Both negative is fine: s = -1 flips the direction.  -10 -> -8 rose,
     * which is away from "lower is better": CAGR 0.8^(1/3) - 1 = -7.17 %
     * and v = s·d·CAGR = (-1)(-1)(-7.17 %) = -7.17 %: moving away. */
    const amb_status_point neg[] = {{2019, -10}, {2022, -8}};
    in.points = neg;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_MOVING_AWAY);
    NEAR(r.growth, -0.0717, 1e-4);
}

/* A zero base becomes 0.001 with a warning: 0 -> 2 over 3 years gives
 * CAGR (2 / 0.001)^(1/3) - 1 = 1159.9 %. */
static void test_zero_base(void)
{
    const amb_status_point pts[] = {{2019, 0}, {2022, 2}};
    amb_status_input in = series(pts, 2, +1);
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_ON_TRACK);
    CU_ASSERT(r.flags & AMB_STATUS_F_ZERO_BASE);
    NEAR(r.cagr, 11.5992, 1e-3);
    char note[512];
    amb_status_note(&r, "en", note, sizeof note);
    CU_ASSERT_PTR_NOT_NULL(strstr(note, "warning: the base value 0 was "
                                        "replaced by 0.001"));
    /* Zero then and zero now is no change: v = 0, insufficient. */
    const amb_status_point flat[] = {{2019, 0}, {2022, 0}};
    in.points = flat;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_INSUFFICIENT);
    NEAR(r.growth, 0.0, 1e-12);
    /* A zero target too: 5 -> 4 toward 0 by 2025, lower is better. */
    const amb_status_point down[] = {{2019, 5}, {2022, 4}};
    in = series(down, 2, -1);
    in.target_year = 2025;
    in.target_value = 0;
    amb_status_eval(&in, &r);
    CU_ASSERT(r.flags & AMB_STATUS_F_ZERO_TARGET);
    /* Observed (4/5)^(1/3) - 1 = -7.17 %, required (0.001/5)^(1/6) - 1 =
     * -75.8 %: R = 0.0946, insufficient progress. */
    NEAR(r.ratio, 0.0946, 1e-3);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_INSUFFICIENT);
}

/* Target achieved: 24 -> 31 with a target of 30 by 2025. */
static void test_target_achieved(void)
{
    const amb_status_point pts[] = {{2019, 24}, {2022, 31}};
    amb_status_input in = series(pts, 2, +1);
    in.baseline_year = 2019;
    in.target_year = 2025;
    in.target_value = 30;
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_ON_TRACK);
    CU_ASSERT(r.flags & AMB_STATUS_F_TARGET_ACHIEVED);
    NEAR(r.score, 5.0, 1e-9);
    char note[512];
    amb_status_note(&r, "en", note, sizeof note);
    CU_ASSERT_EQUAL(strncmp(note, "target achieved", 15), 0);
    amb_status_note(&r, "da", note, sizeof note);
    CU_ASSERT_EQUAL(strncmp(note, "målet er nået", strlen("målet er nået")),
                    0);
    /* Lower is better: 49 -> 38 against a target of 40. */
    const amb_status_point low[] = {{2019, 49}, {2022, 38}};
    in.points = low;
    in.direction = -1;
    in.target_value = 40;
    amb_status_eval(&in, &r);
    CU_ASSERT(r.flags & AMB_STATUS_F_TARGET_ACHIEVED);
}

/* A target year that has passed is judged at the first value at or after
 * it: 24 (2019), 28 (2022), 31 (2024) against 30 by 2022 is missed (28),
 * although the latest value is above the target. */
static void test_passed_target_year(void)
{
    const amb_status_point pts[] = {{2019, 24}, {2022, 28}, {2024, 31}};
    amb_status_input in = series(pts, 3, +1);
    in.baseline_year = 2019;
    in.target_year = 2022;
    in.target_value = 30;
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT(r.flags & AMB_STATUS_F_TARGET_PASSED);
    CU_ASSERT(r.flags & AMB_STATUS_F_TARGET_MISSED);
    CU_ASSERT_EQUAL(r.check_year, 2022);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_INSUFFICIENT);
    char note[512];
    amb_status_note(&r, "en", note, sizeof note);
    CU_ASSERT_STRING_EQUAL(note, "target year 2022 passed: target missed "
                                 "(28 in 2022, target 30)");
    /* Target 2021 (no data): judged at 2022; 28 >= 27 achieved. */
    in.target_year = 2021;
    in.target_value = 27;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_ON_TRACK);
    CU_ASSERT(r.flags & AMB_STATUS_F_TARGET_ACHIEVED);
    CU_ASSERT_EQUAL(r.check_year, 2022);
    amb_status_note(&r, "en", note, sizeof note);
    CU_ASSERT_STRING_EQUAL(note, "target year 2021 passed: target achieved "
                                 "(28 in 2022)");
    /* Missed while moving away from it: moving away. */
    const amb_status_point away[] = {{2019, 24}, {2022, 22}};
    in.points = away;
    in.npoints = 2;
    in.target_year = 2022;
    in.target_value = 30;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_MOVING_AWAY);
}

/* The rule's stated baseline stands in when the base year has no data:
 * 24 (stated, 2019), 25 (2020), 26 (2022) gives worked example 1. */
static void test_stated_baseline(void)
{
    const amb_status_point pts[] = {{2020, 25}, {2022, 26}};
    amb_status_input in = series(pts, 2, +1);
    in.baseline_year = 2019;
    in.has_baseline_value = 1;
    in.baseline_value = 24;
    in.target_year = 2025;
    in.target_value = 30;
    amb_status_result r;
    amb_status_eval(&in, &r);
    CU_ASSERT(r.flags & AMB_STATUS_F_STATED_BASE);
    CU_ASSERT_EQUAL(r.t0, 2019);
    NEAR(r.ratio, 0.7136, 1e-4);
    /* Data at the base year win over the stated value. */
    const amb_status_point data[] = {{2019, 23}, {2022, 26}};
    in.points = data;
    amb_status_eval(&in, &r);
    CU_ASSERT_FALSE(r.flags & AMB_STATUS_F_STATED_BASE);
    NEAR(r.y0, 23, 1e-12);
    /* One stated value and one data point are two points. */
    const amb_status_point lone[] = {{2022, 26}};
    in.points = lone;
    in.npoints = 1;
    amb_status_eval(&in, &r);
    CU_ASSERT_EQUAL(r.status, AMB_STATUS_MODERATE);
}

/* The score mapping passes through the method's points, and the
 * combination averages scores and maps back to a band. */
static void test_scores_and_combination(void)
{
    NEAR(amb_status_score_ratio(-0.6), -5.0, 1e-12);
    NEAR(amb_status_score_ratio(0.0), -2.5, 1e-12);
    NEAR(amb_status_score_ratio(0.6), 0.0, 1e-12);
    NEAR(amb_status_score_ratio(0.95), 2.5, 1e-12);
    NEAR(amb_status_score_ratio(1.3), 5.0, 1e-12);
    NEAR(amb_status_score_ratio(9.0), 5.0, 1e-12);
    NEAR(amb_status_score_growth(0.0, 1.0), -2.5, 1e-12);
    NEAR(amb_status_score_growth(0.005, 1.0), 0.0, 1e-12);
    NEAR(amb_status_score_growth(0.015, 1.0), 2.5, 1e-12);
    NEAR(amb_status_score_growth(0.02, 1.0), 5.0, 1e-12);
    NEAR(amb_status_score_growth(-0.01, 1.0), -3.75, 1e-12);
    CU_ASSERT_EQUAL(amb_status_from_score(2.5), AMB_STATUS_ON_TRACK);
    CU_ASSERT_EQUAL(amb_status_from_score(0.0), AMB_STATUS_MODERATE);
    CU_ASSERT_EQUAL(amb_status_from_score(-2.5), AMB_STATUS_INSUFFICIENT);
    CU_ASSERT_EQUAL(amb_status_from_score(-2.51), AMB_STATUS_MOVING_AWAY);

    /* Worked example 1 (0.8116) and 2 (5): mean 2.906, on track; with a
     * series moving away (-5) the mean is 0.2705: moderate. */
    double scores[] = {0.8116, 5.0, -5.0}, mean;
    CU_ASSERT_EQUAL(amb_status_combine(scores, 2, &mean), AMB_STATUS_ON_TRACK);
    NEAR(mean, 2.9058, 1e-4);
    CU_ASSERT_EQUAL(amb_status_combine(scores, 3, &mean), AMB_STATUS_MODERATE);
    NEAR(mean, 0.2705, 1e-4);
    CU_ASSERT_EQUAL(amb_status_combine(scores, 0, &mean),
                    AMB_STATUS_INSUFFICIENT_DATA);
}

static void test_names_and_years(void)
{
    static const char *const names[] = {"on_track", "moderate",
        "insufficient", "moving_away", "insufficient_data", "error"};
    for (int s = AMB_STATUS_ON_TRACK; s <= AMB_STATUS_ERROR; s++)
        CU_ASSERT_STRING_EQUAL(amb_status_name((amb_status)s), names[s]);
    CU_ASSERT_EQUAL(amb_status_year("2019"), 2019);
    CU_ASSERT_EQUAL(amb_status_year("2019K1"), 2019);
    CU_ASSERT_EQUAL(amb_status_year("2021M03"), 2021);
    CU_ASSERT_EQUAL(amb_status_year("19"), 0);
    CU_ASSERT_EQUAL(amb_status_year("K1"), 0);
    CU_ASSERT_EQUAL(amb_status_year(NULL), 0);
    NEAR(amb_status_cagr(26, 24, 2022, 2019), 0.027040, 1e-6);
    CU_ASSERT(isnan(amb_status_cagr(26, 24, 2019, 2019)));
    CU_ASSERT(isnan(amb_status_cagr(-26, 24, 2022, 2019)));
}

int main(void)
{
    AMB_TEST_SUITE("status",
                   {"worked example with a target", test_worked_example_target},
                   {"worked example without a target",
                    test_worked_example_no_target},
                   {"lower is better with a target", test_lower_with_target},
                   {"no target, moving away", test_no_target_moving_away},
                   {"bounded scaling", test_bounded_scaling},
                   {"too few points", test_too_few_points},
                   {"opposite signs", test_opposite_signs},
                   {"zero base and target", test_zero_base},
                   {"target achieved", test_target_achieved},
                   {"passed target year", test_passed_target_year},
                   {"stated baseline", test_stated_baseline},
                   {"scores and combination", test_scores_and_combination},
                   {"names and years", test_names_and_years});
    return amb_test_run();
}
