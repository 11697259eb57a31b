/*
 * test_px.c - the px plugin's tests: main() and the parser driven
 * directly (header syntax, DATA, counts, every error with its message).
 *
 * The other files of this program:
 *   test_px_text.c     encodings, languages, TIMEVAL, the time variable
 *   test_px_plugin.c   the built plugin through a recording amb_host
 *   test_px_samples.c  every public sample and the shipped UDDAKT10 sample
 *   test_px_run.c      collect by URL from the HTTP fixture into a store
 */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambit/plugin.h"
#include "px_parse.h"
#include "testutil.h"
#include "util.h"

/* Shared with the other files of this program. */
const amb_plugin *px_plugin;
char *px_transcript(const char *in, size_t len, const px_options *o,
                    size_t chunk);
char *px_parse_all(const char *in, size_t len, const px_options *o);
void px_expect_str(const char *got, const char *want, const char *file,
                   int line);
void px_text_suites(void);
void px_plugin_suites(void);
void px_sample_suites(void);
void px_run_suites(void);

#define EXPECT_STR(got, want) px_expect_str((got), (want), __FILE__, __LINE__)

void px_expect_str(const char *got, const char *want, const char *file,
                   int line)
{
    int ok = got && want && strcmp(got, want) == 0;
    if (!ok)
        fprintf(stderr, "\n%s:%d:\n  got:  [%s]\n  want: [%s]\n", file, line,
                got ? got : "(null)", want ? want : "(null)");
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line,
                            "strings differ", file, "", CU_FALSE);
}

/* Parse in[0..len) reading chunk bytes at a time (0: all at once) into a
 * malloc'd transcript: "time=ID cells=N" and one "ID=code,code" line per
 * variable, the cells ("4.5 [..] ..."), then "END" or "E<code> <msg>". */
char *px_transcript(const char *in, size_t len, const px_options *o,
                    size_t chunk)
{
    px_mem m = {in, len, 0, chunk};
    px_parser *p = px_parser_new("t.px", px_read_mem, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    amb_buf b = {0};
    const px_table *t;
    int rc = px_read_header(p, o, &t);
    if (rc == 0) {
        amb_buf_printf(&b, "time=%s cells=%llu\n",
                       t->time_var == PX_NO_VAR ? "-"
                                                : t->vars[t->time_var].id,
                       (unsigned long long)t->ncells);
        for (size_t i = 0; i < t->nvars; i++) {
            amb_buf_printf(&b, "%s=", t->vars[i].id);
            for (size_t j = 0; j < t->vars[i].nvalues; j++)
                amb_buf_printf(&b, "%s%s", j ? "," : "", t->vars[i].codes[j]);
            amb_buf_putc(&b, '\n');
        }
        px_cell c;
        uint64_t n = 0;
        while ((rc = px_next_cell(p, &c)) == PX_CELL) {
            CU_ASSERT_EQUAL(c.index, n);
            n++;
            if (c.has_value)
                amb_buf_printf(&b, "%.17g ", c.value);
            else
                amb_buf_printf(&b, "[%s] ", c.flag);
        }
        if (rc == PX_END) {
            CU_ASSERT_EQUAL(n, t->ncells);
            CU_ASSERT_EQUAL(px_parser_bytes(p), len);
            CU_ASSERT_EQUAL(px_next_cell(p, &c), PX_END);
        }
    }
    if (rc == PX_END) {
        amb_buf_puts(&b, "END");
    } else {
        CU_ASSERT(rc < 0);
        const px_error *e = px_parser_error(p);
        CU_ASSERT_EQUAL(e->code, rc);
        amb_buf_printf(&b, "E%d %s", rc, e->msg);
        px_cell c;
        CU_ASSERT_EQUAL(px_next_cell(p, &c), rc); /* errors are sticky */
    }
    px_parser_free(p);
    if (!b.data)
        amb_buf_puts(&b, "");
    return b.data;
}

/* The transcript, checked to be the same however the input is split. */
char *px_parse_all(const char *in, size_t len, const px_options *o)
{
    static const size_t chunks[] = {1, 2, 3, 7, 64};
    char *ref = px_transcript(in, len, o, 0);
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        char *t = px_transcript(in, len, o, chunks[i]);
        EXPECT_STR(t, ref);
        free(t);
    }
    return ref;
}

