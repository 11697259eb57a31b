/*
 * xmlfeed_plugin.c - the xmlfeed plugin: education institutions' course
 * and admission feeds (RSS, Atom, any XML, HTML, JSON, CSV) mapped by the
 * source's Lua options to records, stored as observations.
 *
 * collect fetches the first page through the core (cache, retries,
 * provenance) and returns AMB_UNCHANGED when it did not change; otherwise
 * it parses each page and follows the `next` link (resolved against the
 * page's URL after redirects) through the core again, up to max_pages.  A
 * link back to a page already read is an error; so is a link from an
 * http(s) page to anything but http(s) (a feed must not make ambit read
 * local files).  import parses one local file the same way.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

#include "xf_xml.h"

/* ------------------------------------------------------------ checks */

/* Syntax of entries, next and field paths for the format. */
static int check_paths(const xf_opts *o, char *err, size_t errlen)
{
    if (o->format == XF_FORMAT_JSON)
        return xf_json_check(o, err, errlen);
    if (o->format == XF_FORMAT_CSV)
        return 0;
    xf_xpath x;
    int rc = xf_xpath_init(&x, o, 1, err, errlen);
    xf_xpath_free(&x);
    if (rc)
        return rc;
    char why[300];
    if (o->stream == 1 && !xf_stream_possible(o, why, sizeof why)) {
        snprintf(err, errlen, "xmlfeed: stream = true, but %s", why);
        return AMB_ECONFIG;
    }
    return 0;
}

/* check: options, a dataset and a source, and the syntax of every path,
 * before any run (the core shows the message with the config's line). */
static amb_rc xmlfeed_check(const amb_opt *options, char *err, size_t errlen)
{
    xf_opts o;
    int rc = xf_opts_parse(options, &o, err, errlen);
    if (rc)
        return (amb_rc)rc;
    if (!o.dataset) {
        snprintf(err, errlen, "xmlfeed: option 'dataset' is required");
        return AMB_ECONFIG;
    }
    if (!o.url && !o.path) {
        snprintf(err, errlen, "xmlfeed: option 'url' or 'path' is required");
        return AMB_ECONFIG;
    }
    return (amb_rc)check_paths(&o, err, errlen);
}

/* Options for a run, checked, with a dataset id. */
static amb_rc run_options(amb_ctx *ctx, const amb_host *host,
                          const amb_opt *options, xf_opts *o)
{
    char err[600];
    int rc = xf_opts_parse(options, o, err, sizeof err);
    if (!rc && !o->dataset) {
        snprintf(err, sizeof err, "xmlfeed: option 'dataset' is required");
        rc = AMB_ECONFIG;
    }
    if (!rc)
        rc = check_paths(o, err, sizeof err);
    return rc ? host->fail(ctx, (amb_rc)rc, "%s", err) : AMB_OK;
}

/* ------------------------------------------------------------ pages */

amb_rc xf_page(xf_run *r, const xf_input *in, char **next)
{
    char why[300];
    switch (r->o->format) {
    case XF_FORMAT_XML:
        if (xf_stream_possible(r->o, why, sizeof why))
            return xf_stream_page(r, in, next);
        return xf_xml_page(r, in, next);
    case XF_FORMAT_HTML:
        return xf_xml_page(r, in, next);
    case XF_FORMAT_JSON:
        return xf_json_page(r, in, next);
    case XF_FORMAT_CSV:
        return xf_csv_page(r, in, next);
    }
    return xf_run_fail(r, NULL, 0, AMB_ECONFIG, "unknown format");
}

static const char *accept_for(xf_format f)
{
    switch (f) {
    case XF_FORMAT_HTML:
        return "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
    case XF_FORMAT_JSON:
        return "application/json, */*;q=0.5";
    case XF_FORMAT_CSV:
        return "text/csv, text/plain;q=0.9, */*;q=0.5";
    default:
        return "application/rss+xml, application/atom+xml, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";
    }
}

static int is_http(const char *u)
{
    return strncasecmp(u, "http://", 7) == 0 ||
           strncasecmp(u, "https://", 8) == 0;
}

/* The charset parameter of a Content-Type into buf, or NULL. */
static const char *charset_of(const char *type, char *buf, size_t len)
{
    const char *c = type ? strcasestr(type, "charset=") : NULL;
    if (!c)
        return NULL;
    c += 8;
    if (*c == '"')
        c++;
    size_t n = strcspn(c, "\"; \t");
    if (n == 0 || n >= len)
        return NULL;
    memcpy(buf, c, n);
    buf[n] = '\0';
    return buf;
}

/* The link resolved against base, without a fragment: owned, or NULL. */
static char *resolve(const char *link, const char *base)
{
    int oom;
    char *l = xf_text_norm(link, &oom);
    if (!l)
        return NULL;
    xmlChar *u = xmlBuildURI((const xmlChar *)l, (const xmlChar *)base);
    free(l);
    if (!u)
        return NULL;
    char *out = strdup((const char *)u);
    xmlFree(u);
    if (out)
        out[strcspn(out, "#")] = '\0';
    return out;
}

/* Where page n (1-based) at url with the effective URL eff links to:
 * *to is the next page (owned), or NULL to stop. */
