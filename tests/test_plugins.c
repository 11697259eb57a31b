/*
 * test_plugins.c - the plugin loader: good plugin, wrong ABI, missing
 * descriptor, duplicate name, garbage file, directory scans and search
 * path, and the plugin guide's example.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins.h"
#include "testutil.h"

/* Path of a libtool-built test plugin in the build tree (caller frees). */
static char *test_plugin(const char *name)
{
    return amb_xasprintf("%s/tests/plugins/.libs/%s.so", amb_test_builddir(), name);
}

/* Copy a file (plugins are copied into temp dirs to test scanning). */
static void copy(const char *from, const char *dir, const char *name)
{
    char *data;
    size_t len;
    amb_error err;
    CU_ASSERT_FATAL(amb_read_file(from, 64u << 20, &data, &len, &err) == 0);
    free(amb_test_write(dir, name, data, len));
    free(data);
}

static int has_problem(const amb_registry *reg, const char *needle)
{
    for (size_t i = 0; i < reg->nproblems; i++)
        if (strstr(reg->problems[i], needle))
            return 1;
    return 0;
}

static void test_good(void)
{
    amb_registry *reg = amb_registry_new();
    char *p = test_plugin("good");
    CU_ASSERT_EQUAL(amb_registry_load_file(reg, p), 0);
    const amb_loaded_plugin *lp = amb_registry_find(reg, "good");
    CU_ASSERT_PTR_NOT_NULL_FATAL(lp);
    CU_ASSERT_STRING_EQUAL(lp->desc->version, "1.0");
    CU_ASSERT_STRING_EQUAL(lp->path, p);
    CU_ASSERT_EQUAL(reg->nproblems, 0);
    CU_ASSERT_PTR_NULL(amb_registry_find(reg, "nothere"));
    free(p);
    amb_registry_free(reg);
}

static void test_wrong_abi(void)
{
    amb_registry *reg = amb_registry_new();
    char *p = test_plugin("wrong_abi");
    CU_ASSERT_EQUAL(amb_registry_load_file(reg, p), AMB_EABI);
    CU_ASSERT_EQUAL(reg->count, 0);
    CU_ASSERT_EQUAL_FATAL(reg->nproblems, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(reg->problems[0], "ABI 999"));
    CU_ASSERT_PTR_NOT_NULL(strstr(reg->problems[0], p));
    CU_ASSERT_PTR_NULL(strchr(reg->problems[0], '\n'));
    free(p);
    amb_registry_free(reg);
}

static void test_no_descriptor(void)
{
    amb_registry *reg = amb_registry_new();
    char *p = test_plugin("no_descriptor");
    CU_ASSERT_EQUAL(amb_registry_load_file(reg, p), AMB_ENOTFOUND);
    CU_ASSERT_TRUE(has_problem(reg, "no 'ambit_plugin' descriptor"));
    free(p);
    amb_registry_free(reg);
}

static void test_duplicate(void)
{
    amb_registry *reg = amb_registry_new();
    char *a = test_plugin("good"), *b = test_plugin("dup_good");
    CU_ASSERT_EQUAL(amb_registry_load_file(reg, a), 0);
    CU_ASSERT_EQUAL(amb_registry_load_file(reg, b), AMB_ECONFIG);
    CU_ASSERT_EQUAL(reg->count, 1);
    CU_ASSERT_TRUE(has_problem(reg, "duplicate plugin name 'good'"));
    /* the first one stays */
    CU_ASSERT_STRING_EQUAL(amb_registry_find(reg, "good")->path, a);
    free(a);
    free(b);
    amb_registry_free(reg);
}

