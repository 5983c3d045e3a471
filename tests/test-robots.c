/* test-robots.c: robots.txt parsing and matching (RFC 9309), Crawl-delay,
 * Sitemap, limits, and the serialize round trip. Many cases follow RFC
 * 9309's examples and the behaviour Google's robotstxt tests describe. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "robots.h"
#include "tap.h"
#include "util.h"

struct acase {
	const char *txt;
	const char *agent; /* NULL: kabar */
	const char *path;
	int want; /* 1 allowed, 0 disallowed */
};

/* The files the cases use, for the round-trip property at the end. */
static const char *files[512];
static const char *file_agents[512];
static size_t nfiles;

static void
remember(const char *txt, const char *agent)
{
	size_t i;

	for (i = 0; i < nfiles; i++)
		if (files[i] == txt && file_agents[i] == agent)
			return;
	if (nfiles < KB_ARRAY_LEN(files)) {
		files[nfiles] = txt;
		file_agents[nfiles++] = agent;
	}
}

/* The answer for path after a serialize and parse of r; -1 on failure. */
static int
roundtrip_answer(const struct kb_robots *r, const char *agent, const char *path)
{
	char *s = kb_robots_serialize(r);
	struct kb_robots *r2;
	int got;

	if (!s)
		return -1;
	r2 = kb_robots_parse(s, strlen(s), agent);
	got = r2 ? kb_robots_allowed(r2, path) : -1;
	kb_robots_free(r2);
	free(s);
	return got;
}

static void
check_len(const char *txt, size_t len, const char *agent, const char *path, int want, const char *what)
{
	struct kb_robots *r = kb_robots_parse(txt, len, agent);
	int got = r ? kb_robots_allowed(r, path) : -1;
	int rt = r ? roundtrip_answer(r, agent, path) : -1;

	if (!ok(got == want && rt == want, "%s: %s %s for %s", what, path, want ? "allowed" : "disallowed",
		agent ? agent : "kabar"))
		diag("  got %d, after serialize and parse %d", got, rt);
	kb_robots_free(r);
}

static void
check(const char *txt, const char *agent, const char *path, int want, const char *what)
{
	remember(txt, agent);
	check_len(txt, strlen(txt), agent, path, want, what);
}

static void
run_cases(const struct acase *c, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		check(c[i].txt, c[i].agent, c[i].path, c[i].want, what);
}

/* RFC 9309 section 5.1 and 5.2. */
static const char rfc_example[] = "User-Agent: *\n"
				  "Disallow: *.gif$\n"
				  "Disallow: /example/\n"
				  "Allow: /publications/\n"
				  "\n"
				  "User-Agent: foobot\n"
				  "Disallow:/\n"
				  "Allow:/example/page.html\n"
				  "Allow:/example/allowed.gif\n"
				  "\n"
				  "User-Agent: barbot\n"
				  "User-Agent: bazbot\n"
				  "Disallow: /example/page.html\n"
				  "\n"
				  "User-Agent: quxbot\n"
				  "\n"
				  "EOF\n";

static const char rfc_longest[] = "User-Agent: foobot\n"
				  "Allow: /example/page/\n"
				  "Disallow: /example/page/disallowed.gif\n";

static const struct acase rfc_cases[] = {
	{ rfc_example, "foobot", "/example/page.html", 1 },
	{ rfc_example, "foobot", "/example/allowed.gif", 1 },
	{ rfc_example, "foobot", "/example/other.html", 0 },
	{ rfc_example, "foobot", "/", 0 },
	{ rfc_example, "foobot", "/publications/", 0 },
	{ rfc_example, "barbot", "/example/page.html", 0 },
	{ rfc_example, "barbot", "/example/page.html?x", 0 },
	{ rfc_example, "barbot", "/example/other.html", 1 },
	{ rfc_example, "barbot", "/x.gif", 1 },
	{ rfc_example, "bazbot", "/example/page.html", 0 },
	{ rfc_example, "bazbot", "/publications/", 1 },
	{ rfc_example, "quxbot", "/example/page.html", 1 },
	{ rfc_example, "quxbot", "/x.gif", 1 },
	{ rfc_example, "otherbot", "/x.gif", 0 },
	{ rfc_example, "otherbot", "/a/b/c.gif", 0 },
	{ rfc_example, "otherbot", "/x.gif?y", 1 },
	{ rfc_example, "otherbot", "/example/", 0 },
	{ rfc_example, "otherbot", "/example/page.html", 0 },
	{ rfc_example, "otherbot", "/publications/", 1 },
	{ rfc_example, "otherbot", "/publications/x.gif", 1 },
	{ rfc_example, NULL, "/index.html", 1 },
	{ rfc_example, NULL, "/example/x", 0 },
	{ rfc_longest, "foobot", "/example/page/disallowed.gif", 0 },
	{ rfc_longest, "foobot", "/example/page/", 1 },
	{ rfc_longest, "foobot", "/example/page/allowed.gif", 1 },
	{ rfc_longest, "foobot", "/example/", 1 },
};

/* Line syntax, groups and agents (after Google's robots_test.cc). */
static const char g_line_ok[] = "user-agent: FooBot\ndisallow: /\n";
static const char g_line_bad[] = "foo: FooBot\nbar: /\n";
static const char g_line_space[] = "user-agent FooBot\ndisallow /\n";
static const char g_line_3words[] = "user-agent FooBot\ndisallow / x\n";
static const char g_groups[] = "allow: /foo/bar/\n"
			       "\n"
			       "user-agent: FooBot\n"
			       "disallow: /\n"
			       "allow: /x/\n"
			       "user-agent: BarBot\n"
			       "disallow: /\n"
			       "allow: /y/\n"
			       "\n"
			       "\n"
			       "allow: /w/\n"
			       "user-agent: BazBot\n"
			       "\n"
			       "user-agent: FooBot\n"
			       "allow: /z/\n"
			       "disallow: /\n";
static const char g_other1[] = "User-agent: BarBot\n"
			       "Sitemap: https://foo.bar/sitemap\n"
			       "User-agent: *\n"
			       "Disallow: /\n";
static const char g_other2[] = "User-agent: FooBot\n"
			       "Invalid-Unknown-Line: unknown\n"
			       "User-agent: *\n"
			       "Disallow: /\n";
static const char g_upper[] = "USER-AGENT: FooBot\nALLOW: /x/\nDISALLOW: /\n";
static const char g_camel[] = "uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n";
static const char g_ua_upper[] = "User-Agent: FOO BAR\nAllow: /x/\nDisallow: /\n";
static const char g_ua_camel[] = "User-Agent: FoO bAr\nAllow: /x/\nDisallow: /\n";
static const char g_first_space[] = "User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n";
static const char g_global[] = "user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n";
static const char g_only_specific[] = "user-agent: FooBot\nallow: /\nuser-agent: BarBot\ndisallow: /\n"
				      "user-agent: BazBot\ndisallow: /\n";
static const char g_case_lower[] = "user-agent: FooBot\ndisallow: /x/\n";
static const char g_case_upper[] = "user-agent: FooBot\ndisallow: /X/\n";

