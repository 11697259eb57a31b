/*
 * cmd_survey_mail.c - `ambit survey invite NAME` and `ambit survey remind
 * NAME [--after DAYS]`: mail each due respondent a personal link
 * (doc/mail.md).
 *
 * The store decides who is due and hands out recipients in batches, each
 * with a fresh token already committed beside a 'sending' mails row
 * (amb_survey_mail_reserve, 50 at a time); every reserved mail is then
 * finished as sent or failed with the server's reply (amb_survey_mail_done).  A crash
 * between the two leaves 'sending', which counts as sent: a re-run never
 * mails anyone twice.  --dry-run runs the same reservation on an
 * in-memory copy of the store, so it shows exactly who would be mailed
 * and changes nothing.
 */
#include "config.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cli.h"
#include "mail.h"
#include "progress.h"
#include "survey.h"
#include "survey_session.h"
#include "workspace.h"

#define BATCH 50           /* recipients reserved per transaction */
#define MAX_SHOWN 20       /* failures printed one by one */
#define REPLY_LEN 512

int amb_cmd_survey_mail(const amb_cli *cli, int argc, char **argv);

static const char usage_text[] =
    "Usage: ambit survey invite NAME [--dry-run] [--limit N]\n"
    "       ambit survey remind NAME [--after DAYS] [--dry-run] [--limit N]\n"
    "\n"
    "Mail the campaign's respondents their personal link (doc/mail.md).\n"
    "invite     everyone not yet invited (a failed invitation is retried);\n"
    "           nobody is ever mailed twice\n"
    "remind     those invited, opened or partial whose last mail went out\n"
    "           at least DAYS days ago (default 7); never the complete or\n"
    "           opted out\n"
    "--dry-run  print who would get which mail; send and reserve nothing\n"
    "--limit N  at most N mails this run\n"
    "The mail { ... } block of ambit.lua says how to send.\n";

typedef struct mail_opts {
    amb_survey_mail_kind kind;
    int after_days;
    int dry_run;
    size_t limit;             /* 0: no limit */
} mail_opts;

/* What one run needs to render and send: owned pieces, freed by
 * job_clear(). */
typedef struct mail_job {
    const amb_mail_cfg *cfg;           /* borrowed */
    const amb_survey_campaign *c;      /* borrowed */
    amb_mail_template *tpl[2];         /* da, en */
    char *title[2];
    char *closes[2];
    char *env_from;
    amb_mailer *mailer;                /* NULL in a dry run */
    int show_full;                     /* dry run with -v: whole messages */
} mail_job;

static void job_clear(mail_job *j)
{
    for (int i = 0; i < 2; i++) {
        amb_mail_template_free(j->tpl[i]);
        free(j->title[i]);
        free(j->closes[i]);
    }
    free(j->env_from);
    amb_mailer_free(j->mailer);
}

/* Parse a whole non-negative number no larger than max; -1 if not one. */
static long parse_count(const char *s, long max)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0 || v > max)
        return -1;
    return v;
}

/* The template file for kind and lang: the workspace's directory when it
 * has the file, else the shipped one.  Caller frees. */
static char *template_path(const amb_mail_cfg *cfg, amb_survey_mail_kind kind,
                           const char *lang)
{
    char *name = amb_xasprintf("%s.%s.txt", kind == AMB_SURVEY_INVITE
                                                ? "invite" : "remind", lang);
    char *path = NULL;
    if (cfg->templates) {
        path = amb_path_join(cfg->templates, name);
        if (access(path, F_OK) != 0) {
            free(path);
            path = NULL;
        }
    }
    if (!path) {
        char *rel = amb_xasprintf("forms/mail/%s", name);
        path = amb_data_path(rel);
        free(rel);
    }
    free(name);
    return path;
}

/* The campaign title in lang: the form's own title in English when the
 * campaign kept the form's Danish title, else the campaign's. */
static void campaign_titles(const amb_survey_campaign *c, char *out[2])
{
    const char *title = c->title ? c->title : c->name;
    out[0] = amb_xstrdup(title);
    out[1] = NULL;
    amb_form *f = NULL;
    amb_error err;
    if (c->form_path && amb_form_load(c->form_path, NULL, &f, &err) == 0) {
        const char *da = amb_form_tr(&f->title, "da");
        const char *en = amb_form_tr(&f->title, "en");
        if (da && en && strcmp(da, title) == 0)
            out[1] = amb_xstrdup(en);
        amb_form_free(f);
    }
    if (!out[1])
        out[1] = amb_xstrdup(title);
}

