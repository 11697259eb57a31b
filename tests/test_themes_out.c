/*
 * test_themes_out.c - the analysis over a real store: the theme x
 * organisation matrix against the threshold, organisation order, sub-goal
 * mapping, and every output (JSON, table, CSV, SVG, the report's
 * amb_themes_json value).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "test_themes.h"
#include "testutil.h"

static const char lexicon_lua[] =
    "partners { \"KKR\", \"RAR\", \"BRN\", \"RR\" }\n"
    "theme \"eud\" { title = \"Erhvervsuddannelser\", subgoals = { \"5.1.3\" },"
    " terms = { \"eud\" } }\n"
    "theme \"veu\" { title = \"VEU & AMU <voksne>\", subgoals = { \"5.4.3\", "
    "\"5.4.1\" }, terms = { \"veu\" } }\n"
    "theme \"ledige\" { title = \"Ledige i beskæftigelse\", subgoals = { "
    "\"5.3.1\" }, terms = { \"ledige\" } }\n"
    "theme \"innovation\" { title = \"Innovation\", subgoals = { \"5.4.2\" }, "
    "terms = { \"innovation\" } }\n"
    "theme \"fgu\" { title = \"FGU\", subgoals = { \"5.1.3\" }, terms = { "
    "\"fgu\" } }\n";

/* organisation, url, text */
static const char *const docs[][3] = {
    {"KKR", "kkr1.txt", "Vi vil have mere EUD. Mere eud! Ledige i job."},
    {"KKR", "kkr2.txt", "EUD og FGU."},
    {"RAR", "rar.txt", "VEU for alle. Mere veu. Ledige og ledige. EUD og eud."},
    {"BRN", "brn.txt", "EUD. Innovation og innovation."},
    {"RR", "rr.txt", "EUD. EUD."},
    {"ZZZ", "zzz.txt", "EUD."},
    {"AAA", "aaa.txt", "VEU. VEU."},
};

typedef struct ofx {
    char *dir;
    amb_registry *reg;
    amb_workspace *ws;
    amb_themes_lexicon *lx;
} ofx;

static void ofx_open(ofx *f, int with_docs)
{
    memset(f, 0, sizeof *f);
    f->dir = amb_test_tmpdir("themes-out");
    free(amb_test_write(f->dir, "ambit.lua", "", 0));
    f->reg = amb_registry_new();
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_workspace_open(f->dir, f->reg, &f->ws, &err), 0);
    /* The workspace's own lexicon file: amb_themes_json reads it too. */
    CU_ASSERT_EQUAL_FATAL(tt_lexicon(f->dir, "lexicon.lua", lexicon_lua,
                                     &f->lx, &err), 0);
    if (!with_docs)
        return;
    int64_t src, run;
    amb_store *st = f->ws->store;
    CU_ASSERT_EQUAL_FATAL(amb_store_source_id(st, "docs", "documents", &src,
                                              &err), 0);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(st, src, &run, &err), 0);
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        amb_document_desc d = {.struct_size = sizeof d,
                               .organisation = docs[i][0], .url = docs[i][1],
                               .text = docs[i][2],
                               .text_len = strlen(docs[i][2])};
        CU_ASSERT_EQUAL_FATAL(amb_store_document_put(st, run, src, &d, NULL,
                                                     &err), 0);
    }
    CU_ASSERT_EQUAL_FATAL(amb_store_run_finish(st, run, "ok", 7, 0, &err), 0);
}

static void ofx_close(ofx *f)
{
    amb_themes_lexicon_free(f->lx);
    amb_workspace_close(f->ws);
    amb_registry_free(f->reg);
    amb_test_rmtree(f->dir);
    free(f->dir);
}

static amb_themes_result *analyse(ofx *f, unsigned min_hits)
{
    amb_themes_opts o = {min_hits, 5};
    amb_themes_result *r = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_themes_analyse(f->ws->store, f->lx, &o, &r, &err),
                          0);
    return r;
}

