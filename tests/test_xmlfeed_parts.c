/*
 * test_xmlfeed_parts.c - unit tests of the xmlfeed plugin's streamable
 * path subset (parsing and matching with namespaces and predicates), its
 * option checks (every message names the key), and the key table that
 * finds repeated records.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_xmlfeed.h"

/* ------------------------------------------------------------ paths */

static const amb_opt ns_items[] = {
    {.type = AMB_OPT_STRING, .key = "atom",
     .string = "http://www.w3.org/2005/Atom"},
    {.type = AMB_OPT_STRING, .key = "dc",
     .string = "http://purl.org/dc/elements/1.1/"}};
static const amb_opt namespaces = {.type = AMB_OPT_MAP, .count = 2,
                                   .items = ns_items};
static const char atom[] = "http://www.w3.org/2005/Atom";

typedef struct attrs {
    const char *rel;
} attrs;

static char *attr_of(void *ud, const char *local, const char *ns)
{
    const attrs *a = ud;
    if (!ns && strcmp(local, "rel") == 0 && a->rel)
        return strdup(a->rel);
    return NULL;
}

static int matches(const char *expr, const char *const *locals,
                   const char *const *nss, size_t n, const char *rel)
{
    xf_path p;
    char err[200];
    int rc = xf_path_parse(expr, &namespaces, 1, &p, err, sizeof err);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc)
        fprintf(stderr, "\npath '%s': %s\n", expr, err);
    attrs a = {rel};
    int m = rc == 0 && xf_path_match(&p, locals, nss, n, attr_of, &a);
    xf_path_free(&p);
    return m;
}

static void path_bad(const char *expr, int allow_target, const char *part)
{
    xf_path p;
    char err[200] = "";
    int rc = xf_path_parse(expr, &namespaces, allow_target, &p, err,
                           sizeof err);
    xf_path_free(&p);
    CU_ASSERT_EQUAL(rc, -1);
    if (!strstr(err, part))
        fprintf(stderr, "\npath '%s': '%s' lacks '%s'\n", expr, err, part);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, part));
}

static void test_paths(void)
{
    const char *rss[] = {"rss", "channel", "item"};
    const char *rss_ns[] = {NULL, NULL, NULL};
    const char *feed[] = {"feed", "entry"};
    const char *feed_ns[] = {atom, atom};
    const char *link[] = {"feed", "link"};
    CU_ASSERT(matches("//item", rss, rss_ns, 3, NULL));
    CU_ASSERT(matches("/rss/channel/item", rss, rss_ns, 3, NULL));
    CU_ASSERT(matches("channel/item", rss, rss_ns, 3, NULL));
    CU_ASSERT(matches("//channel/item", rss, rss_ns, 3, NULL));
    CU_ASSERT(matches("/*/*/item", rss, rss_ns, 3, NULL));
    CU_ASSERT(!matches("/channel/item", rss, rss_ns, 3, NULL));
    CU_ASSERT(!matches("/rss/item", rss, rss_ns, 3, NULL));
    CU_ASSERT(!matches("//channel", rss, rss_ns, 3, NULL));
    CU_ASSERT(!matches("//atom:item", rss, rss_ns, 3, NULL));
    /* XPath's rule: no prefix, no namespace */
    CU_ASSERT(matches("//atom:entry", feed, feed_ns, 2, NULL));
    CU_ASSERT(matches("/atom:feed/atom:entry", feed, feed_ns, 2, NULL));
    CU_ASSERT(!matches("//entry", feed, feed_ns, 2, NULL));
    CU_ASSERT(!matches("//dc:entry", feed, feed_ns, 2, NULL));
    CU_ASSERT(matches("//*", feed, feed_ns, 2, NULL));
    /* predicates on the last step, a final attribute for next */
    CU_ASSERT(matches("atom:link[@rel='next']/@href", link, feed_ns, 2,
                      "next"));
    CU_ASSERT(matches("//atom:link[@rel=\"next\"]/@href", link, feed_ns, 2,
                      "next"));
    CU_ASSERT(!matches("atom:link[@rel='next']/@href", link, feed_ns, 2,
                       "self"));
    CU_ASSERT(!matches("atom:link[@rel='next']/@href", link, feed_ns, 2,
                       NULL));
    CU_ASSERT(matches("/atom:feed/atom:link/text()", link, feed_ns, 2, NULL));
    /* outside the subset */
    path_bad("//item[1]", 0, "predicates");
    path_bad("//channel//item", 0, "'//'");
    path_bad("//item | //entry", 0, "outside");
    path_bad("item[@a='x']/title", 0, "last step");
    path_bad("//x:item", 0, "prefix 'x'");
    path_bad("//item/@href", 0, "outside");
    path_bad("//", 0, "name");
    path_bad("/@href", 1, "no element");
    path_bad("//item[@a='x", 0, "unterminated");
    path_bad("descendant::item", 0, "outside");
    path_bad("count(//item)", 0, "outside");
}

