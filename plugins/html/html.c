/* html.c: the bundled listing-page plugin. For sites that publish no
 * feed (most regional government offices and local portals): a source
 * names a listing page (its url) and XPath selectors; every item on the
 * listing becomes a partial item that the core completes from its
 * article page.
 *
 * Options (XPath 1.0; relative ones are evaluated with the item as the
 * context node and their string value is used):
 *   items     each item's container on the listing (required)
 *   link      the item's link; default: the first usable .//a/@href
 *   title     default: the text of a link to the same URL (not a "read
 *             more" button), else the first heading, else the link's title
 *             attribute
 *   date      default: .//time/@datetime; read with host->parse_date
 *   summary   plain text
 *   image     default: the first .//img, its data-lazy-src, data-src or
 *             src (a lazy-loading placeholder is skipped)
 *   next      the next listing page's link (document-wide)
 *   max_pages listing pages to read in one run, 1..20 (default 1)
 * and the core key max_items (at most this many items in a run, over all
 * listing pages; default 100 here).
 * When link, image or next selects an element rather than an attribute,
 * its href (src for image) is used.
 *
 * Only http and https links are emitted, without their fragment and with
 * the host in lower case; a link to the listing page itself or to a
 * site's home page, javascript:, mailto: and the like are dropped. A URL
 * is emitted once per listing page. A date that does not parse is one
 * warning per page. Three items in a row refused by the host mean its
 * item limit: the page stops there.
 *
 * Listing pages: the start request (empty tag) is page 1; further pages
 * are followed with the tag "listing" and metadata "page" (its number),
 * "emitted" (items emitted so far) and "seen" (64-bit FNV-1a hashes, in
 * hex, of the listing URLs already requested in this run, so that a next
 * link never loops).
 *
 * Failures: on page 1, an items selector that matches nothing, or items
 * none of which has a usable link, fail the response with an error that
 * names the selector and the URL (a changed layout is the common silent
 * failure of scrapers). On later pages the same is a warning. A selector
 * that does not compile fails every response.
 *
 * Written against <kabar/plugin.h> only; keeps no state between
 * callbacks.
 */
#include <kabar/plugin.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common.h"

#define TAG_LISTING	  "listing"
#define DEFAULT_LINK	  ".//a/@href"
#define DEFAULT_IMAGE	  ".//img/@src"
#define DEFAULT_DATE	  ".//time/@datetime"
#define DEFAULT_MAX_ITEMS 100
#define MAX_MAX_ITEMS	  100000
#define MAX_PAGES	  20
#define MAX_ITEM_NODES	  10000 /* item containers looked at on one page */
#define MAX_ANCHORS	  64	/* links looked at in one item */
#define MAX_IMAGES	  8	/* images looked at in one item */
#define MAX_LINK_LEN	  4096	/* longer links are dropped */
#define HASH_HEX	  16
#define MAX_SEEN	  (MAX_PAGES + 4)
#define MAX_REFUSED	  3 /* refused items in a row that mean the host's limit */
#define DATE_ECHO	  80
#define SELECTOR_ECHO	  200

struct opts {
	const char *items;
	const char *link; /* NULL: the default */
	const char *title;
	const char *date;
	const char *summary;
	const char *image; /* NULL: the default */
	const char *next;
	long max_pages;
	long max_items;
	int join_pages; /* articles continue over several pages */
};

/* One parse() call. Strings the plugin builds itself live in mem until
 * the call ends (mem.nomem: out of memory). */
struct p {
	struct kabar_ctx *ctx;
	const struct kabar_host *h;
	const struct kabar_response *resp;
	struct kabar_doc *doc;
	const char *url;  /* the response's URL */
	const char *self; /* the same without its fragment */
	const char *base; /* what links resolve against */
	struct opts o;
	long page;
	long emitted_before; /* items emitted on earlier pages */
	long emitted;	     /* on this page */
	int stop;	     /* max_items or the host's limit reached */
	int n_refused;	     /* items the host refused in a row */
	/* URLs emitted from this page: an open-addressing set. */
	const char **set;
	size_t set_cap, set_n;
	/* Hashes of the listing URLs seen in this run. */
	uint64_t seen[MAX_SEEN];
	size_t n_seen;
	long n_warnings;
	long n_bad_dates;
	const char *bad_date; /* the first date that did not parse */
	long n_usable;	      /* items with a usable link */
	long n_nolink;	      /* items without one */
	struct kp_arena mem;  /* strings built here */
};

