/*
 * survey_page.c - rendering the respondent's pages (survey_page.h).
 *
 * The questions are drawn the way the static preview (form_html.c) draws
 * them - a fieldset with a legend for every choice group and matrix, a
 * <label for> for every input, hints linked with aria-describedby - plus
 * what a live form needs: the values given so far, each error beside its
 * field (linked from aria-describedby and marked aria-invalid) and in a
 * summary at the top whose links lead to the fields.  Text from anywhere
 * goes through amb_html_escape_buf(); the only raw markup is literals and
 * numbers formatted here.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "html_writer.h"
#include "survey_page.h"

static const char css[] =
    "body{font-family:system-ui,sans-serif;max-width:46em;margin:0 auto;"
    "padding:1em;line-height:1.5;color:#1a1a1a;background:#fff}"
    "header{display:flex;justify-content:flex-end;gap:1em}"
    "a{color:#0b5394}a:focus,button:focus,input:focus,select:focus,"
    "textarea:focus{outline:3px solid #f90;outline-offset:2px}"
    "fieldset,.q{border:1px solid #bbb;border-radius:4px;margin:1em 0;"
    "padding:.75em}legend,label.l{font-weight:600}"
    ".hint{color:#444;margin:.25em 0}.req{color:#a00}"
    ".err{color:#a00;font-weight:600;margin:.25em 0}"
    ".bad{border:2px solid #a00}"
    "#errors{border:3px solid #a00;padding:.5em 1em;margin:1em 0}"
    "#more,#saved,#receipt,#optedout{border-left:6px solid #0b5394;"
    "padding:.5em 1em;background:#eef4fb}"
    ".choice{margin:.4em 0}.choice input{width:1.3em;height:1.3em;"
    "vertical-align:middle;margin-right:.4em}"
    ".wide{overflow-x:auto}table{border-collapse:collapse}"
    "th,td{padding:.35em .5em;text-align:center}"
    "th[scope=row]{text-align:left;font-weight:normal}"
    "input[type=text],textarea,select{width:100%;max-width:30em;"
    "font:inherit;padding:.35em;box-sizing:border-box}"
    ".buttons{display:flex;flex-wrap:wrap;gap:.75em;margin:1.5em 0}"
    "button{font:inherit;padding:.6em 1.2em;border-radius:4px;"
    "border:2px solid #0b5394;background:#0b5394;color:#fff;"
    "cursor:pointer}button.sec{background:#fff;color:#0b5394}"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}"
    "footer{margin-top:2em;font-size:.9em;color:#444}";

const char *amb_survey_page_css(void)
{
    return css;
}

/* ------------------------------------------------------------ navigation */

int amb_survey_page_relevant(const amb_form *f, size_t page,
                             const amb_form_answers *answers)
{
    if (page >= f->npages)
        return 0;
    const amb_form_page *pg = &f->pages[page];
    for (size_t k = pg->first; k < pg->first + pg->count; k++)
        if (amb_form_relevant(f, &f->questions[k], answers))
            return 1;
    return 0;
}

long amb_survey_page_next(const amb_form *f, size_t page,
                          const amb_form_answers *answers)
{
    for (size_t i = page + 1; i < f->npages; i++)
        if (amb_survey_page_relevant(f, i, answers))
            return (long)i;
    return -1;
}

long amb_survey_page_prev(const amb_form *f, size_t page,
                          const amb_form_answers *answers)
{
    for (size_t i = page < f->npages ? page : f->npages; i-- > 0;)
        if (amb_survey_page_relevant(f, i, answers))
            return (long)i;
    return -1;
}

size_t amb_survey_page_settle(const amb_form *f, size_t page,
                              const amb_form_answers *answers)
{
    if (page < f->npages && amb_survey_page_relevant(f, page, answers))
        return page;
    long p = amb_survey_page_next(f, page, answers);
    if (p < 0)
        p = amb_survey_page_prev(f, page, answers);
    return p < 0 ? 0 : (size_t)p;
}

/* ---------------------------------------------------------------- writer */

typedef struct pw {
    amb_buf *b;
    const char *lang;
    int en;
} pw;

static void raw(pw *w, const char *markup)
{
    amb_buf_puts(w->b, markup);
}

static void rawf(pw *w, const char *fmt, ...) AMB_PRINTF(2, 3);
static void rawf(pw *w, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        amb_buf_append(w->b, tmp, (size_t)n < sizeof tmp ? (size_t)n
                                                         : sizeof tmp - 1);
}

