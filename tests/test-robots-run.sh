#!/bin/sh
# robots.txt in kabar run, against a site served on 127.0.0.1: disallowed
# pages are never requested, robots.txt is fetched once per origin and
# kept across runs, Crawl-delay spaces the requests, robots = ignore
# (warned about by kabar check), a feed's own URL is exempt, an
# unreachable robots.txt stops crawling for the run.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

HTTPD="$top_builddir/tests/httpd"
[ -x "$HTTPD" ] || skip_all "tests/httpd not built (no libmicrohttpd)"
PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no /usr/bin/python3 to read the store"

site="$TMPBASE/site"
mkdir -p "$site/berita" "$site/privat" "$site/feeds"
cat > "$site/robots.txt" <<'TXT'
# kabar test site
User-agent: *
Disallow: /privat/
Disallow: /feeds/
Crawl-delay: 1

User-agent: otherbot
Disallow: /
TXT
article() { # article FILE TITLE
	cat > "$1" <<HTML
<html><head><title>$2</title>
<meta property="article:published_time" content="2025-06-02T09:00:00+07:00"></head>
<body><article><h1>$2</h1><p>Pameran UMKM digelar di Mojokerto dengan ratusan stan dan ribuan pengunjung setiap hari.</p></article></body></html>
HTML
}
article "$site/berita/a1.html" "Pameran satu"
article "$site/berita/a2.html" "Pameran dua"
article "$site/privat/rahasia.html" "Halaman privat"
cp "$top_srcdir/examples/feeds/antara-jatim.xml" "$site/feeds/jatim.xml"

"$HTTPD" --root "$site" --site --port-file "$TMPBASE/port" --log "$TMPBASE/access.log" &
httpd_pid=$!
trap 'kill $httpd_pid 2>/dev/null; wait $httpd_pid 2>/dev/null; rm -rf "$TMPBASE"' EXIT
i=0
while [ ! -s "$TMPBASE/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$TMPBASE/port")
[ -n "$port" ] || { echo "Bail out! httpd did not start"; exit 1; }
base="http://127.0.0.1:$port"

printf '%s\tSatu\n%s\tDua\n%s\tPrivat\n' "$base/berita/a1.html" "$base/berita/a2.html" \
	"$base/privat/rahasia.html" > "$site/berita/daftar.txt"
printf '%s\tDua lagi\n' "$base/berita/a2.html" > "$site/berita/daftar2.txt"

write_conf() { # write_conf FILE EXTRA-KEY-FOR-daftar
	cat > "$1" <<CONF
[kabar]
database = $TMPBASE/kabar.db
host_delay = 0

[source daftar]
plugin = partial
url = $base/berita/daftar.txt
allow_private = yes
$2

[source daftar2]
plugin = partial
url = $base/berita/daftar2.txt
allow_private = yes
$2

[source feed]
plugin = rss
url = $base/feeds/jatim.xml
allow_private = yes
CONF
}
export KABAR_PLUGIN_PATH="$top_builddir/tests/plugins/.libs"
q() { "$PY" -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print("\n".join("|".join("" if v is None else str(v) for v in r) for r in c.execute(sys.argv[2])))' "$@"; }
req() { grep -c "	GET	[^	]*	$1	" "$TMPBASE/access.log"; }

write_conf "$TMPBASE/kabar.conf" ""
kabar run -c "$TMPBASE/kabar.conf" 2>"$TMPBASE/err"
is "$?" 0 "run: exit 0"
is "$(req /robots.txt)" 1 "robots.txt fetched once for two sources on one origin"
is "$(req /privat/rahasia.html)" 0 "a disallowed page is never requested"
is "$(req /berita/a1.html)" 1 "an allowed page is fetched"
is "$(req /feeds/jatim.xml)" 1 "a feed's own URL is fetched although /feeds/ is disallowed"
is "$(q "$TMPBASE/kabar.db" "select count(*) from items where source = 'feed'")" 3 "the feed's items are stored"
is "$(q "$TMPBASE/kabar.db" "select title || '|' || partial from items where url like '%rahasia%'")" "Privat|0" \
	"the disallowed article is kept as listed, not marked for retry"
is "$(q "$TMPBASE/kabar.db" "select status_note from sources where name = 'daftar'")" \
	"robots.txt of $base disallows $base/privat/rahasia.html" "the source's status says why"
like "$(q "$TMPBASE/kabar.db" "select rules from robots where origin = '$base'")" "Disallow: /privat/" \
	"the rules are kept in the store"
"$PY" - "$TMPBASE/access.log" <<'PY'
import sys
t = [int(l.split("\t")[0]) for l in open(sys.argv[1]) if "\t/berita/a" in l]
gaps = [b - a for a, b in zip(t, t[1:])]
sys.exit(0 if len(t) >= 2 and min(gaps) >= 950 else 1)
PY
ok "$?" "Crawl-delay: 1 spaces the article requests by a second"

# Second run: the kept rules are used, robots.txt is not fetched again.
kabar run -c "$TMPBASE/kabar.conf" --force 2>"$TMPBASE/err"
is "$?" 0 "second run: exit 0"
is "$(req /robots.txt)" 1 "second run: robots.txt not fetched again"
is "$(req /privat/rahasia.html)" 0 "second run: the disallowed page still not requested"

# robots = ignore: fetched, and kabar check warns.
rm -f "$TMPBASE/kabar.db"*
write_conf "$TMPBASE/ignore.conf" "robots = ignore"
kabar check -c "$TMPBASE/ignore.conf" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 0 "check: robots = ignore is valid"
like "$(cat "$TMPBASE/err")" "source daftar ignores robots.txt" "check: but warned about"
kabar run -c "$TMPBASE/ignore.conf" 2>"$TMPBASE/err"
is "$(req /privat/rahasia.html)" 1 "robots = ignore: the page is fetched"
printf '[kabar]\ndatabase = %s/x.db\n[source s]\nplugin = rss\nurl = %s/x\nrobots = maybe\n' "$TMPBASE" "$base" \
	> "$TMPBASE/bad.conf"
kabar check -c "$TMPBASE/bad.conf" >/dev/null 2>"$TMPBASE/err"
is "$?" 2 "check: a bad robots value is an error"
like "$(cat "$TMPBASE/err")" "obey or ignore" "check: naming the choices"

# An unreachable robots.txt (503): nothing is crawled in this run.
rm -f "$TMPBASE/kabar.db"*
printf 'Status: 503\n' > "$site/robots.txt.headers"
: > "$TMPBASE/access.log.before"
cp "$TMPBASE/access.log" "$TMPBASE/access.log.before"
kabar run -c "$TMPBASE/kabar.conf" 2>"$TMPBASE/err"
n_before=$(grep -c "/berita/a1.html" "$TMPBASE/access.log.before")
is "$(req /berita/a1.html)" "$n_before" "robots.txt 503: no article fetched"
is "$(q "$TMPBASE/kabar.db" "select count(*) from robots")" 0 "robots.txt 503: nothing kept"

done_testing
