/*
 * run.c - one collection run: the amb_host table plugins call, bound to the
 * store's run transaction and the fetcher.
 *
 * Lifecycle: source row -> run_begin (run row 'running', data transaction
 * open) -> plugin callback -> on success: provenance rows, run_finish
 * (commit), then the fetch cache entries are committed so the next run can
 * send conditional requests; on failure: run_abort (rollback, run row
 * 'failed' with the first error), then provenance rows so the failed
 * requests stay visible.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "progress.h"
#include "run.h"

/* A provenance record copied out of the fetcher's callback. */
typedef struct prov_copy {
    amb_provenance p;
    char *strings[6];   /* owned copies behind p's string fields */
} prov_copy;

struct amb_ctx {
    const amb_run_env *env;
    const char *source_name;
    const char *plugin_name;
    int64_t source_id;
    int64_t run_id;
    int64_t dataset_id;     /* 0 outside a dataset */
    size_t ndims;
    int64_t rows;
    int64_t bytes;
    int64_t datasets;
    int64_t documents;      /* documents stored (store_document) */
    int failed;             /* an error was recorded */
    amb_error err;
    amb_fetched *fetches;   /* kept until the run ends (plugins hold paths) */
    char **fetch_keys;      /* URL each fetch was made for */
    size_t nfetches;
    prov_copy *prov;
    size_t nprov;
    amb_progress progress;
};

/* Record the first error of the run; later ones go to the debug log. */
static void ctx_error(amb_ctx *ctx, const char *msg)
{
    if (ctx->failed) {
        amb_log(AMB_LOG_DEBUG, "%s: further error: %s", ctx->source_name, msg);
        return;
    }
    ctx->failed = 1;
    snprintf(ctx->err.msg, sizeof ctx->err.msg, "%s", msg);
}

static int stop_requested(amb_ctx *ctx)
{
    if (ctx->env->stop && *ctx->env->stop) {
        ctx_error(ctx, "interrupted by a signal");
        return 1;
    }
    return 0;
}

static const char *host_source_name(amb_ctx *ctx)
{
    return ctx->source_name;
}

static void record_provenance(void *ud, const amb_provenance *p)
{
    amb_ctx *ctx = ud;
    ctx->prov = amb_xrealloc(ctx->prov, (ctx->nprov + 1) * sizeof(prov_copy));
    prov_copy *c = &ctx->prov[ctx->nprov++];
    c->p = *p;
    const char *src[6] = {p->url, p->fetched_at, p->content_hash, p->etag,
                          p->last_modified, p->error};
    for (int i = 0; i < 6; i++)
        c->strings[i] = amb_xstrdup(src[i]);
    c->p.url = c->strings[0];
    c->p.fetched_at = c->strings[1];
    c->p.content_hash = c->strings[2];
    c->p.etag = c->strings[3];
    c->p.last_modified = c->strings[4];
    c->p.error = c->strings[5];
}

static amb_rc host_fetch(amb_ctx *ctx, const amb_fetch_request *req,
                         amb_fetch_result *out)
{
    if (stop_requested(ctx))
        return AMB_ERR;
    if (!req || !req->url)
        return (amb_rc)(ctx_error(ctx, "fetch: no URL given"), AMB_EUSAGE);
    amb_fetched got;
    memset(&got, 0, sizeof got);
    amb_error err;
    amb_error_clear(&err);
    amb_fetcher_set_record(ctx->env->fetcher, record_provenance, ctx);
    int rc = amb_fetch(ctx->env->fetcher, req, &got, &err);
    amb_fetcher_set_record(ctx->env->fetcher, NULL, NULL);
    if (rc < 0) {
        ctx_error(ctx, err.msg);
        return (amb_rc)rc;
    }
    ctx->fetches = amb_xrealloc(ctx->fetches,
                                (ctx->nfetches + 1) * sizeof(amb_fetched));
    ctx->fetch_keys = amb_xrealloc(ctx->fetch_keys,
                                   (ctx->nfetches + 1) * sizeof(char *));
    ctx->fetches[ctx->nfetches] = got;
    ctx->fetch_keys[ctx->nfetches] = amb_xstrdup(req->url);
    ctx->nfetches++;
    ctx->bytes += (int64_t)got.pub.size;
    /* The copy in ctx->fetches owns the strings; pub points into them. */
    *out = ctx->fetches[ctx->nfetches - 1].pub;
    return AMB_OK;
}

