/*
 * test_themes.c - the theme lexicon (loading, extending, errors with
 * file:line), the matcher (inflections, stems, compounds, phrases, case,
 * æøå, word boundaries, term syntax), tagging (overlaps, evidence) and
 * the shipped lexicon on the real ambition document.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_themes.h"
#include "testutil.h"
#include "text_clean.h"

int tt_lexicon(const char *dir, const char *name, const char *lua,
               amb_themes_lexicon **out, amb_error *err)
{
    char *path = amb_test_write(dir, name, lua, strlen(lua));
    const char *files[] = {path};
    int rc = amb_themes_lexicon_load(files, 1, NULL, out, err);
    free(path);
    return rc;
}

/* ------------------------------------------------------------ matching */

typedef struct hit_log {
    char s[1024];
} hit_log;

static int record(void *ud, unsigned id, size_t start, size_t end)
{
    hit_log *h = ud;
    size_t used = strlen(h->s);
    snprintf(h->s + used, sizeof h->s - used, "%u:%zu-%zu ", id, start, end);
    return 0;
}

/* Scan text with the terms (term i has id i) and return the hits as
 * "id:start-end " in a static-free buffer the caller frees. */
static char *scan(const char *const *terms, size_t n, const char *text)
{
    amb_themes_matcher *m = amb_themes_matcher_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    for (size_t i = 0; i < n; i++) {
        char err[128];
        int rc = amb_themes_matcher_add(m, terms[i], strlen(terms[i]),
                                        (unsigned)i, err, sizeof err);
        if (rc)
            fprintf(stderr, "\nterm %s: %s\n", terms[i], err);
        CU_ASSERT_EQUAL_FATAL(rc, 0);
    }
    hit_log h = {""};
    CU_ASSERT_EQUAL(amb_themes_matcher_scan(m, text, strlen(text), record, &h),
                    0);
    amb_themes_matcher_free(m);
    return amb_xstrdup(h.s);
}

static void check_scan(const char *const *terms, size_t n, const char *text,
                       const char *want)
{
    char *got = scan(terms, n, text);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\nscan [%s]\n  got  [%s]\n  want [%s]\n", text, got,
                want);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
}

static void test_word_boundaries(void)
{
    const char *t[] = {"EUD"};
    check_scan(t, 1, "feudal", "");
    check_scan(t, 1, "EUD", "0:0-3 ");
    check_scan(t, 1, "Eud-elever og eud.", "0:0-3 0:14-17 ");
    check_scan(t, 1, "EUDX EUD2 2EUD", "");
    check_scan(t, 1, "(EUD)", "0:1-4 ");
    const char *w[] = {"ledige"};
    check_scan(w, 1, "ledighed ledige ledigeS aledige", "0:9-15 ");
}

static void test_inflections_and_stems(void)
{
    const char *t[] = {"erhvervsuddannelse*"};
    check_scan(t, 1, "erhvervsuddannelse erhvervsuddannelsen "
               "erhvervsuddannelser erhvervsuddannelserne "
               "erhvervsuddannelsesområdet erhvervsuddannet",
               "0:0-18 0:19-38 0:39-58 0:59-80 0:81-108 ");
    /* Compounds match by their first part only (whole words). */
    const char *v[] = {"valg*"};
    check_scan(v, 1, "uddannelsesvalg valget", "0:16-22 ");
    /* A stem and an exact word on one word both report. */
    const char *both[] = {"uddannelse*", "uddannelsen"};
    check_scan(both, 2, "uddannelsen", "1:0-11 0:0-11 ");
    /* A stem over a multi-byte letter. */
    const char *oe[] = {"økonomi*"};
    check_scan(oe, 1, "Økonomien økonomisk", "0:0-10 0:11-21 ");
}