static void text(pw *w, const char *s)
{
    if (s)
        amb_html_escape_buf(w->b, s, strlen(s));
}

static void tr(pw *w, const amb_form_text *t)
{
    text(w, amb_form_tr(t, w->lang));
}

/* Danish or English literal markup. */
static void say(pw *w, const char *da, const char *en)
{
    raw(w, w->en ? en : da);
}

/* name="escaped value" */
static void attr(pw *w, const char *name, const char *value)
{
    raw(w, " ");
    raw(w, name);
    raw(w, "=\"");
    text(w, value);
    raw(w, "\"");
}

/* An id attribute made of parts joined by sep: id="q-ID-CODE". */
static void id_attr(pw *w, const char *name, const char *prefix,
                    const char *a, const char *sep, const char *b)
{
    raw(w, " ");
    raw(w, name);
    raw(w, "=\"");
    raw(w, prefix);
    text(w, a);
    if (b) {
        raw(w, sep);
        text(w, b);
    }
    raw(w, "\"");
}

static void head(pw *w, const char *title, const char *title2)
{
    rawf(w, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
         "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n<title>",
         w->en ? "en" : "da");
    if (title2) {
        text(w, title2);
        raw(w, " \xe2\x80\x93 ");
    }
    text(w, title);
    raw(w, "</title>\n<style>");
    raw(w, css);
    raw(w, "</style>\n</head>\n<body>\n");
}

/* The language switch: links to the same page in Danish and English.
 * self is the relative link of the page ("TOKEN?page=2"), trusted. */
static void lang_switch(pw *w, const char *self)
{
    const char *q = strchr(self, '?') ? "&amp;" : "?";
    raw(w, "<header><nav aria-label=\"Sprog / Language\">");
    raw(w, "<a id=\"lang-da\" lang=\"da\" hreflang=\"da\" href=\"");
    text(w, self);
    rawf(w, "%slang=da\"%s>Dansk</a> ", q,
         w->en ? "" : " aria-current=\"true\"");
    raw(w, "<a id=\"lang-en\" lang=\"en\" hreflang=\"en\" href=\"");
    text(w, self);
    rawf(w, "%slang=en\"%s>English</a>", q,
         w->en ? " aria-current=\"true\"" : "");
    raw(w, "</nav></header>\n");
}

static void foot(pw *w, const char *token)
{
    raw(w, "</main>\n");
    if (token) {
        raw(w, "<footer><p><a href=\"../o/");
        text(w, token);
        rawf(w, "?lang=%s\">", w->en ? "en" : "da");
        say(w, "Jeg ønsker ikke at deltage", "I do not want to take part");
        raw(w, "</a></p></footer>\n");
    }
    raw(w, "</body>\n</html>\n");
}

static const char *title_of(const amb_survey_view *v)
{
    return v->title ? v->title : amb_form_tr(&v->f->title, v->lang);
}

static void hidden(pw *w, const char *name, const char *value)
{
    raw(w, "<input type=\"hidden\"");
    attr(w, "name", name);
    attr(w, "value", value);
    raw(w, ">\n");
}

/* --------------------------------------------------------------- questions */

typedef struct qctx {
    pw *w;
    const amb_survey_view *v;
    const amb_form_question *q;
    const amb_form_value *val;    /* may be NULL */
    const char *err;              /* may be NULL */
} qctx;

static int has_item(const amb_form_value *val, const char *s)
{
    for (size_t i = 0; val && i < val->n; i++)
        if (strcmp(val->items[i], s) == 0)
            return 1;
    return 0;
}

/* The label/legend content: text and the required mark. */
static void caption(qctx *c)
{
    tr(c->w, &c->q->label);
    if (c->q->required) {
        raw(c->w, " <span class=\"req\">(");
        say(c->w, "skal besvares", "required");
        raw(c->w, ")</span>");
    }
}

/* aria-describedby naming the hint and the error when there are any. */
static void described(qctx *c)
{
    int hint = amb_form_tr(&c->q->hint, c->w->lang) != NULL;
    if (!hint && !c->err)
        return;
    raw(c->w, " aria-describedby=\"");
    if (hint) {
        raw(c->w, "h-");
        text(c->w, c->q->id);
    }
    if (c->err) {
        raw(c->w, hint ? " err-" : "err-");
        text(c->w, c->q->id);
    }
    raw(c->w, "\"");
}

