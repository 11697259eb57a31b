/*
 * test_px_plugin.c - the built px plugin (loaded with dlopen by test_px.c)
 * through a recording amb_host: options, the dataset it describes, labels
 * per language, observations, collect with fetch results, and errors as
 * the core sees them.
 *
 * The recording host writes everything the plugin tells it into a
 * transcript, one line each:
 *   begin ID title=.. unit=.. updated=.. dims=A(label),B(label)
 *         time=T(label) origin=..
 *   label DIM CODE LANG=TEXT        (DIM: a dimension id or "time",
 *                                    LANG "-" for the main label)
 *   obs CODE|CODE|PERIOD=VALUE      (VALUE "[..]" for a missing value)
 *   warning: ... / info: ... / fail: ...
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambit/plugin.h"
#include "testutil.h"
#include "util.h"

/* From test_px.c, and for test_px_samples.c. */
extern const amb_plugin *px_plugin;
void px_expect_str(const char *got, const char *want, const char *file,
                   int line);
amb_rc px_run_import(const char *path, const amb_opt *opts, char **out);
size_t px_count(const char *transcript, const char *prefix);
int px_has_line(const char *transcript, const char *line);
double px_obs_value(const char *transcript, const char *key);
void px_plugin_suites(void);

#define EXPECT_STR(got, want) px_expect_str((got), (want), __FILE__, __LINE__)
#define HAS(t, line)                                                       \
    do {                                                                   \
        if (!px_has_line((t), (line)))                                     \
            fprintf(stderr, "\n%s:%d: no line [%s]\n", __FILE__, __LINE__, \
                    (line));                                               \
        CU_ASSERT(px_has_line((t), (line)));                               \
    } while (0)

#define STR(k, v) ((amb_opt){.type = AMB_OPT_STRING, .key = (k), .string = (v)})
#define NUM(k, v) ((amb_opt){.type = AMB_OPT_NUMBER, .key = (k), .number = (v)})
#define MAP(...)                                                           \
    ((amb_opt){.type = AMB_OPT_MAP, .items = (const amb_opt[]){__VA_ARGS__}, \
               .count = sizeof((const amb_opt[]){__VA_ARGS__}) / sizeof(amb_opt)})

/* ------------------------------------------------------------ the host */

struct amb_ctx {
    amb_buf out;             /* the transcript */
    size_t ndims;
    const char *dim_ids[AMB_MAX_DIMS + 1];  /* owned copies */
    int begun;
    size_t nobs;
    size_t observe_fails_at; /* 1-based call answered AMB_ESTORE */
    /* fetch */
    const char *fetch_path;
    int fetch_unchanged, nfetch;
    uint64_t fetch_size;
    int nprogress;
    uint64_t progress_done, progress_total;
};

static const char *h_source_name(amb_ctx *c)
{
    (void)c;
    return "test";
}

static amb_rc h_fetch(amb_ctx *c, const amb_fetch_request *req,
                      amb_fetch_result *out)
{
    c->nfetch++;
    if (!c->fetch_path) {
        amb_buf_printf(&c->out, "fail: fetch %s: HTTP 404\n", req->url);
        return AMB_ENET;
    }
    out->path = c->fetch_path;
    out->status = 200;
    out->size = c->fetch_size;
    out->unchanged = c->fetch_unchanged;
    out->effective_url = req->url;
    return AMB_OK;
}

#define OR_NULL(s) ((s) ? (s) : "(null)")