/* Everything but the mailer: templates, titles, dates, envelope sender.
 * 0 or an exit status (message printed). */
static int job_prepare(mail_job *j, const mail_opts *o)
{
    static const char *const langs[2] = {"da", "en"};
    const amb_mail_cfg *cfg = j->cfg;
    struct stat sb;
    if (cfg->templates && (stat(cfg->templates, &sb) != 0 ||
                           !S_ISDIR(sb.st_mode)))
        return amb_cli_fail(AMB_ECONFIG, "ambit.lua:%d: mail: templates "
                            "directory %s does not exist", cfg->line,
                            cfg->templates);
    for (int i = 0; i < 2; i++) {
        char *path = template_path(cfg, o->kind, langs[i]);
        amb_error err;
        int rc = amb_mail_template_load(path, &j->tpl[i], &err);
        free(path);
        if (rc)
            return amb_cli_fail(rc == AMB_EPARSE ? AMB_ECONFIG : rc, "%s",
                                err.msg);
        j->closes[i] = amb_mail_format_date(j->c->closes, langs[i]);
    }
    campaign_titles(j->c, j->title);
    j->env_from = amb_mail_addr_spec(cfg->from);
    if (!j->env_from)
        return amb_cli_fail(AMB_ECONFIG, "ambit.lua:%d: mail: 'from' is not "
                            "an address like \"Name <survey@example.dk>\": "
                            "%s", cfg->line, cfg->from);
    char *rt = cfg->reply_to ? amb_mail_addr_spec(cfg->reply_to) : NULL;
    int bad_rt = cfg->reply_to && !rt;
    free(rt);
    if (bad_rt)
        return amb_cli_fail(AMB_ECONFIG, "ambit.lua:%d: mail: 'reply_to' is "
                            "not an address: %s", cfg->line, cfg->reply_to);
    return 0;
}

/* The mailer for the configuration; 0 or an exit status. */
static int job_connect(mail_job *j)
{
    const amb_mail_cfg *cfg = j->cfg;
    const char *password = NULL;
    if (cfg->password_env) {
        password = getenv(cfg->password_env);
        if (!password)
            return amb_cli_fail(AMB_ECONFIG, "mail: the environment variable "
                                "%s (ambit.lua:%d, password_env) is not set",
                                cfg->password_env, cfg->line);
    }
    amb_mailer_opts mo = {
        .url = cfg->url, .starttls = (amb_mail_tls)cfg->starttls,
        .user = cfg->user, .password = password, .ca_file = cfg->ca_file,
        .timeout_ms = cfg->timeout_ms, .rate = cfg->rate};
    amb_error err;
    int rc = amb_mailer_new(&mo, &j->mailer, &err);
    return rc ? amb_cli_fail(rc, "%s", err.msg) : 0;
}

/* The message for recipient r into msg; 0 or AMB_EUSAGE/AMB_EPARSE with
 * err set (the mail is then recorded as failed). */
static int job_compose(const mail_job *j, const amb_survey_recipient *r,
                       amb_buf *msg, char **subject_out, amb_error *err)
{
    int en = r->lang && strcmp(r->lang, "en") == 0;
    char *link = amb_xasprintf("%s/s/%s", j->cfg->base_url, r->token);
    char *optout = amb_xasprintf("%s/o/%s", j->cfg->base_url, r->token);
    amb_mail_vars v = {.contact = r->contact, .company = r->company,
                       .link = link, .optout = optout,
                       .closes = j->closes[en], .title = j->title[en],
                       .lang = en ? "en" : "da"};
    char *subject = NULL, *body = NULL;
    int rc = amb_mail_template_render(j->tpl[en], &v, &subject, &body, err);
    if (rc == 0) {
        amb_mail_msg m = {.from = j->cfg->from, .reply_to = j->cfg->reply_to,
                          .to = r->email, .to_name = r->contact,
                          .subject = subject, .body = body,
                          .unsubscribe = optout, .date = time(NULL)};
        rc = amb_mail_compose(&m, msg, err);
    }
    if (rc == 0 && subject_out) {
        *subject_out = subject;
        subject = NULL;
    }
    free(subject);
    free(body);
    free(link);
    free(optout);
    return rc;
}

