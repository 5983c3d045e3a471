# plugins/wordpress/local.mk: the wordpress plugin, included by Makefile.am.
pkglib_LTLIBRARIES += plugins/wordpress/wordpress.la
plugins_wordpress_wordpress_la_SOURCES = plugins/wordpress/wordpress.c plugins/common.h
plugins_wordpress_wordpress_la_CFLAGS = $(WARN_CFLAGS) $(SANITIZER_CFLAGS)
plugins_wordpress_wordpress_la_LDFLAGS = $(PLUGIN_LDFLAGS)
TESTS += tests/test-plugin-wordpress.sh
EXTRA_DIST += tests/test-plugin-wordpress.sh tests/fixtures/plugins/wordpress plugins/wordpress/README.md