static void hint_and_error(qctx *c)
{
    if (amb_form_tr(&c->q->hint, c->w->lang)) {
        raw(c->w, "<p class=\"hint\"");
        id_attr(c->w, "id", "h-", c->q->id, NULL, NULL);
        raw(c->w, ">");
        tr(c->w, &c->q->hint);
        raw(c->w, "</p>\n");
    }
    if (c->err) {
        raw(c->w, "<p class=\"err\"");
        id_attr(c->w, "id", "err-", c->q->id, NULL, NULL);
        raw(c->w, "><span class=\"vh\">");
        say(c->w, "Fejl: ", "Error: ");
        raw(c->w, "</span>");
        text(c->w, c->err);
        raw(c->w, "</p>\n");
    }
}

static void fieldset_open(qctx *c)
{
    raw(c->w, "<fieldset");
    id_attr(c->w, "id", "q-", c->q->id, NULL, NULL);
    described(c);
    if (c->err)
        raw(c->w, " class=\"bad\"");
    raw(c->w, "><legend>");
    caption(c);
    raw(c->w, "</legend>\n");
    hint_and_error(c);
}

static void choice_group(qctx *c)
{
    size_t n;
    const amb_form_choice *ch = amb_form_choices(c->q, &n);
    int radio = c->q->type != AMB_FORM_MULTI;
    fieldset_open(c);
    for (size_t i = 0; i < n; i++) {
        raw(c->w, radio ? "<div class=\"choice\"><input type=\"radio\""
                        : "<div class=\"choice\"><input type=\"checkbox\"");
        id_attr(c->w, "id", "q-", c->q->id, "-", ch[i].code);
        attr(c->w, "name", c->q->id);
        attr(c->w, "value", ch[i].code);
        if (has_item(c->val, ch[i].code))
            raw(c->w, " checked");
        if (radio && c->q->required)
            raw(c->w, " required");
        if (c->err)
            raw(c->w, " aria-invalid=\"true\"");
        raw(c->w, "><label");
        id_attr(c->w, "for", "q-", c->q->id, "-", ch[i].code);
        raw(c->w, ">");
        tr(c->w, &ch[i].label);
        raw(c->w, "</label></div>\n");
    }
    raw(c->w, "</fieldset>\n");
}

/* 1 when the matrix answer has row=code. */
static int matrix_has(const amb_form_value *val, const char *row,
                      const char *code)
{
    size_t rl = strlen(row);
    for (size_t i = 0; val && i < val->n; i++) {
        const char *it = val->items[i];
        if (strncmp(it, row, rl) == 0 && it[rl] == '=' &&
            strcmp(it + rl + 1, code) == 0)
            return 1;
    }
    return 0;
}

static void matrix(qctx *c)
{
    const amb_form_question *q = c->q;
    pw *w = c->w;
    fieldset_open(c);
    raw(w, "<div class=\"wide\"><table><thead><tr><td></td>");
    for (size_t k = 0; k < q->nchoices; k++) {
        raw(w, "<th scope=\"col\">");
        tr(w, &q->choices[k].label);
        raw(w, "</th>");
    }
    raw(w, "</tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < q->nrows; r++) {
        const char *row = q->rows[r].code;
        char *name = amb_xasprintf("%s.%s", q->id, row);
        raw(w, "<tr><th scope=\"row\"");
        id_attr(w, "id", "r-", name, NULL, NULL);
        raw(w, ">");
        tr(w, &q->rows[r].label);
        raw(w, "</th>");
        for (size_t k = 0; k < q->nchoices; k++) {
            const char *code = q->choices[k].code;
            raw(w, "<td><input type=\"radio\"");
            id_attr(w, "id", "q-", name, "-", code);
            attr(w, "name", name);
            attr(w, "value", code);
            if (matrix_has(c->val, row, code))
                raw(w, " checked");
            if (q->required)
                raw(w, " required");
            if (c->err)
                raw(w, " aria-invalid=\"true\"");
            raw(w, "><label class=\"vh\"");
            id_attr(w, "for", "q-", name, "-", code);
            raw(w, ">");
            tr(w, &q->rows[r].label);
            raw(w, ": ");
            tr(w, &q->choices[k].label);
            raw(w, "</label></td>");
        }
        raw(w, "</tr>\n");
        free(name);
    }
    raw(w, "</tbody></table></div>\n</fieldset>\n");
}

