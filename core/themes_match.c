/*
 * themes_match.c - the term trie and the one-pass scanner (see
 * themes_match.h for the term syntax).
 *
 * Terms and text go through the same unit stream: a word character gives
 * its folded UTF-8 bytes, a run of white space one ' ', punctuation its
 * folded bytes; a stem's '*' is the byte 0xFF, which UTF-8 never uses.
 * Each term is a path from the root of one trie.  The scanner keeps a
 * small set of live paths ("states"): one starts at every word start, a
 * state dies when the next unit has no edge, a state that reaches a stem
 * end forks an absorbing state that swallows the rest of the word, and at
 * every word end the states on a term's last node report it.  A state
 * lives on across separators only while the trie has a multi-word term
 * that continues, so in ordinary text there is rarely more than one state,
 * and a word whose first bytes fall off the trie is skipped by a tight
 * loop over character classes.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_clean.h"
#include "themes_match.h"

#define STAR 0xFFu
/* Live states never exceed one per word start of the last
 * AMB_THEMES_MAX_WORDS words, each with its forks at the stem ends on its
 * path: the cap only guards against lexicons of hundreds of nested
 * stems, where a state beyond it is dropped. */
#define MAX_STATES 256
#define MIN_STEM 3

/* The trie is one dense table: trans[node * ncls + cls[byte]] is the
 * child of node through byte (0: none; the root is never a child).  Only
 * bytes that occur in terms get a class, so a row has a few dozen entries
 * and the walk is two loads per byte.  STAR (0xFF, never a byte of the
 * folded text) has class 1, so a node's stem child sits in its own row. */
typedef struct mnode {
    uint32_t nids;
    unsigned *ids;          /* terms ending here */
} mnode;

#define STAR_CLASS 1

struct amb_themes_matcher {
    mnode *nodes;           /* nodes[0] is the root */
    uint32_t *trans;        /* nnodes x ncls */
    uint32_t nnodes, cap;
    uint32_t ncls;          /* classes in use, class 0 = "in no term" */
    unsigned char cls[256];
    size_t nterms;
    unsigned char ascii_fold[128];
    unsigned char ascii_class[128];
};

amb_themes_matcher *amb_themes_matcher_new(void)
{
    amb_themes_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 64;
    m->ncls = 2;
    m->cls[STAR] = STAR_CLASS;
    m->nodes = calloc(m->cap, sizeof *m->nodes);
    m->trans = calloc(m->cap * m->ncls, sizeof *m->trans);
    if (!m->nodes || !m->trans) {
        free(m->nodes);
        free(m->trans);
        free(m);
        return NULL;
    }
    m->nnodes = 1;
    for (unsigned c = 0; c < 128; c++) {
        char f[12];
        m->ascii_class[c] = (unsigned char)amb_text_class_of(c);
        m->ascii_fold[c] = amb_text_fold_char(c, f) == 1 ? (unsigned char)f[0]
                                                         : (unsigned char)c;
    }
    return m;
}

void amb_themes_matcher_free(amb_themes_matcher *m)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->nnodes; i++)
        free(m->nodes[i].ids);
    free(m->nodes);
    free(m->trans);
    free(m);
}

size_t amb_themes_matcher_terms(const amb_themes_matcher *m)
{
    return m->nterms;
}

/* ------------------------------------------------------------ terms */

static int fail(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return -1;
}

/* A term as units (see the top of the file) into out[AMB_THEMES_MAX_TERM];
 * returns the unit count, or -1 with a reason in err. */
