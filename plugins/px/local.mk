## plugins/px/local.mk - build rules of the px plugin, included by Makefile.am.

# The parser: no dependency but the C library, so that the plugin, the unit
# test and the fuzz target (tests/fuzz/run.sh) all build it from source.
PX_PARSE_SOURCES = plugins/px/px_parse.h plugins/px/px_internal.h \
	plugins/px/px_input.c plugins/px/px_lex.c plugins/px/px_text.c \
	plugins/px/px_header.c plugins/px/px_time.c plugins/px/px_data.c

pkglib_LTLIBRARIES += plugins/px.la
plugins_px_la_SOURCES = plugins/px/px_plugin.c $(PX_PARSE_SOURCES)
plugins_px_la_LDFLAGS = $(PLUGIN_LDFLAGS)

# The parser, the built plugin, the public samples and real runs (store,
# fetcher, HTTP fixture) in one CUnit program.
check_PROGRAMS += tests/test_px
tests_test_px_SOURCES = tests/test_px.c tests/test_px_text.c \
	tests/test_px_plugin.c tests/test_px_samples.c tests/test_px_run.c \
	$(PX_PARSE_SOURCES) $(HTTP_FIXTURE) tests/testutil.c tests/testutil.h
tests_test_px_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/plugins/px
tests_test_px_LDADD = core/libambit.la $(CUNIT_LIBS)
tests_test_px_DEPENDENCIES = core/libambit.la plugins/px.la

AMB_E2E_TESTS += tests/px.test

# The UDDAKT10 SAMPLE table for the demo and the indicator rules, with the
# script that made it; the benchmark's input generator; the documentation.
dist_samples_DATA += data/samples/uddakt10.px
dist_doc_DATA += doc/plugins/px.md
EXTRA_DIST += data/samples/gen_uddakt10.py bench/gen_px.py
