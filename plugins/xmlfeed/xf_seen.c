/*
 * xf_seen.c - the record keys a run has stored, with their values, so that
 * a record repeated on a later page (or twice on one page) is skipped when
 * it says the same and refused when it contradicts the first.
 *
 * An open-addressing hash table (FNV-1a 64, linear probing, at most half
 * full) of owned entries; memory grows with the number of distinct records
 * (key text + values, some 100 bytes each), not with the input.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xmlfeed.h"

typedef struct seen_entry {
    uint64_t hash;
    size_t page;
    unsigned long entry;
    long line;
    size_t keylen, nvals;
    unsigned char *has;     /* nvals flags, then the key text */
    double vals[];          /* nvals values */
} seen_entry;

struct xf_seen {
    seen_entry **slots;
    size_t cap;             /* a power of two */
    size_t n;
};

uint64_t xf_hash64(const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

xf_seen *xf_seen_new(void)
{
    xf_seen *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cap = 1024;
    s->slots = calloc(s->cap, sizeof *s->slots);
    if (!s->slots) {
        free(s);
        return NULL;
    }
    return s;
}

void xf_seen_free(xf_seen *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->cap; i++)
        free(s->slots[i]);
    free(s->slots);
    free(s);
}

/* Double the table; 0 or -1 (out of memory, the table unchanged). */
static int grow(xf_seen *s)
{
    size_t cap = s->cap * 2;
    seen_entry **slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < s->cap; i++) {
        seen_entry *e = s->slots[i];
        if (!e)
            continue;
        size_t j = (size_t)e->hash & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = e;
    }
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return 0;
}

static const char *key_of(const seen_entry *e)
{
    return (const char *)e->has + e->nvals;
}

/* Compare the stored values with new ones: the index of the first
 * difference, or nvals when all agree. */
static size_t first_diff(const seen_entry *e, const double *vals,
                         const unsigned char *has, size_t nvals)
{
    size_t n = e->nvals < nvals ? e->nvals : nvals;
    for (size_t i = 0; i < n; i++)
        if (e->has[i] != has[i] || (has[i] && e->vals[i] != vals[i]))
            return i;
    return e->nvals == nvals ? nvals : n;
}

int xf_seen_put(xf_seen *s, const char *key, size_t keylen,
                const double *vals, const unsigned char *has, size_t nvals,
                size_t page, unsigned long entry, long line,
                xf_seen_hit *hit)
{
    uint64_t h = xf_hash64(key, keylen, XF_HASH_SEED);
    size_t j = (size_t)h & (s->cap - 1);
    for (seen_entry *e; (e = s->slots[j]) != NULL; j = (j + 1) & (s->cap - 1)) {
        if (e->hash != h || e->keylen != keylen ||
            memcmp(key_of(e), key, keylen) != 0)
            continue;
        size_t d = first_diff(e, vals, has, nvals);
        memset(hit, 0, sizeof *hit);
        hit->page = e->page;
        hit->entry = e->entry;
        hit->line = e->line;
        hit->diff = d;
        if (d < e->nvals) {
            hit->prev_value = e->vals[d];
            hit->prev_has = e->has[d];
        }
        return d == nvals ? 1 : 2;
    }
    if ((s->n + 1) * 2 > s->cap) {
        if (grow(s))
            return AMB_ENOMEM;
        j = (size_t)h & (s->cap - 1);
        while (s->slots[j])
            j = (j + 1) & (s->cap - 1);
    }
    seen_entry *e = malloc(sizeof *e + nvals * sizeof(double) + nvals +
                           keylen);
    if (!e)
        return AMB_ENOMEM;
    e->hash = h;
    e->page = page;
    e->entry = entry;
    e->line = line;
    e->keylen = keylen;
    e->nvals = nvals;
    e->has = (unsigned char *)(e->vals + nvals);
    if (nvals) {
        memcpy(e->vals, vals, nvals * sizeof(double));
        memcpy(e->has, has, nvals);
    }
    memcpy(e->has + nvals, key, keylen);
    s->slots[j] = e;
    s->n++;
    return 0;
}
