/* store.c: the persistent store in SQLite, WAL mode.
 *
 * One connection per struct kb_store (opened NOMUTEX: a store is used by
 * one thread at a time, and never across fork). Prepared statements are
 * cached in the struct and reset right after each use, so that no
 * statement keeps a read transaction open between calls.
 *
 * The schema version lives in PRAGMA user_version: migrations[v] takes a
 * store from version v to v + 1, in its own transaction that also bumps
 * user_version. A store newer than KB_STORE_SCHEMA is refused.
 *
 * Times are seconds since the epoch; KB_NO_TIME is stored as NULL. The
 * lists of an item (authors, categories, enclosures) are stored as JSON
 * arrays (NULL when empty). An item's url_identity column holds
 * kb_url_identity(url) (the url itself when it has no identity form), for
 * kb_store_item_known_url.
 *
 * kb_store_items_foreach: "since" bounds the sort key, that is published
 * when known, else first_seen (so that the window is a prefix of the
 * order); since 0 or KB_NO_TIME means no bound. limit <= 0 means no
 * limit. sources == NULL means all sources; a non-NULL list with
 * n_sources == 0 matches nothing.
 *
 * kb_source_state_free frees the fields, not the struct. The array of
 * kb_store_source_list is freed by the caller with free() after
 * kb_source_state_free on each element. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>
#include <sqlite3.h>

#include "buf.h"
#include "store.h"
#include "cluster.h"
#include "url.h"
#include "util.h"

#define STORE_APP_ID	 1801609586 /* 0x6b626172, "kbar" */
#define STORE_STR(x)	 STORE_STR_(x)
#define STORE_STR_(x)	 #x
#define STORE_BUSY_MS	 5000
#define STORE_JSON_DEPTH 8

/* --- schema --- */

/* migrations[v] takes the schema from version v to v + 1. Append only:
 * a released step is never edited. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE sources ("
	" name TEXT PRIMARY KEY NOT NULL,"
	" due INTEGER NOT NULL DEFAULT 0,"
	" last_attempt INTEGER NOT NULL DEFAULT 0,"
	" last_success INTEGER NOT NULL DEFAULT 0,"
	" last_error_time INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" error_class TEXT,"
	" failures INTEGER NOT NULL DEFAULT 0,"
	" failing_since INTEGER NOT NULL DEFAULT 0,"
	" last_reported INTEGER NOT NULL DEFAULT 0,"
	" id_strategy TEXT,"
	" server_ttl INTEGER NOT NULL DEFAULT 0,"
	" status_note TEXT);"
	"CREATE TABLE validators ("
	" url TEXT PRIMARY KEY NOT NULL,"
	" etag TEXT,"
	" last_modified TEXT,"
	" updated INTEGER NOT NULL);"
	"CREATE TABLE hosts ("
	" host TEXT PRIMARY KEY NOT NULL,"
	" retry_until INTEGER NOT NULL DEFAULT 0,"
	" ip TEXT);"
	"CREATE TABLE items ("
	" source TEXT NOT NULL,"
	" key TEXT NOT NULL,"
	" id TEXT,"
	" url TEXT,"
	" title TEXT,"
	" summary TEXT,"
	" content_html TEXT,"
	" content_text TEXT,"
	" published INTEGER,"
	" published_offset INTEGER NOT NULL DEFAULT 0,"
	" updated INTEGER,"
	" updated_offset INTEGER NOT NULL DEFAULT 0,"
	" language TEXT,"
	" image TEXT,"
	" authors TEXT,"
	" categories TEXT,"
	" enclosures TEXT,"
	" comments_url TEXT,"
	" id_is_permalink INTEGER NOT NULL DEFAULT 0,"
	" partial INTEGER NOT NULL DEFAULT 0,"
	" first_seen INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL,"
	" url_identity TEXT,"
	" PRIMARY KEY (source, key));"
	"CREATE INDEX items_url_identity ON items (source, url_identity);"
	"CREATE INDEX items_order ON items (COALESCE(published, first_seen) DESC, key, source);"
	"CREATE TABLE runs ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" started INTEGER NOT NULL,"
	" finished INTEGER,"
	" status INTEGER,"
	" fetched INTEGER,"
	" new_items INTEGER,"
	" failed INTEGER);"
	"PRAGMA application_id = " STORE_STR(STORE_APP_ID) ";",
	/* 1 -> 2: the markup of titles and summaries given as HTML. */
	"ALTER TABLE items ADD COLUMN title_html TEXT;"
	"ALTER TABLE items ADD COLUMN summary_html TEXT;",
	/* 2 -> 3: robots.txt rules per origin, with their expiry. */
	"CREATE TABLE robots ("
	" origin TEXT PRIMARY KEY NOT NULL,"
	" rules TEXT NOT NULL,"
	" expires INTEGER NOT NULL);",
	/* 3 -> 4: the MSME analysis of each item. */
	"ALTER TABLE items ADD COLUMN analyzed INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE items ADD COLUMN score REAL NOT NULL DEFAULT 0;"
	"ALTER TABLE items ADD COLUMN topics INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE items ADD COLUMN region TEXT;"
	"ALTER TABLE items ADD COLUMN region_name TEXT;"
	"ALTER TABLE items ADD COLUMN region_province TEXT;"
	"ALTER TABLE items ADD COLUMN event_name TEXT;"
	"ALTER TABLE items ADD COLUMN event_start INTEGER NOT NULL DEFAULT -1;"
	"ALTER TABLE items ADD COLUMN event_end INTEGER NOT NULL DEFAULT -1;"
	"ALTER TABLE items ADD COLUMN event_minute INTEGER NOT NULL DEFAULT -1;"
	"ALTER TABLE items ADD COLUMN event_venue TEXT;"
	"ALTER TABLE items ADD COLUMN event_organizer TEXT;"
	"CREATE INDEX items_event ON items (event_start) WHERE event_start >= 0;",
	/* 4 -> 5: one story per press release: each item's cluster and
	 * signature, the clusters with their founding member, and the band
	 * keys that find a cluster's candidates. */
	"CREATE TABLE clusters ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" source TEXT NOT NULL,"
	" key TEXT NOT NULL,"
	" item_id TEXT,"
	" created INTEGER NOT NULL);"
	"ALTER TABLE items ADD COLUMN event_end_minute INTEGER NOT NULL DEFAULT -1;"
	"ALTER TABLE items ADD COLUMN cluster INTEGER;"
	"ALTER TABLE items ADD COLUMN signature BLOB;"
	"ALTER TABLE items ADD COLUMN signature_version INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX items_cluster ON items (cluster) WHERE cluster IS NOT NULL;"
	"CREATE INDEX items_signature_version ON items (signature_version);"
	"CREATE TABLE cluster_bands ("
	" band INTEGER NOT NULL,"
	" cluster INTEGER NOT NULL,"
	" PRIMARY KEY (band, cluster)) WITHOUT ROWID;",
};

_Static_assert(KB_ARRAY_LEN(migrations) == KB_STORE_SCHEMA, "one migration step per schema version");

/* --- statements --- */

#define SOURCE_COLS                                                           \
	"name, due, last_attempt, last_success, last_error_time, last_error," \
	" error_class, failures, failing_since, last_reported, id_strategy,"  \
	" server_ttl, status_note"

/* Candidate clusters looked at per band, and members compared per
 * candidate: bounds on the work of one item put. */
#define CLUSTER_MAX_CANDIDATES 8
#define CLUSTER_MAX_MEMBERS    16

#define ITEM_COLS                                                           \
	"source, key, id, url, title, summary, content_html, content_text," \
	" published, published_offset, updated, updated_offset, language,"  \
	" image, authors, categories, enclosures, comments_url,"            \
	" id_is_permalink, partial, first_seen, last_seen, url_identity,"   \
	" title_html, summary_html, analyzed, score, topics, region,"       \
	" event_name, event_start, event_end, event_minute, event_venue,"   \
	" event_organizer, region_name, region_province, event_end_minute"

/* What item_from_row reads: ITEM_COLS, then the cluster. */
#define ITEM_READ_COLS ITEM_COLS ", cluster"

enum stmt_id {
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_SOURCE_GET,
	S_SOURCE_PUT,
	S_SOURCE_LIST,
	S_VALIDATORS_GET,
	S_VALIDATORS_PUT,
	S_HOST_GET,
	S_HOST_PUT,
	S_ROBOTS_GET,
	S_ROBOTS_PUT,
	S_ITEM_FIRST_SEEN,
	S_BAND_FIND,
	S_BAND_ADD,
	S_CLUSTER_NEW,
	S_CLUSTER_RENAME,
	S_CLUSTER_SIGS,
	S_CLUSTER_FOUNDER,
	S_CLUSTER_STALE,
	S_CLUSTER_SET,
	S_CLUSTER_LEAVE,
	S_ITEM_PUT,
	S_ITEM_KNOWN_URL,
	S_ITEM_COUNT,
	S_ITEM_COUNT_ALL,
	S_RUN_BEGIN,
	S_RUN_END,
	S__COUNT
};

struct kb_store {
	sqlite3 *db;
	char *path; /* for messages */
	int schema;
	sqlite3_stmt *stmt[S__COUNT]; /* prepared on first use */
};

