/*
 * test_jsonstat_hostile.c - the JSON-stat reader against hostile documents:
 * broken syntax, deep nesting, huge numbers, wrong types everywhere,
 * sizes that are negative, fractional or overflow when multiplied,
 * category indexes that repeat or point outside, sparse keys that are not
 * cell numbers, status of the wrong shape, and random mutations of a valid
 * document.  Each must fail with a message naming the input, never crash.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonstat.h"
#include "test_jsonstat.h"
#include "testutil.h"
#include "util.h"

/* A 2.0 dataset with dimensions a (2 categories) and time (3): 6 cells;
 * extra is spliced in before "value". */
#define DS(extra, value)                                                    \
    "{\"class\":\"dataset\",\"id\":[\"a\",\"time\"],\"size\":[2,3],"        \
    "\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"y\"]}},"        \
    "\"time\":{\"category\":{\"index\":[\"1\",\"2\",\"3\"]}}}" extra        \
    ",\"value\":" value "}"

static void test_hostile_syntax(void)
{
    /* deep nesting stops at jansson's depth limit, not the stack */
    size_t n = 200000;
    char *deep = malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    FAILS(deep, AMB_EPARSE, "maximum parsing depth");
    free(deep);
    FAILS("{\"a\":1,\"a\":2}", AMB_EPARSE, "duplicate object key");
    FAILS("{\"a\":\"\\u0000\"}", AMB_EPARSE, "in.json:1:");
    FAILS("{\"a\":\"\xC3\"}", AMB_EPARSE, "in.json:1:");
    FAILS("{\"a\":", AMB_EPARSE, "in.json:1:");
    FAILS("", AMB_EPARSE, "in.json:");
    FAILS(DS("", "[1e400,1,1,1,1,1]"), AMB_EPARSE, "real number overflow");
    FAILS(DS("", "[1000000000000000000000000000000000000000000000000000000000"
                 "00000000000000000000000000000000000000000000000000000000000"
                 "00000000000000000000000000000000000000000000000000000000000"
                 "00000000000000000000000000000000000000000000000000000000000"
                 "00000000000000000000000000000000000000000000000000000000000"
                 "00000000000000000000000000000000000000000000000000000000000"
                 ",1,1,1,1,1]"),
          AMB_EPARSE, "overflow");
    /* a big integer that fits a double is a value like any other */
    LOADS_AS(DS("", "[123456789012345678901234567890,1,1,1,1,1]"),
             "# 1 (-) 6 cells, 6 values\nD a: x y\nT time: 1 2 3\n"
             "x|1=1.23457e+29\nx|2=1\nx|3=1\ny|1=1\ny|2=1\ny|3=1\n");
}

static void test_hostile_shape(void)
{
    FAILS("[1,2]", AMB_EPARSE, "the top level is not an object");
    FAILS("{}", AMB_EPARSE, "empty object");
    FAILS("{\"x\":1}", AMB_EPARSE, "'x' is not a JSON-stat dataset");
    FAILS("{\"class\":\"dimension\"}", AMB_EPARSE, "holds no values");
    FAILS("{\"class\":7}", AMB_EPARSE, "unknown JSON-stat class");
    FAILS("{\"class\":\"collection\",\"link\":{\"item\":[]}}", AMB_EPARSE,
          "non-empty link.item");
    FAILS("{\"class\":\"collection\",\"link\":{\"item\":[{\"class\":"
          "\"dataset\",\"href\":\"https://x.invalid/d.json\"}]}}",
          AMB_EPARSE, "item 1 is a link to https://x.invalid/d.json");
    FAILS("{\"class\":\"dataset\",\"value\":[]}", AMB_EPARSE,
          "no dimension object");
    FAILS("{\"class\":\"dataset\",\"id\":\"a\",\"size\":[1],\"dimension\":{},"
          "\"value\":[1]}", AMB_EPARSE, "id must be a non-empty list");
    FAILS("{\"class\":\"dataset\",\"id\":[1],\"size\":[1],\"dimension\":{},"
          "\"value\":[1]}", AMB_EPARSE, "id[0] is not a non-empty string");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\",\"a\"],\"size\":[1,1],"
          "\"dimension\":{},\"value\":[1]}", AMB_EPARSE,
          "dimension id a appears twice");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1,2],"
          "\"dimension\":{},\"value\":[1]}", AMB_EPARSE,
          "one entry per dimension (1)");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],"
          "\"dimension\":{},\"value\":[1]}", AMB_EPARSE,
          "dimension a is listed in id but not described");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],"
          "\"dimension\":{\"a\":{\"label\":3}},\"value\":[1]}", AMB_EPARSE,
          "dimension a: label is not a string");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],"
          "\"dimension\":{\"a\":{}},\"value\":[1]}", AMB_EPARSE,
          "dimension a has no category object");
    FAILS("{\"label\":[],\"dimension\":{},\"value\":[]}", AMB_EPARSE,
          "label is not a string");
}

