/*
 * cmd_demo.c - `ambit demo [DIR]`: a workspace built from the sample data
 * shipped with ambit, collected, and summarised.  The sample employer
 * survey (data/samples/survey_*) is run as a campaign the first time, so
 * that the survey-based indicators and the report's survey section have
 * figures.
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

#include "../plugins/csv/csv_parse.h"
#include "cli.h"
#include "log.h"
#include "survey.h"

#define DEMO_CAMPAIGN "demo-employers-2026"
#define DEMO_TITLE "SAMPLE DATA: Virksomhedernes behov for arbejdskraft og " \
                   "kompetencer (demo)"

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

/* The token of email in the "email,token" lines of toks, into out; 0 or
 * -1 when the list has no such line. */
static int token_of(const char *toks, const char *email,
                    char out[AMB_SURVEY_TOKEN_LEN + 1])
{
    size_t n = strlen(email);
    for (const char *p = toks; p && *p;) {
        const char *nl = strchr(p, '\n');
        if (strncmp(p, email, n) == 0 && p[n] == ',' && nl &&
            nl - (p + n + 1) == AMB_SURVEY_TOKEN_LEN) {
            memcpy(out, p + n + 1, AMB_SURVEY_TOKEN_LEN);
            out[AMB_SURVEY_TOKEN_LEN] = '\0';
            return 0;
        }
        p = nl ? nl + 1 : NULL;
    }
    return -1;
}

/* Record every sample response of file (survey_responses.json: "responses"
 * = [{"email", "answers"}]) with the token the list import gave its
 * respondent, validated like `survey answer`.  0 or an error. */
static int record_samples(amb_store *st, const amb_survey_campaign *c,
                          const amb_form *f, const char *file,
                          const char *toks, amb_error *err)
{
    json_error_t jerr;
    json_t *doc = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return amb_error_set(err, AMB_EPARSE, "%s:%d: %s", file, jerr.line,
                             jerr.text);
    json_t *arr = json_object_get(doc, "responses");
    int rc = json_is_array(arr) ? 0 : amb_error_set(err, AMB_EPARSE, "%s: "
                                  "no \"responses\" array", file);
    size_t i;
    json_t *r;
    json_array_foreach(arr, i, r) {
        const char *email = json_string_value(json_object_get(r, "email"));
        char token[AMB_SURVEY_TOKEN_LEN + 1];
        if (!email || token_of(toks, email, token)) {
            rc = amb_error_set(err, AMB_EPARSE, "%s: response %zu: no "
                               "respondent with that e-mail", file, i + 1);
            break;
        }
        amb_form_answers as = {0};
        amb_buf probs = {0};
        if (amb_survey_check_answers(f, json_object_get(r, "answers"), &as,
                                     &probs))
            rc = amb_error_set(err, AMB_EPARSE, "%s: response %zu: %s", file,
                               i + 1, probs.data);
        else
            rc = amb_survey_record(st, c, token, f, &as, err);
        explicit_bzero(token, sizeof token);
        amb_buf_free(&probs);
        amb_form_answers_free(&as);
        if (rc)
            break;
    }
    json_decref(doc);
    return rc;
}

/* Import the sample respondent list of campaign c; the tokens stay in a
 * memory buffer (*toks, zeroed and freed by the caller with *len).  A
 * refused line is an error: the samples are meant to be clean. */
static int import_samples(amb_store *st, const amb_survey_campaign *c,
                          const char *csv, char **toks, size_t *len,
                          amb_error *err)
{
    FILE *in = fopen(csv, "rb");
    if (!in)
        return amb_error_set(err, AMB_EIO, "%s: %s", csv, strerror(errno));
    FILE *tok = open_memstream(toks, len);
    if (!tok) {
        fclose(in);
        return amb_error_set(err, AMB_ENOMEM, "demo: out of memory");
    }
    amb_buf probs = {0};
    size_t imported = 0, refused = 0;
    int rc = amb_survey_import(st, c, csv_read_file, in, tok, &probs,
                               &imported, &refused, err);
    fclose(tok);
    fclose(in);
    if (rc == 0 && refused)
        rc = amb_error_set(err, AMB_EPARSE, "%s: %s", csv, probs.data);
    amb_buf_free(&probs);
    return rc;
}

/* Run the sample survey in ws unless its campaign exists already: create
 * it on the shipped employer form, import the sample respondents, record
 * the sample responses.  0 or an error. */
static int demo_survey(amb_workspace *ws, const char *dir, amb_error *err)
{
    amb_survey_campaign c;
    int rc = amb_survey_get(ws->store, DEMO_CAMPAIGN, &c, err);
    if (rc == 0) {
        amb_survey_campaign_clear(&c);
        return 0;
    }
    if (rc != AMB_ENOTFOUND)
        return rc;
    char *form = amb_data_path("forms/employer_needs.lua");
    amb_form *f = NULL;
    rc = amb_form_load(form, NULL, &f, err);
    if (rc == 0 && f->nproblems)
        rc = amb_error_set(err, AMB_ECONFIG, "%s: the form has problems; "
                           "see 'ambit form check'", form);
    if (rc == 0)
        rc = amb_survey_create(ws->store, DEMO_CAMPAIGN, f->id, form,
                               DEMO_TITLE, NULL, err);
    if (rc == 0)
        rc = amb_survey_get(ws->store, DEMO_CAMPAIGN, &c, err);
    if (rc == 0) {
        char *csv = amb_path_join(dir, "data/samples/survey_respondents.csv");
        char *json = amb_path_join(dir, "data/samples/survey_responses.json");
        char *toks = NULL;
        size_t len = 0;
        rc = import_samples(ws->store, &c, csv, &toks, &len, err);
        if (rc == 0)
            rc = record_samples(ws->store, &c, f, json, toks, err);
        if (toks)
            explicit_bzero(toks, len);
        free(toks);
        free(csv);
        free(json);
        amb_survey_campaign_clear(&c);
    }
    amb_form_free(f);
    free(form);
    return rc;
}

/* The survey line of the summary: the campaign and its response. */
static void print_survey(amb_workspace *ws)
{
    amb_error err;
    amb_survey_campaign c;
    json_t *s = NULL;
    if (amb_survey_get(ws->store, DEMO_CAMPAIGN, &c, &err) != 0)
        return;
    if (amb_survey_status_json(ws->store, &c, &s, &err) == 0) {
        long long all = json_integer_value(json_object_get(s, "respondents"));
        long long done = json_integer_value(json_object_get(
            json_object_get(s, "by_status"), "complete"));
        printf("\nSurvey campaign %s (SAMPLE DATA): %lld of %lld companies "
               "answered\n", c.name, done, all);
        json_decref(s);
    }
    amb_survey_campaign_clear(&c);
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
    print_survey(ws);
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
                   "what was collected.  The first run also runs the sample employer\n"
                   "survey as campaign " DEMO_CAMPAIGN " (invented companies and\n"
                   "responses).  Running it again re-collects (sources whose files\n"
                   "did not change are reported unchanged).\n");
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
        if (st == AMB_EXIT_OK && demo_survey(ws, dir, &err) != 0)
            st = amb_cli_fail(AMB_ERR, "demo: sample survey: %s", err.msg);
        if (st == AMB_EXIT_OK && !cli->quiet)
            st = summary(&sub, ws, dir);
        amb_workspace_close(ws);
    }
    amb_registry_free(reg);
    return st;
}
