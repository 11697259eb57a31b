/*
 * test_xmlfeed_formats.c - the xmlfeed plugin's other readings through the
 * real core and store, from files in a workspace: JSON (nested paths,
 * numbers, null, errors), CSV admissions (the SAMPLE file, missing
 * columns, short rows), HTML tag soup, entities and XXE in files (plain,
 * "quadratic blowup", billion laughs, external entities), local
 * pagination and `ambit import`.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_xmlfeed_run.h"

/* ------------------------------------------------------------ JSON */

static const char json_feed[] =
    "{ \"meta\": { \"count\": 3 },\n"
    "  \"data\": { \"courses\": [\n"
    "    { \"id\": 101, \"title\": \"Truckcertifikat B\",\n"
    "      \"provider\": { \"name\": \"Nordjysk AMU-center\" },\n"
    "      \"level\": \"AMU\", \"postcode\": 9000, \"start\": "
    "\"2025-10-06T08:00:00+02:00\",\n"
    "      \"seats\": 12, \"price\": 1234.5, \"tags\": [\"truck\"] },\n"
    "    { \"id\": \"102\", \"title\": \"Grundforløb\",\n"
    "      \"provider\": { \"name\": \"Mors Erhvervsskole\" },\n"
    "      \"level\": \"eud\", \"postcode\": \"7900\", \"start\": "
    "\"Mon, 11 Aug 2025 08:00:00 +0200\",\n"
    "      \"seats\": \"16\", \"price\": null },\n"
    "    { \"id\": 103, \"title\": \"Ordblinde\", \"provider\": null,\n"
    "      \"level\": \"VEU\", \"postcode\": null, \"start\": \"2026-02-02\" }\n"
    "  ] } }\n";

#define JSON_FIELDS                                                        \
    "  fields = { id = 'id', title = 'title', provider = 'provider.name',\n" \
    "    level = 'level', municipality = 'postcode', start = 'start',\n"   \
    "    seats = 'seats', price = { path = 'price', type = 'decimal' },\n" \
    "    tag = { path = 'tags.0', type = 'integer' } } }\n"

static const char json_config[] =
    "source 'json' { plugin = 'xmlfeed', path = 'c.json', dataset = 'J',\n"
    "  format = 'json', entries = 'data.courses',\n"
    "  fields = { id = 'id', title = 'title', provider = 'provider.name',\n"
    "    level = 'level', municipality = 'postcode', start = 'start',\n"
    "    seats = 'seats', price = { path = 'price', type = 'decimal' } } }\n"
    "source 'json_bad' { plugin = 'xmlfeed', path = 'bad.json', dataset = "
    "'J2',\n  format = 'json', entries = '$.data.courses',\n" JSON_FIELDS
    "source 'json_obj' { plugin = 'xmlfeed', path = 'c2.json', dataset = "
    "'J3',\n  format = 'json', entries = 'data',\n" JSON_FIELDS
    "source 'json_syntax' { plugin = 'xmlfeed', path = 'syntax.json', "
    "dataset = 'J4',\n  format = 'json', entries = 'data',\n" JSON_FIELDS;

static void test_json(void)
{
    xfw w;
    xfw_init(&w, json_config);
    xfw_file(&w, "c.json", json_feed);
    xfw_file(&w, "c2.json", json_feed);
    CU_ASSERT_EQUAL(xfw_collect(&w, "json"), 0);
    EXPECT_STR(w.err, "");
    char *d = xfw_dump(&w, "J");
    EXPECT_STR(d, "101|Nordjysk AMU-center|AMU|851|count|2025|1\n"
                  "101|Nordjysk AMU-center|AMU|851|price|2025|1234.5\n"
                  "101|Nordjysk AMU-center|AMU|851|seats|2025|12\n"
                  "102|Mors Erhvervsskole|EUD|773|count|2025|1\n"
                  "102|Mors Erhvervsskole|EUD|773|seats|2025|16\n"
                  "103||VEU||count|2026|1\n");
    free(d);
    /* a field that selects an array, an entry that is not an object, and
     * malformed JSON */
    xfw_file(&w, "bad.json", "{\"data\":{\"courses\":[{\"id\":1,\"title\":"
                             "\"x\",\"start\":\"2025-01-01\",\"tags\":[[1]]},"
                             "2]}}");
    EXPECT_FAILS(&w, "json_bad", "bad.json: entry 1: field 'tag': 'tags.0' "
                                 "is an array, not a value");
    EXPECT_FAILS(&w, "json_obj", "c2.json: entry 1: is not an object");
    xfw_file(&w, "syntax.json", "{\"data\": [\n  {\"id\": 1,,}\n]}");
    EXPECT_FAILS(&w, "json_syntax", "syntax.json:2:12: JSON error: ");
    xfw_free(&w);
}

