/*
 * report_doc.c - defensive accessors for the report data document.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "report_doc.h"

const char *amb_report_str(const json_t *obj, const char *key)
{
    if (!json_is_object(obj))
        return NULL;
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *amb_report_text(const json_t *obj, const char *key,
                            amb_report_lang lang)
{
    if (!json_is_object(obj))
        return NULL;
    const json_t *v = json_object_get(obj, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (!json_is_object(v))
        return NULL;
    const char *want = amb_report_str(v, amb_report_lang_code(lang));
    if (want)
        return want;
    return amb_report_str(v, amb_report_lang_code(lang == AMB_LANG_EN ? AMB_LANG_DA
                                                                      : AMB_LANG_EN));
}

int amb_report_num(const json_t *obj, const char *key, double *out)
{
    if (!json_is_object(obj))
        return 0;
    const json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        return 0;
    double d = json_number_value(v);
    if (!isfinite(d))
        return 0;
    *out = d;
    return 1;
}

const json_t *amb_report_arr(const json_t *obj, const char *key)
{
    if (!json_is_object(obj))
        return NULL;
    const json_t *v = json_object_get(obj, key);
    return json_is_array(v) ? v : NULL;
}

const json_t *amb_report_obj(const json_t *obj, const char *key)
{
    if (!json_is_object(obj))
        return NULL;
    const json_t *v = json_object_get(obj, key);
    return json_is_object(v) ? v : NULL;
}

const json_t *amb_report_find(const json_t *arr, const char *key,
                              const char *value)
{
    if (!json_is_array(arr) || !value)
        return NULL;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const json_t *e = json_array_get(arr, i);
        const char *s = amb_report_str(e, key);
        if (s && strcmp(s, value) == 0)
            return e;
    }
    return NULL;
}

const char *amb_report_region_code(const json_t *doc)
{
    return amb_report_str(amb_report_obj(amb_report_obj(doc, "ambition"), "region"),
                          "code");
}

const char *amb_report_area_name(const json_t *doc, const char *code)
{
    if (!code)
        return NULL;
    const json_t *amb = amb_report_obj(doc, "ambition");
    const json_t *region = amb_report_obj(amb, "region");
    const char *rc = amb_report_str(region, "code");
    if (rc && strcmp(rc, code) == 0)
        return amb_report_str(region, "name");
    return amb_report_str(amb_report_find(amb_report_arr(amb, "municipalities"),
                                          "code", code), "name");
}

const json_t *amb_report_subgoal(const json_t *doc, const char *id)
{
    if (!id)
        return NULL;
    const json_t *amb = amb_report_obj(doc, "ambition");
    const json_t *pre = amb_report_obj(amb, "prerequisite");
    const char *pid = amb_report_str(pre, "id");
    if (pid && strcmp(pid, id) == 0)
        return pre;
    const json_t *areas = amb_report_arr(amb, "focus_areas");
    for (size_t i = 0; areas && i < json_array_size(areas); i++) {
        const json_t *sg = amb_report_find(amb_report_arr(json_array_get(areas, i),
                                                          "subgoals"), "id", id);
        if (sg)
            return sg;
    }
    return NULL;
}

const json_t *amb_report_headline_status(const json_t *doc,
                                         const json_t *indicator)
{
    const json_t *st = amb_report_arr(indicator, "status");
    const json_t *e = amb_report_find(st, "area", amb_report_region_code(doc));
    if (e)
        return e;
    e = st ? json_array_get(st, 0) : NULL;
    return json_is_object(e) ? e : NULL;
}

int amb_report_has_municipal(const json_t *indicator)
{
    const char *b = amb_report_str(indicator, "breakdown");
    return b && (strcmp(b, "municipality") == 0 || strcmp(b, "both") == 0);
}
