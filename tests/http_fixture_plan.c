/*
 * http_fixture_plan.c - the HTTP test fixture's script side: routes and
 * their response queues, request parsing, turning a request into a plan
 * (status line, headers, body, misbehaviour), and the records tests read
 * (hits per path, the last request).  Everything here runs under the
 * fixture's mutex or on data no other thread sees.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "http_fixture_internal.h"

static const char *reason_phrase(int status)
{
    static const struct { int code; const char *text; } table[] = {
        {200, "OK"}, {201, "Created"}, {204, "No Content"},
        {206, "Partial Content"}, {301, "Moved Permanently"}, {302, "Found"},
        {303, "See Other"}, {304, "Not Modified"},
        {307, "Temporary Redirect"}, {308, "Permanent Redirect"},
        {400, "Bad Request"}, {401, "Unauthorized"}, {403, "Forbidden"},
        {404, "Not Found"}, {405, "Method Not Allowed"},
        {408, "Request Timeout"}, {410, "Gone"},
        {413, "Content Too Large"}, {429, "Too Many Requests"},
        {500, "Internal Server Error"}, {501, "Not Implemented"},
        {502, "Bad Gateway"}, {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].code == status)
            return table[i].text;
    return "Status";
}

/* "A: b\nC: d" (LF or CRLF) to "A: b\r\nC: d\r\n"; caller frees. */
static char *normalise_headers(const char *h)
{
    amb_buf b = {0};
    amb_buf_append(&b, "", 0);
    while (h && *h) {
        size_t n = strcspn(h, "\n");
        size_t len = n;
        if (len > 0 && h[len - 1] == '\r')
            len--;
        if (len > 0) {
            amb_buf_append(&b, h, len);
            amb_buf_puts(&b, "\r\n");
        }
        h += n + (h[n] == '\n');
    }
    return b.data;
}

static void item_copy(fx_item *dst, const amb_http_response *src)
{
    dst->r = *src;
    dst->headers = normalise_headers(src->headers);
    size_t len = src->body ? (src->body_len ? src->body_len : strlen(src->body)) : 0;
    dst->body = amb_xmalloc(len + 1);
    if (len)
        memcpy(dst->body, src->body, len);
    dst->body[len] = '\0';
    dst->r.body_len = len;
    dst->inm = amb_xstrdup(src->if_none_match);
    dst->ims = amb_xstrdup(src->if_modified_since);
}

static void route_free(fx_route *r)
{
    for (size_t i = 0; i < r->nitems; i++) {
        free(r->items[i].headers);
        free(r->items[i].body);
        free(r->items[i].inm);
        free(r->items[i].ims);
    }
    free(r->items);
    free(r->path);
    free(r->dir);
    free(r);
}

/* Put r in place of any route with the same path and kind.  Locks. */
static void route_install(amb_http_fixture *fx, fx_route *r)
{
    pthread_mutex_lock(&fx->mu);
    for (fx_route **pp = &fx->routes; *pp; pp = &(*pp)->link) {
        fx_route *old = *pp;
        if (strcmp(old->path, r->path) == 0 && !old->dir == !r->dir) {
            r->link = old->link;
            *pp = r;
            route_free(old);
            pthread_mutex_unlock(&fx->mu);
            return;
        }
    }
    r->link = fx->routes;
    fx->routes = r;
    pthread_mutex_unlock(&fx->mu);
}

void amb_http_fixture_route(amb_http_fixture *fx, const char *path,
                            const amb_http_response *responses, size_t n)
{
    fx_route *r = amb_xcalloc(1, sizeof *r);
    r->path = amb_xstrdup(path);
    r->nitems = n;
    r->items = amb_xcalloc(n ? n : 1, sizeof *r->items);
    for (size_t i = 0; i < n; i++)
        item_copy(&r->items[i], &responses[i]);
    route_install(fx, r);
}

void amb_http_fixture_route_simple(amb_http_fixture *fx, const char *path,
                                   int status, const char *headers,
                                   const char *body)
{
    amb_http_response r = {.status = status, .headers = headers, .body = body};
    amb_http_fixture_route(fx, path, &r, 1);
}