#define PX(in, want)                                               \
    do {                                                           \
        char *t_ = px_parse_all((in), sizeof(in) - 1, NULL);       \
        EXPECT_STR(t_, (want));                                    \
        free(t_);                                                  \
    } while (0)

/* The result at the end of a transcript: "END" or "E<code> <msg>" (cells
 * never start with "E-"). */
static const char *result_of(const char *t)
{
    size_t n = strlen(t);
    if (n >= 3 && strcmp(t + n - 3, "END") == 0)
        return t + n - 3;
    for (const char *e = strstr(t, "E-"); e; e = strstr(e + 1, "E-"))
        if (e == t || e[-1] == ' ' || e[-1] == '\n')
            return e;
    return t;
}

#define PX_END_LINE(in, want)                                      \
    do {                                                           \
        char *t_ = px_parse_all((in), sizeof(in) - 1, NULL);       \
        EXPECT_STR(result_of(t_), (want));                         \
        free(t_);                                                  \
    } while (0)

/* A small table: a (x, y) by tid (2020, 2021); DATA= is on line 6. */
#define HEAD                                                       \
    "MATRIX=\"T\";\nSTUB=\"a\";\nHEADING=\"tid\";\n"               \
    "VALUES(\"a\")=\"x\",\"y\";\nVALUES(\"tid\")=\"2020\",\"2021\";\nDATA=\n"
#define HEAD_OUT "time=tid cells=4\na=x,y\ntid=2020,2021\n"

/* ------------------------------------------------------------ syntax */

static void test_basic(void)
{
    PX(HEAD "1 2\n3 4\n;\n", HEAD_OUT "1 2 3 4 END");
    /* keywords in any case, space around '=' and in lists, CRLF, CRCRLF */
    PX("stub = \"a\" ;\r\nHeading=\"tid\";\r\r\nvalues(\"a\") = \"x\" ,\r\n"
       " \"y\";\rVALUES ( \"tid\" ) =\"2020\",\"2021\";\r\nDATA=\r\n1 2 3 4;",
       HEAD_OUT "1 2 3 4 END");
    /* DATA on the same line, no final line break */
    PX(HEAD "1 2 3 4;", HEAD_OUT "1 2 3 4 END");
    /* a heading only, a stub only */
    PX("HEADING=\"tid\";VALUES(\"tid\")=\"2020\";DATA=7;",
       "time=tid cells=1\ntid=2020\n7 END");
    PX("STUB=\"year\";VALUES(\"year\")=\"1\",\"2\";DATA=7 8;",
       "time=year cells=2\nyear=1,2\n7 8 END");
}

static void test_strings(void)
{
    /* pieces of a string are joined; ';' and ',' inside quotes are text */
    static const char in[] =
        "TITLE=\"Population; \"\n  \"by age, sex\" \"!\";\n"
        "STUB=\"a;b\";HEADING=\"tid\";VALUES(\"a;b\")=\"x,1\",\"y;2\";\n"
        "VALUES(\"tid\")=\"2020\";\nNOTE=\"anything ( ) : = ; here\";\n"
        "CELLNOTE(\"*\",\"2020\")=\"x\";\nDATA=1 2;";
    px_mem m = {in, sizeof in - 1, 0, 0};
    px_parser *p = px_parser_new("t.px", px_read_mem, &m);
    const px_table *t;
    CU_ASSERT_EQUAL_FATAL(px_read_header(p, NULL, &t), 0);
    EXPECT_STR(t->title, "Population; by age, sex!");
    EXPECT_STR(t->vars[0].id, "a;b");
    EXPECT_STR(t->vars[0].codes[0], "x,1");
    EXPECT_STR(t->vars[0].codes[1], "y;2");
    CU_ASSERT_EQUAL(t->nvars, 2);
    CU_ASSERT_EQUAL(t->time_var, 1);
    CU_ASSERT_EQUAL(t->decimals, -1);
    CU_ASSERT_PTR_NULL(t->units);
    px_parser_free(p);
    /* empty strings are values too */
    PX("STUB=\"a\";HEADING=\"tid\";VALUES(\"a\")=\"\",\"b\";"
       "VALUES(\"tid\")=\"2020\";DATA=1 2;",
       "time=tid cells=2\na=,b\ntid=2020\n1 2 END");
}

