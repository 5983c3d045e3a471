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
#include <time.h>

#include <json.h>
#include <zlib.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "config.h"
#include "date.h"
#include "extract.h"
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

/* How far into a body junk before the root element and the XML
 * declaration after it are looked for. */
#define SNIFF_MAX ((size_t)64 * 1024)

/* windows-1252 meanings of the C1 code points, as HTML reads &#128;..&#159;
 * and as feeds mean a stray C1 control. The five bytes windows-1252 leaves
 * undefined stay C1 controls (dropped by kb_utf8_clean). */
static const unsigned short cp1252_c1[32] = { 0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
					      0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
					      0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
					      0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178 };

/* Labels documents and servers write, mapped to what glibc iconv should
 * decode them as: the superset the WHATWG encoding standard reads them
 * as (windows-1252 for latin-1 and ASCII, GB18030 for GB2312 and GBK,
 * CP949 for EUC-KR, CP932 for Shift_JIS, Big5-HKSCS for Big5, CP874 for
 * TIS-620) and the spellings of UTF-16/32 glibc does not know. Any
 * other label is handed to iconv as it is. */
static const struct {
	const char *label;
	const char *cs;
} charset_aliases[] = {
	{ "iso-8859-1", "WINDOWS-1252" },
	{ "iso8859-1", "WINDOWS-1252" },
	{ "iso_8859-1", "WINDOWS-1252" },
	{ "iso88591", "WINDOWS-1252" },
	{ "latin1", "WINDOWS-1252" },
	{ "latin-1", "WINDOWS-1252" },
	{ "l1", "WINDOWS-1252" },
	{ "us-ascii", "WINDOWS-1252" },
	{ "ascii", "WINDOWS-1252" },
	{ "ansi_x3.4-1968", "WINDOWS-1252" },
	{ "cp1252", "WINDOWS-1252" },
	{ "windows-1252", "WINDOWS-1252" },
	{ "x-cp1252", "WINDOWS-1252" },
	{ "cp819", "WINDOWS-1252" },
	{ "utf8", "UTF-8" },
	{ "utf-8", "UTF-8" },
	{ "unicode-1-1-utf-8", "UTF-8" },
	{ "gb2312", "GB18030" },
	{ "gb_2312", "GB18030" },
	{ "gb_2312-80", "GB18030" },
	{ "csgb2312", "GB18030" },
	{ "euc-cn", "GB18030" },
	{ "x-euc-cn", "GB18030" },
	{ "chinese", "GB18030" },
	{ "gbk", "GB18030" },
	{ "x-gbk", "GB18030" },
	{ "cp936", "GB18030" },
	{ "windows-936", "GB18030" },
	{ "gb18030", "GB18030" },
	{ "big5", "BIG5-HKSCS" },
	{ "big-5", "BIG5-HKSCS" },
	{ "cn-big5", "BIG5-HKSCS" },
	{ "csbig5", "BIG5-HKSCS" },
	{ "x-x-big5", "BIG5-HKSCS" },
	{ "big5-hkscs", "BIG5-HKSCS" },
	{ "shift_jis", "CP932" },
	{ "shift-jis", "CP932" },
	{ "sjis", "CP932" },
	{ "x-sjis", "CP932" },
	{ "ms_kanji", "CP932" },
	{ "csshiftjis", "CP932" },
	{ "windows-31j", "CP932" },
	{ "ms932", "CP932" },
	{ "euc-kr", "CP949" },
	{ "euckr", "CP949" },
	{ "cseuckr", "CP949" },
	{ "ks_c_5601-1987", "CP949" },
	{ "ks_c_5601-1989", "CP949" },
	{ "ksc5601", "CP949" },
	{ "ksc_5601", "CP949" },
	{ "csksc56011987", "CP949" },
	{ "iso-ir-149", "CP949" },
	{ "korean", "CP949" },
	{ "windows-949", "CP949" },
	{ "tis-620", "CP874" },
	{ "iso-8859-11", "CP874" },
	{ "windows-874", "CP874" },
	{ "dos-874", "CP874" },
	{ "x-mac-roman", "MACINTOSH" },
	{ "mac", "MACINTOSH" },
	{ "utf-16", "UTF-16" },
	{ "utf16", "UTF-16" },
	{ "utf_16", "UTF-16" },
	{ "u16", "UTF-16" },
	{ "ucs-2", "UTF-16" },
	{ "iso-10646-ucs-2", "UTF-16" },
	{ "csunicode", "UTF-16" },
	{ "unicode", "UTF-16" },
	{ "utf-32", "UTF-32" },
	{ "utf32", "UTF-32" },
	{ "utf_32", "UTF-32" },
	{ "u32", "UTF-32" },
	{ "ucs-4", "UTF-32" },
	{ "iso-10646-ucs-4", "UTF-32" },
	{ "csucs4", "UTF-32" },
};

/* A charset label as a document or header wrote it, made safe to hand to
 * iconv and mapped by charset_aliases. NULL when it is not a plausible
 * label. New string. */
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
	for (i = 0; i < sizeof(charset_aliases) / sizeof(charset_aliases[0]); i++)
		if (strcmp(buf, charset_aliases[i].label) == 0)
			return kb_strdup(charset_aliases[i].cs);
	return kb_strdup(buf);
}

/* The charset parameter of a Content-Type value, or NULL. New string.
 * text/xml without one is not US-ASCII here (RFC 3023 said so, RFC 7303
 * does not): the body's BOM or declaration decides, which is also what
 * feedparser ends with for any body that is not pure ASCII. */
static char *
header_charset(const char *ct)
{
	const char *p;

	if (!ct)
		return NULL;
	for (p = ct; *p; p++) {
		if (kb_strncasecmp(p, "charset", 7) == 0 &&
		    (p == ct || p[-1] == ';' || p[-1] == ' ' || p[-1] == '\t')) {
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

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (unsigned char)c >= 0x80;
}

/* The length of a tag or attribute name at s. */
static size_t
name_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '<' && s[i] != '=' && s[i] != '"' &&
	       s[i] != '\'')
		i++;
	return i;
}

/* The offset just past the first end after from; n when it is missing. */
static size_t
skip_past(const char *s, size_t n, size_t from, const char *end)
{
	size_t el = strlen(end), i;

	for (i = from; i + el <= n; i++)
		if (memcmp(s + i, end, el) == 0)
			return i + el;
	return n;
}

