#!/bin/sh
# kabar record against the scripted HTTP server on 127.0.0.1, and
# kabar test-plugin replaying the recording offline: the same items as
# the run, --expect naming each differing field, requests that were not
# recorded, broken recordings, fork isolation, a plugin that keeps state.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

HTTPD="$top_builddir/tests/httpd"
[ -x "$HTTPD" ] || skip_all "tests/httpd not built (no libmicrohttpd)"

www="$TMPBASE/www"
mkdir -p "$www"
cp "$top_srcdir"/examples/feeds/antara-jatim.xml "$www/"
"$HTTPD" --root "$www" --port-file "$TMPBASE/port" --log "$TMPBASE/access.log" &
httpd_pid=$!
trap 'kill $httpd_pid 2>/dev/null; wait $httpd_pid 2>/dev/null; rm -rf "$TMPBASE"' EXIT
i=0
while [ ! -s "$TMPBASE/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$TMPBASE/port")
[ -n "$port" ] || { echo "Bail out! httpd did not start"; exit 1; }
base="http://127.0.0.1:$port"

cat > "$www/a1.html" <<'HTML'
<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Pameran UMKM Mojokerto | Contoh</title>
<meta property="og:title" content="Pameran UMKM Mojokerto">
<meta property="article:published_time" content="2025-06-02T09:00:00+07:00">
<meta name="author" content="Siti Rahma"></head>
<body><article><h1>Pameran UMKM Mojokerto</h1>
<p>Pameran UMKM digelar di Mojokerto selama tiga hari dengan 120 stan dari seluruh Jawa Timur.</p>
<p>Produk unggulan meliputi batik, alas kaki dan makanan olahan.</p></article></body></html>
HTML
cat > "$www/a2.html" <<'HTML'
<html><head><title>Bazar produk lokal di Pasuruan</title></head><body>
<div class="isi"><p>Bazar produk lokal digelar oleh Dinas Koperasi Kabupaten Pasuruan di alun-alun kota.</p>
<p><time datetime="2025-05-30">30 Mei 2025</time></p></div></body></html>
HTML
printf '%s\tPameran dari daftar\n%s\nnext %s\n' "$base/file/a1.html" "$base/file/a2.html" \
	"$base/file/page2.txt" > "$www/listing.txt"
printf '%s\tHalaman dua\n' "$base/file/a1.html" > "$www/page2.txt"

cat > "$TMPBASE/kabar.conf" <<CONF
[kabar]
database = $TMPBASE/real.db
host_delay = 0

[source daftar]
plugin = partial
url = $base/file/listing.txt
allow_private = yes
region = 35.76

[source jatim]
plugin = rss
url = $base/file/antara-jatim.xml
allow_private = yes
region = 35
CONF
export KABAR_PLUGIN_PATH="$top_builddir/tests/plugins/.libs"

# --- record ---
kabar record -c "$TMPBASE/kabar.conf" --now 2025-06-03T00:00:00Z daftar "$TMPBASE/rec" 2>"$TMPBASE/err"
is "$?" 0 "record: exit 0"
like "$(cat "$TMPBASE/err")" "5 responses of daftar saved" "record: says how many responses it saved"
ok "$([ ! -e "$TMPBASE/real.db" ]; echo $?)" "record: the config's store is not touched"
ok "$([ -f "$TMPBASE/rec/record.json" ] && [ -f "$TMPBASE/rec/source.conf" ]; echo $?)" \
	"record: record.json and source.conf written"
like "$(cat "$TMPBASE/rec/record.json")" '"recorded":"2025-06-03T00:00:00Z"' "record: the run's clock recorded"
like "$(cat "$TMPBASE/rec/source.conf")" "^\[source daftar\]" "record: the source's section"
like "$(cat "$TMPBASE/rec/source.conf")" "^region = 35.76" "record: with its keys"
is "$(ls "$TMPBASE/rec" | grep -c '\.json$')" 6 "record: robots.txt, four pages and record.json"
like "$(cat "$TMPBASE/rec/001.json")" "\"url\":\"$base/robots.txt\"" "record: the site's robots.txt first"
like "$(cat "$TMPBASE/rec/002.json")" "\"url\":\"$base/file/listing.txt\"" "record: then the listing"
like "$(cat "$TMPBASE"/rec/00[345].json)" '"tag":"listing"' "record: a follow's tag kept"
cmp -s "$TMPBASE/rec/002.body" "$www/listing.txt"
is "$?" 0 "record: the body saved byte for byte"
kabar record -c "$TMPBASE/kabar.conf" daftar "$TMPBASE/rec" 2>"$TMPBASE/err"
is "$?" 2 "record: refuses to overwrite a recording"
like "$(cat "$TMPBASE/err")" "already holds a recording" "record: and says why"
kabar record -c "$TMPBASE/kabar.conf" nosuch "$TMPBASE/rec2" 2>"$TMPBASE/err"
is "$?" 2 "record: an unknown source is a usage error"

