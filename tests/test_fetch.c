/*
 * test_fetch.c - the fetcher against the real HTTP fixture on 127.0.0.1:
 * bodies and hashes, retries and backoff, redirects, POST, limits and
 * timeouts; the shared helpers of test_fetch.h; main.  The cache and local
 * file tests are in test_fetch_cache.c.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "test_fetch.h"
#include "testutil.h"

static void on_record(void *ud, const amb_provenance *p)
{
    ftest_log *l = ud;
    if (l->n >= sizeof l->items / sizeof l->items[0])
        return;
    ftest_prov *c = &l->items[l->n++];
    c->url = amb_xstrdup(p->url);
    c->hash = amb_xstrdup(p->content_hash);
    c->etag = amb_xstrdup(p->etag);
    c->error = amb_xstrdup(p->error);
    c->status = p->http_status;
    c->bytes = p->bytes;
    c->elapsed_ms = p->elapsed_ms;
    c->attempts = p->attempts;
    c->from_cache = p->from_cache;
}

/* Fast retries, a cache_dir and a store when cached is set; opts may
 * adjust anything (NULL = defaults for tests). */
void ftest_open(ftest_ctx *t, int cached, const amb_fetch_opts *opts)
{
    memset(t, 0, sizeof *t);
    t->fx = amb_http_fixture_start();
    t->dir = amb_test_tmpdir("fetch");
    amb_fetch_opts o = {.connect_timeout_ms = 5000, .timeout_ms = 20000,
                        .retries = 2, .backoff_ms = 5, .backoff_max_ms = 50};
    if (opts)
        o = *opts;
    amb_error err = {{0}};
    if (cached) {
        t->cache_dir = amb_path_join(t->dir, "cache");
        o.cache_dir = t->cache_dir;
        char *db = amb_path_join(t->dir, "ambit.db");
        int rc = amb_store_open(db, &t->store, &err);
        free(db);
        CU_ASSERT_EQUAL_FATAL(rc, 0);
    }
    if (!o.base_dir)
        o.base_dir = t->dir;
    CU_ASSERT_EQUAL_FATAL(amb_fetcher_new(&o, t->store, &t->f, &err), 0);
    amb_fetcher_set_record(t->f, on_record, &t->log);
}

void ftest_close(ftest_ctx *t)
{
    amb_fetcher_free(t->f);
    amb_store_close(t->store);
    amb_http_fixture_stop(t->fx);
    for (size_t i = 0; i < t->log.n; i++) {
        free(t->log.items[i].url);
        free(t->log.items[i].hash);
        free(t->log.items[i].etag);
        free(t->log.items[i].error);
    }
    amb_test_rmtree(t->dir);
    free(t->dir);
    free(t->cache_dir);
}

/* GET url (a fixture path when it starts with '/'). */
int ftest_get(ftest_ctx *t, const char *path, amb_fetched *out, amb_error *err)
{
    amb_fetch_request req = {
        .url = path[0] == '/' ? amb_http_fixture_url(t->fx, path) : path};
    return amb_fetch(t->f, &req, out, err);
}

char *ftest_slurp(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    return amb_read_file(path, 1u << 24, &data, &len, NULL) == 0 ? data : NULL;
}

int ftest_count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

int ftest_contains(const char *hay, const char *needle)
{
    int found = hay && strstr(hay, needle) != NULL;
    if (!found)
        fprintf(stderr, "\n  expected \"%s\" in \"%s\"\n", needle, hay ? hay : "(null)");
    return found;
}

/* Header name of the last request the fixture saw, copied (or NULL). */
char *ftest_last_header(ftest_ctx *t, const char *name)
{
    amb_http_request *r = amb_http_fixture_last_request(t->fx);
    char *v = amb_xstrdup(amb_http_request_header(r, name));
    amb_http_request_free(r);
    return v;
}

