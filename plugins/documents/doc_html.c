/*
 * doc_html.c - the text of an HTML document through libxml2's HTML parser
 * (error-tolerant, no network): the body's text nodes in document order,
 * block elements as paragraph breaks, and nothing from script, style,
 * noscript, template, svg, iframe, object, canvas or head.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "ambit/plugin.h"
#include "doc_extract.h"
#include "text_clean.h"

#define TITLE_MAX 300

/* A growable output buffer; oom is set instead of failing each call. */
typedef struct obuf {
    char *s;
    size_t len, cap;
    int oom;
} obuf;

/* Append s[0..n) (NUL-terminated after); on allocation failure set oom
 * and drop the rest. */
static void put(obuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* A paragraph break, unless the output already ends in one. */
static void para(obuf *b)
{
    if (b->len == 0 || (b->len >= 2 && b->s[b->len - 1] == '\n' &&
                        b->s[b->len - 2] == '\n'))
        return;
    put(b, "\n\n", 2);
}

/* Text as HTML renders it: every run of white space one space. */
static void put_text(obuf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
            *p == '\f') {
            if (b->len && b->s[b->len - 1] != ' ' && b->s[b->len - 1] != '\n')
                put(b, " ", 1);
        } else {
            put(b, p, 1);
        }
    }
}

static int name_in(const xmlChar *name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (xmlStrcasecmp(name, (const xmlChar *)list[i]) == 0)
            return 1;
    return 0;
}

static const char *const skipped[] = {
    "script", "style", "noscript", "template", "svg", "iframe", "object",
    "canvas", "head", NULL};
static const char *const blocks[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "table", "tr", "td", "th", "section", "article", "header", "footer",
    "nav", "aside", "main", "blockquote", "pre", "hr", "dd", "dt", "dl",
    "figure", "figcaption", "form", "address", "caption", "body", NULL};

/* Walk the tree under root without recursion, writing its text. */
static void walk(xmlNode *root, obuf *b)
{
    xmlNode *n = root;
    while (n) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                put_text(b, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && !name_in(n->name, skipped)) {
            if (xmlStrcasecmp(n->name, (const xmlChar *)"br") == 0)
                put(b, "\n", 1);
            else if (name_in(n->name, blocks))
                para(b);
            descend = n->children != NULL;
        }
        if (descend) {
            n = n->children;
            continue;
        }
        /* Up until there is a next sibling, closing blocks on the way. */
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n && n->type == XML_ELEMENT_NODE && name_in(n->name, blocks))
                para(b);
        }
        if (!n || n == root)
            break;
        n = n->next;
    }
}

/* The first element named name in document order, or NULL. */
static xmlNode *find_element(xmlNode *n, const char *name, int depth)
{
    for (; n && depth < 64; n = n->next) {
        if (n->type == XML_ELEMENT_NODE &&
            xmlStrcasecmp(n->name, (const xmlChar *)name) == 0)
            return n;
        xmlNode *c = find_element(n->children, name, depth + 1);
        if (c)
            return c;
    }
    return NULL;
}

/* The document's <title>, white space collapsed, or NULL. */
static char *html_title(xmlDoc *doc)
{
    xmlNode *t = find_element(xmlDocGetRootElement(doc), "title", 0);
    if (!t)
        return NULL;
    xmlChar *content = xmlNodeGetContent(t);
    if (!content)
        return NULL;
    obuf b = {0};
    put_text(&b, (const char *)content);
    xmlFree(content);
    if (b.oom || !b.s) {
        free(b.s);
        return NULL;
    }
    size_t n = b.len;
    while (n > 0 && b.s[n - 1] == ' ')
        n--;
    if (n > TITLE_MAX) {
        n = TITLE_MAX;
        while (n > 0 && ((unsigned char)b.s[n] & 0xC0) == 0x80)
            n--;
    }
    b.s[n] = '\0';
    char *s = b.s[0] == ' ' ? b.s + 1 : b.s;
    char *title = *s ? strdup(s) : NULL;
    free(b.s);
    return title;
}

int amb_doc_html_text(const char *data, size_t n, const char *name,
                      char **text, size_t *len, char **title, char *err,
                      size_t errlen)
{
    *text = NULL;
    *len = 0;
    *title = NULL;
    if (n > (size_t)0x7fffffff) {
        snprintf(err, errlen, "documents: %s: too large for the HTML parser",
                 name);
        return AMB_ELIMIT;
    }
    /* Without a declared charset libxml2 would guess Latin-1: valid UTF-8
     * is read as UTF-8. */
    const char *enc = amb_text_utf8_valid(data, n) ? "UTF-8" : NULL;
    xmlDoc *doc = htmlReadMemory(data, (int)n, name, enc,
                                 HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING |
                                     HTML_PARSE_NONET);
    if (!doc) {
        snprintf(err, errlen, "documents: %s: not readable as HTML", name);
        return AMB_EPARSE;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *body = root ? find_element(root, "body", 0) : NULL;
    obuf b = {0};
    if (body || root)
        walk(body ? body : root, &b);
    *title = html_title(doc);
    xmlFreeDoc(doc);
    if (b.oom) {
        free(b.s);
        free(*title);
        *title = NULL;
        snprintf(err, errlen, "documents: %s: out of memory", name);
        return AMB_ENOMEM;
    }
    *text = b.s ? b.s : strdup("");
    *len = b.len;
    if (!*text) {
        free(*title);
        *title = NULL;
        snprintf(err, errlen, "documents: %s: out of memory", name);
        return AMB_ENOMEM;
    }
    return 0;
}
