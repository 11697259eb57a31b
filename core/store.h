/*
 * store.h - the embedded SQLite store: schema, migrations, runs, datasets,
 * observations, provenance and the fetch cache.
 *
 * Invariants the store keeps:
 *  - opened with WAL, foreign keys on, a busy timeout; the schema version is
 *    PRAGMA user_version and every migration up to AMB_STORE_SCHEMA runs at
 *    open, each in its own transaction;
 *  - every statement is prepared (no SQL assembled from user text);
 *  - a collection run is one transaction: amb_store_run_begin() records the
 *    run as 'running' and opens the data transaction, amb_store_run_finish()
 *    commits data and the run's final row together, amb_store_run_abort()
 *    rolls the data back and then records the failure.  A process killed in
 *    between leaves the earlier data exactly as it was and a 'running' row
 *    that the next open marks 'interrupted' (when its pid is gone).
 */
#ifndef AMB_STORE_H
#define AMB_STORE_H

#include <stdint.h>
#include <sqlite3.h>

#include "ambit/plugin.h"
#include "util.h"

#define AMB_STORE_SCHEMA 5   /* the schema version this build writes */

typedef struct amb_store amb_store;

/* Open (creating if needed) the store at path and migrate it to
 * AMB_STORE_SCHEMA.  A store newer than this build is refused. */
int amb_store_open(const char *path, amb_store **out, amb_error *err);
void amb_store_close(amb_store *st);            /* NULL is fine */
int amb_store_schema_version(amb_store *st);
/* The connection, for read-only modules (queries, indicators).  Borrowed. */
sqlite3 *amb_store_db(amb_store *st);

/* Find or create the source row by name; updates its plugin name. */
int amb_store_source_id(amb_store *st, const char *name, const char *plugin,
                        int64_t *id, amb_error *err);

/* ---- runs ---- */
int amb_store_run_begin(amb_store *st, int64_t source_id, int64_t *run_id,
                        amb_error *err);
/* status: "ok" or "unchanged". Commits. */
int amb_store_run_finish(amb_store *st, int64_t run_id, const char *status,
                         int64_t rows, int64_t bytes, amb_error *err);
/* Rolls back the data, then records status "failed" with the message. */
int amb_store_run_abort(amb_store *st, int64_t run_id, const char *error,
                        int64_t bytes, amb_error *err);

/* ---- data, only between run_begin and run_finish/abort ---- */
/* Start a dataset (replacing its previous observations and labels) and
 * return its id. */
int amb_store_dataset_begin(amb_store *st, int64_t run_id, int64_t source_id,
                            const amb_dataset_desc *desc, int64_t *dataset_id,
                            amb_error *err);
/* dim is a 0-based index into desc->dims or AMB_DIM_TIME. */
int amb_store_dim_label(amb_store *st, int64_t dataset_id, size_t dim,
                        const char *code, const char *lang, const char *label,
                        amb_error *err);
/* A duplicate (same codes and period) is an error naming the key. */
int amb_store_observe(amb_store *st, int64_t dataset_id, size_t ncodes,
                      const char *const *codes, const char *period,
                      double value, int has_value, const char *flag,
                      amb_error *err);

/* ---- provenance: one row per request or file read in a run ----
 * Added inside a run, the row joins the run's transaction (and goes with a
 * rollback); a failed run's fetch log is added after amb_store_run_abort(). */
typedef struct amb_provenance {
    const char *url;           /* URL or path */
    const char *fetched_at;    /* ISO 8601 UTC */
    long http_status;          /* 0 for files */
    uint64_t bytes;
    const char *content_hash;  /* hex SHA-256, may be NULL on failure */
    const char *etag;
    const char *last_modified;
    int from_cache;            /* 1 when a 304 or unchanged hash */
    int attempts;
    uint64_t elapsed_ms;
    const char *error;         /* NULL when the request succeeded */
} amb_provenance;

int amb_store_provenance_add(amb_store *st, int64_t run_id,
                             const amb_provenance *p, amb_error *err);

/* ---- the fetcher's conditional-request cache ---- */
typedef struct amb_cache_entry {
    char *etag;            /* each may be NULL; freed by amb_cache_entry_clear */
    char *last_modified;
    char *content_hash;
    char *body_path;
    uint64_t size;
} amb_cache_entry;

/* Returns 0 and fills e, or AMB_ENOTFOUND. */
int amb_store_cache_get(amb_store *st, const char *url, amb_cache_entry *e,
                        amb_error *err);
