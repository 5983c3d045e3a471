/* test-store.c: the SQLite store (src/store.c). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "item.h"
#include "store.h"
#include "tap.h"
#include "util.h"

static char tmpdir[] = "/tmp/kb-test-store-XXXXXX";

/* --- helpers --- */

static char *
path_in(const char *name)
{
	return kb_asprintf("%s/%s", tmpdir, name);
}

static void
remove_db(const char *path)
{
	char *p;

	unlink(path);
	p = kb_asprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = kb_asprintf("%s-shm", path);
	unlink(p);
	free(p);
	p = kb_asprintf("%s-journal", path);
	unlink(p);
	free(p);
}

/* Capture what the code under test logs to stderr. */
static int capture_fd = -1;
static char capture_text[4096];

static void
capture_begin(void)
{
	char *p = path_in("stderr.txt");
	int fd;

	fflush(stderr);
	capture_fd = dup(2);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		dup2(fd, 2);
		close(fd);
	}
	free(p);
}

static const char *
capture_end(void)
{
	char *p = path_in("stderr.txt");
	FILE *f;
	size_t n = 0;

	fflush(stderr);
	if (capture_fd >= 0) {
		dup2(capture_fd, 2);
		close(capture_fd);
		capture_fd = -1;
	}
	f = fopen(p, "r");
	if (f) {
		n = fread(capture_text, 1, sizeof(capture_text) - 1, f);
		fclose(f);
	}
	while (n > 0 && capture_text[n - 1] == '\n')
		n--;
	capture_text[n] = '\0';
	unlink(p);
	free(p);
	return capture_text;
}

/* One value from SQL run on a separate raw connection: an integer, or
 * text copied to buf. */
static long long
raw_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -12345;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static const char *
raw_text(const char *path, const char *sql, char *buf, size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	const unsigned char *t;

	snprintf(buf, size, "(error)");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
		t = sqlite3_column_text(s, 0);
		snprintf(buf, size, "%s", t ? (const char *)t : "(null)");
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return buf;
}

static int
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static void
item_init(struct kb_item *it, const char *id, const char *url, const char *title, int64_t published)
{
	memset(it, 0, sizeof(*it));
	it->id = kb_strdup(id);
	it->url = kb_strdup(url);
	it->title = kb_strdup(title);
	it->published = published;
	it->updated = KB_NO_TIME;
}

static int
put(struct kb_store *st, const char *source, const char *id, const char *url, const char *title, int64_t published,
    int64_t now)
{
	struct kb_item it;
	int is_new = -1, rc;

	item_init(&it, id, url, title, published);
	rc = kb_store_item_put(st, source, &it, now, &is_new);
	kb_item_free(&it);
	return rc < 0 ? -1 : is_new;
}

/* foreach collector: "source/key" of each item, comma separated. */
struct collect {
	char buf[1024];
	size_t n;
	size_t stop_after; /* 0: never */
};

static int
collect_fn(void *ud, const char *source, const struct kb_item *it)
{
	struct collect *c = ud;
	size_t len = strlen(c->buf);

	snprintf(c->buf + len, sizeof(c->buf) - len, "%s%s/%s", len ? "," : "", source, it->key ? it->key : "(null)");
	c->n++;
	return c->stop_after && c->n >= c->stop_after;
}

/* foreach: keep a deep copy of the one item seen. */
struct grab {
	int n;
	char *source;
	struct kb_item it;
};

static char **
strv_dup(char *const *v, size_t n)
{
	char **c = kb_calloc(n ? n : 1, sizeof(*c));
	size_t i;

	for (i = 0; i < n; i++)
		c[i] = kb_strdup(v[i]);
	return c;
}

static int
grab_fn(void *ud, const char *source, const struct kb_item *it)
{
	struct grab *g = ud;
	struct kb_item *c = &g->it;
	size_t i;

	g->n++;
	if (g->n > 1)
		return 0;
	g->source = kb_strdup(source);
	*c = *it; /* scalars; pointers replaced below */
	c->id = kb_strdup(it->id);
	c->url = kb_strdup(it->url);
	c->title = kb_strdup(it->title);
	c->title_html = kb_strdup(it->title_html);
	c->summary = kb_strdup(it->summary);
	c->summary_html = kb_strdup(it->summary_html);
	c->content_html = kb_strdup(it->content_html);
	c->content_text = kb_strdup(it->content_text);
	c->language = kb_strdup(it->language);
	c->image = kb_strdup(it->image);
	c->comments_url = kb_strdup(it->comments_url);
	c->key = kb_strdup(it->key);
	c->authors = kb_calloc(it->n_authors ? it->n_authors : 1, sizeof(*c->authors));
	for (i = 0; i < it->n_authors; i++) {
		c->authors[i].name = kb_strdup(it->authors[i].name);
		c->authors[i].email = kb_strdup(it->authors[i].email);
		c->authors[i].url = kb_strdup(it->authors[i].url);
	}
	c->categories = strv_dup(it->categories, it->n_categories);
	c->enclosures = kb_calloc(it->n_enclosures ? it->n_enclosures : 1, sizeof(*c->enclosures));
	for (i = 0; i < it->n_enclosures; i++) {
		c->enclosures[i] = it->enclosures[i];
		c->enclosures[i].url = kb_strdup(it->enclosures[i].url);
		c->enclosures[i].type = kb_strdup(it->enclosures[i].type);
		c->enclosures[i].title = kb_strdup(it->enclosures[i].title);
	}
	return 0;
}

static void
grab_free(struct grab *g)
{
	free(g->source);
	kb_item_free(&g->it);
	memset(g, 0, sizeof(*g));
}

/* --- tests --- */

static void
test_open_create(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("a.db");
	char buf[64];
	struct stat sb;

	ok(kb_store_open(path, &st) == 0 && st != NULL, "open creates a new store");
	ok(stat(path, &sb) == 0, "the store file exists");
	is_int(kb_store_schema_version(st), KB_STORE_SCHEMA, "schema version after create");
	is_str(raw_text(path, "PRAGMA journal_mode", buf, sizeof(buf)), "wal", "the file is in WAL mode");
	is_int(raw_int(path, "PRAGMA user_version"), KB_STORE_SCHEMA, "user_version recorded in the file");
	is_int(raw_int(path, "PRAGMA application_id"), 0x6b626172, "application_id marks a kabar store");
	is_int(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
			     " ('sources', 'validators', 'hosts', 'items', 'runs')"),
	       5, "all tables created");
	kb_store_close(st);
	free(path);
}

