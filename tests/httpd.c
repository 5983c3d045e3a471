/* httpd.c: a scripted HTTP server for the tests (libmicrohttpd).
 *
 * Usage: httpd [--port-file FILE] [--log FILE] [--root DIR] [--site]
 *
 * Binds 127.0.0.1 on a free port, writes the port number to FILE
 * (temp file + rename, so a reader never sees half of it) and serves
 * until SIGTERM or SIGINT. Each connection has its own thread, so a slow
 * response does not hold up the others.
 *
 * Routes (GET and HEAD):
 *   /feed.xml        a small RSS 2.0 feed with ETag and Last-Modified;
 *                    304 on a matching If-None-Match, or (without one) on
 *                    an If-Modified-Since not before Last-Modified
 *   /etag-only       the feed with an ETag only (304 on If-None-Match)
 *   /lastmod-only    the feed with Last-Modified only (304 on If-Modified-Since)
 *   /gzip            the feed, gzip-encoded when Accept-Encoding has gzip
 *   /redirect/N      302 to /redirect/N-1; /redirect/0 is the feed (N <= 100)
 *   /loop            302 to itself
 *   /status/NNN      that status (200..599) with a short text body
 *   /429             429 with "Retry-After: 120"
 *   /503-date        503 with Retry-After as an HTTP-date 300 s ahead
 *   /slow?ms=N       waits N ms (at most 60000), then a short text body
 *   /big?bytes=N     N bytes of body (at most 1 GiB)
 *   /gzip-bomb       about 32 KiB of gzip that expands to 32 MiB of zeros,
 *                    always sent with Content-Encoding: gzip
 *   /concurrent?ms=N holds the request N ms (at most 60000), counting the
 *                    requests in progress per Host header and in total and
 *                    recording the largest counts seen
 *   /stats           plain text: "max_concurrent_total N",
 *                    "max_concurrent_host HOST N" per host, and
 *                    "requests PATH N" per path, one a line
 *   /stats/reset     zeroes every counter (and answers "ok")
 *   /headers         the request's headers as the body, "Name: value" a line
 *   /file/NAME       NAME under --root DIR (no "..", [A-Za-z0-9._/-] only):
 *                    Content-Type from the extension, ETag "SIZE-MTIME",
 *                    Last-Modified from the mtime, 304 as for /feed.xml;
 *                    lines "Name: value" of NAME.headers, if present, are
 *                    added to the response ("Status: NNN" sets the status)
 *
 * With --site, the scripted routes are off (but /stats): every path is a
 * file under --root as for /file/ ("/" and paths ending in "/" get
 * "index.html"), so that a whole site (robots.txt, /feed/, ...) can be
 * laid out in a directory.
 *
 * The log (--log FILE) gets one line per request, tab-separated:
 *   MONOTONIC_MS METHOD HOST PATH IF-NONE-MATCH IF-MODIFIED-SINCE STATUS
 * where MONOTONIC_MS is when the request arrived and an absent value
 * is "-". */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <zlib.h>

#define FEED_ETAG    "\"feed-v1\""
#define FEED_LASTMOD "Sat, 01 Jun 2024 10:00:00 GMT"
#define MAX_HOSTS    64
#define MAX_PATHS    256
#define MAX_WAIT_MS  60000
#define BOMB_SIZE    (32u << 20)

