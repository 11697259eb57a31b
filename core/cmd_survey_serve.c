/*
 * cmd_survey_serve.c - `ambit survey serve`: the respondents' web form
 * for every campaign in the workspace's store, in the foreground until
 * SIGTERM or SIGINT (doc/survey-web.md).
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "survey_serve.h"
#include "survey_session.h"
#include "workspace.h"

static const char usage_text[] =
    "Usage: ambit survey serve [--listen ADDR:PORT] [--base-url URL]\n"
    "                          [--threads N] [--rate PER_SEC]\n\n"
    "Serve the respondents' web form for every campaign in the store:\n"
    "BASE/s/TOKEN is a respondent's form, BASE/o/TOKEN the opt-out.\n"
    "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0\n"
    "                      picks a free port); put a TLS proxy in front\n"
    "  --base-url URL      the public address the links use (default\n"
    "                      http://ADDR:PORT)\n"
    "  --threads N         worker threads (default 2)\n"
    "  --rate PER_SEC      requests per second per client address, with\n"
    "                      bursts of twice that (default 20; 0 turns the\n"
    "                      limit off)\n"
    "Prints 'listening on URL' on stderr when ready; SIGTERM or SIGINT\n"
    "stops it (exit 0).\n";

/* Dispatched from cmd_survey.c's table of separate subcommands. */
int amb_cmd_survey_serve(const amb_cli *cli, int argc, char **argv);

/* A number option: 0 or -1 when s is not a number in [lo, hi]. */
static int number(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

int amb_cmd_survey_serve(const amb_cli *cli, int argc, char **argv)
{
    static const struct option lopts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"base-url", required_argument, NULL, 'b'},
        {"threads", required_argument, NULL, 't'},
        {"rate", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    amb_serve_opts o = {"127.0.0.1:8080", NULL, 2, 20, NULL};
    double v;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
        switch (ch) {
        case 'l': o.listen = optarg; break;
        case 'b': o.base_url = optarg; break;
        case 't':
            if (number(optarg, 1, 256, &v) || v != (unsigned)v)
                return amb_cli_usage("survey serve", "--threads must be a "
                                     "whole number from 1 to 256");
            o.threads = (unsigned)v;
            break;
        case 'r':
            if (number(optarg, 0, 1e6, &v))
                return amb_cli_usage("survey serve", "--rate must be a "
                                     "number from 0 to 1000000");
            o.rate = v;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage("survey serve", "unknown option");
        }
    }
    if (optind != argc)
        return amb_cli_usage("survey serve", "unexpected argument '%s'",
                             argv[optind]);
    /* Block the stop signals before any thread starts, so that every
     * worker inherits the mask and only sigwait() below sees them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    int status;
    amb_registry *reg = amb_cli_registry(cli);
    amb_workspace *ws = amb_cli_workspace(cli, reg, &status);
    if (!ws) {
        amb_registry_free(reg);
        return status;
    }
    amb_error err;
    amb_survey_db *db = NULL, *wdb = NULL;
    amb_store *wstore = NULL;
    amb_serve *srv = NULL;
    /* A second connection for the group commit: page views keep reading
     * (WAL) while a batch of saves commits. */
    int rc = amb_survey_db_open(ws->store, &db, &err);
    if (rc == 0)
        rc = amb_store_open(ws->cfg->store_path, &wstore, &err);
    if (rc == 0)
        rc = amb_survey_db_open(wstore, &wdb, &err);
    o.write_db = wdb;
    if (rc == 0)
        rc = amb_serve_start(db, &o, &srv, &err);
    if (rc) {
        status = amb_cli_fail(rc, "survey serve: %s", err.msg);
    } else {
        fprintf(stderr, "listening on %s\n", amb_serve_url(srv));
        fflush(stderr);
        int sig = 0;
        while (sigwait(&stop, &sig) != 0)
            ;
        amb_serve_stop(srv);
        status = AMB_EXIT_OK;
    }
    amb_survey_db_close(wdb);
    amb_store_close(wstore);
    amb_survey_db_close(db);
    amb_workspace_close(ws);
    amb_registry_free(reg);
    return status;
}
