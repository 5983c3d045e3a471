/* record.h: recordings of what a source's run fetched (`kabar record`)
 * and their replay through a plugin (`kabar test-plugin`).
 *
 * A recording is a directory (doc/plugin-guide.md, "Recording and
 * replaying"): record.json (source, plugin, the time recorded, kabar's
 * version), source.conf (the [source] section), and per response
 * NNN.json (url, final_url, status, headers, tag, meta, body file) with
 * NNN.body (the body bytes). */
#ifndef KB_RECORD_H
#define KB_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "http.h"

/* At most this many responses in a recording, and bytes per body. */
#define KB_RECORD_MAX_RESPONSES 5000
#define KB_RECORD_MAX_BODY	((size_t)64 * 1024 * 1024)

/* --- writing --- */

struct kb_recorder;

/* Start a recording of source src (of cfg) in dir, which is created
 * (with parents) and must not hold a recording already. Writes
 * record.json (recorded: now) and source.conf. 0, or -1 with *err set
 * (new string). */
int kb_recorder_open(const char *dir, const struct kb_source *src, int64_t now, struct kb_recorder **out, char **err);

/* Save one completed fetch with the tag and metadata of its request
 * (meta: key, value pairs). Fetches without a response (no status) are
 * not saved. 0 or -1 (logged). */
int
kb_recorder_save(struct kb_recorder *r, const struct kb_fetch *f, const char *tag, char *const *meta, size_t n_meta);

/* How many responses were saved. */
size_t kb_recorder_count(const struct kb_recorder *r);

void kb_recorder_free(struct kb_recorder *r);

/* --- reading --- */

struct kb_recording;

/* Load a recording's index (record.json and every NNN.json; bodies are
 * read when answered). Every problem is an error naming the file: bad
 * JSON, a missing or mistyped field, a body file that is missing or
 * outside dir. 0, or -1 with *err set (new string). */
int kb_recording_open(const char *dir, struct kb_recording **out, char **err);

/* The source name, the plugin and the time recorded (seconds; 0 when
 * record.json does not say). */
const char *kb_recording_source(const struct kb_recording *rec);
const char *kb_recording_plugin(const struct kb_recording *rec);
int64_t kb_recording_time(const struct kb_recording *rec);

/* The path of source.conf (valid while rec is). */
const char *kb_recording_conf(const struct kb_recording *rec);

/* Answer a fetch from the recording (rec: a struct kb_recording; the
 * signature of a kb_http replay function): the first unused response
 * recorded for f->url, else the last one recorded for it. Fills f's
 * result fields as a transfer would (status, final_url, headers, body;
 * result KB_OK, or KB_E_HTTP with an error for a status >= 400). A URL
 * not recorded completes with KB_E_NETWORK and "not recorded: URL", and
 * is remembered (kb_recording_misses), except an origin's /robots.txt,
 * answered 404 (the site has none). Returns 0. */
int kb_recording_answer(void *rec, struct kb_fetch *f);

/* The URLs asked for but not recorded, in order (valid while rec is). */
size_t kb_recording_misses(const struct kb_recording *rec, const char *const **urls);

void kb_recording_free(struct kb_recording *rec);

#endif
