/* item.c: owned items, feed facts and requests, their stable keys, and the
 * wire encoding between a plugin's callback and the core. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "item.h"
#include "url.h"
#include "util.h"

/* Counts a decoder accepts. What a plugin can produce is bounded much
 * lower by the host (host.c); these only stop a hostile worker from
 * making the core allocate without limit. */
#define WIRE_MAX_AUTHORS    4096
#define WIRE_MAX_CATEGORIES 65536
#define WIRE_MAX_ENCLOSURES 4096
#define WIRE_MAX_META	    4096
#define WIRE_NULL	    0xffffffffu

void
kb_authors_free(struct kb_author *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].name);
		free(a[i].email);
		free(a[i].url);
	}
	free(a);
}

void
kb_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
kb_enclosures_free(struct kb_enclosure *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].url);
		free(e[i].type);
		free(e[i].title);
	}
	free(e);
}

void
kb_item_free(struct kb_item *it)
{
	if (!it)
		return;
	free(it->id);
	free(it->url);
	free(it->title);
	free(it->title_html);
	free(it->summary);
	free(it->summary_html);
	free(it->content_html);
	free(it->content_text);
	free(it->language);
	free(it->image);
	kb_authors_free(it->authors, it->n_authors);
	kb_strv_free(it->categories, it->n_categories);
	kb_enclosures_free(it->enclosures, it->n_enclosures);
	free(it->comments_url);
	free(it->key);
	free(it->region);
	free(it->region_name);
	free(it->region_province);
	free(it->event_name);
	free(it->event_venue);
	free(it->event_organizer);
	if (it->pages && it->pages_free)
		it->pages_free(it->pages);
	memset(it, 0, sizeof(*it));
	it->published = KB_NO_TIME;
	it->updated = KB_NO_TIME;
}

void
kb_feedinfo_free(struct kb_feedinfo *f)
{
	if (!f)
		return;
	free(f->title);
	free(f->title_html);
	free(f->home_page_url);
	free(f->description);
	free(f->language);
	free(f->icon);
	kb_authors_free(f->authors, f->n_authors);
	free(f->format);
	memset(f, 0, sizeof(*f));
}

void
kb_request_free(struct kb_request *r)
{
	if (!r)
		return;
	free(r->url);
	free(r->tag);
	kb_strv_free(r->meta, r->n_meta * 2);
	memset(r, 0, sizeof(*r));
}

/* --- keys --- */

/* A copy of s without leading and trailing whitespace, NULL when nothing
 * is left. */
static char *
trimmed_dup(const char *s)
{
	char *copy, *t, *ret;

	if (!s)
		return NULL;
	copy = kb_strdup(s);
	t = kb_trim(copy);
	ret = *t ? kb_strdup(t) : NULL;
	free(copy);
	return ret;
}

