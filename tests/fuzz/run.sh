#!/bin/sh
# run.sh SRCDIR OUTDIR - build each libFuzzer target and run it for a while.
#
# Each target is compiled with ${CC_FUZZ:-clang} (libFuzzer, ASan, UBSan)
# into OUTDIR and run for ${FUZZ_SECONDS:-60} seconds (0: only replay the
# corpus) over the corpus OUTDIR/corpus-NAME, which is seeded from
# tests/fixtures/<seeds> when that directory exists.  Crashes land in
# OUTDIR/crash-NAME-*.  Exits non-zero when a target fails to build or a
# fuzzer finds a crash.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 SRCDIR OUTDIR" >&2
    exit 2
fi
SRCDIR=$(cd "$1" && pwd) || exit 2
mkdir -p "$2" || exit 2
OUTDIR=$(cd "$2" && pwd) || exit 2
CC_FUZZ=${CC_FUZZ:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}

# name | seed directory under tests/fixtures | sources relative to SRCDIR
# [| pkg-config packages the sources link]
TARGETS='
fuzz_csv|csv|tests/fuzz/fuzz_csv.c plugins/csv/csv_parse.c plugins/csv/csv_map.c
fuzz_text_clean|text|tests/fuzz/fuzz_text_clean.c core/text_clean.c core/text_pages.c core/text_fold.c core/text_sentence.c
fuzz_themes|themes|tests/fuzz/fuzz_themes.c core/themes_match.c core/text_fold.c
fuzz_px|px|tests/fuzz/fuzz_px.c plugins/px/px_input.c plugins/px/px_lex.c plugins/px/px_text.c plugins/px/px_header.c plugins/px/px_time.c plugins/px/px_data.c
fuzz_cron|cron|tests/fuzz/fuzz_cron.c core/cron.c
fuzz_jsonstat|jsonstat|tests/fuzz/fuzz_jsonstat.c plugins/jsonstat/jsonstat_doc.c plugins/jsonstat/jsonstat_dims.c plugins/jsonstat/jsonstat_cells.c|jansson
fuzz_statbank|statbank|tests/fuzz/fuzz_statbank.c plugins/statbank/statbank_info.c plugins/statbank/statbank_request.c plugins/statbank/statbank_csv.c plugins/csv/csv_parse.c|jansson
fuzz_sdmx|sdmx|tests/fuzz/fuzz_sdmx.c plugins/sdmx/sdmx_opts.c plugins/sdmx/sdmx_input.c plugins/sdmx/sdmx_emit.c plugins/sdmx/sdmx_key.c plugins/sdmx/sdmx_xml.c plugins/sdmx/sdmx_xml_head.c plugins/sdmx/sdmx_csv.c plugins/csv/csv_parse.c|libxml-2.0
fuzz_xmlfeed|xmlfeed|tests/fuzz/fuzz_xmlfeed.c plugins/xmlfeed/xf_opts.c plugins/xmlfeed/xf_value.c plugins/xmlfeed/xf_muni.c plugins/xmlfeed/xf_record.c plugins/xmlfeed/xf_seen.c plugins/xmlfeed/xf_path.c plugins/xmlfeed/xf_xpath.c plugins/xmlfeed/xf_xml.c plugins/xmlfeed/xf_stream.c plugins/xmlfeed/xf_json.c plugins/xmlfeed/xf_csv.c plugins/xmlfeed/xmlfeed_plugin.c plugins/csv/csv_parse.c|libxml-2.0 jansson
fuzz_form|forms,../../forms|tests/fuzz/fuzz_form.c core/form_dsl.c core/form_walk.c core/form_pattern.c core/form_eval.c core/form_answer.c core/form_html.c core/form_xform.c core/lua_host.c core/html_writer.c core/util.c core/log.c|lua5.4 libxml-2.0 libcrypto
fuzz_survey_post|survey_post|tests/fuzz/fuzz_survey_post.c core/survey_post.c core/text_fold.c core/survey_page.c core/form_dsl.c core/form_walk.c core/form_pattern.c core/form_eval.c core/form_answer.c core/form_html.c core/form_xform.c core/lua_host.c core/html_writer.c core/util.c core/log.c|lua5.4 libxml-2.0 libcrypto
fuzz_survey_odk|survey_odk|tests/fuzz/fuzz_survey_odk.c core/survey_odk.c core/form_dsl.c core/form_walk.c core/form_pattern.c core/form_eval.c core/form_answer.c core/form_html.c core/form_xform.c core/lua_host.c core/html_writer.c core/util.c core/log.c|lua5.4 libxml-2.0 libcrypto jansson sqlite3
fuzz_mail|mail,../../forms/mail|tests/fuzz/fuzz_mail.c core/mail_template.c core/mail_message.c core/text_fold.c core/util.c core/log.c|libcrypto
fuzz_report|report|tests/fuzz/fuzz_report.c core/html_writer.c core/report_text.c core/report_doc.c core/report_svg.c core/report_svg_trend.c core/report_html.c core/report_css.c core/report_overview.c core/report_indicator.c core/report_series.c core/report_trend.c core/report_compare.c core/report_sections.c core/report_csv.c core/output.c core/util.c core/log.c|jansson libcrypto
'

