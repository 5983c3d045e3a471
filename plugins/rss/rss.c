/* rss.c: the bundled feed plugin. Reads RSS 0.90, 0.91-0.94 and 2.0,
 * RSS 1.0 (RDF), Atom 0.3 and 1.0 and JSON Feed 1.0 and 1.1, and emits one
 * item per entry.
 *
 * Written against <kabar/plugin.h> only: it links nothing of kabar and
 * keeps no state between callbacks. Every call to parse() starts from the
 * response alone.
 *
 * Format strings reported with host->feed: "rss2.0", "rss0.94" .. "rss0.91",
 * "rss" (an <rss> element without a known version), "rss1.0", "rss0.90",
 * "atom1.0", "atom0.3", "json1.1", "json1.0".
 *
 * Repeated elements: the first one wins. When several elements can fill
 * one field (pubDate and dc:date), the one named first in the mapping
 * below wins whatever the document order:
 *   id        guid, atom:id, rdf:about, dc:identifier; JSON id
 *   url       link, atom:link rel=alternate (text/html first), a
 *             permalink guid; JSON url, external_url
 *   title     title (HTML in it reduced to text), dc:title, media:title
 *   summary   description, atom:summary, dc:description, itunes:summary,
 *             media:description; JSON summary
 *   content   content:encoded, atom:content, xhtml:body, fullitem; JSON
 *             content_html, content_text
 *   published pubDate, dc:date, dcterms:issued, atom:published/issued,
 *             atom:created (0.3); JSON date_published
 *   updated   atom:updated/modified, dcterms:modified; JSON date_modified
 *   authors   author, dc:creator, atom:author, itunes:author (Atom and
 *             JSON items without one take the feed's authors)
 *   image     media:thumbnail, media:content (image), itunes:image, an
 *             image enclosure; JSON image, banner_image
 *   language  dc:language or xml:lang of the item, else the feed's
 *             (language, dc:language, xml:lang); JSON language
 * Every entry is emitted, as feed parsers keep them. One with no link, id
 * or title gets the id "hash:" and a hash of its content (the core needs
 * one of the three to know it again); an empty one is skipped with a
 * warning. An entry with a web link but no title and no
 * text is emitted partial: the core completes it from the article page.
 * When emit refuses an item (the source's item
 * limit) parsing stops and the callback still succeeds. A body that is
 * not a feed (an HTML page, another XML vocabulary, JSON that is not a
 * JSON Feed) fails with an error "not a feed: ...".
 */
#include <kabar/plugin.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common.h"

#define NS_RDF	   "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS1	   "http://purl.org/rss/1.0/"
#define NS_RSS09   "http://my.netscape.com/rdf/simple/0.9/"
#define NS_ATOM	   "http://www.w3.org/2005/Atom"
#define NS_ATOM03  "http://purl.org/atom/ns#"
#define NS_DC	   "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_MEDIA   "http://search.yahoo.com/mrss/"
#define NS_ITUNES  "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_SY	   "http://purl.org/rss/1.0/modules/syndication/"
#define NS_XHTML   "http://www.w3.org/1999/xhtml"

/* Bounds on what one item carries; the rest is dropped. */
#define MAX_AUTHORS    16
#define MAX_CATEGORIES 64
#define MAX_ENCLOSURES 16
/* Bound on nested media:group / media:content. */
#define MAX_MEDIA_DEPTH 4

enum fmt { F_RSS, F_RDF, F_ATOM, F_ATOM03, F_CDF };

/* A warning about the feed's data (common.h), cut at 511 bytes. */
#define warn(p, ...) kp_warn((p)->h, (p)->ctx, &(p)->n_warnings, 512, __VA_ARGS__)

/* One parse() call. Strings the plugin builds itself live in mem until
 * they are released (per item, and all at the end). */
struct p {
	struct kabar_ctx *ctx;
	const struct kabar_host *h;
	const struct kabar_response *resp;
	struct kabar_doc *doc;
	enum fmt fmt;
	const char *main_ns; /* namespace of the format's own elements */
	const char *lang;    /* the feed's language */
	struct kabar_author feed_authors[MAX_AUTHORS];
	size_t n_feed_authors;
	struct kp_arena mem; /* strings built here; mem.nomem: out of memory */
	long n_emitted;
	long n_skipped;
	long n_warnings;
	int stop; /* the host refused an item: the limit is reached */
};

/* One item being assembled. A field is replaced only by a value from a
 * better (lower) rank, so the first of equals wins. */
struct entry {
	const char *id;
	int id_rank;
	const char *url;
	int url_rank;
	const char *guid;
	int guid_permalink;
	const char *title;
	int title_rank;
	int title_html; /* title is HTML markup */
	const char *summary;
	int summary_rank;
	int summary_html;
	const char *content;
	int content_rank;
	int content_is_text;	  /* content is plain text, not HTML */
	const char *content_base; /* the base URI in effect at the content */
	const char *rss_summary;  /* an RSS item's <summary> */
	const char *content_text;
	int64_t pub;
	int pub_off;
	int pub_rank;
	int64_t upd;
	int upd_off;
	int upd_rank;
	const char *lang;
	const char *image;
	int image_rank;
	const char *comments;
	int comments_rank;
	struct kabar_author authors[MAX_AUTHORS];
	size_t n_authors;
	const char *cats[MAX_CATEGORIES];
	size_t n_cats;
	struct kabar_enclosure encs[MAX_ENCLOSURES];
	size_t n_encs;
};

/* --- small string helpers --- */

/* Namespace URIs compared without case and without a trailing slash
 * (feeds write "http://search.yahoo.com/mrss" and the iTunes URI in mixed
 * case). A NULL want matches only "no namespace". */
static int
ns_is(const char *ns, const char *want)
{
	size_t a, b, i;

	if (ns == NULL || want == NULL)
		return ns == want;
	a = strlen(ns);
	b = strlen(want);
	if (a > 0 && ns[a - 1] == '/')
		a--;
	if (b > 0 && want[b - 1] == '/')
		b--;
	if (a != b)
		return 0;
	for (i = 0; i < a; i++)
		if (lc((unsigned char)ns[i]) != lc((unsigned char)want[i]))
			return 0;
	return 1;
}

/* Does s look like HTML: a tag, a comment or a character reference? */
static int
looks_html(const char *s)
{
	const char *q;

	for (; *s != '\0'; s++) {
		if (*s == '<') {
			int c = (unsigned char)s[1];

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!')
				return 1;
		} else if (*s == '&') {
			q = s + 1;
			if (*q == '#')
				q++;
			while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))
				q++;
			if (*q == ';' && q > s + 1)
				return 1;
		}
	}
	return 0;
}

/* --- strings owned by this parse() call (p->mem) --- */

/* Plain text escaped into HTML, line breaks kept as <br>. */
static const char *
html_escape(struct p *p, const char *s)
{
	size_t n = 0;
	const char *q;
	char *d, *o;

	for (q = s; *q != '\0'; q++) {
		size_t add = *q == '&' ? 5 : (*q == '<' || *q == '>') ? 4 : *q == '\n' ? 5 : 1;

		if (n > SIZE_MAX / 2 - add)
			return NULL;
		n += add;
	}
	d = kp_keep(&p->mem, malloc(n + 1));
	if (d == NULL)
		return NULL;
	o = d;
	for (q = s; *q != '\0'; q++) {
		switch (*q) {
		case '&':
			memcpy(o, "&amp;", 5);
			o += 5;
			break;
		case '<':
			memcpy(o, "&lt;", 4);
			o += 4;
			break;
		case '>':
			memcpy(o, "&gt;", 4);
			o += 4;
			break;
		case '\n':
			memcpy(o, "<br>\n", 5);
			o += 5;
			break;
		default:
			*o++ = *q;
			break;
		}
	}
	*o = '\0';
	return d;
}

