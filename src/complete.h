/* complete.h: completing a partial item from its article page. */
#ifndef KB_COMPLETE_H
#define KB_COMPLETE_H

#include "host.h"
#include "item.h"

/* Fill the fields of it that the plugin left empty from the HTML page in
 * resp: title, summary, content (sanitized) and its text, published and
 * updated dates, authors, image, language, from OpenGraph and article:*
 * meta tags, <meta name=author|description|date>, <time datetime>, and
 * the main text (<article>, itemprop=articleBody, <main>, else the
 * element with the most paragraphs). Fields the plugin set are kept.
 * Dates without a zone are read in timezone. Clears it->partial and
 * returns 0 when the page was usable, else -1 (it is left as it was). */
int kb_complete_item(struct kb_item *it, const struct kabar_response *resp, const char *timezone);

#endif
