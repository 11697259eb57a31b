/*
 * test_mail_send.c - the SMTP transport against a real SMTP server:
 * tests/smtp_sink.py (Debian's python3-aiosmtpd) started by the test on
 * 127.0.0.1.  Several messages over one connection, a refused recipient
 * with the server's reply, a refused connection, AUTH, STARTTLS and
 * smtps:// with a certificate made for the test.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mail.h"
#include "test_mail.h"
#include "testutil.h"

#define PYTHON "/usr/bin/python3"

int tm_sink_start(tm_sink *s, const char *const *args)
{
    memset(s, 0, sizeof *s);
    s->dir = amb_test_tmpdir("smtp-sink");
    char *script = amb_path_join(amb_test_srcdir(), "tests/smtp_sink.py");
    const char *argv[16] = {PYTHON, script, s->dir};
    size_t n = 3;
    for (size_t i = 0; args && args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    s->pid = fork();
    if (s->pid == 0) {
        /* The server's warnings and tracebacks go to DIR/stderr. */
        char *errlog = amb_path_join(s->dir, "stderr");
        if (!freopen(errlog, "w", stderr))
            _exit(126);
        execv(PYTHON, (char *const *)argv);
        _exit(127);
    }
    free(script);
    /* Wait up to 15 s for the port file. */
    for (int i = 0; i < 300 && s->pid > 0; i++) {
        char *port = tm_sink_file(s, "port");
        if (port) {
            s->port = atoi(port);
            free(port);
            return 0;
        }
        if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
            s->pid = 0;
            break;
        }
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
    }
    return -1;
}

void tm_sink_stop(tm_sink *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
    }
    if (s->dir) {
        amb_test_rmtree(s->dir);
        free(s->dir);
    }
    memset(s, 0, sizeof *s);
}

char *tm_sink_file(const tm_sink *s, const char *name)
{
    char *path = amb_path_join(s->dir, name);
    char *text = NULL;
    size_t len;
    amb_error err;
    if (amb_read_file(path, 1 << 24, &text, &len, &err) != 0)
        text = NULL;
    free(path);
    return text;
}

/* A small message to to. */
static void message(amb_buf *b, const char *to, int n)
{
    char subject[64];
    snprintf(subject, sizeof subject, "Besked nr. %d – æøå", n);
    amb_mail_msg m = {.from = "Test <sender@example.dk>", .to = to,
                      .subject = subject, .body = "Hej\n.\nfarvel\n",
                      .unsubscribe = "https://x.example/o/t", .date = 0};
    amb_error err;
    amb_buf_reset(b);
    CU_ASSERT_EQUAL_FATAL(amb_mail_compose(&m, b, &err), 0);
}

static amb_mailer *mailer_for(const tm_sink *s, const char *scheme,
                              amb_mail_tls tls, const char *user,
                              const char *password, const char *ca)
{
    char *url = amb_xasprintf("%s://127.0.0.1:%d", scheme, s->port);
    amb_mailer_opts o = {.url = url, .starttls = tls, .user = user,
                         .password = password, .ca_file = ca,
                         .timeout_ms = 20000, .rate = 0};
    amb_mailer *m = NULL;
    amb_error err;
    int rc = amb_mailer_new(&o, &m, &err);
    free(url);
    CU_ASSERT_EQUAL(rc, 0);
    return m;
}

/* Send one message; returns amb_mailer_send's code. */
static int send_one(amb_mailer *m, const char *to, int n, char *reply,
                    int *fatal)
{
    amb_buf b = {0};
    amb_error err;
    message(&b, to, n);
    int rc = amb_mailer_send(m, "sender@example.dk", to, b.data, b.len, reply,
                             512, fatal, &err);
    amb_buf_free(&b);
    return rc;
}

/* The n-th field (0-based, tab separated) of every line of the sink's
 * log, as one comma-joined string; caller frees. */
static char *log_column(const tm_sink *s, int field)
{
    char *log = tm_sink_file(s, "log");
    amb_buf out = {0};
    for (char *line = log ? strtok(log, "\n") : NULL; line;
         line = strtok(NULL, "\n")) {
        char *p = line;
        for (int i = 0; i < field && p; i++) {
            p = strchr(p, '\t');
            p = p ? p + 1 : NULL;
        }
        if (!p)
            continue;
        if (out.len)
            amb_buf_putc(&out, ',');
        amb_buf_append(&out, p, strcspn(p, "\t"));
    }
    free(log);
    return out.data ? out.data : amb_xstrdup("");
}