/* A data warning (common.h), cut at 1023 bytes. */
#define warn(p, ...) kp_warn((p)->h, (p)->ctx, &(p)->n_warnings, 1024, __VA_ARGS__)

/* --- small helpers --- */

/* 64-bit FNV-1a. */
static uint64_t
hash_str(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

/* s trimmed, inner runs of white space made one space; NULL when empty.
 * Owned by p (or s itself when nothing changes). */
static const char *
oneline(struct p *p, const char *s)
{
	return empty(s) ? NULL : kp_oneline(&p->mem, s);
}

/* --- URLs --- */

/* ref resolved against the page's base, as an absolute http(s) URL
 * without its fragment; NULL when it is not one. Owned by p or the host. */
static const char *
web_url(struct p *p, const char *ref)
{
	const char *u, *hash, *host, *end, *q;
	char *d;
	size_t n, i;

	if (empty(ref))
		return NULL;
	while (is_space((unsigned char)*ref))
		ref++;
	u = p->h->resolve_url(p->ctx, p->base, ref);
	if (u == NULL || !is_http_url(u))
		return NULL;
	hash = strchr(u, '#');
	n = hash != NULL ? (size_t)(hash - u) : strlen(u);
	if (n > MAX_LINK_LEN)
		return NULL;
	/* Scheme and host without case ("HTTPS://DINKOP.example.go.id"),
	 * so that a link is known again. */
	host = strstr(u, "://") + 3;
	end = host + strcspn(host, "/?#");
	for (q = host; q < end; q++)
		if (*q == '@')
			host = q + 1; /* user info keeps its case */
	for (q = host; q < end; q++)
		if (*q >= 'A' && *q <= 'Z')
			break;
	if (q == end && hash == NULL)
		return u;
	d = kp_dupn(&p->mem, u, n);
	if (d == NULL)
		return NULL;
	for (i = (size_t)(host - u); i < (size_t)(end - u) && i < n; i++)
		d[i] = (char)lc((unsigned char)d[i]);
	return d;
}

/* The URL an attribute or element gives: an element's attribute attr
 * (href, src), else the string value. */
static const char *
node_ref(struct p *p, struct kabar_node *n, const char *attr)
{
	const char *s = p->h->node_attr(p->ctx, n, attr);

	if (s != NULL)
		return s;
	return p->h->node_text(p->ctx, n);
}

/* The string value of expr at node, or NULL when empty (or a bad
 * expression, logged by the host). */
static const char *
value(struct p *p, struct kabar_node *n, const char *expr)
{
	const char *s = p->h->xpath_string(p->ctx, p->doc, n, expr);

	return empty(s) ? NULL : s;
}

/* For link, image and next: the first node's href/src when expr selects
 * an element, else the string value. */
static const char *
ref_value(struct p *p, struct kabar_node *n, const char *expr, const char *attr)
{
	struct kabar_nodeset *set = p->h->xpath(p->ctx, p->doc, n, expr);

	if (set == NULL)
		return NULL;
	if (p->h->nodeset_count(set) > 0) {
		const char *s = node_ref(p, p->h->nodeset_item(set, 0), attr);

		return empty(s) ? NULL : s;
	}
	return value(p, n, expr);
}

/* --- the set of URLs emitted from this page --- */

/* 1 when u was added, 0 when it is already there, -1 out of memory. */
static int
set_add(struct p *p, const char *u)
{
	size_t i, mask;

	if (p->set_n * 2 >= p->set_cap) {
		size_t cap = p->set_cap ? p->set_cap * 2 : 64, j;
		const char **t;

		if (cap > SIZE_MAX / sizeof(*t))
			return -1;
		t = calloc(cap, sizeof(*t));
		if (t == NULL)
			return -1;
		for (j = 0; j < p->set_cap; j++) {
			if (p->set[j] == NULL)
				continue;
			i = (size_t)hash_str(p->set[j]) & (cap - 1);
			while (t[i] != NULL)
				i = (i + 1) & (cap - 1);
			t[i] = p->set[j];
		}
		free(p->set);
		p->set = t;
		p->set_cap = cap;
	}
	mask = p->set_cap - 1;
	for (i = (size_t)hash_str(u) & mask; p->set[i] != NULL; i = (i + 1) & mask)
		if (strcmp(p->set[i], u) == 0)
			return 0;
	p->set[i] = u;
	p->set_n++;
	return 1;
}

/* --- one item --- */

/* Link texts that say nothing about the story. */
static int
generic_text(const char *s)
{
	static const char *const words[] = { "selengkapnya",
					     "baca selengkapnya",
					     "baca",
					     "lihat",
					     "lihat detail",
					     "detail",
					     "lanjut",
					     "lanjutkan",
					     "baca lanjut",
					     "read more",
					     "more",
					     "continue reading",
					     "lebih lanjut",
					     "lanjut membaca",
					     "klik di sini",
					     "klik disini",
					     "lihat selengkapnya" };
	char t[64];
	size_t i, n = 0, n_other = 0;

	/* Lower case, letters and spaces only (drops arrows, dots and other
	 * symbols). */
	for (; *s != '\0'; s++) {
		int c = lc((unsigned char)*s);

		if (c >= 0x80) {
			n_other++;
			continue;
		}
		if (c >= 'a' && c <= 'z') {
			if (n + 1 >= sizeof(t))
				return 0;
			t[n++] = (char)c;
		} else if (is_space(c) && n > 0 && t[n - 1] != ' ') {
			if (n + 1 >= sizeof(t))
				return 0;
			t[n++] = ' ';
		}
	}
	while (n > 0 && t[n - 1] == ' ')
		n--;
	t[n] = '\0';
	/* No Latin letters: a symbol or two ("»", "→") says nothing, longer
	 * text is in another script. */
	if (n == 0)
		return n_other <= 4;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(t, words[i]) == 0)
			return 1;
	return 0;
}

