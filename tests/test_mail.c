/*
 * test_mail.c - unit tests of mail composition (RFC 5322 headers, RFC
 * 2047 subjects, quoted-printable bodies, header injection refused) and of
 * the templates (placeholders, unknown names with FILE:LINE, hostile
 * values, the shipped files).  The transport against a real SMTP server is
 * in test_mail_send.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "mail.h"
#include "test_mail.h"
#include "testutil.h"

/* ------------------------------------------------------------ decoders */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode quoted-printable (CRLF -> LF, soft breaks removed); NULL when
 * the input is not valid QP.  Caller frees. */
static char *qp_decode(const char *s)
{
    amb_buf b = {0};
    while (*s) {
        if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
            s += 3;
        } else if (s[0] == '=') {
            int hi = hexval(s[1]), lo = hi >= 0 ? hexval(s[2]) : -1;
            if (lo < 0) {
                amb_buf_free(&b);
                return NULL;
            }
            amb_buf_putc(&b, (char)(hi * 16 + lo));
            s += 3;
        } else if (s[0] == '\r' && s[1] == '\n') {
            amb_buf_putc(&b, '\n');
            s += 2;
        } else {
            amb_buf_putc(&b, *s++);
        }
    }
    return b.data ? b.data : amb_xstrdup("");
}

/* Decode a header value made of encoded words ("=?UTF-8?B?...?=")
 * separated by folding white space, or plain text; caller frees. */
static char *header_decode(const char *s)
{
    amb_buf b = {0};
    while (*s) {
        if (strncmp(s, "=?UTF-8?B?", 10) == 0) {
            const char *end = strstr(s + 10, "?=");
            CU_ASSERT_PTR_NOT_NULL_FATAL(end);
            unsigned char out[128];
            int n = EVP_DecodeBlock(out, (const unsigned char *)s + 10,
                                    (int)(end - s - 10));
            CU_ASSERT_FATAL(n >= 0);
            size_t pad = (end[-1] == '=') + (end[-2] == '=');
            amb_buf_append(&b, (const char *)out, (size_t)n - pad);
            s = end + 2;
            if (strncmp(s, "\r\n ", 3) == 0 && strncmp(s + 3, "=?", 2) == 0)
                s += 3;
        } else if (strncmp(s, "\r\n", 2) == 0) {
            s += 2;
        } else {
            amb_buf_putc(&b, *s++);
        }
    }
    return b.data ? b.data : amb_xstrdup("");
}

/* 1 when no line of s (CRLF separated) is longer than max. */
static int lines_within(const char *s, size_t max)
{
    while (*s) {
        const char *e = strstr(s, "\r\n");
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n > max)
            return 0;
        s += n + (e ? 2 : 0);
    }
    return 1;
}

/* The value of header name in a composed message (unfolded lines kept);
 * caller frees; NULL when absent. */
static char *header_of(const char *msg, const char *name)
{
    size_t n = strlen(name);
    const char *end = strstr(msg, "\r\n\r\n");
    for (const char *p = msg; p && p < end; p = strstr(p, "\r\n")) {
        if (p != msg)
            p += 2;
        if (strncmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1 + (p[n + 1] == ' ');
            const char *e = v;
            while ((e = strstr(e, "\r\n")) && (e[2] == ' ' || e[2] == '\t'))
                e += 2;
            if (!e)
                e = v + strlen(v);
            return amb_xstrndup(v, (size_t)(e - v));
        }
    }
    return NULL;
}

/* ------------------------------------------------------------- encoding */

