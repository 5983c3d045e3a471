/* config.c: the INI config file (kabar.conf(5)).
 *
 * Reading happens in two passes. The first splits the text into lines and
 * collects the sections and their "key = value" pairs, reporting syntax
 * errors. The second checks each section's keys and fills struct
 * kb_config. Every problem is recorded with its line; the messages are
 * sorted by line before they go to the caller's kb_diag. */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

#include "kabar/plugin.h"
#include "buf.h"
#include "date.h"
#include "util.h"
#include "msme.h"

#define CONF_MAX_FILE	 (1024 * 1024) /* bytes */
#define CONF_MAX_LINE	 8192	       /* bytes, without the line end */
#define CONF_MAX_NAME	 128	       /* section names */
#define CONF_MAX_ERRORS	 100	       /* then stop reading */
#define CONF_ECHO_MAX	 60	       /* bytes of a bad value quoted in a message */
#define CONF_MAX_OPTIONS 1000	       /* entries of a plugin's option table */

#define KB_PRINTF_V(f)	 __attribute__((format(printf, f, 0)))

enum sec_kind {
	SEC_NONE = 0, /* before the first section */
	SEC_SKIP,     /* after a bad section header: keys are ignored */
	SEC_KABAR,
	SEC_SOURCE,
	SEC_OUTPUT
};

struct cmsg {
	int line; /* 0: about the whole file */
	size_t seq;
	char *text; /* "FILE:LINE: message" */
};

struct parser {
	const char *path; /* for messages */
	struct kb_config *cfg;

	struct cmsg *msgs;
	size_t n_msgs;
	int stop; /* too many errors: stop reading */

	int kabar_line; /* of the [kabar] header, 0: none */
	struct kb_kv *gkv;
	size_t n_gkv;

	enum sec_kind cur;
	size_t cur_idx; /* into cfg->sources or cfg->outputs */
};

/* The keys of a [source] section the core reads; every other key belongs
 * to the plugin. */
static const char *const source_core_keys[] = {
	"plugin",    "url",	    "region",	     "timezone", "interval",	    "tags",
	"enabled",   "allow_file",  "allow_private", "timeout",	 "connect_timeout", "max_body_size",
	"max_items", "max_follows", "robots",	     "fulltext",
};

/* --- small helpers --- */

static int
is_ws(char c)
{
	return c == ' ' || c == '\t';
}

static char *
skip_ws(char *s)
{
	while (is_ws(*s))
		s++;
	return s;
}

static void
rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && is_ws(s[n - 1]))
		s[--n] = '\0';
}

/* Grow an array whose capacity is always the next power of two of its
 * length (or more): reallocate when n is 0 or a power of two. */
static void *
grow(void *arr, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return arr;
	return kb_reallocarray(arr, n ? n * 2 : 1, size);
}

