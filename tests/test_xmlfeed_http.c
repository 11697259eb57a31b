/*
 * test_xmlfeed_http.c - feeds served by the real HTTP fixture through the
 * core's fetcher into a real store: unchanged on the second collect,
 * pagination (relative and absolute links, max_pages, loops, a link to a
 * local file), malformed XML (line and column, nothing stored), a huge
 * generated feed, a redirect loop, XXE and billion laughs (nothing but the
 * feed is ever requested), JSON pages and an HTML page's charset.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_fixture.h"
#include "test_xmlfeed_run.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"

/* An Atom page with entries first..last and an optional next link. */
static char *atom_page(int first, int last, const char *next)
{
    amb_buf b = {0};
    amb_buf_puts(&b, "<?xml version=\"1.0\"?>\n<feed xmlns=\"" NS_ATOM "\">\n"
                     "<title>Kurser</title>\n");
    if (next)
        amb_buf_printf(&b, "<link rel=\"next\" href=\"%s\"/>\n", next);
    for (int i = first; i <= last; i++)
        amb_buf_printf(&b, "<entry><title>Kursus %d</title><id>k%d</id>"
                           "<updated>2025-0%d-01T12:00:00Z</updated></entry>\n",
                       i, i, 1 + i % 9);
    amb_buf_puts(&b, "</feed>\n");
    return b.data;
}

static void route_page(amb_http_fixture *fx, const char *path, int first,
                       int last, const char *next)
{
    char *body = atom_page(first, last, next);
    amb_http_fixture_route_simple(fx, path, 200,
                                  "Content-Type: application/atom+xml", body);
    free(body);
}

/* The sources of the Atom tests, all on the fixture at base. */
static char *atom_config(const char *base)
{
    static const char fmt[] =
        "local ns = { atom = '" NS_ATOM "' }\n"
        "local f = { id = 'atom:id', title = 'atom:title', start = "
        "'atom:updated' }\n"
        "local next = \"atom:link[@rel='next']/@href\"\n"
        "local function feed(name, path, extra)\n"
        "  local t = { plugin = 'xmlfeed', url = '%s' .. path, dataset = "
        "name:upper(),\n"
        "    namespaces = ns, entries = '//atom:entry', fields = f, next = "
        "next }\n"
        "  for k, v in pairs(extra or {}) do t[k] = v end\n"
        "  source(name)(t)\n"
        "end\n"
        "feed('pages', '/p1.xml')\n"
        "feed('pages_tree', '/p1.xml?tree', { stream = false })\n"
        "feed('capped', '/c1.xml', { max_pages = 2 })\n"
        "feed('capped_strict', '/c1.xml?strict', { max_pages = 2, strict = "
        "true })\n"
        "feed('loop', '/l1.xml')\n"
        "feed('loop_tree', '/l1.xml', { stream = false })\n"
        "feed('self', '/s.xml')\n"
        "feed('local', '/f.xml')\n"
        "feed('bad2', '/b1.xml')\n";
    return amb_xasprintf(fmt, base);
}

