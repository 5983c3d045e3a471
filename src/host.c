/* host.c: the host side of the plugin ABI: the table of host functions
 * plugins call, the callback context, and the response's wire encoding.
 *
 * Everything a plugin produces is checked and copied here (UTF-8 repaired,
 * HTML sanitized, URLs resolved, sizes bounded) before it becomes a wire
 * message in ctx->out. Everything the host hands to a plugin belongs to
 * the context and is released by kb_ctx_release. */
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "config.h"
#include "date.h"
#include "host.h"
#include "item.h"
#include "sanitize.h"
#include "url.h"
#include "util.h"

#define MAX_DOC_BODY	    ((size_t)32 * 1024 * 1024)
#define MAX_LOG_MSG	    8192
#define MAX_TITLE	    2048
#define MAX_SUMMARY	    (16 * 1024)
#define MAX_CONTENT	    (1024 * 1024)
#define MAX_SHORT	    256 /* author fields, categories, tags, types */
#define MAX_URL		    8192
#define MAX_AUTHORS	    64
#define MAX_CATEGORIES	    256
#define MAX_ENCLOSURES	    64
#define MAX_META_PAIRS	    16
#define MAX_META_BYTES	    4096
#define MAX_JSON_DEPTH	    64
#define MAX_XPATH_OPS	    50000000UL
#define MAX_SERIALIZE_DEPTH 300
#define DEFAULT_MAX_ITEMS   1000
#define DEFAULT_MAX_FOLLOWS 200
#define MAX_WIRE_HEADERS    1024
#define MAX_WIRE_META	    1024

#define XHTML_NS	    "http://www.w3.org/1999/xhtml"

enum hold_kind { HOLD_XML = 1, HOLD_HTML = 2, HOLD_JSON = 3, HOLD_SET = 4 };

struct kabar_doc {
	int kind; /* enum hold_kind; first, like kabar_nodeset */
	xmlDocPtr xml;
	struct json_object *json;
	xmlXPathContextPtr xpc; /* created on the first query */
	char xpath_err[256];
};

struct kabar_nodeset {
	int kind; /* HOLD_SET */
	xmlXPathObjectPtr obj;
};

static const struct {
	const char *prefix;
	const char *uri;
} xpath_ns[] = {
	{ "atom", "http://www.w3.org/2005/Atom" },
	{ "atom03", "http://purl.org/atom/ns#" },
	{ "rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#" },
	{ "rss1", "http://purl.org/rss/1.0/" },
	{ "rss09", "http://my.netscape.com/rdf/simple/0.9/" },
	{ "dc", "http://purl.org/dc/elements/1.1/" },
	{ "dcterms", "http://purl.org/dc/terms/" },
	{ "content", "http://purl.org/rss/1.0/modules/content/" },
	{ "media", "http://search.yahoo.com/mrss/" },
	{ "itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd" },
	{ "sy", "http://purl.org/rss/1.0/modules/syndication/" },
	{ "slash", "http://purl.org/rss/1.0/modules/slash/" },
	{ "xhtml", XHTML_NS },
	{ "wfw", "http://wellformedweb.org/CommentAPI/" },
	{ "georss", "http://www.georss.org/georss" },
};

static void host_log(struct kabar_ctx *ctx, enum kabar_log_level level, const char *fmt, ...) KB_PRINTF(3, 4);

/* --- context --- */

static void
push_ptr(void ***arr, size_t *n, size_t *cap, void *p)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;

		*arr = kb_reallocarray(*arr, ncap, sizeof(**arr));
		*cap = ncap;
	}
	(*arr)[(*n)++] = p;
}

void
kb_ctx_init(struct kabar_ctx *ctx, const struct kb_source *src, const struct kabar_option *options,
	    const struct kabar_response *resp, struct kb_buf *out)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->src = src;
	ctx->options = options;
	ctx->resp = resp;
	ctx->out = out;
	ctx->timezone = src && src->timezone ? src->timezone : "UTC";
	ctx->max_items = src && src->max_items > 0 ? src->max_items : DEFAULT_MAX_ITEMS;
	ctx->max_follows = src && src->max_follows > 0 ? src->max_follows : DEFAULT_MAX_FOLLOWS;
}

void *
kb_ctx_keep(struct kabar_ctx *ctx, void *p)
{
	if (p)
		push_ptr(&ctx->allocs, &ctx->n_allocs, &ctx->cap_allocs, p);
	return p;
}

static void
keep_hold(struct kabar_ctx *ctx, void *h)
{
	push_ptr(&ctx->docs, &ctx->n_docs, &ctx->cap_docs, h);
}

void
kb_ctx_release(struct kabar_ctx *ctx)
{
	size_t i;

	/* Query results first: they point into the documents. */
	for (i = 0; i < ctx->n_docs; i++) {
		struct kabar_nodeset *set = ctx->docs[i];

		if (set->kind == HOLD_SET) {
			xmlXPathFreeObject(set->obj);
			free(set);
			ctx->docs[i] = NULL;
		}
	}
	for (i = 0; i < ctx->n_docs; i++) {
		struct kabar_doc *d = ctx->docs[i];

		if (!d)
			continue;
		if (d->xpc)
			xmlXPathFreeContext(d->xpc);
		if (d->xml)
			xmlFreeDoc(d->xml);
		if (d->json)
			json_object_put(d->json);
		free(d);
	}
	free(ctx->docs);
	ctx->docs = NULL;
	ctx->n_docs = ctx->cap_docs = 0;
	for (i = 0; i < ctx->n_allocs; i++)
		free(ctx->allocs[i]);
	free(ctx->allocs);
	ctx->allocs = NULL;
	ctx->n_allocs = ctx->cap_allocs = 0;
}

static const char *
resp_url(const struct kabar_ctx *ctx)
{
	return ctx->resp ? ctx->resp->url : NULL;
}

/* --- strings --- */

/* Cut s to at most max bytes without splitting a UTF-8 sequence. */
static void
truncate_utf8(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	s[max] = '\0';
}

/* Repaired, trimmed copy of at most max bytes of s; NULL when s is NULL
 * or nothing is left. New string. */
static char *
clean_text(const char *s, size_t max)
{
	char *c, *t, *ret;
	size_t n;

	if (!s)
		return NULL;
	/* Read a little past max so that trimming sees what follows. */
	n = strnlen(s, max + 64);
	c = kb_utf8_clean(s, n);
	t = kb_trim(c);
	truncate_utf8(t, max);
	t = kb_trim(t);
	ret = *t ? kb_strdup(t) : NULL;
	free(c);
	return ret;
}

/* Like clean_text, with every run of whitespace made one space. */
static char *
clean_line(const char *s, size_t max)
{
	char *c, *p, *o;
	int space = 0;

	if (!s)
		return NULL;
	c = kb_utf8_clean(s, strnlen(s, max * 2 + 64));
	o = c;
	for (p = c; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = 1;
			continue;
		}
		if (space && o != c)
			*o++ = ' ';
		space = 0;
		*o++ = *p;
	}
	*o = '\0';
	truncate_utf8(c, max);
	p = kb_trim(c);
	o = *p ? kb_strdup(p) : NULL;
	free(c);
	return o;
}

static int
scheme_is(const char *url, const char *scheme)
{
	size_t n = strlen(scheme);

	return kb_strncasecmp(url, scheme, n) == 0 && url[n] == ':';
}

/* ref resolved against the response URL, kept only for http, https and
 * (when the response itself came from a file) file. New string or NULL. */
static char *
clean_url(const struct kabar_ctx *ctx, const char *ref)
{
	char *s, *u;
	const char *base = resp_url(ctx);

	s = clean_text(ref, MAX_URL);
	if (!s)
		return NULL;
	u = kb_url_resolve(base, s);
	free(s);
	if (!u)
		return NULL;
	if (scheme_is(u, "http") || scheme_is(u, "https"))
		return u;
	if (scheme_is(u, "file") && base && scheme_is(base, "file"))
		return u;
	free(u);
	return NULL;
}

static const char *
keep_str(struct kabar_ctx *ctx, char *s)
{
	return kb_ctx_keep(ctx, s);
}

/* --- log --- */

static void
host_vlog(struct kabar_ctx *ctx, int level, const char *fmt, va_list ap)
{
	char buf[MAX_LOG_MSG];
	char *msg;
	int n;

	if (!ctx || !fmt)
		return;
	if (level < KABAR_LOG_ERROR)
		level = KABAR_LOG_ERROR;
	if (level > KABAR_LOG_DEBUG)
		level = KABAR_LOG_DEBUG;
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return;
	msg = kb_utf8_clean(buf, strlen(buf));
	if (!ctx->out || kb_wire_log(ctx->out, level, msg) != 0)
		ctx->failed_output = 1;
	free(msg);
}

