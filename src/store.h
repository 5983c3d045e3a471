/* store.h: the persistent store (SQLite in WAL mode behind this small
 * interface, so that another backend can serve later).
 *
 * All functions return 0 on success and -1 on error (after kb_log with
 * the SQLite message). Strings returned in structs are owned by the
 * caller and freed with the matching _free function. */
#ifndef KB_STORE_H
#define KB_STORE_H

#include <stdint.h>
#include "item.h"

struct kb_store;

/* The schema version this build writes; older stores are migrated on
 * open, newer ones are refused. */
#define KB_STORE_SCHEMA 5

/* Open (creating if needed) the store at path. The directory must exist.
 * Sets WAL mode, a busy timeout, foreign keys, and migrates the schema. */
int kb_store_open(const char *path, struct kb_store **out);
void kb_store_close(struct kb_store *st);
int kb_store_schema_version(struct kb_store *st);

int kb_store_begin(struct kb_store *st);
int kb_store_commit(struct kb_store *st);
int kb_store_rollback(struct kb_store *st);

/* Per-source state. */
struct kb_source_state {
	char *name;
	int64_t due; /* next time the source is due; 0: now */
	int64_t last_attempt;
	int64_t last_success;
	int64_t last_error_time;
	char *last_error;  /* message, NULL when the last attempt succeeded */
	char *error_class; /* kb_strerror name, NULL when fine */
	int64_t failures;  /* consecutive */
	int64_t failing_since;
	int64_t last_reported; /* last time a failure was reported to the operator */
	char *id_strategy;     /* "guid", "link", "title-date"; NULL: not chosen yet */
	int64_t server_ttl;    /* seconds the server asked for (max-age, ttl...), 0 none */
	char *status_note;     /* problem found in the data (recovered XML, ...) */
};
void kb_source_state_free(struct kb_source_state *s);
/* Fills *out; a source never seen gets name set and every other field 0/NULL. */
int kb_store_source_get(struct kb_store *st, const char *name, struct kb_source_state *out);
int kb_store_source_put(struct kb_store *st, const struct kb_source_state *s);
/* All sources known to the store, sorted by name. */
int kb_store_source_list(struct kb_store *st, struct kb_source_state **out, size_t *n);

/* HTTP validators per URL. */
int kb_store_validators_get(struct kb_store *st, const char *url, char **etag, char **last_modified);
int kb_store_validators_put(struct kb_store *st, const char *url, const char *etag, const char *last_modified);

/* Per-host state that outlives a run: Retry-After, and the IP address last
 * seen for the host (so that hosts sharing an address share the limit). */
int kb_store_host_get(struct kb_store *st, const char *host, int64_t *retry_until, char **ip);
/* retry_until 0 or ip NULL keep what is stored (a later success does not
 * erase a Retry-After). */
int kb_store_host_put(struct kb_store *st, const char *host, int64_t retry_until, const char *ip);

/* robots.txt: the rules kept for an origin ("https://host[:port]", as
 * kb_robots_serialize writes them) until expires. get: 1 and *rules (new
 * string) when kept and not expired at now, 0 when not, -1 on error. */
int kb_store_robots_get(struct kb_store *st, const char *origin, int64_t now, char **rules);
int kb_store_robots_put(struct kb_store *st, const char *origin, const char *rules, int64_t expires);

/* Insert or update an item of a source, keyed by (source, it->key).
 * *is_new is 1 when inserted, 0 when an existing row was updated (its
 * first_seen is kept and written back to it->first_seen). */
int kb_store_item_put(struct kb_store *st, const char *source, struct kb_item *it, int64_t now, int *is_new);
/* 1 when the source has an item whose url (identity form) is url, 0 if not
 * (or when that item is still partial: its page was not read yet), -1 on
 * error. */
int kb_store_item_known_url(struct kb_store *st, const char *source, const char *url);
/* The same, and the source's id of the newest such item in *id (caller
 * frees; NULL when the item had none or there is no such item). */
int kb_store_item_id_by_url(struct kb_store *st, const char *source, const char *url, char **id);
/* Key every item of source by its link (kb_item_key_by KB_ID_LINK), as
 * when a source's ids prove unusable: items sharing a link become one,
 * the newest, with the earliest first-seen time. In the caller's
 * transaction when one is open. */
int kb_store_rekey_by_link(struct kb_store *st, const char *source);
int kb_store_item_count(struct kb_store *st, const char *source, int64_t *n);

/* Items for outputs: newest first by (published, else first_seen), then
 * key, so that the order is deterministic. sources may be NULL (all).
 * The callback returns nonzero to stop. */
typedef int (*kb_item_fn)(void *ud, const char *source, const struct kb_item *it);
int kb_store_items_foreach(struct kb_store *st, const char *const *sources, size_t n_sources, int64_t since, long limit,
			   kb_item_fn fn, void *ud);

/* One story per press release (cluster.h). kb_store_item_put puts
 * every item whose text is long enough in a cluster of the store: the
 * cluster of the most similar stored item at or above
 * KB_CLUSTER_THRESHOLD, found through the band keys of its signature,
 * else a new one. The cluster's id is kept for good: the first member
 * founds it, and an item whose text changes only a little stays in it.
 * it->cluster holds the number (0: none). */

/* The founding member of cluster: its source, key and source id (each
 * a new string the caller frees; *item_id may be NULL). Returns 0, 1
 * when there is no such cluster, -1 on error (logged). */
int kb_store_cluster_founder(struct kb_store *st, int64_t cluster, char **source, char **key, char **item_id);

/* Put up to limit items in stories whose signature is of another
 * version than this build's (items stored before stories existed, or
 * before a new signature scheme), the first seen first; *done is how
 * many were looked at (fewer than limit: none is left). One transaction
 * (the caller's, when one is open). Returns 0 or -1 (logged). */
int kb_store_cluster_stale(struct kb_store *st, int64_t now, long limit, long *done);

/* Call fn for each stored member of cluster, the first seen first. */
int kb_store_cluster_members(struct kb_store *st, int64_t cluster, kb_item_fn fn, void *ud);

/* The cluster a text not in the store would join: *cluster (0: none)
 * and the similarity to its closest member. Returns 0 or -1. */
int kb_store_cluster_find(struct kb_store *st, const char *text, int64_t *cluster, double *similarity);

/* The run log. */
int kb_store_run_begin(struct kb_store *st, int64_t now, int64_t *run_id);
int kb_store_run_end(struct kb_store *st, int64_t run_id, int64_t now, int status, long fetched, long new_items,
		     long failed);

#endif