static const struct acase group_cases[] = {
	{ g_line_ok, "FooBot", "/x/y", 0 },
	{ g_line_bad, "FooBot", "/x/y", 1 },
	{ g_line_space, "FooBot", "/x/y", 0 },
	{ g_line_3words, "FooBot", "/x/y", 1 },
	{ g_groups, "FooBot", "/x/b", 1 },
	{ g_groups, "FooBot", "/z/d", 1 },
	{ g_groups, "FooBot", "/y/c", 0 },
	{ g_groups, "BarBot", "/y/c", 1 },
	{ g_groups, "BarBot", "/w/a", 1 },
	{ g_groups, "BarBot", "/z/d", 0 },
	{ g_groups, "BazBot", "/z/d", 1 },
	{ g_groups, "FooBot", "/foo/bar/", 0 },
	{ g_groups, "BarBot", "/foo/bar/", 0 },
	{ g_groups, "BazBot", "/foo/bar/", 0 },
	{ g_groups, NULL, "/foo/bar/", 1 },
	{ g_other1, "FooBot", "/", 0 },
	{ g_other1, "BarBot", "/", 0 },
	{ g_other2, "FooBot", "/", 0 },
	{ g_other2, "BarBot", "/", 0 },
	{ g_upper, "FooBot", "/x/y", 1 },
	{ g_upper, "FooBot", "/a/b", 0 },
	{ g_camel, "FooBot", "/x/y", 1 },
	{ g_camel, "FooBot", "/a/b", 0 },
	{ g_ua_upper, "Foo", "/x/y", 1 },
	{ g_ua_upper, "foo", "/a/b", 0 },
	{ g_ua_camel, "foo", "/x/y", 1 },
	{ g_ua_camel, "FOO", "/a/b", 0 },
	{ g_first_space, "Foo", "/x/y", 1 },
	{ g_first_space, "Bar", "/x/y", 0 },
	{ g_global, "FooBot", "/x/y", 0 },
	{ g_global, "BarBot", "/x/y", 1 },
	{ g_only_specific, "QuxBot", "/x/y", 1 },
	{ g_only_specific, "BarBot", "/x/y", 0 },
	{ g_case_lower, "FooBot", "/x/y", 0 },
	{ g_case_upper, "FooBot", "/x/y", 1 },
	{ "", "FooBot", "/", 1 },
	{ "", NULL, "/anything", 1 },
	{ g_line_ok, "", "/", 1 },
	{ g_line_ok, "FooBot", "", 0 },
};

/* kabar's own token, merged groups, agent values. */
static const char k_versions[] = "User-agent: *\nDisallow: /\n\nUser-agent: kabar/1.0 (+https://kabar.example)\n"
				 "Disallow: /private\n";
static const char k_other[] = "User-agent: kabarbot\nDisallow: /\nUser-agent: kabar-x\nDisallow: /\n"
			      "User-agent: *\nDisallow: /star\n";
static const char k_merged[] = "User-agent: kabar\nDisallow: /a\n\nUser-agent: googlebot\nDisallow: /\n\n"
			       "User-agent: KABAR\nDisallow: /b\nAllow: /b/ok\n\nUser-agent: *\nDisallow: /c\n";
static const char k_star_merge[] = "User-agent: *\nDisallow: /a\n\nUser-agent: other\nDisallow: /b\n\n"
				   "User-agent: *\nDisallow: /c\n";
static const char k_shared[] = "User-agent: googlebot\nUser-agent: kabar\nUser-agent: *\nDisallow: /shared\n";
static const char k_star_space[] = "User-agent: * all bots # everyone\nDisallow: /x\n";
static const char k_star_junk[] = "User-agent: *bot\nDisallow: /x\n";
static const char k_empty_group[] = "User-agent: *\nDisallow: /\n\nUser-agent: kabar\n";
static const char k_empty_disallow[] = "User-agent: *\nDisallow: /\n\nUser-agent: kabar\nDisallow:\n";
static const char k_before[] = "Disallow: /\nAllow: /x\nCrawl-delay: 9\nUser-agent: *\nDisallow: /y\n";

static const char k_msnbot[] = "User-agent: msnbot\nCrawl-delay: 20\n\nUser-agent: *\nDisallow: /wp-admin/\n";

static const struct acase agent_cases[] = {
	{ k_msnbot, NULL, "/wp-admin/", 0 },
	{ k_msnbot, "msnbot", "/wp-admin/", 1 },
	{ k_versions, NULL, "/", 1 },
	{ k_versions, NULL, "/private/x", 0 },
	{ k_versions, "Kabar/2.0", "/private/x", 0 },
	{ k_versions, "Kabar/2.0", "/public", 1 },
	{ k_versions, "otherbot", "/public", 0 },
	{ k_other, NULL, "/", 1 },
	{ k_other, NULL, "/star", 0 },
	{ k_other, "kabarbot", "/", 0 },
	{ k_merged, NULL, "/a", 0 },
	{ k_merged, NULL, "/b", 0 },
	{ k_merged, NULL, "/b/ok", 1 },
	{ k_merged, NULL, "/c", 1 },
	{ k_merged, "googlebot", "/c", 0 },
	{ k_merged, "bingbot", "/c", 0 },
	{ k_merged, "bingbot", "/a", 1 },
	{ k_star_merge, NULL, "/a", 0 },
	{ k_star_merge, NULL, "/b", 1 },
	{ k_star_merge, NULL, "/c", 0 },
	{ k_shared, NULL, "/shared", 0 },
	{ k_shared, "googlebot", "/shared", 0 },
	{ k_shared, "x", "/shared", 0 },
	{ k_shared, NULL, "/other", 1 },
	{ k_star_space, NULL, "/x", 0 },
	{ k_star_junk, NULL, "/x", 1 },
	{ k_empty_group, NULL, "/", 1 },
	{ k_empty_group, "other", "/", 0 },
	{ k_empty_disallow, NULL, "/x", 1 },
	{ k_before, NULL, "/", 1 },
	{ k_before, NULL, "/x", 1 },
	{ k_before, NULL, "/y", 0 },
};

