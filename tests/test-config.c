/* test-config.c: the config file reader (src/config.c). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kabar/plugin.h"
#include "../src/config.h" /* not the autotools config.h of the build dir */
#include "util.h"
#include "tap.h"

static char tmpdir[PATH_MAX];	 /* realpath of the test's directory */
static char conf[PATH_MAX + 16]; /* tmpdir/kabar.conf */

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len) {
		fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
		exit(2);
	}
	fclose(f);
}

/* Load text as tmpdir/kabar.conf through kb_config_load_string. */
static int
load(const char *text, struct kb_config **cfg, struct kb_diag *d)
{
	return kb_config_load_string(text, strlen(text), conf, cfg, d);
}

/* Index of the message "CONF:LINE: msg", or -1. */
static int
find_msg(const struct kb_diag *d, int line, const char *msg)
{
	char want[PATH_MAX + 1100];
	size_t i;

	if (line > 0)
		snprintf(want, sizeof(want), "%s:%d: %s", conf, line, msg);
	else
		snprintf(want, sizeof(want), "%s: %s", conf, msg);
	for (i = 0; i < d->n; i++) {
		if (strcmp(d->msgs[i], want) == 0)
			return (int)i;
	}
	return -1;
}

static void
has_msg(const struct kb_diag *d, int line, const char *msg)
{
	size_t i;

	if (!ok(find_msg(d, line, msg) >= 0, "error at line %d: %s", line, msg)) {
		for (i = 0; i < d->n; i++)
			diag("  have: %s", d->msgs[i]);
	}
}

/* Load a config that must fail with exactly one message. */
static void
one_error(const char *text, int line, const char *msg)
{
	struct kb_config *cfg = NULL;
	struct kb_diag d = { 0 };
	int r = load(text, &cfg, &d);

	ok(r == -1 && cfg == NULL && d.n == 1 && find_msg(&d, line, msg) == 0, "only error at line %d: %s", line, msg);
	if (d.n != 1 || find_msg(&d, line, msg) != 0) {
		size_t i;

		for (i = 0; i < d.n; i++)
			diag("  have: %s", d.msgs[i]);
	}
	kb_diag_free(&d);
	kb_config_free(cfg);
}

/* Load a config that must be valid. */
static struct kb_config *
good(const char *text, const char *what)
{
	struct kb_config *cfg = NULL;
	struct kb_diag d = { 0 };
	size_t i;

	if (!ok(load(text, &cfg, &d) == 0 && cfg != NULL && d.n == 0, "valid: %s", what)) {
		for (i = 0; i < d.n; i++)
			diag("  have: %s", d.msgs[i]);
	}
	kb_diag_free(&d);
	return cfg;
}

static char *
in_dir(const char *name)
{
	return kb_asprintf("%s/%s", tmpdir, name);
}

static void
test_defaults(void)
{
	struct kb_config *cfg = good("", "empty file");
	char *p;

	if (!cfg) {
		skip(17, "empty config did not load");
		return;
	}
	is_int(cfg->n_sources, 0, "empty: no sources");
	is_int(cfg->n_outputs, 0, "empty: no outputs");
	is_str(cfg->dir, tmpdir, "dir is the config's absolute directory");
	p = in_dir("kabar.db");
	is_str(cfg->database, p, "default database DIR/kabar.db");
	free(p);
	p = in_dir("kabar.db.lock");
	is_str(cfg->lock_file, p, "default lock DATABASE.lock");
	free(p);
	ok(cfg->plugin_dir == NULL, "no default plugin_dir");
	ok(cfg->user_agent == NULL, "no default user_agent");
	is_int(cfg->max_requests, 64, "default max_requests");
	is_int(cfg->per_host, 2, "default per_host");
	is_int(cfg->host_delay_ms, 1000, "default host_delay");
	is_int(cfg->timeout_ms, 30000, "default timeout");
	is_int(cfg->connect_timeout_ms, 10000, "default connect_timeout");
	ok(cfg->max_body == 16u * 1024 * 1024, "default max_body_size 16M");
	ok(cfg->max_inflight_bytes == 256u * 1024 * 1024, "default max_inflight_bytes 256M");
	is_int(cfg->max_backoff, 86400, "default max_backoff");
	is_str(cfg->isolation, "inprocess", "default isolation");
	is_str(cfg->path, conf, "path as given");
	kb_config_free(cfg);

	cfg = good("; only comments\n# and blank lines\n\n   \n\t; indented\n", "only comments");
	ok(cfg && cfg->n_sources == 0, "comments: no sources");
	kb_config_free(cfg);
}

