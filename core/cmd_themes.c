/*
 * cmd_themes.c - `ambit themes`: tag the stored strategy documents with
 * the theme lexicon and print the theme x organisation matrix, the
 * sub-goals the documents address and, on request, the evidence; write
 * the bubble chart with --svg.
 *
 * --lexicon prints the lexicon instead, and the hidden --bench FILE times
 * the tagging core (fold, match, evidence) on a file; neither needs the
 * workspace's config, only its themes.lua when there is one.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "themes.h"

#define BENCH_MAX ((size_t)4 << 30)

static void usage(void)
{
    printf("Usage: ambit themes [--format table|json|csv] [--svg FILE] "
           "[--evidence]\n"
           "                    [--min-hits N] [--lexicon]\n"
           "\n"
           "Tag the strategy documents collected by the documents plugin with\n"
           "the theme lexicon (lua/themes.lua, then WORKSPACE/themes.lua) and\n"
           "print the theme x organisation matrix: the hits of each theme in\n"
           "each organisation's documents and the number of organisations\n"
           "that work with it, followed by the ambition's sub-goals with the\n"
           "organisations and documents that address them.\n"
           "\n"
           "  -f, --format FMT  table (default), json or csv\n"
           "      --svg FILE    also write the bubble chart of common themes\n"
           "  -e, --evidence    add the evidence sentences (with byte positions)\n"
           "      --min-hits N  an organisation works with a theme at N hits\n"
           "                    or more across its documents (default %d)\n"
           "      --lexicon     print the loaded lexicon instead\n"
           "  -h, --help        this help\n", AMB_THEMES_MIN_HITS);
}

typedef struct themes_args {
    const char *format;
    const char *svg;
    const char *bench;
    int evidence;
    int lexicon;
    unsigned min_hits;
} themes_args;

/* Parse the options; returns -1 after --help, a positive exit status on a
 * usage error, 0 to go on. */
static int parse_args(int argc, char **argv, themes_args *a)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"svg", required_argument, NULL, 's'},
        {"evidence", no_argument, NULL, 'e'},
        {"min-hits", required_argument, NULL, 'm'},
        {"lexicon", no_argument, NULL, 'l'},
        {"bench", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->format = "table";
    a->min_hits = AMB_THEMES_MIN_HITS;
    int c;
    while ((c = getopt_long(argc, argv, "f:eh", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "table") && strcmp(optarg, "json") &&
                strcmp(optarg, "csv"))
                return amb_cli_usage("themes", "--format is table, json or "
                                     "csv, not '%s'", optarg);
            a->format = optarg;
            break;
        case 's':
            a->svg = optarg;
            break;
        case 'e':
            a->evidence = 1;
            break;
        case 'm': {
            char *end;
            errno = 0;
            unsigned long v = strtoul(optarg, &end, 10);
            if (errno || *end || end == optarg || optarg[0] == '-' || v < 1 ||
                v > 1000000)
                return amb_cli_usage("themes", "--min-hits takes a whole "
                                     "number from 1 to 1000000, not '%s'",
                                     optarg);
            a->min_hits = (unsigned)v;
            break;
        }
        case 'l':
            a->lexicon = 1;
            break;
        case 'b':
            a->bench = optarg;
            break;
        case 'h':
            usage();
            return -1;
        default:
            return amb_cli_usage("themes", "unknown option");
        }
    }
    if (optind < argc)
        return amb_cli_usage("themes", "unexpected argument '%s'",
                             argv[optind]);
    return 0;
}

