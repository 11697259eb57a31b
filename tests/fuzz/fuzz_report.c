/*
 * fuzz_report.c - libFuzzer target for the report renderer (HTML and CSV).
 *
 * An input that parses as a JSON object is rendered as it is.  Any other
 * input is cut into pieces (at NUL and newline bytes) that fill a report
 * document of two indicators: every string becomes "<fz>" + piece (so also
 * invalid UTF-8 and control bytes), and bytes become values, periods,
 * flags, baselines and targets.  The HTML must be well-formed UTF-8 and
 * must never contain "<fz>" unescaped; the CSV must render too.
 */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_csv.h"
#include "report_html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a sequence of pieces, handed out round-robin. */
typedef struct pieces {
    const uint8_t *data;
    size_t size, at;
} pieces;

/* The next piece as a hostile JSON string (may be invalid UTF-8). */
static json_t *next_str(pieces *p)
{
    size_t start = p->at < p->size ? p->at : 0;
    size_t end = start;
    while (end < p->size && p->data[end] != '\n' && p->data[end] != '\0')
        end++;
    p->at = end + 1 >= p->size ? 0 : end + 1;
    char buf[96];
    size_t n = end - start > sizeof buf - 5 ? sizeof buf - 5 : end - start;
    memcpy(buf, "<fz>", 4);
    memcpy(buf + 4, p->data + start, n);
    return json_stringn_nocheck(buf, n + 4);
}

/* A number from the next bytes: small integers, fractions, negatives. */
static json_t *next_num(pieces *p)
{
    if (p->size == 0)
        return json_null();
    uint8_t b = p->data[p->at % p->size];
    p->at = (p->at + 1) % p->size;
    if (b == 0xFF)
        return json_null();
    double v = ((int)b - 100) * (b & 1 ? 0.37 : 13.0);
    return json_real(v);
}

static json_t *next_period(pieces *p)
{
    if (p->size && (p->data[p->at % p->size] & 3) == 0)
        return next_str(p);
    char buf[8];
    snprintf(buf, sizeof buf, "%d", 2015 + (p->size ? p->data[p->at++ % p->size] % 12 : 0));
    return json_string(buf);
}

static json_t *series(pieces *p, const char *area)
{
    json_t *pts = json_array();
    size_t n = p->size ? p->data[p->at % p->size] % 9 : 0;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(pts, json_pack("{s:o, s:o, s:o}", "period", next_period(p),
                                             "value", next_num(p), "flag",
                                             i % 3 == 2 ? next_str(p) : json_null()));
    return json_pack("{s:s, s:o, s:o}", "area", area, "name", next_str(p), "points", pts);
}

static json_t *indicator(pieces *p, const char *breakdown)
{
    return json_pack(
        "{s:o, s:{s:o, s:o}, s:o, s:s, s:s, s:s, s:s, s:{s:[o], s:[]}, s:o,"
        " s:{s:o, s:o}, s:{s:o, s:o}, s:o, s:[o, o, o],"
        " s:[{s:s, s:o, s:o, s:o, s:o, s:o}], s:{s:o, s:o}}",
        "id", next_str(p), "title", "da", next_str(p), "en", next_str(p),
        "description", next_str(p), "subgoal", "5.1.3", "unit", "percent",
        "direction", "lower", "breakdown", breakdown,
        "reads", "datasets", next_str(p), "survey", "source_note", next_str(p),
        "baseline", "period", next_period(p), "value", next_num(p),
        "target", "period", next_period(p), "value", next_num(p),
        "error", (p->size && p->data[0] & 1) ? next_str(p) : json_null(),
        "series", series(p, "081"), series(p, "773"), series(p, "851"),
        "status", "area", "081", "status", next_str(p), "ratio", next_num(p),
        "cagr", next_num(p), "required_cagr", next_num(p), "note", next_str(p),
        "freshness", "last_period", next_period(p), "collected_at", next_str(p));
}

/* The template document filled from the input. */
static json_t *build(const uint8_t *data, size_t size)
{
    pieces p = {data, size, 0};
    return json_pack(
        "{s:s, s:o, s:s, s:b, s:{s:o, s:{s:s, s:o}, s:[{s:s, s:o}, {s:s, s:o}],"
        " s:{s:s, s:{s:o}}, s:[{s:s, s:{s:o}, s:{s:o}, s:[{s:s, s:{s:o}}]}],"
        " s:[{s:{s:o}, s:o, s:s, s:o, s:s}]},"
        " s:[o, o], s:[{s:s, s:o}], s:[{s:o, s:o, s:o, s:o, s:[o], s:[{s:o, s:o, s:o}]}],"
        " s:{s:[{s:o, s:o, s:o, s:o, s:o}]}, s:{s:[{s:o, s:[o], s:o, s:[o]}], s:[o, o]}}",
        "generated_at", "2026-11-26T08:00:00Z", "workspace", next_str(&p), "lang",
        size && data[size - 1] & 1 ? "en" : "da", "sample_data", (int)(size & 1),
        "ambition", "title", next_str(&p), "region", "code", "081", "name", next_str(&p),
        "municipalities", "code", "773", "name", next_str(&p), "code", "851", "name",
        next_str(&p), "prerequisite", "id", "4.2", "title", "da", next_str(&p),
        "focus_areas", "id", "5.1", "title", "da", next_str(&p), "goal", "da",
        next_str(&p), "subgoals", "id", "5.1.3", "title", "da", next_str(&p),
        "figures", "text", "da", next_str(&p), "value", next_num(&p), "unit", "percent",
        "period", next_period(&p), "subgoal", "5.1.3",
        "indicators", indicator(&p, "both"), indicator(&p, "region"),
        "subgoals", "id", "5.1.3", "status", next_str(&p),
        "sources", "name", next_str(&p), "plugin", next_str(&p), "last_status",
        next_str(&p), "last_success_at", next_str(&p), "datasets", next_str(&p),
        "provenance", "url", next_str(&p), "fetched_at", next_str(&p), "content_hash",
        next_str(&p),
        "survey", "campaigns", "name", next_str(&p), "title", next_str(&p), "invited",
        next_num(&p), "complete", next_num(&p), "closes", next_str(&p),
        "themes", "themes", "title", next_str(&p), "organisations", next_str(&p),
        "count", next_num(&p), "subgoals", next_str(&p), "organisations", next_str(&p),
        next_str(&p));
}

static int valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2
                   : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
        if (len == 0 || i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *doc = json_loadb((const char *)data, size, 0, NULL);
    if (!json_is_object(doc)) {
        json_decref(doc);
        doc = build(data, size);
    }
    if (!doc)
        return 0;
    char *html = NULL, *csv = NULL;
    size_t hlen = 0, clen = 0;
    FILE *fp = open_memstream(&html, &hlen);
    FILE *fc = open_memstream(&csv, &clen);
    if (!fp || !fc)
        abort();
    if (amb_report_write_html(doc, fp, NULL) != 0 || amb_report_write_csv(doc, fc, NULL) != 0)
        abort();
    fclose(fp);
    fclose(fc);
    if (!valid_utf8((const unsigned char *)html, hlen))
        abort();
    if (memmem(html, hlen, "<fz>", 4) || memmem(html, hlen, "<script", 7))
        abort();
    free(html);
    free(csv);
    json_decref(doc);
    return 0;
}
