/*
 * cmd_survey.c - `ambit survey`: survey campaigns for the analyst
 * (create, respondents, status, answer, export, results, close).
 * doc/survey.md.
 */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../plugins/csv/csv_parse.h"
#include "cli.h"
#include "output.h"
#include "survey.h"
#include "workspace.h"

static const char usage_text[] =
    "Usage: ambit survey create NAME --form FILE [--title TEXT] "
    "[--closes YYYY-MM-DD]\n"
    "       ambit survey respondents NAME FILE.csv --tokens OUT\n"
    "       ambit survey status NAME [--json]\n"
    "       ambit survey answer NAME --token TOKEN --file ANSWERS.json\n"
    "       ambit survey export NAME [--format csv|json] [--labels da|en]\n"
    "       ambit survey results NAME [--json]\n"
    "       ambit survey close NAME\n"
    "       ambit survey invite NAME [--dry-run] [--limit N]\n"
    "       ambit survey remind NAME [--after DAYS] [--dry-run] [--limit N]\n"
    "       ambit survey serve [--listen ADDR:PORT] [--base-url URL] "
    "[--threads N] [--rate N]\n"
    "       ambit survey import-xml [--dry-run] NAME FILE...\n\n"
    "Survey campaigns in the workspace's store (doc/survey.md).\n"
    "respondents  import company,cvr,email,municipality,industry[,contact];\n"
    "             bad and duplicate lines are listed and skipped (exit 1);\n"
    "             OUT (created, mode 0600) gets an email,token line per\n"
    "             respondent: the store keeps only the tokens' hashes\n"
    "answer       record a complete response ({question: value|[values]})\n"
    "results      counts and shares per choice, overall and by\n"
    "             municipality; groups under 5 responses are suppressed\n"
    "invite       mail each respondent not yet invited a personal link\n"
    "remind       mail those invited but not complete (doc/mail.md)\n"
    "serve        the respondents' web form (doc/survey-web.md)\n"
    "import-xml   ODK Collect / KoboToolbox submissions, tied by CVR\n"
    "Each of invite, remind, serve and import-xml has its own --help.\n";

typedef struct opts {
    const char *form, *title, *closes, *tokens, *token, *file, *format;
    const char *labels;
    int json;
} opts;

/* A form argument: the path, or a shipped form's name.  Caller frees. */
static char *resolve_form(const char *arg)
{
    if (access(arg, F_OK) == 0 || strchr(arg, '/')) {
        char *abs = realpath(arg, NULL);   /* malloc'd */
        return abs ? abs : amb_xstrdup(arg);
    }
    char *rel = amb_xasprintf("forms/%s.lua", arg);
    char *path = amb_data_path(rel);
    free(rel);
    return path;
}

/* Load a form; print its problems.  0 or an exit status. */
static int load_form(const char *path, amb_form **out)
{
    amb_error err;
    amb_form *f = NULL;
    int rc = amb_form_load(path, NULL, &f, &err);
    if (rc)
        return amb_cli_fail(rc == AMB_EIO ? AMB_ERR : AMB_EUSAGE, "%s",
                            err.msg);
    if (f->nproblems) {
        for (size_t i = 0; i < f->nproblems; i++)
            fprintf(stderr, "%s:%d: %s%s%s%s\n", f->file, f->problems[i].line,
                    f->problems[i].question ? "question '" : "",
                    f->problems[i].question ? f->problems[i].question : "",
                    f->problems[i].question ? "': " : "",
                    f->problems[i].message);
        amb_form_free(f);
        return AMB_EXIT_USAGE;
    }
    *out = f;
    return 0;
}

/* Print each "line N: ..." problem prefixed with the file name. */
static void print_problems(const char *file, const amb_buf *b)
{
    const char *p = b->data;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(stderr, "%s: %.*s\n", file, (int)n, p);
        p += n + (nl != NULL);
    }
}

static int cmd_create(amb_store *st, const char *name, const opts *o)
{
    if (!o->form)
        return amb_cli_usage("survey", "create needs --form FILE");
    char *path = resolve_form(o->form);
    amb_form *f = NULL;
    int status = load_form(path, &f);
    if (status == 0) {
        amb_error err;
        int rc = amb_survey_create(st, name, f->id, path,
                                   o->title ? o->title
                                            : amb_form_tr(&f->title, "da"),
                                   o->closes, &err);
        status = rc ? amb_cli_fail(rc, "%s", err.msg) : AMB_EXIT_OK;
        amb_form_free(f);
    }
    free(path);
    return status;
}

