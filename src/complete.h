/* complete.h: completing an item from its article page (extract.h). */
#ifndef KB_COMPLETE_H
#define KB_COMPLETE_H

#include "host.h"
#include "item.h"

/* Fill the fields of a partial item that the plugin left empty from the
 * HTML page in resp, with the article extractor: title, content
 * (sanitized) and its text, summary (the page's description, else the
 * first 300 bytes of the text), published and updated dates, authors,
 * image, language, categories. Fields the plugin set are kept. Dates
 * without a zone are read in timezone. Clears it->partial and returns 0
 * when the page was usable, else -1 (it is left as it was). */
int kb_complete_item(struct kb_item *it, const struct kabar_response *resp, const char *timezone);

/* Articles over several pages (an item with join_pages set). At most
 * this many continuation pages are joined. */
#define KB_COMPLETE_MAX_PAGES 10

/* Read the first page: 0 when the article has no continuation pages (it
 * is completed as kb_complete_item does), 1 when it has (the article is
 * kept in it->pages: fetch kb_complete_next_page(it, i) for i = 0, 1, ...
 * until NULL, give each to kb_complete_add_page, then kb_complete_finish),
 * -1 when the page was not usable. */
int kb_complete_first_page(struct kb_item *it, const struct kabar_response *resp, const char *timezone);
const char *kb_complete_next_page(const struct kb_item *it, size_t i);
void kb_complete_add_page(struct kb_item *it, const struct kabar_response *resp);
/* Complete it from the pages read so far (nothing when none). */
void kb_complete_finish(struct kb_item *it);

/* fulltext = yes: the same, except that the article's content replaces
 * the item's when its text is longer (a feed's one-line summary); the
 * feed's title, dates and id stay. 0, or -1 when the page was not usable
 * (it is left as it was). */
int kb_fulltext_item(struct kb_item *it, const struct kabar_response *resp, const char *timezone);

#endif
