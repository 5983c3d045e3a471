/* http.c: the fetch engine on libcurl's multi interface.
 *
 * libcurl moves the bytes; this file decides when a request may start.
 * Pending fetches wait in one FIFO queue. A scheduling pass walks the
 * queue in order and starts every fetch whose host is free: fewer than
 * max_inflight requests in flight overall, fewer than per_host to its
 * host and to its host's known address (hosts that share an address
 * share the count), its host's delay since the last start has passed,
 * and the bodies held in memory are under max_inflight_bytes. A host
 * that cannot start is skipped for the rest of the pass, so one busy
 * host never blocks the others and each host keeps its own FIFO order.
 *
 * Addresses are learned from CURLINFO_PRIMARY_IP of completed transfers
 * or from kb_http_hint_ip. Unless a fetch allows private addresses, an
 * open-socket callback refuses loopback, private, link-local, CGNAT,
 * unique-local and multicast addresses, and a pre-request callback checks
 * the address of reused connections too.
 *
 * Options: 0 means the default, except host_delay_ms where 0 means no
 * delay and a negative value the default. A transfer that fails (result
 * other than KB_OK or KB_E_HTTP) leaves no body and no headers: what
 * arrived was incomplete. */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>

#include "date.h"
#include "http.h"

#define DEFAULT_USER_AGENT "kabar/" PACKAGE_VERSION " (+https://github.com/kabar)"
#define MAX_HEADERS	   256	    /* headers kept per response */
#define MAX_RETRY_AFTER	   31536000 /* one year, in seconds */
#define MAX_POOL	   64	    /* idle easy handles kept */

struct ipslot {
	char *ip;
	long inflight;
};

struct host {
	char *name;	   /* lower case, no port */
	struct ipslot *ip; /* known address, or NULL */
	long inflight;
	int started;
	int64_t next_start;  /* monotonic ms */
	unsigned long pass;  /* scheduling pass that found it busy */
	int64_t defer_until; /* wall clock s: the host asked us to wait (Retry-After) */
	int64_t delay_ms;    /* the host's own delay (Crawl-delay), 0: the engine's */
};

struct xfer {
	struct kb_http *h;
	struct kb_fetch *f;
	struct host *host; /* NULL for file: */
	struct ipslot *ip; /* counted while running, or NULL */
	CURL *easy;
	struct curl_slist *hdrs;
	struct xfer *prev, *next;
	size_t hcap;
	size_t held; /* body bytes counted in h->held */
	int64_t start_ms;
	int is_file;
	int toobig;
	int blocked;
	char blocked_msg[128];
	char errbuf[CURL_ERROR_SIZE];
};

struct xlist {
	struct xfer *head, *tail;
};

struct kb_http {
	CURLM *multi;
	long max_inflight;
	long per_host;
	int64_t host_delay_ms;
	int64_t connect_timeout_ms;
	int64_t timeout_ms;
	uint64_t max_body;
	uint64_t max_inflight_bytes;
	long max_redirects;
	char *user_agent;

	struct xlist pending; /* waiting to start */
	struct xlist running;
	struct xlist failed;   /* refused by kb_http_add, completed by run */
	struct xlist answered; /* answered by the replay function */
	kb_http_replay_fn replay;
	void *replay_ud;
	long nrunning;
	uint64_t held;
	unsigned long pass;
	int in_run;

	struct host **hosts;
	size_t nhosts, hostcap;
	struct ipslot **ips;
	size_t nips, ipcap;

	CURL *pool[MAX_POOL];
	size_t npool;
};

/* --- lists --- */

static void
xlist_push(struct xlist *l, struct xfer *x)
{
	x->next = NULL;
	x->prev = l->tail;
	if (l->tail)
		l->tail->next = x;
	else
		l->head = x;
	l->tail = x;
}

static void
xlist_unlink(struct xlist *l, struct xfer *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		l->head = x->next;
	if (x->next)
		x->next->prev = x->prev;
	else
		l->tail = x->prev;
	x->prev = x->next = NULL;
}

/* --- hosts and addresses --- */

static struct ipslot *
ip_get(struct kb_http *h, const char *ip)
{
	struct ipslot *s;
	size_t i;

	for (i = 0; i < h->nips; i++)
		if (strcmp(h->ips[i]->ip, ip) == 0)
			return h->ips[i];
	if (h->nips == h->ipcap) {
		h->ipcap = h->ipcap ? h->ipcap * 2 : 16;
		h->ips = kb_reallocarray(h->ips, h->ipcap, sizeof(*h->ips));
	}
	s = kb_calloc(1, sizeof(*s));
	s->ip = kb_strdup(ip);
	h->ips[h->nips++] = s;
	return s;
}

