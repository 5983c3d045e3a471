/* sitemap.c: the bundled sitemap plugin. Reads Google News sitemaps,
 * plain sitemaps (sitemaps.org 0.9 and Google's older 0.84), image
 * sitemaps' first image per URL, and sitemap indexes, whose recent child
 * sitemaps it follows (tag "sitemap"). Gzip sitemaps (.xml.gz) are
 * inflated by host->parse_xml.
 *
 * Every recent <url> becomes a partial item (host->emit_partial): the
 * core skips the URLs the source already has and completes the others
 * from their article pages. The mapping:
 *   url        <loc>, resolved against the response
 *   title      news:news/news:title
 *   published  news:news/news:publication_date
 *   updated    <lastmod> (a modification time, not a publication time)
 *   language   news:news/news:publication/news:language
 *   image      the first image:image/image:loc
 *   categories news:news/news:keywords, split at commas
 * Elements are matched by local name, whatever their namespace (sitemaps
 * in the wild miss the xmlns, use the 0.84 namespace or other prefixes;
 * an undeclared prefix, as in <news:news> without xmlns:news, is cut off);
 * every name is only looked for where the sitemap schemas put it, so the
 * match cannot be confused with another vocabulary's element.
 *
 * Recent: a URL whose publication date (else lastmod) is older than
 * host->now minus `window` days is skipped; a URL with no date is kept
 * (the core never fetches a URL it already has, so an undated URL costs
 * one fetch, once). The rest are sorted newest first, undated last in
 * document order, and at most `max_urls` are emitted in the whole run.
 * In an index, child sitemaps whose lastmod is older than the window are
 * not followed; the others are followed newest first, at most
 * `max_sitemaps` in the whole run, through at most MAX_DEPTH nested
 * indexes.
 *
 * No state between callbacks: the depth and what is left of the two
 * budgets travel with each follow as metadata ("depth", "urls",
 * "sitemaps"). An index shares its URL budget among the children it
 * follows, and the child sitemaps still allowed among its child indexes,
 * so the limits hold for the whole run.
 *
 * A body that is not XML, or XML whose root is not <urlset> or
 * <sitemapindex>, fails the response with an error "not a sitemap: ...".
 * A sitemap without URLs, an index without a recent or usable child, an
 * index nested too deep, entries without <loc> and unreadable dates are
 * warnings; URLs and sitemaps over the limits are logged once (info).
 */
#include <kabar/plugin.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common.h"

/* Nested sitemap indexes followed: the source's url is depth 0, its
 * children depth 1; an index at MAX_DEPTH does not follow its children. */
#define MAX_DEPTH 3
/* Entries read from one sitemap (the sitemaps.org limit); the rest are
 * ignored. */
#define MAX_ENTRIES	 50000
#define MAX_CATEGORIES	 32
#define MAX_WINDOW_DAYS	 36500
#define MAX_MAX_URLS	 50000
#define MAX_MAX_SITEMAPS 1000
#define TAG_SITEMAP	 "sitemap"

/* One <url> or <sitemap> entry: its node, the date it is judged by and
 * its place in the document. */
struct ent {
	struct kabar_node *node;
	const char *loc; /* resolved */
	int64_t t;	 /* KABAR_NO_TIME when undated */
	size_t idx;
};

/* One parse() call. Strings the plugin builds live in mem until the end. */
struct p {
	struct kabar_ctx *ctx;
	const struct kabar_host *h;
	const struct kabar_response *resp;
	struct kabar_doc *doc;
	const char *url; /* the response's URL, for messages */
	int64_t cutoff;	 /* older is skipped; KABAR_NO_TIME: no window */
	long window;	 /* days */
	long max_urls, max_sitemaps;
	long depth;	  /* of this response */
	long url_budget;  /* URLs this response may emit or hand on */
	long map_budget;  /* child sitemaps this response may follow */
	long bad_dates;	  /* dates that could not be read */
	long bad_entries; /* entries without a usable loc */
	struct ent *ents; /* the entries of this sitemap */
	size_t n_ents, cap_ents;
	struct kp_arena mem; /* strings built here; mem.nomem: out of memory */
};

