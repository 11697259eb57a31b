## core/indicators.mk - ambition model, indicator rules, status method.

# The status method, the ambition model, the indicator engine and the
# report's data live in libambit (the report command and the demo use
# them); the status method is pure C and its unit test links only
# status.c and libambutil.
core_libambit_la_SOURCES += core/status.c core/status_note.c core/status.h \
	core/ambition.c core/ambition_json.c core/ambition.h \
	core/indicators.h core/ind_internal.h core/ind_dsl.c core/ind_load.c \
	core/ind_sql.c core/ind_query.c core/ind_survey.c core/ind_eval.c \
	core/report_data.c core/report_sources.c core/report_data.h \
	core/report_data_internal.h
core_ambit_SOURCES += core/cmd_indicators.c core/cmd_ambition.c

# ---- data: the model and the default rules (found through
# amb_data_path(), the source tree for an uninstalled binary)
luadir = $(pkgdatadir)/lua
dist_lua_DATA = lua/ambition.lua
luaindicatorsdir = $(pkgdatadir)/lua/indicators
dist_luaindicators_DATA = lua/indicators/prerequisite.lua \
	lua/indicators/education_choice.lua lua/indicators/during_education.lua \
	lua/indicators/labour_market.lua lua/indicators/lifelong_learning.lua \
	lua/indicators/feeds.lua

# SAMPLE data for the indicators whose sources are not among the demo's
# StatBank samples, and their generator.
dist_samples_DATA += data/samples/ind_ras300.csv data/samples/ind_veu15.csv \
	data/samples/ind_edu_supply.csv data/samples/ind_etu_trivsel.csv \
	data/samples/ind_student_travel.csv data/samples/ind_kot_admission.csv \
	data/samples/ind_grad_employment.csv
EXTRA_DIST += data/samples/generate_indicator_samples.py \
	bench/indicators.sh bench/gen_indicators.py bench/indicators_reference.sql

dist_man_MANS += doc/ambit-lua.5
dist_doc_DATA += doc/status-method.md doc/indicators.md doc/report-data.md

# ---- tests
check_PROGRAMS += tests/test_status tests/test_indicators
tests_test_status_SOURCES = tests/test_status.c core/status.c \
	core/status_note.c core/status.h tests/testutil.c tests/testutil.h
tests_test_status_CFLAGS = $(TEST_CFLAGS)
tests_test_status_LDADD = core/libambutil.la $(CUNIT_LIBS)
tests_test_indicators_SOURCES = tests/test_indicators.c tests/test_ind_model.c \
	tests/test_ind_query.c \
	tests/test_report_data.c tests/test_ind_fixture.c tests/test_ind.h \
	tests/testutil.c tests/testutil.h
tests_test_indicators_CFLAGS = $(TEST_CFLAGS)
tests_test_indicators_LDADD = core/libambit.la $(CUNIT_LIBS)

AMB_E2E_TESTS += tests/indicators.test
