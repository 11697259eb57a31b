/*
 * test_csv.c - the csv plugin: the tokenizer and number parser driven
 * directly, the column map through its API, and the built plugin (loaded
 * from the build tree with dlopen) through a recording amb_host.
 */
#include "config.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambit/plugin.h"
#include "csv_map.h"
#include "csv_parse.h"
#include "testutil.h"
#include "util.h"

/* Set once by main() before the suites run. */
static const amb_plugin *csv_plugin;

/* ------------------------------------------------------------ helpers */

static void expect_str(const char *got, const char *want, const char *file,
                       int line)
{
    int ok = got && want && strcmp(got, want) == 0;
    if (!ok)
        fprintf(stderr, "\n%s:%d:\n  got:  [%s]\n  want: [%s]\n", file, line,
                got ? got : "(null)", want ? want : "(null)");
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line,
                            "strings differ", file, "", CU_FALSE);
}
#define EXPECT_STR(got, want) expect_str((got), (want), __FILE__, __LINE__)

/* Tokenize in[0..len), reading chunk bytes at a time (0: all), into a
 * malloc'd transcript: "LINE:f1|f2\n" per record (CR, LF shown as \r \n),
 * then "EOF" or "E<code>@<line>: <message>". */
static char *transcript(const char *in, size_t len, char delim, size_t max,
                        size_t chunk)
{
    csv_mem m = {in, len, 0, chunk};
    csv_config cfg = {delim, max};
    csv_parser *p = csv_parser_new(&cfg, csv_read_mem, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    amb_buf b = {0};
    csv_record r;
    int rc;
    while ((rc = csv_next(p, &r)) == CSV_RECORD) {
        amb_buf_printf(&b, "%lu:", r.line);
        for (size_t i = 0; i < r.nfields; i++) {
            const csv_field *f = &r.fields[i];
            CU_ASSERT_EQUAL(strlen(f->s), f->len);
            if (i)
                amb_buf_putc(&b, '|');
            for (size_t k = 0; k < f->len; k++)
                amb_buf_puts(&b, f->s[k] == '\n'   ? "\\n"
                                 : f->s[k] == '\r' ? "\\r"
                                                   : (char[2]){f->s[k], 0});
        }
        amb_buf_putc(&b, '\n');
    }
    if (rc == CSV_EOF) {
        amb_buf_puts(&b, "EOF");
    } else {
        const csv_error *e = csv_parser_error(p);
        amb_buf_printf(&b, "E%d@%lu: %s", rc, e->line, e->msg);
        CU_ASSERT_EQUAL(csv_next(p, &r), rc); /* errors are sticky */
    }
    if (rc == CSV_EOF)
        CU_ASSERT_EQUAL(csv_parser_bytes(p), len);
    csv_parser_free(p);
    return b.data;
}

/* The transcript, checked to be the same however the input is split. */
static char *tok(const char *in, size_t len, char delim, size_t max)
{
    static const size_t chunks[] = {1, 2, 3, 5, 64};
    char *ref = transcript(in, len, delim, max, 0);
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        char *t = transcript(in, len, delim, max, chunks[i]);
        EXPECT_STR(t, ref);
        free(t);
    }
    return ref;
}

#define TOK(in, delim, max, want)                                    \
    do {                                                             \
        char *t_ = tok((in), sizeof(in) - 1, (delim), (max));        \
        EXPECT_STR(t_, (want));                                      \
        free(t_);                                                    \
    } while (0)

/* A deterministic byte generator (xorshift). */
static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* ------------------------------------------------------------ tokenizer */

static void test_tok_delimiters(void)
{
    TOK("a,b,c\n1,2,3\n", ',', 0, "1:a|b|c\n2:1|2|3\nEOF");
    TOK("a;b;c\n1,5;2;3\n", ';', 0, "1:a|b|c\n2:1,5|2|3\nEOF");
    TOK("a\tb c\n1\t2\n", '\t', 0, "1:a|b c\n2:1|2\nEOF");
    /* detection: the most frequent of ; , TAB outside quotes */
    TOK("a;b;c\n1,5;2;3\n", 0, 0, "1:a|b|c\n2:1,5|2|3\nEOF");
    TOK("x\ty,z\tw\n1\t2\t3\n", 0, 0, "1:x|y,z|w\n2:1|2|3\nEOF");
    TOK("\"a;b;c\",d\n", 0, 0, "1:a;b;c|d\nEOF");
    TOK("\n\nk,v\n", 0, 0, "3:k|v\nEOF");
    TOK("a;b,c\n", 0, 0, "1:a|b,c\nEOF");   /* a tie goes to ';' */
    TOK("single\n", 0, 0, "1:single\nEOF"); /* none: ',' */
    TOK("", 0, 0, "EOF");
    TOK("a|b\n", '|', 0, "1:a|b\nEOF");
    CU_ASSERT_PTR_NULL(csv_parser_new(&(csv_config){'"', 0}, csv_read_mem,
                                      &(csv_mem){"", 0, 0, 0}));
}

static void test_tok_quotes(void)
{
    TOK("\"a,b\",\"say \"\"hi\"\"\",\"\"\n", ',', 0,
        "1:a,b|say \"hi\"|\nEOF");
    /* line breaks inside quotes are kept and counted */
    TOK("\"one\ntwo\",x\ny,z\n", ',', 0, "1:one\\ntwo|x\n3:y|z\nEOF");
    TOK("\"a\r\nb\",c\r\nd,e\r\n", ',', 0, "1:a\\r\\nb|c\n3:d|e\nEOF");
    TOK("\"a\rb\r\r\nc\",d\ne\n", ',', 0, "1:a\\rb\\r\\r\\nc|d\n5:e\nEOF");
    TOK("\"\"\"\"\n", ',', 0, "1:\"\nEOF");
    TOK("a,\"\"\n", ',', 0, "1:a|\nEOF");
    TOK("\"a\"", ',', 0, "1:a\nEOF");
}

static void test_tok_lines(void)
{
    TOK("a,b\r\nc,d\r\n", ',', 0, "1:a|b\n2:c|d\nEOF");
    TOK("a,b\rc,d\r", ',', 0, "1:a|b\n2:c|d\nEOF");
    TOK("a\r\n\r\nb\n\nc", ',', 0, "1:a\n3:b\n5:c\nEOF");
    TOK("a\r\r\nb\n\r", ',', 0, "1:a\n3:b\nEOF");
    TOK("a,\n,\n,,x", ',', 0, "1:a|\n2:|\n3:||x\nEOF");
    TOK(" \n", ',', 0, "1: \nEOF"); /* spaces are not a blank line */
    /* byte order mark: skipped at the start only */
    TOK("\xEF\xBB\xBF" "a,b\n", ',', 0, "1:a|b\nEOF");
    TOK("\xEF\xBB\xBF", ',', 0, "EOF");
    TOK("a\n\xEF\xBB\xBF" "b\n", ',', 0, "1:a\n2:\xEF\xBB\xBF" "b\nEOF");
    TOK("\xC3\x85,\xE2\x82\xAC,\xF0\x9D\x84\x9E\n", ',', 0,
        "1:\xC3\x85|\xE2\x82\xAC|\xF0\x9D\x84\x9E\nEOF");
}

