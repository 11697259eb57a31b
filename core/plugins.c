/*
 * plugins.c - finding, checking and keeping plugins.
 *
 * A candidate is any regular file ending in ".so" in a searched directory.
 * It is opened with RTLD_NOW | RTLD_LOCAL (unresolved symbols fail now, not
 * in the middle of a run; plugins cannot see each other's symbols), and its
 * descriptor is checked in this order: the symbol exists, the frozen
 * abi_version field matches, the name is well formed and not taken, the
 * struct is large enough and it has a collect or import callback.
 */
#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "plugins.h"

amb_registry *amb_registry_new(void)
{
    return amb_xcalloc(1, sizeof(amb_registry));
}

void amb_registry_free(amb_registry *reg)
{
    if (!reg)
        return;
    for (size_t i = 0; i < reg->count; i++) {
        free(reg->plugins[i].path);
        /* Sanitizer builds keep objects mapped so leak reports can still
         * symbolise frames inside plugins. */
#ifndef __SANITIZE_ADDRESS__
        dlclose(reg->plugins[i].handle);
#endif
    }
    for (size_t i = 0; i < reg->nproblems; i++)
        free(reg->problems[i]);
    free(reg->plugins);
    free(reg->problems);
    free(reg);
}

/* Record "path: reason" and log it at warning level; returns rc. */
static int refuse(amb_registry *reg, int rc, const char *path,
                  const char *reason)
{
    char *line = amb_xasprintf("%s: %s", path, reason);
    amb_log(AMB_LOG_WARNING, "plugin refused: %s", line);
    reg->problems = amb_xrealloc(reg->problems,
                                 (reg->nproblems + 1) * sizeof(char *));
    reg->problems[reg->nproblems++] = line;
    return rc;
}

static int name_is_valid(const char *name)
{
    if (!name || !*name || strlen(name) > 64)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

const amb_loaded_plugin *amb_registry_find(const amb_registry *reg,
                                           const char *name)
{
    for (size_t i = 0; i < reg->count; i++)
        if (strcmp(reg->plugins[i].desc->name, name) == 0)
            return &reg->plugins[i];
    return NULL;
}

int amb_registry_load_file(amb_registry *reg, const char *path)
{
    char reason[512];
    dlerror();
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        /* dlerror() repeats the path; keep only what follows it. */
        const char *tail = why ? strstr(why, ": ") : NULL;
        snprintf(reason, sizeof reason, "not a loadable plugin (%s)",
                 tail ? tail + 2 : (why ? why : "dlopen failed"));
        return refuse(reg, AMB_EIO, path, reason);
    }
    const amb_plugin *desc = dlsym(handle, AMB_PLUGIN_SYMBOL);
    if (!desc) {
        dlclose(handle);
        return refuse(reg, AMB_ENOTFOUND, path,
                      "no '" AMB_PLUGIN_SYMBOL "' descriptor (not an ambit plugin)");
    }
    if (desc->abi_version != AMB_PLUGIN_ABI) {
        snprintf(reason, sizeof reason,
                 "built for plugin ABI %u, this ambit speaks ABI %d",
                 desc->abi_version, AMB_PLUGIN_ABI);
        dlclose(handle);
        return refuse(reg, AMB_EABI, path, reason);
    }
    if (!name_is_valid(desc->name)) {
        dlclose(handle);
        return refuse(reg, AMB_EABI, path,
                      "descriptor has no valid name ([a-z0-9_], 1-64 characters)");
    }
    if (desc->struct_size < sizeof(amb_plugin)) {
        snprintf(reason, sizeof reason,
                 "descriptor of plugin '%s' is truncated (%zu bytes, expected %zu)",
                 desc->name, desc->struct_size, sizeof(amb_plugin));
        dlclose(handle);
        return refuse(reg, AMB_EABI, path, reason);
    }
    if (!desc->collect && !desc->import) {
        snprintf(reason, sizeof reason,
                 "plugin '%s' implements neither collect nor import", desc->name);
        dlclose(handle);
        return refuse(reg, AMB_EABI, path, reason);
    }
    const amb_loaded_plugin *seen = amb_registry_find(reg, desc->name);
    if (seen) {
        snprintf(reason, sizeof reason,
                 "duplicate plugin name '%s' (already loaded from %s)",
                 desc->name, seen->path);
        dlclose(handle);
        return refuse(reg, AMB_ECONFIG, path, reason);
    }
    reg->plugins = amb_xrealloc(reg->plugins,
                                (reg->count + 1) * sizeof(amb_loaded_plugin));
    amb_loaded_plugin *lp = &reg->plugins[reg->count++];
    lp->desc = desc;
    lp->path = amb_xstrdup(path);
    lp->handle = handle;
    amb_log(AMB_LOG_DEBUG, "plugin %s %s loaded from %s", desc->name,
            desc->version ? desc->version : "?", path);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls > lx && strcmp(s + ls - lx, suffix) == 0;
}

int amb_registry_load_dir(amb_registry *reg, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (errno != ENOENT)
            amb_log(AMB_LOG_WARNING, "plugin directory %s: %s", dir,
                    strerror(errno));
        return 0;
    }
    char **names = NULL;
    size_t n = 0;
    const struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!has_suffix(de->d_name, ".so"))
            continue;
        names = amb_xrealloc(names, (n + 1) * sizeof(char *));
        names[n++] = amb_xstrdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(char *), by_name);
    for (size_t i = 0; i < n; i++) {
        char *path = amb_path_join(dir, names[i]);
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            amb_registry_load_file(reg, path);
        free(path);
        free(names[i]);
    }
    free(names);
    return 0;
}

/* The build tree's plugin directory when the running binary is the one in
 * that build tree (so an uninstalled ambit finds its own plugins and an
 * installed one never picks up a stale build).  Caller frees; NULL if not. */
static char *build_tree_plugin_dir(void)
{
    char *build = amb_build_tree();
    if (!build)
        return NULL;
    char *dir = amb_xasprintf("%s/plugins/.libs", build);
    free(build);
    return dir;
}

int amb_registry_load_default(amb_registry *reg, const char *const *extra_dirs,
                              size_t nextra)
{
    for (size_t i = 0; i < nextra; i++)
        amb_registry_load_dir(reg, extra_dirs[i]);
    const char *env = getenv("AMBIT_PLUGIN_PATH");
    if (env && *env) {
        char *copy = amb_xstrdup(env);
        char *save = NULL;
        for (char *tok = strtok_r(copy, ":", &save); tok;
             tok = strtok_r(NULL, ":", &save))
            if (*tok)
                amb_registry_load_dir(reg, tok);
        free(copy);
    }
    char *build = build_tree_plugin_dir();
    if (build) {
        amb_registry_load_dir(reg, build);
        free(build);
    } else {
        amb_registry_load_dir(reg, AMB_PLUGIN_DIR);
    }
    return 0;
}
