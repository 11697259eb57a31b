## core/mail.mk - survey invitations and reminders by e-mail: the SMTP
## transport over libcurl, message composition, templates and
## `ambit survey invite|remind` (doc/mail.md).

# The mail modules live in the ambit binary and are compiled into their
# unit test, which links only libambutil (libcrypto) and libcurl besides.
AMB_MAIL_SRC = core/mail.h core/mail.c core/mail_message.c \
	core/mail_template.c
core_ambit_SOURCES += core/cmd_survey_mail.c $(AMB_MAIL_SRC)

# The shipped templates (found through amb_data_path("forms/mail/...")).
formsmaildir = $(pkgdatadir)/forms/mail
dist_formsmail_DATA = forms/mail/invite.da.txt forms/mail/invite.en.txt \
	forms/mail/remind.da.txt forms/mail/remind.en.txt

dist_doc_DATA += doc/mail.md

# ---- tests
# tests/smtp_sink.py is the SMTP server (Debian's python3-aiosmtpd) that
# the tests and the benchmark start on 127.0.0.1.
check_PROGRAMS += tests/test_mail
tests_test_mail_SOURCES = tests/test_mail.c tests/test_mail_send.c \
	tests/test_mail.h $(AMB_MAIL_SRC) core/text_clean.h core/text_fold.c \
	tests/testutil.c tests/testutil.h
tests_test_mail_CFLAGS = $(TEST_CFLAGS)
tests_test_mail_LDADD = core/libambutil.la $(CURL_LIBS) $(CUNIT_LIBS)

AMB_E2E_TESTS += tests/survey_mail.test
EXTRA_DIST += tests/smtp_sink.py
