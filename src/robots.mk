# src/robots.mk: robots.txt parsing and matching (src/robots.h), included
# by Makefile.am. ROBOTS_SRC is part of HTTP_SRC.
ROBOTS_SRC = src/robots.c src/robots.h

check_PROGRAMS += tests/test-robots
TESTS += tests/test-robots
tests_test_robots_SOURCES = tests/test-robots.c $(TAP_SRC) $(ROBOTS_SRC) $(UTIL_SRC)

# The fuzz target (fuzz/README); fuzz/local.mk, included before this
# file, sets FUZZ_TARGETS and adds it to check_PROGRAMS.
FUZZ_TARGETS += fuzz/fuzz-robots
fuzz_fuzz_robots_SOURCES = fuzz/fuzz-robots.c $(FUZZ_COMMON) $(ROBOTS_SRC) $(UTIL_SRC)
fuzz_fuzz_robots_LDADD = $(CORE_LIBS)
