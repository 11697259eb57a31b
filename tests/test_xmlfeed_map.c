/*
 * test_xmlfeed_map.c - feed mappings through the real core and store, from
 * files in a workspace: RSS with dc:, Atom with namespaces (streamed and
 * as a tree), every type with its errors (entry and line), levels,
 * municipalities, periods, programme codes and duplicates.  The other
 * formats are in test_xmlfeed_formats.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_xmlfeed_run.h"

/* ------------------------------------------------------------ RSS */

static const char rss[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    "<channel><title>t</title>\n"
    "<item>\n"
    "  <title>  Truckcertifikat\n   A </title>\n"
    "  <link>https://x.example/k/1</link>\n"
    "  <dc:creator>Nordjysk AMU-center</dc:creator>\n"
    "  <category>AMU-kursus</category>\n"
    "  <postnr>9700</postnr>\n"
    "  <startdato>Mon, 06 Oct 2025 08:00:00 +0200</startdato>\n"
    "  <pladser>12</pladser>\n"
    "</item>\n"
    "<item>\n"
    "  <title>Tømrer</title>\n"
    "  <link>https://x.example/k/2</link>\n"
    "  <dc:creator>Vendsyssel Erhvervsskole</dc:creator>\n"
    "  <category> erhvervsuddannelse </category>\n"
    "  <postnr>Hjørring</postnr>\n"
    "  <startdato>2025-08-11T08:00:00+02:00</startdato>\n"
    "  <pladser>1.200</pladser>\n"
    "</item>\n"
    "<item>\n"
    "  <title>FVU-læsning</title>\n"
    "  <link>https://x.example/k/3</link>\n"
    "  <dc:creator>Thy-Mors Voksenskole</dc:creator>\n"
    "  <category>VEU</category>\n"
    "  <postnr>7900</postnr>\n"
    "  <startdato>2026-01-05</startdato>\n"
    "</item>\n"
    "</channel></rss>\n";

#define RSS_FIELDS                                                         \
    "  namespaces = { dc = 'http://purl.org/dc/elements/1.1/' },\n"        \
    "  fields = { title = 'title', url = 'link', provider = 'dc:creator',\n" \
    "    level = { path = 'category', map = { ['Erhvervsuddannelse'] = 'EUD',\n" \
    "              ['AMU-kursus'] = 'AMU' } },\n"                          \
    "    municipality = 'postnr', start = 'startdato', seats = 'pladser' },\n"

static const char rss_config[] =
    "source 'stream' { plugin = 'xmlfeed', path = 's.xml', dataset = 'S',\n"
    "  entries = '//item',\n" RSS_FIELDS "}\n"
    "source 'tree' { plugin = 'xmlfeed', path = 't.xml', dataset = 'T',\n"
    "  entries = '//item', stream = false,\n" RSS_FIELDS "}\n"
    "source 'xpath' { plugin = 'xmlfeed', path = 'x.xml', dataset = 'X',\n"
    "  entries = '/rss/channel/item[link]',\n" RSS_FIELDS "}\n";

static const char rss_rows[] =
    "https://x.example/k/1|Nordjysk AMU-center|AMU|810|count|2025|1\n"
    "https://x.example/k/1|Nordjysk AMU-center|AMU|810|seats|2025|12\n"
    "https://x.example/k/2|Vendsyssel Erhvervsskole|EUD|860|count|2025|1\n"
    "https://x.example/k/2|Vendsyssel Erhvervsskole|EUD|860|seats|2025|1200\n"
    "https://x.example/k/3|Thy-Mors Voksenskole|VEU|773|count|2026|1\n";

static void test_rss(void)
{
    xfw w;
    xfw_init(&w, rss_config);
    /* one file per source: the fetch cache is keyed by file, and a file
     * another source read unchanged would be skipped as unchanged */
    xfw_file(&w, "s.xml", rss);
    xfw_file(&w, "t.xml", rss);
    xfw_file(&w, "x.xml", rss);
    const char *sources[] = {"stream", "tree", "xpath"};
    const char *datasets[] = {"S", "T", "X"};
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(xfw_collect(&w, sources[i]), 0);
        EXPECT_STR(w.err, "");
        CU_ASSERT_EQUAL(w.out.rc, AMB_OK);
        CU_ASSERT_EQUAL(w.out.rows, 5);
        char *d = xfw_dump(&w, datasets[i]);
        EXPECT_STR(d, rss_rows);
        free(d);
    }
    char *l = xfw_label(&w, "S", 0, "https://x.example/k/1");
    EXPECT_STR(l, "Truckcertifikat A");
    free(l);
    l = xfw_label(&w, "S", 1, "Thy-Mors Voksenskole");
    EXPECT_STR(l, "Thy-Mors Voksenskole");
    free(l);
    l = xfw_label(&w, "S", 2, "AMU");
    EXPECT_STR(l, "Arbejdsmarkedsuddannelse");
    free(l);
    l = xfw_label(&w, "S", 3, "773");
    EXPECT_STR(l, "Morsø");
    free(l);
    l = xfw_label(&w, "S", 4, "seats");
    EXPECT_STR(l, "Pladser");
    free(l);
    /* the dataset's shape */
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM dimensions m JOIN "
                                   "datasets d ON d.id = m.dataset_id WHERE "
                                   "d.code = 'S' AND ((m.pos = 0 AND m.code = "
                                   "'PROGRAMME') OR (m.pos = 3 AND m.code = "
                                   "'OMRÅDE') OR (m.pos = 4 AND m.code = "
                                   "'MEASURE') OR (m.pos = -1 AND m.code = "
                                   "'TID'))"), 4);
    xfw_free(&w);
}

