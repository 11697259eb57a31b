/*
 * test_store.c - the SQLite store on real files: migrations, runs that
 * succeed, fail and get killed, the data calls' errors, queries, listings,
 * the fetch cache and hostile text.
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store.h"
#include "store_internal.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* Helpers. */

/* A store file in a fresh temporary directory. */
typedef struct tstore {
    char *dir;
    char *path;
    amb_store *st;
} tstore;

static void ts_reopen(tstore *t)
{
    amb_error err = {{0}};
    amb_store_close(t->st);
    t->st = NULL;
    int rc = amb_store_open(t->path, &t->st, &err);
    if (rc)
        fprintf(stderr, "open: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
}

static void ts_open(tstore *t, const char *tag)
{
    t->dir = amb_test_tmpdir(tag);
    t->path = amb_path_join(t->dir, "ambit.db");
    t->st = NULL;
    ts_reopen(t);
}

static void ts_done(tstore *t)
{
    amb_store_close(t->st);
    amb_test_rmtree(t->dir);
    free(t->dir);
    free(t->path);
}

/* Every row of sql as "a|b|c\n" (NULL shown as NULL).  Caller frees. */
static char *dump(amb_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    amb_buf b = {0};
    amb_buf_puts(&b, "");
    CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(amb_store_db(st), sql, -1, &s,
                                             NULL), SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            const char *v = (const char *)sqlite3_column_text(s, i);
            amb_buf_printf(&b, "%s%s", i ? "|" : "", v ? v : "NULL");
        }
        amb_buf_putc(&b, '\n');
    }
    sqlite3_finalize(s);
    return b.data;
}

/* Compare the rows of sql with want. */
static void check_dump(amb_store *st, const char *sql, const char *want)
{
    char *got = dump(st, sql);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n%s\n got:\n%s want:\n%s", sql, got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
}

/* The data a run can change, excluding the runs table itself. */
static char *snapshot(amb_store *st)
{
    static const char *const sql[] = {
        "SELECT * FROM sources ORDER BY id",
        "SELECT * FROM datasets ORDER BY id",
        "SELECT * FROM dimensions ORDER BY 1, 2",
        "SELECT * FROM dimension_labels ORDER BY 1, 2, 3, 4",
        "SELECT * FROM observations ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10",
    };
    amb_buf b = {0};
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        char *d = dump(st, sql[i]);
        amb_buf_printf(&b, "%s:\n%s", sql[i], d);
        free(d);
    }
    return b.data;
}

static const amb_dim folk_dims[] = {{"OMRÅDE", "region"}, {"KØN", "sex"}};
static const amb_dataset_desc folk = {
    .id = "FOLK1A", .title = "Population", .unit = "persons",
    .updated = "2024-05-10T08:00:00", .ndims = 2, .dims = folk_dims,
    .time_id = "TID", .time_label = "time",
    .origin = "https://api.statbank.dk/v1/data/FOLK1A/CSV",
};

typedef struct obs {
    const char *codes[2];
    const char *period;
    double value;
    int has_value;
    const char *flag;
} obs;

static const obs folk_rows[] = {
    {{"101", "1"}, "2024K1", 320000, 1, NULL},
    {{"101", "2"}, "2024K1", 0, 0, ".."},
    {{"851", "1"}, "2024K2", 12.5, 1, "p"},
    {{"851", "2"}, "2024K1", -3, 1, NULL},
};

/* Write desc with rows into the open run; returns the dataset id. */
static int64_t put_dataset(amb_store *st, int64_t run, int64_t src,
                           const amb_dataset_desc *desc, const obs *rows,
                           size_t n)
{
    amb_error err = {{0}};
    int64_t ds = 0;
    CU_ASSERT_EQUAL_FATAL(amb_store_dataset_begin(st, run, src, desc, &ds,
                                                  &err), 0);
    for (size_t i = 0; i < n; i++) {
        int rc = amb_store_observe(st, ds, desc->ndims, rows[i].codes,
                                   rows[i].period, rows[i].value,
                                   rows[i].has_value, rows[i].flag, &err);
        if (rc)
            fprintf(stderr, "observe: %s\n", err.msg);
        CU_ASSERT_EQUAL(rc, 0);
    }
    return ds;
}

/* A complete, successful run of source name storing desc; returns its id. */
static int64_t ok_run(amb_store *st, const char *source,
                      const amb_dataset_desc *desc, const obs *rows, size_t n)
{
    amb_error err = {{0}};
    int64_t src = 0, run = 0;
    CU_ASSERT_EQUAL_FATAL(amb_store_source_id(st, source, "statbank", &src,
                                              &err), 0);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(st, src, &run, &err), 0);
    if (desc)
        put_dataset(st, run, src, desc, rows, n);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_finish(st, run, "ok", (int64_t)n, 100,
                                               &err), 0);
    return run;
}

/* ------------------------------------------------------------------ */
/* Schema and migrations. */

static void test_migrate_empty(void)
{
    static const char *const tables[] = {
        "sources", "runs", "datasets", "dimensions", "dimension_labels",
        "observations", "provenance", "fetch_cache", "runs_by_source",
        "provenance_by_run",
    };
    tstore t;
    ts_open(&t, "store-empty");
    CU_ASSERT_EQUAL(amb_store_schema_version(t.st), AMB_STORE_SCHEMA);
    CU_ASSERT_EQUAL(sql_int(t.st, "PRAGMA user_version"), AMB_STORE_SCHEMA);
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char *sql = amb_xasprintf("SELECT COUNT(*) FROM sqlite_schema "
                                  "WHERE name = '%s'", tables[i]);
        CU_ASSERT_EQUAL(sql_int(t.st, sql), 1);
        free(sql);
    }
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM pragma_table_info"
                          "('runs') WHERE name = 'pid'"), 1);
    /* One b-tree: observations has no rowid. */
    sqlite3_stmt *s = NULL;
    CU_ASSERT_NOT_EQUAL(sqlite3_prepare_v2(amb_store_db(t.st),
                                           "SELECT rowid FROM observations",
                                           -1, &s, NULL), SQLITE_OK);
    sqlite3_finalize(s);
    ts_done(&t);
}

