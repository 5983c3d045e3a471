/* test-rss.c: the bundled rss plugin on fixture feeds, loaded and run the
 * way the core runs it (kb_plugin_load, kb_invoke in-process and forked),
 * and the JSON Feed writer on what it produced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "tap.h"

#include "../src/config.h"
#include "host.h"
#include "invoke.h"
#include "item.h"
#include "jsonfeed.h"
#include "plugin.h"
#include "util.h"

#define TZ "Asia/Jakarta"

static struct kb_plugin *plugin;
static const char *srcdir;
/* A Content-Location header run_body sends along, or NULL. */
static const char *content_location;

/* What one run produced, plus everything logged to stderr meanwhile. */
struct run {
	struct kb_results r;
	int rc;
	char *log;
};

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct kb_buf b;
	char chunk[4096];
	size_t n;

	*len = 0;
	if (f == NULL)
		return NULL;
	kb_buf_init(&b, 16 * 1024 * 1024);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		kb_buf_add(&b, chunk, n);
	fclose(f);
	if (b.data == NULL)
		return kb_strdup("");
	return kb_buf_detach(&b, len);
}

/* Run the plugin on body (len bytes) as if fetched from url with the given
 * Content-Type. src may be NULL. */
static void
run_body(struct run *out, const char *body, size_t len, const char *url, const char *ctype, enum kb_isolation iso,
	 const struct kb_source *src)
{
	struct kabar_response resp;
	struct kb_header hdr[2];
	struct kb_invoke_opts opts;
	FILE *tmp;
	int saved;
	size_t n;

	memset(out, 0, sizeof(*out));
	memset(&resp, 0, sizeof(resp));
	resp.url = (char *)url;
	resp.status = 200;
	if (ctype != NULL) {
		hdr[resp.n_headers].name = (char *)"Content-Type";
		hdr[resp.n_headers++].value = (char *)ctype;
	}
	if (content_location != NULL) {
		hdr[resp.n_headers].name = (char *)"Content-Location";
		hdr[resp.n_headers++].value = (char *)content_location;
	}
	resp.headers = resp.n_headers > 0 ? hdr : NULL;
	resp.body = (char *)body;
	resp.len = len;
	memset(&opts, 0, sizeof(opts));
	opts.isolation = iso;
	opts.timeout_ms = 20000;
	opts.source_name = "test";

	/* Capture what is logged: the plugin's errors go to stderr. */
	fflush(stderr);
	tmp = tmpfile();
	saved = dup(2);
	if (tmp != NULL)
		dup2(fileno(tmp), 2);
	out->rc = kb_invoke(plugin, src, TZ, &resp, &opts, &out->r);
	fflush(stderr);
	if (tmp != NULL) {
		dup2(saved, 2);
		out->log = kb_malloc(8192);
		rewind(tmp);
		n = fread(out->log, 1, 8191, tmp);
		out->log[n] = '\0';
		fclose(tmp);
	} else {
		out->log = kb_strdup("");
	}
	close(saved);
}

static int
run_fixture(struct run *out, const char *name, const char *url, const char *ctype, enum kb_isolation iso,
	    const struct kb_source *src)
{
	char *path = kb_asprintf("%s/tests/fixtures/feeds/%s", srcdir, name);
	size_t len;
	char *body = slurp(path, &len);

	if (body == NULL) {
		ok(0, "read fixture %s", path);
		free(path);
		memset(out, 0, sizeof(*out));
		out->log = kb_strdup("");
		out->rc = -1;
		return -1;
	}
	run_body(out, body, len, url, ctype, iso, src);
	free(body);
	free(path);
	return 0;
}

static void
run_free(struct run *r)
{
	kb_results_free(&r->r);
	free(r->log);
}

/* The item i, or an empty one when there are fewer (so a failed count
 * does not crash the rest of the checks). */
static const struct kb_item *
item(const struct run *r, size_t i)
{
	static struct kb_item none = { .published = KB_NO_TIME, .updated = KB_NO_TIME };

	return i < r->r.n_items ? &r->r.items[i] : &none;
}

static const char *
author_name(const struct kb_item *it, size_t i)
{
	return i < it->n_authors ? it->authors[i].name : NULL;
}

static const char *
category(const struct kb_item *it, size_t i)
{
	return i < it->n_categories ? it->categories[i] : NULL;
}

static int
contains(const char *s, const char *needle)
{
	return s != NULL && strstr(s, needle) != NULL;
}

/* --- RSS 2.0 --- */

