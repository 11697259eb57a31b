/*
 * sdmx_xml.h - the SDMX-ML reader's state, shared by its two files:
 * sdmx_xml.c (the reader loop, data elements) and sdmx_xml_head.c (the
 * message header, DataSet ids, attribute and text helpers).
 */
#ifndef SDMX_XML_H
#define SDMX_XML_H

#include <libxml/xmlreader.h>

#include "sdmx.h"

enum { XML_ROOT_GENERIC = 1, XML_ROOT_SS, XML_ROOT_COMPACT, XML_ROOT_GROUP };

/* What the element being read in pieces is. */
enum { XCTX_NONE = 0, XCTX_SERIESKEY, XCTX_OBSKEY, XCTX_OBSATTR, XCTX_TIME,
       XCTX_DSID };

#define SDMX_XML_MAX_STRUCTURES 32

/* A message:Structure of a 2.1 header: which dimension the observations
 * carry (TIME_PERIOD, another dimension, or AllDimensions). */
typedef struct sdmx_xml_structure {
    char *id;            /* structureID (owned) */
    char *dim_at_obs;    /* dimensionAtObservation (owned), may be NULL */
} sdmx_xml_structure;

/* A growable text buffer. */
typedef struct sdmx_text {
    char *s;
    size_t len, cap;
} sdmx_text;

typedef struct sdmx_xml {
    sdmx_emit *e;
    sdmx_key key;
    xmlTextReaderPtr r;
    int kind;                   /* XML_ROOT_*, 0 before the root */
    /* the first error libxml2 reported */
    int xml_failed, err_line, err_col;
    char err_msg[400];
    /* header */
    int header_depth, header_seen;
    char *header_dsid;          /* message:DataSetID (owned) */
    sdmx_xml_structure structs[SDMX_XML_MAX_STRUCTURES];
    size_t nstructs;
    /* data: depths of the open elements, -1 when closed */
    int ds_depth, series_depth, obs_depth, skip_depth;
    int ctx, ctx_depth;
    long obs_line;
    const char *dim_at_obs;     /* of the open DataSet; borrowed */
    int all_dims;               /* dimensionAtObservation="AllDimensions" */
    sdmx_text text;             /* generic:Time or DataSetID content */
    sdmx_text vals[2];          /* a generic Value's id and value */
    int have_val[2];
    long text_line;             /* where the last text node ends */
} sdmx_xml;

/* The current node's line (elements: where their start tag is).  libxml2
 * caps element lines at 65535; past that, the line where the blank text
 * before the element ends (exact with XML_PARSE_BIG_LINES) is used. */
long sdmx_xml_line(const sdmx_xml *x);
/* Append n bytes to t; 0 or -1 when out of memory. */
int sdmx_text_add(sdmx_text *t, const char *s, size_t n);
/* t's content without surrounding whitespace, NUL-terminated in place. */
const char *sdmx_text_trimmed(sdmx_text *t);

/* Called with each attribute of the current element (namespace
 * declarations skipped): its local name, namespace URI (NULL when
 * unqualified) and value, all borrowed for the call only. */
typedef amb_rc (*sdmx_attr_fn)(sdmx_xml *x, void *ud, const char *name,
                               const char *ns, const char *value, long line);
amb_rc sdmx_xml_attributes(sdmx_xml *x, sdmx_attr_fn fn, void *ud,
                           long line);

/* Root element: sets x->kind or fails with "unknown root element". */
amb_rc sdmx_xml_root(sdmx_xml *x, const char *name, long line);
/* A message:Structure element of the header: remember its
 * dimensionAtObservation. */
amb_rc sdmx_xml_header_structure(sdmx_xml *x, long line);
/* A DataSet starts: derive its id, find its structure, start the key. */
amb_rc sdmx_xml_dataset_start(sdmx_xml *x, long line);
void sdmx_xml_head_free(sdmx_xml *x);

#endif
