/* run.c: one run of the aggregator.
 *
 * For every due source: the plugin's start callback names the first
 * requests; the engine fetches them under the politeness rules; each
 * response goes to the plugin's parse callback (in process or in a forked
 * worker); items go to the store in one transaction per response; follow
 * requests go back to the engine. At the end each source's state is
 * written: due time (interval, server hints, backoff), errors, and what
 * to tell the operator. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "complete.h"
#include "config.h"
#include "http.h"
#include "invoke.h"
#include "output.h"
#include "plugin.h"
#include "robots.h"
#include "run.h"
#include "store.h"
#include "url.h"
#include "util.h"

/* Items stored before stories existed put in stories per run (a few
 * seconds' work at most). */
#define RUN_STALE_STORIES 5000L
#define REPORT_INTERVAL	  86400 /* a failing source is reported again once a day */
#define MAX_SERVER_TTL	  86400 /* server hints beyond a day are capped */

struct src_run {
	const struct kb_source *src;
	struct kb_plugin *plugin;
	struct kb_source_state state;
	int active;   /* due and started */
	long pending; /* fetches in flight */
	long fetched; /* responses handed to the plugin */
	long not_modified;
	long items, new_items;
	long follows;	     /* follow requests queued this run */
	long failures;	     /* failed fetches or callbacks */
	long deferred;	     /* not fetched because the host asked us to wait */
	long robots_blocked; /* not fetched: robots.txt disallows them */
	char **page_urls;    /* article pages queued this run (partial, fulltext) */
	size_t n_page_urls;
	enum kb_err err; /* first error */
	char *err_msg;
	int64_t server_ttl;
	int64_t retry_until;
	char *note; /* first data problem */
	int64_t started_ms;
	/* Validators of start responses, saved only when the whole source
	 * succeeded: a 304 next time must not hide items not stored now. */
	char **val_url, **val_etag, **val_lm;
	size_t n_val;
};

struct req_data {
	struct src_run *sr;
	char *tag;
	char **meta;
	size_t n_meta;
	int is_start;
	struct kb_item *partial;      /* a partial item to complete from this page */
	struct robots_origin *robots; /* this is that origin's robots.txt */
	int fulltext;		      /* the page gives partial its full text */
	unsigned flags;		      /* the request's KABAR_FOLLOW_* flags */
};

/* A request waiting for its origin's robots.txt. */
struct parked {
	struct src_run *sr;
	struct kb_request q;
	int is_start;
	struct kb_item *partial;
};

/* robots.txt of one origin ("https://host:port") in this run. */
struct robots_origin {
	char *origin;
	char *host;
	struct kb_robots *rules; /* NULL while fetching */
	int unreachable;	 /* could not be read: nothing allowed this run */
	struct parked *parked;
	size_t n_parked;
};

struct run {
	const struct kb_config *cfg;
	const struct kb_run_opts *opts;
	struct kb_store *store;
	struct kb_http *http;
	struct src_run *srcs;
	size_t n_srcs;
	int64_t now;
	int isolation;
	long total_fetched, total_new, total_failed;
	size_t done_sources, active_sources;
	struct robots_origin **origins;
	size_t n_origins;
	struct kb_analyzer *analyzer; /* NULL: items stored without analysis */
};

static void src_fail(struct src_run *sr, enum kb_err e, const char *fmt, ...) KB_PRINTF(3, 4);