/* --- small helpers --- */

/* Does the body start (after white space and a BOM) with prefix, without
 * case? */
static int
body_starts(const char *s, size_t n, const char *prefix)
{
	size_t i = kp_body_start(s, n), j;

	for (j = 0; prefix[j] != '\0'; j++, i++)
		if (i >= n || lc((unsigned char)s[i]) != lc((unsigned char)prefix[j]))
			return 0;
	return 1;
}

/* The local name of n. An element with an undeclared prefix
 * (<news:news> in a sitemap without xmlns:news) is named with its prefix:
 * the part after the colon is taken. */
static const char *
lname(struct p *p, struct kabar_node *n)
{
	const char *s = p->h->node_name(n), *c;

	if (s == NULL)
		return NULL;
	c = strrchr(s, ':');
	return c ? c + 1 : s;
}

/* The first child element of n with local name name, or NULL. */
static struct kabar_node *
child(struct p *p, struct kabar_node *n, const char *name)
{
	struct kabar_node *c;

	if (n == NULL)
		return NULL;
	for (c = p->h->node_first_child(n); c != NULL; c = p->h->node_next(c))
		if (streq(lname(p, c), name))
			return c;
	return NULL;
}

/* The text of n, trimmed; NULL when n is NULL or the text is empty. Owned
 * by the host or by p. */
static const char *
text(struct p *p, struct kabar_node *n)
{
	const char *s;
	size_t len;

	if (n == NULL)
		return NULL;
	s = p->h->node_text(p->ctx, n);
	if (s == NULL)
		return NULL;
	s = kp_trim(s, &len);
	if (len == 0)
		return NULL;
	if (s[len] == '\0')
		return s;
	return kp_dupn(&p->mem, s, len);
}

/* The date in n, or KABAR_NO_TIME (an unreadable one is counted). */
static int64_t
date_of(struct p *p, struct kabar_node *n, int *offset)
{
	const char *s = text(p, n);
	int64_t t;
	int off = 0;

	if (offset != NULL)
		*offset = 0;
	if (s == NULL)
		return KABAR_NO_TIME;
	if (p->h->parse_date(p->ctx, s, &t, &off) != 0) {
		p->bad_dates++;
		return KABAR_NO_TIME;
	}
	if (offset != NULL)
		*offset = off;
	return t;
}

static int
recent(const struct p *p, int64_t t)
{
	return t == KABAR_NO_TIME || p->cutoff == KABAR_NO_TIME || t >= p->cutoff;
}

/* Append an entry; -1 when out of memory. */
static int
add_ent(struct p *p, struct kabar_node *node, const char *loc, int64_t t)
{
	if (p->n_ents == p->cap_ents) {
		size_t cap = p->cap_ents ? p->cap_ents * 2 : 64;
		struct ent *e;

		if (cap > SIZE_MAX / sizeof(*e)) {
			p->mem.nomem = 1;
			return -1;
		}
		e = realloc(p->ents, cap * sizeof(*e));
		if (e == NULL) {
			p->mem.nomem = 1;
			return -1;
		}
		p->ents = e;
		p->cap_ents = cap;
	}
	p->ents[p->n_ents].node = node;
	p->ents[p->n_ents].loc = loc;
	p->ents[p->n_ents].t = t;
	p->ents[p->n_ents].idx = p->n_ents;
	p->n_ents++;
	return 0;
}

/* Dated entries first, newest first; undated ones last; ties in document
 * order. */
static int
cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	if (x->t != y->t) {
		if (x->t == KABAR_NO_TIME)
			return 1;
		if (y->t == KABAR_NO_TIME)
			return -1;
		return x->t > y->t ? -1 : 1;
	}
	return x->idx < y->idx ? -1 : x->idx > y->idx ? 1 : 0;
}

static int
conf_long(struct p *p, const char *key, long lo, long hi, long *out)
{
	const char *v = p->h->config(p->ctx, key);

	if (kp_parse_long(v, lo, hi, out) != 0) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "bad config: %s must be a number from %ld to %ld, not '%.40s'", key,
			  lo, hi, v ? v : "");
		return -1;
	}
	return 0;
}

