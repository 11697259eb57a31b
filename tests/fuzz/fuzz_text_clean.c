/*
 * fuzz_text_clean.c - libFuzzer target for the text module: clean-up,
 * fold and sentences.
 *
 * The input is cleaned as a document (any bytes: UTF-8 or not, form
 * feeds, soft hyphens, ligatures).  The result must be valid UTF-8 without
 * NUL, CR, tab, form feed or soft hyphen, with single spaces, no space at
 * a line's start or end, paragraphs separated by exactly one blank line,
 * and a final newline when not empty.  Its sentences must cover it in
 * order, trimmed, and amb_text_sentence_at() must agree with the iterator
 * at each sentence's first, middle and last byte.  The fold must be valid
 * UTF-8 (for input without NUL), within its size bound, and idempotent.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text_clean.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_clean(const char *in, size_t n)
{
    char *out;
    size_t len;
    amb_text_stats st;
    if (amb_text_clean(in, n, &out, &len, &st) != 0)
        abort();
    if (strlen(out) != len || !amb_text_utf8_valid(out, len))
        abort();
    if (len > 0 && (out[len - 1] != '\n' || out[0] == ' ' || out[0] == '\n'))
        abort();
    if (len > 1 && out[len - 2] == '\n')
        abort();
    for (size_t i = 0; i < len; i++) {
        char c = out[i];
        if (c == '\r' || c == '\t' || c == '\f')
            abort();
        if ((unsigned char)c == 0xC2 && i + 1 < len &&
            (unsigned char)out[i + 1] == 0xAD)
            abort();
        if (c == ' ' && i + 1 < len && (out[i + 1] == ' ' || out[i + 1] == '\n'))
            abort();
        if (c == '\n' && i + 1 < len && out[i + 1] == ' ')
            abort();
        if (c == '\n' && i + 2 < len && out[i + 1] == '\n' && out[i + 2] == '\n')
            abort();
        /* A single newline only ends the text. */
        if (c == '\n' && i + 1 < len && out[i + 1] != '\n' &&
            (i == 0 || out[i - 1] != '\n'))
            abort();
    }
    /* Sentences: in order, trimmed, agreeing with sentence_at. */
    size_t pos = 0, s, e, prev = 0;
    while (amb_text_next_sentence(out, len, &pos, &s, &e)) {
        if (s < prev || e <= s || e > len || pos != e)
            abort();
        if (out[s] == ' ' || out[s] == '\n' || out[e - 1] == ' ' ||
            out[e - 1] == '\n')
            abort();
        size_t probe[3] = {s, s + (e - s) / 2, e - 1};
        for (int k = 0; k < 3; k++) {
            size_t as, ae;
            amb_text_sentence_at(out, len, probe[k], &as, &ae);
            if (as != s || ae != e)
                abort();
        }
        prev = e;
    }
    free(out);
}

static void check_fold(const char *in, size_t n)
{
    size_t flen, glen;
    char *f = amb_text_fold(in, n, &flen);
    if (!f || flen > 3 * n)
        abort();
    if (!memchr(in, '\0', n) && !amb_text_utf8_valid(f, flen))
        abort();
    char *g = amb_text_fold(f, flen, &glen);
    if (!g || glen != flen || memcmp(f, g, flen) != 0)
        abort();
    free(f);
    free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    check_clean(in, size);
    check_fold(in, size);
    /* The raw input as "text" for sentences (no clean-up before). */
    size_t pos = 0, s, e;
    while (amb_text_next_sentence(in, size, &pos, &s, &e))
        if (e <= s || e > size)
            abort();
    return 0;
}