static amb_rc h_dataset_begin(amb_ctx *c, const amb_dataset_desc *d)
{
    CU_ASSERT_EQUAL(c->begun, 0);
    CU_ASSERT_FATAL(d->ndims <= AMB_MAX_DIMS);
    c->begun++;
    c->ndims = d->ndims;
    amb_buf_printf(&c->out, "begin %s title=%s unit=%s updated=%s dims=", d->id,
                   OR_NULL(d->title), OR_NULL(d->unit), OR_NULL(d->updated));
    for (size_t i = 0; i < d->ndims; i++) {
        amb_buf_printf(&c->out, "%s%s(%s)", i ? "," : "", d->dims[i].id,
                       OR_NULL(d->dims[i].label));
        c->dim_ids[i] = amb_xstrdup(d->dims[i].id);
    }
    amb_buf_printf(&c->out, " time=%s(%s) origin=%s\n", d->time_id,
                   OR_NULL(d->time_label), OR_NULL(d->origin));
    return AMB_OK;
}

static amb_rc h_dim_label(amb_ctx *c, size_t dim, const char *code,
                          const char *lang, const char *label)
{
    CU_ASSERT_EQUAL(c->begun, 1);
    CU_ASSERT(dim == AMB_DIM_TIME || dim < c->ndims);
    CU_ASSERT_PTR_NOT_NULL(code);
    CU_ASSERT_PTR_NOT_NULL(label);
    amb_buf_printf(&c->out, "label %s %s %s=%s\n",
                   dim == AMB_DIM_TIME ? "time" : c->dim_ids[dim], code,
                   lang ? lang : "-", label);
    return AMB_OK;
}

static amb_rc h_observe(amb_ctx *c, const char *const *codes,
                        const char *period, double value, int has_value,
                        const char *flag)
{
    CU_ASSERT_EQUAL(c->begun, 1);
    c->nobs++;
    amb_buf_puts(&c->out, "obs ");
    for (size_t i = 0; i < c->ndims; i++)
        amb_buf_printf(&c->out, "%s|", codes[i]);
    if (has_value) {
        CU_ASSERT_PTR_NULL(flag);
        amb_buf_printf(&c->out, "%s=%.15g\n", period, value);
    } else {
        amb_buf_printf(&c->out, "%s=[%s]\n", period, OR_NULL(flag));
    }
    return c->nobs == c->observe_fails_at ? AMB_ESTORE : AMB_OK;
}

static amb_rc h_fail(amb_ctx *c, amb_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    amb_buf_printf(&c->out, "fail: %s\n", msg);
    return rc;
}

static void h_log(amb_ctx *c, amb_log_level level, const char *fmt, ...)
{
    if (level > AMB_LOG_INFO)
        return;
    va_list ap;
    va_start(ap, fmt);
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    amb_buf_printf(&c->out, "%s: %s\n",
                   level == AMB_LOG_WARNING ? "warning" : "info", msg);
}

static void h_progress(amb_ctx *c, uint64_t done, uint64_t total)
{
    CU_ASSERT(done >= c->progress_done);
    c->nprogress++;
    c->progress_done = done;
    c->progress_total = total;
}

static const amb_host host = {
    .abi_version = AMB_PLUGIN_ABI,
    .struct_size = sizeof(amb_host),
    .source_name = h_source_name,
    .fetch = h_fetch,
    .dataset_begin = h_dataset_begin,
    .dim_label = h_dim_label,
    .observe = h_observe,
    .fail = h_fail,
    .log = h_log,
    .progress = h_progress,
};

static void ctx_free(amb_ctx *c)
{
    for (size_t i = 0; i < AMB_MAX_DIMS; i++)
        free((char *)c->dim_ids[i]);
    amb_buf_free(&c->out);
}

/* The transcript (caller frees), "" when empty. */
static char *take(amb_ctx *c)
{
    char *t = c->out.data ? c->out.data : amb_xstrdup("");
    c->out.data = NULL;
    ctx_free(c);
    return t;
}

amb_rc px_run_import(const char *path, const amb_opt *opts, char **out)
{
    amb_ctx c;
    memset(&c, 0, sizeof c);
    amb_rc rc = px_plugin->import(&c, &host, opts, path);
    CU_ASSERT(rc != AMB_OK || c.begun == 1);
    *out = take(&c);
    return rc;
}