static int cmd_respondents(amb_store *st, const amb_survey_campaign *c,
                           const char *file, const opts *o)
{
    if (!o->tokens)
        return amb_cli_usage("survey", "respondents needs --tokens OUT (the "
                             "only copy of the respondents' tokens)");
    FILE *in = fopen(file, "rb");
    if (!in)
        return amb_cli_fail(AMB_EIO, "cannot read %s", file);
    int fd = open(o->tokens, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *tok = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!tok) {
        if (fd >= 0)
            close(fd);
        fclose(in);
        return amb_cli_fail(AMB_EIO, "cannot create %s (it must not exist)",
                            o->tokens);
    }
    amb_buf problems = {0};
    size_t imported = 0, refused = 0;
    amb_error err;
    int rc = amb_survey_import(st, c, csv_read_file, in, tok, &problems,
                               &imported, &refused, &err);
    int closed = fclose(tok);
    fclose(in);
    print_problems(file, &problems);
    amb_buf_free(&problems);
    if (rc == 0 && closed != 0)
        rc = amb_error_set(&err, AMB_EIO, "cannot write %s", o->tokens);
    if (rc || imported == 0)
        unlink(o->tokens);
    if (rc)
        return amb_cli_fail(rc == AMB_EPARSE ? AMB_EUSAGE : rc, "%s: %s",
                            file, err.msg);
    printf("imported %zu respondent%s, refused %zu\n", imported,
           imported == 1 ? "" : "s", refused);
    return refused ? AMB_EXIT_FAIL : AMB_EXIT_OK;
}

static int cmd_answer(amb_store *st, const amb_survey_campaign *c,
                      const opts *o)
{
    if (!o->token || !o->file)
        return amb_cli_usage("survey", "answer needs --token and --file");
    amb_error err;
    int64_t id;
    int rc = amb_survey_find_token(st, c, o->token, &id, &err);
    if (rc)
        return amb_cli_fail(rc, "%s", err.msg);
    if (!amb_survey_is_open(c))
        return amb_cli_fail(AMB_ERR, "survey: campaign '%s' is closed",
                            c->name);
    json_error_t jerr;
    json_t *obj = json_load_file(o->file, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj)
        return amb_cli_fail(AMB_EUSAGE, "%s:%d: %s", o->file, jerr.line,
                            jerr.text);
    amb_form *f = NULL;
    int status = load_form(c->form_path, &f);
    if (status) {
        json_decref(obj);
        return status;
    }
    amb_form_answers as = {0};
    amb_buf problems = {0};
    if (amb_survey_check_answers(f, obj, &as, &problems)) {
        print_problems(o->file, &problems);
        status = AMB_EXIT_USAGE;
    } else if ((rc = amb_survey_record(st, c, o->token, f, &as, &err))) {
        status = amb_cli_fail(rc, "%s", err.msg);
    }
    amb_buf_free(&problems);
    amb_form_answers_free(&as);
    amb_form_free(f);
    json_decref(obj);
    return status;
}

static void print_counts(const char *title, json_t *groups)
{
    printf("%s:\n", title);
    const char *k;
    json_t *v;
    json_object_foreach(groups, k, v) {
        printf("  %-14s %4lld respondents, %4lld complete", k,
               (long long)json_integer_value(json_object_get(v, "respondents")),
               (long long)json_integer_value(json_object_get(v, "complete")));
        const char *st;
        json_t *n;
        int first = 1;
        json_object_foreach(v, st, n) {
            if (strcmp(st, "respondents") == 0 || strcmp(st, "complete") == 0)
                continue;
            printf("%s%s %lld", first ? " (" : ", ", st,
                   (long long)json_integer_value(n));
            first = 0;
        }
        puts(first ? "" : ")");
    }
}