static void test_get_ok(void)
{
    ftest_ctx t;
    ftest_open(&t, 0, NULL);
    amb_http_fixture_route_simple(t.fx, "/data.csv", 200,
                                  "Content-Type: text/csv", "a,b\n1,2\n");
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/data.csv", &r, &err), 0);
    char want[65];
    amb_sha256_hex("a,b\n1,2\n", 8, want);
    CU_ASSERT_EQUAL(r.pub.status, 200);
    CU_ASSERT_EQUAL(r.pub.size, 8);
    CU_ASSERT_STRING_EQUAL(r.pub.content_hash, want);
    CU_ASSERT_STRING_EQUAL(r.pub.content_type, "text/csv");
    CU_ASSERT(ftest_contains(r.pub.effective_url, "/data.csv"));
    CU_ASSERT_EQUAL(r.pub.unchanged, 0);
    CU_ASSERT_PTR_NULL(r.cache_key);        /* no store: nothing to commit */
    char *body = ftest_slurp(r.pub.path);
    CU_ASSERT_STRING_EQUAL(body, "a,b\n1,2\n");
    free(body);
    char *path = amb_xstrdup(r.path);
    CU_ASSERT_EQUAL(r.temporary, 1);
    amb_fetched_clear(&r);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);   /* temp file removed */
    free(path);
    char *ua = ftest_last_header(&t, "User-Agent");
    CU_ASSERT_STRING_EQUAL(ua, "ambit/" PACKAGE_VERSION);
    free(ua);
    char *ae = ftest_last_header(&t, "Accept-Encoding");
    CU_ASSERT(ftest_contains(ae, "gzip"));
    free(ae);
    /* a second request reuses the kept-alive connection */
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/data.csv", &r, &err), 0);
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL(amb_http_fixture_connections(t.fx), 1);
    ftest_close(&t);
}

static void test_user_agent_accept(void)
{
    ftest_ctx t;
    amb_fetch_opts o = {.user_agent = "probe/1", .retries = 0};
    ftest_open(&t, 0, &o);
    amb_http_fixture_route_simple(t.fx, "/x", 200, NULL, "x");
    amb_fetch_request req = {.url = amb_http_fixture_url(t.fx, "/x"),
                             .accept = "application/json"};
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(amb_fetch(t.f, &req, &r, &err), 0);
    amb_fetched_clear(&r);
    amb_http_request *last = amb_http_fixture_last_request(t.fx);
    CU_ASSERT_STRING_EQUAL(amb_http_request_header(last, "user-agent"), "probe/1");
    CU_ASSERT_STRING_EQUAL(amb_http_request_header(last, "ACCEPT"), "application/json");
    CU_ASSERT_STRING_EQUAL(last->method, "GET");
    amb_http_request_free(last);
    ftest_close(&t);
}

static void test_http_404_not_retried(void)
{
    ftest_ctx t;
    ftest_open(&t, 0, NULL);
    const char *msg = "{\"errorTypeCode\":\"TABLE\",\"message\":\"Tabellen FOLK9 findes ikke\"}";
    amb_http_fixture_route_simple(t.fx, "/v1/data", 404,
                                  "Content-Type: application/json", msg);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL(ftest_get(&t, "/v1/data", &r, &err), AMB_ENET);
    CU_ASSERT(ftest_contains(err.msg, amb_http_fixture_url(t.fx, "/v1/data")));
    CU_ASSERT(ftest_contains(err.msg, "HTTP 404 Not Found"));
    CU_ASSERT(ftest_contains(err.msg, msg));                /* verbatim */
    CU_ASSERT(ftest_contains(err.msg, "1 attempt"));
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/v1/data"), 1);
    CU_ASSERT_PTR_NULL(r.pub.path);
    ftest_close(&t);
}

static void test_error_body_excerpt_capped(void)
{
    ftest_ctx t;
    ftest_open(&t, 0, NULL);
    char big[2000];
    memset(big, 'e', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    memcpy(big, "line1\r\nline2", 12);
    amb_http_fixture_route_simple(t.fx, "/bad", 400, NULL, big);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL(ftest_get(&t, "/bad", &r, &err), AMB_ENET);
    CU_ASSERT(ftest_contains(err.msg, "HTTP 400 Bad Request"));
    CU_ASSERT(ftest_contains(err.msg, "line1  line2"));     /* one line */
    const char *start = strstr(err.msg, "line1");
    CU_ASSERT(start && strlen(start) == 512);
    ftest_close(&t);
}

static void test_retry_500_then_200(void)
{
    ftest_ctx t;
    ftest_open(&t, 0, NULL);
    amb_http_response script[] = {
        {.status = 500, .body = "boom"},
        {.status = 200, .body = "fine"},
    };
    amb_http_fixture_route(t.fx, "/flaky", script, 2);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/flaky", &r, &err), 0);
    CU_ASSERT_EQUAL(r.pub.size, 4);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/flaky"), 2);
    CU_ASSERT_EQUAL_FATAL(t.log.n, 1);
    CU_ASSERT_EQUAL(t.log.items[0].attempts, 2);
    CU_ASSERT_EQUAL(t.log.items[0].status, 200);
    CU_ASSERT_PTR_NULL(t.log.items[0].error);
    amb_fetched_clear(&r);
    ftest_close(&t);
}

static void test_retry_429_and_408(void)
{
    ftest_ctx t;
    ftest_open(&t, 0, NULL);
    amb_http_response script[] = {
        {.status = 429}, {.status = 408}, {.status = 200, .body = "ok"},
    };
    amb_http_fixture_route(t.fx, "/busy", script, 3);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/busy", &r, &err), 0);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/busy"), 3);
    amb_fetched_clear(&r);
    ftest_close(&t);
}