/* ------------------------------------------------------------ options */

#define S(k, v) {.type = AMB_OPT_STRING, .key = (k), .string = (v)}
#define N(k, v) {.type = AMB_OPT_NUMBER, .key = (k), .number = (v)}
#define B(k, v) {.type = AMB_OPT_BOOL, .key = (k), .boolean = (v)}
#define MAPOF(k, arr) {.type = AMB_OPT_MAP, .key = (k), .count = sizeof(arr) / sizeof((arr)[0]), .items = (arr)}

static int parse_with(const amb_opt *items, size_t n, xf_opts *o, char *err,
                      size_t errlen)
{
    amb_opt map = {.type = AMB_OPT_MAP, .count = n, .items = items};
    return xf_opts_parse(&map, o, err, errlen);
}

static void opts_bad(const amb_opt *items, size_t n, const char *part)
{
    xf_opts o;
    char err[600] = "";
    int rc = parse_with(items, n, &o, err, sizeof err);
    CU_ASSERT_EQUAL(rc, AMB_ECONFIG);
    if (!strstr(err, part))
        fprintf(stderr, "\noptions: '%s' lacks '%s'\n", err, part);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, part));
}

#define OPTS_BAD(part, ...)                                                \
    do {                                                                   \
        static const amb_opt it_[] = {__VA_ARGS__};                        \
        opts_bad(it_, sizeof it_ / sizeof it_[0], (part));                 \
    } while (0)