/* The host record for name (compared case-insensitively), created on
 * first use. The engine owns it until kb_http_free. */
static struct host *
host_get(struct kb_http *h, const char *name)
{
	struct host *o;
	size_t i;
	char *p;

	for (i = 0; i < h->nhosts; i++)
		if (kb_strcasecmp(h->hosts[i]->name, name) == 0)
			return h->hosts[i];
	if (h->nhosts == h->hostcap) {
		h->hostcap = h->hostcap ? h->hostcap * 2 : 16;
		h->hosts = kb_reallocarray(h->hosts, h->hostcap, sizeof(*h->hosts));
	}
	o = kb_calloc(1, sizeof(*o));
	o->name = kb_strdup(name);
	for (p = o->name; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	h->hosts[h->nhosts++] = o;
	return o;
}

void
kb_http_hint_ip(struct kb_http *h, const char *host, const char *ip)
{
	if (!h || !host || !ip || !*host || !*ip)
		return;
	host_get(h, host)->ip = ip_get(h, ip);
}

void
kb_http_set_host_delay(struct kb_http *h, const char *host, int64_t delay_ms)
{
	if (!h || !host || !*host || delay_ms < 0)
		return;
	host_get(h, host)->delay_ms = delay_ms;
}

void
kb_http_defer_host(struct kb_http *h, const char *host, int64_t until)
{
	struct host *o;

	if (!h || !host || !*host)
		return;
	o = host_get(h, host);
	if (until > o->defer_until)
		o->defer_until = until;
}

/* --- the address guard --- */

/* Why an IPv4 address (in host order) is refused, or NULL. */
static const char *
v4_blocked(uint32_t a)
{
	if ((a >> 24) == 0)
		return "a this-network address";
	if ((a >> 24) == 127)
		return "a loopback address";
	if ((a >> 24) == 10 || (a >> 20) == 0xac1 || (a >> 16) == 0xc0a8)
		return "a private address";
	if ((a >> 22) == (100u << 2 | 1)) /* 100.64.0.0/10 */
		return "a shared (cgnat) address";
	if ((a >> 16) == 0xa9fe)
		return "a link-local address";
	if ((a >> 28) == 0xe)
		return "a multicast address";
	if ((a >> 28) == 0xf)
		return "a reserved address";
	return NULL;
}

static const char *
v6_blocked(const unsigned char *b)
{
	static const unsigned char zero[16];
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	if (memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1))
		return b[15] ? "a loopback address" : "an unspecified address";
	if (memcmp(b, mapped, 12) == 0 || memcmp(b, zero, 12) == 0)
		return v4_blocked((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15]);
	if ((b[0] & 0xfe) == 0xfc)
		return "a unique-local address";
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return "a link-local address";
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
		return "a site-local address";
	if (b[0] == 0xff)
		return "a multicast address";
	return NULL;
}

/* Set x->blocked and its message when the address is refused. Returns 1
 * when refused. */
static int
guard_check(struct xfer *x, int family, const void *addr)
{
	char ipstr[INET6_ADDRSTRLEN];
	const char *why = NULL;
	uint32_t a;

	if (family == AF_INET) {
		memcpy(&a, addr, sizeof(a));
		why = v4_blocked(ntohl(a));
	} else if (family == AF_INET6) {
		why = v6_blocked(addr);
	} else {
		why = "not an internet address";
	}
	if (!why)
		return 0;
	if (!inet_ntop(family, addr, ipstr, sizeof(ipstr)))
		snprintf(ipstr, sizeof(ipstr), "?");
	x->blocked = 1;
	snprintf(x->blocked_msg, sizeof(x->blocked_msg), "address refused: %s is %s", ipstr, why);
	return 1;
}

static curl_socket_t
opensocket_cb(void *ud, curlsocktype purpose, struct curl_sockaddr *sa)
{
	struct xfer *x = ud;
	const void *addr = NULL;

	if (!x->f->allow_private) {
		if (sa->family == AF_INET && sa->addrlen >= sizeof(struct sockaddr_in))
			addr = &((const struct sockaddr_in *)(const void *)&sa->addr)->sin_addr;
		else if (sa->family == AF_INET6 && sa->addrlen >= sizeof(struct sockaddr_in6))
			addr = &((const struct sockaddr_in6 *)(const void *)&sa->addr)->sin6_addr;
		if (!addr) {
			x->blocked = 1;
			snprintf(x->blocked_msg, sizeof(x->blocked_msg),
				 "address refused: family %d is not an internet address", sa->family);
			return CURL_SOCKET_BAD;
		}
		if (guard_check(x, sa->family, addr))
			return CURL_SOCKET_BAD;
	}
	return socket(sa->family, sa->socktype, sa->protocol);
}

