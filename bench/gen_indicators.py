#!/usr/bin/env python3
"""gen_indicators.py - inputs for bench/indicators.sh.

Writes into OUTDIR:
  seeds/NAME.csv   one row per dataset the default indicator rules read, so
                   that `ambit import` creates the dataset with its
                   dimensions through the store's own code;
  bulk.sql         SQL that replaces each dataset's observations with a
                   generated cross product of its dimensions (about ten
                   million rows: 12 areas, 20 years, and extra dimensions
                   such as age, industry or course that the rules sum
                   over), inserted in primary-key order.

Values are a deterministic function of the codes' positions (10..98), so
every run builds the same store.  Usage: gen_indicators.py OUTDIR
"""
import os
import sys

AREAS = ["081", "773", "787", "810", "813", "820", "825", "840", "846",
         "849", "851", "860"]
YEARS = [str(y) for y in range(2005, 2025)]
QUARTERS = ["%sK%d" % (y, q) for y in YEARS for q in range(1, 5)]
MONTHS = ["%sM%02d" % (y, m) for y in YEARS for m in range(1, 13)]


def numbered(prefix, n, keep=()):
    """n codes: those in keep, then prefix0001... (sorted)."""
    codes = list(keep) + ["%s%04d" % (prefix, i) for i in range(n - len(keep))]
    return sorted(codes)


AGES = ["%03d" % a for a in range(100)]
EDU = ["H20", "H30", "H40", "H50", "H70"]
HFUDD = ["H10", "H20", "H30", "H40", "H50", "H70"]
AGE_GROUPS = ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69",
              "70-79", "80-89", "90-99", "100-"]

# code, [(dimension, codes)], periods; dimensions in the order stored.
DATASETS = [
    ("FOLK1A", [("OMRÅDE", AREAS), ("KØN", ["1", "2"]), ("ALDER", AGES),
                ("CIVILSTAND", ["E", "F", "G", "L", "U"])], QUARTERS),
    ("AUP01", [("OMRÅDE", AREAS)], MONTHS),
    ("UDDAKT10", [("OMRÅDE", AREAS), ("UDDANNELSE", EDU),
                  ("FSTATUS", ["A", "F", "T"]), ("ALDER", AGES),
                  ("KØN", ["1", "2"])], YEARS),
    ("FLY66", [("OMRÅDE", AREAS), ("RETNING", ["IND", "UD"]),
               ("ALDER", sorted(AGE_GROUPS)), ("KØN", ["1", "2"]),
               ("HERKOMST", ["1", "2", "3", "4", "5"])], MONTHS),
    ("RAS300", [("OMRÅDE", AREAS), ("HFUDD", HFUDD),
                ("SOCIO", ["BESK", "LEDIG", "UDENFOR"]), ("ALDER", ["16-64"]),
                ("KØN", ["1", "2"]), ("BRANCHE", numbered("B", 120))], YEARS),
    ("VEU15", [("OMRÅDE", AREAS),
               ("UDDTYPE", numbered("U", 10, ["AMU", "VUC"])),
               ("ENHED", ["AARS", "KURS"]), ("KURSUS", numbered("K", 1000))],
     YEARS),
    ("EDU_SUPPLY", [("OMRÅDE", AREAS), ("UDDANNELSE", ["H20", "H30"]),
                    ("INSTITUTION", numbered("I", 500))], YEARS),
    ("ETU_TRIVSEL", [("OMRÅDE", AREAS),
                     ("UDDANNELSE", numbered("E", 200, ["H30"]))], YEARS),
    ("STUDENT_TRAVEL", [("OMRÅDE", AREAS)], YEARS),
    ("KOT_ADMISSION", [("OMRÅDE", AREAS), ("STATUS", ["ANS1", "OPT1"]),
                       ("UDDANNELSE", numbered("P", 2000))], YEARS),
    ("GRAD_EMPLOYMENT", [("OMRÅDE", AREAS),
                         ("UDDANNELSE", numbered("G", 2500, ["H30"]))], YEARS),
]


def values_cte(name, codes):
    rows = ", ".join("(%d, '%s')" % (i, c) for i, c in enumerate(codes))
    return "%s(i, code) AS (VALUES %s)" % (name, rows)


def insert_sql(code, dims, periods):
    ctes = [values_cte("c%d" % k, codes) for k, (_, codes) in enumerate(dims)]
    ctes.append(values_cte("p", periods))
    cols = ", ".join("d%d" % k for k in range(len(dims)))
    picks = ", ".join("c%d.code" % k for k in range(len(dims)))
    weights = [31, 17, 7, 5, 3, 11, 13, 19]
    value = " + ".join("c%d.i * %d" % (k, weights[k]) for k in range(len(dims)))
    joins = " CROSS JOIN ".join(["c%d" % k for k in range(len(dims))] + ["p"])
    return ("DELETE FROM observations WHERE dataset_id = (SELECT id FROM datasets "
            "WHERE code = '%s');\n"
            "INSERT INTO observations (dataset_id, %s, period, value)\n"
            "WITH %s\n"
            "SELECT (SELECT id FROM datasets WHERE code = '%s'), %s, p.code, "
            "(%s + p.i * 3) %% 89 + 10\nFROM %s;\n"
            % (code, cols, ",\n  ".join(ctes), code, picks, value, joins))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_indicators.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "seeds"), exist_ok=True)
    total = 0
    with open(os.path.join(out, "bulk.sql"), "w", encoding="utf-8") as sql:
        sql.write("PRAGMA journal_mode = WAL;\nPRAGMA synchronous = OFF;\n"
                  "BEGIN;\n")
        for code, dims, periods in DATASETS:
            with open(os.path.join(out, "seeds", code + ".csv"), "w",
                      encoding="utf-8") as f:
                f.write(",".join([d for d, _ in dims] + ["TID", "INDHOLD"]) + "\n")
                f.write(",".join([c[0] for _, c in dims] + [periods[0], "1"]) + "\n")
            sql.write(insert_sql(code, dims, periods))
            n = len(periods)
            for _, codes in dims:
                n *= len(codes)
            total += n
        sql.write("COMMIT;\n")
    print(total)


if __name__ == "__main__":
    main()
