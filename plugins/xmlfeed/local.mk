## plugins/xmlfeed/local.mk - build rules of the xmlfeed plugin and its core parts, included by Makefile.am.

# Everything but the descriptor: a convenience library (PIC, not
# installed) linked into the plugin and the unit tests.  The csv plugin's
# tokenizer is compiled in (plugins link nothing of ambit); libxml2 and
# jansson are the plugin's own dependencies.
noinst_LTLIBRARIES += plugins/xmlfeed/libxmlfeed.la
plugins_xmlfeed_libxmlfeed_la_SOURCES = plugins/xmlfeed/xmlfeed.h \
	plugins/xmlfeed/xf_xml.h plugins/xmlfeed/xf_opts.c \
	plugins/xmlfeed/xf_value.c plugins/xmlfeed/xf_muni.c \
	plugins/xmlfeed/xf_record.c plugins/xmlfeed/xf_seen.c \
	plugins/xmlfeed/xf_path.c plugins/xmlfeed/xf_xpath.c \
	plugins/xmlfeed/xf_xml.c plugins/xmlfeed/xf_stream.c \
	plugins/xmlfeed/xf_json.c plugins/xmlfeed/xf_csv.c \
	plugins/csv/csv_parse.c plugins/csv/csv_parse.h
plugins_xmlfeed_libxmlfeed_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/plugins/csv
plugins_xmlfeed_libxmlfeed_la_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) \
	$(JANSSON_CFLAGS)
plugins_xmlfeed_libxmlfeed_la_LIBADD = $(XML_LIBS) $(JANSSON_LIBS)

pkglib_LTLIBRARIES += plugins/xmlfeed.la
plugins_xmlfeed_la_SOURCES = plugins/xmlfeed/xmlfeed_plugin.c
plugins_xmlfeed_la_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
plugins_xmlfeed_la_LIBADD = plugins/xmlfeed/libxmlfeed.la
plugins_xmlfeed_la_LDFLAGS = $(PLUGIN_LDFLAGS)

# Unit tests of the parts (types, municipalities, paths, options), and the
# plugin through the real core (workspace, SQLite store, fetcher, the HTTP
# fixture).  `tests/test_xmlfeed_run serve DIR PORTFILE HITSFILE [PATH...]`
# is also the HTTP server of tests/xmlfeed.test.
check_PROGRAMS += tests/test_xmlfeed tests/test_xmlfeed_run
tests_test_xmlfeed_SOURCES = tests/test_xmlfeed.c tests/test_xmlfeed.h \
	tests/test_xmlfeed_parts.c tests/testutil.c tests/testutil.h
tests_test_xmlfeed_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/plugins/xmlfeed
tests_test_xmlfeed_LDADD = plugins/xmlfeed/libxmlfeed.la core/libambutil.la \
	$(CUNIT_LIBS)
tests_test_xmlfeed_run_SOURCES = tests/test_xmlfeed_run.c \
	tests/test_xmlfeed_run.h tests/test_xmlfeed_map.c \
	tests/test_xmlfeed_formats.c tests/test_xmlfeed_http.c \
	$(HTTP_FIXTURE) tests/testutil.c \
	tests/testutil.h
tests_test_xmlfeed_run_CFLAGS = $(TEST_CFLAGS)
tests_test_xmlfeed_run_LDADD = core/libambit.la $(CUNIT_LIBS)
tests_test_xmlfeed_run_DEPENDENCIES = core/libambit.la plugins/xmlfeed.la

AMB_E2E_TESTS += tests/xmlfeed.test
tests/xmlfeed.log: tests/test_xmlfeed_run$(EXEEXT) plugins/xmlfeed.la

# SAMPLE data (invented course and admission lists) and the documentation.
dist_samples_DATA += data/samples/courses.rss data/samples/admissions.csv
dist_doc_DATA += doc/plugins/xmlfeed.md
EXTRA_DIST += plugins/xmlfeed/xf_muni_table.def data/samples/gen_xmlfeed.py