/* Called before each request is sent, also on a reused connection. */
static int
prereq_cb(void *ud, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
	struct xfer *x = ud;
	unsigned char b[16];

	if (x->f->allow_private || x->is_file)
		return CURL_PREREQFUNC_OK;
	if (inet_pton(AF_INET, primary_ip, b) == 1) {
		if (guard_check(x, AF_INET, b))
			return CURL_PREREQFUNC_ABORT;
	} else if (inet_pton(AF_INET6, primary_ip, b) == 1) {
		if (guard_check(x, AF_INET6, b))
			return CURL_PREREQFUNC_ABORT;
	}
	return CURL_PREREQFUNC_OK;
}

/* --- HTTP dates --- */

/* An HTTP-date (IMF-fixdate, RFC 850 or asctime; GMT when no zone) in
 * seconds since the epoch, or -1: date.c reads all three forms. */
static int64_t
http_date(const char *s)
{
	int64_t t;
	int off;

	return kb_date_parse(s, "UTC", &t, &off) == 0 ? t : -1;
}

/* --- responses --- */

const char *
kb_fetch_header(const struct kb_fetch *f, const char *name)
{
	size_t i;

	if (!f || !name)
		return NULL;
	for (i = 0; i < f->n_headers; i++)
		if (kb_strcasecmp(f->headers[i].name, name) == 0)
			return f->headers[i].value;
	return NULL;
}

static void
headers_free(struct kb_fetch *f)
{
	size_t i;

	for (i = 0; i < f->n_headers; i++) {
		free(f->headers[i].name);
		free(f->headers[i].value);
	}
	free(f->headers);
	f->headers = NULL;
	f->n_headers = 0;
}

void
kb_fetch_clear_result(struct kb_fetch *f)
{
	if (!f)
		return;
	f->result = KB_OK;
	f->status = 0;
	free(f->final_url);
	f->final_url = NULL;
	free(f->error);
	f->error = NULL;
	kb_buf_free(&f->body);
	headers_free(f);
	f->retry_after = 0;
	free(f->ip);
	f->ip = NULL;
	f->elapsed_ms = 0;
}

void
kb_fetch_free(struct kb_fetch *f)
{
	if (!f)
		return;
	kb_fetch_clear_result(f);
	free(f->url);
	f->url = NULL;
	free(f->etag);
	f->etag = NULL;
	free(f->last_modified);
	f->last_modified = NULL;
}

/* A non-negative integer of at most 18 digits, or -1. */
static int64_t
parse_seconds(const char *s, size_t n)
{
	int64_t v = 0;
	size_t i;

	if (n == 0 || n > 18)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int64_t
kb_fetch_freshness(const struct kb_fetch *f, int64_t now)
{
	int64_t maxage = -1, smaxage = -1, age = 0, v, exp, base;
	const char *s, *e;
	size_t i, n;

	if (!f)
		return 0;
	for (i = 0; i < f->n_headers; i++) {
		if (kb_strcasecmp(f->headers[i].name, "cache-control") != 0)
			continue;
		for (s = f->headers[i].value; *s; s = *e ? e + 1 : e) {
			while (*s == ' ' || *s == '\t')
				s++;
			e = strchr(s, ',');
			if (!e)
				e = s + strlen(s);
			n = (size_t)(e - s);
			while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
				n--;
			if ((n == 8 && kb_strncasecmp(s, "no-store", 8) == 0) ||
			    (n == 8 && kb_strncasecmp(s, "no-cache", 8) == 0))
				return 0;
			if (n > 8 && kb_strncasecmp(s, "max-age=", 8) == 0) {
				const char *p = s + 8;
				size_t m = n - 8;

				if (m >= 2 && p[0] == '"' && p[m - 1] == '"') {
					p++;
					m -= 2;
				}
				v = parse_seconds(p, m);
				if (v >= 0)
					maxage = v;
			} else if (n > 9 && kb_strncasecmp(s, "s-maxage=", 9) == 0) {
				v = parse_seconds(s + 9, n - 9);
				if (v >= 0)
					smaxage = v;
			}
		}
	}
	s = kb_fetch_header(f, "age");
	if (s) {
		v = parse_seconds(s, strlen(s));
		if (v > 0)
			age = v;
	}
	if (maxage < 0)
		maxage = smaxage;
	if (maxage >= 0)
		return maxage > age ? maxage - age : 0;
	s = kb_fetch_header(f, "expires");
	if (!s)
		return 0;
	exp = http_date(s);
	if (exp < 0)
		return 0; /* an invalid Expires means already expired */
	s = kb_fetch_header(f, "date");
	base = s ? http_date(s) : -1;
	if (base < 0)
		base = now;
	return exp > base ? exp - base : 0;
}

static size_t
write_cb(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * n;

	if (kb_buf_add(&x->f->body, p, len) != 0) {
		x->toobig = 1;
		return 0;
	}
	x->held += len;
	x->h->held += len;
	return len;
}

static char *
dup_trimmed(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return kb_strndup(s, n);
}

/* Keep the headers of the last response only: a status line starts over. */
static size_t
header_cb(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	struct kb_fetch *f = x->f;
	struct kb_header *hd;
	size_t len = size * n;
	const char *colon;

	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		headers_free(f);
		x->hcap = 0;
		return len;
	}
	if (len == 0 || p[0] == '\r' || p[0] == '\n')
		return len;
	if ((p[0] == ' ' || p[0] == '\t') && f->n_headers > 0) {
		/* obsolete line folding: continue the previous value */
		char *more = dup_trimmed(p, len);

		hd = &f->headers[f->n_headers - 1];
		if (*more && strlen(hd->value) + strlen(more) < 65536) {
			char *v = kb_asprintf("%s %s", hd->value, more);

			free(hd->value);
			hd->value = v;
		}
		free(more);
		return len;
	}
	colon = memchr(p, ':', len);
	if (!colon || colon == p || f->n_headers >= MAX_HEADERS)
		return len;
	if (f->n_headers == x->hcap) {
		x->hcap = x->hcap ? x->hcap * 2 : 16;
		f->headers = kb_reallocarray(f->headers, x->hcap, sizeof(*f->headers));
	}
	hd = &f->headers[f->n_headers++];
	hd->name = dup_trimmed(p, (size_t)(colon - p));
	hd->value = dup_trimmed(colon + 1, len - (size_t)(colon - p) - 1);
	return len;
}

