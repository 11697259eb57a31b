/*
 * util.c - error buffers, checked allocation, string buffers, time stamps,
 * file helpers and SHA-256 (through OpenSSL's libcrypto).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include <openssl/evp.h>

#include "util.h"

int amb_error_vset(amb_error *err, int rc, const char *fmt, va_list ap)
{
    if (err)
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return rc;
}

int amb_error_set(amb_error *err, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    amb_error_vset(err, rc, fmt, ap);
    va_end(ap);
    return rc;
}

void amb_error_prefix(amb_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    amb_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        char *prefix = amb_xmalloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(prefix, (size_t)n + 1, fmt, ap);
        va_end(ap);
        amb_buf_puts(&b, prefix);
        free(prefix);
    }
    amb_buf_puts(&b, ": ");
    amb_buf_puts(&b, err->msg);
    size_t keep = b.len < sizeof err->msg ? b.len : sizeof err->msg - 1;
    memcpy(err->msg, b.data, keep);
    err->msg[keep] = '\0';
    amb_buf_free(&b);
}

void amb_error_clear(amb_error *err)
{
    if (err)
        err->msg[0] = '\0';
}

static void out_of_memory(size_t n)
{
    fprintf(stderr, "ambit: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *amb_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *amb_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *amb_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *amb_xstrdup(const char *s)
{
    return s ? amb_xstrndup(s, strlen(s)) : NULL;
}

char *amb_xstrndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *p = amb_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *amb_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        out_of_memory(0);
    char *p = amb_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static void buf_reserve(amb_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = amb_xrealloc(b->data, cap);
    b->cap = cap;
}

void amb_buf_append(amb_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void amb_buf_puts(amb_buf *b, const char *s)
{
    amb_buf_append(b, s, strlen(s));
}

void amb_buf_putc(amb_buf *b, char c)
{
    amb_buf_append(b, &c, 1);
}

void amb_buf_printf(amb_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void amb_buf_reset(amb_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void amb_buf_free(amb_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void amb_time_iso(time_t t, char out[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int amb_random_bytes(void *buf, size_t n)
{
    unsigned char *p = buf;
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(p + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

void amb_now_iso(char out[32])
{
    amb_time_iso(time(NULL), out);
}

uint64_t amb_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int amb_read_file(const char *path, size_t max, char **out, size_t *len,
                  amb_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return amb_error_set(err, AMB_EIO, "%s: %s", path, strerror(errno));
    amb_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (b.len + n > max) {
            fclose(fp);
            amb_buf_free(&b);
            return amb_error_set(err, AMB_ELIMIT,
                                 "%s: larger than %zu bytes", path, max);
        }
        amb_buf_append(&b, chunk, n);
    }
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        amb_buf_free(&b);
        return amb_error_set(err, AMB_EIO, "%s: read error", path);
    }
    if (!b.data)
        amb_buf_append(&b, "", 0);
    *out = b.data;
    if (len)
        *len = b.len;
    return 0;
}

char *amb_path_join(const char *dir, const char *name)
{
    if (!dir || !*dir || name[0] == '/')
        return amb_xstrdup(name);
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    return amb_xasprintf("%.*s/%s", (int)dl, dir, name);
}

int amb_mkdirs(const char *path, amb_error *err)
{
    char *p = amb_xstrdup(path);
    for (char *s = p + 1; ; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                int e = errno;
                free(p);
                return amb_error_set(err, AMB_EIO, "cannot create directory %s: %s",
                                     path, strerror(e));
            }
            *s = c;
            if (c == '\0')
                break;
        }
    }
    free(p);
    return 0;
}

static void hex_digest(const unsigned char *md, unsigned len, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < len && i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

int amb_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1)
        return AMB_ERR;
    hex_digest(md, mdlen, out);
    return 0;
}

int amb_sha256_file(const char *path, char out[65], uint64_t *size,
                    amb_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return amb_error_set(err, AMB_EIO, "%s: %s", path, strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        fclose(fp);
        return amb_error_set(err, AMB_ERR, "%s: SHA-256 unavailable", path);
    }
    unsigned char chunk[65536];
    size_t n;
    uint64_t total = 0;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        EVP_DigestUpdate(ctx, chunk, n);
        total += n;
    }
    int failed = ferror(fp);
    fclose(fp);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    EVP_MD_CTX_free(ctx);
    if (failed)
        return amb_error_set(err, AMB_EIO, "%s: read error", path);
    hex_digest(md, mdlen, out);
    if (size)
        *size = total;
    return 0;
}

char *amb_build_tree(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *build = realpath(AMB_BUILD_DIR, NULL);
    if (!build)
        return NULL;
    size_t bl = strlen(build);
    if (strncmp(exe, build, bl) == 0 && exe[bl] == '/')
        return build;
    free(build);
    return NULL;
}

char *amb_data_path(const char *rel)
{
    char *build = amb_build_tree();
    char *path;
    if (build) {
        free(build);
        path = amb_path_join(AMB_SRC_DIR, rel);
    } else {
        path = amb_path_join(AMB_DATA_DIR, rel);
    }
    return path;
}