static void test_pragmas(void)
{
    tstore t;
    ts_open(&t, "store-pragma");
    char *mode = dump(t.st, "PRAGMA journal_mode");
    CU_ASSERT_STRING_EQUAL(mode, "wal\n");
    free(mode);
    CU_ASSERT_EQUAL(sql_int(t.st, "PRAGMA foreign_keys"), 1);
    CU_ASSERT_EQUAL(sql_int(t.st, "PRAGMA synchronous"), 1);   /* NORMAL */
    CU_ASSERT_EQUAL(sql_int(t.st, "PRAGMA busy_timeout"), 10000);
    /* Foreign keys are enforced: a run of a source that does not exist. */
    int rc = sqlite3_exec(amb_store_db(t.st),
                          "INSERT INTO runs(source_id, started_at, status) "
                          "VALUES(999, 'x', 'ok')", NULL, NULL, NULL);
    CU_ASSERT_EQUAL(rc, SQLITE_CONSTRAINT_FOREIGNKEY);
    ts_done(&t);
}

/* A version-1 store as the previous build left it, rows in every table. */
static const char v1_rows[] =
    "INSERT INTO sources VALUES(1, 'dst', 'statbank', '2024-01-01T00:00:00Z');"
    "INSERT INTO runs VALUES(1, 1, '2024-01-01T00:00:00Z', "
    "  '2024-01-01T00:01:00Z', 'ok', 2, 900, NULL);"
    "INSERT INTO runs VALUES(2, 1, '2024-01-02T00:00:00Z', NULL, 'running', "
    "  0, 0, NULL);"
    "INSERT INTO datasets VALUES(1, 'FOLK1A', 1, 1, 'Population', 'persons', "
    "  NULL, 'f.csv', 'TID', 'time');"
    "INSERT INTO dimensions VALUES(1, -1, 'TID', 'time');"
    "INSERT INTO dimensions VALUES(1, 0, 'OMRÅDE', 'region');"
    "INSERT INTO dimension_labels VALUES(1, 0, '101', 'da', 'København');"
    "INSERT INTO observations(dataset_id, d0, period, value, flag) "
    "  VALUES(1, '101', '2024K1', 1000.5, NULL);"
    "INSERT INTO observations(dataset_id, d0, period, value, flag) "
    "  VALUES(1, '101', '2024K2', NULL, '..');";

static void test_migrate_from_v1(void)
{
    tstore t = {amb_test_tmpdir("store-v1"), NULL, NULL};
    amb_error err = {{0}};
    t.path = amb_path_join(t.dir, "ambit.db");
    CU_ASSERT_EQUAL_FATAL(amb_store_open_at_version(t.path, 1, &t.st, &err), 0);
    CU_ASSERT_EQUAL(amb_store_schema_version(t.st), 1);
    CU_ASSERT_EQUAL(sql_int(t.st, "PRAGMA user_version"), 1);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM sqlite_schema WHERE "
                          "name IN ('provenance', 'fetch_cache')"), 0);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM pragma_table_info"
                          "('runs') WHERE name = 'pid'"), 0);
    int64_t run = 0;
    CU_ASSERT_EQUAL(amb_store_run_begin(t.st, 1, &run, &err), AMB_EUSAGE);
    CU_ASSERT_EQUAL_FATAL(sqlite3_exec(amb_store_db(t.st), v1_rows, NULL,
                                       NULL, NULL), SQLITE_OK);
    char *before = snapshot(t.st);
    char *run1 = dump(t.st, "SELECT * FROM runs WHERE id = 1");

    ts_reopen(&t);
    CU_ASSERT_EQUAL(amb_store_schema_version(t.st), AMB_STORE_SCHEMA);
    CU_ASSERT_EQUAL(sql_int(t.st, "PRAGMA user_version"), AMB_STORE_SCHEMA);
    char *after = snapshot(t.st);
    CU_ASSERT_STRING_EQUAL(after, before);
    check_dump(t.st, "SELECT id, source_id, started_at, ended_at, status, "
               "rows, bytes, error FROM runs WHERE id = 1", run1);
    check_dump(t.st, "SELECT pid FROM runs ORDER BY id", "NULL\nNULL\n");
    /* Version 1's unfinished run has no pid: it cannot be running now. */
    check_dump(t.st, "SELECT status, ended_at IS NOT NULL, error FROM runs "
               "WHERE id = 2", "interrupted|1|interrupted: the process "
               "ended before the run finished\n");
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM provenance"), 0);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM fetch_cache"), 0);
    /* The upgraded store takes new runs. */
    CU_ASSERT_EQUAL(amb_store_run_begin(t.st, 1, &run, &err), 0);
    CU_ASSERT_EQUAL(amb_store_run_finish(t.st, run, "unchanged", 0, 0, &err),
                    0);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT pid FROM runs WHERE status = "
                          "'unchanged'"), (int64_t)getpid());
    free(before);
    free(after);
    free(run1);
    ts_done(&t);
}

static void test_newer_refused(void)
{
    tstore t;
    amb_error err = {{0}};
    ts_open(&t, "store-newer");
    char *bump = amb_xasprintf("PRAGMA user_version = %d", AMB_STORE_SCHEMA + 1);
    CU_ASSERT_EQUAL(sqlite3_exec(amb_store_db(t.st), bump, NULL, NULL, NULL),
                    SQLITE_OK);
    free(bump);
    amb_store_close(t.st);
    t.st = NULL;
    CU_ASSERT_EQUAL(amb_store_open(t.path, &t.st, &err), AMB_ESTORE);
    CU_ASSERT_PTR_NULL(t.st);
    char *want = amb_xasprintf("%s: schema version %d is newer than this "
                               "ambit understands (%d)", t.path,
                               AMB_STORE_SCHEMA + 1, AMB_STORE_SCHEMA);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    free(want);
    ts_done(&t);
}

