## core/survey_odk.mk - `ambit survey import-xml`: ODK Collect and
## KoboToolbox submissions read back into a campaign (doc/survey.md), and
## the demo's sample survey (data/samples/survey_*).

# The parser (XML -> answers) and the store side live in the ambit binary
# with the other survey modules; the subcommand is dispatched from
# cmd_survey.c.
AMB_SURVEY_ODK_SRC = core/survey_odk.h core/survey_odk.c \
	core/survey_odk_store.c
core_ambit_SOURCES += core/cmd_survey_odk.c $(AMB_SURVEY_ODK_SRC)

# The demo's SAMPLE survey: respondents and responses to employer_needs,
# made by gen_survey.py.
dist_samples_DATA += data/samples/survey_respondents.csv \
	data/samples/survey_responses.json
EXTRA_DIST += data/samples/gen_survey.py

# ---- tests
check_PROGRAMS += tests/test_survey_odk
tests_test_survey_odk_SOURCES = tests/test_survey_odk.c \
	$(AMB_SURVEY_ODK_SRC) $(AMB_SURVEY_SRC) core/output.c core/output.h \
	tests/testutil.c tests/testsql.c tests/testutil.h
tests_test_survey_odk_CFLAGS = $(TEST_CFLAGS)
tests_test_survey_odk_LDADD = core/libambit.la $(JANSSON_LIBS) $(CUNIT_LIBS)

AMB_E2E_TESTS += tests/survey_odk.test
