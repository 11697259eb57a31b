/*
 * text_sentence.c - sentence boundaries for evidence (rules in
 * text_clean.h).
 *
 * Whether a sentence ends at a white-space byte depends only on the word
 * before it and the character after it, so the sentence around any
 * position can be found by scanning outwards from it, and the iterator and
 * amb_text_sentence_at() always agree.
 */
#include "config.h"

#include <string.h>

#include "text_clean.h"

/* Abbreviations that never end a sentence, folded, without the last dot. */
static const char *const abbreviations[] = {
    "f.eks", "fx", "bl.a", "ca", "pct", "jf", "jfr", "evt", "inkl", "ekskl",
    "nr", "hhv", "dvs", "ift", "mht", "mhp", "iht", "pga", "ifm", "vedr",
    "ang", "kl", "stk", "pkt", "tlf", "mio", "mia", "mrd", "kr", "el", "vha",
    "sml", "dr", "hr", "prof", "ref", "eks", "bl", "gns", "ml", "o.a", "e.l"};

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
}

/* Step back over closing quotes and brackets ending t[0..j). */
static size_t skip_closers(const unsigned char *t, size_t j)
{
    for (;;) {
        if (j > 0 && (t[j - 1] == ')' || t[j - 1] == '"' || t[j - 1] == '\'' ||
                      t[j - 1] == ']')) {
            j--;
        } else if (j >= 3 && t[j - 3] == 0xE2 && t[j - 2] == 0x80 &&
                   (t[j - 1] == 0x9D || t[j - 1] == 0x99)) {
            j -= 3;                             /* ” ’ */
        } else if (j >= 2 && t[j - 2] == 0xC2 && t[j - 1] == 0xBB) {
            j -= 2;                             /* » */
        } else {
            return j;
        }
    }
}

/* May the word t[a..b) (before a '.') end a sentence? */
static int dot_ends(const unsigned char *t, size_t a, size_t b)
{
    while (a < b && (t[a] == '(' || t[a] == '"' || t[a] == '\'' ||
                     t[a] == '['))
        a++;
    if (a == b)
        return 1;
    size_t digits = 0, dots = 0;
    for (size_t i = a; i < b; i++) {
        digits += t[i] >= '0' && t[i] <= '9';
        dots += t[i] == '.';
    }
    if (digits + dots == b - a)
        return dots == 0 && digits > 2;  /* "1." "12." "5.2.1." go on */
    uint32_t cp;
    if (amb_text_utf8_decode(t + a, b - a, &cp) == b - a &&
        amb_text_class_of(cp) == AMB_TEXT_WORD)
        return 0;                               /* a single letter */
    if (b - a > 8)
        return 1;
    char low[9];
    for (size_t i = a; i < b; i++)
        low[i - a] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
    low[b - a] = '\0';
    for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0];
         i++)
        if (strcmp(low, abbreviations[i]) == 0)
            return 0;
    return 1;
}

/* Does a sentence end just before the white-space byte t[i]? */
static int ends_at(const unsigned char *t, size_t len, size_t i)
{
    if (t[i] == '\n')
        return 1;
    size_t j = skip_closers(t, i);
    if (j == 0)
        return 0;
    int dot = 0;
    if (t[j - 1] == '.') {
        dot = 1;
    } else if (t[j - 1] == '!' || t[j - 1] == '?') {
        dot = 0;
    } else if (j >= 3 && t[j - 3] == 0xE2 && t[j - 2] == 0x80 &&
               t[j - 1] == 0xA6) {
        dot = 0;                                /* … */
    } else {
        return 0;
    }
    size_t k = i;
    while (k < len && is_ws(t[k])) {
        if (t[k] == '\n')
            return 1;
        k++;
    }
    if (k < len) {
        uint32_t cp;
        amb_text_utf8_decode(t + k, len - k, &cp);
        if (amb_text_is_lower(cp))
            return 0;
    }
    if (!dot)
        return 1;
    size_t a = j - 1;
    while (a > 0 && !is_ws(t[a - 1]))
        a--;
    return dot_ends(t, a, j - 1);
}

/* The end of the sentence that contains byte p (not white space). */
static size_t forward_end(const unsigned char *t, size_t len, size_t p)
{
    size_t e = p;
    while (e < len && !(is_ws(t[e]) && ends_at(t, len, e)))
        e++;
    while (e > p && is_ws(t[e - 1]))
        e--;
    return e;
}

void amb_text_sentence_at(const char *text, size_t len, size_t pos,
                          size_t *start, size_t *end)
{
    const unsigned char *t = (const unsigned char *)text;
    while (pos < len && is_ws(t[pos]))
        pos++;
    if (pos >= len) {
        *start = *end = len;
        return;
    }
    size_t s = pos;
    while (s > 0 && !(is_ws(t[s - 1]) && ends_at(t, len, s - 1)))
        s--;
    while (s < pos && is_ws(t[s]))
        s++;
    *start = s;
    *end = forward_end(t, len, pos);
}

int amb_text_next_sentence(const char *text, size_t len, size_t *pos,
                           size_t *start, size_t *end)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t p = *pos;
    while (p < len && is_ws(t[p]))
        p++;
    if (p >= len) {
        *pos = len;
        return 0;
    }
    *start = p;
    *end = forward_end(t, len, p);
    *pos = *end;
    return 1;
}