static const char *const stmt_sql[S__COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_SOURCE_GET] = "SELECT " SOURCE_COLS " FROM sources WHERE name = ?1",
	[S_SOURCE_PUT] = "INSERT INTO sources (" SOURCE_COLS ")"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
			 " ON CONFLICT (name) DO UPDATE SET"
			 " due = excluded.due,"
			 " last_attempt = excluded.last_attempt,"
			 " last_success = excluded.last_success,"
			 " last_error_time = excluded.last_error_time,"
			 " last_error = excluded.last_error,"
			 " error_class = excluded.error_class,"
			 " failures = excluded.failures,"
			 " failing_since = excluded.failing_since,"
			 " last_reported = excluded.last_reported,"
			 " id_strategy = excluded.id_strategy,"
			 " server_ttl = excluded.server_ttl,"
			 " status_note = excluded.status_note",
	[S_SOURCE_LIST] = "SELECT " SOURCE_COLS " FROM sources ORDER BY name",
	[S_VALIDATORS_GET] = "SELECT etag, last_modified FROM validators WHERE url = ?1",
	[S_VALIDATORS_PUT] = "INSERT INTO validators (url, etag, last_modified, updated)"
			     " VALUES (?1, ?2, ?3, CAST(strftime('%s', 'now') AS INTEGER))"
			     " ON CONFLICT (url) DO UPDATE SET"
			     " etag = excluded.etag,"
			     " last_modified = excluded.last_modified,"
			     " updated = excluded.updated",
	[S_HOST_GET] = "SELECT retry_until, ip FROM hosts WHERE host = ?1",
	[S_HOST_PUT] = "INSERT INTO hosts (host, retry_until, ip) VALUES (?1, ?2, ?3)"
		       " ON CONFLICT (host) DO UPDATE SET"
		       " retry_until = CASE WHEN excluded.retry_until > 0"
		       " THEN excluded.retry_until ELSE hosts.retry_until END,"
		       " ip = COALESCE(excluded.ip, hosts.ip)",
	[S_ROBOTS_GET] = "SELECT rules FROM robots WHERE origin = ?1 AND expires > ?2",
	[S_ROBOTS_PUT] = "INSERT INTO robots (origin, rules, expires) VALUES (?1, ?2, ?3)"
			 " ON CONFLICT (origin) DO UPDATE SET rules = excluded.rules, expires = excluded.expires",
	[S_ITEM_FIRST_SEEN] = "SELECT first_seen, cluster, signature, signature_version FROM items"
			      " WHERE source = ?1 AND key = ?2",
	[S_BAND_FIND] = "SELECT cluster FROM cluster_bands WHERE band = ?1 ORDER BY cluster LIMIT " STORE_STR(
		CLUSTER_MAX_CANDIDATES),
	[S_BAND_ADD] = "INSERT OR IGNORE INTO cluster_bands (band, cluster) VALUES (?1, ?2)",
	[S_CLUSTER_NEW] = "INSERT INTO clusters (source, key, item_id, created) VALUES (?1, ?2, ?3, ?4)",
	[S_CLUSTER_RENAME] = "UPDATE clusters SET item_id = ?4 WHERE id = ?3 AND source = ?1 AND key = ?2"
			     " AND item_id IS NOT ?4",
	[S_CLUSTER_SIGS] = "SELECT signature, signature_version, content_text, summary FROM items"
			   " WHERE cluster = ?1 AND NOT (source = ?2 AND key = ?3)"
			   " ORDER BY first_seen LIMIT " STORE_STR(CLUSTER_MAX_MEMBERS),
	[S_CLUSTER_FOUNDER] = "SELECT source, key, item_id FROM clusters WHERE id = ?1",
	[S_CLUSTER_STALE] = "SELECT source, key, id, content_text, summary, cluster FROM items"
			    " WHERE signature_version < ?1 OR signature_version > ?1"
			    " ORDER BY first_seen, source, key LIMIT ?2",
	[S_CLUSTER_SET] = "UPDATE items SET cluster = ?3, signature = ?4, signature_version = ?5"
			  " WHERE source = ?1 AND key = ?2",
	/* The founder of cluster ?3, (?1, ?2), left it: the earliest member
	 * left founds it (its id becomes the story's). */
	[S_CLUSTER_LEAVE] = "UPDATE clusters SET (source, key, item_id) ="
			    " (SELECT source, key, id FROM items WHERE cluster = ?3 AND NOT (source = ?1 AND key = ?2)"
			    " ORDER BY first_seen, source, key LIMIT 1)"
			    " WHERE id = ?3 AND source = ?1 AND key = ?2 AND EXISTS"
			    " (SELECT 1 FROM items WHERE cluster = ?3 AND NOT (source = ?1 AND key = ?2))",
	[S_ITEM_PUT] = "INSERT INTO items (" ITEM_COLS ", cluster, signature, signature_version)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
		       " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25,"
		       " ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41)"
		       " ON CONFLICT (source, key) DO UPDATE SET"
		       " id = excluded.id,"
		       " url = excluded.url,"
		       " title = excluded.title,"
		       " summary = excluded.summary,"
		       " content_html = excluded.content_html,"
		       " content_text = excluded.content_text,"
		       " published = excluded.published,"
		       " published_offset = excluded.published_offset,"
		       " updated = excluded.updated,"
		       " updated_offset = excluded.updated_offset,"
		       " language = excluded.language,"
		       " image = excluded.image,"
		       " authors = excluded.authors,"
		       " categories = excluded.categories,"
		       " enclosures = excluded.enclosures,"
		       " comments_url = excluded.comments_url,"
		       " id_is_permalink = excluded.id_is_permalink,"
		       " partial = excluded.partial,"
		       " last_seen = excluded.last_seen,"
		       " url_identity = excluded.url_identity,"
		       " title_html = excluded.title_html,"
		       " summary_html = excluded.summary_html,"
		       " analyzed = excluded.analyzed,"
		       " score = excluded.score,"
		       " topics = excluded.topics,"
		       " region = excluded.region,"
		       " event_name = excluded.event_name,"
		       " event_start = excluded.event_start,"
		       " event_end = excluded.event_end,"
		       " event_minute = excluded.event_minute,"
		       " event_venue = excluded.event_venue,"
		       " event_organizer = excluded.event_organizer,"
		       " region_name = excluded.region_name,"
		       " region_province = excluded.region_province,"
		       " event_end_minute = excluded.event_end_minute,"
		       " cluster = excluded.cluster,"
		       " signature = excluded.signature,"
		       " signature_version = excluded.signature_version",
	[S_ITEM_KNOWN_URL] = "SELECT id, partial FROM items WHERE source = ?1 AND url_identity = ?2"
			     " ORDER BY first_seen DESC, key LIMIT 1",
	[S_ITEM_COUNT] = "SELECT count(*) FROM items WHERE source = ?1",
	[S_ITEM_COUNT_ALL] = "SELECT count(*) FROM items",
	[S_RUN_BEGIN] = "INSERT INTO runs (started) VALUES (?1)",
	[S_RUN_END] = "UPDATE runs SET finished = ?2, status = ?3, fetched = ?4,"
		      " new_items = ?5, failed = ?6 WHERE id = ?1",
};

/* --- helpers --- */

/* Log what failed (a printf format), the file and the SQLite message. */
static void KB_PRINTF(2, 3) store_error(struct kb_store *st, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	kb_log(KB_LOG_ERROR, "store: %s in %s: %s", what, st->path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
}

/* The cached statement id, prepared on first use; NULL on error. */
static sqlite3_stmt *
stmt_get(struct kb_store *st, enum stmt_id id)
{
	sqlite3_stmt *s = NULL;

	if (st->stmt[id])
		return st->stmt[id];
	if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		store_error(st, "cannot prepare statement %d", (int)id);
		sqlite3_finalize(s);
		return NULL;
	}
	st->stmt[id] = s;
	return s;
}

/* Ready a cached statement for its next use; bindings are cleared so
 * that no pointer to the caller's strings outlives the call. */
static void
stmt_done(sqlite3_stmt *s)
{
	if (!s)
		return;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

static int
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (!v)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text64(s, i, v, strlen(v), SQLITE_STATIC, SQLITE_UTF8);
}

static int
bind_time(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == KB_NO_TIME)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_int64(s, i, v);
}

/* A new copy of a text column, or NULL when it is NULL. */
static char *
col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t;

	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(s, i);
	return t ? kb_strndup((const char *)t, (size_t)sqlite3_column_bytes(s, i)) : NULL;
}

static int64_t
col_time(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return KB_NO_TIME;
	return sqlite3_column_int64(s, i);
}

static int
col_int(sqlite3_stmt *s, int i)
{
	int64_t v = sqlite3_column_int64(s, i);

	if (v < INT32_MIN || v > INT32_MAX)
		return 0;
	return (int)v;
}

/* Run SQL that returns no rows we need (may hold several statements). */
static int
store_exec(struct kb_store *st, const char *sql, const char *what)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		store_error(st, "%s", what);
		return -1;
	}
	return 0;
}

/* The integer value of a PRAGMA that returns one. */
static int
store_pragma_int(struct kb_store *st, const char *sql, int64_t *v)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		store_error(st, "cannot read %s", sql);
		return -1;
	}
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		store_error(st, "cannot read %s", sql);
		sqlite3_finalize(s);
		return -1;
	}
	*v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return 0;
}