size_t px_count(const char *t, const char *prefix)
{
    size_t n = 0, len = strlen(prefix);
    for (const char *l = t; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : l)
        n += strncmp(l, prefix, len) == 0;
    return n;
}

int px_has_line(const char *t, const char *line)
{
    size_t len = strlen(line);
    for (const char *l = t; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : l)
        if (strncmp(l, line, len) == 0 && (l[len] == '\n' || !l[len]))
            return 1;
    return 0;
}

double px_obs_value(const char *t, const char *key)
{
    char *want = amb_xasprintf("obs %s=", key);
    double v = -1e300;
    size_t len = strlen(want);
    for (const char *l = t; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : l)
        if (strncmp(l, want, len) == 0) {
            v = strtod(l + len, NULL);
            break;
        }
    if (v == -1e300)
        fprintf(stderr, "\nno observation %s\n", key);
    free(want);
    return v;
}

static char *fixture(const char *name)
{
    return amb_xasprintf("%s/tests/fixtures/px/%s", amb_test_srcdir(), name);
}

/* ------------------------------------------------------------ import */

static void test_import_dst(void)
{
    char *path = fixture("dst_folk.px"), *t;
    amb_opt opts = MAP(STR("dataset", "X"));
    CU_ASSERT_EQUAL(px_run_import(path, &opts, &t), AMB_OK);
    char *begin = amb_xasprintf(
        "begin X title=Befolkningen den 1. i kvartalet efter område, køn og "
        "tid unit=Antal updated=20240510 08:00 dims=OMRÅDE(OMRÅDE),KØN(KØN) "
        "time=tid(tid) origin=%s", path);
    HAS(t, begin);
    free(begin);
    CU_ASSERT_EQUAL(px_count(t, "obs "), 18);
    CU_ASSERT_EQUAL(px_count(t, "obs 825|"), 6);
    HAS(t, "obs 081|1|2023K4=296021");
    HAS(t, "obs 825|1|2023K4=[..]");
    HAS(t, "obs 825|1|2024K1=[..]");
    HAS(t, "obs 825|2|2024K1=[..]");
    HAS(t, "obs 825|1|2024K2=885");
    HAS(t, "obs 851|2|2024K2=110540");
    CU_ASSERT_EQUAL(px_count(t, "label "), (3 + 2 + 3) * 2);
    HAS(t, "label OMRÅDE 825 -=Læsø");
    HAS(t, "label OMRÅDE 825 da=Læsø");
    HAS(t, "label KØN 1 -=Mænd");
    HAS(t, "label time 2024K1 da=2024K1");
    char *info = amb_xasprintf("info: px: 18 cells from %s (iso-8859-1)", path);
    HAS(t, info);
    free(info);
    CU_ASSERT_EQUAL(px_count(t, "fail: "), 0);
    CU_ASSERT_EQUAL(px_count(t, "warning: "), 0);
    free(t);
    free(path);
}

