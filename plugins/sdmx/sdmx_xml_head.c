/*
 * sdmx_xml_head.c - the parts of an SDMX-ML message around its data: the
 * root element (which message this is), the header (the dimension at
 * observation level of each structure, the DataSetID), the DataSet
 * element's id, and helpers to walk attributes and collect text.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sdmx_xml.h"

long sdmx_xml_line(const sdmx_xml *x)
{
    xmlNodePtr node = xmlTextReaderCurrentNode(x->r);
    if (node && node->type == XML_ELEMENT_NODE && node->line == 65535 &&
        x->text_line >= 65535)
        return x->text_line;
    long line = node ? xmlGetLineNo(node) : -1;
    return line > 0 ? line : xmlTextReaderGetParserLineNumber(x->r);
}

int sdmx_text_add(sdmx_text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *b = realloc(t->s, cap);
        if (!b)
            return -1;
        t->s = b;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
    return 0;
}

const char *sdmx_text_trimmed(sdmx_text *t)
{
    if (!t->s)
        return "";
    size_t a = 0, b = t->len;
    while (a < b && isspace((unsigned char)t->s[a]))
        a++;
    while (b > a && isspace((unsigned char)t->s[b - 1]))
        b--;
    t->s[b] = '\0';
    return t->s + a;
}

amb_rc sdmx_xml_attributes(sdmx_xml *x, sdmx_attr_fn fn, void *ud,
                           long line)
{
    amb_rc rc = AMB_OK;
    int more = xmlTextReaderMoveToFirstAttribute(x->r);
    while (more == 1 && rc == AMB_OK) {
        if (!xmlTextReaderIsNamespaceDecl(x->r)) {
            const char *name = (const char *)xmlTextReaderConstLocalName(x->r);
            const char *ns = (const char *)xmlTextReaderConstNamespaceUri(x->r);
            const char *value = (const char *)xmlTextReaderConstValue(x->r);
            rc = fn(x, ud, name ? name : "", ns, value ? value : "", line);
        }
        if (rc == AMB_OK)
            more = xmlTextReaderMoveToNextAttribute(x->r);
    }
    xmlTextReaderMoveToElement(x->r);
    return rc;
}

/* ------------------------------------------------------------ root */

/* Whether ns is an SDMX-ML 2.0 or 2.1 message namespace (2.0 spells it
 * with capitals: http://www.SDMX.org/resources/SDMXML/schemas/v2_0/...). */
static int is_message_ns(const char *ns)
{
    static const char *const known[] = {
        "http://www.sdmx.org/resources/sdmxml/schemas/v2_0/message",
        "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"};
    for (size_t i = 0; ns && i < sizeof known / sizeof known[0]; i++)
        if (strcasecmp(ns, known[i]) == 0)
            return 1;
    return 0;
}

amb_rc sdmx_xml_root(sdmx_xml *x, const char *name, long line)
{
    static const struct {
        const char *name;
        int kind;
    } roots[] = {
        {"GenericData", XML_ROOT_GENERIC},
        {"GenericTimeSeriesData", XML_ROOT_GENERIC},
        {"StructureSpecificData", XML_ROOT_SS},
        {"StructureSpecificTimeSeriesData", XML_ROOT_SS},
        {"CompactData", XML_ROOT_COMPACT},
        {"MessageGroup", XML_ROOT_GROUP}};
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(x->r);
    if (is_message_ns(ns))
        for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
            if (strcmp(name, roots[i].name) == 0) {
                x->kind = roots[i].kind;
                x->e->group = x->kind == XML_ROOT_GROUP;
                return AMB_OK;
            }
    char shown[80], shown_ns[120];
    sdmx_excerpt(name, shown, sizeof shown);
    sdmx_excerpt(ns ? ns : "", shown_ns, sizeof shown_ns);
    return sdmx_fail(x->e, AMB_EPARSE, line,
                     "unknown root element '%s'%s%s%s: not an SDMX-ML 2.0 "
                     "or 2.1 data message (GenericData, "
                     "StructureSpecificData, CompactData, MessageGroup)",
                     shown, ns ? " in namespace '" : "", ns ? shown_ns : "",
                     ns ? "'" : "");
}

/* ------------------------------------------------------------ header */

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static amb_rc structure_attr(sdmx_xml *x, void *ud, const char *name,
                             const char *ns, const char *value, long line)
{
    (void)ud, (void)ns;
    sdmx_xml_structure *st = &x->structs[x->nstructs];
    char **slot = strcmp(name, "structureID") == 0 ? &st->id
                  : strcmp(name, "dimensionAtObservation") == 0
                      ? &st->dim_at_obs
                      : NULL;
    if (!slot || *slot)
        return AMB_OK;
    if (!(*slot = dup_str(value)))
        return sdmx_fail(x->e, AMB_ENOMEM, line, "out of memory");
    return AMB_OK;
}

