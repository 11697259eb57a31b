/*
 * test_sdmx.h - shared parts of the sdmx plugin's tests: the built plugin
 * (loaded with dlopen), a recording amb_host, option-tree builders and
 * assertion helpers.  The suites live in test_sdmx_samples.c (published
 * and hand-made messages), test_sdmx_large.c (generated, streamed),
 * test_sdmx_errors.c (every error, hostile input) and test_sdmx_csv.c
 * (SDMX-CSV, collect, options).
 */
#ifndef TEST_SDMX_H
#define TEST_SDMX_H

#include <stddef.h>
#include <stdint.h>

#include "ambit/plugin.h"
#include "testutil.h"

/* The plugin under test, set by main() before the suites run. */
extern const amb_plugin *sdmx_plugin;
/* The recording host table. */
extern const amb_host sdmx_test_host;

#define REC_MAX_DATASETS 16

typedef struct rec_obs {
    char *codes[AMB_MAX_DIMS];
    char *period, *flag;
    double value;
    int has_value;
    size_t ds;                /* index into datasets */
} rec_obs;

typedef struct rec_dataset {
    char *id, *title, *unit, *time_id, *origin;
    size_t ndims;
    char *dims[AMB_MAX_DIMS];
    size_t nobs;
} rec_dataset;

/* The recording host's run: everything the plugin told the core. */
struct amb_ctx {
    rec_dataset ds[REC_MAX_DATASETS];
    size_t nds;
    rec_obs *obs;             /* kept unless count_only */
    size_t nobs, cap;
    int count_only;           /* large inputs: count, keep nothing */
    double value_sum;         /* of the stored values */
    char *labels;             /* "DIM|CODE|LABEL\n"... (malloc'd) */
    char *logs;               /* "LEVEL message\n"... (malloc'd) */
    char err[2048];
    int fail_rc, nfail;
    int nprogress;
    uint64_t progress_done, progress_total;
    /* fetch behaviour */
    const char *fetch_path;   /* NULL: the fetch fails */
    int fetch_unchanged, nfetch;
    char *fetch_url, *fetch_accept;
    size_t observe_fails_at;  /* 1-based observe() that returns ESTORE */
};

void rec_free(amb_ctx *c);
/* "c1|c2|...|period|value|flag" of observation i (value "-" when
 * missing, flag "" when none); a static buffer. */
const char *rec_obs_text(const amb_ctx *c, size_t i);
/* "d1,d2,...;TIME" of dataset i; a static buffer. */
const char *rec_dims_text(const amb_ctx *c, size_t i);

/* Import the file at path with the plugin (c is reset first). */
amb_rc sdmx_import_path(amb_ctx *c, const amb_opt *opts, const char *path);
/* The same into a c the caller prepared (zeroed, settings such as
 * count_only or observe_fails_at set). */
amb_rc sdmx_import_run(amb_ctx *c, const amb_opt *opts, const char *path);
/* Write text to a fresh file named name and import it; *dir gets the
 * directory (free it with sdmx_test_cleanup), *path the file. */
amb_rc sdmx_import_text(amb_ctx *c, const amb_opt *opts, const char *name,
                        const char *text, size_t len, char **dir,
                        char **path);
void sdmx_test_cleanup(amb_ctx *c, char *dir, char *path);
/* A public sample's path (AMB_SHARED_DIR/data/public-samples/sdmx/NAME),
 * or NULL when the shared directory is missing; caller frees. */
char *sdmx_sample_path(const char *name);
/* A fixture's path (SRCDIR/tests/fixtures/sdmx/NAME); caller frees. */
char *sdmx_fixture_path(const char *name);

void sdmx_expect_str(const char *got, const char *want, const char *file,
                     int line);
#define EXPECT_STR(got, want) sdmx_expect_str((got), (want), __FILE__, __LINE__)

/* Option trees as compound literals (valid in the enclosing block). */
#define STR(k, v) ((amb_opt){.type = AMB_OPT_STRING, .key = (k), .string = (v)})
#define NUM(k, v) ((amb_opt){.type = AMB_OPT_NUMBER, .key = (k), .number = (v)})
#define TABLE(t, k, ...)                                                  \
    ((amb_opt){.type = (t), .key = (k),                                   \
               .items = (const amb_opt[]){__VA_ARGS__},                   \
               .count = sizeof((const amb_opt[]){__VA_ARGS__}) / sizeof(amb_opt)})
#define MAP(k, ...) TABLE(AMB_OPT_MAP, k, __VA_ARGS__)
#define LIST(k, ...) TABLE(AMB_OPT_LIST, k, __VA_ARGS__)
#define EMPTY(k) ((amb_opt){.type = AMB_OPT_MAP, .key = (k)})

/* Import text and expect failure rc with the message
 * "<the file's path><suffix>". */
#define IMPORT_FAILS(opts, text, want_rc, suffix)                          \
    do {                                                                   \
        amb_ctx c_;                                                        \
        char *d_, *p_;                                                     \
        amb_rc rc_ = sdmx_import_text(&c_, (opts), "in.xml", (text),       \
                                      sizeof(text) - 1, &d_, &p_);         \
        CU_ASSERT_EQUAL(rc_, (want_rc));                                   \
        CU_ASSERT_EQUAL(c_.nfail, 1);                                      \
        char *w_ = amb_xasprintf("%s%s", p_, (suffix));                    \
        EXPECT_STR(c_.err, w_);                                            \
        free(w_);                                                          \
        sdmx_test_cleanup(&c_, d_, p_);                                    \
    } while (0)

/* Suite registration, one per file. */
void sdmx_register_samples(void);
void sdmx_register_large(void);
void sdmx_register_errors(void);
void sdmx_register_csv(void);

/* `test_sdmx serve DIR PORTFILE HITSFILE [PATH...]`: the HTTP fixture
 * serving DIR for tests/sdmx.test (see test_sdmx.c). */
int sdmx_serve(const char *dir, const char *portfile, const char *hitsfile,
               int npaths, char **paths);

#endif
