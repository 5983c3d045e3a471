# plugins/wordpress/local.mk: the wordpress plugin, included by Makefile.am.
