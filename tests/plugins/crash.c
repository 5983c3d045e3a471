/* crash.c: a plugin that crashes, hangs or floods on request. The body
 * says what to do: "segv", "abort", "hang", "exit", "emit N", "follow",
 * "oldsize" (emits an item with a smaller struct_size, as an older
 * plugin would). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "common.h"

/* The item struct of an imaginary older header: only the first fields. */
struct old_item {
	size_t struct_size;
	const char *id;
	const char *url;
	const char *title;
};

static int
crash_parse(struct kabar_ctx *ctx, const struct kabar_host *host, const struct kabar_response *resp)
{
	size_t len;
	const char *body = host->response_body(resp, &len);
	char cmd[64];

	if (len >= sizeof(cmd))
		len = sizeof(cmd) - 1;
	memcpy(cmd, body, len);
	cmd[len] = '\0';
	host->log(ctx, KABAR_LOG_INFO, "asked to %s", cmd);
	if (strncmp(cmd, "segv", 4) == 0) {
		raise(SIGSEGV);
	} else if (strncmp(cmd, "abort", 5) == 0) {
		abort();
	} else if (strncmp(cmd, "hang", 4) == 0) {
		for (;;)
			pause();
	} else if (strncmp(cmd, "exit", 4) == 0) {
		exit(0);
	} else if (strncmp(cmd, "emit ", 5) == 0) {
		long i, n = strtol(cmd + 5, NULL, 10);
		char url[64];
		struct kabar_item it;

		for (i = 0; i < n; i++) {
			snprintf(url, sizeof(url), "http://example.org/%ld", i);
			memset(&it, 0, sizeof(it));
			it.struct_size = sizeof(it);
			it.url = url;
			it.title = "item";
			it.published = KABAR_NO_TIME;
			it.updated = KABAR_NO_TIME;
			if (host->emit(ctx, &it) != 0)
				break;
		}
	} else if (strncmp(cmd, "follow", 6) == 0) {
		static const char *const meta[] = { "page", "2", "section", "ekonomi" };
		struct kabar_request req = { sizeof(req), "next?page=2", "listing", meta, 2, KABAR_FOLLOW_NEW_ONLY };

		host->follow(ctx, &req);
		host->log(ctx, KABAR_LOG_WARNING, "follow from tag %s",
			  host->response_tag(resp) ? host->response_tag(resp) : "(none)");
	} else if (strncmp(cmd, "oldsize", 7) == 0) {
		struct old_item old = { sizeof(old), "old-1", "http://example.org/old", "old plugin item" };

		host->emit(ctx, (const struct kabar_item *)&old);
	}
	return KABAR_OK;
}

static const struct kabar_plugin crash_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = 1,
	.name = "crash",
	.version = "0",
	.parse = crash_parse,
};

KABAR_PLUGIN(crash_plugin)
