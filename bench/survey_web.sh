#!/bin/sh
# survey_web.sh - how fast `ambit survey serve` renders pages and commits
# submitted pages, beside this machine's rate of single-row SQLite commits
# in WAL mode (bench/wal_commits.c, the reference limit), in the same run.
#
#   bench/survey_web.sh [BUILD_DIR]        default: ../build
#
# Environment: RESPONDENTS (64), CONNECTIONS (32), WRK_THREADS (2),
# DURATION (10s), THREADS (the server's worker threads; its default),
# BENCH_TMP (/tmp).
#
# A fresh workspace gets a campaign from forms/employer_needs.lua and
# RESPONDENTS respondents; each respondent's page is fetched once with curl
# for its csrf value; the server runs with --rate 0 (no per-client limit).
# wrk then runs, each for DURATION with CONNECTIONS connections:
#   renders      GET /s/TOKEN, rotating over the respondents;
#   submissions  POST /s/TOKEN, action=save with valid answers to page 1
#                (bench/survey_post.lua), each acknowledged with a 303
#                after its transaction committed.
# Right after the submissions the server is killed with SIGKILL, and the
# store is opened again: a trigger the script adds to the workspace's
# store (one counter row, bumped by every saved CVR answer) must count at
# least as many commits as wrk got acknowledgements - no acknowledged
# answer lost on kill -9.  The trigger adds one small row update to each
# transaction.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" 2>/dev/null && pwd) ||
    { echo "bench: no build directory ${1:-$SRC/build}" >&2; exit 2; }
AMBIT="$BUILD/core/ambit"
RESPONDENTS=${RESPONDENTS:-64}
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-2}
DURATION=${DURATION:-10s}
[ -x "$AMBIT" ] || { echo "bench: no $AMBIT; run scripts/setup.sh build" >&2; exit 2; }
for tool in wrk curl sqlite3 cc pkg-config; do
    command -v "$tool" >/dev/null ||
        { echo "bench: needs $tool (apt-get install wrk curl sqlite3 gcc pkg-config)" >&2; exit 2; }
