/* output.h: writing feed files (RSS 2.0, Atom 1.0, JSON Feed 1.1) from
 * the store, deterministically and atomically. */
#ifndef KB_OUTPUT_H
#define KB_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "config.h"
#include "store.h"

/* Render output out of cfg from the store into b, as of the instant now
 * (every time-dependent choice reads it: the max_days window, the feed's
 * own updated time when it has no items, clamping of future dates). The
 * same store and now give the same bytes. Returns 0 or -1 (logged). */
int kb_output_render(const struct kb_config *cfg, const struct kb_output *out, struct kb_store *st, int64_t now,
		     struct kb_buf *b);

/* Render and replace out->path atomically (kb_write_atomic). *changed is
 * set to 1 when the file was written, 0 when its content was already the
 * same. Returns 0 or -1 (logged, the previous file intact). */
int kb_output_write(const struct kb_config *cfg, const struct kb_output *out, struct kb_store *st, int64_t now,
		    int *changed);

/* The id every output writes for the story of cluster (store.h): the
 * id its founding member would have (its source's id when that is an
 * absolute URI, else a tag: URI of its source and key). A new string, or
 * NULL when there is no such cluster. */
char *kb_output_cluster_id(struct kb_store *st, int64_t cluster);

/* Replace path with len bytes of data: a temporary file in the same
 * directory, written, fsynced, given mode 0644 less the umask, renamed
 * over path, and the directory fsynced. When path already holds exactly
 * these bytes nothing is written (*changed 0; mtime kept). The directory
 * is created if missing. Returns 0, or -1 (logged) with path untouched
 * and no temporary file left behind. */
int kb_write_atomic(const char *path, const void *data, size_t len, int *changed);

#endif
