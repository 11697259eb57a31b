/*
 * conf.c - the workspace config DIR/ambit.lua.
 *
 * The file runs in a fresh sandbox (default limits) with three globals:
 *
 *   workspace { store = ..., cache = ..., fetch = {...}, lua = {...} }
 *   source "name" { plugin = "csv", schedule = "0 6 * * 1", ... }
 *   mail { url = "smtp://...", from = "...", base_url = "https://...", ... }
 *
 * All are C functions that check their arguments and raise "file:line:
 * what" errors pointing at the Lua line that called them.  Everything they
 * build is attached to the amb_config under construction before anything can
 * raise, so a failed load frees it all with amb_config_free().
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#include "conf.h"

#define CONF_NAME_MAX 64
#define CONF_MAX_SECONDS 31536000.0          /* a year */
#define CONF_MAX_EXACT 9007199254740992.0    /* 2^53 */

/* One load in progress; reached from the Lua functions as an upvalue. */
typedef struct conf_load {
    amb_config *cfg;
    const char *file;       /* config path as messages show it */
    int workspace_line;     /* line of the workspace {} call, 0 if none */
    size_t cap;             /* allocated entries of cfg->sources */
} conf_load;

/* The current line of the nearest Lua function calling into C. */
static int caller_line(lua_State *L)
{
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++)
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
            return ar.currentline;
    return 0;
}

/* Raise "file:line: message" as a Lua error; does not return. */
static int conf_raise(lua_State *L, const conf_load *cl, int line,
                      const char *fmt, ...) AMB_PRINTF(4, 5);
static int conf_raise(lua_State *L, const conf_load *cl, int line,
                      const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lua_pushfstring(L, "%s:%d: %s", cl->file, line, msg);
    return lua_error(L);
}

/* ------------------------------------------------------------ workspace */

/* The smallest key of the table at idx that is not in known (NULL
 * terminated), copied into out; 0 if every key is known, -1 for a key that
 * is not a string.  The smallest, so that the message is deterministic. */
static int unknown_key(lua_State *L, int idx, const char *const *known,
                       char *out, size_t outlen)
{
    int found = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            return -1;
        }
        const char *key = lua_tostring(L, -1);
        int ok = 0;
        for (size_t i = 0; known[i]; i++)
            if (strcmp(key, known[i]) == 0)
                ok = 1;
        if (!ok && (!found || strcmp(key, out) < 0)) {
            snprintf(out, outlen, "%s", key);
            found = 1;
        }
    }
    return found;
}

/* Raise if the table at idx (named prefix, "" at the top) has a key not in
 * known. */
static void check_keys(lua_State *L, const conf_load *cl, int idx,
                       const char *prefix, const char *const *known)
{
    char key[128];
    int r = unknown_key(L, idx, known, key, sizeof key);
    if (r < 0)
        conf_raise(L, cl, cl->workspace_line, "workspace: keys of '%s' must "
                   "be strings", *prefix ? prefix : "workspace");
    if (r > 0)
        conf_raise(L, cl, cl->workspace_line, "workspace: unknown key "
                   "'%s%s%s'", prefix, *prefix ? "." : "", key);
}

/* Read the number table[key] if present (0 when absent, 1 when read);
 * raises unless it is a number in [0, max] and, with integral, whole. */
static int get_number(lua_State *L, const conf_load *cl, int idx,
                      const char *prefix, const char *key, double max,
                      int integral, double *out)
{
    lua_pushstring(L, key);
    int t = lua_rawget(L, idx);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    int line = cl->workspace_line;
    if (t != LUA_TNUMBER)
        conf_raise(L, cl, line, "workspace: '%s.%s' must be a number, not "
                   "a %s", prefix, key, lua_typename(L, t));
    double v = (double)lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (isnan(v))
        conf_raise(L, cl, line, "workspace: '%s.%s' must be a number",
                   prefix, key);
    if (v < 0)
        conf_raise(L, cl, line, "workspace: '%s.%s' must not be negative",
                   prefix, key);
    if (v > max)
        conf_raise(L, cl, line, "workspace: '%s.%s' must be at most %.0f",
                   prefix, key, max);
    if (integral && v != floor(v))
        conf_raise(L, cl, line, "workspace: '%s.%s' must be a whole number",
                   prefix, key);
    *out = v;
    return 1;
}