static void
host_log(struct kabar_ctx *ctx, enum kabar_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	host_vlog(ctx, (int)level, fmt, ap);
	va_end(ap);
}

/* --- config --- */

static const char *
host_config(struct kabar_ctx *ctx, const char *key)
{
	const struct kabar_option *o;
	const struct kb_source *src;

	if (!ctx || !key)
		return NULL;
	src = ctx->src;
	if (strcmp(key, "url") == 0)
		return src ? src->url : resp_url(ctx);
	if (strcmp(key, "name") == 0)
		return src ? src->name : NULL;
	if (strcmp(key, "region") == 0)
		return src ? src->region : NULL;
	if (strcmp(key, "timezone") == 0)
		return src && src->timezone ? src->timezone : ctx->timezone;
	if (src) {
		const char *v = kb_source_get(src, key);

		if (v)
			return v;
	}
	/* The declared default. The table is the host's copy, but walk it
	 * by each entry's own size as the ABI says. */
	o = ctx->options;
	while (o && o->struct_size != 0) {
		size_t sz = o->struct_size;

		if (sz < offsetof(struct kabar_option, default_value) + sizeof(o->default_value))
			break;
		if (o->name && strcmp(o->name, key) == 0)
			return o->default_value;
		o = (const struct kabar_option *)(const void *)((const char *)o + sz);
	}
	return NULL;
}

/* --- response --- */

static const char *
response_url(const struct kabar_response *r)
{
	return r ? r->url : NULL;
}

static int
response_status(const struct kabar_response *r)
{
	return r ? r->status : 0;
}

static const char *
response_header(const struct kabar_response *r, const char *name)
{
	size_t i;

	if (!r || !name)
		return NULL;
	for (i = 0; i < r->n_headers; i++)
		if (r->headers[i].name && kb_strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

static const char *
response_body(const struct kabar_response *r, size_t *len)
{
	if (!r) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = r->len;
	return r->body ? r->body : "";
}

static const char *
response_tag(const struct kabar_response *r)
{
	return r ? r->tag : NULL;
}

static const char *
response_meta(const struct kabar_response *r, const char *key)
{
	size_t i;

	if (!r || !key)
		return NULL;
	for (i = 0; i < r->n_meta; i++)
		if (r->meta[2 * i] && strcmp(r->meta[2 * i], key) == 0)
			return r->meta[2 * i + 1];
	return NULL;
}

/* --- charsets --- */

/* A charset label as a document or header wrote it, made safe to hand to
 * iconv, with the labels browsers treat as windows-1252 mapped to it.
 * NULL when it is not a plausible label. New string. */
static char *
charset_label(const char *s, size_t n)
{
	char buf[48];
	size_t i, o = 0;

	while (n > 0 && (*s == ' ' || *s == '"' || *s == '\'')) {
		s++;
		n--;
	}
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == ':') {
			if (o + 1 >= sizeof(buf))
				return NULL;
			buf[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
		} else {
			break;
		}
	}
	buf[o] = '\0';
	if (o == 0)
		return NULL;
	if (strcmp(buf, "iso-8859-1") == 0 || strcmp(buf, "iso8859-1") == 0 || strcmp(buf, "latin1") == 0 ||
	    strcmp(buf, "latin-1") == 0 || strcmp(buf, "us-ascii") == 0 || strcmp(buf, "ascii") == 0 ||
	    strcmp(buf, "iso_8859-1") == 0 || strcmp(buf, "l1") == 0 || strcmp(buf, "cp1252") == 0 ||
	    strcmp(buf, "windows-1252") == 0 || strcmp(buf, "x-cp1252") == 0)
		return kb_strdup("WINDOWS-1252");
	if (strcmp(buf, "utf8") == 0 || strcmp(buf, "utf-8") == 0 || strcmp(buf, "unicode-1-1-utf-8") == 0)
		return kb_strdup("UTF-8");
	return kb_strdup(buf);
}

/* The charset parameter of a Content-Type value, or NULL. New string. */
static char *
header_charset(const char *ct)
{
	const char *p;

	if (!ct)
		return NULL;
	for (p = ct; *p; p++) {
		if (kb_strncasecmp(p, "charset", 7) == 0) {
			const char *q = p + 7;

			while (*q == ' ')
				q++;
			if (*q != '=')
				continue;
			q++;
			while (*q == ' ')
				q++;
			return charset_label(q, strlen(q));
		}
	}
	return NULL;
}

/* The encoding of an XML declaration at the start of an ASCII-compatible
 * body, or NULL. New string. */
static char *
xml_decl_charset(const char *body, size_t len)
{
	size_t n = len < 512 ? len : 512, i = 0, end;
	const char *p;

	while (i < n && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
		i++;
	if (n - i < 6 || memcmp(body + i, "<?xml", 5) != 0)
		return NULL;
	for (end = i; end + 1 < n; end++)
		if (body[end] == '?' && body[end + 1] == '>')
			break;
	for (p = body + i; p + 8 < body + end; p++) {
		if (memcmp(p, "encoding", 8) == 0) {
			const char *q = p + 8;

			while (q < body + end && (*q == ' ' || *q == '\t'))
				q++;
			if (q >= body + end || *q != '=')
				return NULL;
			q++;
			while (q < body + end && (*q == ' ' || *q == '\t'))
				q++;
			return charset_label(q, (size_t)(body + end - q));
		}
	}
	return NULL;
}

/* A charset named in an HTML document's first bytes (meta charset or
 * http-equiv), or NULL. New string. */
static char *
html_meta_charset(const char *body, size_t len)
{
	size_t n = len < 4096 ? len : 4096, i;

	for (i = 0; i + 8 < n; i++) {
		if (kb_strncasecmp(body + i, "charset=", 8) == 0)
			return charset_label(body + i + 8, n - i - 8);
	}
	return NULL;
}

/* The byte order mark at the start: sets *skip and returns the encoding. */
static const char *
bom_charset(const unsigned char *p, size_t n, size_t *skip)
{
	*skip = 0;
	if (n >= 4 && p[0] == 0xff && p[1] == 0xfe && p[2] == 0 && p[3] == 0) {
		*skip = 4;
		return "UTF-32LE";
	}
	if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xfe && p[3] == 0xff) {
		*skip = 4;
		return "UTF-32BE";
	}
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		*skip = 3;
		return "UTF-8";
	}
	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe) {
		*skip = 2;
		return "UTF-16LE";
	}
	if (n >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		*skip = 2;
		return "UTF-16BE";
	}
	return NULL;
}

/* UTF-16 or UTF-32 without a BOM, recognised by a leading '<' (XML
 * appendix F). */
static const char *
sniff_wide(const unsigned char *p, size_t n)
{
	if (n >= 4 && p[0] == '<' && p[1] == 0 && p[2] == 0 && p[3] == 0)
		return "UTF-32LE";
	if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == '<')
		return "UTF-32BE";
	if (n >= 2 && p[0] == '<' && p[1] == 0)
		return "UTF-16LE";
	if (n >= 2 && p[0] == 0 && p[1] == '<')
		return "UTF-16BE";
	return NULL;
}

/* Count valid multi-byte UTF-8 sequences and invalid bytes. */
static void
utf8_census(const unsigned char *p, size_t n, size_t *good, size_t *bad)
{
	size_t i = 0, k, need;

	*good = *bad = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			need = 1;
		else if (p[i] >= 0xe0 && p[i] <= 0xef)
			need = 2;
		else if (p[i] >= 0xf0 && p[i] <= 0xf4)
			need = 3;
		else
			need = 0;
		for (k = 1; k <= need; k++)
			if (i + k >= n || (p[i + k] & 0xc0) != 0x80)
				break;
		if (need == 0 || k <= need) {
			(*bad)++;
			i++;
			continue;
		}
		(*good)++;
		i += need + 1;
	}
}

