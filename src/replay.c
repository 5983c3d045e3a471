/* replay.c: `kabar record` and `kabar test-plugin` (record.h).
 *
 * Both run one source the way `kabar run` does (the same scheduler,
 * plugin calls, completion of partial items and item ids), against a
 * store of their own in a temporary directory, so that a recording holds
 * everything a first run fetches and a replay sees what a first run sees.
 * record saves every response; test-plugin answers every request from the
 * recording instead of the network. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

#include "cli.h"
#include "invoke.h"
#include "jsonfeed.h"
#include "record.h"
#include "run.h"
#include "util.h"

#define MAX_CONF	 ((size_t)1024 * 1024)
#define MAX_EXPECT	 ((size_t)64 * 1024 * 1024)
#define MAX_SHOWN_VALUE	 160
#define MAX_REPLAY_ITEMS 100000

static const char usage_record[] = "usage: kabar record [-c CONFIG] [--now TIME] [-v|-q] SOURCE DIR\n"
				   "\n"
				   "Run SOURCE once as a first run would (a store of its own: nothing is known,\n"
				   "no conditional requests; the config's store is not touched) and save every\n"
				   "response its plugin reads, article pages included, in DIR (created; it must\n"
				   "not hold a recording already). `kabar test-plugin` replays it offline.\n"
				   "The format is described in the plugin guide.\n"
				   "\n"
				   "  -c, --config FILE  the config file\n"
				   "      --now TIME     the run's clock (RFC 3339 or seconds since the epoch)\n"
				   "\n"
				   "exit status: as kabar run; 2 also when DIR cannot be written.\n";

static const char usage_test_plugin[] =
	"usage: kabar test-plugin [--expect ITEMS.json] [--now TIME] [--isolation=MODE] [-v|-q]\n"
	"                         PLUGIN DIR\n"
	"\n"
	"Replay the recording in DIR through PLUGIN (a name on the plugin path, or a\n"
	"path to the .so) offline, as a first run of the recorded source, and print\n"
	"its items as one JSON Feed 1.1 document. Every request is answered from the\n"
	"recording; one that was not recorded is reported.\n"
	"\n"
	"      --expect FILE  compare the items with this JSON Feed document instead of\n"
	"                     printing them, matching items by id, and name every field\n"
	"                     that differs\n"
	"      --now TIME     the run's clock (default: when the recording was made)\n"
	"      --isolation MODE  inprocess (default) or fork (a process per callback:\n"
	"                     shows a plugin that keeps state between callbacks)\n"
	"\n"
	"exit status: 0 the replay ran (and matched), 1 items differ, a request was\n"
	"not recorded or the source failed, 2 usage or a bad recording.\n";

/* --- a scratch directory for the run's own store --- */

static char *
scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *t = kb_asprintf("%s/kabar-replay-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	if (!mkdtemp(t)) {
		fprintf(stderr, "kabar: cannot create a scratch directory in %s: %s\n", tmp && *tmp ? tmp : "/tmp",
			strerror(errno));
		free(t);
		return NULL;
	}
	return t;
}

