/*
 * store_schema.c - opening a store: the schema's migrations, the SQL of
 * every cached statement (kept beside the schema it depends on), connection
 * set-up, and the recovery of runs a dead process left 'running'.
 *
 * The schema version is PRAGMA user_version.  migrations[v] takes a store
 * from version v-1 to v; each runs in its own BEGIN IMMEDIATE transaction
 * that also sets user_version, so a crash mid-migration leaves the previous
 * version intact.  A released schema is never edited: a change is a new
 * migration appended here and AMB_STORE_SCHEMA raised in store.h.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "store_internal.h"

/* Version 1: sources, runs, datasets and their observations. */
static const char migration_1[] =
    /* One row per source name a workspace config ever declared; the plugin
     * that collects it may change between runs. */
    "CREATE TABLE sources (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    name TEXT NOT NULL UNIQUE,\n"
    "    plugin TEXT NOT NULL,\n"
    "    created_at TEXT NOT NULL\n"
    ");\n"
    /* One row per collection or import attempt: written 'running' in its
     * own transaction before the data transaction opens, and given its
     * final status in the same commit as the data (or after the rollback,
     * for failures). */
    "CREATE TABLE runs (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    source_id INTEGER NOT NULL REFERENCES sources(id),\n"
    "    started_at TEXT NOT NULL,\n"
    "    ended_at TEXT,\n"
    "    status TEXT NOT NULL CHECK (status IN\n"
    "        ('running', 'ok', 'unchanged', 'failed', 'interrupted')),\n"
    "    rows INTEGER NOT NULL DEFAULT 0,\n"
    "    bytes INTEGER NOT NULL DEFAULT 0,\n"
    "    error TEXT\n"
    ");\n"
    /* A source's runs newest first (ambit runs SOURCE, the last run of a
     * source) without scanning every source's history. */
    "CREATE INDEX runs_by_source ON runs(source_id, id);\n"
    /* One row per dataset code, kept (same id) across the runs that
     * replace its contents; run_id is the run that stored what is there
     * now. */
    "CREATE TABLE datasets (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    code TEXT NOT NULL UNIQUE,\n"
    "    source_id INTEGER NOT NULL REFERENCES sources(id),\n"
    "    run_id INTEGER NOT NULL REFERENCES runs(id),\n"
    "    title TEXT,\n"
    "    unit TEXT,\n"
    "    updated TEXT,\n"
    "    origin TEXT,\n"
    "    time_id TEXT NOT NULL,\n"
    "    time_label TEXT\n"
    ");\n"
    /* A dataset's dimensions in the order of observations.d0..d7
     * (pos 0..7); pos -1 is the time dimension (observations.period). */
    "CREATE TABLE dimensions (\n"
    "    dataset_id INTEGER NOT NULL\n"
    "        REFERENCES datasets(id) ON DELETE CASCADE,\n"
    "    pos INTEGER NOT NULL CHECK (pos BETWEEN -1 AND 7),\n"
    "    code TEXT NOT NULL,\n"
    "    label TEXT,\n"
    "    PRIMARY KEY (dataset_id, pos)\n"
    ") WITHOUT ROWID;\n"
    /* Human labels of dimension codes, per language ('' when the producer
     * gave none). */
    "CREATE TABLE dimension_labels (\n"
    "    dataset_id INTEGER NOT NULL,\n"
    "    pos INTEGER NOT NULL,\n"
    "    code TEXT NOT NULL,\n"
    "    lang TEXT NOT NULL DEFAULT '',\n"
    "    label TEXT NOT NULL,\n"
    "    PRIMARY KEY (dataset_id, pos, code, lang),\n"
    "    FOREIGN KEY (dataset_id, pos)\n"
    "        REFERENCES dimensions(dataset_id, pos) ON DELETE CASCADE\n"
    ") WITHOUT ROWID;\n"
    /* The observations.  Dimension codes sit in fixed columns d0..d7
     * (AMB_MAX_DIMS) rather than in a key-value side table, so that
     * indicator SQL filters and groups by a dimension directly
     * (WHERE d1 = '851' GROUP BY d0) and a row is one b-tree entry; unused
     * columns hold ''.  The primary key is the only index and the table
     * has no rowid: one b-tree to write per row, the fastest bulk insert,
     * and the key's order is the order queries return. */
    "CREATE TABLE observations (\n"
    "    dataset_id INTEGER NOT NULL\n"
    "        REFERENCES datasets(id) ON DELETE CASCADE,\n"
    "    d0 TEXT NOT NULL DEFAULT '',\n"
    "    d1 TEXT NOT NULL DEFAULT '',\n"
    "    d2 TEXT NOT NULL DEFAULT '',\n"
    "    d3 TEXT NOT NULL DEFAULT '',\n"
    "    d4 TEXT NOT NULL DEFAULT '',\n"
    "    d5 TEXT NOT NULL DEFAULT '',\n"
    "    d6 TEXT NOT NULL DEFAULT '',\n"
    "    d7 TEXT NOT NULL DEFAULT '',\n"
    "    period TEXT NOT NULL,\n"
    "    value REAL,\n"
    "    flag TEXT,\n"
    "    PRIMARY KEY (dataset_id, d0, d1, d2, d3, d4, d5, d6, d7, period)\n"
    ") WITHOUT ROWID;\n";

