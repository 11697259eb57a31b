/*
 * survey_store.c - campaigns, respondents and tokens in the store
 * (schema 4).  Every statement is prepared with bound values; statements
 * live only for the call that prepares them.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../plugins/csv/csv_parse.h"
#include "survey.h"
#include "survey_session.h"
#include "survey_sql.h"

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **s,
                amb_error *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, s, NULL) != SQLITE_OK)
        return amb_survey_sql_fail(db, err, "cannot prepare a statement");
    return 0;
}

/* ------------------------------------------------------------- tokens */

int amb_survey_token_new(char out[AMB_SURVEY_TOKEN_LEN + 1])
{
    unsigned char raw[AMB_SURVEY_TOKEN_BYTES];
    if (amb_random_bytes(raw, sizeof raw))
        return AMB_ERR;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof raw; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[AMB_SURVEY_TOKEN_LEN] = '\0';
    return 0;
}

void amb_survey_token_hash(const char *token, char out[65])
{
    amb_sha256_hex(token, strlen(token), out);
}

/* ------------------------------------------------------- field checks */

int amb_survey_valid_email(const char *s)
{
    size_t len = strlen(s);
    const char *at = strchr(s, '@');
    if (len < 3 || len > 254 || !at || at == s || strchr(at + 1, '@'))
        return 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c >= 0x7f || strchr("\"(),:;<>[\\]'`", c))
            return 0;
    }
    const char *dot = strrchr(at + 1, '.');
    return dot && dot > at + 1 && dot[1] != '\0';
}

int amb_survey_valid_cvr(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!isdigit((unsigned char)s[n]))
            return 0;
    return n == 8;
}

int amb_survey_valid_municipality(const char *s)
{
    for (size_t i = 0; i < amb_form_municipality_count(); i++)
        if (strcmp(amb_form_municipality(i)->code, s) == 0)
            return 1;
    return 0;
}

/* ---------------------------------------------------------- campaigns */

static int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return 0;
    int m = atoi(s + 5), d = atoi(s + 8);
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* The view q.survey reads (ambit-lua(5)): complete responses only, the
 * period being the year the campaign was created.  Created with the first
 * campaign, not by migration 4, because the indicator engine takes a store
 * without survey_answers to have no employer survey; a survey_answers a
 * store already has is left alone. */
static const char view_sql[] =
    "CREATE VIEW IF NOT EXISTS survey_answers AS\n"
    "    SELECT r.id AS respondent, substr(c.created_at, 1, 4) AS period,\n"
    "           r.municipality AS municipality, a.question AS question,\n"
    "           a.value AS value\n"
    "    FROM answers a JOIN respondents r ON r.id = a.respondent_id\n"
    "    JOIN campaigns c ON c.id = r.campaign_id\n"
    "    WHERE r.status = 'complete'";