/* n bytes of p (which may hold NULs) and a terminating NUL. New. */
static char *
memdup0(const char *p, size_t n)
{
	char *s = kb_malloc(n + 1);

	if (n > 0)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Convert n bytes in charset cs to UTF-8. NULL when the charset is
 * unknown or the bytes are not valid in it. New string, *outlen set. */
static char *
iconv_to_utf8(const char *in, size_t n, const char *cs, size_t *outlen)
{
	iconv_t cd;
	char *out, *ip, *op;
	size_t cap, il, ol;

	if (strcmp(cs, "UTF-8") == 0) {
		if (!kb_utf8_valid(in, n))
			return NULL;
		*outlen = n;
		return memdup0(in, n);
	}
	cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return NULL;
	cap = n * 4 + 16;
	out = kb_malloc(cap);
	ip = (char *)(uintptr_t)in;
	il = n;
	op = out;
	ol = cap - 1;
	/* EINVAL: an incomplete sequence at the very end (a cut body, an
	 * odd byte of UTF-16): keep what came before it. */
	if ((iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && errno != EINVAL) ||
	    iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1) {
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return out;
}

/* Whether kb_utf8_clean would change s: invalid UTF-8, NUL, C0 controls
 * other than tab, newline and carriage return, DEL, C1 controls. */
static int
needs_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') || p[i] == 0x7f)
			return 1;
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			return 1;
	}
	return !kb_utf8_valid(s, n);
}

/* Decode a document body to clean UTF-8 (no BOM, no control
 * characters), trying in order: the BOM, a UTF-16/32 signature, the HTTP
 * charset, the document's own declaration (doc_cs), UTF-8, windows-1252
 * and ISO-8859-1 (which cannot fail). A declared charset that does not
 * fit the bytes is logged and the next one tried. One exception to the
 * order of RFC 7303: a body of valid non-ASCII UTF-8 served as
 * ISO-8859-1/windows-1252 is read as UTF-8 (servers default the header;
 * Latin-1 text is practically never valid UTF-8). Returns a new string. */
static char *
decode_body(struct kabar_ctx *ctx, const char *body, size_t len, char *hdr_cs,
	    char *(*doc_charset)(const char *, size_t), size_t *outlen)
{
	const char *cands[8], *why[8];
	char *doc_cs = NULL, *conv = NULL, *clean;
	const char *bom, *wide;
	size_t skip, nc = 0, i, good, bad, clen = 0;

	bom = bom_charset((const unsigned char *)body, len, &skip);
	body += skip;
	len -= skip;
	wide = bom ? NULL : sniff_wide((const unsigned char *)body, len);
	utf8_census((const unsigned char *)body, len, &good, &bad);
	if (bom) {
		why[nc] = "byte order mark";
		cands[nc++] = bom;
	}
	if (wide) {
		why[nc] = "document signature";
		cands[nc++] = wide;
	}
	if (!wide && doc_charset)
		doc_cs = doc_charset(body, len);
	if (hdr_cs && !(strcmp(hdr_cs, "WINDOWS-1252") == 0 && bad == 0 && good > 0 &&
			(!doc_cs || strcmp(doc_cs, "UTF-8") == 0))) {
		why[nc] = "http header";
		cands[nc++] = hdr_cs;
	}
	if (doc_cs) {
		why[nc] = "document";
		cands[nc++] = doc_cs;
	}
	why[nc] = NULL;
	cands[nc++] = "UTF-8";
	why[nc] = NULL;
	cands[nc++] = "WINDOWS-1252";
	why[nc] = NULL;
	cands[nc++] = "ISO-8859-1";
	for (i = 0; i < nc; i++) {
		/* UTF-16/32 labels without a byte order: trust the signature
		 * or assume little-endian is wrong; let iconv read a BOM. */
		conv = iconv_to_utf8(body, len, cands[i], &clen);
		if (!conv && strcmp(cands[i], "UTF-8") == 0 && (good > bad || (bom && i == 0))) {
			/* Mostly UTF-8 with a few broken bytes, or UTF-8 by
			 * its BOM: repair the bytes rather than misread
			 * everything. */
			conv = memdup0(body, len);
			clen = len;
		}
		if (conv)
			break;
		if (why[i])
			host_log(ctx, KABAR_LOG_WARNING,
				 "cannot decode body as %s (from the %s): not valid in that charset", cands[i], why[i]);
	}
	free(doc_cs);
	if (!conv) {
		*outlen = 0;
		return kb_strdup("");
	}
	/* A BOM the charset conversion left in. */
	skip = clen >= 3 && memcmp(conv, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	if (skip == 0 && !needs_clean(conv, clen)) {
		*outlen = clen;
		return conv;
	}
	clean = kb_utf8_clean(conv + skip, clen - skip);
	free(conv);
	*outlen = strlen(clean);
	return clean;
}

/* --- XML --- */

static int
xml_char_ok(unsigned long c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
	       (c >= 0x10000 && c <= 0x10ffff);
}

/* windows-1252 meanings of C1 code points, as HTML reads &#128;..&#159;. */
static const unsigned short cp1252_c1[32] = { 0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
					      0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
					      0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
					      0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178 };

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* One reference starting at s[0] == '&'. Writes its replacement and
 * returns how many input bytes it used. */
static size_t
fix_reference(struct kb_buf *b, const char *s, size_t n)
{
	size_t i = 1;

	if (i < n && s[i] == '#') {
		int hex = 0;
		unsigned long v = 0;
		size_t digits = 0;

		i++;
		if (i < n && (s[i] == 'x' || s[i] == 'X')) {
			hex = 1;
			i++;
		}
		while (i < n && digits < 10) {
			char c = s[i];
			int d;

			if (is_digit(c))
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + (unsigned long)d;
			digits++;
			i++;
		}
		if (digits == 0 || i >= n || s[i] != ';') {
			kb_buf_addstr(b, "&amp;");
			return 1;
		}
		if (v >= 0x80 && v <= 0x9f)
			v = cp1252_c1[v - 0x80];
		if (!xml_char_ok(v) || digits == 10)
			v = 0xfffd;
		kb_buf_printf(b, "&#%lu;", v);
		return i + 1;
	}
	if (i < n && is_alpha(s[i])) {
		char name[40];
		size_t k = 0;
		const htmlEntityDesc *e;

		while (i < n && (is_alpha(s[i]) || is_digit(s[i])) && k + 1 < sizeof(name))
			name[k++] = s[i++];
		name[k] = '\0';
		if (i >= n || s[i] != ';') {
			kb_buf_addstr(b, "&amp;");
			return 1;
		}
		if (strcmp(name, "amp") == 0 || strcmp(name, "lt") == 0 || strcmp(name, "gt") == 0 ||
		    strcmp(name, "quot") == 0 || strcmp(name, "apos") == 0) {
			kb_buf_add(b, s, i + 1);
			return i + 1;
		}
		e = htmlEntityLookup((const xmlChar *)name);
		if (e) {
			kb_buf_printf(b, "&#%u;", e->value);
			return i + 1;
		}
		/* Unknown: keep the text as written. */
		kb_buf_addstr(b, "&amp;");
		return 1;
	}
	kb_buf_addstr(b, "&amp;");
	return 1;
}

/* Copy from s up to and including the terminator; all of s when it is
 * missing. Returns the bytes used. */
static size_t
copy_until(struct kb_buf *b, const char *s, size_t n, size_t from, const char *end)
{
	size_t el = strlen(end), i;

	for (i = from; i + el <= n; i++) {
		if (memcmp(s + i, end, el) == 0) {
			kb_buf_add(b, s, i + el);
			return i + el;
		}
	}
	kb_buf_add(b, s, n);
	return n;
}

/* The length of a DOCTYPE declaration with its internal subset. */
static size_t
doctype_len(const char *s, size_t n)
{
	size_t i;
	int depth = 0;
	char quote = 0;

	for (i = 9; i < n; i++) {
		char c = s[i];

		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '[') {
			depth++;
		} else if (c == ']') {
			if (depth > 0)
				depth--;
		} else if (c == '>' && depth == 0) {
			return i + 1;
		}
	}
	return n;
}

/* Prepare decoded XML for libxml2: drop the DOCTYPE (no DTD, no entity
 * declarations: nothing to expand or load), turn HTML named entities into
 * character references, make stray '&' and unknown references literal
 * text, map invalid character references to U+FFFD. CDATA sections,
 * comments and processing instructions are copied as they are. */
static char *
xml_prepass(const char *s, size_t n, size_t *outlen)
{
	struct kb_buf b;
	size_t i = 0;

	kb_buf_init(&b, n * 5 + 64);
	while (i < n) {
		size_t j = i;

		while (j < n && s[j] != '<' && s[j] != '&')
			j++;
		kb_buf_add(&b, s + i, j - i);
		i = j;
		if (i >= n)
			break;
		if (s[i] == '&') {
			i += fix_reference(&b, s + i, n - i);
		} else if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
			i += copy_until(&b, s + i, n - i, 9, "]]>");
		} else if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			i += copy_until(&b, s + i, n - i, 4, "-->");
		} else if (n - i >= 2 && s[i + 1] == '?') {
			i += copy_until(&b, s + i, n - i, 2, "?>");
		} else if (n - i >= 9 && kb_strncasecmp(s + i, "<!DOCTYPE", 9) == 0) {
			i += doctype_len(s + i, n - i);
		} else {
			kb_buf_addc(&b, '<');
			i++;
		}
	}
	return kb_buf_detach(&b, outlen);
}

