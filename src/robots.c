/* robots.c: robots.txt (RFC 9309) parsing and matching.
 *
 * Reading a file (what Google's open-source parser does, unless noted):
 * - Lines end at LF, CR or CRLF. A UTF-8 BOM, or the start of one, at
 *   the very beginning is skipped. A '#' or a NUL byte ends the useful
 *   part of a line. A line whose useful part is over LINE_MAX_BYTES is
 *   ignored whole (Google cuts it instead; a cut rule would match other
 *   paths than the one written).
 * - "key: value", key and value trimmed of blanks (space, tab, VT, FF).
 *   Without a ':', "key value" with exactly two words is accepted too
 *   ("Disallow /private"). Other lines are ignored.
 * - Keys are matched ignoring case, as prefixes like Google does (so
 *   "Disallowed:" is a Disallow): user-agent, useragent, "user agent";
 *   allow; disallow and the typos dissallow, dissalow, disalow, diasllow,
 *   disallaw; sitemap, site-map; and (not Google) crawl-delay, crawldelay.
 * - A group starts with one or more User-agent lines; its Allow,
 *   Disallow and Crawl-delay lines follow. The first of those ends the
 *   run of User-agent lines, so the next User-agent starts a new group;
 *   Sitemap, unknown, empty and junk lines do not. (Google ignores
 *   Crawl-delay, so for it "User-agent: a / Crawl-delay: 5 / User-agent:
 *   b / Disallow: /" is one group {a, b}; here "a" gets the delay and "b"
 *   the rule, which is what such files mean.) Lines before the first
 *   User-agent belong to no group and are ignored (Sitemap excepted).
 * - A User-agent value's product token is its leading run of letters,
 *   '-' and '_' ("kabar/1.0" -> "kabar"), compared to the agent's token
 *   ignoring case. "*", alone or followed by a space, is the global group.
 *   Every group naming the agent applies, merged; if there is none, every
 *   "*" group, merged; if there is none either, nothing is disallowed.
 *   A group naming the agent applies even with no rules in it.
 *
 * Matching (RFC 9309 2.2.2, 2.2.3):
 * - Patterns and paths are normalized the same way before comparing:
 *   %XX of an unreserved character (RFC 3986: letters, digits, "-._~")
 *   is decoded, other %XX keep their code with upper-case hex digits,
 *   bytes outside 0x21-0x7e and a '%' that starts no %XX are encoded. So
 *   "/%7Efoo" and "/~foo" match, and "/a%2Fb" does not match "/a/b".
 *   Google does not decode %XX of unreserved characters.
 * - '*' matches any run of bytes, a '$' at the very end anchors the
 *   pattern at the end of the path, any other '$' is a literal.
 * - The rule with the longest pattern (octets of the normalized pattern,
 *   '*' and '$' included) wins; on a tie Allow wins; with no match the
 *   path is allowed; "/robots.txt" always is. An empty pattern, or one
 *   not starting with '/' or '*' (which could never match), is dropped.
 *   Google's "index.html means the directory" is not done.
 * - The matcher splits a pattern at its '*'s; the first piece must begin
 *   the path, the others are found leftmost in turn (Knuth-Morris-Pratt),
 *   the last at the very end when anchored. Greedy leftmost choice is
 *   exact for patterns whose only wildcard is '*'. One rule costs
 *   O(path + pattern) time, whatever the pattern ("*a*a*a*..." included),
 *   and a query at most O(rules * path + total pattern bytes).
 *
 * Limits: KB_ROBOTS_MAX_BYTES of input (a line cut by it is ignored),
 * LINE_MAX_BYTES per line, PATTERN_MAX bytes per normalized pattern
 * (longer rules are ignored), RULES_MAX rules and RULES_BYTES (about
 * 310 KiB) of serialized rules (further rules are ignored), SITEMAPS_MAX sitemaps of
 * at most SITEMAP_MAX bytes. The limits make kb_robots_serialize's text
 * always fit in KB_ROBOTS_MAX_BYTES, so parsing it gives the same rules.
 *
 * Crawl-delay: seconds as "10", "0.5" or ".5" (anything else is ignored),
 * to the millisecond, capped at 60 s; the largest one of the groups that
 * apply.
 *
 * Sitemap: absolute http or https URLs only, bytes over 0x7f percent-
 * encoded, none with a space or a control byte; duplicates dropped, in
 * the order of the file. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "robots.h"
#include "util.h"

#define LINE_MAX_BYTES 16384 /* the useful part of a line */
#define PATTERN_MAX    8192  /* normalized, with the '$' */
#define RULES_MAX      10000
#define SITEMAPS_MAX   100
#define SITEMAP_MAX    2048
#define DELAY_MAX_MS   60000L
#define AGENT_MAX      64 /* longer tokens are written as "*" */
/* The serialized rules: what is left of KB_ROBOTS_MAX_BYTES after the
 * sitemaps ("Sitemap: " URL "\n"), the User-agent and Crawl-delay lines. */