/* --- the engine --- */

struct kb_http *
kb_http_new(const struct kb_http_opts *o)
{
	struct kb_http *h = kb_calloc(1, sizeof(*h));

	h->max_inflight = o && o->max_inflight > 0 ? o->max_inflight : 64;
	h->per_host = o && o->per_host > 0 ? o->per_host : 2;
	h->host_delay_ms = o && o->host_delay_ms >= 0 ? o->host_delay_ms : 1000;
	h->connect_timeout_ms = o && o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000;
	h->timeout_ms = o && o->timeout_ms > 0 ? o->timeout_ms : 30000;
	h->max_body = o && o->max_body > 0 ? o->max_body : 16u << 20;
	h->max_inflight_bytes = o && o->max_inflight_bytes > 0 ? o->max_inflight_bytes : 256u << 20;
	h->max_redirects = o && o->max_redirects > 0 ? o->max_redirects : 5;
	h->user_agent = kb_strdup(o && o->user_agent && *o->user_agent ? o->user_agent : DEFAULT_USER_AGENT);
	h->multi = curl_multi_init();
	if (!h->multi) {
		free(h->user_agent);
		free(h);
		return NULL;
	}
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	return h;
}

static void
xfer_free(struct xfer *x)
{
	if (x->f)
		x->f->priv = NULL;
	curl_slist_free_all(x->hdrs);
	free(x);
}

static void fail(struct kb_fetch *f, enum kb_err e, const char *fmt, ...) KB_PRINTF(3, 4);

static void
fail(struct kb_fetch *f, enum kb_err e, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	msg = kb_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	f->result = e;
	free(f->error);
	f->error = msg;
}

void
kb_http_free(struct kb_http *h)
{
	struct xfer *x;
	size_t i;

	if (!h)
		return;
	for (x = h->running.head; x; x = h->running.head) {
		xlist_unlink(&h->running, x);
		curl_multi_remove_handle(h->multi, x->easy);
		curl_easy_cleanup(x->easy);
		xfer_free(x);
	}
	for (x = h->pending.head; x; x = h->pending.head) {
		xlist_unlink(&h->pending, x);
		xfer_free(x);
	}
	for (x = h->failed.head; x; x = h->failed.head) {
		xlist_unlink(&h->failed, x);
		xfer_free(x);
	}
	for (x = h->answered.head; x; x = h->answered.head) {
		xlist_unlink(&h->answered, x);
		xfer_free(x);
	}
	for (i = 0; i < h->npool; i++)
		curl_easy_cleanup(h->pool[i]);
	curl_multi_cleanup(h->multi);
	for (i = 0; i < h->nhosts; i++) {
		free(h->hosts[i]->name);
		free(h->hosts[i]);
	}
	free(h->hosts);
	for (i = 0; i < h->nips; i++) {
		free(h->ips[i]->ip);
		free(h->ips[i]);
	}
	free(h->ips);
	free(h->user_agent);
	free(h);
}