KB_PRINTF_V(1) static char *vfmt(const char *fmt, va_list ap)
{
	va_list ap2;
	char *s;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return kb_strdup("bad message format");
	s = kb_malloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* Copy v into buf (at least CONF_ECHO_MAX + 4 bytes) for a message,
 * shortened at a character boundary with "..." when it is long. */
static const char *
echo(const char *v, char *buf, size_t size)
{
	size_t n = strlen(v);

	if (n <= CONF_ECHO_MAX || size < CONF_ECHO_MAX + 4) {
		if (n >= size)
			n = size - 1;
		memcpy(buf, v, n);
		buf[n] = '\0';
		return buf;
	}
	n = CONF_ECHO_MAX;
	while (n > 0 && ((unsigned char)v[n] & 0xc0) == 0x80)
		n--;
	memcpy(buf, v, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

/* --- diagnostics --- */

void
kb_diag_add(struct kb_diag *d, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (!d)
		return;
	va_start(ap, fmt);
	s = vfmt(fmt, ap);
	va_end(ap);
	d->msgs = kb_reallocarray(d->msgs, d->n + 1, sizeof(*d->msgs));
	d->msgs[d->n++] = s;
}

void
kb_diag_free(struct kb_diag *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	d->msgs = NULL;
	d->n = 0;
}

KB_PRINTF(3, 4) static void perr(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;
	char *text;

	if (p->n_msgs >= CONF_MAX_ERRORS) {
		p->stop = 1;
		return;
	}
	va_start(ap, fmt);
	text = vfmt(fmt, ap);
	va_end(ap);
	p->msgs = grow(p->msgs, p->n_msgs, sizeof(*p->msgs));
	p->msgs[p->n_msgs].line = line;
	p->msgs[p->n_msgs].seq = p->n_msgs;
	if (line > 0)
		p->msgs[p->n_msgs].text = kb_asprintf("%s:%d: %s", p->path, line, text);
	else
		p->msgs[p->n_msgs].text = kb_asprintf("%s: %s", p->path, text);
	p->n_msgs++;
	free(text);
}

static int
cmsg_cmp(const void *a, const void *b)
{
	const struct cmsg *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Hand the messages to diag, sorted by line. */
static void
flush_msgs(struct parser *p, struct kb_diag *diag)
{
	size_t i;

	if (p->n_msgs > 1)
		qsort(p->msgs, p->n_msgs, sizeof(*p->msgs), cmsg_cmp);
	for (i = 0; i < p->n_msgs; i++) {
		kb_diag_add(diag, "%s", p->msgs[i].text);
		free(p->msgs[i].text);
	}
	if (p->stop)
		kb_diag_add(diag, "%s: too many errors, stopped after %d", p->path, CONF_MAX_ERRORS);
	free(p->msgs);
	p->msgs = NULL;
}

/* --- freeing --- */

static void
free_kv(struct kb_kv *kv, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
free_source(struct kb_source *s)
{
	free(s->name);
	free(s->plugin);
	free(s->url);
	free(s->region);
	free(s->timezone);
	free_list(s->tags, s->n_tags);
	free_kv(s->kv, s->n_kv);
}

static void
free_output(struct kb_output *o)
{
	free(o->name);
	free(o->format);
	free(o->path);
	free(o->url);
	free(o->link);
	free(o->title);
	free(o->description);
	free_list(o->sources, o->n_sources);
	free_list(o->tags, o->n_tags);
	free_list(o->regions, o->n_regions);
	free_list(o->prefer, o->n_prefer);
	free_kv(o->kv, o->n_kv);
}

void
kb_config_free(struct kb_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->dir);
	free(cfg->database);
	free(cfg->lock_file);
	free(cfg->plugin_dir);
	free(cfg->data_dir);
	free(cfg->lexicon);
	free(cfg->user_agent);
	free(cfg->isolation);
	for (i = 0; i < cfg->n_sources; i++)
		free_source(&cfg->sources[i]);
	free(cfg->sources);
	for (i = 0; i < cfg->n_outputs; i++)
		free_output(&cfg->outputs[i]);
	free(cfg->outputs);
	free(cfg);
}

/* --- paths --- */

char *
kb_path_resolve(const char *dir, const char *path)
{
	size_t dl;

	if (!path)
		return NULL;
	if (path[0] == '/' || !dir || !dir[0])
		return kb_strdup(path);
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	if (path[0] == '\0' || strcmp(path, ".") == 0)
		return kb_strdup(dir);
	dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	if (dl == 1 && dir[0] == '/')
		return kb_asprintf("/%s", path);
	return kb_asprintf("%.*s/%s", (int)dl, dir, path);
}

/* The absolute directory of the config file path (a new string). */
static char *
config_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d, *real, *abs;
	char cwd[PATH_MAX];

	if (!slash)
		d = kb_strdup(".");
	else if (slash == path)
		d = kb_strdup("/");
	else
		d = kb_strndup(path, (size_t)(slash - path));
	real = realpath(d, NULL);
	if (real) {
		abs = kb_strdup(real);
		free(real);
		free(d);
		return abs;
	}
	if (d[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return d;
	abs = kb_path_resolve(cwd, d);
	free(d);
	return abs;
}

/* --- regions --- */

/* Province codes of the gazetteer (../shared/data/gazetteer/provinces.csv)
 * and their zones. */
static const struct {
	char code[3];
	unsigned char tz; /* 0 WIB, 1 WITA, 2 WIT */
} provinces[] = {
	{ "11", 0 }, { "12", 0 }, { "13", 0 }, { "14", 0 }, { "15", 0 }, { "16", 0 }, { "17", 0 }, { "18", 0 },
	{ "19", 0 }, { "21", 0 }, { "31", 0 }, { "32", 0 }, { "33", 0 }, { "34", 0 }, { "35", 0 }, { "36", 0 },
	{ "51", 1 }, { "52", 1 }, { "53", 1 }, { "61", 0 }, { "62", 0 }, { "63", 1 }, { "64", 1 }, { "65", 1 },
	{ "71", 1 }, { "72", 1 }, { "73", 1 }, { "74", 1 }, { "75", 1 }, { "76", 1 }, { "81", 2 }, { "82", 2 },
	{ "91", 2 }, { "92", 2 }, { "93", 2 }, { "94", 2 }, { "95", 2 }, { "96", 2 },
};

const char *
kb_region_timezone(const char *region)
{
	static const char *const zones[] = { "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura" };
	size_t i;

	if (!region || !(region[0] >= '0' && region[0] <= '9') || !(region[1] >= '0' && region[1] <= '9') ||
	    (region[2] != '\0' && region[2] != '.'))
		return "UTC";
	for (i = 0; i < KB_ARRAY_LEN(provinces); i++) {
		if (memcmp(provinces[i].code, region, 2) == 0)
			return zones[provinces[i].tz];
	}
	return "UTC";
}

/* ^[0-9]{2}(\.[0-9]{2})?$ */
static int
region_ok(const char *s)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (!(s[i] >= '0' && s[i] <= '9'))
			return 0;
	}
	if (s[2] == '\0')
		return 1;
	if (s[2] != '.')
		return 0;
	for (i = 3; i < 5; i++) {
		if (!(s[i] >= '0' && s[i] <= '9'))
			return 0;
	}
	return s[5] == '\0';
}

/* --- URLs --- */

enum { URL_BAD = 0, URL_HTTP, URL_FILE };

/* The kind of an absolute URL: http(s) with a host, or file with an
 * absolute path. No spaces or control characters anywhere. */
static int
url_kind(const char *s)
{
	const char *p, *host, *end, *at;

	for (p = s; *p; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return URL_BAD;
	}
	if (kb_strncasecmp(s, "file://", 7) == 0) {
		p = s + 7;
		if (kb_strncasecmp(p, "localhost/", 10) == 0)
			p += 9;
		return p[0] == '/' ? URL_FILE : URL_BAD;
	}
	if (kb_strncasecmp(s, "http://", 7) == 0)
		host = s + 7;
	else if (kb_strncasecmp(s, "https://", 8) == 0)
		host = s + 8;
	else
		return URL_BAD;
	end = host + strcspn(host, "/?#");
	at = NULL;
	for (p = host; p < end; p++) {
		if (*p == '@')
			at = p;
	}
	if (at)
		host = at + 1;
	if (host == end || *host == ':')
		return URL_BAD;
	return URL_HTTP;
}

/* --- pass 1: lines --- */

static int
name_ok(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '.' ||
		      *s == '_' || *s == '-'))
			return 0;
	}
	return n > 0 && n <= CONF_MAX_NAME;
}

static int
key_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	}
	return 1;
}

static int
at_comment(const char *s)
{
	return *s == '\0' || *s == ';' || *s == '#';
}

static void
section_header(struct parser *p, int lineno, char *line)
{
	struct kb_config *cfg = p->cfg;
	char *close, *kind, *name, *rest;
	char e[CONF_ECHO_MAX + 4];

	p->cur = SEC_SKIP;
	close = strchr(line, ']');
	if (!close) {
		perr(p, lineno, "bad section header: missing ']'");
		return;
	}
	*close = '\0';
	rest = skip_ws(close + 1);
	if (!at_comment(rest)) {
		perr(p, lineno, "bad section header: text after ']'");
		return;
	}
	kind = skip_ws(line + 1);
	rtrim(kind);
	if (!*kind) {
		perr(p, lineno, "bad section header: empty []");
		return;
	}
	name = kind + strcspn(kind, " \t");
	if (*name) {
		*name = '\0';
		name = skip_ws(name + 1);
	}

	if (strcmp(kind, "kabar") == 0) {
		if (*name) {
			perr(p, lineno, "bad section header: [kabar] takes no name");
			return;
		}
		if (p->kabar_line) {
			perr(p, lineno, "duplicate section [kabar] (first at line %d)", p->kabar_line);
			return;
		}
		p->kabar_line = lineno;
		p->cur = SEC_KABAR;
		return;
	}
	if (strcmp(kind, "source") != 0 && strcmp(kind, "output") != 0) {
		perr(p, lineno, "unknown section kind '%s' (expected kabar, source or output)",
		     echo(kind, e, sizeof(e)));
		return;
	}
	if (!*name) {
		perr(p, lineno, "missing section name in [%s NAME]", kind);
		return;
	}
	if (!name_ok(name)) {
		perr(p, lineno, "bad section name '%s' in [%s]: expected 1 to %d of A-Z a-z 0-9 . _ -",
		     echo(name, e, sizeof(e)), kind, CONF_MAX_NAME);
		return;
	}
	/* Duplicates are found after reading, by sorting. */
	if (kind[0] == 's') {
		struct kb_source *s;

		cfg->sources = grow(cfg->sources, cfg->n_sources, sizeof(*cfg->sources));
		s = &cfg->sources[cfg->n_sources];
		memset(s, 0, sizeof(*s));
		s->name = kb_strdup(name);
		s->line = lineno;
		p->cur = SEC_SOURCE;
		p->cur_idx = cfg->n_sources++;
	} else {
		struct kb_output *o;

		cfg->outputs = grow(cfg->outputs, cfg->n_outputs, sizeof(*cfg->outputs));
		o = &cfg->outputs[cfg->n_outputs];
		memset(o, 0, sizeof(*o));
		o->name = kb_strdup(name);
		o->line = lineno;
		p->cur = SEC_OUTPUT;
		p->cur_idx = cfg->n_outputs++;
	}
}