/* --- host access --- */

/* The trimmed text of an element (entities and CDATA resolved). */
static const char *
txt(struct p *p, struct kabar_node *n)
{
	const char *s = p->h->xpath_string(p->ctx, p->doc, n, ".");

	if (s == NULL)
		s = p->h->node_text(p->ctx, n);
	return empty(s) ? NULL : s;
}

static const char *
attr(struct p *p, struct kabar_node *n, const char *name)
{
	const char *s = p->h->node_attr(p->ctx, n, name);

	return empty(s) ? NULL : s;
}

/* ref resolved against the base URI in effect at node n (xml:base), or
 * against the response URL when n is NULL. */
static const char *
resolve(struct p *p, struct kabar_node *n, const char *ref)
{
	const char *base = NULL, *s;

	if (empty(ref))
		return NULL;
	while (is_space((unsigned char)*ref))
		ref++;
	if (n != NULL)
		base = p->h->node_base(p->ctx, n);
	s = p->h->resolve_url(p->ctx, base, ref);
	if (s == NULL && base != NULL)
		s = p->h->resolve_url(p->ctx, NULL, ref);
	/* Only web links (and files, when the feed itself is one). */
	if (s != NULL && !is_http_url(s) && !(iprefix(s, "file:") && iprefix(p->h->response_url(p->resp), "file:")))
		return NULL;
	return s;
}

static int
is_el(struct p *p, struct kabar_node *n, const char *ns, const char *name)
{
	return ns_is(p->h->node_ns(n), ns) && streq(p->h->node_name(n), name);
}

static struct kabar_node *
child(struct p *p, struct kabar_node *n, const char *ns, const char *name)
{
	struct kabar_node *c;

	for (c = p->h->node_first_child(n); c != NULL; c = p->h->node_next(c))
		if (is_el(p, c, ns, name))
			return c;
	return NULL;
}

/* --- filling an entry --- */

static void
pick(const char **slot, int *cur, const char *v, int rank)
{
	if (empty(v))
		return;
	if (*slot != NULL && rank >= *cur)
		return;
	*slot = v;
	*cur = rank;
}

/* A title given as HTML (Atom type html or xhtml, media:title
 * type="html") is kept as markup: the core keeps both its text and its
 * sanitized markup. */
static void
pick_title(struct entry *e, const char *v, int is_html, int rank)
{
	if (empty(v) || (e->title != NULL && rank >= e->title_rank))
		return;
	e->title = v;
	e->title_rank = rank;
	e->title_html = is_html;
}

static void
pick_summary(struct entry *e, const char *v, int is_html, int rank)
{
	if (empty(v) || (e->summary != NULL && rank >= e->summary_rank))
		return;
	e->summary = v;
	e->summary_rank = rank;
	e->summary_html = is_html;
}

/* The content s of node n: kept with the base URI its relative URLs
 * resolve against (xml:base, Content-Location, the response URL). */
static void
pick_content(struct p *p, struct entry *e, struct kabar_node *n, const char *s, int is_text, int rank)
{
	if (empty(s) || (e->content != NULL && rank >= e->content_rank))
		return;
	e->content = s;
	e->content_is_text = is_text;
	e->content_rank = rank;
	e->content_base = p->h->node_base(p->ctx, n);
}

/* A date of the given rank replaces one of a worse rank, or one of the
 * same rank when rank is negative (-rank is then the rank: a later Atom
 * date element overrides an earlier one, as in other readers). */
static void
pick_date(struct p *p, int64_t *t, int *off, int *cur, const char *s, int rank)
{
	int64_t utc;
	int o, later = rank < 0;

	if (later)
		rank = -rank;
	if (empty(s) || (*t != KABAR_NO_TIME && (later ? rank > *cur : rank >= *cur)))
		return;
	if (p->h->parse_date(p->ctx, s, &utc, &o) != 0) {
		warn(p, "cannot read date \"%.80s\"", s);
		return;
	}
	*t = utc;
	*off = o;
	*cur = rank;
}

static void
add_category(struct entry *e, const char *s)
{
	kp_add_unique(e->cats, &e->n_cats, MAX_CATEGORIES, s);
}

