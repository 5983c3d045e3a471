/* test-wire.c: the wire codec of item.c: round trips of every message
 * type with every field (NULLs, binary, UTF-8), item keys, and hostile
 * input (truncation at every length, oversized lengths, garbage). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "item.h"
#include "util.h"
#include "tap.h"

static int
streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
fill_item(struct kb_item *it)
{
	static struct kb_author authors[2];
	static char *cats[3];
	static struct kb_enclosure encs[2];

	memset(it, 0, sizeof(*it));
	it->id = kb_strdup("tag:example.org,2024:1");
	it->url = kb_strdup("https://example.org/a?b=c&d=e");
	it->title = kb_strdup("Pameran UMKM \xe2\x80\x94 Surabaya \xf0\x9f\x8e\x89");
	it->summary = kb_strdup("line one\nline two\ttab");
	it->content_html = kb_strdup("<p>hello &amp; <b>world</b></p>");
	it->content_text = NULL;
	it->published = 1700000000;
	it->published_offset = 420;
	it->updated = KB_NO_TIME;
	it->updated_offset = -300;
	it->language = kb_strdup("id");
	it->image = NULL;
	authors[0].name = kb_strdup("Budi");
	authors[0].email = NULL;
	authors[0].url = kb_strdup("https://example.org/budi");
	authors[1].name = NULL;
	authors[1].email = kb_strdup("x@example.org");
	authors[1].url = NULL;
	it->authors = kb_calloc(2, sizeof(*it->authors));
	memcpy(it->authors, authors, sizeof(authors));
	it->n_authors = 2;
	cats[0] = kb_strdup("ekonomi");
	cats[1] = kb_strdup("");
	cats[2] = kb_strdup("\xc3\xa9v\xc3\xa9nement");
	it->categories = kb_calloc(3, sizeof(*it->categories));
	memcpy(it->categories, cats, sizeof(cats));
	it->n_categories = 3;
	encs[0].url = kb_strdup("https://example.org/a.mp3");
	encs[0].type = kb_strdup("audio/mpeg");
	encs[0].length = 123456789012LL;
	encs[0].title = NULL;
	encs[1].url = kb_strdup("https://example.org/b.jpg");
	encs[1].type = NULL;
	encs[1].length = -1;
	encs[1].title = kb_strdup("pic");
	it->enclosures = kb_calloc(2, sizeof(*it->enclosures));
	memcpy(it->enclosures, encs, sizeof(encs));
	it->n_enclosures = 2;
	it->comments_url = kb_strdup("https://example.org/a#comments");
	it->id_is_permalink = 1;
	it->partial = 0;
	it->key = kb_strdup("tag:example.org,2024:1");
	it->first_seen = 42;
}

static int
items_equal(const struct kb_item *a, const struct kb_item *b)
{
	size_t i;

	if (!streq(a->id, b->id) || !streq(a->url, b->url) || !streq(a->title, b->title) ||
	    !streq(a->summary, b->summary) || !streq(a->content_html, b->content_html) ||
	    !streq(a->content_text, b->content_text) || a->published != b->published ||
	    a->published_offset != b->published_offset || a->updated != b->updated ||
	    a->updated_offset != b->updated_offset || !streq(a->language, b->language) || !streq(a->image, b->image) ||
	    a->n_authors != b->n_authors || a->n_categories != b->n_categories || a->n_enclosures != b->n_enclosures ||
	    !streq(a->comments_url, b->comments_url) || a->id_is_permalink != b->id_is_permalink ||
	    !streq(a->key, b->key) || a->first_seen != b->first_seen)
		return 0;
	for (i = 0; i < a->n_authors; i++)
		if (!streq(a->authors[i].name, b->authors[i].name) ||
		    !streq(a->authors[i].email, b->authors[i].email) || !streq(a->authors[i].url, b->authors[i].url))
			return 0;
	for (i = 0; i < a->n_categories; i++)
		if (!streq(a->categories[i], b->categories[i]))
			return 0;
	for (i = 0; i < a->n_enclosures; i++)
		if (!streq(a->enclosures[i].url, b->enclosures[i].url) ||
		    !streq(a->enclosures[i].type, b->enclosures[i].type) ||
		    a->enclosures[i].length != b->enclosures[i].length ||
		    !streq(a->enclosures[i].title, b->enclosures[i].title))
			return 0;
	return 1;
}

/* Decode every message of a buffer; returns the number decoded, or -1 at
 * the first malformed one. Everything decoded is freed. */