static void test_tok_errors(void)
{
    TOK("a,b\n\"c,d\ne,f\n", ',', 0,
        "1:a|b\nE-4@2: unterminated quoted field starting at column 1");
    TOK("a,b\nc,d\"e\n", ',', 0,
        "1:a|b\nE-4@2: quote inside an unquoted field at column 4");
    TOK("\"a\"b,c\n", ',', 0,
        "E-4@1: unexpected text after a closing quote at column 4");
    TOK("\xC3\xA6\xC3\xB8,\"x\"y\n", ',', 0,
        "E-4@1: unexpected text after a closing quote at column 7");
    /* the line of a record after multi-line quoted fields */
    TOK("\"a\nb\nc\",x\nd,\"e\"f\n", ',', 0,
        "1:a\\nb\\nc|x\nE-4@4: unexpected text after a closing quote at "
        "column 6");
    TOK("\"a\nb\xFF\",x\n", ',', 0,
        "E-4@1: invalid UTF-8 (byte 0xFF) at line 2, column 2");
    TOK("a,\xC3\x28\n", ',', 0, "E-4@1: invalid UTF-8 (byte 0xC3) at column 3");
    TOK("x\n\xC0\xAF\n", ',', 0, "1:x\nE-4@2: invalid UTF-8 (byte 0xC0) at column 1");
    TOK("\xE0\x80\xAF", ',', 0, "E-4@1: invalid UTF-8 (byte 0xE0) at column 1");
    TOK("\xF0\x80\x80\xAF", ',', 0, "E-4@1: invalid UTF-8 (byte 0xF0) at column 1");
    TOK("\xED\xA0\x80", ',', 0, "E-4@1: invalid UTF-8 (byte 0xED) at column 1");
    TOK("\xF4\x90\x80\x80", ',', 0, "E-4@1: invalid UTF-8 (byte 0xF4) at column 1");
    TOK("ab\x80", ',', 0, "E-4@1: invalid UTF-8 (byte 0x80) at column 3");
    TOK("a,\xE2\x82", ',', 0, "E-4@1: truncated UTF-8 sequence at column 3");
    TOK("\"\xE2\x82\"", ',', 0, "E-4@1: invalid UTF-8 (byte 0xE2) at column 2");
    TOK("a,b\0c\n", ',', 0, "E-4@1: NUL byte at column 4");
    TOK("\"a\nb\0\"\n", ',', 0, "E-4@1: NUL byte at line 2, column 2");
    TOK("\0", ',', 0, "E-4@1: NUL byte at column 1");
    /* the same bytes checked while detecting the delimiter or skipping */
    TOK("a;\xC0\n", 0, 0, "E-4@1: invalid UTF-8 (byte 0xC0) at column 3");
}

static void test_tok_limit(void)
{
    /* max_record counts bytes without the line break */
    TOK("0123456789abcdef\nx\n", ',', 16, "1:0123456789abcdef\n2:x\nEOF");
    TOK("0123456789abcdef", ',', 16, "1:0123456789abcdef\nEOF");
    TOK("ok\n0123456789abcdefg\n", ',', 16,
        "1:ok\nE-8@2: record longer than 16 bytes");
    TOK("\"0123456789\n\"\"abcdefg\"\n", ',', 16,
        "E-8@1: record longer than 16 bytes");
    /* a line far beyond the default limit: an error, not unbounded growth */
    size_t n = CSV_DEFAULT_MAX_RECORD * 3;
    char *big = malloc(n);
    memset(big, 'x', n);
    char *t = transcript(big, n, ',', 0, 0);
    EXPECT_STR(t, "E-8@1: record longer than 1048576 bytes");
    free(t);
    memset(big, '"', n); /* deeply quoted junk: even, so one long field */
    t = transcript(big, n, ',', 0, 0);
    EXPECT_STR(t, "E-8@1: record longer than 1048576 bytes");
    free(t);
    t = transcript(big, 1001, ',', 0, 0);
    EXPECT_STR(t, "E-4@1: unterminated quoted field starting at column 1");
    free(t);
    free(big);
}

static void test_tok_skip(void)
{
    static const char in[] = "Title; a; b\n\"multi\nline\"\nh1,h2\n1,2\n";
    for (size_t chunk = 0; chunk < 4; chunk++) {
        csv_mem m = {in, sizeof in - 1, 0, chunk};
        csv_parser *p = csv_parser_new(NULL, csv_read_mem, &m);
        csv_record r;
        CU_ASSERT_EQUAL(csv_skip(p, 2), 0);
        CU_ASSERT_EQUAL(csv_next(p, &r), CSV_RECORD);
        CU_ASSERT_EQUAL(r.line, 4);
        CU_ASSERT_EQUAL(csv_parser_delimiter(p), ',');
        CU_ASSERT_EQUAL(r.nfields, 2);
        CU_ASSERT_EQUAL(csv_next(p, &r), CSV_RECORD);
        CU_ASSERT_EQUAL(r.line, 5);
        CU_ASSERT_EQUAL(csv_next(p, &r), CSV_EOF);
        csv_parser_free(p);
    }
    csv_mem m = {"a\r\nb\r\n", 6, 0, 1};
    csv_parser *p = csv_parser_new(NULL, csv_read_mem, &m);
    csv_record r;
    CU_ASSERT_EQUAL(csv_skip(p, 5), 0);
    CU_ASSERT_EQUAL(csv_next(p, &r), CSV_EOF);
    csv_parser_free(p);
    m = (csv_mem){"t\"x\ny\n", 6, 0, 0};
    p = csv_parser_new(NULL, csv_read_mem, &m);
    CU_ASSERT_EQUAL(csv_skip(p, 1), CSV_ESYNTAX);
    EXPECT_STR(csv_parser_error(p)->msg,
               "unterminated quoted field starting at column 2");
    csv_parser_free(p);
}

static void test_tok_hostile(void)
{
    /* 100k columns in one record */
    size_t n = 100000;
    char *wide = malloc(n + 2);
    memset(wide, ',', n);
    memcpy(wide + n, "\n", 2);
    csv_mem m = {wide, n + 1, 0, 0};
    csv_parser *p = csv_parser_new(NULL, csv_read_mem, &m);
    csv_record r;
    CU_ASSERT_EQUAL(csv_next(p, &r), CSV_RECORD);
    CU_ASSERT_EQUAL(r.nfields, n + 1);
    CU_ASSERT_EQUAL(csv_next(p, &r), CSV_EOF);
    csv_parser_free(p);
    free(wide);

    /* binary garbage: always an error, in any split */
    uint32_t seed = 12345;
    char junk[8192];
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < sizeof junk; i++)
            junk[i] = (char)(next_rand(&seed) & 0xFF);
        char *t = tok(junk, sizeof junk, (char)(round % 2 ? ',' : 0), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "E-4@"));
        free(t);
    }
    /* quote/delimiter/line-break soup: terminates and stays consistent */
    static const char alphabet[] = "\"\",;\t\r\nab \xC3\xA6";
    for (int round = 0; round < 200; round++) {
        size_t len = next_rand(&seed) % 300;
        for (size_t i = 0; i < len; i++)
            junk[i] = alphabet[next_rand(&seed) % (sizeof alphabet - 1)];
        free(tok(junk, len, 0, 64));
    }
}

