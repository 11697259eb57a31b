/*
 * fuzz_csv.c - libFuzzer target for the csv tokenizer and number parser.
 *
 * The first input byte picks how the rest is fed (chunk size, record
 * limit, records to skip); the rest is tokenized with delimiter detection
 * and with each fixed delimiter, once in one piece and once in small
 * chunks, and both runs must give the same records and result.  Every
 * field must be NUL-terminated at its length with no NUL inside, every
 * record must have a field and lines must not go backwards; each field
 * also goes through the number parser with both decimal marks.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv_map.h"
#include "csv_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_number(const csv_field *f)
{
    static const char seps[][2] = {{'.', 0}, {',', '.'}, {'.', ','},
                                   {',', ' '}};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        double d;
        if (csv_parse_number(f->s, f->len, seps[i][0], seps[i][1], &d) == 0 &&
            d != d)
            abort(); /* a NaN must never come out */
    }
}

/* FNV-1a over n bytes, continuing from h. */
static uint64_t mix(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

/* Tokenize the input and return a hash of everything the parser said:
 * records, lines, fields and the final result with its message. */
static uint64_t run(const char *in, size_t len, char delim, size_t chunk,
                    size_t max, unsigned long skip)
{
    csv_mem m = {in, len, 0, chunk};
    csv_config cfg = {delim, max};
    csv_parser *p = csv_parser_new(&cfg, csv_read_mem, &m);
    if (!p)
        abort();
    csv_record r;
    unsigned long last = 0;
    uint64_t h = 0xcbf29ce484222325ULL;
    int rc = csv_skip(p, skip);
    while (rc == 0 && (rc = csv_next(p, &r)) == CSV_RECORD) {
        rc = 0;
        if (r.nfields == 0 || r.line < last || r.line == 0)
            abort();
        last = r.line;
        h = mix(h, &r.line, sizeof r.line);
        h = mix(h, &r.nfields, sizeof r.nfields);
        for (size_t i = 0; i < r.nfields; i++) {
            const csv_field *f = &r.fields[i];
            if (f->s[f->len] != '\0' || memchr(f->s, 0, f->len))
                abort();
            h = mix(h, f->s, f->len + 1);
            check_number(f);
        }
    }
    h = mix(h, &rc, sizeof rc);
    if (rc == CSV_EOF) {
        if (csv_parser_bytes(p) != len)
            abort(); /* the whole input must have been read */
    } else {
        const csv_error *e = csv_parser_error(p);
        if (e->code != rc || e->msg[0] == '\0' || csv_next(p, &r) != rc)
            abort();
        h = mix(h, e->msg, strlen(e->msg));
        h = mix(h, &e->line, sizeof e->line);
    }
    csv_parser_free(p);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const char delims[] = {0, ',', ';', '\t'};
    unsigned mode = data[0];
    const char *in = (const char *)data + 1;
    size_t len = size - 1;
    size_t chunk = (size_t)(mode & 7) + 1;
    size_t max = (mode & 8) ? 64 : 0;
    unsigned long skip = (mode >> 4) & 3;
    /* however the input is split, the parser must say the same */
    for (size_t i = 0; i < sizeof delims; i++) {
        unsigned long s = i == 0 ? skip : 0;
        if (run(in, len, delims[i], 0, max, s) !=
            run(in, len, delims[i], chunk, max, s))
            abort();
    }
    return 0;
}
