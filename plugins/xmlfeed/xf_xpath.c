/*
 * xf_xpath.c - XPath over a page's tree (or one streamed entry's subtree):
 * compiling the options' expressions once per page, evaluating a field at
 * an entry, the string-value of a node without entity expansion, source
 * lines, and the entity neutralisation described in xf_xml.h.
 *
 * Each xf_xpath owns its xmlXPathContext with its own error handler; no
 * libxml2 global is touched.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/entities.h>
#include <libxml/xpathInternals.h>

#include "xf_xml.h"

/* ------------------------------------------------------------ errors */

/* What an XPath error code means (libxml2 hands its XPath errors to a
 * context's handler with the code but without a message). */
static const char *xpath_reason(int code)
{
    switch (code) {
    case XML_XPATH_NUMBER_ERROR:
        return "a number is malformed";
    case XML_XPATH_UNFINISHED_LITERAL_ERROR:
    case XML_XPATH_START_LITERAL_ERROR:
        return "a string literal is not closed";
    case XML_XPATH_VARIABLE_REF_ERROR:
    case XML_XPATH_UNDEF_VARIABLE_ERROR:
        return "variables are not available";
    case XML_XPATH_INVALID_PREDICATE_ERROR:
        return "a predicate [...] is malformed";
    case XML_XPATH_UNCLOSED_ERROR:
        return "a bracket is not closed";
    case XML_XPATH_UNKNOWN_FUNC_ERROR:
        return "unknown function";
    case XML_XPATH_INVALID_OPERAND:
    case XML_XPATH_INVALID_TYPE:
        return "an operand has the wrong type";
    case XML_XPATH_INVALID_ARITY:
        return "a function has the wrong number of arguments";
    case XML_XPATH_MEMORY_ERROR:
        return "out of memory";
    case XML_XPATH_UNDEF_PREFIX_ERROR:
        return "a namespace prefix is not declared in 'namespaces'";
    case XML_XPATH_INVALID_CHAR_ERROR:
    case XML_XPATH_ENCODING_ERROR:
        return "an invalid character";
    default:
        return "a syntax error";
    }
}

#if LIBXML_VERSION >= 21200
static void on_xpath_error(void *ud, const xmlError *err)
#else
static void on_xpath_error(void *ud, xmlErrorPtr err)
#endif
{
    xf_xpath *x = ud;
    if (!err) {
        snprintf(x->err, sizeof x->err, "XPath error");
        return;
    }
    const char *m = err->message;
    size_t n = m ? strlen(m) : 0;
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
        n--;
    if (n)
        snprintf(x->err, sizeof x->err, "%.*s", (int)n, m);
    else if (err->str1)
        snprintf(x->err, sizeof x->err, "%s (at character %d)",
                 xpath_reason(err->code), err->int1 + 1);
    else
        snprintf(x->err, sizeof x->err, "%s", xpath_reason(err->code));
}

/* XPath 1.0's functions and node type tests: libxml2 finds an unknown
 * function only when evaluating, and then prints to stderr itself. */
static const char *const xpath_functions[] = {
    "last", "position", "count", "id", "local-name", "namespace-uri",
    "name", "string", "concat", "starts-with", "contains",
    "substring-before", "substring-after", "substring", "string-length",
    "normalize-space", "translate", "boolean", "not", "true", "false",
    "lang", "number", "sum", "floor", "ceiling", "round", "node", "text",
    "comment", "processing-instruction", NULL};

static int name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (unsigned char)c >= 0x80;
}

