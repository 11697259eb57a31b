/*
 * test_text_clean.c - the text module: clean-up of extracted Danish text
 * (hyphenation across line breaks against real hyphens, soft hyphens,
 * ligatures, running headers/footers and page numbers across pages,
 * white space, Windows-1252 input), the fold, and sentence splitting with
 * Danish abbreviations.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"
#include "text_clean.h"

/* Clean s and compare with want (both as C strings). */
static void check_clean(const char *in, const char *want)
{
    char *out = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(amb_text_clean(in, strlen(in), &out, &len, NULL), 0);
    CU_ASSERT_EQUAL(len, strlen(out));
    if (strcmp(out, want) != 0)
        fprintf(stderr, "\nclean(%s)\n  got  [%s]\n  want [%s]\n", in, out,
                want);
    CU_ASSERT_STRING_EQUAL(out, want);
    free(out);
}

static void test_hyphenation_joined(void)
{
    check_clean("Strategier for ud-\ndannelse og kompetence-\nudvikling.",
                "Strategier for uddannelse og kompetenceudvikling.\n");
    check_clean("mange aktører inden for uddannel-\nses-, beskæftigelses-, og "
                "erhvervsfremmesyste-\nmet.",
                "mange aktører inden for uddannelses-, beskæftigelses-, og "
                "erhvervsfremmesystemet.\n");
    /* Trailing spaces as PDF extraction leaves them. */
    check_clean("Det Regionale Arbejdsmarkeds- \nråd og Region Nordjylland \n",
                "Det Regionale Arbejdsmarkedsråd og Region Nordjylland\n");
    /* Across a blank line (a column break), the hyphenation still joins. */
    check_clean("de fraflytter derfor regi-\n\nonen.",
                "de fraflytter derfor regionen.\n");
    /* A capitalised first part with one capital is still a word part. */
    check_clean("Nord-\njylland", "Nordjylland\n");
}

static void test_real_hyphens_stay(void)
{
    check_clean("Frafald på TekNat-uddannelser og i SOSU-området.\n",
                "Frafald på TekNat-uddannelser og i SOSU-området.\n");
    check_clean("relativt højt frafald på TekNat-\nuddannelser",
                "relativt højt frafald på TekNat-uddannelser\n");
    check_clean("projekter til SOSU-\nområdet", "projekter til SOSU-området\n");
    check_clean("de 16-\n64-årige", "de 16-64-årige\n");
    check_clean("AMU-\naktiviteten", "AMU-aktiviteten\n");
    check_clean("mere attraktive social- \nog sundhedsuddannelser",
                "mere attraktive social- og sundhedsuddannelser\n");
    check_clean("velfærds-\nog omsorgsområdet", "velfærds- og omsorgsområdet\n");
    /* A capitalised word part after the break keeps the hyphen. */
    check_clean("Business Region North-\nDenmark", "Business Region "
                "North-Denmark\n");
    /* A dash between words is not a hyphenation. */
    check_clean("både nu og i fremtiden -\nog på sigt",
                "både nu og i fremtiden - og på sigt\n");
    /* A single letter before the hyphen: e-læring stays. */
    check_clean("om e-\nlæring", "om e-læring\n");
}

static void test_soft_hyphens(void)
{
    check_clean("ud\xC2\xAD" "dan\xC2\xAD" "nelse", "uddannelse\n");
    check_clean("uddannel\xC2\xAD\nses\xC2\xAD" "valg", "uddannelsesvalg\n");
    check_clean("uddannel\xC2\xAD \n\nsesvalg", "uddannelsesvalg\n");
}

static void test_ligatures(void)
{
    check_clean("\xEF\xAC\x81nansiering og \xEF\xAC\x82" "eksibel e\xEF\xAC\x80"
                "ekt, e\xEF\xAC\x83" "cient, \xEF\xAC\x84" "ag",
                "finansiering og fleksibel effekt, efficient, fflag\n");
}

static void test_whitespace(void)
{
    check_clean("  Vi  vil\tstyrke\xC2\xA0" "samarbejdet.  \r\nDet er  vigtigt.\r\n"
                "\r\n\r\n\r\nNyt afsnit.\n\n",
                "Vi vil styrke samarbejdet. Det er vigtigt.\n\nNyt afsnit.\n");
    check_clean("", "");
    check_clean("\n\n  \n\f\f", "");
    /* A BOM and control characters go. */
    check_clean("\xEF\xBB\xBFVi\x01 vil\x7F.", "Vi vil.\n");
    /* Zero-width characters vanish inside words. */
    check_clean("ud\xE2\x80\x8B" "dannelse", "uddannelse\n");
}

