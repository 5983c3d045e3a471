/* fuzz-robots.c: robots.txt parsing and matching on arbitrary bytes.
 *
 * The input is parsed as a robots.txt for kabar and for "googlebot", and
 * paths taken from it (each line's value, with '*' filled in and '$'
 * dropped, cut short, made longer; the raw lines) are asked. Properties:
 * serialize then parse answers the same for every path, keeps the crawl
 * delay and the sitemaps, serializes to the same text, and that text fits
 * KB_ROBOTS_MAX_BYTES.
 *
 * A differential check too: the first bytes pick two patterns and a path
 * over the letters a, b, slash, star and dollar (which normalization
 * leaves alone); the answer for "Allow: P1" and "Disallow: P2" must be
 * what a plain dynamic programming matcher and the longest-match rule
 * say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/robots.h"
#include "fuzz.h"

#define MAX_PATHS    96
#define PATH_MAX_LEN 256

/* Whether pattern p (Google's semantics: '*' any run, '$' at the very
 * end anchors) matches a prefix of s, by dynamic programming. */
static int
ref_match(const char *p, size_t pn, const char *s, size_t sn)
{
	unsigned char m[40][40]; /* m[i][j]: p[0..i) matches s[0..j) */
	int anchored = pn > 0 && p[pn - 1] == '$';
	size_t i, j;

	if (anchored)
		pn--;
	memset(m, 0, sizeof(m));
	m[0][0] = 1;
	for (i = 1; i <= pn; i++)
		for (j = 0; j <= sn; j++) {
			if (p[i - 1] == '*')
				m[i][j] = m[i - 1][j] || (j > 0 && m[i][j - 1]);
			else
				m[i][j] = j > 0 && m[i - 1][j - 1] && p[i - 1] == s[j - 1];
		}
	if (anchored)
		return m[pn][sn];
	for (j = 0; j <= sn; j++)
		if (m[pn][j])
			return 1;
	return 0;
}

static size_t
take(const uint8_t *data, size_t size, size_t *pos, size_t want, char *out, const char *alphabet)
{
	size_t n = 0, k = strlen(alphabet);

	while (n < want && *pos < size)
		out[n++] = alphabet[data[(*pos)++] % k];
	out[n] = '\0';
	return n;
}

static void
differential(const uint8_t *data, size_t size)
{
	char p1[32], p2[32], path[40], txt[128];
	size_t pos = 2, n1, n2, np;
	struct kb_robots *r;
	int m1, m2, want, got;

	if (size < 2)
		return;
	n1 = take(data, size, &pos, data[0] % 24, p1, "ab/*$");
	n2 = take(data, size, &pos, data[1] % 24, p2, "ab/*$");
	path[0] = '/';
	np = 1 + take(data, size, &pos, 30, path + 1, "ab/*$");
	/* An empty pattern is no rule (Google: priority 0 never wins). */
	m1 = n1 > 0 && ref_match(p1, n1, path, np);
	m2 = n2 > 0 && ref_match(p2, n2, path, np);
	want = m2 ? m1 && n1 >= n2 : 1;
	snprintf(txt, sizeof(txt), "User-agent: kabar\nAllow: %s\nDisallow: %s\n", p1, p2);
	r = kb_robots_parse(txt, strlen(txt), NULL);
	got = kb_robots_allowed(r, path);
	FUZZ_ASSERT(got == want, "allow '%s' (match %d), disallow '%s' (match %d), path '%s': got %d, want %d", p1, m1,
		    p2, m2, path, got, want);
	kb_robots_free(r);
}

