/*
 * form_xform.c - `ambit form xform`: the form as an ODK XForm (XForms 1.0
 * with the JavaRosa/ODK conventions), written with libxml2's
 * xmlTextWriter so that the output is well-formed whatever the texts hold.
 *
 * The instance is /data (id and version attributes) with <respondent>
 * (the company's CVR number, asked first: `ambit survey import-xml` finds
 * the respondent by it), one group per page and one element per question;
 * a matrix is a group with one select1 per row.  Labels, hints, choice labels and constraint messages are itext
 * translations (da default, en).  Relevance becomes XPath as doc/forms.md
 * describes; patterns become regex(., '...').
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "form_internal.h"

typedef struct xf {
    xmlTextWriterPtr w;
    const amb_form *f;
    int failed;
} xf;

static void chk(xf *x, int rc)
{
    if (rc < 0)
        x->failed = 1;
}

static void start(xf *x, const char *name)
{
    chk(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void end(xf *x)
{
    chk(x, xmlTextWriterEndElement(x->w));
}

/* s with every byte sequence XML 1.0 cannot hold (ill-formed UTF-8, C0
 * controls but TAB LF CR, U+FFFE/U+FFFF) replaced by U+FFFD; caller
 * frees. */
static char *xml_clean(const char *s)
{
    amb_buf b = {0};
    amb_buf_puts(&b, "");
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, cp = 0;
        size_t len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2
                   : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4
                   : 0;
        int ok = len > 0;
        cp = len == 1 ? c : len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 7;
        for (size_t i = 1; ok && i < len; i++) {
            ok = (p[i] & 0xc0) == 0x80;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if (ok && ((len == 1 && cp < 0x20 && cp != 9 && cp != 10 &&
                    cp != 13) ||
                   (len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)
                                 || cp == 0xfffe || cp == 0xffff)) ||
                   (len == 4 && (cp < 0x10000 || cp > 0x10ffff))))
            ok = 0;
        if (ok) {
            amb_buf_append(&b, (const char *)p, len);
            p += len;
        } else {
            amb_buf_puts(&b, "\xef\xbf\xbd");
            p++;
        }
    }
    return b.data;
}

static void at(xf *x, const char *name, const char *value)
{
    char *v = xml_clean(value);
    chk(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v));
    free(v);
}

static void text(xf *x, const char *s)
{
    char *v = xml_clean(s);
    chk(x, xmlTextWriterWriteString(x->w, BAD_CAST v));
    free(v);
}

/* The instance path of question q (caller frees). */
static char *qpath(const amb_form *f, const amb_form_question *q)
{
    return amb_xasprintf("/data/%s/%s", f->pages[q->page].id, q->id);
}

/* s as an XPath 1.0 string literal (no escapes exist in XPath 1.0). */
static void xpath_string(amb_buf *b, const char *s)
{
    if (!strchr(s, '\'')) {
        amb_buf_printf(b, "'%s'", s);
    } else if (!strchr(s, '"')) {
        amb_buf_printf(b, "\"%s\"", s);
    } else {
        /* concat('a', "'", 'b'): the pieces between quotes. */
        amb_buf_puts(b, "concat(");
        for (const char *p = s;; p++) {
            size_t n = strcspn(p, "'");
            amb_buf_putc(b, '\'');
            amb_buf_append(b, p, n);
            amb_buf_putc(b, '\'');
            p += n;
            if (!*p)
                break;
            amb_buf_puts(b, ", \"'\", ");
        }
        amb_buf_putc(b, ')');
    }
}

void amb_form_rel_xpath(const amb_form *f, const amb_form_rel *r,
                        amb_buf *b)
{
    static const char *const ops[] = {"=", "!=", ">", ">=", "<", "<="};
    if (r->op == AMB_REL_ALL || r->op == AMB_REL_ANY ||
        r->op == AMB_REL_NONE) {
        if (r->op == AMB_REL_NONE)
            amb_buf_puts(b, "not(");
        for (size_t i = 0; i < r->nkids; i++) {
            if (i)
                amb_buf_puts(b, r->op == AMB_REL_ALL ? " and " : " or ");
            amb_buf_putc(b, '(');
            amb_form_rel_xpath(f, &r->kids[i], b);
            amb_buf_putc(b, ')');
        }
        if (r->op == AMB_REL_NONE)
            amb_buf_putc(b, ')');
        return;
    }
    const amb_form_question *q = amb_form_find(f, r->q);
    char *path = q ? qpath(f, q) : amb_xasprintf("/data/%s", r->q);
    if (r->op == AMB_REL_HAS) {
        amb_buf_printf(b, "selected(%s, ", path);
        xpath_string(b, r->value);
        amb_buf_putc(b, ')');
    } else if (r->is_num) {
        amb_buf_printf(b, "%s %s %.15g", path, ops[r->op], r->num);
    } else {
        amb_buf_printf(b, "%s %s ", path, ops[r->op]);
        xpath_string(b, r->value);
    }
    free(path);
}

