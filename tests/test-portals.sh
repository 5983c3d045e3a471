#!/bin/sh
# The Indonesian portal layouts kabar exists for, replayed from
# hand-written recordings (tests/fixtures/portals/CASE) through the
# plugin each is read with, holding the article extractor (src/extract.c:
# completion of partial items, fulltext = yes) to the right text, title,
# date and author:
#
#   antara-jatim          ANTARA regional desk: RSS 2.0 of one-line
#                         descriptions, fulltext = yes; <br> paragraphs,
#                         "Baca juga" spans, Pewarta/Editor block
#   wp-portal-feed        a WordPress regional portal's /feed/ (summaries
#                         only), fulltext = yes; Jetpack share buttons,
#                         "Berita Terkait", sidebar widgets, comments
#   wp-portal-rest        the same site through the wordpress plugin
#                         (wp-json with _embed)
#   national-sitemap      a detik-style national portal from its news
#                         sitemap: a paged article (page 1 only), an
#                         entry without news tags
#   kemenkop-siaran-pers  a ministry's "Siaran Pers" cards over two listing
#                         pages (html plugin), government CMS release pages
#   diskominfo-kabupaten  a kabupaten Diskominfo: the date only in the
#                         first paragraph's dateline, the author only in a
#                         "Penulis:" line at the end
#
# Each expected.json was produced by a replay and checked by hand field
# by field. Where kabar gets a field wrong the expected file holds the
# right value and the test is a TAP TODO naming the bug; a fix shows as
# XPASS, which fails the suite: then remove the TODO. The checks after
# each replay name the key sentences and the boilerplate literally, so a
# regenerated expected.json cannot hide a regression.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

fix="$top_srcdir/tests/fixtures/portals"
DUMP="$top_builddir/tests/extract-dump"

kabar test-plugin --help >/dev/null 2>&1 || skip_all "kabar test-plugin is not available"
"${PYTHON3:-python3}" -c 'import json' >/dev/null 2>&1 || skip_all "no python3 to read the replay's JSON"

# todo STATUS DESCRIPTION REASON: a check of a known bug. "not ok # TODO"
# does not fail the suite; "ok # TODO" (XPASS) does, so that the TODO is
# removed when the bug is fixed.
todo() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2 # TODO $3"
		tap_failed=$((tap_failed + 1))
	else
		echo "not ok $tap_n - $2 # TODO $3"
	fi
}