static void
check_rss20_items(const struct run *r, const char *mode)
{
	const struct kb_item *it;

	is_int(r->r.result, KABAR_OK, "rss2.0 %s: parse returns ok", mode);
	is_int(r->r.n_items, 3, "rss2.0 %s: three items", mode);

	it = item(r, 0);
	is_str(it->id, "sidoarjo-berita-4521", "rss2.0 %s: guid is the id", mode);
	is_int(it->id_is_permalink, 0, "rss2.0 %s: isPermaLink=false", mode);
	is_str(it->url, "https://sidoarjokab.example.go.id/berita/expo-umkm-sidoarjo-2019", "rss2.0 %s: link", mode);
	is_str(it->title, "Expo UMKM Sidoarjo 2019 Diikuti 150 Pelaku Usaha", "rss2.0 %s: title", mode);
	is_int(it->published, 1564938000, "rss2.0 %s: Indonesian pubDate in the source zone", mode);
	is_int(it->published_offset, 420, "rss2.0 %s: offset +07:00", mode);
	is_int(it->updated, KB_NO_TIME, "rss2.0 %s: no updated date", mode);
	is_int(it->n_authors, 1, "rss2.0 %s: one author", mode);
	is_str(author_name(it, 0), "Humas Diskominfo", "rss2.0 %s: dc:creator in CDATA", mode);
	is_int(it->n_categories, 2, "rss2.0 %s: repeated category kept once", mode);
	is_str(category(it, 0), "Ekonomi", "rss2.0 %s: first category", mode);
	is_str(category(it, 1), "UMKM", "rss2.0 %s: second category", mode);
	ok(contains(it->content_html, "<strong>Expo UMKM Sidoarjo 2019</strong>"),
	   "rss2.0 %s: content:encoded kept as HTML", mode);
	ok(contains(it->summary, "Sebanyak 150 pelaku UMKM meramaikan") && !contains(it->summary, "<b>"),
	   "rss2.0 %s: description as plain text summary", mode);
	is_str(it->image, "https://sidoarjokab.example.go.id/media/thumb/expo-umkm-2019.jpg",
	       "rss2.0 %s: media:thumbnail is the image", mode);
	is_int(it->n_enclosures, 2, "rss2.0 %s: two enclosures", mode);
	if (it->n_enclosures == 2) {
		is_str(it->enclosures[0].url, "https://sidoarjokab.example.go.id/media/expo-umkm-2019.jpg",
		       "rss2.0 %s: enclosure url", mode);
		is_str(it->enclosures[0].type, "image/jpeg", "rss2.0 %s: enclosure type", mode);
		is_int(it->enclosures[0].length, 204800, "rss2.0 %s: enclosure length", mode);
		is_str(it->enclosures[1].url, "https://sidoarjokab.example.go.id/media/sambutan-bupati.mp3",
		       "rss2.0 %s: relative enclosure url resolved", mode);
	} else {
		skip(4, "enclosures missing");
	}
	is_str(it->comments_url, "https://sidoarjokab.example.go.id/berita/expo-umkm-sidoarjo-2019#komentar",
	       "rss2.0 %s: comments", mode);
	is_str(it->language, "id", "rss2.0 %s: channel language applied to items", mode);

	it = item(r, 1);
	is_str(it->title, "Pelatihan Digital Marketing & Pengemasan Produk bagi UMKM",
	       "rss2.0 %s: entity-escaped HTML title reduced to text", mode);
	is_str(it->url, "https://sidoarjokab.example.go.id/berita/pelatihan-digital-marketing",
	       "rss2.0 %s: link with surrounding white space", mode);
	is_str(it->id, "sidoarjo-berita-4522", "rss2.0 %s: first guid wins", mode);
	is_int(it->published, 1565058600, "rss2.0 %s: RFC 822 pubDate", mode);
	is_int(it->published_offset, 420, "rss2.0 %s: RFC 822 offset", mode);
	is_int(it->n_authors, 1, "rss2.0 %s: author and equal dc:creator merged", mode);
	is_str(author_name(it, 0), "Siti Rahma", "rss2.0 %s: \"Name <email>\" name", mode);
	is_str(it->n_authors ? it->authors[0].email : NULL, "siti.rahma@sidoarjokab.example.go.id",
	       "rss2.0 %s: \"Name <email>\" email", mode);
	is_str(it->summary, "Dinas Koperasi dan Usaha Mikro menggelar pelatihan.", "rss2.0 %s: plain description",
	       mode);

	it = item(r, 2);
	is_str(it->title, "Bazar Produk Lokal di Alun-alun", "rss2.0 %s: title white space collapsed", mode);
	is_str(it->url, "https://sidoarjokab.example.go.id/berita/bazar-produk-lokal",
	       "rss2.0 %s: permalink guid used as link", mode);
	is_int(it->id_is_permalink, 1, "rss2.0 %s: guid is a permalink by default", mode);
	is_int(it->published, 1565146800, "rss2.0 %s: dc:date", mode);
	is_str(it->image, "https://cdn.example.net/bazar.jpg", "rss2.0 %s: media:content image", mode);
	is_int(it->n_enclosures, 1, "rss2.0 %s: media:content video is an enclosure", mode);
	is_int(it->n_enclosures ? it->enclosures[0].length : 0, 5000000, "rss2.0 %s: media:content fileSize", mode);
	ok(it->summary == NULL || it->summary[0] == '\0', "rss2.0 %s: empty description ignored", mode);
}

