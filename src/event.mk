# src/event.mk: event extraction (src/msme.h), event.c; included by Makefile.am.
EVENT_SRC = src/event.c src/msme.h src/textscan.h

check_PROGRAMS += tests/test-event
TESTS += tests/test-event
tests_test_event_SOURCES = tests/test-event.c $(TAP_SRC) $(EVENT_SRC) $(DATE_SRC) $(UTIL_SRC)
tests_test_event_LDADD = $(CORE_LIBS)

# The fuzz target (fuzz/README); fuzz/local.mk, included before this
# file, sets FUZZ_TARGETS and adds it to check_PROGRAMS.
FUZZ_TARGETS += fuzz/fuzz-event
fuzz_fuzz_event_SOURCES = fuzz/fuzz-event.c $(FUZZ_COMMON) $(EVENT_SRC) $(DATE_SRC) $(UTIL_SRC)
fuzz_fuzz_event_LDADD = $(CORE_LIBS)