static const char feed[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<rss version=\"2.0\">\n"
			   "<channel>\n"
			   "<title>Kabar Uji</title>\n"
			   "<link>http://example.com/</link>\n"
			   "<description>Feed untuk pengujian</description>\n"
			   "<item>\n"
			   "<title>Bazar UMKM Surabaya 2024</title>\n"
			   "<link>http://example.com/bazar-umkm</link>\n"
			   "<guid>http://example.com/bazar-umkm</guid>\n"
			   "<pubDate>Sat, 01 Jun 2024 09:00:00 GMT</pubDate>\n"
			   "<description>Pameran produk UMKM di Surabaya, 5-7 Juni 2024.</description>\n"
			   "</item>\n"
			   "<item>\n"
			   "<title>Pelatihan digital untuk pelaku usaha mikro</title>\n"
			   "<link>http://example.com/pelatihan</link>\n"
			   "<guid>http://example.com/pelatihan</guid>\n"
			   "<pubDate>Fri, 31 May 2024 08:00:00 GMT</pubDate>\n"
			   "<description>Dinas Koperasi dan UKM membuka pendaftaran.</description>\n"
			   "</item>\n"
			   "</channel>\n"
			   "</rss>\n";

struct counter {
	char name[128];
	long cur, max, n;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct counter hosts[MAX_HOSTS];
static size_t nhosts;
static struct counter paths[MAX_PATHS];
static size_t npaths;
static long total_cur, total_max;
static FILE *logfp;
static const char *root;
static int site; /* --site: every path is a file under root */
static volatile sig_atomic_t stopping;

static unsigned char *gz_feed, *gz_bomb;
static size_t gz_feed_len, gz_bomb_len;

struct req {
	int64_t arrived;
	const char *method;
	const char *host;
	const char *path;
	const char *inm;
	const char *ims;
};

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep ms milliseconds, or less when the server is stopping. */
static void
nap(long ms)
{
	int64_t end = mono_ms() + ms;
	struct timespec ts;

	while (!stopping && mono_ms() < end) {
		ts.tv_sec = 0;
		ts.tv_nsec = 10 * 1000000L;
		nanosleep(&ts, NULL);
	}
}

static void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "httpd: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

/* Compress n bytes of p (or n zero bytes when p is NULL) with gzip into a
 * new buffer (the caller frees it). */
static unsigned char *
gzip(const void *p, size_t n, size_t *outlen)
{
	static const unsigned char zeros[65536];
	unsigned char *out = NULL;
	size_t cap = 0, left = n;
	z_stream z;
	int rc, flush;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		die("deflateInit2 failed");
	cap = 1024 + n / 100;
	out = malloc(cap);
	if (!out)
		die("out of memory");
	if (p) {
		z.next_in = (unsigned char *)(uintptr_t)p;
		z.avail_in = (uInt)n;
		left = 0;
	}
	do {
		if (!p && z.avail_in == 0 && left > 0) {
			size_t k = left < sizeof(zeros) ? left : sizeof(zeros);

			z.next_in = (unsigned char *)(uintptr_t)zeros;
			z.avail_in = (uInt)k;
			left -= k;
		}
		flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
		if (z.total_out + 1024 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			if (!out)
				die("out of memory");
		}
		z.next_out = out + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		rc = deflate(&z, flush);
		if (rc == Z_STREAM_ERROR)
			die("deflate failed");
	} while (rc != Z_STREAM_END);
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

static void
clean_field(char *dst, size_t size, const char *s)
{
	size_t i = 0;

	if (!s || !*s)
		s = "-";
	for (; *s && i + 1 < size; s++)
		dst[i++] = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s;
	dst[i] = '\0';
}

static void
log_request(const struct req *rq, unsigned int status)
{
	char host[128], path[512], inm[256], ims[128];

	if (!logfp)
		return;
	clean_field(host, sizeof(host), rq->host);
	clean_field(path, sizeof(path), rq->path);
	clean_field(inm, sizeof(inm), rq->inm);
	clean_field(ims, sizeof(ims), rq->ims);
	pthread_mutex_lock(&lock);
	fprintf(logfp, "%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%u\n", rq->arrived, rq->method, host, path, inm, ims, status);
	fflush(logfp);
	pthread_mutex_unlock(&lock);
}

/* The counter named name in tab (created when there is room), or NULL.
 * Call with the lock held. */
static struct counter *
counter_get(struct counter *tab, size_t *n, size_t max, const char *name)
{
	size_t i;

	if (!name)
		name = "-";
	for (i = 0; i < *n; i++)
		if (strncmp(tab[i].name, name, sizeof(tab[i].name) - 1) == 0)
			return &tab[i];
	if (*n == max)
		return NULL;
	memset(&tab[*n], 0, sizeof(tab[*n]));
	snprintf(tab[*n].name, sizeof(tab[*n].name), "%s", name);
	return &tab[(*n)++];
}

static enum MHD_Result
reply(struct MHD_Connection *c, const struct req *rq, unsigned int status, struct MHD_Response *r)
{
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	log_request(rq, status);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static struct MHD_Response *
text(const char *s)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(strlen(s), (void *)(uintptr_t)s, MHD_RESPMEM_MUST_COPY);
	if (r)
		MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	return r;
}

static enum MHD_Result
reply_text(struct MHD_Connection *c, const struct req *rq, unsigned int status, const char *s)
{
	return reply(c, rq, status, text(s));
}

static int64_t
parse_http_date(const char *s)
{
	struct tm tm;
	const char *end;

	if (!s)
		return -1;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (!end || *end)
		return -1;
	return (int64_t)timegm(&tm);
}

static void
format_http_date(char *buf, size_t size, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* Whether the request's validators match: If-None-Match against etag
 * (when given), else If-Modified-Since against lastmod. */
static int
not_modified(const struct req *rq, const char *etag, int64_t lastmod)
{
	if (rq->inm)
		return etag && (strcmp(rq->inm, "*") == 0 || strstr(rq->inm, etag) != NULL);
	if (rq->ims && lastmod >= 0) {
		int64_t t = parse_http_date(rq->ims);

		return t >= 0 && t >= lastmod;
	}
	return 0;
}

static long
arg_long(struct MHD_Connection *c, const char *name, long min, long max, long def)
{
	const char *s = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
	char *end;
	long v;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min)
		return def;
	return v > max ? max : v;
}

static enum MHD_Result
serve_feed(struct MHD_Connection *c, const struct req *rq, int with_etag, int with_lastmod)
{
	struct MHD_Response *r;
	int64_t lm = with_lastmod ? parse_http_date(FEED_LASTMOD) : -1;

	if (not_modified(rq, with_etag ? FEED_ETAG : NULL, lm))
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(sizeof(feed) - 1, (void *)(uintptr_t)feed, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	if (with_etag)
		MHD_add_response_header(r, "ETag", FEED_ETAG);
	if (with_lastmod)
		MHD_add_response_header(r, "Last-Modified", FEED_LASTMOD);
	MHD_add_response_header(r, "Content-Type", "application/rss+xml; charset=utf-8");
	return reply(c, rq, not_modified(rq, with_etag ? FEED_ETAG : NULL, lm) ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK,
		     r);
}

static enum MHD_Result
serve_redirect(struct MHD_Connection *c, const struct req *rq, const char *to)
{
	struct MHD_Response *r = text("moved\n");

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Location", to);
	return reply(c, rq, MHD_HTTP_FOUND, r);
}

static ssize_t
big_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	uint64_t total = *(uint64_t *)cls;
	size_t n;

	if (pos >= total)
		return MHD_CONTENT_READER_END_OF_STREAM;
	n = total - pos < max ? (size_t)(total - pos) : max;
	memset(buf, 'x', n);
	return (ssize_t)n;
}

static void
big_free(void *cls)
{
	free(cls);
}

static enum MHD_Result
serve_big(struct MHD_Connection *c, const struct req *rq)
{
	uint64_t *n = malloc(sizeof(*n));
	struct MHD_Response *r;

	if (!n)
		return MHD_NO;
	*n = (uint64_t)arg_long(c, "bytes", 0, 1L << 30, 1024);
	r = MHD_create_response_from_callback(*n, 64 * 1024, big_reader, n, big_free);
	if (!r) {
		free(n);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "application/octet-stream");
	return reply(c, rq, MHD_HTTP_OK, r);
}

static enum MHD_Result
serve_concurrent(struct MHD_Connection *c, const struct req *rq)
{
	long ms = arg_long(c, "ms", 0, MAX_WAIT_MS, 100);
	struct counter *h;

	pthread_mutex_lock(&lock);
	h = counter_get(hosts, &nhosts, MAX_HOSTS, rq->host);
	if (h && ++h->cur > h->max)
		h->max = h->cur;
	if (++total_cur > total_max)
		total_max = total_cur;
	pthread_mutex_unlock(&lock);
	nap(ms);
	pthread_mutex_lock(&lock);
	if (h)
		h->cur--;
	total_cur--;
	pthread_mutex_unlock(&lock);
	return reply_text(c, rq, MHD_HTTP_OK, "done\n");
}

static enum MHD_Result
serve_stats(struct MHD_Connection *c, const struct req *rq)
{
	char *s = NULL;
	size_t len = 0, i;
	FILE *m = open_memstream(&s, &len);
	struct MHD_Response *r;

	if (!m)
		return MHD_NO;
	pthread_mutex_lock(&lock);
	fprintf(m, "max_concurrent_total %ld\n", total_max);
	for (i = 0; i < nhosts; i++)
		fprintf(m, "max_concurrent_host %s %ld\n", hosts[i].name, hosts[i].max);
	for (i = 0; i < npaths; i++)
		fprintf(m, "requests %s %ld\n", paths[i].name, paths[i].n);
	pthread_mutex_unlock(&lock);
	fclose(m);
	r = text(s ? s : "");
	free(s);
	return reply(c, rq, MHD_HTTP_OK, r);
}

static enum MHD_Result
add_header_line(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	fprintf(cls, "%s: %s\n", key, value ? value : "");
	return MHD_YES;
}

static enum MHD_Result
serve_headers(struct MHD_Connection *c, const struct req *rq)
{
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);
	struct MHD_Response *r;

	if (!m)
		return MHD_NO;
	MHD_get_connection_values(c, MHD_HEADER_KIND, add_header_line, m);
	fclose(m);
	r = text(s ? s : "");
	free(s);
	return reply(c, rq, MHD_HTTP_OK, r);
}

static const char *
content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".xml", "application/xml" },		 { ".rss", "application/rss+xml" },
		{ ".atom", "application/atom+xml" },	 { ".json", "application/json" },
		{ ".html", "text/html; charset=utf-8" }, { ".htm", "text/html; charset=utf-8" },
		{ ".txt", "text/plain; charset=utf-8" }, { ".ics", "text/calendar; charset=utf-8" },
	};
	size_t i, n = strlen(name), k;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		k = strlen(types[i].ext);
		if (n >= k && strcasecmp(name + n - k, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

/* Add the lines of the file "path.headers" to r; "Status: NNN" sets
 * *status instead. */
static void
add_extra_headers(struct MHD_Response *r, const char *path, unsigned int *status)
{
	char hpath[4096], line[1024];
	FILE *fp;

	if ((size_t)snprintf(hpath, sizeof(hpath), "%s.headers", path) >= sizeof(hpath))
		return;
	fp = fopen(hpath, "r");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		char *colon = strchr(line, ':'), *v, *e;

		line[strcspn(line, "\r\n")] = '\0';
		if (!colon || line[0] == '#' || colon == line)
			continue;
		*colon = '\0';
		v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		if (strcasecmp(line, "Status") == 0) {
			long s = strtol(v, &e, 10);

			if (e != v && s >= 100 && s <= 599)
				*status = (unsigned int)s;
			continue;
		}
		MHD_add_response_header(r, line, v);
	}
	fclose(fp);
}

static int
safe_name(const char *name)
{
	const char *p;

	if (!*name || name[0] == '/' || strstr(name, ".."))
		return 0;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '_' || *p == '-' || *p == '/'))
			return 0;
	return 1;
}

