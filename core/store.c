/*
 * store.c - runs and the writes a run makes: sources, datasets, dimension
 * labels, observations, provenance and the fetch cache; and the error and
 * statement helpers the store's files share.
 *
 * A run is two transactions: the 'running' row commits on its own (so a
 * crash leaves a trace), then BEGIN IMMEDIATE holds every data write until
 * amb_store_run_finish() commits them together with the run's final row.
 * amb_store_observe() is the hot path of a multi-million-row import: one
 * cached INSERT, bound with SQLITE_STATIC, no allocation per row.
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_internal.h"

/* ------------------------------------------------------------------ */
/* Helpers shared by the store's files. */

int amb_store_fail(amb_store *st, amb_error *err, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return amb_error_set(err, AMB_ESTORE, "store %s: %s: %s", st->path, what,
                         sqlite3_errmsg(st->db));
}

int amb_store_step_done(amb_store *st, sqlite3_stmt *s, amb_error *err,
                        const char *fmt, ...)
{
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        ;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        return 0;
    }
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    rc = amb_store_fail(st, err, "%s", what);
    sqlite3_reset(s);
    return rc;
}

int amb_store_exec(amb_store *st, const char *sql, const char *what,
                   amb_error *err)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return amb_store_fail(st, err, "%s", what);
    return 0;
}

/* Bind text, or NULL for a NULL pointer.  The string must stay valid until
 * the statement is stepped and reset (every caller's argument does). */
static int bind_text(sqlite3_stmt *s, int i, const char *v)
{
    return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC)
             : sqlite3_bind_null(s, i);
}

/* Bind an unsigned count; SQLite integers are signed 64-bit. */
static int bind_u64(sqlite3_stmt *s, int i, uint64_t v)
{
    return sqlite3_bind_int64(s, i, v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

/* Report a failed bind (too big, out of memory) and reset s. */
static int bind_fail(amb_store *st, sqlite3_stmt *s, const char *what,
                     amb_error *err)
{
    int r = amb_store_fail(st, err, "%s", what);
    sqlite3_reset(s);
    return r;
}

/* ------------------------------------------------------------------ */
/* Sources and runs. */

int amb_store_end_run(amb_store *st, int64_t rid, const char *status,
                      const char *error, int64_t bytes, amb_error *err)
{
    sqlite3_stmt *s = NULL;
    char now[32];
    int rc = amb_store_stmt(st, AMB_STMT_RUN_END, &s, err);
    if (rc)
        return rc;
    amb_now_iso(now);
    if (sqlite3_bind_int64(s, 1, rid) || bind_text(s, 2, status) ||
        bind_text(s, 3, now) || bind_text(s, 4, error) ||
        (bytes < 0 ? sqlite3_bind_null(s, 5) : sqlite3_bind_int64(s, 5, bytes)))
        return bind_fail(st, s, "cannot record the end of a run", err);
    return amb_store_step_done(st, s, err, "cannot record the end of a run");
}

int amb_store_source_id(amb_store *st, const char *name, const char *plugin,
                        int64_t *id, amb_error *err)
{
    sqlite3_stmt *s = NULL;
    if (!name || !*name || !plugin)
        return amb_error_set(err, AMB_EUSAGE,
                             "store %s: a source needs a name and a plugin",
                             st->path);
    /* Look first: the common case needs no write lock. */
    int rc = amb_store_stmt(st, AMB_STMT_SOURCE_FIND, &s, err);
    if (rc)
        return rc;
    if (bind_text(s, 1, name))
        return bind_fail(st, s, "cannot look up a source", err);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(s, 1);
        int same = p && strcmp(p, plugin) == 0;
        *id = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
        if (same)
            return 0;
    } else if (src != SQLITE_DONE) {
        rc = amb_store_fail(st, err, "cannot look up source %s", name);
        sqlite3_reset(s);
        return rc;
    } else {
        sqlite3_reset(s);
    }

    char now[32];
    amb_now_iso(now);
    rc = amb_store_stmt(st, AMB_STMT_SOURCE_UPSERT, &s, err);
    if (rc)
        return rc;
    if (bind_text(s, 1, name) || bind_text(s, 2, plugin) || bind_text(s, 3, now))
        return bind_fail(st, s, "cannot record a source", err);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = amb_store_fail(st, err, "cannot record source %s", name);
        sqlite3_reset(s);
        return rc;
    }
    *id = sqlite3_column_int64(s, 0);
    return amb_store_step_done(st, s, err, "cannot record a source");
}