static int64_t
parse_length(const char *s)
{
	char *end;
	long long v;

	if (empty(s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	while (is_space((unsigned char)*end))
		end++;
	if (errno != 0 || end == s || *end != '\0' || v < 0)
		return -1;
	return (int64_t)v;
}

static void
add_enclosure(struct entry *e, const char *url, const char *type, int64_t length, const char *title)
{
	size_t i;

	if (url == NULL)
		return;
	for (i = 0; i < e->n_encs; i++) {
		if (strcmp(e->encs[i].url, url) == 0) {
			if (e->encs[i].type == NULL)
				e->encs[i].type = type;
			if (e->encs[i].length < 0)
				e->encs[i].length = length;
			return;
		}
	}
	if (e->n_encs == MAX_ENCLOSURES)
		return;
	e->encs[e->n_encs].struct_size = sizeof(struct kabar_enclosure);
	e->encs[e->n_encs].url = url;
	e->encs[e->n_encs].type = type;
	e->encs[e->n_encs].length = length;
	e->encs[e->n_encs].title = title;
	e->n_encs++;
}

static void
add_author(struct kabar_author *list, size_t *n, const char *name, const char *email, const char *url)
{
	size_t i;

	if (empty(name))
		name = NULL;
	if (empty(email))
		email = NULL;
	if (empty(url))
		url = NULL;
	if (name == NULL && email == NULL && url == NULL)
		return;
	for (i = 0; i < *n; i++) {
		struct kabar_author *a = &list[i];

		if ((name != NULL && streq(a->name, name)) ||
		    (email != NULL && a->email != NULL && ieq(a->email, email))) {
			if (a->name == NULL)
				a->name = name;
			if (a->email == NULL)
				a->email = email;
			if (a->url == NULL)
				a->url = url;
			return;
		}
	}
	if (*n == MAX_AUTHORS)
		return;
	list[*n].struct_size = sizeof(struct kabar_author);
	list[*n].name = name;
	list[*n].email = email;
	list[*n].url = url;
	(*n)++;
}

/* An author as RSS writes it: "email (Name)", "Name <email>", an address
 * alone or a name alone. */
static void
add_author_str(struct p *p, struct kabar_author *list, size_t *n, const char *s)
{
	const char *open, *close, *name = NULL, *email = NULL;
	size_t len;

	s = kp_oneline(&p->mem, s);
	if (empty(s))
		return;
	if (iprefix(s, "mailto:"))
		s += 7;
	len = strlen(s);
	open = strchr(s, '(');
	close = len > 0 && s[len - 1] == ')' ? s + len - 1 : NULL;
	if (open != NULL && close != NULL && open < close && open > s && memchr(s, '@', (size_t)(open - s)) != NULL) {
		email = kp_dupn(&p->mem, s, (size_t)(open - s));
		name = kp_dupn(&p->mem, open + 1, (size_t)(close - open - 1));
	} else if (open != NULL && close != NULL && open < close && open > s &&
		   memchr(open, '@', (size_t)(close - open)) != NULL &&
		   memchr(open + 1, '(', (size_t)(close - open - 1)) == NULL &&
		   memchr(s, '@', (size_t)(open - s)) == NULL) {
		/* "Name (email)" */
		name = kp_dupn(&p->mem, s, (size_t)(open - s));
		email = kp_dupn(&p->mem, open + 1, (size_t)(close - open - 1));
	} else if ((open = strchr(s, '<')) != NULL && len > 0 && s[len - 1] == '>' &&
		   memchr(open, '@', len - (size_t)(open - s)) != NULL) {
		name = kp_dupn(&p->mem, s, (size_t)(open - s));
		email = kp_dupn(&p->mem, open + 1, len - (size_t)(open - s) - 2);
	} else if (strchr(s, '@') != NULL && strchr(s, ' ') == NULL) {
		email = s;
	} else {
		name = s;
	}
	name = kp_oneline(&p->mem, name);
	email = kp_oneline(&p->mem, email);
	if (email != NULL && iprefix(email, "mailto:"))
		email += 7;
	if (name != NULL && name[0] == '"' && strlen(name) >= 2 && name[strlen(name) - 1] == '"')
		name = kp_dupn(&p->mem, name + 1, strlen(name) - 2);
	add_author(list, n, name, email, NULL);
}

/* An Atom person construct (name, email, uri; url or homepage in Atom
 * 0.3). */
static void
add_atom_person(struct p *p, struct kabar_author *list, size_t *n, struct kabar_node *node)
{
	struct kabar_node *c;
	const char *name = NULL, *email = NULL, *url = NULL;

	for (c = p->h->node_first_child(node); c != NULL; c = p->h->node_next(c)) {
		const char *cn = p->h->node_name(c);

		if (!ns_is(p->h->node_ns(c), p->h->node_ns(node)))
			continue;
		if (streq(cn, "name") && name == NULL)
			name = kp_oneline(&p->mem, txt(p, c));
		else if (streq(cn, "email") && email == NULL)
			email = txt(p, c);
		else if ((streq(cn, "uri") || streq(cn, "url") || streq(cn, "homepage")) && url == NULL)
			url = resolve(p, c, txt(p, c));
	}
	if (name == NULL && email == NULL && url == NULL) {
		/* Some feeds write <author>Name</author> in Atom too. */
		add_author_str(p, list, n, txt(p, node));
		return;
	}
	add_author(list, n, name, email, url);
}

/* --- Atom text constructs --- */

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* s decoded from base64 (white space ignored), or NULL when it is not
 * base64 or the result is not text (a NUL byte). */
static const char *
base64_text(struct p *p, const char *s)
{
	size_t n = strlen(s), o = 0;
	unsigned long acc = 0;
	int bits = 0, v;
	char *d;

	d = kp_keep(&p->mem, malloc(n / 4 * 3 + 4));
	if (d == NULL)
		return NULL;
	for (; *s != '\0'; s++) {
		if (is_space((unsigned char)*s))
			continue;
		if (*s == '=')
			break;
		v = b64val((unsigned char)*s);
		if (v < 0)
			return NULL;
		acc = (acc << 6 | (unsigned long)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			d[o] = (char)((acc >> bits) & 0xff);
			if (d[o] == '\0')
				return NULL;
			o++;
		}
	}
	d[o] = '\0';
	return empty(d) ? NULL : d;
}

/* The value of an Atom text construct (title, summary, content,
 * subtitle). *is_html is set when the value is HTML. NULL when empty or
 * not text (out-of-line content, binary). Base64 (Atom 0.3's
 * mode="base64", Atom 1.0's content of a non-text type) is decoded and
 * kept when it is text: HTML when it looks like HTML. */
static const char *inner_trimmed(struct p *p, struct kabar_node *n);

static const char *
atom_text(struct p *p, struct kabar_node *n, int *is_html)
{
	const char *type = attr(p, n, "type"), *mode = attr(p, n, "mode");
	struct kabar_node *c;

	*is_html = 0;
	if (attr(p, n, "src") != NULL)
		return NULL;
	if (ieq(mode, "base64") || (type != NULL && strchr(type, '/') != NULL && !iprefix(type, "text/") &&
				    !ieq(type, "application/xhtml+xml") && !icontains(type, strlen(type), "xml"))) {
		const char *s = txt(p, n);

		s = s != NULL ? base64_text(p, s) : NULL;
		if (s == NULL)
			return NULL;
		*is_html = ieq(type, "html") || ieq(type, "text/html") || looks_html(s);
		return s;
	}
	if (ieq(type, "xhtml") || ieq(type, "application/xhtml+xml") || (ieq(mode, "xml") && ieq(type, "text/html"))) {
		const char *s;

		*is_html = 1;
		/* Atom 1.0 wraps XHTML in a div that is not part of the
		 * content; Atom 0.3 has no such wrapper. */
		c = p->h->node_first_child(n);
		if (p->fmt != F_ATOM03 && c != NULL && streq(p->h->node_name(c), "div") &&
		    ns_is(p->h->node_ns(c), NS_XHTML) && p->h->node_next(c) == NULL)
			s = p->h->node_inner_xml(p->ctx, c);
		else
			s = p->h->node_inner_xml(p->ctx, n);
		return empty(s) ? NULL : s;
	}
	if (ieq(type, "html") || ieq(type, "text/html")) {
		*is_html = 1;
		return txt(p, n);
	}
	if (type == NULL || iprefix(type, "text")) {
		/* Text with elements in it is markup written without its
		 * type: keep the markup rather than lose it. */
		if (p->h->node_first_child(n) != NULL) {
			const char *s = inner_trimmed(p, n);

			*is_html = s != NULL;
			return s;
		}
		return txt(p, n);
	}
	return NULL;
}

/* The inner XML of n (an XHTML <body>) without the white space around
 * it, or NULL when empty. */
static const char *
inner_trimmed(struct p *p, struct kabar_node *n)
{
	const char *s = p->h->node_inner_xml(p->ctx, n);
	size_t len;

	if (s == NULL)
		return NULL;
	s = kp_trim(s, &len);
	return len > 0 ? kp_dupn(&p->mem, s, len) : NULL;
}

/* A title: plain text on one line. */
static const char *
title_text(struct p *p, const char *s, int is_html)
{
	if (s == NULL)
		return NULL;
	if (is_html || looks_html(s))
		s = p->h->html_to_text(p->ctx, s);
	return kp_oneline(&p->mem, s);
}

/* --- one item --- */

static void
entry_init(struct entry *e)
{
	memset(e, 0, sizeof(*e));
	e->pub = KABAR_NO_TIME;
	e->upd = KABAR_NO_TIME;
}

static void media_child(struct p *p, struct entry *e, struct kabar_node *n, int depth);

static void
media_content(struct p *p, struct entry *e, struct kabar_node *n, int depth)
{
	const char *url = resolve(p, n, attr(p, n, "url"));
	const char *type = attr(p, n, "type"), *medium = attr(p, n, "medium");
	struct kabar_node *c;

	if (ieq(medium, "image") || iprefix(type, "image/"))
		pick(&e->image, &e->image_rank, url, 2);
	else
		add_enclosure(e, url, type, parse_length(attr(p, n, "fileSize")), NULL);
	if (depth < MAX_MEDIA_DEPTH)
		for (c = p->h->node_first_child(n); c != NULL; c = p->h->node_next(c))
			if (ns_is(p->h->node_ns(c), NS_MEDIA))
				media_child(p, e, c, depth + 1);
}

static void
media_child(struct p *p, struct entry *e, struct kabar_node *n, int depth)
{
	const char *name = p->h->node_name(n);
	struct kabar_node *c;

	if (streq(name, "thumbnail")) {
		pick(&e->image, &e->image_rank, resolve(p, n, attr(p, n, "url")), 1);
	} else if (streq(name, "content")) {
		media_content(p, e, n, depth);
	} else if (streq(name, "group")) {
		if (depth < MAX_MEDIA_DEPTH)
			for (c = p->h->node_first_child(n); c != NULL; c = p->h->node_next(c))
				if (ns_is(p->h->node_ns(c), NS_MEDIA))
					media_child(p, e, c, depth + 1);
	} else if (streq(name, "title")) {
		if (ieq(attr(p, n, "type"), "html"))
			pick_title(e, txt(p, n), 1, 30);
		else
			pick_title(e, title_text(p, txt(p, n), 0), 0, 30);
	} else if (streq(name, "description")) {
		int html = ieq(attr(p, n, "type"), "html");
		const char *s = txt(p, n);

		pick_summary(e, s, html || (s != NULL && looks_html(s)), 30);
	}
}

/* An Atom link (in Atom entries, or atom:link in RSS items). */
static void
atom_link(struct p *p, struct entry *e, struct kabar_node *n, int r)
{
	const char *rel = attr(p, n, "rel"), *type = attr(p, n, "type"), *href = attr(p, n, "href");
	const char *url;

	/* Some Atom 0.3 feeds write the URL as the element's text. */
	if (href == NULL)
		href = txt(p, n);
	url = resolve(p, n, href);

	if (url == NULL)
		return;
	if (rel == NULL || ieq(rel, "alternate") || ieq(rel, "http://www.iana.org/assignments/relation/alternate")) {
		/* An explicit HTML type first, then no type, then the rest. */
		int rank = (ieq(type, "text/html") || ieq(type, "application/xhtml+xml")) ? r
			   : type == NULL						  ? r + 1
											  : r + 2;

		pick(&e->url, &e->url_rank, url, rank);
	} else if (ieq(rel, "enclosure")) {
		add_enclosure(e, url, type, parse_length(attr(p, n, "length")), attr(p, n, "title"));
		if (iprefix(type, "image/"))
			pick(&e->image, &e->image_rank, url, 4);
	} else if (ieq(rel, "replies") && (type == NULL || ieq(type, "text/html"))) {
		pick(&e->comments, &e->comments_rank, url, r);
	}
}

/* An element of an Atom entry; r is the base rank (Atom elements in an
 * RSS item rank after the RSS ones). */
static void
atom_child(struct p *p, struct entry *e, struct kabar_node *n, int r)
{
	const char *name = p->h->node_name(n), *s;
	int html;

	if (streq(name, "title")) {
		s = atom_text(p, n, &html);
		pick_title(e, html ? s : kp_oneline(&p->mem, s), html, r);
	} else if (streq(name, "link")) {
		atom_link(p, e, n, r);
	} else if (streq(name, "id")) {
		/* An id must be an absolute IRI; a path is read against the
		 * base in effect, as for links. */
		const char *id = txt(p, n);

		const char *abs = id != NULL && id[0] == '/' && id[1] != '/' ? resolve(p, n, id) : NULL;

		pick(&e->id, &e->id_rank, abs != NULL ? abs : id, r);
	} else if (streq(name, "published") || streq(name, "issued")) {
		pick_date(p, &e->pub, &e->pub_off, &e->pub_rank, txt(p, n), -r);
	} else if (streq(name, "created")) {
		pick_date(p, &e->pub, &e->pub_off, &e->pub_rank, txt(p, n), r + 5);
	} else if (streq(name, "updated") || streq(name, "modified")) {
		pick_date(p, &e->upd, &e->upd_off, &e->upd_rank, txt(p, n), -r);
	} else if (streq(name, "summary")) {
		s = atom_text(p, n, &html);
		pick_summary(e, s, html, r);
	} else if (streq(name, "content")) {
		/* Text content stays text. */
		s = atom_text(p, n, &html);
		pick_content(p, e, n, s, !html, r);
	} else if (streq(name, "author")) {
		add_atom_person(p, e->authors, &e->n_authors, n);
	} else if (streq(name, "category")) {
		s = attr(p, n, "label");
		add_category(e, kp_oneline(&p->mem, s != NULL ? s : attr(p, n, "term")));
	}
}

/* Extension elements shared by every XML format. */
static void
ext_child(struct p *p, struct entry *e, struct kabar_node *n)
{
	const char *ns = p->h->node_ns(n), *name = p->h->node_name(n), *s;

	if (ns == NULL)
		return;
	if (ns_is(ns, NS_DC)) {
		if (streq(name, "creator") || streq(name, "author"))
			add_author_str(p, e->authors, &e->n_authors, txt(p, n));
		else if (streq(name, "date"))
			pick_date(p, &e->pub, &e->pub_off, &e->pub_rank, txt(p, n), 2);
		else if (streq(name, "subject"))
			add_category(e, kp_oneline(&p->mem, txt(p, n)));
		else if (streq(name, "title"))
			pick_title(e, title_text(p, txt(p, n), 0), 0, 20);
		else if (streq(name, "description")) {
			s = txt(p, n);
			pick_summary(e, s, s != NULL && looks_html(s), 20);
		} else if (streq(name, "language")) {
			if (e->lang == NULL)
				e->lang = txt(p, n);
		} else if (streq(name, "identifier")) {
			pick(&e->id, &e->id_rank, txt(p, n), 20);
		}
	} else if (ns_is(ns, NS_DCTERMS)) {
		if (streq(name, "modified"))
			pick_date(p, &e->upd, &e->upd_off, &e->upd_rank, txt(p, n), 3);
		else if (streq(name, "issued") || streq(name, "created"))
			pick_date(p, &e->pub, &e->pub_off, &e->pub_rank, txt(p, n), 3);
	} else if (ns_is(ns, NS_CONTENT)) {
		if (streq(name, "encoded"))
			pick_content(p, e, n, txt(p, n), 0, 1);
	} else if (ns_is(ns, NS_XHTML)) {
		/* <xhtml:body>: the item's content as XHTML */
		if (streq(name, "body")) {
			s = inner_trimmed(p, n);
			pick_content(p, e, n, s, 0, 2);
		}
	} else if (ns_is(ns, NS_MEDIA)) {
		media_child(p, e, n, 0);
	} else if (ns_is(ns, NS_ITUNES)) {
		if (streq(name, "author"))
			add_author_str(p, e->authors, &e->n_authors, txt(p, n));
		else if (streq(name, "image"))
			pick(&e->image, &e->image_rank, resolve(p, n, attr(p, n, "href")), 3);
		else if (streq(name, "summary"))
			pick_summary(e, txt(p, n), 0, 25);
	} else if (ns_is(ns, NS_ATOM) && p->fmt != F_ATOM) {
		atom_child(p, e, n, 10);
	}
}

/* An element of an RSS 0.9x/2.0 item or an RSS 1.0 item. */
static void
rss_child(struct p *p, struct entry *e, struct kabar_node *n)
{
	const char *name = p->h->node_name(n), *s;

	if (!ns_is(p->h->node_ns(n), p->main_ns)) {
		ext_child(p, e, n);
		return;
	}
	if (ieq(name, "title")) {
		pick_title(e, title_text(p, txt(p, n), 0), 0, 1);
	} else if (ieq(name, "link")) {
		s = txt(p, n);
		if (s != NULL)
			pick(&e->url, &e->url_rank, resolve(p, n, s), 1);
		else if (attr(p, n, "href") != NULL)
			atom_link(p, e, n, 2); /* <link href=".."/> written Atom-style */
	} else if (ieq(name, "description")) {
		s = txt(p, n);
		pick_summary(e, s, s != NULL && looks_html(s), 1);
	} else if (ieq(name, "guid")) {
		if (e->guid == NULL) {
			e->guid = txt(p, n);
			s = attr(p, n, "isPermaLink");
			e->guid_permalink = s == NULL || ieq(s, "true");
		}
	} else if (ieq(name, "pubDate")) {
		pick_date(p, &e->pub, &e->pub_off, &e->pub_rank, txt(p, n), 1);
	} else if (ieq(name, "author")) {
		add_author_str(p, e->authors, &e->n_authors, txt(p, n));
	} else if (ieq(name, "category")) {
		add_category(e, kp_oneline(&p->mem, txt(p, n)));
	} else if (ieq(name, "enclosure")) {
		const char *url = resolve(p, n, attr(p, n, "url"));
		const char *type = attr(p, n, "type");

		add_enclosure(e, url, type, parse_length(attr(p, n, "length")), NULL);
		if (iprefix(type, "image/"))
			pick(&e->image, &e->image_rank, url, 4);
	} else if (ieq(name, "comments")) {
		pick(&e->comments, &e->comments_rank, resolve(p, n, txt(p, n)), 1);
	} else if (ieq(name, "body")) {
		/* <body> of XHTML written without its namespace */
		pick_content(p, e, n, inner_trimmed(p, n), 0, 2);
	} else if (ieq(name, "summary")) {
		/* Not RSS, but common: the summary beside a description, else
		 * the summary itself (settled in entry_emit). */
		if (e->rss_summary == NULL)
			e->rss_summary = txt(p, n);
	} else if (ieq(name, "fullitem")) {
		/* Netscape's RSS 0.9x extension: the item's full HTML */
		pick_content(p, e, n, txt(p, n), 0, 3);
	}
}

static uint64_t
fnv1a(uint64_t h, const char *s)
{
	if (s != NULL)
		for (; *s != '\0'; s++) {
			h ^= (unsigned char)*s;
			h *= 0x100000001b3ULL;
		}
	h ^= 0xff; /* field separator: no byte of UTF-8 text */
	h *= 0x100000001b3ULL;
	return h;
}

/* An id for an entry with no link, id or title: "hash:" and a hash of its
 * text, dates, authors, enclosures and categories, the same on every run.
 * NULL when the entry has none of them. */
static const char *
content_id(struct p *p, const struct entry *e)
{
	char num[32], *id;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;
	int any = 0;

	any = e->summary != NULL || e->content != NULL || e->content_text != NULL || e->pub != KABAR_NO_TIME ||
	      e->upd != KABAR_NO_TIME || e->n_authors > 0 || e->n_encs > 0 || e->n_cats > 0 || e->image != NULL;
	if (!any)
		return NULL;
	h = fnv1a(h, e->summary);
	h = fnv1a(h, e->content);
	h = fnv1a(h, e->content_text);
	snprintf(num, sizeof(num), "%lld", (long long)e->pub);
	h = fnv1a(h, num);
	snprintf(num, sizeof(num), "%lld", (long long)e->upd);
	h = fnv1a(h, num);
	for (i = 0; i < e->n_authors; i++) {
		h = fnv1a(h, e->authors[i].name);
		h = fnv1a(h, e->authors[i].email);
		h = fnv1a(h, e->authors[i].url);
	}
	for (i = 0; i < e->n_encs; i++)
		h = fnv1a(h, e->encs[i].url);
	for (i = 0; i < e->n_cats; i++)
		h = fnv1a(h, e->cats[i]);
	h = fnv1a(h, e->image);
	id = kp_keep(&p->mem, malloc(32));
	if (id == NULL)
		return NULL;
	snprintf(id, 32, "hash:%016llx", (unsigned long long)h);
	return id;
}

/* Hand the entry to the host. Sets p->stop when the host refuses it. */
static void
entry_emit(struct p *p, struct entry *e)
{
	struct kabar_item it;
	const struct kabar_author *ap[MAX_AUTHORS];
	const struct kabar_enclosure *ep[MAX_ENCLOSURES];
	size_t i;
	int partial;

	if (p->mem.nomem)
		return;
	if (e->rss_summary != NULL) {
		if (e->summary == NULL)
			pick_summary(e, e->rss_summary, looks_html(e->rss_summary), 30);
		else if (e->content == NULL)
			e->content = looks_html(e->rss_summary) ? e->rss_summary : html_escape(p, e->rss_summary);
	}
	if (e->guid != NULL) {
		int url_like = is_http_url(e->guid);

		pick(&e->id, &e->id_rank, e->guid, 0);
		if (e->guid_permalink && url_like) {
			const char *u = resolve(p, NULL, e->guid);

			pick(&e->url, &e->url_rank, u, 50);
		}
	}
	/* The core needs a link, an id or a title to know the item by; an
	 * entry with none (RSS allows a description alone) is known by a
	 * hash of what it has. */
	if (e->url == NULL && e->id == NULL && e->title == NULL)
		e->id = content_id(p, e);
	if (e->url == NULL && e->id == NULL && e->title == NULL) {
		warn(p, "skipping an empty item");
		p->n_skipped++;
		return;
	}
	/* A link alone (no title, no text): the core completes the item
	 * from its article page. */
	partial = e->title == NULL && e->summary == NULL && e->content == NULL && e->content_text == NULL &&
		  e->url != NULL && is_http_url(e->url);
	memset(&it, 0, sizeof(it));
	it.struct_size = sizeof(it);
	it.id = e->id;
	it.url = e->url;
	it.title = e->title;
	it.title_is_html = e->title_html;
	it.summary = e->summary;
	it.summary_is_html = e->summary_html;
	if (e->content_is_text) {
		it.content_text = e->content;
	} else {
		it.content_html = e->content;
		it.content_text = e->content_text;
	}
	it.published = e->pub;
	it.published_offset = e->pub_off;
	it.updated = e->upd;
	it.updated_offset = e->upd_off;
	it.language = e->lang != NULL ? e->lang : p->lang;
	it.image = e->image;
	if (e->n_authors == 0 && (p->fmt == F_ATOM || p->fmt == F_ATOM03)) {
		it.authors = kp_author_ptrs(ap, p->feed_authors, p->n_feed_authors);
		it.n_authors = p->n_feed_authors;
	} else {
		it.authors = kp_author_ptrs(ap, e->authors, e->n_authors);
		it.n_authors = e->n_authors;
	}
	it.categories = e->n_cats ? e->cats : NULL;
	it.n_categories = e->n_cats;
	for (i = 0; i < e->n_encs; i++)
		ep[i] = &e->encs[i];
	it.enclosures = e->n_encs ? ep : NULL;
	it.n_enclosures = e->n_encs;
	it.comments_url = e->comments;
	it.id_is_permalink = e->guid != NULL && e->guid_permalink && is_http_url(e->guid);
	it.base = e->content_base;
	if (kp_emit(p->h, p->ctx, &it, partial) != 0) {
		p->stop = 1;
		return;
	}
	p->n_emitted++;
}

/* An attribute of a CDF element, written in capitals or not. */
static const char *
cdf_attr(struct p *p, struct kabar_node *n, const char *upper, const char *lower)
{
	const char *s = attr(p, n, upper);

	return s != NULL ? s : attr(p, n, lower);
}

/* A Microsoft CDF <ITEM>: HREF and LASTMOD attributes, <TITLE> and
 * <ABSTRACT> children. */
static void
cdf_item(struct p *p, struct entry *e, struct kabar_node *n)
{
	struct kabar_node *c;
	const char *name, *s;

	pick(&e->url, &e->url_rank, resolve(p, n, cdf_attr(p, n, "HREF", "href")), 1);
	pick_date(p, &e->upd, &e->upd_off, &e->upd_rank, cdf_attr(p, n, "LASTMOD", "lastmod"), 1);
	for (c = p->h->node_first_child(n); c != NULL; c = p->h->node_next(c)) {
		name = p->h->node_name(c);
		if (p->h->node_ns(c) != NULL && !empty(p->h->node_ns(c))) {
			ext_child(p, e, c);
		} else if (ieq(name, "title")) {
			pick_title(e, title_text(p, txt(p, c), 0), 0, 1);
		} else if (ieq(name, "abstract")) {
			s = txt(p, c);
			pick_summary(e, s, s != NULL && looks_html(s), 1);
		}
	}
}

static void
xml_item(struct p *p, struct kabar_node *n)
{
	struct entry e;
	struct kabar_node *c;
	size_t mark = p->mem.n;
	const char *s;

	entry_init(&e);
	if (p->fmt == F_RDF)
		pick(&e.id, &e.id_rank, attr(p, n, "about"), 5);
	if (p->fmt == F_ATOM || p->fmt == F_ATOM03) {
		s = attr(p, n, "lang");
		if (s != NULL)
			e.lang = s;
	}
	if (p->fmt == F_CDF)
		cdf_item(p, &e, n);
	for (c = p->h->node_first_child(n); c != NULL && !p->mem.nomem && p->fmt != F_CDF; c = p->h->node_next(c)) {
		if (p->fmt == F_ATOM || p->fmt == F_ATOM03) {
			if (ns_is(p->h->node_ns(c), p->main_ns))
				atom_child(p, &e, c, 1);
			else
				ext_child(p, &e, c);
		} else {
			rss_child(p, &e, c);
		}
	}
	entry_emit(p, &e);
	kp_release(&p->mem, mark);
}

/* --- feed level --- */

/* The feed's update interval from sy:updatePeriod and updateFrequency. */
static int64_t
sy_ttl(const char *period, const char *freq)
{
	int64_t secs;
	long f = 1;

	if (period == NULL)
		return 0;
	if (ieq(period, "hourly"))
		secs = 3600;
	else if (ieq(period, "daily"))
		secs = 86400;
	else if (ieq(period, "weekly"))
		secs = 7 * 86400;
	else if (ieq(period, "monthly"))
		secs = 30 * 86400;
	else if (ieq(period, "yearly"))
		secs = 365 * 86400;
	else
		return 0;
	if (freq != NULL) {
		char *end;

		errno = 0;
		f = strtol(freq, &end, 10);
		if (errno != 0 || end == freq || *end != '\0' || f < 1 || f > 1000000)
			f = 1;
	}
	return secs / f;
}

static int64_t
rss_ttl(const char *s)
{
	char *end;
	long long v;

	if (s == NULL)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v <= 0 || v > 525600LL * 10)
		return 0;
	return (int64_t)v * 60;
}

struct feedfacts {
	const char *title, *link, *desc, *lang, *icon, *ttl, *sy_period, *sy_freq;
	int link_rank, icon_rank, desc_rank;
	int title_html; /* title is HTML markup */
};

static void
report_feed(struct p *p, struct feedfacts *ff, const char *format)
{
	struct kabar_feed f;
	const struct kabar_author *ap[MAX_AUTHORS];

	memset(&f, 0, sizeof(f));
	f.struct_size = sizeof(f);
	f.title = ff->title;
	f.title_is_html = ff->title_html;
	f.home_page_url = ff->link;
	f.description = ff->desc;
	f.language = ff->lang;
	f.icon = ff->icon;
	f.authors = kp_author_ptrs(ap, p->feed_authors, p->n_feed_authors);
	f.n_authors = p->n_feed_authors;
	f.ttl = rss_ttl(ff->ttl);
	if (f.ttl == 0)
		f.ttl = sy_ttl(ff->sy_period, ff->sy_freq);
	f.format = format;
	p->h->feed(p->ctx, &f);
	p->lang = ff->lang;
}

/* Feed-level extension elements (channel or feed children). */
static void
feed_ext(struct p *p, struct feedfacts *ff, struct kabar_node *c)
{
	const char *ns = p->h->node_ns(c), *name = p->h->node_name(c);

	if (ns_is(ns, NS_DC)) {
		if (streq(name, "language") && ff->lang == NULL)
			ff->lang = txt(p, c);
		else if (streq(name, "creator"))
			add_author_str(p, p->feed_authors, &p->n_feed_authors, txt(p, c));
		else if (streq(name, "title") && ff->title == NULL)
			ff->title = title_text(p, txt(p, c), 0);
	} else if (ns_is(ns, NS_SY)) {
		if (streq(name, "updatePeriod") && ff->sy_period == NULL)
			ff->sy_period = txt(p, c);
		else if (streq(name, "updateFrequency") && ff->sy_freq == NULL)
			ff->sy_freq = txt(p, c);
	} else if (ns_is(ns, NS_ITUNES)) {
		if (streq(name, "author"))
			add_author_str(p, p->feed_authors, &p->n_feed_authors, txt(p, c));
		else if (streq(name, "image"))
			pick(&ff->icon, &ff->icon_rank, resolve(p, c, attr(p, c, "href")), 5);
	}
}

static void
rss_channel(struct p *p, struct feedfacts *ff, struct kabar_node *ch)
{
	struct kabar_node *c, *u;
	const char *name, *s;

	for (c = p->h->node_first_child(ch); c != NULL; c = p->h->node_next(c)) {
		if (!ns_is(p->h->node_ns(c), p->main_ns)) {
			feed_ext(p, ff, c);
			continue;
		}
		name = p->h->node_name(c);
		if (ieq(name, "title") && ff->title == NULL) {
			ff->title = title_text(p, txt(p, c), 0);
		} else if (ieq(name, "link")) {
			pick(&ff->link, &ff->link_rank, resolve(p, c, txt(p, c)), 1);
		} else if (ieq(name, "description") && ff->desc == NULL) {
			s = txt(p, c);
			if (s != NULL && looks_html(s))
				s = p->h->html_to_text(p->ctx, s);
			ff->desc = s;
		} else if (ieq(name, "language") && ff->lang == NULL) {
			ff->lang = txt(p, c);
		} else if (ieq(name, "ttl") && ff->ttl == NULL) {
			ff->ttl = txt(p, c);
		} else if (ieq(name, "managingEditor")) {
			add_author_str(p, p->feed_authors, &p->n_feed_authors, txt(p, c));
		} else if (ieq(name, "image")) {
			u = child(p, c, p->main_ns, "url");
			if (u != NULL)
				pick(&ff->icon, &ff->icon_rank, resolve(p, u, txt(p, u)), 1);
			else
				pick(&ff->icon, &ff->icon_rank, resolve(p, c, attr(p, c, "resource")), 2);
		}
	}
}

static int
parse_rss(struct p *p, struct kabar_node *root, const char *format)
{
	struct feedfacts ff;
	struct kabar_node *ch, *c;
	struct kabar_node *parents[2];
	size_t i;

	memset(&ff, 0, sizeof(ff));
	ch = child(p, root, p->main_ns, "channel");
	if (ch != NULL)
		rss_channel(p, &ff, ch);
	else
		warn(p, "feed has no <channel> element");
	/* RSS 1.0 puts image and items beside the channel. */
	if (p->fmt == F_RDF) {
		c = child(p, root, p->main_ns, "image");
		if (c != NULL) {
			struct kabar_node *u = child(p, c, p->main_ns, "url");

			if (u != NULL)
				pick(&ff.icon, &ff.icon_rank, resolve(p, u, txt(p, u)), 0);
		}
	}
	if (p->mem.nomem)
		return -1;
	report_feed(p, &ff, format);
	parents[0] = ch;
	parents[1] = root;
	for (i = 0; i < 2 && !p->stop && !p->mem.nomem; i++) {
		if (parents[i] == NULL)
			continue;
		for (c = p->h->node_first_child(parents[i]); c != NULL && !p->stop && !p->mem.nomem;
		     c = p->h->node_next(c))
			if (is_el(p, c, p->main_ns, "item"))
				xml_item(p, c);
	}
	return p->mem.nomem ? -1 : 0;
}

/* Microsoft's Channel Definition Format: <CHANNEL HREF=".."> with
 * <TITLE>, <ABSTRACT> and <ITEM>s, also in nested channels (to a small
 * depth). */
static void
cdf_channel(struct p *p, struct kabar_node *ch, int depth)
{
	struct kabar_node *c;
	const char *name;

	for (c = p->h->node_first_child(ch); c != NULL && !p->stop && !p->mem.nomem; c = p->h->node_next(c)) {
		name = p->h->node_name(c);
		if (!empty(p->h->node_ns(c)))
			continue;
		if (ieq(name, "item"))
			xml_item(p, c);
		else if (ieq(name, "channel") && depth < 4)
			cdf_channel(p, c, depth + 1);
	}
}

static int
parse_cdf(struct p *p, struct kabar_node *root)
{
	struct feedfacts ff;
	struct kabar_node *c;
	const char *name, *s;

	memset(&ff, 0, sizeof(ff));
	ff.link = resolve(p, root, cdf_attr(p, root, "HREF", "href"));
	for (c = p->h->node_first_child(root); c != NULL; c = p->h->node_next(c)) {
		name = p->h->node_name(c);
		if (!empty(p->h->node_ns(c)))
			continue;
		if (ieq(name, "title") && ff.title == NULL) {
			ff.title = title_text(p, txt(p, c), 0);
		} else if (ieq(name, "abstract") && ff.desc == NULL) {
			s = txt(p, c);
			if (s != NULL && looks_html(s))
				s = p->h->html_to_text(p->ctx, s);
			ff.desc = s;
		}
	}
	if (p->mem.nomem)
		return -1;
	report_feed(p, &ff, "cdf");
	cdf_channel(p, root, 0);
	return p->mem.nomem ? -1 : 0;
}

static int
parse_atom(struct p *p, struct kabar_node *root, const char *format)
{
	struct feedfacts ff;
	struct kabar_node *c;
	const char *name, *s, *rel, *type;
	int html;

	memset(&ff, 0, sizeof(ff));
	ff.lang = attr(p, root, "lang");
	for (c = p->h->node_first_child(root); c != NULL; c = p->h->node_next(c)) {
		if (!ns_is(p->h->node_ns(c), p->main_ns)) {
			feed_ext(p, &ff, c);
			continue;
		}
		name = p->h->node_name(c);
		if (streq(name, "title") && ff.title == NULL) {
			s = atom_text(p, c, &html);
			ff.title = html ? s : kp_oneline(&p->mem, s);
			ff.title_html = html;
		} else if ((streq(name, "subtitle") || streq(name, "tagline")) && ff.desc == NULL) {
			s = atom_text(p, c, &html);
			ff.desc = html && s != NULL ? p->h->html_to_text(p->ctx, s) : s;
		} else if (streq(name, "link")) {
			rel = attr(p, c, "rel");
			type = attr(p, c, "type");
			if (rel == NULL || ieq(rel, "alternate"))
				pick(&ff.link, &ff.link_rank, resolve(p, c, attr(p, c, "href")),
				     ieq(type, "text/html") ? 1
				     : type == NULL	    ? 2
							    : 3);
		} else if (streq(name, "icon")) {
			pick(&ff.icon, &ff.icon_rank, resolve(p, c, txt(p, c)), 1);
		} else if (streq(name, "logo")) {
			pick(&ff.icon, &ff.icon_rank, resolve(p, c, txt(p, c)), 2);
		} else if (streq(name, "author")) {
			add_atom_person(p, p->feed_authors, &p->n_feed_authors, c);
		}
	}
	if (p->mem.nomem)
		return -1;
	report_feed(p, &ff, format);
	for (c = p->h->node_first_child(root); c != NULL && !p->stop && !p->mem.nomem; c = p->h->node_next(c))
		if (is_el(p, c, p->main_ns, "entry"))
			xml_item(p, c);
	return p->mem.nomem ? -1 : 0;
}

/* --- JSON Feed --- */

/* A non-empty string member, or NULL. */
static const char *
jstr(struct p *p, struct kabar_json *obj, const char *key)
{
	struct kabar_json *v = p->h->json_get(obj, key);
	const char *s;

	if (v == NULL || p->h->json_type(v) != 3)
		return NULL;
	s = p->h->json_string(p->ctx, v);
	return empty(s) ? NULL : s;
}

static const char *
jurl(struct p *p, struct kabar_json *obj, const char *key)
{
	return resolve(p, NULL, jstr(p, obj, key));
}

/* JSON Feed authors: "authors" (1.1) or "author" (1.0). */
static void
json_authors(struct p *p, struct kabar_json *obj, struct kabar_author *list, size_t *n)
{
	struct kabar_json *arr = p->h->json_get(obj, "authors"), *a;
	size_t i, len;

	if (arr != NULL && p->h->json_type(arr) == 4) {
		len = p->h->json_length(arr);
		for (i = 0; i < len && *n < MAX_AUTHORS; i++) {
			a = p->h->json_at(arr, i);
			if (a != NULL && p->h->json_type(a) == 5)
				add_author(list, n, kp_oneline(&p->mem, jstr(p, a, "name")), NULL, jurl(p, a, "url"));
		}
	}
	a = p->h->json_get(obj, "author");
	if (*n == 0 && a != NULL && p->h->json_type(a) == 5)
		add_author(list, n, kp_oneline(&p->mem, jstr(p, a, "name")), NULL, jurl(p, a, "url"));
}

static void
json_item(struct p *p, struct kabar_json *o)
{
	struct entry e;
	struct kabar_json *v, *a;
	size_t mark = p->mem.n, i, len;
	const char *s;

	entry_init(&e);
	v = p->h->json_get(o, "id");
	if (v != NULL && (p->h->json_type(v) == 3 || p->h->json_type(v) == 2)) {
		s = p->h->json_string(p->ctx, v);
		pick(&e.id, &e.id_rank, s, 1);
	}
	pick(&e.url, &e.url_rank, jurl(p, o, "url"), 1);
	pick(&e.url, &e.url_rank, jurl(p, o, "external_url"), 2);
	pick(&e.title, &e.title_rank, kp_oneline(&p->mem, jstr(p, o, "title")), 1);
	pick(&e.content, &e.content_rank, jstr(p, o, "content_html"), 1);
	e.content_text = jstr(p, o, "content_text");
	pick_summary(&e, jstr(p, o, "summary"), 0, 1);
	pick(&e.image, &e.image_rank, jurl(p, o, "image"), 1);
	pick(&e.image, &e.image_rank, jurl(p, o, "banner_image"), 2);
	pick_date(p, &e.pub, &e.pub_off, &e.pub_rank, jstr(p, o, "date_published"), 1);
	pick_date(p, &e.upd, &e.upd_off, &e.upd_rank, jstr(p, o, "date_modified"), 1);
	e.lang = jstr(p, o, "language");
	json_authors(p, o, e.authors, &e.n_authors);
	if (e.n_authors == 0)
		for (i = 0; i < p->n_feed_authors; i++)
			add_author(e.authors, &e.n_authors, p->feed_authors[i].name, p->feed_authors[i].email,
				   p->feed_authors[i].url);
	v = p->h->json_get(o, "tags");
	if (v != NULL && p->h->json_type(v) == 4) {
		len = p->h->json_length(v);
		for (i = 0; i < len && e.n_cats < MAX_CATEGORIES; i++) {
			a = p->h->json_at(v, i);
			if (a != NULL && p->h->json_type(a) == 3)
				add_category(&e, kp_oneline(&p->mem, p->h->json_string(p->ctx, a)));
		}
	}
	v = p->h->json_get(o, "attachments");
	if (v != NULL && p->h->json_type(v) == 4) {
		len = p->h->json_length(v);
		for (i = 0; i < len && e.n_encs < MAX_ENCLOSURES; i++) {
			struct kabar_json *sz;
			int64_t size = -1;

			a = p->h->json_at(v, i);
			if (a == NULL || p->h->json_type(a) != 5)
				continue;
			sz = p->h->json_get(a, "size_in_bytes");
			if (sz != NULL && p->h->json_type(sz) == 2)
				size = p->h->json_int(sz, -1);
			if (size < 0)
				size = -1;
			add_enclosure(&e, jurl(p, a, "url"), jstr(p, a, "mime_type"), size,
				      kp_oneline(&p->mem, jstr(p, a, "title")));
		}
	}
	entry_emit(p, &e);
	kp_release(&p->mem, mark);
}

static int
parse_jsonfeed(struct p *p)
{
	struct kabar_json *root, *items, *o;
	struct feedfacts ff;
	const char *version, *format;
	size_t i, n;

	p->doc = p->h->parse_json(p->ctx, p->resp);
	if (p->doc == NULL) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "not a feed: the body is not JSON: %s", p->h->response_url(p->resp));
		return -1;
	}
	root = p->h->json_root(p->doc);
	if (root == NULL || p->h->json_type(root) != 5) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "not a feed: JSON that is not an object: %s",
			  p->h->response_url(p->resp));
		return -1;
	}
	version = jstr(p, root, "version");
	if (version != NULL &&
	    (iprefix(version, "https://jsonfeed.org/version/") || iprefix(version, "http://jsonfeed.org/version/"))) {
		const char *v = strstr(version, "/version/") + 9;

		format = streq(v, "1") ? "json1.0" : "json1.1";
	} else {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "not a feed: JSON without a JSON Feed version: %s",
			  p->h->response_url(p->resp));
		return -1;
	}
	p->fmt = F_RSS;
	memset(&ff, 0, sizeof(ff));
	ff.title = kp_oneline(&p->mem, jstr(p, root, "title"));
	ff.link = jurl(p, root, "home_page_url");
	ff.desc = jstr(p, root, "description");
	ff.lang = jstr(p, root, "language");
	pick(&ff.icon, &ff.icon_rank, jurl(p, root, "icon"), 1);
	pick(&ff.icon, &ff.icon_rank, jurl(p, root, "favicon"), 2);
	json_authors(p, root, p->feed_authors, &p->n_feed_authors);
	if (p->mem.nomem)
		return -1;
	report_feed(p, &ff, format);
	items = p->h->json_get(root, "items");
	if (items == NULL || p->h->json_type(items) != 4) {
		warn(p, "JSON Feed without an items array");
		return 0;
	}
	n = p->h->json_length(items);
	for (i = 0; i < n && !p->stop && !p->mem.nomem; i++) {
		o = p->h->json_at(items, i);
		if (o != NULL && p->h->json_type(o) == 5)
			json_item(p, o);
	}
	return p->mem.nomem ? -1 : 0;
}