static void
test_full(void)
{
	static const char text[] = "# a full config\n"
				   "[kabar]\n"
				   "database = data/kabar.sqlite\n"
				   "plugin_dir = ./plugins\n"
				   "user_agent = \"kabar-test/1 (+https://example.org/)\"\n"
				   "max_requests = 10\n"
				   "per_host = 4\n"
				   "host_delay = 250ms\n"
				   "timeout = 1.5s\n"
				   "connect_timeout = 5s\n"
				   "max_body_size = 2M\n"
				   "max_inflight_bytes = 1G\n"
				   "max_backoff = 6h\n"
				   "isolation = fork\n"
				   "\n"
				   "[source antara-jatim]\n"
				   "plugin = rss\n"
				   "url = https://jatim.antaranews.com/rss/ekonomi.xml#x ; comment\n"
				   "region = 35.78\n"
				   "tags =  umkm, , jatim ,ekonomi,\n"
				   "interval = 1h30m\n"
				   "enabled = no\n"
				   "allow_private = yes\n"
				   "timeout = 20s\n"
				   "max_body_size = 4M\n"
				   "max_items = 50\n"
				   "max_follows = 0\n"
				   "item_xpath = //item\n"
				   "\n"
				   "[source papua]\n"
				   "plugin = html\n"
				   "region = 91\n"
				   "\n"
				   "[source local]\n"
				   "plugin = rss\n"
				   "url = file:///srv/feed.xml\n"
				   "allow_file = yes\n"
				   "timezone = Asia/Makassar\n"
				   "region = 35\n"
				   "\n"
				   "[output all]\n"
				   "format = atom\n"
				   "path = out/all.xml\n"
				   "url = https://example.org/all.xml\n"
				   "title = \"UMKM ; news # all\"\n"
				   "description = Semua berita\n"
				   "max_days = 7\n"
				   "\n"
				   "[output jatim]\n"
				   "format = json\n"
				   "path = /var/www/jatim.json\n"
				   "sources = antara-jatim , local\n"
				   "max_items = 20\n";
	struct kb_config *cfg = good(text, "full config");
	const struct kb_source *s;
	const struct kb_output *o;
	char *p;

	if (!cfg) {
		skip(48, "full config did not load");
		return;
	}
	p = in_dir("data/kabar.sqlite");
	is_str(cfg->database, p, "relative database resolved against the config dir");
	free(p);
	p = in_dir("data/kabar.sqlite.lock");
	is_str(cfg->lock_file, p, "lock follows database");
	free(p);
	p = in_dir("plugins");
	is_str(cfg->plugin_dir, p, "plugin_dir ./plugins resolved");
	free(p);
	is_str(cfg->user_agent, "kabar-test/1 (+https://example.org/)", "quoted user_agent");
	is_int(cfg->max_requests, 10, "max_requests");
	is_int(cfg->per_host, 4, "per_host");
	is_int(cfg->host_delay_ms, 250, "host_delay 250ms");
	is_int(cfg->timeout_ms, 1500, "timeout 1.5s");
	is_int(cfg->connect_timeout_ms, 5000, "connect_timeout");
	ok(cfg->max_body == 2u * 1024 * 1024, "max_body_size 2M");
	ok(cfg->max_inflight_bytes == 1024u * 1024 * 1024, "max_inflight_bytes 1G");
	is_int(cfg->max_backoff, 6 * 3600, "max_backoff 6h");
	is_str(cfg->isolation, "fork", "isolation fork");
	is_int(cfg->n_sources, 3, "three sources");
	is_int(cfg->n_outputs, 2, "two outputs");

	s = kb_config_source(cfg, "antara-jatim");
	if (!ok(s != NULL, "source antara-jatim found")) {
		kb_config_free(cfg);
		return;
	}
	is_int(s->line, 16, "source header line");
	is_str(s->plugin, "rss", "plugin");
	is_str(s->url, "https://jatim.antaranews.com/rss/ekonomi.xml#x",
	       "url keeps '#' without space, drops the comment");
	is_str(s->region, "35.78", "region");
	is_str(s->timezone, "Asia/Jakarta", "timezone defaults from the region (Jawa Timur)");
	is_int(s->n_tags, 3, "tags: trimmed, empties dropped");
	if (s->n_tags == 3) {
		is_str(s->tags[0], "umkm", "tag 1");
		is_str(s->tags[1], "jatim", "tag 2");
		is_str(s->tags[2], "ekonomi", "tag 3");
	} else {
		skip(3, "wrong tag count");
	}
	is_int(s->interval, 5400, "interval 1h30m");
	is_int(s->enabled, 0, "enabled = no");
	is_int(s->allow_private, 1, "allow_private = yes");
	is_int(s->allow_file, 0, "allow_file default no");
	is_int(s->timeout_ms, 20000, "source timeout");
	is_int(s->connect_timeout_ms, 5000, "source connect_timeout defaults to the global");
	ok(s->max_body == 4u * 1024 * 1024, "source max_body_size");
	is_int(s->max_items, 50, "source max_items");
	is_int(s->max_follows, 0, "source max_follows 0");
	is_str(kb_source_get(s, "item_xpath"), "//item", "plugin key kept in kv");
	is_str(kb_source_get(s, "plugin"), "rss", "core key in kv too");
	ok(kb_source_get(s, "nothing") == NULL, "unset key is NULL");
	is_int(s->n_kv, 12, "every key of the section is in kv");

	s = kb_config_source(cfg, "papua");
	ok(s && strcmp(s->timezone, "Asia/Jayapura") == 0, "region 91 defaults to Asia/Jayapura");
	ok(s && s->url == NULL, "url optional");
	ok(s && s->interval == 1800 && s->enabled == 1 && s->max_items == 1000 && s->max_follows == 200 &&
		   s->timeout_ms == 1500 && s->max_body == 2u * 1024 * 1024 && s->n_tags == 0,
	   "source defaults (timeout and max_body from [kabar])");
	s = kb_config_source(cfg, "local");
	ok(s && s->allow_file == 1 && strcmp(s->url, "file:///srv/feed.xml") == 0, "file url with allow_file = yes");
	ok(s && strcmp(s->timezone, "Asia/Makassar") == 0, "explicit timezone wins over region");
	ok(kb_config_source(cfg, "missing") == NULL, "unknown source is NULL");

	o = &cfg->outputs[0];
	is_str(o->name, "all", "output name");
	is_str(o->format, "atom", "output format");
	p = in_dir("out/all.xml");
	is_str(o->path, p, "output path resolved");
	free(p);
	is_str(o->title, "UMKM ; news # all", "quoted value keeps ; and #");
	is_str(o->description, "Semua berita", "description");
	ok(o->n_sources == 1 && strcmp(o->sources[0], "*") == 0, "sources default *");
	is_int(o->max_items, 100, "output max_items default");
	is_int(o->max_age, 7 * 86400, "output max_days");
	o = &cfg->outputs[1];
	is_str(o->path, "/var/www/jatim.json", "absolute output path kept");
	ok(o->n_sources == 2 && strcmp(o->sources[0], "antara-jatim") == 0 && strcmp(o->sources[1], "local") == 0,
	   "sources list");
	is_int(o->max_age, 0, "max_days default 0");
	kb_config_free(cfg);
}

