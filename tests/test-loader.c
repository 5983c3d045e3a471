/* test-loader.c: the plugin loader accepts good plugins and rejects every
 * kind of broken one with one clear message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "plugin.h"
#include "tap.h"
#include "util.h"

static char plugdir[4096];

static char *
plugin_path(const char *name)
{
	return kb_asprintf("%s/%s.so", plugdir, name);
}

/* Load by path; expect failure with every fragment in the message. */
static void
expect_reject(const char *name, const char *frag1, const char *frag2)
{
	char *path = plugin_path(name), *err = NULL;
	struct kb_plugin *p = kb_plugin_load(path, &err);

	ok(p == NULL, "%s is rejected", name);
	ok(err && strstr(err, path) != NULL, "%s: message names the file", name);
	ok(err && strstr(err, frag1) != NULL, "%s: message says '%s'", name, frag1);
	if (frag2)
		ok(err && strstr(err, frag2) != NULL, "%s: message says '%s'", name, frag2);
	if (err)
		diag("%s", err);
	free(err);
	free(path);
}

static void
test_rejections(void)
{
	char numbers[128], provides[64];
	char *path, *err = NULL;
	FILE *f;

	snprintf(numbers, sizeof(numbers), "ABI %u", KABAR_ABI_MAJOR + 1);
	expect_reject("bad-abi", numbers, "this kabar has ABI 1");
	snprintf(numbers, sizeof(numbers), "level %u", KABAR_API_LEVEL + 7);
	snprintf(provides, sizeof(provides), "provides level %u", KABAR_API_LEVEL);
	expect_reject("new-api", numbers, provides);
	expect_reject("no-parse", "no parse callback", NULL);
	expect_reject("no-entry", "no entry symbol kabar_plugin_entry", NULL);
	expect_reject("bad-options", "option 'url' is a core key", NULL);

	/* A text file with a .so name. */
	path = kb_asprintf("%s/not-elf-XXXXXX.so", P_tmpdir);
	{
		int fd = mkstemps(path, 3);

		ok(fd >= 0, "temp file created");
		f = fdopen(fd, "w");
		fputs("this is not a plugin\n", f);
		fclose(f);
	}
	ok(kb_plugin_load(path, &err) == NULL, "a text file is rejected");
	ok(err && strstr(err, "not a shared object") && strstr(err, path),
	   "message says not a shared object and names it");
	free(err);
	err = NULL;
	/* An executable ELF that is not a shared object: /bin/sh is PIE (ET_DYN)
	 * on Debian, so use the relocatable test object instead. */
	unlink(path);
	free(path);

	ok(kb_plugin_load("/nonexistent/dir/x.so", &err) == NULL, "a missing file is rejected");
	ok(err && strstr(err, "/nonexistent/dir/x.so") && strstr(err, "No such file"),
	   "message names the file and the reason");
	free(err);
	err = NULL;

	ok(kb_plugin_load("no-such-plugin", &err) == NULL, "an unknown plugin name is rejected");
	ok(err && strstr(err, "'no-such-plugin' not found"), "message says not found");
	free(err);
	err = NULL;

	ok(kb_plugin_load("Bad Name", &err) == NULL, "a bad plugin name is rejected");
	ok(err && strstr(err, "bad plugin name"), "message says bad plugin name");
	free(err);
}

static void
test_good(void)
{
	char *path = plugin_path("good"), *err = NULL;
	struct kb_plugin *p = kb_plugin_load(path, &err), *again;

	ok(p != NULL, "good plugin loads by path");
	if (!p) {
		diag("%s", err ? err : "?");
		free(err);
		free(path);
		return;
	}
	is_str(p->name, "good", "name from the descriptor");
	is_str(p->desc.version, "1.2.3", "version");
	is_int(p->desc.abi_major, KABAR_ABI_MAJOR, "abi");
	is_int(p->n_options, 3, "three options");
	is_str(p->options[0].name, "selector", "first option");
	ok(p->options[0].required, "selector is required");
	is_str(p->options[1].default_value, "3", "pages default");
	is_int(p->options[2].type, KABAR_OPT_BOOL, "strict is a bool");
	is_int(p->options[3].struct_size, 0, "option table ends with a zero entry");
	again = kb_plugin_load(path, &err);
	ok(again == p, "loading twice gives the cached plugin");

	/* By name through KABAR_PLUGIN_PATH. */
	setenv("KABAR_PLUGIN_PATH", plugdir, 1);
	again = kb_plugin_load("good", &err);
	ok(again == p, "found by name through KABAR_PLUGIN_PATH and cached");
	free(path);
}

