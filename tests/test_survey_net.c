/*
 * test_survey_net.c - the web form's network edge: listen addresses
 * (hostile and valid) and the per-client token buckets.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "survey_net.h"
#include "testutil.h"

static void test_listen_specs(void)
{
    static const char *const bad[] = {
        "", "8080", ":8080", "127.0.0.1:", "127.0.0.1:99999",
        "127.0.0.1:80x", "[::1]8080", "[::1", "[]:80", "127.0.0.1:-1",
        "127.0.0.1:1234567890123",
    };
    char host[64];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int fd = -1, v6 = 0;
        unsigned port = 0;
        amb_error err;
        CU_ASSERT_EQUAL(amb_listen_open(bad[i], &fd, &v6, &port, host,
                                        sizeof host, &err), AMB_EUSAGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "--listen"));
        CU_ASSERT_EQUAL(fd, -1);
    }
    int fd = -1, v6 = 1;
    unsigned port = 0;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_listen_open("127.0.0.1:0", &fd, &v6, &port,
                                          host, sizeof host, &err), 0);
    CU_ASSERT(fd >= 0 && port > 0 && v6 == 0);
    CU_ASSERT_STRING_EQUAL(host, "127.0.0.1");
    /* the same port again is taken: an error naming the address */
    char spec[32];
    snprintf(spec, sizeof spec, "127.0.0.1:%u", port);
    int fd2 = -1;
    CU_ASSERT_EQUAL(amb_listen_open(spec, &fd2, &v6, &port, host,
                                    sizeof host, &err), AMB_ENET);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, spec));
    close(fd);
}

static struct sockaddr_in v4(const char *a)
{
    struct sockaddr_in in = {0};
    in.sin_family = AF_INET;
    inet_pton(AF_INET, a, &in.sin_addr);
    return in;
}

static struct sockaddr_in6 v6addr(const char *a)
{
    struct sockaddr_in6 in = {0};
    in.sin6_family = AF_INET6;
    inet_pton(AF_INET6, a, &in.sin6_addr);
    return in;
}

static void test_rate(void)
{
    CU_ASSERT_PTR_NULL(amb_rate_new(0, 10));
    amb_rate *r = amb_rate_new(1, 5);      /* slow refill: 1 per second */
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    struct sockaddr_in a = v4("192.0.2.1"), b = v4("192.0.2.2");
    double wait = 0;
    int allowed = 0;
    for (int i = 0; i < 20; i++)
        allowed += amb_rate_allow(r, (struct sockaddr *)&a, &wait);
    /* the burst, and at most one more if a second ticked meanwhile */
    CU_ASSERT(allowed >= 5 && allowed <= 6);
    CU_ASSERT(wait > 0 && wait <= 1.0);
    /* another client has its own bucket */
    CU_ASSERT_EQUAL(amb_rate_allow(r, (struct sockaddr *)&b, &wait), 1);
    /* IPv6 clients are grouped by /64 */
    struct sockaddr_in6 x = v6addr("2001:db8:1:2::1"),
                        y = v6addr("2001:db8:1:2:ffff::9"),
                        z = v6addr("2001:db8:1:3::1");
    allowed = 0;
    for (int i = 0; i < 10; i++)
        allowed += amb_rate_allow(r, (struct sockaddr *)&x, &wait);
    CU_ASSERT(allowed <= 6);
    CU_ASSERT_EQUAL(amb_rate_allow(r, (struct sockaddr *)&y, &wait) &&
                    amb_rate_allow(r, (struct sockaddr *)&y, &wait), 0);
    CU_ASSERT_EQUAL(amb_rate_allow(r, (struct sockaddr *)&z, &wait), 1);
    /* a flood of new addresses neither grows the table nor fails */
    for (unsigned i = 0; i < 100000; i++) {
        struct sockaddr_in f = {0};
        f.sin_family = AF_INET;
        f.sin_addr.s_addr = htonl(0x0a000000u + i);
        amb_rate_allow(r, (struct sockaddr *)&f, &wait);
    }
    amb_rate_free(r);
    amb_rate_free(NULL);
}

int main(void)
{
    AMB_TEST_SUITE("survey_net", {"listen specs", test_listen_specs},
                   {"rate limit", test_rate});
    return amb_test_run();
}
