/* A test plugin whose behaviour the options choose, to exercise the run's
 * transaction handling:
 *   mode = "ok"          store rows (default)
 *   mode = "fail"        store fail_after rows, then fail with a message
 *   mode = "silent"      store rows, then return an error without a message
 *   mode = "hang"        store rows, create the file options.marker, sleep
 *   mode = "observe_bad" call observe with a duplicate key (store refuses)
 *   rows = N (default 5), value = V (default 1), dataset = "FAIL" */
#define _POSIX_C_SOURCE 200809L
#include <ambit/plugin.h>
#include <stdio.h>
#include <unistd.h>

static amb_rc failing_collect(amb_ctx *ctx, const amb_host *host,
                              const amb_opt *options)
{
    const char *mode = amb_opt_string(options, "mode", "ok");
    int rows = (int)amb_opt_number(options, "rows", 5);
    int fail_after = (int)amb_opt_number(options, "fail_after", 2);
    double value = amb_opt_number(options, "value", 1);
    amb_dim dims[] = {{"K", NULL}};
    amb_dataset_desc d = {
        .id = amb_opt_string(options, "dataset", "FAIL"),
        .ndims = 1, .dims = dims, .time_id = "T",
    };
    amb_rc rc = host->dataset_begin(ctx, &d);
    if (rc != AMB_OK)
        return rc;
    for (int i = 0; i < rows; i++) {
        if (mode[0] == 'f' && i == fail_after)
            return host->fail(ctx, AMB_EPARSE, "failing: broken at row %d", i);
        char code[16];
        snprintf(code, sizeof code, "k%d", i);
        const char *codes[] = {code};
        rc = host->observe(ctx, codes, "2024", value, 1, NULL);
        if (rc != AMB_OK)
            return rc;
        if (mode[0] == 'o' && mode[1] == 'b')   /* observe_bad */
            return host->observe(ctx, codes, "2024", value, 1, NULL);
    }
    if (mode[0] == 's')
        return AMB_EPARSE;
    if (mode[0] == 'h') {
        FILE *fp = fopen(amb_opt_string(options, "marker", "/nonexistent"), "w");
        if (fp)
            fclose(fp);
        for (;;)
            pause();
    }
    return AMB_OK;
}

AMB_PLUGIN_DEFINE = {
    .abi_version = AMB_PLUGIN_ABI,
    .name = "failing",
    .struct_size = sizeof(amb_plugin),
    .version = "1.0",
    .description = "test plugin that fails on request",
    .collect = failing_collect,
};