static void
test_rss20(void)
{
	struct run r;
	struct kb_source src;

	run_fixture(&r, "rss20-umkm.xml", "https://sidoarjokab.example.go.id/rss", "application/rss+xml; charset=utf-8",
		    KB_ISOLATION_INPROCESS, NULL);
	is_int(r.rc, 0, "rss2.0: kb_invoke succeeds");
	is_int(r.r.has_feed, 1, "rss2.0: feed facts reported");
	is_str(r.r.feed.format, "rss2.0", "rss2.0: format");
	is_str(r.r.feed.title, "Portal Berita Kabupaten Sidoarjo", "rss2.0: feed title");
	is_str(r.r.feed.home_page_url, "https://sidoarjokab.example.go.id/", "rss2.0: home page");
	is_str(r.r.feed.description, "Berita resmi Pemerintah Kabupaten Sidoarjo", "rss2.0: feed description as text");
	is_str(r.r.feed.language, "id", "rss2.0: feed language");
	is_str(r.r.feed.icon, "https://sidoarjokab.example.go.id/assets/logo.png", "rss2.0: image url");
	is_int(r.r.feed.ttl, 3600, "rss2.0: ttl minutes as seconds (before sy:updatePeriod)");
	is_int(r.r.feed.n_authors, 1, "rss2.0: managingEditor");
	if (r.r.feed.n_authors == 1) {
		is_str(r.r.feed.authors[0].name, "Redaksi Portal", "rss2.0: \"email (Name)\" name");
		is_str(r.r.feed.authors[0].email, "redaksi@sidoarjokab.example.go.id",
		       "rss2.0: \"email (Name)\" email");
	} else {
		skip(2, "no feed author");
	}
	check_rss20_items(&r, "in-process");
	is_int(r.r.n_warnings, 0, "rss2.0: no warnings");

	/* JSON Feed from these results. */
	{
		struct kb_buf b;
		struct json_object *root, *items, *it0, *it1, *v, *a;

		kb_buf_init(&b, 1 << 20);
		is_int(kb_jsonfeed_write(&b, &r.r.feed, "https://kabar.example/umkm.json", r.r.items, r.r.n_items,
					 NULL),
		       0, "jsonfeed: written");
		ok(kb_utf8_valid(b.data, b.len), "jsonfeed: valid UTF-8");
		ok(strchr(kb_buf_str(&b), '\n') == NULL, "jsonfeed: one line");
		ok(strstr(kb_buf_str(&b), "\\/") == NULL, "jsonfeed: slashes not escaped");
		ok(strstr(kb_buf_str(&b), "\"version\"") < strstr(kb_buf_str(&b), "\"title\"") &&
			   strstr(kb_buf_str(&b), "\"title\"") < strstr(kb_buf_str(&b), "\"items\""),
		   "jsonfeed: keys in a fixed order");
		root = json_tokener_parse(kb_buf_str(&b));
		ok(root != NULL, "jsonfeed: parses back with json-c");
		is_str(json_object_object_get_ex(root, "version", &v) ? json_object_get_string(v) : NULL,
		       "https://jsonfeed.org/version/1.1", "jsonfeed: version");
		is_str(json_object_object_get_ex(root, "feed_url", &v) ? json_object_get_string(v) : NULL,
		       "https://kabar.example/umkm.json", "jsonfeed: feed_url");
		is_str(json_object_object_get_ex(root, "icon", &v) ? json_object_get_string(v) : NULL,
		       "https://sidoarjokab.example.go.id/assets/logo.png", "jsonfeed: icon");
		ok(json_object_object_get_ex(root, "authors", &v) && json_object_array_length(v) == 1,
		   "jsonfeed: feed authors");
		ok(json_object_object_get_ex(root, "items", &items) && json_object_array_length(items) == 3,
		   "jsonfeed: three items");
		it0 = items ? json_object_array_get_idx(items, 0) : NULL;
		it1 = items ? json_object_array_get_idx(items, 1) : NULL;
		is_str(json_object_object_get_ex(it0, "id", &v) ? json_object_get_string(v) : NULL,
		       "sidoarjo-berita-4521", "jsonfeed: item id");
		is_str(json_object_object_get_ex(it0, "date_published", &v) ? json_object_get_string(v) : NULL,
		       "2019-08-05T00:00:00+07:00", "jsonfeed: date in the source's offset");
		ok(!json_object_object_get_ex(it0, "date_modified", &v), "jsonfeed: unknown date left out");
		ok(json_object_object_get_ex(it0, "tags", &v) && json_object_array_length(v) == 2, "jsonfeed: tags");
		ok(json_object_object_get_ex(it0, "attachments", &v) && json_object_array_length(v) == 2 &&
			   json_object_object_get_ex(json_object_array_get_idx(v, 0), "size_in_bytes", &a) &&
			   json_object_get_int64(a) == 204800,
		   "jsonfeed: attachments with size");
		ok(json_object_object_get_ex(it0, "authors", &v) &&
			   json_object_object_get_ex(json_object_array_get_idx(v, 0), "name", &a) &&
			   strcmp(json_object_get_string(a), "Humas Diskominfo") == 0,
		   "jsonfeed: item authors");
		ok(json_object_object_get_ex(it0, "_kabar", &v) && json_object_object_get_ex(v, "comments_url", &a),
		   "jsonfeed: comments url in _kabar");
		ok(json_object_object_get_ex(it1, "_kabar", &v) && json_object_object_get_ex(v, "author_emails", &a) &&
			   json_object_array_length(a) == 1,
		   "jsonfeed: author email in _kabar.author_emails");
		ok(json_object_object_get_ex(it0, "content_html", &v) && json_object_object_get_ex(it0, "summary", &v),
		   "jsonfeed: content_html and summary");
		json_object_put(root);
		kb_buf_free(&b);
	}
	run_free(&r);

	/* The same in a forked worker. */
	run_fixture(&r, "rss20-umkm.xml", "https://sidoarjokab.example.go.id/rss", "application/rss+xml",
		    KB_ISOLATION_FORK, NULL);
	is_int(r.rc, 0, "rss2.0 fork: kb_invoke succeeds");
	is_int(r.r.err, KB_OK, "rss2.0 fork: no crash");
	is_str(r.r.feed.format, "rss2.0", "rss2.0 fork: format");
	check_rss20_items(&r, "fork");
	run_free(&r);

	/* The item limit: the host refuses the third item and the plugin
	 * stops there without an error. */
	memset(&src, 0, sizeof(src));
	src.name = (char *)"limited";
	src.plugin = (char *)"rss";
	src.url = (char *)"https://sidoarjokab.example.go.id/rss";
	src.timezone = (char *)TZ;
	src.max_items = 2;
	src.max_follows = 10;
	src.enabled = 1;
	run_fixture(&r, "rss20-umkm.xml", "https://sidoarjokab.example.go.id/rss", NULL, KB_ISOLATION_INPROCESS, &src);
	is_int(r.r.result, KABAR_OK, "limit: parse still returns ok");
	is_int(r.r.n_items, 2, "limit: two items with max_items = 2");
	run_free(&r);
}

static void
test_rss10(void)
{
	struct run r;
	const struct kb_item *it;

	run_fixture(&r, "rss10.rdf", "https://dinkop.example.go.id/rss", "application/rdf+xml", KB_ISOLATION_INPROCESS,
		    NULL);
	is_int(r.r.result, KABAR_OK, "rss1.0: ok");
	is_str(r.r.feed.format, "rss1.0", "rss1.0: format");
	is_str(r.r.feed.title, "Dinas Koperasi dan UKM Jawa Timur", "rss1.0: feed title");
	is_str(r.r.feed.language, "id-ID", "rss1.0: dc:language");
	is_int(r.r.feed.ttl, 1800, "rss1.0: sy:updatePeriod hourly, frequency 2");
	is_str(r.r.feed.icon, "https://dinkop.example.go.id/logo.gif", "rss1.0: image url");
	is_str(r.r.feed.n_authors ? r.r.feed.authors[0].name : NULL, "Tim Humas", "rss1.0: channel dc:creator");
	is_int(r.r.n_items, 2, "rss1.0: two items beside the channel");
	it = item(&r, 0);
	is_str(it->id, "https://dinkop.example.go.id/siaran/101", "rss1.0: rdf:about is the id");
	is_str(it->url, "https://dinkop.example.go.id/siaran/101", "rss1.0: link");
	is_int(it->published, 1685581200, "rss1.0: dc:date");
	is_str(author_name(it, 0), "Budi Santoso", "rss1.0: dc:creator");
	is_str(category(it, 0), "Pameran", "rss1.0: dc:subject");
	is_str(it->language, "id-ID", "rss1.0: language inherited");
	it = item(&r, 1);
	is_int(it->published, 1685638800, "rss1.0: date without zone read in the source zone");
	is_int(it->published_offset, 420, "rss1.0: offset of the source zone");
	run_free(&r);
}

