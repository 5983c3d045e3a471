/* main.c: the kabar command line. */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <libxml/parser.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "cli.h"
#include "config.h"
#include "date.h"
#include "http.h"
#include "invoke.h"
#include "jsonfeed.h"
#include "plugin.h"
#include "run.h"
#include "store.h"
#include "util.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

#define MAX_PARSE_FILE ((uint64_t)64 * 1024 * 1024)

static const char usage_main[] =
	"usage: kabar [--version] [--help] COMMAND [ARGS]\n"
	"\n"
	"Aggregate news and press releases about regional MSME (UMKM) events.\n"
	"\n"
	"commands:\n"
	"  run       fetch every due source, store its items, write the outputs (the cron job)\n"
	"  export    write the outputs from the store without fetching\n"
	"  parse     parse feed files or URLs and print them as JSON Feed\n"
	"  check     validate the config and load every plugin it names\n"
	"  sources   list sources with their due time, last success and last error\n"
	"  plugins   list the plugins found, with version, ABI and API level\n"
	"  record    save what one run of a source fetches, for offline tests\n"
	"  test-plugin  replay a recording through a plugin, print or compare its items\n"
	"  discover  find the feeds a site offers and print [source] sections for them\n"
	"  extract   print the article of an HTML page (file or URL) as a JSON Feed item\n"
	"  explain   why an item (or a page, or a text) scored as it did: terms, region, event\n"
	"\n"
	"'kabar COMMAND --help' describes a command. The config file is -c FILE,\n"
	"else $KABAR_CONFIG, else ./kabar.conf, else " SYSCONFDIR "/kabar.conf.\n";

static const char usage_run[] = "usage: kabar run [-c CONFIG] [--force] [--source NAME] [--wait] [--isolation=MODE]\n"
				"                 [--now TIME] [--no-outputs] [-v|-q]\n"
				"\n"
				"Fetch every due source, hand responses to the plugins, store the items,\n"
				"then write the outputs.\n"
				"Quiet on success. A failing source is reported when it starts failing,\n"
				"once a day while it keeps failing, and when it recovers.\n"
				"\n"
				"  -c, --config FILE    the config file\n"
				"  -f, --force          ignore due times: fetch every enabled source now\n"
				"  -s, --source NAME    run only this source (even when disabled)\n"
				"  -w, --wait           wait for a running kabar instead of exiting with 75\n"
				"      --isolation MODE inprocess (default) or fork (a process per callback)\n"
				"      --now TIME       the run's clock (RFC 3339 or seconds since the epoch)\n"
				"      --no-outputs     do not write the outputs at the end\n"
				"  -v, --verbose        a line per source\n"
				"  -q, --quiet          errors only\n"
				"\n"
				"exit status: 0 no new failure, 1 a source newly failed, 2 config or usage\n"
				"error, 3 store error, 4 an output could not be written, 75 another run\n"
				"holds the lock.\n";

static const char usage_export[] = "usage: kabar export [-c CONFIG] [--output NAME] [--now TIME] [-v|-q]\n"
				   "\n"
				   "Write every [output] of the config (or only NAME) from the store, without\n"
				   "fetching. Each file is replaced atomically, and left alone when its content\n"
				   "is unchanged. The same store and the same --now give byte-identical files.\n"
				   "\n"
				   "  -c, --config FILE  the config file\n"
				   "  -o, --output NAME  write only this output\n"
				   "      --now TIME     the clock for every time-dependent choice (RFC 3339\n"
				   "                     or seconds since the epoch; default: now)\n"
				   "  -v, --verbose      a line per output\n"
				   "  -q, --quiet        errors only\n"
				   "\n"
				   "exit status: 0 written, 2 config or usage error, 3 store error, 4 an output\n"
				   "could not be written.\n";

