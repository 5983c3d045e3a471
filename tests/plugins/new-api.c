/* new-api.c: needs a host API level this kabar does not have. */
#include "common.h"

static const struct kabar_plugin new_api_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = KABAR_API_LEVEL + 7,
	.name = "new-api",
	.version = "0",
	.parse = lines_parse,
};

KABAR_PLUGIN(new_api_plugin)
