/* good.c: a well-formed test plugin with options. */
#include "common.h"

static const struct kabar_option good_options[] = {
	KABAR_OPTION("selector", KABAR_OPT_STRING, 1, NULL, "what to select"),
	KABAR_OPTION("pages", KABAR_OPT_INT, 0, "3", "pages to read"),
	KABAR_OPTION("strict", KABAR_OPT_BOOL, 0, "no", "be strict"),
	KABAR_OPTION_END,
};

static const struct kabar_plugin good_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = 1,
	.name = "good",
	.version = "1.2.3",
	.description = "test plugin: one item per line",
	.options = good_options,
	.parse = lines_parse,
};

KABAR_PLUGIN(good_plugin)
