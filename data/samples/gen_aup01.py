#!/usr/bin/env python3
"""Generate data/samples/aup01.json: SAMPLE DATA, not real statistics.

The file has exactly the shape of Statistics Denmark's JSONSTAT output for
table AUP01 (a JSON-stat 1.x bundle {"dataset": {...}} with dimensions
OMRÅDE, ContentsCode and Tid, roles inside "dimension"), but every figure
is invented: gross unemployment as a percentage of the labour force, with
one decimal, 2-7 %, falling from 2015 to 2019, a bump in 2020, falling
again.  Læsø (825) is suppressed in 2016 and 2019 (null value, status
"..") as small cells are in the real table.

Deterministic: the same output on every run.  Run from anywhere:
    python3 data/samples/gen_aup01.py [OUTFILE]
(default: aup01.json beside this script).
"""
import json
import os
import random
import sys

REGION = ("081", "Region Nordjylland")
# code, name, invented labour force (weights the region's rate), base rate
MUNIS = [
    ("773", "Morsø", 10100, 4.9), ("787", "Thisted", 22800, 4.1),
    ("810", "Brønderslev", 18000, 4.4), ("813", "Frederikshavn", 28900, 5.6),
    ("820", "Vesthimmerland", 18300, 4.6), ("825", "Læsø", 800, 5.9),
    ("840", "Rebild", 15400, 3.6), ("846", "Mariagerfjord", 20400, 4.8),
    ("849", "Jammerbugt", 19300, 4.5), ("851", "Aalborg", 110500, 5.8),
    ("860", "Hjørring", 31600, 5.5),
]
YEARS = [str(y) for y in range(2015, 2025)]
# the common path over the years: falling, a 2020 bump, falling again
TREND = [1.00, 0.93, 0.86, 0.80, 0.75, 0.90, 0.78, 0.66, 0.68, 0.70]
SUPPRESSED = {("825", "2016"), ("825", "2019")}


def rates():
    """{(area, year): rate or None}, deterministic."""
    rnd = random.Random(20240801)
    out = {}
    for code, _, _, base in MUNIS:
        for year, factor in zip(YEARS, TREND):
            r = base * factor * (1 + rnd.uniform(-0.04, 0.04))
            out[(code, year)] = round(min(max(r, 2.0), 7.0), 1)
    for year in YEARS:
        total = sum(lf for _, _, lf, _ in MUNIS)
        avg = sum(out[(c, year)] * lf for c, _, lf, _ in MUNIS) / total
        out[(REGION[0], year)] = round(avg, 1)
    for key in SUPPRESSED:
        out[key] = None
    return out


def bundle():
    areas = [REGION] + [(c, n) for c, n, _, _ in MUNIS]
    values, status = [], {}
    table = rates()
    for a, _ in areas:
        for y in YEARS:  # row-major: OMRÅDE, ContentsCode (1), Tid fastest
            v = table[(a, y)]
            if v is None:
                status[str(len(values))] = ".."
            values.append(v)
    return {"dataset": {
        "dimension": {
            "OMRÅDE": {
                "label": "område",
                "category": {
                    "index": {c: i for i, (c, _) in enumerate(areas)},
                    "label": {c: n for c, n in areas},
                },
            },
            "ContentsCode": {
                "label": "Indhold",
                "category": {
                    "index": {"AUP01": 0},
                    "label": {"AUP01": "SAMPLE DATA: Bruttoledige i procent "
                                       "af arbejdsstyrken"},
                    "unit": {"AUP01": {"base": "pct.", "decimals": 1}},
                },
            },
            "Tid": {
                "label": "tid",
                "category": {
                    "index": {y: i for i, y in enumerate(YEARS)},
                    "label": {y: y for y in YEARS},
                },
            },
            "id": ["OMRÅDE", "ContentsCode", "Tid"],
            "size": [len(areas), 1, len(YEARS)],
            "role": {"metric": ["ContentsCode"], "time": ["Tid"]},
        },
        "label": "SAMPLE DATA (invented figures, not a statistic): "
                 "Bruttoledige i procent af arbejdsstyrken efter område, "
                 "indhold og tid",
        "source": "SAMPLE DATA made by ambit's data/samples/gen_aup01.py, "
                  "not Danmarks Statistik",
        "updated": "2025-01-31T08:00:00Z",
        "value": values,
        "status": status,
    }}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "aup01.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(bundle(), f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
