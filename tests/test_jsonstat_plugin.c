/*
 * test_jsonstat_plugin.c - the built jsonstat plugin (loaded with dlopen by
 * test_jsonstat.c's main) through a recording amb_host: options, dataset
 * ids for single datasets, bundles and collections, labels and their
 * language, units, the time option, collect's unchanged rule, errors.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_jsonstat.h"
#include "testutil.h"
#include "util.h"

static const amb_plugin *plugin;

/* ------------------------------------------------------------ the host */

/* What the plugin told the core, as text. */
struct amb_ctx {
    amb_buf datasets;   /* "id|title|unit|updated|dims|time|origin\n" */
    amb_buf labels;     /* "dim:code:lang=label\n" */
    amb_buf obs;        /* "codes|period=value [flag]\n" */
    size_t ndims, nobs, nbegun, nfail, nfetch;
    char err[2048];
    const char *fetch_path;
    int fetch_unchanged;
    size_t observe_fails_at;
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
        snprintf(c->err, sizeof c->err, "fetch: %s: HTTP 404", req->url);
        return AMB_ENET;
    }
    memset(out, 0, sizeof *out);
    out->path = c->fetch_path;
    out->status = 200;
    out->unchanged = c->fetch_unchanged;
    return AMB_OK;
}

static amb_rc h_dataset_begin(amb_ctx *c, const amb_dataset_desc *d)
{
    c->nbegun++;
    c->ndims = d->ndims;
    amb_buf_printf(&c->datasets, "%s|%s|%s|%s|", d->id,
                   d->title ? d->title : "-", d->unit ? d->unit : "-",
                   d->updated ? d->updated : "-");
    for (size_t i = 0; i < d->ndims; i++)
        amb_buf_printf(&c->datasets, "%s%s(%s)", i ? "," : "", d->dims[i].id,
                       d->dims[i].label ? d->dims[i].label : "-");
    amb_buf_printf(&c->datasets, "|%s(%s)|%s\n", d->time_id,
                   d->time_label ? d->time_label : "-", d->origin);
    return AMB_OK;
}

static amb_rc h_dim_label(amb_ctx *c, size_t dim, const char *code,
                          const char *lang, const char *label)
{
    CU_ASSERT(dim == AMB_DIM_TIME || dim < c->ndims);
    if (dim == AMB_DIM_TIME)
        amb_buf_printf(&c->labels, "T:%s:%s=%s\n", code, lang, label);
    else
        amb_buf_printf(&c->labels, "%zu:%s:%s=%s\n", dim, code, lang, label);
    return AMB_OK;
}

static amb_rc h_observe(amb_ctx *c, const char *const *codes,
                        const char *period, double value, int has_value,
                        const char *flag)
{
    CU_ASSERT(c->nbegun > 0);
    for (size_t i = 0; i < c->ndims; i++)
        amb_buf_printf(&c->obs, "%s%s", i ? "," : "", codes[i]);
    amb_buf_printf(&c->obs, "|%s=", period);
    if (has_value)
        amb_buf_printf(&c->obs, "%g", value);
    else
        amb_buf_puts(&c->obs, "null");
    if (flag)
        amb_buf_printf(&c->obs, " [%s]", flag);
    amb_buf_putc(&c->obs, '\n');
    return ++c->nobs == c->observe_fails_at ? AMB_ESTORE : AMB_OK;
}

static amb_rc h_fail(amb_ctx *c, amb_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    c->nfail++;
    return rc;
}

static void h_log(amb_ctx *c, amb_log_level level, const char *fmt, ...)
{
    (void)c, (void)level, (void)fmt;
}

static void h_progress(amb_ctx *c, uint64_t done, uint64_t total)
{
    (void)c;
    CU_ASSERT(done <= total);
}

static const amb_host host = {
    .abi_version = AMB_PLUGIN_ABI, .struct_size = sizeof(amb_host),
    .source_name = h_source_name, .fetch = h_fetch,
    .dataset_begin = h_dataset_begin, .dim_label = h_dim_label,
    .observe = h_observe, .fail = h_fail, .log = h_log,
    .progress = h_progress};