/* Tags a PHP error message puts before a document. */
static int
is_junk_tag(const char *s, size_t n)
{
	static const char *const junk[] = { "br", "b", "/b" };
	size_t i;

	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		if (strlen(junk[i]) == n && kb_strncasecmp(s, junk[i], n) == 0)
			return 1;
	return 0;
}

/* How many leading bytes of an ASCII-compatible document come before its
 * real start: white space, text, comments and the tags of a PHP error
 * message (<br />, <b>) before the XML declaration or the first other
 * markup, looked for in the first SNIFF_MAX bytes. *junk is set when
 * something other than white space and comments is dropped. */
static size_t
junk_len(const char *s, size_t n, int *junk)
{
	size_t lim = n < SNIFF_MAX ? n : SNIFF_MAX, i = 0, k;

	*junk = 0;
	while (i < lim) {
		if (is_space(s[i])) {
			i++;
			continue;
		}
		if (s[i] != '<') {
			*junk = 1;
			i++;
			continue;
		}
		if (lim - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			i = skip_past(s, lim, i + 4, "-->");
			continue;
		}
		if (i + 1 < lim && is_name_start(s[i + 1])) {
			k = name_len(s + i + 1, lim - i - 1);
			if (!is_junk_tag(s + i + 1, k))
				return i;
		} else if (i + 2 < lim && s[i + 1] == '/' && is_name_start(s[i + 2])) {
			k = 1 + name_len(s + i + 2, lim - i - 2);
			if (!is_junk_tag(s + i + 1, k))
				return i;
		} else if (i + 1 < lim && (s[i + 1] == '?' || s[i + 1] == '!')) {
			return i;
		} else {
			*junk = 1;
			i++;
			continue;
		}
		/* A PHP error tag: skip it. */
		*junk = 1;
		while (i < lim && s[i] != '>')
			i++;
	}
	/* Nothing that looks like markup: keep everything for the parser to
	 * refuse with its own words. */
	*junk = 0;
	return 0;
}

/* The encoding of the XML declaration of an ASCII-compatible body (after
 * any junk before it), or NULL. New string. */