static void test_matrix(void)
{
    ofx f;
    ofx_open(&f, 1);
    amb_themes_result *r = analyse(&f, 2);
    static const char *const orgs[] = {"KKR", "RAR", "BRN", "RR", "AAA",
                                       "ZZZ"};
    CU_ASSERT_EQUAL_FATAL(r->norgs, 6);
    for (size_t o = 0; o < 6; o++)
        CU_ASSERT_STRING_EQUAL(r->orgs[o], orgs[o]);
    CU_ASSERT_EQUAL(r->ndocs, 7);
    /* org_hits: eud KKR 3 (over two documents), RAR 2, BRN 1, RR 2, ZZZ 1 */
    static const size_t eud[] = {3, 2, 1, 2, 0, 1};
    for (size_t o = 0; o < 6; o++)
        CU_ASSERT_EQUAL(r->org_hits[0 * r->norgs + o], eud[o]);
    static const size_t count2[] = {3, 2, 1, 1, 0};
    for (size_t t = 0; t < 5; t++)
        CU_ASSERT_EQUAL(r->count[t], count2[t]);
    CU_ASSERT(amb_themes_works(r, 0, 0));
    CU_ASSERT(!amb_themes_works(r, 0, 2));
    amb_themes_result_free(r);

    r = analyse(&f, 1);
    static const size_t count1[] = {5, 2, 2, 1, 1};
    for (size_t t = 0; t < 5; t++)
        CU_ASSERT_EQUAL(r->count[t], count1[t]);
    amb_themes_result_free(r);
    r = analyse(&f, 3);
    static const size_t count3[] = {1, 0, 0, 0, 0};
    for (size_t t = 0; t < 5; t++)
        CU_ASSERT_EQUAL(r->count[t], count3[t]);
    amb_themes_result_free(r);
    ofx_close(&f);
}

static void test_json(void)
{
    ofx f;
    ofx_open(&f, 1);
    amb_themes_result *r = analyse(&f, 2);
    json_t *j = amb_themes_result_json(r, 1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "min_hits")), 2);
    char *works = json_dumps(json_object_get(j, "works_with"),
                             JSON_COMPACT | JSON_PRESERVE_ORDER);
    CU_ASSERT_STRING_EQUAL(works, "{\"KKR\":[\"eud\"],\"RAR\":[\"eud\","
                           "\"veu\",\"ledige\"],\"BRN\":[\"innovation\"],"
                           "\"RR\":[\"eud\"],\"AAA\":[\"veu\"],\"ZZZ\":[]}");
    free(works);
    json_t *themes = json_object_get(j, "themes");
    CU_ASSERT_EQUAL_FATAL(json_array_size(themes), 5);
    json_t *t0 = json_array_get(themes, 0);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(t0, "id")), "eud");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(t0, "count")), 3);
    char *orgs = json_dumps(json_object_get(t0, "organisations"), JSON_COMPACT);
    CU_ASSERT_STRING_EQUAL(orgs, "[\"KKR\",\"RAR\",\"RR\"]");
    free(orgs);
    char *hits = json_dumps(json_object_get(t0, "hits"),
                            JSON_COMPACT | JSON_PRESERVE_ORDER);
    CU_ASSERT_STRING_EQUAL(hits, "{\"KKR\":3,\"RAR\":2,\"BRN\":1,\"RR\":2,"
                           "\"AAA\":0,\"ZZZ\":1}");
    free(hits);
    /* Sub-goals in id order, with organisations and documents. */
    char *sgs = json_dumps(json_object_get(j, "subgoals"),
                           JSON_COMPACT | JSON_PRESERVE_ORDER);
    const char *want =
        "[{\"id\":\"5.1.3\",\"themes\":[\"eud\",\"fgu\"],\"organisations\":"
        "[\"KKR\",\"RAR\",\"RR\"],\"documents\":[{\"organisation\":\"KKR\","
        "\"url\":\"kkr1.txt\",\"title\":null},{\"organisation\":\"KKR\","
        "\"url\":\"kkr2.txt\",\"title\":null},{\"organisation\":\"RAR\","
        "\"url\":\"rar.txt\",\"title\":null},{\"organisation\":\"RR\",\"url\":"
        "\"rr.txt\",\"title\":null}]},"
        "{\"id\":\"5.3.1\",\"themes\":[\"ledige\"],\"organisations\":[\"RAR\"],"
        "\"documents\":[{\"organisation\":\"RAR\",\"url\":\"rar.txt\","
        "\"title\":null}]},"
        "{\"id\":\"5.4.1\",\"themes\":[\"veu\"],\"organisations\":[\"RAR\","
        "\"AAA\"],\"documents\":[{\"organisation\":\"AAA\",\"url\":"
        "\"aaa.txt\",\"title\":null},{\"organisation\":\"RAR\",\"url\":"
        "\"rar.txt\",\"title\":null}]},"
        "{\"id\":\"5.4.2\",\"themes\":[\"innovation\"],\"organisations\":"
        "[\"BRN\"],\"documents\":[{\"organisation\":\"BRN\",\"url\":"
        "\"brn.txt\",\"title\":null}]},"
        "{\"id\":\"5.4.3\",\"themes\":[\"veu\"],\"organisations\":[\"RAR\","
        "\"AAA\"],\"documents\":[{\"organisation\":\"AAA\",\"url\":"
        "\"aaa.txt\",\"title\":null},{\"organisation\":\"RAR\",\"url\":"
        "\"rar.txt\",\"title\":null}]}]";
    if (strcmp(sgs, want) != 0)
        fprintf(stderr, "\nsubgoals: %s\n", sgs);
    CU_ASSERT_STRING_EQUAL(sgs, want);
    free(sgs);
    /* Documents with their hits and evidence. */
    json_t *d = json_array_get(json_object_get(j, "documents"), 4);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(d, "url")),
                           "rar.txt");
    char *ev = json_dumps(json_object_get(json_object_get(d, "evidence"),
                                          "ledige"), JSON_COMPACT |
                                                         JSON_PRESERVE_ORDER);
    CU_ASSERT_STRING_EQUAL(ev, "[{\"sentence\":\"Ledige og ledige.\","
                           "\"position\":24}]");
    free(ev);
    json_decref(j);
    /* Without --evidence there is none. */
    j = amb_themes_result_json(r, 0);
    d = json_array_get(json_object_get(j, "documents"), 0);
    CU_ASSERT_PTR_NULL(json_object_get(d, "evidence"));
    CU_ASSERT_PTR_NOT_NULL(json_object_get(d, "hits"));
    json_decref(j);
    amb_themes_result_free(r);
    ofx_close(&f);
}

