# tests/msme-eval.mk: the labeled MSME news set and its evaluation; included by Makefile.am.
