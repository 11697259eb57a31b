/*
 * test_form.c - unit tests of the survey forms: the DSL and its checks
 * (test_form_dsl.c), answers and relevance (test_form_answer.c), the
 * preview and the XForm (test_form_out.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "test_form.h"
#include "testutil.h"

amb_form *tf_load(const char *code)
{
    amb_lua_limits lim = {8u * 1024u * 1024u, 2000000};
    amb_error err;
    amb_form *f = NULL;
    if (amb_form_load_string(code, "t.lua", &lim, &f, &err) != 0) {
        fprintf(stderr, "load: %s\n", err.msg);
        return NULL;
    }
    return f;
}

int tf_problem(const amb_form *f, int line, const char *text)
{
    for (size_t i = 0; f && i < f->nproblems; i++)
        if (f->problems[i].line == line &&
            strstr(f->problems[i].message, text))
            return 1;
    for (size_t i = 0; f && i < f->nproblems; i++)
        fprintf(stderr, "  problem %d: %s\n", f->problems[i].line,
                f->problems[i].message);
    return 0;
}

int main(void)
{
    tf_register_dsl();
    tf_register_answer();
    tf_register_out();
    return amb_test_run();
}
