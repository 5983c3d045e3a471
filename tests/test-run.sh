#!/bin/sh
# kabar run end to end against the scripted HTTP server on 127.0.0.1:
# items stored, conditional GETs on the second run, failures reported
# once, recovery reported, nothing lost, the same result in fork isolation,
# Retry-After remembered across runs.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no /usr/bin/python3 to read the store"
HTTPD="$top_builddir/tests/httpd"
[ -x "$HTTPD" ] || skip_all "tests/httpd not built (no libmicrohttpd)"

www="$TMPBASE/www"
mkdir -p "$www"
cp "$top_srcdir"/examples/feeds/* "$www/"
head -c 3000 /dev/urandom > "$www/garbage.bin"
printf '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><p>Situs sedang dalam perbaikan</p></body></html>\n' > "$www/page.html"

"$HTTPD" --root "$www" --port-file "$TMPBASE/port" --log "$TMPBASE/access.log" &
httpd_pid=$!
trap 'kill $httpd_pid 2>/dev/null; wait $httpd_pid 2>/dev/null; rm -rf "$TMPBASE"' EXIT
i=0
while [ ! -s "$TMPBASE/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$TMPBASE/port")
[ -n "$port" ] || { echo "Bail out! httpd did not start"; exit 1; }
base="http://127.0.0.1:$port"

write_conf() { # write_conf FILE DB
	cat > "$1" <<CONF
[kabar]
database = $2
host_delay = 0
timeout = 10s

[source jatim]
plugin = rss
url = $base/file/antara-jatim.xml
allow_private = yes
region = 35

[source diskop]
plugin = rss
url = $base/file/diskop-atom.xml
allow_private = yes

[source bali]
plugin = rss
url = $base/file/umkm-news.json
allow_private = yes
region = 51

[source portal]
plugin = rss
url = http://localhost:$port/file/portal-rdf.xml
allow_private = yes

[source gone]
plugin = rss
url = $base/status/404
allow_private = yes

[source maintenance]
plugin = rss
url = $base/file/page.html
allow_private = yes

[source garbage]
plugin = rss
url = $base/file/garbage.bin
allow_private = yes

[source slow]
plugin = rss
url = $base/slow?ms=4000
allow_private = yes
timeout = 1s
CONF
}

q() { # q DB SQL: print the rows
	"$PY" - "$1" "$2" <<'PYEOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for row in con.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PYEOF
}

db="$TMPBASE/var/kabar.db"
write_conf "$TMPBASE/kabar.conf" "var/kabar.db"

# --- first run ---
kabar run -c "$TMPBASE/kabar.conf" 2>"$TMPBASE/err1" >"$TMPBASE/out1"; st=$?
is "$st" 1 "first run: exit 1 because sources newly failed"
is "$(cat "$TMPBASE/out1")" "" "nothing on stdout"
err=$(cat "$TMPBASE/err1")
like "$err" "gone: failed \(http-error\): .*404" "the 404 source is reported with its class"
like "$err" "maintenance: failed \(parse\)" "the HTML page is reported as unusable"
like "$err" "slow: failed \(timeout\)" "the slow source is reported as a timeout"
like "$err" "garbage: failed \(parse\)" "random bytes are reported as unusable"
is "$(printf '%s\n' "$err" | grep -c 'failed')" 4 "exactly four failures reported, one line each"
ok "$(test -f "$db"; echo $?)" "the store is created relative to the config file"
is "$(q "$db" "select source, count(*) from items group by source order by source" | tr '\n' ' ')" \
	"bali|2 diskop|2 jatim|3 portal|2 " "items stored per source"
is "$(q "$db" "select title from items where source='jatim' and key like '%1001%'")" \
	"Pemkot Mojokerto boyong 20 UMKM ke pameran Inacraft 2025 di Jakarta" "a title as published"
is "$(q "$db" "select count(*) from items where content_html like '%<script%'")" 0 "no script survives into the store"
n1=$(grep -c 'GET' "$TMPBASE/access.log")

# --- second run, forced: conditional GETs, nothing new, quiet ---
kabar run -c "$TMPBASE/kabar.conf" --force 2>"$TMPBASE/err2"; st=$?
is "$st" 0 "second run: exit 0 (no new failure)"
is "$(cat "$TMPBASE/err2")" "" "second run is quiet: still-failing sources are not reported again the same day"
tail -n +"$((n1 + 1))" "$TMPBASE/access.log" > "$TMPBASE/log2"
is "$(grep -c '/file/.*\.\(xml\|json\)	[^	]*	[^	]*	304$' "$TMPBASE/log2")" 4 "the four feeds answered 304 to conditional GETs"
like "$(grep 'antara-jatim' "$TMPBASE/log2")" '	"[0-9]+-[0-9]+"	' "the stored ETag was sent"
is "$(q "$db" "select count(*) from items")" 9 "no item duplicated"
is "$(q "$db" "select new_items from runs order by id desc limit 1")" 0 "the run log says nothing new"
is "$(q "$db" "select failures from sources where name='gone'")" 2 "consecutive failures counted"

# --- third run, not forced: nothing is due ---
# (The slow source's request is logged when the server finishes it, maybe
# after this count: it is left out.)
n2=$(grep -v '/slow' "$TMPBASE/access.log" | grep -c 'GET')
kabar run -c "$TMPBASE/kabar.conf" 2>"$TMPBASE/err3"; st=$?
is "$st" 0 "third run: exit 0"
is "$(grep -v '/slow' "$TMPBASE/access.log" | grep -c 'GET')" "$n2" "third run fetched nothing: no source was due"

# --- a feed gains an item ---
"$PY" - "$www/antara-jatim.xml" <<'PYEOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
new = ('<item><title>Gelar Produk UMKM di Surabaya</title>'
       '<link>https://jatim.example.id/berita/1004/gelar-produk</link>'
       '<guid isPermaLink="false">jatim-1004</guid>'
       '<pubDate>Wed, 04 Jun 2025 09:00:00 +0700</pubDate>'
       '<description>Baru.</description></item>\n')
open(p, "w", encoding="utf-8").write(s.replace("<item>", new + "<item>", 1))
PYEOF
touch -d '+1 minute' "$www/antara-jatim.xml"
first_seen_before=$(q "$db" "select first_seen from items where source='jatim' and key like '%1002%'")
kabar run -c "$TMPBASE/kabar.conf" --force --source jatim -v 2>"$TMPBASE/err4"; st=$?
is "$st" 0 "run of one changed source: exit 0"
like "$(cat "$TMPBASE/err4")" "jatim: 1 fetched, 0 not modified, [0-9]+ items \(1 new\)" "-v reports one new item"
is "$(q "$db" "select count(*) from items where source='jatim'")" 4 "the new item is stored"
is "$(q "$db" "select first_seen from items where source='jatim' and key like '%1002%'")" "$first_seen_before" "an old item keeps its first-seen time"

# --- recovery ---
cp "$top_srcdir/examples/feeds/portal-rdf.xml" "$www/page.html"
kabar run -c "$TMPBASE/kabar.conf" --force --source maintenance 2>"$TMPBASE/err5"; st=$?
is "$st" 0 "the recovered source: exit 0"
like "$(cat "$TMPBASE/err5")" "maintenance: recovered after 2 failed attempts" "recovery is reported"
is "$(q "$db" "select failures || '|' || coalesce(last_error, '') from sources where name='maintenance'")" "0|" "failure state cleared"

# --- a source that keeps failing is reported again after a day ---
"$PY" - "$db" <<'PYEOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("update sources set last_reported = last_reported - 90000 where name = 'gone'")
con.commit()
PYEOF
kabar run -c "$TMPBASE/kabar.conf" --force --source gone 2>"$TMPBASE/err9"; st=$?
is "$st" 0 "a source failing for more than a day: exit 0 (not a new failure)"
like "$(cat "$TMPBASE/err9")" "gone: still failing after 3 attempts \(http-error\)" "it is reported again once a day"
kabar run -c "$TMPBASE/kabar.conf" --force --source gone 2>"$TMPBASE/err10"
is "$(cat "$TMPBASE/err10")" "" "and not again the same day"

# --- kabar sources ---
out=$(kabar sources -c "$TMPBASE/kabar.conf" 2>&1); st=$?
is "$st" 0 "sources exits 0"
like "$out" "gone .* 4 http-error: http 404" "sources shows the failing source's count and error"
like "$out" "jatim .* 0 *$" "and the healthy source with no failures"

# --- fork isolation gives the same items ---
write_conf "$TMPBASE/fork.conf" "$TMPBASE/fork.db"
kabar run -c "$TMPBASE/fork.conf" --isolation=fork 2>/dev/null
is "$(q "$TMPBASE/fork.db" "select source, count(*) from items group by source order by source" | tr '\n' ' ')" \
	"bali|2 diskop|2 jatim|4 maintenance|2 portal|2 " "fork isolation stores the same items"
is "$(q "$TMPBASE/fork.db" "select key, title, url, published from items where source='diskop' order by key" | md5sum)" \
	"$(q "$db" "select key, title, url, published from items where source='diskop' order by key" | md5sum)" \
	"fork and in-process give identical item fields"

# --- partial items completed from their article pages ---
cat > "$www/article1.html" <<'HTML'
<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Situs Contoh | Judul halaman</title>
<meta property="og:title" content="Judul dari halaman">
<meta property="og:description" content="Ringkasan pameran UMKM dari halaman artikel.">
<meta property="og:image" content="/img/pameran.jpg">
<meta property="article:published_time" content="2025-06-02T09:00:00+07:00">
<meta name="author" content="Siti Rahma">
</head><body>
<nav><a href="/">Beranda</a></nav>
<article><h1>Judul dari halaman</h1>
<p>Pameran UMKM digelar di Mojokerto selama tiga hari dengan 120 stan.</p>
<script>document.write("iklan")</script>
<p>Produk unggulan meliputi batik dan alas kaki.</p></article>
<footer>Hak cipta</footer></body></html>
HTML
cat > "$www/article2.html" <<'HTML'
<html><head><title>Bazar produk lokal di Pasuruan</title></head><body>
<div class="menu"><p>Beranda</p></div>
<div class="isi"><p>Bazar produk lokal digelar oleh Dinas Koperasi Kabupaten Pasuruan di alun-alun.</p>
<p>Sebanyak 60 pelaku usaha mikro ikut serta dalam kegiatan tersebut.</p>
<p><time datetime="2025-05-30">30 Mei 2025</time></p></div>
</body></html>
HTML
printf '%s\tJudul dari daftar\n%s\n%s\n' "$base/file/article1.html" "$base/file/article2.html" \
	"$base/file/missing.html" > "$www/listing.txt"
cat > "$TMPBASE/partial.conf" <<CONF
[kabar]
database = $TMPBASE/partial.db
host_delay = 0
[source daftar]
plugin = partial
url = $base/file/listing.txt
allow_private = yes
region = 35
CONF
export KABAR_PLUGIN_PATH="$top_builddir/tests/plugins/.libs"
kabar run -c "$TMPBASE/partial.conf" 2>"$TMPBASE/err8"; st=$?
is "$st" 0 "a listing source with partial items: exit 0"
pdb="$TMPBASE/partial.db"
is "$(q "$pdb" "select count(*) from items")" 3 "three items stored, the one whose page is missing too"
is "$(q "$pdb" "select title from items where url like '%article1%'")" "Judul dari daftar" "the plugin's title is kept"
is "$(q "$pdb" "select summary from items where url like '%article1%'")" "Ringkasan pameran UMKM dari halaman artikel." "summary from the page's og:description"
is "$(q "$pdb" "select published from items where url like '%article1%'")" 1748829600 "date from article:published_time"
is "$(q "$pdb" "select image from items where url like '%article1%'")" "$base/img/pameran.jpg" "image resolved against the page"
like "$(q "$pdb" "select authors from items where url like '%article1%'")" "Siti Rahma" "author from the page"
like "$(q "$pdb" "select content_html from items where url like '%article1%'")" "<p>Pameran UMKM digelar di Mojokerto" "content from the article element"
is "$(q "$pdb" "select count(*) from items where content_html like '%script%' or content_html like '%iklan%' or content_html like '%Beranda%'")" 0 "no script, navigation or footer in the content"
is "$(q "$pdb" "select title from items where url like '%article2%'")" "Bazar produk lokal di Pasuruan" "title from the page when the plugin had none"
like "$(q "$pdb" "select content_text from items where url like '%article2%'")" "^Bazar produk lokal digelar" "content from the paragraph-richest element"
is "$(q "$pdb" "select published from items where url like '%article2%'")" 1748538000 "a date without zone read in the region's zone (WIB)"
is "$(q "$pdb" "select partial from items where url like '%missing%'")" 1 "an item whose page failed is kept, flagged partial"
like "$(q "$pdb" "select status_note from sources where name='daftar'")" "cannot complete item" "and the problem is noted in the source's status"
printf '%s\n' "$base/file/article3.html" >> "$www/listing.txt"
cp "$www/article2.html" "$www/article3.html"
n4=$(grep -c 'GET' "$TMPBASE/access.log")
kabar run -c "$TMPBASE/partial.conf" --force 2>/dev/null
tail -n +"$((n4 + 1))" "$TMPBASE/access.log" > "$TMPBASE/log3"
is "$(grep -c '/file/article[12]\.html' "$TMPBASE/log3")" 0 "known articles are not fetched again"
is "$(grep -c '/file/missing\.html' "$TMPBASE/log3")" 1 "the page that failed is tried again"
is "$(grep -c '/file/article3\.html' "$TMPBASE/log3")" 1 "the new article is fetched once"
is "$(q "$pdb" "select count(*) from items")" 4 "and stored"
unset KABAR_PLUGIN_PATH

# --- item identity: ids that change on every fetch while links stay ---
churn() { # churn GENERATION: three items, same links, ids that change per generation
	{
		printf '<?xml version="1.0"?><rss version="2.0"><channel><title>churn</title><link>http://x/</link><description>d</description>\n'
		for i in 1 2 3; do
			printf '<item><title>Berita %s</title><link>https://churn.example.id/berita/%s</link><guid isPermaLink="false">%s-%s</guid><pubDate>Mon, 0%s Jun 2025 08:00:00 +0700</pubDate></item>\n' \
				"$i" "$i" "$1" "$i" "$i"
		done
		printf '</channel></rss>\n'
	} > "$www/churn.xml"
	touch -d "+$1 minutes" "$www/churn.xml"
}
cat > "$TMPBASE/churn.conf" <<CONF
[kabar]
database = $TMPBASE/churn.db
host_delay = 0
[source churn]
plugin = rss
url = $base/file/churn.xml
allow_private = yes
CONF
churn 1
kabar run -c "$TMPBASE/churn.conf" --no-outputs 2>/dev/null
is "$(q "$TMPBASE/churn.db" "select id_strategy from sources")" "guid" "distinct ids: items are told apart by id"
churn 2
kabar run -c "$TMPBASE/churn.conf" --no-outputs --force 2>/dev/null
is "$(q "$TMPBASE/churn.db" "select id_strategy from sources")" "link" "ids that change while the links stay: the source moves to links"
is "$(q "$TMPBASE/churn.db" "select count(*) from items")" 3 "no item is duplicated by the change"
like "$(q "$TMPBASE/churn.db" "select status_note from sources")" "ids change on every fetch" "the reason is noted in the source's status"
churn 3
kabar run -c "$TMPBASE/churn.conf" --no-outputs --force 2>/dev/null
is "$(q "$TMPBASE/churn.db" "select count(*) || ' ' || id_strategy from items, sources")" "3 link" "later fetches stay on links"
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>d</title><link>http://x/</link><description>d</description><item><title>A</title><link>https://d.example.id/a</link><guid>same</guid></item><item><title>B</title><link>https://d.example.id/b</link><guid>same</guid></item></channel></rss>\n' > "$www/dupid.xml"
sed -e "s|churn.db|dupid.db|" -e "s|churn.xml|dupid.xml|" "$TMPBASE/churn.conf" > "$TMPBASE/dupid.conf"
kabar run -c "$TMPBASE/dupid.conf" --no-outputs 2>/dev/null
is "$(q "$TMPBASE/dupid.db" "select count(*) || ' ' || id_strategy from items, sources")" "2 link" \
	"a repeated id does not merge two items: they are told apart by link"

# --- Retry-After: per host, in this run and across runs ---
cat > "$TMPBASE/retry.conf" <<CONF
[kabar]
database = $TMPBASE/retry.db
host_delay = 1s
per_host = 1
[source busy]
plugin = rss
url = http://localhost:$port/429
allow_private = yes
[source neighbour]
plugin = rss
url = http://localhost:$port/file/diskop-atom.xml
allow_private = yes
CONF
n3=$(grep -c 'localhost.*/file/diskop-atom.xml' "$TMPBASE/access.log")
kabar run -c "$TMPBASE/retry.conf" 2>"$TMPBASE/err6"; st=$?
is "$st" 1 "429: the source newly failed"
like "$(cat "$TMPBASE/err6")" "busy: failed \(http-error\)" "429 is reported"
is "$(grep -c 'localhost.*/file/diskop-atom.xml' "$TMPBASE/access.log")" "$n3" \
	"another source on the same host is not fetched in the same run after the 429"