static void
test_sources(void)
{
	struct kb_store *st = NULL;
	struct kb_source_state s, g;
	struct kb_source_state *list = NULL;
	size_t n = 0, i;
	char *path = path_in("a.db");

	ok(kb_store_open(path, &st) == 0, "reopen the store");

	ok(kb_store_source_get(st, "never", &g) == 0, "get an unknown source");
	is_str(g.name, "never", "unknown source: name set");
	ok(g.due == 0 && g.last_attempt == 0 && g.last_success == 0 && g.failures == 0 && g.server_ttl == 0 &&
		   g.last_error == NULL && g.error_class == NULL && g.id_strategy == NULL && g.status_note == NULL,
	   "unknown source: everything else 0/NULL");
	kb_source_state_free(&g);

	memset(&s, 0, sizeof(s));
	s.name = kb_strdup("jatim");
	s.due = 1700000600;
	s.last_attempt = 1700000000;
	s.last_success = 1699990000;
	s.last_error_time = 1700000001;
	s.last_error = kb_strdup("http error 503: Layanan tidak tersedia \xe2\x80\x94 coba lagi");
	s.error_class = kb_strdup("http-error");
	s.failures = 3;
	s.failing_since = 1699999000;
	s.last_reported = 1699999500;
	s.id_strategy = kb_strdup("guid");
	s.server_ttl = 1800;
	s.status_note = kb_strdup("recovered XML");
	ok(kb_store_source_put(st, &s) == 0, "put source state with every field");
	ok(kb_store_source_get(st, "jatim", &g) == 0, "get it back");
	is_str(g.name, "jatim", "name");
	is_int(g.due, s.due, "due");
	is_int(g.last_attempt, s.last_attempt, "last_attempt");
	is_int(g.last_success, s.last_success, "last_success");
	is_int(g.last_error_time, s.last_error_time, "last_error_time");
	is_str(g.last_error, s.last_error, "last_error (UTF-8)");
	is_str(g.error_class, "http-error", "error_class");
	is_int(g.failures, 3, "failures");
	is_int(g.failing_since, s.failing_since, "failing_since");
	is_int(g.last_reported, s.last_reported, "last_reported");
	is_str(g.id_strategy, "guid", "id_strategy");
	is_int(g.server_ttl, 1800, "server_ttl");
	is_str(g.status_note, "recovered XML", "status_note");
	kb_source_state_free(&g);

	/* Success clears the error: NULLs are stored as NULL. */
	free(s.last_error);
	free(s.error_class);
	free(s.status_note);
	s.last_error = NULL;
	s.error_class = NULL;
	s.status_note = NULL;
	s.failures = 0;
	s.last_success = 1700000700;
	ok(kb_store_source_put(st, &s) == 0, "update source state with NULL strings");
	ok(kb_store_source_get(st, "jatim", &g) == 0, "get the update");
	ok(g.last_error == NULL && g.error_class == NULL && g.status_note == NULL, "NULL strings come back NULL");
	is_int(g.failures, 0, "failures reset");
	is_int(g.last_success, 1700000700, "last_success updated");
	is_str(g.id_strategy, "guid", "id_strategy kept");
	kb_source_state_free(&g);

	kb_source_state_free(&s);
	s.name = kb_strdup("bali");
	ok(kb_store_source_put(st, &s) == 0, "put a second source");
	ok(kb_store_source_list(st, &list, &n) == 0, "list sources");
	is_int(n, 2, "two sources listed");
	if (n == 2) {
		is_str(list[0].name, "bali", "sorted by name: first");
		is_str(list[1].name, "jatim", "sorted by name: second");
		is_int(list[1].due, 1700000600, "listed state carries the fields");
	} else {
		skip(3, "wrong count");
	}
	for (i = 0; i < n; i++)
		kb_source_state_free(&list[i]);
	kb_source_state_free(&s);
	free(list);

	kb_store_close(st);
	free(path);
}

static void
test_validators_hosts(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("a.db");
	char *etag = NULL, *lm = NULL, *ip = NULL;
	int64_t retry = -1;

	ok(kb_store_open(path, &st) == 0, "open for validators");
	ok(kb_store_validators_get(st, "https://jatim.antaranews.com/rss/terkini.xml", &etag, &lm) == 0 &&
		   etag == NULL && lm == NULL,
	   "unknown url: no validators");
	ok(kb_store_validators_put(st, "https://jatim.antaranews.com/rss/terkini.xml", "W/\"abc\"",
				   "Tue, 01 Aug 2023 10:00:00 GMT") == 0,
	   "put validators");
	ok(kb_store_validators_get(st, "https://jatim.antaranews.com/rss/terkini.xml", &etag, &lm) == 0,
	   "get validators");
	is_str(etag, "W/\"abc\"", "etag");
	is_str(lm, "Tue, 01 Aug 2023 10:00:00 GMT", "last-modified");
	free(etag);
	free(lm);
	ok(kb_store_validators_put(st, "https://jatim.antaranews.com/rss/terkini.xml", NULL,
				   "Wed, 02 Aug 2023 10:00:00 GMT") == 0,
	   "replace validators, etag gone");
	kb_store_validators_get(st, "https://jatim.antaranews.com/rss/terkini.xml", &etag, &lm);
	ok(etag == NULL, "etag now NULL");
	is_str(lm, "Wed, 02 Aug 2023 10:00:00 GMT", "last-modified replaced");
	free(etag);
	free(lm);
	ok(raw_int(path, "SELECT updated FROM validators") > 1600000000, "validators carry their update time");

	ok(kb_store_host_get(st, "example.org", &retry, &ip) == 0 && retry == 0 && ip == NULL,
	   "unknown host: 0 and NULL");
	ok(kb_store_host_put(st, "example.org", 1700003600, "203.0.113.7") == 0, "put host state");
	ok(kb_store_host_get(st, "example.org", &retry, &ip) == 0, "get host state");
	is_int(retry, 1700003600, "retry_until");
	is_str(ip, "203.0.113.7", "ip");
	free(ip);
	ok(kb_store_host_put(st, "example.org", 0, NULL) == 0, "update host state with nothing new");
	kb_store_host_get(st, "example.org", &retry, &ip);
	ok(retry == 1700003600 && ip && strcmp(ip, "203.0.113.7") == 0,
	   "a later success (0, NULL) keeps the stored Retry-After and address");
	free(ip);
	ok(kb_store_host_put(st, "example.org", 1700007200, "203.0.113.8") == 0, "a new Retry-After and address");
	kb_store_host_get(st, "example.org", &retry, &ip);
	ok(retry == 1700007200 && ip && strcmp(ip, "203.0.113.8") == 0, "replace the old ones");
	free(ip);
	kb_store_close(st);
	free(path);
}

