#!/usr/bin/env python3
"""gen_sdmx.py N OUTFILE - write an SDMX-ML 2.1 StructureSpecificData
message with N observations, for benchmarking the sdmx plugin.

The file is written as a stream (memory stays flat for any N; N up to ten
million and beyond).  Its shape is that of Eurostat's and the ECB's
structure-specific output: a header with dimensionAtObservation
TIME_PERIOD, Series elements carrying FREQ, REF_AREA, INDICATOR and SEX
(plus the attributes TIME_FORMAT and UNIT_MULT), and up to 50 annual
observations per series with OBS_VALUE and OBS_STATUS; every 97th value is
NaN with status "m".  Keys are unique, so the whole file can be stored.
Deterministic: the same N always gives the same bytes.

Import it with:
  ambit -w WS import OUTFILE --plugin sdmx --dataset BENCH
"""
import sys

PER_SERIES = 50
FIRST_YEAR = 1975

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific" xmlns:ns1="urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=AMBIT:BENCH(1.0):ObsLevelDim:TIME_PERIOD">
<message:Header>
<message:ID>BENCH</message:ID>
<message:Test>true</message:Test>
<message:Prepared>2025-01-01T00:00:00</message:Prepared>
<message:Sender id="AMBIT-BENCH"/>
<message:Structure structureID="AMBIT_BENCH_1_0" namespace="urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=AMBIT:BENCH(1.0):ObsLevelDim:TIME_PERIOD" dimensionAtObservation="TIME_PERIOD">
<common:Structure><Ref agencyID="AMBIT" id="BENCH" version="1.0"/></common:Structure>
</message:Structure>
<message:DataSetID>BENCH</message:DataSetID>
</message:Header>
<message:DataSet ss:structureRef="AMBIT_BENCH_1_0" ss:dataScope="DataStructure">
"""
TAIL = """</message:DataSet>
</message:StructureSpecificData>
"""
SEXES = ("M", "F", "T")


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: gen_sdmx.py N OUTFILE\n")
        return 2
    n = int(sys.argv[1])
    if n < 0:
        sys.stderr.write("gen_sdmx.py: N must be >= 0\n")
        return 2
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as out:
        out.write(HEAD)
        done = 0
        s = 0
        while done < n:
            k = min(PER_SERIES, n - done)
            chunk = ['<Series FREQ="A" REF_AREA="R%06d" INDICATOR="I%02d" SEX="%s" '
                     'TIME_FORMAT="P1Y" UNIT_MULT="0">\n'
                     % (s // 300, (s // 3) % 100, SEXES[s % 3])]
            for t in range(k):
                i = done + t
                if i % 97 == 96:
                    chunk.append('<Obs TIME_PERIOD="%d" OBS_VALUE="NaN" OBS_STATUS="m"/>\n'
                                 % (FIRST_YEAR + t))
                else:
                    v = (s * 7919 + t * 104729) % 1000000
                    chunk.append('<Obs TIME_PERIOD="%d" OBS_VALUE="%d.%d" OBS_STATUS="A"/>\n'
                                 % (FIRST_YEAR + t, v // 10, v % 10))
            chunk.append("</Series>\n")
            out.write("".join(chunk))
            done += k
            s += 1
        out.write(TAIL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