static void range_attrs(qctx *c)
{
    const amb_form_question *q = c->q;
    int text_len = q->type != AMB_FORM_INTEGER;
    if (q->type == AMB_FORM_DECIMAL || q->type == AMB_FORM_MUNICIPALITY)
        return;
    if (q->has_min)
        rawf(c->w, " %s=\"%.15g\"", text_len ? "minlength" : "min", q->min);
    if (q->has_max)
        rawf(c->w, " %s=\"%.15g\"", text_len ? "maxlength" : "max", q->max);
}

static void field_input(qctx *c)
{
    const amb_form_question *q = c->q;
    pw *w = c->w;
    const char *value = c->val && c->val->n ? c->val->items[0] : NULL;
    raw(w, "<div class=\"q");
    raw(w, c->err ? " bad\">" : "\">");
    raw(w, "<label class=\"l\"");
    id_attr(w, "for", "q-", q->id, NULL, NULL);
    raw(w, ">");
    caption(c);
    raw(w, "</label>\n");
    hint_and_error(c);
    if (q->type == AMB_FORM_LONGTEXT)
        raw(w, "<textarea rows=\"6\"");
    else if (q->type == AMB_FORM_MUNICIPALITY)
        raw(w, "<select");
    else if (q->type == AMB_FORM_INTEGER)
        raw(w, "<input type=\"text\" inputmode=\"numeric\"");
    else if (q->type == AMB_FORM_DECIMAL)
        raw(w, "<input type=\"text\" inputmode=\"decimal\"");
    else
        raw(w, "<input type=\"text\"");
    id_attr(w, "id", "q-", q->id, NULL, NULL);
    attr(w, "name", q->id);
    described(c);
    if (q->required)
        raw(w, " required");
    if (c->err)
        raw(w, " aria-invalid=\"true\"");
    range_attrs(c);
    if (q->type == AMB_FORM_OCCUPATION && q->nchoices)
        id_attr(w, "list", "dl-", q->id, NULL, NULL);
    if (q->type == AMB_FORM_LONGTEXT) {
        /* The newline keeps a value's own leading newline (the HTML
         * parser drops the first one after <textarea>). */
        raw(w, ">\n");
        text(w, value);
        raw(w, "</textarea>\n");
    } else if (q->type == AMB_FORM_MUNICIPALITY) {
        raw(w, "><option value=\"\">");
        say(w, "Vælg en kommune", "Choose a municipality");
        raw(w, "</option>\n");
        size_t n;
        const amb_form_choice *ch = amb_form_choices(q, &n);
        for (size_t i = 0; i < n; i++) {
            raw(w, "<option");
            attr(w, "value", ch[i].code);
            if (value && strcmp(value, ch[i].code) == 0)
                raw(w, " selected");
            raw(w, ">");
            tr(w, &ch[i].label);
            raw(w, "</option>\n");
        }
        raw(w, "</select>\n");
    } else {
        if (value)
            attr(w, "value", value);
        raw(w, ">\n");
    }
    if (q->type == AMB_FORM_OCCUPATION && q->nchoices) {
        raw(w, "<datalist");
        id_attr(w, "id", "dl-", q->id, NULL, NULL);
        raw(w, ">\n");
        for (size_t k = 0; k < q->nchoices; k++) {
            raw(w, "<option");
            attr(w, "value", amb_form_tr(&q->choices[k].label, w->lang));
            raw(w, "></option>\n");
        }
        raw(w, "</datalist>\n");
    }
    raw(w, "</div>\n");
}

static void question(qctx *c)
{
    switch (c->q->type) {
    case AMB_FORM_SINGLE: case AMB_FORM_MULTI: case AMB_FORM_YESNO:
    case AMB_FORM_LIKERT:
        choice_group(c);
        break;
    case AMB_FORM_MATRIX:
        matrix(c);
        break;
    default:
        field_input(c);
    }
}

/* ------------------------------------------------------------- form page */

/* The error summary: page-level problems first, then one link per
 * question in page order. */
