/*
 * fetch_http.c - http(s) requests through the fetcher's reused libcurl
 * handle: one job per amb_fetch() call, one or more attempts per job.
 *
 * A job owns a temp file (in cache_dir, else $TMPDIR) that every attempt
 * truncates and refills while hashing; on success it is renamed to its
 * content address in cache_dir (cacheable fetches: a store, a cache_dir,
 * no no_cache) or handed over as a temporary result; on failure it is
 * unlinked, so a failed fetch leaves nothing behind.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "fetch_internal.h"
#include "log.h"

#define EXCERPT_MAX 512   /* bytes of an error body quoted in messages */

/* The body file being written and hashed. */
typedef struct body_sink {
    FILE *fp;
    char *tmp_path;           /* owned; NULL once renamed or handed over */
    EVP_MD_CTX *md;
    uint64_t size;
    uint64_t max;
    int over_limit;           /* the body passed max */
    int io_errno;             /* writing the file failed */
    char excerpt[EXCERPT_MAX + 1];
    size_t excerpt_len;
} body_sink;

typedef struct http_job {
    amb_fetcher *f;
    const amb_fetch_request *req;
    const char *method;       /* "GET" or "POST" */
    amb_cache_entry entry;    /* the committed cache row, when found */
    int have_entry;
    int conditional;          /* validators sent: a 304 is expected */
    struct curl_slist *headers;
    body_sink sink;
    /* the last attempt */
    CURLcode cc;
    long status;
    char reason[64];
    char errbuf[CURL_ERROR_SIZE];
} http_job;

typedef enum verdict { V_DONE, V_NOT_MODIFIED, V_RETRY, V_FAIL } verdict;

/* Create the job's temp file and hash context. */
static int sink_open(body_sink *s, const amb_fetcher *f, const char *url,
                     amb_error *err)
{
    const char *dir = f->cache_dir;
    if (dir) {
        int rc = amb_mkdirs(dir, err);
        if (rc < 0) {
            amb_error_prefix(err, "%s", url);
            return rc;
        }
    } else {
        dir = getenv("TMPDIR");
        if (!dir || !*dir)
            dir = "/tmp";
    }
    char *name = amb_path_join(dir, f->cache_dir ? ".fetch-XXXXXX"
                                                 : "ambit-fetch-XXXXXX");
    int fd = mkostemp(name, O_CLOEXEC);
    if (fd < 0 || !(s->fp = fdopen(fd, "wb"))) {
        int rc = amb_error_set(err, AMB_EIO, "%s: cannot create a temp file "
                               "%s: %s", url, name, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(name);
        }
        free(name);
        return rc;
    }
    s->tmp_path = name;
    s->md = EVP_MD_CTX_new();
    if (!s->md)
        return amb_error_set(err, AMB_ENOMEM, "%s: no SHA-256 context", url);
    s->max = f->opts.max_bytes;
    return 0;
}

/* Empty the file and restart the hash for a new attempt. */
static int sink_reset(body_sink *s, const char *url, amb_error *err)
{
    if (fflush(s->fp) != 0 || ftruncate(fileno(s->fp), 0) != 0 ||
        fseeko(s->fp, 0, SEEK_SET) != 0)
        return amb_error_set(err, AMB_EIO, "%s: resetting %s: %s", url,
                             s->tmp_path, strerror(errno));
    if (EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) != 1)
        return amb_error_set(err, AMB_ERR, "%s: SHA-256 unavailable", url);
    s->size = 0;
    s->over_limit = 0;
    s->io_errno = 0;
    s->excerpt_len = 0;
    s->excerpt[0] = '\0';
    return 0;
}

/* Close the file, unlink it unless it was handed over, free the rest. */
static void sink_close(body_sink *s)
{
    if (s->fp)
        fclose(s->fp);
    if (s->tmp_path)
        unlink(s->tmp_path);
    free(s->tmp_path);
    EVP_MD_CTX_free(s->md);
    memset(s, 0, sizeof *s);
}

/* CURLOPT_WRITEFUNCTION: append to the file and the hash, keep the first
 * bytes for error messages, stop (write error) past the size cap. */
