/*
 * report_csv.c - the CSV export of the report data document (see
 * report_csv.h for the columns).  Uses the CLI's RFC 4180 field writer
 * and number formatter (output.h).
 */
#include "config.h"

#include <string.h>

#include "output.h"
#include "report_csv.h"
#include "report_doc.h"

const char amb_report_csv_header[] =
    "indicator,subgoal,area,area_name,period,value,flag,unit,"
    "baseline,baseline_period,target,target_period,status";

/* A number field (empty when absent). */
static void num_field(FILE *out, const json_t *obj, const char *key)
{
    double v;
    char buf[40] = "";
    if (amb_report_num(obj, key, &v))
        amb_format_number(v, buf);
    amb_csv_field(out, buf, 0);
}

/* The rows of one series of an indicator. */
static void series_rows(FILE *out, const json_t *doc, const json_t *ind,
                        const json_t *series)
{
    const char *area = amb_report_str(series, "area");
    const char *name = amb_report_str(series, "name");
    if (!name)
        name = amb_report_area_name(doc, area);
    const json_t *st = amb_report_find(amb_report_arr(ind, "status"), "area", area);
    const char *status = amb_report_str(st, "status");
    if (!status && amb_report_str(ind, "error"))
        status = "error";
    const json_t *base = amb_report_obj(ind, "baseline");
    const json_t *target = amb_report_obj(ind, "target");
    const json_t *pts = amb_report_arr(series, "points");
    for (size_t i = 0; pts && i < json_array_size(pts); i++) {
        const json_t *pt = json_array_get(pts, i);
        if (!json_is_object(pt))
            continue;
        amb_csv_field(out, amb_report_str(ind, "id"), 0);
        amb_csv_field(out, amb_report_str(ind, "subgoal"), 0);
        amb_csv_field(out, area, 0);
        amb_csv_field(out, name, 0);
        amb_csv_field(out, amb_report_str(pt, "period"), 0);
        num_field(out, pt, "value");
        amb_csv_field(out, amb_report_str(pt, "flag"), 0);
        amb_csv_field(out, amb_report_str(ind, "unit"), 0);
        num_field(out, base, "value");
        amb_csv_field(out, amb_report_str(base, "period"), 0);
        num_field(out, target, "value");
        amb_csv_field(out, amb_report_str(target, "period"), 0);
        amb_csv_field(out, status, 1);
    }
}

int amb_report_write_csv(const json_t *doc, FILE *out, amb_error *err)
{
    if (!json_is_object(doc))
        return amb_error_set(err, AMB_EPARSE, "the report data document is not a JSON object");
    fputs(amb_report_csv_header, out);
    fputc('\n', out);
    const json_t *inds = amb_report_arr(doc, "indicators");
    for (size_t i = 0; inds && i < json_array_size(inds); i++) {
        const json_t *ind = json_array_get(inds, i);
        const json_t *series = amb_report_arr(ind, "series");
        for (size_t j = 0; series && j < json_array_size(series); j++)
            series_rows(out, doc, ind, json_array_get(series, j));
    }
    if (fflush(out) != 0 || ferror(out))
        return amb_error_set(err, AMB_EIO, "writing the CSV failed");
    return 0;
}
