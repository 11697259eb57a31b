/*
 * mail_template.c - invitation and reminder templates (doc/mail.md).
 *
 *   Subject: Undersøgelse om {{title}}
 *
 *   Kære {{contact|modtager}},
 *   ...  {{link}} ... {{optout}}
 *
 * The first line is the subject, then one blank line, then the body.  A
 * placeholder is {{name}} or {{name|fallback}}; the fallback replaces an
 * empty or missing value.  Placeholders are checked when the file is
 * loaded (an unknown name is an error naming FILE:LINE), and values are
 * inserted verbatim, never scanned again, so a company called "{{link}}"
 * stays just that text.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"

#define TEMPLATE_MAX (256 * 1024)

static const char *const known_names[] = {"contact", "company", "link",
                                          "optout", "closes", "title", NULL};

/* The value of placeholder name[0..n) in v, or NULL for unknown names
 * (with *known = 0). */
static const char *lookup(const amb_mail_vars *v, const char *name, size_t n,
                          int *known)
{
    const char *vals[] = {v ? v->contact : NULL, v ? v->company : NULL,
                          v ? v->link : NULL,    v ? v->optout : NULL,
                          v ? v->closes : NULL,  v ? v->title : NULL};
    for (size_t i = 0; known_names[i]; i++)
        if (strlen(known_names[i]) == n && memcmp(known_names[i], name, n) == 0) {
            *known = 1;
            return vals[i];
        }
    *known = 0;
    return NULL;
}

/* Walk text (starting at line first_line of file) and either check its
 * placeholders (out == NULL) or append it with v substituted to out.
 * 0 or AMB_EPARSE with "FILE:LINE: ..." in err. */
static int expand(const char *file, int first_line, const char *text,
                  const amb_mail_vars *v, amb_buf *out, amb_error *err)
{
    int line = first_line;
    const char *p = text;
    for (;;) {
        const char *open = strstr(p, "{{");
        const char *end = open ? open : p + strlen(p);
        for (const char *q = p; q < end; q++)
            line += *q == '\n';
        if (out)
            amb_buf_append(out, p, (size_t)(end - p));
        if (!open)
            return 0;
        const char *close = strstr(open + 2, "}}");
        const char *nl = strchr(open + 2, '\n');
        if (!close || (nl && nl < close))
            return amb_error_set(err, AMB_EPARSE, "%s:%d: '{{' without "
                                 "'}}' on the same line", file, line);
        const char *name = open + 2;
        const char *bar = memchr(name, '|', (size_t)(close - name));
        size_t nlen = (size_t)((bar ? bar : close) - name);
        while (nlen && name[0] == ' ') {
            name++;
            nlen--;
        }
        while (nlen && name[nlen - 1] == ' ')
            nlen--;
        int known;
        const char *val = lookup(v, name, nlen, &known);
        if (!known) {
            int shown = (int)(close - open - 2) > 40 ? 40
                                                     : (int)(close - open - 2);
            return amb_error_set(err, AMB_EPARSE, "%s:%d: unknown placeholder "
                                 "'{{%.*s}}' (known: contact, company, link, "
                                 "optout, closes, title)", file, line, shown,
                                 open + 2);
        }
        if (out) {
            if ((!val || !*val) && bar) {
                const char *fb = bar + 1, *fe = close;
                while (fb < fe && *fb == ' ')
                    fb++;
                while (fe > fb && fe[-1] == ' ')
                    fe--;
                amb_buf_append(out, fb, (size_t)(fe - fb));
            }
            else if ((!val || !*val) && nlen == 7 &&
                     memcmp(name, "contact", 7) == 0)
                amb_buf_puts(out, v->lang && strcmp(v->lang, "en") == 0
                                      ? "Sir or Madam" : "modtager");
            else if (val)
                amb_buf_puts(out, val);
        }
        p = close + 2;
    }
}

/* 1 when text has the placeholder {{name}} or {{name|...}}. */
static int has_placeholder(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = text; (p = strstr(p, "{{")); p += 2) {
        const char *q = p + 2;
        while (*q == ' ')
            q++;
        if (strncmp(q, name, n) == 0 && strchr(" |}", q[n]))
            return 1;
    }
    return 0;
}

