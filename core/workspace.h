/*
 * workspace.h - an opened workspace: its config, store, fetcher and the
 * plugin registry, created and torn down together.
 */
#ifndef AMB_WORKSPACE_H
#define AMB_WORKSPACE_H

#include "conf.h"
#include "fetch.h"
#include "plugins.h"
#include "store.h"
#include "util.h"

typedef struct amb_workspace {
    amb_config *cfg;
    amb_store *store;
    amb_fetcher *fetcher;
    amb_registry *registry;   /* borrowed: owned by the caller */
} amb_workspace;

/* Load DIR/ambit.lua, open (creating) its store and cache, and check that
 * every source names a plugin in reg.  Returns AMB_ECONFIG for config
 * problems (message "file:line: ...") and other negative codes for store
 * or I/O failures. */
int amb_workspace_open(const char *dir, amb_registry *reg,
                       amb_workspace **out, amb_error *err);
void amb_workspace_close(amb_workspace *ws);   /* NULL is fine */

/* Write a new workspace skeleton in dir (ambit.lua, data/, forms/,
 * indicators/).  Refuses a dir that already has an ambit.lua. */
int amb_workspace_init(const char *dir, amb_error *err);

#endif
