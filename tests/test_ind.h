/*
 * test_ind.h - fixtures shared by the indicator tests (test_indicators.c,
 * test_ind_query.c): a real store filled with known numbers, rule files
 * written on the fly, and evaluation helpers.
 */
#ifndef AMB_TEST_IND_H
#define AMB_TEST_IND_H

#include "indicators.h"

/* The shipped model (lua/ambition.lua of the source tree); caller frees. */
amb_ambition *ind_test_model(void);

/* A fresh directory with data/ambit.db holding the fixture datasets
 * (test_ind_fixture.c lists them with their numbers).  Caller frees the
 * directory string and removes the tree; *store gets the store's path
 * (caller frees). */
char *ind_test_store(char **store);

/* Write dir/name with text; returns the path (caller frees). */
char *ind_test_file(const char *dir, const char *name, const char *text);

/* The text of a valid indicator declaration with id, on line 2 of its
 * file, with extra appended to its table (later fields override earlier
 * ones).  Caller frees. */
char *ind_test_rule(const char *id, const char *extra);

/* Load rules from text (file dir/name) and evaluate them against store
 * with the given limits (NULL: defaults).  The set and results are the
 * caller's; results are NULL when loading failed (err says why). */
amb_ind_results *ind_test_eval(const char *dir, const char *name,
                               const char *text, const char *store,
                               const amb_lua_limits *lim, amb_ind_set **set,
                               amb_error *err);

/* The result of rule id, or NULL. */
const amb_ind_result *ind_test_result(const amb_ind_results *r,
                                      const char *id);
/* The series of area in a result, or NULL. */
const amb_ind_series *ind_test_series(const amb_ind_result *r,
                                      const char *area);
/* The value of period in a series: 1 and *v when present with a value. */
int ind_test_value(const amb_ind_series *s, const char *period, double *v);

/* Suites. */
void ind_test_model_suite(void);
void ind_test_query_suite(void);
void ind_test_report_suite(void);

#endif
