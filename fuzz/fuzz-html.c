/* fuzz-html.c: HTML parsing through the host table, the sanitizer and
 * the text converter on hostile markup.
 *
 * Properties: the sanitizer's output has no "<script" (case-insensitive)
 * and no event handler or style attribute, every URL attribute it
 * writes is http(s), mailto or a data: image once entities are decoded
 * (or relative), it is UTF-8, and sanitizing its own output changes
 * nothing (FUZZ_HTML_IDEMPOTENCE=0 turns that check off). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/host.h"
#include "../src/sanitize.h"
#include "../src/util.h"
#include "fuzz.h"

#define BASE "http://example.org/berita/"

/* Sanitizing twice changes nothing: checked unless
 * FUZZ_HTML_IDEMPOTENCE=0. -1: not read yet. */
static int check_stable = -1;

static const char *const ctypes[] = {
	NULL,
	"text/html",
	"text/html; charset=utf-8",
	"text/html; charset=windows-1252",
	"text/html; charset=iso-8859-1",
	"text/html; charset=utf-16le",
	"text/html; charset=bogus",
};

/* Decode the entities the sanitizer writes in attribute values (&amp;
 * &lt; &gt; &quot;) and numeric ones, drop what browsers ignore in a URL
 * (ASCII whitespace and controls), lower-case. New string. */
static char *
url_as_browser_reads(const char *v, size_t n)
{
	char *o = kb_malloc(n + 1);
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c == '&') {
			static const struct {
				const char *e;
				char c;
			} ents[] = { { "&amp;", '&' },	 { "&lt;", '<' },   { "&gt;", '>' },	  { "&quot;", '"' },
				     { "&colon;", ':' }, { "&Tab;", '\t' }, { "&NewLine;", '\n' } };
			size_t e;

			for (e = 0; e < sizeof(ents) / sizeof(ents[0]); e++) {
				size_t el = strlen(ents[e].e);

				if (n - i >= el && memcmp(v + i, ents[e].e, el) == 0) {
					c = (unsigned char)ents[e].c;
					i += el - 1;
					break;
				}
			}
			if (e == sizeof(ents) / sizeof(ents[0]) && i + 2 < n && v[i + 1] == '#') {
				char *end;
				long cp;

				if (v[i + 2] == 'x' || v[i + 2] == 'X')
					cp = strtol(v + i + 3, &end, 16);
				else
					cp = strtol(v + i + 2, &end, 10);
				if (end > v + i + 2 && cp > 0 && cp < 128) {
					c = (unsigned char)cp;
					i = (size_t)(end - v) - 1;
					if (i + 1 < n && v[i + 1] == ';')
						i++;
				}
			}
		}
		if (c <= 0x20 || c == 0x7f)
			continue;
		o[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	o[k] = '\0';
	return o;
}

static void
check_url_attr(const char *san, const char *v, size_t n)
{
	char *u = url_as_browser_reads(v, n);
	const char *colon = strchr(u, ':');
	size_t slash = strcspn(u, "/?#");

	/* A scheme is what comes before a ':' that precedes any / ? #. */
	if (colon && (size_t)(colon - u) < slash)
		FUZZ_ASSERT(strncmp(u, "http:", 5) == 0 || strncmp(u, "https:", 6) == 0 ||
				    strncmp(u, "mailto:", 7) == 0 || strncmp(u, "data:image/", 11) == 0,
			    "unsafe URL '%s' in sanitized '%s'", u, san);
	free(u);
}

/* Check every tag of the sanitizer's output. "javascript:" may well
 * appear in text or inside an http URL (a relative href resolved against
 * the base); what matters is the scheme of each URL attribute. */
