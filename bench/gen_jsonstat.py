#!/usr/bin/env python3
"""Write a JSON-stat 2.0 dataset with N values to OUTFILE (benchmark input).

    python3 bench/gen_jsonstat.py N OUTFILE

Dimensions: area (N / (sex x time) categories), sex (2 when that divides),
time (the largest divisor of N up to 40), so that their sizes multiply to
exactly N; role time on "time".  Values are deterministic, with one
decimal; every 97th cell is null with status "..".  Invented numbers for
timing the jsonstat plugin, not statistics.
"""
import json
import sys


def shape(n):
    t = max(d for d in range(1, 41) if n % d == 0)
    rest = n // t
    s = 2 if rest % 2 == 0 else 1
    return rest // s, s, t


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: gen_jsonstat.py N OUTFILE (N >= 1)")
    n = int(sys.argv[1])
    a, s, t = shape(n)
    areas = ["A%07d" % i for i in range(a)]
    sexes = ["M", "F"][:s]
    times = [str(1985 + i) for i in range(t)]
    values, status = [], {}
    for i in range(n):
        if i % 97 == 96:
            values.append(None)
            status[str(i)] = ".."
        else:
            values.append(round(((i * 7919) % 100000) / 10.0, 1))
    doc = {
        "version": "2.0", "class": "dataset",
        "label": "Benchmark input (invented values)",
        "source": "bench/gen_jsonstat.py", "updated": "2025-01-01",
        "id": ["area", "sex", "time"], "size": [a, s, t],
        "role": {"time": ["time"], "geo": ["area"]},
        "dimension": {
            "area": {"label": "Area", "category": {
                "index": areas, "label": {c: "Area " + c[1:] for c in areas}}},
            "sex": {"label": "Sex", "category": {
                "index": sexes, "label": {"M": "Men", "F": "Women"}}},
            "time": {"label": "Year", "category": {"index": times}},
        },
        "value": values, "status": status,
    }
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