static enum MHD_Result
serve_file(struct MHD_Connection *c, const struct req *rq, const char *name)
{
	char path[4096], etag[64], lastmod[64];
	struct MHD_Response *r;
	struct stat st;
	unsigned int status = MHD_HTTP_OK;
	int fd;

	if (!root || !safe_name(name) || (size_t)snprintf(path, sizeof(path), "%s/%s", root, name) >= sizeof(path))
		return reply_text(c, rq, MHD_HTTP_NOT_FOUND, "not found\n");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return reply_text(c, rq, MHD_HTTP_NOT_FOUND, "not found\n");
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return reply_text(c, rq, MHD_HTTP_NOT_FOUND, "not found\n");
	}
	snprintf(etag, sizeof(etag), "\"%lld-%lld\"", (long long)st.st_size, (long long)st.st_mtime);
	format_http_date(lastmod, sizeof(lastmod), st.st_mtime);
	if (not_modified(rq, etag, (int64_t)st.st_mtime)) {
		close(fd);
		status = MHD_HTTP_NOT_MODIFIED;
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	} else {
		r = MHD_create_response_from_fd((size_t)st.st_size, fd);
		if (!r)
			close(fd);
	}
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", content_type(name));
	MHD_add_response_header(r, "ETag", etag);
	MHD_add_response_header(r, "Last-Modified", lastmod);
	if (status == MHD_HTTP_OK)
		add_extra_headers(r, path, &status);
	return reply(c, rq, status, r);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
       const char *upload_data, size_t *upload_size, void **state)
{
	static int marker;
	struct req rq;
	struct counter *pc;
	char buf[128];
	long n;

	if (!*state) {
		/* First call: headers only. Answer on the next call. */
		*state = &marker;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0; /* bodies are ignored */
		return MHD_YES;
	}
	rq.arrived = mono_ms();
	rq.method = method;
	rq.path = url;
	rq.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	rq.inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	rq.ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");

	pthread_mutex_lock(&lock);
	pc = counter_get(paths, &npaths, MAX_PATHS, url);
	if (pc)
		pc->n++;
	pthread_mutex_unlock(&lock);

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply_text(c, &rq, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n");

	if (site && strcmp(url, "/stats") != 0) {
		char name[2048];
		size_t ul = strlen(url);

		if (ul == 0 || url[0] != '/' ||
		    (size_t)snprintf(name, sizeof(name), "%s%s", url + 1, url[ul - 1] == '/' ? "index.html" : "") >=
			    sizeof(name))
			return reply_text(c, &rq, MHD_HTTP_NOT_FOUND, "not found\n");
		return serve_file(c, &rq, name);
	}
	if (strcmp(url, "/feed.xml") == 0)
		return serve_feed(c, &rq, 1, 1);
	if (strcmp(url, "/etag-only") == 0)
		return serve_feed(c, &rq, 1, 0);
	if (strcmp(url, "/lastmod-only") == 0)
		return serve_feed(c, &rq, 0, 1);
	if (strcmp(url, "/gzip") == 0) {
		const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
		struct MHD_Response *r;

		if (ae && strstr(ae, "gzip")) {
			r = MHD_create_response_from_buffer(gz_feed_len, gz_feed, MHD_RESPMEM_PERSISTENT);
			if (r)
				MHD_add_response_header(r, "Content-Encoding", "gzip");
		} else {
			r = MHD_create_response_from_buffer(sizeof(feed) - 1, (void *)(uintptr_t)feed,
							    MHD_RESPMEM_PERSISTENT);
		}
		if (r) {
			MHD_add_response_header(r, "Content-Type", "application/rss+xml");
			MHD_add_response_header(r, "Vary", "Accept-Encoding");
		}
		return reply(c, &rq, MHD_HTTP_OK, r);
	}
	if (strncmp(url, "/redirect/", 10) == 0) {
		char *end;

		n = strtol(url + 10, &end, 10);
		if (end == url + 10 || *end || n < 0 || n > 100)
			return reply_text(c, &rq, MHD_HTTP_NOT_FOUND, "not found\n");
		if (n == 0)
			return serve_feed(c, &rq, 1, 1);
		snprintf(buf, sizeof(buf), "/redirect/%ld", n - 1);
		return serve_redirect(c, &rq, buf);
	}
	if (strcmp(url, "/loop") == 0)
		return serve_redirect(c, &rq, "/loop");
	if (strncmp(url, "/status/", 8) == 0) {
		char *end;

		n = strtol(url + 8, &end, 10);
		if (end == url + 8 || *end || n < 200 || n > 599)
			return reply_text(c, &rq, MHD_HTTP_NOT_FOUND, "not found\n");
		snprintf(buf, sizeof(buf), "status %ld\n", n);
		return reply_text(c, &rq, (unsigned int)n, buf);
	}
	if (strcmp(url, "/429") == 0) {
		struct MHD_Response *r = text("slow down\n");

		if (r)
			MHD_add_response_header(r, "Retry-After", "120");
		return reply(c, &rq, 429, r);
	}
	if (strcmp(url, "/503-date") == 0) {
		struct MHD_Response *r = text("come back later\n");

		format_http_date(buf, sizeof(buf), time(NULL) + 300);
		if (r)
			MHD_add_response_header(r, "Retry-After", buf);
		return reply(c, &rq, MHD_HTTP_SERVICE_UNAVAILABLE, r);
	}
	if (strcmp(url, "/slow") == 0) {
		nap(arg_long(c, "ms", 0, MAX_WAIT_MS, 1000));
		return reply_text(c, &rq, MHD_HTTP_OK, "slow\n");
	}
	if (strcmp(url, "/big") == 0)
		return serve_big(c, &rq);
	if (strcmp(url, "/gzip-bomb") == 0) {
		struct MHD_Response *r;

		r = MHD_create_response_from_buffer(gz_bomb_len, gz_bomb, MHD_RESPMEM_PERSISTENT);
		if (r) {
			MHD_add_response_header(r, "Content-Encoding", "gzip");
			MHD_add_response_header(r, "Content-Type", "application/rss+xml");
		}
		return reply(c, &rq, MHD_HTTP_OK, r);
	}
	if (strcmp(url, "/concurrent") == 0)
		return serve_concurrent(c, &rq);
	if (strcmp(url, "/stats") == 0)
		return serve_stats(c, &rq);
	if (strcmp(url, "/stats/reset") == 0) {
		pthread_mutex_lock(&lock);
		nhosts = 0;
		npaths = 0;
		total_max = total_cur;
		pthread_mutex_unlock(&lock);
		return reply_text(c, &rq, MHD_HTTP_OK, "ok\n");
	}
	if (strcmp(url, "/headers") == 0)
		return serve_headers(c, &rq);
	if (strncmp(url, "/file/", 6) == 0)
		return serve_file(c, &rq, url + 6);
	return reply_text(c, &rq, MHD_HTTP_NOT_FOUND, "not found\n");
}

static void
write_port_file(const char *path, unsigned int port)
{
	char tmp[4096];
	FILE *fp;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		die("port file name too long: %s", path);
	fp = fopen(tmp, "w");
	if (!fp)
		die("cannot write port file: %s: %s", strerror(errno), tmp);
	fprintf(fp, "%u\n", port);
	if (fclose(fp) != 0 || rename(tmp, path) != 0)
		die("cannot write port file: %s: %s", strerror(errno), path);
}

int
main(int argc, char **argv)
{
	const char *port_file = NULL, *log_file = NULL;
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	sigset_t set;
	int i, sig;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--port-file") == 0 && i + 1 < argc)
			port_file = argv[++i];
		else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
			log_file = argv[++i];
		else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
			root = argv[++i];
		else if (strcmp(argv[i], "--site") == 0)
			site = 1;
		else
			die("usage: httpd [--port-file FILE] [--log FILE] [--root DIR] [--site]");
	}
	if (log_file) {
		logfp = fopen(log_file, "a");
		if (!logfp)
			die("cannot open log: %s: %s", strerror(errno), log_file);
	}
	gz_feed = gzip(feed, sizeof(feed) - 1, &gz_feed_len);
	gz_bomb = gzip(NULL, BOMB_SIZE, &gz_bomb_len);

	/* The daemon's threads inherit this mask: only sigwait sees them. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = 0;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG, 0,
			     NULL, NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)120, MHD_OPTION_CONNECTION_LIMIT,
			     (unsigned int)512, MHD_OPTION_END);
	if (!d)
		die("cannot start the server on 127.0.0.1");
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (!info || info->port == 0)
		die("cannot learn the bound port");
	if (port_file)
		write_port_file(port_file, info->port);
	else
		printf("%u\n", (unsigned int)info->port);
	fflush(stdout);

	while (sigwait(&set, &sig) != 0)
		;
	stopping = 1;
	MHD_stop_daemon(d);
	if (logfp)
		fclose(logfp);
	free(gz_feed);
	free(gz_bomb);
	return 0;
}
