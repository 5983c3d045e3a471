# src/classify.mk: relevance and topics (src/msme.h), classify.c; included by Makefile.am.
CLASSIFY_SRC = src/classify.c src/msme.h src/textscan.h

check_PROGRAMS += tests/test-classify
TESTS += tests/test-classify
tests_test_classify_SOURCES = tests/test-classify.c $(TAP_SRC) $(CLASSIFY_SRC) $(DATE_SRC) $(UTIL_SRC)
tests_test_classify_LDADD = $(CORE_LIBS)

# The fuzz target (fuzz/README); fuzz/local.mk, included before this
# file, sets FUZZ_TARGETS and adds it to check_PROGRAMS.
FUZZ_TARGETS += fuzz/fuzz-classify
fuzz_fuzz_classify_SOURCES = fuzz/fuzz-classify.c $(FUZZ_COMMON) $(CLASSIFY_SRC) $(DATE_SRC) $(UTIL_SRC)
fuzz_fuzz_classify_LDADD = $(CORE_LIBS)

EXTRA_DIST += fuzz/corpus/classify