static void test_not_a_database(void)
{
    char *dir = amb_test_tmpdir("store-garbage");
    char text[600];
    memset(text, 'x', sizeof text);
    char *path = amb_test_write(dir, "ambit.db", text, sizeof text);
    amb_store *st = NULL;
    amb_error err = {{0}};
    CU_ASSERT_EQUAL(amb_store_open(path, &st, &err), AMB_ESTORE);
    CU_ASSERT_PTR_NULL(st);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, path));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a database"));
    free(path);
    amb_test_rmtree(dir);
    free(dir);
}

static void test_reopen_idempotent(void)
{
    tstore t;
    ts_open(&t, "store-reopen");
    ok_run(t.st, "dst", &folk, folk_rows, 4);
    char *schema = dump(t.st, "SELECT type, name, sql FROM sqlite_schema "
                        "ORDER BY name");
    char *data = snapshot(t.st);
    char *runs = dump(t.st, "SELECT * FROM runs");
    for (int i = 0; i < 2; i++) {
        ts_reopen(&t);
        CU_ASSERT_EQUAL(amb_store_schema_version(t.st), AMB_STORE_SCHEMA);
        CU_ASSERT_EQUAL(sql_int(t.st, "PRAGMA user_version"), AMB_STORE_SCHEMA);
        check_dump(t.st, "SELECT type, name, sql FROM sqlite_schema "
                   "ORDER BY name", schema);
        char *again = snapshot(t.st);
        CU_ASSERT_STRING_EQUAL(again, data);
        free(again);
        check_dump(t.st, "SELECT * FROM runs", runs);
    }
    free(schema);
    free(data);
    free(runs);
    ts_done(&t);
}

/* ------------------------------------------------------------------ */
/* Runs. */

static void test_successful_run(void)
{
    tstore t;
    amb_error err = {{0}};
    int64_t src = 0, again = 0, run = 0, ds = 0;
    ts_open(&t, "store-ok");
    CU_ASSERT_EQUAL(amb_store_source_id(t.st, "dst", "csv", &src, &err), 0);
    CU_ASSERT_EQUAL(amb_store_source_id(t.st, "dst", "statbank", &again,
                                        &err), 0);
    CU_ASSERT_EQUAL(again, src);
    check_dump(t.st, "SELECT name, plugin FROM sources", "dst|statbank\n");
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    check_dump(t.st, "SELECT status, ended_at FROM runs", "running|NULL\n");
    ds = put_dataset(t.st, run, src, &folk, folk_rows, 4);
    CU_ASSERT_EQUAL(amb_store_dim_label(t.st, ds, 0, "101", "da", "Kbh",
                                        &err), 0);
    /* Replaces the label above. */
    CU_ASSERT_EQUAL(amb_store_dim_label(t.st, ds, 0, "101", "da",
                                        "København", &err), 0);
    CU_ASSERT_EQUAL(amb_store_dim_label(t.st, ds, 0, "101", "en",
                                        "Copenhagen", &err), 0);
    CU_ASSERT_EQUAL(amb_store_dim_label(t.st, ds, 1, "2", NULL, "Women",
                                        &err), 0);
    CU_ASSERT_EQUAL(amb_store_dim_label(t.st, ds, AMB_DIM_TIME, "2024K1",
                                        "en", "2024Q1", &err), 0);
    amb_provenance p = {
        .url = folk.origin, .fetched_at = "2024-05-11T06:00:00Z",
        .http_status = 200, .bytes = 4096, .content_hash = "ab12",
        .etag = "\"v1\"", .last_modified = "Fri, 10 May 2024 08:00:00 GMT",
        .from_cache = 0, .attempts = 2, .elapsed_ms = 340, .error = NULL,
    };
    CU_ASSERT_EQUAL(amb_store_provenance_add(t.st, run, &p, &err), 0);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_finish(t.st, run, "ok", 4, 4096,
                                               &err), 0);
    ts_reopen(&t);   /* what was committed, not what the connection saw */

    check_dump(t.st, "SELECT status, rows, bytes, ended_at IS NOT NULL, "
               "error FROM runs", "ok|4|4096|1|NULL\n");
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT pid FROM runs"), (int64_t)getpid());
    check_dump(t.st, "SELECT code, source_id, run_id, title, unit, updated, "
               "origin, time_id, time_label FROM datasets",
               "FOLK1A|1|1|Population|persons|2024-05-10T08:00:00|"
               "https://api.statbank.dk/v1/data/FOLK1A/CSV|TID|time\n");
    check_dump(t.st, "SELECT pos, code, label FROM dimensions ORDER BY pos",
               "-1|TID|time\n0|OMRÅDE|region\n1|KØN|sex\n");
    check_dump(t.st, "SELECT pos, code, lang, label FROM dimension_labels "
               "ORDER BY pos, code, lang",
               "-1|2024K1|en|2024Q1\n0|101|da|København\n"
               "0|101|en|Copenhagen\n1|2||Women\n");
    check_dump(t.st, "SELECT d0, d1, d2, d7, period, value, flag FROM "
               "observations",
               "101|1|||2024K1|320000.0|NULL\n101|2|||2024K1|NULL|..\n"
               "851|1|||2024K2|12.5|p\n851|2|||2024K1|-3.0|NULL\n");
    check_dump(t.st, "SELECT run_id, url, fetched_at, http_status, bytes, "
               "content_hash, etag, last_modified, from_cache, attempts, "
               "elapsed_ms, error FROM provenance",
               "1|https://api.statbank.dk/v1/data/FOLK1A/CSV|"
               "2024-05-11T06:00:00Z|200|4096|ab12|\"v1\"|"
               "Fri, 10 May 2024 08:00:00 GMT|0|2|340|NULL\n");
    ts_done(&t);
}

