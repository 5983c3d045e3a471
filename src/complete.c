/* complete.c: completing an item from its article page.
 *
 * A plugin that reads a listing page knows an article's URL and maybe its
 * title; it emits a partial item and the core fetches the article page and
 * fills in the rest here. A source with fulltext = yes has each new item's
 * page fetched too, and its content replaced by the article when that is
 * longer. Both read the page with the article extractor (extract.h). */
#include <stdlib.h>
#include <string.h>

#include "complete.h"
#include "extract.h"
#include "util.h"

#define SUMMARY_BYTES 300

static int
empty(const char *s)
{
	return !s || !*s;
}

/* Whether the response is an HTML page (or says nothing of its type). */
static int
is_html(const struct kabar_response *resp)
{
	const char *ct = kb_host_table.response_header(resp, "Content-Type");

	return !ct || kb_strncasecmp(ct, "text/html", 9) == 0 || kb_strncasecmp(ct, "application/xhtml", 17) == 0 ||
	       kb_strncasecmp(ct, "text/plain", 10) == 0;
}

static int
extract_page(const struct kabar_response *resp, const char *timezone, struct kb_article *a)
{
	char *html;
	size_t len;
	int rc;

	memset(a, 0, sizeof(*a));
	if (!resp || !resp->body || !is_html(resp))
		return -1;
	html = kb_html_decode(resp->body, resp->len, kb_host_table.response_header(resp, "Content-Type"), &len);
	rc = kb_extract(html, len, resp->url, timezone, a);
	free(html);
	return rc;
}

/* Move *from into *to when *to is empty. */
static void
take(char **to, char **from)
{
	if (empty(*to) && !empty(*from)) {
		free(*to);
		*to = *from;
		*from = NULL;
	}
}

/* The first SUMMARY_BYTES of text, cut at a character boundary and at a
 * word when one is near. New string. */
static char *
lead(const char *text)
{
	size_t n = strlen(text), cut;

	if (n <= SUMMARY_BYTES)
		return kb_strdup(text);
	n = SUMMARY_BYTES;
	while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	cut = n;
	while (cut > SUMMARY_BYTES / 2 && text[cut] != ' ')
		cut--;
	return kb_strndup(text, text[cut] == ' ' ? cut : n);
}

/* Fill what it lacks from the article; with replace_content, the
 * article's content replaces the item's when it is longer. */
static void
apply(struct kb_item *it, struct kb_article *a, int replace_content)
{
	size_t have = it->content_text ? strlen(it->content_text) : (it->summary ? strlen(it->summary) : 0);

	take(&it->title, &a->title);
	if (!empty(a->content_html) &&
	    (empty(it->content_html) || (replace_content && a->content_text && strlen(a->content_text) > have))) {
		free(it->content_html);
		free(it->content_text);
		it->content_html = a->content_html;
		it->content_text = a->content_text;
		a->content_html = a->content_text = NULL;
	}
	take(&it->summary, &a->summary);
	if (empty(it->summary) && !empty(it->content_text)) {
		free(it->summary);
		it->summary = lead(it->content_text);
	}
	if (it->published == KB_NO_TIME && a->published != KB_NO_TIME) {
		it->published = a->published;
		it->published_offset = a->published_offset;
	}
	if (it->updated == KB_NO_TIME && a->modified != KB_NO_TIME) {
		it->updated = a->modified;
		it->updated_offset = a->modified_offset;
	}
	if (it->n_authors == 0 && a->n_authors > 0) {
		it->authors = a->authors;
		it->n_authors = a->n_authors;
		a->authors = NULL;
		a->n_authors = 0;
	}
	take(&it->image, &a->image);
	take(&it->language, &a->language);
	if (it->n_categories == 0 && a->n_tags > 0) {
		it->categories = a->tags;
		it->n_categories = a->n_tags;
		a->tags = NULL;
		a->n_tags = 0;
	}
}

static void
article_free(void *p)
{
	kb_article_free(p);
	free(p);
}

int
kb_complete_first_page(struct kb_item *it, const struct kabar_response *resp, const char *timezone)
{
	struct kb_article *a = kb_malloc(sizeof(*a));

	if (extract_page(resp, timezone, a) != 0) {
		article_free(a);
		return -1;
	}
	if (a->n_next_pages == 0) {
		apply(it, a, 0);
		article_free(a);
		it->partial = 0;
		return 0;
	}
	it->pages = a;
	it->pages_free = article_free;
	return 1;
}

const char *
kb_complete_next_page(const struct kb_item *it, size_t i)
{
	const struct kb_article *a = it->pages;

	return a && i < a->n_next_pages && i < KB_COMPLETE_MAX_PAGES ? a->next_pages[i] : NULL;
}

void
kb_complete_add_page(struct kb_item *it, const struct kabar_response *resp)
{
	struct kb_article *a = it->pages;
	char *html;
	size_t len;

	if (!a || !resp || !resp->body || !is_html(resp))
		return;
	html = kb_html_decode(resp->body, resp->len, kb_host_table.response_header(resp, "Content-Type"), &len);
	kb_extract_append_page(a, html, len, resp->url);
	free(html);
}

void
kb_complete_finish(struct kb_item *it)
{
	struct kb_article *a = it->pages;

	if (!a)
		return;
	apply(it, a, 0);
	article_free(a);
	it->pages = NULL;
	it->pages_free = NULL;
	it->partial = 0;
}

int
kb_complete_item(struct kb_item *it, const struct kabar_response *resp, const char *timezone)
{
	struct kb_article a;

	if (extract_page(resp, timezone, &a) != 0) {
		kb_article_free(&a);
		return -1;
	}
	apply(it, &a, 0);
	kb_article_free(&a);
	it->partial = 0;
	return 0;
}

int
kb_fulltext_item(struct kb_item *it, const struct kabar_response *resp, const char *timezone)
{
	struct kb_article a;

	if (extract_page(resp, timezone, &a) != 0) {
		kb_article_free(&a);
		return -1;
	}
	apply(it, &a, 1);
	kb_article_free(&a);
	return 0;
}
