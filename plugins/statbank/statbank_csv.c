/*
 * statbank_csv.c - reading a StatBank BULK or CSV response as a stream:
 * ';'-separated, a header row of variable ids and INDHOLD (the value),
 * codes in the other columns (valuePresentation Code).  CSV adds a UTF-8
 * BOM and CRLF line ends, which the tokenizer (plugins/csv/csv_parse.c)
 * handles.  Danish output has a decimal comma; suppressed cells are "..".
 * Memory is bounded by the longest row.
 */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "statbank.h"

struct statbank_csv {
    csv_parser *parser;
    const statbank_info *info;
    char decimal;
    const char *where;          /* borrowed from the caller */
    size_t ncols;               /* fields every row must have */
    size_t value_col;           /* the INDHOLD column */
    size_t time_col;            /* the time variable's column */
    size_t ndims;
    size_t dim_cols[AMB_MAX_DIMS];   /* columns of the other variables */
    size_t dim_vars[AMB_MAX_DIMS];   /* their tableinfo indexes */
};

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
    AMB_PRINTF(4, 5);

/* Format a message into err; returns rc. */
static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

int statbank_parse_value(const char *s, char decimal, double *out)
{
    static const char *const markers[] = {"..", "...", ".", ":", "-", NULL};
    if (!*s)
        return 1;
    for (size_t i = 0; markers[i]; i++)
        if (strcmp(s, markers[i]) == 0)
            return 1;
    /* -?[0-9]+(D[0-9]+)? where D is the decimal mark */
    char buf[64];
    size_t n = 0, digits = 0;
    const char *p = s;
    if (*p == '-')
        buf[n++] = *p++;
    for (; *p >= '0' && *p <= '9' && n < sizeof buf - 2; p++, digits++)
        buf[n++] = *p;
    if (!digits)
        return -1;
    if (*p == decimal) {
        /* the C library reads the locale's decimal point */
        buf[n++] = localeconv()->decimal_point[0];
        p++;
        size_t frac = 0;
        for (; *p >= '0' && *p <= '9' && n < sizeof buf - 1; p++, frac++)
            buf[n++] = *p;
        if (!frac)
            return -1;
    }
    if (*p)
        return -1;   /* another character, or more than 62 bytes */
    buf[n] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (*end || d != d || d - d != 0)
        return -1;
    *out = d;
    return 0;
}

/* Map the header's columns: INDHOLD, the time variable, the others. */
static int map_header(statbank_csv *r, const csv_record *rec, char *err,
                      size_t errlen)
{
    const statbank_info *info = r->info;
    int have_value = 0, have_time = 0;
    unsigned char *used = calloc(info->nvars, 1);
    if (!used)
        return fail(err, errlen, AMB_ENOMEM, "%s: out of memory", r->where);
    int rc = 0;
    r->ncols = rec->nfields;
    for (size_t c = 0; rc == 0 && c < rec->nfields; c++) {
        const char *name = rec->fields[c].s;
        long v = statbank_same_folded(name, "INDHOLD")
                     ? -2 : statbank_info_find(info, name);
        if (v == -2) {
            rc = have_value ? fail(err, errlen, AMB_EPARSE,
                                   "%s:1: INDHOLD appears twice", r->where)
                            : 0;
            have_value = 1;
            r->value_col = c;
        } else if (v < 0) {
            char list[512];
            statbank_info_var_list(info, list, sizeof list);
            rc = fail(err, errlen, AMB_EPARSE,
                      "%s:1: column '%.60s' is neither INDHOLD nor a "
                      "variable of the table (%s)", r->where, name, list);
        } else if (used[v]) {
            rc = fail(err, errlen, AMB_EPARSE,
                      "%s:1: variable %s has two columns", r->where,
                      info->vars[v].id);
        } else if ((size_t)v == info->time_var) {
            used[v] = 1;
            have_time = 1;
            r->time_col = c;
        } else if (r->ndims == AMB_MAX_DIMS) {
            rc = fail(err, errlen, AMB_ELIMIT,
                      "%s:1: more than %d variables besides time; ambit "
                      "stores at most %d (select fewer variables with format "
                      "CSV)", r->where, AMB_MAX_DIMS, AMB_MAX_DIMS);
        } else {
            used[v] = 1;
            r->dim_cols[r->ndims] = c;
            r->dim_vars[r->ndims++] = (size_t)v;
        }
    }
    free(used);
    if (rc == 0 && !have_value)
        rc = fail(err, errlen, AMB_EPARSE, "%s:1: no INDHOLD column",
                  r->where);
    if (rc == 0 && !have_time)
        rc = fail(err, errlen, AMB_EPARSE, "%s:1: no column for the time "
                  "variable %s", r->where, info->vars[info->time_var].id);
    return rc;
}

