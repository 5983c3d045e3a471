/* fuzz-xml.c: the host's XML parsing (charset detection, the pre-pass,
 * libxml2 in recovery mode) on a hostile body, then the whole tree walked
 * with the host functions. The last byte picks the Content-Type. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/host.h"
#include "fuzz.h"

static const char *const ctypes[] = {
	NULL,
	"application/rss+xml",
	"text/xml; charset=utf-8",
	"application/xml; charset=iso-8859-1",
	"application/atom+xml; charset=windows-1252",
	"text/xml; charset=utf-16",
	"text/xml; charset=\"koi8-r\"",
	"application/xml; charset=bogus-charset",
	"text/xml; charset=shift_jis",
	"text/xml; charset=utf-32be",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kabar_response resp;
	struct kb_header hdr;
	struct kb_buf out;
	struct kabar_ctx ctx;
	struct kabar_doc *doc;
	const char *ct = NULL;
	char *body;

	fuzz_init();
	/* The last byte picks the Content-Type, so seeds stay plain files. */
	if (size > 0)
		ct = ctypes[data[size - 1] % (sizeof(ctypes) / sizeof(ctypes[0]))];
	memset(&resp, 0, sizeof(resp));
	resp.url = (char *)(uintptr_t) "http://example.org/feeds/umkm.xml";
	resp.status = 200;
	hdr.name = (char *)(uintptr_t) "Content-Type";
	hdr.value = (char *)(uintptr_t)ct;
	resp.headers = ct ? &hdr : NULL;
	resp.n_headers = ct ? 1 : 0;
	/* The core's bodies are NUL-terminated (host.h); len is the truth. */
	body = fuzz_strndup(data, size);
	resp.body = body;
	resp.len = size;
	kb_buf_init(&out, 64 * 1024 * 1024);
	kb_ctx_init(&ctx, NULL, NULL, &resp, &out);
	doc = kb_host_table.parse_xml(&ctx, &resp);
	if (doc)
		fuzz_walk_doc(&ctx, doc, 1);
	kb_ctx_release(&ctx);
	kb_buf_free(&out);
	free(body);
	return 0;
}