int amb_survey_create(amb_store *st, const char *name, const char *form_id,
                      const char *form_path, const char *title,
                      const char *closes, amb_error *err)
{
    if (!*name)
        return amb_error_set(err, AMB_EUSAGE, "survey: the name is empty");
    if (closes && !valid_date(closes))
        return amb_error_set(err, AMB_EUSAGE, "survey: --closes '%s' is not "
                             "a date YYYY-MM-DD", closes);
    sqlite3 *db = amb_store_db(st);
    sqlite3_stmt *s = NULL;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return amb_survey_sql_fail(db, err, "cannot create the campaign");
    int rc = prep(db, view_sql, &s, err);
    if (rc == 0 && sqlite3_step(s) != SQLITE_DONE)
        rc = amb_survey_sql_fail(db, err, "cannot create the survey_answers view");
    sqlite3_finalize(s);
    s = NULL;
    if (rc == 0)
        rc = prep(db, "INSERT INTO campaigns(name, form_id, form_path, title, "
                  "closes, status, created_at) "
                  "VALUES(?1, ?2, ?3, ?4, ?5, 'open', ?6)", &s, err);
    if (rc) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    char now[32];
    amb_now_iso(now);
    amb_survey_sql_text(s, 1, name);
    amb_survey_sql_text(s, 2, form_id);
    amb_survey_sql_text(s, 3, form_path);
    amb_survey_sql_text(s, 4, title);
    amb_survey_sql_text(s, 5, closes);
    amb_survey_sql_text(s, 6, now);
    int src = sqlite3_step(s);
    if (src == SQLITE_CONSTRAINT_UNIQUE)
        rc = amb_error_set(err, AMB_EUSAGE, "survey: a campaign named '%s' "
                           "exists already", name);
    else if (src != SQLITE_DONE)
        rc = amb_survey_sql_fail(db, err, "cannot create the campaign");
    sqlite3_finalize(s);
    if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = amb_survey_sql_fail(db, err, "cannot commit the campaign");
    if (rc)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int amb_survey_get(amb_store *st, const char *name, amb_survey_campaign *c,
                   amb_error *err)
{
    memset(c, 0, sizeof *c);
    sqlite3 *db = amb_store_db(st);
    sqlite3_stmt *s = NULL;
    int rc = prep(db, "SELECT id, name, form_id, form_path, title, closes, "
                  "status, created_at FROM campaigns WHERE name = ?1", &s, err);
    if (rc)
        return rc;
    amb_survey_sql_text(s, 1, name);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        c->id = sqlite3_column_int64(s, 0);
        c->name = amb_survey_sql_dup(s, 1);
        c->form_id = amb_survey_sql_dup(s, 2);
        c->form_path = amb_survey_sql_dup(s, 3);
        c->title = amb_survey_sql_dup(s, 4);
        c->closes = amb_survey_sql_dup(s, 5);
        c->status = amb_survey_sql_dup(s, 6);
        c->created_at = amb_survey_sql_dup(s, 7);
    } else if (src == SQLITE_DONE) {
        rc = amb_error_set(err, AMB_ENOTFOUND, "survey: no campaign named "
                           "'%s'", name);
    } else {
        rc = amb_survey_sql_fail(db, err, "cannot read the campaign");
    }
    sqlite3_finalize(s);
    return rc;
}

void amb_survey_campaign_clear(amb_survey_campaign *c)
{
    free(c->name);
    free(c->form_id);
    free(c->form_path);
    free(c->title);
    free(c->closes);
    free(c->status);
    free(c->created_at);
    memset(c, 0, sizeof *c);
}

int amb_survey_is_open(const amb_survey_campaign *c)
{
    if (!c->status || strcmp(c->status, "open") != 0)
        return 0;
    if (!c->closes)
        return 1;
    char now[32];
    amb_now_iso(now);
    return strncmp(now, c->closes, 10) <= 0;
}

int amb_survey_close(amb_store *st, const char *name, amb_error *err)
{
    sqlite3 *db = amb_store_db(st);
    sqlite3_stmt *s = NULL;
    int rc = prep(db, "UPDATE campaigns SET status = 'closed' WHERE name = ?1",
                  &s, err);
    if (rc)
        return rc;
    amb_survey_sql_text(s, 1, name);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = amb_survey_sql_fail(db, err, "cannot close the campaign");
    else if (sqlite3_changes(db) == 0)
        rc = amb_error_set(err, AMB_ENOTFOUND, "survey: no campaign named "
                           "'%s'", name);
    sqlite3_finalize(s);
    return rc;
}

/* -------------------------------------------------------- respondents */

static const char *const columns[] = {"company", "cvr", "email",
                                      "municipality", "industry", "contact",
                                      "language"};
#define NCOLS 7
#define NREQUIRED 5                /* the first five columns */

/* Is there a respondent of the campaign with this value in column
 * (0 email, 1 cvr)?  1, 0, or negative on error. */
static int exists(sqlite3_stmt *s[2], int which, int64_t campaign,
                  const char *value)
{
    sqlite3_stmt *q = s[which];
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, campaign);
    amb_survey_sql_text(q, 2, value);
    int src = sqlite3_step(q);
    return src == SQLITE_ROW ? 1 : src == SQLITE_DONE ? 0 : -1;
}