static void
test_rss091(void)
{
	struct run r;

	run_fixture(&r, "rss091.xml", "http://koperasi.example.org/rss.xml", "text/xml", KB_ISOLATION_INPROCESS, NULL);
	is_int(r.r.result, KABAR_OK, "rss0.91: ok");
	is_str(r.r.feed.format, "rss0.91", "rss0.91: format");
	is_str(r.r.feed.icon, "http://koperasi.example.org/k.gif", "rss0.91: image");
	is_int(r.r.n_items, 2, "rss0.91: two items");
	is_str(item(&r, 0)->id, NULL, "rss0.91: no id");
	is_str(item(&r, 0)->url, "http://koperasi.example.org/rat-2001.html", "rss0.91: link");
	is_str(item(&r, 1)->title, "Caf\xc3\xa9 Koperasi Dibuka", "rss0.91: character reference");
	run_free(&r);
}

static void
test_atom10(void)
{
	struct run r;
	const struct kb_item *it;

	run_fixture(&r, "atom10.xml", "https://umkm.example.id/blog/feed.atom", "application/atom+xml",
		    KB_ISOLATION_INPROCESS, NULL);
	is_int(r.r.result, KABAR_OK, "atom1.0: ok");
	is_str(r.r.feed.format, "atom1.0", "atom1.0: format");
	is_str(r.r.feed.title, "Kabar UMKM Jabar", "atom1.0: html title as text");
	is_str(r.r.feed.description, "Agenda dan berita usaha kecil di Jawa Barat", "atom1.0: subtitle");
	is_str(r.r.feed.home_page_url, "https://umkm.example.id/blog/", "atom1.0: alternate link against xml:base");
	is_str(r.r.feed.language, "id", "atom1.0: xml:lang");
	is_str(r.r.feed.icon, "https://umkm.example.id/favicon.ico", "atom1.0: icon before logo");
	is_int(r.r.feed.n_authors, 1, "atom1.0: feed author");
	if (r.r.feed.n_authors == 1) {
		is_str(r.r.feed.authors[0].email, "redaksi@umkm.example.id", "atom1.0: author email");
		is_str(r.r.feed.authors[0].url, "https://umkm.example.id/tentang", "atom1.0: author uri resolved");
	} else {
		skip(2, "no feed author");
	}
	is_int(r.r.n_items, 2, "atom1.0: two entries");
	it = item(&r, 0);
	is_str(it->id, "tag:umkm.example.id,2024:post-77", "atom1.0: id");
	is_str(it->url, "https://umkm.example.id/blog/2024/07/festival-kuliner-lain",
	       "atom1.0: text/html alternate link preferred, resolved against xml:base");
	is_str(it->title, "Festival Kuliner UMKM Bandung 12-14 Juli", "atom1.0: text title");
	is_int(it->published, 1720573200, "atom1.0: published");
	is_int(it->updated, 1720664100, "atom1.0: updated");
	is_int(it->updated_offset, 420, "atom1.0: updated offset");
	is_int(it->n_authors, 2, "atom1.0: two entry authors");
	is_str(author_name(it, 0), "Dewi Lestari", "atom1.0: author name");
	is_str(it->n_authors ? it->authors[0].url : NULL, "https://umkm.example.id/blog/penulis/dewi",
	       "atom1.0: author uri against xml:base");
	is_int(it->n_categories, 2, "atom1.0: categories");
	is_str(category(it, 0), "Kuliner", "atom1.0: category label over term");
	is_str(category(it, 1), "umkm", "atom1.0: category term");
	is_int(it->n_enclosures, 1, "atom1.0: link rel=enclosure");
	is_str(it->n_enclosures ? it->enclosures[0].url : NULL, "https://umkm.example.id/img/festival.png",
	       "atom1.0: enclosure href resolved");
	is_int(it->n_enclosures ? it->enclosures[0].length : 0, 1234, "atom1.0: enclosure length");
	is_str(it->n_enclosures ? it->enclosures[0].title : NULL, "Poster", "atom1.0: enclosure title");
	is_str(it->image, "https://umkm.example.id/img/festival.png", "atom1.0: image enclosure as image");
	is_str(it->comments_url, "https://umkm.example.id/blog/2024/07/festival-kuliner#comments",
	       "atom1.0: rel=replies as comments");
	is_str(it->summary, "Festival kuliner UMKM digelar di Bandung.", "atom1.0: html summary as text");
	ok(contains(it->content_html, "<strong>80 pelaku UMKM</strong>") && !contains(it->content_html, "<div"),
	   "atom1.0: xhtml content without its wrapper div");
	is_str(it->language, "id", "atom1.0: feed xml:lang");
	it = item(&r, 1);
	is_str(it->title, "MSME Expo in Bogor", "atom1.0: xhtml title as text");
	is_str(it->url, "https://other.example.com/news/msme-expo", "atom1.0: entry xml:base");
	is_str(it->language, "en", "atom1.0: entry xml:lang");
	is_int(it->published, KB_NO_TIME, "atom1.0: no published date");
	is_int(it->updated, 1720753200, "atom1.0: updated in UTC");
	is_str(author_name(it, 0), "Redaksi Kabar UMKM", "atom1.0: feed author inherited");
	ok(it->content_html == NULL && contains(it->content_text, "Line one & two") &&
		   contains(it->content_text, "<three>"),
	   "atom1.0: text content kept as text");
	run_free(&r);
}

