/* output.c: feed files (RSS 2.0, Atom 1.0, JSON Feed 1.1) from the
 * store, the same bytes for the same store and instant, replaced
 * atomically. kabar-feeds(5) describes every field.
 *
 * Selection: the items of the configured sources the output wants
 * (kb_output_wants), in the store's order, then each item's dates are
 * fixed (see item_dates), the list is put in the order of the written
 * dates (newest first, then key, then source) and cut to the window:
 * written date >= now - max_age (when max_age > 0), at most max_items.
 * Because a written date is never later than the date the store sorts
 * by, the store's first N items are not always the output's first N:
 * select() asks for more until the cut is provably right.
 *
 * Nothing here reads the wall clock: every choice that depends on time
 * uses `now`. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "jsonfeed.h"
#include "output.h"
#include "output-impl.h"
#include "util.h"
#include "msme.h"

/* A published date more than this many seconds after the item was first
 * seen was in the future when kabar saw it: the first-seen time is
 * written instead. The same slack lets an updated date be a little
 * ahead of now. */
#define OUT_FUTURE_SLACK 600
/* The largest feed file rendered by kb_output_write. */
#define OUT_MAX_BYTES ((size_t)512 << 20)
/* The tag: URI prefix of ids kabar makes (RFC 4151). */
#define OUT_TAG "tag:kabar,2024:"
/* Longest part of the file name kept in a temporary file's name. */
#define OUT_TMP_BASE_MAX 160
#define OUT_IO_CHUNK	 65536

/* --- copies and selection --- */

static void
entry_free(struct entry *e)
{
	size_t i;

	kb_item_free(&e->it);
	free(e->source);
	free(e->id);
	for (i = 0; i < e->n_also; i++) {
		free(e->also_src[i]);
		free(e->also_url[i]);
	}
	free(e->also_src);
	free(e->also_url);
}

static void
entries_free(struct entries *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		entry_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
	free(l->last_key);
	free(l->last_source);
	l->last_key = l->last_source = NULL;
	l->read = 0;
}

/* Whether an item passes the output's content filters (min_score,
 * regions, topics, events_only). An item not analyzed passes only an
 * output without them. */
static int
wanted(const struct kb_output *o, const struct kb_item *it)
{
	size_t i;
	int ok;

	if (!o || (o->min_score <= 0 && o->n_regions == 0 && o->topics == 0 && !o->events_only))
		return 1;
	if (!it->analyzed)
		return 0;
	if (o->min_score > 0 && it->score < o->min_score)
		return 0;
	if (o->topics && !(it->topics & o->topics))
		return 0;
	if (o->events_only && (it->event_start < 0 || !(it->topics & 1u)))
		return 0;
	if (o->n_regions > 0) {
		/* A province's code takes its regencies too. */
		ok = 0;
		for (i = 0; i < o->n_regions && !ok && it->region; i++) {
			size_t n = strlen(o->regions[i]);

			ok = strncmp(it->region, o->regions[i], n) == 0 &&
			     (it->region[n] == '\0' || it->region[n] == '.');
		}
		if (!ok)
			return 0;
	}
	return 1;
}

/* The written dates of an item:
 *   published: the source's date, unless it is more than
 *     OUT_FUTURE_SLACK seconds after first_seen (a date in the future
 *     when kabar saw the item), then first_seen (UTC); first_seen (UTC)
 *     when the source gave none;
 *   updated: the source's, when later than the written published date
 *     and not later than now + OUT_FUTURE_SLACK; else none. */
static void
item_dates(struct entry *e, int64_t now)
{
	const struct kb_item *it = &e->it;
	int64_t fs = it->first_seen;

	e->raw = it->published != KB_NO_TIME ? it->published : fs;
	e->date = fs;
	e->date_offset = 0;
	e->clamped = 0;
	if (it->published != KB_NO_TIME) {
		if (fs > INT64_MAX - OUT_FUTURE_SLACK || it->published <= fs + OUT_FUTURE_SLACK) {
			e->date = it->published;
			e->date_offset = it->published_offset;
		} else {
			e->clamped = 1;
		}
	}
	e->updated = KB_NO_TIME;
	e->updated_offset = 0;
	if (it->updated != KB_NO_TIME && it->updated > e->date &&
	    (now > INT64_MAX - OUT_FUTURE_SLACK || it->updated <= now + OUT_FUTURE_SLACK)) {
		e->updated = it->updated;
		e->updated_offset = it->updated_offset;
	}
}

static int
collect_cb(void *ud, const char *source, const struct kb_item *it)
{
	struct entries *l = ud;
	struct entry *e;

	l->read++;
	free(l->last_key);
	free(l->last_source);
	l->last_key = kb_strdup(it->key);
	l->last_source = kb_strdup(source);
	l->last_raw = it->published != KB_NO_TIME ? it->published : it->first_seen;
	if (!wanted(l->o, it))
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = kb_reallocarray(l->v, l->cap, sizeof(*l->v));
	}
	e = &l->v[l->n++];
	memset(e, 0, sizeof(*e));
	kb_item_copy(&e->it, it);
	e->source = kb_strdup(source);
	item_dates(e, l->now);
	return 0;
}

static int
strcmp0(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* The order of the output: written date, newest first, then key and
 * source as the store breaks ties. */
static int
entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c;

	if (a->date != b->date)
		return a->date > b->date ? -1 : 1;
	c = strcmp0(a->it.key, b->it.key);
	if (c != 0)
		return c;
	return strcmp0(a->source, b->source);
}

/* Fill out with the entries of the output, in order, within its window.
 * Returns 0 or -1 (logged by the store). */
static int
select_entries(const struct kb_config *cfg, const struct kb_output *o, struct kb_store *st, int64_t now,
	       struct entries *out)
{
	const char **names;
	const char *none[1] = { NULL };
	struct entries l;
	struct entry last;
	size_t n_names = 0, i, kept, cut;
	int64_t since = 0;
	long max = o->max_items, limit;
	int has_since = 0, complete, rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&l, 0, sizeof(l));
	l.now = now;
	l.o = o;
	names = kb_calloc(cfg->n_sources + 1, sizeof(*names));
	for (i = 0; i < cfg->n_sources; i++)
		if (kb_output_wants(o, &cfg->sources[i]))
			names[n_names++] = cfg->sources[i].name;
	if (o->max_age > 0 && now >= INT64_MIN + o->max_age) {
		since = now - o->max_age;
		has_since = 1;
	}
	limit = max > 0 ? max : 0;
	for (;;) {
		if (kb_store_items_foreach(st, n_names > 0 ? names : none, n_names, has_since ? since : 0, limit,
					   collect_cb, &l) != 0)
			goto done;
		/* Everything there is was read: the cut below is right. */
		complete = limit <= 0 || l.read < (size_t)limit;
		/* The last row read in the store's order (kept or not). */
		memset(&last, 0, sizeof(last));
		last.raw = l.last_raw;
		last.it.key = l.last_key;
		last.source = l.last_source;
		if (l.n > 1)
			qsort(l.v, l.n, sizeof(*l.v), entry_cmp);
		kept = 0;
		cut = l.n;
		for (i = 0; i < l.n; i++) {
			if (has_since && l.v[i].date < since)
				continue;
			if (max > 0 && kept == (size_t)max) {
				cut = i;
				break;
			}
			kept++;
		}
		if (!complete && max > 0 && kept == (size_t)max) {
			/* An item not read yet sorts after `last` in the store,
			 * so its written date is at most last.raw, and at
			 * equal dates it comes after last's key. The last kept
			 * entry must come before all of them. */
			const struct entry *k = NULL;

			for (i = cut; i-- > 0;) {
				if (!has_since || l.v[i].date >= since) {
					k = &l.v[i];
					break;
				}
			}
			if (k != NULL &&
			    (k->date > last.raw || (k->date == last.raw && (strcmp0(k->it.key, last.it.key) < 0 ||
									    (strcmp0(k->it.key, last.it.key) == 0 &&
									     strcmp0(k->source, last.source) <= 0)))))
				complete = 1;
		}
		if (complete) {
			kept = 0;
			for (i = 0; i < l.n; i++) {
				if (i >= cut || (has_since && l.v[i].date < since)) {
					entry_free(&l.v[i]);
					continue;
				}
				l.v[kept++] = l.v[i];
			}
			l.n = kept;
			*out = l;
			memset(&l, 0, sizeof(l));
			break;
		}
		entries_free(&l);
		l.now = now;
		l.o = o;
		limit = limit > LONG_MAX / 2 ? 0 : limit * 2;
	}
	rc = 0;