/* A metadata value of the request, from lo to hi, else fallback (the
 * metadata is this plugin's own, but it travels through the core). */
static long
meta_long(struct p *p, const char *key, long lo, long hi, long fallback)
{
	long x;

	if (kp_parse_long(p->h->response_meta(p->resp, key), lo, hi, &x) != 0)
		return fallback;
	return x;
}

/* --- <urlset> --- */

/* The categories in a news:keywords list: split at commas, trimmed, empty
 * ones and repeats dropped. Returns the count. */
static size_t
split_keywords(struct p *p, const char *kw, const char **cats, size_t max)
{
	char *s;
	size_t n = 0;

	if (kw == NULL)
		return 0;
	s = kp_dupn(&p->mem, kw, strlen(kw));
	if (s == NULL)
		return 0;
	while (*s != '\0' && n < max) {
		char *e = strchr(s, ',');
		char *next = e ? e + 1 : s + strlen(s);
		char *end = e ? e : s + strlen(s);

		while (s < end && is_space((unsigned char)*s))
			s++;
		while (end > s && is_space((unsigned char)end[-1]))
			end--;
		*end = '\0';
		kp_add_unique(cats, &n, max, s);
		s = next;
	}
	return n;
}

/* The first image:image/image:loc of a <url>, resolved, or NULL. */
static const char *
image_of(struct p *p, struct kabar_node *url)
{
	struct kabar_node *c;

	for (c = p->h->node_first_child(url); c != NULL; c = p->h->node_next(c)) {
		const char *loc;

		if (!streq(lname(p, c), "image"))
			continue;
		loc = text(p, child(p, c, "loc"));
		if (loc != NULL)
			return p->h->resolve_url(p->ctx, NULL, loc);
	}
	return NULL;
}

/* Emit one entry as a partial item. 0, or -1 when the host refused it. */
static int
emit_url(struct p *p, const struct ent *e)
{
	struct kabar_item it = { .struct_size = sizeof(struct kabar_item) };
	struct kabar_node *news = child(p, e->node, "news");
	struct kabar_node *pub = child(p, news, "publication");
	const char *cats[MAX_CATEGORIES];
	long bad_dates = p->bad_dates; /* counted when the entry was read */
	int off = 0;

	it.url = e->loc;
	it.title = text(p, child(p, news, "title"));
	it.published = date_of(p, child(p, news, "publication_date"), &off);
	it.published_offset = off;
	it.updated = date_of(p, child(p, e->node, "lastmod"), &off);
	it.updated_offset = off;
	it.language = text(p, child(p, pub, "language"));
	it.image = image_of(p, e->node);
	it.n_categories = split_keywords(p, text(p, child(p, news, "keywords")), cats, MAX_CATEGORIES);
	it.categories = it.n_categories > 0 ? cats : NULL;
	p->bad_dates = bad_dates;
	return p->h->emit_partial(p->ctx, &it);
}

/* Report the publication of a news sitemap (its first news:publication)
 * and the format. */
static void
report_feed(struct p *p, struct kabar_node *first_pub, int is_news)
{
	struct kabar_feed f = { .struct_size = sizeof(struct kabar_feed) };

	f.title = text(p, child(p, first_pub, "name"));
	f.language = text(p, child(p, first_pub, "language"));
	f.format = is_news ? "sitemap-news" : "sitemap";
	p->h->feed(p->ctx, &f);
}