/* Seconds (fractions allowed) into milliseconds. */
static void get_seconds(lua_State *L, const conf_load *cl, int idx,
                        const char *key, long *ms)
{
    double v;
    if (get_number(L, cl, idx, "fetch", key, CONF_MAX_SECONDS, 0, &v))
        *ms = (long)llround(v * 1000.0);
}

/* A path option: a non-empty string, made absolute against the workspace
 * directory, replacing *slot. */
static void get_path(lua_State *L, conf_load *cl, int idx, const char *key,
                     char **slot)
{
    lua_pushstring(L, key);
    int t = lua_rawget(L, idx);
    if (t != LUA_TNIL) {
        size_t len;
        const char *s = t == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
        if (!s || len == 0 || memchr(s, '\0', len))
            conf_raise(L, cl, cl->workspace_line, "workspace: '%s' must be "
                       "a non-empty string (a path)", key);
        char *path = amb_path_join(cl->cfg->dir, s);
        free(*slot);
        *slot = path;
    }
    lua_pop(L, 1);
}

/* Push table[key] if it is a table (returns 1), nothing if absent (0);
 * raises for any other type. */
static int get_subtable(lua_State *L, const conf_load *cl, int idx,
                        const char *key)
{
    lua_pushstring(L, key);
    int t = lua_rawget(L, idx);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != LUA_TTABLE)
        conf_raise(L, cl, cl->workspace_line, "workspace: '%s' must be a "
                   "table", key);
    return 1;
}

static void read_fetch(lua_State *L, conf_load *cl, int idx)
{
    static const char *const known[] = {"connect_timeout", "timeout",
                                        "max_bytes", "retries", "backoff",
                                        "backoff_max", NULL};
    amb_fetch_cfg *f = &cl->cfg->fetch;
    double v;
    check_keys(L, cl, idx, "fetch", known);
    get_seconds(L, cl, idx, "connect_timeout", &f->connect_timeout_ms);
    get_seconds(L, cl, idx, "timeout", &f->timeout_ms);
    get_seconds(L, cl, idx, "backoff", &f->backoff_ms);
    get_seconds(L, cl, idx, "backoff_max", &f->backoff_max_ms);
    if (get_number(L, cl, idx, "fetch", "max_bytes", CONF_MAX_EXACT, 1, &v))
        f->max_bytes = (uint64_t)v;
    if (get_number(L, cl, idx, "fetch", "retries", 100, 1, &v))
        f->retries = (int)v;
}

/* lua = { memory_mb = 64, instructions = 1e9 }; 0 means the default. */
static void read_lua(lua_State *L, conf_load *cl, int idx)
{
    static const char *const known[] = {"memory_mb", "instructions", NULL};
    amb_lua_limits *lim = &cl->cfg->lua;
    double v;
    check_keys(L, cl, idx, "lua", known);
    if (get_number(L, cl, idx, "lua", "memory_mb", 1048576, 0, &v))
        lim->memory_bytes = v > 0 ? (size_t)llround(v * 1048576.0)
                                  : AMB_LUA_DEFAULT_MEMORY;
    if (get_number(L, cl, idx, "lua", "instructions", CONF_MAX_EXACT, 1, &v))
        lim->instructions = v > 0 ? (uint64_t)v : AMB_LUA_DEFAULT_BUDGET;
}

/* indicators = { "dir", ... }: rule directories relative to the
 * workspace, replacing the default { "indicators" }. */
static void read_indicator_dirs(lua_State *L, conf_load *cl, int idx)
{
    amb_config *cfg = cl->cfg;
    size_t n = (size_t)lua_rawlen(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
            (size_t)lua_tointeger(L, -1) > n)
            conf_raise(L, cl, cl->workspace_line, "workspace: 'indicators' "
                       "must be a list of directories");
    }
    for (size_t i = 0; i < cfg->nindicator_dirs; i++)
        free(cfg->indicator_dirs[i]);
    cfg->nindicator_dirs = 0;
    cfg->indicator_dirs = amb_xrealloc(cfg->indicator_dirs,
                                       (n ? n : 1) * sizeof(char *));
    for (size_t i = 1; i <= n; i++) {
        size_t len = 0;
        const char *s = lua_rawgeti(L, idx, (lua_Integer)i) == LUA_TSTRING
                            ? lua_tolstring(L, -1, &len) : NULL;
        if (!s || len == 0 || memchr(s, '\0', len))
            conf_raise(L, cl, cl->workspace_line, "workspace: indicators[%zu] "
                       "must be a non-empty string (a directory)", i);
        cfg->indicator_dirs[cfg->nindicator_dirs++] =
            amb_path_join(cfg->dir, s);
        lua_pop(L, 1);
    }
    cfg->indicator_dirs_set = 1;
}

