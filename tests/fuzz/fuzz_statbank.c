/*
 * fuzz_statbank.c - libFuzzer target for the statbank plugin's parsers.
 *
 * An input that starts with '{' (the fixtures' tableinfo answers seed
 * this) is a tableinfo answer: when it loads, the time variable must be
 * marked time, every variable must be found by its own id, and a BULK
 * request body must be buildable from it.  Any other input (the BULK and
 * CSV fixtures seed this) is a data response read against a fixed
 * FOLK1A-like tableinfo, with a decimal comma or point and fed in chunks
 * of 1 to 8 bytes, both chosen by the input's length: every row must have
 * its codes, period and a finite value or a missing one; at the end the
 * whole input must have been read; errors must carry a message naming the
 * response.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "statbank.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char info_text[] =
    "{\"id\":\"FOLK1A\",\"text\":\"Befolkningen\",\"unit\":\"Antal\","
    "\"updated\":\"2024-05-10T08:00:00\",\"variables\":["
    "{\"id\":\"OMR\xC3\x85" "DE\",\"text\":\"omr\xC3\xA5" "de\",\"values\":"
    "[{\"id\":\"081\",\"text\":\"Region Nordjylland\"}]},"
    "{\"id\":\"K\xC3\x98N\",\"text\":\"k\xC3\xB8n\",\"values\":[]},"
    "{\"id\":\"ALDER\",\"text\":\"alder\",\"values\":[]},"
    "{\"id\":\"Tid\",\"text\":\"tid\",\"time\":true,\"values\":[]}]}";

static void fuzz_info(const char *in, size_t len)
{
    statbank_info info;
    char err[512] = "";
    if (statbank_info_load_mem(in, len, "ti", &info, err, sizeof err) != 0) {
        if (info.root || strncmp(err, "ti", 2) != 0)
            abort();
        return;
    }
    if (info.time_var >= info.nvars || !info.vars[info.time_var].time)
        abort();
    for (size_t i = 0; i < info.nvars; i++)
        if (statbank_info_find(&info, info.vars[i].id) != (long)i)
            abort();
    amb_opt items[] = {{.type = AMB_OPT_STRING, .key = "table",
                        .string = "T"}};
    amb_opt opts = {.type = AMB_OPT_MAP, .count = 1, .items = items};
    statbank_opts o;
    if (statbank_parse_options(&opts, &o, err, sizeof err) != 0)
        abort();
    size_t blen = 0;
    char *body = statbank_data_body(&o, &info, &blen, err, sizeof err);
    if (!body || blen != strlen(body))
        abort();
    free(body);
    statbank_info_free(&info);
}

static void fuzz_response(const char *in, size_t len, unsigned mode)
{
    statbank_info info;
    char err[512] = "";
    if (statbank_info_load_mem(info_text, sizeof info_text - 1, "ti", &info,
                               err, sizeof err) != 0)
        abort();
    csv_mem m = {in, len, 0, ((mode >> 2) & 7) + 1};   /* 1..8 bytes */
    statbank_csv *r = NULL;
    int rc = statbank_csv_open(&r, csv_read_mem, &m, &info,
                               (mode & 2) ? '.' : ',', "resp", err,
                               sizeof err);
    if (rc == 0) {
        size_t n;
        statbank_csv_dims(r, &n);
        statbank_row row;
        while ((rc = statbank_csv_next(r, &row, err, sizeof err)) > 0) {
            for (size_t k = 0; k < n; k++)
                if (!row.codes[k])
                    abort();
            if (!row.period || (row.has_value && row.value - row.value != 0))
                abort();
            if (!row.has_value && row.value != 0)
                abort();
        }
        if (rc == 0 && statbank_csv_bytes(r) != len)
            abort();
    }
    if (rc < 0 && strncmp(err, "resp", 4) != 0)
        abort();
    statbank_csv_free(r);
    statbank_info_free(&info);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    if (size > 0 && in[0] == '{')
        fuzz_info(in, size);
    else
        fuzz_response(in, size, (unsigned)(size % 32));
    return 0;
}