static void
src_fail(struct src_run *sr, enum kb_err e, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	sr->failures++;
	if (sr->err != KB_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sr->err = e;
	sr->err_msg = kb_strdup(msg);
}

static void
req_data_free(struct req_data *rd)
{
	size_t i;

	if (!rd)
		return;
	free(rd->tag);
	for (i = 0; i < 2 * rd->n_meta; i++)
		free(rd->meta[i]);
	free(rd->meta);
	if (rd->partial) {
		kb_item_free(rd->partial);
		free(rd->partial);
	}
	free(rd);
}

static void
fetch_destroy(struct kb_fetch *f)
{
	req_data_free(f->udata);
	kb_fetch_free(f);
	free(f);
}

/* Queue a request of a source. Takes the request's strings (moved), and
 * the partial item to complete from the page, if any (freed when the
 * request is dropped). */
static void submit(struct run *r, struct src_run *sr, struct kb_request *q, int is_start, struct kb_item *partial);
static void store_items(struct run *r, struct src_run *sr, struct kb_item *items, size_t n_items);

/* --- robots.txt (RFC 9309) ---
 *
 * Every request obeys the robots.txt of its origin, except a feed's own
 * URL (the start request of an rss source: a feed is published to be
 * polled) and sources with robots = ignore. The first request to an
 * origin fetches its robots.txt (kept in the store until it expires,
 * at most a day); requests wait for it meanwhile. */

#define ROBOTS_MAX_BODY ((uint64_t)4 * 1024 * 1024)
#define ROBOTS_TTL_MIN	3600
#define ROBOTS_TTL_MAX	86400

/* "scheme://authority" of an http(s) URL and its path and query (new
 * strings), or -1 for other URLs. */
static int
url_origin(const char *url, char **origin, char **path_query)
{
	const char *p = strstr(url, "://"), *a, *e;
	size_t i, n;

	*origin = *path_query = NULL;
	if (!p || !((p - url == 4 && kb_strncasecmp(url, "http", 4) == 0) ||
		    (p - url == 5 && kb_strncasecmp(url, "https", 5) == 0)))
		return -1;
	a = p + 3;
	for (e = a; *e && *e != '/' && *e != '?' && *e != '#'; e++)
		;
	if (e == a)
		return -1;
	/* Without userinfo. */
	for (i = (size_t)(e - a); i > 0; i--)
		if (a[i - 1] == '@') {
			a += i;
			break;
		}
	*origin = kb_asprintf("%.*s://%.*s", (int)(p - url), url, (int)(e - a), a);
	for (i = 0; (*origin)[i]; i++)
		if ((*origin)[i] >= 'A' && (*origin)[i] <= 'Z')
			(*origin)[i] = (char)((*origin)[i] + 32);
	n = strcspn(e, "#");
	*path_query = n > 0 && *e == '/' ? kb_strndup(e, n) : kb_asprintf("/%.*s", (int)n, e);
	return 0;
}

static struct robots_origin *
robots_find(struct run *r, const char *origin)
{
	size_t i;

	for (i = 0; i < r->n_origins; i++)
		if (strcmp(r->origins[i]->origin, origin) == 0)
			return r->origins[i];
	return NULL;
}

/* The rules are known: apply the Crawl-delay to the host. */
static void
robots_ready(struct run *r, struct robots_origin *ro, struct kb_robots *rules)
{
	long ms;

	ro->rules = rules;
	ms = kb_robots_crawl_delay_ms(rules);
	if (ms > 0 && ro->host) {
		kb_log(KB_LOG_INFO, "robots.txt of %s asks for %ld ms between requests", ro->origin, ms);
		kb_http_set_host_delay(r->http, ro->host, ms);
	}
}

/* A request robots.txt does not allow: a start request fails its
 * source; a partial item is stored as the plugin gave it. */
static void
robots_refuse(struct run *r, struct src_run *sr, struct kb_request *q, int is_start, struct kb_item *partial,
	      const struct robots_origin *ro)
{
	char why[300];

	sr->robots_blocked++;
	if (ro->unreachable)
		snprintf(why, sizeof(why), "robots.txt of %.200s could not be read", ro->origin);
	else
		snprintf(why, sizeof(why), "robots.txt of %.200s disallows", ro->origin);
	kb_log(KB_LOG_INFO, "%s: not fetching %s: %s", sr->src->name, q->url, why);
	if (is_start)
		src_fail(sr, KB_E_BLOCKED, "%s %s", why, q->url);
	else if (!sr->note)
		sr->note = kb_asprintf("%s %s", why, q->url);
	if (partial) {
		partial->partial = 0;
		store_items(r, sr, partial, 1);
		kb_item_free(partial);
		free(partial);
	}
}

/* 1 when the request may go now; 0 when it was parked (waiting for the
 * origin's robots.txt) or refused: either way it is taken care of. */
static int
robots_gate(struct run *r, struct src_run *sr, struct kb_request *q, int is_start, struct kb_item *partial)
{
	struct robots_origin *ro;
	struct kb_fetch *f;
	struct req_data *rd;
	char *origin = NULL, *pq = NULL, *cached = NULL;
	int allowed = 1;

	if (sr->src->robots_ignore ||
	    (is_start &&
	     strcmp(sr->plugin && sr->plugin->desc.name ? sr->plugin->desc.name : sr->src->plugin, "rss") == 0) ||
	    url_origin(q->url, &origin, &pq) != 0)
		return 1;
	ro = robots_find(r, origin);
	if (!ro) {
		ro = kb_calloc(1, sizeof(*ro));
		ro->origin = kb_strdup(origin);
		ro->host = kb_url_host(origin);
		r->origins = kb_reallocarray(r->origins, r->n_origins + 1, sizeof(*r->origins));
		r->origins[r->n_origins++] = ro;
		if (r->store && kb_store_robots_get(r->store, origin, r->now, &cached) == 1)
			robots_ready(r, ro, kb_robots_parse(cached, strlen(cached), NULL));
		free(cached);
		if (!ro->rules) {
			/* Fetch it; the request waits. */
			f = kb_calloc(1, sizeof(*f));
			rd = kb_calloc(1, sizeof(*rd));
			rd->sr = sr;
			rd->robots = ro;
			f->url = kb_asprintf("%s/robots.txt", origin);
			f->udata = rd;
			f->allow_private = sr->src->allow_private;
			f->timeout_ms = sr->src->timeout_ms;
			f->connect_timeout_ms = sr->src->connect_timeout_ms;
			f->max_body = ROBOTS_MAX_BODY;
			sr->pending++;
			kb_http_add(r->http, f);
		}
	}
	if (!ro->rules) {
		struct parked *p;

		ro->parked = kb_reallocarray(ro->parked, ro->n_parked + 1, sizeof(*ro->parked));
		p = &ro->parked[ro->n_parked++];
		p->sr = sr;
		p->q = *q;
		memset(q, 0, sizeof(*q)); /* moved */
		p->is_start = is_start;
		p->partial = partial;
		/* The source is not done while it waits. */
		sr->pending++;
		allowed = 0;
	} else if (!kb_robots_allowed(ro->rules, pq)) {
		robots_refuse(r, sr, q, is_start, partial, ro);
		allowed = 0;
	}
	free(origin);
	free(pq);
	return allowed;
}

/* The robots.txt of ro arrived (or failed): keep its rules and let the
 * waiting requests go. */
static void
robots_done(struct run *r, struct robots_origin *ro, struct kb_fetch *f)
{
	struct kb_robots *rules;
	int64_t ttl;
	size_t i;
	char *text;

	if (f->result == KB_E_DEFERRED) {
		/* The host asked us to wait: its requests are deferred too. */
		robots_ready(r, ro, kb_robots_allow_all());
		goto release;
	}
	if (f->result == KB_OK && f->status >= 200 && f->status < 300) {
		size_t n = f->body.len < KB_ROBOTS_MAX_BYTES ? f->body.len : KB_ROBOTS_MAX_BYTES;

		rules = kb_robots_parse(f->body.data ? f->body.data : "", n, NULL);
	} else if ((f->status >= 400 && f->status < 500) || f->result == KB_E_TOOBIG) {
		/* RFC 9309 2.3.1.3: unavailable, everything is allowed. */
		rules = kb_robots_allow_all();
	} else {
		/* 2.3.1.4: unreachable, nothing is allowed for now. */
		kb_log(KB_LOG_INFO, "robots.txt of %s unreachable (%s): not crawling it in this run", ro->origin,
		       f->error ? f->error : "no answer");
		rules = kb_robots_disallow_all();
		ro->unreachable = 1;
		robots_ready(r, ro, rules);
		goto release;
	}
	robots_ready(r, ro, rules);
	ttl = kb_fetch_freshness(f, r->now);
	if (ttl < ROBOTS_TTL_MIN)
		ttl = ttl > 0 ? ROBOTS_TTL_MIN : ROBOTS_TTL_MAX;
	if (ttl > ROBOTS_TTL_MAX)
		ttl = ROBOTS_TTL_MAX;
	text = kb_robots_serialize(rules);
	if (text && r->store)
		kb_store_robots_put(r->store, ro->origin, text, r->now + ttl);
	free(text);
release:
	for (i = 0; i < ro->n_parked; i++) {
		struct parked *p = &ro->parked[i];
		char *origin = NULL, *pq = NULL;

		p->sr->pending--;
		if (url_origin(p->q.url, &origin, &pq) == 0 && !kb_robots_allowed(ro->rules, pq))
			robots_refuse(r, p->sr, &p->q, p->is_start, p->partial, ro);
		else
			submit(r, p->sr, &p->q, p->is_start, p->partial);
		kb_request_free(&p->q);
		free(origin);
		free(pq);
	}
	free(ro->parked);
	ro->parked = NULL;
	ro->n_parked = 0;
}

static void
queue_request(struct run *r, struct src_run *sr, struct kb_request *q, int is_start, struct kb_item *partial)
{
	char *host;
	int64_t until = 0;
	char *ip = NULL;

	if (!is_start && sr->follows >= sr->src->max_follows) {
		if (sr->follows == sr->src->max_follows)
			kb_log(KB_LOG_INFO, "%s: follow limit %ld reached, further requests dropped", sr->src->name,
			       sr->src->max_follows);
		if (!sr->note)
			sr->note = kb_asprintf("follow limit %ld reached, requests dropped", sr->src->max_follows);
		sr->follows++;
		goto keep;
	}
	if (partial && q->url) {
		/* A story on two listing pages: its page is fetched once. */
		size_t k;

		for (k = 0; k < sr->n_page_urls; k++)
			if (strcmp(sr->page_urls[k], q->url) == 0) {
				kb_log(KB_LOG_DEBUG, "%s: %s already queued", sr->src->name, q->url);
				goto drop;
			}
		sr->page_urls = kb_reallocarray(sr->page_urls, sr->n_page_urls + 1, sizeof(*sr->page_urls));
		sr->page_urls[sr->n_page_urls++] = kb_strdup(q->url);
	}
	if (!is_start)
		sr->follows++;
	if ((q->flags & KABAR_FOLLOW_NEW_ONLY) && r->store) {
		int known = kb_store_item_known_url(r->store, sr->src->name, q->url);

		if (known == 1) {
			kb_log(KB_LOG_DEBUG, "%s: skipping known %s", sr->src->name, q->url);
			goto drop;
		}
	}
	host = kb_url_host(q->url);
	if (host && r->store && kb_store_host_get(r->store, host, &until, &ip) == 0) {
		if (ip)
			kb_http_hint_ip(r->http, host, ip);
		if (until > r->now) {
			kb_log(KB_LOG_INFO, "%s: not fetching %s: %s asked us to wait until %lld", sr->src->name,
			       q->url, host, (long long)until);
			sr->deferred++;
			if (until > sr->retry_until)
				sr->retry_until = until;
			free(host);
			free(ip);
			goto keep;
		}
	}
	free(host);
	free(ip);
	if (!robots_gate(r, sr, q, is_start, partial))
		return;
	submit(r, sr, q, is_start, partial);
	return;
keep:
	/* Not fetched this time: an item waiting for its page is stored as
	 * it is (a partial one is tried again next run). */
	if (partial)
		store_items(r, sr, partial, 1);
drop:
	if (partial) {
		kb_item_free(partial);
		free(partial);
	}
}

/* Start the fetch of a request that passed every check. */
static void
submit(struct run *r, struct src_run *sr, struct kb_request *q, int is_start, struct kb_item *partial)
{
	struct kb_fetch *f;
	struct req_data *rd;

	f = kb_calloc(1, sizeof(*f));
	rd = kb_calloc(1, sizeof(*rd));
	rd->sr = sr;
	rd->tag = q->tag;
	q->tag = NULL;
	rd->meta = q->meta;
	rd->n_meta = q->n_meta;
	q->meta = NULL;
	q->n_meta = 0;
	rd->is_start = is_start;
	rd->flags = q->flags;
	rd->partial = partial;
	/* A complete item with a page to read: fulltext (queue_fulltext). */
	rd->fulltext = partial && !partial->partial;
	f->url = q->url;
	q->url = NULL;
	f->udata = rd;
	f->allow_file = sr->src->allow_file;
	f->allow_private = sr->src->allow_private;
	f->timeout_ms = sr->src->timeout_ms;
	f->connect_timeout_ms = sr->src->connect_timeout_ms;
	f->max_body = sr->src->max_body;
	if (is_start && r->store)
		kb_store_validators_get(r->store, f->url, &f->etag, &f->last_modified);
	sr->pending++;
	kb_http_add(r->http, f);
}

static void
queue_results(struct run *r, struct src_run *sr, struct kb_results *res, int is_start)
{
	size_t i;

	for (i = 0; i < res->n_follows; i++)
		queue_request(r, sr, &res->follows[i], is_start, NULL);
}

/* Move the partial items out of res and queue their pages, except those
 * the source already has (completed in an earlier run). */
static void
queue_partials(struct run *r, struct src_run *sr, struct kb_results *res)
{
	size_t i, kept = 0;

	for (i = 0; i < res->n_items; i++) {
		struct kb_item *it = &res->items[i];
		struct kb_request q;

		if (!it->partial) {
			if (kept != i)
				res->items[kept] = *it;
			kept++;
			continue;
		}
		memset(&q, 0, sizeof(q));
		q.url = kb_strdup(it->url);
		q.flags = KABAR_FOLLOW_NEW_ONLY;
		{
			struct kb_item *copy = kb_malloc(sizeof(*copy));

			*copy = *it;
			queue_request(r, sr, &q, 0, copy);
		}
		kb_request_free(&q);
	}
	res->n_items = kept;
}

/* fulltext = yes: move the items with a web link out of res. A new one
 * has its page fetched and is stored with the article's text; one the
 * store has already was stored with its text before and is left as it
 * is (storing the feed's version again would put the summary back). */
static void
queue_fulltext(struct run *r, struct src_run *sr, struct kb_results *res)
{
	size_t i, kept = 0;

	for (i = 0; i < res->n_items; i++) {
		struct kb_item *it = &res->items[i];
		struct kb_request q;
		struct kb_item *copy;
		int known;

		if (!it->url ||
		    (kb_strncasecmp(it->url, "http://", 7) != 0 && kb_strncasecmp(it->url, "https://", 8) != 0)) {
			if (kept != i)
				res->items[kept] = *it;
			kept++;
			continue;
		}
		known = r->store ? kb_store_item_known_url(r->store, sr->src->name, it->url) : 0;
		if (known == 1) {
			kb_item_free(it);
			continue;
		}
		memset(&q, 0, sizeof(q));
		q.url = kb_strdup(it->url);
		copy = kb_malloc(sizeof(*copy));
		*copy = *it;
		copy->partial = 0; /* complete: its page is for its full text */
		queue_request(r, sr, &q, 0, copy);
		kb_request_free(&q);
	}
	res->n_items = kept;
}

static void
store_items(struct run *r, struct src_run *sr, struct kb_item *items, size_t n_items)
{
	size_t i;

	if (n_items == 0)
		return;
	if (kb_store_begin(r->store) != 0) {
		src_fail(sr, KB_E_STORE, "cannot start a store transaction");
		return;
	}
	for (i = 0; i < n_items; i++) {
		int is_new = 0;

		/* An article left half-joined: what was read completes it. */
		if (items[i].pages)
			kb_complete_finish(&items[i]);
		if (r->analyzer)
			kb_analyze_item(r->analyzer, &items[i], sr->src->region,
					sr->src->region ? sr->src->timezone : NULL, r->now, NULL, NULL, NULL);
		if (kb_store_item_put(r->store, sr->src->name, &items[i], r->now, &is_new) != 0) {
			kb_store_rollback(r->store);
			src_fail(sr, KB_E_STORE, "cannot store items");
			return;
		}
		sr->items++;
		sr->new_items += is_new;
		if (r->opts->on_item)
			r->opts->on_item(r->opts->on_item_ud, sr->src->name, &items[i], is_new);
	}
	if (kb_store_commit(r->store) != 0) {
		kb_store_rollback(r->store);
		src_fail(sr, KB_E_STORE, "cannot commit items");
		sr->new_items = 0;
	}
}

/* 1 when no two of the n strings (NULL or empty count as missing, and
 * then as not unique) are equal. */
static int
all_unique(char **v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!v[i] || !*v[i])
			return 0;
		for (j = 0; j < i; j++)
			if (strcmp(v[i], v[j]) == 0)
				return 0;
	}
	return 1;
}