/* Version 2: runs remember their process (so a crashed run can be told from
 * a live one), fetches keep their provenance, and the fetcher gets its
 * conditional-request cache. */
static const char migration_2[] =
    /* The process that runs (ran) it; NULL for runs written by version 1. */
    "ALTER TABLE runs ADD COLUMN pid INTEGER;\n"
    /* One row per request or file read in a run: where the data came from,
     * when, and what came back.  http_status is NULL for local files. */
    "CREATE TABLE provenance (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "    url TEXT NOT NULL,\n"
    "    fetched_at TEXT NOT NULL,\n"
    "    http_status INTEGER,\n"
    "    bytes INTEGER,\n"
    "    content_hash TEXT,\n"
    "    etag TEXT,\n"
    "    last_modified TEXT,\n"
    "    from_cache INTEGER NOT NULL DEFAULT 0,\n"
    "    attempts INTEGER,\n"
    "    elapsed_ms INTEGER,\n"
    "    error TEXT\n"
    ");\n"
    /* A run's provenance (listing it, and the cascade when a run goes). */
    "CREATE INDEX provenance_by_run ON provenance(run_id);\n"
    /* The fetcher's validators and kept body per URL, for conditional
     * requests (If-None-Match / If-Modified-Since) and unchanged detection. */
    "CREATE TABLE fetch_cache (\n"
    "    url TEXT PRIMARY KEY,\n"
    "    etag TEXT,\n"
    "    last_modified TEXT,\n"
    "    content_hash TEXT,\n"
    "    body_path TEXT,\n"
    "    size INTEGER,\n"
    "    stored_at TEXT NOT NULL\n"
    ");\n";

/* Version 3: strategy documents (the documents plugin).  The cleaned text
 * is stored rather than theme hits, so that changing the theme lexicon
 * needs no re-collection: ambit themes tags the text when asked. */
static const char migration_3[] =
    /* One row per document of an organisation: a later run that stores the
     * same (organisation, url) replaces the row, and a run of a source
     * first deletes what that source stored before.  The unique key's
     * index also gives the listing order (organisation, url). */
    "CREATE TABLE documents (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    source_id INTEGER NOT NULL REFERENCES sources(id),\n"
    "    run_id INTEGER NOT NULL REFERENCES runs(id),\n"
    "    organisation TEXT NOT NULL,\n"
    "    url TEXT NOT NULL,\n"
    "    period TEXT,\n"
    "    title TEXT,\n"
    "    format TEXT,\n"
    "    pages INTEGER NOT NULL DEFAULT 0,\n"
    "    content_hash TEXT NOT NULL,\n"
    "    text TEXT NOT NULL,\n"
    "    UNIQUE (organisation, url)\n"
    ");\n"
    /* A source's documents (the delete at the start of its runs). */
    "CREATE INDEX documents_by_source ON documents(source_id);\n";