static void
test_syntax(void)
{
	struct kb_config *cfg;
	const char *v;

	cfg = good("\xEF\xBB\xBF[source a]\r\nplugin = rss\r\nurl = http://x.test/f\r\n"
		   "name = \"  spaced \\\"q\\\" back\\\\slash \\n \"   # c\r\n",
		   "BOM and CRLF");
	if (cfg && cfg->n_sources == 1) {
		is_str(cfg->sources[0].plugin, "rss", "CRLF: no \\r in values");
		is_str(cfg->sources[0].url, "http://x.test/f", "CRLF url");
		v = kb_source_get(&cfg->sources[0], "name");
		is_str(v, "  spaced \"q\" back\\slash \\n ", "quoted value: escapes, spaces kept");
	} else {
		skip(3, "BOM config did not load");
	}
	kb_config_free(cfg);

	cfg = good("[source a]\nplugin=rss\nempty =\nsemi = a;b\nhash=#x\nsp = a ;b\n"
		   "eq = a=b\n",
		   "tight syntax");
	if (cfg && cfg->n_sources == 1) {
		const struct kb_source *s = &cfg->sources[0];

		is_str(kb_source_get(s, "plugin"), "rss", "no spaces around =");
		is_str(kb_source_get(s, "empty"), "", "empty value");
		is_str(kb_source_get(s, "semi"), "a;b", "; without space is not a comment");
		is_str(kb_source_get(s, "hash"), "#x", "# right after = is not a comment");
		is_str(kb_source_get(s, "sp"), "a", "; after space is a comment");
		is_str(kb_source_get(s, "eq"), "a=b", "value may contain =");
	} else {
		skip(6, "tight config did not load");
	}
	kb_config_free(cfg);

	cfg = good("[source  x.y_z-1 ]  ; comment\nplugin = rss\n", "header spacing");
	ok(cfg && cfg->n_sources == 1 && strcmp(cfg->sources[0].name, "x.y_z-1") == 0,
	   "section name with . _ - and spaces around");
	kb_config_free(cfg);
}

