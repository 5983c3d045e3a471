#!/bin/sh
# format = html: the upcoming MSME events as one static page, checked in
# headless Chromium (tests/html-check.py through Selenium and
# chromedriver) and by HTML Tidy. The store is filled by `kabar run`
# from local JSON Feeds written here: events in WIB, WITA and WIT, past
# ones, ongoing ones, one ending "today" in WIB but "yesterday" in WITA
# at the run's clock, a timed one, a story from two sources, an item
# without a usable link and one with a hostile title.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no /usr/bin/python3"
"$PY" -c 'import selenium' 2>/dev/null || skip_all "python3-selenium is not installed"
CHROMIUM=/usr/lib/chromium/chromium
[ -x "$CHROMIUM" ] || skip_all "chromium is not installed ($CHROMIUM)"
CHROMEDRIVER=$(command -v chromedriver || echo /usr/bin/chromedriver)
[ -x "$CHROMEDRIVER" ] || skip_all "chromium-driver is not installed (no chromedriver)"
data="${SHARED_DIR:-$top_srcdir/../shared}/data"
[ -f "$data/gazetteer/regencies.csv" ] || skip_all "no domain data at $data (set SHARED_DIR)"
export KABAR_DATA_DIR="$data"

run="$TMPBASE/run"
mkdir -p "$run/feeds"

