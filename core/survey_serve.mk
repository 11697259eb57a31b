## core/survey_serve.mk - the respondents' web form: `ambit survey serve`
## (libmicrohttpd), its post decoder and page renderer (doc/survey-web.md).

# The decoder and the renderer need only libambit (forms, the escaper);
# the server adds libmicrohttpd and libcrypto (HMAC for the CSRF tokens).
AMB_SURVEY_WEB_SRC = core/survey_post.h core/survey_post.c \
	core/survey_page.h core/survey_page.c
core_ambit_SOURCES += core/cmd_survey_serve.c core/survey_serve.h \
	core/survey_serve.c core/survey_net.h core/survey_net.c \
	$(AMB_SURVEY_WEB_SRC)
core_ambit_CFLAGS += $(MHD_CFLAGS)
core_ambit_LDADD += $(MHD_LIBS) $(CRYPTO_LIBS)

dist_doc_DATA += doc/survey-web.md

# ---- tests
AMB_E2E_TESTS += tests/survey_serve.test
check_PROGRAMS += tests/test_survey_post tests/test_survey_page \
	tests/test_survey_net
tests_test_survey_net_SOURCES = tests/test_survey_net.c core/survey_net.h \
	core/survey_net.c tests/testutil.c tests/testutil.h
tests_test_survey_net_CFLAGS = $(TEST_CFLAGS)
tests_test_survey_net_LDADD = core/libambit.la $(CUNIT_LIBS)
tests_test_survey_post_SOURCES = tests/test_survey_post.c \
	$(AMB_SURVEY_WEB_SRC) tests/testutil.c tests/testutil.h
tests_test_survey_post_CFLAGS = $(TEST_CFLAGS)
tests_test_survey_post_LDADD = core/libambit.la $(CUNIT_LIBS)
tests_test_survey_page_SOURCES = tests/test_survey_page.c \
	$(AMB_SURVEY_WEB_SRC) tests/testutil.c tests/testutil.h
tests_test_survey_page_CFLAGS = $(TEST_CFLAGS)
tests_test_survey_page_LDADD = core/libambit.la $(CUNIT_LIBS)