void amb_http_fixture_route_dir(amb_http_fixture *fx, const char *prefix,
                                const char *dir)
{
    fx_route *r = amb_xcalloc(1, sizeof *r);
    r->path = amb_xstrdup(prefix);
    r->dir = amb_xstrdup(dir);
    route_install(fx, r);
}

void amb_http_request_free(amb_http_request *req)
{
    if (!req)
        return;
    for (size_t i = 0; i < req->nheaders; i++) {
        free(req->names[i]);
        free(req->values[i]);
    }
    free(req->names);
    free(req->values);
    free(req->method);
    free(req->target);
    free(req->path);
    free(req->version);
    free(req->body);
    free(req);
}

const char *amb_http_request_header(const amb_http_request *req,
                                    const char *name)
{
    for (size_t i = 0; req && i < req->nheaders; i++)
        if (strcasecmp(req->names[i], name) == 0)
            return req->values[i];
    return NULL;
}

/* n bytes of p plus a NUL (binary-safe); caller frees. */
static char *memdup0(const char *p, size_t n)
{
    char *c = amb_xmalloc(n + 1);
    if (n)
        memcpy(c, p, n);
    c[n] = '\0';
    return c;
}

/* A deep copy of req (caller frees). */
static amb_http_request *request_copy(const amb_http_request *req)
{
    amb_http_request *c = amb_xcalloc(1, sizeof *c);
    c->method = amb_xstrdup(req->method);
    c->target = amb_xstrdup(req->target);
    c->path = amb_xstrdup(req->path);
    c->nheaders = req->nheaders;
    c->names = amb_xcalloc(req->nheaders + 1, sizeof *c->names);
    c->values = amb_xcalloc(req->nheaders + 1, sizeof *c->values);
    for (size_t i = 0; i < req->nheaders; i++) {
        c->names[i] = amb_xstrdup(req->names[i]);
        c->values[i] = amb_xstrdup(req->values[i]);
    }
    c->version = amb_xstrdup(req->version);
    c->body = memdup0(req->body, req->body_len);
    c->body_len = req->body_len;
    return c;
}

/* See http_fixture_internal.h. */
int amb_http_fixture_parse(amb_buf *in, amb_http_request **out)
{
    if (in->len == 0)
        return 0;
    const char *end = memmem(in->data, in->len, "\r\n\r\n", 4);
    if (!end)
        return in->len > FX_MAX_REQUEST ? -1 : 0;
    size_t head_len = (size_t)(end - in->data) + 4;
    char *head = amb_xstrndup(in->data, head_len - 2);
    amb_http_request *req = amb_xcalloc(1, sizeof *req);
    char *save = NULL;
    char *line = strtok_r(head, "\r\n", &save);
    char *sp1 = line ? strchr(line, ' ') : NULL;
    char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (!sp2 || strncmp(sp2 + 1, "HTTP/1.", 7) != 0) {
        free(head);
        amb_http_request_free(req);
        return -1;
    }
    req->method = amb_xstrndup(line, (size_t)(sp1 - line));
    req->target = amb_xstrndup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
    req->path = amb_xstrndup(req->target, strcspn(req->target, "?"));
    req->version = amb_xstrdup(sp2 + 1);
    size_t content_length = 0;
    int bad = 0;
    while ((line = strtok_r(NULL, "\r\n", &save)) != NULL) {
        char *colon = strchr(line, ':');
        if (!colon) {
            bad = 1;
            break;
        }
        char *v = colon + 1;
        v += strspn(v, " \t");
        size_t vl = strlen(v);
        while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
            vl--;
        size_t n = req->nheaders++;
        req->names = amb_xrealloc(req->names, req->nheaders * sizeof *req->names);
        req->values = amb_xrealloc(req->values, req->nheaders * sizeof *req->values);
        req->names[n] = amb_xstrndup(line, (size_t)(colon - line));
        req->values[n] = amb_xstrndup(v, vl);
        if (strcasecmp(req->names[n], "Content-Length") == 0)
            content_length = strtoull(req->values[n], NULL, 10);
        if (strcasecmp(req->names[n], "Transfer-Encoding") == 0)
            bad = 1;                    /* chunked requests not supported */
    }
    free(head);
    if (bad || content_length > FX_MAX_REQUEST) {
        amb_http_request_free(req);
        return -1;
    }
    if (in->len < head_len + content_length) {
        amb_http_request_free(req);
        return 0;
    }
    req->body = memdup0(in->data + head_len, content_length);
    req->body_len = content_length;
    size_t used = head_len + content_length;
    memmove(in->data, in->data + used, in->len - used);
    in->len -= used;
    in->data[in->len] = '\0';
    *out = req;
    return 1;
}

