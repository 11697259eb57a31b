/*
 * store_query.c - reading the store: runs and datasets for the CLI's
 * listings, and amb_store_query(), which streams one dataset's
 * observations to a callback.
 *
 * Rows handed to callbacks are borrowed: their strings live until the
 * callback returns.  Cached statements are reset before any callback runs,
 * so a callback may use the store (even start another query).  A callback
 * returning non-zero stops the iteration and that value is returned.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* Observation columns by dimension position: the only column names that
 * ever enter query text. */
static const char *const dim_columns[AMB_MAX_DIMS] = {
    "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7"
};

/* A text column or NULL. */
static const char *col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* Step s when *src says binding (or the previous step) went well; 1 while
 * it yields rows.  *src ends as SQLITE_DONE or the failing code. */
static int next_row(sqlite3_stmt *s, int *src)
{
    if (*src != SQLITE_OK && *src != SQLITE_ROW)
        return 0;
    *src = sqlite3_step(s);
    return *src == SQLITE_ROW;
}

void amb_store_ds_clear(amb_store_ds *ds)
{
    free(ds->code);
    free(ds->time_id);
    for (size_t i = 0; i < ds->ndims; i++)
        free(ds->dims[i]);
    memset(ds, 0, sizeof *ds);
}

/* Read dataset id's dimension ids (pos 0..n-1) into ds. */
static int load_dims(amb_store *st, int64_t id, amb_store_ds *ds,
                     amb_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = amb_store_stmt(st, AMB_STMT_DIMS_OF, &s, err);
    if (rc)
        return rc;
    int src = sqlite3_bind_int64(s, 1, id);
    while (next_row(s, &src)) {
        /* Positions are 0..n-1 by construction (CHECK and dataset_begin). */
        if (sqlite3_column_int64(s, 0) != (sqlite3_int64)ds->ndims ||
            ds->ndims == AMB_MAX_DIMS) {
            sqlite3_reset(s);
            return amb_error_set(err, AMB_ESTORE, "store %s: dataset %s: "
                                 "dimension positions are not 0..n-1",
                                 st->path, ds->code);
        }
        ds->dims[ds->ndims++] = amb_xstrdup(col_text(s, 1));
    }
    if (src != SQLITE_DONE)
        rc = amb_store_fail(st, err, "cannot read the dimensions of %s",
                            ds->code);
    sqlite3_reset(s);
    return rc;
}

int amb_store_ds_load(amb_store *st, int64_t id, amb_store_ds *ds,
                      amb_error *err)
{
    sqlite3_stmt *s = NULL;
    amb_store_ds_clear(ds);
    int rc = amb_store_stmt(st, AMB_STMT_DS_META, &s, err);
    if (rc)
        return rc;
    int src = sqlite3_bind_int64(s, 1, id);
    if (src == SQLITE_OK)
        src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        ds->id = id;
        ds->code = amb_xstrdup(col_text(s, 0));
        ds->time_id = amb_xstrdup(col_text(s, 1));
        ds->run_id = sqlite3_column_int64(s, 2);
    } else if (src == SQLITE_DONE) {
        rc = amb_error_set(err, AMB_ENOTFOUND, "store %s: no dataset with id "
                           "%lld", st->path, (long long)id);
    } else {
        rc = amb_store_fail(st, err, "cannot read dataset %lld",
                            (long long)id);
    }
    sqlite3_reset(s);
    if (rc == 0)
        rc = load_dims(st, id, ds, err);
    if (rc)
        amb_store_ds_clear(ds);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Runs. */