/* ------------------------------------------------------------ numbers */

static void test_numbers(void)
{
    static const struct {
        const char *in;
        char dec, sep;
        int ok;
        double want;
    } cases[] = {
        {"1234", '.', 0, 1, 1234},
        {"-12.5", '.', 0, 1, -12.5},
        {"+3", '.', 0, 1, 3},
        {"0.1", '.', 0, 1, 0.1},
        {".5", '.', 0, 1, 0.5},
        {"5.", '.', 0, 1, 5},
        {"1e3", '.', 0, 1, 1000},
        {"-2.5E-3", '.', 0, 1, -0.0025},
        {"6.02214076e23", '.', 0, 1, 6.02214076e23},
        {"123456789012345678901234567890", '.', 0, 1, 1.2345678901234568e29},
        {"0.000000000000000000000000123", '.', 0, 1, 1.23e-25},
        {"1e-400", '.', 0, 1, 0},
        {"0e999999", '.', 0, 1, 0},
        {"3,14", ',', 0, 1, 3.14},
        {"1.234.567,89", ',', '.', 1, 1234567.89},
        {"-1.000", ',', '.', 1, -1000},
        {"2,5e3", ',', '.', 1, 2500},
        {"1,234.5", '.', ',', 1, 1234.5},
        {"1 000 000", '.', ' ', 1, 1e6},
        {"1'000", '.', '\'', 1, 1000},
        {"12.5", ',', '.', 0, 0},      /* not groups of three */
        {"1.23.456", ',', '.', 0, 0},
        {"1234.567", ',', '.', 0, 0},
        {".123", ',', '.', 0, 0},
        {"1,5", '.', 0, 0, 0},
        {"", '.', 0, 0, 0},
        {".", '.', 0, 0, 0},
        {"-", '.', 0, 0, 0},
        {"+-1", '.', 0, 0, 0},
        {"e5", '.', 0, 0, 0},
        {"1e", '.', 0, 0, 0},
        {"1e+", '.', 0, 0, 0},
        {"abc", '.', 0, 0, 0},
        {"1 2", '.', 0, 0, 0},
        {"0x10", '.', 0, 0, 0},
        {"inf", '.', 0, 0, 0},
        {"nan", '.', 0, 0, 0},
        {"1e400", '.', 0, 0, 0},
        {"12a", '.', 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double d = -42;
        int rc = csv_parse_number(cases[i].in, strlen(cases[i].in),
                                  cases[i].dec, cases[i].sep, &d);
        if ((rc == 0) != cases[i].ok || (rc == 0 && d != cases[i].want))
            fprintf(stderr, "\nnumber '%s': rc %d value %.17g\n",
                    cases[i].in, rc, d);
        CU_ASSERT_EQUAL(rc == 0, cases[i].ok);
        if (cases[i].ok)
            CU_ASSERT_EQUAL(d, cases[i].want);
    }
}

/* ------------------------------------------------------------ column map */

/* Parse one record of text (for map tests); *p must be freed. */
static csv_parser *one_record(const char *text, csv_mem *m, csv_record *r)
{
    *m = (csv_mem){text, strlen(text), 0, 0};
    csv_parser *p = csv_parser_new(NULL, csv_read_mem, m);
    CU_ASSERT_EQUAL(csv_next(p, r), CSV_RECORD);
    return p;
}

static void test_map_inference(void)
{
    csv_opts o = {.decimal = '.', .header = 1};
    csv_mem m;
    csv_record r;
    csv_map map;
    char err[512];
    /* Latin-1 letters fold: "År" is a period name, "VÆRDI" a value name */
    csv_parser *p = one_record(" omr\xC3\xA5" "de ;VÆRDI;\xC3\x85R;k\xC3\xB8n\n",
                               &m, &r);
    CU_ASSERT_EQUAL(csv_map_init(&map, &o, &r, "f.csv", err, sizeof err), 0);
    CU_ASSERT_EQUAL(map.period_col, 2);
    CU_ASSERT_EQUAL(map.value_col, 1);
    CU_ASSERT_EQUAL(map.ndims, 2);
    EXPECT_STR(map.dims[0].id, "omr\xC3\xA5" "de");
    EXPECT_STR(map.dims[1].id, "k\xC3\xB8n");
    EXPECT_STR(map.time_id, "\xC3\x85R");
    csv_map_free(&map);
    csv_parser_free(p);

    /* no value name: the last column */
    p = one_record("a,month,n\n", &m, &r);
    CU_ASSERT_EQUAL(csv_map_init(&map, &o, &r, "f.csv", err, sizeof err), 0);
    CU_ASSERT_EQUAL(map.value_col, 2);
    CU_ASSERT_EQUAL(map.period_col, 1);
    csv_map_free(&map);
    csv_parser_free(p);

    p = one_record("a,b,time\n", &m, &r);
    CU_ASSERT_EQUAL(csv_map_init(&map, &o, &r, "f.csv", err, sizeof err),
                    AMB_ECONFIG);
    EXPECT_STR(err, "csv: no value column in f.csv (name it with "
                    "columns.value)");
    csv_map_free(&map);
    csv_parser_free(p);

    p = one_record("a,a,time,value\n", &m, &r);
    CU_ASSERT_EQUAL(csv_map_init(&map, &o, &r, "f.csv", err, sizeof err),
                    AMB_EPARSE);
    EXPECT_STR(err, "csv: f.csv has two columns named 'a'");
    csv_map_free(&map);
    csv_parser_free(p);

    p = one_record("a,,time,value\n", &m, &r);
    CU_ASSERT_EQUAL(csv_map_init(&map, &o, &r, "f.csv", err, sizeof err),
                    AMB_EPARSE);
    EXPECT_STR(err, "csv: column 2 of f.csv has no name in the header");
    csv_map_free(&map);
    csv_parser_free(p);

    /* given columns: out of range, used twice */
    o.value = (csv_colref){NULL, 5};
    p = one_record("a,b,time,value\n", &m, &r);
    CU_ASSERT_EQUAL(csv_map_init(&map, &o, &r, "f.csv", err, sizeof err),
                    AMB_ECONFIG);
    EXPECT_STR(err, "csv: columns.value 5 is out of range (f.csv has 4 "
                    "columns)");
    csv_map_free(&map);
    o.value = (csv_colref){"time", 0};
    CU_ASSERT_EQUAL(csv_map_init(&map, &o, &r, "f.csv", err, sizeof err),
                    AMB_ECONFIG);
    EXPECT_STR(err, "csv: column 3 of f.csv is both the period and the value");
    csv_map_free(&map);
    csv_parser_free(p);
}

/* ------------------------------------------------------------ the plugin */

/* Option trees as compound literals (valid in the enclosing block). */
#define STR(k, v) ((amb_opt){.type = AMB_OPT_STRING, .key = (k), .string = (v)})
#define NUM(k, v) ((amb_opt){.type = AMB_OPT_NUMBER, .key = (k), .number = (v)})
#define BOOL(k, v) ((amb_opt){.type = AMB_OPT_BOOL, .key = (k), .boolean = (v)})
#define TABLE(t, k, ...)                                                  \
    ((amb_opt){.type = (t), .key = (k),                                   \
               .items = (const amb_opt[]){__VA_ARGS__},                   \
               .count = sizeof((const amb_opt[]){__VA_ARGS__}) / sizeof(amb_opt)})
#define MAP(k, ...) TABLE(AMB_OPT_MAP, k, __VA_ARGS__)
#define LIST(k, ...) TABLE(AMB_OPT_LIST, k, __VA_ARGS__)
#define EMPTY(k) ((amb_opt){.type = AMB_OPT_MAP, .key = (k)})

typedef struct seen_obs {
    char *codes[AMB_MAX_DIMS];
    char *period, *flag;
    double value;
    int has_value;
} seen_obs;

/* The recording host's run: what the plugin told the core. */
struct amb_ctx {
    int begun;
    amb_dataset_desc desc;    /* strings owned */
    amb_dim dims[AMB_MAX_DIMS];
    seen_obs *obs;
    size_t nobs;
    char err[2048];
    int fail_rc, nfail;
    int nprogress;
    uint64_t progress_done, progress_total;
    /* fetch behaviour */
    const char *fetch_path;
    int fetch_unchanged, nfetch;
    char *fetch_url;
    size_t observe_fails_at;  /* 1-based call that returns AMB_ESTORE */
};

static const char *h_source_name(amb_ctx *c)
{
    (void)c;
    return "test";
}

static amb_rc h_fetch(amb_ctx *c, const amb_fetch_request *req,
                      amb_fetch_result *out)
{
    c->nfetch++;
    free(c->fetch_url);
    c->fetch_url = amb_xstrdup(req->url);
    if (!c->fetch_path) {
        snprintf(c->err, sizeof c->err, "fetch: %s: 404", req->url);
        return AMB_ENET;
    }
    out->path = c->fetch_path;
    out->status = 200;
    out->unchanged = c->fetch_unchanged;
    return AMB_OK;
}

static amb_rc h_dataset_begin(amb_ctx *c, const amb_dataset_desc *d)
{
    c->begun++;
    c->desc = *d;
    c->desc.id = amb_xstrdup(d->id);
    c->desc.title = amb_xstrdup(d->title);
    c->desc.unit = amb_xstrdup(d->unit);
    c->desc.time_id = amb_xstrdup(d->time_id);
    c->desc.time_label = amb_xstrdup(d->time_label);
    c->desc.origin = amb_xstrdup(d->origin);
    CU_ASSERT_FATAL(d->ndims <= AMB_MAX_DIMS);
    for (size_t i = 0; i < d->ndims; i++) {
        c->dims[i].id = amb_xstrdup(d->dims[i].id);
        c->dims[i].label = amb_xstrdup(d->dims[i].label);
    }
    c->desc.dims = c->dims;
    return AMB_OK;
}

static amb_rc h_dim_label(amb_ctx *c, size_t dim, const char *code,
                          const char *lang, const char *label)
{
    (void)c, (void)dim, (void)code, (void)lang, (void)label;
    CU_FAIL("the csv plugin has no code labels");
    return AMB_OK;
}

static amb_rc h_observe(amb_ctx *c, const char *const *codes,
                        const char *period, double value, int has_value,
                        const char *flag)
{
    CU_ASSERT_EQUAL(c->begun, 1);
    if ((c->nobs & (c->nobs - 1)) == 0) /* grow at powers of two */
        c->obs = amb_xrealloc(c->obs, (c->nobs ? c->nobs * 2 : 1) *
                                          sizeof *c->obs);
    seen_obs *o = &c->obs[c->nobs++];
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < c->desc.ndims; i++)
        o->codes[i] = amb_xstrdup(codes[i]);
    o->period = amb_xstrdup(period);
    o->flag = amb_xstrdup(flag);
    o->value = value;
    o->has_value = has_value;
    return c->nobs == c->observe_fails_at ? AMB_ESTORE : AMB_OK;
}