#define RULES_BYTES (KB_ROBOTS_MAX_BYTES - SITEMAPS_MAX * (SITEMAP_MAX + 10) - 256)

enum key { K_NONE, K_AGENT, K_ALLOW, K_DISALLOW, K_SITEMAP, K_DELAY };

static const struct {
	const char *name;
	enum key key;
} keys[] = {
	{ "user-agent", K_AGENT },  { "useragent", K_AGENT },	 { "user agent", K_AGENT },  { "allow", K_ALLOW },
	{ "disallow", K_DISALLOW }, { "dissallow", K_DISALLOW }, { "dissalow", K_DISALLOW }, { "disalow", K_DISALLOW },
	{ "diasllow", K_DISALLOW }, { "disallaw", K_DISALLOW },	 { "sitemap", K_SITEMAP },   { "site-map", K_SITEMAP },
	{ "crawl-delay", K_DELAY }, { "crawldelay", K_DELAY },
};

struct rule {
	char *pat;    /* normalized, without the end anchor */
	size_t len;   /* strlen(pat) */
	int allow;    /* 1: Allow, 0: Disallow */
	int anchored; /* the pattern ended with '$' */
};

struct kb_robots {
	struct rule *rules; /* longest first, Allow before Disallow on a tie */
	size_t nrules;
	size_t max_piece; /* the longest run of a pattern between '*'s */
	long delay_ms;
	char **sitemaps;
	size_t nsitemaps;
	char *agent; /* the User-agent value kb_robots_serialize writes */
};

/* The rules of the groups for one kind of agent (specific or global). */
struct ruleset {
	struct rule *rules;
	size_t n;
	size_t cap;
	size_t bytes; /* serialized size of the rules */
	long delay_ms;
	int seen; /* a User-agent line named it */
};

struct parser {
	const char *agent; /* the product token looked for */
	size_t agentlen;
	struct ruleset spec; /* groups naming the agent */
	struct ruleset glob; /* "*" groups */
	int in_group;	     /* a User-agent line was seen */
	int after_rule;	     /* a rule or Crawl-delay came after the last one */
	int cur_spec;	     /* the current group names the agent */
	int cur_glob;	     /* the current group is a "*" group */
	long cur_delay;	     /* its Crawl-delay */
	char **sitemaps;
	size_t nsitemaps;
};

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static int
is_token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

static int
is_unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
	       c == '_' || c == '~';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static size_t
token_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_token_char(s[i]))
		i++;
	return i;
}

static int
add_escaped(struct kb_buf *b, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3];

	e[0] = '%';
	e[1] = hex[c >> 4];
	e[2] = hex[c & 15];
	return kb_buf_add(b, e, 3);
}

/* Append the normalized form of n bytes of s (the file comment says
 * which); -1 when b's maximum is reached. */
