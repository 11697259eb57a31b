/*
 * fuzz_mail.c - libFuzzer target for the mail templates and the message
 * composer (core/mail_template.c, core/mail_message.c).
 *
 * The input up to the first NUL byte is a template file; what follows is
 * split at NULs into the values substituted (contact, company, link,
 * closes, title), so hostile values meet hostile templates.  A parse must
 * either succeed or fail with a "fuzz.txt:LINE: ..." message.  A rendered
 * mail that composes must be CRLF-only, with no bare CR or LF, no line
 * longer than 998 octets, and no header line that did not come from the
 * composer (header injection through a value).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next NUL-terminated piece of data (a malloc'd copy), or "". */
static char *piece(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *z = memchr(*p, 0, (size_t)(end - *p));
    size_t n = z ? (size_t)(z - *p) : (size_t)(end - *p);
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, *p, n);
    s[n] = '\0';
    *p = z ? z + 1 : end;
    return s;
}

/* Check the composed message's framing. */
static void check_message(const char *m, size_t len)
{
    size_t col = 0;
    int in_headers = 1;
    for (size_t i = 0; i < len; i++) {
        if (m[i] == '\r') {
            if (i + 1 >= len || m[i + 1] != '\n')
                abort();                 /* a bare CR */
            if (in_headers && col == 0)
                in_headers = 0;          /* the blank line */
            col = 0;
            i++;
            continue;
        }
        if (m[i] == '\n')
            abort();                     /* a bare LF */
        if (in_headers && col == 0 && m[i] != ' ' && m[i] != '\t') {
            /* a new header line: only the composer's own names */
            static const char *const names[] = {
                "Date:", "Message-ID:", "From:", "Reply-To:", "To:",
                "Subject:", "MIME-Version:", "Content-Type:",
                "Content-Transfer-Encoding:", "List-Unsubscribe:",
                "List-Unsubscribe-Post:", "Auto-Submitted:",
                "Precedence:", "X-Auto-Response-Suppress:"};
            int known = 0;
            for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
                known |= strncmp(m + i, names[k], strlen(names[k])) == 0;
            if (!known)
                abort();
        }
        if (++col > 998)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data, *end = data + size;
    char *text = piece(&p, end);
    char *vals[5];
    for (int i = 0; i < 5; i++)
        vals[i] = piece(&p, end);
    amb_mail_template *t = NULL;
    amb_error err;
    if (amb_mail_template_parse("fuzz.txt", text, &t, &err) != 0) {
        if (strncmp(err.msg, "fuzz.txt", 8) != 0)
            abort();
    } else {
        amb_mail_vars v = {vals[0], vals[1], vals[2], "https://x.dk/o/1",
                           vals[3], vals[4], size % 2 ? "da" : "en"};
        char *subject = NULL, *body = NULL;
        if (amb_mail_template_render(t, &v, &subject, &body, &err) == 0) {
            amb_mail_msg m = {"Survey <survey@example.dk>", NULL,
                              "a@example.dk", vals[0], subject, body,
                              "https://x.dk/o/1", 1764000000};
            amb_buf out = {0};
            if (amb_mail_compose(&m, &out, &err) == 0)
                check_message(out.data, out.len);
            amb_buf_free(&out);
        }
        free(subject);
        free(body);
        amb_mail_template_free(t);
    }
    free(text);
    for (int i = 0; i < 5; i++)
        free(vals[i]);
    return 0;
}