/* Longest match, ties, wildcards and '$'. */
static const char m_ga[] = "user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/\n";
static const char m_gb[] = "user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n";
static const char m_empty[] = "user-agent: FooBot\ndisallow: \nallow: \n";
static const char m_slash[] = "user-agent: FooBot\ndisallow: /\nallow: /\n";
static const char m_x[] = "user-agent: FooBot\ndisallow: /x\nallow: /x/\n";
static const char m_same[] = "user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n";
static const char m_star[] = "user-agent: FooBot\nallow: /page\ndisallow: /*.html\n";
static const char m_dot[] = "user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n";
static const char m_specific[] = "User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n";
static const char m_quz[] = "User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n";
static const char m_anchor[] = "User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n";
static const char m_comment[] = "User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n";
static const char m_fish[] = "user-agent: FooBot\ndisallow: /\nallow: /fish\n";
static const char m_fishstar[] = "user-agent: FooBot\ndisallow: /\nallow: /fish*\n";
static const char m_fishslash[] = "user-agent: FooBot\ndisallow: /\nallow: /fish/\n";
static const char m_php[] = "user-agent: FooBot\ndisallow: /\nallow: /*.php\n";
static const char m_phpend[] = "user-agent: FooBot\ndisallow: /\nallow: /*.php$\n";
static const char m_fishphp[] = "user-agent: FooBot\ndisallow: /\nallow: /fish*.php\n";
static const char m_p[] = "user-agent: FooBot\nallow: /p\ndisallow: /\n";
static const char m_folder[] = "user-agent: FooBot\nallow: /folder\ndisallow: /folder\n";
static const char m_htm[] = "user-agent: FooBot\nallow: /page\ndisallow: /*.htm\n";
static const char m_root[] = "user-agent: FooBot\nallow: /$\ndisallow: /\n";
static const char m_dollar_tie[] = "User-agent: *\nAllow: /page$\nDisallow: /page\n";
static const char m_dollar_mid[] = "User-agent: *\nDisallow: /a$b\n";
static const char m_dollar_only[] = "User-agent: *\nDisallow: $\nDisallow: /x$$\n";
static const char m_stars[] = "User-agent: *\nDisallow: /*/*/deep\nDisallow: /**x**y**\nAllow: *\n";
static const char m_nostart[] = "User-agent: *\nDisallow: private\nDisallow: https://example.com/\n";
static const char m_query[] = "User-agent: *\nDisallow: /*?\nAllow: /*?page=\nDisallow: /search?q=*&sort=$\n";

static const struct acase match_cases[] = {
	{ m_ga, "FooBot", "/x/page.html", 0 },
	{ m_gb, "FooBot", "/x/page.html", 1 },
	{ m_gb, "FooBot", "/x/", 0 },
	{ m_empty, "FooBot", "/x/page.html", 1 },
	{ m_slash, "FooBot", "/x/page.html", 1 },
	{ m_x, "FooBot", "/x", 0 },
	{ m_x, "FooBot", "/x/", 1 },
	{ m_same, "FooBot", "/x/page.html", 1 },
	{ m_star, "FooBot", "/page.html", 0 },
	{ m_star, "FooBot", "/page", 1 },
	{ m_dot, "FooBot", "/x/page.html", 1 },
	{ m_dot, "FooBot", "/x/y.html", 0 },
	{ m_specific, "FooBot", "/x/page", 1 },
	{ m_specific, "FooBot", "/y/page", 0 },
	{ m_quz, "FooBot", "/foo/bar/quz", 0 },
	{ m_quz, "FooBot", "/foo/quz", 1 },
	{ m_quz, "FooBot", "/foo//quz", 1 },
	{ m_quz, "FooBot", "/foo/bax/quz", 1 },
	{ m_quz, "FooBot", "/foo/bar/qux", 1 },
	{ m_anchor, "FooBot", "/foo/bar", 0 },
	{ m_anchor, "FooBot", "/foo/bar/qux", 1 },
	{ m_anchor, "FooBot", "/foo/bar/", 1 },
	{ m_anchor, "FooBot", "/foo/bar/baz", 1 },
	{ m_anchor, "FooBot", "/foo/bar?x", 1 },
	{ m_comment, "FooBot", "/foo/bar", 1 },
	{ m_comment, "FooBot", "/foo/quz", 0 },
	{ m_fish, "FooBot", "/bar", 0 },
	{ m_fish, "FooBot", "/fish", 1 },
	{ m_fish, "FooBot", "/fish.html", 1 },
	{ m_fish, "FooBot", "/fish/salmon.html", 1 },
	{ m_fish, "FooBot", "/fishheads", 1 },
	{ m_fish, "FooBot", "/fishheads/yummy.html", 1 },
	{ m_fish, "FooBot", "/fish.html?id=anything", 1 },
	{ m_fish, "FooBot", "/Fish.asp", 0 },
	{ m_fish, "FooBot", "/catfish", 0 },
	{ m_fish, "FooBot", "/?id=fish", 0 },
	{ m_fishstar, "FooBot", "/bar", 0 },
	{ m_fishstar, "FooBot", "/fish", 1 },
	{ m_fishstar, "FooBot", "/fishheads/yummy.html", 1 },
	{ m_fishstar, "FooBot", "/Fish.bar", 0 },
	{ m_fishstar, "FooBot", "/catfish", 0 },
	{ m_fishslash, "FooBot", "/fish/", 1 },
	{ m_fishslash, "FooBot", "/fish/salmon", 1 },
	{ m_fishslash, "FooBot", "/fish/?salmon", 1 },
	{ m_fishslash, "FooBot", "/fish", 0 },
	{ m_fishslash, "FooBot", "/fish.html", 0 },
	{ m_fishslash, "FooBot", "/Fish/Salmon.html", 0 },
	{ m_php, "FooBot", "/bar", 0 },
	{ m_php, "FooBot", "/filename.php", 1 },
	{ m_php, "FooBot", "/folder/filename.php", 1 },
	{ m_php, "FooBot", "/folder/filename.php?parameters", 1 },
	{ m_php, "FooBot", "//folder/any.php.file.html", 1 },
	{ m_php, "FooBot", "/filename.php/", 1 },
	{ m_php, "FooBot", "/index?f=filename.php/", 1 },
	{ m_php, "FooBot", "/php/", 0 },
	{ m_php, "FooBot", "/index?php", 0 },
	{ m_php, "FooBot", "/windows.PHP", 0 },
	{ m_phpend, "FooBot", "/filename.php", 1 },
	{ m_phpend, "FooBot", "/folder/filename.php", 1 },
	{ m_phpend, "FooBot", "/filename.php?parameters", 0 },
	{ m_phpend, "FooBot", "/filename.php/", 0 },
	{ m_phpend, "FooBot", "/filename.php5", 0 },
	{ m_phpend, "FooBot", "/php/", 0 },
	{ m_phpend, "FooBot", "/filename?php", 0 },
	{ m_phpend, "FooBot", "/aaaphpaaa", 0 },
	{ m_phpend, "FooBot", "//windows.PHP", 0 },
	{ m_phpend, "FooBot", "/a.php.php", 1 },
	{ m_fishphp, "FooBot", "/fish.php", 1 },
	{ m_fishphp, "FooBot", "/fishheads/catfish.php?parameters", 1 },
	{ m_fishphp, "FooBot", "/Fish.PHP", 0 },
	{ m_p, "FooBot", "/page", 1 },
	{ m_folder, "FooBot", "/folder/page", 1 },
	{ m_htm, "FooBot", "/page.htm", 0 },
	{ m_root, "FooBot", "/", 1 },
	{ m_root, "FooBot", "", 1 },
	{ m_root, "FooBot", "/page.html", 0 },
	{ m_root, "FooBot", "/?q=1", 0 },
	{ m_dollar_tie, NULL, "/page", 1 },
	{ m_dollar_tie, NULL, "/pages", 0 },
	{ m_dollar_mid, NULL, "/a$b", 0 },
	{ m_dollar_mid, NULL, "/a$bc", 0 },
	{ m_dollar_mid, NULL, "/ab", 1 },
	{ m_dollar_only, NULL, "/", 1 },
	{ m_dollar_only, NULL, "/x$", 0 },
	{ m_dollar_only, NULL, "/x$y", 1 },
	{ m_dollar_only, NULL, "/x", 1 },
	{ m_stars, NULL, "/a/b/deep", 0 },
	{ m_stars, NULL, "/a/deep", 1 },
	{ m_stars, NULL, "/a/b/c/deep/er", 0 },
	{ m_stars, NULL, "/zxzy", 0 },
	{ m_stars, NULL, "/zyx", 1 },
	{ m_nostart, NULL, "/private", 1 },
	{ m_nostart, NULL, "/", 1 },
	{ m_query, NULL, "/a", 1 },
	{ m_query, NULL, "/a?b", 0 },
	{ m_query, NULL, "/list?page=2", 1 },
	{ m_query, NULL, "/search?q=x&sort=", 0 },
	{ m_query, NULL, "/search?q=x&sort=asc", 0 },
	{ m_query, NULL, "?q", 0 },
};

