#!/usr/bin/env python3
"""gen_themes.py - Danish strategy text for bench/themes.sh.

    gen_themes.py MEGABYTES OUT SOURCE...

Reads the paragraphs of the SOURCE files (the ambition documents in
shared/seeds and the sample strategies; HTML tags are dropped) and writes
paragraphs in a shuffled order, with variations so that the text is not a
loop of one document: municipality names swapped for "Nordjylland",
lines in capitals, numbers and years changed, paragraphs cut at a sentence.
Deterministic (fixed seed), at least MEGABYTES * 10^6 bytes of UTF-8.
"""
import random
import re
import sys

MUNICIPALITIES = ["Morsø", "Thisted", "Brønderslev", "Frederikshavn",
                  "Vesthimmerland", "Læsø", "Rebild", "Mariagerfjord",
                  "Jammerbugt", "Aalborg", "Hjørring"]


def paragraphs(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if path.endswith((".html", ".htm")):
        text = re.sub(r"(?s)<(script|style).*?</\1>", " ", text)
        text = re.sub(r"<[^>]+>", "\n", text)
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if len(block) > 40:
            yield block


def vary(p, rnd):
    if rnd.random() < 0.3:
        p = p.replace("Nordjylland", rnd.choice(MUNICIPALITIES))
    if rnd.random() < 0.2:
        p = re.sub(r"\b(19|20)\d\d\b", lambda m: str(rnd.randint(2015, 2030)), p)
    if rnd.random() < 0.1:
        p = re.sub(r"\d+%", lambda m: "%d%%" % rnd.randint(1, 99), p)
    if rnd.random() < 0.05:
        p = p.upper()
    if rnd.random() < 0.2 and ". " in p:
        p = p[:p.index(". ") + 1]
    return p


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: gen_themes.py MEGABYTES OUT SOURCE...")
    target = int(float(sys.argv[1]) * 1_000_000)
    paras = [p for src in sys.argv[3:] for p in paragraphs(src)]
    if not paras:
        sys.exit("gen_themes.py: no paragraphs in the sources")
    rnd = random.Random(20190401)
    size = 0
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        while size < target:
            p = vary(rnd.choice(paras), rnd) + "\n\n"
            out.write(p)
            size += len(p.encode("utf-8"))


if __name__ == "__main__":
    main()
