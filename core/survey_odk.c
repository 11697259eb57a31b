/*
 * survey_odk.c - an ODK submission instance (XML) turned into form
 * answers, and those answers validated through the form API.  The store
 * side is survey_odk_store.c.
 *
 * The document is parsed into a tree with a parser context of our own:
 * XML_PARSE_NONET, no DTD loading, no entity substitution, libxml2's
 * default size limits, errors caught by a structured handler on the
 * context (no libxml2 global is touched).  A DOCTYPE stops the parser in
 * the SAX callback that announces it, before any declaration inside it
 * is read: ODK never writes one, and refusing it is what keeps XXE and
 * entity expansion ("billion laughs") out.
 *
 * Elements are recognised by local name in no namespace or the XForms
 * namespace (ODK Collect writes none; Enketo may keep the form's default
 * namespace); meta may also be in the OpenRosa namespace.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "survey_odk.h"

#define NS_XFORMS "http://www.w3.org/2002/xforms"
#define NS_ORX "http://openrosa.org/xforms"
#define ODK_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | \
                     XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
#define INSTANCE_ID_MAX 255

/* What the parser context's callbacks saw. */
typedef struct parse_state {
    int doctype, doctype_line;
    int failed, line;
    char msg[256];
} parse_state;

/* One parse: where problems go. */
typedef struct pctx {
    const amb_form *f;
    const char *name;
    amb_buf *problems;
    size_t n;
    amb_odk_submission *out;
    int saw_instance;            /* a meta/instanceID element was there */
} pctx;

static void prob(pctx *p, int line, const char *fmt, ...) AMB_PRINTF(3, 4);

static void prob(pctx *p, int line, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* one line per problem whatever libxml2 or a check function said */
    for (char *c = msg; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = ' ';
    amb_buf_printf(p->problems, "%s:%d: %s\n", p->name, line, msg);
    p->n++;
}

/* s for a message: at most 60 bytes cut at a character boundary, control
 * characters as '?'.  Caller frees. */
static char *shown(const char *s)
{
    size_t n = strlen(s);
    if (n > 60) {
        n = 60;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
    }
    char *t = amb_xstrndup(s, n);
    for (char *c = t; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    if (n < strlen(s)) {
        char *l = amb_xasprintf("%s...", t);
        free(t);
        t = l;
    }
    return t;
}

/* SAX: a DOCTYPE.  Remember where and stop before its subset is read. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
                       const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr c = ctx;
    parse_state *st = c->_private;
    if (!st->doctype) {
        st->doctype = 1;
        st->doctype_line = xmlSAX2GetLineNumber(ctx);
    }
    xmlStopParser(c);
}

/* Structured errors of the context: keep the first error's line and
 * message (without its newline). */
static void on_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr c = ctx;
    parse_state *st = c ? c->_private : NULL;
    if (!st || !e || e->level < XML_ERR_ERROR || st->failed)
        return;
    st->failed = 1;
    st->line = e->line;
    snprintf(st->msg, sizeof st->msg, "%s", e->message ? e->message : "?");
    size_t n = strlen(st->msg);
    while (n > 0 && (st->msg[n - 1] == '\n' || st->msg[n - 1] == ' '))
        st->msg[--n] = '\0';
}

static int line_of(const xmlNode *n)
{
    long l = xmlGetLineNo(n);
    return l > 0 && l < 0x7fffffff ? (int)l : 0;
}

/* Is the element in no namespace, the XForms one, or (orx) OpenRosa's? */
static int ns_ok(const xmlNode *n, int orx)
{
    if (!n->ns || !n->ns->href)
        return 1;
    const char *h = (const char *)n->ns->href;
    return strcmp(h, NS_XFORMS) == 0 || (orx && strcmp(h, NS_ORX) == 0);
}

static int named(const xmlNode *n, const char *name, int orx)
{
    return strcmp((const char *)n->name, name) == 0 && ns_ok(n, orx);
}

/* "prefix:name" of an element for messages; caller frees. */
static char *elem_name(const xmlNode *n)
{
    char *raw = n->ns && n->ns->prefix
                    ? amb_xasprintf("%s:%s", (const char *)n->ns->prefix,
                                    (const char *)n->name)
                    : amb_xstrdup((const char *)n->name);
    char *s = shown(raw);
    free(raw);
    return s;
}

static int blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

/* A node between elements: whitespace, comments and processing
 * instructions are fine; text or anything else is a problem. */
static void stray(pctx *p, const xmlNode *n, const char *where)
{
    if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
        return;
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
        blank((const char *)n->content))
        return;
    /* a text node carries the line where it ends: count back to where
     * it starts */
    int line = line_of(n);
    for (const char *c = (const char *)n->content; c && *c && line > 1; c++)
        line -= *c == '\n';
    prob(p, line, "unexpected %s in <%s>",
         n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE
             ? "text" : "content", where);
}