int
kb_http_add(struct kb_http *h, struct kb_fetch *f)
{
	struct xfer *x;
	CURLU *u = NULL;
	char *scheme = NULL, *hostname = NULL;
	CURLUcode uc;
	uint64_t max;
	int rc = -1;

	if (!h || !f)
		return -1;
	if (f->priv) {
		kb_log(KB_LOG_ERROR, "fetch queued twice: %s", f->url ? f->url : "(no url)");
		return -1;
	}
	kb_fetch_clear_result(f);
	x = kb_calloc(1, sizeof(*x));
	x->h = h;
	x->f = f;
	f->priv = x;
	max = f->max_body ? f->max_body : h->max_body;
	kb_buf_init(&f->body, max > SIZE_MAX - 1 ? SIZE_MAX - 1 : (size_t)max);
	if (h->replay) {
		/* Nothing goes out: the recording answers. */
		h->replay(h->replay_ud, f);
		xlist_push(&h->answered, x);
		return 0;
	}

	if (!f->url || !*f->url) {
		fail(f, KB_E_USAGE, "bad url: empty");
		goto refuse;
	}
	u = curl_url();
	if (!u) {
		fail(f, KB_E_NOMEM, "bad url: out of memory: %s", f->url);
		goto refuse;
	}
	uc = curl_url_set(u, CURLUPART_URL, f->url, 0);
	if (uc != CURLUE_OK) {
		fail(f, KB_E_USAGE, "bad url: %s: %s", curl_url_strerror(uc), f->url);
		goto refuse;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		fail(f, KB_E_USAGE, "bad url: no scheme: %s", f->url);
		goto refuse;
	}
	if (kb_strcasecmp(scheme, "file") == 0) {
		if (!f->allow_file) {
			fail(f, KB_E_PROTOCOL, "scheme not allowed: file: %s", f->url);
			goto refuse;
		}
		x->is_file = 1;
	} else if (kb_strcasecmp(scheme, "http") == 0 || kb_strcasecmp(scheme, "https") == 0) {
		uc = curl_url_get(u, CURLUPART_HOST, &hostname, 0);
		if (uc != CURLUE_OK || !hostname || !*hostname) {
			fail(f, KB_E_USAGE, "bad url: no host: %s", f->url);
			goto refuse;
		}
		x->host = host_get(h, hostname);
	} else {
		fail(f, KB_E_PROTOCOL, "scheme not allowed: %s: %s", scheme, f->url);
		goto refuse;
	}
	xlist_push(&h->pending, x);
	rc = 0;
	goto out;
refuse:
	xlist_push(&h->failed, x);
out:
	curl_free(scheme);
	curl_free(hostname);
	curl_url_cleanup(u);
	return rc;
}

static void
setopt_fail(struct xfer *x, CURLcode c, const char *what)
{
	fail(x->f, c == CURLE_OUT_OF_MEMORY ? KB_E_NOMEM : KB_E_PROTOCOL, "transfer setup failed: %s: %s: %s", what,
	     curl_easy_strerror(c), x->f->url);
}

