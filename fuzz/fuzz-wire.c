/* fuzz-wire.c: the wire decoder on hostile worker output. Every message
 * is decoded by its type; what decodes is encoded again and must decode
 * to the same bytes (encode(decode(encode(x))) == encode(x)). */
#include <stdlib.h>
#include <string.h>

#include "../src/host.h"
#include "../src/item.h"
#include "fuzz.h"

#define MAX_OUT ((size_t)64 * 1024 * 1024)

static void
same_bytes(const struct kb_buf *a, const struct kb_buf *b, const char *what)
{
	FUZZ_ASSERT(a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0),
		    "%s: re-encoding changed %zu bytes into %zu", what, a->len, b->len);
}

/* Decode one message from its encoding in b1 (appended by the caller),
 * encode it again into b2 and compare. */
static void
item_round_trip(int type, const struct kb_item *it)
{
	struct kb_buf b1, b2;
	struct kb_wire_reader r, pl;
	struct kb_item it2;
	int t;

	kb_buf_init(&b1, MAX_OUT);
	kb_buf_init(&b2, MAX_OUT);
	FUZZ_ASSERT(kb_wire_item(&b1, (enum kb_msg_type)type, it) == 0, "cannot encode an item");
	r.p = (const unsigned char *)b1.data;
	r.left = b1.len;
	FUZZ_ASSERT(kb_wire_next(&r, &t, &pl) == 1 && t == type, "re-encoded item is not a message");
	FUZZ_ASSERT(kb_wire_get_item(&pl, &it2) == 0, "re-encoded item does not decode");
	FUZZ_ASSERT(kb_wire_item(&b2, (enum kb_msg_type)type, &it2) == 0, "cannot encode an item");
	same_bytes(&b1, &b2, "item");
	kb_item_free(&it2);
	kb_buf_free(&b1);
	kb_buf_free(&b2);
}

static void
feed_round_trip(const struct kb_feedinfo *f)
{
	struct kb_buf b1, b2;
	struct kb_wire_reader r, pl;
	struct kb_feedinfo f2;
	int t;

	kb_buf_init(&b1, MAX_OUT);
	kb_buf_init(&b2, MAX_OUT);
	FUZZ_ASSERT(kb_wire_feed(&b1, f) == 0, "cannot encode feed facts");
	r.p = (const unsigned char *)b1.data;
	r.left = b1.len;
	FUZZ_ASSERT(kb_wire_next(&r, &t, &pl) == 1 && t == KB_MSG_FEED, "re-encoded feed is not a message");
	FUZZ_ASSERT(kb_wire_get_feed(&pl, &f2) == 0, "re-encoded feed does not decode");
	FUZZ_ASSERT(kb_wire_feed(&b2, &f2) == 0, "cannot encode feed facts");
	same_bytes(&b1, &b2, "feed");
	kb_feedinfo_free(&f2);
	kb_buf_free(&b1);
	kb_buf_free(&b2);
}

static void
request_round_trip(const struct kb_request *req)
{
	struct kb_buf b1, b2;
	struct kb_wire_reader r, pl;
	struct kb_request req2;
	int t;

	kb_buf_init(&b1, MAX_OUT);
	kb_buf_init(&b2, MAX_OUT);
	FUZZ_ASSERT(kb_wire_request(&b1, req) == 0, "cannot encode a request");
	r.p = (const unsigned char *)b1.data;
	r.left = b1.len;
	FUZZ_ASSERT(kb_wire_next(&r, &t, &pl) == 1 && t == KB_MSG_FOLLOW, "re-encoded request is not a message");
	FUZZ_ASSERT(kb_wire_get_request(&pl, &req2) == 0, "re-encoded request does not decode");
	FUZZ_ASSERT(kb_wire_request(&b2, &req2) == 0, "cannot encode a request");
	same_bytes(&b1, &b2, "request");
	kb_request_free(&req2);
	kb_buf_free(&b1);
	kb_buf_free(&b2);
}

static void
response_round_trip(const struct kabar_response *resp)
{
	struct kb_buf b1, b2;
	struct kabar_response r2;

	kb_buf_init(&b1, MAX_OUT);
	kb_buf_init(&b2, MAX_OUT);
	FUZZ_ASSERT(kb_wire_response(&b1, resp) == 0, "cannot encode a response");
	FUZZ_ASSERT(kb_wire_get_response(b1.data, b1.len, &r2) == 0, "re-encoded response does not decode");
	FUZZ_ASSERT(kb_wire_response(&b2, &r2) == 0, "cannot encode a response");
	same_bytes(&b1, &b2, "response");
	kb_response_free(&r2);
	kb_buf_free(&b1);
	kb_buf_free(&b2);
}

static void
decode_response(const void *p, size_t n)
{
	struct kabar_response resp;

	memset(&resp, 0xa5, sizeof(resp)); /* decoding must not rely on a zeroed struct */
	if (kb_wire_get_response(p, n, &resp) == 0)
		response_round_trip(&resp);
	kb_response_free(&resp); /* left empty on failure */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kb_wire_reader r = { data, size }, pl;
	int type, rc;

	fuzz_init();
	decode_response(data, size);
	while ((rc = kb_wire_next(&r, &type, &pl)) == 1) {
		FUZZ_ASSERT(pl.p >= data && pl.left <= size && pl.p + pl.left <= data + size,
			    "payload outside the input");
		switch (type) {
		case KB_MSG_ITEM:
		case KB_MSG_PARTIAL: {
			struct kb_item it;

			if (kb_wire_get_item(&pl, &it) == 0) {
				item_round_trip(type, &it);
				kb_item_key(&it);
				kb_item_free(&it);
			}
			break;
		}
		case KB_MSG_FOLLOW: {
			struct kb_request req;

			if (kb_wire_get_request(&pl, &req) == 0) {
				request_round_trip(&req);
				kb_request_free(&req);
			}
			break;
		}
		case KB_MSG_FEED: {
			struct kb_feedinfo f;

			if (kb_wire_get_feed(&pl, &f) == 0) {
				feed_round_trip(&f);
				kb_feedinfo_free(&f);
			}
			break;
		}
		case KB_MSG_LOG: {
			int level;
			char *msg = NULL;

			kb_wire_get_log(&pl, &level, &msg);
			free(msg);
			break;
		}
		case KB_MSG_RESULT: {
			int64_t res;

			kb_wire_get_result(&pl, &res);
			break;
		}
		case KB_MSG_RESPONSE:
			/* The message with its 5-byte header. */
			decode_response(pl.p - 5, pl.left + 5);
			break;
		default:
			break;
		}
	}
	FUZZ_ASSERT(rc == 0 || rc == -1, "kb_wire_next returned %d", rc);
	return 0;
}