/* Check that run_id is the run open on st; what names the refused action. */
static int require_run(amb_store *st, int64_t run_id, const char *what,
                       amb_error *err)
{
    if (!st->run_id)
        return amb_error_set(err, AMB_EUSAGE,
                             "store %s: cannot %s: no run is open", st->path,
                             what);
    if (run_id != st->run_id)
        return amb_error_set(err, AMB_EUSAGE,
                             "store %s: cannot %s: run %lld is not the open "
                             "run (%lld)", st->path, what, (long long)run_id,
                             (long long)st->run_id);
    return 0;
}

/* Forget the open run and the current dataset (after commit or rollback). */
static void close_run(amb_store *st)
{
    st->run_id = 0;
    amb_store_ds_clear(&st->cur);
}

int amb_store_run_begin(amb_store *st, int64_t source_id, int64_t *run_id,
                        amb_error *err)
{
    if (st->version != AMB_STORE_SCHEMA)
        return amb_error_set(err, AMB_EUSAGE,
                             "store %s: cannot begin run: opened at schema "
                             "version %d for inspection only", st->path,
                             st->version);
    if (st->run_id)
        return amb_error_set(err, AMB_EUSAGE,
                             "store %s: cannot begin run: run %lld is still "
                             "open", st->path, (long long)st->run_id);
    if (!sqlite3_get_autocommit(st->db))
        return amb_error_set(err, AMB_EUSAGE,
                             "store %s: cannot begin run: a transaction is "
                             "already open", st->path);
    sqlite3_stmt *s = NULL;
    char now[32];
    int rc = amb_store_stmt(st, AMB_STMT_RUN_INSERT, &s, err);
    if (rc)
        return rc;
    amb_now_iso(now);
    if (sqlite3_bind_int64(s, 1, source_id) || bind_text(s, 2, now) ||
        sqlite3_bind_int64(s, 3, (sqlite3_int64)getpid()))
        return bind_fail(st, s, "cannot begin run", err);
    rc = amb_store_step_done(st, s, err, "cannot begin run");
    if (rc)
        return rc;
    int64_t id = sqlite3_last_insert_rowid(st->db);

    rc = amb_store_exec(st, "BEGIN IMMEDIATE", "cannot begin run", err);
    if (rc) {
        /* The row is committed: leave it saying why nothing happened. */
        amb_store_end_run(st, id, "failed",
                          err ? err->msg : "cannot begin run", 0, NULL);
        return rc;
    }
    st->run_id = id;
    *run_id = id;
    return 0;
}

int amb_store_run_finish(amb_store *st, int64_t run_id, const char *status,
                         int64_t rows, int64_t bytes, amb_error *err)
{
    int rc = require_run(st, run_id, "finish run", err);
    if (rc)
        return rc;
    if (!status || (strcmp(status, "ok") != 0 &&
                    strcmp(status, "unchanged") != 0))
        return amb_error_set(err, AMB_EUSAGE,
                             "store %s: cannot finish run %lld with status "
                             "'%s' (ok or unchanged)", st->path,
                             (long long)run_id, status ? status : "(null)");
    sqlite3_stmt *s = NULL;
    char now[32];
    amb_now_iso(now);
    rc = amb_store_stmt(st, AMB_STMT_RUN_FINISH, &s, err);
    if (rc == 0 &&
        (sqlite3_bind_int64(s, 1, run_id) || bind_text(s, 2, status) ||
         bind_text(s, 3, now) || sqlite3_bind_int64(s, 4, rows) ||
         sqlite3_bind_int64(s, 5, bytes)))
        rc = bind_fail(st, s, "cannot finish run", err);
    if (rc == 0)
        rc = amb_store_step_done(st, s, err, "cannot finish run");
    if (rc == 0 && sqlite3_changes(st->db) != 1)
        rc = amb_error_set(err, AMB_ESTORE,
                           "store %s: cannot finish run %lld: it is no "
                           "longer running", st->path, (long long)run_id);
    if (rc == 0)
        rc = amb_store_exec(st, "COMMIT", "cannot commit run", err);
    if (rc) {
        /* Nothing of the run is kept; the row records why. */
        if (!sqlite3_get_autocommit(st->db))
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        amb_store_end_run(st, run_id, "failed",
                          err ? err->msg : "cannot commit run", bytes, NULL);
    }
    close_run(st);
    return rc;
}

