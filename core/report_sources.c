/*
 * report_sources.c - what the report data says about where the data came
 * from: every source with its last run, last success, datasets and the
 * provenance of that success (URL or file, fetch time, content hash), the
 * SAMPLE flag, and when an indicator's datasets were collected.
 *
 * Read-only SELECTs on the store's connection, every one prepared with
 * bound parameters.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report_data_internal.h"

/* A JSON string, or null for NULL (new reference). */
static json_t *str_json(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* A text column as a JSON string or null (new reference). */
static json_t *col_json(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? json_string((const char *)t) : json_null();
}

/* Prepare sql with one integer parameter; NULL with err set on failure. */
static sqlite3_stmt *prepare_id(sqlite3 *db, const char *sql, int64_t id,
                                amb_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        amb_error_set(err, AMB_ESTORE, "cannot read the store: %s",
                      sqlite3_errmsg(db));
        sqlite3_finalize(s);
        return NULL;
    }
    sqlite3_bind_int64(s, 1, id);
    return s;
}

/* Fill o with the source's runs, datasets and provenance. */
static int source_details(sqlite3 *db, int64_t id, json_t *o, amb_error *err)
{
    sqlite3_stmt *s = prepare_id(db, "SELECT status, COALESCE(ended_at, "
        "started_at), error FROM runs WHERE source_id = ?1 ORDER BY id DESC "
        "LIMIT 1", id, err);
    if (!s)
        return AMB_ESTORE;
    int row = sqlite3_step(s) == SQLITE_ROW;
    json_object_set_new(o, "last_status", row ? col_json(s, 0) : json_null());
    json_object_set_new(o, "last_run_at", row ? col_json(s, 1) : json_null());
    json_object_set_new(o, "last_error", row ? col_json(s, 2) : json_null());
    sqlite3_finalize(s);

    s = prepare_id(db, "SELECT id, ended_at FROM runs WHERE source_id = ?1 "
                   "AND status IN ('ok', 'unchanged') ORDER BY id DESC "
                   "LIMIT 1", id, err);
    if (!s)
        return AMB_ESTORE;
    row = sqlite3_step(s) == SQLITE_ROW;
    int64_t run = row ? sqlite3_column_int64(s, 0) : 0;
    json_object_set_new(o, "last_success_at",
                        row ? col_json(s, 1) : json_null());
    sqlite3_finalize(s);

    json_t *arr = json_array();
    s = prepare_id(db, "SELECT code FROM datasets WHERE source_id = ?1 "
                   "ORDER BY code", id, err);
    if (!s) {
        json_decref(arr);
        return AMB_ESTORE;
    }
    while (sqlite3_step(s) == SQLITE_ROW)
        json_array_append_new(arr, col_json(s, 0));
    sqlite3_finalize(s);
    json_object_set_new(o, "datasets", arr);

    arr = json_array();
    s = prepare_id(db, "SELECT url, fetched_at, content_hash FROM provenance "
                   "WHERE run_id = ?1 ORDER BY id", run, err);
    if (!s) {
        json_decref(arr);
        return AMB_ESTORE;
    }
    while (run && sqlite3_step(s) == SQLITE_ROW)
        json_array_append_new(arr, json_pack("{s:o, s:o, s:o}",
            "url", col_json(s, 0), "fetched_at", col_json(s, 1),
            "content_hash", col_json(s, 2)));
    sqlite3_finalize(s);
    json_object_set_new(o, "provenance", arr);
    return 0;
}

/* The store's id of source name, or 0. */
static int64_t source_id(sqlite3 *db, const char *name)
{
    sqlite3_stmt *s = NULL;
    int64_t id = 0;
    if (sqlite3_prepare_v2(db, "SELECT id FROM sources WHERE name = ?1", -1,
                           &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW)
            id = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return id;
}

/* One source object; id 0 when it never ran. */
static json_t *source_json(sqlite3 *db, const char *name, const char *plugin,
                           const char *schedule, int declared, int64_t id,
                           amb_error *err)
{
    json_t *o = json_pack("{s:s, s:s}", "name", name, "plugin", plugin);
    json_object_set_new(o, "declared", json_boolean(declared));
    json_object_set_new(o, "schedule", str_json(schedule));
    if (source_details(db, id, o, err) < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *amb_report_data_sources(sqlite3 *db, const amb_config *cfg,
                                amb_error *err)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < cfg->nsources; i++) {
        const amb_source_cfg *src = &cfg->sources[i];
        json_t *o = source_json(db, src->name, src->plugin, src->schedule, 1,
                                source_id(db, src->name), err);
        if (!o) {
            json_decref(arr);
            return NULL;
        }
        json_array_append_new(arr, o);
    }
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT id, name, plugin FROM sources "
                           "ORDER BY name", -1, &s, NULL) != SQLITE_OK) {
        amb_error_set(err, AMB_ESTORE, "cannot read the store: %s",
                      sqlite3_errmsg(db));
        json_decref(arr);
        return NULL;
    }
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 1);
        if (!name || amb_config_source(cfg, name))
            continue;
        const char *plugin = (const char *)sqlite3_column_text(s, 2);
        json_t *o = source_json(db, name, plugin ? plugin : "", NULL, 0,
                                sqlite3_column_int64(s, 0), err);
        if (!o) {
            sqlite3_finalize(s);
            json_decref(arr);
            return NULL;
        }
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(s);
    return arr;
}

int amb_report_data_sample(sqlite3 *db)
{
    static const char sql[] =
        "SELECT 1 FROM datasets d JOIN sources s ON s.id = d.source_id "
        "WHERE instr(upper(COALESCE(d.title, '')), 'SAMPLE') > 0 "
        "OR instr(upper(s.name), 'SAMPLE') > 0 LIMIT 1";
    sqlite3_stmt *s = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK)
        found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return found;
}

char *amb_report_data_collected_at(sqlite3 *db, const amb_ind_rule *rule)
{
    static const char sql[] =
        "SELECT r.ended_at FROM datasets d JOIN runs r ON r.id = d.run_id "
        "WHERE d.code = ?1";
    sqlite3_stmt *s = NULL;
    char *latest = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return NULL;
    }
    for (size_t i = 0; i < rule->ndatasets; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, rule->datasets[i], -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_ROW)
            continue;
        const char *at = (const char *)sqlite3_column_text(s, 0);
        if (at && (!latest || strcmp(at, latest) > 0)) {
            free(latest);
            latest = amb_xstrdup(at);
        }
    }
    sqlite3_finalize(s);
    return latest;
}
