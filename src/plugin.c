/* plugin.c: finding, loading and checking source plugins.
 *
 * A plugin is loaded with dlopen(RTLD_NOW | RTLD_LOCAL); its one entry
 * symbol returns a descriptor that is checked field by field before the
 * core uses anything in it. Every rejection is one message naming the
 * file and what is wrong with it. */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin.h"
#include "util.h"

#ifndef PKGLIBDIR
#define PKGLIBDIR "/usr/local/lib/kabar"
#endif

#define MAX_OPTIONS 256

static char *config_plugin_dir;
static char *build_dir_override;

static struct kb_plugin **loaded;
static size_t n_loaded;

/* Keys the core owns in every [source] section; a plugin may not declare them. */
static const char *const core_source_keys[] = {
	"plugin",    "url",	    "region",	     "timezone", "interval",	    "tags",
	"enabled",   "allow_file",  "allow_private", "timeout",	 "connect_timeout", "max_body_size",
	"max_items", "max_follows", "name",
};

void
kb_plugin_set_config_dir(const char *plugin_dir)
{
	free(config_plugin_dir);
	config_plugin_dir = kb_strdup(plugin_dir);
}

void
kb_plugin_set_build_dir(const char *dir)
{
	free(build_dir_override);
	build_dir_override = kb_strdup(dir);
}

/* The build tree when this program runs from it, else NULL. */
static const char *
build_dir(void)
{
	static char exe[4096];
	static int checked;
	static int inside;
	size_t blen = strlen(KABAR_BUILD_DIR);
	ssize_t n;

	if (build_dir_override)
		return build_dir_override;
	if (!checked) {
		checked = 1;
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n > 0) {
			exe[n] = '\0';
			inside = strncmp(exe, KABAR_BUILD_DIR, blen) == 0 && exe[blen] == '/';
		}
	}
	return inside ? KABAR_BUILD_DIR : NULL;
}