static void test_phrases(void)
{
    const char *t[] = {"faglig og geografisk mobilitet", "mobilitet"};
    check_scan(t, 2, "både faglig og\n  geografisk mobilitet.",
               "0:6-38 1:29-38 ");
    check_scan(t, 2, "faglig og geografisk, mobilitet", "1:22-31 ");
    /* Punctuation in a term matches itself only. */
    const char *p[] = {"voksen-, efter- og videreuddannelse*", "teknat-uddannelse*"};
    check_scan(p, 2, "voksen-, efter- og videreuddannelse TekNat-uddannelser "
               "TekNat uddannelser voksen, efter- og videreuddannelse",
               "0:0-35 1:36-54 ");
    /* Stems inside phrases. */
    const char *s[] = {"formidle den*", "kollektive transportmulighed*"};
    check_scan(s, 2, "at formidle den rette arbejdskraft, kollektive "
               "transportmuligheder", "0:3-15 1:36-66 ");
    /* A phrase that starts inside another match's words. */
    const char *o[] = {"a b c", "b c d"};
    check_scan(o, 2, "a b c d", "0:0-5 1:2-7 ");
}

static void test_case_and_danish_letters(void)
{
    const char *t[] = {"økonomi på beskæftigelsesområdet", "ide"};
    check_scan(t, 2, "ØKONOMI PÅ BESKÆFTIGELSESOMRÅDET", "0:0-36 ");
    check_scan(t, 2, "Oekonomi paa beskaeftigelsesomraadet", "");
    check_scan(t, 2, "en god Idé", "1:7-11 ");
    const char *aa[] = {"aalborg"};
    check_scan(aa, 1, "Ålborg AALBORG", "0:8-15 ");
    /* Soft hyphens and ligatures in the text do not hide a word. */
    const char *f[] = {"finansiering", "uddannelse"};
    check_scan(f, 2, "\xEF\xAC\x81nansiering ud\xC2\xAD" "dannelse",
               "0:0-13 1:14-26 ");
}

static void test_term_syntax(void)
{
    static const struct {
        const char *term, *why;
    } bad[] = {
        {"*", "'*' may only end a word"},
        {"ab*", "at least 3"},
        {"a*b", "at least 3"},
        {"abc*d", "'*' may only end a word"},
        {"abc**", "'*' may only end a word"},
        {"-eud", "must start with a letter"},
        {"eud-", "must end with"},
        {"", "empty term"},
        {"   ", "empty term"},
        {"a b c d e f g h i", "more than 8 words"},
        {"\xC3(", "not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[128] = "";
        CU_ASSERT_EQUAL(amb_themes_term_check(bad[i].term, strlen(bad[i].term),
                                              err, sizeof err), -1);
        if (!strstr(err, bad[i].why))
            fprintf(stderr, "\nterm [%s]: %s\n", bad[i].term, err);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].why));
    }
    char long_term[300];
    memset(long_term, 'a', sizeof long_term - 1);
    long_term[sizeof long_term - 1] = '\0';
    char err[128];
    CU_ASSERT_EQUAL(amb_themes_term_check(long_term, strlen(long_term), err,
                                          sizeof err), -1);
    const char *good[] = {"eud", "abc*", "social- og sundhedsuddannelse*",
                          "  faglig   mobilitet ", "ph.d", "a-kasse*"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CU_ASSERT_EQUAL(amb_themes_term_check(good[i], strlen(good[i]), err,
                                              sizeof err), 0);
    /* Extra spaces in a term are one space. */
    const char *t[] = {"  faglig   mobilitet "};
    check_scan(t, 1, "faglig mobilitet", "0:0-16 ");
}

/* ------------------------------------------------------------ tagging */

static amb_themes_matcher *matcher_of(const char *const *terms, size_t n,
                                      const unsigned *ids)
{
    amb_themes_matcher *m = amb_themes_matcher_new();
    char err[128];
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_EQUAL(amb_themes_matcher_add(m, terms[i], strlen(terms[i]),
                                               ids[i], err, sizeof err), 0);
    return m;
}

