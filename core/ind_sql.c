/*
 * ind_sql.c - the SQL behind the query API: dataset lookups on the
 * read-only connection and the aggregate queries q.sum, q.count, q.series,
 * q.ratio/q.share, q.growth and q.survey compile to.
 *
 * Every aggregation runs in SQLite; Lua only receives the finished rows
 * (one per group and period).  Column names come from a fixed table
 * (d0..d7, period) and every code, question or value a rule passes is a
 * bound parameter, so no rule text ever becomes SQL.  A query has up to
 * three levels:
 *
 *   inner   GROUP BY the group columns and the period (or, for year_sum,
 *           the year): SUM/COUNT over the filtered observations.  Two
 *           measures of one dataset share one scan through
 *           SUM(CASE WHEN ... THEN value END);
 *   yearly  periods to years: the last sub-period of each year (year,
 *           ROW_NUMBER() OVER ...), or their mean (year_mean);
 *   outer   the ratio (a join when the measures come from two datasets) or
 *           the growth (LAG() OVER ...), ordered by group and year.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ind_internal.h"

static const char *const dim_columns[8] = {"d0", "d1", "d2", "d3",
                                           "d4", "d5", "d6", "d7"};

const char *ind_sql_column(int pos)
{
    return pos < 0 ? "period" : dim_columns[pos];
}

/* Remember a text parameter for the next '?'. */
static void bind_text(ind_query *q, const char *s)
{
    if (q->nbinds == q->capbinds) {
        q->capbinds = q->capbinds ? 2 * q->capbinds : 32;
        q->binds = amb_xrealloc(q->binds, q->capbinds * sizeof *q->binds);
    }
    q->binds[q->nbinds++] = s;
}

/* ------------------------------------------------------------ datasets */

/* Read the dimension ids of ds from the store; 0 or -1 with q->msg. */
static int load_dims(ind_query *q, ind_dataset *ds)
{
    static const char sql[] = "SELECT pos, code FROM dimensions "
                              "WHERE dataset_id = ?1 AND pos >= 0 ORDER BY pos";
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(q->db, sql, -1, &s, NULL) != SQLITE_OK) {
        snprintf(q->msg, sizeof q->msg, "cannot read the store: %s",
                 sqlite3_errmsg(q->db));
        return -1;
    }
    sqlite3_bind_int64(s, 1, ds->id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && ds->ndims < 8) {
        const unsigned char *code = sqlite3_column_text(s, 1);
        ds->dims[ds->ndims++] = amb_xstrdup(code ? (const char *)code : "");
    }
    int ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
    if (!ok)
        snprintf(q->msg, sizeof q->msg, "cannot read the store: %s",
                 sqlite3_errmsg(q->db));
    sqlite3_finalize(s);
    return ok ? 0 : -1;
}

const ind_dataset *ind_sql_dataset(ind_query *q, const char *code)
{
    static const char sql[] = "SELECT id, time_id FROM datasets "
                              "WHERE code = ?1";
    for (size_t i = 0; i < q->ncache; i++)
        if (strcmp(q->cache[i]->code, code) == 0)
            return q->cache[i];
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(q->db, sql, -1, &s, NULL) != SQLITE_OK) {
        snprintf(q->msg, sizeof q->msg, "cannot read the store: %s",
                 sqlite3_errmsg(q->db));
        return NULL;
    }
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE)
            snprintf(q->msg, sizeof q->msg, "dataset '%s' is not in the "
                     "store (collect it first)", code);
        else
            snprintf(q->msg, sizeof q->msg, "cannot read the store: %s",
                     sqlite3_errmsg(q->db));
        sqlite3_finalize(s);
        return NULL;
    }
    q->cache = amb_xrealloc(q->cache, (q->ncache + 1) * sizeof *q->cache);
    ind_dataset *ds = amb_xcalloc(1, sizeof *ds);
    q->cache[q->ncache] = ds;
    ds->code = amb_xstrdup(code);
    ds->id = sqlite3_column_int64(s, 0);
    const unsigned char *t = sqlite3_column_text(s, 1);
    ds->time_id = amb_xstrdup(t ? (const char *)t : "");
    sqlite3_finalize(s);
    q->ncache++;
    if (load_dims(q, ds) < 0)
        return NULL;
    return ds;
}