static void test_options(void)
{
    static const amb_opt level_map[] = {S("Erhvervsuddannelse", "EUD")};
    static const amb_opt level[] = {S("path", "category"),
                                    MAPOF("map", level_map)};
    static const amb_opt start[] = {S("path", "d"), S("type", "date")};
    static const amb_opt hours[] = {S("path", "h"), S("type", "decimal"),
                                    S("decimal", ",")};
    static const amb_opt fields[] = {
        S("applicants", "a"), MAPOF("hours", hours), MAPOF("level", level),
        S("municipality", "pc"), S("seats", "s"), MAPOF("start", start),
        S("title", "title")};
    static const amb_opt good[] = {
        S("dataset", "X"), S("entries", "//item"), MAPOF("fields", fields),
        N("max_pages", 3), S("plugin", "xmlfeed"), B("strict", 1),
        S("url", "http://x/")};
    xf_opts o;
    char err[600] = "";
    int rc = parse_with(good, sizeof good / sizeof good[0], &o, err,
                        sizeof err);
    if (rc)
        fprintf(stderr, "\noptions: %s\n", err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL(o.nfields, 7);
    CU_ASSERT_EQUAL(o.max_pages, 3);
    CU_ASSERT_EQUAL(o.strict, 1);
    CU_ASSERT_EQUAL(o.stream, -1);
    CU_ASSERT_EQUAL(o.format, XF_FORMAT_XML);
    CU_ASSERT_EQUAL(o.fields[0].type, XF_TYPE_INTEGER);   /* applicants */
    CU_ASSERT_EQUAL(o.fields[0].role, XF_ROLE_MEASURE);
    CU_ASSERT_EQUAL(o.fields[1].type, XF_TYPE_DECIMAL);   /* hours */
    CU_ASSERT_EQUAL(o.fields[1].decimal, ',');
    CU_ASSERT_PTR_NOT_NULL(o.fields[2].map);
    CU_ASSERT_EQUAL(o.fields[3].type, XF_TYPE_MUNICIPALITY);
    CU_ASSERT_EQUAL(o.fields[5].type, XF_TYPE_DATE);
    CU_ASSERT_EQUAL(o.role_field[XF_ROLE_TITLE], 6);
    CU_ASSERT_EQUAL(o.role_field[XF_ROLE_LEVEL], 2);
    CU_ASSERT_EQUAL(o.role_field[XF_ROLE_ID], -1);
    CU_ASSERT(o.fields[6].required);
    CU_ASSERT(!o.fields[0].required);

    static const amb_opt title_only[] = {S("title", "t")};
    static const amb_opt no_title[] = {S("url", "link")};
    static const amb_opt foo[] = {S("foo", "x"), S("title", "t")};
    static const amb_opt bad_type_items[] = {S("path", "x"),
                                             S("type", "integer")};
    static const amb_opt bad_type[] = {MAPOF("start", bad_type_items),
                                       S("title", "t")};
    static const amb_opt count[] = {S("count", "x"), S("title", "t")};
    static const amb_opt both_items[] = {S("path", "x"), S("value", "y")};
    static const amb_opt both[] = {MAPOF("title", both_items)};
    static const amb_opt unknown_key_items[] = {S("paht", "x")};
    static const amb_opt unknown_key[] = {MAPOF("title", unknown_key_items)};
    OPTS_BAD("option 'frob' is not known", S("dataset", "X"),
             S("entries", "//i"), MAPOF("fields", title_only),
             S("frob", "1"));
    OPTS_BAD("'fields' is required", S("dataset", "X"), S("entries", "//i"));
    OPTS_BAD("fields.title is required", S("dataset", "X"),
             S("entries", "//i"), MAPOF("fields", no_title));
    OPTS_BAD("fields.foo is not one of id, url", S("dataset", "X"),
             S("entries", "//i"), MAPOF("fields", foo));
    OPTS_BAD("fields.start must have type 'date'", S("dataset", "X"),
             S("entries", "//i"), MAPOF("fields", bad_type));
    OPTS_BAD("'count' is the measure", S("dataset", "X"),
             S("entries", "//i"), MAPOF("fields", count));
    OPTS_BAD("either path or value", S("dataset", "X"), S("entries", "//i"),
             MAPOF("fields", both));
    OPTS_BAD("fields.title.paht is not a known key", S("dataset", "X"),
             S("entries", "//i"), MAPOF("fields", unknown_key));
    OPTS_BAD("'entries' is required", S("dataset", "X"),
             MAPOF("fields", title_only));
    OPTS_BAD("'entries' is not used with format = \"csv\"",
             S("dataset", "X"), S("entries", "//i"), S("format", "csv"),
             MAPOF("fields", title_only));
    OPTS_BAD("'next' is not supported", S("dataset", "X"), S("format", "csv"),
             MAPOF("fields", title_only), S("next", "x"));
    OPTS_BAD("'format' must be", S("dataset", "X"), S("entries", "//i"),
             MAPOF("fields", title_only), S("format", "yaml"));
    OPTS_BAD("'max_pages' must be a whole number", S("dataset", "X"),
             S("entries", "//i"), MAPOF("fields", title_only),
             N("max_pages", 0));
    OPTS_BAD("not both", S("dataset", "X"), S("entries", "//i"),
             MAPOF("fields", title_only), S("path", "a"), S("url", "b"));
    OPTS_BAD("'namespaces' is for XML and HTML", S("dataset", "X"),
             S("entries", "items"), MAPOF("fields", title_only),
             S("format", "json"), MAPOF("namespaces", ns_items));
    OPTS_BAD("'delimiter' and 'skip' are for format = \"csv\"",
             S("dataset", "X"), S("delimiter", ";"), S("entries", "//i"),
             MAPOF("fields", title_only));
    OPTS_BAD("stream = true needs format = \"xml\"", S("dataset", "X"),
             S("entries", "//i"), MAPOF("fields", title_only),
             S("format", "html"), B("stream", 1));
    OPTS_BAD("option strict must be true or false", S("dataset", "X"),
             S("entries", "//i"), MAPOF("fields", title_only),
             S("strict", "yes"));
}

/* ------------------------------------------------------------ path checks */

/* Parse options with one field title = path (and entries, next), then
 * check the paths as the plugin's check does; the message, "" when fine. */
static void paths_check(const char *format, const char *entries,
                        const char *next, const char *title, int stream,
                        char *err, size_t errlen)
{
    amb_opt fields[] = {S("title", title)};
    amb_opt items[8];
    size_t n = 0;
    items[n++] = (amb_opt)S("dataset", "X");
    items[n++] = (amb_opt)S("entries", entries);
    items[n++] = (amb_opt){.type = AMB_OPT_MAP, .key = "fields", .count = 1,
                           .items = fields};
    items[n++] = (amb_opt)S("format", format);
    if (strcmp(format, "json") != 0)
        items[n++] = (amb_opt)MAPOF("namespaces", ns_items);
    if (next)
        items[n++] = (amb_opt)S("next", next);
    if (stream >= 0)
        items[n++] = (amb_opt)B("stream", stream);
    xf_opts o;
    err[0] = '\0';
    int rc = parse_with(items, n, &o, err, errlen);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    if (o.format == XF_FORMAT_JSON) {
        xf_json_check(&o, err, errlen);
        return;
    }
    xf_xpath x;
    rc = xf_xpath_init(&x, &o, 1, err, errlen);
    xf_xpath_free(&x);
    if (rc == 0 && o.stream == 1 && !xf_stream_possible(&o, err, errlen))
        return;
    if (rc == 0)
        err[0] = '\0';
}

static void check_ok(const char *format, const char *entries,
                     const char *next, const char *title, int stream)
{
    char err[400];
    paths_check(format, entries, next, title, stream, err, sizeof err);
    if (err[0])
        fprintf(stderr, "\n'%s' / '%s': %s\n", entries, title, err);
    CU_ASSERT_EQUAL(err[0], '\0');
}

static void check_bad(const char *format, const char *entries,
                      const char *next, const char *title, int stream,
                      const char *part)
{
    char err[400];
    paths_check(format, entries, next, title, stream, err, sizeof err);
    if (!strstr(err, part))
        fprintf(stderr, "\n'%s' / '%s': '%s' lacks '%s'\n", entries, title,
                err, part);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, part));
}