static int
decode_all(const void *p, size_t n)
{
	struct kb_wire_reader r = { p, n }, pl;
	int type, rc, count = 0;

	for (;;) {
		int ok_ = -1;

		rc = kb_wire_next(&r, &type, &pl);
		if (rc != 1)
			break;

		switch (type) {
		case KB_MSG_ITEM:
		case KB_MSG_PARTIAL: {
			struct kb_item it;

			ok_ = kb_wire_get_item(&pl, &it);
			if (ok_ == 0)
				kb_item_free(&it);
			break;
		}
		case KB_MSG_FEED: {
			struct kb_feedinfo f;

			ok_ = kb_wire_get_feed(&pl, &f);
			if (ok_ == 0)
				kb_feedinfo_free(&f);
			break;
		}
		case KB_MSG_FOLLOW: {
			struct kb_request q;

			ok_ = kb_wire_get_request(&pl, &q);
			if (ok_ == 0)
				kb_request_free(&q);
			break;
		}
		case KB_MSG_LOG: {
			int level;
			char *msg = NULL;

			ok_ = kb_wire_get_log(&pl, &level, &msg);
			free(msg);
			break;
		}
		case KB_MSG_RESULT: {
			int64_t v;

			ok_ = kb_wire_get_result(&pl, &v);
			break;
		}
		default:
			ok_ = -1;
			break;
		}
		if (ok_ != 0)
			return -1;
		count++;
	}
	return rc < 0 ? -1 : count;
}

static void
test_item_roundtrip(void)
{
	struct kb_item a, b;
	struct kb_buf buf;
	struct kb_wire_reader r, pl;
	int type;

	fill_item(&a);
	kb_buf_init(&buf, 1 << 20);
	is_int(kb_wire_item(&buf, KB_MSG_ITEM, &a), 0, "item encodes");
	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	is_int(kb_wire_next(&r, &type, &pl), 1, "one message");
	is_int(type, KB_MSG_ITEM, "type item");
	is_int(kb_wire_get_item(&pl, &b), 0, "item decodes");
	ok(items_equal(&a, &b), "every item field survives, NULLs included");
	is_str(b.title, "Pameran UMKM \xe2\x80\x94 Surabaya \xf0\x9f\x8e\x89", "utf-8 title intact");
	ok(b.content_text == NULL && b.image == NULL, "NULL strings stay NULL");
	is_str(b.categories[1], "", "empty string stays empty, not NULL");
	is_int(b.enclosures[0].length, 123456789012LL, "64-bit length");
	is_int(b.updated, KB_NO_TIME, "KB_NO_TIME survives");
	is_int(b.updated_offset, -300, "negative offset survives");
	is_int(b.partial, 0, "not partial");
	is_int(kb_wire_next(&r, &type, &pl), 0, "end of input");
	kb_item_free(&b);

	kb_buf_reset(&buf);
	is_int(kb_wire_item(&buf, KB_MSG_PARTIAL, &a), 0, "partial encodes");
	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	kb_wire_next(&r, &type, &pl);
	is_int(type, KB_MSG_PARTIAL, "type partial");
	is_int(kb_wire_get_item(&pl, &b), 0, "partial decodes");
	is_int(b.partial, 1, "partial flag set");
	kb_item_free(&b);
	is_int(kb_wire_item(&buf, KB_MSG_LOG, &a), -1, "item with a wrong type refused");

	/* An empty item: every string NULL, every array empty. */
	kb_item_free(&a);
	memset(&a, 0, sizeof(a));
	a.published = KB_NO_TIME;
	a.updated = KB_NO_TIME;
	kb_buf_reset(&buf);
	is_int(kb_wire_item(&buf, KB_MSG_ITEM, &a), 0, "empty item encodes");
	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	kb_wire_next(&r, &type, &pl);
	is_int(kb_wire_get_item(&pl, &b), 0, "empty item decodes");
	ok(items_equal(&a, &b) && !b.authors && !b.categories && !b.enclosures, "empty item round trip");
	kb_item_free(&b);
	kb_buf_free(&buf);
}