static void
key_value(struct parser *p, int lineno, char *line)
{
	char *eq, *key, *v, *q, *value = NULL;
	struct kb_buf b;
	struct kb_kv **kvp, *kv;
	size_t *np;
	char e[CONF_ECHO_MAX + 4];

	eq = strchr(line, '=');
	if (!eq) {
		perr(p, lineno, "expected [section] or key = value");
		return;
	}
	*eq = '\0';
	key = line;
	rtrim(key);
	if (!*key) {
		perr(p, lineno, "missing key before '='");
		return;
	}
	if (!key_ok(key)) {
		perr(p, lineno, "bad key '%s': expected lower-case a-z 0-9 _", echo(key, e, sizeof(e)));
		return;
	}

	v = skip_ws(eq + 1);
	if (*v == '"') {
		kb_buf_init(&b, CONF_MAX_LINE);
		for (q = v + 1; *q && *q != '"'; q++) {
			if (*q == '\\' && (q[1] == '"' || q[1] == '\\'))
				q++;
			kb_buf_addc(&b, *q);
		}
		if (*q != '"') {
			kb_buf_free(&b);
			perr(p, lineno, "unterminated quoted value for '%s'", key);
			return;
		}
		if (!at_comment(skip_ws(q + 1))) {
			kb_buf_free(&b);
			perr(p, lineno, "text after the quoted value of '%s'", key);
			return;
		}
		value = kb_strdup(kb_buf_str(&b));
		kb_buf_free(&b);
	} else {
		/* A comment starts at ';' or '#' after whitespace; q[-1] is
		 * always inside the line (at least the '='). */
		for (q = v; *q; q++) {
			if ((*q == ';' || *q == '#') && is_ws(q[-1]))
				break;
		}
		*q = '\0';
		rtrim(v);
		value = kb_strdup(v);
	}

	switch (p->cur) {
	case SEC_NONE:
		perr(p, lineno, "key '%s' outside of any section", key);
		free(value);
		return;
	case SEC_SKIP:
		free(value);
		return;
	case SEC_KABAR:
		kvp = &p->gkv;
		np = &p->n_gkv;
		break;
	case SEC_SOURCE:
		kvp = &p->cfg->sources[p->cur_idx].kv;
		np = &p->cfg->sources[p->cur_idx].n_kv;
		break;
	case SEC_OUTPUT:
	default:
		kvp = &p->cfg->outputs[p->cur_idx].kv;
		np = &p->cfg->outputs[p->cur_idx].n_kv;
		break;
	}
	*kvp = grow(*kvp, *np, sizeof(**kvp));
	kv = &(*kvp)[(*np)++];
	kv->key = kb_strdup(key);
	kv->value = value;
	kv->line = lineno;
	kv->used = 0;
}

static void
parse_line(struct parser *p, int lineno, const char *s, size_t n)
{
	char line[CONF_MAX_LINE + 1];
	char *t;
	size_t i;

	if (memchr(s, '\0', n)) {
		perr(p, lineno, "nul byte in line");
		return;
	}
	if (!kb_utf8_valid(s, n)) {
		perr(p, lineno, "line is not valid utf-8");
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			perr(p, lineno, "control character 0x%02x in line", c);
			return;
		}
	}
	memcpy(line, s, n);
	line[n] = '\0';
	t = skip_ws(line);
	rtrim(t);
	if (at_comment(t))
		return;
	if (*t == '[')
		section_header(p, lineno, t);
	else
		key_value(p, lineno, t);
}

static void
parse_text(struct parser *p, const char *text, size_t len)
{
	size_t pos = 0, end, n;
	const char *nl;
	int lineno = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len && !p->stop) {
		nl = memchr(text + pos, '\n', len - pos);
		end = nl ? (size_t)(nl - text) : len;
		n = end - pos;
		lineno++;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (n > CONF_MAX_LINE)
			perr(p, lineno, "line too long (more than %d bytes)", CONF_MAX_LINE);
		else
			parse_line(p, lineno, text + pos, n);
		pos = end + 1;
	}
}

/* --- duplicates --- */

struct named {
	const char *name;
	int line;
	size_t idx;
};

static int
named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Sort names and mark (in dup, n bytes) every entry that repeats an
 * earlier one; first[i] gets the line of the first. Returns the number of
 * duplicates. */
static size_t
find_dups(struct named *v, size_t n, char *dup, int *first)
{
	size_t i, run = 0, count = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), named_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(v[i].name, v[run].name) != 0) {
			run = i;
			continue;
		}
		dup[v[i].idx] = 1;
		first[v[i].idx] = v[run].line;
		count++;
	}
	return count;
}

/* Report and drop repeated keys of a section (the first one stays). */
static void
dedup_kv(struct parser *p, struct kb_kv *kv, size_t *np, const char *where)
{
	size_t i, j, n = *np;
	struct named *v;
	char *dup;
	int *first;

	if (n < 2)
		return;
	v = kb_calloc(n, sizeof(*v));
	dup = kb_calloc(n, 1);
	first = kb_calloc(n, sizeof(*first));
	for (i = 0; i < n; i++) {
		v[i].name = kv[i].key;
		v[i].line = kv[i].line;
		v[i].idx = i;
	}
	if (find_dups(v, n, dup, first) > 0) {
		for (i = 0, j = 0; i < n; i++) {
			if (dup[i]) {
				perr(p, kv[i].line, "duplicate key '%s' in %s (first at line %d)", kv[i].key, where,
				     first[i]);
				free(kv[i].key);
				free(kv[i].value);
				continue;
			}
			kv[j++] = kv[i];
		}
		*np = j;
	}
	free(v);
	free(dup);
	free(first);
}

static void
dedup_sections(struct parser *p)
{
	struct kb_config *cfg = p->cfg;
	size_t i, j, n;
	struct named *v;
	char *dup;
	int *first;

	n = cfg->n_sources > cfg->n_outputs ? cfg->n_sources : cfg->n_outputs;
	if (n < 2)
		return;
	v = kb_calloc(n, sizeof(*v));
	dup = kb_calloc(n, 1);
	first = kb_calloc(n, sizeof(*first));

	for (i = 0; i < cfg->n_sources; i++) {
		v[i].name = cfg->sources[i].name;
		v[i].line = cfg->sources[i].line;
		v[i].idx = i;
	}
	if (find_dups(v, cfg->n_sources, dup, first) > 0) {
		for (i = 0, j = 0; i < cfg->n_sources; i++) {
			if (dup[i]) {
				perr(p, cfg->sources[i].line, "duplicate section [source %s] (first at line %d)",
				     cfg->sources[i].name, first[i]);
				free_source(&cfg->sources[i]);
				continue;
			}
			cfg->sources[j++] = cfg->sources[i];
		}
		cfg->n_sources = j;
	}

	memset(dup, 0, n);
	for (i = 0; i < cfg->n_outputs; i++) {
		v[i].name = cfg->outputs[i].name;
		v[i].line = cfg->outputs[i].line;
		v[i].idx = i;
	}
	if (find_dups(v, cfg->n_outputs, dup, first) > 0) {
		for (i = 0, j = 0; i < cfg->n_outputs; i++) {
			if (dup[i]) {
				perr(p, cfg->outputs[i].line, "duplicate section [output %s] (first at line %d)",
				     cfg->outputs[i].name, first[i]);
				free_output(&cfg->outputs[i]);
				continue;
			}
			cfg->outputs[j++] = cfg->outputs[i];
		}
		cfg->n_outputs = j;
	}
	free(v);
	free(dup);
	free(first);
}

