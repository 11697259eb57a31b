/*
 * test_sched.c - the scheduler against a real workspace and SQLite store:
 * which sources are due given their latest runs (never run, missed, not
 * yet due, failed, manual), this process's attempts and retries; schedules
 * refused at workspace open with file:line; the per-source lock refusing
 * a second holder in a forked child (directly and through
 * amb_run_collect, which then writes no run); the store-busy probe; and
 * the time stamps the scheduler reads and prints.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"
#include "scheduler.h"
#include "testutil.h"
#include "workspace.h"

static const char config_text[] =
    "workspace { fetch = { retries = 0 } }\n"
    "source \"never\" { plugin = \"csv\", path = \"d.csv\", dataset = \"N\", schedule = \"0 6 * * *\" }\n"
    "source \"missed\" { plugin = \"csv\", path = \"d.csv\", dataset = \"M\", schedule = \"0 6 * * *\" }\n"
    "source \"fresh\" { plugin = \"csv\", path = \"d.csv\", dataset = \"F\", schedule = \"0 6 * * *\" }\n"
    "source \"failed\" { plugin = \"csv\", path = \"d.csv\", dataset = \"X\", schedule = \"*/30 * * * *\" }\n"
    "source \"manual\" { plugin = \"csv\", path = \"d.csv\", dataset = \"H\" }\n";

static const char csv_text[] = "area,year,value\n851,2024,1\n860,2024,2\n";

static void set_tz(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

static time_t at(const char *iso)
{
    time_t t = 0;
    if (amb_sched_parse_time(iso, &t) != 0)
        abort();
    return t;
}

/* A workspace directory with the config and the CSV file; caller frees. */
static char *make_dir(void)
{
    char *dir = amb_test_tmpdir("sched");
    free(amb_test_write(dir, "ambit.lua", config_text, sizeof config_text - 1));
    free(amb_test_write(dir, "d.csv", csv_text, sizeof csv_text - 1));
    return dir;
}

/* Record a finished run of source with the given start time and status. */
static void add_run(amb_workspace *ws, const char *source, const char *started,
                    const char *status)
{
    int64_t sid, rid;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_store_source_id(ws->store, source, "csv", &sid, &err), 0);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(ws->store, sid, &rid, &err), 0);
    int rc = strcmp(status, "failed") == 0
                 ? amb_store_run_abort(ws->store, rid, "it broke", 0, &err)
                 : amb_store_run_finish(ws->store, rid, status, 0, 0, &err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    sqlite3_stmt *s;
    CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(amb_store_db(ws->store),
                          "UPDATE runs SET started_at = ?1 WHERE id = ?2",
                          -1, &s, NULL), SQLITE_OK);
    sqlite3_bind_text(s, 1, started, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, rid);
    CU_ASSERT_EQUAL(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
}

static long long count_runs(amb_store *st)
{
    sqlite3_stmt *s;
    long long n = -1;
    if (sqlite3_prepare_v2(amb_store_db(st), "SELECT count(*) FROM runs", -1,
                           &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static amb_sched_entry *find(amb_sched_entry *e, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].src->name, name) == 0)
            return &e[i];
    CU_FAIL_FATAL("no such entry");
    return NULL;
}

