/*
 * xf_opts.c - the xmlfeed source options: read, type-checked and
 * cross-checked once, before any fetch (see xmlfeed.h for the struct and
 * doc/plugins/xmlfeed.md for the meaning of every key).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xmlfeed.h"

/* The keys a field table may have. */
static const char *const field_keys[] = {"path", "value", "default", "type",
                                         "map", "required", "label",
                                         "decimal", NULL};
/* The source keys; plugin and schedule are the core's. */
static const char *const source_keys[] = {
    "plugin", "schedule", "url", "path", "dataset", "title", "unit",
    "format", "namespaces", "entries", "fields", "next", "max_pages",
    "period", "strict", "allow_empty", "stream", "max_bytes", "encoding",
    "delimiter", "skip", NULL};
/* Field names that carry a role, in xf_role order. */
static const char *const role_names[XF_NROLES] = {
    "id", "url", "title", "provider", "level", "municipality", "start",
    "year"};
static const char *const type_names[] = {"text", "integer", "decimal", "date",
                                         "municipality", NULL};
static const char *const format_names[] = {"xml", "html", "json", "csv",
                                           NULL};

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

const char *xf_format_name(xf_format f)
{
    return format_names[f];
}

static int in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return (int)i;
    return -1;
}

static int is_empty_table(const amb_opt *v)
{
    return (v->type == AMB_OPT_LIST || v->type == AMB_OPT_MAP) &&
           v->count == 0;
}

/* An optional non-empty string option of map (named where in messages). */
static int get_string(const amb_opt *map, const char *key, const char *where,
                      const char **out, char *err, size_t errlen)
{
    const amb_opt *v = amb_opt_get(map, key);
    *out = NULL;
    if (!v || v->type == AMB_OPT_NIL)
        return 0;
    if (v->type != AMB_OPT_STRING || !*v->string)
        return errf(err, errlen, "xmlfeed: %s%s must be a non-empty string",
                    where, key);
    *out = v->string;
    return 0;
}

/* An optional boolean option: *out keeps its value when absent. */
static int get_bool(const amb_opt *map, const char *key, const char *where,
                    int *out, char *err, size_t errlen)
{
    const amb_opt *v = amb_opt_get(map, key);
    if (!v || v->type == AMB_OPT_NIL)
        return 0;
    if (v->type != AMB_OPT_BOOL)
        return errf(err, errlen, "xmlfeed: %s%s must be true or false", where,
                    key);
    *out = v->boolean;
    return 0;
}

/* An optional whole number in [lo, hi]: *out keeps its value when absent. */
static int get_whole(const amb_opt *map, const char *key, double lo,
                     double hi, double *out, char *err, size_t errlen)
{
    const amb_opt *v = amb_opt_get(map, key);
    if (!v || v->type == AMB_OPT_NIL)
        return 0;
    if (v->type != AMB_OPT_NUMBER || !(v->number >= lo && v->number <= hi) ||
        v->number != (double)(uint64_t)v->number)
        return errf(err, errlen,
                    "xmlfeed: option '%s' must be a whole number from %.0f "
                    "to %.0f", key, lo, hi);
    *out = v->number;
    return 0;
}

/* The `map` of a field: string keys to string values. */
static int parse_map(const amb_opt *v, const char *field, xf_field *f,
                     char *err, size_t errlen)
{
    if (is_empty_table(v))
        return 0;
    if (v->type != AMB_OPT_MAP)
        return errf(err, errlen,
                    "xmlfeed: fields.%s.map must be a table of "
                    "[\"text in the feed\"] = \"value\"", field);
    for (size_t i = 0; i < v->count; i++)
        if (v->items[i].type != AMB_OPT_STRING)
            return errf(err, errlen,
                        "xmlfeed: fields.%s.map[\"%s\"] must be a string",
                        field, v->items[i].key ? v->items[i].key : "?");
    f->map = v;
    return 0;
}

