/*
 * form_html.c - `ambit form preview`: the whole form as one static,
 * accessible HTML page.
 *
 * No scripts and no external assets: every page of the form is a section,
 * every input has a <label for>, choice groups and matrices are fieldsets
 * with a legend, hints are linked with aria-describedby, and skip logic is
 * spelled out in words beside the question it governs.  Every string from
 * the form goes through the html_writer escaper (ids and codes included,
 * always inside quoted attributes).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "form_internal.h"
#include "html_writer.h"

static const char css[] =
    "body{font-family:system-ui,sans-serif;max-width:46em;margin:0 auto;"
    "padding:1em;line-height:1.5;color:#1a1a1a}"
    "section{border-top:2px solid #0b5394;margin-top:2em}"
    "fieldset,.q{border:1px solid #bbb;border-radius:4px;margin:1em 0;"
    "padding:.75em}legend,label.l{font-weight:600}"
    ".hint{color:#444;margin:.25em 0}.rel{font-style:italic;color:#444}"
    ".req{color:#a00}table{border-collapse:collapse}"
    "th,td{padding:.25em .5em;text-align:center}th[scope=row]{text-align:left}"
    "input[type=text],input[type=number],textarea,select{width:100%;"
    "max-width:30em;font:inherit;padding:.25em}"
    "input:focus,select:focus,textarea:focus{outline:3px solid #f90}"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}";

typedef struct pv {
    amb_html w;
    const amb_form *f;
    const char *lang;
    int en;
} pv;

static void t(pv *p, const amb_form_text *x)
{
    amb_html_text(&p->w, amb_form_tr(x, p->lang));
}

/* An attribute value from the form: escaped inside the quotes. */
static void attr(pv *p, const char *name, const char *value)
{
    amb_html_rawf(&p->w, " %s=\"", name);
    amb_html_text(&p->w, value);
    amb_html_raw(&p->w, "\"");
}

static void describe_rel(pv *p, const amb_form_rel *r)
{
    static const char *const ops[] = {"=", "≠", ">", "≥", "<", "≤"};
    if (r->op == AMB_REL_ALL || r->op == AMB_REL_ANY ||
        r->op == AMB_REL_NONE) {
        const char *join = r->op == AMB_REL_ALL ? (p->en ? " and " : " og ")
                                                : (p->en ? " or " : " eller ");
        if (r->op == AMB_REL_NONE)
            amb_html_raw(&p->w, p->en ? "not (" : "ikke (");
        for (size_t i = 0; i < r->nkids; i++) {
            if (i)
                amb_html_raw(&p->w, join);
            amb_html_raw(&p->w, "(");
            describe_rel(p, &r->kids[i]);
            amb_html_raw(&p->w, ")");
        }
        if (r->op == AMB_REL_NONE)
            amb_html_raw(&p->w, ")");
        return;
    }
    const amb_form_question *q = amb_form_find(p->f, r->q);
    amb_html_raw(&p->w, "«");
    if (q)
        t(p, &q->label);
    else
        amb_html_text(&p->w, r->q);
    amb_html_raw(&p->w, "» ");
    if (r->op == AMB_REL_HAS)
        amb_html_raw(&p->w, p->en ? "includes" : "omfatter");
    else
        amb_html_raw(&p->w, ops[r->op]);
    amb_html_raw(&p->w, " «");
    const char *shown = r->value;
    size_t n = 0;
    const amb_form_choice *c = q ? amb_form_choices(q, &n) : NULL;
    for (size_t i = 0; i < n; i++)
        if (c[i].code && strcmp(c[i].code, r->value) == 0)
            shown = amb_form_tr(&c[i].label, p->lang);
    amb_html_text(&p->w, shown);
    amb_html_raw(&p->w, "»");
}

/* Label or legend content: text, required mark, skip-logic note. */
static void caption(pv *p, const amb_form_question *q)
{
    t(p, &q->label);
    if (q->required)
        amb_html_rawf(&p->w, " <span class=\"req\">(%s)</span>",
                      p->en ? "required" : "skal besvares");
}

static void hint_and_rel(pv *p, const amb_form_question *q)
{
    if (amb_form_tr(&q->hint, p->lang)) {
        amb_html_raw(&p->w, "<p class=\"hint\" id=\"h-");
        amb_html_text(&p->w, q->id);
        amb_html_raw(&p->w, "\">");
        t(p, &q->hint);
        amb_html_raw(&p->w, "</p>\n");
    }
    if (q->relevant) {
        amb_html_rawf(&p->w, "<p class=\"rel\">%s ",
                      p->en ? "Only answered when" : "Besvares kun, når");
        describe_rel(p, q->relevant);
        amb_html_raw(&p->w, ".</p>\n");
    }
}

