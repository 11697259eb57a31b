/*
 * html_writer.h - writing HTML and inline SVG to a stream: trusted markup
 * goes out as is, every other string through one escaper.
 *
 * The escaper is the report's only defence against hostile text (an
 * indicator title, a URL, a Lua error message): it turns & < > " ' into
 * character references, so its output is safe in element content and in
 * quoted attribute values of both HTML and SVG, and it replaces every byte
 * sequence that is not well-formed UTF-8, and every character HTML calls a
 * parse error (C0 and C1 controls except TAB, LF and CR; noncharacters),
 * with U+FFFD.  Nothing it emits can open a tag, an attribute, an entity or
 * a comment.
 */
#ifndef AMB_HTML_WRITER_H
#define AMB_HTML_WRITER_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

/* A stream being written.  The writer never closes fp; `failed` latches
 * the first write error so callers check once at the end. */
typedef struct amb_html {
    FILE *fp;        /* borrowed */
    int failed;      /* a write failed */
} amb_html;

void amb_html_init(amb_html *w, FILE *fp);

/* Trusted markup, written unchanged.  Never pass text from the document. */
void amb_html_raw(amb_html *w, const char *markup);
/* Trusted markup from a format.  Every %s argument must itself be trusted
 * markup (a literal, a number formatted by ambit, an id ambit made). */
void amb_html_rawf(amb_html *w, const char *fmt, ...) AMB_PRINTF(2, 3);

/* Text from anywhere, escaped (see above).  NULL writes nothing. */
void amb_html_text(amb_html *w, const char *s);
/* The same for n bytes that may contain NUL (written as U+FFFD). */
void amb_html_textn(amb_html *w, const char *s, size_t n);
/* Text formatted first, then escaped as a whole. */
void amb_html_textf(amb_html *w, const char *fmt, ...) AMB_PRINTF(2, 3);

/* Escape s (n bytes) into b, appending; the function behind the writer,
 * exposed so that tests and other modules can escape into memory. */
void amb_html_escape_buf(amb_buf *b, const char *s, size_t n);

/* Copy s into out (size cap >= 2) keeping only [A-Za-z0-9_-], so the
 * result can be part of an id or a class name; other bytes become '_'.
 * Returns 1 when s was already clean (and non-empty, and fitted). */
int amb_html_id_part(const char *s, char *out, size_t cap);

/* 0 when every write succeeded and fp flushed, else -1. */
int amb_html_finish(amb_html *w);

#endif