/* ------------------------------------------------------------ CSV */

static const char csv_config[] =
    "source 'adm' { plugin = 'xmlfeed', path = '%s', dataset = "
    "'EDU_ADMISSIONS',\n"
    "  format = 'csv', delimiter = ';', skip = 1,\n"
    "  fields = { title = 'uddannelse', provider = 'udbyder',\n"
    "    level = { path = 'niveau', map = {\n"
    "      ['Erhvervsuddannelse'] = 'EUD', ['Gymnasial uddannelse'] = "
    "'gymnasium',\n"
    "      ['Kort videregående'] = 'KVU', ['Mellemlang videregående'] = "
    "'MVU',\n"
    "      ['Lang videregående'] = 'LVU' } },\n"
    "    municipality = 'sted', year = 'aar',\n"
    "    seats = 'pladser', applicants = 'ansoegere', admitted = 'optagne' } "
    "}\n"
    "source 'badcol' { plugin = 'xmlfeed', path = 'a.csv', dataset = 'C2',\n"
    "  format = 'csv', fields = { title = 'Uddannelse', year = 'år', seats "
    "= 'plads' } }\n"
    "source 'badrow' { plugin = 'xmlfeed', path = 'a.csv', dataset = 'C3',\n"
    "  format = 'csv', fields = { title = ' UDDANNELSE ', year = 'år' } }\n";

static void test_csv(void)
{
    char *sample = amb_path_join(amb_test_srcdir(),
                                 "data/samples/admissions.csv");
    char *config = amb_xasprintf(csv_config, sample);
    xfw w;
    xfw_init(&w, config);
    free(config);
    CU_ASSERT_EQUAL(xfw_collect(&w, "adm"), 0);
    EXPECT_STR(w.err, "");
    CU_ASSERT_EQUAL(w.out.rows, 240);
    /* six years of ten programmes at nine places, every level but AMU/VEU */
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(DISTINCT period) FROM "
                                   "observations"), 6);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT min(period) || max(period) FROM "
                                   "observations"), 20192024);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT sum(value) FROM observations "
                                   "WHERE d4 = 'count'"), 60);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(DISTINCT d2) FROM "
                                   "observations"), 5);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM observations WHERE "
                                   "d3 = ''"), 0);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM observations WHERE "
                                   "d4 = 'admitted' AND value > (SELECT "
                                   "s.value FROM observations s WHERE s.d0 = "
                                   "observations.d0 AND s.d3 = "
                                   "observations.d3 AND s.period = "
                                   "observations.period AND s.d4 = "
                                   "'seats')"), 0);
    /* the first data row of the file: Datamatiker in Aalborg, 2019 */
    char *c = xfw_hash_code("Datamatiker", "Nordjysk Erhvervsakademi");
    char *d = xfw_dump(&w, "EDU_ADMISSIONS");
    char *want = amb_xasprintf("%s|Nordjysk Erhvervsakademi|KVU|851|"
                               "applicants|2019|197\n", c);
    EXPECT_HAS(d, want);
    free(want);
    want = amb_xasprintf("%s|Nordjysk Erhvervsakademi|KVU|851|seats|2019|"
                         "120\n", c);
    EXPECT_HAS(d, want);
    free(want);
    free(d);
    free(c);
    /* a column the file lacks, a row with a field too few */
    xfw_file(&w, "a.csv", "uddannelse,år\nTømrer,2024\nSmed\n");
    EXPECT_FAILS(&w, "badcol", "a.csv:1: fields.seats: no column 'plads' "
                               "(columns: uddannelse, år)");
    EXPECT_FAILS(&w, "badrow", "a.csv:3: entry 2: 1 fields, but the header "
                               "has 2");
    free(sample);
    xfw_free(&w);
}

/* ------------------------------------------------------------ HTML */

static const char soup[] =
    "<!DOCTYPE html>\n<html><head><title>Kurser</title>\n"
    "<body><h1>Vores kurser<h2>Efterår\n"
    "<table id=kurser class='liste'>\n"
    "<tr><th>Kursus<th>Udbyder<th>Sted<th>Start<th>Pladser\n"
    "<tr><td><a href=/kursus/1>Truck<b>certifikat</a></b><td>Nordjysk "
    "AMU-center<td>Brønderslev<td>6. oktober 2025<td>12\n"
    "<tr><td><a href='/kursus/2'>Svejsning <i>MAG</b></i></a><td>Kystens "
    "Erhvervsskole<td>9900<td>15.09.2025<td>1.000\n"
    "</table><p>stray paragraph</span></p>\n"
    "<tr><td>not in the table\n"
    "<table id=other><tr><td>x<td>y<td>9000<td>2025-01-01<td>1</table>\n"
    "</div>\n";

