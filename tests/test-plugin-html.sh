#!/bin/sh
# The html plugin replayed from hand-written recordings of Indonesian
# government listing pages (tests/fixtures/plugins/html/CASE): Bootstrap
# cards with lazy images and Indonesian dates, a WordPress-style listing
# over three pages, a layout that changed, hostile links, a listing
# without usable links, a bad selector, an empty response, max_items over
# two pages, and generated listings with thousands of items.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

fix="$top_srcdir/tests/fixtures/plugins/html"

kabar test-plugin --help >/dev/null 2>&1 || skip_all "kabar test-plugin is not available"

# replay CASE [ARGS...]: compare with CASE/expected.json; sets $out, $st.
# -v shows the plugin's warnings.
replay() {
	c=$1
	shift
	out=$(kabar test-plugin -v html "$fix/$c" --expect "$fix/$c/expected.json" "$@" 2>&1)
	st=$?
}

# fails CASE: replay a case that must fail; sets $out, $st.
fails() {
	out=$(kabar test-plugin html "$fix/$1" 2>&1)
	st=$?
}

# unlike TEXT PATTERN DESCRIPTION: the pattern is not in the text.
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '%s\n' "$1" | grep -E -- "$2" | sed 's/^/#   /' | head -n 5
	else
		ok 0 "$3"
	fi
}

# skip REASON N: N skipped tests.
skip() {
	i=0
	while [ $i -lt "$2" ]; do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # SKIP $1"
		i=$((i + 1))
	done
}

show() {
	printf '%s\n' "$out" | sed 's/^/#   /' | head -n 30
}

# items: the items printed by a replay of CASE, one "url|title|image|date" a line.
items() {
	kabar test-plugin html "$1" 2>/dev/null | "${PYTHON3:-python3}" -c '
import json, sys
for i in json.load(sys.stdin)["items"]:
    print("|".join([i.get("url", ""), i.get("title", ""), i.get("image", ""), i.get("date_published", "")]))
'
}

have_python=0
"${PYTHON3:-python3}" -c 'import json' >/dev/null 2>&1 && have_python=1

# --- a pemda news listing: Bootstrap cards ---
replay pemda
is "$st" 0 "pemda: the four cards read as expected"
[ "$st" -eq 0 ] || show
like "$out" 'listing https://diskominfo.sukamakmurkab.go.id/berita: cannot read the date "Kemarin" \(items without a date: 1\)' \
	"pemda: a date that does not parse is one warning for the page"
if [ $have_python -eq 1 ]; then
	got=$(items "$fix/pemda")
	like "$got" '^https://diskominfo.sukamakmurkab.go.id/berita/detail/diskominfo-gelar-pelatihan-digital-marketing-bagi-50-pelaku-umkm\|Diskominfo Gelar Pelatihan Digital Marketing bagi 50 Pelaku UMKM\|https://diskominfo.sukamakmurkab.go.id/uploads/berita/2023/06/pelatihan-digital-umkm.jpg\|2023-06-01T00:00:00\+07:00$' \
		"pemda: relative link, title over two lines, data-src image, \"Kamis, 1 Juni 2023\""
	like "$got" '^https://diskominfo.sukamakmurkab.go.id/berita/detail/bazar-umkm-meriahkan-hari-jadi-kabupaten-sukamakmur-ke-77\|' \
		"pemda: a link relative to the listing's directory"
	like "$got" 'expo-produk-unggulan-daerah-2023\|[^|]*\|https://diskominfo.sukamakmurkab.go.id/uploads/berita/2023/05/expo-produk-unggulan.jpg\|' \
		"pemda: data-lazy-src over a data: placeholder"
	like "$got" 'sosialisasi-nib-gratis-untuk-usaha-mikro\|Sosialisasi NIB[^|]*\|\|2023-06-01T14:00:00\+07:00$' \
		"pemda: the date that did not parse comes from the article page"
	is "$(printf '%s\n' "$got" | grep -c 'Selengkapnya')" 0 "pemda: a \"Selengkapnya\" button is never a title"
	is "$(printf '%s\n' "$got" | wc -l | tr -d ' ')" 4 "pemda: the sidebar's links are not items"
else
	skip "no python3" 6
fi

# --- three listing pages, next links, a next link to itself ---
replay three-pages
is "$st" 0 "three-pages: both pages with items read as expected"
[ "$st" -eq 0 ] || show
like "$out" 'listing https://prokopim.sukamakmurkab.go.id/berita/page/3/ \(page 3\) matched no items with //main//article' \
	"three-pages: a later page without items is a warning"
