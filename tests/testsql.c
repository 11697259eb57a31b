/*
 * testsql.c - the store query the CUnit tests share (testutil.h).
 */
#include "config.h"

#include <stdint.h>

#include "store.h"
#include "testutil.h"

long long sql_int(amb_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    long long v = INT64_MIN;
    if (sqlite3_prepare_v2(amb_store_db(st), sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}
