/*
 * test_px_samples.c - real PX files through the built plugin: every file in
 * shared/data/public-samples/px (as published by Statistics Greenland,
 * Statistics Finland, Statistics Norway, the Swiss FSO and Spain's INE; see
 * SOURCES.md there) and the UDDAKT10 SAMPLE data shipped with ambit.
 * Counts, codes, the time variable, labels in each language and flags are
 * checked against the files themselves.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambit/plugin.h"
#include "testutil.h"
#include "util.h"

/* From test_px.c and test_px_plugin.c. */
void px_expect_str(const char *got, const char *want, const char *file,
                   int line);
amb_rc px_run_import(const char *path, const amb_opt *opts, char **out);
size_t px_count(const char *transcript, const char *prefix);
int px_has_line(const char *transcript, const char *line);
double px_obs_value(const char *transcript, const char *key);
void px_sample_suites(void);

#define HAS(t, line)                                                       \
    do {                                                                   \
        if (!px_has_line((t), (line)))                                     \
            fprintf(stderr, "\n%s:%d: no line [%s]\n", __FILE__, __LINE__, \
                    (line));                                               \
        CU_ASSERT(px_has_line((t), (line)));                               \
    } while (0)

#define STR(k, v) ((amb_opt){.type = AMB_OPT_STRING, .key = (k), .string = (v)})
#define MAP(...)                                                           \
    ((amb_opt){.type = AMB_OPT_MAP, .items = (const amb_opt[]){__VA_ARGS__}, \
               .count = sizeof((const amb_opt[]){__VA_ARGS__}) / sizeof(amb_opt)})

/* Import public sample name with opts; NULL (test skipped) when the shared
 * directory is absent.  *path gets the file's path (caller frees). */
static char *sample(const char *name, const amb_opt *opts, amb_rc want,
                    char **path)
{
    const char *shared = amb_test_shared_dir();
    if (!shared) {
        fprintf(stderr, "(no shared directory: %s skipped) ", name);
        *path = NULL;
        return NULL;
    }
    *path = amb_xasprintf("%s/data/public-samples/px/%s", shared, name);
    char *t;
    amb_rc rc = px_run_import(*path, opts, &t);
    if (rc != want)
        fprintf(stderr, "\n%s: rc %d\n%.600s\n", name, rc, t);
    CU_ASSERT_EQUAL(rc, want);
    return t;
}

static void test_greenland(void)
{
    char *path, *t;
    amb_opt opts = MAP(STR("dataset", "P"));
    /* ANSI, CR CR LF line ends, a NOTE over three quoted lines */
    if ((t = sample("population_gl.px", &opts, AMB_OK, &path))) {
        CU_ASSERT_PTR_NOT_NULL(strstr(
            t, "begin P title=Population January 1st by gender, age and time "
               "unit=persons updated=20240209 09:00 "
               "dims=gender(gender),age(age) time=time(time) origin="));
        CU_ASSERT_EQUAL(px_count(t, "obs "), 30);
        HAS(t, "obs M|0-6|2004=3237");
        HAS(t, "obs K|65+|2024=2616");
        HAS(t, "label gender K en=Women");
        HAS(t, "label gender K -=Women");
        free(t);
    }
    free(path);
    /* Windows-1252 in three languages */
    if ((t = sample("BEXSTA_windows_1252.px", &opts, AMB_OK, &path))) {
        CU_ASSERT_EQUAL(px_count(t, "obs "), 7200);
        CU_ASSERT_EQUAL(px_count(t, "obs T|T|0|T|2023=747"), 1);
        HAS(t, "label place of birth S da=Født udenfor Grønland");
        HAS(t, "label place of birth S -=Born outside Greenland");
        HAS(t, "label gender M da=Mænd");
        HAS(t, "label residence type C da=Større bosteder");
        CU_ASSERT_EQUAL(px_count(t, "warning: "), 0);
        size_t missing = 0;
        for (const char *l = strstr(t, "=[-]"); l; l = strstr(l + 1, "=[-]"))
            missing++;
        CU_ASSERT_EQUAL(missing, 1937);
        free(t);
    }
    free(path);
    /* declares iso-8859-15, is UTF-8; English, Danish and Greenlandic */
    if ((t = sample("TUX01.px", &opts, AMB_OK, &path))) {
        char *w = amb_xasprintf("warning: px: %s: declares CODEPAGE "
                                "\"iso-8859-15\" but its text is valid UTF-8: "
                                "read as UTF-8", path);
        HAS(t, w);
        free(w);
        CU_ASSERT_EQUAL(px_count(t, "obs "), 396);
        HAS(t, "obs 0|1990=28449");
        HAS(t, "obs 19|1990=1000");
        HAS(t, "obs 19|2022=180");
        HAS(t, "label district 0 -=Total");
        HAS(t, "label district 0 en=Total");
        HAS(t, "label district 0 da=I alt");
        HAS(t, "label district 0 kl=Katillugit");
        HAS(t, "label time 2022 kl=2022");
        free(t);
    }
    free(path);
    amb_opt da = MAP(STR("dataset", "P"), STR("lang", "da"));
    if ((t = sample("TUX01.px", &da, AMB_OK, &path))) {
        CU_ASSERT_PTR_NOT_NULL(strstr(
            t, "begin P title=Antal slædehunde efter distrikt og tid "
               "unit=Antal updated=20230301 09:00 dims=district(distrikt) "
               "time=time(tid) origin="));
        HAS(t, "label district 0 -=I alt");
        free(t);
    }
    free(path);
    /* languages without CODES, and no time variable */
    if ((t = sample("multilingual_no_codes.px", &opts, AMB_EPARSE, &path))) {
        char *want = amb_xasprintf("fail: %s: no time variable: no TIMEVAL, "
                                   "and no variable is called tid, time, år "
                                   "or year (name it with option time)", path);
        HAS(t, want);
        free(want);
        free(t);
    }
    free(path);
    amb_opt gender = MAP(STR("dataset", "P"), STR("time", "gender"));
    if ((t = sample("multilingual_no_codes.px", &gender, AMB_OK, &path))) {
        CU_ASSERT_EQUAL(px_count(t, "obs "), 8);
        HAS(t, "obs a|F=2");
        HAS(t, "obs d|M=7");
        HAS(t, "label type b kl=b_kl");
        HAS(t, "label time M kl=M_kl");
        free(t);
    }
    free(path);
    /* TIMEVAL with TLIST, a contents variable among the heading */
    if ((t = sample("TIMEVAL_long.px", &opts, AMB_OK, &path))) {
        CU_ASSERT_EQUAL(px_count(t, "obs "), 24);
        HAS(t, "obs K_3001|Levende|2019=257");
        HAS(t, "obs K_3002|Fodselsoverskudd|2022=-49");
        HAS(t, "label contents Dode -=Deaths");
        free(t);
    }
    free(path);
    if ((t = sample("semicolon_in_values.px", &opts, AMB_OK, &path))) {
        CU_ASSERT_EQUAL(px_count(t, "obs "), 4);
        HAS(t, "obs Public administration; defence|2021=4");
        HAS(t, "label industry Public administration; defence "
               "en=Public administration; defence");
        free(t);
    }
    free(path);
}