/* Percent-encoding (RFC 9309 2.2.2) and path forms. */
static const char e_query[] = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n";
static const char e_utf8[] = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/\xe3\x83\x84\n";
static const char e_enc[] = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%E3%83%84\n";
static const char e_lower[] = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%e3%83%84\n";
static const char e_unres[] = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n";
static const char e_tilde[] = "User-agent: *\nDisallow: /%7Efoo\nDisallow: /~bar\n";
static const char e_slash[] = "User-agent: *\nDisallow: /a%2fb\n";
static const char e_space[] = "User-agent: *\nDisallow: /a b\nDisallow: /c%20d\n";
static const char e_pct[] = "User-agent: *\nDisallow: /100%\nDisallow: /%zz\n";
static const char e_star[] = "User-agent: *\nDisallow: /a%2A\nDisallow: /b%24\n";
static const char e_latin1[] = "User-agent: *\nDisallow: /caf\xe9\n";

static const struct acase enc_cases[] = {
	{ e_query, "FooBot", "/foo/bar?qux=taz&baz=http://foo.bar?tar&par", 1 },
	{ e_utf8, "FooBot", "/foo/bar/%E3%83%84", 1 },
	{ e_utf8, "FooBot", "/foo/bar/%e3%83%84", 1 },
	{ e_utf8, "FooBot", "/foo/bar/\xe3\x83\x84", 1 },
	{ e_utf8, "FooBot", "/foo/bar/", 0 },
	{ e_enc, "FooBot", "/foo/bar/%E3%83%84", 1 },
	{ e_enc, "FooBot", "/foo/bar/\xe3\x83\x84", 1 },
	{ e_lower, "FooBot", "/foo/bar/%E3%83%84", 1 },
	{ e_unres, "FooBot", "/foo/bar/baz", 1 },
	{ e_unres, "FooBot", "/foo/bar/%62%61%7A", 1 },
	{ e_unres, "FooBot", "/foo/bar/%62%61%7a", 1 },
	{ e_unres, "FooBot", "/foo/bar/BAZ", 0 },
	{ e_tilde, NULL, "/~foo", 0 },
	{ e_tilde, NULL, "/%7efoo/x", 0 },
	{ e_tilde, NULL, "/%7Ebar", 0 },
	{ e_tilde, NULL, "/~baz", 1 },
	{ e_slash, NULL, "/a%2Fb", 0 },
	{ e_slash, NULL, "/a%2fb", 0 },
	{ e_slash, NULL, "/a/b", 1 },
	{ e_space, NULL, "/a%20b", 0 },
	{ e_space, NULL, "/a b", 0 },
	{ e_space, NULL, "/c d", 0 },
	{ e_space, NULL, "/ab", 1 },
	{ e_pct, NULL, "/100%", 0 },
	{ e_pct, NULL, "/100%25", 0 },
	{ e_pct, NULL, "/%zz", 0 },
	{ e_pct, NULL, "/%25zz", 0 },
	{ e_pct, NULL, "/100", 1 },
	{ e_star, NULL, "/a%2A", 0 },
	{ e_star, NULL, "/a*", 1 },
	{ e_star, NULL, "/ab", 1 },
	{ e_star, NULL, "/b%24", 0 },
	{ e_star, NULL, "/b$", 1 },
	{ e_latin1, NULL, "/caf%E9", 0 },
	{ e_latin1, NULL, "/caf\xe9", 0 },
	{ e_latin1, NULL, "/caf%C3%A9", 1 },
	{ e_tilde, NULL, "/robots.txt", 1 },
	{ "User-agent: *\nDisallow: /\n", NULL, "/robots.txt", 1 },
	{ "User-agent: *\nDisallow: /\n", NULL, "/robots.txt?x=1", 1 },
	{ "User-agent: *\nDisallow: /\n", NULL, "/robots%2Etxt", 1 },
	{ "User-agent: *\nDisallow: /\n", NULL, "/robots.txt/x", 0 },
	{ "User-agent: *\nDisallow: /\n", NULL, "/x/robots.txt", 0 },
	{ "User-agent: *\nDisallow: /a\n", NULL, "/b#/a", 1 },
	{ "User-agent: *\nDisallow: /a\n", NULL, "a", 0 },
	{ "User-agent: *\nDisallow: /a\n", NULL, "", 1 },
};

/* Bytes: BOM, line ends, comments, junk, typos, NULs. */
static const char b_bom[] = "\xef\xbb\xbfUser-Agent: foo\nAllow: /AnyValue\nDisallow: /\n";
static const char b_bom2[] = "\xef\xbbUser-Agent: foo\nAllow: /AnyValue\nDisallow: /\n";
static const char b_bom1[] = "\xefUser-Agent: foo\nAllow: /AnyValue\nDisallow: /\n";
static const char b_badbom[] = "\xef\x11\xbfUser-Agent: foo\nAllow: /AnyValue\nDisallow: /\n";
static const char b_midbom[] = "User-Agent: foo\n\xef\xbb\xbf"
			       "Disallow: /\n";
static const char b_cr[] = "User-agent: *\rDisallow: /a\rAllow: /a/b\r";
static const char b_crlf[] = "User-agent: *\r\nDisallow: /a\r\n\r\nAllow: /a/b\r\n";
static const char b_mixed[] = "User-agent: x\n\rDisallow: /x\r\n\nUser-agent: *\rDisallow: /a\n";
static const char b_noeol[] = "User-agent: *\nDisallow: /last";
static const char b_comments[] = "# robots.txt for example.com\n"
				 "   # indented comment\n"
				 "User-agent: * # all\n"
				 "Disallow: /a # no a\n"
				 "Disallow: #/b\n"
				 "#Disallow: /c\n";
static const char b_junk[] = "<html><body>Not Found</body></html>\n"
			     "User-agent: *\n"
			     "this is not a robots line\n"
			     ": /nokey\n"
			     "Disallow /a\n"
			     "Disallow /b /c\n"
			     "Noindex: /d\n"
			     "Host: example.com\n"
			     "\x01\x02\xff\xfe: \x80\n"
			     "Disallow: /e\n";
