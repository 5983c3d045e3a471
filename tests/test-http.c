/* test-http.c: the fetch engine against the scripted server tests/httpd. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "tap.h"
#include "httpd-client.h"
#include "http.h"

static struct httpd srv;
static char feed_body[4096];

struct runlog {
	int n;
	const char *order[64]; /* udata of each completed fetch, in order */
};

static void
on_done(void *ud, struct kb_fetch *f)
{
	struct runlog *r = ud;

	if (r->n < (int)KB_ARRAY_LEN(r->order))
		r->order[r->n] = f->udata;
	r->n++;
}

static struct kb_http_opts
opts(void)
{
	struct kb_http_opts o;

	memset(&o, 0, sizeof(o));
	o.max_inflight = 16;
	o.per_host = 8;
	o.host_delay_ms = 0;
	o.timeout_ms = 20000;
	return o;
}

static void
fetch_init(struct kb_fetch *f, const char *url)
{
	memset(f, 0, sizeof(*f));
	f->url = kb_strdup(url);
	f->allow_private = 1;
}

/* Run one fetch through a fresh engine; returns how often the callback ran. */
static int
get1(struct kb_fetch *f, const struct kb_http_opts *o)
{
	struct kb_http *h = kb_http_new(o);
	struct runlog r = { 0 };

	kb_http_add(h, f);
	kb_http_run(h, on_done, &r);
	kb_http_free(h);
	return r.n;
}

static int
near(int64_t got, int64_t want, int64_t slack)
{
	return got >= want - slack && got <= want + slack;
}