/* workspace { ... }: once per file, table argument, known keys only. */
static int conf_workspace(lua_State *L)
{
    conf_load *cl = lua_touserdata(L, lua_upvalueindex(1));
    int line = caller_line(L);
    if (cl->workspace_line)
        return conf_raise(L, cl, line, "workspace: already declared at line "
                          "%d", cl->workspace_line);
    if (lua_gettop(L) != 1 || !lua_istable(L, 1))
        return conf_raise(L, cl, line, "workspace: expects one table, as in "
                          "workspace { store = \"data/ambit.db\" }");
    cl->workspace_line = line;
    static const char *const known[] = {"store", "cache", "fetch", "lua",
                                        "indicators", NULL};
    check_keys(L, cl, 1, "", known);
    get_path(L, cl, 1, "store", &cl->cfg->store_path);
    get_path(L, cl, 1, "cache", &cl->cfg->cache_dir);
    if (get_subtable(L, cl, 1, "fetch")) {
        read_fetch(L, cl, lua_gettop(L));
        lua_pop(L, 1);
    }
    if (get_subtable(L, cl, 1, "lua")) {
        read_lua(L, cl, lua_gettop(L));
        lua_pop(L, 1);
    }
    if (get_subtable(L, cl, 1, "indicators")) {
        read_indicator_dirs(L, cl, lua_gettop(L));
        lua_pop(L, 1);
    }
    return 0;
}

/* ----------------------------------------------------------------- mail */

/* table[key] as a string without NULs, CR or LF (NULL when absent); raises
 * for another type, an empty string or a line break. */
static const char *mail_string(lua_State *L, const conf_load *cl, int idx,
                               const char *key, int line)
{
    lua_pushstring(L, key);
    int t = lua_rawget(L, idx);
    const char *s = NULL;
    if (t != LUA_TNIL) {
        size_t len = 0;
        s = t == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
        if (!s || len == 0 || memchr(s, '\0', len) || strpbrk(s, "\r\n"))
            conf_raise(L, cl, line, "mail: '%s' must be a non-empty string "
                       "on one line", key);
    }
    lua_pop(L, 1);   /* the string stays alive in the caller's table */
    return s;
}

/* table[key] as seconds or a rate in [0, max] (0 when absent, 1 read). */
static int mail_number(lua_State *L, const conf_load *cl, int idx,
                       const char *key, int line, double max, double *out)
{
    lua_pushstring(L, key);
    int t = lua_rawget(L, idx);
    double v = t == LUA_TNUMBER ? (double)lua_tonumber(L, -1) : 0;
    lua_pop(L, 1);
    if (t == LUA_TNIL)
        return 0;
    if (t != LUA_TNUMBER || isnan(v) || v < 0 || v > max)
        conf_raise(L, cl, line, "mail: '%s' must be a number from 0 to %g",
                   key, max);
    *out = v;
    return 1;
}

/* A mail address as written in ambit.lua: "Name <user@host>" or
 * "user@host"; the full check is the mailer's. */
static int plausible_mailbox(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && at[1] && !strpbrk(s, "\r\n");
}