done
TMP=$(mktemp -d "${BENCH_TMP:-/tmp}/ambit-web-bench.XXXXXX")
SERVE_PID=
cleanup() {
    if [ -n "$SERVE_PID" ]; then
        kill "$SERVE_PID" 2>/dev/null || :
        wait "$SERVE_PID" 2>/dev/null || :
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ------------------------------------------------------------ the reference
# shellcheck disable=SC2046 # pkg-config output is a list of flags
cc -O2 -std=c11 -Wall -Wextra -o "$TMP/wal_commits" "$HERE/wal_commits.c" \
    $(pkg-config --cflags --libs sqlite3)

# --------------------------------------------------------------- workspace
W="$TMP/ws"
DB="$W/data/ambit.db"
"$AMBIT" -q init "$W" >/dev/null
"$AMBIT" -q -w "$W" survey create bench --form "$SRC/forms/employer_needs.lua" \
    --closes 2099-12-31 >/dev/null
{
    echo "company,cvr,email,municipality,industry"
    i=1
    for m in $(yes '773 787 810 813 820 825 840 846 849 851 860' | head -n $(( (RESPONDENTS + 10) / 11 ))); do
        [ "$i" -le "$RESPONDENTS" ] || break
        printf 'Bench %d ApS,%08d,b%d@example.dk,%s,manu\n' "$i" $((50000000 + i)) "$i" "$m"
        i=$((i + 1))
    done
} >"$TMP/resp.csv"
"$AMBIT" -q -w "$W" survey respondents bench "$TMP/resp.csv" --tokens "$TMP/tokens.csv" >/dev/null
# The commit counter (see the header).
sqlite3 "$DB" "CREATE TABLE bench_commits(n INTEGER NOT NULL);
INSERT INTO bench_commits VALUES (0);
CREATE TRIGGER bench_count AFTER INSERT ON answers WHEN NEW.question = 'cvr'
BEGIN UPDATE bench_commits SET n = n + 1; END;"

# ----------------------------------------------------------------- server
start_server() {
    : >"$TMP/serve.err"
    if [ -n "${THREADS:-}" ]; then
        set -- --threads "$THREADS"
    fi
    "$AMBIT" -w "$W" survey serve --listen 127.0.0.1:0 --rate 0 "$@" \
        >/dev/null 2>"$TMP/serve.err" &
    SERVE_PID=$!
    i=0
    until grep -q 'listening on http://' "$TMP/serve.err"; do
        kill -0 "$SERVE_PID" 2>/dev/null ||
            { echo "bench: the server exited:" >&2; cat "$TMP/serve.err" >&2; exit 1; }
        i=$((i + 1))
        [ "$i" -le 300 ] || { echo "bench: the server did not start in 30 s" >&2; exit 1; }
        sleep 0.1
    done
    BASE=$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$TMP/serve.err" | head -1)
}
start_server

# Each respondent's csrf value, from its page.
: >"$TMP/bench_tokens"
while IFS=, read -r email token; do
    csrf=$(curl -sf "$BASE/s/$token" |
        sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
    [ -n "$csrf" ] || { echo "bench: no csrf in the page of $email" >&2; exit 1; }
    echo "$token $csrf" >>"$TMP/bench_tokens"
done <"$TMP/tokens.csv"

# run_wrk MODE: wrk with survey_post.lua; its RESULT line into $TMP/MODE.
run_wrk() {
    SURVEY_BENCH_MODE=$1 SURVEY_BENCH_TOKENS="$TMP/bench_tokens" \
        wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
        -s "$HERE/survey_post.lua" "$BASE" >"$TMP/$1.wrk" 2>&1 ||
        { echo "bench: wrk failed:" >&2; cat "$TMP/$1.wrk" >&2; exit 1; }
    grep '^RESULT ' "$TMP/$1.wrk" >"$TMP/$1" ||
        { echo "bench: no RESULT from wrk:" >&2; cat "$TMP/$1.wrk" >&2; exit 1; }
}
field() { tr ' ' '\n' <"$TMP/$1" | sed -n "s/^$2=//p"; }

run_wrk get
before=$(sqlite3 "$DB" "SELECT n FROM bench_commits")
run_wrk post
kill -KILL "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null || :
SERVE_PID=
after=$(sqlite3 "$DB" "SELECT n FROM bench_commits")
committed=$((after - before))
acked=$(( $(field post requests) - $(field post non2xx3xx) ))
complete=$(sqlite3 "$DB" "SELECT COUNT(DISTINCT respondent_id) FROM answers WHERE question = 'cvr'")

# The reference, on the same file system, right after.
"$TMP/wal_commits" "$TMP/wal.db" 5 >"$TMP/wal"
wal_rate=$(cut -d' ' -f3 "$TMP/wal")

# ------------------------------------------------------------------ report
echo "ambit survey serve on $(nproc) cores: wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION, $RESPONDENTS respondents, server threads ${THREADS:-default}"
printf '%-34s %10s %9s %9s %9s %8s\n' "" "per second" "p50 ms" "p90 ms" "p99 ms" "errors"
for m in get post; do
    label="page renders (GET)"
    [ "$m" = post ] && label="page submissions (POST save)"
    errs=$(( $(field $m non2xx3xx) + $(field $m connect) + $(field $m read) + $(field $m write) + $(field $m timeout) ))
    printf '%-34s %10s %9s %9s %9s %8s\n' "$label" "$(field $m rate)" \
        "$(field $m p50)" "$(field $m p90)" "$(field $m p99)" "$errs"
done
printf '%-34s %10s\n' "SQLite WAL single-row commits" "$wal_rate"
echo "submissions acknowledged: $acked; committed (counted in the store after kill -9): $committed; respondents with saved answers: $complete"
status=0
if [ "$committed" -lt "$acked" ]; then
    echo "bench: LOST $((acked - committed)) acknowledged submissions" >&2
    status=1
fi
if [ "$(field post non2xx3xx)" -ne 0 ] || [ "$(field get non2xx3xx)" -ne 0 ]; then
    echo "bench: some responses were not 2xx/3xx (csrf or validation refused?)" >&2
    status=1
fi
exit $status
