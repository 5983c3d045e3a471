/* discover.c: `kabar discover URL`: the feeds a site offers, each as a
 * ready [source] section.
 *
 * Candidates are what the page advertises (<link rel=alternate> with a
 * feed type, WordPress's <link rel="https://api.w.org/">, <link
 * rel=sitemap>) and the usual places on its origin (/feed/, /rss,
 * /rss.xml, /atom.xml, /feed.json, /sitemap_news.xml, /wp-json/). Each is
 * fetched (politely: one host, the engine's per-host delay) and kept only
 * when its content is what it claims: an RSS, Atom or RDF document or a
 * JSON Feed (plugin rss), a news sitemap or sitemap index (plugin
 * sitemap), a WordPress REST API root (plugin wordpress). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "cli.h"
#include "host.h"
#include "http.h"
#include "run.h"
#include "url.h"
#include "util.h"

#define MAX_CANDIDATES 40
#define MAX_PAGE       ((uint64_t)8 * 1024 * 1024)

static const char usage_discover[] = "usage: kabar discover [--allow-private] [--delay MS] [-q] URL\n"
				     "\n"
				     "Find the feeds URL offers: those its page advertises (<link rel=alternate>,\n"
				     "WordPress's API link, <link rel=sitemap>) and the usual places on its site\n"
				     "(/feed/, /rss, /rss.xml, /atom.xml, /feed.json, /sitemap_news.xml,\n"
				     "/wp-json/). Each is fetched and checked, and printed as a [source] section\n"
				     "for kabar.conf, best first.\n"
				     "\n"
				     "      --allow-private  allow private and loopback addresses\n"
				     "      --delay MS       wait between requests to the site (default 1000)\n"
				     "\n"
				     "exit status: 0 feeds found, 1 none found, 2 usage error or the page could\n"
				     "not be fetched.\n";

enum kind { K_NONE, K_RSS, K_ATOM, K_RDF, K_JSONFEED, K_SITEMAP, K_WORDPRESS };

struct cand {
	char *url;
	const char *why; /* "advertised", "wordpress api link", "common path" */
	int advertised;
	struct kb_fetch f;
	enum kind kind;
	char *title;
};

struct disc {
	struct cand *c;
	size_t n;
	int allow_private;
};

static void
add_cand(struct disc *d, const char *url, const char *why, int advertised)
{
	size_t i;

	if (!url || d->n >= MAX_CANDIDATES)
		return;
	for (i = 0; i < d->n; i++)
		if (strcmp(d->c[i].url, url) == 0)
			return;
	d->c = kb_reallocarray(d->c, d->n + 1, sizeof(*d->c));
	memset(&d->c[d->n], 0, sizeof(d->c[d->n]));
	d->c[d->n].url = kb_strdup(url);
	d->c[d->n].why = why;
	d->c[d->n].advertised = advertised;
	d->n++;
}

static int
has_token(const char *list, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = list;

	while (p && *p) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (kb_strncasecmp(p, tok, n) == 0 && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t' || p[n] == '\n'))
			return 1;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
	}
	return 0;
}

