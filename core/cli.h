/*
 * cli.h - the ambit command's global options and its subcommands.
 *
 * Every subcommand gets the parsed global options and its own argv
 * (argv[0] is the subcommand's name) and returns the process exit status.
 */
#ifndef AMB_CLI_H
#define AMB_CLI_H

#include <stddef.h>

#include "plugins.h"
#include "util.h"
#include "workspace.h"

enum {
    AMB_EXIT_OK = 0,      /* success */
    AMB_EXIT_FAIL = 1,    /* a run failed, or an I/O or store error */
    AMB_EXIT_USAGE = 2    /* bad arguments or a config error */
};

typedef struct amb_cli {
    const char *workspace;      /* -w DIR, default "." */
    const char **plugin_dirs;   /* --plugin-dir, in order */
    size_t nplugin_dirs;
    int quiet;                  /* -q */
    int verbose;                /* -v count */
    int tty;                    /* stderr is a terminal */
} amb_cli;

/* Print "ambit: message" on stderr and return the exit status an error
 * code maps to (config and usage codes -> 2, the rest -> 1). */
int amb_cli_fail(int rc, const char *fmt, ...) AMB_PRINTF(2, 3);
/* Print "ambit CMD: message; see 'ambit CMD --help'" and return 2. */
int amb_cli_usage(const char *cmd, const char *fmt, ...) AMB_PRINTF(2, 3);
/* Load plugins (reporting problems at warning level) and return the
 * registry; caller frees. */
amb_registry *amb_cli_registry(const amb_cli *cli);
/* Open the workspace named by -w with the registry; prints the error and
 * returns NULL on failure, setting *status to the exit status. */
amb_workspace *amb_cli_workspace(const amb_cli *cli, amb_registry *reg,
                                 int *status);
/* The exit status for an amb_rc. */
int amb_cli_status(int rc);

int amb_cmd_init(const amb_cli *cli, int argc, char **argv);
int amb_cmd_plugins(const amb_cli *cli, int argc, char **argv);
int amb_cmd_sources(const amb_cli *cli, int argc, char **argv);
int amb_cmd_collect(const amb_cli *cli, int argc, char **argv);
int amb_cmd_runs(const amb_cli *cli, int argc, char **argv);
int amb_cmd_datasets(const amb_cli *cli, int argc, char **argv);
int amb_cmd_import(const amb_cli *cli, int argc, char **argv);
int amb_cmd_query(const amb_cli *cli, int argc, char **argv);
int amb_cmd_demo(const amb_cli *cli, int argc, char **argv);
int amb_cmd_ambition(const amb_cli *cli, int argc, char **argv);
int amb_cmd_indicators(const amb_cli *cli, int argc, char **argv);
int amb_cmd_schedule(const amb_cli *cli, int argc, char **argv);
int amb_cmd_daemon(const amb_cli *cli, int argc, char **argv);
int amb_cmd_themes(const amb_cli *cli, int argc, char **argv);
int amb_cmd_report(const amb_cli *cli, int argc, char **argv);
int amb_cmd_form(const amb_cli *cli, int argc, char **argv);
int amb_cmd_survey(const amb_cli *cli, int argc, char **argv);

/* Collect the named sources (all when n == 0); used by collect and demo.
 * Prints a line per source on a terminal unless quiet. */
int amb_cli_collect_sources(const amb_cli *cli, amb_workspace *ws,
                            char *const *names, size_t n);

#endif