static void
test_other_roundtrips(void)
{
	struct kb_feedinfo f, g;
	struct kb_request q, q2;
	struct kb_buf buf;
	struct kb_wire_reader r, pl;
	int type, level;
	char *msg;
	int64_t v;
	char *meta[4];

	kb_buf_init(&buf, 1 << 20);
	memset(&f, 0, sizeof(f));
	f.title = kb_strdup("ANTARA Jatim");
	f.home_page_url = kb_strdup("https://jatim.antaranews.com/");
	f.description = NULL;
	f.language = kb_strdup("id");
	f.icon = NULL;
	f.authors = kb_calloc(1, sizeof(*f.authors));
	f.authors[0].name = kb_strdup("Redaksi");
	f.n_authors = 1;
	f.ttl = 3600;
	f.format = kb_strdup("rss2.0");
	is_int(kb_wire_feed(&buf, &f), 0, "feed encodes");

	memset(&q, 0, sizeof(q));
	q.url = kb_strdup("https://example.org/next?page=2");
	q.tag = NULL;
	meta[0] = kb_strdup("category");
	meta[1] = kb_strdup("ekonomi \xe2\x82\xac");
	meta[2] = kb_strdup("empty");
	meta[3] = NULL;
	q.meta = kb_calloc(4, sizeof(*q.meta));
	memcpy(q.meta, meta, sizeof(meta));
	q.n_meta = 2;
	q.flags = 1;
	is_int(kb_wire_request(&buf, &q), 0, "request encodes");
	is_int(kb_wire_log(&buf, 1, "warn \xc3\xbc"), 0, "log encodes");
	is_int(kb_wire_log(&buf, 3, NULL), 0, "log with NULL message encodes");
	is_int(kb_wire_result(&buf, -1), 0, "result encodes");

	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	kb_wire_next(&r, &type, &pl);
	is_int(type, KB_MSG_FEED, "feed type");
	is_int(kb_wire_get_feed(&pl, &g), 0, "feed decodes");
	ok(streq(g.title, f.title) && streq(g.home_page_url, f.home_page_url) && g.description == NULL &&
		   streq(g.language, "id") && g.icon == NULL && g.n_authors == 1 &&
		   streq(g.authors[0].name, "Redaksi") && g.authors[0].url == NULL && g.ttl == 3600 &&
		   streq(g.format, "rss2.0"),
	   "feed fields survive");
	kb_feedinfo_free(&g);

	kb_wire_next(&r, &type, &pl);
	is_int(type, KB_MSG_FOLLOW, "follow type");
	is_int(kb_wire_get_request(&pl, &q2), 0, "request decodes");
	ok(streq(q2.url, q.url) && q2.tag == NULL && q2.n_meta == 2 && streq(q2.meta[1], "ekonomi \xe2\x82\xac") &&
		   q2.meta[3] == NULL && q2.flags == 1,
	   "request fields survive, NULL tag and value included");
	kb_request_free(&q2);

	kb_wire_next(&r, &type, &pl);
	is_int(type, KB_MSG_LOG, "log type");
	is_int(kb_wire_get_log(&pl, &level, &msg), 0, "log decodes");
	ok(level == 1 && streq(msg, "warn \xc3\xbc"), "log level and message");
	free(msg);
	kb_wire_next(&r, &type, &pl);
	is_int(kb_wire_get_log(&pl, &level, &msg), 0, "NULL log decodes");
	is_str(msg, "", "NULL log message becomes empty");
	free(msg);
	kb_wire_next(&r, &type, &pl);
	is_int(type, KB_MSG_RESULT, "result type");
	is_int(kb_wire_get_result(&pl, &v), 0, "result decodes");
	is_int(v, -1, "result value");
	is_int(kb_wire_next(&r, &type, &pl), 0, "end");
	is_int(decode_all(buf.data, buf.len), 5, "decode_all reads all five messages");

	kb_feedinfo_free(&f);
	kb_request_free(&q);
	kb_buf_free(&buf);
}

static void
test_mem(void)
{
	struct kb_buf buf;
	struct kb_wire_reader r;
	static const char bin[] = { 'a', 0, (char)0xff, 0, 'b' };
	char *p, *s;
	size_t n;

	kb_buf_init(&buf, 1024);
	kb_wire_put_mem(&buf, bin, sizeof(bin));
	kb_wire_put_mem(&buf, NULL, 0);
	kb_wire_put_mem(&buf, "", 0);
	kb_wire_put_mem(&buf, bin, sizeof(bin));
	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	ok(kb_wire_get_mem(&r, &p, &n) == 0 && n == sizeof(bin) && memcmp(p, bin, n) == 0 && p[n] == '\0',
	   "binary with NULs round trips and is NUL-terminated");
	free(p);
	ok(kb_wire_get_mem(&r, &p, &n) == 0 && p == NULL && n == 0, "NULL mem");
	ok(kb_wire_get_mem(&r, &p, &n) == 0 && p && n == 0, "empty mem is not NULL");
	free(p);
	is_int(kb_wire_get_str(&r, &s), -1, "a string holding NUL bytes is malformed");
	ok(s == NULL, "and nothing is returned");
	kb_buf_free(&buf);

	/* A buffer too small for the message: nothing half-written. */
	kb_buf_init(&buf, 16);
	is_int(kb_wire_log(&buf, 1, "this message is longer than sixteen bytes"), -1,
	       "message over the buffer limit refused");
	is_int((long long)buf.len, 0, "buffer left without a partial message");
	kb_buf_free(&buf);
}