static void test_data_forms(void)
{
    /* every separator; ';' ending each row (as INE writes it) */
    PX(HEAD "1\t2,3 ;4;\r\n;\r\n", HEAD_OUT "1 2 3 4 END");
    PX(HEAD "1 2;\r\n3 4;;\r\n", HEAD_OUT "1 2 3 4 END");
    /* every missing-value marker, quoted or not */
    PX("STUB=\"a\";HEADING=\"tid\";VALUES(\"a\")=\"1\",\"2\",\"3\",\"4\","
       "\"5\",\"6\",\"7\";VALUES(\"tid\")=\"2020\",\"2021\";DATA=\n"
       ". \".\" .. \"..\" ... \"...\" .... \"....\" ..... \".....\"\n"
       "...... \"......\" - \"-\";",
       "time=tid cells=14\na=1,2,3,4,5,6,7\ntid=2020,2021\n"
       "[.] [.] [..] [..] [...] [...] [....] [....] [.....] [.....] "
       "[......] [......] [-] [-] END");
    /* numbers: signs, decimals, exponents, quoted */
    PX(HEAD "-42 +3.25 \"0.5\" 1e3;", HEAD_OUT "-42 3.25 0.5 1000 END");
    PX(HEAD ".5 5. -0 1.5E-2;", HEAD_OUT "0.5 5 -0 0.014999999999999999 END");
}

static void test_counts(void)
{
    PX_END_LINE(HEAD "1 2 3;",
                "E-4 t.px: DATA has 3 values, expected 4 (STUB x HEADING = "
                "2 x 2)");
    PX_END_LINE(HEAD "1 2 3 4 5;",
                "E-4 t.px: DATA has 5 values, expected 4 (STUB x HEADING = "
                "2 x 2)");
    PX_END_LINE(HEAD "1 2 3 4 5 6 7 8 9;",
                "E-4 t.px: DATA has 9 values, expected 4 (STUB x HEADING = "
                "2 x 2)");
    PX_END_LINE(HEAD ";",
                "E-4 t.px: DATA has 0 values, expected 4 (STUB x HEADING = "
                "2 x 2)");
    /* truncated: in the middle of DATA, and right after the last value */
    PX_END_LINE(HEAD "1 2\n3",
                "E-4 t.px: DATA has 3 values, expected 4 (STUB x HEADING = "
                "2 x 2); the file ends without the ';' that closes DATA "
                "(truncated?)");
    PX_END_LINE(HEAD "1 2\n3 4",
                "E-4 t.px:8: DATA does not end with ';' (truncated file?)");
    PX_END_LINE(HEAD "1 2\n3 4\n",
                "E-4 t.px:9: DATA does not end with ';' (truncated file?)");
    PX_END_LINE(HEAD, "E-4 t.px: DATA has 0 values, expected 4 (STUB x "
                      "HEADING = 2 x 2); the file ends without the ';' that "
                      "closes DATA (truncated?)");
    /* the cells before a wrong count were handed out (and a run that
     * stored them is rolled back by the core) */
    PX(HEAD "1 2 3;", HEAD_OUT "1 2 3 E-4 t.px: DATA has 3 values, expected "
                      "4 (STUB x HEADING = 2 x 2)");
}

