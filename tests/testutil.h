/*
 * testutil.h - helpers shared by the CUnit test programs.
 */
#ifndef AMB_TESTUTIL_H
#define AMB_TESTUTIL_H

#include <CUnit/CUnit.h>
#include <stddef.h>

/* A fresh temporary directory (caller frees the string; removed with
 * amb_test_rmtree). */
char *amb_test_tmpdir(const char *tag);
void amb_test_rmtree(const char *path);
/* Write data to dir/name; returns the malloc'd full path. */
char *amb_test_write(const char *dir, const char *name, const char *data,
                     size_t len);
/* The shared/ directory beside the checkout (AMB_SHARED_DIR), or NULL. */
const char *amb_test_shared_dir(void);
/* The build tree (AMB_TEST_BUILDDIR) and source tree (AMB_TEST_SRCDIR). */
const char *amb_test_builddir(void);
const char *amb_test_srcdir(void);

/* The first column of the first row of sql on st's connection as an
 * integer; INT64_MIN when the query fails or returns no row.  In
 * tests/testsql.c: link it in tests that use a store. */
struct amb_store;
long long sql_int(struct amb_store *st, const char *sql);

/* Run the registered suites with the basic interface and return the exit
 * status for automake's harness (0 all passed, 1 otherwise). */
int amb_test_run(void);

/* Register a suite of tests: AMB_TEST_SUITE("name", {"t1", fn1}, ...) */
typedef struct amb_test_case {
    const char *name;
    void (*fn)(void);
} amb_test_case;
void amb_test_add_suite(const char *name, const amb_test_case *cases,
                        size_t n);
#define AMB_TEST_SUITE(name, ...)                                          \
    do {                                                                   \
        static const amb_test_case cases_[] = {__VA_ARGS__};               \
        amb_test_add_suite(name, cases_, sizeof cases_ / sizeof cases_[0]); \
    } while (0)

#endif