struct parse_err {
	char msg[512];
	int line;
	int n;
};

static void
parse_err_cb(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr pc = data;
	struct parse_err *pe = pc ? pc->_private : NULL;

	if (!pe || !e)
		return;
	if (pe->n++ == 0 && e->message) {
		char *t;

		snprintf(pe->msg, sizeof(pe->msg), "%s", e->message);
		t = pe->msg + strlen(pe->msg);
		while (t > pe->msg && (t[-1] == '\n' || t[-1] == ' '))
			*--t = '\0';
		pe->line = e->line;
	}
}

static struct kabar_doc *
new_doc(struct kabar_ctx *ctx, int kind)
{
	struct kabar_doc *d = kb_calloc(1, sizeof(*d));

	d->kind = kind;
	keep_hold(ctx, d);
	return d;
}

static int
body_ok(struct kabar_ctx *ctx, const struct kabar_response *resp, const char *what)
{
	if (!resp) {
		host_log(ctx, KABAR_LOG_ERROR, "cannot parse %s: no response", what);
		return 0;
	}
	if (resp->len > MAX_DOC_BODY) {
		host_log(ctx, KABAR_LOG_WARNING, "cannot parse %s: body of %zu bytes is over the %zu byte limit", what,
			 resp->len, MAX_DOC_BODY);
		return 0;
	}
	return 1;
}