static amb_rc h_fail(amb_ctx *c, amb_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    c->fail_rc = rc;
    c->nfail++;
    return rc;
}

static void h_log(amb_ctx *c, amb_log_level level, const char *fmt, ...)
{
    (void)c, (void)level, (void)fmt;
}

static void h_progress(amb_ctx *c, uint64_t done, uint64_t total)
{
    CU_ASSERT(done >= c->progress_done);
    c->nprogress++;
    c->progress_done = done;
    c->progress_total = total;
}

static const amb_host host = {
    .abi_version = AMB_PLUGIN_ABI, .struct_size = sizeof(amb_host),
    .source_name = h_source_name, .fetch = h_fetch,
    .dataset_begin = h_dataset_begin, .dim_label = h_dim_label,
    .observe = h_observe, .fail = h_fail, .log = h_log,
    .progress = h_progress};

static void ctx_free(amb_ctx *c)
{
    free((char *)c->desc.id);
    free((char *)c->desc.title);
    free((char *)c->desc.unit);
    free((char *)c->desc.time_id);
    free((char *)c->desc.time_label);
    free((char *)c->desc.origin);
    for (size_t i = 0; i < AMB_MAX_DIMS; i++) {
        free((char *)c->dims[i].id);
        free((char *)c->dims[i].label);
    }
    for (size_t i = 0; i < c->nobs; i++) {
        for (size_t k = 0; k < AMB_MAX_DIMS; k++)
            free(c->obs[i].codes[k]);
        free(c->obs[i].period);
        free(c->obs[i].flag);
    }
    free(c->obs);
    free(c->fetch_url);
    memset(c, 0, sizeof *c);
}

/* Write data to a fresh file and import it with options; *path gets the
 * file (caller frees, and removes *dir with amb_test_rmtree). */
static amb_rc import_data(amb_ctx *c, const amb_opt *opts, const char *data,
                          size_t len, char **dir, char **path)
{
    memset(c, 0, sizeof *c);
    *dir = amb_test_tmpdir("csv");
    *path = amb_test_write(*dir, "in.csv", data, len);
    return csv_plugin->import(c, &host, opts, *path);
}

static void cleanup(amb_ctx *c, char *dir, char *path)
{
    ctx_free(c);
    amb_test_rmtree(dir);
    free(dir);
    free(path);
}

/* Import data and expect an error: rc and "PATH<suffix>" as message. */
#define IMPORT_FAILS(opts, data, want_rc, suffix)                          \
    do {                                                                   \
        amb_ctx c_;                                                        \
        char *d_, *p_;                                                     \
        amb_rc rc_ = import_data(&c_, (opts), (data), sizeof(data) - 1,    \
                                 &d_, &p_);                                \
        CU_ASSERT_EQUAL(rc_, (want_rc));                                   \
        CU_ASSERT_EQUAL(c_.fail_rc, (want_rc));                            \
        char *w_ = amb_xasprintf("%s%s", p_, (suffix));                    \
        EXPECT_STR(c_.err, w_);                                            \
        free(w_);                                                          \
        cleanup(&c_, d_, p_);                                              \
    } while (0)

