/*
 * mail_message.c - an RFC 5322 message for one recipient: the headers
 * (RFC 2047 encoded words for non-ASCII text, List-Unsubscribe with the
 * one-click POST of RFC 8058) and a quoted-printable UTF-8 text body.
 *
 * Every header value is checked before anything is written: CR or LF in a
 * value would let a company name or a subject start a header of its own
 * (header injection), so such a message is refused, not repaired.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "mail.h"
#include "text_clean.h"

#define LINE_MAX_COLS 76

/* 1 when s is printable ASCII and holds no "=?" (which a reader would
 * take for the start of an encoded word). */
static int plain_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p >= 0x7f || (p[0] == '=' && p[1] == '?'))
            return 0;
    return 1;
}

int amb_mail_plain_address(const char *s)
{
    const char *at = s ? strchr(s, '@') : NULL;
    if (!at || at == s || !at[1] || strchr(at + 1, '@') ||
        strlen(s) > 254)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || strchr("<>\"(),;:\\[]", *p))
            return 0;
    return 1;
}

/* Split "Name <addr>" (or "addr") into a malloc'd display name (NULL when
 * there is none) and addr-spec; 0 or -1 when the address is not plain. */
static int split_address(const char *in, char **name, char **addr)
{
    *name = *addr = NULL;
    const char *lt = strrchr(in, '<');
    if (!lt) {
        size_t b = strspn(in, " \t"), e = strlen(in);
        while (e > b && (in[e - 1] == ' ' || in[e - 1] == '\t'))
            e--;
        *addr = amb_xstrndup(in + b, e - b);
    } else {
        const char *gt = strchr(lt, '>');
        if (!gt || gt[1 + strspn(gt + 1, " \t")] != '\0')
            return -1;
        *addr = amb_xstrndup(lt + 1, (size_t)(gt - lt - 1));
        size_t b = strspn(in, " \t"), e = (size_t)(lt - in);
        while (e > b && (in[e - 1] == ' ' || in[e - 1] == '\t'))
            e--;
        if (e - b >= 2 && in[b] == '"' && in[e - 1] == '"') {
            b++;
            e--;
        }
        if (e > b)
            *name = amb_xstrndup(in + b, e - b);
    }
    if (!amb_mail_plain_address(*addr)) {
        free(*name);
        free(*addr);
        *name = *addr = NULL;
        return -1;
    }
    return 0;
}

char *amb_mail_addr_spec(const char *from)
{
    char *name, *addr;
    if (!from || split_address(from, &name, &addr) < 0)
        return NULL;
    free(name);
    return addr;
}

/* Append one "=?UTF-8?B?...?=" word for s[0..n). */
static void encoded_word(amb_buf *out, const char *s, size_t n)
{
    unsigned char b64[4 * 64 / 3 + 8];
    int len = EVP_EncodeBlock(b64, (const unsigned char *)s, (int)n);
    amb_buf_puts(out, "=?UTF-8?B?");
    amb_buf_append(out, (const char *)b64, (size_t)len);
    amb_buf_puts(out, "?=");
}

void amb_mail_encode_header(amb_buf *out, const char *s, size_t first_col)
{
    size_t col = first_col, n = strlen(s);
    if (plain_text(s)) {
        /* Fold printable ASCII before a space that would pass column 78. */
        size_t i = 0;
        while (i < n) {
            size_t word = strcspn(s + i + 1, " ") + 1;
            if (i + word > n)
                word = n - i;
            if (i > 0 && s[i] == ' ' && col + word > 78 && col > 1) {
                amb_buf_puts(out, "\r\n");
                col = 0;
            }
            amb_buf_append(out, s + i, word);
            col += word;
            i += word;
        }
        return;
    }
    /* Encoded words of whole UTF-8 characters, each line <= 76. */
    size_t i = 0;
    while (i < n) {
        size_t room = col + 12 < LINE_MAX_COLS ? LINE_MAX_COLS - col - 12 : 4;
        size_t max = room / 4 * 3;
        if (max < 3)
            max = 3;
        if (max > 45)
            max = 45;
        size_t take = n - i < max ? n - i : max;
        while (take < n - i && take > 1 &&
               ((unsigned char)s[i + take] & 0xc0) == 0x80)
            take--;
        encoded_word(out, s + i, take);
        i += take;
        if (i < n) {
            amb_buf_puts(out, "\r\n ");
            col = 1;
        }
    }
}

