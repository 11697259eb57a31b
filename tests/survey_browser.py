#!/usr/bin/python3
"""survey_browser.py - a respondent fills in the employer survey in real
headless Chromium, from the link of a received invitation.

    /usr/bin/python3 tests/survey_browser.py --mail-dir DIR --to ADDRESS \
        --outdir DIR

Run by tests/survey_browser.test.  DIR holds the messages the test's SMTP
server (tests/smtp_sink.py) received as NNNNN.eml; the one addressed to
ADDRESS is parsed with Python's email package (MIME, quoted-printable) and
its personal link BASE/s/TOKEN is opened through Selenium and Debian's
chromium-driver.  The respondent:

1. on page 1 enters a CVR number of letters: the error summary #errors
   (role=alert) and the field's err-cvr appear, the field names err-cvr in
   aria-describedby, every value entered is kept; the CVR is fixed;
2. on page "recruitment" answers with the keyboard only (Tab into a
   radio group, Space, arrow keys): "recruited" = yes makes "recruit_failed"
   appear on the same page; "recruit_failed" = no makes skip logic skip
   the whole next page, "failed": "next" lands on page "future" (its
   title shown, "Side 3 af 4"), and "back" from there returns to
   "recruitment", not to "failed";
3. on page "future" answers the matrix and "competence gap" = no (which
   skips "competence needs") and presses "save": #saved appears;
4. in a fresh browser (new profile) opens the same link: it resumes at
   "future" with the saved answers; switches to English with #lang-en;
5. completes page "education" and submits: #receipt shows
   XXXX-XXXX-XXXX; the link then shows the same receipt again, never a
   new form.

Page "failed" (index 2) and its questions must never appear, on any page
of the walk.

Every page is checked for <script> elements, for resources loaded from
another origin and for errors in the browser's console (a Content-Security-
Policy violation); the inline style must apply.  Prints "receipt CODE" and "link URL" on success.  Exit 0
when every check passes, 1 when one fails, 77 when Chromium or Selenium is
not installed.
"""
import argparse
import email
import email.policy
import glob
import os
import re
import signal
import sys
import traceback
import urllib.parse

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
RECEIPT_RE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")
COMMENT = "Vi mangler svejsere i Hjørring – og elektrikere"
# The page indices of forms/employer_needs.lua, and the questions of page
# "failed", which the answer recruit_failed = no skips whole.
COMPANY, RECRUITMENT, FAILED, FUTURE, EDUCATION = "0", "1", "2", "3", "4"
FAILED_QUESTIONS = ("n_failed", "failed_occupations", "fail_reasons",
                    "consequences", "production_limited")

failures = []


class Fatal(Exception):
    """A failed check after which the walk through the form cannot go on."""


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)
    return cond


def must(cond, what):
    if not check(cond, what):
        raise Fatal(what)


# ------------------------------------------------------------------ mail

def link_from_mail(mail_dir, to):
    """The personal link (and the opt-out link) of the mail sent to `to`."""
    found = []
    for path in sorted(glob.glob(os.path.join(mail_dir, "*.eml"))):
        with open(path, "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        if to.lower() in str(msg.get("To", "")).lower():
            found.append((path, msg))
    must(len(found) == 1, "%d mails to %s in %s, expected 1"
         % (len(found), to, mail_dir))
    path, msg = found[0]
    body = msg.get_body(preferencelist=("plain",))
    must(body is not None, path + ": no text/plain part")
    text = body.get_content()      # transfer encoding decoded
    links = re.findall(r"https?://[^\s<>\"]+/s/[0-9a-f]{32,}", text)
    optout = re.findall(r"https?://[^\s<>\"]+/o/[0-9a-f]{32,}", text)
    must(len(set(links)) == 1, "%s: %d personal links in the body"
         % (path, len(set(links))))
    check(len(optout) >= 1, path + ": no opt-out link in the body")
    return links[0]


# --------------------------------------------------------------- browser

def make_driver(profile):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-extensions",
                 "--disable-default-apps", "--window-size=1000,1400",
                 "--user-data-dir=" + profile):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER,
                      log_path=profile + ".chromedriver.log")
    driver = webdriver.Chrome(service=service, options=opts)
    driver.set_page_load_timeout(60)
    return driver


