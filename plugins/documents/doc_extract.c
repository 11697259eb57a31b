/*
 * doc_extract.c - format detection and the common path of every document
 * format: read the file, hand it to its reader (plain text as it is,
 * doc_html.c, doc_pdf.c) and clean the text (text_clean.c).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ambit/plugin.h"
#include "doc_extract.h"
#include "text_clean.h"

static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
    AMB_PRINTF(4, 5);

/* Format a message into err; returns rc. */
static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

const char *amb_doc_format_name(amb_doc_format f)
{
    switch (f) {
    case AMB_DOC_TEXT: return "text";
    case AMB_DOC_HTML: return "html";
    case AMB_DOC_PDF: return "pdf";
    default: return "auto";
    }
}

int amb_doc_format_parse(const char *s)
{
    static const char *const names[] = {"auto", "text", "html", "pdf"};
    for (int i = 0; i < 4; i++)
        if (s && strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* Does s[0..n) start (after white space and a BOM) with the tag prefix,
 * case-insensitively? */
static int starts_with_tag(const char *s, size_t n, const char *tag)
{
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                     s[i] == '\n'))
        i++;
    size_t k = strlen(tag);
    return n - i >= k && strncasecmp(s + i, tag, k) == 0;
}

/* Does name end in suffix, case-insensitively? */
static int ends_with(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n >= k && strcasecmp(name + n - k, suffix) == 0;
}

amb_doc_format amb_doc_sniff(const char *data, size_t n, const char *name,
                             const char *content_type)
{
    size_t head = n < 1024 ? n : 1024;
    for (size_t i = 0; i + 5 <= head; i++)
        if (memcmp(data + i, "%PDF-", 5) == 0)
            return AMB_DOC_PDF;
    if (content_type && (strstr(content_type, "text/html") ||
                         strstr(content_type, "xhtml")))
        return AMB_DOC_HTML;
    if (content_type && strstr(content_type, "application/pdf"))
        return AMB_DOC_PDF;
    if (name && (ends_with(name, ".html") || ends_with(name, ".htm") ||
                 ends_with(name, ".xhtml")))
        return AMB_DOC_HTML;
    if (starts_with_tag(data, head, "<!doctype html") ||
        starts_with_tag(data, head, "<html") ||
        starts_with_tag(data, head, "<head") ||
        starts_with_tag(data, head, "<body"))
        return AMB_DOC_HTML;
    return AMB_DOC_TEXT;
}

/* Read the whole file (at most AMB_DOC_MAX_BYTES) into *data. */
static int read_all(const char *path, const char *name, char **data,
                    size_t *n, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return errf(err, errlen, AMB_EIO, "documents: %s: %s", name,
                    strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(fp);
        return errf(err, errlen, AMB_EIO, "documents: %s: not a regular "
                    "file", name);
    }
    if ((uint64_t)st.st_size > AMB_DOC_MAX_BYTES) {
        fclose(fp);
        return errf(err, errlen, AMB_ELIMIT, "documents: %s: larger than "
                    "%zu MB", name, AMB_DOC_MAX_BYTES >> 20);
    }
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size + 1);
    if (!buf) {
        fclose(fp);
        return errf(err, errlen, AMB_ENOMEM, "documents: %s: out of memory",
                    name);
    }
    size_t got = fread(buf, 1, size, fp);
    int bad = ferror(fp);
    fclose(fp);
    if (bad || got != size) {
        free(buf);
        return errf(err, errlen, AMB_EIO, "documents: %s: read error", name);
    }
    buf[size] = '\0';
    *data = buf;
    *n = size;
    return 0;
}

/* The number of form-feed separated pages of raw text. */
static unsigned count_pages(const char *s, size_t n)
{
    size_t pages = 1;
    for (size_t i = 0; i < n; i++)
        pages += s[i] == '\f';
    if (n > 0 && s[n - 1] == '\f')
        pages--;
    return pages > 100000 ? 100000 : (unsigned)pages;
}

int amb_doc_extract(const char *path, const char *name,
                    const char *content_type, amb_doc_format format,
                    amb_doc_text *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!name)
        name = path;
    char *data = NULL, *raw = NULL;
    size_t n = 0, rawlen = 0;
    int rc = read_all(path, name, &data, &n, err, errlen);
    if (rc)
        return rc;
    if (format == AMB_DOC_AUTO)
        format = amb_doc_sniff(data, n, name, content_type);
    out->format = format;
    if (format == AMB_DOC_PDF) {
        free(data);
        data = NULL;
        rc = amb_doc_pdf_text(path, name, &raw, &rawlen, &out->pages,
                              &out->title, err, errlen);
    } else if (format == AMB_DOC_HTML) {
        rc = amb_doc_html_text(data, n, name, &raw, &rawlen, &out->title, err,
                               errlen);
        out->pages = 1;
    } else {
        raw = data;
        rawlen = n;
        data = NULL;
        out->pages = count_pages(raw, rawlen);
    }
    free(data);
    if (rc == 0 &&
        amb_text_clean(raw, rawlen, &out->text, &out->len, NULL) < 0)
        rc = errf(err, errlen, AMB_ENOMEM, "documents: %s: out of memory",
                  name);
    free(raw);
    if (rc)
        amb_doc_text_clear(out);
    return rc;
}

void amb_doc_text_clear(amb_doc_text *t)
{
    free(t->text);
    free(t->title);
    memset(t, 0, sizeof *t);
}