/* The tokenizer's error as ours. */
static int parse_failed(const statbank_csv *r, char *err, size_t errlen)
{
    const csv_error *e = csv_parser_error(r->parser);
    return fail(err, errlen, e->code, "%s:%lu: %s", r->where, e->line,
                e->msg);
}

int statbank_csv_open(statbank_csv **out, csv_read_fn read, void *ud,
                      const statbank_info *info, char decimal,
                      const char *where, char *err, size_t errlen)
{
    *out = NULL;
    statbank_csv *r = calloc(1, sizeof *r);
    csv_config cfg = {';', 0};
    if (r)
        r->parser = csv_parser_new(&cfg, read, ud);
    if (!r || !r->parser) {
        free(r);
        return fail(err, errlen, AMB_ENOMEM, "%s: out of memory", where);
    }
    r->info = info;
    r->decimal = decimal;
    r->where = where;
    csv_record rec;
    int rc = csv_next(r->parser, &rec);
    if (rc < 0)
        rc = parse_failed(r, err, errlen);
    else if (rc == CSV_EOF)
        rc = fail(err, errlen, AMB_EPARSE,
                  "%s: the response is empty (no header line)", where);
    else
        rc = map_header(r, &rec, err, errlen);
    if (rc) {
        statbank_csv_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void statbank_csv_free(statbank_csv *r)
{
    if (!r)
        return;
    csv_parser_free(r->parser);
    free(r);
}

const size_t *statbank_csv_dims(const statbank_csv *r, size_t *n)
{
    *n = r->ndims;
    return r->dim_vars;
}

int statbank_csv_next(statbank_csv *r, statbank_row *row, char *err,
                      size_t errlen)
{
    csv_record rec;
    int rc = csv_next(r->parser, &rec);
    if (rc < 0)
        return parse_failed(r, err, errlen);
    if (rc == CSV_EOF)
        return 0;
    if (rec.nfields != r->ncols)
        return fail(err, errlen, AMB_EPARSE, "%s:%lu: %zu fields, expected "
                    "%zu (a cut-off response?)", r->where, rec.line,
                    rec.nfields, r->ncols);
    row->line = rec.line;
    for (size_t k = 0; k < r->ndims; k++)
        row->codes[k] = rec.fields[r->dim_cols[k]].s;
    row->period = rec.fields[r->time_col].s;
    const char *v = rec.fields[r->value_col].s;
    int kind = statbank_parse_value(v, r->decimal, &row->value);
    if (kind < 0)
        return fail(err, errlen, AMB_EPARSE,
                    "%s:%lu: INDHOLD '%.40s' is not a number (expected a "
                    "decimal %s)", r->where, rec.line, v,
                    r->decimal == ',' ? "comma for lang da"
                                      : "point for lang en");
    row->has_value = kind == 0;
    row->flag = kind == 1 && *v ? v : NULL;
    if (kind == 1)
        row->value = 0;
    return 1;
}

uint64_t statbank_csv_bytes(const statbank_csv *r)
{
    return csv_parser_bytes(r->parser);
}
