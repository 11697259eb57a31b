/*
 * themes_match.h - matching a lexicon of terms against Danish text in one
 * pass: all terms compiled into one trie over folded text, walked from
 * every word start.
 *
 * Term syntax (documented in doc/plugins/documents.md):
 *  - a term is one or more words; it matches whole words of the folded
 *    text (case, accents: see text_clean.h), so "EUD" matches "EUD" and
 *    "eud" but not "feudal";
 *  - a word ending in '*' is a stem: it matches every word that starts
 *    with it ("erhvervsuddannelse*" matches erhvervsuddannelse,
 *    erhvervsuddannelsen, erhvervsuddannelserne ...); a stem has at least
 *    three characters, and '*' may appear nowhere else;
 *  - between words, white space in a term matches any run of white space
 *    in the text; punctuation matches itself ("TekNat-uddannelse*" matches
 *    "TekNat-uddannelser" but not "TekNat uddannelser");
 *  - a term starts with a letter or digit, ends with one or with '*', has
 *    at most AMB_THEMES_MAX_WORDS words and AMB_THEMES_MAX_TERM bytes.
 * Pure C on the C library (and text_fold.c), so fuzz targets compile it.
 */
#ifndef AMB_THEMES_MATCH_H
#define AMB_THEMES_MATCH_H

#include <stddef.h>

#define AMB_THEMES_MAX_WORDS 8
#define AMB_THEMES_MAX_TERM 256

typedef struct amb_themes_matcher amb_themes_matcher;

/* A new, empty matcher, or NULL when out of memory. */
amb_themes_matcher *amb_themes_matcher_new(void);
void amb_themes_matcher_free(amb_themes_matcher *m);   /* NULL is fine */

/* Check a term's syntax; 0 or -1 with a reason in err. */
int amb_themes_term_check(const char *term, size_t len, char *err,
                          size_t errlen);
/* Add a term reporting id when it matches.  Returns 0, -1 for a malformed
 * term (reason in err) or -2 when out of memory.  The same term added
 * twice for one id reports once. */
int amb_themes_matcher_add(amb_themes_matcher *m, const char *term,
                           size_t len, unsigned id, char *err, size_t errlen);
/* Terms added so far. */
size_t amb_themes_matcher_terms(const amb_themes_matcher *m);

/* Called for each match: the term's id and the bytes [start, end) of the
 * text it covers.  A non-zero return stops the scan. */
typedef int (*amb_themes_hit_fn)(void *ud, unsigned id, size_t start,
                                 size_t end);
/* Report every match in text[0..len), in order of the end of the match
 * (matches ending together: the earliest start first).  Returns 0, or
 * the callback's non-zero return. */
int amb_themes_matcher_scan(const amb_themes_matcher *m, const char *text,
                            size_t len, amb_themes_hit_fn fn, void *ud);

#endif