static void
check_safe(const char *s)
{
	const char *p = s;
	size_t len = strlen(s);

	FUZZ_ASSERT(kb_utf8_valid(s, len), "sanitized output is not UTF-8");
	FUZZ_ASSERT(fuzz_memcasestr(s, len, "<script") == NULL, "<script in sanitized '%s'", s);
	while ((p = strchr(p, '<')) != NULL) {
		const char *end = strchr(p, '>'), *a;

		FUZZ_ASSERT(end != NULL, "unterminated tag in sanitized '%s'", s);
		/* Attributes are written name="value" with '"' escaped. */
		for (a = p; a < end; a++) {
			const char *q, *name;

			if (*a != '=' || a[1] != '"')
				continue;
			name = a;
			while (name > p && name[-1] != ' ')
				name--;
			FUZZ_ASSERT(kb_strncasecmp(name, "on", 2) != 0 && kb_strncasecmp(name, "style=", 6) != 0,
				    "attribute %.*s kept in sanitized '%s'", (int)(a - name), name, s);
			q = strchr(a + 2, '"');
			FUZZ_ASSERT(q != NULL && q < end, "unterminated attribute in sanitized '%s'", s);
			if ((a - name == 4 && memcmp(name, "href", 4) == 0) ||
			    (a - name == 3 && memcmp(name, "src", 3) == 0) ||
			    (a - name == 6 && memcmp(name, "poster", 6) == 0) ||
			    (a - name == 4 && memcmp(name, "cite", 4) == 0))
				check_url_attr(s, a + 2, (size_t)(q - a - 2));
			a = q;
		}
		p = end + 1;
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
	const char *ct = NULL, *t;
	char *body, *san, *san2, *text;

	fuzz_init();
	if (check_stable < 0) {
		const char *e = getenv("FUZZ_HTML_IDEMPOTENCE");

		check_stable = !(e && strcmp(e, "0") == 0);
	}
	body = fuzz_strndup(data, size);

	/* The sanitizer, with and without a base. */
	san = kb_sanitize_html(body, size, BASE);
	FUZZ_ASSERT(san != NULL, "kb_sanitize_html returned NULL");
	check_safe(san);
	san2 = kb_sanitize_html(san, strlen(san), BASE);
	FUZZ_ASSERT(san2 != NULL, "kb_sanitize_html returned NULL");
	check_safe(san2);
	if (check_stable)
		FUZZ_ASSERT(strcmp(san, san2) == 0, "sanitizing twice changed\n'%s'\ninto\n'%s'", san, san2);
	text = kb_html_to_text(san, strlen(san));
	FUZZ_ASSERT(text != NULL && kb_utf8_valid(text, strlen(text)), "html_to_text of sanitized");
	free(text);
	free(san2);
	free(san);
	san = kb_sanitize_html(body, size, NULL);
	FUZZ_ASSERT(san != NULL, "kb_sanitize_html returned NULL");
	check_safe(san);
	free(san);
	text = kb_html_to_text(body, size);
	FUZZ_ASSERT(text != NULL && kb_utf8_valid(text, strlen(text)), "html_to_text not UTF-8");
	free(text);

	/* The document parser, the last byte picking the Content-Type. */
	if (size > 0)
		ct = ctypes[data[size - 1] % (sizeof(ctypes) / sizeof(ctypes[0]))];
	memset(&resp, 0, sizeof(resp));
	resp.url = (char *)(uintptr_t)BASE "index.html";
	resp.status = 200;
	hdr.name = (char *)(uintptr_t) "Content-Type";
	hdr.value = (char *)(uintptr_t)ct;
	resp.headers = ct ? &hdr : NULL;
	resp.n_headers = ct ? 1 : 0;
	resp.body = body;
	resp.len = size;
	kb_buf_init(&out, 64 * 1024 * 1024);
	kb_ctx_init(&ctx, NULL, NULL, &resp, &out);
	doc = kb_host_table.parse_html(&ctx, &resp);
	if (doc)
		fuzz_walk_doc(&ctx, doc, 0);
	doc = kb_host_table.parse_html_string(&ctx, body, size);
	if (doc)
		fuzz_walk_doc(&ctx, doc, 0);
	t = kb_host_table.html_to_text(&ctx, body);
	FUZZ_ASSERT(t == NULL || kb_utf8_valid(t, strlen(t)), "host html_to_text not UTF-8");
	kb_ctx_release(&ctx);
	kb_buf_free(&out);
	free(body);
	return 0;
}