static void summary(pw *w, const amb_survey_view *v, const amb_form_page *pg)
{
    const amb_post_errors *es = v->errors;
    if (!es || es->n == 0)
        return;
    raw(w, "<div id=\"errors\" role=\"alert\" tabindex=\"-1\"><h2>");
    if (es->n == 1)
        say(w, "Der er et problem", "There is a problem");
    else
        rawf(w, w->en ? "There are %zu problems" : "Der er %zu problemer",
             es->n);
    raw(w, "</h2>\n<ul>\n");
    for (size_t i = 0; i < es->n; i++)
        if (!es->e[i].qid) {
            raw(w, "<li>");
            text(w, es->e[i].msg);
            raw(w, "</li>\n");
        }
    for (size_t k = pg->first; k < pg->first + pg->count; k++) {
        const amb_form_question *q = &v->f->questions[k];
        const char *msg = amb_post_errors_get(es, q->id);
        if (!msg)
            continue;
        raw(w, "<li><a href=\"#q-");
        text(w, q->id);
        raw(w, "\">");
        tr(w, &q->label);
        raw(w, ": ");
        text(w, msg);
        raw(w, "</a></li>\n");
    }
    /* Problems with questions that are not on this page (none expected:
     * the server shows the page a problem belongs to). */
    for (size_t i = 0; i < es->n; i++) {
        const amb_form_question *q = es->e[i].qid
            ? amb_form_find(v->f, es->e[i].qid) : NULL;
        if (es->e[i].qid && (!q || q->page != v->page)) {
            raw(w, "<li>");
            text(w, es->e[i].msg);
            raw(w, "</li>\n");
        }
    }
    raw(w, "</ul></div>\n");
}

void amb_survey_render_form(const amb_survey_view *v, amb_buf *out)
{
    pw w = {out, v->lang, v->lang && strcmp(v->lang, "en") == 0};
    const amb_form *f = v->f;
    size_t page = v->page < f->npages ? v->page : 0;
    const amb_form_page *pg = &f->pages[page];
    size_t total = 0, pos = 0;
    for (size_t i = 0; i < f->npages; i++)
        if (i == page || amb_survey_page_relevant(f, i, v->answers)) {
            total++;
            if (i <= page)
                pos = total;
        }
    char self[160];
    snprintf(self, sizeof self, "%s?page=%zu", v->token, page);
    char *t2 = amb_xasprintf(w.en ? "Page %zu of %zu: %s" : "Side %zu af %zu: %s",
                             pos, total, amb_form_tr(&pg->title, w.lang));
    if (v->errors && v->errors->n) {
        char *e = amb_xasprintf("%s %s", w.en ? "Error:" : "Fejl:", t2);
        free(t2);
        t2 = e;
    }
    head(&w, title_of(v), t2);
    free(t2);
    lang_switch(&w, self);
    raw(&w, "<main>\n<h1>");
    text(&w, title_of(v));
    raw(&w, "</h1>\n");
    if (pos == 1 && amb_form_tr(&f->intro, w.lang)) {
        raw(&w, "<p>");
        tr(&w, &f->intro);
        raw(&w, "</p>\n");
    }
    rawf(&w, w.en ? "<p class=\"progress\">Page %zu of %zu</p>\n"
                  : "<p class=\"progress\">Side %zu af %zu</p>\n", pos, total);
    summary(&w, v, pg);
    raw(&w, "<h2>");
    tr(&w, &pg->title);
    raw(&w, "</h2>\n");
    if (v->more) {
        raw(&w, "<p id=\"more\" role=\"status\">");
        say(&w, "Dine svar er gemt. Ud fra dem er der kommet flere "
                "spørgsmål på denne side.",
            "Your answers are saved. Based on them, more questions were "
            "added to this page.");
        raw(&w, "</p>\n");
    }
    raw(&w, "<form method=\"post\" accept-charset=\"utf-8\" novalidate");
    attr(&w, "action", v->token);
    raw(&w, ">\n");
    hidden(&w, "csrf", v->csrf);
    char num[32];
    snprintf(num, sizeof num, "%zu", page);
    hidden(&w, "page", num);
    hidden(&w, "lang", w.en ? "en" : "da");
    for (size_t k = pg->first; k < pg->first + pg->count; k++) {
        const amb_form_question *q = &f->questions[k];
        if (!amb_form_relevant(f, q, v->answers))
            continue;
        qctx c = {&w, v, q, amb_form_answers_get(v->answers, q->id),
                  v->errors ? amb_post_errors_get(v->errors, q->id) : NULL};
        question(&c);
    }
    long next = amb_survey_page_next(f, page, v->answers);
    long prev = amb_survey_page_prev(f, page, v->answers);
    raw(&w, "<div class=\"buttons\">");
    if (next >= 0)
        say(&w, "<button name=\"action\" value=\"next\">Næste</button>",
            "<button name=\"action\" value=\"next\">Next</button>");
    else
        say(&w, "<button name=\"action\" value=\"submit\">Send svar</button>",
            "<button name=\"action\" value=\"submit\">Submit answers</button>");
    say(&w, "<button name=\"action\" value=\"save\" class=\"sec\">Gem og "
            "fortsæt senere</button>",
        "<button name=\"action\" value=\"save\" class=\"sec\">Save and "
        "continue later</button>");
    if (prev >= 0)
        say(&w, "<button name=\"action\" value=\"back\" class=\"sec\">"
                "Tilbage</button>",
            "<button name=\"action\" value=\"back\" class=\"sec\">"
            "Back</button>");
    raw(&w, "</div>\n</form>\n");
    foot(&w, v->token);
}

