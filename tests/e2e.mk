## tests/e2e.mk - the survey campaign end to end in a real browser, and
## the web form's benchmark (bench/survey_web.sh, shipped with bench/).

# tests/survey_browser.test starts tests/smtp_sink.py (python3-aiosmtpd)
# and `ambit survey serve`, then drives headless Chromium through
# tests/survey_browser.py (python3-selenium, chromium-driver).  It skips
# (77) only when one of those Debian packages is missing.
AMB_E2E_TESTS += tests/survey_browser.test
EXTRA_DIST += tests/survey_browser.py
