/*
 * cmd_daemon.c - `ambit daemon [--once] [--journal] [--now TIME]`: run the
 * workspace's scheduled sources when they are due, in the foreground, one
 * source at a time.
 *
 * The loop: read every source's latest run from the store, pick the source
 * due first (scheduler.h's rule, so a missed schedule runs once at start), run
 * it or sleep until it is due, and start over.  Nothing but the store is
 * read again: ambit.lua is read once, at start.
 *
 * Signals: SIGINT and SIGTERM stay blocked except while a run is going on
 * and inside pselect(), so a signal either stops the run at its next host
 * call (rolled back by run.c) or ends the sleep at once; there is no
 * window in which a signal could be missed before a long sleep.  Either
 * way the daemon then exits 0.
 *
 * The store has one writer.  Before each run the daemon checks that no
 * other process holds the store's write lock (amb_sched_store_busy) and
 * waits, checking every few seconds, while one does; a run that still
 * failed with "database is locked" is retried a little later instead of
 * waiting for the next schedule.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "run.h"
#include "scheduler.h"

/* Set from the signal handler; the only state a handler may touch. */
static volatile int stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

enum {
    LONGEST_SLEEP_S = 60,     /* wake at least this often to re-read the clock */
    STORE_POLL_S = 5,         /* how often to look at a busy store */
    BUSY_RETRY_S = 30,        /* retry a run the busy store refused */
    ONCE_BUSY_TRIES = 5       /* --once gives up on a busy store after this */
};

typedef struct daemon_ctx {
    amb_workspace *ws;
    amb_sched_entry *entries;   /* owned */
    size_t n;
    amb_run_env env;
    sigset_t run_mask;          /* the mask to run and sleep with */
    time_t fixed_now;           /* --now, else 0 */
    int failed;                 /* a run failed or was refused (--once) */
} daemon_ctx;

static const char daemon_help[] =
    "Usage: ambit daemon [--once] [--journal] [--now TIME]\n"
    "\n"
    "Run the workspace's scheduled sources when their schedules say, in the\n"
    "foreground, one at a time, logging to stderr.  A source whose schedule\n"
    "fired while no daemon ran (or that never ran) is collected once at\n"
    "start.  A failed source is logged and tried again at its next\n"
    "schedule.  SIGTERM or SIGINT stops the daemon: a run in progress is\n"
    "rolled back, and the exit status is 0.  A source that another process\n"
    "is collecting is skipped; while another process writes to the store,\n"
    "the daemon waits.\n"
    "\n"
    "  --once      run what is due now (including missed runs) and exit;\n"
    "              exit status 1 if any of them failed or was refused\n"
    "  --journal   prefix log lines with <N> priorities for journald\n"
    "              (automatic when stderr is the journal)\n"
    "  --now TIME  with --once: decide what is due as if it were TIME\n"
    "              (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]; for tests)\n";

/* Is stderr the journal?  systemd sets JOURNAL_STREAM to the "DEV:INODE"
 * of the stream it connected; compare it with what stderr really is. */
static int stderr_is_journal(void)
{
    const char *js = getenv("JOURNAL_STREAM");
    unsigned long long dev, ino;
    struct stat sb;
    if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2 ||
        fstat(STDERR_FILENO, &sb) != 0)
        return 0;
    return (unsigned long long)sb.st_dev == dev &&
           (unsigned long long)sb.st_ino == ino;
}

static time_t clock_now(const daemon_ctx *d)
{
    return d->fixed_now ? d->fixed_now : time(NULL);
}

/* Sleep up to `seconds` (capped at LONGEST_SLEEP_S), returning early when
 * SIGINT/SIGTERM arrives.  Called with those signals blocked. */
static void sleep_for(const daemon_ctx *d, time_t seconds)
{
    if (seconds <= 0 || stop_flag)
        return;
    if (seconds > LONGEST_SLEEP_S)
        seconds = LONGEST_SLEEP_S;
    struct timespec ts = {seconds, 0};
    /* Unblocks the signals for exactly as long as it waits. */
    pselect(0, NULL, NULL, NULL, &ts, &d->run_mask);
}

/* Wait while another process holds the store's write lock.  Returns 0 when
 * the store is free, 1 when stopped (a signal, or --once giving up), or a
 * negative error. */
static int wait_for_store(daemon_ctx *d, int once)
{
    for (int tries = 0;; tries++) {
        if (stop_flag)
            return 1;
        amb_error err;
        int busy = amb_sched_store_busy(d->ws->store, &err);
        if (busy < 0) {
            amb_log(AMB_LOG_ERROR, "%s", err.msg);
            return busy;
        }
        if (!busy) {
            if (tries)
                amb_log(AMB_LOG_INFO, "the store is free again");
            return 0;
        }
        if (once && tries + 1 >= ONCE_BUSY_TRIES) {
            amb_log(AMB_LOG_ERROR, "another process kept the store locked; "
                    "giving up");
            return 1;
        }
        if (tries == 0)
            amb_log(AMB_LOG_INFO, "another process is writing to the store; "
                    "waiting");
        sleep_for(d, STORE_POLL_S);
    }
}

