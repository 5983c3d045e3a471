/* robots.h: robots.txt (RFC 9309) parsing and matching.
 *
 * The core fetches /robots.txt once per host (cached in the store with its
 * own expiry) and asks kb_robots_allowed before each request a crawling
 * source makes. Only the group for kabar's product token applies (else
 * the "*" group); Allow and Disallow rules match by longest path, "*"
 * and "$" as RFC 9309 section 2.2.3 says, Allow winning a tie.
 * Crawl-delay (not in the RFC, widely used) becomes the host's minimum
 * delay. */
#ifndef KB_ROBOTS_H
#define KB_ROBOTS_H

#include <stddef.h>

/* The product token kabar looks for in User-agent lines (matched ignoring
 * case, as the start of the line's value: "kabar", "kabar/1.0"). */
#define KB_ROBOTS_AGENT "kabar"

/* At most this many bytes of a robots.txt are read (RFC 9309 asks for at
 * least 500 KiB); the rest is ignored. */
#define KB_ROBOTS_MAX_BYTES ((size_t)512 * 1024)

struct kb_robots;

/* Parse len bytes of a robots.txt (any bytes: invalid UTF-8, NULs, CR,
 * LF or CRLF line ends, a BOM, comments, lines without a colon, unknown
 * fields, absurd lengths) and keep the rules of the group that applies to
 * agent (NULL: KB_ROBOTS_AGENT). Never fails on content; returns NULL only
 * when out of memory. Free with kb_robots_free. */
struct kb_robots *kb_robots_parse(const char *txt, size_t len, const char *agent);

/* What to assume when robots.txt could not be read (RFC 9309 2.3.1):
 * status 4xx (and a missing file): everything allowed; 5xx or no answer:
 * everything disallowed, for now. */
struct kb_robots *kb_robots_allow_all(void);
struct kb_robots *kb_robots_disallow_all(void);

/* Whether the URL's path and query (path_query: "/a/b?c=d", percent-
 * encoding as in the request; "" means "/") may be fetched. */
int kb_robots_allowed(const struct kb_robots *r, const char *path_query);

/* The Crawl-delay of the applying group in milliseconds (a decimal number
 * of seconds, capped at 60 s), or -1 when there is none. */
long kb_robots_crawl_delay_ms(const struct kb_robots *r);

/* The Sitemap: URLs the file lists (they apply to every group), in order,
 * at most 100; valid until r is freed. */
size_t kb_robots_sitemaps(const struct kb_robots *r, const char *const **urls);

/* A compact text form of the rules that apply (for the store's cache) and
 * back: kb_robots_parse of it gives the same answers. New string. */
char *kb_robots_serialize(const struct kb_robots *r);

void kb_robots_free(struct kb_robots *r);

#endif