like "$out" '3 fetched' "three-pages: the next link to itself on page 3 is not followed"
replay three-pages --isolation fork
is "$st" 0 "three-pages: the same with every callback in a fresh process"

# --- a listing whose layout changed: the source fails and says why ---
fails layout-changed
is "$st" 1 "layout-changed: the replay fails"
like "$out" "listing https://diskominfo.sukamakmurkab.go.id/berita matched no items with //div\[contains\(@class,'berita-item'\)\]: the page layout may have changed" \
	"layout-changed: the error names the selector and the url"
like "$out" "failed \(parse\): the html plugin could not use https://diskominfo.sukamakmurkab.go.id/berita: listing" \
	"layout-changed: as the source's failure"
like "$out" '"items":\[\]' "layout-changed: and no items"

# --- hostile links ---
replay hostile-links
is "$st" 0 "hostile-links: the usable links read as expected"
[ "$st" -eq 0 ] || show
if [ $have_python -eq 1 ]; then
	got=$(items "$fix/hostile-links")
	is "$(printf '%s\n' "$got" | grep -c 'read/101/')" 1 \
		"hostile-links: a story in the featured block, linked twice and with #komentar, is one item"
	is "$(printf '%s\n' "$got" | grep -Ec 'javascript|mailto|#')" 0 "hostile-links: no javascript:, mailto: or fragment"
	is "$(printf '%s\n' "$got" | grep -Ec '^https://dinkopukm.sukamakmurkab.go.id/(index.php/berita)?\|')" 0 \
		"hostile-links: neither the listing nor the home page (\"#\" under <base href>) is an item"
	like "$got" '^https://dinkopukm.sukamakmurkab.go.id/index.php/berita/read/102/rat-koperasi-serba-usaha-tahun-buku-2021\|RAT Koperasi' \
		"hostile-links: the first usable link after a javascript: one, ../ above the root"
	like "$got" '^https://dinkopukm.sukamakmurkab.go.id/index.php/berita/read/105/' "hostile-links: HTTPS://UPPER.case host lowered"
	like "$got" '/read/106/[^|]*\|Kurasi Produk UKM untuk Gerai Oleh-oleh Bandara\|https://dinkopukm.sukamakmurkab.go.id/uploads/berita/thumb_106.jpg\|' \
		"hostile-links: protocol-relative link; a \"Baca selengkapnya\" link gives way to the heading"
	like "$got" '/read/107/koperasi-wanita-raih-penghargaan-provinsi\|[^|]*\|\|2021-12-05T00:00:00\+07:00$' \
		"hostile-links: an href wrapped in white space; \"05 Desember 2021\""
	is "$(printf '%s\n' "$got" | wc -l | tr -d ' ')" 6 "hostile-links: six items of thirteen containers"
else
	skip "no python3" 8
fi

# --- items without usable links, a bad selector, an empty response ---
fails no-links
is "$st" 1 "no-links: a listing of javascript: links fails"
like "$out" "listing https://bappeda.sukamakmurkab.go.id/berita.php matched 3 items with //table\[@id='tabel-berita'\]//tr\[td\] but none has a usable link" \
	"no-links: and says so"
out=$(kabar test-plugin -v html "$fix/bad-xpath" 2>&1)
st=$?
is "$st" 2 "bad-xpath: a selector that does not compile is a config error, before any fetch"
like "$out" "source.conf:11: bad summary './/p\[@class='card-text'' for plugin 'html' in source 'diskominfo-sukamakmur': expected an xpath expression" \
	"bad-xpath: the option and its line are named"
fails empty-body
is "$st" 1 "empty-body: an empty listing fails"
like "$out" "listing https://diskominfo.sukamakmurkab.go.id/berita cannot be read: the response is empty" \
	"empty-body: and says why"

# --- max_items over two pages ---
replay max-items
is "$st" 0 "max-items: three items over two pages, page 3 never requested"
[ "$st" -eq 0 ] || show
unlike "$out" "not recorded" "max-items: no request beyond the limit"