/* --- detection --- */

static int
body_is_json(struct p *p)
{
	const char *ct = p->h->response_header(p->resp, "Content-Type");
	const char *b;
	size_t len = 0, i;

	if (ct != NULL && icontains(ct, strlen(ct), "json"))
		return 1;
	b = p->h->response_body(p->resp, &len);
	if (b == NULL)
		return 0;
	i = kp_body_start(b, len);
	return i < len && b[i] == '{';
}

static int
body_is_html(struct p *p)
{
	const char *b;
	size_t len = 0, n;

	b = p->h->response_body(p->resp, &len);
	if (b == NULL)
		return 0;
	n = len < 1024 ? len : 1024;
	return icontains(b, n, "<!doctype html") || icontains(b, n, "<html");
}

static const char *
rss_format(const char *version)
{
	static const char *const known[] = { "0.91", "0.92", "0.93", "0.94" };
	static const char *const names[] = { "rss0.91", "rss0.92", "rss0.93", "rss0.94" };
	size_t i;

	if (version == NULL)
		return "rss";
	if (version[0] == '2')
		return "rss2.0";
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(version, known[i]) == 0)
			return names[i];
	if (strcmp(version, "0.90") == 0)
		return "rss0.90";
	return "rss";
}

static int
parse_xmlfeed(struct p *p)
{
	struct kabar_node *root, *c;
	const char *name, *ns, *url = p->h->response_url(p->resp);

	p->doc = p->h->parse_xml(p->ctx, p->resp);
	if (p->doc == NULL) {
		if (body_is_html(p))
			p->h->log(p->ctx, KABAR_LOG_ERROR, "not a feed: the response is an HTML page: %s", url);
		else
			p->h->log(p->ctx, KABAR_LOG_ERROR, "not a feed: the body is not XML: %s", url);
		return -1;
	}
	root = p->h->doc_root(p->doc);
	if (root == NULL) {
		p->h->log(p->ctx, KABAR_LOG_ERROR, "not a feed: empty document: %s", url);
		return -1;
	}
	name = p->h->node_name(root);
	ns = p->h->node_ns(root);
	if (streq(name, "rss")) {
		p->fmt = F_RSS;
		p->main_ns = ns;
		return parse_rss(p, root, rss_format(attr(p, root, "version")));
	}
	if (streq(name, "RDF") && ns_is(ns, NS_RDF)) {
		p->fmt = F_RDF;
		p->main_ns = NS_RSS1;
		for (c = p->h->node_first_child(root); c != NULL; c = p->h->node_next(c)) {
			if (streq(p->h->node_name(c), "channel")) {
				p->main_ns = p->h->node_ns(c);
				break;
			}
		}
		return parse_rss(p, root, ns_is(p->main_ns, NS_RSS09) ? "rss0.90" : "rss1.0");
	}
	/* Atom drafts before 0.3 used other namespaces; their version
	 * attribute says what they are. */
	if (streq(name, "feed") &&
	    (ns == NULL || ns_is(ns, NS_ATOM) || ns_is(ns, NS_ATOM03) || iprefix(attr(p, root, "version"), "0."))) {
		const char *v = attr(p, root, "version");

		p->main_ns = ns;
		if (ns_is(ns, NS_ATOM03) || iprefix(v, "0.")) {
			p->fmt = F_ATOM03;
			return parse_atom(p, root, "atom0.3");
		}
		p->fmt = F_ATOM;
		return parse_atom(p, root, "atom1.0");
	}
	if (ieq(name, "channel") && empty(ns)) {
		p->fmt = F_CDF;
		p->main_ns = ns;
		return parse_cdf(p, root);
	}
	if (ieq(name, "html"))
		p->h->log(p->ctx, KABAR_LOG_ERROR, "not a feed: the response is an HTML page: %s", url);
	else
		p->h->log(p->ctx, KABAR_LOG_ERROR, "not a feed: unknown root element <%.40s>: %s", name ? name : "",
			  url);
	return -1;
}