int amb_store_run_abort(amb_store *st, int64_t run_id, const char *error,
                        int64_t bytes, amb_error *err)
{
    int rc = require_run(st, run_id, "abort run", err);
    if (rc)
        return rc;
    if (!sqlite3_get_autocommit(st->db))
        rc = amb_store_exec(st, "ROLLBACK", "cannot roll back run", err);
    close_run(st);
    if (rc)
        return rc;
    return amb_store_end_run(st, run_id, "failed",
                             error ? error : "run aborted",
                             bytes < 0 ? 0 : bytes, err);
}

/* ------------------------------------------------------------------ */
/* Datasets and observations. */

/* Refuse a descriptor the schema cannot hold: missing ids, too many
 * dimensions, a dimension id used twice or equal to the time id. */
static int check_desc(const amb_dataset_desc *d, amb_error *err)
{
    if (!d || !d->id || !*d->id)
        return amb_error_set(err, AMB_EUSAGE, "a dataset needs an id");
    if (d->ndims > AMB_MAX_DIMS)
        return amb_error_set(err, AMB_EUSAGE,
                             "dataset %s has %zu dimensions besides time; at "
                             "most %d are supported", d->id, d->ndims,
                             AMB_MAX_DIMS);
    if (!d->time_id || !*d->time_id)
        return amb_error_set(err, AMB_EUSAGE,
                             "dataset %s has no time dimension id", d->id);
    if (d->ndims && !d->dims)
        return amb_error_set(err, AMB_EUSAGE,
                             "dataset %s: %zu dimensions but no list of them",
                             d->id, d->ndims);
    for (size_t i = 0; i < d->ndims; i++) {
        const char *id = d->dims[i].id;
        if (!id || !*id)
            return amb_error_set(err, AMB_EUSAGE,
                                 "dataset %s: dimension %zu has no id", d->id,
                                 i + 1);
        if (strcmp(id, d->time_id) == 0)
            return amb_error_set(err, AMB_EUSAGE,
                                 "dataset %s: dimension %s is also the time "
                                 "dimension's id", d->id, id);
        for (size_t j = 0; j < i; j++)
            if (strcmp(id, d->dims[j].id) == 0)
                return amb_error_set(err, AMB_EUSAGE,
                                     "dataset %s: dimension id %s appears "
                                     "twice", d->id, id);
    }
    return 0;
}

/* Run statement id (one of the deletes) with dataset_id bound as ?1. */
static int clear_dataset(amb_store *st, amb_store_stmt_id id,
                         int64_t dataset_id, const char *code, amb_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = amb_store_stmt(st, id, &s, err);
    if (rc)
        return rc;
    if (sqlite3_bind_int64(s, 1, dataset_id))
        return bind_fail(st, s, "cannot replace a dataset", err);
    return amb_store_step_done(st, s, err, "cannot replace dataset %s", code);
}

/* The body of dataset_begin, inside its savepoint: upsert the row, clear
 * what the dataset held, insert its dimensions. */