/* Version 4: survey campaigns (core/survey.h, doc/survey.md).  A
 * respondent's token is never stored, only its hex SHA-256; answers are
 * one row per question and value (a multi answer is several rows).  The
 * survey_answers view that q.survey reads is created with the first
 * campaign (core/survey_store.c): the indicator engine takes its absence
 * to mean "no employer survey in this store". */
static const char migration_4[] =
    "CREATE TABLE campaigns (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    name TEXT NOT NULL UNIQUE,\n"
    "    form_id TEXT NOT NULL,\n"
    "    form_path TEXT NOT NULL,\n"
    "    title TEXT,\n"
    "    closes TEXT,\n"
    "    status TEXT NOT NULL DEFAULT 'open'\n"
    "        CHECK (status IN ('open', 'closed')),\n"
    "    created_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE respondents (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),\n"
    "    company TEXT NOT NULL,\n"
    "    cvr TEXT NOT NULL,\n"
    "    email TEXT NOT NULL COLLATE NOCASE,\n"
    "    municipality TEXT NOT NULL,\n"
    "    industry TEXT NOT NULL,\n"
    "    contact TEXT,\n"
    "    token_hash TEXT NOT NULL UNIQUE,\n"
    "    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', "
    "'invited', 'mail_failed', 'opened', 'partial', 'complete', "
    "'opted_out')),\n"
    "    updated_at TEXT,\n"
    "    UNIQUE (campaign_id, email),\n"
    "    UNIQUE (campaign_id, cvr)\n"
    ");\n"
    "CREATE TABLE answers (\n"
    "    respondent_id INTEGER NOT NULL REFERENCES respondents(id),\n"
    "    question TEXT NOT NULL,\n"
    "    value TEXT NOT NULL,\n"
    "    updated_at TEXT NOT NULL,\n"
    "    PRIMARY KEY (respondent_id, question, value)\n"
    ");\n";

/* Version 5: the respondent's side (core/survey_session.h).  Every mail
 * issues a token of its own, so tokens move to survey_tokens (one row per
 * issued token, the list's tokens copied over) and an invitation's link
 * still works after a reminder carried a newer one.  mails logs every send
 * ('sending' is committed before the message goes out, so a crash never
 * leads to a second mail); respondents gain their language, the page to
 * resume at and the receipt of their submission; survey_odk_instances
 * remembers the ODK submissions imported (core/survey_odk_store.c), and
 * settings keeps the web form's secrets. */
static const char migration_5[] =
    "ALTER TABLE respondents ADD COLUMN lang TEXT NOT NULL DEFAULT 'da'\n"
    "    CHECK (lang IN ('da', 'en'));\n"
    "ALTER TABLE respondents ADD COLUMN page INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE respondents ADD COLUMN receipt TEXT;\n"
    "ALTER TABLE respondents ADD COLUMN submitted_at TEXT;\n"
    "UPDATE respondents SET submitted_at = updated_at\n"
    "    WHERE status = 'complete';\n"
    "CREATE TABLE survey_tokens (\n"
    "    token_hash TEXT PRIMARY KEY,\n"
    "    respondent_id INTEGER NOT NULL REFERENCES respondents(id),\n"
    "    issued_at TEXT NOT NULL,\n"
    "    purpose TEXT NOT NULL CHECK (purpose IN ('list', 'invite', "
    "'remind'))\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX survey_tokens_respondent ON survey_tokens(respondent_id);\n"
    "INSERT INTO survey_tokens(token_hash, respondent_id, issued_at, purpose)\n"
    "    SELECT token_hash, id, COALESCE(updated_at, ''), 'list'\n"
    "    FROM respondents;\n"
    "CREATE TABLE mails (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    respondent_id INTEGER NOT NULL REFERENCES respondents(id),\n"
    "    kind TEXT NOT NULL CHECK (kind IN ('invite', 'remind')),\n"
    "    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),\n"
    "    created_at TEXT NOT NULL,\n"
    "    done_at TEXT,\n"
    "    reply TEXT\n"
    ");\n"
    "CREATE INDEX mails_respondent ON mails(respondent_id, kind, state);\n"
    "CREATE TABLE survey_odk_instances (\n"
    "    instance_id TEXT PRIMARY KEY,\n"
    "    respondent_id INTEGER NOT NULL REFERENCES respondents(id),\n"
    "    file TEXT,\n"
    "    imported_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE settings (\n"
    "    key TEXT PRIMARY KEY,\n"
    "    value BLOB NOT NULL\n"
    ");\n";