/* The constraint of q, or NULL (caller frees). */
static char *constraint(const amb_form_question *q)
{
    amb_buf b = {0};
    const char *subject = ".";
    int is_text = q->type == AMB_FORM_TEXT || q->type == AMB_FORM_LONGTEXT ||
                  q->type == AMB_FORM_OCCUPATION;
    if (is_text)
        subject = "string-length(.)";
    else if (q->type == AMB_FORM_MULTI)
        subject = "count-selected(.)";
    if (q->has_min)
        amb_buf_printf(&b, "%s >= %.15g", subject, q->min);
    if (q->has_max)
        amb_buf_printf(&b, "%s%s <= %.15g", b.len ? " and " : "", subject,
                       q->max);
    if (q->pattern) {
        char *re = amb_form_pattern_regex(q->pattern);
        amb_buf_printf(&b, "%sregex(., ", b.len ? " and " : "");
        xpath_string(&b, re);
        amb_buf_putc(&b, ')');
        free(re);
    }
    return b.data;
}

static void itext(xf *x, const char *id, const char *value)
{
    if (!value)
        return;
    start(x, "text");
    at(x, "id", id);
    start(x, "value");
    text(x, value);
    end(x);
    end(x);
}

static void itext_tr(xf *x, const char *lang, const char *path,
                     const char *suffix, const amb_form_text *t)
{
    char *id = amb_xasprintf("%s:%s", path, suffix);
    itext(x, id, amb_form_tr(t, lang));
    free(id);
}

/* The respondent field's texts. */
static const amb_form_text resp_label = {
    "Virksomhedens CVR-nummer", "The company's CVR number"};
static const amb_form_text resp_hint = {
    "8 cifre, som på deltagerlisten. Knytter svarene til virksomheden.",
    "8 digits, as on the respondent list. Links the answers to the "
    "company."};
static const amb_form_text resp_msg = {
    "Et CVR-nummer har 8 cifre.", "A CVR number has 8 digits."};

static void translation(xf *x, const char *lang)
{
    const amb_form *f = x->f;
    int en = strcmp(lang, "en") == 0;
    start(x, "translation");
    at(x, "lang", lang);
    if (!en)
        at(x, "default", "true()");
    itext_tr(x, lang, "/data/respondent", "label", &resp_label);
    itext_tr(x, lang, "/data/respondent", "hint", &resp_hint);
    itext_tr(x, lang, "/data/respondent", "constraintMsg", &resp_msg);
    for (size_t i = 0; i < f->npages; i++) {
        char *p = amb_xasprintf("/data/%s", f->pages[i].id);
        itext_tr(x, lang, p, "label", &f->pages[i].title);
        free(p);
    }
    for (size_t i = 0; i < f->nquestions; i++) {
        const amb_form_question *q = &f->questions[i];
        char *path = qpath(f, q);
        itext_tr(x, lang, path, "label", &q->label);
        itext_tr(x, lang, path, "hint", &q->hint);
        if (q->has_min || q->has_max || q->pattern) {
            amb_form_text fallback = {
                "Svaret er uden for det tilladte.",
                "The answer is outside what is allowed."};
            itext_tr(x, lang, path, "constraintMsg",
                     amb_form_tr(&q->message, lang) ? &q->message
                                                    : &fallback);
        }
        size_t n;
        const amb_form_choice *c = amb_form_choices(q, &n);
        for (size_t k = 0; k < n && q->type != AMB_FORM_OCCUPATION; k++) {
            char *cp = amb_xasprintf("%s/%s", path, c[k].code);
            itext_tr(x, lang, cp, "label", &c[k].label);
            free(cp);
        }
        for (size_t r = 0; r < q->nrows; r++) {
            char *rp = amb_xasprintf("%s/%s", path, q->rows[r].code);
            itext_tr(x, lang, rp, "label", &q->rows[r].label);
            free(rp);
        }
        free(path);
    }
    end(x);
}

