/*
 * ambit/plugin.h - everything a data-source plugin for ambit needs.
 *
 * A plugin is a shared object that exports exactly one symbol, the
 * descriptor `ambit_plugin` (AMB_PLUGIN_SYMBOL), of type amb_plugin.  The
 * core dlopen()s the object, reads the descriptor's first two fields (which
 * never change between ABI versions) and refuses the plugin when its
 * abi_version is not one the core speaks.
 *
 * Plugins never link against libambit: everything they may ask of the core
 * (fetching a URL through the shared fetcher with its cache, retries and
 * provenance; storing datasets and observations; logging; reporting errors
 * and progress) arrives as the amb_host table of function pointers passed to
 * each callback.  Source options from the workspace config (ambit.lua) arrive
 * as a read-only tree of amb_opt nodes.
 *
 * Ownership: every pointer the core hands to a plugin (host, options, fetch
 * results) stays valid until the callback returns, and no longer.  Every
 * pointer a plugin hands to the core is copied before the call returns.
 *
 * See doc/plugin-guide.md for a complete example.
 */
#ifndef AMBIT_PLUGIN_H
#define AMBIT_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI this header describes.  Bumped on any incompatible change. */
#define AMB_PLUGIN_ABI 1
/* The name of the one symbol a plugin exports. */
#define AMB_PLUGIN_SYMBOL "ambit_plugin"

#if defined(__GNUC__)
#define AMB_PLUGIN_EXPORT __attribute__((visibility("default")))
#define AMB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define AMB_PLUGIN_EXPORT
#define AMB_PRINTF(f, a)
#endif

/* Result codes.  Zero is success, positive values are successful outcomes
 * with a meaning, negative values are errors. */
typedef enum amb_rc {
    AMB_OK = 0,
    AMB_UNCHANGED = 1,      /* source unchanged since the last good run */
    AMB_ERR = -1,           /* generic failure, message already recorded */
    AMB_ENOMEM = -2,
    AMB_EIO = -3,           /* reading or writing a file failed */
    AMB_EPARSE = -4,        /* malformed input */
    AMB_ECONFIG = -5,       /* bad option or config */
    AMB_ENET = -6,          /* network or HTTP failure */
    AMB_ESTORE = -7,        /* the store refused */
    AMB_ELIMIT = -8,        /* a size, time or budget limit was hit */
    AMB_EABI = -9,          /* plugin ABI mismatch */
    AMB_ENOTFOUND = -10,
    AMB_EUSAGE = -11
} amb_rc;

typedef enum amb_log_level {
    AMB_LOG_ERROR = 0,
    AMB_LOG_WARNING = 1,
    AMB_LOG_INFO = 2,
    AMB_LOG_DEBUG = 3
} amb_log_level;

/* ------------------------------------------------------------------ */
/* Options: a read-only tree built by the core from the source's Lua table. */

typedef enum amb_opt_type {
    AMB_OPT_NIL = 0,
    AMB_OPT_BOOL,
    AMB_OPT_NUMBER,
    AMB_OPT_STRING,
    AMB_OPT_LIST,   /* Lua sequence 1..n: items in order, key == NULL */
    AMB_OPT_MAP     /* Lua table with string keys: items sorted by key */
} amb_opt_type;

typedef struct amb_opt {
    amb_opt_type type;
    const char *key;             /* this node's key inside a MAP, else NULL */
    int boolean;                 /* AMB_OPT_BOOL */
    double number;               /* AMB_OPT_NUMBER */
    const char *string;          /* AMB_OPT_STRING (UTF-8, NUL-terminated) */
    size_t count;                /* AMB_OPT_LIST / AMB_OPT_MAP */
    const struct amb_opt *items; /* AMB_OPT_LIST / AMB_OPT_MAP */
} amb_opt;

/* The child of a MAP named key, or NULL. */
static inline const amb_opt *amb_opt_get(const amb_opt *map, const char *key)
{
    if (!map || map->type != AMB_OPT_MAP)
        return NULL;
    for (size_t i = 0; i < map->count; i++)
        if (map->items[i].key && strcmp(map->items[i].key, key) == 0)
            return &map->items[i];
    return NULL;
}

/* A string option, or dflt when absent or not a string. */
static inline const char *amb_opt_string(const amb_opt *map, const char *key,
                                         const char *dflt)
{
    const amb_opt *o = amb_opt_get(map, key);
    return (o && o->type == AMB_OPT_STRING) ? o->string : dflt;
}