static void
scratch_remove(char *dir)
{
	DIR *d;
	struct dirent *de;

	if (!dir)
		return;
	d = opendir(dir);
	if (d) {
		while ((de = readdir(d)) != NULL) {
			char *p;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			p = kb_asprintf("%s/%s", dir, de->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
}

/* Point cfg's store and lock at the scratch directory. */
static void
use_scratch_store(struct kb_config *cfg, const char *scratch)
{
	free(cfg->database);
	free(cfg->lock_file);
	cfg->database = kb_asprintf("%s/kabar.db", scratch);
	cfg->lock_file = kb_asprintf("%s/kabar.db.lock", scratch);
}

/* --- kabar record --- */

int
kb_cmd_record(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "now", required_argument, NULL, 'N' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct kb_run_opts o;
	struct kb_config *cfg = NULL;
	struct kb_recorder *rec = NULL;
	const struct kb_source *src;
	const char *path = NULL;
	char *scratch = NULL, *err = NULL;
	int c, rc = KB_EXIT_CONFIG;

	if (kb_cli_want_help(argc, argv, usage_record))
		return 0;
	memset(&o, 0, sizeof(o));
	o.isolation = -1;
	while ((c = getopt_long(argc, argv, "c:vq", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'N':
			if (kb_cli_parse_now(optarg, &o.now) != 0)
				return KB_EXIT_CONFIG;
			break;
		case 'v':
			o.verbose = 1;
			kb_verbosity = KB_LOG_INFO;
			break;
		case 'q':
			kb_verbosity = KB_LOG_ERROR;
			break;
		default:
			fputs(usage_record, stderr);
			return KB_EXIT_CONFIG;
		}
	}
	if (argc - optind != 2) {
		fputs(usage_record, stderr);
		return KB_EXIT_CONFIG;
	}
	cfg = kb_cli_load_config(path ? path : kb_cli_default_config());
	if (!cfg)
		return KB_EXIT_CONFIG;
	src = kb_config_source(cfg, argv[optind]);
	if (!src) {
		fprintf(stderr, "kabar: record: no source named '%s' in %s\n", argv[optind], cfg->path);
		goto out;
	}
	if (!o.now)
		o.now = kb_now();
	if (kb_recorder_open(argv[optind + 1], src, o.now, &rec, &err) != 0) {
		fprintf(stderr, "kabar: record: %s\n", err);
		goto out;
	}
	scratch = scratch_dir();
	if (!scratch)
		goto out;
	use_scratch_store(cfg, scratch);
	o.only_source = src->name;
	o.force = 1;
	o.no_outputs = 1;
	o.recorder = rec;
	rc = kb_run(cfg, &o);
	if (kb_verbosity >= KB_LOG_WARN)
		fprintf(stderr, "kabar: record: %zu response%s of %s saved in %s\n", kb_recorder_count(rec),
			kb_recorder_count(rec) == 1 ? "" : "s", argv[optind], argv[optind + 1]);
out:
	free(err);
	kb_recorder_free(rec);
	kb_config_free(cfg);
	scratch_remove(scratch);
	return rc;
}

/* --- kabar test-plugin --- */

struct collected {
	struct kb_item *items;
	size_t n;
};

static void
collect_item(void *ud, const char *source, const struct kb_item *it, int is_new)
{
	struct collected *c = ud;

	(void)source;
	(void)is_new;
	if (c->n >= MAX_REPLAY_ITEMS)
		return;
	c->items = kb_reallocarray(c->items, c->n + 1, sizeof(*c->items));
	kb_item_copy(&c->items[c->n++], it);
}

/* A value for a message: its JSON, cut. New string. */
static char *
shown(struct json_object *v)
{
	const char *s = v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
			  : "(absent)";
	size_t n = strlen(s);

	if (n <= MAX_SHOWN_VALUE)
		return kb_strdup(s);
	return kb_asprintf("%.*s... (%zu bytes)", MAX_SHOWN_VALUE, s, n);
}

/* Compare two objects key by key (the union of their keys); prefix names
 * the place. Prints each difference; returns how many. */
static int
diff_objects(const char *prefix, struct json_object *want, struct json_object *got)
{
	struct json_object_iterator it, end;
	int n = 0, pass;

	for (pass = 0; pass < 2; pass++) {
		struct json_object *a = pass == 0 ? want : got, *b = pass == 0 ? got : want;

		it = json_object_iter_begin(a);
		end = json_object_iter_end(a);
		for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
			const char *key = json_object_iter_peek_name(&it);
			struct json_object *va = json_object_iter_peek_value(&it), *vb = NULL;
			int has_b = json_object_object_get_ex(b, key, &vb);

			if (pass == 1 && has_b)
				continue; /* seen in the first pass */
			if (has_b && json_object_equal(va, vb))
				continue;
			if (has_b && json_object_get_type(va) == json_type_object &&
			    json_object_get_type(vb) == json_type_object) {
				char *p = kb_asprintf("%s.%s", prefix, key);

				n += pass == 0 ? diff_objects(p, va, vb) : diff_objects(p, vb, va);
				free(p);
				continue;
			}
			{
				char *w = shown(pass == 0 ? va : (has_b ? vb : NULL));
				char *g = shown(pass == 0 ? (has_b ? vb : NULL) : va);

				printf("%s.%s: expected %s, got %s\n", prefix, key, w, g);
				free(w);
				free(g);
			}
			n++;
		}
	}
	return n;
}

static const char *
item_id(struct json_object *item)
{
	struct json_object *v;

	if (json_object_object_get_ex(item, "id", &v) && json_object_get_type(v) == json_type_string)
		return json_object_get_string(v);
	return NULL;
}

/* Compare the items of two JSON Feed documents by id; print the
 * differences; return how many. */
static int
diff_items(struct json_object *want, struct json_object *got, const char *expect_path)
{
	struct json_object *wi = NULL, *gi = NULL;
	size_t i, j, nw, ng;
	int n = 0;

	if (!json_object_object_get_ex(want, "items", &wi) || json_object_get_type(wi) != json_type_array) {
		printf("%s: no \"items\" array\n", expect_path);
		return 1;
	}
	json_object_object_get_ex(got, "items", &gi);
	nw = json_object_array_length(wi);
	ng = gi ? json_object_array_length(gi) : 0;
	for (i = 0; i < nw; i++) {
		struct json_object *w = json_object_array_get_idx(wi, i), *match = NULL;
		const char *id = item_id(w);
		char *prefix;

		for (j = 0; id && j < ng; j++) {
			const char *gid = item_id(json_object_array_get_idx(gi, j));

			if (gid && strcmp(gid, id) == 0) {
				match = json_object_array_get_idx(gi, j);
				break;
			}
		}
		if (!match) {
			printf("item %s: expected, not produced\n", id ? id : "(no id)");
			n++;
			continue;
		}
		prefix = kb_asprintf("item %s", id);
		n += diff_objects(prefix, w, match);
		free(prefix);
	}
	for (j = 0; j < ng; j++) {
		const char *gid = item_id(json_object_array_get_idx(gi, j));
		int found = 0;

		for (i = 0; gid && i < nw && !found; i++) {
			const char *id = item_id(json_object_array_get_idx(wi, i));

			found = id && strcmp(id, gid) == 0;
		}
		if (!found) {
			printf("item %s: produced, not expected\n", gid ? gid : "(no id)");
			n++;
		}
	}
	if (n == 0 && nw == ng) {
		/* Same items: the order must be the same too. */
		for (i = 0; i < nw; i++) {
			const char *a = item_id(json_object_array_get_idx(wi, i));
			const char *b = item_id(json_object_array_get_idx(gi, i));

			if (a && b && strcmp(a, b) != 0) {
				printf("items: expected %s at position %zu, got %s\n", a, i + 1, b);
				n++;
				break;
			}
		}
	}
	return n;
}

static struct json_object *
parse_json_text(const char *text, size_t len, const char *what)
{
	struct json_tokener *tok = json_tokener_new_ex(64);
	struct json_object *o;
	enum json_tokener_error je;

	if (!tok)
		return NULL;
	o = json_tokener_parse_ex(tok, text, (int)len);
	je = json_tokener_get_error(tok);
	if (!o || je != json_tokener_success) {
		fprintf(stderr, "kabar: test-plugin: %s: bad JSON at byte %zu: %s\n", what,
			json_tokener_get_parse_end(tok), json_tokener_error_desc(je));
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* The config a replay runs with: a scratch store, no politeness delay
 * (nothing goes out), and the recorded [source] section. NULL after
 * printing why. */
static struct kb_config *
replay_config(struct kb_recording *rec, const char *scratch, const char *plugin)
{
	struct kb_config *cfg = NULL;
	struct kb_diag d = { NULL, 0 };
	struct kb_buf text;
	size_t len, i;
	char *conf = kb_read_file(kb_recording_conf(rec), MAX_CONF, &len);

	if (!conf) {
		fprintf(stderr, "kabar: test-plugin: cannot read %s: %s\n", kb_recording_conf(rec), strerror(errno));
		return NULL;
	}
	kb_buf_init(&text, MAX_CONF * 2);
	kb_buf_printf(&text, "[kabar]\ndatabase = %s/kabar.db\nhost_delay = 0\n", scratch);
	kb_buf_add(&text, conf, len);
	free(conf);
	if (kb_config_load_string(text.data, text.len, kb_recording_conf(rec), &cfg, &d) != 0) {
		for (i = 0; i < d.n; i++)
			fprintf(stderr, "kabar: %s\n", d.msgs[i]);
		kb_diag_free(&d);
		kb_buf_free(&text);
		return NULL;
	}
	kb_diag_free(&d);
	kb_buf_free(&text);
	if (cfg->n_sources != 1) {
		fprintf(stderr, "kabar: test-plugin: %s must hold exactly one [source] section (it has %zu)\n",
			kb_recording_conf(rec), cfg->n_sources);
		kb_config_free(cfg);
		return NULL;
	}
	use_scratch_store(cfg, scratch);
	free(cfg->sources[0].plugin);
	cfg->sources[0].plugin = kb_strdup(plugin);
	return cfg;
}

int
kb_cmd_test_plugin(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "expect", required_argument, NULL, 'e' },    { "now", required_argument, NULL, 'N' },
		{ "isolation", required_argument, NULL, 'I' }, { "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },	       { NULL, 0, NULL, 0 },
	};
	struct kb_run_opts o;
	struct kb_recording *rec = NULL;
	struct kb_config *cfg = NULL;
	struct collected col = { NULL, 0 };
	struct kb_buf out;
	struct json_object *want = NULL, *got = NULL;
	const char *expect = NULL, *const * misses;
	char *scratch = NULL, *err = NULL, *text;
	size_t i, n_misses, len;
	int c, rc = KB_EXIT_CONFIG, run_rc, ndiff = 0;

	if (kb_cli_want_help(argc, argv, usage_test_plugin))
		return 0;
	memset(&o, 0, sizeof(o));
	o.isolation = KB_ISOLATION_INPROCESS;
	kb_buf_init(&out, SIZE_MAX / 2);
	while ((c = getopt_long(argc, argv, "vq", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			expect = optarg;
			break;
		case 'N':
			if (kb_cli_parse_now(optarg, &o.now) != 0)
				return KB_EXIT_CONFIG;
			break;
		case 'I':
			if (kb_cli_parse_isolation(optarg, &o.isolation) != 0) {
				fprintf(stderr, "kabar: bad --isolation '%s' (want inprocess or fork)\n", optarg);
				return KB_EXIT_CONFIG;
			}
			break;
		case 'v':
			o.verbose = 1;
			kb_verbosity = KB_LOG_INFO;
			break;
		case 'q':
			kb_verbosity = KB_LOG_ERROR;
			break;
		default:
			fputs(usage_test_plugin, stderr);
			return KB_EXIT_CONFIG;
		}
	}
	if (argc - optind != 2) {
		fputs(usage_test_plugin, stderr);
		return KB_EXIT_CONFIG;
	}
	if (kb_recording_open(argv[optind + 1], &rec, &err) != 0) {
		fprintf(stderr, "kabar: test-plugin: %s\n", err);
		goto out;
	}
	if (expect) {
		text = kb_read_file(expect, MAX_EXPECT, &len);
		if (!text) {
			fprintf(stderr, "kabar: test-plugin: cannot read %s: %s\n", expect, strerror(errno));
			goto out;
		}
		want = parse_json_text(text, len, expect);
		free(text);
		if (!want)
			goto out;
	}
	scratch = scratch_dir();
	if (!scratch)
		goto out;
	cfg = replay_config(rec, scratch, argv[optind]);
	if (!cfg)
		goto out;
	if (!o.now)
		o.now = kb_recording_time(rec) > 0 ? kb_recording_time(rec) : kb_now();
	o.only_source = cfg->sources[0].name;
	o.force = 1;
	o.no_outputs = 1;
	o.replay = rec;
	/* What the plugin and the extractor give, not the core's analysis
	 * (which depends on the domain data found). */
	o.no_analysis = 1;
	o.on_item = collect_item;
	o.on_item_ud = &col;
	run_rc = kb_run(cfg, &o);
	if (run_rc == KB_EXIT_CONFIG || run_rc == KB_EXIT_STORE || run_rc == KB_EXIT_LOCKED) {
		rc = run_rc;
		goto out;
	}
	rc = run_rc == KB_EXIT_OK ? 0 : 1;
	n_misses = kb_recording_misses(rec, &misses);
	for (i = 0; i < n_misses; i++)
		fprintf(stderr, "kabar: test-plugin: not recorded: %s\n", misses[i]);
	if (n_misses > 0)
		rc = 1;
	if (kb_jsonfeed_write(&out, NULL, cfg->sources[0].url, col.items, col.n, NULL) != 0) {
		fprintf(stderr, "kabar: test-plugin: cannot write the items as JSON\n");
		rc = 1;
		goto out;
	}
	if (!want) {
		fwrite(out.data, 1, out.len, stdout);
		fputc('\n', stdout);
		goto out;
	}
	got = parse_json_text(out.data, out.len, "the replay's items");
	ndiff = got ? diff_items(want, got, expect) : 1;
	if (ndiff > 0) {
		fprintf(stderr, "kabar: test-plugin: %d difference%s from %s\n", ndiff, ndiff == 1 ? "" : "s", expect);
		rc = 1;
	}
out:
	json_object_put(want);
	json_object_put(got);
	for (i = 0; i < col.n; i++)
		kb_item_free(&col.items[i]);
	free(col.items);
	kb_buf_free(&out);
	kb_config_free(cfg);
	kb_recording_free(rec);
	scratch_remove(scratch);
	free(err);
	return rc;
}
