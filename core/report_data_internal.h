/*
 * report_data_internal.h - the store-side parts of the report data
 * (report_sources.c) that report_data.c assembles.
 */
#ifndef AMB_REPORT_DATA_INTERNAL_H
#define AMB_REPORT_DATA_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>

#include "conf.h"
#include "indicators.h"
#include "util.h"

/* The "sources" array: the sources declared in cfg (in order), then any
 * other source the store has runs for (by name).  New reference, or NULL
 * with err set. */
json_t *amb_report_data_sources(sqlite3 *db, const amb_config *cfg,
                                amb_error *err);
/* 1 when a stored dataset's title or its source's name says SAMPLE. */
int amb_report_data_sample(sqlite3 *db);
/* When the datasets a rule reads were last stored (the latest end time of
 * the runs that stored them), or NULL; caller frees. */
char *amb_report_data_collected_at(sqlite3 *db, const amb_ind_rule *rule);

#endif
