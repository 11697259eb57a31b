/*
 * xf_xml.c - XML and HTML pages parsed into a tree (XML when the entries
 * or next expression is outside the streamable subset, or stream = false;
 * HTML always): page input with a size cap, captured parser errors, the
 * entries XPath over the tree and the next link.
 *
 * XML: xmlCtxtReadIO on a parser context of our own whose SAX structured
 * error handler records the first error; any error (a well-formedness or
 * namespace error) fails the page.  HTML: htmlCtxtReadIO with
 * HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
 * HTML_PARSE_NOWARNING, so tag soup becomes the tree a browser would
 * roughly build; the encoding is the option's, else the HTTP charset, else
 * the page's own <meta charset> when it has one, else UTF-8.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "xf_xml.h"

#define PROGRESS_STEP ((uint64_t)256 * 1024)

/* ------------------------------------------------------------ input */

amb_rc xf_io_open(xf_io *io, xf_run *r, const xf_input *in, uint64_t cap)
{
    memset(io, 0, sizeof *io);
    io->run = r;
    io->cap = cap;
    io->next_progress = PROGRESS_STEP;
    if (!in->path) {
        io->data = in->data ? in->data : "";
        io->len = in->len;
        io->size = in->len;
        return AMB_OK;
    }
    io->fp = fopen(in->path, "rb");
    if (!io->fp)
        return r->host->fail(r->ctx, AMB_EIO, "%s: cannot open %s: %s",
                             in->name, in->path, strerror(errno));
    struct stat st;
    if (fstat(fileno(io->fp), &st) == 0 && S_ISREG(st.st_mode))
        io->size = (uint64_t)st.st_size;
    return AMB_OK;
}

void xf_io_close(xf_io *io)
{
    if (io->fp)
        fclose(io->fp);
    io->fp = NULL;
}

int xf_io_read(void *ud, char *buf, int len)
{
    xf_io *io = ud;
    if (len <= 0)
        return 0;
    size_t want = (size_t)len, got;
    if (io->cap && io->total + want > io->cap + 1)
        want = (size_t)(io->cap + 1 - io->total);
    if (io->fp) {
        got = fread(buf, 1, want, io->fp);
        if (got < want && ferror(io->fp)) {
            io->read_error = errno ? errno : EIO;
            return -1;
        }
    } else {
        got = io->len - io->pos < want ? io->len - io->pos : want;
        memcpy(buf, io->data + io->pos, got);
        io->pos += got;
    }
    io->total += got;
    if (io->cap && io->total > io->cap) {
        io->over = 1;
        return -1;
    }
    if (io->total >= io->next_progress && io->run &&
        io->run->host->progress) {
        io->run->host->progress(io->run->ctx, io->total, io->size);
        io->next_progress = io->total + PROGRESS_STEP;
    }
    return (int)got;
}

size_t xf_io_peek(xf_io *io, char *buf, size_t n)
{
    if (!io->fp) {
        size_t k = io->len - io->pos < n ? io->len - io->pos : n;
        memcpy(buf, io->data + io->pos, k);
        return k;
    }
    long at = ftell(io->fp);
    size_t k = fread(buf, 1, n, io->fp);
    if (at < 0 || fseek(io->fp, at, SEEK_SET) != 0)
        return 0;
    return k;
}

/* ------------------------------------------------------------ errors */

#if LIBXML_VERSION >= 21200
void xf_xml_on_error(void *ud, const xmlError *err)
#else
void xf_xml_on_error(void *ud, xmlErrorPtr err)
#endif
{
    xf_xml_error *e = ud;
    if (!err || err->level < XML_ERR_ERROR)
        return;
    const char *m = err->message ? err->message : "malformed XML";
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
        n--;
    if (n >= sizeof e->msg)
        n = sizeof e->msg - 1;
    if (e->failed) {
        /* the same error raised again further out (an entity's error
         * reaching the document): keep the outer position */
        if (err->level == XML_ERR_FATAL && e->fatal &&
            strncmp(e->msg, m, n) == 0 && e->msg[n] == '\0') {
            e->line = err->line;
            e->col = err->int2;
        } else if (err->level == XML_ERR_FATAL && !e->fatal) {
            e->failed = 0;      /* a fatal error says more than an error */
        }
        if (e->failed)
            return;
    }
    e->failed = 1;
    e->fatal = err->level == XML_ERR_FATAL;
    e->line = err->line;
    e->col = err->int2;
    memcpy(e->msg, m, n);
    e->msg[n] = '\0';
}

amb_rc xf_xml_fail(xf_run *r, const xf_io *io, const xf_xml_error *e,
                   const char *what)
{
    const char *name = r->pages[r->npages - 1];
    if (io->over)
        return r->host->fail(r->ctx, AMB_ELIMIT, "%s: larger than max_bytes "
                             "(%llu bytes)%s", name,
                             (unsigned long long)io->cap,
                             r->o->format == XF_FORMAT_XML
                                 ? "; a streamable entries path avoids the "
                                   "limit"
                                 : "");
    if (io->read_error)
        return r->host->fail(r->ctx, AMB_EIO, "%s: read error: %s", name,
                             strerror(io->read_error));
    if (e && e->failed)
        return r->host->fail(r->ctx, AMB_EPARSE, "%s:%d:%d: %s error: %s",
                             name, e->line, e->col, what, e->msg);
    return r->host->fail(r->ctx, AMB_EPARSE, "%s: not a well-formed %s "
                         "document", name, what);
}

/* SAX errors of a parser context reach the context's userData (itself);
 * our record hangs on its _private. */
#if LIBXML_VERSION >= 21200
static void on_ctxt_error(void *ud, const xmlError *err)
#else
static void on_ctxt_error(void *ud, xmlErrorPtr err)
#endif
{
    xmlParserCtxtPtr ctxt = ud;
    if (ctxt && ctxt->_private)
        xf_xml_on_error(ctxt->_private, err);
}