/* Decide how this source's items are told apart, and key them so.
 *
 * The choice is made once, from the first response with items: the
 * source's ids when every item has one and none repeats, else the links
 * when they are present and distinct, else title and date. It is stored
 * with the source and only ever moves down that list: when ids are later
 * found missing or repeated, or changing on every fetch while the link
 * stays (an item whose link the store knows comes back with a new id),
 * the source moves to links for good, so keys do not flip back and
 * forth. */
static void
apply_identity(struct run *r, struct src_run *sr, struct kb_results *res)
{
	struct kb_source_state *st = &sr->state;
	enum kb_id_strategy cur = KB_ID_GUID, fit;
	char **ids, **links;
	size_t i, n = res->n_items;
	long checked = 0, changed = 0;
	const char *why = NULL;

	if (n == 0)
		return;
	ids = kb_calloc(n, sizeof(char *));
	links = kb_calloc(n, sizeof(char *));
	for (i = 0; i < n; i++) {
		ids[i] = res->items[i].id;
		links[i] = res->items[i].url ? kb_url_identity(res->items[i].url) : NULL;
	}
	fit = all_unique(ids, n) ? KB_ID_GUID : all_unique(links, n) ? KB_ID_LINK : KB_ID_TITLE_DATE;
	if (st->id_strategy && kb_id_strategy_parse(st->id_strategy, &cur) == 0) {
		if (cur == KB_ID_GUID && fit == KB_ID_GUID) {
			/* Ids that change while the link stays: a sample of the
			 * first items is enough (feeds that churn ids churn all). */
			for (i = 0; i < n && i < 8 && checked < 4; i++) {
				char *old = NULL;

				if (!links[i] ||
				    kb_store_item_id_by_url(r->store, sr->src->name, res->items[i].url, &old) != 1)
					continue;
				if (old) {
					checked++;
					changed += strcmp(old, res->items[i].id) != 0;
				}
				free(old);
			}
			if (checked >= 2 && changed * 2 > checked) {
				fit = KB_ID_LINK;
				why = "ids change on every fetch while the links stay";
			}
		}
		if (fit > cur) {
			if (!why)
				why = fit == KB_ID_LINK ? "ids are missing or repeated"
							: "ids and links are missing or repeated";
			kb_log(KB_LOG_INFO, "%s: %s: items are now told apart by %s", sr->src->name, why,
			       fit == KB_ID_LINK ? "link" : "title and date");
			if (!sr->note)
				sr->note = kb_asprintf("%s: items are told apart by %s", why,
						       fit == KB_ID_LINK ? "link" : "title and date");
			if (cur == KB_ID_GUID && fit == KB_ID_LINK &&
			    kb_store_rekey_by_link(r->store, sr->src->name) != 0)
				src_fail(sr, KB_E_STORE, "cannot re-key the items of %s by link", sr->src->name);
			cur = fit;
			free(st->id_strategy);
			st->id_strategy = kb_strdup(kb_id_strategy_name(cur));
		}
	} else {
		cur = fit;
		free(st->id_strategy);
		st->id_strategy = kb_strdup(kb_id_strategy_name(cur));
		if (cur != KB_ID_GUID)
			kb_log(KB_LOG_INFO, "%s: items are told apart by %s", sr->src->name,
			       cur == KB_ID_LINK ? "link" : "title and date");
	}
	if (cur != KB_ID_GUID)
		for (i = 0; i < n; i++)
			kb_item_key_by(&res->items[i], cur);
	for (i = 0; i < n; i++)
		free(links[i]);
	free(links);
	free(ids);
}