/* Step a write statement to its end. */
static int
step_done(sqlite3_stmt *s)
{
	int rc;

	do
		rc = sqlite3_step(s);
	while (rc == SQLITE_ROW);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* --- open, migrate, close --- */

static int
store_wal(struct kb_store *st)
{
	sqlite3_stmt *s = NULL;
	const unsigned char *mode;
	int ret = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		kb_log(KB_LOG_ERROR, "store: cannot open %s: %s", st->path, sqlite3_errmsg(st->db));
		goto done;
	}
	mode = sqlite3_column_text(s, 0);
	if (!mode || kb_strcasecmp((const char *)mode, "wal") != 0) {
		kb_log(KB_LOG_ERROR, "store: cannot use %s: WAL mode not available (journal mode is %s)", st->path,
		       mode ? (const char *)mode : "unknown");
		goto done;
	}
	ret = 0;
done:
	sqlite3_finalize(s);
	return ret;
}

/* Refuse a database that is not a kabar store: another program's id, or
 * tables without a kabar schema version. */
static int
store_check_owner(struct kb_store *st, int64_t version)
{
	int64_t app_id, n_tables;

	if (store_pragma_int(st, "PRAGMA application_id", &app_id) < 0)
		return -1;
	if (app_id != 0 && app_id != STORE_APP_ID) {
		kb_log(KB_LOG_ERROR, "store: cannot use %s: not a kabar store (application id %lld)", st->path,
		       (long long)app_id);
		return -1;
	}
	if (version != 0)
		return 0;
	if (store_pragma_int(st, "SELECT count(*) FROM sqlite_master", &n_tables) < 0)
		return -1;
	if (n_tables != 0) {
		kb_log(KB_LOG_ERROR,
		       "store: cannot use %s: it holds tables of another program (no kabar schema version)", st->path);
		return -1;
	}
	return 0;
}

static int
store_check_version(struct kb_store *st, int64_t version)
{
	if (version > KB_STORE_SCHEMA) {
		kb_log(KB_LOG_ERROR,
		       "store: cannot use %s: its schema version %lld is newer than this build supports (%d)", st->path,
		       (long long)version, KB_STORE_SCHEMA);
		return -1;
	}
	if (version < 0) {
		kb_log(KB_LOG_ERROR, "store: cannot use %s: bad schema version %lld", st->path, (long long)version);
		return -1;
	}
	return 0;
}

/* Apply migrations one step at a time, each step in its own write
 * transaction (in which the version is read again: another process may
 * have migrated meanwhile). */
static int
store_migrate(struct kb_store *st)
{
	char bump[64];
	int64_t v;

	if (store_pragma_int(st, "PRAGMA user_version", &v) < 0 || store_check_version(st, v) < 0 ||
	    store_check_owner(st, v) < 0)
		return -1;
	while (v < KB_STORE_SCHEMA) {
		if (store_exec(st, "BEGIN IMMEDIATE", "cannot begin migration") < 0)
			return -1;
		if (store_pragma_int(st, "PRAGMA user_version", &v) < 0 || store_check_version(st, v) < 0 ||
		    store_check_owner(st, v) < 0)
			goto fail;
		if (v == KB_STORE_SCHEMA) {
			if (store_exec(st, "COMMIT", "cannot end migration") < 0)
				goto fail;
			break;
		}
		snprintf(bump, sizeof(bump), "PRAGMA user_version = %lld", (long long)v + 1);
		if (sqlite3_exec(st->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK) {
			store_error(st, "cannot migrate schema from version %lld to %lld", (long long)v,
				    (long long)v + 1);
			goto fail;
		}
		if (store_exec(st, bump, "cannot record schema version") < 0 ||
		    store_exec(st, "COMMIT", "cannot commit schema migration") < 0)
			goto fail;
		kb_log(KB_LOG_INFO, "store: migrated %s to schema version %lld", st->path, (long long)v + 1);
		v++;
	}
	st->schema = (int)v;
	return 0;
fail:
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
kb_store_open(const char *path, struct kb_store **out)
{
	struct kb_store *st;
	int rc;

	*out = NULL;
	if (!path || !*path) {
		kb_log(KB_LOG_ERROR, "store: cannot open the store: no path given");
		return -1;
	}
	st = kb_calloc(1, sizeof(*st));
	st->path = kb_strdup(path);
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		kb_log(KB_LOG_ERROR, "store: cannot open %s: %s", path,
		       st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	if (sqlite3_busy_timeout(st->db, STORE_BUSY_MS) != SQLITE_OK) {
		store_error(st, "cannot set the busy timeout");
		goto fail;
	}
	/* The first statement reads the file: a file that is not a database
	 * fails here. */
	if (store_wal(st) < 0)
		goto fail;
	/* A page cache of up to 32 MiB: the cluster lookups read index pages
	 * all over the file. */
	if (store_exec(st, "PRAGMA synchronous = NORMAL", "cannot set synchronous mode") < 0 ||
	    store_exec(st, "PRAGMA cache_size = -32768", "cannot set the cache size") < 0 ||
	    store_exec(st, "PRAGMA foreign_keys = ON", "cannot enable foreign keys") < 0)
		goto fail;
	if (store_migrate(st) < 0)
		goto fail;
	*out = st;
	return 0;
fail:
	kb_store_close(st);
	return -1;
}

void
kb_store_close(struct kb_store *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < KB_ARRAY_LEN(st->stmt); i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db && sqlite3_close(st->db) != SQLITE_OK)
		kb_log(KB_LOG_ERROR, "store: cannot close %s: %s", st->path, sqlite3_errmsg(st->db));
	free(st->path);
	free(st);
}

int
kb_store_schema_version(struct kb_store *st)
{
	return st->schema;
}

/* --- transactions --- */

static int
store_simple(struct kb_store *st, enum stmt_id id, const char *what)
{
	sqlite3_stmt *s = stmt_get(st, id);
	int ret = 0;

	if (!s)
		return -1;
	if (step_done(s) < 0) {
		store_error(st, "%s", what);
		ret = -1;
	}
	stmt_done(s);
	return ret;
}

int
kb_store_begin(struct kb_store *st)
{
	return store_simple(st, S_BEGIN, "cannot begin transaction");
}

int
kb_store_commit(struct kb_store *st)
{
	return store_simple(st, S_COMMIT, "cannot commit transaction");
}

/* Nothing to roll back (SQLite may have rolled back on its own after an
 * error) is not an error. */
int
kb_store_rollback(struct kb_store *st)
{
	if (sqlite3_get_autocommit(st->db))
		return 0;
	return store_simple(st, S_ROLLBACK, "cannot roll back transaction");
}

/* --- sources --- */

void
kb_source_state_free(struct kb_source_state *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->last_error);
	free(s->error_class);
	free(s->id_strategy);
	free(s->status_note);
	memset(s, 0, sizeof(*s));
}

static void
source_from_row(sqlite3_stmt *s, struct kb_source_state *out)
{
	out->name = col_text(s, 0);
	out->due = sqlite3_column_int64(s, 1);
	out->last_attempt = sqlite3_column_int64(s, 2);
	out->last_success = sqlite3_column_int64(s, 3);
	out->last_error_time = sqlite3_column_int64(s, 4);
	out->last_error = col_text(s, 5);
	out->error_class = col_text(s, 6);
	out->failures = sqlite3_column_int64(s, 7);
	out->failing_since = sqlite3_column_int64(s, 8);
	out->last_reported = sqlite3_column_int64(s, 9);
	out->id_strategy = col_text(s, 10);
	out->server_ttl = sqlite3_column_int64(s, 11);
	out->status_note = col_text(s, 12);
}

int
kb_store_source_get(struct kb_store *st, const char *name, struct kb_source_state *out)
{
	sqlite3_stmt *s;
	int rc, ret = -1;

	memset(out, 0, sizeof(*out));
	if (!name) {
		kb_log(KB_LOG_ERROR, "store: cannot read source state in %s: no source name", st->path);
		return -1;
	}
	s = stmt_get(st, S_SOURCE_GET);
	if (!s)
		return -1;
	if (bind_text(s, 1, name) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		source_from_row(s, out);
	else if (rc == SQLITE_DONE)
		out->name = kb_strdup(name);
	else
		goto fail;
	ret = 0;
	goto done;
fail:
	store_error(st, "cannot read state of source %s", name);
done:
	stmt_done(s);
	return ret;
}

int
kb_store_source_put(struct kb_store *st, const struct kb_source_state *src)
{
	sqlite3_stmt *s;
	int bad = 0, ret = -1;

	if (!src->name) {
		kb_log(KB_LOG_ERROR, "store: cannot write source state in %s: no source name", st->path);
		return -1;
	}
	s = stmt_get(st, S_SOURCE_PUT);
	if (!s)
		return -1;
	bad |= bind_text(s, 1, src->name) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 2, src->due) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 3, src->last_attempt) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 4, src->last_success) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 5, src->last_error_time) != SQLITE_OK;
	bad |= bind_text(s, 6, src->last_error) != SQLITE_OK;
	bad |= bind_text(s, 7, src->error_class) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 8, src->failures) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 9, src->failing_since) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 10, src->last_reported) != SQLITE_OK;
	bad |= bind_text(s, 11, src->id_strategy) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 12, src->server_ttl) != SQLITE_OK;
	bad |= bind_text(s, 13, src->status_note) != SQLITE_OK;
	if (bad || step_done(s) < 0) {
		store_error(st, "cannot write state of source %s", src->name);
		goto done;
	}
	ret = 0;
