/*
 * test_ind_model.c - the ambition model (core/ambition.c): the shipped
 * lua/ambition.lua, its lookups and JSON, and model files with one mistake
 * each, refused with the path of the field.
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_ind.h"
#include "testutil.h"

/* String equality that shows both strings when they differ. */
#define ASSERT_MSG(got, want)                                              \
    do {                                                                   \
        if (strcmp((got), (want)) != 0)                                    \
            fprintf(stderr, "\n got: %s\nwant: %s\n", (got), (want));      \
        CU_ASSERT_STRING_EQUAL((got), (want));                             \
    } while (0)

static void test_model(void)
{
    amb_ambition *m = ind_test_model();
    CU_ASSERT_STRING_EQUAL(m->title, "Det kompetente Nordjylland");
    CU_ASSERT_STRING_EQUAL(m->region.code, "081");
    CU_ASSERT_EQUAL(m->nmunicipalities, 11);
    CU_ASSERT_STRING_EQUAL(m->municipalities[0].code, "773");
    CU_ASSERT_STRING_EQUAL(amb_ambition_area_name(m, "851"), "Aalborg");
    CU_ASSERT_PTR_NULL(amb_ambition_area_name(m, "101"));
    CU_ASSERT_EQUAL(m->npartners, 4);
    CU_ASSERT_EQUAL(m->nfocus, 4);
    CU_ASSERT_EQUAL(amb_ambition_subgoal_count(m), 15);
    CU_ASSERT_STRING_EQUAL(amb_ambition_subgoal_at(m, 0)->id, "4.2");
    CU_ASSERT_STRING_EQUAL(amb_ambition_subgoal_at(m, 1)->id, "5.1.1");
    CU_ASSERT_STRING_EQUAL(amb_ambition_subgoal_at(m, 14)->id, "5.4.3");
    CU_ASSERT_PTR_NULL(amb_ambition_subgoal_at(m, 15));
    CU_ASSERT_STRING_EQUAL(amb_ambition_find_subgoal(m, "5.3.3")->title.da,
                           "Øge arbejdsudbuddet");
    CU_ASSERT_STRING_EQUAL(m->prerequisite.title.da, "Uddannelsesudbud og "
                           "uddannelsesmiljøer – en strukturel forudsætning");
    CU_ASSERT_STRING_EQUAL(amb_ambition_focus_of(m, "5.2.2")->id, "5.2");
    CU_ASSERT_PTR_NULL(amb_ambition_focus_of(m, "4.2"));
    int found24 = 0;
    for (size_t i = 0; i < m->nfigures; i++)
        found24 |= m->figures[i].value == 24 &&
                   strcmp(m->figures[i].subgoal, "5.1.3") == 0;
    CU_ASSERT(found24);
    json_t *j = amb_ambition_to_json(m);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(j, "focus_areas")), 4);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
        json_object_get(j, "prerequisite"), "id")), "4.2");
    json_decref(j);
    amb_ambition_free(m);
}

/* A model file with one mistake is refused with the field's path. */
static void test_model_errors(void)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"return 1", "(model): the file must return the model as a table"},
        {"return { titel = 'x' }", "(model): unknown field 'titel'"},
        {"return { title = 'T', region = { code = '81', name = 'R' } }",
         "region: code '81' is not a three-digit StatBank area code"},
        {"return { title = 'T', region = { code = '081', name = 'R' },"
         " municipalities = { { code = '773', name = 'A' },"
         " { code = '773', name = 'B' } } }",
         "municipalities[2]: code '773' appears twice"},
        {"return { title = 'T', region = { code = '081', name = 'R' },"
         " municipalities = { { code = '773', name = 'A' } },"
         " partners = { { id = 'P', name = 'P', composition = { da = 'x', en = 'x' },"
         " focus = { da = 'x' } } } }",
         "partners[1].focus.en: expected a non-empty string"},
        {"local t = { da = 'x', en = 'x' } return { title = 'T',"
         " region = { code = '081', name = 'R' },"
         " municipalities = { { code = '773', name = 'A' } },"
         " partners = { { id = 'P', name = 'P', composition = t, focus = t } },"
         " prerequisite = { id = '4.2', title = t },"
         " focus_areas = { { id = '5.1', title = t, goal = t,"
         " subgoals = { { id = '5.2.1', title = t } } } } }",
         "focus_areas[1].subgoals[1]: id '5.2.1' must be '5.1.N'"},
        {"local t = { da = 'x', en = 'x' } return { title = 'T',"
         " region = { code = '081', name = 'R' },"
         " municipalities = { { code = '773', name = 'A' } },"
         " partners = { { id = 'P', name = 'P', composition = t, focus = t } },"
         " prerequisite = { id = '4.2', title = t },"
         " focus_areas = { { id = '5.1', title = t, goal = t,"
         " subgoals = { { id = '5.1.1', title = t } } } },"
         " figures = { { kind = 'baseline', text = t, value = 1, unit = 'u',"
         " period = '2019', subgoal = '5.9.9' } } }",
         "figures[1]: unknown sub-goal '5.9.9'"},
    };
    char *dir = amb_test_tmpdir("model");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = ind_test_file(dir, "model.lua", cases[i].text);
        amb_ambition *m = NULL;
        amb_error err;
        CU_ASSERT_EQUAL(amb_ambition_load(path, &m, &err), AMB_ECONFIG);
        CU_ASSERT_PTR_NULL(m);
        char *want = amb_xasprintf("%s: %s", path, cases[i].want);
        ASSERT_MSG(err.msg, want);
        free(want);
        free(path);
    }
    amb_test_rmtree(dir);
    free(dir);
}

void ind_test_model_suite(void)
{
    AMB_TEST_SUITE("model",
                   {"the shipped model", test_model},
                   {"model errors name the field", test_model_errors});
}