/* A number option, or dflt when absent or not a number. */
static inline double amb_opt_number(const amb_opt *map, const char *key,
                                    double dflt)
{
    const amb_opt *o = amb_opt_get(map, key);
    return (o && o->type == AMB_OPT_NUMBER) ? o->number : dflt;
}

/* A boolean option, or dflt when absent or not a boolean. */
static inline int amb_opt_bool(const amb_opt *map, const char *key, int dflt)
{
    const amb_opt *o = amb_opt_get(map, key);
    return (o && o->type == AMB_OPT_BOOL) ? o->boolean : dflt;
}

/* ------------------------------------------------------------------ */
/* Fetching: every plugin reaches the outside world through the core. */

typedef struct amb_fetch_request {
    const char *url;          /* http://, https://, file:// or a path
                                 relative to the workspace directory */
    const char *method;       /* NULL means GET; "POST" sends body */
    const char *body;         /* request body for POST, may be NULL */
    size_t body_len;
    const char *content_type; /* of body, e.g. "application/json" */
    const char *accept;       /* Accept header, may be NULL */
    int no_cache;             /* 1: skip the conditional-request cache */
} amb_fetch_request;

typedef struct amb_fetch_result {
    long status;              /* HTTP status (200, 304 served as 200...);
                                 0 for local files */
    const char *path;         /* a local file holding the whole body */
    uint64_t size;            /* body size in bytes */
    const char *content_hash; /* hex SHA-256 of the body */
    const char *content_type; /* as the server said, may be NULL */
    const char *effective_url;/* after redirects */
    int unchanged;            /* 1: the server answered 304, or the body
                                 hash equals the one cached from the last
                                 successful run: the plugin may return
                                 AMB_UNCHANGED without parsing */
} amb_fetch_result;

/* ------------------------------------------------------------------ */
/* Storing: one dataset at a time, observations in any order. */

typedef struct amb_dim {
    const char *id;     /* dimension id as the producer names it, "OMRÅDE" */
    const char *label;  /* human label, may be NULL */
} amb_dim;

typedef struct amb_dataset_desc {
    const char *id;          /* dataset id, e.g. "FOLK1A"; required */
    const char *title;       /* may be NULL */
    const char *unit;        /* may be NULL */
    const char *updated;     /* producer's last-updated stamp, may be NULL */
    size_t ndims;            /* non-time dimensions, at most AMB_MAX_DIMS */
    const amb_dim *dims;     /* in the order observe() gets their codes */
    const char *time_id;     /* the time dimension's id, e.g. "TID" */
    const char *time_label;  /* may be NULL */
    const char *origin;      /* URL or path the data came from */
} amb_dataset_desc;

#define AMB_MAX_DIMS 8
/* dim_label()'s index for the time dimension. */
#define AMB_DIM_TIME ((size_t)-1)

/* ------------------------------------------------------------------ */
/* Documents: the text of a strategy document, stored whole for theme
 * tagging (amb_host.store_document, appended within ABI 1). */

typedef struct amb_document_desc {
    size_t struct_size;       /* sizeof(amb_document_desc) of the plugin */
    const char *organisation; /* required: "KKR", "RAR", ... ([A-Za-z0-9_.-],
                                 at most 32 characters) */
    const char *url;          /* required: the URL or path it came from */
    const char *period;       /* e.g. "2018-2022", may be NULL */
    const char *title;        /* may be NULL */
    const char *format;       /* "text", "html" or "pdf", may be NULL */
    unsigned pages;           /* 0 when unknown */
    const char *content_hash; /* hex SHA-256 of the original bytes, may be
                                 NULL (the core then hashes the text) */
    const char *text;         /* the cleaned text, valid UTF-8 */
    size_t text_len;
} amb_document_desc;

typedef struct amb_ctx amb_ctx; /* opaque: one run of one source */