static void test_failed_run(void)
{
    static const amb_dim one_dim[] = {{"OMRÅDE", "area"}};
    static const amb_dataset_desc changed = {
        .id = "FOLK1A", .title = "changed", .ndims = 1, .dims = one_dim,
        .time_id = "TID",
    };
    static const amb_dataset_desc fresh = {
        .id = "NEW1", .ndims = 2, .dims = folk_dims, .time_id = "TID",
    };
    static const obs rows[] = {{{"999", "9"}, "2030K1", 1, 1, NULL}};
    tstore t;
    amb_error err = {{0}};
    int64_t src = 0, run = 0;
    ts_open(&t, "store-fail");
    ok_run(t.st, "dst", &folk, folk_rows, 4);
    int64_t ds = sql_int(t.st, "SELECT id FROM datasets");
    amb_store_source_id(t.st, "dst", "statbank", &src, &err);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    CU_ASSERT_EQUAL(amb_store_run_finish(t.st, run, "unchanged", 0, 0, &err),
                    0);
    char *before = snapshot(t.st);

    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    CU_ASSERT_EQUAL(put_dataset(t.st, run, src, &changed, rows, 1), ds);
    CU_ASSERT_EQUAL(amb_store_dim_label(t.st, ds, 0, "999", "da", "nowhere",
                                        &err), 0);
    put_dataset(t.st, run, src, &fresh, rows, 1);
    CU_ASSERT_EQUAL(amb_store_run_abort(t.st, run, "parse error at line 7",
                                        99, &err), 0);
    amb_provenance p = {.url = "https://x/y", .fetched_at = "2024-05-11T06:00:00Z",
                        .http_status = 500, .attempts = 5,
                        .error = "HTTP 500"};
    CU_ASSERT_EQUAL(amb_store_provenance_add(t.st, run, &p, &err), 0);
    /* No run is open any more. */
    CU_ASSERT_EQUAL(amb_store_observe(t.st, ds, 1, rows[0].codes, "2030K2", 1,
                                      1, NULL, &err), AMB_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no run is open"));

    for (int i = 0; i < 2; i++) {
        char *after = snapshot(t.st);
        CU_ASSERT_STRING_EQUAL(after, before);
        free(after);
        char *sql = amb_xasprintf("SELECT status, error, rows, bytes, "
                                  "ended_at IS NOT NULL FROM runs WHERE id = "
                                  "%lld", (long long)run);
        check_dump(t.st, sql, "failed|parse error at line 7|0|99|1\n");
        free(sql);
        check_dump(t.st, "SELECT run_id, url, http_status, error FROM "
                   "provenance", "3|https://x/y|500|HTTP 500\n");
        ts_reopen(&t);
    }
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM datasets WHERE code "
                          "= 'NEW1'"), 0);
    free(before);
    ts_done(&t);
}

/* The child of test_killed_run: begin a run, replace FOLK1A with many rows
 * (a small page cache spills them into the WAL, uncommitted) and die
 * without finishing. */
static void killed_child(const char *path)
{
    amb_store *st = NULL;
    amb_error err;
    int64_t src, run, ds;
    if (amb_store_open(path, &st, &err) ||
        amb_store_source_id(st, "dst", "statbank", &src, &err) ||
        sqlite3_exec(amb_store_db(st), "PRAGMA cache_size = 16", NULL, NULL,
                     NULL) != SQLITE_OK ||
        amb_store_run_begin(st, src, &run, &err) ||
        amb_store_dataset_begin(st, run, src, &folk, &ds, &err))
        _exit(10);
    for (int i = 0; i < 50000; i++) {
        char area[16];
        snprintf(area, sizeof area, "%d", i);
        const char *codes[2] = {area, "1"};
        if (amb_store_observe(st, ds, 2, codes, "2025K1", i, 1, NULL, &err))
            _exit(11);
    }
    _exit(0);
}

static void test_killed_run(void)
{
    tstore t;
    ts_open(&t, "store-kill");
    ok_run(t.st, "dst", &folk, folk_rows, 4);
    char *before = snapshot(t.st);
    amb_store_close(t.st);
    t.st = NULL;

    fflush(NULL);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0)
        killed_child(t.path);
    int status = 0;
    CU_ASSERT_EQUAL_FATAL(waitpid(pid, &status, 0), pid);
    CU_ASSERT_FATAL(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* The dead run's pages reached the WAL without a commit frame. */
    char *wal = amb_xasprintf("%s-wal", t.path);
    struct stat sb;
    CU_ASSERT(stat(wal, &sb) == 0 && sb.st_size > 256 * 1024);
    free(wal);

    ts_reopen(&t);
    char *after = snapshot(t.st);
    CU_ASSERT_STRING_EQUAL(after, before);
    free(after);
    char *want = amb_xasprintf("%d|interrupted|1|0|interrupted: process %d "
                               "ended before the run finished\n", (int)pid,
                               (int)pid);
    check_dump(t.st, "SELECT pid, status, ended_at IS NOT NULL, rows, error "
               "FROM runs WHERE id = 2", want);
    free(want);

    /* A 'running' row of a live process (this one) is left alone. */
    char *sql = amb_xasprintf("INSERT INTO runs(source_id, started_at, "
                              "status, pid) VALUES(1, 'now', 'running', %d)",
                              (int)getpid());
    CU_ASSERT_EQUAL(sqlite3_exec(amb_store_db(t.st), sql, NULL, NULL, NULL),
                    SQLITE_OK);
    free(sql);
    ts_reopen(&t);
    check_dump(t.st, "SELECT status FROM runs WHERE id = 3", "running\n");
    free(before);
    ts_done(&t);
}

