## plugins/documents/local.mk - build rules of the documents plugin and its core parts, included by Makefile.am.

# The text module (clean-up, fold, sentences): C library only, so the
# plugin, libambit and the fuzz targets (tests/fuzz/run.sh) all compile it.
AMB_TEXT_SOURCES = core/text_clean.h core/text_internal.h core/text_clean.c \
	core/text_pages.c core/text_fold.c
AMB_THEMES_MATCH_SOURCES = core/themes_match.h core/themes_match.c \
	core/text_sentence.c

# Core: the documents table (schema 3) in the store; theme lexicon,
# tagging and output in libambit; the `themes` command.
core_libambstore_la_SOURCES += core/store_documents.c
core_libambit_la_SOURCES += $(AMB_TEXT_SOURCES) $(AMB_THEMES_MATCH_SOURCES) \
	core/themes.h core/themes_lexicon.c core/themes_tag.c \
	core/themes_out.c core/themes_svg.c
core_ambit_SOURCES += core/cmd_themes.c

# The plugin: libxml2 for HTML, poppler-glib for PDF; plugins link nothing
# of ambit, so the text module is compiled in.
pkglib_LTLIBRARIES += plugins/documents.la
AMB_DOC_SOURCES = plugins/documents/doc_extract.h \
	plugins/documents/doc_extract.c plugins/documents/doc_html.c \
	plugins/documents/doc_pdf.c
plugins_documents_la_SOURCES = plugins/documents/documents_plugin.c \
	$(AMB_DOC_SOURCES) $(AMB_TEXT_SOURCES)
plugins_documents_la_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(POPPLER_CFLAGS)
plugins_documents_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_documents_la_LIBADD = $(XML_LIBS) $(POPPLER_LIBS)

# The shipped theme lexicon.
themesdir = $(pkgdatadir)/lua
dist_themes_DATA = lua/themes.lua

# Tests: the text module, the lexicon and tagging, the plugin's readers and
# the store's documents, end to end through the binary.
check_PROGRAMS += tests/test_text_clean tests/test_themes tests/test_documents
tests_test_text_clean_SOURCES = tests/test_text_clean.c tests/testutil.c \
	tests/testutil.h
tests_test_text_clean_CFLAGS = $(TEST_CFLAGS)
tests_test_text_clean_LDADD = core/libambit.la $(CUNIT_LIBS)
tests_test_themes_SOURCES = tests/test_themes.c tests/test_themes_out.c \
	tests/test_themes.h tests/testutil.c tests/testutil.h
tests_test_themes_CFLAGS = $(TEST_CFLAGS)
tests_test_themes_LDADD = core/libambit.la $(JANSSON_LIBS) $(XML_LIBS) $(CUNIT_LIBS)
tests_test_documents_SOURCES = tests/test_documents.c $(AMB_DOC_SOURCES) \
	tests/testutil.c tests/testsql.c tests/testutil.h
tests_test_documents_CFLAGS = $(TEST_CFLAGS) $(XML_CFLAGS) $(POPPLER_CFLAGS) \
	-I$(top_srcdir)/plugins/documents
tests_test_documents_LDADD = core/libambit.la $(XML_LIBS) $(POPPLER_LIBS) \
	$(CUNIT_LIBS)
tests_test_documents_DEPENDENCIES = core/libambit.la plugins/documents.la

AMB_E2E_TESTS += tests/documents.test

dist_samples_DATA += data/samples/strategy_kkr.txt \
	data/samples/strategy_rar.txt data/samples/strategy_brn.html \
	data/samples/strategy_rr.txt
dist_doc_DATA += doc/plugins/documents.md