static int term_units(const char *term, size_t len, unsigned char *out,
                      char *err, size_t errlen)
{
    const unsigned char *p = (const unsigned char *)term;
    size_t i = 0, o = 0, words = 0, stem = 0;
    int prev = AMB_TEXT_SPACE;   /* class of the previous unit */
    int starred = 0;
    if (!amb_text_utf8_valid(term, len))
        return fail(err, errlen, "not valid UTF-8");
    while (i < len) {
        uint32_t cp;
        i += amb_text_utf8_decode(p + i, len - i, &cp);
        char f[12];
        size_t k = 0;
        int cls = amb_text_class_of(cp);
        if (cls == AMB_TEXT_IGNORE)
            continue;
        if (cp == '*') {
            if (prev != AMB_TEXT_WORD || starred)
                return fail(err, errlen, "'*' may only end a word");
            if (stem < MIN_STEM)
                return fail(err, errlen, "a stem before '*' needs at least "
                            "3 characters");
            f[0] = (char)STAR;
            k = 1;
            starred = 1;
        } else if (cls == AMB_TEXT_WORD) {
            if (starred)
                return fail(err, errlen, "'*' may only end a word");
            if (prev != AMB_TEXT_WORD) {
                if (++words > AMB_THEMES_MAX_WORDS)
                    return fail(err, errlen, "more than 8 words");
                stem = 0;
            }
            stem++;
            k = amb_text_fold_char(cp, f);
        } else if (cls == AMB_TEXT_SPACE) {
            if (o == 0 || prev == AMB_TEXT_SPACE) {
                prev = AMB_TEXT_SPACE;
                continue;
            }
            f[0] = ' ';
            k = 1;
            starred = 0;
        } else {
            if (o == 0)
                return fail(err, errlen, "a term must start with a letter "
                            "or a digit");
            k = amb_text_fold_char(cp, f);
            starred = 0;
        }
        if (o + k > AMB_THEMES_MAX_TERM)
            return fail(err, errlen, "longer than 256 bytes");
        memcpy(out + o, f, k);
        o += k;
        prev = cp == '*' ? AMB_TEXT_WORD : cls;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    if (o == 0)
        return fail(err, errlen, "empty term");
    if (out[o - 1] != STAR) {
        uint32_t last;
        size_t s = o - 1;
        while (s > 0 && (out[s] & 0xC0) == 0x80)
            s--;
        amb_text_utf8_decode(out + s, o - s, &last);
        if (amb_text_class_of(last) != AMB_TEXT_WORD)
            return fail(err, errlen, "a term must end with a letter, a "
                        "digit or '*'");
    }
    return (int)o;
}

int amb_themes_term_check(const char *term, size_t len, char *err,
                          size_t errlen)
{
    unsigned char units[AMB_THEMES_MAX_TERM];
    return term_units(term, len, units, err, errlen) < 0 ? -1 : 0;
}

/* The child of node n through byte b, or 0. */
static inline uint32_t child(const amb_themes_matcher *m, uint32_t n,
                             unsigned char b)
{
    return m->trans[(size_t)n * m->ncls + m->cls[b]];
}

/* Give byte b a class of its own, widening every row by one column.
 * Returns 0, or -1 when out of memory (nothing changed). */
static int add_class(amb_themes_matcher *m, unsigned char b)
{
    uint32_t w = m->ncls, nw = w + 1;
    uint32_t *t = calloc((size_t)m->cap * nw, sizeof *t);
    if (!t)
        return -1;
    for (uint32_t n = 0; n < m->nnodes; n++)
        memcpy(t + (size_t)n * nw, m->trans + (size_t)n * w,
               w * sizeof *t);
    free(m->trans);
    m->trans = t;
    m->ncls = nw;
    m->cls[b] = (unsigned char)w;
    return 0;
}

/* The child of node n through b, created when missing; 0 when out of
 * memory (the root is never a child). */
static uint32_t child_make(amb_themes_matcher *m, uint32_t n, unsigned char b)
{
    if (m->cls[b] == 0 && add_class(m, b) < 0)
        return 0;
    uint32_t c = child(m, n, b);
    if (c)
        return c;
    if (m->nnodes == m->cap) {
        uint32_t cap = m->cap * 2;
        mnode *nodes = realloc(m->nodes, cap * sizeof *nodes);
        if (!nodes)
            return 0;
        memset(nodes + m->cap, 0, (cap - m->cap) * sizeof *nodes);
        m->nodes = nodes;
        uint32_t *t = realloc(m->trans, (size_t)cap * m->ncls * sizeof *t);
        if (!t)
            return 0;
        memset(t + (size_t)m->cap * m->ncls, 0,
               (size_t)(cap - m->cap) * m->ncls * sizeof *t);
        m->trans = t;
        m->cap = cap;
    }
    c = m->nnodes++;
    m->trans[(size_t)n * m->ncls + m->cls[b]] = c;
    return c;
}

int amb_themes_matcher_add(amb_themes_matcher *m, const char *term,
                           size_t len, unsigned id, char *err, size_t errlen)
{
    unsigned char units[AMB_THEMES_MAX_TERM];
    int n = term_units(term, len, units, err, errlen);
    if (n < 0)
        return -1;
    uint32_t node = 0;
    for (int i = 0; i < n; i++) {
        node = child_make(m, node, units[i]);
        if (!node)
            return -2;
    }
    mnode *x = &m->nodes[node];
    for (uint32_t i = 0; i < x->nids; i++)
        if (x->ids[i] == id)
            return 0;
    unsigned *ids = realloc(x->ids, (x->nids + 1) * sizeof *ids);
    if (!ids)
        return -2;
    x->ids = ids;
    x->ids[x->nids++] = id;
    m->nterms++;
    return 0;
}

/* ------------------------------------------------------------ scanning */

typedef struct mstate {
    uint32_t node;
    int absorbing;          /* inside the rest of a stem's word */
    size_t start;
} mstate;

typedef struct scan {
    const amb_themes_matcher *m;
    mstate st[MAX_STATES];
    size_t n;
} scan;

/* Add a state unless an equal one (same node and mode) is live. */
static void state_add(scan *s, uint32_t node, int absorbing, size_t start)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->st[i].node == node && s->st[i].absorbing == absorbing)
            return;
    if (s->n < MAX_STATES)
        s->st[s->n++] = (mstate){node, absorbing, start};
}

