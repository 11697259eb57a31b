/*
 * cmd_collect.c - `ambit collect [SOURCE...]`: one run per source, each in
 * its own transaction; SIGINT/SIGTERM stop the current run (rolled back)
 * and skip the rest.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "run.h"

/* Set from the signal handler; the only state a handler may touch. */
static volatile int stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

int amb_cli_collect_sources(const amb_cli *cli, amb_workspace *ws,
                            char *const *names, size_t n)
{
    const amb_config *cfg = ws->cfg;
    for (size_t i = 0; i < n; i++)
        if (!amb_config_source(cfg, names[i]))
            return amb_cli_fail(AMB_EUSAGE, "collect: no source named '%s' in %s",
                                names[i], cfg->path);

    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    stop_flag = 0;

    amb_run_env env = {
        .store = ws->store,
        .fetcher = ws->fetcher,
        .registry = ws->registry,
        .show_progress = cli->tty,
        .stop = &stop_flag,
    };
    int status = AMB_EXIT_OK;
    size_t total = n ? n : cfg->nsources;
    for (size_t i = 0; i < total && !stop_flag; i++) {
        const amb_source_cfg *src = n ? amb_config_source(cfg, names[i])
                                      : &cfg->sources[i];
        amb_run_outcome out;
        amb_error err;
        amb_error_clear(&err);
        int rc = amb_run_collect(&env, src, &out, &err);
        if (rc < 0) {
            amb_cli_fail(rc, "%s", err.msg);
            if (status == AMB_EXIT_OK || amb_cli_status(rc) == AMB_EXIT_USAGE)
                status = amb_cli_status(rc) == AMB_EXIT_USAGE ? AMB_EXIT_USAGE
                                                              : AMB_EXIT_FAIL;
            continue;
        }
        if ((cli->tty || cli->verbose) && !cli->quiet) {
            if (out.rc == AMB_UNCHANGED)
                printf("%-20s unchanged since the last run (run %lld)\n",
                       src->name, (long long)out.run_id);
            else
                printf("%-20s %lld observations in %lld dataset%s, %.1f s (run %lld)\n",
                       src->name, (long long)out.rows, (long long)out.datasets,
                       out.datasets == 1 ? "" : "s",
                       (double)out.elapsed_ms / 1000.0, (long long)out.run_id);
        }
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (stop_flag) {
        fprintf(stderr, "ambit: collect interrupted; the current run was rolled back\n");
        return AMB_EXIT_FAIL;
    }
    return status;
}

int amb_cmd_collect(const amb_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            printf("Usage: ambit collect [SOURCE...]\n\n"
                   "Collect every source of the workspace, or the named ones.\n"
                   "Each source is one run in one transaction: a failed or\n"
                   "interrupted run leaves the stored data as it was.  A progress\n"
                   "bar and a line per source are shown on a terminal; otherwise\n"
                   "collect is quiet unless something fails.  Exit status 1 when\n"
                   "any run failed.\n");
            return AMB_EXIT_OK;
        }
        return amb_cli_usage("collect", "unknown option");
    }
    amb_registry *reg = amb_cli_registry(cli);
    int status;
    amb_workspace *ws = amb_cli_workspace(cli, reg, &status);
    if (ws) {
        status = amb_cli_collect_sources(cli, ws, argv + optind,
                                         (size_t)(argc - optind));
        amb_workspace_close(ws);
    }
    amb_registry_free(reg);
    return status;
}