static int name_char(char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Check the names of expr the options decide: every "prefix:" (outside
 * string literals; not an axis "name::") declared in namespaces, every
 * function called one of XPath 1.0's, no variables.  0, or -1 with why in
 * err. */
static int check_names(const char *expr, const amb_opt *namespaces,
                       char *err, size_t errlen)
{
    const char *s = expr;
    while (*s) {
        if (*s == '\'' || *s == '"') {
            const char *end = strchr(s + 1, *s);
            if (!end)
                return 0;           /* the compiler reports it */
            s = end + 1;
            continue;
        }
        if (*s == '$') {
            snprintf(err, errlen, "uses a variable, and the plugin defines "
                     "none");
            return -1;
        }
        if (!name_start(*s) || (s > expr && name_char(s[-1]))) {
            s++;
            continue;
        }
        const char *start = s;
        while (name_char(*s))
            s++;
        size_t n = (size_t)(s - start);
        if (*s == ':' && s[1] != ':') {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "%.*s", (int)n, start);
            if (!amb_opt_string(namespaces, prefix, NULL)) {
                snprintf(err, errlen, "uses the prefix '%s', which option "
                         "'namespaces' does not declare", prefix);
                return -1;
            }
            s++;
            continue;
        }
        const char *p = s;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != '(')
            continue;
        int known = 0;
        for (size_t i = 0; xpath_functions[i] && !known; i++)
            known = strlen(xpath_functions[i]) == n &&
                    strncmp(xpath_functions[i], start, n) == 0;
        if (!known) {
            snprintf(err, errlen, "calls '%.*s()', which is not an XPath 1.0 "
                     "function", (int)(n > 40 ? 40 : n), start);
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ compiling */

/* Compile expr (named what in messages). */
static int compile(xf_xpath *x, const xf_opts *o, const char *expr,
                   const char *what, xmlXPathCompExprPtr *out, char *err,
                   size_t errlen)
{
    char why[160];
    if (check_names(expr, o->namespaces, why, sizeof why)) {
        snprintf(err, errlen, "xmlfeed: %s: '%.80s' %s", what, expr, why);
        return AMB_ECONFIG;
    }
    x->err[0] = '\0';
    *out = xmlXPathCtxtCompile(x->ctx, (const xmlChar *)expr);
    if (*out)
        return 0;
    snprintf(err, errlen, "xmlfeed: %s: '%.80s' is not a valid XPath "
             "expression%s%s", what, expr, x->err[0] ? ": " : "", x->err);
    return AMB_ECONFIG;
}

int xf_xpath_init(xf_xpath *x, const xf_opts *o, int with_paths, char *err,
                  size_t errlen)
{
    memset(x, 0, sizeof *x);
    x->ctx = xmlXPathNewContext(NULL);
    if (!x->ctx) {
        snprintf(err, errlen, "xmlfeed: out of memory");
        return AMB_ENOMEM;
    }
    x->ctx->error = on_xpath_error;
    x->ctx->userData = x;
    for (size_t i = 0; o->namespaces && i < o->namespaces->count; i++) {
        const amb_opt *ns = &o->namespaces->items[i];
        if (xmlXPathRegisterNs(x->ctx, (const xmlChar *)ns->key,
                               (const xmlChar *)ns->string) != 0) {
            snprintf(err, errlen, "xmlfeed: namespaces.%s cannot be "
                     "registered", ns->key);
            return AMB_ECONFIG;
        }
    }
    int rc;
    for (size_t i = 0; i < o->nfields; i++) {
        if (!o->fields[i].path)
            continue;
        char what[96];
        snprintf(what, sizeof what, "fields.%s", o->fields[i].name);
        if ((rc = compile(x, o, o->fields[i].path, what, &x->fields[i], err,
                          errlen)))
            return rc;
    }
    if (with_paths && o->entries &&
        (rc = compile(x, o, o->entries, "entries", &x->entries, err, errlen)))
        return rc;
    if (with_paths && o->next &&
        (rc = compile(x, o, o->next, "next", &x->next, err, errlen)))
        return rc;
    return 0;
}

void xf_xpath_free(xf_xpath *x)
{
    for (size_t i = 0; i < XF_MAX_FIELDS; i++)
        xmlXPathFreeCompExpr(x->fields[i]);
    xmlXPathFreeCompExpr(x->entries);
    xmlXPathFreeCompExpr(x->next);
    if (x->ctx)
        xmlXPathFreeContext(x->ctx);
    memset(x, 0, sizeof *x);
}

/* ------------------------------------------------------------ text */

/* Append n bytes to the growing *buf; 0, or -1 (out of memory, or the
 * value would pass max: *over). */
static int append(char **buf, size_t *len, size_t *cap, const char *s,
                  size_t n, size_t max, int *over)
{
    if (*len + n > max) {
        *over = 1;
        return -1;
    }
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 64;
        while (c < *len + n + 1)
            c *= 2;
        char *b = realloc(*buf, c);
        if (!b)
            return -1;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 0;
}

char *xf_node_text(const xmlNode *node, size_t max, int *over)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    *over = 0;
    if (append(&buf, &len, &cap, "", 0, max, over))
        return NULL;
    const xmlNode *top = node, *n = node;
    if (node->type == XML_NAMESPACE_DECL) {
        const xmlNs *ns = (const xmlNs *)node;
        const char *href = ns->href ? (const char *)ns->href : "";
        if (append(&buf, &len, &cap, href, strlen(href), max, over))
            goto fail;
        return buf;
    }
    if (node->type == XML_ATTRIBUTE_NODE || node->type == XML_ELEMENT_NODE ||
        node->type == XML_DOCUMENT_NODE ||
        node->type == XML_HTML_DOCUMENT_NODE) {
        n = node->children;
        if (!n)
            return buf;
    } else if (node->type != XML_TEXT_NODE &&
               node->type != XML_CDATA_SECTION_NODE) {
        const char *c = node->content ? (const char *)node->content : "";
        if (append(&buf, &len, &cap, c, strlen(c), max, over))
            goto fail;
        return buf;
    }
    /* document order below top, without recursion */
    while (n) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
            n->content &&
            append(&buf, &len, &cap, (const char *)n->content,
                   strlen((const char *)n->content), max, over))
            goto fail;
        if (n == top)
            break;
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != top && !n->next)
            n = n->parent;
        if (!n || n == top)
            break;
        n = n->next;
    }
    return buf;