/* Is another process collecting e's source?  Looked at before waiting
 * for the store (that process is the one writing to it); the run itself
 * takes the lock for real.  Returns 0 (free), 1 (held: logged) or an
 * error. */
static int source_taken(daemon_ctx *d, const amb_sched_entry *e)
{
    char *dir = amb_run_lock_dir(d->ws->store);
    if (!dir)
        return 0;
    int fd;
    amb_error err;
    int rc = amb_run_lock(dir, e->src->name, &fd, &err);
    free(dir);
    if (rc == 0)
        amb_run_unlock(fd);
    else if (rc > 0)
        amb_log(AMB_LOG_WARNING, "%s; skipped until its next schedule",
                err.msg);
    else
        amb_log(AMB_LOG_ERROR, "%s", err.msg);
    return rc;
}

/* Run one due source and log what happened.  Returns 0, or 1 when the
 * daemon should stop (a signal). */
static int run_entry(daemon_ctx *d, amb_sched_entry *e, int once)
{
    if (source_taken(d, e) != 0) {
        e->attempted = time(NULL);
        d->failed = 1;
        return 0;
    }
    if (wait_for_store(d, once) != 0) {
        if (stop_flag)
            return 1;
        d->failed = 1;
        e->retry_at = time(NULL) + BUSY_RETRY_S;
        return 0;
    }
    time_t started = time(NULL);
    time_t previous = e->attempted;
    e->retry_at = 0;
    e->attempted = started;
    amb_run_outcome out;
    amb_error err;
    amb_error_clear(&err);
    amb_log(AMB_LOG_DEBUG, "collecting %s", e->src->name);
    sigset_t blocked;
    sigprocmask(SIG_SETMASK, &d->run_mask, &blocked);
    int rc = amb_run_collect(&d->env, e->src, &out, &err);
    sigprocmask(SIG_SETMASK, &blocked, NULL);
    if (rc >= 0) {
        if (out.rc == AMB_UNCHANGED)
            amb_log(AMB_LOG_INFO, "%s: unchanged since the last run (run %lld)",
                    e->src->name, (long long)out.run_id);
        else
            amb_log(AMB_LOG_INFO, "%s: %lld observations in %lld dataset%s, "
                    "%.1f s (run %lld)", e->src->name, (long long)out.rows,
                    (long long)out.datasets, out.datasets == 1 ? "" : "s",
                    (double)out.elapsed_ms / 1000.0, (long long)out.run_id);
        return 0;
    }
    if (stop_flag) {
        amb_log(AMB_LOG_WARNING, "%s: stopped by a signal; the run was "
                "rolled back", e->src->name);
        return 1;
    }
    d->failed = 1;
    if (out.locked) {
        amb_log(AMB_LOG_WARNING, "%s; skipped until its next schedule",
                err.msg);
        return 0;
    }
    if (!once && amb_sched_busy_error(&err)) {
        e->attempted = previous;
        e->retry_at = started + BUSY_RETRY_S;
        amb_log(AMB_LOG_WARNING, "%s; retrying in %d s", err.msg,
                BUSY_RETRY_S);
        return 0;
    }
    time_t next;
    char when[40] = "?";
    if (amb_cron_next(&e->cron, started, &next) == 0)
        amb_sched_format_time(next, when);
    amb_log(AMB_LOG_ERROR, "%s; next attempt at %s", err.msg, when);
    return 0;
}

/* The scheduled entry due first (config order breaks ties) into *best and
 * its time into *due; 0, 1 when no source is scheduled, or an error. */
static int first_due(daemon_ctx *d, time_t now, amb_sched_entry **best,
                     time_t *due)
{
    *best = NULL;
    for (size_t i = 0; i < d->n; i++) {
        time_t t;
        int rc = amb_sched_due_at(&d->entries[i], now, &t);
        if (rc == 1)
            continue;
        if (rc < 0) {
            amb_log(AMB_LOG_ERROR, "%s: schedule '%s' does not fire in the "
                    "next 400 years here", d->entries[i].src->name,
                    d->entries[i].src->schedule);
            d->entries[i].scheduled = 0;
            continue;
        }
        if (!*best || t < *due) {
            *best = &d->entries[i];
            *due = t;
        }
    }
    return *best ? 0 : 1;
}