is "$(q "$TMPBASE/retry.db" "select failures from sources where name='neighbour'")" 0 \
	"and that is not counted as its failure"
n3=$(grep -c '/429' "$TMPBASE/access.log")
kabar run -c "$TMPBASE/retry.conf" --force 2>"$TMPBASE/err7"; st=$?
is "$st" 0 "a forced run within Retry-After exits 0"
is "$(grep -c '/429' "$TMPBASE/access.log")" "$n3" "no request went to the host before its Retry-After"
wait_s=$(q "$TMPBASE/retry.db" "select retry_until - strftime('%s','now') from hosts where host='localhost'")
ok "$([ "${wait_s:-0}" -ge 100 ] && [ "${wait_s:-0}" -le 130 ]; echo $?)" "the host's Retry-After is stored ($wait_s s)"
is "$(q "$TMPBASE/retry.db" "select s.due >= h.retry_until from sources s, hosts h where s.name = 'busy' and h.host = 'localhost'")" 1 \
	"the source is not due before the Retry-After ends"

# A redirect: the host that answered 429 is the one to wait for.
printf 'Status: 302\nLocation: http://127.0.0.1:%s/429\n' "$port" > "$www/moved.xml.headers"
printf 'moved\n' > "$www/moved.xml"
cat > "$TMPBASE/redir.conf" <<CONF
[kabar]
database = $TMPBASE/redir.db
host_delay = 0
[source moved]
plugin = rss
url = http://localhost:$port/file/moved.xml
allow_private = yes
CONF
kabar run -c "$TMPBASE/redir.conf" 2>/dev/null
is "$(q "$TMPBASE/redir.db" "select host from hosts where retry_until > strftime('%s','now')")" "127.0.0.1" \
	"after a redirect the Retry-After is kept for the host that sent it"

