/* extract.c: article extraction (extract.h).
 *
 * The page is parsed once with libxml2's HTML parser. Metadata is read
 * from the whole page first, then the main text is found on copies of
 * the tree (a readability-style search, below), so neither disturbs the
 * other.
 *
 * Order of trust of the metadata, the first source that gives a usable
 * value wins (out->from names it):
 *   title      JSON-LD headline/name ("json-ld"), og:title ("opengraph"),
 *              twitter:title / parsely-title / sailthru.title / dc.title
 *              ("meta"), <title> ("title"), the first <h1> ("h1"); a
 *              " - Site" / " | Site" suffix naming the site is cut off
 *   published  JSON-LD datePublished, dateCreated; article:published_time,
 *              og:published_time; <meta name=date|pubdate|publishdate|
 *              dc.date|dc.date.issued|parsely-pub-date|sailthru.date...>
 *              and itemprop=datePublished ("meta"); <time datetime> in the
 *              page, preferring pubdate/itemprop ones ("time"); a date in
 *              a byline/date block or at the top of the text ("dateline")
 *   modified   JSON-LD dateModified; article:modified_time,
 *              og:updated_time; <meta> (dc.date.modified, last-modified,
 *              itemprop=dateModified)
 *   authors    JSON-LD author (string, object, array); article:author
 *              (names, not profile URLs); <meta name=author|dc.creator|
 *              parsely-author|sailthru.author>; a byline element
 *              (rel=author, itemprop=author, class byline/author, "Oleh",
 *              "Penulis:") ("byline")
 *   summary    JSON-LD description; og:description; <meta name=
 *              description|twitter:description>
 *   image      JSON-LD image (string, object, array); og:image;
 *              twitter:image; the first image of the text ("text")
 *   canonical  <link rel=canonical> ("canonical") first, because it is the
 *              one the site means for machines; og:url; JSON-LD url /
 *              mainEntityOfPage; else the page URL ("page")
 *   site_name  JSON-LD publisher.name; og:site_name; application-name
 *   section    JSON-LD articleSection; article:section; parsely-section
 *   tags       JSON-LD keywords; article:tag; <meta name=keywords|
 *              news_keywords|parsely-tags|sailthru.tags>
 *   language   JSON-LD inLanguage; <html lang>; og:locale; http-equiv
 *              content-language
 *   content    the text the DOM search finds ("dom"), or JSON-LD
 *              articleBody when the search finds much less ("json-ld")
 *
 * The main text: readability's algorithm (Mozilla's Readability.js,
 * itself from Arc90's) with boilerplate rules for Indonesian pages: drop
 * hidden elements, code and navigation, and elements whose class or id
 * says boilerplate; turn divs of phrasing content into paragraphs; score
 * each paragraph (1 + commas + length / 100) into its ancestors; weigh
 * the candidates by their link density and class; take the best with
 * its qualifying siblings; clean it conditionally (link-dense blocks,
 * lists of links, forms, share bars, "Baca juga" inserts, "Editor:" lines,
 * credits, tag lists). When the result is short the search runs again
 * with fewer rules, and the longest result wins. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "date.h"
#include "extract.h"
#include "sanitize.h"
#include "url.h"
#include "util.h"

#define MAX_HTML	 ((size_t)32 * 1024 * 1024) /* bytes of HTML read */
#define MAX_DEPTH	 400			    /* recursion into the tree */
#define MAX_JSONLD	 ((size_t)4 * 1024 * 1024)  /* bytes of one JSON-LD script */
#define MAX_JSONLD_ALL	 ((size_t)16 * 1024 * 1024) /* all JSON-LD scripts */
#define MAX_JSON_DEPTH	 32
#define MAX_JSON_OBJECTS 500 /* objects looked at across scripts */
#define MAX_AUTHORS	 20
#define MAX_TAGS	 50
#define MAX_NEXT_PAGES	 20
#define MAX_FIELD	 4096 /* bytes of a short metadata field */
#define MAX_TEXT	 ((size_t)16 * 1024 * 1024)
#define CHAR_THRESHOLD	 500 /* readability's minimum article length */
#define N_TOP		 5

/* --- small string helpers --- */

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Case-insensitive (ASCII) substring search in s of needle. */
static const char *
ci_find(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	if (!s)
		return NULL;
	if (n == 0)
		return s;
	for (; *s; s++) {
		if (lower((unsigned char)*s) == lower((unsigned char)*needle) && kb_strncasecmp(s, needle, n) == 0)
			return s;
	}
	return NULL;
}

static int
ci_any(const char *s, const char *const *words)
{
	size_t i;

	if (!s || !*s)
		return 0;
	for (i = 0; words[i]; i++)
		if (ci_find(s, words[i]))
			return 1;
	return 0;
}

static int
ci_prefix(const char *s, const char *p)
{
	return kb_strncasecmp(s, p, strlen(p)) == 0;
}

static int
in_set(const char *name, const char *const *list)
{
	size_t i;

	if (!name)
		return 0;
	for (i = 0; list[i]; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

/* A clean copy of s for an output field: valid UTF-8, whitespace runs
 * collapsed to one space, trimmed, at most max bytes (cut at a character
 * boundary). NULL when nothing is left. New string. */
static char *
clean_field(const char *s, size_t max)
{
	struct kb_buf b;
	char *u, *ret;
	const unsigned char *p;
	int space = 0;

	if (!s)
		return NULL;
	u = kb_utf8_clean(s, strnlen(s, MAX_TEXT));
	kb_buf_init(&b, max + 8);
	for (p = (const unsigned char *)u; *p; p++) {
		if (is_space(*p) || (*p == 0xc2 && p[1] == 0xa0)) {
			if (*p == 0xc2)
				p++;
			space = 1;
			continue;
		}
		if (space && b.len > 0)
			kb_buf_addc(&b, ' ');
		space = 0;
		if (b.len >= max && (*p & 0xc0) != 0x80)
			break;
		kb_buf_addc(&b, (char)*p);
	}
	free(u);
	if (b.len == 0) {
		kb_buf_free(&b);
		return NULL;
	}
	ret = kb_buf_detach(&b, NULL);
	return ret;
}

/* clean_field of text that may carry markup (descriptions often do). */
static char *
clean_text_field(const char *s, size_t max)
{
	char *t, *r;

	if (!s)
		return NULL;
	if (!strchr(s, '<') && !strchr(s, '&'))
		return clean_field(s, max);
	t = kb_html_to_text(s, strnlen(s, MAX_TEXT));
	r = clean_field(t, max);
	free(t);
	return r;
}

/* --- the tree --- */

static int
is_elem(xmlNodePtr n)
{
	return n && n->type == XML_ELEMENT_NODE && n->name;
}

static const char *
tag(xmlNodePtr n)
{
	return is_elem(n) ? (const char *)n->name : "";
}

static int
tag_is(xmlNodePtr n, const char *name)
{
	return is_elem(n) && strcmp((const char *)n->name, name) == 0;
}

/* The value of attribute name of n (not copied), or NULL. */
static const char *
attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;

	if (!is_elem(n))
		return NULL;
	for (a = n->properties; a; a = a->next) {
		if (!a->name || kb_strcasecmp((const char *)a->name, name) != 0)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

static xmlNodePtr
first_elem(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is_elem(c))
			return c;
	return NULL;
}

static xmlNodePtr
next_elem_sibling(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n ? n->next : NULL; c; c = c->next)
		if (is_elem(c))
			return c;
	return NULL;
}

/* The next element in document order after n (its children first unless
 * skip_children), staying inside root; NULL at the end. */
static xmlNodePtr
next_elem(xmlNodePtr n, xmlNodePtr root, int skip_children)
{
	xmlNodePtr c;

	if (!skip_children) {
		c = first_elem(n);
		if (c)
			return c;
	}
	while (n && n != root) {
		c = next_elem_sibling(n);
		if (c)
			return c;
		n = n->parent;
	}
	return NULL;
}

static void
remove_node(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

static xmlNodePtr
remove_and_next(xmlNodePtr n, xmlNodePtr root)
{
	xmlNodePtr next = next_elem(n, root, 1);

	remove_node(n);
	return next;
}

/* Text of n with whitespace collapsed, appended to b (at most b's max). */
struct textacc {
	struct kb_buf *b;
	size_t chars; /* code points counted, whitespace runs as one */
	int space;
	int counting_only;
	int br_mark; /* a <br> gives " | " (bylines: "Penulis: X<br>Editor: Y") */
};

static void
acc_text(struct textacc *t, const unsigned char *p)
{
	for (; *p; p++) {
		if (is_space(*p) || (*p == 0xc2 && p[1] == 0xa0)) {
			if (*p == 0xc2)
				p++;
			t->space = 1;
			continue;
		}
		if (t->space && t->chars > 0) {
			t->chars++;
			if (t->b)
				kb_buf_addc(t->b, ' ');
		}
		t->space = 0;
		if ((*p & 0xc0) != 0x80)
			t->chars++;
		if (t->b)
			kb_buf_addc(t->b, (char)*p);
	}
}

static void
acc_node(struct textacc *t, xmlNodePtr n, int depth)
{
	xmlNodePtr c;

	if (depth > MAX_DEPTH)
		return;
	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				acc_text(t, c->content);
		} else if (is_elem(c)) {
			if (tag_is(c, "script") || tag_is(c, "style") || tag_is(c, "noscript") || tag_is(c, "template"))
				continue;
			if (tag_is(c, "br") && t->br_mark && t->chars > 0)
				acc_text(t, (const unsigned char *)" | ");
			if (tag_is(c, "br") || tag_is(c, "p") || tag_is(c, "div") || tag_is(c, "li"))
				t->space = 1;
			acc_node(t, c, depth + 1);
			if (!tag_is(c, "a") && !tag_is(c, "span") && !tag_is(c, "b") && !tag_is(c, "i") &&
			    !tag_is(c, "em") && !tag_is(c, "strong"))
				t->space = 1;
		}
	}
}

/* Length in characters of n's text, whitespace collapsed and trimmed. */
static size_t
text_len(xmlNodePtr n)
{
	struct textacc t;

	memset(&t, 0, sizeof(t));
	if (n->type == XML_TEXT_NODE) {
		if (n->content)
			acc_text(&t, n->content);
		return t.chars;
	}
	acc_node(&t, n, 0);
	return t.chars;
}

/* n's text, whitespace collapsed, at most max bytes; with br_mark, a
 * <br> as " | ". New string. */
static char *
node_text_mark(xmlNodePtr n, size_t max, int br_mark)
{
	struct kb_buf b;
	struct textacc t;
	char *s;

	kb_buf_init(&b, max);
	memset(&t, 0, sizeof(t));
	t.b = &b;
	t.br_mark = br_mark;
	if (n->type == XML_TEXT_NODE) {
		if (n->content)
			acc_text(&t, n->content);
	} else {
		acc_node(&t, n, 0);
	}
	s = kb_buf_detach(&b, NULL);
	if (!s)
		s = kb_strdup("");
	return s;
}

/* n's text, whitespace collapsed, at most max bytes. New string. */
static char *
node_text(xmlNodePtr n, size_t max)
{
	return node_text_mark(n, max, 0);
}

/* Count of ch in the text of n (commas for scoring). */
static size_t
count_commas(xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	size_t k = 0;
	const unsigned char *p;

	if (depth > MAX_DEPTH)
		return 0;
	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content) {
			for (p = c->content; *p; p++) {
				if (*p == ',')
					k++;
				/* U+060C U+3001 U+FF0C: Arabic, ideographic, full-width commas */
				else if ((p[0] == 0xd8 && p[1] == 0x8c) ||
					 (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x81) ||
					 (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8c))
					k++;
			}
		} else if (is_elem(c)) {
			k += count_commas(c, depth + 1);
		}
	}
	return k;
}

/* Characters of text inside links of n. */
static size_t
link_text_len(xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	size_t k = 0;

	if (depth > MAX_DEPTH)
		return 0;
	for (c = n->children; c; c = c->next) {
		if (!is_elem(c))
			continue;
		if (tag_is(c, "a")) {
			const char *href = attr(c, "href");

			/* In-page anchors (footnotes) weigh less. */
			if (href && href[0] == '#')
				k += (size_t)(text_len(c) * 0.3);
			else
				k += text_len(c);
		} else {
			k += link_text_len(c, depth + 1);
		}
	}
	return k;
}

static double
link_density(xmlNodePtr n)
{
	size_t len = text_len(n);

	if (len == 0)
		return 0;
	return (double)link_text_len(n, 0) / (double)len;
}

/* Elements named name below n (n itself excluded). */
static size_t
count_tags(xmlNodePtr n, const char *name, int depth)
{
	xmlNodePtr c;
	size_t k = 0;

	if (depth > MAX_DEPTH)
		return 0;
	for (c = n->children; c; c = c->next) {
		if (!is_elem(c))
			continue;
		if (strcmp((const char *)c->name, name) == 0)
			k++;
		k += count_tags(c, name, depth + 1);
	}
	return k;
}

static int
has_ancestor(xmlNodePtr n, const char *name, int max_depth)
{
	int d = 0;

	for (n = n->parent; is_elem(n); n = n->parent) {
		if (max_depth > 0 && d >= max_depth)
			return 0;
		if (strcmp((const char *)n->name, name) == 0)
			return 1;
		d++;
	}
	return 0;
}

/* --- the extraction context --- */

/* Per-node data of one search: node->_private holds index + 1. */
struct ninfo {
	double score;
	int data_table;
};

