/*
 * xf_stream.c - XML pages streamed with xmlTextReader: memory stays at the
 * size of one entry whatever the size of the feed.
 *
 * The reader walks the document; every element is matched against the
 * entries path (xf_path.c) using the names of its open ancestors, kept by
 * depth.  A matching element is expanded (its subtree built), its entity
 * references neutralised, its fields evaluated with the same XPath code as
 * a whole tree, and then skipped with xmlTextReaderNext, which frees it.
 * Outside the entries, the first element matching the next path gives the
 * next page's link (an attribute read from the node, or its text).
 *
 * Entries nested inside an entry are not visited (the subtree is skipped);
 * next links inside entries are not looked for.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "xf_xml.h"

/* A walk result that is not an amb_rc: the reader failed, and its error
 * handler (or the input) says why. */
#define READER_FAILED 1000

int xf_stream_possible(const xf_opts *o, char *err, size_t errlen)
{
    char why[200] = "";
    if (o->format != XF_FORMAT_XML || !o->entries || o->stream == 0) {
        snprintf(err, errlen, "%s", o->stream == 0 ? "stream = false"
                                                   : "not an XML feed");
        return 0;
    }
    xf_path p;
    int ok = xf_path_parse(o->entries, o->namespaces, 0, &p, why,
                           sizeof why) == 0;
    xf_path_free(&p);
    if (!ok) {
        snprintf(err, errlen, "entries '%.80s' does not stream: %s",
                 o->entries, why);
        return 0;
    }
    if (o->next) {
        ok = xf_path_parse(o->next, o->namespaces, 1, &p, why,
                           sizeof why) == 0;
        xf_path_free(&p);
        if (!ok) {
            snprintf(err, errlen, "next '%.80s' does not stream: %s",
                     o->next, why);
            return 0;
        }
    }
    return 1;
}

/* The attribute local (in namespace ns, NULL: none) of element ud, as
 * text without entity expansion; owned, or NULL when absent. */
static char *node_attr(void *ud, const char *local, const char *ns)
{
    const xmlNode *node = ud;
    for (const xmlAttr *a = node ? node->properties : NULL; a; a = a->next) {
        const char *ans = a->ns && a->ns->href ? (const char *)a->ns->href
                                               : NULL;
        if (strcmp((const char *)a->name, local) != 0 ||
            (ns ? !ans || strcmp(ns, ans) != 0 : ans != NULL))
            continue;
        int over;
        return xf_node_text((const xmlNode *)a, XF_MAX_VALUE, &over);
    }
    return NULL;
}

/* One streamed page. */
typedef struct stream {
    xf_run *r;
    xmlTextReaderPtr rd;
    xf_path entries, next;
    int has_next;
    xf_xpath x;
    const char **locals, **nss;     /* open elements by depth (dict) */
    size_t cap;
    size_t budget;                  /* entity text left */
    unsigned long dropped;
    unsigned long number;
    char *link;                     /* the next link found, owned */
} stream;

/* Room for the names of open elements down to depth; 0 or -1. */
static int grow_stack(stream *s, size_t depth)
{
    if (depth < s->cap)
        return 0;
    size_t cap = s->cap ? s->cap * 2 : 32;
    while (cap <= depth)
        cap *= 2;
    const char **l = realloc(s->locals, cap * sizeof *l);
    if (!l)
        return -1;
    s->locals = l;
    const char **n = realloc(s->nss, cap * sizeof *n);
    if (!n)
        return -1;
    s->nss = n;
    s->cap = cap;
    return 0;
}

/* The next link at the current element (matched by s->next): AMB_OK,
 * READER_FAILED, or an error already recorded. */
static int take_link(stream *s, xmlNodePtr cur)
{
    int over = 0;
    if (s->next.target == XF_PATH_ATTRIBUTE) {
        s->link = node_attr(cur, s->next.attr.local, s->next.attr.ns);
        return AMB_OK;
    }
    xmlNodePtr node = xmlTextReaderExpand(s->rd);
    if (!node)
        return READER_FAILED;
    s->dropped += xf_entities_neutralise(node, &s->budget);
    if (s->next.target == XF_PATH_TEXT) {
        for (xmlNodePtr c = node->children; c; c = c->next)
            if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                node = c;
                break;
            }
        if (node->type == XML_ELEMENT_NODE)
            return AMB_OK;
    }
    s->link = xf_node_text(node, XF_MAX_VALUE, &over);
    if (!s->link)
        return xf_run_fail(s->r, NULL, xf_node_line(node),
                           over ? AMB_ELIMIT : AMB_ENOMEM, "next: %s",
                           over ? "the link is too long" : "out of memory");
    return AMB_OK;
}

