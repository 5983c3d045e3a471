#!/bin/sh
# The fuzz targets (fuzz/README) as a regression test: each one replays
# its seed corpus, fuzz/crashes/NAME-* (inputs that once failed, bugs
# since fixed) and deterministic mutations of the seeds with the
# standalone driver. fuzz/crashes/open/NAME-* are known open bugs: each
# is a TAP TODO line, so a fix shows as XPASS (then move the file up to
# fuzz/crashes/). With the shared feedparser corpus at hand, fuzz-rss
# and fuzz-xml also run over all of it once.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

if [ "${KABAR_UNDER_VALGRIND:-0}" = 1 ]; then
	mutations=${FUZZ_MUTATIONS:-20}
else
	mutations=${FUZZ_MUTATIONS:-1000}
fi
# Under valgrind, also its false positives in ld.so that iconv reaches.
case "${KABAR_WRAPPER:-}" in
*valgrind*) KABAR_WRAPPER="$KABAR_WRAPPER --suppressions=$top_srcdir/fuzz/valgrind.supp" ;;
esac
KABAR_RSS_PLUGIN=${KABAR_RSS_PLUGIN:-$top_builddir/plugins/rss/.libs/rss.so}
export KABAR_RSS_PLUGIN

# run_target NAME ARGS...: run fuzz-NAME (under $KABAR_WRAPPER, valgrind
# in the quickstart's valgrind stage); the TAP line says how it went.
run_target() {
	name=$1
	shift
	bin="$top_builddir/fuzz/fuzz-$name"
	if [ ! -x "$bin" ]; then
		ok 1 "fuzz-$name: $bin is built"
		return
	fi
	# The status comes last, from the subshell, so that a shell's
	# "Aborted" lands in $out too.
	out=$( (${KABAR_WRAPPER:-} "$bin" "$@"; echo "status $?") 2>&1)
	st=${out##*status }
	out=${out%status *}
	if [ "$st" -ne 0 ]; then
		printf '%s\n' "$out" | tail -n 30 | sed 's/^/# /'
	fi
	ok "$st" "fuzz-$name $(printf '%s' "$out" | tail -n 1 | sed 's/^.*fuzz-[a-z]*: //')"
}

# Known open bugs are tested below, not rediscovered here.
FUZZ_SKIP_OPEN_BUGS=1
export FUZZ_SKIP_OPEN_BUGS
for t in config date url wire xml html json rss robots extract classify region event; do
	set -- "$top_srcdir/fuzz/corpus/$t"
	for c in "$top_srcdir"/fuzz/crashes/"$t"-*; do
		[ -f "$c" ] && set -- "$@" "$c"
	done
	run_target "$t" -n "$mutations" "$@"
done
unset FUZZ_SKIP_OPEN_BUGS

# Known open bugs: expected to fail until fixed.
for c in "$top_srcdir"/fuzz/crashes/open/*; do
	[ -f "$c" ] || continue
	base=${c##*/}
	t=${base%%-*}
	out=$( (FUZZ_HTML_IDEMPOTENCE=1 ${KABAR_WRAPPER:-} "$top_builddir/fuzz/fuzz-$t" "$c"
		echo "status $?") 2>&1)
	st=${out##*status }
	out=${out%status *}
	tap_n=$((tap_n + 1))
	if [ "$st" -eq 0 ]; then
		echo "ok $tap_n - fuzz-$t on open bug $base # TODO fixed? move it to fuzz/crashes/"
	else
		printf '%s\n' "$out" | grep 'property failed\|ERROR' | head -n 2 | sed 's/^/# /'
		echo "not ok $tap_n - fuzz-$t on open bug $base # TODO not fixed yet"
	fi
done

fp="${SHARED_DIR:-}/corpora/feedparser"
if [ -n "${SHARED_DIR:-}" ] && [ -d "$fp" ]; then
	# Every file of the corpus as it is, no mutations.
	run_target rss "$fp"
	run_target xml "$fp"
else
	echo "ok $((tap_n + 1)) # SKIP fuzz-rss over the feedparser corpus: no \$SHARED_DIR/corpora/feedparser"
	echo "ok $((tap_n + 2)) # SKIP fuzz-xml over the feedparser corpus: no \$SHARED_DIR/corpora/feedparser"
	tap_n=$((tap_n + 2))
fi

done_testing
