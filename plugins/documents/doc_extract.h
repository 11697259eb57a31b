/*
 * doc_extract.h - the text of a document file: plain text, HTML (libxml2's
 * HTML parser: the body's text without script, style and the like) or PDF
 * (poppler-glib: each page's text, pages separated by form feeds), then
 * cleaned with amb_text_clean().
 *
 * No ambit dependency beyond the plugin header and text_clean, so the
 * unit tests drive it directly.
 */
#ifndef AMB_DOC_EXTRACT_H
#define AMB_DOC_EXTRACT_H

#include <stddef.h>

typedef enum amb_doc_format {
    AMB_DOC_AUTO = 0,
    AMB_DOC_TEXT,
    AMB_DOC_HTML,
    AMB_DOC_PDF
} amb_doc_format;

/* The largest document file read, in bytes. */
#define AMB_DOC_MAX_BYTES ((size_t)256 << 20)

/* "text", "html", "pdf" (and "auto" for AMB_DOC_AUTO). */
const char *amb_doc_format_name(amb_doc_format f);
/* The format named s ("auto", "text", "html", "pdf"), or -1. */
int amb_doc_format_parse(const char *s);
/* Guess the format of the first n bytes of a file named name (may be
 * NULL) served with content_type (may be NULL): "%PDF-" in the first
 * kilobyte is PDF; an HTML content type, an .htm(l)/.xhtml name or an
 * opening <!doctype html>, <html>, <head> or <body> is HTML; else text. */
amb_doc_format amb_doc_sniff(const char *data, size_t n, const char *name,
                             const char *content_type);

/* An extracted, cleaned document.  Strings are malloc'd and owned. */
typedef struct amb_doc_text {
    amb_doc_format format;   /* the format actually read */
    char *text;              /* cleaned, NUL-terminated */
    size_t len;
    unsigned pages;          /* PDF pages, or form-feed pages of text */
    char *title;             /* HTML <title> or PDF title, may be NULL */
} amb_doc_text;

/* Read and clean the file at path as format (AMB_DOC_AUTO sniffs; name
 * and content_type help it).  Returns 0, or a negative amb_rc with a
 * message naming `name` (or path) in err. */
int amb_doc_extract(const char *path, const char *name,
                    const char *content_type, amb_doc_format format,
                    amb_doc_text *out, char *err, size_t errlen);
void amb_doc_text_clear(amb_doc_text *t);

/* The HTML and PDF readers on their own, for tests: the raw text before
 * clean-up (PDF pages separated by '\f').  Same conventions. */
int amb_doc_html_text(const char *data, size_t n, const char *name,
                      char **text, size_t *len, char **title, char *err,
                      size_t errlen);
int amb_doc_pdf_text(const char *path, const char *name, char **text,
                     size_t *len, unsigned *pages, char **title, char *err,
                     size_t errlen);

#endif
