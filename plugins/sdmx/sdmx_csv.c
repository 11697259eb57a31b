/*
 * sdmx_csv.c - SDMX-CSV 1.0: a header line DATAFLOW, the dimensions,
 * TIME_PERIOD, OBS_VALUE, then attributes (OBS_STATUS...), one
 * observation per line.  Tokenized by the csv plugin's streaming tokenizer
 * (plugins/csv/csv_parse.c, compiled into this plugin), with the delimiter
 * detected from the header.
 *
 * Columns: the dimensions are the option `dims`, else every column before
 * OBS_VALUE except DATAFLOW, the time column and Eurostat's "LAST UPDATE".
 * A header cell "ID: Label" (SDMX-CSV written with labels) names column
 * ID, and that column's values "CODE: Label" store CODE.  The dataset id
 * is the option `dataset`, else the ID of the first row's DATAFLOW
 * "AGENCY:ID(VERSION)"; every row must name the same dataflow.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv_parse.h"
#include "sdmx.h"

#define PROGRESS_STEP ((uint64_t)256 * 1024)

typedef struct csv_cols {
    size_t ncols;
    char **ids;                 /* per column (owned) */
    unsigned char *labelled;    /* per column: "ID: Label" header */
    long dataflow, time, value, flag;   /* column indexes, -1: none */
    size_t ndims;
    size_t dim_col[AMB_MAX_DIMS];
    const char *dims[AMB_MAX_DIMS];     /* borrowed from ids */
    char *first_flow;           /* the first row's DATAFLOW (owned) */
} csv_cols;

static void cols_free(csv_cols *c)
{
    for (size_t i = 0; c->ids && i < c->ncols; i++)
        free(c->ids[i]);
    free(c->ids);
    free(c->labelled);
    free(c->first_flow);
}

/* The column named id, or -1 (columns not named yet are skipped). */
static long find_col(const csv_cols *c, const char *id)
{
    for (size_t i = 0; i < c->ncols; i++)
        if (c->ids[i] && strcmp(c->ids[i], id) == 0)
            return (long)i;
    return -1;
}

/* Cut a "CODE: Label" value to CODE, in place. */
static void cut_label(char *s)
{
    char *p = strstr(s, ": ");
    if (p)
        *p = '\0';
}

/* Trim spaces around s[0..] in place; returns the start. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Read the header record into c: column ids, the special columns and the
 * dimensions. */
static amb_rc read_header(const sdmx_emit *e, csv_cols *c, csv_record *rec)
{
    const sdmx_opts *o = e->opts;
    c->ncols = rec->nfields;
    c->ids = calloc(c->ncols, sizeof *c->ids);
    c->labelled = calloc(c->ncols, 1);
    if (!c->ids || !c->labelled)
        return sdmx_fail(e, AMB_ENOMEM, 0, "out of memory");
    for (size_t i = 0; i < c->ncols; i++) {
        char *id = trim(rec->fields[i].s);
        char *p = strstr(id, ": ");
        if (p) {
            *p = '\0';
            c->labelled[i] = 1;
        }
        if (!*id)
            return sdmx_fail(e, AMB_EPARSE, (long)rec->line,
                             "header column %zu has no name", i + 1);
        if (find_col(c, id) >= 0)
            return sdmx_fail(e, AMB_EPARSE, (long)rec->line,
                             "column %s appears twice in the header", id);
        if (!(c->ids[i] = strdup(id)))
            return sdmx_fail(e, AMB_ENOMEM, 0, "out of memory");
    }
    c->dataflow = find_col(c, "DATAFLOW");
    c->value = find_col(c, "OBS_VALUE");
    c->time = find_col(c, o->time ? o->time : "TIME_PERIOD");
    if (c->time < 0 && !o->time)
        c->time = find_col(c, "TIME");
    c->flag = find_col(c, o->flag ? o->flag : "OBS_STATUS");
    if (c->flag < 0 && !o->flag)
        c->flag = find_col(c, "OBS_FLAG");
    if (c->value < 0)
        return sdmx_fail(e, AMB_EPARSE, (long)rec->line,
                         "no OBS_VALUE column in the header");
    if (c->time < 0)
        return sdmx_fail(e, AMB_EPARSE, (long)rec->line,
                         "no %s column in the header",
                         o->time ? o->time : "TIME_PERIOD or TIME");
    if (o->ndims) {
        for (size_t i = 0; i < o->ndims; i++) {
            long col = find_col(c, o->dims[i]);
            if (col < 0)
                return sdmx_fail(e, AMB_EPARSE, (long)rec->line,
                                 "no column %s (option 'dims') in the "
                                 "header", o->dims[i]);
            c->dim_col[i] = (size_t)col;
            c->dims[i] = c->ids[col];
        }
        c->ndims = o->ndims;
        return AMB_OK;
    }
    for (long i = 0; i < c->value; i++) {
        if (i == c->dataflow || i == c->time || i == c->flag ||
            strcmp(c->ids[i], "LAST UPDATE") == 0)
            continue;
        if (c->ndims == AMB_MAX_DIMS)
            return sdmx_fail(e, AMB_EPARSE, (long)rec->line,
                             "more than %d dimension columns before "
                             "OBS_VALUE; at most %d are supported",
                             AMB_MAX_DIMS, AMB_MAX_DIMS);
        c->dim_col[c->ndims] = (size_t)i;
        c->dims[c->ndims++] = c->ids[i];
    }
    return AMB_OK;
}

