#!/usr/bin/env python3
"""generate_indicator_samples.py - write the SAMPLE DATA files that feed the
default indicators whose sources are not among the demo's StatBank samples
(FOLK1A, AUP01, UDDAKT10, FLY66).

Every figure is INVENTED: plausible in size for North Jutland's eleven
municipalities and region 081, with trends chosen so that the indicators
show a mix of statuses, but none of it is a published statistic.  The
output is deterministic (fixed seed, no clock): running the script again
writes the same bytes.

Files (StatBank-style CSV: a "# SAMPLE DATA" line, then ';'-separated
columns with a decimal comma; yearly periods 2015..2024 unless noted):

  ind_ras300.csv          RAS300  OMRÅDE HFUDD SOCIO ALDER TID  persons
  ind_veu15.csv           VEU15   OMRÅDE UDDTYPE ENHED TID      persons
  ind_edu_supply.csv      EDU_SUPPLY OMRÅDE UDDANNELSE TID      programmes
  ind_etu_trivsel.csv     ETU_TRIVSEL OMRÅDE UDDANNELSE TID     score 1-5 (2018..)
  ind_student_travel.csv  STUDENT_TRAVEL OMRÅDE TID             percent
  ind_kot_admission.csv   KOT_ADMISSION OMRÅDE STATUS TID       persons
  ind_grad_employment.csv GRAD_EMPLOYMENT OMRÅDE UDDANNELSE TID percent

Usage: generate_indicator_samples.py [OUTDIR]   (default: this directory)
"""
import os
import random
import sys

REGION = "081"
# Municipality: (16-64-year-olds in thousands, yearly growth of that group,
#                share outside the labour force in 2015).
MUNICIPALITIES = {
    "773": (12.0, -0.008, 0.29), "787": (25.5, -0.006, 0.27),
    "810": (21.5, 0.001, 0.26), "813": (33.0, -0.007, 0.30),
    "820": (22.0, -0.004, 0.28), "825": (0.95, -0.012, 0.33),
    "840": (19.5, 0.004, 0.23), "846": (25.5, -0.003, 0.27),
    "849": (22.5, -0.002, 0.27), "851": (142.0, 0.009, 0.24),
    "860": (39.5, -0.003, 0.27),
}
YEARS = range(2015, 2025)
EDUCATION = ["H10", "H20", "H30", "H40", "H50", "H70"]
HEADER = "# SAMPLE DATA: invented figures for ambit's demo, not statistics\n"

rng = random.Random(2019)


def noise(scale):
    """A deterministic small disturbance in [-scale, scale]."""
    return (rng.random() * 2 - 1) * scale


def dec(v, digits=1):
    """A number with a decimal comma, as Statistics Denmark writes it."""
    return f"{v:.{digits}f}".replace(".", ",")


def write(outdir, name, header, rows):
    with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        f.write(";".join(header) + "\n")
        for r in rows:
            f.write(";".join(str(x) for x in r) + "\n")


def education_mix(status, year, area):
    """Shares of HFUDD levels within a labour-market status."""
    t = year - 2015
    rural = 0.0 if area == "851" else 0.03
    if status == "BESK":
        unskilled = 0.31 + rural - 0.004 * t
        rest = [0.35, 0.06, 0.17, 0.11]
    elif status == "LEDIG":
        unskilled = 0.46 + rural - 0.006 * t
        rest = [0.30, 0.05, 0.12, 0.07]
    else:
        unskilled = 0.52 + rural - 0.002 * t
        rest = [0.28, 0.04, 0.10, 0.06]
    scale = (1 - unskilled) / sum(rest)
    return [unskilled * 0.68, unskilled * 0.32] + [x * scale for x in rest]


def ras300(outdir):
    rows, region = [], {}
    for area, (k16, growth, outside0) in MUNICIPALITIES.items():
        for y in YEARS:
            t = y - 2015
            people = k16 * 1000 * (1 + growth) ** t
            outside = outside0 - 0.0025 * t + noise(0.002)
            unemployed = 0.045 - 0.0025 * t + 0.0015 * (y >= 2020) + noise(0.001)
            shares = {"BESK": 1 - outside - unemployed, "LEDIG": unemployed,
                      "UDENFOR": outside}
            for status, share in shares.items():
                for edu, part in zip(EDUCATION, education_mix(status, y, area)):
                    n = round(people * share * part)
                    rows.append((area, edu, status, "16-64", y, n))
                    key = (edu, status, y)
                    region[key] = region.get(key, 0) + n
    for (edu, status, y), n in region.items():
        rows.append((REGION, edu, status, "16-64", y, n))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[4]))
    write(outdir, "ind_ras300.csv",
          ["OMRÅDE", "HFUDD", "SOCIO", "ALDER", "TID", "INDHOLD"], rows)


