/*
 * ind_load.c - rule sets: creating, finding and ordering rules, and loading
 * rule files, rule directories (every "*.lua" in name order) and the rules
 * of a workspace (the shipped set, then the directories ambit.lua names).
 * Each file runs in a fresh sandbox through ind_run_rule_file().
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ind_internal.h"

amb_ind_set *amb_ind_set_new(void)
{
    return amb_xcalloc(1, sizeof(amb_ind_set));
}

void amb_ind_set_free(amb_ind_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        ind_rule_clear(&set->rules[i]);
    free(set->rules);
    free(set);
}

const amb_ind_rule *amb_ind_set_find(const amb_ind_set *set, const char *id)
{
    for (size_t i = 0; set && id && i < set->n; i++)
        if (set->rules[i].id && strcmp(set->rules[i].id, id) == 0)
            return &set->rules[i];
    return NULL;
}

/* A rule with its sort key, for amb_ind_set_sort(). */
typedef struct keyed_rule {
    size_t key;
    amb_ind_rule rule;
} keyed_rule;

static int by_key(const void *a, const void *b)
{
    size_t x = ((const keyed_rule *)a)->key, y = ((const keyed_rule *)b)->key;
    return x < y ? -1 : x > y;
}

void amb_ind_set_sort(amb_ind_set *set, const amb_ambition *m)
{
    size_t nsub = amb_ambition_subgoal_count(m);
    keyed_rule *k = amb_xcalloc(set->n ? set->n : 1, sizeof *k);
    for (size_t i = 0; i < set->n; i++) {
        size_t place = nsub;
        for (size_t g = 0; g < nsub; g++)
            if (strcmp(amb_ambition_subgoal_at(m, g)->id,
                       set->rules[i].subgoal) == 0)
                place = g;
        k[i].key = place * set->n + i;   /* load order breaks ties */
        k[i].rule = set->rules[i];
    }
    qsort(k, set->n, sizeof *k, by_key);
    for (size_t i = 0; i < set->n; i++)
        set->rules[i] = k[i].rule;
    free(k);
}

int amb_ind_load_file(amb_ind_set *set, const amb_ambition *m,
                      const char *path, const amb_lua_limits *lim,
                      amb_error *err)
{
    amb_lua *lh = NULL;
    int rc = amb_lua_new(lim, &lh, err);
    if (rc < 0)
        return rc;
    rc = ind_run_rule_file(lh, set, m, path, NULL, err);
    amb_lua_free(lh);
    if (rc == 0)
        set->nfiles++;
    return rc;
}

/* qsort comparator for file names (byte order, independent of locale). */
static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular "*.lua" files of dir, sorted, as owned full paths. */
static int list_rule_files(const char *dir, char ***out, size_t *n,
                           amb_error *err)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return amb_error_set(err, errno == ENOENT ? AMB_ENOTFOUND : AMB_EIO,
                             "%s: %s", dir, strerror(errno));
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 ||
            strcmp(e->d_name + len - 4, ".lua") != 0)
            continue;
        char *path = amb_path_join(dir, e->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            free(path);
            continue;
        }
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            *out = amb_xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = path;
    }
    closedir(d);
    if (*n)
        qsort(*out, *n, sizeof **out, by_name);
    return 0;
}

int amb_ind_load_dir(amb_ind_set *set, const amb_ambition *m,
                     const char *dir, const amb_lua_limits *lim,
                     amb_ind_problem_fn problem, void *ud, amb_error *err)
{
    char **files;
    size_t n;
    int rc = list_rule_files(dir, &files, &n, err);
    if (rc < 0)
        return rc;
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        amb_error e;
        amb_error_clear(&e);
        int r = amb_ind_load_file(set, m, files[i], lim, &e);
        if (r < 0 && !problem) {
            *err = e;
            rc = r;
            break;
        }
        if (r < 0) {
            problem(ud, e.msg);
            if (!failed)
                *err = e;
            failed = 1;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return rc < 0 ? rc : failed ? AMB_ECONFIG : 0;
}

int amb_ind_load_workspace(amb_ind_set *set, const amb_ambition *m,
                           const amb_config *cfg, amb_error *err)
{
    char *shipped = amb_data_path("lua/indicators");
    int rc = amb_ind_load_dir(set, m, shipped, &cfg->lua, NULL, NULL, err);
    free(shipped);
    for (size_t i = 0; rc == 0 && i < cfg->nindicator_dirs; i++) {
        rc = amb_ind_load_dir(set, m, cfg->indicator_dirs[i], &cfg->lua,
                              NULL, NULL, err);
        if (rc == AMB_ENOTFOUND && !cfg->indicator_dirs_set)
            rc = 0;
        else if (rc == AMB_ENOTFOUND)
            rc = amb_error_set(err, AMB_ECONFIG, "%s: indicator directory "
                               "named in %s does not exist",
                               cfg->indicator_dirs[i], cfg->path);
    }
    if (rc == 0)
        amb_ind_set_sort(set, m);
    return rc;
}