static struct kabar_doc *
host_parse_xml(struct kabar_ctx *ctx, const struct kabar_response *resp)
{
	xmlParserCtxtPtr pc = NULL;
	xmlDocPtr doc = NULL;
	struct parse_err pe;
	char *hcs = NULL, *text = NULL, *prep = NULL;
	size_t tlen, plen;
	struct kabar_doc *d = NULL;

	if (!ctx || !body_ok(ctx, resp, "xml"))
		return NULL;
	hcs = header_charset(response_header(resp, "Content-Type"));
	text = decode_body(ctx, resp->body ? resp->body : "", resp->body ? resp->len : 0, hcs, xml_decl_charset, &tlen);
	prep = xml_prepass(text, tlen, &plen);
	if (plen > INT_MAX) {
		host_log(ctx, KABAR_LOG_WARNING, "cannot parse xml: document too large");
		goto out;
	}
	memset(&pe, 0, sizeof(pe));
	pc = xmlNewParserCtxt();
	if (!pc) {
		host_log(ctx, KABAR_LOG_ERROR, "cannot parse xml: out of memory");
		goto out;
	}
	pc->_private = &pe;
	pc->sax->serror = parse_err_cb;
	doc = xmlCtxtReadMemory(pc, prep, (int)plen, resp->url, "UTF-8",
				XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC);
	if (doc && !xmlDocGetRootElement(doc)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (!doc) {
		host_log(ctx, KABAR_LOG_WARNING, "cannot parse xml: %s%s", pe.n ? "" : "no root element",
			 pe.n ? pe.msg : "");
		goto out;
	}
	if (pe.n)
		host_log(ctx, KABAR_LOG_WARNING, "recovered from malformed xml: %s (line %d)", pe.msg, pe.line);
	d = new_doc(ctx, HOLD_XML);
	d->xml = doc;
out:
	if (pc)
		xmlFreeParserCtxt(pc);
	free(hcs);
	free(text);
	free(prep);
	return d;
}

/* Parse UTF-8 HTML (never fails short of memory). */
static struct kabar_doc *
html_from_utf8(struct kabar_ctx *ctx, const char *s, size_t len, const char *url)
{
	htmlParserCtxtPtr pc;
	xmlDocPtr doc;
	struct parse_err pe;
	struct kabar_doc *d;

	if (len > INT_MAX)
		return NULL;
	memset(&pe, 0, sizeof(pe));
	pc = htmlNewParserCtxt();
	if (!pc) {
		host_log(ctx, KABAR_LOG_ERROR, "cannot parse html: out of memory");
		return NULL;
	}
	pc->_private = &pe;
	pc->sax->serror = parse_err_cb;
	doc = htmlCtxtReadMemory(pc, len ? s : " ", len ? (int)len : 1, url, "UTF-8",
				 HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					 HTML_PARSE_IGNORE_ENC);
	htmlFreeParserCtxt(pc);
	if (!doc) {
		host_log(ctx, KABAR_LOG_WARNING, "cannot parse html: %s", pe.n ? pe.msg : "empty document");
		return NULL;
	}
	d = new_doc(ctx, HOLD_HTML);
	d->xml = doc;
	return d;
}

static struct kabar_doc *
host_parse_html(struct kabar_ctx *ctx, const struct kabar_response *resp)
{
	char *hcs, *text;
	size_t tlen;
	struct kabar_doc *d;

	if (!ctx || !body_ok(ctx, resp, "html"))
		return NULL;
	hcs = header_charset(response_header(resp, "Content-Type"));
	text = decode_body(ctx, resp->body ? resp->body : "", resp->body ? resp->len : 0, hcs, html_meta_charset,
			   &tlen);
	d = html_from_utf8(ctx, text, tlen, resp->url);
	free(hcs);
	free(text);
	return d;
}

static struct kabar_doc *
host_parse_html_string(struct kabar_ctx *ctx, const char *s, size_t len)
{
	char *clean;
	struct kabar_doc *d;

	if (!ctx || !s)
		return NULL;
	if (len > MAX_DOC_BODY) {
		host_log(ctx, KABAR_LOG_WARNING, "cannot parse html string: %zu bytes is over the limit", len);
		return NULL;
	}
	clean = kb_utf8_clean(s, len);
	d = html_from_utf8(ctx, clean, strlen(clean), resp_url(ctx));
	free(clean);
	return d;
}

static struct kabar_doc *
host_parse_json(struct kabar_ctx *ctx, const struct kabar_response *resp)
{
	struct json_tokener *tok;
	struct json_object *obj;
	enum json_tokener_error jerr;
	char *text;
	size_t tlen, off;
	struct kabar_doc *d;

	if (!ctx || !body_ok(ctx, resp, "json"))
		return NULL;
	/* JSON is UTF-8 (RFC 8259); a BOM may say UTF-16 or UTF-32. Broken
	 * bytes are repaired, never read as another charset. */
	{
		const char *body = resp->body ? resp->body : "";
		size_t skip, blen = resp->body ? resp->len : 0;
		const char *cs = bom_charset((const unsigned char *)body, blen, &skip);

		if (cs && strcmp(cs, "UTF-8") != 0) {
			char *conv = iconv_to_utf8(body + skip, blen - skip, cs, &tlen);

			if (!conv) {
				host_log(ctx, KABAR_LOG_WARNING, "cannot parse json: body is not valid %s", cs);
				return NULL;
			}
			text = kb_utf8_clean(conv, tlen);
			free(conv);
		} else {
			text = kb_utf8_clean(body + skip, blen - skip);
		}
		tlen = strlen(text);
	}
	tok = json_tokener_new_ex(MAX_JSON_DEPTH);
	if (!tok) {
		free(text);
		host_log(ctx, KABAR_LOG_ERROR, "cannot parse json: out of memory");
		return NULL;
	}
	/* The terminating NUL goes in too: it ends a number at the end. */
	obj = json_tokener_parse_ex(tok, text, (int)tlen + 1);
	jerr = json_tokener_get_error(tok);
	off = json_tokener_get_parse_end(tok);
	if (jerr != json_tokener_success) {
		host_log(ctx, KABAR_LOG_WARNING, "cannot parse json: %s at byte %zu", json_tokener_error_desc(jerr),
			 off);
		json_object_put(obj);
		json_tokener_free(tok);
		free(text);
		return NULL;
	}
	while (off < tlen && (text[off] == ' ' || text[off] == '\n' || text[off] == '\r' || text[off] == '\t'))
		off++;
	if (off < tlen)
		host_log(ctx, KABAR_LOG_WARNING, "ignored %zu bytes after the json value", tlen - off);
	json_tokener_free(tok);
	free(text);
	d = new_doc(ctx, HOLD_JSON);
	d->json = obj; /* NULL for a document that is just null */
	return d;
}

/* --- XML and HTML documents --- */

static xmlNodePtr
as_node(struct kabar_node *n)
{
	xmlNodePtr x = (xmlNodePtr)(void *)n;

	if (!x || x->type == XML_NAMESPACE_DECL)
		return NULL;
	return x;
}

static struct kabar_node *
to_node(xmlNodePtr n)
{
	return (struct kabar_node *)(void *)n;
}

static struct kabar_node *
doc_root(struct kabar_doc *doc)
{
	if (!doc || !doc->xml)
		return NULL;
	return to_node(xmlDocGetRootElement(doc->xml));
}

static void
xpath_err_cb(void *data, xmlErrorPtr e)
{
	struct kabar_doc *d = data;

	if (d && e && e->message && !d->xpath_err[0]) {
		char *t;

		snprintf(d->xpath_err, sizeof(d->xpath_err), "%s", e->message);
		t = d->xpath_err + strlen(d->xpath_err);
		while (t > d->xpath_err && (t[-1] == '\n' || t[-1] == ' '))
			*--t = '\0';
	}
}

/* Evaluate expr; NULL (logged) on a bad expression. The caller frees the
 * result with xmlXPathFreeObject. */
static xmlXPathObjectPtr
eval_xpath(struct kabar_ctx *ctx, struct kabar_doc *doc, struct kabar_node *node, const char *expr)
{
	xmlXPathObjectPtr obj;
	xmlNodePtr at;
	size_t i;

	if (!ctx || !doc || !expr)
		return NULL;
	if (!doc->xml) {
		host_log(ctx, KABAR_LOG_ERROR, "xpath %s: not an xml or html document", expr);
		return NULL;
	}
	if (!doc->xpc) {
		doc->xpc = xmlXPathNewContext(doc->xml);
		if (!doc->xpc) {
			host_log(ctx, KABAR_LOG_ERROR, "xpath %s: out of memory", expr);
			return NULL;
		}
		for (i = 0; i < KB_ARRAY_LEN(xpath_ns); i++)
			xmlXPathRegisterNs(doc->xpc, (const xmlChar *)xpath_ns[i].prefix,
					   (const xmlChar *)xpath_ns[i].uri);
		doc->xpc->error = xpath_err_cb;
		doc->xpc->userData = doc;
		doc->xpc->opLimit = MAX_XPATH_OPS;
	}
	at = as_node(node);
	if (node && !at) {
		host_log(ctx, KABAR_LOG_ERROR, "xpath %s: context node is not an element", expr);
		return NULL;
	}
	doc->xpc->node = at ? at : (xmlNodePtr)doc->xml;
	doc->xpc->opCount = 0;
	doc->xpath_err[0] = '\0';
	obj = xmlXPathEvalExpression((const xmlChar *)expr, doc->xpc);
	if (!obj) {
		host_log(ctx, KABAR_LOG_ERROR, "bad xpath expression %s: %s", expr,
			 doc->xpath_err[0] ? doc->xpath_err : "evaluation failed");
		return NULL;
	}
	return obj;
}

static struct kabar_nodeset *
host_xpath(struct kabar_ctx *ctx, struct kabar_doc *doc, struct kabar_node *node, const char *expr)
{
	xmlXPathObjectPtr obj = eval_xpath(ctx, doc, node, expr);
	struct kabar_nodeset *set;

	if (!obj)
		return NULL;
	set = kb_calloc(1, sizeof(*set));
	set->kind = HOLD_SET;
	set->obj = obj;
	keep_hold(ctx, set);
	return set;
}

static size_t
nodeset_count(const struct kabar_nodeset *set)
{
	if (!set || !set->obj || set->obj->type != XPATH_NODESET || !set->obj->nodesetval)
		return 0;
	return (size_t)set->obj->nodesetval->nodeNr;
}

static struct kabar_node *
nodeset_item(const struct kabar_nodeset *set, size_t i)
{
	if (i >= nodeset_count(set))
		return NULL;
	return to_node(set->obj->nodesetval->nodeTab[i]);
}

static const char *
host_xpath_string(struct kabar_ctx *ctx, struct kabar_doc *doc, struct kabar_node *node, const char *expr)
{
	xmlXPathObjectPtr obj = eval_xpath(ctx, doc, node, expr);
	xmlChar *s;
	char *c;

	if (!obj)
		return NULL;
	s = xmlXPathCastToString(obj);
	xmlXPathFreeObject(obj);
	if (!s)
		return "";
	c = clean_text((const char *)s, MAX_CONTENT * 4);
	xmlFree(s);
	return c ? keep_str(ctx, c) : "";
}

static struct kabar_node *
element_from(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return to_node(n);
}

static struct kabar_node *
node_first_child(struct kabar_node *node)
{
	xmlNodePtr n = as_node(node);

	if (!n || (n->type != XML_ELEMENT_NODE && n->type != XML_DOCUMENT_NODE && n->type != XML_HTML_DOCUMENT_NODE))
		return NULL;
	return element_from(n->children);
}

static struct kabar_node *
node_next(struct kabar_node *node)
{
	xmlNodePtr n = as_node(node);

	if (!n || n->type == XML_ATTRIBUTE_NODE)
		return NULL;
	return element_from(n->next);
}

static const char *
node_name(struct kabar_node *node)
{
	xmlNodePtr n = (xmlNodePtr)(void *)node;

	if (!n)
		return NULL;
	if (n->type == XML_NAMESPACE_DECL) {
		xmlNsPtr ns = (xmlNsPtr)(void *)node;

		return ns->prefix ? (const char *)ns->prefix : "";
	}
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return "#text";
	return n->name ? (const char *)n->name : "";
}

static const char *
node_ns(struct kabar_node *node)
{
	xmlNodePtr n = as_node(node);

	if (!n || (n->type != XML_ELEMENT_NODE && n->type != XML_ATTRIBUTE_NODE) || !n->ns)
		return NULL;
	return n->ns->href ? (const char *)n->ns->href : NULL;
}

static const char *
node_attr(struct kabar_ctx *ctx, struct kabar_node *node, const char *name)
{
	xmlNodePtr n = as_node(node);
	xmlAttrPtr a, found = NULL;
	xmlChar *v;
	char *c;

	if (!ctx || !n || !name || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (a = n->properties; a; a = a->next) {
		if (!a->name || strcmp((const char *)a->name, name) != 0)
			continue;
		if (!a->ns) {
			found = a;
			break;
		}
		if (!found)
			found = a;
	}
	if (!found)
		return NULL;
	v = xmlNodeListGetString(n->doc, found->children, 1);
	c = kb_utf8_clean(v ? (const char *)v : "", v ? strlen((const char *)v) : 0);
	xmlFree(v);
	return keep_str(ctx, c);
}

static const char *
node_text(struct kabar_ctx *ctx, struct kabar_node *node)
{
	xmlNodePtr n;
	xmlChar *v;
	char *c;

	if (!ctx || !node)
		return NULL;
	n = as_node(node);
	if (!n) {
		xmlNsPtr ns = (xmlNsPtr)(void *)node;

		return ns->href ? keep_str(ctx, kb_strdup((const char *)ns->href)) : "";
	}
	v = xmlNodeGetContent(n);
	if (!v)
		return "";
	c = kb_utf8_clean((const char *)v, strlen((const char *)v));
	xmlFree(v);
	return keep_str(ctx, c);
}

static const char *const void_html[] = { "area", "base", "br",	  "col",    "embed", "hr",  "img", "input",
					 "link", "meta", "param", "source", "track", "wbr", NULL };

static void
put_esc(struct kb_buf *b, const char *s, int attr)
{
	for (; *s; s++) {
		if (*s == '&')
			kb_buf_addstr(b, "&amp;");
		else if (*s == '<')
			kb_buf_addstr(b, "&lt;");
		else if (*s == '>')
			kb_buf_addstr(b, "&gt;");
		else if (*s == '"' && attr)
			kb_buf_addstr(b, "&quot;");
		else
			kb_buf_addc(b, *s);
	}
}

/* The qualified name to write: XHTML elements lose their prefix. */
static void
put_qname(struct kb_buf *b, xmlNsPtr ns, const xmlChar *name)
{
	if (ns && ns->prefix && !(ns->href && strcmp((const char *)ns->href, XHTML_NS) == 0)) {
		kb_buf_addstr(b, (const char *)ns->prefix);
		kb_buf_addc(b, ':');
	}
	kb_buf_addstr(b, (const char *)name);
}

/* Serialize a node as HTML: no namespace declarations, XHTML without
 * prefixes, void elements without end tags, comments dropped. */
static void
serialize_html(struct kb_buf *b, xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	xmlAttrPtr a;
	int is_void = 0;
	size_t i;

	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content)
			put_esc(b, (const char *)n->content, 0);
		return;
	case XML_ENTITY_REF_NODE: {
		xmlChar *t = xmlNodeGetContent(n);

		if (t)
			put_esc(b, (const char *)t, 0);
		xmlFree(t);
		return;
	}
	case XML_ELEMENT_NODE:
		break;
	default:
		return;
	}
	if (depth > MAX_SERIALIZE_DEPTH || !n->name)
		return;
	kb_buf_addc(b, '<');
	put_qname(b, n->ns, n->name);
	for (a = n->properties; a; a = a->next) {
		xmlChar *v;

		if (!a->name)
			continue;
		kb_buf_addc(b, ' ');
		if (a->ns && a->ns->prefix && strcmp((const char *)a->ns->prefix, "xml") == 0)
			kb_buf_addstr(b, "xml:");
		else if (a->ns && a->ns->prefix && !(a->ns->href && strcmp((const char *)a->ns->href, XHTML_NS) == 0)) {
			kb_buf_addstr(b, (const char *)a->ns->prefix);
			kb_buf_addc(b, ':');
		}
		kb_buf_addstr(b, (const char *)a->name);
		kb_buf_addstr(b, "=\"");
		v = xmlNodeListGetString(n->doc, a->children, 1);
		if (v)
			put_esc(b, (const char *)v, 1);
		xmlFree(v);
		kb_buf_addc(b, '"');
	}
	kb_buf_addc(b, '>');
	if (!n->ns || (n->ns->href && strcmp((const char *)n->ns->href, XHTML_NS) == 0)) {
		for (i = 0; void_html[i]; i++)
			if (kb_strcasecmp(void_html[i], (const char *)n->name) == 0)
				is_void = 1;
	}
	if (is_void && !n->children)
		return;
	for (c = n->children; c; c = c->next)
		serialize_html(b, c, depth + 1);
	kb_buf_addstr(b, "</");
	put_qname(b, n->ns, n->name);
	kb_buf_addc(b, '>');
}