/* Stream runs (newest first) to cb; *seen counts the rows delivered. */
static int runs_each(amb_store *st, const char *source, int limit,
                     amb_run_cb cb, void *ud, int *seen, amb_error *err)
{
    static const char sql[] =
        "SELECT r.id, s.name, s.plugin, r.started_at, r.ended_at, r.status, "
        "r.rows, r.bytes, r.error "
        "FROM runs r JOIN sources s ON s.id = r.source_id "
        "WHERE ?1 IS NULL OR s.name = ?1 "
        "ORDER BY r.id DESC LIMIT ?2";
    sqlite3_stmt *s = NULL;
    *seen = 0;
    if (limit < 0)
        return amb_error_set(err, AMB_EUSAGE, "store %s: a negative limit "
                             "(%d) for a list of runs", st->path, limit);
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return amb_store_fail(st, err, "cannot list runs");
    /* LIMIT -1 is SQLite's "no limit". */
    int src = source ? sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC)
                     : sqlite3_bind_null(s, 1);
    if (src == SQLITE_OK)
        src = sqlite3_bind_int(s, 2, limit ? limit : -1);
    int rc = 0;
    while (next_row(s, &src)) {
        amb_run_row row = {
            .id = sqlite3_column_int64(s, 0),
            .source = col_text(s, 1),
            .plugin = col_text(s, 2),
            .started_at = col_text(s, 3),
            .ended_at = col_text(s, 4),
            .status = col_text(s, 5),
            .rows = sqlite3_column_int64(s, 6),
            .bytes = sqlite3_column_int64(s, 7),
            .error = col_text(s, 8),
        };
        (*seen)++;
        rc = cb(ud, &row);
        if (rc)
            break;
    }
    if (rc == 0 && src != SQLITE_DONE)
        rc = amb_store_fail(st, err, "cannot list runs");
    sqlite3_finalize(s);
    return rc;
}

int amb_store_list_runs(amb_store *st, const char *source, int limit,
                        amb_run_cb cb, void *ud, amb_error *err)
{
    int seen;
    return runs_each(st, source, limit, cb, ud, &seen, err);
}

int amb_store_last_run(amb_store *st, const char *source, amb_run_cb cb,
                       void *ud, amb_error *err)
{
    int seen;
    int rc = runs_each(st, source, 1, cb, ud, &seen, err);
    if (rc == 0 && seen == 0) {
        if (source)
            return amb_error_set(err, AMB_ENOTFOUND,
                                 "source %s has no runs", source);
        return amb_error_set(err, AMB_ENOTFOUND, "the store has no runs");
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* Datasets. */

/* Observation count and period range of dataset id into row; the period
 * strings are malloc'd into *lo and *hi (caller frees). */
static int dataset_stats(amb_store *st, int64_t id, amb_dataset_row *row,
                         char **lo, char **hi, amb_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = amb_store_stmt(st, AMB_STMT_DS_STATS, &s, err);
    if (rc)
        return rc;
    int src = sqlite3_bind_int64(s, 1, id);
    if (src == SQLITE_OK)
        src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        row->observations = sqlite3_column_int64(s, 0);
        *lo = amb_xstrdup(col_text(s, 1));
        *hi = amb_xstrdup(col_text(s, 2));
    } else {
        rc = amb_store_fail(st, err, "cannot count the observations of %s",
                            row->code);
    }
    sqlite3_reset(s);
    row->first_period = *lo;
    row->last_period = *hi;
    return rc;
}

/* Stream datasets (all, or the one named code) ordered by code; *seen
 * counts the rows delivered. */
static int datasets_each(amb_store *st, const char *code, amb_dataset_cb cb,
                         void *ud, int *seen, amb_error *err)
{
    static const char sql[] =
        "SELECT d.id, d.code, d.title, d.unit, s.name, d.run_id, r.ended_at "
        "FROM datasets d JOIN sources s ON s.id = d.source_id "
        "JOIN runs r ON r.id = d.run_id "
        "WHERE ?1 IS NULL OR d.code = ?1 ORDER BY d.code";
    sqlite3_stmt *s = NULL;
    amb_store_ds ds = {0};
    *seen = 0;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return amb_store_fail(st, err, "cannot list datasets");
    int src = code ? sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC)
                   : sqlite3_bind_null(s, 1);
    int rc = 0;
    while (next_row(s, &src)) {
        amb_dataset_row row = {
            .id = sqlite3_column_int64(s, 0),
            .code = col_text(s, 1),
            .title = col_text(s, 2),
            .unit = col_text(s, 3),
            .source = col_text(s, 4),
            .run_id = sqlite3_column_int64(s, 5),
            .updated_at = col_text(s, 6),
        };
        char *lo = NULL, *hi = NULL;
        rc = amb_store_ds_load(st, row.id, &ds, err);
        if (rc == 0)
            rc = dataset_stats(st, row.id, &row, &lo, &hi, err);
        if (rc == 0) {
            row.ndims = ds.ndims;
            for (size_t i = 0; i < ds.ndims; i++)
                row.dims[i] = ds.dims[i];
            row.time_id = ds.time_id;
            (*seen)++;
            rc = cb(ud, &row);
        }
        free(lo);
        free(hi);
        if (rc)
            break;
    }
    if (rc == 0 && src != SQLITE_DONE)
        rc = amb_store_fail(st, err, "cannot list datasets");
    amb_store_ds_clear(&ds);
    sqlite3_finalize(s);
    return rc;
}