# --- replay ---
kill $httpd_pid 2>/dev/null
wait $httpd_pid 2>/dev/null
kabar test-plugin partial "$TMPBASE/rec" >"$TMPBASE/items.json" 2>"$TMPBASE/err"
is "$?" 0 "test-plugin: replays offline (the server is gone)"
items=$(cat "$TMPBASE/items.json")
like "$items" '"title":"Pameran dari daftar"' "test-plugin: the listing's title kept"
like "$items" '"date_published":"2025-06-02T09:00:00\+07:00"' "test-plugin: completed from the recorded page"
like "$items" '"authors":\[\{"name":"Siti Rahma"\}\]' "test-plugin: author from the page"
like "$items" 'Bazar produk lokal digelar' "test-plugin: the second article's text"
is "$(printf '%s' "$items" | grep -o '"url":"[^"]*a1.html"' | wc -l)" 1 \
	"test-plugin: a URL listed twice gives one item"

cp "$TMPBASE/items.json" "$TMPBASE/expected.json"
kabar test-plugin partial "$TMPBASE/rec" --expect "$TMPBASE/expected.json" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 0 "test-plugin --expect: its own output matches"
kabar test-plugin partial "$TMPBASE/rec" --expect "$TMPBASE/expected.json" --isolation fork \
	>"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 0 "test-plugin --isolation fork: the same items"

sed 's/Pameran dari daftar/Judul lain/' "$TMPBASE/expected.json" > "$TMPBASE/changed.json"
kabar test-plugin partial "$TMPBASE/rec" --expect "$TMPBASE/changed.json" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 1 "test-plugin --expect: a changed title fails"
like "$(cat "$TMPBASE/out")" '^item [^ ]+\.title: expected "Judul lain", got "Pameran dari daftar"$' \
	"test-plugin --expect: names the item and the field"
like "$(cat "$TMPBASE/err")" "1 difference from" "test-plugin --expect: counts the differences"

/usr/bin/python3 - "$TMPBASE/expected.json" "$TMPBASE/dropped.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["items"] = d["items"][:-1]
json.dump(d, open(sys.argv[2], "w"))
PY
kabar test-plugin partial "$TMPBASE/rec" --expect "$TMPBASE/dropped.json" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 1 "test-plugin --expect: an extra item fails"
like "$(cat "$TMPBASE/out")" "produced, not expected" "test-plugin --expect: and names it"

rm "$TMPBASE/rec/004.json"
kabar test-plugin partial "$TMPBASE/rec" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 1 "test-plugin: a request not recorded fails the replay"
like "$(cat "$TMPBASE/err")" "not recorded: $base/file/" "test-plugin: naming the URL"

printf '{"url": "x", "status": "ok"}\n' > "$TMPBASE/rec/004.json"
kabar test-plugin partial "$TMPBASE/rec" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 2 "test-plugin: a bad response file is an error"
like "$(cat "$TMPBASE/err")" "004.json: \"status\" is not an HTTP status" "test-plugin: naming file and field"
printf '{"url": "x", "body": "../../etc/passwd"}\n' > "$TMPBASE/rec/004.json"
kabar test-plugin partial "$TMPBASE/rec" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 2 "test-plugin: a body outside the recording is refused"
printf '{"url": ' > "$TMPBASE/rec/004.json"
kabar test-plugin partial "$TMPBASE/rec" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 2 "test-plugin: truncated JSON is an error"
like "$(cat "$TMPBASE/err")" "004.json: bad JSON" "test-plugin: saying where"
kabar test-plugin partial "$TMPBASE/nowhere" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 2 "test-plugin: a missing recording is an error"

# A hand-written recording (as the plugin guide describes) for the rss
# plugin.
hand="$TMPBASE/hand"
mkdir -p "$hand"
printf '{"source": "feed", "plugin": "rss", "recorded": "2025-06-03T00:00:00Z"}\n' > "$hand/record.json"
printf '[source feed]\nplugin = rss\nurl = https://jatim.example.id/rss.xml\nregion = 35\n' > "$hand/source.conf"
cp "$www/antara-jatim.xml" "$hand/001.body"
printf '{"url": "https://jatim.example.id/rss.xml", "status": 200, "headers": [["Content-Type", "application/rss+xml"]], "tag": null, "meta": {}, "body": "001.body"}\n' > "$hand/001.json"
kabar test-plugin rss "$hand" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 0 "test-plugin: a hand-written recording replays"
like "$(cat "$TMPBASE/out")" '"id":"jatim-1001"' "test-plugin: with the feed's items"
kabar test-plugin "$top_builddir/plugins/rss/.libs/rss.so" "$hand" --expect "$TMPBASE/out" >/dev/null 2>&1
is "$?" 0 "test-plugin: the plugin named by its path"

done_testing
