/*
 * cmd_demo.c - `ambit demo [DIR]`: a workspace built from the sample data
 * shipped with ambit, collected, and summarised.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"

/* Copy one file byte for byte; returns 0 or an error in err. */
static int copy_file(const char *from, const char *to, amb_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = amb_read_file(from, 64u * 1024u * 1024u, &data, &len, err);
    if (rc < 0)
        return rc;
    FILE *fp = fopen(to, "wb");
    if (!fp) {
        free(data);
        return amb_error_set(err, AMB_EIO, "%s: %s", to, strerror(errno));
    }
    int bad = fwrite(data, 1, len, fp) != len;
    bad |= fclose(fp) != 0;
    free(data);
    return bad ? amb_error_set(err, AMB_EIO, "%s: write failed", to) : 0;
}

/* Copy every regular file of the shipped samples directory into dest. */
static int copy_samples(const char *shipped, const char *dest, amb_error *err)
{
    DIR *d = opendir(shipped);
    if (!d)
        return amb_error_set(err, AMB_EIO, "%s: %s (is ambit installed?)", shipped,
                             strerror(errno));
    int rc = 0;
    const struct dirent *de;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char *from = amb_path_join(shipped, de->d_name);
        struct stat sb;
        if (stat(from, &sb) == 0 && S_ISREG(sb.st_mode)) {
            char *to = amb_path_join(dest, de->d_name);
            rc = copy_file(from, to, err);
            free(to);
        }
        free(from);
    }
    closedir(d);
    return rc;
}

/* Make DIR a demo workspace unless it is one already: its ambit.lua is the
 * shipped samples/demo.lua, its data the shipped samples (refreshed on
 * every run, so a second demo sees the same files and finds them
 * unchanged). */
static int prepare(const char *dir, amb_error *err)
{
    char *cfg = amb_path_join(dir, "ambit.lua");
    char *shipped = amb_data_path("data/samples");
    char *samples = amb_path_join(dir, "data/samples");
    int rc = 0;
    if (access(cfg, F_OK) != 0) {
        rc = amb_workspace_init(dir, err);
        if (rc == 0) {
            char *demo = amb_path_join(shipped, "demo.lua");
            /* init wrote a template; the demo's own config replaces it */
            rc = copy_file(demo, cfg, err);
            free(demo);
        }
    }
    if (rc == 0)
        rc = amb_mkdirs(samples, err);
    if (rc == 0)
        rc = copy_samples(shipped, samples, err);
    free(shipped);
    free(samples);
    free(cfg);
    return rc;
}

static int print_dataset_line(void *ud, const amb_dataset_row *d)
{
    (void)ud;
    printf("  %-14s %6lld observations, %s..%s  %s\n", d->code,
           (long long)d->observations, d->first_period ? d->first_period : "",
           d->last_period ? d->last_period : "", d->title ? d->title : "");
    return 0;
}

/* What the demo prints: the datasets, the region's indicator table (the
 * `indicators` command) and the report it writes (the `report` command).
 * Returns the exit status. */
static int summary(const amb_cli *cli, amb_workspace *ws, const char *dir)
{
    amb_error err;
    printf("ambit demo workspace: %s (SAMPLE DATA, not real statistics)\n\n", dir);
    printf("Datasets collected:\n");
    amb_store_list_datasets(ws->store, print_dataset_line, NULL, &err);
    printf("\nIndicators for Region Nordjylland (081):\n");
    fflush(stdout);
    char *ind_argv[] = {"indicators", "--area", "081", NULL};
    optind = 0;
    int st = amb_cmd_indicators(cli, 3, ind_argv);
    if (st != AMB_EXIT_OK)
        return st;
    char *report = amb_path_join(dir, "report.html");
    char *rep_argv[] = {"report", "-o", report, NULL};
    optind = 0;
    amb_cli quiet = *cli;
    quiet.tty = 0;   /* the demo prints the path itself */
    st = amb_cmd_report(&quiet, 3, rep_argv);
    if (st == AMB_EXIT_OK)
        printf("\nReport: %s\n", report);
    free(report);
    printf("\nTry: ambit -w %s runs;  ambit -w %s indicators --format json;"
           "  ambit -w %s query AUP01 --where OMRÅDE=851\n", dir, dir, dir);
    return st;
}

int amb_cmd_demo(const amb_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            printf("Usage: ambit demo [DIR]\n\n"
                   "Build a demo workspace in DIR (default: ./ambit-demo) from the\n"
                   "SAMPLE DATA shipped with ambit, collect every source and print\n"
                   "what was collected.  Running it again re-collects (sources\n"
                   "whose files did not change are reported unchanged).\n");
            return AMB_EXIT_OK;
        }
        return amb_cli_usage("demo", "unknown option");
    }
    if (argc - optind > 1)
        return amb_cli_usage("demo", "at most one DIR");
    const char *dir = optind < argc ? argv[optind] : "ambit-demo";
    amb_error err;
    amb_error_clear(&err);
    if (prepare(dir, &err) < 0)
        return amb_cli_fail(AMB_EIO, "demo: %s", err.msg);
    amb_cli sub = *cli;
    sub.workspace = dir;
    amb_registry *reg = amb_cli_registry(&sub);
    int st;
    amb_workspace *ws = amb_cli_workspace(&sub, reg, &st);
    if (ws) {
        st = amb_cli_collect_sources(&sub, ws, NULL, 0);
        if (st == AMB_EXIT_OK && !cli->quiet)
            st = summary(&sub, ws, dir);
        amb_workspace_close(ws);
    }
    amb_registry_free(reg);
    return st;
}