static void
test_item_update(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("a.db");
	struct kb_item it;
	struct grab g;
	int is_new = -1;
	int64_t n = -1;
	const char *one = "jatim";

	ok(kb_store_open(path, &st) == 0, "open for items");
	item_init(&it, "berita-1", "https://jatim.example/a", "Pameran UMKM", 1700000000);
	ok(kb_store_item_put(st, "jatim", &it, 1700000100, &is_new) == 0, "insert an item");
	is_int(is_new, 1, "insert reports new");
	ok(it.key != NULL, "key set by item_put");
	is_int(it.first_seen, 1700000100, "first_seen is now");
	kb_item_free(&it);

	item_init(&it, "berita-1", "https://jatim.example/a", "Pameran UMKM Jatim 2023", 1700000000);
	it.summary = kb_strdup("diperbarui");
	ok(kb_store_item_put(st, "jatim", &it, 1700009999, &is_new) == 0, "put the same item again");
	is_int(is_new, 0, "update reports not new");
	is_int(it.first_seen, 1700000100, "first_seen kept and written back");
	kb_item_free(&it);

	ok(kb_store_item_count(st, "jatim", &n) == 0, "count items");
	is_int(n, 1, "not duplicated");
	memset(&g, 0, sizeof(g));
	ok(kb_store_items_foreach(st, &one, 1, 0, 0, grab_fn, &g) == 0, "foreach after update");
	is_int(g.n, 1, "one item");
	is_str(g.it.title, "Pameran UMKM Jatim 2023", "title updated");
	is_str(g.it.summary, "diperbarui", "summary updated");
	is_int(g.it.first_seen, 1700000100, "stored first_seen kept");
	is_int(raw_int(path, "SELECT last_seen FROM items"), 1700009999, "last_seen updated");
	grab_free(&g);

	capture_begin();
	ok(kb_store_item_put(st, NULL, &it, 1, &is_new) < 0, "item without a source refused");
	ok(strstr(capture_end(), "no source name") != NULL, "and says why");
	kb_store_close(st);
	free(path);
}