/* Read the header: map column names to positions; AMB_EPARSE on error. */
static int read_header(csv_parser *p, int pos[NCOLS], amb_error *err)
{
    csv_record rec;
    int r = csv_next(p, &rec);
    if (r < 0)
        return amb_error_set(err, AMB_EPARSE, "line %lu: %s",
                             csv_parser_error(p)->line,
                             csv_parser_error(p)->msg);
    if (r == CSV_EOF)
        return amb_error_set(err, AMB_EPARSE, "the file is empty (a header "
                             "line is required)");
    for (int i = 0; i < NCOLS; i++)
        pos[i] = -1;
    for (size_t f = 0; f < rec.nfields; f++) {
        int known = 0;
        for (int i = 0; i < NCOLS; i++)
            if (strcmp(rec.fields[f].s, columns[i]) == 0) {
                if (pos[i] >= 0)
                    return amb_error_set(err, AMB_EPARSE, "line %lu: the "
                                         "column '%s' appears twice",
                                         rec.line, columns[i]);
                pos[i] = (int)f;
                known = 1;
            }
        /* A misspelt column ("lang") would otherwise be dropped unseen. */
        if (!known)
            return amb_error_set(err, AMB_EPARSE, "line %lu: unknown column "
                                 "'%.60s' (the columns are company, cvr, "
                                 "email, municipality, industry, contact "
                                 "and language)", rec.line,
                                 rec.fields[f].s);
    }
    for (int i = 0; i < NREQUIRED; i++)
        if (pos[i] < 0)
            return amb_error_set(err, AMB_EPARSE, "line %lu: the header has "
                                 "no '%s' column (company, cvr, email, "
                                 "municipality, industry, optional contact and "
                                 "language)",
                                 rec.line, columns[i]);
    return 0;
}

/* Values seen earlier in the file, for duplicates: e-mail (compared
 * case-insensitively) or CVR -> line.  An open-addressed hash set that
 * doubles when half full, so a list of any length is checked in linear
 * time. */
typedef struct seen_slot {
    char *key;                   /* "e:" lowercased e-mail or "c:" CVR */
    unsigned long line;
} seen_slot;

typedef struct seen {
    seen_slot *slot;
    size_t n, cap;               /* cap is a power of two */
} seen;

static size_t seen_hash(const char *key)
{
    uint64_t h = 1469598103934665603u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)h;
}

/* The slot of key: where it is, or the empty one where it would go. */
static seen_slot *seen_slot_of(const seen *sv, const char *key)
{
    size_t i = seen_hash(key) & (sv->cap - 1);
    while (sv->slot[i].key && strcmp(sv->slot[i].key, key) != 0)
        i = (i + 1) & (sv->cap - 1);
    return &sv->slot[i];
}