static const char usage_parse[] = "usage: kabar parse [--isolation=MODE] SOURCE...\n"
				  "\n"
				  "Parse each SOURCE (a file path or an http(s) URL) as a feed with the rss\n"
				  "plugin and print it as one JSON Feed 1.1 document per line. Nothing is\n"
				  "stored. A source that cannot be read or parsed prints a document with no\n"
				  "items and an \"_kabar\": {\"error\": ...} member, and the exit status is 1.\n";

static const char usage_check[] = "usage: kabar check [-c CONFIG] [-q]\n"
				  "\n"
				  "Validate the config file and load every plugin it names, checking each\n"
				  "source's keys against what its plugin declares. Exit status 0 or 2.\n";

static const char usage_sources[] = "usage: kabar sources [-c CONFIG]\n"
				    "\n"
				    "List each source of the config with its due time, last success, consecutive\n"
				    "failures and last error, from the store.\n";

static const char usage_plugins[] =
	"usage: kabar plugins\n"
	"\n"
	"List the plugins found in the search path ($KABAR_PLUGIN_PATH, plugin_dir,\n"
	"the build tree when run uninstalled, " PKGLIBDIR "), and files that fail to load.\n";

const char *
kb_cli_default_config(void)
{
	const char *env = getenv("KABAR_CONFIG");

	if (env && *env)
		return env;
	if (access("kabar.conf", F_OK) == 0)
		return "kabar.conf";
	return SYSCONFDIR "/kabar.conf";
}

struct kb_config *
kb_cli_load_config(const char *path)
{
	struct kb_config *cfg = NULL;
	struct kb_diag d = { NULL, 0 };
	size_t i;

	if (kb_config_load(path, &cfg, &d) != 0) {
		for (i = 0; i < d.n; i++)
			fprintf(stderr, "kabar: %s\n", d.msgs[i]);
		kb_diag_free(&d);
		return NULL;
	}
	kb_diag_free(&d);
	return cfg;
}

int
kb_cli_want_help(int argc, char **argv, const char *usage)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 1;
		}
	}
	return 0;
}

int
kb_cli_parse_isolation(const char *s, int *out)
{
	if (strcmp(s, "inprocess") == 0 || strcmp(s, "in-process") == 0)
		*out = KB_ISOLATION_INPROCESS;
	else if (strcmp(s, "fork") == 0)
		*out = KB_ISOLATION_FORK;
	else
		return -1;
	return 0;
}

/* --now: an RFC 3339 instant (or any date kabar reads, in UTC) or
 * seconds since the epoch. */
int
kb_cli_parse_now(const char *s, int64_t *out)
{
	long long v;
	int off;

	if (kb_parse_int(s, 1, INT64_MAX / 2, &v) == 0) {
		*out = v;
		return 0;
	}
	if (kb_date_parse(s, "UTC", out, &off) == 0 && *out > 0)
		return 0;
	fprintf(stderr, "kabar: bad --now '%s' (want an RFC 3339 time or seconds since the epoch)\n", s);
	return -1;
}

static int
cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },    { "force", no_argument, NULL, 'f' },
		{ "source", required_argument, NULL, 's' },    { "wait", no_argument, NULL, 'w' },
		{ "isolation", required_argument, NULL, 'I' }, { "now", required_argument, NULL, 'N' },
		{ "no-outputs", no_argument, NULL, 'O' },      { "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },	       { NULL, 0, NULL, 0 },
	};
	struct kb_run_opts o;
	struct kb_config *cfg;
	const char *path = NULL;
	int c, rc;

	if (kb_cli_want_help(argc, argv, usage_run))
		return 0;
	memset(&o, 0, sizeof(o));
	o.isolation = -1;
	while ((c = getopt_long(argc, argv, "c:fs:wvq", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			o.force = 1;
			break;
		case 's':
			o.only_source = optarg;
			break;
		case 'w':
			o.wait_lock = 1;
			break;
		case 'I':
			if (kb_cli_parse_isolation(optarg, &o.isolation) != 0) {
				fprintf(stderr, "kabar: bad --isolation '%s' (want inprocess or fork)\n", optarg);
				return KB_EXIT_CONFIG;
			}
			break;
		case 'N':
			if (kb_cli_parse_now(optarg, &o.now) != 0)
				return KB_EXIT_CONFIG;
			break;
		case 'O':
			o.no_outputs = 1;
			break;
		case 'v':
			o.verbose = 1;
			kb_verbosity = KB_LOG_INFO;
			break;
		case 'q':
			kb_verbosity = KB_LOG_ERROR;
			break;
		default:
			fputs(usage_run, stderr);
			return KB_EXIT_CONFIG;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "kabar: run: unexpected argument '%s'\n", argv[optind]);
		return KB_EXIT_CONFIG;
	}
	o.progress = !o.verbose && kb_verbosity >= KB_LOG_WARN && isatty(STDERR_FILENO);
	cfg = kb_cli_load_config(path ? path : kb_cli_default_config());
	if (!cfg)
		return KB_EXIT_CONFIG;
	rc = kb_run(cfg, &o);
	kb_config_free(cfg);
	return rc;
}