static uint64_t
fnv1a(uint64_t h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Key from the link's identity form, or NULL. */
static char *
key_from_link(const struct kb_item *it)
{
	char *ident = it->url ? kb_url_identity(it->url) : NULL, *key = NULL;

	if (ident && *ident)
		key = kb_asprintf("url:%s", ident);
	free(ident);
	return key;
}

static char *
key_from_title_date(const struct kb_item *it)
{
	char when[32];
	uint64_t h;

	h = 0xcbf29ce484222325ULL;
	h = fnv1a(h, it->title ? it->title : "");
	h = fnv1a(h, "\n");
	if (it->published != KB_NO_TIME) {
		snprintf(when, sizeof(when), "%lld", (long long)it->published);
		h = fnv1a(h, when);
	}
	return kb_asprintf("td:%016llx", (unsigned long long)h);
}

void
kb_item_key_by(struct kb_item *it, enum kb_id_strategy strategy)
{
	char *key = NULL;

	free(it->key);
	it->key = NULL;
	if (strategy == KB_ID_GUID)
		key = trimmed_dup(it->id);
	if (!key && strategy != KB_ID_TITLE_DATE)
		key = key_from_link(it);
	if (!key)
		key = key_from_title_date(it);
	it->key = key;
}

void
kb_item_key(struct kb_item *it)
{
	kb_item_key_by(it, KB_ID_GUID);
}

static const char *const strategy_names[] = {
	[KB_ID_GUID] = "guid",
	[KB_ID_LINK] = "link",
	[KB_ID_TITLE_DATE] = "title-date",
};

const char *
kb_id_strategy_name(enum kb_id_strategy s)
{
	return (unsigned)s < KB_ARRAY_LEN(strategy_names) ? strategy_names[s] : "guid";
}

int
kb_id_strategy_parse(const char *name, enum kb_id_strategy *out)
{
	size_t i;

	for (i = 0; name && i < KB_ARRAY_LEN(strategy_names); i++) {
		if (strcmp(name, strategy_names[i]) == 0) {
			*out = (enum kb_id_strategy)i;
			return 0;
		}
	}
	return -1;
}

/* --- wire: encoding --- */

static int
put_u32(struct kb_buf *b, uint32_t v)
{
	unsigned char p[4];

	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)((v >> 8) & 0xff);
	p[2] = (unsigned char)((v >> 16) & 0xff);
	p[3] = (unsigned char)((v >> 24) & 0xff);
	return kb_buf_add(b, p, 4);
}

int
kb_wire_put_i64(struct kb_buf *b, int64_t v)
{
	unsigned char p[8];
	uint64_t u = (uint64_t)v;
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)((u >> (8 * i)) & 0xff);
	return kb_buf_add(b, p, 8);
}

int
kb_wire_put_mem(struct kb_buf *b, const void *p, size_t n)
{
	if (!p)
		return put_u32(b, WIRE_NULL);
	if (n >= WIRE_NULL)
		return -1;
	if (put_u32(b, (uint32_t)n) != 0)
		return -1;
	return kb_buf_add(b, p, n);
}

int
kb_wire_put_str(struct kb_buf *b, const char *s)
{
	return kb_wire_put_mem(b, s, s ? strlen(s) : 0);
}

int
kb_wire_begin(struct kb_buf *b, int type, size_t *mark)
{
	unsigned char t;

	if (type < 0 || type > 255)
		return -1;
	t = (unsigned char)type;
	if (kb_buf_add(b, &t, 1) != 0)
		return -1;
	*mark = b->len;
	return put_u32(b, 0);
}

int
kb_wire_end(struct kb_buf *b, size_t mark)
{
	size_t n;
	unsigned char *p;

	if (mark > b->len || b->len - mark < 4)
		return -1;
	n = b->len - mark - 4;
	if (n >= WIRE_NULL)
		return -1;
	p = (unsigned char *)b->data + mark;
	p[0] = (unsigned char)(n & 0xff);
	p[1] = (unsigned char)((n >> 8) & 0xff);
	p[2] = (unsigned char)((n >> 16) & 0xff);
	p[3] = (unsigned char)((n >> 24) & 0xff);
	return 0;
}

/* A failed message is removed again, so the buffer only ever holds whole
 * messages. */
static int
wire_abort(struct kb_buf *b, size_t mark)
{
	if (mark >= 1 && mark - 1 <= b->len) {
		b->len = mark - 1;
		if (b->data)
			b->data[b->len] = '\0';
	}
	return -1;
}

