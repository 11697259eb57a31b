/*
 * test_mail.h - shared helpers of the mail unit tests: the SMTP sink
 * (tests/smtp_sink.py on Debian's python3-aiosmtpd) started on 127.0.0.1.
 */
#ifndef AMB_TEST_MAIL_H
#define AMB_TEST_MAIL_H

#include <sys/types.h>

/* A running sink: its directory (messages NNNNN.eml and log) and port. */
typedef struct tm_sink {
    pid_t pid;
    int port;
    char *dir;          /* owned; removed by tm_sink_stop */
} tm_sink;

/* Start the sink with extra arguments (NULL-terminated, may be NULL);
 * 0 when it listens, -1 otherwise. */
int tm_sink_start(tm_sink *s, const char *const *args);
void tm_sink_stop(tm_sink *s);
/* The text of DIR/name (caller frees), NULL when missing. */
char *tm_sink_file(const tm_sink *s, const char *name);

void tm_register_send(void);

#endif