static void ctx_init(amb_ctx *c)
{
    memset(c, 0, sizeof *c);
    amb_buf_puts(&c->datasets, "");
    amb_buf_puts(&c->labels, "");
    amb_buf_puts(&c->obs, "");
}

static void ctx_free(amb_ctx *c)
{
    amb_buf_free(&c->datasets);
    amb_buf_free(&c->labels);
    amb_buf_free(&c->obs);
}

/* ------------------------------------------------------------ options */

#define STR(k, v) ((amb_opt){.type = AMB_OPT_STRING, .key = (k), .string = (v)})
#define TABLE(t, k, ...)                                                   \
    ((amb_opt){.type = (t), .key = (k),                                    \
               .count = sizeof((amb_opt[]){__VA_ARGS__}) / sizeof(amb_opt), \
               .items = (amb_opt[]){__VA_ARGS__}})
#define MAP(k, ...) TABLE(AMB_OPT_MAP, k, __VA_ARGS__)

/* import fixture name with opts into c (initialised here). */
static amb_rc import_fixture(amb_ctx *c, const amb_opt *opts,
                             const char *name)
{
    ctx_init(c);
    char *path = js_fixture(name);
    amb_rc rc = plugin->import(c, &host, opts, path);
    free(path);
    return rc;
}

/* ------------------------------------------------------------ tests */

static void test_descriptor(void)
{
    JS_EXPECT_STR(plugin->name, "jsonstat");
    CU_ASSERT_EQUAL(plugin->abi_version, AMB_PLUGIN_ABI);
    CU_ASSERT_PTR_NOT_NULL(plugin->check);
    CU_ASSERT_PTR_NOT_NULL(plugin->collect);
    CU_ASSERT_PTR_NOT_NULL(plugin->import);
}

static void test_import_dataset(void)
{
    amb_ctx c;
    amb_opt opts = MAP(NULL, STR("dataset", "EMP"));
    char *path = js_fixture("dataset.json");
    CU_ASSERT_EQUAL(import_fixture(&c, &opts, "dataset.json"), AMB_OK);
    char *want = amb_xasprintf(
        "EMP|Employment rate by area, sex and period|percent|2024-06-01|"
        "indicator(Indicator),area(Area),sex(Sex)|period(Period)|%s\n", path);
    JS_EXPECT_STR(c.datasets.data, want);
    free(want);
    free(path);
    JS_EXPECT_STR(c.labels.data,
                  "0:EMP:da=Employment rate\n1:851:da=Aalborg\n"
                  "1:860:da=Hj\xC3\xB8rring\n2:M:da=Men\n2:F:da=Women\n");
    JS_EXPECT_STR(c.obs.data,
                  "EMP,851,M|2023=76.5\nEMP,851,M|2024=77.1\n"
                  "EMP,851,F|2023=74.2\nEMP,851,F|2024=null [..]\n"
                  "EMP,860,M|2023=73 [e]\nEMP,860,M|2024=73.4\n"
                  "EMP,860,F|2023=71.9\nEMP,860,F|2024=72.5 [p]\n");
    CU_ASSERT_EQUAL(c.nfail, 0);
    ctx_free(&c);

    /* options win: title, unit, lang, and the time dimension */
    amb_opt o2 = MAP(NULL, STR("dataset", "EMP2"), STR("lang", "en"),
                     STR("time", "sex"), STR("title", "T"), STR("unit", "U"));
    CU_ASSERT_EQUAL(import_fixture(&c, &o2, "dataset.json"), AMB_OK);
    CU_ASSERT(js_contains(c.datasets.data, "EMP2|T|U|2024-06-01|indicator("
                          "Indicator),area(Area),period(Period)|sex(Sex)|"));
    CU_ASSERT(js_contains(c.labels.data, "T:M:en=Men\nT:F:en=Women\n"));
    CU_ASSERT(js_contains(c.obs.data, "EMP,851,2024|F=null [..]\n"));
    ctx_free(&c);
}