static void test_header_errors(void)
{
    PX("TITLE=\"abc;\nSTUB=\"a\";",
       "E-4 t.px:1: unterminated string in TITLE (the line ends before its "
       "closing '\"')");
    PX("STUB=\"a\";\nTITLE=\"abc", "E-4 t.px:2: unterminated string in TITLE "
                                   "(the file ends before its closing '\"')");
    PX("STUB=\"a\";\nVALUES(\"a\")=\"x,\n\"y\";\n",
       "E-4 t.px:2: unterminated string in VALUES (the line ends before its "
       "closing '\"')");
    PX("MATRIX=\"T\";\nSTUB=\"a\";\nVALUES(\"a\")=\"x\";\n",
       "E-4 t.px: no DATA keyword (the file ends at line 4)");
    PX("", "E-4 t.px: no DATA keyword (the file ends at line 1)");
    PX("MATRIX=\"T\";\nDATA=1;", "E-4 t.px: no STUB or HEADING keyword");
    PX("STUB=\"a\";HEADING=\"tid\";\nVALUES(\"a\")=\"x\",\"y\";\n"
       "CODES(\"a\")=\"1\",\"2\",\"3\";\nVALUES(\"tid\")=\"2020\";DATA=1 2;",
       "E-4 t.px:3: CODES(\"a\") has 3 codes but VALUES(\"a\") has 2 values");
    PX("STUB=\"a\";\nHEADING=\"tid\";\nVALUES(\"tid\")=\"2020\";DATA=1;",
       "E-4 t.px:1: variable \"a\" has no VALUES");
    PX("STUB=\"a\";HEADING=\"tid\";\nVALUES(\"a\")=\"x\";\n"
       "VALUES(\"a\")=\"y\";VALUES(\"tid\")=\"1\";DATA=1;",
       "E-4 t.px:3: VALUES(\"a\") is given twice (first at line 2)");
    PX("STUB=\"a\";HEADING=\"tid\";\nVALUES(\"a\")=\"x\",\"y\";\n"
       "CODES(\"a\")=\"1\",\"1\";VALUES(\"tid\")=\"1\";DATA=1 2;",
       "E-4 t.px:3: CODES(\"a\") lists \"1\" twice");
    PX("STUB=\"a\",\"a\";VALUES(\"a\")=\"x\";DATA=1;",
       "E-4 t.px:1: variable \"a\" is named twice in STUB and HEADING");
    PX("STUB=\"a\";\nVALUES(\"a\")=\"x\",;\nDATA=1;",
       "E-4 t.px:2: VALUES(\"a\"): expected a list of quoted strings");
    PX("STUB=\"a\";\nVALUES(\"a\")=x;\nDATA=1;",
       "E-4 t.px:2: VALUES(\"a\"): expected a list of quoted strings");
    PX("MATRIX\n;", "E-4 t.px:2: MATRIX: expected '=', found ';'");
    PX("MATRIX=;", "E-4 t.px:1: MATRIX has no value");
    PX("MATRIX=\"a\" = \"b\";",
       "E-4 t.px:1: unexpected '=' in the value of MATRIX");
    PX("MATRIX[=\"a\";", "E-4 t.px:1: MATRIX: expected a language code and "
                         "']' after '[', found '='");
    PX("VALUES(x)=\"a\";",
       "E-4 t.px:1: VALUES: expected a quoted subkey, found 'x'");
    PX("VALUES(\"x\" \"y\")=\"a\";", "E-4 t.px:1: VALUES: expected ',' or ')' "
                                     "after a subkey, found '\"'");
    PX("STUB=\"a\";\nDATA(\"a\")=1;",
       "E-4 t.px:2: DATA takes no language or subkeys");
    PX("STUB=\"a\";\nTITLE=\"a\x00" "b\";",
       "E-4 t.px:2: a NUL byte in a string of TITLE");
    PX("STUB=\"a\";\nKEYS(\"a\")=VALUES;\nVALUES(\"a\")=\"x\";DATA=\"x\" 1;",
       "E-4 t.px:2: KEYS (sparse data with keys in DATA) is not supported");
    PX("STUB=\"a\";VALUES(\"a\")=\"x\";\nDECIMALS=16;DATA=1;",
       "E-4 t.px:2: DECIMALS must be a whole number from 0 to 15");
    PX("STUB=\"a\";VALUES(\"a\")=\"x\";\nDECIMALS=two;DATA=1;",
       "E-4 t.px:2: DECIMALS must be a whole number from 0 to 15");
    PX("STUB=\"a\";VALUES(\"a\")=\"x\";\nCONTVARIABLE=\"b\";DATA=1;",
       "E-4 t.px:2: CONTVARIABLE \"b\" is not a variable of STUB or HEADING");
    PX("STUB=\"a\";VALUES(\"a\")=\"x\";VARIABLECODE(\"a\")=\"tid\";\n"
       "HEADING=\"tid\";VALUES(\"tid\")=\"1\";DATA=1;",
       "E-4 t.px: variables \"a\" and \"tid\" have the same code \"tid\"");
}