static const char *
node_inner_xml(struct kabar_ctx *ctx, struct kabar_node *node)
{
	xmlNodePtr n = as_node(node), c;
	struct kb_buf b;
	char *s;

	if (!ctx || !n)
		return NULL;
	kb_buf_init(&b, MAX_DOC_BODY * 2);
	if (n->type == XML_ELEMENT_NODE) {
		for (c = n->children; c; c = c->next)
			serialize_html(&b, c, 0);
	} else if (n->type == XML_ATTRIBUTE_NODE) {
		xmlChar *v = xmlNodeGetContent(n);

		if (v)
			put_esc(&b, (const char *)v, 0);
		xmlFree(v);
	} else if (n->content) {
		put_esc(&b, (const char *)n->content, 0);
	}
	s = kb_buf_detach(&b, NULL);
	return keep_str(ctx, s);
}

static const char *
node_base(struct kabar_ctx *ctx, struct kabar_node *node)
{
	xmlNodePtr n = as_node(node);
	xmlChar *base = NULL;
	char *u;

	if (!ctx)
		return NULL;
	if (n && n->doc)
		base = xmlNodeGetBase(n->doc, n);
	if (!base)
		return resp_url(ctx);
	u = kb_url_resolve(resp_url(ctx), (const char *)base);
	xmlFree(base);
	if (!u)
		return resp_url(ctx);
	return keep_str(ctx, u);
}

/* --- JSON --- */

static struct json_object *
as_json(const struct kabar_json *v)
{
	return (struct json_object *)(uintptr_t)(const void *)v;
}

static struct kabar_json *
json_root(struct kabar_doc *doc)
{
	if (!doc || doc->kind != HOLD_JSON)
		return NULL;
	return (struct kabar_json *)(void *)doc->json;
}

static int
host_json_type(const struct kabar_json *v)
{
	struct json_object *o = as_json(v);

	switch (json_object_get_type(o)) {
	case json_type_boolean:
		return 1;
	case json_type_double:
	case json_type_int:
		return 2;
	case json_type_string:
		return 3;
	case json_type_array:
		return 4;
	case json_type_object:
		return 5;
	default:
		return 0;
	}
}