/* Is u (absolute http(s), no fragment) a site's home page: no path
 * beyond "/" and no query? */
static int
home_page(const char *u)
{
	const char *s = strstr(u, "://");

	if (s == NULL)
		return 0;
	s += 3;
	s += strcspn(s, "/?");
	return *s == '\0' || strcmp(s, "/") == 0;
}

/* A usable link: an absolute http(s) URL that is neither the listing
 * itself nor the site's home page ("#" under a <base href>). */
static const char *
usable_link(struct p *p, const char *ref)
{
	const char *u = web_url(p, ref);

	if (u == NULL || (p->self != NULL && strcmp(u, p->self) == 0) || home_page(u))
		return NULL;
	return u;
}

static const char *
item_link(struct p *p, struct kabar_node *n)
{
	struct kabar_nodeset *set;
	const char *u;
	size_t i, count;

	if (p->o.link != NULL)
		return usable_link(p, ref_value(p, n, p->o.link, "href"));
	set = p->h->xpath(p->ctx, p->doc, n, DEFAULT_LINK);
	count = p->h->nodeset_count(set);
	for (i = 0; i < count && i < MAX_ANCHORS; i++) {
		u = usable_link(p, p->h->node_text(p->ctx, p->h->nodeset_item(set, i)));
		if (u != NULL)
			return u;
	}
	return NULL;
}