# The seven stories of source a. The clock is 2026-06-01T16:30:00Z:
# 23:30 on 1 June in WIB, already 2 June in WITA and WIT.
cat > "$run/feeds/a.json" <<'EOF'
{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Kabar daerah (uji)",
  "items": [
    {"id": "https://a.example.id/surabaya", "url": "https://a.example.id/surabaya",
     "title": "Pameran UMKM Surabaya 2026 digelar",
     "content_text": "SURABAYA - Dinas Koperasi dan UMKM Kota Surabaya menggelar Pameran UMKM Surabaya 2026 di Grand City Surabaya pada 10-12 Mei 2026. Sebanyak 120 pelaku UMKM mengikuti pameran produk unggulan.",
     "date_published": "2026-05-05T08:00:00+07:00"},
    {"id": "https://a.example.id/denpasar", "url": "https://a.example.id/denpasar",
     "title": "Bazar UMKM Denpasar ramai pengunjung #BazarUMKMDenpasar2026TanpaSpasiSamaSekaliSupayaBarisIniSangatPanjangDanTidakBolehMelebarkanHalaman",
     "content_text": "DENPASAR - Pemerintah Kota Denpasar menggelar Bazar UMKM Denpasar 2026 di Lapangan Puputan Badung pada 28 Mei hingga 3 Juni 2026. Sebanyak 80 pelaku UMKM memamerkan produk kerajinan dan kuliner.",
     "date_published": "2026-05-27T08:00:00+08:00"},
    {"id": "https://a.example.id/jakarta", "url": "https://a.example.id/jakarta",
     "title": "Bazar UMKM Jakarta berakhir hari ini",
     "content_text": "JAKARTA - Dinas PPKUKM DKI Jakarta menggelar Bazar UMKM Jakarta 2026 di Lapangan Banteng, Jakarta Pusat, pada 30 Mei hingga 1 Juni 2026. Sebanyak 100 pelaku UMKM ikut serta.",
     "date_published": "2026-05-29T08:00:00+07:00"},
    {"id": "https://a.example.id/makassar", "url": "https://a.example.id/makassar",
     "title": "Pameran UMKM Makassar ditutup",
     "content_text": "MAKASSAR - Dinas Koperasi dan UKM Kota Makassar menggelar Pameran UMKM Makassar 2026 di Pantai Losari, Kota Makassar, pada 29 Mei hingga 1 Juni 2026. Sebanyak 90 pelaku UMKM ikut serta.",
     "date_published": "2026-05-28T08:00:00+08:00"},
    {"id": "https://a.example.id/bandung", "url": "https://a.example.id/bandung?hal=1&bagian=2",
     "title": "Expo UMKM Bandung 2026 digelar Kamis",
     "content_text": "BANDUNG - Dinas Koperasi dan UKM Kota Bandung menggelar Expo UMKM Bandung 2026 pada Kamis, 4 Juni 2026 pukul 09.00-15.00 WIB di Gedung Sate, Kota Bandung. Expo diikuti 60 pelaku UMKM.",
     "date_published": "2026-05-28T08:00:00+07:00"},
    {"id": "https://a.example.id/jayapura", "url": "javascript:alert(1)",
     "title": "Festival UMKM Jayapura siap digelar",
     "content_text": "JAYAPURA - Pemerintah Kota Jayapura akan menggelar Festival UMKM Jayapura 2026 di Taman Imbi, Kota Jayapura, pada 10 Juni 2026. Festival ini diikuti 50 pelaku UMKM lokal.",
     "date_published": "2026-05-29T08:00:00+09:00"},
    {"id": "https://a.example.id/semarang", "url": "https://a.example.id/semarang",
     "title": "<script>alert(1)</script> \"Expo\" & <b>UMKM</b>\u0007\u0085\ufdd0\t'Semarang' <img src=x onerror=alert(2)>",
     "content_text": "SEMARANG - Dinas Koperasi dan UMKM Kota Semarang menggelar Semarang UMKM Expo 2026 di Balai Kota Semarang pada 4 Juni 2026. Sebanyak 70 pelaku UMKM ikut serta dalam pameran yang menampilkan produk kerajinan, batik, makanan olahan dan minuman khas daerah. Kepala dinas mengatakan pameran ini diharapkan membuka akses pasar yang lebih luas bagi pelaku usaha mikro, kecil dan menengah serta mendorong transaksi langsung antara produsen dan pembeli dari berbagai kota di Jawa Tengah.",
     "date_published": "2026-05-30T08:00:00+07:00"},
    {"id": "https://a.example.id/kur", "url": "https://a.example.id/kur",
     "title": "Penyaluran KUR untuk UMKM naik",
     "content_text": "Penyaluran Kredit Usaha Rakyat untuk UMKM naik 12 persen dibanding tahun lalu.",
     "date_published": "2026-05-30T08:00:00+07:00"}
  ]
}
EOF
# Source b: the Semarang story again, in other words here and there.
cat > "$run/feeds/b.json" <<'EOF'
{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Portal kedua (uji)",
  "items": [
    {"id": "https://b.example.id/semarang", "url": "https://b.example.id/semarang",
     "title": "Semarang UMKM Expo 2026 digelar di Balai Kota",
     "content_text": "SEMARANG - Dinas Koperasi dan UMKM Kota Semarang menggelar Semarang UMKM Expo 2026 di Balai Kota Semarang pada 4 Juni 2026. Tercatat 70 pelaku UMKM ikut serta dalam pameran yang menampilkan produk kerajinan, batik, makanan olahan dan minuman khas daerah. Kepala dinas mengatakan pameran ini diharapkan membuka akses pasar yang lebih luas bagi pelaku usaha mikro, kecil dan menengah serta mendorong transaksi langsung antara produsen dan pembeli dari berbagai kota di Jawa Tengah.",
     "date_published": "2026-05-30T09:00:00+07:00"}
  ]
}
EOF
cat > "$run/kabar.conf" <<CONF
[kabar]
database = $run/kabar.db
host_delay = 0

[source portal-a]
plugin = rss
url = file:feeds/a.json
allow_file = yes

[source portal-b]
plugin = rss
url = file:feeds/b.json
allow_file = yes

[output agenda]
format = html
path = $run/out/agenda.html
title = Agenda UMKM <Nusantara> & "sekitarnya"
description = Pameran, bazar dan expo UMKM di daerah

[output feed]
format = json
path = $run/out/feed.json

[output aceh]
format = html
path = $run/out/aceh.html
title = Agenda UMKM Aceh
regions = 11
CONF

now=2026-06-01T16:30:00Z
kabar run -c "$run/kabar.conf" --now "$now" 2>"$TMPBASE/err"
is "$?" 0 "run with html outputs"
page="$run/out/agenda.html"
ok "$([ -s "$page" ]; echo $?)" "the page is written"
ok "$([ -s "$run/out/aceh.html" ]; echo $?)" "the page of an output without events is written"
[ -s "$TMPBASE/err" ] && sed 's/^/# stderr: /' "$TMPBASE/err"

