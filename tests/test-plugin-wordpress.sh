#!/bin/sh
# The wordpress plugin replayed from hand-written recordings of Indonesian
# WordPress sites (tests/fixtures/plugins/wordpress/CASE): the REST API
# with _embed and two pages, the fallback to /feed/ when the API is
# missing or hidden, the config keys, and hostile answers.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

fix="$top_srcdir/tests/fixtures/plugins/wordpress"

kabar test-plugin --help >/dev/null 2>&1 || skip_all "kabar test-plugin is not available"

# replay CASE [ARGS...]: compare with CASE/expected.json; sets $out, $st.
replay() {
	c=$1
	shift
	out=$(kabar test-plugin -v wordpress "$fix/$c" --expect "$fix/$c/expected.json" "$@" 2>&1)
	st=$?
}

# --- the REST API: two pages, _embed, protected post, error media ---
replay diskopukm
is "$st" 0 "diskopukm: both pages read as expected"
[ "$st" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /' | head -n 30
replay diskopukm --isolation fork
is "$st" 0 "diskopukm: the same with every callback in a fresh process"
out=$(kabar test-plugin wordpress "$fix/diskopukm" 2>&1)
st=$?
is "$st" 0 "diskopukm: replays without --expect"
like "$out" '"title":"Expo UMKM Jatim 2024 Digelar di Grand City – 120 Pelaku Usaha Ikut Serta"' \
	"the title's entities are decoded"
like "$out" '"image":"https://diskopukm.example.go.id/wp-content/uploads/2024/05/expo-umkm-jatim-2024.jpg"' \
	"the featured media is the image"
like "$out" '"UMKM & Koperasi"' "a term name's entities are decoded"

# --- fallbacks to /feed/ ---
replay rest-404-feed
is "$st" 0 "rest-404-feed: a 404 rest_no_route falls back to the feed"
[ "$st" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /' | head -n 10
replay rest-disabled-200
is "$st" 0 "rest-disabled-200: a JSON error object falls back to the feed"
like "$out" "REST API unavailable .*\(error rest_disabled: REST API dinonaktifkan" "and names the error"
replay wp-json-html
is "$st" 0 "wp-json-html: an HTML page at wp-json falls back to the feed"
like "$out" "REST API unavailable at https://umkm.kotacontoh.example.go.id/wp-json/wp/v2/posts.* \(the response is an HTML page, not JSON\): reading the feed https://umkm.kotacontoh.example.go.id/feed/" \
	"and says why in one line"
replay bad-json
is "$st" 0 "bad-json: truncated JSON falls back to the feed"
like "$out" "REST API unavailable .*the response is not JSON" "and says why"
replay feed-mode
is "$st" 0 "feed-mode: api = feed reads the subdirectory's feed with cat="

# --- config keys ---
replay filters-empty
is "$st" 0 "filters-empty: categories and search in the request, no posts"
like "$out" "per_page 250 is out of range 1..100: using 100" "per_page is clamped with a warning"
replay endless
is "$st" 0 "endless: an endless page count stops at max_pages"
like "$out" "claims more than 1000000 pages: reading at most 2" "with a warning"

# --- hostile answers ---
replay hostile
is "$st" 0 "hostile: wrong JSON types give the usable posts"
like "$out" '"title" is a string, not an object' "a title string is named"
like "$out" 'post 1 of page 1 is a number, not an object' "a post that is a number is named"
like "$out" 'post 4 of page 1 is an array, not an object' "a post that is an array is named"
like "$out" "bad X-WP-TotalPages header 'banyak'" "a bad page count is named"
like "$out" "bad X-WP-Total header '-5'" "a bad post count is named"
like "$out" 'more problems with the site.s data not shown' "warnings are bounded"

# --- failures: no garbage, a clear error ---
replay rest-only-html
[ "$st" -ne 0 ]
ok $? "rest-only-html: api = rest does not fall back"
like "$out" "cannot read posts: the response is an HTML page, not JSON" "and says why"
replay broken-feed
[ "$st" -ne 0 ]
ok $? "broken-feed: a feed that is an HTML page fails"
like "$out" "cannot read the feed: the response is an HTML page" "and says why"

done_testing
