/*
 * report_html.h - the indicator report as one self-contained HTML5 file.
 *
 * The page is rendered only from the report data document (the contract
 * in doc/report.md): inline CSS, inline SVG charts, no scripts and no
 * references to anything outside the file, so it opens offline, prints
 * with a page break before each focus area, and can be mailed as is.
 * Danish unless doc.lang is "en".  Every string taken from the document
 * is escaped and sanitised (html_writer.h).
 */
#ifndef AMB_REPORT_HTML_H
#define AMB_REPORT_HTML_H

#include <stdio.h>
#include <jansson.h>

#include "util.h"

/* Write the report for doc to out (borrowed; not closed).  Returns 0, or
 * AMB_EPARSE when doc is not an object, or AMB_EIO when writing failed;
 * err says which. */
int amb_report_write_html(const json_t *doc, FILE *out, amb_error *err);

#endif