static void test_garbage_and_scan(void)
{
    char *dir = amb_test_tmpdir("plugins");
    static const char junk[] = "\x7f" "ELF this is not really an ELF file\n";
    free(amb_test_write(dir, "a_garbage.so", junk, sizeof junk - 1));
    free(amb_test_write(dir, "empty.so", "", 0));
    free(amb_test_write(dir, "notes.txt", "not a plugin", 12));
    char *good = test_plugin("good"), *wrong = test_plugin("wrong_abi");
    char *nodesc = test_plugin("no_descriptor"), *dup = test_plugin("dup_good");
    copy(good, dir, "b_good.so");
    copy(wrong, dir, "c_wrong.so");
    copy(nodesc, dir, "d_nodesc.so");
    copy(dup, dir, "e_dup.so");
    amb_registry *reg = amb_registry_new();
    CU_ASSERT_EQUAL(amb_registry_load_dir(reg, dir), 0);
    /* the good one is loaded although others around it are refused */
    CU_ASSERT_EQUAL(reg->count, 1);
    CU_ASSERT_PTR_NOT_NULL(amb_registry_find(reg, "good"));
    CU_ASSERT_EQUAL(reg->nproblems, 5);
    CU_ASSERT_TRUE(has_problem(reg, "a_garbage.so: not a loadable plugin"));
    CU_ASSERT_TRUE(has_problem(reg, "empty.so: not a loadable plugin"));
    CU_ASSERT_TRUE(has_problem(reg, "c_wrong.so: built for plugin ABI 999"));
    CU_ASSERT_TRUE(has_problem(reg, "d_nodesc.so: no 'ambit_plugin'"));
    CU_ASSERT_TRUE(has_problem(reg, "e_dup.so: duplicate plugin name"));
    CU_ASSERT_FALSE(has_problem(reg, "notes.txt"));
    amb_registry_free(reg);
    /* a missing directory is not an error */
    reg = amb_registry_new();
    CU_ASSERT_EQUAL(amb_registry_load_dir(reg, "/nonexistent/ambit/plugins"), 0);
    CU_ASSERT_EQUAL(reg->count + reg->nproblems, 0);
    amb_registry_free(reg);
    free(good);
    free(wrong);
    free(nodesc);
    free(dup);
    amb_test_rmtree(dir);
    free(dir);
}

static void test_search_path(void)
{
    char *d1 = amb_test_tmpdir("ppath1"), *d2 = amb_test_tmpdir("ppath2");
    char *good = test_plugin("good"), *dup = test_plugin("dup_good");
    copy(good, d1, "good.so");
    copy(dup, d2, "dup.so");
    char *env = amb_xasprintf("%s::%s", d2, d1);
    setenv("AMBIT_PLUGIN_PATH", env, 1);
    amb_registry *reg = amb_registry_new();
    const char *extra[] = {d1};
    /* --plugin-dir first: d1's good wins over d2's dup_good */
    amb_registry_load_default(reg, extra, 1);
    const amb_loaded_plugin *lp = amb_registry_find(reg, "good");
    CU_ASSERT_PTR_NOT_NULL_FATAL(lp);
    CU_ASSERT_PTR_NOT_NULL(strstr(lp->path, d1));
    CU_ASSERT_TRUE(has_problem(reg, "duplicate plugin name 'good'"));
    /* the build tree's plugins are found for an uninstalled binary */
    CU_ASSERT_PTR_NOT_NULL(amb_registry_find(reg, "csv"));
    amb_registry_free(reg);
    unsetenv("AMBIT_PLUGIN_PATH");
    free(env);
    free(good);
    free(dup);
    amb_test_rmtree(d1);
    amb_test_rmtree(d2);
    free(d1);
    free(d2);
}

static void test_guide_example(void)
{
    char *p = amb_xasprintf("%s/doc/examples/.libs/hello.so", amb_test_builddir());
    amb_registry *reg = amb_registry_new();
    CU_ASSERT_EQUAL(amb_registry_load_file(reg, p), 0);
    const amb_loaded_plugin *lp = amb_registry_find(reg, "hello");
    CU_ASSERT_PTR_NOT_NULL_FATAL(lp);
    CU_ASSERT_PTR_NOT_NULL(lp->desc->collect);
    CU_ASSERT_PTR_NOT_NULL(lp->desc->import);
    char err[256] = "";
    amb_opt empty = {.type = AMB_OPT_MAP};
    CU_ASSERT(lp->desc->check(&empty, err, sizeof err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "dataset"));
    amb_registry_free(reg);
    free(p);
}

int main(void)
{
    AMB_TEST_SUITE("loader",
                   {"good plugin", test_good},
                   {"wrong ABI", test_wrong_abi},
                   {"missing descriptor", test_no_descriptor},
                   {"duplicate name", test_duplicate},
                   {"garbage files and directory scan", test_garbage_and_scan},
                   {"search path order", test_search_path},
                   {"plugin guide example", test_guide_example});
    return amb_test_run();
}
