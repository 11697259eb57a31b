/*
 * report_csv.h - the report's content as one CSV table (RFC 4180, UTF-8,
 * header row first), for spreadsheets and bulk download.
 *
 * One row per indicator x area x period, in document order:
 *   indicator,subgoal,area,area_name,period,value,flag,unit,
 *   baseline,baseline_period,target,target_period,status
 * value is empty when the point has none (its marker, such as "c" for a
 * suppressed cell, is in flag); numbers use '.' and the shortest form that
 * reads back the same; status is that area's status for the indicator
 * (empty when the document has none).  doc/report.md documents each
 * column.
 */
#ifndef AMB_REPORT_CSV_H
#define AMB_REPORT_CSV_H

#include <stdio.h>
#include <jansson.h>

#include "util.h"

/* The header line, without the newline. */
extern const char amb_report_csv_header[];

/* Write doc as CSV to out (borrowed).  Returns 0, AMB_EPARSE when doc is
 * not an object, or AMB_EIO when writing failed. */
int amb_report_write_csv(const json_t *doc, FILE *out, amb_error *err);

#endif