/* The text of a leaf element into b; -1 after a problem when it holds
 * elements or anything but text. */
static int leaf_text(pctx *p, const xmlNode *el, amb_buf *b)
{
    amb_buf_reset(b);
    amb_buf_puts(b, "");
    for (const xmlNode *k = el->children; k; k = k->next) {
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
            amb_buf_puts(b, (const char *)k->content);
        } else if (k->type != XML_COMMENT_NODE && k->type != XML_PI_NODE) {
            char *en = elem_name(el);
            prob(p, line_of(k), "<%s> holds %s, not a value", en,
                 k->type == XML_ELEMENT_NODE ? "an element" : "content");
            free(en);
            return -1;
        }
    }
    return 0;
}

/* s without leading and trailing XML whitespace; caller frees. */
static char *trimmed(const char *s)
{
    s += strspn(s, " \t\r\n");
    size_t n = strlen(s);
    while (n > 0 && strchr(" \t\r\n", s[n - 1]))
        n--;
    return amb_xstrndup(s, n);
}

static void set_items(amb_form_answers *as, const char *id, char **items,
                      size_t n)
{
    if (n)
        amb_form_answers_set(as, id, (const char *const *)items, n);
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

/* A matrix question element: one element per row, its text a code. */
static void read_matrix(pctx *p, const amb_form_question *q,
                        const xmlNode *el)
{
    char **items = amb_xcalloc(q->nrows ? q->nrows : 1, sizeof *items);
    int *seen = amb_xcalloc(q->nrows ? q->nrows : 1, sizeof *seen);
    size_t n = 0;
    amb_buf b = {0};
    for (const xmlNode *k = el->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE) {
            stray(p, k, q->id);
            continue;
        }
        size_t r = 0;
        while (r < q->nrows && !named(k, q->rows[r].code, 0))
            r++;
        char *en = elem_name(k);
        if (r == q->nrows) {
            prob(p, line_of(k), "question '%s': unknown row <%s>", q->id, en);
        } else if (seen[r]++) {
            prob(p, line_of(k), "question '%s': row <%s> appears twice",
                 q->id, en);
        } else if (leaf_text(p, k, &b) == 0) {
            char *v = trimmed(b.data);
            if (*v)
                items[n++] = amb_xasprintf("%s=%s", q->rows[r].code, v);
            free(v);
        }
        free(en);
    }
    amb_buf_free(&b);
    free(seen);
    set_items(&p->out->answers, q->id, items, n);
}

/* A question's element: its value by type. */
static void read_question(pctx *p, const amb_form_question *q,
                          const xmlNode *el)
{
    if (q->type == AMB_FORM_MATRIX) {
        read_matrix(p, q, el);
        return;
    }
    amb_buf b = {0};
    if (leaf_text(p, el, &b) == 0) {
        char **items = NULL;
        size_t n = 0;
        if (q->type == AMB_FORM_MULTI) {
            /* select-multiple: codes separated by whitespace */
            items = amb_xcalloc(b.len / 2 + 1, sizeof *items);
            const char *s = b.data;
            while (*(s += strspn(s, " \t\r\n"))) {
                size_t len = strcspn(s, " \t\r\n");
                items[n++] = amb_xstrndup(s, len);
                s += len;
            }
        } else {
            int text = q->type == AMB_FORM_TEXT ||
                       q->type == AMB_FORM_LONGTEXT ||
                       q->type == AMB_FORM_OCCUPATION;
            char *v = text ? amb_xstrdup(b.data) : trimmed(b.data);
            items = amb_xmalloc(sizeof *items);
            if (*v)
                items[n++] = v;
            else
                free(v);
        }
        set_items(&p->out->answers, q->id, items, n);
    }
    amb_buf_free(&b);
}