static void
test_item_round_trip(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("b.db");
	struct kb_item it;
	struct grab g;
	int is_new = -1;
	const char *src = "sulsel";

	ok(kb_store_open(path, &st) == 0, "open a second store");
	memset(&it, 0, sizeof(it));
	it.id = kb_strdup("tag:sulsel,2023:42");
	it.url = kb_strdup("https://sulsel.example/berita/42");
	it.title = kb_strdup("Bazar UMKM \xe2\x80\x9cMakassar\xe2\x80\x9d \xf0\x9f\x8e\x89");
	it.summary = kb_strdup("Ringkasan: pelatihan & pameran");
	it.content_html = kb_strdup("<p>Isi <b>berita</b> \"kutip\" \\ &amp;</p>");
	it.content_text = kb_strdup("Isi berita");
	it.title_html = kb_strdup("Pameran <i>UMKM</i>");
	it.summary_html = kb_strdup("<p>Ringkas &amp; <b>jelas</b></p>");
	it.published = 1690000000;
	it.published_offset = 480;
	it.updated = 1690003600;
	it.updated_offset = -300;
	it.language = kb_strdup("id");
	it.image = kb_strdup("https://sulsel.example/img/42.jpg");
	it.n_authors = 2;
	it.authors = kb_calloc(2, sizeof(*it.authors));
	it.authors[0].name = kb_strdup("Andi Ã‘ame Süleyman");
	it.authors[0].email = kb_strdup("andi@example.id");
	it.authors[0].url = kb_strdup("https://sulsel.example/andi");
	it.authors[1].name = kb_strdup("Redaksi");
	it.n_categories = 3;
	it.categories = kb_calloc(3, sizeof(*it.categories));
	it.categories[0] = kb_strdup("Ekonomi");
	it.categories[1] = kb_strdup("UMKM \xe2\x80\x94 Daerah");
	it.categories[2] = NULL;
	it.n_enclosures = 2;
	it.enclosures = kb_calloc(2, sizeof(*it.enclosures));
	it.enclosures[0].url = kb_strdup("https://sulsel.example/a.mp3");
	it.enclosures[0].type = kb_strdup("audio/mpeg");
	it.enclosures[0].length = 123456789012LL;
	it.enclosures[0].title = kb_strdup("Wawancara \xe6\x97\xa5\xe6\x9c\xac");
	it.enclosures[1].url = kb_strdup("https://sulsel.example/b.pdf");
	it.enclosures[1].length = -1;
	it.comments_url = kb_strdup("https://sulsel.example/berita/42#komentar");
	it.id_is_permalink = 0;
	it.partial = 1;
	ok(kb_store_item_put(st, src, &it, 1690000500, &is_new) == 0 && is_new == 1, "insert an item with every field");

	memset(&g, 0, sizeof(g));
	ok(kb_store_items_foreach(st, NULL, 0, 0, 0, grab_fn, &g) == 0 && g.n == 1, "read it back");
	is_str(g.source, "sulsel", "source");
	is_str(g.it.key, it.key, "key");
	is_str(g.it.id, it.id, "id");
	is_str(g.it.url, it.url, "url");
	is_str(g.it.title, it.title, "title (UTF-8, emoji)");
	is_str(g.it.summary, it.summary, "summary");
	is_str(g.it.title_html, it.title_html, "title_html");
	is_str(g.it.summary_html, it.summary_html, "summary_html");
	is_str(g.it.content_html, it.content_html, "content_html (quotes, backslash)");
	is_str(g.it.content_text, it.content_text, "content_text");
	is_int(g.it.published, 1690000000, "published");
	is_int(g.it.published_offset, 480, "published_offset");
	is_int(g.it.updated, 1690003600, "updated");
	is_int(g.it.updated_offset, -300, "updated_offset");
	is_str(g.it.language, "id", "language");
	is_str(g.it.image, it.image, "image");
	is_str(g.it.comments_url, it.comments_url, "comments_url");
	is_int(g.it.id_is_permalink, 0, "id_is_permalink");
	is_int(g.it.partial, 1, "partial");
	is_int(g.it.first_seen, 1690000500, "first_seen");
	is_int(g.it.n_authors, 2, "two authors");
	if (g.it.n_authors == 2) {
		is_str(g.it.authors[0].name, it.authors[0].name, "author 1 name (UTF-8)");
		is_str(g.it.authors[0].email, "andi@example.id", "author 1 email");
		is_str(g.it.authors[0].url, it.authors[0].url, "author 1 url");
		is_str(g.it.authors[1].name, "Redaksi", "author 2 name");
		ok(g.it.authors[1].email == NULL && g.it.authors[1].url == NULL, "author 2: missing fields stay NULL");
	} else {
		skip(5, "authors lost");
	}
	is_int(g.it.n_categories, 3, "three categories");
	if (g.it.n_categories == 3) {
		is_str(g.it.categories[0], "Ekonomi", "category 1");
		is_str(g.it.categories[1], it.categories[1], "category 2 (UTF-8)");
		ok(g.it.categories[2] == NULL, "NULL category kept as NULL");
	} else {
		skip(3, "categories lost");
	}
	is_int(g.it.n_enclosures, 2, "two enclosures");
	if (g.it.n_enclosures == 2) {
		is_str(g.it.enclosures[0].url, it.enclosures[0].url, "enclosure 1 url");
		is_str(g.it.enclosures[0].type, "audio/mpeg", "enclosure 1 type");
		is_int(g.it.enclosures[0].length, 123456789012LL, "enclosure 1 length (64-bit)");
		is_str(g.it.enclosures[0].title, it.enclosures[0].title, "enclosure 1 title (UTF-8)");
		is_int(g.it.enclosures[1].length, -1, "enclosure 2 length unknown");
		ok(g.it.enclosures[1].type == NULL && g.it.enclosures[1].title == NULL,
		   "enclosure 2: missing fields stay NULL");
	} else {
		skip(6, "enclosures lost");
	}
	grab_free(&g);
	kb_item_free(&it);

	/* An item without dates sorts by first_seen and keeps KB_NO_TIME. */
	item_init(&it, NULL, NULL, "tanpa tanggal", KB_NO_TIME);
	ok(kb_store_item_put(st, src, &it, 1690000600, &is_new) == 0, "insert an item without id, url or date");
	ok(it.key != NULL, "a key is made for it");
	kb_item_free(&it);
	memset(&g, 0, sizeof(g));
	kb_store_items_foreach(st, NULL, 0, 0, 1, grab_fn, &g);
	is_str(g.it.title, "tanpa tanggal", "it sorts first by first_seen");
	ok(g.it.published == KB_NO_TIME && g.it.updated == KB_NO_TIME, "unknown dates stay KB_NO_TIME");
	ok(g.it.n_authors == 0 && g.it.n_categories == 0 && g.it.n_enclosures == 0, "no lists");
	grab_free(&g);

	/* A damaged list in the file: the item still comes out, the list empty. */
	raw_exec(path, "UPDATE items SET authors = '[{\"name\": 5}]', categories = 'not json'"
		       " WHERE title = 'tanpa tanggal'");
	memset(&g, 0, sizeof(g));
	capture_begin();
	kb_store_items_foreach(st, NULL, 0, 0, 1, grab_fn, &g);
	ok(strstr(capture_end(), "cannot decode authors") != NULL, "damaged JSON reported");
	ok(g.n == 1 && g.it.n_authors == 0 && g.it.n_categories == 0 && strcmp(g.it.title, "tanpa tanggal") == 0,
	   "damaged lists: item kept, lists empty");
	grab_free(&g);

	kb_store_close(st);
	free(path);
}

static void
test_known_url(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("a.db");

	ok(kb_store_open(path, &st) == 0, "open for known_url");
	is_int(put(st, "jatim", NULL, "https://Jatim.Example/berita/7?id=7&utm_source=twitter#atas", "tujuh",
		   1700000200, 1700000300),
	       1, "insert an item known by its url");
	is_int(kb_store_item_known_url(st, "jatim", "https://jatim.example/berita/7?id=7"), 1,
	       "known: same url without tracking parameters");
	is_int(kb_store_item_known_url(st, "jatim", "http://jatim.example/berita/7?utm_medium=rss&id=7&utm_campaign=x"),
	       1, "known: other tracking parameters, http");
	is_int(kb_store_item_known_url(st, "jatim", "https://jatim.example/berita/8?id=7"), 0, "unknown: other path");
	is_int(kb_store_item_known_url(st, "bali", "https://jatim.example/berita/7?id=7"), 0, "unknown: other source");
	kb_store_close(st);
	free(path);
}

