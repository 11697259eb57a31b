/*
 * report_text.c - the report's string table, status presentation and
 * number/time formatting (see report_text.h).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_text.h"

amb_report_lang amb_report_lang_of(const char *code)
{
    return code && strcmp(code, "en") == 0 ? AMB_LANG_EN : AMB_LANG_DA;
}

const char *amb_report_lang_code(amb_report_lang lang)
{
    return lang == AMB_LANG_EN ? "en" : "da";
}

/* Danish first, English second; a missing entry is caught by the unit
 * test that walks every key. */
static const char *const ui_text[AMB_UI_COUNT][2] = {
    [AMB_UI_REPORT_TITLE] = {"Indikatorrapport", "Indicator report"},
    [AMB_UI_GENERATED] = {"Dannet", "Generated"},
    [AMB_UI_WORKSPACE] = {"Arbejdsområde", "Workspace"},
    [AMB_UI_SAMPLE_BANNER] = {"EKSEMPELDATA \xE2\x80\x93 SAMPLE DATA", "SAMPLE DATA"},
    [AMB_UI_SAMPLE_TEXT] = {
        "Rapporten er dannet af opdigtede eksempeltal. Den viser, hvordan "
        "rapporten ser ud, og må ikke bruges som beslutningsgrundlag.",
        "This report was built from invented sample figures. It shows what "
        "the report looks like and must not be used for decisions."},
    [AMB_UI_CONTENTS] = {"Indhold", "Contents"},
    [AMB_UI_OVERVIEW] = {"Overblik", "Overview"},
    [AMB_UI_OVERVIEW_INTRO] = {
        "Ambitionens fire fokusområder og den strukturelle forudsætning, med "
        "status for hvert delmål og dets indikatorer.",
        "The ambition's four focus areas and the structural prerequisite, "
        "with the status of each sub-goal and its indicators."},
    [AMB_UI_HOW_TO_READ] = {"Sådan læses status", "How to read the status"},
    [AMB_UI_METHOD_TEXT] = {
        "Status sammenligner udviklingen fra basisåret til seneste periode med "
        "den udvikling, målet kræver. R er den observerede årlige vækstrate "
        "(CAGR) delt med den krævede; uden mål bruges vækstraten selv. "
        "Metoden følger Eurostat og Open SDG.",
        "Status compares the change from the baseline year to the latest "
        "period with the change the target requires. R is the observed "
        "compound annual growth rate (CAGR) divided by the required one; "
        "without a target the growth rate itself is used. The method follows "
        "Eurostat and Open SDG."},
    [AMB_UI_PARTNERS] = {"Partnere", "Partners"},
    [AMB_UI_PREREQUISITE] = {"Strukturel forudsætning", "Structural prerequisite"},
    [AMB_UI_FOCUS_AREA] = {"Fokusområde", "Focus area"},
    [AMB_UI_GOAL] = {"Mål", "Goal"},
    [AMB_UI_SUBGOAL] = {"Delmål", "Sub-goal"},
    [AMB_UI_SUBGOAL_STATUS] = {"Status for delmålet", "Sub-goal status"},
    [AMB_UI_INDICATORS] = {"Indikatorer", "Indicators"},
    [AMB_UI_INDICATOR] = {"Indikator", "Indicator"},
    [AMB_UI_NO_INDICATORS] = {"Ingen indikator måler dette delmål endnu.",
                              "No indicator measures this sub-goal yet."},
    [AMB_UI_FIGURES] = {"Tal fra ambitionen", "Figures from the ambition"},
    [AMB_UI_COVERAGE] = {"Dækning og aktualitet", "Coverage and freshness"},
    [AMB_UI_COVERAGE_INTRO] = {
        "Hvilke delmål der måles, af hvilke indikatorer, og hvor nye data er.",
        "Which sub-goals are measured, by which indicators, and how recent "
        "the data are."},
    [AMB_UI_LAST_PERIOD] = {"Seneste periode", "Latest period"},
    [AMB_UI_COLLECTED] = {"Indsamlet", "Collected"},
    [AMB_UI_STATUS] = {"Status", "Status"},
    [AMB_UI_OTHER_INDICATORS] = {"Øvrige indikatorer", "Other indicators"},
    [AMB_UI_LATEST] = {"Seneste værdi", "Latest value"},
    [AMB_UI_BASELINE] = {"Basis", "Baseline"},
    [AMB_UI_TARGET] = {"Mål", "Target"},
    [AMB_UI_CHANGE] = {"Ændring siden basis", "Change since baseline"},
    [AMB_UI_NO_TARGET] = {"intet mål", "no target"},
    [AMB_UI_NO_BASELINE] = {"ingen basis", "no baseline"},
    [AMB_UI_DIRECTION] = {"Retning", "Direction"},
    [AMB_UI_HIGHER_BETTER] = {"højere er bedre", "higher is better"},
    [AMB_UI_LOWER_BETTER] = {"lavere er bedre", "lower is better"},
    [AMB_UI_UNIT] = {"Enhed", "Unit"},
    [AMB_UI_DATA] = {"Data", "Data"},
    [AMB_UI_SOURCE_NOTE] = {"Kilde", "Source"},
    [AMB_UI_METHOD_R] = {"R (fremdrift i forhold til det krævede)",
                         "R (progress relative to the required)"},
    [AMB_UI_METHOD_CAGR] = {"Observeret årlig vækst (CAGR)",
                            "Observed annual growth (CAGR)"},
    [AMB_UI_METHOD_REQUIRED] = {"Krævet årlig vækst", "Required annual growth"},
    [AMB_UI_ERROR] = {"Fejl", "Error"},
    [AMB_UI_ERROR_TEXT] = {"Indikatoren kunne ikke beregnes:",
                           "The indicator could not be computed:"},
    [AMB_UI_TREND] = {"Udvikling", "Trend"},
    [AMB_UI_TREND_TABLE] = {"Tallene bag udviklingen", "The numbers behind the trend"},
    [AMB_UI_COMPARISON] = {"Kommunerne sammenlignet", "Municipalities compared"},
    [AMB_UI_COMPARISON_TABLE] = {"Kommunerne i rækkefølge", "Municipalities ranked"},
    [AMB_UI_AREA] = {"Område", "Area"},
    [AMB_UI_PERIOD] = {"Periode", "Period"},
    [AMB_UI_VALUE] = {"Værdi", "Value"},
    [AMB_UI_RANK] = {"Nr.", "Rank"},
    [AMB_UI_NO_DATA] = {"Ingen data", "No data"},
    [AMB_UI_GAP_NOTE] = {"Brud i kurven: ingen offentliggjort værdi for",
                         "Gap in the line: no published value for"},
    [AMB_UI_MISSING] = {"mangler", "missing"},
    [AMB_UI_SUPPRESSED] = {"fortrolig (diskretioneret)", "confidential (suppressed)"},
    [AMB_UI_NOT_PUBLISHED] = {"ikke offentliggjort", "not published"},
    [AMB_UI_SOURCES] = {"Datakilder", "Data sources"},
    [AMB_UI_SOURCES_INTRO] = {
        "Hver kilde med seneste kørsel, seneste vellykkede indsamling og "
        "hvor data kom fra.",
        "Each source with its latest run, latest successful collection and "
        "where the data came from."},
    [AMB_UI_SOURCE] = {"Kilde", "Source"},
    [AMB_UI_PLUGIN] = {"Plugin", "Plugin"},
    [AMB_UI_DATASETS] = {"Datasæt", "Datasets"},
    [AMB_UI_LAST_RUN] = {"Seneste kørsel", "Latest run"},
    [AMB_UI_LAST_SUCCESS] = {"Seneste vellykkede indsamling",
                             "Latest successful collection"},
    [AMB_UI_PROVENANCE] = {"Oprindelse", "Provenance"},
    [AMB_UI_FETCHED] = {"hentet", "fetched"},
    [AMB_UI_HASH] = {"SHA-256", "SHA-256"},
    [AMB_UI_NEVER] = {"aldrig", "never"},
    [AMB_UI_SURVEY] = {"Spørgeskemaundersøgelser", "Surveys"},
    [AMB_UI_SURVEY_INTRO] = {
        "Fremdrift for hver kampagne: inviterede virksomheder og deres besvarelser.",
        "Progress of each campaign: companies invited and their responses."},
    [AMB_UI_CAMPAIGN] = {"Kampagne", "Campaign"},
    [AMB_UI_INVITED] = {"Inviteret", "Invited"},
    [AMB_UI_OPENED] = {"Åbnet", "Opened"},
    [AMB_UI_PARTIAL] = {"Delvist besvaret", "Partial"},
    [AMB_UI_COMPLETE] = {"Gennemført", "Complete"},
    [AMB_UI_OPTED_OUT] = {"Frameldt", "Opted out"},
    [AMB_UI_MAIL_FAILED] = {"Mail fejlede", "Mail failed"},
    [AMB_UI_CLOSES] = {"Lukker", "Closes"},
    [AMB_UI_RESPONSE_RATE] = {"Svarprocent", "Response rate"},
    [AMB_UI_THEMES] = {"Partnernes fælles temaer", "The partners' common themes"},
    [AMB_UI_THEMES_INTRO] = {
        "Hvilke partnere der arbejder med hvert tema, fundet i deres "
        "strategidokumenter.",
        "Which partners work on each theme, as found in their strategy "
        "documents."},
    [AMB_UI_THEME] = {"Tema", "Theme"},
    [AMB_UI_ORGANISATIONS] = {"Antal organisationer", "Organisations"},
    [AMB_UI_YES] = {"ja", "yes"},
    [AMB_UI_NO] = {"nej", "no"},
    [AMB_UI_MORE] = {"flere", "more"},
    [AMB_UI_UNMEASURED] = {"Ikke målt", "Not measured"},
    [AMB_UI_X_AXIS] = {"Periode", "Period"},
    [AMB_UI_LEGEND_MISSING] = {"ingen værdi", "no value"},
    [AMB_UI_PP] = {"procentpoint", "percentage points"},
    [AMB_UI_ID] = {"Id", "Id"},
    [AMB_UI_HIGHEST] = {"højeste kommune", "highest municipality"},
    [AMB_UI_LOWEST] = {"laveste kommune", "lowest municipality"},
    [AMB_UI_NOT_IN_CHART] = {"uden offentliggjort værdi", "without a published value"},
    [AMB_UI_FOOTER] = {
        "Dannet af ambit. Alle tal i figurerne står også i tabellerne ved "
        "siden af dem.",
        "Generated by ambit. Every number in the charts is also in the table "
        "beside it."},
};

