/* fuzz-json.c: the host's JSON parsing (BOM, UTF-8 repair, json-c with a
 * depth limit) on a hostile body, then every value reached through the
 * json_* accessors. Strings handed to plugins must be UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/host.h"
#include "../src/util.h"
#include "fuzz.h"

#define MAX_DEPTH  100
#define MAX_VISITS 5000

static const struct kabar_host *H = &kb_host_table;

static const char *const keys[] = {
	"version",
	"title",
	"items",
	"id",
	"url",
	"external_url",
	"content_html",
	"content_text",
	"summary",
	"date_published",
	"date_modified",
	"authors",
	"author",
	"name",
	"tags",
	"attachments",
	"size_in_bytes",
	"a",
	"",
	"0",
};

static void
walk(struct kabar_ctx *ctx, struct kabar_json *v, int depth, long *visits)
{
	const char *s;
	int type;
	size_t i, n;

	if (++*visits > MAX_VISITS)
		return;
	type = H->json_type(v);
	FUZZ_ASSERT(type >= 0 && type <= 5, "json_type %d", type);
	s = H->json_string(ctx, v);
	if (s)
		FUZZ_ASSERT(kb_utf8_valid(s, strlen(s)), "json_string is not UTF-8");
	(void)H->json_int(v, -1);
	n = H->json_length(v);
	FUZZ_ASSERT(type == 4 || n == 0, "length %zu of a non-array", n);
	if (depth >= MAX_DEPTH)
		return;
	if (type == 4) {
		for (i = 0; i < n && i < 100; i++) {
			struct kabar_json *c = H->json_at(v, i);

			walk(ctx, c, depth + 1, visits);
		}
		(void)H->json_at(v, n);
	} else if (type == 5) {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			struct kabar_json *c = H->json_get(v, keys[i]);

			if (c)
				walk(ctx, c, depth + 1, visits);
		}
	} else {
		FUZZ_ASSERT(H->json_get(v, "a") == NULL, "json_get on a non-object");
		FUZZ_ASSERT(H->json_at(v, 0) == NULL, "json_at on a non-array");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kabar_response resp;
	struct kb_header hdr;
	struct kb_buf out;
	struct kabar_ctx ctx;
	struct kabar_doc *doc;
	char *body;
	long visits = 0;

	fuzz_init();
	body = fuzz_strndup(data, size);
	memset(&resp, 0, sizeof(resp));
	resp.url = (char *)(uintptr_t) "http://example.org/feed.json";
	resp.status = 200;
	hdr.name = (char *)(uintptr_t) "Content-Type";
	hdr.value = (char *)(uintptr_t) "application/feed+json";
	resp.headers = &hdr;
	resp.n_headers = 1;
	resp.body = body;
	resp.len = size;
	kb_buf_init(&out, 64 * 1024 * 1024);
	kb_ctx_init(&ctx, NULL, NULL, &resp, &out);
	doc = H->parse_json(&ctx, &resp);
	if (doc) {
		walk(&ctx, H->json_root(doc), 0, &visits);
		/* JSON has no tree of nodes: the XML functions refuse it. */
		FUZZ_ASSERT(H->doc_root(doc) == NULL, "doc_root of a json document");
		FUZZ_ASSERT(H->xpath(&ctx, doc, NULL, "/") == NULL, "xpath on a json document");
	}
	kb_ctx_release(&ctx);
	kb_buf_free(&out);
	free(body);
	return 0;
}
