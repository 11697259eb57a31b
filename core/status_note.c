/*
 * status_note.c - one sentence explaining a status result, in Danish or
 * English: the years and values compared, the growth observed and needed,
 * and every warning the method raised (a replaced zero, a stated baseline,
 * scaled thresholds).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ambit/plugin.h"
#include "status.h"

/* The sentences of one language. */
typedef struct note_text {
    const char *no_data, *no_base, *one_point, *opposite, *target_sign;
    const char *achieved, *passed_achieved, *passed_missed;
    const char *with_target, *without_target, *scaled;
    const char *zero_base, *zero_target, *stated_base;
    char decimal;
} note_text;

static const note_text english = {
    .no_data = "no data",
    .no_base = "no data in or after the base year %d",
    .one_point = "fewer than two years with data from %d on",
    .opposite = "the base value (%s in %d) and the latest value (%s in %d) "
                "have opposite signs",
    .target_sign = "the target and the base value have opposite signs",
    .achieved = "target achieved: %s in %d (target %s by %d)",
    .passed_achieved = "target year %d passed: target achieved (%s in %d)",
    .passed_missed = "target year %d passed: target missed (%s in %d, "
                     "target %s)",
    .with_target = "%s in %d -> %s in %d: %s%% a year, %s%% a year needed to "
                   "reach %s by %d (R = %s)",
    .without_target = "%s in %d -> %s in %d: %s%% a year, %s%% in the desired "
                      "direction (thresholds 1.5%% and 0.5%%)",
    .scaled = "; thresholds scaled by C = %s for the limit %s",
    .zero_base = "; warning: the base value 0 was replaced by 0.001 and the "
                 "status depends on that choice",
    .zero_target = "; warning: the target 0 was replaced by 0.001 and the "
                   "status depends on that choice",
    .stated_base = "; base value %s (%d) as stated by the rule",
    .decimal = '.',
};

static const note_text danish = {
    .no_data = "ingen data",
    .no_base = "ingen data i eller efter basisåret %d",
    .one_point = "færre end to år med data fra %d",
    .opposite = "basisværdien (%s i %d) og den seneste værdi (%s i %d) har "
                "modsat fortegn",
    .target_sign = "målet og basisværdien har modsat fortegn",
    .achieved = "målet er nået: %s i %d (mål %s i %d)",
    .passed_achieved = "målåret %d er passeret: målet blev nået (%s i %d)",
    .passed_missed = "målåret %d er passeret: målet blev ikke nået (%s i %d, "
                     "mål %s)",
    .with_target = "%s i %d -> %s i %d: %s %% om året, %s %% om året kræves "
                   "for at nå %s i %d (R = %s)",
    .without_target = "%s i %d -> %s i %d: %s %% om året, %s %% i den ønskede "
                      "retning (tærskler 1,5 %% og 0,5 %%)",
    .scaled = "; tærsklerne er skaleret med C = %s for grænsen %s",
    .zero_base = "; advarsel: basisværdien 0 er erstattet af 0,001, og status "
                 "afhænger af det valg",
    .zero_target = "; advarsel: målet 0 er erstattet af 0,001, og status "
                   "afhænger af det valg",
    .stated_base = "; basisværdien %s (%d) er angivet af reglen",
    .decimal = ',',
};

/* A value as a person reads it: at most two decimals, no trailing zeros,
 * the language's decimal mark.  out holds 40 bytes. */
static const char *num(const note_text *tx, double v, char out[40])
{
    snprintf(out, 40, fabs(v) >= 1000 ? "%.0f" : "%.2f", v);
    char *dot = strchr(out, '.');
    if (dot) {
        char *end = out + strlen(out) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
        else
            *dot = tx->decimal;
    }
    if (strcmp(out, "-0") == 0)
        strcpy(out, "0");
    return out;
}

