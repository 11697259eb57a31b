/*
 * test_sdmx_large.c - generated messages large enough to show that the
 * parse streams: 200 000 observations from a file (with progress), exact
 * error lines past libxml2's 65535, and a million observations through a
 * pipe, which cannot be read twice, with the peak RSS watched.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_sdmx.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

typedef struct gen_stats {
    unsigned long n, values;
    double sum;
    unsigned long bad;        /* in: observation to spoil (n: none) */
    long bad_line;            /* out: the line it is on */
} gen_stats;

/* Write an SDMX-ML 2.1 StructureSpecificData message with n observations
 * (50 per series, every 97th NaN, one per line) to fp; returns 0 or -1 on
 * a write error.  st gets what a correct parse must see; observation
 * st->bad (when < n) gets the value "oops". */
static int gen_ss(FILE *fp, unsigned long n, gen_stats *st)
{
    unsigned long bad = st->bad;
    memset(st, 0, sizeof *st);
    st->n = n;
    st->bad = bad;
    long line = 3;            /* the lines of the head below */
    if (fprintf(fp, "<?xml version=\"1.0\"?>\n<m:StructureSpecificData "
                    "xmlns:m=\"http://www.sdmx.org/resources/sdmxml/schemas/"
                    "v2_1/message\"><m:Header><m:ID>G</m:ID><m:DataSetID>BIG"
                    "</m:DataSetID></m:Header>\n<m:DataSet>\n") < 0)
        return -1;
    for (unsigned long i = 0; i < n; i++) {
        unsigned long s = i / 50, t = i % 50;
        if (t == 0 && fprintf(fp, "%s<Series GEO=\"G%lu\" SEX=\"%c\" "
                                  "TIME_FORMAT=\"P1Y\">\n",
                              i ? "</Series>\n" : "", s / 3,
                              "MFT"[s % 3]) < 0)
            return -1;
        line += t == 0 ? (i ? 3 : 2) : 1;
        int w;
        if (i == bad) {
            st->bad_line = line;
            w = fprintf(fp, "<Obs TIME_PERIOD=\"%lu\" OBS_VALUE=\"oops\"/>\n",
                        1975 + t);
        } else if (i % 97 == 96) {
            w = fprintf(fp, "<Obs TIME_PERIOD=\"%lu\" OBS_VALUE=\"NaN\" "
                            "OBS_STATUS=\"m\"/>\n", 1975 + t);
        } else {
            unsigned long v = (i * 7919) % 100000;
            st->sum += (double)v;
            st->values++;
            w = fprintf(fp, "<Obs TIME_PERIOD=\"%lu\" OBS_VALUE=\"%lu\"/>\n",
                        1975 + t, v);
        }
        if (w < 0)
            return -1;
    }
    if (fprintf(fp, "%s</m:DataSet></m:StructureSpecificData>\n",
                n ? "</Series>\n" : "") < 0)
        return -1;
    return 0;
}

/* 200 000 observations from a file: every one arrives, with progress. */
static void test_large_file(void)
{
    char *dir = amb_test_tmpdir("sdmx-large");
    char *path = amb_path_join(dir, "big.xml");
    FILE *fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    gen_stats st = {.bad = 200000};
    CU_ASSERT_EQUAL(gen_ss(fp, 200000, &st), 0);
    CU_ASSERT_EQUAL_FATAL(fclose(fp), 0);
    amb_ctx c;
    memset(&c, 0, sizeof c);
    c.count_only = 1;
    amb_opt opts = EMPTY(NULL);
    CU_ASSERT_EQUAL(sdmx_import_run(&c, &opts, path), AMB_OK);
    CU_ASSERT_EQUAL(c.nfail, 0);
    CU_ASSERT_EQUAL_FATAL(c.nds, 1);
    EXPECT_STR(c.ds[0].id, "BIG");
    EXPECT_STR(rec_dims_text(&c, 0), "GEO,SEX;TIME_PERIOD");
    CU_ASSERT_EQUAL(c.nobs, 200000);
    CU_ASSERT_EQUAL(c.ds[0].nobs, 200000);
    CU_ASSERT_DOUBLE_EQUAL(c.value_sum, st.sum, 1e-3);
    struct stat sb;
    CU_ASSERT_EQUAL(stat(path, &sb), 0);
    CU_ASSERT(c.nprogress > 10);
    CU_ASSERT_EQUAL(c.progress_total, (uint64_t)sb.st_size);
    CU_ASSERT_EQUAL(c.progress_done, (uint64_t)sb.st_size);
    rec_free(&c);
    amb_test_rmtree(dir);
    free(dir);
    free(path);
}

