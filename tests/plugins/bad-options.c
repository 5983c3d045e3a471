/* bad-options.c: declares a core key as its own option. */
#include "common.h"

static const struct kabar_option bad_options[] = {
	KABAR_OPTION("depth", KABAR_OPT_INT, 0, "1", "fine"),
	KABAR_OPTION("url", KABAR_OPT_URL, 1, NULL, "not allowed: a core key"),
	KABAR_OPTION_END,
};

static const struct kabar_plugin bad_options_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = 1,
	.name = "bad-options",
	.version = "0",
	.options = bad_options,
	.parse = lines_parse,
};

KABAR_PLUGIN(bad_options_plugin)
