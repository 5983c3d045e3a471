/* test-url.c: URL resolution, identity, host and scheme. */

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "url.h"

#define RFC_BASE "http://a/b/c/d;p?q"

struct rcase {
	const char *base;
	const char *ref;
	const char *want; /* NULL: rejected */
};

static const struct rcase resolve_cases[] = {
	/* RFC 3986 5.4.1, normal examples. "g:h" resolves to "g:h" in the RFC;
	 * kabar only accepts http, https and file, so it is rejected. */
	{ RFC_BASE, "g:h", NULL },
	{ RFC_BASE, "g", "http://a/b/c/g" },
	{ RFC_BASE, "./g", "http://a/b/c/g" },
	{ RFC_BASE, "g/", "http://a/b/c/g/" },
	{ RFC_BASE, "/g", "http://a/g" },
	/* The RFC writes "http://g"; an empty path is "/" for http. */
	{ RFC_BASE, "//g", "http://g/" },
	{ RFC_BASE, "?y", "http://a/b/c/d;p?y" },
	{ RFC_BASE, "g?y", "http://a/b/c/g?y" },
	{ RFC_BASE, "#s", "http://a/b/c/d;p?q#s" },
	{ RFC_BASE, "g#s", "http://a/b/c/g#s" },
	{ RFC_BASE, "g?y#s", "http://a/b/c/g?y#s" },
	{ RFC_BASE, ";x", "http://a/b/c/;x" },
	{ RFC_BASE, "g;x", "http://a/b/c/g;x" },
	{ RFC_BASE, "g;x?y#s", "http://a/b/c/g;x?y#s" },
	/* The RFC resolves "" to the base; an empty href is no link here. */
	{ RFC_BASE, "", NULL },
	{ RFC_BASE, ".", "http://a/b/c/" },
	{ RFC_BASE, "./", "http://a/b/c/" },
	{ RFC_BASE, "..", "http://a/b/" },
	{ RFC_BASE, "../", "http://a/b/" },
	{ RFC_BASE, "../g", "http://a/b/g" },
	{ RFC_BASE, "../..", "http://a/" },
	{ RFC_BASE, "../../", "http://a/" },
	{ RFC_BASE, "../../g", "http://a/g" },
	/* RFC 3986 5.4.2, abnormal examples */
	{ RFC_BASE, "../../../g", "http://a/g" },
	{ RFC_BASE, "../../../../g", "http://a/g" },
	{ RFC_BASE, "/./g", "http://a/g" },
	{ RFC_BASE, "/../g", "http://a/g" },
	{ RFC_BASE, "g.", "http://a/b/c/g." },
	{ RFC_BASE, ".g", "http://a/b/c/.g" },
	{ RFC_BASE, "g..", "http://a/b/c/g.." },
	{ RFC_BASE, "..g", "http://a/b/c/..g" },
	{ RFC_BASE, "./../g", "http://a/b/g" },
	{ RFC_BASE, "./g/.", "http://a/b/c/g/" },
	{ RFC_BASE, "g/./h", "http://a/b/c/g/h" },
	{ RFC_BASE, "g/../h", "http://a/b/c/h" },
	{ RFC_BASE, "g;x=1/./y", "http://a/b/c/g;x=1/y" },
	{ RFC_BASE, "g;x=1/../y", "http://a/b/c/y" },
	{ RFC_BASE, "g?y/./x", "http://a/b/c/g?y/./x" },
	{ RFC_BASE, "g?y/../x", "http://a/b/c/g?y/../x" },
	{ RFC_BASE, "g#s/./x", "http://a/b/c/g#s/./x" },
	{ RFC_BASE, "g#s/../x", "http://a/b/c/g#s/../x" },
	/* "http:g" is "http:g" for a strict parser: no host, not usable. */
	{ RFC_BASE, "http:g", NULL },
	/* White space as browsers treat it */
	{ RFC_BASE, "  /g \n", "http://a/g" },
	{ RFC_BASE, "/g\n/h", "http://a/g/h" },
	{ RFC_BASE, "/g\t/h\r\n", "http://a/g/h" },
	{ RFC_BASE, "\t", NULL },
	{ RFC_BASE, "   \n  ", NULL },
	{ RFC_BASE, "a b.html", "http://a/b/c/a%20b.html" },
	/* Schemes we do not follow */
	{ RFC_BASE, "javascript:alert(1)", NULL },
	{ RFC_BASE, " JavaScript:alert(1)", NULL },
	{ RFC_BASE, "java\nscript:alert(1)", NULL },
	{ RFC_BASE, "java\tscript:alert(1)", NULL },
	{ RFC_BASE, "data:text/html,<b>x</b>", NULL },
	{ RFC_BASE, "mailto:redaksi@example.id", NULL },
	{ RFC_BASE, "ftp://example.com/x", NULL },
	{ RFC_BASE, "tel:+62211234567", NULL },
	/* Absolute references and bases */
	{ RFC_BASE, "https://example.com/x?y#z", "https://example.com/x?y#z" },
	{ RFC_BASE, "HTTPS://Example.com/A", "https://Example.com/A" },
	{ NULL, "https://jatim.antaranews.com/rss/terkini.xml", "https://jatim.antaranews.com/rss/terkini.xml" },
	{ NULL, "/rss/terkini.xml", NULL },
	{ "not a url", "g", NULL },
	{ "", "g", NULL },
	{ "javascript:alert(1)", "g", NULL },
	{ "https://example.com/feed/", "//cdn.example.com/x.jpg", "https://cdn.example.com/x.jpg" },
	{ "https://example.com/berita/umkm?page=2", "../foto/a.jpg", "https://example.com/foto/a.jpg" },
	{ "https://example.com/a#top", "#bottom", "https://example.com/a#bottom" },
	{ "https://example.com/a?x=1", "#", "https://example.com/a?x=1" },
	{ "file:///srv/feeds/a.xml", "b.xml", "file:///srv/feeds/b.xml" },
	{ "https://example.com/", "file:///etc/passwd", "file:///etc/passwd" },
	{ RFC_BASE, "http://", NULL },
	{ RFC_BASE, "https://exa mple.com/", NULL },
};

