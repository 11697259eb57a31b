/*
 * ambition_json.c - lookups in a loaded ambition model and its JSON form
 * (the "ambition" object of the report data contract, also printed by
 * `ambit ambition --json`).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ambition.h"

size_t amb_ambition_subgoal_count(const amb_ambition *m)
{
    size_t n = m->prerequisite.id ? 1 : 0;
    for (size_t i = 0; i < m->nfocus; i++)
        n += m->focus[i].nsubgoals;
    return n;
}

const amb_ambition_subgoal *amb_ambition_subgoal_at(const amb_ambition *m,
                                                    size_t i)
{
    if (m->prerequisite.id) {
        if (i == 0)
            return &m->prerequisite;
        i--;
    }
    for (size_t f = 0; f < m->nfocus; f++) {
        if (i < m->focus[f].nsubgoals)
            return &m->focus[f].subgoals[i];
        i -= m->focus[f].nsubgoals;
    }
    return NULL;
}

const amb_ambition_subgoal *amb_ambition_find_subgoal(const amb_ambition *m,
                                                      const char *id)
{
    if (!id)
        return NULL;
    if (m->prerequisite.id && strcmp(m->prerequisite.id, id) == 0)
        return &m->prerequisite;
    for (size_t f = 0; f < m->nfocus; f++)
        for (size_t k = 0; k < m->focus[f].nsubgoals; k++)
            if (m->focus[f].subgoals[k].id &&
                strcmp(m->focus[f].subgoals[k].id, id) == 0)
                return &m->focus[f].subgoals[k];
    return NULL;
}

const amb_ambition_focus *amb_ambition_focus_of(const amb_ambition *m,
                                                const char *subgoal)
{
    for (size_t f = 0; subgoal && f < m->nfocus; f++)
        for (size_t k = 0; k < m->focus[f].nsubgoals; k++)
            if (strcmp(m->focus[f].subgoals[k].id, subgoal) == 0)
                return &m->focus[f];
    return NULL;
}

int amb_ambition_is_region(const amb_ambition *m, const char *code)
{
    return code && m->region.code && strcmp(m->region.code, code) == 0;
}

int amb_ambition_municipality_index(const amb_ambition *m, const char *code)
{
    for (size_t i = 0; code && i < m->nmunicipalities; i++)
        if (strcmp(m->municipalities[i].code, code) == 0)
            return (int)i;
    return -1;
}

const char *amb_ambition_area_name(const amb_ambition *m, const char *code)
{
    if (amb_ambition_is_region(m, code))
        return m->region.name;
    int i = amb_ambition_municipality_index(m, code);
    return i >= 0 ? m->municipalities[i].name : NULL;
}

/* {"da": ..., "en": ...} (new reference). */
static json_t *text_json(const amb_ambition_text *t)
{
    return json_pack("{s:s, s:s}", "da", t->da, "en", t->en);
}

/* A whole number as a JSON integer, anything else as a real. */
static json_t *number_json(double v)
{
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

static json_t *area_json(const amb_ambition_area *a)
{
    return json_pack("{s:s, s:s}", "code", a->code, "name", a->name);
}

static json_t *focus_json(const amb_ambition_focus *f)
{
    json_t *subgoals = json_array();
    for (size_t k = 0; k < f->nsubgoals; k++)
        json_array_append_new(subgoals, json_pack("{s:s, s:o}",
            "id", f->subgoals[k].id, "title", text_json(&f->subgoals[k].title)));
    return json_pack("{s:s, s:o, s:o, s:o}", "id", f->id,
                     "title", text_json(&f->title), "goal", text_json(&f->goal),
                     "subgoals", subgoals);
}

json_t *amb_ambition_to_json(const amb_ambition *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "title", json_string(m->title));
    if (m->subtitle.da)
        json_object_set_new(o, "subtitle", text_json(&m->subtitle));
    if (m->vision.da)
        json_object_set_new(o, "vision", text_json(&m->vision));
    json_t *region = area_json(&m->region);
    if (m->region_official_code)
        json_object_set_new(region, "official_code",
                            json_string(m->region_official_code));
    json_object_set_new(o, "region", region);
    json_t *arr = json_array();
    for (size_t i = 0; i < m->nmunicipalities; i++)
        json_array_append_new(arr, area_json(&m->municipalities[i]));
    json_object_set_new(o, "municipalities", arr);
    arr = json_array();
    for (size_t i = 0; i < m->npartners; i++) {
        const amb_ambition_partner *p = &m->partners[i];
        json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:o}",
            "id", p->id, "name", p->name, "focus", text_json(&p->focus),
            "composition", text_json(&p->composition)));
    }
    json_object_set_new(o, "partners", arr);
    json_object_set_new(o, "prerequisite", json_pack("{s:s, s:o}",
        "id", m->prerequisite.id, "title", text_json(&m->prerequisite.title)));
    arr = json_array();
    for (size_t i = 0; i < m->nfocus; i++)
        json_array_append_new(arr, focus_json(&m->focus[i]));
    json_object_set_new(o, "focus_areas", arr);
    arr = json_array();
    for (size_t i = 0; i < m->nfigures; i++) {
        const amb_ambition_figure *f = &m->figures[i];
        json_array_append_new(arr, json_pack("{s:o, s:o, s:s, s:s, s:s, s:s}",
            "text", text_json(&f->text), "value", number_json(f->value),
            "unit", f->unit, "period", f->period, "subgoal", f->subgoal,
            "kind", f->kind));
    }
    json_object_set_new(o, "figures", arr);
    arr = json_array();
    for (size_t i = 0; i < m->nstatements; i++)
        json_array_append_new(arr, json_pack("{s:o, s:s}",
            "text", text_json(&m->statements[i].text),
            "subgoal", m->statements[i].subgoal));
    json_object_set_new(o, "statements", arr);
    return o;
}
