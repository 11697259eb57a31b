/*
 * http_fixture.c - the scriptable HTTP/1.1 test server (see http_fixture.h):
 * sockets, the server thread and sending; routes and plans are in
 * http_fixture_plan.c.
 *
 * One thread owns the sockets: it polls a wake-up pipe, the listening
 * socket and up to FX_MAX_CONNS open connections, buffers what arrives and
 * answers each complete request before reading on.  Everything a test can
 * touch (routes, counters, the last request, URL strings) lives behind the
 * mutex; a response is copied out of its route into a plan under the lock
 * and sent after unlocking, so a test may redefine routes at any time.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http_fixture_internal.h"

static int send_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Wait ms on connection fd.  Returns 0 after the wait, 1 when the client
 * hung up first (no point in answering), -1 when the server is stopping. */
static int stall(amb_http_fixture *fx, int fd, long ms)
{
    struct pollfd pfd[2] = {{.fd = fx->wake[0], .events = POLLIN},
                            {.fd = fd, .events = POLLIN}};
    nfds_t n = 2;
    uint64_t until = amb_monotonic_ms() + (uint64_t)(ms > 0 ? ms : 0);
    for (;;) {
        uint64_t now = amb_monotonic_ms();
        if (now >= until)
            return 0;
        int rc = poll(pfd, n, (int)(until - now));
        if (rc < 0 && errno != EINTR)
            return 0;
        if (rc > 0 && pfd[0].revents)
            return -1;
        if (rc > 0 && n == 2 && pfd[1].revents) {
            char c;
            ssize_t got = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
                return 1;
            n = 1;      /* a pipelined request: wait for the clock only */
        }
    }
}

/* Send the plan on fd.  Returns 1 to keep the connection, 0 to close it,
 * -1 when the server is stopping. */
static int plan_send(amb_http_fixture *fx, int fd, const fx_plan *p)
{
    if (p->mode == AMB_HTTP_HANG_UP)
        return 0;
    int waited = 0;
    if (p->mode == AMB_HTTP_STALL_BEFORE && (waited = stall(fx, fd, p->stall_ms)) != 0)
        return waited < 0 ? -1 : 0;
    if (send_all(fd, p->head.data, p->head.len) != 0)
        return 0;
    if (p->mode == AMB_HTTP_STALL_HEADERS && (waited = stall(fx, fd, p->stall_ms)) != 0)
        return waited < 0 ? -1 : 0;
    if (p->mode == AMB_HTTP_CHUNKED) {
        for (size_t off = 0; off < p->body.len; off += p->chunk_size) {
            size_t n = p->body.len - off < p->chunk_size ? p->body.len - off
                                                         : p->chunk_size;
            char size_line[32];
            int sl = snprintf(size_line, sizeof size_line, "%zx\r\n", n);
            if (send_all(fd, size_line, (size_t)sl) != 0 ||
                send_all(fd, p->body.data + off, n) != 0 ||
                send_all(fd, "\r\n", 2) != 0)
                return 0;
        }
        if (send_all(fd, "0\r\n\r\n", 5) != 0)
            return 0;
    } else if (p->body.len && send_all(fd, p->body.data, p->body.len) != 0) {
        return 0;
    }
    return !p->close_after;
}

/* Answer every complete request buffered on c.  Same returns as
 * plan_send. */
static int conn_serve(amb_http_fixture *fx, fx_conn *c)
{
    for (;;) {
        amb_http_request *req = NULL;
        int rc = amb_http_fixture_parse(&c->in, &req);
        if (rc == 0)
            return 1;
        if (rc < 0) {
            static const char bad[] = "HTTP/1.1 400 Bad Request\r\n"
                "Content-Length: 0\r\nConnection: close\r\n\r\n";
            send_all(c->fd, bad, sizeof bad - 1);
            return 0;
        }
        fx_plan p = {0};
        amb_http_fixture_plan(fx, req, &p);
        amb_http_request_free(req);
        rc = plan_send(fx, c->fd, &p);
        amb_buf_free(&p.head);
        amb_buf_free(&p.body);
        if (rc <= 0)
            return rc;
    }
}

static void conn_close(fx_conn *c)
{
    close(c->fd);
    c->fd = -1;
    amb_buf_free(&c->in);
}