static int dataset_write(amb_store *st, int64_t run_id, int64_t source_id,
                         const amb_dataset_desc *d, int64_t *out,
                         amb_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = amb_store_stmt(st, AMB_STMT_DS_UPSERT, &s, err);
    if (rc)
        return rc;
    if (bind_text(s, 1, d->id) || sqlite3_bind_int64(s, 2, source_id) ||
        sqlite3_bind_int64(s, 3, run_id) || bind_text(s, 4, d->title) ||
        bind_text(s, 5, d->unit) || bind_text(s, 6, d->updated) ||
        bind_text(s, 7, d->origin) || bind_text(s, 8, d->time_id) ||
        bind_text(s, 9, d->time_label))
        return bind_fail(st, s, "cannot store a dataset", err);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = amb_store_fail(st, err, "cannot store dataset %s", d->id);
        sqlite3_reset(s);
        return rc;
    }
    int64_t id = sqlite3_column_int64(s, 0);
    rc = amb_store_step_done(st, s, err, "cannot store dataset %s", d->id);
    if (rc == 0)
        rc = clear_dataset(st, AMB_STMT_OBS_DELETE, id, d->id, err);
    if (rc == 0)
        rc = clear_dataset(st, AMB_STMT_LABELS_DELETE, id, d->id, err);
    if (rc == 0)
        rc = clear_dataset(st, AMB_STMT_DIMS_DELETE, id, d->id, err);
    if (rc == 0)
        rc = amb_store_stmt(st, AMB_STMT_DIM_INSERT, &s, err);
    /* The time dimension first (pos -1), then 0..ndims-1. */
    for (long pos = -1; rc == 0 && pos < (long)d->ndims; pos++) {
        const char *code = pos < 0 ? d->time_id : d->dims[pos].id;
        const char *label = pos < 0 ? d->time_label : d->dims[pos].label;
        if (sqlite3_bind_int64(s, 1, id) || sqlite3_bind_int64(s, 2, pos) ||
            bind_text(s, 3, code) || bind_text(s, 4, label))
            return bind_fail(st, s, "cannot store a dimension", err);
        rc = amb_store_step_done(st, s, err, "cannot store dimension %s of "
                                 "dataset %s", code, d->id);
    }
    if (rc == 0)
        *out = id;
    return rc;
}

int amb_store_dataset_begin(amb_store *st, int64_t run_id, int64_t source_id,
                            const amb_dataset_desc *desc, int64_t *dataset_id,
                            amb_error *err)
{
    int rc = require_run(st, run_id, "store a dataset", err);
    if (rc == 0)
        rc = check_desc(desc, err);
    if (rc)
        return rc;
    amb_store_ds_clear(&st->cur);
    rc = amb_store_exec(st, "SAVEPOINT dataset_begin",
                        "cannot store a dataset", err);
    if (rc)
        return rc;
    int64_t id = 0;
    rc = dataset_write(st, run_id, source_id, desc, &id, err);
    if (rc) {
        /* Leave the run's transaction as it was before this call. */
        sqlite3_exec(st->db, "ROLLBACK TO dataset_begin", NULL, NULL, NULL);
        sqlite3_exec(st->db, "RELEASE dataset_begin", NULL, NULL, NULL);
        return rc;
    }
    rc = amb_store_exec(st, "RELEASE dataset_begin",
                        "cannot store a dataset", err);
    if (rc)
        return rc;
    st->cur.id = id;
    st->cur.run_id = run_id;
    st->cur.code = amb_xstrdup(desc->id);
    st->cur.time_id = amb_xstrdup(desc->time_id);
    for (size_t i = 0; i < desc->ndims; i++)
        st->cur.dims[i] = amb_xstrdup(desc->dims[i].id);
    st->cur.ndims = desc->ndims;
    *dataset_id = id;
    return 0;
}

/* Make dataset_id the current dataset: it must exist and belong to the
 * open run.  Cheap when it already is (every observe after the first). */
static int use_dataset(amb_store *st, int64_t dataset_id, const char *what,
                       amb_error *err)
{
    if (st->cur.id && st->cur.id == dataset_id)
        return 0;
    if (!st->run_id)
        return amb_error_set(err, AMB_EUSAGE,
                             "store %s: cannot %s: no run is open", st->path,
                             what);
    int rc = amb_store_ds_load(st, dataset_id, &st->cur, err);
    if (rc == 0 && st->cur.run_id != st->run_id)
        rc = amb_error_set(err, AMB_EUSAGE,
                           "store %s: cannot %s: dataset %s was not begun in "
                           "run %lld", st->path, what, st->cur.code,
                           (long long)st->run_id);
    if (rc)
        amb_store_ds_clear(&st->cur);
    return rc;
}