static int
normalize(struct kb_buf *b, const char *s, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int hi = -1, lo = -1;

		if (c == '%' && n - i >= 3) {
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
		}
		if (hi >= 0 && lo >= 0) {
			c = (unsigned char)(hi * 16 + lo);
			rc = is_unreserved(c) ? kb_buf_addc(b, (char)c) : add_escaped(b, c);
			i += 2;
		} else if (c == '%' || c <= 0x20 || c >= 0x7f) {
			rc = add_escaped(b, c);
		} else {
			rc = kb_buf_addc(b, (char)c);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

static enum key
key_type(const char *k, size_t n)
{
	size_t i, m;

	for (i = 0; i < KB_ARRAY_LEN(keys); i++) {
		m = strlen(keys[i].name);
		if (n >= m && kb_strncasecmp(k, keys[i].name, m) == 0)
			return keys[i].key;
	}
	return K_NONE;
}

/* Milliseconds of a Crawl-delay value, capped, or -1 when it is not a
 * decimal number of seconds. */
static long
parse_delay(const char *v, size_t n)
{
	size_t i = 0, digits = 0;
	long secs = 0, ms = 0, scale = 100;

	while (i < n && v[i] >= '0' && v[i] <= '9') {
		if (secs <= DELAY_MAX_MS / 1000)
			secs = secs * 10 + (v[i] - '0');
		i++;
		digits++;
	}
	if (i < n && v[i] == '.') {
		i++;
		while (i < n && v[i] >= '0' && v[i] <= '9') {
			ms += (v[i] - '0') * scale;
			scale /= 10;
			i++;
			digits++;
		}
	}
	if (digits == 0 || i != n)
		return -1;
	if (secs >= DELAY_MAX_MS / 1000)
		return DELAY_MAX_MS;
	ms += secs * 1000;
	return ms > DELAY_MAX_MS ? DELAY_MAX_MS : ms;
}

static void
ruleset_add(struct ruleset *rs, const char *pat, size_t len, int allow, int anchored)
{
	size_t cost = strlen(allow ? "Allow: " : "Disallow: ") + len + (size_t)anchored + 1;
	struct rule *ru;

	if (rs->n >= RULES_MAX || cost > RULES_BYTES - rs->bytes)
		return;
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 16;
		rs->rules = kb_reallocarray(rs->rules, rs->cap, sizeof(*rs->rules));
	}
	ru = &rs->rules[rs->n++];
	ru->pat = kb_strndup(pat, len);
	ru->len = len;
	ru->allow = allow;
	ru->anchored = anchored;
	rs->bytes += cost;
}

static void
ruleset_free(struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->rules[i].pat);
	free(rs->rules);
	rs->rules = NULL;
	rs->n = rs->cap = 0;
}

/* The current group is complete: its Crawl-delay goes to the rule sets
 * it feeds. */
static void
end_group(struct parser *p)
{
	if (p->cur_spec && p->cur_delay > p->spec.delay_ms)
		p->spec.delay_ms = p->cur_delay;
	if (p->cur_glob && p->cur_delay > p->glob.delay_ms)
		p->glob.delay_ms = p->cur_delay;
	p->cur_spec = p->cur_glob = 0;
	p->cur_delay = -1;
	p->after_rule = 0;
}

static void
handle_agent(struct parser *p, const char *v, size_t n)
{
	size_t t;

	if (p->after_rule)
		end_group(p);
	p->in_group = 1;
	if (n >= 1 && v[0] == '*' && (n == 1 || is_ws(v[1]))) {
		p->cur_glob = p->glob.seen = 1;
		return;
	}
	t = token_len(v, n);
	if (t > 0 && t == p->agentlen && kb_strncasecmp(v, p->agent, t) == 0)
		p->cur_spec = p->spec.seen = 1;
}

static void
handle_rule(struct parser *p, const char *v, size_t n, int allow)
{
	struct kb_buf b;
	int anchored = 0;

	if (!p->in_group)
		return;
	p->after_rule = 1;
	if (!p->cur_spec && !p->cur_glob)
		return;
	if (n > 0 && v[n - 1] == '$') {
		anchored = 1;
		n--;
	}
	kb_buf_init(&b, PATTERN_MAX - (size_t)anchored);
	if (normalize(&b, v, n) == 0 && b.len > 0 && (b.data[0] == '/' || b.data[0] == '*')) {
		if (p->cur_spec)
			ruleset_add(&p->spec, b.data, b.len, allow, anchored);
		if (p->cur_glob)
			ruleset_add(&p->glob, b.data, b.len, allow, anchored);
	}
	kb_buf_free(&b);
}

static void
handle_delay(struct parser *p, const char *v, size_t n)
{
	long ms;

	if (!p->in_group)
		return;
	p->after_rule = 1;
	ms = parse_delay(v, n);
	if (ms > p->cur_delay)
		p->cur_delay = ms;
}

