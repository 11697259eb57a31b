/*
 * fetch.c - the fetcher: one reused libcurl easy handle per fetcher,
 * retries with exponential backoff and full jitter, a body size cap,
 * bodies streamed to a file while hashed, conditional requests against the
 * store's fetch_cache table, and in-place reads of local files.
 *
 * Cache invariants:
 *  - amb_fetch() only reads the cache table; amb_fetch_commit_cache() is
 *    the one writer, called after the run's data committed, so a failed run
 *    never makes the next one skip its parse;
 *  - HTTP bodies kept in cache_dir are named by their SHA-256, written to a
 *    temp file first and renamed into place, so a body some cache row
 *    points at is never overwritten, and a half-written body never has a
 *    committed name;
 *  - a body file is deleted only by commit_cache, when its row moves to
 *    another body and no other row has the old content hash, or by
 *    amb_fetch_cache_prune(), which spares referenced and recent files.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "fetch.h"
#include "fetch_internal.h"
#include "log.h"

int amb_fetch_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : AMB_ERR;
}

void amb_fetch_global_cleanup(void)
{
    curl_global_cleanup();
}

/* Seed from the kernel; a clock mix only if getrandom is unavailable. */
static uint64_t rng_seed(void)
{
    uint64_t seed = 0;
    if (getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed)
        seed = amb_monotonic_ms() ^ ((uint64_t)time(NULL) << 20) ^
               ((uint64_t)getpid() << 40);
    return seed;
}