done:
	entries_free(&l);
	free(names);
	return rc;
}

/* --- ids --- */

/* 1 when s is an absolute URI usable as an Atom id as it is: a scheme,
 * ':', something after it, valid UTF-8 without spaces, controls or the
 * characters URIs never hold; never one of kabar's own tag: URIs. */
static int
is_abs_uri(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (s == NULL || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '+' ||
	       *p == '-' || *p == '.')
		p++;
	if (*p != ':' || p[1] == '\0')
		return 0;
	for (p++; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || strchr("<>\"{}|\\^`", *p) != NULL)
			return 0;
	n = strlen(s);
	if (n > 4096 || !kb_utf8_valid(s, n))
		return 0;
	return kb_strncasecmp(s, OUT_TAG, strlen(OUT_TAG)) != 0;
}

/* Append s percent-encoded: unreserved characters, ':', '@' and '/'
 * stay, every other byte becomes %XX. */
static void
pct_encode(struct kb_buf *b, const char *s, int *bad)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~:@/", *p) != NULL) {
			*bad |= kb_buf_addc(b, (char)*p);
		} else {
			*bad |= kb_buf_addc(b, '%');
			*bad |= kb_buf_addc(b, hex[*p >> 4]);
			*bad |= kb_buf_addc(b, hex[*p & 15]);
		}
	}
}

/* tag:kabar,2024:SOURCE/KEY (new string). */
static char *
tag_id(const char *source, const char *key)
{
	struct kb_buf b;
	int bad = 0;

	kb_buf_init(&b, 3 * (strlen(source) + strlen(key != NULL ? key : "")) + 64);
	bad |= kb_buf_addstr(&b, OUT_TAG);
	pct_encode(&b, source, &bad);
	bad |= kb_buf_addc(&b, '/');
	pct_encode(&b, key != NULL ? key : "", &bad);
	if (bad) {
		kb_buf_free(&b);
		return kb_strdup(OUT_TAG);
	}
	return kb_buf_detach(&b, NULL);
}

struct id_ref {
	const char *id;
	size_t idx;
};

static int
id_ref_cmp(const void *pa, const void *pb)
{
	const struct id_ref *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);

	if (c != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Each entry's id: the source's id when it is an absolute URI, else
 * tag:kabar,2024:SOURCE/KEY. An id already taken by an earlier entry
 * (two sources publishing the same id) gives way to the tag: URI, which
 * is unique because (source, key) is. */
static void
assign_ids(struct entries *l)
{
	struct id_ref *refs;
	unsigned char *dup;
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct entry *e = &l->v[i];

		/* A story's entry already has its cluster's id. */
		if (!e->id)
			e->id = is_abs_uri(e->it.id) ? kb_strdup(e->it.id) : tag_id(e->source, e->it.key);
	}
	if (l->n < 2)
		return;
	refs = kb_calloc(l->n, sizeof(*refs));
	dup = kb_calloc(l->n, 1);
	for (i = 0; i < l->n; i++) {
		refs[i].id = l->v[i].id;
		refs[i].idx = i;
	}
	/* Equal ids end up next to each other, the earliest entry first. */
	qsort(refs, l->n, sizeof(*refs), id_ref_cmp);
	for (i = 1; i < l->n; i++)
		if (strcmp(refs[i].id, refs[i - 1].id) == 0)
			dup[refs[i].idx] = 1;
	for (i = 0; i < l->n; i++) {
		if (dup[i]) {
			free(l->v[i].id);
			l->v[i].id = tag_id(l->v[i].source, l->v[i].it.key);
		}
	}
	free(dup);
	free(refs);
}

/* --- XML --- */

/* How xml_text escapes. */
enum { X_TEXT = 0, X_HTML = 1, X_ATTR = 2 };

/* Append s as XML: its UTF-8 repaired and the characters XML 1.0 does
 * not allow dropped (kb_utf8_clean), & < > " escaped and CR written as
 * &#13; so that it survives end-of-line handling. mode X_TEXT: character
 * data; X_ATTR: a double-quoted attribute value, where tab and line feed
 * are written as references too (a parser would make them spaces);
 * X_HTML: s is plain text put into an element that holds HTML (RSS
 * description, content:encoded), escaped as HTML first, then as XML.
 * NULL appends nothing. */
static void
xml_text(struct kb_buf *b, const char *s, int mode, int *bad)
{
	int html = mode == X_HTML;

	const char *p, *run, *rep;
	char *clean;

	if (s == NULL)
		return;
	clean = kb_utf8_clean(s, strlen(s));
	for (p = run = clean; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			rep = html ? "&amp;amp;" : "&amp;";
			break;
		case '<':
			rep = html ? "&amp;lt;" : "&lt;";
			break;
		case '>':
			rep = html ? "&amp;gt;" : "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\r':
			rep = "&#13;";
			break;
		case '\t':
			if (mode != X_ATTR)
				continue;
			rep = "&#9;";
			break;
		case '\n':
			if (mode != X_ATTR)
				continue;
			rep = "&#10;";
			break;
		default:
			continue;
		}
		*bad |= kb_buf_add(b, run, (size_t)(p - run));
		*bad |= kb_buf_addstr(b, rep);
		run = p + 1;
	}
	*bad |= kb_buf_addstr(b, run);
	free(clean);
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* indent<name attrs>text</name>\n; nothing when text is NULL or "".
 * attrs is literal markup (may be NULL). */
static void
xml_elem(struct kb_buf *b, const char *indent, const char *name, const char *attrs, const char *text, int mode,
	 int *bad)
{
	if (empty(text))
		return;
	*bad |= kb_buf_printf(b, "%s<%s%s>", indent, name, attrs != NULL ? attrs : "");
	xml_text(b, text, mode, bad);
	*bad |= kb_buf_printf(b, "</%s>\n", name);
}