typedef struct amb_host {
    unsigned abi_version;       /* AMB_PLUGIN_ABI of the core */
    size_t struct_size;         /* sizeof(amb_host) of the core */

    /* The source's name in the workspace config (borrowed). */
    const char *(*source_name)(amb_ctx *ctx);

    /* Fetch a URL or file.  On success *out is filled; its strings and the
     * body file belong to the core and live until the run ends.  On
     * failure the error is recorded and a negative amb_rc returned. */
    amb_rc (*fetch)(amb_ctx *ctx, const amb_fetch_request *req,
                    amb_fetch_result *out);

    /* Start a dataset; replaces, within this run's transaction, whatever
     * the store held for that dataset id.  Ends the previous dataset. */
    amb_rc (*dataset_begin)(amb_ctx *ctx, const amb_dataset_desc *desc);

    /* A label for a code of dimension dim (0-based index into desc->dims,
     * or AMB_DIM_TIME); lang is an ISO 639-1 code or NULL. */
    amb_rc (*dim_label)(amb_ctx *ctx, size_t dim, const char *code,
                        const char *lang, const char *label);

    /* One observation: codes[i] for each of desc->ndims dimensions, the
     * period (time code), value (ignored when has_value is 0) and the
     * producer's status flag (NULL when none, e.g. ".." when suppressed). */
    amb_rc (*observe)(amb_ctx *ctx, const char *const *codes,
                      const char *period, double value, int has_value,
                      const char *flag);

    /* Record an error ("where: message") for this run; returns rc so that a
     * plugin can write `return host->fail(ctx, AMB_EPARSE, ...)`. */
    amb_rc (*fail)(amb_ctx *ctx, amb_rc rc, const char *fmt, ...)
        AMB_PRINTF(3, 4);

    /* Log a message at a level; shown according to -q/-v. */
    void (*log)(amb_ctx *ctx, amb_log_level level, const char *fmt, ...)
        AMB_PRINTF(3, 4);

    /* Progress of long work: done out of total units (bytes when known;
     * total 0 when unknown). */
    void (*progress)(amb_ctx *ctx, uint64_t done, uint64_t total);

    /* ---- appended within ABI 1: test with AMB_HOST_HAS() before use ---- */

    /* Store one document (organisation, url and text required) within
     * this run's transaction, replacing the document of the same
     * organisation and url; the first document a run stores also removes
     * what earlier runs of this source stored.  Counts as one row of the
     * run.  Used by the documents plugin. */
    amb_rc (*store_document)(amb_ctx *ctx, const amb_document_desc *doc);
} amb_host;

/* 1 when the core's host table has the member (members are only ever
 * appended within an ABI version; struct_size tells how far it goes). */
#define AMB_HOST_HAS(host, member)                                       \
    ((host)->struct_size >= offsetof(amb_host, member) +                 \
                                sizeof((host)->member) &&                \
     (host)->member != NULL)

/* The usual first step of a file-based collect: fetch src (a URL or a
 * workspace path) through the host, with an optional Accept header.
 * Returns AMB_OK with *path set to the local file holding the body (owned
 * by the core, valid until the callback returns), AMB_UNCHANGED when the
 * source did not change since the last good run (return it as is: the run
 * is recorded as unchanged and nothing is parsed), or the error the host
 * recorded.  who names the plugin in the one message written here. */
static inline amb_rc amb_fetch_file(amb_ctx *ctx, const amb_host *host,
                                    const char *who, const char *src,
                                    const char *accept, const char **path)
{
    amb_fetch_request req;
    amb_fetch_result res;
    *path = NULL;
    memset(&req, 0, sizeof req);
    memset(&res, 0, sizeof res);
    req.url = src;
    req.accept = accept;
    amb_rc rc = host->fetch(ctx, &req, &res);
    if (rc != AMB_OK)
        return rc;
    if (res.unchanged)
        return AMB_UNCHANGED;
    if (!res.path)
        return host->fail(ctx, AMB_EIO, "%s: %s: the fetch gave no file",
                          who, src);
    *path = res.path;
    return AMB_OK;
}

/* ------------------------------------------------------------------ */
/* The descriptor. */

typedef struct amb_plugin {
    /* Frozen: these two fields keep their place in every ABI version. */
    unsigned abi_version;   /* must be AMB_PLUGIN_ABI */
    const char *name;       /* unique plugin name, [a-z0-9_]+ */

    size_t struct_size;     /* sizeof(amb_plugin) the plugin was built with */
    const char *version;    /* the plugin's own version */
    const char *description;/* one line */

    /* Validate a source's options without running it; may be NULL.
     * Write a one-line reason into err on failure. */
    amb_rc (*check)(const amb_opt *options, char *err, size_t errlen);

    /* Collect the source: fetch through host->fetch, parse, store.  May
     * return AMB_UNCHANGED when the fetch said nothing changed. */
    amb_rc (*collect)(amb_ctx *ctx, const amb_host *host,
                      const amb_opt *options);

    /* Parse one local file (ambit import); may be NULL. */
    amb_rc (*import)(amb_ctx *ctx, const amb_host *host,
                     const amb_opt *options, const char *path);
} amb_plugin;

/* Define the descriptor:  AMB_PLUGIN_DEFINE = { .name = "x", ... };  */
#define AMB_PLUGIN_DEFINE AMB_PLUGIN_EXPORT const amb_plugin ambit_plugin

#ifdef __cplusplus
}
#endif
#endif /* AMBIT_PLUGIN_H */
