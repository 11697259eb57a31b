/*
 * cmd_report.c - `ambit report [-o FILE] [--lang da|en]
 * [--format html|json|csv]`: build the report data document and write it
 * as one self-contained HTML page, as JSON, or as CSV.
 *
 * A file is written to a temporary name beside it and renamed into place
 * once complete, so a failed or interrupted report never leaves half a
 * file where the last good one was.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "report_csv.h"
#include "report_data.h"
#include "report_html.h"

static const char help[] =
    "Usage: ambit report [-o FILE] [--lang da|en] [--format html|json|csv]\n"
    "\n"
    "Write the indicator report of the workspace: each focus area and\n"
    "sub-goal with its indicators' latest values, baselines, targets,\n"
    "statuses, trend and municipality charts, the data sources and their\n"
    "freshness, survey progress and the partners' themes.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE   where to write ('-' for standard output); default\n"
    "                      report.html in the workspace for html, standard\n"
    "                      output for json and csv\n"
    "      --lang LANG     da (default) or en\n"
    "      --format FMT    html (default): one self-contained page;\n"
    "                      json: the report data document;\n"
    "                      csv: one row per indicator, area and period\n"
    "  -h, --help          this help\n"
    "\n"
    "On a terminal the path of the written file is printed; otherwise the\n"
    "command is silent unless something fails.\n";

typedef int (*render_fn)(const json_t *doc, FILE *out, amb_error *err);

/* The JSON form: the document itself, indented, keys in document order. */
static int write_json(const json_t *doc, FILE *out, amb_error *err)
{
    if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
        fputc('\n', out) == EOF || fflush(out) != 0 || ferror(out))
        return amb_error_set(err, AMB_EIO, "writing the JSON failed");
    return 0;
}

/* Render into a temporary file beside path, then rename it over path.
 * The file gets the permissions a newly created file would (0666 less the
 * umask); the temporary file is removed on any failure. */
static int write_atomic(const char *path, render_fn render, const json_t *doc,
                        amb_error *err)
{
    char *tmp = amb_xasprintf("%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int rc = amb_error_set(err, AMB_EIO, "%s: %s", path, strerror(errno));
        free(tmp);
        return rc;
    }
    mode_t mask = umask(0);
    umask(mask);
    int rc = 0;
    if (fchmod(fd, 0666 & ~mask) != 0)
        rc = amb_error_set(err, AMB_EIO, "%s: %s", tmp, strerror(errno));
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        rc = amb_error_set(err, AMB_EIO, "%s: %s", tmp, strerror(errno));
        close(fd);
    } else {
        if (rc == 0 && (rc = render(doc, fp, err)) < 0)
            amb_error_prefix(err, "%s", path);
        if (rc == 0 && (fflush(fp) != 0 || fsync(fileno(fp)) != 0))
            rc = amb_error_set(err, AMB_EIO, "%s: %s", tmp, strerror(errno));
        if (fclose(fp) != 0 && rc == 0)
            rc = amb_error_set(err, AMB_EIO, "%s: %s", tmp, strerror(errno));
    }
    if (rc == 0 && rename(tmp, path) != 0)
        rc = amb_error_set(err, AMB_EIO, "%s: %s", path, strerror(errno));
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

int amb_cmd_report(const amb_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL, *lang = "da", *format = "html";
    int c;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'l':
            lang = optarg;
            break;
        case 'f':
            format = optarg;
            break;
        case 'h':
            fputs(help, stdout);
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage("report", "unknown option");
        }
    }
    if (optind < argc)
        return amb_cli_usage("report", "unexpected argument '%s'", argv[optind]);
    if (strcmp(lang, "da") != 0 && strcmp(lang, "en") != 0)
        return amb_cli_usage("report", "--lang takes da or en, not '%s'", lang);
    render_fn render;
    if (strcmp(format, "html") == 0)
        render = amb_report_write_html;
    else if (strcmp(format, "json") == 0)
        render = write_json;
    else if (strcmp(format, "csv") == 0)
        render = amb_report_write_csv;
    else
        return amb_cli_usage("report", "--format takes html, json or csv, not '%s'",
                             format);
    if (output && !*output)
        return amb_cli_usage("report", "-o needs a file name (or '-')");

    int st;
    amb_registry *reg = amb_cli_registry(cli);
    amb_workspace *ws = amb_cli_workspace(cli, reg, &st);
    if (!ws) {
        amb_registry_free(reg);
        return st;
    }
    amb_error err;
    amb_error_clear(&err);
    json_t *doc = NULL;
    int rc = amb_report_data(ws, lang, &doc, &err);
    char *path = NULL;
    if (rc < 0) {
        st = amb_cli_fail(rc, "report: %s", err.msg);
    } else if ((output && strcmp(output, "-") == 0) ||
               (!output && strcmp(format, "html") != 0)) {
        rc = render(doc, stdout, &err);
        st = rc < 0 ? amb_cli_fail(rc, "report: %s", err.msg) : AMB_EXIT_OK;
    } else {
        path = output ? amb_xstrdup(output) : amb_path_join(cli->workspace, "report.html");
        rc = write_atomic(path, render, doc, &err);
        if (rc < 0)
            st = amb_cli_fail(rc, "report: %s", err.msg);
        else if (!cli->quiet && isatty(STDOUT_FILENO))
            printf("%s\n", path);
    }
    free(path);
    json_decref(doc);
    amb_workspace_close(ws);
    amb_registry_free(reg);
    return st;
}
