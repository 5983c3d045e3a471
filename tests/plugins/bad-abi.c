/* bad-abi.c: built for a future ABI. */
#include "common.h"

static const struct kabar_plugin bad_abi_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR + 1,
	.api_level = 1,
	.name = "bad-abi",
	.version = "0",
	.parse = lines_parse,
};

KABAR_PLUGIN(bad_abi_plugin)