static void test_import_languages(void)
{
    char *path = fixture("quarters_utf8.px"), *t;
    amb_opt opts = MAP(STR("dataset", "L"));
    CU_ASSERT_EQUAL(px_run_import(path, &opts, &t), AMB_OK);
    char *begin = amb_xasprintf(
        "begin L title=Ledighed efter område, indhold og kvartal "
        "unit=procent updated=20240615 08:00 "
        "dims=OMRÅDE(område),indhold(indhold) time=kvartal(kvartal) "
        "origin=%s", path);
    HAS(t, begin);
    free(begin);
    CU_ASSERT_EQUAL(px_count(t, "obs "), 24);
    HAS(t, "obs 081|LEDIGE|2023K1=12034");
    HAS(t, "obs 081|LEDIGE|2023K2=11876");
    HAS(t, "obs 081|LEDIGE|2023K4=11900");
    HAS(t, "obs 081|PCT|2024K2=3.8");
    HAS(t, "obs 825|LEDIGE|2023K1=[-]");
    HAS(t, "obs 825|LEDIGE|2023K2=[.]");
    HAS(t, "obs 825|LEDIGE|2024K2=[.....]");
    HAS(t, "obs 825|PCT|2023K1=[......]");
    HAS(t, "obs 825|PCT|2023K4=-0.5");
    HAS(t, "obs 825|PCT|2024K1=10");
    HAS(t, "obs 825|PCT|2024K2=0.5");
    HAS(t, "label OMRÅDE 825 -=Læsø");
    HAS(t, "label OMRÅDE 825 da=Læsø");
    HAS(t, "label OMRÅDE 825 en=Læsø island");
    HAS(t, "label indhold PCT en=Unemployment rate");
    HAS(t, "label time 2023K1 en=2023Q1");
    HAS(t, "label time 2023K1 -=2023K1");
    free(t);
    /* English as the main language */
    amb_opt en = MAP(STR("dataset", "L"), STR("lang", "en"));
    CU_ASSERT_EQUAL(px_run_import(path, &en, &t), AMB_OK);
    begin = amb_xasprintf(
        "begin L title=Unemployment by region, content and quarter "
        "unit=per cent updated=20240615 08:00 "
        "dims=OMRÅDE(region),indhold(content) time=kvartal(quarter) "
        "origin=%s", path);
    HAS(t, begin);
    free(begin);
    HAS(t, "label OMRÅDE 825 -=Læsø island");
    HAS(t, "label time 2024K2 -=2024Q2");
    free(t);
    free(path);
}

static void test_options(void)
{
    char *path = fixture("dst_folk.px"), *t;
    amb_opt over = MAP(STR("dataset", "Y"), STR("title", "Mine"),
                       STR("unit", "persons"), STR("time", "TID"),
                       STR("lang", "da"));
    CU_ASSERT_EQUAL(px_run_import(path, &over, &t), AMB_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "begin Y title=Mine unit=persons "));
    free(t);
    amb_opt bad_time = MAP(STR("dataset", "Y"), STR("time", "KØN"));
    CU_ASSERT_EQUAL(px_run_import(path, &bad_time, &t), AMB_ECONFIG);
    char *want = amb_xasprintf("fail: %s: option time = \"KØN\", but TIMEVAL "
                               "makes \"tid\" the time variable", path);
    HAS(t, want);
    free(want);
    free(t);
    amb_opt num = MAP(STR("dataset", "Y"), NUM("title", 3));
    CU_ASSERT_EQUAL(px_run_import(path, &num, &t), AMB_ECONFIG);
    EXPECT_STR(t, "fail: px: option 'title' must be a non-empty string\n");
    free(t);

    /* check(): validated before any run */
    char err[256];
    amb_opt none = MAP(STR("dataset", "Y"));
    CU_ASSERT_EQUAL(px_plugin->check(&none, err, sizeof err), AMB_ECONFIG);
    EXPECT_STR(err, "px: option 'url' or 'path' is required");
    amb_opt both = MAP(STR("url", "http://x/a.px"), STR("path", "a.px"));
    CU_ASSERT_EQUAL(px_plugin->check(&both, err, sizeof err), AMB_ECONFIG);
    EXPECT_STR(err, "px: give option 'url' or option 'path', not both");
    amb_opt empty = MAP(STR("path", ""));
    CU_ASSERT_EQUAL(px_plugin->check(&empty, err, sizeof err), AMB_ECONFIG);
    EXPECT_STR(err, "px: option 'path' must be a non-empty string");
    amb_opt list = {.type = AMB_OPT_LIST};
    CU_ASSERT_EQUAL(px_plugin->check(&list, err, sizeof err), AMB_ECONFIG);
    EXPECT_STR(err, "px: options must be a table");
    amb_opt good = MAP(STR("url", "http://x/a.px"), STR("lang", "en"));
    CU_ASSERT_EQUAL(px_plugin->check(&good, err, sizeof err), AMB_OK);
    free(path);
}

/* ------------------------------------------------------------ collect */

