/* item.h: the core's normalized item, feed facts and follow requests,
 * owned copies of what plugins hand over, and their wire encoding (the
 * transport between a plugin's callback and the core). */
#ifndef KB_ITEM_H
#define KB_ITEM_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

#define KB_NO_TIME INT64_MIN

struct kb_author {
	char *name;
	char *email;
	char *url;
};

struct kb_enclosure {
	char *url;
	char *type;
	int64_t length; /* -1 unknown */
	char *title;
};

struct kb_item {
	char *id; /* the source's id, or NULL */
	char *url;
	char *title;
	char *title_html;   /* sanitized HTML of a title given as markup, or NULL */
	char *summary;	    /* plain text */
	char *summary_html; /* sanitized HTML of a summary given as markup, or NULL */
	char *content_html; /* sanitized */
	char *content_text;
	int64_t published; /* KB_NO_TIME when unknown */
	int published_offset;
	int64_t updated;
	int updated_offset;
	char *language;
	char *image;
	struct kb_author *authors;
	size_t n_authors;
	char **categories;
	size_t n_categories;
	struct kb_enclosure *enclosures;
	size_t n_enclosures;
	char *comments_url;
	int id_is_permalink;
	int partial;	/* emitted with emit_partial: complete from url */
	int join_pages; /* KABAR_ITEM_JOIN_PAGES: join the article's continuation pages */
	/* Core only, never encoded: an article being joined from its pages
	 * (complete.c), freed with pages_free. */
	void *pages;
	void (*pages_free)(void *);
	size_t pages_read; /* continuation pages read so far */

	/* Set by the core. */
	char *key; /* stable id within the source (see kb_item_key) */
	int64_t first_seen;

	/* MSME analysis (msme.h), set by the core when the item is stored;
	 * analyzed is 0 until then. */
	int analyzed;
	double score;	       /* relevance 0..1 */
	unsigned topics;       /* KB_TOPIC_* */
	char *region;	       /* gazetteer code, or NULL */
	char *region_name;     /* "Kota Mojokerto" */
	char *region_province; /* "Jawa Timur" */
	char *event_name;      /* the event the story reports, or NULL */
	int64_t event_start;   /* days since 1970-01-01, or -1 */
	int64_t event_end;     /* days, inclusive, or -1 */
	int event_minute;      /* start time, minutes after midnight, or -1 */
	int event_end_minute;  /* daily end time, or -1; valid only when above event_minute */
	char *event_venue;
	char *event_organizer;

	/* The store's cluster of the same story (store.h), 0: none. */
	int64_t cluster;
};

struct kb_feedinfo {
	char *title;
	char *title_html; /* sanitized HTML of a title given as markup, or NULL */
	char *home_page_url;
	char *description;
	char *language;
	char *icon;
	struct kb_author *authors;
	size_t n_authors;
	int64_t ttl;
	char *format;
};

struct kb_request {
	char *url;
	char *tag;
	char **meta; /* key, value pairs: 2 * n_meta strings */
	size_t n_meta;
	unsigned flags;
};

/* The event's daily end time in minutes after midnight when the item has
 * a start time and a later end time the same day, else -1. */
static inline int
kb_item_event_end(const struct kb_item *it)
{
	return it->event_minute >= 0 && it->event_end_minute > it->event_minute && it->event_end_minute < 24 * 60
		       ? it->event_end_minute
		       : -1;
}

/* The text an item's story is compared by (store.h): its content, else
 * its summary. */
static inline const char *
kb_item_story_text(const char *content_text, const char *summary)
{
	return content_text != NULL && *content_text != '\0' ? content_text : summary;
}

void kb_item_free(struct kb_item *it); /* frees fields, not it */
/* A deep copy of src into dst (freed with kb_item_free). */
void kb_item_copy(struct kb_item *dst, const struct kb_item *src);
/* Free the first n elements of a list and the list itself. */
void kb_authors_free(struct kb_author *a, size_t n);
void kb_enclosures_free(struct kb_enclosure *e, size_t n);
void kb_strv_free(char **v, size_t n);
void kb_feedinfo_free(struct kb_feedinfo *f);
void kb_request_free(struct kb_request *r);