/* ----------------------------------------------------------- other pages */

void amb_survey_render_receipt(const amb_survey_view *v, const char *receipt,
                               const char *submitted_at, amb_buf *out)
{
    pw w = {out, v->lang, v->lang && strcmp(v->lang, "en") == 0};
    head(&w, title_of(v), w.en ? "Receipt" : "Kvittering");
    lang_switch(&w, v->token);
    raw(&w, "<main>\n<h1>");
    text(&w, title_of(v));
    raw(&w, "</h1>\n<p id=\"receipt\">");
    say(&w, "Tak! Dine svar er modtaget. Din kvittering er ",
        "Thank you! Your answers have been received. Your receipt is ");
    raw(&w, "<strong>");
    text(&w, receipt);
    raw(&w, "</strong>.</p>\n");
    if (submitted_at) {
        raw(&w, "<p>");
        say(&w, "Modtaget: ", "Received: ");
        text(&w, submitted_at);
        raw(&w, "</p>\n");
    }
    raw(&w, "<p>");
    say(&w, "Svarene kan ikke ændres, efter de er sendt. Du kan lukke "
            "siden.", "The answers cannot be changed after they were "
            "submitted. You may close this page.");
    raw(&w, "</p>\n");
    foot(&w, NULL);
}

void amb_survey_render_saved(const amb_survey_view *v, amb_buf *out)
{
    pw w = {out, v->lang, v->lang && strcmp(v->lang, "en") == 0};
    char self[160];
    snprintf(self, sizeof self, "%s?saved=1&page=%zu", v->token, v->page);
    head(&w, title_of(v), w.en ? "Saved" : "Gemt");
    lang_switch(&w, self);
    raw(&w, "<main>\n<h1>");
    text(&w, title_of(v));
    raw(&w, "</h1>\n<p id=\"saved\" role=\"status\">");
    say(&w, "Dine svar er gemt.", "Your answers are saved.");
    raw(&w, "</p>\n<p>");
    say(&w, "Du kan fortsætte senere med linket fra mailen",
        "You can continue later with the link from the e-mail");
    if (v->base) {
        raw(&w, ": <span class=\"link\">");
        text(&w, v->base);
        raw(&w, "/s/");
        text(&w, v->token);
        raw(&w, "</span>");
    }
    raw(&w, ".</p>\n<p><a href=\"");
    text(&w, v->token);
    rawf(&w, "?page=%zu&amp;lang=%s\">", v->page, w.en ? "en" : "da");
    say(&w, "Fortsæt nu", "Continue now");
    raw(&w, "</a></p>\n");
    foot(&w, v->token);
}