static void
handle_sitemap(struct parser *p, const char *v, size_t n)
{
	struct kb_buf b;
	size_t i, host;
	char *url;

	if (p->nsitemaps >= SITEMAPS_MAX)
		return;
	if (n > 7 && kb_strncasecmp(v, "http://", 7) == 0)
		host = 7;
	else if (n > 8 && kb_strncasecmp(v, "https://", 8) == 0)
		host = 8;
	else
		return;
	if (v[host] == '/' || v[host] == '?')
		return;
	kb_buf_init(&b, SITEMAP_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		int rc;

		if (c <= 0x20 || c == 0x7f)
			goto out;
		rc = c >= 0x80 ? add_escaped(&b, c) : kb_buf_addc(&b, (char)c);
		if (rc != 0)
			goto out;
	}
	for (i = 0; i < p->nsitemaps; i++)
		if (strcmp(p->sitemaps[i], b.data) == 0)
			goto out;
	if (p->nsitemaps == 0)
		p->sitemaps = kb_calloc(SITEMAPS_MAX, sizeof(*p->sitemaps));
	url = kb_buf_detach(&b, NULL);
	p->sitemaps[p->nsitemaps++] = url;
out:
	kb_buf_free(&b);
}

/* One line without its line end. */
static void
parse_line(struct parser *p, const char *line, size_t n)
{
	const char *key, *val, *sep;
	size_t k, klen, vlen, end;

	for (k = 0; k < n && line[k] != '#' && line[k] != '\0'; k++)
		;
	if (k > LINE_MAX_BYTES)
		return;
	n = k;
	while (n > 0 && is_ws(line[n - 1]))
		n--;
	k = 0;
	while (k < n && is_ws(line[k]))
		k++;
	if (k == n)
		return;
	key = line + k;
	end = n - k;
	sep = memchr(key, ':', end);
	if (sep) {
		klen = (size_t)(sep - key);
		val = sep + 1;
	} else {
		/* "key value": exactly two words */
		for (klen = 0; klen < end && !is_ws(key[klen]); klen++)
			;
		if (klen == end)
			return;
		val = key + klen;
	}
	vlen = end - (size_t)(val - key);
	while (vlen > 0 && is_ws(val[0])) {
		val++;
		vlen--;
	}
	if (!sep)
		for (k = 0; k < vlen; k++)
			if (is_ws(val[k]))
				return;
	while (klen > 0 && is_ws(key[klen - 1]))
		klen--;
	if (klen == 0)
		return;
	switch (key_type(key, klen)) {
	case K_AGENT:
		handle_agent(p, val, vlen);
		break;
	case K_ALLOW:
		handle_rule(p, val, vlen, 1);
		break;
	case K_DISALLOW:
		handle_rule(p, val, vlen, 0);
		break;
	case K_SITEMAP:
		handle_sitemap(p, val, vlen);
		break;
	case K_DELAY:
		handle_delay(p, val, vlen);
		break;
	case K_NONE:
		break;
	}
}

static int
rule_cmp(const void *a, const void *b)
{
	const struct rule *x = a, *y = b;
	size_t px = x->len + (size_t)x->anchored, py = y->len + (size_t)y->anchored;

	if (px != py)
		return px > py ? -1 : 1;
	if (x->allow != y->allow)
		return x->allow ? -1 : 1;
	if (x->anchored != y->anchored)
		return x->anchored ? -1 : 1;
	return memcmp(x->pat, y->pat, x->len);
}

static char *
agent_value(const char *token, size_t n)
{
	if (n == 0 || n > AGENT_MAX)
		return kb_strdup("*");
	return kb_strndup(token, n);
}

/* The result owns rs's rules (sorted, duplicates dropped); rs is empty
 * after. */
static struct kb_robots *
robots_new(struct ruleset *rs, const char *agent, size_t agentlen)
{
	struct kb_robots *r = kb_calloc(1, sizeof(*r));
	size_t i, j, k, piece;

	r->delay_ms = -1;
	r->agent = agent_value(agent, agentlen);
	if (!rs)
		return r;
	if (rs->n > 1)
		qsort(rs->rules, rs->n, sizeof(*rs->rules), rule_cmp);
	for (i = j = 0; i < rs->n; i++) {
		if (j > 0 && rule_cmp(&rs->rules[j - 1], &rs->rules[i]) == 0) {
			free(rs->rules[i].pat);
			continue;
		}
		rs->rules[j++] = rs->rules[i];
	}
	for (i = 0; i < j; i++) {
		piece = 0;
		for (k = 0; k < rs->rules[i].len; k++) {
			piece = rs->rules[i].pat[k] == '*' ? 0 : piece + 1;
			if (piece > r->max_piece)
				r->max_piece = piece;
		}
	}
	r->rules = rs->rules;
	r->nrules = j;
	r->delay_ms = rs->delay_ms;
	rs->rules = NULL;
	rs->n = rs->cap = 0;
	return r;
}

