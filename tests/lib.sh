# lib.sh - shared helpers for ambit's end-to-end shell tests.
# Sourced by tests/*.test; expects AMBIT (the binary) in the environment.
set -u
: "${AMBIT:?AMBIT must point at the ambit binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/ambit-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
checks=0

fail() {
    printf 'FAIL: %s\n' "$*" >&2
    failures=$((failures + 1))
}

ok() {
    checks=$((checks + 1))
}

# expect STATUS DESCRIPTION -- COMMAND...: run, keep stdout/stderr in
# $T/out and $T/err, and check the exit status.
expect() {
    want=$1; what=$2; shift 3
    set +e
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    set -e
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit $got, expected $want"
        sed 's/^/  stdout: /' "$T/out" | head -20 >&2
        sed 's/^/  stderr: /' "$T/err" | head -20 >&2
    else
        ok
    fi
}

# contains FILE TEXT DESCRIPTION
contains() {
    if grep -qF -- "$2" "$1"; then ok; else
        fail "$3: '$2' not in $(basename "$1")"
        sed 's/^/  | /' "$1" | head -20 >&2
    fi
}

# empty FILE DESCRIPTION
empty() {
    if [ -s "$1" ]; then
        fail "$2: expected no output"
        sed 's/^/  | /' "$1" | head -10 >&2
    else ok; fi
}

# same FILE EXPECTED-TEXT DESCRIPTION
same() {
    printf '%s' "$2" >"$T/expected"
    if cmp -s "$1" "$T/expected"; then ok; else
        fail "$3: output differs"
        diff -u "$T/expected" "$1" | head -30 >&2
    fi
}

# A JSON check through Debian's python3: json_check FILE PYTHON-EXPR
json_check() {
    if /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; then
        ok
    else
        fail "json check failed: $2"
        head -c 600 "$1" >&2
    fi
}

finish() {
    echo "$checks checks, $failures failures"
    [ "$failures" -eq 0 ]
}