/* A value that matches XML Schema's ".+" around sep: something before
 * and after it, no line breaks (Atom's media types and e-mail). */
static int
has_sep(const char *s, int sep)
{
	const char *p;

	if (empty(s) || strpbrk(s, "\r\n") != NULL)
		return 0;
	p = strchr(s, sep);
	return p != NULL && p != s && p[1] != '\0';
}

/* [A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})* (Atom's language tag). */
static int
is_lang_tag(const char *s)
{
	size_t n = 0;
	int first = 1;

	if (empty(s))
		return 0;
	for (;; s++) {
		if (*s == '-' || *s == '\0') {
			if (n == 0 || n > 8)
				return 0;
			if (*s == '\0')
				return 1;
			n = 0;
			first = 0;
			continue;
		}
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (!first && *s >= '0' && *s <= '9')))
			return 0;
		n++;
	}
}

static int
is_http(const char *s)
{
	return s != NULL && (kb_strncasecmp(s, "http://", 7) == 0 || kb_strncasecmp(s, "https://", 8) == 0);
}

const char *
kb_output_title(const struct kb_output *o)
{
	return !empty(o->title) ? o->title : o->name;
}

/* The newest written date among the entries, or now when there are
 * none (the feed-level updated time). */
static int64_t
feed_updated(const struct entries *l, int64_t now)
{
	int64_t t = KB_NO_TIME, d;
	size_t i;

	for (i = 0; i < l->n; i++) {
		d = l->v[i].updated != KB_NO_TIME ? l->v[i].updated : l->v[i].date;
		if (d > t)
			t = d;
	}
	return t != KB_NO_TIME ? t : now;
}

static const char *
source_url(const struct kb_config *cfg, const char *name)
{
	const struct kb_source *src = kb_config_source(cfg, name);

	return src != NULL ? src->url : NULL;
}

/* The MSME analysis as categories with a domain (RSS) or scheme (Atom):
 * urn:kabar:score, urn:kabar:topic, urn:kabar:region (labelled with the
 * region's name in Atom), urn:kabar:event-start and urn:kabar:event-end
 * (YYYY-MM-DD). */
static void
msme_category(struct kb_buf *b, int atom, const char *scheme, const char *term, const char *label, int *bad)
{
	if (atom) {
		*bad |= kb_buf_printf(b, "    <category scheme=\"urn:kabar:%s\" term=\"", scheme);
		xml_text(b, term, X_ATTR, bad);
		if (!empty(label)) {
			*bad |= kb_buf_addstr(b, "\" label=\"");
			xml_text(b, label, X_ATTR, bad);
		}
		*bad |= kb_buf_addstr(b, "\"/>\n");
	} else {
		*bad |= kb_buf_printf(b, "      <category domain=\"urn:kabar:%s\">", scheme);
		xml_text(b, term, X_TEXT, bad);
		*bad |= kb_buf_addstr(b, "</category>\n");
	}
}

static void
msme_categories(struct kb_buf *b, const struct kb_item *it, int atom, int *bad)
{
	static const char *const topic_names[] = KB_TOPIC_NAMES;
	char buf[40];
	size_t i;

	if (!it->analyzed)
		return;
	snprintf(buf, sizeof(buf), "%.3f", it->score < 0 ? 0.0 : it->score > 1 ? 1.0 : it->score);
	msme_category(b, atom, "score", buf, NULL, bad);
	for (i = 0; i < sizeof(topic_names) / sizeof(topic_names[0]); i++)
		if (it->topics & (1u << i))
			msme_category(b, atom, "topic", topic_names[i], NULL, bad);
	if (!empty(it->region))
		msme_category(b, atom, "region", it->region, it->region_name, bad);
	if (it->event_start >= 0) {
		kb_date_rfc3339(it->event_start * 86400, 0, buf, sizeof(buf));
		buf[10] = '\0';
		msme_category(b, atom, "event-start", buf, NULL, bad);
		kb_date_rfc3339((it->event_end >= 0 ? it->event_end : it->event_start) * 86400, 0, buf, sizeof(buf));
		buf[10] = '\0';
		msme_category(b, atom, "event-end", buf, NULL, bad);
	}
}

/* The item's content as HTML (its markup, else its text escaped, else
 * its summary) followed by the other sources of the same story, for the
 * content element of an entry that represents a cluster: a new string
 * in out (freed by the caller). */
static void
content_with_also(const struct entry *e, size_t max, struct kb_buf *out, int *overflow)
{
	const struct kb_item *it = &e->it;
	int bad = 0;
	size_t i;

	kb_buf_init(out, max);
	if (!empty(it->content_html))
		bad |= kb_buf_addstr(out, it->content_html);
	else if (!empty(it->content_text))
		xml_text(out, it->content_text, X_TEXT, &bad);
	else if (!empty(it->summary_html))
		bad |= kb_buf_addstr(out, it->summary_html);
	else
		xml_text(out, it->summary, X_TEXT, &bad);
	bad |= kb_buf_addstr(out, "\n<p>Juga diberitakan oleh: ");
	for (i = 0; i < e->n_also; i++) {
		if (i)
			bad |= kb_buf_addstr(out, ", ");
		if (is_http(e->also_url[i])) {
			bad |= kb_buf_addstr(out, "<a href=\"");
			xml_text(out, e->also_url[i], X_ATTR, &bad);
			bad |= kb_buf_addstr(out, "\">");
			xml_text(out, e->also_src[i], X_TEXT, &bad);
			bad |= kb_buf_addstr(out, "</a>");
		} else {
			xml_text(out, e->also_src[i], X_TEXT, &bad);
		}
	}
	bad |= kb_buf_addstr(out, "</p>");
	*overflow |= bad;
}

/* --- RSS 2.0 --- */