static amb_rc follow(xf_run *r, char **effective, unsigned n,
                     const char *link, char **to)
{
    const char *url = r->pages[n - 1], *eff = effective[n - 1];
    *to = resolve(link, eff);
    if (!*to)
        return xf_run_fail(r, NULL, 0, AMB_EPARSE, "next link '%.200s' is "
                           "not a URL", link);
    if (is_http(eff) && !is_http(*to))
        return xf_run_fail(r, NULL, 0, AMB_EPARSE, "page %u links to "
                           "'%.200s', which is not an http(s) URL", n, *to);
    for (size_t k = 0; k < r->npages; k++) {
        if (strcmp(*to, r->pages[k]) != 0 && strcmp(*to, effective[k]) != 0)
            continue;
        if (k + 1 == n)
            return xf_run_fail(r, NULL, 0, AMB_EPARSE, "page %u links to "
                               "itself (%s)", n, *to);
        return xf_run_fail(r, NULL, 0, AMB_EPARSE, "page %u links back to "
                           "page %zu (%s)", n, k + 1, r->pages[k]);
    }
    if (n >= r->o->max_pages) {
        if (r->o->strict)
            return xf_run_fail(r, NULL, 0, AMB_ELIMIT, "page %u links on to "
                               "%s, but max_pages is %u", n, *to,
                               r->o->max_pages);
        xf_run_warn(r, "%s: stopped after max_pages = %u pages; the feed "
                    "goes on at %s", url, r->o->max_pages, *to);
        free(*to);
        *to = NULL;
    }
    return AMB_OK;
}

/* Read every page from first (fetched; or, with import_path, that file
 * read in place, its links resolved against import_base). */
static amb_rc run_pages(xf_run *r, const char *first, const char *import_path,
                        const char *import_base)
{
    char *url = strdup(first);
    char **effective = NULL;
    size_t neff = 0;
    amb_rc rc = url ? AMB_OK : r->host->fail(r->ctx, AMB_ENOMEM,
                                             "xmlfeed: out of memory");
    for (unsigned n = 1; rc == AMB_OK; n++) {
        xf_input in;
        memset(&in, 0, sizeof in);
        const char *eff = url;
        char charset[64];
        if (n == 1 && import_path) {
            in.path = import_path;
            eff = import_base;
        } else {
            amb_fetch_request req;
            memset(&req, 0, sizeof req);
            req.url = url;
            req.accept = accept_for(r->o->format);
            amb_fetch_result res;
            memset(&res, 0, sizeof res);
            if ((rc = r->host->fetch(r->ctx, &req, &res)))
                break;
            if (n == 1 && res.unchanged) {
                rc = AMB_UNCHANGED;
                break;
            }
            if (!res.path) {
                rc = r->host->fail(r->ctx, AMB_EIO, "%s: the fetch gave no "
                                   "file", url);
                break;
            }
            in.path = res.path;
            in.charset = charset_of(res.content_type, charset, sizeof charset);
            if (res.effective_url)
                eff = res.effective_url;
        }
        char **grown = realloc(effective, (neff + 1) * sizeof *grown);
        if (grown)
            effective = grown;
        if (!grown || !(effective[neff] = strdup(eff))) {
            rc = r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
            break;
        }
        neff++;
        if ((rc = xf_run_page(r, url)))
            break;
        in.name = url;
        char *link = NULL, *to = NULL;
        rc = xf_page(r, &in, &link);
        if (rc == AMB_OK && link)
            rc = follow(r, effective, n, link, &to);
        free(link);
        if (!to)
            break;
        free(url);
        url = to;
    }
    for (size_t k = 0; k < neff; k++)
        free(effective[k]);
    free(effective);
    free(url);
    return rc == AMB_OK ? xf_run_end(r) : rc;
}

/* ------------------------------------------------------------ callbacks */

/* collect: every page from url or path through the core's fetcher. */
static amb_rc xmlfeed_collect(amb_ctx *ctx, const amb_host *host,
                              const amb_opt *options)
{
    xf_opts o;
    amb_rc rc = run_options(ctx, host, options, &o);
    if (rc)
        return rc;
    const char *src = o.url ? o.url : o.path;
    if (!src)
        return host->fail(ctx, AMB_ECONFIG,
                          "xmlfeed: option 'url' or 'path' is required");
    xf_run r;
    if (xf_run_init(&r, ctx, host, &o, src))
        return host->fail(ctx, AMB_ENOMEM, "xmlfeed: out of memory");
    rc = run_pages(&r, src, NULL, NULL);
    xf_run_free(&r);
    return rc;
}

/* import: the local file path, then the pages it links to. */
static amb_rc xmlfeed_import(amb_ctx *ctx, const amb_host *host,
                             const amb_opt *options, const char *path)
{
    xf_opts o;
    amb_rc rc = run_options(ctx, host, options, &o);
    if (rc)
        return rc;
    /* links in the file resolve against its absolute path */
    char *abs = realpath(path, NULL);
    xf_run r;
    if (xf_run_init(&r, ctx, host, &o, path)) {
        free(abs);
        return host->fail(ctx, AMB_ENOMEM, "xmlfeed: out of memory");
    }
    rc = run_pages(&r, path, path, abs ? abs : path);
    xf_run_free(&r);
    free(abs);
    return rc;
}

AMB_PLUGIN_DEFINE = {
    .abi_version = AMB_PLUGIN_ABI,
    .name = "xmlfeed",
    .struct_size = sizeof(amb_plugin),
    .version = "1.0",
    .description = "Course and admission feeds: RSS, Atom, XML, HTML, JSON "
                   "or CSV mapped to records by XPath/paths in Lua",
    .check = xmlfeed_check,
    .collect = xmlfeed_collect,
    .import = xmlfeed_import,
};