static void test_collect(void)
{
    char *path = fixture("dst_folk.px");
    amb_ctx c;
    /* the dataset id: MATRIX */
    memset(&c, 0, sizeof c);
    c.fetch_path = path;
    c.fetch_size = 1105;
    amb_opt url = MAP(STR("url", "http://127.0.0.1:9/api/FOLK.px?lang=da"));
    CU_ASSERT_EQUAL(px_plugin->collect(&c, &host, &url), AMB_OK);
    CU_ASSERT_EQUAL(c.nfetch, 1);
    CU_ASSERT(c.nprogress >= 1);
    CU_ASSERT_EQUAL(c.progress_done, 1105);
    CU_ASSERT_EQUAL(c.progress_total, 1105);
    char *t = take(&c);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "begin FOLK1A title="));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(t, " origin=http://127.0.0.1:9/api/FOLK.px?lang=da\n"));
    free(t);
    /* unchanged: no parse at all */
    memset(&c, 0, sizeof c);
    c.fetch_path = path;
    c.fetch_unchanged = 1;
    CU_ASSERT_EQUAL(px_plugin->collect(&c, &host, &url), AMB_UNCHANGED);
    CU_ASSERT_EQUAL(c.begun, 0);
    free(take(&c));
    /* a failed fetch: its code, nothing begun */
    memset(&c, 0, sizeof c);
    CU_ASSERT_EQUAL(px_plugin->collect(&c, &host, &url), AMB_ENET);
    CU_ASSERT_EQUAL(c.begun, 0);
    free(take(&c));
    /* no url or path */
    memset(&c, 0, sizeof c);
    amb_opt none = MAP(STR("dataset", "D"));
    CU_ASSERT_EQUAL(px_plugin->collect(&c, &host, &none), AMB_ECONFIG);
    t = take(&c);
    EXPECT_STR(t, "fail: px: option 'url' or 'path' is required\n");
    free(t);
    free(path);

    /* no MATRIX: the file name from the URL */
    char *dir = amb_test_tmpdir("px");
    static const char nomatrix[] =
        "STUB=\"a\";HEADING=\"tid\";VALUES(\"a\")=\"1\";"
        "VALUES(\"tid\")=\"2024\";DATA=5;";
    char *p2 = amb_test_write(dir, "body", nomatrix, sizeof nomatrix - 1);
    memset(&c, 0, sizeof c);
    c.fetch_path = p2;
    amb_opt u2 = MAP(STR("url", "https://example.org/data/BEF5.px?x=1#top"));
    CU_ASSERT_EQUAL(px_plugin->collect(&c, &host, &u2), AMB_OK);
    t = take(&c);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "begin BEF5 title=(null) unit=(null) "));
    HAS(t, "obs 1|2024=5");
    free(t);
    memset(&c, 0, sizeof c);
    c.fetch_path = p2;
    amb_opt u3 = MAP(STR("url", "https://example.org/"));
    CU_ASSERT_EQUAL(px_plugin->collect(&c, &host, &u3), AMB_ECONFIG);
    t = take(&c);
    EXPECT_STR(t, "fail: https://example.org/: no MATRIX and no file name to "
                  "name the dataset: set option dataset\n");
    free(t);
    free(p2);
    amb_test_rmtree(dir);
    free(dir);
}

/* ------------------------------------------------------------ errors */

static char *import_text(const char *dir, const char *text, amb_rc want,
                         char **path)
{
    *path = amb_test_write(dir, "t.px", text, strlen(text));
    amb_opt opts = MAP(STR("dataset", "E"));
    char *t;
    CU_ASSERT_EQUAL(px_run_import(*path, &opts, &t), want);
    return t;
}

