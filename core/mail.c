/*
 * mail.c - the SMTP transport: one libcurl easy handle reused for every
 * message (libcurl keeps the connection open between transfers), STARTTLS
 * or implicit TLS, AUTH, pacing, and the server's reply to each message.
 *
 * The reply.  libcurl reports only a code and its own text, so the
 * server's reply lines are taken from the debug callback (CURLINFO_HEADER_IN
 * carries the lines the server sent).  For a message that failed, the first
 * reply with a 4xx/5xx code is the reason; on success the last reply (the
 * answer to the message's data) is kept.  "221" (the goodbye after QUIT,
 * which libcurl sends when it drops a connection) is never the reason.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "mail.h"

#define REPLY_MAX 512

struct amb_mailer {
    CURL *curl;
    char errbuf[CURL_ERROR_SIZE];
    char last[REPLY_MAX];        /* last reply line of this message */
    char failed[REPLY_MAX];      /* first 4xx/5xx line of this message */
    const char *rp;              /* upload cursor */
    size_t rleft;
    double interval_ms;          /* 1000 / rate, 0: unlimited */
    double next_ms;              /* earliest start of the next message */
    long connections;
    char *url, *user, *password, *ca_file;
    long timeout_ms;
    amb_mail_tls starttls;
};

/* Upload callback: hand libcurl the next piece of the message. */
static size_t read_cb(char *buf, size_t size, size_t n, void *ud)
{
    amb_mailer *m = ud;
    size_t want = size * n;
    if (want > m->rleft)
        want = m->rleft;
    memcpy(buf, m->rp, want);
    m->rp += want;
    m->rleft -= want;
    return want;
}

/* Copy one reply line (without CR/LF, control bytes as '?') into out. */
static void keep_line(char out[REPLY_MAX], const char *p, size_t n)
{
    while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    if (n >= REPLY_MAX)
        n = REPLY_MAX - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)p[i] < 0x20 ? '?' : p[i];
    out[n] = '\0';
}

/* Debug callback: record the server's reply lines (see the top). */
static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size,
                    void *ud)
{
    (void)h;
    amb_mailer *m = ud;
    if (type != CURLINFO_HEADER_IN)
        return 0;
    while (size) {
        const char *nl = memchr(data, '\n', size);
        size_t n = nl ? (size_t)(nl - data) + 1 : size;
        if (n >= 3 && isdigit((unsigned char)data[0]) &&
            strncmp(data, "221", 3) != 0) {
            keep_line(m->last, data, n);
            if ((data[0] == '4' || data[0] == '5') && !m->failed[0])
                keep_line(m->failed, data, n);
        }
        data += n;
        size -= n;
    }
    return 0;
}

/* Set the options that stay the same for every message. */
static int setup(amb_mailer *m, amb_error *err)
{
    CURL *c = m->curl;
    CURLcode rc = CURLE_OK;
#define SET(opt, val) if (rc == CURLE_OK) rc = curl_easy_setopt(c, opt, val)
    SET(CURLOPT_URL, m->url);
    SET(CURLOPT_ERRORBUFFER, m->errbuf);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_UPLOAD, 1L);
    SET(CURLOPT_READFUNCTION, read_cb);
    SET(CURLOPT_READDATA, m);
    SET(CURLOPT_VERBOSE, 1L);
    SET(CURLOPT_DEBUGFUNCTION, debug_cb);
    SET(CURLOPT_DEBUGDATA, m);
    SET(CURLOPT_TIMEOUT_MS, m->timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, m->timeout_ms);
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
    SET(CURLOPT_MAXCONNECTS, 1L);
    SET(CURLOPT_USE_SSL, m->starttls == AMB_MAIL_TLS_REQUIRED
                             ? (long)CURLUSESSL_ALL
                         : m->starttls == AMB_MAIL_TLS_TRY
                             ? (long)CURLUSESSL_TRY : (long)CURLUSESSL_NONE);
    if (m->user) {
        SET(CURLOPT_USERNAME, m->user);
        SET(CURLOPT_PASSWORD, m->password ? m->password : "");
    }
    if (m->ca_file)
        SET(CURLOPT_CAINFO, m->ca_file);
#undef SET
    if (rc != CURLE_OK)
        return amb_error_set(err, AMB_ECONFIG, "mail: libcurl refused an "
                             "option: %s", curl_easy_strerror(rc));
    return 0;
}

