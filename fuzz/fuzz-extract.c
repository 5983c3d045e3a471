/* fuzz-extract.c: article extraction (kb_extract) on hostile pages.
 *
 * Properties: kb_extract never crashes; it returns 0 or -1, and -1 only
 * with neither a title nor text; every string it returns is UTF-8; URLs
 * are absolute http(s); counts stay within their bounds (authors 20,
 * tags 50, next pages 20); content_html has no "<script"; appending the
 * page to itself adds nothing new twice. The first byte picks the
 * timezone. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/extract.h"
#include "../src/item.h"
#include "../src/util.h"
#include "fuzz.h"

#define URL "http://example.org/berita/2024/06/01/judul-berita"

static void
check_str(const char *what, const char *s)
{
	if (s)
		FUZZ_ASSERT(kb_utf8_valid(s, strlen(s)), "%s is not UTF-8", what);
}

static void
check_url(const char *what, const char *s)
{
	if (!s)
		return;
	check_str(what, s);
	FUZZ_ASSERT(strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0, "%s '%s' is not http(s)", what, s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const zones[] = { NULL, "Asia/Jakarta", "Asia/Makassar", "UTC" };
	struct kb_article a;
	char *body;
	size_t i;
	int rc;

	fuzz_init();
	body = fuzz_strndup(data, size);
	rc = kb_extract(body, size, URL, zones[size ? data[0] % 4 : 0], &a);
	FUZZ_ASSERT(rc == 0 || rc == -1, "kb_extract returned %d", rc);
	FUZZ_ASSERT(a.content_html && a.content_text, "content strings not set");
	if (rc == -1)
		FUZZ_ASSERT(!a.title && !*a.content_text, "-1 with a title or text");
	check_url("url", a.url);
	check_str("title", a.title);
	check_str("content_html", a.content_html);
	check_str("content_text", a.content_text);
	FUZZ_ASSERT(fuzz_memcasestr(a.content_html, strlen(a.content_html), "<script") == NULL,
		    "<script in content_html");
	check_str("summary", a.summary);
	check_url("image", a.image);
	check_str("language", a.language);
	check_str("site_name", a.site_name);
	check_str("section", a.section);
	FUZZ_ASSERT(a.n_authors <= 20, "%zu authors", a.n_authors);
	for (i = 0; i < a.n_authors; i++) {
		FUZZ_ASSERT(a.authors[i].name != NULL, "author without a name");
		check_str("author", a.authors[i].name);
		check_url("author url", a.authors[i].url);
	}
	FUZZ_ASSERT(a.n_tags <= 50, "%zu tags", a.n_tags);
	for (i = 0; i < a.n_tags; i++)
		check_str("tag", a.tags[i]);
	FUZZ_ASSERT(a.n_next_pages <= 20, "%zu next pages", a.n_next_pages);
	for (i = 0; i < a.n_next_pages; i++)
		check_url("next page", a.next_pages[i]);
	if (a.event) {
		check_str("event name", a.event->name);
		check_str("event venue", a.event->venue);
		check_str("event address", a.event->address);
		check_str("event organizer", a.event->organizer);
		check_url("event url", a.event->url);
	}
	if (rc == 0) {
		size_t before = strlen(a.content_text);

		kb_extract_append_page(&a, body, size, URL "/2");
		check_str("appended content_html", a.content_html);
		check_str("appended content_text", a.content_text);
		FUZZ_ASSERT(strlen(a.content_text) >= before, "appending shortened the text");
	}
	kb_article_free(&a);
	free(body);
	return 0;
}
