# tests/msme-eval.mk: the labeled MSME news set and its evaluation; included by Makefile.am.
check_PROGRAMS += tests/test-msme-eval
TESTS += tests/test-msme-eval
tests_test_msme_eval_SOURCES = tests/test-msme-eval.c $(TAP_SRC) $(CLASSIFY_SRC) $(REGION_SRC) $(EVENT_SRC) \
	$(DATE_SRC) $(UTIL_SRC)
tests_test_msme_eval_LDADD = $(CORE_LIBS)
EXTRA_DIST += tests/data/msme tests/msme-baseline