static void test_tag_overlaps_and_evidence(void)
{
    const char *terms[] = {"livslang læring", "læring", "ledige"};
    const unsigned ids[] = {0, 0, 1};
    amb_themes_matcher *m = matcher_of(terms, 3, ids);
    const char *text = "Vi vil fremme livslang læring for alle. Ledige skal "
                       "også have læring, bl.a. Ledige i job. Ledige igen.\n"
                       "\nNyt afsnit om læring.";
    size_t hits[2], nev[2];
    amb_themes_evidence *ev[2];
    CU_ASSERT_EQUAL(amb_themes_tag(m, 2, text, strlen(text), 10, hits, nev, ev),
                    0);
    CU_ASSERT_EQUAL(hits[0], 3);   /* the phrase and its word count once */
    CU_ASSERT_EQUAL(hits[1], 3);
    CU_ASSERT_EQUAL(nev[0], 3);
    CU_ASSERT_EQUAL(nev[1], 2);    /* two hits in one sentence: once */
    CU_ASSERT_STRING_EQUAL(ev[0][0].sentence, "Vi vil fremme livslang læring "
                           "for alle.");
    CU_ASSERT_EQUAL(ev[0][0].position, 0);
    CU_ASSERT_STRING_EQUAL(ev[1][0].sentence, "Ledige skal også have læring, "
                           "bl.a. Ledige i job.");
    CU_ASSERT_STRING_EQUAL(ev[0][2].sentence, "Nyt afsnit om læring.");
    for (int t = 0; t < 2; t++)
        for (size_t i = 0; i < nev[t]; i++)
            CU_ASSERT_EQUAL(memcmp(text + ev[t][i].position, ev[t][i].sentence,
                                   strlen(ev[t][i].sentence)), 0);
    amb_themes_evidence_free(ev[0], nev[0]);
    amb_themes_evidence_free(ev[1], nev[1]);
    /* The evidence limit keeps the first sentences; hits still count. */
    CU_ASSERT_EQUAL(amb_themes_tag(m, 2, text, strlen(text), 1, hits, nev, ev),
                    0);
    CU_ASSERT_EQUAL(nev[0], 1);
    CU_ASSERT_EQUAL(hits[0], 3);
    amb_themes_evidence_free(ev[0], nev[0]);
    amb_themes_evidence_free(ev[1], nev[1]);
    /* No evidence wanted. */
    CU_ASSERT_EQUAL(amb_themes_tag(m, 2, text, strlen(text), 0, hits, nev,
                                   NULL), 0);
    CU_ASSERT_EQUAL(hits[1], 3);
    amb_themes_matcher_free(m);
}

static void test_tag_long_sentence(void)
{
    const char *terms[] = {"ledige"};
    const unsigned ids[] = {0};
    amb_themes_matcher *m = matcher_of(terms, 1, ids);
    amb_buf b = {0};
    for (int i = 0; i < 200; i++)
        amb_buf_puts(&b, "ord og æbler ");
    amb_buf_puts(&b, "ledige ");
    for (int i = 0; i < 200; i++)
        amb_buf_puts(&b, "mere tekst ");
    amb_buf_puts(&b, "slut.");
    size_t hits, nev;
    amb_themes_evidence *ev;
    CU_ASSERT_EQUAL(amb_themes_tag(m, 1, b.data, b.len, 3, &hits, &nev, &ev),
                    0);
    CU_ASSERT_EQUAL(hits, 1);
    CU_ASSERT_EQUAL_FATAL(nev, 1);
    size_t n = strlen(ev[0].sentence);
    CU_ASSERT(n <= AMB_THEMES_EXCERPT && n > AMB_THEMES_EXCERPT / 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(ev[0].sentence, "ledige"));
    CU_ASSERT(amb_text_utf8_valid(ev[0].sentence, n));
    CU_ASSERT_NOT_EQUAL(ev[0].sentence[0], ' ');
    CU_ASSERT_EQUAL(memcmp(b.data + ev[0].position, ev[0].sentence, n), 0);
    amb_themes_evidence_free(ev, nev);
    amb_buf_free(&b);
    amb_themes_matcher_free(m);
}