static int
parse_urlset(struct p *p, struct kabar_node *root)
{
	struct kabar_node *c, *first_pub = NULL;
	struct ent *ents;
	size_t n, seen = 0, old = 0, i, emitted = 0, refused = 0;
	int is_news = 0;

	for (c = p->h->node_first_child(root); c != NULL; c = p->h->node_next(c)) {
		struct kabar_node *news;
		const char *loc;
		int64_t t;

		if (!streq(lname(p, c), "url"))
			continue;
		if (seen++ >= MAX_ENTRIES)
			continue;
		news = child(p, c, "news");
		if (news != NULL) {
			is_news = 1;
			if (first_pub == NULL)
				first_pub = child(p, news, "publication");
		}
		loc = text(p, child(p, c, "loc"));
		loc = loc ? p->h->resolve_url(p->ctx, NULL, loc) : NULL;
		if (loc == NULL) {
			p->bad_entries++;
			continue;
		}
		t = date_of(p, child(p, news, "publication_date"), NULL);
		if (t == KABAR_NO_TIME)
			t = date_of(p, child(p, c, "lastmod"), NULL);
		if (!recent(p, t)) {
			old++;
			continue;
		}
		if (add_ent(p, c, loc, t) != 0)
			return KABAR_FAIL;
	}
	ents = p->ents;
	n = p->n_ents;
	report_feed(p, first_pub, is_news);
	if (seen == 0) {
		p->h->log(p->ctx, KABAR_LOG_WARNING, "sitemap lists no urls: %s", p->url);
		return KABAR_OK;
	}
	if (seen > MAX_ENTRIES)
		p->h->log(p->ctx, KABAR_LOG_WARNING, "sitemap lists %zu urls, only the first %d read: %s", seen,
			  MAX_ENTRIES, p->url);
	if (old > 0)
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "%zu of %zu urls older than %ld days skipped: %s", old, seen,
			  p->window, p->url);
	if (n > 1)
		qsort(ents, n, sizeof(*ents), cmp_ent);
	for (i = 0; i < n && emitted + refused < (size_t)p->url_budget && !p->mem.nomem; i++) {
		if (emit_url(p, &ents[i]) == 0)
			emitted++;
		else
			refused++;
	}
	if (n > (size_t)p->url_budget)
		p->h->log(p->ctx, KABAR_LOG_INFO, "%zu of %zu recent urls not taken: max_urls allows %ld here: %s",
			  n - (size_t)p->url_budget, n, p->url_budget, p->url);
	return p->mem.nomem ? KABAR_FAIL : KABAR_OK;
}

/* --- <sitemapindex> --- */

static int
follow_child(struct p *p, const char *loc, long urls, long maps)
{
	char depth[24], su[24], sm[24];
	const char *meta[] = { "depth", depth, "urls", su, "sitemaps", sm };

	snprintf(depth, sizeof(depth), "%ld", p->depth + 1);
	snprintf(su, sizeof(su), "%ld", urls);
	snprintf(sm, sizeof(sm), "%ld", maps);
	return kp_follow(p->h, p->ctx, loc, TAG_SITEMAP, meta, 3, 0);
}