/* The type a field has for its role, checking an explicit one. */
static int resolve_type(xf_field *f, const char *type, char *err,
                        size_t errlen)
{
    int t = type ? in_list(type, type_names) : -1;
    if (type && t < 0)
        return errf(err, errlen,
                    "xmlfeed: fields.%s.type '%s' is not one of text, "
                    "integer, decimal, date, municipality", f->name, type);
    xf_type want;
    switch (f->role) {
    case XF_ROLE_MUNICIPALITY:
        want = XF_TYPE_MUNICIPALITY;
        break;
    case XF_ROLE_START:
        want = XF_TYPE_DATE;
        break;
    case XF_ROLE_YEAR:
        want = XF_TYPE_INTEGER;
        break;
    case XF_ROLE_MEASURE:
        if (t == XF_TYPE_INTEGER || t == XF_TYPE_DECIMAL) {
            f->type = (xf_type)t;
            return 0;
        }
        if (t < 0 && (strcmp(f->name, "seats") == 0 ||
                      strcmp(f->name, "applicants") == 0 ||
                      strcmp(f->name, "admitted") == 0)) {
            f->type = XF_TYPE_INTEGER;
            return 0;
        }
        return errf(err, errlen,
                    "xmlfeed: fields.%s is not one of id, url, title, "
                    "provider, level, municipality, start, year: it is "
                    "stored as a measure, so give it type = \"integer\" or "
                    "\"decimal\"", f->name);
    default:
        want = XF_TYPE_TEXT;
        break;
    }
    if (t >= 0 && (xf_type)t != want)
        return errf(err, errlen, "xmlfeed: fields.%s must have type '%s'",
                    f->name, type_names[want]);
    f->type = want;
    return 0;
}

/* One entry of `fields`: a path string or a table. */
static int parse_field(const amb_opt *v, xf_opts *o, char *err,
                       size_t errlen)
{
    xf_field *f = &o->fields[o->nfields];
    memset(f, 0, sizeof *f);
    f->name = v->key ? v->key : "";
    if (!*f->name || strlen(f->name) > 64)
        return errf(err, errlen, "xmlfeed: a field name must have 1 to 64 "
                    "characters");
    for (const char *c = f->name; *c; c++)
        if ((unsigned char)*c < 0x20)
            return errf(err, errlen, "xmlfeed: a field name has a control "
                        "character");
    if (strcmp(f->name, "count") == 0)
        return errf(err, errlen, "xmlfeed: fields.count: 'count' is the "
                    "measure every record gets; name the field otherwise");
    f->role = XF_ROLE_MEASURE;
    for (int r = 0; r < XF_NROLES; r++)
        if (strcmp(f->name, role_names[r]) == 0)
            f->role = (xf_role)r;
    f->required = f->role == XF_ROLE_TITLE;
    const char *type = NULL;
    char where[96];
    snprintf(where, sizeof where, "fields.%s.", f->name);
    int rc;
    if (v->type == AMB_OPT_STRING) {
        if (!*v->string)
            return errf(err, errlen, "xmlfeed: fields.%s is empty", f->name);
        f->path = v->string;
    } else if (v->type == AMB_OPT_MAP) {
        for (size_t i = 0; i < v->count; i++)
            if (in_list(v->items[i].key, field_keys) < 0)
                return errf(err, errlen,
                            "xmlfeed: fields.%s.%s is not a known key (path, "
                            "value, default, type, map, required, label, "
                            "decimal)", f->name, v->items[i].key);
        const char *dec = NULL;
        if ((rc = get_string(v, "path", where, &f->path, err, errlen)) ||
            (rc = get_string(v, "value", where, &f->value, err, errlen)) ||
            (rc = get_string(v, "default", where, &f->dflt, err, errlen)) ||
            (rc = get_string(v, "type", where, &type, err, errlen)) ||
            (rc = get_string(v, "label", where, &f->label, err, errlen)) ||
            (rc = get_string(v, "decimal", where, &dec, err, errlen)) ||
            (rc = get_bool(v, "required", where, &f->required, err, errlen)))
            return rc;
        const amb_opt *m = amb_opt_get(v, "map");
        if (m && m->type != AMB_OPT_NIL &&
            (rc = parse_map(m, f->name, f, err, errlen)))
            return rc;
        if (dec && strcmp(dec, ".") && strcmp(dec, ",") && strcmp(dec, "auto"))
            return errf(err, errlen, "xmlfeed: fields.%s.decimal must be "
                        "\".\", \",\" or \"auto\"", f->name);
        f->decimal = dec && strcmp(dec, "auto") ? dec[0] : 0;
        if (!f->path == !f->value)
            return errf(err, errlen, "xmlfeed: fields.%s needs either path "
                        "or value (a constant)", f->name);
    } else {
        return errf(err, errlen, "xmlfeed: fields.%s must be a path (a "
                    "string) or a table { path = ..., type = ... }", f->name);
    }
    if ((rc = resolve_type(f, type, err, errlen)))
        return rc;
    if (f->decimal && f->type != XF_TYPE_DECIMAL)
        return errf(err, errlen, "xmlfeed: fields.%s.decimal applies to "
                    "type \"decimal\" only", f->name);
    if (f->label && f->role != XF_ROLE_MEASURE)
        return errf(err, errlen, "xmlfeed: fields.%s.label applies to "
                    "measures only (the other fields label themselves)",
                    f->name);
    if (f->role != XF_ROLE_MEASURE)
        o->role_field[f->role] = (int)o->nfields;
    o->nfields++;
    return 0;
}