static void described(pv *p, const amb_form_question *q)
{
    if (amb_form_tr(&q->hint, p->lang)) {
        amb_html_raw(&p->w, " aria-describedby=\"h-");
        amb_html_text(&p->w, q->id);
        amb_html_raw(&p->w, "\"");
    }
}

static void choice_group(pv *p, const amb_form_question *q)
{
    size_t n;
    const amb_form_choice *c = amb_form_choices(q, &n);
    int radio = q->type != AMB_FORM_MULTI;
    amb_html_raw(&p->w, "<fieldset");
    described(p, q);
    amb_html_raw(&p->w, "><legend>");
    caption(p, q);
    amb_html_raw(&p->w, "</legend>\n");
    hint_and_rel(p, q);
    for (size_t i = 0; i < n; i++) {
        char *id = amb_xasprintf("q-%s-%s", q->id, c[i].code);
        amb_html_rawf(&p->w, "<div><input type=\"%s\"",
                      radio ? "radio" : "checkbox");
        attr(p, "id", id);
        attr(p, "name", q->id);
        attr(p, "value", c[i].code);
        if (radio && q->required)
            amb_html_raw(&p->w, " required");
        amb_html_raw(&p->w, "> <label");
        attr(p, "for", id);
        amb_html_raw(&p->w, ">");
        t(p, &c[i].label);
        amb_html_raw(&p->w, "</label></div>\n");
        free(id);
    }
    amb_html_raw(&p->w, "</fieldset>\n");
}

static void matrix(pv *p, const amb_form_question *q)
{
    amb_html_raw(&p->w, "<fieldset");
    described(p, q);
    amb_html_raw(&p->w, "><legend>");
    caption(p, q);
    amb_html_raw(&p->w, "</legend>\n");
    hint_and_rel(p, q);
    amb_html_raw(&p->w, "<table><thead><tr><td></td>");
    for (size_t c = 0; c < q->nchoices; c++) {
        amb_html_raw(&p->w, "<th scope=\"col\">");
        t(p, &q->choices[c].label);
        amb_html_raw(&p->w, "</th>");
    }
    amb_html_raw(&p->w, "</tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < q->nrows; r++) {
        char *rid = amb_xasprintf("r-%s-%s", q->id, q->rows[r].code);
        char *name = amb_xasprintf("%s.%s", q->id, q->rows[r].code);
        amb_html_raw(&p->w, "<tr><th scope=\"row\"");
        attr(p, "id", rid);
        amb_html_raw(&p->w, ">");
        t(p, &q->rows[r].label);
        amb_html_raw(&p->w, "</th>");
        for (size_t c = 0; c < q->nchoices; c++) {
            char *iid = amb_xasprintf("%s-%s", rid, q->choices[c].code);
            amb_html_raw(&p->w, "<td><label class=\"vh\"");
            attr(p, "for", iid);
            amb_html_raw(&p->w, ">");
            t(p, &q->rows[r].label);
            amb_html_raw(&p->w, ": ");
            t(p, &q->choices[c].label);
            amb_html_raw(&p->w, "</label><input type=\"radio\"");
            attr(p, "id", iid);
            attr(p, "name", name);
            attr(p, "value", q->choices[c].code);
            amb_html_raw(&p->w, q->required ? " required></td>" : "></td>");
            free(iid);
        }
        amb_html_raw(&p->w, "</tr>\n");
        free(rid);
        free(name);
    }
    amb_html_raw(&p->w, "</tbody></table>\n</fieldset>\n");
}

static void range_attrs(pv *p, const amb_form_question *q, int text)
{
    if (q->has_min)
        amb_html_rawf(&p->w, " %s=\"%.15g\"", text ? "minlength" : "min",
                      q->min);
    if (q->has_max)
        amb_html_rawf(&p->w, " %s=\"%.15g\"", text ? "maxlength" : "max",
                      q->max);
}