int amb_mailer_new(const amb_mailer_opts *o, amb_mailer **out,
                   amb_error *err)
{
    if (!o->url || (strncmp(o->url, "smtp://", 7) != 0 &&
                    strncmp(o->url, "smtps://", 8) != 0))
        return amb_error_set(err, AMB_ECONFIG, "mail: the url must start "
                             "with smtp:// or smtps://, not '%s'",
                             o->url ? o->url : "");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return amb_error_set(err, AMB_ENOMEM, "mail: libcurl failed to "
                             "initialise");
    amb_mailer *m = amb_xcalloc(1, sizeof *m);
    m->curl = curl_easy_init();
    if (!m->curl) {
        free(m);
        return amb_error_set(err, AMB_ENOMEM, "mail: libcurl failed to "
                             "create a handle");
    }
    m->url = amb_xstrdup(o->url);
    m->user = amb_xstrdup(o->user);
    m->password = amb_xstrdup(o->password);
    m->ca_file = amb_xstrdup(o->ca_file);
    m->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 60000;
    m->starttls = strncmp(o->url, "smtps://", 8) == 0 ? AMB_MAIL_TLS_NO
                                                      : o->starttls;
    m->interval_ms = o->rate > 0 ? 1000.0 / o->rate : 0;
    int rc = setup(m, err);
    if (rc) {
        amb_mailer_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

void amb_mailer_free(amb_mailer *m)
{
    if (!m)
        return;
    curl_easy_cleanup(m->curl);
    if (m->password)
        memset(m->password, 0, strlen(m->password));
    free(m->url);
    free(m->user);
    free(m->password);
    free(m->ca_file);
    free(m);
}

long amb_mailer_connections(const amb_mailer *m)
{
    return m ? m->connections : 0;
}

/* Sleep until the rate allows the next message. */
static void pace(amb_mailer *m)
{
    if (m->interval_ms <= 0)
        return;
    double now = (double)amb_monotonic_ms();
    if (m->next_ms > now) {
        double wait = m->next_ms - now;
        struct timespec ts = {(time_t)(wait / 1000.0),
                              (long)((wait - 1000.0 * (double)(time_t)(
                                  wait / 1000.0)) * 1e6)};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
        now = m->next_ms;
    }
    m->next_ms = now + m->interval_ms;
}

/* 1 when a failure concerns the connection, not this one message. */
static int connection_failure(CURLcode rc, long code)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_AUTH_ERROR:
        return 1;
    default:   /* 421: service closing; 530: the server wants AUTH/TLS */
        return code == 421 || code == 530 || code == 0;
    }
}

int amb_mailer_send(amb_mailer *m, const char *from, const char *to,
                    const char *msg, size_t len, char *reply,
                    size_t reply_len, int *fatal, amb_error *err)
{
    *fatal = 0;
    reply[0] = '\0';
    if (!amb_mail_plain_address(from) || !amb_mail_plain_address(to)) {
        snprintf(reply, reply_len, "not sent: bad address");
        return amb_error_set(err, AMB_EUSAGE, "mail: '%s' is not an address "
                             "ambit can send to", amb_mail_plain_address(from) ? to
                                                                      : from);
    }
    char *env_from = amb_xasprintf("<%s>", from);
    char *env_to = amb_xasprintf("<%s>", to);
    struct curl_slist *rcpt = curl_slist_append(NULL, env_to);
    free(env_to);
    if (!rcpt) {
        free(env_from);
        snprintf(reply, reply_len, "not sent: out of memory");
        return amb_error_set(err, AMB_ENOMEM, "mail: out of memory");
    }
    m->rp = msg;
    m->rleft = len;
    m->errbuf[0] = m->last[0] = m->failed[0] = '\0';
    curl_easy_setopt(m->curl, CURLOPT_MAIL_FROM, env_from);
    curl_easy_setopt(m->curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(m->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    pace(m);
    CURLcode rc = curl_easy_perform(m->curl);
    long code = 0, connects = 0;
    curl_easy_getinfo(m->curl, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(m->curl, CURLINFO_NUM_CONNECTS, &connects);
    m->connections += connects;
    curl_easy_setopt(m->curl, CURLOPT_MAIL_RCPT, NULL);
    curl_easy_setopt(m->curl, CURLOPT_MAIL_FROM, NULL);
    curl_slist_free_all(rcpt);
    free(env_from);
    if (rc == CURLE_OK && code / 100 == 2) {
        snprintf(reply, reply_len, "%s", m->last[0] ? m->last : "250");
        return 0;
    }
    const char *why = m->errbuf[0] ? m->errbuf : curl_easy_strerror(rc);
    if (m->failed[0])
        snprintf(reply, reply_len, "%s", m->failed);
    else
        snprintf(reply, reply_len, "%s", why);
    *fatal = connection_failure(rc, code);
    return amb_error_set(err, AMB_ENET, "mail to %s: %s%s%s", to, why,
                         m->failed[0] ? "; server said: " : "", m->failed);
}