static void
build_response(struct kabar_response *resp, struct kb_fetch *f, struct req_data *rd)
{
	memset(resp, 0, sizeof(*resp));
	resp->url = f->final_url ? f->final_url : f->url;
	resp->status = (int)f->status;
	resp->headers = f->headers;
	resp->n_headers = f->n_headers;
	resp->body = f->body.data ? f->body.data : (char *)"";
	resp->len = f->body.len;
	resp->tag = rd->tag;
	resp->meta = rd->meta;
	resp->n_meta = rd->n_meta;
}

/* Queue the next continuation page of rd's article, handing the item
 * over to that request. 1 when queued, 0 when there is none left. */
static int
queue_next_page(struct run *r, struct src_run *sr, struct req_data *rd)
{
	struct kb_item *it = rd->partial;
	const char *next = kb_complete_next_page(it, it->pages_read);
	struct kb_request q;

	if (!next)
		return 0;
	memset(&q, 0, sizeof(q));
	q.url = kb_strdup(next);
	rd->partial = NULL;
	queue_request(r, sr, &q, 0, it);
	kb_request_free(&q);
	return 1;
}

static void
on_done(void *ud, struct kb_fetch *f)
{
	struct run *r = ud;
	struct req_data *rd = f->udata;
	struct src_run *sr = rd->sr;
	struct kabar_response resp;
	struct kb_results res;
	struct kb_invoke_opts io;
	char *host;

	sr->pending--;
	if (r->opts->recorder)
		kb_recorder_save(r->opts->recorder, f, rd->tag, rd->meta, rd->n_meta);
	if (rd->robots) {
		robots_done(r, rd->robots, f);
		goto out;
	}
	if (f->result == KB_E_DEFERRED) {
		/* The host asked us to wait, earlier in this run. */
		sr->deferred++;
		goto out;
	}
	/* A server may ask for a wait; never longer than max_backoff. */
	if (f->retry_after > r->now + r->cfg->max_backoff)
		f->retry_after = r->now + r->cfg->max_backoff;
	/* The host that answered, after redirects, is the one to remember. */
	host = kb_url_host(f->final_url ? f->final_url : f->url);
	if (host && (f->ip || f->retry_after))
		kb_store_host_put(r->store, host, f->retry_after, f->ip);
	if (host && f->retry_after > r->now)
		kb_http_defer_host(r->http, host, f->retry_after);
	free(host);
	if (f->retry_after > sr->retry_until)
		sr->retry_until = f->retry_after;

	if (rd->partial && rd->fulltext) {
		/* The article page of a new item of a fulltext source: its
		 * text replaces a shorter content; either way it is stored. */
		if (f->result == KB_OK && f->status != 304) {
			build_response(&resp, f, rd);
			if (kb_fulltext_item(rd->partial, &resp, sr->src->timezone) != 0 && !sr->note)
				sr->note = kb_asprintf("cannot read the article at %s: not an HTML page", f->url);
		} else if (f->result != KB_OK && !sr->note) {
			sr->note = kb_asprintf("cannot fetch the article: %s", f->error ? f->error : f->url);
		}
		store_items(r, sr, rd->partial, 1);
		goto out;
	}
	if (rd->partial && rd->partial->pages) {
		/* A continuation page of an article: join it, go on to the
		 * next one, or complete the item with what was read. */
		if (f->result == KB_OK && f->status != 304) {
			build_response(&resp, f, rd);
			kb_complete_add_page(rd->partial, &resp);
		} else if (!sr->note) {
			sr->note = kb_asprintf("cannot fetch a continuation page: %s", f->error ? f->error : f->url);
		}
		rd->partial->pages_read++;
		if (queue_next_page(r, sr, rd))
			goto out;
		kb_complete_finish(rd->partial);
		store_items(r, sr, rd->partial, 1);
		goto out;
	}
	if (rd->partial && rd->partial->join_pages) {
		/* The first page of an article that may go on over several. */
		if (f->result == KB_OK && f->status != 304) {
			int k;

			build_response(&resp, f, rd);
			k = kb_complete_first_page(rd->partial, &resp, sr->src->timezone);
			if (k < 0 && !sr->note)
				sr->note = kb_asprintf("cannot complete item from %s: not an HTML page", f->url);
			if (k == 1 && queue_next_page(r, sr, rd))
				goto out;
			kb_complete_finish(rd->partial);
		} else if (f->result != KB_OK && !sr->note) {
			sr->note = kb_asprintf("cannot complete item from %s", f->error ? f->error : f->url);
		}
		store_items(r, sr, rd->partial, 1);
		goto out;
	}
	if (rd->partial) {
		/* The article page of a partial item: complete it, or keep it
		 * as the plugin gave it; either way it is stored. */
		if (f->result == KB_OK && f->status != 304) {
			build_response(&resp, f, rd);
			if (kb_complete_item(rd->partial, &resp, sr->src->timezone) != 0 && !sr->note)
				sr->note = kb_asprintf("cannot complete item from %s: not an HTML page", f->url);
		} else if (f->result != KB_OK && !sr->note) {
			sr->note = kb_asprintf("cannot complete item from %s", f->error ? f->error : f->url);
		}
		store_items(r, sr, rd->partial, 1);
		goto out;
	}
	if (f->result != KB_OK &&
	    !(f->result == KB_E_HTTP && f->status >= 400 && (rd->flags & KABAR_FOLLOW_ANY_STATUS))) {
		src_fail(sr, f->result, "%s", f->error ? f->error : kb_strerror(f->result));
		goto out;
	}
	if (f->status == 304) {
		sr->not_modified++;
		goto fresh;
	}
	r->total_fetched++;
	sr->fetched++;
	build_response(&resp, f, rd);
	io.isolation = r->isolation;
	io.timeout_ms = 60000;
	io.source_name = sr->src->name;
	io.now = r->now;
	kb_invoke(sr->plugin, sr->src, sr->src->timezone, &resp, &io, &res);
	if (res.err != KB_OK) {
		src_fail(sr, res.err, "%s", res.err_msg ? res.err_msg : "plugin failed");
	} else if (res.result != KABAR_OK) {
		const char *why = res.first_error ? res.first_error : res.first_warning;

		src_fail(sr, KB_E_PARSE, "the %s plugin could not use %s%s%s", sr->plugin->name,
			 f->final_url ? f->final_url : f->url, why ? ": " : "", why ? why : "");
	}
	if (res.first_warning && !sr->note)
		sr->note = kb_strdup(res.first_warning);
	if (res.has_feed && res.feed.ttl > sr->server_ttl)
		sr->server_ttl = res.feed.ttl;
	queue_partials(r, sr, &res);
	apply_identity(r, sr, &res);
	if (sr->src->fulltext)
		queue_fulltext(r, sr, &res);
	store_items(r, sr, res.items, res.n_items);
	queue_results(r, sr, &res, 0);
	if (rd->is_start && (res.err == KB_OK && res.result == KABAR_OK)) {
		sr->val_url = kb_reallocarray(sr->val_url, sr->n_val + 1, sizeof(char *));
		sr->val_etag = kb_reallocarray(sr->val_etag, sr->n_val + 1, sizeof(char *));
		sr->val_lm = kb_reallocarray(sr->val_lm, sr->n_val + 1, sizeof(char *));
		sr->val_url[sr->n_val] = kb_strdup(f->url);
		sr->val_etag[sr->n_val] = kb_strdup(kb_fetch_header(f, "ETag"));
		sr->val_lm[sr->n_val] = kb_strdup(kb_fetch_header(f, "Last-Modified"));
		sr->n_val++;
	}
	kb_results_free(&res);
fresh : {
	int64_t fresh = kb_fetch_freshness(f, r->now);

	if (rd->is_start && fresh > sr->server_ttl)
		sr->server_ttl = fresh;
}
out:
	if (sr->pending == 0 && sr->active) {
		r->done_sources++;
		if (r->opts->progress)
			fprintf(stderr, "\rkabar: %zu/%zu sources", r->done_sources, r->active_sources);
	}
	fetch_destroy(f);
}

