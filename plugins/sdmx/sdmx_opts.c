/*
 * sdmx_opts.c - the sdmx plugin's options and the names they decide:
 * which concept is the time, which are dimensions, which attributes are
 * well known enough never to be taken for a dimension.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sdmx.h"

static int errf(char *err, size_t errlen, const char *fmt, ...)
    AMB_PRINTF(3, 4);

/* Format a reason into err; returns AMB_ECONFIG. */
static int errf(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return AMB_ECONFIG;
}

/* An optional non-empty string option; *out stays NULL when absent. */
static int opt_str(const amb_opt *options, const char *key, const char **out,
                   char *err, size_t errlen)
{
    const amb_opt *v = amb_opt_get(options, key);
    *out = NULL;
    if (!v || v->type == AMB_OPT_NIL)
        return 0;
    if (v->type != AMB_OPT_STRING || !*v->string)
        return errf(err, errlen, "sdmx: option '%s' must be a non-empty "
                    "string", key);
    *out = v->string;
    return 0;
}

static int parse_dims(const amb_opt *v, sdmx_opts *o, char *err,
                      size_t errlen)
{
    if (!v || v->type == AMB_OPT_NIL)
        return 0;
    if (v->type == AMB_OPT_STRING && *v->string) {
        o->dims[0] = v->string;
        o->ndims = 1;
    } else if (v->type == AMB_OPT_LIST && v->count > 0) {
        if (v->count > AMB_MAX_DIMS)
            return errf(err, errlen, "sdmx: option 'dims' lists %zu "
                        "dimensions; at most %d are supported", v->count,
                        AMB_MAX_DIMS);
        for (size_t i = 0; i < v->count; i++) {
            if (v->items[i].type != AMB_OPT_STRING || !*v->items[i].string)
                return errf(err, errlen, "sdmx: dims[%zu] must be a "
                            "non-empty string", i + 1);
            o->dims[i] = v->items[i].string;
        }
        o->ndims = v->count;
    } else {
        return errf(err, errlen, "sdmx: option 'dims' must be a list of "
                    "dimension ids");
    }
    for (size_t i = 0; i < o->ndims; i++) {
        if (sdmx_is_time_name(o, o->dims[i]))
            return errf(err, errlen, "sdmx: dims lists %s, the time "
                        "dimension", o->dims[i]);
        for (size_t j = 0; j < i; j++)
            if (strcmp(o->dims[i], o->dims[j]) == 0)
                return errf(err, errlen, "sdmx: dims lists %s twice",
                            o->dims[i]);
    }
    return 0;
}

/* labels = { DIM = { CODE = "label", ... }, ... } */
static int parse_labels(const amb_opt *v, sdmx_opts *o, char *err,
                        size_t errlen)
{
    if (!v || v->type == AMB_OPT_NIL ||
        ((v->type == AMB_OPT_MAP || v->type == AMB_OPT_LIST) && !v->count))
        return 0;
    if (v->type != AMB_OPT_MAP)
        return errf(err, errlen, "sdmx: option 'labels' must be a table "
                    "{ DIMENSION = { CODE = \"label\" } }");
    for (size_t i = 0; i < v->count; i++) {
        const amb_opt *m = &v->items[i];
        if (m->type != AMB_OPT_MAP)
            return errf(err, errlen, "sdmx: labels.%s must be a table "
                        "{ CODE = \"label\" }", m->key);
        for (size_t j = 0; j < m->count; j++)
            if (m->items[j].type != AMB_OPT_STRING)
                return errf(err, errlen, "sdmx: labels.%s[\"%s\"] must be "
                            "a string", m->key, m->items[j].key);
    }
    o->labels = v;
    return 0;
}

int sdmx_opts_parse(const amb_opt *options, sdmx_opts *o, char *err,
                    size_t errlen)
{
    memset(o, 0, sizeof *o);
    if (!options || options->type != AMB_OPT_MAP)
        return errf(err, errlen, "sdmx: options must be a table");
    int rc;
    const char *format;
    if ((rc = opt_str(options, "url", &o->url, err, errlen)) ||
        (rc = opt_str(options, "path", &o->path, err, errlen)) ||
        (rc = opt_str(options, "dataset", &o->dataset, err, errlen)) ||
        (rc = opt_str(options, "title", &o->title, err, errlen)) ||
        (rc = opt_str(options, "unit", &o->unit, err, errlen)) ||
        (rc = opt_str(options, "flag", &o->flag, err, errlen)) ||
        (rc = opt_str(options, "time", &o->time, err, errlen)) ||
        (rc = opt_str(options, "format", &format, err, errlen)))
        return rc;
    if (o->url && o->path)
        return errf(err, errlen, "sdmx: give option 'url' or option 'path', "
                    "not both");
    if (!format || strcmp(format, "auto") == 0)
        o->format = SDMX_FMT_AUTO;
    else if (strcmp(format, "xml") == 0)
        o->format = SDMX_FMT_XML;
    else if (strcmp(format, "csv") == 0)
        o->format = SDMX_FMT_CSV;
    else
        return errf(err, errlen, "sdmx: option 'format' must be \"auto\", "
                    "\"xml\" or \"csv\" (got '%.40s')", format);
    if ((rc = parse_dims(amb_opt_get(options, "dims"), o, err, errlen)) ||
        (rc = parse_labels(amb_opt_get(options, "labels"), o, err, errlen)))
        return rc;
    if (o->flag && sdmx_is_time_name(o, o->flag))
        return errf(err, errlen, "sdmx: option 'flag' names the time "
                    "dimension %s", o->flag);
    return 0;
}

int sdmx_is_time_name(const sdmx_opts *o, const char *name)
{
    if (o->time)
        return strcmp(name, o->time) == 0;
    return strcmp(name, "TIME_PERIOD") == 0 || strcmp(name, "TIME") == 0;
}

int sdmx_is_listed_dim(const sdmx_opts *o, const char *name)
{
    for (size_t i = 0; i < o->ndims; i++)
        if (strcmp(o->dims[i], name) == 0)
            return 1;
    return 0;
}

int sdmx_is_known_attribute(const char *name)
{
    /* Attribute concepts of the SDMX content-oriented guidelines and of
     * the producers whose messages ambit reads (ECB, IMF, Eurostat); all
     * are attributes in every DSD that uses them. */
    static const char *const known[] = {
        "BASE_PER", "BREAKS", "COLLECTION", "COMMENT_OBS", "COMMENT_TS",
        "COMPILATION", "CONF_STATUS", "DATA_COMP", "DECIMALS",
        "EMBARGO_TIME", "NAT_TITLE", "OBS_COM", "OBS_CONF", "OBS_FLAG",
        "OBS_PRE_BREAK", "OBS_STATUS", "OBS_VALUE", "PRE_BREAK_VALUE",
        "REF_PERIOD_DETAIL", "SOURCE_AGENCY", "TIME_FORMAT",
        "TIME_PER_COLLECT", "TITLE", "TITLE_COMPL", "UNIT_INDEX_BASE",
        "UNIT_MULT"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i], name) == 0)
            return 1;
    return 0;
}