static void test_import_ids(void)
{
    amb_ctx c;
    /* no option: the names in the document */
    amb_opt none = MAP(NULL, STR("plugin", "jsonstat"));
    CU_ASSERT_EQUAL(import_fixture(&c, &none, "collection.json"), AMB_OK);
    CU_ASSERT(js_contains(c.datasets.data, "A|First|"));
    CU_ASSERT(js_contains(c.datasets.data, "\nSecond|Second|-|-|x(X)|year(-)|"));
    CU_ASSERT_EQUAL(c.nobs, 6);
    JS_EXPECT_STR(c.labels.data, "0:773:da=Mors\xC3\xB8\n0:787:da=Thisted\n"
                                 "0:a:da=A\n0:b:da=B\n");
    ctx_free(&c);
    /* a string with several datasets is a prefix */
    amb_opt prefix = MAP(NULL, STR("dataset", "C_"));
    CU_ASSERT_EQUAL(import_fixture(&c, &prefix, "collection.json"), AMB_OK);
    CU_ASSERT(js_contains(c.datasets.data, "C_A|First|"));
    CU_ASSERT(js_contains(c.datasets.data, "C_Second|Second|"));
    ctx_free(&c);
    /* a map selects and renames */
    amb_opt map = MAP(NULL, MAP("dataset", STR("Second", "S2")));
    CU_ASSERT_EQUAL(import_fixture(&c, &map, "collection.json"), AMB_OK);
    CU_ASSERT_EQUAL(c.nbegun, 1);
    CU_ASSERT(js_contains(c.datasets.data, "S2|Second|"));
    CU_ASSERT_EQUAL(c.nobs, 4);
    ctx_free(&c);
    amb_opt bad = MAP(NULL, MAP("dataset", STR("Third", "S3")));
    CU_ASSERT_EQUAL(import_fixture(&c, &bad, "collection.json"), AMB_ECONFIG);
    CU_ASSERT(js_contains(c.err, "option dataset names 'Third', but the "
                                 "document has no dataset of that name"));
    CU_ASSERT_EQUAL(c.nbegun, 0);
    ctx_free(&c);
}

static void test_import_bundle(void)
{
    const char *shared = amb_test_shared_dir();
    if (!shared) {
        CU_FAIL("AMB_SHARED_DIR is not set");
        return;
    }
    char *path = amb_xasprintf("%s/data/public-samples/jsonstat/"
                               "oecd-canada.json", shared);
    amb_ctx c;
    ctx_init(&c);
    amb_opt opts = MAP(NULL, MAP("dataset", STR("canada", "CA_POP"),
                                 STR("oecd", "OECD_UNR")), STR("lang", "en"));
    CU_ASSERT_EQUAL(plugin->import(&c, &host, &opts, path), AMB_OK);
    CU_ASSERT_EQUAL(c.nbegun, 2);
    CU_ASSERT_EQUAL(c.nobs, 432 + 120);
    CU_ASSERT(js_contains(c.datasets.data,
                          "OECD_UNR|Unemployment rate in the OECD countries "
                          "2003-2014|Per cent|2012-11-27|concept(Selected "
                          "indicator),area(OECD countries, EU15 and total)|"
                          "year(2003-2014)|"));
    CU_ASSERT(js_contains(c.datasets.data, "CA_POP|Population by sex and age "
                          "group. Canada. 2012|-|2012-09-27|country(Country),"
                          "age(Age group),concept(Population and %),sex(Sex)|"
                          "year(Year)|"));
    CU_ASSERT(js_contains(c.labels.data, "1:older:en=90 and older\n"));
    CU_ASSERT(js_contains(c.obs.data, "UNR,AU|2003=5.94383\n"));
    CU_ASSERT(js_contains(c.obs.data, "UNR,DE|2014=5.5656 [e]\n"));
    CU_ASSERT(js_contains(c.obs.data, "CA,T,POP,T|2012=34880.5 [a]\n"));
    ctx_free(&c);
    free(path);
}