static const char b_typos[] = "useragent: *\n"
			      "disalow: /a\n"
			      "dissallow: /b\n"
			      "dissalow: /c\n"
			      "diasllow: /d\n"
			      "disallaw: /e\n"
			      "Disallowed: /f\n"
			      "disallow : /g\n"
			      "\tDISALLOW:/h\t\n"
			      "disalow /i\n";
static const char b_ua_space[] = "user agent: kabar\nDisallow: /a\nUser-agents: *\nDisallow: /b\n";
static const char b_sitemap_nokey[] = "User-agent: *\nsite-map: https://example.com/s.xml\nDisallow: /x\n";

static const struct acase byte_cases[] = {
	{ b_bom, "foo", "/AnyValue", 1 },  { b_bom, "foo", "/other", 0 },
	{ b_bom2, "foo", "/AnyValue", 1 }, { b_bom2, "foo", "/other", 0 },
	{ b_bom1, "foo", "/other", 0 },	   { b_badbom, "foo", "/other", 1 },
	{ b_midbom, "foo", "/other", 1 },  { b_cr, NULL, "/a", 0 },
	{ b_cr, NULL, "/a/b", 1 },	   { b_cr, NULL, "/b", 1 },
	{ b_crlf, NULL, "/a", 0 },	   { b_crlf, NULL, "/a/b", 1 },
	{ b_mixed, NULL, "/a", 0 },	   { b_mixed, NULL, "/x", 1 },
	{ b_mixed, "x", "/x", 0 },	   { b_noeol, NULL, "/last", 0 },
	{ b_comments, NULL, "/a", 0 },	   { b_comments, NULL, "/b", 1 },
	{ b_comments, NULL, "/c", 1 },	   { b_junk, NULL, "/nokey", 1 },
	{ b_junk, NULL, "/a", 0 },	   { b_junk, NULL, "/b", 1 },
	{ b_junk, NULL, "/d", 1 },	   { b_junk, NULL, "/e", 0 },
	{ b_typos, NULL, "/a", 0 },	   { b_typos, NULL, "/b", 0 },
	{ b_typos, NULL, "/c", 0 },	   { b_typos, NULL, "/d", 0 },
	{ b_typos, NULL, "/e", 0 },	   { b_typos, NULL, "/f", 0 },
	{ b_typos, NULL, "/g", 0 },	   { b_typos, NULL, "/h", 0 },
	{ b_typos, NULL, "/i", 0 },	   { b_typos, NULL, "/j", 1 },
	{ b_ua_space, NULL, "/a", 0 },	   { b_ua_space, NULL, "/b", 1 },
	{ b_ua_space, "other", "/b", 0 },  { b_sitemap_nokey, NULL, "/x", 0 },
};

static void
test_nul_bytes(void)
{
	/* A NUL ends the useful part of its line, like a '#'. */
	static const char txt[] = "User-agent: *\nDisallow: /a\0/b\nDisallow: /c\n\0Disallow: /d\nAllow: /\0x\n";
	static const char bin[] = "\0\0\0\xff\xfe\xfd\n\x80\x81User-agent: *\n\xc3\x28\nDisallow: /z\n";

	check_len(txt, sizeof(txt) - 1, NULL, "/a", 0, "nul");
	check_len(txt, sizeof(txt) - 1, NULL, "/b", 1, "nul");
	check_len(txt, sizeof(txt) - 1, NULL, "/c", 0, "nul");
	check_len(txt, sizeof(txt) - 1, NULL, "/d", 1, "nul");
	check_len(bin, sizeof(bin) - 1, NULL, "/z", 1, "binary junk before the group");
	check_len(bin, sizeof(bin) - 1, NULL, "/", 1, "binary junk before the group");
	check_len(NULL, 0, NULL, "/", 1, "NULL text");
	check_len(NULL, 100, NULL, "/", 1, "NULL text with a length");
}

static void
delay_is(const char *txt, const char *agent, long want, const char *what)
{
	struct kb_robots *r = kb_robots_parse(txt, strlen(txt), agent);
	char *s = kb_robots_serialize(r);
	struct kb_robots *r2 = kb_robots_parse(s, strlen(s), agent);

	remember(txt, agent);
	if (!ok(kb_robots_crawl_delay_ms(r) == want && kb_robots_crawl_delay_ms(r2) == want, "crawl-delay: %s", what))
		diag("  got %ld, after serialize and parse %ld, want %ld", kb_robots_crawl_delay_ms(r),
		     kb_robots_crawl_delay_ms(r2), want);
	kb_robots_free(r2);
	kb_robots_free(r);
	free(s);
}

