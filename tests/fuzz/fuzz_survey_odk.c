/*
 * fuzz_survey_odk.c - libFuzzer target for ODK submission instances.
 *
 * The input is a submission of a fixed form (two pages: every answer
 * shape, relevance, a pattern).  It must parse (and, when clean,
 * validate) without a crash, with every problem on a line of its own
 * starting with the file name, and a clean parse must have produced an
 * 8-digit respondent and an instance id.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "survey_odk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed[] =
    "form { id = 'f', version = '1', title = 'F', pages = {\n"
    " page { id = 'p', title = 'P', questions = {\n"
    "  single { id = 's', label = 'S', required = true, choices = { { 'a', da = 'A' }, { 'b', da = 'B' } } },\n"
    "  multi { id = 'm', label = 'M', max = 2, choices = { { 'x', da = 'X' }, { 'y', da = 'Y' } } },\n"
    "  integer { id = 'i', label = 'I', min = 0, max = 100, relevant = { q = 's', eq = 'a' } },\n"
    "  decimal { id = 'd', label = 'D' } } },\n"
    " page { id = 'q', title = 'Q', questions = {\n"
    "  text { id = 't', label = 'T', pattern = '^%d+$' },\n"
    "  matrix { id = 'x', label = 'X', rows = { { 'r', da = 'R' }, { 'w', da = 'W' } }, choices = { { 'lo', da = 'L' } } },\n"
    "  municipality { id = 'k', label = 'K', relevant = { q = 'm', has = 'y' } },\n"
    "  yesno { id = 'y', label = 'Y' } } } } }\n";

/* Every problem line starts with "fuzz.xml:"; the count matches. */
static void check_lines(const amb_buf *b, size_t n)
{
    size_t lines = 0;
    for (const char *c = b->data; c && *c; lines++) {
        if (strncmp(c, "fuzz.xml:", 9) != 0)
            abort();
        const char *nl = strchr(c, '\n');
        if (!nl)
            abort();
        c = nl + 1;
    }
    if (lines != n)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static amb_form *form;
    if (!form) {
        amb_error err;
        if (amb_form_load_string(fixed, "fixed.lua", NULL, &form, &err) != 0 ||
            form->nproblems)
            abort();
    }
    amb_odk_submission s;
    amb_buf b = {0};
    size_t n = amb_odk_parse(form, "fuzz.xml", (const char *)data, size, &s,
                             &b);
    if (n == 0) {
        if (!s.cvr || strlen(s.cvr) != 8 ||
            strspn(s.cvr, "0123456789") != 8 || !s.instance_id)
            abort();
        n = amb_odk_check(form, "fuzz.xml", &s, &b);
    }
    check_lines(&b, n);
    amb_buf_free(&b);
    amb_odk_submission_clear(&s);
    return 0;
}
