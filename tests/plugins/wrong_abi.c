/* A plugin built for an ABI this core does not speak. */
#include <ambit/plugin.h>

static amb_rc nothing(amb_ctx *ctx, const amb_host *host, const amb_opt *o)
{
    (void)ctx;
    (void)host;
    (void)o;
    return AMB_OK;
}

AMB_PLUGIN_DEFINE = {
    .abi_version = 999,
    .name = "future",
    .struct_size = sizeof(amb_plugin),
    .version = "9.0",
    .description = "from a future ambit",
    .collect = nothing,
};
