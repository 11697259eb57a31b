/*
 * test_xmlfeed_run.h - the xmlfeed plugin through the real core: a real
 * workspace (ambit.lua, SQLite store, fetcher, cache), the built plugin
 * loaded by the registry, and the HTTP fixture for every HTTP interaction.
 *
 * Suites: test_xmlfeed_map.c (mappings, types, lookups, duplicates),
 * test_xmlfeed_formats.c (JSON, CSV, HTML, entities, pages, import),
 * test_xmlfeed_http.c (feeds served over HTTP: pagination, unchanged,
 * malformed, huge, redirect loop, XXE).
 */
#ifndef TEST_XMLFEED_RUN_H
#define TEST_XMLFEED_RUN_H

#include <stddef.h>

#include "run.h"
#include "testutil.h"
#include "workspace.h"

/* One test workspace. */
typedef struct xfw {
    char *dir;
    amb_registry *reg;
    amb_workspace *ws;
    amb_run_env env;
    volatile int stop;
    amb_run_outcome out;    /* of the last collect */
    char err[1024];         /* its error ("" when it succeeded) */
    char *log;              /* what it wrote on stderr (owned) */
} xfw;

/* A fresh workspace whose ambit.lua is a fetch-settings header (no
 * retries) followed by config. */
void xfw_init(xfw *w, const char *config);
/* Replace the sources (same directory, store and cache). */
void xfw_config(xfw *w, const char *config);
void xfw_free(xfw *w);
/* Write a file into the workspace. */
void xfw_file(xfw *w, const char *name, const char *text);
void xfw_file_n(xfw *w, const char *name, const char *data, size_t len);
/* The workspace path of name; caller frees. */
char *xfw_path(const xfw *w, const char *name);
/* Collect one source; returns amb_run_collect's result (0 also for
 * unchanged: see w->out.rc), with w->err and w->log set. */
int xfw_collect(xfw *w, const char *source);
/* Import the file path with the plugin and options of the configured
 * source (w->out, w->err and w->log as for collect). */
int xfw_import(xfw *w, const char *source, const char *path);
/* The dataset's observations, one "d0|d1|d2|d3|d4|period|value" line
 * each, sorted; "" when the dataset has none or does not exist.  Owned. */
char *xfw_dump(xfw *w, const char *dataset);
/* The label of code in dimension pos of dataset (lang "da"); owned or
 * NULL. */
char *xfw_label(xfw *w, const char *dataset, int pos, const char *code);
/* One integer from SQL (-1 when the query gives nothing). */
long long xfw_scalar(xfw *w, const char *sql);

/* Check helpers that print what they saw on failure. */
void xfw_expect_str(const char *got, const char *want, const char *file,
                    int line);
void xfw_expect_has(const char *hay, const char *needle, const char *file,
                    int line);
#define EXPECT_STR(got, want) xfw_expect_str((got), (want), __FILE__, __LINE__)
#define EXPECT_HAS(hay, needle) \
    xfw_expect_has((hay), (needle), __FILE__, __LINE__)
/* Expect a collect to fail with a message containing part, storing
 * nothing of that run. */
#define EXPECT_FAILS(w, source, part)                                      \
    do {                                                                   \
        int rc_ = xfw_collect((w), (source));                              \
        CU_ASSERT(rc_ < 0);                                                \
        EXPECT_HAS((w)->err, (part));                                      \
    } while (0)

/* "h" + 16 hex digits: FNV-1a 64 of title, 0x1F, provider (the code of a
 * record without id or url); caller frees. */
char *xfw_hash_code(const char *title, const char *provider);

void xfmap_register(void);
void xfformats_register(void);
void xfhttp_register(void);

#endif
