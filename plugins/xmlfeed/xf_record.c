/*
 * xf_record.c - the run: one entry's raw values become a typed record,
 * and the record becomes observations of the dataset
 *
 *   PROGRAMME  the record's id, else its url, else "h" + 16 hex digits of
 *              FNV-1a 64 over title, 0x1F, provider (labelled with title)
 *   PROVIDER   the provider's name ("" when none; labelled with itself)
 *   LEVEL      EUD, gymnasium, KVU, MVU, LVU, AMU, VEU or ""
 *   OMRÅDE     the municipality code or ""
 *   MEASURE    "count" (value 1 for every record) and one code per numeric
 *              field the record has (seats, applicants, admitted, ...)
 *   TID        the year of start, else the year field, else the option
 *              period
 *
 * A record whose key (all of the above but MEASURE) was stored before is
 * skipped when its values are the same and refused when they differ.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmlfeed.h"

enum { DIM_PROGRAMME, DIM_PROVIDER, DIM_LEVEL, DIM_AREA, DIM_MEASURE, NDIMS };
#define COUNT_BIT (UINT32_C(1) << 31)

/* ------------------------------------------------------------ the run */

int xf_run_init(xf_run *r, amb_ctx *ctx, const amb_host *host,
                const xf_opts *o, const char *origin)
{
    memset(r, 0, sizeof *r);
    r->ctx = ctx;
    r->host = host;
    r->o = o;
    r->origin = origin;
    r->seen = xf_seen_new();
    r->labelled_codes = xf_seen_new();
    r->muni = xf_muni_index_new();
    if (!r->seen || !r->labelled_codes || !r->muni) {
        xf_run_free(r);
        return AMB_ENOMEM;
    }
    return 0;
}

void xf_run_free(xf_run *r)
{
    for (size_t i = 0; i < r->npages; i++)
        free(r->pages[i]);
    free(r->pages);
    xf_seen_free(r->seen);
    xf_seen_free(r->labelled_codes);
    xf_muni_index_free(r->muni);
    memset(r, 0, sizeof *r);
}

amb_rc xf_run_page(xf_run *r, const char *name)
{
    char **pages = realloc(r->pages, (r->npages + 1) * sizeof *pages);
    char *copy = pages ? strdup(name) : NULL;
    if (!copy) {
        if (pages)
            r->pages = pages;
        return r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
    }
    r->pages = pages;
    r->pages[r->npages++] = copy;
    r->hint[0] = '\0';
    return AMB_OK;
}

static const char *page_name(const xf_run *r)
{
    return r->npages ? r->pages[r->npages - 1] : r->origin;
}

amb_rc xf_run_fail(xf_run *r, const xf_entry *e, long line, amb_rc rc,
                   const char *fmt, ...)
{
    char msg[768], where[64] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line <= 0 && e)
        line = e->entry_line;
    if (line > 0)
        snprintf(where, sizeof where, ":%ld", line);
    if (e)
        return r->host->fail(r->ctx, rc, "%s%s: entry %lu: %s", page_name(r),
                             where, e->number, msg);
    return r->host->fail(r->ctx, rc, "%s%s: %s", page_name(r), where, msg);
}

void xf_run_warn(xf_run *r, const char *fmt, ...)
{
    if (r->warnings++ >= XF_MAX_WARNINGS || !r->host->log)
        return;
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->host->log(r->ctx, AMB_LOG_WARNING, "%s", msg);
}

amb_rc xf_run_begin(xf_run *r)
{
    if (r->begun)
        return AMB_OK;
    static const amb_dim dims[NDIMS] = {
        {"PROGRAMME", "Uddannelse eller kursus"},
        {"PROVIDER", "Udbyder"},
        {"LEVEL", "Niveau"},
        {"OMR\xC3\x85" "DE", "Kommune"},
        {"MEASURE", "M\xC3\xA5l"}};
    amb_dataset_desc d = {
        .id = r->o->dataset, .title = r->o->title, .unit = r->o->unit,
        .ndims = NDIMS, .dims = dims, .time_id = "TID",
        .time_label = "\xC3\x85r", .origin = r->origin};
    amb_rc rc = r->host->dataset_begin(r->ctx, &d);
    if (rc == AMB_OK)
        r->begun = 1;
    return rc;
}

