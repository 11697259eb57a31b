/*
 * run.h - one collection run of one source: opens the run in the store,
 * hands the plugin the host table, turns its callbacks into store writes and
 * fetches, and commits or rolls everything back.
 */
#ifndef AMB_RUN_H
#define AMB_RUN_H

#include <stdint.h>

#include "conf.h"
#include "fetch.h"
#include "plugins.h"
#include "store.h"
#include "util.h"

typedef struct amb_run_outcome {
    int64_t run_id;
    amb_rc rc;            /* AMB_OK, AMB_UNCHANGED or the error */
    int64_t rows;         /* observations stored */
    int64_t bytes;        /* bytes fetched or read */
    int64_t datasets;
    uint64_t elapsed_ms;
    int locked;           /* 1: nothing ran, another process holds the
                             source's lock (no run row is written) */
} amb_run_outcome;

typedef struct amb_run_env {
    amb_store *store;
    amb_fetcher *fetcher;
    const amb_registry *registry;
    int show_progress;    /* draw a progress bar on stderr */
    volatile int *stop;   /* set by a signal handler: abort at next callback */
} amb_run_env;

/* Collect one configured source.  err gets "source NAME (file:line): why"
 * on failure.  The run holds the source's lock (amb_run_lock() in
 * amb_run_lock_dir()): when another process is collecting the source,
 * nothing runs, no run row is written, and the result is AMB_ERR with
 * out->locked = 1.  Otherwise the run row is in the store in every case
 * but a crash. */
int amb_run_collect(const amb_run_env *env, const amb_source_cfg *src,
                    amb_run_outcome *out, amb_error *err);

/* The per-source lock that keeps two processes from collecting the same
 * source at once: an flock() on dir/SOURCE.lock (dir is created), taken
 * without waiting; the holder's pid is written into the file for the
 * message others get.  Returns 0 with *fd to give to amb_run_unlock(), 1
 * when another process holds it (err: "source SOURCE is being collected by
 * another process (pid N)"), or a negative error.  The kernel drops the
 * lock when the holder dies, so a crash leaves no stale lock. */
int amb_run_lock(const char *dir, const char *source, int *fd,
                 amb_error *err);
/* Release a lock from amb_run_lock(); -1 is ignored. */
void amb_run_unlock(int fd);
/* Where the source locks of a store live: "STORE-locks" beside the
 * SQLite file (like its -wal and -shm files), so every process that writes
 * to the same store sees the same locks.  NULL for a store without a file
 * (in memory).  Caller frees. */
char *amb_run_lock_dir(amb_store *store);

/* Import one local file through plugin's import callback as a run of the
 * source named source_name (created if needed). */
int amb_run_import(const amb_run_env *env, const char *source_name,
                   const amb_loaded_plugin *plugin, const amb_opt *options,
                   const char *path, amb_run_outcome *out, amb_error *err);

#endif