/* ------------------------------------------------------------ lexicon */

static void test_lexicon_dsl(void)
{
    char *dir = amb_test_tmpdir("lexicon");
    static const char base_lua[] =
        "partners { \"KKR\", \"RR\" }\n"
        "theme \"eud\" { title = \"Erhvervsuddannelser\", subgoals = { \"5.1.3\" "
        "},\n  terms = { \"eud\", \"erhvervsuddannelse*\" } }\n"
        "theme \"fgu\" { title = \"FGU\", terms = { \"fgu\" } }\n"
        "theme \"veu\" { title = \"VEU\", terms = { \"veu\" } }\n";
    static const char own_lua[] =
        "extend \"eud\" { terms = { \"faglært*\" }, subgoals = { \"5.2.1\" } }\n"
        "theme \"fgu\" { title = \"Forberedende grunduddannelse\", terms = { "
        "\"fgu\", \"produktionsskole*\" } }\n"
        "remove \"veu\"\n"
        "theme \"digital\" { title = \"Digitalisering\", terms = { "
        "\"digital*\" } }\n"
        "partners { \"RR\", \"KKR\", \"BRN\" }\n";
    char *base = amb_test_write(dir, "base.lua", base_lua, sizeof base_lua - 1);
    char *own = amb_test_write(dir, "own.lua", own_lua, sizeof own_lua - 1);
    const char *files[] = {base, own};
    amb_themes_lexicon *lx;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_themes_lexicon_load(files, 2, NULL, &lx, &err), 0);
    CU_ASSERT_EQUAL_FATAL(lx->nthemes, 3);
    CU_ASSERT_STRING_EQUAL(lx->themes[0].id, "eud");
    CU_ASSERT_EQUAL(lx->themes[0].nterms, 3);
    CU_ASSERT_STRING_EQUAL(lx->themes[0].terms[2], "faglært*");
    CU_ASSERT_EQUAL(lx->themes[0].nsubgoals, 2);
    CU_ASSERT_STRING_EQUAL(lx->themes[0].file, base);
    CU_ASSERT_EQUAL(lx->themes[0].line, 2);
    /* Replaced in place, with the new file and line. */
    CU_ASSERT_STRING_EQUAL(lx->themes[1].title, "Forberedende grunduddannelse");
    CU_ASSERT_EQUAL(lx->themes[1].nterms, 2);
    CU_ASSERT_EQUAL(lx->themes[1].nsubgoals, 0);
    CU_ASSERT_STRING_EQUAL(lx->themes[1].file, own);
    CU_ASSERT_EQUAL(lx->themes[1].line, 2);
    CU_ASSERT_STRING_EQUAL(lx->themes[2].id, "digital");
    CU_ASSERT_EQUAL(lx->npartners, 3);
    CU_ASSERT_STRING_EQUAL(lx->partners[0], "RR");
    CU_ASSERT_EQUAL(lx->nfiles, 2);
    amb_themes_matcher *m;
    CU_ASSERT_EQUAL_FATAL(amb_themes_lexicon_matcher(lx, &m, &err), 0);
    CU_ASSERT_EQUAL(amb_themes_matcher_terms(m), 6);
    amb_themes_matcher_free(m);
    amb_themes_lexicon_free(lx);

    /* WORKSPACE/themes.lua runs after the shipped lexicon. */
    static const char ws_lua[] =
        "extend \"fgu\" { terms = { \"ungdomsskole*\" } }\n"
        "theme \"groen_omstilling\" { title = \"Grøn omstilling\", terms = "
        "{ \"grøn omstilling\", \"klima*\" } }\n";
    free(amb_test_write(dir, "themes.lua", ws_lua, sizeof ws_lua - 1));
    CU_ASSERT_EQUAL_FATAL(amb_themes_lexicon_load_default(dir, NULL, &lx, &err),
                          0);
    CU_ASSERT_EQUAL(lx->nfiles, 2);
    CU_ASSERT_EQUAL(lx->nthemes, 21);
    CU_ASSERT_STRING_EQUAL(lx->themes[20].id, "groen_omstilling");
    const amb_theme *fgu = &lx->themes[18];
    CU_ASSERT_STRING_EQUAL(fgu->id, "fgu");
    CU_ASSERT_STRING_EQUAL(fgu->terms[fgu->nterms - 1], "ungdomsskole*");
    amb_themes_lexicon_free(lx);
    /* A broken workspace file names itself. */
    free(amb_test_write(dir, "themes.lua", "extend \"x\" {}\n", 14));
    CU_ASSERT_EQUAL(amb_themes_lexicon_load_default(dir, NULL, &lx, &err),
                    AMB_ECONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "themes.lua:1: extend: no theme "
                                  "'x'"));
    free(base);
    free(own);
    amb_test_rmtree(dir);
    free(dir);
}

