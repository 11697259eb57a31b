/*
 * survey_net.h - the web form's network edge: the listening socket for an
 * "ADDR:PORT" argument, and the per-client rate limit.
 *
 * Ownership: amb_rate_new() returns a limiter the caller frees with
 * amb_rate_free(); it is thread-safe (one mutex) and keeps a fixed table,
 * so a flood of new addresses cannot grow it.
 */
#ifndef AMB_SURVEY_NET_H
#define AMB_SURVEY_NET_H

#include <stddef.h>
#include <sys/socket.h>

#include "util.h"

/* A bound, listening, non-blocking, close-on-exec socket for spec
 * ("127.0.0.1:8080", "[::1]:0"; port 0 picks a free port) in *fd_out,
 * with *v6 set for IPv6, the port actually bound in *bound and the host
 * part in host.  0, AMB_EUSAGE for a malformed spec, AMB_ENET when the
 * address cannot be bound (the message names spec and why). */
int amb_listen_open(const char *spec, int *fd_out, int *v6, unsigned *bound,
                    char *host, size_t hcap, amb_error *err);

typedef struct amb_rate amb_rate;

/* A token bucket per client (IPv4 address, or IPv6 /64): rate requests
 * per second with bursts of burst.  NULL when rate <= 0 (no limit). */
amb_rate *amb_rate_new(double rate, double burst);
void amb_rate_free(amb_rate *r);                  /* NULL is fine */
/* 1 when the client at addr may go on, else 0 with *wait the seconds
 * until it may. */
int amb_rate_allow(amb_rate *r, const struct sockaddr *addr, double *wait);

#endif