# --- generated listings: thousands of items ---
# gen DIR MAX_ITEMS N KIND: a listing of N items; KIND dup: links to four
# articles over and over, every third one javascript:; KIND uniq: N
# different articles.
gen() {
	d=$1
	mkdir -p "$d"
	printf '{"source": "gen", "plugin": "html", "recorded": "2024-01-02T00:00:00Z", "kabar": "0.1.0"}\n' >"$d/record.json"
	cat >"$d/source.conf" <<EOF
[source gen]
plugin = html
url = https://desa.example.go.id/kabar/
max_items = $2
items = //li[@class='kabar']
EOF
	awk -v n="$3" -v kind="$4" 'BEGIN {
		print "<html><head><title>Kabar Desa</title></head><body><ul>"
		for (i = 1; i <= n; i++) {
			if (kind == "dup" && i % 3 == 0)
				printf "<li class=\"kabar\"><a href=\"javascript:buka(%d)\">Kabar %d</a></li>\n", i, i
			else if (kind == "dup")
				printf "<li class=\"kabar\"><a href=\"a%d.html\">Kabar %d</a> <a href=\"a%d.html\">lagi</a></li>\n", i % 4, i % 4, i % 4
			else
				printf "<li class=\"kabar\"><a href=\"b%d.html\">Kabar %d</a></li>\n", i, i
		}
		print "</ul></body></html>"
	}' >"$d/001.body"
	printf '{"url": "https://desa.example.go.id/kabar/", "status": 200, "headers": [["Content-Type", "text/html"]], "tag": null, "meta": {}, "body": "001.body"}\n' >"$d/001.json"
	k=2
	for a in a0 a1 a2 a3 b1 b2 b3 b4 b5; do
		f=$(printf '%03d' $k)
		printf '<html lang="id"><head><title>Kabar %s</title></head><body><article><h1>Kabar %s</h1><p>Isi kabar %s dari desa.</p></article></body></html>\n' $a $a $a >"$d/$f.body"
		printf '{"url": "https://desa.example.go.id/kabar/%s.html", "status": 200, "headers": [["Content-Type", "text/html"]], "tag": null, "meta": {}, "body": "%s.body"}\n' $a $f >"$d/$f.json"
		k=$((k + 1))
	done
}
gen "$TMPBASE/dup" 100 6000 dup
out=$(kabar test-plugin html "$TMPBASE/dup" 2>&1)
st=$?
is "$st" 0 "6000 items linking to four articles: replayed"
is "$(printf '%s\n' "$out" | grep -o '"url":"[^"]*"' | sort -u | wc -l | tr -d ' ')" 4 "and four items emitted"
gen "$TMPBASE/uniq" 5 3000 uniq
out=$(kabar test-plugin html "$TMPBASE/uniq" 2>&1)
st=$?
is "$st" 0 "3000 different items with max_items = 5: replayed"
is "$(printf '%s\n' "$out" | grep -o '"url":"[^"]*"' | wc -l | tr -d ' ')" 5 "and five items emitted"
unlike "$out" "not recorded" "no article beyond the limit fetched"

# --- kabar check: the declared keys ---
cat >"$TMPBASE/check.conf" <<'EOF'
[source a]
plugin = html
url = https://diskominfo.example.go.id/berita

[source b]
plugin = html
url = https://diskominfo.example.go.id/berita
items = //article
max_pages = banyak
selector = div.card
EOF
out=$(kabar check -c "$TMPBASE/check.conf" 2>&1)
st=$?
is "$st" 2 "check: a bad html source is a config error"
like "$out" "check.conf:1: missing required key 'items' for plugin 'html'" "check: items is required"
like "$out" "check.conf:9: bad max_pages 'banyak'" "check: max_pages is an integer"
like "$out" "check.conf:10: unknown key 'selector'" "check: unknown keys are named"

# --- join_pages: an article over three pages ---
replay join-pages
is "$st" 0 "join-pages: the article's three pages joined as expected"
[ "$st" -eq 0 ] || show
out=$(kabar test-plugin html "$fix/join-pages" 2>/dev/null)
like "$out" "Pesanan datang dari hotel" "join-pages: page 1's text"
like "$out" "pewarna alami" "join-pages: page 2's text"
like "$out" "sumber penghasilan kedua" "join-pages: page 3's text"
is "$(printf '%s' "$out" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["content_text"].count("Sudah tiga generasi"))')" 1 \
	"join-pages: a paragraph every page repeats is kept once"
sed 's/^join_pages = yes/join_pages = no/' "$fix/join-pages/source.conf" > "$TMPBASE/nojoin.conf"
mkdir -p "$TMPBASE/nojoin"
cp "$fix/join-pages/"* "$TMPBASE/nojoin/"
cp "$TMPBASE/nojoin.conf" "$TMPBASE/nojoin/source.conf"
out=$(kabar test-plugin html "$TMPBASE/nojoin" 2>/dev/null)
ok "$(printf '%s' "$out" | grep -q 'pewarna alami'; echo $((1 - $?)))" "join-pages: without join_pages only the first page is read"

done_testing