amb_rc xf_run_end(xf_run *r)
{
    const xf_opts *o = r->o;
    if (r->entries_seen == 0) {
        if (!o->allow_empty)
            return xf_run_fail(r, NULL, 0, AMB_EPARSE,
                               "no entries matched '%s'%s%s (set allow_empty "
                               "= true if an empty feed is normal)",
                               o->entries ? o->entries : "(rows)",
                               r->hint[0] ? ": " : "", r->hint);
        xf_run_warn(r, "%s: no entries matched '%s'", page_name(r),
                    o->entries ? o->entries : "(rows)");
    }
    amb_rc rc = xf_run_begin(r);
    if (rc)
        return rc;
    if (r->warnings > XF_MAX_WARNINGS && r->host->log)
        r->host->log(r->ctx, AMB_LOG_WARNING, "%lu more warnings like the "
                     "above", r->warnings - XF_MAX_WARNINGS);
    if (r->host->log)
        r->host->log(r->ctx, AMB_LOG_INFO,
                     "xmlfeed: %lu records from %zu page%s (%lu repeated "
                     "records skipped)", r->records, r->npages,
                     r->npages == 1 ? "" : "s", r->duplicates);
    return AMB_OK;
}

/* ------------------------------------------------------------ fields */

/* The next character of a loose comparison: runs of white space as one
 * space, ASCII and Latin-1 (UTF-8 C3 80..9E) letters in lower case. */
static unsigned loose_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        *p = s;
        return *s ? ' ' : 0;
    }
    if (s[0] == 0xC3 && s[1] >= 0x80 && s[1] <= 0x9E && s[1] != 0x97) {
        *p = s + 2;
        return 0xC300u | (s[1] + 0x20u);
    }
    if (*s)
        *p = s + 1;
    return (*s >= 'A' && *s <= 'Z') ? *s + 32u : *s;
}

/* Whether a and b are equal ignoring case and white space (around and
 * inside: "Erhvervs  uddannelse " equals "erhvervs uddannelse"). */
static int loose_eq(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;
    while (*x == ' ' || *x == '\t' || *x == '\n' || *x == '\r')
        x++;
    while (*y == ' ' || *y == '\t' || *y == '\n' || *y == '\r')
        y++;
    for (;;) {
        unsigned c = loose_next(&x), d = loose_next(&y);
        if (c != d)
            return 0;
        if (!c)
            return 1;
    }
}

/* A field's normalised text: the constant, else the raw value, else the
 * default; then the map (an exact key first, else a key equal but for
 * case and white space).  *out is owned (NULL when there is no value). */
static amb_rc field_text(xf_run *r, const xf_entry *e, size_t i, char **out)
{
    const xf_field *f = &r->o->fields[i];
    int oom = 0;
    *out = xf_text_norm(f->value ? f->value : e->raw[i], &oom);
    if (!*out && !oom && f->dflt)
        *out = xf_text_norm(f->dflt, &oom);
    if (oom)
        return r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
    if (!*out || !f->map)
        return AMB_OK;
    const amb_opt *to = amb_opt_get(f->map, *out);
    for (size_t k = 0; !to && k < f->map->count; k++)
        if (loose_eq(f->map->items[k].key, *out))
            to = &f->map->items[k];
    if (!to)
        return AMB_OK;
    free(*out);
    *out = xf_text_norm(to->string, &oom);
    if (oom)
        return r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
    return AMB_OK;
}

/* The typed parts of one record. */
typedef struct record {
    char *text[XF_MAX_FIELDS];      /* owned, normalised (NULL: none) */
    double num[XF_MAX_FIELDS];
    unsigned char has[XF_MAX_FIELDS];
    const char *level, *area;       /* static strings, "" when none */
    int start_year, year;           /* 0 when none */
    char period[40];
    char programme_hash[24];
} record;

static void record_free(record *rec)
{
    for (size_t i = 0; i < XF_MAX_FIELDS; i++)
        free(rec->text[i]);
}

static amb_rc lookup_failed(xf_run *r, const xf_entry *e, size_t i,
                            const char *fmt, ...) AMB_PRINTF(4, 5);

/* An unknown municipality or level: a warning naming the entry, or under
 * strict an error. */
static amb_rc lookup_failed(xf_run *r, const xf_entry *e, size_t i,
                            const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->o->strict)
        return xf_run_fail(r, e, e->line[i], AMB_EPARSE, "%s", msg);
    char where[48] = "";
    long line = e->line[i] > 0 ? e->line[i] : e->entry_line;
    if (line > 0)
        snprintf(where, sizeof where, ":%ld", line);
    xf_run_warn(r, "%s%s: entry %lu: %s", page_name(r), where, e->number,
                msg);
    return AMB_OK;
}