# expect PLUGIN CASE [REASON]: the replay matches CASE/expected.json; with
# a REASON, a known bug makes it differ (a TODO).
expect() {
	out=$(kabar test-plugin -q "$1" "$fix/$2" --expect "$fix/$2/expected.json" 2>&1)
	st=$?
	if [ $# -gt 2 ]; then
		todo "$st" "$2: the replay matches expected.json" "$3"
	else
		ok "$st" "$2: the replay matches expected.json"
	fi
	[ "$st" -eq 0 ] || printf '%s\n' "$out" | cut -c1-300 | sed 's/^/#   /' | head -n 12
}

# replay PLUGIN CASE: replay CASE; its items' fields into files
# $TMPBASE/CASE.N.KEY (N from 1) and their number into $TMPBASE/CASE.count
# (one python3 run per case: it starts slowly on a loaded machine).
replay() {
	kabar test-plugin -q "$1" "$fix/$2" >"$TMPBASE/$2.json" 2>"$TMPBASE/$2.err"
	ok $? "$2: replayed through the $1 plugin"
	"${PYTHON3:-python3}" - "$TMPBASE" "$2" <<'EOF'
import json, sys
d, case = sys.argv[1], sys.argv[2]
try:
    items = json.load(open("%s/%s.json" % (d, case), encoding="utf-8"))["items"]
except (OSError, ValueError, KeyError):
    items = []
for n, it in enumerate(items, 1):
    for key, v in it.items():
        if key == "authors":
            v = ", ".join(a.get("name", "") for a in v)
        if isinstance(v, str):
            with open("%s/%s.%d.%s" % (d, case, n, key), "w", encoding="utf-8") as f:
                f.write(v)
with open("%s/%s.count" % (d, case), "w") as f:
    f.write("%d" % len(items))
EOF
}

# field CASE N KEY: item N's KEY (authors as "name, name"), or nothing.
field() {
	cat "$TMPBASE/$1.$2.$3" 2>/dev/null
}

# check CASE N KEY WANT DESCRIPTION
check() {
	is "$(field "$1" "$2" "$3")" "$4" "$1 #$2: $5"
}

# paras CASE N PHRASE...: every body paragraph (one phrase of each) is in
# item N's content_text.
paras() {
	c=$1
	n=$2
	shift 2
	text=$(field "$c" "$n" content_text)
	miss=""
	k=0
	for p in "$@"; do
		k=$((k + 1))
		printf '%s\n' "$text" | grep -Fq -- "$p" || miss="$miss
#   missing: $p"
	done
	if [ -z "$miss" ]; then
		ok 0 "$c #$n: all $k body paragraphs in the text"
	else
		ok 1 "$c #$n: all $k body paragraphs in the text"
		printf '%s\n' "$miss" | sed '/^$/d'
	fi
}

# found CASE N STRING...: the strings of those given that item N's
# content_text holds, one a line.
found() {
	c=$1
	n=$2
	shift 2
	text=$(field "$c" "$n" content_text)
	for s in "$@"; do
		printf '%s\n' "$text" | grep -Fq -- "$s" && printf '%s\n' "$s"
	done
}

# clean CASE N STRING...: no boilerplate string in item N's text.
clean() {
	c=$1
	n=$2
	shift 2
	hit=$(found "$c" "$n" "$@")
	ok "$([ -z "$hit" ]; echo $?)" "$c #$n: no boilerplate in the text ($# strings)"
	[ -z "$hit" ] || printf '%s\n' "$hit" | sed 's/^/#   found: /'
}

# clean_todo CASE N REASON STRING...: as clean, for a known bug.
clean_todo() {
	c=$1
	n=$2
	r=$3
	shift 3
	hit=$(found "$c" "$n" "$@")
	todo "$([ -z "$hit" ]; echo $?)" "$c #$n: none of: $*" "$r"
}

# page CASE NNN URL: the extractor's own metadata of a recorded page, one
# "key: value [source]" a line (tests/extract-dump -m), into $meta.
page() {
	meta=$("$DUMP" -m -z Asia/Jakarta -u "$3" "$fix/$1/$2.body" 2>&1 | sed -n '1,/^content:/p')
}

# meta_is KEY WANT DESCRIPTION: the value of KEY in $meta, without its source.
meta_is() {
	is "$(printf '%s\n' "$meta" | sed -n "s/^$1: \(.*\) \[[a-z-]*\]\$/\1/p" | head -n 1)" "$2" "$3"
}

# The boilerplate every page of a kind carries.
COMMON="Baca juga|Berita Terkait|Terpopuler|Komentar|Bagikan|Facebook|Twitter|WhatsApp|Pedoman Media Siber|Hak cipta|Copyright|COPYRIGHT|All rights reserved|Beranda"

# clean_list CASE N LIST: no string of COMMON and of LIST ("|" between
# strings, may be empty) in item N's text.
clean_list() {
	list="$COMMON|$3"
	old_ifs=$IFS
	IFS='|'
	# shellcheck disable=SC2086
	set -- "$1" "$2" $list
	IFS=$old_ifs
	clean "$@"
}

# --- 1. ANTARA regional desk: RSS + fulltext ---
expect rss antara-jatim
replay rss antara-jatim
c=antara-jatim
check "$c" 1 title "Dinkop UKM Jatim gelar Festival UMKM Naik Kelas di Surabaya" "the feed's title"
check "$c" 1 date_published "2023-06-01T14:25:00+07:00" "the feed's date, in WIB"
check "$c" 1 authors "Dimas Prasetyo" "the reporter (JSON-LD), not \"ANTARA\""
check "$c" 1 summary "Dinas Koperasi dan UKM Jawa Timur menggelar Festival UMKM Naik Kelas di Surabaya." \
	"the feed's one-line description, without its <img>"
paras "$c" 1 "Surabaya (ANTARA) - Dinas Koperasi dan Usaha Kecil Menengah" "Kepala Dinkop UKM Jatim Bambang Wicaksono" \
	"Kami ingin pelaku UMKM tidak hanya menjual" "Produk yang dipamerkan antara lain batik tulis Madura" \
	"Selain pameran, panitia juga menyelenggarakan temu bisnis" "Menurut Bambang, pada festival tahun lalu" \
	"Salah seorang peserta, Siti Maimunah" "Dulu saya hanya menjual di pasar kecamatan" \
	"Dinkop UKM Jatim juga membuka layanan konsultasi" "cukup dengan membawa kartu tanda penduduk dan contoh produk."
clean_list "$c" 1 "Pewarta|Editor:|Endang Lestari|Omzet UMKM kuliner Surabaya|Pemprov Jatim siapkan KUR|#festival umkm|Harga cabai rawit|Tentang Kami|Gunakan bahasa yang santun"
# the photo caption (<p> in <figure>, with the credit ANTARA/NAME)
clean "$c" 1 "ANTARA/Dimas Prasetyo" "meninjau stan peserta"
got=$(field "$c" 1 content_text | head -c 19)
ok "$([ "$got" = "Surabaya (ANTARA) -" ]; echo $?)" "$c #1: the text starts at the dateline (got '$got')"
check "$c" 2 title "Ratusan perajin batik Banyuwangi ikuti pelatihan pemasaran digital" "the feed's title"
check "$c" 2 date_published "2023-06-01T19:10:00+07:00" "the feed's date, in WIB"
check "$c" 2 authors "Ahmad Fauzi" "the reporter"
paras "$c" 2 "Banyuwangi, Jawa Timur (ANTARA) - Sebanyak 120 perajin batik" "Nanik Sulistyowati mengatakan pelatihan itu" \
	"Motif batik Banyuwangi seperti gajah oling" "Materi pelatihan meliputi fotografi produk" \
	"Pelatihan berlangsung selama tiga hari" "terdapat sekitar 340 unit usaha batik" "Salah seorang peserta, Yuliana" \
	"Saya belum pernah berjualan lewat lokapasar" "ruang pamer bagi produk batik di Mal Pelayanan Publik"
clean_list "$c" 2 "Pewarta|Editor:|Festival Batik Banyuwangi 2023 digelar|gerai UMKM di bandara|ANTARA/Ahmad Fauzi|memotret produk batik"
# The feed gives title and date: the extractor's own are checked on the pages.
if [ -x "$DUMP" ]; then
	page "$c" 002 https://jatim.antaranews.com/berita/712345/dinkop-ukm-jatim-gelar-festival-umkm-naik-kelas-di-surabaya
	meta_is title "Dinkop UKM Jatim gelar Festival UMKM Naik Kelas di Surabaya" "$c page 002: the extractor's title"
	meta_is published "2023-06-01T14:25:00+07:00" "$c page 002: the extractor's date"
	meta_is author "Dimas Prasetyo" "$c page 002: the extractor's author"
	page "$c" 003 https://jatim.antaranews.com/berita/712398/ratusan-perajin-batik-banyuwangi-ikuti-pelatihan-pemasaran-digital
	meta_is title "Ratusan perajin batik Banyuwangi ikuti pelatihan pemasaran digital" "$c page 003: the extractor's title"
	meta_is published "2023-06-01T19:10:00+07:00" "$c page 003: the extractor's date"
	meta_is author "Ahmad Fauzi" "$c page 003: the extractor's author"
else
	skip_n=6
	while [ $skip_n -gt 0 ]; do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # SKIP tests/extract-dump not built"
		skip_n=$((skip_n - 1))
	done
fi

# --- 2. a WordPress regional portal: /feed/ + fulltext, then wp-json ---
expect rss wp-portal-feed
replay rss wp-portal-feed
c=wp-portal-feed
check "$c" 1 title "Bazar UMKM Akhir Tahun Digelar di Alun-alun Madiun, 75 Pelaku Usaha Ikut Serta" "the feed's title"
# WordPress feeds give every date in UTC: the instant of 16:00 WIB.
check "$c" 1 date_published "2021-12-20T09:00:00Z" "the feed's date (Senin, 20 Desember 2021 - 16:00 WIB)"
check "$c" 1 authors "Rina Kartika" "dc:creator, the byline"
paras "$c" 1 "MADIUN – Sebanyak 75 pelaku usaha mikro" "Kepala Dinas Koperasi dan Usaha Mikro Kota Madiun, Heru Setiawan" \
	"Tahun ini kami batasi 75 stan" "Produk yang dijual beragam, mulai dari pecel dan brem" \
	"Salah satu peserta, Wahyuni" "Heru menambahkan, selama bazar berlangsung" "Pemerintah Kota Madiun menargetkan perputaran uang"
WP_BOILER="Bagikan ini|Klik untuk berbagi|Terkait|Oleh Rina|Senin, 20 Desember 2021 - 16:00 WIB|Tinggalkan Balasan|Kirim Komentar|tanggapan untuk|Semoga tahun depan stannya|Berita Terbaru|Kirim Berita|Pasar Murah Jelang Natal|Harga Kedelai Naik|Jembatan Kali Catur|Langsung ke konten|Kabar Terkini dari Madiun Raya|Tag:"
clean_list "$c" 1 "$WP_BOILER"
clean_list "$c" 2 "$WP_BOILER|Bazar UMKM Akhir Tahun Digelar"
check "$c" 2 date_published "2021-12-20T03:30:00Z" "the feed's date (10:30 WIB)"
check "$c" 2 authors "Bagus Santoso" "dc:creator"
paras "$c" 2 "NGAWI – Pemerintah Kabupaten Ngawi menyalurkan" "Bupati Ngawi dalam sambutannya" \
	"Kepala Dinas Perdagangan, Koperasi dan Usaha Mikro Kabupaten Ngawi" "Kami akan melakukan monitoring" \
	"Para penerima berasal dari berbagai bidang usaha" "Suparmi, pedagang nasi pecel" \
	"Sri menambahkan, bantuan tahap kedua"
if [ -x "$DUMP" ]; then
	page "$c" 002 https://wartamataraman.example/2021/12/20/bazar-umkm-akhir-tahun-digelar-di-alun-alun-madiun/
	meta_is title "Bazar UMKM Akhir Tahun Digelar di Alun-alun Madiun, 75 Pelaku Usaha Ikut Serta" \
		"$c page 002: the extractor's title, without \" – Warta Mataraman\""
	meta_is published "2021-12-20T09:00:00Z" "$c page 002: the extractor's date (Yoast's, in UTC)"
	meta_is author "Rina Kartika" "$c page 002: the extractor's author (Yoast's @graph)"
else
	for k in 1 2 3; do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # SKIP tests/extract-dump not built"
	done
fi

# Jetpack's sharedaddy block of content.rendered (sites before Jetpack
# 11.8 put it there) is dropped by the plugin.
expect wordpress wp-portal-rest
replay wordpress wp-portal-rest
c=wp-portal-rest
check "$c" 1 date_published "2021-12-20T16:00:00+07:00" "date_gmt with the site's offset"
check "$c" 1 authors "Rina Kartika" "_embedded.author"
paras "$c" 1 "MADIUN – Sebanyak 75 pelaku usaha mikro" "Pemerintah Kota Madiun menargetkan perputaran uang"
clean "$c" 1 "Bagikan ini" "WhatsApp"
check "$c" 2 date_published "2021-12-20T10:30:00+07:00" "date_gmt with the site's offset"
clean "$c" 2 "Bagikan ini" "WhatsApp"

# --- 3. a national portal from its news sitemap ---
# The reaction poll ("Bagaimana reaksi Anda tentang artikel ini?") is dropped.
expect sitemap national-sitemap
replay sitemap national-sitemap
c=national-sitemap
check "$c" 1 title "Kemenkop Targetkan 1 Juta UMKM Masuk Ekosistem Digital Tahun Ini" "news:title"
check "$c" 1 date_published "2023-06-01T13:45:12+07:00" "news:publication_date"
check "$c" 1 authors "Anisa Indraini" "the author, without \" - beritanusa Ekonomi\""
paras "$c" 1 "Jakarta - Kementerian Koperasi dan Usaha Kecil Menengah (KemenKopUKM) menargetkan" \
	"Deputi Bidang Usaha Mikro KemenKopUKM, Yulianto Hadi" "Masuk lokapasar saja tidak cukup" \
	"Untuk mengejar target tersebut" "Yulianto menambahkan, pemerintah juga akan memperluas" \
	"Menurut data kementerian, belanja pemerintah" "Selain itu, KemenKopUKM menyiapkan aturan turunan"
NAT_BOILER="ADVERTISEMENT|SCROLL TO CONTINUE|Halaman|Selanjutnya|Tampilkan Semua|Penyaluran KUR hingga Mei|Belanja Produk UMKM di Katalog|Foto:|Pedagang melayani pembeli|Salin Link|Harga Emas Antam|Melihat Pusat Kuliner|UMKM Diminta Manfaatkan QRIS|Masuk untuk memberikan komentar|andi_s|Kotak Pos|Anisa Indraini -|Kamis, 01 Jun 2023"
clean_list "$c" 1 "$NAT_BOILER"
clean_list "$c" 2 "$NAT_BOILER|Ekspor Kerajinan Rotan|Agung Pambudhy"
clean "$c" 1 "Bagaimana reaksi Anda" "Terkejut"
# The second entry has no news tags: title and date are the extractor's.
check "$c" 2 title "Pameran Kriya Nusantara 2023 Bidik Transaksi Rp 15 Miliar" "the page's title (no news:title)"
check "$c" 2 date_published "2023-06-01T11:02:40+07:00" "the page's date (no news:publication_date)"
check "$c" 2 date_modified "2023-06-01T11:02:40+07:00" "lastmod"
check "$c" 2 authors "Ilyas Fadilah" "the author"
paras "$c" 2 "Jakarta - Pameran Kriya Nusantara 2023 akan digelar" "Ketua Panitia Pameran Kriya Nusantara, Ratna Dewi Kusuma" \
	"Kami tidak hanya mencari produk yang indah" "Pada penyelenggaraan tahun lalu" "Selain pameran produk, panitia menyiapkan" \
	"Pengunjung juga dapat menyaksikan demonstrasi" "Pameran dibuka setiap hari mulai pukul 10.00"
clean "$c" 2 "Bagaimana reaksi Anda" "Terkejut"

# --- 4. a ministry's press releases: listing cards over two pages ---
expect html kemenkop-siaran-pers
replay html kemenkop-siaran-pers
c=kemenkop-siaran-pers
is "$(cat "$TMPBASE/$c.count")" 3 \
	"$c: three releases from two listing pages"
is "$(field "$c" 3 title)" "KemenKopUKM Gelar Pelatihan Ekspor bagi 300 UMKM di Lima Kota" "$c: the card of listing page 2 read"
is "$(field "$c" 4 title)" "" "$c: listing page 3 not read (max_pages = 2)"
check "$c" 1 title "KemenKopUKM Dorong UMKM Masuk Rantai Pasok Industri Otomotif" "the card's title"
check "$c" 1 date_published "2023-06-01T00:00:00+07:00" "\"Kamis, 1 Juni 2023\""
check "$c" 2 date_published "2023-05-31T00:00:00+07:00" "\"Rabu, 31 Mei 2023\""
check "$c" 1 authors "Humas KemenKopUKM" "the byline of the release"
paras "$c" 1 "Bekasi: Kementerian Koperasi dan UKM (KemenKopUKM) mempertemukan" "Deputi Bidang Usaha Kecil dan Menengah KemenKopUKM Hendra" \
	"UMKM kita sebenarnya sudah mampu membuat komponen" "KemenKopUKM menggandeng Lembaga Pengelola Dana Bergulir" \
	"kementerian juga memfasilitasi pendampingan sertifikasi" "sebanyak 14 UMKM telah menandatangani nota kesepahaman"
paras "$c" 2 "Temanggung: Menteri Koperasi dan UKM meresmikan" "RPB tersebut dilengkapi mesin pengupas" \
	"Selama ini petani hanya menikmati" "Ketua Koperasi Produsen Kopi Sindoro Sumbing" "Pembangunan RPB kopi Temanggung" \
	"Menteri juga meminta pemerintah daerah"
paras "$c" 3 "Jakarta: Kementerian Koperasi dan UKM menggelar pelatihan ekspor" "Asisten Deputi Pengembangan Pasar KemenKopUKM" \
	"Banyak UMKM yang produknya sudah sampai ke luar negeri" "Peserta pelatihan juga akan dipertemukan" \
	"Pelatihan terbuka bagi UMKM yang telah memiliki" "Rina menambahkan, peserta yang berhasil melakukan ekspor perdana"
for n in 1 2 3; do
	clean_list "$c" "$n" "Dibaca|Lampiran|PDF|Cetak|Siaran Pers Terbaru|Pusat Layanan Usaha Terpadu|Informasi KUR|Call Center|PPID|Rasuna Said|Ikuti Kami|Humas KemenKopUKM|Siaran Pers"
done

# --- 5. a kabupaten Diskominfo: dateline-only date, "Penulis:" at the end ---
# Page 002 has the line as a plain <p>, page 003 as <p class="penulis">.
# The "Penulis:" line is dropped from the text and read as the author; the
# name ends at the <br> before "Editor:".
expect html diskominfo-kabupaten
replay html diskominfo-kabupaten
c=diskominfo-kabupaten
check "$c" 1 title "Ratusan Pelaku UMKM Ikuti Klinik Bisnis di Mal Pelayanan Publik" "the listing's title"
check "$c" 1 date_published "2023-06-01T00:00:00+07:00" "from the dateline \"Kamis (1/6/2023)\""
check "$c" 2 date_published "2023-06-02T00:00:00+07:00" "from the dateline \"Jum'at (2/6/2023)\""
got=$(field "$c" 1 authors)
ok "$([ "$got" = "Dewi Anggraini" ]; echo $?)" "$c #1: the author of <p>Penulis: Dewi Anggraini (got '$got')"
got=$(field "$c" 2 authors)
ok "$([ "$got" = "Rizky Ramadhan" ]; echo $?)" "$c #2: the author of <p class=penulis>Penulis: Rizky Ramadhan (got '$got')"
paras "$c" 1 "SUMBERWARAS – Sebanyak 250 pelaku usaha mikro" "Kepala Dinas Koperasi dan Usaha Mikro Kabupaten Sumberwaras, Agus Priyanto" \
	"Banyak pelaku UMKM yang ditolak saat mengajukan kredit" "Selain konsultasi keuangan, peserta juga dapat langsung" \
	"Sejumlah bank penyalur Kredit Usaha Rakyat" "Rini, perajin keripik tempe" "Agus menambahkan, klinik bisnis akan digelar"
paras "$c" 2 "SUMBERWARAS – Bupati Sumberwaras membuka Gelar Produk Unggulan Desa" "Dalam sambutannya, Bupati meminta" \
	"Dana desa jangan hanya untuk membangun jalan" "Produk yang dipamerkan di antaranya gula kelapa" \
	"Salah satu peserta, Kelompok Usaha Bersama Sekar Arum" "Kepala Dinas Pemberdayaan Masyarakat dan Desa menyampaikan" \
	"Selama tiga hari pelaksanaan, panitia juga membuka"
for n in 1 2; do
	clean_list "$c" "$n" "Penulis|Editor|Fajar Nugroho|Foto:|Baca Selengkapnya|Berita Populer|Statistik Pengunjung|Pencarian|Jadwal Pelayanan Adminduk|DISKOMINFO KABUPATEN SUMBERWARAS|Jl. Pahlawan"
done

done_testing