/* The <link> elements of an HTML page that point at feeds. */
static void
page_links(struct disc *d, const char *html, size_t len, const char *base)
{
	static const char *const feed_types[] = { "application/rss+xml", "application/atom+xml",
						  "application/rdf+xml", "application/feed+json",
						  "application/json",	 "text/xml",
						  "application/xml",	 NULL };
	htmlDocPtr doc;
	xmlXPathContextPtr xc = NULL;
	xmlXPathObjectPtr res = NULL;
	int i;

	if (len > INT32_MAX)
		return;
	doc = htmlReadMemory(html, (int)len, base, "UTF-8",
			     HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	if (!doc)
		return;
	xc = xmlXPathNewContext(doc);
	if (xc)
		res = xmlXPathEvalExpression((const xmlChar *)"//link[@rel and @href]", xc);
	for (i = 0; res && res->nodesetval && i < res->nodesetval->nodeNr; i++) {
		xmlNodePtr n = res->nodesetval->nodeTab[i];
		xmlChar *rel = xmlGetProp(n, (const xmlChar *)"rel");
		xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
		xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
		char *abs = href ? kb_url_resolve(base, (const char *)href) : NULL;
		size_t t;

		if (abs && rel && has_token((const char *)rel, "alternate") && type) {
			for (t = 0; feed_types[t]; t++)
				if (kb_strcasecmp((const char *)type, feed_types[t]) == 0)
					add_cand(d, abs, "advertised by the page", 1);
		} else if (abs && rel && has_token((const char *)rel, "https://api.w.org/")) {
			add_cand(d, abs, "the page's WordPress API link", 1);
		} else if (abs && rel && has_token((const char *)rel, "sitemap")) {
			add_cand(d, abs, "advertised by the page", 1);
		}
		free(abs);
		xmlFree(rel);
		xmlFree(href);
		xmlFree(type);
	}
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(xc);
	xmlFreeDoc(doc);
}

/* The text of the first element named name (any namespace) under the
 * root, trimmed and on one line. New string or NULL. */
static char *
first_text(xmlNodePtr root, const char *name, int depth)
{
	xmlNodePtr c;

	for (c = root ? root->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->name && strcmp((const char *)c->name, name) == 0) {
			xmlChar *t = xmlNodeGetContent(c);
			char *s = t ? kb_utf8_clean((const char *)t, strlen((const char *)t)) : NULL;
			size_t i;

			xmlFree(t);
			for (i = 0; s && s[i]; i++)
				if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
					s[i] = ' ';
			if (s && !*kb_trim(s)) {
				free(s);
				s = NULL;
			}
			if (s)
				return s;
		}
		if (depth > 0 && c->name && strcmp((const char *)c->name, "channel") == 0) {
			char *s = first_text(c, name, depth - 1);

			if (s)
				return s;
		}
	}
	return NULL;
}

/* What a fetched body is. */
static void
classify(struct cand *c)
{
	const char *b = c->f.body.data;
	size_t n = c->f.body.len, i = 0;
	xmlDocPtr doc;
	xmlNodePtr root;

	c->kind = K_NONE;
	if (!b || n == 0 || c->f.status != 200)
		return;
	while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t'))
		i++;
	if (i < n && (b[i] == '{' || b[i] == '[')) {
		struct json_tokener *tok = json_tokener_new_ex(16);
		struct json_object *o = tok && n <= INT32_MAX ? json_tokener_parse_ex(tok, b, (int)n) : NULL, *v;

		if (o && json_object_get_type(o) == json_type_object) {
			if (json_object_object_get_ex(o, "version", &v) &&
			    json_object_get_type(v) == json_type_string &&
			    strstr(json_object_get_string(v), "jsonfeed.org")) {
				c->kind = K_JSONFEED;
				if (json_object_object_get_ex(o, "title", &v) &&
				    json_object_get_type(v) == json_type_string)
					c->title = kb_utf8_clean(json_object_get_string(v),
								 (size_t)json_object_get_string_len(v));
			} else if (json_object_object_get_ex(o, "namespaces", &v) &&
				   json_object_get_type(v) == json_type_array) {
				size_t k;

				for (k = 0; k < json_object_array_length(v); k++) {
					struct json_object *e = json_object_array_get_idx(v, k);

					if (json_object_get_type(e) == json_type_string &&
					    strcmp(json_object_get_string(e), "wp/v2") == 0)
						c->kind = K_WORDPRESS;
				}
				if (c->kind == K_WORDPRESS && json_object_object_get_ex(o, "name", &v) &&
				    json_object_get_type(v) == json_type_string)
					c->title = kb_utf8_clean(json_object_get_string(v),
								 (size_t)json_object_get_string_len(v));
			}
		}
		json_object_put(o);
		if (tok)
			json_tokener_free(tok);
		return;
	}
	if (n > INT32_MAX)
		return;
	doc = xmlReadMemory(b, (int)n, c->f.final_url, NULL,
			    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root && root->name) {
		const char *r = (const char *)root->name;

		if (strcmp(r, "rss") == 0) {
			c->kind = K_RSS;
			c->title = first_text(root, "title", 1);
		} else if (strcmp(r, "feed") == 0) {
			c->kind = K_ATOM;
			c->title = first_text(root, "title", 0);
		} else if (strcmp(r, "RDF") == 0) {
			c->kind = K_RDF;
			c->title = first_text(root, "title", 1);
		} else if (strcmp(r, "urlset") == 0 || strcmp(r, "sitemapindex") == 0) {
			c->kind = K_SITEMAP;
		}
	}
	if (doc)
		xmlFreeDoc(doc);
}

static const char *
kind_name(enum kind k)
{
	switch (k) {
	case K_RSS:
		return "RSS feed";
	case K_ATOM:
		return "Atom feed";
	case K_RDF:
		return "RSS 1.0 feed";
	case K_JSONFEED:
		return "JSON Feed";
	case K_SITEMAP:
		return "sitemap";
	case K_WORDPRESS:
		return "WordPress REST API";
	default:
		return "nothing usable";
	}
}