/* migrations[v] brings version v-1 to v; index 0 is unused. */
static const char *const migrations[] = {NULL, migration_1, migration_2,
                                         migration_3, migration_4,
                                         migration_5};

_Static_assert(sizeof migrations / sizeof migrations[0] == AMB_STORE_SCHEMA + 1,
               "one migration per schema version up to AMB_STORE_SCHEMA");

/* The SQL of the cached statements (amb_store_stmt_id).  Every value comes
 * in through a bound parameter; ON CONFLICT ... DO UPDATE and RETURNING are
 * spelled as PostgreSQL spells them too. */
static const char *const stmt_sql[AMB_STMT_COUNT] = {
    [AMB_STMT_SOURCE_FIND] =
        "SELECT id, plugin FROM sources WHERE name = ?1",
    [AMB_STMT_SOURCE_UPSERT] =
        "INSERT INTO sources(name, plugin, created_at) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(name) DO UPDATE SET plugin = excluded.plugin "
        "RETURNING id",
    [AMB_STMT_RUN_INSERT] =
        "INSERT INTO runs(source_id, started_at, status, pid) "
        "VALUES(?1, ?2, 'running', ?3)",
    [AMB_STMT_RUN_FINISH] =
        "UPDATE runs SET status = ?2, ended_at = ?3, rows = ?4, bytes = ?5, "
        "error = NULL WHERE id = ?1 AND status = 'running'",
    [AMB_STMT_RUN_END] =
        "UPDATE runs SET status = ?2, ended_at = ?3, error = ?4, "
        "bytes = COALESCE(?5, bytes), rows = 0 "
        "WHERE id = ?1 AND status = 'running'",
    [AMB_STMT_RUNS_RUNNING] =
        "SELECT id, pid FROM runs WHERE status = 'running'",
    [AMB_STMT_DS_UPSERT] =
        "INSERT INTO datasets(code, source_id, run_id, title, unit, updated, "
        "origin, time_id, time_label) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT(code) DO UPDATE SET source_id = excluded.source_id, "
        "run_id = excluded.run_id, title = excluded.title, "
        "unit = excluded.unit, updated = excluded.updated, "
        "origin = excluded.origin, time_id = excluded.time_id, "
        "time_label = excluded.time_label "
        "RETURNING id",
    [AMB_STMT_DS_META] =
        "SELECT code, time_id, run_id FROM datasets WHERE id = ?1",
    [AMB_STMT_DS_BY_CODE] =
        "SELECT id FROM datasets WHERE code = ?1",
    [AMB_STMT_DS_STATS] =
        "SELECT COUNT(*), MIN(period), MAX(period) FROM observations "
        "WHERE dataset_id = ?1",
    [AMB_STMT_DIMS_OF] =
        "SELECT pos, code FROM dimensions WHERE dataset_id = ?1 AND pos >= 0 "
        "ORDER BY pos",
    [AMB_STMT_OBS_DELETE] =
        "DELETE FROM observations WHERE dataset_id = ?1",
    [AMB_STMT_LABELS_DELETE] =
        "DELETE FROM dimension_labels WHERE dataset_id = ?1",
    [AMB_STMT_DIMS_DELETE] =
        "DELETE FROM dimensions WHERE dataset_id = ?1",
    [AMB_STMT_DIM_INSERT] =
        "INSERT INTO dimensions(dataset_id, pos, code, label) "
        "VALUES(?1, ?2, ?3, ?4)",
    [AMB_STMT_LABEL_PUT] =
        "INSERT INTO dimension_labels(dataset_id, pos, code, lang, label) "
        "VALUES(?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT(dataset_id, pos, code, lang) "
        "DO UPDATE SET label = excluded.label",
    [AMB_STMT_OBSERVE] =
        "INSERT INTO observations(dataset_id, d0, d1, d2, d3, d4, d5, d6, d7, "
        "period, value, flag) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [AMB_STMT_PROV_INSERT] =
        "INSERT INTO provenance(run_id, url, fetched_at, http_status, bytes, "
        "content_hash, etag, last_modified, from_cache, attempts, elapsed_ms, "
        "error) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [AMB_STMT_CACHE_GET] =
        "SELECT etag, last_modified, content_hash, body_path, size "
        "FROM fetch_cache WHERE url = ?1",
    [AMB_STMT_CACHE_PUT] =
        "INSERT INTO fetch_cache(url, etag, last_modified, content_hash, "
        "body_path, size, stored_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, "
        "content_hash = excluded.content_hash, "
        "body_path = excluded.body_path, size = excluded.size, "
        "stored_at = excluded.stored_at",
};