int amb_store_dim_label(amb_store *st, int64_t dataset_id, size_t dim,
                        const char *code, const char *lang, const char *label,
                        amb_error *err)
{
    int rc = use_dataset(st, dataset_id, "store a label", err);
    if (rc)
        return rc;
    const amb_store_ds *ds = &st->cur;
    if (dim != AMB_DIM_TIME && dim >= ds->ndims)
        return amb_error_set(err, AMB_EUSAGE,
                             "dataset %s has %zu dimensions; no dimension %zu "
                             "to label", ds->code, ds->ndims, dim);
    const char *dim_id = dim == AMB_DIM_TIME ? ds->time_id : ds->dims[dim];
    if (!code || !label)
        return amb_error_set(err, AMB_EUSAGE,
                             "dataset %s: a label of dimension %s needs a "
                             "code and a text", ds->code, dim_id);
    sqlite3_stmt *s = NULL;
    rc = amb_store_stmt(st, AMB_STMT_LABEL_PUT, &s, err);
    if (rc)
        return rc;
    if (sqlite3_bind_int64(s, 1, dataset_id) ||
        sqlite3_bind_int64(s, 2, dim == AMB_DIM_TIME ? -1 : (int64_t)dim) ||
        bind_text(s, 3, code) || bind_text(s, 4, lang ? lang : "") ||
        bind_text(s, 5, label))
        return bind_fail(st, s, "cannot store a label", err);
    return amb_store_step_done(st, s, err, "cannot store the label of %s=%s "
                               "in dataset %s", dim_id, code, ds->code);
}

/* "duplicate observation in FOLK1A: OMRÅDE=851, KØN=1, period 2024K1":
 * the input is at fault (two values for one key), hence AMB_EPARSE. */
static int duplicate_error(const amb_store_ds *ds, const char *const *codes,
                           const char *period, amb_error *err)
{
    amb_buf b = {0};
    amb_buf_printf(&b, "duplicate observation in %s: ", ds->code);
    for (size_t i = 0; i < ds->ndims; i++)
        amb_buf_printf(&b, "%s=%s, ", ds->dims[i], codes[i]);
    amb_buf_printf(&b, "period %s", period);
    amb_error_set(err, AMB_EPARSE, "%s", b.data);
    amb_buf_free(&b);
    return AMB_EPARSE;
}