/* Convert field i (text present) by its type into rec. */
static amb_rc convert(xf_run *r, const xf_entry *e, size_t i, record *rec)
{
    const xf_field *f = &r->o->fields[i];
    const char *t = rec->text[i];
    const char *why = NULL, *code = NULL, *place = NULL;
    xf_date d;
    switch (f->type) {
    case XF_TYPE_INTEGER:
        if (xf_parse_integer(t, &rec->num[i]))
            return xf_run_fail(r, e, e->line[i], AMB_EPARSE,
                               "field '%s': '%.60s' is not a whole number",
                               f->name, t);
        if (f->role == XF_ROLE_YEAR) {
            if (rec->num[i] < 1000 || rec->num[i] > 9999)
                return xf_run_fail(r, e, e->line[i], AMB_EPARSE,
                                   "field '%s': '%.60s' is not a year",
                                   f->name, t);
            rec->year = (int)rec->num[i];
        }
        rec->has[i] = 1;
        return AMB_OK;
    case XF_TYPE_DECIMAL:
        if (xf_parse_decimal(t, f->decimal, &rec->num[i]))
            return xf_run_fail(r, e, e->line[i], AMB_EPARSE,
                               "field '%s': '%.60s' is not a number",
                               f->name, t);
        rec->has[i] = 1;
        return AMB_OK;
    case XF_TYPE_DATE:
        if (xf_parse_date(t, &d, &why))
            return xf_run_fail(r, e, e->line[i], AMB_EPARSE,
                               "field '%s': '%.60s' is not a date: %s",
                               f->name, t, why);
        rec->start_year = d.year;
        free(rec->text[i]);
        rec->text[i] = strdup(d.iso);
        return rec->text[i] ? AMB_OK
                            : r->host->fail(r->ctx, AMB_ENOMEM,
                                            "xmlfeed: out of memory");
    case XF_TYPE_MUNICIPALITY:
        switch (xf_muni_lookup(r->muni, t, &code, &place)) {
        case XF_MUNI_FOUND:
            rec->area = code;
            return AMB_OK;
        case XF_MUNI_OUTSIDE:
            return lookup_failed(r, e, i, "field '%s': '%.60s' (%s) is "
                                 "outside North Jutland; OMR\xC3\x85" "DE left "
                                 "empty", f->name, t, place);
        case XF_MUNI_UNKNOWN_POSTCODE:
            return lookup_failed(r, e, i, "field '%s': '%.60s' is not a "
                                 "postcode of North Jutland; OMR\xC3\x85"
                                 "DE left empty", f->name, t);
        default:
            return lookup_failed(r, e, i, "field '%s': '%.60s' is neither a "
                                 "postcode nor a town of North Jutland; "
                                 "OMR\xC3\x85" "DE left empty", f->name, t);
        }
    case XF_TYPE_TEXT:
        if (f->role == XF_ROLE_LEVEL) {
            const char *lv = xf_level_canonical(t);
            if (lv) {
                rec->level = lv;
                return AMB_OK;
            }
            return lookup_failed(r, e, i, "field '%s': '%.60s' is not one "
                                 "of %s (map it with fields.%s.map); LEVEL "
                                 "left empty", f->name, t, xf_level_list(),
                                 f->name);
        }
        return AMB_OK;
    }
    return AMB_OK;
}

/* Fill rec from e: every field, required fields, the period. */
static amb_rc build(xf_run *r, const xf_entry *e, record *rec)
{
    const xf_opts *o = r->o;
    rec->level = "";
    rec->area = "";
    for (size_t i = 0; i < o->nfields; i++) {
        const xf_field *f = &o->fields[i];
        amb_rc rc = field_text(r, e, i, &rec->text[i]);
        if (rc)
            return rc;
        if (!rec->text[i]) {
            if (f->required)
                return xf_run_fail(r, e, 0, AMB_EPARSE,
                                   "required field '%s' is missing (%s '%s' "
                                   "selected nothing)", f->name,
                                   o->format == XF_FORMAT_CSV ? "column"
                                                              : "path",
                                   f->path ? f->path : "");
            continue;
        }
        if ((rc = convert(r, e, i, rec)))
            return rc;
    }
    /* the start date decides, then the year, then the option */
    int year_field = o->role_field[XF_ROLE_YEAR];
    int start_field = o->role_field[XF_ROLE_START];
    if (rec->start_year) {
        snprintf(rec->period, sizeof rec->period, "%d", rec->start_year);
    } else if (rec->year) {
        snprintf(rec->period, sizeof rec->period, "%d", rec->year);
    } else if (o->period) {
        snprintf(rec->period, sizeof rec->period, "%s", o->period);
    } else {
        return xf_run_fail(r, e, 0, AMB_EPARSE,
                           "the record has no period: no %s, and no option "
                           "'period' is set",
                           start_field >= 0 ? "start date"
                           : year_field >= 0 ? "year"
                                             : "start or year field");
    }
    return AMB_OK;
}

