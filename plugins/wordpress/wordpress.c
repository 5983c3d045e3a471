/* wordpress.c: the bundled WordPress plugin. Reads a WordPress site
 * through its REST API (wp-json/wp/v2/posts with _embed) and falls back to
 * the site's RSS 2.0 feed (/feed/) when the API is disabled or hidden.
 *
 * Written against <kabar/plugin.h> only: it links nothing of kabar and
 * keeps no state between callbacks. What a follow-up needs (the page
 * number) travels in the request's tag and metadata; everything else is
 * computed again from the source's config.
 *
 * The site's root: the source's url may be the site's home page or any
 * URL on it. The root is its origin (scheme://host[:port]), plus the path
 * before "/wp-json" when the url has such a segment: a WordPress installed
 * in a subdirectory is given as https://example.go.id/portal/wp-json/.
 *
 * Requests (tags):
 *   posts  ROOT/wp-json/wp/v2/posts?_embed=1&per_page=N&page=P
 *          [&categories=IDS][&search=TERM]; meta page=P. Page 1 reads the
 *          X-WP-TotalPages header (else X-WP-Total / per_page) and follows
 *          pages 2..min(total, max_pages). Later pages follow nothing, so
 *          the work is bounded whatever the server claims.
 *   feed   ROOT/feed/[?cat=IDS][&s=TERM]: the RSS 2.0 feed, read when
 *          api = feed, or when api = auto and the first page of the API
 *          answered 401/403/404/410, a JSON error object ({"code": ...}),
 *          JSON that is not a list, or a body that is not JSON.
 *
 * Mapping of a post (REST):
 *   id        guid.rendered, else link
 *   url       link
 *   title     title.rendered (HTML)
 *   content   content.rendered, unless content.protected
 *   summary   excerpt.rendered (HTML), unless excerpt.protected
 *   published date_gmt (UTC; the offset is date - date_gmt), else date in
 *             the source's timezone
 *   updated   modified_gmt, else modified
 *   authors   _embedded.author[].name and .link
 *   image     _embedded["wp:featuredmedia"][0].source_url (error objects
 *             such as {"code": "rest_forbidden"} skipped), else
 *             jetpack_featured_media_url
 *   categories the names of the category and post_tag terms in
 *             _embedded["wp:term"], entities decoded, without repeats
 * A value of the wrong JSON type is ignored with a warning (a title given
 * as a plain string is taken as its rendered form).
 */
#include <kabar/plugin.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common.h"

#define DEFAULT_PER_PAGE  20
#define MAX_PER_PAGE	  100 /* the REST API's own limit */
#define DEFAULT_MAX_PAGES 3
#define MAX_MAX_PAGES	  100
/* Bounds on what one response or item carries; the rest is dropped. */
#define MAX_POSTS	   200 /* posts read from one page */
#define MAX_FEED_ITEMS	   500
#define MAX_AUTHORS	   16
#define MAX_CATEGORIES	   64
#define MAX_TERM_LISTS	   16
#define MAX_TERMS	   256 /* terms looked at in one list */
#define MAX_SEARCH	   200 /* bytes of the search term */
#define MAX_CATEGORY_IDS   64
#define MAX_CATEGORIES_LEN 512
/* A total page count above this is not believed at all. */
#define PLAUSIBLE_PAGES 1000000L
/* Header counts above this are read as "endless" (fits a 32-bit long). */
#define MAX_COUNT 100000000L

/* JSON types as host->json_type returns them. */
enum { J_NULL = 0, J_BOOL = 1, J_NUMBER = 2, J_STRING = 3, J_ARRAY = 4, J_OBJECT = 5 };

enum api_mode { API_AUTO, API_REST, API_FEED };

/* One callback. Strings the plugin builds itself live in mem until the
 * callback ends. resp is NULL in start(). */
struct p {
	struct kabar_ctx *ctx;
	const struct kabar_host *h;
	const struct kabar_response *resp;
	struct kp_arena mem; /* strings built here; mem.nomem: out of memory */
	long n_warnings;
	long n_emitted;
	long n_refused;
	enum api_mode mode;
	const char *root; /* the site's root, without a trailing slash */
	long per_page;
	long max_pages;
	const char *cat_ids; /* cleaned "12,15" or NULL */
	const char *search;  /* percent-encoded or NULL */
};

/* A warning about the site's data (common.h), cut at 511 bytes. */
#define warn(p, ...) kp_warn((p)->h, (p)->ctx, &(p)->n_warnings, 512, __VA_ARGS__)

/* One post or feed item being assembled. */
struct entry {
	const char *label; /* names the entry in warnings */
	const char *id;
	int id_permalink;
	const char *url;
	const char *title;
	int title_html;
	const char *summary;
	const char *content;
	int64_t pub;
	int pub_off;
	int64_t upd;
	int upd_off;
	const char *lang;
	const char *image;
	const char *comments;
	struct kabar_author authors[MAX_AUTHORS];
	size_t n_authors;
	int authors_full;
	const char *cats[MAX_CATEGORIES];
	size_t n_cats;
	int cats_full;
};

static const char *const type_names[] = { "null", "a boolean", "a number", "a string", "an array", "an object" };

/* --- config --- */

/* An integer option, clamped to lo..hi; def when unset. The warning is
 * given once, in start(). */
