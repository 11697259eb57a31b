#!/bin/sh
# themes.sh - how fast `ambit themes` tags Danish text with the theme
# lexicon, beside `grep -c -i -F -f terms` over the same bytes with the same
# terms (the reference: a fixed-string multi-pattern search that stops at
# the first match of a line, where the tagger finds every match at word
# boundaries, counts it per theme and keeps evidence sentences).
#
#   bench/themes.sh [BUILD_DIR] [MEGABYTES]     default: build 50
#
# The text comes from the ambition documents (AMB_SHARED_DIR/seeds,
# default ../shared beside the checkout) and the sample strategies,
# shuffled with variations by bench/gen_themes.py.  The terms are the
# shipped lexicon's (`ambit themes --lexicon --format json`), stems
# without their '*'.  grep runs in the UTF-8 locale (case folding of æ ø å
# like ambit's, but GNU grep's slow multibyte path) and in the C locale
# (bytes; grep at full speed); the faster is the reference.  ambit's figure is the tagging core timed inside
# `ambit themes --bench` (fold, match, overlap merging, evidence; the
# file is read first); the wall time of the whole command, which also
# reads the file and loads the lexicon, is shown beside it.  Each
# command runs three times; the best run counts.  Target: at least half
# the reference rate.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$HERE/../build}
MB=${2:-50}
AMBIT="$BUILD/core/ambit"
SHARED=${AMB_SHARED_DIR:-$HERE/../../shared}
[ -x "$AMBIT" ] || { echo "bench: no $AMBIT; run scripts/setup.sh build" >&2; exit 2; }
[ -d "$SHARED/seeds" ] || { echo "bench: no $SHARED/seeds (set AMB_SHARED_DIR)" >&2; exit 2; }
TMP=$(mktemp -d "${BENCH_TMP:-/tmp}/ambit-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

python3 "$HERE/gen_themes.py" "$MB" "$TMP/text.txt" "$SHARED"/seeds/*.txt \
    "$HERE"/../data/samples/strategy_*
bytes=$(wc -c <"$TMP/text.txt")
"$AMBIT" -w "$TMP" themes --lexicon --format json | python3 -c '
import json, sys
for t in json.load(sys.stdin)["themes"]:
    for term in t["terms"]:
        print(term.replace("*", ""))' | sort -u >"$TMP/terms.txt"
echo "== $bytes bytes of Danish text, $(wc -l <"$TMP/terms.txt") terms"

# now: seconds since the epoch with nanoseconds.
now() { date +%s.%N; }
# rate SECONDS-START SECONDS-END: MB/s of the text over that span.
rate() { awk -v b="$bytes" -v a="$1" -v c="$2" 'BEGIN { printf "%.1f", b / 1e6 / (c - a) }'; }
# max A B
max() { awk -v x="$1" -v y="$2" 'BEGIN { print (y > x ? y : x) }'; }

# The reference in two locales: the UTF-8 one folds æ/ø/å case as ambit
# does but makes GNU grep fall back to its slow multibyte matcher; the C
# locale compares bytes (ASCII case only) and is grep at full speed.  The
# faster of the two is the reference.  Output goes to a file: to
# /dev/null grep would stop at the first match.
best_utf8=0
best_c=0
best_ambit=0
best_wall=0
for run in 1 2 3; do
    t0=$(now)
    LC_ALL=C.UTF-8 grep -c -i -F -f "$TMP/terms.txt" "$TMP/text.txt" >"$TMP/grep-utf8.out" || true
    t1=$(now)
    LC_ALL=C grep -c -i -F -f "$TMP/terms.txt" "$TMP/text.txt" >"$TMP/grep-c.out" || true
    t2=$(now)
    "$AMBIT" -w "$TMP" themes --bench "$TMP/text.txt" --format json >"$TMP/ambit.json"
    t3=$(now)
    a=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["mb_per_s"])' "$TMP/ambit.json")
    best_utf8=$(max "$best_utf8" "$(rate "$t0" "$t1")")
    best_c=$(max "$best_c" "$(rate "$t1" "$t2")")
    best_ambit=$(max "$best_ambit" "$a")
    best_wall=$(max "$best_wall" "$(rate "$t2" "$t3")")
done
hits=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["hits"])' "$TMP/ambit.json")
ref=$(max "$best_utf8" "$best_c")
printf '%-44s %8s MB/s  (%s matching lines)\n' "grep -c -i -F -f terms, LC_ALL=C.UTF-8" \
    "$best_utf8" "$(cat "$TMP/grep-utf8.out")"
printf '%-44s %8s MB/s  (%s matching lines)\n' "grep -c -i -F -f terms, LC_ALL=C" \
    "$best_c" "$(cat "$TMP/grep-c.out")"
printf '%-44s %8s MB/s  (%s hits)\n' "ambit themes: tagging core" "$best_ambit" "$hits"
printf '%-44s %8s MB/s\n' "ambit themes --bench: whole command" "$best_wall"
awk -v a="$best_ambit" -v g="$ref" 'BEGIN {
    r = a / g; printf "%-44s %8.2f of the faster reference (target >= 0.50)\n", "", r
    exit (r >= 0.5 ? 0 : 1) }'
