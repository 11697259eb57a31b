/*
 * test_xmlfeed_run.c - the workspace helpers of the xmlfeed run tests,
 * the `serve` mode tests/xmlfeed.test uses as its HTTP server, and main.
 */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http_fixture.h"
#include "log.h"
#include "test_xmlfeed_run.h"

static const char header[] =
    "workspace { fetch = { retries = 0, timeout = 60 } }\n";

void xfw_expect_str(const char *got, const char *want, const char *file,
                    int line)
{
    int ok = got && want && strcmp(got, want) == 0;
    if (!ok)
        fprintf(stderr, "\n%s:%d:\n  got:  [%s]\n  want: [%s]\n", file, line,
                got ? got : "(null)", want ? want : "(null)");
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line,
                            "strings differ", file, "", CU_FALSE);
}

void xfw_expect_has(const char *hay, const char *needle, const char *file,
                    int line)
{
    int ok = hay && needle && strstr(hay, needle);
    if (!ok)
        fprintf(stderr, "\n%s:%d:\n  [%s]\n  lacks [%s]\n", file, line,
                hay ? hay : "(null)", needle ? needle : "(null)");
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line,
                            "text missing", file, "", CU_FALSE);
}

static void open_ws(xfw *w)
{
    amb_error err;
    w->reg = amb_registry_new();
    char *so = amb_path_join(amb_test_builddir(), "plugins/.libs/xmlfeed.so");
    CU_ASSERT_EQUAL_FATAL(amb_registry_load_file(w->reg, so), 0);
    free(so);
    int rc = amb_workspace_open(w->dir, w->reg, &w->ws, &err);
    if (rc != 0)
        fprintf(stderr, "\nworkspace: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    w->stop = 0;
    w->env = (amb_run_env){w->ws->store, w->ws->fetcher, w->reg, 0, &w->stop};
}

static void close_ws(xfw *w)
{
    amb_workspace_close(w->ws);
    amb_registry_free(w->reg);
    w->ws = NULL;
    w->reg = NULL;
}

static void write_config(xfw *w, const char *config)
{
    char *text = amb_xasprintf("%s%s", header, config);
    free(amb_test_write(w->dir, "ambit.lua", text, strlen(text)));
    free(text);
}

void xfw_init(xfw *w, const char *config)
{
    memset(w, 0, sizeof *w);
    w->dir = amb_test_tmpdir("xmlfeed");
    write_config(w, config);
    open_ws(w);
}

void xfw_config(xfw *w, const char *config)
{
    close_ws(w);
    write_config(w, config);
    open_ws(w);
}

void xfw_free(xfw *w)
{
    close_ws(w);
    amb_test_rmtree(w->dir);
    free(w->dir);
    free(w->log);
    memset(w, 0, sizeof *w);
}

void xfw_file(xfw *w, const char *name, const char *text)
{
    xfw_file_n(w, name, text, strlen(text));
}

void xfw_file_n(xfw *w, const char *name, const char *data, size_t len)
{
    free(amb_test_write(w->dir, name, data, len));
}

char *xfw_path(const xfw *w, const char *name)
{
    return amb_path_join(w->dir, name);
}

/* Run fn with stderr going to a file, then keep what it wrote in w->log. */
static int captured(xfw *w, int (*fn)(xfw *, const char *, const char *),
                    const char *a, const char *b)
{
    char *file = amb_path_join(w->dir, "stderr.txt");
    fflush(stderr);
    int saved = dup(2);
    int fd = open(file, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    CU_ASSERT_FATAL(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
    int rc = fn(w, a, b);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    free(w->log);
    w->log = NULL;
    size_t len;
    amb_error err;
    if (amb_read_file(file, 1 << 20, &w->log, &len, &err) != 0)
        w->log = amb_xstrdup("");
    unlink(file);
    free(file);
    return rc;
}

static int do_collect(xfw *w, const char *source, const char *unused)
{
    (void)unused;
    const amb_source_cfg *src = amb_config_source(w->ws->cfg, source);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    amb_error err;
    amb_error_clear(&err);
    memset(&w->out, 0, sizeof w->out);
    int rc = amb_run_collect(&w->env, src, &w->out, &err);
    snprintf(w->err, sizeof w->err, "%s", rc < 0 ? err.msg : "");
    return rc;
}

static int do_import(xfw *w, const char *source, const char *path)
{
    const amb_source_cfg *src = amb_config_source(w->ws->cfg, source);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    const amb_loaded_plugin *p = amb_registry_find(w->reg, "xmlfeed");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    amb_error err;
    amb_error_clear(&err);
    memset(&w->out, 0, sizeof w->out);
    int rc = amb_run_import(&w->env, source, p, src->options, path, &w->out,
                            &err);
    snprintf(w->err, sizeof w->err, "%s", rc < 0 ? err.msg : "");
    return rc;
}

int xfw_collect(xfw *w, const char *source)
{
    return captured(w, do_collect, source, NULL);
}

int xfw_import(xfw *w, const char *source, const char *path)
{
    return captured(w, do_import, source, path);
}

char *xfw_dump(xfw *w, const char *dataset)
{
    sqlite3 *db = amb_store_db(w->ws->store);
    sqlite3_stmt *st;
    amb_buf b = {0};
    amb_buf_puts(&b, "");
    int rc = sqlite3_prepare_v2(
        db,
        "SELECT o.d0, o.d1, o.d2, o.d3, o.d4, o.period, o.value "
        "FROM observations o JOIN datasets d ON d.id = o.dataset_id "
        "WHERE d.code = ?1 ORDER BY 1, 2, 3, 4, 5, 6",
        -1, &st, NULL);
    CU_ASSERT_EQUAL_FATAL(rc, SQLITE_OK);
    sqlite3_bind_text(st, 1, dataset, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < 6; i++)
            amb_buf_printf(&b, "%s|", (const char *)sqlite3_column_text(st, i));
        amb_buf_printf(&b, "%g\n", sqlite3_column_double(st, 6));
    }
    sqlite3_finalize(st);
    return b.data;
}

char *xfw_label(xfw *w, const char *dataset, int pos, const char *code)
{
    sqlite3 *db = amb_store_db(w->ws->store);
    sqlite3_stmt *st;
    char *out = NULL;
    int rc = sqlite3_prepare_v2(
        db,
        "SELECT l.label FROM dimension_labels l JOIN datasets d "
        "ON d.id = l.dataset_id WHERE d.code = ?1 AND l.pos = ?2 "
        "AND l.code = ?3 AND l.lang = 'da'",
        -1, &st, NULL);
    CU_ASSERT_EQUAL_FATAL(rc, SQLITE_OK);
    sqlite3_bind_text(st, 1, dataset, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, pos);
    sqlite3_bind_text(st, 3, code, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        out = amb_xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

long long xfw_scalar(xfw *w, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(amb_store_db(w->ws->store), sql, -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The programme code of a record without id or url. */
char *xfw_hash_code(const char *title, const char *provider)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%s\x1f%s", title, provider);
    for (int i = 0; i < n; i++) {
        h ^= (unsigned char)buf[i];
        h *= 0x100000001b3ULL;
    }
    return amb_xasprintf("h%016llx", (unsigned long long)h);
}

/* ------------------------------------------------------------ serve */

/* Write text to path through a rename, so a reader never sees half. */
static int write_atomic(const char *path, const char *text)
{
    char *tmp = amb_xasprintf("%s.tmp", path);
    FILE *fp = fopen(tmp, "w");
    int ok = fp && fputs(text, fp) >= 0;
    if (fp && fclose(fp) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    free(tmp);
    return ok ? 0 : -1;
}

/* Serve dir until SIGTERM/SIGINT (at most 10 minutes), then write the hit
 * counts of the given paths to hitsfile: "total N" and "PATH N" lines. */
static int serve(const char *dir, const char *portfile, const char *hitsfile,
                 int npaths, char **paths)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    amb_http_fixture *fx = amb_http_fixture_start();
    amb_http_fixture_route_dir(fx, "/", dir);
    char port[32];
    snprintf(port, sizeof port, "%d\n", amb_http_fixture_port(fx));
    if (write_atomic(portfile, port) < 0) {
        perror(portfile);
        amb_http_fixture_stop(fx);
        return 1;
    }
    struct timespec limit = {600, 0};
    sigtimedwait(&set, NULL, &limit);
    amb_buf hits = {0};
    amb_buf_printf(&hits, "total %u\n", amb_http_fixture_requests(fx));
    for (int i = 0; i < npaths; i++)
        amb_buf_printf(&hits, "%s %u\n", paths[i],
                       amb_http_fixture_hits(fx, paths[i]));
    int rc = write_atomic(hitsfile, hits.data) < 0 ? 1 : 0;
    amb_buf_free(&hits);
    amb_http_fixture_stop(fx);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "serve") == 0) {
        if (argc < 5) {
            fprintf(stderr, "usage: %s serve DIR PORTFILE HITSFILE "
                            "[PATH...]\n", argv[0]);
            return 2;
        }
        return serve(argv[2], argv[3], argv[4], argc - 5, argv + 5);
    }
    amb_fetch_global_init();
    xfmap_register();
    xfformats_register();
    xfhttp_register();
    int rc = amb_test_run();
    amb_fetch_global_cleanup();
    return rc;
}