static void test_windows_1252(void)
{
    /* Latin-1 letters, an en dash and curly quotes in Windows-1252. */
    check_clean("F\xE6lles m\xE5l \x96 \x93godt\x94 for \xD8stjylland",
                "F\xC3\xA6lles m\xC3\xA5l \xE2\x80\x93 \xE2\x80\x9Cgodt\xE2\x80\x9D"
                " for \xC3\x98stjylland\n");
    char *out;
    size_t len;
    amb_text_stats st;
    CU_ASSERT_EQUAL(amb_text_clean("\xE6", 1, &out, &len, &st), 0);
    CU_ASSERT_EQUAL(st.recoded, 1);
    free(out);
    CU_ASSERT_EQUAL(amb_text_clean("\xC3\xA6", 2, &out, &len, &st), 0);
    CU_ASSERT_EQUAL(st.recoded, 0);
    free(out);
}

/* Three pages with a running header, footer and page numbers. */
static void test_headers_footers(void)
{
    const char *in =
        "RAR Nordjylland \xE2\x80\x93 Strategi 2018-2022\n"
        "Indledning\n"
        "Vi vil styrke indsatsen for de ledige og sikre kompetence-\n"
        "Side 1 af 3\n"
        "\f"
        "RAR Nordjylland \xE2\x80\x93 Strategi 2018-2022\n"
        "udvikling for alle.\n"
        "\n"
        "Rekruttering er et fokusomr\xC3\xA5" "de.\n"
        "Side 2 af 3\n"
        "\f"
        "RAR Nordjylland \xE2\x80\x93 Strategi 2018-2022\n"
        "Opf\xC3\xB8lgning sker hvert \xC3\xA5r.\n"
        "Side 3 af 3\n";
    char *out;
    size_t len;
    amb_text_stats st;
    CU_ASSERT_EQUAL_FATAL(amb_text_clean(in, strlen(in), &out, &len, &st), 0);
    CU_ASSERT_STRING_EQUAL(out,
        "Indledning Vi vil styrke indsatsen for de ledige og sikre "
        "kompetenceudvikling for alle.\n\n"
        "Rekruttering er et fokusomr\xC3\xA5" "de.\n\n"
        "Opf\xC3\xB8lgning sker hvert \xC3\xA5r.\n");
    CU_ASSERT_EQUAL(st.pages, 3);
    CU_ASSERT_EQUAL(st.running_lines, 3);
    CU_ASSERT_EQUAL(st.page_numbers, 3);
    CU_ASSERT_EQUAL(st.hyphens_joined, 1);
    free(out);
}

static void test_page_numbers(void)
{
    /* Each page ends with a different page-number style; a number inside
     * the body and a running footer with the number glued on. */
    const char *in =
        "Vi har 25 m\xC3\xA5l.\n3\n\f"
        "Nye tal.\n- 4 -\n\f"
        "Flere tal.\nPage 5 of 9\n\f"
        "Sidste side.\n6/9\n\f"
        "Tillæg.\n[ 7 ]\n\f"
        "Bilag.\nVII\n";
    check_clean(in, "Vi har 25 m\xC3\xA5l.\n\nNye tal.\n\nFlere tal.\n\n"
                "Sidste side.\n\nTill\xC3\xA6g.\n\nBilag.\n");
    /* The seed's footers: the page number glued to the section title. */
    check_clean("Tekst om udfordringer.\n62. Den br\xC3\xA6ndende platform\n\f"
                "Mere tekst.\n72. Den br\xC3\xA6ndende platform\n",
                "Tekst om udfordringer.\n\nMere tekst.\n");
    /* A zone line on two pages of five is content; on three it runs. */
    check_clean("Et\nOverskrift\n\fTo\nTekst\n\fTre\nOverskrift\n\fFire\n"
                "Tekst\n\fFem\nTekst\n",
                "Et Overskrift\n\nTo\n\nTre Overskrift\n\nFire\n\nFem\n");
    /* Without pages nothing is taken for a page number. */
    check_clean("Antal:\n3\n", "Antal: 3\n");
}

static void test_page_break_joins(void)
{
    /* A sentence running over a page break goes on; a finished one ends
     * the paragraph. */
    check_clean("Vi arbejder for at\n  \fstyrke samarbejdet.\n\fNyt emne.\n",
                "Vi arbejder for at styrke samarbejdet.\n\nNyt emne.\n");
}

