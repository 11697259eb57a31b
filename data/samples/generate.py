#!/usr/bin/env python3
"""Generate ambit's SAMPLE data for North Jutland (not real statistics).

The figures are invented but plausible in size, so that the demo shows
something recognisable.  Run from this directory; the output is committed.
Each file imitates a real producer's shape:
  population.csv    Statistics Denmark CSV (BOM, CRLF, ';', Danish headers)
"""
import random

random.seed(20191)
MUNIS = [("773", "Morsø", 20200), ("787", "Thisted", 43500), ("810", "Brønderslev", 36300),
         ("813", "Frederikshavn", 59500), ("820", "Vesthimmerland", 36800), ("825", "Læsø", 1800),
         ("840", "Rebild", 30000), ("846", "Mariagerfjord", 41800), ("849", "Jammerbugt", 38400),
         ("851", "Aalborg", 205000), ("860", "Hjørring", 65500)]
YEARS = range(2015, 2025)

def population():
    rows = []
    for code, _, base in MUNIS:
        growth = 0.012 if code == "851" else random.uniform(-0.008, 0.002)
        for sex in ("1", "2"):
            share = 0.5 + (0.004 if sex == "1" else -0.004)
            for i, y in enumerate(YEARS):
                rows.append((code, sex, f"{y}K1", round(base * share * (1 + growth) ** i)))
    region = {}
    for code, sex, t, v in rows:
        region[(sex, t)] = region.get((sex, t), 0) + v
    out = [("081", s, t, v) for (s, t), v in sorted(region.items())] + rows
    with open("population.csv", "w", encoding="utf-8-sig", newline="") as f:
        f.write("OMRÅDE;KØN;TID;INDHOLD\r\n")
        for r in out:
            f.write(";".join(map(str, r)) + "\r\n")

population()