static void
test_by_name_mismatch(void)
{
	char *err = NULL;
	char *dir = kb_asprintf("%s/kabar-loader-XXXXXX", P_tmpdir);
	char *src, *dst;

	ok(mkdtemp(dir) != NULL, "temp dir");
	/* good.so copied as other.so: it calls itself "good". */
	src = plugin_path("good");
	dst = kb_asprintf("%s/other.so", dir);
	ok(symlink(src, dst) == 0, "symlink other.so -> good.so");
	setenv("KABAR_PLUGIN_PATH", dir, 1);
	ok(kb_plugin_load("other", &err) == NULL, "a plugin whose name differs from its file is rejected");
	ok(err && strstr(err, "calls itself 'good', not 'other'"), "message names both");
	free(err);
	unlink(dst);
	rmdir(dir);
	free(src);
	free(dst);
	free(dir);
}

struct scan_result {
	int found_good;
	int errors;
	int found_bad_abi_error;
};

static void
scan_ok(void *ud, const struct kb_plugin *p)
{
	struct scan_result *r = ud;

	if (strcmp(p->name, "good") == 0)
		r->found_good++;
}

static void
scan_err(void *ud, const char *path, const char *err)
{
	struct scan_result *r = ud;

	r->errors++;
	if (strstr(path, "bad-abi") && strstr(err, "ABI"))
		r->found_bad_abi_error = 1;
}

static void
test_scan(void)
{
	struct scan_result r = { 0, 0, 0 };

	setenv("KABAR_PLUGIN_PATH", plugdir, 1);
	kb_plugin_scan(scan_ok, scan_err, &r);
	is_int(r.found_good, 1, "scan finds the good plugin once");
	ok(r.errors >= 4, "scan reports the broken ones (%d)", r.errors);
	ok(r.found_bad_abi_error, "scan names the ABI mismatch");
}

static void
test_config_keys(void)
{
	struct kb_config *cfg = NULL;
	struct kb_diag d = { NULL, 0 };
	char *err = NULL;
	struct kb_plugin *p;
	const char *text = "[source a]\nplugin = good\nurl = http://example.org/\nselector = //a\npages = 5\n"
			   "[source b]\nplugin = good\nurl = http://example.org/\nbogus = 1\npages = many\n";
	int n;

	setenv("KABAR_PLUGIN_PATH", plugdir, 1);
	p = kb_plugin_load("good", &err);
	free(err);
	if (kb_config_load_string(text, strlen(text), "/tmp/test.conf", &cfg, &d) != 0 || !p) {
		ok(0, "config loads");
		kb_diag_free(&d);
		return;
	}
	n = kb_config_check_plugin_keys(cfg, &cfg->sources[0], p->options, p->name, &d);
	is_int(n, 0, "a source with the plugin's keys passes");
	n = kb_config_check_plugin_keys(cfg, &cfg->sources[1], p->options, p->name, &d);
	is_int(n, 3, "unknown key, bad int and missing required key are reported");
	ok(d.n == 3 && d.msgs[0] && strstr(d.msgs[0], "/tmp/test.conf:"), "messages name the file");
	{
		size_t i;
		int unknown = 0, missing = 0, bad = 0;

		for (i = 0; i < d.n; i++) {
			diag("%s", d.msgs[i]);
			if (strstr(d.msgs[i], "bogus"))
				unknown = 1;
			if (strstr(d.msgs[i], "selector"))
				missing = 1;
			if (strstr(d.msgs[i], "pages"))
				bad = 1;
		}
		ok(unknown && missing && bad, "each problem named by key");
	}
	kb_diag_free(&d);
	kb_config_free(cfg);
}

int
main(void)
{
	const char *bd = getenv("top_builddir");

	snprintf(plugdir, sizeof(plugdir), "%s/tests/plugins/.libs", bd ? bd : ".");
	unsetenv("KABAR_PLUGIN_PATH");
	test_rejections();
	test_good();
	test_by_name_mismatch();
	test_scan();
	test_config_keys();
	kb_plugin_unload_all();
	return done_testing();
}
