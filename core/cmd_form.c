/*
 * cmd_form.c - `ambit form check|preview|xform`: survey form files.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "form.h"

static const char usage_text[] =
    "Usage: ambit form check FILE...\n"
    "       ambit form preview [--lang da|en] [-o OUT.html] FILE\n"
    "       ambit form xform -o OUT.xml FILE\n\n"
    "Survey form files (Lua, see ambit-lua(5) and doc/forms.md).  FILE is a\n"
    "path or the name of a shipped form (employer_needs).\n\n"
    "check     print every problem as FILE:LINE: question 'id': what, and\n"
    "          exit 2 when there is any; quiet and 0 otherwise\n"
    "preview   a static, accessible HTML page of the whole form (stdout\n"
    "          without -o); Danish unless --lang en\n"
    "xform     an ODK XForm (XForms 1.0, itext in da and en)\n\n"
    "preview and xform refuse a form with problems (exit 2).\n";

/* The form file for an argument: the path, or a shipped form's name.
 * Caller frees. */
static char *resolve(const char *arg)
{
    if (access(arg, F_OK) == 0 || strchr(arg, '/'))
        return amb_xstrdup(arg);
    char *rel = amb_xasprintf("forms/%s.lua", arg);
    char *path = amb_data_path(rel);
    free(rel);
    if (access(path, F_OK) == 0)
        return path;
    free(path);
    return amb_xstrdup(arg);
}

static void print_problems(const amb_form *f)
{
    for (size_t i = 0; i < f->nproblems; i++) {
        const amb_form_problem *p = &f->problems[i];
        if (p->question)
            fprintf(stderr, "%s:%d: question '%s': %s\n", f->file, p->line,
                    p->question, p->message);
        else
            fprintf(stderr, "%s:%d: %s\n", f->file, p->line, p->message);
    }
}

/* Load and check one file: 0 clean, else an exit status; *out gets the
 * form when clean and out is not NULL. */
static int load_checked(const char *arg, amb_form **out)
{
    amb_error err;
    amb_form *f;
    char *path = resolve(arg);
    int rc = amb_form_load(path, NULL, &f, &err);
    free(path);
    if (rc != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return rc == AMB_EIO ? AMB_EXIT_FAIL : AMB_EXIT_USAGE;
    }
    if (f->nproblems) {
        print_problems(f);
        amb_form_free(f);
        return AMB_EXIT_USAGE;
    }
    if (out)
        *out = f;
    else
        amb_form_free(f);
    return 0;
}

int amb_cmd_form(const amb_cli *cli, int argc, char **argv)
{
    (void)cli;
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL, *lang = "da";
    int c;
    while ((c = getopt_long(argc, argv, "o:l:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'l':
            lang = optarg;
            if (strcmp(lang, "da") && strcmp(lang, "en"))
                return amb_cli_usage("form", "--lang must be da or en");
            break;
        case 'h':
            fputs(usage_text, stdout);
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage("form", "unknown option");
        }
    }
    if (optind >= argc)
        return amb_cli_usage("form", "check, preview or xform expected");
    const char *sub = argv[optind++];
    int nfiles = argc - optind;
    if (strcmp(sub, "check") == 0) {
        if (nfiles < 1)
            return amb_cli_usage("form", "check needs a FILE");
        int status = 0;
        for (int i = optind; i < argc; i++) {
            int s = load_checked(argv[i], NULL);
            if (s > status)
                status = s;
        }
        return status;
    }
    int preview = strcmp(sub, "preview") == 0;
    if (!preview && strcmp(sub, "xform") != 0)
        return amb_cli_usage("form", "unknown subcommand '%s'", sub);
    if (nfiles != 1)
        return amb_cli_usage("form", "%s needs one FILE", sub);
    if (!preview && !out)
        return amb_cli_usage("form", "xform needs -o FILE");
    amb_form *f = NULL;
    int status = load_checked(argv[optind], &f);
    if (status)
        return status;
    amb_error err;
    int rc;
    if (preview) {
        FILE *fp = out ? fopen(out, "w") : stdout;
        if (!fp) {
            amb_form_free(f);
            return amb_cli_fail(AMB_EIO, "%s: cannot write", out);
        }
        rc = amb_form_preview(f, lang, fp, &err);
        if (out && fclose(fp) != 0 && rc == 0)
            rc = amb_error_set(&err, AMB_EIO, "%s: write failed", out);
    } else {
        rc = amb_form_xform(f, out, &err);
    }
    amb_form_free(f);
    if (rc != 0)
        return amb_cli_fail(rc, "%s", err.msg);
    return AMB_EXIT_OK;
}
