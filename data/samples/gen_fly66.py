#!/usr/bin/env python3
"""Generate data/samples/fly66.xml: SAMPLE DATA, not real statistics.

An SDMX-ML 2.0 CompactData message in the shape Statistics Denmark's
StatBank API returns for format SDMXCOMPACT (a message:Header, one DataSet,
Series elements whose attributes are the Danish dimension ids, Obs elements
with TIME_PERIOD and OBS_VALUE, CRLF line ends), for a table like FLY66:
moves of 20-29-year-olds across the border of Region Nordjylland.

  OMRÅDE       081 (the region) and its 11 municipalities
  RETNING      IND = moved in from another region, UD = moved out to one
  ALDER        20-29
  TIME_PERIOD  2015 .. 2024
  OBS_VALUE    persons

The figures are invented, with plausible sizes (Aalborg thousands, Læsø a
handful); the region loses more young people than it gains every year, and
081 is the sum of its municipalities.  Deterministic: no randomness, so the
committed file is exactly what this script writes.

Usage: gen_fly66.py [OUTFILE]   (default: fly66.xml beside this script)
"""
import math
import os
import sys

# code, name, moved in per year, moved out per year (20-29-year-olds, 2015)
MUNIS = [
    ("773", "Morsø", 58, 131),
    ("787", "Thisted", 149, 268),
    ("810", "Brønderslev", 112, 187),
    ("813", "Frederikshavn", 196, 377),
    ("820", "Vesthimmerland", 121, 236),
    ("825", "Læsø", 3, 7),
    ("840", "Rebild", 138, 203),
    ("846", "Mariagerfjord", 167, 281),
    ("849", "Jammerbugt", 128, 232),
    ("851", "Aalborg", 3810, 4290),
    ("860", "Hjørring", 246, 418),
]
YEARS = list(range(2015, 2025))


def wobble(code, direction, i):
    """A deterministic factor around 1 for municipality, direction, year."""
    seed = int(code) * 7 + (3 if direction == "IND" else 11)
    return 1.0 + 0.045 * math.sin(seed + 1.7 * i) + 0.02 * math.cos(seed * 0.3 + i)


def series():
    """[(OMRÅDE, RETNING, [value per year])], the region first."""
    rows = []
    for code, _name, ind, ud in MUNIS:
        for direction, base in (("IND", ind), ("UD", ud)):
            # moves in grow a little for Aalborg (students), moves out grow
            # a little everywhere; Læsø stays a handful
            trend = 0.010 if (code == "851" and direction == "IND") else 0.006
            vals = [max(0, round(base * (1 + trend) ** i * wobble(code, direction, i)))
                    for i in range(len(YEARS))]
            rows.append((code, direction, vals))
    region = []
    for direction in ("IND", "UD"):
        sums = [sum(v[i] for c, d, v in rows if d == direction) for i in range(len(YEARS))]
        region.append(("081", direction, sums))
    ind = region[0][2]
    ud = region[1][2]
    assert all(u > n for n, u in zip(ind, ud)), "the region must lose every year"
    assert all(0 < v < 10 for v in rows[10][2] + rows[11][2]), "Læsø: a handful"
    return region + rows


def write(out):
    nl = "\r\n"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!-- SAMPLE DATA: invented figures for the ambit demo, not statistics",
        "     published by Statistics Denmark.  Made by data/samples/gen_fly66.py. -->",
        '<message:CompactData xmlns:message="http://www.SDMX.org/resources/SDMXML/schemas/v2_0/message"'
        ' xmlns:common="http://www.SDMX.org/resources/SDMXML/schemas/v2_0/common"'
        ' xmlns:compact="http://www.SDMX.org/resources/SDMXML/schemas/v2_0/compact"'
        ' xmlns:ns="urn:sdmx:org.sdmx.infomodel.keyfamily.KeyFamily=DST:FLY66:compact"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        "  <message:Header>",
        "    <message:ID>FLY66-SAMPLE</message:ID>",
        "    <message:Test>true</message:Test>",
        "    <message:Truncated>false</message:Truncated>",
        '    <message:Name xml:lang="en">SAMPLE DATA: moves of 20-29-year-olds into and out of'
        " Region Nordjylland (invented figures)</message:Name>",
        '    <message:Name xml:lang="da">EKSEMPELDATA: flytninger blandt 20-29-årige ind i og ud'
        " af Region Nordjylland (opdigtede tal)</message:Name>",
        "    <message:Prepared>2025-02-10T08:00:00</message:Prepared>",
        '    <message:Sender id="AMBIT-SAMPLE">',
        '      <message:Name xml:lang="en">ambit sample data (not Statistics Denmark)</message:Name>',
        "    </message:Sender>",
        "    <message:DataSetID>FLY66</message:DataSetID>",
        "  </message:Header>",
        '  <ns:DataSet keyFamilyURI="urn:sdmx:org.sdmx.infomodel.keyfamily.KeyFamily=DST:FLY66">',
    ]
    for code, direction, vals in series():
        lines.append(f'    <ns:Series OMRÅDE="{code}" RETNING="{direction}" ALDER="20-29">')
        for year, v in zip(YEARS, vals):
            lines.append(f'      <ns:Obs TIME_PERIOD="{year}" OBS_VALUE="{v}" />')
        lines.append("    </ns:Series>")
    lines.append("  </ns:DataSet>")
    lines.append("</message:CompactData>")
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(nl.join(lines) + nl)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    write(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "fly66.xml"))