static void test_due(void)
{
    set_tz("UTC");
    char *dir = make_dir();
    amb_workspace *ws;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_workspace_open(dir, NULL, &ws, &err), 0);
    add_run(ws, "missed", "2030-01-08T06:00:01Z", "ok");
    add_run(ws, "missed", "2030-01-09T05:00:00Z", "ok");      /* the latest */
    add_run(ws, "fresh", "2030-01-10T06:00:05Z", "unchanged");
    add_run(ws, "failed", "2030-01-10T11:10:00Z", "failed");

    amb_sched_entry *e;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(amb_sched_new(ws->cfg, &e, &n, &err), 0);
    CU_ASSERT_EQUAL_FATAL(n, 5);
    CU_ASSERT_EQUAL_FATAL(amb_sched_refresh(ws->store, e, n, &err), 0);
    time_t now = at("2030-01-10T12:00:00Z"), due;

    amb_sched_entry *never = find(e, n, "never");
    CU_ASSERT_FALSE(never->has_run);
    CU_ASSERT_STRING_EQUAL(never->last_status, "");
    CU_ASSERT_EQUAL(amb_sched_due_at(never, now, &due), 0);
    CU_ASSERT_EQUAL(due, now);                       /* never run: at once */

    amb_sched_entry *missed = find(e, n, "missed");
    CU_ASSERT_TRUE(missed->has_run);
    CU_ASSERT_STRING_EQUAL(missed->last_status, "ok");
    CU_ASSERT_STRING_EQUAL(missed->last_started_iso, "2030-01-09T05:00:00Z");
    CU_ASSERT_EQUAL(missed->last_started, at("2030-01-09T05:00:00Z"));
    CU_ASSERT_EQUAL(amb_sched_due_at(missed, now, &due), 0);
    /* the first slot after its run: due once, however many were missed */
    CU_ASSERT_EQUAL(due, at("2030-01-09T06:00:00Z"));
    CU_ASSERT(due <= now);

    amb_sched_entry *fresh = find(e, n, "fresh");
    CU_ASSERT_STRING_EQUAL(fresh->last_status, "unchanged");
    CU_ASSERT_EQUAL(amb_sched_due_at(fresh, now, &due), 0);
    CU_ASSERT_EQUAL(due, at("2030-01-11T06:00:00Z"));   /* not yet due */

    amb_sched_entry *failed = find(e, n, "failed");
    CU_ASSERT_STRING_EQUAL(failed->last_status, "failed");
    CU_ASSERT_EQUAL(amb_sched_due_at(failed, now, &due), 0);
    CU_ASSERT_EQUAL(due, at("2030-01-10T11:30:00Z"));   /* its next slot */

    amb_sched_entry *manual = find(e, n, "manual");
    CU_ASSERT_FALSE(manual->scheduled);
    CU_ASSERT_EQUAL(amb_sched_due_at(manual, now, &due), 1);

    /* an attempt by this process counts like a run start ... */
    never->attempted = now;
    CU_ASSERT_EQUAL(amb_sched_due_at(never, now, &due), 0);
    CU_ASSERT_EQUAL(due, at("2030-01-11T06:00:00Z"));
    /* ... but not when the store has a later run */
    fresh->attempted = at("2030-01-01T00:00:00Z");
    CU_ASSERT_EQUAL(amb_sched_due_at(fresh, now, &due), 0);
    CU_ASSERT_EQUAL(due, at("2030-01-11T06:00:00Z"));
    /* a retry after a busy store wins over the schedule */
    missed->retry_at = now + 30;
    CU_ASSERT_EQUAL(amb_sched_due_at(missed, now, &due), 0);
    CU_ASSERT_EQUAL(due, now + 30);

    /* a new run shows up on refresh; refresh forgets nothing of its own */
    add_run(ws, "never", "2030-01-10T12:00:00Z", "ok");
    CU_ASSERT_EQUAL_FATAL(amb_sched_refresh(ws->store, e, n, &err), 0);
    CU_ASSERT_TRUE(never->has_run);
    CU_ASSERT_STRING_EQUAL(never->last_status, "ok");
    CU_ASSERT_NOT_EQUAL(never->last_ended_iso[0], '\0');
    CU_ASSERT_EQUAL(missed->retry_at, now + 30);

    /* an unreadable start time in the store is an error, not a guess */
    sqlite3_exec(amb_store_db(ws->store),
                 "UPDATE runs SET started_at = 'yesterday'", NULL, NULL, NULL);
    CU_ASSERT_EQUAL(amb_sched_refresh(ws->store, e, n, &err), AMB_ESTORE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unreadable start time 'yesterday'"));

    free(e);
    amb_workspace_close(ws);
    amb_test_rmtree(dir);
    free(dir);
}

