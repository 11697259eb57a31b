/*
 * report_sections.c - the report's closing sections: data sources with
 * their freshness and provenance, survey progress, and the partners'
 * themes matrix.  Survey and themes appear only when the document has
 * them (non-null).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "report_internal.h"

/* How many provenance entries a source lists before "+N more". */
#define MAX_PROVENANCE 5

static void section_open(const amb_report_ctx *c, const char *id, amb_ui title)
{
    amb_html_rawf(c->w, "<section class=\"appendix\" id=\"%s\" aria-labelledby=\"%s-h\">\n"
                  "<h2 id=\"%s-h\">", id, id, id);
    amb_html_text(c->w, amb_report_t(c, title));
    amb_html_raw(c->w, "</h2>\n");
}

/* A header row from a list of keys. */
static void header_row(const amb_report_ctx *c, const amb_ui *keys, size_t n)
{
    amb_html_raw(c->w, "<thead><tr>");
    for (size_t i = 0; i < n; i++) {
        amb_html_raw(c->w, "<th scope=\"col\">");
        amb_html_text(c->w, amb_report_t(c, keys[i]));
        amb_html_raw(c->w, "</th>");
    }
    amb_html_raw(c->w, "</tr></thead>\n");
}

/* A run status with a symbol, in the report's language. */
typedef struct run_word {
    const char *key, *css, *symbol, *label[2];
} run_word;

static const run_word run_words[] = {
    {"ok", "run-ok", "\xE2\x9C\x93", {"ok", "ok"}},
    {"unchanged", "run-ok", "=", {"uændret", "unchanged"}},
    {"failed", "run-failed", "\xE2\x9C\x97", {"fejlede", "failed"}},
    {"interrupted", "run-failed", "\xE2\x9C\x97", {"afbrudt", "interrupted"}},
    {"running", "run-other", "\xE2\x80\xA6", {"kører", "running"}},
};

/* A run's status word with its symbol; "never" for a source not run. */
static void run_status(const amb_report_ctx *c, const char *status)
{
    if (!status) {
        amb_html_raw(c->w, "<span class=\"muted\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_NEVER));
        amb_html_raw(c->w, "</span>");
        return;
    }
    for (size_t i = 0; i < sizeof run_words / sizeof run_words[0]; i++) {
        if (strcmp(run_words[i].key, status) != 0)
            continue;
        amb_html_rawf(c->w, "<span class=\"%s\"><span aria-hidden=\"true\">%s</span> ",
                      run_words[i].css, run_words[i].symbol);
        amb_html_text(c->w, run_words[i].label[c->lang]);
        amb_html_raw(c->w, "</span>");
        return;
    }
    amb_html_raw(c->w, "<span class=\"run-other\">");
    amb_html_text(c->w, status);
    amb_html_raw(c->w, "</span>");
}

/* A time stamp, or "never" when absent. */
static void when(const amb_report_ctx *c, const char *iso)
{
    char buf[64];
    amb_report_fmt_time(iso, 0, buf, sizeof buf);
    if (*buf) {
        amb_html_text(c->w, buf);
    } else {
        amb_html_raw(c->w, "<span class=\"muted\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_NEVER));
        amb_html_raw(c->w, "</span>");
    }
}

/* A source's provenance: URL or file as text (never a link), fetch time
 * and a short hash, at most MAX_PROVENANCE entries. */
static void provenance(const amb_report_ctx *c, const json_t *prov)
{
    size_t n = prov ? json_array_size(prov) : 0;
    if (n == 0) {
        amb_html_raw(c->w, "\xE2\x80\x93");
        return;
    }
    amb_html_raw(c->w, "<ul class=\"prov\">\n");
    for (size_t i = 0; i < n && i < MAX_PROVENANCE; i++) {
        const json_t *p = json_array_get(prov, i);
        amb_html_raw(c->w, "<li><code class=\"url\">");
        amb_html_text(c->w, amb_report_str(p, "url"));
        amb_html_raw(c->w, "</code><br>");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_FETCHED));
        amb_html_raw(c->w, " ");
        when(c, amb_report_str(p, "fetched_at"));
        const char *hash = amb_report_str(p, "content_hash");
        if (hash) {
            char shortened[16];
            snprintf(shortened, sizeof shortened, "%.12s", hash);
            amb_html_raw(c->w, " \xC2\xB7 ");
            amb_html_text(c->w, amb_report_t(c, AMB_UI_HASH));
            amb_html_raw(c->w, " <code title=\"");
            amb_html_text(c->w, hash);
            amb_html_raw(c->w, "\">");
            amb_html_text(c->w, shortened);
            amb_html_raw(c->w, "</code>");
        }
        amb_html_raw(c->w, "</li>\n");
    }
    if (n > MAX_PROVENANCE) {
        amb_html_raw(c->w, "<li>");
        amb_html_textf(c->w, "+%zu %s", n - MAX_PROVENANCE, amb_report_t(c, AMB_UI_MORE));
        amb_html_raw(c->w, "</li>\n");
    }
    amb_html_raw(c->w, "</ul>");
}

