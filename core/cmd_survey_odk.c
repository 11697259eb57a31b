/*
 * cmd_survey_odk.c - `ambit survey import-xml NAME FILE...`: ODK Collect
 * and KoboToolbox submission instances read back into a campaign
 * (doc/survey.md, "ODK Collect and KoboToolbox").  Each file is one
 * submission and is imported on its own: a file with any problem stores
 * nothing.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "survey.h"
#include "survey_odk.h"
#include "workspace.h"

static const char usage_text[] =
    "Usage: ambit survey import-xml [--dry-run] NAME FILE...\n\n"
    "Import ODK Collect / KoboToolbox submissions (the XML instances of the\n"
    "XForm that 'ambit form xform' writes) as complete responses of campaign\n"
    "NAME.  <respondent> holds the company's CVR number, which names the\n"
    "respondent on the campaign's list; each <meta><instanceID> is imported\n"
    "once (importing a file again changes nothing).  Every answer is\n"
    "validated like 'survey answer'; a file with any problem stores nothing\n"
    "and its problems are listed as FILE:LINE: what.\n\n"
    "  -n, --dry-run   check the files against the form and the list, store\n"
    "                  nothing\n\n"
    "Exit status: 0 every file imported (or imported before), 2 no file\n"
    "imported and some invalid, 1 otherwise (some files failed).\n";

/* What happened to the files. */
typedef struct tally {
    size_t stored, replaced, dup, invalid, failed;
} tally;

/* Load the campaign's form; prints its problems.  0 or an exit status. */
static int load_form(const char *path, amb_form **out)
{
    amb_error err;
    int rc = amb_form_load(path, NULL, out, &err);
    if (rc)
        return amb_cli_fail(rc == AMB_EIO ? AMB_ERR : AMB_EUSAGE, "%s",
                            err.msg);
    if ((*out)->nproblems) {
        fprintf(stderr, "ambit: %s: the campaign's form has %zu problems; "
                "see 'ambit form check'\n", path, (*out)->nproblems);
        amb_form_free(*out);
        *out = NULL;
        return AMB_EXIT_USAGE;
    }
    return 0;
}

/* One file: read, parse, validate, store (unless dry).  Updates t. */
static void import_file(amb_store *st, const amb_survey_campaign *c,
                        const amb_form *f, const char *file, int dry,
                        tally *t)
{
    amb_error err;
    char *data = NULL;
    size_t len = 0;
    if (amb_read_file(file, AMB_ODK_MAX_BYTES, &data, &len, &err) < 0) {
        fprintf(stderr, "ambit: %s\n", err.msg);
        t->failed++;
        return;
    }
    amb_odk_submission s;
    amb_buf problems = {0};
    size_t n = amb_odk_parse(f, file, data, len, &s, &problems);
    free(data);
    if (n == 0)
        n = amb_odk_check(f, file, &s, &problems);
    if (n) {
        fputs(problems.data, stderr);
        t->invalid++;
    } else if (!dry) {
        amb_odk_outcome out = AMB_ODK_STORED;
        int rc = amb_odk_store(st, c, f, &s, file, &out, &err);
        if (rc == AMB_ENOTFOUND || rc == AMB_EUSAGE) {
            fprintf(stderr, "%s:%d: %s\n", file, s.cvr_line, err.msg);
            t->invalid++;
        } else if (rc) {
            fprintf(stderr, "ambit: %s: %s\n", file, err.msg);
            t->failed++;
        } else if (out == AMB_ODK_DUPLICATE) {
            t->dup++;
        } else if (out == AMB_ODK_REPLACED) {
            t->replaced++;
        } else {
            t->stored++;
        }
    } else {
        t->stored++;
    }
    amb_buf_free(&problems);
    amb_odk_submission_clear(&s);
}

static int run(amb_store *st, const char *name, char **files, int nfiles,
               int dry)
{
    amb_error err;
    amb_survey_campaign c;
    int rc = amb_survey_get(st, name, &c, &err);
    if (rc)
        return amb_cli_fail(rc, "%s", err.msg);
    amb_form *f = NULL;
    int status = 0;
    if (!dry && !amb_survey_is_open(&c))
        status = amb_cli_fail(AMB_ERR, "survey: campaign '%s' is closed",
                              c.name);
    if (status == 0)
        status = load_form(c.form_path, &f);
    if (status) {
        amb_survey_campaign_clear(&c);
        return status;
    }
    tally t = {0};
    for (int i = 0; i < nfiles; i++)
        import_file(st, &c, f, files[i], dry, &t);
    size_t ok = t.stored + t.replaced + t.dup, bad = t.invalid + t.failed;
    if (dry)
        printf("checked %d file%s: %zu valid, %zu refused\n", nfiles,
               nfiles == 1 ? "" : "s", ok, bad);
    else
        printf("imported %zu submission%s (%zu replacing an earlier "
               "response), %zu imported before, %zu refused\n",
               t.stored + t.replaced, t.stored + t.replaced == 1 ? "" : "s",
               t.replaced, t.dup, bad);
    amb_form_free(f);
    amb_survey_campaign_clear(&c);
    if (bad == 0)
        return AMB_EXIT_OK;
    return ok == 0 && t.invalid ? AMB_EXIT_USAGE : AMB_EXIT_FAIL;
}

int amb_cmd_survey_import_xml(const amb_cli *cli, int argc, char **argv);

int amb_cmd_survey_import_xml(const amb_cli *cli, int argc, char **argv)
{
    static const struct option lopts[] = {
        {"dry-run", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int dry = 0, ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "nh", lopts, NULL)) != -1) {
        if (ch == 'n') {
            dry = 1;
        } else if (ch == 'h') {
            fputs(usage_text, stdout);
            return AMB_EXIT_OK;
        } else {
            return amb_cli_usage("survey import-xml", "unknown option");
        }
    }
    if (argc - optind < 2)
        return amb_cli_usage("survey import-xml", "a campaign NAME and at "
                             "least one FILE expected");
    int status;
    amb_registry *reg = amb_cli_registry(cli);
    amb_workspace *ws = amb_cli_workspace(cli, reg, &status);
    if (ws) {
        status = run(ws->store, argv[optind], argv + optind + 1,
                     argc - optind - 1, dry);
        amb_workspace_close(ws);
    }
    amb_registry_free(reg);
    return status;
}