static int wants_close(const amb_http_request *req)
{
    const char *c = amb_http_request_header(req, "Connection");
    if (strcmp(req->version, "HTTP/1.0") == 0)
        return !(c && strcasecmp(c, "keep-alive") == 0);
    return c && strcasecmp(c, "close") == 0;
}

static const char *content_type_for(const char *path)
{
    static const char *const types[][2] = {
        {".csv", "text/csv"}, {".json", "application/json"},
        {".xml", "application/xml"}, {".txt", "text/plain"},
        {".html", "text/html"}, {".px", "text/plain; charset=iso-8859-1"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return "application/octet-stream";
}

static void plan_head(fx_plan *p, int status, const char *headers,
                      int with_length, size_t length)
{
    amb_buf_printf(&p->head, "HTTP/1.1 %d %s\r\n", status, reason_phrase(status));
    if (p->mode == AMB_HTTP_CHUNKED)
        amb_buf_puts(&p->head, "Transfer-Encoding: chunked\r\n");
    else if (with_length)
        amb_buf_printf(&p->head, "Content-Length: %zu\r\n", length);
    if (headers)
        amb_buf_puts(&p->head, headers);
    if (p->close_after)
        amb_buf_puts(&p->head, "Connection: close\r\n");
    amb_buf_puts(&p->head, "\r\n");
}

/* Plan the answer to a file under a directory route (lock held). */
static void plan_dir(fx_plan *p, const fx_route *r,
                     const amb_http_request *req)
{
    const char *rel = req->path + strlen(r->path);
    if (strstr(rel, "..")) {
        amb_buf_puts(&p->body, "forbidden\n");
        plan_head(p, 403, NULL, 1, p->body.len);
        return;
    }
    char *file = amb_path_join(r->dir, rel);
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    if (stat(file, &st) != 0 || !S_ISREG(st.st_mode) ||
        amb_read_file(file, FX_MAX_REQUEST * 64, &data, &len, NULL) != 0) {
        free(file);
        amb_buf_puts(&p->body, "no such file\n");
        plan_head(p, 404, NULL, 1, p->body.len);
        return;
    }
    char *hdrs = amb_xasprintf("Content-Type: %s\r\nETag: \"%llx-%llx\"\r\n",
                               content_type_for(file),
                               (unsigned long long)st.st_size,
                               (unsigned long long)st.st_mtime);
    char *etag = amb_xasprintf("\"%llx-%llx\"", (unsigned long long)st.st_size,
                               (unsigned long long)st.st_mtime);
    const char *inm = amb_http_request_header(req, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) {
        plan_head(p, 304, hdrs, 0, 0);
    } else {
        if (strcmp(req->method, "HEAD") != 0)
            amb_buf_append(&p->body, data, len);
        plan_head(p, 200, hdrs, 1, len);
    }
    free(etag);
    free(hdrs);
    free(data);
    free(file);
}

/* Plan the next scripted answer of route r (lock held). */
static void plan_script(fx_plan *p, fx_route *r, const amb_http_request *req)
{
    const fx_item *it = &r->items[r->next];
    if (r->next + 1 < r->nitems)
        r->next++;
    int status = it->r.status ? it->r.status : 200;
    const char *inm = amb_http_request_header(req, "If-None-Match");
    const char *ims = amb_http_request_header(req, "If-Modified-Since");
    if ((it->inm && inm && strcmp(it->inm, inm) == 0) ||
        (it->ims && ims && strcmp(it->ims, ims) == 0)) {
        plan_head(p, 304, it->headers, 0, 0);
        return;
    }
    p->mode = it->r.mode;
    p->stall_ms = it->r.stall_ms;
    p->chunk_size = it->r.chunk_size ? it->r.chunk_size : 1024;
    if (p->mode == AMB_HTTP_TRUNCATE || p->mode == AMB_HTTP_HANG_UP)
        p->close_after = 1;
    if (p->mode == AMB_HTTP_HANG_UP)
        return;
    int head_only = strcmp(req->method, "HEAD") == 0;
    if (!head_only && status != 204 && status != 304)
        amb_buf_append(&p->body, it->body, it->r.body_len);
    size_t length = p->mode == AMB_HTTP_TRUNCATE ? it->r.declared_length
                                                 : it->r.body_len;
    plan_head(p, status, it->headers, status != 204 && status != 304, length);
}

/* See http_fixture_internal.h. */
void amb_http_fixture_plan(amb_http_fixture *fx, const amb_http_request *req,
                           fx_plan *p)
{
    p->close_after = wants_close(req);
    pthread_mutex_lock(&fx->mu);
    fx->requests++;
    amb_http_request_free(fx->last);
    fx->last = request_copy(req);
    fx_hit *h = fx->hits;
    while (h && strcmp(h->path, req->path) != 0)
        h = h->link;
    if (!h) {
        h = amb_xcalloc(1, sizeof *h);
        h->path = amb_xstrdup(req->path);
        h->link = fx->hits;
        fx->hits = h;
    }
    h->count++;
    fx_route *exact = NULL, *dir = NULL;
    for (fx_route *r = fx->routes; r; r = r->link) {
        if (!r->dir && strcmp(r->path, req->path) == 0)
            exact = r;
        else if (r->dir && strncmp(r->path, req->path, strlen(r->path)) == 0 &&
                 (!dir || strlen(r->path) > strlen(dir->path)))
            dir = r;
    }
    if (exact && exact->nitems > 0) {
        plan_script(p, exact, req);
    } else if (dir) {
        plan_dir(p, dir, req);
    } else {
        amb_buf_printf(&p->body, "no route for %s\n", req->path);
        plan_head(p, 404, "Content-Type: text/plain\r\n", 1, p->body.len);
    }
    pthread_mutex_unlock(&fx->mu);
}

void amb_http_fixture_free_routes(amb_http_fixture *fx)
{
    while (fx->routes) {
        fx_route *r = fx->routes;
        fx->routes = r->link;
        route_free(r);
    }
}

unsigned amb_http_fixture_hits(amb_http_fixture *fx, const char *path)
{
    unsigned n = 0;
    pthread_mutex_lock(&fx->mu);
    for (const fx_hit *h = fx->hits; h; h = h->link)
        if (strcmp(h->path, path) == 0)
            n = h->count;
    pthread_mutex_unlock(&fx->mu);
    return n;
}

unsigned amb_http_fixture_requests(amb_http_fixture *fx)
{
    pthread_mutex_lock(&fx->mu);
    unsigned n = fx->requests;
    pthread_mutex_unlock(&fx->mu);
    return n;
}

unsigned amb_http_fixture_connections(amb_http_fixture *fx)
{
    pthread_mutex_lock(&fx->mu);
    unsigned n = fx->connections;
    pthread_mutex_unlock(&fx->mu);
    return n;
}

void amb_http_fixture_reset_stats(amb_http_fixture *fx)
{
    pthread_mutex_lock(&fx->mu);
    while (fx->hits) {
        fx_hit *h = fx->hits;
        fx->hits = h->link;
        free(h->path);
        free(h);
    }
    amb_http_request_free(fx->last);
    fx->last = NULL;
    fx->requests = 0;
    fx->connections = 0;
    pthread_mutex_unlock(&fx->mu);
}

amb_http_request *amb_http_fixture_last_request(amb_http_fixture *fx)
{
    pthread_mutex_lock(&fx->mu);
    amb_http_request *c = fx->last ? request_copy(fx->last) : NULL;
    pthread_mutex_unlock(&fx->mu);
    return c;
}