/* A page's element: its questions' elements, each once. */
static void read_page(pctx *p, size_t pi, const xmlNode *el)
{
    const amb_form_page *pg = &p->f->pages[pi];
    int pline = line_of(el);
    for (size_t k = pg->first; k < pg->first + pg->count; k++)
        p->out->lines[k] = pline;
    unsigned char *seen = amb_xcalloc(pg->count ? pg->count : 1, 1);
    for (const xmlNode *k = el->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE) {
            stray(p, k, pg->id);
            continue;
        }
        size_t i = 0;
        while (i < pg->count &&
               !named(k, p->f->questions[pg->first + i].id, 0))
            i++;
        char *en = elem_name(k);
        if (i == pg->count) {
            prob(p, line_of(k), "unknown element <%s> in page <%s>", en,
                 pg->id);
        } else if (seen[i]++) {
            prob(p, line_of(k), "question '%s': element <%s> appears twice",
                 p->f->questions[pg->first + i].id, en);
        } else {
            p->out->lines[pg->first + i] = line_of(k);
            read_question(p, &p->f->questions[pg->first + i], k);
        }
        free(en);
    }
    free(seen);
}

/* meta: instanceID (required) and the other OpenRosa metadata that ODK
 * Central and KoboToolbox add. */
static void read_meta(pctx *p, const xmlNode *el)
{
    static const char *const known[] = {"instanceName", "deprecatedID",
                                        "rootUuid", "audit", NULL};
    amb_buf b = {0};
    for (const xmlNode *k = el->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE) {
            stray(p, k, "meta");
            continue;
        }
        char *en = elem_name(k);
        if (named(k, "instanceID", 1)) {
            if (p->saw_instance++) {
                prob(p, line_of(k), "<%s> appears twice", en);
            } else if (leaf_text(p, k, &b) == 0) {
                char *v = trimmed(b.data);
                int bad = !*v || strlen(v) > INSTANCE_ID_MAX;
                for (const char *c = v; !bad && *c; c++)
                    bad = (unsigned char)*c <= 0x20 || *c == 0x7f;
                if (bad) {
                    prob(p, line_of(k), "<%s> is not an instance id (1 to "
                         "%d characters without spaces)", en,
                         INSTANCE_ID_MAX);
                    free(v);
                } else {
                    p->out->instance_id = v;
                }
            }
        } else {
            size_t i = 0;
            while (known[i] && !named(k, known[i], 1))
                i++;
            if (!known[i])
                prob(p, line_of(k), "unknown element <%s> in <meta>", en);
        }
        free(en);
    }
    amb_buf_free(&b);
}

/* <respondent>: the company's CVR number (8 digits). */
static void read_respondent(pctx *p, const xmlNode *el)
{
    amb_buf b = {0};
    p->out->cvr_line = line_of(el);
    if (p->out->cvr) {
        prob(p, line_of(el), "<respondent> appears twice");
    } else if (leaf_text(p, el, &b) == 0) {
        char *v = trimmed(b.data);
        size_t n = strspn(v, "0123456789");
        if (!*v) {
            prob(p, line_of(el), "<respondent> is empty: the company's CVR "
                 "number is required");
            free(v);
        } else if (n != 8 || v[n]) {
            prob(p, line_of(el), "<respondent> is not a CVR number (8 "
                 "digits)");
            free(v);
        } else {
            p->out->cvr = v;
        }
    }
    amb_buf_free(&b);
}

/* The root's id and version against the form's. */
static void check_root(pctx *p, const xmlNode *root)
{
    int line = p->out->root_line;
    xmlChar *id = xmlGetNoNsProp(root, BAD_CAST "id");
    xmlChar *ver = xmlGetNoNsProp(root, BAD_CAST "version");
    if (!id) {
        prob(p, line, "<data> has no id attribute (the form id)");
    } else if (strcmp((const char *)id, p->f->id) != 0) {
        char *s = shown((const char *)id);
        prob(p, line, "the submission is of form '%s', not '%s'", s,
             p->f->id);
        free(s);
    }
    if (p->f->version && !ver) {
        prob(p, line, "<data> has no version attribute (form '%s' is "
             "version '%s')", p->f->id, p->f->version);
    } else if (p->f->version && strcmp((const char *)ver, p->f->version)) {
        char *s = shown((const char *)ver);
        prob(p, line, "the submission is of version '%s' of form '%s', not "
             "'%s'", s, p->f->id, p->f->version);
        free(s);
    }
    xmlFree(id);
    xmlFree(ver);
}

