/*
 * mail.h - e-mail for survey campaigns (doc/mail.md): an SMTP transport
 * over libcurl, RFC 5322 message composition and the invitation
 * templates.
 *
 * Transport (mail.c).  An amb_mailer owns one CURL easy handle that is
 * reused for every message, so libcurl keeps the SMTP connection open
 * between them; it paces messages to opts.rate per second.  It copies
 * nothing from opts after amb_mailer_new() except what it duplicates.
 *
 * Messages (mail_message.c).  amb_mail_compose() appends a complete
 * message (CRLF line ends, quoted-printable UTF-8 body) to a caller-owned
 * amb_buf; every header value is checked for CR/LF first.
 *
 * Templates (mail_template.c).  An amb_mail_template owns its strings
 * and is freed with amb_mail_template_free(); rendered strings are
 * malloc'd and owned by the caller.
 */
#ifndef AMB_MAIL_H
#define AMB_MAIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util.h"

/* ------------------------------------------------------------ transport */

typedef enum amb_mail_tls {
    AMB_MAIL_TLS_NO = 0,         /* plain smtp:// */
    AMB_MAIL_TLS_TRY = 1,        /* STARTTLS when the server offers it */
    AMB_MAIL_TLS_REQUIRED = 2    /* STARTTLS or fail */
} amb_mail_tls;

typedef struct amb_mailer_opts {
    const char *url;             /* smtp://host[:port] or smtps://... */
    amb_mail_tls starttls;       /* for smtp:// (smtps:// is TLS anyway) */
    const char *user;            /* NULL: no AUTH */
    const char *password;        /* with user */
    const char *ca_file;         /* extra CA bundle, NULL: the system's */
    long timeout_ms;             /* per message, 0: 60 s */
    double rate;                 /* messages per second, 0: unlimited */
} amb_mailer_opts;

typedef struct amb_mailer amb_mailer;

/* A mailer for opts (nothing is connected yet).  0 or AMB_ECONFIG for a
 * URL that is not smtp:// or smtps://, AMB_ENOMEM. */
int amb_mailer_new(const amb_mailer_opts *opts, amb_mailer **out,
                   amb_error *err);
void amb_mailer_free(amb_mailer *m);       /* NULL is fine; closes */

/* Send msg[0..len) from the envelope address from to the address to,
 * waiting first as the rate asks.  reply (reply_len bytes, >= 1) gets the
 * server's last reply line, e.g. "250 OK: queued" on success or "550
 * 5.1.1 no such user" on a refusal, or libcurl's error text when the
 * server said nothing (a refused connection).  Returns 0 when the server
 * accepted the message, AMB_ENET when it did not or could not be reached
 * (err says why; *fatal is set to 1 when the connection itself failed, so
 * that further messages would fail too), AMB_EUSAGE for an address with
 * CR, LF, '<', '>' or non-ASCII. */
int amb_mailer_send(amb_mailer *m, const char *from, const char *to,
                    const char *msg, size_t len, char *reply,
                    size_t reply_len, int *fatal, amb_error *err);
/* How many connections the mailer has opened so far. */
long amb_mailer_connections(const amb_mailer *m);

/* ------------------------------------------------------------- messages */

typedef struct amb_mail_msg {
    const char *from;            /* "Name <addr>" or "addr" */
    const char *reply_to;        /* NULL: none */
    const char *to;              /* the recipient's address */
    const char *to_name;         /* display name, NULL: none */
    const char *subject;         /* UTF-8 */
    const char *body;            /* UTF-8 text, LF or CRLF line ends */
    const char *unsubscribe;     /* opt-out URL, NULL: no List-Unsubscribe */
    time_t date;                 /* Date: header */
} amb_mail_msg;

/* Append the whole message to out.  AMB_EUSAGE (nothing appended) when a
 * header value holds CR or LF, an address is malformed or a text is not
 * valid UTF-8. */
int amb_mail_compose(const amb_mail_msg *m, amb_buf *out, amb_error *err);

/* The addr-spec of "Name <addr>" or "addr" into a malloc'd string
 * (caller frees); NULL when it is not one plausible ASCII address. */
char *amb_mail_addr_spec(const char *from);
/* 1 when s is an addr-spec ambit sends to: printable ASCII without spaces,
 * quotes, brackets or commas, one '@' with text on both sides. */
int amb_mail_plain_address(const char *s);

/* Building blocks, exposed for the tests. */
/* s as one or more RFC 2047 "=?UTF-8?B?...?=" words separated by CRLF
 * SP, or verbatim when it is printable ASCII; first_col is the column the
 * value starts at (to keep lines under 78 characters). */
void amb_mail_encode_header(amb_buf *out, const char *s, size_t first_col);
/* Quoted-printable (RFC 2045) of text with its line ends turned into
 * CRLF, lines at most 76 characters. */
void amb_mail_encode_qp(amb_buf *out, const char *text, size_t len);

/* ------------------------------------------------------------ templates */

/* Placeholders: {{contact}} {{company}} {{link}} {{optout}} {{closes}}
 * {{title}}, each optionally with a fallback for an empty value,
 * {{contact|Sir or Madam}}. */
typedef struct amb_mail_vars {
    const char *contact, *company, *link, *optout, *closes, *title;
    const char *lang;            /* "da" or "en": the contact fallback */
} amb_mail_vars;

typedef struct amb_mail_template {
    char *file;                  /* as given to load, for messages */
    char *subject;               /* text after "Subject: " */
    char *body;                  /* after the blank line */
    int body_line;               /* line number of the body's first line */
} amb_mail_template;

/* Load and check a template file: "Subject: ..." on line 1, a blank line,
 * then the body.  Unknown placeholders and unclosed "{{" are AMB_EPARSE
 * with "FILE:LINE: ..." in err. */
int amb_mail_template_load(const char *path, amb_mail_template **out,
                           amb_error *err);
/* Parse a template from memory (file is used in messages only). */
int amb_mail_template_parse(const char *file, const char *text,
                            amb_mail_template **out, amb_error *err);
void amb_mail_template_free(amb_mail_template *t);   /* NULL is fine */
/* Substitute v into t: *subject and *body are malloc'd (caller frees).
 * Values are inserted verbatim and never scanned for placeholders. */
int amb_mail_template_render(const amb_mail_template *t,
                             const amb_mail_vars *v, char **subject,
                             char **body, amb_error *err);
/* A campaign's closing date "YYYY-MM-DD" as the language writes it
 * ("31. december 2026", "31 December 2026"); malloc'd, NULL for NULL. */
char *amb_mail_format_date(const char *iso, const char *lang);

#endif
