/*
 * text_clean.h - Danish document text as it comes out of PDF, HTML and
 * plain-text extraction: clean-up, the fold used for matching, and
 * sentence boundaries for evidence.
 *
 * Pure C on the C library only, so that the documents plugin (which links
 * nothing of ambit), the core's theme tagging and the fuzz targets all
 * compile the same code.  Every function takes (pointer, length) input
 * that need not be NUL-terminated; returned buffers are malloc'd,
 * NUL-terminated and owned by the caller.
 *
 * The rules are documented in doc/plugins/documents.md; in short:
 *  - clean: input that is not valid UTF-8 is read as Windows-1252; line
 *    ends are normalised; soft hyphens, zero-width characters and control
 *    characters go; ligatures (U+FB00..U+FB06) are expanded; running
 *    headers/footers and page numbers of paged input (pages separated by
 *    form feeds) are dropped; words hyphenated across line breaks are
 *    joined while real hyphens stay; lines are joined into paragraphs
 *    separated by one blank line, spaces collapsed.
 *  - fold: case (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic), accents
 *    outside the Danish alphabet (é -> e, ä -> æ, ö -> ø, ü -> u), æ/ø/å
 *    kept as letters of their own; "aa", "ae", "oe" are not folded.
 *  - sentences end at a paragraph break, or after . ! ? (and closing quotes
 *    or brackets) followed by space and a character that is not a
 *    lower-case letter, unless the word before '.' is a Danish
 *    abbreviation (f.eks., bl.a., ca., pct. ...), a single letter, a one-
 *    or two-digit number or a section number such as 5.2.1.
 */
#ifndef AMB_TEXT_CLEAN_H
#define AMB_TEXT_CLEAN_H

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ UTF-8 */

/* Decode the code point at s[0..n) (n > 0): returns the bytes it takes
 * (1-4) and sets *cp; an invalid, overlong or truncated sequence takes one
 * byte and gives U+FFFD. */
size_t amb_text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Encode cp (<= U+10FFFF, not a surrogate) into out; returns 1-4. */
size_t amb_text_utf8_encode(uint32_t cp, char out[4]);
/* 1 when s[0..n) is valid UTF-8 (no overlongs, surrogates or NULs). */
int amb_text_utf8_valid(const char *s, size_t n);

/* ------------------------------------------------------------ fold */

/* How a code point takes part in words. */
typedef enum amb_text_class {
    AMB_TEXT_SPACE = 0,   /* white space of any kind */
    AMB_TEXT_PUNCT = 1,   /* punctuation, symbols: ends a word */
    AMB_TEXT_WORD = 2,    /* letters and digits */
    AMB_TEXT_IGNORE = 3   /* soft hyphen, zero-width: invisible inside words */
} amb_text_class;

amb_text_class amb_text_class_of(uint32_t cp);
/* The folded form of cp as UTF-8 in out; returns its length (0 for a code
 * point that folds to nothing, up to 3 code points for ligatures). */
size_t amb_text_fold_char(uint32_t cp, char out[12]);
/* Fold s[0..n) as a whole (invalid UTF-8 bytes become U+FFFD).  Returns a
 * new string with its length in *out_len (may be NULL), or NULL when out
 * of memory. */
char *amb_text_fold(const char *s, size_t n, size_t *out_len);
/* 1 when cp is a lower-case letter (a sentence cannot start with one). */
int amb_text_is_lower(uint32_t cp);

/* ------------------------------------------------------------ clean */

typedef struct amb_text_stats {
    size_t pages;            /* form-feed separated pages seen */
    size_t running_lines;    /* header/footer lines dropped */
    size_t page_numbers;     /* page-number lines dropped */
    size_t hyphens_joined;   /* words joined across a line break */
    int recoded;             /* 1: the input was read as Windows-1252 */
} amb_text_stats;

/* Clean extracted text in[0..len) (pages separated by '\f') into
 * paragraphs separated by "\n\n", ending in "\n" unless empty.  *out (NUL-
 * terminated, caller frees) and *out_len are set on success; stats may be
 * NULL.  Returns 0, or -1 when out of memory. */
int amb_text_clean(const char *in, size_t len, char **out, size_t *out_len,
                   amb_text_stats *stats);

/* ------------------------------------------------------------ sentences */

/* The sentence of t[0..len) containing byte pos (< len): [*start, *end)
 * without surrounding white space.  When pos is white space between two
 * sentences, the following sentence; *start == *end when there is none. */
void amb_text_sentence_at(const char *t, size_t len, size_t pos,
                          size_t *start, size_t *end);
/* Iterate over the sentences of t: from *pos, the next sentence is
 * [*start, *end) and *pos moves past it.  Returns 0 at the end. */
int amb_text_next_sentence(const char *t, size_t len, size_t *pos,
                           size_t *start, size_t *end);

#endif