static void test_fold(void)
{
    size_t n;
    const char *danish = "\xC3\x86\xC3\x98\xC3\x85 \xC3\xA6\xC3\xB8\xC3\xA5"
                         " ERHVERVSUDDANNELSE";
    char *f = amb_text_fold(danish, strlen(danish), &n);
    CU_ASSERT_STRING_EQUAL(f, "\xC3\xA6\xC3\xB8\xC3\xA5 \xC3\xA6\xC3\xB8\xC3\xA5"
                           " erhvervsuddannelse");
    CU_ASSERT_EQUAL(n, strlen(f));
    free(f);
    /* Accents outside Danish, ä/ö, ligatures, soft hyphens, NBSP. */
    const char *in = "Id\xC3\xA9 \xC3\x89N Malm\xC3\xB6 K\xC3\xA4rnt \xC3\x9C"
                     "ber \xEF\xAC\x81n ud\xC2\xAD" "dan\xC2\xA0x";
    f = amb_text_fold(in, strlen(in), NULL);
    CU_ASSERT_STRING_EQUAL(f, "ide en malm\xC3\xB8 k\xC3\xA6rnt uber fin "
                           "uddan x");
    free(f);
    /* "aa", "ae", "oe" are not folded into å, æ, ø. */
    f = amb_text_fold("Aalborg Michael poesi", 21, NULL);
    CU_ASSERT_STRING_EQUAL(f, "aalborg michael poesi");
    free(f);
    /* Invalid bytes become U+FFFD; the fold is idempotent. */
    f = amb_text_fold("a\xFF" "B", 3, &n);
    CU_ASSERT_STRING_EQUAL(f, "a\xEF\xBF\xBD" "b");
    char *g = amb_text_fold(f, n, NULL);
    CU_ASSERT_STRING_EQUAL(g, f);
    free(g);
    free(f);
    CU_ASSERT_EQUAL(amb_text_class_of('-'), AMB_TEXT_PUNCT);
    CU_ASSERT_EQUAL(amb_text_class_of(0xE6), AMB_TEXT_WORD);
    CU_ASSERT_EQUAL(amb_text_class_of(0xA0), AMB_TEXT_SPACE);
    CU_ASSERT_EQUAL(amb_text_class_of(0xAD), AMB_TEXT_IGNORE);
    CU_ASSERT_EQUAL(amb_text_class_of(0x25CA), AMB_TEXT_PUNCT);   /* ◊ */
    CU_ASSERT(amb_text_is_lower(0xF8));
    CU_ASSERT(!amb_text_is_lower(0xD8));
}

static void test_utf8(void)
{
    char buf[4];
    uint32_t cp;
    for (uint32_t c = 1; c < 0x110000; c += (c < 0x800 ? 1 : 97)) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        size_t n = amb_text_utf8_encode(c, buf);
        CU_ASSERT_EQUAL(amb_text_utf8_decode((unsigned char *)buf, n, &cp), n);
        CU_ASSERT_EQUAL(cp, c);
    }
    /* Overlong, surrogate, truncated. */
    CU_ASSERT_EQUAL(amb_text_utf8_decode((const unsigned char *)"\xC0\xAF", 2,
                                         &cp), 1);
    CU_ASSERT_EQUAL(cp, 0xFFFD);
    CU_ASSERT_EQUAL(amb_text_utf8_decode((const unsigned char *)"\xED\xA0\x80",
                                         3, &cp), 1);
    CU_ASSERT_EQUAL(amb_text_utf8_decode((const unsigned char *)"\xE2\x80", 2,
                                         &cp), 1);
    CU_ASSERT(amb_text_utf8_valid("\xC3\xA6\xEF\xBF\xBD", 5));
    CU_ASSERT(!amb_text_utf8_valid("a\0b", 3));
    CU_ASSERT(!amb_text_utf8_valid("\xE6", 1));
}

/* Split t into sentences joined by "|". */
static char *split(const char *t)
{
    size_t len = strlen(t), pos = 0, s, e;
    char *out = calloc(1, len * 2 + 1);
    while (amb_text_next_sentence(t, len, &pos, &s, &e)) {
        if (*out)
            strcat(out, "|");
        strncat(out, t + s, e - s);
    }
    return out;
}

static void check_split(const char *t, const char *want)
{
    char *got = split(t);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\nsplit(%s)\n  got  [%s]\n  want [%s]\n", t, got,
                want);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
}