/* ------------------------------------------------------------ Atom */

static const char atom_feed[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"\n"
    "      xmlns:k=\"https://ambit.example/ns/kursus/1.0\">\n"
    "  <title>Kurser</title>\n"
    "  <link rel=\"self\" href=\"https://x.example/feed\"/>\n"
    "  <entry>\n"
    "    <title type=\"text\">Svejsning MAG</title>\n"
    "    <link rel=\"alternate\" href=\"https://x.example/a/1\"/>\n"
    "    <id>urn:uuid:0001</id>\n"
    "    <author><name>Nordjysk AMU-center</name></author>\n"
    "    <category term=\"AMU\"/>\n"
    "    <published>2025-09-15T08:00:00+02:00</published>\n"
    "    <k:sted>Frederikshavn</k:sted>\n"
    "    <k:timer>37,5</k:timer>\n"
    "  </entry>\n"
    "  <entry>\n"
    "    <title>Kranfører</title>\n"
    "    <link rel=\"alternate\" href=\"https://x.example/a/2\"/>\n"
    "    <id>urn:uuid:0002</id>\n"
    "    <author><name>Thy Kørselsskole</name></author>\n"
    "    <category term=\"amu\"/>\n"
    "    <published>2025-12-31T23:30:00-05:00</published>\n"
    "    <k:sted>7700</k:sted>\n"
    "    <k:timer>1.234,5</k:timer>\n"
    "  </entry>\n"
    "</feed>\n";

#define ATOM_FIELDS                                                        \
    "  namespaces = { atom = 'http://www.w3.org/2005/Atom',\n"             \
    "                 k = 'https://ambit.example/ns/kursus/1.0' },\n"      \
    "  fields = { id = 'atom:id', title = 'atom:title',\n"                 \
    "    url = \"atom:link[@rel='alternate']/@href\",\n"                   \
    "    provider = 'atom:author/atom:name', level = 'atom:category/@term',\n" \
    "    start = 'atom:published', municipality = 'k:sted',\n"             \
    "    hours = { path = 'k:timer', type = 'decimal', label = 'Timer' } },\n"

static const char atom_config[] =
    "source 'atom' { plugin = 'xmlfeed', path = 'atom.xml', dataset = 'A',\n"
    "  entries = '//atom:entry',\n" ATOM_FIELDS "}\n"
    "source 'atom_tree' { plugin = 'xmlfeed', path = 'atom2.xml', dataset = "
    "'AT',\n  entries = '/atom:feed/atom:entry[atom:id]',\n" ATOM_FIELDS "}\n"
    "source 'noprefix' { plugin = 'xmlfeed', path = 'atom3.xml', dataset = "
    "'N',\n  entries = '//entry',\n" ATOM_FIELDS "}\n"
    "source 'noprefix_tree' { plugin = 'xmlfeed', path = 'atom3.xml', "
    "dataset = 'N',\n  entries = '//entry', stream = false,\n" ATOM_FIELDS
    "}\n"
    "source 'empty_ok' { plugin = 'xmlfeed', path = 'atom4.xml', dataset = "
    "'E',\n  entries = '//entry', allow_empty = true,\n" ATOM_FIELDS "}\n";

static void test_atom(void)
{
    static const char want[] =
        "urn:uuid:0001|Nordjysk AMU-center|AMU|813|count|2025|1\n"
        "urn:uuid:0001|Nordjysk AMU-center|AMU|813|hours|2025|37.5\n"
        "urn:uuid:0002|Thy Kørselsskole|AMU|787|count|2025|1\n"
        "urn:uuid:0002|Thy Kørselsskole|AMU|787|hours|2025|1234.5\n";
    xfw w;
    xfw_init(&w, atom_config);
    xfw_file(&w, "atom.xml", atom_feed);
    xfw_file(&w, "atom2.xml", atom_feed);
    xfw_file(&w, "atom3.xml", atom_feed);
    xfw_file(&w, "atom4.xml", atom_feed);
    CU_ASSERT_EQUAL(xfw_collect(&w, "atom"), 0);
    EXPECT_STR(w.err, "");
    char *d = xfw_dump(&w, "A");
    EXPECT_STR(d, want);
    free(d);
    char *l = xfw_label(&w, "A", 4, "hours");
    EXPECT_STR(l, "Timer");
    free(l);
    l = xfw_label(&w, "A", 0, "urn:uuid:0002");
    EXPECT_STR(l, "Kranfører");
    free(l);
    CU_ASSERT_EQUAL(xfw_collect(&w, "atom_tree"), 0);
    d = xfw_dump(&w, "AT");
    EXPECT_STR(d, want);
    free(d);
    /* Atom elements are in a namespace: an unprefixed name matches none,
     * and the message says why */
    EXPECT_FAILS(&w, "noprefix", "no entries matched '//entry'");
    EXPECT_HAS(w.err, "namespace http://www.w3.org/2005/Atom");
    EXPECT_FAILS(&w, "noprefix_tree", "declare a prefix");
    CU_ASSERT_EQUAL(xfw_collect(&w, "empty_ok"), 0);
    EXPECT_HAS(w.log, "no entries matched");
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM datasets WHERE "
                                   "code = 'E'"), 1);
    xfw_free(&w);
}