static void
rss_item(struct kb_buf *b, const struct kb_config *cfg, const struct entry *e, int *bad)
{
	const struct kb_item *it = &e->it;
	const char *surl;
	char date[64];
	size_t i;

	*bad |= kb_buf_addstr(b, "    <item>\n");
	xml_elem(b, "      ", "title", NULL, it->title, X_TEXT, bad);
	xml_elem(b, "      ", "link", NULL, it->url, X_TEXT, bad);
	if (!empty(it->summary_html))
		xml_elem(b, "      ", "description", NULL, it->summary_html, X_TEXT, bad);
	else if (!empty(it->summary))
		xml_elem(b, "      ", "description", NULL, it->summary, X_HTML, bad);
	else if (empty(it->title))
		*bad |= kb_buf_addstr(b, "      <description></description>\n");
	if (e->n_also > 0) {
		struct kb_buf c;

		content_with_also(e, b->max, &c, bad);
		xml_elem(b, "      ", "content:encoded", NULL, kb_buf_str(&c), X_TEXT, bad);
		kb_buf_free(&c);
	} else if (!empty(it->content_html)) {
		xml_elem(b, "      ", "content:encoded", NULL, it->content_html, X_TEXT, bad);
	} else {
		xml_elem(b, "      ", "content:encoded", NULL, it->content_text, X_HTML, bad);
	}
	for (i = 0; i < it->n_authors; i++)
		xml_elem(b, "      ", "dc:creator", NULL, it->authors[i].name, X_TEXT, bad);
	for (i = 0; i < it->n_categories; i++)
		xml_elem(b, "      ", "category", NULL, it->categories[i], X_TEXT, bad);
	msme_categories(b, it, 0, bad);
	xml_elem(b, "      ", "comments", NULL, it->comments_url, X_TEXT, bad);
	for (i = 0; i < it->n_enclosures; i++) {
		const struct kb_enclosure *enc = &it->enclosures[i];

		if (empty(enc->url))
			continue;
		/* RSS requires url, length and type: length 0 and
		 * application/octet-stream stand for unknown. */
		*bad |= kb_buf_addstr(b, "      <enclosure url=\"");
		xml_text(b, enc->url, X_ATTR, bad);
		*bad |= kb_buf_printf(b, "\" length=\"%lld\" type=\"", (long long)(enc->length >= 0 ? enc->length : 0));
		xml_text(b, has_sep(enc->type, '/') ? enc->type : "application/octet-stream", X_ATTR, bad);
		*bad |= kb_buf_addstr(b, "\"/>\n");
	}
	*bad |= kb_buf_printf(b, "      <guid isPermaLink=\"%s\">",
			      is_http(it->url) && strcmp(e->id, it->url) == 0 ? "true" : "false");
	xml_text(b, e->id, X_TEXT, bad);
	*bad |= kb_buf_addstr(b, "</guid>\n");
	xml_elem(b, "      ", "pubDate", NULL, kb_date_rfc822(e->date, e->date_offset, date, sizeof(date)), X_TEXT,
		 bad);
	/* RSS wants the source's feed URL; a local file's path is nobody's
	 * business, so file: sources get no source element. */
	surl = source_url(cfg, e->source);
	if (is_http(surl)) {
		*bad |= kb_buf_addstr(b, "      <source url=\"");
		xml_text(b, surl, X_ATTR, bad);
		*bad |= kb_buf_addstr(b, "\">");
		xml_text(b, e->source, X_TEXT, bad);
		*bad |= kb_buf_addstr(b, "</source>\n");
	}
	*bad |= kb_buf_addstr(b, "    </item>\n");
}

static void
write_rss(struct kb_buf *b, const struct kb_config *cfg, const struct kb_output *o, const struct entries *l,
	  int64_t updated, int *bad)
{
	const char *link = !empty(o->link) ? o->link : o->url;
	char date[64];
	size_t i;

	*bad |= kb_buf_addstr(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				 "<rss version=\"2.0\""
				 " xmlns:atom=\"http://www.w3.org/2005/Atom\""
				 " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
				 " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
				 "  <channel>\n");
	xml_elem(b, "    ", "title", NULL, kb_output_title(o), X_TEXT, bad);
	xml_elem(b, "    ", "link", NULL, link, X_TEXT, bad);
	xml_elem(b, "    ", "description", NULL, !empty(o->description) ? o->description : kb_output_title(o), X_HTML,
		 bad);
	if (!empty(o->url)) {
		*bad |= kb_buf_addstr(b, "    <atom:link rel=\"self\" type=\"application/rss+xml\" href=\"");
		xml_text(b, o->url, X_ATTR, bad);
		*bad |= kb_buf_addstr(b, "\"/>\n");
	}
	xml_elem(b, "    ", "lastBuildDate", NULL, kb_date_rfc822(updated, 0, date, sizeof(date)), X_TEXT, bad);
	*bad |= kb_buf_addstr(b, "    <generator>kabar/" PACKAGE_VERSION "</generator>\n");
	for (i = 0; i < l->n; i++)
		rss_item(b, cfg, &l->v[i], bad);
	*bad |= kb_buf_addstr(b, "  </channel>\n</rss>\n");
}

/* --- Atom 1.0 --- */

static void
atom_link(struct kb_buf *b, const char *indent, const char *rel, const char *href, const char *type, int64_t length,
	  const char *title, int *bad)
{
	*bad |= kb_buf_printf(b, "%s<link rel=\"%s\" href=\"", indent, rel);
	xml_text(b, href, X_ATTR, bad);
	*bad |= kb_buf_addstr(b, "\"");
	if (has_sep(type, '/')) {
		*bad |= kb_buf_addstr(b, " type=\"");
		xml_text(b, type, X_ATTR, bad);
		*bad |= kb_buf_addstr(b, "\"");
	}
	if (length >= 0)
		*bad |= kb_buf_printf(b, " length=\"%lld\"", (long long)length);
	if (!empty(title)) {
		*bad |= kb_buf_addstr(b, " title=\"");
		xml_text(b, title, X_ATTR, bad);
		*bad |= kb_buf_addstr(b, "\"");
	}
	*bad |= kb_buf_addstr(b, "/>\n");
}

static void
atom_entry(struct kb_buf *b, const struct kb_config *cfg, const struct entry *e, int *bad)
{
	const struct kb_item *it = &e->it;
	const char *surl;
	char date[64];
	size_t i;

	if (is_lang_tag(it->language))
		*bad |= kb_buf_printf(b, "  <entry xml:lang=\"%s\">\n", it->language);
	else
		*bad |= kb_buf_addstr(b, "  <entry>\n");
	xml_elem(b, "    ", "id", NULL, e->id, X_TEXT, bad);
	/* atom:title is required, even when empty. */
	*bad |= kb_buf_addstr(b, "    <title type=\"text\">");
	xml_text(b, it->title, X_TEXT, bad);
	*bad |= kb_buf_addstr(b, "</title>\n");
	if (!empty(it->url))
		atom_link(b, "    ", "alternate", it->url, NULL, -1, NULL, bad);
	for (i = 0; i < it->n_enclosures; i++) {
		const struct kb_enclosure *enc = &it->enclosures[i];

		if (!empty(enc->url))
			atom_link(b, "    ", "enclosure", enc->url,
				  has_sep(enc->type, '/') ? enc->type : "application/octet-stream", enc->length,
				  enc->title, bad);
	}
	if (!empty(it->comments_url))
		atom_link(b, "    ", "replies", it->comments_url, NULL, -1, NULL, bad);
	/* The same story from other sources (RFC 4287 4.2.7.2). */
	for (i = 0; i < e->n_also; i++)
		if (is_http(e->also_url[i]))
			atom_link(b, "    ", "related", e->also_url[i], NULL, -1, e->also_src[i], bad);
	xml_elem(b, "    ", "published", NULL, kb_date_rfc3339(e->date, e->date_offset, date, sizeof(date)), X_TEXT,
		 bad);
	if (e->updated != KB_NO_TIME)
		kb_date_rfc3339(e->updated, e->updated_offset, date, sizeof(date));
	xml_elem(b, "    ", "updated", NULL, date, X_TEXT, bad);
	for (i = 0; i < it->n_authors; i++) {
		const struct kb_author *a = &it->authors[i];

		if (empty(a->name))
			continue;
		*bad |= kb_buf_addstr(b, "    <author>\n");
		xml_elem(b, "      ", "name", NULL, a->name, X_TEXT, bad);
		if (has_sep(a->email, '@'))
			xml_elem(b, "      ", "email", NULL, a->email, X_TEXT, bad);
		xml_elem(b, "      ", "uri", NULL, a->url, X_TEXT, bad);
		*bad |= kb_buf_addstr(b, "    </author>\n");
	}
	for (i = 0; i < it->n_categories; i++) {
		if (empty(it->categories[i]))
			continue;
		*bad |= kb_buf_addstr(b, "    <category term=\"");
		xml_text(b, it->categories[i], X_ATTR, bad);
		*bad |= kb_buf_addstr(b, "\"/>\n");
	}
	msme_categories(b, it, 1, bad);
	/* Text goes out as type="html" with the text escaped as HTML, as in
	 * RSS: some readers (newsboat 2.21) render type="text" as HTML. */
	if (!empty(it->summary_html))
		xml_elem(b, "    ", "summary", " type=\"html\"", it->summary_html, X_TEXT, bad);
	else
		xml_elem(b, "    ", "summary", " type=\"html\"", it->summary, X_HTML, bad);
	if (e->n_also > 0) {
		struct kb_buf c;

		content_with_also(e, b->max, &c, bad);
		xml_elem(b, "    ", "content", " type=\"html\"", kb_buf_str(&c), X_TEXT, bad);
		kb_buf_free(&c);
	} else if (!empty(it->content_html))
		xml_elem(b, "    ", "content", " type=\"html\"", it->content_html, X_TEXT, bad);
	else if (!empty(it->content_text))
		xml_elem(b, "    ", "content", " type=\"html\"", it->content_text, X_HTML, bad);
	else if (!empty(it->summary_html))
		/* Readers show content over summary: an entry with only a
		 * summary carries it as its content too. */
		xml_elem(b, "    ", "content", " type=\"html\"", it->summary_html, X_TEXT, bad);
	else if (!empty(it->summary))
		xml_elem(b, "    ", "content", " type=\"html\"", it->summary, X_HTML, bad);
	else if (empty(it->url))
		/* An entry needs an alternate link or content. */
		*bad |= kb_buf_addstr(b, "    <content type=\"html\"></content>\n");
	*bad |= kb_buf_addstr(b, "    <source>\n");
	xml_elem(b, "      ", "title", NULL, e->source, X_TEXT, bad);
	surl = source_url(cfg, e->source);
	if (is_http(surl))
		atom_link(b, "      ", "via", surl, NULL, -1, NULL, bad);
	*bad |= kb_buf_addstr(b, "    </source>\n");
	*bad |= kb_buf_addstr(b, "  </entry>\n");
}

