# tests/portals.mk: the Indonesian portal layouts replayed through the
# bundled plugins (tests/fixtures/portals, already in EXTRA_DIST with
# tests/fixtures), holding the article extractor to text, title, date
# and author. Included by Makefile.am.
TESTS += tests/test-portals.sh
EXTRA_DIST += tests/test-portals.sh