static void test_sentences(void)
{
    check_split("Vi vil bl.a. Styrke EUD. Det g\xC3\xA6lder f.eks. Aalborg. "
                "Ca. 25% af nordjyderne st\xC3\xA5r uden for "
                "arbejdsmarkedet. Andelen steg 5 pct. I 2017 faldt den. Hvad "
                "nu? Vi arbejder videre!",
                "Vi vil bl.a. Styrke EUD.|Det g\xC3\xA6lder f.eks. Aalborg.|"
                "Ca. 25% af nordjyderne st\xC3\xA5r uden for arbejdsmarkedet.|"
                "Andelen steg 5 pct. I 2017 faldt den.|Hvad nu?|"
                "Vi arbejder videre!");
    /* Ordinals, section numbers, years and single letters. */
    check_split("1. Baggrund for 5.2.1. Fastholde flere. Det skete i 2017. "
                "Det siger H. C. Andersen.",
                "1. Baggrund for 5.2.1. Fastholde flere.|Det skete i 2017.|"
                "Det siger H. C. Andersen.");
    /* A lower-case word after the dot does not start a sentence; closing
     * quotes stay with their sentence; paragraphs always end one. */
    check_split("Det er fx. ikke nok. \"Vi vil mere.\" Sagde hun\n\nNyt afsnit",
                "Det er fx. ikke nok.|\"Vi vil mere.\"|Sagde hun|Nyt afsnit");
    check_split("Uddannelse mv. Derfor er det afg\xC3\xB8rende.",
                "Uddannelse mv.|Derfor er det afg\xC3\xB8rende.");
    check_split("   ", "");
}

/* amb_text_sentence_at() agrees with the iterator at every position. */
static void test_sentence_at(void)
{
    const char *t = "Vi vil bl.a. styrke EUD.  Det g\xC3\xA6lder os. \n\nNyt "
                    "afsnit her. Og slut";
    size_t len = strlen(t), pos = 0, s, e, prev_end = 0;
    while (amb_text_next_sentence(t, len, &pos, &s, &e)) {
        for (size_t p = prev_end; p < e; p++) {
            size_t as, ae;
            amb_text_sentence_at(t, len, p, &as, &ae);
            CU_ASSERT_EQUAL(as, s);
            CU_ASSERT_EQUAL(ae, e);
        }
        prev_end = e;
    }
    size_t as, ae;
    amb_text_sentence_at(t, len, len, &as, &ae);
    CU_ASSERT_EQUAL(as, len);
    CU_ASSERT_EQUAL(ae, len);
}

/* The seed's text as it came out of PDF extraction cleans up. */
static void test_seed_excerpt(void)
{
    const char *shared = amb_test_shared_dir();
    if (!shared) {
        CU_FAIL("AMB_SHARED_DIR is not set: shared/seeds is needed");
        return;
    }
    char *path = amb_path_join(shared, "seeds/000_7ebc3e35892f2fb7.txt");
    char *data;
    size_t n;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_read_file(path, 1 << 20, &data, &n, &err), 0);
    char *out;
    size_t len;
    amb_text_stats st;
    CU_ASSERT_EQUAL_FATAL(amb_text_clean(data, n, &out, &len, &st), 0);
    CU_ASSERT(amb_text_utf8_valid(out, len));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Desuden \xC3\xB8nsker vi ogs\xC3\xA5 "
                                  "fremadrettet at sikre, at den "
                                  "arbejdskraft, der er til r\xC3\xA5" "dighed, "
                                  "formidles til de job\xC3\xA5" "bninger, der "
                                  "er."));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "et relativt h\xC3\xB8jt frafald p\xC3\xA5 "
                                  "TekNat-uddannelser"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "AMU-aktiviteten"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "social- og sundhedsuddannelser"));
    CU_ASSERT_PTR_NULL(strstr(out, "ud-dannelse"));
    CU_ASSERT(st.hyphens_joined > 240 && st.hyphens_joined < 288);
    free(out);
    free(data);
    free(path);
}

int main(void)
{
    AMB_TEST_SUITE("clean",
                   {"hyphenation joined", test_hyphenation_joined},
                   {"real hyphens stay", test_real_hyphens_stay},
                   {"soft hyphens", test_soft_hyphens},
                   {"ligatures", test_ligatures},
                   {"white space", test_whitespace},
                   {"windows-1252", test_windows_1252},
                   {"headers and footers", test_headers_footers},
                   {"page numbers", test_page_numbers},
                   {"page breaks", test_page_break_joins},
                   {"seed excerpt", test_seed_excerpt});
    AMB_TEST_SUITE("fold",
                   {"fold", test_fold},
                   {"utf-8", test_utf8});
    AMB_TEST_SUITE("sentences",
                   {"split", test_sentences},
                   {"sentence at", test_sentence_at});
    return amb_test_run();
}
