/* A well-formed test plugin: stores a tiny dataset "GOOD" (or options.dataset)
 * and returns AMB_UNCHANGED when options.unchanged is true. */
#include <ambit/plugin.h>

static amb_rc good_collect(amb_ctx *ctx, const amb_host *host,
                           const amb_opt *options)
{
    if (amb_opt_bool(options, "unchanged", 0))
        return AMB_UNCHANGED;
    amb_dim dims[] = {{"AREA", "area"}};
    amb_dataset_desc d = {
        .id = amb_opt_string(options, "dataset", "GOOD"),
        .title = "good test data", .unit = "things",
        .ndims = 1, .dims = dims, .time_id = "YEAR",
    };
    amb_rc rc = host->dataset_begin(ctx, &d);
    if (rc != AMB_OK)
        return rc;
    static const char *const areas[] = {"081", "851", "860"};
    for (int i = 0; i < 3; i++) {
        const char *codes[] = {areas[i]};
        rc = host->observe(ctx, codes, "2024", 10.0 * (i + 1), 1, NULL);
        if (rc != AMB_OK)
            return rc;
    }
    return host->dim_label(ctx, 0, "851", "da", "Aalborg");
}

static amb_rc good_import(amb_ctx *ctx, const amb_host *host,
                          const amb_opt *options, const char *path)
{
    (void)path;
    return good_collect(ctx, host, options);
}

AMB_PLUGIN_DEFINE = {
    .abi_version = AMB_PLUGIN_ABI,
    .name = "good",
    .struct_size = sizeof(amb_plugin),
    .version = "1.0",
    .description = "a second plugin claiming the name good",
    .collect = good_collect,
    .import = good_import,
};