static void test_run_state_errors(void)
{
    tstore t;
    amb_error err = {{0}};
    int64_t src = 0, run = 0, other = 0, ds = 0;
    ts_open(&t, "store-state");
    amb_store_source_id(t.st, "dst", "statbank", &src, &err);
    CU_ASSERT_EQUAL(amb_store_dataset_begin(t.st, 1, src, &folk, &ds, &err),
                    AMB_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no run is open"));
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    CU_ASSERT_EQUAL(amb_store_run_begin(t.st, src, &other, &err), AMB_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "still open"));
    CU_ASSERT_EQUAL(amb_store_run_finish(t.st, run + 1, "ok", 0, 0, &err),
                    AMB_EUSAGE);
    CU_ASSERT_EQUAL(amb_store_run_finish(t.st, run, "failed", 0, 0, &err),
                    AMB_EUSAGE);
    CU_ASSERT_EQUAL(amb_store_run_finish(t.st, run, "ok", 0, 0, &err), 0);
    /* A source that does not exist: the foreign key refuses the run. */
    CU_ASSERT_EQUAL(amb_store_run_begin(t.st, 4242, &run, &err), AMB_ESTORE);
    char *want = amb_xasprintf("store %s: cannot begin run: FOREIGN KEY "
                               "constraint failed", t.path);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    free(want);
    /* Closing with a run open rolls it back and says so. */
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    put_dataset(t.st, run, src, &folk, folk_rows, 4);
    ts_reopen(&t);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM datasets"), 0);
    check_dump(t.st, "SELECT status, error FROM runs ORDER BY id DESC LIMIT 1",
               "interrupted|interrupted: the store was closed before the run "
               "finished\n");
    ts_done(&t);
}

/* Two handles on one file: a run holds the write lock, the other handle
 * can open and read what is committed but cannot begin a run. */
static void test_concurrent_handles(void)
{
    tstore t;
    amb_error err = {{0}};
    amb_store *other = NULL;
    int64_t src = 0, run = 0, run2 = 0;
    ts_open(&t, "store-locked");
    ok_run(t.st, "dst", &folk, folk_rows, 4);
    amb_store_source_id(t.st, "dst", "statbank", &src, &err);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    put_dataset(t.st, run, src, &folk, folk_rows, 2);

    CU_ASSERT_EQUAL_FATAL(amb_store_open(t.path, &other, &err), 0);
    CU_ASSERT_EQUAL(sql_int(other, "SELECT COUNT(*) FROM observations"), 4);
    check_dump(other, "SELECT status FROM runs ORDER BY id", "ok\nrunning\n");
    sqlite3_busy_timeout(amb_store_db(other), 50);
    CU_ASSERT_EQUAL(amb_store_run_begin(other, src, &run2, &err), AMB_ESTORE);
    char *want = amb_xasprintf("store %s: cannot begin run: database is "
                               "locked", t.path);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    free(want);

    CU_ASSERT_EQUAL(amb_store_run_finish(t.st, run, "ok", 2, 0, &err), 0);
    CU_ASSERT_EQUAL(sql_int(other, "SELECT COUNT(*) FROM observations"), 2);
    CU_ASSERT_EQUAL(amb_store_run_begin(other, src, &run2, &err), 0);
    CU_ASSERT_EQUAL(amb_store_run_finish(other, run2, "unchanged", 0, 0, &err),
                    0);
    amb_store_close(other);
    check_dump(t.st, "SELECT status FROM runs ORDER BY id",
               "ok\nok\nunchanged\n");
    ts_done(&t);
}

/* ------------------------------------------------------------------ */
/* The data calls' errors. */

static void test_observe_errors(void)
{
    tstore t;
    amb_error err = {{0}};
    int64_t src = 0, run = 0, ds = 0;
    ts_open(&t, "store-obs");
    amb_store_source_id(t.st, "dst", "statbank", &src, &err);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    ds = put_dataset(t.st, run, src, &folk, folk_rows, 1);
    const char *codes[2] = {"851", "1"};
    CU_ASSERT_EQUAL(amb_store_observe(t.st, ds, 2, codes, "2024K1", 1, 1,
                                      NULL, &err), 0);
    CU_ASSERT_EQUAL(amb_store_observe(t.st, ds, 2, codes, "2024K1", 2, 1,
                                      NULL, &err), AMB_EPARSE);
    CU_ASSERT_STRING_EQUAL(err.msg, "duplicate observation in FOLK1A: "
                           "OMRÅDE=851, KØN=1, period 2024K1");
    CU_ASSERT_EQUAL(amb_store_observe(t.st, ds, 1, codes, "2024K2", 2, 1,
                                      NULL, &err), AMB_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.msg, "dataset FOLK1A has 2 dimensions but an "
                           "observation came with 1 codes");
    CU_ASSERT_EQUAL(amb_store_dim_label(t.st, ds, 2, "x", NULL, "x", &err),
                    AMB_EUSAGE);
    /* The run goes on after refused rows, and keeps the first value. */
    CU_ASSERT_EQUAL(amb_store_run_finish(t.st, run, "ok", 2, 0, &err), 0);
    check_dump(t.st, "SELECT d0, d1, period, value FROM observations",
               "101|1|2024K1|320000.0\n851|1|2024K1|1.0\n");
    ts_done(&t);
}