static long
config_long(struct p *p, const char *key, long def, long lo, long hi)
{
	const char *s = p->h->config(p->ctx, key);
	long v;

	if (empty(s))
		return def;
	if (kp_read_long(s, &v) != 0) {
		if (p->resp == NULL)
			p->h->log(p->ctx, KABAR_LOG_WARNING, "bad %s '%.40s': using %ld", key, s, def);
		return def;
	}
	if (v < lo || v > hi) {
		long c = v < lo ? lo : hi;

		if (p->resp == NULL)
			p->h->log(p->ctx, KABAR_LOG_WARNING, "%s %ld is out of range %ld..%ld: using %ld", key, v, lo,
				  hi, c);
		return c;
	}
	return v;
}

/* The categories option ("12, 15") as "12,15"; NULL when unset. Sets
 * *bad when it is not a list of numeric ids. */
static const char *
config_categories(struct p *p, int *bad)
{
	const char *s = p->h->config(p->ctx, "categories"), *q;
	char *d, *o;
	size_t n_ids = 0;
	int in_id = 0;

	*bad = 0;
	if (empty(s))
		return NULL;
	if (strlen(s) > MAX_CATEGORIES_LEN)
		goto bad;
	d = kp_dupn(&p->mem, s, strlen(s));
	if (d == NULL)
		return NULL;
	o = d;
	for (q = s; *q != '\0'; q++) {
		if (is_space((unsigned char)*q))
			continue;
		if (is_digit((unsigned char)*q)) {
			if (!in_id)
				n_ids++;
			in_id = 1;
			*o++ = *q;
		} else if (*q == ',') {
			if (!in_id)
				goto bad;
			in_id = 0;
			*o++ = ',';
		} else {
			goto bad;
		}
	}
	if (!in_id || n_ids > MAX_CATEGORY_IDS)
		goto bad;
	*o = '\0';
	return d;
bad:
	*bad = 1;
	return NULL;
}

/* The search option percent-encoded for a query string; NULL when unset.
 * Sets *bad when it is too long. */
static const char *
config_search(struct p *p, int *bad)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *s = p->h->config(p->ctx, "search");
	const unsigned char *q;
	char *d, *o;
	size_t n;

	*bad = 0;
	if (empty(s))
		return NULL;
	s = kp_trim(s, &n);
	if (n > MAX_SEARCH) {
		*bad = 1;
		return NULL;
	}
	d = kp_keep(&p->mem, malloc(n * 3 + 1));
	if (d == NULL)
		return NULL;
	o = d;
	for (q = (const unsigned char *)s; q < (const unsigned char *)s + n; q++) {
		if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || is_digit(*q) || *q == '-' || *q == '.' ||
		    *q == '_' || *q == '~') {
			*o++ = (char)*q;
		} else {
			*o++ = '%';
			*o++ = hex[*q >> 4];
			*o++ = hex[*q & 15];
		}
	}
	*o = '\0';
	return d;
}

/* The site's root from the source's url (see the comment at the top):
 * owned by p, no trailing slash; NULL when the url is unusable. */
static const char *
site_root(struct p *p, const char *url)
{
	const char *auth, *path, *end, *q;

	if (url == NULL || !is_http_url(url))
		return NULL;
	auth = strstr(url, "://") + 3;
	path = auth + strcspn(auth, "/?#");
	if (path == auth)
		return NULL;
	end = path + strcspn(path, "?#");
	/* The path before a "/wp-json" segment. */
	for (q = path; q < end; q++) {
		if (*q == '/' && (size_t)(end - q) >= 8 && memcmp(q, "/wp-json", 8) == 0 &&
		    (q + 8 == end || q[8] == '/'))
			break;
	}
	if (q == end)
		q = path;
	while (q > path && q[-1] == '/')
		q--;
	return kp_dupn(&p->mem, url, (size_t)(q - url));
}

/* Read the config into p. 0, or -1 after logging an error. */
static int
setup(struct p *p)
{
	const char *api = p->h->config(p->ctx, "api"), *url = p->h->config(p->ctx, "url");
	int bad = 0;

	if (empty(api) || ieq(api, "auto")) {
		p->mode = API_AUTO;
	} else if (ieq(api, "rest")) {
		p->mode = API_REST;
	} else if (ieq(api, "feed")) {
		p->mode = API_FEED;
	} else {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "bad api '%.40s': use auto, rest or feed", api);
		return -1;
	}
	p->root = site_root(p, url);
	if (p->root == NULL) {
		if (!p->mem.nomem)
			p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot find the site's root: not an http(s) url: %.200s",
				  url ? url : "(none)");
		return -1;
	}
	p->per_page = config_long(p, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
	p->max_pages = config_long(p, "max_pages", DEFAULT_MAX_PAGES, 1, MAX_MAX_PAGES);
	p->cat_ids = config_categories(p, &bad);
	if (bad) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "bad categories '%.80s': want numeric ids separated by commas",
			  p->h->config(p->ctx, "categories"));
		return -1;
	}
	p->search = config_search(p, &bad);
	if (bad) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "bad search: longer than %d bytes", MAX_SEARCH);
		return -1;
	}
	return p->mem.nomem ? -1 : 0;
}

static const char *
posts_url(struct p *p, long page)
{
	return kp_fmt(&p->mem, "%s/wp-json/wp/v2/posts?_embed=1&per_page=%ld&page=%ld%s%s%s%s", p->root, p->per_page,
		      page, p->cat_ids ? "&categories=" : "", p->cat_ids ? p->cat_ids : "", p->search ? "&search=" : "",
		      p->search ? p->search : "");
}

static const char *
feed_url(struct p *p)
{
	return kp_fmt(&p->mem, "%s/feed/%s%s%s%s%s", p->root, p->cat_ids || p->search ? "?" : "",
		      p->cat_ids ? "cat=" : "", p->cat_ids ? p->cat_ids : "",
		      p->search ? (p->cat_ids ? "&s=" : "s=") : "", p->search ? p->search : "");
}