static void test_europe(void)
{
    char *path, *t;
    amb_opt opts = MAP(STR("dataset", "P"));
    /* Statistics Finland: CONTVARIABLE, fi/sv/en, iso-8859-15 */
    if ((t = sample("CONTVARIABLE_multiple_languages.px", &opts, AMB_OK,
                    &path))) {
        CU_ASSERT_PTR_NOT_NULL(strstr(
            t, " dims=Matkan pituus, km(Matkan pituus, km),Tiedot(Tiedot) "
               "time=Vuosi(Vuosi) "));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, " updated=20230418 08:00 "));
        CU_ASSERT_EQUAL(px_count(t, "obs "), 18);
        HAS(t, "obs SSS|maara|2022=62755");
        HAS(t, "obs SSS|liik|2022=69");
        HAS(t, "label Matkan pituus, km SSS -=Yhteensä");
        HAS(t, "label Matkan pituus, km SSS sv=Totalt");
        HAS(t, "label Matkan pituus, km 100_ sv=Över 100 km");
        HAS(t, "label Tiedot maara fi=Tavaramäärä, 1000 t");
        free(t);
    }
    free(path);
    /* Swiss FSO: 470 KB, four languages, Windows-1252 quotes in a file
     * declared iso-8859-15, quarters */
    amb_opt fr = MAP(STR("dataset", "P"), STR("lang", "fr"));
    if ((t = sample("px-x-0602000000_107.px", &fr, AMB_OK, &path))) {
        char *w = amb_xasprintf("warning: px: %s:54: bytes 0x80-0x9F are "
                                "control characters in iso-8859-15; read as "
                                "Windows-1252", path);
        HAS(t, w);
        free(w);
        CU_ASSERT_EQUAL(px_count(t, "obs "), 60800);
        CU_ASSERT_EQUAL(px_count(t, "obs 5-96|1|1|2|2004Q1=9.1091\n"), 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(t, " unit=Pourcent "));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, " time=Quartal(Trimestre) "));
        HAS(t, "label Wirtschaftsabteilung 45-47 -=45-47 Commerce, "
               "réparation d’automobiles et de motocycles");
        HAS(t, "label Wirtschaftsabteilung 84 de=84 Öffentliche Verwaltung");
        HAS(t, "label Wirtschaftsabteilung 84 en=84 Public administration");
        HAS(t, "label time 2004Q1 it=2004Q1");
        free(t);
    }
    free(path);
    /* INE: old AXIS-VERSION, ';' after every row, quoted "..", no time
     * variable (a cross-section) */
    if ((t = sample("14001.px", &opts, AMB_EPARSE, &path))) {
        CU_ASSERT_PTR_NOT_NULL(strstr(t, ": no time variable: "));
        free(t);
    }
    free(path);
    amb_opt sexo = MAP(STR("dataset", "P"), STR("time", "SEXO "));
    if ((t = sample("14001.px", &sexo, AMB_OK, &path))) {
        CU_ASSERT_EQUAL(px_count(t, "obs "), 8064);
        HAS(t, "obs CA00|Todas las edades|Total|Esposos=162743");
        HAS(t, "obs CA00|Menos de 15|Total|Esposos=[..]");
        HAS(t, "label Comunidad Autónoma de residencia del matrimonio CA09 "
               "-=Cataluña");
        size_t missing = 0;
        for (const char *l = strstr(t, "=[..]"); l; l = strstr(l + 1, "=[..]"))
            missing++;
        CU_ASSERT_EQUAL(missing, 2260);
        free(t);
    }
    free(path);
}