static const char html_config[] =
    "source 'soup' { plugin = 'xmlfeed', path = 'k.html', dataset = 'H',\n"
    "  format = 'html', entries = \"//table[@id='kurser']//tr[td]\",\n"
    "  fields = { title = 'td[1]', url = 'td[1]/a/@href', provider = "
    "'td[2]',\n"
    "    municipality = 'td[3]', start = 'td[4]', seats = 'td[5]' } }\n";

static void test_html(void)
{
    xfw w;
    xfw_init(&w, html_config);
    xfw_file(&w, "k.html", soup);
    CU_ASSERT_EQUAL(xfw_collect(&w, "soup"), 0);
    EXPECT_STR(w.err, "");
    char *d = xfw_dump(&w, "H");
    EXPECT_STR(d, "/kursus/1|Nordjysk AMU-center||810|count|2025|1\n"
                  "/kursus/1|Nordjysk AMU-center||810|seats|2025|12\n"
                  "/kursus/2|Kystens Erhvervsskole||813|count|2025|1\n"
                  "/kursus/2|Kystens Erhvervsskole||813|seats|2025|1000\n");
    free(d);
    char *l = xfw_label(&w, "H", 0, "/kursus/2");
    EXPECT_STR(l, "Svejsning MAG");
    free(l);
    l = xfw_label(&w, "H", 0, "/kursus/1");
    EXPECT_STR(l, "Truckcertifikat");
    free(l);
    xfw_free(&w);
}

/* ------------------------------------------------------------ entities */

static const char ent_config[] =
    "for _, n in ipairs({ 'plain', 'quad', 'laughs', 'xxe' }) do\n"
    "  for _, s in ipairs({ true, false }) do\n"
    "    local m = s and '' or '_tree'\n"
    "    source(n .. m) { plugin = 'xmlfeed', path = n .. m .. '.xml',\n"
    "      dataset = n:upper(), stream = s, entries = '//item', period = "
    "'2025',\n"
    "      fields = { title = 'title', provider = 'who', url = '@href' } }\n"
    "  end\n"
    "end\n";

static void test_entities(void)
{
    xfw w;
    xfw_init(&w, ent_config);
    /* a plain-text entity is expanded */
    static const char plain[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
        "<!ENTITY amu \"Nordjysk AMU-center\">]>\n"
        "<rss><item href='u&amp;1'><title>Kran</title><who>&amu;</who>"
        "</item></rss>\n";
    xfw_file(&w, "plain.xml", plain);
    xfw_file(&w, "plain_tree.xml", plain);
    /* a 200 KB entity used 20000 times ("quadratic blowup"): 4 GB if
     * expanded; within the budget once, then dropped */
    size_t big = 200000;
    amb_buf b = {0};
    amb_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY big \"");
    for (size_t i = 0; i < big; i++)
        amb_buf_putc(&b, 'x');
    amb_buf_puts(&b, "\">]>\n<rss><item href='u'><title>A");
    for (int i = 0; i < 20000; i++)
        amb_buf_puts(&b, "&big;");
    amb_buf_puts(&b, "B</title></item></rss>\n");
    xfw_file_n(&w, "quad.xml", b.data, b.len);
    xfw_file_n(&w, "quad_tree.xml", b.data, b.len);
    amb_buf_free(&b);
    /* billion laughs */
    amb_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
                     "<!ENTITY lol \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
        amb_buf_printf(&b, "<!ENTITY lol%d \"", i);
        for (int k = 0; k < 10; k++)
            amb_buf_printf(&b, i == 1 ? "&lol;" : "&lol%d;", i - 1);
        amb_buf_puts(&b, "\">\n");
    }
    amb_buf_puts(&b, "]>\n<rss><item href='u'><title>&lol9;</title></item>"
                     "</rss>\n");
    xfw_file_n(&w, "laughs.xml", b.data, b.len);
    xfw_file_n(&w, "laughs_tree.xml", b.data, b.len);
    amb_buf_free(&b);
    /* an external entity naming a local file */
    xfw_file(&w, "secret.txt", "SECRET-MARKER");
    char *secret = xfw_path(&w, "secret.txt");
    char *xxe = amb_xasprintf(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
        "<!ENTITY xxe SYSTEM \"file://%s\">\n"
        "<!ENTITY rel SYSTEM \"secret.txt\">]>\n"
        "<rss><item href='u'><title>A&xxe;&rel;B</title></item></rss>\n",
        secret);
    xfw_file(&w, "xxe.xml", xxe);
    xfw_file(&w, "xxe_tree.xml", xxe);
    free(xxe);
    free(secret);

    const char *modes[] = {"", "_tree"};
    for (int m = 0; m < 2; m++) {
        char name[32];
        snprintf(name, sizeof name, "plain%s", modes[m]);
        CU_ASSERT_EQUAL(xfw_collect(&w, name), 0);
        char *d = xfw_dump(&w, "PLAIN");
        EXPECT_STR(d, "u&1|Nordjysk AMU-center|||count|2025|1\n");
        free(d);
        snprintf(name, sizeof name, "quad%s", modes[m]);
        CU_ASSERT_EQUAL(xfw_collect(&w, name), 0);
        EXPECT_HAS(w.log, "19995 entity references were not expanded");
        char *l = xfw_label(&w, "QUAD", 0, "u");
        CU_ASSERT_PTR_NOT_NULL(l);
        CU_ASSERT(l && strlen(l) == 2 + 5 * big);
        free(l);
        snprintf(name, sizeof name, "laughs%s", modes[m]);
        char where[48];
        snprintf(where, sizeof where, ": laughs%s.xml:14:34: ", modes[m]);
        EXPECT_FAILS(&w, name, where);
        EXPECT_HAS(w.err, "XML error: Detected an entity reference loop");
        snprintf(name, sizeof name, "xxe%s", modes[m]);
        CU_ASSERT_EQUAL(xfw_collect(&w, name), 0);
        l = xfw_label(&w, "XXE", 0, "u");
        EXPECT_STR(l, "AB");
        free(l);
    }
    xfw_free(&w);
}