static int
put_authors(struct kb_buf *b, const struct kb_author *a, size_t n)
{
	size_t i;

	if (kb_wire_put_i64(b, (int64_t)n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (kb_wire_put_str(b, a[i].name) != 0 || kb_wire_put_str(b, a[i].email) != 0 ||
		    kb_wire_put_str(b, a[i].url) != 0)
			return -1;
	}
	return 0;
}

static int
put_item_body(struct kb_buf *b, enum kb_msg_type type, const struct kb_item *it)
{
	size_t i;

	if (kb_wire_put_str(b, it->id) != 0 || kb_wire_put_str(b, it->url) != 0 || kb_wire_put_str(b, it->title) != 0 ||
	    kb_wire_put_str(b, it->title_html) != 0 || kb_wire_put_str(b, it->summary) != 0 ||
	    kb_wire_put_str(b, it->summary_html) != 0 || kb_wire_put_str(b, it->content_html) != 0 ||
	    kb_wire_put_str(b, it->content_text) != 0 || kb_wire_put_i64(b, it->published) != 0 ||
	    kb_wire_put_i64(b, it->published_offset) != 0 || kb_wire_put_i64(b, it->updated) != 0 ||
	    kb_wire_put_i64(b, it->updated_offset) != 0 || kb_wire_put_str(b, it->language) != 0 ||
	    kb_wire_put_str(b, it->image) != 0)
		return -1;
	if (put_authors(b, it->authors, it->n_authors) != 0)
		return -1;
	if (kb_wire_put_i64(b, (int64_t)it->n_categories) != 0)
		return -1;
	for (i = 0; i < it->n_categories; i++)
		if (kb_wire_put_str(b, it->categories[i]) != 0)
			return -1;
	if (kb_wire_put_i64(b, (int64_t)it->n_enclosures) != 0)
		return -1;
	for (i = 0; i < it->n_enclosures; i++) {
		const struct kb_enclosure *e = &it->enclosures[i];

		if (kb_wire_put_str(b, e->url) != 0 || kb_wire_put_str(b, e->type) != 0 ||
		    kb_wire_put_i64(b, e->length) != 0 || kb_wire_put_str(b, e->title) != 0)
			return -1;
	}
	if (kb_wire_put_str(b, it->comments_url) != 0 || kb_wire_put_i64(b, it->id_is_permalink) != 0 ||
	    kb_wire_put_i64(b, type == KB_MSG_PARTIAL || it->partial) != 0 || kb_wire_put_i64(b, it->join_pages) != 0 ||
	    kb_wire_put_str(b, it->key) != 0 || kb_wire_put_i64(b, it->first_seen) != 0)
		return -1;
	return 0;
}

int
kb_wire_item(struct kb_buf *b, enum kb_msg_type type, const struct kb_item *it)
{
	size_t mark;

	if (type != KB_MSG_ITEM && type != KB_MSG_PARTIAL)
		return -1;
	if (kb_wire_begin(b, type, &mark) != 0)
		return -1;
	if (put_item_body(b, type, it) != 0 || kb_wire_end(b, mark) != 0)
		return wire_abort(b, mark);
	return 0;
}

int
kb_wire_feed(struct kb_buf *b, const struct kb_feedinfo *f)
{
	size_t mark;

	if (kb_wire_begin(b, KB_MSG_FEED, &mark) != 0)
		return -1;
	if (kb_wire_put_str(b, f->title) != 0 || kb_wire_put_str(b, f->title_html) != 0 ||
	    kb_wire_put_str(b, f->home_page_url) != 0 || kb_wire_put_str(b, f->description) != 0 ||
	    kb_wire_put_str(b, f->language) != 0 || kb_wire_put_str(b, f->icon) != 0 ||
	    put_authors(b, f->authors, f->n_authors) != 0 || kb_wire_put_i64(b, f->ttl) != 0 ||
	    kb_wire_put_str(b, f->format) != 0 || kb_wire_end(b, mark) != 0)
		return wire_abort(b, mark);
	return 0;
}

int
kb_wire_request(struct kb_buf *b, const struct kb_request *r)
{
	size_t mark, i;

	if (kb_wire_begin(b, KB_MSG_FOLLOW, &mark) != 0)
		return -1;
	if (kb_wire_put_str(b, r->url) != 0 || kb_wire_put_str(b, r->tag) != 0 ||
	    kb_wire_put_i64(b, (int64_t)r->n_meta) != 0)
		return wire_abort(b, mark);
	for (i = 0; i < r->n_meta * 2; i++)
		if (kb_wire_put_str(b, r->meta[i]) != 0)
			return wire_abort(b, mark);
	if (kb_wire_put_i64(b, r->flags) != 0 || kb_wire_end(b, mark) != 0)
		return wire_abort(b, mark);
	return 0;
}

int
kb_wire_log(struct kb_buf *b, int level, const char *msg)
{
	size_t mark;

	if (kb_wire_begin(b, KB_MSG_LOG, &mark) != 0)
		return -1;
	if (kb_wire_put_i64(b, level) != 0 || kb_wire_put_str(b, msg) != 0 || kb_wire_end(b, mark) != 0)
		return wire_abort(b, mark);
	return 0;
}

int
kb_wire_result(struct kb_buf *b, int64_t result)
{
	size_t mark;

	if (kb_wire_begin(b, KB_MSG_RESULT, &mark) != 0)
		return -1;
	if (kb_wire_put_i64(b, result) != 0 || kb_wire_end(b, mark) != 0)
		return wire_abort(b, mark);
	return 0;
}

/* --- wire: decoding --- */

static int
get_u32(struct kb_wire_reader *r, uint32_t *v)
{
	if (r->left < 4)
		return -1;
	*v = (uint32_t)r->p[0] | ((uint32_t)r->p[1] << 8) | ((uint32_t)r->p[2] << 16) | ((uint32_t)r->p[3] << 24);
	r->p += 4;
	r->left -= 4;
	return 0;
}

int
kb_wire_get_i64(struct kb_wire_reader *r, int64_t *v)
{
	uint64_t u = 0;
	int i;

	if (r->left < 8)
		return -1;
	for (i = 0; i < 8; i++)
		u |= (uint64_t)r->p[i] << (8 * i);
	r->p += 8;
	r->left -= 8;
	memcpy(v, &u, sizeof(*v));
	return 0;
}

int
kb_wire_get_mem(struct kb_wire_reader *r, char **p, size_t *n)
{
	uint32_t len;
	char *s;

	*p = NULL;
	*n = 0;
	if (get_u32(r, &len) != 0)
		return -1;
	if (len == WIRE_NULL)
		return 0;
	if (len > r->left)
		return -1;
	s = kb_malloc((size_t)len + 1);
	if (len > 0)
		memcpy(s, r->p, len);
	s[len] = '\0';
	r->p += len;
	r->left -= len;
	*p = s;
	*n = len;
	return 0;
}

/* Strings never hold a NUL byte: one that does is malformed. */
int
kb_wire_get_str(struct kb_wire_reader *r, char **s)
{
	size_t n;

	if (kb_wire_get_mem(r, s, &n) != 0)
		return -1;
	if (*s && memchr(*s, '\0', n)) {
		free(*s);
		*s = NULL;
		return -1;
	}
	return 0;
}

static int
get_int(struct kb_wire_reader *r, int *v)
{
	int64_t x;

	if (kb_wire_get_i64(r, &x) != 0 || x < INT32_MIN || x > INT32_MAX)
		return -1;
	*v = (int)x;
	return 0;
}

/* A count of elements, each at least min_size bytes on the wire. */
static int
get_count(struct kb_wire_reader *r, size_t max, size_t min_size, size_t *n)
{
	int64_t x;

	if (kb_wire_get_i64(r, &x) != 0 || x < 0 || (uint64_t)x > max)
		return -1;
	if ((uint64_t)x > r->left / min_size)
		return -1;
	*n = (size_t)x;
	return 0;
}

int
kb_wire_next(struct kb_wire_reader *r, int *type, struct kb_wire_reader *payload)
{
	struct kb_wire_reader c = *r;
	uint32_t len;

	if (r->left == 0)
		return 0;
	*type = c.p[0];
	c.p++;
	c.left--;
	if (get_u32(&c, &len) != 0 || len > c.left)
		return -1;
	payload->p = c.p;
	payload->left = len;
	r->p = c.p + len;
	r->left = c.left - len;
	return 1;
}

static int
get_authors(struct kb_wire_reader *r, struct kb_author **out, size_t *n_out)
{
	struct kb_author *a = NULL;
	size_t n, i;

	*out = NULL;
	*n_out = 0;
	if (get_count(r, WIRE_MAX_AUTHORS, 12, &n) != 0)
		return -1;
	if (n == 0)
		return 0;
	a = kb_calloc(n, sizeof(*a));
	for (i = 0; i < n; i++) {
		if (kb_wire_get_str(r, &a[i].name) != 0 || kb_wire_get_str(r, &a[i].email) != 0 ||
		    kb_wire_get_str(r, &a[i].url) != 0) {
			kb_authors_free(a, n);
			return -1;
		}
	}
	*out = a;
	*n_out = n;
	return 0;
}

static int
get_item_body(struct kb_wire_reader *r, struct kb_item *it)
{
	int64_t x;
	size_t i, n;

	if (kb_wire_get_str(r, &it->id) != 0 || kb_wire_get_str(r, &it->url) != 0 ||
	    kb_wire_get_str(r, &it->title) != 0 || kb_wire_get_str(r, &it->title_html) != 0 ||
	    kb_wire_get_str(r, &it->summary) != 0 || kb_wire_get_str(r, &it->summary_html) != 0 ||
	    kb_wire_get_str(r, &it->content_html) != 0 || kb_wire_get_str(r, &it->content_text) != 0 ||
	    kb_wire_get_i64(r, &it->published) != 0 || get_int(r, &it->published_offset) != 0 ||
	    kb_wire_get_i64(r, &it->updated) != 0 || get_int(r, &it->updated_offset) != 0 ||
	    kb_wire_get_str(r, &it->language) != 0 || kb_wire_get_str(r, &it->image) != 0)
		return -1;
	if (get_authors(r, &it->authors, &it->n_authors) != 0)
		return -1;
	if (get_count(r, WIRE_MAX_CATEGORIES, 4, &n) != 0)
		return -1;
	if (n > 0) {
		it->categories = kb_calloc(n, sizeof(*it->categories));
		it->n_categories = n;
		for (i = 0; i < n; i++)
			if (kb_wire_get_str(r, &it->categories[i]) != 0)
				return -1;
	}
	if (get_count(r, WIRE_MAX_ENCLOSURES, 20, &n) != 0)
		return -1;
	if (n > 0) {
		it->enclosures = kb_calloc(n, sizeof(*it->enclosures));
		it->n_enclosures = n;
		for (i = 0; i < n; i++) {
			struct kb_enclosure *e = &it->enclosures[i];

			if (kb_wire_get_str(r, &e->url) != 0 || kb_wire_get_str(r, &e->type) != 0 ||
			    kb_wire_get_i64(r, &e->length) != 0 || kb_wire_get_str(r, &e->title) != 0)
				return -1;
		}
	}
	if (kb_wire_get_str(r, &it->comments_url) != 0 || kb_wire_get_i64(r, &x) != 0)
		return -1;
	it->id_is_permalink = x != 0;
	if (kb_wire_get_i64(r, &x) != 0)
		return -1;
	it->partial = x != 0;
	if (kb_wire_get_i64(r, &x) != 0)
		return -1;
	it->join_pages = x != 0;
	if (kb_wire_get_str(r, &it->key) != 0 || kb_wire_get_i64(r, &it->first_seen) != 0)
		return -1;
	return 0;
}

int
kb_wire_get_item(struct kb_wire_reader *r, struct kb_item *it)
{
	memset(it, 0, sizeof(*it));
	if (get_item_body(r, it) != 0) {
		kb_item_free(it);
		return -1;
	}
	return 0;
}

int
kb_wire_get_feed(struct kb_wire_reader *r, struct kb_feedinfo *f)
{
	memset(f, 0, sizeof(*f));
	if (kb_wire_get_str(r, &f->title) != 0 || kb_wire_get_str(r, &f->title_html) != 0 ||
	    kb_wire_get_str(r, &f->home_page_url) != 0 || kb_wire_get_str(r, &f->description) != 0 ||
	    kb_wire_get_str(r, &f->language) != 0 || kb_wire_get_str(r, &f->icon) != 0 ||
	    get_authors(r, &f->authors, &f->n_authors) != 0 || kb_wire_get_i64(r, &f->ttl) != 0 ||
	    kb_wire_get_str(r, &f->format) != 0) {
		kb_feedinfo_free(f);
		return -1;
	}
	return 0;
}

int
kb_wire_get_request(struct kb_wire_reader *r, struct kb_request *req)
{
	size_t n, i;
	int64_t flags;

	memset(req, 0, sizeof(*req));
	if (kb_wire_get_str(r, &req->url) != 0 || kb_wire_get_str(r, &req->tag) != 0 ||
	    get_count(r, WIRE_MAX_META, 8, &n) != 0)
		goto fail;
	if (n > 0) {
		req->meta = kb_calloc(n * 2, sizeof(*req->meta));
		req->n_meta = n;
		for (i = 0; i < n * 2; i++)
			if (kb_wire_get_str(r, &req->meta[i]) != 0)
				goto fail;
	}
	if (kb_wire_get_i64(r, &flags) != 0 || flags < 0 || flags > UINT32_MAX)
		goto fail;
	req->flags = (unsigned)flags;
	return 0;
fail:
	kb_request_free(req);
	return -1;
}

int
kb_wire_get_log(struct kb_wire_reader *r, int *level, char **msg)
{
	*msg = NULL;
	if (get_int(r, level) != 0 || kb_wire_get_str(r, msg) != 0)
		return -1;
	if (!*msg)
		*msg = kb_strdup("");
	return 0;
}

int
kb_wire_get_result(struct kb_wire_reader *r, int64_t *result)
{
	return kb_wire_get_i64(r, result);
}

static char **
strv_dup(char *const *v, size_t n)
{
	char **c;
	size_t i;

	if (n == 0)
		return NULL;
	c = kb_calloc(n, sizeof(*c));
	for (i = 0; i < n; i++)
		c[i] = kb_strdup(v[i]);
	return c;
}

void
kb_item_copy(struct kb_item *dst, const struct kb_item *src)
{
	size_t i;

	*dst = *src;
	dst->pages = NULL; /* an article being joined is not copied */
	dst->pages_free = NULL;
	dst->region = kb_strdup(src->region);
	dst->region_name = kb_strdup(src->region_name);
	dst->region_province = kb_strdup(src->region_province);
	dst->event_name = kb_strdup(src->event_name);
	dst->event_venue = kb_strdup(src->event_venue);
	dst->event_organizer = kb_strdup(src->event_organizer);
	dst->id = kb_strdup(src->id);
	dst->url = kb_strdup(src->url);
	dst->title = kb_strdup(src->title);
	dst->title_html = kb_strdup(src->title_html);
	dst->summary = kb_strdup(src->summary);
	dst->summary_html = kb_strdup(src->summary_html);
	dst->content_html = kb_strdup(src->content_html);
	dst->content_text = kb_strdup(src->content_text);
	dst->language = kb_strdup(src->language);
	dst->image = kb_strdup(src->image);
	dst->comments_url = kb_strdup(src->comments_url);
	dst->key = kb_strdup(src->key);
	dst->authors = NULL;
	if (src->n_authors > 0) {
		dst->authors = kb_calloc(src->n_authors, sizeof(*dst->authors));
		for (i = 0; i < src->n_authors; i++) {
			dst->authors[i].name = kb_strdup(src->authors[i].name);
			dst->authors[i].email = kb_strdup(src->authors[i].email);
			dst->authors[i].url = kb_strdup(src->authors[i].url);
		}
	}
	dst->categories = strv_dup(src->categories, src->n_categories);
	dst->enclosures = NULL;
	if (src->n_enclosures > 0) {
		dst->enclosures = kb_calloc(src->n_enclosures, sizeof(*dst->enclosures));
		for (i = 0; i < src->n_enclosures; i++) {
			dst->enclosures[i].url = kb_strdup(src->enclosures[i].url);
			dst->enclosures[i].type = kb_strdup(src->enclosures[i].type);
			dst->enclosures[i].length = src->enclosures[i].length;
			dst->enclosures[i].title = kb_strdup(src->enclosures[i].title);
		}
	}
}