static void
test_errors(void)
{
	one_error("[source a]\nplugin = rss\njust some words\n", 3, "expected [section] or key = value");
	one_error("[feed a]\n", 1, "unknown section kind 'feed' (expected kabar, source or output)");
	one_error("[Source a]\n", 1, "unknown section kind 'Source' (expected kabar, source or output)");
	one_error("[source]\nplugin = rss\n", 1, "missing section name in [source NAME]");
	one_error("[output a b]\n", 1, "bad section name 'a b' in [output]: expected 1 to 128 of A-Z a-z 0-9 . _ -");
	one_error("[source a/b]\n", 1, "bad section name 'a/b' in [source]: expected 1 to 128 of A-Z a-z 0-9 . _ -");
	one_error("[kabar x]\n", 1, "bad section header: [kabar] takes no name");
	one_error("[source a\n", 1, "bad section header: missing ']'");
	one_error("[source a] x\n", 1, "bad section header: text after ']'");
	one_error("[]\n", 1, "bad section header: empty []");
	one_error("[kabar]\n\n[kabar]\n", 3, "duplicate section [kabar] (first at line 1)");
	one_error("[source a]\nplugin = rss\n[source b]\nplugin = rss\n[source a]\nplugin = x\n", 5,
		  "duplicate section [source a] (first at line 1)");
	one_error("[output o]\nformat = rss\npath = o\n[output o]\n", 4,
		  "duplicate section [output o] (first at line 1)");
	one_error("plugin = rss\n[source a]\nplugin = rss\n", 1, "key 'plugin' outside of any section");
	one_error("[source a]\nplugin = rss\nurl = http://a.test/\nplugin = html\n", 4,
		  "duplicate key 'plugin' in [source a] (first at line 2)");
	one_error("[kabar]\nfoo = 1\n", 2, "unknown key 'foo' in [kabar]");
	one_error("[output o]\nformat = rss\npath = o\ncolour = red\n", 4, "unknown key 'colour' in [output o]");
	one_error("[source a]\nPlugin = rss\nplugin = rss\n", 2, "bad key 'Plugin': expected lower-case a-z 0-9 _");
	one_error("[source a]\nplugin = rss\n = x\n", 3, "missing key before '='");
	one_error("[source a]\nurl = http://a.test/\n", 1, "missing required key 'plugin' in [source a]");
	one_error("[kabar]\nmax_requests = 0\n", 2,
		  "bad max_requests '0' in [kabar]: expected an integer from 1 to 10000");
	one_error("[kabar]\nper_host = many\n", 2, "bad per_host 'many' in [kabar]: expected an integer from 1 to 64");
	one_error("[kabar]\nhost_delay = 2h\n", 2,
		  "bad host_delay '2h' in [kabar]: expected a duration from 0 to 1h (like 500ms, 30s, 2m)");
	one_error("[kabar]\nmax_body_size = 10X\n", 2,
		  "bad max_body_size '10X' in [kabar]: expected a size from 1K to 1G (like 512K, 16M)");
	one_error("[kabar]\nmax_inflight_bytes = 2M\nmax_body_size = 4M\n", 2,
		  "max_inflight_bytes in [kabar] is less than max_body_size");
	one_error("[kabar]\nisolation = thread\n", 2, "bad isolation 'thread' in [kabar]: expected inprocess or fork");
	one_error("[kabar]\ndatabase =\n", 2, "empty database in [kabar]: expected a path");
	one_error("[kabar]\nmax_backoff = 500ms\n", 2,
		  "bad max_backoff '500ms' in [kabar]: expected a duration from 1m to 30d (like 90s, 30m, 2h, 1d)");
	one_error("[source a]\nplugin = rss\ninterval = 5s\n", 3,
		  "bad interval '5s' in [source a]: expected a duration from 10s to 30d (like 90s, 30m, 2h, 1d)");
	one_error("[source a]\nplugin = rss\nenabled = maybe\n", 3,
		  "bad enabled 'maybe' in [source a]: expected yes or no");
	one_error("[source a]\nplugin = rss\nmax_items = 100001\n", 3,
		  "bad max_items '100001' in [source a]: expected an integer from 1 to 100000");
	one_error("[source a]\nplugin = rss\nmax_follows = -1\n", 3,
		  "bad max_follows '-1' in [source a]: expected an integer from 0 to 100000");
	one_error("[source a]\nplugin = rss\nurl = ftp://a.test/\n", 3,
		  "bad url 'ftp://a.test/' in [source a]: expected an absolute http, https or file url");
	one_error("[source a]\nplugin = rss\nurl = /feed.xml\n", 3,
		  "bad url '/feed.xml' in [source a]: expected an absolute http, https or file url");
	one_error("[source a]\nplugin = rss\nurl = http:///x\n", 3,
		  "bad url 'http:///x' in [source a]: expected an absolute http, https or file url");
	one_error("[source a]\nplugin = rss\nurl = file:///srv/f.xml\n", 3,
		  "file url 'file:///srv/f.xml' in [source a] needs allow_file = yes");
	one_error("[source a]\nplugin = rss\nregion = 3578\n", 3,
		  "bad region '3578' in [source a]: expected a region code like 35 or 35.78");
	one_error("[source a]\nplugin = rss\nregion = 35.7\n", 3,
		  "bad region '35.7' in [source a]: expected a region code like 35 or 35.78");
	one_error("[source a]\nplugin = rss\ntimezone = Mars/Olympus_Mons\n", 3,
		  "unknown timezone 'Mars/Olympus_Mons' in [source a]");
	one_error("[source a]\nplugin = ../evil\n", 2,
		  "bad plugin '../evil' in [source a]: expected a plugin name of a-z 0-9 _ -");
	one_error("[output o]\nformat = rdf\npath = o.xml\n", 2,
		  "bad format 'rdf' in [output o]: expected rss, atom, json, ics or html");
	one_error("[output o]\npath = o.xml\n", 1, "missing required key 'format' in [output o]");
	one_error(
		"[output o]\nformat = rss\npath = o\nprefer = earliest, .go.id\n", 4,
		"bad prefer 'earliest, .go.id' in [output o]: expected source names and host suffixes such as .go.id, "
		"comma-separated, then earliest or latest");
	one_error(
		"[output o]\nformat = rss\npath = o\nprefer = https://x.go.id/\n", 4,
		"bad prefer 'https://x.go.id/' in [output o]: expected source names and host suffixes such as .go.id, "
		"comma-separated, then earliest or latest");
	one_error("[output o]\nformat = rss\npath = o\nprefer = .\n", 4,
		  "bad prefer '.' in [output o]: expected source names and host suffixes such as .go.id, "
		  "comma-separated, then earliest or latest");
	one_error("[source a]\nplugin = rss\n[output o]\nformat = rss\npath = o\nprefer = .go.id, b, a\n", 6,
		  "unknown source 'b' in prefer of [output o]");
	one_error("[output o]\nformat = rss\npath = o\nmerge_duplicates = kadang\n", 4,
		  "bad merge_duplicates 'kadang' in [output o]: expected yes or no");
	one_error("[output o]\nformat = rss\n", 1, "missing required key 'path' in [output o]");
	one_error("[source a]\nplugin = rss\n[output o]\nformat = rss\npath = o\nsources = a, b\n", 6,
		  "unknown source 'b' in sources of [output o]");
	one_error("[source a]\nplugin = rss\n[output o]\nformat = rss\npath = o\nsources = a, zz*\n", 6,
		  "pattern 'zz*' in sources of [output o] matches no source");
	one_error("[output o]\nformat = rss\npath = o\nlink = ftp://x/\n", 4,
		  "bad link 'ftp://x/' in [output o]: expected an absolute http or https url");
	one_error("[output o]\nformat = rss\npath = o\nmax_days = 5000\n", 4,
		  "bad max_days '5000' in [output o]: expected an integer from 0 to 3650");
	one_error("[output o]\nformat = rss\npath = o\nsources = ,\n", 4,
		  "bad sources ',' in [output o]: expected source names or *");
	one_error("[output o]\nformat = rss\npath = o\nurl = file:///x\n", 4,
		  "bad url 'file:///x' in [output o]: expected an absolute http or https url");
	one_error("[output a]\nformat = rss\npath = x.xml\n[output b]\nformat = atom\npath = ./x.xml\n", 4,
		  "path of [output b] is also the path of the output at line 1");
	one_error("[source a]\nplugin = rss\nname = \"open\n", 3, "unterminated quoted value for 'name'");
	one_error("[source a]\nplugin = rss\nname = \"x\" y\n", 3, "text after the quoted value of 'name'");
	one_error("[source a]\nplugin = rss\nx = a\x01"
		  "b\n",
		  3, "control character 0x01 in line");
	one_error("[source a]\nplugin = rss\nx = caf\xe9\n", 3, "line is not valid utf-8");
}