struct icase {
	const char *in;
	const char *want;
};

static const struct icase identity_cases[] = {
	{ "HTTP://Example.COM:80/Path?b=2&utm_source=x&a=1#frag", "https://example.com/Path?b=2&a=1" },
	{ "https://example.com:443/", "https://example.com/" },
	{ "https://example.com:8443/x", "https://example.com:8443/x" },
	{ "http://example.com:8080/x", "https://example.com:8080/x" },
	{ "http://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a" },
	{ "https://example.com/a?", "https://example.com/a" },
	{ "https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&igshid=5&yclid=6&_ga=7&ref_src=8",
	  "https://example.com/a" },
	{ "https://example.com/a?id=5&UTM_Campaign=x", "https://example.com/a?id=5" },
	{ "https://example.com/a?utm=1", "https://example.com/a?utm=1" },
	{ "https://example.com/a?x&&y=2", "https://example.com/a?x&y=2" },
	{ "https://example.com/a?reference=1&ref_src=2&ref=3", "https://example.com/a?reference=1&ref=3" },
	{ "https://example.com/a?utm_source", "https://example.com/a" },
	{ "https://example.com", "https://example.com/" },
	{ "https://example.com/a/../b/./c", "https://example.com/b/c" },
	{ "https://example.com/Berita/UMKM", "https://example.com/Berita/UMKM" },
	{ "https://user@Example.com/", "https://user@example.com/" },
	{ "file:///tmp/x#y", "file:///tmp/x" },
	{ "  https://example.com/a\n", "https://example.com/a" },
	{ "https://example.com/a#", "https://example.com/a" },
	{ "javascript:x", NULL },
	{ "mailto:a@example.com", NULL },
	{ "", NULL },
	{ "/relative", NULL },
	{ "https://", NULL },
};

