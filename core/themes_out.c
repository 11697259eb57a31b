/*
 * themes_out.c - the theme analysis as JSON, text tables and CSV, the
 * lexicon listing, and the report's "themes" value (amb_themes_json).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "themes.h"

/* ------------------------------------------------------------ helpers */

/* Compare sub-goal ids number by number ("4.2" < "5.1.1" < "5.1.10"). */
static int cmp_subgoal(const void *x, const void *y)
{
    const char *a = *(char *const *)x, *b = *(char *const *)y;
    while (*a && *b) {
        char *ea, *eb;
        long na = strtol(a, &ea, 10), nb = strtol(b, &eb, 10);
        if (na != nb)
            return na < nb ? -1 : 1;
        a = *ea == '.' ? ea + 1 : ea;
        b = *eb == '.' ? eb + 1 : eb;
    }
    return (*a != 0) - (*b != 0);
}

/* The distinct sub-goals of the lexicon in id order (borrowed strings in
 * a malloc'd array). */
static const char **subgoal_list(const amb_themes_lexicon *lx, size_t *n)
{
    size_t total = 0;
    for (size_t t = 0; t < lx->nthemes; t++)
        total += lx->themes[t].nsubgoals;
    const char **v = amb_xcalloc(total + 1, sizeof *v);
    *n = 0;
    for (size_t t = 0; t < lx->nthemes; t++)
        for (size_t i = 0; i < lx->themes[t].nsubgoals; i++) {
            const char *s = lx->themes[t].subgoals[i];
            int seen = 0;
            for (size_t k = 0; k < *n && !seen; k++)
                seen = strcmp(v[k], s) == 0;
            if (!seen)
                v[(*n)++] = s;
        }
    qsort(v, *n, sizeof *v, cmp_subgoal);
    return v;
}

static int has_subgoal(const amb_theme *th, const char *sg)
{
    for (size_t i = 0; i < th->nsubgoals; i++)
        if (strcmp(th->subgoals[i], sg) == 0)
            return 1;
    return 0;
}

/* The index of organisation org, or r->norgs. */
static size_t org_at(const amb_themes_result *r, const char *org)
{
    size_t k = 0;
    while (k < r->norgs && strcmp(r->orgs[k], org) != 0)
        k++;
    return k;
}

/* Does document d address sub-goal sg: a hit on one of its themes that
 * the document's organisation works with? */
static int doc_addresses(const amb_themes_result *r, const amb_themes_doc *d,
                         const char *sg)
{
    size_t o = org_at(r, d->organisation);
    for (size_t t = 0; t < r->lx->nthemes; t++)
        if (d->hits[t] && has_subgoal(&r->lx->themes[t], sg) &&
            amb_themes_works(r, t, o))
            return 1;
    return 0;
}

static json_t *str_array(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* The organisations that work with theme t. */
static json_t *theme_orgs(const amb_themes_result *r, size_t t)
{
    json_t *a = json_array();
    for (size_t o = 0; o < r->norgs; o++)
        if (amb_themes_works(r, t, o))
            json_array_append_new(a, json_string(r->orgs[o]));
    return a;
}

/* ------------------------------------------------------------ JSON */

/* The "subgoals" array: each sub-goal of the lexicon in id order with
 * its themes, the organisations working with one of them and the
 * documents addressing it (new reference). */
static json_t *subgoals_json(const amb_themes_result *r)
{
    size_t n;
    const char **sgs = subgoal_list(r->lx, &n);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *themes = json_array(), *orgs = json_array(),
               *docs = json_array();
        for (size_t t = 0; t < r->lx->nthemes; t++)
            if (has_subgoal(&r->lx->themes[t], sgs[i]))
                json_array_append_new(themes,
                                      json_string(r->lx->themes[t].id));
        for (size_t o = 0; o < r->norgs; o++) {
            int works = 0;
            for (size_t t = 0; t < r->lx->nthemes && !works; t++)
                works = has_subgoal(&r->lx->themes[t], sgs[i]) &&
                        amb_themes_works(r, t, o);
            if (works)
                json_array_append_new(orgs, json_string(r->orgs[o]));
        }
        for (size_t d = 0; d < r->ndocs; d++)
            if (doc_addresses(r, &r->docs[d], sgs[i]))
                json_array_append_new(docs, json_pack(
                    "{s:s, s:s, s:o}", "organisation",
                    r->docs[d].organisation, "url", r->docs[d].url, "title",
                    opt_str(r->docs[d].title)));
        json_array_append_new(arr, json_pack("{s:s, s:o, s:o, s:o}", "id",
                                             sgs[i], "themes", themes,
                                             "organisations", orgs,
                                             "documents", docs));
    }
    free(sgs);
    return arr;
}