/* The shipped UDDAKT10 SAMPLE data: its shape, and the two EUD ratios the
 * indicator rules are written against. */
static void test_uddakt10(void)
{
    char *path = amb_xasprintf("%s/data/samples/uddakt10.px", amb_test_srcdir());
    amb_opt opts = {.type = AMB_OPT_MAP};
    char *t;
    CU_ASSERT_EQUAL_FATAL(px_run_import(path, &opts, &t), AMB_OK);
    free(path);
    CU_ASSERT_PTR_NOT_NULL(strstr(
        t, "begin UDDAKT10 title=SAMPLE DATA: Uddannelsesaktivitet efter "
           "område, uddannelse, fuldførelsesstatus og tid unit=persons "
           "updated=20250301 08:00 dims=OMRÅDE(OMRÅDE),UDDANNELSE(UDDANNELSE),"
           "FSTATUS(FSTATUS) time=tid(tid) origin="));
    CU_ASSERT_EQUAL(px_count(t, "obs "), 12 * 5 * 3 * 10);
    CU_ASSERT_EQUAL(px_count(t, "obs 825|H40|"), 30);
    CU_ASSERT_EQUAL(px_count(t, "obs 825|H70|A|2019=[..]"), 1);
    CU_ASSERT_EQUAL(px_count(t, "warning: "), 0);
    static const char *const areas[] = {"773", "787", "810", "813",
                                        "820", "825", "840", "846",
                                        "849", "851", "860"};
    HAS(t, "label OMRÅDE 081 -=Region Nordjylland");
    HAS(t, "label OMRÅDE 825 da=Læsø");
    HAS(t, "label UDDANNELSE H30 -=Erhvervsfaglige uddannelser");
    HAS(t, "label FSTATUS F -=Fuldført");
    HAS(t, "label time 2015 -=2015");
    /* the region is the sum of its municipalities (EUD rows) */
    for (int y = 2015; y <= 2024; y++) {
        char key[64];
        double sum = 0;
        for (size_t i = 0; i < sizeof areas / sizeof *areas; i++) {
            snprintf(key, sizeof key, "%s|H30|T|%d", areas[i], y);
            sum += px_obs_value(t, key);
        }
        snprintf(key, sizeof key, "081|H30|T|%d", y);
        CU_ASSERT_EQUAL(px_obs_value(t, key), sum);
    }
    double share[2025], dropout[2025];
    for (int y = 2015; y <= 2024; y++) {
        char k20[32], k30[32], ka[32], kf[32];
        snprintf(k20, sizeof k20, "081|H20|T|%d", y);
        snprintf(k30, sizeof k30, "081|H30|T|%d", y);
        snprintf(ka, sizeof ka, "081|H30|A|%d", y);
        snprintf(kf, sizeof kf, "081|H30|F|%d", y);
        double t20 = px_obs_value(t, k20), t30 = px_obs_value(t, k30);
        double a = px_obs_value(t, ka), f = px_obs_value(t, kf);
        share[y] = t30 / (t20 + t30);
        dropout[y] = a / (a + f);
    }
    CU_ASSERT(share[2019] > 0.235 && share[2019] < 0.245);
    CU_ASSERT(dropout[2019] > 0.485 && dropout[2019] < 0.495);
    CU_ASSERT(share[2015] < share[2019] && share[2019] < share[2024]);
    CU_ASSERT(share[2024] - share[2015] < 0.05);       /* slowly */
    CU_ASSERT(dropout[2015] > dropout[2019] && dropout[2019] > dropout[2024]);
    CU_ASSERT(dropout[2015] - dropout[2024] < 0.08);
    free(t);
}

void px_sample_suites(void)
{
    AMB_TEST_SUITE("px_samples", {"greenland", test_greenland},
                   {"europe", test_europe}, {"uddakt10", test_uddakt10});
}