static void test_garbage(void)
{
    PX("\x00\x01garbage", "E-4 t.px:1: expected a keyword, found byte 0x00");
    PX("\xFF\xFE" "S\x00T\x00U\x00B\x00",
       "E-4 t.px:1: expected a keyword, found byte 0xFF");
    PX("\xEF\xBB" "STUB", "E-4 t.px:1: expected a keyword, found byte 0xEF");
    PX("STUB=\"a\";\n\n  ;", "E-4 t.px:3: expected a keyword, found ';'");
    PX("STUB=\"a\";\n%PDF-1.4", "E-4 t.px:2: expected a keyword, found '%'");
    PX("STUB=\"a\"\x80;", "E-4 t.px:1: unexpected byte 0x80 in the value of "
                          "STUB");
    PX_END_LINE(HEAD "1 2 \xFF\xFE 4;",
                "E-4 t.px:7: DATA value 3 ('\\xFF\\xFE') is not a number or a "
                "missing-value marker");
    PX_END_LINE(HEAD "1 2\n3 abc;", "E-4 t.px:8: DATA value 4 ('abc') is not "
                                    "a number or a missing-value marker");
    PX_END_LINE(HEAD "1 2 3 4 FOO=\"x\";",
                "E-4 t.px:7: DATA value 5 ('FOO=') is not a number or a "
                "missing-value marker");
    PX_END_LINE(HEAD "1 2 \"3 4;\n",
                "E-4 t.px:7: unterminated string in DATA");
    PX_END_LINE(HEAD "1 2 3 \x00;", "E-4 t.px:7: DATA value 4 ('\\x00') is "
                                    "not a number or a missing-value marker");
    PX_END_LINE(HEAD "1 2 3 "
                     "12345678901234567890123456789012345678901234567890"
                     "123456789012345;",
                "E-4 t.px:7: a DATA value longer than 64 bytes "
                "('1234567890123456...')");
}

/* Random bytes, and random damage to a good file: an answer either way,
 * the same however the input is split, and no crash. */
static void test_hostile(void)
{
    uint32_t s = 2463534242u;
    static const char good[] = HEAD "1 2 \"..\" 4;\n";
    char buf[sizeof good];
    for (int round = 0; round < 300; round++) {
        memcpy(buf, good, sizeof good);
        for (int k = 0; k < 1 + round % 4; k++) {
            s ^= s << 13, s ^= s >> 17, s ^= s << 5;
            buf[s % (sizeof good - 1)] = (char)(s >> 8);
        }
        free(px_parse_all(buf, sizeof good - 1, NULL));
    }
    /* too many variables, too many cells, a huge header */
    amb_buf b = {0};
    amb_buf_puts(&b, "STUB=");
    for (int i = 0; i < 33; i++)
        amb_buf_printf(&b, "%s\"v%d\"", i ? "," : "", i);
    amb_buf_puts(&b, ";DATA=;");
    char *t = px_parse_all(b.data, b.len, NULL);
    EXPECT_STR(t, "E-8 t.px:1: 33 variables in STUB and HEADING; at most 32");
    free(t);
    amb_buf_reset(&b);
    amb_buf_puts(&b, "STUB=");
    for (int i = 0; i < 20; i++)
        amb_buf_printf(&b, "%s\"v%d\"", i ? "," : "", i);
    amb_buf_puts(&b, ";\n");
    for (int i = 0; i < 20; i++) {
        amb_buf_printf(&b, "VALUES(\"v%d\")=", i);
        for (int j = 0; j < 100; j++)
            amb_buf_printf(&b, "%s\"%d\"", j ? "," : "", j);
        amb_buf_puts(&b, ";\n");
    }
    amb_buf_puts(&b, "DATA=1;");
    t = px_transcript(b.data, b.len, NULL, 0);
    EXPECT_STR(t, "E-8 t.px: the table has too many cells");
    free(t);
    amb_buf_reset(&b);
    amb_buf_puts(&b, "STUB=\"a\";\nNOTE=\"");
    for (int i = 0; i < (17 << 20) / 64; i++)
        amb_buf_puts(&b, "0123456789abcdef0123456789abcdef"
                         "0123456789abcdef0123456789abcdef");
    amb_buf_puts(&b, "\";DATA=1;");
    t = px_transcript(b.data, b.len, NULL, 0);
    EXPECT_STR(t, "E-8 t.px:2: the header is larger than 16 MiB");
    free(t);
    /* more kept entries than the lookups are allowed to search */
    amb_buf_reset(&b);
    for (int i = 0; i <= 65536; i++)
        amb_buf_printf(&b, "CODES(\"v%d\")=\"1\";\n", i);
    t = px_transcript(b.data, b.len, NULL, 0);
    EXPECT_STR(t, "E-8 t.px:65537: more than 65536 entries of the keywords "
                  "that describe the table");
    free(t);
    /* a variable with 100,000 values and one cell each */
    amb_buf_reset(&b);
    amb_buf_puts(&b, "HEADING=\"tid\";VALUES(\"tid\")=");
    for (int j = 0; j < 100000; j++)
        amb_buf_printf(&b, "%s\"%d\"", j ? "," : "", j);
    amb_buf_puts(&b, ";DATA=");
    for (int j = 0; j < 100000; j++)
        amb_buf_puts(&b, j % 3 ? "1 " : "\"..\" ");
    amb_buf_puts(&b, ";");
    t = px_transcript(b.data, b.len, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "time=tid cells=100000\n"));
    CU_ASSERT(strlen(t) > 8 && strcmp(t + strlen(t) - 3, "END") == 0);
    free(t);
    amb_buf_free(&b);
}