static void read_root(pctx *p, const xmlNode *root)
{
    p->out->root_line = line_of(root);
    for (size_t i = 0; i < p->out->nlines; i++)
        p->out->lines[i] = p->out->root_line;
    if (!named(root, "data", 0)) {
        char *en = elem_name(root);
        prob(p, p->out->root_line, "the root element is <%s>, not <data>: "
             "not a submission of an ambit XForm", en);
        free(en);
        return;
    }
    check_root(p, root);
    unsigned char *seen = amb_xcalloc(p->f->npages + 2, 1);
    int meta = 0;
    for (const xmlNode *k = root->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE) {
            stray(p, k, "data");
            continue;
        }
        size_t pi = 0;
        while (pi < p->f->npages && !named(k, p->f->pages[pi].id, 0))
            pi++;
        char *en = elem_name(k);
        if (pi < p->f->npages) {
            if (seen[pi]++)
                prob(p, line_of(k), "page element <%s> appears twice", en);
            else
                read_page(p, pi, k);
        } else if (named(k, "respondent", 0)) {
            read_respondent(p, k);
        } else if (named(k, "meta", 1)) {
            if (meta++)
                prob(p, line_of(k), "<meta> appears twice");
            else
                read_meta(p, k);
        } else if (!named(k, "formhub", 0) && !named(k, "__version__", 0)) {
            /* formhub/uuid and __version__ are KoboToolbox's own */
            prob(p, line_of(k), "unknown element <%s>", en);
        }
        free(en);
    }
    free(seen);
    if (!p->out->cvr && !p->out->cvr_line)
        prob(p, p->out->root_line, "no <respondent> element: the company's "
             "CVR number is required");
    if (!p->saw_instance)
        prob(p, p->out->root_line, "no <meta><instanceID>: not an ODK "
             "submission");
}

size_t amb_odk_parse(const amb_form *f, const char *name, const char *data,
                     size_t len, amb_odk_submission *out, amb_buf *problems)
{
    memset(out, 0, sizeof *out);
    out->nlines = f->nquestions;
    out->lines = amb_xcalloc(f->nquestions ? f->nquestions : 1,
                             sizeof *out->lines);
    pctx p = {f, name, problems, 0, out, 0};
    if (len > AMB_ODK_MAX_BYTES) {
        prob(&p, 0, "larger than %u bytes: not one submission",
             AMB_ODK_MAX_BYTES);
        return p.n;
    }
    xmlParserCtxtPtr c = xmlNewParserCtxt();
    if (!c) {
        prob(&p, 0, "out of memory");
        return p.n;
    }
    parse_state st;
    memset(&st, 0, sizeof st);
    c->_private = &st;
    c->sax->internalSubset = on_doctype;
    c->sax->serror = on_error;
    xmlDocPtr doc = xmlCtxtReadMemory(c, data, (int)len, name, NULL,
                                      ODK_OPTIONS);
    if (st.doctype) {
        prob(&p, st.doctype_line, "a DOCTYPE is not allowed in a submission "
             "(no DTDs, no entities)");
    } else if (!doc || !c->wellFormed || st.failed) {
        prob(&p, st.line, "not well-formed XML: %s",
             st.failed ? st.msg : "the parser failed");
    } else if (!xmlDocGetRootElement(doc)) {
        prob(&p, 1, "no root element");
    } else {
        read_root(&p, xmlDocGetRootElement(doc));
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(c);
    return p.n;
}

size_t amb_odk_check(const amb_form *f, const char *name,
                     const amb_odk_submission *s, amb_buf *problems)
{
    static const amb_form_value none = {NULL, 0};
    pctx p = {f, name, problems, 0, NULL, 0};
    for (size_t i = 0; i < f->nquestions; i++) {
        const amb_form_question *q = &f->questions[i];
        const amb_form_value *raw = amb_form_answers_get(&s->answers, q->id);
        char *msg = NULL;
        if (amb_form_validate_answer(f, q, raw ? raw : &none, &s->answers,
                                     "en", &msg) != 0)
            prob(&p, i < s->nlines ? s->lines[i] : s->root_line,
                 "question '%s': %s", q->id, msg ? msg : "invalid");
        free(msg);
    }
    return p.n;
}

void amb_odk_submission_clear(amb_odk_submission *s)
{
    free(s->cvr);
    free(s->instance_id);
    free(s->lines);
    amb_form_answers_free(&s->answers);
    memset(s, 0, sizeof *s);
}
