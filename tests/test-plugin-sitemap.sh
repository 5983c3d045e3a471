#!/bin/sh
# The sitemap plugin, replayed from hand-written recordings of Indonesian
# portals' sitemaps (tests/fixtures/plugins/sitemap/CASE): news sitemaps
# and a window of recent URLs, sitemap indexes, gzip, namespaces, limits,
# and sitemaps that are broken.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

fx="$top_srcdir/tests/fixtures/plugins/sitemap"

# replay CASE [OPTION...]: the replay's stdout and stderr in $out, its exit
# status in $st.
replay() {
	c=$1
	shift
	out=$(kabar test-plugin "$@" sitemap "$fx/$c" 2>&1)
	st=$?
}

# expect CASE [OPTION...]: the items are expected.json's.
expect() {
	c=$1
	shift
	replay "$c" --expect "$fx/$c/expected.json" "$@"
	is "$st" 0 "$c: items as expected${*:+ ($*)}"
	[ "$st" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /' | head -n 30
}

# The number of items in the JSON Feed in $out.
n_items() {
	printf '%s\n' "$out" | grep -o '"id":"url:' | wc -l | tr -d ' '
}

if [ ! -x "$KABAR" ]; then
	skip_all "no kabar binary at $KABAR"
fi

# --- what it reads ---

# A regional portal's news sitemap: 6 URLs out of order, 2 older than the
# 2-day window (and not recorded: fetching them would fail the replay).
expect news-window
replay news-window -v
like "$out" "kabar-madiun: 1 fetched, .* 4 items" "news-window: the sitemap only is fetched, 4 items"
replay news-window
is "$(n_items)" 4 "news-window: 4 items printed"
like "$out" '"tags":\["expo","produk lokal","kuliner"\]' "news:keywords split at commas, blanks and empty ones dropped"
like "$out" '"tags":\["UMKM","bazar","Kota Madiun"\]' "a repeated keyword is taken once"
like "$out" '"image":"https://kabarmadiun.example/wp-content/uploads/2025/06/expo.jpg"' "a relative image:loc is resolved"
like "$out" '"date_published":"2025-06-10T10:15:00\+07:00","date_modified":"2025-06-11T08:00:00\+07:00"' \
	"publication_date is published, lastmod is updated"
like "$out" '"title":"Expo Produk Lokal & Kuliner' "news:title with an entity"
# The window moves with the run's clock.
replay news-window --now 2025-06-12T20:00:00+07:00
is "$st" 0 "news-window --now later: runs"
is "$(n_items)" 3 "news-window --now later: the oldest recent URL falls out of the window"
replay news-window --now 2025-07-01T00:00:00+07:00
is "$st" 0 "news-window a month later: runs"
is "$(n_items)" 0 "news-window a month later: nothing is recent"

# A sitemap index: two news children followed newest first, an old child
# not followed, a child listed twice followed once; in-process and with a
# process per callback (what a child needs travels with its request).
expect news-index
expect news-index --isolation fork
replay news-index -v
like "$out" "jabar-ekonomi: 3 fetched, .* 3 items" "news-index: the index and 2 children fetched, 3 items"

# A gzip child sitemap (application/x-gzip) with lastmod and image:image.
expect gzip
expect gzip --isolation fork
replay gzip -v
like "$out" "sultra-satu: 2 fetched, .* 2 items" "gzip: the old child sitemap is not followed"

# A plain sitemap: lastmod (one a date alone), an undated URL kept last, an
# old one skipped, one without loc and one with an unreadable date.
expect plain-lastmod
replay plain-lastmod -v
like "$out" "1 sitemap entries without a usable <loc> skipped" "plain-lastmod: an entry without loc is a warning"
like "$out" "1 unreadable dates in the sitemap taken as missing" "plain-lastmod: an unreadable date is a warning"

# No xmlns at all: undeclared news: and image: prefixes.
expect no-xmlns
# Google's 0.84 namespace, news under another prefix, window = 0 and
# max_urls = 2: the two newest of four, whatever their age.
expect ns084-cap
replay ns084-cap -v
like "$out" "2 of 4 recent urls not taken: max_urls allows 2" "ns084-cap: the cap is logged once"

# max_sitemaps = 1: only the newest of three recent children is followed.
expect index-cap
replay index-cap -v
like "$out" "2 of 3 recent sitemaps not followed" "index-cap: the cap is logged"

# max_urls = 3 over an index of two children: 2 from the newer, 1 from the
# other, the newest of each.
expect index-share
replay index-share -v
like "$out" "max_urls allows 2 here: .*sitemap-news-a.xml" "index-share: the newer child gets 2"
like "$out" "max_urls allows 1 here: .*sitemap-news-b.xml" "index-share: the other child gets 1"

# Indexes nested four deep: the fourth is read, its children not followed.
expect nested
expect nested --isolation fork
replay nested -v
like "$out" "sitemap index nested more than 3 deep: 1 sitemap in it not followed: .*level3.xml" \
	"nested: the depth limit is a warning"
like "$out" "kaltim-kini: 5 fetched" "nested: 4 indexes and a news sitemap fetched"

# A sitemap of 50010 URLs, written here: the first 50000 are read, and
# max_urls = 1 takes the newest (the first of those with the latest date).
if [ -n "${KABAR_UNDER_VALGRIND:-}" ]; then
	ok 0 "big: # SKIP slow under valgrind"
	ok 0 "big: # SKIP slow under valgrind"
	ok 0 "big: # SKIP slow under valgrind"
else
	big="$TMPBASE/big"
	mkdir -p "$big"
	echo '{"source": "big", "plugin": "sitemap", "recorded": "2025-06-12T09:00:00+07:00", "kabar": "0.1.0"}' \
		>"$big/record.json"
	printf '[source big]\nplugin = sitemap\nurl = https://big.example/sitemap.xml\nregion = 31\nmax_urls = 1\n' \
		>"$big/source.conf"
	awk 'BEGIN {
		print "<?xml version=\"1.0\"?>"
		print "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
		for (i = 0; i < 50010; i++)
			printf "<url><loc>https://big.example/p/%d</loc><lastmod>2025-06-%02dT%02d:%02d:00+07:00</lastmod></url>\n",
				i, 10 + i % 3, i % 24, i % 60
		print "</urlset>"
	}' >"$big/001.body"
	echo '{"url": "https://big.example/sitemap.xml", "status": 200, "headers": [["Content-Type", "application/xml"]], "tag": null, "meta": {}, "body": "001.body"}' \
		>"$big/001.json"
	printf '<html lang="id"><head><title>Halaman 119</title></head><body><article><p>Isi halaman.</p></article></body></html>\n' \
		>"$big/002.body"
	echo '{"url": "https://big.example/p/119", "status": 200, "headers": [["Content-Type", "text/html"]], "tag": null, "meta": {}, "body": "002.body"}' \
		>"$big/002.json"
	out=$(kabar test-plugin -v sitemap "$big" 2>&1)
	st=$?
	is "$st" 0 "big: runs"
	like "$out" "sitemap lists 50010 urls, only the first 50000 read" "big: the entry limit is a warning"
	like "$out" '"items":\[\{"id":"url:https://big.example/p/119"' "big: the newest URL is the one taken"
fi

# --- empty results are warnings ---

expect empty
replay empty -v
like "$out" "sitemap lists no urls: https://portalntb.example/sitemap-news.xml" "empty: a warning"
expect old-index
replay old-index -v
like "$out" "sitemap index has no recent sitemap: 2 of 2 older than 2 days" "old-index: a warning"
like "$out" "portal-ntb: 1 fetched" "old-index: no child followed"

# --- failures: a clear error, no items ---

fails() { # fails CASE PATTERN DESCRIPTION
	replay "$1"
	is "$st" 1 "$1: the source fails"
	like "$out" "$2" "$1: $3"
	is "$(n_items)" 0 "$1: no items"
}
fails broken "not a sitemap: the body is not XML: https://portalntb.example/sitemap-news.xml" "not XML"
fails html "not a sitemap: the response is an HTML page" "an HTML page"
fails feed "not a sitemap: the response is a feed, read it with plugin = rss" "an RSS feed"
fails bad-gzip "not a sitemap: the gzip body cannot be read" "truncated gzip"
fails http-error "http 502" "HTTP error"
fails bad-window "bad config: window must be a number from 0 to 36500, not '-3'" "a negative window"

done_testing