static void test_errors(void)
{
    char *dir = amb_test_tmpdir("px"), *path, *t, *want;
    /* no time variable */
    t = import_text(dir, "STUB=\"a\";HEADING=\"b\";VALUES(\"a\")=\"1\";"
                         "VALUES(\"b\")=\"2\";DATA=5;", AMB_EPARSE, &path);
    want = amb_xasprintf("fail: %s: no time variable: no TIMEVAL, and no "
                         "variable is called tid, time, år or year (name it "
                         "with option time)\n", path);
    EXPECT_STR(t, want);
    free(want), free(t), free(path);
    /* nine dimensions besides time */
    amb_buf b = {0};
    amb_buf_puts(&b, "STUB=\"d1\",\"d2\",\"d3\",\"d4\",\"d5\",\"d6\",\"d7\","
                     "\"d8\",\"d9\";HEADING=\"tid\";\n");
    for (int i = 1; i <= 9; i++)
        amb_buf_printf(&b, "VALUES(\"d%d\")=\"x\";\n", i);
    amb_buf_puts(&b, "VALUES(\"tid\")=\"2024\";DATA=1;");
    t = import_text(dir, b.data, AMB_ELIMIT, &path);
    want = amb_xasprintf("fail: %s: 9 variables besides the time variable; a "
                         "dataset may have at most 8\n", path);
    EXPECT_STR(t, want);
    free(want), free(t), free(path);
    amb_buf_free(&b);
    /* a parse error half-way: what was observed is the core's to roll back */
    t = import_text(dir, "STUB=\"a\";HEADING=\"tid\";VALUES(\"a\")=\"1\",\"2\";"
                         "\nVALUES(\"tid\")=\"2024\";\nDATA=5\n6\n7;",
                    AMB_EPARSE, &path);
    want = amb_xasprintf("fail: %s: DATA has 3 values, expected 2 (STUB x "
                         "HEADING = 2 x 1)", path);
    HAS(t, want);
    CU_ASSERT_EQUAL(px_count(t, "obs "), 2);
    free(want), free(t), free(path);
    t = import_text(dir, "STUB=\"a\";\nHEADING=\"tid\";\nVALUES(\"a\")=\"1\";\n"
                         "CODES(\"a\")=\"1\",\"2\";\nDATA=1;",
                    AMB_EPARSE, &path);
    want = amb_xasprintf("fail: %s:4: CODES(\"a\") has 2 codes but "
                         "VALUES(\"a\") has 1 values\n", path);
    EXPECT_STR(t, want);
    free(want), free(t), free(path);
    /* the store refusing a row stops the plugin with the store's code */
    path = fixture("dst_folk.px");
    amb_ctx c;
    memset(&c, 0, sizeof c);
    c.observe_fails_at = 4;
    amb_opt opts = MAP(STR("dataset", "E"));
    CU_ASSERT_EQUAL(px_plugin->import(&c, &host, &opts, path), AMB_ESTORE);
    CU_ASSERT_EQUAL(c.nobs, 4);
    free(take(&c));
    free(path);
    /* a missing file */
    path = amb_xasprintf("%s/nope.px", dir);
    CU_ASSERT_EQUAL(px_run_import(path, &opts, &t), AMB_EIO);
    want = amb_xasprintf("fail: px: cannot open %s: No such file or "
                         "directory\n", path);
    EXPECT_STR(t, want);
    free(want), free(t), free(path);
    /* warnings reach the log */
    t = import_text(dir, "CODEPAGE=\"iso-8859-1\";\nSTUB=\"år\";"
                         "VALUES(\"år\")=\"2024\";DATA=5;", AMB_OK, &path);
    want = amb_xasprintf("warning: px: %s: declares CODEPAGE \"iso-8859-1\" but "
                         "its text is valid UTF-8: read as UTF-8", path);
    HAS(t, want);
    free(want), free(t), free(path);
    amb_test_rmtree(dir);
    free(dir);
}

void px_plugin_suites(void)
{
    AMB_TEST_SUITE("px_plugin", {"import dst", test_import_dst},
                   {"import languages", test_import_languages},
                   {"options", test_options}, {"collect", test_collect},
                   {"errors", test_errors});
}
