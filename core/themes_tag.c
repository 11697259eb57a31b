/*
 * themes_tag.c - tagging texts with the lexicon's themes: hit counts with
 * evidence sentences per document, then per organisation against the
 * threshold.
 *
 * Counting: the matcher reports every term match; overlapping matches of
 * one theme (a phrase and a word inside it, two stems on one word) count
 * as one hit.  Evidence: the sentence around a hit (text_sentence.c), each
 * sentence once per theme, cut to AMB_THEMES_EXCERPT bytes around the hit
 * at word boundaries when longer, so that the evidence is always an exact
 * slice of the stored text at its position.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "text_clean.h"
#include "themes.h"

/* The state of one amb_themes_tag() call. */
typedef struct tagger {
    const char *text;
    size_t len;
    size_t max_ev;
    size_t *hits;
    size_t *nev;
    amb_themes_evidence **ev;
    size_t *last_end;        /* per theme: end of its last hit, 0 = none */
    size_t *last_start;
    size_t s_start, s_end;   /* the last sentence found */
    int have_sentence;
    size_t lo;               /* a sentence boundary at or before hits */
    int oom;
} tagger;

/* Move i back to the start of a UTF-8 character. */
static size_t char_start(const char *t, size_t i)
{
    while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* The evidence slice for a hit at [start, end) in sentence [s, e). */
static void excerpt(const tagger *tg, size_t start, size_t end, size_t s,
                    size_t e, size_t *a, size_t *b)
{
    *a = s;
    *b = e;
    if (e - s <= AMB_THEMES_EXCERPT)
        return;
    const char *t = tg->text;
    size_t half = AMB_THEMES_EXCERPT / 2;
    size_t mid = start + (end - start) / 2;
    size_t wa = mid > s + half ? mid - half : s;
    if (wa + AMB_THEMES_EXCERPT > e)
        wa = e - AMB_THEMES_EXCERPT;
    wa = char_start(t, wa);
    if (wa > s) {
        size_t k = wa;
        while (k < start && t[k] != ' ')
            k++;
        wa = k < start ? k + 1 : char_start(t, wa);
    }
    size_t wb = wa + AMB_THEMES_EXCERPT;
    if (wb > e)
        wb = e;
    if (wb < end)
        wb = end;
    if (wb < e) {
        wb = char_start(t, wb);
        size_t k = wb;
        while (k > end && t[k] != ' ')
            k--;
        wb = k > end ? k : wb;
    }
    *a = wa;
    *b = wb;
}

/* Record the evidence of a hit of theme th at [start, end). */
static void add_evidence(tagger *tg, unsigned th, size_t start, size_t end)
{
    if (!tg->have_sentence || start < tg->s_start || start >= tg->s_end) {
        size_t lo = start >= tg->lo ? tg->lo : 0;
        size_t s, e;
        amb_text_sentence_at(tg->text + lo, tg->len - lo, start - lo, &s, &e);
        tg->s_start = s + lo;
        tg->s_end = e + lo;
        tg->have_sentence = 1;
        if (tg->s_start > tg->lo)
            tg->lo = tg->s_start;
    }
    size_t a, b;
    excerpt(tg, start, end, tg->s_start, tg->s_end, &a, &b);
    size_t n = tg->nev[th];
    if (n > 0 && tg->ev[th][n - 1].position == a)
        return;
    amb_themes_evidence *v = realloc(tg->ev[th], (n + 1) * sizeof *v);
    char *sentence = malloc(b - a + 1);
    if (!v || !sentence) {
        if (v)
            tg->ev[th] = v;
        free(sentence);
        tg->oom = 1;
        return;
    }
    memcpy(sentence, tg->text + a, b - a);
    sentence[b - a] = '\0';
    tg->ev[th] = v;
    v[n].position = a;
    v[n].sentence = sentence;
    tg->nev[th] = n + 1;
}

/* The matcher's callback: count a hit unless it overlaps the theme's
 * last one (then widen that), and keep its evidence while under the
 * limit.  Non-zero (stop) only when out of memory. */
static int on_hit(void *ud, unsigned th, size_t start, size_t end)
{
    tagger *tg = ud;
    if (tg->last_end[th] && start < tg->last_end[th] &&
        end > tg->last_start[th]) {
        if (end > tg->last_end[th])
            tg->last_end[th] = end;
        if (start < tg->last_start[th])
            tg->last_start[th] = start;
        return 0;   /* overlaps the theme's last hit */
    }
    tg->last_start[th] = start;
    tg->last_end[th] = end;
    tg->hits[th]++;
    if (tg->ev && tg->nev[th] < tg->max_ev)
        add_evidence(tg, th, start, end);
    return tg->oom ? -1 : 0;
}

void amb_themes_evidence_free(amb_themes_evidence *ev, size_t n)
{
    for (size_t i = 0; ev && i < n; i++)
        free(ev[i].sentence);
    free(ev);
}

int amb_themes_tag(const amb_themes_matcher *m, size_t nthemes,
                   const char *text, size_t len, size_t max_ev,
                   size_t *hits, size_t *nev, amb_themes_evidence **ev)
{
    tagger tg;
    memset(&tg, 0, sizeof tg);
    tg.text = text;
    tg.len = len;
    tg.max_ev = max_ev;
    tg.hits = hits;
    tg.nev = nev;
    tg.ev = ev;
    memset(hits, 0, nthemes * sizeof *hits);
    if (ev) {
        memset(nev, 0, nthemes * sizeof *nev);
        memset(ev, 0, nthemes * sizeof *ev);
    }
    tg.last_end = calloc(nthemes ? nthemes : 1, sizeof *tg.last_end);
    tg.last_start = calloc(nthemes ? nthemes : 1, sizeof *tg.last_start);
    int rc = 0;
    if (!tg.last_end || !tg.last_start)
        rc = AMB_ENOMEM;
    else if (amb_themes_matcher_scan(m, text, len, on_hit, &tg) != 0)
        rc = AMB_ENOMEM;
    free(tg.last_end);
    free(tg.last_start);
    return rc;
}

/* ------------------------------------------------------------ analysis */

typedef struct analyse {
    const amb_themes_matcher *m;
    amb_themes_result *r;
    size_t nthemes, max_ev, cap;
    int rc;
} analyse;

/* The store's callback: copy one document's metadata into the result
 * and tag its text (borrowed from the store for this call only). */
static int on_document(void *ud, const amb_document_row *row)
{
    analyse *a = ud;
    amb_themes_result *r = a->r;
    if (r->ndocs == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 8;
        r->docs = amb_xrealloc(r->docs, a->cap * sizeof *r->docs);
    }
    amb_themes_doc *d = &r->docs[r->ndocs++];
    memset(d, 0, sizeof *d);
    d->id = row->id;
    d->source = amb_xstrdup(row->source);
    d->organisation = amb_xstrdup(row->organisation);
    d->url = amb_xstrdup(row->url);
    d->period = amb_xstrdup(row->period);
    d->title = amb_xstrdup(row->title);
    d->format = amb_xstrdup(row->format);
    d->pages = row->pages;
    d->bytes = row->text_len;
    size_t n = a->nthemes ? a->nthemes : 1;
    d->hits = amb_xcalloc(n, sizeof *d->hits);
    d->nev = amb_xcalloc(n, sizeof *d->nev);
    d->ev = amb_xcalloc(n, sizeof *d->ev);
    a->rc = amb_themes_tag(a->m, a->nthemes, row->text, row->text_len,
                           a->max_ev, d->hits, d->nev, d->ev);
    return a->rc;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The organisations of the documents: the lexicon's partners that have
 * documents in their order, then the others sorted. */
static void collect_orgs(amb_themes_result *r)
{
    const amb_themes_lexicon *lx = r->lx;
    r->orgs = amb_xcalloc(r->ndocs + 1, sizeof(char *));
    for (size_t p = 0; p < lx->npartners; p++)
        for (size_t i = 0; i < r->ndocs; i++)
            if (strcmp(r->docs[i].organisation, lx->partners[p]) == 0) {
                r->orgs[r->norgs++] = amb_xstrdup(lx->partners[p]);
                break;
            }
    size_t first_other = r->norgs;
    for (size_t i = 0; i < r->ndocs; i++) {
        int seen = 0;
        for (size_t k = 0; k < r->norgs && !seen; k++)
            seen = strcmp(r->orgs[k], r->docs[i].organisation) == 0;
        if (!seen)
            r->orgs[r->norgs++] = amb_xstrdup(r->docs[i].organisation);
    }
    qsort(r->orgs + first_other, r->norgs - first_other, sizeof(char *),
          cmp_str);
}

/* The index of organisation org in r->orgs. */
static size_t org_index(const amb_themes_result *r, const char *org)
{
    for (size_t k = 0; k < r->norgs; k++)
        if (strcmp(r->orgs[k], org) == 0)
            return k;
    return 0;
}

int amb_themes_analyse(amb_store *st, const amb_themes_lexicon *lx,
                       const amb_themes_opts *opts, amb_themes_result **out,
                       amb_error *err)
{
    *out = NULL;
    amb_themes_matcher *m;
    int rc = amb_themes_lexicon_matcher(lx, &m, err);
    if (rc < 0)
        return rc;
    amb_themes_result *r = amb_xcalloc(1, sizeof *r);
    r->lx = lx;
    r->min_hits = opts && opts->min_hits ? opts->min_hits
                                         : AMB_THEMES_MIN_HITS;
    analyse a = {m, r, lx->nthemes,
                 opts && opts->evidence ? opts->evidence : AMB_THEMES_EVIDENCE,
                 0, 0};
    rc = amb_store_list_documents(st, on_document, &a, err);
    amb_themes_matcher_free(m);
    if (rc == 0 && a.rc)
        rc = amb_error_set(err, AMB_ENOMEM, "themes: out of memory");
    if (rc < 0) {
        amb_themes_result_free(r);
        return rc;
    }
    collect_orgs(r);
    size_t nt = lx->nthemes ? lx->nthemes : 1;
    r->org_hits = amb_xcalloc(nt * (r->norgs ? r->norgs : 1), sizeof(size_t));
    r->count = amb_xcalloc(nt, sizeof(size_t));
    for (size_t i = 0; i < r->ndocs; i++) {
        size_t o = org_index(r, r->docs[i].organisation);
        for (size_t t = 0; t < lx->nthemes; t++)
            r->org_hits[t * r->norgs + o] += r->docs[i].hits[t];
    }
    for (size_t t = 0; t < lx->nthemes; t++)
        for (size_t o = 0; o < r->norgs; o++)
            r->count[t] += (size_t)amb_themes_works(r, t, o);
    *out = r;
    return 0;
}

int amb_themes_works(const amb_themes_result *r, size_t t, size_t o)
{
    return r->org_hits[t * r->norgs + o] >= r->min_hits;
}

void amb_themes_result_free(amb_themes_result *r)
{
    if (!r)
        return;
    size_t nt = r->lx ? r->lx->nthemes : 0;
    for (size_t i = 0; i < r->ndocs; i++) {
        amb_themes_doc *d = &r->docs[i];
        free(d->source);
        free(d->organisation);
        free(d->url);
        free(d->period);
        free(d->title);
        free(d->format);
        for (size_t t = 0; t < nt; t++)
            amb_themes_evidence_free(d->ev[t], d->nev[t]);
        free(d->hits);
        free(d->nev);
        free(d->ev);
    }
    free(r->docs);
    for (size_t k = 0; k < r->norgs; k++)
        free(r->orgs[k]);
    free(r->orgs);
    free(r->org_hits);
    free(r->count);
    free(r);
}
