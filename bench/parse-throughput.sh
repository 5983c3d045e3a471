#!/bin/sh
# parse-throughput.sh: how fast `kabar parse` reads feeds from files, beside
# sfeed and xmllint on the same files in the same run. Run by hand from a
# build tree:
#
#   bench/parse-throughput.sh BUILDDIR [FEEDS] [BATCH] [RUNS]
#
# It generates FEEDS (default 1000) feeds with /usr/bin/python3, seeded so
# every run writes the same bytes: mostly RSS 2.0 in the style of Indonesian
# regional news portals (WordPress and other CMSs: dc:creator,
# content:encoded with HTML paragraphs and images, categories, enclosures or
# media:thumbnail, pubDates in RFC 822 or in Indonesian such as
# "Selasa, 22 April 2025 | 10:43 WIB" and "05 Agustus 2019"), some Atom
# 1.0, some RSS 1.0 and a few JSON Feeds; 5 to 100 items a feed (about 35
# on average), HTML in CDATA or escaped, character references, and some
# feeds in windows-1252. Then it times, RUNS times each (default 3, best
# run reported; hyperfine when installed, else a date +%s%N loop):
#   kabar      `kabar parse` over every file, BATCH (default 250) files per
#              process through xargs, output to /dev/null
#   kabar-xml  the same over the XML files only (what the others read)
#   sfeed      `sfeed < FILE` once per XML file from a shell loop (sfeed
#              reads one feed on stdin)
#   cat-loop   the same loop with cat instead of sfeed: the cost of the
#              loop and of a process per file, shown so that sfeed's own
#              cost (sfeed minus cat-loop) can be read off
#   sfeed-1stream  one sfeed over all the XML files concatenated into one
#              file (sfeed's parser does not stop at the end of a document,
#              so it prints every item): sfeed's parsing without a process
#              per file, the fairest figure where starting a process is dear
#   xmllint-stream  `xmllint --stream --noout`, BATCH files per process
#   xmllint-dom     `xmllint --noout`, BATCH files per process
# sfeed and xmllint do not read JSON Feed, so they get the XML files only.
# Items per second count the items kabar printed (JSON, counted with
# python); the generator's own count is printed beside it, and sfeed's
# count (its output lines) too. MB per second is input bytes (10^6).
# Peak RSS of kabar (from /usr/bin/time, package time) is given for one
# process per BATCH files and for one process over all the files.
# KEEP=1 in the environment keeps the corpus (xml/, json/, list.*) for
# profiling, e.g. perf record -g BUILDDIR/src/kabar parse $(cat list.xml).
set -eu
build=$(cd "${1:?usage: $0 BUILDDIR [FEEDS] [BATCH] [RUNS]}" && pwd)
n=${2:-1000}
batch=${3:-250}
runs=${4:-3}
kabar=$build/src/kabar
test -x "$kabar" || { echo "$0: no $kabar: build first" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabar-pbench.XXXXXX")
if [ -n "${KEEP:-}" ]; then
	echo "corpus and outputs kept in $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi

/usr/bin/python3 - "$tmp" "$n" <<'PY'
import json, os, random, sys
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

root, nfeeds = sys.argv[1], int(sys.argv[2])
rng = random.Random(20250422)
os.makedirs(root + "/xml")
os.makedirs(root + "/json")

REGIONS = ["Sleman", "Bantul", "Gunungkidul", "Kulon Progo", "Kota Yogyakarta",
	"Banyumas", "Purbalingga", "Cilacap", "Kota Malang", "Kabupaten Bandung",
	"Garut", "Tasikmalaya", "Kota Makassar", "Gowa", "Maros", "Kota Medan",
	"Deli Serdang", "Kota Padang", "Lombok Timur", "Kota Denpasar", "Badung",
	"Gianyar", "Kota Pontianak", "Banjarmasin", "Kota Ambon", "Jayapura",
	"Kupang", "Kota Palu", "Manado", "Samarinda", "Kota Surakarta", "Klaten",
	"Boyolali", "Jepara", "Kudus", "Kota Semarang", "Sidoarjo", "Banyuwangi"]
EVENTS = ["Lebaran", "Idul Adha", "Ramadan", "HUT RI", "Natal", "Tahun Baru",
	"Hari Jadi Kabupaten", "Imlek"]
TITLES = [
	"Pemkab {r} Gelar Bazar UMKM Jelang {e}",
	"Ratusan Pelaku UMKM {r} Ikuti Pelatihan Pemasaran Digital",
	"Festival Kuliner Nusantara Digelar di {r}, Hadirkan {n} Stan",
	"Harga Cabai di Pasar {r} Naik Jelang {e}",
	"Dinas Koperasi &amp; UKM {r} Salurkan KUR Rp{n} Miliar",
	"Kecelakaan Beruntun di Jalan Raya {r}, {n} Orang Luka",
	"Bupati {r} Resmikan Pasar Rakyat Baru di Kecamatan {r2}",
	"Expo Produk Lokal {r} {y} Targetkan Transaksi Rp{n} Miliar",
	"Pameran Batik dan Kerajinan {r} Ramai Pengunjung",
	"DPRD {r} Setujui APBD Perubahan {y}",
	"Warga {r} Keluhkan Jalan Rusak di Jalur Alternatif",
	"Cuaca Ekstrem, BPBD {r} Imbau Warga Waspada",
	"UMKM {r} Tembus Pasar Ekspor Lewat Kurasi Produk",
	"Kafé &#8220;Kopi Lokal&#8221; di {r} Gandeng {n} Petani",
	"Pelatihan Sertifikasi Halal Gratis bagi {n} Pelaku Usaha di {r}",
	"Gubernur Tinjau Sentra Industri Kecil di {r} &#8211; Ini Hasilnya",
	"Pasar Murah Digelar di {n} Titik Se-{r}",
	"Tim {r} Juara Umum Porprov {y}",
]
SENTENCES = [
	"Kegiatan ini diikuti oleh {n} pelaku usaha mikro, kecil dan menengah dari berbagai kecamatan di {r}.",
	"Kepala Dinas Koperasi dan UKM {r} mengatakan pameran tersebut menjadi ajang promosi produk lokal.",
	"Menurutnya, transaksi selama kegiatan berlangsung mencapai Rp{n} juta dan diharapkan terus meningkat.",
	"Para pengunjung tampak antusias membeli produk olahan makanan, batik, dan kerajinan tangan.",
	"Pemerintah daerah juga menyiapkan pendampingan bagi pelaku usaha untuk memperoleh sertifikat halal dan izin edar.",
	"\u201cKami berharap produk UMKM {r} bisa bersaing di pasar nasional,\u201d ujarnya, Selasa ({d}).",
	"Selain bazar, panitia menggelar lomba memasak, pentas seni, dan talk show tentang pemasaran digital.",
	"Sejumlah warga mengaku senang karena harga yang ditawarkan lebih murah dibandingkan di pasar.",
	"Acara yang berlangsung selama {n} hari itu dibuka secara resmi oleh wakil bupati.",
	"Kapolsek setempat menyebutkan arus lalu lintas di sekitar lokasi sempat tersendat pada sore hari.",
	"Ia menambahkan, tahun depan kegiatan serupa akan digelar di alun-alun dengan jumlah stan yang lebih banyak.",
	"Data Badan Pusat Statistik mencatat jumlah UMKM di {r} mencapai lebih dari {n} ribu unit usaha.",
	"Pihaknya mengimbau masyarakat agar tetap waspada terhadap cuaca ekstrem yang diprediksi terjadi hingga akhir bulan.",
	"Pelatihan tersebut meliputi fotografi produk, pengemasan, dan cara berjualan di lokapasar \u2013 termasuk pengelolaan keuangan sederhana.",
]
AUTHORS = ["Redaksi", "Admin", "Rina Wulandari", "Agus Setiawan", "Dwi Hartono",
	"Siti Nurhaliza", "Bambang Sutrisno", "Yohanes Kurniawan", "Andi Pratama",
	"Ni Made Ayu", "La Ode Rahman", "Tim Liputan"]
CATS = ["Ekonomi", "Bisnis", "UMKM", "Daerah", "Pemerintahan", "Peristiwa",
	"Olahraga", "Hukum &amp; Kriminal", "Pendidikan", "Kesehatan", "Wisata",
	"Kuliner", "Politik", "Headline", "Berita Utama"]
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"]
DAY = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"]
ZONES = [(7, "WIB"), (8, "WITA"), (9, "WIT")]

def fill(t, r):
	return t.format(r=r, r2=rng.choice(REGIONS), e=rng.choice(EVENTS),
		n=rng.randint(3, 950), y=rng.choice([2019, 2023, 2024, 2025]),
		d=f"{rng.randint(1, 28)}/{rng.randint(1, 12)}")

def xmltext(s):
	# the templates hold a few XML references (&amp;, &#8220;) already
	return s.replace("<", "&lt;")

def plain(s):
	# the same text decoded, for JSON
	return (s.replace("&amp;", "&").replace("&#8220;", "\u201c")
		.replace("&#8221;", "\u201d").replace("&#8211;", "\u2013"))

def html_body(r, host, slug, paras):
	out = []
	img = f"https://{host}/wp-content/uploads/2025/04/{slug}-{rng.randint(1, 99)}.jpg"
	out.append(f'<figure class="wp-block-image"><img src="{img}" alt="{slug}" width="800" height="450" /><figcaption>Foto: Dok. {rng.choice(AUTHORS)}</figcaption></figure>')
	for p in range(paras):
		s = " ".join(fill(rng.choice(SENTENCES), r) for _ in range(rng.randint(2, 5)))
		if p == 0:
			s = f"<strong>{r.upper()}</strong> &#8211;&nbsp;" + s
		if rng.random() < 0.15:
			s += f' <a href="https://{host}/tag/umkm/">#UMKM</a>'
		out.append(f"<p>{s}</p>")
		if rng.random() < 0.1:
			out.append(f'<p><img src="https://{host}/img/{slug}-{p}.jpg" alt="" /></p>')
	out.append(f'<p><em>Baca juga: <a href="https://{host}/berita/{rng.randint(1000, 99999)}">{fill(rng.choice(TITLES), r)}</a></em></p>')
	return "\n".join(out)

def when(t0, i):
	return t0 - timedelta(minutes=37 * i + rng.randint(0, 30))

def rfc822(t, zone):
	return f"{DAY[t.weekday()]}, {t.day:02d} {MON[t.month - 1]} {t.year} {t:%H:%M:%S} +{zone[0]:02d}00"

def date_style(style, t, zone):
	if style == "rfc822":
		return rfc822(t, zone)
	if style == "gmt":
		u = t.astimezone(timezone.utc)
		return f"{DAY[u.weekday()]}, {u.day:02d} {MON[u.month - 1]} {u.year} {u:%H:%M:%S} GMT"
	if style == "hari":
		return f"{HARI[t.weekday()]}, {t.day} {BULAN[t.month - 1]} {t.year} | {t:%H:%M} {zone[1]}"
	return f"{t.day:02d} {BULAN[t.month - 1]} {t.year}"

def rss2(f, host, r, nitems, t0, zone):
	wp = rng.random() < 0.6
	cdata = rng.random() < 0.7
	full = rng.random() < 0.55
	style = rng.choices(["rfc822", "gmt", "hari", "tanggal"], [70, 10, 12, 8])[0]
	thumb = rng.choice(["enclosure", "media", "none"])
	o = ['<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
		' xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
		' xmlns:atom="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"'
		' xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n',
		f"\t<title>{r} Terkini &#8211; Berita {r} Hari Ini</title>\n",
		f'\t<atom:link href="https://{host}/feed/" rel="self" type="application/rss+xml" />\n',
		f"\t<link>https://{host}/</link>\n\t<description>Portal berita {r} dan sekitarnya</description>\n",
		f"\t<lastBuildDate>{rfc822(t0, zone)}</lastBuildDate>\n\t<language>id-ID</language>\n",
		"\t<sy:updatePeriod>hourly</sy:updatePeriod>\n\t<sy:updateFrequency>1</sy:updateFrequency>\n"
		"\t<generator>https://wordpress.org/?v=6.5.2</generator>\n" if wp else "",
		f"\t<image><url>https://{host}/logo.png</url><title>{r} Terkini</title><link>https://{host}/</link></image>\n"]
	for i in range(nitems):
		t = when(t0, i)
		title = fill(rng.choice(TITLES), r)
		slug = f"berita-{f}-{i}"
		link = f"https://{host}/{t:%Y/%m/%d}/{slug}/"
		body = html_body(r, host, slug, rng.randint(3, 9) if full else 1)
		excerpt = fill(rng.choice(SENTENCES), r) + " [&#8230;]"
		o.append(f"\t<item>\n\t\t<title>{xmltext(title)}</title>\n\t\t<link>{link}</link>\n")
		if wp:
			o.append(f"\t\t<comments>{link}#respond</comments>\n")
		o.append(f"\t\t<dc:creator><![CDATA[{rng.choice(AUTHORS)}]]></dc:creator>\n")
		o.append(f"\t\t<pubDate>{date_style(style, t, zone)}</pubDate>\n")
		for c in rng.sample(CATS, rng.randint(1, 4)):
			o.append(f"\t\t<category><![CDATA[{plain(c)}]]></category>\n" if cdata else f"\t\t<category>{c}</category>\n")
		if wp:
			o.append(f'\t\t<guid isPermaLink="false">https://{host}/?p={100000 + f * 1000 + i}</guid>\n')
		else:
			o.append(f"\t\t<guid>{link}</guid>\n")
		if full:
			desc = excerpt
		else:
			desc = body
		if cdata:
			o.append(f"\t\t<description><![CDATA[{desc}]]></description>\n")
		else:
			o.append(f"\t\t<description>{escape(desc)}</description>\n")
		if full:
			if cdata:
				o.append(f"\t\t<content:encoded><![CDATA[{body}]]></content:encoded>\n")
			else:
				o.append(f"\t\t<content:encoded>{escape(body)}</content:encoded>\n")
		img = f"https://{host}/wp-content/uploads/2025/04/{slug}.jpg"
		if thumb == "enclosure":
			o.append(f'\t\t<enclosure url="{img}" length="{rng.randint(20000, 400000)}" type="image/jpeg" />\n')
		elif thumb == "media":
			o.append(f'\t\t<media:thumbnail url="{img}" width="300" height="169" />\n')
		if wp:
			o.append(f"\t\t<wfw:commentRss>{link}feed/</wfw:commentRss>\n\t\t<slash:comments>{rng.randint(0, 12)}</slash:comments>\n")
		o.append("\t</item>\n")
	o.append("</channel>\n</rss>\n")
	return "".join(o)

def iso(t):
	return t.isoformat()

def atom(f, host, r, nitems, t0, zone):
	o = ['<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">\n',
		f'\t<title type="text">Kabar {r}</title>\n\t<subtitle>Berita {r} terbaru</subtitle>\n',
		f'\t<link rel="alternate" type="text/html" href="https://{host}/" />\n',
		f'\t<link rel="self" type="application/atom+xml" href="https://{host}/feeds/posts/default" />\n',
		f"\t<id>tag:{host},2025:feed</id>\n\t<updated>{iso(t0)}</updated>\n",
		'\t<generator uri="https://www.blogger.com" version="7.00">Blogger</generator>\n']
	for i in range(nitems):
		t = when(t0, i)
		slug = f"berita-{f}-{i}"
		link = f"https://{host}/{t:%Y/%m}/{slug}.html"
		body = html_body(r, host, slug, rng.randint(2, 7))
		o.append(f"\t<entry>\n\t\t<id>tag:{host},2025:post-{f}-{i}</id>\n")
		o.append(f"\t\t<published>{iso(t)}</published>\n\t\t<updated>{iso(t + timedelta(minutes=5))}</updated>\n")
		for c in rng.sample(CATS, rng.randint(1, 3)):
			o.append(f'\t\t<category scheme="https://{host}/" term="{c}" />\n')
		o.append(f'\t\t<title type="html">{escape(fill(rng.choice(TITLES), r))}</title>\n')
		o.append(f'\t\t<summary type="text">{escape(plain(fill(rng.choice(SENTENCES), r)))}</summary>\n')
		o.append(f'\t\t<content type="html">{escape(body)}</content>\n')
		o.append(f'\t\t<link rel="alternate" type="text/html" href="{link}" title="{slug}" />\n')
		o.append(f"\t\t<author><name>{rng.choice(AUTHORS)}</name><email>noreply@{host}</email></author>\n")
		o.append(f'\t\t<link rel="enclosure" type="image/jpeg" length="123456" href="https://{host}/img/{slug}.jpg" />\n')
		o.append("\t</entry>\n")
	o.append("</feed>\n")
	return "".join(o)

def rss1(f, host, r, nitems, t0, zone):
	links = [f"https://{host}/read/{f}/{i}" for i in range(nitems)]
	o = ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
		' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
		' xmlns:content="http://purl.org/rss/1.0/modules/content/">\n',
		f'<channel rdf:about="https://{host}/rss">\n\t<title>Warta {r}</title>\n',
		f"\t<link>https://{host}/</link>\n\t<description>Warta {r}</description>\n",
		"\t<items>\n\t\t<rdf:Seq>\n"]
	o += [f'\t\t\t<rdf:li rdf:resource="{l}" />\n' for l in links]
	o.append("\t\t</rdf:Seq>\n\t</items>\n</channel>\n")
	for i, l in enumerate(links):
		t = when(t0, i)
		o.append(f'<item rdf:about="{l}">\n\t<title>{xmltext(fill(rng.choice(TITLES), r))}</title>\n\t<link>{l}</link>\n')
		o.append(f"\t<description>{escape(html_body(r, host, f'b{f}-{i}', rng.randint(1, 3)))}</description>\n")
		o.append(f"\t<dc:date>{iso(t)}</dc:date>\n\t<dc:creator>{rng.choice(AUTHORS)}</dc:creator>\n")
		o.append(f"\t<dc:subject>{rng.choice(CATS)}</dc:subject>\n</item>\n")
	o.append("</rdf:RDF>\n")
	return "".join(o)