static int
cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "output", required_argument, NULL, 'o' },
		{ "now", required_argument, NULL, 'N' },    { "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },	    { NULL, 0, NULL, 0 },
	};
	struct kb_config *cfg;
	struct kb_store *st = NULL;
	const char *path = NULL, *only = NULL;
	int64_t now = 0;
	int c, verbose = 0, failed, rc = 0;

	if (kb_cli_want_help(argc, argv, usage_export))
		return 0;
	while ((c = getopt_long(argc, argv, "c:o:vq", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'o':
			only = optarg;
			break;
		case 'N':
			if (kb_cli_parse_now(optarg, &now) != 0)
				return KB_EXIT_CONFIG;
			break;
		case 'v':
			verbose = 1;
			kb_verbosity = KB_LOG_INFO;
			break;
		case 'q':
			kb_verbosity = KB_LOG_ERROR;
			break;
		default:
			fputs(usage_export, stderr);
			return KB_EXIT_CONFIG;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "kabar: export: unexpected argument '%s'\n", argv[optind]);
		return KB_EXIT_CONFIG;
	}
	cfg = kb_cli_load_config(path ? path : kb_cli_default_config());
	if (!cfg)
		return KB_EXIT_CONFIG;
	if (only && !kb_config_output(cfg, only)) {
		fprintf(stderr, "kabar: no output named '%s' in %s\n", only, cfg->path);
		kb_config_free(cfg);
		return KB_EXIT_CONFIG;
	}
	if (cfg->n_outputs == 0 && kb_verbosity >= KB_LOG_WARN)
		fprintf(stderr, "kabar: %s has no [output] section: nothing to write\n", cfg->path);
	if (access(cfg->database, F_OK) != 0) {
		fprintf(stderr, "kabar: no store at %s yet: run 'kabar run' first\n", cfg->database);
		kb_config_free(cfg);
		return KB_EXIT_STORE;
	}
	if (kb_store_open(cfg->database, &st) != 0) {
		kb_config_free(cfg);
		return KB_EXIT_STORE;
	}
	failed = kb_run_outputs(cfg, st, only, now ? now : kb_now(), verbose);
	if (failed != 0)
		rc = KB_EXIT_OUTPUT;
	kb_store_close(st);
	kb_config_free(cfg);
	return rc;
}