int amb_store_list_datasets(amb_store *st, amb_dataset_cb cb, void *ud,
                            amb_error *err)
{
    int seen;
    return datasets_each(st, NULL, cb, ud, &seen, err);
}

int amb_store_get_dataset(amb_store *st, const char *code, amb_dataset_cb cb,
                          void *ud, amb_error *err)
{
    int seen;
    if (!code)
        return amb_error_set(err, AMB_EUSAGE, "a dataset lookup needs a code");
    int rc = datasets_each(st, code, cb, ud, &seen, err);
    if (rc == 0 && seen == 0)
        return amb_error_set(err, AMB_ENOTFOUND, "no dataset named %s", code);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Observations. */

/* The dataset named code, loaded into ds; AMB_ENOTFOUND when absent. */
static int find_dataset(amb_store *st, const char *code, amb_store_ds *ds,
                        amb_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = amb_store_stmt(st, AMB_STMT_DS_BY_CODE, &s, err);
    if (rc)
        return rc;
    int64_t id = 0;
    int src = sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    if (src == SQLITE_OK)
        src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        id = sqlite3_column_int64(s, 0);
    else if (src == SQLITE_DONE)
        rc = amb_error_set(err, AMB_ENOTFOUND, "no dataset named %s", code);
    else
        rc = amb_store_fail(st, err, "cannot look up dataset %s", code);
    sqlite3_reset(s);
    return rc ? rc : amb_store_ds_load(st, id, ds, err);
}

/* The column holding dimension dim of ds ("d0".."d7" or "period"), or
 * NULL when ds has no such dimension. */
static const char *dim_column(const amb_store_ds *ds, const char *dim)
{
    for (size_t i = 0; i < ds->ndims; i++)
        if (strcmp(ds->dims[i], dim) == 0)
            return dim_columns[i];
    return strcmp(ds->time_id, dim) == 0 ? "period" : NULL;
}

/* "dataset X has no dimension Y (it has: A, B, TID)" */
static int unknown_dim(const amb_store_ds *ds, const char *dim,
                       amb_error *err)
{
    amb_buf b = {0};
    amb_buf_printf(&b, "dataset %s has no dimension %s (it has: ", ds->code,
                   dim);
    for (size_t i = 0; i < ds->ndims; i++)
        amb_buf_printf(&b, "%s, ", ds->dims[i]);
    amb_buf_printf(&b, "%s)", ds->time_id);
    amb_error_set(err, AMB_EUSAGE, "%s", b.data);
    amb_buf_free(&b);
    return AMB_EUSAGE;
}

/* Build the query text into b: fixed SQL, whitelisted column names and one
 * placeholder per filter code.  *nparams gets the number of placeholders. */
static int build_query(const amb_store_ds *ds, const amb_filter *filters,
                       size_t nfilters, amb_buf *b, size_t *nparams,
                       amb_error *err)
{
    amb_buf_puts(b, "SELECT d0, d1, d2, d3, d4, d5, d6, d7, period, value, "
                 "flag FROM observations WHERE dataset_id = ?");
    *nparams = 1;
    for (size_t f = 0; f < nfilters; f++) {
        const char *dim = filters[f].dim;
        if (!dim)
            return amb_error_set(err, AMB_EUSAGE, "dataset %s: a filter "
                                 "without a dimension", ds->code);
        const char *col = dim_column(ds, dim);
        if (!col)
            return unknown_dim(ds, dim, err);
        if (filters[f].ncodes == 0 || !filters[f].codes)
            return amb_error_set(err, AMB_EUSAGE, "dataset %s: the filter on "
                                 "%s has no codes", ds->code, dim);
        amb_buf_printf(b, " AND %s IN (", col);
        for (size_t i = 0; i < filters[f].ncodes; i++) {
            if (!filters[f].codes[i])
                return amb_error_set(err, AMB_EUSAGE, "dataset %s: the "
                                     "filter on %s has a NULL code",
                                     ds->code, dim);
            amb_buf_puts(b, i ? ", ?" : "?");
        }
        amb_buf_putc(b, ')');
        *nparams += filters[f].ncodes;
    }
    /* The primary key's order: no sort step. */
    amb_buf_puts(b, " ORDER BY d0, d1, d2, d3, d4, d5, d6, d7, period");
    return 0;
}

/* Step the prepared query s and hand each row to cb. */
static int query_rows(amb_store *st, sqlite3_stmt *s, const amb_store_ds *ds,
                      amb_obs_cb cb, void *ud, amb_error *err)
{
    const char *codes[AMB_MAX_DIMS];
    int src, rc = 0;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        for (size_t i = 0; i < ds->ndims; i++)
            codes[i] = col_text(s, (int)i);
        amb_obs_row row = {
            .ndims = ds->ndims,
            .dim_ids = (const char *const *)ds->dims,
            .codes = codes,
            .time_id = ds->time_id,
            .period = col_text(s, 8),
            .has_value = sqlite3_column_type(s, 9) != SQLITE_NULL,
            .value = sqlite3_column_double(s, 9),
            .flag = col_text(s, 10),
        };
        rc = cb(ud, &row);
        if (rc)
            return rc;
    }
    if (src != SQLITE_DONE)
        return amb_store_fail(st, err, "cannot read the observations of %s",
                              ds->code);
    return 0;
}