static int
parse_index(struct p *p, struct kabar_node *root)
{
	struct kabar_node *c;
	struct ent *ents;
	size_t n, seen = 0, old = 0, self = 0, i, limit, n_follow = 0, followed = 0;
	long left;

	for (c = p->h->node_first_child(root); c != NULL; c = p->h->node_next(c)) {
		const char *loc;
		int64_t t;

		if (!streq(lname(p, c), "sitemap"))
			continue;
		if (seen++ >= MAX_ENTRIES)
			continue;
		loc = text(p, child(p, c, "loc"));
		loc = loc ? p->h->resolve_url(p->ctx, NULL, loc) : NULL;
		if (loc == NULL) {
			p->bad_entries++;
			continue;
		}
		if (streq(loc, p->url)) {
			self++;
			continue;
		}
		t = date_of(p, child(p, c, "lastmod"), NULL);
		if (!recent(p, t)) {
			old++;
			continue;
		}
		if (add_ent(p, c, loc, t) != 0)
			return KABAR_FAIL;
	}
	ents = p->ents;
	n = p->n_ents;
	p->h->feed(p->ctx, &(struct kabar_feed){ .struct_size = sizeof(struct kabar_feed), .format = "sitemapindex" });
	if (seen == 0) {
		p->h->log(p->ctx, KABAR_LOG_WARNING, "sitemap index lists no sitemaps: %s", p->url);
		return KABAR_OK;
	}
	if (n == 0) {
		if (old > 0)
			p->h->log(p->ctx, KABAR_LOG_WARNING,
				  "sitemap index has no recent sitemap: %zu of %zu older than %ld days: %s", old, seen,
				  p->window, p->url);
		else
			p->h->log(p->ctx, KABAR_LOG_WARNING, "sitemap index has no usable sitemap: %zu listed: %s",
				  seen, p->url);
		return KABAR_OK;
	}
	if (p->depth >= MAX_DEPTH) {
		p->h->log(p->ctx, KABAR_LOG_WARNING,
			  "sitemap index nested more than %d deep: %zu sitemap%s in it not followed: %s", MAX_DEPTH, n,
			  n == 1 ? "" : "s", p->url);
		return KABAR_OK;
	}
	if (old > 0)
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "%zu of %zu sitemaps older than %ld days not followed: %s", old,
			  seen, p->window, p->url);
	if (self > 0)
		p->h->log(p->ctx, KABAR_LOG_DEBUG, "sitemap index lists itself, not followed: %s", p->url);
	if (n > 1)
		qsort(ents, n, sizeof(*ents), cmp_ent);
	/* The newest distinct sitemaps, as many as both budgets allow. */
	limit = p->map_budget < p->url_budget ? (size_t)p->map_budget : (size_t)p->url_budget;
	for (i = 0; i < n && n_follow < limit; i++) {
		size_t j;
		int dup = 0;

		for (j = 0; j < n_follow && !dup; j++)
			dup = strcmp(ents[j].loc, ents[i].loc) == 0;
		if (!dup)
			ents[n_follow++] = ents[i];
	}
	if (i < n)
		p->h->log(p->ctx, KABAR_LOG_INFO,
			  "%zu of %zu recent sitemaps not followed: max_sitemaps and max_urls allow %zu here: %s",
			  n - i, n, limit, p->url);
	if (n_follow == 0)
		return KABAR_OK;
	/* Each child may emit an even share of the URL budget (the newest
	 * get the remainder); child indexes share what is left of the
	 * sitemap budget. */
	left = (p->map_budget - (long)n_follow) / (long)n_follow;
	for (i = 0; i < n_follow; i++) {
		long urls = p->url_budget / (long)n_follow + ((long)i < p->url_budget % (long)n_follow ? 1 : 0);

		if (follow_child(p, ents[i].loc, urls, left) == 0)
			followed++;
	}
	if (followed == 0)
		p->h->log(p->ctx, KABAR_LOG_WARNING, "sitemap index: none of %zu sitemaps could be followed: %s",
			  n_follow, p->url);
	return p->mem.nomem ? KABAR_FAIL : KABAR_OK;
}

/* --- the callback --- */

static int
parse_doc(struct p *p)
{
	const char *body, *name;
	size_t len = 0;
	struct kabar_node *root;
	int status = p->h->response_status(p->resp);

	if (status < 200 || status > 299) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "cannot read sitemap: HTTP status %d: %s", status, p->url);
		return KABAR_FAIL;
	}
	body = p->h->response_body(p->resp, &len);
	if (body == NULL || len == 0) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "not a sitemap: the response is empty: %s", p->url);
		return KABAR_FAIL;
	}
	p->doc = p->h->parse_xml(p->ctx, p->resp);
	if (p->doc == NULL) {
		if (len >= 2 && (unsigned char)body[0] == 0x1f && (unsigned char)body[1] == 0x8b)
			p->h->log(p->ctx, KABAR_LOG_ERROR, "not a sitemap: the gzip body cannot be read: %s", p->url);
		else if (body_starts(body, len, "<!doctype html") || body_starts(body, len, "<html"))
			p->h->log(p->ctx, KABAR_LOG_ERROR, "not a sitemap: the response is an HTML page: %s", p->url);
		else
			p->h->log(p->ctx, KABAR_LOG_ERROR, "not a sitemap: the body is not XML: %s", p->url);
		return KABAR_FAIL;
	}
	root = p->h->doc_root(p->doc);
	name = root ? lname(p, root) : NULL;
	if (streq(name, "urlset"))
		return parse_urlset(p, root);
	if (streq(name, "sitemapindex"))
		return parse_index(p, root);
	if (ieq(name, "html"))
		p->h->log(p->ctx, KABAR_LOG_ERROR, "not a sitemap: the response is an HTML page: %s", p->url);
	else if (streq(name, "rss") || streq(name, "feed") || streq(name, "RDF"))
		p->h->log(p->ctx, KABAR_LOG_ERROR,
			  "not a sitemap: the response is a feed, read it with plugin = rss: %s", p->url);
	else
		p->h->log(p->ctx, KABAR_LOG_ERROR,
			  "not a sitemap: the root element is <%.40s>, not <urlset> or <sitemapindex>: %s",
			  name ? name : "", p->url);
	return KABAR_FAIL;
}