static void test_lexicon_errors(void)
{
    static const struct {
        const char *lua, *msg;
    } cases[] = {
        {"theme \"x\" { title = \"X\", terms = { \"a*b\" } }",
         "bad.lua:1: theme 'x': terms[1] \"a*b\": a stem before '*' needs at "
         "least 3 characters"},
        {"\n\ntheme \"x\" { title = \"X\",\n terms = { \"ok\", \"eud-\" } }",
         "bad.lua:3: theme 'x': terms[2] \"eud-\": a term must end with"},
        {"theme \"x\" { title = \"X\", term = { \"eud\" } }",
         "bad.lua:1: theme 'x': unknown key 'term' (title, subgoals, terms)"},
        {"theme \"x\" { terms = { \"eud\" } }",
         "bad.lua:1: theme 'x': 'title' is required"},
        {"theme \"x\" { title = \"X\", terms = {} }",
         "bad.lua:1: theme 'x': 'terms' must list at least one term"},
        {"theme \"x\" { title = \"X\", terms = \"eud\" }",
         "bad.lua:1: theme 'x': 'terms' must be a list of strings"},
        {"theme \"x\" { title = \"X\", terms = { \"eud\", 7 } }",
         "bad.lua:1: theme 'x': terms[2] must be a string"},
        {"theme \"x\" { title = \"X\", terms = { \"eud\" }, subgoals = { "
         "\"5.1.\" } }",
         "bad.lua:1: theme 'x': subgoals[1] '5.1.' is not a sub-goal id"},
        {"theme \"X Y\" { title = \"X\", terms = { \"eud\" } }",
         "bad.lua:1: theme: theme id 'X Y' must be 1 to 40 characters"},
        {"extend \"nope\" { terms = { \"eud\" } }",
         "bad.lua:1: extend: no theme 'nope'"},
        {"remove \"nope\"", "bad.lua:1: remove: no theme 'nope'"},
        {"partners { \"K K R\" }",
         "bad.lua:1: partners: partners[1] 'K K R' must be 1 to 32"},
        {"theme \"x\" { title = \"X\" terms = {} }", "bad.lua:1:"},
        {"local t = nil\nt.x = 1", "bad.lua:2:"},
        {"theme \"x\" \"y\"", "bad.lua:1: theme 'x': expects a table"},
    };
    char *dir = amb_test_tmpdir("lexicon-bad");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        amb_themes_lexicon *lx = NULL;
        amb_error err;
        int rc = tt_lexicon(dir, "bad.lua", cases[i].lua, &lx, &err);
        CU_ASSERT_EQUAL(rc, AMB_ECONFIG);
        CU_ASSERT_PTR_NULL(lx);
        if (!strstr(err.msg, cases[i].msg))
            fprintf(stderr, "\ncase %zu: got [%s]\n", i, err.msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].msg));
    }
    const char *missing[] = {"/nonexistent/themes.lua"};
    amb_themes_lexicon *lx;
    amb_error err;
    CU_ASSERT_EQUAL(amb_themes_lexicon_load(missing, 1, NULL, &lx, &err),
                    AMB_EIO);
    amb_test_rmtree(dir);
    free(dir);
}

