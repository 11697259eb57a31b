/*
 * survey_report.c - a campaign's status, its results with disclosure
 * control (groups under min_group responding companies are suppressed,
 * never shown as 0) and the export of complete responses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "survey.h"
#include "survey_session.h"

static int fail(sqlite3 *db, amb_error *err)
{
    return amb_error_set(err, AMB_ESTORE, "survey: cannot read the "
                         "campaign: %s", sqlite3_errmsg(db));
}

/* Run sql (?1 = campaign id, ?2 = text arg or NULL) and call row for each
 * result row.  0 or an error. */
static int each(sqlite3 *db, const char *sql, int64_t campaign,
                const char *arg,
                void (*row)(void *ud, sqlite3_stmt *s), void *ud,
                amb_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return fail(db, err);
    sqlite3_bind_int64(s, 1, campaign);
    if (sqlite3_bind_parameter_count(s) >= 2) {
        if (arg)
            sqlite3_bind_text(s, 2, arg, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(s, 2);
    }
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW)
        row(ud, s);
    int rc = src == SQLITE_DONE ? 0 : fail(db, err);
    sqlite3_finalize(s);
    return rc;
}

static const char *col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : "";
}

/* ------------------------------------------------------------- status */

static void status_row(void *ud, sqlite3_stmt *s)
{
    json_object_set_new(ud, col(s, 0), json_integer(sqlite3_column_int64(s, 1)));
}

static void group_row(void *ud, sqlite3_stmt *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "respondents",
                        json_integer(sqlite3_column_int64(s, 1)));
    json_object_set_new(o, "complete", json_integer(sqlite3_column_int64(s, 2)));
    json_object_set_new(ud, col(s, 0), o);
}

/* A (group, status, count) row: the count of a status other than
 * complete, set in the group's object (made by group_row). */
static void group_status_row(void *ud, sqlite3_stmt *s)
{
    json_t *g = json_object_get(ud, col(s, 0));
    if (g)
        json_object_set_new(g, col(s, 1),
                            json_integer(sqlite3_column_int64(s, 2)));
}

int amb_survey_status_json(amb_store *st, const amb_survey_campaign *c,
                           json_t **out, amb_error *err)
{
    sqlite3 *db = amb_store_db(st);
    json_t *o = json_object();
    json_object_set_new(o, "campaign", json_string(c->name));
    json_object_set_new(o, "form", json_string(c->form_id));
    json_object_set_new(o, "title", amb_json_str(c->title));
    json_object_set_new(o, "status",
                        json_string(amb_survey_is_open(c) ? "open" : "closed"));
    json_object_set_new(o, "closes", amb_json_str(c->closes));
    json_object_set_new(o, "created_at", json_string(c->created_at));
    json_t *bs = json_object(), *bm = json_object(), *bi = json_object();
    json_object_set_new(o, "by_status", bs);
    json_object_set_new(o, "by_municipality", bm);
    json_object_set_new(o, "by_industry", bi);
    int rc = each(db, "SELECT status, COUNT(*) FROM respondents WHERE "
                  "campaign_id = ?1 GROUP BY status ORDER BY status",
                  c->id, NULL, status_row, bs, err);
    if (rc == 0)
        rc = each(db, "SELECT municipality, COUNT(*), SUM(status = "
                  "'complete') FROM respondents WHERE campaign_id = ?1 "
                  "GROUP BY municipality ORDER BY municipality",
                  c->id, NULL, group_row, bm, err);
    if (rc == 0)
        rc = each(db, "SELECT industry, COUNT(*), SUM(status = 'complete') "
                  "FROM respondents WHERE campaign_id = ?1 GROUP BY industry "
                  "ORDER BY industry", c->id, NULL, group_row, bi, err);
    /* ... and each group's other statuses (invited, opened, ...) */
    if (rc == 0)
        rc = each(db, "SELECT municipality, status, COUNT(*) FROM "
                  "respondents WHERE campaign_id = ?1 AND status <> "
                  "'complete' GROUP BY 1, 2 ORDER BY 1, 2", c->id, NULL,
                  group_status_row, bm, err);
    if (rc == 0)
        rc = each(db, "SELECT industry, status, COUNT(*) FROM respondents "
                  "WHERE campaign_id = ?1 AND status <> 'complete' GROUP BY "
                  "1, 2 ORDER BY 1, 2", c->id, NULL, group_status_row, bi,
                  err);
    json_t *mails = NULL;
    if (rc == 0 && (rc = amb_survey_mail_counts(st, c, &mails, err)) == 0)
        json_object_set_new(o, "mails", mails);
    json_int_t total = 0;
    const char *k;
    json_t *v;
    json_object_foreach(bs, k, v) {
        total += json_integer_value(v);
    }
    json_object_set_new(o, "respondents", json_integer(total));
    if (rc) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

/* ------------------------------------------------------------ results */

static void count_row(void *ud, sqlite3_stmt *s)
{
    json_object_set_new(ud, col(s, 0), json_integer(sqlite3_column_int64(s, 1)));
}

static void one_int(void *ud, sqlite3_stmt *s)
{
    *(json_int_t *)ud = sqlite3_column_int64(s, 0);
}

static json_t *choice_json(const char *code, const char *label,
                           json_int_t count, json_int_t base)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(code));
    json_object_set_new(o, "label", amb_json_str(label));
    json_object_set_new(o, "count", json_integer(count));
    json_object_set_new(o, "share", json_real(100.0 * (double)count /
                                              (double)base));
    return o;
}