static void test_retry_after(void)
{
    ftest_ctx t;
    amb_fetch_opts o = {.retries = 2, .backoff_ms = 5, .backoff_max_ms = 5000};
    ftest_open(&t, 0, &o);
    amb_http_response script[] = {
        {.status = 503, .headers = "Retry-After: 1", .body = "later"},
        {.status = 200, .body = "now"},
    };
    amb_http_fixture_route(t.fx, "/slow", script, 2);
    amb_fetched r;
    amb_error err = {{0}};
    uint64_t t0 = amb_monotonic_ms();
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/slow", &r, &err), 0);
    CU_ASSERT(amb_monotonic_ms() - t0 >= 900);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/slow"), 2);
    CU_ASSERT_EQUAL_FATAL(t.log.n, 1);
    CU_ASSERT(t.log.items[0].elapsed_ms >= 900);
    amb_fetched_clear(&r);
    ftest_close(&t);
}

static void test_retries_exhausted(void)
{
    ftest_ctx t;
    ftest_open(&t, 0, NULL);
    amb_http_fixture_route_simple(t.fx, "/down", 503, NULL, "maintenance");
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL(ftest_get(&t, "/down", &r, &err), AMB_ENET);
    CU_ASSERT(ftest_contains(err.msg, "HTTP 503 Service Unavailable after 3 attempts: maintenance"));
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/down"), 3);
    CU_ASSERT_EQUAL_FATAL(t.log.n, 1);
    CU_ASSERT_EQUAL(t.log.items[0].attempts, 3);
    CU_ASSERT_EQUAL(t.log.items[0].status, 503);
    CU_ASSERT(ftest_contains(t.log.items[0].error, "after 3 attempts"));
    CU_ASSERT_PTR_NULL(t.log.items[0].hash);
    ftest_close(&t);
}

/* Fetch path twice with a commit in between; the second result stays in
 * *second (caller clears).  Checks the conditional header sent. */
static void body_limit(amb_http_mode mode)
{
    ftest_ctx t;
    amb_fetch_opts o = {.max_bytes = 100, .retries = 2, .backoff_ms = 5};
    ftest_open(&t, 1, &o);
    char big[1001];
    memset(big, 'x', 1000);
    big[1000] = '\0';
    amb_http_response resp = {.body = big, .mode = mode, .chunk_size = 64};
    amb_http_fixture_route(t.fx, "/big", &resp, 1);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL(ftest_get(&t, "/big", &r, &err), AMB_ELIMIT);
    CU_ASSERT(ftest_contains(err.msg, "/big: body exceeds 100 bytes"));
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/big"), 1);   /* no retry */
    CU_ASSERT_EQUAL(ftest_count_files(t.cache_dir), 0);
    ftest_close(&t);
}

static void test_body_limit_content_length(void)
{
    body_limit(AMB_HTTP_NORMAL);
}

static void test_body_limit_chunked(void)
{
    body_limit(AMB_HTTP_CHUNKED);
}

static void test_chunked_ok(void)
{
    ftest_ctx t;
    ftest_open(&t, 0, NULL);
    amb_http_response resp = {.body = "0123456789abcdef", .mode = AMB_HTTP_CHUNKED,
                              .chunk_size = 3};
    amb_http_fixture_route(t.fx, "/c", &resp, 1);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/c", &r, &err), 0);
    char *body = ftest_slurp(r.pub.path);
    CU_ASSERT_STRING_EQUAL(body, "0123456789abcdef");
    free(body);
    amb_fetched_clear(&r);
    ftest_close(&t);
}

static void stall(amb_http_mode mode)
{
    ftest_ctx t;
    amb_fetch_opts o = {.timeout_ms = 300, .retries = 0};
    ftest_open(&t, 1, &o);
    amb_http_response resp = {.body = "late", .mode = mode, .stall_ms = 5000};
    amb_http_fixture_route(t.fx, "/stall", &resp, 1);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL(ftest_get(&t, "/stall", &r, &err), AMB_ENET);
    CU_ASSERT(ftest_contains(err.msg, "timed out after 1 attempt"));
    CU_ASSERT_EQUAL(ftest_count_files(t.cache_dir), 0);
    ftest_close(&t);
}