/* --bench FILE: time amb_themes_tag() over the file's bytes. */
static int run_bench(const amb_cli *cli, const themes_args *a)
{
    amb_error err;
    amb_themes_lexicon *lx = NULL;
    amb_themes_matcher *m = NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = amb_themes_lexicon_load_default(cli->workspace, NULL, &lx, &err);
    if (rc == 0)
        rc = amb_themes_lexicon_matcher(lx, &m, &err);
    if (rc == 0)
        rc = amb_read_file(a->bench, BENCH_MAX, &text, &len, &err);
    if (rc < 0) {
        amb_themes_lexicon_free(lx);
        return amb_cli_fail(rc, "themes: %s", err.msg);
    }
    size_t n = lx->nthemes;
    size_t *hits = amb_xcalloc(n + 1, sizeof *hits);
    size_t *nev = amb_xcalloc(n + 1, sizeof *nev);
    amb_themes_evidence **ev = amb_xcalloc(n + 1, sizeof *ev);
    uint64_t t0 = amb_monotonic_ms();
    rc = amb_themes_tag(m, n, text, len, AMB_THEMES_EVIDENCE, hits, nev, ev);
    uint64_t ms = amb_monotonic_ms() - t0;
    size_t total = 0;
    for (size_t t = 0; t < n; t++) {
        total += hits[t];
        amb_themes_evidence_free(ev[t], nev[t]);
    }
    double secs = ms ? (double)ms / 1000.0 : 0.001;
    double mbs = (double)len / 1e6 / secs;
    if (rc == 0 && strcmp(a->format, "json") == 0)
        printf("{\"bytes\": %zu, \"seconds\": %.3f, \"mb_per_s\": %.1f, "
               "\"hits\": %zu, \"terms\": %zu}\n", len, secs, mbs, total,
               amb_themes_matcher_terms(m));
    else if (rc == 0)
        printf("themes: tagged %zu bytes in %.3f s: %.1f MB/s, %zu hits, "
               "%zu terms\n", len, secs, mbs, total,
               amb_themes_matcher_terms(m));
    free(hits);
    free(nev);
    free(ev);
    free(text);
    amb_themes_matcher_free(m);
    amb_themes_lexicon_free(lx);
    return rc < 0 ? amb_cli_fail(rc, "themes: out of memory") : AMB_EXIT_OK;
}

/* --lexicon: print what the lexicon files define. */
static int run_lexicon(const amb_cli *cli, const themes_args *a)
{
    amb_error err;
    amb_themes_lexicon *lx;
    int rc = amb_themes_lexicon_load_default(cli->workspace, NULL, &lx, &err);
    if (rc < 0)
        return amb_cli_fail(rc, "themes: %s", err.msg);
    rc = amb_themes_print_lexicon(stdout, lx, a->format);
    amb_themes_lexicon_free(lx);
    return rc < 0 ? amb_cli_fail(rc, "themes: cannot write the output")
                  : AMB_EXIT_OK;
}

/* Write the SVG to path (replacing it). */
static int write_svg(const char *path, const amb_themes_result *r)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return amb_cli_fail(AMB_EIO, "themes: %s: %s", path, strerror(errno));
    int rc = amb_themes_write_svg(fp, r);
    if (fclose(fp) != 0 || rc < 0)
        return amb_cli_fail(AMB_EIO, "themes: %s: cannot write the chart",
                            path);
    return AMB_EXIT_OK;
}

/* Analyse the workspace's documents and print the result. */
static int run_analysis(amb_workspace *ws, const themes_args *a)
{
    amb_error err;
    amb_themes_lexicon *lx;
    int rc = amb_themes_lexicon_load_default(ws->cfg->dir, &ws->cfg->lua,
                                             &lx, &err);
    if (rc < 0)
        return amb_cli_fail(rc, "themes: %s", err.msg);
    amb_themes_opts opts = {a->min_hits, AMB_THEMES_EVIDENCE};
    amb_themes_result *r;
    rc = amb_themes_analyse(ws->store, lx, &opts, &r, &err);
    if (rc < 0) {
        amb_themes_lexicon_free(lx);
        return amb_cli_fail(rc, "themes: %s", err.msg);
    }
    int status = AMB_EXIT_OK;
    if (r->ndocs == 0)
        fprintf(stderr, "ambit themes: no documents stored yet (collect a "
                "source with plugin = \"documents\")\n");
    if (strcmp(a->format, "json") == 0) {
        json_t *doc = amb_themes_result_json(r, a->evidence);
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(doc);
    } else if (strcmp(a->format, "csv") == 0) {
        rc = amb_themes_print_csv(stdout, r, a->evidence);
    } else {
        rc = amb_themes_print_table(stdout, r, a->evidence);
    }
    if (rc < 0)
        status = amb_cli_fail(rc, "themes: cannot write the output");
    if (status == AMB_EXIT_OK && a->svg)
        status = write_svg(a->svg, r);
    amb_themes_result_free(r);
    amb_themes_lexicon_free(lx);
    return status;
}

int amb_cmd_themes(const amb_cli *cli, int argc, char **argv)
{
    themes_args a;
    int st = parse_args(argc, argv, &a);
    if (st)
        return st < 0 ? AMB_EXIT_OK : st;
    if (a.bench)
        return run_bench(cli, &a);
    if (a.lexicon)
        return run_lexicon(cli, &a);
    amb_registry *reg = amb_cli_registry(cli);
    amb_workspace *ws = amb_cli_workspace(cli, reg, &st);
    if (ws) {
        st = run_analysis(ws, &a);
        amb_workspace_close(ws);
    }
    amb_registry_free(reg);
    return st;
}
