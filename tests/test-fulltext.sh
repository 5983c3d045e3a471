#!/bin/sh
# fulltext = yes: a feed of one-line summaries gets each new item's
# article text, the feed's own title, date and id kept; known items are
# not fetched again and keep their text; a page that fails leaves the
# item as the feed gave it.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

HTTPD="$top_builddir/tests/httpd"
[ -x "$HTTPD" ] || skip_all "tests/httpd not built (no libmicrohttpd)"
PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no /usr/bin/python3 to read the store"

site="$TMPBASE/site"
mkdir -p "$site/berita"
"$HTTPD" --root "$site" --site --port-file "$TMPBASE/port" --log "$TMPBASE/access.log" &
httpd_pid=$!
trap 'kill $httpd_pid 2>/dev/null; wait $httpd_pid 2>/dev/null; rm -rf "$TMPBASE"' EXIT
i=0
while [ ! -s "$TMPBASE/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$TMPBASE/port")
[ -n "$port" ] || { echo "Bail out! httpd did not start"; exit 1; }
base="http://127.0.0.1:$port"

feed() { # feed SUMMARY-OF-FIRST
	cat > "$site/rss.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Portal Contoh</title><link>$base/</link>
<item><title>Judul dari feed: Expo UMKM Mojokerto</title><link>$base/berita/expo.html</link>
<guid isPermaLink="false">portal-1</guid><pubDate>Thu, 01 Jun 2023 09:00:00 +0700</pubDate>
<description>$1</description></item>
<item><title>Bazar Pasuruan</title><link>$base/berita/hilang.html</link>
<guid isPermaLink="false">portal-2</guid><pubDate>Fri, 02 Jun 2023 10:00:00 +0700</pubDate>
<description>Bazar produk lokal di Pasuruan.</description></item>
</channel></rss>
XML
}
feed "Pemkot Mojokerto ikut expo."
cat > "$site/berita/expo.html" <<'HTML'
<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Judul halaman yang lain | Portal</title>
<meta property="article:published_time" content="2023-06-05T12:00:00+07:00"></head>
<body><nav><a href="/">Beranda</a> <a href="/berita/">Berita</a></nav>
<article><h1>Judul halaman yang lain</h1>
<p>Mojokerto - Dinas Koperasi, UKM dan Perindustrian Kota Mojokerto memboyong dua puluh pelaku UMKM ke Indonesia Maju Expo 2023 di Jakarta.</p>
<p>Pameran berlangsung dari tanggal 1 hingga 4 Juni 2023 di Plaza Selatan Taman Mini Indonesia Indah dan diikuti pelaku usaha dari seluruh provinsi.</p>
<p>Baca juga: Harga cabai naik menjelang lebaran</p>
<p>Produk yang dipamerkan meliputi batik, alas kaki, dan makanan olahan khas Mojokerto yang diminati pengunjung.</p>
</article><footer>Hak cipta Portal Contoh</footer></body></html>
HTML

cat > "$TMPBASE/kabar.conf" <<CONF
[kabar]
database = $TMPBASE/kabar.db
host_delay = 0

[source portal]
plugin = rss
url = $base/rss.xml
allow_private = yes
region = 35.76
fulltext = yes
CONF
q() { "$PY" -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print("\n".join("|".join("" if v is None else str(v) for v in r) for r in c.execute(sys.argv[2])))' "$TMPBASE/kabar.db" "$1"; }
req() { grep -c "	GET	[^	]*	$1	" "$TMPBASE/access.log"; }

kabar run -c "$TMPBASE/kabar.conf" 2>"$TMPBASE/err"
is "$?" 0 "fulltext: run exit 0"
is "$(req /berita/expo.html)" 1 "fulltext: the article page is fetched"
text=$(q "select content_text from items where id = 'portal-1'")
like "$text" "memboyong dua puluh pelaku UMKM" "fulltext: the article's text replaces the summary"
like "$text" "makanan olahan khas Mojokerto" "fulltext: the whole article"
ok "$(printf '%s' "$text" | grep -q 'Baca juga\|Beranda\|Hak cipta'; echo $((1 - $?)))" \
	"fulltext: without the page's boilerplate"
is "$(q "select title from items where id = 'portal-1'")" "Judul dari feed: Expo UMKM Mojokerto" \
	"fulltext: the feed's title stays"
is "$(q "select published from items where id = 'portal-1'")" 1685584800 "fulltext: the feed's date stays"
is "$(q "select summary from items where id = 'portal-1'")" "Pemkot Mojokerto ikut expo." \
	"fulltext: the feed's summary stays the summary"
is "$(q "select content_text from items where id = 'portal-2'")" "" \
	"fulltext: a page that fails leaves the item as the feed gave it"
is "$(q "select count(*) from items")" 2 "fulltext: both items stored"
like "$(q "select status_note from sources where name = 'portal'")" "hilang.html" \
	"fulltext: the failed page is noted in the source's status"

# The feed changes its summary: the known item is not fetched again and
# keeps its text.
feed "Ringkasan baru."
kabar run -c "$TMPBASE/kabar.conf" --force 2>"$TMPBASE/err"
is "$(req /berita/expo.html)" 1 "fulltext: a known item's page is not fetched again"
like "$(q "select content_text from items where id = 'portal-1'")" "memboyong dua puluh" \
	"fulltext: and its text is kept"

done_testing
