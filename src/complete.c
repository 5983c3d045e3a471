/* complete.c: completing a partial item from its article page.
 *
 * A plugin that reads a listing page knows an article's URL and maybe its
 * title; it emits a partial item and the core fetches the article page and
 * fills in the rest here, through the same host functions plugins use.
 * This is the metadata-first first version: full article extraction
 * (JSON-LD, boilerplate removal, multi-page articles) grows here. */
#include <stdlib.h>
#include <string.h>

#include "complete.h"
#include "sanitize.h"
#include "util.h"

#define MAX_CONTENT ((size_t)1024 * 1024)

/* The first non-empty string value among XPath expressions, or NULL. */
static const char *
first_of(struct kabar_ctx *ctx, struct kabar_doc *doc, const char *const *exprs)
{
	const struct kabar_host *h = &kb_host_table;
	size_t i;

	for (i = 0; exprs[i]; i++) {
		const char *v = h->xpath_string(ctx, doc, NULL, exprs[i]);

		if (v && *v)
			return v;
	}
	return NULL;
}

static int
empty(const char *s)
{
	return !s || !*s;
}

/* The node holding the article's body, or NULL. */
static struct kabar_node *
main_node(struct kabar_ctx *ctx, struct kabar_doc *doc)
{
	static const char *const candidates[] = {
		"//*[@itemprop='articleBody']",
		"//article",
		"//main",
		NULL,
	};
	const struct kabar_host *h = &kb_host_table;
	struct kabar_nodeset *set;
	struct kabar_node *best = NULL;
	long best_score = 0;
	size_t i, n;

	for (i = 0; candidates[i]; i++) {
		set = h->xpath(ctx, doc, NULL, candidates[i]);
		if (set && h->nodeset_count(set) > 0)
			return h->nodeset_item(set, 0);
	}
	/* The element whose own paragraphs hold the most text. */
	set = h->xpath(ctx, doc, NULL, "//*[p]");
	n = set ? h->nodeset_count(set) : 0;
	for (i = 0; i < n && i < 5000; i++) {
		struct kabar_node *node = h->nodeset_item(set, i);
		struct kabar_nodeset *ps = h->xpath(ctx, doc, node, "p");
		size_t j, m = ps ? h->nodeset_count(ps) : 0;
		long score = 0;

		for (j = 0; j < m && j < 1000; j++) {
			const char *t = h->node_text(ctx, h->nodeset_item(ps, j));

			score += t ? (long)strlen(t) : 0;
		}
		if (score > best_score) {
			best_score = score;
			best = node;
		}
	}
	return best_score >= 80 ? best : NULL;
}

static void
set_if_empty(char **field, const char *v)
{
	if (empty(*field) && !empty(v)) {
		free(*field);
		*field = kb_utf8_clean(v, strlen(v));
	}
}

int
kb_complete_item(struct kb_item *it, const struct kabar_response *resp, const char *timezone)
{
	static const char *const title_x[] = {
		"//meta[@property='og:title']/@content",
		"//meta[@name='twitter:title']/@content",
		"//h1",
		"//title",
		NULL,
	};
	static const char *const summary_x[] = {
		"//meta[@property='og:description']/@content",
		"//meta[@name='description']/@content",
		"//meta[@name='twitter:description']/@content",
		NULL,
	};
	static const char *const image_x[] = {
		"//meta[@property='og:image']/@content",
		"//meta[@name='twitter:image']/@content",
		NULL,
	};
	static const char *const published_x[] = {
		"//meta[@property='article:published_time']/@content",
		"//meta[@itemprop='datePublished']/@content",
		"//*[@itemprop='datePublished']/@datetime",
		"//meta[@name='date' or @name='pubdate' or @name='publishdate' or @name='DC.date.issued']/@content",
		"//time[@datetime]/@datetime",
		NULL,
	};
	static const char *const updated_x[] = {
		"//meta[@property='article:modified_time']/@content",
		"//meta[@itemprop='dateModified']/@content",
		NULL,
	};
	static const char *const author_x[] = {
		"//meta[@name='author']/@content",
		"//meta[@property='article:author']/@content",
		"//*[@rel='author']",
		NULL,
	};
	static const char *const lang_x[] = { "/html/@lang", NULL };
	const struct kabar_host *h = &kb_host_table;
	struct kabar_ctx ctx;
	struct kb_buf out;
	struct kabar_doc *doc;
	struct kabar_node *body;
	const char *v;
	int rc = -1;

	kb_buf_init(&out, (size_t)1 << 20);
	kb_ctx_init(&ctx, NULL, NULL, resp, &out);
	ctx.timezone = timezone;
	doc = h->parse_html(&ctx, resp);
	if (!doc)
		goto done;

	set_if_empty(&it->title, first_of(&ctx, doc, title_x));
	set_if_empty(&it->language, first_of(&ctx, doc, lang_x));
	v = first_of(&ctx, doc, image_x);
	if (empty(it->image) && v) {
		free(it->image);
		it->image = kb_strdup(h->resolve_url(&ctx, NULL, v));
	}
	if (it->published == KB_NO_TIME) {
		v = first_of(&ctx, doc, published_x);
		if (v && h->parse_date(&ctx, v, &it->published, &it->published_offset) != 0)
			it->published = KB_NO_TIME;
	}
	if (it->updated == KB_NO_TIME) {
		v = first_of(&ctx, doc, updated_x);
		if (v && h->parse_date(&ctx, v, &it->updated, &it->updated_offset) != 0)
			it->updated = KB_NO_TIME;
	}
	if (it->n_authors == 0) {
		v = first_of(&ctx, doc, author_x);
		if (v && strncmp(v, "http", 4) != 0) {
			it->authors = kb_calloc(1, sizeof(*it->authors));
			it->authors[0].name = kb_utf8_clean(v, strlen(v));
			it->n_authors = 1;
		}
	}
	body = main_node(&ctx, doc);
	if (body && empty(it->content_html)) {
		const char *inner = h->node_inner_xml(&ctx, body);

		if (inner && *inner) {
			size_t len = strlen(inner);

			free(it->content_html);
			it->content_html = kb_sanitize_html(inner, len > MAX_CONTENT ? MAX_CONTENT : len, resp->url);
			free(it->content_text);
			it->content_text = kb_html_to_text(it->content_html, strlen(it->content_html));
		}
	}
	set_if_empty(&it->summary, first_of(&ctx, doc, summary_x));
	if (empty(it->summary) && !empty(it->content_text)) {
		size_t n = strlen(it->content_text);

		/* The first 300 bytes, cut at a character boundary. */
		if (n > 300) {
			n = 300;
			while (n > 0 && ((unsigned char)it->content_text[n] & 0xc0) == 0x80)
				n--;
		}
		free(it->summary);
		it->summary = kb_strndup(it->content_text, n);
	}
	it->partial = 0;
	rc = 0;
done:
	kb_ctx_release(&ctx);
	kb_buf_free(&out);
	return rc;
}