static char *
xml_decl_charset(const char *body, size_t len)
{
	size_t i, n, end;
	const char *p;
	int junk;

	i = junk_len(body, len, &junk);
	n = len - i < 512 ? len : i + 512;
	if (n - i < 6 || memcmp(body + i, "<?xml", 5) != 0 || !is_space(body[i + 5]))
		return NULL;
	for (end = i; end + 1 < n; end++)
		if (body[end] == '?' && body[end + 1] == '>')
			break;
	for (p = body + i; p + 8 < body + end; p++) {
		if (memcmp(p, "encoding", 8) == 0) {
			const char *q = p + 8;

			while (q < body + end && is_space(*q))
				q++;
			if (q >= body + end || *q != '=')
				return NULL;
			q++;
			while (q < body + end && is_space(*q))
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

static int
wide_start(unsigned char c)
{
	return c == '<' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* UTF-16 or UTF-32 without a BOM, recognised by a leading '<' or white
 * space (XML appendix F). */
static const char *
sniff_wide(const unsigned char *p, size_t n)
{
	if (n >= 4 && wide_start(p[0]) && p[1] == 0 && p[2] == 0 && p[3] == 0)
		return "UTF-32LE";
	if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0 && wide_start(p[3]))
		return "UTF-32BE";
	if (n >= 2 && wide_start(p[0]) && p[1] == 0)
		return "UTF-16LE";
	if (n >= 2 && p[0] == 0 && wide_start(p[1]))
		return "UTF-16BE";
	return NULL;
}

/* Count the valid multi-byte UTF-8 sequences, the bytes kb_utf8_clean
 * would replace, and all bytes over 0x7f. */
static void
utf8_census(const unsigned char *p, size_t n, size_t *good, size_t *bad, size_t *high)
{
	size_t i = 0, need;

	*good = *bad = *high = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		(*high)++;
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			need = 2;
		else if (p[i] >= 0xe0 && p[i] <= 0xef)
			need = 3;
		else if (p[i] >= 0xf0 && p[i] <= 0xf4)
			need = 4;
		else
			need = 0;
		if (need > 0 && n - i >= need && kb_utf8_valid((const char *)p + i, need)) {
			(*good)++;
			*high += need - 1;
			i += need;
			continue;
		}
		(*bad)++;
		i++;
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

/* Append code point c as UTF-8 to o; returns the bytes written. */
static size_t
put_utf8(char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* windows-1252 to UTF-8; every byte has a meaning, so it never fails.
 * New string, *outlen set. */
static char *
cp1252_decode(const char *in, size_t n, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)in;
	char *out = kb_malloc(n * 3 + 1), *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			*o++ = (char)p[i];
		else if (p[i] < 0xa0)
			o += put_utf8(o, cp1252_c1[p[i] - 0x80]);
		else
			o += put_utf8(o, p[i]);
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

/* The size of a code unit of a charset iconv knows by name: how much to
 * skip past a byte sequence that is not valid in it. */
static size_t
code_unit(const char *cs)
{
	if (kb_strncasecmp(cs, "UTF-32", 6) == 0 || kb_strncasecmp(cs, "UCS-4", 5) == 0)
		return 4;
	if (kb_strncasecmp(cs, "UTF-16", 6) == 0 || kb_strncasecmp(cs, "UCS-2", 5) == 0)
		return 2;
	return 1;
}

/* Convert n bytes in charset cs to UTF-8. Each byte sequence that is not
 * valid in cs becomes U+FFFD and is counted in *errors; an incomplete
 * sequence at the very end (a cut body, an odd byte of UTF-16) is
 * dropped. UTF-8 is copied as it is (kb_utf8_clean repairs it later).
 * NULL when iconv does not know the charset. New string, *outlen set. */
static char *
iconv_decode(const char *in, size_t n, const char *cs, size_t *outlen, size_t *errors)
{
	iconv_t cd;
	struct kb_buf b;
	char chunk[4096], *ip = (char *)(uintptr_t)in, *op;
	size_t il = n, ol, r, unit = code_unit(cs);
	int e = 0;

	*errors = 0;
	if (strcmp(cs, "UTF-8") == 0) {
		size_t good, high;

		utf8_census((const unsigned char *)in, n, &good, errors, &high);
		*outlen = n;
		return memdup0(in, n);
	}
	if (strcmp(cs, "WINDOWS-1252") == 0)
		return cp1252_decode(in, n, outlen);
	cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return NULL;
	kb_buf_init(&b, MAX_DOC_BODY * 8);
	while (il > 0 && e == 0) {
		op = chunk;
		ol = sizeof(chunk);
		r = iconv(cd, &ip, &il, &op, &ol);
		e = r == (size_t)-1 ? errno : 0;
		if (kb_buf_add(&b, chunk, (size_t)(op - chunk)) != 0)
			break;
		if (e == E2BIG) {
			e = 0;
		} else if (e == EILSEQ) {
			size_t k = il < unit ? il : unit;

			if (kb_buf_add(&b, "\xef\xbf\xbd", 3) != 0)
				break;
			ip += k;
			il -= k;
			(*errors)++;
			e = 0;
		}
	}
	op = chunk;
	ol = sizeof(chunk);
	if (iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1)
		(void)kb_buf_add(&b, chunk, (size_t)(op - chunk));
	iconv_close(cd);
	return kb_buf_detach(&b, outlen);
}

/* Whether a charset reads ASCII as ASCII: a declaration found by reading
 * the body as ASCII cannot truthfully name one that does not (UTF-16
 * without a BOM was ruled out before). Unknown charsets pass: decoding
 * them says what is wrong. */
static int
ascii_compatible(const char *cs)
{
	static const char probe[] = "<?xml version='1.0'?>";
	size_t n, errors;
	char *s;
	int r;

	if (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "WINDOWS-1252") == 0)
		return 1;
	s = iconv_decode(probe, sizeof(probe) - 1, cs, &n, &errors);
	if (!s)
		return 1;
	r = errors == 0 && n == sizeof(probe) - 1 && memcmp(s, probe, n) == 0;
	free(s);
	return r;
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

/* s with C1 controls (U+0080..U+009F, which a feed means as windows-1252
 * bytes that went through latin-1) replaced by their windows-1252
 * characters. New string, *outlen set. */
static char *
map_c1(const char *s, size_t n, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = kb_malloc(n / 2 * 3 + 2), *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f) {
			o += put_utf8(o, cp1252_c1[p[i + 1] - 0x80]);
			i++;
		} else {
			*o++ = (char)p[i];
		}
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

/* Text that was UTF-8, read as windows-1252 and encoded as UTF-8 again
 * ("CafÃ©", "â€¦"): when every character of s has a windows-1252 byte,
 * some of them not ASCII, and those bytes are valid UTF-8, they are what
 * was meant (feedparser does the same). Latin text practically never
 * passes: it takes a letter from U+00C0..U+00DF followed by a symbol
 * from U+0080..U+00BF everywhere. Takes s; returns s or a new string. */
static char *
undo_double_utf8(char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *out, *o;
	size_t i = 0, n = strlen(s), high = 0, k;
	char *clean;

	for (i = 0; i < n && p[i] < 0x80; i++)
		;
	if (i == n)
		return s;
	out = kb_malloc(n + 1);
	memcpy(out, s, i);
	o = out + i;
	while (i < n) {
		unsigned long c;

		if (p[i] < 0x80) {
			*o++ = p[i++];
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0 && i + 1 < n) {
			c = ((unsigned long)(p[i] & 0x1f) << 6) | (p[i + 1] & 0x3f);
			i += 2;
		} else if ((p[i] & 0xf0) == 0xe0 && i + 2 < n) {
			c = ((unsigned long)(p[i] & 0x0f) << 12) | ((unsigned long)(p[i + 1] & 0x3f) << 6) |
			    (p[i + 2] & 0x3f);
			i += 3;
		} else {
			goto keep;
		}
		if (c >= 0xa0 && c <= 0xff) {
			*o++ = (unsigned char)c;
		} else {
			for (k = 0; k < 32 && cp1252_c1[k] != c; k++)
				;
			if (k == 32 || c < 0x100)
				goto keep;
			*o++ = (unsigned char)(0x80 + k);
		}
		high++;
	}
	*o = '\0';
	if (high == 0 || !kb_utf8_valid((const char *)out, (size_t)(o - out)))
		goto keep;
	free(s);
	if (!needs_clean((const char *)out, (size_t)(o - out)))
		return (char *)out;
	clean = kb_utf8_clean((const char *)out, (size_t)(o - out));
	free(out);
	return clean;
keep:
	free(out);
	return s;
}

struct cand {
	const char *cs;
	const char *why; /* NULL: a fallback, not something the body or server said */
};

static void
add_cand(struct cand *c, size_t *n, const char *cs, const char *why)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (kb_strcasecmp(c[i].cs, cs) == 0)
			return;
	c[*n].cs = cs;
	c[*n].why = why;
	(*n)++;
}

/* Decode a document body to clean UTF-8 (no BOM, no control characters).
 *
 * The charset is, in order (RFC 7303 section 3): the BOM or a UTF-16/32
 * signature, the HTTP charset, the document's own declaration (doc_cs),
 * then UTF-8. The first one the bytes are valid in wins. When none is,
 * the one with the fewest invalid sequences is used with each replaced
 * by U+FFFD, if no more than a quarter of the non-ASCII bytes are bad
 * (one bad byte must not lose a feed); otherwise windows-1252, which
 * cannot fail. A BOM or signature is trusted even with bad sequences.
 * A declared charset that does not fit is skipped: one not ASCII
 * compatible without a BOM, one iconv does not know.
 *
 * One exception to the order: a body of valid non-ASCII UTF-8 declared
 * (by the server or the document) as latin-1/windows-1252/ASCII is read
 * as UTF-8 (servers default the header, templates the declaration;
 * latin-1 text is practically never valid UTF-8).
 *
 * Whatever did not fit is said once, in one warning. Returns a new
 * string. */
static char *
decode_body(struct kabar_ctx *ctx, const char *body, size_t len, const char *hdr_cs,
	    char *(*doc_charset)(const char *, size_t), size_t *outlen)
{
	struct cand cands[4];
	char *doc_cs = NULL, *conv = NULL, *best = NULL, *clean;
	const char *sig, *used = NULL, *best_cs = NULL, *pcs = NULL;
	char problem[256];
	size_t skip, nc = 0, i, good = 0, bad = 0, high = 0, clen = 0, blen = 0, errors = 0, best_err = 0;
	int strong = 0, utf8_ok;

	problem[0] = '\0';
	sig = bom_charset((const unsigned char *)body, len, &skip);
	body += skip;
	len -= skip;
	if (!sig)
		sig = sniff_wide((const unsigned char *)body, len);
	if (sig) {
		add_cand(cands, &nc, sig, skip ? "byte order mark" : "document signature");
		strong = 1;
	} else {
		utf8_census((const unsigned char *)body, len, &good, &bad, &high);
		utf8_ok = bad == 0 && good > 0;
		if (doc_charset)
			doc_cs = doc_charset(body, len);
		if (hdr_cs && !(utf8_ok && strcmp(hdr_cs, "WINDOWS-1252") == 0 &&
				(!doc_cs || strcmp(doc_cs, "UTF-8") == 0 || strcmp(doc_cs, "WINDOWS-1252") == 0)))
			add_cand(cands, &nc, hdr_cs, "http header");
		if (doc_cs && utf8_ok && strcmp(doc_cs, "WINDOWS-1252") == 0) {
			if (nc == 0) {
				snprintf(problem, sizeof(problem), "body declared as %s by the document is UTF-8",
					 doc_cs);
				pcs = doc_cs;
			}
		} else if (doc_cs) {
			add_cand(cands, &nc, doc_cs, "document");
		}
		add_cand(cands, &nc, "UTF-8", NULL);
	}
	for (i = 0; i < nc; i++) {
		const char *cs = cands[i].cs, *why = cands[i].why;

		if (!strong && why && !ascii_compatible(cs)) {
			if (!problem[0]) {
				snprintf(problem, sizeof(problem),
					 "cannot decode body as %s (from the %s): the body is not in that encoding", cs,
					 why);
				pcs = cs;
			}
			continue;
		}
		conv = iconv_decode(body, len, cs, &clen, &errors);
		if (!conv) {
			if (!problem[0]) {
				snprintf(problem, sizeof(problem),
					 "cannot decode body as %s (from the %s): unknown charset", cs,
					 why ? why : "default");
				pcs = cs;
			}
			continue;
		}
		if (errors == 0 || strong) {
			used = cs;
			break;
		}
		if (why && !problem[0]) {
			snprintf(problem, sizeof(problem),
				 "cannot decode body as %s (from the %s): not valid in that charset", cs, why);
			pcs = cs;
		}
		if (!best || errors < best_err) {
			free(best);
			best = conv;
			blen = clen;
			best_err = errors;
			best_cs = cs;
		} else {
			free(conv);
		}
		conv = NULL;
	}
	if (!conv && best && best_err * 4 <= high) {
		conv = best;
		best = NULL;
		clen = blen;
		errors = best_err;
		used = best_cs;
	}
	if (!conv) {
		conv = cp1252_decode(body, len, &clen);
		errors = 0;
		used = "windows-1252";
	}
	if (errors > 0 && problem[0] && strcmp(pcs, used) != 0)
		host_log(ctx, KABAR_LOG_WARNING, "%s; read as %s with %zu invalid byte sequence%s replaced by U+FFFD",
			 problem, used, errors, errors == 1 ? "" : "s");
	else if (errors > 0)
		host_log(ctx, KABAR_LOG_WARNING, "body has %zu invalid byte sequence%s for %s: replaced by U+FFFD",
			 errors, errors == 1 ? "" : "s", used);
	else if (problem[0])
		host_log(ctx, KABAR_LOG_WARNING, "%s; read as %s", problem, used);
	free(best);
	free(doc_cs);
	/* A BOM the charset conversion left in. */
	skip = clen >= 3 && memcmp(conv, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	if (skip == 0 && !needs_clean(conv, clen)) {
		*outlen = clen;
		return conv;
	}
	clean = map_c1(conv + skip, clen - skip, &clen);
	free(conv);
	conv = kb_utf8_clean(clean, clen);
	free(clean);
	*outlen = strlen(conv);
	return conv;
}

/* --- XML --- */

static int
xml_char_ok(unsigned long c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
	       (c >= 0x10000 && c <= 0x10ffff);
}

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

/* What the pre-pass repaired, for the one warning about it. */
struct repairs {
	size_t html_entities; /* &eacute; and friends: undefined in XML */
	size_t bare_amps;     /* '&' that starts no reference, unknown entities */
	size_t bad_refs;      /* character references to no XML character */
	size_t bare_lts;      /* '<' that starts no markup */
	size_t junk;	      /* bytes dropped before the root element */
	int dtd;	      /* a DOCTYPE with an external DTD (which may define entities) */
};

/* One reference starting at s[0] == '&'. Writes its replacement, counts
 * what was wrong with it and returns how many input bytes it used. */
static size_t
fix_reference(struct kb_buf *b, const char *s, size_t n, struct repairs *rp)
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
			rp->bare_amps++;
			return 1;
		}
		if (v >= 0x80 && v <= 0x9f)
			v = cp1252_c1[v - 0x80];
		if (!xml_char_ok(v) || digits == 10) {
			v = 0xfffd;
			rp->bad_refs++;
		}
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
			rp->bare_amps++;
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
			rp->html_entities++;
			return i + 1;
		}
		/* Unknown: keep the text as written. */
		kb_buf_addstr(b, "&amp;");
		rp->bare_amps++;
		return 1;
	}
	kb_buf_addstr(b, "&amp;");
	rp->bare_amps++;
	return 1;
}

/* Copy from s up to and including the terminator; all of s when it is
 * missing. Returns the bytes used. */
static size_t
copy_until(struct kb_buf *b, const char *s, size_t n, size_t from, const char *end)
{
	size_t used = skip_past(s, n, from, end);

	kb_buf_add(b, s, used);
	return used;
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

/* Whether a DOCTYPE (s, n: all of it) names an external DTD. */
static int
doctype_external(const char *s, size_t n)
{
	size_t i;

	for (i = 9; i + 6 <= n && s[i] != '['; i++)
		if (memcmp(s + i, "PUBLIC", 6) == 0 || memcmp(s + i, "SYSTEM", 6) == 0)
			return 1;
	return 0;
}

/* Prepare decoded XML for libxml2: drop junk before the root element (a
 * PHP error message, HTTP headers, text), drop the DOCTYPE (no DTD, no
 * entity declarations: nothing to expand or load), turn HTML named
 * entities into character references, make stray '&', unknown references
 * and '<' that starts no markup literal text, map invalid character
 * references to U+FFFD. CDATA sections, comments and processing
 * instructions are copied as they are. What was repaired is counted in
 * *rp. New string. */
static char *
xml_prepass(const char *s, size_t n, size_t *outlen, struct repairs *rp)
{
	struct kb_buf b;
	size_t i, dl;
	int junk;

	memset(rp, 0, sizeof(*rp));
	i = junk_len(s, n, &junk);
	if (junk)
		rp->junk = i;
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
			i += fix_reference(&b, s + i, n - i, rp);
		} else if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
			i += copy_until(&b, s + i, n - i, 9, "]]>");
		} else if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			i += copy_until(&b, s + i, n - i, 4, "-->");
		} else if (n - i >= 2 && s[i + 1] == '?') {
			i += copy_until(&b, s + i, n - i, 2, "?>");
		} else if (n - i >= 9 && kb_strncasecmp(s + i, "<!DOCTYPE", 9) == 0) {
			dl = doctype_len(s + i, n - i);
			if (doctype_external(s + i, dl))
				rp->dtd = 1;
			i += dl;
		} else if (i + 1 >= n || is_name_start(s[i + 1]) || s[i + 1] == '!' ||
			   (s[i + 1] == '/' && (i + 2 >= n || is_name_start(s[i + 2])))) {
			/* Markup, or the document ends in the middle of it. */
			kb_buf_addc(&b, '<');
			i++;
		} else {
			kb_buf_addstr(&b, "&lt;");
			rp->bare_lts++;
			i++;
		}
	}
	return kb_buf_detach(&b, outlen);
}