static const char *
item_title(struct p *p, struct kabar_node *n, const char *url)
{
	struct kabar_nodeset *set;
	struct kabar_node *a;
	const char *s, *u, *attr_title = NULL;
	size_t i, count;

	if (p->o.title != NULL)
		return oneline(p, value(p, n, p->o.title));
	/* The text of a link to the same URL. */
	set = p->h->xpath(p->ctx, p->doc, n, ".//a[@href]");
	count = p->h->nodeset_count(set);
	for (i = 0; i < count && i < MAX_ANCHORS; i++) {
		a = p->h->nodeset_item(set, i);
		u = web_url(p, p->h->node_attr(p->ctx, a, "href"));
		if (u == NULL || strcmp(u, url) != 0)
			continue;
		s = oneline(p, p->h->xpath_string(p->ctx, p->doc, a, "."));
		if (s != NULL && !generic_text(s))
			return s;
		if (attr_title == NULL)
			attr_title = oneline(p, p->h->node_attr(p->ctx, a, "title"));
	}
	s = oneline(p, value(p, n, "(.//h1|.//h2|.//h3|.//h4|.//h5|.//h6)[normalize-space()][1]"));
	if (s != NULL)
		return s;
	if (attr_title != NULL && !generic_text(attr_title))
		return attr_title;
	return NULL;
}

static void
item_date(struct p *p, struct kabar_node *n, struct kabar_item *it)
{
	const char *s = oneline(p, value(p, n, p->o.date != NULL ? p->o.date : DEFAULT_DATE));
	int64_t utc;
	int off;

	if (s == NULL)
		return;
	if (p->h->parse_date(p->ctx, s, &utc, &off) != 0) {
		if (p->n_bad_dates++ == 0)
			p->bad_date = s;
		return;
	}
	it->published = utc;
	it->published_offset = off;
}

/* The image: data-lazy-src, data-src, then src of the first images,
 * skipping data: placeholders. */
static const char *
item_image(struct p *p, struct kabar_node *n)
{
	static const char *const attrs[] = { "data-lazy-src", "data-src", "data-original", "src" };
	struct kabar_nodeset *set;
	struct kabar_node *img;
	const char *u;
	size_t i, j, count;

	if (p->o.image != NULL)
		return web_url(p, ref_value(p, n, p->o.image, "src"));
	set = p->h->xpath(p->ctx, p->doc, n, ".//img");
	count = p->h->nodeset_count(set);
	for (i = 0; i < count && i < MAX_IMAGES; i++) {
		img = p->h->nodeset_item(set, i);
		for (j = 0; j < sizeof(attrs) / sizeof(attrs[0]); j++) {
			u = web_url(p, p->h->node_attr(p->ctx, img, attrs[j]));
			if (u != NULL)
				return u;
		}
	}
	return NULL;
}

static void
do_item(struct p *p, struct kabar_node *n)
{
	struct kabar_item it;
	const char *url;
	int r;

	url = item_link(p, n);
	if (url == NULL) {
		p->n_nolink++;
		return;
	}
	p->n_usable++;
	r = set_add(p, url);
	if (r < 0)
		p->mem.nomem = 1;
	if (r <= 0)
		return;
	memset(&it, 0, sizeof(it));
	it.struct_size = sizeof(it);
	it.url = url;
	it.published = KABAR_NO_TIME;
	it.updated = KABAR_NO_TIME;
	it.title = item_title(p, n, url);
	item_date(p, n, &it);
	if (p->o.summary != NULL)
		it.summary = oneline(p, value(p, n, p->o.summary));
	it.image = item_image(p, n);
	if (p->o.join_pages)
		it.flags = KABAR_ITEM_JOIN_PAGES;
	if (p->mem.nomem)
		return;
	if (p->h->emit_partial(p->ctx, &it) != 0) {
		/* The host logged why: its item limit, or a link it would
		 * not take. Refusals in a row are the limit. */
		if (++p->n_refused >= MAX_REFUSED)
			p->stop = 1;
		return;
	}
	p->n_refused = 0;
	p->emitted++;
	if (p->emitted_before + p->emitted >= p->o.max_items)
		p->stop = 1;
}

/* --- options and metadata --- */

static const char *
opt(struct p *p, const char *key)
{
	const char *s = p->h->config(p->ctx, key);

	return empty(s) ? NULL : s;
}

