/*
 * text_fold.c - UTF-8 decoding, character classes and the fold used for
 * matching (see text_clean.h for the rules).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "text_clean.h"

size_t amb_text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (n < need) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return need;
}

size_t amb_text_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int amb_text_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            if (p[i] == 0)
                return 0;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = amb_text_utf8_decode(p + i, n - i, &cp);
        if (cp == 0xFFFD && !(k == 3 && p[i] == 0xEF && p[i + 1] == 0xBF &&
                              p[i + 2] == 0xBD))
            return 0;
        i += k;
    }
    return 1;
}

amb_text_class amb_text_class_of(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
            (cp >= '0' && cp <= '9'))
            return AMB_TEXT_WORD;
        if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D))
            return AMB_TEXT_SPACE;
        return AMB_TEXT_PUNCT;
    }
    if (cp < 0x100) {
        if (cp == 0xA0 || cp == 0x85)
            return AMB_TEXT_SPACE;
        if (cp == 0xAD)
            return AMB_TEXT_IGNORE;
        if (cp == 0xAA || cp == 0xB5 || cp == 0xBA)
            return AMB_TEXT_WORD;
        if (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7)
            return AMB_TEXT_WORD;
        return AMB_TEXT_PUNCT;
    }
    if (cp < 0x2000)
        return AMB_TEXT_WORD;       /* Latin Extended, Greek, Cyrillic ... */
    if (cp <= 0x200A || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000)
        return AMB_TEXT_SPACE;
    if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF)
        return AMB_TEXT_IGNORE;
    if (cp < 0x2C00)
        return AMB_TEXT_PUNCT;      /* punctuation, symbols, arrows, shapes */
    if (cp >= 0x3000 && cp < 0x3040)
        return AMB_TEXT_PUNCT;      /* CJK punctuation */
    if ((cp >= 0xD800 && cp < 0xF900) || (cp >= 0xFE00 && cp < 0xFE70) ||
        cp == 0xFFFD || (cp >= 0xFFF0 && cp <= 0xFFFF))
        return AMB_TEXT_PUNCT;
    if (cp >= 0xFF00 && cp < 0xFF10)
        return AMB_TEXT_PUNCT;      /* fullwidth punctuation */
    return AMB_TEXT_WORD;
}

int amb_text_is_lower(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    if (cp < 0x100)
        return cp >= 0xDF && cp != 0xF7;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
        return (int)(cp & 1);       /* pairs: upper even, lower odd */
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return !(cp & 1);           /* pairs: upper odd, lower even */
    if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
        return 1;
    if (cp >= 0x3B1 && cp <= 0x3C9)
        return 1;
    return cp >= 0x430 && cp <= 0x45F;
}

/* Latin-1 letters U+00C0..U+00FF after lower-casing: the fold of each, as
 * one code point (0: keep).  Danish letters æ ø å stay; other accented
 * vowels lose their accent, ä and ö become æ and ø. */
static const uint16_t latin1_fold[64] = {
    /* à á â ã ä å æ ç */ 'a', 'a', 'a', 'a', 0xE6, 0, 0, 'c',
    /* è é ê ë ì í î ï */ 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    /* ð ñ ò ó ô õ ö × */ 'd', 'n', 'o', 'o', 'o', 'o', 0xF8, 0,
    /* ø ù ú û ü ý þ ß */ 0, 'u', 'u', 'u', 'u', 'y', 0, 0,
    /* à á â ã ä å æ ç */ 'a', 'a', 'a', 'a', 0xE6, 0, 0, 'c',
    /* è é ê ë ì í î ï */ 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    /* ð ñ ò ó ô õ ö ÷ */ 'd', 'n', 'o', 'o', 'o', 'o', 0xF8, 0,
    /* ø ù ú û ü ý þ ÿ */ 0, 'u', 'u', 'u', 'u', 'y', 0, 'y',
};

/* Lower-case of cp for the scripts handled (others unchanged). */
static uint32_t lower_cp(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp < 0x80)
        return cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    if (cp < 0x100)
        return cp;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
        return cp | 1;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return (cp & 1) ? cp + 1 : cp;
    if (cp == 0x178)
        return 0xFF;
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
        return cp + 32;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 80;
    return cp;
}

size_t amb_text_fold_char(uint32_t cp, char out[12])
{
    amb_text_class cls = amb_text_class_of(cp);
    if (cls == AMB_TEXT_IGNORE)
        return 0;
    if (cls == AMB_TEXT_SPACE) {
        out[0] = ' ';
        return 1;
    }
    if (cp >= 0xFB00 && cp <= 0xFB06) {
        static const char *const lig[] = {"ff", "fi", "fl", "ffi", "ffl",
                                          "st", "st"};
        const char *l = lig[cp - 0xFB00];
        size_t n = strlen(l);
        memcpy(out, l, n);
        return n;
    }
    if (cp == 0x2010 || cp == 0x2011) {
        out[0] = '-';
        return 1;
    }
    uint32_t f = lower_cp(cp);
    if (f >= 0xC0 && f <= 0xFF && latin1_fold[f - 0xC0])
        f = latin1_fold[f - 0xC0];
    return amb_text_utf8_encode(f, out);
}

char *amb_text_fold(const char *s, size_t n, size_t *out_len)
{
    /* A code point of 1-4 bytes folds to at most 3 bytes per input byte
     * (ligatures: 3 bytes -> up to 3 letters). */
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t cp;
        i += amb_text_utf8_decode(p + i, n - i, &cp);
        char buf[12];
        size_t k = amb_text_fold_char(cp, buf);
        memcpy(out + o, buf, k);
        o += k;
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    return out;
}
