/*
 * report_doc.h - reading the report data document (the contract in
 * doc/report.md) defensively: every accessor accepts NULL and a value of
 * the wrong type, and answers "absent" rather than failing, so a document
 * with a missing or odd field still renders.
 *
 * Returned pointers are borrowed from the document and live as long as
 * it does.
 */
#ifndef AMB_REPORT_DOC_H
#define AMB_REPORT_DOC_H

#include <jansson.h>

#include "report_text.h"

/* obj[key] when it is a string, else NULL. */
const char *amb_report_str(const json_t *obj, const char *key);
/* A translated text: obj[key] when it is a string; when it is an object
 * {"da": ..., "en": ...}, the entry for lang, else the other language,
 * else NULL. */
const char *amb_report_text(const json_t *obj, const char *key,
                            amb_report_lang lang);
/* 1 and *out when obj[key] is a finite number, else 0. */
int amb_report_num(const json_t *obj, const char *key, double *out);
/* obj[key] when it is an array / an object, else NULL. */
const json_t *amb_report_arr(const json_t *obj, const char *key);
const json_t *amb_report_obj(const json_t *obj, const char *key);
/* The element of array arr whose field `key` equals value, or NULL. */
const json_t *amb_report_find(const json_t *arr, const char *key,
                              const char *value);

/* The region's area code (doc.ambition.region.code), or NULL. */
const char *amb_report_region_code(const json_t *doc);
/* The display name of an area code: the region's or a municipality's
 * name from the ambition, else NULL. */
const char *amb_report_area_name(const json_t *doc, const char *code);
/* The ambition's sub-goal (or the prerequisite) with this id, or NULL. */
const json_t *amb_report_subgoal(const json_t *doc, const char *id);

/* The status entry of an indicator for the region, else its first entry,
 * else NULL. */
const json_t *amb_report_headline_status(const json_t *doc,
                                         const json_t *indicator);
/* True when the indicator breaks down by municipality. */
int amb_report_has_municipal(const json_t *indicator);

#endif