static int
valid_name(const char *s)
{
	size_t i;

	if (!s || !*s || strlen(s) > 64)
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static int
valid_key(const char *s)
{
	size_t i;

	if (!s || !*s || strlen(s) > 64)
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

static int
is_core_key(const char *k)
{
	size_t i;

	for (i = 0; i < KB_ARRAY_LEN(core_source_keys); i++)
		if (strcmp(k, core_source_keys[i]) == 0)
			return 1;
	return 0;
}

static void
plugin_free(struct kb_plugin *p)
{
	if (!p)
		return;
	if (p->handle)
		dlclose(p->handle);
	free(p->name);
	free(p->path);
	free(p->options);
	free(p);
}

/* Is path an ELF shared object? 1 yes, 0 no (with *why), -1 unreadable. */
static int
check_elf(const char *path, const char **why)
{
	unsigned char hdr[18];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	n = read(fd, hdr, sizeof(hdr));
	close(fd);
	if (n < (ssize_t)sizeof(hdr) || memcmp(hdr, "\177ELF", 4) != 0) {
		*why = "not a shared object (no ELF header)";
		return 0;
	}
	/* e_type at offset 16, in the file's byte order: ET_DYN = 3. */
	if (!((hdr[5] == 1 && hdr[16] == 3 && hdr[17] == 0) || (hdr[5] == 2 && hdr[16] == 0 && hdr[17] == 3))) {
		*why = "not a shared object (ELF file of another type)";
		return 0;
	}
	return 1;
}

/* Copy and check the option table. 0, or -1 with *err. */
static int
copy_options(struct kb_plugin *p, const struct kabar_option *opts, char **err)
{
	const unsigned char *base = (const unsigned char *)opts;
	size_t stride, i, j, n = 0;

	if (!opts)
		goto empty;
	stride = opts[0].struct_size;
	if (stride == 0)
		goto empty;
	if (stride < offsetof(struct kabar_option, help) + sizeof(const char *) || stride > 4096) {
		*err = kb_asprintf("plugin %s: option table entries have a bad struct_size %zu", p->path, stride);
		return -1;
	}
	p->options = kb_calloc(MAX_OPTIONS + 1, sizeof(struct kabar_option));
	for (i = 0; i < MAX_OPTIONS; i++) {
		struct kabar_option o;

		memcpy(&o, base + i * stride, sizeof(o) < stride ? sizeof(o) : stride);
		if (stride < sizeof(o))
			memset((char *)&o + stride, 0, sizeof(o) - stride);
		if (o.struct_size == 0)
			break;
		if (o.struct_size != stride) {
			*err = kb_asprintf("plugin %s: option %zu has struct_size %zu, the first has %zu", p->path, i,
					   o.struct_size, stride);
			return -1;
		}
		if (!valid_key(o.name)) {
			*err = kb_asprintf("plugin %s: option %zu has a bad name (want [a-z0-9_]+)", p->path, i);
			return -1;
		}
		if (is_core_key(o.name)) {
			*err = kb_asprintf("plugin %s: option '%s' is a core key and cannot be declared by a plugin",
					   p->path, o.name);
			return -1;
		}
		if (o.type < KABAR_OPT_STRING || o.type > KABAR_OPT_XPATH) {
			*err = kb_asprintf("plugin %s: option '%s' has an unknown type %d", p->path, o.name,
					   (int)o.type);
			return -1;
		}
		for (j = 0; j < n; j++) {
			if (strcmp(p->options[j].name, o.name) == 0) {
				*err = kb_asprintf("plugin %s: option '%s' is declared twice", p->path, o.name);
				return -1;
			}
		}
		o.struct_size = sizeof(struct kabar_option);
		p->options[n++] = o;
	}
	if (i == MAX_OPTIONS) {
		*err = kb_asprintf("plugin %s: option table has no end marker within %d entries", p->path, MAX_OPTIONS);
		return -1;
	}
	p->n_options = n;
	return 0;
empty:
	p->options = kb_calloc(1, sizeof(struct kabar_option));
	p->n_options = 0;
	return 0;
}

/* Load the shared object at path. want_name: the name it was asked for, or NULL. */
static struct kb_plugin *
load_path(const char *path, const char *want_name, char **err)
{
	struct kb_plugin *p;
	kabar_plugin_entry_fn entry;
	const struct kabar_plugin *d;
	const char *why = NULL;
	size_t minsize = offsetof(struct kabar_plugin, parse) + sizeof(d->parse);
	void *sym;
	int elf;

	*err = NULL;
	elf = check_elf(path, &why);
	if (elf < 0) {
		*err = kb_asprintf("cannot load plugin %s: %s", path, why);
		return NULL;
	}
	if (elf == 0) {
		*err = kb_asprintf("cannot load plugin %s: %s", path, why);
		return NULL;
	}
	p = kb_calloc(1, sizeof(*p));
	p->path = kb_strdup(path);
	dlerror();
	p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!p->handle) {
		const char *e = dlerror();

		*err = kb_asprintf("cannot load plugin %s: %s", path, e ? e : "dlopen failed");
		goto fail;
	}
	dlerror();
	sym = dlsym(p->handle, KABAR_PLUGIN_ENTRY_NAME);
	if (!sym) {
		*err = kb_asprintf(
			"cannot load plugin %s: no entry symbol %s (is it a kabar plugin? define it with KABAR_PLUGIN())",
			path, KABAR_PLUGIN_ENTRY_NAME);
		goto fail;
	}
	memcpy(&entry, &sym, sizeof(entry));
	d = entry();
	if (!d) {
		*err = kb_asprintf("cannot load plugin %s: its entry function returned no descriptor", path);
		goto fail;
	}
	if (d->struct_size < offsetof(struct kabar_plugin, api_level) + sizeof(d->api_level)) {
		*err = kb_asprintf("cannot load plugin %s: descriptor too small (struct_size %zu)", path,
				   d->struct_size);
		goto fail;
	}
	if (d->abi_major != KABAR_ABI_MAJOR) {
		*err = kb_asprintf(
			"cannot load plugin %s: it was built for plugin ABI %u, this kabar has ABI %u; rebuild it against this kabar's <kabar/plugin.h>",
			path, d->abi_major, (unsigned)KABAR_ABI_MAJOR);
		goto fail;
	}
	if (d->api_level > KABAR_API_LEVEL) {
		*err = kb_asprintf(
			"cannot load plugin %s: it needs plugin API level %u, this kabar provides level %u; upgrade kabar",
			path, d->api_level, (unsigned)KABAR_API_LEVEL);
		goto fail;
	}
	if (d->struct_size < minsize) {
		*err = kb_asprintf("cannot load plugin %s: descriptor too small (struct_size %zu, need at least %zu)",
				   path, d->struct_size, minsize);
		goto fail;
	}
	memcpy(&p->desc, d, d->struct_size < sizeof(p->desc) ? d->struct_size : sizeof(p->desc));
	if (!valid_name(p->desc.name)) {
		*err = kb_asprintf("cannot load plugin %s: descriptor has a missing or bad name (want [a-z0-9_-]+)",
				   path);
		goto fail;
	}
	if (want_name && strcmp(want_name, p->desc.name) != 0) {
		*err = kb_asprintf("cannot load plugin %s: it calls itself '%s', not '%s'", path, p->desc.name,
				   want_name);
		goto fail;
	}
	if (!p->desc.parse) {
		*err = kb_asprintf("cannot load plugin %s: descriptor has no parse callback", path);
		goto fail;
	}
	if (!p->desc.version)
		p->desc.version = "";
	if (!p->desc.description)
		p->desc.description = "";
	if (copy_options(p, p->desc.options, err) != 0)
		goto fail;
	p->name = kb_strdup(p->desc.name);
	return p;
fail:
	plugin_free(p);
	return NULL;
}

/* Call fn(dir) for each directory of the search path, in order, until it
 * returns nonzero. Build-tree layout is plugins/NAME/.libs/NAME.so. */
static int
each_dir(int (*fn)(void *ud, const char *dir, int build_tree), void *ud)
{
	const char *env = getenv("KABAR_PLUGIN_PATH");
	const char *bd;
	int r;

	if (env && *env) {
		char *copy = kb_strdup(env), *s = copy, *colon;

		for (;;) {
			colon = strchr(s, ':');
			if (colon)
				*colon = '\0';
			if (*s) {
				r = fn(ud, s, 0);
				if (r) {
					free(copy);
					return r;
				}
			}
			if (!colon)
				break;
			s = colon + 1;
		}
		free(copy);
	}
	if (config_plugin_dir) {
		r = fn(ud, config_plugin_dir, 0);
		if (r)
			return r;
	}
	bd = build_dir();
	if (bd) {
		r = fn(ud, bd, 1);
		if (r)
			return r;
	}
	return fn(ud, PKGLIBDIR, 0);
}

struct find {
	const char *name;
	char *path;
};

static int
find_in_dir(void *ud, const char *dir, int build_tree)
{
	struct find *f = ud;
	struct stat st;
	char *path;

	if (build_tree)
		path = kb_asprintf("%s/plugins/%s/.libs/%s.so", dir, f->name, f->name);
	else
		path = kb_asprintf("%s/%s.so", dir, f->name);
	if (stat(path, &st) == 0) {
		f->path = path;
		return 1;
	}
	free(path);
	return 0;
}

struct kb_plugin *
kb_plugin_load(const char *name, char **err)
{
	struct kb_plugin *p;
	struct find f = { name, NULL };
	size_t i;

	*err = NULL;
	if (!name || !*name) {
		*err = kb_strdup("no plugin named");
		return NULL;
	}
	if (strchr(name, '/')) {
		p = load_path(name, NULL, err);
	} else {
		for (i = 0; i < n_loaded; i++)
			if (strcmp(loaded[i]->name, name) == 0)
				return loaded[i];
		if (!valid_name(name)) {
			*err = kb_asprintf("bad plugin name '%s' (want [a-z0-9_-]+)", name);
			return NULL;
		}
		each_dir(find_in_dir, &f);
		if (!f.path) {
			*err = kb_asprintf("plugin '%s' not found (searched KABAR_PLUGIN_PATH, plugin_dir, %s)", name,
					   PKGLIBDIR);
			return NULL;
		}
		p = load_path(f.path, name, err);
		free(f.path);
	}
	if (!p)
		return NULL;
	for (i = 0; i < n_loaded; i++) {
		if (strcmp(loaded[i]->name, p->name) == 0) {
			if (strcmp(loaded[i]->path, p->path) != 0) {
				*err = kb_asprintf(
					"cannot load plugin %s: a plugin named '%s' is already loaded from %s", p->path,
					p->name, loaded[i]->path);
				plugin_free(p);
				return NULL;
			}
			plugin_free(p);
			return loaded[i];
		}
	}
	loaded = kb_reallocarray(loaded, n_loaded + 1, sizeof(*loaded));
	loaded[n_loaded++] = p;
	return p;
}

void
kb_plugin_unload_all(void)
{
	size_t i;

	for (i = 0; i < n_loaded; i++)
		plugin_free(loaded[i]);
	free(loaded);
	loaded = NULL;
	n_loaded = 0;
	free(config_plugin_dir);
	config_plugin_dir = NULL;
	free(build_dir_override);
	build_dir_override = NULL;
}

struct scan {
	void (*fn)(void *ud, const struct kb_plugin *p);
	void (*err_fn)(void *ud, const char *path, const char *err);
	void *ud;
	char **seen;
	size_t n_seen;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
scan_file(struct scan *s, const char *path)
{
	struct kb_plugin *p;
	char *err = NULL;
	const char *base = strrchr(path, '/');
	size_t i;

	base = base ? base + 1 : path;
	for (i = 0; i < s->n_seen; i++)
		if (strcmp(s->seen[i], base) == 0)
			return; /* shadowed by an earlier directory */
	s->seen = kb_reallocarray(s->seen, s->n_seen + 1, sizeof(char *));
	s->seen[s->n_seen++] = kb_strdup(base);
	p = kb_plugin_load(path, &err);
	if (p)
		s->fn(s->ud, p);
	else if (s->err_fn)
		s->err_fn(s->ud, path, err);
	free(err);
}

static int
scan_dir(void *ud, const char *dir, int build_tree)
{
	struct scan *s = ud;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;

	if (build_tree) {
		char *pd = kb_asprintf("%s/plugins", dir);

		d = opendir(pd);
		free(pd);
	} else {
		d = opendir(dir);
	}
	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char *path;

		if (de->d_name[0] == '.')
			continue;
		if (build_tree) {
			path = kb_asprintf("%s/plugins/%s/.libs/%s.so", dir, de->d_name, de->d_name);
			if (access(path, F_OK) != 0) {
				free(path);
				continue;
			}
		} else {
			if (len < 4 || strcmp(de->d_name + len - 3, ".so") != 0)
				continue;
			path = kb_asprintf("%s/%s", dir, de->d_name);
		}
		names = kb_reallocarray(names, n + 1, sizeof(char *));
		names[n++] = path;
	}
	closedir(d);
	qsort(names, n, sizeof(char *), cmp_str);
	for (i = 0; i < n; i++) {
		scan_file(s, names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

void
kb_plugin_scan(void (*fn)(void *ud, const struct kb_plugin *p),
	       void (*err_fn)(void *ud, const char *path, const char *err), void *ud)
{
	struct scan s = { fn, err_fn, ud, NULL, 0 };
	size_t i;

	each_dir(scan_dir, &s);
	for (i = 0; i < s.n_seen; i++)
		free(s.seen[i]);
	free(s.seen);
}