/* The whole of what fn writes for r, as a string. */
static char *capture(int (*fn)(FILE *, const amb_themes_result *, int),
                     const amb_themes_result *r, int flag)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);
    CU_ASSERT_EQUAL(fn(fp, r, flag), 0);
    fclose(fp);
    return buf;
}

static int svg_writer(FILE *fp, const amb_themes_result *r, int flag)
{
    (void)flag;
    return amb_themes_write_svg(fp, r);
}

static void test_table_and_csv(void)
{
    ofx f;
    ofx_open(&f, 1);
    amb_themes_result *r = analyse(&f, 2);
    char *t = capture(amb_themes_print_table, r, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "Erhvervsuddannelser"
                                  "                              3      2      "
                                  "(1)    2      .      (1)       3\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\n5.1.3     KKR RAR RR            4\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "threshold of 2 hits"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\nEvidence\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "  RAR, rar.txt @24: Ledige og ledige.\n"));
    free(t);
    char *c = capture(amb_themes_print_csv, r, 0);
    CU_ASSERT(strncmp(c, "theme,title,organisation,hits,works,count,subgoals\n",
                      51) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(c, "\neud,Erhvervsuddannelser,BRN,1,0,3,"
                                  "5.1.3\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(c, "\nveu,VEU & AMU <voksne>,AAA,2,1,2,"
                                  "5.4.3 5.4.1\n"));
    size_t lines = 0;
    for (const char *p = c; *p; p++)
        lines += *p == '\n';
    CU_ASSERT_EQUAL(lines, 1 + 5 * 6);
    free(c);
    c = capture(amb_themes_print_csv, r, 1);
    CU_ASSERT(strncmp(c, "theme,organisation,document,position,sentence\n",
                      46) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(c, "\nledige,RAR,rar.txt,24,Ledige og "
                                  "ledige.\n"));
    free(c);
    amb_themes_result_free(r);
    ofx_close(&f);
}

/* The text of the first child element named name under n, or NULL. */
static xmlNode *child_named(xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            xmlStrcmp(c->name, (const xmlChar *)name) == 0)
            return c;
    return NULL;
}

static void test_svg(void)
{
    ofx f;
    ofx_open(&f, 1);
    amb_themes_result *r = analyse(&f, 2);
    char *svg = capture(svg_writer, r, 0);
    xmlDoc *doc = xmlReadMemory(svg, (int)strlen(svg), "themes.svg", NULL,
                                XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    CU_ASSERT_STRING_EQUAL((const char *)root->name, "svg");
    CU_ASSERT_STRING_EQUAL((const char *)root->ns->href,
                           "http://www.w3.org/2000/svg");
    xmlNode *title = child_named(root, "title");
    CU_ASSERT_PTR_NOT_NULL_FATAL(title);
    xmlChar *tt = xmlNodeGetContent(title);
    CU_ASSERT_STRING_EQUAL((const char *)tt, "Partnernes fælles temaer");
    xmlFree(tt);
    /* One group per theme, then the legend; bubble radius by class. */
    static const char *const want[] = {
        "Erhvervsuddannelser: 3 organisationer (KKR, RAR, RR)|46",
        "VEU & AMU <voksne>: 2 organisationer (RAR, AAA)|33",
        "Ledige i beskæftigelse: 1 organisation (RAR)|22",
        "Innovation: 1 organisation (BRN)|22",
        "FGU: 0 organisationer|9",
        "Forklaring|6"};
    size_t g = 0;
    for (xmlNode *c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || xmlStrcmp(c->name,
                                                     (const xmlChar *)"g"))
            continue;
        CU_ASSERT_FATAL(g < sizeof want / sizeof want[0]);
        xmlChar *label = xmlNodeGetContent(child_named(c, "title"));
        xmlChar *rad = xmlGetProp(child_named(c, "circle"),
                                  (const xmlChar *)"r");
        char got[256];
        snprintf(got, sizeof got, "%s|%s", (const char *)label,
                 (const char *)rad);
        CU_ASSERT_STRING_EQUAL(got, want[g]);
        xmlFree(label);
        xmlFree(rad);
        g++;
    }
    CU_ASSERT_EQUAL(g, 6);
    /* Self-contained: no external references. */
    CU_ASSERT_PTR_NULL(strstr(svg, "href"));
    CU_ASSERT_PTR_NULL(strstr(svg, "<script"));
    CU_ASSERT_PTR_NULL(strstr(svg, "url("));
    xmlFreeDoc(doc);
    free(svg);
    amb_themes_result_free(r);
    ofx_close(&f);
}

