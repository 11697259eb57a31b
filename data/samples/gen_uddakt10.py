#!/usr/bin/env python3
"""Generate uddakt10.px: SAMPLE education activity for North Jutland.

Not real statistics.  The figures are invented but plausible in size; the
file imitates a PC-Axis file as Statistics Denmark publishes it (table
UDDAKT10): CHARSET="ANSI" with Windows-1252 bytes for æøå, CRLF line ends,
TIMEVAL with TLIST(A1), codes beside the Danish labels, ".." for suppressed
cells.  The same indicator rules run on it as on the real table:

  OMRÅDE      081 (the region, the sum of its municipalities) and the
              eleven municipalities 773 ... 860
  UDDANNELSE  H20 Gymnasiale uddannelser, H30 Erhvervsfaglige uddannelser
              (EUD), H40 Korte, H50 Mellemlange, H70 Lange videregående
  FSTATUS     T Tilgang (enrolled), F Fuldført (completed), A Afbrudt
              (dropped out)
  tid         2015 .. 2024, persons

For the region, EUD is about 24 % of youth enrolment (T of H30 over T of
H20 + H30) in 2019, rising slowly, and the EUD dropout A / (A + F) is near
49 % in 2019, falling slowly.  Læsø's H40 and H70 cells are suppressed.

Usage: gen_uddakt10.py [OUTFILE]   (default: uddakt10.px beside this
script).  The output is deterministic and committed.
"""
import os
import random
import sys

MUNIS = [("773", "Morsø", 20200), ("787", "Thisted", 43500),
         ("810", "Brønderslev", 36300), ("813", "Frederikshavn", 59500),
         ("820", "Vesthimmerland", 36800), ("825", "Læsø", 1800),
         ("840", "Rebild", 30000), ("846", "Mariagerfjord", 41800),
         ("849", "Jammerbugt", 38400), ("851", "Aalborg", 205000),
         ("860", "Hjørring", 65500)]
EDUCATIONS = [("H20", "Gymnasiale uddannelser"),
              ("H30", "Erhvervsfaglige uddannelser"),
              ("H40", "Korte videregående uddannelser"),
              ("H50", "Mellemlange videregående uddannelser"),
              ("H70", "Lange videregående uddannelser")]
STATUSES = [("T", "Tilgang"), ("F", "Fuldført"), ("A", "Afbrudt")]
YEARS = [str(y) for y in range(2015, 2025)]
SUPPRESSED = {("825", "H40"), ("825", "H70")}

EUD_SHARE_2019 = 0.24      # region, T(H30) / T(H20 + H30)
EUD_SHARE_TREND = 0.003    # per year
EUD_DROPOUT_2019 = 0.49    # region, A / (A + F) of H30
EUD_DROPOUT_TREND = -0.006
# Higher education: enrolment per inhabitant and dropout share.
HIGHER = {"H40": (0.0022, 0.22), "H50": (0.0045, 0.17), "H70": (0.0035, 0.15)}


def model():
    """Unrounded figures {(area, edu, status, year): value} for the
    municipalities, with the two EUD ratios calibrated for the region."""
    rnd = random.Random(20250301)
    youth, share, dropout, out = {}, {}, {}, {}
    for code, _, pop in MUNIS:
        base_share = 0.20 if code == "851" else rnd.uniform(0.25, 0.31)
        base_drop = rnd.uniform(-0.03, 0.03)
        for i, y in enumerate(YEARS):
            t = int(y) - 2019
            youth[code, y] = pop * 0.0128 * (1 - 0.004 * i) * rnd.uniform(0.97, 1.03)
            share[code, y] = base_share + EUD_SHARE_TREND * t + rnd.uniform(-0.008, 0.008)
            dropout[code, y] = (EUD_DROPOUT_2019 + base_drop + EUD_DROPOUT_TREND * t
                                + rnd.uniform(-0.01, 0.01))
    # Shift every municipality by the same amount so that the region's
    # ratio in 2019 is the target: the region's ratio is a weighted mean of
    # the municipalities', so a common shift moves it by exactly that much.
    for y in YEARS:
        w = sum(youth[c, y] for c, _, _ in MUNIS)
        got = sum(youth[c, y] * share[c, y] for c, _, _ in MUNIS) / w
        want = EUD_SHARE_2019 + EUD_SHARE_TREND * (int(y) - 2019)
        for c, _, _ in MUNIS:
            share[c, y] += want - got
        w = sum(youth[c, y] * share[c, y] for c, _, _ in MUNIS)
        got = sum(youth[c, y] * share[c, y] * dropout[c, y] for c, _, _ in MUNIS) / w
        want = EUD_DROPOUT_2019 + EUD_DROPOUT_TREND * (int(y) - 2019)
        for c, _, _ in MUNIS:
            dropout[c, y] += want - got
    for code, _, pop in MUNIS:
        for y in YEARS:
            h30 = youth[code, y] * share[code, y]
            h20 = youth[code, y] - h30
            ended = h30 * 0.92
            cells = {("H20", "T"): h20, ("H20", "F"): h20 * 0.95 * 0.87,
                     ("H20", "A"): h20 * 0.95 * 0.13, ("H30", "T"): h30,
                     ("H30", "F"): ended * (1 - dropout[code, y]),
                     ("H30", "A"): ended * dropout[code, y]}
            for edu, (per_person, drop) in HIGHER.items():
                rate = per_person * (3.1 if code == "851" and edu == "H70" else 1.0)
                t = pop * rate * (1 + 0.01 * (int(y) - 2015)) * rnd.uniform(0.95, 1.05)
                cells[edu, "T"] = t
                cells[edu, "F"] = t * 0.9 * (1 - drop)
                cells[edu, "A"] = t * 0.9 * drop
            for (edu, st), v in cells.items():
                out[code, edu, st, y] = v
    return out