void amb_report_sources(const amb_report_ctx *c)
{
    section_open(c, "sources", AMB_UI_SOURCES);
    const json_t *src = amb_report_arr(c->doc, "sources");
    amb_html_raw(c->w, "<table class=\"sources\">\n<caption>");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_SOURCES_INTRO));
    amb_html_raw(c->w, "</caption>\n");
    static const amb_ui cols[] = {AMB_UI_SOURCE, AMB_UI_PLUGIN, AMB_UI_DATASETS,
                                  AMB_UI_LAST_RUN, AMB_UI_LAST_SUCCESS,
                                  AMB_UI_PROVENANCE};
    header_row(c, cols, sizeof cols / sizeof cols[0]);
    amb_html_raw(c->w, "<tbody>\n");
    for (size_t i = 0; src && i < json_array_size(src); i++) {
        const json_t *s = json_array_get(src, i);
        amb_html_raw(c->w, "<tr><th scope=\"row\">");
        amb_html_text(c->w, amb_report_str(s, "name"));
        amb_html_raw(c->w, "</th><td>");
        amb_html_text(c->w, amb_report_str(s, "plugin"));
        amb_html_raw(c->w, "</td><td>");
        const json_t *ds = amb_report_arr(s, "datasets");
        for (size_t j = 0; ds && j < json_array_size(ds); j++) {
            const char *d = json_string_value(json_array_get(ds, j));
            if (!d)
                continue;
            amb_html_raw(c->w, j ? ", <code>" : "<code>");
            amb_html_text(c->w, d);
            amb_html_raw(c->w, "</code>");
        }
        amb_html_raw(c->w, "</td><td>");
        run_status(c, amb_report_str(s, "last_status"));
        if (amb_report_str(s, "last_run_at")) {
            amb_html_raw(c->w, "<br>");
            when(c, amb_report_str(s, "last_run_at"));
        }
        const char *last_error = amb_report_str(s, "last_error");
        if (last_error) {
            amb_html_raw(c->w, "<br><span class=\"run-error\">");
            amb_html_text(c->w, last_error);
            amb_html_raw(c->w, "</span>");
        }
        amb_html_raw(c->w, "</td><td>");
        when(c, amb_report_str(s, "last_success_at"));
        amb_html_raw(c->w, "</td><td>");
        provenance(c, amb_report_arr(s, "provenance"));
        amb_html_raw(c->w, "</td></tr>\n");
    }
    if (!src || json_array_size(src) == 0) {
        amb_html_raw(c->w, "<tr><td colspan=\"6\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_NO_DATA));
        amb_html_raw(c->w, "</td></tr>\n");
    }
    amb_html_raw(c->w, "</tbody>\n</table>\n</section>\n");
}

/* A whole number from obj[key] as a cell, or "–". */
static void count_cell(const amb_report_ctx *c, const json_t *obj, const char *key)
{
    double v;
    char num[64];
    amb_html_raw(c->w, "<td class=\"n\">");
    if (amb_report_num(obj, key, &v)) {
        amb_report_fmt_number(v, 0, c->lang, num, sizeof num);
        amb_html_text(c->w, num);
    } else {
        amb_html_raw(c->w, "\xE2\x80\x93");
    }
    amb_html_raw(c->w, "</td>");
}

void amb_report_survey(const amb_report_ctx *c)
{
    const json_t *survey = json_object_get(c->doc, "survey");
    if (!json_is_object(survey))
        return;
    section_open(c, "survey", AMB_UI_SURVEY);
    amb_html_raw(c->w, "<table class=\"survey\">\n<caption>");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_SURVEY_INTRO));
    amb_html_raw(c->w, "</caption>\n");
    static const amb_ui cols[] = {AMB_UI_CAMPAIGN, AMB_UI_INVITED, AMB_UI_OPENED,
                                  AMB_UI_PARTIAL, AMB_UI_COMPLETE, AMB_UI_OPTED_OUT,
                                  AMB_UI_MAIL_FAILED, AMB_UI_RESPONSE_RATE,
                                  AMB_UI_CLOSES};
    static const char *const keys[] = {"invited", "opened", "partial", "complete",
                                       "opted_out", "mail_failed"};
    header_row(c, cols, sizeof cols / sizeof cols[0]);
    amb_html_raw(c->w, "<tbody>\n");
    const json_t *camps = amb_report_arr(survey, "campaigns");
    for (size_t i = 0; camps && i < json_array_size(camps); i++) {
        const json_t *k = json_array_get(camps, i);
        amb_html_raw(c->w, "<tr><th scope=\"row\">");
        const char *title = amb_report_str(k, "title");
        amb_html_text(c->w, title ? title : amb_report_str(k, "name"));
        if (title && amb_report_str(k, "name")) {
            amb_html_raw(c->w, " <code>");
            amb_html_text(c->w, amb_report_str(k, "name"));
            amb_html_raw(c->w, "</code>");
        }
        amb_html_raw(c->w, "</th>");
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++)
            count_cell(c, k, keys[j]);
        double invited, complete;
        amb_html_raw(c->w, "<td class=\"rate\">");
        if (amb_report_num(k, "invited", &invited) && invited > 0 &&
            amb_report_num(k, "complete", &complete) && complete >= 0) {
            double pct = 100 * complete / invited;
            char num[64];
            amb_report_fmt_value(pct, 0, "percent", c->lang, num, sizeof num);
            amb_html_rawf(c->w, "<meter min=\"0\" max=\"100\" value=\"%.1f\">",
                          pct > 100 ? 100 : pct);
            amb_html_text(c->w, num);
            amb_html_raw(c->w, "</meter> ");
            amb_html_text(c->w, num);
        } else {
            amb_html_raw(c->w, "\xE2\x80\x93");
        }
        amb_html_raw(c->w, "</td><td class=\"date\">");
        const char *closes = amb_report_str(k, "closes");
        amb_html_text(c->w, closes ? closes : "\xE2\x80\x93");
        amb_html_raw(c->w, "</td></tr>\n");
    }
    if (!camps || json_array_size(camps) == 0) {
        amb_html_raw(c->w, "<tr><td colspan=\"9\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_NO_DATA));
        amb_html_raw(c->w, "</td></tr>\n");
    }
    amb_html_raw(c->w, "</tbody>\n</table>\n</section>\n");
}