int amb_store_cache_put(amb_store *st, const char *url,
                        const amb_cache_entry *e, amb_error *err);
void amb_cache_entry_clear(amb_cache_entry *e);

/* ---- listings for the CLI; callbacks get borrowed rows ---- */
typedef struct amb_run_row {
    int64_t id;
    const char *source;
    const char *plugin;
    const char *started_at;
    const char *ended_at;     /* NULL while running */
    const char *status;       /* running ok unchanged failed interrupted */
    int64_t rows;
    int64_t bytes;
    const char *error;        /* NULL unless failed */
} amb_run_row;
typedef int (*amb_run_cb)(void *ud, const amb_run_row *row);
/* Newest first; source NULL lists every source's runs; limit 0 = all. */
int amb_store_list_runs(amb_store *st, const char *source, int limit,
                        amb_run_cb cb, void *ud, amb_error *err);
/* The latest run of a source, or AMB_ENOTFOUND; strings valid in cb only. */
int amb_store_last_run(amb_store *st, const char *source, amb_run_cb cb,
                       void *ud, amb_error *err);

typedef struct amb_dataset_row {
    int64_t id;
    const char *code;
    const char *title;
    const char *unit;
    const char *source;
    int64_t run_id;
    const char *updated_at;   /* when the run that stored it finished */
    int64_t observations;
    const char *first_period;
    const char *last_period;
    size_t ndims;
    const char *dims[AMB_MAX_DIMS];
    const char *time_id;
} amb_dataset_row;
typedef int (*amb_dataset_cb)(void *ud, const amb_dataset_row *row);
int amb_store_list_datasets(amb_store *st, amb_dataset_cb cb, void *ud,
                            amb_error *err);
/* Only the dataset named code; AMB_ENOTFOUND when absent. */
int amb_store_get_dataset(amb_store *st, const char *code, amb_dataset_cb cb,
                          void *ud, amb_error *err);

/* A query filter: dimension id (or the time dimension's id) = any of codes. */
typedef struct amb_filter {
    const char *dim;
    size_t ncodes;
    const char *const *codes;
} amb_filter;

typedef struct amb_obs_row {
    size_t ndims;
    const char *const *dim_ids;   /* the dataset's dimension ids */
    const char *const *codes;     /* this observation's codes */
    const char *time_id;
    const char *period;
    int has_value;
    double value;
    const char *flag;             /* NULL when none */
} amb_obs_row;
typedef int (*amb_obs_cb)(void *ud, const amb_obs_row *row);
/* Streams the dataset's observations ordered by codes then period.  A
 * filter naming an unknown dimension is an AMB_EUSAGE error naming it. */
int amb_store_query(amb_store *st, const char *dataset,
                    const amb_filter *filters, size_t nfilters,
                    amb_obs_cb cb, void *ud, amb_error *err);

/* ---- documents (schema 3): strategy documents' cleaned text, one row per
 * (organisation, url), tagged with themes at query time (core/themes.h) ---- */

/* Within the open run: store doc for the run's source, replacing the row
 * of the same organisation and url (whichever source stored it).  A
 * missing content_hash is computed over the text.  *id may be NULL. */
int amb_store_document_put(amb_store *st, int64_t run_id, int64_t source_id,
                           const amb_document_desc *doc, int64_t *id,
                           amb_error *err);
/* Within the open run: delete the documents source_id stored before (a
 * run of a document source replaces all of them; the first document it
 * stores calls this). */
int amb_store_documents_clear(amb_store *st, int64_t run_id,
                              int64_t source_id, amb_error *err);

typedef struct amb_document_row {
    int64_t id;
    const char *source;        /* the source's name */
    int64_t run_id;            /* the run that stored it */
    const char *stored_at;     /* when that run finished (NULL if unknown) */
    const char *organisation;
    const char *url;
    const char *period;        /* may be NULL */
    const char *title;         /* may be NULL */
    const char *format;        /* "text", "html", "pdf" or NULL */
    int64_t pages;             /* 0 when unknown */
    const char *content_hash;
    const char *text;          /* the cleaned text, UTF-8 */
    size_t text_len;
} amb_document_row;
typedef int (*amb_document_cb)(void *ud, const amb_document_row *row);
/* Every stored document ordered by organisation then url; strings are
 * valid in the callback only; a non-zero return stops and is returned. */
int amb_store_list_documents(amb_store *st, amb_document_cb cb, void *ud,
                             amb_error *err);

#endif