static void
test_foreach(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("c.db");
	struct collect c;
	const char *only_s2[] = { "s2" };
	const char *both[] = { "s1", "s2" };
	int ok_puts = 1;

	ok(kb_store_open(path, &st) == 0, "open for foreach");
	ok_puts &= put(st, "s1", "a", NULL, "a", 1000, 5000) == 1;
	ok_puts &= put(st, "s1", "b", NULL, "b", 3000, 5000) == 1;
	ok_puts &= put(st, "s2", "c", NULL, "c", 2000, 5000) == 1;
	ok_puts &= put(st, "s2", "d", NULL, "d", KB_NO_TIME, 2500) == 1; /* sorts by first_seen */
	ok_puts &= put(st, "s2", "a", NULL, "a2", 3000, 5000) == 1;	 /* same key, other source */
	ok_puts &= put(st, "s3", "e", NULL, "e", 3000, 5000) == 1;
	ok(ok_puts, "six items inserted");

	memset(&c, 0, sizeof(c));
	ok(kb_store_items_foreach(st, NULL, 0, 0, 0, collect_fn, &c) == 0, "foreach all");
	is_str(c.buf, "s2/a,s1/b,s3/e,s2/d,s2/c,s1/a", "order: sort key desc, then key, then source");
	memset(&c, 0, sizeof(c));
	kb_store_items_foreach(st, NULL, 0, 0, 2, collect_fn, &c);
	is_str(c.buf, "s2/a,s1/b", "limit 2");
	memset(&c, 0, sizeof(c));
	kb_store_items_foreach(st, only_s2, 1, 0, 0, collect_fn, &c);
	is_str(c.buf, "s2/a,s2/d,s2/c", "source filter: one source");
	memset(&c, 0, sizeof(c));
	kb_store_items_foreach(st, both, 2, 0, 0, collect_fn, &c);
	is_str(c.buf, "s2/a,s1/b,s2/d,s2/c,s1/a", "source filter: two sources");
	memset(&c, 0, sizeof(c));
	kb_store_items_foreach(st, both, 0, 0, 0, collect_fn, &c);
	is_int(c.n, 0, "an empty source list matches nothing");
	memset(&c, 0, sizeof(c));
	kb_store_items_foreach(st, NULL, 0, 2500, 0, collect_fn, &c);
	is_str(c.buf, "s2/a,s1/b,s3/e,s2/d", "since bounds published, else first_seen");
	memset(&c, 0, sizeof(c));
	c.stop_after = 2;
	ok(kb_store_items_foreach(st, NULL, 0, 0, 0, collect_fn, &c) == 0 && c.n == 2, "callback stops the walk");
	kb_store_close(st);
	free(path);
}

static void
test_transactions_and_runs(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("c.db");
	int64_t n = 0, id1 = 0, id2 = 0;
	char buf[64];

	ok(kb_store_open(path, &st) == 0, "open for transactions");
	ok(kb_store_begin(st) == 0, "begin");
	put(st, "tx", "x", NULL, "x", 1, 1);
	ok(kb_store_rollback(st) == 0, "rollback");
	kb_store_item_count(st, "tx", &n);
	is_int(n, 0, "rolled back item is gone");
	ok(kb_store_begin(st) == 0, "begin again");
	put(st, "tx", "y", NULL, "y", 1, 1);
	ok(kb_store_commit(st) == 0, "commit");
	kb_store_item_count(st, "tx", &n);
	is_int(n, 1, "committed item is there");
	ok(kb_store_rollback(st) == 0, "rollback with no transaction is harmless");
	kb_store_item_count(st, NULL, &n);
	is_int(n, 7, "count of all items");

	ok(kb_store_run_begin(st, 1700000000, &id1) == 0 && id1 > 0, "run begins");
	ok(kb_store_run_begin(st, 1700000500, &id2) == 0 && id2 > id1, "second run gets a larger id");
	ok(kb_store_run_end(st, id1, 1700000042, 1, 12, 5, 2) == 0, "run ends");
	snprintf(buf, sizeof(buf), "%lld", (long long)id1);
	{
		char sql[256], got[128];

		snprintf(sql, sizeof(sql),
			 "SELECT started || ' ' || finished || ' ' || status || ' ' || fetched || ' ' ||"
			 " new_items || ' ' || failed FROM runs WHERE id = %s",
			 buf);
		is_str(raw_text(path, sql, got, sizeof(got)), "1700000000 1700000042 1 12 5 2", "run log row");
	}
	is_int(raw_int(path, "SELECT count(*) FROM runs WHERE finished IS NULL"), 1, "unfinished run has no end");
	capture_begin();
	ok(kb_store_run_end(st, 999999, 1, 0, 0, 0, 0) < 0, "ending an unknown run fails");
	ok(strstr(capture_end(), "no such run") != NULL, "and says why");
	kb_store_close(st);
	free(path);
}

static void
test_reopen(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("a.db");
	struct kb_source_state g;
	int64_t n = 0;

	ok(kb_store_open(path, &st) == 0, "reopen the first store");
	is_int(kb_store_schema_version(st), KB_STORE_SCHEMA, "schema version on reopen");
	kb_store_item_count(st, "jatim", &n);
	is_int(n, 2, "items kept across reopen");
	kb_store_source_get(st, "jatim", &g);
	is_str(g.id_strategy, "guid", "source state kept across reopen");
	kb_source_state_free(&g);
	kb_store_close(st);
	free(path);
}

static void
test_refused(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("future.db");
	const char *msg;
	char want[32];
	FILE *f;
	int i;

	snprintf(want, sizeof(want), "(%d)", KB_STORE_SCHEMA);
	raw_exec(path, "CREATE TABLE t (x); PRAGMA user_version = 99;");
	capture_begin();
	ok(kb_store_open(path, &st) < 0 && st == NULL, "a store from the future is refused");
	msg = capture_end();
	ok(strstr(msg, "99") && strstr(msg, want) && strstr(msg, path), "message names both versions and the file");
	diag("%s", msg);
	is_int(raw_int(path, "PRAGMA user_version"), 99, "the future store is left alone");
	remove_db(path);
	free(path);

	path = path_in("notadb.db");
	f = fopen(path, "w");
	for (i = 0; f && i < 100; i++)
		fputs("this is not a database, it is a text file\n", f);
	if (f)
		fclose(f);
	capture_begin();
	ok(kb_store_open(path, &st) < 0 && st == NULL, "a file that is not a database is refused");
	msg = capture_end();
	ok(strstr(msg, path) && strstr(msg, "not a database"), "message names the file and the reason");
	diag("%s", msg);
	remove_db(path);
	free(path);

	path = path_in("other.db");
	raw_exec(path, "CREATE TABLE contacts (name TEXT)");
	capture_begin();
	ok(kb_store_open(path, &st) < 0, "another program's database is refused");
	msg = capture_end();
	ok(strstr(msg, path) && strstr(msg, "another program"), "message says so");
	is_int(raw_int(path, "SELECT count(*) FROM sqlite_master"), 1, "and it is left untouched");
	remove_db(path);
	free(path);

	path = kb_asprintf("%s/no/such/dir/x.db", tmpdir);
	capture_begin();
	ok(kb_store_open(path, &st) < 0, "a missing directory is an error");
	ok(strstr(capture_end(), path) != NULL, "naming the file");
	free(path);
}