static void test_hostile_sizes(void)
{
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[-1],"
          "\"dimension\":{},\"value\":[1]}", AMB_EPARSE,
          "size[0] (dimension a) must be a whole number of at least 1");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[0],"
          "\"dimension\":{},\"value\":[]}", AMB_EPARSE, "at least 1");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1.5],"
          "\"dimension\":{},\"value\":[1]}", AMB_EPARSE, "whole number");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[\"2\"],"
          "\"dimension\":{},\"value\":[1]}", AMB_EPARSE, "whole number");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1e300],"
          "\"dimension\":{},\"value\":[1]}", AMB_EPARSE, "whole number");
    /* each size is fine, their product is not */
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\",\"b\",\"c\"],"
          "\"size\":[4294967296,4294967296,4294967296],\"dimension\":{},"
          "\"value\":[1]}", AMB_ELIMIT, "multiply to more than 2^64 cells");
    /* the size must match the categories */
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[4294967296],"
          "\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\"]}}},"
          "\"value\":[1]}", AMB_EPARSE,
          "category.index has 1 entries, but its size is 4294967296");
    /* more dimensions than supported */
    amb_buf b = {0};
    amb_buf_puts(&b, "{\"class\":\"dataset\",\"id\":[");
    for (int i = 0; i < 40; i++)
        amb_buf_printf(&b, "%s\"d%d\"", i ? "," : "", i);
    amb_buf_puts(&b, "],\"size\":[");
    for (int i = 0; i < 40; i++)
        amb_buf_printf(&b, "%s1", i ? "," : "");
    amb_buf_puts(&b, "],\"dimension\":{},\"value\":[1]}");
    FAILS(b.data, AMB_ELIMIT, "40 dimensions, more than the 32 supported");
    amb_buf_free(&b);
}

static void test_hostile_categories(void)
{
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
          "\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"x\"]}}},"
          "\"value\":[1,2]}", AMB_EPARSE, "category 'x' appears twice");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
          "\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",2]}}},"
          "\"value\":[1,2]}", AMB_EPARSE, "category.index[1] is not a string");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
          "\"dimension\":{\"a\":{\"category\":{\"index\":{\"x\":0,\"y\":0}}}},"
          "\"value\":[1,2]}", AMB_EPARSE,
          "categories 'x' and 'y' have the same position 0");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
          "\"dimension\":{\"a\":{\"category\":{\"index\":{\"x\":0,\"y\":2}}}},"
          "\"value\":[1,2]}", AMB_EPARSE, "must be a position from 0 to 1");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
          "\"dimension\":{\"a\":{\"category\":{\"index\":{\"x\":0,\"y\":-1}}}},"
          "\"value\":[1,2]}", AMB_EPARSE, "must be a position");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],"
          "\"dimension\":{\"a\":{\"category\":{\"index\":\"x\"}}},"
          "\"value\":[1]}", AMB_EPARSE, "must be an array or an object");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
          "\"dimension\":{\"a\":{\"category\":{\"label\":{\"x\":\"X\","
          "\"y\":\"Y\"}}}},\"value\":[1,2]}", AMB_EPARSE,
          "dimension a has no category.index");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],"
          "\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\"],"
          "\"label\":{\"x\":1}}}},\"value\":[1]}", AMB_EPARSE,
          "the label of category 'x' is not a string");
    FAILS("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],"
          "\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\"],"
          "\"label\":[\"X\"]}}},\"value\":[1]}", AMB_EPARSE,
          "category.label must be an object");
    FAILS(DS(",\"role\":{\"time\":[\"b\"]}", "[1,2,3,4,5,6]"), AMB_EPARSE,
          "role.time[0] is not one of the dataset's dimension ids");
    FAILS(DS(",\"role\":{\"time\":\"time\"}", "[1,2,3,4,5,6]"), AMB_EPARSE,
          "role.time must be a list");
    FAILS(DS(",\"role\":[]", "[1,2,3,4,5,6]"), AMB_EPARSE,
          "role must be an object");
}

