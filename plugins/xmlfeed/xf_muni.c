/*
 * xf_muni.c - postcodes and town names of North Jutland -> municipality
 * codes, from the mapping table xf_muni_table.def.
 *
 * Postcodes are looked up by binary search in the (sorted) static table.
 * Names are folded (xf_muni_fold) and looked up in an index a run builds
 * once: the municipality names, the post towns and the extra town names,
 * folded and sorted.  The index belongs to its run, so nothing here is
 * global mutable state.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xmlfeed.h"

typedef struct muni_row {
    const char *code, *name;
} muni_row;

typedef struct postcode_row {
    int postcode;
    const char *code;       /* NULL: outside the region */
    const char *town;
} postcode_row;

typedef struct town_row {
    const char *name;
    const char *code;       /* NULL: outside the region */
} town_row;

static const muni_row munis[] = {
#define XF_MUNI(code, name) {code, name},
#define XF_POSTCODE(postcode, code, town)
#define XF_TOWN(name, code)
#include "xf_muni_table.def"
#undef XF_MUNI
#undef XF_POSTCODE
#undef XF_TOWN
};

static const postcode_row postcodes[] = {
#define XF_MUNI(code, name)
#define XF_POSTCODE(postcode, code, town) {postcode, code, town},
#define XF_TOWN(name, code)
#include "xf_muni_table.def"
#undef XF_MUNI
#undef XF_POSTCODE
#undef XF_TOWN
};

static const town_row towns[] = {
#define XF_MUNI(code, name)
#define XF_POSTCODE(postcode, code, town)
#define XF_TOWN(name, code) {name, code},
#include "xf_muni_table.def"
#undef XF_MUNI
#undef XF_POSTCODE
#undef XF_TOWN
};

#define NMUNIS (sizeof munis / sizeof munis[0])
#define NPOSTCODES (sizeof postcodes / sizeof postcodes[0])
#define NTOWNS (sizeof towns / sizeof towns[0])
#define FOLD_MAX 64

/* ------------------------------------------------------------ folding */

/* The folded letter for the UTF-8 sequence at s (2 bytes when *len is set
 * to 2): Danish and a few other Latin letters to their base letter. */
static char fold_latin(const unsigned char *s, size_t *len)
{
    *len = 1;
    if (s[0] != 0xC3 || !s[1])
        return 0;
    *len = 2;
    switch (s[1] | 0x20) {          /* 0x80..0x9E upper, +0x20 lower */
    case 0xA6:                      /* æ Æ */
    case 0xA5:                      /* å Å */
    case 0xA4:                      /* ä Ä */
    case 0xA0: case 0xA1: case 0xA2: /* à á â */
        return 'a';
    case 0xB8:                      /* ø Ø */
    case 0xB6:                      /* ö Ö */
    case 0xB3: case 0xB4:           /* ó ô */
        return 'o';
    case 0xA8: case 0xA9: case 0xAA: case 0xAB: /* è é ê ë */
        return 'e';
    case 0xBC: case 0xBA: case 0xBB: /* ü ú û */
        return 'u';
    default:
        return 0;
    }
}

size_t xf_muni_fold(const char *in, char *out, size_t outlen)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t n = 0;
    int space = 0;
    if (!outlen)
        return 0;
    while (*s && n + 1 < outlen) {
        unsigned char c = *s;
        size_t len = 1;
        char f = 0;
        if (c >= 'A' && c <= 'Z')
            f = (char)(c + 32);
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            f = (char)c;
        else if (c >= 0x80)
            f = fold_latin(s, &len);
        s += len;
        if (!f) {
            /* punctuation, white space, other letters: one separator */
            space = n > 0;
            if (c >= 0x80)
                while ((*s & 0xC0) == 0x80)
                    s++;
            continue;
        }
        /* "aa", "ae", "oe" are the ASCII spellings of å, æ, ø */
        if (!space && n > 0 &&
            ((out[n - 1] == 'a' && (f == 'a' || f == 'e')) ||
             (out[n - 1] == 'o' && f == 'e')))
            continue;
        if (space && n + 2 < outlen)
            out[n++] = ' ';
        space = 0;
        out[n++] = f;
    }
    out[n] = '\0';
    static const char suffix[] = " kommune";
    size_t sl = sizeof suffix - 1;
    if (n > sl && memcmp(out + n - sl, suffix, sl) == 0) {
        n -= sl;
        out[n] = '\0';
    }
    return n;
}

/* ------------------------------------------------------------ the index */