static int64_t
jitter(int64_t v)
{
	/* +-10% */
	int64_t span = v / 5;

	if (span <= 0)
		return v;
	return v - span / 2 + (int64_t)((uint64_t)rand() % (uint64_t)span);
}

/* Decide the source's new state and tell the operator what they need to
 * know. Returns 1 when the source newly failed. */
static int
finish_source(struct run *r, struct src_run *sr)
{
	struct kb_source_state *st = &sr->state;
	const struct kb_source *src = sr->src;
	int newly_failed = 0;
	int64_t interval = src->interval, next;
	int ok = sr->err == KB_OK;

	st->last_attempt = r->now;
	if (sr->deferred && !sr->fetched && !sr->not_modified && ok) {
		/* Nothing was tried: wait for the host without counting a failure. */
		st->due = sr->retry_until > r->now ? sr->retry_until : r->now + interval;
		if (sr->retry_until > r->now + interval)
			kb_log(KB_LOG_WARN, "%s: not fetched: its host asked to wait %lld s (Retry-After)", src->name,
			       (long long)(sr->retry_until - r->now));
		else if (r->opts->verbose)
			fprintf(stderr, "kabar: %s: deferred until the host's Retry-After\n", src->name);
		return 0;
	}
	free(st->status_note);
	st->status_note = kb_strdup(sr->note);
	if (ok) {
		if (st->failures > 0)
			kb_log(KB_LOG_ERROR, "%s: recovered after %lld failed attempts", src->name,
			       (long long)st->failures);
		st->failures = 0;
		st->failing_since = 0;
		st->last_success = r->now;
		free(st->last_error);
		st->last_error = NULL;
		free(st->error_class);
		st->error_class = NULL;
		st->server_ttl = sr->server_ttl > MAX_SERVER_TTL ? MAX_SERVER_TTL : sr->server_ttl;
		next = interval > st->server_ttl ? interval : st->server_ttl;
		st->due = r->now + next;
	} else {
		int64_t backoff = interval;
		int64_t cap = r->cfg->max_backoff > interval ? r->cfg->max_backoff : interval;
		int64_t i;

		st->failures++;
		if (st->failures == 1)
			st->failing_since = r->now;
		for (i = 1; i < st->failures && backoff < cap; i++)
			backoff *= 2;
		backoff = jitter(backoff);
		if (backoff > cap)
			backoff = cap;
		st->due = r->now + backoff;
		free(st->last_error);
		st->last_error = kb_strdup(sr->err_msg);
		free(st->error_class);
		st->error_class = kb_strdup(kb_strerror(sr->err));
		st->last_error_time = r->now;
		if (st->failures == 1) {
			newly_failed = 1;
			st->last_reported = r->now;
			kb_log(KB_LOG_ERROR, "%s: failed (%s): %s", src->name, kb_strerror(sr->err), sr->err_msg);
		} else if (r->now - st->last_reported >= REPORT_INTERVAL) {
			st->last_reported = r->now;
			kb_log(KB_LOG_ERROR, "%s: still failing after %lld attempts (%s): %s", src->name,
			       (long long)st->failures, kb_strerror(sr->err), sr->err_msg);
		}
	}
	if (sr->retry_until > st->due)
		st->due = sr->retry_until;
	if (r->opts->verbose) {
		if (ok)
			fprintf(stderr, "kabar: %s: %ld fetched, %ld not modified, %ld items (%ld new) in %lld ms\n",
				src->name, sr->fetched, sr->not_modified, sr->items, sr->new_items,
				(long long)(kb_mono_ms() - sr->started_ms));
		else
			fprintf(stderr, "kabar: %s: failed: %s\n", src->name, sr->err_msg);
	}
	return newly_failed;
}