static void test_pages(void)
{
    amb_http_fixture *fx = amb_http_fixture_start();
    const char *base = amb_http_fixture_url(fx, "");
    char *config = atom_config(base);
    xfw w;
    xfw_init(&w, config);
    free(config);
    /* a relative link, then an absolute one */
    char *p3 = amb_xasprintf("%s/p3.xml", base);
    route_page(fx, "/p1.xml", 1, 3, "p2.xml");
    route_page(fx, "/p2.xml", 4, 5, p3);
    route_page(fx, "/p3.xml", 6, 6, NULL);
    free(p3);
    CU_ASSERT_EQUAL(xfw_collect(&w, "pages"), 0);
    EXPECT_STR(w.err, "");
    CU_ASSERT_EQUAL(w.out.rows, 6);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/p1.xml"), 1);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/p2.xml"), 1);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/p3.xml"), 1);
    amb_http_request *req = amb_http_fixture_last_request(fx);
    EXPECT_HAS(amb_http_request_header(req, "Accept"), "application/atom+xml");
    amb_http_request_free(req);
    char *d = xfw_dump(&w, "PAGES");
    EXPECT_HAS(d, "k1||||count|2025|1\n");
    EXPECT_HAS(d, "k6||||count|2025|1\n");
    free(d);
    CU_ASSERT_EQUAL(xfw_collect(&w, "pages_tree"), 0);
    CU_ASSERT_EQUAL(w.out.rows, 6);

    /* max_pages: a warning and two pages, or under strict an error */
    route_page(fx, "/c1.xml", 1, 1, "c2.xml");
    route_page(fx, "/c2.xml", 2, 2, "c3.xml");
    route_page(fx, "/c3.xml", 3, 3, NULL);
    CU_ASSERT_EQUAL(xfw_collect(&w, "capped"), 0);
    CU_ASSERT_EQUAL(w.out.rows, 2);
    EXPECT_HAS(w.log, "c2.xml: stopped after max_pages = 2 pages; the feed "
                      "goes on at ");
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/c3.xml"), 0);
    EXPECT_FAILS(&w, "capped_strict", "c2.xml: page 2 links on to ");
    EXPECT_HAS(w.err, "but max_pages is 2");

    /* page 3 links back to page 1: an error, and nothing stored */
    route_page(fx, "/l1.xml", 1, 1, "l2.xml");
    route_page(fx, "/l2.xml", 2, 2, "l3.xml");
    route_page(fx, "/l3.xml", 3, 3, "l1.xml#top");
    char *want = amb_xasprintf("l3.xml: page 3 links back to page 1 "
                               "(%s/l1.xml)", base);
    EXPECT_FAILS(&w, "loop", want);
    EXPECT_FAILS(&w, "loop_tree", want);
    free(want);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/l1.xml"), 2);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM datasets WHERE "
                                   "code IN ('LOOP', 'LOOP_TREE')"), 0);
    route_page(fx, "/s.xml", 1, 1, "s.xml");
    EXPECT_FAILS(&w, "self", "s.xml: page 1 links to itself");
    /* an http page must not make ambit read local files */
    route_page(fx, "/f.xml", 1, 1, "file:///etc/passwd");
    EXPECT_FAILS(&w, "local", "page 1 links to 'file:///etc/passwd', which "
                              "is not an http(s) URL");
    /* a malformed second page: nothing of the first is kept either */
    route_page(fx, "/b1.xml", 1, 2, "b2.xml");
    amb_http_fixture_route_simple(fx, "/b2.xml", 200, NULL,
                                  "<feed xmlns=\"" NS_ATOM "\">\n<entry>\n"
                                  "</feed>\n");
    EXPECT_FAILS(&w, "bad2", "b2.xml:3:8: XML error: Opening and ending tag "
                             "mismatch: entry line 2 and feed");
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM datasets WHERE "
                                   "code = 'BAD2'"), 0);
    xfw_free(&w);
    amb_http_fixture_stop(fx);
}

/* ------------------------------------------------------------ one feed */

static const char rss_one[] =
    "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n"
    "<item><title>Truck</title><link>u1</link><pc>9000</pc>"
    "<d>2025-09-01</d><n>12</n></item>\n"
    "<item><title>Kran</title><link>u2</link><pc>7700</pc>"
    "<d>2025-09-22</d><n>8</n></item>\n"
    "</channel></rss>\n";

static char *rss_config(const char *base)
{
    static const char fmt[] =
        "local f = { title = 'title', url = 'link', municipality = 'pc',\n"
        "  start = 'd', seats = 'n' }\n"
        "source 'rss' { plugin = 'xmlfeed', url = '%s/feed.rss', dataset = "
        "'R',\n  entries = '//item', fields = f }\n"
        "source 'rss_tree' { plugin = 'xmlfeed', url = '%s/feed.rss', "
        "dataset = 'R',\n  entries = '//item', fields = f, stream = false }\n"
        "source 'loop' { plugin = 'xmlfeed', url = '%s/loop', dataset = "
        "'R',\n  entries = '//item', fields = f }\n";
    return amb_xasprintf(fmt, base, base, base);
}

