/* jsonfeed.h: JSON Feed 1.1 documents from normalized items
 * (https://www.jsonfeed.org/version/1.1/). Used by `kabar parse`; the
 * output writers build on it. */
#ifndef KB_JSONFEED_H
#define KB_JSONFEED_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "item.h"

/* Append one JSON Feed 1.1 document (a single line, no trailing newline)
 * for feed facts f (may be NULL) and items to b. feed_url may be NULL.
 * Fields: version, title, home_page_url, feed_url, description, language,
 * icon, authors, items[] with id, url, title, content_html, content_text,
 * summary, image, date_published, date_modified (RFC 3339 in the offset
 * the source used), authors[{name,url}], tags, language, attachments
 * [{url,mime_type,size_in_bytes,title}], and an "_kabar" object per item
 * with what JSON Feed has no field for (source id, email of authors,
 * comments url). Output is always valid UTF-8 JSON. Returns 0 or -1.
 *
 * Keys come in the order listed; empty and unknown fields are left out,
 * except the required ones: title ("" when unknown), items, and per item
 * content_text (the summary, or "", when there is no content at all; an
 * item whose only text is a summary given as HTML carries that HTML as
 * content_html). items[].id is the core's key, else the source's id,
 * else the url. mime_type defaults to "application/octet-stream". The
 * extension object of an item:
 *   "_kabar": {"source_id": the source's id when it differs from id,
 *              "author_emails": [{"name", "email"}] for authors with an
 *              email, in author order,
 *              "comments_url": ...,
 *              "title_html", "summary_html": the sanitized markup of a
 *              title or summary the source gave as HTML}
 * and is absent when all are. The document's "_kabar" holds "title_html"
 * (the feed's title as HTML) and "error" (when the document could not be
 * read; no items then). */
int kb_jsonfeed_write(struct kb_buf *b, const struct kb_feedinfo *f, const char *feed_url, const struct kb_item *items,
		      size_t n_items, const char *error);

/* An item as an output file writes it (output.c, kabar-feeds(5)). The
 * pointers are borrowed for the duration of the call. */
struct kb_jsonfeed_entry {
	const struct kb_item *it;
	const char *id;	    /* the id to write; NULL: as kb_jsonfeed_write */
	const char *source; /* the source's name */
	int64_t published;  /* the dates to write (KB_NO_TIME: none) */
	int published_offset;
	int64_t updated;
	int updated_offset;
	/* The source's own published date when the writer replaced it
	 * (a date in the future), else KB_NO_TIME. */
	int64_t source_published;
	int source_published_offset;
	/* The other sources of the same story (its cluster), in order. */
	char *const *also_sources;
	char *const *also_urls;
	size_t n_also;
};

/* The same document for an output: the ids and dates of the entries,
 * and when output_name is not NULL a feed-level
 *   "_kabar": {"output": output_name, "generator": "kabar/VERSION"}
 * Per item, when the entry has a source, "_kabar" holds, in this order:
 *   "source" (its name), "key" (the item's key in the store),
 *   "source_id" (the source's id when it differs from id),
 *   "first_seen" (RFC 3339, UTC), "source_date_published" (see above),
 *   "partial": true (only when true), "author_emails", "comments_url".
 * Returns 0 or -1. */
int kb_jsonfeed_write_entries(struct kb_buf *b, const struct kb_feedinfo *f, const char *feed_url,
			      const char *output_name, const struct kb_jsonfeed_entry *entries, size_t n_entries);

#endif