const char *amb_report_ui(amb_report_lang lang, amb_ui key)
{
    if ((int)key < 0 || key >= AMB_UI_COUNT)
        return "";
    const char *s = ui_text[key][lang == AMB_LANG_EN ? 1 : 0];
    return s ? s : "";
}

/* Symbols are distinct shapes so that status survives grey-scale print;
 * the label always accompanies them. */
static const amb_report_status statuses[] = {
    {"achieved", "st-achieved", "\xE2\x98\x85",
     {"Mål nået", "Target achieved"}},
    {"on_track", "st-on_track", "\xE2\x9C\x93",
     {"På rette spor", "On track"}},
    {"moderate", "st-moderate", "\xE2\x97\x90",
     {"Moderat fremgang", "Moderate progress"}},
    {"insufficient", "st-insufficient", "\xE2\x96\xBD",
     {"Utilstrækkelig fremgang", "Insufficient progress"}},
    {"moving_away", "st-moving_away", "\xE2\x9C\x97",
     {"Bevæger sig væk", "Moving away"}},
    {"insufficient_data", "st-insufficient_data", "?",
     {"For få data", "Insufficient data"}},
    {"error", "st-error", "!",
     {"Fejl", "Error"}},
};

static const amb_report_status status_unknown = {
    "unknown", "st-unknown", "\xC2\xB7", {"Ukendt status", "Unknown status"}};