static void field_input(pv *p, const amb_form_question *q)
{
    char *id = amb_xasprintf("q-%s", q->id);
    amb_html_raw(&p->w, "<div class=\"q\"><label class=\"l\"");
    attr(p, "for", id);
    amb_html_raw(&p->w, ">");
    caption(p, q);
    amb_html_raw(&p->w, "</label>\n");
    hint_and_rel(p, q);
    int text = q->type != AMB_FORM_INTEGER && q->type != AMB_FORM_DECIMAL;
    if (q->type == AMB_FORM_LONGTEXT)
        amb_html_raw(&p->w, "<textarea rows=\"5\"");
    else if (q->type == AMB_FORM_MUNICIPALITY)
        amb_html_raw(&p->w, "<select");
    else if (q->type == AMB_FORM_INTEGER)
        amb_html_raw(&p->w, "<input type=\"number\" step=\"1\" "
                     "inputmode=\"numeric\"");
    else
        amb_html_rawf(&p->w, "<input type=\"text\"%s",
                      q->type == AMB_FORM_DECIMAL
                          ? " inputmode=\"decimal\"" : "");
    attr(p, "id", id);
    attr(p, "name", q->id);
    described(p, q);
    if (q->required)
        amb_html_raw(&p->w, " required");
    if (q->type != AMB_FORM_MUNICIPALITY && q->type != AMB_FORM_DECIMAL)
        range_attrs(p, q, text);
    if (q->pattern) {
        char *re = amb_form_pattern_regex(q->pattern);
        size_t n = strlen(re);
        /* HTML patterns match the whole value: drop the anchors. */
        size_t a = re[0] == '^', b = n > a && re[n - 1] == '$' ? 1 : 0;
        char *inner = amb_xstrndup(re + a, n - a - b);
        attr(p, "pattern", inner);
        free(inner);
        free(re);
    }
    if (q->type == AMB_FORM_OCCUPATION && q->nchoices) {
        char *dl = amb_xasprintf("dl-%s", q->id);
        attr(p, "list", dl);
        free(dl);
    }
    if (q->type == AMB_FORM_LONGTEXT) {
        amb_html_raw(&p->w, "></textarea>\n");
    } else if (q->type == AMB_FORM_MUNICIPALITY) {
        amb_html_rawf(&p->w, "><option value=\"\">%s</option>\n",
                      p->en ? "Choose a municipality" : "Vælg en kommune");
        size_t n;
        const amb_form_choice *c = amb_form_choices(q, &n);
        for (size_t i = 0; i < n; i++) {
            amb_html_raw(&p->w, "<option");
            attr(p, "value", c[i].code);
            amb_html_raw(&p->w, ">");
            t(p, &c[i].label);
            amb_html_raw(&p->w, "</option>\n");
        }
        amb_html_raw(&p->w, "</select>\n");
    } else {
        amb_html_raw(&p->w, ">\n");
    }
    free(id);
    amb_html_raw(&p->w, "</div>\n");
}

int amb_form_preview(const amb_form *f, const char *lang, FILE *fp,
                     amb_error *err)
{
    pv p = {{0}, f, lang, lang && strcmp(lang, "en") == 0};
    amb_html_init(&p.w, fp);
    amb_html_rawf(&p.w, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                  "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\">\n"
                  "<title>", p.en ? "en" : "da");
    t(&p, &f->title);
    amb_html_rawf(&p.w, "</title>\n<style>%s</style>\n</head>\n<body>\n"
                  "<main>\n<h1>", css);
    t(&p, &f->title);
    amb_html_raw(&p.w, "</h1>\n");
    if (amb_form_tr(&f->intro, lang)) {
        amb_html_raw(&p.w, "<p>");
        t(&p, &f->intro);
        amb_html_raw(&p.w, "</p>\n");
    }
    amb_html_raw(&p.w, "<form method=\"post\" action=\"#\">\n");
    for (size_t i = 0; i < f->npages; i++) {
        const amb_form_page *pg = &f->pages[i];
        amb_html_raw(&p.w, "<section aria-labelledby=\"p-");
        amb_html_text(&p.w, pg->id);
        amb_html_raw(&p.w, "\">\n<h2 id=\"p-");
        amb_html_text(&p.w, pg->id);
        amb_html_rawf(&p.w, "\">%s %zu/%zu: ", p.en ? "Page" : "Side",
                      i + 1, f->npages);
        t(&p, &pg->title);
        amb_html_raw(&p.w, "</h2>\n");
        for (size_t k = pg->first; k < pg->first + pg->count; k++) {
            const amb_form_question *q = &f->questions[k];
            switch (q->type) {
            case AMB_FORM_SINGLE: case AMB_FORM_MULTI: case AMB_FORM_YESNO:
            case AMB_FORM_LIKERT:
                choice_group(&p, q);
                break;
            case AMB_FORM_MATRIX:
                matrix(&p, q);
                break;
            default:
                field_input(&p, q);
                if (q->type == AMB_FORM_OCCUPATION && q->nchoices) {
                    amb_html_raw(&p.w, "<datalist id=\"dl-");
                    amb_html_text(&p.w, q->id);
                    amb_html_raw(&p.w, "\">\n");
                    for (size_t c = 0; c < q->nchoices; c++) {
                        amb_html_raw(&p.w, "<option");
                        attr(&p, "value", amb_form_tr(&q->choices[c].label,
                                                      lang));
                        amb_html_raw(&p.w, "></option>\n");
                    }
                    amb_html_raw(&p.w, "</datalist>\n");
                }
            }
        }
        amb_html_raw(&p.w, "</section>\n");
    }
    amb_html_rawf(&p.w, "<p><button type=\"submit\">%s</button></p>\n"
                  "</form>\n</main>\n</body>\n</html>\n",
                  p.en ? "Submit" : "Send");
    if (amb_html_finish(&p.w) != 0)
        return amb_error_set(err, AMB_EIO, "writing the preview failed");
    return 0;
}