def table():
    """Rounded rows: the municipalities' figures and the region as their
    sum (suppressed cells included, as a producer's totals would be)."""
    raw = model()
    cells = {k: int(round(v)) for k, v in raw.items()}
    for edu, _ in EDUCATIONS:
        for st, _ in STATUSES:
            for y in YEARS:
                cells["081", edu, st, y] = sum(cells[c, edu, st, y] for c, _, _ in MUNIS)
    return cells


def check(cells):
    """Print the region's two EUD ratios per year (to stderr)."""
    for y in YEARS:
        t20, t30 = cells["081", "H20", "T", y], cells["081", "H30", "T", y]
        a, f = cells["081", "H30", "A", y], cells["081", "H30", "F", y]
        print(f"{y}: EUD share {100 * t30 / (t20 + t30):.1f} %, "
              f"EUD dropout {100 * a / (a + f):.1f} %", file=sys.stderr)


def quoted(items, per_line=6):
    """A PX list of quoted strings, split after commas every per_line."""
    parts = ['"%s"' % s for s in items]
    lines = [",".join(parts[i:i + per_line]) for i in range(0, len(parts), per_line)]
    return ",\r\n".join(lines)


def write(path, cells):
    areas = [("081", "Region Nordjylland")] + [(c, n) for c, n, _ in MUNIS]
    title = ("SAMPLE DATA: Uddannelsesaktivitet efter område, uddannelse, "
             "fuldførelsesstatus og tid")
    head = [
        'CHARSET="ANSI";',
        'AXIS-VERSION="2013";',
        'CODEPAGE="Windows-1252";',
        'LANGUAGE="da";',
        'CREATION-DATE="20250301 08:00";',
        'DECIMALS=0;',
        'SHOWDECIMALS=0;',
        'MATRIX="UDDAKT10";',
        'SUBJECT-CODE="UDD";',
        'SUBJECT-AREA="Uddannelse og forskning";',
        'COPYRIGHT=NO;',
        'DESCRIPTION="%s";' % title,
        'TITLE="%s";' % title,
        'CONTENTS="SAMPLE DATA: Uddannelsesaktivitet (opfundne tal, ikke fra '
        'Danmarks Statistik)";',
        'UNITS="persons";',
        'STUB="OMRÅDE","UDDANNELSE","FSTATUS";',
        'HEADING="tid";',
        'VALUES("OMRÅDE")=%s;' % quoted([n for _, n in areas]),
        'VALUES("UDDANNELSE")=%s;' % quoted([n for _, n in EDUCATIONS], 3),
        'VALUES("FSTATUS")=%s;' % quoted([n for _, n in STATUSES]),
        'VALUES("tid")=%s;' % quoted(YEARS, 10),
        'TIMEVAL("tid")=TLIST(A1),%s;' % quoted(YEARS, 10),
        'CODES("OMRÅDE")=%s;' % quoted([c for c, _ in areas], 12),
        'CODES("UDDANNELSE")=%s;' % quoted([c for c, _ in EDUCATIONS]),
        'CODES("FSTATUS")=%s;' % quoted([c for c, _ in STATUSES]),
        'CODES("tid")=%s;' % quoted(YEARS, 10),
        'LAST-UPDATED="20250301 08:00";',
        'SOURCE="SAMPLE DATA made up for the ambit demo";',
        'CONTACT="ambit, data/samples/gen_uddakt10.py";',
        'NOTE="SAMPLE DATA: opfundne tal til ambit-demoen, ikke offentliggjort af "',
        '"Danmarks Statistik. Læsøs korte og lange videregående uddannelser er '
        'diskretioneret (..).";',
        'DATA=',
    ]
    rows = []
    for code, _ in areas:
        for edu, _ in EDUCATIONS:
            for st, _ in STATUSES:
                hidden = (code, edu) in SUPPRESSED
                rows.append(" ".join('".."' if hidden else str(cells[code, edu, st, y])
                                     for y in YEARS) + " ")
    text = "\r\n".join(head + rows) + "\r\n;\r\n"
    with open(path, "wb") as f:
        f.write(text.encode("cp1252"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "uddakt10.px")
    cells = table()
    check(cells)
    write(path, cells)


if __name__ == "__main__":
    main()