amb_rc sdmx_xml_header_structure(sdmx_xml *x, long line)
{
    if (x->nstructs == SDMX_XML_MAX_STRUCTURES)
        return sdmx_fail(x->e, AMB_EPARSE, line,
                         "the header names more than %d structures",
                         SDMX_XML_MAX_STRUCTURES);
    amb_rc rc = sdmx_xml_attributes(x, structure_attr, NULL, line);
    x->nstructs++;   /* kept even when incomplete, so that it is freed */
    return rc;
}

void sdmx_xml_head_free(sdmx_xml *x)
{
    for (size_t i = 0; i < x->nstructs; i++) {
        free(x->structs[i].id);
        free(x->structs[i].dim_at_obs);
    }
    x->nstructs = 0;
    free(x->header_dsid);
    x->header_dsid = NULL;
}

/* ------------------------------------------------------------ DataSet */

/* The DataSet attributes that name it. */
typedef struct ds_attrs {
    char *own;            /* datasetID (2.0) or setID (2.1) */
    char *structure_ref;  /* structureRef (2.1) */
    char *key_family;     /* keyFamilyURI (2.0) */
} ds_attrs;

static amb_rc dataset_attr(sdmx_xml *x, void *ud, const char *name,
                           const char *ns, const char *value, long line)
{
    (void)ns;
    ds_attrs *a = ud;
    char **slot = NULL;
    if (strcmp(name, "datasetID") == 0 || strcmp(name, "setID") == 0)
        slot = &a->own;
    else if (strcmp(name, "structureRef") == 0)
        slot = &a->structure_ref;
    else if (strcmp(name, "keyFamilyURI") == 0)
        slot = &a->key_family;
    if (!slot || *slot || !*value)
        return AMB_OK;
    if (!(*slot = dup_str(value)))
        return sdmx_fail(x->e, AMB_ENOMEM, line, "out of memory");
    return AMB_OK;
}

/* The key family's id in a keyFamilyURI, in place: the ID of a URN
 * "...KeyFamily=AGENCY:ID(VERSION)", the segment after "/GetKeyFamily/",
 * else the last non-empty path segment (query and fragment dropped). */
static char *key_family_id(char *uri)
{
    char *p = strstr(uri, "KeyFamily=");
    if (!p)
        p = strstr(uri, "DataStructure=");
    if (p) {
        p = strchr(p, '=') + 1;
        char *colon = strchr(p, ':');
        if (colon)
            p = colon + 1;
        p[strcspn(p, "(")] = '\0';
        return p;
    }
    uri[strcspn(uri, "?#")] = '\0';
    p = strstr(uri, "/GetKeyFamily/");
    if (p) {
        p += strlen("/GetKeyFamily/");
        p[strcspn(p, "/")] = '\0';
        return p;
    }
    size_t n = strlen(uri);
    while (n > 0 && uri[n - 1] == '/')
        uri[--n] = '\0';
    char *slash = strrchr(uri, '/');
    return slash ? slash + 1 : uri;
}

amb_rc sdmx_xml_dataset_start(sdmx_xml *x, long line)
{
    ds_attrs a = {NULL, NULL, NULL};
    amb_rc rc = sdmx_xml_attributes(x, dataset_attr, &a, line);

    /* the dimension at observation level: the structure this DataSet
     * refers to, or the header's only structure */
    x->dim_at_obs = NULL;
    for (size_t i = 0; i < x->nstructs; i++)
        if (x->structs[i].id && a.structure_ref &&
            strcmp(x->structs[i].id, a.structure_ref) == 0)
            x->dim_at_obs = x->structs[i].dim_at_obs;
    if (!x->dim_at_obs && x->nstructs == 1)
        x->dim_at_obs = x->structs[0].dim_at_obs;
    x->all_dims = x->dim_at_obs &&
                  strcmp(x->dim_at_obs, "AllDimensions") == 0;

    if (rc == AMB_OK) {
        const char *derived = a.own                ? a.own
                              : x->header_dsid     ? x->header_dsid
                              : a.structure_ref    ? a.structure_ref
                              : a.key_family       ? key_family_id(a.key_family)
                                                   : NULL;
        rc = sdmx_key_dataset_start(&x->key, derived, line);
    }
    free(a.own);
    free(a.structure_ref);
    free(a.key_family);
    return rc;
}
