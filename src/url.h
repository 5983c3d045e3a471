/* url.h: URL resolution and normalization. */
#ifndef KB_URL_H
#define KB_URL_H

/* Resolve ref against base (RFC 3986). Returns a new string, or NULL when
 * the result is not a usable absolute URL. base may be NULL (ref must then
 * be absolute). */
char *kb_url_resolve(const char *base, const char *ref);

/* The form of a URL used for identity: scheme and host lower-cased,
 * default port dropped, fragment dropped, tracking parameters (utm_*,
 * fbclid, gclid, ...) removed, "http" and "https" not distinguished.
 * The URL as published is kept elsewhere. Returns a new string or NULL. */
char *kb_url_identity(const char *url);

/* The lower-cased host of an absolute URL (new string) or NULL. */
char *kb_url_host(const char *url);
/* The scheme, lower-cased (new string) or NULL. */
char *kb_url_scheme(const char *url);

#endif