/* Import data and expect an error message that mentions no path. */
#define IMPORT_FAILS_MSG(opts, data, want_rc, fmt)                         \
    do {                                                                   \
        amb_ctx c_;                                                        \
        char *d_, *p_;                                                     \
        amb_rc rc_ = import_data(&c_, (opts), (data), sizeof(data) - 1,    \
                                 &d_, &p_);                                \
        CU_ASSERT_EQUAL(rc_, (want_rc));                                   \
        char *w_ = amb_xasprintf((fmt), p_);                               \
        EXPECT_STR(c_.err, w_);                                            \
        CU_ASSERT_EQUAL(c_.begun, 0);                                      \
        free(w_);                                                          \
        cleanup(&c_, d_, p_);                                              \
    } while (0)

static void expect_obs(const amb_ctx *c, size_t i, const char *codes,
                       const char *period, int has_value, double value,
                       const char *flag, int line)
{
    char buf[256] = "";
    CU_ASSERT_FATAL(i < c->nobs);
    const seen_obs *o = &c->obs[i];
    for (size_t k = 0; k < c->desc.ndims; k++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s",
                 k ? "|" : "", o->codes[k]);
    expect_str(buf, codes, __FILE__, line);
    expect_str(o->period, period, __FILE__, line);
    CU_assertImplementation(o->has_value == has_value &&
                                (!has_value || o->value == value),
                            (unsigned)line, "value", __FILE__, "", CU_FALSE);
    CU_assertImplementation((!flag && !o->flag) ||
                                (flag && o->flag && !strcmp(flag, o->flag)),
                            (unsigned)line, "flag", __FILE__, "", CU_FALSE);
}
#define EXPECT_OBS(c, i, codes, period, has, value, flag) \
    expect_obs((c), (i), (codes), (period), (has), (value), (flag), __LINE__)

static char *fixture(const char *name)
{
    return amb_xasprintf("%s/tests/fixtures/csv/%s", amb_test_srcdir(), name);
}

static void test_plugin_descriptor(void)
{
    CU_ASSERT_EQUAL(csv_plugin->abi_version, AMB_PLUGIN_ABI);
    EXPECT_STR(csv_plugin->name, "csv");
    CU_ASSERT_EQUAL(csv_plugin->struct_size, sizeof(amb_plugin));
    EXPECT_STR(csv_plugin->version, "1.0");
    EXPECT_STR(csv_plugin->description,
               "Delimited text (CSV, semicolon, tab) with a Lua column map");
    CU_ASSERT_PTR_NOT_NULL(csv_plugin->check);
    CU_ASSERT_PTR_NOT_NULL(csv_plugin->collect);
    CU_ASSERT_PTR_NOT_NULL(csv_plugin->import);
}

/* StatBank style: BOM, CRLF, ';', decimal comma, thousands '.', "..". */
static void test_plugin_statbank(void)
{
    amb_opt opts = MAP(NULL, STR("dataset", "FOLK1A"), STR("decimal", ","),
                       STR("thousands", "."), STR("title", "Population"),
                       STR("unit", "persons"), STR("time_label", "tid"));
    amb_ctx c;
    memset(&c, 0, sizeof c);
    char *path = fixture("statbank.csv");
    CU_ASSERT_EQUAL(csv_plugin->import(&c, &host, &opts, path), AMB_OK);
    CU_ASSERT_EQUAL(c.nfail, 0);
    CU_ASSERT_EQUAL(c.begun, 1);
    EXPECT_STR(c.desc.id, "FOLK1A");
    EXPECT_STR(c.desc.title, "Population");
    EXPECT_STR(c.desc.unit, "persons");
    EXPECT_STR(c.desc.time_id, "TID");
    EXPECT_STR(c.desc.time_label, "tid");
    EXPECT_STR(c.desc.origin, path);
    CU_ASSERT_EQUAL(c.desc.ndims, 2);
    EXPECT_STR(c.dims[0].id, "OMR\xC3\x85" "DE");
    EXPECT_STR(c.dims[1].id, "K\xC3\x98N");
    CU_ASSERT_PTR_NULL(c.dims[0].label);
    CU_ASSERT_EQUAL(c.nobs, 4);
    EXPECT_OBS(&c, 0, "Hele landet|M\xC3\xA6nd", "2024K1", 1, 2950123, NULL);
    EXPECT_OBS(&c, 1, "Hele landet|Kvinder", "2024K1", 1, 2989456, NULL);
    EXPECT_OBS(&c, 2, "K\xC3\xB8" "benhavn|M\xC3\xA6nd", "2024K1", 0, 0, "..");
    EXPECT_OBS(&c, 3, "K\xC3\xB8" "benhavn|Kvinder", "2024K1", 1, 330123, NULL);
    CU_ASSERT(c.nprogress >= 1);
    CU_ASSERT_EQUAL(c.progress_done, 166);
    CU_ASSERT_EQUAL(c.progress_total, 166);
    ctx_free(&c);
    free(path);
}

/* Quoted fields, explicit columns, labels, flag column. */
static void test_plugin_columns(void)
{
    amb_opt opts = MAP(
        NULL, STR("dataset", "Q"), STR("delimiter", ","),
        STR("thousands", ","),
        MAP("columns", LIST("dims", STR(NULL, "sex"), STR(NULL, "region")),
            STR("flag", "status"),
            MAP("labels", STR("region", "Region"), STR("year", "Year")),
            STR("period", "year"), STR("value", "obs")));
    amb_ctx c;
    memset(&c, 0, sizeof c);
    char *path = fixture("quoted.csv");
    CU_ASSERT_EQUAL(csv_plugin->import(&c, &host, &opts, path), AMB_OK);
    EXPECT_STR(c.err, "");
    CU_ASSERT_EQUAL(c.desc.ndims, 2);
    EXPECT_STR(c.dims[0].id, "sex");
    CU_ASSERT_PTR_NULL(c.dims[0].label);
    EXPECT_STR(c.dims[1].id, "region");
    EXPECT_STR(c.dims[1].label, "Region");
    EXPECT_STR(c.desc.time_label, "Year");
    CU_ASSERT_EQUAL(c.nobs, 3);
    EXPECT_OBS(&c, 0, "M|North, upper", "2020", 1, 1234.5, NULL);
    EXPECT_OBS(&c, 1, "F|South \"new\"", "2020", 1, -2500, "p");
    EXPECT_OBS(&c, 2, "M|Multi\nline", "2021", 0, 0, "..");
    ctx_free(&c);
    free(path);

    /* tab-separated, lone CR, by inference */
    amb_opt tabopts = MAP(NULL, STR("dataset", "T"), STR("delimiter", "\t"));
    memset(&c, 0, sizeof c);
    path = fixture("tab.tsv");
    CU_ASSERT_EQUAL(csv_plugin->import(&c, &host, &tabopts, path), AMB_OK);
    CU_ASSERT_EQUAL(c.nobs, 2);
    EXPECT_OBS(&c, 1, "147", "2020", 1, -0.25, NULL);
    ctx_free(&c);
    free(path);
    /* lone CR line breaks, CRLF inside quotes: the line numbers hold */
    amb_opt cropts = MAP(NULL, STR("dataset", "T"));
    memset(&c, 0, sizeof c);
    path = fixture("lone_cr.csv");
    CU_ASSERT_EQUAL(csv_plugin->import(&c, &host, &cropts, path),
                    AMB_EPARSE);
    char *want = amb_xasprintf("%s:5: column value: 'oops' is not a number",
                               path);
    EXPECT_STR(c.err, want);
    CU_ASSERT_EQUAL(c.nobs, 2);
    EXPECT_OBS(&c, 1, "q\r\nr", "2021", 1, 2, NULL);
    free(want);
    ctx_free(&c);
    free(path);
}