static void test_qp_round_trip(void)
{
    const char *texts[] = {
        "Kære Åse Ærø,\nhej med dig\n",
        "trailing space \nand tab\t\nend",
        ".a line starting with a dot\nFrom the start\n=equals=\n",
        "",
        "x",
        "\r\n.\r\nMAIL FROM:<evil@example.com>\r\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        amb_buf b = {0};
        amb_mail_encode_qp(&b, texts[i], strlen(texts[i]));
        CU_ASSERT(lines_within(b.data, 76));
        CU_ASSERT_PTR_NULL(strstr(b.data, "\r\n.\r\n"));
        CU_ASSERT_PTR_NULL(strstr(b.data, "\r\nFrom "));
        CU_ASSERT_PTR_NULL(strstr(b.data, " \r\n"));
        char *back = qp_decode(b.data);
        CU_ASSERT_PTR_NOT_NULL_FATAL(back);
        /* Line ends become LF, and the body always ends with one. */
        amb_buf want = {0};
        for (const char *p = texts[i]; *p; p++)
            if (*p != '\r')
                amb_buf_putc(&want, *p);
        if (!want.len || want.data[want.len - 1] != '\n')
            amb_buf_putc(&want, '\n');
        CU_ASSERT_STRING_EQUAL(back, want.data);
        free(back);
        amb_buf_free(&want);
        amb_buf_free(&b);
    }
}

static void test_qp_long_lines(void)
{
    /* 300 characters with multibyte ones and '=' at every position mod 7. */
    amb_buf in = {0};
    for (int i = 0; i < 300; i++)
        amb_buf_puts(&in, i % 7 == 0 ? "=" : i % 5 == 0 ? "ø" : "a");
    amb_buf_puts(&in, "\n");
    amb_buf b = {0};
    amb_mail_encode_qp(&b, in.data, in.len);
    CU_ASSERT(lines_within(b.data, 76));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "=\r\n"));
    char *back = qp_decode(b.data);
    CU_ASSERT_STRING_EQUAL(back, in.data);
    free(back);
    amb_buf_free(&b);
    amb_buf_free(&in);
}

static void test_rfc2047(void)
{
    const char *s = "Spørgeskema: Virksomhedernes behov for arbejdskraft og "
                    "kompetencer – Det kompetente Nordjylland ÆØÅ æøå";
    amb_buf b = {0};
    amb_buf_puts(&b, "Subject: ");
    amb_mail_encode_header(&b, s, 9);
    CU_ASSERT(lines_within(b.data, 76));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "=?UTF-8?B?"));
    for (const unsigned char *p = (const unsigned char *)b.data; *p; p++)
        CU_ASSERT(*p < 0x80);
    char *back = header_decode(b.data + 9);
    CU_ASSERT_STRING_EQUAL(back, s);
    free(back);
    amb_buf_free(&b);

    /* Printable ASCII stays readable, folded before column 78. */
    const char *a = "An ASCII subject that is long enough to need folding "
                    "at a space before column seventy-eight, surely";
    amb_buf_puts(&b, "Subject: ");
    amb_mail_encode_header(&b, a, 9);
    CU_ASSERT(lines_within(b.data, 78));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\r\n "));
    back = header_decode(b.data + 9);
    CU_ASSERT_STRING_EQUAL(back, a);
    free(back);
    amb_buf_free(&b);

    /* Text that looks like an encoded word is encoded itself. */
    amb_mail_encode_header(&b, "=?UTF-8?B?ZXZpbA==?=", 9);
    CU_ASSERT_NSTRING_EQUAL(b.data, "=?UTF-8?B?PT9VVEYtOD9CP1pYWnBiQT09Pz0",
                            36);
    amb_buf_free(&b);
}

/* ---------------------------------------------------------- composition */

static amb_mail_msg sample(void)
{
    amb_mail_msg m = {
        .from = "Det kompetente Nordjylland <survey@example.dk>",
        .reply_to = "analyse@example.dk",
        .to = "anne@firma.dk",
        .to_name = "Anne, HR",
        .subject = "Spørgeskema: behov",
        .body = "Kære Anne,\n\nlink: https://s.example.dk/s/abc\n",
        .unsubscribe = "https://s.example.dk/o/abc",
        .date = 1790000000};
    return m;
}