fail:
    free(buf);
    return NULL;
}

long xf_node_line(const xmlNode *node)
{
    if (node->type == XML_ATTRIBUTE_NODE)
        node = node->parent;
    if (!node || node->type == XML_NAMESPACE_DECL)
        return 0;
    if (node->line > 0 && node->line < 65535)
        return node->line;
    /* past 65535 libxml2 keeps the line in the psvi of text nodes: the
     * line where the text ends, so count back over its line breaks */
    const xmlNode *n = node;
    for (int steps = 0; n && steps < 64; steps++) {
        if (n->type == XML_TEXT_NODE && n->psvi) {
            long line = (long)(ptrdiff_t)n->psvi;
            for (const xmlChar *c = n->content; c && *c; c++)
                line -= *c == '\n';
            return line > 0 ? line : 1;
        }
        n = n->children ? n->children : n->next;
    }
    long l = xmlGetLineNo(node);
    return l > 0 ? l : 0;
}

/* ------------------------------------------------------------ entities */

/* Replace (or drop) the entity reference node n; returns 1 when dropped. */
static int replace_ref(xmlNodePtr n, size_t *budget)
{
    xmlEntityPtr ent = xmlGetDocEntity(n->doc, n->name);
    xmlNodePtr text = NULL;
    if (ent && ent->etype == XML_INTERNAL_GENERAL_ENTITY && ent->content) {
        const char *c = (const char *)ent->content;
        size_t len = strlen(c);
        if (len <= *budget && !strchr(c, '&') && !strchr(c, '<')) {
            text = xmlNewDocText(n->doc, ent->content);
            if (text)
                *budget -= len;
        }
    }
    if (text)
        xmlReplaceNode(n, text);
    else
        xmlUnlinkNode(n);
    xmlFreeNode(n);
    return text == NULL;
}

/* Neutralise one sibling list (attribute children: no elements below). */
static unsigned long neutralise_list(xmlNodePtr n, size_t *budget)
{
    unsigned long dropped = 0;
    while (n) {
        xmlNodePtr next = n->next;
        if (n->type == XML_ENTITY_REF_NODE)
            dropped += (unsigned long)replace_ref(n, budget);
        n = next;
    }
    return dropped;
}

