/*
 * http_fixture_internal.h - what the two halves of the HTTP test fixture
 * share: http_fixture.c (sockets, the server thread, sending) and
 * http_fixture_plan.c (routes, request parsing, the plan for each answer,
 * records of what was asked).  Not for tests to include.
 */
#ifndef AMB_HTTP_FIXTURE_INTERNAL_H
#define AMB_HTTP_FIXTURE_INTERNAL_H

#include <pthread.h>
#include <stddef.h>

#include "http_fixture.h"
#include "util.h"

#define FX_MAX_CONNS 32
#define FX_MAX_REQUEST (4u << 20)   /* headers plus body */

typedef struct fx_item {           /* an owned copy of amb_http_response */
    amb_http_response r;           /* strings below replace the caller's */
    char *headers;                 /* normalised: each line ends in CRLF */
    char *body;
    char *inm;
    char *ims;
} fx_item;

typedef struct fx_route {
    char *path;                    /* exact path, or prefix when dir */
    char *dir;                     /* non-NULL for a directory route */
    fx_item *items;
    size_t nitems;
    size_t next;                   /* index of the next item to use */
    struct fx_route *link;
} fx_route;

typedef struct fx_hit {
    char *path;
    unsigned count;
    struct fx_hit *link;
} fx_hit;

typedef struct fx_conn {
    int fd;
    amb_buf in;                    /* bytes received, not yet consumed */
} fx_conn;

/* What to send for one request, built under the lock. */
typedef struct fx_plan {
    amb_buf head;
    amb_buf body;
    amb_http_mode mode;
    long stall_ms;
    size_t chunk_size;
    int close_after;
} fx_plan;

struct amb_http_fixture {
    int listen_fd;
    int wake[2];
    int port;
    pthread_t thread;
    pthread_mutex_t mu;
    /* guarded by mu */
    fx_route *routes;
    fx_hit *hits;
    amb_http_request *last;
    unsigned requests;
    unsigned connections;
    char **urls;
    size_t nurls;
    /* owned by the server thread */
    fx_conn conns[FX_MAX_CONNS];
    size_t nconns;
};

/* Parse one complete request from the front of in.  Returns 1 and fills
 * *out (caller frees with amb_http_request_free) consuming its bytes, 0
 * when more bytes are needed, -1 when the request is malformed or too
 * large. */
int amb_http_fixture_parse(amb_buf *in, amb_http_request **out);
/* Record req (hit count, last request) and build the plan for its answer
 * into p (zero-initialised by the caller, freed with amb_buf_free on head
 * and body).  Locks fx->mu. */
void amb_http_fixture_plan(amb_http_fixture *fx, const amb_http_request *req,
                           fx_plan *p);
/* Free every route (at stop). */
void amb_http_fixture_free_routes(amb_http_fixture *fx);

#endif