#define SETOPT(opt, val)                           \
	do {                                       \
		c = curl_easy_setopt(e, opt, val); \
		if (c != CURLE_OK) {               \
			setopt_fail(x, c, #opt);   \
			return -1;                 \
		}                                  \
	} while (0)

/* Configure x->easy for x. On failure the fetch's result is set. */
static int
xfer_setup(struct kb_http *h, struct xfer *x)
{
	struct kb_fetch *f = x->f;
	CURL *e = x->easy;
	CURLcode c;
	int64_t t;
	uint64_t max;

	SETOPT(CURLOPT_URL, f->url);
	SETOPT(CURLOPT_PRIVATE, (void *)x);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_PROTOCOLS_STR, f->allow_file ? "http,https,file" : "http,https");
	SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SETOPT(CURLOPT_FOLLOWLOCATION, 1L);
	SETOPT(CURLOPT_MAXREDIRS, h->max_redirects);
	t = f->connect_timeout_ms > 0 ? f->connect_timeout_ms : h->connect_timeout_ms;
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS, (long)(t > LONG_MAX ? LONG_MAX : t));
	t = f->timeout_ms > 0 ? f->timeout_ms : h->timeout_ms;
	SETOPT(CURLOPT_TIMEOUT_MS, (long)(t > LONG_MAX ? LONG_MAX : t));
	SETOPT(CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(CURLOPT_USERAGENT, h->user_agent);
	SETOPT(CURLOPT_ERRORBUFFER, x->errbuf);
	SETOPT(CURLOPT_WRITEFUNCTION, write_cb);
	SETOPT(CURLOPT_WRITEDATA, (void *)x);
	SETOPT(CURLOPT_HEADERFUNCTION, header_cb);
	SETOPT(CURLOPT_HEADERDATA, (void *)x);
	SETOPT(CURLOPT_OPENSOCKETFUNCTION, opensocket_cb);
	SETOPT(CURLOPT_OPENSOCKETDATA, (void *)x);
	SETOPT(CURLOPT_PREREQFUNCTION, prereq_cb);
	SETOPT(CURLOPT_PREREQDATA, (void *)x);
	max = f->max_body ? f->max_body : h->max_body;
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)(max > INT64_MAX ? INT64_MAX : max));
	/* Validators with a line break would inject headers: drop them. */
	if (f->etag && *f->etag && !strpbrk(f->etag, "\r\n")) {
		char *line = kb_asprintf("If-None-Match: %s", f->etag);
		struct curl_slist *n = curl_slist_append(x->hdrs, line);

		free(line);
		if (!n) {
			fail(f, KB_E_NOMEM, "transfer setup failed: out of memory: %s", f->url);
			return -1;
		}
		x->hdrs = n;
	}
	if (f->last_modified && *f->last_modified && !strpbrk(f->last_modified, "\r\n")) {
		char *line = kb_asprintf("If-Modified-Since: %s", f->last_modified);
		struct curl_slist *n = curl_slist_append(x->hdrs, line);

		free(line);
		if (!n) {
			fail(f, KB_E_NOMEM, "transfer setup failed: out of memory: %s", f->url);
			return -1;
		}
		x->hdrs = n;
	}
	if (x->hdrs)
		SETOPT(CURLOPT_HTTPHEADER, x->hdrs);
	return 0;
}

#undef SETOPT

static void
pool_put(struct kb_http *h, CURL *e)
{
	if (h->npool < MAX_POOL && h->npool < (size_t)h->max_inflight) {
		curl_easy_reset(e);
		h->pool[h->npool++] = e;
	} else {
		curl_easy_cleanup(e);
	}
}

/* Start x now. Returns 0, or -1 when it failed (its result is set and
 * the caller moves it to the failed list). */
static int
xfer_start(struct kb_http *h, struct xfer *x, int64_t now)
{
	CURLMcode mc;

	x->easy = h->npool > 0 ? h->pool[--h->npool] : curl_easy_init();
	if (!x->easy) {
		fail(x->f, KB_E_NOMEM, "transfer setup failed: out of memory: %s", x->f->url);
		return -1;
	}
	if (xfer_setup(h, x) != 0)
		goto bad;
	mc = curl_multi_add_handle(h->multi, x->easy);
	if (mc != CURLM_OK) {
		fail(x->f, mc == CURLM_OUT_OF_MEMORY ? KB_E_NOMEM : KB_E_NETWORK, "transfer start failed: %s: %s",
		     curl_multi_strerror(mc), x->f->url);
		goto bad;
	}
	if (x->host) {
		x->host->inflight++;
		x->host->started = 1;
		x->host->next_start =
			now + (x->host->delay_ms > h->host_delay_ms ? x->host->delay_ms : h->host_delay_ms);
		x->ip = x->host->ip;
		if (x->ip)
			x->ip->inflight++;
	}
	x->start_ms = now;
	h->nrunning++;
	xlist_push(&h->running, x);
	return 0;
bad:
	pool_put(h, x->easy);
	x->easy = NULL;
	return -1;
}

/* Start what may start. Returns the milliseconds until a host delay
 * ends for a waiting fetch, or -1 when no fetch waits on a delay. */
static int64_t
schedule(struct kb_http *h)
{
	struct xfer *x, *next;
	struct host *o;
	int64_t now = kb_mono_ms(), wait = -1;
	unsigned long pass = ++h->pass;

	for (x = h->pending.head; x; x = next) {
		next = x->next;
		if (h->nrunning >= h->max_inflight || h->held >= h->max_inflight_bytes)
			break;
		o = x->host;
		if (o && o->defer_until > 0 && o->defer_until > kb_now()) {
			xlist_unlink(&h->pending, x);
			fail(x->f, KB_E_DEFERRED, "deferred: %s asked to wait until %lld: %s", o->name,
			     (long long)o->defer_until, x->f->url);
			xlist_push(&h->failed, x);
			continue;
		}
		if (o) {
			if (o->pass == pass)
				continue;
			if (o->inflight >= h->per_host || (o->ip && o->ip->inflight >= h->per_host)) {
				o->pass = pass;
				continue;
			}
			if (o->started && now < o->next_start) {
				o->pass = pass;
				if (wait < 0 || o->next_start - now < wait)
					wait = o->next_start - now;
				continue;
			}
		}
		xlist_unlink(&h->pending, x);
		if (xfer_start(h, x, now) != 0)
			xlist_push(&h->failed, x);
	}
	return wait;
}