/* ------------------------------------------------------------ storing */

/* The text of the field with index field (-1: no such field), or NULL. */
static const char *text_of(const record *rec, int field)
{
    return field >= 0 && rec->text[field] ? rec->text[field] : NULL;
}

/* Labels of level, area and measure codes, given once per run. */
static amb_rc label_codes(xf_run *r, const record *rec)
{
    amb_rc rc = AMB_OK;
    int lv = *rec->level ? xf_level_index(rec->level) : -1;
    if (lv >= 0 && !(r->labelled & (UINT32_C(1) << lv))) {
        r->labelled |= UINT32_C(1) << lv;
        rc = r->host->dim_label(r->ctx, DIM_LEVEL, rec->level, "da",
                                xf_level_label(rec->level));
    }
    const char *code, *name;
    for (size_t k = 0; rc == AMB_OK && *rec->area &&
                       xf_muni_at(k, &code, &name) == 0; k++)
        if (strcmp(code, rec->area) == 0 &&
            !(r->labelled & (UINT32_C(1) << (7 + k)))) {
            r->labelled |= UINT32_C(1) << (7 + k);
            rc = r->host->dim_label(r->ctx, DIM_AREA, code, "da", name);
        }
    if (rc == AMB_OK && !(r->measures_labelled & COUNT_BIT)) {
        r->measures_labelled |= COUNT_BIT;
        rc = r->host->dim_label(r->ctx, DIM_MEASURE, "count", "da",
                                "Antal udbud");
    }
    for (size_t i = 0; rc == AMB_OK && i < r->o->nfields && i < 31; i++) {
        const xf_field *f = &r->o->fields[i];
        if (f->role != XF_ROLE_MEASURE || !rec->has[i] ||
            (r->measures_labelled & (UINT32_C(1) << i)))
            continue;
        r->measures_labelled |= UINT32_C(1) << i;
        const char *label = f->label;
        if (!label)
            label = strcmp(f->name, "seats") == 0        ? "Pladser"
                    : strcmp(f->name, "applicants") == 0 ? "Ans\xC3\xB8gere"
                    : strcmp(f->name, "admitted") == 0   ? "Optagne"
                                                         : f->name;
        rc = r->host->dim_label(r->ctx, DIM_MEASURE, f->name, "da", label);
    }
    return rc;
}

/* Label code of dimension dim with label, the first time the run sees
 * the code. */
static amb_rc label_once(xf_run *r, int dim, char tag, const char *code,
                         const char *label)
{
    size_t n = strlen(code);
    char small[256], *key = n + 2 <= sizeof small ? small : malloc(n + 2);
    if (!key)
        return r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
    key[0] = tag;
    memcpy(key + 1, code, n + 1);
    xf_seen_hit hit;
    int s = xf_seen_put(r->labelled_codes, key, n + 1, NULL, NULL, 0, 0, 0,
                        0, &hit);
    if (key != small)
        free(key);
    if (s < 0)
        return r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
    return s == 0 ? r->host->dim_label(r->ctx, (size_t)dim, code, "da", label)
                  : AMB_OK;
}

/* Store rec: labels of new codes, then one observation per measure. */
static amb_rc store(xf_run *r, const record *rec, const char *const *codes)
{
    const xf_opts *o = r->o;
    amb_rc rc = xf_run_begin(r);
    const char *title = text_of(rec, o->role_field[XF_ROLE_TITLE]);
    /* a programme is labelled with every new key (the last title wins);
     * providers, being few, once */
    if (rc == AMB_OK && title)
        rc = r->host->dim_label(r->ctx, DIM_PROGRAMME, codes[DIM_PROGRAMME],
                                "da", title);
    if (rc == AMB_OK && *codes[DIM_PROVIDER])
        rc = label_once(r, DIM_PROVIDER, 'V', codes[DIM_PROVIDER],
                        codes[DIM_PROVIDER]);
    if (rc == AMB_OK)
        rc = label_codes(r, rec);
    const char *c[NDIMS];
    memcpy(c, codes, sizeof c);
    c[DIM_MEASURE] = "count";
    if (rc == AMB_OK)
        rc = r->host->observe(r->ctx, c, rec->period, 1, 1, NULL);
    for (size_t i = 0; rc == AMB_OK && i < o->nfields; i++) {
        if (o->fields[i].role != XF_ROLE_MEASURE || !rec->has[i])
            continue;
        c[DIM_MEASURE] = o->fields[i].name;
        rc = r->host->observe(r->ctx, c, rec->period, rec->num[i], 1, NULL);
    }
    return rc;
}