/* The results of one question in one group (municipality NULL: all). */
static int question_json(sqlite3 *db, int64_t campaign,
                         const amb_form_question *q, const char *muni,
                         int min_group, json_t **out, amb_error *err)
{
    static const char base_sql[] =
        "SELECT COUNT(DISTINCT r.id) FROM respondents r JOIN answers a "
        "ON a.respondent_id = r.id WHERE r.campaign_id = ?1 AND r.status = "
        "'complete' AND (?2 IS NULL OR r.municipality = ?2) AND a.question "
        "= ?3";
    static const char value_sql[] =
        "SELECT a.value, COUNT(DISTINCT r.id) FROM respondents r JOIN answers "
        "a ON a.respondent_id = r.id WHERE r.campaign_id = ?1 AND r.status = "
        "'complete' AND (?2 IS NULL OR r.municipality = ?2) AND a.question "
        "= ?3 GROUP BY a.value";
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(q->id));
    json_object_set_new(o, "type", json_string(amb_form_type_name(q->type)));
    json_int_t base = 0;
    json_t *counts = json_object();
    sqlite3_stmt *s = NULL;
    int rc = 0;
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        if (sqlite3_prepare_v2(db, pass ? value_sql : base_sql, -1, &s,
                               NULL) != SQLITE_OK) {
            rc = fail(db, err);
            break;
        }
        sqlite3_bind_int64(s, 1, campaign);
        if (muni)
            sqlite3_bind_text(s, 2, muni, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, q->id, -1, SQLITE_TRANSIENT);
        int src;
        while ((src = sqlite3_step(s)) == SQLITE_ROW)
            (pass ? count_row : one_int)(pass ? (void *)counts : &base, s);
        if (src != SQLITE_DONE)
            rc = fail(db, err);
        sqlite3_finalize(s);
    }
    if (rc == 0 && base < min_group) {
        json_object_set_new(o, "suppressed", json_true());
    } else if (rc == 0) {
        json_object_set_new(o, "answered", json_integer(base));
        size_t nc = 0;
        const amb_form_choice *ch = amb_form_choices(q, &nc);
        json_t *arr = json_array();
        size_t nrows = q->type == AMB_FORM_MATRIX ? q->nrows : 1;
        for (size_t r = 0; r < nrows && ch; r++) {
            for (size_t i = 0; i < nc; i++) {
                char *code = q->type == AMB_FORM_MATRIX
                    ? amb_xasprintf("%s=%s", q->rows[r].code, ch[i].code)
                    : amb_xstrdup(ch[i].code);
                json_t *n = json_object_get(counts, code);
                json_array_append_new(arr, choice_json(
                    code, amb_form_tr(&ch[i].label, "en"),
                    n ? json_integer_value(n) : 0, base));
                free(code);
            }
        }
        if (ch)
            json_object_set_new(o, "choices", arr);
        else
            json_decref(arr);
    }
    json_decref(counts);
    if (rc) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

/* The number of complete responses in a group (muni NULL: all). */
static int group_count(sqlite3 *db, int64_t campaign, const char *muni,
                       json_int_t *n, amb_error *err)
{
    *n = 0;
    return each(db, "SELECT COUNT(*) FROM respondents WHERE campaign_id = "
                "?1 AND status = 'complete' AND (?2 IS NULL OR "
                "municipality = ?2)", campaign, muni, one_int, n, err);
}

/* One group of n responses: overall (muni NULL) or a municipality;
 * suppressed when n is under min_group or when secondary is set. */
static int group_json(sqlite3 *db, int64_t campaign, const amb_form *f,
                      const char *muni, json_int_t n, int min_group,
                      int secondary, json_t *o, amb_error *err)
{
    if (n < min_group || secondary) {
        json_object_set_new(o, "suppressed", json_true());
        if (n >= min_group)
            json_object_set_new(o, "secondary", json_true());
        return 0;
    }
    json_object_set_new(o, "responses", json_integer(n));
    json_t *qs = json_array();
    json_object_set_new(o, "questions", qs);
    int rc = 0;
    for (size_t i = 0; i < f->nquestions && rc == 0; i++) {
        json_t *q = NULL;
        rc = question_json(db, campaign, &f->questions[i], muni, min_group,
                           &q, err);
        if (rc == 0)
            json_array_append_new(qs, q);
    }
    return rc;
}

