# plugins/html/local.mk: the html plugin, included by Makefile.am.