/* Say once what the pre-pass repaired. Named entities are not counted
 * when an external DTD (RSS 0.91's, XHTML's) may have defined them. */
static void
log_repairs(struct kabar_ctx *ctx, const struct repairs *rp)
{
	struct kb_buf b;
	size_t ents = rp->dtd ? 0 : rp->html_entities;

	if (rp->junk == 0 && ents == 0 && rp->bare_amps == 0 && rp->bad_refs == 0 && rp->bare_lts == 0)
		return;
	kb_buf_init(&b, 1024);
	if (rp->junk)
		kb_buf_printf(&b, ", skipped %zu bytes before the root element", rp->junk);
	if (ents)
		kb_buf_printf(&b, ", %zu undefined entit%s (&eacute; &nbsp; ...) decoded as HTML", ents,
			      ents == 1 ? "y" : "ies");
	if (rp->bare_amps)
		kb_buf_printf(&b, ", %zu unescaped '&' kept as text", rp->bare_amps);
	if (rp->bare_lts)
		kb_buf_printf(&b, ", %zu unescaped '<' kept as text", rp->bare_lts);
	if (rp->bad_refs)
		kb_buf_printf(&b, ", %zu references to invalid characters replaced by U+FFFD", rp->bad_refs);
	host_log(ctx, KABAR_LOG_WARNING, "repaired malformed xml: %s", kb_buf_str(&b) + 2);
	kb_buf_free(&b);
}