int
kb_run_check_plugins(const struct kb_config *cfg)
{
	struct kb_diag d = { NULL, 0 };
	size_t i;
	int problems = 0;

	kb_plugin_set_config_dir(cfg->plugin_dir);
	for (i = 0; i < cfg->n_sources; i++) {
		const struct kb_source *src = &cfg->sources[i];
		char *err = NULL;
		struct kb_plugin *p = kb_plugin_load(src->plugin, &err);

		if (!p) {
			kb_log(KB_LOG_ERROR, "%s:%d: source '%s': %s", cfg->path, src->line, src->name, err);
			free(err);
			problems++;
			continue;
		}
		problems += kb_config_check_plugin_keys(cfg, src, p->options, p->name, &d);
	}
	for (i = 0; i < d.n; i++)
		kb_log(KB_LOG_ERROR, "%s", d.msgs[i]);
	kb_diag_free(&d);
	return problems;
}

int
kb_run_outputs(const struct kb_config *cfg, struct kb_store *st, const char *only, int64_t now, int verbose)
{
	size_t i;
	int failed = 0, found = 0;

	for (i = 0; i < cfg->n_outputs; i++) {
		const struct kb_output *out = &cfg->outputs[i];
		int changed = 0;

		if (only && strcmp(only, out->name) != 0)
			continue;
		found = 1;
		if (kb_output_write(cfg, out, st, now, &changed) != 0) {
			kb_log(KB_LOG_ERROR, "output %s: cannot write %s", out->name, out->path);
			failed++;
		} else if (verbose) {
			fprintf(stderr, "kabar: output %s: %s %s\n", out->name, changed ? "wrote" : "unchanged",
				out->path);
		}
	}
	if (only && !found) {
		kb_log(KB_LOG_ERROR, "no output named '%s' in %s", only, cfg->path);
		return -1;
	}
	return failed;
}

