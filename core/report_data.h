/*
 * report_data.h - the report's data: one JSON document (jansson) built
 * from the ambition model, the evaluated indicators with their series and
 * statuses, the sub-goal combination, and the sources with their last runs
 * and provenance.  `ambit report --format json` prints it and the HTML
 * report is rendered from it alone.  doc/report-data.md lists every key.
 */
#ifndef AMB_REPORT_DATA_H
#define AMB_REPORT_DATA_H

#include <jansson.h>

#include "util.h"
#include "workspace.h"

/* Build the document for ws in lang ("da" or "en": the language of the
 * status notes; every text is given in both).  *out is a new reference the
 * caller owns.  Errors: AMB_EUSAGE for another lang, AMB_ECONFIG for a
 * rule file that does not load (message "FILE:LINE: ..."), AMB_ESTORE
 * when the store cannot be read.  Rules that fail while running are not
 * errors: they appear with their "error" set. */
int amb_report_data(amb_workspace *ws, const char *lang, json_t **out,
                    amb_error *err);

#endif