unsigned long xf_entities_neutralise(xmlNodePtr top, size_t *budget)
{
    unsigned long dropped = 0;
    xmlNodePtr n = top;
    while (n) {
        xmlNodePtr next;
        if (n->type == XML_ELEMENT_NODE)
            for (xmlAttrPtr a = n->properties; a; a = a->next)
                dropped += neutralise_list(a->children, budget);
        if (n->type != XML_ENTITY_REF_NODE &&
            (n->type == XML_ELEMENT_NODE || n->type == XML_DOCUMENT_NODE ||
             n->type == XML_HTML_DOCUMENT_NODE) && n->children) {
            n = n->children;
            continue;
        }
        /* leave n (replacing it when it is a reference), then go on */
        xmlNodePtr cur = n;
        while (cur != top && !cur->next)
            cur = cur->parent;
        next = cur == top ? NULL : cur->next;
        if (n->type == XML_ENTITY_REF_NODE && n != top)
            dropped += (unsigned long)replace_ref(n, budget);
        n = next;
    }
    return dropped;
}

/* ------------------------------------------------------------ values */

int xf_xpath_value(xf_xpath *x, xmlXPathCompExprPtr comp, xmlNodePtr node,
                   char **out, long *line)
{
    *out = NULL;
    *line = xf_node_line(node);
    x->err[0] = '\0';
    x->ctx->doc = node->doc;
    x->ctx->node = node;
    xmlXPathObjectPtr obj = xmlXPathCompiledEval(comp, x->ctx);
    if (!obj) {
        if (!x->err[0])
            snprintf(x->err, sizeof x->err, "the expression failed");
        return -1;
    }
    int rc = 0, over = 0;
    switch (obj->type) {
    case XPATH_NODESET:
        if (obj->nodesetval && obj->nodesetval->nodeNr > 0) {
            xmlNodePtr first = obj->nodesetval->nodeTab[0];
            *line = xf_node_line(first);
            *out = xf_node_text(first, XF_MAX_VALUE, &over);
            if (!*out)
                rc = -1;
        }
        break;
    case XPATH_STRING:
        if (obj->stringval &&
            strlen((const char *)obj->stringval) > XF_MAX_VALUE) {
            over = 1;
            rc = -1;
            break;
        }
        *out = strdup(obj->stringval ? (const char *)obj->stringval : "");
        if (!*out)
            rc = -1;
        break;
    default: {
        xmlChar *s = xmlXPathCastToString(obj);
        *out = s ? strdup((const char *)s) : NULL;
        xmlFree(s);
        if (!*out)
            rc = -1;
        break;
    }
    }
    xmlXPathFreeObject(obj);
    if (rc && !x->err[0])
        snprintf(x->err, sizeof x->err, over ? "the value is longer than "
                 "%zu bytes" : "out of memory", XF_MAX_VALUE);
    if (*out && !**out) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

amb_rc xf_xpath_entry(xf_run *r, xf_xpath *x, xmlNodePtr node,
                      unsigned long number)
{
    const xf_opts *o = r->o;
    xf_entry e;
    char *vals[XF_MAX_FIELDS] = {0};
    memset(&e, 0, sizeof e);
    e.number = number;
    e.entry_line = xf_node_line(node);
    amb_rc rc = AMB_OK;
    for (size_t i = 0; i < o->nfields; i++) {
        if (!x->fields[i])
            continue;
        if (xf_xpath_value(x, x->fields[i], node, &vals[i], &e.line[i])) {
            rc = xf_run_fail(r, &e, 0, AMB_EPARSE, "field '%s' ('%s'): %s",
                             o->fields[i].name, o->fields[i].path, x->err);
            break;
        }
        e.raw[i] = vals[i];
    }
    if (rc == AMB_OK)
        rc = xf_run_entry(r, &e);
    for (size_t i = 0; i < o->nfields; i++)
        free(vals[i]);
    return rc;
}