/* ------------------------------------------------------------ types */

/* A one-item feed around body, with fields for every type. */
static char *typed_item(const char *body)
{
    return amb_xasprintf("<?xml version=\"1.0\"?>\n<rss><channel>\n"
                         "<item><title>Ok</title><start>2025-01-01</start>"
                         "<n>1</n></item>\n"
                         "<item>\n%s</item>\n</channel></rss>\n", body);
}

static const char types_config[] =
    "for _, n in ipairs({ 'int', 'dec', 'date', 'title', 'year' }) do\n"
    "  source(n) { plugin = 'xmlfeed', path = n .. '.xml', dataset = 'Y',\n"
    "    entries = '//item', fields = { title = 'title', start = 'start',\n"
    "      seats = { path = 'n', type = 'integer' },\n"
    "      hours = { path = 'h', type = 'decimal' }, year = 'y' } }\n"
    "end\n";

static void test_type_errors(void)
{
    xfw w;
    xfw_init(&w, types_config);
    char *f = typed_item("<title>A</title>\n<start>2025-02-01</start>\n"
                         "<n>mange</n>\n");
    xfw_file(&w, "int.xml", f);
    free(f);
    f = typed_item("<title>A</title>\n<start>2025-02-01</start>\n<n>2</n>\n"
                   "<h>12,5 timer</h>\n");
    xfw_file(&w, "dec.xml", f);
    free(f);
    f = typed_item("<title>A</title>\n<start>30.02.2025</start>\n");
    xfw_file(&w, "date.xml", f);
    free(f);
    f = typed_item("<start>2025-03-01</start>\n<title>  </title>\n");
    xfw_file(&w, "title.xml", f);
    free(f);
    f = typed_item("<title>A</title>\n<y>20x5</y>\n");
    xfw_file(&w, "year.xml", f);
    free(f);
    EXPECT_FAILS(&w, "int", ": int.xml:7: entry 2: field 'seats': 'mange' "
                            "is not a whole number");
    EXPECT_FAILS(&w, "dec", "dec.xml:8: entry 2: field 'hours': '12,5 timer' "
                            "is not a number");
    EXPECT_FAILS(&w, "date", "date.xml:6: entry 2: field 'start': "
                             "'30.02.2025' is not a date: there is no such "
                             "day in that month");
    EXPECT_FAILS(&w, "title", "title.xml:4: entry 2: required field 'title' "
                              "is missing (path 'title' selected nothing)");
    EXPECT_FAILS(&w, "year", "year.xml:6: entry 2: field 'year': '20x5' is "
                             "not a whole number");
    /* nothing of any failed run was stored */
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM observations"), 0);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM runs WHERE status "
                                   "= 'failed'"), 5);
    xfw_free(&w);
}