#define MAX_BALANCE_DEPTH 256 /* libxml2's own limit without XML_PARSE_HUGE */

struct open_el {
	const char *name;
	size_t len;
};

/* An HTML element that never has content, written as if it were HTML. */
static int
is_void_el(const char *s, size_t n)
{
	return (n == 2 && (memcmp(s, "br", 2) == 0 || memcmp(s, "hr", 2) == 0)) ||
	       (n == 3 && (memcmp(s, "img", 3) == 0 || memcmp(s, "wbr", 3) == 0));
}

/* Copy the start tag at s (s[0] == '<', a name of nl bytes after it)
 * with its attribute values quoted and a value given to attributes
 * without one; close it at once when close is set. Sets *self when the
 * tag closes itself. Returns the input used; n when the tag is cut off. */
static size_t
copy_start_tag(struct kb_buf *b, const char *s, size_t n, size_t nl, int close, int *self)
{
	size_t i = 1 + nl, k, an;

	*self = 0;
	kb_buf_add(b, s, i);
	for (;;) {
		while (i < n && is_space(s[i]))
			i++;
		if (i >= n) {
			return n;
		} else if (s[i] == '>') {
			kb_buf_addstr(b, close ? "/>" : ">");
			*self = close;
			return i + 1;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '>') {
			kb_buf_addstr(b, "/>");
			*self = 1;
			return i + 2;
		} else if (s[i] == '<') {
			/* The tag never ended: end it here. */
			kb_buf_addstr(b, close ? "/>" : ">");
			*self = close;
			return i;
		}
		an = name_len(s + i, n - i);
		if (an == 0) {
			i++; /* a stray '/', '=' or quote */
			continue;
		}
		kb_buf_addc(b, ' ');
		kb_buf_add(b, s + i, an);
		k = i + an;
		i = k;
		while (i < n && is_space(s[i]))
			i++;
		if (i >= n || s[i] != '=') {
			/* <input disabled>: XML needs a value. */
			kb_buf_addstr(b, "=\"");
			kb_buf_add(b, s + k - an, an);
			kb_buf_addc(b, '"');
			continue;
		}
		i++;
		while (i < n && is_space(s[i]))
			i++;
		if (i < n && (s[i] == '"' || s[i] == '\'')) {
			size_t end = i + 1;

			while (end < n && s[end] != s[i])
				end++;
			if (end >= n) {
				kb_buf_addc(b, '=');
				kb_buf_add(b, s + i, n - i);
				return n;
			}
			kb_buf_addc(b, '=');
			kb_buf_add(b, s + i, end + 1 - i);
			i = end + 1;
		} else {
			/* Unquoted: up to white space or the end of the tag. */
			kb_buf_addstr(b, "=\"");
			while (i < n && !is_space(s[i]) && s[i] != '>' && s[i] != '<') {
				if (s[i] == '/' && i + 1 < n && s[i + 1] == '>')
					break;
				if (s[i] == '"')
					kb_buf_addstr(b, "&quot;");
				else
					kb_buf_addc(b, s[i]);
				i++;
			}
			kb_buf_addc(b, '"');
		}
	}
}

/* Rewrite the tags of pre-passed XML the way an HTML parser would read
 * them, for a second try when libxml2 found tags that do not match: an
 * end tag of an element opened further up closes the ones in between, an
 * end tag of no open element is dropped, <br> <hr> <img> <wbr> left open
 * close at once, attribute values are quoted. Comments, CDATA sections,
 * processing instructions and text are copied as they are. New string. */