static void
test_all_at_once(void)
{
	static const char text[] = "[kabar]\n"		   /* 1 */
				   "max_requests = lots\n" /* 2 */
				   "[source a]\n"	   /* 3: no plugin */
				   "interval = 1s\n"	   /* 4 */
				   "region = Jatim\n"	   /* 5 */
				   "[source a]\n"	   /* 6: duplicate */
				   "plugin = rss\n"	   /* 7 */
				   "oops\n"		   /* 8 */
				   "[output o]\n"	   /* 9: no path */
				   "format = gopher\n"	   /* 10 */
				   "sources = nope\n"	   /* 11 */
				   "[kabar]\n";		   /* 12 */
	struct kb_config *cfg = NULL;
	struct kb_diag d = { 0 };
	size_t i;
	int sorted = 1;

	ok(load(text, &cfg, &d) == -1 && cfg == NULL, "config with many errors fails");
	is_int(d.n, 10, "all ten errors reported");
	has_msg(&d, 2, "bad max_requests 'lots' in [kabar]: expected an integer from 1 to 10000");
	has_msg(&d, 3, "missing required key 'plugin' in [source a]");
	has_msg(&d, 4, "bad interval '1s' in [source a]: expected a duration from 10s to 30d (like 90s, 30m, 2h, 1d)");
	has_msg(&d, 5, "bad region 'Jatim' in [source a]: expected a region code like 35 or 35.78");
	has_msg(&d, 6, "duplicate section [source a] (first at line 3)");
	has_msg(&d, 8, "expected [section] or key = value");
	has_msg(&d, 9, "missing required key 'path' in [output o]");
	has_msg(&d, 10, "bad format 'gopher' in [output o]: expected rss, atom, json, ics or html");
	has_msg(&d, 11, "unknown source 'nope' in sources of [output o]");
	has_msg(&d, 12, "duplicate section [kabar] (first at line 1)");
	for (i = 1; i < d.n; i++) {
		size_t skip_ = strlen(conf) + 1;

		if (strtol(d.msgs[i - 1] + skip_, NULL, 10) > strtol(d.msgs[i] + skip_, NULL, 10))
			sorted = 0;
	}
	ok(sorted, "messages sorted by line");
	kb_diag_free(&d);

	/* Errors are capped so garbage cannot flood the terminal. */
	{
		char *g = kb_malloc(500 * 8);
		size_t k;

		for (k = 0; k < 500; k++)
			memcpy(g + k * 8, "garbage\n", 8);
		ok(kb_config_load_string(g, 500 * 8, conf, &cfg, &d) == -1, "500 bad lines fail");
		is_int(d.n, 101, "capped at 100 errors plus a note");
		ok(d.n > 0 && strstr(d.msgs[d.n - 1], "too many errors") != NULL, "last message says too many errors");
		free(g);
		kb_diag_free(&d);
	}
}