struct ex {
	const char *url; /* the page */
	char *base;	 /* base for relative URLs */
	const char *tz;	 /* default zone */
	xmlDocPtr doc;	 /* the page, untouched after metadata */
	struct kb_article *a;
	char *byline;	   /* byline text the search found */
	char *text_byline; /* a "Penulis: NAME" line of the text */
	char *jsonld_body; /* JSON-LD articleBody */
	/* the current search */
	struct ninfo *info;
	size_t n_info, cap_info;
	xmlNodePtr *cands;
	size_t n_cands, cap_cands;
	xmlNodePtr *to_score;
	size_t n_to_score, cap_to_score;
	int flags;
	int removed_title;
};

#define F_STRIP_UNLIKELY 1
#define F_WEIGHT_CLASSES 2
#define F_CLEAN_COND	 4

static struct ninfo *
info_of(struct ex *x, xmlNodePtr n)
{
	uintptr_t i = (uintptr_t)n->_private;

	if (i == 0 || i > x->n_info)
		return NULL;
	return &x->info[i - 1];
}

static double
score_of(struct ex *x, xmlNodePtr n)
{
	struct ninfo *in = info_of(x, n);

	return in ? in->score : 0;
}

static struct ninfo *
info_new(struct ex *x, xmlNodePtr n)
{
	struct ninfo *in = info_of(x, n);

	if (in)
		return in;
	if (x->n_info == x->cap_info) {
		x->cap_info = x->cap_info ? 2 * x->cap_info : 256;
		x->info = kb_reallocarray(x->info, x->cap_info, sizeof(*x->info));
	}
	in = &x->info[x->n_info++];
	memset(in, 0, sizeof(*in));
	n->_private = (void *)(uintptr_t)x->n_info;
	return in;
}

static void
push_node(xmlNodePtr **v, size_t *n, size_t *cap, xmlNodePtr node)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = kb_reallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[(*n)++] = node;
}

/* --- adding metadata --- */

static void
set_str(char **field, const char **from, char *value, const char *source)
{
	if (!value)
		return;
	if (*field) {
		free(value);
		return;
	}
	*field = value;
	if (from)
		*from = source;
}

static char *
abs_url(struct ex *x, const char *ref)
{
	char *c, *u;

	if (!ref)
		return NULL;
	c = clean_field(ref, MAX_FIELD);
	if (!c)
		return NULL;
	u = kb_url_resolve(x->base, c);
	free(c);
	if (u && strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0) {
		free(u);
		return NULL;
	}
	if (u && !kb_utf8_valid(u, strlen(u))) {
		free(u);
		return NULL;
	}
	return u;
}

static void
set_url(struct ex *x, char **field, const char **from, const char *ref, const char *source)
{
	if (*field || !ref)
		return;
	set_str(field, from, abs_url(x, ref), source);
}

static int
set_date(struct ex *x, int64_t *t, int *off, const char **from, const char *s, const char *source)
{
	char *c;
	int64_t v;
	int o;
	int rc;

	if (*t != KB_NO_TIME || !s)
		return -1;
	c = clean_field(s, 200);
	if (!c)
		return -1;
	rc = kb_date_parse(c, x->tz, &v, &o);
	free(c);
	if (rc != 0)
		return -1;
	*t = v;
	*off = o;
	if (from)
		*from = source;
	return 0;
}

/* Names that are URLs or empty are not author names. */
static int
looks_like_url(const char *s)
{
	return ci_prefix(s, "http://") || ci_prefix(s, "https://") || ci_prefix(s, "www.") || strchr(s, '/') != NULL;
}

static void
add_author(struct ex *x, const char *name, const char *url, const char *source)
{
	struct kb_article *a = x->a;
	char *n;
	size_t i;

	if (a->n_authors >= MAX_AUTHORS || !name)
		return;
	n = clean_field(name, 200);
	if (!n)
		return;
	if (looks_like_url(n)) {
		free(n);
		return;
	}
	for (i = 0; i < a->n_authors; i++) {
		if (kb_strcasecmp(a->authors[i].name, n) == 0) {
			free(n);
			return;
		}
	}
	a->authors = kb_reallocarray(a->authors, a->n_authors + 1, sizeof(*a->authors));
	memset(&a->authors[a->n_authors], 0, sizeof(a->authors[0]));
	a->authors[a->n_authors].name = n;
	a->authors[a->n_authors].url = url ? abs_url(x, url) : NULL;
	a->n_authors++;
	if (!a->from.authors)
		a->from.authors = source;
}

/* Add the comma-separated tags of s (or s whole when split is 0). */
static void
add_tags(struct ex *x, const char *s, int split)
{
	struct kb_article *a = x->a;
	const char *p = s, *e;

	if (!s)
		return;
	while (*p && a->n_tags < MAX_TAGS) {
		char *t, *part;
		size_t i;
		int dup = 0;

		e = split ? strchr(p, ',') : NULL;
		if (!e)
			e = p + strlen(p);
		part = kb_strndup(p, (size_t)(e - p));
		t = clean_field(part, 200);
		free(part);
		if (t) {
			for (i = 0; i < a->n_tags && !dup; i++)
				dup = kb_strcasecmp(a->tags[i], t) == 0;
			if (dup) {
				free(t);
			} else {
				a->tags = kb_reallocarray(a->tags, a->n_tags + 1, sizeof(*a->tags));
				a->tags[a->n_tags++] = t;
			}
		}
		p = *e ? e + 1 : e;
	}
}

static void
set_language(struct ex *x, const char *s)
{
	char buf[40];
	size_t i, n;

	if (x->a->language || !s)
		return;
	while (is_space((unsigned char)*s))
		s++;
	n = strcspn(s, " \t\r\n,;");
	if (n == 0 || n >= sizeof(buf))
		return;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '_')
			c = '-';
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
			return;
		buf[i] = c;
	}
	buf[n] = '\0';
	if (!((buf[0] >= 'a' && buf[0] <= 'z') || (buf[0] >= 'A' && buf[0] <= 'Z')))
		return;
	x->a->language = kb_strdup(buf);
}

/* --- JSON-LD --- */

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return NULL;
}

static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* The string value of v, of v's first element, or of v's key (for
 * objects such as {"@type": "ImageObject", "url": ...}). */
static const char *
jfirst(struct json_object *v, const char *key)
{
	int i;

	for (i = 0; i < 4 && v; i++) {
		if (json_object_is_type(v, json_type_string))
			return json_object_get_string(v);
		if (json_object_is_type(v, json_type_array)) {
			if (json_object_array_length(v) == 0)
				return NULL;
			v = json_object_array_get_idx(v, 0);
		} else if (json_object_is_type(v, json_type_object)) {
			v = key ? jget(v, key) : NULL;
			if (!v && key && strcmp(key, "url") == 0)
				return NULL;
		} else {
			return NULL;
		}
	}
	return NULL;
}

/* The schema.org type name without a prefix ("schema:", a URL). */
static const char *
type_base(const char *t)
{
	const char *s = strrchr(t, '/');
	const char *c = strrchr(t, ':');

	if (s && (!c || s > c))
		return s + 1;
	if (c)
		return c + 1;
	return t;
}

static int
type_is_article(const char *t)
{
	static const char *const types[] = { "Article",
					     "NewsArticle",
					     "BlogPosting",
					     "ReportageNews",
					     "AnalysisNewsArticle",
					     "OpinionNewsArticle",
					     "ReviewNewsArticle",
					     "BackgroundNewsArticle",
					     "AskPublicNewsArticle",
					     "LiveBlogPosting",
					     "ScholarlyArticle",
					     "TechArticle",
					     "Report",
					     "SatiricalArticle",
					     "SocialMediaPosting",
					     "DiscussionForumPosting",
					     "Blog",
					     NULL };

	return in_set(type_base(t), types);
}

static int
type_is_event(const char *t)
{
	size_t n;

	t = type_base(t);
	n = strlen(t);
	return strcmp(t, "Festival") == 0 || strcmp(t, "EventSeries") == 0 ||
	       (n >= 5 && strcmp(t + n - 5, "Event") == 0);
}

/* 1 when o's @type (string or array) satisfies pred. */
static int
has_type(struct json_object *o, int (*pred)(const char *))
{
	struct json_object *t = jget(o, "@type");
	size_t i, n;

	if (!t)
		return 0;
	if (json_object_is_type(t, json_type_string))
		return pred(json_object_get_string(t));
	if (!json_object_is_type(t, json_type_array))
		return 0;
	n = json_object_array_length(t);
	for (i = 0; i < n && i < 16; i++) {
		struct json_object *e = json_object_array_get_idx(t, i);

		if (json_object_is_type(e, json_type_string) && pred(json_object_get_string(e)))
			return 1;
	}
	return 0;
}

static int
type_is_webpage(const char *t)
{
	t = type_base(t);
	return strcmp(t, "WebPage") == 0 || strcmp(t, "ItemPage") == 0;
}

struct jsonld {
	struct json_object *article; /* borrowed from roots */
	struct json_object *event;
	struct json_object *roots[16];
	size_t n_roots;
	size_t seen;
};

