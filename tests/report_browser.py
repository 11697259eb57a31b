#!/usr/bin/python3
"""report_browser.py - open an ambit HTML report in real headless Chromium.

    /usr/bin/python3 tests/report_browser.py --doc DOC.json --html REPORT.html \
        --outdir DIR [--name NAME]

Run by tests/report.test.  DOC.json is the report data document the page was
rendered from; the expected counts come from it.  Checks, through Selenium
and Debian's chromium-driver:

- the page loads from a file:// URL with no SEVERE entry in the browser log
  and without fetching anything (no resource timing entries at all);
- no script ran (a hostile document sets window.__pwned if one did);
- <html lang> is the document's language, the SAMPLE DATA banner shows iff
  sample_data is true;
- exactly one svg.trend per indicator and one svg.compare per indicator that
  breaks down by municipality, each drawn with a real size, each with
  role="img" and aria-labelledby naming its own <title> and <desc>, and each
  beside a table with a caption;
- every in-page link (#...) has its target;
- printing works: Chromium's PDF of the page has more pages than focus
  areas (each starts a new page);
- a full-page screenshot DIR/NAME.png is a real PNG of some size.

Chromium runs with a fresh profile in DIR and the flags that keep it off the
network; it is always shut down, also on failure.  Exit 0 when every check
passes, 1 when one fails, 77 when Chromium or Selenium is not installed.
"""
import argparse
import base64
import json
import os
import signal
import sys

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def municipal(ind):
    return ind.get("breakdown") in ("municipality", "both")


def make_driver(outdir):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-extensions",
                 "--disable-default-apps", "--window-size=1280,1400",
                 "--user-data-dir=" + os.path.join(outdir, "chromium-profile")):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER,
                      log_path=os.path.join(outdir, "chromedriver.log"))
    return webdriver.Chrome(service=service, options=opts)


CHART_CHECK_JS = """
const out = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/);
  const t = ids[0] ? document.getElementById(ids[0]) : null;
  const d = ids[1] ? document.getElementById(ids[1]) : null;
  const box = svg.getBoundingClientRect();
  const row = svg.closest('.chart-row');
  const table = row ? row.querySelector('table') : null;
  out.push({
    id: svg.id,
    role: svg.getAttribute('role'),
    title_ok: !!t && t.tagName.toLowerCase() === 'title' && svg.contains(t) &&
              t.textContent.length > 0,
    desc_ok: !!d && d.tagName.toLowerCase() === 'desc' && svg.contains(d),
    width: box.width, height: box.height,
    table_caption: !!table && !!table.querySelector('caption') &&
                   table.querySelectorAll('th[scope]').length > 0,
  });
}
return out;
"""

LINKS_JS = """
const bad = [];
for (const a of document.querySelectorAll('a[href^="#"]')) {
  const id = decodeURIComponent(a.getAttribute('href').slice(1));
  if (!document.getElementById(id)) bad.push(id);
}
return bad;
"""


def run(args):
    with open(args.doc, encoding="utf-8") as f:
        doc = json.load(f)
    inds = doc.get("indicators") or []
    want_trend = len(inds)
    want_compare = sum(1 for i in inds if isinstance(i, dict) and municipal(i))
    lang = "en" if doc.get("lang") == "en" else "da"
    sample = doc.get("sample_data") is True

    driver = make_driver(args.outdir)
    try:
        driver.get("file://" + os.path.abspath(args.html))
        state = driver.execute_script("return document.readyState")
        check(state == "complete", "page did not finish loading: " + str(state))

        severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        for e in severe:
            print("browser: " + e.get("message", ""), file=sys.stderr)
        check(not severe, "%d SEVERE browser log entries" % len(severe))

        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        check(resources == [], "the page fetched resources: %r" % resources[:5])
        check(driver.execute_script("return typeof window.__pwned") == "undefined",
              "a script from the document ran")
        check(driver.execute_script("return document.scripts.length") == 0,
              "the page has script elements")

        check(driver.execute_script("return document.documentElement.lang") == lang,
              "html lang is not " + lang)
        banner = driver.execute_script(
            "const b = document.querySelector('.sample');"
            "return b ? b.getBoundingClientRect().height : 0")
        check((banner > 20) == sample,
              "SAMPLE DATA banner height %s with sample_data=%s" % (banner, sample))

        trend = driver.execute_script("return document.querySelectorAll('svg.trend').length")
        compare = driver.execute_script(
            "return document.querySelectorAll('svg.compare').length")
        check(trend == want_trend, "svg.trend: %d, expected %d" % (trend, want_trend))
        check(compare == want_compare,
              "svg.compare: %d, expected %d" % (compare, want_compare))
        articles = driver.execute_script(
            "return document.querySelectorAll('article.indicator').length")
        check(articles == want_trend, "articles: %d, expected %d" % (articles, want_trend))

        charts = driver.execute_script(CHART_CHECK_JS)
        for c in charts:
            check(c["role"] == "img", c["id"] + ": role is not img")
            check(c["title_ok"], c["id"] + ": aria-labelledby does not name its <title>")
            check(c["desc_ok"], c["id"] + ": aria-labelledby does not name its <desc>")
            check(c["width"] > 200 and c["height"] > 40,
                  "%s: drawn at %.0fx%.0f" % (c["id"], c["width"], c["height"]))
            check(c["table_caption"], c["id"] + ": no captioned table beside it")

        bad = driver.execute_script(LINKS_JS)
        check(bad == [], "links without a target: %r" % bad[:5])

        pdf = base64.b64decode(driver.execute_cdp_cmd(
            "Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})["data"])
        with open(os.path.join(args.outdir, args.name + ".pdf"), "wb") as f:
            f.write(pdf)
        pages = pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + \
            pdf.count(b"/Type /Page/") + pdf.count(b"/Type /Page ")
        areas = len((doc.get("ambition") or {}).get("focus_areas") or [])
        check(pdf.startswith(b"%PDF"), "printing did not produce a PDF")
        check(pages > areas, "the printed report has %d pages, focus areas: %d"
              % (pages, areas))

        # A full-page screenshot: size the window to the page first.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        shot = base64.b64decode(driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1280, "height": min(height, 16000),
                     "scale": 1}})["data"])
        png = os.path.join(args.outdir, args.name + ".png")
        with open(png, "wb") as f:
            f.write(shot)
        check(shot.startswith(b"\x89PNG\r\n\x1a\n"), "the screenshot is not a PNG")
        check(len(shot) > 100 * 1024, "the screenshot is only %d bytes" % len(shot))
        print("%s: %d trend, %d compare charts, %d printed pages, screenshot %s (%d KB)"
              % (args.name, trend, compare, pages, png, len(shot) // 1024))
    finally:
        driver.quit()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--doc", required=True)
    ap.add_argument("--html", required=True)
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--name", default="report")
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
        raise TimeoutError("the browser check took more than 180 s")
    signal.signal(signal.SIGALRM, timeout)
    signal.alarm(180)
    try:
        run(args)
    except Exception as e:  # a crash of the check is a failure, not a skip
        failures.append(repr(e))
        print("FAIL: %r" % e, file=sys.stderr)
    finally:
        signal.alarm(0)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