static void test_report_json(void)
{
    ofx f;
    ofx_open(&f, 0);
    json_t *j = NULL;
    amb_error err;
    /* No documents: nothing for the report. */
    CU_ASSERT_EQUAL(amb_themes_json(f.ws, &j, &err), 0);
    CU_ASSERT_PTR_NULL(j);
    ofx_close(&f);

    ofx_open(&f, 1);
    /* The report uses the default lexicon plus WORKSPACE/themes.lua. */
    static const char own[] =
        "theme \"eud_test\" { title = \"EUD test\", subgoals = { \"5.1.3\" }, "
        "terms = { \"eud\" } }\n";
    free(amb_test_write(f.dir, "themes.lua", own, sizeof own - 1));
    CU_ASSERT_EQUAL_FATAL(amb_themes_json(f.ws, &j, &err), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_EQUAL(json_object_size(j), 2);
    char *orgs = json_dumps(json_object_get(j, "organisations"), JSON_COMPACT);
    CU_ASSERT_STRING_EQUAL(orgs, "[\"KKR\",\"RAR\",\"BRN\",\"RR\",\"AAA\","
                           "\"ZZZ\"]");
    free(orgs);
    json_t *themes = json_object_get(j, "themes");
    CU_ASSERT_EQUAL_FATAL(json_array_size(themes), 21);
    json_t *t = json_array_get(themes, 20);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(t, "id")),
                           "eud_test");
    CU_ASSERT_EQUAL(json_object_size(t), 6);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(t, "count")), 3);
    char *s = json_dumps(t, JSON_COMPACT | JSON_PRESERVE_ORDER);
    const char *want =
        "{\"id\":\"eud_test\",\"title\":\"EUD test\",\"organisations\":[\"KKR\","
        "\"RAR\",\"RR\"],\"count\":3,\"subgoals\":[\"5.1.3\"],\"evidence\":["
        "{\"org\":\"KKR\",\"document\":\"kkr1.txt\",\"sentence\":\"Vi vil have "
        "mere EUD.\",\"position\":0},"
        "{\"org\":\"KKR\",\"document\":\"kkr1.txt\",\"sentence\":\"Mere eud!\","
        "\"position\":22},"
        "{\"org\":\"RAR\",\"document\":\"rar.txt\",\"sentence\":\"EUD og eud.\","
        "\"position\":42},"
        "{\"org\":\"RR\",\"document\":\"rr.txt\",\"sentence\":\"EUD.\","
        "\"position\":0},"
        "{\"org\":\"RR\",\"document\":\"rr.txt\",\"sentence\":\"EUD.\","
        "\"position\":5}]}";
    if (strcmp(s, want) != 0)
        fprintf(stderr, "\nreport: %s\n", s);
    CU_ASSERT_STRING_EQUAL(s, want);
    free(s);
    json_decref(j);
    /* A broken workspace lexicon is a config error naming its line. */
    free(amb_test_write(f.dir, "themes.lua", "remove \"nope\"\n", 14));
    CU_ASSERT_EQUAL(amb_themes_json(f.ws, &j, &err), AMB_ECONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "themes.lua:1: remove: no theme"));
    ofx_close(&f);
}

void tt_register_output_suites(void)
{
    AMB_TEST_SUITE("analysis",
                   {"matrix and thresholds", test_matrix},
                   {"json", test_json},
                   {"table and csv", test_table_and_csv},
                   {"svg", test_svg},
                   {"report json", test_report_json});
}
