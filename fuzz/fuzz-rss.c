/* fuzz-rss.c: the bundled rss plugin, loaded once and run in-process with
 * kb_invoke on a hostile body (the last byte picks the Content-Type),
 * then its items written as a JSON Feed: the document must be valid
 * UTF-8 and valid JSON.
 *
 * The plugin is found at $KABAR_RSS_PLUGIN, else
 * $top_builddir/plugins/rss/.libs/rss.so, else next to this program
 * (../plugins/rss/.libs/rss.so in a build tree, or rss.so beside it in
 * the libFuzzer build). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../src/host.h"
#include "../src/invoke.h"
#include "../src/jsonfeed.h"
#include "../src/plugin.h"
#include "../src/util.h"
#include "fuzz.h"

static const char *const ctypes[] = {
	NULL,
	"application/rss+xml",
	"application/atom+xml; charset=utf-8",
	"text/xml; charset=iso-8859-1",
	"application/feed+json",
	"application/json",
	"text/html; charset=windows-1252",
	"application/rdf+xml",
	"text/plain",
};

static struct kb_plugin *plugin;

static int
usable(const char *path)
{
	return path && access(path, R_OK) == 0;
}

static char *
find_plugin(void)
{
	const char *env = getenv("KABAR_RSS_PLUGIN"), *top = getenv("top_builddir");
	char exe[4096], *slash, *p;
	ssize_t n;

	if (env && *env)
		return kb_strdup(env);
	if (top && *top) {
		p = kb_asprintf("%s/plugins/rss/.libs/rss.so", top);
		if (usable(p))
			return p;
		free(p);
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			p = kb_asprintf("%s/../plugins/rss/.libs/rss.so", exe);
			if (usable(p))
				return p;
			free(p);
			p = kb_asprintf("%s/rss.so", exe);
			if (usable(p))
				return p;
			free(p);
		}
	}
	return NULL;
}

static void
load_plugin(void)
{
	char *path, *err = NULL;

	if (plugin)
		return;
	path = find_plugin();
	if (!path) {
		fprintf(stderr, "fuzz-rss: cannot find rss.so: set KABAR_RSS_PLUGIN\n");
		exit(2);
	}
	plugin = kb_plugin_load(path, &err);
	if (!plugin) {
		fprintf(stderr, "fuzz-rss: cannot load %s: %s\n", path, err ? err : "?");
		exit(2);
	}
	free(path);
}

static void
check_jsonfeed(const struct kb_results *res)
{
	struct kb_buf b;
	struct json_tokener *tok;
	struct json_object *obj;
	enum json_tokener_error jerr;

	kb_buf_init(&b, (size_t)512 * 1024 * 1024);
	FUZZ_ASSERT(kb_jsonfeed_write(&b, res->has_feed ? &res->feed : NULL, "http://example.org/feed.json", res->items,
				      res->n_items, NULL) == 0,
		    "kb_jsonfeed_write failed on %zu items", res->n_items);
	FUZZ_ASSERT(b.len > 0 && kb_utf8_valid(b.data, b.len), "JSON Feed is not UTF-8");
	FUZZ_ASSERT(memchr(b.data, '\0', b.len) == NULL, "JSON Feed has a NUL byte");
	tok = json_tokener_new_ex(64);
	FUZZ_ASSERT(tok != NULL, "json_tokener_new_ex");
	obj = json_tokener_parse_ex(tok, b.data, (int)b.len);
	jerr = json_tokener_get_error(tok);
	FUZZ_ASSERT(jerr == json_tokener_success && obj != NULL && json_tokener_get_parse_end(tok) == b.len,
		    "JSON Feed does not parse: %s at byte %zu of %zu: %.300s", json_tokener_error_desc(jerr),
		    json_tokener_get_parse_end(tok), b.len, b.data);
	FUZZ_ASSERT(json_object_is_type(obj, json_type_object), "JSON Feed is not an object");
	json_object_put(obj);
	json_tokener_free(tok);
	kb_buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kabar_response resp;
	struct kb_header hdr;
	struct kb_invoke_opts opts;
	struct kb_results res;
	const char *ct = NULL;
	char *body;
	size_t i;

	fuzz_init();
	load_plugin();
	/* The last byte picks the Content-Type, so seeds stay plain files. */
	if (size > 0)
		ct = ctypes[data[size - 1] % (sizeof(ctypes) / sizeof(ctypes[0]))];
	body = fuzz_strndup(data, size);
	memset(&resp, 0, sizeof(resp));
	resp.url = (char *)(uintptr_t) "http://example.org/feeds/umkm.xml";
	resp.status = 200;
	hdr.name = (char *)(uintptr_t) "Content-Type";
	hdr.value = (char *)(uintptr_t)ct;
	resp.headers = ct ? &hdr : NULL;
	resp.n_headers = ct ? 1 : 0;
	resp.body = body;
	resp.len = size;
	memset(&opts, 0, sizeof(opts));
	opts.isolation = KB_ISOLATION_INPROCESS;
	opts.source_name = "fuzz";
	memset(&res, 0, sizeof(res));
	kb_invoke(plugin, NULL, "Asia/Jakarta", &resp, &opts, &res);
	FUZZ_ASSERT(res.err == KB_OK, "in-process invoke failed: %s", res.err_msg ? res.err_msg : "?");
	for (i = 0; i < res.n_items; i++) {
		const struct kb_item *it = &res.items[i];

		FUZZ_ASSERT(it->key != NULL, "item %zu has no key", i);
		FUZZ_ASSERT(!it->title || kb_utf8_valid(it->title, strlen(it->title)), "item %zu title is not UTF-8",
			    i);
		FUZZ_ASSERT(!it->content_html ||
				    fuzz_memcasestr(it->content_html, strlen(it->content_html), "<script") == NULL,
			    "item %zu content_html has <script", i);
	}
	check_jsonfeed(&res);
	kb_results_free(&res);
	free(body);
	return 0;
}
