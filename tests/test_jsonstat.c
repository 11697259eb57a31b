/*
 * test_jsonstat.c - the JSON-stat reader through its API: the published
 * OECD/Canada 1.x bundle from shared/, 2.0 datasets and collections written
 * for these tests (dense and sparse values, every status form, index as an
 * array, an object or absent, roles), the time dimension rules, and hostile
 * documents of every kind.  main() also runs the plugin's suite
 * (test_jsonstat_plugin.c).
 */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonstat.h"
#include "test_jsonstat.h"
#include "testutil.h"
#include "util.h"

char *js_fixture(const char *name)
{
    return amb_xasprintf("%s/tests/fixtures/jsonstat/%s", amb_test_srcdir(),
                         name);
}

void js_expect_str(const char *got, const char *want, const char *file,
                   int line)
{
    int ok = got && want && strcmp(got, want) == 0;
    if (!ok)
        fprintf(stderr, "\n%s:%d:\n  got:  [%s]\n  want: [%s]\n", file, line,
                got ? got : "(null)", want ? want : "(null)");
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line,
                            "strings differ", file, "", CU_FALSE);
}

int js_contains(const char *hay, const char *needle)
{
    int found = hay && strstr(hay, needle) != NULL;
    if (!found)
        fprintf(stderr, "\n  expected \"%s\" in \"%s\"\n", needle,
                hay ? hay : "(null)");
    return found;
}

/* ------------------------------------------------------------ transcripts */

static int on_cell(void *ud, const char *const *codes, const char *period,
                   double value, int has_value, const char *flag)
{
    amb_buf *b = ((void **)ud)[0];
    const jsonstat_layout *lay = ((void **)ud)[1];
    for (size_t k = 0; k < lay->nout; k++)
        amb_buf_printf(b, "%s%s", k ? "," : "", codes[k]);
    amb_buf_printf(b, "|%s=", period);
    if (has_value)
        amb_buf_printf(b, "%g", value);
    else
        amb_buf_puts(b, "null");
    if (flag)
        amb_buf_printf(b, " [%s]", flag);
    amb_buf_putc(b, '\n');
    return 0;
}

char *js_transcript(jsonstat_doc *doc)
{
    amb_buf b = {0};
    amb_buf_puts(&b, "");
    for (size_t i = 0; i < jsonstat_doc_count(doc); i++) {
        const jsonstat_dataset *ds = jsonstat_doc_dataset(doc, i);
        amb_buf_printf(&b, "# %s (%s) %llu cells, %llu values\n", ds->name,
                       ds->label ? ds->label : "-",
                       (unsigned long long)ds->ncells,
                       (unsigned long long)ds->nvalues);
        jsonstat_layout lay;
        memset(&lay, 0, sizeof lay);
        char err[512];
        int rc = jsonstat_find_time(doc, ds, NULL, &lay.time_dim, err,
                                    sizeof err);
        if (rc) {
            amb_buf_printf(&b, "E%d %s\n", rc, err);
            continue;
        }
        for (size_t d = 0; d < ds->ndims; d++) {
            const jsonstat_dim *dim = &ds->dims[d];
            amb_buf_printf(&b, "%s %s:", d == lay.time_dim ? "T" : "D",
                           dim->id);
            for (size_t c = 0; c < dim->size; c++)
                amb_buf_printf(&b, " %s%s%s", dim->codes[c],
                               dim->labels[c] ? "=" : "",
                               dim->labels[c] ? dim->labels[c] : "");
            if (dim->roles)
                amb_buf_printf(&b, " roles=%u", dim->roles);
            if (dim->unit)
                amb_buf_printf(&b, " unit=%s", dim->unit);
            amb_buf_putc(&b, '\n');
            if (d != lay.time_dim)
                lay.out[lay.nout++] = d;
        }
        void *ud[2] = {&b, &lay};
        rc = jsonstat_walk(doc, ds, &lay, on_cell, ud, err, sizeof err);
        if (rc)
            amb_buf_printf(&b, "E%d %s\n", rc, err);
    }
    return b.data;
}