static int
follow_posts(struct p *p, long page)
{
	char num[24];
	const char *meta[] = { "page", num };
	const char *url = posts_url(p, page);

	if (url == NULL)
		return -1;
	snprintf(num, sizeof(num), "%ld", page);
	/* A 404 from the API is an answer: it means "read the feed". */
	return kp_follow(p->h, p->ctx, url, "posts", meta, 1, KABAR_FOLLOW_ANY_STATUS);
}

static int
follow_feed(struct p *p)
{
	const char *url = feed_url(p);

	if (url == NULL)
		return -1;
	return kp_follow(p->h, p->ctx, url, "feed", NULL, 0, 0);
}

/* --- emitting --- */

static void
add_category(struct p *p, struct entry *e, const char *name)
{
	if (kp_add_unique(e->cats, &e->n_cats, MAX_CATEGORIES, name) < 0) {
		if (!e->cats_full)
			warn(p, "%s: more than %d categories, the rest dropped", e->label, MAX_CATEGORIES);
		e->cats_full = 1;
	}
}

static void
add_author(struct p *p, struct entry *e, const char *name, const char *url)
{
	if (empty(name))
		return;
	if (e->n_authors >= MAX_AUTHORS) {
		if (!e->authors_full)
			warn(p, "%s: more than %d authors, the rest dropped", e->label, MAX_AUTHORS);
		e->authors_full = 1;
		return;
	}
	e->authors[e->n_authors].struct_size = sizeof(struct kabar_author);
	e->authors[e->n_authors].name = name;
	e->authors[e->n_authors].email = NULL;
	e->authors[e->n_authors].url = url;
	e->n_authors++;
}

/* --- Jetpack's blocks in the content --- */

/* Class and id words of the blocks Jetpack appends to the content of
 * posts (sites before Jetpack 11.8 put them in content.rendered and in
 * the feed's content:encoded): share buttons, likes, related posts.
 * They are not the post's text. */
static const char *const jetpack_words[] = { "sharedaddy", "sd-sharing", "jp-relatedposts", "jetpack-likes", NULL };

static int
is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == ':';
}

/* The end of the tag that starts at s[i] ('<'): the index after its '>',
 * quotes respected; n when it is not closed. */