/* The name of value k of a record's value vector (0 is count). */
static const char *value_name(const xf_opts *o, size_t k)
{
    if (k == 0)
        return "count";
    for (size_t i = 0; i < o->nfields; i++)
        if (o->fields[i].role == XF_ROLE_MEASURE && --k == 0)
            return o->fields[i].name;
    return "?";
}

amb_rc xf_run_entry(xf_run *r, const xf_entry *e)
{
    const xf_opts *o = r->o;
    record rec;
    memset(&rec, 0, sizeof rec);
    r->entries_seen++;
    amb_rc rc = build(r, e, &rec);
    if (rc)
        goto out;
    const char *programme = text_of(&rec, o->role_field[XF_ROLE_ID]);
    if (!programme)
        programme = text_of(&rec, o->role_field[XF_ROLE_URL]);
    const char *provider = text_of(&rec, o->role_field[XF_ROLE_PROVIDER]);
    if (!provider)
        provider = "";
    if (!programme) {
        const char *title = text_of(&rec, o->role_field[XF_ROLE_TITLE]);
        uint64_t h = XF_HASH_SEED;
        if (title)
            h = xf_hash64(title, strlen(title), h);
        h = xf_hash64("\x1f", 1, h);
        h = xf_hash64(provider, strlen(provider), h);
        snprintf(rec.programme_hash, sizeof rec.programme_hash, "h%016llx",
                 (unsigned long long)h);
        programme = rec.programme_hash;
    }
    const char *codes[NDIMS] = {programme, provider, rec.level, rec.area,
                                NULL};
    /* the key, and the values: count, then every measure field */
    size_t lens[4], keylen = strlen(rec.period);
    for (int k = 0; k < 4; k++)
        keylen += (lens[k] = strlen(codes[k])) + 1;
    char *key = malloc(keylen + 1);
    if (!key) {
        rc = r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
        goto out;
    }
    size_t pos = 0;
    for (int k = 0; k < 4; k++) {
        memcpy(key + pos, codes[k], lens[k]);
        pos += lens[k];
        key[pos++] = '\x1f';
    }
    memcpy(key + pos, rec.period, strlen(rec.period) + 1);
    double vals[XF_MAX_FIELDS + 1] = {1};
    unsigned char has[XF_MAX_FIELDS + 1] = {1};
    size_t nvals = 1;
    for (size_t i = 0; i < o->nfields; i++)
        if (o->fields[i].role == XF_ROLE_MEASURE) {
            vals[nvals] = rec.has[i] ? rec.num[i] : 0;
            has[nvals++] = rec.has[i];
        }
    xf_seen_hit hit;
    int s = xf_seen_put(r->seen, key, keylen, vals, has, nvals,
                        r->npages ? r->npages - 1 : 0, e->number,
                        e->entry_line, &hit);
    free(key);
    if (s == 0) {
        rc = store(r, &rec, codes);
        r->records += rc == AMB_OK;
    } else if (s == 1) {
        r->duplicates++;
    } else if (s == 2) {
        char prev[40] = "none", now[40] = "none";
        if (hit.prev_has)
            snprintf(prev, sizeof prev, "%.15g", hit.prev_value);
        if (hit.diff < nvals && has[hit.diff])
            snprintf(now, sizeof now, "%.15g", vals[hit.diff]);
        char line[32] = "";
        if (hit.line > 0)
            snprintf(line, sizeof line, ":%ld", hit.line);
        rc = xf_run_fail(r, e, 0, AMB_EPARSE,
                         "repeats entry %lu of %s%s (same programme, "
                         "provider, level, area and period %s) with another "
                         "%s: %s, there %s", hit.entry,
                         hit.page < r->npages ? r->pages[hit.page] : "?",
                         line, rec.period, value_name(o, hit.diff), now,
                         prev);
    } else {
        rc = r->host->fail(r->ctx, AMB_ENOMEM, "xmlfeed: out of memory");
    }
out:
    record_free(&rec);
    return rc;
}
