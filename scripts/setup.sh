#!/bin/sh
# setup.sh - everything a fresh Debian 12 machine needs, in one command.
#
#   scripts/setup.sh demo    install packages, build, run `ambit demo`
#   scripts/setup.sh check   install packages, build, and pass the whole test
#                            suite: make check, the same suite under
#                            AddressSanitizer + UndefinedBehaviorSanitizer,
#                            cppcheck, and make distcheck
#   scripts/setup.sh deps    only install the Debian packages
#   scripts/setup.sh build   deps + configure + make
#
# Packages are installed with apt-get when missing (as root, or through
# sudo).  Builds happen out of tree in build/ and build-asan/.
set -eu

cd "$(dirname "$0")/.."
TOP=$(pwd)
JOBS=$(nproc 2>/dev/null || echo 2)

# Build tools and the libraries ambit links, then what the tests drive.
PACKAGES="build-essential autoconf automake libtool pkg-config
  liblua5.4-dev libcurl4-openssl-dev libxml2-dev libsqlite3-dev
  libcunit1-dev libmicrohttpd-dev libjansson-dev libssl-dev libpoppler-glib-dev
  python3 cppcheck sqlite3 time libxml2-utils
  tidy chromium chromium-driver python3-selenium python3-aiosmtpd wrk openssl"

say() { printf '==> %s\n' "$*"; }

install_deps() {
    missing=""
    for p in $PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    say "installing Debian packages:$missing"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends $missing
}

bootstrap() {
    if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
        say "generating the build system (autoreconf)"
        ./bootstrap >/dev/null 2>&1 || ./bootstrap
    fi
}

# configure_build DIR [configure options...]
configure_build() {
    dir=$1; shift
    mkdir -p "$dir"
    if [ ! -f "$dir/Makefile" ] || [ configure -nt "$dir/Makefile" ]; then
        say "configuring $dir $*"
        (cd "$dir" && "$TOP/configure" -q "$@")
    fi
    say "building in $dir"
    make -C "$dir" -s -j"$JOBS"
}

# check_in DIR: run the suite; on failure show the logs of failed tests.
check_in() {
    dir=$1
    say "make check in $dir"
    if ! make -C "$dir" -s -j"$JOBS" check; then
        for log in $(grep -l '^:test-result: FAIL\|^:test-result: ERROR' \
                     $(find "$dir" -name '*.trs') 2>/dev/null | sed 's/\.trs$/.log/'); do
            printf '\n----- %s -----\n' "$log"
            tail -n 80 "$log"
        done
        return 1
    fi
}

# Count test results of every .trs under the given dirs.
summary() {
    pass=0; fail=0; skip=0
    for f in $(find "$@" -name '*.trs' 2>/dev/null); do
        r=$(sed -n 's/^:test-result: //p' "$f")
        case "$r" in
            PASS|XFAIL) pass=$((pass + 1)) ;;
            SKIP) skip=$((skip + 1)) ;;
            *) fail=$((fail + 1)) ;;
        esac
    done
    printf '%d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skip"
    [ "$fail" -eq 0 ]
}

lint() {
    say "cppcheck"
    cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
        --inline-suppr --std=c11 -D__GNUC__ -DAMB_BUILD_DIR='""' \
        -DAMB_SRC_DIR='""' -DAMB_PLUGIN_DIR='""' -DAMB_DATA_DIR='""' \
        -I include -I core -I plugins/csv \
        --suppress=missingIncludeSystem \
        core plugins doc/examples tests/plugins
}

mode=${1:-}
case "$mode" in
deps)
    install_deps ;;
build)
    install_deps; bootstrap; configure_build build ;;
demo)
    install_deps; bootstrap; configure_build build
    say "running: build/core/ambit demo ambit-demo"
    build/core/ambit demo ambit-demo ;;
check)
    install_deps; bootstrap
    configure_build build
    check_in build
    configure_build build-asan --enable-sanitizers
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 check_in build-asan
    lint
    say "make distcheck"
    AMB_SHARED_DIR=${AMB_SHARED_DIR:-$TOP/../shared}; export AMB_SHARED_DIR
    make -C build -s distcheck >build/distcheck.log 2>&1 || {
        tail -n 60 build/distcheck.log; exit 1; }
    summary build build-asan ;;
*)
    echo "usage: scripts/setup.sh demo|check|deps|build" >&2
    exit 2 ;;
esac