static size_t
tag_end(const char *s, size_t n, size_t i)
{
	char q = 0;

	for (i++; i < n; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return n;
}

/* Whether the start tag s[i..end) has a class or id attribute holding a
 * word of jetpack_words. */
static int
jetpack_tag(const char *s, size_t i, size_t end)
{
	while (i < end) {
		size_t a, an, v, vn;
		char q;
		int k;

		while (i < end && !is_name_char((unsigned char)s[i]))
			i++;
		a = i;
		while (i < end && is_name_char((unsigned char)s[i]))
			i++;
		an = i - a;
		while (i < end && is_space((unsigned char)s[i]))
			i++;
		if (i >= end || s[i] != '=')
			continue;
		i++;
		while (i < end && is_space((unsigned char)s[i]))
			i++;
		q = (i < end && (s[i] == '"' || s[i] == '\'')) ? s[i++] : 0;
		v = i;
		while (i < end && (q ? s[i] != q : !is_space((unsigned char)s[i]) && s[i] != '>'))
			i++;
		vn = i - v;
		if (q && i < end)
			i++;
		if (!((an == 5 && iprefix(s + a, "class")) || (an == 2 && iprefix(s + a, "id"))))
			continue;
		for (k = 0; jetpack_words[k]; k++)
			if (icontains(s + v, vn, jetpack_words[k]))
				return 1;
	}
	return 0;
}

/* Whether s[i] starts the tag <name or </name (close set) of that name. */
static int
tag_named(const char *s, size_t n, size_t i, const char *name, size_t nl, int close)
{
	size_t k = i + 1 + (close ? 1 : 0);

	if (s[i] != '<' || (close && (k > n || s[i + 1] != '/')))
		return 0;
	if (k + nl > n || !iprefix(s + k, name))
		return 0;
	return k + nl == n || !is_name_char((unsigned char)s[k + nl]);
}

/* The index after the element that starts at s[i] (its start tag ends at
 * start_end), nested elements of the same name counted; 0 when it is not
 * closed (then nothing is dropped). */
static size_t
element_end(const char *s, size_t n, size_t i, size_t start_end)
{
	char name[32];
	size_t nl = 0, depth = 1, j;

	for (j = i + 1; j < n && is_name_char((unsigned char)s[j]) && nl + 1 < sizeof(name); j++)
		name[nl++] = s[j];
	name[nl] = '\0';
	if (nl == 0 || (start_end >= 2 && s[start_end - 2] == '/'))
		return start_end;
	for (j = start_end; j < n;) {
		if (s[j] != '<') {
			j++;
		} else if (j + 4 <= n && memcmp(s + j, "<!--", 4) == 0) {
			const char *c = strstr(s + j + 4, "-->");

			if (c == NULL)
				return 0;
			j = (size_t)(c - s) + 3;
		} else if (tag_named(s, n, j, name, nl, 1)) {
			j = tag_end(s, n, j);
			if (--depth == 0)
				return j;
		} else if (tag_named(s, n, j, name, nl, 0)) {
			size_t e = tag_end(s, n, j);

			if (!(e >= 2 && s[e - 2] == '/'))
				depth++;
			j = e;
		} else {
			j++;
		}
	}
	return 0;
}

/* html without Jetpack's blocks (jetpack_words), everything else byte
 * for byte; html itself when it has none. Owned by p (or html's owner). */
static const char *
strip_jetpack(struct p *p, const char *html)
{
	size_t n, i, from = 0, k;
	char *out;
	size_t len = 0;
	int any = 0;

	if (html == NULL)
		return NULL;
	n = strlen(html);
	for (k = 0; jetpack_words[k] && !any; k++)
		any = icontains(html, n, jetpack_words[k]);
	if (!any)
		return html;
	out = kp_keep(&p->mem, malloc(n + 1));
	if (out == NULL)
		return html;
	for (i = 0; i < n;) {
		size_t end, stop;

		if (html[i] != '<' || i + 1 >= n || !is_name_char((unsigned char)html[i + 1])) {
			i++;
			continue;
		}
		end = tag_end(html, n, i);
		if (end >= n && html[n - 1] != '>')
			break;
		if (!jetpack_tag(html, i + 1, end)) {
			i = end;
			continue;
		}
		stop = element_end(html, n, i, end);
		if (stop == 0)
			break;
		memcpy(out + len, html + from, i - from);
		len += i - from;
		from = stop;
		i = stop;
	}
	memcpy(out + len, html + from, n - from);
	len += n - from;
	out[len] = '\0';
	return out;
}

static void
entry_emit(struct p *p, struct entry *e)
{
	struct kabar_item it;
	const struct kabar_author *ap[MAX_AUTHORS];
	int partial;

	if (p->mem.nomem)
		return;
	if (e->url == NULL && e->id == NULL) {
		warn(p, "%s: skipped: no link and no id", e->label);
		return;
	}
	/* A post with nothing to show (a protected post without a title):
	 * the core completes it from its page. */
	e->content = strip_jetpack(p, e->content);
	partial = empty(e->title) && empty(e->summary) && empty(e->content) && e->url != NULL;
	memset(&it, 0, sizeof(it));
	it.struct_size = sizeof(it);
	it.id = e->id;
	it.id_is_permalink = e->id_permalink;
	it.url = e->url;
	it.title = empty(e->title) ? NULL : e->title;
	it.title_is_html = e->title_html;
	it.summary = empty(e->summary) ? NULL : e->summary;
	it.summary_is_html = 1;
	it.content_html = empty(e->content) ? NULL : e->content;
	it.published = e->pub;
	it.published_offset = e->pub_off;
	it.updated = e->upd;
	it.updated_offset = e->upd_off;
	it.language = e->lang;
	it.image = e->image;
	it.authors = kp_author_ptrs(ap, e->authors, e->n_authors);
	it.n_authors = e->n_authors;
	it.categories = e->n_cats ? e->cats : NULL;
	it.n_categories = e->n_cats;
	it.comments_url = e->comments;
	if (kp_emit(p->h, p->ctx, &it, partial) != 0) {
		p->n_refused++;
		return;
	}
	p->n_emitted++;
}

/* --- the REST API --- */

static const char *
type_name(int t)
{
	return t >= 0 && t <= J_OBJECT ? type_names[t] : "unknown";
}

/* A string member of obj; NULL when absent, null or empty. A value of
 * another type is ignored with a warning naming what. */
static const char *
jstr(struct p *p, struct entry *e, struct kabar_json *obj, const char *key)
{
	struct kabar_json *v = p->h->json_get(obj, key);
	int t;

	if (v == NULL)
		return NULL;
	t = p->h->json_type(v);
	if (t == J_NULL)
		return NULL;
	if (t != J_STRING) {
		warn(p, "%s: \"%s\" is %s, not a string", e->label, key, type_name(t));
		return NULL;
	}
	return p->h->json_string(p->ctx, v);
}

/* obj[key].rendered, or obj[key] when that is a plain string (with a
 * warning). *prot is set from obj[key].protected when given. */
static const char *
rendered(struct p *p, struct entry *e, struct kabar_json *obj, const char *key, int *prot)
{
	struct kabar_json *v = p->h->json_get(obj, key), *r;
	int t;

	if (prot != NULL)
		*prot = 0;
	if (v == NULL)
		return NULL;
	t = p->h->json_type(v);
	if (t == J_NULL)
		return NULL;
	if (t == J_STRING) {
		warn(p, "%s: \"%s\" is a string, not an object with \"rendered\": taken as it is", e->label, key);
		return p->h->json_string(p->ctx, v);
	}
	if (t != J_OBJECT) {
		warn(p, "%s: \"%s\" is %s, not an object", e->label, key, type_name(t));
		return NULL;
	}
	if (prot != NULL) {
		r = p->h->json_get(v, "protected");
		if (r != NULL && p->h->json_type(r) == J_BOOL && p->h->json_int(r, 0) == 1)
			*prot = 1;
	}
	r = p->h->json_get(v, "rendered");
	if (r == NULL || p->h->json_type(r) == J_NULL)
		return NULL;
	if (p->h->json_type(r) != J_STRING) {
		warn(p, "%s: \"%s.rendered\" is %s, not a string", e->label, key, type_name(p->h->json_type(r)));
		return NULL;
	}
	return p->h->json_string(p->ctx, r);
}

/* ref resolved against the response URL; only http(s). */
static const char *
web_url(struct p *p, const char *ref)
{
	const char *s;

	if (empty(ref))
		return NULL;
	while (is_space((unsigned char)*ref))
		ref++;
	s = p->h->resolve_url(p->ctx, NULL, ref);
	return is_http_url(s) ? s : NULL;
}

/* Does a date string name its zone (Z or an offset after the time)? */
static int
has_zone(const char *s)
{
	size_t n = strlen(s), i;

	if (n <= 10)
		return 0;
	for (i = 10; i < n; i++)
		if (s[i] == 'Z' || s[i] == 'z' || s[i] == '+' || s[i] == '-')
			return 1;
	return 0;
}

/* Parse a REST date: gmt is UTC without a zone (date_gmt), local the
 * same moment in the site's zone (date). Sets *utc and *off, or leaves
 * *utc KABAR_NO_TIME. */
static void
wp_date(struct p *p, struct entry *e, const char *gmt, const char *local, const char *what, int64_t *utc, int *off)
{
	int64_t t, l;
	int o;
	const char *s;

	*utc = KABAR_NO_TIME;
	*off = 0;
	if (!empty(gmt)) {
		s = has_zone(gmt) ? gmt : kp_fmt(&p->mem, "%sZ", gmt);
		if (s != NULL && p->h->parse_date(p->ctx, s, &t, &o) == 0) {
			*utc = t;
			*off = o;
			/* The site's offset is the difference of the two. */
			if (!empty(local) && !has_zone(local)) {
				s = kp_fmt(&p->mem, "%sZ", local);
				if (s != NULL && p->h->parse_date(p->ctx, s, &l, &o) == 0 && l - t >= -18 * 3600 &&
				    l - t <= 18 * 3600 && (l - t) % 900 == 0)
					*off = (int)((l - t) / 60);
			}
			return;
		}
		warn(p, "%s: bad %s_gmt '%.40s'", e->label, what, gmt);
	}
	if (!empty(local)) {
		/* Without a zone it is read in the source's timezone. */
		if (p->h->parse_date(p->ctx, local, &t, &o) == 0) {
			*utc = t;
			*off = o;
			return;
		}
		warn(p, "%s: bad %s '%.40s'", e->label, what, local);
	}
}

/* An embedded list: _embedded[key] as an array, or NULL (with a warning
 * when it has another type). */
static struct kabar_json *
embedded_list(struct p *p, struct entry *e, struct kabar_json *emb, const char *key)
{
	struct kabar_json *v = p->h->json_get(emb, key);
	int t;

	if (v == NULL)
		return NULL;
	t = p->h->json_type(v);
	if (t == J_NULL)
		return NULL;
	if (t != J_ARRAY) {
		warn(p, "%s: \"_embedded.%s\" is %s, not an array", e->label, key, type_name(t));
		return NULL;
	}
	return v;
}

/* Is obj a WordPress error object ({"code": ..., "message": ...})? */
static int
is_error_object(struct p *p, struct kabar_json *obj)
{
	struct kabar_json *c = p->h->json_get(obj, "code");

	return c != NULL && p->h->json_type(c) == J_STRING;
}

/* Term names and author names are stored with HTML entities
 * ("UMKM &amp; Koperasi"): decode them. */
static const char *
plain_name(struct p *p, const char *s)
{
	if (s == NULL)
		return NULL;
	if (strchr(s, '&') == NULL && strchr(s, '<') == NULL)
		return s;
	return p->h->html_to_text(p->ctx, s);
}

static void
post_embedded(struct p *p, struct entry *e, struct kabar_json *emb)
{
	struct kabar_json *list, *a, *terms;
	size_t i, j, n, m;

	list = embedded_list(p, e, emb, "author");
	n = list ? p->h->json_length(list) : 0;
	for (i = 0; i < n && i < MAX_AUTHORS * 2; i++) {
		a = p->h->json_at(list, i);
		if (a == NULL || p->h->json_type(a) != J_OBJECT) {
			warn(p, "%s: an embedded author is %s, not an object", e->label,
			     type_name(a ? p->h->json_type(a) : 0));
			continue;
		}
		if (is_error_object(p, a))
			continue;
		add_author(p, e, plain_name(p, jstr(p, e, a, "name")), web_url(p, jstr(p, e, a, "link")));
	}

	list = embedded_list(p, e, emb, "wp:featuredmedia");
	a = list ? p->h->json_at(list, 0) : NULL;
	if (a != NULL && p->h->json_type(a) != J_OBJECT) {
		warn(p, "%s: the embedded featured media is %s, not an object", e->label,
		     type_name(p->h->json_type(a)));
	} else if (a != NULL && is_error_object(p, a)) {
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "%s: featured media not readable: %.80s", e->label,
			  p->h->json_string(p->ctx, p->h->json_get(a, "code")));
	} else if (a != NULL) {
		e->image = web_url(p, jstr(p, e, a, "source_url"));
	}

	list = embedded_list(p, e, emb, "wp:term");
	n = list ? p->h->json_length(list) : 0;
	for (i = 0; i < n && i < MAX_TERM_LISTS; i++) {
		terms = p->h->json_at(list, i);
		if (terms == NULL || p->h->json_type(terms) != J_ARRAY) {
			warn(p, "%s: an embedded term list is %s, not an array", e->label,
			     type_name(terms ? p->h->json_type(terms) : 0));
			continue;
		}
		m = p->h->json_length(terms);
		for (j = 0; j < m && j < MAX_TERMS; j++) {
			const char *tax;

			a = p->h->json_at(terms, j);
			if (a == NULL || p->h->json_type(a) != J_OBJECT) {
				warn(p, "%s: an embedded term is %s, not an object", e->label,
				     type_name(a ? p->h->json_type(a) : 0));
				continue;
			}
			tax = jstr(p, e, a, "taxonomy");
			if (streq(tax, "category") || streq(tax, "post_tag"))
				add_category(p, e, plain_name(p, jstr(p, e, a, "name")));
		}
	}
}