static int parse_fields(const amb_opt *v, xf_opts *o, char *err,
                        size_t errlen)
{
    if (!v || v->type == AMB_OPT_NIL)
        return errf(err, errlen, "xmlfeed: option 'fields' is required (a "
                    "table of field = path)");
    if (v->type != AMB_OPT_MAP || v->count == 0)
        return errf(err, errlen, "xmlfeed: option 'fields' must be a table "
                    "of field = path or field = { path = ..., type = ... }");
    if (v->count > XF_MAX_FIELDS)
        return errf(err, errlen, "xmlfeed: option 'fields' has %zu fields, "
                    "more than %d", v->count, XF_MAX_FIELDS);
    for (size_t i = 0; i < v->count; i++) {
        int rc = parse_field(&v->items[i], o, err, errlen);
        if (rc)
            return rc;
    }
    if (o->role_field[XF_ROLE_TITLE] < 0)
        return errf(err, errlen, "xmlfeed: fields.title is required (it "
                    "labels the programme)");
    return 0;
}

static int parse_namespaces(const amb_opt *v, xf_opts *o, char *err,
                            size_t errlen)
{
    if (!v || v->type == AMB_OPT_NIL || is_empty_table(v))
        return 0;
    if (v->type != AMB_OPT_MAP)
        return errf(err, errlen, "xmlfeed: option 'namespaces' must be a "
                    "table of prefix = \"URI\"");
    for (size_t i = 0; i < v->count; i++) {
        const amb_opt *n = &v->items[i];
        if (n->type != AMB_OPT_STRING || !*n->string)
            return errf(err, errlen, "xmlfeed: namespaces.%s must be a "
                        "namespace URI (a non-empty string)", n->key);
        for (const char *c = n->key; *c; c++)
            if (*c == ':' || (unsigned char)*c <= ' ')
                return errf(err, errlen, "xmlfeed: namespaces: '%s' is not "
                            "a valid prefix", n->key);
    }
    o->namespaces = v;
    return 0;
}

/* delimiter (csv) and the options that only some formats use. */
static int parse_format_specific(const amb_opt *options, xf_opts *o,
                                 char *err, size_t errlen)
{
    const char *name = xf_format_name(o->format);
    const char *delim = NULL;
    int rc = get_string(options, "delimiter", "", &delim, err, errlen);
    if (rc)
        return rc;
    double skip = 0;
    if ((rc = get_whole(options, "skip", 0, 1e9, &skip, err, errlen)))
        return rc;
    o->skip = (unsigned long)skip;
    if (o->format == XF_FORMAT_CSV) {
        if (o->entries)
            return errf(err, errlen, "xmlfeed: option 'entries' is not used "
                        "with format = \"csv\" (every row is an entry)");
        if (o->next)
            return errf(err, errlen, "xmlfeed: option 'next' is not "
                        "supported with format = \"csv\"");
        if (delim && strcmp(delim, "auto") != 0) {
            if (strcmp(delim, "tab") == 0 || strcmp(delim, "\t") == 0)
                o->delimiter = '\t';
            else if (strcmp(delim, ",") == 0 || strcmp(delim, ";") == 0)
                o->delimiter = delim[0];
            else
                return errf(err, errlen, "xmlfeed: option 'delimiter' must "
                            "be \",\", \";\", \"\\t\" or \"auto\"");
        }
    } else {
        if (delim || amb_opt_get(options, "skip"))
            return errf(err, errlen, "xmlfeed: options 'delimiter' and "
                        "'skip' are for format = \"csv\", not \"%s\"", name);
        if (!o->entries)
            return errf(err, errlen, "xmlfeed: option 'entries' is required "
                        "with format = \"%s\" (%s selecting each record)",
                        name, o->format == XF_FORMAT_JSON
                                  ? "a path such as \"items\""
                                  : "an XPath such as \"//item\"");
    }
    if (o->format == XF_FORMAT_JSON || o->format == XF_FORMAT_CSV) {
        if (o->namespaces)
            return errf(err, errlen, "xmlfeed: option 'namespaces' is for "
                        "XML and HTML, not \"%s\"", name);
        if (o->encoding)
            return errf(err, errlen, "xmlfeed: option 'encoding' is for XML "
                        "and HTML, not \"%s\" (which must be UTF-8)", name);
    }
    if (o->format != XF_FORMAT_XML && o->stream == 1)
        return errf(err, errlen, "xmlfeed: stream = true needs format = "
                    "\"xml\"");
    return 0;
}