/* Advance every live, non-absorbing state by the units b[0..k); in a
 * word, a state passing a stem's end forks an absorbing state, also
 * between the letters of one character (a ligature folds to several). */
static void advance(scan *s, const unsigned char *b, size_t k, int word)
{
    size_t n = s->n, o = 0;
    for (size_t i = 0; i < n; i++) {
        mstate st = s->st[i];
        if (!st.absorbing) {
            /* node 0 is the root here, and "no edge" as a result */
            const uint32_t *trans = s->m->trans;
            const unsigned char *cls = s->m->cls;
            size_t w = s->m->ncls, j = 0;
            while (j < k && (st.node = trans[st.node * w + cls[b[j]]]) != 0) {
                j++;
                uint32_t star = trans[st.node * w + STAR_CLASS];
                if (word && star)
                    state_add(s, star, 1, st.start);
            }
            if (j < k)
                continue;
        }
        s->st[o++] = st;
    }
    /* Forks went to the end of the array: keep them after the survivors. */
    if (o < n)
        memmove(&s->st[o], &s->st[n], (s->n - n) * sizeof s->st[0]);
    s->n = o + (s->n - n);
}

/* Are all live states inside the rest of a stem's word? */
static int only_absorbing(const scan *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!s->st[i].absorbing)
            return 0;
    return 1;
}

/* A word ended at pos: report the terms ending on live states; absorbing
 * states go on as ordinary ones. */
static int word_end(scan *s, size_t pos, amb_themes_hit_fn fn, void *ud)
{
    for (size_t i = 0; i < s->n; i++) {
        const mnode *x = &s->m->nodes[s->st[i].node];
        for (uint32_t j = 0; j < x->nids; j++) {
            int rc = fn(ud, x->ids[j], s->st[i].start, pos);
            if (rc)
                return rc;
        }
        s->st[i].absorbing = 0;
    }
    return 0;
}

/* The class and folded units of the character at t[i]; returns its
 * length. */
