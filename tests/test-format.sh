#!/bin/sh
# Every C file follows .clang-format (clang-format 14, the version the
# project formats with; another version may format differently, so it
# is skipped rather than failed).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v clang-format >/dev/null 2>&1 || skip_all "clang-format not installed"
ver=$(clang-format --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
[ "$ver" = 14 ] || skip_all "clang-format $ver, the project formats with 14"
cd "$top_srcdir" || exit 1
for f in src/*.c src/*.h plugins/*/*.c include/kabar/*.h tests/*.c tests/*.h tests/plugins/*.c tests/plugins/*.h \
	fuzz/*.c fuzz/*.h; do
	if clang-format --style=file "$f" | cmp -s - "$f"; then
		ok 0 "$f is formatted"
	else
		ok 1 "$f is formatted (run: clang-format -i $f)"
	fi
done
done_testing
