## core/scheduler.mk - cron expressions, schedule and daemon commands.

# cron.c and scheduler.c live in libambit: amb_workspace_open() checks every
# source's schedule when it loads the config.
core_libambit_la_SOURCES += core/cron.c core/cron.h core/scheduler.c core/scheduler.h
core_ambit_SOURCES += core/cmd_schedule.c core/cmd_daemon.c

check_PROGRAMS += tests/test_cron tests/test_sched
tests_test_cron_SOURCES = tests/test_cron.c tests/testutil.c tests/testutil.h
tests_test_cron_CFLAGS = $(TEST_CFLAGS)
tests_test_cron_LDADD = core/libambit.la $(CUNIT_LIBS)
tests_test_sched_SOURCES = tests/test_sched.c tests/testutil.c tests/testutil.h
tests_test_sched_CFLAGS = $(TEST_CFLAGS)
tests_test_sched_LDADD = core/libambit.la $(CUNIT_LIBS)
tests_test_sched_DEPENDENCIES = core/libambit.la plugins/csv.la

AMB_E2E_TESTS += tests/daemon.test
dist_doc_DATA += doc/scheduler.md doc/ambit-daemon.service
