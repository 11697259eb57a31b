/*
 * jsonstat_dims.c - a JSON-stat dataset's dimensions: the id and size
 * lists (at the dataset's top level in 2.0, inside "dimension" in 1.x),
 * roles, and each dimension's categories (index as an array, as an object
 * {code: position}, or absent for a single category named in its label),
 * labels and units.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonstat_internal.h"

/* Member name of obj, looked up at the dataset's top level (2.0) and
 * then inside its "dimension" object (1.x). */
static json_t *dataset_member(json_t *obj, json_t *dimension, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return v ? v : json_object_get(dimension, key);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first code of dim that appears twice, or NULL; *oom set when the
 * sorted copy this needs cannot be made. */
static const char *repeated_code(const jsonstat_dim *dim, int *oom)
{
    const char *found = NULL;
    const char **sorted = malloc(dim->size * sizeof *sorted);
    *oom = !sorted;
    if (!sorted)
        return NULL;
    memcpy(sorted, dim->codes, dim->size * sizeof *sorted);
    qsort(sorted, dim->size, sizeof *sorted, cmp_str);
    for (size_t i = 1; i < dim->size && !found; i++)
        if (strcmp(sorted[i - 1], sorted[i]) == 0)
            found = sorted[i];
    free(sorted);
    return found;
}

/* The unit of a one-category dimension: category.unit[code]'s label, base
 * or symbol (the first that is a non-empty string), else NULL. */
static const char *single_unit(json_t *category, const char *code)
{
    json_t *u = json_object_get(json_object_get(category, "unit"), code);
    static const char *const keys[] = {"label", "base", "symbol"};
    for (size_t i = 0; json_is_object(u) && i < 3; i++) {
        const char *s = json_string_value(json_object_get(u, keys[i]));
        if (s && *s)
            return s;
    }
    return NULL;
}

/* codes[] of dim from category.index (array or object) or, without an
 * index, from the single key of category.label.  The caller has checked
 * that an index has dim->size entries and that a dimension without one has
 * a single category. */
static int read_index(json_t *category, jsonstat_dim *dim, const char *where,
                      char *err, size_t errlen)
{
    json_t *index = json_object_get(category, "index");
    json_t *labels = json_object_get(category, "label");
    if (json_is_array(index)) {
        for (size_t i = 0; i < dim->size; i++) {
            dim->codes[i] = json_string_value(json_array_get(index, i));
            if (!dim->codes[i])
                return jsonstat_fail(err, errlen, AMB_EPARSE,
                                     "%s: dimension %s: category.index[%zu] "
                                     "is not a string", where, dim->id, i);
        }
        int oom;
        const char *dup = repeated_code(dim, &oom);
        if (oom)
            return jsonstat_fail(err, errlen, AMB_ENOMEM, "%s: out of memory",
                                 where);
        if (dup)
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: dimension %s: category '%s' appears "
                                 "twice in category.index", where, dim->id,
                                 dup);
        return 0;
    }
    if (json_is_object(index)) {
        const char *key;
        json_t *pos;
        json_object_foreach(index, key, pos) {
            uint64_t p;
            if (!jsonstat_whole(pos, dim->size - 1, &p))
                return jsonstat_fail(err, errlen, AMB_EPARSE,
                                     "%s: dimension %s: category.index['%s'] "
                                     "must be a position from 0 to %zu", where,
                                     dim->id, key, dim->size - 1);
            if (dim->codes[p])
                return jsonstat_fail(err, errlen, AMB_EPARSE,
                                     "%s: dimension %s: categories '%s' and "
                                     "'%s' have the same position %llu",
                                     where, dim->id, dim->codes[p], key,
                                     (unsigned long long)p);
            dim->codes[p] = key;
        }
        return 0;
    }
    if (!json_is_object(labels) || json_object_size(labels) != 1)
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: dimension %s has no category.index (it may "
                             "be left out only for a single category named "
                             "in category.label)", where, dim->id);
    dim->codes[0] = json_object_iter_key(json_object_iter(labels));
    return 0;
}

