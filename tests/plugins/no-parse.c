/* no-parse.c: a descriptor without the required parse callback. */
#include "common.h"

static const struct kabar_plugin no_parse_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = 1,
	.name = "no-parse",
	.version = "0",
	.parse = NULL,
};

KABAR_PLUGIN(no_parse_plugin)