done:
	stmt_done(s);
	return ret;
}

int
kb_store_source_list(struct kb_store *st, struct kb_source_state **out, size_t *n)
{
	struct kb_source_state *v = NULL;
	size_t len = 0, cap = 0, i;
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	s = stmt_get(st, S_SOURCE_LIST);
	if (!s)
		return -1;
	for (;;) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			store_error(st, "cannot list sources");
			goto fail;
		}
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			v = kb_reallocarray(v, cap, sizeof(*v));
		}
		memset(&v[len], 0, sizeof(v[len]));
		source_from_row(s, &v[len]);
		len++;
	}
	stmt_done(s);
	*out = v;
	*n = len;
	return 0;
fail:
	stmt_done(s);
	for (i = 0; i < len; i++)
		kb_source_state_free(&v[i]);
	free(v);
	return -1;
}

/* --- validators and hosts --- */

int
kb_store_validators_get(struct kb_store *st, const char *url, char **etag, char **last_modified)
{
	sqlite3_stmt *s;
	int rc, ret = -1;

	*etag = NULL;
	*last_modified = NULL;
	if (!url) {
		kb_log(KB_LOG_ERROR, "store: cannot read validators in %s: no url", st->path);
		return -1;
	}
	s = stmt_get(st, S_VALIDATORS_GET);
	if (!s)
		return -1;
	if (bind_text(s, 1, url) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*etag = col_text(s, 0);
		*last_modified = col_text(s, 1);
	} else if (rc != SQLITE_DONE) {
		goto fail;
	}
	ret = 0;
	goto done;
fail:
	store_error(st, "cannot read validators of %s", url);
done:
	stmt_done(s);
	return ret;
}

int
kb_store_validators_put(struct kb_store *st, const char *url, const char *etag, const char *last_modified)
{
	sqlite3_stmt *s;
	int bad = 0, ret = -1;

	if (!url) {
		kb_log(KB_LOG_ERROR, "store: cannot write validators in %s: no url", st->path);
		return -1;
	}
	s = stmt_get(st, S_VALIDATORS_PUT);
	if (!s)
		return -1;
	bad |= bind_text(s, 1, url) != SQLITE_OK;
	bad |= bind_text(s, 2, etag) != SQLITE_OK;
	bad |= bind_text(s, 3, last_modified) != SQLITE_OK;
	if (bad || step_done(s) < 0) {
		store_error(st, "cannot write validators of %s", url);
		goto done;
	}
	ret = 0;
done:
	stmt_done(s);
	return ret;
}

int
kb_store_host_get(struct kb_store *st, const char *host, int64_t *retry_until, char **ip)
{
	sqlite3_stmt *s;
	int rc, ret = -1;

	*retry_until = 0;
	*ip = NULL;
	if (!host) {
		kb_log(KB_LOG_ERROR, "store: cannot read host state in %s: no host", st->path);
		return -1;
	}
	s = stmt_get(st, S_HOST_GET);
	if (!s)
		return -1;
	if (bind_text(s, 1, host) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*retry_until = sqlite3_column_int64(s, 0);
		*ip = col_text(s, 1);
	} else if (rc != SQLITE_DONE) {
		goto fail;
	}
	ret = 0;
	goto done;
fail:
	store_error(st, "cannot read state of host %s", host);
done:
	stmt_done(s);
	return ret;
}

int
kb_store_host_put(struct kb_store *st, const char *host, int64_t retry_until, const char *ip)
{
	sqlite3_stmt *s;
	int bad = 0, ret = -1;

	if (!host) {
		kb_log(KB_LOG_ERROR, "store: cannot write host state in %s: no host", st->path);
		return -1;
	}
	s = stmt_get(st, S_HOST_PUT);
	if (!s)
		return -1;
	bad |= bind_text(s, 1, host) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 2, retry_until) != SQLITE_OK;
	bad |= bind_text(s, 3, ip) != SQLITE_OK;
	if (bad || step_done(s) < 0) {
		store_error(st, "cannot write state of host %s", host);
		goto done;
	}
	ret = 0;
done:
	stmt_done(s);
	return ret;
}

int
kb_store_robots_get(struct kb_store *st, const char *origin, int64_t now, char **rules)
{
	sqlite3_stmt *s;
	int rc, ret = -1;

	*rules = NULL;
	s = stmt_get(st, S_ROBOTS_GET);
	if (!s)
		return -1;
	if (bind_text(s, 1, origin) != SQLITE_OK || sqlite3_bind_int64(s, 2, now) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*rules = col_text(s, 0);
		ret = *rules ? 1 : 0;
		goto done;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	ret = 0;
	goto done;
fail:
	store_error(st, "cannot read the robots.txt rules of %s", origin);
done:
	stmt_done(s);
	return ret;
}

int
kb_store_robots_put(struct kb_store *st, const char *origin, const char *rules, int64_t expires)
{
	sqlite3_stmt *s;
	int bad = 0, ret = -1;

	s = stmt_get(st, S_ROBOTS_PUT);
	if (!s)
		return -1;
	bad |= bind_text(s, 1, origin) != SQLITE_OK;
	bad |= bind_text(s, 2, rules ? rules : "") != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 3, expires) != SQLITE_OK;
	if (bad || step_done(s) < 0) {
		store_error(st, "cannot write the robots.txt rules of %s", origin);
		goto done;
	}
	ret = 0;
done:
	stmt_done(s);
	return ret;
}

/* --- item lists as JSON --- */

/* Add key: value to obj when value is not NULL. */
static int
json_add_str(json_object *obj, const char *key, const char *value)
{
	json_object *v;

	if (!value)
		return 0;
	v = json_object_new_string(value);
	if (!v)
		return -1;
	if (json_object_object_add(obj, key, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

static int
json_append(json_object *arr, json_object *v)
{
	if (json_object_array_add(arr, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

/* *out: a new JSON text of arr (the caller frees it), or NULL. */
static int
json_finish(json_object *arr, char **out)
{
	const char *s;

	s = json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	*out = s ? kb_strdup(s) : NULL;
	json_object_put(arr);
	return s ? 0 : -1;
}

/* [{"name":..,"email":..,"url":..}, ...]; *out NULL when there are none. */
static int
authors_to_json(const struct kb_author *a, size_t n, char **out)
{
	json_object *arr, *o;
	size_t i;

	*out = NULL;
	if (n == 0)
		return 0;
	arr = json_object_new_array();
	if (!arr)
		return -1;
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		if (!o || json_append(arr, o) < 0)
			goto fail;
		if (json_add_str(o, "name", a[i].name) < 0 || json_add_str(o, "email", a[i].email) < 0 ||
		    json_add_str(o, "url", a[i].url) < 0)
			goto fail;
	}
	return json_finish(arr, out);
fail:
	json_object_put(arr);
	return -1;
}

/* ["...", null, ...]; *out NULL when there are none. */
static int
categories_to_json(char *const *c, size_t n, char **out)
{
	json_object *arr, *v;
	size_t i;

	*out = NULL;
	if (n == 0)
		return 0;
	arr = json_object_new_array();
	if (!arr)
		return -1;
	for (i = 0; i < n; i++) {
		v = NULL;
		if (c[i]) {
			v = json_object_new_string(c[i]);
			if (!v)
				goto fail;
		}
		if (json_append(arr, v) < 0)
			goto fail;
	}
	return json_finish(arr, out);
fail:
	json_object_put(arr);
	return -1;
}

/* [{"url":..,"type":..,"length":N,"title":..}, ...]; NULL when none. */
static int
enclosures_to_json(const struct kb_enclosure *e, size_t n, char **out)
{
	json_object *arr, *o, *len;
	size_t i;

	*out = NULL;
	if (n == 0)
		return 0;
	arr = json_object_new_array();
	if (!arr)
		return -1;
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		if (!o || json_append(arr, o) < 0)
			goto fail;
		len = json_object_new_int64(e[i].length);
		if (!len)
			goto fail;
		if (json_object_object_add(o, "length", len) != 0) {
			json_object_put(len);
			goto fail;
		}
		if (json_add_str(o, "url", e[i].url) < 0 || json_add_str(o, "type", e[i].type) < 0 ||
		    json_add_str(o, "title", e[i].title) < 0)
			goto fail;
	}
	return json_finish(arr, out);
fail:
	json_object_put(arr);
	return -1;
}

/* Parse a stored JSON array (the whole text, nothing after it). Returns
 * a reference the caller puts, or NULL when the text is not an array. */
static json_object *
json_parse_array(const char *text, size_t len)
{
	struct json_tokener *tok;
	json_object *o;

	if (len > INT32_MAX)
		return NULL;
	tok = json_tokener_new_ex(STORE_JSON_DEPTH);
	if (!tok)
		return NULL;
	o = json_tokener_parse_ex(tok, text, (int)len);
	if (o && (json_tokener_get_parse_end(tok) != len || !json_object_is_type(o, json_type_array))) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* A new copy of the string member key of obj; NULL when it is missing or
 * null. -1 when it has another type. */
static int
json_get_str(json_object *obj, const char *key, char **out)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	*out = kb_strndup(json_object_get_string(v), (size_t)json_object_get_string_len(v));
	return 0;
}

/* Each *_from_json sets the list of it only when the whole array is
 * well formed, and returns -1 (setting nothing) otherwise. */
static int
authors_from_json(json_object *arr, struct kb_item *it)
{
	struct kb_author *a;
	json_object *o;
	size_t i, n = json_object_array_length(arr);

	if (n == 0)
		return 0;
	a = kb_calloc(n, sizeof(*a));
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(o, json_type_object) || json_get_str(o, "name", &a[i].name) < 0 ||
		    json_get_str(o, "email", &a[i].email) < 0 || json_get_str(o, "url", &a[i].url) < 0) {
			kb_authors_free(a, i + 1);
			return -1;
		}
	}
	it->authors = a;
	it->n_authors = n;
	return 0;
}

static int
categories_from_json(json_object *arr, struct kb_item *it)
{
	json_object *v;
	char **c;
	size_t i, n = json_object_array_length(arr);

	if (n == 0)
		return 0;
	c = kb_calloc(n, sizeof(*c));
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(arr, i);
		if (!v || json_object_is_type(v, json_type_null))
			continue;
		if (!json_object_is_type(v, json_type_string)) {
			kb_strv_free(c, i);
			return -1;
		}
		c[i] = kb_strndup(json_object_get_string(v), (size_t)json_object_get_string_len(v));
	}
	it->categories = c;
	it->n_categories = n;
	return 0;
}

static int
enclosures_from_json(json_object *arr, struct kb_item *it)
{
	struct kb_enclosure *e;
	json_object *o, *len;
	size_t i, n = json_object_array_length(arr);

	if (n == 0)
		return 0;
	e = kb_calloc(n, sizeof(*e));
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(arr, i);
		e[i].length = -1;
		if (!json_object_is_type(o, json_type_object))
			goto fail;
		if (json_object_object_get_ex(o, "length", &len)) {
			if (!json_object_is_type(len, json_type_int))
				goto fail;
			e[i].length = json_object_get_int64(len);
		}
		if (json_get_str(o, "url", &e[i].url) < 0 || json_get_str(o, "type", &e[i].type) < 0 ||
		    json_get_str(o, "title", &e[i].title) < 0)
			goto fail;
	}
	it->enclosures = e;
	it->n_enclosures = n;
	return 0;
fail:
	kb_enclosures_free(e, i + 1);
	return -1;
}

