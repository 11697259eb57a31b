/*
 * fuzz_themes.c - libFuzzer target for the term matcher, checked against
 * an independent reference.
 *
 * The first byte gives the number of terms (0-15), the following lines
 * are the terms and the rest is the text.  Every term the matcher accepts
 * must pass amb_themes_term_check() and the other way round.  The scan's
 * hits must come in order of their end, cover whole words (no word
 * character just before the start or at the end), and be exactly the hits
 * of a naive matcher that tokenises text and terms into folded words and
 * separators and compares them token by token at every word start (a term
 * word ending in '*' as a prefix).  Stopping from the callback must stop
 * the scan.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text_clean.h"
#include "themes_match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TERMS 15
#define MAX_HITS 4096

/* A token: a word or a separator, folded; offsets into the source. */
typedef struct tok {
    int word;
    int stem;            /* term words only: ended in '*' */
    char s[AMB_THEMES_MAX_TERM + 44];   /* longer text tokens are cut */
    size_t len;
    size_t start, end;
} tok;

/* Tokenise s[0..n): words of folded word characters, separators of
 * folded punctuation with each run of white space as one ' '; invisible
 * characters vanish.  With term, '*' after a word marks it a stem.
 * Returns the count, at most max (later tokens are dropped). */
static size_t tokenise(const char *s, size_t n, int term, tok *out,
                       size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, k = 0;
    int last_space = 0;
    while (i < n) {
        uint32_t cp;
        size_t at = i;
        i += amb_text_utf8_decode(p + i, n - i, &cp);
        int cls = amb_text_class_of(cp);
        if (cls == AMB_TEXT_IGNORE) {
            if (k > 0 && out[k - 1].word)
                out[k - 1].end = i;     /* invisible inside the word */
            continue;
        }
        if (term && cp == '*' && k > 0 && out[k - 1].word) {
            out[k - 1].stem = 1;
            continue;
        }
        int word = cls == AMB_TEXT_WORD;
        if (k == 0 || out[k - 1].word != word) {
            if (k == max)
                return k;
            memset(&out[k], 0, sizeof out[k]);
            out[k].word = word;
            out[k].start = at;
            k++;
            last_space = 0;
        }
        tok *t = &out[k - 1];
        char f[12];
        size_t fl = amb_text_fold_char(cp, f);
        if (cls == AMB_TEXT_SPACE) {
            if (last_space)
                fl = 0;
            last_space = 1;
        } else {
            last_space = 0;
        }
        if (t->len + fl < sizeof t->s) {
            memcpy(t->s + t->len, f, fl);
            t->len += fl;
        }
        t->end = i;
    }
    /* A term's leading and trailing white space is no separator. */
    if (term && k > 0 && !out[k - 1].word)
        k--;
    if (term && k > 0 && !out[0].word) {
        memmove(out, out + 1, (k - 1) * sizeof *out);
        k--;
    }
    return k;
}

typedef struct hit {
    unsigned id;
    size_t start, end;
} hit;

typedef struct hits {
    hit v[MAX_HITS];
    size_t n;
    int overflow;
    size_t stop_after;   /* 0: never stop */
} hits;

static int record(void *ud, unsigned id, size_t start, size_t end)
{
    hits *h = ud;
    if (h->n == MAX_HITS) {
        h->overflow = 1;
        return 0;
    }
    h->v[h->n++] = (hit){id, start, end};
    return h->stop_after && h->n == h->stop_after ? 7 : 0;
}

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* The naive matcher: term tokens against text tokens at word index w. */
static int match_at(const tok *tt, size_t nt, const tok *xt, size_t nx,
                    size_t w, size_t *end)
{
    if (w + nt > nx)
        return 0;
    for (size_t j = 0; j < nt; j++) {
        const tok *a = &tt[j], *b = &xt[w + j];
        if (a->word != b->word)
            return 0;
        if (a->stem ? (b->len < a->len || memcmp(a->s, b->s, a->len) != 0)
                    : (a->len != b->len || memcmp(a->s, b->s, a->len) != 0))
            return 0;
    }
    *end = xt[w + nt - 1].end;
    return 1;
}

/* The first code point ending before byte i (skipping invisible ones), or
 * 0 at the start. */
