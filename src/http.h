/* http.h: the fetch engine on libcurl's multi interface.
 *
 * kabar's own scheduler decides when a request starts: a global limit of
 * requests in flight, a per-host limit and a per-IP limit (hosts that
 * resolve to one address share it; the address is learned from earlier
 * transfers), a minimum delay between request starts to one host, and a
 * bound on the body bytes held in memory. libcurl does the transfers;
 * bodies are streamed into bounded buffers. */
#ifndef KB_HTTP_H
#define KB_HTTP_H

#include <stdint.h>
#include "buf.h"
#include "util.h"

struct kb_http_opts {
	long max_inflight;	     /* default 64 */
	long per_host;		     /* default 2 */
	int64_t host_delay_ms;	     /* default 1000 */
	int64_t connect_timeout_ms;  /* default 10000 */
	int64_t timeout_ms;	     /* default 30000 */
	uint64_t max_body;	     /* default 16 MiB, after decompression */
	uint64_t max_inflight_bytes; /* default 256 MiB */
	long max_redirects;	     /* default 5 */
	const char *user_agent;	     /* default "kabar/VERSION" */
};

struct kb_header {
	char *name;
	char *value;
};

struct kb_fetch {
	/* In: set by the caller. */
	char *url;
	char *etag;	     /* sent as If-None-Match */
	char *last_modified; /* sent as If-Modified-Since */
	int allow_file;
	int allow_private;
	int64_t timeout_ms;	    /* 0: engine default */
	int64_t connect_timeout_ms; /* 0: engine default */
	uint64_t max_body;	    /* 0: engine default */
	void *udata;

	/* Out: set when the fetch completes. */
	enum kb_err result; /* KB_OK for any HTTP status < 400, 304 included */
	long status;	    /* HTTP status, 200 for file:, 0 without a response */
	char *final_url;
	char *error; /* human-readable when result != KB_OK */
	struct kb_buf body;
	struct kb_header *headers; /* of the final response */
	size_t n_headers;
	int64_t retry_after; /* absolute time from Retry-After, 0 none */
	char *ip;	     /* remote address used, if any */
	int64_t elapsed_ms;

	/* Private to the engine. */
	void *priv;
};

struct kb_http;

struct kb_http *kb_http_new(const struct kb_http_opts *opts);
void kb_http_free(struct kb_http *h);

/* Let the engine know an address already seen for host (from the store),
 * so that per-IP limits apply from the first request. */
void kb_http_hint_ip(struct kb_http *h, const char *host, const char *ip);

/* The minimum delay between request starts to host (a robots.txt
 * Crawl-delay), when longer than the engine's host_delay_ms. */
void kb_http_set_host_delay(struct kb_http *h, const char *host, int64_t delay_ms);

/* Do not start requests to host before until (seconds since the epoch):
 * fetches for it still waiting complete with KB_E_DEFERRED. Used for a
 * host's Retry-After. */
void kb_http_defer_host(struct kb_http *h, const char *host, int64_t until);

/* Queue a fetch. The engine does not own f; it must stay valid until its
 * completion callback has run. Returns 0, or -1 when the URL is unusable
 * (f->result and f->error are set and the callback is still called from
 * kb_http_run). */
int kb_http_add(struct kb_http *h, struct kb_fetch *f);

/* Run until every queued fetch has completed. done is called once per
 * fetch, in completion order; it may queue further fetches. */
typedef void (*kb_http_done_fn)(void *ud, struct kb_fetch *f);
int kb_http_run(struct kb_http *h, kb_http_done_fn done, void *ud);

/* Replay: from now on fetches are not made but answered by fn, which
 * fills the fetch's result fields as a transfer would (record.h); the
 * completion callbacks run from kb_http_run as usual. */
typedef int (*kb_http_replay_fn)(void *ud, struct kb_fetch *f);
void kb_http_set_replay(struct kb_http *h, kb_http_replay_fn fn, void *ud);

/* A response header (case-insensitive), or NULL. */
const char *kb_fetch_header(const struct kb_fetch *f, const char *name);
/* Free everything kb_http_add and the transfer set (keeps in fields
 * url/etag/last_modified: free them with kb_fetch_free). */
void kb_fetch_clear_result(struct kb_fetch *f);
void kb_fetch_free(struct kb_fetch *f); /* all fields, not f */

/* The server's freshness hint in seconds from Cache-Control max-age or
 * Expires (relative to now), 0 when none. */
int64_t kb_fetch_freshness(const struct kb_fetch *f, int64_t now);

#endif
