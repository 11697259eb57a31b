/*
 * sdmx_key.c - observation keys of SDMX-ML messages.
 *
 * An observation's key is the union of its series' key (SeriesKey values,
 * or the dimension attributes of a compact/structure-specific Series) and
 * its own (ObsDimension, ObsKey, generic:Time, or the Obs element's
 * dimension attributes).  The time concept is the option `time`, else
 * TIME_PERIOD, else TIME, wherever it sits.
 *
 * A dataset's dimensions are fixed by its first observation: the non-time
 * series concepts in the document order of the series, then the non-time
 * observation concepts (or, with the option `dims`, exactly those listed).
 * Without `dims`, every later series must carry the same set of concepts
 * as the first series of the dataset, and every observation the same set
 * as the first observation, in any order; the codes are put in the
 * dataset's order by name.  With `dims`, concepts not listed are dropped
 * and a listed one that a key lacks gets the empty code.
 *
 * Memory: the current series' and observation's strings, a few name lists;
 * nothing grows with the number of series or observations.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sdmx.h"

/* ------------------------------------------------------------ levels */

static void level_reset(sdmx_level *l)
{
    l->n = 0;
    l->len = 0;
}

/* Append s and its NUL to l->buf; *off gets its offset.  0 or -1. */
static int level_put(sdmx_level *l, const char *s, size_t *off)
{
    size_t n = strlen(s) + 1;
    if (l->len + n > l->cap) {
        size_t cap = l->cap ? l->cap : 256;
        while (cap < l->len + n)
            cap *= 2;
        char *b = realloc(l->buf, cap);
        if (!b)
            return -1;
        l->buf = b;
        l->cap = cap;
    }
    memcpy(l->buf + l->len, s, n);
    *off = l->len;
    l->len += n;
    return 0;
}

static const char *part_name(const sdmx_level *l, size_t i)
{
    return l->buf + l->name[i];
}

static const char *part_value(const sdmx_level *l, size_t i)
{
    return l->buf + l->value[i];
}

static int level_find(const sdmx_level *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(part_name(l, i), name) == 0)
            return (int)i;
    return -1;
}

/* "A, B, C" of the names of up to two levels into out, without the time
 * concept when o is given. */
static void list_names(const sdmx_opts *o, const sdmx_level *a,
                       const sdmx_level *b, char *out, size_t max)
{
    size_t len = 0;
    out[0] = '\0';
    const sdmx_level *ls[2] = {a, b};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; ls[k] && i < ls[k]->n && len + 1 < max; i++) {
            if (o && sdmx_is_time_name(o, part_name(ls[k], i)))
                continue;
            int n = snprintf(out + len, max - len, "%s%s", len ? ", " : "",
                             part_name(ls[k], i));
            len = n < 0 ? max : len + (size_t)n;
        }
}

static void list_set(char *const *set, size_t n, char *out, size_t max)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len + 1 < max; i++) {
        int w = snprintf(out + len, max - len, "%s%s", len ? ", " : "",
                         set[i]);
        len = w < 0 ? max : len + (size_t)w;
    }
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void free_set(char **set, size_t *n)
{
    for (size_t i = 0; i < *n; i++) {
        free(set[i]);
        set[i] = NULL;
    }
    *n = 0;
}

/* Copy the names of level l into set; 0 or -1. */
static int copy_set(char **set, size_t *n, const sdmx_level *l)
{
    free_set(set, n);
    for (size_t i = 0; i < l->n; i++) {
        if (!(set[i] = dup_str(part_name(l, i))))
            return -1;
        *n = i + 1;
    }
    return 0;
}

