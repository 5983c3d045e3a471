# src/region.mk: the gazetteer and region resolution (src/msme.h), region.c; included by Makefile.am.
REGION_SRC = src/region.c src/msme.h src/textscan.h

check_PROGRAMS += tests/test-region
TESTS += tests/test-region
tests_test_region_SOURCES = tests/test-region.c $(TAP_SRC) $(REGION_SRC) $(DATE_SRC) $(UTIL_SRC)
tests_test_region_LDADD = $(CORE_LIBS)

# The fuzz target (fuzz/README); fuzz/local.mk, included before this
# file, sets FUZZ_TARGETS and adds it to check_PROGRAMS.
FUZZ_TARGETS += fuzz/fuzz-region
fuzz_fuzz_region_SOURCES = fuzz/fuzz-region.c $(FUZZ_COMMON) $(REGION_SRC) $(DATE_SRC) $(UTIL_SRC)
fuzz_fuzz_region_LDADD = $(CORE_LIBS)

EXTRA_DIST += fuzz/corpus/region
