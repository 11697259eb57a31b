## core/survey.mk - survey campaigns: respondents, tokens, answers and the
## analyst's `ambit survey` command (doc/survey.md).

# The survey modules live in the ambit binary (and the test), with the
# CSV tokenizer of the csv plugin compiled in for the respondent lists.
AMB_SURVEY_SRC = core/survey.h core/survey_sql.h core/survey_store.c \
	core/survey_answer.c \
	core/survey_report.c core/survey_session.h core/survey_session.c \
	core/survey_mailq.c core/survey_commit.h core/survey_commit.c \
	plugins/csv/csv_parse.c plugins/csv/csv_parse.h
core_ambit_SOURCES += core/cmd_survey.c $(AMB_SURVEY_SRC)

dist_doc_DATA += doc/survey.md

# ---- tests
check_PROGRAMS += tests/test_survey
tests_test_survey_SOURCES = tests/test_survey.c tests/test_survey_data.c \
	tests/test_survey_session.c \
	tests/test_survey.h $(AMB_SURVEY_SRC) core/output.c core/output.h \
	tests/testutil.c tests/testsql.c tests/testutil.h
tests_test_survey_CFLAGS = $(TEST_CFLAGS)
tests_test_survey_LDADD = core/libambit.la $(JANSSON_LIBS) $(CUNIT_LIBS)

AMB_E2E_TESTS += tests/survey.test