static void test_compose(void)
{
    amb_mail_msg m = sample();
    amb_buf b = {0};
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_mail_compose(&m, &b, &err), 0);
    CU_ASSERT(lines_within(b.data, 78));
    char *h = header_of(b.data, "Date");
    CU_ASSERT_STRING_EQUAL(h, "Mon, 21 Sep 2026 14:13:20 +0000");
    free(h);
    h = header_of(b.data, "From");
    CU_ASSERT_STRING_EQUAL(h, "\"Det kompetente Nordjylland\" "
                              "<survey@example.dk>");
    free(h);
    h = header_of(b.data, "Reply-To");
    CU_ASSERT_STRING_EQUAL(h, "analyse@example.dk");
    free(h);
    h = header_of(b.data, "To");
    CU_ASSERT_STRING_EQUAL(h, "\"Anne, HR\" <anne@firma.dk>");
    free(h);
    h = header_of(b.data, "Subject");
    char *dec = header_decode(h);
    CU_ASSERT_STRING_EQUAL(dec, "Spørgeskema: behov");
    free(dec);
    free(h);
    h = header_of(b.data, "Message-ID");
    CU_ASSERT(h && h[0] == '<' && strstr(h, "@example.dk>"));
    free(h);
    h = header_of(b.data, "List-Unsubscribe");
    CU_ASSERT_STRING_EQUAL(h, "<https://s.example.dk/o/abc>");
    free(h);
    h = header_of(b.data, "List-Unsubscribe-Post");
    CU_ASSERT_STRING_EQUAL(h, "List-Unsubscribe=One-Click");
    free(h);
    h = header_of(b.data, "Content-Type");
    CU_ASSERT_STRING_EQUAL(h, "text/plain; charset=UTF-8");
    free(h);
    h = header_of(b.data, "Content-Transfer-Encoding");
    CU_ASSERT_STRING_EQUAL(h, "quoted-printable");
    free(h);
    h = header_of(b.data, "MIME-Version");
    CU_ASSERT_STRING_EQUAL(h, "1.0");
    free(h);
    char *body = qp_decode(strstr(b.data, "\r\n\r\n") + 4);
    CU_ASSERT_STRING_EQUAL(body, m.body);
    free(body);
    for (const unsigned char *p = (const unsigned char *)b.data; *p; p++)
        CU_ASSERT(*p < 0x80 && (*p >= 0x20 || *p == '\r' || *p == '\n'));
    amb_buf_free(&b);

    /* A non-ASCII display name is an encoded word; Message-IDs differ. */
    m.to_name = "Søren Ærø";
    CU_ASSERT_EQUAL_FATAL(amb_mail_compose(&m, &b, &err), 0);
    h = header_of(b.data, "To");
    CU_ASSERT_NSTRING_EQUAL(h, "=?UTF-8?B?", 10);
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "<anne@firma.dk>"));
    free(h);
    char *id1 = header_of(b.data, "Message-ID");
    amb_buf_reset(&b);
    CU_ASSERT_EQUAL_FATAL(amb_mail_compose(&m, &b, &err), 0);
    char *id2 = header_of(b.data, "Message-ID");
    CU_ASSERT_STRING_NOT_EQUAL(id1, id2);
    free(id1);
    free(id2);
    amb_buf_free(&b);

    /* No reply-to, no opt-out: no such headers. */
    m.reply_to = NULL;
    m.unsubscribe = NULL;
    CU_ASSERT_EQUAL_FATAL(amb_mail_compose(&m, &b, &err), 0);
    CU_ASSERT_PTR_NULL(header_of(b.data, "Reply-To"));
    CU_ASSERT_PTR_NULL(header_of(b.data, "List-Unsubscribe"));
    amb_buf_free(&b);
}

static void test_header_injection(void)
{
    struct {
        const char *what;
        amb_mail_msg m;
    } cases[6];
    for (size_t i = 0; i < 6; i++)
        cases[i].m = sample();
    cases[0].m.subject = "Hej\r\nBcc: victim@example.com";
    cases[1].m.subject = "Hej\nBcc: victim@example.com";
    cases[2].m.to_name = "Anne\rBcc: victim@example.com";
    cases[3].m.from = "x <a@example.dk>\r\nBcc: victim@example.com";
    cases[4].m.unsubscribe = "https://x/o/1>\r\nBcc: <victim@example.com";
    cases[5].m.reply_to = "a@example.dk\nBcc: victim@example.com";
    for (size_t i = 0; i < 6; i++) {
        amb_buf b = {0};
        amb_error err;
        CU_ASSERT_EQUAL(amb_mail_compose(&cases[i].m, &b, &err), AMB_EUSAGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "line break"));
        CU_ASSERT_EQUAL(b.len, 0);
        amb_buf_free(&b);
    }
}