/* Paths to ask, taken from the input's lines. */
static size_t
derive_paths(const char *s, size_t size, char (*paths)[PATH_MAX_LEN])
{
	static const char *const fixed[] = { "/", "", "/robots.txt", "/a", "/x?y", "?q", "/%7E", "/~", "%" };
	size_t n = 0, i, k, len;
	const char *line = s, *end = s + size, *eol, *v;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		snprintf(paths[n++], PATH_MAX_LEN, "%s", fixed[i]);
	while (line < end && n + 4 <= MAX_PATHS) {
		eol = line;
		while (eol < end && *eol != '\n' && *eol != '\r' && *eol != '\0')
			eol++;
		len = (size_t)(eol - line);
		if (len >= PATH_MAX_LEN)
			len = PATH_MAX_LEN - 1;
		memcpy(paths[n], line, len);
		paths[n++][len] = '\0';
		v = memchr(line, ':', (size_t)(eol - line));
		if (v) {
			v++;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			for (k = 0; v + k < eol && k < PATH_MAX_LEN - 8; k++)
				paths[n][k] = v[k] == '*' ? 'z' : v[k] == '$' ? 'd' : v[k];
			paths[n][k] = '\0';
			memcpy(paths[n + 1], paths[n], k + 1);
			paths[n + 1][k / 2] = '\0';
			memcpy(paths[n + 2], paths[n], k + 1);
			memcpy(paths[n + 2] + k, "/x", 3);
			n += 3;
		}
		line = eol + 1;
	}
	return n;
}

static void
roundtrip(const char *s, size_t size, const char *agent, char (*paths)[PATH_MAX_LEN], size_t npaths)
{
	struct kb_robots *r = kb_robots_parse(s, size, agent), *r2;
	const char *const *u1 = NULL, *const *u2 = NULL;
	char *t, *t2;
	size_t i, n1, n2;

	FUZZ_ASSERT(r != NULL, "parse failed");
	t = kb_robots_serialize(r);
	FUZZ_ASSERT(t != NULL, "serialize failed");
	FUZZ_ASSERT(strlen(t) <= KB_ROBOTS_MAX_BYTES, "serialized text of %zu bytes", strlen(t));
	r2 = kb_robots_parse(t, strlen(t), agent);
	t2 = kb_robots_serialize(r2);
	FUZZ_ASSERT(strcmp(t, t2) == 0, "serialize, parse, serialize changed the text:\n%s\n----\n%s", t, t2);
	FUZZ_ASSERT(kb_robots_crawl_delay_ms(r) == kb_robots_crawl_delay_ms(r2), "crawl delay %ld became %ld",
		    kb_robots_crawl_delay_ms(r), kb_robots_crawl_delay_ms(r2));
	FUZZ_ASSERT(kb_robots_crawl_delay_ms(r) >= -1 && kb_robots_crawl_delay_ms(r) <= 60000, "crawl delay %ld",
		    kb_robots_crawl_delay_ms(r));
	n1 = kb_robots_sitemaps(r, &u1);
	n2 = kb_robots_sitemaps(r2, &u2);
	FUZZ_ASSERT(n1 == n2 && n1 <= 100, "%zu sitemaps became %zu", n1, n2);
	for (i = 0; i < n1; i++) {
		FUZZ_ASSERT(strcmp(u1[i], u2[i]) == 0, "sitemap '%s' became '%s'", u1[i], u2[i]);
		FUZZ_ASSERT(strlen(u1[i]) <= 2048, "sitemap of %zu bytes", strlen(u1[i]));
	}
	for (i = 0; i < npaths; i++) {
		int a = kb_robots_allowed(r, paths[i]), b = kb_robots_allowed(r2, paths[i]);

		FUZZ_ASSERT(a == b, "path '%s': %d, after serialize and parse %d; serialized:\n%s", paths[i], a, b, t);
	}
	FUZZ_ASSERT(kb_robots_allowed(r, "/robots.txt") == 1, "/robots.txt disallowed");
	free(t);
	free(t2);
	kb_robots_free(r);
	kb_robots_free(r2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char paths[MAX_PATHS][PATH_MAX_LEN];
	const char *s = (const char *)data;
	size_t n;

	fuzz_init();
	differential(data, size);
	n = derive_paths(s, size, paths);
	roundtrip(s, size, NULL, paths, n);
	roundtrip(s, size, "googlebot", paths, n);
	return 0;
}
