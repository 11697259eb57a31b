/*
 * conf.h - the workspace config ambit.lua, run in the Lua sandbox.
 *
 *   workspace { store = "data/ambit.db", fetch = {...}, lua = {...},
 *               indicators = { "indicators", ... } }
 *   source "name" { plugin = "csv", path = "...", schedule = "0 6 * * 1", ... }
 *   mail { url = "smtp://...", from = "...", base_url = "https://...", ... }
 *
 * Each source's table becomes an owned amb_opt tree that plugins read.  Every
 * declaration remembers its file and line so later errors can name them.
 */
#ifndef AMB_CONF_H
#define AMB_CONF_H

#include <stdint.h>
#include <lua.h>

#include "ambit/plugin.h"
#include "lua_host.h"
#include "util.h"

typedef struct amb_source_cfg {
    char *name;          /* unique within the workspace */
    char *plugin;        /* plugin name (validated against the registry later) */
    char *schedule;      /* cron expression or NULL */
    char *file;          /* config file that declared it */
    int line;            /* line of the declaration */
    amb_opt *options;    /* the whole table as a MAP tree (owned) */
} amb_source_cfg;

typedef struct amb_fetch_cfg {
    long connect_timeout_ms;  /* default 10000 */
    long timeout_ms;          /* total per attempt, default 120000 */
    uint64_t max_bytes;       /* default 2 GiB */
    int retries;              /* extra attempts, default 4 */
    long backoff_ms;          /* first backoff, default 1000 */
    long backoff_max_ms;      /* default 60000 */
} amb_fetch_cfg;

/* mail { url = "smtp://host:587", from = "...", base_url = "https://...",
 * ... }: how survey invitations are sent (doc/mail.md).  Strings owned. */
typedef struct amb_mail_cfg {
    char *url;               /* smtp://host[:port] or smtps://... */
    int starttls;            /* 0 "no", 1 "try" (default), 2 "required" */
    char *user;              /* NULL: no AUTH */
    char *password_env;      /* name of the variable holding the password */
    char *from, *reply_to;   /* reply_to may be NULL */
    char *base_url;          /* the web form's public base, no trailing / */
    char *templates;         /* absolute directory or NULL (shipped ones) */
    char *ca_file;           /* absolute CA bundle or NULL (the system's) */
    double rate;             /* messages per second, default 5, 0: no limit */
    long timeout_ms;         /* per message, default 60000 */
    int line;                /* line of the mail {} call */
} amb_mail_cfg;

typedef struct amb_config {
    char *dir;               /* workspace directory (absolute) */
    char *path;              /* .../ambit.lua */
    char *store_path;        /* absolute; default dir/data/ambit.db */
    char *cache_dir;         /* absolute; default dir/cache */
    amb_fetch_cfg fetch;
    amb_lua_limits lua;
    amb_source_cfg *sources;
    size_t nsources;
    char **indicator_dirs;   /* absolute rule directories (workspace {
                                indicators = {...} }); default dir/indicators */
    size_t nindicator_dirs;
    int indicator_dirs_set;  /* 1 when ambit.lua named them */
    amb_mail_cfg *mail;      /* NULL without a mail {} block */
} amb_config;

/* Load dir/ambit.lua.  Errors name "file:line: what". */
int amb_config_load(const char *dir, amb_config **out, amb_error *err);
void amb_config_free(amb_config *cfg);
const amb_source_cfg *amb_config_source(const amb_config *cfg,
                                        const char *name);

/* Convert the Lua value at idx into an owned amb_opt tree.  Tables with
 * only keys 1..n become LISTs, tables with only string keys MAPs (sorted by
 * key); functions, userdata, mixed tables and nesting deeper than 32 are
 * errors naming the key path.  Caller frees with amb_opt_free(). */
int amb_opt_from_lua(lua_State *L, int idx, amb_opt **out, amb_error *err);
void amb_opt_free(amb_opt *opt);
/* A deep copy of src with key set to the string value (MAP only). */
amb_opt *amb_opt_with_string(const amb_opt *src, const char *key,
                             const char *value);
/* A one-line rendering of an option tree, for --json/debug; caller frees. */
char *amb_opt_to_json(const amb_opt *opt);

#endif