/* Read a local file into a response. */
static int
read_file(const char *path, struct kb_fetch *f)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	char *abs = NULL;

	if (!fp) {
		f->result = KB_E_IO;
		f->error = kb_asprintf("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	kb_buf_init(&f->body, MAX_PARSE_FILE);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (kb_buf_add(&f->body, chunk, n) != 0) {
			fclose(fp);
			f->result = KB_E_TOOBIG;
			f->error =
				kb_asprintf("%s is larger than %llu bytes", path, (unsigned long long)MAX_PARSE_FILE);
			return -1;
		}
	}
	if (ferror(fp)) {
		fclose(fp);
		f->result = KB_E_IO;
		f->error = kb_asprintf("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	fclose(fp);
	abs = realpath(path, NULL);
	f->final_url = kb_asprintf("file://%s", abs ? abs : path);
	free(abs);
	f->status = 200;
	f->result = KB_OK;
	return 0;
}

static void
parse_done(void *ud, struct kb_fetch *f)
{
	(void)ud;
	(void)f;
}

/* Print a JSON Feed document for one source; 0 or -1 on failure (a
 * document with no items and the error is still printed). */
static int
parse_one(struct kb_plugin *rss, struct kb_http *http, const char *arg, int isolation)
{
	struct kb_fetch f;
	struct kabar_response resp;
	struct kb_results res;
	struct kb_invoke_opts io = { isolation, 60000, arg };
	struct kb_buf out;
	int is_url = strncmp(arg, "http://", 7) == 0 || strncmp(arg, "https://", 8) == 0;
	char *error = NULL;
	int rc = 0;

	memset(&f, 0, sizeof(f));
	memset(&res, 0, sizeof(res));
	kb_buf_init(&out, (size_t)512 * 1024 * 1024);
	if (is_url) {
		f.url = kb_strdup(arg);
		f.allow_private = 1; /* the user named this URL */
		kb_http_add(http, &f);
		kb_http_run(http, parse_done, NULL);
	} else {
		read_file(arg, &f);
	}
	if (f.result != KB_OK) {
		error = kb_asprintf("%s", f.error ? f.error : kb_strerror(f.result));
		goto print;
	}
	memset(&resp, 0, sizeof(resp));
	resp.url = f.final_url ? f.final_url : f.url;
	resp.status = (int)f.status;
	resp.headers = f.headers;
	resp.n_headers = f.n_headers;
	resp.body = f.body.data ? f.body.data : (char *)"";
	resp.len = f.body.len;
	kb_invoke(rss, NULL, NULL, &resp, &io, &res);
	if (res.err != KB_OK)
		error = kb_strdup(res.err_msg ? res.err_msg : "plugin failed");
	else if (res.result != KABAR_OK)
		error = kb_asprintf("not a usable feed%s%s", res.first_error || res.first_warning ? ": " : "",
				    res.first_error	? res.first_error
				    : res.first_warning ? res.first_warning
							: "");
print:
	if (kb_jsonfeed_write(&out, res.has_feed ? &res.feed : NULL, is_url ? arg : (f.final_url ? f.final_url : arg),
			      error ? NULL : res.items, error ? 0 : res.n_items, error) != 0) {
		fprintf(stderr, "kabar: parse: cannot write JSON for %s\n", arg);
		rc = -1;
	} else {
		fwrite(out.data, 1, out.len, stdout);
		fputc('\n', stdout);
	}
	if (error) {
		fprintf(stderr, "kabar: parse: %s: %s\n", arg, error);
		rc = -1;
	}
	free(error);
	kb_results_free(&res);
	kb_buf_free(&out);
	kb_fetch_free(&f);
	return rc;
}

static int
cmd_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "isolation", required_argument, NULL, 'I' },
		{ NULL, 0, NULL, 0 },
	};
	struct kb_plugin *rss;
	struct kb_http *http;
	struct kb_http_opts ho;
	char *err = NULL;
	int c, i, isolation = KB_ISOLATION_INPROCESS, rc = 0;

	if (kb_cli_want_help(argc, argv, usage_parse))
		return 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'I':
			if (kb_cli_parse_isolation(optarg, &isolation) != 0) {
				fprintf(stderr, "kabar: bad --isolation '%s'\n", optarg);
				return KB_EXIT_CONFIG;
			}
			break;
		default:
			fputs(usage_parse, stderr);
			return KB_EXIT_CONFIG;
		}
	}
	if (optind >= argc) {
		fputs(usage_parse, stderr);
		return KB_EXIT_CONFIG;
	}
	rss = kb_plugin_load("rss", &err);
	if (!rss) {
		fprintf(stderr, "kabar: %s\n", err);
		free(err);
		return KB_EXIT_CONFIG;
	}
	memset(&ho, 0, sizeof(ho));
	ho.host_delay_ms = 0;
	http = kb_http_new(&ho);
	for (i = optind; i < argc; i++)
		if (parse_one(rss, http, argv[i], isolation) != 0)
			rc = 1;
	kb_http_free(http);
	return rc;
}

