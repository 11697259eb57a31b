/*
 * output.h - machine-readable output for the CLI: JSON through jansson and
 * RFC 4180 CSV.
 */
#ifndef AMB_OUTPUT_H
#define AMB_OUTPUT_H

#include <stdio.h>
#include <jansson.h>

/* Print v as indented JSON plus a newline on stdout; steals the reference. */
void amb_json_print(json_t *v);
/* A JSON string for s, or null when s is NULL (new reference). */
json_t *amb_json_str(const char *s);

/* One CSV field (quoted when it holds a comma, quote, CR or LF, or leading
 * or trailing space), followed by ',' or, when last, by "\n". */
void amb_csv_field(FILE *fp, const char *s, int last);
/* A number as CSV/JSON text: shortest form that reads back the same. */
void amb_format_number(double v, char out[40]);

#endif