static void
jsonld_visit(struct jsonld *j, struct json_object *o, int depth)
{
	if (!o || depth > MAX_JSON_DEPTH || j->seen >= MAX_JSON_OBJECTS)
		return;
	if (json_object_is_type(o, json_type_array)) {
		size_t i, n = json_object_array_length(o);

		for (i = 0; i < n && j->seen < MAX_JSON_OBJECTS; i++)
			jsonld_visit(j, json_object_array_get_idx(o, i), depth + 1);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	j->seen++;
	if (!j->article && (has_type(o, type_is_article) || (has_type(o, type_is_webpage) && jstr(o, "articleBody"))))
		j->article = o;
	if (!j->event && has_type(o, type_is_event))
		j->event = o;
	jsonld_visit(j, jget(o, "@graph"), depth + 1);
	jsonld_visit(j, jget(o, "mainEntity"), depth + 1);
	if (json_object_is_type(jget(o, "mainEntityOfPage"), json_type_object))
		jsonld_visit(j, jget(o, "mainEntityOfPage"), depth + 1);
	if (has_type(o, type_is_webpage) || has_type(o, type_is_event))
		jsonld_visit(j, jget(o, "subEvent"), depth + 1);
	jsonld_visit(j, jget(o, "itemListElement"), depth + 1);
	jsonld_visit(j, jget(o, "item"), depth + 1);
}

static void
jsonld_collect(struct ex *x, struct jsonld *j)
{
	xmlNodePtr root = xmlDocGetRootElement(x->doc), n;
	size_t total = 0;

	for (n = root; n; n = next_elem(n, root, 0)) {
		const char *type;
		char *text;
		struct json_tokener *tok;
		struct json_object *o;
		size_t len;

		if (!tag_is(n, "script"))
			continue;
		type = attr(n, "type");
		if (!type || !ci_find(type, "ld+json"))
			continue;
		if (j->n_roots >= KB_ARRAY_LEN(j->roots))
			break;
		text = node_text(n, MAX_JSONLD + 1);
		len = strlen(text);
		if (len > MAX_JSONLD || total + len > MAX_JSONLD_ALL || len > INT32_MAX - 1) {
			free(text);
			continue;
		}
		total += len;
		tok = json_tokener_new_ex(MAX_JSON_DEPTH);
		if (!tok) {
			free(text);
			continue;
		}
		o = json_tokener_parse_ex(tok, text, (int)len);
		if (!o && json_tokener_get_error(tok) == json_tokener_continue)
			o = json_tokener_parse_ex(tok, "", 1); /* end of input */
		json_tokener_free(tok);
		free(text);
		if (!o)
			continue;
		j->roots[j->n_roots++] = o;
		jsonld_visit(j, o, 0);
	}
}

static void
jsonld_free(struct jsonld *j)
{
	size_t i;

	for (i = 0; i < j->n_roots; i++)
		json_object_put(j->roots[i]);
}

static void
jsonld_author(struct ex *x, struct json_object *v, int depth)
{
	if (!v || depth > 3)
		return;
	if (json_object_is_type(v, json_type_string)) {
		/* "A, B and C" stays one name: names have commas too. */
		add_author(x, json_object_get_string(v), NULL, "json-ld");
	} else if (json_object_is_type(v, json_type_array)) {
		size_t i, n = json_object_array_length(v);

		for (i = 0; i < n && i < 64; i++)
			jsonld_author(x, json_object_array_get_idx(v, i), depth + 1);
	} else if (json_object_is_type(v, json_type_object)) {
		const char *name = jfirst(jget(v, "name"), NULL);

		add_author(x, name, jstr(v, "url"), "json-ld");
	}
}

static void
jsonld_keywords(struct ex *x, struct json_object *v)
{
	if (!v)
		return;
	if (json_object_is_type(v, json_type_string)) {
		add_tags(x, json_object_get_string(v), 1);
	} else if (json_object_is_type(v, json_type_array)) {
		size_t i, n = json_object_array_length(v);

		for (i = 0; i < n && i < 200; i++) {
			struct json_object *e = json_object_array_get_idx(v, i);

			if (json_object_is_type(e, json_type_string))
				add_tags(x, json_object_get_string(e), 0);
		}
	}
}

static void
jsonld_article(struct ex *x, struct json_object *o)
{
	struct kb_article *a = x->a;
	const char *s;

	set_str(&a->title, &a->from.title, clean_text_field(jstr(o, "headline"), MAX_FIELD), "json-ld");
	if (!jstr(o, "headline") && !has_type(o, type_is_webpage))
		set_str(&a->title, &a->from.title, clean_text_field(jstr(o, "name"), MAX_FIELD), "json-ld");
	set_date(x, &a->published, &a->published_offset, &a->from.published, jfirst(jget(o, "datePublished"), NULL),
		 "json-ld");
	set_date(x, &a->published, &a->published_offset, &a->from.published, jfirst(jget(o, "dateCreated"), NULL),
		 "json-ld");
	set_date(x, &a->modified, &a->modified_offset, &a->from.modified, jfirst(jget(o, "dateModified"), NULL),
		 "json-ld");
	jsonld_author(x, jget(o, "author"), 0);
	if (a->n_authors == 0)
		jsonld_author(x, jget(o, "creator"), 0);
	set_str(&a->summary, &a->from.summary, clean_text_field(jstr(o, "description"), MAX_FIELD), "json-ld");
	s = jfirst(jget(o, "image"), "url");
	if (s)
		set_url(x, &a->image, &a->from.image, s, "json-ld");
	set_str(&a->site_name, NULL, clean_field(jfirst(jget(jget(o, "publisher"), "name"), NULL), MAX_FIELD), NULL);
	set_str(&a->section, NULL, clean_field(jfirst(jget(o, "articleSection"), NULL), MAX_FIELD), NULL);
	jsonld_keywords(x, jget(o, "keywords"));
	set_language(x, jfirst(jget(o, "inLanguage"), "alternateName"));
	s = jstr(o, "articleBody");
	if (s && !x->jsonld_body)
		x->jsonld_body = kb_utf8_clean(s, strnlen(s, MAX_TEXT));
}

/* location.address as one line. New string or NULL. */
static char *
address_line(struct json_object *v)
{
	static const char *const parts[] = { "streetAddress", "addressLocality", "addressRegion",
					     "postalCode",    "addressCountry",	 NULL };
	struct kb_buf b;
	size_t i;
	char *r, *s;

	if (!v)
		return NULL;
	if (json_object_is_type(v, json_type_array))
		v = json_object_array_length(v) ? json_object_array_get_idx(v, 0) : NULL;
	if (json_object_is_type(v, json_type_string))
		return clean_field(json_object_get_string(v), MAX_FIELD);
	if (!json_object_is_type(v, json_type_object))
		return NULL;
	kb_buf_init(&b, MAX_FIELD);
	for (i = 0; parts[i]; i++) {
		const char *p = jfirst(jget(v, parts[i]), "name");
		char *c = clean_field(p, MAX_FIELD);

		if (c && !ci_find(kb_buf_str(&b), c)) {
			if (b.len)
				kb_buf_addstr(&b, ", ");
			kb_buf_addstr(&b, c);
		}
		free(c);
	}
	s = kb_buf_detach(&b, NULL);
	r = clean_field(s, MAX_FIELD);
	free(s);
	return r;
}

static int
date_only(const char *s)
{
	return s && !strchr(s, 'T') && !strchr(s, ':');
}

static void
jsonld_event(struct ex *x, struct json_object *o)
{
	struct kb_article_event *e = kb_calloc(1, sizeof(*e));
	struct json_object *loc = jget(o, "location");
	const char *s;

	e->start = KB_NO_TIME;
	e->end = KB_NO_TIME;
	e->name = clean_text_field(jfirst(jget(o, "name"), NULL), MAX_FIELD);
	s = jfirst(jget(o, "startDate"), NULL);
	if (set_date(x, &e->start, &e->start_offset, NULL, s, NULL) == 0)
		e->start_all_day = date_only(s);
	s = jfirst(jget(o, "endDate"), NULL);
	if (set_date(x, &e->end, &e->end_offset, NULL, s, NULL) == 0)
		e->end_all_day = date_only(s);
	if (json_object_is_type(loc, json_type_array))
		loc = json_object_array_length(loc) ? json_object_array_get_idx(loc, 0) : NULL;
	if (json_object_is_type(loc, json_type_string)) {
		e->venue = clean_field(json_object_get_string(loc), MAX_FIELD);
	} else if (json_object_is_type(loc, json_type_object)) {
		e->venue = clean_field(jfirst(jget(loc, "name"), NULL), MAX_FIELD);
		e->address = address_line(jget(loc, "address"));
		if (!e->venue && !e->address)
			e->venue = clean_field(jstr(loc, "url"), MAX_FIELD);
	}
	e->organizer = clean_field(jfirst(jget(o, "organizer"), "name"), MAX_FIELD);
	s = jfirst(jget(o, "url"), NULL);
	if (s)
		e->url = abs_url(x, s);
	x->a->event = e;
}

static void
meta_jsonld(struct ex *x)
{
	struct jsonld j;

	memset(&j, 0, sizeof(j));
	jsonld_collect(x, &j);
	if (j.article) {
		jsonld_article(x, j.article);
		set_url(x, &x->a->url, &x->a->from.canonical, jfirst(jget(j.article, "url"), NULL), "json-ld");
	}
	if (j.event) {
		jsonld_event(x, j.event);
		if (!j.article) {
			/* The event page's own facts. */
			set_str(&x->a->title, &x->a->from.title,
				clean_text_field(jfirst(jget(j.event, "name"), NULL), MAX_FIELD), "json-ld");
			set_str(&x->a->summary, &x->a->from.summary,
				clean_text_field(jstr(j.event, "description"), MAX_FIELD), "json-ld");
			if (jfirst(jget(j.event, "image"), "url"))
				set_url(x, &x->a->image, &x->a->from.image, jfirst(jget(j.event, "image"), "url"),
					"json-ld");
		}
	}
	jsonld_free(&j);
}

/* --- meta tags --- */

struct metas {
	xmlNodePtr *v;
	size_t n, cap;
};

/* The content of the first <meta> whose property or name is key. */
static const char *
meta_get(const struct metas *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const char *p = attr(m->v[i], "property");
		const char *nm = attr(m->v[i], "name");
		const char *ip = attr(m->v[i], "itemprop");
		const char *c = attr(m->v[i], "content");

		if (!c || !*c)
			continue;
		if ((p && kb_strcasecmp(p, key) == 0) || (nm && kb_strcasecmp(nm, key) == 0) ||
		    (ip && kb_strcasecmp(ip, key) == 0))
			return c;
	}
	return NULL;
}

static const char *
meta_any(const struct metas *m, const char *const *keys)
{
	size_t i;

	for (i = 0; keys[i]; i++) {
		const char *v = meta_get(m, keys[i]);

		if (v)
			return v;
	}
	return NULL;
}

/* Every content of key, for article:tag and article:author. */
static void
meta_each(struct ex *x, const struct metas *m, const char *key, int authors)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const char *p = attr(m->v[i], "property");
		const char *nm = attr(m->v[i], "name");
		const char *c = attr(m->v[i], "content");

		if (!c || !((p && kb_strcasecmp(p, key) == 0) || (nm && kb_strcasecmp(nm, key) == 0)))
			continue;
		if (authors)
			add_author(x, c, NULL, authors == 1 ? "opengraph" : "meta");
		else
			add_tags(x, c, 1);
	}
}

static void
meta_tags(struct ex *x, const struct metas *m)
{
	static const char *const title_keys[] = { "twitter:title", "parsely-title", "sailthru.title",
						  "dc.title",	   "title",	    NULL };
	static const char *const pub_keys[] = { "article:published_time", "og:published_time", "article:published",
						NULL };
	static const char *const pub_meta[] = { "datePublished",
						"pubdate",
						"publishdate",
						"publish-date",
						"publish_date",
						"date",
						"dc.date",
						"dc.date.issued",
						"dc.date.created",
						"dcterms.date",
						"dcterms.created",
						"parsely-pub-date",
						"sailthru.date",
						"article.published",
						"published_time",
						"content_PublishedDate",
						"sentdate",
						"datecreated",
						NULL };
	static const char *const mod_keys[] = { "article:modified_time", "og:updated_time", "article:modified", NULL };
	static const char *const mod_meta[] = { "dateModified", "dc.date.modified", "dcterms.modified", "last-modified",
						"lastmod",	"article.updated",  "modified_time",	NULL };
	static const char *const author_meta[] = {
		"author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "content_author",
		"byl",	  NULL
	};
	static const char *const desc_meta[] = { "description", "twitter:description", "dc.description", NULL };
	static const char *const kw_meta[] = { "keywords", "news_keywords", "parsely-tags", "sailthru.tags", NULL };
	static const char *const sec_meta[] = { "parsely-section", "sailthru.section", "section", "category", NULL };
	struct kb_article *a = x->a;
	const char *v;

	/* OpenGraph and article:* */
	set_str(&a->title, &a->from.title, clean_text_field(meta_get(m, "og:title"), MAX_FIELD), "opengraph");
	set_date(x, &a->published, &a->published_offset, &a->from.published, meta_any(m, pub_keys), "opengraph");
	set_date(x, &a->modified, &a->modified_offset, &a->from.modified, meta_any(m, mod_keys), "opengraph");
	if (a->n_authors == 0)
		meta_each(x, m, "article:author", 1);
	set_str(&a->summary, &a->from.summary, clean_text_field(meta_get(m, "og:description"), MAX_FIELD), "opengraph");
	set_url(x, &a->image, &a->from.image, meta_get(m, "og:image"), "opengraph");
	set_url(x, &a->image, &a->from.image, meta_get(m, "og:image:url"), "opengraph");
	set_url(x, &a->image, &a->from.image, meta_get(m, "og:image:secure_url"), "opengraph");
	set_str(&a->site_name, NULL, clean_field(meta_get(m, "og:site_name"), MAX_FIELD), NULL);
	set_str(&a->section, NULL, clean_field(meta_get(m, "article:section"), MAX_FIELD), NULL);
	if (a->n_tags == 0)
		meta_each(x, m, "article:tag", 0);

	/* Other meta */
	set_str(&a->title, &a->from.title, clean_text_field(meta_any(m, title_keys), MAX_FIELD), "meta");
	set_date(x, &a->published, &a->published_offset, &a->from.published, meta_any(m, pub_meta), "meta");
	set_date(x, &a->modified, &a->modified_offset, &a->from.modified, meta_any(m, mod_meta), "meta");
	if (a->n_authors == 0) {
		size_t i;

		for (i = 0; author_meta[i] && a->n_authors == 0; i++)
			meta_each(x, m, author_meta[i], 2);
	}
	set_str(&a->summary, &a->from.summary, clean_text_field(meta_any(m, desc_meta), MAX_FIELD), "meta");
	set_url(x, &a->image, &a->from.image, meta_get(m, "twitter:image"), "meta");
	set_url(x, &a->image, &a->from.image, meta_get(m, "twitter:image:src"), "meta");
	set_url(x, &a->image, &a->from.image, meta_get(m, "thumbnailUrl"), "meta");
	set_str(&a->site_name, NULL, clean_field(meta_get(m, "application-name"), MAX_FIELD), NULL);
	set_str(&a->section, NULL, clean_field(meta_any(m, sec_meta), MAX_FIELD), NULL);
	if (a->n_tags == 0) {
		v = meta_any(m, kw_meta);
		add_tags(x, v, 1);
	}
}

/* Lang from og:locale and http-equiv after <html lang>. */
static void
meta_language(struct ex *x, const struct metas *m)
{
	size_t i;

	set_language(x, meta_get(m, "og:locale"));
	for (i = 0; i < m->n && !x->a->language; i++) {
		const char *h = attr(m->v[i], "http-equiv");

		if (h && kb_strcasecmp(h, "content-language") == 0)
			set_language(x, attr(m->v[i], "content"));
	}
}

/* A title "Headline - Site Name": drop the suffix (or prefix) when it
 * names the site or the host. In place. */
static void
strip_title_site(struct ex *x, char *t)
{
	static const char *const seps[] = { " | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ", " \xc2\xbb ",
					    " / ", NULL };
	char *host = kb_url_host(x->url);
	const char *h = host;
	size_t i;

	if (h && strncmp(h, "www.", 4) == 0)
		h += 4;
	for (i = 0; seps[i]; i++) {
		char *p = NULL, *q;
		size_t sl = strlen(seps[i]);

		/* The last separator: "A - B | Site". */
		for (q = strstr(t, seps[i]); q; q = strstr(q + 1, seps[i]))
			p = q;
		if (p && p > t) {
			const char *suffix = p + sl;
			int site = x->a->site_name &&
				   (kb_strcasecmp(suffix, x->a->site_name) == 0 || ci_find(suffix, x->a->site_name) ||
				    ci_find(x->a->site_name, suffix));
			char label[128];
			size_t k;

			/* The host's name without its suffix: "kompas" of kompas.com. */
			if (!site && h) {
				k = strcspn(h, ".");
				if (k > 2 && k < sizeof(label)) {
					memcpy(label, h, k);
					label[k] = '\0';
					site = ci_find(suffix, label) != NULL;
				}
			}
			if (site && *suffix && strlen(suffix) < 80) {
				*p = '\0';
				break;
			}
		}
		/* "Site | Headline" */
		p = strstr(t, seps[i]);
		if (p && x->a->site_name && (size_t)(p - t) == strlen(x->a->site_name) &&
		    kb_strncasecmp(t, x->a->site_name, (size_t)(p - t)) == 0 && strlen(p + sl) > 10) {
			memmove(t, p + sl, strlen(p + sl) + 1);
			break;
		}
	}
	free(host);
}

