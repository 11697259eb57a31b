/*
 * cmd_init.c - `ambit init DIR`.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int amb_cmd_init(const amb_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            printf("Usage: ambit init DIR\n\n"
                   "Create a workspace in DIR: ambit.lua (the config), data/,\n"
                   "forms/, indicators/ and cache/.  DIR may exist but must not\n"
                   "hold an ambit.lua yet.\n");
            return AMB_EXIT_OK;
        }
        return amb_cli_usage("init", "unknown option");
    }
    if (argc - optind != 1)
        return amb_cli_usage("init", "expected exactly one DIR");
    amb_error err;
    amb_error_clear(&err);
    int rc = amb_workspace_init(argv[optind], &err);
    if (rc < 0)
        return amb_cli_fail(rc, "init: %s", err.msg);
    if (cli->verbose)
        printf("workspace created in %s\n", argv[optind]);
    return AMB_EXIT_OK;
}