/* A name a shell could export: [A-Za-z_][A-Za-z0-9_]*. */
static int env_name(const char *s)
{
    if (!s || !*s || (*s >= '0' && *s <= '9'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

/* Fill m from the table at idx (the mail {} argument); raises on the
 * first problem, naming the line of the call. */
static void read_mail(lua_State *L, conf_load *cl, int idx, amb_mail_cfg *m)
{
    static const char *const known[] = {"url", "starttls", "user",
                                        "password_env", "from", "reply_to",
                                        "base_url", "rate", "templates",
                                        "timeout", "ca_file", NULL};
    int line = m->line;
    char key[128];
    int r = unknown_key(L, idx, known, key, sizeof key);
    if (r)
        conf_raise(L, cl, line, r < 0 ? "mail: keys must be strings%s"
                   : "mail: unknown key '%s' (known: url, starttls, user, "
                   "password_env, from, reply_to, base_url, rate, templates, "
                   "timeout, ca_file)", r < 0 ? "" : key);
    const char *url = mail_string(L, cl, idx, "url", line);
    if (!url || (strncmp(url, "smtp://", 7) && strncmp(url, "smtps://", 8)))
        conf_raise(L, cl, line, "mail: 'url' must be \"smtp://HOST:PORT\" or "
                   "\"smtps://HOST:PORT\"");
    m->url = amb_xstrdup(url);
    const char *tls = mail_string(L, cl, idx, "starttls", line);
    m->starttls = 1;
    if (tls && strcmp(tls, "no") == 0)
        m->starttls = 0;
    else if (tls && strcmp(tls, "required") == 0)
        m->starttls = 2;
    else if (tls && strcmp(tls, "try") != 0)
        conf_raise(L, cl, line, "mail: 'starttls' must be \"required\", "
                   "\"try\" or \"no\"");
    m->user = amb_xstrdup(mail_string(L, cl, idx, "user", line));
    const char *penv = mail_string(L, cl, idx, "password_env", line);
    if (penv && !env_name(penv))
        conf_raise(L, cl, line, "mail: 'password_env' must be the name of an "
                   "environment variable (the password itself never goes in "
                   "ambit.lua)");
    if (m->user && !penv)
        conf_raise(L, cl, line, "mail: 'user' needs 'password_env', the "
                   "environment variable holding the password");
    if (penv && !m->user)
        conf_raise(L, cl, line, "mail: 'password_env' needs 'user'");
    m->password_env = amb_xstrdup(penv);
    const char *from = mail_string(L, cl, idx, "from", line);
    if (!from || !plausible_mailbox(from))
        conf_raise(L, cl, line, "mail: 'from' must be an address, as in "
                   "from = \"Det kompetente Nordjylland <survey@example.dk>\"");
    m->from = amb_xstrdup(from);
    const char *rt = mail_string(L, cl, idx, "reply_to", line);
    if (rt && !plausible_mailbox(rt))
        conf_raise(L, cl, line, "mail: 'reply_to' must be an address");
    m->reply_to = amb_xstrdup(rt);
    const char *base = mail_string(L, cl, idx, "base_url", line);
    if (!base)
        base = "";                  /* refused just below */
    if ((strncmp(base, "https://", 8) && strncmp(base, "http://", 7)) ||
        strpbrk(base, " \t<>\"?#"))
        conf_raise(L, cl, line, "mail: 'base_url' must be the web form's "
                   "public http(s) URL, as in base_url = "
                   "\"https://survey.example.dk\"");
    size_t blen = strlen(base);
    while (blen > 8 && base[blen - 1] == '/')
        blen--;
    m->base_url = amb_xstrndup(base, blen);
    const char *tpl = mail_string(L, cl, idx, "templates", line);
    if (tpl)
        m->templates = amb_path_join(cl->cfg->dir, tpl);
    const char *ca = mail_string(L, cl, idx, "ca_file", line);
    if (ca)
        m->ca_file = amb_path_join(cl->cfg->dir, ca);
    double v;
    if (mail_number(L, cl, idx, "rate", line, 10000, &v))
        m->rate = v;
    if (mail_number(L, cl, idx, "timeout", line, 3600, &v)) {
        if (v <= 0)
            conf_raise(L, cl, line, "mail: 'timeout' must be more than 0 "
                       "seconds");
        m->timeout_ms = (long)llround(v * 1000.0);
    }
}

/* mail { ... }: once per file, one table argument. */
static int conf_mail(lua_State *L)
{
    conf_load *cl = lua_touserdata(L, lua_upvalueindex(1));
    int line = caller_line(L);
    if (cl->cfg->mail)
        return conf_raise(L, cl, line, "mail: already declared at line %d",
                          cl->cfg->mail->line);
    if (lua_gettop(L) != 1 || !lua_istable(L, 1))
        return conf_raise(L, cl, line, "mail: expects one table, as in "
                          "mail { url = \"smtp://localhost:25\", from = "
                          "\"...\", base_url = \"https://...\" }");
    amb_mail_cfg *m = amb_xcalloc(1, sizeof *m);
    m->line = line;
    m->rate = 5;
    m->timeout_ms = 60000;
    cl->cfg->mail = m;      /* attached first: a raise frees it with cfg */
    read_mail(L, cl, 1, m);
    return 0;
}

/* -------------------------------------------------------------- sources */

/* 1 if s[0..len) is a valid source name: [A-Za-z0-9_.-]{1,64}. */
static int valid_name(const char *s, size_t len)
{
    if (len == 0 || len > CONF_NAME_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

/* A printable rendering of a hostile name for messages: at most 64
 * characters, anything outside printable ASCII as '?'. */
static void display_name(const char *s, size_t len, char out[72])
{
    size_t n = len < CONF_NAME_MAX ? len : CONF_NAME_MAX;
    for (size_t i = 0; i < n; i++)
        out[i] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\'') ? s[i] : '?';
    strcpy(out + n, len > n ? "..." : "");
}

/* The option table given to source "name": check plugin and schedule,
 * convert the whole table into the source's amb_opt tree. */
static int conf_source_options(lua_State *L)
{
    conf_load *cl = lua_touserdata(L, lua_upvalueindex(1));
    size_t i = (size_t)lua_tointeger(L, lua_upvalueindex(2));
    amb_source_cfg *src = &cl->cfg->sources[i];
    int line = src->line;
    if (src->options)
        return conf_raise(L, cl, caller_line(L), "source '%s': options "
                          "already given at line %d", src->name, line);
    if (lua_gettop(L) != 1 || !lua_istable(L, 1))
        return conf_raise(L, cl, line, "source '%s': expects a table of "
                          "options, as in source \"%s\" { plugin = "
                          "\"csv\" }", src->name, src->name);
    lua_pushliteral(L, "plugin");
    size_t len = 0;
    const char *plugin = lua_rawget(L, 1) == LUA_TSTRING
                             ? lua_tolstring(L, -1, &len) : NULL;
    if (!plugin || len == 0)
        return conf_raise(L, cl, line, "source '%s': 'plugin' must be a "
                          "string", src->name);
    lua_pushliteral(L, "schedule");
    int t = lua_rawget(L, 1);
    if (t != LUA_TNIL && t != LUA_TSTRING)
        return conf_raise(L, cl, line, "source '%s': 'schedule' must be a "
                          "string", src->name);
    lua_pop(L, 2);

    amb_error e;
    amb_opt *opts = NULL;
    if (amb_opt_from_lua(L, 1, &opts, &e) < 0)
        return conf_raise(L, cl, line, "source '%s': %s", src->name, e.msg);
    src->options = opts;
    src->plugin = amb_xstrdup(amb_opt_string(opts, "plugin", NULL));
    src->schedule = amb_xstrdup(amb_opt_string(opts, "schedule", NULL));
    return 0;
}

/* source "name": record name and line, return the function that takes the
 * options. */
static int conf_source(lua_State *L)
{
    conf_load *cl = lua_touserdata(L, lua_upvalueindex(1));
    amb_config *cfg = cl->cfg;
    int line = caller_line(L);
    size_t len;
    if (lua_type(L, 1) != LUA_TSTRING)
        return conf_raise(L, cl, line, "source: expects a name, as in "
                          "source \"name\" { plugin = \"csv\" }");
    const char *name = lua_tolstring(L, 1, &len);
    if (!valid_name(name, len)) {
        char shown[72];
        display_name(name, len, shown);
        return conf_raise(L, cl, line, "source name '%s' must be 1 to %d "
                          "characters from A-Z a-z 0-9 _ . -", shown,
                          CONF_NAME_MAX);
    }
    for (size_t i = 0; i < cfg->nsources; i++)
        if (strcmp(cfg->sources[i].name, name) == 0)
            return conf_raise(L, cl, line, "source '%s' already declared at "
                              "line %d", name, cfg->sources[i].line);
    if (cfg->nsources == cl->cap) {
        cl->cap = cl->cap ? 2 * cl->cap : 8;
        cfg->sources = amb_xrealloc(cfg->sources,
                                    cl->cap * sizeof *cfg->sources);
    }
    amb_source_cfg *src = &cfg->sources[cfg->nsources];
    memset(src, 0, sizeof *src);
    src->name = amb_xstrdup(name);
    src->file = amb_xstrdup(cl->file);
    src->line = line;
    lua_pushlightuserdata(L, cl);
    lua_pushinteger(L, (lua_Integer)cfg->nsources);
    cfg->nsources++;
    lua_pushcclosure(L, conf_source_options, 2);
    return 1;
}

/* ------------------------------------------------------------- the file */

static void fetch_defaults(amb_fetch_cfg *f)
{
    f->connect_timeout_ms = 10000;
    f->timeout_ms = 120000;
    f->max_bytes = 2147483648ull;
    f->retries = 4;
    f->backoff_ms = 1000;
    f->backoff_max_ms = 60000;
}

/* Run the file with the two globals installed. */
static int run_config(conf_load *cl, amb_error *err)
{
    amb_lua *lh;
    int rc = amb_lua_new(NULL, &lh, err);
    if (rc < 0)
        return rc;
    lua_State *L = amb_lua_state(lh);
    lua_pushlightuserdata(L, cl);
    lua_pushcclosure(L, conf_workspace, 1);
    lua_setglobal(L, "workspace");
    lua_pushlightuserdata(L, cl);
    lua_pushcclosure(L, conf_source, 1);
    lua_setglobal(L, "source");
    lua_pushlightuserdata(L, cl);
    lua_pushcclosure(L, conf_mail, 1);
    lua_setglobal(L, "mail");
    rc = amb_lua_run_file(lh, cl->file, 0, err);
    amb_lua_free(lh);
    if (rc < 0)
        return rc == AMB_EIO || rc == AMB_ENOMEM ? rc : AMB_ECONFIG;
    for (size_t i = 0; i < cl->cfg->nsources; i++) {
        const amb_source_cfg *src = &cl->cfg->sources[i];
        if (!src->options)
            return amb_error_set(err, AMB_ECONFIG, "%s:%d: source '%s' has "
                                 "no option table (write source \"%s\" { "
                                 "plugin = \"...\" })", cl->file, src->line,
                                 src->name, src->name);
    }
    return 0;
}

int amb_config_load(const char *dir, amb_config **out, amb_error *err)
{
    if (!dir || !*dir)
        dir = ".";
    char *file = amb_path_join(dir, "ambit.lua");
    char *abs = realpath(dir, NULL);
    if (!abs || access(file, F_OK) != 0) {
        int e = errno;
        int rc;
        if (e == ENOENT || e == ENOTDIR)
            rc = amb_error_set(err, AMB_ECONFIG, "%s: no such file (run "
                               "'ambit init %s' to create a workspace)",
                               file, dir);
        else
            rc = amb_error_set(err, AMB_EIO, "%s: %s", abs ? file : dir,
                               strerror(e));
        free(abs);
        free(file);
        return rc;
    }
    amb_config *cfg = amb_xcalloc(1, sizeof *cfg);
    cfg->dir = abs;
    cfg->path = amb_path_join(abs, "ambit.lua");
    cfg->store_path = amb_path_join(abs, "data/ambit.db");
    cfg->cache_dir = amb_path_join(abs, "cache");
    fetch_defaults(&cfg->fetch);
    cfg->lua.memory_bytes = AMB_LUA_DEFAULT_MEMORY;
    cfg->lua.instructions = AMB_LUA_DEFAULT_BUDGET;
    cfg->indicator_dirs = amb_xmalloc(sizeof(char *));
    cfg->indicator_dirs[0] = amb_path_join(abs, "indicators");
    cfg->nindicator_dirs = 1;

    conf_load cl = {.cfg = cfg, .file = file};
    int rc = run_config(&cl, err);
    free(file);
    if (rc < 0) {
        amb_config_free(cfg);
        return rc;
    }
    *out = cfg;
    return 0;
}

void amb_config_free(amb_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->nsources; i++) {
        amb_source_cfg *src = &cfg->sources[i];
        free(src->name);
        free(src->plugin);
        free(src->schedule);
        free(src->file);
        amb_opt_free(src->options);
    }
    free(cfg->sources);
    if (cfg->mail) {
        amb_mail_cfg *m = cfg->mail;
        free(m->url);
        free(m->user);
        free(m->password_env);
        free(m->from);
        free(m->reply_to);
        free(m->base_url);
        free(m->templates);
        free(m->ca_file);
        free(m);
    }
    for (size_t i = 0; i < cfg->nindicator_dirs; i++)
        free(cfg->indicator_dirs[i]);
    free(cfg->indicator_dirs);
    free(cfg->dir);
    free(cfg->path);
    free(cfg->store_path);
    free(cfg->cache_dir);
    free(cfg);
}

const amb_source_cfg *amb_config_source(const amb_config *cfg,
                                        const char *name)
{
    for (size_t i = 0; cfg && name && i < cfg->nsources; i++)
        if (strcmp(cfg->sources[i].name, name) == 0)
            return &cfg->sources[i];
    return NULL;
}
