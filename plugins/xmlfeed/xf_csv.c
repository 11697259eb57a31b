/*
 * xf_csv.c - CSV pages (admission figures) through the csv plugin's
 * streaming tokenizer: skip `skip` records, take the header, and map each
 * row, with `fields` naming columns (exactly, else ignoring case and white
 * space).  Every row must have as many fields as the header.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "csv_parse.h"
#include "xmlfeed.h"

#define PROGRESS_STEP ((uint64_t)256 * 1024)

/* The column of header hdr named name: exact first, then ignoring ASCII
 * case and surrounding blanks; -1 when none. */
static long find_column(const csv_record *hdr, const char *name)
{
    for (size_t c = 0; c < hdr->nfields; c++)
        if (strcmp(hdr->fields[c].s, name) == 0)
            return (long)c;
    while (*name == ' ' || *name == '\t')
        name++;
    size_t n = strlen(name);
    while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    for (size_t c = 0; c < hdr->nfields; c++) {
        const char *s = hdr->fields[c].s;
        size_t len = hdr->fields[c].len;
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (len == n && strncasecmp(s, name, n) == 0)
            return (long)c;
    }
    return -1;
}

/* Record the tokenizer's error as "NAME:LINE: message"; returns it. */
static amb_rc tokenizer_failed(xf_run *r, const csv_parser *p,
                               const char *name)
{
    const csv_error *e = csv_parser_error(p);
    return r->host->fail(r->ctx, (amb_rc)e->code, "%s:%lu: %s", name,
                         e->line, e->msg);
}

/* Header, column map, rows. */
static amb_rc read_rows(xf_run *r, csv_parser *p, const xf_input *in,
                        uint64_t size)
{
    const xf_opts *o = r->o;
    csv_record rec;
    int rc = csv_skip(p, o->skip);
    if (rc < 0 || (rc = csv_next(p, &rec)) < 0)
        return tokenizer_failed(r, p, in->name);
    if (rc == CSV_EOF)
        return xf_run_fail(r, NULL, 0, AMB_EPARSE, "no header line");
    long col[XF_MAX_FIELDS];
    size_t ncols = rec.nfields;
    for (size_t i = 0; i < o->nfields; i++) {
        col[i] = -1;
        if (!o->fields[i].path)
            continue;
        col[i] = find_column(&rec, o->fields[i].path);
        if (col[i] < 0) {
            char names[400] = "";
            size_t used = 0;
            for (size_t c = 0; c < rec.nfields && used + 8 < sizeof names;
                 c++)
                used += (size_t)snprintf(names + used, sizeof names - used,
                                         "%s%.40s", c ? ", " : "",
                                         rec.fields[c].s);
            return xf_run_fail(r, NULL, (long)rec.line, AMB_ECONFIG,
                               "fields.%s: no column '%s' (columns: %s)",
                               o->fields[i].name, o->fields[i].path, names);
        }
    }
    uint64_t next_progress = PROGRESS_STEP;
    unsigned long number = 0;
    while ((rc = csv_next(p, &rec)) == CSV_RECORD) {
        xf_entry e;
        memset(&e, 0, sizeof e);
        e.number = ++number;
        e.entry_line = (long)rec.line;
        if (rec.nfields != ncols)
            return xf_run_fail(r, &e, 0, AMB_EPARSE, "%zu fields, but the "
                               "header has %zu", rec.nfields, ncols);
        for (size_t i = 0; i < o->nfields; i++)
            if (col[i] >= 0) {
                e.raw[i] = rec.fields[col[i]].s;
                e.line[i] = (long)rec.line;
            }
        amb_rc arc = xf_run_entry(r, &e);
        if (arc)
            return arc;
        uint64_t done = csv_parser_bytes(p);
        if (done >= next_progress && r->host->progress) {
            r->host->progress(r->ctx, done, size);
            next_progress = done + PROGRESS_STEP;
        }
    }
    if (rc < 0)
        return tokenizer_failed(r, p, in->name);
    return AMB_OK;
}

amb_rc xf_csv_page(xf_run *r, const xf_input *in, char **next)
{
    *next = NULL;
    csv_config cfg = {.delimiter = r->o->delimiter, .max_record = 0};
    csv_mem mem = {in->data ? in->data : "", in->len, 0, 0};
    FILE *fp = NULL;
    uint64_t size = in->len;
    if (in->path) {
        fp = fopen(in->path, "rb");
        if (!fp)
            return r->host->fail(r->ctx, AMB_EIO, "%s: cannot open %s: %s",
                                 in->name, in->path, strerror(errno));
        struct stat st;
        size = fstat(fileno(fp), &st) == 0 ? (uint64_t)st.st_size : 0;
    }
    csv_parser *p = fp ? csv_parser_new(&cfg, csv_read_file, fp)
                       : csv_parser_new(&cfg, csv_read_mem, &mem);
    amb_rc rc = p ? read_rows(r, p, in, size)
                  : r->host->fail(r->ctx, AMB_ENOMEM,
                                  "xmlfeed: out of memory");
    if (rc == AMB_OK && r->host->progress)
        r->host->progress(r->ctx, csv_parser_bytes(p), size);
    csv_parser_free(p);
    if (fp)
        fclose(fp);
    return rc;
}
