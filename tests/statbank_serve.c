/*
 * statbank_serve.c - run commands against the HTTP fixture, for the shell
 * end-to-end test tests/statbank.test.
 *
 *   statbank_serve ROUTES DIR -- COMMAND [ARG...] [-- COMMAND [ARG...]]...
 *
 * Starts the fixture on 127.0.0.1, routes it from the file ROUTES, writes
 * DIR/ambit.lua from DIR/ambit.lua.in with every "@URL@" replaced by the
 * fixture's "http://127.0.0.1:PORT", then runs each COMMAND in turn with
 * its stdout and stderr in DIR/out.N and DIR/err.N (N from 1), and appends
 * to DIR/requests.log after each one:
 *
 *   step N exit STATUS requests COUNT
 *   hits PATH COUNT            (one line per routed path)
 *   last METHOD TARGET         (when a request arrived)
 *   body BODY                  (the last request's body, one line)
 *
 * Hit counts and the last request are reset between commands; the routes'
 * scripts go on (so one route can answer differently per step).
 *
 * ROUTES has one route per line, '#' lines and blank lines ignored:
 *
 *   PATH STATUS=FILE [STATUS=FILE...]
 *
 * a script of responses used in order, the last repeating; FILE is a path
 * (relative to ROUTES' directory) or "-" for an empty body; a ".json" file
 * is sent as application/json, anything else as text/csv.
 * Exits 0 when every command ran (whatever their status), 2 on misuse.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "http_fixture.h"
#include "util.h"

#define MAX_ROUTES 32
#define MAX_SCRIPT 8

typedef struct routes {
    char *paths[MAX_ROUTES];
    size_t n;
} routes;

static int die(const char *fmt, const char *arg)
{
    fprintf(stderr, "statbank_serve: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return 2;
}

/* The body of one script entry "STATUS=FILE" into r (body malloc'd). */
static int parse_response(const char *dir, char *tok, amb_http_response *r)
{
    char *eq = strchr(tok, '=');
    if (!eq)
        return die("'%s' is not STATUS=FILE", tok);
    *eq = '\0';
    memset(r, 0, sizeof *r);
    r->status = atoi(tok);
    const char *file = eq + 1;
    if (strcmp(file, "-") == 0) {
        r->body = amb_xstrdup("");
        return 0;
    }
    char *path = file[0] == '/' ? amb_xstrdup(file) : amb_path_join(dir, file);
    char *data = NULL;
    size_t len = 0;
    amb_error err;
    int rc = amb_read_file(path, 1u << 26, &data, &len, &err);
    free(path);
    if (rc < 0)
        return die("%s", err.msg);
    r->body = data;
    r->body_len = len;
    size_t n = strlen(file);
    r->headers = n > 5 && strcmp(file + n - 5, ".json") == 0
                     ? "Content-Type: application/json; charset=utf-8"
                     : "Content-Type: text/csv; charset=utf-8";
    return 0;
}

/* Read the ROUTES file and define its routes on fx. */
static int load_routes(amb_http_fixture *fx, const char *file, routes *rt)
{
    char *text = NULL;
    size_t len = 0;
    amb_error err;
    if (amb_read_file(file, 1u << 20, &text, &len, &err) < 0)
        return die("%s", err.msg);
    char *copy = amb_xstrdup(file);
    const char *dir = dirname(copy);
    int rc = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && rc == 0;
         line = strtok_r(NULL, "\n", &save)) {
        char *lsave = NULL;
        char *path = strtok_r(line, " \t", &lsave);
        if (!path || path[0] == '#')
            continue;
        if (rt->n == MAX_ROUTES)
            rc = die("more than %s routes", "32");
        amb_http_response script[MAX_SCRIPT];
        size_t n = 0;
        for (char *tok = strtok_r(NULL, " \t", &lsave); tok && rc == 0;
             tok = strtok_r(NULL, " \t", &lsave)) {
            if (n == MAX_SCRIPT)
                rc = die("a script of more than %s responses", "8");
            else
                rc = parse_response(dir, tok, &script[n++]);
        }
        if (rc == 0 && n == 0)
            rc = die("route %s has no response", path);
        if (rc == 0) {
            amb_http_fixture_route(fx, path, script, n);
            rt->paths[rt->n++] = amb_xstrdup(path);
        }
        for (size_t i = 0; i < n; i++)
            free((char *)script[i].body);
    }
    free(copy);
    free(text);
    return rc;
}

