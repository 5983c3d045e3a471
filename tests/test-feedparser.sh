#!/bin/sh
# Conformance with the Universal Feed Parser's test files: kabar parse on
# each, judged by the file's Expect: expression (see
# tests/feedparser-conformance.py). Fails when a level drops below
# tests/feedparser-baseline; says so when it could be raised.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

corpus="${SHARED_DIR:-$top_srcdir/../shared}/corpora/feedparser"
py=/usr/bin/python3
[ -d "$corpus" ] || skip_all "no feedparser corpus at $corpus"
[ -x "$py" ] || skip_all "no /usr/bin/python3"
"$py" -c 'import feedparser' 2>/dev/null || skip_all "python3-feedparser is not installed"

out="$TMPBASE/conformance.out"
"$py" "$top_srcdir/tests/feedparser-conformance.py" --kabar "$KABAR" \
	--baseline "$top_srcdir/tests/feedparser-baseline" "$corpus" > "$out" 2>&1
st=$?
sed 's/^/# /' "$out"
ok $st "feedparser corpus: no level below tests/feedparser-baseline"
for k in pass_count pass_rate sanitize_safe sanitize_kept; do
	if grep -q "^BELOW $k " "$out"; then
		ok 1 "$k at least its baseline"
	else
		ok 0 "$k at least its baseline"
	fi
done
if grep -q '^RAISE ' "$out"; then
	diag "a level is above tests/feedparser-baseline; raise it there:"
	grep '^RAISE ' "$out" | sed 's/^/#   /'
fi
like "$(grep '^outside sanitize:' "$out")" "applicable" "the run judged the files outside sanitize/"
like "$(grep '^sanitize:' "$out")" "safe" "the run judged the sanitize/ files"
done_testing