int amb_store_stmt(amb_store *st, amb_store_stmt_id id, sqlite3_stmt **out,
                   amb_error *err)
{
    if (!st->stmts[id] &&
        sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                           &st->stmts[id], NULL) != SQLITE_OK)
        return amb_store_fail(st, err, "cannot prepare statement");
    *out = st->stmts[id];
    return 0;
}

/* Run a PRAGMA (fixed text) and return its single-row text result in out,
 * or "" when it returns no row. */
static int pragma_text(amb_store *st, const char *sql, char *out,
                       size_t outlen, amb_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return amb_store_fail(st, err, "cannot run %s", sql);
    int rc = sqlite3_step(s);
    out[0] = '\0';
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        snprintf(out, outlen, "%s", t ? (const char *)t : "");
        rc = sqlite3_step(s);
    }
    if (rc != SQLITE_DONE) {
        int r = amb_store_fail(st, err, "cannot run %s", sql);
        sqlite3_finalize(s);
        return r;
    }
    sqlite3_finalize(s);
    return 0;
}

/* PRAGMA user_version into *version. */
static int read_version(amb_store *st, int *version, amb_error *err)
{
    char buf[32];
    int rc = pragma_text(st, "PRAGMA user_version", buf, sizeof buf, err);
    if (rc)
        return rc;
    *version = (int)strtol(buf, NULL, 10);
    return 0;
}

/* Set the pragmas (WAL, synchronous, foreign keys, busy timeout) and check
 * that they took. */