static void
test_atom03(void)
{
	struct run r;
	const struct kb_item *it;

	run_fixture(&r, "atom03.xml", "http://batik.example.org/atom.xml", "application/atom+xml", KB_ISOLATION_FORK,
		    NULL);
	is_int(r.r.result, KABAR_OK, "atom0.3: ok");
	is_str(r.r.feed.format, "atom0.3", "atom0.3: format");
	is_str(r.r.feed.title, "Blog Perajin Batik", "atom0.3: escaped title");
	is_str(r.r.feed.description, "Catatan perajin batik Pekalongan", "atom0.3: tagline");
	is_str(r.r.feed.home_page_url, "http://batik.example.org/", "atom0.3: link");
	is_str(r.r.feed.n_authors ? r.r.feed.authors[0].url : NULL, "http://batik.example.org/rina",
	       "atom0.3: author url");
	is_int(r.r.n_items, 2, "atom0.3: two entries");
	it = item(&r, 0);
	is_int(it->published, 1109592000, "atom0.3: issued");
	is_int(it->updated, 1109671200, "atom0.3: modified");
	is_str(it->summary, "Ringkasan pameran", "atom0.3: summary");
	ok(contains(it->content_html, "<em>tulis</em>"), "atom0.3: escaped html content");
	is_str(author_name(it, 0), "Rina", "atom0.3: feed author inherited");
	it = item(&r, 1);
	is_int(it->published, 1108857600, "atom0.3: created when there is no issued");
	ok(contains(it->content_html, "<b>kedua</b>"), "atom0.3: mode=xml content");
	run_free(&r);
}

static void
test_json(void)
{
	struct run r;
	const struct kb_item *it;

	run_fixture(&r, "jsonfeed11.json", "https://makassar.example.id/feed.json", "application/feed+json",
		    KB_ISOLATION_INPROCESS, NULL);
	is_int(r.r.result, KABAR_OK, "json1.1: ok");
	is_str(r.r.feed.format, "json1.1", "json1.1: format");
	is_str(r.r.feed.title, "Kabar UMKM Makassar", "json1.1: title");
	is_str(r.r.feed.home_page_url, "https://makassar.example.id/", "json1.1: home page");
	is_str(r.r.feed.description, "Berita UMKM Sulawesi Selatan", "json1.1: description");
	is_str(r.r.feed.icon, "https://makassar.example.id/icon-512.png", "json1.1: icon");
	is_str(r.r.feed.n_authors ? r.r.feed.authors[0].url : NULL, "https://makassar.example.id/redaksi",
	       "json1.1: feed author url");
	is_int(r.r.n_items, 3, "json1.1: an item without id and url is kept (it has a title)");
	is_str(r.r.n_items == 3 ? item(&r, 2)->title : NULL, "Tanpa id dan url", "json1.1: that item's title");
	ok(r.r.n_items == 3 && item(&r, 2)->key && strncmp(item(&r, 2)->key, "td:", 3) == 0,
	   "json1.1: keyed by title and date");
	it = item(&r, 0);
	is_str(it->id, "mks-2024-001", "json1.1: id");
	is_str(it->url, "https://makassar.example.id/2024/expo-umkm", "json1.1: url");
	is_str(it->title, "Expo UMKM Sulsel 2024 di Pantai Losari", "json1.1: title");
	ok(contains(it->content_html, "<b>UMKM</b>"), "json1.1: content_html");
	is_str(it->content_text, "Expo UMKM digelar 1- 4 Juni 2024.", "json1.1: content_text");
	is_str(it->summary, "Expo UMKM Sulsel 2024", "json1.1: summary");
	is_str(it->image, "https://makassar.example.id/img/expo.jpg", "json1.1: image before banner");
	is_int(it->published, 1716166800, "json1.1: date_published");
	is_int(it->published_offset, 480, "json1.1: +08:00 kept");
	is_int(it->updated, 1716258600, "json1.1: date_modified");
	is_int(it->n_authors, 2, "json1.1: authors");
	is_str(it->n_authors ? it->authors[0].url : NULL, "https://makassar.example.id/penulis/andi",
	       "json1.1: author url");
	is_int(it->n_categories, 2, "json1.1: tags, duplicates and non-strings dropped");
	is_str(it->language, "id-ID", "json1.1: item language");
	is_int(it->n_enclosures, 2, "json1.1: attachments");
	if (it->n_enclosures == 2) {
		is_str(it->enclosures[0].type, "audio/mpeg", "json1.1: mime_type");
		is_int(it->enclosures[0].length, 3145728, "json1.1: size_in_bytes");
		is_str(it->enclosures[0].title, "Liputan audio", "json1.1: attachment title");
		is_str(it->enclosures[1].url, "https://makassar.example.id/dokumen/jadwal.pdf",
		       "json1.1: relative attachment url resolved");
		is_int(it->enclosures[1].length, -1, "json1.1: unknown size");
	} else {
		skip(5, "attachments missing");
	}
	it = item(&r, 1);
	is_str(it->id, "1002", "json1.1: numeric id as a string");
	is_str(it->url, "https://news.example.com/umkm-sulsel", "json1.1: external_url");
	is_str(it->title, NULL, "json1.1: no title");
	is_str(author_name(it, 0), "Redaksi Makassar", "json1.1: feed authors inherited");
	run_free(&r);

	run_fixture(&r, "jsonfeed10.json", "https://papua.example.id/feed.json", "application/json", KB_ISOLATION_FORK,
		    NULL);
	is_int(r.r.result, KABAR_OK, "json1.0: ok");
	is_str(r.r.feed.format, "json1.0", "json1.0: format");
	is_str(r.r.feed.n_authors ? r.r.feed.authors[0].name : NULL, "Humas Papua", "json1.0: feed author object");
	is_int(r.r.n_items, 2, "json1.0: two items");
	is_int(item(&r, 0)->published_offset, 540, "json1.0: +09:00 kept");
	is_str(author_name(item(&r, 0), 0), "Humas Papua", "json1.0: feed author inherited");
	is_str(author_name(item(&r, 1), 0), "Yosep", "json1.0: item author object");
	run_free(&r);

	/* JSON detected by its first character when the type says nothing. */
	{
		static const char body[] =
			"\xef\xbb\xbf  {\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"T\","
			"\"items\":[{\"id\":\"a\",\"title\":\"A\"}]}";

		run_body(&r, body, sizeof(body) - 1, "https://x.example/f", "text/plain", KB_ISOLATION_INPROCESS, NULL);
		is_int(r.r.n_items, 1, "json: detected after a BOM and white space");
		run_free(&r);
	}
	{
		static const char body[] = "{\"title\":\"no version\",\"items\":[]}";

		run_body(&r, body, sizeof(body) - 1, "https://x.example/f", "application/json", KB_ISOLATION_INPROCESS,
			 NULL);
		is_int(r.r.result, KABAR_FAIL, "json: no JSON Feed version fails");
		ok(contains(r.log, "not a feed"), "json: says why");
		run_free(&r);
	}
}

