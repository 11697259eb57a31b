/*
 * testutil.c - temporary directories, fixtures and the CUnit runner.
 */
#include "config.h"

#include <CUnit/Basic.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "util.h"

char *amb_test_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    char *tmpl = amb_xasprintf("%s/ambit-%s-XXXXXX", base && *base ? base : "/tmp", tag);
    if (!mkdtemp(tmpl)) {
        perror(tmpl);
        abort();
    }
    return tmpl;
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void amb_test_rmtree(const char *path)
{
    if (path && getenv("AMB_TEST_KEEP") == NULL)
        nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *amb_test_write(const char *dir, const char *name, const char *data,
                     size_t len)
{
    char *path = amb_path_join(dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
        perror(path);
        abort();
    }
    return path;
}

const char *amb_test_shared_dir(void)
{
    const char *d = getenv("AMB_SHARED_DIR");
    if (d && access(d, R_OK) == 0)
        return d;
    return NULL;
}

const char *amb_test_builddir(void)
{
    const char *d = getenv("AMB_TEST_BUILDDIR");
    return d ? d : AMB_BUILD_DIR;
}

const char *amb_test_srcdir(void)
{
    const char *d = getenv("AMB_TEST_SRCDIR");
    return d ? d : AMB_SRC_DIR;
}

void amb_test_add_suite(const char *name, const amb_test_case *cases,
                        size_t n)
{
    if (CU_get_registry() == NULL && CU_initialize_registry() != CUE_SUCCESS)
        abort();
    CU_pSuite s = CU_add_suite(name, NULL, NULL);
    if (!s)
        abort();
    for (size_t i = 0; i < n; i++)
        if (!CU_add_test(s, cases[i].name, cases[i].fn))
            abort();
}

int amb_test_run(void)
{
    if (CU_get_registry() == NULL)
        return 1;
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned run = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    if (CU_get_error() != CUE_SUCCESS)
        return 1;
    return (failed == 0 && run > 0) ? 0 : 1;
}