static inline size_t unit_at(const amb_themes_matcher *m,
                             const unsigned char *t, size_t len, size_t i,
                             int *cls, unsigned char *u, size_t *k)
{
    if (t[i] < 0x80) {
        *cls = m->ascii_class[t[i]];
        u[0] = m->ascii_fold[t[i]];
        *k = 1;
        return 1;
    }
    uint32_t cp;
    size_t n = amb_text_utf8_decode(t + i, len - i, &cp);
    *cls = amb_text_class_of(cp);
    *k = amb_text_fold_char(cp, (char *)u);
    return n;
}

/* Skip the rest of a word from i; returns the first index after it. */
static size_t skip_word(const amb_themes_matcher *m, const unsigned char *t,
                        size_t len, size_t i)
{
    while (i < len) {
        if (t[i] < 0x80) {
            if (m->ascii_class[t[i]] != AMB_TEXT_WORD)
                return i;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = amb_text_utf8_decode(t + i, len - i, &cp);
        int cls = amb_text_class_of(cp);
        if (cls != AMB_TEXT_WORD && cls != AMB_TEXT_IGNORE)
            return i;
        i += n;
    }
    return i;
}

/* Skip separators from i up to the next word character. */
static size_t skip_gap(const amb_themes_matcher *m, const unsigned char *t,
                       size_t len, size_t i)
{
    while (i < len) {
        if (t[i] < 0x80) {
            if (m->ascii_class[t[i]] == AMB_TEXT_WORD)
                return i;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = amb_text_utf8_decode(t + i, len - i, &cp);
        if (amb_text_class_of(cp) == AMB_TEXT_WORD)
            return i;
        i += n;
    }
    return i;
}

int amb_themes_matcher_scan(const amb_themes_matcher *m, const char *text,
                            size_t len, amb_themes_hit_fn fn, void *ud)
{
    const unsigned char *t = (const unsigned char *)text;
    scan s;
    s.m = m;
    s.n = 0;
    int in_word = 0, last_space = 0, rc;
    size_t i = 0;
    while (i < len) {
        int cls;
        unsigned char u[12];
        size_t k;
        size_t n = unit_at(m, t, len, i, &cls, u, &k);
        if (cls == AMB_TEXT_IGNORE) {
            i += n;
            continue;
        }
        if (cls == AMB_TEXT_WORD) {
            if (!in_word) {
                in_word = 1;
                last_space = 0;
                if (child(m, 0, u[0]))
                    state_add(&s, 0, 0, i);
            }
            advance(&s, u, k, 1);
            i += n;
            /* The common case, one walk through ASCII letters: a tight
             * loop until it dies, forks or leaves ASCII or the word. */
            while (s.n == 1 && !s.st[0].absorbing && i < len && t[i] < 0x80 &&
                   m->ascii_class[t[i]] == AMB_TEXT_WORD) {
                size_t row = (size_t)s.st[0].node * m->ncls;
                uint32_t next = m->trans[row + m->cls[m->ascii_fold[t[i]]]];
                i++;
                if (!next) {
                    s.n = 0;
                    break;
                }
                s.st[0].node = next;
                uint32_t star = m->trans[(size_t)next * m->ncls + STAR_CLASS];
                if (star)
                    state_add(&s, star, 1, s.st[0].start);
            }
            if (s.n == 0) {
                i = skip_word(m, t, len, i);
                in_word = 0;
                i = skip_gap(m, t, len, i);
            } else if (only_absorbing(&s)) {
                /* Nothing can change before the word ends. */
                i = skip_word(m, t, len, i);
            }
            continue;
        }
        if (in_word) {
            in_word = 0;
            if ((rc = word_end(&s, i, fn, ud)) != 0)
                return rc;
        }
        if (cls == AMB_TEXT_SPACE) {
            if (!last_space)
                advance(&s, (const unsigned char *)" ", 1, 0);
            last_space = 1;
        } else {
            advance(&s, u, k, 0);
            last_space = 0;
        }
        i += n;
        if (s.n == 0)
            i = skip_gap(m, t, len, i);
    }
    if (in_word && (rc = word_end(&s, len, fn, ud)) != 0)
        return rc;
    return 0;
}