/* Decode the JSON list in column i into it with fn. A damaged list is
 * reported and left empty: the rest of the item is still usable. */
static void
item_list_from_col(struct kb_store *st, sqlite3_stmt *s, int i, const char *what,
		   int (*fn)(json_object *, struct kb_item *), struct kb_item *it)
{
	const char *text;
	json_object *arr;
	int good;

	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return;
	text = (const char *)sqlite3_column_text(s, i);
	if (!text)
		return;
	arr = json_parse_array(text, (size_t)sqlite3_column_bytes(s, i));
	good = arr && fn(arr, it) == 0;
	json_object_put(arr);
	if (!good)
		kb_log(KB_LOG_WARN, "store: cannot decode %s of item %s of source %s in %s: damaged JSON", what,
		       it->key ? it->key : "?", (const char *)sqlite3_column_text(s, 0), st->path);
}

/* --- clusters --- */

static void item_from_row(struct kb_store *st, sqlite3_stmt *s, struct kb_item *it);

/* What the store held of an item before it is written again. */
struct old_cluster {
	int64_t cluster; /* 0: none */
	int has_sig;	 /* sig holds the stored signature */
	uint64_t sig[KB_CLUSTER_SIG];
};

#define SIG_BYTES (KB_CLUSTER_SIG * 8)

/* A signature as a blob: little-endian 64-bit values, whatever the
 * machine. */
static void
sig_encode(const uint64_t *sig, unsigned char *out)
{
	size_t i, j;

	for (i = 0; i < KB_CLUSTER_SIG; i++)
		for (j = 0; j < 8; j++)
			out[i * 8 + j] = (unsigned char)(sig[i] >> (8 * j));
}

/* 1 when column col of s holds a signature of this build's version
 * (column vcol), decoded into sig; else 0. */
static int
sig_decode(sqlite3_stmt *s, int col, int vcol, uint64_t *sig)
{
	const unsigned char *p;
	size_t i, j;

	if (sqlite3_column_type(s, col) != SQLITE_BLOB || sqlite3_column_int(s, vcol) != KB_CLUSTER_VERSION ||
	    sqlite3_column_bytes(s, col) != SIG_BYTES)
		return 0;
	p = sqlite3_column_blob(s, col);
	if (!p)
		return 0;
	for (i = 0; i < KB_CLUSTER_SIG; i++) {
		sig[i] = 0;
		for (j = 0; j < 8; j++)
			sig[i] |= (uint64_t)p[i * 8 + j] << (8 * j);
	}
	return 1;
}

/* The best similarity of sig to a stored member of cluster other than
 * (source, key); -1 on error. A member stored with another signature
 * version is compared by its text. *others (when not NULL) is set to the
 * number of such members (at most CLUSTER_MAX_MEMBERS). */
static double
cluster_best(struct kb_store *st, int64_t cluster, const uint64_t *sig, const char *source, const char *key,
	     size_t *others)
{
	sqlite3_stmt *s = stmt_get(st, S_CLUSTER_SIGS);
	uint64_t other[KB_CLUSTER_SIG];
	double best = 0, sim;
	int rc, bad = 0;

	if (others)
		*others = 0;
	if (!s)
		return -1;
	bad |= sqlite3_bind_int64(s, 1, cluster) != SQLITE_OK;
	bad |= bind_text(s, 2, source) != SQLITE_OK;
	bad |= bind_text(s, 3, key) != SQLITE_OK;
	while (!bad && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (others)
			(*others)++;
		if (!sig_decode(s, 0, 1, other) &&
		    kb_cluster_signature(kb_item_story_text((const char *)sqlite3_column_text(s, 2),
							    (const char *)sqlite3_column_text(s, 3)),
					 other) != 0)
			continue;
		sim = kb_cluster_sig_similarity(sig, other);
		if (sim > best)
			best = sim;
	}
	if (bad || rc != SQLITE_DONE) {
		store_error(st, "cannot read the members of cluster %lld", (long long)cluster);
		stmt_done(s);
		return -1;
	}
	stmt_done(s);
	return best;
}

/* The cluster whose members are most similar to sig, at or above the
 * threshold (ties: the oldest cluster), into *cluster (0: none) with the
 * similarity. (source, key) is left out of the comparison. */
static int
cluster_search(struct kb_store *st, const uint64_t *sig, const char *source, const char *key, int64_t *cluster,
	       double *similarity)
{
	uint64_t keys[KB_CLUSTER_BANDS];
	int64_t cand[KB_CLUSTER_BANDS * CLUSTER_MAX_CANDIDATES];
	size_t n = 0, b, i;
	sqlite3_stmt *s;
	double best = 0, sim;
	int rc;

	*cluster = 0;
	*similarity = 0;
	s = stmt_get(st, S_BAND_FIND);
	if (!s)
		return -1;
	kb_cluster_band_keys(sig, keys);
	for (b = 0; b < KB_CLUSTER_BANDS; b++) {
		if (sqlite3_bind_int64(s, 1, (sqlite3_int64)keys[b]) != SQLITE_OK)
			goto fail;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			int64_t c = sqlite3_column_int64(s, 0);

			for (i = 0; i < n && cand[i] != c; i++)
				;
			if (i == n && n < KB_ARRAY_LEN(cand))
				cand[n++] = c;
		}
		if (rc != SQLITE_DONE)
			goto fail;
		stmt_done(s);
	}
	for (i = 0; i < n; i++) {
		sim = cluster_best(st, cand[i], sig, source, key, NULL);
		if (sim < 0)
			return -1;
		if (sim >= KB_CLUSTER_THRESHOLD && (sim > best || (sim == best && cand[i] < *cluster))) {
			best = sim;
			*cluster = cand[i];
		}
	}
	*similarity = best;
	return 0;
fail:
	store_error(st, "cannot look up clusters");
	stmt_done(s);
	return -1;
}

/* The cluster an item goes into, decided before it is written. */
struct new_cluster {
	int has_sig;   /* the text is long enough: sig, blob and cluster are set */
	int unchanged; /* the same signature as stored: nothing to index */
	int64_t cluster;
	uint64_t sig[KB_CLUSTER_SIG];
	unsigned char blob[SIG_BYTES];
};

/* Decide it's cluster (see store.h): the stored one when the text is the
 * same or lightly edited (or, its stored signature being of another
 * version, when it still matches a member), else the most similar
 * story's, else the stored one when it has no other member, else a new
 * cluster founded by it. -1 on error. */