static void
post(struct p *p, struct kabar_json *o, long page, size_t index)
{
	struct entry e;
	struct kabar_json *v;
	const char *link, *guid;
	int prot = 0;
	size_t mark = p->mem.n;

	memset(&e, 0, sizeof(e));
	v = p->h->json_get(o, "id");
	if (v != NULL && p->h->json_type(v) == J_NUMBER)
		e.label = kp_fmt(&p->mem, "post %lld", (long long)p->h->json_int(v, 0));
	else
		e.label = kp_fmt(&p->mem, "post %zu of page %ld", index + 1, page);
	if (e.label == NULL)
		return;
	link = web_url(p, jstr(p, &e, o, "link"));
	guid = rendered(p, &e, o, "guid", NULL);
	e.url = link;
	if (!empty(guid)) {
		e.id = guid;
	} else if (link != NULL) {
		e.id = link;
		e.id_permalink = 1;
	}
	e.title = rendered(p, &e, o, "title", NULL);
	e.title_html = 1;
	e.content = rendered(p, &e, o, "content", &prot);
	if (prot)
		e.content = NULL;
	e.summary = rendered(p, &e, o, "excerpt", &prot);
	if (prot)
		e.summary = NULL;
	wp_date(p, &e, jstr(p, &e, o, "date_gmt"), jstr(p, &e, o, "date"), "date", &e.pub, &e.pub_off);
	wp_date(p, &e, jstr(p, &e, o, "modified_gmt"), jstr(p, &e, o, "modified"), "modified", &e.upd, &e.upd_off);
	v = p->h->json_get(o, "_embedded");
	if (v != NULL && p->h->json_type(v) == J_OBJECT)
		post_embedded(p, &e, v);
	else if (v != NULL && p->h->json_type(v) != J_NULL)
		warn(p, "%s: \"_embedded\" is %s, not an object", e.label, type_name(p->h->json_type(v)));
	if (e.image == NULL)
		e.image = web_url(p, jstr(p, &e, o, "jetpack_featured_media_url"));
	entry_emit(p, &e);
	kp_release(&p->mem, mark);
}