/* Counts of one run. */
typedef struct tally {
    size_t sent, failed, shown;
    int stopped;                 /* a connection failure ended the run */
    char reason[REPLY_LEN];
} tally;

/* Report one failed mail on stderr (the first MAX_SHOWN of them). */
static void note_failure(tally *t, const char *email, const char *why)
{
    t->failed++;
    if (t->shown++ < MAX_SHOWN)
        fprintf(stderr, "ambit: mail to %s failed: %s\n", email, why);
}

/* Send (or in a dry run, show) one reserved recipient and record the
 * outcome.  0, or a store error code (the run stops). */
static int handle_one(const mail_job *j, amb_store *st,
                      const amb_survey_recipient *r, int dry_run, tally *t,
                      amb_error *err)
{
    amb_buf msg = {0};
    char reply[REPLY_LEN];
    char *subject = NULL;
    int ok = 0;
    amb_error e;
    if (t->stopped) {
        snprintf(reply, sizeof reply, "not sent: %.480s", t->reason);
    } else if (job_compose(j, r, &msg, dry_run ? &subject : NULL, &e)) {
        snprintf(reply, sizeof reply, "not sent: %.480s", e.msg);
    } else if (dry_run) {
        printf("%s\t%s\t%s\n", r->email, r->lang ? r->lang : "da", subject);
        if (j->show_full)
            printf("%s\n", msg.data);
        free(subject);
        amb_buf_free(&msg);
        t->sent++;
        return 0;
    } else {
        int fatal = 0;
        ok = amb_mailer_send(j->mailer, j->env_from, r->email, msg.data,
                             msg.len, reply, sizeof reply, &fatal, &e) == 0;
        if (fatal) {
            t->stopped = 1;
            snprintf(t->reason, sizeof t->reason, "%s", reply);
        }
    }
    amb_buf_free(&msg);
    if (ok)
        t->sent++;
    else if (!dry_run)
        note_failure(t, r->email, reply);
    else {
        printf("%s\t%s\t%s\n", r->email, r->lang ? r->lang : "da", reply);
        t->failed++;
    }
    return dry_run ? 0 : amb_survey_mail_done(st, r->mail, ok, reply, err);
}

/* Reserve and handle batches until nobody is due or the limit is met.
 * 0 or a store error code with err set. */
static int run_batches(const amb_cli *cli, const mail_job *j, amb_store *st,
                       const mail_opts *o, tally *t, amb_error *err)
{
    amb_progress p;
    amb_progress_init(&p, cli->tty && !o->dry_run, j->c->name);
    size_t done = 0;
    int rc = 0;
    /* Reminders go to those whose last mail was reserved before this,
     * fixed at the start so that a later batch never finds this run's
     * own reminders due again (with --after 0, too). */
    time_t due_before = time(NULL) - (time_t)o->after_days * 86400;
    while (rc == 0 && !t->stopped && (o->limit == 0 || done < o->limit)) {
        size_t want = BATCH;
        if (o->limit && o->limit - done < want)
            want = o->limit - done;
        amb_survey_recipient *r = NULL;
        size_t n = 0;
        rc = amb_survey_mail_reserve(st, j->c, o->kind, due_before, want,
                                     &r, &n, err);
        if (rc)
            break;
        for (size_t i = 0; i < n && rc == 0; i++) {
            rc = handle_one(j, st, &r[i], o->dry_run, t, err);
            amb_progress_update(&p, ++done, o->limit);
        }
        amb_survey_recipients_free(r, n);
        if (n < want)
            break;
    }
    amb_progress_done(&p);
    return rc;
}

/* An in-memory copy of the store for a dry run; 0 or an exit status. */
static int store_copy(amb_store *st, amb_store **out)
{
    amb_error err;
    int rc = amb_store_open(":memory:", out, &err);
    if (rc)
        return amb_cli_fail(rc, "%s", err.msg);
    sqlite3_backup *b = sqlite3_backup_init(amb_store_db(*out), "main",
                                            amb_store_db(st), "main");
    int src = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
    sqlite3_backup_finish(b);
    if (src != SQLITE_DONE) {
        amb_store_close(*out);
        *out = NULL;
        return amb_cli_fail(AMB_ESTORE, "store: cannot copy it for the dry "
                            "run: %s", sqlite3_errstr(src));
    }
    return 0;
}