/* The demo's SAMPLE AUP01 bundle, in Statistics Denmark's JSONSTAT shape. */
static void test_import_aup01_sample(void)
{
    char *path = amb_xasprintf("%s/data/samples/aup01.json",
                               amb_test_srcdir());
    amb_ctx c;
    ctx_init(&c);
    amb_opt opts = MAP(NULL, STR("dataset", "AUP01"));
    CU_ASSERT_EQUAL(plugin->import(&c, &host, &opts, path), AMB_OK);
    CU_ASSERT(js_contains(c.datasets.data, "AUP01|SAMPLE DATA"));
    CU_ASSERT(js_contains(c.datasets.data, "|pct.|2025-01-31T08:00:00Z|"
                          "OMR\xC3\x85" "DE(omr\xC3\xA5" "de),ContentsCode("
                          "Indhold)|Tid(tid)|"));
    CU_ASSERT_EQUAL(c.nobs, 120);
    CU_ASSERT(js_contains(c.obs.data, "825,AUP01|2016=null [..]\n"));
    CU_ASSERT(js_contains(c.obs.data, "825,AUP01|2019=null [..]\n"));
    CU_ASSERT(js_contains(c.labels.data, "0:825:da=L\xC3\xA6s\xC3\xB8\n"));
    CU_ASSERT(js_contains(c.labels.data, "0:081:da=Region Nordjylland\n"));
    CU_ASSERT(js_contains(c.labels.data, "T:2024:da=2024\n"));
    /* only Læsø's two cells are missing */
    size_t nulls = 0;
    for (const char *p = c.obs.data; (p = strstr(p, "=null")); p++)
        nulls++;
    CU_ASSERT_EQUAL(nulls, 2);
    ctx_free(&c);
    free(path);
}

static void test_errors(void)
{
    amb_ctx c;
    amb_opt opts = MAP(NULL, STR("dataset", "M"));
    CU_ASSERT_EQUAL(import_fixture(&c, &opts, "mismatch.json"), AMB_EPARSE);
    char *path = js_fixture("mismatch.json");
    char *want = amb_xasprintf("%s: value has 119 entries, expected 120 "
                               "(3 \xC3\x97 40)", path);
    JS_EXPECT_STR(c.err, want);
    free(want);
    free(path);
    CU_ASSERT_EQUAL(c.nbegun, 0);
    ctx_free(&c);

    /* the store refusing a row stops the walk; its rc comes back as is */
    ctx_init(&c);
    c.observe_fails_at = 3;
    path = js_fixture("dataset.json");
    CU_ASSERT_EQUAL(plugin->import(&c, &host, &opts, path), AMB_ESTORE);
    CU_ASSERT_EQUAL(c.nobs, 3);
    CU_ASSERT_EQUAL(c.nfail, 0);
    free(path);
    ctx_free(&c);

    /* more than eight dimensions besides time */
    amb_buf b = {0};
    amb_buf_puts(&b, "{\"class\":\"dataset\",\"id\":[");
    for (int i = 0; i < 10; i++)
        amb_buf_printf(&b, "%s\"d%d\"", i ? "," : "", i);
    amb_buf_puts(&b, "],\"size\":[1,1,1,1,1,1,1,1,1,1],\"role\":{\"time\":"
                     "[\"d9\"]},\"dimension\":{");
    for (int i = 0; i < 10; i++)
        amb_buf_printf(&b, "%s\"d%d\":{\"category\":{\"index\":[\"c\"]}}",
                       i ? "," : "", i);
    amb_buf_puts(&b, "},\"value\":[1]}");
    char *dir = amb_test_tmpdir("jsonstat");
    path = amb_test_write(dir, "wide.json", b.data, b.len);
    ctx_init(&c);
    CU_ASSERT_EQUAL(plugin->import(&c, &host, &opts, path), AMB_ELIMIT);
    CU_ASSERT(js_contains(c.err, "wide.json: 9 dimensions besides time; "
                                 "ambit stores at most 8"));
    ctx_free(&c);
    amb_test_rmtree(dir);
    free(dir);
    free(path);
    amb_buf_free(&b);
}