/* The shipped lexicon: the twenty themes of the ambition's figure, in its
 * order, with their printed titles. */
static void test_shipped_lexicon(void)
{
    static const char *const titles[] = {
        "Unges uddannelsesvalg", "Decentralt uddannelsesudbud",
        "Understøtte virksomheders rekruttering",
        "Opkvalificering, livslang uddannelse og VEU", "Fastholdelse",
        "Erhvervsuddannelser/faglært arbejdskraft", "VEU",
        "Ledige i beskæftigelse", "Økonomi på beskæftigelsesområdet",
        "Kapacitet på uddannelser", "SOSU/Velfærdsuddannelser",
        "Højtuddannet arbejdskraft", "Borgere på kanten af arbejdsmarkedet",
        "Faglig og geografisk mobilitet blandt jobsøgere", "Digitalisering",
        "TekNat-uddannelser", "Innovation", "Iværksætteri", "FGU",
        "Formidling af arbejdskraft"};
    amb_themes_lexicon *lx;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_themes_lexicon_load_default(NULL, NULL, &lx,
                                                          &err), 0);
    CU_ASSERT_EQUAL_FATAL(lx->nthemes, 20);
    for (size_t t = 0; t < 20; t++) {
        CU_ASSERT_STRING_EQUAL(lx->themes[t].title, titles[t]);
        CU_ASSERT(lx->themes[t].nsubgoals >= 1);
        CU_ASSERT(lx->themes[t].nterms >= 5);
    }
    CU_ASSERT_EQUAL(lx->npartners, 4);
    amb_themes_lexicon_free(lx);
}

/* The index of the theme with id in lx. */
static size_t theme_index(const amb_themes_lexicon *lx, const char *id)
{
    for (size_t t = 0; t < lx->nthemes; t++)
        if (strcmp(lx->themes[t].id, id) == 0)
            return t;
    CU_FAIL_FATAL("no such theme");
    return 0;
}

/* Is want one of theme t's evidence sentences? */
static int has_evidence(amb_themes_evidence *const *ev, const size_t *nev,
                        size_t t, const char *want)
{
    for (size_t i = 0; i < nev[t]; i++)
        if (strcmp(ev[t][i].sentence, want) == 0)
            return 1;
    fprintf(stderr, "\nmissing evidence [%s]\n", want);
    return 0;
}

/* The ambition itself: its four focus areas' themes with real sentences
 * as evidence. */
