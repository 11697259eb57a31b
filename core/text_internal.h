/*
 * text_internal.h - what text_clean.c shares with text_pages.c: the lines
 * of a normalised document.  Not an interface for other modules.
 */
#ifndef AMB_TEXT_INTERNAL_H
#define AMB_TEXT_INTERNAL_H

#include <stddef.h>

#include "text_clean.h"

/* One line of the normalised buffer: trimmed, inner spaces collapsed. */
typedef struct amb_text_line {
    size_t off;      /* start in the buffer */
    size_t len;      /* 0 for a blank line */
    size_t page;     /* 0-based page (form-feed separated) */
    int dropped;     /* 1: a running header/footer or a page number */
} amb_text_line;

/* Mark the running headers and footers and the page numbers among
 * lines[0..n) of a document of npages pages (see text_pages.c for the
 * rules) and count them in stats.  Nothing happens for fewer than two
 * pages.  Returns 0, or -1 when out of memory. */
int amb_text_drop_running(const char *buf, amb_text_line *lines, size_t n,
                          size_t npages, amb_text_stats *stats);

#endif