struct kb_robots *
kb_robots_parse(const char *txt, size_t len, const char *agent)
{
	static const unsigned char bom[] = { 0xef, 0xbb, 0xbf };
	struct parser p;
	struct kb_robots *r;
	struct ruleset *use = NULL;
	size_t i, k, n, start;

	memset(&p, 0, sizeof(p));
	p.spec.delay_ms = p.glob.delay_ms = p.cur_delay = -1;
	if (!agent)
		agent = KB_ROBOTS_AGENT;
	p.agent = agent;
	p.agentlen = token_len(agent, strlen(agent));
	if (!txt)
		len = 0;
	n = len;
	if (n > KB_ROBOTS_MAX_BYTES) {
		/* A line cut by the limit is ignored. */
		n = KB_ROBOTS_MAX_BYTES;
		if (txt[n] != '\n' && txt[n] != '\r')
			while (n > 0 && txt[n - 1] != '\n' && txt[n - 1] != '\r')
				n--;
	}
	i = 0;
	for (k = 0; k < sizeof(bom) && i < n && (unsigned char)txt[i] == bom[k]; k++)
		i++;
	while (i < n) {
		start = i;
		while (i < n && txt[i] != '\n' && txt[i] != '\r')
			i++;
		parse_line(&p, txt + start, i - start);
		i++;
	}
	end_group(&p);

	if (p.spec.seen)
		use = &p.spec;
	else if (p.glob.seen)
		use = &p.glob;
	r = robots_new(use, p.agent, p.agentlen);
	r->sitemaps = p.sitemaps;
	r->nsitemaps = p.nsitemaps;
	ruleset_free(&p.spec);
	ruleset_free(&p.glob);
	return r;
}

struct kb_robots *
kb_robots_allow_all(void)
{
	return robots_new(NULL, KB_ROBOTS_AGENT, strlen(KB_ROBOTS_AGENT));
}

struct kb_robots *
kb_robots_disallow_all(void)
{
	struct ruleset rs;
	struct kb_robots *r;

	memset(&rs, 0, sizeof(rs));
	rs.delay_ms = -1;
	ruleset_add(&rs, "/", 1, 0, 0);
	r = robots_new(&rs, KB_ROBOTS_AGENT, strlen(KB_ROBOTS_AGENT));
	ruleset_free(&rs);
	return r;
}

/* The build table of Knuth-Morris-Pratt: t[i] is the length of the
 * longest proper border of w[0..i]. */
static void
kmp_table(const char *w, size_t m, size_t *t)
{
	size_t i, k = 0;

	t[0] = 0;
	for (i = 1; i < m; i++) {
		while (k > 0 && w[i] != w[k])
			k = t[k - 1];
		if (w[i] == w[k])
			k++;
		t[i] = k;
	}
}

/* The offset of the first occurrence of w (m > 0 bytes) in s (n bytes),
 * or SIZE_MAX. Reads s only up to the end of that occurrence. */
static size_t
kmp_find(const char *s, size_t n, const char *w, size_t m, size_t *t)
{
	size_t i, k = 0;

	if (m > n)
		return SIZE_MAX;
	kmp_table(w, m, t);
	for (i = 0; i < n; i++) {
		while (k > 0 && s[i] != w[k])
			k = t[k - 1];
		if (s[i] == w[k])
			k++;
		if (k == m)
			return i + 1 - m;
	}
	return SIZE_MAX;
}

/* Whether the rule matches the normalized path; t has room for the
 * longest piece of the pattern. */
