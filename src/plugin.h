/* plugin.h: finding and loading source plugins. */
#ifndef KB_PLUGIN_H
#define KB_PLUGIN_H

#include <stddef.h>
#include "../include/kabar/plugin.h"

struct kb_plugin {
	char *name;
	char *path;
	void *handle;		  /* dlopen */
	struct kabar_plugin desc; /* copy, tail zeroed past the plugin's struct_size */
	/* Options copied to host-size structs, ending with a zero entry. */
	struct kabar_option *options;
	size_t n_options;
};

/* The directories searched, in order: $KABAR_PLUGIN_PATH (colon-separated),
 * plugin_dir from the config, the build tree's plugins when kabar runs
 * uninstalled, then PKGLIBDIR. */
void kb_plugin_set_config_dir(const char *plugin_dir);
void kb_plugin_set_build_dir(const char *dir);

/* Load a plugin by name (searched) or by path (contains a '/'). Returns
 * NULL and a message in *err (caller frees) naming the file and what is
 * wrong: not a shared object, missing entry symbol, ABI mismatch (both
 * numbers), API level too new (both numbers), missing parse, bad
 * descriptor. Loaded plugins are cached by name. */
struct kb_plugin *kb_plugin_load(const char *name, char **err);
/* Unload every cached plugin. */
void kb_plugin_unload_all(void);

/* Every plugin found in the search path: calls fn for each loadable one
 * and err_fn for each file that fails to load. */
void kb_plugin_scan(void (*fn)(void *ud, const struct kb_plugin *p),
		    void (*err_fn)(void *ud, const char *path, const char *err), void *ud);

#endif
