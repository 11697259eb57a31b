/*
 * plugins.h - the plugin registry: finds shared objects, checks their
 * descriptor and ABI, and keeps the good ones.
 *
 * Search order (first plugin of a name wins; a later one of the same name is
 * refused as a duplicate): each --plugin-dir, each AMBIT_PLUGIN_PATH entry,
 * the build tree's plugins when the running binary is the uninstalled one,
 * then the installed plugin directory.  A refused file gets one line in the
 * registry's problem list and loading goes on with the others.
 */
#ifndef AMB_PLUGINS_H
#define AMB_PLUGINS_H

#include <stddef.h>

#include "ambit/plugin.h"
#include "util.h"

typedef struct amb_loaded_plugin {
    const amb_plugin *desc;   /* inside the loaded object */
    char *path;               /* the file it came from */
    void *handle;             /* dlopen handle */
} amb_loaded_plugin;

typedef struct amb_registry {
    amb_loaded_plugin *plugins;
    size_t count;
    char **problems;          /* "path: reason" lines, in discovery order */
    size_t nproblems;
} amb_registry;

/* An empty registry (caller frees with amb_registry_free). */
amb_registry *amb_registry_new(void);
void amb_registry_free(amb_registry *reg);

/* Try one file.  Returns 0 when loaded; otherwise records a problem line
 * "path: reason" and returns a negative amb_rc (AMB_EABI for a wrong ABI,
 * AMB_ENOTFOUND for a missing descriptor, AMB_ECONFIG for a duplicate,
 * AMB_EIO for a file dlopen refuses). */
int amb_registry_load_file(amb_registry *reg, const char *path);
/* Every *.so in dir (sorted by name); a missing dir is not an error. */
int amb_registry_load_dir(amb_registry *reg, const char *dir);
/* The standard search described above; extra_dirs may be NULL. */
int amb_registry_load_default(amb_registry *reg, const char *const *extra_dirs,
                              size_t nextra);

const amb_loaded_plugin *amb_registry_find(const amb_registry *reg,
                                           const char *name);

#endif