# What the fixtures mean at this clock, by link.
has() { grep -c -F "href=\"$1\"" "$page"; }
is "$(has https://a.example.id/surabaya)" 0 "an event that ended in May is not on the page"
is "$(has https://a.example.id/makassar)" 0 "an event whose last day was yesterday in WITA is not on the page"
ok "$([ "$(has https://a.example.id/jakarta)" -ge 1 ]; echo $?)" "an event whose last day is today in WIB is on the page"
is "$(has https://a.example.id/kur)" 0 "a story that is not an event is not on the page"
like "$(cat "$page")" 'Festival UMKM Jayapura 2026' "an event without a usable link is on the page"
is "$(grep -c 'javascript:' "$page")" 0 "a javascript: URL is never a link"
like "$(cat "$page")" '<time datetime="2026-06-04T09:00\+07:00">09\.00</time>–<time datetime="2026-06-04T15:00\+07:00">15\.00 WIB</time>' \
	"a timed event's opening hours in WIB"
like "$(cat "$page")" '<li><a href="https://b\.example\.id/semarang">portal-b</a></li>' "the second source of a story is linked"
like "$(cat "$run/out/aceh.html")" 'Tidak ada acara mendatang' "the empty state"

# A validator: HTML Tidy (HTML5), no warnings and no errors.
if command -v tidy >/dev/null 2>&1; then
	for f in "$page" "$run/out/aceh.html"; do
		tidy -errors -q "$f" >"$TMPBASE/tidy" 2>&1
		rc=$?
		is "$rc" 0 "tidy finds no error or warning in $(basename "$f")"
		[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMPBASE/tidy"
	done
else
	diag "tidy is not installed: the pages are not validated by it"
fi

# The same store and clock give the same bytes.
cp "$page" "$TMPBASE/first.html"
kabar export -c "$run/kabar.conf" --now "$now" 2>/dev/null
is "$?" 0 "export at the same clock"
cmp -s "$page" "$TMPBASE/first.html"
is "$?" 0 "kabar export at the same clock writes the same bytes"

# Four days later: the Denpasar, Jakarta, Bandung and Semarang events
# are over (the page follows --now, not the wall clock).
later=2026-06-05T01:00:00Z
mkdir -p "$TMPBASE/later"
cp "$run/out/feed.json" "$TMPBASE/feed.json"
kabar export -c "$run/kabar.conf" --now "$later" 2>/dev/null
is "$?" 0 "export at a later clock"
cp "$page" "$TMPBASE/later/agenda.html"
cp "$run/out/feed.json" "$TMPBASE/later/feed.json"
is "$(grep -c '<li id="acara-' "$TMPBASE/later/agenda.html")" 1 "one event is still upcoming four days later"

# In the browser.
timeout 600 "$PY" "$top_srcdir/tests/html-check.py" --chromium "$CHROMIUM" --chromedriver "$CHROMEDRIVER" \
	--profile "$TMPBASE/chromium" \
	--page "$TMPBASE/first.html" --feed "$TMPBASE/feed.json" --now "$now" \
	--title 'Agenda UMKM <Nusantara> & "sekitarnya"' --hostile https://a.example.id/semarang \
	--page "$TMPBASE/later/agenda.html" --feed "$TMPBASE/later/feed.json" --now "$later" \
	--title 'Agenda UMKM <Nusantara> & "sekitarnya"' --hostile '' \
	--page "$run/out/aceh.html" --feed - --now "$later" --title 'Agenda UMKM Aceh' --hostile '' \
	>"$TMPBASE/check" 2>"$TMPBASE/check.err"
rc=$?
if [ "$rc" -eq 2 ] && ! grep -q '^ok' "$TMPBASE/check"; then
	# The browser is installed but cannot start here.
	diag "$(cat "$TMPBASE/check")"
	sed 's/^/# /' "$TMPBASE/check.err" | tail -n 5
	echo "ok $((tap_n + 1)) # SKIP chromium could not be started"
	tap_n=$((tap_n + 1))
else
	is "$rc" 0 "html-check.py ran to the end"
	[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMPBASE/check.err" | tail -n 20
	n=0
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "${line#ok - }"; n=$((n + 1)) ;;
		"not ok - "*) ok 1 "${line#not ok - }"; n=$((n + 1)) ;;
		*) echo "$line" ;;
		esac
	done <"$TMPBASE/check"
	ok "$([ "$n" -ge 60 ]; echo $?)" "the browser checks all ran ($n)"
fi

done_testing
