/*
 * survey_commit.h - the web form's group commit: one writer thread that
 * takes every page save and submission queued meanwhile and makes them
 * durable in a single SQLite transaction (amb_survey_db_write_batch).
 *
 * Why: a save is a dozen indexed row writes, but its commit (WAL frames,
 * file locks, the checkpoints they lead to) costs several times that.
 * With many respondents posting at once, one commit for all of them is
 * what lets two cores keep up; each answer is still acknowledged only
 * after the commit that holds it.
 *
 * Ownership: the committer borrows db and the mutex that guards it (the
 * server's other users of db take the same mutex).  A queued write stays
 * owned by the caller, who must keep it alive until done(ud) has been
 * called; done runs on the writer thread, after the write's results are
 * set, and must not block.
 */
#ifndef AMB_SURVEY_COMMIT_H
#define AMB_SURVEY_COMMIT_H

#include <pthread.h>

#include "survey_session.h"

typedef struct amb_committer amb_committer;

/* Start the writer thread.  0, or AMB_ERR when no thread can start. */
int amb_committer_start(amb_survey_db *db, pthread_mutex_t *db_lock,
                        amb_committer **out, amb_error *err);
/* Queue w; done(ud) follows its commit.  0, or -1 when the committer is
 * stopping (the caller then writes by itself). */
int amb_committer_queue(amb_committer *c, amb_survey_write *w,
                        void (*done)(void *ud), void *ud);
/* Commit what is queued and stop the thread; later writes are refused
 * (amb_committer_queue returns -1).  NULL is fine. */
void amb_committer_stop(amb_committer *c);
/* Stop (if still running) and free c.  NULL is fine. */
void amb_committer_free(amb_committer *c);
/* Transactions and writes so far, for the log. */
void amb_committer_counts(amb_committer *c, unsigned long long *commits,
                          unsigned long long *writes);

#endif