static const char *
kind_plugin(enum kind k)
{
	return k == K_SITEMAP ? "sitemap" : k == K_WORDPRESS ? "wordpress" : "rss";
}

static void
add_slug(struct kb_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i] && b->len < 60; i++) {
		char ch = s[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch + 32);
		kb_buf_addc(b, (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ? ch : '-');
	}
}

/* A source name from the host and the first segment of the path (its
 * extension dropped): lower case letters, digits and '-'
 * ("diskop-example-go-id-berita"). New string. */
static char *
source_name(const char *url, enum kind k)
{
	char *host = kb_url_host(url), *out;
	const char *h = host ? host : "site", *p = strstr(url, "://"), *seg = NULL;
	struct kb_buf b;
	size_t n = 0;

	if (strncmp(h, "www.", 4) == 0)
		h += 4;
	kb_buf_init(&b, 256);
	add_slug(&b, h, strlen(h));
	if (p && (p = strchr(p + 3, '/')) != NULL) {
		seg = p + 1;
		while (seg[n] && seg[n] != '/' && seg[n] != '?' && seg[n] != '#' && seg[n] != '.')
			n++;
	}
	if (k == K_SITEMAP) {
		kb_buf_addstr(&b, "-sitemap");
	} else if (k == K_WORDPRESS) {
		kb_buf_addstr(&b, "-wp");
	} else if (seg && n > 0) {
		kb_buf_addc(&b, '-');
		add_slug(&b, seg, n);
	}
	free(host);
	out = kb_buf_detach(&b, NULL);
	return out ? out : kb_strdup("site");
}

/* The site root for the wordpress plugin: the URL before /wp-json. */
static char *
wp_root(const char *url)
{
	const char *p = strstr(url, "/wp-json");

	return p ? kb_strndup(url, (size_t)(p - url) + 1) : kb_strdup(url);
}

static void
on_done(void *ud, struct kb_fetch *f)
{
	(void)ud;
	(void)f;
}

static void
fetch_all(struct kb_http *h, struct kb_fetch *const *fs, size_t n, int allow_private)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fs[i]->allow_private = allow_private;
		kb_http_add(h, fs[i]);
	}
	kb_http_run(h, on_done, NULL);
}

