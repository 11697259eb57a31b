## plugins/statbank/local.mk - build rules of the statbank plugin, included by Makefile.am.

# The plugin's parts that need no host (options, tableinfo, requests, the
# BULK/CSV reader with the csv plugin's tokenizer): a convenience library
# linked into the plugin and the unit tests.
noinst_LTLIBRARIES += plugins/statbank/libstatbank.la
plugins_statbank_libstatbank_la_SOURCES = plugins/statbank/statbank.h \
	plugins/statbank/statbank_info.c plugins/statbank/statbank_request.c \
	plugins/statbank/statbank_csv.c plugins/csv/csv_parse.c \
	plugins/csv/csv_parse.h
plugins_statbank_libstatbank_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) \
	-I$(top_srcdir)/plugins/csv
plugins_statbank_libstatbank_la_LIBADD = $(JANSSON_LIBS)

pkglib_LTLIBRARIES += plugins/statbank.la
plugins_statbank_la_SOURCES = plugins/statbank/statbank_plugin.c
plugins_statbank_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) \
	-I$(top_srcdir)/plugins/csv -I$(top_srcdir)/plugins/jsonstat
plugins_statbank_la_LIBADD = plugins/statbank/libstatbank.la \
	plugins/jsonstat/libjsonstat.la
plugins_statbank_la_LDFLAGS = $(PLUGIN_LDFLAGS)

# Unit tests of the parts, and the plugin against the HTTP fixture playing
# api.statbank.dk through the real core (store, fetcher, cache).
check_PROGRAMS += tests/test_statbank tests/test_statbank_http
tests_test_statbank_SOURCES = tests/test_statbank.c tests/test_statbank_csv.c \
	tests/test_statbank.h tests/testutil.c tests/testutil.h
tests_test_statbank_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/plugins/csv \
	-I$(top_srcdir)/plugins/statbank
tests_test_statbank_LDADD = plugins/statbank/libstatbank.la core/libambutil.la \
	$(CUNIT_LIBS)
tests_test_statbank_http_SOURCES = tests/test_statbank_http.c \
	tests/test_statbank_errors.c tests/test_statbank_http.h $(HTTP_FIXTURE) \
	tests/testutil.c tests/testutil.h
tests_test_statbank_http_CFLAGS = $(TEST_CFLAGS)
tests_test_statbank_http_LDADD = core/libambit.la $(CUNIT_LIBS)
tests_test_statbank_http_DEPENDENCIES = core/libambit.la plugins/statbank.la

# End to end through the ambit binary; statbank_serve runs the HTTP fixture
# for the shell test (built on demand, not a test itself).
AMB_E2E_TESTS += tests/statbank.test
EXTRA_PROGRAMS = tests/statbank_serve
tests_statbank_serve_SOURCES = tests/statbank_serve.c $(HTTP_FIXTURE)
tests_statbank_serve_CFLAGS = $(TEST_CFLAGS)
tests_statbank_serve_LDADD = core/libambutil.la
tests/statbank.log: tests/statbank_serve$(EXEEXT) plugins/statbank.la
CLEANFILES = tests/statbank_serve$(EXEEXT)

dist_doc_DATA += doc/plugins/statbank.md
EXTRA_DIST += bench/gen_bulk.py