/* Create the directories above path. */
static int
mkdir_parents(const char *path)
{
	char *copy = kb_strdup(path), *p;
	int rc = 0;

	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
			kb_log(KB_LOG_ERROR, "cannot create directory %s: %s", copy, strerror(errno));
			rc = -1;
			break;
		}
		*p = '/';
	}
	free(copy);
	return rc;
}

int
kb_run_lock(const struct kb_config *cfg, int wait, int *locked)
{
	int fd;
	char buf[32];
	int n;

	*locked = 0;
	if (mkdir_parents(cfg->lock_file) != 0)
		return -1;
	fd = open(cfg->lock_file, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		kb_log(KB_LOG_ERROR, "cannot open lock file %s: %s", cfg->lock_file, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		ssize_t got;

		if (errno != EWOULDBLOCK) {
			kb_log(KB_LOG_ERROR, "cannot lock %s: %s", cfg->lock_file, strerror(errno));
			close(fd);
			return -1;
		}
		got = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[got > 0 ? got : 0] = '\0';
		kb_trim(buf);
		if (!wait) {
			kb_log(KB_LOG_ERROR, "another kabar run holds %s (pid %s); not starting", cfg->lock_file,
			       buf[0] ? buf : "unknown");
			*locked = 1;
			close(fd);
			return -1;
		}
		kb_log(KB_LOG_INFO, "waiting for the kabar run with pid %s to finish", buf[0] ? buf : "unknown");
		while (flock(fd, LOCK_EX) != 0) {
			if (errno != EINTR) {
				kb_log(KB_LOG_ERROR, "cannot lock %s: %s", cfg->lock_file, strerror(errno));
				close(fd);
				return -1;
			}
		}
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		kb_log(KB_LOG_WARN, "cannot write pid to %s: %s", cfg->lock_file, strerror(errno));
	return fd;
}

static void
start_source(struct run *r, struct src_run *sr)
{
	struct kb_results res;
	struct kb_invoke_opts io = { r->isolation, 60000, sr->src->name, r->now };

	sr->active = 1;
	sr->started_ms = kb_mono_ms();
	r->active_sources++;
	kb_invoke(sr->plugin, sr->src, sr->src->timezone, NULL, &io, &res);
	if (res.err != KB_OK) {
		src_fail(sr, res.err, "%s", res.err_msg ? res.err_msg : "plugin failed");
	} else if (res.result != KABAR_OK) {
		src_fail(sr, KB_E_PLUGIN, "the %s plugin's start callback failed%s%s", sr->plugin->name,
			 res.first_error ? ": " : "", res.first_error ? res.first_error : "");
	} else if (res.n_follows == 0) {
		src_fail(sr, KB_E_PLUGIN, "the %s plugin requested nothing", sr->plugin->name);
	}
	queue_results(r, sr, &res, 1);
	kb_results_free(&res);
	if (sr->pending == 0)
		r->done_sources++;
}

int
kb_run(const struct kb_config *cfg, const struct kb_run_opts *opts)
{
	struct run r;
	struct kb_http_opts ho;
	int lockfd = -1, locked = 0, status = KB_EXIT_OK, store_bad = 0, new_fail = 0;
	int64_t run_id = 0;
	size_t i;
	long failed = 0;

	memset(&r, 0, sizeof(r));
	r.cfg = cfg;
	r.opts = opts;
	r.isolation = opts->isolation >= 0
			      ? opts->isolation
			      : (cfg->isolation && strcmp(cfg->isolation, "fork") == 0 ? KB_ISOLATION_FORK
										       : KB_ISOLATION_INPROCESS);

	if (opts->only_source && !kb_config_source(cfg, opts->only_source)) {
		kb_log(KB_LOG_ERROR, "no source named '%s' in %s", opts->only_source, cfg->path);
		return KB_EXIT_CONFIG;
	}
	if (kb_run_check_plugins(cfg) > 0)
		return KB_EXIT_CONFIG;
	lockfd = kb_run_lock(cfg, opts->wait_lock, &locked);
	if (lockfd < 0)
		return locked ? KB_EXIT_LOCKED : KB_EXIT_STORE;
	/* The clock starts once the lock is ours (--wait may have waited). */
	r.now = opts->now ? opts->now : kb_now();
	srand((unsigned)(r.now ^ getpid()));
	if (mkdir_parents(cfg->database) != 0 || kb_store_open(cfg->database, &r.store) != 0) {
		status = KB_EXIT_STORE;
		goto out;
	}
	kb_store_run_begin(r.store, r.now, &run_id);
	/* Items stored before stories existed (or with an older signature)
	 * join their stories a batch per run, before this run's items, so
	 * that a story's founder is its first-seen copy. */
	{
		long caught = 0;

		if (kb_store_cluster_stale(r.store, r.now, RUN_STALE_STORIES, &caught) != 0)
			store_bad = 1;
		else if (caught > 0)
			kb_log(KB_LOG_INFO, "put %ld earlier items in stories", caught);
	}
	{
		char *why = NULL;

		r.analyzer = opts->no_analysis ? NULL : kb_analyzer_open(cfg, &why);
		if (!r.analyzer && !opts->no_analysis)
			kb_log(KB_LOG_INFO, "items are stored without MSME analysis: %s", why);
		free(why);
	}

	memset(&ho, 0, sizeof(ho));
	ho.max_inflight = cfg->max_requests;
	ho.per_host = cfg->per_host;
	ho.host_delay_ms = cfg->host_delay_ms;
	ho.connect_timeout_ms = cfg->connect_timeout_ms;
	ho.timeout_ms = cfg->timeout_ms;
	ho.max_body = cfg->max_body;
	ho.max_inflight_bytes = cfg->max_inflight_bytes;
	ho.max_redirects = 5;
	ho.user_agent = cfg->user_agent;
	r.http = kb_http_new(&ho);
	if (!r.http) {
		kb_log(KB_LOG_ERROR, "cannot start the HTTP engine");
		status = KB_EXIT_STORE;
		goto out;
	}
	if (opts->replay)
		kb_http_set_replay(r.http, kb_recording_answer, opts->replay);

	r.srcs = kb_calloc(cfg->n_sources ? cfg->n_sources : 1, sizeof(*r.srcs));
	r.n_srcs = cfg->n_sources;
	for (i = 0; i < cfg->n_sources; i++) {
		struct src_run *sr = &r.srcs[i];
		char *err = NULL;

		sr->src = &cfg->sources[i];
		if (kb_store_source_get(r.store, sr->src->name, &sr->state) != 0) {
			status = KB_EXIT_STORE;
			goto out;
		}
		if (opts->only_source && strcmp(opts->only_source, sr->src->name) != 0)
			continue;
		if (!sr->src->enabled && !opts->only_source)
			continue;
		if (!opts->force && !opts->only_source && sr->state.due > r.now) {
			if (opts->verbose)
				fprintf(stderr, "kabar: %s: not due for %lld s\n", sr->src->name,
					(long long)(sr->state.due - r.now));
			continue;
		}
		sr->plugin = kb_plugin_load(sr->src->plugin, &err);
		free(err);
		if (!sr->plugin)
			continue; /* reported by kb_run_check_plugins */
		start_source(&r, sr);
	}
	kb_http_run(r.http, on_done, &r);
	if (opts->progress && r.active_sources)
		fputc('\n', stderr);

	for (i = 0; i < r.n_srcs; i++) {
		struct src_run *sr = &r.srcs[i];
		size_t v;

		if (!sr->active)
			continue;
		r.total_new += sr->new_items;
		if (sr->err != KB_OK)
			failed++;
		if (sr->err == KB_E_STORE)
			store_bad = 1;
		for (v = 0; sr->err == KB_OK && v < sr->n_val; v++)
			if (kb_store_validators_put(r.store, sr->val_url[v], sr->val_etag[v], sr->val_lm[v]) != 0)
				store_bad = 1;
		if (finish_source(&r, sr))
			new_fail = 1;
		if (kb_store_source_put(r.store, &sr->state) != 0)
			store_bad = 1;
	}
	status = store_bad ? KB_EXIT_STORE : new_fail ? KB_EXIT_NEW_FAILURE : KB_EXIT_OK;
	kb_store_run_end(r.store, run_id, opts->now ? opts->now : kb_now(), status, r.total_fetched, r.total_new,
			 failed);
	if (!opts->no_outputs && kb_run_outputs(cfg, r.store, NULL, r.now, opts->verbose) > 0 && status == KB_EXIT_OK)
		status = KB_EXIT_OUTPUT;
out:
	for (i = 0; i < r.n_srcs; i++) {
		size_t v;

		kb_source_state_free(&r.srcs[i].state);
		free(r.srcs[i].err_msg);
		free(r.srcs[i].note);
		for (v = 0; v < r.srcs[i].n_val; v++) {
			free(r.srcs[i].val_url[v]);
			free(r.srcs[i].val_etag[v]);
			free(r.srcs[i].val_lm[v]);
		}
		free(r.srcs[i].val_url);
		for (v = 0; v < r.srcs[i].n_page_urls; v++)
			free(r.srcs[i].page_urls[v]);
		free(r.srcs[i].page_urls);
		free(r.srcs[i].val_etag);
		free(r.srcs[i].val_lm);
	}
	free(r.srcs);
	for (i = 0; i < r.n_origins; i++) {
		kb_robots_free(r.origins[i]->rules);
		free(r.origins[i]->origin);
		free(r.origins[i]->host);
		free(r.origins[i]->parked);
		free(r.origins[i]);
	}
	free(r.origins);
	kb_analyzer_free(r.analyzer);
	if (r.http)
		kb_http_free(r.http);
	if (r.store)
		kb_store_close(r.store);
	if (lockfd >= 0)
		close(lockfd);
	return status;
}