static int
cluster_decide(struct kb_store *st, const char *source, const struct kb_item *it, int64_t now,
	       const struct old_cluster *old, struct new_cluster *nc)
{
	sqlite3_stmt *s;
	double sim;
	size_t others = 0;
	int bad = 0;

	memset(nc, 0, sizeof(*nc));
	nc->has_sig = kb_cluster_signature(kb_item_story_text(it->content_text, it->summary), nc->sig) == 0;
	if (!nc->has_sig)
		return 0;
	sig_encode(nc->sig, nc->blob);
	if (old->has_sig && old->cluster != 0) {
		nc->unchanged = memcmp(nc->sig, old->sig, sizeof(nc->sig)) == 0;
		if (nc->unchanged || kb_cluster_sig_similarity(nc->sig, old->sig) >= KB_CLUSTER_THRESHOLD) {
			/* The same text, or lightly edited: the same story. */
			nc->cluster = old->cluster;
			return 0;
		}
	}
	if (!old->has_sig && old->cluster != 0) {
		sim = cluster_best(st, old->cluster, nc->sig, source, it->key, &others);
		if (sim < 0)
			return -1;
		if (sim >= KB_CLUSTER_THRESHOLD) {
			nc->cluster = old->cluster;
			return 0;
		}
	}
	if (cluster_search(st, nc->sig, source, it->key, &nc->cluster, &sim) < 0)
		return -1;
	if (nc->cluster != 0)
		return 0;
	if (old->cluster != 0) {
		/* Alone in its story: the story stays its own. */
		if (cluster_best(st, old->cluster, nc->sig, source, it->key, &others) < 0)
			return -1;
		if (others == 0) {
			nc->cluster = old->cluster;
			return 0;
		}
	}
	s = stmt_get(st, S_CLUSTER_NEW);
	if (!s)
		return -1;
	bad |= bind_text(s, 1, source) != SQLITE_OK;
	bad |= bind_text(s, 2, it->key) != SQLITE_OK;
	bad |= bind_text(s, 3, it->id) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 4, now) != SQLITE_OK;
	if (bad || step_done(s) < 0) {
		store_error(st, "cannot create a cluster for item %s of source %s", it->key, source);
		stmt_done(s);
		return -1;
	}
	stmt_done(s);
	nc->cluster = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* After an item left old_cluster (its text changed into another story,
 * or too short to compare): when it founded the story, the earliest
 * member left founds it, so that two stories never share an id. -1 on
 * error. */
static int
cluster_leave(struct kb_store *st, const char *source, const char *key, int64_t old_cluster)
{
	sqlite3_stmt *s = stmt_get(st, S_CLUSTER_LEAVE);
	int bad = 0;

	if (!s)
		return -1;
	bad |= bind_text(s, 1, source) != SQLITE_OK;
	bad |= bind_text(s, 2, key) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 3, old_cluster) != SQLITE_OK;
	if (bad || step_done(s) < 0) {
		store_error(st, "cannot hand cluster %lld to another member", (long long)old_cluster);
		stmt_done(s);
		return -1;
	}
	stmt_done(s);
	return 0;
}

/* After the item is written: its cluster found through its band keys
 * too, and a founder whose source id changed gives the cluster its new
 * id. -1 on error. */
static int
cluster_index(struct kb_store *st, const char *source, const struct kb_item *it, const struct new_cluster *nc)
{
	uint64_t keys[KB_CLUSTER_BANDS];
	sqlite3_stmt *s;
	size_t b;
	int bad = 0;

	if (!nc->has_sig)
		return 0;
	if (!nc->unchanged) {
		kb_cluster_band_keys(nc->sig, keys);
		s = stmt_get(st, S_BAND_ADD);
		if (!s)
			return -1;
		for (b = 0; b < KB_CLUSTER_BANDS; b++) {
			bad |= sqlite3_bind_int64(s, 1, (sqlite3_int64)keys[b]) != SQLITE_OK;
			bad |= sqlite3_bind_int64(s, 2, nc->cluster) != SQLITE_OK;
			if (bad || step_done(s) < 0) {
				store_error(st, "cannot index the cluster of item %s of source %s", it->key, source);
				stmt_done(s);
				return -1;
			}
			stmt_done(s);
		}
	}
	s = stmt_get(st, S_CLUSTER_RENAME);
	if (!s)
		return -1;
	bad |= bind_text(s, 1, source) != SQLITE_OK;
	bad |= bind_text(s, 2, it->key) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 3, nc->cluster) != SQLITE_OK;
	bad |= bind_text(s, 4, it->id) != SQLITE_OK;
	if (bad || step_done(s) < 0) {
		store_error(st, "cannot update cluster %lld", (long long)nc->cluster);
		stmt_done(s);
		return -1;
	}
	stmt_done(s);
	return 0;
}

int
kb_store_cluster_founder(struct kb_store *st, int64_t cluster, char **source, char **key, char **item_id)
{
	sqlite3_stmt *s = stmt_get(st, S_CLUSTER_FOUNDER);
	int rc;

	*source = *key = *item_id = NULL;
	if (!s)
		return -1;
	if (sqlite3_bind_int64(s, 1, cluster) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		stmt_done(s);
		return 1;
	}
	if (rc != SQLITE_ROW)
		goto fail;
	*source = col_text(s, 0);
	*key = col_text(s, 1);
	*item_id = col_text(s, 2);
	stmt_done(s);
	if (!*source || !*key) {
		free(*source);
		free(*key);
		free(*item_id);
		*source = *key = *item_id = NULL;
		return 1;
	}
	return 0;
fail:
	store_error(st, "cannot read cluster %lld", (long long)cluster);
	stmt_done(s);
	return -1;
}

int
kb_store_cluster_members(struct kb_store *st, int64_t cluster, kb_item_fn fn, void *ud)
{
	sqlite3_stmt *s = NULL;
	struct kb_item it;
	const char *source;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT " ITEM_READ_COLS " FROM items WHERE cluster = ?1"
			       " ORDER BY first_seen, source, key LIMIT 1000",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 1, cluster) != SQLITE_OK) {
		store_error(st, "cannot list the members of cluster %lld", (long long)cluster);
		goto done;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		source = (const char *)sqlite3_column_text(s, 0);
		item_from_row(st, s, &it);
		rc = fn(ud, source ? source : "", &it);
		kb_item_free(&it);
		if (rc != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_error(st, "cannot list the members of cluster %lld", (long long)cluster);
		goto done;
	}
	ret = 0;
done:
	sqlite3_finalize(s);
	return ret;
}

/* One stale item (see kb_store_cluster_stale) into its story. */
static int
cluster_one_stale(struct kb_store *st, const char *source, struct kb_item *it, int64_t old_cluster, int64_t now)
{
	struct old_cluster old;
	struct new_cluster nc;
	sqlite3_stmt *s;
	int bad = 0;

	memset(&old, 0, sizeof(old));
	old.cluster = old_cluster;
	if (cluster_decide(st, source, it, now, &old, &nc) < 0)
		return -1;
	s = stmt_get(st, S_CLUSTER_SET);
	if (!s)
		return -1;
	bad |= bind_text(s, 1, source) != SQLITE_OK;
	bad |= bind_text(s, 2, it->key) != SQLITE_OK;
	if (nc.has_sig) {
		bad |= sqlite3_bind_int64(s, 3, nc.cluster) != SQLITE_OK;
		bad |= sqlite3_bind_blob(s, 4, nc.blob, (int)sizeof(nc.blob), SQLITE_STATIC) != SQLITE_OK;
	} else {
		bad |= sqlite3_bind_null(s, 3) != SQLITE_OK;
		bad |= sqlite3_bind_null(s, 4) != SQLITE_OK;
	}
	bad |= sqlite3_bind_int(s, 5, KB_CLUSTER_VERSION) != SQLITE_OK;
	if (bad || step_done(s) < 0) {
		store_error(st, "cannot record the story of item %s of source %s", it->key, source);
		stmt_done(s);
		return -1;
	}
	stmt_done(s);
	if (old_cluster != 0 && (!nc.has_sig || nc.cluster != old_cluster) &&
	    cluster_leave(st, source, it->key, old_cluster) < 0)
		return -1;
	return cluster_index(st, source, it, &nc);
}

