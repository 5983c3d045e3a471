#!/bin/sh
# kabar discover against a site served by the test server on 127.0.0.1:
# advertised feeds, common paths, WordPress and sitemaps found and
# checked, decoys refused, and every section printed loads with
# kabar check.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

HTTPD="$top_builddir/tests/httpd"
[ -x "$HTTPD" ] || skip_all "tests/httpd not built (no libmicrohttpd)"

site="$TMPBASE/site"
mkdir -p "$site/feed" "$site/wp-json" "$site/berita" "$site/kosong"
cat > "$site/index.html" <<'HTML'
<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Dinas Koperasi dan UMKM</title>
<link rel="alternate" type="application/rss+xml" title="Berita" href="/berita/rss.xml">
<link rel="alternate" type="application/atom+xml" href="atom-palsu.xml">
<link rel="https://api.w.org/" href="/wp-json/">
<link rel="stylesheet" href="/style.css">
</head><body><p>Selamat datang</p></body></html>
HTML
cp "$top_srcdir/examples/feeds/antara-jatim.xml" "$site/berita/rss.xml"
cp "$top_srcdir/examples/feeds/diskop-atom.xml" "$site/feed/index.html"
printf 'Content-Type: application/atom+xml\n' > "$site/feed/index.html.headers"
# An advertised "feed" that is an HTML page: refused.
printf '<html><body>bukan feed</body></html>\n' > "$site/atom-palsu.xml"
cat > "$site/wp-json/index.html" <<'JSON'
{"name":"Dinas Koperasi dan UMKM","namespaces":["oembed/1.0","wp/v2","wp-site-health/v1"],"routes":{}}
JSON
printf 'Content-Type: application/json\n' > "$site/wp-json/index.html.headers"
cat > "$site/sitemap_news.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://contoh.example/berita/1</loc><news:news><news:publication><news:name>Contoh</news:name><news:language>id</news:language></news:publication><news:publication_date>2025-06-01T10:00:00+07:00</news:publication_date><news:title>Pameran UMKM</news:title></news:news></url>
</urlset>
XML
printf '<html><body>Tidak ada apa-apa</body></html>\n' > "$site/kosong/index.html"

"$HTTPD" --root "$site" --site --port-file "$TMPBASE/port" --log "$TMPBASE/access.log" &
httpd_pid=$!
trap 'kill $httpd_pid 2>/dev/null; wait $httpd_pid 2>/dev/null; rm -rf "$TMPBASE"' EXIT
i=0
while [ ! -s "$TMPBASE/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$TMPBASE/port")
[ -n "$port" ] || { echo "Bail out! httpd did not start"; exit 1; }
base="http://127.0.0.1:$port"

kabar discover --allow-private --delay 0 "$base/" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 0 "discover: exit 0 when feeds are found"
out=$(cat "$TMPBASE/out")
like "$out" "; RSS feed \"Contoh Berita [^\"]*\" \(advertised by the page\)" "discover: the advertised RSS feed, titled"
like "$out" "url = $base/berita/rss.xml" "discover: with its absolute URL"
like "$out" "; Atom feed .*\(a common path\)" "discover: the Atom feed at /feed/"
like "$out" "url = $base/feed/" "discover: /feed/ as its URL"
like "$out" "plugin = wordpress" "discover: the WordPress REST API"
like "$out" "url = $base/\$" "discover: the wordpress source is the site root"
like "$out" "plugin = sitemap" "discover: the news sitemap"
ok "$(printf '%s' "$out" | grep -q atom-palsu; echo $((1 - $?)))" "discover: an advertised page that is no feed is left out"
is "$(printf '%s\n' "$out" | grep -c '^\[source ')" 4 "discover: four sources, each once"
is "$(printf '%s\n' "$out" | grep '^\[source ' | sort | uniq -d | wc -l)" 0 "discover: names are unique"
first=$(printf '%s\n' "$out" | grep -m1 '^url = ')
is "$first" "url = $base/berita/rss.xml" "discover: advertised feeds first"

# The sections make a config that kabar check accepts.
{
	printf '[kabar]\ndatabase = %s/d.db\n\n' "$TMPBASE"
	printf '%s\n' "$out" | sed 's/^url = .*/&\nallow_private = yes/'
} > "$TMPBASE/kabar.conf"
kabar check -c "$TMPBASE/kabar.conf" >"$TMPBASE/check" 2>&1
st=$?
if [ -f "$top_builddir/plugins/sitemap/.libs/sitemap.so" ] && [ -f "$top_builddir/plugins/wordpress/.libs/wordpress.so" ]; then
	is "$st" 0 "discover: the printed sections pass kabar check"
else
	ok 0 "discover: kabar check skipped: the sitemap and wordpress plugins are not built # SKIP"
fi

kabar discover --allow-private --delay 0 "$base/kosong/" >"$TMPBASE/out" 2>"$TMPBASE/err"
st=$?
if grep -q '^\[source ' "$TMPBASE/out"; then
	# The common paths are the site's own: /kosong/ shares them.
	is "$st" 0 "discover: a page without links still finds the site's common paths"
else
	is "$st" 1 "discover: nothing found gives exit 1"
fi
kabar discover --allow-private --delay 0 "$base/nosuch.html" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 2 "discover: a page that cannot be fetched gives exit 2"
like "$(cat "$TMPBASE/err")" "cannot fetch $base/nosuch.html: http 404" "discover: saying why"
kabar discover "ftp://example.org/" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 2 "discover: a non-web URL is a usage error"
kabar discover --delay 0 "$base/" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 2 "discover: loopback refused without --allow-private"

# Politeness: one request at a time to the site.
n=$(grep -c "GET" "$TMPBASE/access.log")
ok "$([ "$n" -ge 8 ]; echo $?)" "discover: it fetched the page and the common paths ($n requests)"

done_testing