static void
test_entities_charset(void)
{
	struct run r;
	const struct kb_item *it;

	run_fixture(&r, "entities.xml", "https://desa.example.id/rss", "application/xml", KB_ISOLATION_INPROCESS, NULL);
	is_int(r.r.result, KABAR_OK, "entities: HTML entities in XML do not fail the feed");
	is_int(r.r.n_items, 1, "entities: the item survives");
	it = item(&r, 0);
	is_str(it->title, "Pasar Murah\xc2\xa0UMKM & Bazar Caf\xc3\xa9", "entities: &nbsp; and &eacute;");
	is_str(it->summary, "Harga \xc2\xabmurah\xc2\xbb untuk warga", "entities: &laquo; &raquo;");
	is_str(r.r.feed.description, "Kabar desa \xe2\x80\x94 setiap hari", "entities: &mdash;");
	run_free(&r);

	run_fixture(&r, "cp1252.xml", "https://pasar.example.id/rss", "text/xml", KB_ISOLATION_INPROCESS, NULL);
	is_int(r.r.n_items, 1, "windows-1252: item");
	it = item(&r, 0);
	is_str(it->title, "\xe2\x80\x9cPasar Kaget\xe2\x80\x9d Harga \xe2\x82\xac 5 \xe2\x80\x93 Caf\xc3\xa9",
	       "windows-1252: quotes, euro, dash and e-acute decoded");
	is_int(it->published, 1717225200, "windows-1252: pubDate GMT");
	is_int(it->published_offset, 0, "windows-1252: GMT offset 0");
	run_free(&r);
}

static void
test_noguid(void)
{
	struct run r;

	run_fixture(&r, "noguid.xml", "https://noguid.example.id/feed.xml", "application/rss+xml",
		    KB_ISOLATION_INPROCESS, NULL);
	is_int(r.r.result, KABAR_OK, "no guid: ok");
	is_int(r.r.n_items, 5, "no guid: every entry is kept (RSS 2.0 items need only a title or description)");
	is_int(r.r.n_warnings, 0, "no guid: nothing to warn about");
	is_str(item(&r, 0)->id, NULL, "no guid: no id");
	is_str(item(&r, 0)->url, "https://noguid.example.id/satu", "no guid: link");
	is_str(item(&r, 1)->url, "https://noguid.example.id/dua", "no guid: relative link resolved");
	is_str(item(&r, 2)->title, "Tanpa tautan sama sekali", "no guid: an item without a link keeps its title");
	ok(item(&r, 2)->key && strncmp(item(&r, 2)->key, "td:", 3) == 0, "no guid: and is keyed by title and date");
	is_str(item(&r, 3)->title, NULL, "no guid: item with only a description");
	is_str(item(&r, 3)->summary, "Hanya deskripsi", "no guid: its description");
	ok(item(&r, 4)->partial, "no guid: an item with only a link is partial, to be completed from its page");
	run_free(&r);
}

static void
test_not_feeds(void)
{
	struct run r;

	run_fixture(&r, "html-page.html", "https://dinkop.example.go.id/", "text/html; charset=utf-8",
		    KB_ISOLATION_INPROCESS, NULL);
	is_int(r.r.result, KABAR_FAIL, "html page: fails");
	is_int(r.r.n_items, 0, "html page: no items");
	ok(contains(r.log, "not a feed") && contains(r.log, "HTML page"), "html page: logs \"not a feed\"");
	run_free(&r);

	run_fixture(&r, "html-page.html", "https://dinkop.example.go.id/", "application/rss+xml", KB_ISOLATION_FORK,
		    NULL);
	is_int(r.rc, 0, "html page fork: the worker exits cleanly");
	is_int(r.r.result, KABAR_FAIL, "html page fork: fails");
	ok(contains(r.log, "not a feed"), "html page fork: logs \"not a feed\"");
	run_free(&r);

	{
		static const char body[] =
			"<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
			"<url><loc>https://x.example/a</loc></url></urlset>";

		run_body(&r, body, sizeof(body) - 1, "https://x.example/sitemap.xml", "text/xml",
			 KB_ISOLATION_INPROCESS, NULL);
		is_int(r.r.result, KABAR_FAIL, "sitemap: not a feed");
		ok(contains(r.log, "urlset"), "sitemap: names the root element");
		run_free(&r);
	}
	run_body(&r, "", 0, "https://x.example/empty", "application/rss+xml", KB_ISOLATION_INPROCESS, NULL);
	is_int(r.r.result, KABAR_FAIL, "empty body: fails");
	run_free(&r);
}

/* Odd and hostile input written inline. */
static void
test_odd(void)
{
	struct run r;
	struct kb_buf b;
	int i;

	{
		static const char body[] =
			"<rss version=\"2.0\"><channel><title>x</title>"
			"<item><title>A</title><link>javascript:alert(1)</link><guid>g-1</guid></item>"
			"<item><title>B</title><link href=\"https://x.example/b\"/></item>"
			"</channel></rss>";

		run_body(&r, body, sizeof(body) - 1, "https://x.example/rss", NULL, KB_ISOLATION_INPROCESS, NULL);
		is_int(r.r.n_items, 2, "odd: both items");
		is_str(item(&r, 0)->url, NULL, "odd: javascript: link dropped");
		is_str(item(&r, 0)->id, "g-1", "odd: the item keeps its guid");
		is_str(item(&r, 1)->url, "https://x.example/b", "odd: Atom-style <link href> in RSS");
		is_str(r.r.feed.format, "rss2.0", "odd: version 2.0");
		run_free(&r);
	}
	{
		static const char body[] = "<feed version=\"0.3\" xmlns=\"http://example.com/necho\">"
					   "<title>Example Atom</title><entry><id>e1</id><title>T</title>"
					   "</entry></feed>";

		run_body(&r, body, sizeof(body) - 1, "https://x.example/atom", NULL, KB_ISOLATION_INPROCESS, NULL);
		is_str(r.r.feed.format, "atom0.3", "odd: pre-0.3 Atom namespace read as 0.3");
		is_str(r.r.feed.title, "Example Atom", "odd: its title");
		is_int(r.r.n_items, 1, "odd: its entry");
		run_free(&r);
	}

	/* Many unusable items: warnings are bounded. */
	kb_buf_init(&b, 1 << 20);
	kb_buf_addstr(&b, "<rss><channel><title>w</title>");
	for (i = 0; i < 30; i++)
		kb_buf_printf(&b, "<item><title>no link %d</title></item>", i);
	kb_buf_addstr(&b, "<item><title>last</title><link>https://x.example/last</link>");
	for (i = 0; i < 100; i++)
		kb_buf_printf(&b, "<category>c%d</category>", i);
	kb_buf_addstr(&b, "<media:group xmlns:media=\"http://search.yahoo.com/mrss/\">");
	for (i = 0; i < 20; i++)
		kb_buf_addstr(&b, "<media:group>");
	kb_buf_addstr(&b, "<media:thumbnail url=\"https://x.example/deep.jpg\"/>");
	for (i = 0; i < 20; i++)
		kb_buf_addstr(&b, "</media:group>");
	kb_buf_addstr(&b, "</media:group></item></channel></rss>");
	run_body(&r, b.data, b.len, "https://x.example/rss", "text/xml", KB_ISOLATION_INPROCESS, NULL);
	is_str(r.r.feed.format, "rss", "odd: <rss> without a version");
	is_int(r.r.n_items, 31, "odd: items with a title and no link are kept");
	is_int(r.r.n_items == 31 ? (long)item(&r, 30)->n_categories : -1L, 64, "odd: categories capped at 64");
	is_str(r.r.n_items == 31 ? item(&r, 30)->image : "?", NULL, "odd: media:group nesting is bounded");
	run_free(&r);
	kb_buf_free(&b);
}

