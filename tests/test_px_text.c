/*
 * test_px_text.c - the PX parser's texts: encodings (declared, real and
 * wrong), languages, TIMEVAL in all its forms and the time variable.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "px_parse.h"
#include "testutil.h"
#include "util.h"

/* From test_px.c. */
char *px_transcript(const char *in, size_t len, const px_options *o,
                    size_t chunk);
char *px_parse_all(const char *in, size_t len, const px_options *o);
void px_expect_str(const char *got, const char *want, const char *file,
                   int line);
void px_text_suites(void);

#define EXPECT_STR(got, want) px_expect_str((got), (want), __FILE__, __LINE__)

/* A parsed header with its warnings. */
typedef struct opened {
    px_mem mem;
    px_parser *p;
    const px_table *t;
    amb_buf warnings;
    int rc;
} opened;

static void collect_warning(void *ud, const char *msg)
{
    amb_buf *b = ud;
    amb_buf_printf(b, "%s\n", msg);
}

/* Read the header of in (a string literal) with options time and lang. */
static void px_open(opened *o, const char *in, size_t len, const char *time,
                    const char *lang)
{
    memset(o, 0, sizeof *o);
    o->mem = (px_mem){in, len, 0, 0};
    o->p = px_parser_new("t.px", px_read_mem, &o->mem);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o->p);
    px_options opts = {time, lang, collect_warning, &o->warnings};
    o->rc = px_read_header(o->p, &opts, &o->t);
}

static void px_close(opened *o)
{
    px_parser_free(o->p);
    amb_buf_free(&o->warnings);
}

#define OPEN(o, in, time, lang) px_open((o), (in), sizeof(in) - 1, (time), (lang))
#define WARNINGS(o) ((o)->warnings.data ? (o)->warnings.data : "")

/* The error of the header in, with options time and lang. */
#define HEADER_ERR(in, time, lang, want)                                \
    do {                                                                \
        opened o_;                                                      \
        OPEN(&o_, in, time, lang);                                      \
        CU_ASSERT(o_.rc < 0);                                           \
        EXPECT_STR(px_parser_error(o_.p)->msg, (want));                 \
        px_close(&o_);                                                  \
    } while (0)

/* ------------------------------------------------------------ encodings */