/* Secondary suppression: the suppressed municipalities together must not
 * be a small group either, or "all minus the shown ones" would disclose
 * them.  While their total is between 1 and min_group - 1, the smallest
 * shown municipality is suppressed as well (secondary[i] = 1). */
static void suppress_complements(const json_int_t *n, size_t count,
                                 int min_group, int *secondary)
{
    for (;;) {
        json_int_t hidden = 0;
        size_t smallest = count;
        for (size_t i = 0; i < count; i++) {
            if (n[i] < min_group || secondary[i])
                hidden += n[i];
            else if (smallest == count || n[i] < n[smallest])
                smallest = i;
        }
        if (hidden == 0 || hidden >= min_group || smallest == count)
            return;
        secondary[smallest] = 1;
    }
}

int amb_survey_results_json(amb_store *st, const amb_survey_campaign *c,
                            const amb_form *f, int min_group, json_t **out,
                            amb_error *err)
{
    sqlite3 *db = amb_store_db(st);
    json_t *o = json_object();
    json_object_set_new(o, "campaign", json_string(c->name));
    json_object_set_new(o, "form", json_string(c->form_id));
    json_object_set_new(o, "min_group", json_integer(min_group));
    json_t *all = json_object();
    json_object_set_new(o, "overall", all);
    json_int_t total = 0;
    int rc = group_count(db, c->id, NULL, &total, err);
    if (rc == 0)
        rc = group_json(db, c->id, f, NULL, total, min_group, 0, all, err);
    enum { MAXM = 16 };
    size_t nm = amb_form_municipality_count();
    json_int_t n[MAXM] = {0};
    int secondary[MAXM] = {0};
    for (size_t i = 0; rc == 0 && i < nm && i < MAXM; i++)
        rc = group_count(db, c->id, amb_form_municipality(i)->code, &n[i],
                         err);
    suppress_complements(n, nm < MAXM ? nm : MAXM, min_group, secondary);
    json_t *ms = json_array();
    json_object_set_new(o, "municipalities", ms);
    for (size_t i = 0; rc == 0 && i < nm && i < MAXM; i++) {
        const amb_form_choice *m = amb_form_municipality(i);
        json_t *g = json_object();
        json_object_set_new(g, "code", json_string(m->code));
        json_object_set_new(g, "name", amb_json_str(m->label.da));
        json_array_append_new(ms, g);
        rc = group_json(db, c->id, f, m->code, n[i], min_group,
                        secondary[i], g, err);
    }
    if (rc) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

/* ------------------------------------------------------------- export */

typedef struct export_ctx {
    json_t *rows;      /* [{respondent, municipality, industry, answers}] */
} export_ctx;

static void resp_row(void *ud, sqlite3_stmt *s)
{
    export_ctx *x = ud;
    json_t *o = json_object();
    json_object_set_new(o, "respondent",
                        json_integer(sqlite3_column_int64(s, 0)));
    json_object_set_new(o, "municipality", json_string(col(s, 1)));
    json_object_set_new(o, "industry", json_string(col(s, 2)));
    json_object_set_new(o, "answers", json_object());
    json_array_append_new(x->rows, o);
}

static void answer_row(void *ud, sqlite3_stmt *s)
{
    json_t *answers = ud;
    const char *q = col(s, 0);
    json_t *a = json_object_get(answers, q);
    if (!a) {
        a = json_array();
        json_object_set_new(answers, q, a);
    }
    json_array_append_new(a, json_string(col(s, 1)));
}

/* A question whose answer is one value (exported as a string). */
static int single_valued(const amb_form_question *q)
{
    return q->type != AMB_FORM_MULTI && q->type != AMB_FORM_MATRIX;
}

/* The label of a choice code among choices[0..n) in lang, or NULL. */
static const char *choice_label(const amb_form_choice *ch, size_t n,
                                const char *code, const char *lang)
{
    for (size_t i = 0; ch && i < n; i++)
        if (strcmp(ch[i].code, code) == 0)
            return amb_form_tr(&ch[i].label, lang);
    return NULL;
}

/* value (a stored answer to q) as the respondent saw it: the choice's
 * label, "row label=choice label" for a matrix, the text itself for free
 * answers and numbers.  A new JSON string. */
static json_t *labelled(const amb_form_question *q, const char *value,
                        const char *lang)
{
    size_t n = 0;
    const amb_form_choice *ch = amb_form_choices(q, &n);
    const char *eq = strchr(value, '=');
    if (q->type == AMB_FORM_MATRIX && eq) {
        char *row = amb_xasprintf("%.*s", (int)(eq - value), value);
        const char *rl = choice_label(q->rows, q->nrows, row, lang);
        const char *cl = choice_label(ch, n, eq + 1, lang);
        char *both = amb_xasprintf("%s=%s", rl ? rl : row, cl ? cl : eq + 1);
        free(row);
        json_t *j = json_string(both);
        free(both);
        return j;
    }
    const char *l = choice_label(ch, n, value, lang);
    return json_string(l ? l : value);
}

/* Replace every answer code in rows by its label in lang, and each
 * respondent's municipality code by its name. */
static void label_rows(json_t *rows, const amb_form *f, const char *lang)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *m = json_string_value(json_object_get(row,
                                                          "municipality"));
        for (size_t k = 0; m && k < amb_form_municipality_count(); k++)
            if (strcmp(amb_form_municipality(k)->code, m) == 0) {
                json_object_set_new(row, "municipality", json_string(
                    amb_form_municipality(k)->label.da));
                break;
            }
        json_t *answers = json_object_get(row, "answers");
        for (size_t q = 0; q < f->nquestions; q++) {
            json_t *a = json_object_get(answers, f->questions[q].id);
            size_t k;
            json_t *v;
            json_array_foreach(a, k, v) {
                json_array_set_new(a, k, labelled(&f->questions[q],
                                                  json_string_value(v),
                                                  lang));
            }
        }
    }
}