/* Relative URLs against xml:base, Content-Location and the response
 * URL; the Content-Location of a web page never points at files. */
static void
test_base(void)
{
	static const char rss[] = "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
				  "<channel><title>b</title><link>/home</link><item><title>A</title>"
				  "<link>/relative/uri</link><content:encoded>&lt;a href=\"/rel/c\"&gt;c&lt;/a&gt;"
				  "</content:encoded></item></channel></rss>";
	static const char atom[] =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"http://a.example/base/\">"
		"<title>t</title><entry xml:base=\"sub/\"><id>e1</id><title>E</title><link href=\"page\"/>"
		"<content type=\"xhtml\" xml:base=\"c/\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
		"<a href=\"x\">x</a><img src=\"/i.png\"/></div></content></entry>"
		"<entry><id>e2</id><title>F</title><link href=\"/top\"/>"
		"<content type=\"html\">&lt;a href=\"y\"&gt;y&lt;/a&gt;</content></entry></feed>";
	struct run r;

	content_location = "http://cl.example/dir/";
	run_body(&r, rss, sizeof(rss) - 1, "https://x.example/feed", NULL, KB_ISOLATION_INPROCESS, NULL);
	is_str(r.r.feed.home_page_url, "http://cl.example/home", "base: channel link against Content-Location");
	is_str(item(&r, 0)->url, "http://cl.example/relative/uri", "base: item link against Content-Location");
	ok(contains(item(&r, 0)->content_html, "href=\"http://cl.example/rel/c\""),
	   "base: content URLs against Content-Location");
	run_free(&r);

	content_location = "/other/feed.xml";
	run_body(&r, rss, sizeof(rss) - 1, "https://x.example/feed", NULL, KB_ISOLATION_INPROCESS, NULL);
	is_str(item(&r, 0)->url, "https://x.example/relative/uri",
	       "base: relative Content-Location against the response URL");
	run_free(&r);

	content_location = "file:///etc/";
	run_body(&r, rss, sizeof(rss) - 1, "https://x.example/feed", NULL, KB_ISOLATION_INPROCESS, NULL);
	is_str(item(&r, 0)->url, "https://x.example/relative/uri", "base: a file: Content-Location is ignored");
	ok(contains(item(&r, 0)->content_html, "href=\"https://x.example/rel/c\""),
	   "base: and content URLs stay on the web");
	run_free(&r);
	content_location = NULL;

	run_body(&r, atom, sizeof(atom) - 1, "https://x.example/atom", NULL, KB_ISOLATION_INPROCESS, NULL);
	is_int(r.r.n_items, 2, "base: two entries");
	is_str(item(&r, 0)->url, "http://a.example/base/sub/page", "base: link against nested xml:base");
	ok(contains(item(&r, 0)->content_html, "href=\"http://a.example/base/sub/c/x\""),
	   "base: content href against the content's own xml:base");
	ok(contains(item(&r, 0)->content_html, "src=\"http://a.example/i.png\""),
	   "base: content src against the content's xml:base");
	is_str(item(&r, 1)->url, "http://a.example/top", "base: feed xml:base");
	ok(contains(item(&r, 1)->content_html, "href=\"http://a.example/base/y\""),
	   "base: html content against the feed's xml:base");
	run_free(&r);
}