static int
rss_parse(struct kabar_ctx *ctx, const struct kabar_host *host, const struct kabar_response *resp)
{
	struct p p;
	size_t len = 0;
	int rc;

	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.h = host;
	p.resp = resp;
	if (host->response_body(resp, &len) == NULL || len == 0) {
		host->log(ctx, KABAR_LOG_ERROR, "not a feed: the response is empty: %s", host->response_url(resp));
		return KABAR_FAIL;
	}
	if (body_is_json(&p))
		rc = parse_jsonfeed(&p);
	else
		rc = parse_xmlfeed(&p);
	if (p.n_warnings > KP_MAX_WARNINGS)
		host->log(ctx, KABAR_LOG_WARNING, "%ld more problems with the feed's data not shown",
			  p.n_warnings - KP_MAX_WARNINGS);
	if (p.mem.nomem)
		host->log(ctx, KABAR_LOG_ERROR, "cannot read feed: out of memory");
	else if (p.stop)
		host->log(ctx, KABAR_LOG_DEBUG, "item limit reached after %ld items", p.n_emitted);
	kp_arena_free(&p.mem);
	return rc == 0 && !p.mem.nomem ? KABAR_OK : KABAR_FAIL;
}

static const struct kabar_plugin rss_plugin = {
	.struct_size = sizeof(struct kabar_plugin),
	.abi_major = KABAR_ABI_MAJOR,
	.api_level = 1,
	.name = "rss",
	.version = "1.0",
	.description = "RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1",
	.options = NULL, /* no options: the source's url is all it needs */
	.start = NULL,
	.parse = rss_parse,
};

KABAR_PLUGIN(rss_plugin)
