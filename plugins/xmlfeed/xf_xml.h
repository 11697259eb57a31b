/*
 * xf_xml.h - the libxml2 side of the xmlfeed plugin: page input with a size
 * cap, captured parser errors, the streamable path subset, field XPaths,
 * text without entity expansion.
 *
 * Parser settings for every XML page: XML_PARSE_NONET (no network), no
 * XML_PARSE_NOENT (entities are not substituted), no DTD loading or
 * validation, no XML_PARSE_HUGE (libxml2's size and depth limits hold),
 * XML_PARSE_BIG_LINES (line numbers past 65535).  Pages are read through
 * xf_io callbacks, never by file name, so libxml2 decompresses nothing.
 * Entity references left in a tree are replaced by their text when it is
 * plain text and within XF_ENTITY_BUDGET per document, and dropped
 * otherwise, before any XPath sees the tree: XPath's string-value would
 * otherwise expand them (a 200 KB "quadratic blowup" document becomes
 * gigabytes).
 */
#ifndef XF_XML_H
#define XF_XML_H

#include <stdio.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

#include "xmlfeed.h"

#define XF_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | \
                        XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES)
/* Longest text one value may have. */
#define XF_MAX_VALUE ((size_t)1 << 20)

/* ------------------------------------------------------------ input */

typedef struct xf_io {
    FILE *fp;               /* owned when set */
    const char *data;       /* or memory */
    size_t len, pos;
    uint64_t total;         /* bytes handed to the parser */
    uint64_t size;          /* the input's size when known, else 0 */
    uint64_t cap;           /* 0: none */
    int over;               /* the cap was hit */
    int read_error;         /* errno of a failed read, or 0 */
    xf_run *run;            /* for progress */
    uint64_t next_progress;
} xf_io;

/* Open in for reading with an optional byte cap; 0, or AMB_EIO (recorded
 * through the run). */
amb_rc xf_io_open(xf_io *io, xf_run *r, const xf_input *in, uint64_t cap);
void xf_io_close(xf_io *io);
/* libxml2's xmlInputReadCallback over an xf_io (ud). */
int xf_io_read(void *ud, char *buf, int len);
/* The first up to n bytes of the input into buf without consuming them;
 * returns the count. */
size_t xf_io_peek(xf_io *io, char *buf, size_t n);

/* The error of a parse that names it best: the first fatal one (else the
 * first error), at the outermost place it was raised again. */
typedef struct xf_xml_error {
    int failed;
    int fatal;
    int line, col;
    char msg[256];
} xf_xml_error;
#if LIBXML_VERSION >= 21200
void xf_xml_on_error(void *ud, const xmlError *err);
#else
void xf_xml_on_error(void *ud, xmlErrorPtr err);
#endif
/* Fail the run with "NAME:LINE:COLUMN: XML error: ..." (or the cap or a
 * read error, which explain the parse error better). */
amb_rc xf_xml_fail(xf_run *r, const xf_io *io, const xf_xml_error *e,
                   const char *what);

/* ------------------------------------------------------------ paths */

#define XF_PATH_MAX_STEPS 16
#define XF_PATH_MAX_PREDS 4

typedef struct xf_name {
    char *local;            /* owned; NULL with any */
    char *ns;               /* owned namespace URI, NULL: no namespace */
    int any;                /* '*' */
} xf_name;

typedef struct xf_pred {
    xf_name attr;
    char *value;            /* owned */
} xf_pred;

typedef struct xf_step {
    xf_name name;
    size_t npreds;          /* only the last step has predicates */
    xf_pred preds[XF_PATH_MAX_PREDS];
} xf_step;

typedef enum xf_path_target {
    XF_PATH_ELEMENT = 0,
    XF_PATH_ATTRIBUTE,      /* .../@name */
    XF_PATH_TEXT            /* .../text() */
} xf_path_target;

/* A path of the streamable subset: "//a/b", "/a/b/c", or relative "a/b"
 * (from the root element, whatever its name), names with or without a prefix
 * from the namespaces option or '*', predicates [@attr='value'] on the
 * last step, and (for next) a final "@attr" or "text()". */
typedef struct xf_path {
    int anywhere;           /* "//" */
    size_t nsteps;
    xf_step steps[XF_PATH_MAX_STEPS];
    xf_path_target target;
    xf_name attr;           /* XF_PATH_ATTRIBUTE */
} xf_path;

/* Parse expr into p (zeroed first; free with xf_path_free in every case).
 * Returns 0, or -1 with why it is outside the subset in err. */
int xf_path_parse(const char *expr, const amb_opt *namespaces,
                  int allow_target, xf_path *p, char *err, size_t errlen);
void xf_path_free(xf_path *p);

/* An attribute of the current element: an owned value, or NULL. */
typedef char *(*xf_attr_fn)(void *ud, const char *local, const char *ns);
/* Whether the element whose open ancestors and itself are locals[0..n-1]
 * (with namespace URIs nss[], NULL for none) matches p. */
int xf_path_match(const xf_path *p, const char *const *locals,
                  const char *const *nss, size_t n, xf_attr_fn attr,
                  void *ud);

/* ------------------------------------------------------------ trees */

typedef struct xf_xpath {
    xmlXPathContextPtr ctx;
    xmlXPathCompExprPtr fields[XF_MAX_FIELDS];  /* NULL for constants */
    xmlXPathCompExprPtr entries, next;          /* NULL when not asked */
    char err[256];          /* the last XPath error */
} xf_xpath;

/* Compile the field XPaths (and entries and next when with_paths).
 * Returns 0, or AMB_ECONFIG / AMB_ENOMEM with "xmlfeed: ..." in err;
 * free with xf_xpath_free in every case. */
int xf_xpath_init(xf_xpath *x, const xf_opts *o, int with_paths, char *err,
                  size_t errlen);
void xf_xpath_free(xf_xpath *x);
/* Evaluate comp at node as a value: *out is the text (owned, NULL when
 * empty) and *line the source line of the node it came from.  0, or -1
 * with x->err (an XPath error or a value over XF_MAX_VALUE). */
int xf_xpath_value(xf_xpath *x, xmlXPathCompExprPtr comp, xmlNodePtr node,
                   char **out, long *line);
/* Extract the fields at node and store the entry through the run. */
amb_rc xf_xpath_entry(xf_run *r, xf_xpath *x, xmlNodePtr node,
                      unsigned long number);

/* The string-value of node (text and CDATA below it; entity references
 * contribute nothing): owned, NULL when out of memory or over max bytes
 * (*over set). */
char *xf_node_text(const xmlNode *node, size_t max, int *over);
/* The source line of node (exact below 65535, derived above). */
long xf_node_line(const xmlNode *node);
/* Replace the entity references under top (elements and attributes) by
 * their text when it is plain text within *budget (which shrinks), and
 * drop the others; returns how many were dropped. */
unsigned long xf_entities_neutralise(xmlNodePtr top, size_t *budget);

#endif