static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
    body_sink *s = ud;
    size_t len = size * n;
    if (s->size + len > s->max) {
        s->over_limit = 1;
        return 0;
    }
    if (fwrite(data, 1, len, s->fp) != len) {
        s->io_errno = errno ? errno : EIO;
        return 0;
    }
    EVP_DigestUpdate(s->md, data, len);
    if (s->excerpt_len < EXCERPT_MAX) {
        size_t take = EXCERPT_MAX - s->excerpt_len;
        if (take > len)
            take = len;
        memcpy(s->excerpt + s->excerpt_len, data, take);
        s->excerpt_len += take;
        s->excerpt[s->excerpt_len] = '\0';
    }
    s->size += len;
    return len;
}

/* CURLOPT_HEADERFUNCTION: remember the reason phrase of the latest status
 * line ("HTTP/1.1 404 Not Found"; a redirect's final answer wins). */
static size_t on_header(char *line, size_t size, size_t n, void *ud)
{
    http_job *j = ud;
    size_t len = size * n;
    if (len > 5 && memcmp(line, "HTTP/", 5) == 0) {
        const char *end = line + len;
        const char *p = memchr(line, ' ', len);
        p = p ? memchr(p + 1, ' ', (size_t)(end - p - 1)) : NULL;
        size_t rl = 0;
        if (p) {
            p++;
            while (p + rl < end && p[rl] != '\r' && p[rl] != '\n' &&
                   rl + 1 < sizeof j->reason)
                rl++;
            memcpy(j->reason, p, rl);
        }
        j->reason[rl] = '\0';
    }
    return len;
}

/* Reset the reused handle (connections stay alive) and set this job's
 * options. */
static CURLcode job_setup(http_job *j)
{
    CURL *c = j->f->curl;
    const amb_fetch_opts *o = &j->f->opts;
    curl_off_t max = o->max_bytes > (uint64_t)INT64_MAX ? INT64_MAX
                                                        : (curl_off_t)o->max_bytes;
    curl_easy_reset(c);
    j->errbuf[0] = '\0';
    j->reason[0] = '\0';
    CURLcode rc = CURLE_OK;
#define SET(opt, val) do { if (rc == CURLE_OK) rc = curl_easy_setopt(c, opt, val); } while (0)
    SET(CURLOPT_URL, j->req->url);
    SET(CURLOPT_ERRORBUFFER, j->errbuf);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    SET(CURLOPT_TIMEOUT_MS, o->timeout_ms);
    SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
    SET(CURLOPT_LOW_SPEED_TIME, o->low_speed_time_s);
    SET(CURLOPT_FOLLOWLOCATION, 1L);
    SET(CURLOPT_MAXREDIRS, 10L);
#if LIBCURL_VERSION_NUM >= 0x075500
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    SET(CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SET(CURLOPT_ACCEPT_ENCODING, "");
    SET(CURLOPT_USERAGENT, o->user_agent);
    SET(CURLOPT_FAILONERROR, 0L);
    SET(CURLOPT_MAXFILESIZE_LARGE, max);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, &j->sink);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, j);
    SET(CURLOPT_HTTPHEADER, j->headers);
    if (strcmp(j->method, "POST") == 0) {
        SET(CURLOPT_POST, 1L);
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)j->req->body_len);
        SET(CURLOPT_POSTFIELDS, j->req->body ? j->req->body : "");
    }
#undef SET
    return rc;
}

/* Request headers: Accept, Content-Type, validators.  Refuses values that
 * would break the header block. */