/* Read the whole page: AMB_OK, READER_FAILED (not yet reported), or an
 * error already recorded. */
static int walk(stream *s)
{
    int rc = AMB_OK;
    int ret = xmlTextReaderRead(s->rd);
    while (ret == 1) {
        if (xmlTextReaderNodeType(s->rd) != XML_READER_TYPE_ELEMENT) {
            ret = xmlTextReaderRead(s->rd);
            continue;
        }
        int d = xmlTextReaderDepth(s->rd);
        if (d < 0 || grow_stack(s, (size_t)d))
            return s->r->host->fail(s->r->ctx, AMB_ENOMEM,
                                    "xmlfeed: out of memory");
        s->locals[d] = (const char *)xmlTextReaderConstLocalName(s->rd);
        s->nss[d] = (const char *)xmlTextReaderConstNamespaceUri(s->rd);
        xmlNodePtr cur = xmlTextReaderCurrentNode(s->rd);
        if (d == 0 && s->nss[0] && !strchr(s->r->o->entries, ':'))
            snprintf(s->r->hint, sizeof s->r->hint,
                     "the root element <%s> is in namespace %s, and a name "
                     "without a prefix matches elements in no namespace: "
                     "declare a prefix in 'namespaces' and use it",
                     s->locals[0], s->nss[0]);
        if (xf_path_match(&s->entries, s->locals, s->nss, (size_t)d + 1,
                          node_attr, cur)) {
            xmlNodePtr node = xmlTextReaderExpand(s->rd);
            if (!node)
                return READER_FAILED;
            s->dropped += xf_entities_neutralise(node, &s->budget);
            if ((rc = xf_xpath_entry(s->r, &s->x, node, ++s->number)))
                return rc;
            ret = xmlTextReaderNext(s->rd);
            continue;
        }
        if (s->has_next && !s->link &&
            xf_path_match(&s->next, s->locals, s->nss, (size_t)d + 1,
                          node_attr, cur) &&
            (rc = take_link(s, cur)))
            return rc;
        ret = xmlTextReaderRead(s->rd);
    }
    return ret < 0 ? READER_FAILED : AMB_OK;
}

amb_rc xf_stream_page(xf_run *r, const xf_input *in, char **next)
{
    *next = NULL;
    stream s;
    memset(&s, 0, sizeof s);
    s.r = r;
    s.budget = XF_ENTITY_BUDGET;
    char err[512];
    amb_rc rc = AMB_OK;
    if (xf_path_parse(r->o->entries, r->o->namespaces, 0, &s.entries, err,
                      sizeof err) ||
        (r->o->next && xf_path_parse(r->o->next, r->o->namespaces, 1,
                                     &s.next, err, sizeof err)))
        rc = r->host->fail(r->ctx, AMB_ECONFIG, "xmlfeed: %s", err);
    s.has_next = r->o->next != NULL;
    if (rc == AMB_OK) {
        int irc = xf_xpath_init(&s.x, r->o, 0, err, sizeof err);
        if (irc)
            rc = r->host->fail(r->ctx, (amb_rc)irc, "%s", err);
    }
    xf_io io;
    memset(&io, 0, sizeof io);
    if (rc == AMB_OK)
        rc = xf_io_open(&io, r, in, 0);
    xf_xml_error e;
    memset(&e, 0, sizeof e);
    if (rc == AMB_OK) {
        s.rd = xmlReaderForIO(xf_io_read, NULL, &io, NULL, r->o->encoding,
                              XF_XML_OPTIONS);
        if (!s.rd)
            rc = r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
    }
    if (rc == AMB_OK) {
        xmlTextReaderSetStructuredErrorHandler(s.rd, xf_xml_on_error, &e);
        int w = walk(&s);
        if (w == READER_FAILED || (w == AMB_OK && e.failed))
            rc = xf_xml_fail(r, &io, &e, "XML");
        else
            rc = (amb_rc)w;
    }
    if (s.rd)
        xmlFreeTextReader(s.rd);
    xf_io_close(&io);
    if (rc == AMB_OK && s.dropped)
        xf_run_warn(r, "%s: %lu entity references were not expanded (only "
                    "plain-text entities, %zu bytes per document)", in->name,
                    s.dropped, XF_ENTITY_BUDGET);
    if (rc == AMB_OK && io.size && r->host->progress)
        r->host->progress(r->ctx, io.total, io.size);
    if (rc == AMB_OK && s.link && *s.link) {
        *next = s.link;
        s.link = NULL;
    }
    free(s.link);
    free(s.locals);
    free(s.nss);
    xf_xpath_free(&s.x);
    xf_path_free(&s.entries);
    xf_path_free(&s.next);
    return rc;
}