/* A header's count: 0 and *n set, 1 when absent, -1 when not a count.
 * Counts beyond MAX_COUNT come back as LONG_MAX. */
static int
header_count(struct p *p, const char *name, long *n)
{
	const char *s = p->h->response_header(p->resp, name), *q;
	long v = 0;

	if (s == NULL)
		return 1;
	while (is_space((unsigned char)*s))
		s++;
	for (q = s; is_digit((unsigned char)*q); q++) {
		if (v <= MAX_COUNT)
			v = v * 10 + (*q - '0');
	}
	if (q == s)
		return -1;
	while (is_space((unsigned char)*q))
		q++;
	if (*q != '\0')
		return -1;
	*n = v > MAX_COUNT ? LONG_MAX : v;
	return 0;
}

/* Follow pages 2..min(total, max_pages) after page 1. */
static void
paginate(struct p *p, size_t n_posts)
{
	long pages = 0, total = 0, last, pg;
	int rp, rt;
	const char *hv;

	rp = header_count(p, "X-WP-TotalPages", &pages);
	rt = header_count(p, "X-WP-Total", &total);
	if (rp < 0) {
		hv = p->h->response_header(p->resp, "X-WP-TotalPages");
		p->h->log(p->ctx, KABAR_LOG_WARNING, "bad X-WP-TotalPages header '%.40s'", hv ? hv : "");
	}
	if (rp != 0) {
		if (rt == 0) {
			pages = total == LONG_MAX ? LONG_MAX : total / p->per_page + (total % p->per_page != 0);
		} else {
			if (rt < 0) {
				hv = p->h->response_header(p->resp, "X-WP-Total");
				p->h->log(p->ctx, KABAR_LOG_WARNING, "bad X-WP-Total header '%.40s'", hv ? hv : "");
			}
			p->h->log(p->ctx, KABAR_LOG_DEBUG, "no page count in the response: reading page 1 only");
			return;
		}
	}
	if (pages > PLAUSIBLE_PAGES)
		p->h->log(p->ctx, KABAR_LOG_WARNING, "the site claims more than %ld pages: reading at most %ld",
			  PLAUSIBLE_PAGES, p->max_pages);
	if (n_posts == 0)
		return;
	last = pages < p->max_pages ? pages : p->max_pages;
	if (pages > p->max_pages)
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "reading %ld of %ld pages (max_pages)", last, pages);
	for (pg = 2; pg <= last && !p->mem.nomem; pg++)
		if (follow_posts(p, pg) != 0)
			break;
}

/* The reason a REST response is not a list of posts, or NULL. */
static const char *
rest_problem(struct p *p, struct kabar_json **list)
{
	int status = p->h->response_status(p->resp);
	const char *b, *code = NULL, *msg = NULL;
	size_t len = 0, i;
	struct kabar_doc *doc;
	struct kabar_json *root;

	*list = NULL;
	b = p->h->response_body(p->resp, &len);
	if (b == NULL)
		len = 0;
	i = kp_body_start(b, len);
	doc = NULL;
	root = NULL;
	if (i < len && (b[i] == '{' || b[i] == '[')) {
		doc = p->h->parse_json(p->ctx, p->resp);
		root = doc ? p->h->json_root(doc) : NULL;
	}
	if (root != NULL && p->h->json_type(root) == J_OBJECT) {
		code = p->h->json_string(p->ctx, p->h->json_get(root, "code"));
		msg = p->h->json_string(p->ctx, p->h->json_get(root, "message"));
	}
	if (status >= 400)
		return kp_fmt(&p->mem, "HTTP status %d%s%.80s%s%.200s", status, code ? ", " : "", code ? code : "",
			      msg ? ": " : "", msg ? msg : "");
	if (i == len)
		return "the response is empty";
	if (doc == NULL) {
		if (icontains(b + i, len - i < 1024 ? len - i : 1024, "<html"))
			return "the response is an HTML page, not JSON";
		return "the response is not JSON";
	}
	if (root != NULL && p->h->json_type(root) == J_ARRAY) {
		*list = root;
		return NULL;
	}
	if (code != NULL)
		return kp_fmt(&p->mem, "error %.80s%s%.200s", code, msg ? ": " : "", msg ? msg : "");
	return kp_fmt(&p->mem, "the response is %s, not a list of posts", type_name(root ? p->h->json_type(root) : 0));
}