char *js_load_text(const char *text)
{
    jsonstat_doc *doc = NULL;
    char err[1024] = "";
    int rc = jsonstat_load_mem(text, strlen(text), "in.json", &doc, err,
                               sizeof err);
    if (rc) {
        CU_ASSERT_PTR_NULL(doc);
        return amb_xasprintf("E%d %s", rc, err);
    }
    char *t = js_transcript(doc);
    jsonstat_doc_free(doc);
    return t;
}

static char *load_fixture(const char *name)
{
    char *path = js_fixture(name);
    jsonstat_doc *doc = NULL;
    char err[1024] = "";
    int rc = jsonstat_load_file(path, name, 0, &doc, err, sizeof err);
    free(path);
    if (rc)
        return amb_xasprintf("E%d %s", rc, err);
    char *t = js_transcript(doc);
    jsonstat_doc_free(doc);
    return t;
}

/* ------------------------------------------------------------ documents */

static void test_dataset_2_0(void)
{
    char *t = load_fixture("dataset.json");
    JS_EXPECT_STR(t,
        "# EMPRATE (Employment rate by area, sex and period) 8 cells, 8 values\n"
        "D indicator: EMP=Employment rate roles=4 unit=percent\n"
        "D area: 851=Aalborg 860=Hj\xC3\xB8rring roles=2\n"
        "D sex: M=Men F=Women\n"
        "T period: 2023 2024 roles=1\n"
        "EMP,851,M|2023=76.5\n"
        "EMP,851,M|2024=77.1\n"
        "EMP,851,F|2023=74.2\n"
        "EMP,851,F|2024=null [..]\n"
        "EMP,860,M|2023=73 [e]\n"
        "EMP,860,M|2024=73.4\n"
        "EMP,860,F|2023=71.9\n"
        "EMP,860,F|2024=72.5 [p]\n");
    free(t);
}

static void test_sparse(void)
{
    char *t = load_fixture("sparse.json");
    JS_EXPECT_STR(t,
        "# Sparse values, time found by its name (Sparse values, time found "
        "by its name) 6 cells, 3 values\n"
        "D OMR\xC3\x85" "DE: 081=Region Nordjylland 851=Aalborg "
        "860=Hj\xC3\xB8rring\n"
        "T Tid: 2023 2024\n"
        "081|2023=1.5 [p]\n"
        "851|2024=2\n"
        "860|2024=null [..]\n");
    free(t);
}

static void test_collection(void)
{
    char *t = load_fixture("collection.json");
    JS_EXPECT_STR(t,
        "# A (First) 2 cells, 2 values\n"
        "D geo: 773=Mors\xC3\xB8 787=Thisted\n"
        "T time: 2020\n"
        "773|2020=1 [f]\n"
        "787|2020=2.25 [f]\n"
        "# Second (Second) 4 cells, 4 values\n"
        "T year: 2021 2022 roles=1\n"
        "D x: a=A b=B\n"
        "a|2021=10 [x]\n"
        "b|2021=11 [x]\n"
        "a|2022=20 [x]\n"
        "b|2022=21 [x]\n");
    free(t);
}

/* The real, published bundle (hamnis/json-stat.java's oecd-canada.json):
 * status as an object (oecd) and as a one-entry array (canada), index as
 * an object and as an array, a single category without index. */