static void test_plugin_values(void)
{
    /* header = false, columns by number; skip; custom missing markers */
    amb_opt opts = MAP(
        NULL, STR("dataset", "D"), BOOL("header", 0), NUM("skip", 2),
        STR("decimal", ","), LIST("missing", STR(NULL, "x"), STR(NULL, "n/a")),
        MAP("columns", LIST("dims", NUM(NULL, 2)), NUM("period", 1),
            NUM("value", 4), MAP("labels", STR("col2", "Area"))));
    static const char data[] = "Some title\n\"notes;\nmore\"\n"
                               "2020;101;ignored;  1,5 \n"
                               "2021;101;;x\n"
                               "2022;101;;\n"
                               "2023;101;;-3,25e-1\n";
    amb_ctx c;
    char *dir, *path;
    CU_ASSERT_EQUAL(import_data(&c, &opts, data, sizeof data - 1, &dir, &path),
                    AMB_OK);
    EXPECT_STR(c.err, "");
    CU_ASSERT_EQUAL(c.desc.ndims, 1);
    EXPECT_STR(c.dims[0].id, "col2");
    EXPECT_STR(c.dims[0].label, "Area");
    EXPECT_STR(c.desc.time_id, "col1");
    CU_ASSERT_EQUAL(c.nobs, 4);
    EXPECT_OBS(&c, 0, "101", "2020", 1, 1.5, NULL);
    EXPECT_OBS(&c, 1, "101", "2021", 0, 0, "x");
    EXPECT_OBS(&c, 2, "101", "2022", 0, 0, NULL);
    EXPECT_OBS(&c, 3, "101", "2023", 1, -0.325, NULL);
    cleanup(&c, dir, path);

    /* default markers; a custom list replaces them */
    static const char marks[] = "TID,INDHOLD\n1,..\n2,.\n3,...\n4,:\n5,-\n"
                                "6,1e3\n7,-0.5\n";
    amb_opt plain = MAP(NULL, STR("dataset", "M"));
    CU_ASSERT_EQUAL(import_data(&c, &plain, marks, sizeof marks - 1, &dir,
                                &path), AMB_OK);
    CU_ASSERT_EQUAL(c.desc.ndims, 0);
    CU_ASSERT_EQUAL(c.nobs, 7);
    EXPECT_OBS(&c, 0, "", "1", 0, 0, "..");
    EXPECT_OBS(&c, 1, "", "2", 0, 0, ".");
    EXPECT_OBS(&c, 2, "", "3", 0, 0, "...");
    EXPECT_OBS(&c, 3, "", "4", 0, 0, ":");
    EXPECT_OBS(&c, 4, "", "5", 0, 0, "-");
    EXPECT_OBS(&c, 5, "", "6", 1, 1000, NULL);
    EXPECT_OBS(&c, 6, "", "7", 1, -0.5, NULL);
    cleanup(&c, dir, path);
    amb_opt custom = MAP(NULL, STR("dataset", "M"),
                         LIST("missing", STR(NULL, "x")));
    IMPORT_FAILS(&custom, "TID,INDHOLD\n1,x\n2,..\n", AMB_EPARSE,
                 ":3: column INDHOLD: '..' is not a number");

    /* a header without rows is an empty dataset */
    CU_ASSERT_EQUAL(import_data(&c, &plain, "TID,INDHOLD\r\n", 13, &dir,
                                &path), AMB_OK);
    CU_ASSERT_EQUAL(c.begun, 1);
    CU_ASSERT_EQUAL(c.nobs, 0);
    cleanup(&c, dir, path);
}

static void test_plugin_errors(void)
{
    amb_opt opts = MAP(NULL, STR("dataset", "E"));
    IMPORT_FAILS(&opts, "a,TID,INDHOLD\n1,2020,5\n\"x\ny\",2021\n",
                 AMB_EPARSE, ":3: expected 3 fields, found 2");
    IMPORT_FAILS(&opts, "a,TID,INDHOLD\n1,2020,abc\n", AMB_EPARSE,
                 ":2: column INDHOLD: 'abc' is not a number");
    IMPORT_FAILS(&opts, "a,TID,INDHOLD\n1,2020,\"5\n", AMB_EPARSE,
                 ":2: unterminated quoted field starting at column 8");
    IMPORT_FAILS(&opts, "a,TID,INDHOLD\n1,2020,5\"\n", AMB_EPARSE,
                 ":2: quote inside an unquoted field at column 9");
    IMPORT_FAILS(&opts, "a,TID,INDHOLD\n\xC3\x28,2020,5\n", AMB_EPARSE,
                 ":2: invalid UTF-8 (byte 0xC3) at column 1");
    IMPORT_FAILS(&opts, "a,TID,INDHOLD\nx,2020,5\n\xC1\x81,2021,6\n",
                 AMB_EPARSE, ":3: invalid UTF-8 (byte 0xC1) at column 1");
    IMPORT_FAILS(&opts, "a,TID,INDHOLD\n1,2020\0,5\n", AMB_EPARSE,
                 ":2: NUL byte at column 7");
    IMPORT_FAILS(&opts, "a,TID,INDHOLD\n1,,5\n", AMB_EPARSE,
                 ":2: column TID: no period");
    IMPORT_FAILS(&opts, "", AMB_EPARSE, ": no header line");
    IMPORT_FAILS(&opts, "\xEF\xBB\xBF\r\n\r\n", AMB_EPARSE, ": no header line");

    /* a field over the 1 MiB limit */
    size_t n = CSV_DEFAULT_MAX_RECORD + 100;
    char *big = malloc(n + 32);
    memcpy(big, "TID,INDHOLD\n2020,", 17);
    memset(big + 17, '7', n);
    amb_ctx c;
    char *dir, *path;
    CU_ASSERT_EQUAL(import_data(&c, &opts, big, n + 17, &dir, &path),
                    AMB_ELIMIT);
    char *want = amb_xasprintf("%s:2: record longer than 1048576 bytes", path);
    EXPECT_STR(c.err, want);
    free(want);
    cleanup(&c, dir, path);
    free(big);

    /* option problems found with the header */
    amb_opt badcol = MAP(NULL, STR("dataset", "E"),
                         MAP("columns", STR("period", "TIDX")));
    IMPORT_FAILS_MSG(&badcol, "A,B,TID,INDHOLD\n", AMB_ECONFIG,
                     "csv: columns.period 'TIDX' is not a column of %s "
                     "(columns: A, B, TID, INDHOLD)");
    IMPORT_FAILS_MSG(&badcol, "\"A\nB\",TID,INDHOLD\n", AMB_ECONFIG,
                     "csv: columns.period 'TIDX' is not a column of %s "
                     "(columns: A?B, TID, INDHOLD)");
    IMPORT_FAILS_MSG(&opts, "A,B,C\n", AMB_ECONFIG,
                     "csv: no period column in %s (name it with "
                     "columns.period; columns: A, B, C)");
    IMPORT_FAILS_MSG(&opts, "a,b,c,d,e,f,g,h,i,TID,INDHOLD\n", AMB_ECONFIG,
                     "csv: %s has more than 8 dimension columns (choose "
                     "them with columns.dims)");
    amb_opt badlabel = MAP(NULL, STR("dataset", "E"),
                           MAP("columns", MAP("labels", STR("B", "x"))));
    IMPORT_FAILS_MSG(&badlabel, "A,TID,INDHOLD\n", AMB_ECONFIG,
                     "csv: columns.labels['B'] is not a dimension of %s");
    amb_opt nods = MAP(NULL, STR("title", "t"));
    IMPORT_FAILS_MSG(&nods, "TID,INDHOLD\n", AMB_ECONFIG,
                     "csv: option 'dataset' is required%.0s");
}