static void
test_migration(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("v0.db");
	int64_t id = -1;

	/* A real, empty database file at version 0. */
	raw_exec(path, "PRAGMA user_version = 0; VACUUM;");
	is_int(raw_int(path, "PRAGMA user_version"), 0, "v0 database made");
	ok(kb_store_open(path, &st) == 0, "open a v0 database");
	is_int(kb_store_schema_version(st), KB_STORE_SCHEMA, "migrated to the current version");
	kb_store_close(st);
	is_int(raw_int(path, "PRAGMA user_version"), KB_STORE_SCHEMA, "current version recorded");
	is_int(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'items'"), 1,
	       "migration created the tables");

	/* At version 1 no step runs again: a table dropped behind the
	 * store's back stays dropped. */
	raw_exec(path, "DROP TABLE runs");
	ok(kb_store_open(path, &st) == 0, "reopen a version 1 store");
	is_int(raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'runs'"), 0, "no re-migration");
	capture_begin();
	ok(kb_store_run_begin(st, 1, &id) < 0, "a missing table gives an error, not a crash");
	ok(strstr(capture_end(), "no such table") != NULL, "with SQLite's reason");
	kb_store_close(st);
	remove_db(path);
	free(path);
}

/* A version 1 store (before title_html and summary_html) keeps its items
 * through the step to version 2. */
static void
test_migration_v1(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("v1.db");
	struct grab g;

	ok(kb_store_open(path, &st) == 0, "v1: create a store");
	is_int(put(st, "s", "guid-1", "https://x.example/1", "Satu", 1690000000, 1690000000), 1, "v1: an item stored");
	kb_store_close(st);
	/* Back to version 1: without what versions 2 and 3 added. */
	raw_exec(path,
		 "ALTER TABLE items DROP COLUMN title_html; ALTER TABLE items DROP COLUMN summary_html;"
		 " DROP TABLE robots; DROP INDEX items_event;"
		 " ALTER TABLE items DROP COLUMN analyzed; ALTER TABLE items DROP COLUMN score;"
		 " ALTER TABLE items DROP COLUMN topics; ALTER TABLE items DROP COLUMN region;"
		 " ALTER TABLE items DROP COLUMN region_name; ALTER TABLE items DROP COLUMN region_province;"
		 " ALTER TABLE items DROP COLUMN event_name; ALTER TABLE items DROP COLUMN event_start;"
		 " ALTER TABLE items DROP COLUMN event_end; ALTER TABLE items DROP COLUMN event_minute;"
		 " ALTER TABLE items DROP COLUMN event_venue; ALTER TABLE items DROP COLUMN event_organizer;"
		 " DROP INDEX items_cluster; DROP INDEX items_signature_version; ALTER TABLE items DROP COLUMN cluster;"
		 " ALTER TABLE items DROP COLUMN event_end_minute;"
		 " ALTER TABLE items DROP COLUMN signature; ALTER TABLE items DROP COLUMN signature_version;"
		 " DROP TABLE clusters; DROP TABLE cluster_bands;"
		 " PRAGMA user_version = 1;");
	is_int(raw_int(path, "PRAGMA user_version"), 1, "v1: store set back to version 1");
	if (!ok(kb_store_open(path, &st) == 0, "v1: reopened")) {
		remove_db(path);
		free(path);
		return;
	}
	is_int(raw_int(path, "PRAGMA user_version"), KB_STORE_SCHEMA, "v1: migrated to the current version");
	memset(&g, 0, sizeof(g));
	ok(kb_store_items_foreach(st, NULL, 0, 0, 0, grab_fn, &g) == 0 && g.n == 1, "v1: the item is still there");
	is_str(g.it.title, "Satu", "v1: with its title");
	ok(g.it.title_html == NULL && g.it.summary_html == NULL, "v1: and no markup");
	grab_free(&g);
	kb_store_close(st);
	remove_db(path);
	free(path);
}

/* A writer killed before its commit leaves nothing behind. */
static void
test_kill_mid_transaction(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("kill.db");
	struct kb_source_state s, g;
	char *etag = NULL, *lm = NULL, *wal;
	int fds[2], status = 0, i, puts_ok = 1;
	char c = 0, key[32], body[2048];
	int64_t n = -1;
	ssize_t r;
	struct stat sb;
	pid_t pid;

	ok(kb_store_open(path, &st) == 0, "open for the kill test");
	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "keep-%d", i);
		puts_ok &= put(st, "src", key, NULL, key, 1000 + i, 2000) == 1;
	}
	memset(&s, 0, sizeof(s));
	s.name = kb_strdup("src");
	s.failures = 1;
	puts_ok &= kb_store_source_put(st, &s) == 0;
	ok(puts_ok, "committed data written");
	kb_store_close(st); /* no connection crosses fork */
	free(s.name);
	s.name = NULL;
	st = NULL;

	if (pipe(fds) < 0) {
		ok(0, "pipe: %s", strerror(errno));
		free(path);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct kb_store *cs = NULL;

		close(fds[0]);
		memset(body, 'x', sizeof(body) - 1);
		body[sizeof(body) - 1] = '\0';
		if (kb_store_open(path, &cs) < 0 || kb_store_begin(cs) < 0)
			_exit(2);
		/* Enough to spill uncommitted pages into the WAL. */
		for (i = 0; i < 3000; i++) {
			struct kb_item it;

			snprintf(key, sizeof(key), "child-%d", i);
			item_init(&it, key, NULL, key, 5000 + i);
			it.content_text = kb_strdup(body);
			if (kb_store_item_put(cs, "src", &it, 6000, NULL) < 0)
				_exit(3);
			kb_item_free(&it);
		}
		s.name = kb_strdup("src");
		s.failures = 99;
		if (kb_store_source_put(cs, &s) < 0 || kb_store_validators_put(cs, "https://x.example/", "e", NULL) < 0)
			_exit(4);
		if (write(fds[1], "w", 1) != 1)
			_exit(5);
		for (;;)
			pause();
	}
	close(fds[1]);
	ok(pid > 0, "forked a writer");
	r = pid > 0 ? read(fds[0], &c, 1) : -1;
	close(fds[0]);
	ok(r == 1 && c == 'w', "the writer wrote without committing");
	wal = kb_asprintf("%s-wal", path);
	if (stat(wal, &sb) == 0)
		diag("WAL size before the kill: %lld bytes", (long long)sb.st_size);
	free(wal);
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the writer was killed");

	ok(kb_store_open(path, &st) == 0, "reopen after the kill");
	if (!st) {
		free(path);
		return;
	}
	kb_store_item_count(st, "src", &n);
	is_int(n, 3, "earlier items intact, none of the killed writer's");
	kb_store_source_get(st, "src", &g);
	is_int(g.failures, 1, "source state not changed by the killed writer");
	kb_source_state_free(&g);
	kb_store_validators_get(st, "https://x.example/", &etag, &lm);
	ok(etag == NULL && lm == NULL, "validators not changed by the killed writer");
	free(etag);
	free(lm);
	ok(put(st, "src", "after", NULL, "after", 3000, 7000) == 1, "the store is still writable");
	kb_store_item_count(st, "src", &n);
	is_int(n, 4, "and the write is there");
	kb_store_close(st);
	{
		char got[64];

		is_str(raw_text(path, "PRAGMA integrity_check", got, sizeof(got)), "ok", "integrity check passes");
	}
	remove_db(path);
	free(path);
}