static void test_config_refused(void)
{
    char *dir = amb_test_tmpdir("sched-bad");
    static const char bad[] =
        "workspace { }\n"
        "source \"ok\" { plugin = \"csv\", path = \"d.csv\", dataset = \"A\", schedule = \"@daily\" }\n"
        "source \"bad\" {\n"
        "  plugin = \"csv\", path = \"d.csv\", dataset = \"B\",\n"
        "  schedule = \"0 25 * * *\",\n"
        "}\n";
    free(amb_test_write(dir, "ambit.lua", bad, sizeof bad - 1));
    amb_workspace *ws = NULL;
    amb_error err;
    CU_ASSERT_EQUAL(amb_workspace_open(dir, NULL, &ws, &err), AMB_ECONFIG);
    CU_ASSERT_PTR_NULL(ws);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "ambit.lua:3: source 'bad': schedule "
                                  "'0 25 * * *': hour 25 out of range 0-23"));
    /* the config loader itself does not look at schedules; the check does */
    amb_config *cfg;
    CU_ASSERT_EQUAL_FATAL(amb_config_load(dir, &cfg, &err), 0);
    CU_ASSERT_EQUAL(amb_sched_check_config(cfg, &err), AMB_ECONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "ambit.lua:3: source 'bad': "));
    amb_sched_entry *e = NULL;
    size_t n = 7;
    CU_ASSERT_EQUAL(amb_sched_new(cfg, &e, &n, &err), AMB_ECONFIG);
    CU_ASSERT_PTR_NULL(e);
    CU_ASSERT_EQUAL(n, 0);
    amb_config_free(cfg);
    amb_test_rmtree(dir);
    free(dir);
}

/* In a child: try the lock and exit 0 when the answer is `want` (and, when
 * refused, the message names the source and the parent). */
static void child_try_lock(const char *dir, const char *source, int want,
                           pid_t parent)
{
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        int fd;
        amb_error err;
        amb_error_clear(&err);
        int rc = amb_run_lock(dir, source, &fd, &err);
        char expect[200];
        snprintf(expect, sizeof expect, "source %s is being collected by "
                 "another process (pid %ld)", source, (long)parent);
        if (rc != want)
            _exit(10 + rc);
        if (rc == 1 && strcmp(err.msg, expect) != 0) {
            fprintf(stderr, "child got: %s\n", err.msg);
            _exit(3);
        }
        if (rc == 0)
            amb_run_unlock(fd);
        _exit(0);
    }
    int status;
    CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
    CU_ASSERT_TRUE(WIFEXITED(status));
    CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
}

static void test_lock(void)
{
    char *base = amb_test_tmpdir("lock");
    char *dir = amb_path_join(base, "a/b-locks");      /* created on demand */
    int fd = -1, fd2 = -1;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_run_lock(dir, "pop", &fd, &err), 0);
    CU_ASSERT(fd >= 0);
    /* another process is refused, and told who holds it */
    child_try_lock(dir, "pop", 1, getpid());
    /* so is a second open in this process */
    CU_ASSERT_EQUAL(amb_run_lock(dir, "pop", &fd2, &err), 1);
    CU_ASSERT_EQUAL(fd2, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "source pop is being collected by "
                                  "another process"));
    /* other sources are not affected */
    child_try_lock(dir, "other", 0, getpid());
    amb_run_unlock(fd);
    /* released: the child gets it, and the file no longer names a holder */
    child_try_lock(dir, "pop", 0, getpid());
    char *path = amb_path_join(dir, "pop.lock");
    char *text;
    size_t len = 99;
    CU_ASSERT_EQUAL(amb_read_file(path, 100, &text, &len, &err), 0);
    CU_ASSERT_EQUAL(len, 0);
    free(text);
    free(path);
    /* a directory that cannot be made is an error, not a refusal */
    char *blocker = amb_test_write(base, "file", "x", 1);
    char *bad = amb_path_join(blocker, "locks");
    CU_ASSERT(amb_run_lock(bad, "pop", &fd, &err) < 0);
    CU_ASSERT_EQUAL(fd, -1);
    amb_run_unlock(-1);
    free(bad);
    free(blocker);
    free(dir);
    amb_test_rmtree(base);
    free(base);
}