/* A rate as a signed percentage with two decimals ("+2.70"). */
static const char *pct(const note_text *tx, double rate, char out[40])
{
    snprintf(out, 40, "%+.2f", rate * 100.0);
    char *dot = strchr(out, '.');
    if (dot)
        *dot = tx->decimal;
    return out;
}

/* Append a formatted piece to buf (always NUL-terminated, truncating). */
static void add(char *buf, size_t len, const char *fmt, ...)
    AMB_PRINTF(3, 4);

static void add(char *buf, size_t len, const char *fmt, ...)
{
    size_t used = strlen(buf);
    if (used + 1 >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

/* The sentence for a result that could not be assessed. */
static void note_no_data(const amb_status_result *r, const note_text *tx,
                         char *buf, size_t len)
{
    char a[40], b[40];
    if (r->flags & AMB_STATUS_F_NO_DATA)
        add(buf, len, "%s", tx->no_data);
    else if (r->flags & AMB_STATUS_F_NO_BASE)
        add(buf, len, tx->no_base, r->baseline_year);
    else if (r->flags & AMB_STATUS_F_ONE_POINT)
        add(buf, len, tx->one_point, r->t0);
    else if (r->flags & AMB_STATUS_F_TARGET_SIGN)
        add(buf, len, "%s", tx->target_sign);
    else
        add(buf, len, tx->opposite, num(tx, r->y0, a), r->t0,
            num(tx, r->yt, b), r->t);
}

void amb_status_note(const amb_status_result *r, const char *lang, char *buf,
                     size_t len)
{
    const note_text *tx = lang && strcmp(lang, "da") == 0 ? &danish : &english;
    char a[40], b[40], c[40], e[40], f[40], g[40];
    if (len == 0)
        return;
    buf[0] = '\0';
    if (r->status == AMB_STATUS_ERROR)
        return;
    if (r->status == AMB_STATUS_INSUFFICIENT_DATA) {
        note_no_data(r, tx, buf, len);
    } else if (r->flags & AMB_STATUS_F_TARGET_PASSED) {
        if (r->flags & AMB_STATUS_F_TARGET_ACHIEVED)
            add(buf, len, tx->passed_achieved, r->target_year,
                num(tx, r->check_value, a), r->check_year);
        else
            add(buf, len, tx->passed_missed, r->target_year,
                num(tx, r->check_value, a), r->check_year,
                num(tx, r->target_value, b));
    } else if (r->flags & AMB_STATUS_F_TARGET_ACHIEVED) {
        add(buf, len, tx->achieved, num(tx, r->yt, a), r->t,
            num(tx, r->target_value, b), r->target_year);
    } else if (r->target_year && r->has_cagr) {
        add(buf, len, tx->with_target, num(tx, r->y0, a), r->t0,
            num(tx, r->yt, b), r->t, pct(tx, r->cagr, c),
            r->has_required ? pct(tx, r->required_cagr, e) : "?",
            num(tx, r->target_value, f), r->target_year,
            r->has_ratio ? num(tx, r->ratio, g) : "-");
    } else if (r->has_growth) {
        add(buf, len, tx->without_target, num(tx, r->y0, a), r->t0,
            num(tx, r->yt, b), r->t, pct(tx, r->cagr, c),
            pct(tx, r->growth, e));
    }
    if (r->flags & AMB_STATUS_F_SCALED) {
        snprintf(c, sizeof c, "%.2f", r->scale);
        char *dot = strchr(c, '.');
        if (dot)
            *dot = tx->decimal;
        add(buf, len, tx->scaled, c, num(tx, r->limit, a));
    }
    if (r->flags & AMB_STATUS_F_STATED_BASE)
        add(buf, len, tx->stated_base, num(tx, r->y0, a), r->t0);
    if (r->flags & AMB_STATUS_F_ZERO_BASE)
        add(buf, len, "%s", tx->zero_base);
    if (r->flags & AMB_STATUS_F_ZERO_TARGET)
        add(buf, len, "%s", tx->zero_target);
}
