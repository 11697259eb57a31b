/*
 * indicators.h - indicator rules (the Lua DSL described in ambit-lua(5))
 * and their evaluation against a store.
 *
 * A rule file calls indicator { ... } once per indicator.  Loading a file
 * runs it in a fresh sandbox, checks every field (errors "FILE:LINE:
 * indicator 'x': ...", LINE being the line of the indicator call) and keeps
 * the declarations in an amb_ind_set; compute functions are not run.
 *
 * Evaluating runs each rule's compute(q) in a sandbox of its own (a fresh
 * state per indicator: a rule that exhausts its memory or instruction
 * budget cannot harm the next one), with q the read-only query API over a
 * second, read-only connection to the store.  Every rule gets a result:
 * its series per area and a status per series (status.h), or an error, or
 * "insufficient data" with a note (no employer survey in the store yet).
 *
 * Ownership: sets and results own all their strings; a result's rule
 * pointer is borrowed from the set, which must outlive the results.
 */
#ifndef AMB_INDICATORS_H
#define AMB_INDICATORS_H

#include <stddef.h>

#include "ambition.h"
#include "conf.h"
#include "lua_host.h"
#include "status.h"
#include "util.h"

typedef enum amb_ind_breakdown {
    AMB_IND_REGION = 0,
    AMB_IND_MUNICIPALITY,
    AMB_IND_BOTH
} amb_ind_breakdown;

/* One checked indicator declaration. */
typedef struct amb_ind_rule {
    char *id;                     /* [a-z0-9_]+, unique in a set */
    char *file;                   /* the rule file, as given */
    int line;                     /* line of the indicator { } call */
    amb_ambition_text title;
    amb_ambition_text description;
    char *subgoal;                /* a sub-goal of the model, or "4.2" */
    char *unit;
    int direction;                /* +1 higher is better, -1 lower */
    int has_baseline;
    char *baseline_period;
    int has_baseline_value;
    double baseline_value;
    char *baseline_note;          /* may be NULL */
    int has_target;
    char *target_period;
    double target_value;
    amb_ind_breakdown breakdown;
    char **datasets;              /* reads.datasets */
    size_t ndatasets;
    char **survey;                /* reads.survey (question ids) */
    size_t nsurvey;
    char *source_note;
    int bounded;                  /* bounded = { limit = ... } given */
    double limit;
} amb_ind_rule;

typedef struct amb_ind_set {
    amb_ind_rule *rules;          /* in load order */
    size_t n;
    size_t cap;
    size_t nfiles;                /* files loaded */
} amb_ind_set;

amb_ind_set *amb_ind_set_new(void);
void amb_ind_set_free(amb_ind_set *set);           /* NULL is fine */
const amb_ind_rule *amb_ind_set_find(const amb_ind_set *set, const char *id);
/* Order the rules by their sub-goal's place in the model (4.2 first),
 * keeping load order within a sub-goal.  Invalidates rule pointers. */
void amb_ind_set_sort(amb_ind_set *set, const amb_ambition *m);

/* Run one rule file and add its indicators to set (all or none).  lim may
 * be NULL for the default sandbox limits.  Errors carry "FILE:LINE: ...";
 * AMB_ECONFIG for a bad rule, AMB_EIO for an unreadable file. */
int amb_ind_load_file(amb_ind_set *set, const amb_ambition *m,
                      const char *path, const amb_lua_limits *lim,
                      amb_error *err);

/* Called with each file's error while loading a directory goes on. */
typedef void (*amb_ind_problem_fn)(void *ud, const char *msg);

/* Load every regular "*.lua" file of dir in name order.  With problem NULL
 * the first failing file stops the load (its error in err); otherwise every
 * failing file is reported through problem, the others are loaded, and the
 * result is AMB_ECONFIG when any failed.  A missing dir is AMB_ENOTFOUND. */
int amb_ind_load_dir(amb_ind_set *set, const amb_ambition *m,
                     const char *dir, const amb_lua_limits *lim,
                     amb_ind_problem_fn problem, void *ud, amb_error *err);

/* The rules `ambit indicators` runs: the shipped set
 * (amb_data_path("lua/indicators")) and then each of the workspace's rule
 * directories (cfg->indicator_dirs; the default "indicators" may be
 * absent, a directory named in ambit.lua may not). */
int amb_ind_load_workspace(amb_ind_set *set, const amb_ambition *m,
                           const amb_config *cfg, amb_error *err);

/* ---- evaluation ---- */

typedef struct amb_ind_point {
    char *period;
    int has_value;                /* 0: a gap, with a flag saying why */
    double value;
    char *flag;                   /* may be NULL */
} amb_ind_point;

typedef struct amb_ind_series {
    char *area;                   /* StatBank area code */
    amb_ind_point *points;        /* ascending periods */
    size_t npoints;
    const char *latest_period;    /* the last period with a value, or NULL */
    double latest_value;
    amb_status_result status;
} amb_ind_series;

typedef struct amb_ind_result {
    const amb_ind_rule *rule;     /* borrowed from the set */
    amb_status state;             /* ERROR, INSUFFICIENT_DATA, or the
                                     headline status */
    char *error;                  /* the message when state is ERROR */
    char *note;                   /* why there is nothing to assess */
    amb_ind_series *series;       /* region first, then municipalities in
                                     the model's order */
    size_t nseries;
    int has_score;                /* for the sub-goal combination */
    double score;
} amb_ind_result;

typedef struct amb_ind_results {
    amb_ind_result *items;        /* in the set's order */
    size_t n;
} amb_ind_results;

typedef struct amb_ind_eval_opts {
    amb_lua_limits limits;        /* zeros: the sandbox defaults */
    const char *subgoal;          /* only rules under it; NULL: all */
} amb_ind_eval_opts;

/* Evaluate the set against the store at store_path, opened read-only.
 * Rule failures become results in state ERROR; only a store that cannot
 * be opened or read fails the call (AMB_ESTORE). */
int amb_ind_evaluate(const amb_ind_set *set, const amb_ambition *m,
                     const char *store_path, const amb_ind_eval_opts *opts,
                     amb_ind_results **out, amb_error *err);
void amb_ind_results_free(amb_ind_results *r);     /* NULL is fine */

/* The combined status of the results under one sub-goal (step 7 of the
 * method): the mean of their scores.  *n gets the number of indicators
 * that could be assessed; none gives AMB_STATUS_INSUFFICIENT_DATA. */
amb_status amb_ind_combine(const amb_ind_results *r, const char *subgoal,
                           double *score, size_t *n);

#endif
