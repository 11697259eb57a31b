/*
 * documents_plugin.c - the documents plugin: the partners' strategy
 * documents (plain text, HTML, PDF), each tagged with its organisation and
 * period, cleaned, and handed whole to the core (host->store_document) for
 * theme tagging at query time (`ambit themes`).
 *
 *   source "rar" { plugin = "documents", path = "docs/rar.pdf",
 *                  organisation = "RAR", period = "2018-2022",
 *                  title = "RAR Nordjylland strategi" }
 *   source "partners" { plugin = "documents", period = "2018-2022",
 *                  documents = { { path = "kkr.txt", organisation = "KKR" },
 *                                { url = "https://...", organisation = "BRN",
 *                                  format = "html" } } }
 *
 * In the list form, organisation, period and format given on the source
 * apply to every document that does not set its own.  Every document is
 * fetched through the core first; when all of them are unchanged since
 * the last good run the run is AMB_UNCHANGED, otherwise every document is
 * read and stored (the run replaces the source's documents).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambit/plugin.h"
#include "doc_extract.h"

#define MAX_DOCS 1000
#define ORG_MAX 32

/* One document to collect; strings borrowed from the option tree. */
typedef struct doc_spec {
    const char *path, *url, *organisation, *period, *title;
    amb_doc_format format;
} doc_spec;

static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
    AMB_PRINTF(4, 5);

/* Format a message into err (when there is room); returns rc. */
static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* ------------------------------------------------------------ options */

static const char *const source_keys[] = {
    "plugin", "schedule", "path", "url", "organisation", "period", "title",
    "format", "documents", NULL};
static const char *const item_keys[] = {
    "path", "url", "organisation", "period", "title", "format", NULL};

/* Is every key of map in known?  The first unknown one goes into err. */
static int known_keys(const amb_opt *map, const char *const *known,
                      const char *where, char *err, size_t errlen)
{
    for (size_t i = 0; i < map->count; i++) {
        const char *k = map->items[i].key ? map->items[i].key : "?";
        int ok = 0;
        for (size_t j = 0; known[j] && !ok; j++)
            ok = strcmp(k, known[j]) == 0;
        if (!ok)
            return errf(err, errlen, AMB_ECONFIG, "documents: %sunknown "
                        "option '%.40s' (path, url, organisation, period, "
                        "title, format%s)", where, k,
                        known == source_keys ? ", documents" : "");
    }
    return 0;
}

/* A string option of map: *out NULL when absent; an error for another
 * type or an empty string. */
static int get_string(const amb_opt *map, const char *key, const char *where,
                      const char **out, char *err, size_t errlen)
{
    const amb_opt *v = amb_opt_get(map, key);
    *out = NULL;
    if (!v || v->type == AMB_OPT_NIL)
        return 0;
    if (v->type != AMB_OPT_STRING || !*v->string)
        return errf(err, errlen, AMB_ECONFIG, "documents: %soption '%s' must "
                    "be a non-empty string", where, key);
    *out = v->string;
    return 0;
}

