/*
 * sdmx_xml.c - SDMX-ML data messages through libxml2's streaming reader.
 *
 * One pass over the document with xmlTextReaderRead: the reader keeps only
 * the path from the root to the current node, so memory does not grow with
 * the file.  The reader is created per parse with its own structured error
 * handler; no libxml2 global (error handlers, entity loader) is touched.
 *
 * Safety: XML_PARSE_NONET (nothing is fetched), no DTD loading, no entity
 * substitution, libxml2's default size limits (no XML_PARSE_HUGE).  A
 * DOCTYPE is refused as soon as the reader reports it: SDMX messages have
 * none, so an entity never reaches the data.
 *
 * Elements are recognised by local name in their place: Header and DataSet
 * under the root; Series and Obs under a DataSet (Obs also under Series);
 * SeriesKey/Value, ObsKey/Value, ObsDimension, ObsValue, Attributes/Value
 * and Time inside generic series and observations.  The dimension values
 * of compact and structure-specific messages are the unqualified
 * attributes of Series and Obs.  Everything else (Group, Annotations,
 * series attributes, Footer...) is skipped with its subtree.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "sdmx_xml.h"

#define PROGRESS_STEP ((uint64_t)256 * 1024)

/* ------------------------------------------------------------ errors */

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *arg, const xmlError *err)
#else
static void on_xml_error(void *arg, xmlErrorPtr err)
#endif
{
    sdmx_xml *x = arg;
    if (!err || err->level < XML_ERR_ERROR || x->xml_failed)
        return;
    x->xml_failed = 1;
    x->err_line = err->line;
    x->err_col = err->int2;
    const char *m = err->message ? err->message : "malformed XML";
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
        n--;
    if (n >= sizeof x->err_msg)
        n = sizeof x->err_msg - 1;
    memcpy(x->err_msg, m, n);
    x->err_msg[n] = '\0';
}

static amb_rc xml_error(const sdmx_xml *x)
{
    return x->e->host->fail(x->e->ctx, AMB_EPARSE, "%s:%d:%d: XML error: %s",
                            x->e->file, x->err_line, x->err_col, x->err_msg);
}

/* ------------------------------------------------------------ elements */

static amb_rc series_attr(sdmx_xml *x, void *ud, const char *name,
                          const char *ns, const char *value, long line)
{
    (void)ud;
    if (ns)
        return AMB_OK;   /* xsi:type and the like */
    if (!x->e->opts->ndims && sdmx_is_known_attribute(name) &&
        !sdmx_is_time_name(x->e->opts, name))
        return AMB_OK;
    return sdmx_key_series_part(&x->key, name, value, line);
}

static amb_rc obs_attr(sdmx_xml *x, void *ud, const char *name,
                       const char *ns, const char *value, long line)
{
    (void)ud;
    const sdmx_opts *o = x->e->opts;
    if (ns)
        return AMB_OK;
    if (strcmp(name, "OBS_VALUE") == 0)
        return sdmx_key_obs_value(&x->key, value, line);
    int is_flag = o->flag ? strcmp(name, o->flag) == 0
                          : strcmp(name, "OBS_STATUS") == 0 ||
                                strcmp(name, "OBS_FLAG") == 0;
    if (is_flag)
        return sdmx_key_obs_attribute(&x->key, name, value, line);
    if (sdmx_is_time_name(o, name) || sdmx_is_listed_dim(o, name) ||
        (x->dim_at_obs && strcmp(name, x->dim_at_obs) == 0) ||
        (x->all_dims && !o->ndims && !sdmx_is_known_attribute(name)))
        return sdmx_key_obs_part(&x->key, name, value, line);
    return AMB_OK;
}

/* id= (2.1) or concept= (2.0), and value= of a generic Value element:
 * copied into x->vals (a later attribute may reuse the reader's buffer);
 * NULL when absent. */
typedef struct value_attrs {
    const char *id, *value;
} value_attrs;

static amb_rc value_attr(sdmx_xml *x, void *ud, const char *name,
                         const char *ns, const char *value, long line)
{
    (void)ud, (void)ns;
    int slot = strcmp(name, "id") == 0 || strcmp(name, "concept") == 0 ? 0
               : strcmp(name, "value") == 0                           ? 1
                                                                      : -1;
    if (slot < 0)
        return AMB_OK;
    x->vals[slot].len = 0;
    if (sdmx_text_add(&x->vals[slot], value, strlen(value)) < 0)
        return sdmx_fail(x->e, AMB_ENOMEM, line, "out of memory");
    x->have_val[slot] = 1;
    return AMB_OK;
}

