/*
 * jsonstat_cells.c - a JSON-stat dataset's cells: checking value (a dense
 * array or a sparse object {"index": value}) and status (one string for
 * every cell, an array of one or one per cell, or an object {"index":
 * status}) against the dimensions' sizes, finding the time dimension, and
 * walking the cells in row-major order (the last dimension varies fastest).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonstat_internal.h"

int jsonstat_parse_index(const char *key, uint64_t limit, uint64_t *out)
{
    uint64_t v = 0;
    if (!*key || (key[0] == '0' && key[1]))
        return -1;   /* empty, or a leading zero: not the canonical form */
    for (const char *p = key; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, (uint64_t)(*p - '0'), &v))
            return -1;
    }
    if (v >= limit)
        return -1;
    *out = v;
    return 0;
}

void jsonstat_sizes_text(const jsonstat_dataset *ds, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ds->ndims && used < len; i++) {
        int n = snprintf(buf + used, len - used, "%s%zu",
                         i ? " \xC3\x97 " : "", ds->dims[i].size);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* Check a sparse object's keys (cell indexes below ncells) and entries
 * (numbers or null for values, strings or null for status). */
static int check_sparse(json_t *obj, const jsonstat_dataset *ds, int is_status,
                        const char *where, char *err, size_t errlen)
{
    const char *what = is_status ? "status" : "value";
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        uint64_t idx;
        if (jsonstat_parse_index(key, ds->ncells, &idx) != 0)
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: %s index '%.40s' is not a cell number "
                                 "from 0 to %llu", where, what, key,
                                 (unsigned long long)(ds->ncells - 1));
        int ok = json_is_null(v) ||
                 (is_status ? json_is_string(v) : json_is_number(v));
        if (!ok)
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: %s['%s'] must be a %s or null", where,
                                 what, key, is_status ? "string" : "number");
    }
    return 0;
}

/* Check a status array: one entry for all cells or one per cell. */
static int check_status_array(json_t *st, const jsonstat_dataset *ds,
                              const char *where, char *err, size_t errlen)
{
    size_t n = json_array_size(st);
    if (n != 1 && (uint64_t)n != ds->ncells)
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: status has %zu entries, expected 1 or %llu",
                             where, n, (unsigned long long)ds->ncells);
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(st, i);
        if (!json_is_string(v) && !json_is_null(v))
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: status[%zu] must be a string or null",
                                 where, i);
    }
    return 0;
}

int jsonstat_read_values(json_t *obj, jsonstat_dataset *ds, const char *where,
                         char *err, size_t errlen)
{
    json_t *value = json_object_get(obj, "value");
    if (json_is_array(value)) {
        size_t n = json_array_size(value);
        if ((uint64_t)n != ds->ncells) {
            char sizes[256];
            jsonstat_sizes_text(ds, sizes, sizeof sizes);
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: value has %zu entries, expected %llu "
                                 "(%s)", where, n,
                                 (unsigned long long)ds->ncells, sizes);
        }
        for (size_t i = 0; i < n; i++) {
            json_t *v = json_array_get(value, i);
            if (!json_is_number(v) && !json_is_null(v))
                return jsonstat_fail(err, errlen, AMB_EPARSE,
                                     "%s: value[%zu] must be a number or "
                                     "null", where, i);
        }
        ds->nvalues = n;
    } else if (json_is_object(value)) {
        int rc = check_sparse(value, ds, 0, where, err, errlen);
        if (rc)
            return rc;
        ds->nvalues = json_object_size(value);
    } else {
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: value must be an array or an object", where);
    }
    ds->value_json = value;
    json_t *st = json_object_get(obj, "status");
    int rc = 0;
    if (json_is_array(st))
        rc = check_status_array(st, ds, where, err, errlen);
    else if (json_is_object(st))
        rc = check_sparse(st, ds, 1, where, err, errlen);
    else if (st && !json_is_string(st) && !json_is_null(st))
        rc = jsonstat_fail(err, errlen, AMB_EPARSE,
                           "%s: status must be a string, an array or an "
                           "object", where);
    if (rc == 0 && st && !json_is_null(st))
        ds->status_json = st;
    return rc;
}

/* ------------------------------------------------------------ time */

/* ASCII case-insensitive equality, and UTF-8 Latin-1 letters (å Å, æ Æ,
 * ø Ø ...) folded too: enough for time, tid, år, year. */
static int same_folded(const char *a, const char *b)
{
    for (;;) {
        unsigned char x = (unsigned char)*a++, y = (unsigned char)*b++;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return 0;
        if (!x)
            return 1;
        if (x != 0xC3)
            continue;
        /* U+00C0..U+00DE (but U+00D7) are 0xC3 0x80..0x9E: fold to the
         * small letters 0xC3 0xA0..0xBE */
        unsigned char p = (unsigned char)*a++, q = (unsigned char)*b++;
        if (p >= 0x80 && p <= 0x9E && p != 0x97)
            p = (unsigned char)(p + 0x20);
        if (q >= 0x80 && q <= 0x9E && q != 0x97)
            q = (unsigned char)(q + 0x20);
        if (p != q || !p)
            return 0;
    }
}

/* "a, b, c": the dimension ids of ds into buf. */
static void dim_list(const jsonstat_dataset *ds, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ds->ndims && used < len; i++) {
        int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
                         ds->dims[i].id);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

