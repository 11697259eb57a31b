/*
 * store_documents.c - the documents table (schema 3): storing a run's
 * documents and listing them for theme tagging.
 *
 * Documents are few and large, so their statements are prepared per call
 * rather than cached with the per-row statements of store.c.
 */
#include "config.h"

#include <string.h>

#include "store_internal.h"

#define ORG_MAX 32

/* Check that run_id is the store's open run; what names the action. */
static int open_run(amb_store *st, int64_t run_id, const char *what,
                    amb_error *err)
{
    if (!st->run_id || st->run_id != run_id)
        return amb_error_set(err, AMB_EUSAGE, "store %s: cannot %s: run %lld "
                             "is not the open run", st->path, what,
                             (long long)run_id);
    return 0;
}

/* An organisation id: 1..32 of [A-Za-z0-9_.-]. */
static int valid_org(const char *s)
{
    size_t n = s ? strlen(s) : 0;
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

/* Check a document from a plugin before it reaches SQL. */
static int check_doc(const amb_document_desc *d, amb_error *err)
{
    if (!d || d->struct_size < sizeof(amb_document_desc))
        return amb_error_set(err, AMB_EUSAGE, "store_document: the document "
                             "description is missing or too small (set "
                             "struct_size = sizeof(amb_document_desc))");
    if (!valid_org(d->organisation))
        return amb_error_set(err, AMB_EUSAGE, "store_document: organisation "
                             "must be 1 to %d characters from A-Z a-z 0-9 _ "
                             ". -", ORG_MAX);
    if (!d->url || !*d->url)
        return amb_error_set(err, AMB_EUSAGE, "store_document: url is "
                             "required");
    if (!d->text && d->text_len)
        return amb_error_set(err, AMB_EUSAGE, "store_document: text is "
                             "missing");
    if (d->text && memchr(d->text, '\0', d->text_len))
        return amb_error_set(err, AMB_EUSAGE, "store_document: %s: the text "
                             "holds a NUL byte", d->url);
    return 0;
}

int amb_store_documents_clear(amb_store *st, int64_t run_id,
                              int64_t source_id, amb_error *err)
{
    int rc = open_run(st, run_id, "replace documents", err);
    if (rc)
        return rc;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "DELETE FROM documents WHERE source_id = ?1",
                           -1, &s, NULL) != SQLITE_OK)
        return amb_store_fail(st, err, "cannot replace documents");
    sqlite3_bind_int64(s, 1, source_id);
    rc = amb_store_step_done(st, s, err, "cannot replace documents");
    sqlite3_finalize(s);
    return rc;
}

int amb_store_document_put(amb_store *st, int64_t run_id, int64_t source_id,
                           const amb_document_desc *doc, int64_t *id,
                           amb_error *err)
{
    int rc = open_run(st, run_id, "store a document", err);
    if (rc == 0)
        rc = check_doc(doc, err);
    if (rc)
        return rc;
    const char *text = doc->text ? doc->text : "";
    char hash[65];
    const char *h = doc->content_hash;
    if (!h || !*h) {
        amb_sha256_hex(text, doc->text_len, hash);
        h = hash;
    }
    static const char sql[] =
        "INSERT INTO documents(source_id, run_id, organisation, url, period, "
        "title, format, pages, content_hash, text) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
        "ON CONFLICT(organisation, url) DO UPDATE SET "
        "source_id = excluded.source_id, run_id = excluded.run_id, "
        "period = excluded.period, title = excluded.title, "
        "format = excluded.format, pages = excluded.pages, "
        "content_hash = excluded.content_hash, text = excluded.text "
        "RETURNING id";
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return amb_store_fail(st, err, "cannot store document %s",
                              doc->url);
    sqlite3_bind_int64(s, 1, source_id);
    sqlite3_bind_int64(s, 2, run_id);
    sqlite3_bind_text(s, 3, doc->organisation, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, doc->url, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, doc->period, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, doc->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, doc->format, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, (sqlite3_int64)doc->pages);
    sqlite3_bind_text(s, 9, h, -1, SQLITE_STATIC);
    sqlite3_bind_text64(s, 10, text, (sqlite3_uint64)doc->text_len,
                        SQLITE_STATIC, SQLITE_UTF8);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = amb_store_fail(st, err, "cannot store document %s", doc->url);
        sqlite3_finalize(s);
        return rc;
    }
    if (id)
        *id = sqlite3_column_int64(s, 0);
    rc = amb_store_step_done(st, s, err, "cannot store document %s",
                             doc->url);
    sqlite3_finalize(s);
    return rc;
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

int amb_store_list_documents(amb_store *st, amb_document_cb cb, void *ud,
                             amb_error *err)
{
    static const char sql[] =
        "SELECT d.id, s.name, d.run_id, r.ended_at, d.organisation, d.url, "
        "d.period, d.title, d.format, d.pages, d.content_hash, d.text "
        "FROM documents d JOIN sources s ON s.id = d.source_id "
        "LEFT JOIN runs r ON r.id = d.run_id "
        "ORDER BY d.organisation, d.url";
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return amb_store_fail(st, err, "cannot list documents");
    int rc = 0, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        amb_document_row r;
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(s, 0);
        r.source = col_text(s, 1);
        r.run_id = sqlite3_column_int64(s, 2);
        r.stored_at = col_text(s, 3);
        r.organisation = col_text(s, 4);
        r.url = col_text(s, 5);
        r.period = col_text(s, 6);
        r.title = col_text(s, 7);
        r.format = col_text(s, 8);
        r.pages = sqlite3_column_int64(s, 9);
        r.content_hash = col_text(s, 10);
        r.text = col_text(s, 11);
        r.text_len = (size_t)sqlite3_column_bytes(s, 11);
        if (!r.text)
            r.text = "";
        rc = cb(ud, &r);
        if (rc)
            break;
    }
    if (!rc && src != SQLITE_DONE)
        rc = amb_store_fail(st, err, "cannot list documents");
    sqlite3_finalize(s);
    return rc;
}
