/* test-invoke.c: the transport between core and plugin callbacks, in
 * process and in a forked process per callback. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#include "invoke.h"
#include "tap.h"
#include "util.h"

static char plugdir[4096];

static struct kb_plugin *
load(const char *name)
{
	char *path = kb_asprintf("%s/%s.so", plugdir, name), *err = NULL;
	struct kb_plugin *p = kb_plugin_load(path, &err);

	if (!p)
		diag("cannot load %s: %s", path, err ? err : "?");
	free(err);
	free(path);
	return p;
}

static void
make_resp(struct kabar_response *r, const char *body, const char *tag)
{
	static struct kb_header hdrs[] = {
		{ (char *)"Content-Type", (char *)"text/plain; charset=utf-8" },
	};
	static char *meta[] = { (char *)"page", (char *)"1" };

	memset(r, 0, sizeof(*r));
	r->url = (char *)"http://example.org/list/index.html";
	r->status = 200;
	r->headers = hdrs;
	r->n_headers = 1;
	r->body = (char *)body;
	r->len = strlen(body);
	r->tag = (char *)tag;
	if (tag) {
		r->meta = meta;
		r->n_meta = 1;
	}
}

static int
run(struct kb_plugin *p, const char *body, const char *tag, int fork_mode, int64_t timeout, struct kb_results *res)
{
	struct kabar_response resp;
	struct kb_invoke_opts o = { fork_mode ? KB_ISOLATION_FORK : KB_ISOLATION_INPROCESS, timeout, "test-source" };

	make_resp(&resp, body, tag);
	return kb_invoke(p, NULL, "Asia/Jakarta", &resp, &o, res);
}

static void
test_both_modes(struct kb_plugin *good, struct kb_plugin *crash)
{
	int mode;

	for (mode = 0; mode < 2; mode++) {
		const char *m = mode ? "fork" : "in-process";
		struct kb_results r;
		int rc;

		rc = run(good, "http://example.org/a\tFirst\nb.html\tSecond\n", NULL, mode, 5000, &r);
		is_int(rc, 0, "%s: good plugin runs", m);
		is_int(r.n_items, 2, "%s: two items", m);
		if (r.n_items == 2) {
			is_str(r.items[0].url, "http://example.org/a", "%s: first url", m);
			is_str(r.items[0].title, "First", "%s: first title", m);
			is_str(r.items[1].url, "http://example.org/list/b.html",
			       "%s: relative url resolved against the response", m);
			ok(r.items[1].key != NULL, "%s: item has a key", m);
		}
		is_int(r.err, KB_OK, "%s: no error", m);
		kb_results_free(&r);

		rc = run(crash, "emit 25", NULL, mode, 5000, &r);
		is_int(r.n_items, 25, "%s: 25 items cross the transport", m);
		kb_results_free(&r);

		rc = run(crash, "follow", "listing", mode, 5000, &r);
		is_int(r.n_follows, 1, "%s: one follow request", m);
		if (r.n_follows == 1) {
			is_str(r.follows[0].url, "http://example.org/list/next?page=2", "%s: follow url resolved", m);
			is_str(r.follows[0].tag, "listing", "%s: follow tag", m);
			is_int(r.follows[0].n_meta, 2, "%s: two metadata pairs", m);
			if (r.follows[0].n_meta == 2) {
				is_str(r.follows[0].meta[0], "page", "%s: meta key", m);
				is_str(r.follows[0].meta[3], "ekonomi", "%s: meta value", m);
			}
			is_int(r.follows[0].flags, KABAR_FOLLOW_NEW_ONLY, "%s: flags", m);
		}
		is_int(r.n_warnings, 1, "%s: plugin warning counted", m);
		ok(r.first_warning && strstr(r.first_warning, "follow from tag listing"),
		   "%s: the response's tag reached the plugin", m);
		kb_results_free(&r);

		rc = run(crash, "oldsize", NULL, mode, 5000, &r);
		is_int(r.n_items, 1, "%s: an item from an older, smaller struct is accepted", m);
		if (r.n_items == 1) {
			is_str(r.items[0].id, "old-1", "%s: old item id", m);
			is_str(r.items[0].title, "old plugin item", "%s: old item title", m);
			ok(r.items[0].content_html == NULL || r.items[0].content_html[0] == '\0',
			   "%s: fields past the old struct are empty", m);
			ok(r.items[0].published == KB_NO_TIME, "%s: time past the old struct is unknown", m);
		}
		kb_results_free(&r);
		(void)rc;
	}
}

static void
test_crashes(struct kb_plugin *crash)
{
	struct kb_results r;
	int rc;

	rc = run(crash, "segv", NULL, 1, 5000, &r);
	is_int(rc, -1, "segfaulting plugin fails the callback");
	is_int(r.err, KB_E_CRASH, "error class plugin-crash");
	/* SIGSEGV (11), or SIGABRT (6) where AddressSanitizer catches it first. */
	ok(r.err_msg && (strstr(r.err_msg, "crashed (signal 11") || strstr(r.err_msg, "crashed (signal 6")),
	   "message names the signal: %s", r.err_msg ? r.err_msg : "");
	kb_results_free(&r);

	rc = run(crash, "abort", NULL, 1, 5000, &r);
	is_int(r.err, KB_E_CRASH, "aborting plugin is caught");
	kb_results_free(&r);

	rc = run(crash, "hang", NULL, 1, 300, &r);
	is_int(r.err, KB_E_CRASH, "hanging plugin is killed after the timeout");
	ok(r.err_msg && strstr(r.err_msg, "300 ms"), "message names the timeout: %s", r.err_msg ? r.err_msg : "");
	kb_results_free(&r);

	rc = run(crash, "exit", NULL, 1, 5000, &r);
	is_int(r.err, KB_E_CRASH, "plugin calling exit() is caught");
	kb_results_free(&r);
	(void)rc;
}