static void
test_crawl_delay(void)
{
	delay_is("User-agent: *\nCrawl-delay: 10\n", NULL, 10000, "10");
	delay_is("User-agent: *\nCrawl-delay: 0.5\n", NULL, 500, "0.5");
	delay_is("User-agent: *\nCrawl-delay: 1.5\n", NULL, 1500, "1.5");
	delay_is("User-agent: *\nCrawl-delay: .25\n", NULL, 250, ".25");
	delay_is("User-agent: *\nCrawl-delay: 2.\n", NULL, 2000, "2.");
	delay_is("User-agent: *\nCrawl-delay: 1.2345\n", NULL, 1234, "1.2345 to the millisecond");
	delay_is("User-agent: *\nCrawl-delay: 0\n", NULL, 0, "0");
	delay_is("User-agent: *\nCrawl-delay: 60\n", NULL, 60000, "60");
	delay_is("User-agent: *\nCrawl-delay: 61\n", NULL, 60000, "61 capped");
	delay_is("User-agent: *\nCrawl-delay: 3600\n", NULL, 60000, "3600 capped");
	delay_is("User-agent: *\nCrawl-delay: 99999999999999999999999999\n", NULL, 60000, "huge capped");
	delay_is("User-agent: *\nCrawl-delay: 59.9999\n", NULL, 59999, "59.9999");
	delay_is("User-agent: *\n", NULL, -1, "none");
	delay_is("User-agent: *\nCrawl-delay:\n", NULL, -1, "empty");
	delay_is("User-agent: *\nCrawl-delay: abc\n", NULL, -1, "abc");
	delay_is("User-agent: *\nCrawl-delay: -1\n", NULL, -1, "-1");
	delay_is("User-agent: *\nCrawl-delay: 10s\n", NULL, -1, "10s");
	delay_is("User-agent: *\nCrawl-delay: 1,5\n", NULL, -1, "1,5");
	delay_is("User-agent: *\nCrawl-delay: .\n", NULL, -1, ".");
	delay_is("User-agent: *\nCrawl-delay: 1e3\n", NULL, -1, "1e3");
	delay_is("User-agent: *\nCrawl-delay: 5 # five\n", NULL, 5000, "with a comment");
	delay_is("User-agent: *\ncrawl-delay 7\n", NULL, 7000, "no colon");
	delay_is("User-agent: *\nCrawldelay: 3\n", NULL, 3000, "Crawldelay");
	delay_is("Crawl-delay: 5\nUser-agent: *\nDisallow: /\n", NULL, -1, "before any group: ignored");
	delay_is("User-agent: *\nCrawl-delay: 5\nCrawl-delay: 2\n", NULL, 5000, "two in a group: the largest");
	delay_is("User-agent: *\nCrawl-delay: 5\n\nUser-agent: kabar\nCrawl-delay: 2\n", NULL, 2000,
		 "the kabar group's, not the largest of the file");
	delay_is("User-agent: *\nCrawl-delay: 5\n\nUser-agent: kabar\nDisallow: /x\n", NULL, -1,
		 "the kabar group has none");
	delay_is("User-agent: kabar\nCrawl-delay: 1\nDisallow: /\n\nUser-agent: kabar\nCrawl-delay: 4\nDisallow: /\n",
		 NULL, 4000, "merged kabar groups: the largest");
	delay_is("User-agent: *\nCrawl-delay: 1\nDisallow: /\n\nUser-agent: *\nCrawl-delay: 0.5\n", NULL, 1000,
		 "merged * groups: the largest");
	delay_is("User-agent: other\nCrawl-delay: 9\nUser-agent: kabar\nDisallow: /x\n", NULL, -1,
		 "a Crawl-delay ends the run of User-agent lines");
	delay_is("User-agent: other\nCrawl-delay: 9\nUser-agent: kabar\nDisallow: /x\n", "other", 9000,
		 "the other agent's group");
	delay_is("User-agent: a\nUser-agent: kabar\nCrawl-delay: 3\nDisallow: /x\n", NULL, 3000,
		 "a group of two agents");
	delay_is("User-agent: kabar\nSitemap: https://e.com/s.xml\nUser-agent: a\nCrawl-delay: 3\n", NULL, 3000,
		 "a Sitemap line does not end the run of User-agent lines");
	delay_is(k_msnbot, NULL, -1, "msnbot's delay is not kabar's");
	delay_is(k_msnbot, "msnbot", 20000, "msnbot's delay");
	delay_is("User-agent: kabar\nDisallow: /x\nUser-agent: other\nCrawl-delay: 9\n", NULL, -1,
		 "a Crawl-delay of the next group");
	delay_is("User-agent: *\nCrawl-delay: 10\n\nUser-agent: googlebot\nCrawl-delay: 1\n", NULL, 10000,
		 "another bot's group");
}

static void
sitemaps_are(const char *txt, const char *const *want, size_t nwant, const char *what)
{
	struct kb_robots *r = kb_robots_parse(txt, strlen(txt), NULL);
	const char *const *urls = NULL;
	size_t n = kb_robots_sitemaps(r, &urls), i;
	int same = n == nwant;

	remember(txt, NULL);
	for (i = 0; same && i < n; i++)
		same = strcmp(urls[i], want[i]) == 0;
	if (!ok(same, "sitemaps: %s", what)) {
		diag("  got %zu, want %zu", n, nwant);
		for (i = 0; i < n; i++)
			diag("  got %s", urls[i]);
	}
	kb_robots_free(r);
}

static void
test_sitemaps(void)
{
	static const char *const two[] = { "https://example.com/sitemap.xml", "http://example.com/news.xml" };
	static const char *const one[] = { "https://example.com/sitemap.xml" };
	static const char *const enc[] = { "https://example.com/%C3%A9t%C3%A9.xml" };
	static const char *const mixed[] = { "HTTPS://Example.com/a.xml", "http://example.com:8080/b.xml?x=1" };
	const char *const *urls = NULL;
	struct kb_robots *r;
	char *big, *url, *p;
	size_t i;

	sitemaps_are("Sitemap: https://example.com/sitemap.xml\nUser-agent: *\nDisallow: /\n"
		     "Sitemap: http://example.com/news.xml\n",
		     two, 2, "before and after the groups, in order");
	sitemaps_are("User-agent: googlebot\nSitemap: https://example.com/sitemap.xml\nUser-agent: x\n"
		     "Sitemap: http://example.com/news.xml\nsitemap https://example.com/sitemap.xml\n",
		     two, 2, "in any group, duplicates dropped");
	sitemaps_are("Sitemap: /sitemap.xml\nSitemap: ftp://example.com/s.xml\nSitemap: example.com/s.xml\n"
		     "Sitemap: https://\nSitemap: http:///x\nSitemap: https://example.com/a b.xml\n"
		     "Sitemap: https://example.com/sitemap.xml\nSitemap:\n",
		     one, 1, "relative, other schemes, no host, spaces rejected");
	sitemaps_are("Site-map: https://example.com/\xc3\xa9t\xc3\xa9.xml\n", enc, 1, "non-ASCII percent-encoded");
	sitemaps_are("SITEMAP: HTTPS://Example.com/a.xml\nsitemap:http://example.com:8080/b.xml?x=1\n", mixed, 2,
		     "case of the key and scheme");
	sitemaps_are("Sitemap: https://example.com/s.xml#frag\n", (const char *const[]){ "https://example.com/s.xml" },
		     1, "a '#' starts a comment");
	sitemaps_are("User-agent: *\nDisallow: /\n", NULL, 0, "none");

	/* 2048 bytes is the longest URL kept. */
	url = malloc(2100);
	big = malloc(4300);
	memcpy(url, "https://e.com/", 14);
	memset(url + 14, 'a', 2048 - 14);
	url[2048] = '\0';
	snprintf(big, 4300, "Sitemap: %s\nSitemap: %sb\n", url, url);
	r = kb_robots_parse(big, strlen(big), NULL);
	is_int(kb_robots_sitemaps(r, &urls), 1, "sitemaps: a URL of 2048 bytes kept, one of 2049 dropped");
	is_int(urls ? strlen(urls[0]) : 0, 2048, "sitemaps: the 2048-byte URL whole");
	kb_robots_free(r);
	free(big);
	free(url);

	/* At most 100. */
	big = malloc(150 * 40);
	p = big;
	for (i = 0; i < 150; i++)
		p += snprintf(p, 40, "Sitemap: https://e.com/%zu.xml\n", i);
	r = kb_robots_parse(big, strlen(big), NULL);
	is_int(kb_robots_sitemaps(r, &urls), 100, "sitemaps: at most 100");
	is_str(urls[99], "https://e.com/99.xml", "sitemaps: the first 100 kept");
	is_int(kb_robots_sitemaps(r, NULL), 100, "sitemaps: urls may be NULL");
	kb_robots_free(r);
	free(big);
	is_int(kb_robots_sitemaps(NULL, &urls), 0, "sitemaps: NULL robots");
	ok(urls == NULL, "sitemaps: NULL robots gives no list");
}

/* A text of at least size bytes: a group header, then filler comments. */
static char *
filler(size_t size, size_t *len)
{
	char *s = malloc(size + 1);
	size_t n = 0;

	n += (size_t)snprintf(s, size + 1, "User-agent: *\nDisallow: /early\n");
	while (n + 64 <= size) {
		memcpy(s + n, "# filler filler filler filler filler filler filler filler filler\n", 64);
		n += 64;
	}
	while (n < size)
		s[n++] = '\n';
	s[n] = '\0';
	*len = n;
	return s;
}

