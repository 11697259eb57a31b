/*
 * ambition.h - the ambition model "Det kompetente Nordjylland": focus areas
 * with goals, sub-goals, the structural prerequisite 4.2, the partners, the
 * region and its municipalities (StatBank area codes), and the figures the
 * documents state.
 *
 * The model is data in lua/ambition.lua, run in the Lua sandbox and checked
 * field by field into the structs below.  An amb_ambition owns every string
 * in it and is freed with amb_ambition_free(); pointers returned by the
 * lookup functions are borrowed from it.
 */
#ifndef AMB_AMBITION_H
#define AMB_AMBITION_H

#include <stddef.h>
#include <jansson.h>

#include "util.h"

/* The same text in Danish and English. */
typedef struct amb_ambition_text {
    char *da;
    char *en;
} amb_ambition_text;

typedef struct amb_ambition_area {
    char *code;              /* StatBank area code, "081", "851" */
    char *name;
} amb_ambition_area;

typedef struct amb_ambition_partner {
    char *id;                /* "KKR", "RAR", "BRN", "RR" */
    char *name;
    amb_ambition_text composition;
    amb_ambition_text focus;
} amb_ambition_partner;

typedef struct amb_ambition_subgoal {
    char *id;                /* "5.1.3", or "4.2" for the prerequisite */
    amb_ambition_text title;
} amb_ambition_subgoal;

typedef struct amb_ambition_focus {
    char *id;                /* "5.1" */
    amb_ambition_text title;
    amb_ambition_text goal;
    amb_ambition_subgoal *subgoals;
    size_t nsubgoals;
} amb_ambition_focus;

typedef struct amb_ambition_figure {
    char *kind;              /* "baseline", "target" or "projection" */
    amb_ambition_text text;
    double value;
    char *unit;
    char *period;
    char *subgoal;
} amb_ambition_figure;

typedef struct amb_ambition_statement {
    amb_ambition_text text;
    char *subgoal;
} amb_ambition_statement;

typedef struct amb_ambition {
    char *title;
    amb_ambition_text subtitle;      /* both NULL when absent */
    amb_ambition_text vision;
    amb_ambition_area region;
    char *region_official_code;      /* may be NULL */
    amb_ambition_area *municipalities;
    size_t nmunicipalities;
    amb_ambition_partner *partners;
    size_t npartners;
    amb_ambition_subgoal prerequisite;
    amb_ambition_focus *focus;
    size_t nfocus;
    amb_ambition_figure *figures;
    size_t nfigures;
    amb_ambition_statement *statements;
    size_t nstatements;
} amb_ambition;

/* Run the model file at path in a fresh sandbox and check it.  Errors read
 * "PATH: focus_areas[2].subgoals[1].title.da: expected a non-empty string"
 * (AMB_ECONFIG) or carry the Lua error's file:line. */
int amb_ambition_load(const char *path, amb_ambition **out, amb_error *err);
/* The shipped model, amb_data_path("lua/ambition.lua"). */
int amb_ambition_load_default(amb_ambition **out, amb_error *err);
void amb_ambition_free(amb_ambition *m);            /* NULL is fine */

/* Sub-goals in ambition order: index 0 is the prerequisite 4.2, then
 * 5.1.1 ... 5.4.3. */
size_t amb_ambition_subgoal_count(const amb_ambition *m);
const amb_ambition_subgoal *amb_ambition_subgoal_at(const amb_ambition *m,
                                                    size_t i);
/* The sub-goal (or prerequisite) with id, or NULL. */
const amb_ambition_subgoal *amb_ambition_find_subgoal(const amb_ambition *m,
                                                      const char *id);
/* The focus area a sub-goal belongs to, or NULL (the prerequisite). */
const amb_ambition_focus *amb_ambition_focus_of(const amb_ambition *m,
                                                const char *subgoal);
/* The name of the region or a municipality, or NULL for other codes. */
const char *amb_ambition_area_name(const amb_ambition *m, const char *code);
/* 1 for the region's code, 0 otherwise. */
int amb_ambition_is_region(const amb_ambition *m, const char *code);
/* The position of a municipality in the model (0..n-1), or -1. */
int amb_ambition_municipality_index(const amb_ambition *m, const char *code);

/* The model as the report contract's "ambition" object (new reference). */
json_t *amb_ambition_to_json(const amb_ambition *m);

#endif