static void print_status(json_t *s)
{
    printf("campaign %s (form %s): %s", json_string_value(json_object_get(
               s, "campaign")), json_string_value(json_object_get(s, "form")),
           json_string_value(json_object_get(s, "status")));
    json_t *closes = json_object_get(s, "closes");
    if (json_is_string(closes))
        printf(", closes %s", json_string_value(closes));
    printf("\nrespondents: %lld\n", (long long)json_integer_value(
                                        json_object_get(s, "respondents")));
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(s, "by_status"), k, v) {
        printf("  %-14s %4lld\n", k, (long long)json_integer_value(v));
    }
    json_t *m = json_object_get(s, "mails");
    for (int i = 0; m && i < 2; i++) {
        json_t *kind = json_object_get(m, i ? "remind" : "invite");
        printf("%s %lld sent, %lld failed", i ? "reminders:  " : "invitations:",
               (long long)json_integer_value(json_object_get(kind, "sent")),
               (long long)json_integer_value(json_object_get(kind, "failed")));
        json_int_t left = json_integer_value(json_object_get(kind, "sending"));
        if (left)
            printf(", %lld left unfinished by a crash (counted as sent)",
                   (long long)left);
        putchar('\n');
    }
    print_counts("by municipality", json_object_get(s, "by_municipality"));
    print_counts("by industry", json_object_get(s, "by_industry"));
}

static void print_group(const char *title, json_t *g)
{
    if (json_is_true(json_object_get(g, "secondary"))) {
        printf("%s: suppressed (it would give a smaller group away)\n",
               title);
        return;
    }
    if (json_is_true(json_object_get(g, "suppressed"))) {
        printf("%s: suppressed (fewer than %d responses)\n", title,
               AMB_SURVEY_MIN_GROUP);
        return;
    }
    printf("%s: %lld responses\n", title, (long long)json_integer_value(
                                              json_object_get(g, "responses")));
    size_t i, j;
    json_t *q, *ch;
    json_array_foreach(json_object_get(g, "questions"), i, q) {
        const char *id = json_string_value(json_object_get(q, "id"));
        if (json_is_true(json_object_get(q, "suppressed"))) {
            printf("  %s: suppressed\n", id);
            continue;
        }
        printf("  %s: %lld answered\n", id, (long long)json_integer_value(
                                                json_object_get(q, "answered")));
        json_array_foreach(json_object_get(q, "choices"), j, ch) {
            printf("    %-24s %4lld %5.1f%%\n",
                   json_string_value(json_object_get(ch, "code")),
                   (long long)json_integer_value(json_object_get(ch, "count")),
                   json_real_value(json_object_get(ch, "share")));
        }
    }
}

static int cmd_report(amb_store *st, const amb_survey_campaign *c,
                      const char *sub, const opts *o)
{
    amb_error err;
    json_t *out = NULL;
    amb_form *f = NULL;
    int rc = 0;
    if (strcmp(sub, "status") == 0) {
        rc = amb_survey_status_json(st, c, &out, &err);
        if (rc)
            return amb_cli_fail(rc, "%s", err.msg);
        if (o->json)
            amb_json_print(out);
        else {
            print_status(out);
            json_decref(out);
        }
        return AMB_EXIT_OK;
    }
    int status = load_form(c->form_path, &f);
    if (status)
        return status;
    if (strcmp(sub, "export") == 0) {
        const char *fmt = o->format ? o->format : "csv";
        if (strcmp(fmt, "csv") && strcmp(fmt, "json")) {
            amb_form_free(f);
            return amb_cli_usage("survey", "--format must be csv or json");
        }
        if (o->labels && strcmp(o->labels, "da") && strcmp(o->labels, "en")) {
            amb_form_free(f);
            return amb_cli_usage("survey", "--labels must be da or en");
        }
        rc = amb_survey_export(st, c, f, strcmp(fmt, "csv") == 0, o->labels,
                               stdout, &err);
    } else {
        rc = amb_survey_results_json(st, c, f, AMB_SURVEY_MIN_GROUP, &out,
                                     &err);
        if (rc == 0 && o->json) {
            amb_json_print(out);
        } else if (rc == 0) {
            print_group("overall", json_object_get(out, "overall"));
            size_t i;
            json_t *g;
            json_array_foreach(json_object_get(out, "municipalities"), i, g) {
                char *t = amb_xasprintf("%s %s", json_string_value(
                    json_object_get(g, "code")), json_string_value(
                    json_object_get(g, "name")));
                print_group(t, g);
                free(t);
            }
            json_decref(out);
        }
    }
    amb_form_free(f);
    return rc ? amb_cli_fail(rc, "%s", err.msg) : AMB_EXIT_OK;
}