/* --- pass 2: values --- */

/* "30d", "1h", "90s", "250ms" for a range in a message. */
static void
fmt_ms(int64_t ms, char *buf, size_t size)
{
	static const struct {
		int64_t ms;
		const char *unit;
	} units[] = {
		{ 7 * 86400000LL, "w" }, { 86400000LL, "d" }, { 3600000LL, "h" }, { 60000LL, "m" }, { 1000LL, "s" },
	};
	size_t i;

	for (i = 0; i < KB_ARRAY_LEN(units); i++) {
		if (ms != 0 && ms % units[i].ms == 0) {
			snprintf(buf, size, "%lld%s", (long long)(ms / units[i].ms), units[i].unit);
			return;
		}
	}
	snprintf(buf, size, "%lld%s", (long long)ms, ms ? "ms" : "");
}

static void
fmt_size(uint64_t n, char *buf, size_t size)
{
	if (n != 0 && n % (1024ULL * 1024 * 1024) == 0)
		snprintf(buf, size, "%lluG", (unsigned long long)(n >> 30));
	else if (n != 0 && n % (1024ULL * 1024) == 0)
		snprintf(buf, size, "%lluM", (unsigned long long)(n >> 20));
	else if (n != 0 && n % 1024 == 0)
		snprintf(buf, size, "%lluK", (unsigned long long)(n >> 10));
	else
		snprintf(buf, size, "%llu", (unsigned long long)n);
}

static void
bad_value(struct parser *p, const struct kb_kv *kv, const char *where, const char *expected)
{
	char e[CONF_ECHO_MAX + 4];

	perr(p, kv->line, "bad %s '%s' in %s: expected %s", kv->key, echo(kv->value, e, sizeof(e)), where, expected);
}

static int
val_int(struct parser *p, struct kb_kv *kv, const char *where, long min, long max, long *out)
{
	long long v;
	char what[96];

	kv->used = 1;
	if (kb_parse_int(kv->value, min, max, &v) != 0) {
		snprintf(what, sizeof(what), "an integer from %ld to %ld", min, max);
		bad_value(p, kv, where, what);
		return -1;
	}
	*out = (long)v;
	return 0;
}

static int
val_bool(struct parser *p, struct kb_kv *kv, const char *where, int *out)
{
	kv->used = 1;
	if (kb_parse_bool(kv->value, out) != 0) {
		bad_value(p, kv, where, "yes or no");
		return -1;
	}
	return 0;
}

/* A duration in milliseconds (ms: "250ms" and "1.5s" allowed) or in
 * seconds, within [min, max] (milliseconds). */
static int
val_duration(struct parser *p, struct kb_kv *kv, const char *where, int ms, int64_t min, int64_t max, int64_t *out)
{
	int64_t v, v_ms;
	char what[128], lo[32], hi[32];
	int r;

	kv->used = 1;
	if (ms) {
		r = kb_parse_duration_ms(kv->value, &v);
		v_ms = v;
	} else {
		r = kb_parse_duration(kv->value, &v);
		v_ms = (r == 0 && v <= INT64_MAX / 1000) ? v * 1000 : INT64_MAX;
	}
	if (r != 0 || v_ms < min || v_ms > max) {
		fmt_ms(min, lo, sizeof(lo));
		fmt_ms(max, hi, sizeof(hi));
		snprintf(what, sizeof(what), "a duration from %s to %s (like %s)", lo, hi,
			 ms ? "500ms, 30s, 2m" : "90s, 30m, 2h, 1d");
		bad_value(p, kv, where, what);
		return -1;
	}
	*out = v;
	return 0;
}

static int
val_size(struct parser *p, struct kb_kv *kv, const char *where, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	char what[128], lo[32], hi[32];

	kv->used = 1;
	if (kb_parse_size(kv->value, &v) != 0 || v < min || v > max) {
		fmt_size(min, lo, sizeof(lo));
		fmt_size(max, hi, sizeof(hi));
		snprintf(what, sizeof(what), "a size from %s to %s (like 512K, 16M)", lo, hi);
		bad_value(p, kv, where, what);
		return -1;
	}
	*out = v;
	return 0;
}

/* A non-empty string; replaces *out. */
static int
val_string(struct parser *p, struct kb_kv *kv, const char *where, char **out)
{
	kv->used = 1;
	if (!kv->value[0]) {
		perr(p, kv->line, "empty %s in %s", kv->key, where);
		return -1;
	}
	free(*out);
	*out = kb_strdup(kv->value);
	return 0;
}

static int
val_path(struct parser *p, struct kb_kv *kv, const char *where, char **out)
{
	kv->used = 1;
	if (!kv->value[0]) {
		perr(p, kv->line, "empty %s in %s: expected a path", kv->key, where);
		return -1;
	}
	free(*out);
	*out = kb_path_resolve(p->cfg->dir, kv->value);
	return 0;
}

static const char *
kv_get(const struct kb_kv *kv, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].value;
	}
	return NULL;
}

/* Split a comma-separated list: items trimmed, empty ones dropped. */
static void
split_list(const char *s, char ***out, size_t *n)
{
	const char *a, *b, *c;

	free_list(*out, *n);
	*out = NULL;
	*n = 0;
	for (a = s; *a;) {
		c = strchr(a, ',');
		if (!c)
			c = a + strlen(a);
		b = c;
		while (a < b && is_ws(*a))
			a++;
		while (b > a && is_ws(b[-1]))
			b--;
		if (b > a) {
			*out = grow(*out, *n, sizeof(**out));
			(*out)[(*n)++] = kb_strndup(a, (size_t)(b - a));
		}
		a = *c ? c + 1 : c;
	}
}

#define MS_S   1000LL
#define MS_M   (60 * MS_S)
#define MS_H   (60 * MS_M)
#define MS_D   (24 * MS_H)
#define SIZE_K 1024ULL
#define SIZE_M (1024 * SIZE_K)
#define SIZE_G (1024 * SIZE_M)