static void test_timeout_stall_before(void)
{
    stall(AMB_HTTP_STALL_BEFORE);
}

static void test_timeout_stall_headers(void)
{
    stall(AMB_HTTP_STALL_HEADERS);
}

static void test_truncated_body(void)
{
    ftest_ctx t;
    ftest_open(&t, 1, NULL);
    amb_http_response resp = {.body = "0123456789", .mode = AMB_HTTP_TRUNCATE,
                              .declared_length = 1000};
    amb_http_fixture_route(t.fx, "/trunc", &resp, 1);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL(ftest_get(&t, "/trunc", &r, &err), AMB_ENET);
    CU_ASSERT(ftest_contains(err.msg, "after 3 attempts"));
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/trunc"), 3);
    CU_ASSERT_EQUAL(ftest_count_files(t.cache_dir), 0);
    ftest_close(&t);
}

static void test_hang_up_then_ok(void)
{
    ftest_ctx t;
    ftest_open(&t, 0, NULL);
    amb_http_response script[] = {{.mode = AMB_HTTP_HANG_UP}, {.body = "back"}};
    amb_http_fixture_route(t.fx, "/h", script, 2);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/h", &r, &err), 0);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/h"), 2);
    amb_fetched_clear(&r);
    ftest_close(&t);
}

static void test_connection_refused(void)
{
    ftest_ctx t;
    amb_fetch_opts o = {.retries = 1, .backoff_ms = 5};
    ftest_open(&t, 0, &o);
    amb_http_fixture *gone = amb_http_fixture_start();
    char *url = amb_xstrdup(amb_http_fixture_url(gone, "/x"));
    amb_http_fixture_stop(gone);
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL(ftest_get(&t, url, &r, &err), AMB_ENET);
    CU_ASSERT(ftest_contains(err.msg, url));
    CU_ASSERT(ftest_contains(err.msg, "after 2 attempts"));
    CU_ASSERT_EQUAL_FATAL(t.log.n, 1);
    CU_ASSERT_EQUAL(t.log.items[0].attempts, 2);
    CU_ASSERT_EQUAL(t.log.items[0].status, 0);
    free(url);
    ftest_close(&t);
}

static void test_redirect(void)
{
    ftest_ctx t;
    ftest_open(&t, 0, NULL);
    amb_http_fixture_route_simple(t.fx, "/old", 302, "Location: /new", "moved");
    amb_http_fixture_route_simple(t.fx, "/new", 200, NULL, "here");
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(ftest_get(&t, "/old", &r, &err), 0);
    CU_ASSERT_STRING_EQUAL(r.pub.effective_url, amb_http_fixture_url(t.fx, "/new"));
    CU_ASSERT_EQUAL(r.pub.size, 4);
    amb_fetched_clear(&r);
    ftest_close(&t);
}

static void test_post(void)
{
    ftest_ctx t;
    ftest_open(&t, 1, NULL);
    amb_http_fixture_route_simple(t.fx, "/v1/data", 200,
                                  "Content-Type: text/csv", "OMR;TID;INDHOLD\n");
    const char *q = "{\"table\":\"FOLK1A\",\"format\":\"CSV\"}";
    amb_fetch_request req = {.url = amb_http_fixture_url(t.fx, "/v1/data"),
                             .method = "POST", .body = q, .body_len = strlen(q),
                             .content_type = "application/json"};
    amb_fetched r;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(amb_fetch(t.f, &req, &r, &err), 0);
    amb_http_request *last = amb_http_fixture_last_request(t.fx);
    CU_ASSERT_STRING_EQUAL(last->method, "POST");
    CU_ASSERT_STRING_EQUAL(amb_http_request_header(last, "Content-Type"),
                           "application/json");
    CU_ASSERT_EQUAL(last->body_len, strlen(q));
    CU_ASSERT_STRING_EQUAL(last->body, q);
    amb_http_request_free(last);
    CU_ASSERT(ftest_contains(r.cache_key, "POST "));
    CU_ASSERT_EQUAL(amb_fetch_commit_cache(t.f, &r, req.url, &err), 0);
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL_FATAL(amb_fetch(t.f, &req, &r, &err), 0);
    CU_ASSERT_EQUAL(r.pub.unchanged, 1);                 /* same body, same key */
    amb_fetched_clear(&r);
    const char *q2 = "{\"table\":\"FOLK1B\",\"format\":\"CSV\"}";
    req.body = q2;
    req.body_len = strlen(q2);
    CU_ASSERT_EQUAL_FATAL(amb_fetch(t.f, &req, &r, &err), 0);
    CU_ASSERT_EQUAL(r.pub.unchanged, 0);                 /* another query */
    amb_fetched_clear(&r);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(t.fx, "/v1/data"), 3);
    ftest_close(&t);
}

