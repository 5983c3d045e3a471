/* stateful.c: a plugin that wrongly keeps state between callbacks. It
 * counts calls in a static variable and emits an item only from the
 * second call on: in-process that "works", in fork isolation it never
 * emits anything, which is how the tests catch such plugins. */
#include <stdio.h>
#include "common.h"

static int calls;

static int
stateful_parse(struct kabar_ctx *ctx, const struct kabar_host *host, const struct kabar_response *resp)
{
	struct kabar_item it;
	char url[64];

	calls++;
	if (calls < 2)
		return KABAR_OK;
	snprintf(url, sizeof(url), "http://example.org/%d", calls);
	memset(&it, 0, sizeof(it));
	it.struct_size = sizeof(it);
	it.url = url;
	it.title = "counted";
	it.published = KABAR_NO_TIME;
	it.updated = KABAR_NO_TIME;
	return host->emit(ctx, &it);
}

static const struct kabar_plugin stateful_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = 1,
	.name = "stateful",
	.version = "0",
	.parse = stateful_parse,
};

KABAR_PLUGIN(stateful_plugin)