/* One document's entry: metadata, hits per theme (themes with hits only)
 * and, when asked, its evidence (new reference). */
static json_t *document_json(const amb_themes_result *r,
                             const amb_themes_doc *d, int with_evidence)
{
    json_t *hits = json_object();
    json_t *ev = with_evidence ? json_object() : NULL;
    for (size_t t = 0; t < r->lx->nthemes; t++) {
        if (!d->hits[t])
            continue;
        const char *id = r->lx->themes[t].id;
        json_object_set_new(hits, id, json_integer((json_int_t)d->hits[t]));
        if (!ev)
            continue;
        json_t *list = json_array();
        for (size_t i = 0; i < d->nev[t]; i++)
            json_array_append_new(list, json_pack(
                "{s:s, s:I}", "sentence", d->ev[t][i].sentence, "position",
                (json_int_t)d->ev[t][i].position));
        json_object_set_new(ev, id, list);
    }
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:I, s:o}", "organisation",
        d->organisation, "source", d->source, "url", d->url, "title",
        opt_str(d->title), "period", opt_str(d->period), "format",
        opt_str(d->format), "pages", (json_int_t)d->pages, "bytes",
        (json_int_t)d->bytes, "hits", hits);
    if (ev)
        json_object_set_new(o, "evidence", ev);
    return o;
}

json_t *amb_themes_result_json(const amb_themes_result *r, int with_evidence)
{
    const amb_themes_lexicon *lx = r->lx;
    json_t *themes = json_array();
    for (size_t t = 0; t < lx->nthemes; t++) {
        const amb_theme *th = &lx->themes[t];
        json_t *hits = json_object();
        for (size_t o = 0; o < r->norgs; o++)
            json_object_set_new(hits, r->orgs[o], json_integer(
                (json_int_t)r->org_hits[t * r->norgs + o]));
        json_array_append_new(themes, json_pack(
            "{s:s, s:s, s:o, s:I, s:o, s:o}", "id", th->id, "title",
            th->title, "subgoals", str_array(th->subgoals, th->nsubgoals),
            "count", (json_int_t)r->count[t], "organisations",
            theme_orgs(r, t), "hits", hits));
    }
    /* Per organisation: the themes it works with, in lexicon order. */
    json_t *works = json_object();
    for (size_t o = 0; o < r->norgs; o++) {
        json_t *ids = json_array();
        for (size_t t = 0; t < lx->nthemes; t++)
            if (amb_themes_works(r, t, o))
                json_array_append_new(ids, json_string(lx->themes[t].id));
        json_object_set_new(works, r->orgs[o], ids);
    }
    json_t *docs = json_array();
    for (size_t d = 0; d < r->ndocs; d++)
        json_array_append_new(docs,
                              document_json(r, &r->docs[d], with_evidence));
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "min_hits",
                     (json_int_t)r->min_hits, "organisations",
                     str_array(r->orgs, r->norgs), "works_with", works,
                     "themes", themes, "subgoals", subgoals_json(r),
                     "documents", docs);
}

/* ------------------------------------------------------------ text */

/* Print s padded with spaces to width columns (UTF-8 characters), cut
 * with "..." when longer. */
static void put_padded(FILE *fp, const char *s, size_t width)
{
    size_t cols = 0, i = 0, n = strlen(s);
    size_t cut = n;
    while (i < n) {
        if (cols == width - 3 && cut == n)
            cut = i;
        size_t k = 1;
        while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
            k++;
        i += k;
        cols++;
    }
    if (cols > width) {
        fwrite(s, 1, cut, fp);
        fputs("...", fp);
        return;
    }
    fputs(s, fp);
    for (; cols < width; cols++)
        fputc(' ', fp);
}

/* The document's name in listings: its title, else its url. */
static const char *doc_name(const amb_themes_doc *d)
{
    return d->title && *d->title ? d->title : d->url;
}

/* The evidence section of the table: per theme, every kept sentence as
 * "ORG, DOCUMENT @POSITION: sentence". */
static void print_evidence(FILE *fp, const amb_themes_result *r)
{
    fputs("\nEvidence\n", fp);
    for (size_t t = 0; t < r->lx->nthemes; t++) {
        int any = 0;
        for (size_t d = 0; d < r->ndocs; d++) {
            const amb_themes_doc *doc = &r->docs[d];
            for (size_t i = 0; i < doc->nev[t]; i++) {
                if (!any)
                    fprintf(fp, "\n%s\n", r->lx->themes[t].title);
                any = 1;
                fprintf(fp, "  %s, %s @%zu: %s\n", doc->organisation,
                        doc_name(doc), doc->ev[t][i].position,
                        doc->ev[t][i].sentence);
            }
        }
    }
}

