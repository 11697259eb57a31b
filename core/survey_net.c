/*
 * survey_net.c - the web form's listening socket and its per-client rate
 * limit (survey_net.h).
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "survey_net.h"

#define RATE_SLOTS 4096           /* clients the rate limiter remembers */
#define RATE_PROBE 8              /* slots looked at per client */

/* ---------------------------------------------------------------- listen */

/* Split "ADDR:PORT" / "[V6]:PORT" into host and port strings. */
static int split_listen(const char *spec, char *host, size_t hcap,
                        char *port, size_t pcap)
{
    const char *colon;
    const char *h = spec;
    size_t hl;
    if (spec[0] == '[') {
        const char *close = strchr(spec, ']');
        if (!close || close[1] != ':')
            return -1;
        h = spec + 1;
        hl = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(spec, ':');
        if (!colon)
            return -1;
        hl = (size_t)(colon - spec);
    }
    if (hl == 0 || hl >= hcap || strlen(colon + 1) == 0 ||
        strlen(colon + 1) >= pcap)
        return -1;
    for (const char *p = colon + 1; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    if (atol(colon + 1) > 65535)
        return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    snprintf(port, pcap, "%s", colon + 1);
    return 0;
}

/* A bound, listening, non-blocking socket; *bound gets its port. */
int amb_listen_open(const char *spec, int *fd_out, int *v6, unsigned *bound,
                    char *host, size_t hcap, amb_error *err)
{
    char port[8];
    if (split_listen(spec, host, hcap, port, sizeof port) != 0)
        return amb_error_set(err, AMB_EUSAGE, "--listen '%s': expected "
                             "ADDR:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)",
                             spec);
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int g = getaddrinfo(host, port, &hints, &res);
    if (g != 0)
        return amb_error_set(err, AMB_ENET, "cannot listen on %s: %s",
                             spec, gai_strerror(g));
    int fd = -1, saved = 0;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
                    SOCK_NONBLOCK, ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
            listen(fd, 1024) != 0) {
            saved = errno;
            close(fd);
            fd = -1;
            continue;
        }
        *v6 = ai->ai_family == AF_INET6;
    }
    freeaddrinfo(res);
    if (fd < 0)
        return amb_error_set(err, AMB_ENET, "cannot listen on %s: %s",
                             spec, strerror(saved));
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
        close(fd);
        return amb_error_set(err, AMB_ENET, "cannot listen on %s: %s",
                             spec, strerror(errno));
    }
    *bound = ss.ss_family == AF_INET6
                 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                 : ntohs(((struct sockaddr_in *)&ss)->sin_port);
    *fd_out = fd;
    return 0;
}

/* ------------------------------------------------------------ rate limit */

typedef struct bucket {
    unsigned char key[16];
    int used;
    double tokens;
    uint64_t last_ms;
} bucket;

struct amb_rate {
    pthread_mutex_t lock;         /* guards buckets */
    double rate, burst;
    bucket *buckets;              /* RATE_SLOTS */
};

amb_rate *amb_rate_new(double rate, double burst)
{
    if (rate <= 0)
        return NULL;
    amb_rate *r = amb_xcalloc(1, sizeof *r);
    pthread_mutex_init(&r->lock, NULL);
    r->rate = rate;
    r->burst = burst;
    r->buckets = amb_xcalloc(RATE_SLOTS, sizeof *r->buckets);
    return r;
}

void amb_rate_free(amb_rate *r)
{
    if (!r)
        return;
    pthread_mutex_destroy(&r->lock);
    free(r->buckets);
    free(r);
}

/* The bucket table is a fixed open-addressed hash: a client looks at
 * RATE_PROBE slots, and an unknown one takes the stalest of them. */
int amb_rate_allow(amb_rate *r, const struct sockaddr *sa, double *wait)
{
    unsigned char key[16] = {0};
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        key[10] = key[11] = 0xff;
        memcpy(key + 12, &in->sin_addr, 4);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        memcpy(key, &in6->sin6_addr, 8);
    }
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < sizeof key; i++)
        h = (h ^ key[i]) * 16777619u;
    uint64_t now = amb_monotonic_ms();
    int ok;
    pthread_mutex_lock(&r->lock);
    bucket *b = NULL, *stalest = NULL;
    for (size_t i = 0; i < RATE_PROBE && !b; i++) {
        bucket *x = &r->buckets[(h + i) % RATE_SLOTS];
        if (x->used && memcmp(x->key, key, sizeof key) == 0)
            b = x;
        else if (!stalest || !x->used ||
                 (stalest->used && x->last_ms < stalest->last_ms))
            stalest = x;
    }
    if (!b) {
        b = stalest;
        memcpy(b->key, key, sizeof key);
        b->used = 1;
        b->tokens = r->burst;
        b->last_ms = now;
    }
    b->tokens += (double)(now - b->last_ms) / 1000.0 * r->rate;
    if (b->tokens > r->burst)
        b->tokens = r->burst;
    b->last_ms = now;
    ok = b->tokens >= 1.0;
    if (ok)
        b->tokens -= 1.0;
    else
        *wait = (1.0 - b->tokens) / r->rate;
    pthread_mutex_unlock(&r->lock);
    return ok;
}