/* Send raw bytes to the fixture and read until it closes (10 s at most);
 * returns what came back (caller frees). */
static char *raw_exchange(amb_http_fixture *fx, const char *bytes)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)amb_http_fixture_port(fx))};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    amb_buf got = {0};
    amb_buf_append(&got, "", 0);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
        write(fd, bytes, strlen(bytes)) == (ssize_t)strlen(bytes)) {
        char chunk[4096];
        ssize_t n;
        while ((n = read(fd, chunk, sizeof chunk)) > 0)
            amb_buf_append(&got, chunk, (size_t)n);
        if (n < 0)
            amb_buf_puts(&got, "[read timed out: the server kept the connection]");
    }
    close(fd);
    return got.data;
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static void test_fixture_keep_alive_and_close(void)
{
    amb_http_fixture *fx = amb_http_fixture_start();
    amb_http_fixture_route_simple(fx, "/a", 200, "X-Route: a", "AAA");
    amb_http_fixture_route_simple(fx, "/b", 201, NULL, "BBBB");
    char *got = raw_exchange(fx,
        "GET /a?x=1 HTTP/1.1\r\nHost: t\r\n\r\n"
        "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
        "GET /a HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    CU_ASSERT_EQUAL(count_of(got, "HTTP/1.1 200 OK\r\n"), 2);
    CU_ASSERT_EQUAL(count_of(got, "HTTP/1.1 201 Created\r\n"), 1);
    CU_ASSERT_EQUAL(count_of(got, "X-Route: a\r\n"), 2);
    CU_ASSERT(ftest_contains(got, "Content-Length: 4\r\n\r\nBBBB"));
    CU_ASSERT(ftest_contains(got, "Connection: close\r\n\r\nAAA"));
    CU_ASSERT_PTR_NULL(strstr(got, "[read timed out"));
    free(got);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/a"), 2);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/b"), 1);
    CU_ASSERT_EQUAL(amb_http_fixture_connections(fx), 1);
    got = raw_exchange(fx, "NONSENSE\r\n\r\n");
    CU_ASSERT(ftest_contains(got, "HTTP/1.1 400 Bad Request"));
    free(got);
    got = raw_exchange(fx, "GET /nowhere HTTP/1.0\r\n\r\n");   /* 1.0 closes */
    CU_ASSERT(ftest_contains(got, "HTTP/1.1 404 Not Found"));
    free(got);
    amb_http_request *last = amb_http_fixture_last_request(fx);
    CU_ASSERT_STRING_EQUAL(last->target, "/nowhere");
    CU_ASSERT_STRING_EQUAL(last->version, "HTTP/1.0");
    amb_http_request_free(last);
    amb_http_fixture_reset_stats(fx);
    CU_ASSERT_EQUAL(amb_http_fixture_requests(fx), 0);
    CU_ASSERT_PTR_NULL(amb_http_fixture_last_request(fx));
    amb_http_fixture_stop(fx);
}

int main(void)
{
    if (amb_fetch_global_init() != 0)
        return 1;
    AMB_TEST_SUITE("fetch_http",
                   {"get_ok", test_get_ok},
                   {"user_agent_accept", test_user_agent_accept},
                   {"http_404_not_retried", test_http_404_not_retried},
                   {"error_body_excerpt_capped", test_error_body_excerpt_capped},
                   {"retry_500_then_200", test_retry_500_then_200},
                   {"retry_429_and_408", test_retry_429_and_408},
                   {"retry_after", test_retry_after},
                   {"retries_exhausted", test_retries_exhausted},
                   {"redirect", test_redirect},
                   {"post", test_post},
                   {"chunked_ok", test_chunked_ok},
                   {"hang_up_then_ok", test_hang_up_then_ok},
                   {"fixture_keep_alive_and_close", test_fixture_keep_alive_and_close});
    AMB_TEST_SUITE("fetch_limits",
                   {"body_limit_content_length", test_body_limit_content_length},
                   {"body_limit_chunked", test_body_limit_chunked},
                   {"timeout_stall_before", test_timeout_stall_before},
                   {"timeout_stall_headers", test_timeout_stall_headers},
                   {"truncated_body", test_truncated_body},
                   {"connection_refused", test_connection_refused});
    ftest_register_cache();
    int rc = amb_test_run();
    amb_fetch_global_cleanup();
    return rc;
}