/* A status that says the API is switched off or hidden. */
static int
unavailable_status(int status)
{
	return status == 401 || status == 403 || status == 404 || status == 410;
}

static int
parse_posts(struct p *p)
{
	const char *url = p->h->response_url(p->resp), *ms = p->h->response_meta(p->resp, "page"), *why;
	struct kabar_json *list, *o;
	long page = 1;
	size_t n, i;
	int status = p->h->response_status(p->resp);

	if (ms != NULL) {
		char *end;

		errno = 0;
		page = strtol(ms, &end, 10);
		if (end == ms || *end != '\0' || errno != 0 || page < 1 || page > MAX_MAX_PAGES) {
			p->h->log(p->ctx, KABAR_LOG_ERROR, "bad page number '%.20s' in the request for %s", ms, url);
			return KABAR_FAIL;
		}
	}
	why = rest_problem(p, &list);
	if (p->mem.nomem)
		return KABAR_FAIL;
	if (why != NULL) {
		if (page > 1) {
			/* The posts of the first pages stand. */
			warn(p, "cannot read page %ld of the posts: %s: %s", page, why, url);
			return KABAR_OK;
		}
		if (p->mode == API_AUTO && (unavailable_status(status) || status < 400)) {
			const char *feed = feed_url(p);

			if (feed == NULL)
				return KABAR_FAIL;
			p->h->log(p->ctx, KABAR_LOG_INFO, "REST API unavailable at %s (%s): reading the feed %s", url,
				  why, feed);
			return follow_feed(p) == 0 ? KABAR_OK : KABAR_FAIL;
		}
		p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read posts: %s: %s", why, url);
		return KABAR_FAIL;
	}
	n = p->h->json_length(list);
	if (n > MAX_POSTS)
		warn(p, "page %ld has %zu posts: reading the first %d", page, n, MAX_POSTS);
	for (i = 0; i < n && i < MAX_POSTS && !p->mem.nomem; i++) {
		o = p->h->json_at(list, i);
		if (o == NULL || p->h->json_type(o) != J_OBJECT) {
			warn(p, "post %zu of page %ld is %s, not an object", i + 1, page,
			     type_name(o ? p->h->json_type(o) : 0));
			continue;
		}
		post(p, o, page, i);
	}
	if (n == 0)
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "no posts on page %ld: %s", page, url);
	if (page == 1 && !p->mem.nomem)
		paginate(p, n);
	return p->mem.nomem ? KABAR_FAIL : KABAR_OK;
}

/* --- the RSS 2.0 feed --- */

static const char *
xs(struct p *p, struct kabar_doc *doc, struct kabar_node *n, const char *expr)
{
	const char *s = p->h->xpath_string(p->ctx, doc, n, expr);

	return empty(s) ? NULL : s;
}

static void
feed_item(struct p *p, struct kabar_doc *doc, struct kabar_node *n, size_t index, const char *lang)
{
	struct entry e;
	struct kabar_nodeset *set;
	const char *guid, *perm, *s;
	size_t i, count;
	int o;
	size_t mark = p->mem.n;

	memset(&e, 0, sizeof(e));
	e.label = kp_fmt(&p->mem, "feed item %zu", index + 1);
	if (e.label == NULL)
		return;
	e.title = xs(p, doc, n, "title");
	e.url = web_url(p, xs(p, doc, n, "link"));
	guid = xs(p, doc, n, "guid");
	perm = xs(p, doc, n, "guid/@isPermaLink");
	if (guid != NULL) {
		e.id = guid;
		e.id_permalink = !ieq(perm, "false") && is_http_url(guid);
		if (e.url == NULL && e.id_permalink)
			e.url = web_url(p, guid);
	} else if (e.url != NULL) {
		e.id = e.url;
		e.id_permalink = 1;
	}
	e.summary = xs(p, doc, n, "description");
	e.content = xs(p, doc, n, "content:encoded");
	e.comments = web_url(p, xs(p, doc, n, "comments"));
	e.lang = lang;
	e.pub = KABAR_NO_TIME;
	e.upd = KABAR_NO_TIME;
	s = xs(p, doc, n, "pubDate");
	if (s != NULL && p->h->parse_date(p->ctx, s, &e.pub, &o) == 0)
		e.pub_off = o;
	else if (s != NULL)
		warn(p, "%s: bad pubDate '%.40s'", e.label, s);
	set = p->h->xpath(p->ctx, doc, n, "dc:creator");
	count = set ? p->h->nodeset_count(set) : 0;
	for (i = 0; i < count; i++) {
		s = p->h->node_text(p->ctx, p->h->nodeset_item(set, i));
		add_author(p, &e, empty(s) ? NULL : s, NULL);
	}
	set = p->h->xpath(p->ctx, doc, n, "category");
	count = set ? p->h->nodeset_count(set) : 0;
	for (i = 0; i < count && i < MAX_TERMS; i++) {
		s = p->h->node_text(p->ctx, p->h->nodeset_item(set, i));
		add_category(p, &e, s);
	}
	entry_emit(p, &e);
	kp_release(&p->mem, mark);
}

