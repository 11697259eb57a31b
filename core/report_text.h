/*
 * report_text.h - the report's fixed words in Danish and English, how each
 * indicator status is shown, and number and time formatting per language.
 *
 * Every string returned here is a static constant (never freed) and is
 * plain text: callers still escape it like any other text.
 */
#ifndef AMB_REPORT_TEXT_H
#define AMB_REPORT_TEXT_H

#include <stddef.h>

/* The report's languages; anything but "en" is Danish. */
typedef enum amb_report_lang {
    AMB_LANG_DA = 0,
    AMB_LANG_EN = 1
} amb_report_lang;

amb_report_lang amb_report_lang_of(const char *code);
const char *amb_report_lang_code(amb_report_lang lang);   /* "da"/"en" */

/* Keys of the fixed strings.  Each has a Danish and an English text. */
typedef enum amb_ui {
    AMB_UI_REPORT_TITLE,      /* "Indikatorrapport" */
    AMB_UI_GENERATED,
    AMB_UI_WORKSPACE,
    AMB_UI_SAMPLE_BANNER,
    AMB_UI_SAMPLE_TEXT,
    AMB_UI_CONTENTS,
    AMB_UI_OVERVIEW,
    AMB_UI_OVERVIEW_INTRO,
    AMB_UI_HOW_TO_READ,
    AMB_UI_METHOD_TEXT,
    AMB_UI_PARTNERS,
    AMB_UI_PREREQUISITE,
    AMB_UI_FOCUS_AREA,
    AMB_UI_GOAL,
    AMB_UI_SUBGOAL,
    AMB_UI_SUBGOAL_STATUS,
    AMB_UI_INDICATORS,
    AMB_UI_INDICATOR,
    AMB_UI_NO_INDICATORS,
    AMB_UI_FIGURES,
    AMB_UI_COVERAGE,
    AMB_UI_COVERAGE_INTRO,
    AMB_UI_LAST_PERIOD,
    AMB_UI_COLLECTED,
    AMB_UI_STATUS,
    AMB_UI_OTHER_INDICATORS,
    AMB_UI_LATEST,
    AMB_UI_BASELINE,
    AMB_UI_TARGET,
    AMB_UI_CHANGE,
    AMB_UI_NO_TARGET,
    AMB_UI_NO_BASELINE,
    AMB_UI_DIRECTION,
    AMB_UI_HIGHER_BETTER,
    AMB_UI_LOWER_BETTER,
    AMB_UI_UNIT,
    AMB_UI_DATA,
    AMB_UI_SOURCE_NOTE,
    AMB_UI_METHOD_R,
    AMB_UI_METHOD_CAGR,
    AMB_UI_METHOD_REQUIRED,
    AMB_UI_ERROR,
    AMB_UI_ERROR_TEXT,
    AMB_UI_TREND,
    AMB_UI_TREND_TABLE,
    AMB_UI_COMPARISON,
    AMB_UI_COMPARISON_TABLE,
    AMB_UI_AREA,
    AMB_UI_PERIOD,
    AMB_UI_VALUE,
    AMB_UI_RANK,
    AMB_UI_NO_DATA,
    AMB_UI_GAP_NOTE,
    AMB_UI_MISSING,
    AMB_UI_SUPPRESSED,
    AMB_UI_NOT_PUBLISHED,
    AMB_UI_SOURCES,
    AMB_UI_SOURCES_INTRO,
    AMB_UI_SOURCE,
    AMB_UI_PLUGIN,
    AMB_UI_DATASETS,
    AMB_UI_LAST_RUN,
    AMB_UI_LAST_SUCCESS,
    AMB_UI_PROVENANCE,
    AMB_UI_FETCHED,
    AMB_UI_HASH,
    AMB_UI_NEVER,
    AMB_UI_SURVEY,
    AMB_UI_SURVEY_INTRO,
    AMB_UI_CAMPAIGN,
    AMB_UI_INVITED,
    AMB_UI_OPENED,
    AMB_UI_PARTIAL,
    AMB_UI_COMPLETE,
    AMB_UI_OPTED_OUT,
    AMB_UI_MAIL_FAILED,
    AMB_UI_CLOSES,
    AMB_UI_RESPONSE_RATE,
    AMB_UI_THEMES,
    AMB_UI_THEMES_INTRO,
    AMB_UI_THEME,
    AMB_UI_ORGANISATIONS,
    AMB_UI_YES,
    AMB_UI_NO,
    AMB_UI_MORE,
    AMB_UI_UNMEASURED,
    AMB_UI_X_AXIS,
    AMB_UI_LEGEND_MISSING,
    AMB_UI_HIGHEST,
    AMB_UI_LOWEST,
    AMB_UI_NOT_IN_CHART,
    AMB_UI_FOOTER,
    AMB_UI_PP,
    AMB_UI_ID,
    AMB_UI_COUNT
} amb_ui;

/* The text of key in lang (never NULL). */
const char *amb_report_ui(amb_report_lang lang, amb_ui key);

/* How one status value is drawn: a CSS class suffix, a symbol that keeps
 * the statuses apart without colour, and a label per language. */
typedef struct amb_report_status {
    const char *key;       /* "on_track", ...; "unknown" for others */
    const char *css;       /* "st-on_track", ... */
    const char *symbol;    /* UTF-8, one glyph */
    const char *label[2];  /* by amb_report_lang */
} amb_report_status;

/* The presentation of status (NULL or an unknown value gives the
 * "unknown" entry, whose label the caller replaces with the raw value). */
const amb_report_status *amb_report_status_of(const char *status);
/* The entry shown for a sub-goal with no indicator at all. */
const amb_report_status *amb_report_status_unmeasured(void);
/* All known statuses in legend order; *n gets the count. */
const amb_report_status *amb_report_statuses(size_t *n);

/* v with `decimals` digits, the language's decimal mark and thousands
 * grouping ("1.234,5" / "1,234.5"), and a real minus sign.  NaN and
 * infinities give "–". */
void amb_report_fmt_number(double v, int decimals, amb_report_lang lang,
                           char *out, size_t cap);
/* Decimals for showing v: 0 for whole numbers, 2 below 1 in magnitude,
 * else 1. */
int amb_report_auto_decimals(double v);
/* v with a unit: "24,1 %" / "24.1%" for "percent", otherwise the number
 * followed by a space and the unit's short form ("" for counts). */
void amb_report_fmt_value(double v, int decimals, const char *unit,
                          amb_report_lang lang, char *out, size_t cap);
/* The short unit written after numbers ("%" for percent, "" for persons
 * and counts, else the unit itself); never NULL. */
const char *amb_report_unit_suffix(const char *unit);
/* A name for the unit on an axis title ("Procent", "Antal", or the unit). */
const char *amb_report_unit_title(const char *unit, amb_report_lang lang);
/* "2026-11-26T07:35:09Z" -> "2026-11-26 07:35 UTC" (date_only: the date).
 * Text that is not such a time stamp is copied (truncated to cap). */
void amb_report_fmt_time(const char *iso, int date_only, char *out, size_t cap);

#endif
