# plugins/html/local.mk: the html plugin, included by Makefile.am.
pkglib_LTLIBRARIES += plugins/html/html.la
plugins_html_html_la_SOURCES = plugins/html/html.c plugins/common.h
plugins_html_html_la_CFLAGS = $(WARN_CFLAGS) $(SANITIZER_CFLAGS)
plugins_html_html_la_LDFLAGS = $(PLUGIN_LDFLAGS)

TESTS += tests/test-plugin-html.sh
EXTRA_DIST += tests/test-plugin-html.sh plugins/html/README.md