static void test_unchanged_malformed_redirects(void)
{
    amb_http_fixture *fx = amb_http_fixture_start();
    const char *base = amb_http_fixture_url(fx, "");
    char *config = rss_config(base);
    xfw w;
    xfw_init(&w, config);
    free(config);
    amb_http_response ok = {.status = 200,
                            .headers = "Content-Type: application/rss+xml\n"
                                       "ETag: \"v1\"",
                            .body = rss_one,
                            .if_none_match = "\"v1\""};
    amb_http_fixture_route(fx, "/feed.rss", &ok, 1);
    CU_ASSERT_EQUAL(xfw_collect(&w, "rss"), 0);
    EXPECT_STR(w.err, "");
    CU_ASSERT_EQUAL(w.out.rc, AMB_OK);
    static const char rows[] = "u1|||851|count|2025|1\nu1|||851|seats|2025|12\n"
                               "u2|||787|count|2025|1\nu2|||787|seats|2025|8\n";
    char *d = xfw_dump(&w, "R");
    EXPECT_STR(d, rows);
    free(d);
    /* the second collect asks with If-None-Match, gets 304: unchanged */
    CU_ASSERT_EQUAL(xfw_collect(&w, "rss"), 0);
    CU_ASSERT_EQUAL(w.out.rc, AMB_UNCHANGED);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/feed.rss"), 2);
    amb_http_request *req = amb_http_fixture_last_request(fx);
    EXPECT_STR(amb_http_request_header(req, "If-None-Match"), "\"v1\"");
    amb_http_request_free(req);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM runs WHERE status "
                                   "= 'unchanged'"), 1);

    /* a malformed feed fails with URL:LINE:COLUMN; the data stays */
    const char *sources[] = {"rss", "rss_tree"};
    for (int i = 0; i < 2; i++) {
        amb_http_fixture_route_simple(
            fx, "/feed.rss", 200, NULL,
            "<?xml version=\"1.0\"?>\n<rss><channel>\n"
            "<item><title>A</title><link>u9</link><d>2025-01-01</d></item>\n"
            "<item><title>B & C</title></item>\n</channel></rss>\n");
        char *want = amb_xasprintf("%s/feed.rss:4:17: XML error: "
                                   "xmlParseEntityRef: no name", base);
        EXPECT_FAILS(&w, sources[i], want);
        free(want);
        d = xfw_dump(&w, "R");
        EXPECT_STR(d, rows);
        free(d);
    }

    /* a redirect loop: the fetcher's redirect limit ends it */
    amb_http_fixture_route_simple(fx, "/loop", 302, "Location: /loop", "");
    EXPECT_FAILS(&w, "loop", "/loop");
    EXPECT_HAS(w.err, "edirect");
    CU_ASSERT(amb_http_fixture_hits(fx, "/loop") > 5);
    d = xfw_dump(&w, "R");
    EXPECT_STR(d, rows);
    free(d);
    xfw_free(&w);
    amb_http_fixture_stop(fx);
}

/* ------------------------------------------------------------ huge */

#define HUGE_ENTRIES 100000

static void test_huge(void)
{
    amb_http_fixture *fx = amb_http_fixture_start();
    const char *base = amb_http_fixture_url(fx, "");
    static const char *const places[] = {"9000", "9800", "7700", "Skagen",
                                         "9600", "Hobro", "7900", "9440"};
    amb_buf b = {0};
    amb_buf_puts(&b, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"
                     "<channel><title>big</title>\n");
    long long seats = 0;
    for (int i = 0; i < HUGE_ENTRIES; i++) {
        int n = 1 + i % 40;
        seats += n;
        amb_buf_printf(&b, "<item><title>Kursus %d</title><link>k%d</link>"
                           "<pc>%s</pc><d>202%d-0%d-15</d><n>%d</n></item>\n",
                       i, i, places[i % 8], 3 + i % 3, 1 + i % 9, n);
    }
    amb_buf_puts(&b, "</channel></rss>\n");
    amb_http_response r = {.status = 200, .body = b.data, .body_len = b.len};
    amb_http_fixture_route(fx, "/big.rss", &r, 1);
    amb_buf_free(&b);
    char *config = amb_xasprintf(
        "local f = { title = 'title', url = 'link', municipality = 'pc',\n"
        "  start = 'd', seats = 'n' }\n"
        "source 'big' { plugin = 'xmlfeed', url = '%s/big.rss', dataset = "
        "'BIG',\n  entries = '/rss/channel/item', fields = f }\n"
        "source 'big_tree' { plugin = 'xmlfeed', url = '%s/big.rss?tree', "
        "dataset = 'BIG2',\n  entries = '//item[link]', fields = f, "
        "max_bytes = 1048576 }\n",
        base, base);
    xfw w;
    xfw_init(&w, config);
    free(config);
    CU_ASSERT_EQUAL(xfw_collect(&w, "big"), 0);
    EXPECT_STR(w.err, "");
    CU_ASSERT_EQUAL(w.out.rows, 2 * HUGE_ENTRIES);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT sum(value) FROM observations "
                                   "WHERE d4 = 'seats'"), seats);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(DISTINCT d3) FROM "
                                   "observations"), 8);
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM observations WHERE "
                                   "d4 = 'count' AND period = '2025'"),
                    HUGE_ENTRIES / 3);
    /* a tree parse refuses a page over max_bytes */
    EXPECT_FAILS(&w, "big_tree", "big.rss?tree: larger than max_bytes "
                                 "(1048576 bytes)");
    xfw_free(&w);
    amb_http_fixture_stop(fx);
}