int amb_mail_template_parse(const char *file, const char *text,
                            amb_mail_template **out, amb_error *err)
{
    if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
        text += 3;
    const char *nl = strchr(text, '\n');
    if (strncmp(text, "Subject:", 8) != 0 || !nl)
        return amb_error_set(err, AMB_EPARSE, "%s:1: the first line must be "
                             "'Subject: ...'", file);
    const char *s = text + 8;
    s += strspn(s, " \t");
    size_t slen = (size_t)(nl - s);
    while (slen && (s[slen - 1] == '\r' || s[slen - 1] == ' '))
        slen--;
    if (slen == 0)
        return amb_error_set(err, AMB_EPARSE, "%s:1: the subject is empty",
                             file);
    const char *body = nl + 1;
    if (*body == '\r')
        body++;
    if (*body != '\n')
        return amb_error_set(err, AMB_EPARSE, "%s:2: a blank line must "
                             "follow the subject", file);
    body++;
    amb_mail_template *t = amb_xcalloc(1, sizeof *t);
    t->file = amb_xstrdup(file);
    t->subject = amb_xstrndup(s, slen);
    t->body_line = 3;
    amb_buf b = {0};
    for (const char *p = body; *p; p++)      /* CRLF -> LF */
        if (!(p[0] == '\r' && p[1] == '\n'))
            amb_buf_putc(&b, *p);
    t->body = b.data ? b.data : amb_xstrdup("");
    int rc = expand(file, 1, t->subject, NULL, NULL, err);
    if (rc == 0)
        rc = expand(file, t->body_line, t->body, NULL, NULL, err);
    if (rc == 0 && !has_placeholder(t->body, "link"))
        rc = amb_error_set(err, AMB_EPARSE, "%s: the body must contain "
                           "{{link}} (the respondent's form)", file);
    if (rc == 0 && !has_placeholder(t->body, "optout"))
        rc = amb_error_set(err, AMB_EPARSE, "%s: the body must contain "
                           "{{optout}} (every mail carries the opt-out link)",
                           file);
    if (rc) {
        amb_mail_template_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

int amb_mail_template_load(const char *path, amb_mail_template **out,
                           amb_error *err)
{
    char *text = NULL;
    size_t len;
    int rc = amb_read_file(path, TEMPLATE_MAX, &text, &len, err);
    if (rc)
        return rc;
    if (memchr(text, '\0', len))
        rc = amb_error_set(err, AMB_EPARSE, "%s: holds a NUL byte", path);
    else
        rc = amb_mail_template_parse(path, text, out, err);
    free(text);
    return rc;
}

void amb_mail_template_free(amb_mail_template *t)
{
    if (!t)
        return;
    free(t->file);
    free(t->subject);
    free(t->body);
    free(t);
}

int amb_mail_template_render(const amb_mail_template *t,
                             const amb_mail_vars *v, char **subject,
                             char **body, amb_error *err)
{
    amb_buf s = {0}, b = {0};
    int rc = expand(t->file, 1, t->subject, v, &s, err);
    if (rc == 0)
        rc = expand(t->file, t->body_line, t->body, v, &b, err);
    if (rc) {
        amb_buf_free(&s);
        amb_buf_free(&b);
        return rc;
    }
    *subject = s.data ? s.data : amb_xstrdup("");
    *body = b.data ? b.data : amb_xstrdup("");
    return 0;
}

char *amb_mail_format_date(const char *iso, const char *lang)
{
    static const char *const da[] = {"januar", "februar", "marts", "april",
                                      "maj", "juni", "juli", "august",
                                      "september", "oktober", "november",
                                      "december"};
    static const char *const en[] = {"January", "February", "March", "April",
                                      "May", "June", "July", "August",
                                      "September", "October", "November",
                                      "December"};
    int y, m, d;
    char tail;
    if (!iso)
        return NULL;
    if (sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return amb_xstrdup(iso);
    if (lang && strcmp(lang, "en") == 0)
        return amb_xasprintf("%d %s %d", d, en[m - 1], y);
    return amb_xasprintf("%d. %s %d", d, da[m - 1], y);
}