static void
test_limits(void)
{
	size_t len, n, i;
	char *f, *txt, *p, *line;
	struct kb_robots *r;

	/* A rule wholly before the limit applies, one after it does not, one
	 * that the limit cuts is ignored. */
	f = filler(KB_ROBOTS_MAX_BYTES - 100, &len);
	txt = malloc(KB_ROBOTS_MAX_BYTES + 200);
	memcpy(txt, f, len);
	n = len;
	n += (size_t)snprintf(txt + n, 200, "Disallow: /before\n");
	while (n < KB_ROBOTS_MAX_BYTES - 10)
		txt[n++] = '\n';
	n += (size_t)snprintf(txt + n, 200, "Disallow: /cut-by-the-limit\nDisallow: /after\n");
	check_len(txt, n, NULL, "/early", 0, "huge file: first rule");
	check_len(txt, n, NULL, "/before", 0, "huge file: rule before the limit");
	check_len(txt, n, NULL, "/cut", 1, "huge file: rule cut by the limit ignored");
	check_len(txt, n, NULL, "/cut-by-the-limit", 1, "huge file: rule cut by the limit ignored");
	check_len(txt, n, NULL, "/after", 1, "huge file: rule after the limit ignored");
	/* The limit falls right at a line end: the line before it counts. */
	n = KB_ROBOTS_MAX_BYTES - strlen("Disallow: /edge");
	memcpy(txt + n, "Disallow: /edge\nDisallow: /next\n", 32);
	n += 32;
	check_len(txt, n, NULL, "/edge", 0, "huge file: rule ending at the limit");
	check_len(txt, n, NULL, "/next", 1, "huge file: rule just past the limit");
	free(txt);
	free(f);

	/* Lines over 16 KiB are ignored whole; 2 KiB is fine. */
	line = malloc(40000);
	n = (size_t)snprintf(line, 40000, "User-agent: *\nDisallow: /");
	memset(line + n, 'x', 20000);
	n += 20000;
	n += (size_t)snprintf(line + n, 40000 - n, "\nDisallow: /short/");
	memset(line + n, 'y', 2000);
	n += 2000;
	line[n] = '\0';
	check_len(line, n, NULL, "/xxxx", 1, "long line ignored");
	p = malloc(2100);
	p[0] = '/';
	memcpy(p + 1, "short/", 6);
	memset(p + 7, 'y', 2000);
	p[2007] = '\0';
	check_len(line, n, NULL, p, 0, "2 KiB pattern kept");
	p[2006] = '\0';
	check_len(line, n, NULL, p, 1, "2 KiB pattern: one byte less does not match");
	free(p);
	free(line);

	/* At most 10000 rules. */
	txt = malloc(10100 * 24 + 64);
	p = txt + snprintf(txt, 64, "User-agent: *\n");
	for (i = 0; i < 10100; i++)
		p += snprintf(p, 24, "Disallow: /r%zu$\n", i);
	r = kb_robots_parse(txt, (size_t)(p - txt), NULL);
	is_int(kb_robots_allowed(r, "/r0"), 0, "10000 rules: the first applies");
	is_int(kb_robots_allowed(r, "/r9999"), 0, "10000 rules: the 10000th applies");
	is_int(kb_robots_allowed(r, "/r10000"), 1, "10000 rules: the 10001st is ignored");
	is_int(kb_robots_allowed(r, "/r5000x"), 1, "10000 rules: anchored");
	kb_robots_free(r);
	check_len(txt, (size_t)(p - txt), NULL, "/r4242", 0, "10000 rules round trip");
	free(txt);
}

static void
test_pathological(void)
{
	size_t n, i;
	char *txt, *path, *p;
	struct kb_robots *r;

	/* "*a*a*a...*a*b" against "/aaaa...": backtracking matchers take
	 * exponential or quadratic time here. */
	txt = malloc(32 + 2 * 4000 + 8);
	n = (size_t)snprintf(txt, 32, "User-agent: *\nDisallow: /");
	for (i = 0; i < 4000; i++) {
		txt[n++] = '*';
		txt[n++] = 'a';
	}
	memcpy(txt + n, "*b\n", 4);
	n += 3;
	path = malloc(200002);
	path[0] = '/';
	memset(path + 1, 'a', 200000);
	path[200001] = '\0';
	r = kb_robots_parse(txt, n, NULL);
	is_int(kb_robots_allowed(r, path), 1, "pathological: *a*a*...*b against /aaa... finishes, no match");
	path[200000] = 'b';
	is_int(kb_robots_allowed(r, path), 0, "pathological: *a*a*...*b against /aaa...ab matches");
	path[200000] = 'a';
	path[100] = 'b';
	is_int(kb_robots_allowed(r, path), 1, "pathological: b too early");
	kb_robots_free(r);

	/* Many rules, each with long repetitive pieces. */
	txt = realloc(txt, 3000 * 80 + 32);
	p = txt + snprintf(txt, 32, "User-agent: *\n");
	for (i = 0; i < 3000; i++)
		p += snprintf(p, 80, "Disallow: /*aaaaaaaaaaaaaaaaaaaaaaaaab*aaaaaaaaaaaaac*%zu$\n", i);
	path[100] = 'a';
	path[20000] = '\0';
	r = kb_robots_parse(txt, (size_t)(p - txt), NULL);
	is_int(kb_robots_allowed(r, path), 1, "pathological: 3000 rules of repetitive pieces");
	kb_robots_free(r);
	free(path);
	free(txt);
}

static void
test_allow_disallow_all(void)
{
	struct kb_robots *a = kb_robots_allow_all(), *d = kb_robots_disallow_all();
	const char *const *urls = NULL;
	char *s;

	is_int(kb_robots_allowed(a, "/"), 1, "allow_all: /");
	is_int(kb_robots_allowed(a, "/x/y?z"), 1, "allow_all: /x/y?z");
	is_int(kb_robots_crawl_delay_ms(a), -1, "allow_all: no crawl delay");
	is_int(kb_robots_sitemaps(a, &urls), 0, "allow_all: no sitemaps");
	s = kb_robots_serialize(a);
	is_str(s, "User-agent: kabar\n", "allow_all: serialized");
	free(s);
	is_int(kb_robots_allowed(d, "/"), 0, "disallow_all: /");
	is_int(kb_robots_allowed(d, ""), 0, "disallow_all: empty path");
	is_int(kb_robots_allowed(d, "/x/y?z"), 0, "disallow_all: /x/y?z");
	is_int(kb_robots_allowed(d, "?z"), 0, "disallow_all: ?z");
	is_int(kb_robots_allowed(d, "/robots.txt"), 1, "disallow_all: /robots.txt still allowed");
	is_int(kb_robots_crawl_delay_ms(d), -1, "disallow_all: no crawl delay");
	s = kb_robots_serialize(d);
	is_str(s, "User-agent: kabar\nDisallow: /\n", "disallow_all: serialized");
	free(s);
	kb_robots_free(a);
	kb_robots_free(d);
	is_int(kb_robots_allowed(NULL, "/"), 1, "NULL robots: allowed");
	is_int(kb_robots_crawl_delay_ms(NULL), -1, "NULL robots: no delay");
	ok(kb_robots_serialize(NULL) == NULL, "NULL robots: no text");
	kb_robots_free(NULL);
}