/* Does the array of strings contain s? */
static int has_string(const json_t *arr, const char *s)
{
    for (size_t i = 0; arr && s && i < json_array_size(arr); i++) {
        const char *v = json_string_value(json_array_get(arr, i));
        if (v && strcmp(v, s) == 0)
            return 1;
    }
    return 0;
}

void amb_report_themes(const amb_report_ctx *c)
{
    const json_t *themes = json_object_get(c->doc, "themes");
    if (!json_is_object(themes))
        return;
    const json_t *orgs = amb_report_arr(themes, "organisations");
    const json_t *list = amb_report_arr(themes, "themes");
    section_open(c, "themes", AMB_UI_THEMES);
    amb_html_raw(c->w, "<table class=\"themes\">\n<caption>");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_THEMES_INTRO));
    amb_html_raw(c->w, "</caption>\n<thead><tr><th scope=\"col\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_THEME));
    amb_html_raw(c->w, "</th>");
    for (size_t j = 0; orgs && j < json_array_size(orgs); j++) {
        amb_html_raw(c->w, "<th scope=\"col\">");
        amb_html_text(c->w, json_string_value(json_array_get(orgs, j)));
        amb_html_raw(c->w, "</th>");
    }
    amb_html_raw(c->w, "<th scope=\"col\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_ORGANISATIONS));
    amb_html_raw(c->w, "</th><th scope=\"col\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_SUBGOAL));
    amb_html_raw(c->w, "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; list && i < json_array_size(list); i++) {
        const json_t *t = json_array_get(list, i);
        const json_t *members = amb_report_arr(t, "organisations");
        amb_html_raw(c->w, "<tr><th scope=\"row\">");
        const char *title = amb_report_text(t, "title", c->lang);
        amb_html_text(c->w, title ? title : amb_report_str(t, "id"));
        amb_html_raw(c->w, "</th>");
        for (size_t j = 0; orgs && j < json_array_size(orgs); j++) {
            int yes = has_string(members, json_string_value(json_array_get(orgs, j)));
            amb_html_raw(c->w, yes ? "<td class=\"dot\"><span aria-hidden=\"true\">"
                                     "\xE2\x97\x8F</span><span class=\"sr\">"
                                   : "<td class=\"dot\"><span class=\"sr\">");
            amb_html_text(c->w, amb_report_t(c, yes ? AMB_UI_YES : AMB_UI_NO));
            amb_html_raw(c->w, "</span></td>");
        }
        double count;
        if (!amb_report_num(t, "count", &count))
            count = members ? (double)json_array_size(members) : 0;
        char num[64];
        amb_report_fmt_number(count, 0, c->lang, num, sizeof num);
        amb_html_raw(c->w, "<td class=\"n\">");
        amb_html_text(c->w, num);
        amb_html_raw(c->w, "</td><td>");
        const json_t *sgs = amb_report_arr(t, "subgoals");
        for (size_t j = 0; sgs && j < json_array_size(sgs); j++) {
            const char *sg = json_string_value(json_array_get(sgs, j));
            if (!sg)
                continue;
            amb_html_raw(c->w, j ? ", " : "");
            amb_html_text(c->w, sg);
        }
        amb_html_raw(c->w, "</td></tr>\n");
    }
    if (!list || json_array_size(list) == 0) {
        amb_html_rawf(c->w, "<tr><td colspan=\"%zu\">",
                      (orgs ? json_array_size(orgs) : 0) + 3);
        amb_html_text(c->w, amb_report_t(c, AMB_UI_NO_DATA));
        amb_html_raw(c->w, "</td></tr>\n");
    }
    amb_html_raw(c->w, "</tbody>\n</table>\n</section>\n");
}