/* The <head> and page-wide facts: meta, link, html lang, title, h1. */
static void
meta_page(struct ex *x)
{
	xmlNodePtr root = xmlDocGetRootElement(x->doc), n;
	struct metas m;
	const char *canonical = NULL, *ogurl;
	xmlNodePtr title_node = NULL, h1 = NULL;
	struct kb_article *a = x->a;

	memset(&m, 0, sizeof(m));
	for (n = root; n; n = next_elem(n, root, 0)) {
		if (tag_is(n, "meta")) {
			push_node(&m.v, &m.n, &m.cap, n);
		} else if (tag_is(n, "link")) {
			const char *rel = attr(n, "rel");

			if (rel && !canonical && kb_strcasecmp(rel, "canonical") == 0 && attr(n, "href"))
				canonical = attr(n, "href");
		} else if (tag_is(n, "title") && !title_node && !has_ancestor(n, "svg", 0)) {
			title_node = n;
		} else if (tag_is(n, "h1") && !h1) {
			h1 = n;
		}
	}
	meta_tags(x, &m);

	/* canonical */
	set_url(x, &a->url, &a->from.canonical, canonical, "canonical");
	ogurl = meta_get(&m, "og:url");
	if (!a->url && ogurl) {
		/* The link rel=canonical is not there; og:url comes before JSON-LD. */
		set_url(x, &a->url, &a->from.canonical, ogurl, "opengraph");
	}

	/* language */
	if (root)
		set_language(x, attr(root, "lang"));
	if (root && !a->language)
		set_language(x, attr(root, "xml:lang"));
	meta_language(x, &m);

	if (title_node) {
		char *t = node_text(title_node, MAX_FIELD);

		set_str(&a->title, &a->from.title, clean_field(t, MAX_FIELD), "title");
		free(t);
	}
	if (h1) {
		char *t = node_text(h1, MAX_FIELD);

		set_str(&a->title, &a->from.title, clean_field(t, MAX_FIELD), "h1");
		free(t);
	}
	free(m.v);
}

/* --- byline, time and dateline --- */

static int is_byline(xmlNodePtr n, const char *cl, const char *id);

/* A date in text: the longest run of words from the earliest start that
 * kb_date_parse reads and that has a year. 0 when one was found. */
static int
find_date_in(struct ex *x, const char *text, size_t max_words, int64_t *t, int *off)
{
	const char *w[96];
	size_t wl[96];
	size_t nw = 0, i, k;
	const char *p = text;
	char buf[256];

	if (max_words > KB_ARRAY_LEN(w))
		max_words = KB_ARRAY_LEN(w);
	while (*p && nw < max_words) {
		while (*p && is_space((unsigned char)*p))
			p++;
		if (!*p)
			break;
		w[nw] = p;
		while (*p && !is_space((unsigned char)*p))
			p++;
		wl[nw] = (size_t)(p - w[nw]);
		nw++;
	}
	for (i = 0; i < nw; i++) {
		const char *s = w[i];

		/* A date starts with a letter, a digit or '(' */
		if (wl[i] > 40)
			continue;
		for (k = (nw - i < 8 ? nw - i : 8); k >= 1; k--) {
			size_t j, len = 0;
			int year = 0, letters = 0, digits_only = 1;

			for (j = i; j < i + k; j++) {
				size_t c;

				if (len + wl[j] + 2 >= sizeof(buf))
					break;
				if (len)
					buf[len++] = ' ';
				memcpy(buf + len, w[j], wl[j]);
				len += wl[j];
				for (c = 0; c < wl[j]; c++) {
					unsigned char ch = (unsigned char)w[j][c];

					if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '/' ||
					    ch == '-')
						letters = 1;
					if (!(ch >= '0' && ch <= '9'))
						digits_only = 0;
				}
				/* four digits in a row: a year */
				for (c = 0; c + 4 <= wl[j]; c++) {
					if (w[j][c] >= '1' && w[j][c] <= '2' && w[j][c + 1] >= '0' &&
					    w[j][c + 1] <= '9' && w[j][c + 2] >= '0' && w[j][c + 2] <= '9' &&
					    w[j][c + 3] >= '0' && w[j][c + 3] <= '9' &&
					    (c + 4 == wl[j] || !(w[j][c + 4] >= '0' && w[j][c + 4] <= '9')) &&
					    (c == 0 || !(w[j][c - 1] >= '0' && w[j][c - 1] <= '9')))
						year = 1;
				}
			}
			if (j < i + k || !year || !letters || digits_only)
				continue;
			buf[len] = '\0';
			/* Trailing punctuation of the sentence: "2023)." */
			while (len > 0 && (buf[len - 1] == ',' || buf[len - 1] == '.' || buf[len - 1] == ';' ||
					   buf[len - 1] == ':' || buf[len - 1] == '-' || buf[len - 1] == '|'))
				buf[--len] = '\0';
			(void)s;
			if (kb_date_parse(buf, x->tz, t, off) == 0)
				return 0;
			/* "Jakarta, Kamis (1/6/2023)": from '(' to ')' with the day before it */
		}
	}
	return -1;
}

static const char *const byline_words[] = { "byline",  "author",   "dateline", "writtenby", "p-author",
					    "penulis", "reporter", "wartawan", "pewarta",   NULL };
static const char *const date_words[] = { "date", "time",   "publish",	"posted", "tanggal", "waktu",
					  "meta", "byline", "dateline", "info",	  NULL };

/* Labels of the people a byline names besides the author. */
static const char *const role_labels[] = { "editor",  "fotografer", "foto",	"sumber",      "reporter",    "pewarta",
					   "penulis", "penyunting", "redaktur", "kontributor", "videografer", NULL };

/* Lines that give the author in the text: "Penulis: NAME". */
static const char *const author_labels[] = { "penulis:",   "penulis :", "oleh:",     "oleh :",	      "reporter:",
					     "reporter :", "pewarta:",	"pewarta :", "ditulis oleh ", NULL };

/* Strip a byline's "By"/"Oleh"/"Penulis:" and what follows the name
 * (a date, a pipe, a <br> marked as a pipe, the next role label:
 * "Editor: NAME"). New string or NULL. */
static char *
byline_name(const char *s)
{
	static const char *const pre[] = { "by ",	 "oleh ",	  "oleh:",    "penulis:",  "penulis :",
					   "reporter:",	 "reporter :",	  "pewarta:", "pewarta :", "written by ",
					   "posted by ", "ditulis oleh ", NULL };
	char *c = clean_field(s, 200), *p;
	size_t i, n;

	if (!c)
		return NULL;
	p = c;
	for (i = 0; pre[i]; i++) {
		if (ci_prefix(p, pre[i])) {
			p += strlen(pre[i]);
			break;
		}
	}
	/* "Penulis: | NAME" (a <br> after the label) */
	while (*p == ' ' || *p == '|')
		p++;
	n = strcspn(p, "|\xe2\n");
	/* "NAME Editor: NAME": the next role label ends the name */
	for (i = 0; i < n; i++) {
		size_t k;

		if (p[i] != ' ')
			continue;
		for (k = 0; role_labels[k]; k++) {
			size_t l = strlen(role_labels[k]);

			if (ci_prefix(p + i + 1, role_labels[k]) &&
			    (p[i + 1 + l] == ':' || (p[i + 1 + l] == ' ' && p[i + 2 + l] == ':')))
				break;
		}
		if (role_labels[k]) {
			n = i;
			break;
		}
	}
	/* ", Jakarta" / " - 5 Juni 2023": the name comes first */
	for (i = 0; i < n; i++) {
		if ((p[i] == ' ' && p[i + 1] == '-' && p[i + 2] == ' ') || (p[i] >= '0' && p[i] <= '9')) {
			n = i;
			break;
		}
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == ',' || p[n - 1] == '-'))
		n--;
	if (n == 0 || n > 100) {
		free(c);
		return NULL;
	}
	p = kb_strndup(p, n);
	free(c);
	return p;
}

/* Dates of <time> elements and byline/date blocks, on the whole page. */
static void
meta_time(struct ex *x)
{
	xmlNodePtr root = xmlDocGetRootElement(x->doc), n, first_time = NULL;
	struct kb_article *a = x->a;

	if (a->published != KB_NO_TIME)
		return;
	for (n = root; n; n = next_elem(n, root, 0)) {
		const char *ip;

		if (!tag_is(n, "time"))
			continue;
		ip = attr(n, "itemprop");
		if (attr(n, "pubdate") || (ip && ci_find(ip, "datePublished"))) {
			first_time = n;
			break;
		}
		if (!first_time && !has_ancestor(n, "aside", 0) && !has_ancestor(n, "footer", 0) &&
		    !has_ancestor(n, "nav", 0))
			first_time = n;
	}
	if (first_time) {
		const char *dt = attr(first_time, "datetime");

		if (dt)
			set_date(x, &a->published, &a->published_offset, &a->from.published, dt, "time");
		if (a->published == KB_NO_TIME) {
			char *t = node_text(first_time, 300);
			int64_t v;
			int o;

			if (find_date_in(x, t, 16, &v, &o) == 0) {
				a->published = v;
				a->published_offset = o;
				a->from.published = "time";
			}
			free(t);
		}
	}
}

/* The first byline of the page (rel=author, itemprop=author, class
 * byline/author...) outside comments and sidebars, into x->byline. */
static void
meta_byline(struct ex *x)
{
	static const char *const outside[] = { "comment", "sidebar", "related", "footer", "widget", NULL };
	xmlNodePtr root = xmlDocGetRootElement(x->doc), n, a;

	for (n = root; n && !x->byline; n = next_elem(n, root, 0)) {
		const char *cl = attr(n, "class"), *id = attr(n, "id");
		int bad = 0;

		if (tag_is(n, "script") || tag_is(n, "style") || tag_is(n, "head") || tag_is(n, "meta") ||
		    tag_is(n, "link") || tag_is(n, "aside") || tag_is(n, "footer") || tag_is(n, "nav"))
			continue;
		if (!is_byline(n, cl, id))
			continue;
		for (a = n->parent; is_elem(a) && !bad; a = a->parent)
			bad = tag_is(a, "aside") || tag_is(a, "footer") || tag_is(a, "nav") ||
			      ci_any(attr(a, "class"), outside) || ci_any(attr(a, "id"), outside);
		if (!bad)
			x->byline = node_text_mark(n, 400, 1);
	}
}

/* A date in a short element whose class says date or byline. */
static void
meta_dateline_blocks(struct ex *x)
{
	xmlNodePtr root = xmlDocGetRootElement(x->doc), n;
	struct kb_article *a = x->a;
	int tries = 0;

	for (n = root; n && a->published == KB_NO_TIME && tries < 50; n = next_elem(n, root, 0)) {
		const char *cl = attr(n, "class"), *id = attr(n, "id");
		char *t;
		int64_t v;
		int o;
		size_t len;

		if (tag_is(n, "script") || tag_is(n, "style") || tag_is(n, "head"))
			continue;
		if (!ci_any(cl, date_words) && !ci_any(id, date_words))
			continue;
		len = text_len(n);
		if (len == 0 || len > 200)
			continue;
		tries++;
		t = node_text(n, 400);
		if (find_date_in(x, t, 24, &v, &o) == 0) {
			a->published = v;
			a->published_offset = o;
			a->from.published = "dateline";
		}
		free(t);
	}
}

/* --- pagination --- */

/* The page number a URL names (?page=N, ?p=N, ?halaman=N, /N at the end
 * of the path), its identity without it in *rest (new string), or 0. */
static long
page_number(const char *url, char **rest)
{
	static const char *const keys[] = { "page", "p", "halaman", "hal", "pg", "paged", "pagenum", NULL };
	char *u = kb_strdup(url), *q, *frag;
	long num = 0;
	size_t i;

	frag = strchr(u, '#');
	if (frag)
		*frag = '\0';
	q = strchr(u, '?');
	if (q) {
		char *p = q + 1;

		while (*p) {
			char *amp = strchr(p, '&');
			size_t plen = amp ? (size_t)(amp - p) : strlen(p);
			int removed = 0;

			for (i = 0; keys[i]; i++) {
				size_t kl = strlen(keys[i]);

				if (plen > kl + 1 && kb_strncasecmp(p, keys[i], kl) == 0 && p[kl] == '=') {
					char *end;
					long v = strtol(p + kl + 1, &end, 10);

					if (end == p + plen && v > 0 && v < 1000) {
						num = v;
						memmove(p, amp ? amp + 1 : p + plen,
							strlen(amp ? amp + 1 : p + plen) + 1);
						removed = 1;
					}
					break;
				}
			}
			if (!removed)
				p = amp ? amp + 1 : p + plen;
		}
		i = strlen(u);
		while (i > 0 && (u[i - 1] == '?' || u[i - 1] == '&'))
			u[--i] = '\0';
	}
	if (num == 0) {
		/* /N or /N/ at the end of the path (N of one or two digits) */
		char *end = q ? strchr(u, '?') : NULL;
		size_t plen = end ? (size_t)(end - u) : strlen(u);
		size_t e = plen, s;

		if (e > 0 && u[e - 1] == '/')
			e--;
		s = e;
		while (s > 0 && u[s - 1] >= '0' && u[s - 1] <= '9')
			s--;
		if (s < e && e - s <= 2 && s > 0 && u[s - 1] == '/' && u[s] != '0') {
			/* not the host's own path: there must be a path before it */
			const char *scheme_end = strstr(u, "://");
			const char *path = scheme_end ? strchr(scheme_end + 3, '/') : NULL;

			if (path && path < u + s - 1) {
				num = strtol(u + s, NULL, 10);
				memmove(u + s - 1, u + plen, strlen(u + plen) + 1);
			}
		} else if (s < e && e - s <= 2 && s > 0 && u[s - 1] == '-' && e == plen) {
			num = 0; /* "slug-2" is a different article, not a page */
		}
	}
	i = strlen(u);
	while (i > 0 && u[i - 1] == '/')
		u[--i] = '\0';
	*rest = kb_url_identity(u);
	if (!*rest)
		*rest = kb_strdup(u);
	free(u);
	return num;
}

struct pagelink {
	char *url;
	long num;
};

static int
pagelink_cmp(const void *a, const void *b)
{
	const struct pagelink *p = a, *q = b;

	return (p->num > q->num) - (p->num < q->num);
}