static void
write_atom(struct kb_buf *b, const struct kb_config *cfg, const struct kb_output *o, const struct entries *l,
	   int64_t updated, int *bad)
{
	char date[64];
	size_t i;

	*bad |= kb_buf_addstr(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				 "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
	if (!empty(o->url)) {
		xml_elem(b, "  ", "id", NULL, o->url, X_TEXT, bad);
	} else {
		*bad |= kb_buf_addstr(b, "  <id>" OUT_TAG);
		xml_text(b, o->name, X_TEXT, bad);
		*bad |= kb_buf_addstr(b, "</id>\n");
	}
	*bad |= kb_buf_addstr(b, "  <title type=\"text\">");
	xml_text(b, kb_output_title(o), X_TEXT, bad);
	*bad |= kb_buf_addstr(b, "</title>\n");
	xml_elem(b, "  ", "subtitle", " type=\"text\"", o->description, X_TEXT, bad);
	if (!empty(o->url))
		atom_link(b, "  ", "self", o->url, "application/atom+xml", -1, NULL, bad);
	if (!empty(o->link))
		atom_link(b, "  ", "alternate", o->link, "text/html", -1, NULL, bad);
	xml_elem(b, "  ", "updated", NULL, kb_date_rfc3339(updated, 0, date, sizeof(date)), X_TEXT, bad);
	/* Every entry then has an author, as RFC 4287 wants. */
	*bad |= kb_buf_addstr(b, "  <author>\n");
	xml_elem(b, "    ", "name", NULL, kb_output_title(o), X_TEXT, bad);
	*bad |= kb_buf_addstr(b, "  </author>\n");
	*bad |= kb_buf_addstr(b, "  <generator version=\"" PACKAGE_VERSION "\">kabar</generator>\n");
	for (i = 0; i < l->n; i++)
		atom_entry(b, cfg, &l->v[i], bad);
	*bad |= kb_buf_addstr(b, "</feed>\n");
}

/* --- JSON Feed 1.1 --- */

static void
write_json(struct kb_buf *b, const struct kb_output *o, const struct entries *l, int *bad)
{
	struct kb_jsonfeed_entry *je;
	struct kb_feedinfo f;
	size_t i;

	memset(&f, 0, sizeof(f));
	f.title = (char *)kb_output_title(o);
	f.home_page_url = o->link;
	f.description = o->description;
	je = kb_calloc(l->n + 1, sizeof(*je));
	for (i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];

		je[i].it = &e->it;
		je[i].id = e->id;
		je[i].source = e->source;
		je[i].published = e->date;
		je[i].published_offset = e->date_offset;
		je[i].updated = e->updated;
		je[i].updated_offset = e->updated_offset;
		je[i].source_published = e->clamped ? e->it.published : KB_NO_TIME;
		je[i].source_published_offset = e->it.published_offset;
		je[i].also_sources = e->also_src;
		je[i].also_urls = e->also_url;
		je[i].n_also = e->n_also;
	}
	if (kb_jsonfeed_write_entries(b, &f, o->url, o->name, je, l->n) != 0)
		*bad = 1;
	*bad |= kb_buf_addc(b, '\n');
	free(je);
}

/* --- iCalendar (RFC 5545) --- */

/* One content line, folded at 75 octets (never inside a UTF-8
 * character), ended with CRLF. */
static void
ics_line(struct kb_buf *b, const char *s, int *bad)
{
	size_t n = strlen(s), col = 0, i = 0;

	while (i < n) {
		size_t clen = 1;
		unsigned char c = (unsigned char)s[i];

		if (c >= 0xf0)
			clen = 4;
		else if (c >= 0xe0)
			clen = 3;
		else if (c >= 0xc0)
			clen = 2;
		if (i + clen > n)
			clen = n - i;
		if (col + clen > 75) {
			*bad |= kb_buf_addstr(b, "\r\n ");
			col = 1;
		}
		*bad |= kb_buf_add(b, s + i, clen);
		col += clen;
		i += clen;
	}
	*bad |= kb_buf_addstr(b, "\r\n");
}

/* NAME:VALUE with VALUE escaped as TEXT (backslash, ; , and newlines). */
static void
ics_text(struct kb_buf *b, const char *name, const char *v, int *bad)
{
	struct kb_buf t;
	const char *p;

	if (empty(v))
		return;
	kb_buf_init(&t, b->max);
	kb_buf_addstr(&t, name);
	kb_buf_addc(&t, ':');
	for (p = v; *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',') {
			kb_buf_addc(&t, '\\');
			kb_buf_addc(&t, *p);
		} else if (*p == '\n') {
			kb_buf_addstr(&t, "\\n");
		} else if (*p == '\r' || (unsigned char)*p < 0x20) {
			kb_buf_addc(&t, ' ');
		} else {
			kb_buf_addc(&t, *p);
		}
	}
	ics_line(b, t.data ? t.data : "", bad);
	kb_buf_free(&t);
}