/* The key of an e-mail or a CVR number (caller frees). */
static char *seen_key(char kind, const char *value)
{
    char *k = amb_xasprintf("%c:%s", kind, value);
    for (char *p = k + 2; kind == 'e' && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return k;
}

static void seen_add(seen *sv, char kind, const char *value,
                     unsigned long line)
{
    if (2 * (sv->n + 1) > sv->cap) {
        seen old = *sv;
        sv->cap = old.cap ? 2 * old.cap : 256;
        sv->slot = amb_xcalloc(sv->cap, sizeof *sv->slot);
        for (size_t i = 0; i < old.cap; i++)
            if (old.slot[i].key)
                *seen_slot_of(sv, old.slot[i].key) = old.slot[i];
        free(old.slot);
    }
    char *k = seen_key(kind, value);
    seen_slot *sl = seen_slot_of(sv, k);
    if (sl->key) {
        free(k);
        return;
    }
    sl->key = k;
    sl->line = line;
    sv->n++;
}

/* The line an earlier record had this e-mail or CVR on (0: none). */
static unsigned long seen_find(const seen *sv, const char *email,
                               const char *cvr, const char **what)
{
    if (!sv->cap)
        return 0;
    const char *kinds = "ec";
    const char *values[2] = {email, cvr};
    for (int i = 0; i < 2; i++) {
        char *k = seen_key(kinds[i], values[i]);
        const seen_slot *sl = seen_slot_of(sv, k);
        free(k);
        if (sl->key) {
            *what = i == 0 ? "e-mail" : "CVR";
            return sl->line;
        }
    }
    return 0;
}

static void seen_free(seen *sv)
{
    for (size_t i = 0; i < sv->cap; i++)
        free(sv->slot[i].key);
    free(sv->slot);
}

/* Check one record's fields; the problem (if any) goes to problems. */
static int check_row(const csv_record *rec, const int pos[NCOLS],
                     const char *vals[NCOLS], amb_buf *problems)
{
    for (int i = 0; i < NCOLS; i++)
        vals[i] = pos[i] >= 0 && (size_t)pos[i] < rec->nfields
                      ? rec->fields[pos[i]].s : NULL;
    const char *why = NULL;
    if (!vals[0] || !*vals[0])
        why = "the company name is empty";
    else if (!vals[1] || !amb_survey_valid_cvr(vals[1]))
        why = "the CVR number is not 8 digits";
    else if (!vals[2] || !amb_survey_valid_email(vals[2]))
        why = "the e-mail address is not valid";
    else if (!vals[3] || !amb_survey_valid_municipality(vals[3]))
        why = "the municipality is not one of the eleven North Jutland "
              "codes";
    else if (!vals[4] || !*vals[4])
        why = "the industry is empty";
    else if (vals[6] && *vals[6] && strcmp(vals[6], "da") != 0 &&
             strcmp(vals[6], "en") != 0)
        why = "the language is neither da nor en";
    if (why)
        amb_buf_printf(problems, "line %lu: %s\n", rec->line, why);
    return why ? -1 : 0;
}

int amb_survey_import(amb_store *st, const amb_survey_campaign *c,
                      long (*read)(void *, char *, size_t), void *ud,
                      FILE *tokens, amb_buf *problems, size_t *imported,
                      size_t *refused, amb_error *err)
{
    *imported = *refused = 0;
    csv_config cfg = {',', 0};
    csv_parser *p = csv_parser_new(&cfg, read, ud);
    if (!p)
        return amb_error_set(err, AMB_ENOMEM, "survey: out of memory");
    sqlite3 *db = amb_store_db(st);
    sqlite3_stmt *ins = NULL, *tok = NULL, *dup[2] = {NULL, NULL};
    seen sv = {0};
    int pos[NCOLS];
    int rc = read_header(p, pos, err);
    if (rc == 0)
        rc = prep(db, "INSERT INTO respondents(campaign_id, company, cvr, "
                  "email, municipality, industry, contact, lang, token_hash, "
                  "status, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                  "COALESCE(?8, 'da'), ?9, 'new', ?10)", &ins, err);
    if (rc == 0)
        rc = prep(db, "INSERT INTO survey_tokens(token_hash, respondent_id, "
                  "issued_at, purpose) VALUES(?1, last_insert_rowid(), ?2, "
                  "'list')", &tok, err);
    if (rc == 0)
        rc = prep(db, "SELECT 1 FROM respondents WHERE campaign_id = ?1 AND "
                  "email = ?2", &dup[0], err);
    if (rc == 0)
        rc = prep(db, "SELECT 1 FROM respondents WHERE campaign_id = ?1 AND "
                  "cvr = ?2", &dup[1], err);
    if (rc == 0 && sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
        rc = amb_survey_sql_fail(db, err, "cannot start the import");
    int in_tx = rc == 0;
    char now[32];
    amb_now_iso(now);
    csv_record rec;
    int r = 0;
    while (rc == 0 && (r = csv_next(p, &rec)) == CSV_RECORD) {
        const char *v[NCOLS];
        if (check_row(&rec, pos, v, problems)) {
            (*refused)++;
            continue;
        }
        const char *what = NULL;
        unsigned long earlier = seen_find(&sv, v[2], v[1], &what);
        if (earlier) {
            amb_buf_printf(problems, "line %lu: duplicate %s (line %lu)\n",
                           rec.line, what, earlier);
            (*refused)++;
            continue;
        }
        int de = exists(dup, 0, c->id, v[2]), dc = exists(dup, 1, c->id, v[1]);
        if (de < 0 || dc < 0) {
            rc = amb_survey_sql_fail(db, err, "cannot look for duplicates");
            break;
        }
        if (de || dc) {
            amb_buf_printf(problems, "line %lu: duplicate %s (already a "
                           "respondent)\n", rec.line, de ? "e-mail" : "CVR");
            (*refused)++;
            continue;
        }
        char token[AMB_SURVEY_TOKEN_LEN + 1], hash[65];
        if (amb_survey_token_new(token)) {
            rc = amb_error_set(err, AMB_ERR, "survey: no random bytes");
            break;
        }
        amb_survey_token_hash(token, hash);
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, c->id);
        for (int i = 0; i < NCOLS; i++)
            amb_survey_sql_text(ins, i + 2, v[i] && *v[i] ? v[i] : NULL);
        amb_survey_sql_text(ins, 9, hash);
        amb_survey_sql_text(ins, 10, now);
        sqlite3_reset(tok);
        amb_survey_sql_text(tok, 1, hash);
        amb_survey_sql_text(tok, 2, now);
        if (sqlite3_step(ins) != SQLITE_DONE || sqlite3_step(tok) != SQLITE_DONE) {
            rc = amb_survey_sql_fail(db, err, "cannot store a respondent");
            break;
        }
        if (fprintf(tokens, "%s,%s\n", v[2], token) < 0) {
            rc = amb_error_set(err, AMB_EIO, "survey: cannot write the "
                               "token file");
            break;
        }
        seen_add(&sv, 'e', v[2], rec.line);
        seen_add(&sv, 'c', v[1], rec.line);
        (*imported)++;
    }
    if (rc == 0 && r < 0)
        rc = amb_error_set(err, AMB_EPARSE, "line %lu: %s (nothing imported)",
                           csv_parser_error(p)->line, csv_parser_error(p)->msg);
    if (rc == 0 && fflush(tokens) != 0)
        rc = amb_error_set(err, AMB_EIO, "survey: cannot write the token "
                           "file");
    if (in_tx) {
        if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
            rc = amb_survey_sql_fail(db, err, "cannot commit the import");
        if (rc)
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    if (rc)
        *imported = 0;
    seen_free(&sv);
    sqlite3_finalize(ins);
    sqlite3_finalize(tok);
    sqlite3_finalize(dup[0]);
    sqlite3_finalize(dup[1]);
    csv_parser_free(p);
    return rc;
}

/* ------------------------------------------------------------ answers */

static const char bad_token[] = "survey: the token is not valid for this "
                                "campaign";

int amb_survey_find_token(amb_store *st, const amb_survey_campaign *c,
                          const char *token, int64_t *id, amb_error *err)
{
    char hash[65];
    amb_survey_token_hash(token, hash);
    sqlite3 *db = amb_store_db(st);
    sqlite3_stmt *s = NULL;
    int rc = prep(db, "SELECT r.id FROM survey_tokens t JOIN respondents r "
                  "ON r.id = t.respondent_id WHERE r.campaign_id = ?1 AND "
                  "t.token_hash = ?2 AND r.status <> 'opted_out'", &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, c->id);
    amb_survey_sql_text(s, 2, hash);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    else if (src == SQLITE_DONE)
        rc = amb_error_set(err, AMB_ENOTFOUND, "%s", bad_token);
    else
        rc = amb_survey_sql_fail(db, err, "cannot look up the token");
    sqlite3_finalize(s);
    return rc;
}

int amb_survey_record(amb_store *st, const amb_survey_campaign *c,
                      const char *token, const amb_form *f,
                      const amb_form_answers *answers, amb_error *err)
{
    int64_t id = 0;
    int rc = amb_survey_find_token(st, c, token, &id, err);
    if (rc)
        return rc;
    if (!amb_survey_is_open(c))
        return amb_error_set(err, AMB_ERR, "survey: campaign '%s' is closed",
                             c->name);
    sqlite3 *db = amb_store_db(st);
    amb_survey_db *sdb = NULL;
    rc = amb_survey_db_open(st, &sdb, err);
    if (rc == 0 && sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
        rc = amb_survey_sql_fail(db, err, "cannot start the response");
    else if (rc == 0) {
        rc = amb_survey_db_complete_in_tx(sdb, id, f, answers, err);
        if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
            rc = amb_survey_sql_fail(db, err, "cannot commit the response");
        if (rc)
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    amb_survey_db_close(sdb);
    return rc;
}