static int
parse_feed(struct p *p)
{
	const char *url = p->h->response_url(p->resp), *b, *lang, *title, *link;
	struct kabar_doc *doc;
	struct kabar_node *root, *channel;
	struct kabar_nodeset *set;
	struct kabar_feed ff;
	size_t len = 0, i, n;

	b = p->h->response_body(p->resp, &len);
	if (b == NULL || len == 0) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read the feed: the response is empty: %s", url);
		return KABAR_FAIL;
	}
	doc = p->h->parse_xml(p->ctx, p->resp);
	root = doc ? p->h->doc_root(doc) : NULL;
	if (root == NULL || !streq(p->h->node_name(root), "rss")) {
		if (icontains(b, len < 1024 ? len : 1024, "<html"))
			p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read the feed: the response is an HTML page: %s",
				  url);
		else if (root == NULL)
			p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read the feed: the body is not XML: %s", url);
		else
			p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read the feed: <%.40s> is not RSS 2.0: %s",
				  p->h->node_name(root), url);
		return KABAR_FAIL;
	}
	set = p->h->xpath(p->ctx, doc, root, "channel");
	channel = set && p->h->nodeset_count(set) > 0 ? p->h->nodeset_item(set, 0) : NULL;
	if (channel == NULL) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read the feed: no channel: %s", url);
		return KABAR_FAIL;
	}
	lang = xs(p, doc, channel, "language");
	title = xs(p, doc, channel, "title");
	link = web_url(p, xs(p, doc, channel, "link"));
	memset(&ff, 0, sizeof(ff));
	ff.struct_size = sizeof(ff);
	ff.title = title;
	ff.home_page_url = link;
	ff.description = xs(p, doc, channel, "description");
	ff.language = lang;
	ff.format = "rss2.0";
	p->h->feed(p->ctx, &ff);
	set = p->h->xpath(p->ctx, doc, channel, "item");
	n = set ? p->h->nodeset_count(set) : 0;
	if (n > MAX_FEED_ITEMS)
		warn(p, "the feed has %zu items: reading the first %d", n, MAX_FEED_ITEMS);
	for (i = 0; i < n && i < MAX_FEED_ITEMS && !p->mem.nomem; i++)
		feed_item(p, doc, p->h->nodeset_item(set, i), i, lang);
	if (n == 0)
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "no items in the feed: %s", url);
	return p->mem.nomem ? KABAR_FAIL : KABAR_OK;
}

/* --- callbacks --- */

static void
finish(struct p *p)
{
	if (p->n_warnings > KP_MAX_WARNINGS)
		p->h->log(p->ctx, KABAR_LOG_WARNING, "%ld more problems with the site's data not shown",
			  p->n_warnings - KP_MAX_WARNINGS);
	if (p->mem.nomem)
		p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read the site: out of memory");
	if (p->n_refused > 0)
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "%ld items refused by the host", p->n_refused);
	kp_arena_free(&p->mem);
}

static int
wp_start(struct kabar_ctx *ctx, const struct kabar_host *host)
{
	struct p p;
	int rc = KABAR_FAIL;

	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.h = host;
	if (setup(&p) != 0)
		goto out;
	if (p.mode == API_FEED)
		rc = follow_feed(&p) == 0 ? KABAR_OK : KABAR_FAIL;
	else
		rc = follow_posts(&p, 1) == 0 ? KABAR_OK : KABAR_FAIL;
out:
	finish(&p);
	return rc;
}

static int
wp_parse(struct kabar_ctx *ctx, const struct kabar_host *host, const struct kabar_response *resp)
{
	struct p p;
	const char *tag = host->response_tag(resp);
	int rc = KABAR_FAIL;

	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.h = host;
	p.resp = resp;
	if (setup(&p) != 0)
		goto out;
	if (streq(tag, "posts")) {
		rc = parse_posts(&p);
	} else if (streq(tag, "feed")) {
		rc = parse_feed(&p);
	} else {
		host->log(ctx, KABAR_LOG_ERROR, "unknown request tag '%.40s' for %s", tag ? tag : "",
			  host->response_url(resp));
	}
out:
	finish(&p);
	return rc;
}

static const struct kabar_option wp_options[] = {
	KABAR_OPTION("api", KABAR_OPT_STRING, 0, "auto",
		     "auto (REST API, else the feed), rest (REST API only) or feed (the RSS feed only)"),
	KABAR_OPTION("per_page", KABAR_OPT_INT, 0, "20", "posts per REST API page, 1 to 100"),
	KABAR_OPTION("max_pages", KABAR_OPT_INT, 0, "3", "REST API pages read per run, 1 to 100"),
	KABAR_OPTION("categories", KABAR_OPT_STRING, 0, NULL, "only posts in these category ids, e.g. 12,15"),
	KABAR_OPTION("search", KABAR_OPT_STRING, 0, NULL, "only posts matching this search term"),
	KABAR_OPTION_END,
};

static const struct kabar_plugin wp_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = 1,
	.name = "wordpress",
	.version = "1.0",
	.description = "WordPress sites: the wp-json REST API, else the RSS feed",
	.options = wp_options,
	.start = wp_start,
	.parse = wp_parse,
};

KABAR_PLUGIN(wp_plugin)