static void test_oecd_canada(void)
{
    const char *shared = amb_test_shared_dir();
    if (!shared) {
        CU_FAIL("AMB_SHARED_DIR is not set: shared/data/public-samples is "
                "needed for this test");
        return;
    }
    char *path = amb_xasprintf("%s/data/public-samples/jsonstat/"
                               "oecd-canada.json", shared);
    jsonstat_doc *doc = NULL;
    char err[1024] = "";
    int rc = jsonstat_load_file(path, "oecd-canada.json", 0, &doc, err,
                                sizeof err);
    free(path);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL_FATAL(jsonstat_doc_count(doc), 2);
    const jsonstat_dataset *oecd = jsonstat_doc_dataset(doc, 0);
    const jsonstat_dataset *ca = jsonstat_doc_dataset(doc, 1);
    JS_EXPECT_STR(oecd->name, "oecd");
    JS_EXPECT_STR(ca->name, "canada");
    CU_ASSERT_EQUAL(oecd->ncells, 432);
    CU_ASSERT_EQUAL(ca->ncells, 120);
    JS_EXPECT_STR(oecd->updated, "2012-11-27");
    JS_EXPECT_STR(jsonstat_doc_where(doc, ca), "oecd-canada.json: dataset canada");
    size_t t;
    CU_ASSERT_EQUAL(jsonstat_find_time(doc, oecd, NULL, &t, err, sizeof err), 0);
    JS_EXPECT_STR(oecd->dims[t].id, "year");
    CU_ASSERT_EQUAL(oecd->dims[0].size, 1);
    JS_EXPECT_STR(oecd->dims[0].codes[0], "UNR");   /* no index: the label */
    JS_EXPECT_STR(oecd->dims[0].unit, "Per cent");
    JS_EXPECT_STR(oecd->dims[1].codes[3], "CA");
    JS_EXPECT_STR(ca->dims[2].codes[19], "older");
    JS_EXPECT_STR(ca->dims[2].labels[0], "Total");

    /* spot checks of the walk: the first cells and their status */
    char *text = js_transcript(doc);
    CU_ASSERT(js_contains(text, "UNR,AU|2003=5.94383\n"));
    CU_ASSERT(js_contains(text, "UNR,AU|2013=5.50415 [e]\n"));
    CU_ASSERT(js_contains(text, "CA,T,POP,T|2012=34880.5 [a]\n"));
    CU_ASSERT(js_contains(text, "UNR,DE|2014=5.5656 [e]\n"));
    CU_ASSERT(js_contains(text, "CA,older,PERCENT,F|2012=1 [a]\n"));
    CU_ASSERT_PTR_NULL(strstr(text, "\nE"));
    free(text);
    jsonstat_doc_free(doc);
}

static void test_forms(void)
{
    /* a lone 1.x dataset without a bundle, index absent for one category */
    LOADS_AS("{\"label\":\"L\",\"dimension\":{\"id\":[\"a\",\"year\"],"
             "\"size\":[1,2],\"a\":{\"category\":{\"label\":{\"x\":\"X\"}}},"
             "\"year\":{\"category\":{\"index\":[\"1\",\"2\"]}}},"
             "\"value\":[1,null],\"status\":\"s\"}",
             "# L (L) 2 cells, 2 values\nD a: x=X\nT year: 1 2\n"
             "x|1=1 [s]\nx|2=null [s]\n");
    /* the time dimension by name: tid, år, year in any case */
    LOADS_AS("{\"class\":\"dataset\",\"id\":[\"\xC3\x85R\",\"k\"],"
             "\"size\":[1,1],\"dimension\":{\"\xC3\x85R\":{\"category\":"
             "{\"index\":[\"2024\"]}},\"k\":{\"category\":{\"index\":[\"1\"]}}},"
             "\"value\":[7]}",
             "# 1 (-) 1 cells, 1 values\nT \xC3\x85R: 2024\nD k: 1\n1|2024=7\n");
    LOADS_AS("{\"class\":\"dataset\",\"id\":[\"TID\"],\"size\":[1],"
             "\"dimension\":{\"TID\":{\"category\":{\"index\":{\"2024K1\":0}}}},"
             "\"value\":{\"0\":1e300}}",
             "# 1 (-) 1 cells, 1 values\nT TID: 2024K1\n|2024K1=1e+300\n");
    /* no time dimension: the message lists the dimensions */
    LOADS_AS("{\"class\":\"dataset\",\"id\":[\"a\",\"b\"],\"size\":[1,1],"
             "\"dimension\":{\"a\":{\"category\":{\"index\":[\"1\"]}},"
             "\"b\":{\"category\":{\"index\":[\"2\"]}}},\"value\":[1]}",
             "# 1 (-) 1 cells, 1 values\nE-4 in.json: no time dimension (no "
             "role.time, none named time, tid, \xC3\xA5r or year): set "
             "option 'time' to one of: a, b\n");
}

