/*
 * test_xmlfeed.h - shared parts of the xmlfeed unit tests (test_xmlfeed.c:
 * types and municipalities; test_xmlfeed_parts.c: paths, options, keys).
 */
#ifndef TEST_XMLFEED_H
#define TEST_XMLFEED_H

#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "xf_xml.h"

#define EXPECT_STR(got, want)                                              \
    do {                                                                   \
        const char *g_ = (got), *w_ = (want);                              \
        int ok_ = g_ && w_ && strcmp(g_, w_) == 0;                         \
        if (!ok_)                                                          \
            fprintf(stderr, "\n%s:%d: got [%s], want [%s]\n", __FILE__,    \
                    __LINE__, g_ ? g_ : "(null)", w_ ? w_ : "(null)");     \
        CU_ASSERT(ok_);                                                    \
    } while (0)

void xf_parts_register(void);

#endif
