/*
 * test_themes.h - helpers shared by test_themes.c (lexicon, matching,
 * tagging) and test_themes_out.c (analysis over a store, outputs).
 */
#ifndef AMB_TEST_THEMES_H
#define AMB_TEST_THEMES_H

#include "themes.h"

/* Load a lexicon from Lua text written to DIR/name (dir is created and
 * removed by the caller).  Returns the amb_rc; *out and err as
 * amb_themes_lexicon_load(). */
int tt_lexicon(const char *dir, const char *name, const char *lua,
               amb_themes_lexicon **out, amb_error *err);

/* The analysis suite (test_themes_out.c). */
void tt_register_output_suites(void);

#endif