static void test_hostile_values(void)
{
    FAILS(DS("", "[1,2,3,4,5]"), AMB_EPARSE,
          "value has 5 entries, expected 6 (2 \xC3\x97 3)");
    FAILS(DS("", "[1,2,3,4,5,6,7]"), AMB_EPARSE, "value has 7 entries");
    FAILS(DS("", "[1,2,\"3\",4,5,6]"), AMB_EPARSE,
          "value[2] must be a number or null");
    FAILS(DS("", "[1,2,true,4,5,6]"), AMB_EPARSE, "value[2]");
    FAILS(DS("", "\"1\""), AMB_EPARSE, "value must be an array or an object");
    FAILS(DS("", "{\"6\":1}"), AMB_EPARSE,
          "value index '6' is not a cell number from 0 to 5");
    FAILS(DS("", "{\"-1\":1}"), AMB_EPARSE, "value index '-1'");
    FAILS(DS("", "{\"01\":1}"), AMB_EPARSE, "value index '01'");
    FAILS(DS("", "{\"1e1\":1}"), AMB_EPARSE, "value index '1e1'");
    FAILS(DS("", "{\"\":1}"), AMB_EPARSE, "value index ''");
    FAILS(DS("", "{\"99999999999999999999999\":1}"), AMB_EPARSE,
          "value index '99999999999999999999999'");
    FAILS(DS("", "{\"1\":\"x\"}"), AMB_EPARSE,
          "value['1'] must be a number or null");
    FAILS(DS(",\"status\":[\"a\",\"b\"]", "[1,2,3,4,5,6]"), AMB_EPARSE,
          "status has 2 entries, expected 1 or 6");
    FAILS(DS(",\"status\":[1]", "[1,2,3,4,5,6]"), AMB_EPARSE,
          "status[0] must be a string or null");
    FAILS(DS(",\"status\":{\"9\":\"e\"}", "[1,2,3,4,5,6]"), AMB_EPARSE,
          "status index '9'");
    FAILS(DS(",\"status\":{\"1\":2}", "[1,2,3,4,5,6]"), AMB_EPARSE,
          "status['1'] must be a string or null");
    FAILS(DS(",\"status\":3", "[1,2,3,4,5,6]"), AMB_EPARSE,
          "status must be a string, an array or an object");
    /* every status form that is allowed */
    LOADS_AS(DS(",\"status\":null", "{\"5\":6}"),
             "# 1 (-) 6 cells, 1 values\nD a: x y\nT time: 1 2 3\ny|3=6\n");
    LOADS_AS(DS(",\"status\":{\"5\":\"e\",\"0\":null}", "{\"5\":null,\"0\":0}"),
             "# 1 (-) 6 cells, 2 values\nD a: x y\nT time: 1 2 3\n"
             "y|3=null [e]\nx|1=0\n");
}

/* Random bytes and random mutations of a valid document never crash and
 * always give a message. */
static void test_hostile_random(void)
{
    char *path = js_fixture("dataset.json");
    char *good = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(amb_read_file(path, 1 << 20, &good, &len, NULL), 0);
    free(path);
    uint32_t seed = 12345;
    for (int round = 0; round < 2000; round++) {
        char *copy = malloc(len + 1);
        memcpy(copy, good, len + 1);
        for (int k = 0; k < 1 + round % 4; k++) {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            copy[seed % len] = "{}[],:\"0-.e9nx \\"[(seed >> 8) % 16];
        }
        jsonstat_doc *doc = NULL;
        char err[512] = "";
        int rc = jsonstat_load_mem(copy, len, "m.json", &doc, err, sizeof err);
        if (rc == 0) {
            char *t = js_transcript(doc);
            free(t);
            jsonstat_doc_free(doc);
        } else {
            CU_ASSERT(rc < 0);
            CU_ASSERT(strncmp(err, "m.json", 6) == 0);
        }
        free(copy);
    }
    free(good);
}

void js_hostile_suites(void)
{
    AMB_TEST_SUITE("jsonstat_hostile", {"syntax", test_hostile_syntax},
                   {"shape", test_hostile_shape},
                   {"sizes", test_hostile_sizes},
                   {"categories", test_hostile_categories},
                   {"values", test_hostile_values},
                   {"random", test_hostile_random});
}