/* --once: every source due at the start, each run once.  Exit status. */
static int run_once(daemon_ctx *d)
{
    time_t now = clock_now(d);
    amb_error err;
    if (amb_sched_refresh(d->ws->store, d->entries, d->n, &err) < 0)
        return amb_cli_fail(AMB_ESTORE, "daemon: %s", err.msg);
    for (size_t i = 0; i < d->n && !stop_flag; i++) {
        time_t due;
        if (amb_sched_due_at(&d->entries[i], now, &due) != 0 || due > now)
            continue;
        if (run_entry(d, &d->entries[i], 1))
            break;
    }
    if (stop_flag)
        amb_log(AMB_LOG_WARNING, "stopped by a signal");
    return !stop_flag && d->failed ? AMB_EXIT_FAIL : AMB_EXIT_OK;
}

/* The daemon proper: until a signal.  Exit status. */
static int run_forever(daemon_ctx *d)
{
    amb_log(AMB_LOG_INFO, "daemon started (pid %ld) for %s",
            (long)getpid(), d->ws->cfg->path);
    int status = AMB_EXIT_OK;
    while (!stop_flag) {
        amb_error err;
        if (amb_sched_refresh(d->ws->store, d->entries, d->n, &err) < 0) {
            amb_log(AMB_LOG_ERROR, "%s", err.msg);
            status = AMB_EXIT_FAIL;
            break;
        }
        time_t now = time(NULL), due;
        amb_sched_entry *e;
        if (first_due(d, now, &e, &due) != 0) {
            amb_log(AMB_LOG_WARNING, "no source in %s has a schedule; "
                    "nothing to do", d->ws->cfg->path);
            break;
        }
        if (due > now) {
            char when[40];
            amb_sched_format_time(due, when);
            amb_log(AMB_LOG_DEBUG, "next: %s at %s", e->src->name, when);
            sleep_for(d, due - now);
            continue;
        }
        if (run_entry(d, e, 0))
            break;
    }
    if (stop_flag)
        amb_log(AMB_LOG_INFO, "stopped by a signal");
    return status;
}

int amb_cmd_daemon(const amb_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"once", no_argument, NULL, 'o'},
        {"journal", no_argument, NULL, 'J'},
        {"now", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int once = 0, journal = 0, c;
    time_t fixed_now = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            once = 1;
            break;
        case 'J':
            journal = 1;
            break;
        case 'n':
            if (amb_sched_parse_time(optarg, &fixed_now) < 0 || fixed_now == 0)
                return amb_cli_usage("daemon", "--now takes a time such as "
                                     "2026-03-01T06:00:00+01:00, not '%s'",
                                     optarg);
            break;
        case 'h':
            fputs(daemon_help, stdout);
            return AMB_EXIT_OK;
        default:
            return amb_cli_usage("daemon", "unknown option");
        }
    }
    if (optind < argc)
        return amb_cli_usage("daemon", "unexpected argument '%s'",
                             argv[optind]);
    if (fixed_now && !once)
        return amb_cli_usage("daemon", "--now only goes with --once");
    if (journal || stderr_is_journal())
        amb_log_set_journal(1);
    /* A service logs what it does; --once is quiet on success like collect. */
    if (!once && !cli->quiet && !cli->verbose)
        amb_log_set_level(AMB_LOG_INFO);

    amb_registry *reg = amb_cli_registry(cli);
    int status;
    amb_workspace *ws = amb_cli_workspace(cli, reg, &status);
    if (!ws) {
        amb_registry_free(reg);
        return status;
    }
    daemon_ctx d;
    memset(&d, 0, sizeof d);
    d.ws = ws;
    d.fixed_now = fixed_now;
    amb_error err;
    int rc = amb_sched_new(ws->cfg, &d.entries, &d.n, &err);
    if (rc < 0) {
        status = amb_cli_fail(rc, "%s", err.msg);
    } else {
        d.env = (amb_run_env){
            .store = ws->store,
            .fetcher = ws->fetcher,
            .registry = reg,
            .show_progress = 0,
            .stop = &stop_flag,
        };
        struct sigaction sa, old_int, old_term;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        stop_flag = 0;
        sigset_t stops, old_mask;
        sigemptyset(&stops);
        sigaddset(&stops, SIGINT);
        sigaddset(&stops, SIGTERM);
        sigprocmask(SIG_BLOCK, &stops, &old_mask);
        d.run_mask = old_mask;
        sigdelset(&d.run_mask, SIGINT);
        sigdelset(&d.run_mask, SIGTERM);
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);

        status = once ? run_once(&d) : run_forever(&d);

        /* Unblock first: a signal still pending only sets the flag. */
        sigprocmask(SIG_SETMASK, &old_mask, NULL);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
    free(d.entries);
    amb_workspace_close(ws);
    amb_registry_free(reg);
    return status;
}