static enum kb_err
map_curl(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return KB_E_DNS;
	case CURLE_COULDNT_CONNECT:
		return KB_E_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return KB_E_TIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
	case CURLE_USE_SSL_FAILED:
		return KB_E_TLS;
	case CURLE_TOO_MANY_REDIRECTS:
		return KB_E_REDIRECTS;
	case CURLE_UNSUPPORTED_PROTOCOL:
		return KB_E_PROTOCOL;
	case CURLE_URL_MALFORMAT:
		return KB_E_USAGE;
	case CURLE_FILESIZE_EXCEEDED:
		return KB_E_TOOBIG;
	case CURLE_FILE_COULDNT_READ_FILE:
	case CURLE_READ_ERROR:
		return KB_E_IO;
	case CURLE_OUT_OF_MEMORY:
		return KB_E_NOMEM;
	default:
		return KB_E_NETWORK;
	}
}

/* Fill the fetch's results from a finished transfer. */
static void
xfer_result(struct xfer *x, CURLcode c)
{
	struct kb_fetch *f = x->f;
	const char *s = NULL;
	long status = 0;
	enum kb_err e;

	f->elapsed_ms = kb_mono_ms() - x->start_ms;
	if (curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK && s)
		f->final_url = kb_strdup(s);
	s = NULL;
	if (curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &s) == CURLE_OK && s && *s)
		f->ip = kb_strdup(s);
	if (curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK)
		status = 0;
	f->status = status;

	if (c == CURLE_OK) {
		if (x->is_file) {
			f->status = 200;
		} else if (status >= 400) {
			fail(f, KB_E_HTTP, "http %ld: %s", status, f->url);
		}
		if (status == 429 || status == 503) {
			s = kb_fetch_header(f, "retry-after");
			if (s) {
				int64_t v;

				while (*s == ' ')
					s++;
				v = parse_seconds(s, strlen(s));
				if (v < 0)
					v = http_date(s);
				else
					v = kb_now() + (v > MAX_RETRY_AFTER ? MAX_RETRY_AFTER : v);
				if (v > 0)
					f->retry_after = v;
			}
		}
		return;
	}

	/* The transfer failed: what arrived is incomplete. */
	kb_buf_free(&f->body);
	headers_free(f);
	x->hcap = 0;
	if (x->toobig || c == CURLE_FILESIZE_EXCEEDED) {
		fail(f, KB_E_TOOBIG, "body too big: over %zu bytes: %s", f->body.max, f->url);
		return;
	}
	if (x->blocked && (c == CURLE_COULDNT_CONNECT || c == CURLE_ABORTED_BY_CALLBACK)) {
		fail(f, KB_E_BLOCKED, "%s: %s", x->blocked_msg, f->url);
		return;
	}
	e = map_curl(c);
	fail(f, e, "%s: %s: %s", kb_strerror(e), x->errbuf[0] ? x->errbuf : curl_easy_strerror(c), f->url);
}

/* Learn the address a host's transfer used, unless a redirect took it
 * to another host. */
static void
learn_ip(struct kb_http *h, struct xfer *x)
{
	CURLU *u;
	char *name = NULL;
	int same = 0;

	if (!x->host || !x->f->ip || x->blocked || !x->f->final_url)
		return;
	u = curl_url();
	if (!u)
		return;
	if (curl_url_set(u, CURLUPART_URL, x->f->final_url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &name, 0) == CURLUE_OK && name)
		same = kb_strcasecmp(name, x->host->name) == 0;
	curl_free(name);
	curl_url_cleanup(u);
	if (same)
		x->host->ip = ip_get(h, x->f->ip);
}

