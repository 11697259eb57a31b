/*
 * test_run.c - collection runs end to end inside the library: a real
 * workspace (ambit.lua, SQLite store, fetcher) and real plugins loaded with
 * dlopen.  Covers commit, rollback on plugin errors and store refusals,
 * unchanged sources, interruption, provenance and a run killed with -9.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fetch.h"
#include "run.h"
#include "testutil.h"
#include "workspace.h"

static const char config_text[] =
    "workspace { fetch = { retries = 0 } }\n"
    "source \"ok\" { plugin = \"failing\", mode = \"ok\", value = 1 }\n"
    "source \"broken\" { plugin = \"failing\", mode = \"fail\", value = 2 }\n"
    "source \"silent\" { plugin = \"failing\", mode = \"silent\", value = 3 }\n"
    "source \"dup\" { plugin = \"failing\", mode = \"observe_bad\", value = 4 }\n"
    "source \"same\" { plugin = \"good\", unchanged = true }\n"
    "source \"hello\" { plugin = \"hello\", path = \"lines.txt\", dataset = \"HELLO\" }\n"
    "source \"hang\" { plugin = \"failing\", mode = \"hang\", value = 5, marker = \"hang.marker\" }\n";

typedef struct fixture {
    char *dir;
    amb_registry *reg;
    amb_workspace *ws;
    amb_run_env env;
    volatile int stop;
} fixture;

static void load_plugins(amb_registry *reg)
{
    const char *names[] = {"tests/plugins/.libs/failing.so",
                           "tests/plugins/.libs/good.so",
                           "doc/examples/.libs/hello.so"};
    for (size_t i = 0; i < 3; i++) {
        char *p = amb_path_join(amb_test_builddir(), names[i]);
        CU_ASSERT_EQUAL_FATAL(amb_registry_load_file(reg, p), 0);
        free(p);
    }
}

static void fx_open(fixture *fx)
{
    amb_error err;
    fx->reg = amb_registry_new();
    load_plugins(fx->reg);
    int rc = amb_workspace_open(fx->dir, fx->reg, &fx->ws, &err);
    if (rc != 0)
        fprintf(stderr, "workspace: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    fx->stop = 0;
    fx->env = (amb_run_env){fx->ws->store, fx->ws->fetcher, fx->reg, 0, &fx->stop};
}

static void fx_close(fixture *fx)
{
    amb_workspace_close(fx->ws);
    amb_registry_free(fx->reg);
    fx->ws = NULL;
    fx->reg = NULL;
}

static void fx_init(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->dir = amb_test_tmpdir("run");
    free(amb_test_write(fx->dir, "ambit.lua", config_text, sizeof config_text - 1));
    static const char lines[] = "# area year value\n851 2023 4.1\n851 2024 3.9\n860 2024 -\n";
    free(amb_test_write(fx->dir, "lines.txt", lines, sizeof lines - 1));
    fx_open(fx);
}

static void fx_free(fixture *fx)
{
    fx_close(fx);
    amb_test_rmtree(fx->dir);
    free(fx->dir);
}

static int collect(fixture *fx, const char *name, amb_run_outcome *out, amb_error *err)
{
    amb_error_clear(err);
    return amb_run_collect(&fx->env, amb_config_source(fx->ws->cfg, name), out, err);
}

/* One SQL scalar from the store (integer). */
static long long scalar(fixture *fx, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(amb_store_db(fx->ws->store), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_commit_and_rollback(void)
{
    fixture fx;
    fx_init(&fx);
    amb_run_outcome out;
    amb_error err;
    CU_ASSERT_EQUAL(collect(&fx, "ok", &out, &err), 0);
    CU_ASSERT_EQUAL(out.rc, AMB_OK);
    CU_ASSERT_EQUAL(out.rows, 5);
    CU_ASSERT_EQUAL(out.datasets, 1);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations WHERE value = 1"), 5);

    /* a plugin error half-way: nothing of the new run is kept */
    CU_ASSERT(collect(&fx, "broken", &out, &err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "source broken"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "broken at row 2"));
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations WHERE value = 1"), 5);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations"), 5);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM runs WHERE status = 'failed' "
                                "AND error LIKE '%broken at row 2%'"), 1);

    /* an error code without a message still fails with a message */
    CU_ASSERT(collect(&fx, "silent", &out, &err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "without saying why"));
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations WHERE value = 1"), 5);

    /* the store refusing a row (duplicate key) rolls back too */
    CU_ASSERT(collect(&fx, "dup", &out, &err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "duplicate"));
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations WHERE value = 1"), 5);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM runs WHERE status = 'failed'"), 3);
    fx_free(&fx);
}

static void test_unchanged_and_stop(void)
{
    fixture fx;
    fx_init(&fx);
    amb_run_outcome out;
    amb_error err;
    CU_ASSERT_EQUAL(collect(&fx, "same", &out, &err), 0);
    CU_ASSERT_EQUAL(out.rc, AMB_UNCHANGED);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM runs WHERE status = 'unchanged'"), 1);
    fx.stop = 1;
    CU_ASSERT(collect(&fx, "ok", &out, &err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "interrupted"));
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations"), 0);
    fx_free(&fx);
}