static void test_one_connection(void)
{
    tm_sink s;
    CU_ASSERT_EQUAL_FATAL(tm_sink_start(&s, NULL), 0);
    amb_mailer *m = mailer_for(&s, "smtp", AMB_MAIL_TLS_TRY, NULL, NULL,
                               NULL);
    char reply[512];
    int fatal;
    for (int i = 1; i <= 5; i++) {
        char to[64];
        snprintf(to, sizeof to, "r%d@example.dk", i);
        CU_ASSERT_EQUAL(send_one(m, to, i, reply, &fatal), 0);
        CU_ASSERT_STRING_EQUAL(reply, i == 1 ? "250 OK: queued as 1"
                               : i == 2 ? "250 OK: queued as 2"
                               : i == 3 ? "250 OK: queued as 3"
                               : i == 4 ? "250 OK: queued as 4"
                                        : "250 OK: queued as 5");
    }
    CU_ASSERT_EQUAL(amb_mailer_connections(m), 1);
    amb_mailer_free(m);
    /* The server saw five messages from one peer port. */
    char *ports = log_column(&s, 1);
    char *first = amb_xstrndup(ports, strcspn(ports, ","));
    char *want = amb_xasprintf("%s,%s,%s,%s,%s", first, first, first, first,
                               first);
    CU_ASSERT_STRING_EQUAL(ports, want);
    free(want);
    free(first);
    free(ports);
    char *rcpts = log_column(&s, 3);
    CU_ASSERT_STRING_EQUAL(rcpts, "r1@example.dk,r2@example.dk,r3@example.dk,"
                                  "r4@example.dk,r5@example.dk");
    free(rcpts);
    /* The message arrived whole, its lone dot line intact. */
    char *eml = tm_sink_file(&s, "00003.eml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(eml);
    CU_ASSERT_PTR_NOT_NULL(strstr(eml, "To: r3@example.dk\r\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(eml, "\r\n\r\nHej\r\n=2E\r\nfarvel\r\n"));
    free(eml);
    tm_sink_stop(&s);
}

static void test_refused_recipient(void)
{
    tm_sink s;
    CU_ASSERT_EQUAL_FATAL(tm_sink_start(&s, NULL), 0);
    amb_mailer *m = mailer_for(&s, "smtp", AMB_MAIL_TLS_NO, NULL, NULL, NULL);
    char reply[512];
    int fatal = -1;
    CU_ASSERT_EQUAL(send_one(m, "a@example.dk", 1, reply, &fatal), 0);
    CU_ASSERT_EQUAL(fatal, 0);
    CU_ASSERT_EQUAL(send_one(m, "refuse-me@example.dk", 2, reply, &fatal),
                    AMB_ENET);
    CU_ASSERT_STRING_EQUAL(reply, "550 5.1.1 <refuse-me@example.dk>: mailbox "
                                  "unavailable");
    CU_ASSERT_EQUAL(fatal, 0);
    CU_ASSERT_EQUAL(send_one(m, "tempfail@example.dk", 3, reply, &fatal),
                    AMB_ENET);
    CU_ASSERT_NSTRING_EQUAL(reply, "451 4.3.0", 9);
    CU_ASSERT_EQUAL(fatal, 0);
    /* The mailer goes on after a refusal. */
    CU_ASSERT_EQUAL(send_one(m, "b@example.dk", 4, reply, &fatal), 0);
    CU_ASSERT_NSTRING_EQUAL(reply, "250 ", 4);
    amb_mailer_free(m);
    char *rcpts = log_column(&s, 3);
    CU_ASSERT_STRING_EQUAL(rcpts, "a@example.dk,b@example.dk");
    free(rcpts);
    tm_sink_stop(&s);
}

/* A port on 127.0.0.1 where nothing listens (bound, then closed). */
static int dead_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    CU_ASSERT_FATAL(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
    close(fd);
    return ntohs(a.sin_port);
}

static void test_connection_refused(void)
{
    tm_sink s = {.port = dead_port()};
    amb_mailer *m = mailer_for(&s, "smtp", AMB_MAIL_TLS_TRY, NULL, NULL,
                               NULL);
    char reply[512];
    int fatal = 0;
    CU_ASSERT_EQUAL(send_one(m, "a@example.dk", 1, reply, &fatal), AMB_ENET);
    CU_ASSERT_EQUAL(fatal, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(reply, "onnect"));
    amb_mailer_free(m);

    /* Not an SMTP URL; a bad address is refused before any connection. */
    amb_mailer_opts o = {.url = "http://127.0.0.1/"};
    amb_error err;
    CU_ASSERT_EQUAL(amb_mailer_new(&o, &m, &err), AMB_ECONFIG);
    m = mailer_for(&s, "smtp", AMB_MAIL_TLS_NO, NULL, NULL, NULL);
    CU_ASSERT_EQUAL(amb_mailer_send(m, "a@example.dk", "a@example.dk>\r\n"
                                    "RCPT TO:<b@x.dk", "x\r\n", 3, reply,
                                    sizeof reply, &fatal, &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL(amb_mailer_send(m, "a@b@example.dk", "a@example.dk",
                                    "x\r\n", 3, reply, sizeof reply, &fatal,
                                    &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL(amb_mailer_connections(m), 0);
    amb_mailer_free(m);
}

static void test_auth(void)
{
    tm_sink s;
    const char *args[] = {"--auth", "ambit:s3cret", NULL};
    CU_ASSERT_EQUAL_FATAL(tm_sink_start(&s, args), 0);
    char reply[512];
    int fatal;
    amb_mailer *m = mailer_for(&s, "smtp", AMB_MAIL_TLS_TRY, "ambit",
                               "s3cret", NULL);
    CU_ASSERT_EQUAL(send_one(m, "a@example.dk", 1, reply, &fatal), 0);
    amb_mailer_free(m);
    m = mailer_for(&s, "smtp", AMB_MAIL_TLS_TRY, "ambit", "wrong", NULL);
    CU_ASSERT_EQUAL(send_one(m, "a@example.dk", 2, reply, &fatal), AMB_ENET);
    CU_ASSERT_EQUAL(fatal, 1);
    if (strncmp(reply, "535", 3))
        fprintf(stderr, "\nreply: %s\n", reply);
    CU_ASSERT_NSTRING_EQUAL(reply, "535", 3);
    amb_mailer_free(m);
    /* Without AUTH the server refuses the sender. */
    m = mailer_for(&s, "smtp", AMB_MAIL_TLS_TRY, NULL, NULL, NULL);
    CU_ASSERT_EQUAL(send_one(m, "a@example.dk", 3, reply, &fatal), AMB_ENET);
    CU_ASSERT_NSTRING_EQUAL(reply, "530", 3);
    CU_ASSERT_EQUAL(fatal, 1);
    amb_mailer_free(m);
    char *rcpts = log_column(&s, 3);
    CU_ASSERT_STRING_EQUAL(rcpts, "a@example.dk");
    free(rcpts);
    tm_sink_stop(&s);
}

/* A self-signed certificate for 127.0.0.1 in dir (cert.pem, key.pem). */
static int make_cert(const char *dir)
{
    char *cmd = amb_xasprintf(
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "
        "/CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout "
        "'%s/key.pem' -out '%s/cert.pem' >/dev/null 2>&1", dir, dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static void test_tls(void)
{
    char *dir = amb_test_tmpdir("mail-tls");
    CU_ASSERT_EQUAL_FATAL(make_cert(dir), 0);
    char *cert = amb_path_join(dir, "cert.pem");
    char *key = amb_path_join(dir, "key.pem");
    char reply[512];
    int fatal;

    /* STARTTLS that the server requires. */
    tm_sink s;
    const char *args[] = {"--starttls", cert, key, "--require-tls", NULL};
    CU_ASSERT_EQUAL_FATAL(tm_sink_start(&s, args), 0);
    amb_mailer *m = mailer_for(&s, "smtp", AMB_MAIL_TLS_REQUIRED, NULL, NULL,
                               cert);
    CU_ASSERT_EQUAL(send_one(m, "a@example.dk", 1, reply, &fatal), 0);
    CU_ASSERT_EQUAL(send_one(m, "b@example.dk", 2, reply, &fatal), 0);
    CU_ASSERT_EQUAL(amb_mailer_connections(m), 1);
    amb_mailer_free(m);
    /* starttls "no" is refused by this server, and a certificate that the
     * CA file does not vouch for stops the mailer. */
    m = mailer_for(&s, "smtp", AMB_MAIL_TLS_NO, NULL, NULL, NULL);
    CU_ASSERT_EQUAL(send_one(m, "a@example.dk", 3, reply, &fatal), AMB_ENET);
    CU_ASSERT_NSTRING_EQUAL(reply, "530", 3);
    amb_mailer_free(m);
    m = mailer_for(&s, "smtp", AMB_MAIL_TLS_REQUIRED, NULL, NULL, NULL);
    CU_ASSERT_EQUAL(send_one(m, "a@example.dk", 4, reply, &fatal), AMB_ENET);
    CU_ASSERT_EQUAL(fatal, 1);
    amb_mailer_free(m);
    char *rcpts = log_column(&s, 3);
    CU_ASSERT_STRING_EQUAL(rcpts, "a@example.dk,b@example.dk");
    free(rcpts);
    tm_sink_stop(&s);

    /* Implicit TLS. */
    const char *args2[] = {"--smtps", cert, key, NULL};
    CU_ASSERT_EQUAL_FATAL(tm_sink_start(&s, args2), 0);
    m = mailer_for(&s, "smtps", AMB_MAIL_TLS_TRY, NULL, NULL, cert);
    CU_ASSERT_EQUAL(send_one(m, "c@example.dk", 1, reply, &fatal), 0);
    amb_mailer_free(m);
    rcpts = log_column(&s, 3);
    CU_ASSERT_STRING_EQUAL(rcpts, "c@example.dk");
    free(rcpts);
    tm_sink_stop(&s);
    free(cert);
    free(key);
    amb_test_rmtree(dir);
    free(dir);
}

void tm_register_send(void)
{
    AMB_TEST_SUITE("mail transport (aiosmtpd on 127.0.0.1)",
                   {"several messages over one connection",
                    test_one_connection},
                   {"a refused recipient and its reply",
                    test_refused_recipient},
                   {"a refused connection", test_connection_refused},
                   {"AUTH", test_auth},
                   {"STARTTLS and smtps://", test_tls});
}