static void test_ambition_seed(void)
{
    const char *shared = amb_test_shared_dir();
    if (!shared) {
        CU_FAIL("AMB_SHARED_DIR is not set: shared/seeds is needed");
        return;
    }
    char *path = amb_path_join(shared, "seeds/000_7ebc3e35892f2fb7.txt");
    char *raw, *text;
    size_t n, len;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_read_file(path, 1 << 20, &raw, &n, &err), 0);
    CU_ASSERT_EQUAL_FATAL(amb_text_clean(raw, n, &text, &len, NULL), 0);
    amb_themes_lexicon *lx;
    CU_ASSERT_EQUAL_FATAL(amb_themes_lexicon_load_default(NULL, NULL, &lx,
                                                          &err), 0);
    amb_themes_matcher *m;
    CU_ASSERT_EQUAL_FATAL(amb_themes_lexicon_matcher(lx, &m, &err), 0);
    size_t nt = lx->nthemes;
    size_t *hits = calloc(nt, sizeof *hits), *nev = calloc(nt, sizeof *nev);
    amb_themes_evidence **ev = calloc(nt, sizeof *ev);
    CU_ASSERT_EQUAL_FATAL(amb_themes_tag(m, nt, text, len, 1000, hits, nev,
                                         ev), 0);
    static const struct {
        const char *theme, *sentence;
    } want[] = {
        {"unges_uddannelsesvalg", "Vores fælles målsætning er at sikre, at "
         "alle unge træffer et kvalificeret uddannelsesvalg."},
        {"erhvervsuddannelser", "Med 24% er Nordjylland den region i Danmark, "
         "der har den største andel af unge, som vælger en "
         "erhvervsuddannelse."},
        {"fastholdelse", "Dette understøtter fastholdelse i uddannelse."},
        {"formidling", "Desuden ønsker vi også fremadrettet at sikre, at den "
         "arbejdskraft, der er til rådighed, formidles til de jobåbninger, "
         "der er."},
        {"opkvalificering_veu", "Mulighederne for opkvalificering samt "
         "voksen-, efter- og videreuddannelse er gode i Nordjylland."},
        {"veu", "Mulighederne for opkvalificering samt voksen-, efter- og "
         "videreuddannelse er gode i Nordjylland."},
        {"teknat", "Selvom Nordjylland eksempelvis har haft en markant "
         "tilgang til tekniske og naturvidenskabelige uddannelser "
         "sammenlignet med andre regioner, indikerer den faldende andel af "
         "studenter med TekNat-fag og et relativt højt frafald på "
         "TekNat-uddannelser, at det også her kan blive en udfordring at "
         "imødekomme den fremtidige efterspørgsel."},
        {"mobilitet_jobsoegere", "Det er vigtigt, at ledige motiveres til "
         "såvel faglig som geografisk mobilitet i deres jobsøgning, ligesom "
         "opkvalificering af ledige bør rettes mod områder, hvor der er mangel "
         "på arbejdskraft."},
        {"sosu_velfaerd", "Eksempelvis er flere af parterne involveret i "
         "projekter, som skal understøtte behovet for tilstrækkelig og "
         "kvalificeret arbejdskraft til SOSU-området."},
        {"decentralt_uddannelsesudbud", "Tilgængelighed til uddannelse og "
         "decentrale uddannelsesudbud har en særlig betydning for mindre "
         "lokalsamfund uden for storbyerne."},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        size_t t = theme_index(lx, want[i].theme);
        CU_ASSERT(hits[t] >= AMB_THEMES_MIN_HITS);
        CU_ASSERT(has_evidence(ev, nev, t, want[i].sentence));
    }
    /* Evidence is an exact slice of the text at its position. */
    for (size_t t = 0; t < nt; t++)
        for (size_t i = 0; i < nev[t]; i++)
            CU_ASSERT_EQUAL(memcmp(text + ev[t][i].position, ev[t][i].sentence,
                                   strlen(ev[t][i].sentence)), 0);
    for (size_t t = 0; t < nt; t++)
        amb_themes_evidence_free(ev[t], nev[t]);
    free(hits);
    free(nev);
    free(ev);
    amb_themes_matcher_free(m);
    amb_themes_lexicon_free(lx);
    free(text);
    free(raw);
    free(path);
}

int main(void)
{
    AMB_TEST_SUITE("matching",
                   {"word boundaries", test_word_boundaries},
                   {"inflections and stems", test_inflections_and_stems},
                   {"phrases", test_phrases},
                   {"case and Danish letters", test_case_and_danish_letters},
                   {"term syntax", test_term_syntax});
    AMB_TEST_SUITE("tagging",
                   {"overlaps and evidence", test_tag_overlaps_and_evidence},
                   {"long sentence", test_tag_long_sentence});
    AMB_TEST_SUITE("lexicon",
                   {"dsl", test_lexicon_dsl},
                   {"errors", test_lexicon_errors},
                   {"shipped", test_shipped_lexicon},
                   {"ambition seed", test_ambition_seed});
    tt_register_output_suites();
    return amb_test_run();
}