static char *
balance_tags(const char *s, size_t n, size_t *outlen)
{
	struct open_el stack[MAX_BALANCE_DEPTH];
	struct kb_buf b;
	size_t depth = 0, i = 0, k, nl, end;
	int self;

	kb_buf_init(&b, n * 4 + 4096);
	while (i < n) {
		size_t j = i;

		while (j < n && s[j] != '<')
			j++;
		kb_buf_add(&b, s + i, j - i);
		i = j;
		if (i >= n)
			break;
		if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
			i += copy_until(&b, s + i, n - i, 9, "]]>");
		} else if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			i += copy_until(&b, s + i, n - i, 4, "-->");
		} else if (n - i >= 2 && (s[i + 1] == '?' || s[i + 1] == '!')) {
			i += copy_until(&b, s + i, n - i, 2, ">");
		} else if (n - i >= 3 && s[i + 1] == '/' && is_name_start(s[i + 2])) {
			nl = name_len(s + i + 2, n - i - 2);
			end = skip_past(s, n, i + 2 + nl, ">");
			for (k = depth; k > 0; k--)
				if (stack[k - 1].len == nl && memcmp(stack[k - 1].name, s + i + 2, nl) == 0)
					break;
			if (k > 0) {
				while (depth > k) {
					depth--;
					kb_buf_addstr(&b, "</");
					kb_buf_add(&b, stack[depth].name, stack[depth].len);
					kb_buf_addc(&b, '>');
				}
				depth--;
				kb_buf_addstr(&b, "</");
				kb_buf_add(&b, s + i + 2, nl);
				kb_buf_addc(&b, '>');
			}
			i = end;
		} else if (n - i >= 2 && is_name_start(s[i + 1])) {
			const char *name = s + i + 1;

			nl = name_len(name, n - i - 1);
			i += copy_start_tag(&b, s + i, n - i, nl, is_void_el(name, nl), &self);
			if (!self && depth < MAX_BALANCE_DEPTH) {
				stack[depth].name = name;
				stack[depth].len = nl;
				depth++;
			}
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
	int tags; /* errors balance_tags may repair */
};