/* Every prefix of a valid stream of messages fails cleanly (or stops at
 * a message boundary), and every prefix of a payload fails to decode. */
static void
test_truncation(void)
{
	struct kb_item a;
	struct kb_buf buf;
	size_t cut, bad_stream = 0, bad_payload = 0, boundaries = 0, payload_len = 0;
	struct kb_wire_reader r, pl;
	int type;

	fill_item(&a);
	kb_buf_init(&buf, 1 << 20);
	kb_wire_item(&buf, KB_MSG_ITEM, &a);
	payload_len = buf.len - 5;
	kb_wire_log(&buf, 2, "hello");
	kb_wire_result(&buf, 0);
	for (cut = 0; cut < buf.len; cut++) {
		int n = decode_all(buf.data, cut);

		if (n < 0)
			bad_stream++;
		else
			boundaries++;
	}
	is_int((long long)boundaries, 3, "only cuts at the three message boundaries decode");
	is_int((long long)bad_stream, (long long)(buf.len - 3), "every other cut fails cleanly");

	for (cut = 0; cut < payload_len; cut++) {
		struct kb_item b;

		pl.p = (const unsigned char *)buf.data + 5;
		pl.left = cut;
		if (kb_wire_get_item(&pl, &b) != 0)
			bad_payload++;
		else
			kb_item_free(&b);
	}
	is_int((long long)bad_payload, (long long)payload_len, "every truncated item payload fails");
	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	is_int(kb_wire_next(&r, &type, &pl), 1, "whole stream still decodes");
	kb_item_free(&a);
	kb_buf_free(&buf);
}