int amb_store_observe(amb_store *st, int64_t dataset_id, size_t ncodes,
                      const char *const *codes, const char *period,
                      double value, int has_value, const char *flag,
                      amb_error *err)
{
    int rc = use_dataset(st, dataset_id, "store an observation", err);
    if (rc)
        return rc;
    const amb_store_ds *ds = &st->cur;
    if (ncodes != ds->ndims)
        return amb_error_set(err, AMB_EUSAGE,
                             "dataset %s has %zu dimensions but an "
                             "observation came with %zu codes", ds->code,
                             ds->ndims, ncodes);
    if (!period)
        return amb_error_set(err, AMB_EUSAGE,
                             "dataset %s: an observation has no period",
                             ds->code);
    for (size_t i = 0; i < ncodes; i++)
        if (!codes[i])
            return amb_error_set(err, AMB_EUSAGE,
                                 "dataset %s: an observation has no code for "
                                 "dimension %s", ds->code, ds->dims[i]);
    sqlite3_stmt *s = NULL;
    rc = amb_store_stmt(st, AMB_STMT_OBSERVE, &s, err);
    if (rc)
        return rc;
    /* Every parameter is rebound on every row, so the SQLITE_STATIC
     * pointers of the previous row are never read again. */
    int brc = sqlite3_bind_int64(s, 1, dataset_id);
    for (size_t i = 0; i < AMB_MAX_DIMS && brc == SQLITE_OK; i++)
        brc = sqlite3_bind_text(s, 2 + (int)i, i < ncodes ? codes[i] : "", -1,
                                SQLITE_STATIC);
    if (brc || bind_text(s, 10, period) ||
        (has_value ? sqlite3_bind_double(s, 11, value)
                   : sqlite3_bind_null(s, 11)) ||
        bind_text(s, 12, flag))
        return bind_fail(st, s, "cannot store an observation", err);
    if (sqlite3_step(s) == SQLITE_DONE) {
        sqlite3_reset(s);
        return 0;
    }
    int xrc = sqlite3_extended_errcode(st->db);
    if (xrc == SQLITE_CONSTRAINT_PRIMARYKEY || xrc == SQLITE_CONSTRAINT_UNIQUE)
        rc = duplicate_error(ds, codes, period, err);
    else
        rc = amb_store_fail(st, err, "cannot store an observation in %s",
                            ds->code);
    sqlite3_reset(s);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Provenance and the fetch cache. */

int amb_store_provenance_add(amb_store *st, int64_t run_id,
                             const amb_provenance *p, amb_error *err)
{
    if (!p || !p->url || !p->fetched_at)
        return amb_error_set(err, AMB_EUSAGE,
                             "store %s: provenance needs a URL and a fetch "
                             "time", st->path);
    sqlite3_stmt *s = NULL;
    int rc = amb_store_stmt(st, AMB_STMT_PROV_INSERT, &s, err);
    if (rc)
        return rc;
    if (sqlite3_bind_int64(s, 1, run_id) || bind_text(s, 2, p->url) ||
        bind_text(s, 3, p->fetched_at) ||
        (p->http_status ? sqlite3_bind_int64(s, 4, p->http_status)
                        : sqlite3_bind_null(s, 4)) ||
        bind_u64(s, 5, p->bytes) || bind_text(s, 6, p->content_hash) ||
        bind_text(s, 7, p->etag) || bind_text(s, 8, p->last_modified) ||
        sqlite3_bind_int(s, 9, p->from_cache ? 1 : 0) ||
        sqlite3_bind_int(s, 10, p->attempts) ||
        bind_u64(s, 11, p->elapsed_ms) || bind_text(s, 12, p->error))
        return bind_fail(st, s, "cannot record provenance", err);
    return amb_store_step_done(st, s, err, "cannot record provenance of %s "
                               "for run %lld", p->url, (long long)run_id);
}

/* A malloc'd copy of a text column, NULL for SQL NULL. */
static char *column_dup(sqlite3_stmt *s, int i)
{
    return amb_xstrdup((const char *)sqlite3_column_text(s, i));
}

int amb_store_cache_get(amb_store *st, const char *url, amb_cache_entry *e,
                        amb_error *err)
{
    memset(e, 0, sizeof *e);
    if (!url)
        return amb_error_set(err, AMB_EUSAGE, "store %s: cache lookup "
                             "without a URL", st->path);
    sqlite3_stmt *s = NULL;
    int rc = amb_store_stmt(st, AMB_STMT_CACHE_GET, &s, err);
    if (rc)
        return rc;
    if (bind_text(s, 1, url))
        return bind_fail(st, s, "cannot read the fetch cache", err);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        e->etag = column_dup(s, 0);
        e->last_modified = column_dup(s, 1);
        e->content_hash = column_dup(s, 2);
        e->body_path = column_dup(s, 3);
        sqlite3_int64 size = sqlite3_column_int64(s, 4);
        e->size = size > 0 ? (uint64_t)size : 0;
    } else if (src == SQLITE_DONE) {
        rc = amb_error_set(err, AMB_ENOTFOUND, "no cache entry for %s", url);
    } else {
        rc = amb_store_fail(st, err, "cannot read the fetch cache for %s",
                            url);
    }
    sqlite3_reset(s);
    return rc;
}

int amb_store_cache_put(amb_store *st, const char *url,
                        const amb_cache_entry *e, amb_error *err)
{
    if (!url || !e)
        return amb_error_set(err, AMB_EUSAGE, "store %s: cache entry "
                             "without a URL", st->path);
    sqlite3_stmt *s = NULL;
    char now[32];
    amb_now_iso(now);
    int rc = amb_store_stmt(st, AMB_STMT_CACHE_PUT, &s, err);
    if (rc)
        return rc;
    if (bind_text(s, 1, url) || bind_text(s, 2, e->etag) ||
        bind_text(s, 3, e->last_modified) || bind_text(s, 4, e->content_hash) ||
        bind_text(s, 5, e->body_path) || bind_u64(s, 6, e->size) ||
        bind_text(s, 7, now))
        return bind_fail(st, s, "cannot write the fetch cache", err);
    return amb_store_step_done(st, s, err, "cannot write the fetch cache "
                               "for %s", url);
}

void amb_cache_entry_clear(amb_cache_entry *e)
{
    if (!e)
        return;
    free(e->etag);
    free(e->last_modified);
    free(e->content_hash);
    free(e->body_path);
    memset(e, 0, sizeof *e);
}