# A Retry-After far in the future is capped at max_backoff.
printf 'Status: 503\nRetry-After: Fri, 31 Dec 9999 23:59:59 GMT\n' > "$www/far.xml.headers"
printf 'busy\n' > "$www/far.xml"
cat > "$TMPBASE/far.conf" <<CONF
[kabar]
database = $TMPBASE/far.db
host_delay = 0
max_backoff = 1h
[source far]
plugin = rss
url = $base/file/far.xml
allow_private = yes
CONF
kabar run -c "$TMPBASE/far.conf" 2>/dev/null
wait_s=$(q "$TMPBASE/far.db" "select retry_until - strftime('%s','now') from hosts")
ok "$([ "${wait_s:-99999}" -le 3600 ] && [ "${wait_s:-0}" -ge 3500 ]; echo $?)" \
	"a Retry-After in the year 9999 is capped at max_backoff ($wait_s s)"

# --- items that could not be stored are fetched again, not hidden by a 304 ---
cat > "$TMPBASE/lost.conf" <<CONF
[kabar]
database = $TMPBASE/lost.db
host_delay = 0
[source jatim]
plugin = rss
url = $base/file/antara-jatim.xml
allow_private = yes
CONF
kabar run -c "$TMPBASE/lost.conf" --no-outputs 2>/dev/null
"$PY" - "$TMPBASE/lost.db" <<'PYEOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("delete from items")
con.execute("delete from validators")
con.execute("create trigger no_items before insert on items begin select raise(fail, 'simulated disk full'); end")
con.commit()
PYEOF
kabar run -c "$TMPBASE/lost.conf" --force 2>"$TMPBASE/err11"; st=$?
is "$st" 3 "a store that refuses items: exit 3 (store error)"
like "$(cat "$TMPBASE/err11")" "jatim: failed \(store\)" "the source is reported as failed by the store"
is "$(q "$TMPBASE/lost.db" "select count(*) from validators")" 0 "its validators are not saved"
"$PY" - "$TMPBASE/lost.db" <<'PYEOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("drop trigger no_items")
con.commit()
PYEOF
kabar run -c "$TMPBASE/lost.conf" --force 2>/dev/null; st=$?
is "$st" 0 "once the store works again: exit 0"
is "$(q "$TMPBASE/lost.db" "select count(*) from items")" 4 "the feed was fetched again in full and its items stored"

done_testing