int amb_themes_print_table(FILE *fp, const amb_themes_result *r,
                           int with_evidence)
{
    const amb_themes_lexicon *lx = r->lx;
    /* Organisation columns: as wide as the longest id, 6 to 12. */
    int w = 6;
    for (size_t o = 0; o < r->norgs; o++) {
        int n = (int)strlen(r->orgs[o]);
        w = n > w ? (n > 12 ? 12 : n) : w;
    }
    put_padded(fp, "Theme", 48);
    for (size_t o = 0; o < r->norgs; o++) {
        fputc(' ', fp);
        put_padded(fp, r->orgs[o], (size_t)w);
    }
    fputs(" Orgs\n", fp);
    for (size_t t = 0; t < lx->nthemes; t++) {
        put_padded(fp, lx->themes[t].title, 48);
        for (size_t o = 0; o < r->norgs; o++) {
            size_t h = r->org_hits[t * r->norgs + o];
            char cell[32];
            if (h == 0)
                snprintf(cell, sizeof cell, ".");
            else if (amb_themes_works(r, t, o))
                snprintf(cell, sizeof cell, "%zu", h);
            else
                snprintf(cell, sizeof cell, "(%zu)", h);
            fprintf(fp, " %-*s", w, cell);
        }
        fprintf(fp, " %4zu\n", r->count[t]);
    }
    fprintf(fp, "\nHits per organisation; (n): below the threshold of %u "
            "hits; Orgs: organisations at or above it.\n", r->min_hits);

    size_t n;
    const char **sgs = subgoal_list(lx, &n);
    fputs("\nSub-goal  Organisations         Documents\n", fp);
    for (size_t i = 0; i < n; i++) {
        char orgs[256] = "";
        size_t used = 0, ndocs = 0;
        for (size_t o = 0; o < r->norgs; o++) {
            int works = 0;
            for (size_t t = 0; t < lx->nthemes && !works; t++)
                works = has_subgoal(&lx->themes[t], sgs[i]) &&
                        amb_themes_works(r, t, o);
            if (works && used < sizeof orgs - 40)
                used += (size_t)snprintf(orgs + used, sizeof orgs - used,
                                         "%s%s", used ? " " : "", r->orgs[o]);
        }
        for (size_t d = 0; d < r->ndocs; d++)
            ndocs += (size_t)doc_addresses(r, &r->docs[d], sgs[i]);
        fprintf(fp, "%-9s ", sgs[i]);
        put_padded(fp, used ? orgs : "-", 21);
        fprintf(fp, " %zu\n", ndocs);
    }
    free(sgs);
    if (with_evidence)
        print_evidence(fp, r);
    return ferror(fp) ? AMB_EIO : 0;
}

/* ------------------------------------------------------------ CSV */

/* One RFC 4180 field, then ',' or a newline when last. */
static void csv_field(FILE *fp, const char *s, int last)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' ||
                                         s[strlen(s) - 1] == ' '))) {
        fputc('"', fp);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', fp);
            fputc(*p, fp);
        }
        fputc('"', fp);
    } else {
        fputs(s, fp);
    }
    fputc(last ? '\n' : ',', fp);
}

static void csv_number(FILE *fp, size_t v, int last)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", v);
    csv_field(fp, buf, last);
}

int amb_themes_print_csv(FILE *fp, const amb_themes_result *r,
                         int with_evidence)
{
    const amb_themes_lexicon *lx = r->lx;
    if (with_evidence) {
        fputs("theme,organisation,document,position,sentence\n", fp);
        for (size_t t = 0; t < lx->nthemes; t++)
            for (size_t d = 0; d < r->ndocs; d++)
                for (size_t i = 0; i < r->docs[d].nev[t]; i++) {
                    csv_field(fp, lx->themes[t].id, 0);
                    csv_field(fp, r->docs[d].organisation, 0);
                    csv_field(fp, r->docs[d].url, 0);
                    csv_number(fp, r->docs[d].ev[t][i].position, 0);
                    csv_field(fp, r->docs[d].ev[t][i].sentence, 1);
                }
        return ferror(fp) ? AMB_EIO : 0;
    }
    fputs("theme,title,organisation,hits,works,count,subgoals\n", fp);
    for (size_t t = 0; t < lx->nthemes; t++) {
        const amb_theme *th = &lx->themes[t];
        amb_buf sg = {0};
        for (size_t i = 0; i < th->nsubgoals; i++)
            amb_buf_printf(&sg, "%s%s", i ? " " : "", th->subgoals[i]);
        for (size_t o = 0; o < r->norgs; o++) {
            csv_field(fp, th->id, 0);
            csv_field(fp, th->title, 0);
            csv_field(fp, r->orgs[o], 0);
            csv_number(fp, r->org_hits[t * r->norgs + o], 0);
            csv_number(fp, (size_t)amb_themes_works(r, t, o), 0);
            csv_number(fp, r->count[t], 0);
            csv_field(fp, sg.data ? sg.data : "", 1);
        }
        amb_buf_free(&sg);
    }
    return ferror(fp) ? AMB_EIO : 0;
}

