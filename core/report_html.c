/*
 * report_html.c - the report page: head and style, the SAMPLE DATA banner,
 * the table of contents, the sections in order, and the small pieces the
 * sections share (badges, anchors).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_html.h"
#include "report_internal.h"

const char *amb_report_t(const amb_report_ctx *c, amb_ui key)
{
    return amb_report_ui(c->lang, key);
}

void amb_report_badge(const amb_report_ctx *c, const char *status)
{
    const amb_report_status *st = status ? amb_report_status_of(status)
                                         : amb_report_status_unmeasured();
    amb_html_rawf(c->w, "<span class=\"badge %s\"><span class=\"sym\" "
                  "aria-hidden=\"true\">%s</span> ", st->css, st->symbol);
    if (strcmp(st->key, "unknown") == 0)
        amb_html_text(c->w, status);
    else
        amb_html_text(c->w, st->label[c->lang]);
    amb_html_raw(c->w, "</span>");
}

void amb_report_indicator_badge(const amb_report_ctx *c, const json_t *ind)
{
    if (amb_report_str(ind, "error")) {
        amb_report_badge(c, "error");
        return;
    }
    const char *st = amb_report_str(amb_report_headline_status(c->doc, ind),
                                    "status");
    amb_report_badge(c, st ? st : "insufficient_data");
}

void amb_report_anchor(const amb_report_ctx *c, size_t idx, char *out,
                       size_t cap)
{
    const json_t *inds = amb_report_arr(c->doc, "indicators");
    const char *id = amb_report_str(json_array_get(inds, idx), "id");
    char clean[80];
    int ok = amb_html_id_part(id, clean, sizeof clean);
    for (size_t i = 0; ok && i < idx; i++) {
        const char *other = amb_report_str(json_array_get(inds, i), "id");
        if (other && strcmp(other, id) == 0)
            ok = 0;
    }
    if (ok)
        snprintf(out, cap, "ind-%s", clean);
    else
        snprintf(out, cap, "ind-n%zu", idx);
}

int amb_report_in_subgoal(const json_t *ind, const char *id)
{
    const char *sg = amb_report_str(ind, "subgoal");
    return sg && id && strcmp(sg, id) == 0;
}

int amb_report_baseline(const amb_report_ctx *c, const json_t *ind,
                        const char **period, double *value)
{
    const json_t *base = amb_report_obj(ind, "baseline");
    *period = amb_report_str(base, "period");
    if (*period && amb_report_num(base, "value", value))
        return 1;
    const json_t *st = amb_report_headline_status(c->doc, ind);
    if (!amb_report_num(st, "baseline_value", value))
        return 0;
    if (amb_report_str(st, "baseline_period"))
        *period = amb_report_str(st, "baseline_period");
    return *period != NULL;
}

int amb_report_decimals(const json_t *ind)
{
    int d = 0;
    const json_t *series = amb_report_arr(ind, "series");
    for (size_t i = 0; series && i < json_array_size(series); i++) {
        const json_t *pts = amb_report_arr(json_array_get(series, i), "points");
        for (size_t j = 0; pts && j < json_array_size(pts); j++) {
            double v;
            if (amb_report_num(json_array_get(pts, j), "value", &v)) {
                int k = amb_report_auto_decimals(v);
                d = k > d ? k : d;
            }
        }
    }
    return d > 2 ? 2 : d;
}

/* <head>: charset, title, the style sheet, and an empty icon so that no
 * browser goes looking for favicon.ico. */
static void write_head(const amb_report_ctx *c, const char *title)
{
    amb_html_rawf(c->w, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                  "<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, "
                  "initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"ambit %s\">\n"
                  "<link rel=\"icon\" href=\"data:,\">\n<title>",
                  amb_report_lang_code(c->lang), PACKAGE_VERSION);
    amb_html_text(c->w, title);
    amb_html_raw(c->w, " \xE2\x80\x93 ");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_REPORT_TITLE));
    amb_html_raw(c->w, "</title>\n<style>\n");
    amb_html_raw(c->w, amb_report_css());
    amb_html_raw(c->w, "</style>\n</head>\n");
}

/* The page header: the SAMPLE DATA banner (and its print mark) when the
 * document is built from sample data, the title, subtitle and metadata. */