static int
read_options(struct p *p)
{
	const char *s;
	long v;

	p->o.items = opt(p, "items");
	if (p->o.items == NULL) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read listing %s: no items selector", p->url);
		return -1;
	}
	p->o.link = opt(p, "link");
	if (p->o.link != NULL && strcmp(p->o.link, DEFAULT_LINK) == 0)
		p->o.link = NULL;
	p->o.title = opt(p, "title");
	p->o.date = opt(p, "date");
	p->o.summary = opt(p, "summary");
	p->o.image = opt(p, "image");
	if (p->o.image != NULL && strcmp(p->o.image, DEFAULT_IMAGE) == 0)
		p->o.image = NULL;
	p->o.next = opt(p, "next");
	p->o.max_pages = 1;
	s = opt(p, "max_pages");
	if (s != NULL && kp_parse_long(s, 1, MAX_PAGES, &v) == 0) {
		p->o.max_pages = v;
	} else if (s != NULL) {
		p->o.max_pages = kp_parse_long(s, 1, LONG_MAX, &v) == 0 ? MAX_PAGES : 1;
		warn(p, "max_pages %.40s out of range 1..%d: %ld used", s, MAX_PAGES, p->o.max_pages);
	}
	/* max_items is a core key (the host's limit per response); here it
	 * also bounds the items of a whole run. */
	p->o.max_items = DEFAULT_MAX_ITEMS;
	s = opt(p, "max_items");
	if (s != NULL && kp_parse_long(s, 1, MAX_MAX_ITEMS, &v) == 0)
		p->o.max_items = v;
	/* The core checked the value is a boolean. */
	s = opt(p, "join_pages");
	p->o.join_pages = s != NULL && (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0 || strcmp(s, "on") == 0 ||
					strcmp(s, "1") == 0);
	return 0;
}

/* Every selector but items compiles (items is checked when it runs). */
static int
check_selectors(struct p *p)
{
	const char *const names[] = { "link", "title", "date", "summary", "image", "next" };
	const char *const exprs[] = { p->o.link, p->o.title, p->o.date, p->o.summary, p->o.image, p->o.next };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (exprs[i] == NULL)
			continue;
		if (p->h->xpath_string(p->ctx, p->doc, NULL, exprs[i]) == NULL) {
			p->h->log(p->ctx, KABAR_LOG_ERROR,
				  "cannot read listing %s: %s selector %.*s is not a usable xpath", p->url, names[i],
				  SELECTOR_ECHO, exprs[i]);
			return -1;
		}
	}
	return 0;
}

static void
seen_add(struct p *p, uint64_t h)
{
	size_t i;

	for (i = 0; i < p->n_seen; i++)
		if (p->seen[i] == h)
			return;
	if (p->n_seen < MAX_SEEN)
		p->seen[p->n_seen++] = h;
}

static int
seen_has(const struct p *p, uint64_t h)
{
	size_t i;

	for (i = 0; i < p->n_seen; i++)
		if (p->seen[i] == h)
			return 1;
	return 0;
}

/* The request metadata: page number, items emitted, listing URLs seen.
 * A value that does not read is ignored. */
static void
read_meta(struct p *p)
{
	const char *s;
	long v;

	p->page = 1;
	s = p->h->response_meta(p->resp, "page");
	if (s != NULL && kp_parse_long(s, 1, MAX_PAGES + 1, &v) == 0)
		p->page = v;
	s = p->h->response_meta(p->resp, "emitted");
	if (s != NULL && kp_parse_long(s, 0, MAX_MAX_ITEMS, &v) == 0)
		p->emitted_before = v;
	s = p->h->response_meta(p->resp, "seen");
	while (s != NULL && *s != '\0' && p->n_seen < MAX_SEEN) {
		char hex[HASH_HEX + 1], *end;
		size_t n = strspn(s, "0123456789abcdef");
		unsigned long long h;

		if (n != HASH_HEX || (s[n] != ' ' && s[n] != '\0'))
			break;
		memcpy(hex, s, HASH_HEX);
		hex[HASH_HEX] = '\0';
		errno = 0;
		h = strtoull(hex, &end, 16);
		if (errno != 0 || *end != '\0')
			break;
		seen_add(p, (uint64_t)h);
		s += n;
		while (*s == ' ')
			s++;
	}
}

/* The base for links: the document's base (Content-Location), or its
 * <base href> when that is a web URL. */
