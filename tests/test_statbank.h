/*
 * test_statbank.h - what the statbank unit tests share: fixtures and
 * string checks (test_statbank.c, with main) and the reader's suite
 * (test_statbank_csv.c).
 */
#ifndef TEST_STATBANK_H
#define TEST_STATBANK_H

#include "statbank.h"

/* tests/fixtures/statbank/NAME in the source tree (caller frees). */
char *sb_fixture(const char *name);
/* Load tests/fixtures/statbank/NAME as tableinfo; fails the test when it
 * does not load. */
void sb_load_info(const char *name, statbank_info *info);

void sb_expect_str(const char *got, const char *want, const char *file,
                   int line);
#define SB_EXPECT_STR(got, want) \
    sb_expect_str((got), (want), __FILE__, __LINE__)
/* 1 if hay contains needle; otherwise prints both and returns 0. */
int sb_contains(const char *hay, const char *needle);

/* Register the reader's suite. */
void sb_csv_suites(void);

#endif
