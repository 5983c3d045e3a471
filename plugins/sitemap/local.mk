# plugins/sitemap/local.mk: the sitemap plugin, included by Makefile.am.
