/*
 * http_fixture.h - a real, scriptable HTTP/1.1 server for tests.
 *
 * amb_http_fixture_start() listens on 127.0.0.1 on a port the kernel picks
 * and serves from one background thread until amb_http_fixture_stop().  The
 * thread polls the listening socket and every open connection, so several
 * clients may keep connections alive at once; requests are answered one at
 * a time, in arrival order, and a connection carries as many requests as the
 * client sends (keep-alive) until either side asks for Connection: close.
 *
 * Routes map a path (the request target without its query string) to a
 * script: a queue of responses used in order, one per request, the last one
 * repeating.  A response can misbehave on purpose (stall, truncate, switch to
 * chunked encoding, hang up) and can answer 304 when the request carries a
 * matching If-None-Match or If-Modified-Since.  A directory route serves
 * files under a prefix.  Requests to paths without a route get a 404.
 *
 * A stall holds up the whole server (requests are served one at a time)
 * until it ends, the client hangs up, or the fixture stops.
 *
 * Every request is counted per path and the last one is kept, so tests can
 * assert on what the client sent.  All functions are thread-safe; route
 * definitions and introspection results are copies, so nothing a test
 * passes in needs to outlive the call.
 */
#ifndef AMB_HTTP_FIXTURE_H
#define AMB_HTTP_FIXTURE_H

#include <stddef.h>

typedef struct amb_http_fixture amb_http_fixture;

/* How a scripted response is delivered. */
typedef enum amb_http_mode {
    AMB_HTTP_NORMAL = 0,       /* status line, headers, Content-Length, body */
    AMB_HTTP_STALL_BEFORE,     /* wait stall_ms, then answer normally */
    AMB_HTTP_STALL_HEADERS,    /* send the headers, wait stall_ms, then the
                                  body */
    AMB_HTTP_TRUNCATE,         /* announce Content-Length declared_length
                                  (larger than the body), send the body and
                                  close the connection */
    AMB_HTTP_CHUNKED,          /* Transfer-Encoding: chunked, chunk_size
                                  bytes per chunk (0 = 1024) */
    AMB_HTTP_HANG_UP           /* read the request and close without a reply */
} amb_http_mode;

/* One scripted response.  Zero-initialise and set what matters. */
typedef struct amb_http_response {
    int status;                /* 0 = 200 */
    const char *headers;       /* extra header lines, "Name: value" separated
                                  by "\n" or "\r\n"; may be NULL */
    const char *body;          /* may be NULL (empty body) */
    size_t body_len;           /* 0 with a non-NULL body = strlen(body) */
    amb_http_mode mode;
    long stall_ms;             /* STALL_BEFORE / STALL_HEADERS */
    size_t declared_length;    /* TRUNCATE */
    size_t chunk_size;         /* CHUNKED */
    const char *if_none_match; /* request If-None-Match equal to this: 304 */
    const char *if_modified_since; /* request If-Modified-Since equal: 304 */
} amb_http_response;

/* A snapshot of one request (an owned copy; free with
 * amb_http_request_free). */
typedef struct amb_http_request {
    char *method;
    char *target;              /* as sent, with the query string */
    char *path;                /* target without the query string */
    char *version;             /* "HTTP/1.1" */
    size_t nheaders;
    char **names;              /* header names as sent */
    char **values;             /* header values, whitespace trimmed */
    char *body;                /* NUL-terminated for convenience */
    size_t body_len;
} amb_http_request;

/* Start a server; aborts the test program when the socket or the thread
 * cannot be created (a test cannot go on without it).  Free with stop. */
amb_http_fixture *amb_http_fixture_start(void);
/* Wake the thread, join it, close every socket and free everything.
 * NULL is fine. */
void amb_http_fixture_stop(amb_http_fixture *fx);

/* The port the server listens on. */
int amb_http_fixture_port(const amb_http_fixture *fx);
/* "http://127.0.0.1:PORT" + path; the string is owned by the fixture and
 * lives until stop. */
const char *amb_http_fixture_url(amb_http_fixture *fx, const char *path);

/* Define (or replace) the route for path with n scripted responses, used in
 * order, the last one repeating.  Everything is copied.  Replacing a route
 * starts its script again but keeps the hit count. */
void amb_http_fixture_route(amb_http_fixture *fx, const char *path,
                            const amb_http_response *responses, size_t n);
/* Shorthand for a route with one normal response. */
void amb_http_fixture_route_simple(amb_http_fixture *fx, const char *path,
                                   int status, const char *headers,
                                   const char *body);
/* Serve the files under dir for every path that starts with prefix (which
 * should end in "/"): prefix + "a/b.csv" is dir/a/b.csv.  Answers 404 when
 * the file is missing, 403 for ".." segments, and sends an ETag built from
 * size and mtime, answering 304 to a matching If-None-Match.  Content-Type
 * follows the extension (csv, json, xml, txt, html, px; else
 * application/octet-stream).  An exact route wins over a prefix. */
void amb_http_fixture_route_dir(amb_http_fixture *fx, const char *prefix,
                                const char *dir);

/* Requests seen for path (without query string), routed or not. */
unsigned amb_http_fixture_hits(amb_http_fixture *fx, const char *path);
/* Requests seen in total, and connections accepted in total. */
unsigned amb_http_fixture_requests(amb_http_fixture *fx);
unsigned amb_http_fixture_connections(amb_http_fixture *fx);
/* Forget hit counts, request and connection totals and the last request
 * (routes stay). */
void amb_http_fixture_reset_stats(amb_http_fixture *fx);

/* A copy of the last request, or NULL when none arrived yet.  Caller frees
 * with amb_http_request_free. */
amb_http_request *amb_http_fixture_last_request(amb_http_fixture *fx);
void amb_http_request_free(amb_http_request *req);
/* The value of the first header called name (case-insensitive), borrowed
 * from req; NULL when absent. */
const char *amb_http_request_header(const amb_http_request *req,
                                    const char *name);

#endif