static void
check_globals(struct parser *p)
{
	struct kb_config *cfg = p->cfg;
	const char *where = "[kabar]";
	struct kb_kv *kv, *inflight = NULL;
	size_t i;

	dedup_kv(p, p->gkv, &p->n_gkv, where);
	for (i = 0; i < p->n_gkv; i++) {
		kv = &p->gkv[i];
		if (strcmp(kv->key, "database") == 0) {
			val_path(p, kv, where, &cfg->database);
		} else if (strcmp(kv->key, "lock") == 0) {
			val_path(p, kv, where, &cfg->lock_file);
		} else if (strcmp(kv->key, "plugin_dir") == 0) {
			val_path(p, kv, where, &cfg->plugin_dir);
		} else if (strcmp(kv->key, "data_dir") == 0) {
			val_path(p, kv, where, &cfg->data_dir);
		} else if (strcmp(kv->key, "lexicon") == 0) {
			val_path(p, kv, where, &cfg->lexicon);
		} else if (strcmp(kv->key, "user_agent") == 0) {
			val_string(p, kv, where, &cfg->user_agent);
		} else if (strcmp(kv->key, "max_requests") == 0) {
			val_int(p, kv, where, 1, 10000, &cfg->max_requests);
		} else if (strcmp(kv->key, "per_host") == 0) {
			val_int(p, kv, where, 1, 64, &cfg->per_host);
		} else if (strcmp(kv->key, "host_delay") == 0) {
			val_duration(p, kv, where, 1, 0, MS_H, &cfg->host_delay_ms);
		} else if (strcmp(kv->key, "timeout") == 0) {
			val_duration(p, kv, where, 1, 100, MS_H, &cfg->timeout_ms);
		} else if (strcmp(kv->key, "connect_timeout") == 0) {
			val_duration(p, kv, where, 1, 100, MS_H, &cfg->connect_timeout_ms);
		} else if (strcmp(kv->key, "max_body_size") == 0) {
			val_size(p, kv, where, SIZE_K, SIZE_G, &cfg->max_body);
		} else if (strcmp(kv->key, "max_inflight_bytes") == 0) {
			if (val_size(p, kv, where, SIZE_M, 64 * SIZE_G, &cfg->max_inflight_bytes) == 0)
				inflight = kv;
		} else if (strcmp(kv->key, "max_backoff") == 0) {
			val_duration(p, kv, where, 0, MS_M, 30 * MS_D, &cfg->max_backoff);
		} else if (strcmp(kv->key, "isolation") == 0) {
			kv->used = 1;
			if (strcmp(kv->value, "inprocess") == 0 || strcmp(kv->value, "fork") == 0) {
				free(cfg->isolation);
				cfg->isolation = kb_strdup(kv->value);
			} else {
				bad_value(p, kv, where, "inprocess or fork");
			}
		} else {
			perr(p, kv->line, "unknown key '%s' in [kabar]", kv->key);
		}
	}
	if (inflight && cfg->max_inflight_bytes < cfg->max_body)
		perr(p, inflight->line, "max_inflight_bytes in [kabar] is less than max_body_size");
	if (!cfg->database)
		cfg->database = kb_path_resolve(cfg->dir, "kabar.db");
	if (!cfg->lock_file)
		cfg->lock_file = kb_asprintf("%s.lock", cfg->database);
}

/* The KB_TOPIC_* bit of a topic's name, or 0. */
static unsigned
topic_bit(const char *name)
{
	static const char *const names[] = KB_TOPIC_NAMES;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return 1u << i;
	return 0;
}