static void
test_stateful(struct kb_plugin *st)
{
	struct kb_results r;
	size_t total_fork = 0, total_inproc = 0;
	int i;

	for (i = 0; i < 3; i++) {
		run(st, "x", NULL, 1, 5000, &r);
		total_fork += r.n_items;
		kb_results_free(&r);
	}
	is_int(total_fork, 0, "fork isolation: a plugin relying on state between callbacks gets nothing");
	for (i = 0; i < 3; i++) {
		run(st, "x", NULL, 0, 5000, &r);
		total_inproc += r.n_items;
		kb_results_free(&r);
	}
	is_int(total_inproc, 2, "in-process the same plugin 'works', which is why tests use fork");
}

static void
test_start_default(struct kb_plugin *good)
{
	struct kb_results r;
	struct kb_invoke_opts o = { KB_ISOLATION_FORK, 5000, "t" };

	/* No source: the default start has no url and fails cleanly. */
	kb_invoke(good, NULL, NULL, NULL, &o, &r);
	is_int(r.result, KABAR_FAIL, "default start without a url fails");
	is_int(r.n_follows, 0, "and requests nothing");
	kb_results_free(&r);
}

int
main(void)
{
	const char *bd = getenv("top_builddir");
	struct kb_plugin *good, *crash, *st;

	signal(SIGPIPE, SIG_IGN); /* as kabar's main does */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(plugdir, sizeof(plugdir), "%s/tests/plugins/.libs", bd ? bd : ".");
	good = load("good");
	crash = load("crash");
	st = load("stateful");
	ok(good && crash && st, "test plugins load");
	if (good && crash && st) {
		test_both_modes(good, crash);
		test_crashes(crash);
		test_stateful(st);
		test_start_default(good);
	}
	kb_plugin_unload_all();
	curl_global_cleanup();
	return done_testing();
}