static int
is_next_text(const char *t)
{
	static const char *const words[] = { "selanjutnya",
					     "berikutnya",
					     "halaman selanjutnya",
					     "halaman berikutnya",
					     "next",
					     "next page",
					     "next \xc2\xbb",
					     "selanjutnya \xc2\xbb",
					     "\xc2\xbb",
					     "\xe2\x80\xba",
					     ">",
					     ">>",
					     "lanjut",
					     "lanjutkan",
					     NULL };
	size_t i;

	for (i = 0; words[i]; i++)
		if (kb_strcasecmp(t, words[i]) == 0)
			return 1;
	return 0;
}

static void
find_next_pages(struct ex *x)
{
	xmlNodePtr root = xmlDocGetRootElement(x->doc), n;
	struct kb_article *a = x->a;
	struct pagelink links[64];
	size_t nl = 0, i, j;
	char *self_rest = NULL, *canon_rest = NULL;
	long self_num = page_number(x->url, &self_rest);

	if (self_num == 0)
		self_num = 1;
	if (a->url) {
		page_number(a->url, &canon_rest);
	}
	for (n = root; n && nl < KB_ARRAY_LEN(links); n = next_elem(n, root, 0)) {
		const char *href = NULL;
		int next_rel = 0;
		char *u, *rest = NULL, *t;
		long num;

		if (tag_is(n, "link") || tag_is(n, "a")) {
			const char *rel = attr(n, "rel");

			href = attr(n, "href");
			next_rel = rel && ci_find(rel, "next") != NULL;
			if (tag_is(n, "link") && !next_rel)
				continue;
		} else {
			continue;
		}
		if (!href || !*href || href[0] == '#')
			continue;
		u = abs_url(x, href);
		if (!u)
			continue;
		num = page_number(u, &rest);
		if (!rest || (strcmp(rest, self_rest) != 0 && (!canon_rest || strcmp(rest, canon_rest) != 0))) {
			free(rest);
			free(u);
			continue;
		}
		free(rest);
		t = tag_is(n, "a") ? node_text(n, 200) : kb_strdup("");
		{
			char *tt = kb_trim(t);
			char *end;
			long tv = strtol(tt, &end, 10);
			int numeric = *tt && *end == '\0' && tv == num;

			if (!next_rel && !numeric && !is_next_text(tt)) {
				free(t);
				free(u);
				continue;
			}
		}
		free(t);
		if (num <= self_num) {
			free(u);
			continue;
		}
		for (j = 0; j < nl; j++)
			if (links[j].num == num)
				break;
		if (j < nl) {
			free(u);
			continue;
		}
		links[nl].url = u;
		links[nl].num = num;
		nl++;
	}
	qsort(links, nl, sizeof(links[0]), pagelink_cmp);
	for (i = 0; i < nl; i++) {
		if (a->n_next_pages < MAX_NEXT_PAGES) {
			a->next_pages = kb_reallocarray(a->next_pages, a->n_next_pages + 1, sizeof(char *));
			a->next_pages[a->n_next_pages++] = links[i].url;
		} else {
			free(links[i].url);
		}
	}
	free(self_rest);
	free(canon_rest);
}

/* --- the main text --- */

static const char *const unlikely_words[] = {
	"-ad-",		"ai2html",  "banner",	 "breadcrumb", "combx",	    "comment",	  "community",	"cover-wrap",
	"disqus",	"extra",    "footer",	 "gdpr",       "header",    "legends",	  "menu",	"related",
	"remark",	"replies",  "rss",	 "shoutbox",   "sidebar",   "skyscraper", "social",	"sponsor",
	"supplemental", "ad-break", "agegate",	 "pagination", "pager",	    "popup",	  "yom-remote", "share",
	"slideshow",	"carousel", "gallery",	 "newsletter", "subscribe", "cookie",	  "terkait",	"terpopuler",
	"rekomendasi",	"bacajuga", "baca-juga", "baca_juga",  "paywall",   "outbrain",	  "taboola",	NULL
};
static const char *const maybe_words[] = { "and", "article", "body", "column", "content", "main", "shadow", NULL };
static const char *const negative_words[] = {
	"-ad-",	     "hidden",	 "banner",     "combx",	      "comment",    "com-",  "contact", "foot",	  "footnote",
	"gdpr",	     "masthead", "media",      "meta",	      "outbrain",   "promo", "related", "scroll", "share",
	"shoutbox",  "sidebar",	 "skyscraper", "sponsor",     "shopping",   "tags",  "tool",	"widget", "terkait",
	"baca-juga", "bacajuga", "taboola",    "rekomendasi", "terpopuler", NULL
};
static const char *const positive_words[] = { "article", "body",    "content",	  "entry",  "hentry", "h-entry",
					      "main",	 "page",    "pagination", "post",   "text",   "blog",
					      "story",	 "artikel", "berita",	  "detail", NULL };
static const char *const unlikely_roles[] = { "menu",  "menubar",     "complementary", "navigation",
					      "alert", "alertdialog", "dialog",	       NULL };
static const char *const phrasing_elems[] = { "abbr",	  "audio",  "b",	"bdo",	    "br",     "button", "cite",
					      "code",	  "data",   "datalist", "dfn",	    "em",     "embed",	"i",
					      "img",	  "input",  "kbd",	"label",    "mark",   "math",	"meter",
					      "noscript", "object", "output",	"progress", "q",      "ruby",	"samp",
					      "script",	  "select", "small",	"span",	    "strong", "sub",	"sup",
					      "textarea", "time",   "var",	"wbr",	    "font",   "u",	"s",
					      "strike",	  "big",    NULL };
static const char *const div_to_p_elems[] = { "blockquote", "dl", "div",     "img",	"ol",	  "p",	"pre",
					      "table",	    "ul", "section", "article", "figure", "h1", "h2",
					      "h3",	    "h4", "h5",	     "h6",	NULL };
static const char *const tags_to_score[] = { "section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre", NULL };

/* Text that marks a block as boilerplate when it starts with it. */
static const char *const boiler_prefixes[] = { "baca juga",
					       "baca:",
					       "baca lagi",
					       "berita terkait",
					       "artikel terkait",
					       "lihat juga",
					       "simak juga",
					       "tonton juga",
					       "simak video",
					       "saksikan video",
					       "dengarkan",
					       "ikuti berita",
					       "ikuti kami",
					       "ikuti juga",
					       "follow us",
					       "editor:",
					       "editor :",
					       "penulis:",
					       "penulis :",
					       "pewarta:",
					       "pewarta :",
					       "reporter:",
					       "reporter :",
					       "penyunting:",
					       "redaktur:",
					       "sumber:",
					       "foto:",
					       "baca berita",
					       "terpopuler",
					       "rekomendasi",
					       "advertisement",
					       "scroll to continue",
					       "read more:",
					       "read also:",
					       "also read:",
					       "related:",
					       "related articles",
					       "related stories",
					       "share this",
					       "share on",
					       "sign up for",
					       "subscribe to",
					       "click here to",
					       "copyright \xc2\xa9",
					       "\xc2\xa9 copyright",
					       "all rights reserved",
					       "tags:",
					       "tag:",
					       "topik:",
					       "kata kunci:",
					       NULL };

static int
is_phrasing(xmlNodePtr n, int depth)
{
	xmlNodePtr c;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return 1;
	if (!is_elem(n))
		return n->type == XML_COMMENT_NODE;
	if (in_set(tag(n), phrasing_elems))
		return 1;
	if ((tag_is(n, "a") || tag_is(n, "del") || tag_is(n, "ins")) && depth < 32) {
		for (c = n->children; c; c = c->next)
			if (!is_phrasing(c, depth + 1))
				return 0;
		return 1;
	}
	return 0;
}

static int
is_ws_node(xmlNodePtr n)
{
	const unsigned char *p;

	if (tag_is(n, "br"))
		return 1;
	if (n->type == XML_COMMENT_NODE)
		return 1;
	if (n->type != XML_TEXT_NODE)
		return 0;
	for (p = n->content; p && *p; p++)
		if (!is_space(*p))
			return 0;
	return 1;
}

static int
has_child_block(xmlNodePtr n, int depth)
{
	xmlNodePtr c;

	if (depth > MAX_DEPTH)
		return 0;
	for (c = n->children; c; c = c->next) {
		if (!is_elem(c))
			continue;
		if (in_set(tag(c), div_to_p_elems) || has_child_block(c, depth + 1))
			return 1;
	}
	return 0;
}

/* n has exactly one element child, named name, and no text. */
static xmlNodePtr
single_child(xmlNodePtr n, const char *name)
{
	xmlNodePtr c, only = NULL;

	for (c = n->children; c; c = c->next) {
		if (is_elem(c)) {
			if (only)
				return NULL;
			only = c;
		} else if (c->type == XML_TEXT_NODE && !is_ws_node(c)) {
			return NULL;
		}
	}
	return only && tag_is(only, name) ? only : NULL;
}

static int
without_content(xmlNodePtr n)
{
	xmlNodePtr c;

	if (text_len(n) > 0)
		return 0;
	for (c = n->children; c; c = c->next)
		if (is_elem(c) && !tag_is(c, "br") && !tag_is(c, "hr"))
			return 0;
	return 1;
}

static int
visible(xmlNodePtr n)
{
	const char *st = attr(n, "style"), *ah = attr(n, "aria-hidden"), *cl = attr(n, "class");

	if (st) {
		char buf[256];
		size_t i, k = 0;

		for (i = 0; st[i] && k + 1 < sizeof(buf); i++)
			if (!is_space((unsigned char)st[i]))
				buf[k++] = (char)lower((unsigned char)st[i]);
		buf[k] = '\0';
		if (strstr(buf, "display:none") || strstr(buf, "visibility:hidden"))
			return 0;
	}
	if (attr(n, "hidden"))
		return 0;
	if (ah && strcmp(ah, "true") == 0 && !(cl && ci_find(cl, "fallback-image")))
		return 0;
	return 1;
}

static int
class_weight(struct ex *x, xmlNodePtr n)
{
	const char *cl = attr(n, "class"), *id = attr(n, "id");
	int w = 0;

	if (!(x->flags & F_WEIGHT_CLASSES))
		return 0;
	if (cl && *cl) {
		if (ci_any(cl, negative_words))
			w -= 25;
		if (ci_any(cl, positive_words))
			w += 25;
	}
	if (id && *id) {
		if (ci_any(id, negative_words))
			w -= 25;
		if (ci_any(id, positive_words))
			w += 25;
	}
	/* Microdata and ARIA naming the body say more than class names. */
	if (attr(n, "itemprop") && ci_find(attr(n, "itemprop"), "articleBody"))
		w += 50;
	return w;
}

static void
init_node(struct ex *x, xmlNodePtr n)
{
	struct ninfo *in = info_new(x, n);
	const char *t = tag(n);

	in->score = 0;
	if (strcmp(t, "div") == 0 || strcmp(t, "article") == 0 || strcmp(t, "main") == 0)
		in->score += 5;
	else if (strcmp(t, "pre") == 0 || strcmp(t, "td") == 0 || strcmp(t, "blockquote") == 0)
		in->score += 3;
	else if (strcmp(t, "address") == 0 || strcmp(t, "ol") == 0 || strcmp(t, "ul") == 0 || strcmp(t, "dl") == 0 ||
		 strcmp(t, "dd") == 0 || strcmp(t, "dt") == 0 || strcmp(t, "li") == 0 || strcmp(t, "form") == 0)
		in->score -= 3;
	else if (t[0] == 'h' && t[1] >= '1' && t[1] <= '6' && !t[2])
		in->score -= 5;
	else if (strcmp(t, "th") == 0)
		in->score -= 5;
	in->score += class_weight(x, n);
	push_node(&x->cands, &x->n_cands, &x->cap_cands, n);
}

/* Tokens of s (lower-cased \w-ish runs of bytes) for similarity. */
static double
text_similarity(const char *a, const char *b)
{
	/* The share of b's characters in words that a also has. */
	size_t total = 0, shared = 0;
	const char *p = b;
	char *la = kb_strdup(a);
	size_t i;

	for (i = 0; la[i]; i++)
		la[i] = (char)lower((unsigned char)la[i]);
	while (*p) {
		const char *s;
		char w[128];
		size_t n;

		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			       (unsigned char)*p >= 0x80))
			p++;
		s = p;
		while (*p && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			      (unsigned char)*p >= 0x80))
			p++;
		n = (size_t)(p - s);
		if (n == 0 || n >= sizeof(w))
			continue;
		for (i = 0; i < n; i++)
			w[i] = (char)lower((unsigned char)s[i]);
		w[n] = '\0';
		total += n;
		if (strstr(la, w))
			shared += n;
	}
	free(la);
	return total ? (double)shared / (double)total : 0;
}

static int
header_is_title(struct ex *x, xmlNodePtr n)
{
	char *t;
	int r;

	if (!x->a->title || !(tag_is(n, "h1") || tag_is(n, "h2")))
		return 0;
	t = node_text(n, MAX_FIELD);
	r = *t && text_similarity(x->a->title, t) > 0.75 && text_similarity(t, x->a->title) > 0.75;
	free(t);
	return r;
}

static int
is_byline(xmlNodePtr n, const char *cl, const char *id)
{
	const char *rel = attr(n, "rel"), *ip = attr(n, "itemprop");
	size_t len;

	if (!((rel && strcmp(rel, "author") == 0) || (ip && ci_find(ip, "author")) || ci_any(cl, byline_words) ||
	      ci_any(id, byline_words)))
		return 0;
	len = text_len(n);
	return len > 0 && len < 100;
}