def veu15(outdir):
    rows, region = [], {}
    for area, (k16, growth, _) in MUNICIPALITIES.items():
        inhabitants = k16 * 1000 / 0.62
        for y in YEARS:
            t = y - 2015
            people = inhabitants * (1 + growth) ** t
            # AMU per 1,000 inhabitants: a marked fall to 2019, then a
            # slow recovery.
            rate = (6.2 - 0.45 * t) if y <= 2019 else (4.4 + 0.12 * (y - 2019))
            rate += noise(0.08)
            amu = round(people * rate / 1000)
            vuc = round(people * (3.1 + noise(0.1)) / 1000)
            for kind, fte in (("AMU", amu), ("VUC", vuc)):
                for unit, n in (("AARS", fte), ("KURS", fte * 9)):
                    rows.append((area, kind, unit, y, n))
                    key = (kind, unit, y)
                    region[key] = region.get(key, 0) + n
    for (kind, unit, y), n in region.items():
        rows.append((REGION, kind, unit, y, n))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    write(outdir, "ind_veu15.csv",
          ["OMRÅDE", "UDDTYPE", "ENHED", "TID", "INDHOLD"], rows)


# Youth-education programmes offered (upper-secondary, vocational) in
# 2015, and the year a rural municipality lost one vocational programme.
SUPPLY = {"773": (2, 5, 2021), "787": (4, 12, 2020), "810": (2, 4, None),
          "813": (5, 16, 2022), "820": (3, 9, 2021), "825": (1, 1, None),
          "840": (1, 3, None), "846": (3, 10, 2019), "849": (2, 3, 2020),
          "851": (14, 45, None), "860": (6, 20, None)}


def edu_supply(outdir):
    rows, region = [], {}
    for area, (gym, eud, lost) in SUPPLY.items():
        for y in YEARS:
            counts = {"H20": gym, "H30": eud - (1 if lost and y >= lost else 0)
                      + (1 if area == "851" and y >= 2018 else 0)}
            for edu, n in counts.items():
                rows.append((area, edu, y, n))
                region[(edu, y)] = region.get((edu, y), 0) + n
    for (edu, y), n in region.items():
        rows.append((REGION, edu, y, n))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    write(outdir, "ind_edu_supply.csv", ["OMRÅDE", "UDDANNELSE", "TID", "INDHOLD"], rows)


# Municipalities with vocational schools: students (weight) and 2018 score.
SCHOOLS = {"773": (400, 3.92), "787": (900, 3.97), "813": (1200, 3.88),
           "820": (700, 3.95), "846": (800, 3.90), "851": (5200, 4.01),
           "860": (1600, 3.94)}


def etu_trivsel(outdir):
    rows = []
    for y in range(2018, 2025):
        total = weighted = 0.0
        for area, (students, score0) in SCHOOLS.items():
            score = score0 + 0.015 * (y - 2018) + noise(0.02)
            rows.append((area, "H30", y, dec(score, 2)))
            total += students
            weighted += students * score
        rows.append((REGION, "H30", y, dec(weighted / total, 2)))
    rows.sort(key=lambda r: (r[0], r[2]))
    write(outdir, "ind_etu_trivsel.csv", ["OMRÅDE", "UDDANNELSE", "TID", "INDHOLD"], rows)


TRAVEL = {"773": 18.0, "787": 14.0, "810": 10.0, "813": 8.0, "820": 17.0,
          "825": 61.0, "840": 15.0, "846": 12.0, "849": 22.0, "851": 3.0,
          "860": 9.0}


def student_travel(outdir):
    rows = []
    for y in YEARS:
        total = weighted = 0.0
        for area, share0 in TRAVEL.items():
            share = max(0.5, share0 - 0.25 * (y - 2015) + noise(0.4))
            rows.append((area, y, dec(share)))
            weight = MUNICIPALITIES[area][0]
            total += weight
            weighted += weight * share
        rows.append((REGION, y, dec(weighted / total)))
    rows.sort(key=lambda r: (r[0], r[1]))
    write(outdir, "ind_student_travel.csv", ["OMRÅDE", "TID", "INDHOLD"], rows)


# Places of study: first-priority applicants in 2015 and admission rate.
KOT = {"787": (300, 0.93), "851": (9000, 0.83), "860": (900, 0.90)}


def kot_admission(outdir):
    rows, region = [], {}
    for area, (applicants0, rate0) in KOT.items():
        for y in YEARS:
            applicants = round(applicants0 * (1 + 0.01 * (y - 2015) + noise(0.02)))
            admitted = round(applicants * min(0.99, rate0 + 0.004 * (y - 2015) + noise(0.005)))
            for status, n in (("ANS1", applicants), ("OPT1", admitted)):
                rows.append((area, status, y, n))
                region[(status, y)] = region.get((status, y), 0) + n
    for (status, y), n in region.items():
        rows.append((REGION, status, y, n))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    write(outdir, "ind_kot_admission.csv", ["OMRÅDE", "STATUS", "TID", "INDHOLD"], rows)


def grad_employment(outdir):
    base = {"H30": 80.5, "H40": 79.0, "H50": 85.0, "H70": 82.5}
    rows = []
    for area in [REGION] + list(MUNICIPALITIES):
        offset = 0.0 if area == REGION else noise(2.0)
        for edu, level in base.items():
            for y in YEARS:
                v = level + offset + 0.35 * (y - 2015) - 1.5 * (y == 2020) + noise(0.5)
                rows.append((area, edu, y, dec(min(v, 99.0))))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    write(outdir, "ind_grad_employment.csv", ["OMRÅDE", "UDDANNELSE", "TID", "INDHOLD"], rows)


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for gen in (ras300, veu15, edu_supply, etu_trivsel, student_travel,
                kot_admission, grad_employment):
        gen(outdir)


if __name__ == "__main__":
    main()
