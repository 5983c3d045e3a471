/* config.h: the INI config file (kabar.conf(5)).
 *
 * Sections: [kabar] (globals, at most once), [source NAME] and
 * [output NAME] (names unique per kind, [A-Za-z0-9._-]+). Lines are
 * "key = value"; ";" or "#" start a comment at the start of a line or
 * after whitespace; values may be quoted with "..." to keep them literal.
 * Every error names the file and line. Relative paths are resolved
 * against the config file's directory. */
#ifndef KB_CONFIG_H
#define KB_CONFIG_H

#include <stddef.h>
#include <stdint.h>

struct kabar_option;

/* A list of error messages, each "FILE:LINE: message". */
struct kb_diag {
	char **msgs;
	size_t n;
};
void kb_diag_add(struct kb_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kb_diag_free(struct kb_diag *d);

struct kb_kv {
	char *key;
	char *value;
	int line;
	int used; /* set when a key is consumed by the core or a plugin */
};

struct kb_source {
	char *name;
	int line; /* of the section header */
	char *plugin;
	char *url;
	char *region;	  /* gazetteer code ("35", "35.76") or NULL */
	char *timezone;	  /* IANA name; default from region, else "UTC" */
	int64_t interval; /* seconds, default 1800 */
	char **tags;
	size_t n_tags;
	int enabled;		    /* default 1 */
	int allow_file;		    /* default 0 */
	int allow_private;	    /* default 0 */
	int64_t timeout_ms;	    /* default: global */
	int64_t connect_timeout_ms; /* default: global */
	uint64_t max_body;	    /* default: global */
	long max_items;		    /* items per response, default 1000 */
	long max_follows;	    /* follow requests per run, default 200 */
	int robots_ignore;	    /* robots = ignore (default obey) */
	int fulltext;		    /* fulltext = yes: replace short content by the article */
	/* Every key = value of the section, core and plugin keys alike. */
	struct kb_kv *kv;
	size_t n_kv;
};

struct kb_output {
	char *name;
	int line;
	char *format; /* rss | atom | json | ics | html */
	char *path;   /* absolute after loading */
	char *url;    /* where the file is published (self link) */
	char *link;   /* the feed's home page */
	char *title;
	char *description;
	char **sources; /* source names or fnmatch(3) globs; default "*" */
	size_t n_sources;
	char **tags; /* only sources with one of these tags; none: no filter */
	size_t n_tags;
	long max_items;	 /* default 100 */
	int64_t max_age; /* seconds (the max_days key), 0: no limit */
	/* MSME filters: items below min_score, outside regions (codes; a
	 * province takes its regencies), without one of topics (KB_TOPIC_*
	 * bits), or not reporting an event (events_only) are left out. */
	double min_score;
	char **regions;
	size_t n_regions;
	unsigned topics;
	int events_only;
	/* One story per press release (cluster.h): merge (default 1) the
	 * items of one cluster into one; the representative is the member
	 * whose source or host comes first in prefer (a source name, or a
	 * host suffix beginning with a dot; default ".go.id"), then the
	 * earliest (the latest when prefer_latest). */
	int merge;
	char **prefer;
	size_t n_prefer;
	int prefer_latest;
	struct kb_kv *kv;
	size_t n_kv;
};

struct kb_config {
	char *path; /* as given */
	char *dir;  /* absolute directory of the file */

	/* [kabar] */
	char *database;		     /* absolute; default DIR/kabar.db */
	char *lock_file;	     /* absolute; default DATABASE.lock */
	char *plugin_dir;	     /* absolute or NULL */
	char *data_dir;		     /* absolute or NULL: gazetteer/ and lexicon-umkm.tsv */
	char *lexicon;		     /* absolute or NULL: DATA_DIR/lexicon-umkm.tsv */
	char *user_agent;	     /* NULL: "kabar/VERSION (+https://...)" */
	long max_requests;	     /* global in flight, default 64 */
	long per_host;		     /* in flight per host and per IP, default 2 */
	int64_t host_delay_ms;	     /* min delay between requests to one host, default 1000 */
	int64_t timeout_ms;	     /* default 30000 */
	int64_t connect_timeout_ms;  /* default 10000 */
	uint64_t max_body;	     /* default 16 MiB */
	uint64_t max_inflight_bytes; /* default 256 MiB */
	int64_t max_backoff;	     /* seconds, default 86400 */
	char *isolation;	     /* "inprocess" (default) or "fork" */

	struct kb_source *sources;
	size_t n_sources;
	struct kb_output *outputs;
	size_t n_outputs;
};

/* Load and validate the core keys of a config file. On success returns 0
 * and *out; otherwise returns -1, *out is NULL and diag holds one message
 * per problem found (all of them, not just the first). */
int kb_config_load(const char *path, struct kb_config **out, struct kb_diag *diag);
/* The same from a string; path is used in messages and for resolving
 * relative paths (its directory). */
int kb_config_load_string(const char *text, size_t len, const char *path, struct kb_config **out, struct kb_diag *diag);
void kb_config_free(struct kb_config *cfg);

/* Check a source's keys against the options a plugin declares: unknown
 * keys (neither core nor declared), missing required keys, values of the
 * wrong type. Adds to diag; returns the number of problems. */
int kb_config_check_plugin_keys(const struct kb_config *cfg, const struct kb_source *src,
				const struct kabar_option *opts, const char *plugin_name, struct kb_diag *diag);

/* The value of key in a source (NULL if unset). */
const char *kb_source_get(const struct kb_source *src, const char *key);
const struct kb_source *kb_config_source(const struct kb_config *cfg, const char *name);
const struct kb_output *kb_config_output(const struct kb_config *cfg, const char *name);
/* 1 when the output takes items of source src (its sources patterns and
 * tags), else 0. */
int kb_output_wants(const struct kb_output *out, const struct kb_source *src);

/* Default timezone for a region code (first two digits = province):
 * WIB "Asia/Jakarta", WITA "Asia/Makassar", WIT "Asia/Jayapura"; "UTC"
 * for NULL or unknown. */
const char *kb_region_timezone(const char *region);

/* Resolve a path against dir (returns a new string). */
char *kb_path_resolve(const char *dir, const char *path);

#endif