/* Wrap runs of phrasing children of a div in <p>. */
static void
wrap_phrasing(xmlNodePtr div)
{
	xmlNodePtr c = div->children, next, p = NULL;

	while (c) {
		next = c->next;
		if (is_phrasing(c, 0)) {
			if (p) {
				xmlUnlinkNode(c);
				xmlAddChild(p, c);
			} else if (!is_ws_node(c)) {
				p = xmlNewDocNode(div->doc, NULL, (const xmlChar *)"p", NULL);
				xmlAddPrevSibling(c, p);
				xmlUnlinkNode(c);
				xmlAddChild(p, c);
			}
		} else if (p) {
			/* trailing whitespace stays in it: harmless */
			p = NULL;
		}
		c = next;
	}
}

/* The first pass: drop what is not content, collect what to score. */
static void
prepare_nodes(struct ex *x, xmlNodePtr body)
{
	xmlNodePtr n = body;

	while (n) {
		const char *cl = attr(n, "class"), *id = attr(n, "id"), *role = attr(n, "role");
		const char *t = tag(n);
		char match[512];

		snprintf(match, sizeof(match), "%.250s %.250s", cl ? cl : "", id ? id : "");
		if (in_set(t, (const char *const[]){ "script", "style", "noscript", "template", "iframe", "svg",
						     "button", "input", "select", "textarea", "nav", "object", "embed",
						     "canvas", "link", "meta", NULL })) {
			n = remove_and_next(n, body);
			continue;
		}
		if (n != body && !visible(n)) {
			n = remove_and_next(n, body);
			continue;
		}
		if (role && strcmp(role, "dialog") == 0 && attr(n, "aria-modal")) {
			n = remove_and_next(n, body);
			continue;
		}
		if (n != body && is_byline(n, cl, id) && !tag_is(n, "article")) {
			if (!x->byline)
				x->byline = node_text_mark(n, 400, 1);
			n = remove_and_next(n, body);
			continue;
		}
		if (!x->removed_title && header_is_title(x, n)) {
			x->removed_title = 1;
			n = remove_and_next(n, body);
			continue;
		}
		if (x->flags & F_STRIP_UNLIKELY) {
			if (ci_any(match, unlikely_words) && !ci_any(match, maybe_words) &&
			    !has_ancestor(n, "table", 3) && !has_ancestor(n, "code", 3) && n != body &&
			    !tag_is(n, "a") && !tag_is(n, "body") && !tag_is(n, "article") && !tag_is(n, "main")) {
				n = remove_and_next(n, body);
				continue;
			}
			if (role && in_set(role, unlikely_roles)) {
				n = remove_and_next(n, body);
				continue;
			}
			if (tag_is(n, "aside") || tag_is(n, "footer") || tag_is(n, "header")) {
				if (!(tag_is(n, "header") && has_ancestor(n, "article", 0))) {
					n = remove_and_next(n, body);
					continue;
				}
			}
		}
		if ((tag_is(n, "div") || tag_is(n, "section") || tag_is(n, "header") ||
		     (t[0] == 'h' && t[1] >= '1' && t[1] <= '6' && !t[2])) &&
		    without_content(n)) {
			n = remove_and_next(n, body);
			continue;
		}
		if (in_set(t, tags_to_score))
			push_node(&x->to_score, &x->n_to_score, &x->cap_to_score, n);
		if (tag_is(n, "div")) {
			xmlNodePtr only;

			wrap_phrasing(n);
			only = single_child(n, "p");
			if (only && link_density(n) < 0.25) {
				xmlUnlinkNode(only);
				xmlReplaceNode(n, only);
				xmlFreeNode(n);
				n = only;
				push_node(&x->to_score, &x->n_to_score, &x->cap_to_score, n);
			} else if (!has_child_block(n, 0)) {
				xmlNodeSetName(n, (const xmlChar *)"p");
				push_node(&x->to_score, &x->n_to_score, &x->cap_to_score, n);
			}
		}
		n = next_elem(n, body, 0);
	}
}

static void
score_nodes(struct ex *x)
{
	size_t i;

	for (i = 0; i < x->n_to_score; i++) {
		xmlNodePtr el = x->to_score[i], anc;
		size_t len;
		double score;
		int level;

		if (!is_elem(el->parent))
			continue;
		len = text_len(el);
		if (len < 25)
			continue;
		score = 1 + (double)count_commas(el, 0) + (double)(len / 100 < 3 ? len / 100 : 3);
		for (anc = el->parent, level = 0; is_elem(anc) && level < 5; anc = anc->parent, level++) {
			struct ninfo *in;
			double div;

			if (!is_elem(anc->parent))
				break;
			in = info_of(x, anc);
			if (!in) {
				init_node(x, anc);
				in = info_of(x, anc);
			}
			div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
			in->score += score / div;
		}
	}
}

/* Is table n a data table (kept by the conditional cleaning)? */
static int
data_table(xmlNodePtr n)
{
	const char *role = attr(n, "role"), *dt = attr(n, "datatable");
	size_t rows, cols = 0;
	xmlNodePtr r;

	if (role && strcmp(role, "presentation") == 0)
		return 0;
	if (dt && strcmp(dt, "0") == 0)
		return 0;
	if (attr(n, "summary") || count_tags(n, "caption", 0) || count_tags(n, "thead", 0) || count_tags(n, "th", 0))
		return 1;
	if (count_tags(n, "table", 0))
		return 0;
	rows = count_tags(n, "tr", 0);
	for (r = n; r; r = next_elem(r, n, 0)) {
		if (tag_is(r, "tr")) {
			size_t k = count_tags(r, "td", 0);

			if (k > cols)
				cols = k;
		}
	}
	if (rows >= 10 || cols > 4)
		return 1;
	return rows * cols > 10;
}

static int
is_heading(xmlNodePtr n)
{
	const char *t = tag(n);

	return t[0] == 'h' && t[1] >= '1' && t[1] <= '6' && !t[2];
}

static size_t
heading_text_len(xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	size_t k = 0;

	if (depth > MAX_DEPTH)
		return 0;
	for (c = n->children; c; c = c->next) {
		if (!is_elem(c))
			continue;
		if (is_heading(c))
			k += text_len(c);
		else
			k += heading_text_len(c, depth + 1);
	}
	return k;
}

/* Boilerplate by its text: "Baca juga: ...", "Editor: ...", share prompts. */
static int
boiler_text(xmlNodePtr n)
{
	char *t = node_text(n, 400);
	const char *p = t;
	size_t len;
	int r = 0;

	while (*p && (*p == ' ' || *p == '-' || *p == '*' || *p == '[' || *p == '(' || *p == '>' ||
		      (unsigned char)*p == 0xe2))
		p++;
	len = strlen(p);
	if (len == 0) {
		free(t);
		return 0;
	}
	{
		size_t i;

		for (i = 0; boiler_prefixes[i]; i++) {
			if (ci_prefix(p, boiler_prefixes[i])) {
				/* Long paragraphs that only start so are text. */
				r = text_len(n) < 300;
				break;
			}
		}
	}
	free(t);
	return r;
}

/* A credit "AGENCY/NAME" ("ANTARA/Dimas Prasetyo", "ANTARA FOTO/Ali"):
 * a word of three or more capitals just before a slash and a capital. */
static int
credit_slash(const char *t)
{
	const char *p;

	for (p = strchr(t, '/'); p; p = strchr(p + 1, '/')) {
		const char *q = p, *r = p + 1;
		size_t caps = 0;

		while (q > t && ((q[-1] >= 'A' && q[-1] <= 'Z') || q[-1] == '.')) {
			q--;
			if (*q != '.')
				caps++;
		}
		if (*r == ' ')
			r++;
		if (caps >= 3 && (q == t || q[-1] == ' ' || q[-1] == '(') && *r >= 'A' && *r <= 'Z')
			return 1;
	}
	return 0;
}

/* Caption that only credits the picture. */
static int
credit_caption(xmlNodePtr n)
{
	static const char *const words[] = {
		"foto:",       "foto :",    "(foto",	    "photo:",	    "photograph:", "credit:",  "credits:",
		"image:",      "gambar:",   "getty images", "shutterstock", "istimewa",	   "dok.",     "dokumentasi",
		"sumber foto", "ilustrasi", "(ist)",	    "photo by",	    "image by",	   "courtesy", NULL
	};
	char *t;
	int r;

	if (text_len(n) > 160)
		return 0;
	t = node_text(n, 400);
	r = ci_any(t, words) || credit_slash(t);
	free(t);
	return r;
}

/* A caption in a <figure> that is not the text: a short block without a
 * picture of its own in a short figure that holds one, or a credit. */