static int
config_only_opts(int argc, char **argv, const char *usage, const char **path)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*path = NULL;
	while ((c = getopt_long(argc, argv, "c:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			*path = optarg;
			break;
		case 'q':
			kb_verbosity = KB_LOG_ERROR;
			break;
		default:
			fputs(usage, stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "kabar: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!*path)
		*path = kb_cli_default_config();
	return 0;
}

static int
cmd_check(int argc, char **argv)
{
	struct kb_config *cfg;
	const char *path;
	int problems;
	size_t i;

	if (kb_cli_want_help(argc, argv, usage_check))
		return 0;
	if (config_only_opts(argc, argv, usage_check, &path) != 0)
		return KB_EXIT_CONFIG;
	cfg = kb_cli_load_config(path);
	if (!cfg)
		return KB_EXIT_CONFIG;
	problems = kb_run_check_plugins(cfg);
	{
		char *why = NULL;
		struct kb_analyzer *an = kb_analyzer_open(cfg, &why);

		if (!an)
			kb_log(KB_LOG_WARN, "items will be stored without the MSME analysis: %s", why);
		kb_analyzer_free(an);
		free(why);
	}
	for (i = 0; i < cfg->n_sources; i++)
		if (cfg->sources[i].robots_ignore)
			kb_log(KB_LOG_WARN,
			       "%s:%d: source %s ignores robots.txt (robots = ignore): make sure the site allows it",
			       cfg->path, cfg->sources[i].line, cfg->sources[i].name);
	if (problems == 0 && kb_verbosity >= KB_LOG_WARN)
		printf("%s: ok, %zu sources, %zu outputs\n", cfg->path, cfg->n_sources, cfg->n_outputs);
	kb_config_free(cfg);
	return problems ? KB_EXIT_CONFIG : 0;
}

static void
plugins_ok(void *ud, const struct kb_plugin *p)
{
	int *n = ud;

	static const char *const types[] = { "?", "string", "int", "bool", "url", "duration", "xpath" };
	size_t i;

	printf("%-12s %-8s abi %u api %u  %s\n  %s\n", p->name, p->desc.version, p->desc.abi_major, p->desc.api_level,
	       p->path, p->desc.description);
	for (i = 0; i < p->n_options; i++) {
		const struct kabar_option *o = &p->options[i];

		printf("  %s (%s%s%s%s): %s\n", o->name, types[o->type <= KABAR_OPT_XPATH ? o->type : 0],
		       o->required ? ", required" : "", o->default_value ? ", default " : "",
		       o->default_value ? o->default_value : "", o->help ? o->help : "");
	}
	(*n)++;
}

static void
plugins_err(void *ud, const char *path, const char *err)
{
	(void)ud;
	(void)path;
	fprintf(stderr, "kabar: %s\n", err);
}

static int
cmd_plugins(int argc, char **argv)
{
	int n = 0;

	if (kb_cli_want_help(argc, argv, usage_plugins))
		return 0;
	if (argc > 1) {
		fputs(usage_plugins, stderr);
		return KB_EXIT_CONFIG;
	}
	printf("host: plugin ABI %u, API level %u\n", (unsigned)KABAR_ABI_MAJOR, (unsigned)KABAR_API_LEVEL);
	kb_plugin_scan(plugins_ok, plugins_err, &n);
	if (n == 0)
		printf("no plugins found\n");
	return 0;
}

static void
fmt_time(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0) {
		snprintf(buf, size, "-");
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%SZ", &tm);
}

static int
cmd_sources(int argc, char **argv)
{
	struct kb_config *cfg;
	struct kb_store *st = NULL;
	const char *path;
	size_t i;
	int rc = 0;
	int64_t now = kb_now();

	if (kb_cli_want_help(argc, argv, usage_sources))
		return 0;
	if (config_only_opts(argc, argv, usage_sources, &path) != 0)
		return KB_EXIT_CONFIG;
	cfg = kb_cli_load_config(path);
	if (!cfg)
		return KB_EXIT_CONFIG;
	if (access(cfg->database, F_OK) == 0 && kb_store_open(cfg->database, &st) != 0) {
		kb_config_free(cfg);
		return KB_EXIT_STORE;
	}
	printf("%-24s %-20s %-20s %5s %s\n", "SOURCE", "DUE", "LAST SUCCESS", "FAILS", "LAST ERROR");
	for (i = 0; i < cfg->n_sources; i++) {
		struct kb_source_state s;
		char due[32], ok[32];
		int64_t n_items = 0;

		memset(&s, 0, sizeof(s));
		if (st && kb_store_source_get(st, cfg->sources[i].name, &s) != 0) {
			rc = KB_EXIT_STORE;
			break;
		}
		if (st)
			kb_store_item_count(st, cfg->sources[i].name, &n_items);
		if (!cfg->sources[i].enabled)
			snprintf(due, sizeof(due), "disabled");
		else if (s.due <= now)
			snprintf(due, sizeof(due), "now");
		else
			fmt_time(s.due, due, sizeof(due));
		fmt_time(s.last_success, ok, sizeof(ok));
		printf("%-24s %-20s %-20s %5lld %s%s%s\n", cfg->sources[i].name, due, ok, (long long)s.failures,
		       s.error_class ? s.error_class : "", s.last_error ? ": " : "", s.last_error ? s.last_error : "");
		if (s.status_note)
			printf("%-24s note: %s\n", "", s.status_note);
		printf("%-24s %lld items\n", "", (long long)n_items);
		kb_source_state_free(&s);
	}
	if (st)
		kb_store_close(st);
	kb_config_free(cfg);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *cmd;
	int rc;

	if (argc < 2) {
		fputs(usage_main, stderr);
		return KB_EXIT_CONFIG;
	}
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("kabar %s (plugin ABI %u, API level %u)\n", PACKAGE_VERSION, (unsigned)KABAR_ABI_MAJOR,
		       (unsigned)KABAR_API_LEVEL);
		return 0;
	}
	/* Writes to a dead worker or a closed pipe are errors, not deaths. */
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "kabar: cannot initialise libcurl\n");
		return 1;
	}
	xmlInitParser();
	argc--;
	argv++;
	if (strcmp(cmd, "run") == 0)
		rc = cmd_run(argc, argv);
	else if (strcmp(cmd, "export") == 0)
		rc = cmd_export(argc, argv);
	else if (strcmp(cmd, "parse") == 0)
		rc = cmd_parse(argc, argv);
	else if (strcmp(cmd, "check") == 0)
		rc = cmd_check(argc, argv);
	else if (strcmp(cmd, "sources") == 0)
		rc = cmd_sources(argc, argv);
	else if (strcmp(cmd, "plugins") == 0)
		rc = cmd_plugins(argc, argv);
	else if (strcmp(cmd, "record") == 0)
		rc = kb_cmd_record(argc, argv);
	else if (strcmp(cmd, "test-plugin") == 0)
		rc = kb_cmd_test_plugin(argc, argv);
	else if (strcmp(cmd, "discover") == 0)
		rc = kb_cmd_discover(argc, argv);
	else if (strcmp(cmd, "extract") == 0)
		rc = kb_cmd_extract(argc, argv);
	else if (strcmp(cmd, "explain") == 0)
		rc = kb_cmd_explain(argc, argv);
	else {
		fprintf(stderr, "kabar: unknown command '%s'; see 'kabar --help'\n", cmd);
		rc = KB_EXIT_CONFIG;
	}
	kb_plugin_unload_all();
	xmlCleanupParser();
	curl_global_cleanup();
	return rc;
}