def jsonfeed(f, host, r, nitems, t0, zone):
	items = []
	for i in range(nitems):
		t = when(t0, i)
		slug = f"berita-{f}-{i}"
		items.append({"id": f"https://{host}/?p={f}{i}", "url": f"https://{host}/{slug}",
			"title": plain(fill(rng.choice(TITLES), r)),
			"content_html": plain(html_body(r, host, slug, rng.randint(2, 6))),
			"summary": plain(fill(rng.choice(SENTENCES), r)),
			"date_published": iso(t), "authors": [{"name": rng.choice(AUTHORS)}],
			"tags": [plain(c) for c in rng.sample(CATS, 2)],
			"image": f"https://{host}/img/{slug}.jpg"})
	return json.dumps({"version": "https://jsonfeed.org/version/1.1",
		"title": f"Info {r}", "home_page_url": f"https://{host}/",
		"feed_url": f"https://{host}/feed.json", "language": "id", "items": items},
		ensure_ascii=False, indent=1) + "\n"

counts = {}
total = {"xml": [0, 0], "json": [0, 0]}
for f in range(nfeeds):
	r = rng.choice(REGIONS)
	host = r.lower().replace(" ", "") + f"{f}.example.id"
	nitems = min(100, max(5, round(rng.triangular(5, 100, 5))))
	zone = rng.choices(ZONES, [80, 15, 5])[0]
	t0 = datetime(2025, 4, 22, 10, 43, tzinfo=timezone(timedelta(hours=zone[0]))) \
		- timedelta(days=rng.randint(0, 2000))
	kind = rng.choices(["rss2", "atom", "rss1", "json"], [80, 10, 7, 3])[0]
	enc = "utf-8"
	if kind == "rss2" and rng.random() < 0.06:
		enc = "windows-1252"
	if kind == "json":
		data = jsonfeed(f, host, r, nitems, t0, zone).encode()
		name = f"{root}/json/f{f:04d}.json"
	else:
		text = {"rss2": rss2, "atom": atom, "rss1": rss1}[kind](f, host, r, nitems, t0, zone)
		decl = f'<?xml version="1.0" encoding="{enc.upper() if enc != "utf-8" else "UTF-8"}"?>\n'
		data = (decl + text).encode(enc)
		name = f"{root}/xml/f{f:04d}.xml"
	with open(name, "wb") as fh:
		fh.write(data)
	key = kind + ("-cp1252" if enc != "utf-8" else "")
	c = counts.setdefault(key, [0, 0, 0])
	c[0] += 1; c[1] += nitems; c[2] += len(data)
	t = total["json" if kind == "json" else "xml"]
	t[0] += nitems; t[1] += len(data)
