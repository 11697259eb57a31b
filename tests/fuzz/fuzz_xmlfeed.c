/*
 * fuzz_xmlfeed.c - libFuzzer target for the xmlfeed plugin's feed mapping.
 *
 * The first byte picks the reading (streamed XML, XML tree with richer
 * XPaths, HTML, JSON, CSV); the rest is one page in memory, mapped with a
 * field set that uses every type (text, level with a map, municipality,
 * date, integer, decimal, year) into a host that keeps nothing.  The value
 * parsers also get the input as one string.  Built and run by
 * tests/fuzz/run.sh.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmlfeed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct amb_ctx {
    unsigned long observed;
    double sum;
};

static const char *h_name(amb_ctx *c)
{
    (void)c;
    return "fuzz";
}

static amb_rc h_fetch(amb_ctx *c, const amb_fetch_request *q,
                      amb_fetch_result *r)
{
    (void)c;
    (void)q;
    (void)r;
    return AMB_ENET;
}

static amb_rc h_begin(amb_ctx *c, const amb_dataset_desc *d)
{
    (void)c;
    return d->ndims <= AMB_MAX_DIMS ? AMB_OK : AMB_EUSAGE;
}

static amb_rc h_label(amb_ctx *c, size_t dim, const char *code,
                      const char *lang, const char *label)
{
    (void)c;
    (void)dim;
    (void)lang;
    return code && label ? AMB_OK : AMB_EUSAGE;
}

static amb_rc h_observe(amb_ctx *c, const char *const *codes,
                        const char *period, double value, int has_value,
                        const char *flag)
{
    (void)flag;
    for (size_t i = 0; i < 5; i++)
        if (!codes[i])
            return AMB_EUSAGE;
    if (!period || !*period)
        return AMB_EUSAGE;
    c->observed++;
    if (has_value)
        c->sum += value;
    return AMB_OK;
}

static amb_rc h_fail(amb_ctx *c, amb_rc rc, const char *fmt, ...)
{
    (void)c;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rc < 0 ? rc : AMB_ERR;
}

static void h_log(amb_ctx *c, amb_log_level level, const char *fmt, ...)
{
    (void)c;
    (void)level;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
}

static void h_progress(amb_ctx *c, uint64_t done, uint64_t total)
{
    (void)c;
    (void)done;
    (void)total;
}

static const amb_host host = {
    .abi_version = AMB_PLUGIN_ABI, .struct_size = sizeof(amb_host),
    .source_name = h_name, .fetch = h_fetch, .dataset_begin = h_begin,
    .dim_label = h_label, .observe = h_observe, .fail = h_fail,
    .log = h_log, .progress = h_progress};

#define S(k, v) {.type = AMB_OPT_STRING, .key = (k), .string = (v)}
#define B(k, v) {.type = AMB_OPT_BOOL, .key = (k), .boolean = (v)}
#define M(k, a) {.type = AMB_OPT_MAP, .key = (k), .count = sizeof(a) / sizeof((a)[0]), .items = (a)}

static const amb_opt ns[] = {S("atom", "http://www.w3.org/2005/Atom"),
                             S("dc", "http://purl.org/dc/elements/1.1/")};
static const amb_opt level_map[] = {S("AMU-kursus", "AMU"),
                                    S("Erhvervsuddannelse", "EUD")};
static const amb_opt dec[] = {S("path", "h"), S("type", "decimal")};
static const amb_opt level[] = {S("default", "veu"), M("map", level_map),
                                S("path", "category")};
/* fields for the XML stream (simple paths) */
static const amb_opt f_stream[] = {
    M("hours", dec), M("level", level), S("municipality", "postnr"),
    S("provider", "dc:creator"), S("seats", "pladser"),
    S("start", "startdato"), S("title", "title"), S("url", "link")};
/* fields for the tree: predicates, functions, attributes, unions */
static const amb_opt dec_tree[] = {S("path", "sum(.//h)"),
                                   S("type", "decimal")};