# The sources include "config.h"; outside a configured tree, provide the
# definitions they rely on.
mkdir -p "$OUTDIR/include" || exit 2
printf '#define _GNU_SOURCE 1\n#define PACKAGE_VERSION "fuzz"\n#define AMB_BUILD_DIR "/nonexistent"\n#define AMB_SRC_DIR "/nonexistent"\n#define AMB_DATA_DIR "/nonexistent"\n' \
    > "$OUTDIR/include/config.h"

status=0
echo "$TARGETS" | while IFS='|' read -r name seeds sources pkgs; do
    [ -n "$name" ] || continue
    libs=
    if [ -n "$pkgs" ]; then
        libs=$(pkg-config --cflags --libs $pkgs) || exit 1
    fi
    srcs=
    incs=
    for s in $sources; do
        srcs="$srcs $SRCDIR/$s"
        d=$(dirname "$SRCDIR/$s")
        case " $incs " in *" -I$d "*) ;; *) incs="$incs -I$d" ;; esac
    done
    echo "fuzz: building $name"
    # shellcheck disable=SC2086
    if ! "$CC_FUZZ" -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined \
        -fno-sanitize-recover=undefined -I"$OUTDIR/include" \
        -I"$SRCDIR/include" -I"$SRCDIR/core" $incs $srcs $libs -lm \
        -o "$OUTDIR/$name"; then
        echo "fuzz: $name: build failed" >&2
        exit 1
    fi
    corpus="$OUTDIR/corpus-$name"
    mkdir -p "$corpus"
    # seeds: directories under tests/fixtures, comma-separated ("../../forms"
    # reaches the shipped forms, so no copy of them is kept as a fixture)
    for dir in $(echo "$seeds" | tr ',' ' '); do
        if [ -d "$SRCDIR/tests/fixtures/$dir" ]; then
            cp "$SRCDIR/tests/fixtures/$dir"/* "$corpus"/ 2>/dev/null
        fi
    done
    # FUZZ_SECONDS=0 only replays the corpus (libFuzzer reads 0 as "forever")
    if [ "$FUZZ_SECONDS" -gt 0 ] 2>/dev/null; then
        limit="-max_total_time=$FUZZ_SECONDS"
    else
        limit="-runs=0"
    fi
    echo "fuzz: running $name ($limit)"
    if ! "$OUTDIR/$name" "$limit" -max_len=16384 \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$OUTDIR/crash-$name-" "$corpus" \
        > "$OUTDIR/$name.log" 2>&1; then
        tail -n 40 "$OUTDIR/$name.log" >&2
        echo "fuzz: $name found a problem (see $OUTDIR/$name.log and $OUTDIR/crash-$name-*)" >&2
        exit 1
    fi
    echo "fuzz: $name: $(grep -E '^stat::number_of_executed_units' "$OUTDIR/$name.log" | awk '{print $2}') runs, no crash"
done || status=1
exit $status
