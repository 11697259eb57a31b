#!/bin/sh
# indicators.sh [BUILDDIR] - the indicator engine on ten million
# observations.
#
# Builds a workspace whose store holds the datasets the default indicator
# rules read (12 areas, 20 years, ~10 million observations: the datasets
# are created by `ambit import` of one-row seeds, then filled by SQL from
# bench/gen_indicators.py), then times, in the same run and on the same
# warm store:
#   - `ambit indicators --format json` evaluating the default set, and
#   - bench/indicators_reference.sql, the same values written by hand as
#     SQL, run by the sqlite3 shell (the reference),
# three times each, and prints the median wall time and the peak RSS of
# each (GNU time -v), their ratio (target: within 2x), and whether the
# latest value of every indicator and area agrees between the two.
#
# BUILDDIR defaults to ./build; BENCH_DIR keeps the inputs in that
# directory (reused when already built), otherwise a temporary one is
# removed at the end.  Needs python3, sqlite3 and GNU time.
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
AMBIT=$BUILD/core/ambit
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
for tool in sqlite3 /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "indicators.sh: needs $tool" >&2; exit 2; }
done
[ -x "$AMBIT" ] || { echo "indicators.sh: no $AMBIT (build first)" >&2; exit 2; }

if [ -n "${BENCH_DIR:-}" ]; then
    WORK=$BENCH_DIR
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/ambit-bench-ind.XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
fi
WS=$WORK/ws
DB=$WS/data/ambit.db

if [ ! -f "$WORK/built" ]; then
    rm -rf "$WS" "$WORK/gen"
    "$AMBIT" init "$WS"
    rows=$("$PY" "$SRC/bench/gen_indicators.py" "$WORK/gen")
    for seed in "$WORK"/gen/seeds/*.csv; do
        name=$(basename "$seed" .csv)
        "$AMBIT" -q -w "$WS" import "$seed" --plugin csv --dataset "$name"
    done
    start=$(date +%s)
    sqlite3 "$DB" <"$WORK/gen/bulk.sql" >/dev/null
    end=$(date +%s)
    printf 'store: %s observations generated and inserted in %ss\n' "$rows" $((end - start))
    echo "$rows" >"$WORK/built"
fi
obs=$(sqlite3 "$DB" "SELECT COUNT(*) FROM observations")
size=$(du -m "$DB" | cut -f1)
printf 'store: %s observations in %s datasets, %s MB (%s)\n' "$obs" \
    "$(sqlite3 "$DB" "SELECT COUNT(*) FROM datasets")" "$size" "$DB"

# measure NAME OUTFILE COMMAND...: run under GNU time, append "wall rss"
measure() {
    name=$1; out=$2; shift 2
    /usr/bin/time -v -o "$WORK/time.$name" "$@" >"$out" 2>"$WORK/err.$name"
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time.$name" |
           awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.$name")
    echo "$wall $rss" >>"$WORK/runs.$name"
}

rm -f "$WORK/runs.ambit" "$WORK/runs.reference"
sqlite3 "$DB" "SELECT COUNT(*), SUM(value) FROM observations" >/dev/null   # warm the cache
for i in 1 2 3; do
    measure ambit "$WORK/ambit.json" "$AMBIT" -w "$WS" indicators --format json
    measure reference "$WORK/reference.txt" sqlite3 -readonly "$DB" \
        ".read $SRC/bench/indicators_reference.sql"
done

"$PY" - "$WORK" <<'PY'
import json, statistics, sys
work = sys.argv[1]

def runs(name):
    rows = [line.split() for line in open(f"{work}/runs.{name}")]
    return statistics.median(float(w) for w, _ in rows), max(int(r) for _, r in rows)

aw, arss = runs("ambit")
rw, rrss = runs("reference")
ind = json.load(open(f"{work}/ambit.json"))
latest = {}
for line in open(f"{work}/reference.txt"):
    iid, area, period, value = line.rstrip("\n").split("|")
    key = (iid, area)
    if key not in latest or period > latest[key][0]:
        latest[key] = (period, float(value))
compared = mismatched = 0
for r in ind:
    key = (r["id"], r["area"])
    if key in latest:
        compared += 1
        period, value = latest[key]
        if r["period"] != period or abs(r["value"] - value) > 1e-9 * max(1, abs(value)):
            mismatched += 1
            print("  differs:", key, r["period"], r["value"], "reference", period, value)
missing = sorted(set(latest) - {(r["id"], r["area"]) for r in ind})
rules = len({r["id"] for r in ind})
errors = sum(r["status"] == "error" for r in ind)
print(f"ambit indicators ({rules} rules, {len(ind)} rows, {errors} in error): "
      f"median {aw:.2f} s wall, peak RSS {arss / 1024:.1f} MB")
print(f"hand-written SQL reference (sqlite3 shell):    "
      f"median {rw:.2f} s wall, peak RSS {rrss / 1024:.1f} MB")
print(f"ratio ambit / reference: {aw / rw:.2f}x (target: at most 2x)")
print(f"latest values compared: {compared}, differing: {mismatched}, "
      f"missing from ambit: {len(missing)}")
sys.exit(1 if mismatched or missing else 0)
PY