/* One dimension: its object, categories and labels. */
static int read_dim(json_t *dimension, jsonstat_dim *dim, const char *where,
                    char *err, size_t errlen)
{
    json_t *d = json_object_get(dimension, dim->id);
    if (!json_is_object(d))
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: dimension %s is listed in id but not "
                             "described in dimension", where, dim->id);
    json_t *label = json_object_get(d, "label");
    if (label && !json_is_string(label) && !json_is_null(label))
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: dimension %s: label is not a string", where,
                             dim->id);
    dim->label = json_string_value(label);
    json_t *category = json_object_get(d, "category");
    if (!json_is_object(category))
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: dimension %s has no category object", where,
                             dim->id);
    /* the categories must be there before their size is allocated: a
     * hostile size alone must not reserve memory */
    json_t *index = json_object_get(category, "index");
    int listed = json_is_array(index) || json_is_object(index);
    size_t given = json_is_array(index) ? json_array_size(index)
                                        : json_object_size(index);
    if (!listed && index && !json_is_null(index))
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: dimension %s: category.index must be an "
                             "array or an object", where, dim->id);
    if (!listed && dim->size != 1)
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: dimension %s has no category.index (it may "
                             "be left out only for a single category named "
                             "in category.label)", where, dim->id);
    if (listed && given != dim->size)
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: dimension %s: category.index has %zu "
                             "entries, but its size is %zu", where, dim->id,
                             given, dim->size);
    dim->codes = calloc(dim->size, sizeof *dim->codes);
    dim->labels = calloc(dim->size, sizeof *dim->labels);
    if (!dim->codes || !dim->labels)
        return jsonstat_fail(err, errlen, AMB_ENOMEM, "%s: out of memory",
                             where);
    int rc = read_index(category, dim, where, err, errlen);
    if (rc)
        return rc;
    json_t *labels = json_object_get(category, "label");
    if (labels && !json_is_object(labels) && !json_is_null(labels))
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: dimension %s: category.label must be an "
                             "object", where, dim->id);
    for (size_t i = 0; json_is_object(labels) && i < dim->size; i++) {
        json_t *l = json_object_get(labels, dim->codes[i]);
        if (l && !json_is_string(l) && !json_is_null(l))
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: dimension %s: the label of category "
                                 "'%s' is not a string", where, dim->id,
                                 dim->codes[i]);
        dim->labels[i] = json_string_value(l);
    }
    if (dim->size == 1)
        dim->unit = single_unit(category, dim->codes[0]);
    return 0;
}

/* Apply role {"time": [ids], "geo": [...], "metric": [...]} to the dims. */
static int read_roles(json_t *role, jsonstat_dataset *ds, const char *where,
                      char *err, size_t errlen)
{
    static const struct { const char *key; unsigned bit; } kinds[] = {
        {"time", JSONSTAT_ROLE_TIME}, {"geo", JSONSTAT_ROLE_GEO},
        {"metric", JSONSTAT_ROLE_METRIC}};
    if (!role || json_is_null(role))
        return 0;
    if (!json_is_object(role))
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: role must be an object", where);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        json_t *list = json_object_get(role, kinds[k].key);
        if (!list || json_is_null(list))
            continue;
        if (!json_is_array(list))
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: role.%s must be a list of dimension "
                                 "ids", where, kinds[k].key);
        for (size_t i = 0; i < json_array_size(list); i++) {
            const char *id = json_string_value(json_array_get(list, i));
            size_t d = 0;
            while (id && d < ds->ndims && strcmp(ds->dims[d].id, id) != 0)
                d++;
            if (!id || d == ds->ndims)
                return jsonstat_fail(err, errlen, AMB_EPARSE,
                                     "%s: role.%s[%zu] is not one of the "
                                     "dataset's dimension ids", where,
                                     kinds[k].key, i);
            ds->dims[d].roles |= kinds[k].bit;
        }
    }
    return 0;
}