static void test_path_checks(void)
{
    check_ok("xml", "//item", NULL, "title", -1);
    check_ok("xml", "//atom:entry", "atom:link[@rel='next']/@href",
             "normalize-space(atom:title | dc:title)", 1);
    check_ok("xml", "//item[position() < 3]", NULL,
             "concat(title, ' x:y frob( ')", 0);
    check_ok("xml", "child::item", NULL, "ancestor-or-self::*[1]/title", -1);
    check_ok("html", "//tr[td]", NULL, "string(td[1])", -1);
    check_ok("json", "$.data.courses", "links.next", "provider.name", -1);
    check_ok("json", ".", NULL, "tags.0", -1);
    check_bad("xml", "//item", NULL, "title[", -1,
              "fields.title: 'title[' is not a valid XPath expression");
    check_bad("xml", "//item", NULL, "x:title", -1,
              "'x:title' uses the prefix 'x', which option 'namespaces' does "
              "not declare");
    check_bad("xml", "//x:item", NULL, "title", -1, "entries: '//x:item' uses");
    check_bad("xml", "//item", "q:next", "title", -1, "next: 'q:next' uses");
    check_bad("xml", "//item", NULL, "frob(title)", -1,
              "calls 'frob()', which is not an XPath 1.0 function");
    check_bad("xml", "//item", NULL, "dc:frob(title)", -1,
              "calls 'frob()'");
    check_bad("xml", "//item", NULL, "link[. = $v]", -1,
              "uses a variable, and the plugin defines none");
    check_bad("xml", "//item[1]", NULL, "title", 1,
              "entries '//item[1]' does not stream");
    check_bad("xml", "//item", "(//a)[1]/@href", "title", 1,
              "next '(//a)[1]/@href' does not stream");
    check_bad("json", "data..courses", NULL, "title", -1,
              "entries 'data..courses' is not a JSON path");
    check_bad("json", "items", NULL, ".title", -1,
              "fields.title: '.title' is not a JSON path");
}

/* ------------------------------------------------------------ keys */

static void test_seen(void)
{
    xf_seen *s = xf_seen_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    double v[2] = {1, 20}, w[2] = {1, 24};
    unsigned char has[2] = {1, 1}, has2[2] = {1, 0};
    xf_seen_hit hit;
    CU_ASSERT_EQUAL(xf_seen_put(s, "a", 1, v, has, 2, 0, 1, 10, &hit), 0);
    CU_ASSERT_EQUAL(xf_seen_put(s, "a", 1, v, has, 2, 1, 5, 50, &hit), 1);
    CU_ASSERT_EQUAL(hit.entry, 1);
    CU_ASSERT_EQUAL(hit.line, 10);
    CU_ASSERT_EQUAL(xf_seen_put(s, "a", 1, w, has, 2, 1, 6, 60, &hit), 2);
    CU_ASSERT_EQUAL(hit.diff, 1);
    CU_ASSERT_EQUAL(hit.prev_value, 20);
    CU_ASSERT_EQUAL(xf_seen_put(s, "a", 1, v, has2, 2, 1, 7, 70, &hit), 2);
    CU_ASSERT_EQUAL(hit.diff, 1);
    /* keys that share a prefix, and growth far past the first size */
    char key[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        CU_ASSERT_EQUAL(xf_seen_put(s, key, (size_t)n, v, has, 2, 0,
                                    (unsigned long)i, i, &hit), 0);
    }
    for (int i = 0; i < 20000; i += 997) {
        int n = snprintf(key, sizeof key, "k%d", i);
        CU_ASSERT_EQUAL(xf_seen_put(s, key, (size_t)n, v, has, 2, 0, 0, 0,
                                    &hit), 1);
        CU_ASSERT_EQUAL(hit.entry, (unsigned long)i);
    }
    CU_ASSERT_EQUAL(xf_seen_put(s, "a\x1f", 2, v, has, 2, 0, 1, 1, &hit), 0);
    xf_seen_free(s);
    CU_ASSERT_EQUAL(xf_hash64("", 0, XF_HASH_SEED), XF_HASH_SEED);
    CU_ASSERT_EQUAL(xf_hash64("a", 1, XF_HASH_SEED), 0xaf63dc4c8601ec8cULL);
}

void xf_parts_register(void)
{
    AMB_TEST_SUITE("xmlfeed_parts", {"paths", test_paths},
                   {"options", test_options},
                   {"path checks", test_path_checks}, {"keys", test_seen});
}