/* Atom 0.3 habits, RSS oddities and CDF. */
static void
test_conform(void)
{
	static const char atom03[] =
		"<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>t</title>"
		"<entry><title>A</title><link rel=\"enclosure\" type=\"audio/mpeg\">http://x.example/a.mp3</link>"
		"<link rel=\"alternate\" type=\"text/html\">http://x.example/alt</link>"
		"<author><name>N</name><homepage>http://x.example/home</homepage></author>"
		"<issued>2004-01-01T19:48:21Z</issued><published>2010-01-01T19:48:21Z</published>"
		"<modified>2010-12-01T10:14:55Z</modified><modified>2003-12-31T10:14:55Z</modified>"
		"</entry></feed>";
	static const char rss[] = "<rss version=\"2.0\"><channel><TiTlE>Upper</TiTlE>"
				  "<item><TITLE>I1</TITLE><description>d</description><summary>s</summary></item>"
				  "<item><title>I2</title><summary>only summary</summary>"
				  "<body><p>b <a href=\"/x\">x</a></p></body></item></channel></rss>";
	static const char cdf[] =
		"<CHANNEL HREF=\"http://www.example.org/\"><TITLE>Example feed</TITLE>"
		"<ABSTRACT>About</ABSTRACT><ITEM HREF=\"/item1\" LASTMOD=\"2004-04-06T23:05:43-05:00\">"
		"<TITLE>Example item</TITLE><ABSTRACT>Item text</ABSTRACT></ITEM>"
		"<CHANNEL><ITEM HREF=\"http://www.example.org/item2\"/></CHANNEL></CHANNEL>";
	struct run r;

	run_body(&r, atom03, sizeof(atom03) - 1, "https://x.example/atom", NULL, KB_ISOLATION_INPROCESS, NULL);
	is_str(item(&r, 0)->url, "http://x.example/alt", "conform: Atom 0.3 link URL as element text");
	is_int(item(&r, 0)->n_enclosures, 1, "conform: enclosure link as element text");
	is_str(item(&r, 0)->n_authors ? item(&r, 0)->authors[0].url : NULL, "http://x.example/home",
	       "conform: Atom 0.3 author homepage");
	is_int((long)item(&r, 0)->published, 1262375301L, "conform: a later published overrides issued");
	is_int((long)item(&r, 0)->updated, 1072865695L, "conform: a later modified overrides an earlier one");
	run_free(&r);

	run_body(&r, rss, sizeof(rss) - 1, "https://x.example/rss", NULL, KB_ISOLATION_INPROCESS, NULL);
	is_str(r.r.feed.title, "Upper", "conform: RSS element names in any case");
	is_int(r.r.n_items, 2, "conform: two items");
	is_str(item(&r, 0)->title, "I1", "conform: <TITLE> in an item");
	is_str(item(&r, 0)->summary, "d", "conform: description is the summary");
	is_str(item(&r, 0)->content_html, "s", "conform: <summary> beside a description is the content");
	is_str(item(&r, 1)->summary, "only summary", "conform: <summary> alone is the summary");
	ok(contains(item(&r, 1)->content_html, "<p>b <a href=\"https://x.example/x\""),
	   "conform: <body> without a namespace is the content");
	run_free(&r);

	run_body(&r, cdf, sizeof(cdf) - 1, "https://x.example/cdf", NULL, KB_ISOLATION_INPROCESS, NULL);
	is_int(r.r.result, KABAR_OK, "cdf: ok");
	is_str(r.r.feed.format, "cdf", "cdf: format");
	is_str(r.r.feed.title, "Example feed", "cdf: channel title");
	is_str(r.r.feed.home_page_url, "http://www.example.org/", "cdf: channel HREF");
	is_int(r.r.n_items, 2, "cdf: items, also in a nested channel");
	is_str(item(&r, 0)->url, "https://x.example/item1", "cdf: item HREF resolved");
	is_str(item(&r, 0)->title, "Example item", "cdf: item title");
	is_str(item(&r, 0)->summary, "Item text", "cdf: item abstract");
	is_int((long)item(&r, 0)->updated, 1081310743L, "cdf: item LASTMOD");
	is_int(item(&r, 0)->updated_offset, -300, "cdf: LASTMOD offset");
	is_str(item(&r, 1)->url, "http://www.example.org/item2", "cdf: nested channel item");
	run_free(&r);
}

static void
test_jsonfeed_edge(void)
{
	struct kb_item it;
	struct kb_author au;
	struct kb_buf b;
	struct json_object *root, *items, *v, *x;

	memset(&it, 0, sizeof(it));
	memset(&au, 0, sizeof(au));
	it.url = (char *)"https://x.example/a";
	it.title = (char *)"bad \xff\xfe utf-8";
	it.published = KB_NO_TIME;
	it.updated = 0;
	it.updated_offset = -300;
	au.email = (char *)"only@x.example";
	it.authors = &au;
	it.n_authors = 1;
	kb_buf_init(&b, 1 << 16);
	is_int(kb_jsonfeed_write(&b, NULL, NULL, &it, 1, NULL), 0, "jsonfeed edge: written without feed facts");
	ok(kb_utf8_valid(b.data, b.len), "jsonfeed edge: invalid UTF-8 repaired");
	root = json_tokener_parse(kb_buf_str(&b));
	ok(root != NULL, "jsonfeed edge: parses");
	ok(json_object_object_get_ex(root, "title", &v), "jsonfeed edge: title present though unknown");
	json_object_object_get_ex(root, "items", &items);
	x = items ? json_object_array_get_idx(items, 0) : NULL;
	is_str(json_object_object_get_ex(x, "id", &v) ? json_object_get_string(v) : NULL, "https://x.example/a",
	       "jsonfeed edge: url as id");
	is_str(json_object_object_get_ex(x, "content_text", &v) ? json_object_get_string(v) : NULL, "",
	       "jsonfeed edge: content_text required");
	is_str(json_object_object_get_ex(x, "date_modified", &v) ? json_object_get_string(v) : NULL,
	       "1969-12-31T19:00:00-05:00", "jsonfeed edge: negative offset");
	ok(!json_object_object_get_ex(x, "authors", &v), "jsonfeed edge: author with only email not in authors");
	ok(json_object_object_get_ex(x, "_kabar", &v) && json_object_object_get_ex(v, "author_emails", &v),
	   "jsonfeed edge: but in _kabar.author_emails");
	json_object_put(root);
	kb_buf_free(&b);
}

int
main(void)
{
	const char *top = getenv("top_builddir");
	char *path, *err = NULL;

	srcdir = getenv("top_srcdir");
	if (srcdir == NULL)
		srcdir = "..";
	/* Plugin log lines are logged at info level (kabar run -v); the
	 * tests read them from stderr. */
	kb_verbosity = KB_LOG_INFO;
	path = kb_asprintf("%s/plugins/rss/.libs/rss.so", top ? top : ".");
	plugin = kb_plugin_load(path, &err);
	if (!ok(plugin != NULL, "load %s", path)) {
		diag("%s", err ? err : "?");
		free(err);
		free(path);
		return done_testing();
	}
	free(path);
	is_str(plugin->desc.name, "rss", "plugin name");
	ok(plugin->desc.options == NULL || plugin->desc.options[0].struct_size == 0 || plugin->n_options == 0,
	   "plugin declares no options");

	test_rss20();
	test_rss10();
	test_rss091();
	test_atom10();
	test_atom03();
	test_json();
	test_entities_charset();
	test_noguid();
	test_not_feeds();
	test_odd();
	test_base();
	test_conform();
	test_jsonfeed_edge();

	kb_plugin_unload_all();
	return done_testing();
}
