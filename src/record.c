/* record.c: writing and reading recordings (record.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <json.h>

#include "date.h"
#include "output.h"
#include "record.h"
#include "util.h"

#define MAX_INDEX_FILE ((size_t)1024 * 1024)
#define MAX_HEADERS    200
#define MAX_META       64

/* --- small file helpers --- */

static int
mkdirs(const char *path)
{
	char *p = kb_strdup(path), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static int
write_json(const char *path, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	struct kb_buf b;
	int rc;

	kb_buf_init(&b, SIZE_MAX / 2);
	kb_buf_addstr(&b, s ? s : "{}");
	kb_buf_addc(&b, '\n');
	rc = kb_write_atomic(path, b.data, b.len, NULL);
	kb_buf_free(&b);
	return rc;
}

static struct json_object *
jstr(const char *s)
{
	char *clean;
	struct json_object *o;

	if (!s)
		return NULL;
	clean = kb_utf8_clean(s, strlen(s));
	o = json_object_new_string(clean);
	free(clean);
	return o;
}

/* --- writing --- */

struct kb_recorder {
	char *dir;
	size_t n;
};

/* The [source] section as kabar.conf(5) writes it: every key as given,
 * the url absolute (a file: URL relative to the config would no longer
 * resolve from the recording's directory). */
static char *
source_section(const struct kb_source *src)
{
	struct kb_buf b;
	size_t i;

	kb_buf_init(&b, (size_t)1024 * 1024);
	kb_buf_printf(&b, "; recorded by kabar %s\n[source %s]\n", PACKAGE_VERSION, src->name);
	for (i = 0; i < src->n_kv; i++) {
		const struct kb_kv *kv = &src->kv[i];

		if (strcmp(kv->key, "url") == 0)
			kb_buf_printf(&b, "url = %s\n", src->url);
		else
			kb_buf_printf(&b, "%s = %s\n", kv->key, kv->value);
	}
	return kb_buf_detach(&b, NULL);
}

int
kb_recorder_open(const char *dir, const struct kb_source *src, int64_t now, struct kb_recorder **out, char **err)
{
	struct kb_recorder *r = NULL;
	struct json_object *o = NULL;
	char *path = NULL, *conf = NULL;
	char when[40];
	struct stat st;

	*out = NULL;
	*err = NULL;
	if (mkdirs(dir) != 0) {
		*err = kb_asprintf("cannot create %s: %s", dir, strerror(errno));
		goto fail;
	}
	path = kb_asprintf("%s/record.json", dir);
	if (stat(path, &st) == 0) {
		*err = kb_asprintf("%s already holds a recording (remove it first)", dir);
		goto fail;
	}
	o = json_object_new_object();
	json_object_object_add(o, "source", jstr(src->name));
	json_object_object_add(o, "plugin", jstr(src->plugin));
	json_object_object_add(o, "recorded", jstr(kb_date_rfc3339(now, 0, when, sizeof(when))));
	json_object_object_add(o, "kabar", jstr(PACKAGE_VERSION));
	if (write_json(path, o) != 0) {
		*err = kb_asprintf("cannot write %s: %s", path, strerror(errno));
		goto fail;
	}
	free(path);
	path = kb_asprintf("%s/source.conf", dir);
	conf = source_section(src);
	if (kb_write_atomic(path, conf, strlen(conf), NULL) != 0) {
		*err = kb_asprintf("cannot write %s: %s", path, strerror(errno));
		goto fail;
	}
	r = kb_calloc(1, sizeof(*r));
	r->dir = kb_strdup(dir);
	*out = r;
	json_object_put(o);
	free(path);
	free(conf);
	return 0;
fail:
	json_object_put(o);
	free(path);
	free(conf);
	return -1;
}

int
kb_recorder_save(struct kb_recorder *r, const struct kb_fetch *f, const char *tag, char *const *meta, size_t n_meta)
{
	struct json_object *o, *hdrs, *m;
	char name[32], *path = NULL;
	size_t i;
	int rc = -1;

	if (!r || !f || f->status <= 0)
		return 0;
	if (r->n >= KB_RECORD_MAX_RESPONSES) {
		if (r->n == KB_RECORD_MAX_RESPONSES)
			kb_log(KB_LOG_WARN, "record: more than %d responses: the rest are not saved",
			       KB_RECORD_MAX_RESPONSES);
		r->n++;
		return -1;
	}
	snprintf(name, sizeof(name), "%03zu.body", r->n + 1);
	path = kb_asprintf("%s/%s", r->dir, name);
	if (kb_write_atomic(path, f->body.data ? f->body.data : "", f->body.len, NULL) != 0) {
		kb_log(KB_LOG_ERROR, "record: cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	o = json_object_new_object();
	json_object_object_add(o, "url", jstr(f->url));
	if (f->final_url && strcmp(f->final_url, f->url) != 0)
		json_object_object_add(o, "final_url", jstr(f->final_url));
	json_object_object_add(o, "status", json_object_new_int64(f->status));
	hdrs = json_object_new_array();
	for (i = 0; i < f->n_headers; i++) {
		struct json_object *pair = json_object_new_array();

		json_object_array_add(pair, jstr(f->headers[i].name));
		json_object_array_add(pair, jstr(f->headers[i].value ? f->headers[i].value : ""));
		json_object_array_add(hdrs, pair);
	}
	json_object_object_add(o, "headers", hdrs);
	json_object_object_add(o, "tag", tag ? jstr(tag) : NULL);
	m = json_object_new_object();
	for (i = 0; i < n_meta; i++)
		json_object_object_add(m, meta[2 * i], jstr(meta[2 * i + 1] ? meta[2 * i + 1] : ""));
	json_object_object_add(o, "meta", m);
	json_object_object_add(o, "body", jstr(name));
	free(path);
	snprintf(name, sizeof(name), "%03zu.json", r->n + 1);
	path = kb_asprintf("%s/%s", r->dir, name);
	rc = write_json(path, o);
	if (rc != 0)
		kb_log(KB_LOG_ERROR, "record: cannot write %s: %s", path, strerror(errno));
	else
		r->n++;
	json_object_put(o);
out:
	free(path);
	return rc;
}

size_t
kb_recorder_count(const struct kb_recorder *r)
{
	return r ? (r->n > KB_RECORD_MAX_RESPONSES ? KB_RECORD_MAX_RESPONSES : r->n) : 0;
}

void
kb_recorder_free(struct kb_recorder *r)
{
	if (!r)
		return;
	free(r->dir);
	free(r);
}

/* --- reading --- */

struct exchange {
	char *file; /* NNN.json, for messages */
	char *url;
	char *final_url;
	long status;
	struct kb_header *headers;
	size_t n_headers;
	char *body_path;
	int used;
};

struct kb_recording {
	char *dir;
	char *conf;
	char *source;
	char *plugin;
	int64_t recorded;
	struct exchange *ex;
	size_t n_ex;
	char **misses;
	size_t n_misses;
};

static void
exchange_free(struct exchange *e)
{
	size_t i;

	free(e->file);
	free(e->url);
	free(e->final_url);
	for (i = 0; i < e->n_headers; i++) {
		free(e->headers[i].name);
		free(e->headers[i].value);
	}
	free(e->headers);
	free(e->body_path);
}

void
kb_recording_free(struct kb_recording *rec)
{
	size_t i;

	if (!rec)
		return;
	for (i = 0; i < rec->n_ex; i++)
		exchange_free(&rec->ex[i]);
	free(rec->ex);
	for (i = 0; i < rec->n_misses; i++)
		free(rec->misses[i]);
	free(rec->misses);
	free(rec->dir);
	free(rec->conf);
	free(rec->source);
	free(rec->plugin);
	free(rec);
}

/* Parse a JSON file into *o. 0, or -1 with *err set. */
static int
load_json(const char *path, struct json_object **o, char **err)
{
	struct json_tokener *tok;
	enum json_tokener_error je;
	size_t len;
	char *text = kb_read_file(path, MAX_INDEX_FILE, &len);

	*o = NULL;
	if (!text) {
		*err = kb_asprintf("cannot read %s: %s", path, errno == EFBIG ? "file too large" : strerror(errno));
		return -1;
	}
	tok = json_tokener_new_ex(32);
	if (!tok) {
		free(text);
		*err = kb_strdup("out of memory");
		return -1;
	}
	*o = json_tokener_parse_ex(tok, text, (int)len);
	je = json_tokener_get_error(tok);
	if (!*o || je != json_tokener_success || json_tokener_get_parse_end(tok) < len) {
		size_t at = json_tokener_get_parse_end(tok);

		/* Only white space may follow the value. */
		while (*o && at < len && (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t'))
			at++;
		if (!*o || je != json_tokener_success || at < len) {
			*err = kb_asprintf("%s: bad JSON at byte %zu: %s", path, at,
					   je != json_tokener_success ? json_tokener_error_desc(je)
								      : "text after the value");
			json_object_put(*o);
			*o = NULL;
		}
	}
	json_tokener_free(tok);
	free(text);
	return *o ? 0 : -1;
}

/* A string member: 0 and *out (new string or NULL when absent/null and
 * optional), else -1 with *err. */
static int
get_str(struct json_object *o, const char *key, int required, const char *file, char **out, char **err)
{
	struct json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || json_object_get_type(v) == json_type_null) {
		if (!required)
			return 0;
		*err = kb_asprintf("%s: \"%s\" is missing", file, key);
		return -1;
	}
	if (json_object_get_type(v) != json_type_string) {
		*err = kb_asprintf("%s: \"%s\" is not a string", file, key);
		return -1;
	}
	*out = kb_utf8_clean(json_object_get_string(v), (size_t)json_object_get_string_len(v));
	return 0;
}

static int
load_exchange(struct kb_recording *rec, const char *name, struct exchange *e, char **err)
{
	struct json_object *o = NULL, *v;
	char *path = kb_asprintf("%s/%s", rec->dir, name), *body = NULL;
	size_t i, n;
	int rc = -1;

	memset(e, 0, sizeof(*e));
	e->file = kb_strdup(name);
	if (load_json(path, &o, err) != 0)
		goto out;
	if (json_object_get_type(o) != json_type_object) {
		*err = kb_asprintf("%s: not a JSON object", path);
		goto out;
	}
	if (get_str(o, "url", 1, path, &e->url, err) != 0 ||
	    get_str(o, "final_url", 0, path, &e->final_url, err) != 0 || get_str(o, "body", 0, path, &body, err) != 0)
		goto out;
	e->status = 200;
	if (json_object_object_get_ex(o, "status", &v)) {
		if (json_object_get_type(v) != json_type_int || json_object_get_int64(v) < 100 ||
		    json_object_get_int64(v) > 599) {
			*err = kb_asprintf("%s: \"status\" is not an HTTP status", path);
			goto out;
		}
		e->status = (long)json_object_get_int64(v);
	}
	if (json_object_object_get_ex(o, "headers", &v) && json_object_get_type(v) != json_type_null) {
		if (json_object_get_type(v) != json_type_array) {
			*err = kb_asprintf("%s: \"headers\" is not an array of [name, value] pairs", path);
			goto out;
		}
		n = json_object_array_length(v);
		if (n > MAX_HEADERS) {
			*err = kb_asprintf("%s: more than %d headers", path, MAX_HEADERS);
			goto out;
		}
		e->headers = kb_calloc(n ? n : 1, sizeof(*e->headers));
		for (i = 0; i < n; i++) {
			struct json_object *pair = json_object_array_get_idx(v, i), *k, *val;

			if (json_object_get_type(pair) != json_type_array || json_object_array_length(pair) != 2 ||
			    json_object_get_type((k = json_object_array_get_idx(pair, 0))) != json_type_string ||
			    json_object_get_type((val = json_object_array_get_idx(pair, 1))) != json_type_string) {
				*err = kb_asprintf("%s: header %zu is not a [name, value] pair of strings", path,
						   i + 1);
				goto out;
			}
			e->headers[i].name =
				kb_utf8_clean(json_object_get_string(k), (size_t)json_object_get_string_len(k));
			e->headers[i].value =
				kb_utf8_clean(json_object_get_string(val), (size_t)json_object_get_string_len(val));
			e->n_headers++;
		}
	}
	if (body) {
		struct stat st;

		/* The body lives in the recording, nowhere else. */
		if (!*body || strchr(body, '/') || strcmp(body, ".") == 0 || strcmp(body, "..") == 0) {
			*err = kb_asprintf("%s: \"body\" must name a file in the recording", path);
			goto out;
		}
		e->body_path = kb_asprintf("%s/%s", rec->dir, body);
		if (stat(e->body_path, &st) != 0 || !S_ISREG(st.st_mode)) {
			*err = kb_asprintf("%s: body file %s: %s", path, body, errno ? strerror(errno) : "not a file");
			goto out;
		}
	}
	rc = 0;
out:
	json_object_put(o);
	free(path);
	free(body);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* NNN.json: digits, then ".json". */
static int
is_exchange_name(const char *s)
{
	size_t i = 0;

	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 0 && strcmp(s + i, ".json") == 0;
}

int
kb_recording_open(const char *dir, struct kb_recording **out, char **err)
{
	struct kb_recording *rec = kb_calloc(1, sizeof(*rec));
	struct json_object *o = NULL;
	char *path = NULL, *when = NULL, **names = NULL;
	size_t n_names = 0, i;
	DIR *d = NULL;
	struct dirent *de;
	struct stat st;
	int off;

	*out = NULL;
	*err = NULL;
	rec->dir = kb_strdup(dir);
	path = kb_asprintf("%s/record.json", dir);
	if (load_json(path, &o, err) != 0)
		goto fail;
	if (json_object_get_type(o) != json_type_object) {
		*err = kb_asprintf("%s: not a JSON object", path);
		goto fail;
	}
	if (get_str(o, "source", 0, path, &rec->source, err) != 0 ||
	    get_str(o, "plugin", 0, path, &rec->plugin, err) != 0 || get_str(o, "recorded", 0, path, &when, err) != 0)
		goto fail;
	if (when && kb_date_parse(when, "UTC", &rec->recorded, &off) != 0) {
		*err = kb_asprintf("%s: \"recorded\" is not a date: %s", path, when);
		goto fail;
	}
	rec->conf = kb_asprintf("%s/source.conf", dir);
	if (stat(rec->conf, &st) != 0) {
		*err = kb_asprintf("cannot read %s: %s", rec->conf, strerror(errno));
		goto fail;
	}
	d = opendir(dir);
	if (!d) {
		*err = kb_asprintf("cannot read %s: %s", dir, strerror(errno));
		goto fail;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_exchange_name(de->d_name))
			continue;
		if (n_names >= KB_RECORD_MAX_RESPONSES) {
			*err = kb_asprintf("%s: more than %d responses", dir, KB_RECORD_MAX_RESPONSES);
			goto fail;
		}
		names = kb_reallocarray(names, n_names + 1, sizeof(*names));
		names[n_names++] = kb_strdup(de->d_name);
	}
	closedir(d);
	d = NULL;
	if (n_names > 0)
		qsort(names, n_names, sizeof(*names), cmp_names);
	rec->ex = kb_calloc(n_names ? n_names : 1, sizeof(*rec->ex));
	for (i = 0; i < n_names; i++) {
		if (load_exchange(rec, names[i], &rec->ex[rec->n_ex], err) != 0) {
			exchange_free(&rec->ex[rec->n_ex]);
			goto fail;
		}
		rec->n_ex++;
	}
	for (i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	json_object_put(o);
	free(path);
	free(when);
	*out = rec;
	return 0;
fail:
	if (d)
		closedir(d);
	for (i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	json_object_put(o);
	free(path);
	free(when);
	kb_recording_free(rec);
	return -1;
}

const char *
kb_recording_source(const struct kb_recording *rec)
{
	return rec ? rec->source : NULL;
}

const char *
kb_recording_plugin(const struct kb_recording *rec)
{
	return rec ? rec->plugin : NULL;
}

int64_t
kb_recording_time(const struct kb_recording *rec)
{
	return rec ? rec->recorded : 0;
}

const char *
kb_recording_conf(const struct kb_recording *rec)
{
	return rec ? rec->conf : NULL;
}

/* Whether url is an origin's /robots.txt. */
static int
is_robots_url(const char *url)
{
	const char *p = strstr(url, "://");

	if (!p)
		return 0;
	p = strchr(p + 3, '/');
	return p && strcmp(p, "/robots.txt") == 0;
}

int
kb_recording_answer(void *ud, struct kb_fetch *f)
{
	struct kb_recording *rec = ud;
	struct exchange *e = NULL;
	size_t i, len;
	char *body;

	for (i = 0; f->url && i < rec->n_ex; i++) {
		if (strcmp(rec->ex[i].url, f->url) != 0)
			continue;
		e = &rec->ex[i];
		if (!e->used)
			break;
	}
	if (!e && f->url && is_robots_url(f->url)) {
		/* A recording made by hand need not hold robots.txt: as
		 * though the site had none. */
		f->status = 404;
		f->final_url = kb_strdup(f->url);
		f->result = KB_E_HTTP;
		f->error = kb_asprintf("http 404: %s", f->url);
		return 0;
	}
	if (!e) {
		f->result = KB_E_NETWORK;
		f->error = kb_asprintf("not recorded: %s", f->url ? f->url : "(no url)");
		rec->misses = kb_reallocarray(rec->misses, rec->n_misses + 1, sizeof(*rec->misses));
		rec->misses[rec->n_misses++] = kb_strdup(f->url ? f->url : "");
		return 0;
	}
	e->used = 1;
	f->status = e->status;
	f->final_url = kb_strdup(e->final_url ? e->final_url : e->url);
	if (e->n_headers > 0) {
		f->headers = kb_calloc(e->n_headers, sizeof(*f->headers));
		for (i = 0; i < e->n_headers; i++) {
			f->headers[i].name = kb_strdup(e->headers[i].name);
			f->headers[i].value = kb_strdup(e->headers[i].value);
		}
		f->n_headers = e->n_headers;
	}
	if (e->body_path) {
		body = kb_read_file(e->body_path, KB_RECORD_MAX_BODY, &len);
		if (!body) {
			f->result = KB_E_IO;
			f->error = kb_asprintf("cannot read %s: %s", e->body_path, strerror(errno));
			return 0;
		}
		if (kb_buf_add(&f->body, body, len) != 0) {
			f->result = KB_E_TOOBIG;
			f->error = kb_asprintf("body over the size limit: %s", f->url);
			kb_buf_free(&f->body);
		}
		free(body);
	}
	if (f->result == KB_OK && f->status >= 400) {
		f->result = KB_E_HTTP;
		f->error = kb_asprintf("http %ld: %s", f->status, f->url);
	}
	return 0;
}

size_t
kb_recording_misses(const struct kb_recording *rec, const char *const **urls)
{
	*urls = (const char *const *)rec->misses;
	return rec->n_misses;
}