static int word_before(const char *t, size_t i)
{
    while (i > 0) {
        size_t j = i - 1;
        while (j > 0 && ((unsigned char)t[j] & 0xC0) == 0x80 && i - j < 4)
            j--;
        uint32_t cp;
        size_t k = amb_text_utf8_decode((const unsigned char *)t + j, i - j,
                                        &cp);
        if (j + k != i) {          /* a stray byte: U+FFFD on its own */
            cp = 0xFFFD;
            j = i - 1;
        }
        int cls = amb_text_class_of(cp);
        if (cls != AMB_TEXT_IGNORE)
            return cls == AMB_TEXT_WORD;
        i = j;
    }
    return 0;
}

static tok text_toks[16384];
static tok term_toks[MAX_TERMS][2 * AMB_THEMES_MAX_WORDS + 2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t nterms = data[0] % (MAX_TERMS + 1);
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    const char *terms[MAX_TERMS];
    size_t lens[MAX_TERMS];
    for (size_t i = 0; i < nterms; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        terms[i] = p;
        lens[i] = nl ? (size_t)(nl - p) : (size_t)(end - p);
        p = nl ? nl + 1 : end;
    }
    const char *text = p;
    size_t len = (size_t)(end - p);

    amb_themes_matcher *m = amb_themes_matcher_new();
    if (!m)
        return 0;
    int ok[MAX_TERMS];
    size_t ntok[MAX_TERMS];
    for (size_t i = 0; i < nterms; i++) {
        char err[128];
        int rc = amb_themes_matcher_add(m, terms[i], lens[i], (unsigned)i, err,
                                        sizeof err);
        int check = amb_themes_term_check(terms[i], lens[i], err, sizeof err);
        if (rc == -2)
            abort();
        if ((rc == 0) != (check == 0))
            abort();
        ok[i] = rc == 0;
        ntok[i] = ok[i] ? tokenise(terms[i], lens[i], 1, term_toks[i],
                                   2 * AMB_THEMES_MAX_WORDS + 2) : 0;
    }

    static hits got;
    got.n = 0;
    got.overflow = 0;
    got.stop_after = 0;
    if (amb_themes_matcher_scan(m, text, len, record, &got) != 0)
        abort();
    for (size_t i = 0; i < got.n; i++) {
        const hit *h = &got.v[i];
        if (h->id >= nterms || !ok[h->id] || h->start >= h->end ||
            h->end > len)
            abort();
        if (i > 0 && got.v[i - 1].end > h->end)
            abort();
        if (word_before(text, h->start))
            abort();
        if (h->end < len) {
            uint32_t cp;
            amb_text_utf8_decode((const unsigned char *)text + h->end,
                                 len - h->end, &cp);
            if (amb_text_class_of(cp) == AMB_TEXT_WORD)
                abort();
        }
    }

    /* The reference, when the text fits the token buffer. */
    size_t nx = tokenise(text, len, 0, text_toks,
                         sizeof text_toks / sizeof text_toks[0]);
    if (!got.overflow && nx < sizeof text_toks / sizeof text_toks[0]) {
        static hits want;
        want.n = 0;
        for (size_t w = 0; w < nx; w++) {
            if (!text_toks[w].word)
                continue;
            for (size_t i = 0; i < nterms; i++) {
                size_t e;
                if (ok[i] && match_at(term_toks[i], ntok[i], text_toks, nx, w,
                                      &e) && want.n < MAX_HITS)
                    want.v[want.n++] = (hit){(unsigned)i, text_toks[w].start,
                                             e};
            }
        }
        qsort(want.v, want.n, sizeof want.v[0], cmp_hit);
        static hits sorted;
        memcpy(sorted.v, got.v, got.n * sizeof got.v[0]);
        sorted.n = got.n;
        qsort(sorted.v, sorted.n, sizeof sorted.v[0], cmp_hit);
        if (want.n < MAX_HITS &&
            (sorted.n != want.n ||
             memcmp(sorted.v, want.v, want.n * sizeof want.v[0]) != 0))
            abort();
    }

    /* A callback's non-zero return stops the scan there. */
    if (got.n > 1) {
        static hits part;
        part.n = 0;
        part.overflow = 0;
        part.stop_after = 1;
        if (amb_themes_matcher_scan(m, text, len, record, &part) != 7 ||
            part.n != 1)
            abort();
    }
    amb_themes_matcher_free(m);
    return 0;
}