void amb_mail_encode_qp(amb_buf *out, const char *text, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\r' || c == '\n') {
            amb_buf_puts(out, "\r\n");
            col = 0;
            i += (c == '\r' && i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        int at_eol = i + 1 == len || text[i + 1] == '\r' ||
                     text[i + 1] == '\n';
        int encode = c == '=' || c > 126 || (c < 32 && c != '\t') ||
                     ((c == ' ' || c == '\t') && at_eol) ||
                     (col == 0 && c == '.') ||
                     (col == 0 && c == 'F' && len - i >= 5 &&
                      memcmp(text + i, "From ", 5) == 0);
        size_t w = encode ? 3 : 1;
        /* A soft break leaves room for its '=' within 76 columns. */
        if (col + w > LINE_MAX_COLS - 1 && !(at_eol && col + w <=
                                             LINE_MAX_COLS)) {
            amb_buf_puts(out, "=\r\n");
            col = 0;
            if (c == '.' || (c == 'F' && len - i >= 5 &&
                             memcmp(text + i, "From ", 5) == 0)) {
                encode = 1;
                w = 3;
            }
        }
        if (encode) {
            char e[3] = {'=', hex[c >> 4], hex[c & 15]};
            amb_buf_append(out, e, 3);
        } else {
            amb_buf_putc(out, (char)c);
        }
        col += w;
        i++;
    }
    if (len == 0 || (text[len - 1] != '\n' && text[len - 1] != '\r'))
        amb_buf_puts(out, "\r\n");
}

/* "Tue, 26 Nov 2026 06:53:26 +0000" (RFC 5322, in UTC, English names
 * whatever the locale). */
static void rfc5322_date(time_t t, char out[40])
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
                                       "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
                                         "Jun", "Jul", "Aug", "Sep", "Oct",
                                         "Nov", "Dec"};
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000",
             days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* "Name <addr>" with the name quoted or encoded, or just "addr". */
static void put_mailbox(amb_buf *b, const char *name, const char *addr,
                        size_t col)
{
    if (name && *name) {
        size_t start = b->len;
        if (plain_text(name)) {
            amb_buf_putc(b, '"');
            for (const char *p = name; *p; p++) {
                if (*p == '"' || *p == '\\')
                    amb_buf_putc(b, '\\');
                amb_buf_putc(b, *p);
            }
            amb_buf_putc(b, '"');
        } else {
            amb_mail_encode_header(b, name, col);
        }
        const char *last = b->data + start;
        for (const char *p = last; (p = strstr(p, "\r\n")); p += 2)
            last = p + 2;
        size_t used = (size_t)(b->data + b->len - last) +
                      (last == b->data + start ? col : 0);
        amb_buf_printf(b, "%s<%s>", used + strlen(addr) + 3 > 78 ? "\r\n "
                                                                  : " ", addr);
        return;
    }
    amb_buf_puts(b, addr);
}

/* The value check of one header: what is wrong with s, or NULL. */
static const char *bad_value(const char *s)
{
    if (strchr(s, '\r') || strchr(s, '\n'))
        return "holds a line break (header injection)";
    if (!amb_text_utf8_valid(s, strlen(s)))
        return "is not valid UTF-8";
    return NULL;
}

