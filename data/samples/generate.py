#!/usr/bin/env python3
"""Generate ambit's SAMPLE data for North Jutland (not real statistics).

The figures are invented but plausible in size, so that the demo shows
something recognisable.  Run from this directory; the output is committed.
Each file imitates a real producer's shape:
  population.csv    Statistics Denmark CSV (BOM, CRLF, ';', Danish headers)
  unemployment.csv  Statistics Denmark CSV with decimal comma and '..'
  enrolment.csv     a plain comma-separated export with quoted labels
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

def unemployment():
    with open("unemployment.csv", "w", encoding="utf-8-sig", newline="") as f:
        f.write("OMRÅDE;TID;INDHOLD\r\n")
        for code, _, _ in [("081", "Region Nordjylland", 0)] + MUNIS:
            level = random.uniform(3.8, 6.2)
            for y in YEARS:
                covid = 1.2 if y == 2020 else 0.0
                rate = max(1.5, level - 0.22 * (y - 2015) + covid + random.uniform(-0.2, 0.2))
                value = ".." if code == "825" and y in (2016, 2019) else f"{rate:.1f}".replace(".", ",")
                f.write(f"{code};{y};{value}\r\n")

def enrolment():
    with open("enrolment.csv", "w", encoding="utf-8", newline="") as f:
        f.write('kommune,uddannelse,aar,andel\n')
        for code, name, _ in MUNIS:
            eud = random.uniform(19, 29)
            for y in YEARS:
                e = eud + 0.15 * (y - 2015) + random.uniform(-0.8, 0.8)
                f.write(f'{code},"EUD",{y},{e:.1f}\n')
                f.write(f'{code},"Gymnasial, STX/HF/HHX/HTX",{y},{100 - e - 8:.1f}\n')

population()
unemployment()
enrolment()