/* s with control characters escaped into buf, for test names. */
static const char *
show(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	if (s == NULL)
		return "(null)";
	for (; *s != '\0' && n + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return buf;
}

static void
test_resolve(void)
{
	char b1[256], b2[256];
	size_t i;
	char *got, *big;

	for (i = 0; i < sizeof(resolve_cases) / sizeof(resolve_cases[0]); i++) {
		const struct rcase *c = &resolve_cases[i];

		got = kb_url_resolve(c->base, c->ref);
		is_str(got, c->want, "resolve [%s] + [%s]", show(c->base, b1, sizeof(b1)),
		       show(c->ref, b2, sizeof(b2)));
		free(got);
	}
	ok(kb_url_resolve(RFC_BASE, NULL) == NULL, "NULL ref");
	ok(kb_url_resolve(NULL, NULL) == NULL, "NULL ref and base");

	/* Over the size limit */
	big = malloc(9001);
	if (big == NULL)
		abort();
	memset(big, 'a', 9000);
	big[9000] = '\0';
	got = kb_url_resolve(RFC_BASE, big);
	ok(got == NULL, "a 9000-byte reference is rejected");
	free(got);
	got = kb_url_resolve(big, "g");
	ok(got == NULL, "a 9000-byte base is rejected");
	free(got);
	free(big);
}

static void
test_identity(void)
{
	size_t i;
	char *a, *b, buf[256];

	for (i = 0; i < sizeof(identity_cases) / sizeof(identity_cases[0]); i++) {
		a = kb_url_identity(identity_cases[i].in);
		is_str(a, identity_cases[i].want, "identity of [%s]", show(identity_cases[i].in, buf, sizeof(buf)));
		free(a);
	}
	ok(kb_url_identity(NULL) == NULL, "identity of NULL");

	a = kb_url_identity("http://Example.com/berita/123?utm_campaign=x#c");
	b = kb_url_identity("https://example.com:443/berita/123");
	ok(a != NULL && b != NULL && strcmp(a, b) == 0, "http and https forms share an identity");
	free(a);
	free(b);
	a = kb_url_identity("https://example.com/berita/123?id=1&page=2");
	b = kb_url_identity("https://example.com/berita/123?page=2&id=1");
	ok(a != NULL && b != NULL && strcmp(a, b) != 0, "parameter order is kept");
	free(a);
	free(b);
}

static void
test_host_scheme(void)
{
	char *s;

	s = kb_url_host("https://WWW.Example.com:8080/x");
	is_str(s, "www.example.com", "host lower-cased, port dropped");
	free(s);
	s = kb_url_host("http://[::1]:8080/");
	is_str(s, "[::1]", "IPv6 host");
	free(s);
	s = kb_url_host(" https://jatim.antaranews.com/rss/terkini.xml\n");
	is_str(s, "jatim.antaranews.com", "host with white space around");
	free(s);
	s = kb_url_host("/relative/path");
	is_str(s, NULL, "no host in a relative reference");
	free(s);
	s = kb_url_host("file:///tmp/x");
	is_str(s, NULL, "no host in a file URL");
	free(s);
	s = kb_url_host(NULL);
	is_str(s, NULL, "host of NULL");
	free(s);

	s = kb_url_scheme("HTTPS://x.example/");
	is_str(s, "https", "scheme lower-cased");
	free(s);
	s = kb_url_scheme(" Http://x.example/");
	is_str(s, "http", "scheme after white space");
	free(s);
	s = kb_url_scheme("mailto:a@example.com");
	is_str(s, "mailto", "scheme of mailto");
	free(s);
	s = kb_url_scheme("svn+ssh://x/");
	is_str(s, "svn+ssh", "scheme with +");
	free(s);
	s = kb_url_scheme("/x:y");
	is_str(s, NULL, "no scheme in a path");
	free(s);
	s = kb_url_scheme("1http://x/");
	is_str(s, NULL, "a scheme starts with a letter");
	free(s);
	s = kb_url_scheme("");
	is_str(s, NULL, "no scheme in an empty string");
	free(s);
	s = kb_url_scheme(NULL);
	is_str(s, NULL, "scheme of NULL");
	free(s);
}

int
main(void)
{
	int rc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		printf("Bail out! curl_global_init failed\n");
		return 1;
	}
	test_resolve();
	test_identity();
	test_host_scheme();
	rc = done_testing();
	curl_global_cleanup();
	return rc;
}