/* --- clusters --- */

/* The press release and a second story about the same expo. */
static const char rilis_text[] =
	"Dinas Koperasi dan Usaha Mikro Kabupaten Banyuwangi menggelar Festival Kopi dan Kriya Banyuwangi di Taman "
	"Blambangan pada 8 hingga 10 Agustus 2025. Sebanyak 86 pelaku usaha dari 25 kecamatan memamerkan kopi "
	"robusta, batik gajah oling, anyaman bambu, dan olahan ikan. Kepala dinas mengatakan festival ini membuka "
	"jalan bagi pelaku usaha untuk bertemu pembeli dari hotel, restoran, dan eksportir. Selama tiga hari panitia "
	"juga menyiapkan kelas pengemasan, sertifikasi halal gratis, dan pendampingan pemasaran digital bagi peserta. "
	"Pengunjung dapat menikmati pertunjukan seni gandrung setiap malam mulai pukul 19.00 WIB.";
static const char other_text[] =
	"Pemerintah Kabupaten Jember mengirim 40 pelaku usaha ke pameran produk unggulan daerah di Surabaya pada "
	"akhir bulan ini. Bupati Jember berharap produk tembakau olahan, edamame beku, dan kerajinan kayu dari desa "
	"desa di lereng Argopuro mendapat pembeli baru. Dinas perdagangan menanggung biaya sewa stan dan pengiriman "
	"barang, sementara peserta diminta menyiapkan katalog, harga grosir, dan contoh produk untuk calon mitra.";

static int
put_text(struct kb_store *st, const char *source, const char *id, const char *text, int64_t now, int64_t *cluster)
{
	struct kb_item it;
	int is_new, rc;

	item_init(&it, id, NULL, id, now);
	it.content_text = kb_strdup(text);
	rc = kb_store_item_put(st, source, &it, now, &is_new);
	*cluster = it.cluster;
	kb_item_free(&it);
	return rc;
}

static int
count_fn(void *ud, const char *source, const struct kb_item *it)
{
	(void)source;
	(void)it;
	(*(int *)ud)++;
	return 0;
}

/* Lightly edited copies join the first copy's cluster for good; a
 * different story does not. */