static int
rule_matches(const struct rule *ru, const char *path, size_t plen, size_t *t)
{
	const char *p = ru->pat, *end = ru->pat + ru->len, *star;
	size_t pos, k, occ;

	star = memchr(p, '*', ru->len);
	if (!star) {
		if (ru->anchored)
			return plen == ru->len && memcmp(path, p, plen) == 0;
		return plen >= ru->len && memcmp(path, p, ru->len) == 0;
	}
	/* The first piece begins the path. */
	k = (size_t)(star - p);
	if (plen < k || memcmp(path, p, k) != 0)
		return 0;
	pos = k;
	p = star + 1;
	for (;;) {
		star = memchr(p, '*', (size_t)(end - p));
		k = star ? (size_t)(star - p) : (size_t)(end - p);
		if (!star) {
			/* The last piece ends the path when anchored. */
			if (ru->anchored)
				return plen - pos >= k && memcmp(path + plen - k, p, k) == 0;
			return k == 0 || kmp_find(path + pos, plen - pos, p, k, t) != SIZE_MAX;
		}
		if (k > 0) {
			occ = kmp_find(path + pos, plen - pos, p, k, t);
			if (occ == SIZE_MAX)
				return 0;
			pos += occ + k;
		}
		p = star + 1;
	}
}

int
kb_robots_allowed(const struct kb_robots *r, const char *path_query)
{
	size_t small[256], *t = small;
	struct kb_buf b;
	size_t i, n, plen;
	int allowed = 1;

	if (!r)
		return 1;
	if (!path_query)
		path_query = "";
	n = strcspn(path_query, "#");
	kb_buf_init(&b, SIZE_MAX / 4);
	if (n == 0 || path_query[0] != '/')
		kb_buf_addc(&b, '/');
	normalize(&b, path_query, n);
	plen = strcspn(b.data, "?");
	if (plen == strlen("/robots.txt") && memcmp(b.data, "/robots.txt", plen) == 0)
		goto out;
	if (r->max_piece > KB_ARRAY_LEN(small))
		t = kb_reallocarray(NULL, r->max_piece, sizeof(*t));
	for (i = 0; i < r->nrules; i++) {
		if (rule_matches(&r->rules[i], b.data, b.len, t)) {
			allowed = r->rules[i].allow;
			break;
		}
	}
	if (t != small)
		free(t);
out:
	kb_buf_free(&b);
	return allowed;
}

long
kb_robots_crawl_delay_ms(const struct kb_robots *r)
{
	return r ? r->delay_ms : -1;
}

size_t
kb_robots_sitemaps(const struct kb_robots *r, const char *const **urls)
{
	if (urls)
		*urls = r ? (const char *const *)r->sitemaps : NULL;
	return r ? r->nsitemaps : 0;
}

char *
kb_robots_serialize(const struct kb_robots *r)
{
	struct kb_buf b;
	size_t i;
	int rc;

	if (!r)
		return NULL;
	/* The limits of the parser keep this under KB_ROBOTS_MAX_BYTES. */
	kb_buf_init(&b, SIZE_MAX / 4);
	rc = kb_buf_printf(&b, "User-agent: %s\n", r->agent);
	for (i = 0; i < r->nrules && rc == 0; i++) {
		const struct rule *ru = &r->rules[i];

		rc = kb_buf_addstr(&b, ru->allow ? "Allow: " : "Disallow: ");
		if (rc == 0)
			rc = kb_buf_add(&b, ru->pat, ru->len);
		if (rc == 0)
			rc = kb_buf_addstr(&b, ru->anchored ? "$\n" : "\n");
	}
	if (rc == 0 && r->delay_ms >= 0)
		rc = kb_buf_printf(&b, "Crawl-delay: %ld.%03ld\n", r->delay_ms / 1000, r->delay_ms % 1000);
	for (i = 0; i < r->nsitemaps && rc == 0; i++)
		rc = kb_buf_printf(&b, "Sitemap: %s\n", r->sitemaps[i]);
	if (rc != 0) {
		kb_buf_free(&b);
		return NULL;
	}
	return kb_buf_detach(&b, NULL);
}

void
kb_robots_free(struct kb_robots *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nrules; i++)
		free(r->rules[i].pat);
	free(r->rules);
	for (i = 0; i < r->nsitemaps; i++)
		free(r->sitemaps[i]);
	free(r->sitemaps);
	free(r->agent);
	free(r);
}