static const char *bind_type(const amb_form_question *q)
{
    switch (q->type) {
    case AMB_FORM_MULTI: return "select";
    case AMB_FORM_SINGLE: case AMB_FORM_YESNO: case AMB_FORM_LIKERT:
    case AMB_FORM_MUNICIPALITY: case AMB_FORM_MATRIX: return "select1";
    case AMB_FORM_INTEGER: return "int";
    case AMB_FORM_DECIMAL: return "decimal";
    default: return "string";
    }
}

static void bind(xf *x, const amb_form_question *q)
{
    char *path = qpath(x->f, q);
    amb_buf rel = {0};
    if (q->relevant)
        amb_form_rel_xpath(x->f, q->relevant, &rel);
    size_t nodes = q->type == AMB_FORM_MATRIX ? q->nrows : 1;
    for (size_t r = 0; r < nodes; r++) {
        char *node = q->type == AMB_FORM_MATRIX
                         ? amb_xasprintf("%s/%s", path, q->rows[r].code)
                         : amb_xstrdup(path);
        start(x, "bind");
        at(x, "nodeset", node);
        at(x, "type", bind_type(q));
        if (q->required)
            at(x, "required", "true()");
        if (rel.data)
            at(x, "relevant", rel.data);
        char *c = constraint(q);
        if (c) {
            char *msg = amb_xasprintf("jr:itext('%s:constraintMsg')", path);
            at(x, "constraint", c);
            at(x, "jr:constraintMsg", msg);
            free(msg);
            free(c);
        }
        end(x);
        free(node);
    }
    amb_buf_free(&rel);
    free(path);
}

static void label_ref(xf *x, const char *elem, const char *path,
                      const char *suffix)
{
    char *ref = amb_xasprintf("jr:itext('%s:%s')", path, suffix);
    start(x, elem);
    at(x, "ref", ref);
    end(x);
    free(ref);
}

static void items(xf *x, const amb_form_question *q, const char *path)
{
    size_t n;
    const amb_form_choice *c = amb_form_choices(q, &n);
    for (size_t k = 0; k < n; k++) {
        char *cp = amb_xasprintf("%s/%s", path, c[k].code);
        start(x, "item");
        label_ref(x, "label", cp, "label");
        start(x, "value");
        text(x, c[k].code);
        end(x);
        end(x);
        free(cp);
    }
}

static void control(xf *x, const amb_form_question *q)
{
    char *path = qpath(x->f, q);
    const char *bt = bind_type(q);
    if (q->type == AMB_FORM_MATRIX) {
        start(x, "group");
        at(x, "ref", path);
        label_ref(x, "label", path, "label");
        if (amb_form_tr(&q->hint, "da"))
            label_ref(x, "hint", path, "hint");
        for (size_t r = 0; r < q->nrows; r++) {
            char *rp = amb_xasprintf("%s/%s", path, q->rows[r].code);
            start(x, "select1");
            at(x, "ref", rp);
            label_ref(x, "label", rp, "label");
            items(x, q, path);
            end(x);
            free(rp);
        }
        end(x);
        free(path);
        return;
    }
    int sel = strncmp(bt, "select", 6) == 0;
    start(x, sel ? bt : "input");
    at(x, "ref", path);
    if (q->type == AMB_FORM_LONGTEXT)
        at(x, "appearance", "multiline");
    if (q->type == AMB_FORM_MUNICIPALITY)
        at(x, "appearance", "minimal");
    label_ref(x, "label", path, "label");
    if (amb_form_tr(&q->hint, "da"))
        label_ref(x, "hint", path, "hint");
    if (sel)
        items(x, q, path);
    end(x);
    free(path);
}