int
kb_store_cluster_stale(struct kb_store *st, int64_t now, long limit, long *done)
{
	sqlite3_stmt *s;
	struct kb_item *v = NULL;
	char **src = NULL;
	int64_t *old = NULL;
	long n = 0, i;
	int rc, own_txn = 0, ret = -1;

	*done = 0;
	if (limit <= 0)
		return 0;
	s = stmt_get(st, S_CLUSTER_STALE);
	if (!s)
		return -1;
	/* Read the batch first: the updates below would move the cursor. */
	if (sqlite3_bind_int(s, 1, KB_CLUSTER_VERSION) != SQLITE_OK || sqlite3_bind_int64(s, 2, limit) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = kb_reallocarray(v, (size_t)n + 1, sizeof(*v));
		src = kb_reallocarray(src, (size_t)n + 1, sizeof(*src));
		old = kb_reallocarray(old, (size_t)n + 1, sizeof(*old));
		memset(&v[n], 0, sizeof(v[n]));
		src[n] = col_text(s, 0);
		v[n].key = col_text(s, 1);
		v[n].id = col_text(s, 2);
		v[n].content_text = col_text(s, 3);
		v[n].summary = col_text(s, 4);
		old[n] = sqlite3_column_type(s, 5) == SQLITE_INTEGER ? sqlite3_column_int64(s, 5) : 0;
		n++;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	stmt_done(s);
	s = NULL;
	if (n == 0) {
		ret = 0;
		goto done;
	}
	if (sqlite3_get_autocommit(st->db)) {
		if (kb_store_begin(st) < 0)
			goto done;
		own_txn = 1;
	}
	for (i = 0; i < n; i++) {
		if (!src[i] || !v[i].key)
			continue;
		if (cluster_one_stale(st, src[i], &v[i], old[i], now) < 0)
			goto done;
	}
	if (own_txn) {
		if (kb_store_commit(st) < 0)
			goto done;
		own_txn = 0;
	}
	*done = n;
	ret = 0;
	goto done;
fail:
	store_error(st, "cannot list the items to put in stories");
done:
	stmt_done(s);
	if (own_txn)
		kb_store_rollback(st);
	for (i = 0; i < n; i++) {
		kb_item_free(&v[i]);
		free(src[i]);
	}
	free(v);
	free(src);
	free(old);
	return ret;
}

int
kb_store_cluster_find(struct kb_store *st, const char *text, int64_t *cluster, double *similarity)
{
	uint64_t sig[KB_CLUSTER_SIG];

	*cluster = 0;
	*similarity = 0;
	if (kb_cluster_signature(text, sig) != 0)
		return 0;
	return cluster_search(st, sig, "", "", cluster, similarity);
}

/* --- items --- */

int
kb_store_item_put(struct kb_store *st, const char *source, struct kb_item *it, int64_t now, int *is_new)
{
	char *authors = NULL, *categories = NULL, *enclosures = NULL, *ident = NULL;
	const char *identity;
	sqlite3_stmt *s = NULL;
	int64_t first_seen = now;
	struct old_cluster old;
	struct new_cluster nc;
	int own_txn = 0, found = 0, bad = 0, rc, ret = -1;

	memset(&old, 0, sizeof(old));
	memset(&nc, 0, sizeof(nc));
	if (is_new)
		*is_new = 0;
	if (!source || !*source) {
		kb_log(KB_LOG_ERROR, "store: cannot write item in %s: no source name", st->path);
		return -1;
	}
	if (!it->key)
		kb_item_key(it);
	if (!it->key) {
		kb_log(KB_LOG_ERROR, "store: cannot write item of source %s in %s: it has no key", source, st->path);
		return -1;
	}
	if (authors_to_json(it->authors, it->n_authors, &authors) < 0 ||
	    categories_to_json(it->categories, it->n_categories, &categories) < 0 ||
	    enclosures_to_json(it->enclosures, it->n_enclosures, &enclosures) < 0) {
		kb_log(KB_LOG_ERROR, "store: cannot encode lists of item %s of source %s for %s", it->key, source,
		       st->path);
		goto done;
	}
	ident = it->url ? kb_url_identity(it->url) : NULL;
	identity = ident ? ident : it->url;

	/* The read of first_seen and the write are one transaction: ours
	 * when the caller has none open. */
	if (sqlite3_get_autocommit(st->db)) {
		if (kb_store_begin(st) < 0)
			goto done;
		own_txn = 1;
	}

	s = stmt_get(st, S_ITEM_FIRST_SEEN);
	if (!s)
		goto done;
	bad |= bind_text(s, 1, source) != SQLITE_OK;
	bad |= bind_text(s, 2, it->key) != SQLITE_OK;
	rc = bad ? SQLITE_ERROR : sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		found = 1;
		first_seen = sqlite3_column_int64(s, 0);
		if (sqlite3_column_type(s, 1) == SQLITE_INTEGER)
			old.cluster = sqlite3_column_int64(s, 1);
		old.has_sig = sig_decode(s, 2, 3, old.sig);
	} else if (rc != SQLITE_DONE) {
		store_error(st, "cannot read item %s of source %s", it->key, source);
		goto done;
	}
	stmt_done(s);
	s = NULL;
	if (cluster_decide(st, source, it, now, &old, &nc) < 0)
		goto done;

	s = stmt_get(st, S_ITEM_PUT);
	if (!s)
		goto done;
	bad |= bind_text(s, 1, source) != SQLITE_OK;
	bad |= bind_text(s, 2, it->key) != SQLITE_OK;
	bad |= bind_text(s, 3, it->id) != SQLITE_OK;
	bad |= bind_text(s, 4, it->url) != SQLITE_OK;
	bad |= bind_text(s, 5, it->title) != SQLITE_OK;
	bad |= bind_text(s, 6, it->summary) != SQLITE_OK;
	bad |= bind_text(s, 7, it->content_html) != SQLITE_OK;
	bad |= bind_text(s, 8, it->content_text) != SQLITE_OK;
	bad |= bind_time(s, 9, it->published) != SQLITE_OK;
	bad |= sqlite3_bind_int(s, 10, it->published_offset) != SQLITE_OK;
	bad |= bind_time(s, 11, it->updated) != SQLITE_OK;
	bad |= sqlite3_bind_int(s, 12, it->updated_offset) != SQLITE_OK;
	bad |= bind_text(s, 13, it->language) != SQLITE_OK;
	bad |= bind_text(s, 14, it->image) != SQLITE_OK;
	bad |= bind_text(s, 15, authors) != SQLITE_OK;
	bad |= bind_text(s, 16, categories) != SQLITE_OK;
	bad |= bind_text(s, 17, enclosures) != SQLITE_OK;
	bad |= bind_text(s, 18, it->comments_url) != SQLITE_OK;
	bad |= sqlite3_bind_int(s, 19, it->id_is_permalink) != SQLITE_OK;
	bad |= sqlite3_bind_int(s, 20, it->partial) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 21, first_seen) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 22, now) != SQLITE_OK;
	bad |= bind_text(s, 23, identity) != SQLITE_OK;
	bad |= bind_text(s, 24, it->title_html) != SQLITE_OK;
	bad |= bind_text(s, 25, it->summary_html) != SQLITE_OK;
	bad |= sqlite3_bind_int(s, 26, it->analyzed) != SQLITE_OK;
	bad |= sqlite3_bind_double(s, 27, it->score) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 28, (sqlite3_int64)it->topics) != SQLITE_OK;
	bad |= bind_text(s, 29, it->region) != SQLITE_OK;
	bad |= bind_text(s, 30, it->event_name) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 31, it->analyzed ? it->event_start : -1) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 32, it->analyzed ? it->event_end : -1) != SQLITE_OK;
	bad |= sqlite3_bind_int(s, 33, it->analyzed ? it->event_minute : -1) != SQLITE_OK;
	bad |= bind_text(s, 34, it->event_venue) != SQLITE_OK;
	bad |= bind_text(s, 35, it->event_organizer) != SQLITE_OK;
	bad |= bind_text(s, 36, it->region_name) != SQLITE_OK;
	bad |= bind_text(s, 37, it->region_province) != SQLITE_OK;
	bad |= sqlite3_bind_int(s, 38, it->analyzed ? kb_item_event_end(it) : -1) != SQLITE_OK;
	if (nc.has_sig) {
		bad |= sqlite3_bind_int64(s, 39, nc.cluster) != SQLITE_OK;
		bad |= sqlite3_bind_blob(s, 40, nc.blob, (int)sizeof(nc.blob), SQLITE_STATIC) != SQLITE_OK;
	} else {
		bad |= sqlite3_bind_null(s, 39) != SQLITE_OK;
		bad |= sqlite3_bind_null(s, 40) != SQLITE_OK;
	}
	bad |= sqlite3_bind_int(s, 41, KB_CLUSTER_VERSION) != SQLITE_OK;
	if (bad || step_done(s) < 0) {
		store_error(st, "cannot write item %s of source %s", it->key, source);
		goto done;
	}
	stmt_done(s);
	s = NULL;
	if (old.cluster != 0 && (!nc.has_sig || nc.cluster != old.cluster) &&
	    cluster_leave(st, source, it->key, old.cluster) < 0)
		goto done;
	if (cluster_index(st, source, it, &nc) < 0)
		goto done;
	if (own_txn) {
		if (kb_store_commit(st) < 0)
			goto done;
		own_txn = 0;
	}
	it->first_seen = first_seen;
	it->cluster = nc.has_sig ? nc.cluster : 0;
	if (is_new)
		*is_new = !found;
	ret = 0;
done:
	stmt_done(s);
	if (own_txn)
		kb_store_rollback(st);
	free(authors);
	free(categories);
	free(enclosures);
	free(ident);
	return ret;
}

/* 1 when the source has an item with url (identity form), setting *id to
 * its source id (caller frees; NULL when it had none) when id is not
 * NULL; 0 when not; -1 on error. */
static int
item_by_url(struct kb_store *st, const char *source, const char *url, char **id)
{
	sqlite3_stmt *s;
	char *ident;
	int rc, ret = -1;

	if (id)
		*id = NULL;
	if (!source || !url)
		return 0;
	ident = kb_url_identity(url);
	s = stmt_get(st, S_ITEM_KNOWN_URL);
	if (!s)
		goto done;
	if (bind_text(s, 1, source) != SQLITE_OK || bind_text(s, 2, ident ? ident : url) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		ret = 1;
		if (id)
			*id = col_text(s, 0);
		else if (sqlite3_column_int(s, 1))
			ret = 0; /* still partial: its page is worth another try */
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		goto fail;
	}
	goto done;
fail:
	store_error(st, "cannot look up url %s of source %s", url, source);
done:
	stmt_done(s);
	free(ident);
	return ret;
}