int xf_opts_parse(const amb_opt *options, xf_opts *o, char *err,
                  size_t errlen)
{
    memset(o, 0, sizeof *o);
    for (int r = 0; r < XF_NROLES; r++)
        o->role_field[r] = -1;
    o->stream = -1;
    o->max_pages = XF_DEFAULT_MAX_PAGES;
    o->max_bytes = XF_DEFAULT_MAX_BYTES;
    if (!options || options->type != AMB_OPT_MAP)
        return errf(err, errlen, "xmlfeed: options must be a table");
    for (size_t i = 0; i < options->count; i++)
        if (in_list(options->items[i].key, source_keys) < 0)
            return errf(err, errlen, "xmlfeed: option '%s' is not known "
                        "(see doc/plugins/xmlfeed.md)",
                        options->items[i].key);
    const char *format = NULL;
    int rc;
    if ((rc = get_string(options, "dataset", "option ", &o->dataset, err,
                         errlen)) ||
        (rc = get_string(options, "title", "option ", &o->title, err,
                         errlen)) ||
        (rc = get_string(options, "unit", "option ", &o->unit, err,
                         errlen)) ||
        (rc = get_string(options, "url", "option ", &o->url, err, errlen)) ||
        (rc = get_string(options, "path", "option ", &o->path, err,
                         errlen)) ||
        (rc = get_string(options, "format", "option ", &format, err,
                         errlen)) ||
        (rc = get_string(options, "entries", "option ", &o->entries, err,
                         errlen)) ||
        (rc = get_string(options, "next", "option ", &o->next, err,
                         errlen)) ||
        (rc = get_string(options, "period", "option ", &o->period, err,
                         errlen)) ||
        (rc = get_string(options, "encoding", "option ", &o->encoding, err,
                         errlen)) ||
        (rc = get_bool(options, "strict", "option ", &o->strict, err,
                       errlen)) ||
        (rc = get_bool(options, "allow_empty", "option ", &o->allow_empty,
                       err, errlen)))
        return rc;
    const amb_opt *s = amb_opt_get(options, "stream");
    if (s && s->type != AMB_OPT_NIL &&
        (rc = get_bool(options, "stream", "option ", &o->stream, err,
                       errlen)))
        return rc;
    if (o->url && o->path)
        return errf(err, errlen, "xmlfeed: give option 'url' or option "
                    "'path', not both");
    if (o->period && strlen(o->period) > 32)
        return errf(err, errlen, "xmlfeed: option 'period' is longer than "
                    "32 characters");
    if (format) {
        int f = in_list(format, format_names);
        if (f < 0)
            return errf(err, errlen, "xmlfeed: option 'format' must be "
                        "\"xml\", \"html\", \"json\" or \"csv\" (got '%.40s')",
                        format);
        o->format = (xf_format)f;
    }
    double pages = o->max_pages, bytes = (double)o->max_bytes;
    if ((rc = get_whole(options, "max_pages", 1, 1000, &pages, err,
                        errlen)) ||
        (rc = get_whole(options, "max_bytes", 1024, 1099511627776.0, &bytes,
                        err, errlen)))
        return rc;
    o->max_pages = (unsigned)pages;
    o->max_bytes = (uint64_t)bytes;
    if ((rc = parse_namespaces(amb_opt_get(options, "namespaces"), o, err,
                               errlen)) ||
        (rc = parse_fields(amb_opt_get(options, "fields"), o, err, errlen)) ||
        (rc = parse_format_specific(options, o, err, errlen)))
        return rc;
    return 0;
}