/* ------------------------------------------------------------ lookups */

static const char lookup_feed[] =
    "<rss><channel>\n"
    "<item><title>A</title><l>Erhvervsuddannelse</l><pc>9000</pc></item>\n"
    "<item><title>B</title><l>Kursus</l><pc>9999</pc></item>\n"
    "<item><title>C</title><l>lvu</l><pc>9632</pc></item>\n"
    "<item><title>D</title><l>AMU</l><pc>Roskilde</pc></item>\n"
    "<item><title>E</title><pc>DK-9990</pc></item>\n"
    "</channel></rss>\n";

#define LOOKUP_FIELDS                                                      \
    "  fields = { title = 'title', level = { path = 'l', map = {\n"        \
    "    ['Erhvervsuddannelse'] = 'EUD' } }, municipality = 'pc' } }\n"

static const char lookup_config[] =
    "source 'lax' { plugin = 'xmlfeed', path = 'l.xml', dataset = 'L',\n"
    "  entries = '//item', period = '2025',\n" LOOKUP_FIELDS
    "source 'strict' { plugin = 'xmlfeed', path = 'l2.xml', dataset = 'L2',\n"
    "  entries = '//item', period = '2025', strict = true,\n" LOOKUP_FIELDS;

static void test_lookups(void)
{
    xfw w;
    xfw_init(&w, lookup_config);
    xfw_file(&w, "l.xml", lookup_feed);
    xfw_file(&w, "l2.xml", lookup_feed);
    CU_ASSERT_EQUAL(xfw_collect(&w, "lax"), 0);
    EXPECT_STR(w.err, "");
    CU_ASSERT_EQUAL(w.out.rows, 5);
    char *d = xfw_dump(&w, "L");
    const char *titles[] = {"A", "B", "C", "D", "E"};
    const char *rest[] = {"|EUD|851|", "|||", "|LVU||", "|AMU||", "||813|"};
    for (int i = 0; i < 5; i++) {
        char *c = xfw_hash_code(titles[i], "");
        char *line = amb_xasprintf("%s|%scount|2025|1\n", c, rest[i]);
        EXPECT_HAS(d, line);
        free(line);
        free(c);
    }
    free(d);
    EXPECT_HAS(w.log, "l.xml:3: entry 2: field 'level': 'Kursus' is not one "
                      "of EUD, gymnasium, KVU, MVU, LVU, AMU, VEU");
    EXPECT_HAS(w.log, "entry 2: field 'municipality': '9999' is not a "
                      "postcode of North Jutland");
    EXPECT_HAS(w.log, "entry 3: field 'municipality': '9632' (Møldrup) is "
                      "outside North Jutland");
    EXPECT_HAS(w.log, "entry 4: field 'municipality': 'Roskilde' is neither "
                      "a postcode nor a town");
    EXPECT_FAILS(&w, "strict", "l2.xml:3: entry 2: field 'level': 'Kursus' "
                               "is not one of");
    xfw_free(&w);
}

/* ------------------------------------------------------------ periods, codes */