static void
find_base(struct p *p)
{
	const char *b, *u;

	p->base = p->h->node_base(p->ctx, p->h->doc_root(p->doc));
	b = value(p, NULL, "(//base/@href)[1]");
	if (b == NULL)
		return;
	u = p->h->resolve_url(p->ctx, p->base, b);
	if (u != NULL && is_http_url(u))
		p->base = u;
}

static void
follow_next(struct p *p)
{
	const char *ref, *u;
	char page[24], emitted[24], seen[MAX_SEEN * (HASH_HEX + 1) + 1];
	const char *meta[] = { "page", page, "emitted", emitted, "seen", seen };
	size_t i, off = 0;
	uint64_t h;

	if (p->o.next == NULL || p->page >= p->o.max_pages)
		return;
	if (p->stop) {
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "listing %s: item limit reached, next page not read", p->url);
		return;
	}
	ref = ref_value(p, NULL, p->o.next, "href");
	if (ref == NULL)
		return;
	u = web_url(p, ref);
	if (u == NULL) {
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "listing %s: next link %.200s is not a web link", p->url, ref);
		return;
	}
	h = hash_str(u);
	if (seen_has(p, h)) {
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "listing %s: next link %s already read, not followed", p->url, u);
		return;
	}
	seen_add(p, h);
	for (i = 0; i < p->n_seen; i++) {
		int n = snprintf(seen + off, sizeof(seen) - off, "%s%016llx", i ? " " : "",
				 (unsigned long long)p->seen[i]);

		if (n < 0 || (size_t)n >= sizeof(seen) - off)
			break;
		off += (size_t)n;
	}
	seen[off] = '\0';
	snprintf(page, sizeof(page), "%ld", p->page + 1);
	snprintf(emitted, sizeof(emitted), "%ld", p->emitted_before + p->emitted);
	if (kp_follow(p->h, p->ctx, u, TAG_LISTING, meta, 3, 0) != 0)
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "listing %s: next page %s refused", p->url, u);
}

/* --- a listing page --- */

/* A problem with the listing as a whole: an error that fails the first
 * page, a warning on later ones. */
static int
listing_problem(struct p *p, const char *what, const char *hint)
{
	if (p->page == 1) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "listing %s %s%s", p->url, what, hint);
		return -1;
	}
	p->h->log(p->ctx, KABAR_LOG_WARNING, "listing %s (page %ld) %s", p->url, p->page, what);
	return 0;
}

static int
parse_listing(struct p *p)
{
	struct kabar_nodeset *items;
	char msg[1024];
	size_t i, count, len = 0;
	const char *u;
	int status;

	status = p->h->response_status(p->resp);
	if (status >= 400) {
		snprintf(msg, sizeof(msg), "cannot be read: http status %d", status);
		return listing_problem(p, msg, "");
	}
	if (p->h->response_body(p->resp, &len) == NULL || len == 0)
		return listing_problem(p, "cannot be read: the response is empty", "");
	p->doc = p->h->parse_html(p->ctx, p->resp);
	if (p->doc == NULL)
		return listing_problem(p, "cannot be read: not an html page", "");
	find_base(p);
	if (check_selectors(p) != 0)
		return -1;
	u = web_url(p, p->url);
	p->self = u;
	if (u != NULL)
		seen_add(p, hash_str(u));
	u = web_url(p, p->h->config(p->ctx, "url"));
	if (u != NULL)
		seen_add(p, hash_str(u));

	items = p->h->xpath(p->ctx, p->doc, NULL, p->o.items);
	if (items == NULL) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read listing %s: items selector %.*s is not a usable xpath",
			  p->url, SELECTOR_ECHO, p->o.items);
		return -1;
	}
	count = p->h->nodeset_count(items);
	if (count == 0) {
		snprintf(msg, sizeof(msg), "matched no items with %.*s", SELECTOR_ECHO, p->o.items);
		return listing_problem(p, msg, ": the page layout may have changed");
	}
	if (count > MAX_ITEM_NODES) {
		warn(p, "listing %s: %zu items matched %.*s, only the first %d read", p->url, count, SELECTOR_ECHO,
		     p->o.items, MAX_ITEM_NODES);
		count = MAX_ITEM_NODES;
	}
	if (p->emitted_before >= p->o.max_items)
		p->stop = 1;
	for (i = 0; i < count && !p->stop && !p->mem.nomem; i++)
		do_item(p, p->h->nodeset_item(items, i));
	if (p->mem.nomem) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read listing %s: out of memory", p->url);
		return -1;
	}
	if (p->n_usable == 0) {
		snprintf(msg, sizeof(msg), "matched %zu items with %.*s but none has a usable link%s%.*s", count,
			 SELECTOR_ECHO, p->o.items, p->o.link ? " with " : "", p->o.link ? SELECTOR_ECHO : 0,
			 p->o.link ? p->o.link : "");
		return listing_problem(p, msg, "");
	}
	if (p->n_nolink > 0)
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "listing %s: %ld items without a usable link skipped", p->url,
			  p->n_nolink);
	if (p->n_bad_dates > 0)
		warn(p, "listing %s: cannot read the date \"%.*s\"%s (items without a date: %ld)", p->url, DATE_ECHO,
		     p->bad_date, strlen(p->bad_date) > DATE_ECHO ? "..." : "", p->n_bad_dates);
	follow_next(p);
	return 0;
}