static const amb_report_status status_unmeasured = {
    "unmeasured", "st-unmeasured", "\xE2\x97\x8B", {"Ikke målt", "Not measured"}};

const amb_report_status *amb_report_status_of(const char *status)
{
    for (size_t i = 0; status && i < sizeof statuses / sizeof statuses[0]; i++)
        if (strcmp(statuses[i].key, status) == 0)
            return &statuses[i];
    return &status_unknown;
}

const amb_report_status *amb_report_status_unmeasured(void)
{
    return &status_unmeasured;
}

const amb_report_status *amb_report_statuses(size_t *n)
{
    *n = sizeof statuses / sizeof statuses[0];
    return statuses;
}

void amb_report_fmt_number(double v, int decimals, amb_report_lang lang,
                           char *out, size_t cap)
{
    if (cap == 0)
        return;
    if (!isfinite(v)) {
        snprintf(out, cap, "\xE2\x80\x93");
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    /* A value that rounds to zero loses its sign ("-0,0" reads oddly). */
    int negative = v < 0 && strspn(digits, "0.") != strlen(digits);
    const char *dot = strchr(digits, '.');
    size_t intlen = dot ? (size_t)(dot - digits) : strlen(digits);
    char group = lang == AMB_LANG_EN ? ',' : '.';
    char mark = lang == AMB_LANG_EN ? '.' : ',';
    char buf[96];
    size_t j = 0;
    if (negative) {
        /* U+2212 MINUS SIGN */
        memcpy(buf, "\xE2\x88\x92", 3);
        j = 3;
    }
    for (size_t i = 0; i < intlen; i++) {
        buf[j++] = digits[i];
        size_t left = intlen - i - 1;
        if (left > 0 && left % 3 == 0)
            buf[j++] = group;
    }
    if (dot) {
        buf[j++] = mark;
        for (const char *p = dot + 1; *p; p++)
            buf[j++] = *p;
    }
    buf[j] = '\0';
    snprintf(out, cap, "%s", buf);
}

int amb_report_auto_decimals(double v)
{
    if (!isfinite(v) || v == floor(v))
        return 0;
    return fabs(v) < 1 ? 2 : 1;
}

const char *amb_report_unit_suffix(const char *unit)
{
    if (!unit)
        return "";
    if (strcmp(unit, "percent") == 0 || strcmp(unit, "%") == 0)
        return "%";
    if (strcmp(unit, "persons") == 0 || strcmp(unit, "count") == 0 ||
        strcmp(unit, "number") == 0)
        return "";
    return unit;
}

const char *amb_report_unit_title(const char *unit, amb_report_lang lang)
{
    int en = lang == AMB_LANG_EN;
    if (!unit || !*unit)
        return en ? "Value" : "Værdi";
    if (strcmp(unit, "percent") == 0 || strcmp(unit, "%") == 0)
        return en ? "Percent (%)" : "Procent (%)";
    if (strcmp(unit, "persons") == 0)
        return en ? "Persons" : "Personer";
    if (strcmp(unit, "count") == 0 || strcmp(unit, "number") == 0)
        return en ? "Number" : "Antal";
    return unit;
}

void amb_report_fmt_value(double v, int decimals, const char *unit,
                          amb_report_lang lang, char *out, size_t cap)
{
    char num[96];
    amb_report_fmt_number(v, decimals, lang, num, sizeof num);
    const char *suffix = isfinite(v) ? amb_report_unit_suffix(unit) : "";
    if (!*suffix)
        snprintf(out, cap, "%s", num);
    else if (strcmp(suffix, "%") == 0 && lang == AMB_LANG_EN)
        snprintf(out, cap, "%s%%", num);
    else
        /* U+00A0 NO-BREAK SPACE keeps number and unit on one line. */
        snprintf(out, cap, "%s\xC2\xA0%s", num, suffix);
}

/* True when s[0..n) are all ASCII digits. */
static int digits_at(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

void amb_report_fmt_time(const char *iso, int date_only, char *out, size_t cap)
{
    if (cap == 0)
        return;
    if (!iso) {
        out[0] = '\0';
        return;
    }
    size_t n = strlen(iso);
    int is_time = n >= 16 && digits_at(iso, 4) && iso[4] == '-' &&
                  digits_at(iso + 5, 2) && iso[7] == '-' && digits_at(iso + 8, 2) &&
                  (iso[10] == 'T' || iso[10] == ' ') && digits_at(iso + 11, 2) &&
                  iso[13] == ':' && digits_at(iso + 14, 2);
    if (!is_time) {
        snprintf(out, cap, "%s", iso);
        return;
    }
    if (date_only)
        snprintf(out, cap, "%.10s", iso);
    else
        snprintf(out, cap, "%.10s %.5s%s", iso, iso + 11,
                 iso[n - 1] == 'Z' ? " UTC" : "");
}