static void
test_limits(void)
{
	struct kb_config *cfg = NULL;
	struct kb_diag d = { 0 };
	char *big, *p;
	size_t n, i;
	unsigned int seed = 12345;
	static const char nul_text[] = "[source a]\nplugin = rss\nx = a\0b\n";
	static const char sub_text[] = "[kabar]\ndatabase = ../db/k.db\n[source s]\nplugin = rss\n";

	/* A line of 8193 bytes. */
	n = 8193;
	big = kb_malloc(64 + n + 64);
	memcpy(big, "[source a]\nplugin = rss\n", 24);
	memset(big + 24, 'x', n);
	memcpy(big + 24 + n, "\n[source b]\nplugin = rss\n", 26);
	ok(kb_config_load_string(big, 24 + n + 25, conf, &cfg, &d) == -1 && cfg == NULL, "long line refused");
	is_int(d.n, 1, "one error for the long line");
	has_msg(&d, 3, "line too long (more than 8192 bytes)");
	kb_diag_free(&d);
	free(big);

	/* A line of exactly 8192 bytes is fine. */
	big = kb_malloc(64 + 8192);
	memcpy(big, "[source a]\nplugin = rss\nk = ", 28);
	memset(big + 28, 'v', 8192 - 4);
	ok(kb_config_load_string(big, 28 + 8192 - 4, conf, &cfg, &d) == 0 && cfg &&
		   strlen(kb_source_get(&cfg->sources[0], "k")) == 8188,
	   "line of 8192 bytes accepted");
	kb_config_free(cfg);
	cfg = NULL;
	kb_diag_free(&d);
	free(big);

	/* A file over 1 MiB, as a string and as a file. */
	n = 1024 * 1024 + 1;
	big = kb_malloc(n);
	for (i = 0; i < n; i++)
		big[i] = (i % 40 == 39) ? '\n' : ';';
	ok(kb_config_load_string(big, n, conf, &cfg, &d) == -1 && cfg == NULL, "huge string refused");
	has_msg(&d, 0, "config file too large (more than 1048576 bytes)");
	kb_diag_free(&d);
	ok(kb_config_load_string(big, n - 1, conf, &cfg, &d) == 0 && cfg && cfg->n_sources == 0,
	   "exactly 1 MiB of comments is fine");
	kb_config_free(cfg);
	cfg = NULL;
	kb_diag_free(&d);
	write_file(conf, big, n);
	ok(kb_config_load(conf, &cfg, &d) == -1 && cfg == NULL, "huge file refused");
	has_msg(&d, 0, "config file too large (more than 1048576 bytes)");
	kb_diag_free(&d);
	free(big);

	/* Binary garbage: errors, no crash. */
	n = 64 * 1024;
	big = kb_malloc(n);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		big[i] = (char)(seed >> 16);
	}
	ok(kb_config_load_string(big, n, conf, &cfg, &d) == -1 && cfg == NULL && d.n > 0,
	   "binary garbage refused with %zu messages", d.n);
	kb_diag_free(&d);
	free(big);

	ok(kb_config_load_string(nul_text, sizeof(nul_text) - 1, conf, &cfg, &d) == -1, "nul byte refused");
	has_msg(&d, 3, "nul byte in line");
	kb_diag_free(&d);

	/* Loading from a file: relative paths against its directory. */
	p = kb_asprintf("%s/sub", tmpdir);
	mkdir(p, 0700);
	free(p);
	p = kb_asprintf("%s/sub/k.conf", tmpdir);
	write_file(p, sub_text, strlen(sub_text));
	ok(kb_config_load(p, &cfg, &d) == 0 && cfg, "load from a file");
	if (cfg) {
		char *want = kb_asprintf("%s/sub/../db/k.db", tmpdir);
		char *wdir = kb_asprintf("%s/sub", tmpdir);

		is_str(cfg->dir, wdir, "dir of a file in a subdirectory");
		is_str(cfg->database, want, "database relative to the file's directory");
		is_int(cfg->n_sources, 1, "file's source read");
		free(want);
		free(wdir);
	} else {
		skip(3, "file did not load");
	}
	kb_config_free(cfg);
	cfg = NULL;
	kb_diag_free(&d);
	unlink(p);
	free(p);
	p = kb_asprintf("%s/sub", tmpdir);
	rmdir(p);
	free(p);

	p = kb_asprintf("%s/nonexistent.conf", tmpdir);
	ok(kb_config_load(p, &cfg, &d) == -1 && cfg == NULL && d.n == 1 &&
		   strstr(d.msgs[0], "nonexistent.conf: cannot open config file: ") != NULL,
	   "missing file: one clear error");
	kb_diag_free(&d);
	free(p);

	write_file(conf, "", 0);
	ok(kb_config_load(conf, &cfg, &d) == 0 && cfg && cfg->n_sources == 0, "empty file loads");
	kb_config_free(cfg);
	kb_diag_free(&d);
	unlink(conf);
}

static const struct kabar_option rss_opts[] = {
	KABAR_OPTION("item_xpath", KABAR_OPT_XPATH, 0, "//item", "items"),
	KABAR_OPTION("count", KABAR_OPT_INT, 0, NULL, "a number"),
	KABAR_OPTION("strict", KABAR_OPT_BOOL, 0, "no", "be strict"),
	KABAR_OPTION("home", KABAR_OPT_URL, 0, NULL, "home page"),
	KABAR_OPTION("every", KABAR_OPT_DURATION, 0, NULL, "how often"),
	KABAR_OPTION("lang", KABAR_OPT_STRING, 1, NULL, "language"),
	KABAR_OPTION("url", KABAR_OPT_URL, 1, NULL, "feed url"),
	KABAR_OPTION_END,
};