/* An error on line 150 000 or so is named with its exact line, though
 * libxml2 itself counts element lines only up to 65535. */
static void test_big_lines(void)
{
    char *dir = amb_test_tmpdir("sdmx-lines");
    char *path = amb_path_join(dir, "lines.xml");
    static const unsigned long bad[] = {65000, 64000, 145678, 150000};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        FILE *fp = fopen(path, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
        gen_stats st = {.bad = bad[k]};
        CU_ASSERT_EQUAL(gen_ss(fp, 150001, &st), 0);
        CU_ASSERT_EQUAL_FATAL(fclose(fp), 0);
        amb_ctx c;
        memset(&c, 0, sizeof c);
        c.count_only = 1;
        amb_opt opts = EMPTY(NULL);
        CU_ASSERT_EQUAL(sdmx_import_run(&c, &opts, path), AMB_EPARSE);
        CU_ASSERT_EQUAL(c.nobs, bad[k]);
        char *want = amb_xasprintf("%s:%ld: OBS_VALUE 'oops' is not a number",
                                   path, st.bad_line);
        EXPECT_STR(c.err, want);
        free(want);
        rec_free(&c);
    }
    amb_test_rmtree(dir);
    free(dir);
    free(path);
}

typedef struct fifo_writer {
    const char *path;
    unsigned long n;
    gen_stats st;
    int rc;
} fifo_writer;

static void *write_fifo(void *arg)
{
    fifo_writer *w = arg;
    FILE *fp = fopen(w->path, "w");
    if (!fp) {
        w->rc = -1;
        return NULL;
    }
    w->rc = gen_ss(fp, w->n, &w->st);
    if (fclose(fp) != 0)
        w->rc = -1;
    return NULL;
}

static long max_rss_kb(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

/* 1 000 000 observations (about 50 MB of XML) through a pipe, which cannot
 * be read twice or mapped: the parse streams, and (outside AddressSanitizer,
 * whose quarantine keeps freed memory) the peak RSS grows by far less than
 * the input. */
static void test_streaming_pipe(void)
{
    char *dir = amb_test_tmpdir("sdmx-fifo");
    char *path = amb_path_join(dir, "pipe.xml");
    CU_ASSERT_EQUAL_FATAL(mkfifo(path, 0600), 0);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    fifo_writer w = {path, 1000000, {.bad = 1000000}, 0};
    pthread_t th;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, write_fifo, &w), 0);
    long before = max_rss_kb();
    amb_ctx c;
    memset(&c, 0, sizeof c);
    c.count_only = 1;
    amb_opt opts = MAP(NULL, STR("dataset", "PIPE"));
    CU_ASSERT_EQUAL(sdmx_import_run(&c, &opts, path), AMB_OK);
    long after = max_rss_kb();
    pthread_join(th, NULL);
    signal(SIGPIPE, old);
    CU_ASSERT_EQUAL(w.rc, 0);
    CU_ASSERT_EQUAL(c.nobs, 1000000);
    CU_ASSERT_DOUBLE_EQUAL(c.value_sum, w.st.sum, 1e-3);
    CU_ASSERT_EQUAL(c.progress_total, 0);   /* a pipe has no size */
    if (!UNDER_ASAN)
        CU_ASSERT(after - before < 24 * 1024);
    rec_free(&c);
    amb_test_rmtree(dir);
    free(dir);
    free(path);
}

void sdmx_register_large(void)
{
    AMB_TEST_SUITE("sdmx_large", {"file_200k", test_large_file},
                   {"big_lines", test_big_lines},
                   {"pipe_1m", test_streaming_pipe});
}