/* Arrival times (ms) of logged requests for path, in log order. */
static int
log_times(const char *path, int64_t *t, int max)
{
	char *log = httpd_log(&srv), *line, *next;
	int n = 0;

	if (!log)
		return 0;
	for (line = log; *line && n < max; line = next) {
		char *f[7], *p = line;
		int k;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		for (k = 0; k < 7 && p; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (k == 7 && strcmp(f[3], path) == 0)
			t[n++] = strtoll(f[0], NULL, 10);
	}
	free(log);
	return n;
}

/* The last log line for path, fields split: inm and ims. */
static int
log_last(const char *path, char *inm, size_t inm_size, char *ims, size_t ims_size)
{
	char *log = httpd_log(&srv), *line, *next;
	int found = 0;

	if (!log)
		return 0;
	for (line = log; *line; line = next) {
		char *f[7], *p = line;
		int k;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		for (k = 0; k < 7 && p; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (k == 7 && strcmp(f[3], path) == 0) {
			snprintf(inm, inm_size, "%s", f[4]);
			snprintf(ims, ims_size, "%s", f[5]);
			found = 1;
		}
	}
	free(log);
	return found;
}

static long
stat_now(const char *key, const char *arg)
{
	char *s = httpd_get(&srv, "/stats");
	long v = httpd_stat(s, key, arg);

	free(s);
	return v;
}

static void
stats_reset(void)
{
	free(httpd_get(&srv, "/stats/reset"));
}

static void
test_basic(void)
{
	struct kb_http_opts o = opts();
	struct kb_fetch f;
	const char *url = httpd_url(&srv, "/feed.xml");
	char want_url[1024];

	snprintf(want_url, sizeof(want_url), "%s", url);
	fetch_init(&f, url);
	is_int(get1(&f, &o), 1, "200: callback ran once");
	is_int(f.result, KB_OK, "200: result ok");
	is_int(f.status, 200, "200: status");
	ok(f.body.len > 100 && strstr(kb_buf_str(&f.body), "<rss version=\"2.0\">") != NULL,
	   "200: body is the feed (%zu bytes)", f.body.len);
	is_str(kb_fetch_header(&f, "ETag"), "\"feed-v1\"", "200: etag header");
	is_str(kb_fetch_header(&f, "last-modified"), "Sat, 01 Jun 2024 10:00:00 GMT",
	       "200: last-modified header, case-insensitive lookup");
	ok(kb_fetch_header(&f, "x-nope") == NULL, "200: absent header is NULL");
	is_str(f.final_url, want_url, "200: final url");
	is_str(f.ip, "127.0.0.1", "200: ip");
	ok(f.error == NULL, "200: no error");
	ok(f.elapsed_ms >= 0 && f.elapsed_ms < 20000, "200: elapsed %lld ms", (long long)f.elapsed_ms);
	snprintf(feed_body, sizeof(feed_body), "%s", kb_buf_str(&f.body));

	/* The same fetch struct again: the results are replaced, not leaked. */
	is_int(get1(&f, &o), 1, "reuse: callback ran once");
	is_str(kb_buf_str(&f.body), feed_body, "reuse: same body");
	kb_fetch_free(&f);
}

static void
test_request_headers(void)
{
	struct kb_http_opts o = opts();
	struct kb_fetch f;
	const char *b;

	fetch_init(&f, httpd_url(&srv, "/headers"));
	get1(&f, &o);
	b = kb_buf_str(&f.body);
	ok(strstr(b, "User-Agent: kabar/" PACKAGE_VERSION " (+https://github.com/kabar)\n") != NULL,
	   "default user agent sent");
	ok(strstr(b, "Accept-Encoding: ") && strstr(b, "gzip"), "accept-encoding offers gzip");
	ok(strstr(b, "If-None-Match") == NULL, "no validators without etag");
	kb_fetch_free(&f);

	o.user_agent = "kabar-test/1";
	fetch_init(&f, httpd_url(&srv, "/headers"));
	get1(&f, &o);
	ok(strstr(kb_buf_str(&f.body), "User-Agent: kabar-test/1\n") != NULL, "custom user agent sent");
	kb_fetch_free(&f);
}

static void
test_conditional(void)
{
	struct kb_http_opts o = opts();
	struct kb_fetch f;
	char inm[256], ims[256];

	fetch_init(&f, httpd_url(&srv, "/feed.xml"));
	f.etag = kb_strdup("\"feed-v1\"");
	get1(&f, &o);
	is_int(f.result, KB_OK, "etag: 304 is ok");
	is_int(f.status, 304, "etag: status 304");
	is_int(f.body.len, 0, "etag: empty body");
	ok(log_last("/feed.xml", inm, sizeof(inm), ims, sizeof(ims)) && strcmp(inm, "\"feed-v1\"") == 0,
	   "etag: If-None-Match sent");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/etag-only"));
	f.etag = kb_strdup("\"other\"");
	get1(&f, &o);
	is_int(f.status, 200, "etag: a changed etag gets 200");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/lastmod-only"));
	f.last_modified = kb_strdup("Sat, 01 Jun 2024 10:00:00 GMT");
	get1(&f, &o);
	is_int(f.result, KB_OK, "last-modified: 304 is ok");
	is_int(f.status, 304, "last-modified: status 304");
	ok(log_last("/lastmod-only", inm, sizeof(inm), ims, sizeof(ims)) &&
		   strcmp(ims, "Sat, 01 Jun 2024 10:00:00 GMT") == 0,
	   "last-modified: If-Modified-Since sent");
	kb_fetch_free(&f);

	/* A validator with a line break is not sent (header injection). */
	fetch_init(&f, httpd_url(&srv, "/etag-only"));
	f.etag = kb_strdup("\"feed-v1\"\r\nX-Evil: 1");
	get1(&f, &o);
	is_int(f.status, 200, "etag with CR LF is dropped");
	kb_fetch_free(&f);
}

static void
test_gzip_redirects(void)
{
	struct kb_http_opts o = opts();
	struct kb_fetch f;
	const char *end;

	fetch_init(&f, httpd_url(&srv, "/gzip"));
	get1(&f, &o);
	is_int(f.result, KB_OK, "gzip: ok");
	is_str(kb_fetch_header(&f, "content-encoding"), "gzip", "gzip: sent compressed");
	is_str(kb_buf_str(&f.body), feed_body, "gzip: decoded body equals the plain feed");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/redirect/3"));
	get1(&f, &o);
	is_int(f.result, KB_OK, "redirect 3: ok");
	is_int(f.status, 200, "redirect 3: status 200");
	end = f.final_url ? strstr(f.final_url, "/redirect/0") : NULL;
	ok(end && strcmp(end, "/redirect/0") == 0, "redirect 3: final url %s", f.final_url ? f.final_url : "(null)");
	is_str(kb_buf_str(&f.body), feed_body, "redirect 3: body of the final response");
	is_str(kb_fetch_header(&f, "etag"), "\"feed-v1\"", "redirect 3: headers of the final response");
	ok(kb_fetch_header(&f, "location") == NULL, "redirect 3: no redirect headers kept");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/redirect/5"));
	get1(&f, &o);
	is_int(f.result, KB_OK, "redirect 5: at the limit is ok");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/redirect/6"));
	get1(&f, &o);
	is_int(f.result, KB_E_REDIRECTS, "redirect 6: too many");
	ok(f.error != NULL, "redirect 6: error %s", f.error ? f.error : "(null)");
	kb_fetch_free(&f);

	o.max_redirects = 2;
	fetch_init(&f, httpd_url(&srv, "/redirect/3"));
	get1(&f, &o);
	is_int(f.result, KB_E_REDIRECTS, "max_redirects 2: 3 redirects fail");
	kb_fetch_free(&f);
	o.max_redirects = 0;

	fetch_init(&f, httpd_url(&srv, "/loop"));
	get1(&f, &o);
	is_int(f.result, KB_E_REDIRECTS, "loop: too many redirects");
	kb_fetch_free(&f);
}

static void
test_errors(void)
{
	struct kb_http_opts o = opts();
	struct kb_fetch f;
	int64_t now;

	fetch_init(&f, httpd_url(&srv, "/status/404"));
	get1(&f, &o);
	is_int(f.result, KB_E_HTTP, "404: http error");
	is_int(f.status, 404, "404: status");
	ok(f.error && strncmp(f.error, "http 404: http://127.0.0.1:", 27) == 0, "404: message names status and url");
	is_str(kb_buf_str(&f.body), "status 404\n", "404: body kept");
	ok(f.retry_after == 0, "404: no retry-after");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/status/500"));
	get1(&f, &o);
	is_int(f.result, KB_E_HTTP, "500: http error");
	ok(f.error && strncmp(f.error, "http 500: http://", 17) == 0, "500: message names status and url");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/status/204"));
	get1(&f, &o);
	is_int(f.result, KB_OK, "204: ok");
	kb_fetch_free(&f);

	now = kb_now();
	fetch_init(&f, httpd_url(&srv, "/429"));
	get1(&f, &o);
	is_int(f.result, KB_E_HTTP, "429: http error");
	is_int(f.status, 429, "429: status");
	ok(near(f.retry_after, now + 120, 5), "429: retry_after %lld is now+120 (%lld)", (long long)f.retry_after,
	   (long long)(now + 120));
	kb_fetch_free(&f);

	now = kb_now();
	fetch_init(&f, httpd_url(&srv, "/503-date"));
	get1(&f, &o);
	is_int(f.status, 503, "503: status");
	ok(near(f.retry_after, now + 300, 5), "503: retry_after from an http-date %lld (%lld)",
	   (long long)f.retry_after, (long long)(now + 300));
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/slow?ms=5000"));
	f.timeout_ms = 300;
	get1(&f, &o);
	is_int(f.result, KB_E_TIMEOUT, "slow: timeout");
	ok(f.elapsed_ms >= 250 && f.elapsed_ms < 4000, "slow: gave up after %lld ms", (long long)f.elapsed_ms);
	ok(f.error && strstr(f.error, "timeout"), "slow: message %s", f.error ? f.error : "(null)");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/big?bytes=2000000"));
	f.max_body = 1u << 20;
	get1(&f, &o);
	is_int(f.result, KB_E_TOOBIG, "big: over max_body");
	is_int(f.body.len, 0, "big: partial body dropped");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/big?bytes=1048576"));
	f.max_body = 1u << 20;
	get1(&f, &o);
	is_int(f.result, KB_OK, "big: exactly max_body is ok");
	is_int(f.body.len, 1u << 20, "big: whole body");
	kb_fetch_free(&f);

	o.max_body = 100000;
	fetch_init(&f, httpd_url(&srv, "/big?bytes=100001"));
	get1(&f, &o);
	is_int(f.result, KB_E_TOOBIG, "big: engine max_body applies");
	kb_fetch_free(&f);
	o.max_body = 0;

	fetch_init(&f, httpd_url(&srv, "/gzip-bomb"));
	get1(&f, &o);
	is_int(f.result, KB_E_TOOBIG, "gzip bomb: too big after decompression");
	ok(f.error && strstr(f.error, "too big"), "gzip bomb: message %s", f.error ? f.error : "(null)");
	kb_fetch_free(&f);

	/* Nothing listens on port 1 of 127.0.0.1. */
	fetch_init(&f, "http://127.0.0.1:1/");
	get1(&f, &o);
	is_int(f.result, KB_E_CONNECT, "closed port: connect error");
	is_int(f.status, 0, "closed port: no status");
	kb_fetch_free(&f);
}

static void
test_schemes_and_guard(void)
{
	struct kb_http_opts o = opts();
	struct kb_fetch f, g;
	struct kb_http *h;
	struct runlog r = { 0 };
	char path[600], url[700];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/local.xml", srv.dir);
	fp = fopen(path, "w");
	if (fp) {
		fputs("<rss version=\"2.0\"><channel/></rss>\n", fp);
		fclose(fp);
	}
	snprintf(url, sizeof(url), "file://%s", path);

	fetch_init(&f, url);
	h = kb_http_new(&o);
	is_int(kb_http_add(h, &f), -1, "file: refused by add");
	is_int(f.result, KB_E_PROTOCOL, "file: protocol error");
	kb_http_run(h, on_done, &r);
	is_int(r.n, 1, "file: callback still ran once");
	kb_http_free(h);
	kb_fetch_free(&f);

	fetch_init(&f, url);
	f.allow_file = 1;
	get1(&f, &o);
	is_int(f.result, KB_OK, "file: allowed");
	is_int(f.status, 200, "file: status 200");
	is_str(kb_buf_str(&f.body), "<rss version=\"2.0\"><channel/></rss>\n", "file: body");
	kb_fetch_free(&f);
	unlink(path);

	fetch_init(&f, url);
	f.allow_file = 1;
	get1(&f, &o);
	is_int(f.result, KB_E_IO, "file: missing file is an io error");
	kb_fetch_free(&f);

	memset(&r, 0, sizeof(r));
	h = kb_http_new(&o);
	fetch_init(&f, "ftp://example.com/x");
	fetch_init(&g, "not a url");
	is_int(kb_http_add(h, &f), -1, "ftp: refused by add");
	is_int(kb_http_add(h, &g), -1, "garbage: refused by add");
	kb_http_run(h, on_done, &r);
	is_int(r.n, 2, "refused fetches complete from run");
	is_int(f.result, KB_E_PROTOCOL, "ftp: protocol error");
	is_int(g.result, KB_E_USAGE, "garbage: usage error");
	ok(g.error && strstr(g.error, "bad url"), "garbage: message %s", g.error ? g.error : "(null)");
	kb_http_free(h);
	kb_fetch_free(&f);
	kb_fetch_free(&g);

	fetch_init(&f, httpd_url(&srv, "/feed.xml"));
	f.allow_private = 0;
	get1(&f, &o);
	is_int(f.result, KB_E_BLOCKED, "loopback: blocked");
	ok(f.error && strstr(f.error, "127.0.0.1"), "loopback: message names the address: %s",
	   f.error ? f.error : "(null)");
	is_int(f.status, 0, "loopback: no status");
	kb_fetch_free(&f);

	snprintf(url, sizeof(url), "http://localhost:%d/feed.xml", srv.port);
	fetch_init(&f, url);
	f.allow_private = 0;
	get1(&f, &o);
	is_int(f.result, KB_E_BLOCKED, "localhost: blocked");
	kb_fetch_free(&f);

	/* A connection opened for a fetch that allows private addresses is
	 * not reused by one that does not. */
	memset(&r, 0, sizeof(r));
	o.per_host = 1;
	h = kb_http_new(&o);
	fetch_init(&f, httpd_url(&srv, "/feed.xml"));
	fetch_init(&g, httpd_url(&srv, "/etag-only"));
	g.allow_private = 0;
	kb_http_add(h, &f);
	kb_http_add(h, &g);
	kb_http_run(h, on_done, &r);
	is_int(f.result, KB_OK, "reuse guard: private allowed first");
	is_int(g.result, KB_E_BLOCKED, "reuse guard: reused connection still blocked");
	kb_http_free(h);
	kb_fetch_free(&f);
	kb_fetch_free(&g);
}

/* Run n fetches of path to each host in hosts[]; returns fetches ok. */
static int
run_many(struct kb_http *h, const char *const *hosts, int nhosts, const char *path, int n)
{
	struct kb_fetch *fs = kb_calloc((size_t)(nhosts * n), sizeof(*fs));
	struct runlog r = { 0 };
	char url[300];
	int i, k, okn = 0;

	for (k = 0; k < nhosts; k++) {
		for (i = 0; i < n; i++) {
			snprintf(url, sizeof(url), "http://%s:%d%s", hosts[k], srv.port, path);
			fetch_init(&fs[k * n + i], url);
			kb_http_add(h, &fs[k * n + i]);
		}
	}
	kb_http_run(h, on_done, &r);
	for (i = 0; i < nhosts * n; i++) {
		if (fs[i].result == KB_OK && fs[i].status == 200)
			okn++;
		else
			diag("fetch %d: %s", i, fs[i].error ? fs[i].error : "?");
		kb_fetch_free(&fs[i]);
	}
	free(fs);
	return r.n == nhosts * n ? okn : -1;
}

static void
test_limits(void)
{
	static const char *const ip1[] = { "127.0.0.1" };
	static const char *const two[] = { "127.0.0.1", "localhost" };
	static const char *const three[] = { "a.localhost", "b.localhost", "c.localhost" };
	struct kb_http_opts o = opts();
	struct kb_http *h;
	char host[64];

	snprintf(host, sizeof(host), "127.0.0.1:%d", srv.port);

	stats_reset();
	o.per_host = 2;
	h = kb_http_new(&o);
	is_int(run_many(h, ip1, 1, "/concurrent?ms=300", 10), 10, "per host: 10 fetches ok");
	kb_http_free(h);
	is_int(stat_now("max_concurrent_host", host), 2, "per host: server saw at most 2");

	/* Two names for one address, hinted: they share the per-IP limit. */
	stats_reset();
	h = kb_http_new(&o);
	kb_http_hint_ip(h, "127.0.0.1", "127.0.0.1");
	kb_http_hint_ip(h, "LOCALHOST", "127.0.0.1");
	is_int(run_many(h, two, 2, "/concurrent?ms=300", 4), 8, "per ip (hint): 8 fetches ok");
	kb_http_free(h);
	is_int(stat_now("max_concurrent_total", NULL), 2, "per ip (hint): at most 2 at once");

	/* Without the hint the two names run side by side... */
	stats_reset();
	h = kb_http_new(&o);
	is_int(run_many(h, two, 2, "/concurrent?ms=300", 2), 4, "no hint: 4 fetches ok");
	ok(stat_now("max_concurrent_total", NULL) > 2, "no hint: more than 2 at once (%ld)",
	   stat_now("max_concurrent_total", NULL));
	/* ...and the engine learned the address from those transfers. */
	stats_reset();
	is_int(run_many(h, two, 2, "/concurrent?ms=300", 4), 8, "per ip (learned): 8 fetches ok");
	is_int(stat_now("max_concurrent_total", NULL), 2, "per ip (learned): at most 2 at once");
	kb_http_free(h);

	/* The global limit across three host names. */
	stats_reset();
	o.max_inflight = 3;
	o.per_host = 3;
	h = kb_http_new(&o);
	is_int(run_many(h, three, 3, "/concurrent?ms=300", 3), 9, "global: 9 fetches ok");
	kb_http_free(h);
	is_int(stat_now("max_concurrent_total", NULL), 3, "global: at most 3 at once");

	/* A tiny byte budget slows fetches down but never stalls them. */
	o = opts();
	o.max_inflight_bytes = 1;
	h = kb_http_new(&o);
	is_int(run_many(h, ip1, 1, "/big?bytes=5000", 6), 6, "byte budget: all complete");
	kb_http_free(h);
}

static void
test_delay_and_fairness(void)
{
	struct kb_http_opts o = opts();
	struct kb_fetch warm, f[3], other;
	struct kb_http *h;
	struct runlog r = { 0 };
	int64_t t[8];
	char url[300];
	int i, n, other_pos = -1;

	o.per_host = 1;
	o.host_delay_ms = 200;
	h = kb_http_new(&o);
	fetch_init(&warm, httpd_url(&srv, "/status/202"));
	kb_http_add(h, &warm);
	for (i = 0; i < 3; i++) {
		fetch_init(&f[i], httpd_url(&srv, "/status/201"));
		f[i].udata = (void *)"a";
		kb_http_add(h, &f[i]);
	}
	/* Queued last, another host: it must not wait behind the delays. */
	snprintf(url, sizeof(url), "http://localhost:%d/status/203", srv.port);
	fetch_init(&other, url);
	other.udata = (void *)"other";
	kb_http_add(h, &other);
	kb_http_run(h, on_done, &r);
	kb_http_free(h);
	is_int(r.n, 5, "delay: all completed");
	for (i = 0; i < r.n && i < (int)KB_ARRAY_LEN(r.order); i++)
		if (r.order[i] && strcmp(r.order[i], "other") == 0)
			other_pos = i;
	ok(other_pos >= 0 && other_pos <= 2, "fairness: the other host finished early (position %d)", other_pos);
	n = log_times("/status/201", t, 8);
	is_int(n, 3, "delay: three requests logged");
	if (n == 3) {
		ok(t[1] - t[0] >= 190 && t[2] - t[1] >= 190, "delay: starts %lld ms and %lld ms apart",
		   (long long)(t[1] - t[0]), (long long)(t[2] - t[1]));
		ok(t[2] - t[0] >= 390, "delay: first to third %lld ms", (long long)(t[2] - t[0]));
	} else {
		skip(2, "no log");
	}
	kb_fetch_free(&warm);
	for (i = 0; i < 3; i++)
		kb_fetch_free(&f[i]);
	kb_fetch_free(&other);
}

struct chain {
	struct kb_http *h;
	struct kb_fetch second;
	int calls;
	int queued;
};

static void
chain_done(void *ud, struct kb_fetch *f)
{
	struct chain *c = ud;

	c->calls++;
	if (!c->queued && f->result == KB_OK) {
		c->queued = 1;
		fetch_init(&c->second, httpd_url(&srv, "/etag-only"));
		c->second.etag = kb_strdup(kb_fetch_header(f, "etag"));
		kb_http_add(c->h, &c->second);
	}
}

static void
test_followup(void)
{
	struct kb_http_opts o = opts();
	struct kb_fetch f;
	struct chain c;

	memset(&c, 0, sizeof(c));
	c.h = kb_http_new(&o);
	fetch_init(&f, httpd_url(&srv, "/feed.xml"));
	kb_http_add(c.h, &f);
	is_int(kb_http_run(c.h, chain_done, &c), 0, "follow-up: run ok");
	is_int(c.calls, 2, "follow-up: both callbacks ran");
	is_int(c.second.result, KB_OK, "follow-up: second fetch ok");
	is_int(c.second.status, 304, "follow-up: second fetch used the first one's etag");
	kb_http_free(c.h);
	kb_fetch_free(&f);
	kb_fetch_free(&c.second);
}

static void
test_many(void)
{
	static const char *const ip1[] = { "127.0.0.1" };
	struct kb_http_opts o = opts();
	struct kb_http *h;

	stats_reset();
	h = kb_http_new(&o);
	is_int(run_many(h, ip1, 1, "/feed.xml", 200), 200, "200 fetches through one engine");
	kb_http_free(h);
	is_int(stat_now("requests", "/feed.xml"), 200, "server saw 200 requests");
}

static void
set_headers(struct kb_fetch *f, const char *const *kv)
{
	size_t n = 0, i;

	while (kv[2 * n])
		n++;
	kb_fetch_clear_result(f);
	f->headers = kb_calloc(n, sizeof(*f->headers));
	for (i = 0; i < n; i++) {
		f->headers[i].name = kb_strdup(kv[2 * i]);
		f->headers[i].value = kb_strdup(kv[2 * i + 1]);
	}
	f->n_headers = n;
}

static void
test_freshness(void)
{
	static const char *const maxage[] = { "Cache-Control", "public, max-age=300", NULL };
	static const char *const nocache[] = { "cache-control", "max-age=300, no-cache", NULL };
	static const char *const smax[] = { "Cache-Control", "s-maxage=60", NULL };
	static const char *const aged[] = { "Cache-Control", "max-age=300", "Age", "100", NULL };
	static const char *const expires[] = { "Date", "Sun, 06 Nov 1994 08:49:37 GMT", "Expires",
					       "Sun, 06 Nov 1994 09:49:37 GMT", NULL };
	static const char *const rfc850[] = { "Date", "Sunday, 06-Nov-94 08:49:37 GMT", "Expires",
					      "Sunday, 06-Nov-94 08:59:37 GMT", NULL };
	static const char *const asctime_[] = { "Date", "Sun Nov  6 08:49:37 1994", "Expires",
						"Sun Nov  6 08:50:37 1994", NULL };
	static const char *const nodate[] = { "Expires", "Sun, 06 Nov 1994 08:51:37 GMT", NULL };
	static const char *const badexp[] = { "Expires", "0", NULL };
	static const char *const none[] = { "Content-Type", "text/xml", NULL };
	struct kb_fetch f;
	int64_t t0 = 784111777; /* Sun, 06 Nov 1994 08:49:37 GMT */

	memset(&f, 0, sizeof(f));
	set_headers(&f, maxage);
	is_int(kb_fetch_freshness(&f, t0), 300, "freshness: max-age");
	set_headers(&f, nocache);
	is_int(kb_fetch_freshness(&f, t0), 0, "freshness: no-cache");
	set_headers(&f, smax);
	is_int(kb_fetch_freshness(&f, t0), 60, "freshness: s-maxage");
	set_headers(&f, aged);
	is_int(kb_fetch_freshness(&f, t0), 200, "freshness: max-age minus Age");
	set_headers(&f, expires);
	is_int(kb_fetch_freshness(&f, 0), 3600, "freshness: Expires - Date (imf-fixdate)");
	set_headers(&f, rfc850);
	is_int(kb_fetch_freshness(&f, 0), 600, "freshness: rfc 850 dates");
	set_headers(&f, asctime_);
	is_int(kb_fetch_freshness(&f, 0), 60, "freshness: asctime dates");
	set_headers(&f, nodate);
	is_int(kb_fetch_freshness(&f, t0), 120, "freshness: Expires relative to now");
	set_headers(&f, badexp);
	is_int(kb_fetch_freshness(&f, t0), 0, "freshness: invalid Expires");
	set_headers(&f, none);
	is_int(kb_fetch_freshness(&f, t0), 0, "freshness: none");
	kb_fetch_free(&f);
}

static char root[512];

static void
write_file(const char *name, const char *text)
{
	char path[700];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	fp = fopen(path, "w");
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

static void
remove_file(const char *name)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/%s", root, name);
	unlink(path);
}

static void
test_files(void)
{
	struct kb_http_opts o = opts();
	struct kb_fetch f;
	char etag[128] = "", lastmod[128] = "";

	fetch_init(&f, httpd_url(&srv, "/file/feed.xml"));
	get1(&f, &o);
	is_int(f.status, 200, "file route: 200");
	is_str(kb_buf_str(&f.body), "<rss version=\"2.0\"><channel/></rss>\n", "file route: body");
	is_str(kb_fetch_header(&f, "content-type"), "application/xml", "file route: content type");
	is_str(kb_fetch_header(&f, "x-test"), "yes", "file route: extra header from .headers");
	is_int(kb_fetch_freshness(&f, kb_now()), 600, "file route: max-age from .headers");
	if (kb_fetch_header(&f, "etag"))
		snprintf(etag, sizeof(etag), "%s", kb_fetch_header(&f, "etag"));
	if (kb_fetch_header(&f, "last-modified"))
		snprintf(lastmod, sizeof(lastmod), "%s", kb_fetch_header(&f, "last-modified"));
	ok(etag[0] == '"' && lastmod[0] != '\0', "file route: validators %s, %s", etag, lastmod);
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/file/feed.xml"));
	f.etag = kb_strdup(etag);
	get1(&f, &o);
	is_int(f.status, 304, "file route: 304 by etag");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/file/feed.xml"));
	f.last_modified = kb_strdup(lastmod);
	get1(&f, &o);
	is_int(f.status, 304, "file route: 304 by last-modified");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/file/gone.xml"));
	get1(&f, &o);
	is_int(f.result, KB_E_HTTP, "file route: status from .headers is an http error");
	is_int(f.status, 410, "file route: status 410");
	kb_fetch_free(&f);

	fetch_init(&f, httpd_url(&srv, "/file/%2e%2e/port"));
	get1(&f, &o);
	is_int(f.status, 404, "file route: no way out of the root");
	kb_fetch_free(&f);
}

int
main(int argc, char **argv)
{
	static const char *const proxies[] = {
		"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
	};
	size_t i;

	(void)argc;
	for (i = 0; i < KB_ARRAY_LEN(proxies); i++)
		unsetenv(proxies[i]);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	test_freshness();
	snprintf(root, sizeof(root), "%s/kabar-test-http-XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root))
		root[0] = '\0';
	write_file("feed.xml", "<rss version=\"2.0\"><channel/></rss>\n");
	write_file("feed.xml.headers", "Cache-Control: max-age=600\nX-Test: yes\n");
	write_file("gone.xml", "gone\n");
	write_file("gone.xml.headers", "Status: 410\n");
	if (!ok(httpd_start(&srv, argv[0], root[0] ? root : NULL) == 0, "test server started")) {
		curl_global_cleanup();
		return done_testing();
	}
	test_basic();
	test_request_headers();
	test_conditional();
	test_gzip_redirects();
	test_errors();
	test_schemes_and_guard();
	test_limits();
	test_delay_and_fairness();
	test_followup();
	test_many();
	test_files();
	is_int(httpd_stop(&srv), 0, "test server stopped cleanly");
	remove_file("feed.xml");
	remove_file("feed.xml.headers");
	remove_file("gone.xml");
	remove_file("gone.xml.headers");
	rmdir(root);
	curl_global_cleanup();
	return done_testing();
}