static int
sitemap_parse(struct kabar_ctx *ctx, const struct kabar_host *host, const struct kabar_response *resp)
{
	struct p p;
	const char *tag;
	int64_t now;
	int rc = KABAR_FAIL;

	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.h = host;
	p.resp = resp;
	p.url = host->response_url(resp);
	if (p.url == NULL)
		p.url = "";
	if (conf_long(&p, "window", 0, MAX_WINDOW_DAYS, &p.window) != 0 ||
	    conf_long(&p, "max_urls", 1, MAX_MAX_URLS, &p.max_urls) != 0 ||
	    conf_long(&p, "max_sitemaps", 1, MAX_MAX_SITEMAPS, &p.max_sitemaps) != 0)
		goto out;
	tag = host->response_tag(resp);
	if (tag != NULL && *tag != '\0' && strcmp(tag, TAG_SITEMAP) != 0) {
		host->log(ctx, KABAR_LOG_ERROR, "cannot read response: unknown request tag '%.40s': %s", tag, p.url);
		goto out;
	}
	if (tag != NULL && *tag != '\0') {
		p.depth = meta_long(&p, "depth", 1, MAX_DEPTH, MAX_DEPTH);
		p.url_budget = meta_long(&p, "urls", 0, p.max_urls, p.max_urls);
		p.map_budget = meta_long(&p, "sitemaps", 0, p.max_sitemaps, 0);
	} else {
		p.depth = 0;
		p.url_budget = p.max_urls;
		p.map_budget = p.max_sitemaps;
	}
	now = host->now(ctx);
	if (p.window == 0 || now < INT64_MIN / 2)
		p.cutoff = KABAR_NO_TIME;
	else
		p.cutoff = now - (int64_t)p.window * 86400;
	rc = parse_doc(&p);
	if (p.bad_entries > 0)
		host->log(ctx, KABAR_LOG_WARNING, "%ld sitemap entries without a usable <loc> skipped: %s",
			  p.bad_entries, p.url);
	if (p.bad_dates > 0)
		host->log(ctx, KABAR_LOG_WARNING, "%ld unreadable dates in the sitemap taken as missing: %s",
			  p.bad_dates, p.url);
	if (p.mem.nomem) {
		host->log(ctx, KABAR_LOG_ERROR, "cannot read sitemap: out of memory: %s", p.url);
		rc = KABAR_FAIL;
	}
out:
	kp_arena_free(&p.mem);
	free(p.ents);
	return rc;
}

static const struct kabar_option sitemap_options[] = {
	KABAR_OPTION("window", KABAR_OPT_INT, 0, "2",
		     "days: URLs and child sitemaps dated before now minus this are skipped; 0: no limit"),
	KABAR_OPTION("max_urls", KABAR_OPT_INT, 0, "200", "at most this many URLs per run, newest first (1 to 50000)"),
	KABAR_OPTION("max_sitemaps", KABAR_OPT_INT, 0, "20",
		     "at most this many child sitemaps of an index followed per run, newest first (1 to 1000)"),
	KABAR_OPTION_END,
};

static const struct kabar_plugin sitemap_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = 2, /* host->now */
	.name = "sitemap",
	.version = "1.0",
	.description = "news, image and plain sitemaps and sitemap indexes (also gzip)",
	.options = sitemap_options,
	.start = NULL,
	.parse = sitemap_parse,
};

KABAR_PLUGIN(sitemap_plugin)