/* Open dir as a workspace with the csv plugin loaded. */
static amb_workspace *open_with_csv(const char *dir, amb_registry **reg)
{
    *reg = amb_registry_new();
    char *so = amb_xasprintf("%s/plugins/.libs/csv.so", amb_test_builddir());
    int rc = amb_registry_load_file(*reg, so);
    free(so);
    if (rc != 0)
        return NULL;
    amb_workspace *ws = NULL;
    amb_error err;
    if (amb_workspace_open(dir, *reg, &ws, &err) != 0)
        fprintf(stderr, "workspace: %s\n", err.msg);
    return ws;
}

static void test_collect_locked(void)
{
    char *dir = make_dir();
    amb_registry *reg;
    amb_workspace *ws = open_with_csv(dir, &reg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ws);
    char *lockdir = amb_run_lock_dir(ws->store);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lockdir);
    CU_ASSERT_PTR_NOT_NULL(strstr(lockdir, "/data/ambit.db-locks"));
    int fd;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_run_lock(lockdir, "fresh", &fd, &err), 0);

    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        /* A process of its own: its own registry, workspace and store. */
        amb_registry *creg;
        amb_workspace *cws = open_with_csv(dir, &creg);
        if (!cws)
            _exit(2);
        volatile int stop = 0;
        amb_run_env env = {cws->store, cws->fetcher, creg, 0, &stop};
        amb_run_outcome out;
        amb_error cerr;
        int rc = amb_run_collect(&env, amb_config_source(cws->cfg, "fresh"),
                                 &out, &cerr);
        if (rc != AMB_ERR || !out.locked || out.run_id != 0)
            _exit(3);
        if (!strstr(cerr.msg, "source fresh is being collected by another "
                    "process"))
            _exit(4);
        if (count_runs(cws->store) != 0)     /* a refusal is not a run */
            _exit(5);
        /* another source runs meanwhile */
        if (amb_run_collect(&env, amb_config_source(cws->cfg, "missed"), &out,
                            &cerr) != 0 || out.locked)
            _exit(6);
        _exit(0);
    }
    int status;
    CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
    CU_ASSERT_TRUE(WIFEXITED(status));
    CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
    amb_run_unlock(fd);

    /* released: this process collects it */
    volatile int stop = 0;
    amb_run_env env = {ws->store, ws->fetcher, reg, 0, &stop};
    amb_run_outcome out;
    CU_ASSERT_EQUAL(amb_run_collect(&env, amb_config_source(ws->cfg, "fresh"),
                                    &out, &err), 0);
    CU_ASSERT_FALSE(out.locked);
    /* the child's run of 'missed' read the same file, but the fetch cache
     * is scoped per source: 'fresh' still parses it */
    CU_ASSERT_EQUAL(out.rc, AMB_OK);
    CU_ASSERT_EQUAL(count_runs(ws->store), 2);
    free(lockdir);
    amb_workspace_close(ws);
    amb_registry_free(reg);
    amb_test_rmtree(dir);
    free(dir);
}

