#!/bin/sh
# import.sh - how fast `ambit import` stores each statistics format, beside
# sqlite3's own .import of an equivalent CSV into an equivalent table (the
# reference: storing, not parsing, is the ceiling of an import).
#
#   bench/import.sh [BUILD_DIR] [N...]     default: build 1000000 10000000
#
# For each N it generates inputs of N observations in each format (StatBank
# BULK CSV, PC-Axis, SDMX-ML 2.1 StructureSpecific, JSON-stat 2.0), imports
# each into a fresh workspace and prints observations per second and peak
# RSS (from /usr/bin/time -v).  Inputs go to $BENCH_TMP (default /tmp).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$HERE/../build}
[ $# -gt 0 ] && shift
SIZES=${*:-1000000 10000000}
AMBIT="$BUILD/core/ambit"
[ -x "$AMBIT" ] || { echo "bench: no $AMBIT; run scripts/setup.sh build" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench: needs sqlite3" >&2; exit 2; }
TMP=$(mktemp -d "${BENCH_TMP:-/tmp}/ambit-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# measure LABEL N COMMAND...: run under /usr/bin/time, print one line.
measure() {
    label=$1; n=$2; shift 2
    /usr/bin/time -v -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" || {
        echo "bench: $label failed:" >&2; tail -5 "$TMP/err" >&2; return 1; }
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$TMP/time")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$TMP/time")
    rate=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    printf '%-28s %10d obs %8.2f s %10s obs/s %8s MiB\n' "$label" "$n" "$secs" "$rate" "$rss"
    echo "$rate" >"$TMP/rate"
}

for n in $SIZES; do
    echo "== $n observations"
    python3 "$HERE/gen_bulk.py" "$n" "$TMP/bulk.csv"
    # Reference: sqlite3 .import into the same shape as ambit's table.
    rm -f "$TMP/ref.db"
    sqlite3 "$TMP/ref.db" "PRAGMA journal_mode=WAL;" \
        "CREATE TABLE obs(d0 TEXT NOT NULL, d1 TEXT NOT NULL, d2 TEXT NOT NULL,
          period TEXT NOT NULL, value TEXT, PRIMARY KEY(d0, d1, d2, period)) WITHOUT ROWID;" >/dev/null
    measure "sqlite3 .import (reference)" "$n" \
        sqlite3 "$TMP/ref.db" ".mode csv" ".separator ;" ".import --skip 1 $TMP/bulk.csv obs"
    ref=$(cat "$TMP/rate")
    for fmt in csv px sdmx jsonstat; do
        case $fmt in
            csv) file="$TMP/bulk.csv"; opts='{ delimiter = ";", decimal = "," }' ;;
            px) python3 "$HERE/gen_px.py" "$n" "$TMP/in.px"; file="$TMP/in.px"; opts='{}' ;;
            sdmx) python3 "$HERE/gen_sdmx.py" "$n" "$TMP/in.xml"; file="$TMP/in.xml"; opts='{}' ;;
            jsonstat) python3 "$HERE/gen_jsonstat.py" "$n" "$TMP/in.json"; file="$TMP/in.json"; opts='{}' ;;
        esac
        rm -rf "$TMP/ws"
        "$AMBIT" init "$TMP/ws"
        measure "ambit import $fmt" "$n" "$AMBIT" -q -w "$TMP/ws" import "$file" \
            --plugin "$fmt" --dataset BENCH --options "$opts" || continue
        awk -v r="$(cat "$TMP/rate")" -v ref="$ref" \
            'BEGIN { printf "%-28s %.2f of the reference rate\n", "", r / ref }'
        [ "$fmt" = csv ] || rm -f "$file"
    done
    rm -f "$TMP/bulk.csv" "$TMP/ref.db"
done
