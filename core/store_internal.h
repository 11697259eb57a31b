/*
 * store_internal.h - the amb_store struct and the helpers shared by
 * store.c (connection, runs, data), store_schema.c (connection set-up and
 * migrations) and store_query.c (listings and queries).  Not part of the
 * interface other modules code against; tests include it only for
 * amb_store_open_at_version().
 */
#ifndef AMB_STORE_INTERNAL_H
#define AMB_STORE_INTERNAL_H

#include <stdint.h>
#include <sqlite3.h>

#include "store.h"
#include "util.h"

/* How long a statement waits for another process's write lock. */
#define AMB_STORE_BUSY_MS 10000

/* Statements prepared once per store (on first use, SQLITE_PREPARE_PERSISTENT)
 * and reused: reset and rebound for every call.  The SQL texts are in
 * store.c.  Invariant: a cached statement is reset before any callback runs,
 * so a callback may call back into the store. */
typedef enum amb_store_stmt_id {
    AMB_STMT_SOURCE_FIND,
    AMB_STMT_SOURCE_UPSERT,
    AMB_STMT_RUN_INSERT,
    AMB_STMT_RUN_FINISH,
    AMB_STMT_RUN_END,
    AMB_STMT_RUNS_RUNNING,
    AMB_STMT_DS_UPSERT,
    AMB_STMT_DS_META,
    AMB_STMT_DS_BY_CODE,
    AMB_STMT_DS_STATS,
    AMB_STMT_DIMS_OF,
    AMB_STMT_OBS_DELETE,
    AMB_STMT_LABELS_DELETE,
    AMB_STMT_DIMS_DELETE,
    AMB_STMT_DIM_INSERT,
    AMB_STMT_LABEL_PUT,
    AMB_STMT_OBSERVE,
    AMB_STMT_PROV_INSERT,
    AMB_STMT_CACHE_GET,
    AMB_STMT_CACHE_PUT,
    AMB_STMT_COUNT
} amb_store_stmt_id;

/* A dataset's identity and dimension ids, copied out of the database (or
 * from the descriptor that created it).  Owns its strings. */
typedef struct amb_store_ds {
    int64_t id;                 /* 0: empty */
    int64_t run_id;             /* the run that stored it */
    char *code;
    char *time_id;
    size_t ndims;
    char *dims[AMB_MAX_DIMS];
} amb_store_ds;

struct amb_store {
    sqlite3 *db;
    char *path;                 /* as given to open, for messages */
    int version;                /* PRAGMA user_version after migrating */
    int64_t run_id;             /* the open run, 0 when none */
    amb_store_ds cur;           /* the dataset observe() last wrote to */
    sqlite3_stmt *stmts[AMB_STMT_COUNT];
};

/* Open path and migrate it to `version` only (1..AMB_STORE_SCHEMA), for
 * tests that need a store as an older build left it.  A store opened below
 * AMB_STORE_SCHEMA can be inspected through amb_store_db() but refuses runs. */
int amb_store_open_at_version(const char *path, int version, amb_store **out,
                              amb_error *err);

/* Fill err with "store PATH: <what>: <SQLite's message>"; returns
 * AMB_ESTORE.  Call right after the failing SQLite call. */
int amb_store_fail(amb_store *st, amb_error *err, const char *fmt, ...)
    AMB_PRINTF(3, 4);

/* The cached statement id, prepared if needed and ready to bind (reset,
 * old bindings in place).  Borrowed: the store finalizes it at close. */
int amb_store_stmt(amb_store *st, amb_store_stmt_id id, sqlite3_stmt **out,
                   amb_error *err);

/* Step s until it is done (discarding rows) and reset it; on failure fill
 * err with "store PATH: <fmt...>: <SQLite's message>". */
int amb_store_step_done(amb_store *st, sqlite3_stmt *s, amb_error *err,
                        const char *fmt, ...) AMB_PRINTF(4, 5);

/* Run fixed SQL text (never user text) with sqlite3_exec. */
int amb_store_exec(amb_store *st, const char *sql, const char *what,
                   amb_error *err);

/* Give run rid (while still 'running') its end: status, ended_at now, the
 * error text, and bytes (< 0 keeps the stored count).  Runs in autocommit,
 * after the data transaction has been rolled back. */
int amb_store_end_run(amb_store *st, int64_t rid, const char *status,
                      const char *error, int64_t bytes, amb_error *err);

/* store_query.c: load dataset id's code, time id, run and dimension ids
 * into ds (cleared first).  AMB_ENOTFOUND when there is no such dataset. */
int amb_store_ds_load(amb_store *st, int64_t id, amb_store_ds *ds,
                      amb_error *err);
void amb_store_ds_clear(amb_store_ds *ds);

#endif
