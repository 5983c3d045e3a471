/* partial.c: a listing-page plugin. Each line of the body is
 * "URL<TAB>TITLE"; every line becomes a partial item that the core
 * completes from the article page. A line "next URL" follows another
 * listing page, only if new. */
#include "common.h"

static int
partial_parse(struct kabar_ctx *ctx, const struct kabar_host *host, const struct kabar_response *resp)
{
	size_t len, i, start = 0;
	const char *body = host->response_body(resp, &len);
	char line[1024];

	for (i = 0; i <= len; i++) {
		if (i == len || body[i] == '\n') {
			size_t n = i - start;

			if (n > 0 && n < sizeof(line)) {
				struct kabar_item it;
				char *tab;

				memcpy(line, body + start, n);
				line[n] = '\0';
				if (strncmp(line, "next ", 5) == 0) {
					struct kabar_request req;

					memset(&req, 0, sizeof(req));
					req.struct_size = sizeof(req);
					req.url = line + 5;
					req.tag = "listing";
					req.flags = KABAR_FOLLOW_NEW_ONLY;
					host->follow(ctx, &req);
				} else {
					memset(&it, 0, sizeof(it));
					it.struct_size = sizeof(it);
					it.published = KABAR_NO_TIME;
					it.updated = KABAR_NO_TIME;
					tab = strchr(line, '\t');
					if (tab) {
						*tab = '\0';
						it.title = tab + 1;
					}
					it.url = line;
					host->emit_partial(ctx, &it);
				}
			}
			start = i + 1;
		}
	}
	return KABAR_OK;
}

static const struct kabar_plugin partial_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = 1,
	.name = "partial",
	.version = "1",
	.description = "test plugin: a listing of article links, completed by the core",
	.parse = partial_parse,
};

KABAR_PLUGIN(partial_plugin)