static int job_headers(http_job *j, amb_error *err)
{
    const amb_fetch_request *r = j->req;
    const char *bad = NULL;
    if (r->accept && strpbrk(r->accept, "\r\n"))
        bad = "accept";
    if (r->content_type && strpbrk(r->content_type, "\r\n"))
        bad = "content_type";
    if (bad)
        return amb_error_set(err, AMB_EUSAGE, "%s: line break in %s", r->url, bad);
    char *lines[5] = {NULL};
    size_t n = 0;
    if (r->accept)
        lines[n++] = amb_xasprintf("Accept: %s", r->accept);
    if (strcmp(j->method, "POST") == 0) {
        lines[n++] = amb_xstrdup("Expect:");    /* no 100-continue round trip */
        if (r->content_type)
            lines[n++] = amb_xasprintf("Content-Type: %s", r->content_type);
    }
    if (j->conditional && j->entry.etag)
        lines[n++] = amb_xasprintf("If-None-Match: %s", j->entry.etag);
    if (j->conditional && j->entry.last_modified)
        lines[n++] = amb_xasprintf("If-Modified-Since: %s",
                                   j->entry.last_modified);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        struct curl_slist *l = rc ? NULL : curl_slist_append(j->headers, lines[i]);
        if (!l && !rc)
            rc = amb_error_set(err, AMB_ENOMEM, "%s: building headers", r->url);
        if (l)
            j->headers = l;
        free(lines[i]);
    }
    return rc;
}

/* One attempt: perform and judge the outcome. */
static verdict attempt(http_job *j)
{
    j->status = 0;
    j->cc = job_setup(j);
    if (j->cc != CURLE_OK)
        return V_FAIL;
    j->cc = curl_easy_perform(j->f->curl);
    curl_easy_getinfo(j->f->curl, CURLINFO_RESPONSE_CODE, &j->status);
    if (j->sink.io_errno || j->sink.over_limit ||
        j->cc == CURLE_FILESIZE_EXCEEDED)
        return V_FAIL;
    switch (j->cc) {
    case CURLE_OK:
        break;
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        return V_RETRY;
    default:
        return V_FAIL;
    }
    if (j->status >= 200 && j->status < 300)
        return V_DONE;
    if (j->status == 304 && j->conditional)
        return V_NOT_MODIFIED;
    if (j->status >= 500 || j->status == 429 || j->status == 408)
        return V_RETRY;
    return V_FAIL;
}

/* The wait before retry number retry (0-based): full jitter over the
 * exponential backoff, or the Retry-After of the server's answer (curl
 * gives seconds for both the delay and the date form); both capped. */