static void test_dataset_errors(void)
{
    static const amb_dim nine[] = {{"A", 0}, {"B", 0}, {"C", 0}, {"D", 0},
                                   {"E", 0}, {"F", 0}, {"G", 0}, {"H", 0},
                                   {"I", 0}};
    static const amb_dim twice[] = {{"A", 0}, {"B", 0}, {"A", 0}};
    static const amb_dim timeish[] = {{"A", 0}, {"TID", 0}};
    amb_dataset_desc d = {.id = "WIDE", .ndims = 9, .dims = nine,
                          .time_id = "TID"};
    tstore t;
    amb_error err = {{0}};
    int64_t src = 0, run = 0, ds = 0;
    ts_open(&t, "store-ds");
    amb_store_source_id(t.st, "dst", "statbank", &src, &err);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    CU_ASSERT_EQUAL(amb_store_dataset_begin(t.st, run, src, &d, &ds, &err),
                    AMB_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.msg, "dataset WIDE has 9 dimensions besides "
                           "time; at most 8 are supported");
    d.dims = twice;
    d.ndims = 3;
    CU_ASSERT_EQUAL(amb_store_dataset_begin(t.st, run, src, &d, &ds, &err),
                    AMB_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.msg, "dataset WIDE: dimension id A appears "
                           "twice");
    d.dims = timeish;
    d.ndims = 2;
    CU_ASSERT_EQUAL(amb_store_dataset_begin(t.st, run, src, &d, &ds, &err),
                    AMB_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "TID"));
    /* Exactly AMB_MAX_DIMS works, and d7 is filterable. */
    d.dims = nine;
    d.ndims = 8;
    const char *codes[8] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    CU_ASSERT_EQUAL_FATAL(amb_store_dataset_begin(t.st, run, src, &d, &ds,
                                                  &err), 0);
    CU_ASSERT_EQUAL(amb_store_observe(t.st, ds, 8, codes, "2024", 1, 1, NULL,
                                      &err), 0);
    codes[7] = "z";
    CU_ASSERT_EQUAL(amb_store_observe(t.st, ds, 8, codes, "2024", 2, 1, NULL,
                                      &err), 0);
    CU_ASSERT_EQUAL(amb_store_run_finish(t.st, run, "ok", 2, 0, &err), 0);
    check_dump(t.st, "SELECT code FROM datasets", "WIDE\n");
    check_dump(t.st, "SELECT value FROM observations WHERE d7 = 'z'", "2.0\n");
    ts_done(&t);
}

/* ------------------------------------------------------------------ */
/* Queries. */

typedef struct collected {
    amb_buf text;
    int rows;
    int stop_after;     /* return 7 after this many rows; 0 = never */
} collected;

/* amb_obs_cb: append "codes|period|value|flag\n". */
static int collect_obs(void *ud, const amb_obs_row *r)
{
    collected *c = ud;
    for (size_t i = 0; i < r->ndims; i++)
        amb_buf_printf(&c->text, "%s=%s|", r->dim_ids[i], r->codes[i]);
    amb_buf_printf(&c->text, "%s=%s|", r->time_id, r->period);
    if (r->has_value)
        amb_buf_printf(&c->text, "%g", r->value);
    else
        amb_buf_puts(&c->text, "NULL");
    amb_buf_printf(&c->text, "|%s\n", r->flag ? r->flag : "NULL");
    c->rows++;
    return c->stop_after && c->rows == c->stop_after ? 7 : 0;
}

/* Run a query and compare what it streamed with want. */
static void check_query(amb_store *st, const char *dataset,
                        const amb_filter *f, size_t nf, const char *want)
{
    collected c = {{0}, 0, 0};
    amb_error err = {{0}};
    amb_buf_puts(&c.text, "");
    int rc = amb_store_query(st, dataset, f, nf, collect_obs, &c, &err);
    if (rc)
        fprintf(stderr, "query: %s\n", err.msg);
    CU_ASSERT_EQUAL(rc, 0);
    if (strcmp(c.text.data, want) != 0)
        fprintf(stderr, "\ngot:\n%swant:\n%s", c.text.data, want);
    CU_ASSERT_STRING_EQUAL(c.text.data, want);
    amb_buf_free(&c.text);
}