/* 1 when s is an organisation id: 1..32 of [A-Za-z0-9_.-]. */
static int valid_org(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > ORG_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

/* Read one document's options from map over the inherited defaults in
 * base (NULL for the single form); where prefixes messages.  need_source:
 * path or url is required. */
static int read_spec(const amb_opt *map, const doc_spec *base,
                     const char *where, int need_source, doc_spec *d,
                     char *err, size_t errlen)
{
    const char *format = NULL;
    int rc;
    memset(d, 0, sizeof *d);
    if ((rc = get_string(map, "path", where, &d->path, err, errlen)) ||
        (rc = get_string(map, "url", where, &d->url, err, errlen)) ||
        (rc = get_string(map, "organisation", where, &d->organisation, err,
                         errlen)) ||
        (rc = get_string(map, "period", where, &d->period, err, errlen)) ||
        (rc = get_string(map, "title", where, &d->title, err, errlen)) ||
        (rc = get_string(map, "format", where, &format, err, errlen)))
        return rc;
    if (base) {
        if (!d->organisation)
            d->organisation = base->organisation;
        if (!d->period)
            d->period = base->period;
        d->format = base->format;
    }
    if (format) {
        int f = amb_doc_format_parse(format);
        if (f < 0)
            return errf(err, errlen, AMB_ECONFIG, "documents: %soption "
                        "'format' must be \"auto\", \"text\", \"html\" or "
                        "\"pdf\" (got '%.20s')", where, format);
        d->format = (amb_doc_format)f;
    }
    if (d->path && d->url)
        return errf(err, errlen, AMB_ECONFIG, "documents: %sgive option "
                    "'path' or option 'url', not both", where);
    if (need_source && !d->path && !d->url)
        return errf(err, errlen, AMB_ECONFIG, "documents: %soption 'path' or "
                    "'url' is required", where);
    if (!d->organisation)
        return errf(err, errlen, AMB_ECONFIG, "documents: %soption "
                    "'organisation' is required (KKR, RAR, BRN, RR or "
                    "another id)", where);
    if (!valid_org(d->organisation))
        return errf(err, errlen, AMB_ECONFIG, "documents: %soption "
                    "'organisation' must be 1 to %d characters from A-Z a-z "
                    "0-9 _ . - (got '%.40s')", where, ORG_MAX,
                    d->organisation);
    return 0;
}

/* All documents of a source into specs (malloc'd, caller frees).  import:
 * the file comes from the command line, so path/url/documents are not
 * needed (and "dataset", which ambit import adds, is allowed). */
static int parse_options(const amb_opt *options, int import, doc_spec **specs,
                         size_t *n, char *err, size_t errlen)
{
    *specs = NULL;
    *n = 0;
    if (!options || options->type != AMB_OPT_MAP)
        return errf(err, errlen, AMB_ECONFIG, "documents: options must be a "
                    "table");
    if (!import) {
        int rc = known_keys(options, source_keys, "", err, errlen);
        if (rc)
            return rc;
    }
    const amb_opt *list = amb_opt_get(options, "documents");
    if (import || !list || list->type == AMB_OPT_NIL) {
        doc_spec *d = calloc(1, sizeof *d);
        if (!d)
            return errf(err, errlen, AMB_ENOMEM, "documents: out of memory");
        int rc = read_spec(options, NULL, "", !import, d, err, errlen);
        if (rc) {
            free(d);
            return rc;
        }
        *specs = d;
        *n = 1;
        return 0;
    }
    if (list->type != AMB_OPT_LIST || list->count == 0)
        return errf(err, errlen, AMB_ECONFIG, "documents: option 'documents' "
                    "must be a list of tables such as { path = \"a.pdf\", "
                    "organisation = \"RAR\" }");
    if (list->count > MAX_DOCS)
        return errf(err, errlen, AMB_ELIMIT, "documents: more than %d "
                    "documents in one source", MAX_DOCS);
    if (amb_opt_get(options, "path") || amb_opt_get(options, "url") ||
        amb_opt_get(options, "title"))
        return errf(err, errlen, AMB_ECONFIG, "documents: with 'documents', "
                    "give path, url and title in each document's table");
    doc_spec base;
    const char *org = NULL, *period = NULL, *format = NULL;
    int rc;
    if ((rc = get_string(options, "organisation", "", &org, err, errlen)) ||
        (rc = get_string(options, "period", "", &period, err, errlen)) ||
        (rc = get_string(options, "format", "", &format, err, errlen)))
        return rc;
    memset(&base, 0, sizeof base);
    base.organisation = org;
    base.period = period;
    if (format) {
        int f = amb_doc_format_parse(format);
        if (f < 0)
            return errf(err, errlen, AMB_ECONFIG, "documents: option 'format' "
                        "must be \"auto\", \"text\", \"html\" or \"pdf\"");
        base.format = (amb_doc_format)f;
    }
    doc_spec *v = calloc(list->count, sizeof *v);
    if (!v)
        return errf(err, errlen, AMB_ENOMEM, "documents: out of memory");
    for (size_t i = 0; i < list->count; i++) {
        char where[48];
        snprintf(where, sizeof where, "documents[%zu]: ", i + 1);
        const amb_opt *item = &list->items[i];
        if (item->type != AMB_OPT_MAP)
            rc = errf(err, errlen, AMB_ECONFIG, "documents: %smust be a table "
                      "such as { path = \"a.pdf\", organisation = \"RAR\" }",
                      where);
        if (!rc)
            rc = known_keys(item, item_keys, where, err, errlen);
        if (!rc)
            rc = read_spec(item, &base, where, 1, &v[i], err, errlen);
        if (rc) {
            free(v);
            return rc;
        }
    }
    *specs = v;
    *n = list->count;
    return 0;
}

/* ------------------------------------------------------------ storing */

/* Extract the fetched (or imported) file and hand it to the core. */
static amb_rc store_one(amb_ctx *ctx, const amb_host *host, const doc_spec *d,
                        const char *file, const char *name,
                        const char *content_type, const char *hash)
{
    char err[768];
    amb_doc_text t;
    int rc = amb_doc_extract(file, name, content_type, d->format, &t, err,
                             sizeof err);
    if (rc)
        return host->fail(ctx, (amb_rc)rc, "%s", err);
    amb_document_desc desc = {
        .struct_size = sizeof desc,
        .organisation = d->organisation,
        .url = name,
        .period = d->period,
        .title = d->title ? d->title : t.title,
        .format = amb_doc_format_name(t.format),
        .pages = t.pages,
        .content_hash = hash,
        .text = t.text,
        .text_len = t.len,
    };
    amb_rc r = host->store_document(ctx, &desc);
    if (host->log && r == AMB_OK)
        host->log(ctx, AMB_LOG_INFO, "documents: %s (%s, %s): %zu bytes of "
                  "text from %u page%s", name, d->organisation,
                  desc.format, t.len, t.pages, t.pages == 1 ? "" : "s");
    amb_doc_text_clear(&t);
    return r;
}

/* Refuse to run on a core whose host table has no store_document (an
 * ambit older than this plugin). */
static amb_rc need_store(amb_ctx *ctx, const amb_host *host)
{
    if (AMB_HOST_HAS(host, store_document))
        return AMB_OK;
    return host->fail(ctx, AMB_EABI, "documents: this ambit cannot store "
                      "documents (its host table has no store_document)");
}

/* ------------------------------------------------------------ callbacks */

/* check: every option of every document, before any run. */
static amb_rc documents_check(const amb_opt *options, char *err,
                              size_t errlen)
{
    doc_spec *specs;
    size_t n;
    int rc = parse_options(options, 0, &specs, &n, err, errlen);
    free(specs);
    return (amb_rc)rc;
}

/* collect: fetch every document, stop at "unchanged" when all are, else
 * extract, clean and store each; any failure fails (and rolls back) the
 * whole run. */
static amb_rc documents_collect(amb_ctx *ctx, const amb_host *host,
                                const amb_opt *options)
{
    amb_rc rc = need_store(ctx, host);
    if (rc)
        return rc;
    char err[512];
    doc_spec *specs;
    size_t n;
    int prc = parse_options(options, 0, &specs, &n, err, sizeof err);
    if (prc)
        return host->fail(ctx, (amb_rc)prc, "%s", err);
    amb_fetch_result *res = calloc(n, sizeof *res);
    if (!res) {
        free(specs);
        return host->fail(ctx, AMB_ENOMEM, "documents: out of memory");
    }
    size_t unchanged = 0;
    for (size_t i = 0; i < n && rc == AMB_OK; i++) {
        amb_fetch_request req;
        memset(&req, 0, sizeof req);
        req.url = specs[i].url ? specs[i].url : specs[i].path;
        rc = host->fetch(ctx, &req, &res[i]);
        if (rc == AMB_OK && !res[i].path)
            rc = host->fail(ctx, AMB_EIO, "documents: %s: the fetch gave no "
                            "file", req.url);
        if (rc == AMB_OK && res[i].unchanged)
            unchanged++;
        if (host->progress)
            host->progress(ctx, i + 1, 2 * (uint64_t)n);
    }
    if (rc == AMB_OK && unchanged == n)
        rc = AMB_UNCHANGED;
    for (size_t i = 0; i < n && rc == AMB_OK; i++) {
        const char *name = specs[i].url ? specs[i].url : specs[i].path;
        rc = store_one(ctx, host, &specs[i], res[i].path, name,
                       res[i].content_type, res[i].content_hash);
        if (host->progress)
            host->progress(ctx, n + i + 1, 2 * (uint64_t)n);
    }
    free(res);
    free(specs);
    return rc;
}

/* import: one local file with the options given on the command line. */
static amb_rc documents_import(amb_ctx *ctx, const amb_host *host,
                               const amb_opt *options, const char *path)
{
    amb_rc rc = need_store(ctx, host);
    if (rc)
        return rc;
    char err[512];
    doc_spec *specs;
    size_t n;
    int prc = parse_options(options, 1, &specs, &n, err, sizeof err);
    if (prc)
        return host->fail(ctx, (amb_rc)prc, "%s", err);
    rc = store_one(ctx, host, &specs[0], path, path, NULL, NULL);
    free(specs);
    return rc;
}

AMB_PLUGIN_DEFINE = {
    .abi_version = AMB_PLUGIN_ABI,
    .name = "documents",
    .struct_size = sizeof(amb_plugin),
    .version = "1.0",
    .description = "Strategy documents (text, HTML, PDF) for theme tagging",
    .check = documents_check,
    .collect = documents_collect,
    .import = documents_import,
};
