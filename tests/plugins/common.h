/* common.h: shared parts of the test plugins. */
#include <kabar/plugin.h>
#include <string.h>

/* Emit one item per line of the body: "url<TAB>title". */
__attribute__((unused)) static int
lines_parse(struct kabar_ctx *ctx, const struct kabar_host *host, const struct kabar_response *resp)
{
	size_t len, i, start = 0;
	const char *body = host->response_body(resp, &len);
	char line[1024];

	for (i = 0; i <= len; i++) {
		if (i == len || body[i] == '\n') {
			size_t n = i - start;
			char *tab;
			struct kabar_item it;

			if (n > 0 && n < sizeof(line)) {
				memcpy(line, body + start, n);
				line[n] = '\0';
				tab = strchr(line, '\t');
				memset(&it, 0, sizeof(it));
				it.struct_size = sizeof(it);
				it.published = KABAR_NO_TIME;
				it.updated = KABAR_NO_TIME;
				if (tab) {
					*tab = '\0';
					it.title = tab + 1;
				}
				it.url = line;
				host->emit(ctx, &it);
			}
			start = i + 1;
		}
	}
	return KABAR_OK;
}