static void test_query(void)
{
    static const obs rows[] = {   /* out of order on purpose */
        {{"851", "2"}, "2024K2", 4, 1, NULL},
        {{"101", "1"}, "2024K2", 2, 1, NULL},
        {{"851", "1"}, "2024K1", 0, 0, ".."},
        {{"101", "1"}, "2024K1", 1, 1, NULL},
        {{"461", "2"}, "2024K1", 5, 1, "p"},
    };
    tstore t;
    amb_error err = {{0}};
    ts_open(&t, "store-query");
    ok_run(t.st, "dst", &folk, rows, 5);
    check_query(t.st, "FOLK1A", NULL, 0,
                "OMRÅDE=101|KØN=1|TID=2024K1|1|NULL\n"
                "OMRÅDE=101|KØN=1|TID=2024K2|2|NULL\n"
                "OMRÅDE=461|KØN=2|TID=2024K1|5|p\n"
                "OMRÅDE=851|KØN=1|TID=2024K1|NULL|..\n"
                "OMRÅDE=851|KØN=2|TID=2024K2|4|NULL\n");
    const char *areas[] = {"851", "101", "999"};
    const char *q1[] = {"2024K1"};
    amb_filter f[] = {{"OMRÅDE", 3, areas}, {"TID", 1, q1}};
    check_query(t.st, "FOLK1A", f, 1,
                "OMRÅDE=101|KØN=1|TID=2024K1|1|NULL\n"
                "OMRÅDE=101|KØN=1|TID=2024K2|2|NULL\n"
                "OMRÅDE=851|KØN=1|TID=2024K1|NULL|..\n"
                "OMRÅDE=851|KØN=2|TID=2024K2|4|NULL\n");
    check_query(t.st, "FOLK1A", f, 2,
                "OMRÅDE=101|KØN=1|TID=2024K1|1|NULL\n"
                "OMRÅDE=851|KØN=1|TID=2024K1|NULL|..\n");
    check_query(t.st, "FOLK1A", f + 1, 1,
                "OMRÅDE=101|KØN=1|TID=2024K1|1|NULL\n"
                "OMRÅDE=461|KØN=2|TID=2024K1|5|p\n"
                "OMRÅDE=851|KØN=1|TID=2024K1|NULL|..\n");
    const char *none[] = {"nope"};
    amb_filter nf = {"KØN", 1, none};
    check_query(t.st, "FOLK1A", &nf, 1, "");

    collected c = {{0}, 0, 2};
    CU_ASSERT_EQUAL(amb_store_query(t.st, "FOLK1A", NULL, 0, collect_obs, &c,
                                    &err), 7);
    CU_ASSERT_EQUAL(c.rows, 2);
    amb_buf_free(&c.text);

    amb_filter bad = {"ALDER", 1, q1};
    CU_ASSERT_EQUAL(amb_store_query(t.st, "FOLK1A", &bad, 1, collect_obs, &c,
                                    &err), AMB_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.msg, "dataset FOLK1A has no dimension ALDER "
                           "(it has: OMRÅDE, KØN, TID)");
    CU_ASSERT_EQUAL(amb_store_query(t.st, "NOPE", NULL, 0, collect_obs, &c,
                                    &err), AMB_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(err.msg, "no dataset named NOPE");
    amb_buf_free(&c.text);
    ts_done(&t);
}

/* ------------------------------------------------------------------ */
/* Listings and the cache. */

/* amb_run_cb: append "id source plugin status rows error\n". */
static int collect_run(void *ud, const amb_run_row *r)
{
    collected *c = ud;
    amb_buf_printf(&c->text, "%lld %s %s %s %lld %s %s\n", (long long)r->id,
                   r->source, r->plugin, r->status, (long long)r->rows,
                   r->ended_at ? "ended" : "open",
                   r->error ? r->error : "-");
    c->rows++;
    return c->stop_after && c->rows == c->stop_after ? 7 : 0;
}

/* amb_dataset_cb: append the row's fields. */
static int collect_ds(void *ud, const amb_dataset_row *r)
{
    collected *c = ud;
    amb_buf_printf(&c->text, "%s %s %s %s run%lld obs%lld %s..%s [",
                   r->code, r->title ? r->title : "-", r->unit ? r->unit : "-",
                   r->source, (long long)r->run_id, (long long)r->observations,
                   r->first_period ? r->first_period : "-",
                   r->last_period ? r->last_period : "-");
    for (size_t i = 0; i < r->ndims; i++)
        amb_buf_printf(&c->text, "%s%s", i ? "," : "", r->dims[i]);
    amb_buf_printf(&c->text, "] %s %s\n", r->time_id,
                   r->updated_at ? "updated" : "-");
    c->rows++;
    return 0;
}

/* Compare a listing's text with want and reset c. */
static void check_collected(collected *c, const char *want)
{
    const char *got = c->text.data ? c->text.data : "";
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\ngot:\n%swant:\n%s", got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
    amb_buf_free(&c->text);
    c->rows = 0;
}

static void test_listings(void)
{
    static const amb_dataset_desc empty = {.id = "BEF2", .ndims = 0,
                                           .time_id = "TID"};
    tstore t;
    amb_error err = {{0}};
    collected c = {{0}, 0, 0};
    int64_t src = 0, run = 0;
    ts_open(&t, "store-list");
    ok_run(t.st, "dst", &folk, folk_rows, 4);
    amb_store_source_id(t.st, "eurostat", "sdmx", &src, &err);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    put_dataset(t.st, run, src, &empty, NULL, 0);
    CU_ASSERT_EQUAL(amb_store_run_finish(t.st, run, "ok", 0, 0, &err), 0);
    amb_store_source_id(t.st, "dst", "statbank", &src, &err);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    CU_ASSERT_EQUAL(amb_store_run_abort(t.st, run, "HTTP 503", 0, &err), 0);

    CU_ASSERT_EQUAL(amb_store_list_runs(t.st, NULL, 0, collect_run, &c, &err),
                    0);
    check_collected(&c, "3 dst statbank failed 0 ended HTTP 503\n"
                    "2 eurostat sdmx ok 0 ended -\n"
                    "1 dst statbank ok 4 ended -\n");
    amb_store_list_runs(t.st, "dst", 0, collect_run, &c, &err);
    check_collected(&c, "3 dst statbank failed 0 ended HTTP 503\n"
                    "1 dst statbank ok 4 ended -\n");
    amb_store_list_runs(t.st, NULL, 1, collect_run, &c, &err);
    check_collected(&c, "3 dst statbank failed 0 ended HTTP 503\n");
    c.stop_after = 2;
    CU_ASSERT_EQUAL(amb_store_list_runs(t.st, NULL, 0, collect_run, &c, &err),
                    7);
    CU_ASSERT_EQUAL(c.rows, 2);
    amb_buf_free(&c.text);
    c = (collected){{0}, 0, 0};
    CU_ASSERT_EQUAL(amb_store_last_run(t.st, "eurostat", collect_run, &c,
                                       &err), 0);
    check_collected(&c, "2 eurostat sdmx ok 0 ended -\n");
    CU_ASSERT_EQUAL(amb_store_last_run(t.st, "nobody", collect_run, &c, &err),
                    AMB_ENOTFOUND);
    CU_ASSERT_EQUAL(c.rows, 0);

    CU_ASSERT_EQUAL(amb_store_list_datasets(t.st, collect_ds, &c, &err), 0);
    check_collected(&c, "BEF2 - - eurostat run2 obs0 -..- [] TID updated\n"
                    "FOLK1A Population persons dst run1 obs4 2024K1..2024K2 "
                    "[OMRÅDE,KØN] TID updated\n");
    CU_ASSERT_EQUAL(amb_store_get_dataset(t.st, "FOLK1A", collect_ds, &c,
                                          &err), 0);
    CU_ASSERT_EQUAL(c.rows, 1);
    amb_buf_free(&c.text);
    CU_ASSERT_EQUAL(amb_store_get_dataset(t.st, "NOPE", collect_ds, &c, &err),
                    AMB_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(err.msg, "no dataset named NOPE");
    ts_done(&t);
}

static void test_cache(void)
{
    tstore t;
    amb_error err = {{0}};
    amb_cache_entry e;
    const char *url = "https://api.statbank.dk/v1/data/FOLK1A/CSV?x=1";
    ts_open(&t, "store-cache");
    CU_ASSERT_EQUAL(amb_store_cache_get(t.st, url, &e, &err), AMB_ENOTFOUND);
    CU_ASSERT_PTR_NULL(e.etag);
    amb_cache_entry put = {"\"abc\"", "Wed, 21 Oct 2015 07:28:00 GMT",
                           "deadbeef", "/cache/1.body", 1234};
    CU_ASSERT_EQUAL(amb_store_cache_put(t.st, url, &put, &err), 0);
    ts_reopen(&t);
    CU_ASSERT_EQUAL_FATAL(amb_store_cache_get(t.st, url, &e, &err), 0);
    CU_ASSERT_STRING_EQUAL(e.etag, "\"abc\"");
    CU_ASSERT_STRING_EQUAL(e.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
    CU_ASSERT_STRING_EQUAL(e.content_hash, "deadbeef");
    CU_ASSERT_STRING_EQUAL(e.body_path, "/cache/1.body");
    CU_ASSERT_EQUAL(e.size, 1234);
    amb_cache_entry_clear(&e);
    amb_cache_entry repl = {NULL, NULL, "cafe", "/cache/2.body", 99};
    CU_ASSERT_EQUAL(amb_store_cache_put(t.st, url, &repl, &err), 0);
    CU_ASSERT_EQUAL(amb_store_cache_put(t.st, "file:///other", &repl, &err),
                    0);
    CU_ASSERT_EQUAL_FATAL(amb_store_cache_get(t.st, url, &e, &err), 0);
    CU_ASSERT_PTR_NULL(e.etag);
    CU_ASSERT_PTR_NULL(e.last_modified);
    CU_ASSERT_STRING_EQUAL(e.content_hash, "cafe");
    CU_ASSERT_STRING_EQUAL(e.body_path, "/cache/2.body");
    CU_ASSERT_EQUAL(e.size, 99);
    amb_cache_entry_clear(&e);
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM fetch_cache"), 2);
    ts_done(&t);
}

/* ------------------------------------------------------------------ */
/* Hostile text goes in and comes back verbatim. */

static void test_hostile(void)
{
    static const amb_dim dims[] = {
        {"OMRÅDE", "'; DROP TABLE observations; --"},
        {"a\"b;c", "Robert'); DELETE FROM datasets;--"},
    };
    static const amb_dataset_desc d = {
        .id = "X'); DROP TABLE datasets; --", .title = "%s%n%x \\ \"q\"",
        .ndims = 2, .dims = dims, .time_id = "TID' OR '1'='1",
    };
    static const obs rows[] = {
        {{"1' OR '1'='1", "x;y"}, "2024'K1", 1, 1, "';--"},
        {{"ÆØÅ æøå", "SELECT * FROM sources"}, "--", 2, 1, NULL},
        {{"", "\\\"\t\n"}, "2024K1", 3, 1, NULL},
    };
    tstore t;
    amb_error err = {{0}};
    int64_t src = 0, run = 0, ds = 0;
    ts_open(&t, "store-hostile");
    amb_store_source_id(t.st, "src'; --", "p\"x", &src, &err);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(t.st, src, &run, &err), 0);
    ds = put_dataset(t.st, run, src, &d, rows, 3);
    CU_ASSERT_EQUAL(amb_store_dim_label(t.st, ds, 1, "x;y", "da'--",
                                        "'); DROP TABLE runs; --", &err), 0);
    CU_ASSERT_EQUAL(amb_store_run_finish(t.st, run, "ok", 3, 0, &err), 0);
    ts_reopen(&t);

    const char *c1[] = {"x;y"};
    const char *p1[] = {"2024'K1"};
    amb_filter f[] = {{"a\"b;c", 1, c1}, {"TID' OR '1'='1", 1, p1}};
    check_query(t.st, d.id, f, 2, "OMRÅDE=1' OR '1'='1|a\"b;c=x;y|"
                "TID' OR '1'='1=2024'K1|1|';--\n");
    check_query(t.st, d.id, NULL, 0,
                "OMRÅDE=|a\"b;c=\\\"\t\n|TID' OR '1'='1=2024K1|3|NULL\n"
                "OMRÅDE=1' OR '1'='1|a\"b;c=x;y|TID' OR '1'='1=2024'K1|1|';--\n"
                "OMRÅDE=ÆØÅ æøå|a\"b;c=SELECT * FROM sources|"
                "TID' OR '1'='1=--|2|NULL\n");
    check_dump(t.st, "SELECT code, title, time_id FROM datasets",
               "X'); DROP TABLE datasets; --|%s%n%x \\ \"q\"|TID' OR '1'='1\n");
    check_dump(t.st, "SELECT pos, code, label FROM dimensions ORDER BY pos",
               "-1|TID' OR '1'='1|NULL\n0|OMRÅDE|'; DROP TABLE observations; "
               "--\n1|a\"b;c|Robert'); DELETE FROM datasets;--\n");
    check_dump(t.st, "SELECT code, lang, label FROM dimension_labels",
               "x;y|da'--|'); DROP TABLE runs; --\n");
    check_dump(t.st, "SELECT name, plugin FROM sources", "src'; --|p\"x\n");
    /* the hostile statements dropped none of the sixteen tables (nine,
     * schema 4's campaigns, respondents and answers, and schema 5's
     * survey_tokens, mails, survey_odk_instances and settings) */
    CU_ASSERT_EQUAL(sql_int(t.st, "SELECT COUNT(*) FROM sqlite_schema WHERE "
                          "type = 'table'"), 16);
    ts_done(&t);
}

int main(void)
{
    AMB_TEST_SUITE("schema",
                   {"migrate from empty", test_migrate_empty},
                   {"pragmas", test_pragmas},
                   {"migrate from version 1", test_migrate_from_v1},
                   {"newer version refused", test_newer_refused},
                   {"not a database", test_not_a_database},
                   {"reopen is idempotent", test_reopen_idempotent});
    AMB_TEST_SUITE("runs",
                   {"successful run", test_successful_run},
                   {"failed run keeps earlier data", test_failed_run},
                   {"killed run keeps earlier data", test_killed_run},
                   {"run state errors", test_run_state_errors},
                   {"two handles on one file", test_concurrent_handles});
    AMB_TEST_SUITE("data",
                   {"observation errors", test_observe_errors},
                   {"dataset errors", test_dataset_errors},
                   {"query", test_query},
                   {"listings", test_listings},
                   {"fetch cache", test_cache},
                   {"hostile text", test_hostile});
    return amb_test_run();
}