static amb_rc host_dataset_begin(amb_ctx *ctx, const amb_dataset_desc *desc)
{
    if (stop_requested(ctx))
        return AMB_ERR;
    amb_error err;
    amb_error_clear(&err);
    int64_t id = 0;
    int rc = amb_store_dataset_begin(ctx->env->store, ctx->run_id,
                                     ctx->source_id, desc, &id, &err);
    if (rc < 0) {
        ctx_error(ctx, err.msg);
        return (amb_rc)rc;
    }
    ctx->dataset_id = id;
    ctx->ndims = desc->ndims;
    ctx->datasets++;
    return AMB_OK;
}

static amb_rc host_dim_label(amb_ctx *ctx, size_t dim, const char *code,
                             const char *lang, const char *label)
{
    if (!ctx->dataset_id)
        return (amb_rc)(ctx_error(ctx, "dim_label called before dataset_begin"),
                        AMB_EUSAGE);
    amb_error err;
    amb_error_clear(&err);
    int rc = amb_store_dim_label(ctx->env->store, ctx->dataset_id, dim, code,
                                 lang, label, &err);
    if (rc < 0)
        ctx_error(ctx, err.msg);
    return (amb_rc)rc;
}

static amb_rc host_observe(amb_ctx *ctx, const char *const *codes,
                           const char *period, double value, int has_value,
                           const char *flag)
{
    if (!ctx->dataset_id)
        return (amb_rc)(ctx_error(ctx, "observe called before dataset_begin"),
                        AMB_EUSAGE);
    /* Checking the flag is one load: cheap enough for every row. */
    if (stop_requested(ctx))
        return AMB_ERR;
    amb_error err;
    int rc = amb_store_observe(ctx->env->store, ctx->dataset_id, ctx->ndims,
                               codes, period, value, has_value, flag, &err);
    if (rc < 0) {
        ctx_error(ctx, err.msg);
        return (amb_rc)rc;
    }
    ctx->rows++;
    return AMB_OK;
}