static void write_header(const amb_report_ctx *c, const char *title)
{
    const json_t *doc = c->doc;
    char when[64];
    amb_report_fmt_time(amb_report_str(doc, "generated_at"), 0, when, sizeof when);
    amb_html_raw(c->w, "<header class=\"page\">\n");
    if (json_is_true(json_object_get(doc, "sample_data"))) {
        amb_html_raw(c->w, "<div class=\"sample\" role=\"note\"><p class=\"sample-title\">"
                     "<span aria-hidden=\"true\">\xE2\x9A\xA0 </span>");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_SAMPLE_BANNER));
        amb_html_raw(c->w, "</p><p>");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_SAMPLE_TEXT));
        amb_html_raw(c->w, "</p></div>\n<p class=\"sample-print\" aria-hidden=\"true\">");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_SAMPLE_BANNER));
        amb_html_raw(c->w, "</p>\n");
    }
    amb_html_raw(c->w, "<p class=\"kicker\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_REPORT_TITLE));
    amb_html_raw(c->w, "</p>\n<h1>");
    amb_html_text(c->w, title);
    amb_html_raw(c->w, "</h1>\n");
    const char *subtitle = amb_report_text(amb_report_obj(doc, "ambition"), "subtitle",
                                           c->lang);
    if (subtitle) {
        amb_html_raw(c->w, "<p class=\"subtitle\">");
        amb_html_text(c->w, subtitle);
        amb_html_raw(c->w, "</p>\n");
    }
    amb_html_raw(c->w, "<p class=\"meta\">");
    const char *region = amb_report_str(amb_report_obj(amb_report_obj(doc, "ambition"),
                                                       "region"), "name");
    if (region) {
        amb_html_text(c->w, region);
        amb_html_raw(c->w, " \xC2\xB7 ");
    }
    amb_html_text(c->w, amb_report_t(c, AMB_UI_GENERATED));
    amb_html_raw(c->w, " ");
    amb_html_text(c->w, *when ? when : "\xE2\x80\x93");
    const char *ws = amb_report_str(doc, "workspace");
    if (ws) {
        amb_html_raw(c->w, " \xC2\xB7 ");
        amb_html_text(c->w, amb_report_t(c, AMB_UI_WORKSPACE));
        amb_html_raw(c->w, " <code>");
        amb_html_text(c->w, ws);
        amb_html_raw(c->w, "</code>");
    }
    amb_html_raw(c->w, "</p>\n</header>\n");
}

/* One entry of the table of contents. */
static void toc_item(const amb_report_ctx *c, const char *href, const char *num,
                     const char *text)
{
    amb_html_rawf(c->w, "<li><a href=\"#%s\">", href);
    if (num) {
        amb_html_text(c->w, num);
        amb_html_raw(c->w, " ");
    }
    amb_html_text(c->w, text);
    amb_html_raw(c->w, "</a></li>\n");
}

/* The table of contents; its anchors are the ids the sections write. */
static void write_toc(const amb_report_ctx *c)
{
    const json_t *amb = amb_report_obj(c->doc, "ambition");
    amb_html_raw(c->w, "<nav class=\"toc\" aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">");
    amb_html_text(c->w, amb_report_t(c, AMB_UI_CONTENTS));
    amb_html_raw(c->w, "</h2>\n<ol>\n");
    toc_item(c, "overview", NULL, amb_report_t(c, AMB_UI_OVERVIEW));
    toc_item(c, "coverage", NULL, amb_report_t(c, AMB_UI_COVERAGE));
    const json_t *pre = amb_report_obj(amb, "prerequisite");
    if (pre)
        toc_item(c, "fa-pre", amb_report_str(pre, "id"),
                 amb_report_text(pre, "title", c->lang));
    const json_t *areas = amb_report_arr(amb, "focus_areas");
    for (size_t i = 0; areas && i < json_array_size(areas); i++) {
        const json_t *fa = json_array_get(areas, i);
        char href[32];
        snprintf(href, sizeof href, "fa-%zu", i);
        toc_item(c, href, amb_report_str(fa, "id"), amb_report_text(fa, "title", c->lang));
    }
    toc_item(c, "sources", NULL, amb_report_t(c, AMB_UI_SOURCES));
    if (json_is_object(json_object_get(c->doc, "survey")))
        toc_item(c, "survey", NULL, amb_report_t(c, AMB_UI_SURVEY));
    if (json_is_object(json_object_get(c->doc, "themes")))
        toc_item(c, "themes", NULL, amb_report_t(c, AMB_UI_THEMES));
    amb_html_raw(c->w, "</ol>\n</nav>\n");
}

int amb_report_write_html(const json_t *doc, FILE *out, amb_error *err)
{
    if (!json_is_object(doc))
        return amb_error_set(err, AMB_EPARSE, "the report data document is not a JSON object");
    amb_html w;
    amb_html_init(&w, out);
    amb_report_ctx c = {&w, doc, amb_report_lang_of(amb_report_str(doc, "lang")),
                        amb_report_region_code(doc)};
    const char *title = amb_report_str(amb_report_obj(doc, "ambition"), "title");
    if (!title)
        title = "ambit";

    write_head(&c, title);
    amb_html_raw(&w, "<body>\n");
    write_header(&c, title);
    write_toc(&c);
    amb_html_raw(&w, "<main>\n");
    amb_report_overview(&c);
    amb_report_coverage(&c);
    amb_report_indicators(&c);
    amb_report_sources(&c);
    amb_report_survey(&c);
    amb_report_themes(&c);
    amb_html_raw(&w, "</main>\n<footer class=\"page\"><p>");
    amb_html_text(&w, amb_report_t(&c, AMB_UI_FOOTER));
    amb_html_rawf(&w, " ambit %s.</p></footer>\n</body>\n</html>\n", PACKAGE_VERSION);
    if (amb_html_finish(&w) != 0)
        return amb_error_set(err, AMB_EIO, "writing the HTML failed");
    return 0;
}