static void test_compose_refusals(void)
{
    const char *bad_to[] = {"no-at-sign", "a@b@c", "<a@b.dk>", "a b@c.dk",
                            "ø@example.dk", "@example.dk", "a@"};
    for (size_t i = 0; i < sizeof bad_to / sizeof bad_to[0]; i++) {
        amb_mail_msg m = sample();
        m.to = bad_to[i];
        amb_buf b = {0};
        amb_error err;
        CU_ASSERT_EQUAL(amb_mail_compose(&m, &b, &err), AMB_EUSAGE);
        CU_ASSERT_EQUAL(b.len, 0);
    }
    amb_mail_msg m = sample();
    amb_buf b = {0};
    amb_error err;
    m.subject = "bad \xff utf-8";
    CU_ASSERT_EQUAL(amb_mail_compose(&m, &b, &err), AMB_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "UTF-8"));
    m = sample();
    m.body = "overlong \xc0\xaf";
    CU_ASSERT_EQUAL(amb_mail_compose(&m, &b, &err), AMB_EUSAGE);
    m = sample();
    m.unsubscribe = "javascript:alert(1)";
    CU_ASSERT_EQUAL(amb_mail_compose(&m, &b, &err), AMB_EUSAGE);
    m = sample();
    m.from = "Name <not an address>";
    CU_ASSERT_EQUAL(amb_mail_compose(&m, &b, &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL(b.len, 0);

    char *a = amb_mail_addr_spec("\"Det kompetente\" <survey@example.dk>");
    CU_ASSERT_STRING_EQUAL(a, "survey@example.dk");
    free(a);
    a = amb_mail_addr_spec("  plain@example.dk ");
    CU_ASSERT_STRING_EQUAL(a, "plain@example.dk");
    free(a);
    CU_ASSERT_PTR_NULL(amb_mail_addr_spec("Name <a@b.dk> trailing"));
}

/* ------------------------------------------------------------ templates */

static const char good_tpl[] =
    "Subject: {{title}} for {{company}}\n"
    "\n"
    "Dear {{contact}},\n"
    "open until {{ closes | the end }}.\n"
    "{{link}}\n"
    "opt out: {{optout}}\n";

static void test_template_render(void)
{
    amb_mail_template *t = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_mail_template_parse("t.txt", good_tpl, &t,
                                                  &err), 0);
    amb_mail_vars v = {.contact = "Anne", .company = "Firma ApS",
                       .link = "https://x/s/1", .optout = "https://x/o/1",
                       .closes = "31 December 2026", .title = "Needs",
                       .lang = "en"};
    char *s = NULL, *b = NULL;
    CU_ASSERT_EQUAL_FATAL(amb_mail_template_render(t, &v, &s, &b, &err), 0);
    CU_ASSERT_STRING_EQUAL(s, "Needs for Firma ApS");
    CU_ASSERT_STRING_EQUAL(b, "Dear Anne,\nopen until 31 December 2026.\n"
                              "https://x/s/1\nopt out: https://x/o/1\n");
    free(s);
    free(b);
    /* No contact: the neutral greeting of the language; no date: the
     * fallback. */
    v.contact = NULL;
    v.closes = "";
    CU_ASSERT_EQUAL_FATAL(amb_mail_template_render(t, &v, &s, &b, &err), 0);
    CU_ASSERT_NSTRING_EQUAL(b, "Dear Sir or Madam,\nopen until the end.\n",
                            38);
    free(s);
    free(b);
    v.lang = "da";
    CU_ASSERT_EQUAL_FATAL(amb_mail_template_render(t, &v, &s, &b, &err), 0);
    CU_ASSERT_NSTRING_EQUAL(b, "Dear modtager,", 14);
    free(s);
    free(b);
    amb_mail_template_free(t);
}