int amb_store_query(amb_store *st, const char *dataset,
                    const amb_filter *filters, size_t nfilters,
                    amb_obs_cb cb, void *ud, amb_error *err)
{
    if (!dataset)
        return amb_error_set(err, AMB_EUSAGE, "a query needs a dataset");
    if (nfilters && !filters)
        return amb_error_set(err, AMB_EUSAGE, "dataset %s: %zu filters but "
                             "no list of them", dataset, nfilters);
    amb_store_ds ds = {0};
    amb_buf sql = {0};
    sqlite3_stmt *s = NULL;
    size_t nparams = 0;
    int rc = find_dataset(st, dataset, &ds, err);
    if (rc == 0)
        rc = build_query(&ds, filters, nfilters, &sql, &nparams, err);
    if (rc == 0 &&
        nparams > (size_t)sqlite3_limit(st->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
        rc = amb_error_set(err, AMB_EUSAGE, "dataset %s: a query with %zu "
                           "filter codes; at most %d are supported", dataset,
                           nparams - 1,
                           sqlite3_limit(st->db, SQLITE_LIMIT_VARIABLE_NUMBER,
                                         -1) - 1);
    if (rc == 0 && sqlite3_prepare_v2(st->db, sql.data, -1, &s, NULL))
        rc = amb_store_fail(st, err, "cannot query dataset %s", dataset);
    /* The filter codes outlive the statement: bind them in place. */
    int p = 1;
    int brc = rc ? SQLITE_OK : sqlite3_bind_int64(s, p++, ds.id);
    for (size_t f = 0; rc == 0 && f < nfilters; f++)
        for (size_t i = 0; brc == SQLITE_OK && i < filters[f].ncodes; i++)
            brc = sqlite3_bind_text(s, p++, filters[f].codes[i], -1,
                                    SQLITE_STATIC);
    if (rc == 0 && brc != SQLITE_OK)
        rc = amb_store_fail(st, err, "cannot query dataset %s", dataset);
    if (rc == 0)
        rc = query_rows(st, s, &ds, cb, ud, err);
    sqlite3_finalize(s);
    amb_buf_free(&sql);
    amb_store_ds_clear(&ds);
    return rc;
}
