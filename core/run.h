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
} amb_run_outcome;

typedef struct amb_run_env {
    amb_store *store;
    amb_fetcher *fetcher;
    const amb_registry *registry;
    int show_progress;    /* draw a progress bar on stderr */
    volatile int *stop;   /* set by a signal handler: abort at next callback */
} amb_run_env;

/* Collect one configured source.  err gets "source NAME (file:line): why"
 * on failure.  The run row is in the store in every case but a crash. */
int amb_run_collect(const amb_run_env *env, const amb_source_cfg *src,
                    amb_run_outcome *out, amb_error *err);

/* Import one local file through plugin's import callback as a run of the
 * source named source_name (created if needed). */
int amb_run_import(const amb_run_env *env, const char *source_name,
                   const amb_loaded_plugin *plugin, const amb_opt *options,
                   const char *path, amb_run_outcome *out, amb_error *err);

#endif
