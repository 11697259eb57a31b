#!/usr/bin/env python3
"""gen_px.py N OUTFILE - write a PC-Axis file of about N cells.

The file has the shape of a Statistics Denmark PX download (CHARSET="ANSI"
with Windows-1252 bytes, CRLF, TIMEVAL with TLIST(A1), CODES beside the
labels, ".." for suppressed cells):

    STUB    = OMRÅDE (up to 99 areas), KØN (2), ALDER (as many as needed)
    HEADING = tid (10 years)

so that areas x sexes x ages x 10 is the smallest such product of at
least N.  Values come from a fixed linear congruential generator, so the
same N always gives the same file.  The data are written row by row, so N
may be 10 million or more without the script holding them.
"""
import sys

YEARS = [str(y) for y in range(2015, 2025)]


def shape(n):
    """(areas, sexes, ages) for about n cells with 10 periods."""
    rows = max(1, -(-n // len(YEARS)))
    areas = max(1, min(99, rows // 2))
    sexes = 2 if rows >= 2 else 1
    ages = max(1, -(-rows // (areas * sexes)))
    return areas, sexes, ages


def quoted(items, per_line=12):
    parts = ['"%s"' % s for s in items]
    return ",\r\n".join(",".join(parts[i:i + per_line])
                        for i in range(0, len(parts), per_line))


def header(areas, sexes, ages):
    area_codes = ["%03d" % (101 + i) for i in range(areas)]
    area_names = ["Område %d" % (i + 1) for i in range(areas)]
    sex_codes, sex_names = ["1", "2"][:sexes], ["Mænd", "Kvinder"][:sexes]
    age_codes = [str(a) for a in range(ages)]
    age_names = ["%d år" % a for a in range(ages)]
    lines = [
        'CHARSET="ANSI";', 'AXIS-VERSION="2013";', 'CODEPAGE="Windows-1252";',
        'LANGUAGE="da";', 'DECIMALS=0;', 'SHOWDECIMALS=0;', 'MATRIX="BENCHPX";',
        'TITLE="Benchmark: befolkningen efter område, køn, alder og tid";',
        'CONTENTS="Benchmark (genererede tal)";', 'UNITS="personer";',
        'STUB="OMRÅDE","KØN","ALDER";', 'HEADING="tid";',
        'VALUES("OMRÅDE")=%s;' % quoted(area_names),
        'VALUES("KØN")=%s;' % quoted(sex_names),
        'VALUES("ALDER")=%s;' % quoted(age_names),
        'VALUES("tid")=%s;' % quoted(YEARS),
        'TIMEVAL("tid")=TLIST(A1),%s;' % quoted(YEARS),
        'CODES("OMRÅDE")=%s;' % quoted(area_codes),
        'CODES("KØN")=%s;' % quoted(sex_codes),
        'CODES("ALDER")=%s;' % quoted(age_codes),
        'CODES("tid")=%s;' % quoted(YEARS),
        'DATA=',
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: gen_px.py N OUTFILE   (N >= 1 cells)")
    areas, sexes, ages = shape(int(sys.argv[1]))
    state = 12345
    with open(sys.argv[2], "wb") as f:
        f.write(header(areas, sexes, ages))
        for _ in range(areas * sexes * ages):
            cells = []
            for _ in YEARS:
                state = (state * 1103515245 + 12345) & 0x7FFFFFFF
                cells.append('".."' if state % 97 == 0 else str(state % 5000))
            f.write((" ".join(cells) + " \r\n").encode("ascii"))
        f.write(b";\r\n")
    print("%s: %d cells (%d x %d x %d x %d)" % (sys.argv[2], areas * sexes * ages * len(YEARS),
                                                 areas, sexes, ages, len(YEARS)), file=sys.stderr)


if __name__ == "__main__":
    main()
