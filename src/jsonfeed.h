/* jsonfeed.h: JSON Feed 1.1 documents from normalized items
 * (https://www.jsonfeed.org/version/1.1/). Used by `kabar parse`; the
 * output writers build on it. */
#ifndef KB_JSONFEED_H
#define KB_JSONFEED_H

#include <stddef.h>
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
 * content_text (the summary, or "", when there is no content at all).
 * items[].id is the core's key, else the source's id, else the url.
 * mime_type defaults to "application/octet-stream". The extension object:
 *   "_kabar": {"source_id": the source's id when it differs from id,
 *              "author_emails": [{"name", "email"}] for authors with an
 *              email, in author order,
 *              "comments_url": ...}
 * and is absent when all three are. */
int kb_jsonfeed_write(struct kb_buf *b, const struct kb_feedinfo *f, const char *feed_url,
		      const struct kb_item *items, size_t n_items);

#endif