static const amb_opt f_tree[] = {
    M("hours", dec_tree), M("level", level),
    S("municipality", "(postnr | atom:category/@term)[1]"),
    S("provider", "normalize-space(dc:creator | atom:author/atom:name)"),
    S("seats", "count(*)"), S("start", "(startdato | atom:updated)[1]"),
    S("title", "(title | atom:title)[1]"),
    S("url", "atom:link[@rel='alternate']/@href | link")};
static const amb_opt f_html[] = {S("municipality", "td[3]"),
                                 S("seats", "td[4]"), S("start", "td[2]"),
                                 S("title", "td[1]"), S("url", "td[1]//@href")};
static const amb_opt dec_json[] = {S("path", "h"), S("type", "decimal")};
static const amb_opt f_json[] = {
    M("hours", dec_json), M("level", level), S("municipality", "pc"),
    S("provider", "provider.name"), S("seats", "seats.0"),
    S("start", "start"), S("title", "title"), S("year", "year")};
static const amb_opt dec_csv[] = {S("path", "h"), S("type", "decimal")};
static const amb_opt f_csv[] = {
    M("hours", dec_csv), M("level", level), S("municipality", "pc"),
    S("title", "title"), S("year", "year")};

static const amb_opt o_stream[] = {
    S("dataset", "F"), S("entries", "//item"), M("fields", f_stream),
    M("namespaces", ns), S("next", "atom:link[@rel='next']/@href"),
    S("period", "2025")};
static const amb_opt o_tree[] = {
    S("dataset", "F"), S("entries", "//item | //atom:entry"),
    M("fields", f_tree), M("namespaces", ns),
    S("next", "string(//atom:link[@rel='next']/@href)"), B("stream", 0)};
static const amb_opt o_html[] = {
    S("dataset", "F"), S("entries", "//tr[td]"), M("fields", f_html),
    S("format", "html"), S("next", "//a[@rel='next']/@href"),
    S("period", "2025")};
static const amb_opt o_json[] = {
    S("dataset", "F"), S("entries", "data.items"), M("fields", f_json),
    S("format", "json"), S("next", "links.next")};
static const amb_opt o_csv[] = {
    S("dataset", "F"), M("fields", f_csv), S("format", "csv"),
    S("period", "2024")};

#define TREE(a) {.type = AMB_OPT_MAP, .count = sizeof(a) / sizeof((a)[0]), .items = (a)}
static const amb_opt configs[] = {TREE(o_stream), TREE(o_tree), TREE(o_html),
                                  TREE(o_json), TREE(o_csv)};

/* The value parsers on the input as one string. */
static void values(const char *s)
{
    double v;
    xf_date d;
    const char *why;
    int oom;
    (void)xf_parse_integer(s, &v);
    (void)xf_parse_decimal(s, 0, &v);
    (void)xf_parse_decimal(s, ',', &v);
    (void)xf_parse_date(s, &d, &why);
    (void)xf_level_canonical(s);
    free(xf_text_norm(s, &oom));
    char fold[64];
    xf_muni_fold(s, fold, sizeof fold);
    xf_muni_index *ix = xf_muni_index_new();
    const char *code, *place;
    if (ix)
        (void)xf_muni_lookup(ix, s, &code, &place);
    xf_muni_index_free(ix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *str = malloc(size);
    if (!str)
        return 0;
    memcpy(str, data + 1, size - 1);
    str[size - 1] = '\0';
    values(str);
    free(str);

    const amb_opt *opts = &configs[data[0] % 5];
    xf_opts o;
    char err[600];
    if (xf_opts_parse(opts, &o, err, sizeof err) != 0)
        abort();    /* the fixed options must be valid */
    amb_ctx ctx = {0, 0};
    xf_run r;
    if (xf_run_init(&r, &ctx, &host, &o, "fuzz") != 0)
        return 0;
    xf_input in = {NULL, (const char *)data + 1, size - 1, "fuzz", NULL};
    char *next = NULL;
    if (xf_run_page(&r, "fuzz") == AMB_OK &&
        xf_page(&r, &in, &next) == AMB_OK)
        (void)xf_run_end(&r);
    free(next);
    xf_run_free(&r);
    return 0;
}