static void test_time_option(void)
{
    char *path = js_fixture("dataset.json");
    jsonstat_doc *doc = NULL;
    char err[512];
    CU_ASSERT_EQUAL_FATAL(jsonstat_load_file(path, "d.json", 0, &doc, err,
                                             sizeof err), 0);
    const jsonstat_dataset *ds = jsonstat_doc_dataset(doc, 0);
    size_t t = 99;
    /* the option wins over role.time; exact, then any case */
    CU_ASSERT_EQUAL(jsonstat_find_time(doc, ds, "sex", &t, err, sizeof err), 0);
    CU_ASSERT_EQUAL(t, 2);
    CU_ASSERT_EQUAL(jsonstat_find_time(doc, ds, "AREA", &t, err, sizeof err), 0);
    CU_ASSERT_EQUAL(t, 1);
    CU_ASSERT_EQUAL(jsonstat_find_time(doc, ds, "when", &t, err, sizeof err),
                    AMB_ECONFIG);
    JS_EXPECT_STR(err, "d.json: option time = 'when' names no dimension "
                       "(dimensions: indicator, area, sex, period)");
    /* a layout that leaves out a dimension of two categories */
    jsonstat_layout lay = {.time_dim = 3, .nout = 1, .out = {1}};
    CU_ASSERT_EQUAL(jsonstat_walk(doc, ds, &lay, on_cell, NULL, err,
                                  sizeof err), AMB_EUSAGE);
    JS_EXPECT_STR(err, "d.json: dimension sex has 2 categories and cannot be "
                       "left out");
    jsonstat_doc_free(doc);
    free(path);
}

static void test_mismatch(void)
{
    char *t = load_fixture("mismatch.json");
    JS_EXPECT_STR(t, "E-4 mismatch.json: value has 119 entries, expected 120 "
                     "(3 \xC3\x97 40)");
    free(t);
}

static void test_size_limit(void)
{
    char *dir = amb_test_tmpdir("jsonstat");
    char *path = amb_test_write(dir, "big.json", "{\"a\": [1, 2, 3, 4]}", 19);
    jsonstat_doc *doc = NULL;
    char err[512];
    CU_ASSERT_EQUAL(jsonstat_load_file(path, "big.json", 10, &doc, err,
                                       sizeof err), AMB_ELIMIT);
    JS_EXPECT_STR(err, "big.json: larger than 10 bytes, the limit for a "
                       "JSON-stat document (it is read whole into memory)");
    CU_ASSERT_PTR_NULL(doc);
    CU_ASSERT_EQUAL(jsonstat_load_file("/nonexistent/x.json", "x.json", 0,
                                       &doc, err, sizeof err), AMB_EIO);
    JS_EXPECT_STR(err, "x.json: No such file or directory");
    amb_test_rmtree(dir);
    free(dir);
    free(path);
}

int main(void)
{
    char *so = amb_xasprintf("%s/plugins/.libs/jsonstat.so",
                             amb_test_builddir());
    void *handle = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        fprintf(stderr, "test_jsonstat: cannot load %s: %s\n", so, dlerror());
        free(so);
        return 1;
    }
    free(so);
    const amb_plugin *p = dlsym(handle, AMB_PLUGIN_SYMBOL);
    if (!p) {
        fprintf(stderr, "test_jsonstat: no %s in the plugin\n",
                AMB_PLUGIN_SYMBOL);
        dlclose(handle);
        return 1;
    }
    AMB_TEST_SUITE("jsonstat_reader", {"dataset 2.0", test_dataset_2_0},
                   {"sparse", test_sparse}, {"collection", test_collection},
                   {"oecd-canada bundle", test_oecd_canada},
                   {"forms", test_forms}, {"time option", test_time_option},
                   {"value count mismatch", test_mismatch},
                   {"size limit", test_size_limit});
    js_hostile_suites();
    js_plugin_suites(p);
    int rc = amb_test_run();
    dlclose(handle);
    return rc;
}