/* A non-zero observe() stops the parse and comes back as it is. */
static void test_plugin_observe_error(void)
{
    amb_opt opts = MAP(NULL, STR("dataset", "E"));
    static const char data[] = "TID,INDHOLD\n1,1\n2,2\n3,x\n";
    amb_ctx c;
    memset(&c, 0, sizeof c);
    c.observe_fails_at = 2;
    char *dir = amb_test_tmpdir("csv");
    char *path = amb_test_write(dir, "in.csv", data, sizeof data - 1);
    CU_ASSERT_EQUAL(csv_plugin->import(&c, &host, &opts, path), AMB_ESTORE);
    CU_ASSERT_EQUAL(c.nobs, 2);
    CU_ASSERT_EQUAL(c.nfail, 0);
    cleanup(&c, dir, path);
}

static void test_plugin_collect(void)
{
    char *path = fixture("statbank.csv");
    amb_opt opts = MAP(NULL, STR("dataset", "FOLK1A"), STR("decimal", ","),
                       STR("thousands", "."),
                       STR("url", "https://example.invalid/folk1a.csv"));
    amb_ctx c;
    memset(&c, 0, sizeof c);
    c.fetch_path = path;
    CU_ASSERT_EQUAL(csv_plugin->collect(&c, &host, &opts), AMB_OK);
    CU_ASSERT_EQUAL(c.nfetch, 1);
    EXPECT_STR(c.fetch_url, "https://example.invalid/folk1a.csv");
    EXPECT_STR(c.desc.origin, "https://example.invalid/folk1a.csv");
    CU_ASSERT_EQUAL(c.nobs, 4);
    ctx_free(&c);

    /* unchanged: no parse, no dataset */
    c.fetch_path = "/nonexistent/never-read.csv";
    c.fetch_unchanged = 1;
    CU_ASSERT_EQUAL(csv_plugin->collect(&c, &host, &opts), AMB_UNCHANGED);
    CU_ASSERT_EQUAL(c.nfetch, 1);
    CU_ASSERT_EQUAL(c.begun, 0);
    CU_ASSERT_EQUAL(c.nfail, 0);
    ctx_free(&c);

    /* a failed fetch comes back as it is */
    amb_opt local = MAP(NULL, STR("dataset", "X"), STR("path", "data/x.csv"));
    CU_ASSERT_EQUAL(csv_plugin->collect(&c, &host, &local), AMB_ENET);
    EXPECT_STR(c.fetch_url, "data/x.csv");
    EXPECT_STR(c.err, "fetch: data/x.csv: 404");
    ctx_free(&c);

    /* an error while parsing names the URL */
    c.fetch_path = path;
    amb_opt dotdec = MAP(NULL, STR("dataset", "FOLK1A"),
                         STR("url", "https://example.invalid/f.csv"));
    CU_ASSERT_EQUAL(csv_plugin->collect(&c, &host, &dotdec), AMB_EPARSE);
    EXPECT_STR(c.err, "https://example.invalid/f.csv:2: column INDHOLD: "
                      "'2.950.123' is not a number");
    ctx_free(&c);

    amb_opt nosrc = MAP(NULL, STR("dataset", "X"));
    CU_ASSERT_EQUAL(csv_plugin->collect(&c, &host, &nosrc), AMB_ECONFIG);
    EXPECT_STR(c.err, "csv: option 'url' or 'path' is required");
    CU_ASSERT_EQUAL(c.nfetch, 0);
    ctx_free(&c);
    free(path);
}

