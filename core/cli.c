/*
 * cli.c - helpers shared by the subcommands: error reporting with exit
 * codes, loading plugins, opening the workspace.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

int amb_cli_status(int rc)
{
    if (rc >= 0)
        return AMB_EXIT_OK;
    return (rc == AMB_ECONFIG || rc == AMB_EUSAGE) ? AMB_EXIT_USAGE
                                                   : AMB_EXIT_FAIL;
}

int amb_cli_fail(int rc, const char *fmt, ...)
{
    va_list ap;
    fputs("ambit: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    int status = amb_cli_status(rc);
    return status == AMB_EXIT_OK ? AMB_EXIT_FAIL : status;
}

int amb_cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "ambit %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'ambit %s --help'.\n", cmd);
    return AMB_EXIT_USAGE;
}

amb_registry *amb_cli_registry(const amb_cli *cli)
{
    amb_registry *reg = amb_registry_new();
    amb_registry_load_default(reg, cli->plugin_dirs, cli->nplugin_dirs);
    return reg;
}

amb_workspace *amb_cli_workspace(const amb_cli *cli, amb_registry *reg,
                                 int *status)
{
    amb_workspace *ws = NULL;
    amb_error err;
    amb_error_clear(&err);
    int rc = amb_workspace_open(cli->workspace, reg, &ws, &err);
    if (rc < 0) {
        *status = amb_cli_fail(rc, "%s", err.msg);
        return NULL;
    }
    *status = AMB_EXIT_OK;
    return ws;
}
