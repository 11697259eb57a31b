## core/forms.mk - survey forms: the Lua DSL, server-side evaluation,
## the HTML preview, the ODK XForm export and `ambit form`.

# The form model, its checks and its evaluation live in libambit (the
# survey web form will use them); the XForm writer needs libxml2.
core_libambit_la_SOURCES += core/form.h core/form_internal.h \
	core/form_dsl.c core/form_walk.c core/form_pattern.c core/form_eval.c \
	core/form_answer.c core/form_html.c core/form_xform.c
core_libambit_la_LIBADD += $(XML_LIBS)
core_ambit_SOURCES += core/cmd_form.c

# The shipped forms (found through amb_data_path("forms/...")).
formsdir = $(pkgdatadir)/forms
dist_forms_DATA = forms/employer_needs.lua

dist_doc_DATA += doc/forms.md

# ---- tests
check_PROGRAMS += tests/test_form
tests_test_form_SOURCES = tests/test_form.c tests/test_form_dsl.c \
	tests/test_form_answer.c tests/test_form_out.c tests/test_form.h \
	tests/testutil.c tests/testutil.h
tests_test_form_CFLAGS = $(TEST_CFLAGS)
tests_test_form_LDADD = core/libambit.la $(CUNIT_LIBS)

AMB_E2E_TESTS += tests/form.test
