## plugins/jsonstat/local.mk - build rules of the jsonstat plugin, included by Makefile.am.

# The JSON-stat reader: a convenience library (PIC, not installed) linked
# into both the jsonstat and the statbank plugin and into the tests.  Its
# symbols stay inside each plugin (hidden visibility, one exported symbol).
noinst_LTLIBRARIES += plugins/jsonstat/libjsonstat.la
plugins_jsonstat_libjsonstat_la_SOURCES = plugins/jsonstat/jsonstat.h \
	plugins/jsonstat/jsonstat_internal.h plugins/jsonstat/jsonstat_doc.c \
	plugins/jsonstat/jsonstat_dims.c plugins/jsonstat/jsonstat_cells.c
plugins_jsonstat_libjsonstat_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
plugins_jsonstat_libjsonstat_la_LIBADD = $(JANSSON_LIBS) -lm

pkglib_LTLIBRARIES += plugins/jsonstat.la
plugins_jsonstat_la_SOURCES = plugins/jsonstat/jsonstat_plugin.c
plugins_jsonstat_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
plugins_jsonstat_la_LIBADD = plugins/jsonstat/libjsonstat.la
plugins_jsonstat_la_LDFLAGS = $(PLUGIN_LDFLAGS)

check_PROGRAMS += tests/test_jsonstat
tests_test_jsonstat_SOURCES = tests/test_jsonstat.c tests/test_jsonstat_hostile.c \
	tests/test_jsonstat_plugin.c tests/test_jsonstat.h tests/testutil.c \
	tests/testutil.h
tests_test_jsonstat_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/plugins/jsonstat
tests_test_jsonstat_LDADD = plugins/jsonstat/libjsonstat.la core/libambutil.la \
	$(CUNIT_LIBS)
tests_test_jsonstat_DEPENDENCIES = plugins/jsonstat/libjsonstat.la \
	core/libambutil.la plugins/jsonstat.la

# The e2e test serves the sample over HTTP with statbank's fixture runner.
AMB_E2E_TESTS += tests/jsonstat.test
tests/jsonstat.log: tests/statbank_serve$(EXEEXT) plugins/jsonstat.la

# SAMPLE data for the demo and the indicator rules (invented figures).
dist_samples_DATA += data/samples/aup01.json
dist_doc_DATA += doc/plugins/jsonstat.md
EXTRA_DIST += data/samples/gen_aup01.py bench/gen_jsonstat.py
