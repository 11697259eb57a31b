/*
 * output.c - JSON and CSV writers shared by the listing commands.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

void amb_json_print(json_t *v)
{
    json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(v);
}

json_t *amb_json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

void amb_csv_field(FILE *fp, const char *s, int last)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    int quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    if (!quote && strpbrk(s, ",\"\r\n"))
        quote = 1;
    if (quote) {
        fputc('"', fp);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', fp);
            fputc(*p, fp);
        }
        fputc('"', fp);
    } else {
        fputs(s, fp);
    }
    fputc(last ? '\n' : ',', fp);
}

void amb_format_number(double v, char out[40])
{
    if (!isfinite(v)) {
        snprintf(out, 40, "%s", isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"));
        return;
    }
    /* Integers print without a fraction; others with the fewest digits
     * that survive a round trip. */
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, 40, "%.0f", v);
        return;
    }
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(out, 40, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}