/* The dataflow's id in "AGENCY:ID(VERSION)", in place. */
static char *flow_id(char *flow)
{
    char *colon = strchr(flow, ':');
    char *id = colon ? colon + 1 : flow;
    id[strcspn(id, "(")] = '\0';
    return id;
}

/* The first data row: begin the dataset. */
static amb_rc first_row(sdmx_emit *e, csv_cols *c, csv_record *rec)
{
    char *derived = NULL;
    if (c->dataflow >= 0) {
        if (!(c->first_flow = strdup(rec->fields[c->dataflow].s)))
            return sdmx_fail(e, AMB_ENOMEM, 0, "out of memory");
        derived = strdup(c->first_flow);
        if (!derived)
            return sdmx_fail(e, AMB_ENOMEM, 0, "out of memory");
    }
    char *id = NULL;
    amb_rc rc = sdmx_emit_dataset_id(e, derived ? flow_id(derived) : NULL,
                                     (long)rec->line, &id);
    free(derived);
    if (rc < 0)
        return rc;
    const char *time = c->ids[c->time];
    return sdmx_emit_begin(e, id, c->ndims, c->dims, time);
}

static amb_rc data_row(sdmx_emit *e, csv_cols *c, csv_record *rec)
{
    long line = (long)rec->line;
    if (rec->nfields != c->ncols)
        return sdmx_fail(e, AMB_EPARSE, line, "%zu fields, but the header "
                         "has %zu", rec->nfields, c->ncols);
    amb_rc rc;
    if (!e->open && (rc = first_row(e, c, rec)) < 0)
        return rc;
    if (c->dataflow >= 0 &&
        strcmp(rec->fields[c->dataflow].s, c->first_flow) != 0) {
        char a[80], b[80];
        sdmx_excerpt(rec->fields[c->dataflow].s, a, sizeof a);
        sdmx_excerpt(c->first_flow, b, sizeof b);
        return sdmx_fail(e, AMB_EPARSE, line, "DATAFLOW '%s' differs from "
                         "the first row's '%s' (one dataflow per file)", a,
                         b);
    }
    const char *codes[AMB_MAX_DIMS];
    for (size_t i = 0; i < c->ndims; i++) {
        char *s = rec->fields[c->dim_col[i]].s;
        if (c->labelled[c->dim_col[i]])
            cut_label(s);
        codes[i] = s;
    }
    const char *period = trim(rec->fields[c->time].s);
    if (!*period)
        return sdmx_fail(e, AMB_EPARSE, line,
                         "an observation without a time period (no %s)",
                         c->ids[c->time]);
    char *flag = NULL;
    if (c->flag >= 0) {
        flag = rec->fields[c->flag].s;
        if (c->labelled[c->flag])
            cut_label(flag);
    }
    return sdmx_emit_observe(e, codes, period, rec->fields[c->value].s, flag,
                             line);
}

static amb_rc tokenizer_failed(const sdmx_emit *e, const csv_parser *p)
{
    const csv_error *err = csv_parser_error(p);
    return sdmx_fail(e, (amb_rc)err->code, (long)err->line, "%s", err->msg);
}

amb_rc sdmx_csv_parse(sdmx_emit *e, sdmx_input *in, uint64_t total)
{
    csv_config cfg = {0, 0};
    csv_parser *p = csv_parser_new(&cfg, sdmx_input_read, in);
    if (!p)
        return sdmx_fail(e, AMB_ENOMEM, 0, "out of memory");
    csv_cols c;
    memset(&c, 0, sizeof c);
    csv_record rec;
    amb_rc rc;
    int got = csv_next(p, &rec);
    if (got < 0)
        rc = tokenizer_failed(e, p);
    else if (got == CSV_EOF)
        rc = sdmx_fail(e, AMB_EPARSE, 0, "no header line");
    else
        rc = read_header(e, &c, &rec);
    uint64_t next_progress = PROGRESS_STEP;
    while (rc == AMB_OK) {
        if ((got = csv_next(p, &rec)) == CSV_EOF)
            break;
        rc = got < 0 ? tokenizer_failed(e, p) : data_row(e, &c, &rec);
        uint64_t done = csv_parser_bytes(p);
        if (rc == AMB_OK && done >= next_progress && e->host->progress) {
            e->host->progress(e->ctx, done, total);
            next_progress = done + PROGRESS_STEP;
        }
    }
    if (rc == AMB_OK && e->host->progress)
        e->host->progress(e->ctx, csv_parser_bytes(p), total);
    if (rc == AMB_OK)
        rc = sdmx_emit_finish(e);
    cols_free(&c);
    csv_parser_free(p);
    return rc;
}
