# src/extract.mk: article extraction (src/extract.h), included by
# Makefile.am. EXTRACT_SRC is part of HOST_SRC.
EXTRACT_SRC = src/extract.c src/extract.h

check_PROGRAMS += tests/test-extract tests/extract-dump
TESTS += tests/test-extract
tests_test_extract_SOURCES = tests/test-extract.c $(TAP_SRC) $(HOST_SRC) $(ITEM_SRC) \
	$(URL_SRC) $(DATE_SRC) $(CONFIG_SRC) $(UTIL_SRC)
tests_test_extract_LDADD = $(CORE_LIBS)

# Not a test: what bench/extract-f1.sh runs (reads .html.gz with zlib).
tests_extract_dump_SOURCES = tests/extract-dump.c $(HOST_SRC) $(ITEM_SRC) \
	$(URL_SRC) $(DATE_SRC) $(CONFIG_SRC) $(UTIL_SRC)
tests_extract_dump_LDADD = $(CORE_LIBS)

# The fuzz target (fuzz/README); fuzz/local.mk, included before this
# file, sets FUZZ_TARGETS and adds it to check_PROGRAMS.
FUZZ_TARGETS += fuzz/fuzz-extract
fuzz_fuzz_extract_SOURCES = fuzz/fuzz-extract.c $(FUZZ_COMMON) $(FUZZ_HOST)
fuzz_fuzz_extract_LDADD = $(CORE_LIBS)

EXTRA_DIST += tests/fixtures/extract fuzz/corpus/extract bench/extract-f1.sh bench/extract-f1.py
