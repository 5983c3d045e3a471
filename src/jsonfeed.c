/* jsonfeed.c: JSON Feed 1.1 documents from normalized items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "date.h"
#include "jsonfeed.h"
#include "util.h"
#include "msme.h"

/* A JSON string of s with its UTF-8 repaired (a new reference, NULL when
 * out of memory). */
static struct json_object *
new_str(const char *s)
{
	struct json_object *v;
	char *clean = kb_utf8_clean(s, strlen(s));

	v = json_object_new_string(clean);
	free(clean);
	return v;
}

/* Add s under key as a cleaned UTF-8 string; nothing for NULL or "".
 * 0 or -1 (out of memory). */
static int
put_str(struct json_object *o, const char *key, const char *s)
{
	struct json_object *v;

	if (s == NULL || *s == '\0')
		return 0;
	v = new_str(s);
	if (v == NULL)
		return -1;
	if (json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

static int
put_obj(struct json_object *o, const char *key, struct json_object *v)
{
	if (v == NULL)
		return -1;
	if (json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

static int
arr_add(struct json_object *arr, struct json_object *v)
{
	if (v == NULL)
		return -1;
	if (json_object_array_add(arr, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

static int
put_date(struct json_object *o, const char *key, int64_t t, int offset)
{
	char buf[32];

	if (t == KB_NO_TIME)
		return 0;
	return put_str(o, key, kb_date_rfc3339(t, offset, buf, sizeof(buf)));
}

/* authors [{name,url}]; authors with neither are left out. NULL when
 * there is none, or on error (*err set). */
static struct json_object *
authors_json(const struct kb_author *a, size_t n, int *err)
{
	struct json_object *arr = NULL, *o;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((a[i].name == NULL || *a[i].name == '\0') && (a[i].url == NULL || *a[i].url == '\0'))
			continue;
		if (arr == NULL) {
			arr = json_object_new_array();
			if (arr == NULL)
				goto fail;
		}
		o = json_object_new_object();
		if (arr_add(arr, o) != 0)
			goto fail;
		if (put_str(o, "name", a[i].name) != 0 || put_str(o, "url", a[i].url) != 0)
			goto fail;
	}
	return arr;
fail:
	json_object_put(arr);
	*err = 1;
	return NULL;
}

static const char *const topic_names[] = KB_TOPIC_NAMES;

/* A calendar date (days since 1970-01-01) as YYYY-MM-DD. */
static const char *
day_str(int64_t days, char *buf, size_t size)
{
	kb_date_rfc3339(days * 86400, 0, buf, size);
	buf[10] = '\0';
	return buf;
}

/* The MSME analysis: score, topics, region, event. 0 or -1. */
static int
msme_json(struct json_object *ext, const struct kb_item *it)
{
	struct json_object *arr, *o;
	char buf[40];
	size_t i;

	/* Three decimals, written as such: the same store gives the same
	 * bytes (the C locale: kabar never sets another). */
	snprintf(buf, sizeof(buf), "%.3f", it->score < 0 ? 0.0 : it->score > 1 ? 1.0 : it->score);
	if (put_obj(ext, "score", json_object_new_double_s(strtod(buf, NULL), buf)) != 0)
		return -1;
	arr = json_object_new_array();
	if (put_obj(ext, "topics", arr) != 0)
		return -1;
	for (i = 0; i < sizeof(topic_names) / sizeof(topic_names[0]); i++)
		if ((it->topics & (1u << i)) && arr_add(arr, json_object_new_string(topic_names[i])) != 0)
			return -1;
	if (it->region) {
		o = json_object_new_object();
		if (put_obj(ext, "region", o) != 0 || put_str(o, "code", it->region) != 0 ||
		    put_str(o, "name", it->region_name) != 0 || put_str(o, "province", it->region_province) != 0)
			return -1;
	}
	if (it->event_start >= 0) {
		o = json_object_new_object();
		if (put_obj(ext, "event", o) != 0 || put_str(o, "name", it->event_name) != 0 ||
		    put_str(o, "start", day_str(it->event_start, buf, sizeof(buf))) != 0 ||
		    put_str(o, "end",
			    day_str(it->event_end >= 0 ? it->event_end : it->event_start, buf, sizeof(buf))) != 0)
			return -1;
		if (it->event_minute >= 0) {
			snprintf(buf, sizeof(buf), "%02d:%02d", it->event_minute / 60, it->event_minute % 60);
			if (put_str(o, "time", buf) != 0)
				return -1;
		}
		if (kb_item_event_end(it) >= 0) {
			snprintf(buf, sizeof(buf), "%02d:%02d", kb_item_event_end(it) / 60, kb_item_event_end(it) % 60);
			if (put_str(o, "end_time", buf) != 0)
				return -1;
		}
		if (put_str(o, "venue", it->event_venue) != 0 || put_str(o, "organizer", it->event_organizer) != 0)
			return -1;
	}
	return 0;
}

/* The "_kabar" extension of an entry, or NULL when it would be empty. */
static struct json_object *
kabar_ext(const struct kb_jsonfeed_entry *e, const char *id, int *err)
{
	const struct kb_item *it = e->it;
	struct json_object *ext = NULL, *arr = NULL, *o;
	char buf[32];
	size_t i;

	ext = json_object_new_object();
	if (ext == NULL)
		goto fail;
	if (put_str(ext, "source", e->source) != 0)
		goto fail;
	if (e->source != NULL && put_str(ext, "key", it->key) != 0)
		goto fail;
	if (it->id != NULL && (id == NULL || strcmp(it->id, id) != 0))
		if (put_str(ext, "source_id", it->id) != 0)
			goto fail;
	if (e->source != NULL && put_str(ext, "first_seen", kb_date_rfc3339(it->first_seen, 0, buf, sizeof(buf))) != 0)
		goto fail;
	if (put_date(ext, "source_date_published", e->source_published, e->source_published_offset) != 0)
		goto fail;
	if (e->source != NULL && it->partial && put_obj(ext, "partial", json_object_new_boolean(1)) != 0)
		goto fail;
	for (i = 0; i < it->n_authors; i++) {
		if (it->authors[i].email == NULL || *it->authors[i].email == '\0')
			continue;
		if (arr == NULL) {
			arr = json_object_new_array();
			if (put_obj(ext, "author_emails", arr) != 0) {
				arr = NULL;
				goto fail;
			}
		}
		o = json_object_new_object();
		if (arr_add(arr, o) != 0)
			goto fail;
		if (put_str(o, "name", it->authors[i].name) != 0 || put_str(o, "email", it->authors[i].email) != 0)
			goto fail;
	}
	if (put_str(ext, "comments_url", it->comments_url) != 0 || put_str(ext, "title_html", it->title_html) != 0 ||
	    put_str(ext, "summary_html", it->summary_html) != 0)
		goto fail;
	if (it->analyzed && msme_json(ext, it) != 0)
		goto fail;
	if (e->n_also > 0) {
		struct json_object *also = json_object_new_array(), *a;

		if (put_obj(ext, "also_reported_by", also) != 0)
			goto fail;
		for (i = 0; i < e->n_also; i++) {
			a = json_object_new_object();
			if (arr_add(also, a) != 0 || put_str(a, "source", e->also_sources[i]) != 0 ||
			    put_str(a, "url", e->also_urls[i]) != 0)
				goto fail;
		}
	}
	if (json_object_object_length(ext) == 0) {
		json_object_put(ext);
		return NULL;
	}
	return ext;
fail:
	json_object_put(ext);
	*err = 1;
	return NULL;
}

static struct json_object *
item_json(const struct kb_jsonfeed_entry *e)
{
	const struct kb_item *it = e->it;
	struct json_object *o, *v, *arr;
	const char *id;
	size_t i;
	int err = 0;

	o = json_object_new_object();
	if (o == NULL)
		return NULL;
	/* JSON Feed wants a unique id: the writer's choice, else the core's
	 * key, else the source's id, else the link. */
	id = e->id != NULL && *e->id != '\0'	   ? e->id
	     : it->key != NULL && *it->key != '\0' ? it->key
	     : it->id != NULL && *it->id != '\0'   ? it->id
						   : it->url;
	if (put_str(o, "id", id) != 0 || put_str(o, "url", it->url) != 0 || put_str(o, "title", it->title) != 0)
		goto fail;
	if ((it->content_html == NULL || *it->content_html == '\0') &&
	    (it->content_text == NULL || *it->content_text == '\0')) {
		/* One of the two is required: an item with only a summary
		 * carries it as its content, with its markup when it had
		 * some. */
		if (it->summary_html != NULL && *it->summary_html != '\0') {
			if (put_str(o, "content_html", it->summary_html) != 0 ||
			    put_str(o, "content_text", it->summary) != 0)
				goto fail;
		} else if (put_obj(o, "content_text", new_str(it->summary != NULL ? it->summary : "")) != 0) {
			goto fail;
		}
	} else if (put_str(o, "content_html", it->content_html) != 0 ||
		   put_str(o, "content_text", it->content_text) != 0) {
		goto fail;
	}
	if (put_str(o, "summary", it->summary) != 0 || put_str(o, "image", it->image) != 0 ||
	    put_date(o, "date_published", e->published, e->published_offset) != 0 ||
	    put_date(o, "date_modified", e->updated, e->updated_offset) != 0)
		goto fail;
	v = authors_json(it->authors, it->n_authors, &err);
	if (err || (v != NULL && put_obj(o, "authors", v) != 0))
		goto fail;
	arr = NULL;
	for (i = 0; i < it->n_categories; i++) {
		if (it->categories[i] == NULL || *it->categories[i] == '\0')
			continue;
		if (arr == NULL) {
			arr = json_object_new_array();
			if (put_obj(o, "tags", arr) != 0)
				goto fail;
		}
		if (arr_add(arr, new_str(it->categories[i])) != 0)
			goto fail;
	}
	if (put_str(o, "language", it->language) != 0)
		goto fail;
	arr = NULL;
	for (i = 0; i < it->n_enclosures; i++) {
		const struct kb_enclosure *enc = &it->enclosures[i];

		if (enc->url == NULL || *enc->url == '\0')
			continue;
		if (arr == NULL) {
			arr = json_object_new_array();
			if (put_obj(o, "attachments", arr) != 0)
				goto fail;
		}
		v = json_object_new_object();
		if (arr_add(arr, v) != 0)
			goto fail;
		if (put_str(v, "url", enc->url) != 0 ||
		    put_str(v, "mime_type",
			    enc->type != NULL && *enc->type != '\0' ? enc->type : "application/octet-stream") != 0)
			goto fail;
		if (enc->length >= 0 && put_obj(v, "size_in_bytes", json_object_new_int64(enc->length)) != 0)
			goto fail;
		if (put_str(v, "title", enc->title) != 0)
			goto fail;
	}
	v = kabar_ext(e, id, &err);
	if (err || (v != NULL && put_obj(o, "_kabar", v) != 0))
		goto fail;
	return o;
fail:
	json_object_put(o);
	return NULL;
}

/* The document; output_name NULL for `kabar parse`. error: why the
 * document could not be read, or NULL. */
static int
write_doc(struct kb_buf *b, const struct kb_feedinfo *f, const char *feed_url, const char *output_name,
	  const char *error, const struct kb_jsonfeed_entry *entries, const struct kb_item *items, size_t n_items)
{
	struct json_object *root, *arr, *v;
	const char *s, *title;
	size_t i;
	int err = 0, rc = -1;

	root = json_object_new_object();
	if (root == NULL)
		return -1;
	if (put_str(root, "version", "https://jsonfeed.org/version/1.1") != 0)
		goto out;
	/* title is required. */
	title = f != NULL && f->title != NULL ? f->title : "";
	if (put_obj(root, "title", new_str(title)) != 0)
		goto out;
	if (f != NULL && put_str(root, "home_page_url", f->home_page_url) != 0)
		goto out;
	if (put_str(root, "feed_url", feed_url) != 0)
		goto out;
	if (f != NULL) {
		if (put_str(root, "description", f->description) != 0 || put_str(root, "language", f->language) != 0 ||
		    put_str(root, "icon", f->icon) != 0)
			goto out;
		v = authors_json(f->authors, f->n_authors, &err);
		if (err || (v != NULL && put_obj(root, "authors", v) != 0))
			goto out;
	}
	v = json_object_new_object();
	if (v == NULL || put_str(v, "output", output_name) != 0 ||
	    (output_name != NULL && put_str(v, "generator", "kabar/" PACKAGE_VERSION) != 0) ||
	    put_str(v, "title_html", f != NULL ? f->title_html : NULL) != 0 || put_str(v, "error", error) != 0) {
		json_object_put(v);
		goto out;
	}
	if (json_object_object_length(v) == 0)
		json_object_put(v);
	else if (put_obj(root, "_kabar", v) != 0)
		goto out;
	arr = json_object_new_array();
	if (put_obj(root, "items", arr) != 0)
		goto out;
	for (i = 0; i < n_items; i++) {
		struct kb_jsonfeed_entry e;

		if (entries != NULL) {
			e = entries[i];
		} else {
			memset(&e, 0, sizeof(e));
			e.it = &items[i];
			e.published = items[i].published;
			e.published_offset = items[i].published_offset;
			e.updated = items[i].updated;
			e.updated_offset = items[i].updated_offset;
			e.source_published = KB_NO_TIME;
		}
		if (arr_add(arr, item_json(&e)) != 0)
			goto out;
	}
	s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s == NULL || kb_buf_addstr(b, s) != 0)
		goto out;
	rc = 0;
out:
	json_object_put(root);
	return rc;
}

int
kb_jsonfeed_write(struct kb_buf *b, const struct kb_feedinfo *f, const char *feed_url, const struct kb_item *items,
		  size_t n_items, const char *error)
{
	return write_doc(b, f, feed_url, NULL, error, NULL, items, n_items);
}

int
kb_jsonfeed_write_entries(struct kb_buf *b, const struct kb_feedinfo *f, const char *feed_url, const char *output_name,
			  const struct kb_jsonfeed_entry *entries, size_t n_entries)
{
	return write_doc(b, f, feed_url, output_name, NULL, entries, NULL, n_entries);
}
