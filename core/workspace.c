/*
 * workspace.c - opening and creating workspaces.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scheduler.h"
#include "workspace.h"

static const char config_template[] =
    "-- ambit workspace configuration (Lua, run in ambit's sandbox).\n"
    "-- See ambit(1) and doc/config.md for every key.\n"
    "\n"
    "workspace {\n"
    "  store = \"data/ambit.db\",   -- SQLite file (WAL)\n"
    "  cache = \"cache\",           -- fetched bodies, keyed by content hash\n"
    "  fetch = { connect_timeout = 10, timeout = 120, retries = 4 },\n"
    "}\n"
    "\n"
    "-- A source names a plugin and its options, and optionally a schedule:\n"
    "--\n"
    "-- source \"population\" {\n"
    "--   plugin = \"csv\",\n"
    "--   path = \"data/folk1a.csv\",\n"
    "--   dataset = \"FOLK1A\",\n"
    "--   delimiter = \";\", decimal = \",\",\n"
    "--   columns = { dims = { \"OMRÅDE\", \"KØN\" }, period = \"TID\", value = \"INDHOLD\" },\n"
    "--   schedule = \"0 6 * * 1\",\n"
    "-- }\n";

int amb_workspace_init(const char *dir, amb_error *err)
{
    int rc = amb_mkdirs(dir, err);
    if (rc < 0)
        return rc;
    char *cfg = amb_path_join(dir, "ambit.lua");
    if (access(cfg, F_OK) == 0) {
        rc = amb_error_set(err, AMB_EUSAGE,
                           "%s already exists: %s is a workspace already",
                           cfg, dir);
        free(cfg);
        return rc;
    }
    static const char *const subdirs[] = {"data", "forms", "indicators", "cache"};
    for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
        char *sub = amb_path_join(dir, subdirs[i]);
        rc = amb_mkdirs(sub, err);
        free(sub);
        if (rc < 0) {
            free(cfg);
            return rc;
        }
    }
    FILE *fp = fopen(cfg, "wx");
    if (!fp) {
        rc = amb_error_set(err, AMB_EIO, "%s: %s", cfg, strerror(errno));
        free(cfg);
        return rc;
    }
    int bad = fputs(config_template, fp) == EOF;
    bad |= fclose(fp) != 0;
    if (bad)
        rc = amb_error_set(err, AMB_EIO, "%s: write failed", cfg);
    free(cfg);
    return rc;
}

void amb_workspace_close(amb_workspace *ws)
{
    if (!ws)
        return;
    amb_fetcher_free(ws->fetcher);
    amb_store_close(ws->store);
    amb_config_free(ws->cfg);
    free(ws);
}

/* Every source must name a loaded plugin: say which and where otherwise. */
static int check_plugins(const amb_config *cfg, const amb_registry *reg,
                         amb_error *err)
{
    for (size_t i = 0; i < cfg->nsources; i++) {
        const amb_source_cfg *s = &cfg->sources[i];
        if (!amb_registry_find(reg, s->plugin))
            return amb_error_set(err, AMB_ECONFIG,
                                 "%s:%d: source '%s': no plugin named '%s' "
                                 "(see 'ambit plugins')",
                                 s->file, s->line, s->name, s->plugin);
    }
    return 0;
}

int amb_workspace_open(const char *dir, amb_registry *reg,
                       amb_workspace **out, amb_error *err)
{
    amb_workspace *ws = amb_xcalloc(1, sizeof *ws);
    ws->registry = reg;
    int rc = amb_config_load(dir, &ws->cfg, err);
    if (rc == 0 && reg)
        rc = check_plugins(ws->cfg, reg, err);
    if (rc == 0)
        rc = amb_sched_check_config(ws->cfg, err);
    if (rc == 0) {
        char *data_dir = amb_xstrdup(ws->cfg->store_path);
        char *slash = strrchr(data_dir, '/');
        if (slash && slash != data_dir) {
            *slash = '\0';
            rc = amb_mkdirs(data_dir, err);
        }
        free(data_dir);
    }
    if (rc == 0)
        rc = amb_store_open(ws->cfg->store_path, &ws->store, err);
    if (rc == 0)
        rc = amb_mkdirs(ws->cfg->cache_dir, err);
    if (rc == 0) {
        amb_fetch_opts fo;
        memset(&fo, 0, sizeof fo);
        fo.connect_timeout_ms = ws->cfg->fetch.connect_timeout_ms;
        fo.timeout_ms = ws->cfg->fetch.timeout_ms;
        fo.max_bytes = ws->cfg->fetch.max_bytes;
        fo.retries = ws->cfg->fetch.retries;
        fo.backoff_ms = ws->cfg->fetch.backoff_ms;
        fo.backoff_max_ms = ws->cfg->fetch.backoff_max_ms;
        fo.cache_dir = ws->cfg->cache_dir;
        fo.base_dir = ws->cfg->dir;
        rc = amb_fetcher_new(&fo, ws->store, &ws->fetcher, err);
    }
    if (rc < 0) {
        amb_workspace_close(ws);
        return rc;
    }
    *out = ws;
    return 0;
}
