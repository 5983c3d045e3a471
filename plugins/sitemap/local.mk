# plugins/sitemap/local.mk: the sitemap plugin, included by Makefile.am.
pkglib_LTLIBRARIES += plugins/sitemap/sitemap.la
plugins_sitemap_sitemap_la_SOURCES = plugins/sitemap/sitemap.c plugins/common.h
plugins_sitemap_sitemap_la_CFLAGS = $(WARN_CFLAGS) $(SANITIZER_CFLAGS)
plugins_sitemap_sitemap_la_LDFLAGS = $(PLUGIN_LDFLAGS)
TESTS += tests/test-plugin-sitemap.sh
EXTRA_DIST += tests/test-plugin-sitemap.sh plugins/sitemap/README.md