/* The id list and the size list, and their product into ds->ncells. */
static int read_shape(json_t *ids, json_t *sizes, jsonstat_dataset *ds,
                      const char *where, char *err, size_t errlen)
{
    if (!json_is_array(ids) || json_array_size(ids) == 0)
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: id must be a non-empty list of dimension "
                             "ids", where);
    if (!json_is_array(sizes) || json_array_size(sizes) != json_array_size(ids))
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: size must be a list with one entry per "
                             "dimension (%zu)", where, json_array_size(ids));
    size_t n = json_array_size(ids);
    if (n > JSONSTAT_MAX_DIMS)
        return jsonstat_fail(err, errlen, AMB_ELIMIT,
                             "%s: %zu dimensions, more than the %d supported",
                             where, n, JSONSTAT_MAX_DIMS);
    ds->dims = calloc(n, sizeof *ds->dims);
    if (!ds->dims)
        return jsonstat_fail(err, errlen, AMB_ENOMEM, "%s: out of memory",
                             where);
    ds->ndims = n;
    uint64_t cells = 1;
    for (size_t i = 0; i < n; i++) {
        jsonstat_dim *dim = &ds->dims[i];
        dim->id = json_string_value(json_array_get(ids, i));
        if (!dim->id || !*dim->id)
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: id[%zu] is not a non-empty string",
                                 where, i);
        for (size_t j = 0; j < i; j++)
            if (strcmp(ds->dims[j].id, dim->id) == 0)
                return jsonstat_fail(err, errlen, AMB_EPARSE,
                                     "%s: dimension id %s appears twice",
                                     where, dim->id);
        uint64_t size;
        if (!jsonstat_whole(json_array_get(sizes, i), (uint64_t)1 << 53,
                            &size) || size == 0)
            return jsonstat_fail(err, errlen, AMB_EPARSE,
                                 "%s: size[%zu] (dimension %s) must be a "
                                 "whole number of at least 1", where, i,
                                 dim->id);
        if (size > SIZE_MAX / sizeof(const char *))
            return jsonstat_fail(err, errlen, AMB_ELIMIT,
                                 "%s: dimension %s is too large", where,
                                 dim->id);
        dim->size = (size_t)size;
        if (__builtin_mul_overflow(cells, size, &cells))
            return jsonstat_fail(err, errlen, AMB_ELIMIT,
                                 "%s: the sizes multiply to more than 2^64 "
                                 "cells", where);
    }
    ds->ncells = cells;
    return 0;
}

int jsonstat_read_dims(json_t *obj, jsonstat_dataset *ds, const char *where,
                       char *err, size_t errlen)
{
    json_t *dimension = json_object_get(obj, "dimension");
    if (!json_is_object(dimension))
        return jsonstat_fail(err, errlen, AMB_EPARSE,
                             "%s: no dimension object", where);
    int rc = read_shape(dataset_member(obj, dimension, "id"),
                        dataset_member(obj, dimension, "size"), ds, where, err,
                        errlen);
    for (size_t i = 0; rc == 0 && i < ds->ndims; i++)
        rc = read_dim(dimension, &ds->dims[i], where, err, errlen);
    if (rc == 0)
        rc = read_roles(dataset_member(obj, dimension, "role"), ds, where, err,
                        errlen);
    return rc;
}

void jsonstat_free_dims(jsonstat_dataset *ds)
{
    for (size_t i = 0; i < ds->ndims; i++) {
        free(ds->dims[i].codes);
        free(ds->dims[i].labels);
    }
    free(ds->dims);
    ds->dims = NULL;
    ds->ndims = 0;
}

int jsonstat_whole(const json_t *v, uint64_t max, uint64_t *out)
{
    if (!json_is_number(v))
        return 0;
    double d = json_number_value(v);
    if (!(d >= 0) || d != floor(d) || d > (double)max)
        return 0;
    *out = (uint64_t)d;
    return 1;
}
