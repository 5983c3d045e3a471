/* extract.h: article extraction from an HTML page.
 *
 * One function every part of kabar uses to read an article page: the
 * completion of partial items, full text for feeds (fulltext = yes), the
 * html, wordpress and sitemap plugins (through the host table), and
 * `kabar extract`. It finds the page's metadata (JSON-LD, OpenGraph and
 * article:* meta tags, <meta name=...>, <time datetime>, <link
 * rel=canonical>) in a documented order of trust, and its main text with
 * the boilerplate removed (navigation, "Baca juga" / "Berita Terkait"
 * lists, share bars, comments, ads, captions that are boilerplate), as
 * sanitized HTML and as plain text. */
#ifndef KB_EXTRACT_H
#define KB_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "item.h"

/* Where a field came from, for `kabar extract`'s "_kabar" object and for
 * `kabar explain`: "json-ld", "opengraph", "meta", "time", "canonical",
 * "title", "h1", "dateline", "byline", "text", ... Static strings. */
struct kb_article_sources {
	const char *title;
	const char *published;
	const char *modified;
	const char *authors;
	const char *summary;
	const char *image;
	const char *canonical;
	const char *content;
};

/* A JSON-LD Event the page describes (schema.org Event and its
 * subtypes), for the MSME event fields. Strings may be NULL. */
struct kb_article_event {
	char *name;
	int64_t start; /* KB_NO_TIME when absent */
	int start_offset;
	int start_all_day; /* the page gave a date without a time */
	int64_t end;
	int end_offset;
	int end_all_day;
	char *venue;	 /* location.name */
	char *address;	 /* location.address, as one line */
	char *organizer; /* organizer.name */
	char *url;
};

struct kb_article {
	char *url;	    /* the canonical URL (absolute), else the page URL */
	char *title;	    /* plain text */
	char *content_html; /* sanitized (sanitize.h), relative URLs made absolute */
	char *content_text; /* plain text of content_html, paragraphs kept */
	char *summary;	    /* plain text (description), or NULL */
	int64_t published;  /* KB_NO_TIME when unknown */
	int published_offset;
	int64_t modified;
	int modified_offset;
	struct kb_author *authors;
	size_t n_authors;
	char *image;	 /* absolute URL */
	char *language;	 /* BCP 47 */
	char *site_name; /* og:site_name, publisher.name */
	char *section;	 /* article:section, articleSection */
	char **tags;	 /* keywords, article:tag */
	size_t n_tags;
	/* The pages the article continues on ("?page=2", "1 2 Selanjutnya"),
	 * absolute, in order, without the page itself; at most 20. */
	char **next_pages;
	size_t n_next_pages;
	struct kb_article_event *event; /* NULL when the page has none */
	struct kb_article_sources from;
};

/* Extract the article from html (len bytes of UTF-8, as kb_html_decode
 * gives) fetched from url (absolute; the base for relative URLs, with
 * <base href> honoured when it is http(s)). Dates without a zone are read
 * in timezone (an IANA name; NULL: UTC). Fills *out (zeroed first; free
 * with kb_article_free) and returns 0, or -1 when the page has neither a
 * title nor any text. Never fails on hostile input otherwise: bounded
 * depth, sizes and counts. */
int kb_extract(const char *html, size_t len, const char *url, const char *timezone, struct kb_article *out);

/* Append the main text of the continuation pages to an extracted article:
 * html, len, url as for kb_extract, for one page listed in
 * a->next_pages. Repeated paragraphs (headers, footers) are not added
 * twice. 0 or -1 (nothing added). */
int kb_extract_append_page(struct kb_article *a, const char *html, size_t len, const char *url);

void kb_article_free(struct kb_article *a);

#endif
