## plugins/sdmx/local.mk - build rules of the sdmx plugin, included by Makefile.am.

# The plugin: SDMX-ML through libxml2's streaming reader, SDMX-CSV through
# the csv plugin's tokenizer (compiled in: plugins link nothing of ambit).
pkglib_LTLIBRARIES += plugins/sdmx.la
SDMX_SOURCES = plugins/sdmx/sdmx.h plugins/sdmx/sdmx_opts.c \
	plugins/sdmx/sdmx_input.c plugins/sdmx/sdmx_emit.c \
	plugins/sdmx/sdmx_key.c plugins/sdmx/sdmx_xml.h \
	plugins/sdmx/sdmx_xml.c plugins/sdmx/sdmx_xml_head.c \
	plugins/sdmx/sdmx_csv.c plugins/csv/csv_parse.c plugins/csv/csv_parse.h
plugins_sdmx_la_SOURCES = plugins/sdmx/sdmx_plugin.c $(SDMX_SOURCES)
plugins_sdmx_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/csv
plugins_sdmx_la_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
plugins_sdmx_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_sdmx_la_LIBADD = $(XML_LIBS)

# Unit tests: the built plugin through a recording host, public samples,
# hostile input and the HTTP fixture.  `tests/test_sdmx serve DIR` is also
# the HTTP server of tests/sdmx.test.
check_PROGRAMS += tests/test_sdmx
tests_test_sdmx_SOURCES = tests/test_sdmx.c tests/test_sdmx.h \
	tests/test_sdmx_host.c tests/test_sdmx_samples.c \
	tests/test_sdmx_large.c tests/test_sdmx_errors.c tests/test_sdmx_csv.c \
	$(HTTP_FIXTURE) tests/testutil.c tests/testutil.h
tests_test_sdmx_CFLAGS = $(TEST_CFLAGS)
tests_test_sdmx_LDADD = core/libambutil.la $(CUNIT_LIBS)
tests_test_sdmx_DEPENDENCIES = core/libambutil.la plugins/sdmx.la

AMB_E2E_TESTS += tests/sdmx.test

dist_samples_DATA += data/samples/fly66.xml
dist_doc_DATA += doc/plugins/sdmx.md
EXTRA_DIST += data/samples/gen_fly66.py bench/gen_sdmx.py