/* ------------------------------------------------------------ parsing */

/* The HTML encoding to ask for (see the file comment). */
static const char *html_encoding(const xf_run *r, const xf_input *in,
                                 xf_io *io)
{
    if (r->o->encoding)
        return r->o->encoding;
    if (in->charset)
        return in->charset;
    char head[4096];
    size_t n = xf_io_peek(io, head, sizeof head - 1);
    head[n] = '\0';
    for (size_t i = 0; i + 7 <= n; i++)
        if (strncasecmp(head + i, "charset", 7) == 0)
            return NULL;
    return "UTF-8";
}

/* Parse the page into a tree; NULL after recording the error. */
static xmlDocPtr parse_tree(xf_run *r, const xf_input *in, xf_io *io)
{
    xmlDocPtr doc = NULL;
    if (r->o->format == XF_FORMAT_HTML) {
        const char *enc = html_encoding(r, in, io);
        htmlParserCtxtPtr c = htmlNewParserCtxt();
        if (!c) {
            r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
            return NULL;
        }
        doc = htmlCtxtReadIO(c, xf_io_read, NULL, io, NULL, enc,
                             HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                 HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
        htmlFreeParserCtxt(c);
        if (!doc || io->over || io->read_error) {
            xmlFreeDoc(doc);
            xf_xml_fail(r, io, NULL, "HTML");
            return NULL;
        }
        return doc;
    }
    xf_xml_error e;
    memset(&e, 0, sizeof e);
    xmlParserCtxtPtr c = xmlNewParserCtxt();
    if (!c) {
        r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
        return NULL;
    }
    c->_private = &e;
    c->sax->serror = on_ctxt_error;
    doc = xmlCtxtReadIO(c, xf_io_read, NULL, io, NULL, r->o->encoding,
                        XF_XML_OPTIONS);
    int bad = !doc || e.failed || !c->wellFormed || io->over ||
              io->read_error;
    if (!bad) {
        xmlFreeParserCtxt(c);
        return doc;
    }
    if (!e.failed) {
        xmlErrorPtr last = xmlCtxtGetLastError(c);
        if (last)
            xf_xml_on_error(&e, last);
    }
    xmlFreeParserCtxt(c);
    xmlFreeDoc(doc);
    xf_xml_fail(r, io, &e, "XML");
    return NULL;
}

/* Why entries may have matched nothing: an unprefixed name against a
 * root element in a namespace (the Atom pitfall). */
static void namespace_hint(xf_run *r, const xmlNode *root)
{
    if (!root->ns || !root->ns->href || strchr(r->o->entries, ':'))
        return;
    snprintf(r->hint, sizeof r->hint,
             "the root element <%s> is in namespace %s, and an XPath name "
             "without a prefix matches elements in no namespace: declare a "
             "prefix in 'namespaces' and use it",
             (const char *)root->name, (const char *)root->ns->href);
}

amb_rc xf_xml_page(xf_run *r, const xf_input *in, char **next)
{
    *next = NULL;
    xf_io io;
    amb_rc rc = xf_io_open(&io, r, in, r->o->max_bytes);
    if (rc)
        return rc;
    xmlDocPtr doc = parse_tree(r, in, &io);
    xf_io_close(&io);
    if (!doc)
        return AMB_EPARSE;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) {
        xmlFreeDoc(doc);
        return xf_run_fail(r, NULL, 0, AMB_EPARSE, "the document has no root "
                           "element");
    }
    size_t budget = XF_ENTITY_BUDGET;
    unsigned long dropped = xf_entities_neutralise((xmlNodePtr)doc, &budget);
    if (dropped)
        xf_run_warn(r, "%s: %lu entity references were not expanded (only "
                    "plain-text entities, %zu bytes per document)", in->name,
                    dropped, XF_ENTITY_BUDGET);
    xf_xpath x;
    char err[512];
    if ((rc = (amb_rc)xf_xpath_init(&x, r->o, 1, err, sizeof err))) {
        xf_xpath_free(&x);
        xmlFreeDoc(doc);
        return r->host->fail(r->ctx, rc, "%s", err);
    }
    x.ctx->doc = doc;
    x.ctx->node = root;
    xmlXPathObjectPtr set = xmlXPathCompiledEval(x.entries, x.ctx);
    if (!set || set->type != XPATH_NODESET) {
        rc = xf_run_fail(r, NULL, 0, AMB_ECONFIG, "entries '%s': %s",
                         r->o->entries, set ? "does not select elements"
                                            : x.err);
    } else {
        int n = set->nodesetval ? set->nodesetval->nodeNr : 0;
        if (n == 0)
            namespace_hint(r, root);
        for (int i = 0; i < n && rc == AMB_OK; i++) {
            xmlNodePtr node = set->nodesetval->nodeTab[i];
            if (node->type != XML_ELEMENT_NODE)
                rc = xf_run_fail(r, NULL, 0, AMB_ECONFIG, "entries '%s' "
                                 "selects something other than elements",
                                 r->o->entries);
            else
                rc = xf_xpath_entry(r, &x, node, (unsigned long)i + 1);
        }
    }
    xmlXPathFreeObject(set);
    long line;
    if (rc == AMB_OK && x.next && xf_xpath_value(&x, x.next, root, next,
                                                 &line))
        rc = xf_run_fail(r, NULL, 0, AMB_EPARSE, "next '%s': %s",
                         r->o->next, x.err);
    xf_xpath_free(&x);
    xmlFreeDoc(doc);
    if (io.size && r->host->progress)
        r->host->progress(r->ctx, io.total, io.size);
    return rc;
}
