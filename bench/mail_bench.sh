#!/bin/sh
# mail_bench.sh - the time `ambit survey invite` takes to send N invitations
# (default 10,000) to a local SMTP server: tests/smtp_sink.py (Debian's
# python3-aiosmtpd) on 127.0.0.1 in --count-only mode, with no rate limit.
#
#   bench/mail_bench.sh [BUILD_DIR] [N]      default: build 10000
#
# It builds a workspace with a campaign on the shipped employer form and N
# respondents, runs the invitation once under /usr/bin/time, checks that the
# server received N messages and that the store logged N sent mails, and
# prints messages per second, the connections used and the peak RSS.  The
# figure includes everything a real run does: reserving each batch of 50
# tokens in a transaction, rendering and composing every message, SMTP over
# one reused connection, and one committed log row per mail.  The server is
# Python, so on a small machine it is often the bottleneck: the line
# "server CPU" says how busy it was.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$HERE/../build}
N=${2:-10000}
AMBIT="$BUILD/core/ambit"
PY=/usr/bin/python3
[ -x "$AMBIT" ] || { echo "bench: no $AMBIT; run scripts/setup.sh build" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
"$PY" -c 'import aiosmtpd' 2>/dev/null ||
    { echo "bench: needs python3-aiosmtpd" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench: needs sqlite3" >&2; exit 2; }
TMP=$(mktemp -d "${BENCH_TMP:-/tmp}/ambit-mail-bench.XXXXXX")
SINK=""
cleanup() {
    [ -n "$SINK" ] && kill "$SINK" 2>/dev/null && wait "$SINK" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

# N respondents with valid 8-digit CVR numbers, half in English.
"$PY" - "$N" "$TMP/resp.csv" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
munis = ["773", "787", "810", "813", "820", "825", "840", "846", "849", "851", "860"]
with open(path, "w") as f:
    f.write("company,cvr,email,municipality,industry,contact,language\n")
    for i in range(n):
        f.write("Virksomhed %d ApS,%08d,r%d@example.dk,%s,manu,Kontakt %d,%s\n"
                % (i, 10000000 + i, i, munis[i % len(munis)], i, "da" if i % 2 else "en"))
PY
"$AMBIT" -q init "$TMP/ws" >/dev/null
"$AMBIT" -q -w "$TMP/ws" survey create bench --form employer_needs --closes 2099-12-31 >/dev/null
"$AMBIT" -q -w "$TMP/ws" survey respondents bench "$TMP/resp.csv" --tokens "$TMP/tokens.csv" >/dev/null

mkdir "$TMP/box"
"$PY" "$HERE/../tests/smtp_sink.py" "$TMP/box" --count-only 2>"$TMP/sink.err" &
SINK=$!
i=0
while [ ! -s "$TMP/box/port" ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$TMP/box/port" ] || { echo "bench: the SMTP server did not start" >&2; cat "$TMP/sink.err" >&2; exit 1; }
cat >>"$TMP/ws/ambit.lua" <<EOF
mail { url = "smtp://127.0.0.1:$(cat "$TMP/box/port")",
       from = "Det kompetente Nordjylland <survey@example.dk>",
       base_url = "https://survey.example.dk", rate = 0 }
EOF

sink_cpu() { awk '{ print $14 + $15 }' "/proc/$SINK/stat"; }
cpu0=$(sink_cpu)
/usr/bin/time -v -o "$TMP/time" "$AMBIT" -q -w "$TMP/ws" survey invite bench \
    >"$TMP/out" 2>"$TMP/err" || { echo "bench: invite failed:" >&2; tail -5 "$TMP/err" >&2; exit 1; }
cpu1=$(sink_cpu)
kill "$SINK"; wait "$SINK" 2>/dev/null || true
SINK=""
got=$(cat "$TMP/box/count")
logged=$(sqlite3 "$TMP/ws/data/ambit.db" "SELECT count(*) FROM mails WHERE state = 'sent'")
[ "$got" -eq "$N" ] && [ "$logged" -eq "$N" ] ||
    { echo "bench: the server got $got and the store logged $logged of $N" >&2; exit 1; }

secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$TMP/time")
user=$(awk -F': ' '/User time/ { print $2 }' "$TMP/time")
sys=$(awk -F': ' '/System time/ { print $2 }' "$TMP/time")
rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$TMP/time")
hz=$(getconf CLK_TCK)
echo "== ambit survey invite: $N invitations to aiosmtpd on 127.0.0.1"
printf '%-22s %s\n' "summary" "$(cat "$TMP/out")"
printf '%-22s %.2f s (%.0f messages/s)\n' "time" "$secs" "$(awk -v n="$N" -v s="$secs" 'BEGIN { print (s > 0 ? n / s : 0) }')"
printf '%-22s %s s user, %s s system, %s MiB peak RSS\n' "ambit CPU" "$user" "$sys" "$rss"
printf '%-22s %.2f s\n' "server CPU" "$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$hz" 'BEGIN { print (b - a) / hz }')"