static const char period_feed[] =
    "<list>\n"
    "<course><name>A</name><id>K-1</id><by>UCN</by></course>\n"
    "<course><name>B</name><id>K-2</id><year>2024</year></course>\n"
    "<course><name>C</name><start>2023-05-01</start><year>2024</year>"
    "</course>\n"
    "</list>\n";

static const char period_config[] =
    "source 'fixed' { plugin = 'xmlfeed', path = 'p.xml', dataset = 'P',\n"
    "  entries = '/list/course', period = '2025',\n"
    "  fields = { title = 'name', id = 'id', year = 'year', start = 'start',\n"
    "    provider = { value = 'Skolen' }, level = { path = 'lvl', default = "
    "'amu' } } }\n"
    "source 'none' { plugin = 'xmlfeed', path = 'p2.xml', dataset = 'P2',\n"
    "  entries = '/list/course',\n"
    "  fields = { title = 'name', id = 'id', start = 'start' } }\n";

static void test_periods(void)
{
    xfw w;
    xfw_init(&w, period_config);
    xfw_file(&w, "p.xml", period_feed);
    xfw_file(&w, "p2.xml", period_feed);
    CU_ASSERT_EQUAL(xfw_collect(&w, "fixed"), 0);
    EXPECT_STR(w.err, "");
    char *c = xfw_hash_code("C", "Skolen");
    char *want = amb_xasprintf("K-1|Skolen|AMU||count|2025|1\n"
                               "K-2|Skolen|AMU||count|2024|1\n"
                               "%s|Skolen|AMU||count|2023|1\n", c);
    char *d = xfw_dump(&w, "P");
    EXPECT_STR(d, want);
    free(d);
    free(want);
    free(c);
    EXPECT_FAILS(&w, "none", "p2.xml:2: entry 1: the record has no period: "
                             "no start date, and no option 'period' is set");
    xfw_free(&w);
}

/* ------------------------------------------------------------ duplicates */

static const char dup_feed[] =
    "<rss><channel>\n"
    "<item><title>A</title><link>u1</link><s>20</s></item>\n"
    "<item><title>B</title><link>u2</link><s>10</s></item>\n"
    "<item><title>A</title><link>u1</link><s>20</s></item>\n"
    "</channel></rss>\n";

static const char dup_conflict[] =
    "<rss><channel>\n"
    "<item><title>A</title><link>u1</link><s>20</s></item>\n"
    "<item><title>B</title><link>u2</link><s>10</s></item>\n"
    "<item><title>A again</title><link>u1</link><s>30</s></item>\n"
    "</channel></rss>\n";

static const char dup_config[] =
    "source 'dup' { plugin = 'xmlfeed', path = 'd.xml', dataset = 'D',\n"
    "  entries = '//item', period = '2025',\n"
    "  fields = { title = 'title', url = 'link', seats = 's' } }\n";

static void test_duplicates(void)
{
    xfw w;
    xfw_init(&w, dup_config);
    xfw_file(&w, "d.xml", dup_feed);
    CU_ASSERT_EQUAL(xfw_collect(&w, "dup"), 0);
    EXPECT_STR(w.err, "");
    char *d = xfw_dump(&w, "D");
    EXPECT_STR(d, "u1||||count|2025|1\nu1||||seats|2025|20\n"
                  "u2||||count|2025|1\nu2||||seats|2025|10\n");
    free(d);
    xfw_file(&w, "d.xml", dup_conflict);
    EXPECT_FAILS(&w, "dup", "d.xml:4: entry 3: repeats entry 1 of ");
    EXPECT_HAS(w.err, "d.xml:2 (same programme, provider, level, area and "
                      "period 2025) with another seats: 30, there 20");
    /* the earlier data stays */
    d = xfw_dump(&w, "D");
    EXPECT_HAS(d, "u1||||seats|2025|20\n");
    free(d);
    xfw_free(&w);
}

void xfmap_register(void)
{
    AMB_TEST_SUITE("xmlfeed_map", {"rss", test_rss}, {"atom", test_atom},
                   {"type errors", test_type_errors},
                   {"levels and municipalities", test_lookups},
                   {"periods and constants", test_periods},
                   {"duplicates", test_duplicates});
}