uint64_t amb_fetch_rng_next(amb_fetcher *f)
{
    /* splitmix64: small, fast, good enough for jitter */
    uint64_t z = (f->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int amb_fetcher_new(const amb_fetch_opts *opts, amb_store *store,
                    amb_fetcher **out, amb_error *err)
{
    amb_fetch_opts o = opts ? *opts : (amb_fetch_opts){.retries = -1};
    if (o.connect_timeout_ms < 0 || o.timeout_ms < 0 ||
        o.low_speed_time_s < 0 || o.retries < -1 || o.backoff_ms < 0 ||
        o.backoff_max_ms < 0)
        return amb_error_set(err, AMB_ECONFIG,
                             "fetch options: timeouts, retries and backoff "
                             "must not be negative");
    if (o.connect_timeout_ms == 0)
        o.connect_timeout_ms = 10000;
    if (o.timeout_ms == 0)
        o.timeout_ms = 120000;
    if (o.low_speed_time_s == 0)
        o.low_speed_time_s = 30;
    if (o.max_bytes == 0)
        o.max_bytes = (uint64_t)2 << 30;
    if (o.retries < 0)
        o.retries = 4;
    if (o.backoff_ms == 0)
        o.backoff_ms = 1000;
    if (o.backoff_max_ms == 0)
        o.backoff_max_ms = 60000;
    char *cache_dir = NULL;
    if (o.cache_dir && *o.cache_dir && o.cache_dir[0] != '/') {
        /* absolute, so the paths kept in the store survive a chdir */
        char *cwd = getcwd(NULL, 0);
        if (!cwd)
            return amb_error_set(err, AMB_EIO, "fetch: cannot resolve cache "
                                 "directory %s: %s", o.cache_dir, strerror(errno));
        cache_dir = amb_path_join(cwd, o.cache_dir);
        free(cwd);
    } else if (o.cache_dir && *o.cache_dir) {
        cache_dir = amb_xstrdup(o.cache_dir);
    }
    CURL *curl = curl_easy_init();
    if (!curl) {
        free(cache_dir);
        return amb_error_set(err, AMB_ENOMEM, "fetch: cannot create a libcurl handle");
    }
    amb_fetcher *f = amb_xcalloc(1, sizeof *f);
    f->curl = curl;
    f->store = store;
    f->cache_dir = cache_dir;
    f->base_dir = amb_xstrdup(o.base_dir);
    f->user_agent = amb_xstrdup(o.user_agent ? o.user_agent
                                             : "ambit/" PACKAGE_VERSION);
    o.cache_dir = f->cache_dir;
    o.base_dir = f->base_dir;
    o.user_agent = f->user_agent;
    f->opts = o;
    f->rng = rng_seed();
    *out = f;
    return 0;
}

void amb_fetcher_free(amb_fetcher *f)
{
    if (!f)
        return;
    curl_easy_cleanup(f->curl);
    free(f->cache_dir);
    free(f->base_dir);
    free(f->user_agent);
    free(f->scope);
    free(f);
}

char *amb_fetch_scoped_key(const amb_fetcher *f, char *key)
{
    if (!f->scope)
        return key;
    char *scoped = amb_xasprintf("%s\n%s", f->scope, key);
    free(key);
    return scoped;
}

void amb_fetcher_set_scope(amb_fetcher *f, const char *scope)
{
    free(f->scope);
    f->scope = amb_xstrdup(scope);
}

void amb_fetcher_set_record(amb_fetcher *f, amb_fetch_record_cb cb, void *ud)
{
    f->record = cb;
    f->record_ud = ud;
}

void amb_fetched_clear(amb_fetched *r)
{
    if (!r)
        return;
    if (r->temporary && r->path)
        unlink(r->path);
    free(r->path);
    free(r->content_hash);
    free(r->content_type);
    free(r->effective_url);
    free(r->etag);
    free(r->last_modified);
    free(r->cache_key);
    memset(r, 0, sizeof *r);
}

void amb_fetched_publish(amb_fetched *r, long status, uint64_t size,
                         int unchanged)
{
    r->pub.status = status;
    r->pub.path = r->path;
    r->pub.size = size;
    r->pub.content_hash = r->content_hash;
    r->pub.content_type = r->content_type;
    r->pub.effective_url = r->effective_url;
    r->pub.unchanged = unchanged;
}

int amb_fetch_cache_lookup(amb_fetcher *f, const char *key, const char *what,
                           amb_cache_entry *e, int *found, amb_error *err)
{
    memset(e, 0, sizeof *e);
    *found = 0;
    int rc = amb_store_cache_get(f->store, key, e, err);
    if (rc == AMB_ENOTFOUND) {
        amb_cache_entry_clear(e);
        return 0;
    }
    if (rc < 0) {
        amb_error_prefix(err, "%s: reading the fetch cache", what);
        return rc;
    }
    *found = 1;
    return 0;
}

/* Which kind of location a request names. */
typedef enum url_kind { URL_HTTP, URL_FILE, URL_PATH, URL_OTHER } url_kind;

static url_kind classify_url(const char *u)
{
    if (!isalpha((unsigned char)u[0]))
        return URL_PATH;
    size_t n = 1;
    while (isalnum((unsigned char)u[n]) || u[n] == '+' || u[n] == '-' ||
           u[n] == '.')
        n++;
    if (strncmp(u + n, "://", 3) != 0)
        return URL_PATH;
    if ((n == 4 && strncasecmp(u, "http", 4) == 0) ||
        (n == 5 && strncasecmp(u, "https", 5) == 0))
        return URL_HTTP;
    if (n == 4 && strncasecmp(u, "file", 4) == 0)
        return URL_FILE;
    return URL_OTHER;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The absolute path named by a file:// URL, percent-decoded; *out is
 * malloc'd (caller frees). */
static int file_url_path(const char *url, char **out, amb_error *err)
{
    const char *p = url + 7;                      /* after "file://" */
    if (strncasecmp(p, "localhost/", 10) == 0)
        p += 9;
    if (*p != '/')
        return amb_error_set(err, AMB_EUSAGE,
                             "%s: a file URL needs an absolute path "
                             "(file:///dir/file)", url);
    amb_buf b = {0};
    for (; *p && *p != '?' && *p != '#'; p++) {
        if (*p != '%') {
            amb_buf_putc(&b, *p);
            continue;
        }
        int hi = hex_value(p[1]), lo = hi < 0 ? -1 : hex_value(p[2]);
        if (lo < 0 || (hi == 0 && lo == 0)) {
            amb_buf_free(&b);
            return amb_error_set(err, AMB_EUSAGE, "%s: bad percent-escape", url);
        }
        amb_buf_putc(&b, (char)(hi * 16 + lo));
        p += 2;
    }
    *out = b.data;
    return 0;
}

/* Read a local file in place: resolve, check, hash, compare with the
 * committed cache entry. */
static int fetch_local(amb_fetcher *f, const amb_fetch_request *req,
                       url_kind kind, amb_fetched *out, amb_error *err)
{
    char *given = NULL;
    if (kind == URL_FILE) {
        int rc = file_url_path(req->url, &given, err);
        if (rc < 0)
            return rc;
    } else if (req->url[0] == '/' || f->base_dir) {
        given = amb_path_join(f->base_dir, req->url);
    } else {
        char *cwd = getcwd(NULL, 0);
        if (!cwd)
            return amb_error_set(err, AMB_EIO, "%s: cannot get the current "
                                 "directory: %s", req->url, strerror(errno));
        given = amb_path_join(cwd, req->url);
        free(cwd);
    }
    char *abs = realpath(given, NULL);
    struct stat st;
    if (!abs || stat(abs, &st) != 0) {
        int rc = amb_error_set(err, AMB_EIO, "%s: %s", given, strerror(errno));
        free(abs);
        free(given);
        return rc;
    }
    free(given);
    amb_log(AMB_LOG_DEBUG, "read %s", abs);
    int rc = 0;
    char hash[65];
    uint64_t size = 0;
    if (!S_ISREG(st.st_mode))
        rc = amb_error_set(err, AMB_EIO, "%s: not a regular file", abs);
    else if ((uint64_t)st.st_size > f->opts.max_bytes)
        rc = amb_error_set(err, AMB_ELIMIT, "%s: file exceeds %llu bytes", abs,
                           (unsigned long long)f->opts.max_bytes);
    else if ((rc = amb_sha256_file(abs, hash, &size, err)) == 0 &&
             size > f->opts.max_bytes)
        rc = amb_error_set(err, AMB_ELIMIT, "%s: file exceeds %llu bytes", abs,
                           (unsigned long long)f->opts.max_bytes);
    int unchanged = 0;
    if (rc == 0 && f->store && !req->no_cache) {
        out->cache_key = amb_fetch_scoped_key(f, amb_xasprintf("file:%s", abs));
        amb_cache_entry e;
        int found;
        rc = amb_fetch_cache_lookup(f, out->cache_key, abs, &e, &found, err);
        unchanged = found && e.content_hash && strcmp(e.content_hash, hash) == 0;
        amb_cache_entry_clear(&e);
    }
    if (rc < 0) {
        free(abs);
        free(out->cache_key);
        out->cache_key = NULL;
        return rc;
    }
    out->path = abs;
    out->effective_url = amb_xstrdup(abs);
    out->content_hash = amb_xstrdup(hash);
    amb_fetched_publish(out, 0, size, unchanged);
    return 0;
}

/* Report one request to the record callback. */
static void record(amb_fetcher *f, const amb_fetch_request *req,
                   const amb_fetched *out, const amb_fetch_trace *t,
                   const char *when, uint64_t started, const amb_error *err,
                   int rc)
{
    if (!f->record)
        return;
    amb_provenance p = {
        .url = req && req->url ? req->url : "",
        .fetched_at = when,
        .http_status = t->http_status,
        .bytes = rc == 0 ? out->pub.size : t->bytes,
        .content_hash = rc == 0 ? out->content_hash : NULL,
        .etag = rc == 0 ? out->etag : NULL,
        .last_modified = rc == 0 ? out->last_modified : NULL,
        .from_cache = rc == 0 ? out->pub.unchanged : 0,
        .attempts = t->attempts,
        .elapsed_ms = amb_monotonic_ms() - started,
        .error = rc == 0 ? NULL : err->msg,
    };
    f->record(f->record_ud, &p);
}

int amb_fetch(amb_fetcher *f, const amb_fetch_request *req, amb_fetched *out,
              amb_error *err)
{
    amb_error local;
    if (!err)
        err = &local;
    memset(out, 0, sizeof *out);
    char when[32];
    amb_now_iso(when);
    uint64_t started = amb_monotonic_ms();
    amb_fetch_trace trace = {.attempts = 1};
    int rc;
    if (!req || !req->url || !*req->url) {
        rc = amb_error_set(err, AMB_EUSAGE, "fetch: no URL given");
    } else {
        url_kind kind = classify_url(req->url);
        if (kind == URL_HTTP)
            rc = amb_fetch_http(f, req, out, &trace, err);
        else if (kind == URL_OTHER)
            rc = amb_error_set(err, AMB_EUSAGE, "%s: unsupported URL scheme "
                               "(use http, https, file or a path)", req->url);
        else
            rc = fetch_local(f, req, kind, out, err);
    }
    if (rc < 0)
        amb_fetched_clear(out);
    record(f, req, out, &trace, when, started, err, rc);
    return rc;
}

/* The content hash a body file of this fetcher's cache_dir is named by
 * (borrowed from path), or NULL when path is not such a file. */
static const char *cache_body_hash(const amb_fetcher *f, const char *path)
{
    if (!f->cache_dir || !path)
        return NULL;
    size_t dl = strlen(f->cache_dir);
    while (dl > 1 && f->cache_dir[dl - 1] == '/')
        dl--;
    if (strncmp(path, f->cache_dir, dl) != 0 || path[dl] != '/')
        return NULL;
    const char *name = path + dl + 1;
    if (strlen(name) != 64 + 5 || strcmp(name + 64, ".body") != 0 ||
        strspn(name, "0123456789abcdef") != 64)
        return NULL;
    return name;
}

/* 1 when some fetch_cache row still has this content hash (so its body file
 * must stay), 0 when none, -1 when the store could not answer (then the
 * file stays too).  hash may be followed by ".body".  A read-only query
 * through the store's connection, in portable SQL. */
static int body_referenced(amb_fetcher *f, const char *hash)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(amb_store_db(f->store),
                           "SELECT 1 FROM fetch_cache WHERE content_hash = ?1 "
                           "LIMIT 1", -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return -1;
    }
    sqlite3_bind_text(s, 1, hash, 64, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int amb_fetch_commit_cache(amb_fetcher *f, const amb_fetched *r,
                           const char *url, amb_error *err)
{
    if (!f->store || !r || !r->cache_key || !r->content_hash || !r->path)
        return 0;
    const char *what = url ? url : r->cache_key;
    amb_cache_entry old;
    int found;
    int rc = amb_fetch_cache_lookup(f, r->cache_key, what, &old, &found, err);
    if (rc < 0)
        return rc;
    amb_cache_entry e = {
        .etag = r->etag,
        .last_modified = r->last_modified,
        .content_hash = r->content_hash,
        .body_path = r->path,
        .size = r->pub.size,
    };
    rc = amb_store_cache_put(f->store, r->cache_key, &e, err);
    if (rc < 0) {
        amb_error_prefix(err, "%s: writing the fetch cache", what);
    } else if (found && old.body_path && strcmp(old.body_path, r->path) != 0 &&
               cache_body_hash(f, old.body_path) &&
               body_referenced(f, cache_body_hash(f, old.body_path)) == 0) {
        if (unlink(old.body_path) != 0 && errno != ENOENT)
            amb_log(AMB_LOG_WARNING, "%s: cannot remove old cached body %s: %s",
                    what, old.body_path, strerror(errno));
    }
    amb_cache_entry_clear(&old);
    return rc;
}

int amb_fetch_cache_prune(amb_fetcher *f, long min_age_s, int *removed,
                          amb_error *err)
{
    if (removed)
        *removed = 0;
    if (!f->cache_dir || !f->store)
        return 0;
    DIR *d = opendir(f->cache_dir);
    if (!d)
        return errno == ENOENT ? 0 : amb_error_set(err, AMB_EIO, "%s: %s",
                                                   f->cache_dir, strerror(errno));
    time_t cutoff = time(NULL) - (min_age_s > 0 ? min_age_s : 0);
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int temp = strncmp(e->d_name, ".fetch-", 7) == 0;
        char *path = amb_path_join(f->cache_dir, e->d_name);
        const char *hash = temp ? NULL : cache_body_hash(f, path);
        struct stat st;
        if ((temp || hash) && lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
            st.st_mtime <= cutoff &&
            (temp || body_referenced(f, hash) == 0) && unlink(path) == 0)
            count++;
        free(path);
    }
    closedir(d);
    if (removed)
        *removed = count;
    return 0;
}