static void test_numbers(void)
{
    static const struct {
        const char *s;
        int ok;
        double v;
    } cases[] = {
        {"0", 1, 0},          {"42", 1, 42},         {"-42", 1, -42},
        {"+7", 1, 7},         {"3.25", 1, 3.25},     {"0.1", 1, 0.1},
        {".5", 1, 0.5},       {"5.", 1, 5},          {"1e3", 1, 1000},
        {"1.5E-2", 1, 0.015}, {"007", 1, 7},         {"0.000123", 1, 0.000123},
        {"12345678901234567890123", 1, 12345678901234567890123.0},
        {"1e300", 1, 1e300},  {"123456.789012", 1, 123456.789012},
        {"", 0, 0},           {"-", 0, 0},           {".", 0, 0},
        {"1.2.3", 0, 0},      {"1e", 0, 0},          {"1e+", 0, 0},
        {"1,5", 0, 0},        {"0x10", 0, 0},        {"inf", 0, 0},
        {"nan", 0, 0},        {"1e999", 0, 0},       {" 1", 0, 0},
        {"1 ", 0, 0},         {"--1", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double d = -1;
        int rc = px_parse_number(cases[i].s, strlen(cases[i].s), &d);
        if ((rc == 0) != cases[i].ok || (rc == 0 && d != cases[i].v))
            fprintf(stderr, "\nnumber '%s': rc %d, %.17g\n", cases[i].s, rc, d);
        CU_ASSERT_EQUAL(rc == 0, cases[i].ok);
        if (rc == 0)
            CU_ASSERT_EQUAL(d, cases[i].v);
    }
}

int main(void)
{
    char *so = amb_xasprintf("%s/plugins/.libs/px.so", amb_test_builddir());
    void *handle = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        fprintf(stderr, "test_px: cannot load %s: %s (build plugins/px.la "
                        "first)\n", so, dlerror());
        free(so);
        return 1;
    }
    free(so);
    px_plugin = (const amb_plugin *)dlsym(handle, AMB_PLUGIN_SYMBOL);
    if (!px_plugin) {
        fprintf(stderr, "test_px: no %s in the plugin\n", AMB_PLUGIN_SYMBOL);
        dlclose(handle);
        return 1;
    }
    AMB_TEST_SUITE("px_syntax", {"basic", test_basic},
                   {"strings", test_strings}, {"data forms", test_data_forms},
                   {"counts", test_counts},
                   {"header errors", test_header_errors},
                   {"garbage", test_garbage}, {"hostile", test_hostile},
                   {"numbers", test_numbers});
    px_text_suites();
    px_plugin_suites();
    px_sample_suites();
    px_run_suites();
    int rc = amb_test_run();
    dlclose(handle);
    return rc;
}