static void test_store_busy(void)
{
    char *dir = make_dir();
    amb_workspace *ws;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_workspace_open(dir, NULL, &ws, &err), 0);
    CU_ASSERT_EQUAL(amb_sched_store_busy(ws->store, &err), 0);
    sqlite3 *other;
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(ws->cfg->store_path, &other), SQLITE_OK);
    CU_ASSERT_EQUAL_FATAL(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
                          SQLITE_OK);
    CU_ASSERT_EQUAL(amb_sched_store_busy(ws->store, &err), 1);
    CU_ASSERT_EQUAL(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    CU_ASSERT_EQUAL(amb_sched_store_busy(ws->store, &err), 0);
    sqlite3_close(other);

    amb_error_set(&err, AMB_ESTORE, "store x: cannot begin run: database is locked");
    CU_ASSERT_TRUE(amb_sched_busy_error(&err));
    amb_error_set(&err, AMB_ESTORE, "store x: cannot begin run: disk I/O error");
    CU_ASSERT_FALSE(amb_sched_busy_error(&err));
    amb_workspace_close(ws);
    amb_test_rmtree(dir);
    free(dir);
}

static void test_times(void)
{
    time_t t;
    char out[40];
    set_tz("UTC");
    CU_ASSERT_EQUAL(amb_sched_parse_time("2026-11-26T06:53:26Z", &t), 0);
    CU_ASSERT_EQUAL(t, 1795676006);
    CU_ASSERT_EQUAL(amb_sched_parse_time("2026-11-26 07:53:26+01:00", &t), 0);
    CU_ASSERT_EQUAL(t, 1795676006);
    CU_ASSERT_EQUAL(amb_sched_parse_time("2026-11-26T01:23:26-0530", &t), 0);
    CU_ASSERT_EQUAL(t, 1795676006);
    CU_ASSERT_EQUAL(amb_sched_parse_time("2026-11-26T06:53", &t), 0);
    CU_ASSERT_EQUAL(t, 1795675980);
    amb_sched_format_time(1795676006, out);
    CU_ASSERT_STRING_EQUAL(out, "2026-11-26T06:53:26+00:00");

    set_tz("Europe/Copenhagen");
    CU_ASSERT_EQUAL(amb_sched_parse_time("2026-11-26T07:53:26", &t), 0);
    CU_ASSERT_EQUAL(t, 1795676006);                       /* local: CET */
    amb_sched_format_time(1795676006, out);
    CU_ASSERT_STRING_EQUAL(out, "2026-11-26T07:53:26+01:00");
    CU_ASSERT_EQUAL(amb_sched_parse_time("2024-07-01T12:00:00", &t), 0);
    amb_sched_format_time(t, out);
    CU_ASSERT_STRING_EQUAL(out, "2024-07-01T12:00:00+02:00");   /* CEST */
    set_tz("UTC");

    static const char *const bad[] = {
        "", "2026-11-26", "2026-11-26T", "2026-11-26T6:53", "2026-13-01T00:00",
        "2026-02-29T00:00", "2026-11-26T24:00", "2026-11-26T06:60",
        "2026-11-26T06:53:60", "2026-11-26T06:53Zx", "2026-11-26T06:53+1",
        "2026-11-26T06:53+01:", "2026-11-26T06:53+24:00", "2026-11-26T06:53 ",
        "0000-01-01T00:00", "2026/11/26T06:53", "yesterday",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (amb_sched_parse_time(bad[i], &t) != AMB_EUSAGE) {
            fprintf(stderr, "\n  accepted: '%s'\n", bad[i]);
            CU_FAIL("a bad time was accepted");
        }
    CU_ASSERT_EQUAL(amb_sched_parse_time(NULL, &t), AMB_EUSAGE);
    CU_ASSERT_EQUAL(amb_sched_parse_time("2024-02-29T00:00:00Z", &t), 0);
}

int main(void)
{
    AMB_TEST_SUITE("sched",
                   {"due: never run, missed, not yet due, failed, manual", test_due},
                   {"bad schedules refused with file:line", test_config_refused},
                   {"times read and printed", test_times},
                   {"store busy probe", test_store_busy});
    AMB_TEST_SUITE("lock",
                   {"a second holder is refused (forked child)", test_lock},
                   {"collect refuses a locked source", test_collect_locked});
    return amb_test_run();
}
