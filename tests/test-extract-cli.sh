#!/bin/sh
# kabar extract: a page from a file or from the test server on 127.0.0.1
# printed as one JSON Feed item with its "_kabar" object; errors.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no /usr/bin/python3 to read the JSON"
fx="$top_srcdir/tests/fixtures/extract"
field() { # field JSON-FILE PYTHON-EXPR (over d)
	"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

kabar extract --url https://berita.example.go.id/a/1 --timezone Asia/Jakarta "$fx/dateline-wib.html" \
	>"$TMPBASE/a.json" 2>"$TMPBASE/err"
is "$?" 0 "extract: a file with --url"
ok "$(field "$TMPBASE/a.json" 'd["version"] if "version" in d else "item"' >/dev/null; echo $?)" \
	"extract: the output is JSON"
is "$(field "$TMPBASE/a.json" 'sorted(k for k in ("id","url","title","content_text") if d.get(k))')" \
	"['content_text', 'id', 'title', 'url']" "extract: id, url, title and text"
like "$(field "$TMPBASE/a.json" 'd["date_published"]')" "^2021-12-20T16:00:00\+07:00$" \
	"extract: the dateline's date and zone"
is "$(field "$TMPBASE/a.json" 'd["_kabar"]["from"]["date_published"]')" "dateline" \
	"extract: _kabar says where the date came from"
is "$(field "$TMPBASE/a.json" 'd["_kabar"]["page_url"]')" "https://berita.example.go.id/a/1" \
	"extract: the page URL given"

kabar extract "$fx/event.html" >"$TMPBASE/e.json" 2>"$TMPBASE/err"
is "$?" 0 "extract: a file without --url"
like "$(field "$TMPBASE/e.json" 'd["_kabar"]["page_url"]')" "^file:///" "extract: its file: URL is the page URL"
like "$(field "$TMPBASE/e.json" 'd["_kabar"].get("event", {}).get("start", "")')" "^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]" \
	"extract: a JSON-LD event's start"

kabar extract --url https://x.example/cerita/perajin-gerabah-kasongan "$fx/paged-1.html" >"$TMPBASE/p.json" 2>"$TMPBASE/err"
like "$(field "$TMPBASE/p.json" 'd["_kabar"]["next_pages"][0]')" "page=2" "extract: the continuation page listed"

printf '' > "$TMPBASE/empty.html"
kabar extract "$TMPBASE/empty.html" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 1 "extract: an empty page: no article, exit 1"
like "$(cat "$TMPBASE/err")" "no article found" "extract: saying so"
kabar extract "$TMPBASE/nosuch.html" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 2 "extract: a missing file: exit 2"
kabar extract --timezone Mars/Olympus "$fx/event.html" >"$TMPBASE/out" 2>"$TMPBASE/err"
is "$?" 2 "extract: an unknown timezone: exit 2"

HTTPD="$top_builddir/tests/httpd"
if [ -x "$HTTPD" ]; then
	mkdir -p "$TMPBASE/site/berita"
	cp "$fx/antara-pewarta.html" "$TMPBASE/site/berita/a.html"
	"$HTTPD" --root "$TMPBASE/site" --site --port-file "$TMPBASE/port" &
	httpd_pid=$!
	trap 'kill $httpd_pid 2>/dev/null; wait $httpd_pid 2>/dev/null; rm -rf "$TMPBASE"' EXIT
	i=0
	while [ ! -s "$TMPBASE/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	base="http://127.0.0.1:$(cat "$TMPBASE/port")"
	kabar extract --allow-private "$base/berita/a.html" >"$TMPBASE/u.json" 2>"$TMPBASE/err"
	is "$?" 0 "extract: a URL"
	is "$(field "$TMPBASE/u.json" 'd["_kabar"]["page_url"]')" "$base/berita/a.html" "extract: the URL is the page URL"
	ok "$(field "$TMPBASE/u.json" '"Pewarta" in d["content_text"]' | grep -q False; echo $?)" \
		"extract: without the Pewarta/Editor block"
	kabar extract "$base/berita/a.html" >"$TMPBASE/out" 2>"$TMPBASE/err"
	is "$?" 2 "extract: loopback refused without --allow-private"
	kabar extract --allow-private "$base/berita/none.html" >"$TMPBASE/out" 2>"$TMPBASE/err"
	is "$?" 2 "extract: a 404: exit 2"
else
	ok 0 "extract: URL cases skipped: tests/httpd not built # SKIP"
fi

done_testing
