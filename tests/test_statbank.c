/*
 * test_statbank.c - the statbank plugin's parts without a host: options
 * and their errors, the fingerprint that keys the tableinfo cache, the
 * request URLs and the data request's JSON body, and tableinfo parsing.
 * The BULK/CSV reader's suite is in test_statbank_csv.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_statbank.h"
#include "testutil.h"
#include "util.h"

char *sb_fixture(const char *name)
{
    return amb_xasprintf("%s/tests/fixtures/statbank/%s", amb_test_srcdir(),
                         name);
}

void sb_load_info(const char *name, statbank_info *info)
{
    char *path = sb_fixture(name);
    char err[512] = "";
    int rc = statbank_info_load_file(path, name, info, err, sizeof err);
    if (rc)
        fprintf(stderr, "\n%s: %s\n", name, err);
    free(path);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
}

void sb_expect_str(const char *got, const char *want, const char *file,
                   int line)
{
    int ok = got && want && strcmp(got, want) == 0;
    if (!ok)
        fprintf(stderr, "\n%s:%d:\n  got:  [%s]\n  want: [%s]\n", file, line,
                got ? got : "(null)", want ? want : "(null)");
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line,
                            "strings differ", file, "", CU_FALSE);
}

int sb_contains(const char *hay, const char *needle)
{
    int found = hay && strstr(hay, needle) != NULL;
    if (!found)
        fprintf(stderr, "\n  expected \"%s\" in \"%s\"\n", needle,
                hay ? hay : "(null)");
    return found;
}

/* ------------------------------------------------------------ options */

#define STR(k, v) ((amb_opt){.type = AMB_OPT_STRING, .key = (k), .string = (v)})
#define NUM(k, v) ((amb_opt){.type = AMB_OPT_NUMBER, .key = (k), .number = (v)})
#define TABLE(t, k, ...)                                                   \
    ((amb_opt){.type = (t), .key = (k),                                    \
               .count = sizeof((amb_opt[]){__VA_ARGS__}) / sizeof(amb_opt), \
               .items = (amb_opt[]){__VA_ARGS__}})
#define MAP(k, ...) TABLE(AMB_OPT_MAP, k, __VA_ARGS__)
#define LIST(k, ...) TABLE(AMB_OPT_LIST, k, __VA_ARGS__)

static void test_options_defaults(void)
{
    statbank_opts o;
    char err[512];
    amb_opt opts = MAP(NULL, STR("plugin", "statbank"), STR("table", "FOLK1A"),
                       STR("schedule", "0 6 * * 1"));
    CU_ASSERT_EQUAL(statbank_parse_options(&opts, &o, err, sizeof err), 0);
    SB_EXPECT_STR(o.table, "FOLK1A");
    SB_EXPECT_STR(o.dataset, "FOLK1A");
    SB_EXPECT_STR(o.lang, "da");
    CU_ASSERT_EQUAL(o.format, STATBANK_BULK);
    SB_EXPECT_STR(o.base_url, "https://api.statbank.dk/v1");
    CU_ASSERT_PTR_NULL(o.variables);
    CU_ASSERT_PTR_NULL(o.title);

    amb_opt all = MAP(NULL, STR("base_url", "http://127.0.0.1:8/mirror/v1//"),
                      STR("dataset", "POP"), STR("format", "jsonstat"),
                      STR("lang", "en"), STR("table", "FOLK1A"),
                      STR("title", "T"), STR("unit", "persons"),
                      MAP("variables", LIST("OMR\xC3\x85" "DE", STR(NULL, "081")),
                          STR("Tid", "(-n+5)")));
    CU_ASSERT_EQUAL(statbank_parse_options(&all, &o, err, sizeof err), 0);
    CU_ASSERT_EQUAL(o.format, STATBANK_JSONSTAT);
    SB_EXPECT_STR(o.dataset, "POP");
    CU_ASSERT_EQUAL(o.base_len, strlen("http://127.0.0.1:8/mirror/v1"));
    CU_ASSERT_PTR_NOT_NULL(o.variables);
    char *url = statbank_tableinfo_url(&o, 0x1234abcdULL);
    SB_EXPECT_STR(url, "http://127.0.0.1:8/mirror/v1/tableinfo/FOLK1A?"
                       "format=JSON&lang=en#FOLK1A-000000001234abcd");
    free(url);
    url = statbank_data_url(&o);
    SB_EXPECT_STR(url, "http://127.0.0.1:8/mirror/v1/data#FOLK1A");
    free(url);
    SB_EXPECT_STR(statbank_format_name(STATBANK_CSV), "CSV");
}