/* Finish a running transfer and run its callback. */
static void
xfer_done(struct kb_http *h, struct xfer *x, CURLcode c, kb_http_done_fn done, void *ud)
{
	struct kb_fetch *f = x->f;

	curl_multi_remove_handle(h->multi, x->easy);
	xfer_result(x, c);
	xlist_unlink(&h->running, x);
	h->nrunning--;
	h->held -= x->held;
	if (x->host)
		x->host->inflight--;
	if (x->ip)
		x->ip->inflight--;
	learn_ip(h, x);
	pool_put(h, x->easy);
	xfer_free(x);
	kb_log(KB_LOG_DEBUG, "fetched %s: %s, status %ld, %zu bytes, %lld ms", f->url, kb_strerror(f->result),
	       f->status, f->body.len, (long long)f->elapsed_ms);
	if (done)
		done(ud, f);
}

/* Complete the fetches that failed before they started. Returns how many. */
static int
run_failed(struct kb_http *h, kb_http_done_fn done, void *ud)
{
	struct xfer *x;
	struct kb_fetch *f;
	int n = 0;

	for (x = h->failed.head; x; x = h->failed.head) {
		xlist_unlink(&h->failed, x);
		f = x->f;
		kb_buf_free(&f->body);
		xfer_free(x);
		n++;
		if (done)
			done(ud, f);
	}
	return n;
}

static int
run_answered(struct kb_http *h, kb_http_done_fn done, void *ud)
{
	struct xfer *x;
	struct kb_fetch *f;
	int n = 0;

	for (x = h->answered.head; x; x = h->answered.head) {
		xlist_unlink(&h->answered, x);
		f = x->f;
		xfer_free(x);
		n++;
		if (done)
			done(ud, f);
	}
	return n;
}

void
kb_http_set_replay(struct kb_http *h, kb_http_replay_fn fn, void *ud)
{
	h->replay = fn;
	h->replay_ud = ud;
}

static int
run_finished(struct kb_http *h, kb_http_done_fn done, void *ud)
{
	struct CURLMsg *m;
	struct xfer *x;
	char *p;
	int left, n = 0;

	for (m = curl_multi_info_read(h->multi, &left); m; m = curl_multi_info_read(h->multi, &left)) {
		if (m->msg != CURLMSG_DONE)
			continue;
		p = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &p);
		x = (struct xfer *)(void *)p;
		if (!x)
			continue;
		xfer_done(h, x, m->data.result, done, ud);
		n++;
	}
	return n;
}

/* After a multi error: complete everything with that error. */
static void
abort_all(struct kb_http *h, CURLMcode mc, kb_http_done_fn done, void *ud)
{
	struct xfer *x;

	for (x = h->running.head; x; x = h->running.head) {
		curl_multi_remove_handle(h->multi, x->easy);
		kb_buf_free(&x->f->body);
		headers_free(x->f);
		x->f->elapsed_ms = kb_mono_ms() - x->start_ms;
		fail(x->f, KB_E_NETWORK, "transfer failed: %s: %s", curl_multi_strerror(mc), x->f->url);
		xlist_unlink(&h->running, x);
		h->nrunning--;
		h->held -= x->held;
		if (x->host)
			x->host->inflight--;
		if (x->ip)
			x->ip->inflight--;
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
		xlist_push(&h->failed, x);
	}
	for (x = h->pending.head; x; x = h->pending.head) {
		xlist_unlink(&h->pending, x);
		fail(x->f, KB_E_NETWORK, "transfer failed: %s: %s", curl_multi_strerror(mc), x->f->url);
		xlist_push(&h->failed, x);
	}
	run_failed(h, done, ud);
}

int
kb_http_run(struct kb_http *h, kb_http_done_fn done, void *ud)
{
	CURLMcode mc = CURLM_OK;
	int64_t wait;
	int still, n, rc = 0;

	if (!h || h->in_run)
		return -1;
	h->in_run = 1;
	for (;;) {
		n = run_failed(h, done, ud);
		n += run_answered(h, done, ud);
		wait = schedule(h);
		if (h->failed.head || h->answered.head)
			continue;
		if (h->nrunning == 0 && !h->pending.head)
			break;
		mc = curl_multi_perform(h->multi, &still);
		if (mc != CURLM_OK)
			goto error;
		n += run_finished(h, done, ud);
		if (n > 0)
			continue; /* something finished: schedule again first */
		if (wait < 0 || wait > 1000)
			wait = 1000;
		mc = curl_multi_poll(h->multi, NULL, 0, (int)wait, NULL);
		if (mc != CURLM_OK)
			goto error;
	}
	h->in_run = 0;
	return rc;
error:
	kb_log(KB_LOG_ERROR, "fetch engine failed: %s", curl_multi_strerror(mc));
	abort_all(h, mc, done, ud);
	/* Callbacks may have queued more: they fail the same way. */
	while (h->pending.head || h->failed.head)
		abort_all(h, mc, done, ud);
	h->in_run = 0;
	return -1;
}
