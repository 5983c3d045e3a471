# tests/html-output.mk: format = html, the upcoming events page, checked
# in headless Chromium (chromium, chromium-driver, python3-selenium) and
# by HTML Tidy (tidy). Included by Makefile.am.
TESTS += tests/test-html-output.sh
EXTRA_DIST += tests/test-html-output.sh tests/html-check.py
