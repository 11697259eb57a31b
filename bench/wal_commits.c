/*
 * wal_commits.c - the reference limit of bench/survey_web.sh: how many
 * single-row transactions per second this machine commits to an SQLite
 * file in WAL mode, with the pragmas ambit's store uses (journal_mode =
 * WAL, synchronous = NORMAL; core/store_schema.c).
 *
 *   wal_commits FILE [SECONDS]      (default 3 s; FILE must not exist)
 *
 * Each transaction is BEGIN IMMEDIATE, one INSERT of a row shaped like an
 * answer (respondent, question, value, updated_at), COMMIT - one prepared
 * statement each, as a server would keep them.  Prints
 * "COMMITS SECONDS COMMITS_PER_SECOND" on one line and checks afterwards,
 * on a new connection, that every row is there.
 *
 * Build: cc -O2 -std=c11 bench/wal_commits.c $(pkg-config --cflags --libs sqlite3)
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "wal_commits: %s: %s\n", what,
            db ? sqlite3_errmsg(db) : "out of memory");
    exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        die(db, sql);
}

/* Run one prepared statement to completion and reset it. */
static void step(sqlite3 *db, sqlite3_stmt *s, const char *what)
{
    if (sqlite3_step(s) != SQLITE_DONE)
        die(db, what);
    sqlite3_reset(s);
}

/* The number of rows in answers, read through a fresh connection. */
static long long count_rows(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(db, "reopen");
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM answers", -1, &s,
                           NULL) != SQLITE_OK || sqlite3_step(s) != SQLITE_ROW)
        die(db, "count");
    long long n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: wal_commits FILE [SECONDS]\n");
        return 2;
    }
    double seconds = argc == 3 ? atof(argv[2]) : 3.0;
    if (!(seconds > 0)) {
        fprintf(stderr, "wal_commits: SECONDS must be more than 0\n");
        return 2;
    }
    if (access(argv[1], F_OK) == 0) {
        fprintf(stderr, "wal_commits: %s exists; give a new file\n", argv[1]);
        return 2;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE |
                        SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        die(db, argv[1]);
    exec(db, "PRAGMA journal_mode = WAL");
    exec(db, "PRAGMA synchronous = NORMAL");
    exec(db, "CREATE TABLE answers(respondent_id INTEGER NOT NULL, "
             "question TEXT NOT NULL, value TEXT NOT NULL, "
             "updated_at TEXT NOT NULL)");

    sqlite3_stmt *begin = NULL, *ins = NULL, *commit = NULL;
    if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) ||
        sqlite3_prepare_v2(db, "INSERT INTO answers VALUES(?1, 'cvr', ?2, "
                           "strftime('%Y-%m-%dT%H:%M:%fZ','now'))", -1, &ins,
                           NULL) ||
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL))
        die(db, "prepare");

    long long n = 0;
    double t0 = now(), t = t0;
    char value[16];
    while (t - t0 < seconds) {
        /* Look at the clock every 64 commits: it costs next to nothing,
         * but not nothing. */
        for (int i = 0; i < 64; i++, n++) {
            step(db, begin, "begin");
            sqlite3_bind_int64(ins, 1, n % 64);
            snprintf(value, sizeof value, "%08lld", n % 100000000);
            sqlite3_bind_text(ins, 2, value, -1, SQLITE_TRANSIENT);
            step(db, ins, "insert");
            step(db, commit, "commit");
        }
        t = now();
    }
    double elapsed = t - t0;
    sqlite3_finalize(begin);
    sqlite3_finalize(ins);
    sqlite3_finalize(commit);
    if (sqlite3_close(db) != SQLITE_OK)
        die(db, "close");
    long long stored = count_rows(argv[1]);
    if (stored != n) {
        fprintf(stderr, "wal_commits: committed %lld rows, found %lld\n", n,
                stored);
        return 1;
    }
    printf("%lld %.3f %.0f\n", n, elapsed, (double)n / elapsed);
    return 0;
}