int jsonstat_find_time(jsonstat_doc *doc, const jsonstat_dataset *ds,
                       const char *time_opt, size_t *out, char *err,
                       size_t errlen)
{
    static const char *const names[] = {"time", "tid", "\xC3\xA5r", "year"};
    char list[256];
    if (time_opt) {
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < ds->ndims; i++)
                if (pass ? same_folded(ds->dims[i].id, time_opt)
                         : strcmp(ds->dims[i].id, time_opt) == 0) {
                    *out = i;
                    return 0;
                }
        dim_list(ds, list, sizeof list);
        return jsonstat_fail(err, errlen, AMB_ECONFIG,
                             "%s: option time = '%s' names no dimension "
                             "(dimensions: %s)", jsonstat_doc_where(doc, ds),
                             time_opt, list);
    }
    for (size_t i = 0; i < ds->ndims; i++)
        if (ds->dims[i].roles & JSONSTAT_ROLE_TIME) {
            *out = i;
            return 0;
        }
    for (size_t i = 0; i < ds->ndims; i++)
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (same_folded(ds->dims[i].id, names[k])) {
                *out = i;
                return 0;
            }
    dim_list(ds, list, sizeof list);
    return jsonstat_fail(err, errlen, AMB_EPARSE,
                         "%s: no time dimension (no role.time, none named "
                         "time, tid, \xC3\xA5r or year): set option 'time' to "
                         "one of: %s", jsonstat_doc_where(doc, ds), list);
}

/* ------------------------------------------------------------ walking */

/* The status of cell idx (key is its decimal text), or NULL. */
static const char *status_of(const json_t *st, uint64_t idx, const char *key)
{
    if (!st)
        return NULL;
    if (json_is_string(st))
        return json_string_value(st);
    if (json_is_array(st))
        return json_string_value(
            json_array_get(st, json_array_size(st) == 1 ? 0 : (size_t)idx));
    return json_string_value(json_object_get(st, key));
}

/* Report one cell at coordinates co. */
static int emit(const jsonstat_dataset *ds, const jsonstat_layout *lay,
                const size_t *co, const json_t *v, const char *flag,
                jsonstat_cell_fn fn, void *ud)
{
    const char *codes[JSONSTAT_MAX_DIMS];
    for (size_t k = 0; k < lay->nout; k++)
        codes[k] = ds->dims[lay->out[k]].codes[co[lay->out[k]]];
    const char *period = ds->dims[lay->time_dim].codes[co[lay->time_dim]];
    int has = json_is_number(v);
    return fn(ud, codes, period, has ? json_number_value(v) : 0.0, has, flag);
}

/* A layout must report every dimension of more than one category, each
 * once, and name the time dimension. */
static int check_layout(jsonstat_doc *doc, const jsonstat_dataset *ds,
                        const jsonstat_layout *lay, char *err, size_t errlen)
{
    unsigned char used[JSONSTAT_MAX_DIMS] = {0};
    if (lay->time_dim >= ds->ndims || lay->nout > JSONSTAT_MAX_DIMS)
        return jsonstat_fail(err, errlen, AMB_EUSAGE, "%s: bad layout",
                             jsonstat_doc_where(doc, ds));
    used[lay->time_dim] = 1;
    for (size_t k = 0; k < lay->nout; k++) {
        if (lay->out[k] >= ds->ndims || used[lay->out[k]])
            return jsonstat_fail(err, errlen, AMB_EUSAGE, "%s: bad layout",
                                 jsonstat_doc_where(doc, ds));
        used[lay->out[k]] = 1;
    }
    for (size_t i = 0; i < ds->ndims; i++)
        if (!used[i] && ds->dims[i].size != 1)
            return jsonstat_fail(err, errlen, AMB_EUSAGE,
                                 "%s: dimension %s has %zu categories and "
                                 "cannot be left out",
                                 jsonstat_doc_where(doc, ds), ds->dims[i].id,
                                 ds->dims[i].size);
    return 0;
}

int jsonstat_walk(jsonstat_doc *doc, const jsonstat_dataset *ds,
                  const jsonstat_layout *layout, jsonstat_cell_fn fn,
                  void *ud, char *err, size_t errlen)
{
    int rc = check_layout(doc, ds, layout, err, errlen);
    if (rc)
        return rc;
    const json_t *value = ds->value_json, *st = ds->status_json;
    size_t co[JSONSTAT_MAX_DIMS] = {0};
    char key[24];
    if (json_is_array(value)) {
        for (uint64_t i = 0; i < ds->ncells; i++) {
            const char *flag = NULL;
            if (st && json_is_object(st)) {
                snprintf(key, sizeof key, "%llu", (unsigned long long)i);
                flag = status_of(st, i, key);
            } else {
                flag = status_of(st, i, NULL);
            }
            rc = emit(ds, layout, co, json_array_get(value, (size_t)i), flag,
                      fn, ud);
            if (rc)
                return rc;
            /* the next coordinates: the last dimension runs fastest */
            for (size_t d = ds->ndims; d-- > 0;) {
                if (++co[d] < ds->dims[d].size)
                    break;
                co[d] = 0;
            }
        }
        return 0;
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)value, k, v) {
        uint64_t idx, rest;
        if (jsonstat_parse_index(k, ds->ncells, &idx) != 0)
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: value index '%.40s' is out of range",
                                 jsonstat_doc_where(doc, ds), k);
        rest = idx;
        for (size_t d = ds->ndims; d-- > 0;) {
            co[d] = (size_t)(rest % ds->dims[d].size);
            rest /= ds->dims[d].size;
        }
        rc = emit(ds, layout, co, v, status_of(st, idx, k), fn, ud);
        if (rc)
            return rc;
    }
    return 0;
}