static int
figure_caption(xmlNodePtr n)
{
	xmlNodePtr f = n->parent;
	size_t len, media;
	int d = 0;

	while (is_elem(f) && !tag_is(f, "figure") && d < 8) {
		f = f->parent;
		d++;
	}
	if (!is_elem(f) || !tag_is(f, "figure"))
		return 0;
	if (count_tags(n, "img", 0) || count_tags(n, "picture", 0) || count_tags(n, "video", 0))
		return 0;
	len = text_len(n);
	/* a figure that holds the story is no picture's frame */
	if (len == 0 || len >= 400 || text_len(f) >= 800)
		return 0;
	media = count_tags(f, "img", 0) + count_tags(f, "picture", 0) + count_tags(f, "video", 0);
	return media > 0 || credit_caption(n);
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the class and id text m holds a word of words standing on its
 * own ("detail__body-reaction", "poll-box", "votes"), not inside a longer
 * word ("devoted"). */
static int
class_word(const char *m, const char *const *words)
{
	size_t i;

	for (i = 0; words[i]; i++) {
		size_t l = strlen(words[i]);
		const char *p = m;

		while ((p = ci_find(p, words[i])) != NULL) {
			int before = p == m || !is_alpha((unsigned char)p[-1]);
			int after = !is_alpha((unsigned char)p[l]) ||
				    (lower((unsigned char)p[l]) == 's' && !is_alpha((unsigned char)p[l + 1]));

			if (before && after)
				return 1;
			p++;
		}
	}
	return 0;
}

/* Reader reactions, polls and ratings under the text: by class or id. */
static const char *const reaction_words[] = { "reaction", "reaksi", "vote", "poll", "emoji", "rating", "emosi", NULL };

/* ... and by the prompt they start with. */
static const char *const reaction_prompts[] = { "bagaimana reaksi anda",
						"bagaimana perasaan anda",
						"apa reaksi anda",
						"berikan reaksi",
						"what's your reaction",
						"what is your reaction",
						"how do you feel about this",
						NULL };

static int
reaction_prompt(xmlNodePtr n)
{
	char *t;
	size_t i;
	int r = 0;

	if (text_len(n) > 120)
		return 0;
	t = node_text(n, 200);
	for (i = 0; reaction_prompts[i] && !r; i++)
		r = ci_prefix(t, reaction_prompts[i]);
	free(t);
	return r;
}

/* A short line of the text that names the author ("Penulis: NAME<br>
 * Editor: NAME"), its text with <br> as " | "; else NULL. New string. */
static char *
author_line(xmlNodePtr n)
{
	char *t;
	size_t i;

	if (text_len(n) > 200)
		return NULL;
	t = node_text_mark(n, 400, 1);
	for (i = 0; author_labels[i]; i++)
		if (ci_prefix(t, author_labels[i]))
			return t;
	free(t);
	return NULL;
}

static void
clean_conditionally(struct ex *x, xmlNodePtr root, const char *name)
{
	xmlNodePtr *list = NULL, n;
	size_t nl = 0, cap = 0, i;

	if (!(x->flags & F_CLEAN_COND))
		return;
	for (n = first_elem(root); n; n = next_elem(n, root, 0))
		if (tag_is(n, name))
			push_node(&list, &nl, &cap, n);
	/* From the last: inner blocks go before the ones holding them. */
	for (i = nl; i-- > 0;) {
		xmlNodePtr el = list[i];
		struct ninfo *in = info_of(x, el);
		int weight, is_list, remove = 0;
		double score = in ? in->score : 0;

		if (!el->parent)
			continue;
		if (tag_is(el, "table") && in && in->data_table)
			continue;
		{
			/* in a data table or code */
			xmlNodePtr a;
			int inside = 0;

			for (a = el->parent; is_elem(a) && !inside; a = a->parent) {
				struct ninfo *ai = info_of(x, a);

				if ((tag_is(a, "table") && ai && ai->data_table) || tag_is(a, "code") ||
				    tag_is(a, "pre"))
					inside = 1;
			}
			if (inside)
				continue;
		}
		weight = class_weight(x, el);
		is_list = tag_is(el, "ul") || tag_is(el, "ol");
		if (weight + score < 0) {
			remove = 1;
		} else if (count_commas(el, 0) < 10) {
			size_t p = count_tags(el, "p", 0), img = count_tags(el, "img", 0);
			long li = (long)count_tags(el, "li", 0) - 100;
			size_t input = count_tags(el, "input", 0);
			size_t embed = count_tags(el, "video", 0) + count_tags(el, "embed", 0) +
				       count_tags(el, "object", 0) + count_tags(el, "iframe", 0);
			size_t len = text_len(el);
			double ld = link_density(el);
			double hd = len ? (double)heading_text_len(el, 0) / (double)len : 0;
			int in_figure = has_ancestor(el, "figure", 0);

			if (!is_list && !tag_is(el, "ul"))
				is_list = 0;
			if (img > 1 && (double)p / (double)img < 0.5 && !in_figure)
				remove = 1;
			else if (!is_list && li > (long)p)
				remove = 1;
			else if (input > p / 3)
				remove = 1;
			else if (!is_list && hd < 0.9 && len < 25 && (img == 0 || img > 2) && !in_figure)
				remove = 1;
			else if (!is_list && weight < 25 && ld > 0.2)
				remove = 1;
			else if (weight >= 25 && ld > 0.5)
				remove = 1;
			else if ((embed == 1 && len < 75) || embed > 1)
				remove = 1;
			/* Lists of links (related articles) */
			else if (is_list && ld > 0.5)
				remove = 1;
		}
		if (remove)
			remove_node(el);
	}
	free(list);
}

/* Remove every element of root named name (aside, footer...). */
static void
clean_tag(xmlNodePtr root, const char *name)
{
	xmlNodePtr n = first_elem(root);

	while (n) {
		if (tag_is(n, name))
			n = remove_and_next(n, root);
		else
			n = next_elem(n, root, 0);
	}
}

static int
is_block(xmlNodePtr n)
{
	return in_set(tag(n), div_to_p_elems) || tag_is(n, "li") || tag_is(n, "section") || tag_is(n, "time") ||
	       tag_is(n, "header") || tag_is(n, "address") || tag_is(n, "dd") || tag_is(n, "dt");
}

/* Whether a short line reads as a sentence: more than eight words and a
 * final full stop, question or exclamation mark (a dateline "Senin, 20
 * Desember 2021 - 16:00 WIB" or "Kamis (1/6/2023)" has neither). */
static int
is_sentence(const char *t)
{
	size_t words = 0, n = strlen(t);
	int in_word = 0;
	const char *p;

	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\t' || t[n - 1] == '"' || t[n - 1] == ')'))
		n--;
	for (p = t; p < t + n; p++) {
		int sp = *p == ' ' || *p == '\n' || *p == '\t';

		if (!sp && !in_word)
			words++;
		in_word = !sp;
	}
	return words > 8 && n > 0 && (t[n - 1] == '.' || t[n - 1] == '!' || t[n - 1] == '?');
}

/* Before the first long paragraph: the headline again, and short lines of
 * date, byline or tools ("By X - 11/18/19", "Updated 5:27 am"). */
static void
drop_top_lines(struct ex *x, xmlNodePtr art)
{
	static const char *const starts[] = { "by ",	    "oleh ",	    "oleh:",	   "published",
					      "updated",    "posted",	    "diterbitkan", "dipublikasikan",
					      "diperbarui", "last updated", NULL };
	xmlNodePtr n = first_elem(art);
	int seen = 0;

	while (n && seen < 12) {
		size_t len;
		char *t;
		int drop = 0;
		int64_t v;
		int o;

		if (!is_block(n) || has_child_block(n, 0)) {
			n = next_elem(n, art, 0);
			continue;
		}
		len = text_len(n);
		if (len == 0) {
			n = next_elem(n, art, 1);
			continue;
		}
		seen++;
		if (len >= 150 && !is_heading(n))
			break;
		t = node_text(n, 600);
		if (tag_is(n, "h1"))
			drop = 1;
		else if (len < 120) {
			size_t i;

			for (i = 0; starts[i] && !drop; i++)
				drop = ci_prefix(t, starts[i]);
			/* A date line, not a sentence that gives a date (the
			 * lead "Expo X digelar pada 20 hingga 22 Juni 2025 di
			 * Semarang." is the story). */
			if (!drop && !is_sentence(t) && find_date_in(x, t, 24, &v, &o) == 0)
				drop = 1;
		}
		if (drop && !x->text_byline && (ci_prefix(t, "oleh") || ci_prefix(t, "by ")))
			x->text_byline = node_text_mark(n, 400, 1);
		if (drop && x->a->published == KB_NO_TIME && find_date_in(x, t, 24, &v, &o) == 0) {
			x->a->published = v;
			x->a->published_offset = o;
			x->a->from.published = "dateline";
		}
		free(t);
		if (drop)
			n = remove_and_next(n, art);
		else
			n = next_elem(n, art, 1);
	}
}

/* The cleaning of the article's container. */
static void
prep_article(struct ex *x, xmlNodePtr art)
{
	xmlNodePtr n;

	/* data tables */
	for (n = first_elem(art); n; n = next_elem(n, art, 0)) {
		if (tag_is(n, "table")) {
			struct ninfo *in = info_new(x, n);

			in->data_table = data_table(n);
		}
	}
	clean_conditionally(x, art, "form");
	clean_conditionally(x, art, "fieldset");
	clean_tag(art, "object");
	clean_tag(art, "embed");
	clean_tag(art, "footer");
	clean_tag(art, "aside");
	clean_tag(art, "link");
	clean_tag(art, "iframe");
	clean_tag(art, "input");
	clean_tag(art, "textarea");
	clean_tag(art, "select");
	clean_tag(art, "button");
	clean_tag(art, "nav");

	/* share bars, "Baca juga", credits, headers of negative weight */
	n = first_elem(art);
	while (n) {
		const char *cl = attr(n, "class"), *id = attr(n, "id");
		char match[512];

		snprintf(match, sizeof(match), "%.250s %.250s", cl ? cl : "", id ? id : "");
		if ((ci_find(match, "share") || ci_find(match, "social")) && text_len(n) < 500) {
			n = remove_and_next(n, art);
			continue;
		}
		if (class_word(match, reaction_words) && text_len(n) < 300) {
			n = remove_and_next(n, art);
			continue;
		}
		if ((is_heading(n) || tag_is(n, "p") || tag_is(n, "div") || tag_is(n, "span") || tag_is(n, "strong") ||
		     tag_is(n, "b")) &&
		    reaction_prompt(n)) {
			/* the box of the prompt and its buttons, when that is all it holds */
			xmlNodePtr box = n->parent;

			if (is_elem(box) && box != art && text_len(box) < 200)
				n = remove_and_next(box, art);
			else
				n = remove_and_next(n, art);
			continue;
		}
		if ((tag_is(n, "p") || tag_is(n, "div") || tag_is(n, "span") || tag_is(n, "small")) &&
		    figure_caption(n)) {
			n = remove_and_next(n, art);
			continue;
		}
		if (!x->text_byline && (tag_is(n, "p") || tag_is(n, "div") || tag_is(n, "span") ||
					tag_is(n, "strong") || tag_is(n, "b") || tag_is(n, "em")))
			x->text_byline = author_line(n);
		if ((tag_is(n, "p") || tag_is(n, "div") || tag_is(n, "li") || tag_is(n, "span") ||
		     tag_is(n, "strong") || tag_is(n, "b") || tag_is(n, "em") || is_heading(n) ||
		     tag_is(n, "blockquote") || tag_is(n, "ul") || tag_is(n, "section")) &&
		    boiler_text(n)) {
			n = remove_and_next(n, art);
			continue;
		}
		/* Captions: the credits always, the others too (they repeat the
		 * picture, not the text). */
		if ((tag_is(n, "figcaption") || ci_find(match, "caption") || ci_find(match, "credit")) &&
		    (text_len(n) < 400 || credit_caption(n))) {
			n = remove_and_next(n, art);
			continue;
		}
		if ((tag_is(n, "h1") || tag_is(n, "h2")) && class_weight(x, n) < 0) {
			n = remove_and_next(n, art);
			continue;
		}
		n = next_elem(n, art, 0);
	}
	clean_conditionally(x, art, "table");
	clean_conditionally(x, art, "ul");
	clean_conditionally(x, art, "ol");
	clean_conditionally(x, art, "div");
	clean_conditionally(x, art, "section");

	drop_top_lines(x, art);

	/* h1 -> h2; empty paragraphs */
	n = first_elem(art);
	while (n) {
		if (tag_is(n, "h1"))
			xmlNodeSetName(n, (const xmlChar *)"h2");
		if (tag_is(n, "p") && text_len(n) == 0 && !count_tags(n, "img", 0) && !count_tags(n, "video", 0) &&
		    !count_tags(n, "audio", 0)) {
			n = remove_and_next(n, art);
			continue;
		}
		n = next_elem(n, art, 0);
	}
}

static void
clear_private(xmlNodePtr root)
{
	xmlNodePtr n;

	for (n = root; n; n = next_elem(n, root, 0))
		n->_private = NULL;
}

/* One search on a copy of the page: the article's container (a new div
 * in copy), or NULL. */
static xmlNodePtr
grab_article(struct ex *x, xmlDocPtr copy)
{
	xmlNodePtr root = xmlDocGetRootElement(copy), body = NULL, n, top = NULL, parent, art, sib, next;
	xmlNodePtr tops[N_TOP];
	size_t i, nt = 0, k;
	double top_score, threshold;

	if (!root)
		return NULL;
	clear_private(root);
	for (n = root; n; n = next_elem(n, root, 0)) {
		if (tag_is(n, "body")) {
			body = n;
			break;
		}
	}
	if (!body)
		body = root;
	x->n_info = 0;
	x->n_cands = 0;
	x->n_to_score = 0;
	x->removed_title = 0;
	prepare_nodes(x, body);
	score_nodes(x);

	memset(tops, 0, sizeof(tops));
	for (i = 0; i < x->n_cands; i++) {
		xmlNodePtr c = x->cands[i];
		struct ninfo *in = info_of(x, c);

		in->score *= 1 - link_density(c);
		for (k = 0; k < N_TOP; k++) {
			if (!tops[k] || in->score > score_of(x, tops[k])) {
				memmove(tops + k + 1, tops + k, (N_TOP - k - 1) * sizeof(tops[0]));
				tops[k] = c;
				if (nt < N_TOP)
					nt++;
				break;
			}
		}
	}
	top = nt ? tops[0] : NULL;
	art = xmlNewDocNode(copy, NULL, (const xmlChar *)"div", NULL);
	if (!top || top == body) {
		/* everything in the body */
		for (sib = body->children; sib; sib = next) {
			next = sib->next;
			xmlUnlinkNode(sib);
			xmlAddChild(art, sib);
		}
		xmlAddChild(body, art);
		prep_article(x, art);
		return art;
	}

	/* Several close candidates under one ancestor: take the ancestor. */
	{
		xmlNodePtr alt[N_TOP];
		size_t na = 0;

		for (k = 1; k < nt; k++)
			if (score_of(x, tops[k]) / score_of(x, top) >= 0.75)
				alt[na++] = tops[k];
		if (na >= 3) {
			for (parent = top->parent; is_elem(parent) && parent != body; parent = parent->parent) {
				size_t hits = 0;

				for (k = 0; k < na; k++) {
					xmlNodePtr a;

					for (a = alt[k]; a; a = a->parent)
						if (a == parent) {
							hits++;
							break;
						}
				}
				if (hits >= 3) {
					top = parent;
					break;
				}
			}
		}
	}
	if (!info_of(x, top))
		init_node(x, top);

	/* A parent scoring close to the top candidate holds more of it. */
	parent = top->parent;
	top_score = score_of(x, top);
	threshold = top_score / 3;
	while (is_elem(parent) && parent != body) {
		struct ninfo *pi = info_of(x, parent);

		if (!pi) {
			parent = parent->parent;
			continue;
		}
		if (pi->score < threshold)
			break;
		if (pi->score > top_score) {
			top = parent;
			break;
		}
		top_score = pi->score;
		parent = parent->parent;
	}
	/* An only child says nothing: go up. */
	parent = top->parent;
	while (is_elem(parent) && parent != body && first_elem(parent) == top && !next_elem_sibling(top)) {
		top = parent;
		parent = top->parent;
	}
	if (!info_of(x, top))
		init_node(x, top);

	/* The top candidate and the siblings that belong with it. */
	top_score = score_of(x, top);
	threshold = top_score * 0.2 > 10 ? top_score * 0.2 : 10;
	parent = top->parent;
	{
		xmlNodePtr *keep = NULL;
		size_t nk = 0, ck = 0;
		const char *tcl = attr(top, "class");

		for (sib = parent ? parent->children : NULL; sib; sib = sib->next) {
			int append = 0;
			struct ninfo *si;

			if (!is_elem(sib))
				continue;
			if (sib == top) {
				append = 1;
			} else {
				double bonus = 0;
				const char *scl = attr(sib, "class");

				si = info_of(x, sib);
				if (tcl && *tcl && scl && strcmp(tcl, scl) == 0)
					bonus += top_score * 0.2;
				if (si && si->score + bonus >= threshold) {
					append = 1;
				} else if (tag_is(sib, "p")) {
					size_t len = text_len(sib);
					double ld = link_density(sib);
					char *t;

					if (len > 80 && ld < 0.25) {
						append = 1;
					} else if (len < 80 && len > 0 && ld == 0) {
						t = node_text(sib, 2000);
						if (strstr(t, ". ") || (strlen(t) > 0 && t[strlen(t) - 1] == '.'))
							append = 1;
						free(t);
					}
				}
			}
			if (append)
				push_node(&keep, &nk, &ck, sib);
		}
		for (i = 0; i < nk; i++) {
			xmlUnlinkNode(keep[i]);
			xmlAddChild(art, keep[i]);
		}
		free(keep);
	}
	xmlAddChild(body, art);
	prep_article(x, art);
	return art;
}

/* --- writing the content --- */

static void
put_escaped(struct kb_buf *b, const char *s, int quote)
{
	for (; *s; s++) {
		if (*s == '&')
			kb_buf_addstr(b, "&amp;");
		else if (*s == '<')
			kb_buf_addstr(b, "&lt;");
		else if (*s == '>')
			kb_buf_addstr(b, "&gt;");
		else if (quote && *s == '"')
			kb_buf_addstr(b, "&quot;");
		else
			kb_buf_addc(b, *s);
	}
}

static int
placeholder_src(const char *s)
{
	return !s || !*s || ci_prefix(s, "data:") || ci_find(s, "placeholder") || ci_find(s, "blank.gif") ||
	       ci_find(s, "lazy");
}

static void
put_attr(struct kb_buf *b, const char *name, const char *v)
{
	if (!v)
		return;
	kb_buf_addc(b, ' ');
	kb_buf_addstr(b, name);
	kb_buf_addstr(b, "=\"");
	put_escaped(b, v, 1);
	kb_buf_addc(b, '"');
}

static void
serialize(struct kb_buf *b, xmlNodePtr n, int alt, int depth)
{
	static const char *const keep_attrs[] = { "href",    "alt",  "title", "datetime", "colspan",
						  "rowspan", "cite", "lang",  "dir",	  NULL };
	static const char *const void_tags[] = { "br", "hr", "img", "source", "col", "wbr", NULL };
	xmlNodePtr c;
	const char *t;
	size_t i;

	if (depth > MAX_DEPTH)
		return;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			put_escaped(b, (const char *)n->content, 0);
		return;
	}
	if (!is_elem(n))
		return;
	t = tag(n);
	kb_buf_addc(b, '<');
	kb_buf_addstr(b, t);
	for (i = 0; keep_attrs[i]; i++)
		if (alt || strcmp(keep_attrs[i], "alt") != 0)
			put_attr(b, keep_attrs[i], attr(n, keep_attrs[i]));
	if (strcmp(t, "img") == 0 || strcmp(t, "source") == 0 || strcmp(t, "video") == 0 || strcmp(t, "audio") == 0) {
		const char *src = attr(n, "src");

		if (placeholder_src(src)) {
			static const char *const lazy[] = { "data-src", "data-original", "data-lazy-src",
							    "data-url", "data-lazy",	 NULL };

			for (i = 0; lazy[i]; i++)
				if (attr(n, lazy[i]) && *attr(n, lazy[i])) {
					src = attr(n, lazy[i]);
					break;
				}
		}
		put_attr(b, "src", src);
	}
	if (in_set(t, void_tags)) {
		kb_buf_addc(b, '>');
		return;
	}
	kb_buf_addc(b, '>');
	for (c = n->children; c; c = c->next)
		serialize(b, c, alt, depth + 1);
	kb_buf_addstr(b, "</");
	kb_buf_addstr(b, t);
	kb_buf_addc(b, '>');
}