static void
test_clusters(void)
{
	struct kb_store *st = NULL;
	char *path = path_in("clusters.db");
	char *copy[5], *src = NULL, *key = NULL, *id = NULL;
	int64_t c[5], c_other = -1, c_again = -1, found = -1;
	long done = -1;
	double sim = -1;
	int i, same = 1, members = 0;

	ok(kb_store_open(path, &st) == 0, "clusters: open");
	copy[0] = kb_strdup(rilis_text);
	copy[1] = kb_asprintf("BANYUWANGI, Kabar - %s", rilis_text);
	copy[2] = kb_asprintf("%s Baca juga: Harga kopi naik. Pewarta: Ani. Editor: Budi.", rilis_text);
	copy[3] = kb_asprintf("%.*s%s", (int)(strstr(rilis_text, "Selama tiga") - rilis_text), rilis_text,
			      strstr(rilis_text, "Pengunjung"));
	copy[4] = kb_asprintf("Banyuwangi (Humas) - %s Festival ini terbuka untuk umum.", rilis_text);
	for (i = 0; i < 5; i++) {
		char source[16], iid[16];

		snprintf(source, sizeof(source), "portal-%d", i);
		snprintf(iid, sizeof(iid), "r%d", i);
		c[i] = -1;
		ok(put_text(st, source, iid, copy[i], 1700000000 + i, &c[i]) == 0 && c[i] > 0,
		   "clusters: copy %d stored in a cluster", i);
		same &= c[i] == c[0];
	}
	ok(same, "clusters: five edited copies are one cluster");
	ok(put_text(st, "portal-5", "o", other_text, 1700000100, &c_other) == 0 && c_other > 0 && c_other != c[0],
	   "clusters: a different story is another cluster");
	is_int(kb_store_cluster_founder(st, c[0], &src, &key, &id), 0, "clusters: the founder is known");
	is_str(src, "portal-0", "clusters: founded by the first copy's source");
	is_str(id, "r0", "clusters: with its id");
	free(src);
	free(key);
	free(id);
	ok(kb_store_cluster_members(st, c[0], count_fn, &members) == 0, "clusters: members listed");
	is_int(members, 5, "clusters: five members");
	/* The founder edited again stays in its cluster. */
	ok(put_text(st, "portal-0", "r0", copy[4], 1700000200, &c_again) == 0 && c_again == c[0],
	   "clusters: an edited item keeps its cluster");
	ok(kb_store_cluster_find(st, copy[2], &found, &sim) == 0 && found == c[0] && sim >= 0.5,
	   "clusters: a text not stored finds the cluster it would join");
	ok(kb_store_cluster_find(st, "terlalu pendek", &found, &sim) == 0 && found == 0,
	   "clusters: a short text joins none");
	is_int(kb_store_cluster_founder(st, 999999, &src, &key, &id), 1, "clusters: an unknown cluster is not found");
	for (i = 0; i < 5; i++)
		free(copy[i]);
	kb_store_close(st);
	/* Reopened, a new copy still finds the cluster. */
	st = NULL;
	ok(kb_store_open(path, &st) == 0, "clusters: reopen");
	copy[0] = kb_asprintf("%s Sumber: Diskominfo.", rilis_text);
	ok(put_text(st, "portal-6", "n", copy[0], 1700000300, &c_again) == 0 && c_again == c[0],
	   "clusters: a copy after reopening joins the stored cluster");
	free(copy[0]);
	kb_store_close(st);

	/* The founder's text turns into another story: it leaves, and the
	 * earliest member left founds the story, so no two stories share
	 * an id. */
	st = NULL;
	ok(kb_store_open(path, &st) == 0, "leave: reopen");
	ok(put_text(st, "portal-1", "r1", other_text, 1700000350, &c_again) == 0 && c_again == c_other,
	   "leave: a copy rewritten into another story joins that story");
	ok(put_text(st, "portal-1", "r1", rilis_text, 1700000360, &c_again) == 0 && c_again == c[0],
	   "leave: back to the release, it joins it again");
	ok(put_text(st, "portal-0", "r0", other_text, 1700000370, &c_again) == 0 && c_again != c[0],
	   "leave: the founder rewritten leaves too");
	src = key = id = NULL;
	ok(kb_store_cluster_founder(st, c[0], &src, &key, &id) == 0 && src && strcmp(src, "portal-0") != 0,
	   "leave: another member founds the release's story now");
	is_str(src, "portal-1", "leave: the earliest member left");
	free(src);
	free(key);
	free(id);
	ok(put_text(st, "portal-0", "r0", rilis_text, 1700000380, &c_again) == 0 && c_again == c[0],
	   "leave: the old founder back, as a member");
	kb_store_close(st);

	/* An older signature version: the stories are kept, caught up a
	 * batch at a time. */
	raw_exec(path, "UPDATE items SET signature_version = 1");
	st = NULL;
	ok(kb_store_open(path, &st) == 0, "stale: reopen");
	ok(kb_store_cluster_stale(st, 1700000400, 4, &done) == 0 && done == 4, "stale: a batch of four");
	ok(kb_store_cluster_stale(st, 1700000400, 4, &done) == 0 && done == 3, "stale: the last three");
	ok(kb_store_cluster_stale(st, 1700000400, 4, &done) == 0 && done == 0, "stale: none left");
	kb_store_close(st);
	is_int(raw_int(path, "SELECT count(DISTINCT cluster) FROM items WHERE source <> 'portal-5'"), 1,
	       "stale: the copies are still one story");
	is_int(raw_int(path, "SELECT min(cluster) FROM items WHERE source <> 'portal-5'"), c[0],
	       "stale: with its number kept");
	is_int(raw_int(path, "SELECT cluster FROM items WHERE source = 'portal-5'"), c_other,
	       "stale: the other story keeps its own number, alone in it");

	/* Items from before stories existed: put in stories, the earliest
	 * founding them. */
	raw_exec(path, "UPDATE items SET cluster = NULL, signature = NULL, signature_version = 0;"
		       " DELETE FROM clusters; DELETE FROM cluster_bands;");
	st = NULL;
	ok(kb_store_open(path, &st) == 0, "unclustered: reopen");
	ok(kb_store_cluster_stale(st, 1700000500, 100, &done) == 0 && done == 7, "unclustered: all seven at once");
	src = key = id = NULL;
	c_again = raw_int(path, "SELECT cluster FROM items WHERE source = 'portal-3'");
	ok(c_again > 0 && kb_store_cluster_founder(st, c_again, &src, &key, &id) == 0, "unclustered: a story again");
	is_str(src, "portal-0", "unclustered: founded by the first seen");
	free(src);
	free(key);
	free(id);
	kb_store_close(st);
	is_int(raw_int(path, "SELECT count(DISTINCT cluster) FROM items WHERE source <> 'portal-5'"), 1,
	       "unclustered: the copies are one story");
	ok(raw_int(path, "SELECT cluster FROM items WHERE source = 'portal-5'") !=
		   raw_int(path, "SELECT cluster FROM items WHERE source = 'portal-0'"),
	   "unclustered: the other story is its own");
	remove_db(path);
	free(path);
}

int
main(void)
{
	char *p;

	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_open_create();
	test_sources();
	test_validators_hosts();
	test_item_update();
	test_item_round_trip();
	test_known_url();
	test_foreach();
	test_transactions_and_runs();
	test_reopen();
	test_refused();
	test_migration();
	test_migration_v1();
	test_kill_mid_transaction();
	test_clusters();

	p = path_in("a.db");
	remove_db(p);
	free(p);
	p = path_in("b.db");
	remove_db(p);
	free(p);
	p = path_in("c.db");
	remove_db(p);
	free(p);
	rmdir(tmpdir);
	return done_testing();
}