static void
test_plugin_keys(void)
{
	static const char text[] = "[source good]\n"	      /* 1 */
				   "plugin = rss\n"	      /* 2 */
				   "url = http://a.test/\n"   /* 3 */
				   "lang = id\n"	      /* 4 */
				   "count = -5\n"	      /* 5 */
				   "strict = on\n"	      /* 6 */
				   "home = https://a.test/\n" /* 7 */
				   "every = 2h\n"	      /* 8 */
				   "item_xpath = //entry\n"   /* 9 */
				   "[source bad]\n"	      /* 10 */
				   "plugin = rss\n"	      /* 11 */
				   "count = 1.5\n"	      /* 12 */
				   "strict = sometimes\n"     /* 13 */
				   "home = ftp://a.test/\n"   /* 14 */
				   "every = soon\n"	      /* 15 */
				   "item_xpath =\n"	      /* 16 */
				   "colour = red\n"	      /* 17 */
				   "max_items = 5\n";	      /* 18 */
	struct kb_config *cfg = good(text, "config for plugin checks");
	const struct kb_source *s;
	struct kb_diag d = { 0 };
	const struct kabar_option none[] = { KABAR_OPTION_END };
	size_t i;

	if (!cfg) {
		skip(14, "plugin config did not load");
		return;
	}
	s = kb_config_source(cfg, "good");
	is_int(kb_config_check_plugin_keys(cfg, s, rss_opts, "rss", &d), 0, "good source passes");
	is_int(d.n, 0, "no messages for the good source");
	for (i = 0; i < s->n_kv; i++) {
		if (strcmp(s->kv[i].key, "lang") == 0)
			ok(s->kv[i].used, "plugin key marked used");
	}

	s = kb_config_source(cfg, "bad");
	is_int(kb_config_check_plugin_keys(cfg, s, rss_opts, "rss", &d), 8, "eight problems");
	is_int(d.n, 8, "eight messages");
	has_msg(&d, 10, "missing required key 'lang' for plugin 'rss' in source 'bad'");
	has_msg(&d, 10, "missing required key 'url' for plugin 'rss' in source 'bad'");
	has_msg(&d, 12, "bad count '1.5' for plugin 'rss' in source 'bad': expected an integer");
	has_msg(&d, 13, "bad strict 'sometimes' for plugin 'rss' in source 'bad': expected yes or no");
	has_msg(&d, 14,
		"bad home 'ftp://a.test/' for plugin 'rss' in source 'bad': expected an absolute http or https url");
	has_msg(&d, 15, "bad every 'soon' for plugin 'rss' in source 'bad': expected a duration (like 90s, 30m, 2h)");
	has_msg(&d, 16, "bad item_xpath '' for plugin 'rss' in source 'bad': expected an xpath expression");
	has_msg(&d, 17, "unknown key 'colour' for plugin 'rss' in source 'bad'");
	kb_diag_free(&d);

	{
		/* An XPath that does not compile is caught by kabar check. */
		struct kb_config *c2 = good("[source x]\nplugin = rss\nlang = id\nurl = http://a.test/\n"
					    "item_xpath = //div[@class='berita'\n",
					    "config with a broken xpath");
		struct kb_diag d2 = { 0 };

		if (c2) {
			is_int(kb_config_check_plugin_keys(c2, kb_config_source(c2, "x"), rss_opts, "rss", &d2), 1,
			       "an xpath that does not compile is a problem");
			has_msg(&d2, 5,
				"bad item_xpath '//div[@class='berita'' for plugin 'rss' in source 'x': expected an "
				"xpath expression");
			kb_diag_free(&d2);
			kb_config_free(c2);
		} else {
			skip(2, "config did not load");
		}
	}

	s = kb_config_source(cfg, "good");
	is_int(kb_config_check_plugin_keys(cfg, s, none, "plain", &d), 6,
	       "a plugin without options: every non-core key is unknown");
	is_int(kb_config_check_plugin_keys(cfg, s, NULL, "plain", &d), 6, "NULL option table too");
	kb_diag_free(&d);
	kb_config_free(cfg);
}

static void
test_regions(void)
{
	is_str(kb_region_timezone("11"), "Asia/Jakarta", "Aceh WIB");
	is_str(kb_region_timezone("31"), "Asia/Jakarta", "Jakarta WIB");
	is_str(kb_region_timezone("35.78"), "Asia/Jakarta", "Surabaya WIB");
	is_str(kb_region_timezone("61"), "Asia/Jakarta", "Kalimantan Barat WIB");
	is_str(kb_region_timezone("62.71"), "Asia/Jakarta", "Palangka Raya WIB");
	is_str(kb_region_timezone("51.71"), "Asia/Makassar", "Denpasar WITA");
	is_str(kb_region_timezone("53"), "Asia/Makassar", "NTT WITA");
	is_str(kb_region_timezone("64"), "Asia/Makassar", "Kalimantan Timur WITA");
	is_str(kb_region_timezone("73.71"), "Asia/Makassar", "Makassar WITA");
	is_str(kb_region_timezone("76"), "Asia/Makassar", "Sulawesi Barat WITA");
	is_str(kb_region_timezone("81"), "Asia/Jayapura", "Maluku WIT");
	is_str(kb_region_timezone("82"), "Asia/Jayapura", "Maluku Utara WIT");
	is_str(kb_region_timezone("91.71"), "Asia/Jayapura", "Jayapura WIT");
	is_str(kb_region_timezone("96"), "Asia/Jayapura", "Papua Barat Daya WIT");
	is_str(kb_region_timezone("20"), "UTC", "no province 20");
	is_str(kb_region_timezone("99"), "UTC", "no province 99");
	is_str(kb_region_timezone(NULL), "UTC", "NULL region");
	is_str(kb_region_timezone("3"), "UTC", "one digit");
	is_str(kb_region_timezone("357"), "UTC", "three digits");
	is_str(kb_region_timezone(""), "UTC", "empty");
}