static void instance(xf *x)
{
    const amb_form *f = x->f;
    start(x, "instance");
    start(x, "data");
    at(x, "id", f->id);
    at(x, "version", f->version);
    start(x, "respondent");
    end(x);
    for (size_t i = 0; i < f->npages; i++) {
        start(x, f->pages[i].id);
        for (size_t k = f->pages[i].first;
             k < f->pages[i].first + f->pages[i].count; k++) {
            const amb_form_question *q = &f->questions[k];
            start(x, q->id);
            for (size_t r = 0; r < q->nrows; r++) {
                start(x, q->rows[r].code);
                end(x);
            }
            end(x);
        }
        end(x);
    }
    start(x, "meta");
    start(x, "instanceID");
    end(x);
    end(x);
    end(x);
    end(x);
}

int amb_form_xform(const amb_form *f, const char *path, amb_error *err)
{
    /* Ids and codes become element names: only a clean form has valid
     * ones. */
    if (f->nproblems)
        return amb_error_set(err, AMB_ECONFIG, "%s: the form has %zu "
                             "problems; see 'ambit form check'", f->file,
                             f->nproblems);
    /* /data/respondent and /data/meta are the export's own elements. */
    for (size_t i = 0; i < f->npages; i++)
        if (strcmp(f->pages[i].id, "respondent") == 0 ||
            strcmp(f->pages[i].id, "meta") == 0)
            return amb_error_set(err, AMB_ECONFIG, "%s:%d: page id '%s' is "
                                 "reserved in the XForm; rename the page",
                                 f->file, f->pages[i].line, f->pages[i].id);
    xf x = {xmlNewTextWriterFilename(path, 0), f, 0};
    if (!x.w)
        return amb_error_set(err, AMB_EIO, "%s: cannot write", path);
    chk(&x, xmlTextWriterSetIndent(x.w, 1));
    chk(&x, xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL));
    start(&x, "h:html");
    at(&x, "xmlns", "http://www.w3.org/2002/xforms");
    at(&x, "xmlns:h", "http://www.w3.org/1999/xhtml");
    at(&x, "xmlns:ev", "http://www.w3.org/2001/xml-events");
    at(&x, "xmlns:jr", "http://openrosa.org/javarosa");
    at(&x, "xmlns:xsd", "http://www.w3.org/2001/XMLSchema");
    at(&x, "xmlns:orx", "http://openrosa.org/xforms");
    start(&x, "h:head");
    start(&x, "h:title");
    text(&x, amb_form_tr(&f->title, "da") ? amb_form_tr(&f->title, "da")
                                          : f->id);
    end(&x);
    start(&x, "model");
    start(&x, "itext");
    translation(&x, "da");
    translation(&x, "en");
    end(&x);
    instance(&x);
    start(&x, "bind");
    at(&x, "nodeset", "/data/respondent");
    at(&x, "type", "string");
    at(&x, "required", "true()");
    at(&x, "constraint", "regex(., '^[0-9]{8}$')");
    at(&x, "jr:constraintMsg", "jr:itext('/data/respondent:constraintMsg')");
    end(&x);
    for (size_t i = 0; i < f->nquestions; i++)
        bind(&x, &f->questions[i]);
    start(&x, "bind");
    at(&x, "nodeset", "/data/meta/instanceID");
    at(&x, "type", "string");
    at(&x, "readonly", "true()");
    at(&x, "jr:preload", "uid");
    end(&x);
    end(&x);                                    /* model */
    end(&x);                                    /* h:head */
    start(&x, "h:body");
    start(&x, "input");
    at(&x, "ref", "/data/respondent");
    label_ref(&x, "label", "/data/respondent", "label");
    label_ref(&x, "hint", "/data/respondent", "hint");
    end(&x);
    for (size_t i = 0; i < f->npages; i++) {
        char *p = amb_xasprintf("/data/%s", f->pages[i].id);
        start(&x, "group");
        at(&x, "ref", p);
        at(&x, "appearance", "field-list");
        label_ref(&x, "label", p, "label");
        for (size_t k = f->pages[i].first;
             k < f->pages[i].first + f->pages[i].count; k++)
            control(&x, &f->questions[k]);
        end(&x);
        free(p);
    }
    end(&x);                                    /* h:body */
    end(&x);                                    /* h:html */
    chk(&x, xmlTextWriterEndDocument(x.w));
    xmlFreeTextWriter(x.w);
    if (x.failed)
        return amb_error_set(err, AMB_EIO, "%s: writing the XForm failed",
                             path);
    return 0;
}