with open(root + "/gen.counts", "w") as fh:
	fh.write(f"{total['xml'][0]} {total['xml'][1]} {total['json'][0]} {total['json'][1]}\n")
print(f"corpus: {nfeeds} feeds, {total['xml'][0] + total['json'][0]} items, "
	f"{(total['xml'][1] + total['json'][1]) / 1e6:.1f} MB")
for k in sorted(counts):
	c = counts[k]
	print(f"  {k:<14} {c[0]:5d} feeds {c[1]:6d} items {c[2] / 1e6:7.1f} MB")
PY

read -r xml_items xml_bytes json_items json_bytes < "$tmp/gen.counts"
all_items=$((xml_items + json_items))
all_bytes=$((xml_bytes + json_bytes))
ls "$tmp"/xml/* > "$tmp/list.xml"
ls "$tmp"/xml/* "$tmp"/json/* > "$tmp/list.all"
nxml=$(wc -l < "$tmp/list.xml")
nall=$(wc -l < "$tmp/list.all")
xargs cat < "$tmp/list.xml" > "$tmp/all.xml"

count_items() { # count_items FILE: items in kabar's JSON Feed lines, and errors
	/usr/bin/python3 - "$1" <<'PY'
import json, sys
items = errors = docs = 0
with open(sys.argv[1], encoding="utf-8") as fh:
	for line in fh:
		d = json.loads(line)
		docs += 1
		items += len(d.get("items", []))
		if "_kabar" in d and "error" in d["_kabar"]:
			errors += 1
print(docs, items, errors)
PY
}

# One checked pass first: outputs kept, exit statuses looked at, peak RSS.
echo
echo "check pass (not timed):"
rss=""
if [ -x /usr/bin/time ]; then
	rss="/usr/bin/time -f %M -a -o $tmp/rss"
fi
: > "$tmp/rss"
# shellcheck disable=SC2086 # $rss is a command prefix, split on purpose
xargs -n "$batch" $rss "$kabar" parse < "$tmp/list.xml" > "$tmp/out.xml" || echo "  kabar parse exited non-zero (xml)"
# shellcheck disable=SC2086
xargs -n "$batch" $rss "$kabar" parse < "$tmp/list.all" > "$tmp/out.all" || echo "  kabar parse exited non-zero (all)"
rss_batch=$(sort -n "$tmp/rss" | tail -n 1)
: > "$tmp/rss"
# shellcheck disable=SC2086
xargs -n 100000 $rss "$kabar" parse < "$tmp/list.all" > /dev/null || true
rss_one=$(sort -n "$tmp/rss" | tail -n 1)
read -r docs_xml k_xml err_xml <<EOF
$(count_items "$tmp/out.xml")
EOF
read -r docs_all k_all err_all <<EOF
$(count_items "$tmp/out.all")
EOF
# shellcheck disable=SC2013 # the paths are under mktemp -d, without blanks
s_lines=$(for f in $(cat "$tmp/list.xml"); do sfeed < "$f"; done | wc -l)
s1_lines=$(sfeed < "$tmp/all.xml" | wc -l)
xargs -n "$batch" xmllint --stream --noout < "$tmp/list.xml" 2> "$tmp/xs.err" || echo "  xmllint --stream exited non-zero: $(head -c 300 "$tmp/xs.err")"
xargs -n "$batch" xmllint --noout < "$tmp/list.xml" 2> "$tmp/xd.err" || echo "  xmllint --noout exited non-zero: $(head -c 300 "$tmp/xd.err")"
echo "  all files: generator wrote $all_items items in $nall feeds; kabar printed $k_all items in $docs_all documents, $err_all with an error"
echo "  xml files: generator wrote $xml_items items in $nxml feeds; kabar printed $k_xml items in $docs_xml documents, $err_xml with an error; sfeed printed $s_lines lines (one stream: $s1_lines)"
echo "  kabar peak RSS: ${rss_batch:-?} KiB ($batch files a process), ${rss_one:-?} KiB (all $nall files in one process)"

# The timed commands. Each is a shell command line, run by sh.
loop() { # loop PROG: the per-file stdin loop over the XML files
	echo "for f in \$(cat $tmp/list.xml); do $1 < \"\$f\"; done > /dev/null"
}
set -- \
	kabar "xargs -n $batch $kabar parse < $tmp/list.all > /dev/null" \
	kabar-xml "xargs -n $batch $kabar parse < $tmp/list.xml > /dev/null" \
	sfeed "$(loop sfeed)" \
	cat-loop "$(loop cat)" \
	sfeed-1stream "sfeed < $tmp/all.xml > /dev/null" \
	xmllint-stream "xargs -n $batch xmllint --stream --noout < $tmp/list.xml" \
	xmllint-dom "xargs -n $batch xmllint --noout < $tmp/list.xml"

best() { # best LABEL CMD: seconds of the best of $runs runs (after a warm-up)
	if command -v hyperfine > /dev/null 2>&1; then
		hyperfine --style none --warmup 1 --runs "$runs" -i \
			--export-json "$tmp/h.json" "$2" > /dev/null 2>&1
		/usr/bin/python3 -c "import json,sys; print('%.4f' % min(json.load(open(sys.argv[1]))['results'][0]['times']))" "$tmp/h.json"
	else
		sh -c "$2" || true
		b=""
		i=0
		while [ $i -lt "$runs" ]; do
			s=$(date +%s%N)
			sh -c "$2" || true
			ns=$(($(date +%s%N) - s))
			if [ -z "$b" ] || [ "$ns" -lt "$b" ]; then
				b=$ns
			fi
			i=$((i + 1))
		done
		awk -v ns="$b" 'BEGIN { printf "%.4f", ns / 1e9 }'
	fi
}

how="best of $runs runs, date +%s%N"
if command -v hyperfine > /dev/null 2>&1; then
	how="best of $runs runs after a warm-up, hyperfine"
fi
echo
echo "timings ($how; $(nproc) cores; files in the page cache):"
printf '  %-15s %5s %7s %7s %8s %8s %10s\n' tool files MB items seconds MB/s items/s
cat_s=0
while [ $# -gt 0 ]; do
	label=$1
	cmd=$2
	shift 2
	s=$(best "$label" "$cmd")
	case $label in
	kabar) files=$nall bytes=$all_bytes items=$k_all ;;
	*) files=$nxml bytes=$xml_bytes items=$k_xml ;;
	esac
	if [ "$label" = cat-loop ]; then
		cat_s=$s
	fi
	awk -v l="$label" -v f="$files" -v b="$bytes" -v n="$items" -v s="$s" 'BEGIN {
		printf "  %-15s %5d %7.1f %7d %8.3f %8.1f %10.0f\n", l, f, b / 1e6, n, s, b / 1e6 / s, n / s }'
	if [ "$label" = sfeed ]; then
		sfeed_s=$s
	fi
done
awk -v s="$sfeed_s" -v c="$cat_s" -v b="$xml_bytes" -v n="$k_xml" -v f="$nxml" 'BEGIN {
	d = s - c
	if (d <= 0.001)
		printf "  %-15s %5d %7.1f %7d %8.3f %8s %10s (within the noise)\n", "sfeed-minus-cat", f, b / 1e6, n, d, "-", "-"
	else
		printf "  %-15s %5d %7.1f %7d %8.3f %8.1f %10.0f\n", "sfeed-minus-cat", f, b / 1e6, n, d, b / 1e6 / d, n / d }'
echo "  (kabar and xmllint start a process per $batch files; sfeed and cat-loop one per file,"
echo "   so sfeed-minus-cat estimates sfeed's parsing alone, and sfeed-1stream measures it;"
echo "   the JSON Feeds are only in the kabar row: sfeed and xmllint do not read them)"