/* Whether level l carries exactly the names of set, in any order. */
static int same_set(char *const *set, size_t n, const sdmx_level *l)
{
    if (n != l->n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (level_find(l, set[i]) < 0)
            return 0;
    return 1;
}

/* ------------------------------------------------------------ datasets */

void sdmx_key_init(sdmx_key *k, sdmx_emit *emit)
{
    memset(k, 0, sizeof *k);
    k->emit = emit;
    k->opts = emit->opts;
}

/* Forget the dataset's schema and id. */
static void reset_dataset(sdmx_key *k)
{
    free(k->pending_id);
    k->pending_id = NULL;
    for (size_t i = 0; i < k->ndims; i++) {
        free(k->dims[i]);
        k->dims[i] = NULL;
    }
    k->ndims = 0;
    free(k->time_id);
    k->time_id = NULL;
    free_set(k->series_set, &k->nseries_set);
    free_set(k->obs_set, &k->nobs_set);
    k->have_series_set = 0;
    k->schema = 0;
    k->in_dataset = 0;
    k->series_open = 0;
}

void sdmx_key_free(sdmx_key *k)
{
    reset_dataset(k);
    free(k->series.buf);
    free(k->obs.buf);
    k->series.buf = k->obs.buf = NULL;
}

amb_rc sdmx_key_dataset_start(sdmx_key *k, const char *derived, long line)
{
    amb_rc rc = sdmx_key_dataset_end(k);
    if (rc < 0)
        return rc;
    rc = sdmx_emit_dataset_id(k->emit, derived, line, &k->pending_id);
    if (rc < 0)
        return rc;
    k->in_dataset = 1;
    return AMB_OK;
}

amb_rc sdmx_key_dataset_end(sdmx_key *k)
{
    if (!k->in_dataset)
        return AMB_OK;
    if (k->schema) {
        sdmx_emit_end(k->emit);
    } else if (k->emit->host->log) {
        k->emit->host->log(k->emit->ctx, AMB_LOG_WARNING,
                           "sdmx: %s: DataSet %u (%s) holds no observations; "
                           "not stored", k->emit->file, k->emit->position,
                           k->pending_id ? k->pending_id : "?");
    }
    reset_dataset(k);
    return AMB_OK;
}

/* ------------------------------------------------------------ parts */

/* Add name=value to level l, unless the option `dims` drops it. */
static amb_rc add_part(sdmx_key *k, sdmx_level *l, const char *name,
                       const char *value, long line)
{
    const sdmx_opts *o = k->opts;
    if (o->ndims && !sdmx_is_listed_dim(o, name) && !sdmx_is_time_name(o, name))
        return AMB_OK;
    if (level_find(l, name) >= 0)
        return sdmx_fail(k->emit, AMB_EPARSE, line,
                         "concept %s appears twice in a key", name);
    if (l->n == SDMX_MAX_PARTS)
        return sdmx_fail(k->emit, AMB_EPARSE, line,
                         "a key with more than %d concepts; at most %d "
                         "non-time dimensions are supported", SDMX_MAX_PARTS,
                         AMB_MAX_DIMS);
    if (level_put(l, name, &l->name[l->n]) < 0 ||
        level_put(l, value, &l->value[l->n]) < 0)
        return sdmx_fail(k->emit, AMB_ENOMEM, line, "out of memory");
    l->n++;
    return AMB_OK;
}

/* Count the non-time concepts of a and b; fail when more than allowed. */
static amb_rc check_width(sdmx_key *k, const sdmx_level *a,
                          const sdmx_level *b, long line)
{
    size_t n = 0;
    const sdmx_level *ls[2] = {a, b};
    for (int j = 0; j < 2; j++)
        for (size_t i = 0; ls[j] && i < ls[j]->n; i++)
            n += !sdmx_is_time_name(k->opts, part_name(ls[j], i));
    if (n <= AMB_MAX_DIMS)
        return AMB_OK;
    char names[512];
    list_names(k->opts, a, b, names, sizeof names);
    return sdmx_fail(k->emit, AMB_EPARSE, line,
                     "the key has %zu non-time dimensions (%s); at most %d "
                     "are supported", n, names, AMB_MAX_DIMS);
}

void sdmx_key_series_start(sdmx_key *k, long line)
{
    level_reset(&k->series);
    k->series_open = 1;
    k->series_checked = 0;
    k->series_mapped = 0;
    k->series_line = line;
}

amb_rc sdmx_key_series_part(sdmx_key *k, const char *name, const char *value,
                            long line)
{
    return add_part(k, &k->series, name, value, line);
}

amb_rc sdmx_key_series_done(sdmx_key *k)
{
    if (k->series_checked)
        return AMB_OK;
    k->series_checked = 1;
    amb_rc rc = check_width(k, &k->series, NULL, k->series_line);
    if (rc < 0 || k->opts->ndims)
        return rc;
    if (!k->have_series_set) {
        if (copy_set(k->series_set, &k->nseries_set, &k->series) < 0)
            return sdmx_fail(k->emit, AMB_ENOMEM, 0, "out of memory");
        k->have_series_set = 1;
        return AMB_OK;
    }
    if (same_set(k->series_set, k->nseries_set, &k->series))
        return AMB_OK;
    char got[384], first[384];
    list_names(NULL, &k->series, NULL, got, sizeof got);
    list_set(k->series_set, k->nseries_set, first, sizeof first);
    return sdmx_fail(k->emit, AMB_EPARSE, k->series_line,
                     "series key concepts (%s) differ from the first "
                     "series' (%s)", got, first);
}

void sdmx_key_series_end(sdmx_key *k)
{
    k->series_open = 0;
    level_reset(&k->series);
}

void sdmx_key_obs_start(sdmx_key *k)
{
    level_reset(&k->obs);
    k->value = k->flag_main = k->flag_alt = 0;
}

amb_rc sdmx_key_obs_part(sdmx_key *k, const char *name, const char *value,
                         long line)
{
    return add_part(k, &k->obs, name, value, line);
}

amb_rc sdmx_key_obs_value(sdmx_key *k, const char *value, long line)
{
    size_t off;
    if (level_put(&k->obs, value, &off) < 0)
        return sdmx_fail(k->emit, AMB_ENOMEM, line, "out of memory");
    k->value = off + 1;
    return AMB_OK;
}

amb_rc sdmx_key_obs_attribute(sdmx_key *k, const char *name,
                              const char *value, long line)
{
    size_t *slot = NULL;
    if (k->opts->flag)
        slot = strcmp(name, k->opts->flag) == 0 ? &k->flag_main : NULL;
    else if (strcmp(name, "OBS_STATUS") == 0)
        slot = &k->flag_main;
    else if (strcmp(name, "OBS_FLAG") == 0)
        slot = &k->flag_alt;
    if (!slot)
        return AMB_OK;
    size_t off;
    if (level_put(&k->obs, value, &off) < 0)
        return sdmx_fail(k->emit, AMB_ENOMEM, line, "out of memory");
    *slot = off + 1;
    return AMB_OK;
}

/* ------------------------------------------------------------ schema */

/* The time concept's name in the current key: the option `time`, else
 * TIME_PERIOD, else TIME; NULL when the key has none. */
static const char *find_time(const sdmx_key *k)
{
    static const char *const names[] = {"TIME_PERIOD", "TIME"};
    const sdmx_level *ls[2] = {&k->series, &k->obs};
    for (size_t t = 0; t < 2; t++) {
        const char *want = k->opts->time ? k->opts->time : names[t];
        for (int j = 0; j < 2; j++)
            if (level_find(ls[j], want) >= 0)
                return want;
        if (k->opts->time)
            break;
    }
    return NULL;
}

static amb_rc no_time(const sdmx_key *k, long line)
{
    return sdmx_fail(k->emit, AMB_EPARSE, line,
                     "an observation without a time period (no %s)",
                     k->opts->time ? k->opts->time : "TIME_PERIOD or TIME");
}

/* Fix the dataset's dimensions from the current (first) observation and
 * begin it. */
static amb_rc make_schema(sdmx_key *k, long line)
{
    const char *time = find_time(k);
    if (!time)
        return no_time(k, line);
    amb_rc rc = check_width(k, &k->series, &k->obs, line);
    if (rc < 0)
        return rc;
    if (!(k->time_id = dup_str(time)))
        return sdmx_fail(k->emit, AMB_ENOMEM, line, "out of memory");
    if (k->opts->ndims) {
        for (size_t i = 0; i < k->opts->ndims; i++)
            if (!(k->dims[k->ndims++] = dup_str(k->opts->dims[i])))
                return sdmx_fail(k->emit, AMB_ENOMEM, line, "out of memory");
    } else {
        const sdmx_level *ls[2] = {&k->series, &k->obs};
        for (int j = 0; j < 2; j++)
            for (size_t i = 0; i < ls[j]->n; i++) {
                const char *name = part_name(ls[j], i);
                if (strcmp(name, time) == 0)
                    continue;
                if (!(k->dims[k->ndims++] = dup_str(name)))
                    return sdmx_fail(k->emit, AMB_ENOMEM, line,
                                     "out of memory");
            }
        if (copy_set(k->obs_set, &k->nobs_set, &k->obs) < 0)
            return sdmx_fail(k->emit, AMB_ENOMEM, line, "out of memory");
    }
    k->schema = 1;
    char *id = k->pending_id;
    k->pending_id = NULL;
    return sdmx_emit_begin(k->emit, id, k->ndims,
                           (const char *const *)k->dims, k->time_id);
}

/* Where concept name goes: a dimension index, -1 for the time, -2 when
 * the dataset has no such dimension (dropped). */
static int slot_of(const sdmx_key *k, const char *name)
{
    if (strcmp(name, k->time_id) == 0)
        return -1;
    for (size_t i = 0; i < k->ndims; i++)
        if (strcmp(name, k->dims[i]) == 0)
            return (int)i;
    return -2;
}

/* Put the parts of level l into codes/period by name. */
static void place(const sdmx_key *k, const sdmx_level *l, const int *map,
                  const char **codes, const char **period)
{
    for (size_t i = 0; i < l->n; i++) {
        int s = map ? map[i] : slot_of(k, part_name(l, i));
        if (s >= 0)
            codes[s] = part_value(l, i);
        else if (s == -1)
            *period = part_value(l, i);
    }
}

amb_rc sdmx_key_obs_done(sdmx_key *k, long line)
{
    amb_rc rc;
    if (k->series_open && (rc = sdmx_key_series_done(k)) < 0)
        return rc;
    const sdmx_level *s = k->series_open ? &k->series : NULL;
    for (size_t i = 0; s && i < k->obs.n; i++)
        if (level_find(s, part_name(&k->obs, i)) >= 0)
            return sdmx_fail(k->emit, AMB_EPARSE, line,
                             "concept %s appears twice in a key",
                             part_name(&k->obs, i));
    if (!k->schema) {
        if ((rc = make_schema(k, line)) < 0)
            return rc;
    } else if (!k->opts->ndims &&
               !same_set(k->obs_set, k->nobs_set, &k->obs)) {
        char got[384], first[384];
        list_names(NULL, &k->obs, NULL, got, sizeof got);
        list_set(k->obs_set, k->nobs_set, first, sizeof first);
        return sdmx_fail(k->emit, AMB_EPARSE, line,
                         "observation key concepts (%s) differ from the "
                         "first observation's (%s)", got, first);
    }
    if (s && !k->series_mapped) {
        for (size_t i = 0; i < s->n; i++)
            k->series_map[i] = slot_of(k, part_name(s, i));
        k->series_mapped = 1;
    }
    const char *codes[AMB_MAX_DIMS];
    const char *period = NULL;
    for (size_t i = 0; i < k->ndims; i++)
        codes[i] = "";
    if (s)
        place(k, s, k->series_map, codes, &period);
    place(k, &k->obs, NULL, codes, &period);
    if (!period || !*period)
        return no_time(k, line);
    const char *value = k->value ? k->obs.buf + k->value - 1 : NULL;
    size_t flag = k->flag_main ? k->flag_main : k->flag_alt;
    return sdmx_emit_observe(k->emit, codes, period, value,
                             flag ? k->obs.buf + flag - 1 : NULL, line);
}