/* Paragraph text of a content element, as the index of what a page has. */
static int
seen_para(const char *text, const char *para)
{
	const char *p = text;
	size_t n = strlen(para);

	if (!text || n == 0)
		return 0;
	while ((p = strstr(p, para)) != NULL) {
		int start = p == text || p[-1] == '\n';
		int end = p[n] == '\0' || p[n] == '\n';

		if (start && end)
			return 1;
		p++;
	}
	return 0;
}

/* Drop the blocks of art whose text is a paragraph of existing (the
 * headers and footers a continuation page repeats). */
static void
drop_seen(xmlNodePtr art, const char *existing)
{
	xmlNodePtr n = first_elem(art);

	while (n) {
		if (tag_is(n, "p") || is_heading(n) || tag_is(n, "li") || tag_is(n, "blockquote") || tag_is(n, "pre") ||
		    tag_is(n, "figcaption")) {
			char *t = node_text(n, 65536);
			char *c = clean_field(t, 65536);
			int seen = c && seen_para(existing, c);

			free(t);
			free(c);
			if (seen) {
				n = remove_and_next(n, art);
				continue;
			}
		}
		n = next_elem(n, art, 0);
	}
}

/* The main text of the page: x->a->content_html and content_text. When
 * existing is not NULL, blocks already in it are left out. */
static void
extract_content(struct ex *x, const char *existing)
{
	static const int attempts[] = { F_STRIP_UNLIKELY | F_WEIGHT_CLASSES | F_CLEAN_COND,
					F_WEIGHT_CLASSES | F_CLEAN_COND, F_CLEAN_COND, 0 };
	char *best_html = NULL, *best_text = NULL;
	size_t best_len = 0, i;

	for (i = 0; i < KB_ARRAY_LEN(attempts); i++) {
		xmlDocPtr copy = xmlCopyDoc(x->doc, 1);
		xmlNodePtr art;
		struct kb_buf b;
		char *html, *text = NULL, *san;
		size_t len;

		if (!copy)
			break;
		x->flags = attempts[i];
		art = grab_article(x, copy);
		if (!art) {
			xmlFreeDoc(copy);
			break;
		}
		if (existing)
			drop_seen(art, existing);
		/* The text leaves out the alt text of images: it names the
		 * picture (or its file), it is not the article's text. */
		kb_buf_init(&b, MAX_HTML * 2);
		serialize(&b, art, 0, 0);
		html = kb_buf_detach(&b, NULL);
		text = kb_html_to_text(html ? html : "", html ? strlen(html) : 0);
		free(html);
		kb_buf_init(&b, MAX_HTML * 2);
		serialize(&b, art, 1, 0);
		html = kb_buf_detach(&b, NULL);
		xmlFreeDoc(copy);
		san = kb_sanitize_html(html ? html : "", html ? strlen(html) : 0, x->base);
		free(html);
		len = text ? strlen(text) : 0;
		if (!best_html || len > best_len) {
			free(best_html);
			free(best_text);
			best_html = san;
			best_text = text;
			best_len = len;
		} else {
			free(san);
			free(text);
		}
		if (best_len >= CHAR_THRESHOLD)
			break;
	}
	x->a->content_html = best_html;
	x->a->content_text = best_text;
}

/* Plain text (articleBody) as paragraphs of HTML. New string. */
static char *
text_to_html(const char *s)
{
	struct kb_buf b;
	const char *p = s;
	char *r;

	kb_buf_init(&b, MAX_TEXT * 2);
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = kb_strndup(p, n);
		char *c = clean_field(line, MAX_TEXT);

		if (c) {
			kb_buf_addstr(&b, "<p>");
			put_escaped(&b, c, 0);
			kb_buf_addstr(&b, "</p>\n");
		}
		free(c);
		free(line);
		p = e ? e + 1 : p + n;
	}
	r = kb_buf_detach(&b, NULL);
	return r ? r : kb_strdup("");
}

static size_t
words(const char *s)
{
	size_t k = 0;
	int in = 0;

	for (; s && *s; s++) {
		int w = !is_space((unsigned char)*s);

		if (w && !in)
			k++;
		in = w;
	}
	return k;
}

/* articleBody instead of the DOM's text when that finds far less. */
static void
maybe_use_jsonld_body(struct ex *x)
{
	struct kb_article *a = x->a;
	size_t dom, ld;
	char *html, *san, *text = NULL;

	if (!x->jsonld_body)
		return;
	ld = words(x->jsonld_body);
	dom = words(a->content_text);
	if (ld < 30 || dom * 2 >= ld)
		return;
	html = text_to_html(x->jsonld_body);
	san = kb_sanitize_html_text(html, strlen(html), x->base, &text);
	free(html);
	if (!san || !text) {
		free(san);
		free(text);
		return;
	}
	free(a->content_html);
	free(a->content_text);
	a->content_html = san;
	a->content_text = text;
	a->from.content = "json-ld";
}

/* Where no metadata gave a date: a dateline at the top of the text. */
static void
dateline(struct ex *x)
{
	struct kb_article *a = x->a;
	int64_t v;
	int o;

	if (a->published != KB_NO_TIME)
		return;
	if (x->byline && find_date_in(x, x->byline, 24, &v, &o) == 0) {
		a->published = v;
		a->published_offset = o;
		a->from.published = "byline";
		return;
	}
	meta_dateline_blocks(x);
	if (a->published != KB_NO_TIME)
		return;
	if (a->content_text && find_date_in(x, a->content_text, 60, &v, &o) == 0) {
		a->published = v;
		a->published_offset = o;
		a->from.published = "dateline";
	}
}

static xmlDocPtr
parse_html(const char *html, size_t len, const char *url)
{
	char *clean = NULL;
	xmlDocPtr doc;

	if (len > MAX_HTML)
		len = MAX_HTML;
	if (!kb_utf8_valid(html, len) || memchr(html, '\0', len)) {
		clean = kb_utf8_clean(html, len);
		html = clean;
		len = strlen(clean);
	}
	if (len == 0) {
		free(clean);
		return NULL;
	}
	doc = htmlReadMemory(html, (int)len, url, "UTF-8",
			     HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				     HTML_PARSE_IGNORE_ENC);
	free(clean);
	return doc;
}

/* The base: <base href> when http(s), else the page URL. */
static char *
find_base(xmlDocPtr doc, const char *url)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n;

	for (n = root; n; n = next_elem(n, root, 0)) {
		if (tag_is(n, "base") && attr(n, "href")) {
			char *u = kb_url_resolve(url, attr(n, "href"));

			if (u && (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0))
				return u;
			free(u);
			break;
		}
		if (tag_is(n, "body"))
			break;
	}
	return kb_strdup(url);
}

static void
ex_free(struct ex *x)
{
	free(x->base);
	free(x->byline);
	free(x->text_byline);
	free(x->jsonld_body);
	free(x->info);
	free(x->cands);
	free(x->to_score);
	if (x->doc)
		xmlFreeDoc(x->doc);
}

int
kb_extract(const char *html, size_t len, const char *url, const char *timezone, struct kb_article *out)
{
	struct ex x;
	struct kb_article *a = out;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->published = KB_NO_TIME;
	out->modified = KB_NO_TIME;
	memset(&x, 0, sizeof(x));
	x.a = out;
	x.url = url ? url : "";
	x.tz = timezone;
	if (!html)
		return -1;
	x.doc = parse_html(html, len, x.url);
	if (!x.doc || !xmlDocGetRootElement(x.doc))
		goto done;
	x.base = find_base(x.doc, x.url);

	meta_jsonld(&x);
	meta_page(&x);
	if (a->title)
		strip_title_site(&x, a->title);
	meta_time(&x);
	meta_byline(&x);
	find_next_pages(&x);

	extract_content(&x, NULL);
	a->from.content = "dom";
	maybe_use_jsonld_body(&x);
	if (a->content_text && !*a->content_text && !x.jsonld_body)
		a->from.content = NULL;
	dateline(&x);
	if (a->n_authors == 0 && x.byline) {
		char *name = byline_name(x.byline);

		if (name)
			add_author(&x, name, NULL, "byline");
		free(name);
	}
	/* else a "Penulis: NAME" line at the top or the end of the text */
	if (a->n_authors == 0 && x.text_byline) {
		char *name = byline_name(x.text_byline);

		if (name)
			add_author(&x, name, NULL, "byline");
		free(name);
	}
	if (!a->image && a->content_html) {
		const char *img = strstr(a->content_html, "<img ");
		const char *src = img ? strstr(img, " src=\"") : NULL;

		if (src && src < strchr(img, '>')) {
			const char *e = strchr(src + 6, '"');
			char *u = e ? kb_strndup(src + 6, (size_t)(e - src - 6)) : NULL;

			if (u && !strstr(u, "&amp;"))
				set_url(&x, &a->image, &a->from.image, u, "text");
			free(u);
		}
	}
	if (!a->url) {
		a->url = kb_strdup(x.url);
		a->from.canonical = "page";
	}
	if (a->title || (a->content_text && *a->content_text))
		rc = 0;
done:
	if (!a->content_html)
		a->content_html = kb_strdup("");
	if (!a->content_text)
		a->content_text = kb_strdup("");
	ex_free(&x);
	return rc;
}

int
kb_extract_append_page(struct kb_article *a, const char *html, size_t len, const char *url)
{
	struct ex x;
	struct kb_article tmp;
	int rc = -1;

	if (!a || !html)
		return -1;
	memset(&tmp, 0, sizeof(tmp));
	tmp.published = KB_NO_TIME;
	tmp.modified = KB_NO_TIME;
	memset(&x, 0, sizeof(x));
	x.a = &tmp;
	x.url = url ? url : "";
	x.doc = parse_html(html, len, x.url);
	if (!x.doc || !xmlDocGetRootElement(x.doc))
		goto done;
	x.base = find_base(x.doc, x.url);
	/* The title, for the heading that repeats it. */
	tmp.title = a->title ? kb_strdup(a->title) : NULL;
	extract_content(&x, a->content_text ? a->content_text : "");
	if (tmp.content_text && *tmp.content_text) {
		char *h = kb_asprintf("%s\n%s", a->content_html ? a->content_html : "", tmp.content_html);
		char *t = (a->content_text && *a->content_text)
				  ? kb_asprintf("%s\n\n%s", a->content_text, tmp.content_text)
				  : kb_strdup(tmp.content_text);

		free(a->content_html);
		free(a->content_text);
		a->content_html = h;
		a->content_text = t;
		rc = 0;
	}
done:
	kb_article_free(&tmp);
	ex_free(&x);
	return rc;
}

void
kb_article_free(struct kb_article *a)
{
	size_t i;

	if (!a)
		return;
	free(a->url);
	free(a->title);
	free(a->content_html);
	free(a->content_text);
	free(a->summary);
	kb_authors_free(a->authors, a->n_authors);
	free(a->image);
	free(a->language);
	free(a->site_name);
	free(a->section);
	kb_strv_free(a->tags, a->n_tags);
	for (i = 0; i < a->n_next_pages; i++)
		free(a->next_pages[i]);
	free(a->next_pages);
	if (a->event) {
		free(a->event->name);
		free(a->event->venue);
		free(a->event->address);
		free(a->event->organizer);
		free(a->event->url);
		free(a->event);
	}
	memset(a, 0, sizeof(*a));
	a->published = KB_NO_TIME;
	a->modified = KB_NO_TIME;
}