static long retry_delay(http_job *j, int retry)
{
    const amb_fetch_opts *o = &j->f->opts;
    long cap = o->backoff_ms;
    for (int i = 0; i < retry && cap < o->backoff_max_ms; i++)
        cap = cap > LONG_MAX / 2 ? LONG_MAX : cap * 2;
    if (cap > o->backoff_max_ms)
        cap = o->backoff_max_ms;
    long delay = (long)(amb_fetch_rng_next(j->f) % ((uint64_t)cap + 1));
    curl_off_t after = 0;
    if (j->cc == CURLE_OK &&
        curl_easy_getinfo(j->f->curl, CURLINFO_RETRY_AFTER, &after) == CURLE_OK &&
        after > 0)
        delay = after > o->backoff_max_ms / 1000 ? o->backoff_max_ms
                                                 : (long)after * 1000;
    return delay;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* The first bytes of the error body on one line: control characters
 * become spaces, a UTF-8 sequence cut at the end is dropped. */
static void excerpt_clean(const body_sink *s, char *out)
{
    size_t len = s->excerpt_len;
    if (len == EXCERPT_MAX) {
        size_t i = len;
        while (i > 0 && ((unsigned char)s->excerpt[i - 1] & 0xC0) == 0x80)
            i--;
        unsigned char lead = i > 0 ? (unsigned char)s->excerpt[i - 1] : 0;
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (lead >= 0xC0 && len - (i - 1) < need)
            len = i - 1;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s->excerpt[i];
        out[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
}

/* The final error of a job after attempts tries. */
static int job_fail(http_job *j, int attempts, amb_error *err)
{
    const char *url = j->req->url;
    char tries[32];
    snprintf(tries, sizeof tries, "%d attempt%s", attempts, attempts == 1 ? "" : "s");
    const char *detail = j->errbuf[0] ? j->errbuf : curl_easy_strerror(j->cc);
    if (j->sink.io_errno)
        return amb_error_set(err, AMB_EIO, "%s: writing %s: %s", url,
                             j->sink.tmp_path, strerror(j->sink.io_errno));
    if (j->sink.over_limit || j->cc == CURLE_FILESIZE_EXCEEDED)
        return amb_error_set(err, AMB_ELIMIT, "%s: body exceeds %llu bytes", url,
                             (unsigned long long)j->f->opts.max_bytes);
    if (j->cc == CURLE_OPERATION_TIMEDOUT)
        return amb_error_set(err, AMB_ENET, "%s: timed out after %s (%s)", url,
                             tries, detail);
    if (j->cc != CURLE_OK)
        return amb_error_set(err, AMB_ENET, "%s: %s after %s (%s)", url,
                             curl_easy_strerror(j->cc), tries, detail);
    char body[EXCERPT_MAX + 1];
    excerpt_clean(&j->sink, body);
    return amb_error_set(err, AMB_ENET, "%s: HTTP %ld%s%s%s after %s%s%s", url,
                         j->status, j->reason[0] ? " " : "", j->reason,
                         j->status == 304 ? " to a request without validators" : "",
                         tries, body[0] ? ": " : "", body);
}

/* A copy of the last response's header name, or NULL. */
static char *response_header(CURL *c, const char *name)
{
    struct curl_header *h = NULL;
    if (curl_easy_header(c, name, 0, CURLH_HEADER, -1, &h) == CURLHE_OK &&
        h && h->value)
        return amb_xstrdup(h->value);
    return NULL;
}

/* Commit the body of a 2xx answer: hash, then rename it to its content
 * address in cache_dir when the fetch is cacheable (out->cache_key set),
 * else hand the temp file over as temporary. */
static int job_done(http_job *j, amb_fetched *out, amb_error *err)
{
    body_sink *s = &j->sink;
    const char *url = j->req->url;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    if (EVP_DigestFinal_ex(s->md, md, &mdlen) != 1 || mdlen != 32)
        return amb_error_set(err, AMB_ERR, "%s: SHA-256 failed", url);
    char hex[65];
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    int failed = fflush(s->fp) != 0 ||
                 (out->cache_key && fsync(fileno(s->fp)) != 0);
    failed |= fclose(s->fp) != 0;
    s->fp = NULL;
    if (failed)
        return amb_error_set(err, AMB_EIO, "%s: writing %s: %s", url,
                             s->tmp_path, strerror(errno));
    if (out->cache_key) {
        char *name = amb_xasprintf("%s.body", hex);
        out->path = amb_path_join(j->f->cache_dir, name);
        free(name);
        /* the same content is already there: keep it (fresh, so that a
         * prune spares it while this run is in flight), drop the copy */
        if (utimensat(AT_FDCWD, out->path, NULL, 0) != 0) {
            if (rename(s->tmp_path, out->path) != 0)
                return amb_error_set(err, AMB_EIO, "%s: renaming %s to %s: %s",
                                     url, s->tmp_path, out->path, strerror(errno));
            free(s->tmp_path);
            s->tmp_path = NULL;
        }
    } else {
        out->path = s->tmp_path;
        s->tmp_path = NULL;
        out->temporary = 1;
    }
    out->content_hash = amb_xstrdup(hex);
    int unchanged = j->have_entry && j->entry.content_hash &&
                    strcmp(j->entry.content_hash, hex) == 0;
    amb_fetched_publish(out, j->status, s->size, unchanged);
    return 0;
}

/* A 304: the result is the committed body, reported as a 200. */
static int job_not_modified(http_job *j, amb_fetched *out)
{
    out->path = amb_xstrdup(j->entry.body_path);
    out->content_hash = amb_xstrdup(j->entry.content_hash);
    if (!out->etag)
        out->etag = amb_xstrdup(j->entry.etag);
    if (!out->last_modified)
        out->last_modified = amb_xstrdup(j->entry.last_modified);
    amb_fetched_publish(out, 200, j->entry.size, 1);
    return 0;
}

/* Find the committed cache row and decide whether validators can be sent
 * (GET, a validator known, the cached body still on disk). */
static int job_cache(http_job *j, amb_fetched *out, amb_error *err)
{
    const amb_fetch_request *r = j->req;
    if (!j->f->store || !j->f->cache_dir || r->no_cache)
        return 0;
    if (strcmp(j->method, "POST") == 0) {
        char h[65];
        if (amb_sha256_hex(r->body ? r->body : "", r->body_len, h) != 0)
            return amb_error_set(err, AMB_ERR, "%s: SHA-256 failed", r->url);
        out->cache_key = amb_xasprintf("POST %s %s", r->url, h);
    } else {
        out->cache_key = amb_xstrdup(r->url);
    }
    out->cache_key = amb_fetch_scoped_key(j->f, out->cache_key);
    int rc = amb_fetch_cache_lookup(j->f, out->cache_key, r->url, &j->entry,
                                    &j->have_entry, err);
    if (rc < 0)
        return rc;
    j->conditional = j->have_entry && strcmp(j->method, "GET") == 0 &&
                     (j->entry.etag || j->entry.last_modified) &&
                     j->entry.content_hash && j->entry.body_path &&
                     access(j->entry.body_path, R_OK) == 0;
    return 0;
}

int amb_fetch_http(amb_fetcher *f, const amb_fetch_request *req,
                   amb_fetched *out, amb_fetch_trace *trace, amb_error *err)
{
    http_job j = {.f = f, .req = req, .method = req->method ? req->method : "GET"};
    if (strcmp(j.method, "GET") != 0 && strcmp(j.method, "POST") != 0)
        return amb_error_set(err, AMB_EUSAGE, "%s: unsupported method %s",
                             req->url, j.method);
    int rc = job_cache(&j, out, err);
    if (rc == 0)
        rc = job_headers(&j, err);
    if (rc == 0)
        rc = sink_open(&j.sink, f, req->url, err);
    verdict v = V_FAIL;
    int max_attempts = f->opts.retries + 1;
    for (int n = 1; rc == 0; n++) {
        trace->attempts = n;
        if ((rc = sink_reset(&j.sink, req->url, err)) < 0)
            break;
        amb_log(AMB_LOG_DEBUG, "%s %s (attempt %d of %d%s)", j.method, req->url,
                n, max_attempts, j.conditional ? ", conditional" : "");
        v = attempt(&j);
        trace->http_status = j.status;
        trace->bytes = j.sink.size;
        if (v != V_RETRY || n >= max_attempts)
            break;
        long delay = retry_delay(&j, n - 1);
        char what[64];
        if (j.cc == CURLE_OK)
            snprintf(what, sizeof what, "HTTP %ld", j.status);
        else
            snprintf(what, sizeof what, "%s", j.cc == CURLE_OPERATION_TIMEDOUT
                     ? "timed out" : curl_easy_strerror(j.cc));
        amb_log(AMB_LOG_INFO, "%s %s: %s, retry %d of %d in %.1f s", j.method,
                req->url, what, n, max_attempts - 1, (double)delay / 1000.0);
        sleep_ms(delay);
    }
    if (rc == 0) {
        char *ct = NULL, *eff = NULL;
        curl_easy_getinfo(f->curl, CURLINFO_CONTENT_TYPE, &ct);
        curl_easy_getinfo(f->curl, CURLINFO_EFFECTIVE_URL, &eff);
        out->content_type = amb_xstrdup(ct);
        out->effective_url = amb_xstrdup(eff ? eff : req->url);
        out->etag = response_header(f->curl, "ETag");
        out->last_modified = response_header(f->curl, "Last-Modified");
        if (v == V_DONE)
            rc = job_done(&j, out, err);
        else if (v == V_NOT_MODIFIED)
            rc = job_not_modified(&j, out);
        else
            rc = job_fail(&j, trace->attempts, err);
    }
    curl_easy_reset(f->curl);    /* drop pointers into this job */
    sink_close(&j.sink);
    curl_slist_free_all(j.headers);
    amb_cache_entry_clear(&j.entry);
    return rc;
}