/* ------------------------------------------------------------ XXE */

static void test_xxe(void)
{
    amb_http_fixture *fx = amb_http_fixture_start();
    const char *base = amb_http_fixture_url(fx, "");
    amb_http_fixture_route_simple(fx, "/secret.txt", 200, NULL, "SECRET");
    amb_http_fixture_route_simple(fx, "/evil.dtd", 200, NULL,
                                  "<!ENTITY x \"SECRET\">");
    amb_http_fixture_route_simple(fx, "/pe.ent", 200, NULL,
                                  "<!ENTITY y \"SECRET\">");
    char *xxe = amb_xasprintf(
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE rss SYSTEM \"%s/evil.dtd\" [\n"
        "  <!ENTITY xxe SYSTEM \"%s/secret.txt\">\n"
        "  <!ENTITY %% pe SYSTEM \"%s/pe.ent\">\n"
        "  %%pe;\n"
        "]>\n"
        "<rss><channel><item><title>A&xxe;B</title><link>u</link></item>"
        "</channel></rss>\n",
        base, base, base);
    amb_http_fixture_route_simple(fx, "/xxe.rss", 200, NULL, xxe);
    free(xxe);
    amb_buf b = {0};
    amb_buf_printf(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n"
                       "<!ENTITY ext SYSTEM \"%s/secret.txt\">\n"
                       "<!ENTITY a \"&ext;&ext;&ext;&ext;&ext;\">\n", base);
    amb_buf_puts(&b, "<!ENTITY l0 \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
        amb_buf_printf(&b, "<!ENTITY l%d \"", i);
        for (int k = 0; k < 10; k++)
            amb_buf_printf(&b, "&l%d;", i - 1);
        amb_buf_puts(&b, "\">\n");
    }
    amb_buf_puts(&b, "]>\n<rss><channel><item><title>&a;&l9;</title>"
                     "<link>u</link></item></channel></rss>\n");
    amb_http_fixture_route_simple(fx, "/laughs.rss", 200, NULL, b.data);
    amb_buf_free(&b);
    char *config = amb_xasprintf(
        "local f = { title = 'title', url = 'link' }\n"
        "for _, s in ipairs({ true, false }) do\n"
        "  local sfx = s and '' or '_tree'\n"
        "  source('xxe' .. sfx) { plugin = 'xmlfeed', url = '%s/xxe.rss?' .. "
        "sfx, dataset = 'X' .. sfx,\n"
        "    entries = '//item', fields = f, period = '2025', stream = s }\n"
        "  source('laughs' .. sfx) { plugin = 'xmlfeed', url = "
        "'%s/laughs.rss',\n"
        "    dataset = 'L' .. sfx, entries = '//item', fields = f, period = "
        "'2025', stream = s }\n"
        "end\n",
        base, base);
    xfw w;
    xfw_init(&w, config);
    free(config);
    CU_ASSERT_EQUAL(xfw_collect(&w, "xxe"), 0);
    EXPECT_STR(w.err, "");
    char *l = xfw_label(&w, "X", 0, "u");
    EXPECT_STR(l, "AB");
    free(l);
    CU_ASSERT_EQUAL(xfw_collect(&w, "xxe_tree"), 0);
    l = xfw_label(&w, "X_tree", 0, "u");
    EXPECT_STR(l, "AB");
    free(l);
    EXPECT_FAILS(&w, "laughs", "laughs.rss:");
    EXPECT_HAS(w.err, "entity reference loop");
    EXPECT_FAILS(&w, "laughs_tree", "entity reference loop");
    /* nothing but the two feeds was ever requested */
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/secret.txt"), 0);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/evil.dtd"), 0);
    CU_ASSERT_EQUAL(amb_http_fixture_hits(fx, "/pe.ent"), 0);
    CU_ASSERT_EQUAL(amb_http_fixture_requests(fx), 4);
    xfw_free(&w);
    amb_http_fixture_stop(fx);
}