static void test_options_errors(void)
{
    struct { amb_opt o; const char *msg; } bad[] = {
        {MAP(NULL, STR("plugin", "statbank")),
         "statbank: option 'table' is required (a StatBank table id such as "
         "\"FOLK1A\")"},
        {MAP(NULL, STR("table", "FOLK 1A")),
         "statbank: option 'table' must be a table id of letters, digits, '_' "
         "and '-' (got 'FOLK 1A')"},
        {MAP(NULL, STR("table", "../x")), "must be a table id"},
        {MAP(NULL, STR("table", "T"), STR("lang", "de")),
         "statbank: option 'lang' must be \"da\" or \"en\""},
        {MAP(NULL, STR("table", "T"), STR("format", "XLSX")),
         "statbank: option 'format' must be \"BULK\", \"CSV\" or \"JSONSTAT\""},
        {MAP(NULL, STR("table", "T"), STR("base_url", "ftp://x")),
         "must start with http:// or https://"},
        {MAP(NULL, STR("table", "T"), STR("base_url", "http://x/v1?a=1")),
         "must not hold a query, a fragment or spaces"},
        {MAP(NULL, STR("table", "T"), STR("timeOrder", "Ascending")),
         "statbank: option 'timeOrder' is not supported: BULK output cannot "
         "be ordered"},
        {MAP(NULL, STR("table", "T"), STR("variabels", "x")),
         "statbank: unknown option 'variabels' (known: table, variables, "
         "lang, format, base_url, dataset, title, unit)"},
        {MAP(NULL, STR("table", "T"), STR("variables", "x")),
         "statbank: option 'variables' must be a table of variable = { "
         "values }"},
        {MAP(NULL, STR("table", "T"), MAP("variables", LIST("K", NUM(NULL, 1)))),
         "statbank: variables['K'][1] is a number: write codes as strings "
         "(\"081\", not 081)"},
        {MAP(NULL, STR("table", "T"), MAP("variables", LIST("K", STR(NULL, "")))),
         "statbank: variables['K'][1] must be a non-empty UTF-8 string"},
        {MAP(NULL, STR("table", "T"), MAP("variables", STR("K", ""))),
         "statbank: variables['K'] must be a non-empty list"},
        {MAP(NULL, STR("table", "T"), MAP("variables", NUM("K", 2))),
         "statbank: variables['K'] must be a non-empty list"},
        {MAP(NULL, STR("table", "T"), MAP("variables", STR("K", "\xC3("))),
         "statbank: variables['K'] must be a non-empty list"},
        {MAP(NULL, STR("table", "T"), MAP("variables", STR("K\xFF", "1"))),
         "statbank: a variable id in 'variables' is not valid UTF-8"},
        {MAP(NULL, STR("table", "T"),
             MAP("variables", LIST("K", STR(NULL, "\xED\xA0\x80")))),
         "variables['K'][1] must be a non-empty UTF-8 string"},
        {MAP(NULL, STR("table", "T"), STR("dataset", "")),
         "statbank: option 'dataset' must be a non-empty string"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        statbank_opts o;
        char err[512] = "";
        CU_ASSERT_EQUAL(statbank_parse_options(&bad[i].o, &o, err, sizeof err),
                        AMB_ECONFIG);
        CU_ASSERT(sb_contains(err, bad[i].msg));
    }
    statbank_opts o;
    char err[128];
    amb_opt empty = {.type = AMB_OPT_LIST, .key = "variables"};
    amb_opt with_empty = MAP(NULL, STR("table", "T"), empty);
    CU_ASSERT_EQUAL(statbank_parse_options(&with_empty, &o, err, sizeof err), 0);
    CU_ASSERT_PTR_NULL(o.variables);
}

static void test_fingerprint(void)
{
    amb_opt a = MAP(NULL, STR("table", "FOLK1A"),
                    MAP("variables", STR("K\xC3\x98N", "1")));
    amb_opt a_sched = MAP(NULL, STR("schedule", "0 6 * * *"),
                          STR("table", "FOLK1A"),
                          MAP("variables", STR("K\xC3\x98N", "1")));
    amb_opt b = MAP(NULL, STR("table", "FOLK1A"),
                    MAP("variables", STR("K\xC3\x98N", "2")));
    amb_opt c = MAP(NULL, STR("table", "FOLK1A"),
                    MAP("variables", STR("K\xC3\x98", "N1")));
    uint64_t fa = statbank_fingerprint("pop", &a);
    CU_ASSERT_EQUAL(fa, statbank_fingerprint("pop", &a));
    CU_ASSERT_EQUAL(fa, statbank_fingerprint("pop", &a_sched));
    CU_ASSERT_NOT_EQUAL(fa, statbank_fingerprint("pop2", &a));
    CU_ASSERT_NOT_EQUAL(fa, statbank_fingerprint("pop", &b));
    CU_ASSERT_NOT_EQUAL(fa, statbank_fingerprint("pop", &c));
    CU_ASSERT_NOT_EQUAL(fa, statbank_fingerprint(NULL, &a));
}

/* ------------------------------------------------------------ tableinfo */

static void test_info(void)
{
    statbank_info info;
    sb_load_info("tableinfo_folk1a.json", &info);
    SB_EXPECT_STR(info.id, "FOLK1A");
    SB_EXPECT_STR(info.text, "Befolkningen den 1. i kvartalet");
    SB_EXPECT_STR(info.unit, "Antal");
    SB_EXPECT_STR(info.updated, "2024-05-10T08:00:00");
    CU_ASSERT_EQUAL_FATAL(info.nvars, 4);
    CU_ASSERT_EQUAL(info.time_var, 3);
    SB_EXPECT_STR(info.vars[0].id, "OMR\xC3\x85" "DE");
    SB_EXPECT_STR(info.vars[0].text, "omr\xC3\xA5" "de");
    CU_ASSERT_EQUAL(info.vars[0].nvalues, 13);
    SB_EXPECT_STR(info.vars[0].values[7].id, "825");
    SB_EXPECT_STR(info.vars[0].values[7].text, "L\xC3\xA6s\xC3\xB8");
    CU_ASSERT(info.vars[3].time);
    CU_ASSERT(!info.vars[0].time);
    /* lookups: exact id, then id or text in any case */
    CU_ASSERT_EQUAL(statbank_info_find(&info, "Tid"), 3);
    CU_ASSERT_EQUAL(statbank_info_find(&info, "TID"), 3);
    CU_ASSERT_EQUAL(statbank_info_find(&info, "omr\xC3\xA5" "de"), 0);
    CU_ASSERT_EQUAL(statbank_info_find(&info, "k\xC3\xB8n"), 1);
    CU_ASSERT_EQUAL(statbank_info_find(&info, "K\xC3\x98N"), 1);
    CU_ASSERT_EQUAL(statbank_info_find(&info, "alder"), 2);
    CU_ASSERT_EQUAL(statbank_info_find(&info, "INDHOLD"), -1);
    CU_ASSERT_EQUAL(statbank_info_find(&info, "K\xC3\x98"), -1);
    char list[128];
    statbank_info_var_list(&info, list, sizeof list);
    SB_EXPECT_STR(list, "OMR\xC3\x85" "DE, K\xC3\x98N, ALDER, Tid");
    statbank_info_free(&info);
    CU_ASSERT(statbank_same_folded("\xC3\x86\xC3\x98\xC3\x85", "\xC3\xA6\xC3\xB8\xC3\xA5"));
    CU_ASSERT(!statbank_same_folded("\xC3\x97", "\xC3\xB7")); /* × is not ÷ */
}

#define INFO_FAILS(text, what)                                               \
    do {                                                                     \
        statbank_info i_;                                                    \
        char e_[512] = "";                                                   \
        CU_ASSERT(statbank_info_load_mem((text), strlen(text), "ti", &i_,    \
                                         e_, sizeof e_) < 0);                \
        CU_ASSERT(sb_contains(e_, (what)));                                  \
        CU_ASSERT_PTR_NULL(i_.root);                                         \
    } while (0)

static void test_info_errors(void)
{
    INFO_FAILS("", "ti:");
    INFO_FAILS("[]", "ti: a tableinfo answer is a JSON object");
    INFO_FAILS("{\"variables\":[]}", "ti: no variables list");
    INFO_FAILS("{\"errorTypeCode\":\"TABLE-NOTFOUND\"}", "no variables list");
    INFO_FAILS("{\"id\":1,\"variables\":[]}",
               "id, text, unit and updated must be strings");
    INFO_FAILS("{\"variables\":[{\"id\":\"A\",\"values\":[]}]}",
               "no variable is marked \"time\": true");
    INFO_FAILS("{\"variables\":[{\"id\":\"\",\"values\":[]}]}",
               "variables[0] needs a non-empty string id");
    INFO_FAILS("{\"variables\":[{\"id\":\"A\",\"time\":1,\"values\":[]}]}",
               "variable A: time must be true or false");
    INFO_FAILS("{\"variables\":[{\"id\":\"A\",\"time\":true}]}",
               "variable A has no values list");
    INFO_FAILS("{\"variables\":[{\"id\":\"A\",\"time\":true,\"values\":[1]}]}",
               "variable A: values[0] needs a string id");
    INFO_FAILS("{\"variables\":[{\"id\":\"A\",\"time\":true,\"values\":"
               "[{\"id\":\"1\",\"text\":2}]}]}", "values[0] needs a string id");
    INFO_FAILS("{\"variables\":[{\"id\":\"A\",\"time\":true,\"values\":[]},"
               "{\"id\":\"A\",\"values\":[]}]}", "variable A appears twice");
    INFO_FAILS("{\"variables\":[],\"variables\":[]}", "duplicate object key");
    statbank_info info;
    char err[256];
    CU_ASSERT_EQUAL(statbank_info_load_file("/nonexistent/ti.json", "ti",
                                            &info, err, sizeof err), AMB_EIO);
    SB_EXPECT_STR(err, "ti: cannot open /nonexistent/ti.json");
}

/* ------------------------------------------------------------ the body */

static char *body_of(const amb_opt *opts, const statbank_info *info,
                     char *err, size_t errlen)
{
    statbank_opts o;
    CU_ASSERT_EQUAL_FATAL(statbank_parse_options(opts, &o, err, errlen), 0);
    size_t len = 0;
    char *b = statbank_data_body(&o, info, &len, err, errlen);
    if (b)
        CU_ASSERT_EQUAL(len, strlen(b));
    return b;
}

static void test_body(void)
{
    statbank_info info;
    sb_load_info("tableinfo_folk1a.json", &info);
    char err[512];
    /* BULK: every variable, in tableinfo order; unlisted ones get "*" */
    amb_opt bulk = MAP(NULL, STR("table", "FOLK1A"),
                       MAP("variables",
                           LIST("omr\xC3\xA5" "de", STR(NULL, "081"),
                                STR(NULL, "851")),
                           STR("Tid", ">=2020K1<=2024K4")));
    char *b = body_of(&bulk, &info, err, sizeof err);
    SB_EXPECT_STR(b, "{\"table\":\"FOLK1A\",\"format\":\"BULK\",\"lang\":\"da\","
                     "\"valuePresentation\":\"Code\",\"variables\":["
                     "{\"code\":\"OMR\xC3\x85" "DE\",\"values\":[\"081\",\"851\"]},"
                     "{\"code\":\"K\xC3\x98N\",\"values\":[\"*\"]},"
                     "{\"code\":\"ALDER\",\"values\":[\"*\"]},"
                     "{\"code\":\"Tid\",\"values\":[\">=2020K1<=2024K4\"]}]}");
    free(b);
    /* CSV: the listed variables and time, a delimiter */
    amb_opt csv = MAP(NULL, STR("format", "CSV"), STR("lang", "en"),
                      STR("table", "FOLK1A"),
                      MAP("variables", LIST("K\xC3\x98N", STR(NULL, "1"),
                                            STR(NULL, "2"))));
    b = body_of(&csv, &info, err, sizeof err);
    SB_EXPECT_STR(b, "{\"table\":\"FOLK1A\",\"format\":\"CSV\",\"lang\":\"en\","
                     "\"valuePresentation\":\"Code\",\"delimiter\":\"Semicolon\","
                     "\"variables\":[{\"code\":\"K\xC3\x98N\",\"values\":[\"1\","
                     "\"2\"]},{\"code\":\"Tid\",\"values\":[\"*\"]}]}");
    free(b);
    amb_opt js = MAP(NULL, STR("format", "JSONSTAT"), STR("table", "FOLK1A"),
                     MAP("variables", STR("TID", "(1)"), STR("alder", "1*")));
    b = body_of(&js, &info, err, sizeof err);
    SB_EXPECT_STR(b, "{\"table\":\"FOLK1A\",\"format\":\"JSONSTAT\",\"lang\":"
                     "\"da\",\"valuePresentation\":\"Code\",\"variables\":["
                     "{\"code\":\"ALDER\",\"values\":[\"1*\"]},"
                     "{\"code\":\"Tid\",\"values\":[\"(1)\"]}]}");
    free(b);
    /* an unknown variable, and one variable named twice */
    statbank_opts o;
    size_t len;
    amb_opt unknown = MAP(NULL, STR("table", "FOLK1A"),
                          MAP("variables", STR("CIVILSTAND", "G")));
    CU_ASSERT_EQUAL(statbank_parse_options(&unknown, &o, err, sizeof err), 0);
    CU_ASSERT_PTR_NULL(statbank_data_body(&o, &info, &len, err, sizeof err));
    SB_EXPECT_STR(err, "statbank FOLK1A: variable 'CIVILSTAND' is not in the "
                       "table (variables: OMR\xC3\x85" "DE, K\xC3\x98N, ALDER, "
                       "Tid)");
    amb_opt twice = MAP(NULL, STR("table", "FOLK1A"),
                        MAP("variables", STR("Tid", "1"), STR("tid", "2")));
    CU_ASSERT_EQUAL(statbank_parse_options(&twice, &o, err, sizeof err), 0);
    CU_ASSERT_PTR_NULL(statbank_data_body(&o, &info, &len, err, sizeof err));
    SB_EXPECT_STR(err, "statbank FOLK1A: variables 'Tid' and 'tid' are both "
                       "variable Tid");
    statbank_info_free(&info);
}

int main(void)
{
    AMB_TEST_SUITE("statbank_options", {"defaults", test_options_defaults},
                   {"errors", test_options_errors},
                   {"fingerprint", test_fingerprint});
    AMB_TEST_SUITE("statbank_tableinfo", {"FOLK1A", test_info},
                   {"errors", test_info_errors},
                   {"data body", test_body});
    sb_csv_suites();
    return amb_test_run();
}