static void test_ansi(void)
{
    static const char in[] =
        "CHARSET=\"ANSI\";\nSTUB=\"OMR\xC5" "DE\";HEADING=\"tid\";\n"
        "VALUES(\"OMR\xC5" "DE\")=\"L\xE6s\xF8\",\"Hj\xF8rring \x80\";\n"
        "CODES(\"OMR\xC5" "DE\")=\"825\",\"860\";\nVALUES(\"tid\")=\"2024\";\n"
        "DATA=1 2;";
    opened o;
    OPEN(&o, in, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    EXPECT_STR(o.t->encoding, "Windows-1252");
    EXPECT_STR(o.t->vars[0].id, "OMRÅDE");
    EXPECT_STR(o.t->vars[0].labels[0][0], "Læsø");
    EXPECT_STR(o.t->vars[0].labels[0][1], "Hjørring €");
    EXPECT_STR(o.t->vars[0].codes[1], "860");
    EXPECT_STR(WARNINGS(&o), "");
    px_close(&o);
    /* no CHARSET and no CODEPAGE: DOS code page 850, as the format says */
    static const char dos[] = "STUB=\"\x91r\";VALUES(\"\x91r\")=\"1\";DATA=1;";
    OPEN(&o, dos, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    EXPECT_STR(o.t->encoding, "IBM850");
    EXPECT_STR(o.t->vars[0].id, "ær");
    px_close(&o);
    /* only ASCII: nothing to decode, whatever is declared */
    static const char ascii[] =
        "CODEPAGE=\"klingon\";STUB=\"a\";VALUES(\"a\")=\"1\";DATA=1;";
    OPEN(&o, ascii, NULL, NULL);
    CU_ASSERT_EQUAL(o.rc, 0);
    EXPECT_STR(o.t->encoding, "klingon");
    px_close(&o);
}

static void test_latin(void)
{
    /* ISO-8859-15: 0xA4 is the euro sign; 0x92 is read as Windows-1252 */
    static const char in[] =
        "CODEPAGE=\"iso-8859-15\";\nSTUB=\"a\";VALUES(\"a\")=\"\xA4\",\n"
        "\"d\x92" "automobiles\";DATA=1 2;";
    opened o;
    OPEN(&o, in, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    EXPECT_STR(o.t->encoding, "iso-8859-15");
    EXPECT_STR(o.t->vars[0].codes[0], "€");
    EXPECT_STR(o.t->vars[0].codes[1], "d’automobiles");
    EXPECT_STR(WARNINGS(&o), "t.px:3: bytes 0x80-0x9F are control characters "
                             "in iso-8859-15; read as Windows-1252\n");
    px_close(&o);
    static const char l1[] =
        "CODEPAGE=\"ISO_8859-1\";STUB=\"a\";VALUES(\"a\")=\"\xA4\";DATA=1;";
    OPEN(&o, l1, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    EXPECT_STR(o.t->vars[0].codes[0], "¤");
    px_close(&o);
}

static void test_declared_wrong(void)
{
    /* declared Latin, really UTF-8: valid UTF-8 wins, with a warning */
    static const char in[] =
        "CHARSET=\"ANSI\";\nCODEPAGE=\"iso-8859-15\";\nSTUB=\"køn\";\n"
        "VALUES(\"køn\")=\"Mænd\";DATA=1;";
    opened o;
    OPEN(&o, in, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    EXPECT_STR(o.t->encoding, "UTF-8");
    EXPECT_STR(o.t->vars[0].codes[0], "Mænd");
    EXPECT_STR(WARNINGS(&o), "t.px: declares CODEPAGE \"iso-8859-15\" but its "
                             "text is valid UTF-8: read as UTF-8\n");
    px_close(&o);
    static const char ansi[] =
        "CHARSET=\"ANSI\";\nSTUB=\"køn\";VALUES(\"køn\")=\"1\";DATA=1;";
    OPEN(&o, ansi, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    EXPECT_STR(WARNINGS(&o), "t.px: declares CHARSET \"ANSI\" (Windows-1252) "
                             "but its text is valid UTF-8: read as UTF-8\n");
    px_close(&o);
    /* a byte order mark: UTF-8, no warning */
    static const char bom[] =
        "\xEF\xBB\xBF" "CODEPAGE=\"utf-8\";STUB=\"år\";VALUES(\"år\")=\"1\";"
        "DATA=1;";
    OPEN(&o, bom, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    EXPECT_STR(o.t->vars[0].id, "år");
    CU_ASSERT_EQUAL(o.t->time_var, 0);
    EXPECT_STR(WARNINGS(&o), "");
    px_close(&o);
    HEADER_ERR("\xEF\xBB\xBF" "STUB=\"a\";\nVALUES(\"a\")=\"\xE6\";DATA=1;",
               NULL, NULL, "t.px:2: not valid UTF-8, though the file starts "
                           "with a UTF-8 byte order mark");
    HEADER_ERR("CODEPAGE=\"UTF-8\";\nSTUB=\"a\";\nVALUES(\"a\")=\"\xE6\";"
               "DATA=1;", NULL, NULL,
               "t.px:3: not valid UTF-8, though CODEPAGE is \"UTF-8\"");
    HEADER_ERR("CODEPAGE=\"klingon\";\nSTUB=\"a\";VALUES(\"a\")=\"\xE6\";"
               "DATA=1;", NULL, NULL,
               "t.px:1: CODEPAGE \"klingon\" is not an encoding this system "
               "can decode");
    HEADER_ERR("CHARSET=\"ANSI\";\nSTUB=\"a\";VALUES(\"a\")=\"\x81\";DATA=1;",
               NULL, NULL,
               "t.px:2: byte 0x81 is not a character in Windows-1252");
}

/* ------------------------------------------------------------ languages */

#define TWO_LANGS                                                          \
    "LANGUAGE=\"da\";\nLANGUAGES=\"da\",\"en\";\nTITLE=\"Titel\";\n"         \
    "TITLE[en]=\"Title\";\nUNITS=\"antal\";\nSTUB=\"område\";\n"             \
    "STUB[en]=\"region\";\nHEADING=\"tid\";\nHEADING[en]=\"time\";\n"        \
    "VALUES(\"område\")=\"Læsø\",\"Aalborg\";\n"                             \
    "VALUES[en](\"region\")=\"Læsø island\",\"Aalborg city\";\n"             \
    "CODES(\"område\")=\"825\",\"851\";\nVALUES(\"tid\")=\"2024\";\n"

static void test_languages(void)
{
    static const char in[] = TWO_LANGS "DATA=1 2;";
    opened o;
    OPEN(&o, in, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    const px_table *t = o.t;
    CU_ASSERT_EQUAL(t->nlang, 2);
    EXPECT_STR(t->langs[0], "da");
    EXPECT_STR(t->langs[1], "en");
    CU_ASSERT_EQUAL(t->main_lang, 0);
    EXPECT_STR(t->title, "Titel");
    EXPECT_STR(t->units, "antal");
    EXPECT_STR(t->vars[0].names[1], "region");
    EXPECT_STR(t->vars[0].labels[1][0], "Læsø island");
    EXPECT_STR(t->vars[1].names[1], "time");
    CU_ASSERT_PTR_NULL(t->vars[1].labels[1]); /* tid has no VALUES[en] */
    px_close(&o);
    /* the main language: titles switch, the units fall back to da */
    OPEN(&o, in, NULL, "EN");
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    CU_ASSERT_EQUAL(o.t->main_lang, 1);
    EXPECT_STR(o.t->title, "Title");
    EXPECT_STR(o.t->units, "antal");
    px_close(&o);
    HEADER_ERR(TWO_LANGS "DATA=1 2;", NULL, "fr",
               "t.px: option lang = \"fr\", but the file's languages are da, "
               "en");
    HEADER_ERR("STUB=\"a\";VALUES(\"a\")=\"1\";DATA=1;", NULL, "da",
               "t.px: option lang = \"da\", but the file's languages are not "
               "named");
    HEADER_ERR(TWO_LANGS "VALUES[en](\"time\")=\"2024\",\"2025\";\nDATA=1 2;",
               NULL, NULL,
               "t.px:14: VALUES[en](\"time\") has 2 values but VALUES(\"tid\") "
               "has 1");
    HEADER_ERR(TWO_LANGS "STUB[en]=\"region\",\"x\";\nDATA=1 2;", NULL, NULL,
               "t.px:14: STUB[en] is given twice (first at line 7)");
    HEADER_ERR("LANGUAGE=\"da\";\nLANGUAGES=\"da\",\"en\";\nSTUB=\"a\";\n"
               "STUB[en]=\"b\",\"c\";\nVALUES(\"a\")=\"1\";DATA=1;", NULL, NULL,
               "t.px:4: STUB[en] names 2 variables but STUB names 1");
    /* TITLE and TITLE[da] in a da file are the same keyword */
    HEADER_ERR("LANGUAGE=\"da\";\nTITLE=\"a\";\nTITLE[da]=\"b\";\nSTUB=\"a\";"
               "VALUES(\"a\")=\"1\";DATA=1;", NULL, NULL,
               "t.px:3: TITLE[da] is given twice (first at line 2)");
    /* a language no LANGUAGES names is still a language */
    static const char extra[] = "LANGUAGE=\"sv\";STUB=\"a\";STUB[fi]=\"b\";"
                                "VALUES(\"a\")=\"1\";VALUES[fi](\"b\")=\"yksi\";"
                                "DATA=1;";
    OPEN(&o, extra, NULL, "fi");
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    CU_ASSERT_EQUAL(o.t->nlang, 2);
    EXPECT_STR(o.t->vars[0].labels[1][0], "yksi");
    px_close(&o);
    amb_buf b = {0};
    amb_buf_puts(&b, "STUB=\"a\";VALUES(\"a\")=\"1\";\n");
    for (int i = 0; i < 17; i++)
        amb_buf_printf(&b, "TITLE[l%d]=\"x\";\n", i);
    amb_buf_puts(&b, "DATA=1;");
    char *tr = px_transcript(b.data, b.len, NULL, 0);
    EXPECT_STR(tr, "E-8 t.px:17: more than 16 languages");
    free(tr);
    amb_buf_free(&b);
}

/* ------------------------------------------------------------ TIMEVAL */

/* A table of one variable "tid" with values V and TIMEVAL T. */
#define TV(values, timeval)                                               \
    "STUB=\"x\";HEADING=\"tid\";VALUES(\"x\")=\"1\";\nVALUES(\"tid\")="    \
    values ";\nTIMEVAL(\"tid\")=" timeval ";\nDATA=\n"

static void expect_scale(const char *in, size_t len, const char *scale)
{
    opened o;
    px_open(&o, in, len, NULL, NULL);
    if (o.rc)
        fprintf(stderr, "\n%s\n", px_parser_error(o.p)->msg);
    CU_ASSERT_EQUAL(o.rc, 0);
    if (o.rc == 0) {
        CU_ASSERT_EQUAL(o.t->time_var, 1);
        if (scale)
            EXPECT_STR(o.t->timescale, scale);
        else
            CU_ASSERT_PTR_NULL(o.t->timescale);
    }
    px_close(&o);
}
#define SCALE(in, scale) expect_scale((in), sizeof(in) - 1, (scale))

static void test_timeval(void)
{
    SCALE(TV("\"2020\",\"2021\"", "TLIST(A1),\"2020\",\"2021\""), "A1");
    SCALE(TV("\"2020\",\"2021\"", "TLIST(A1, \"2020\"-\"2021\")"), "A1");
    SCALE(TV("\"2020\",\"2021\"", "TLIST( A1 , \"2020\" - \"2021\" )"), "A1");
    SCALE(TV("\"2020\",\"2021\"", "\"2020\",\"2021\""), NULL);
    SCALE(TV("\"a\",\"b\",\"c\",\"d\"", "TLIST(H1, \"20201\"-\"20212\")"),
          "H1");
    SCALE(TV("\"2023K4\",\"2024K1\"", "TLIST(Q1),\"20234\",\"20241\""), "Q1");
    SCALE(TV("\"a\",\"b\",\"c\",\"d\"", "TLIST(M1, \"202011\"-\"202102\")"),
          "M1");
    /* 2020 has 53 ISO weeks, 2021 has 52 */
    SCALE(TV("\"a\",\"b\",\"c\"", "TLIST(W1, \"202052\"-\"202101\")"), "W1");
    SCALE(TV("\"a\",\"b\",\"c\"", "TLIST(W1, \"202151\"-\"202201\")"), "W1");
    SCALE(TV("\"a\",\"b\"", "TLIST(W1),\"202053\",\"202101\""), "W1");

    HEADER_ERR(TV("\"2020\"", "TLIST(X1),\"2020\""), NULL, NULL,
               "t.px:3: TIMEVAL(\"tid\"): unknown time scale \"X1\" (A1, H1, "
               "Q1, M1 or W1)");
    HEADER_ERR(TV("\"2020\",\"2021\"", "TLIST(A1),\"2020\",\"20x1\""), NULL,
               NULL, "t.px:3: TIMEVAL(\"tid\"): \"20x1\" is not a period of "
                     "TLIST(A1)");
    HEADER_ERR(TV("\"2020\",\"2021\"", "TLIST(Q1),\"20205\",\"20211\""), NULL,
               NULL, "t.px:3: TIMEVAL(\"tid\"): \"20205\" is not a period of "
                     "TLIST(Q1)");
    HEADER_ERR(TV("\"a\"", "TLIST(W1),\"202153\""), NULL, NULL,
               "t.px:3: TIMEVAL(\"tid\"): \"202153\" is not a period of "
               "TLIST(W1)");
    HEADER_ERR(TV("\"a\"", "TLIST(M1),\"202013\""), NULL, NULL,
               "t.px:3: TIMEVAL(\"tid\"): \"202013\" is not a period of "
               "TLIST(M1)");
    HEADER_ERR(TV("\"2020\",\"2021\"", "TLIST(A1),\"2020\""), NULL, NULL,
               "t.px:3: TIMEVAL(\"tid\") has 1 periods but VALUES(\"tid\") "
               "has 2");
    HEADER_ERR(TV("\"2020\",\"2021\"", "TLIST(A1, \"2020\"-\"2022\")"), NULL,
               NULL, "t.px:3: TIMEVAL(\"tid\") has 3 periods but "
                     "VALUES(\"tid\") has 2");
    HEADER_ERR(TV("\"2020\",\"2021\"", "TLIST(A1, \"2021\"-\"2020\")"), NULL,
               NULL, "t.px:3: TIMEVAL(\"tid\"): the range \"2021\"-\"2020\" "
                     "runs backwards");
    HEADER_ERR(TV("\"2020\"", "TLIST(A1)"), NULL, NULL,
               "t.px:3: TIMEVAL(\"tid\"): TLIST(A1) lists no periods");
    static const char *const syntax[] = {
        TV("\"2020\"", "TLIST A1"), TV("\"2020\"", "TLIST(A1,\"2020\")"),
        TV("\"2020\"", "TLIST(A1),\"2020\","),
        TV("\"2020\"", "TLIST(A1, \"2020\"-\"2020\"),\"2020\""),
        TV("\"2020\"", "TIMES(A1),\"2020\""), TV("\"2020\"", "YES")};
    for (size_t i = 0; i < sizeof syntax / sizeof *syntax; i++) {
        opened o;
        px_open(&o, syntax[i], strlen(syntax[i]), NULL, NULL);
        CU_ASSERT(o.rc < 0);
        EXPECT_STR(px_parser_error(o.p)->msg,
                   "t.px:3: TIMEVAL(\"tid\"): expected TLIST(scale),"
                   "\"period\",... or TLIST(scale, \"first\"-\"last\")");
        px_close(&o);
    }
    HEADER_ERR("STUB=\"a\";VALUES(\"a\")=\"1\";\nTIMEVAL(\"b\")=TLIST(A1),"
               "\"2020\";DATA=1;", NULL, NULL,
               "t.px:2: TIMEVAL(\"b\") names no variable of STUB or HEADING");
    HEADER_ERR("STUB=\"a\",\"b\";VALUES(\"a\")=\"1\";VALUES(\"b\")=\"1\";\n"
               "TIMEVAL(\"a\")=\"2020\";\nTIMEVAL(\"b\")=\"2020\";DATA=1;",
               NULL, NULL,
               "t.px:3: TIMEVAL is given for both \"a\" and \"b\"");
    HEADER_ERR("STUB=\"a\";VALUES(\"a\")=\"1\";\nTIMEVAL(\"a\",\"b\")=\"2020\";"
               "DATA=1;", NULL, NULL,
               "t.px:2: TIMEVAL(\"a\",\"b\"): expected one variable name in "
               "parentheses");
}

static void test_time_variable(void)
{
    /* TIMEVAL decides, whatever the names */
    static const char tv[] =
        "STUB=\"tid\";HEADING=\"periode\";VALUES(\"tid\")=\"1\";"
        "VALUES(\"periode\")=\"2024M01\";TIMEVAL(\"periode\")=TLIST(M1),"
        "\"202401\";DATA=5;";
    char *t = px_parse_all(tv, sizeof tv - 1, NULL);
    EXPECT_STR(t, "time=periode cells=1\ntid=1\nperiode=2024M01\n5 END");
    free(t);
    /* else the usual names, ignoring case (Latin-1 letters too) */
    static const char *const names[] = {"Tid", "TIME", "ÅR", "Year", "år"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char *in = amb_xasprintf("STUB=\"kommune\",\"%s\";VALUES(\"kommune\")="
                                 "\"1\";VALUES(\"%s\")=\"2024\";DATA=5;",
                                 names[i], names[i]);
        opened o;
        px_open(&o, in, strlen(in), NULL, NULL);
        CU_ASSERT_EQUAL(o.rc, 0);
        CU_ASSERT_EQUAL(o.rc == 0 ? o.t->time_var : 9, 1);
        px_close(&o);
        free(in);
    }
    /* a code counts too: VARIABLECODE */
    static const char code[] =
        "STUB=\"Periode\",\"a\";VARIABLECODE(\"Periode\")=\"TID\";"
        "VALUES(\"Periode\")=\"2024\";VALUES(\"a\")=\"1\";DATA=5;";
    opened o;
    OPEN(&o, code, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    CU_ASSERT_EQUAL(o.t->time_var, 0);
    EXPECT_STR(o.t->vars[0].id, "TID");
    px_close(&o);
    /* none: the table says so (the plugin refuses it) */
    static const char none[] = "STUB=\"a\",\"b\";VALUES(\"a\")=\"1\";"
                               "VALUES(\"b\")=\"2\";DATA=5;";
    OPEN(&o, none, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    CU_ASSERT_EQUAL(o.t->time_var, PX_NO_VAR);
    px_close(&o);
    /* option time: by code or by name in any language, ignoring case */
    OPEN(&o, none, "B", NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    CU_ASSERT_EQUAL(o.t->time_var, 1);
    px_close(&o);
    OPEN(&o, TWO_LANGS "DATA=1 2;", "Region", NULL);
    CU_ASSERT_EQUAL_FATAL(o.rc, 0);
    CU_ASSERT_EQUAL(o.t->time_var, 0);
    px_close(&o);
    HEADER_ERR(none, "c", NULL, "t.px: option time = \"c\" names no variable "
                                "(the variables are \"a\", \"b\")");
    HEADER_ERR(TV("\"2020\"", "TLIST(A1),\"2020\"") "1;", "x", NULL,
               "t.px: option time = \"x\", but TIMEVAL makes \"tid\" the time "
               "variable");
    OPEN(&o, TV("\"2020\"", "TLIST(A1),\"2020\"") "1;", "TID", NULL);
    CU_ASSERT_EQUAL(o.rc, 0);
    px_close(&o);
}

void px_text_suites(void)
{
    AMB_TEST_SUITE("px_text", {"ansi", test_ansi}, {"latin", test_latin},
                   {"declared wrong", test_declared_wrong},
                   {"languages", test_languages}, {"timeval", test_timeval},
                   {"time variable", test_time_variable});
}