int
kb_store_rekey_by_link(struct kb_store *st, const char *source)
{
	static const char *const steps[] = {
		/* Each link keeps its earliest first-seen time ... */
		"UPDATE items SET first_seen = (SELECT min(i2.first_seen) FROM items i2"
		" WHERE i2.source = items.source AND i2.url_identity = items.url_identity)"
		" WHERE source = ?1 AND url_identity IS NOT NULL",
		/* ... on one row, the newest ... */
		"DELETE FROM items WHERE source = ?1 AND url_identity IS NOT NULL AND rowid NOT IN"
		" (SELECT max(rowid) FROM items WHERE source = ?1 AND url_identity IS NOT NULL"
		" GROUP BY url_identity)",
		/* ... keyed as kb_item_key_by(KB_ID_LINK) keys it. */
		"UPDATE items SET key = 'url:' || url_identity WHERE source = ?1 AND url_identity IS NOT NULL",
	};
	size_t i;
	int own = sqlite3_get_autocommit(st->db);

	if (own && kb_store_begin(st) != 0)
		return -1;
	for (i = 0; i < KB_ARRAY_LEN(steps); i++) {
		sqlite3_stmt *s = NULL;
		int rc = sqlite3_prepare_v2(st->db, steps[i], -1, &s, NULL);

		if (rc == SQLITE_OK)
			rc = sqlite3_bind_text(s, 1, source, -1, SQLITE_TRANSIENT);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		if (rc != SQLITE_OK) {
			store_error(st, "cannot re-key the items of source %s by link", source);
			sqlite3_finalize(s);
			if (own)
				kb_store_rollback(st);
			return -1;
		}
		sqlite3_finalize(s);
	}
	if (own && kb_store_commit(st) != 0) {
		kb_store_rollback(st);
		return -1;
	}
	return 0;
}

int
kb_store_item_known_url(struct kb_store *st, const char *source, const char *url)
{
	return item_by_url(st, source, url, NULL);
}

int
kb_store_item_id_by_url(struct kb_store *st, const char *source, const char *url, char **id)
{
	return item_by_url(st, source, url, id);
}

int
kb_store_item_count(struct kb_store *st, const char *source, int64_t *n)
{
	sqlite3_stmt *s;
	int ret = -1;

	*n = 0;
	s = stmt_get(st, source ? S_ITEM_COUNT : S_ITEM_COUNT_ALL);
	if (!s)
		return -1;
	if (source && bind_text(s, 1, source) != SQLITE_OK)
		goto fail;
	if (sqlite3_step(s) != SQLITE_ROW)
		goto fail;
	*n = sqlite3_column_int64(s, 0);
	ret = 0;
	goto done;
fail:
	store_error(st, "cannot count items of source %s", source ? source : "(all)");
done:
	stmt_done(s);
	return ret;
}

/* Fill it from a row of ITEM_READ_COLS (column 0 is the source). */
static void
item_from_row(struct kb_store *st, sqlite3_stmt *s, struct kb_item *it)
{
	memset(it, 0, sizeof(*it));
	it->key = col_text(s, 1);
	it->id = col_text(s, 2);
	it->url = col_text(s, 3);
	it->title = col_text(s, 4);
	it->summary = col_text(s, 5);
	it->content_html = col_text(s, 6);
	it->content_text = col_text(s, 7);
	it->published = col_time(s, 8);
	it->published_offset = col_int(s, 9);
	it->updated = col_time(s, 10);
	it->updated_offset = col_int(s, 11);
	it->language = col_text(s, 12);
	it->image = col_text(s, 13);
	item_list_from_col(st, s, 14, "authors", authors_from_json, it);
	item_list_from_col(st, s, 15, "categories", categories_from_json, it);
	item_list_from_col(st, s, 16, "enclosures", enclosures_from_json, it);
	it->comments_url = col_text(s, 17);
	it->id_is_permalink = col_int(s, 18);
	it->partial = col_int(s, 19);
	it->first_seen = sqlite3_column_int64(s, 20);
	it->title_html = col_text(s, 23);
	it->summary_html = col_text(s, 24);
	it->analyzed = col_int(s, 25);
	it->score = sqlite3_column_double(s, 26);
	it->topics = (unsigned)sqlite3_column_int64(s, 27);
	it->region = col_text(s, 28);
	it->event_name = col_text(s, 29);
	it->event_start = sqlite3_column_int64(s, 30);
	it->event_end = sqlite3_column_int64(s, 31);
	it->event_minute = col_int(s, 32);
	it->event_venue = col_text(s, 33);
	it->event_organizer = col_text(s, 34);
	it->region_name = col_text(s, 35);
	it->region_province = col_text(s, 36);
	it->event_end_minute = col_int(s, 37);
	it->cluster = sqlite3_column_type(s, 38) == SQLITE_INTEGER ? sqlite3_column_int64(s, 38) : 0;
}

int
kb_store_items_foreach(struct kb_store *st, const char *const *sources, size_t n_sources, int64_t since, long limit,
		       kb_item_fn fn, void *ud)
{
	struct kb_buf sql;
	struct kb_item it;
	sqlite3_stmt *s = NULL;
	const char *source;
	size_t i;
	int has_since = since != 0 && since != KB_NO_TIME;
	int max_vars, bad = 0, rc, ret = -1;

	if (sources && n_sources == 0)
		return 0;
	max_vars = sqlite3_limit(st->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1);
	if (sources && n_sources > (size_t)max_vars - 2) {
		kb_log(KB_LOG_ERROR, "store: cannot list items in %s: too many sources (%zu, at most %d)", st->path,
		       n_sources, max_vars - 2);
		return -1;
	}
	kb_buf_init(&sql, 4096 + (sources ? n_sources * 16 : 0));
	bad |= kb_buf_addstr(&sql, "SELECT " ITEM_READ_COLS " FROM items WHERE 1");
	if (has_since)
		bad |= kb_buf_addstr(&sql, " AND COALESCE(published, first_seen) >= ?1");
	if (sources) {
		bad |= kb_buf_addstr(&sql, " AND source IN (");
		for (i = 0; i < n_sources; i++)
			bad |= kb_buf_printf(&sql, "%s?%zu", i ? ", " : "", i + 3);
		bad |= kb_buf_addstr(&sql, ")");
	}
	bad |= kb_buf_addstr(&sql, " ORDER BY COALESCE(published, first_seen) DESC, key, source"
				   " LIMIT ?2");
	if (bad) {
		kb_log(KB_LOG_ERROR, "store: cannot list items in %s: query too long", st->path);
		goto done;
	}
	if (sqlite3_prepare_v2(st->db, kb_buf_str(&sql), -1, &s, NULL) != SQLITE_OK) {
		store_error(st, "cannot list items");
		goto done;
	}
	if (has_since)
		bad |= sqlite3_bind_int64(s, 1, since) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 2, limit > 0 ? (int64_t)limit : -1) != SQLITE_OK;
	for (i = 0; sources && i < n_sources; i++)
		bad |= bind_text(s, (int)(i + 3), sources[i]) != SQLITE_OK;
	if (bad) {
		store_error(st, "cannot list items");
		goto done;
	}
	for (;;) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			store_error(st, "cannot list items");
			goto done;
		}
		source = (const char *)sqlite3_column_text(s, 0);
		item_from_row(st, s, &it);
		rc = fn(ud, source ? source : "", &it);
		kb_item_free(&it);
		if (rc != 0)
			break;
	}
	ret = 0;
done:
	sqlite3_finalize(s);
	kb_buf_free(&sql);
	return ret;
}

/* --- the run log --- */

int
kb_store_run_begin(struct kb_store *st, int64_t now, int64_t *run_id)
{
	sqlite3_stmt *s;
	int ret = -1;

	*run_id = 0;
	s = stmt_get(st, S_RUN_BEGIN);
	if (!s)
		return -1;
	if (sqlite3_bind_int64(s, 1, now) != SQLITE_OK || step_done(s) < 0) {
		store_error(st, "cannot record the start of a run");
		goto done;
	}
	*run_id = sqlite3_last_insert_rowid(st->db);
	ret = 0;
done:
	stmt_done(s);
	return ret;
}

int
kb_store_run_end(struct kb_store *st, int64_t run_id, int64_t now, int status, long fetched, long new_items,
		 long failed)
{
	sqlite3_stmt *s;
	int bad = 0, ret = -1;

	s = stmt_get(st, S_RUN_END);
	if (!s)
		return -1;
	bad |= sqlite3_bind_int64(s, 1, run_id) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 2, now) != SQLITE_OK;
	bad |= sqlite3_bind_int(s, 3, status) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 4, fetched) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 5, new_items) != SQLITE_OK;
	bad |= sqlite3_bind_int64(s, 6, failed) != SQLITE_OK;
	if (bad || step_done(s) < 0) {
		store_error(st, "cannot record the end of run %lld", (long long)run_id);
		goto done;
	}
	if (sqlite3_changes(st->db) == 0) {
		kb_log(KB_LOG_ERROR, "store: cannot record the end of run %lld in %s: no such run", (long long)run_id,
		       st->path);
		goto done;
	}
	ret = 0;
done:
	stmt_done(s);
	return ret;
}