/* DIR/ambit.lua from DIR/ambit.lua.in with @URL@ replaced. */
static int write_config(const char *dir, const char *url)
{
    char *in = amb_path_join(dir, "ambit.lua.in");
    char *text = NULL;
    size_t len = 0;
    amb_error err;
    int rc = amb_read_file(in, 1u << 20, &text, &len, &err);
    free(in);
    if (rc < 0)
        return die("%s", err.msg);
    amb_buf b = {0};
    amb_buf_puts(&b, "");
    for (const char *p = text, *at; *p; p = at + 5) {
        at = strstr(p, "@URL@");
        if (!at) {
            amb_buf_puts(&b, p);
            break;
        }
        amb_buf_append(&b, p, (size_t)(at - p));
        amb_buf_puts(&b, url);
    }
    free(text);
    char *out = amb_path_join(dir, "ambit.lua");
    FILE *fp = fopen(out, "wb");
    rc = fp && fwrite(b.data, 1, b.len, fp) == b.len ? 0 : 2;
    if (fp && fclose(fp) != 0)
        rc = 2;
    if (rc)
        die("cannot write %s", out);
    free(out);
    amb_buf_free(&b);
    return rc;
}

/* Run argv with stdout/stderr in DIR/out.N and DIR/err.N; its status. */
static int run_step(const char *dir, int step, char **argv)
{
    char *out = amb_xasprintf("%s/out.%d", dir, step);
    char *errf = amb_xasprintf("%s/err.%d", dir, step);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        execvp(argv[0], argv);
        _exit(127);
    }
    free(out);
    free(errf);
    if (pid < 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Append what the fixture saw during step to DIR/requests.log. */
static void log_step(amb_http_fixture *fx, const routes *rt, const char *dir,
                     int step, int status)
{
    char *path = amb_path_join(dir, "requests.log");
    FILE *fp = fopen(path, "a");
    free(path);
    if (!fp)
        return;
    fprintf(fp, "step %d exit %d requests %u\n", step, status,
            amb_http_fixture_requests(fx));
    for (size_t i = 0; i < rt->n; i++)
        fprintf(fp, "hits %s %u\n", rt->paths[i],
                amb_http_fixture_hits(fx, rt->paths[i]));
    amb_http_request *r = amb_http_fixture_last_request(fx);
    if (r) {
        fprintf(fp, "last %s %s\nbody ", r->method, r->target);
        for (size_t i = 0; i < r->body_len; i++)
            fputc(r->body[i] == '\n' ? ' ' : r->body[i], fp);
        fputc('\n', fp);
        amb_http_request_free(r);
    }
    fclose(fp);
}

int main(int argc, char **argv)
{
    if (argc < 5 || strcmp(argv[3], "--") != 0)
        return die("usage: statbank_serve ROUTES DIR -- COMMAND... %s",
                   "[-- COMMAND...]");
    const char *dir = argv[2];
    amb_http_fixture *fx = amb_http_fixture_start();
    routes rt = {{0}, 0};
    int rc = load_routes(fx, argv[1], &rt);
    if (rc == 0)
        rc = write_config(dir, amb_http_fixture_url(fx, ""));
    int step = 0;
    for (int i = 4; rc == 0 && i < argc; i++) {
        int j = i;
        while (j < argc && strcmp(argv[j], "--") != 0)
            j++;
        if (j == i) {
            rc = die("an empty COMMAND after %s", "--");
            break;
        }
        argv[j < argc ? j : argc] = NULL;   /* argv[argc] is NULL already */
        int status = run_step(dir, ++step, &argv[i]);
        if (status < 0)
            rc = die("cannot run %s", argv[i]);
        else
            log_step(fx, &rt, dir, step, status);
        amb_http_fixture_reset_stats(fx);
        i = j;
    }
    amb_http_fixture_stop(fx);
    for (size_t i = 0; i < rt.n; i++)
        free(rt.paths[i]);
    return rc;
}
