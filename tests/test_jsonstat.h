/*
 * test_jsonstat.h - what the parts of test_jsonstat share: the reader's
 * tests (test_jsonstat.c, with main), the hostile documents
 * (test_jsonstat_hostile.c) and the plugin's (test_jsonstat_plugin.c).
 */
#ifndef TEST_JSONSTAT_H
#define TEST_JSONSTAT_H

#include "ambit/plugin.h"
#include "jsonstat.h"

/* tests/fixtures/jsonstat/NAME in the source tree (caller frees). */
char *js_fixture(const char *name);

/* Compare strings and report both on a difference. */
void js_expect_str(const char *got, const char *want, const char *file,
                   int line);
#define JS_EXPECT_STR(got, want) \
    js_expect_str((got), (want), __FILE__, __LINE__)

/* 1 if hay contains needle; otherwise prints both and returns 0. */
int js_contains(const char *hay, const char *needle);

/* Every dataset of doc: a header line, its dimensions, then one line per
 * cell ("codes|period=value [flag]").  Caller frees. */
char *js_transcript(jsonstat_doc *doc);
/* Load text (a string, named in.json) and return its transcript, or
 * "E<rc> <message>" when it does not load.  Caller frees. */
char *js_load_text(const char *text);

/* Expect text to load with transcript want. */
#define LOADS_AS(text, want)                \
    do {                                    \
        char *t_ = js_load_text(text);      \
        JS_EXPECT_STR(t_, (want));          \
        free(t_);                           \
    } while (0)

/* Load text and expect error code rc with a message containing what. */
#define FAILS(text, rc, what)                                  \
    do {                                                       \
        char *t_ = js_load_text(text);                         \
        char want_[16];                                        \
        snprintf(want_, sizeof want_, "E%d ", (int)(rc));      \
        CU_ASSERT(strncmp(t_, want_, strlen(want_)) == 0);     \
        CU_ASSERT(js_contains(t_, (what)));                    \
        free(t_);                                              \
    } while (0)

/* Register the hostile documents' suite (test_jsonstat_hostile.c) and the
 * plugin's (test_jsonstat_plugin.c; plugin is the loaded descriptor). */
void js_hostile_suites(void);
void js_plugin_suites(const amb_plugin *plugin);

#endif