/* Read a generic Value (or ObsDimension, ObsValue) element's attributes;
 * v's strings live until the next call. */
static amb_rc read_value(sdmx_xml *x, value_attrs *v, long line)
{
    x->have_val[0] = x->have_val[1] = 0;
    amb_rc rc = sdmx_xml_attributes(x, value_attr, NULL, line);
    v->id = x->have_val[0] ? x->vals[0].s : NULL;
    v->value = x->have_val[1] ? x->vals[1].s : NULL;
    return rc;
}

/* Returned by the element handlers below for an element that is not
 * theirs: it is skipped with its subtree.  Otherwise they return an
 * amb_rc (AMB_OK or a failure). */
#define XML_SKIP 1

/* An element inside a generic observation. */
static int obs_child(sdmx_xml *x, const char *name, int depth, long line)
{
    const sdmx_opts *o = x->e->opts;
    value_attrs v;
    amb_rc rc;
    if (x->ctx == XCTX_OBSKEY || x->ctx == XCTX_OBSATTR) {
        if (depth != x->ctx_depth + 1 || strcmp(name, "Value") != 0)
            return XML_SKIP;
        if ((rc = read_value(x, &v, line)) < 0)
            return rc;
        if (!v.id)
            return sdmx_fail(x->e, AMB_EPARSE, line,
                             "a Value without id or concept");
        if (x->ctx == XCTX_OBSKEY)
            return sdmx_key_obs_part(&x->key, v.id, v.value ? v.value : "",
                                     line);
        return sdmx_key_obs_attribute(&x->key, v.id, v.value ? v.value : "",
                                      line);
    }
    if (depth != x->obs_depth + 1)
        return XML_SKIP;
    if (strcmp(name, "ObsDimension") == 0) {
        if ((rc = read_value(x, &v, line)) < 0)
            return rc;
        const char *id = v.id                             ? v.id
                         : x->dim_at_obs && !x->all_dims ? x->dim_at_obs
                         : o->time                        ? o->time
                                                          : "TIME_PERIOD";
        return sdmx_key_obs_part(&x->key, id, v.value ? v.value : "", line);
    }
    if (strcmp(name, "ObsValue") == 0) {
        if ((rc = read_value(x, &v, line)) < 0)
            return rc;
        return v.value ? sdmx_key_obs_value(&x->key, v.value, line) : AMB_OK;
    }
    int ctx = strcmp(name, "ObsKey") == 0       ? XCTX_OBSKEY
              : strcmp(name, "Attributes") == 0 ? XCTX_OBSATTR
              : strcmp(name, "Time") == 0       ? XCTX_TIME
                                                : XCTX_NONE;
    if (ctx == XCTX_NONE)
        return XML_SKIP;
    x->ctx = ctx;
    x->ctx_depth = depth;
    x->text.len = 0;
    return AMB_OK;
}

static amb_rc obs_start(sdmx_xml *x, int depth, long line)
{
    sdmx_key_obs_start(&x->key);
    x->obs_depth = depth;
    x->obs_line = line;
    return sdmx_xml_attributes(x, obs_attr, NULL, line);
}

/* An element inside a DataSet. */
static int data_element(sdmx_xml *x, const char *name, int depth,
                           long line)
{
    if (x->obs_depth >= 0)
        return obs_child(x, name, depth, line);
    if (x->series_depth >= 0) {
        if (x->ctx == XCTX_SERIESKEY) {
            if (depth != x->ctx_depth + 1 || strcmp(name, "Value") != 0)
                return XML_SKIP;
            value_attrs v;
            amb_rc rc = read_value(x, &v, line);
            if (rc < 0)
                return rc;
            if (!v.id)
                return sdmx_fail(x->e, AMB_EPARSE, line,
                                 "a Value without id or concept");
            return sdmx_key_series_part(&x->key, v.id,
                                        v.value ? v.value : "", line);
        }
        if (depth != x->series_depth + 1)
            return XML_SKIP;
        if (strcmp(name, "SeriesKey") == 0) {
            x->ctx = XCTX_SERIESKEY;
            x->ctx_depth = depth;
            return AMB_OK;
        }
        return strcmp(name, "Obs") == 0 ? (int)obs_start(x, depth, line)
                                        : XML_SKIP;
    }
    if (depth != x->ds_depth + 1)
        return XML_SKIP;
    if (strcmp(name, "Series") == 0) {
        sdmx_key_series_start(&x->key, line);
        x->series_depth = depth;
        return (int)sdmx_xml_attributes(x, series_attr, NULL, line);
    }
    return strcmp(name, "Obs") == 0 ? (int)obs_start(x, depth, line)
                                    : XML_SKIP;
}