static void test_fetch_provenance_and_cache(void)
{
    fixture fx;
    fx_init(&fx);
    amb_run_outcome out;
    amb_error err;
    CU_ASSERT_EQUAL(collect(&fx, "hello", &out, &err), 0);
    CU_ASSERT_EQUAL(out.rc, AMB_OK);
    CU_ASSERT_EQUAL(out.rows, 3);
    CU_ASSERT(out.bytes > 0);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations WHERE value IS NULL "
                                "AND flag = '-'"), 1);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM provenance p JOIN runs r ON "
                                "r.id = p.run_id WHERE r.status = 'ok' AND "
                                "p.url LIKE '%lines.txt' AND length(p.content_hash) = 64"), 1);
    /* the same file again: unchanged, nothing parsed */
    CU_ASSERT_EQUAL(collect(&fx, "hello", &out, &err), 0);
    CU_ASSERT_EQUAL(out.rc, AMB_UNCHANGED);
    /* a changed file is parsed again */
    static const char lines[] = "851 2024 5.5\n";
    free(amb_test_write(fx.dir, "lines.txt", lines, sizeof lines - 1));
    CU_ASSERT_EQUAL(collect(&fx, "hello", &out, &err), 0);
    CU_ASSERT_EQUAL(out.rc, AMB_OK);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations o JOIN datasets d "
                                "ON d.id = o.dataset_id WHERE d.code = 'HELLO'"), 1);
    /* a malformed file fails with file:line, and the earlier data stays */
    static const char bad[] = "851 2024 5.5\n860 2024 abc\n";
    free(amb_test_write(fx.dir, "lines.txt", bad, sizeof bad - 1));
    CU_ASSERT(collect(&fx, "hello", &out, &err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "lines.txt:2: 'abc' is not a number"));
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations o JOIN datasets d "
                                "ON d.id = o.dataset_id WHERE d.code = 'HELLO' "
                                "AND o.value = 5.5"), 1);
    /* the failed run's request is still on record */
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM provenance p JOIN runs r ON "
                                "r.id = p.run_id WHERE r.status = 'failed'"), 1);
    fx_free(&fx);
}

static void test_import(void)
{
    fixture fx;
    fx_init(&fx);
    char *file = amb_path_join(fx.dir, "lines.txt");
    amb_opt kv[] = {{.type = AMB_OPT_STRING, .key = "dataset", .string = "IMPORTED"}};
    amb_opt opts = {.type = AMB_OPT_MAP, .count = 1, .items = kv};
    amb_run_outcome out;
    amb_error err;
    CU_ASSERT_EQUAL(amb_run_import(&fx.env, "import:IMPORTED",
                                   amb_registry_find(fx.reg, "hello"), &opts, file,
                                   &out, &err), 0);
    CU_ASSERT_EQUAL(out.rows, 3);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM datasets d JOIN sources s ON "
                                "s.id = d.source_id WHERE d.code = 'IMPORTED' AND "
                                "s.name = 'import:IMPORTED'"), 1);
    CU_ASSERT(amb_run_import(&fx.env, "import:IMPORTED", amb_registry_find(fx.reg, "hello"),
                             &opts, "/nonexistent/file.txt", &out, &err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent/file.txt"));
    free(file);
    fx_free(&fx);
}

static void test_killed_run(void)
{
    fixture fx;
    fx_init(&fx);
    amb_run_outcome out;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(collect(&fx, "ok", &out, &err), 0);
    fx_close(&fx);
    char *marker = amb_path_join(fx.dir, "hang.marker");
    /* The hanging plugin resolves its marker path against the cwd. */
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        if (chdir(fx.dir) != 0)
            _exit(3);
        fx_open(&fx);
        collect(&fx, "hang", &out, &err);
        _exit(2);   /* not reached: the plugin hangs until killed */
    }
    int waited = 0;
    while (access(marker, F_OK) != 0 && waited < 30000) {
        usleep(10000);
        waited += 10;
    }
    CU_ASSERT_EQUAL(access(marker, F_OK), 0);
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    CU_ASSERT_TRUE(WIFSIGNALED(status));
    fx_open(&fx);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations WHERE value = 1"), 5);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM observations WHERE value = 5"), 0);
    CU_ASSERT_EQUAL(scalar(&fx, "SELECT count(*) FROM runs WHERE status = 'interrupted'"), 1);
    sqlite3_stmt *st;
    CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(amb_store_db(fx.ws->store),
                                             "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
    CU_ASSERT_STRING_EQUAL((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    free(marker);
    fx_free(&fx);
}

static void test_unknown_plugin(void)
{
    char *dir = amb_test_tmpdir("run-cfg");
    static const char cfg[] = "workspace {}\n\nsource \"x\" { plugin = \"nosuch\" }\n";
    free(amb_test_write(dir, "ambit.lua", cfg, sizeof cfg - 1));
    amb_registry *reg = amb_registry_new();
    amb_workspace *ws = NULL;
    amb_error err;
    CU_ASSERT_EQUAL(amb_workspace_open(dir, reg, &ws, &err), AMB_ECONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "ambit.lua:3: source 'x': no plugin named 'nosuch'"));
    amb_registry_free(reg);
    amb_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    amb_fetch_global_init();
    AMB_TEST_SUITE("run",
                   {"commit and rollback", test_commit_and_rollback},
                   {"unchanged and stop", test_unchanged_and_stop},
                   {"fetch, provenance and cache", test_fetch_provenance_and_cache},
                   {"import", test_import},
                   {"killed run", test_killed_run},
                   {"unknown plugin", test_unknown_plugin});
    int rc = amb_test_run();
    amb_fetch_global_cleanup();
    return rc;
}
