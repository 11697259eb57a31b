/*
 * test_sdmx.c - the sdmx plugin's unit tests (the built plugin, loaded from
 * the build tree with dlopen, driven through a recording amb_host), and
 * the HTTP server tests/sdmx.test runs the real ambit binary against:
 *
 *   test_sdmx                                   run the CUnit suites
 *   test_sdmx serve DIR PORTFILE HITSFILE [PATH...]
 *       serve the files under DIR with the HTTP fixture on 127.0.0.1,
 *       write the port to PORTFILE, and on SIGTERM (or after 10 minutes)
 *       write "total N" and "PATH N" for each PATH to HITSFILE and exit.
 */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_fixture.h"
#include "test_sdmx.h"
#include "util.h"

/* Write text to path through a temporary file and rename, so that a
 * reader never sees half of it. */
static int write_atomic(const char *path, const char *text)
{
    char *tmp = amb_xasprintf("%s.tmp", path);
    FILE *fp = fopen(tmp, "w");
    int ok = fp && fputs(text, fp) >= 0;
    if (fp && fclose(fp) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    free(tmp);
    return ok ? 0 : -1;
}

int sdmx_serve(const char *dir, const char *portfile, const char *hitsfile,
               int npaths, char **paths)
{
    /* block the signals before the server thread starts, so that only
     * sigtimedwait below receives them */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    amb_http_fixture *fx = amb_http_fixture_start();
    amb_http_fixture_route_dir(fx, "/", dir);
    char port[32];
    snprintf(port, sizeof port, "%d\n", amb_http_fixture_port(fx));
    if (write_atomic(portfile, port) < 0) {
        perror(portfile);
        amb_http_fixture_stop(fx);
        return 1;
    }
    struct timespec limit = {600, 0};   /* never outlive a stuck test */
    sigtimedwait(&set, NULL, &limit);
    amb_buf hits = {0};
    amb_buf_printf(&hits, "total %u\n", amb_http_fixture_requests(fx));
    for (int i = 0; i < npaths; i++)
        amb_buf_printf(&hits, "%s %u\n", paths[i],
                       amb_http_fixture_hits(fx, paths[i]));
    int rc = write_atomic(hitsfile, hits.data) < 0 ? 1 : 0;
    amb_buf_free(&hits);
    amb_http_fixture_stop(fx);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "serve") == 0) {
        if (argc < 5) {
            fprintf(stderr, "usage: %s serve DIR PORTFILE HITSFILE "
                            "[PATH...]\n", argv[0]);
            return 2;
        }
        return sdmx_serve(argv[2], argv[3], argv[4], argc - 5, argv + 5);
    }
    char *so = amb_xasprintf("%s/plugins/.libs/sdmx.so", amb_test_builddir());
    void *handle = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        fprintf(stderr, "test_sdmx: cannot load %s: %s (build plugins/sdmx.la "
                        "first)\n", so, dlerror());
        free(so);
        return 1;
    }
    free(so);
    sdmx_plugin = (const amb_plugin *)dlsym(handle, AMB_PLUGIN_SYMBOL);
    if (!sdmx_plugin) {
        fprintf(stderr, "test_sdmx: no %s in the plugin\n", AMB_PLUGIN_SYMBOL);
        dlclose(handle);
        return 1;
    }
    sdmx_register_samples();
    sdmx_register_large();
    sdmx_register_errors();
    sdmx_register_csv();
    /* The plugin stays loaded: dlclose would unload libxml2 with it, and
     * the parser state libxml2 keeps for the whole process would then show
     * up as leaks. */
    return amb_test_run();
}