/* An element inside the header. */
static int header_element(sdmx_xml *x, const char *name, int depth,
                             long line)
{
    if (depth != x->header_depth + 1)
        return XML_SKIP;
    if (strcmp(name, "Structure") == 0) {
        amb_rc rc = sdmx_xml_header_structure(x, line);
        return rc < 0 ? (int)rc : XML_SKIP;   /* its children are not needed */
    }
    if (strcmp(name, "DataSetID") == 0 && !x->header_dsid) {
        x->ctx = XCTX_DSID;
        x->ctx_depth = depth;
        x->text.len = 0;
        return AMB_OK;
    }
    return XML_SKIP;
}

static amb_rc on_end(sdmx_xml *x, int depth);

static amb_rc on_element(sdmx_xml *x, int depth, int empty)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(x->r);
    long line = sdmx_xml_line(x);
    int rc = XML_SKIP;
    if (!name)
        name = "";
    if (depth == 0) {
        rc = sdmx_xml_root(x, name, line);
    } else if (depth == 1) {
        if (strcmp(name, "Header") == 0 && !x->header_seen) {
            x->header_seen = 1;
            x->header_depth = depth;
            rc = AMB_OK;
        } else if (strcmp(name, "DataSet") == 0) {
            x->ds_depth = depth;
            rc = (int)sdmx_xml_dataset_start(x, line);
        }
    } else if (x->header_depth >= 0) {
        rc = header_element(x, name, depth, line);
    } else if (x->ds_depth >= 0) {
        rc = data_element(x, name, depth, line);
    }
    if (rc < 0)
        return (amb_rc)rc;
    if (rc == XML_SKIP) {   /* not ours: skip it and its subtree */
        if (!empty)
            x->skip_depth = depth;
        return AMB_OK;
    }
    return empty ? on_end(x, depth) : AMB_OK;
}

static amb_rc on_end(sdmx_xml *x, int depth)
{
    amb_rc rc = AMB_OK;
    if (x->ctx != XCTX_NONE && depth == x->ctx_depth) {
        int ctx = x->ctx;
        x->ctx = XCTX_NONE;
        if (ctx == XCTX_SERIESKEY)
            return sdmx_key_series_done(&x->key);
        if (ctx == XCTX_TIME)
            return sdmx_key_obs_part(&x->key, x->e->opts->time
                                                  ? x->e->opts->time
                                                  : "TIME_PERIOD",
                                     sdmx_text_trimmed(&x->text),
                                     x->obs_line);
        if (ctx == XCTX_DSID) {
            const char *id = sdmx_text_trimmed(&x->text);
            if (*id && !(x->header_dsid = strdup(id)))
                return sdmx_fail(x->e, AMB_ENOMEM, 0, "out of memory");
        }
        return AMB_OK;
    }
    if (depth == x->obs_depth) {
        x->obs_depth = -1;
        rc = sdmx_key_obs_done(&x->key, x->obs_line);
    } else if (depth == x->series_depth) {
        x->series_depth = -1;
        rc = sdmx_key_series_done(&x->key);
        sdmx_key_series_end(&x->key);
    } else if (depth == x->ds_depth) {
        x->ds_depth = -1;
        rc = sdmx_key_dataset_end(&x->key);
    } else if (depth == x->header_depth) {
        x->header_depth = -1;
    }
    return rc;
}

static amb_rc on_text(sdmx_xml *x)
{
    if (x->ctx != XCTX_TIME && x->ctx != XCTX_DSID)
        return AMB_OK;
    const char *s = (const char *)xmlTextReaderConstValue(x->r);
    if (s && sdmx_text_add(&x->text, s, strlen(s)) < 0)
        return sdmx_fail(x->e, AMB_ENOMEM, 0, "out of memory");
    return AMB_OK;
}