static int
html_parse(struct kabar_ctx *ctx, const struct kabar_host *host, const struct kabar_response *resp)
{
	struct p p;
	const char *tag;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.h = host;
	p.resp = resp;
	p.url = host->response_url(resp);
	if (p.url == NULL)
		p.url = "(unknown url)";
	tag = host->response_tag(resp);
	if (tag != NULL && *tag != '\0' && strcmp(tag, TAG_LISTING) != 0) {
		host->log(ctx, KABAR_LOG_ERROR, "cannot read %s: unexpected request tag %.40s", p.url, tag);
		return KABAR_FAIL;
	}
	if (read_options(&p) != 0)
		goto out;
	read_meta(&p);
	rc = parse_listing(&p);
	if (p.n_warnings > KP_MAX_WARNINGS)
		host->log(ctx, KABAR_LOG_WARNING, "%ld more problems with listing %s not shown",
			  p.n_warnings - KP_MAX_WARNINGS, p.url);
	if (p.stop)
		host->log(ctx, KABAR_LOG_DEBUG, "listing %s: item limit reached after %ld items", p.url,
			  p.emitted_before + p.emitted);
out:
	kp_arena_free(&p.mem);
	free(p.set);
	return rc == 0 ? KABAR_OK : KABAR_FAIL;
}

static const struct kabar_option html_options[] = {
	KABAR_OPTION("items", KABAR_OPT_XPATH, 1, NULL, "xpath of each item's container on the listing page"),
	KABAR_OPTION("link", KABAR_OPT_XPATH, 0, DEFAULT_LINK, "xpath of the item's link, relative to the item"),
	KABAR_OPTION("title", KABAR_OPT_XPATH, 0, NULL,
		     "xpath of the item's title (default: the link's text, else the first heading)"),
	KABAR_OPTION("date", KABAR_OPT_XPATH, 0, NULL, "xpath of the item's date (default: .//time/@datetime)"),
	KABAR_OPTION("summary", KABAR_OPT_XPATH, 0, NULL, "xpath of the item's summary, read as plain text"),
	KABAR_OPTION("image", KABAR_OPT_XPATH, 0, DEFAULT_IMAGE,
		     "xpath of the item's image (default also reads data-src and data-lazy-src)"),
	KABAR_OPTION("next", KABAR_OPT_XPATH, 0, NULL, "xpath of the next listing page's link"),
	KABAR_OPTION("max_pages", KABAR_OPT_INT, 0, "1", "listing pages read in one run (1 to 20)"),
	KABAR_OPTION("join_pages", KABAR_OPT_BOOL, 0, "no",
		     "articles continue over several pages (\"1 2 Selanjutnya\"): fetch and join them"),
	KABAR_OPTION_END,
};

static const struct kabar_plugin html_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = 1,
	.name = "html",
	.version = "1.0",
	.description = "listing pages read with xpath selectors; articles completed from their pages",
	.options = html_options,
	.start = NULL,
	.parse = html_parse,
};

KABAR_PLUGIN(html_plugin)