/* Lower-case ASCII letters and the UTF-8 capital Å into buf. */
static void fold(const char *s, char *buf, size_t len)
{
    size_t o = 0;
    for (; *s && o + 2 < len; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == 0xC3 && (unsigned char)s[1] == 0x85) {   /* Å -> å */
            buf[o++] = (char)0xC3;
            buf[o++] = (char)0xA5;
            s++;
        } else {
            buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    buf[o] = '\0';
}

int ind_sql_area_pos(const ind_dataset *ds)
{
    static const char *const names[] = {"område", "omraade", "omrade", "area",
                                        "kommune", "municipality", NULL};
    for (size_t i = 0; i < ds->ndims; i++) {
        char f[64];
        fold(ds->dims[i], f, sizeof f);
        for (size_t k = 0; names[k]; k++)
            if (strcmp(f, names[k]) == 0)
                return (int)i;
    }
    return -1;
}

/* ---------------------------------------------------------------- SQL */

/* "prefix.g0, prefix.g1" with sep after each (also after the last when
 * trailing). */
static void emit_groups(amb_buf *b, const char *prefix, size_t n,
                        int trailing)
{
    for (size_t i = 0; i < n; i++)
        amb_buf_printf(b, "%s%sg%zu%s", prefix ? prefix : "",
                       prefix ? "." : "", i, i + 1 < n || trailing ? ", " : "");
}

/* One filter: "col = ?" or "col IN (?, ...)". */
static void emit_filter(ind_query *q, const ind_filter *f)
{
    amb_buf *b = &q->sql;
    amb_buf_printf(b, "%s ", ind_sql_column(f->pos));
    if (f->n == 1) {
        amb_buf_puts(b, "= ?");
    } else {
        amb_buf_puts(b, "IN (");
        for (size_t k = 0; k < f->n; k++)
            amb_buf_puts(b, k ? ", ?" : "?");
        amb_buf_putc(b, ')');
    }
    for (size_t k = 0; k < f->n; k++)
        bind_text(q, q->codes[f->first + k]);
}

/* Filters joined by AND, in parentheses; "1" when there are none. */
static void emit_all(ind_query *q, const ind_filter *const *fs, size_t n)
{
    amb_buf *b = &q->sql;
    if (n == 0) {
        amb_buf_puts(b, "1");
        return;
    }
    amb_buf_putc(b, '(');
    for (size_t i = 0; i < n; i++) {
        if (i)
            amb_buf_puts(b, " AND ");
        emit_filter(q, fs[i]);
    }
    amb_buf_putc(b, ')');
}

/* The filters of m, all of them. */
static void emit_conds(ind_query *q, const ind_measure *m)
{
    const ind_filter *fs[9];
    for (size_t i = 0; i < m->nfilters; i++)
        fs[i] = &m->filters[i];
    emit_all(q, fs, m->nfilters);
}

/* 1 when two filters keep the same rows (same column, same codes). */
static int same_filter(const ind_query *q, const ind_filter *a,
                       const ind_filter *b)
{
    if (a->pos != b->pos || a->n != b->n)
        return 0;
    for (size_t k = 0; k < a->n; k++)
        if (strcmp(q->codes[a->first + k], q->codes[b->first + k]) != 0)
            return 0;
    return 1;
}

/* Two measures of one dataset split into the filters they share and the
 * rest of each, so that one scan evaluates the shared ones once. */
typedef struct split {
    const ind_filter *common[9], *a[9], *b[9];
    size_t ncommon, na, nb;
} split;

static void split_filters(const ind_query *q, const ind_measure *ma,
                          const ind_measure *mb, split *sp)
{
    memset(sp, 0, sizeof *sp);
    for (size_t i = 0; i < ma->nfilters; i++) {
        int shared = 0;
        for (size_t k = 0; k < mb->nfilters && !shared; k++)
            shared = same_filter(q, &ma->filters[i], &mb->filters[k]);
        if (shared)
            sp->common[sp->ncommon++] = &ma->filters[i];
        else
            sp->a[sp->na++] = &ma->filters[i];
    }
    for (size_t k = 0; k < mb->nfilters; k++) {
        int shared = 0;
        for (size_t i = 0; i < sp->ncommon && !shared; i++)
            shared = same_filter(q, &mb->filters[k], sp->common[i]);
        if (!shared)
            sp->b[sp->nb++] = &mb->filters[k];
    }
}

/* The WHERE part that keeps the rows of either measure: the shared
 * filters, then the rest of a OR the rest of b (one IN list when both
 * rests are a single filter on the same column). */
static void emit_pair_where(ind_query *q, const split *sp)
{
    amb_buf *b = &q->sql;
    emit_all(q, sp->common, sp->ncommon);
    if (sp->na == 0 || sp->nb == 0)
        return;                       /* one measure keeps all the rows */
    amb_buf_puts(b, " AND ");
    if (sp->na == 1 && sp->nb == 1 && sp->a[0]->pos == sp->b[0]->pos) {
        const ind_filter *fa = sp->a[0], *fb = sp->b[0];
        amb_buf_printf(b, "%s IN (", ind_sql_column(fa->pos));
        for (size_t k = 0; k < fa->n; k++) {
            amb_buf_puts(b, k ? ", ?" : "?");
            bind_text(q, q->codes[fa->first + k]);
        }
        for (size_t k = 0; k < fb->n; k++) {
            int dup = 0;
            for (size_t j = 0; j < fa->n && !dup; j++)
                dup = strcmp(q->codes[fb->first + k],
                             q->codes[fa->first + j]) == 0;
            if (!dup) {
                amb_buf_puts(b, ", ?");
                bind_text(q, q->codes[fb->first + k]);
            }
        }
        amb_buf_putc(b, ')');
        return;
    }
    amb_buf_putc(b, '(');
    emit_all(q, sp->a, sp->na);
    amb_buf_puts(b, " OR ");
    emit_all(q, sp->b, sp->nb);
    amb_buf_putc(b, ')');
}

/* SUM(value) over the rows the rest filters keep (all rows without). */
static void emit_pair_sum(ind_query *q, const ind_filter *const *fs,
                          size_t n, const char *name)
{
    amb_buf *b = &q->sql;
    if (n == 0) {
        amb_buf_printf(b, "SUM(value) AS %s", name);
        return;
    }
    amb_buf_puts(b, "SUM(CASE WHEN ");
    emit_all(q, fs, n);
    amb_buf_printf(b, " THEN value END) AS %s", name);
}

/* The inner level: columns g0.., p, a, b.  With pair, a and b are the sums
 * of the two measures of one dataset; otherwise a is the aggregate and b
 * the number of rows. */
static void emit_inner(ind_query *q, ind_agg agg, const ind_measure *m,
                       const ind_measure *pair)
{
    amb_buf *b = &q->sql;
    const char *pexpr = m->mode == IND_PERIOD_YEAR_SUM ? "substr(period, 1, 4)"
                                                       : "period";
    split sp;
    if (pair)
        split_filters(q, m, pair, &sp);
    amb_buf_puts(b, "SELECT ");
    for (size_t i = 0; i < m->ngroups; i++)
        amb_buf_printf(b, "%s AS g%zu, ", ind_sql_column(m->groups[i]), i);
    amb_buf_printf(b, "%s AS p, ", pexpr);
    if (pair) {
        emit_pair_sum(q, sp.a, sp.na, "a");
        amb_buf_puts(b, ", ");
        emit_pair_sum(q, sp.b, sp.nb, "b");
    } else if (agg == IND_AGG_COUNT) {
        amb_buf_puts(b, "COUNT(value) AS a, COUNT(*) AS b");
    } else {
        amb_buf_puts(b, "SUM(value) AS a, COUNT(*) AS b");
    }
    amb_buf_printf(b, " FROM observations WHERE dataset_id = %lld AND "
                   "value IS NOT NULL AND ", (long long)m->ds->id);
    if (pair)
        emit_pair_where(q, &sp);
    else
        emit_conds(q, m);
    amb_buf_puts(b, " GROUP BY ");
    for (size_t i = 0; i < m->ngroups; i++)
        amb_buf_printf(b, "%s, ", ind_sql_column(m->groups[i]));
    amb_buf_puts(b, pexpr);
}

/* The yearly level: columns g0.., y, a, b. */
static void emit_yearly(ind_query *q, ind_agg agg, const ind_measure *m,
                        const ind_measure *pair)
{
    amb_buf *b = &q->sql;
    size_t ng = m->ngroups;
    switch (m->mode) {
    case IND_PERIOD_RAW:
    case IND_PERIOD_YEAR_SUM:
        amb_buf_puts(b, "SELECT ");
        emit_groups(b, NULL, ng, 1);
        amb_buf_puts(b, "p AS y, a, b FROM (");
        emit_inner(q, agg, m, pair);
        amb_buf_putc(b, ')');
        break;
    case IND_PERIOD_YEAR_MEAN:
        amb_buf_puts(b, "SELECT ");
        emit_groups(b, NULL, ng, 1);
        amb_buf_printf(b, "substr(p, 1, 4) AS y, AVG(a) AS a, %s(b) AS b "
                       "FROM (", agg == IND_AGG_SERIES ? "MAX" : "AVG");
        emit_inner(q, agg, m, pair);
        amb_buf_puts(b, ") GROUP BY ");
        emit_groups(b, NULL, ng, 1);
        amb_buf_puts(b, "substr(p, 1, 4)");
        break;
    case IND_PERIOD_YEAR:
        amb_buf_puts(b, "SELECT ");
        emit_groups(b, NULL, ng, 1);
        amb_buf_puts(b, "y, a, b FROM (SELECT ");
        emit_groups(b, NULL, ng, 1);
        amb_buf_puts(b, "substr(p, 1, 4) AS y, a, b, ROW_NUMBER() OVER "
                        "(PARTITION BY ");
        emit_groups(b, NULL, ng, 1);
        amb_buf_puts(b, "substr(p, 1, 4) ORDER BY p DESC) AS rk FROM (");
        emit_inner(q, agg, m, pair);
        amb_buf_puts(b, ")) WHERE rk = 1");
        break;
    }
}

/* 1 when two measures can share one scan. */
static int same_scan(const ind_measure *a, const ind_measure *b)
{
    if (a->ds != b->ds || a->mode != b->mode || a->ngroups != b->ngroups)
        return 0;
    for (size_t i = 0; i < a->ngroups; i++)
        if (a->groups[i] != b->groups[i])
            return 0;
    return 1;
}

/* The outer level of a ratio: g0.., y, value, denominator. */
static void emit_ratio(ind_query *q, const ind_measure *num,
                       const ind_measure *den, double scale)
{
    amb_buf *b = &q->sql;
    size_t ng = num->ngroups;
    char sc[40];
    snprintf(sc, sizeof sc, "%.17g", scale);
    if (same_scan(num, den)) {
        amb_buf_puts(b, "SELECT ");
        emit_groups(b, NULL, ng, 1);
        amb_buf_printf(b, "y, CASE WHEN b = 0 THEN NULL ELSE CAST(a AS REAL) "
                       "* %s / b END, b FROM (", sc);
        emit_yearly(q, IND_AGG_RATIO, num, den);
        amb_buf_puts(b, ") WHERE a IS NOT NULL AND b IS NOT NULL ORDER BY ");
        emit_groups(b, NULL, ng, 1);
        amb_buf_puts(b, "y");
        return;
    }
    amb_buf_puts(b, "SELECT ");
    emit_groups(b, "n", ng, 1);
    amb_buf_printf(b, "n.y, CASE WHEN d.a = 0 THEN NULL ELSE CAST(n.a AS "
                   "REAL) * %s / d.a END, d.a FROM (", sc);
    emit_yearly(q, IND_AGG_SUM, num, NULL);
    amb_buf_puts(b, ") AS n JOIN (");
    emit_yearly(q, IND_AGG_SUM, den, NULL);
    amb_buf_puts(b, ") AS d ON ");
    for (size_t i = 0; i < ng; i++)
        amb_buf_printf(b, "n.g%zu = d.g%zu AND ", i, i);
    amb_buf_puts(b, "n.y = d.y WHERE n.a IS NOT NULL AND d.a IS NOT NULL "
                    "ORDER BY ");
    emit_groups(b, "n", ng, 1);
    amb_buf_puts(b, "n.y");
}

/* The outer level of a growth: g0.., y, value, previous value. */
static void emit_growth(ind_query *q, const ind_measure *m)
{
    amb_buf *b = &q->sql;
    size_t ng = m->ngroups;
    amb_buf_puts(b, "SELECT ");
    emit_groups(b, NULL, ng, 1);
    amb_buf_puts(b, "y, CASE WHEN prev = 0 THEN NULL ELSE 100.0 * "
                    "(CAST(a AS REAL) / prev - 1) END, prev FROM (SELECT ");
    emit_groups(b, NULL, ng, 1);
    amb_buf_puts(b, "y, a, LAG(a) OVER (");
    if (ng) {
        amb_buf_puts(b, "PARTITION BY ");
        emit_groups(b, NULL, ng, 0);
        amb_buf_putc(b, ' ');
    }
    amb_buf_puts(b, "ORDER BY y) AS prev FROM (");
    emit_yearly(q, IND_AGG_SUM, m, NULL);
    amb_buf_puts(b, ")) WHERE prev IS NOT NULL ORDER BY ");
    emit_groups(b, NULL, ng, 1);
    amb_buf_puts(b, "y");
}

/* Prepare q->sql with q->binds into q->stmt; 0 or -1 with q->msg. */
static int prepare(ind_query *q)
{
    sqlite3_finalize(q->stmt);
    q->stmt = NULL;
    if (sqlite3_prepare_v2(q->db, q->sql.data, -1, &q->stmt, NULL) !=
        SQLITE_OK) {
        snprintf(q->msg, sizeof q->msg, "cannot query the store: %s",
                 sqlite3_errmsg(q->db));
        return -1;
    }
    for (size_t i = 0; i < q->nbinds; i++)
        if (sqlite3_bind_text(q->stmt, (int)i + 1, q->binds[i], -1,
                              SQLITE_TRANSIENT) != SQLITE_OK) {
            snprintf(q->msg, sizeof q->msg, "cannot query the store: %s",
                     sqlite3_errmsg(q->db));
            return -1;
        }
    return 0;
}

int ind_sql_prepare(ind_query *q, ind_agg agg, const ind_measure *a,
                    const ind_measure *b, double scale)
{
    amb_buf_reset(&q->sql);
    q->nbinds = 0;
    switch (agg) {
    case IND_AGG_RATIO:
        emit_ratio(q, a, b, scale);
        break;
    case IND_AGG_GROWTH:
        emit_growth(q, a);
        break;
    default:
        amb_buf_puts(&q->sql, "SELECT * FROM (");
        emit_yearly(q, agg, a, NULL);
        amb_buf_puts(&q->sql, ") ORDER BY ");
        emit_groups(&q->sql, NULL, a->ngroups, 1);
        amb_buf_puts(&q->sql, "y");
        break;
    }
    return prepare(q);
}

int ind_sql_has_survey(ind_query *q)
{
    static const char sql[] = "SELECT 1 FROM sqlite_master WHERE "
        "name = 'survey_answers' AND type IN ('table', 'view')";
    sqlite3_stmt *s = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(q->db, sql, -1, &s, NULL) == SQLITE_OK)
        found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return found;
}

int ind_sql_prepare_survey(ind_query *q, const char *question,
                           size_t nvalues, int by_region)
{
    amb_buf *b = &q->sql;
    amb_buf_reset(b);
    q->nbinds = 0;
    if (by_region) {
        amb_buf_puts(b, "SELECT ? AS g0, ");
        bind_text(q, q->model->region.code);
    } else {
        amb_buf_puts(b, "SELECT municipality AS g0, ");
    }
    amb_buf_puts(b, "period AS y, 100.0 * COUNT(DISTINCT CASE WHEN value IN (");
    for (size_t i = 0; i < nvalues; i++) {
        amb_buf_puts(b, i ? ", ?" : "?");
        bind_text(q, q->codes[i]);
    }
    amb_buf_puts(b, ") THEN respondent END) / COUNT(DISTINCT respondent), "
                    "COUNT(DISTINCT respondent) FROM survey_answers "
                    "WHERE question = ? GROUP BY ");
    bind_text(q, question);
    amb_buf_puts(b, by_region ? "period ORDER BY 2" : "municipality, period "
                                                     "ORDER BY 1, 2");
    return prepare(q);
}