/* The run on an opened workspace; returns the exit status. */
static int run(const amb_cli *cli, amb_workspace *ws, const char *name,
               const mail_opts *o, const char *verb)
{
    const amb_mail_cfg *cfg = ws->cfg->mail;
    if (!cfg)
        return amb_cli_fail(AMB_ECONFIG, "%s: no mail { ... } block: add one "
                            "saying how to send, e.g.\n  mail { url = "
                            "\"smtp://mail.example.dk:587\", from = \"Det "
                            "kompetente Nordjylland <survey@example.dk>\",\n"
                            "         base_url = \"https://survey.example.dk\" "
                            "}\n(doc/mail.md)", ws->cfg->path);
    amb_error err;
    amb_survey_campaign c;
    int rc = amb_survey_get(ws->store, name, &c, &err);
    if (rc)
        return amb_cli_fail(rc, "%s", err.msg);
    mail_job j = {.cfg = cfg, .c = &c, .show_full = cli->verbose > 0};
    int status = 0;
    if (!amb_survey_is_open(&c))
        status = amb_cli_fail(AMB_ERR, "survey: campaign '%s' is closed: its "
                              "links would not work, nothing sent", c.name);
    if (status == 0)
        status = job_prepare(&j, o);
    if (status == 0 && !o->dry_run)
        status = job_connect(&j);
    amb_store *st = ws->store, *copy = NULL;
    if (status == 0 && o->dry_run && (status = store_copy(ws->store, &copy)) == 0)
        st = copy;
    if (status) {
        job_clear(&j);
        amb_survey_campaign_clear(&c);
        return status;
    }
    tally t = {0};
    rc = run_batches(cli, &j, st, o, &t, &err);
    long conns = amb_mailer_connections(j.mailer);
    if (t.shown > MAX_SHOWN)
        fprintf(stderr, "ambit: ... and %zu more failed mails\n",
                t.shown - MAX_SHOWN);
    if (o->dry_run)
        printf("%s %s: %zu would be sent (dry run: nothing sent or "
               "reserved)\n", verb, c.name, t.sent);
    else
        printf("%s %s: %zu sent, %zu failed (%ld connection%s)\n", verb,
               c.name, t.sent, t.failed, conns, conns == 1 ? "" : "s");
    if (rc)
        status = amb_cli_fail(rc, "%s", err.msg);
    else if (t.stopped)
        status = amb_cli_fail(AMB_ENET, "mail: stopped after a connection "
                              "failure: %s", t.reason);
    else
        status = t.failed ? AMB_EXIT_FAIL : AMB_EXIT_OK;
    amb_store_close(copy);
    job_clear(&j);
    amb_survey_campaign_clear(&c);
    return status;
}

int amb_cmd_survey_mail(const amb_cli *cli, int argc, char **argv)
{
    static const struct option lopts[] = {
        {"after", required_argument, NULL, 'a'},
        {"dry-run", no_argument, NULL, 'n'},
        {"limit", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *verb = argv[0];
    mail_opts o = {.kind = strcmp(verb, "remind") == 0 ? AMB_SURVEY_REMIND
                                                       : AMB_SURVEY_INVITE,
                   .after_days = 7};
    int after_given = 0, ch;
    long v;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
        switch (ch) {
        case 'a':
            if ((v = parse_count(optarg, 36500)) < 0)
                return amb_cli_usage("survey", "--after takes a number of "
                                     "days, not '%s'", optarg);
            o.after_days = (int)v;
            after_given = 1;
            break;
        case 'n': o.dry_run = 1; break;
        case 'l':
            if ((v = parse_count(optarg, 100000000)) <= 0)
                return amb_cli_usage("survey", "--limit takes a positive "
                                     "number, not '%s'", optarg);
            o.limit = (size_t)v;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage("survey", "unknown option");
        }
    }
    if (after_given && o.kind == AMB_SURVEY_INVITE)
        return amb_cli_usage("survey", "--after is for remind");
    if (argc - optind != 1)
        return amb_cli_usage("survey", "%s takes one campaign NAME", verb);
    int status;
    amb_registry *reg = amb_cli_registry(cli);
    amb_workspace *ws = amb_cli_workspace(cli, reg, &status);
    if (ws) {
        status = run(cli, ws, argv[optind], &o, verb);
        amb_workspace_close(ws);
    }
    amb_registry_free(reg);
    return status;
}
