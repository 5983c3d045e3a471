# fuzz/local.mk: fuzz targets (fuzz/README), included by Makefile.am.
#
# Each fuzz/fuzz-NAME.c defines LLVMFuzzerTestOneInput. Here they link
# with the standalone driver (fuzz/driver.c), and tests/test-fuzz.sh
# replays fuzz/corpus/NAME plus deterministic mutations in make check.
# `make fuzz-libfuzzer` builds the same sources with clang's libFuzzer
# (fuzz/build-libfuzzer.sh).

FUZZ_TARGETS = fuzz/fuzz-config fuzz/fuzz-date fuzz/fuzz-url fuzz/fuzz-wire \
	fuzz/fuzz-xml fuzz/fuzz-html fuzz/fuzz-json fuzz/fuzz-rss
check_PROGRAMS += $(FUZZ_TARGETS)
TESTS += tests/test-fuzz.sh

FUZZ_COMMON = fuzz/driver.c fuzz/common.c fuzz/fuzz.h
FUZZ_HOST = $(HOST_SRC) $(ITEM_SRC) $(URL_SRC) $(DATE_SRC) $(CONFIG_SRC) $(UTIL_SRC)

fuzz_fuzz_config_SOURCES = fuzz/fuzz-config.c $(FUZZ_COMMON) $(CONFIG_SRC) $(DATE_SRC) $(UTIL_SRC)
fuzz_fuzz_config_LDADD = $(CORE_LIBS)
fuzz_fuzz_date_SOURCES = fuzz/fuzz-date.c $(FUZZ_COMMON) $(DATE_SRC) $(UTIL_SRC)
fuzz_fuzz_date_LDADD = $(CORE_LIBS)
fuzz_fuzz_url_SOURCES = fuzz/fuzz-url.c $(FUZZ_COMMON) $(URL_SRC) $(UTIL_SRC)
fuzz_fuzz_url_LDADD = $(CORE_LIBS)
fuzz_fuzz_wire_SOURCES = fuzz/fuzz-wire.c $(FUZZ_COMMON) $(FUZZ_HOST)
fuzz_fuzz_wire_LDADD = $(CORE_LIBS)
fuzz_fuzz_xml_SOURCES = fuzz/fuzz-xml.c fuzz/walk.c $(FUZZ_COMMON) $(FUZZ_HOST)
fuzz_fuzz_xml_LDADD = $(CORE_LIBS)
fuzz_fuzz_html_SOURCES = fuzz/fuzz-html.c fuzz/walk.c $(FUZZ_COMMON) $(FUZZ_HOST)
fuzz_fuzz_html_LDADD = $(CORE_LIBS)
fuzz_fuzz_json_SOURCES = fuzz/fuzz-json.c $(FUZZ_COMMON) $(FUZZ_HOST)
fuzz_fuzz_json_LDADD = $(CORE_LIBS)
fuzz_fuzz_rss_SOURCES = fuzz/fuzz-rss.c $(FUZZ_COMMON) $(PLUGIN_SRC) $(FUZZ_HOST) $(JSONFEED_SRC)
fuzz_fuzz_rss_LDADD = $(CORE_LIBS)

EXTRA_DIST += fuzz/README fuzz/corpus fuzz/crashes fuzz/build-libfuzzer.sh fuzz/valgrind.supp \
	tests/test-fuzz.sh

# libFuzzer binaries (clang with -fsanitize=fuzzer,address,undefined) in
# fuzz/libfuzzer/ of the build tree, with an instrumented rss.so beside
# fuzz-rss. CLANG=clang-14 to pick another compiler.
CLANG = clang
fuzz-libfuzzer: autoconfig.h
	CLANG='$(CLANG)' PKGLIBDIR='$(pkglibdir)' \
	LIBS_EXTRA='$(CURL_LIBS) $(XML_LIBS) $(SQLITE_LIBS) $(JSONC_LIBS) $(LIBS)' \
	CFLAGS_EXTRA='$(CURL_CFLAGS) $(XML_CFLAGS) $(SQLITE_CFLAGS) $(JSONC_CFLAGS)' \
	$(SHELL) $(srcdir)/fuzz/build-libfuzzer.sh '$(abs_top_srcdir)' '$(abs_top_builddir)' \
		'$(abs_top_builddir)/fuzz/libfuzzer'
.PHONY: fuzz-libfuzzer

clean-local: clean-fuzz
clean-fuzz:
	-rm -rf fuzz/libfuzzer
.PHONY: clean-fuzz