/* Check every header value of m; 0 or AMB_EUSAGE. */
static int check_msg(const amb_mail_msg *m, amb_error *err)
{
    const struct {
        const char *name, *value;
    } h[] = {{"From", m->from},         {"Reply-To", m->reply_to},
             {"To", m->to},             {"the recipient's name", m->to_name},
             {"Subject", m->subject},   {"List-Unsubscribe", m->unsubscribe}};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) {
        const char *why = h[i].value ? bad_value(h[i].value) : NULL;
        if (why)
            return amb_error_set(err, AMB_EUSAGE, "mail: %s %s", h[i].name,
                                 why);
    }
    if (!m->from || !m->to || !m->subject || !m->body)
        return amb_error_set(err, AMB_EUSAGE, "mail: a message needs From, "
                             "To, Subject and a body");
    if (!amb_mail_plain_address(m->to))
        return amb_error_set(err, AMB_EUSAGE, "mail: To '%s' is not a plain "
                             "ASCII address", m->to);
    if (m->unsubscribe && (strpbrk(m->unsubscribe, " <>\"") ||
                           (strncmp(m->unsubscribe, "https://", 8) != 0 &&
                            strncmp(m->unsubscribe, "http://", 7) != 0)))
        return amb_error_set(err, AMB_EUSAGE, "mail: the opt-out URL '%s' is "
                             "not an http(s) URL", m->unsubscribe);
    if (!amb_text_utf8_valid(m->body, strlen(m->body)))
        return amb_error_set(err, AMB_EUSAGE, "mail: the body is not valid "
                             "UTF-8");
    return 0;
}

int amb_mail_compose(const amb_mail_msg *m, amb_buf *out, amb_error *err)
{
    int rc = check_msg(m, err);
    if (rc)
        return rc;
    char *from_name = NULL, *from_addr = NULL;
    char *rt_name = NULL, *rt_addr = NULL;
    if (split_address(m->from, &from_name, &from_addr) < 0)
        return amb_error_set(err, AMB_EUSAGE, "mail: From '%s' is not an "
                             "address like \"Name <user@example.dk>\"",
                             m->from);
    if (m->reply_to && split_address(m->reply_to, &rt_name, &rt_addr) < 0) {
        free(from_name);
        free(from_addr);
        return amb_error_set(err, AMB_EUSAGE, "mail: Reply-To '%s' is not an "
                             "address", m->reply_to);
    }
    unsigned char rnd[16];
    if (amb_random_bytes(rnd, sizeof rnd))
        memset(rnd, 0, sizeof rnd);   /* unique enough with the time */
    char date[40];
    rfc5322_date(m->date, date);

    amb_buf b = {0};
    amb_buf_printf(&b, "Date: %s\r\nFrom: ", date);
    put_mailbox(&b, from_name, from_addr, 6);
    if (rt_addr) {
        amb_buf_puts(&b, "\r\nReply-To: ");
        put_mailbox(&b, rt_name, rt_addr, 10);
    }
    amb_buf_puts(&b, "\r\nTo: ");
    put_mailbox(&b, m->to_name, m->to, 4);
    amb_buf_puts(&b, "\r\nSubject: ");
    amb_mail_encode_header(&b, m->subject, 9);
    amb_buf_puts(&b, "\r\nMessage-ID: <");
    for (size_t i = 0; i < sizeof rnd; i++)
        amb_buf_printf(&b, "%02x", rnd[i]);
    amb_buf_printf(&b, ".%lld%s>\r\n", (long long)m->date,
                   strchr(from_addr, '@'));
    amb_buf_puts(&b, "MIME-Version: 1.0\r\n"
                     "Content-Type: text/plain; charset=UTF-8\r\n"
                     "Content-Transfer-Encoding: quoted-printable\r\n");
    if (m->unsubscribe)   /* a URL is not broken; a long one gets a line */
        amb_buf_printf(&b, "List-Unsubscribe:%s<%s>\r\n"
                           "List-Unsubscribe-Post: List-Unsubscribe=One-Click"
                           "\r\n", strlen(m->unsubscribe) + 20 > 78
                                         ? "\r\n " : " ", m->unsubscribe);
    amb_buf_puts(&b, "\r\n");
    amb_mail_encode_qp(&b, m->body, strlen(m->body));
    amb_buf_append(out, b.data, b.len);
    amb_buf_free(&b);
    free(from_name);
    free(from_addr);
    free(rt_name);
    free(rt_addr);
    return 0;
}