/* One story per press release: the representative's preference. */
static void
test_prefer(void)
{
	struct kb_config *cfg;

	cfg = good(
		"[source diskop]\nplugin = rss\n[output a]\nformat = json\npath = a\n[output b]\nformat = json\npath = b\n"
		"prefer = diskop, .go.id, .ac.id, latest\nmerge_duplicates = no\n[output c]\nformat = json\n"
		"path = c\nprefer = earliest\n",
		"prefer and merge_duplicates");
	if (!cfg || cfg->n_outputs != 3)
		return;
	ok(cfg->outputs[0].merge && cfg->outputs[0].n_prefer == 1 && strcmp(cfg->outputs[0].prefer[0], ".go.id") == 0 &&
		   !cfg->outputs[0].prefer_latest,
	   "prefer: by default .go.id, then the earliest, merged");
	ok(!cfg->outputs[1].merge && cfg->outputs[1].n_prefer == 3 &&
		   strcmp(cfg->outputs[1].prefer[0], "diskop") == 0 &&
		   strcmp(cfg->outputs[1].prefer[2], ".ac.id") == 0 && cfg->outputs[1].prefer_latest,
	   "prefer: a source, two host suffixes, latest; merge_duplicates = no");
	ok(cfg->outputs[2].n_prefer == 0 && !cfg->outputs[2].prefer_latest, "prefer = earliest: no host preferred");
	kb_config_free(cfg);
}

static void
test_paths(void)
{
	char *p;

	p = kb_path_resolve("/etc/kabar", "kabar.db");
	is_str(p, "/etc/kabar/kabar.db", "relative path joined");
	free(p);
	p = kb_path_resolve("/etc/kabar/", "./db/k.db");
	is_str(p, "/etc/kabar/db/k.db", "./ dropped, no double slash");
	free(p);
	p = kb_path_resolve("/etc/kabar", "/var/lib/k.db");
	is_str(p, "/var/lib/k.db", "absolute path kept");
	free(p);
	p = kb_path_resolve("/", "k.db");
	is_str(p, "/k.db", "root directory");
	free(p);
	p = kb_path_resolve("/etc", ".");
	is_str(p, "/etc", "dot is the directory");
	free(p);
	ok(kb_path_resolve("/etc", NULL) == NULL, "NULL path gives NULL");
}

static void
test_output_wants(void)
{
	struct kb_config *cfg = NULL;
	struct kb_diag d = { NULL, 0 };
	const char *text =
		"[source antara-jatim]\nplugin = rss\ntags = antara, jatim\n"
		"[source antara-jabar]\nplugin = rss\ntags = antara\n"
		"[source pemkot]\nplugin = rss\ntags = jatim, pemerintah\n"
		"[output all]\nformat = rss\npath = all.xml\n"
		"[output antara]\nformat = atom\npath = a.xml\nsources = antara-*\n"
		"[output jatim]\nformat = json\npath = j.json\ntags = jatim\nlink = https://example.org/\n"
		"[output mixed]\nformat = rss\npath = m.xml\nsources = pemkot, antara-jabar\ntags = pemerintah\n";

	if (!ok(load(text, &cfg, &d) == 0, "outputs with globs and tags load")) {
		kb_diag_free(&d);
		return;
	}
	ok(kb_output_wants(&cfg->outputs[0], &cfg->sources[0]) && kb_output_wants(&cfg->outputs[0], &cfg->sources[2]),
	   "default sources take every source");
	ok(kb_output_wants(&cfg->outputs[1], &cfg->sources[0]) && kb_output_wants(&cfg->outputs[1], &cfg->sources[1]) &&
		   !kb_output_wants(&cfg->outputs[1], &cfg->sources[2]),
	   "a glob takes the sources it matches");
	ok(kb_output_wants(&cfg->outputs[2], &cfg->sources[0]) &&
		   !kb_output_wants(&cfg->outputs[2], &cfg->sources[1]) &&
		   kb_output_wants(&cfg->outputs[2], &cfg->sources[2]),
	   "tags take the sources with one of them");
	ok(kb_output_wants(&cfg->outputs[3], &cfg->sources[2]) && !kb_output_wants(&cfg->outputs[3], &cfg->sources[1]),
	   "sources and tags both apply");
	is_str(cfg->outputs[2].link, "https://example.org/", "output link");
	is_int(cfg->outputs[2].n_tags, 1, "output tags");
	kb_config_free(cfg);
	kb_diag_free(&d);
}

int
main(void)
{
	char tmpl[] = "/tmp/kb-config-XXXXXX";
	char *real;

	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 2;
	}
	real = realpath(tmpl, NULL);
	if (!real) {
		perror("realpath");
		return 2;
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s", real);
	free(real);
	snprintf(conf, sizeof(conf), "%s/kabar.conf", tmpdir);

	test_defaults();
	test_full();
	test_syntax();
	test_errors();
	test_all_at_once();
	test_limits();
	test_plugin_keys();
	test_regions();
	test_prefer();
	test_paths();
	test_output_wants();

	unlink(conf);
	if (rmdir(tmpdir) != 0)
		diag("cannot remove %s: %s", tmpdir, strerror(errno));
	return done_testing();
}