/* How a source's items are told apart (kabar keeps the choice per source):
 * the source's id (guid), the link's identity form, or title and date. */
enum kb_id_strategy { KB_ID_GUID = 0, KB_ID_LINK = 1, KB_ID_TITLE_DATE = 2 };
const char *kb_id_strategy_name(enum kb_id_strategy s);
int kb_id_strategy_parse(const char *name, enum kb_id_strategy *out); /* 0 or -1 */
/* Set it->key by the strategy, falling back to the next one when the
 * item lacks the field: guid -> link -> title and date. */
void kb_item_key_by(struct kb_item *it, enum kb_id_strategy strategy);
/* The stable key of an item within its source. Sets it->key (replacing
 * any earlier one; freed by kb_item_free):
 *   - the id, trimmed, when it is not empty;
 *   - else "url:" + kb_url_identity(url) when the url is usable;
 *   - else "td:" + 16 lower-case hex digits of the 64-bit FNV-1a hash of
 *     title + "\n" + published (decimal seconds; nothing when unknown). */
void kb_item_key(struct kb_item *it); /* kb_item_key_by(it, KB_ID_GUID) */

/* --- wire encoding ---
 * Messages: u8 type, u32 length (little-endian), payload. Strings are
 * u32 length + bytes (0xffffffff = NULL); integers i64. Decoding checks
 * every length against what is left: a hostile or broken worker can
 * only make decoding fail. */
enum kb_msg_type {
	KB_MSG_ITEM = 1,
	KB_MSG_PARTIAL = 2,
	KB_MSG_FOLLOW = 3,
	KB_MSG_FEED = 4,
	KB_MSG_LOG = 5,	   /* i64 level, string message */
	KB_MSG_RESULT = 6, /* i64 callback result */
	KB_MSG_RESPONSE = 7
};

int kb_wire_item(struct kb_buf *b, enum kb_msg_type type, const struct kb_item *it);
int kb_wire_feed(struct kb_buf *b, const struct kb_feedinfo *f);
int kb_wire_request(struct kb_buf *b, const struct kb_request *r);
int kb_wire_log(struct kb_buf *b, int level, const char *msg);
int kb_wire_result(struct kb_buf *b, int64_t result);

/* A cursor over received bytes. */
struct kb_wire_reader {
	const unsigned char *p;
	size_t left;
};
/* Next message: 1 with *type and a sub-reader over the payload, 0 at the
 * end, -1 on malformed input. */
int kb_wire_next(struct kb_wire_reader *r, int *type, struct kb_wire_reader *payload);
int kb_wire_get_item(struct kb_wire_reader *r, struct kb_item *it);
int kb_wire_get_feed(struct kb_wire_reader *r, struct kb_feedinfo *f);
int kb_wire_get_request(struct kb_wire_reader *r, struct kb_request *req);
int kb_wire_get_log(struct kb_wire_reader *r, int *level, char **msg);
int kb_wire_get_result(struct kb_wire_reader *r, int64_t *result);

/* Low-level field codecs, shared with the response encoding. */
int kb_wire_put_str(struct kb_buf *b, const char *s);
int kb_wire_put_mem(struct kb_buf *b, const void *p, size_t n);
int kb_wire_put_i64(struct kb_buf *b, int64_t v);
int kb_wire_begin(struct kb_buf *b, int type, size_t *mark);
int kb_wire_end(struct kb_buf *b, size_t mark);
int kb_wire_get_str(struct kb_wire_reader *r, char **s);
int kb_wire_get_mem(struct kb_wire_reader *r, char **p, size_t *n);
int kb_wire_get_i64(struct kb_wire_reader *r, int64_t *v);

#endif
