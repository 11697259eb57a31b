/*
 * test_form.h - the suites of tests/test_form and their shared helpers.
 */
#ifndef AMB_TEST_FORM_H
#define AMB_TEST_FORM_H

#include "form.h"

/* Load code as "t.lua" with small limits; the form (caller frees) or
 * NULL with the error printed. */
amb_form *tf_load(const char *code);
/* 1 when some problem has this line and contains text. */
int tf_problem(const amb_form *f, int line, const char *text);

void tf_register_dsl(void);
void tf_register_answer(void);
void tf_register_out(void);

#endif
