/*
 * survey_commit.c - the group commit of the web form (survey_commit.h).
 *
 * Workers append to a queue and wake the writer; the writer takes the
 * whole queue (up to BATCH writes), commits it under the store's mutex,
 * and calls each write's done().  While it commits, the next batch
 * gathers, so the batch grows with the load by itself: one write when
 * the server is idle (no added latency), dozens when it is busy.
 */
#include "config.h"

#include <stdlib.h>

#include "log.h"
#include "survey_commit.h"

#define BATCH 128               /* writes per transaction at most */

typedef struct pending {
    amb_survey_write *w;
    void (*done)(void *);
    void *ud;
    struct pending *next;
} pending;

struct amb_committer {
    amb_survey_db *db;          /* borrowed, under *db_lock */
    pthread_mutex_t *db_lock;
    pthread_mutex_t lock;       /* guards the fields below */
    pthread_cond_t wake;
    pending *head, **tail;
    int stopping, running;
    unsigned long long commits, writes;
    pthread_t thread;
};

/* Commit one batch and report each write.  Called without c->lock. */
static void commit_batch(amb_committer *c, pending *batch, size_t n)
{
    amb_survey_write *ws[BATCH];
    size_t i = 0;
    for (pending *p = batch; p; p = p->next)
        ws[i++] = p->w;
    amb_error err;
    pthread_mutex_lock(c->db_lock);
    int rc = amb_survey_db_write_batch(c->db, ws, n, &err);
    pthread_mutex_unlock(c->db_lock);
    if (rc)
        amb_log(AMB_LOG_ERROR, "survey serve: a group commit of %zu "
                "failed: %s", n, err.msg);
    pthread_mutex_lock(&c->lock);
    c->commits++;
    c->writes += n;
    pthread_mutex_unlock(&c->lock);
    while (batch) {
        pending *next = batch->next;
        batch->done(batch->ud);      /* the write may be gone after this */
        free(batch);
        batch = next;
    }
}

static void *writer(void *arg)
{
    amb_committer *c = arg;
    for (;;) {
        pthread_mutex_lock(&c->lock);
        while (!c->head && !c->stopping)
            pthread_cond_wait(&c->wake, &c->lock);
        if (!c->head) {              /* stopping, and nothing left */
            c->running = 0;
            pthread_mutex_unlock(&c->lock);
            return NULL;
        }
        pending *batch = c->head, *last = batch;
        size_t n = 1;
        while (n < BATCH && last->next) {
            last = last->next;
            n++;
        }
        c->head = last->next;
        if (!c->head)
            c->tail = &c->head;
        last->next = NULL;
        pthread_mutex_unlock(&c->lock);
        commit_batch(c, batch, n);
    }
}

int amb_committer_start(amb_survey_db *db, pthread_mutex_t *db_lock,
                        amb_committer **out, amb_error *err)
{
    amb_committer *c = amb_xcalloc(1, sizeof *c);
    c->db = db;
    c->db_lock = db_lock;
    c->tail = &c->head;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->wake, NULL);
    c->running = 1;
    if (pthread_create(&c->thread, NULL, writer, c) != 0) {
        pthread_cond_destroy(&c->wake);
        pthread_mutex_destroy(&c->lock);
        free(c);
        return amb_error_set(err, AMB_ERR, "survey serve: cannot start the "
                             "writer thread");
    }
    *out = c;
    return 0;
}

int amb_committer_queue(amb_committer *c, amb_survey_write *w,
                        void (*done)(void *ud), void *ud)
{
    pending *p = amb_xcalloc(1, sizeof *p);
    p->w = w;
    p->done = done;
    p->ud = ud;
    pthread_mutex_lock(&c->lock);
    if (!c->running || c->stopping) {
        pthread_mutex_unlock(&c->lock);
        free(p);
        return -1;
    }
    *c->tail = p;
    c->tail = &p->next;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    return 0;
}

void amb_committer_counts(amb_committer *c, unsigned long long *commits,
                          unsigned long long *writes)
{
    pthread_mutex_lock(&c->lock);
    *commits = c->commits;
    *writes = c->writes;
    pthread_mutex_unlock(&c->lock);
}

void amb_committer_stop(amb_committer *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    int join = !c->stopping;
    c->stopping = 1;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    if (join)
        pthread_join(c->thread, NULL);   /* it drains the queue first */
}

void amb_committer_free(amb_committer *c)
{
    if (!c)
        return;
    amb_committer_stop(c);
    pthread_cond_destroy(&c->wake);
    pthread_mutex_destroy(&c->lock);
    free(c);
}