/* ------------------------------------------------------------ pages, import */

static const char pages_config[] =
    "source 'pages' { plugin = 'xmlfeed', path = 'p1.xml', dataset = "
    "'PG',\n  entries = '//item', period = '2025', next = 'next',\n"
    "  fields = { title = 'title' } }\n"
    "source 'imp' { plugin = 'xmlfeed', path = 'unused.xml', dataset = 'IM',\n"
    "  entries = '//item', period = '2025', next = 'next',\n"
    "  fields = { title = 'title' } }\n";

static void test_local_pages_and_import(void)
{
    xfw w;
    xfw_init(&w, pages_config);
    xfw_file(&w, "p1.xml", "<r><next>sub/p2.xml</next><item><title>A</title>"
                           "</item></r>");
    char *sub = xfw_path(&w, "sub");
    amb_error err;
    CU_ASSERT_EQUAL(amb_mkdirs(sub, &err), 0);
    free(sub);
    xfw_file(&w, "sub/p2.xml", "<r><item><title>B</title></item>"
                               "<next>../p3.xml</next></r>");
    xfw_file(&w, "p3.xml", "<r><item><title>C</title></item></r>");
    CU_ASSERT_EQUAL(xfw_collect(&w, "pages"), 0);
    EXPECT_STR(w.err, "");
    CU_ASSERT_EQUAL(w.out.rows, 3);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM provenance p JOIN "
                                   "runs r ON r.id = p.run_id WHERE r.status "
                                   "= 'ok'"), 3);
    /* import reads the file in place and follows its links the same way */
    char *p1 = xfw_path(&w, "p1.xml");
    CU_ASSERT_EQUAL(xfw_import(&w, "imp", p1), 0);
    EXPECT_STR(w.err, "");
    CU_ASSERT_EQUAL(w.out.rows, 3);
    free(p1);
    char *d = xfw_dump(&w, "IM");
    char *a = xfw_hash_code("A", ""), *bb = xfw_hash_code("B", ""),
         *c = xfw_hash_code("C", "");
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM observations o "
                                   "JOIN datasets d ON d.id = o.dataset_id "
                                   "WHERE d.code = 'IM'"), 3);
    EXPECT_HAS(d, a);
    EXPECT_HAS(d, bb);
    EXPECT_HAS(d, c);
    free(a);
    free(bb);
    free(c);
    free(d);
    xfw_free(&w);
}

void xfformats_register(void)
{
    AMB_TEST_SUITE("xmlfeed_formats", {"json", test_json},
                   {"csv admissions", test_csv}, {"html tag soup", test_html},
                   {"entities and xxe", test_entities},
                   {"local pages and import", test_local_pages_and_import});
}