/* Parse the options; -1 to go on, else an exit status. */
static int parse(int argc, char **argv, opts *o)
{
    static const struct option lopts[] = {
        {"form", required_argument, NULL, 'f'},
        {"title", required_argument, NULL, 't'},
        {"closes", required_argument, NULL, 'c'},
        {"tokens", required_argument, NULL, 'T'},
        {"token", required_argument, NULL, 'k'},
        {"file", required_argument, NULL, 'F'},
        {"format", required_argument, NULL, 'm'},
        {"labels", required_argument, NULL, 'L'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int ch;
    while ((ch = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
        switch (ch) {
        case 'f': o->form = optarg; break;
        case 't': o->title = optarg; break;
        case 'c': o->closes = optarg; break;
        case 'T': o->tokens = optarg; break;
        case 'k': o->token = optarg; break;
        case 'F': o->file = optarg; break;
        case 'm': o->format = optarg; break;
        case 'L': o->labels = optarg; break;
        case 'j': o->json = 1; break;
        case 'h':
            fputs(usage_text, stdout);
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage("survey", "unknown option");
        }
    }
    return -1;
}

/* Subcommands that live in files of their own (cmd_survey_*.c); each
 * gets argv from its name on, and parses its own options. */
typedef int (*survey_sub_fn)(const amb_cli *cli, int argc, char **argv);
int amb_cmd_survey_import_xml(const amb_cli *cli, int argc, char **argv);
int amb_cmd_survey_mail(const amb_cli *cli, int argc, char **argv);
int amb_cmd_survey_serve(const amb_cli *cli, int argc, char **argv);
static const struct {
    const char *name;
    survey_sub_fn run;
} separate[] = {
    {"import-xml", amb_cmd_survey_import_xml},
    {"invite", amb_cmd_survey_mail},
    {"remind", amb_cmd_survey_mail},
    {"serve", amb_cmd_survey_serve},
    {NULL, NULL}
};

int amb_cmd_survey(const amb_cli *cli, int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && separate[i].name; i++)
        if (strcmp(argv[1], separate[i].name) == 0)
            return separate[i].run(cli, argc - 1, argv + 1);
    opts o = {0};
    int status = parse(argc, argv, &o);
    if (status >= 0)
        return status;
    static const char *const subs[] = {"create", "respondents", "status",
                                       "answer", "export", "results", "close"};
    if (argc - optind < 2)
        return amb_cli_usage("survey", "a subcommand and a campaign name "
                             "expected");
    const char *sub = argv[optind], *name = argv[optind + 1];
    int known = 0;
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        known |= strcmp(sub, subs[i]) == 0;
    int nargs = strcmp(sub, "respondents") == 0 ? 3 : 2;
    if (!known)
        return amb_cli_usage("survey", "unknown subcommand '%s'", sub);
    if (argc - optind != nargs)
        return amb_cli_usage("survey", "%s takes %s", sub, nargs == 3
                             ? "NAME FILE.csv" : "one campaign NAME");
    amb_registry *reg = amb_cli_registry(cli);
    amb_workspace *ws = amb_cli_workspace(cli, reg, &status);
    if (!ws) {
        amb_registry_free(reg);
        return status;
    }
    amb_error err;
    amb_survey_campaign c;
    if (strcmp(sub, "create") == 0) {
        status = cmd_create(ws->store, name, &o);
    } else if (strcmp(sub, "close") == 0) {
        int rc = amb_survey_close(ws->store, name, &err);
        status = rc ? amb_cli_fail(rc, "%s", err.msg) : AMB_EXIT_OK;
    } else {
        int rc = amb_survey_get(ws->store, name, &c, &err);
        if (rc)
            status = amb_cli_fail(rc, "%s", err.msg);
        else if (strcmp(sub, "respondents") == 0)
            status = cmd_respondents(ws->store, &c, argv[optind + 2], &o);
        else if (strcmp(sub, "answer") == 0)
            status = cmd_answer(ws->store, &c, &o);
        else
            status = cmd_report(ws->store, &c, sub, &o);
        amb_survey_campaign_clear(&c);
    }
    amb_workspace_close(ws);
    amb_registry_free(reg);
    return status;
}