static void test_template_errors(void)
{
    struct {
        const char *text, *msg;
    } cases[] = {
        {"Subject: x\n\nhi {{contact}}\n{{link}} {{optout}}\n{{nmae}}\n",
         "t.txt:5: unknown placeholder '{{nmae}}'"},
        {"Subject: x {{bogus|y}}\n\n{{link}} {{optout}}\n",
         "t.txt:1: unknown placeholder '{{bogus|y}}'"},
        {"Subject: x\n\n{{link}} {{optout}}\nline 4 {{contact\n}}\n",
         "t.txt:4: '{{' without '}}'"},
        {"Subject: x\n\n{{link}} {{optout}} {{", "t.txt:3: '{{' without"},
        {"Hello\n\nbody {{link}} {{optout}}\n", "t.txt:1: the first line"},
        {"Subject: x\nbody {{link}} {{optout}}\n", "t.txt:2: a blank line"},
        {"Subject:   \n\nbody {{link}} {{optout}}\n", "t.txt:1: the subject"},
        {"Subject: x\n\nbody {{link}}\n", "must contain {{optout}}"},
        {"Subject: x\n\nbody {{optout}} {{linkx}}\n", "unknown placeholder"},
        {"Subject: x\n\nbody {{optout}}\n", "must contain {{link}}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        amb_mail_template *t = NULL;
        amb_error err;
        CU_ASSERT_EQUAL(amb_mail_template_parse("t.txt", cases[i].text, &t,
                                                &err), AMB_EPARSE);
        CU_ASSERT_PTR_NULL(t);
        if (!strstr(err.msg, cases[i].msg))
            fprintf(stderr, "\ncase %zu: %s\n", i, err.msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].msg));
    }
    /* From a file: the message names the file. */
    char *dir = amb_test_tmpdir("mail-tpl");
    char *path = amb_test_write(dir, "x.da.txt", "Subject: s\r\n\r\n{{link}}"
                                "\r\n{{optout}}\r\n{{x}}\r\n", 43);
    amb_mail_template *t = NULL;
    amb_error err;
    CU_ASSERT_EQUAL(amb_mail_template_load(path, &t, &err), AMB_EPARSE);
    char *want = amb_xasprintf("%s:5: unknown placeholder '{{x}}'", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, want));
    free(want);
    free(path);
    CU_ASSERT_NOT_EQUAL(amb_mail_template_load("/nonexistent/t.txt", &t,
                                               &err), 0);
    amb_test_rmtree(dir);
    free(dir);
}

