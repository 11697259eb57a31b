/*
 * cmd_import.c - `ambit import FILE --plugin NAME --dataset ID`: a one-off
 * import of a local file through a plugin's parser, as a run of its own.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lua_host.h"
#include "run.h"

/* Evaluate "return EXPR" in a sandbox and turn the table into options.
 * Returns an owned MAP tree or NULL with err set. */
static amb_opt *options_from_lua(const char *expr, amb_error *err)
{
    amb_lua *lh = NULL;
    if (amb_lua_new(NULL, &lh, err) < 0)
        return NULL;
    char *code = amb_xasprintf("return %s", expr);
    amb_opt *opt = NULL;
    if (amb_lua_run_string(lh, code, "--options", 1, err) == 0) {
        lua_State *L = amb_lua_state(lh);
        if (!lua_istable(L, -1))
            amb_error_set(err, AMB_EUSAGE, "--options must be a Lua table such as "
                          "'{ delimiter = \";\", decimal = \",\" }'");
        else if (amb_opt_from_lua(L, -1, &opt, err) == 0 && opt->type != AMB_OPT_MAP) {
            amb_error_set(err, AMB_EUSAGE, "--options must be a table with named keys");
            amb_opt_free(opt);
            opt = NULL;
        }
    }
    free(code);
    amb_lua_free(lh);
    return opt;
}

int amb_cmd_import(const amb_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"plugin", required_argument, NULL, 'p'},
        {"dataset", required_argument, NULL, 'd'},
        {"source", required_argument, NULL, 's'},
        {"options", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *plugin = NULL, *dataset = NULL, *source = NULL, *lua_opts = "{}";
    int c;
    while ((c = getopt_long(argc, argv, "hp:d:s:o:", opts, NULL)) != -1) {
        switch (c) {
        case 'p': plugin = optarg; break;
        case 'd': dataset = optarg; break;
        case 's': source = optarg; break;
        case 'o': lua_opts = optarg; break;
        case 'h':
            printf("Usage: ambit import FILE --plugin NAME --dataset ID "
                   "[--source NAME] [--options LUA-TABLE]\n\n"
                   "Parse one local FILE with plugin NAME and store it as dataset ID,\n"
                   "replacing what was stored under that id, in one transaction.\n"
                   "--options passes plugin options as a Lua table, for example\n"
                   "  --options '{ delimiter = \";\", decimal = \",\" }'\n"
                   "The run is recorded under the source name 'import:ID' unless\n"
                   "--source names another.\n");
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage("import", "unknown option");
        }
    }
    if (argc - optind != 1)
        return amb_cli_usage("import", "expected exactly one FILE");
    if (!plugin)
        return amb_cli_usage("import", "--plugin NAME is required");
    if (!dataset || !*dataset)
        return amb_cli_usage("import", "--dataset ID is required");
    const char *file = argv[optind];

    amb_error err;
    amb_error_clear(&err);
    amb_opt *base = options_from_lua(lua_opts, &err);
    if (!base)
        return amb_cli_fail(AMB_EUSAGE, "import: %s", err.msg);
    amb_opt *options = amb_opt_with_string(base, "dataset", dataset);
    amb_opt_free(base);

    amb_registry *reg = amb_cli_registry(cli);
    int st = AMB_EXIT_OK;
    const amb_loaded_plugin *lp = amb_registry_find(reg, plugin);
    amb_workspace *ws = NULL;
    if (!lp)
        st = amb_cli_fail(AMB_EUSAGE, "import: no plugin named '%s' (see 'ambit plugins')",
                          plugin);
    else
        ws = amb_cli_workspace(cli, reg, &st);
    if (ws) {
        char *name = source ? amb_xstrdup(source) : amb_xasprintf("import:%s", dataset);
        amb_run_env env = {ws->store, ws->fetcher, reg, cli->tty, NULL};
        amb_run_outcome out;
        int rc = amb_run_import(&env, name, lp, options, file, &out, &err);
        if (rc < 0)
            st = amb_cli_fail(rc, "import %s: %s", file, err.msg);
        else if (cli->tty || cli->verbose)
            printf("%s: %lld observations into %s, %.1f s (run %lld)\n", file,
                   (long long)out.rows, dataset, (double)out.elapsed_ms / 1000.0,
                   (long long)out.run_id);
        free(name);
        amb_workspace_close(ws);
    }
    amb_opt_free(options);
    amb_registry_free(reg);
    return st;
}