static int configure(amb_store *st, amb_error *err)
{
    char buf[32];
    int rc;

    if (sqlite3_busy_timeout(st->db, AMB_STORE_BUSY_MS) != SQLITE_OK)
        return amb_store_fail(st, err, "cannot set the busy timeout");
    /* Reading the journal mode is the first real access to the file: a
     * file that is not a database fails here. */
    rc = pragma_text(st, "PRAGMA journal_mode = WAL", buf, sizeof buf, err);
    if (rc)
        return rc;
    if (strcmp(buf, "wal") != 0 && strcmp(buf, "memory") != 0)
        return amb_error_set(err, AMB_ESTORE,
                             "store %s: cannot switch to WAL journaling "
                             "(journal mode is '%s')", st->path, buf);
    rc = amb_store_exec(st, "PRAGMA synchronous = NORMAL",
                        "cannot set synchronous mode", err);
    if (rc)
        return rc;
    /* 32 MiB of page cache (the default is 2 MiB): a large import whose
     * rows do not arrive in key order touches b-tree pages all over the
     * observations table, and re-reading them dominated the run. */
    rc = amb_store_exec(st, "PRAGMA cache_size = -32768",
                        "cannot set the cache size", err);
    if (rc)
        return rc;
    rc = amb_store_exec(st, "PRAGMA foreign_keys = ON",
                        "cannot enable foreign keys", err);
    if (rc)
        return rc;
    /* An SQLite built without foreign keys accepts the pragma silently. */
    rc = pragma_text(st, "PRAGMA foreign_keys", buf, sizeof buf, err);
    if (rc)
        return rc;
    if (strcmp(buf, "1") != 0)
        return amb_error_set(err, AMB_ESTORE,
                             "store %s: this SQLite does not enforce foreign "
                             "keys", st->path);
    return 0;
}

/* Apply the migration after the version found inside a write transaction
 * (another process may have migrated since we looked) and commit it.
 * *version gets the version the file is at afterwards. */
static int migrate_one(amb_store *st, int target, int *version,
                       amb_error *err)
{
    int rc = amb_store_exec(st, "BEGIN IMMEDIATE",
                            "cannot start a migration", err);
    if (rc)
        return rc;
    int v = 0;
    rc = read_version(st, &v, err);
    if (rc == 0 && v > AMB_STORE_SCHEMA)
        rc = amb_error_set(err, AMB_ESTORE,
                           "%s: schema version %d is newer than this ambit "
                           "understands (%d)", st->path, v, AMB_STORE_SCHEMA);
    if (rc == 0 && v < target) {
        char what[64];
        snprintf(what, sizeof what, "cannot migrate to schema version %d",
                 v + 1);
        rc = amb_store_exec(st, migrations[v + 1], what, err);
        if (rc == 0) {
            /* The version number is ours, not user text. */
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
            rc = amb_store_exec(st, sql, what, err);
        }
        if (rc == 0)
            v++;
    }
    if (rc == 0)
        rc = amb_store_exec(st, "COMMIT", "cannot commit a migration", err);
    if (rc) {
        if (!sqlite3_get_autocommit(st->db))
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    *version = v;
    return 0;
}

/* Bring the file to schema version target, one transaction per migration;
 * refuses a file newer than AMB_STORE_SCHEMA.  Sets st->version. */
static int migrate(amb_store *st, int target, amb_error *err)
{
    int v = 0;
    int rc = read_version(st, &v, err);
    if (rc)
        return rc;
    if (v > AMB_STORE_SCHEMA)
        return amb_error_set(err, AMB_ESTORE,
                             "%s: schema version %d is newer than this ambit "
                             "understands (%d)", st->path, v,
                             AMB_STORE_SCHEMA);
    if (v > target)
        return amb_error_set(err, AMB_EUSAGE,
                             "%s: schema version %d is newer than the "
                             "requested version %d", st->path, v, target);
    /* Only a store that needs migrating takes the write lock: opening a
     * current store must not wait for another process's run. */
    while (v < target) {
        rc = migrate_one(st, target, &v, err);
        if (rc)
            return rc;
    }
    st->version = v;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Opening and closing. */

/* Is pid (as stored in runs.pid) a process that still exists?  Values that
 * cannot be a process id count as gone: kill() must never see 0 or -1. */
static int pid_alive(sqlite3_int64 pid)
{
    if (pid <= 0 || pid > INT_MAX)
        return 0;
    return kill((pid_t)pid, 0) == 0 || errno != ESRCH;
}

/* Runs left 'running' by a process that is gone become 'interrupted'.  The
 * scan only reads; the write lock is taken only when there is something to
 * mark, and without waiting: when another process is mid-run the rows stay
 * for a later open. */
static int sweep_interrupted(amb_store *st, amb_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = amb_store_stmt(st, AMB_STMT_RUNS_RUNNING, &s, err);
    if (rc)
        return rc;
    size_t n = 0, cap = 0;
    struct dead { int64_t id; int64_t pid; } *dead = NULL;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int has_pid = sqlite3_column_type(s, 1) != SQLITE_NULL;
        int64_t pid = sqlite3_column_int64(s, 1);
        if (has_pid && pid_alive(pid))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            dead = amb_xrealloc(dead, cap * sizeof *dead);
        }
        dead[n].id = sqlite3_column_int64(s, 0);
        dead[n].pid = has_pid ? pid : 0;
        n++;
    }
    if (src != SQLITE_DONE)
        rc = amb_store_fail(st, err, "cannot look for interrupted runs");
    sqlite3_reset(s);
    sqlite3_busy_timeout(st->db, 0);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char msg[128];
        if (dead[i].pid)
            snprintf(msg, sizeof msg, "interrupted: process %lld ended "
                     "before the run finished", (long long)dead[i].pid);
        else
            snprintf(msg, sizeof msg, "interrupted: the process ended "
                     "before the run finished");
        rc = amb_store_end_run(st, dead[i].id, "interrupted", msg, -1, err);
        if (rc && (sqlite3_errcode(st->db) & 0xff) == SQLITE_BUSY) {
            rc = 0;
            break;
        }
    }
    sqlite3_busy_timeout(st->db, AMB_STORE_BUSY_MS);
    free(dead);
    return rc;
}