/* YYYYMMDD of a day number. */
static void
ics_date(int64_t days, char *buf, size_t size)
{
	char iso[40];

	kb_date_rfc3339(days * 86400, 0, iso, sizeof(iso));
	snprintf(buf, size, "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
}

/* The zone's name in the calendar: kabar's three zones, fixed offsets. */
const char *
kb_output_zone(const char *region, int *offset_min, const char **abbr)
{
	const char *tz = region ? kb_region_timezone(region) : "Asia/Jakarta";

	if (tz && strcmp(tz, "Asia/Makassar") == 0) {
		*offset_min = 480;
		*abbr = "WITA";
		return tz;
	}
	if (tz && strcmp(tz, "Asia/Jayapura") == 0) {
		*offset_min = 540;
		*abbr = "WIT";
		return tz;
	}
	*offset_min = 420;
	*abbr = "WIB";
	return "Asia/Jakarta";
}

static void
write_ics(struct kb_buf *b, const struct kb_config *cfg, const struct kb_output *o, const struct entries *l, int *bad)
{
	static const char *const topic_names[] = KB_TOPIC_NAMES;
	int used[3] = { 0, 0, 0 };
	size_t i, k;
	char line[512], d1[16], d2[16], stamp[40];

	(void)cfg;
	ics_line(b, "BEGIN:VCALENDAR", bad);
	ics_line(b, "VERSION:2.0", bad);
	ics_line(b, "PRODID:-//kabar//kabar " PACKAGE_VERSION "//EN", bad);
	ics_line(b, "CALSCALE:GREGORIAN", bad);
	ics_line(b, "METHOD:PUBLISH", bad);
	ics_text(b, "X-WR-CALNAME", kb_output_title(o), bad);
	ics_text(b, "X-WR-CALDESC", o->description, bad);
	/* The zones of timed events, each once. */
	for (i = 0; i < l->n; i++) {
		const struct kb_item *it = &l->v[i].it;
		int off;
		const char *abbr, *tz;

		if (it->event_start < 0 || it->event_minute < 0)
			continue;
		tz = kb_output_zone(it->region, &off, &abbr);
		k = off == 420 ? 0 : off == 480 ? 1 : 2;
		if (used[k])
			continue;
		used[k] = 1;
		ics_line(b, "BEGIN:VTIMEZONE", bad);
		snprintf(line, sizeof(line), "TZID:%s", tz);
		ics_line(b, line, bad);
		ics_line(b, "BEGIN:STANDARD", bad);
		ics_line(b, "DTSTART:19700101T000000", bad);
		snprintf(line, sizeof(line), "TZOFFSETFROM:+%02d00", off / 60);
		ics_line(b, line, bad);
		snprintf(line, sizeof(line), "TZOFFSETTO:+%02d00", off / 60);
		ics_line(b, line, bad);
		snprintf(line, sizeof(line), "TZNAME:%s", abbr);
		ics_line(b, line, bad);
		ics_line(b, "END:STANDARD", bad);
		ics_line(b, "END:VTIMEZONE", bad);
	}
	for (i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		const struct kb_item *it = &e->it;
		struct kb_buf desc;
		int64_t end;

		if (it->event_start < 0)
			continue;
		end = it->event_end >= it->event_start ? it->event_end : it->event_start;
		ics_line(b, "BEGIN:VEVENT", bad);
		/* The item's written id: stable across runs. */
		ics_text(b, "UID", e->id, bad);
		kb_date_rfc3339(it->first_seen, 0, stamp, sizeof(stamp));
		snprintf(line, sizeof(line), "DTSTAMP:%.4s%.2s%.2sT%.2s%.2s%.2sZ", stamp, stamp + 5, stamp + 8,
			 stamp + 11, stamp + 14, stamp + 17);
		ics_line(b, line, bad);
		ics_date(it->event_start, d1, sizeof(d1));
		if (it->event_minute >= 0) {
			int off;
			const char *abbr, *tz = kb_output_zone(it->region, &off, &abbr);

			snprintf(line, sizeof(line), "DTSTART;TZID=%s:%sT%02d%02d00", tz, d1, it->event_minute / 60,
				 it->event_minute % 60);
			ics_line(b, line, bad);
			if (kb_item_event_end(it) >= 0) {
				/* Daily hours: the first day's, repeated on each
				 * day of the event. */
				snprintf(line, sizeof(line), "DTEND;TZID=%s:%sT%02d%02d00", tz, d1,
					 kb_item_event_end(it) / 60, kb_item_event_end(it) % 60);
				ics_line(b, line, bad);
				if (end > it->event_start) {
					snprintf(line, sizeof(line), "RRULE:FREQ=DAILY;COUNT=%lld",
						 (long long)(end - it->event_start + 1));
					ics_line(b, line, bad);
				}
			} else {
				/* No end time is known: the event lasts to the end
				 * of its last day. */
				ics_date(end, d2, sizeof(d2));
				snprintf(line, sizeof(line), "DTEND;TZID=%s:%sT235900", tz, d2);
				ics_line(b, line, bad);
			}
		} else {
			/* All-day: DTEND is the day after the last. */
			ics_date(end + 1, d2, sizeof(d2));
			snprintf(line, sizeof(line), "DTSTART;VALUE=DATE:%s", d1);
			ics_line(b, line, bad);
			snprintf(line, sizeof(line), "DTEND;VALUE=DATE:%s", d2);
			ics_line(b, line, bad);
		}
		ics_text(b, "SUMMARY", !empty(it->event_name) ? it->event_name : it->title, bad);
		ics_text(b, "LOCATION", it->event_venue, bad);
		if (!empty(it->url)) {
			/* A URI value: not escaped as text. */
			struct kb_buf u;

			kb_buf_init(&u, b->max);
			kb_buf_printf(&u, "URL:%s", it->url);
			ics_line(b, u.data, bad);
			kb_buf_free(&u);
		}
		kb_buf_init(&desc, b->max);
		if (!empty(it->title))
			kb_buf_printf(&desc, "%s\n", it->title);
		if (!empty(it->event_organizer))
			kb_buf_printf(&desc, "Penyelenggara: %s\n", it->event_organizer);
		if (!empty(it->region_name))
			kb_buf_printf(&desc, "Wilayah: %s%s%s\n", it->region_name,
				      !empty(it->region_province) && strcmp(it->region_province, it->region_name) != 0
					      ? ", "
					      : "",
				      !empty(it->region_province) && strcmp(it->region_province, it->region_name) != 0
					      ? it->region_province
					      : "");
		kb_buf_printf(&desc, "Sumber: %s", e->source ? e->source : "");
		if (!empty(it->url))
			kb_buf_printf(&desc, " %s", it->url);
		for (k = 0; k < e->n_also; k++)
			kb_buf_printf(&desc, "%s%s%s%s", k ? "; " : "\nJuga diberitakan: ", e->also_src[k],
				      empty(e->also_url[k]) ? "" : " ", empty(e->also_url[k]) ? "" : e->also_url[k]);
		ics_text(b, "DESCRIPTION", desc.data, bad);
		kb_buf_free(&desc);
		{
			struct kb_buf cat;
			int any = 0;

			kb_buf_init(&cat, 256);
			kb_buf_addstr(&cat, "CATEGORIES:");
			for (k = 0; k < sizeof(topic_names) / sizeof(topic_names[0]); k++)
				if (it->topics & (1u << k)) {
					if (any++)
						kb_buf_addc(&cat, ',');
					kb_buf_addstr(&cat, topic_names[k]);
				}
			if (any)
				ics_line(b, cat.data, bad);
			kb_buf_free(&cat);
		}
		ics_line(b, "END:VEVENT", bad);
	}
	ics_line(b, "END:VCALENDAR", bad);
}

/* --- one story per press release --- */

/* The host of url, into host (lower case); "" when it has none. */
static void
url_host(const char *url, char *host, size_t size)
{
	const char *p = url ? strstr(url, "://") : NULL;
	size_t n = 0;

	host[0] = '\0';
	if (!p || size == 0)
		return;
	for (p += 3; *p && *p != '/' && *p != ':' && *p != '?' && *p != '#' && n + 1 < size; p++) {
		if (*p == '@') {
			/* userinfo@host */
			n = 0;
			continue;
		}
		host[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	}
	host[n] = '\0';
}

/* The rank of an entry among the output's preferences (prefer): the
 * index of the first rule its source or host matches, else the number
 * of rules. A host suffix ".go.id" matches go.id's subdomains. */
static size_t
prefer_rank(const struct kb_output *o, const struct entry *e)
{
	char host[256];
	size_t i, hn, rn;

	url_host(e->it.url, host, sizeof(host));
	hn = strlen(host);
	for (i = 0; i < o->n_prefer; i++) {
		const char *r = o->prefer[i];

		if (r[0] != '.') {
			if (strcmp0(e->source, r) == 0)
				return i;
			continue;
		}
		rn = strlen(r);
		if (hn > rn && kb_strncasecmp(host + hn - rn, r, rn) == 0)
			return i;
	}
	return o->n_prefer;
}

/* Whether entry a represents its story before entry b: the better
 * preference rank, then the earlier (or later) written date, then the
 * output's order. */
static int
better_rep(const struct kb_output *o, const struct entry *a, size_t ia, const struct entry *b, size_t ib)
{
	size_t ra = prefer_rank(o, a), rb = prefer_rank(o, b);

	if (ra != rb)
		return ra < rb;
	if (a->date != b->date)
		return o->prefer_latest ? a->date > b->date : a->date < b->date;
	return ia < ib;
}

struct cluster_ref {
	int64_t cluster;
	size_t idx;
};

static int
cluster_ref_cmp(const void *pa, const void *pb)
{
	const struct cluster_ref *a = pa, *b = pb;

	if (a->cluster != b->cluster)
		return a->cluster < b->cluster ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

char *
kb_output_cluster_id(struct kb_store *st, int64_t cluster)
{
	char *source, *key, *item_id, *id = NULL;

	if (cluster <= 0 || kb_store_cluster_founder(st, cluster, &source, &key, &item_id) != 0)
		return NULL;
	id = is_abs_uri(item_id) ? kb_strdup(item_id) : tag_id(source, key);
	free(source);
	free(key);
	free(item_id);
	return id;
}

/* One story per press release: the items of one stored cluster (store.h)
 * become one entry, the one the output prefers (prefer: by default the
 * official .go.id source, then the earliest), with the others listed.
 * Its id is the cluster's, the id of the member that founded it, so that
 * it does not change when another member becomes the representative. */
static void
cluster_entries(struct entries *l, struct kb_store *st, const struct kb_output *o)
{
	struct cluster_ref *refs;
	unsigned char *gone;
	size_t i, j, k, n = 0, kept;

	if (!o->merge)
		return;
	refs = kb_calloc(l->n ? l->n : 1, sizeof(*refs));
	for (i = 0; i < l->n; i++)
		if (l->v[i].it.cluster > 0) {
			refs[n].cluster = l->v[i].it.cluster;
			refs[n++].idx = i;
		}
	qsort(refs, n, sizeof(*refs), cluster_ref_cmp);
	gone = kb_calloc(l->n ? l->n : 1, 1);
	for (i = 0; i < n; i = j) {
		size_t rep = refs[i].idx;
		struct entry *r;
		char *cid;

		for (j = i + 1; j < n && refs[j].cluster == refs[i].cluster; j++)
			if (better_rep(o, &l->v[refs[j].idx], refs[j].idx, &l->v[rep], rep))
				rep = refs[j].idx;
		r = &l->v[rep];
		cid = kb_output_cluster_id(st, refs[i].cluster);
		if (cid) {
			free(r->id);
			r->id = cid;
		}
		for (k = i; k < j; k++) {
			struct entry *e = &l->v[refs[k].idx];

			if (refs[k].idx == rep)
				continue;
			r->also_src = kb_reallocarray(r->also_src, r->n_also + 1, sizeof(*r->also_src));
			r->also_url = kb_reallocarray(r->also_url, r->n_also + 1, sizeof(*r->also_url));
			r->also_src[r->n_also] = kb_strdup(e->source);
			r->also_url[r->n_also] = e->it.url ? kb_strdup(e->it.url) : NULL;
			r->n_also++;
			gone[refs[k].idx] = 1;
		}
	}
	kept = 0;
	for (i = 0; i < l->n; i++) {
		if (gone[i]) {
			entry_free(&l->v[i]);
			continue;
		}
		l->v[kept++] = l->v[i];
	}
	l->n = kept;
	free(gone);
	free(refs);
}

/* --- rendering --- */

int
kb_output_render(const struct kb_config *cfg, const struct kb_output *out, struct kb_store *st, int64_t now,
		 struct kb_buf *b)
{
	struct entries l;
	size_t start = b->len;
	int64_t updated;
	int bad = 0, rc = -1;

	memset(&l, 0, sizeof(l));
	if (out->format == NULL ||
	    (strcmp(out->format, "rss") != 0 && strcmp(out->format, "atom") != 0 && strcmp(out->format, "json") != 0 &&
	     strcmp(out->format, "ics") != 0 && strcmp(out->format, "html") != 0)) {
		kb_log(KB_LOG_ERROR, "cannot render output %s: unknown format '%s'", out->name,
		       out->format != NULL ? out->format : "");
		return -1;
	}
	if (select_entries(cfg, out, st, now, &l) != 0) {
		kb_log(KB_LOG_ERROR, "cannot render output %s: reading the store failed", out->name);
		return -1;
	}
	cluster_entries(&l, st, out);
	assign_ids(&l);
	updated = feed_updated(&l, now);
	if (strcmp(out->format, "rss") == 0)
		write_rss(b, cfg, out, &l, updated, &bad);
	else if (strcmp(out->format, "atom") == 0)
		write_atom(b, cfg, out, &l, updated, &bad);
	else if (strcmp(out->format, "ics") == 0)
		write_ics(b, cfg, out, &l, &bad);
	else if (strcmp(out->format, "html") == 0)
		kb_output_html(b, cfg, out, &l, now, &bad);
	else
		write_json(b, out, &l, &bad);
	if (bad) {
		kb_log(KB_LOG_ERROR, "cannot render output %s: more than %zu bytes", out->name, b->max);
		b->len = start;
		if (b->data != NULL)
			b->data[start] = '\0';
		goto done;
	}
	rc = 0;
done:
	entries_free(&l);
	return rc;
}

int
kb_output_write(const struct kb_config *cfg, const struct kb_output *out, struct kb_store *st, int64_t now,
		int *changed)
{
	struct kb_buf b;
	int rc = -1;

	*changed = 0;
	if (out->path == NULL) {
		kb_log(KB_LOG_ERROR, "cannot write output %s: it has no path", out->name);
		return -1;
	}
	kb_buf_init(&b, OUT_MAX_BYTES);
	if (kb_output_render(cfg, out, st, now, &b) != 0)
		goto done;
	if (kb_write_atomic(out->path, b.data != NULL ? b.data : "", b.len, changed) != 0)
		goto done;
	kb_log(KB_LOG_DEBUG, "output %s: %s %s", out->name, *changed ? "wrote" : "unchanged", out->path);
	rc = 0;
done:
	kb_buf_free(&b);
	return rc;
}

/* --- atomic replacement --- */

/* mkdir -p dir (modes 0777 less the umask). 0 or -1 with errno. */
static int
make_dirs(const char *dir)
{
	struct stat sb;
	char *p, *s;
	int rc = 0;

	if (stat(dir, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return 0;
		errno = ENOTDIR;
		return -1;
	}
	s = kb_strdup(dir);
	for (p = s + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(s, 0777) != 0 && errno != EEXIST)
				rc = -1;
			else if (stat(s, &sb) != 0)
				rc = -1;
			else if (!S_ISDIR(sb.st_mode)) {
				errno = ENOTDIR;
				rc = -1;
			}
			*p = c;
		}
		if (*p == '\0')
			break;
	}
	free(s);
	return rc;
}

/* 1 when path is a regular file holding exactly data, else 0. */
static int
same_content(const char *path, const void *data, size_t len)
{
	char buf[OUT_IO_CHUNK];
	struct stat sb;
	size_t off = 0;
	ssize_t r;
	int fd, same = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size != (uint64_t)len)
		goto done;
	for (;;) {
		r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto done;
		if (r == 0)
			break;
		if ((size_t)r > len - off || memcmp(buf, (const char *)data + off, (size_t)r) != 0)
			goto done;
		off += (size_t)r;
	}
	same = off == len;
done:
	close(fd);
	return same;
}

/* Remove temporary files ".BASE.tmp.PID.N" left in dir by writers that
 * died (their process no longer exists) before renaming them. */
static void
clean_stale(const char *dir, const char *prefix)
{
	struct dirent *de;
	struct stat sb;
	size_t plen = strlen(prefix);
	DIR *d;

	d = opendir(dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		const char *p;
		char *end;
		long pid;

		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		p = de->d_name + plen;
		errno = 0;
		pid = strtol(p, &end, 10);
		if (errno != 0 || end == p || *end != '.' || pid <= 0 || pid > INT_MAX)
			continue;
		if (pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			kb_log(KB_LOG_INFO, "removed %s/%s left by an interrupted write", dir, de->d_name);
	}
	closedir(d);
}

/* Test hook, for tests/test-output.c only: with KABAR_TEST_WRITE_DELAY_MS
 * set, data is written in OUT_IO_CHUNK pieces with that many
 * milliseconds between them, so that a test can kill a writer in the
 * middle of a file. */
static long
test_write_delay_ms(void)
{
	const char *s = getenv("KABAR_TEST_WRITE_DELAY_MS");
	long long v;

	if (s == NULL || kb_parse_int(s, 0, 10000, &v) != 0)
		return 0;
	return (long)v;
}

static int
write_all(int fd, const char *p, size_t len)
{
	long delay = test_write_delay_ms();
	size_t n;
	ssize_t w;

	while (len > 0) {
		n = len < OUT_IO_CHUNK ? len : OUT_IO_CHUNK;
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= (size_t)w;
		if (delay > 0 && len > 0) {
			struct timespec ts = { delay / 1000, (delay % 1000) * 1000000L };

			while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
				;
		}
	}
	return 0;
}

int
kb_write_atomic(const char *path, const void *data, size_t len, int *changed)
{
	static unsigned counter;
	struct stat sb;
	const char *slash, *base;
	char *dir = NULL, *prefix = NULL, *tmp = NULL;
	mode_t mask;
	int fd = -1, dfd, tries, rc = -1;

	if (changed != NULL)
		*changed = 0;
	if (path == NULL || *path == '\0') {
		kb_log(KB_LOG_ERROR, "cannot write a file: empty path");
		return -1;
	}
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		kb_log(KB_LOG_ERROR, "cannot write %s: not a file name", path);
		return -1;
	}
	if (slash == NULL)
		dir = kb_strdup(".");
	else if (slash == path)
		dir = kb_strdup("/");
	else
		dir = kb_strndup(path, (size_t)(slash - path));
	if (make_dirs(dir) != 0) {
		kb_log(KB_LOG_ERROR, "cannot write %s: cannot create directory %s: %s", path, dir, strerror(errno));
		goto done;
	}
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		kb_log(KB_LOG_ERROR, "cannot write %s: it is a directory", path);
		goto done;
	}
	if (same_content(path, data, len)) {
		rc = 0;
		goto done;
	}
	prefix = kb_asprintf(".%.*s.tmp.", OUT_TMP_BASE_MAX, base);
	clean_stale(dir, prefix);
	for (tries = 0; tries < 100; tries++) {
		free(tmp);
		counter = counter * 1103515245u + 12345u + (unsigned)kb_mono_ms();
		tmp = kb_asprintf("%s/%s%ld.%08x", dir, prefix, (long)getpid(), counter);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM || errno == EROFS)
			kb_log(KB_LOG_ERROR, "cannot write %s: directory %s is not writable: %s", path, dir,
			       strerror(errno));
		else
			kb_log(KB_LOG_ERROR, "cannot write %s: cannot create a temporary file: %s", path,
			       strerror(errno));
		free(tmp);
		tmp = NULL; /* nothing to remove */
		goto done;
	}
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		kb_log(KB_LOG_ERROR, "cannot write %s: %s", path, strerror(errno));
		goto done;
	}
	/* The umask cannot be read without setting it. */
	mask = umask(022);
	umask(mask);
	if (fchmod(fd, 0644 & ~mask) != 0) {
		kb_log(KB_LOG_ERROR, "cannot write %s: chmod: %s", path, strerror(errno));
		goto done;
	}
	if (close(fd) != 0) {
		fd = -1;
		kb_log(KB_LOG_ERROR, "cannot write %s: %s", path, strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		kb_log(KB_LOG_ERROR, "cannot write %s: rename: %s", path, strerror(errno));
		goto done;
	}
	free(tmp);
	tmp = NULL;
	/* Make the rename itself durable. Some file systems cannot sync a
	 * directory (EINVAL): the file is in place all the same. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd) != 0 && errno != EINVAL)
			kb_log(KB_LOG_WARN, "wrote %s but could not sync directory %s: %s", path, dir, strerror(errno));
		close(dfd);
	}
	if (changed != NULL)
		*changed = 1;
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(prefix);
	free(dir);
	return rc;
}