static void *server_main(void *arg)
{
    amb_http_fixture *fx = arg;
    struct pollfd pfd[2 + FX_MAX_CONNS];
    for (;;) {
        pfd[0] = (struct pollfd){.fd = fx->wake[0], .events = POLLIN};
        pfd[1] = (struct pollfd){
            .fd = fx->nconns < FX_MAX_CONNS ? fx->listen_fd : -1,
            .events = POLLIN};
        for (size_t i = 0; i < fx->nconns; i++)
            pfd[2 + i] = (struct pollfd){.fd = fx->conns[i].fd, .events = POLLIN};
        if (poll(pfd, 2 + fx->nconns, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (pfd[0].revents)
            break;
        int stopping = 0;
        size_t n = fx->nconns;
        for (size_t i = 0; i < n && !stopping; i++) {
            fx_conn *c = &fx->conns[i];
            if (!pfd[2 + i].revents)
                continue;
            char chunk[65536];
            ssize_t got = recv(c->fd, chunk, sizeof chunk, 0);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                conn_close(c);
                continue;
            }
            amb_buf_append(&c->in, chunk, (size_t)got);
            int rc = conn_serve(fx, c);
            if (rc <= 0)
                conn_close(c);
            stopping = rc < 0;
        }
        size_t kept = 0;                 /* drop closed connections */
        for (size_t i = 0; i < fx->nconns; i++)
            if (fx->conns[i].fd >= 0)
                fx->conns[kept++] = fx->conns[i];
        fx->nconns = kept;
        if (stopping)
            break;
        if (pfd[1].fd >= 0 && (pfd[1].revents & POLLIN)) {
            int fd = accept4(fx->listen_fd, NULL, NULL, SOCK_CLOEXEC);
            if (fd >= 0) {
                fx->conns[fx->nconns++] = (fx_conn){.fd = fd};
                pthread_mutex_lock(&fx->mu);
                fx->connections++;
                pthread_mutex_unlock(&fx->mu);
            }
        }
    }
    return NULL;
}

static void die(const char *what)
{
    perror(what);
    abort();
}

amb_http_fixture *amb_http_fixture_start(void)
{
    amb_http_fixture *fx = amb_xcalloc(1, sizeof *fx);
    fx->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fx->listen_fd < 0)
        die("http fixture: socket");
    int one = 1;
    setsockopt(fx->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t salen = sizeof sa;
    if (bind(fx->listen_fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        listen(fx->listen_fd, 64) != 0 ||
        getsockname(fx->listen_fd, (struct sockaddr *)&sa, &salen) != 0)
        die("http fixture: bind/listen");
    fx->port = ntohs(sa.sin_port);
    if (pipe2(fx->wake, O_CLOEXEC) != 0)
        die("http fixture: pipe");
    pthread_mutex_init(&fx->mu, NULL);
    if (pthread_create(&fx->thread, NULL, server_main, fx) != 0)
        die("http fixture: pthread_create");
    return fx;
}

void amb_http_fixture_stop(amb_http_fixture *fx)
{
    if (!fx)
        return;
    ssize_t w;
    do
        w = write(fx->wake[1], "x", 1);
    while (w < 0 && errno == EINTR);
    pthread_join(fx->thread, NULL);
    for (size_t i = 0; i < fx->nconns; i++)
        conn_close(&fx->conns[i]);
    close(fx->listen_fd);
    close(fx->wake[0]);
    close(fx->wake[1]);
    amb_http_fixture_free_routes(fx);
    amb_http_fixture_reset_stats(fx);
    for (size_t i = 0; i < fx->nurls; i++)
        free(fx->urls[i]);
    free(fx->urls);
    pthread_mutex_destroy(&fx->mu);
    free(fx);
}

int amb_http_fixture_port(const amb_http_fixture *fx)
{
    return fx->port;
}

const char *amb_http_fixture_url(amb_http_fixture *fx, const char *path)
{
    char *url = amb_xasprintf("http://127.0.0.1:%d%s", fx->port, path);
    pthread_mutex_lock(&fx->mu);
    fx->urls = amb_xrealloc(fx->urls, (fx->nurls + 1) * sizeof *fx->urls);
    fx->urls[fx->nurls++] = url;
    pthread_mutex_unlock(&fx->mu);
    return url;
}