int amb_store_open_at_version(const char *path, int version, amb_store **out,
                              amb_error *err)
{
    *out = NULL;
    if (!path || !*path)
        return amb_error_set(err, AMB_EUSAGE, "store: no path given");
    if (version < 1 || version > AMB_STORE_SCHEMA)
        return amb_error_set(err, AMB_EUSAGE, "store %s: no schema version %d",
                             path, version);
    amb_store *st = amb_xcalloc(1, sizeof *st);
    st->path = amb_xstrdup(path);
    int rc;
    if (sqlite3_open_v2(path, &st->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        rc = st->db ? amb_store_fail(st, err, "cannot open")
                    : amb_error_set(err, AMB_ENOMEM,
                                    "store %s: cannot open: out of memory",
                                    path);
        amb_store_close(st);
        return rc;
    }
    sqlite3_extended_result_codes(st->db, 1);
    rc = configure(st, err);
    if (rc == 0)
        rc = migrate(st, version, err);
    if (rc == 0 && st->version == AMB_STORE_SCHEMA)
        rc = sweep_interrupted(st, err);
    if (rc) {
        amb_store_close(st);
        return rc;
    }
    *out = st;
    return 0;
}

int amb_store_open(const char *path, amb_store **out, amb_error *err)
{
    return amb_store_open_at_version(path, AMB_STORE_SCHEMA, out, err);
}

void amb_store_close(amb_store *st)
{
    if (!st)
        return;
    if (st->run_id) {
        /* A run nobody finished: its data goes, and the row says so. */
        if (!sqlite3_get_autocommit(st->db))
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        amb_store_end_run(st, st->run_id, "interrupted",
                          "interrupted: the store was closed before the run "
                          "finished", -1, NULL);
    }
    amb_store_ds_clear(&st->cur);
    for (size_t i = 0; i < AMB_STMT_COUNT; i++)
        sqlite3_finalize(st->stmts[i]);
    sqlite3_close_v2(st->db);
    free(st->path);
    free(st);
}

int amb_store_schema_version(amb_store *st)
{
    return st->version;
}

sqlite3 *amb_store_db(amb_store *st)
{
    return st->db;
}
