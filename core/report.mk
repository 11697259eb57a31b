## core/report.mk - the HTML/SVG report and its data exports.

# The renderer (escaping writer, charts, page sections, CSV) is a
# convenience library of its own so that its unit test links only it and
# libambutil; libambit embeds it.  It renders from the report data
# document alone and never touches the store.
noinst_LTLIBRARIES += core/libambreport.la
core_libambreport_la_SOURCES = core/html_writer.c core/html_writer.h \
	core/report_text.c core/report_text.h core/report_doc.c core/report_doc.h \
	core/report_svg.c core/report_svg_trend.c core/report_svg.h \
	core/report_html.c core/report_html.h core/report_internal.h \
	core/report_css.c core/report_overview.c core/report_indicator.c \
	core/report_series.c core/report_trend.c \
	core/report_compare.c core/report_sections.c \
	core/report_csv.c core/report_csv.h
core_libambreport_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
core_libambit_la_LIBADD += core/libambreport.la

# The command.
core_ambit_SOURCES += core/cmd_report.c

# report_csv.c writes fields with the CLI's CSV/number writers
# (core/output.c), which the ambit program links; the unit test compiles
# output.c itself.  With --render, test_report is also the driver that
# tests/report.test uses to render the fixture documents.
check_PROGRAMS += tests/test_report
tests_test_report_SOURCES = tests/test_report.c tests/test_report_svg.c \
	tests/test_report_render.c \
	tests/test_report.h core/output.c core/output.h \
	tests/testutil.c tests/testutil.h
tests_test_report_CFLAGS = $(TEST_CFLAGS)
tests_test_report_LDADD = core/libambreport.la core/libambutil.la \
	$(JANSSON_LIBS) $(CUNIT_LIBS)

AMB_E2E_TESTS += tests/report.test
EXTRA_DIST += tests/report_browser.py
dist_doc_DATA += doc/report.md
