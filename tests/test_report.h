/*
 * test_report.h - helpers shared by the report's unit tests
 * (test_report.c: writer, text, main; test_report_svg.c: charts;
 * test_report_render.c: whole documents, CSV, and the --render driver
 * used by tests/report.test).
 */
#ifndef AMB_TEST_REPORT_H
#define AMB_TEST_REPORT_H

#include <stddef.h>
#include <jansson.h>

#include "report_svg.h"

/* The HTML (or CSV) of doc as a malloc'd string; *rc gets the result. */
char *trep_html(const json_t *doc, int *rc);
char *trep_csv(const json_t *doc, int *rc);
/* A chart written alone, as a malloc'd string; *rc gets the result. */
char *trep_trend(const amb_svg_trend *t, int *rc);
char *trep_bars(const amb_svg_bars *b, int *rc);
/* Occurrences of needle in hay. */
size_t trep_count(const char *hay, const char *needle);
/* Is s (n bytes) well-formed UTF-8? */
int trep_valid_utf8(const char *s, size_t n);
/* A fixture document from tests/fixtures/report (new reference). */
json_t *trep_fixture(const char *name);

void trep_register_svg_tests(void);
void trep_register_render_tests(void);
/* test_report --render html|csv|json [--lang da|en] IN OUT */
int trep_render_main(int argc, char **argv);

#endif