/* ------------------------------------------------------------ the loop */

static int read_cb(void *ud, char *buf, int len)
{
    long n = sdmx_input_read(ud, buf, len > 0 ? (size_t)len : 0);
    return (int)n;
}

static void progress(const sdmx_xml *x, uint64_t total)
{
    if (!x->e->host->progress)
        return;
    long done = xmlTextReaderByteConsumed(x->r);
    x->e->host->progress(x->e->ctx, done > 0 ? (uint64_t)done : 0, total);
}

/* Read every node; returns the first failure or AMB_OK at the end. */
static amb_rc read_all(sdmx_xml *x, sdmx_input *in, uint64_t total)
{
    uint64_t next_progress = PROGRESS_STEP;
    unsigned nodes = 0;
    int ret;
    while ((ret = xmlTextReaderRead(x->r)) == 1) {
        if (x->xml_failed)
            return xml_error(x);
        int type = xmlTextReaderNodeType(x->r);
        int depth = xmlTextReaderDepth(x->r);
        amb_rc rc = AMB_OK;
        if (type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
            type == XML_READER_TYPE_WHITESPACE ||
            type == XML_READER_TYPE_TEXT) {
            xmlNodePtr node = xmlTextReaderCurrentNode(x->r);
            long line = node ? xmlGetLineNo(node) : -1;
            if (line > 0)
                x->text_line = line;
        }
        if (x->skip_depth >= 0) {
            if (type == XML_READER_TYPE_END_ELEMENT && depth == x->skip_depth)
                x->skip_depth = -1;
            continue;
        }
        switch (type) {
        case XML_READER_TYPE_ELEMENT:
            rc = on_element(x, depth, xmlTextReaderIsEmptyElement(x->r) == 1);
            break;
        case XML_READER_TYPE_END_ELEMENT:
            rc = on_end(x, depth);
            break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        case XML_READER_TYPE_WHITESPACE:
            rc = on_text(x);
            break;
        case XML_READER_TYPE_DOCUMENT_TYPE:
            return sdmx_fail(x->e, AMB_EPARSE, 0,
                             "a DOCTYPE declaration is not accepted (SDMX-ML "
                             "has none; entities are never expanded)");
        default:
            break;
        }
        if (rc < 0)
            return rc;
        if ((++nodes & 255) == 0 && total) {
            uint64_t done = (uint64_t)xmlTextReaderByteConsumed(x->r);
            if (done >= next_progress) {
                progress(x, total);
                next_progress = done + PROGRESS_STEP;
            }
        }
    }
    if (x->xml_failed)
        return xml_error(x);
    if (ret < 0) {
        if (in->err)
            return sdmx_fail(x->e, AMB_EIO, 0, "read error: %s",
                             strerror(in->err));
        return sdmx_fail(x->e, AMB_EPARSE, 0, "XML error: the reader failed");
    }
    if (!x->kind)
        return sdmx_fail(x->e, AMB_EPARSE, 0, "XML error: no root element");
    progress(x, total);
    return AMB_OK;
}

amb_rc sdmx_xml_parse(sdmx_emit *e, sdmx_input *in, uint64_t total)
{
    sdmx_xml x;
    memset(&x, 0, sizeof x);
    x.e = e;
    x.header_depth = x.ds_depth = x.series_depth = x.obs_depth = -1;
    x.skip_depth = -1;
    sdmx_key_init(&x.key, e);
    /* blank text nodes are kept: past line 65535 they carry the lines */
    int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT;
    x.r = xmlReaderForIO(read_cb, NULL, in, e->file, NULL, options);
    if (!x.r)
        return sdmx_fail(e, AMB_ENOMEM, 0, "cannot create an XML reader");
    xmlTextReaderSetStructuredErrorHandler(x.r, on_xml_error, &x);
    amb_rc rc = read_all(&x, in, total);
    if (rc == AMB_OK)
        rc = sdmx_key_dataset_end(&x.key);
    if (rc == AMB_OK)
        rc = sdmx_emit_finish(e);
    xmlFreeTextReader(x.r);
    sdmx_key_free(&x.key);
    sdmx_xml_head_free(&x);
    free(x.text.s);
    free(x.vals[0].s);
    free(x.vals[1].s);
    return rc;
}