static void
parse_err_cb(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr pc = data;
	struct parse_err *pe = pc ? pc->_private : NULL;

	if (!pe || !e)
		return;
	if (e->code == XML_ERR_TAG_NAME_MISMATCH || e->code == XML_ERR_ATTRIBUTE_NOT_STARTED ||
	    e->code == XML_ERR_ATTRIBUTE_WITHOUT_VALUE || e->code == XML_ERR_LTSLASH_REQUIRED)
		pe->tags = 1;
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

/* Parse UTF-8 XML in recover mode: everything before an error is kept.
 * NULL (and *pe says why) when there is no root element. */
static xmlDocPtr
read_xml(const char *s, size_t n, const char *url, struct parse_err *pe)
{
	xmlParserCtxtPtr pc;
	xmlDocPtr doc;

	memset(pe, 0, sizeof(*pe));
	pc = xmlNewParserCtxt();
	if (!pc)
		return NULL;
	pc->_private = pe;
	pc->sax->serror = parse_err_cb;
	doc = xmlCtxtReadMemory(pc, s, (int)n, url, "UTF-8",
				XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC);
	xmlFreeParserCtxt(pc);
	if (doc && !xmlDocGetRootElement(doc)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

/* Inflate a gzip body (a .xml.gz sitemap served as a file, not as a
 * content coding), members one after another, to at most max bytes.
 * New buffer, or NULL (with *err set) when it is not gzip, is broken or
 * grows past max. */
static char *
gunzip_bounded(const char *p, size_t n, size_t max, size_t *outlen, const char **err)
{
	z_stream zs;
	struct kb_buf b;
	unsigned char chunk[16384];
	int rc = Z_OK;

	*outlen = 0;
	*err = NULL;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		*err = "cannot start zlib";
		return NULL;
	}
	kb_buf_init(&b, max);
	zs.next_in = (Bytef *)(uintptr_t)p;
	zs.avail_in = n > UINT_MAX ? UINT_MAX : (unsigned)n;
	while (zs.avail_in > 0) {
		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		rc = inflate(&zs, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
			*err = "broken gzip data";
			break;
		}
		if (kb_buf_add(&b, chunk, sizeof(chunk) - zs.avail_out) != 0) {
			*err = "gzip data inflates past the size limit";
			break;
		}
		if (rc == Z_STREAM_END) {
			/* Another member may follow; trailing zero bytes end it. */
			while (zs.avail_in > 0 && *zs.next_in == 0) {
				zs.next_in++;
				zs.avail_in--;
			}
			if (zs.avail_in > 0 && inflateReset(&zs) != Z_OK) {
				*err = "broken gzip data";
				break;
			}
		} else if (rc == Z_BUF_ERROR && zs.avail_out == sizeof(chunk)) {
			*err = "truncated gzip data";
			break;
		}
	}
	if (!*err && rc != Z_STREAM_END)
		*err = "truncated gzip data";
	inflateEnd(&zs);
	if (*err) {
		kb_buf_free(&b);
		return NULL;
	}
	if (!b.data)
		return kb_strdup("");
	return kb_buf_detach(&b, outlen);
}

static struct kabar_doc *
host_parse_xml(struct kabar_ctx *ctx, const struct kabar_response *resp)
{
	xmlDocPtr doc = NULL, doc2;
	struct parse_err pe, pe2;
	struct repairs rp;
	char *hcs = NULL, *text = NULL, *prep = NULL, *bal = NULL;
	size_t tlen, plen, blen;
	struct kabar_doc *d = NULL;

	if (!ctx || !body_ok(ctx, resp, "xml"))
		return NULL;
	hcs = header_charset(response_header(resp, "Content-Type"));
	if (resp->body && resp->len >= 2 && (unsigned char)resp->body[0] == 0x1f &&
	    (unsigned char)resp->body[1] == 0x8b) {
		/* A gzip file (sitemap.xml.gz), not a content coding. */
		const char *why;
		size_t zlen;
		char *raw = gunzip_bounded(resp->body, resp->len, MAX_DOC_BODY, &zlen, &why);

		if (!raw) {
			host_log(ctx, KABAR_LOG_WARNING, "cannot parse xml: %s", why);
			goto out;
		}
		text = decode_body(ctx, raw, zlen, hcs, xml_decl_charset, &tlen);
		free(raw);
	} else {
		text = decode_body(ctx, resp->body ? resp->body : "", resp->body ? resp->len : 0, hcs, xml_decl_charset,
				   &tlen);
	}
	prep = xml_prepass(text, tlen, &plen, &rp);
	if (plen > INT_MAX / 2) {
		host_log(ctx, KABAR_LOG_WARNING, "cannot parse xml: document too large");
		goto out;
	}
	log_repairs(ctx, &rp);
	doc = read_xml(prep, plen, resp->url, &pe);
	if (pe.tags) {
		/* Tags that do not match: libxml2 nests everything after
		 * them wrongly. Try again with the tags balanced. */
		bal = balance_tags(prep, plen, &blen);
		doc2 = blen <= INT_MAX ? read_xml(bal, blen, resp->url, &pe2) : NULL;
		if (doc2) {
			xmlFreeDoc(doc);
			doc = doc2;
		}
	}
	if (!doc) {
		host_log(ctx, KABAR_LOG_WARNING, "cannot parse xml: %s", pe.n ? pe.msg : "no root element");
		goto out;
	}
	if (pe.n)
		host_log(ctx, KABAR_LOG_WARNING, "recovered from malformed xml: %s (line %d)", pe.msg, pe.line);
	d = new_doc(ctx, HOLD_XML);
	d->xml = doc;
out:
	free(hcs);
	free(text);
	free(prep);
	free(bal);
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

char *
kb_html_decode(const char *body, size_t len, const char *content_type, size_t *outlen)
{
	char *hcs = header_charset(content_type);
	char *text;

	text = decode_body(NULL, body ? body : "", body ? len : 0, hcs, html_meta_charset, outlen);
	free(hcs);
	return text;
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
			size_t errors;
			char *conv = iconv_decode(body + skip, blen - skip, cs, &tlen, &errors);

			if (!conv) {
				host_log(ctx, KABAR_LOG_WARNING, "cannot parse json: no decoder for %s", cs);
				return NULL;
			}
			if (errors > 0)
				host_log(ctx, KABAR_LOG_WARNING,
					 "body has %zu invalid byte sequence%s for %s: replaced by U+FFFD", errors,
					 errors == 1 ? "" : "s", cs);
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
	return c ? keep_str(ctx, undo_double_utf8(c)) : "";
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
	return keep_str(ctx, undo_double_utf8(c));
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
	/* libxml2 decodes references to noncharacters (&#1114110;) as they
	 * are: what a plugin gets is valid UTF-8. */
	if (!kb_utf8_valid(s, strlen(s))) {
		char *clean = kb_utf8_clean(s, strlen(s));

		free(s);
		s = clean;
	}
	return keep_str(ctx, s);
}

/* The base URI of the response's document: its Content-Location header
 * resolved against the response URL, else the response URL. Content-
 * Location is taken only when it gives an http or https URL, so that a
 * page from the web cannot make its links point at local files. Host
 * memory (or the response's own URL); NULL without a response. */
static const char *
doc_base(struct kabar_ctx *ctx)
{
	const char *url = resp_url(ctx), *loc;
	char *u;

	if (!url || !(scheme_is(url, "http") || scheme_is(url, "https")))
		return url;
	loc = response_header(ctx->resp, "Content-Location");
	if (!loc || !*loc || strlen(loc) > MAX_URL)
		return url;
	u = kb_url_resolve(url, loc);
	if (!u || !(scheme_is(u, "http") || scheme_is(u, "https"))) {
		free(u);
		return url;
	}
	return keep_str(ctx, u);
}

/* The base URI at node: its own and its ancestors' xml:base (the 32
 * innermost), outermost first, resolved against the document's base. */
static const char *
node_base(struct kabar_ctx *ctx, struct kabar_node *node)
{
	xmlNodePtr n = as_node(node), x;
	xmlChar *bases[32];
	size_t nb = 0;
	const char *doc;
	char *cur, *u;

	if (!ctx)
		return NULL;
	doc = doc_base(ctx);
	for (x = n; x && x->type != XML_DOCUMENT_NODE && x->type != XML_HTML_DOCUMENT_NODE; x = x->parent) {
		xmlChar *b;

		if (x->type != XML_ELEMENT_NODE)
			continue;
		b = xmlGetNsProp(x, (const xmlChar *)"base", XML_XML_NAMESPACE);
		if (!b)
			continue;
		if (nb == sizeof(bases) / sizeof(bases[0])) {
			xmlFree(b);
			break;
		}
		bases[nb++] = b;
	}
	if (nb == 0)
		return doc;
	cur = doc ? kb_strdup(doc) : NULL;
	while (nb > 0) {
		nb--;
		u = kb_url_resolve(cur, (const char *)bases[nb]);
		xmlFree(bases[nb]);
		if (u) {
			free(cur);
			cur = u;
		}
	}
	return cur ? keep_str(ctx, cur) : doc;
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
	u = kb_url_resolve(base ? base : doc_base(ctx), ref);
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
 * further when sanitizing made it grow. New string or NULL when empty.
 * text (may be NULL): set to kb_html_to_text of the result (new string),
 * or NULL when the result is NULL. */
static char *
sanitize_bounded(const char *html, const char *base, size_t max, char **text)
{
	size_t in = strnlen(html, max + 1), tries;
	char *out = NULL, *t = NULL;

	for (tries = 0; tries < 4; tries++) {
		char *cut = kb_strndup(html, in);
		size_t olen;

		truncate_utf8(cut, in);
		out = kb_sanitize_html_text(cut, strlen(cut), base, text ? &t : NULL);
		free(cut);
		olen = strlen(out);
		if (olen <= max)
			break;
		free(out);
		free(t);
		out = NULL;
		t = NULL;
		in = in / 2;
	}
	/* Blanks trimmed off the end leave the text as it is. */
	if (out && !*kb_trim(out)) {
		free(out);
		out = NULL;
		free(t);
		t = NULL;
	}
	if (text)
		*text = t;
	else
		free(t);
	return out;
}

int
kb_item_from_plugin(struct kabar_ctx *ctx, const struct kabar_item *pi, struct kb_item *it)
{
	struct kabar_item p;
	const char *base = doc_base(ctx);
	size_t i;
	int title_html;

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
	title_html = p.struct_size >= offsetof(struct kabar_item, title_is_html) + sizeof(p.title_is_html) &&
		     p.title_is_html && p.title;
	/* The item's own base (its xml:base), when it keeps to the schemes
	 * the response may link to. */
	if (p.struct_size >= offsetof(struct kabar_item, base) + sizeof(p.base) && p.base &&
	    (p.content_html || title_html || (p.summary && p.summary_is_html)) &&
	    strnlen(p.base, MAX_URL + 1) <= MAX_URL) {
		char *u = kb_url_resolve(base, p.base);

		if (u && (scheme_is(u, "http") || scheme_is(u, "https") ||
			  (scheme_is(u, "file") && base && scheme_is(base, "file"))))
			base = keep_str(ctx, u);
		else
			free(u);
	}
	/* A title or summary given as HTML keeps its sanitized markup beside
	 * its text; the text comes from the same parse. */
	if (title_html) {
		char *t = NULL;

		it->title_html = sanitize_bounded(p.title, base, MAX_TITLE, &t);
		it->title = clean_line(t, MAX_TITLE);
		free(t);
	} else {
		it->title = clean_line(p.title, MAX_TITLE);
	}
	if (p.summary && p.summary_is_html) {
		char *t = NULL;

		it->summary_html = sanitize_bounded(p.summary, base, MAX_SUMMARY, &t);
		it->summary = clean_text(t, MAX_SUMMARY);
		free(t);
	} else if (p.summary) {
		it->summary = clean_text(p.summary, MAX_SUMMARY);
	}
	if (p.content_html) {
		char *t = NULL;

		/* The text of the sanitized HTML comes from the same parse
		 * unless the plugin gave one. */
		it->content_html = sanitize_bounded(p.content_html, base, MAX_CONTENT, p.content_text ? NULL : &t);
		if (!p.content_text && it->content_html)
			it->content_text = clean_text(t, MAX_CONTENT);
		free(t);
	}
	if (p.content_text)
		it->content_text = clean_text(p.content_text, MAX_CONTENT);
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
	if (p.struct_size >= offsetof(struct kabar_item, flags) + sizeof(p.flags))
		it->join_pages = (p.flags & KABAR_ITEM_JOIN_PAGES) != 0;
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
	r.flags = q.flags & (KABAR_FOLLOW_NEW_ONLY | KABAR_FOLLOW_ANY_STATUS);
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
	if (p.struct_size >= offsetof(struct kabar_feed, title_is_html) + sizeof(p.title_is_html) && p.title_is_html &&
	    p.title) {
		char *t = NULL;

		f.title_html = sanitize_bounded(p.title, doc_base(ctx), MAX_TITLE, &t);
		f.title = clean_line(t, MAX_TITLE);
		free(t);
	} else {
		f.title = clean_line(p.title, MAX_TITLE);
	}
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

static int
host_extract(struct kabar_ctx *ctx, const struct kabar_response *resp, struct kabar_article *out)
{
	struct kabar_article art;
	struct kb_article a;
	char *html;
	size_t len, i, size;
	const char *ct;

	if (!ctx || !resp || !out || out->struct_size < sizeof(size_t))
		return -1;
	size = out->struct_size;
	if (!body_ok(ctx, resp, "html"))
		return -1;
	ct = response_header(resp, "Content-Type");
	html = kb_html_decode(resp->body ? resp->body : "", resp->body ? resp->len : 0, ct, &len);
	if (kb_extract(html, len, resp->url, ctx->timezone, &a) != 0) {
		free(html);
		kb_article_free(&a);
		return -1;
	}
	free(html);
	memset(&art, 0, sizeof(art));
	art.struct_size = sizeof(art);
	art.url = keep_str(ctx, a.url);
	art.title = keep_str(ctx, a.title);
	art.content_html = keep_str(ctx, a.content_html);
	art.content_text = keep_str(ctx, a.content_text);
	art.summary = keep_str(ctx, a.summary);
	art.published = a.published;
	art.published_offset = a.published_offset;
	art.modified = a.modified;
	art.modified_offset = a.modified_offset;
	art.image = keep_str(ctx, a.image);
	art.language = keep_str(ctx, a.language);
	art.site_name = keep_str(ctx, a.site_name);
	art.section = keep_str(ctx, a.section);
	a.url = a.title = a.content_html = a.content_text = a.summary = NULL;
	a.image = a.language = a.site_name = a.section = NULL;
	if (a.n_authors > 0) {
		struct kabar_author **v = kb_ctx_keep(ctx, kb_calloc(a.n_authors, sizeof(*v)));

		for (i = 0; i < a.n_authors; i++) {
			struct kabar_author *pa = kb_ctx_keep(ctx, kb_calloc(1, sizeof(*pa)));

			pa->struct_size = sizeof(*pa);
			pa->name = keep_str(ctx, a.authors[i].name);
			pa->email = keep_str(ctx, a.authors[i].email);
			pa->url = keep_str(ctx, a.authors[i].url);
			a.authors[i].name = a.authors[i].email = a.authors[i].url = NULL;
			v[i] = pa;
		}
		art.authors = (const struct kabar_author *const *)v;
		art.n_authors = a.n_authors;
	}
	if (a.n_tags > 0) {
		art.tags = (const char *const *)kb_ctx_keep(ctx, a.tags);
		for (i = 0; i < a.n_tags; i++)
			kb_ctx_keep(ctx, a.tags[i]);
		art.n_tags = a.n_tags;
		a.tags = NULL;
		a.n_tags = 0;
	}
	if (a.n_next_pages > 0) {
		art.next_pages = (const char *const *)kb_ctx_keep(ctx, a.next_pages);
		for (i = 0; i < a.n_next_pages; i++)
			kb_ctx_keep(ctx, a.next_pages[i]);
		art.n_next_pages = a.n_next_pages;
		a.next_pages = NULL;
		a.n_next_pages = 0;
	}
	kb_article_free(&a);
	/* Only as much as the plugin's struct holds. */
	memcpy(out, &art, size < sizeof(art) ? size : sizeof(art));
	out->struct_size = size;
	return 0;
}

static int64_t
host_now(struct kabar_ctx *ctx)
{
	return ctx && ctx->now > 0 ? ctx->now : (int64_t)time(NULL);
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
	.now = host_now,
	.extract = host_extract,
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