typedef struct index_row {
    char key[FOLD_MAX];
    const char *code;       /* NULL: outside the region */
    const char *name;
} index_row;

struct xf_muni_index {
    index_row *rows;
    size_t n;
};

static int row_cmp(const void *a, const void *b)
{
    return strcmp(((const index_row *)a)->key, ((const index_row *)b)->key);
}

/* Append name (folded) with its code; the rows were sized for all. */
static void add_row(xf_muni_index *ix, const char *name, const char *code)
{
    index_row *r = &ix->rows[ix->n++];
    xf_muni_fold(name, r->key, sizeof r->key);
    r->code = code;
    r->name = name;
}

xf_muni_index *xf_muni_index_new(void)
{
    xf_muni_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->rows = calloc(NMUNIS + NPOSTCODES + NTOWNS, sizeof *ix->rows);
    if (!ix->rows) {
        free(ix);
        return NULL;
    }
    for (size_t i = 0; i < NMUNIS; i++)
        add_row(ix, munis[i].name, munis[i].code);
    for (size_t i = 0; i < NPOSTCODES; i++)
        add_row(ix, postcodes[i].town, postcodes[i].code);
    for (size_t i = 0; i < NTOWNS; i++)
        add_row(ix, towns[i].name, towns[i].code);
    qsort(ix->rows, ix->n, sizeof *ix->rows, row_cmp);
    return ix;
}

void xf_muni_index_free(xf_muni_index *ix)
{
    if (!ix)
        return;
    free(ix->rows);
    free(ix);
}

/* ------------------------------------------------------------ lookups */

static int postcode_cmp(const void *key, const void *row)
{
    return *(const int *)key - ((const postcode_row *)row)->postcode;
}

const char *xf_muni_name(const char *code)
{
    for (size_t i = 0; i < NMUNIS; i++)
        if (strcmp(munis[i].code, code) == 0)
            return munis[i].name;
    return NULL;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

xf_muni_result xf_muni_lookup(const xf_muni_index *ix, const char *text,
                              const char **code, const char **place)
{
    const char *s = text;
    const char *unused;
    if (!place)
        place = &unused;
    *code = NULL;
    *place = NULL;
    while (*s == ' ')
        s++;
    if ((s[0] == 'D' || s[0] == 'd') && (s[1] == 'K' || s[1] == 'k') &&
        (s[2] == '-' || s[2] == ' ') && is_digit(s[3]))
        s += 3;
    if (is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
        !is_digit(s[4]) && (s[4] == '\0' || s[4] == ' ' || s[4] == ',')) {
        int pc = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
                 (s[2] - '0') * 10 + (s[3] - '0');
        const postcode_row *r = bsearch(&pc, postcodes, NPOSTCODES,
                                        sizeof *postcodes, postcode_cmp);
        if (!r)
            return XF_MUNI_UNKNOWN_POSTCODE;
        *place = r->town;
        if (!r->code)
            return XF_MUNI_OUTSIDE;
        *code = r->code;
        return XF_MUNI_FOUND;
    }
    if (is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && !s[3]) {
        for (size_t i = 0; i < NMUNIS; i++)
            if (memcmp(munis[i].code, s, 3) == 0) {
                *code = munis[i].code;
                *place = munis[i].name;
                return XF_MUNI_FOUND;
            }
        return XF_MUNI_UNKNOWN_NAME;
    }
    index_row key = {.code = NULL};
    xf_muni_fold(s, key.key, sizeof key.key);
    const index_row *r = bsearch(&key, ix->rows, ix->n, sizeof *ix->rows,
                                 row_cmp);
    if (!r)
        return XF_MUNI_UNKNOWN_NAME;
    *place = r->name;
    if (!r->code)
        return XF_MUNI_OUTSIDE;
    *code = r->code;
    return XF_MUNI_FOUND;
}

/* ------------------------------------------------------------ the table */

int xf_muni_postcode_at(size_t i, int *postcode, const char **code,
                        const char **town)
{
    if (i >= NPOSTCODES)
        return -1;
    *postcode = postcodes[i].postcode;
    *code = postcodes[i].code;
    *town = postcodes[i].town;
    return 0;
}

int xf_muni_town_at(size_t i, const char **name, const char **code)
{
    if (i >= NTOWNS)
        return -1;
    *name = towns[i].name;
    *code = towns[i].code;
    return 0;
}

int xf_muni_at(size_t i, const char **code, const char **name)
{
    if (i >= NMUNIS)
        return -1;
    *code = munis[i].code;
    *name = munis[i].name;
    return 0;
}