void amb_survey_render_optout(const amb_survey_view *v, int done,
                              amb_buf *out)
{
    pw w = {out, v->lang, v->lang && strcmp(v->lang, "en") == 0};
    head(&w, title_of(v), w.en ? "Opt out" : "Afmeld");
    lang_switch(&w, v->token);
    raw(&w, "<main>\n<h1>");
    text(&w, title_of(v));
    raw(&w, "</h1>\n");
    if (done) {
        raw(&w, "<p id=\"optedout\" role=\"status\">");
        say(&w, "Du er afmeldt og får ikke flere mails om undersøgelsen.",
            "You are opted out and will get no more e-mails about the "
            "survey.");
        raw(&w, "</p>\n");
        foot(&w, NULL);
        return;
    }
    raw(&w, "<p>");
    say(&w, "Vil du afmelde virksomheden fra undersøgelsen? Du får så "
            "ikke flere mails om den.",
        "Do you want to opt the company out of the survey? You will then "
        "get no more e-mails about it.");
    raw(&w, "</p>\n<form method=\"post\" accept-charset=\"utf-8\"");
    attr(&w, "action", v->token);
    raw(&w, ">\n");
    hidden(&w, "csrf", v->csrf);
    hidden(&w, "lang", w.en ? "en" : "da");
    raw(&w, "<div class=\"buttons\">");
    say(&w, "<button name=\"action\" value=\"optout\">Afmeld</button>",
        "<button name=\"action\" value=\"optout\">Opt out</button>");
    raw(&w, "</div>\n</form>\n<p><a href=\"../s/");
    text(&w, v->token);
    rawf(&w, "?lang=%s\">", w.en ? "en" : "da");
    say(&w, "Gå til spørgeskemaet i stedet", "Go to the questionnaire "
        "instead");
    raw(&w, "</a></p>\n");
    foot(&w, NULL);
}

/* A bilingual page with a heading and a sentence in each language. */
static void bilingual(amb_buf *out, const char *da_h, const char *da_p,
                      const char *en_h, const char *en_p)
{
    pw w = {out, "da", 0};
    head(&w, da_h, NULL);
    raw(&w, "<main>\n<h1>");
    raw(&w, da_h);
    raw(&w, "</h1>\n<p>");
    raw(&w, da_p);
    raw(&w, "</p>\n<h2 lang=\"en\">");
    raw(&w, en_h);
    raw(&w, "</h2>\n<p lang=\"en\">");
    raw(&w, en_p);
    raw(&w, "</p>\n");
    foot(&w, NULL);
}

void amb_survey_render_neutral(amb_buf *out)
{
    bilingual(out, "Linket virker ikke",
              "Linket er ikke gyldigt, eller undersøgelsen er lukket. "
              "Kontakt afsenderen af mailen, hvis du mener, det er en fejl.",
              "The link does not work",
              "The link is not valid, or the survey is closed. Contact the "
              "sender of the e-mail if you think this is a mistake.");
}

void amb_survey_render_status(int status, amb_buf *out)
{
    switch (status) {
    case 400:
        bilingual(out, "Forkert forespørgsel",
                  "Formularen kunne ikke læses. Gå tilbage og prøv igen.",
                  "Bad request",
                  "The form could not be read. Go back and try again.");
        break;
    case 403:
        bilingual(out, "Formularen er udløbet",
                  "Siden kunne ikke bekræftes. Åbn linket fra mailen igen.",
                  "The form has expired",
                  "The page could not be verified. Open the link from the "
                  "e-mail again.");
        break;
    case 405:
        bilingual(out, "Metoden er ikke tilladt",
                  "Siden kan kun hentes eller udfyldes.",
                  "Method not allowed",
                  "The page can only be fetched or filled in.");
        break;
    case 413:
        bilingual(out, "For meget tekst",
                  "Svarene fylder for meget. Forkort teksten og prøv igen.",
                  "Too much text",
                  "The answers are too large. Shorten the text and try "
                  "again.");
        break;
    case 415:
        bilingual(out, "Ukendt format",
                  "Formularen blev sendt i et format, serveren ikke kender.",
                  "Unsupported format",
                  "The form was sent in a format the server does not "
                  "accept.");
        break;
    case 429:
        bilingual(out, "For mange forespørgsler",
                  "Vent et øjeblik, og prøv så igen.",
                  "Too many requests", "Wait a moment and try again.");
        break;
    case 503:
        bilingual(out, "Prøv igen om lidt",
                  "Serveren er optaget lige nu. Dine gemte svar er i "
                  "behold.", "Try again shortly",
                  "The server is busy right now. Your saved answers are "
                  "kept.");
        break;
    default:
        bilingual(out, "Der skete en fejl",
                  "Serveren kunne ikke gennemføre forespørgslen. Dine "
                  "gemte svar er i behold. Prøv igen senere.",
                  "Something went wrong",
                  "The server could not complete the request. Your saved "
                  "answers are kept. Try again later.");
    }
}