static void test_template_hostile(void)
{
    amb_mail_template *t = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_mail_template_parse("t.txt", good_tpl, &t,
                                                  &err), 0);
    /* Values are never expanded again. */
    amb_mail_vars v = {.contact = "{{optout}}", .company = "{{link}}",
                       .link = "https://x/s/1", .optout = "https://x/o/1",
                       .closes = "{{", .title = "}}{{title}}", .lang = "da"};
    char *s = NULL, *b = NULL;
    CU_ASSERT_EQUAL_FATAL(amb_mail_template_render(t, &v, &s, &b, &err), 0);
    CU_ASSERT_STRING_EQUAL(s, "}}{{title}} for {{link}}");
    CU_ASSERT_NSTRING_EQUAL(b, "Dear {{optout}},\nopen until {{.\n", 32);
    free(s);
    free(b);

    /* A company name that would start a header or end the SMTP data:
     * the subject is refused, the body carries it as harmless text. */
    v.company = "Evil\r\nBcc: victim@example.com\r\n.\r\nMAIL FROM:<x@y>";
    CU_ASSERT_EQUAL_FATAL(amb_mail_template_render(t, &v, &s, &b, &err), 0);
    amb_mail_msg m = sample();
    m.subject = s;
    m.body = b;
    amb_buf out = {0};
    CU_ASSERT_EQUAL(amb_mail_compose(&m, &out, &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL(out.len, 0);
    m.subject = "safe";
    char *body = amb_xasprintf("Hello %s\n", v.company);
    m.body = body;
    CU_ASSERT_EQUAL_FATAL(amb_mail_compose(&m, &out, &err), 0);
    const char *sep = strstr(out.data, "\r\n\r\n");
    CU_ASSERT_PTR_NULL(strstr(sep, "\r\n.\r\n"));
    char *head = amb_xstrndup(out.data, (size_t)(sep - out.data));
    CU_ASSERT_PTR_NULL(strstr(head, "Bcc:"));
    free(head);
    CU_ASSERT_PTR_NOT_NULL(strstr(sep, "\r\n=2E\r\n"));
    free(body);
    free(s);
    free(b);
    amb_buf_free(&out);
    amb_mail_template_free(t);
}

static void test_shipped_templates(void)
{
    const char *names[] = {"invite.da.txt", "invite.en.txt", "remind.da.txt",
                           "remind.en.txt"};
    for (size_t i = 0; i < 4; i++) {
        char *rel = amb_xasprintf("forms/mail/%s", names[i]);
        char *path = amb_path_join(amb_test_srcdir(), rel);
        amb_mail_template *t = NULL;
        amb_error err;
        CU_ASSERT_EQUAL_FATAL(amb_mail_template_load(path, &t, &err), 0);
        amb_mail_vars v = {.contact = NULL, .company = "Firma ApS",
                           .link = "https://x/s/T", .optout = "https://x/o/T",
                           .closes = "1. december 2026", .title = "Behov",
                           .lang = strstr(names[i], ".en.") ? "en" : "da"};
        char *s = NULL, *b = NULL;
        CU_ASSERT_EQUAL_FATAL(amb_mail_template_render(t, &v, &s, &b, &err),
                              0);
        CU_ASSERT_PTR_NOT_NULL(strstr(s, "Behov"));
        CU_ASSERT_PTR_NOT_NULL(strstr(b, "Firma ApS"));
        CU_ASSERT_PTR_NOT_NULL(strstr(b, "https://x/s/T"));
        CU_ASSERT_PTR_NOT_NULL(strstr(b, "https://x/o/T"));
        CU_ASSERT_PTR_NOT_NULL(strstr(b, "1. december 2026"));
        CU_ASSERT_PTR_NOT_NULL(strstr(b, v.lang[0] == 'e' ? "Sir or Madam"
                                                          : "modtager"));
        free(s);
        free(b);
        amb_mail_template_free(t);
        free(path);
        free(rel);
    }
}

static void test_format_date(void)
{
    char *s = amb_mail_format_date("2026-12-31", "da");
    CU_ASSERT_STRING_EQUAL(s, "31. december 2026");
    free(s);
    s = amb_mail_format_date("2027-01-05", "en");
    CU_ASSERT_STRING_EQUAL(s, "5 January 2027");
    free(s);
    s = amb_mail_format_date("soon", "en");
    CU_ASSERT_STRING_EQUAL(s, "soon");
    free(s);
    CU_ASSERT_PTR_NULL(amb_mail_format_date(NULL, "da"));
}

int main(void)
{
    AMB_TEST_SUITE("mail message",
                   {"quoted-printable round trip", test_qp_round_trip},
                   {"quoted-printable long lines", test_qp_long_lines},
                   {"RFC 2047 subjects", test_rfc2047},
                   {"a composed message", test_compose},
                   {"header injection is refused", test_header_injection},
                   {"bad addresses and UTF-8 refused", test_compose_refusals});
    AMB_TEST_SUITE("mail templates",
                   {"placeholders and fallbacks", test_template_render},
                   {"errors name FILE:LINE", test_template_errors},
                   {"hostile values", test_template_hostile},
                   {"the shipped templates", test_shipped_templates},
                   {"closing dates", test_format_date});
    tm_register_send();
    return amb_test_run();
}