static void
test_hostile(void)
{
	struct kb_wire_reader r, pl;
	struct kb_item it;
	struct kb_request q;
	struct kb_feedinfo f;
	struct kb_buf buf;
	int type;
	size_t i, j;
	unsigned seed = 12345;
	int crashes_avoided = 0;
	char *s;
	static const unsigned char huge_len[] = { 1, 0xf0, 0xff, 0xff, 0x7f, 0 };
	/* A string claiming 0xfffffffe bytes inside a short payload. */
	static const unsigned char huge_str[] = { 0xfe, 0xff, 0xff, 0xff, 'a', 'b' };
	/* An item whose author count is 2^62. */
	unsigned char big_count[200];

	r.p = huge_len;
	r.left = sizeof(huge_len);
	is_int(kb_wire_next(&r, &type, &pl), -1, "message length past the end refused");
	r.p = huge_str;
	r.left = sizeof(huge_str);
	is_int(kb_wire_get_str(&r, &s), -1, "string length past the end refused");
	r.p = (const unsigned char *)"\x05\x00\x00";
	r.left = 3;
	is_int(kb_wire_next(&r, &type, &pl), -1, "truncated header refused");

	/* 12 NULL strings then 4 i64 ... build by hand: id..content_text (6
	 * NULL), published, offset, updated, offset, language, image (2 NULL),
	 * then an author count of 2^62. */
	memset(big_count, 0, sizeof(big_count));
	kb_buf_init(&buf, 4096);
	for (i = 0; i < 6; i++)
		kb_wire_put_str(&buf, NULL);
	for (i = 0; i < 4; i++)
		kb_wire_put_i64(&buf, 0);
	kb_wire_put_str(&buf, NULL);
	kb_wire_put_str(&buf, NULL);
	kb_wire_put_i64(&buf, (int64_t)1 << 62);
	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	is_int(kb_wire_get_item(&r, &it), -1, "absurd author count refused without allocating");
	kb_buf_reset(&buf);
	for (i = 0; i < 6; i++)
		kb_wire_put_str(&buf, NULL);
	for (i = 0; i < 4; i++)
		kb_wire_put_i64(&buf, 0);
	kb_wire_put_str(&buf, NULL);
	kb_wire_put_str(&buf, NULL);
	kb_wire_put_i64(&buf, -5);
	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	is_int(kb_wire_get_item(&r, &it), -1, "negative count refused");
	kb_buf_reset(&buf);
	kb_wire_put_str(&buf, "u");
	kb_wire_put_str(&buf, "t");
	kb_wire_put_i64(&buf, 1000000);
	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	is_int(kb_wire_get_request(&r, &q), -1, "meta count beyond the payload refused");
	kb_buf_reset(&buf);
	kb_wire_put_i64(&buf, (int64_t)1 << 40);
	kb_wire_put_str(&buf, "x");
	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	{
		int level;
		char *m = NULL;

		is_int(kb_wire_get_log(&r, &level, &m), -1, "log level out of int range refused");
		free(m);
	}
	kb_buf_reset(&buf);
	for (i = 0; i < 5; i++)
		kb_wire_put_str(&buf, "s");
	kb_wire_put_i64(&buf, 1);
	kb_wire_put_str(&buf, "only one author field");
	r.p = (const unsigned char *)buf.data;
	r.left = buf.len;
	is_int(kb_wire_get_feed(&r, &f), -1, "feed with a cut author refused");
	ok(f.title == NULL && f.authors == NULL, "failed feed decode leaves nothing allocated");
	kb_buf_free(&buf);

	/* Random garbage: must never crash (valgrind/ASan watch the reads). */
	{
		unsigned char junk[512];

		for (i = 0; i < 3000; i++) {
			size_t n = (size_t)(rand_r(&seed) % sizeof(junk));

			for (j = 0; j < n; j++)
				junk[j] = (unsigned char)rand_r(&seed);
			/* Make plausible headers often. */
			if (n > 5 && (i & 1)) {
				junk[0] = (unsigned char)(1 + i % 6);
				junk[1] = (unsigned char)(n - 5);
				junk[2] = junk[3] = junk[4] = 0;
			}
			if (decode_all(junk, n) <= 0)
				crashes_avoided++;
		}
	}
	ok(crashes_avoided > 2500, "3000 random buffers decoded without a crash (%d rejected)", crashes_avoided);

	/* Flip every byte of a valid item message: decode may fail or
	 * succeed, never crash. */
	{
		struct kb_item a;
		size_t survived = 0;

		fill_item(&a);
		kb_buf_init(&buf, 1 << 20);
		kb_wire_item(&buf, KB_MSG_ITEM, &a);
		for (i = 0; i < buf.len; i++) {
			unsigned char *copy = kb_malloc(buf.len);

			memcpy(copy, buf.data, buf.len);
			copy[i] ^= 0xff;
			if (decode_all(copy, buf.len) >= 0)
				survived++;
			free(copy);
		}
		ok(survived < buf.len, "byte flips: %zu of %zu still decode, none crash", survived, buf.len);
		kb_item_free(&a);
		kb_buf_free(&buf);
	}
}

static void
test_keys(void)
{
	struct kb_item it;
	char *k1;

	memset(&it, 0, sizeof(it));
	it.published = KB_NO_TIME;
	it.updated = KB_NO_TIME;
	it.id = kb_strdup("  guid-123 \n");
	it.url = kb_strdup("https://example.org/a");
	kb_item_key(&it);
	is_str(it.key, "guid-123", "key is the trimmed id");
	free(it.id);
	it.id = kb_strdup("   ");
	kb_item_key(&it);
	ok(it.key && strncmp(it.key, "url:", 4) == 0, "blank id: key from the url (%s)", it.key ? it.key : "(null)");
	free(it.url);
	it.url = NULL;
	it.title = kb_strdup("Judul");
	it.published = 1700000000;
	kb_item_key(&it);
	ok(it.key && strncmp(it.key, "td:", 3) == 0 && strlen(it.key) == 19, "no id or url: td: + 16 hex digits (%s)",
	   it.key ? it.key : "(null)");
	k1 = kb_strdup(it.key);
	kb_item_key(&it);
	is_str(it.key, k1, "the hash key is stable");
	it.published = 1700000001;
	kb_item_key(&it);
	ok(strcmp(it.key, k1) != 0, "another date gives another key");
	free(k1);
	kb_item_free(&it);
	ok(it.key == NULL && it.published == KB_NO_TIME, "kb_item_free resets the struct");
}

int
main(void)
{
	test_item_roundtrip();
	test_other_roundtrips();
	test_mem();
	test_truncation();
	test_hostile();
	test_keys();
	return done_testing();
}