class Respondent:
    """One browser session on the form, with the checks every page gets."""

    def __init__(self, profile, origin):
        self.d = make_driver(profile)
        self.origin = origin

    def quit(self):
        self.d.quit()

    def by_id(self, ident):
        from selenium.webdriver.common.by import By
        return self.d.find_element(By.ID, ident)

    def has(self, ident):
        from selenium.webdriver.common.by import By
        return len(self.d.find_elements(By.ID, ident)) > 0

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def page_checks(self, where):
        """No script, nothing fetched from elsewhere; the page's index."""
        check(self.js("return document.readyState") == "complete",
              where + ": page did not finish loading")
        check(self.js("return document.scripts.length") == 0,
              where + ": the page has <script> elements")
        res = self.js("return performance.getEntriesByType('resource')"
                      ".map(e => e.name)")
        foreign = [r for r in res if not r.startswith(self.origin + "/")]
        check(foreign == [], where + ": resources from elsewhere: %r" % foreign[:5])
        # A Content-Security-Policy violation (the inline style refused)
        # is a SEVERE console entry.  HTTP statuses are not: the favicon's
        # 404 and the 422 of a page sent back with errors are expected.
        severe = [e.get("message", "") for e in self.d.get_log("browser")
                  if e.get("level") == "SEVERE"
                  and "the server responded with a status of"
                  not in e.get("message", "")]
        check(severe == [], where + ": browser errors: %r" % severe[:3])
        # The walk answers recruit_failed = no: the skipped page is never
        # shown, and none of its questions on another page.
        check(self.page_index() != FAILED,
              where + ": the skipped page 'failed' is shown")
        shown = [q for q in FAILED_QUESTIONS if self.has("q-" + q)]
        check(shown == [], where + ": questions of the skipped page "
              "shown: %r" % shown)

    def page_index(self):
        from selenium.webdriver.common.by import By
        els = self.d.find_elements(By.CSS_SELECTOR, "form input[name=page]")
        return els[0].get_attribute("value") if els else None

    def press(self, action, where):
        """Click the button name=action value=action and wait for the page."""
        from selenium.webdriver.common.by import By
        buttons = self.d.find_elements(
            By.CSS_SELECTOR, "button[name=action][value=%s]" % action)
        must(len(buttons) == 1, "%s: %d '%s' buttons" % (where, len(buttons), action))
        self.follow(buttons[0], where + " after " + action)

    def follow(self, el, where):
        """Click el (a button or link) and wait until another document has
        finished loading in its place: the old one carries a mark.  While
        the browser navigates, a WebDriver call may fail; that is retried."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait
        self.js("window.__ambit_old_page = true")
        el.click()
        WebDriverWait(self.d, 30, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script("return !window.__ambit_old_page && "
                                       "document.readyState === 'complete'"))
        self.page_checks(where)

    def headings(self):
        """The texts of the page's <h2> elements (the page title)."""
        return self.js("return Array.from(document.querySelectorAll('h2'))"
                       ".map(h => h.textContent)")

    def progress(self):
        return self.js("const p = document.querySelector('p.progress');"
                       "return p ? p.textContent : null")

    def selected(self, ident):
        return self.has(ident) and self.by_id(ident).is_selected()

    def legend(self, qid):
        return self.js("const f = document.getElementById(arguments[0]);"
                       "const l = f && (f.querySelector('legend') || "
                       "document.querySelector('label[for=\"' + arguments[0] + '\"]'));"
                       "return l ? l.textContent : null", "q-" + qid)

    def tab_to(self, name, max_tabs=60):
        """Press Tab (from the top of the page) until the focus is on an
        input called name; True when it got there."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys
        self.js("document.activeElement && document.activeElement.blur();"
                "window.getSelection().removeAllRanges();")
        for _ in range(max_tabs):
            ActionChains(self.d).send_keys(Keys.TAB).perform()
            if self.js("return document.activeElement.name") == name:
                return True
        return False

    def keys(self, *keys):
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(self.d).send_keys(*keys).perform()


def describedby(r, ident):
    return (r.by_id(ident).get_attribute("aria-describedby") or "").split()


# ------------------------------------------------------------ the walk

def page1(r):
    """Company page: a CVR of letters is refused, with every value kept."""
    from selenium.webdriver.support.ui import Select
    must(r.page_index() == COMPANY, "the link does not open page 1 (page=%r)"
         % r.page_index())
    check(r.js("return document.documentElement.lang") == "da",
          "the first page is not in Danish")
    check("Hvor mange ansatte" in (r.legend("size") or ""),
          "page 1: no Danish label for 'size': %r" % r.legend("size"))
    check(not r.has("errors"), "page 1: an error summary before any post")
    r.by_id("q-size-10_49").click()
    r.by_id("q-industry-constr").click()
    Select(r.by_id("q-municipality")).select_by_value("851")
    r.by_id("q-cvr").send_keys("ABCDEFGH")
    r.press("next", "page 1 (bad CVR)")

    must(r.has("errors"), "no #errors summary after a CVR of letters")
    errors = r.by_id("errors")
    check(errors.get_attribute("role") == "alert", "#errors is not role=alert")
    check(r.js("return getComputedStyle(arguments[0]).borderTopStyle", errors)
          == "solid", "the page's inline style was not applied (CSP?)")
    check(r.js("return !!document.querySelector('#errors a[href=\"#q-cvr\"]')"),
          "#errors does not link to #q-cvr")
    must(r.has("err-cvr"), "no err-cvr beside the CVR field")
    check("8" in r.by_id("err-cvr").text,
          "err-cvr does not say what is wrong: %r" % r.by_id("err-cvr").text)
    check("err-cvr" in describedby(r, "q-cvr"),
          "q-cvr aria-describedby %r does not name err-cvr" % describedby(r, "q-cvr"))
    check(r.by_id("q-cvr").get_attribute("aria-invalid") == "true",
          "q-cvr is not aria-invalid")
    check(r.page_index() == COMPANY, "a refused page 1 did not stay on page 1")
    check(r.by_id("q-cvr").get_attribute("value") == "ABCDEFGH",
          "the refused CVR was not kept: %r" % r.by_id("q-cvr").get_attribute("value"))
    check(r.selected("q-size-10_49"), "size was not kept after the error")
    check(r.selected("q-industry-constr"), "industry was not kept after the error")
    check(Select(r.by_id("q-municipality")).first_selected_option
          .get_attribute("value") == "851", "municipality was not kept")
    check(not r.has("err-size"), "an error for the valid 'size'")

    r.by_id("q-cvr").clear()
    r.by_id("q-cvr").send_keys("12345678")
    r.press("next", "page 1 (fixed)")
    check(not r.has("errors"), "page 2 shows an error summary")
    must(r.page_index() == RECRUITMENT, "a valid page 1 did not lead to "
         "'recruitment' (page=%r)" % r.page_index())


def page2(r):
    """Recruitment, keyboard only: recruited = yes shows recruit_failed on
    the same page; recruit_failed = no skips the whole page 'failed'."""
    from selenium.webdriver.common.keys import Keys
    check(not r.has("q-recruit_failed"),
          "recruitment: 'recruit_failed' shown before 'recruited'")
    must(r.tab_to("recruited"), "Tab never reached the 'recruited' radios")
    r.keys(Keys.SPACE)
    check(r.selected("q-recruited-yes"), "Tab + Space did not choose 'yes'")
    r.press("next", "recruitment (recruited = yes)")
    check(r.page_index() == RECRUITMENT, "'yes' did not keep 'recruitment' "
          "for its new question (page=%r)" % r.page_index())
    check(r.has("more"), "no #more notice for the new question")
    check(r.has("q-recruit_failed"),
          "'recruited = yes' did not show 'recruit_failed'")
    check(r.selected("q-recruited-yes"), "'recruited = yes' was not kept")

    must(r.tab_to("recruit_failed"),
         "Tab never reached the 'recruit_failed' radios")
    check(r.js("return document.activeElement.id") == "q-recruit_failed-yes",
          "Tab into 'recruit_failed' (none checked) did not land on its "
          "first radio")
    r.keys(Keys.ARROW_DOWN)
    check(r.selected("q-recruit_failed-no"), "the arrow key did not choose 'no'")
    r.press("next", "recruitment (recruit_failed = no)")
    must(r.page_index() == FUTURE, "'recruit_failed = no' did not skip page "
         "'failed' to 'future' (page=%r)" % r.page_index())
    check("Forventninger og kompetencer" in r.headings(),
          "'future' does not show its title: %r" % r.headings())
    check(r.progress() == "Side 3 af 4",
          "the skipped page is counted: %r" % r.progress())
    check(r.has("q-competence_gap"), "'future' has no 'competence_gap'")

    r.press("back", "future")
    must(r.page_index() == RECRUITMENT, "back from 'future' is not "
         "'recruitment' (page=%r)" % r.page_index())
    check("Rekruttering" in r.headings(),
          "'recruitment' does not show its title: %r" % r.headings())
    check(r.selected("q-recruited-yes"), "'recruitment' lost 'recruited = yes'")
    check(r.selected("q-recruit_failed-no"),
          "'recruitment' lost 'recruit_failed = no'")
    must(r.tab_to("recruited"), "Tab never reached the 'recruited' radios again")
    check(r.js("return document.activeElement.id") == "q-recruited-yes",
          "Tab did not land on the checked radio")
    r.press("next", "recruitment again")
    must(r.page_index() == FUTURE, "'recruitment' again did not skip to "
         "'future' (page=%r)" % r.page_index())


def page3_save(r):
    """Expectations: matrix and competence_gap = no, then save."""
    check(r.has("q-competence_gap"), "'future' has no 'competence_gap'")
    check(not r.has("q-competence_needs"),
          "'competence_needs' shown before 'competence_gap' is yes")
    r.by_id("q-expected_hiring.skilled-some").click()
    r.by_id("q-expected_hiring.long-none").click()
    r.by_id("q-competence_gap-no").click()
    r.press("save", "future")
    must(r.has("saved"), "no #saved notice after 'save'")
    check(r.by_id("saved").is_displayed(), "#saved is not visible")


def resume(r):
    """A fresh browser on the same link resumes at 'future', answers kept."""
    must(r.page_index() == FUTURE, "the link did not resume at 'future' "
         "(page=%r)" % r.page_index())
    check(r.selected("q-expected_hiring.skilled-some"),
          "resumed page lost the matrix answer skilled = some")
    check(r.selected("q-expected_hiring.long-none"),
          "resumed page lost the matrix answer long = none")
    check(r.selected("q-competence_gap-no"), "resumed page lost competence_gap")
    check(not r.has("q-competence_needs"), "resumed page shows competence_needs")
    r.follow(r.by_id("lang-en"), "'future' in English")
    check(r.js("return document.documentElement.lang") == "en",
          "#lang-en did not give an English page")
    check("Do the employees lack skills the company needs?"
          in (r.legend("competence_gap") or ""),
          "no English label for competence_gap: %r" % r.legend("competence_gap"))
    check("Expectations and skills" in r.headings(),
          "no English title for 'future': %r" % r.headings())
    check(r.page_index() == FUTURE, "switching language left 'future'")
    check(r.selected("q-competence_gap-no"), "the English page lost competence_gap")
    # On a phone (360 CSS pixels wide) the widest page, the one with the
    # matrix, needs no sideways scrolling and keeps its text readable.
    r.d.set_window_size(360, 740)
    width = r.js("return window.innerWidth")
    check(r.js("return document.documentElement.scrollWidth") <= width,
          "'future' scrolls sideways on a phone (%r > %r)"
          % (r.js("return document.documentElement.scrollWidth"), width))
    size = r.js("return parseFloat(getComputedStyle(document.body).fontSize)")
    check(size >= 14, "body text under 14px on a phone: %r" % size)
    r.d.set_window_size(1000, 1400)


def page4_submit(r):
    """Continuing education, then submit: a receipt."""
    r.press("next", "future (English)")
    must(r.page_index() == EDUCATION, "'future' did not lead to 'education' "
         "(page=%r)" % r.page_index())
    check(r.progress() == "Page 4 of 4",
          "'education' is not the last of 4 pages: %r" % r.progress())
    check(r.js("return document.documentElement.lang") == "en",
          "'education' is not in English after the switch")
    check(not r.has("q-ce_barriers"), "'ce_barriers' shown although skipped")
    r.by_id("q-ce_used-amu").click()
    r.by_id("q-ce_used-internal").click()
    r.by_id("q-coop_jobcentre-4").click()
    r.by_id("q-comments").send_keys(COMMENT)
    r.press("submit", "education")
    must(r.has("receipt"), "no #receipt after submitting")
    code = RECEIPT_RE.findall(r.by_id("receipt").text)
    must(len(code) == 1, "the receipt has no code XXXX-XXXX-XXXX: %r"
         % r.by_id("receipt").text)
    check(len(r.d.find_elements("css selector", "form")) == 0,
          "the receipt page has a form")
    return code[0]


def receipt_again(r, link, code):
    """The link (and any page of it) shows the same receipt."""
    for url in (link, link + "?page=0&lang=da"):
        r.d.get(url)
        r.page_checks("receipt at " + url)
        if check(r.has("receipt"), url + ": no receipt after submitting"):
            check(code in r.by_id("receipt").text,
                  url + ": another receipt: %r" % r.by_id("receipt").text)
        check(len(r.d.find_elements("css selector", "form")) == 0,
              url + ": a form after submitting")


def run(args):
    link = link_from_mail(args.mail_dir, args.to)
    u = urllib.parse.urlsplit(link)
    origin = "%s://%s" % (u.scheme, u.netloc)

    r = Respondent(os.path.join(args.outdir, "profile-1"), origin)
    try:
        r.d.get(link)
        r.page_checks("first page")
        page1(r)
        page2(r)
        page3_save(r)
    finally:
        r.quit()

    r = Respondent(os.path.join(args.outdir, "profile-2"), origin)
    try:
        r.d.get(link)
        r.page_checks("resumed page")
        resume(r)
        code = page4_submit(r)
        receipt_again(r, link, code)
    finally:
        r.quit()
    print("link %s" % link)
    print("receipt %s" % code)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mail-dir", required=True)
    ap.add_argument("--to", required=True)
    ap.add_argument("--outdir", required=True)
    args = ap.parse_args()
    try:
        import selenium  # noqa: F401
    except ImportError:
        print("SKIP: python3-selenium is not installed", file=sys.stderr)
        return 77
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        print("SKIP: chromium or chromium-driver is not installed", file=sys.stderr)
        return 77

    def timeout(signum, frame):
        raise TimeoutError("the browser walk took more than 300 s")
    signal.signal(signal.SIGALRM, timeout)
    signal.alarm(300)
    try:
        run(args)
    except Fatal:
        pass                       # already reported
    except Exception as e:         # a crash of the walk is a failure
        failures.append(repr(e))
        print("FAIL: %r" % e, file=sys.stderr)
        traceback.print_exc()
        for log in sorted(glob.glob(os.path.join(args.outdir, "*.log"))):
            print("--- " + log, file=sys.stderr)
            with open(log, errors="replace") as f:
                sys.stderr.writelines(f.readlines()[-15:])
    finally:
        signal.alarm(0)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