static void test_collect(void)
{
    amb_ctx c;
    char *path = js_fixture("sparse.json");
    amb_opt opts = MAP(NULL, STR("url", "https://example.invalid/s.json"),
                       STR("dataset", "S"));
    ctx_init(&c);
    c.fetch_path = path;
    CU_ASSERT_EQUAL(plugin->collect(&c, &host, &opts), AMB_OK);
    CU_ASSERT_EQUAL(c.nfetch, 1);
    CU_ASSERT(js_contains(c.datasets.data, "|https://example.invalid/s.json\n"));
    JS_EXPECT_STR(c.obs.data, "081|2023=1.5 [p]\n851|2024=2\n860|2024=null [..]\n");
    ctx_free(&c);

    /* unchanged: no parse, no dataset */
    ctx_init(&c);
    c.fetch_path = "/nonexistent/never-read.json";
    c.fetch_unchanged = 1;
    CU_ASSERT_EQUAL(plugin->collect(&c, &host, &opts), AMB_UNCHANGED);
    CU_ASSERT_EQUAL(c.nbegun, 0);
    CU_ASSERT_EQUAL(c.nfail, 0);
    ctx_free(&c);

    /* a failed fetch comes back as it is */
    ctx_init(&c);
    CU_ASSERT_EQUAL(plugin->collect(&c, &host, &opts), AMB_ENET);
    JS_EXPECT_STR(c.err, "fetch: https://example.invalid/s.json: HTTP 404");
    ctx_free(&c);

    /* errors name the URL, not the cache file */
    char *bad = js_fixture("mismatch.json");
    ctx_init(&c);
    c.fetch_path = bad;
    CU_ASSERT_EQUAL(plugin->collect(&c, &host, &opts), AMB_EPARSE);
    JS_EXPECT_STR(c.err, "https://example.invalid/s.json: value has 119 "
                         "entries, expected 120 (3 \xC3\x97 40)");
    ctx_free(&c);
    free(bad);
    free(path);
}

static void test_check(void)
{
    char err[512];
    amb_opt ok = MAP(NULL, STR("plugin", "jsonstat"), STR("path", "x.json"),
                     STR("schedule", "0 6 * * *"));
    CU_ASSERT_EQUAL(plugin->check(&ok, err, sizeof err), AMB_OK);
    struct { amb_opt o; const char *msg; } bad[] = {
        {MAP(NULL, STR("dataset", "X")),
         "jsonstat: option 'url' or 'path' is required"},
        {MAP(NULL, STR("path", "a"), STR("url", "b")),
         "jsonstat: give option 'url' or option 'path', not both"},
        {MAP(NULL, STR("path", "a"), STR("lang", "Danish")),
         "jsonstat: option 'lang' must be a language code such as \"da\" or "
         "\"en\""},
        {MAP(NULL, STR("path", "a"), STR("urll", "b")),
         "jsonstat: unknown option 'urll' (known: url, path, dataset, time, "
         "title, unit, lang)"},
        {MAP(NULL, STR("path", "")),
         "jsonstat: option 'path' must be a non-empty string"},
        {MAP(NULL, STR("path", "a"), MAP("dataset", STR("x", ""))),
         "jsonstat: dataset['x'] must be a non-empty string (the id to store "
         "that dataset under)"},
        {MAP(NULL, STR("path", "a"), MAP("title", STR("x", "y"))),
         "jsonstat: option 'title' must be a non-empty string"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(plugin->check(&bad[i].o, err, sizeof err),
                        AMB_ECONFIG);
        JS_EXPECT_STR(err, bad[i].msg);
    }
    amb_opt empty_map = {.type = AMB_OPT_MAP, .key = "dataset"};
    amb_opt with_empty = MAP(NULL, STR("path", "a"), empty_map);
    CU_ASSERT_EQUAL(plugin->check(&with_empty, err, sizeof err), AMB_ECONFIG);
    JS_EXPECT_STR(err, "jsonstat: option 'dataset' is an empty table");
}

void js_plugin_suites(const amb_plugin *p)
{
    plugin = p;
    AMB_TEST_SUITE("jsonstat_plugin", {"descriptor", test_descriptor},
                   {"import dataset", test_import_dataset},
                   {"dataset ids", test_import_ids},
                   {"oecd-canada bundle", test_import_bundle},
                   {"AUP01 sample", test_import_aup01_sample},
                   {"errors", test_errors}, {"collect", test_collect},
                   {"check", test_check});
}