/* ------------------------------------------------------------ JSON, HTML */

static void test_json_html(void)
{
    amb_http_fixture *fx = amb_http_fixture_start();
    const char *base = amb_http_fixture_url(fx, "");
    char *p1 = amb_xasprintf(
        "{\"items\": [{\"name\": \"Truck\", \"url\": \"/k/1\", \"town\": "
        "\"Aalborg\", \"year\": 2025, \"seats\": 12}],\n"
        " \"links\": {\"next\": \"%s/j2.json\"}}", base);
    amb_http_fixture_route_simple(fx, "/j1.json", 200,
                                  "Content-Type: application/json", p1);
    free(p1);
    amb_http_fixture_route_simple(fx, "/j2.json", 200,
                                  "Content-Type: application/json",
                                  "{\"items\": [{\"name\": \"Kran\", \"url\": "
                                  "\"/k/2\", \"town\": \"Thisted\", \"year\": "
                                  "\"2026\"}], \"links\": {\"next\": null}}");
    /* ISO-8859-1 bytes, as the Content-Type says */
    amb_http_fixture_route_simple(fx, "/k.html", 200,
                                  "Content-Type: text/html; charset=ISO-8859-1",
                                  "<html><body><ul>\n"
                                  "<li><span>Svejsning</span><em>Hj\xF8rring"
                                  "</em>\n<li><span>Truck</span><em>L\xE6s\xF8"
                                  "</em>\n</ul>");
    char *config = amb_xasprintf(
        "source 'json' { plugin = 'xmlfeed', url = '%s/j1.json', dataset = "
        "'J',\n  format = 'json', entries = 'items', next = 'links.next',\n"
        "  fields = { title = 'name', url = 'url', municipality = 'town', "
        "year = 'year',\n    seats = 'seats' } }\n"
        "source 'html' { plugin = 'xmlfeed', url = '%s/k.html', dataset = "
        "'H',\n  format = 'html', entries = '//li', period = '2025',\n"
        "  fields = { title = 'span', municipality = 'em' } }\n",
        base, base);
    xfw w;
    xfw_init(&w, config);
    free(config);
    CU_ASSERT_EQUAL(xfw_collect(&w, "json"), 0);
    EXPECT_STR(w.err, "");
    char *d = xfw_dump(&w, "J");
    EXPECT_STR(d, "/k/1|||851|count|2025|1\n/k/1|||851|seats|2025|12\n"
                  "/k/2|||787|count|2026|1\n");
    free(d);
    amb_http_request *req = amb_http_fixture_last_request(fx);
    EXPECT_HAS(amb_http_request_header(req, "Accept"), "application/json");
    amb_http_request_free(req);
    CU_ASSERT_EQUAL(xfw_collect(&w, "html"), 0);
    EXPECT_STR(w.err, "");
    CU_ASSERT_EQUAL(xfw_scalar(&w, "SELECT count(*) FROM observations o "
                                   "JOIN datasets s ON s.id = o.dataset_id "
                                   "WHERE s.code = 'H' AND o.d3 IN ('860', "
                                   "'825')"), 2);
    xfw_free(&w);
    amb_http_fixture_stop(fx);
}

void xfhttp_register(void)
{
    AMB_TEST_SUITE("xmlfeed_http", {"pages", test_pages},
                   {"unchanged, malformed, redirects",
                    test_unchanged_malformed_redirects},
                   {"huge feed", test_huge}, {"xxe and laughs", test_xxe},
                   {"json pages and html charset", test_json_html});
}