static struct kabar_json *
host_json_get(struct kabar_json *obj, const char *key)
{
	struct json_object *o = as_json(obj), *v = NULL;

	if (!o || !key || !json_object_is_type(o, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return (struct kabar_json *)(void *)v;
}

static size_t
host_json_length(const struct kabar_json *arr)
{
	struct json_object *o = as_json(arr);

	if (!o || !json_object_is_type(o, json_type_array))
		return 0;
	return json_object_array_length(o);
}

static struct kabar_json *
host_json_at(struct kabar_json *arr, size_t i)
{
	struct json_object *o = as_json(arr);

	if (i >= host_json_length(arr))
		return NULL;
	return (struct kabar_json *)(void *)json_object_array_get_idx(o, i);
}

static const char *
host_json_string(struct kabar_ctx *ctx, struct kabar_json *v)
{
	struct json_object *o = as_json(v);
	const char *s;
	size_t n;

	if (!ctx || !o)
		return NULL;
	switch (json_object_get_type(o)) {
	case json_type_string:
		s = json_object_get_string(o);
		n = (size_t)json_object_get_string_len(o);
		break;
	case json_type_boolean:
		return json_object_get_boolean(o) ? "true" : "false";
	case json_type_int:
		return keep_str(ctx, kb_asprintf("%lld", (long long)json_object_get_int64(o)));
	case json_type_double:
		s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
		n = s ? strlen(s) : 0;
		break;
	default:
		return NULL;
	}
	if (!s)
		return NULL;
	return keep_str(ctx, kb_utf8_clean(s, n));
}

static int64_t
host_json_int(const struct kabar_json *v, int64_t fallback)
{
	struct json_object *o = as_json(v);

	switch (json_object_get_type(o)) {
	case json_type_int:
		return json_object_get_int64(o);
	case json_type_double: {
		double d = json_object_get_double(o);

		if (!isfinite(d) || d < -9.2e18 || d > 9.2e18)
			return fallback;
		return (int64_t)d;
	}
	case json_type_boolean:
		return json_object_get_boolean(o) ? 1 : 0;
	case json_type_string: {
		const char *s = json_object_get_string(o);
		char *end;
		long long x;

		if (!s)
			return fallback;
		while (*s == ' ')
			s++;
		errno = 0;
		x = strtoll(s, &end, 10);
		if (end == s || errno != 0)
			return fallback;
		while (*end == ' ')
			end++;
		return *end ? fallback : (int64_t)x;
	}
	default:
		return fallback;
	}
}

/* --- helpers --- */

static const char *
host_resolve_url(struct kabar_ctx *ctx, const char *base, const char *ref)
{
	char *u;

	if (!ctx || !ref)
		return NULL;
	u = kb_url_resolve(base ? base : resp_url(ctx), ref);
	return u ? keep_str(ctx, u) : NULL;
}

static int
host_parse_date(struct kabar_ctx *ctx, const char *s, int64_t *utc, int *offset)
{
	int64_t u;
	int off;

	if (!s)
		return -1;
	if (kb_date_parse(s, ctx ? ctx->timezone : NULL, &u, &off) != 0)
		return -1;
	if (utc)
		*utc = u;
	if (offset)
		*offset = off;
	return 0;
}

static const char *
host_html_to_text(struct kabar_ctx *ctx, const char *html)
{
	if (!ctx || !html)
		return NULL;
	return keep_str(ctx, kb_html_to_text(html, strnlen(html, MAX_DOC_BODY)));
}

/* --- results --- */

/* Copy a plugin struct that starts with struct_size into a zeroed host
 * struct of size host_size. */
static void
copy_sized(void *dst, size_t host_size, const void *src)
{
	size_t n;

	memset(dst, 0, host_size);
	if (!src)
		return;
	memcpy(&n, src, sizeof(n));
	if (n < sizeof(size_t))
		return;
	memcpy(dst, src, n < host_size ? n : host_size);
}

static int
valid_offset(int off)
{
	return off > -24 * 60 && off < 24 * 60;
}

static void
copy_authors(const struct kabar_ctx *ctx, const struct kabar_author *const *in, size_t n, struct kb_author **out,
	     size_t *n_out)
{
	size_t i, k = 0;

	*out = NULL;
	*n_out = 0;
	if (!in || n == 0)
		return;
	if (n > MAX_AUTHORS)
		n = MAX_AUTHORS;
	*out = kb_calloc(n, sizeof(**out));
	for (i = 0; i < n; i++) {
		struct kabar_author a;
		struct kb_author *o = &(*out)[k];

		if (!in[i])
			continue;
		copy_sized(&a, sizeof(a), in[i]);
		o->name = clean_line(a.name, MAX_SHORT);
		o->email = clean_line(a.email, MAX_SHORT);
		o->url = clean_url(ctx, a.url);
		if (o->name || o->email || o->url)
			k++;
	}
	*n_out = k;
	if (k == 0) {
		free(*out);
		*out = NULL;
	}
}

static char *
clean_lang(const char *s)
{
	char *l = clean_text(s, 35);
	size_t i;

	if (!l)
		return NULL;
	for (i = 0; l[i]; i++) {
		char c = l[i];

		if (c == '_')
			l[i] = '-';
		else if (!is_alpha(c) && !is_digit(c) && c != '-') {
			free(l);
			return NULL;
		}
	}
	return l;
}

/* Sanitize HTML and keep the result within max bytes, cutting the input
 * further when sanitizing made it grow. New string or NULL when empty. */
static char *
sanitize_bounded(const char *html, const char *base, size_t max)
{
	size_t in = strnlen(html, max + 1), tries;
	char *out = NULL;

	for (tries = 0; tries < 4; tries++) {
		char *cut = kb_strndup(html, in);
		size_t olen;

		truncate_utf8(cut, in);
		out = kb_sanitize_html(cut, strlen(cut), base);
		free(cut);
		olen = strlen(out);
		if (olen <= max)
			break;
		free(out);
		out = NULL;
		in = in / 2;
	}
	if (out && !*kb_trim(out)) {
		free(out);
		out = NULL;
	}
	return out;
}

int
kb_item_from_plugin(struct kabar_ctx *ctx, const struct kabar_item *pi, struct kb_item *it)
{
	struct kabar_item p;
	const char *base = resp_url(ctx);
	size_t i;

	memset(it, 0, sizeof(*it));
	it->published = KB_NO_TIME;
	it->updated = KB_NO_TIME;
	if (!pi) {
		host_log(ctx, KABAR_LOG_WARNING, "item dropped: no item");
		return -1;
	}
	copy_sized(&p, sizeof(p), pi);
	if (p.struct_size < sizeof(size_t)) {
		host_log(ctx, KABAR_LOG_WARNING, "item dropped: bad struct_size %zu", p.struct_size);
		return -1;
	}
	it->id = clean_text(p.id, MAX_TITLE);
	it->url = clean_url(ctx, p.url);
	if (!it->url && p.id_is_permalink && it->id)
		it->url = clean_url(ctx, it->id);
	it->title = clean_line(p.title, MAX_TITLE);
	if (p.summary) {
		if (p.summary_is_html) {
			char *t = kb_html_to_text(p.summary, strnlen(p.summary, MAX_SUMMARY * 4));

			it->summary = clean_text(t, MAX_SUMMARY);
			free(t);
		} else {
			it->summary = clean_text(p.summary, MAX_SUMMARY);
		}
	}
	if (p.content_html)
		it->content_html = sanitize_bounded(p.content_html, base, MAX_CONTENT);
	if (p.content_text) {
		it->content_text = clean_text(p.content_text, MAX_CONTENT);
	} else if (it->content_html) {
		char *t = kb_html_to_text(it->content_html, strlen(it->content_html));

		it->content_text = clean_text(t, MAX_CONTENT);
		free(t);
	}
	it->published = p.published;
	it->published_offset = valid_offset(p.published_offset) ? p.published_offset : 0;
	it->updated = p.updated;
	it->updated_offset = valid_offset(p.updated_offset) ? p.updated_offset : 0;
	/* A plugin built before these fields existed gave zeros. */
	if (p.struct_size < offsetof(struct kabar_item, published) + sizeof(p.published))
		it->published = KB_NO_TIME;
	if (p.struct_size < offsetof(struct kabar_item, updated) + sizeof(p.updated))
		it->updated = KB_NO_TIME;
	it->language = clean_lang(p.language);
	it->image = clean_url(ctx, p.image);
	copy_authors(ctx, p.authors, p.n_authors, &it->authors, &it->n_authors);
	if (p.categories && p.n_categories > 0) {
		size_t n = p.n_categories > MAX_CATEGORIES ? MAX_CATEGORIES : p.n_categories;

		it->categories = kb_calloc(n, sizeof(*it->categories));
		for (i = 0; i < n; i++) {
			char *c = clean_line(p.categories[i], MAX_SHORT);

			if (c)
				it->categories[it->n_categories++] = c;
		}
	}
	if (p.enclosures && p.n_enclosures > 0) {
		size_t n = p.n_enclosures > MAX_ENCLOSURES ? MAX_ENCLOSURES : p.n_enclosures;

		it->enclosures = kb_calloc(n, sizeof(*it->enclosures));
		for (i = 0; i < n; i++) {
			struct kabar_enclosure e;
			struct kb_enclosure *o = &it->enclosures[it->n_enclosures];

			if (!p.enclosures[i])
				continue;
			copy_sized(&e, sizeof(e), p.enclosures[i]);
			o->url = clean_url(ctx, e.url);
			if (!o->url)
				continue;
			o->type = clean_text(e.type, MAX_SHORT);
			o->length = e.length >= 0 && e.struct_size >=
							     offsetof(struct kabar_enclosure, length) + sizeof(e.length)
					    ? e.length
					    : -1;
			o->title = clean_line(e.title, MAX_TITLE);
			it->n_enclosures++;
		}
	}
	it->comments_url = clean_url(ctx, p.comments_url);
	it->id_is_permalink = p.id_is_permalink != 0;
	if (!it->url && !it->id && !it->title) {
		host_log(ctx, KABAR_LOG_WARNING, "item dropped: it has no url, id or title");
		kb_item_free(it);
		return -1;
	}
	return 0;
}

static int
emit_common(struct kabar_ctx *ctx, const struct kabar_item *pi, int partial)
{
	struct kb_item it;
	int rc;

	if (!ctx)
		return -1;
	if (ctx->n_items >= ctx->max_items) {
		if (ctx->n_items == ctx->max_items)
			host_log(ctx, KABAR_LOG_WARNING, "item limit of %ld reached, later items dropped",
				 ctx->max_items);
		ctx->n_items = ctx->max_items + 1;
		return -1;
	}
	if (kb_item_from_plugin(ctx, pi, &it) != 0)
		return -1;
	if (partial && !it.url) {
		host_log(ctx, KABAR_LOG_WARNING, "partial item dropped: it has no usable url");
		kb_item_free(&it);
		return -1;
	}
	it.partial = partial;
	kb_item_key(&it);
	rc = kb_wire_item(ctx->out, partial ? KB_MSG_PARTIAL : KB_MSG_ITEM, &it);
	kb_item_free(&it);
	if (rc != 0) {
		ctx->failed_output = 1;
		return -1;
	}
	ctx->n_items++;
	return 0;
}

static int
host_emit(struct kabar_ctx *ctx, const struct kabar_item *item)
{
	return emit_common(ctx, item, 0);
}

static int
host_emit_partial(struct kabar_ctx *ctx, const struct kabar_item *item)
{
	return emit_common(ctx, item, 1);
}

static int
host_follow(struct kabar_ctx *ctx, const struct kabar_request *preq)
{
	struct kabar_request q;
	struct kb_request r;
	size_t i, total = 0;
	char *u;
	int rc;

	if (!ctx)
		return -1;
	copy_sized(&q, sizeof(q), preq);
	if (ctx->n_follows >= ctx->max_follows) {
		if (ctx->n_follows == ctx->max_follows)
			host_log(ctx, KABAR_LOG_WARNING, "follow limit of %ld reached, later requests dropped",
				 ctx->max_follows);
		ctx->n_follows = ctx->max_follows + 1;
		return -1;
	}
	if (!q.url) {
		host_log(ctx, KABAR_LOG_WARNING, "follow refused: no url");
		return -1;
	}
	u = clean_text(q.url, MAX_URL);
	memset(&r, 0, sizeof(r));
	r.url = u ? kb_url_resolve(resp_url(ctx), u) : NULL;
	if (!r.url || !(scheme_is(r.url, "http") || scheme_is(r.url, "https") || scheme_is(r.url, "file"))) {
		host_log(ctx, KABAR_LOG_WARNING, "follow refused: unusable url %.200s", u ? u : "");
		free(u);
		kb_request_free(&r);
		return -1;
	}
	free(u);
	/* A page from the web may not point the core at local files. */
	if (scheme_is(r.url, "file") && ctx->resp && !scheme_is(resp_url(ctx), "file")) {
		host_log(ctx, KABAR_LOG_WARNING, "follow refused: a file: url from a web page: %.200s", r.url);
		kb_request_free(&r);
		return -1;
	}
	if (q.n_meta > MAX_META_PAIRS || (q.n_meta > 0 && !q.meta)) {
		host_log(ctx, KABAR_LOG_WARNING, "follow refused: %zu metadata pairs (at most %d) for %s", q.n_meta,
			 MAX_META_PAIRS, r.url);
		kb_request_free(&r);
		return -1;
	}
	for (i = 0; i < q.n_meta * 2; i++)
		total += q.meta[i] ? strnlen(q.meta[i], MAX_META_BYTES + 1) : 0;
	if (total > MAX_META_BYTES) {
		host_log(ctx, KABAR_LOG_WARNING, "follow refused: metadata over %d bytes for %s", MAX_META_BYTES,
			 r.url);
		kb_request_free(&r);
		return -1;
	}
	for (i = 0; i < q.n_meta; i++) {
		if (!q.meta[2 * i] || !*q.meta[2 * i]) {
			host_log(ctx, KABAR_LOG_WARNING, "follow refused: empty metadata key for %s", r.url);
			kb_request_free(&r);
			return -1;
		}
	}
	r.tag = clean_text(q.tag, MAX_SHORT);
	if (q.n_meta > 0) {
		r.meta = kb_calloc(q.n_meta * 2, sizeof(*r.meta));
		r.n_meta = q.n_meta;
		for (i = 0; i < q.n_meta * 2; i++) {
			const char *m = q.meta[i] ? q.meta[i] : "";

			r.meta[i] = kb_utf8_clean(m, strlen(m));
		}
	}
	r.flags = q.flags & KABAR_FOLLOW_NEW_ONLY;
	rc = kb_wire_request(ctx->out, &r);
	kb_request_free(&r);
	if (rc != 0) {
		ctx->failed_output = 1;
		return -1;
	}
	ctx->n_follows++;
	return 0;
}

static int
host_feed(struct kabar_ctx *ctx, const struct kabar_feed *pf)
{
	struct kabar_feed p;
	struct kb_feedinfo f;
	int rc;

	if (!ctx || !pf)
		return -1;
	copy_sized(&p, sizeof(p), pf);
	memset(&f, 0, sizeof(f));
	f.title = clean_line(p.title, MAX_TITLE);
	f.home_page_url = clean_url(ctx, p.home_page_url);
	f.description = clean_text(p.description, MAX_SUMMARY);
	f.language = clean_lang(p.language);
	f.icon = clean_url(ctx, p.icon);
	copy_authors(ctx, p.authors, p.n_authors, &f.authors, &f.n_authors);
	f.ttl = p.ttl > 0 && p.ttl < (int64_t)100 * 365 * 86400 ? p.ttl : 0;
	f.format = clean_text(p.format, 32);
	rc = kb_wire_feed(ctx->out, &f);
	kb_feedinfo_free(&f);
	if (rc != 0) {
		ctx->failed_output = 1;
		return -1;
	}
	return 0;
}

const struct kabar_host kb_host_table = {
	.struct_size = sizeof(struct kabar_host),
	.api_level = KABAR_API_LEVEL,
	.log = host_log,
	.config = host_config,
	.response_url = response_url,
	.response_status = response_status,
	.response_header = response_header,
	.response_body = response_body,
	.response_tag = response_tag,
	.response_meta = response_meta,
	.parse_xml = host_parse_xml,
	.parse_html = host_parse_html,
	.parse_json = host_parse_json,
	.parse_html_string = host_parse_html_string,
	.doc_root = doc_root,
	.xpath = host_xpath,
	.nodeset_count = nodeset_count,
	.nodeset_item = nodeset_item,
	.xpath_string = host_xpath_string,
	.node_first_child = node_first_child,
	.node_next = node_next,
	.node_name = node_name,
	.node_ns = node_ns,
	.node_attr = node_attr,
	.node_text = node_text,
	.node_inner_xml = node_inner_xml,
	.node_base = node_base,
	.json_root = json_root,
	.json_type = host_json_type,
	.json_get = host_json_get,
	.json_length = host_json_length,
	.json_at = host_json_at,
	.json_string = host_json_string,
	.json_int = host_json_int,
	.resolve_url = host_resolve_url,
	.parse_date = host_parse_date,
	.html_to_text = host_html_to_text,
	.feed = host_feed,
	.emit = host_emit,
	.emit_partial = host_emit_partial,
	.follow = host_follow,
};

/* --- the response on the wire --- */

static void
free_headers(struct kb_header *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
	free(h);
}

void
kb_response_free(struct kabar_response *r)
{
	size_t i;

	if (!r)
		return;
	free(r->url);
	free_headers(r->headers, r->n_headers);
	free(r->body);
	free(r->tag);
	for (i = 0; i < r->n_meta * 2; i++)
		free(r->meta[i]);
	free(r->meta);
	memset(r, 0, sizeof(*r));
}

int
kb_wire_response(struct kb_buf *b, const struct kabar_response *r)
{
	size_t mark, i;
	size_t rollback = b->len;

	if (kb_wire_begin(b, KB_MSG_RESPONSE, &mark) != 0)
		return -1;
	if (kb_wire_put_str(b, r->url) != 0 || kb_wire_put_i64(b, r->status) != 0 ||
	    kb_wire_put_i64(b, (int64_t)r->n_headers) != 0)
		goto fail;
	for (i = 0; i < r->n_headers; i++)
		if (kb_wire_put_str(b, r->headers[i].name) != 0 || kb_wire_put_str(b, r->headers[i].value) != 0)
			goto fail;
	if (kb_wire_put_mem(b, r->body ? r->body : "", r->body ? r->len : 0) != 0 || kb_wire_put_str(b, r->tag) != 0 ||
	    kb_wire_put_i64(b, (int64_t)r->n_meta) != 0)
		goto fail;
	for (i = 0; i < r->n_meta * 2; i++)
		if (kb_wire_put_str(b, r->meta[i]) != 0)
			goto fail;
	if (kb_wire_end(b, mark) != 0)
		goto fail;
	return 0;
fail:
	b->len = rollback;
	if (b->data)
		b->data[b->len] = '\0';
	return -1;
}

static int
get_count(struct kb_wire_reader *r, size_t max, size_t *n)
{
	int64_t x;

	if (kb_wire_get_i64(r, &x) != 0 || x < 0 || (uint64_t)x > max)
		return -1;
	/* Every pair takes at least 8 bytes. */
	if ((uint64_t)x > r->left / 8)
		return -1;
	*n = (size_t)x;
	return 0;
}

/* p, n: one whole KB_MSG_RESPONSE message as kb_wire_response wrote it. */
int
kb_wire_get_response(const void *p, size_t n, struct kabar_response *r)
{
	struct kb_wire_reader rd = { p, n }, pl;
	int type;
	int64_t status;
	size_t i, cnt;

	memset(r, 0, sizeof(*r));
	if (!p || kb_wire_next(&rd, &type, &pl) != 1 || type != KB_MSG_RESPONSE)
		return -1;
	if (kb_wire_get_str(&pl, &r->url) != 0 || kb_wire_get_i64(&pl, &status) != 0 || status < 0 || status > 999 ||
	    get_count(&pl, MAX_WIRE_HEADERS, &cnt) != 0)
		goto fail;
	r->status = (int)status;
	if (cnt > 0) {
		r->headers = kb_calloc(cnt, sizeof(*r->headers));
		r->n_headers = cnt;
		for (i = 0; i < cnt; i++)
			if (kb_wire_get_str(&pl, &r->headers[i].name) != 0 ||
			    kb_wire_get_str(&pl, &r->headers[i].value) != 0)
				goto fail;
	}
	if (kb_wire_get_mem(&pl, &r->body, &r->len) != 0)
		goto fail;
	if (!r->body)
		r->body = kb_strdup("");
	if (kb_wire_get_str(&pl, &r->tag) != 0 || get_count(&pl, MAX_WIRE_META, &cnt) != 0)
		goto fail;
	if (cnt > 0) {
		r->meta = kb_calloc(cnt * 2, sizeof(*r->meta));
		r->n_meta = cnt;
		for (i = 0; i < cnt * 2; i++)
			if (kb_wire_get_str(&pl, &r->meta[i]) != 0)
				goto fail;
	}
	return 0;
fail:
	kb_response_free(r);
	return -1;
}