/* ------------------------------------------------------------ lexicon */

int amb_themes_print_lexicon(FILE *fp, const amb_themes_lexicon *lx,
                             const char *format)
{
    if (format && strcmp(format, "csv") == 0) {
        fputs("theme,term\n", fp);
        for (size_t t = 0; t < lx->nthemes; t++)
            for (size_t i = 0; i < lx->themes[t].nterms; i++) {
                csv_field(fp, lx->themes[t].id, 0);
                csv_field(fp, lx->themes[t].terms[i], 1);
            }
    } else if (format && strcmp(format, "json") == 0) {
        json_t *themes = json_array();
        for (size_t t = 0; t < lx->nthemes; t++) {
            const amb_theme *th = &lx->themes[t];
            json_array_append_new(themes, json_pack(
                "{s:s, s:s, s:o, s:o, s:s, s:i}", "id", th->id, "title",
                th->title, "subgoals", str_array(th->subgoals, th->nsubgoals),
                "terms", str_array(th->terms, th->nterms), "file", th->file,
                "line", th->line));
        }
        json_t *doc = json_pack("{s:o, s:o, s:o}", "files",
                                str_array(lx->files, lx->nfiles), "partners",
                                str_array(lx->partners, lx->npartners),
                                "themes", themes);
        json_dumpf(doc, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', fp);
        json_decref(doc);
    } else {
        put_padded(fp, "Theme", 30);
        fputs(" Terms  Sub-goals                Title\n", fp);
        for (size_t t = 0; t < lx->nthemes; t++) {
            const amb_theme *th = &lx->themes[t];
            char sg[128] = "";
            size_t used = 0;
            for (size_t i = 0; i < th->nsubgoals && used < sizeof sg - 20; i++)
                used += (size_t)snprintf(sg + used, sizeof sg - used, "%s%s",
                                         i ? "," : "", th->subgoals[i]);
            put_padded(fp, th->id, 30);
            fprintf(fp, " %5zu  ", th->nterms);
            put_padded(fp, used ? sg : "-", 24);
            fprintf(fp, " %s\n", th->title);
        }
    }
    return ferror(fp) ? AMB_EIO : 0;
}

/* ------------------------------------------------------------ report */

/* Up to two evidence sentences of each organisation working with t. */
static json_t *report_evidence(const amb_themes_result *r, size_t t)
{
    json_t *arr = json_array();
    for (size_t o = 0; o < r->norgs; o++) {
        if (!amb_themes_works(r, t, o))
            continue;
        size_t taken = 0;
        for (size_t d = 0; d < r->ndocs && taken < 2; d++) {
            const amb_themes_doc *doc = &r->docs[d];
            if (strcmp(doc->organisation, r->orgs[o]) != 0)
                continue;
            for (size_t i = 0; i < doc->nev[t] && taken < 2; i++, taken++)
                json_array_append_new(arr, json_pack(
                    "{s:s, s:s, s:s, s:I}", "org", r->orgs[o], "document",
                    doc_name(doc), "sentence", doc->ev[t][i].sentence,
                    "position", (json_int_t)doc->ev[t][i].position));
        }
    }
    return arr;
}

int amb_themes_json(amb_workspace *ws, json_t **out, amb_error *err)
{
    *out = NULL;
    amb_themes_lexicon *lx;
    int rc = amb_themes_lexicon_load_default(ws->cfg->dir, &ws->cfg->lua,
                                             &lx, err);
    if (rc < 0)
        return rc;
    amb_themes_result *r;
    amb_themes_opts opts = {AMB_THEMES_MIN_HITS, 2};
    rc = amb_themes_analyse(ws->store, lx, &opts, &r, err);
    if (rc == 0 && r->ndocs > 0) {
        json_t *themes = json_array();
        for (size_t t = 0; t < lx->nthemes; t++) {
            const amb_theme *th = &lx->themes[t];
            json_array_append_new(themes, json_pack(
                "{s:s, s:s, s:o, s:I, s:o, s:o}", "id", th->id, "title",
                th->title, "organisations", theme_orgs(r, t), "count",
                (json_int_t)r->count[t], "subgoals",
                str_array(th->subgoals, th->nsubgoals), "evidence",
                report_evidence(r, t)));
        }
        *out = json_pack("{s:o, s:o}", "themes", themes, "organisations",
                         str_array(r->orgs, r->norgs));
    }
    amb_themes_result_free(r);
    amb_themes_lexicon_free(lx);
    return rc;
}
