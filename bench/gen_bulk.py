#!/usr/bin/env python3
"""Write a StatBank BULK response with N rows to OUTFILE (benchmark input).

    python3 bench/gen_bulk.py N OUTFILE

The shape of Statistics Denmark's BULK output for FOLK1A with
valuePresentation Code: no byte order mark, ';'-separated, LF line ends, a
header of variable ids "OMRÅDE;KØN;ALDER;TID;INDHOLD", codes in every
column.  Rows run through 40 quarters (fastest), 126 ages, 2 sexes and as
many areas as needed, so every key is distinct.  Values are deterministic
counts; every 101st is suppressed as "..".  Invented numbers for timing the
statbank plugin, not statistics.
"""
import sys

QUARTERS = ["%dK%d" % (2015 + q // 4, q % 4 + 1) for q in range(40)]


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: gen_bulk.py N OUTFILE")
    n = int(sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
        f.write("OMRÅDE;KØN;ALDER;TID;INDHOLD\n")
        lines = []
        for i in range(n):
            rest, q = divmod(i, 40)
            rest, age = divmod(rest, 126)
            area, sex = divmod(rest, 2)
            value = ".." if i % 101 == 100 else str((i * 7919) % 5000)
            lines.append("%04d;%d;%d;%s;%s\n" % (area, sex + 1, age,
                                                 QUARTERS[q], value))
            if len(lines) == 65536:
                f.writelines(lines)
                lines = []
        f.writelines(lines)


if __name__ == "__main__":
    main()
