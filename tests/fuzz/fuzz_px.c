/*
 * fuzz_px.c - libFuzzer target for the PX parser (header, encodings,
 * TIMEVAL, DATA).
 *
 * The first input byte picks how the rest is fed (chunk size) and which
 * options are given (main language, time variable); the rest is parsed
 * once in one piece and once in small chunks, and both runs must say the
 * same.  The table must hold together: every variable has values, codes and
 * labels are valid UTF-8 without NUL, counts multiply up, indexes are in
 * range; cells come in order with positions inside the value counts and
 * finite values, their number equals the table's when the parse ends well,
 * and an error has a message and stays.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "px_internal.h"
#include "px_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* FNV-1a over n bytes, continuing from h. */
static uint64_t mix(uint64_t h, const void *d, size_t n)
{
    const unsigned char *b = d;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    if (!s)
        return mix(h, "\xff", 1);
    if (!px_utf8_valid(s, strlen(s)))
        abort(); /* every text handed out is UTF-8 */
    return mix(h, s, strlen(s) + 1);
}

/* Check the table and hash what it says. */
static uint64_t check_table(const px_table *t)
{
    uint64_t h = 0xcbf29ce484222325ULL, stub = 1, head = 1;
    if (t->nlang == 0 || t->main_lang >= t->nlang || t->nvars == 0 ||
        t->nvars > PX_MAX_VARS || t->nstub > t->nvars ||
        (t->time_var != PX_NO_VAR && t->time_var >= t->nvars) ||
        (t->content_var != PX_NO_VAR && t->content_var >= t->nvars) ||
        t->decimals < -1 || t->decimals > 15)
        abort();
    for (size_t l = 0; l < t->nlang; l++)
        h = mix_str(h, t->langs[l]);
    h = mix_str(h, t->title);
    h = mix_str(h, t->units);
    h = mix_str(h, t->updated);
    h = mix_str(h, t->matrix);
    for (size_t i = 0; i < t->nvars; i++) {
        const px_var *v = &t->vars[i];
        if (v->nvalues == 0 || !v->id || !v->labels[0] ||
            (v->elimination == PX_ELIM_VALUE && v->elim_value >= v->nvalues))
            abort();
        h = mix_str(h, v->id);
        for (size_t l = 0; l < t->nlang; l++) {
            h = mix_str(h, v->names[l]);
            for (size_t j = 0; v->labels[l] && j < v->nvalues; j++)
                h = mix_str(h, v->labels[l][j]);
        }
        for (size_t j = 0; j < v->nvalues; j++)
            h = mix_str(h, v->codes[j]);
        if (i < t->nstub)
            stub *= v->nvalues;
        else
            head *= v->nvalues;
    }
    if (stub != t->stub_cells || head != t->heading_cells ||
        stub * head != t->ncells)
        abort();
    h = mix(h, &t->time_var, sizeof t->time_var);
    return h;
}

/* Parse in[0..len) and hash everything the parser said. */
static uint64_t run(const char *in, size_t len, size_t chunk,
                    const px_options *o)
{
    px_mem m = {in, len, 0, chunk};
    px_parser *p = px_parser_new("fuzz.px", px_read_mem, &m);
    if (!p)
        abort();
    const px_table *t;
    uint64_t h = 0;
    int rc = px_read_header(p, o, &t);
    if (rc == 0) {
        h = check_table(t);
        px_cell c;
        uint64_t n = 0;
        while ((rc = px_next_cell(p, &c)) == PX_CELL) {
            if (c.index != n++ || (c.has_value && !isfinite(c.value)) ||
                (!c.has_value && !c.flag))
                abort();
            for (size_t i = 0; i < t->nvars; i++)
                if (c.pos[i] >= t->vars[i].nvalues)
                    abort();
            h = mix(h, &c.value, c.has_value ? sizeof c.value : 0);
            h = mix_str(h, c.flag);
        }
        if (rc == PX_END && (n != t->ncells || px_parser_bytes(p) != len))
            abort();
    }
    h = mix(h, &rc, sizeof rc);
    if (rc < 0) {
        const px_error *e = px_parser_error(p);
        px_cell c;
        if (e->code != rc || !e->msg[0] || px_next_cell(p, &c) != rc)
            abort();
        h = mix(h, e->msg, strlen(e->msg));
    }
    px_parser_free(p);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {NULL, "en", "da", "xx"};
    static const char *const times[] = {NULL, "tid", "time", "a"};
    if (size == 0)
        return 0;
    unsigned mode = data[0];
    px_options o = {times[(mode >> 5) & 3], langs[(mode >> 3) & 3], NULL,
                    NULL};
    const char *in = (const char *)data + 1;
    size_t len = size - 1;
    if (run(in, len, 0, &o) != run(in, len, (mode & 7) + 1, &o))
        abort(); /* however the input is split, the parser says the same */
    return 0;
}