static void
serialized_is(const char *txt, const char *agent, const char *want, const char *what)
{
	struct kb_robots *r = kb_robots_parse(txt, strlen(txt), agent);
	char *s = kb_robots_serialize(r);

	remember(txt, agent);
	is_str(s, want, "serialize: %s", what);
	free(s);
	kb_robots_free(r);
}

static void
test_serialize(void)
{
	serialized_is("User-agent: *\nDisallow: /x\nAllow: /x/y\nDisallow: /x/y$\nCrawl-delay: 1.5\n"
		      "Sitemap: https://example.com/s.xml\n",
		      NULL,
		      "User-agent: kabar\nDisallow: /x/y$\nAllow: /x/y\nDisallow: /x\nCrawl-delay: 1.500\n"
		      "Sitemap: https://example.com/s.xml\n",
		      "sorted, delay, sitemap");
	serialized_is("User-agent: kabar\nDisallow: /%7ea\xe3\x83\x84%2f b\nDisallow: /a\nDisallow: /a\n"
		      "Allow: /a\nDisallow:\nAllow: nope\n",
		      NULL, "User-agent: kabar\nDisallow: /~a%E3%83%84%2F%20b\nAllow: /a\nDisallow: /a\n",
		      "normalized, duplicates dropped");
	serialized_is("User-agent: FooBot\nDisallow: /f\n", "FooBot/2.1", "User-agent: FooBot\nDisallow: /f\n",
		      "the agent's token");
	serialized_is("User-agent: *\nDisallow: /f\n", "", "User-agent: *\nDisallow: /f\n", "no token: *");
	serialized_is("", NULL, "User-agent: kabar\n", "empty file");
}

/* Paths to try on a file: fixed ones, and each rule value with its
 * wildcards filled in, cut short and made longer. */
static size_t
paths_for(const char *txt, char paths[][96], size_t max)
{
	static const char *const fixed[] = {
		"/", "", "/a", "/x", "/x/y", "/page.html", "/index.php?x=1", "/?q", "/robots.txt", "/%7E", "/~"
	};
	size_t n = 0, i, k;
	const char *line, *colon, *end;

	for (i = 0; i < KB_ARRAY_LEN(fixed) && n < max; i++)
		snprintf(paths[n++], 96, "%s", fixed[i]);
	for (line = txt; *line && n + 3 <= max; line = end + (*end != '\0')) {
		end = line + strcspn(line, "\r\n");
		colon = memchr(line, ':', (size_t)(end - line));
		if (!colon)
			continue;
		for (colon++; colon < end && *colon == ' '; colon++)
			;
		for (k = 0; colon + k < end && k < 80 && colon[k] != '#'; k++)
			paths[n][k] = colon[k] == '*' ? 'z' : colon[k] == '$' ? '\0' : colon[k];
		paths[n][k] = '\0';
		memcpy(paths[n + 1], paths[n], k + 1);
		paths[n + 1][strlen(paths[n + 1]) / 2] = '\0';
		memcpy(paths[n + 2], paths[n], k + 1);
		memcpy(paths[n + 2] + strlen(paths[n + 2]), "/more", 6);
		n += 3;
	}
	return n;
}

/* serialize then parse gives the same answers, delay and sitemaps, and
 * the same text again. */
static int
roundtrip_same(const char *txt, size_t len, const char *agent)
{
	static char paths[256][96];
	struct kb_robots *r = kb_robots_parse(txt, len, agent), *r2;
	const char *const *u1 = NULL, *const *u2 = NULL;
	char *s, *s2;
	size_t n, i, n1, n2;
	int same;

	s = kb_robots_serialize(r);
	r2 = kb_robots_parse(s, strlen(s), agent);
	s2 = kb_robots_serialize(r2);
	same = strcmp(s, s2) == 0 && kb_robots_crawl_delay_ms(r) == kb_robots_crawl_delay_ms(r2);
	n1 = kb_robots_sitemaps(r, &u1);
	n2 = kb_robots_sitemaps(r2, &u2);
	same = same && n1 == n2;
	for (i = 0; same && i < n1; i++)
		same = strcmp(u1[i], u2[i]) == 0;
	n = paths_for(txt, paths, KB_ARRAY_LEN(paths));
	for (i = 0; same && i < n; i++) {
		same = kb_robots_allowed(r, paths[i]) == kb_robots_allowed(r2, paths[i]);
		if (!same)
			diag("  differs on %s", paths[i]);
	}
	if (!same)
		diag("  serialized:\n%s", s);
	free(s);
	free(s2);
	kb_robots_free(r);
	kb_robots_free(r2);
	return same;
}

static void
test_roundtrip_all(void)
{
	size_t i, len;
	char *f;

	for (i = 0; i < nfiles; i++)
		ok(roundtrip_same(files[i], strlen(files[i]), file_agents[i]), "round trip: file %zu for %s", i,
		   file_agents[i] ? file_agents[i] : "kabar");
	/* A file of the largest size, all rules for kabar: the serialized
	 * text must still fit the parser's limit. */
	f = malloc(KB_ROBOTS_MAX_BYTES + 1);
	len = (size_t)snprintf(f, 64, "User-agent: kabar\n");
	while (len + 40 < KB_ROBOTS_MAX_BYTES)
		len += (size_t)snprintf(f + len, 64, "Disallow: /\xe3\x83\x84\xe3\x83\x84/%zu\n", len);
	ok(roundtrip_same(f, len, NULL), "round trip: 512 KiB of rules that grow when normalized");
	len = (size_t)snprintf(f, 64, "User-agent: kabar\n");
	while (len + 40 < KB_ROBOTS_MAX_BYTES)
		len += (size_t)snprintf(f + len, 64, "Sitemap: http://e.com/\xff\xff\xff\xff/%zu\n", len);
	ok(roundtrip_same(f, len, NULL), "round trip: many sitemaps");
	free(f);
}

int
main(void)
{
	run_cases(rfc_cases, KB_ARRAY_LEN(rfc_cases), "rfc 9309");
	run_cases(group_cases, KB_ARRAY_LEN(group_cases), "groups");
	run_cases(agent_cases, KB_ARRAY_LEN(agent_cases), "agents");
	run_cases(match_cases, KB_ARRAY_LEN(match_cases), "matching");
	run_cases(enc_cases, KB_ARRAY_LEN(enc_cases), "encoding");
	run_cases(byte_cases, KB_ARRAY_LEN(byte_cases), "bytes");
	test_nul_bytes();
	test_crawl_delay();
	test_sitemaps();
	test_limits();
	test_pathological();
	test_allow_disallow_all();
	test_serialize();
	test_roundtrip_all();
	return done_testing();
}