/* check(): the options alone. */
static void test_plugin_check(void)
{
    char err[256];
#define CHECK(want_rc, want_msg, ...)                                     \
    do {                                                                  \
        amb_opt o_ = MAP(NULL, __VA_ARGS__);                              \
        err[0] = '\0';                                                    \
        CU_ASSERT_EQUAL(csv_plugin->check(&o_, err, sizeof err), want_rc); \
        EXPECT_STR(err, want_msg);                                        \
    } while (0)
    CHECK(AMB_OK, "", STR("dataset", "D"), STR("path", "a.csv"),
          STR("delimiter", "auto"), STR("decimal", ","),
          STR("thousands", "."), BOOL("header", 1), NUM("skip", 3),
          MAP("columns", LIST("dims", STR(NULL, "A"), NUM(NULL, 2)),
              STR("period", "TID"), NUM("value", 4), STR("flag", "S"),
              MAP("labels", STR("A", "a"))),
          LIST("missing", STR(NULL, "..")), STR("plugin", "csv"));
    CHECK(AMB_OK, "", STR("dataset", "D"), STR("url", "http://x/"),
          EMPTY("columns"), EMPTY("missing"), STR("delimiter", "\t"));
    CHECK(AMB_ECONFIG, "csv: option 'dataset' is required",
          STR("path", "a.csv"));
    CHECK(AMB_ECONFIG, "csv: option 'url' or 'path' is required",
          STR("dataset", "D"));
    CHECK(AMB_ECONFIG, "csv: give option 'url' or option 'path', not both",
          STR("dataset", "D"), STR("path", "a"), STR("url", "b"));
    CHECK(AMB_ECONFIG, "csv: option 'title' must be a string",
          STR("dataset", "D"), STR("path", "a"), NUM("title", 1));
    CHECK(AMB_ECONFIG,
          "csv: option 'delimiter' must be \",\", \";\", \"\\t\" or \"auto\" "
          "(got '|')", STR("dataset", "D"), STR("path", "a"),
          STR("delimiter", "|"));
    CHECK(AMB_ECONFIG, "csv: option 'decimal' must be \".\" or \",\" (got 'x')",
          STR("dataset", "D"), STR("path", "a"), STR("decimal", "x"));
    CHECK(AMB_ECONFIG, "csv: options 'thousands' and 'decimal' are both ','",
          STR("dataset", "D"), STR("path", "a"), STR("decimal", ","),
          STR("thousands", ","));
    CHECK(AMB_ECONFIG, "csv: option 'header' must be true or false",
          STR("dataset", "D"), STR("path", "a"), STR("header", "yes"));
    CHECK(AMB_ECONFIG, "csv: option 'skip' must be a whole number >= 0",
          STR("dataset", "D"), STR("path", "a"), NUM("skip", -1));
    CHECK(AMB_ECONFIG, "csv: option 'skip' must be a whole number >= 0",
          STR("dataset", "D"), STR("path", "a"), NUM("skip", 1.5));
    CHECK(AMB_ECONFIG,
          "csv: option 'columns' must be a table with dims, period, value, "
          "flag and labels", STR("dataset", "D"), STR("path", "a"),
          STR("columns", "TID"));
    CHECK(AMB_ECONFIG,
          "csv: columns.perod is not a known key (dims, period, value, flag, "
          "labels)", STR("dataset", "D"), STR("path", "a"),
          MAP("columns", STR("perod", "TID")));
    CHECK(AMB_ECONFIG,
          "csv: columns.dims has 9 columns, more than the 8 dimensions a "
          "dataset may have", STR("dataset", "D"), STR("path", "a"),
          MAP("columns", LIST("dims", NUM(NULL, 1), NUM(NULL, 2), NUM(NULL, 3),
                              NUM(NULL, 4), NUM(NULL, 5), NUM(NULL, 6),
                              NUM(NULL, 7), NUM(NULL, 8), NUM(NULL, 9))));
    CHECK(AMB_ECONFIG,
          "csv: columns.dims[2] must be a column name or a column number "
          "(from 1)", STR("dataset", "D"), STR("path", "a"),
          MAP("columns", LIST("dims", NUM(NULL, 1), NUM(NULL, 0))));
    CHECK(AMB_ECONFIG, "csv: columns.value is empty", STR("dataset", "D"),
          STR("path", "a"), MAP("columns", STR("value", "")));
    CHECK(AMB_ECONFIG, "csv: columns.labels['A'] must be a string",
          STR("dataset", "D"), STR("path", "a"),
          MAP("columns", MAP("labels", NUM("A", 1))));
    CHECK(AMB_ECONFIG,
          "csv: header = false needs columns.period and columns.value "
          "(column numbers)", STR("dataset", "D"), STR("path", "a"),
          BOOL("header", 0), MAP("columns", NUM("period", 1)));
    CHECK(AMB_ECONFIG,
          "csv: columns.period 'TID' is a column name, but header = false: "
          "use a column number", STR("dataset", "D"), STR("path", "a"),
          BOOL("header", 0), MAP("columns", STR("period", "TID")));
    CHECK(AMB_ECONFIG, "csv: missing[2] must be a non-empty string",
          STR("dataset", "D"), STR("path", "a"),
          LIST("missing", STR(NULL, ".."), NUM(NULL, 0)));
#undef CHECK
}

/* Progress through a file of several 64 KiB steps. */
static void test_plugin_progress(void)
{
    amb_buf b = {0};
    amb_buf_puts(&b, "area;TID;INDHOLD\n");
    for (int i = 0; i < 20000; i++)
        amb_buf_printf(&b, "%d;20%02d;%d,%d\n", i % 99, i % 30, i, i % 10);
    amb_opt opts = MAP(NULL, STR("dataset", "P"), STR("decimal", ","));
    amb_ctx c;
    char *dir, *path;
    CU_ASSERT_EQUAL(import_data(&c, &opts, b.data, b.len, &dir, &path),
                    AMB_OK);
    CU_ASSERT_EQUAL(c.nobs, 20000);
    CU_ASSERT(c.nprogress >= (int)(b.len / (64 * 1024)));
    CU_ASSERT_EQUAL(c.progress_done, b.len);
    CU_ASSERT_EQUAL(c.progress_total, b.len);
    EXPECT_OBS(&c, 19999, "1", "2019", 1, 19999.9, NULL);
    cleanup(&c, dir, path);
    amb_buf_free(&b);
}

/* Hostile files through the whole plugin: an error, never a crash. */
static void test_plugin_hostile(void)
{
    amb_opt opts = MAP(NULL, STR("dataset", "H"));
    size_t n = 100000;
    amb_buf b = {0};
    amb_buf_puts(&b, "TID");
    for (size_t i = 0; i < n; i++)
        amb_buf_printf(&b, ",c%zu", i);
    amb_buf_puts(&b, "\n");
    amb_ctx c;
    char *dir, *path;
    CU_ASSERT_EQUAL(import_data(&c, &opts, b.data, b.len, &dir, &path),
                    AMB_ECONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(c.err, "more than 8 dimension columns"));
    cleanup(&c, dir, path);
    amb_buf_free(&b);

    uint32_t seed = 99;
    char junk[65536];
    for (int round = 0; round < 8; round++) {
        for (size_t i = 0; i < sizeof junk; i++)
            junk[i] = (char)(next_rand(&seed) & 0xFF);
        if (round % 2)
            memcpy(junk, "TID,INDHOLD\n", 12);
        amb_rc rc = import_data(&c, &opts, junk, sizeof junk, &dir, &path);
        CU_ASSERT(rc == AMB_EPARSE || rc == AMB_ECONFIG);
        CU_ASSERT_EQUAL(c.nfail, 1);
        cleanup(&c, dir, path);
    }
}

int main(void)
{
    char *so = amb_xasprintf("%s/plugins/.libs/csv.so", amb_test_builddir());
    void *handle = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        fprintf(stderr, "test_csv: cannot load %s: %s (build plugins/csv.la "
                        "first)\n", so, dlerror());
        free(so);
        return 1;
    }
    free(so);
    csv_plugin = (const amb_plugin *)dlsym(handle, AMB_PLUGIN_SYMBOL);
    if (!csv_plugin) {
        fprintf(stderr, "test_csv: no %s in the plugin\n", AMB_PLUGIN_SYMBOL);
        dlclose(handle);
        return 1;
    }
    AMB_TEST_SUITE("csv_parse", {"delimiters", test_tok_delimiters},
                   {"quotes", test_tok_quotes}, {"lines", test_tok_lines},
                   {"errors", test_tok_errors}, {"limit", test_tok_limit},
                   {"skip", test_tok_skip}, {"hostile", test_tok_hostile});
    AMB_TEST_SUITE("csv_map", {"numbers", test_numbers},
                   {"inference", test_map_inference});
    AMB_TEST_SUITE("csv_plugin", {"descriptor", test_plugin_descriptor},
                   {"statbank", test_plugin_statbank},
                   {"columns", test_plugin_columns},
                   {"values", test_plugin_values},
                   {"errors", test_plugin_errors},
                   {"observe_error", test_plugin_observe_error},
                   {"collect", test_plugin_collect},
                   {"check", test_plugin_check},
                   {"progress", test_plugin_progress},
                   {"hostile", test_plugin_hostile});
    int rc = amb_test_run();
    dlclose(handle);
    return rc;
}