int amb_survey_export(amb_store *st, const amb_survey_campaign *c,
                      const amb_form *f, int csv, const char *labels,
                      FILE *fp, amb_error *err)
{
    sqlite3 *db = amb_store_db(st);
    export_ctx x = {json_array()};
    int rc = each(db, "SELECT id, municipality, industry FROM respondents "
                  "WHERE campaign_id = ?1 AND status = 'complete' ORDER BY id",
                  c->id, NULL, resp_row, &x, err);
    size_t i;
    json_t *row;
    json_array_foreach(x.rows, i, row) {
        if (rc)
            break;
        char id[32];
        snprintf(id, sizeof id, "%lld", (long long)json_integer_value(
                                            json_object_get(row, "respondent")));
        rc = each(db, "SELECT question, value FROM answers a JOIN "
                  "respondents r ON r.id = a.respondent_id WHERE "
                  "r.campaign_id = ?1 AND a.respondent_id = CAST(?2 AS "
                  "INTEGER) ORDER BY a.rowid", c->id, id, answer_row,
                  json_object_get(row, "answers"), err);
    }
    if (rc == 0 && labels)
        label_rows(x.rows, f, labels);
    if (rc == 0 && csv) {
        amb_csv_field(fp, "respondent", 0);
        amb_csv_field(fp, "municipality", 0);
        amb_csv_field(fp, "industry", f->nquestions == 0);
        for (size_t q = 0; q < f->nquestions; q++)
            amb_csv_field(fp, f->questions[q].id, q + 1 == f->nquestions);
        json_array_foreach(x.rows, i, row) {
            json_t *answers = json_object_get(row, "answers");
            amb_buf b = {0};
            amb_buf_printf(&b, "%lld", (long long)json_integer_value(
                                           json_object_get(row, "respondent")));
            amb_csv_field(fp, b.data, 0);
            amb_csv_field(fp, json_string_value(json_object_get(
                                  row, "municipality")), 0);
            amb_csv_field(fp, json_string_value(json_object_get(
                                  row, "industry")), f->nquestions == 0);
            for (size_t q = 0; q < f->nquestions; q++) {
                json_t *a = json_object_get(answers, f->questions[q].id);
                amb_buf_reset(&b);
                amb_buf_puts(&b, "");
                size_t k;
                json_t *v;
                json_array_foreach(a, k, v) {
                    if (k)
                        amb_buf_putc(&b, ';');
                    amb_buf_puts(&b, json_string_value(v));
                }
                amb_csv_field(fp, b.data, q + 1 == f->nquestions);
            }
            amb_buf_free(&b);
        }
    } else if (rc == 0) {
        json_array_foreach(x.rows, i, row) {
            json_t *answers = json_object_get(row, "answers");
            json_t *ordered = json_object();
            for (size_t q = 0; q < f->nquestions; q++) {
                const amb_form_question *fq = &f->questions[q];
                json_t *a = json_object_get(answers, fq->id);
                if (!a)
                    continue;
                json_object_set(ordered, fq->id,
                                single_valued(fq) && json_array_size(a) == 1
                                    ? json_array_get(a, 0) : a);
            }
            json_object_set_new(row, "answers", ordered);
        }
        char *text = json_dumps(x.rows, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (text) {
            fputs(text, fp);
            fputc('\n', fp);
        }
        free(text);
    }
    json_decref(x.rows);
    if (rc == 0 && fflush(fp) != 0)
        rc = amb_error_set(err, AMB_EIO, "survey: cannot write the export");
    return rc;
}
