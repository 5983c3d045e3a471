/* sanitize.h: the one HTML sanitizer every plugin and writer uses. */
#ifndef KB_SANITIZE_H
#define KB_SANITIZE_H

#include <stddef.h>

/* Sanitize an HTML fragment by an allow-list of elements, attributes and
 * URL schemes: no script, style, event handler, javascript: or data: URL
 * (data: images excepted), iframe, object, embed, form, meta, base.
 * Relative URLs in href/src are made absolute against base (may be NULL).
 * Returns a new UTF-8 string (caller frees); "" for empty input. */
char *kb_sanitize_html(const char *html, size_t len, const char *base);

/* kb_sanitize_html, and when text is not NULL *text set to a new string
 * equal to kb_html_to_text of the result (from the same parse where it
 * can). Caller frees both. */
char *kb_sanitize_html_text(const char *html, size_t len, const char *base, char **text);

/* Plain text of an HTML fragment: tags dropped, entities decoded, block
 * elements as line breaks, whitespace collapsed. New string. */
char *kb_html_to_text(const char *html, size_t len);

#endif
