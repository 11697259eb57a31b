/*
 * main.c - the ambit command: global options, dispatch, exit codes.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fetch.h"
#include "log.h"

typedef struct command {
    const char *name;
    int (*fn)(const amb_cli *cli, int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"init", amb_cmd_init, "create a workspace in DIR"},
    {"plugins", amb_cmd_plugins, "list the plugins found and those refused"},
    {"sources", amb_cmd_sources, "list the workspace's sources and their last run"},
    {"collect", amb_cmd_collect, "collect all or the named sources"},
    {"runs", amb_cmd_runs, "list collection runs, newest first"},
    {"datasets", amb_cmd_datasets, "list stored datasets"},
    {"import", amb_cmd_import, "import one local file through a plugin"},
    {"query", amb_cmd_query, "print a dataset's observations as CSV or JSON"},
    {"demo", amb_cmd_demo, "build and collect a demo workspace from sample data"},
    {"ambition", amb_cmd_ambition, "print the ambition model (focus areas, sub-goals, areas)"},
    {"indicators", amb_cmd_indicators, "evaluate the indicator rules; 'check' validates rule files"},
    {"schedule", amb_cmd_schedule, "list schedules, latest runs and next run times"},
    {"daemon", amb_cmd_daemon, "run scheduled collections in the foreground"},
    {"themes", amb_cmd_themes, "tag strategy documents with the partners' themes"},
    {"report", amb_cmd_report, "write the indicator report (HTML, JSON or CSV)"},
    {"form", amb_cmd_form, "check a survey form; preview it as HTML or export an XForm"},
    {"survey", amb_cmd_survey, "survey campaigns: respondents, answers, status, results"},
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: ambit [-w DIR] [--plugin-dir DIR] [-q|-v] COMMAND [ARGS]\n"
            "\n"
            "Collect, align and report the data behind a regional competence\n"
            "strategy.\n"
            "\n"
            "Options:\n"
            "  -w, --workspace DIR   the workspace (default: current directory)\n"
            "      --plugin-dir DIR  also load plugins from DIR (repeatable)\n"
            "  -q, --quiet           only errors\n"
            "  -v, --verbose         more detail (repeat for debug)\n"
            "  -h, --help            this help\n"
            "  -V, --version         version and plugin ABI\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp,
            "\n"
            "'ambit COMMAND --help' describes a command; ambit(1) has the rest.\n"
            "Exit status: 0 success, 1 a run or operation failed, 2 usage or\n"
            "config error.\n");
}

int main(int argc, char **argv)
{
    amb_cli cli;
    memset(&cli, 0, sizeof cli);
    cli.workspace = ".";
    static const struct option opts[] = {
        {"workspace", required_argument, NULL, 'w'},
        {"plugin-dir", required_argument, NULL, 'P'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    /* '+': stop at the first non-option, which is the command. */
    while ((c = getopt_long(argc, argv, "+w:qvhV", opts, NULL)) != -1) {
        switch (c) {
        case 'w':
            cli.workspace = optarg;
            break;
        case 'P':
            cli.plugin_dirs = amb_xrealloc(cli.plugin_dirs,
                                           (cli.nplugin_dirs + 1) * sizeof(char *));
            cli.plugin_dirs[cli.nplugin_dirs++] = optarg;
            break;
        case 'q':
            cli.quiet = 1;
            break;
        case 'v':
            cli.verbose++;
            break;
        case 'h':
            usage(stdout);
            free(cli.plugin_dirs);
            return AMB_EXIT_OK;
        case 'V':
            printf("ambit %s (plugin ABI %d)\n", PACKAGE_VERSION, AMB_PLUGIN_ABI);
            free(cli.plugin_dirs);
            return AMB_EXIT_OK;
        default:
            fprintf(stderr, "Try 'ambit --help'.\n");
            free(cli.plugin_dirs);
            return AMB_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        free(cli.plugin_dirs);
        return AMB_EXIT_USAGE;
    }
    if (cli.quiet)
        amb_log_set_level(AMB_LOG_ERROR);
    else if (cli.verbose)
        amb_log_set_level(cli.verbose > 1 ? AMB_LOG_DEBUG : AMB_LOG_INFO);
    cli.tty = isatty(STDERR_FILENO) && !cli.quiet;

    const char *name = argv[optind];
    const command *cmd = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            cmd = &commands[i];
    if (!cmd) {
        fprintf(stderr, "ambit: unknown command '%s'; see 'ambit --help'\n", name);
        free(cli.plugin_dirs);
        return AMB_EXIT_USAGE;
    }
    if (amb_fetch_global_init() != 0) {
        fprintf(stderr, "ambit: cannot initialise libcurl\n");
        free(cli.plugin_dirs);
        return AMB_EXIT_FAIL;
    }
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    /* Each command parses its own options from its name on; 0 (not 1)
     * makes glibc forget the "+" ordering of the global parse. */
    optind = 0;
    int status = cmd->fn(&cli, sub_argc, sub_argv);
    amb_fetch_global_cleanup();
    free(cli.plugin_dirs);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("ambit: standard output");
        return AMB_EXIT_FAIL;
    }
    return status;
}