int
kb_cmd_discover(int argc, char **argv)
{
	static const char *const paths[] = { "/feed/",	  "/rss",	"/rss.xml",
					     "/atom.xml", "/feed.json", "/sitemap_news.xml",
					     "/wp-json/", NULL };
	static const struct option longopts[] = {
		{ "allow-private", no_argument, NULL, 'P' },
		{ "delay", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct kb_http_opts ho;
	struct kb_http *h = NULL;
	struct kb_fetch page;
	struct disc d;
	struct kb_fetch **fs = NULL;
	char *origin = NULL, *scheme = NULL, *host = NULL, *text = NULL, **names = NULL;
	long long delay = 1000;
	size_t i, j, found = 0, tlen;
	int c, rc = KB_EXIT_CONFIG, pass;

	if (kb_cli_want_help(argc, argv, usage_discover))
		return 0;
	memset(&d, 0, sizeof(d));
	memset(&page, 0, sizeof(page));
	while ((c = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (c) {
		case 'P':
			d.allow_private = 1;
			break;
		case 'd':
			if (kb_parse_int(optarg, 0, 60000, &delay) != 0) {
				fprintf(stderr, "kabar: discover: bad --delay '%s' (0 to 60000 ms)\n", optarg);
				return KB_EXIT_CONFIG;
			}
			break;
		case 'q':
			kb_verbosity = KB_LOG_ERROR;
			break;
		default:
			fputs(usage_discover, stderr);
			return KB_EXIT_CONFIG;
		}
	}
	if (argc - optind != 1) {
		fputs(usage_discover, stderr);
		return KB_EXIT_CONFIG;
	}
	scheme = kb_url_scheme(argv[optind]);
	host = kb_url_host(argv[optind]);
	if (!scheme || !host || (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
		fprintf(stderr, "kabar: discover: not an http(s) URL: %s\n", argv[optind]);
		goto out;
	}
	memset(&ho, 0, sizeof(ho));
	ho.per_host = 1;
	ho.host_delay_ms = delay;
	ho.max_body = MAX_PAGE;
	h = kb_http_new(&ho);
	if (!h) {
		fprintf(stderr, "kabar: discover: cannot start the HTTP engine\n");
		goto out;
	}
	page.url = kb_strdup(argv[optind]);
	page.allow_private = d.allow_private;
	{
		struct kb_fetch *one = &page;

		fetch_all(h, &one, 1, d.allow_private);
	}
	if (page.result != KB_OK) {
		fprintf(stderr, "kabar: discover: cannot fetch %s: %s\n", argv[optind],
			page.error ? page.error : kb_strerror(page.result));
		goto out;
	}
	/* The page itself may be a feed. */
	add_cand(&d, page.final_url ? page.final_url : page.url, "the URL given", 1);
	text = kb_html_decode(page.body.data, page.body.len, kb_fetch_header(&page, "Content-Type"), &tlen);
	page_links(&d, text, tlen, page.final_url ? page.final_url : page.url);
	free(text);
	text = NULL;
	free(host);
	host = kb_url_host(page.final_url ? page.final_url : page.url);
	free(scheme);
	scheme = kb_url_scheme(page.final_url ? page.final_url : page.url);
	origin = kb_asprintf("%s://%s", scheme ? scheme : "https", host ? host : "");
	{
		/* Keep the port: kb_url_host gives the name only. */
		const char *u = page.final_url ? page.final_url : page.url;
		const char *p = strstr(u, "://");
		size_t k;

		if (p) {
			p += 3;
			for (k = 0; p[k] && p[k] != '/' && p[k] != '?' && p[k] != '#'; k++)
				;
			free(origin);
			origin = kb_asprintf("%.*s", (int)((size_t)(p - u) + k), u);
		}
	}
	for (i = 0; paths[i]; i++) {
		char *u = kb_asprintf("%s%s", origin, paths[i]);

		add_cand(&d, u, "a common path", 0);
		free(u);
	}
	/* The page was fetched already: reuse it for its own candidate. */
	fs = kb_calloc(d.n, sizeof(*fs));
	j = 0;
	for (i = 0; i < d.n; i++) {
		if (i == 0) {
			d.c[0].f = page;
			memset(&page, 0, sizeof(page));
			continue;
		}
		d.c[i].f.url = kb_strdup(d.c[i].url);
		fs[j++] = &d.c[i].f;
	}
	fetch_all(h, fs, j, d.allow_private);
	for (i = 0; i < d.n; i++)
		classify(&d.c[i]);
	/* Advertised first, then the rest; each final URL once. */
	names = kb_calloc(d.n, sizeof(*names));
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < d.n; i++) {
			struct cand *cd = &d.c[i];
			const char *final = cd->f.final_url ? cd->f.final_url : cd->url;
			char *name, *url;
			size_t k, dup = 0;

			if (cd->kind == K_NONE || cd->advertised != (pass == 0))
				continue;
			for (k = 0; k < i; k++) {
				const char *other = d.c[k].f.final_url ? d.c[k].f.final_url : d.c[k].url;

				if (d.c[k].kind != K_NONE && strcmp(other, final) == 0)
					dup = 1;
			}
			if (dup)
				continue;
			url = cd->kind == K_WORDPRESS ? wp_root(final) : kb_strdup(final);
			name = source_name(final, cd->kind);
			for (k = 0; k < found; k++)
				if (strcmp(names[k], name) == 0) {
					char *n2 = kb_asprintf("%s-%zu", name, found + 1);

					free(name);
					name = n2;
					break;
				}
			printf("%s; %s%s%s%s (%s)\n[source %s]\nplugin = %s\nurl = %s\n", found ? "\n" : "",
			       kind_name(cd->kind), cd->title ? " \"" : "", cd->title ? cd->title : "",
			       cd->title ? "\"" : "", cd->why, name, kind_plugin(cd->kind), url);
			names[found++] = name;
			free(url);
		}
	}
	rc = found > 0 ? 0 : 1;
	if (!found)
		fprintf(stderr, "kabar: discover: no feed found at %s\n", argv[optind]);
out:
	for (i = 0; i < d.n; i++) {
		kb_fetch_free(&d.c[i].f);
		free(d.c[i].url);
		free(d.c[i].title);
	}
	for (i = 0; names && i < found; i++)
		free(names[i]);
	free(names);
	free(d.c);
	free(fs);
	kb_fetch_free(&page);
	if (h)
		kb_http_free(h);
	free(origin);
	free(scheme);
	free(host);
	return rc;
}
