/*
 * survey_sql.h - the small SQLite helpers the survey modules share
 * (survey_store.c, survey_session.c, survey_mailq.c, survey_odk_store.c).
 */
#ifndef AMB_SURVEY_SQL_H
#define AMB_SURVEY_SQL_H

#include <sqlite3.h>

#include "util.h"

/* err = "survey: what: SQLite's message"; returns AMB_ESTORE. */
static inline int amb_survey_sql_fail(sqlite3 *db, amb_error *err,
                                      const char *what)
{
    return amb_error_set(err, AMB_ESTORE, "survey: %s: %s", what,
                         sqlite3_errmsg(db));
}

/* Bind v as text (copied), or NULL. */
static inline void amb_survey_sql_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

/* Column i as a malloc'd string (caller frees), or NULL for NULL. */
static inline char *amb_survey_sql_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? amb_xstrdup((const char *)t) : NULL;
}

#endif
