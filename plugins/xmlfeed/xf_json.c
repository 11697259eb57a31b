/*
 * xf_json.c - JSON pages through jansson (loaded whole, up to max_bytes).
 *
 * Paths are names separated by dots, a number indexing an array (0 is
 * the first item): entries "data.courses" selects the array of entries
 * (an object's values are the entries when it selects an object), a field
 * "provider.name" is read from each entry, next "links.next" from the
 * document.  "." (or "$") is the document or the entry itself; a leading
 * "$." is allowed.  Strings are taken as they are, numbers written out,
 * booleans as true/false; null is no value; an object or array where a
 * value is expected is an error.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "xmlfeed.h"

/* Whether path is well formed: no empty segment, at most 256 bytes. */
static int path_ok(const char *path)
{
    if (strcmp(path, ".") == 0 || strcmp(path, "$") == 0)
        return 1;
    if (strncmp(path, "$.", 2) == 0)
        path += 2;
    size_t n = strlen(path);
    if (n == 0 || n > 256 || path[0] == '.' || path[n - 1] == '.' ||
        strstr(path, ".."))
        return 0;
    return 1;
}

int xf_json_check(const xf_opts *o, char *err, size_t errlen)
{
    if (o->entries && !path_ok(o->entries)) {
        snprintf(err, errlen, "xmlfeed: entries '%.80s' is not a JSON path "
                 "(names separated by dots)", o->entries);
        return AMB_ECONFIG;
    }
    if (o->next && !path_ok(o->next)) {
        snprintf(err, errlen, "xmlfeed: next '%.80s' is not a JSON path",
                 o->next);
        return AMB_ECONFIG;
    }
    for (size_t i = 0; i < o->nfields; i++)
        if (o->fields[i].path && !path_ok(o->fields[i].path)) {
            snprintf(err, errlen, "xmlfeed: fields.%s: '%.80s' is not a "
                     "JSON path", o->fields[i].name, o->fields[i].path);
            return AMB_ECONFIG;
        }
    return 0;
}

/* The value at path below v (borrowed), or NULL when a step is missing. */
static json_t *walk(json_t *v, const char *path)
{
    if (strcmp(path, ".") == 0 || strcmp(path, "$") == 0)
        return v;
    if (strncmp(path, "$.", 2) == 0)
        path += 2;
    char seg[257];
    while (v && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof seg)
            return NULL;
        memcpy(seg, path, n);
        seg[n] = '\0';
        path += n + (path[n] == '.');
        if (json_is_object(v)) {
            v = json_object_get(v, seg);
        } else if (json_is_array(v)) {
            char *end;
            unsigned long k = strtoul(seg, &end, 10);
            v = (*seg >= '0' && *seg <= '9' && !*end)
                    ? json_array_get(v, (size_t)k) : NULL;
        } else {
            v = NULL;
        }
    }
    return v;
}

/* A scalar as text: *out owned (NULL for null); -1 for an object/array,
 * -2 when out of memory. */
static int scalar_text(json_t *v, char **out)
{
    char buf[64];
    *out = NULL;
    switch (json_typeof(v)) {
    case JSON_STRING:
        *out = strdup(json_string_value(v));
        return *out ? 0 : -2;
    case JSON_INTEGER:
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        break;
    case JSON_REAL:
        snprintf(buf, sizeof buf, "%.17g", json_real_value(v));
        break;
    case JSON_TRUE:
        snprintf(buf, sizeof buf, "true");
        break;
    case JSON_FALSE:
        snprintf(buf, sizeof buf, "false");
        break;
    case JSON_NULL:
        return 0;
    default:
        return -1;
    }
    *out = strdup(buf);
    return *out ? 0 : -2;
}

/* Extract and store entry number (1-based) v. */
static amb_rc one_entry(xf_run *r, json_t *v, unsigned long number)
{
    const xf_opts *o = r->o;
    xf_entry e;
    char *vals[XF_MAX_FIELDS] = {0};
    memset(&e, 0, sizeof e);
    e.number = number;
    amb_rc rc = AMB_OK;
    if (!json_is_object(v))
        return xf_run_fail(r, &e, 0, AMB_EPARSE, "is not an object");
    for (size_t i = 0; i < o->nfields && rc == AMB_OK; i++) {
        if (!o->fields[i].path)
            continue;
        json_t *f = walk(v, o->fields[i].path);
        int s = f ? scalar_text(f, &vals[i]) : 0;
        if (s == -1)
            rc = xf_run_fail(r, &e, 0, AMB_EPARSE, "field '%s': '%s' is an "
                             "%s, not a value", o->fields[i].name,
                             o->fields[i].path,
                             json_is_object(f) ? "object" : "array");
        else if (s == -2)
            rc = r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
        e.raw[i] = vals[i];
    }
    if (rc == AMB_OK)
        rc = xf_run_entry(r, &e);
    for (size_t i = 0; i < o->nfields; i++)
        free(vals[i]);
    return rc;
}

amb_rc xf_json_page(xf_run *r, const xf_input *in, char **next)
{
    const xf_opts *o = r->o;
    *next = NULL;
    uint64_t size = in->len;
    struct stat st;
    if (in->path)
        size = stat(in->path, &st) == 0 ? (uint64_t)st.st_size : 0;
    if (size > o->max_bytes)
        return r->host->fail(r->ctx, AMB_ELIMIT, "%s: larger than max_bytes "
                             "(%llu bytes)", in->name,
                             (unsigned long long)o->max_bytes);
    json_error_t jerr;
    json_t *doc = in->path
                      ? json_load_file(in->path, JSON_REJECT_DUPLICATES, &jerr)
                      : json_loadb(in->data ? in->data : "", in->len,
                                   JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return r->host->fail(r->ctx, AMB_EPARSE, "%s:%d:%d: JSON error: %s",
                             in->name, jerr.line, jerr.column, jerr.text);
    amb_rc rc = AMB_OK;
    json_t *set = walk(doc, o->entries);
    if (json_is_array(set)) {
        for (size_t i = 0; i < json_array_size(set) && rc == AMB_OK; i++)
            rc = one_entry(r, json_array_get(set, i), (unsigned long)i + 1);
    } else if (json_is_object(set)) {
        unsigned long n = 0;
        const char *key;
        json_t *v;
        json_object_foreach(set, key, v)
        {
            (void)key;
            if ((rc = one_entry(r, v, ++n)))
                break;
        }
    } else if (set) {
        rc = xf_run_fail(r, NULL, 0, AMB_EPARSE, "entries '%s' is not an "
                         "array or object", o->entries);
    }
    if (rc == AMB_OK && o->next) {
        json_t *l = walk(doc, o->next);
        int s = l ? scalar_text(l, next) : 0;
        if (s == -1)
            rc = xf_run_fail(r, NULL, 0, AMB_EPARSE, "next '%s' is not a "
                             "string", o->next);
        else if (s == -2)
            rc = r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
    }
    json_decref(doc);
    if (rc != AMB_OK) {
        free(*next);
        *next = NULL;
    }
    return rc;
}