static void
check_source(struct parser *p, struct kb_source *src)
{
	struct kb_config *cfg = p->cfg;
	struct kb_kv *kv, *url_kv = NULL;
	char *where = kb_asprintf("[source %s]", src->name);
	char e[CONF_ECHO_MAX + 4];
	size_t i;

	src->interval = 1800;
	src->enabled = 1;
	src->allow_file = 0;
	src->allow_private = 0;
	src->timeout_ms = cfg->timeout_ms;
	src->connect_timeout_ms = cfg->connect_timeout_ms;
	src->max_body = cfg->max_body;
	src->max_items = 1000;
	src->max_follows = 200;

	dedup_kv(p, src->kv, &src->n_kv, where);
	for (i = 0; i < src->n_kv; i++) {
		kv = &src->kv[i];
		if (strcmp(kv->key, "plugin") == 0) {
			kv->used = 1;
			if (!kv->value[0] || kv->value[0] == '-' ||
			    kv->value[strspn(kv->value, "abcdefghijklmnopqrstuvwxyz0123456789_-")]) {
				bad_value(p, kv, where, "a plugin name of a-z 0-9 _ -");
			} else {
				free(src->plugin);
				src->plugin = kb_strdup(kv->value);
			}
		} else if (strcmp(kv->key, "url") == 0) {
			kv->used = 1;
			/* "file:PATH" with a relative or absolute path (not
			 * "file://"): the path is resolved against the config
			 * file's directory, like every other path. */
			if (kb_strncasecmp(kv->value, "file:", 5) == 0 && strncmp(kv->value + 5, "//", 2) != 0 &&
			    kv->value[5] != '\0') {
				char *abs = kb_path_resolve(p->cfg->dir, kv->value + 5);

				free(kv->value);
				kv->value = kb_asprintf("file://%s", abs);
				free(abs);
			}
			if (url_kind(kv->value) == URL_BAD) {
				bad_value(p, kv, where, "an absolute http, https or file url");
			} else {
				free(src->url);
				src->url = kb_strdup(kv->value);
				url_kv = kv;
			}
		} else if (strcmp(kv->key, "region") == 0) {
			kv->used = 1;
			if (!region_ok(kv->value)) {
				bad_value(p, kv, where, "a region code like 35 or 35.78");
			} else {
				free(src->region);
				src->region = kb_strdup(kv->value);
			}
		} else if (strcmp(kv->key, "timezone") == 0) {
			kv->used = 1;
			if (!kv->value[0] || !kb_tz_valid(kv->value)) {
				perr(p, kv->line, "unknown timezone '%s' in %s", echo(kv->value, e, sizeof(e)), where);
			} else {
				free(src->timezone);
				src->timezone = kb_strdup(kv->value);
			}
		} else if (strcmp(kv->key, "interval") == 0) {
			val_duration(p, kv, where, 0, 10 * MS_S, 30 * MS_D, &src->interval);
		} else if (strcmp(kv->key, "tags") == 0) {
			kv->used = 1;
			split_list(kv->value, &src->tags, &src->n_tags);
		} else if (strcmp(kv->key, "enabled") == 0) {
			val_bool(p, kv, where, &src->enabled);
		} else if (strcmp(kv->key, "allow_file") == 0) {
			val_bool(p, kv, where, &src->allow_file);
		} else if (strcmp(kv->key, "allow_private") == 0) {
			val_bool(p, kv, where, &src->allow_private);
		} else if (strcmp(kv->key, "robots") == 0) {
			kv->used = 1;
			if (strcmp(kv->value, "obey") == 0)
				src->robots_ignore = 0;
			else if (strcmp(kv->value, "ignore") == 0)
				src->robots_ignore = 1;
			else
				bad_value(p, kv, where, "obey or ignore");
		} else if (strcmp(kv->key, "fulltext") == 0) {
			val_bool(p, kv, where, &src->fulltext);
		} else if (strcmp(kv->key, "timeout") == 0) {
			val_duration(p, kv, where, 1, 100, MS_H, &src->timeout_ms);
		} else if (strcmp(kv->key, "connect_timeout") == 0) {
			val_duration(p, kv, where, 1, 100, MS_H, &src->connect_timeout_ms);
		} else if (strcmp(kv->key, "max_body_size") == 0) {
			if (val_size(p, kv, where, SIZE_K, SIZE_G, &src->max_body) == 0 &&
			    src->max_body > cfg->max_inflight_bytes)
				perr(p, kv->line, "max_body_size in %s is more than max_inflight_bytes", where);
		} else if (strcmp(kv->key, "max_items") == 0) {
			val_int(p, kv, where, 1, 100000, &src->max_items);
		} else if (strcmp(kv->key, "max_follows") == 0) {
			val_int(p, kv, where, 0, 100000, &src->max_follows);
		}
		/* Other keys belong to the plugin: kb_config_check_plugin_keys. */
	}
	if (!kb_source_get(src, "plugin"))
		perr(p, src->line, "missing required key 'plugin' in %s", where);
	if (url_kv && url_kind(url_kv->value) == URL_FILE && !src->allow_file)
		perr(p, url_kv->line, "file url '%s' in %s needs allow_file = yes", echo(url_kv->value, e, sizeof(e)),
		     where);
	if (!src->timezone)
		src->timezone = kb_strdup(kb_region_timezone(src->region));
	free(where);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* prefer = RULE, ...: source names and host suffixes (".go.id") in
 * order, optionally ending with "earliest" or "latest". */
static void
check_prefer(struct parser *p, struct kb_kv *kv, struct kb_output *out, const char *where)
{
	char **v = NULL;
	size_t n = 0, i, kept = 0;
	int latest = 0, ok;

	split_list(kv->value, &v, &n);
	ok = n > 0;
	for (i = 0; i < n && ok; i++) {
		const char *r = v[i];

		if (strcmp(r, "earliest") == 0 || strcmp(r, "latest") == 0)
			/* The order of time breaks the remaining ties: last. */
			ok = i + 1 == n;
		else if (r[0] == '.')
			ok = r[1] != '\0' && strpbrk(r, "/:@?#") == NULL;
		else
			ok = name_ok(r);
	}
	if (!ok) {
		free_list(v, n);
		bad_value(p, kv, where,
			  "source names and host suffixes such as .go.id, comma-separated, then earliest or latest");
		return;
	}
	if (strcmp(v[n - 1], "earliest") == 0 || strcmp(v[n - 1], "latest") == 0) {
		latest = strcmp(v[n - 1], "latest") == 0;
		free(v[n - 1]);
		kept = n - 1;
	} else {
		kept = n;
	}
	free_list(out->prefer, out->n_prefer);
	out->prefer = v;
	out->n_prefer = kept;
	out->prefer_latest = latest;
}

static void
check_output(struct parser *p, struct kb_output *out, const char *const *names, size_t n_names)
{
	struct kb_kv *kv, *sources_kv = NULL;
	char *where = kb_asprintf("[output %s]", out->name);
	char e[CONF_ECHO_MAX + 4];
	size_t i, r;

	out->max_items = 100;
	out->merge = 1;
	out->prefer = kb_calloc(1, sizeof(*out->prefer));
	out->prefer[0] = kb_strdup(".go.id");
	out->n_prefer = 1;
	out->max_age = 0;

	dedup_kv(p, out->kv, &out->n_kv, where);
	for (i = 0; i < out->n_kv; i++) {
		kv = &out->kv[i];
		if (strcmp(kv->key, "format") == 0) {
			kv->used = 1;
			if (strcmp(kv->value, "rss") == 0 || strcmp(kv->value, "atom") == 0 ||
			    strcmp(kv->value, "json") == 0 || strcmp(kv->value, "ics") == 0 ||
			    strcmp(kv->value, "html") == 0) {
				free(out->format);
				out->format = kb_strdup(kv->value);
			} else {
				bad_value(p, kv, where, "rss, atom, json, ics or html");
			}
		} else if (strcmp(kv->key, "path") == 0) {
			val_path(p, kv, where, &out->path);
		} else if (strcmp(kv->key, "url") == 0) {
			kv->used = 1;
			if (url_kind(kv->value) != URL_HTTP) {
				bad_value(p, kv, where, "an absolute http or https url");
			} else {
				free(out->url);
				out->url = kb_strdup(kv->value);
			}
		} else if (strcmp(kv->key, "link") == 0) {
			kv->used = 1;
			if (url_kind(kv->value) != URL_HTTP) {
				bad_value(p, kv, where, "an absolute http or https url");
			} else {
				free(out->link);
				out->link = kb_strdup(kv->value);
			}
		} else if (strcmp(kv->key, "tags") == 0) {
			kv->used = 1;
			free_list(out->tags, out->n_tags);
			out->tags = NULL;
			out->n_tags = 0;
			split_list(kv->value, &out->tags, &out->n_tags);
			if (out->n_tags == 0)
				bad_value(p, kv, where, "a comma-separated list of tags");
		} else if (strcmp(kv->key, "title") == 0) {
			kv->used = 1;
			free(out->title);
			out->title = kb_strdup(kv->value);
		} else if (strcmp(kv->key, "description") == 0) {
			kv->used = 1;
			free(out->description);
			out->description = kb_strdup(kv->value);
		} else if (strcmp(kv->key, "sources") == 0) {
			kv->used = 1;
			split_list(kv->value, &out->sources, &out->n_sources);
			if (out->n_sources == 0)
				bad_value(p, kv, where, "source names or *");
			else
				sources_kv = kv;
		} else if (strcmp(kv->key, "max_items") == 0) {
			val_int(p, kv, where, 1, 100000, &out->max_items);
		} else if (strcmp(kv->key, "max_days") == 0) {
			long days = 0;

			if (val_int(p, kv, where, 0, 3650, &days) == 0)
				out->max_age = (int64_t)days * 86400;
		} else if (strcmp(kv->key, "min_score") == 0) {
			char *end = NULL;
			double v;

			kv->used = 1;
			v = strtod(kv->value, &end);
			if (!end || *end != '\0' || end == kv->value || !(v >= 0 && v <= 1))
				bad_value(p, kv, where, "a number from 0 to 1");
			else
				out->min_score = v;
		} else if (strcmp(kv->key, "regions") == 0) {
			kv->used = 1;
			free_list(out->regions, out->n_regions);
			out->regions = NULL;
			out->n_regions = 0;
			split_list(kv->value, &out->regions, &out->n_regions);
			for (r = 0; r < out->n_regions; r++)
				if (!region_ok(out->regions[r]))
					break;
			if (out->n_regions == 0 || r < out->n_regions)
				bad_value(p, kv, where, "gazetteer codes such as 35 or 35.76, comma-separated");
		} else if (strcmp(kv->key, "topics") == 0) {
			char **tnames = NULL;
			size_t n = 0, j;

			kv->used = 1;
			split_list(kv->value, &tnames, &n);
			out->topics = 0;
			for (j = 0; j < n; j++) {
				unsigned bit = topic_bit(tnames[j]);

				if (!bit)
					break;
				out->topics |= bit;
			}
			if (n == 0 || j < n)
				bad_value(p, kv, where,
					  "topics among event, export, training, financing, policy, award");
			free_list(tnames, n);
		} else if (strcmp(kv->key, "events_only") == 0) {
			val_bool(p, kv, where, &out->events_only);
		} else if (strcmp(kv->key, "merge_duplicates") == 0) {
			val_bool(p, kv, where, &out->merge);
		} else if (strcmp(kv->key, "prefer") == 0) {
			kv->used = 1;
			check_prefer(p, kv, out, where);
		} else {
			perr(p, kv->line, "unknown key '%s' in %s", kv->key, where);
		}
	}
	if (!kv_get(out->kv, out->n_kv, "format"))
		perr(p, out->line, "missing required key 'format' in %s", where);
	if (!kv_get(out->kv, out->n_kv, "path"))
		perr(p, out->line, "missing required key 'path' in %s", where);
	if (sources_kv) {
		/* A plain name must be a source; a glob must match one. */
		for (i = 0; i < out->n_sources; i++) {
			const char *pat = out->sources[i];
			size_t j;

			if (strpbrk(pat, "*?[")) {
				for (j = 0; j < n_names; j++)
					if (fnmatch(pat, names[j], 0) == 0)
						break;
				if (j == n_names && strcmp(pat, "*") != 0)
					perr(p, sources_kv->line, "pattern '%s' in sources of %s matches no source",
					     echo(pat, e, sizeof(e)), where);
			} else if (!bsearch(&out->sources[i], names, n_names, sizeof(*names), str_cmp)) {
				perr(p, sources_kv->line, "unknown source '%s' in sources of %s",
				     echo(pat, e, sizeof(e)), where);
			}
		}
	} else {
		free_list(out->sources, out->n_sources);
		out->sources = kb_malloc(sizeof(*out->sources));
		out->sources[0] = kb_strdup("*");
		out->n_sources = 1;
	}
	/* A source named in prefer must exist (a host suffix need not). */
	for (i = 0; i < out->n_prefer; i++) {
		int line = out->line;
		size_t j;

		if (out->prefer[i][0] == '.' || bsearch(&out->prefer[i], names, n_names, sizeof(*names), str_cmp))
			continue;
		for (j = 0; j < out->n_kv; j++)
			if (strcmp(out->kv[j].key, "prefer") == 0)
				line = out->kv[j].line;
		perr(p, line, "unknown source '%s' in prefer of %s", echo(out->prefer[i], e, sizeof(e)), where);
	}
	free(where);
}

/* Two outputs must not write the same file. */
static void
check_output_paths(struct parser *p)
{
	struct kb_config *cfg = p->cfg;
	struct named *v;
	size_t i, n = 0;
	char *dup;
	int *first;

	if (cfg->n_outputs < 2)
		return;
	v = kb_calloc(cfg->n_outputs, sizeof(*v));
	dup = kb_calloc(cfg->n_outputs, 1);
	first = kb_calloc(cfg->n_outputs, sizeof(*first));
	for (i = 0; i < cfg->n_outputs; i++) {
		if (!cfg->outputs[i].path)
			continue;
		v[n].name = cfg->outputs[i].path;
		v[n].line = cfg->outputs[i].line;
		v[n].idx = i;
		n++;
	}
	find_dups(v, n, dup, first);
	for (i = 0; i < cfg->n_outputs; i++) {
		if (dup[i])
			perr(p, cfg->outputs[i].line, "path of [output %s] is also the path of the output at line %d",
			     cfg->outputs[i].name, first[i]);
	}
	free(v);
	free(dup);
	free(first);
}

static void
check_all(struct parser *p)
{
	struct kb_config *cfg = p->cfg;
	const char **names;
	size_t i;

	dedup_sections(p);
	check_globals(p);
	for (i = 0; i < cfg->n_sources; i++)
		check_source(p, &cfg->sources[i]);
	names = kb_calloc(cfg->n_sources ? cfg->n_sources : 1, sizeof(*names));
	for (i = 0; i < cfg->n_sources; i++)
		names[i] = cfg->sources[i].name;
	if (cfg->n_sources > 1)
		qsort(names, cfg->n_sources, sizeof(*names), str_cmp);
	for (i = 0; i < cfg->n_outputs; i++)
		check_output(p, &cfg->outputs[i], names, cfg->n_sources);
	free(names);
	check_output_paths(p);
}

/* --- loading --- */

static struct kb_config *
config_new(const char *path)
{
	struct kb_config *cfg = kb_calloc(1, sizeof(*cfg));

	cfg->path = kb_strdup(path);
	cfg->dir = config_dir(path);
	cfg->max_requests = 64;
	cfg->per_host = 2;
	cfg->host_delay_ms = 1000;
	cfg->timeout_ms = 30000;
	cfg->connect_timeout_ms = 10000;
	cfg->max_body = 16 * SIZE_M;
	cfg->max_inflight_bytes = 256 * SIZE_M;
	cfg->max_backoff = 86400;
	cfg->isolation = kb_strdup("inprocess");
	return cfg;
}

int
kb_config_load_string(const char *text, size_t len, const char *path, struct kb_config **out, struct kb_diag *diag)
{
	struct parser p;
	int ret = -1;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.path = path ? path : "kabar.conf";
	p.cfg = config_new(p.path);
	if (len > CONF_MAX_FILE) {
		perr(&p, 0, "config file too large (more than %d bytes)", CONF_MAX_FILE);
		goto done;
	}
	parse_text(&p, text ? text : "", text ? len : 0);
	if (!p.stop)
		check_all(&p);
	if (p.n_msgs == 0 && !p.stop) {
		*out = p.cfg;
		p.cfg = NULL;
		ret = 0;
	}
done:
	flush_msgs(&p, diag);
	free_kv(p.gkv, p.n_gkv);
	kb_config_free(p.cfg);
	return ret;
}

int
kb_config_load(const char *path, struct kb_config **out, struct kb_diag *diag)
{
	struct kb_buf b;
	char chunk[65536];
	ssize_t n;
	int fd, ret = -1;

	*out = NULL;
	kb_buf_init(&b, CONF_MAX_FILE);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		kb_diag_add(diag, "%s: cannot open config file: %s", path, strerror(errno));
		goto done;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			kb_diag_add(diag, "%s: cannot read config file: %s", path, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		if (kb_buf_add(&b, chunk, (size_t)n) != 0) {
			kb_diag_add(diag, "%s: config file too large (more than %d bytes)", path, CONF_MAX_FILE);
			goto done;
		}
	}
	ret = kb_config_load_string(b.data ? b.data : "", b.len, path, out, diag);
done:
	if (fd >= 0)
		close(fd);
	kb_buf_free(&b);
	return ret;
}

/* --- lookups --- */

const char *
kb_source_get(const struct kb_source *src, const char *key)
{
	if (!src || !key)
		return NULL;
	return kv_get(src->kv, src->n_kv, key);
}

const struct kb_source *
kb_config_source(const struct kb_config *cfg, const char *name)
{
	size_t i;

	if (!cfg || !name)
		return NULL;
	for (i = 0; i < cfg->n_sources; i++) {
		if (strcmp(cfg->sources[i].name, name) == 0)
			return &cfg->sources[i];
	}
	return NULL;
}

const struct kb_output *
kb_config_output(const struct kb_config *cfg, const char *name)
{
	size_t i;

	if (!cfg || !name)
		return NULL;
	for (i = 0; i < cfg->n_outputs; i++) {
		if (strcmp(cfg->outputs[i].name, name) == 0)
			return &cfg->outputs[i];
	}
	return NULL;
}

/* --- plugin keys --- */

static int
is_core_source_key(const char *key)
{
	size_t i;

	for (i = 0; i < KB_ARRAY_LEN(source_core_keys); i++) {
		if (strcmp(source_core_keys[i], key) == 0)
			return 1;
	}
	return 0;
}

/* Copy entry of a plugin's option table into *o (the part the plugin
 * declared; the rest zero). Returns the entry's size, 0 at the end, or
 * -1 for an entry too small to hold a name and type. */
static long
read_option(const unsigned char *entry, struct kabar_option *o)
{
	size_t size;

	memcpy(&size, entry, sizeof(size));
	if (size == 0)
		return 0;
	if (size < offsetof(struct kabar_option, type) + sizeof(o->type) || size > 4096)
		return -1;
	memset(o, 0, sizeof(*o));
	memcpy(o, entry, size < sizeof(*o) ? size : sizeof(*o));
	return (long)size;
}

static const char *
type_expected(enum kabar_option_type t)
{
	switch (t) {
	case KABAR_OPT_INT:
		return "an integer";
	case KABAR_OPT_BOOL:
		return "yes or no";
	case KABAR_OPT_URL:
		return "an absolute http or https url";
	case KABAR_OPT_DURATION:
		return "a duration (like 90s, 30m, 2h)";
	case KABAR_OPT_XPATH:
		return "an xpath expression";
	case KABAR_OPT_STRING:
	default:
		return "a string";
	}
}

static void
quiet_xml_error(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Whether an XPath expression compiles, with the prefixes the host binds
 * (xmlXPathCompile knows no namespaces: an expression with an unbound
 * prefix still compiles, and fails only when run). */
static int
xpath_compiles(const char *v)
{
	xmlXPathCompExprPtr c;
	xmlGenericErrorFunc saved = xmlGenericError;
	void *saved_ctx = xmlGenericErrorContext;

	/* libxml2 prints compile errors on stderr: kabar reports its own. */
	xmlSetGenericErrorFunc(NULL, quiet_xml_error);
	c = xmlXPathCompile((const xmlChar *)v);
	xmlSetGenericErrorFunc(saved_ctx, saved);
	if (!c)
		return 0;
	xmlXPathFreeCompExpr(c);
	return 1;
}

static int
type_ok(enum kabar_option_type t, const char *v)
{
	long long i;
	int64_t d;
	int b;

	switch (t) {
	case KABAR_OPT_INT:
		return kb_parse_int(v, LLONG_MIN, LLONG_MAX, &i) == 0;
	case KABAR_OPT_BOOL:
		return kb_parse_bool(v, &b) == 0;
	case KABAR_OPT_URL:
		return url_kind(v) == URL_HTTP;
	case KABAR_OPT_DURATION:
		return kb_parse_duration(v, &d) == 0;
	case KABAR_OPT_XPATH:
		return v[0] != '\0' && xpath_compiles(v);
	case KABAR_OPT_STRING:
	default:
		return 1;
	}
}

int
kb_config_check_plugin_keys(const struct kb_config *cfg, const struct kb_source *src, const struct kabar_option *opts,
			    const char *plugin_name, struct kb_diag *diag)
{
	const char *file = cfg && cfg->path ? cfg->path : "kabar.conf";
	const unsigned char *entry;
	struct kabar_option o;
	char e[CONF_ECHO_MAX + 4];
	size_t i, k;
	int problems = 0, found;
	long size;

	if (!src)
		return 0;
	if (!plugin_name)
		plugin_name = src->plugin ? src->plugin : "?";

	/* Declared options: required ones must be set. */
	entry = (const unsigned char *)opts;
	for (k = 0; entry && k < CONF_MAX_OPTIONS; k++) {
		size = read_option(entry, &o);
		if (size == 0)
			break;
		if (size < 0 || !o.name) {
			kb_diag_add(diag, "%s:%d: bad option table of plugin '%s' (entry %zu)", file, src->line,
				    plugin_name, k);
			return problems + 1;
		}
		if (o.required && !kb_source_get(src, o.name)) {
			kb_diag_add(diag, "%s:%d: missing required key '%s' for plugin '%s' in source '%s'", file,
				    src->line, o.name, plugin_name, src->name);
			problems++;
		}
		entry += size;
	}

	/* Every key of the section: core, or declared and of the right type. */
	for (i = 0; i < src->n_kv; i++) {
		struct kb_kv *kv = &src->kv[i];

		if (is_core_source_key(kv->key))
			continue; /* checked by the core */
		found = 0;
		entry = (const unsigned char *)opts;
		for (k = 0; entry && k < CONF_MAX_OPTIONS; k++) {
			size = read_option(entry, &o);
			if (size <= 0 || !o.name)
				break;
			if (strcmp(o.name, kv->key) == 0) {
				found = 1;
				break;
			}
			entry += size;
		}
		if (!found) {
			kb_diag_add(diag, "%s:%d: unknown key '%s' for plugin '%s' in source '%s'", file, kv->line,
				    kv->key, plugin_name, src->name);
			problems++;
			continue;
		}
		kv->used = 1;
		if (!type_ok(o.type, kv->value)) {
			kb_diag_add(diag, "%s:%d: bad %s '%s' for plugin '%s' in source '%s': expected %s", file,
				    kv->line, kv->key, echo(kv->value, e, sizeof(e)), plugin_name, src->name,
				    type_expected(o.type));
			problems++;
		}
	}
	return problems;
}

int
kb_output_wants(const struct kb_output *out, const struct kb_source *src)
{
	size_t i, j;
	int named = 0;

	for (i = 0; i < out->n_sources; i++) {
		if (fnmatch(out->sources[i], src->name, 0) == 0) {
			named = 1;
			break;
		}
	}
	if (!named)
		return 0;
	if (out->n_tags == 0)
		return 1;
	for (i = 0; i < out->n_tags; i++)
		for (j = 0; j < src->n_tags; j++)
			if (strcmp(out->tags[i], src->tags[j]) == 0)
				return 1;
	return 0;
}
