/* host.h: the host side of the plugin ABI: the callback context, the
 * response a plugin reads, and the table of host functions.
 *
 * A callback runs against a struct kabar_ctx. Everything a plugin
 * produces (items, follow requests, feed facts, log lines) is encoded as
 * wire messages into ctx->out (item.h), whether the callback runs in this
 * process or in a forked one: the core decodes the same bytes either way. */
#ifndef KB_HOST_H
#define KB_HOST_H

#include <stddef.h>
#include <stdint.h>
#include "../include/kabar/plugin.h"
#include "buf.h"
#include "http.h"

struct kb_source;
struct kb_item;

struct kabar_response {
	char *url; /* final URL */
	int status;
	struct kb_header *headers;
	size_t n_headers;
	char *body; /* NUL-terminated for convenience; len is the truth */
	size_t len;
	char *tag;   /* NULL for the start request */
	char **meta; /* key, value pairs */
	size_t n_meta;
};

struct kabar_ctx {
	const struct kb_source *src;	    /* NULL: parse without config (kabar parse) */
	const struct kabar_option *options; /* the plugin's declared options, for defaults */
	const char *timezone;		    /* default zone for dates */
	const struct kabar_response *resp;  /* NULL in start() */
	struct kb_buf *out;		    /* wire messages */
	long max_items;			    /* per callback */
	long n_items;
	long max_follows;
	long n_follows;
	/* Host-owned memory released when the callback ends. */
	void **allocs;
	size_t n_allocs, cap_allocs;
	void **docs;
	size_t n_docs, cap_docs;
	int failed_output; /* the output buffer hit its limit */
	int64_t now;	   /* the run's clock (seconds); 0: the wall clock */
};

/* The table handed to plugins. */
extern const struct kabar_host kb_host_table;

/* Set up and tear down a context (frees all host memory it handed out). */
void kb_ctx_init(struct kabar_ctx *ctx, const struct kb_source *src, const struct kabar_option *options,
		 const struct kabar_response *resp, struct kb_buf *out);
void kb_ctx_release(struct kabar_ctx *ctx);

/* Keep p until the callback ends (then free it); returns p. */
void *kb_ctx_keep(struct kabar_ctx *ctx, void *p);

void kb_response_free(struct kabar_response *r); /* frees the fields, not r */
/* Encode / decode a response (and its request's tag and metadata) for the
 * transport. kb_wire_response appends one KB_MSG_RESPONSE message to b;
 * kb_wire_get_response reads exactly such a message (p, n: the whole
 * message, header included) into *r, which the caller releases with
 * kb_response_free (fields only). On failure *r is left empty. */
int kb_wire_response(struct kb_buf *b, const struct kabar_response *r);
int kb_wire_get_response(const void *p, size_t n, struct kabar_response *r);

/* Decode an HTML page's len bytes to clean UTF-8 the way parse_html does:
 * BOM, the charset of content_type (the HTTP Content-Type value, may be
 * NULL), <meta charset> / http-equiv, then UTF-8, falling back without
 * ever producing invalid UTF-8. New string; *outlen set. */
char *kb_html_decode(const char *body, size_t len, const char *content_type, size_t *outlen);

/* Convert what a plugin passed into owned core structs, cleaning UTF-8,
 * sanitizing HTML, resolving URLs against base. Used by emit and by tests. */
int kb_item_from_plugin(struct kabar_ctx *ctx, const struct kabar_item *pi, struct kb_item *it);

#endif