static amb_rc host_fail(amb_ctx *ctx, amb_rc rc, const char *fmt, ...)
{
    char msg[sizeof ctx->err.msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ctx_error(ctx, msg);
    return rc < 0 ? rc : AMB_ERR;
}

static void host_log(amb_ctx *ctx, amb_log_level level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (level > AMB_LOG_DEBUG)
        level = AMB_LOG_DEBUG;
    amb_log(level, "%s: %s", ctx->source_name, msg);
}

static void host_progress(amb_ctx *ctx, uint64_t done, uint64_t total)
{
    amb_progress_update(&ctx->progress, done, total);
}

/* Store a document; the run's first one replaces what earlier runs of
 * this source stored. */
static amb_rc host_store_document(amb_ctx *ctx, const amb_document_desc *doc)
{
    if (stop_requested(ctx))
        return AMB_ERR;
    amb_error err;
    amb_error_clear(&err);
    int rc = 0;
    if (ctx->documents == 0)
        rc = amb_store_documents_clear(ctx->env->store, ctx->run_id,
                                       ctx->source_id, &err);
    if (rc == 0)
        rc = amb_store_document_put(ctx->env->store, ctx->run_id,
                                    ctx->source_id, doc, NULL, &err);
    if (rc < 0) {
        ctx_error(ctx, err.msg);
        return (amb_rc)rc;
    }
    ctx->documents++;
    ctx->rows++;
    return AMB_OK;
}

static const amb_host host_table = {
    .abi_version = AMB_PLUGIN_ABI,
    .struct_size = sizeof(amb_host),
    .source_name = host_source_name,
    .fetch = host_fetch,
    .dataset_begin = host_dataset_begin,
    .dim_label = host_dim_label,
    .observe = host_observe,
    .fail = host_fail,
    .log = host_log,
    .progress = host_progress,
    .store_document = host_store_document,
};

static void ctx_free(amb_ctx *ctx)
{
    for (size_t i = 0; i < ctx->nfetches; i++) {
        amb_fetched_clear(&ctx->fetches[i]);
        free(ctx->fetch_keys[i]);
    }
    free(ctx->fetches);
    free(ctx->fetch_keys);
    for (size_t i = 0; i < ctx->nprov; i++)
        for (int j = 0; j < 6; j++)
            free(ctx->prov[i].strings[j]);
    free(ctx->prov);
}

/* Write the buffered provenance rows; a failure here is logged, not fatal:
 * the data decision has already been made. */
static void flush_provenance(amb_ctx *ctx)
{
    for (size_t i = 0; i < ctx->nprov; i++) {
        amb_error err;
        if (amb_store_provenance_add(ctx->env->store, ctx->run_id,
                                     &ctx->prov[i].p, &err) < 0)
            amb_log(AMB_LOG_WARNING, "%s: provenance not recorded: %s",
                    ctx->source_name, err.msg);
        for (int j = 0; j < 6; j++)
            free(ctx->prov[i].strings[j]);
    }
    ctx->nprov = 0;
}

typedef amb_rc (*invoke_fn)(amb_ctx *ctx, const void *arg);

/* The common body of collect and import: begin, invoke, finish or abort. */
static int run_plugin(const amb_run_env *env, const char *source_name,
                      const char *plugin_name, invoke_fn invoke,
                      const void *arg, amb_run_outcome *out, amb_error *err)
{
    amb_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.env = env;
    ctx.source_name = source_name;
    ctx.plugin_name = plugin_name;
    amb_progress_init(&ctx.progress, env->show_progress, source_name);
    memset(out, 0, sizeof *out);
    uint64_t t0 = amb_monotonic_ms();

    int rc = amb_store_source_id(env->store, source_name, plugin_name,
                                 &ctx.source_id, err);
    if (rc < 0)
        return rc;
    rc = amb_store_run_begin(env->store, ctx.source_id, &ctx.run_id, err);
    if (rc < 0)
        return rc;
    out->run_id = ctx.run_id;

    amb_rc prc = invoke(&ctx, arg);
    amb_progress_done(&ctx.progress);
    if (prc >= 0 && ctx.failed)
        prc = AMB_ERR;   /* an error was recorded but the plugin went on */
    if (prc >= 0 && env->stop && *env->stop) {
        ctx_error(&ctx, "interrupted by a signal");
        prc = AMB_ERR;
    }

    if (prc >= 0) {
        flush_provenance(&ctx);
        const char *status = prc == AMB_UNCHANGED ? "unchanged" : "ok";
        rc = amb_store_run_finish(env->store, ctx.run_id, status, ctx.rows,
                                  ctx.bytes, err);
        if (rc == 0) {
            for (size_t i = 0; i < ctx.nfetches; i++) {
                amb_error cerr;
                if (amb_fetch_commit_cache(env->fetcher, &ctx.fetches[i],
                                           ctx.fetch_keys[i], &cerr) < 0)
                    amb_log(AMB_LOG_WARNING, "%s: cache not updated: %s",
                            source_name, cerr.msg);
            }
        } else {
            /* The commit itself failed: SQLite rolled back; record it. */
            amb_error aerr;
            amb_store_run_abort(env->store, ctx.run_id, err->msg, ctx.bytes,
                                &aerr);
            prc = (amb_rc)rc;
        }
    } else {
        if (!ctx.failed)
            snprintf(ctx.err.msg, sizeof ctx.err.msg,
                     "plugin '%s' failed (code %d) without saying why",
                     plugin_name, (int)prc);
        amb_error aerr;
        if (amb_store_run_abort(env->store, ctx.run_id, ctx.err.msg, ctx.bytes,
                                &aerr) < 0)
            amb_log(AMB_LOG_ERROR, "%s: %s", source_name, aerr.msg);
        flush_provenance(&ctx);
        amb_error_set(err, prc, "%s", ctx.err.msg);
    }
    out->rc = prc;
    out->rows = prc >= 0 ? ctx.rows : 0;
    out->bytes = ctx.bytes;
    out->datasets = prc >= 0 ? ctx.datasets : 0;
    out->elapsed_ms = amb_monotonic_ms() - t0;
    ctx_free(&ctx);
    return prc < 0 ? (int)prc : 0;
}

typedef struct collect_arg {
    const amb_loaded_plugin *plugin;
    const amb_opt *options;
    const char *path;
} collect_arg;

static amb_rc invoke_collect(amb_ctx *ctx, const void *arg)
{
    const collect_arg *a = arg;
    return a->plugin->desc->collect(ctx, &host_table, a->options);
}

static amb_rc invoke_import(amb_ctx *ctx, const void *arg)
{
    const collect_arg *a = arg;
    struct stat sb;
    if (stat(a->path, &sb) != 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s: %s", a->path, strerror(errno));
        ctx_error(ctx, msg);
        return AMB_EIO;
    }
    ctx->bytes = (int64_t)sb.st_size;
    return a->plugin->desc->import(ctx, &host_table, a->options, a->path);
}

/* The pid recorded in a held lock file, or 0 when it is unreadable or
 * names a process that is gone (a holder writes it just after locking and
 * truncates the file before unlocking, so a live pid is the holder's). */
static long lock_holder(int fd)
{
    char buf[24];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *end;
    long pid = strtol(buf, &end, 10);
    if (pid <= 0 || (*end != '\n' && *end != '\0'))
        return 0;
    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        return 0;
    return pid;
}

int amb_run_lock(const char *dir, const char *source, int *fd,
                 amb_error *err)
{
    *fd = -1;
    int rc = amb_mkdirs(dir, err);
    if (rc < 0)
        return rc;
    char *path = amb_xasprintf("%s/%s.lock", dir, source);
    int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
    if (f < 0) {
        rc = amb_error_set(err, AMB_EIO, "%s: %s", path, strerror(errno));
        free(path);
        return rc;
    }
    while (flock(f, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        if (errno == EWOULDBLOCK) {
            long pid = lock_holder(f);
            char who[40] = "";
            if (pid)
                snprintf(who, sizeof who, " (pid %ld)", pid);
            amb_error_set(err, AMB_ERR, "source %s is being collected by "
                          "another process%s", source, who);
            rc = 1;
        } else {
            rc = amb_error_set(err, AMB_EIO, "%s: cannot lock: %s", path,
                               strerror(errno));
        }
        close(f);
        free(path);
        return rc;
    }
    char pid[24];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(f, 0) != 0 || pwrite(f, pid, (size_t)n, 0) != n)
        amb_log(AMB_LOG_DEBUG, "%s: cannot record the holder: %s", path,
                strerror(errno));
    free(path);
    *fd = f;
    return 0;
}

void amb_run_unlock(int fd)
{
    if (fd < 0)
        return;
    /* Empty before unlocking: a pid in the file always names the holder. */
    if (ftruncate(fd, 0) != 0)
        amb_log(AMB_LOG_DEBUG, "cannot clear a lock file: %s", strerror(errno));
    close(fd);
}

char *amb_run_lock_dir(amb_store *store)
{
    const char *path = sqlite3_db_filename(amb_store_db(store), "main");
    if (!path || !*path)
        return NULL;
    return amb_xasprintf("%s-locks", path);
}

int amb_run_collect(const amb_run_env *env, const amb_source_cfg *src,
                    amb_run_outcome *out, amb_error *err)
{
    memset(out, 0, sizeof *out);
    const amb_loaded_plugin *lp = amb_registry_find(env->registry, src->plugin);
    if (!lp)
        return amb_error_set(err, AMB_ECONFIG,
                             "%s:%d: source '%s': no plugin named '%s' "
                             "(see 'ambit plugins')",
                             src->file, src->line, src->name, src->plugin);
    if (!lp->desc->collect)
        return amb_error_set(err, AMB_ECONFIG,
                             "%s:%d: source '%s': plugin '%s' cannot collect "
                             "(import only)",
                             src->file, src->line, src->name, src->plugin);
    if (lp->desc->check) {
        char why[512] = "";
        if (lp->desc->check(src->options, why, sizeof why) < 0)
            return amb_error_set(err, AMB_ECONFIG, "%s:%d: source '%s': %s",
                                 src->file, src->line, src->name, why);
    }
    int lock_fd = -1;
    char *dir = amb_run_lock_dir(env->store);
    if (dir) {
        int lrc = amb_run_lock(dir, src->name, &lock_fd, err);
        free(dir);
        if (lrc > 0)
            out->locked = 1;
        if (lrc != 0)
            return lrc > 0 ? AMB_ERR : lrc;
    }
    collect_arg a = {lp, src->options, NULL};
    /* Cache entries belong to this source with these options: another
     * source of the same URL, or this one after its mapping changed, must
     * not find the body "unchanged" and skip its parse. */
    char *json = amb_opt_to_json(src->options);
    char hash[65];
    amb_sha256_hex(json, strlen(json), hash);
    char *scope = amb_xasprintf("source:%s:%.16s", src->name, hash);
    amb_fetcher_set_scope(env->fetcher, scope);
    int rc = run_plugin(env, src->name, src->plugin, invoke_collect, &a, out,
                        err);
    amb_fetcher_set_scope(env->fetcher, NULL);
    free(scope);
    free(json);
    amb_run_unlock(lock_fd);
    if (rc < 0 && out->run_id)
        amb_error_prefix(err, "source %s", src->name);
    return rc;
}

int amb_run_import(const amb_run_env *env, const char *source_name,
                   const amb_loaded_plugin *plugin, const amb_opt *options,
                   const char *path, amb_run_outcome *out, amb_error *err)
{
    memset(out, 0, sizeof *out);
    if (!plugin->desc->import)
        return amb_error_set(err, AMB_EUSAGE,
                             "plugin '%s' cannot import local files",
                             plugin->desc->name);
    /* No check(): it validates a configured source (url or path...),
     * while an import names its file on the command line. */
    collect_arg a = {plugin, options, path};
    return run_plugin(env, source_name, plugin->desc->name, invoke_import, &a,
                      out, err);
}
