/* test-extract.c: article extraction (src/extract.h) on hand-written
 * pages in the styles of Indonesian news portals and local government
 * sites (tests/fixtures/extract/), and on hostile input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "extract.h"
#include "item.h"
#include "util.h"
#include "tap.h"

static const char *srcdir;

/* The fixture's bytes. New string; NULL when it cannot be read. */
static char *
load(const char *name, size_t *len)
{
	char *path = kb_asprintf("%s/tests/fixtures/extract/%s", srcdir, name);
	FILE *f = fopen(path, "rb");
	struct kb_buf b;
	char chunk[4096];
	size_t n;
	char *s;

	free(path);
	if (!f)
		return NULL;
	kb_buf_init(&b, 1024 * 1024);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		kb_buf_add(&b, chunk, n);
	fclose(f);
	s = kb_buf_detach(&b, len);
	return s ? s : kb_strdup("");
}

static int
extract_fixture(const char *name, const char *url, const char *tz, struct kb_article *a)
{
	size_t len = 0;
	char *html = load(name, &len);
	int rc;

	if (!ok(html != NULL, "%s: read", name)) {
		memset(a, 0, sizeof(*a));
		return -1;
	}
	rc = kb_extract(html, len, url, tz, a);
	free(html);
	return rc;
}

static int
has(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

static size_t
count(const char *s, const char *needle)
{
	size_t k = 0;

	while (s && (s = strstr(s, needle)) != NULL) {
		k++;
		s++;
	}
	return k;
}

static int
utf8_ok(const char *s)
{
	return !s || kb_utf8_valid(s, strlen(s));
}

/* Every string of a is valid UTF-8 and the counts are within bounds. */
static int
article_sane(const struct kb_article *a)
{
	size_t i;

	if (!a->content_html || !a->content_text)
		return 0;
	if (!utf8_ok(a->url) || !utf8_ok(a->title) || !utf8_ok(a->content_html) || !utf8_ok(a->content_text) ||
	    !utf8_ok(a->summary) || !utf8_ok(a->image) || !utf8_ok(a->language) || !utf8_ok(a->site_name) ||
	    !utf8_ok(a->section))
		return 0;
	if (a->n_authors > 20 || a->n_tags > 50 || a->n_next_pages > 20)
		return 0;
	for (i = 0; i < a->n_authors; i++)
		if (!a->authors[i].name || !utf8_ok(a->authors[i].name))
			return 0;
	for (i = 0; i < a->n_tags; i++)
		if (!utf8_ok(a->tags[i]))
			return 0;
	if (strstr(a->content_html, "<script"))
		return 0;
	return 1;
}

static void
test_portal(void)
{
	struct kb_article a;
	const char *t;
	int rc;

	rc = extract_fixture("portal-baca-juga.html",
			     "https://www.wartajateng.example/berita/d-7012345/bazar-umkm?utm_source=feed",
			     "Asia/Jakarta", &a);
	is_int(rc, 0, "portal: extracted");
	is_str(a.title, "Bazar UMKM Kota Semarang Diserbu Pengunjung", "portal: title from JSON-LD");
	is_str(a.from.title, "json-ld", "portal: title source");
	is_int(a.published, 1717384500, "portal: published (UTC seconds)");
	is_int(a.published_offset, 420, "portal: published offset +07:00");
	is_str(a.from.published, "json-ld", "portal: published source");
	is_int(a.modified, 1717390800, "portal: modified");
	is_int(a.n_authors, 2, "portal: two authors from the JSON-LD array");
	if (a.n_authors == 2) {
		is_str(a.authors[0].name, "Rina Wulandari", "portal: first author");
		is_str(a.authors[0].url, "https://www.wartajateng.example/penulis/rina", "portal: author URL absolute");
		is_str(a.authors[1].name, "Agus Salim", "portal: second author");
	} else {
		skip(3, "authors missing");
	}
	is_str(a.url, "https://www.wartajateng.example/berita/d-7012345/bazar-umkm-kota-semarang-diserbu-pengunjung",
	       "portal: canonical URL");
	is_str(a.from.canonical, "canonical", "portal: canonical source");
	is_str(a.image, "https://cdn.wartajateng.example/foto/bazar-besar.jpg", "portal: image object from JSON-LD");
	is_str(a.site_name, "Warta Jateng", "portal: site name");
	is_str(a.section, "Ekonomi", "portal: section");
	is_int(a.n_tags, 3, "portal: keywords split");
	if (a.n_tags == 3)
		is_str(a.tags[1], "Semarang", "portal: second tag");
	else
		skip(1, "tags missing");
	is_str(a.summary, "Ratusan pelaku UMKM ikut bazar di Simpang Lima.", "portal: summary from description");
	is_str(a.language, "id", "portal: html lang");
	t = a.content_text;
	ok(has(t, "diserbu ribuan pengunjung sejak pagi"), "portal: first paragraph kept");
	ok(has(t, "Pelatihan digital untuk peserta"), "portal: subheading kept");
	ok(has(t, "terbuka untuk umum tanpa dipungut biaya"), "portal: last paragraph kept");
	ok(has(t, "Sri Lestari"), "portal: paragraph after the ad kept");
	ok(!has(t, "Baca juga") && !has(t, "Baca Juga") && !has(t, "Harga Cabai"), "portal: Baca juga inserts dropped");
	ok(!has(t, "Bagikan") && !has(t, "Tweet") && !has(t, "WhatsApp"), "portal: share bars dropped");
	ok(!has(t, "Berita Terkait") && !has(t, "Pasar Murah Digelar"), "portal: related list dropped");
	ok(!has(t, "Terpopuler") && !has(t, "Jalan Tol Baru"), "portal: sidebar dropped");
	ok(!has(t, "Mantap, semoga"), "portal: comments dropped");
	ok(!has(t, "Copyright") && !has(t, "Beranda"), "portal: footer and navigation dropped");
	ok(!has(t, "ADVERTISEMENT"), "portal: ad slot dropped");
	ok(!has(t, "(Foto:"), "portal: credit caption dropped");
	ok(!has(t, "Tags:"), "portal: tag list dropped");
	ok(!has(t, "detikJateng"), "portal: author line dropped");
	ok(!has(t, "var ads"), "portal: script text dropped");
	is_int(count(t, "Bazar UMKM Kota Semarang Diserbu"), 0, "portal: headline not repeated in the text");
	ok(has(a.content_html, "<p>") && has(a.content_html, "<h2>"), "portal: content_html has paragraphs, heading");
	is_str(a.from.content, "dom", "portal: content source");
	is_int(a.n_next_pages, 0, "portal: no next pages");
	ok(a.event == NULL, "portal: no event");
	ok(article_sane(&a), "portal: strings UTF-8, counts bounded");
	kb_article_free(&a);
}

static void
test_antara(void)
{
	struct kb_article a;
	const char *t;

	is_int(extract_fixture("antara-pewarta.html", "https://kabarnusantara.example/berita/3571234/kemenkop",
			       "Asia/Jakarta", &a),
	       0, "antara: extracted");
	is_str(a.title, "Kemenkop dorong koperasi desa masuk rantai pasok", "antara: <title> without the site suffix");
	is_str(a.from.title, "title", "antara: title source");
	is_int(a.published, 1685604600, "antara: meta pubdate read in Asia/Jakarta");
	is_int(a.published_offset, 420, "antara: offset of the zone");
	is_str(a.from.published, "meta", "antara: published source");
	is_int(a.n_authors, 1, "antara: one author");
	if (a.n_authors == 1)
		is_str(a.authors[0].name, "Budi Santoso", "antara: meta author");
	else
		skip(1, "no author");
	is_str(a.from.authors, "meta", "antara: authors source");
	is_int(a.n_tags, 3, "antara: meta keywords");
	is_str(a.url, "https://kabarnusantara.example/berita/3571234/kemenkop", "antara: page URL without canonical");
	is_str(a.from.canonical, "page", "antara: canonical source is the page");
	t = a.content_text;
	ok(has(t, "Jakarta (KN) - Kementerian Koperasi"), "antara: lead paragraph kept");
	ok(has(t, "hortikultura."), "antara: last paragraph kept");
	ok(!has(t, "Pewarta:") && !has(t, "Editor:"), "antara: Pewarta/Editor lines dropped");
	ok(!has(t, "Baca juga"), "antara: Baca juga dropped");
	ok(!has(t, "Berita lainnya") && !has(t, "Koperasi susu"), "antara: related links dropped");
	ok(!has(t, "Terkini"), "antara: navigation dropped");
	ok(article_sane(&a), "antara: sane");
	kb_article_free(&a);
}

static void
test_pemda(void)
{
	struct kb_article a;
	const char *t;

	is_int(extract_fixture("pemda-wordpress.html", "https://dinkopumkm.sukamajukab.go.id/?p=812", NULL, &a), 0,
	       "pemda: extracted");
	is_str(a.title, "Pelatihan Kemasan Produk bagi 50 UMKM", "pemda: title without \" - Dinas ...\"");
	is_int(a.published, 1692234000, "pemda: <time datetime>");
	is_int(a.published_offset, 420, "pemda: offset from the datetime");
	is_str(a.from.published, "time", "pemda: published source");
	is_str(a.url, "https://dinkopumkm.sukamajukab.go.id/2023/08/pelatihan-kemasan-produk/", "pemda: canonical");
	is_int(a.n_authors, 1, "pemda: byline author");
	if (a.n_authors == 1)
		is_str(a.authors[0].name, "Humas Dinkop", "pemda: byline without \"oleh\"");
	else
		skip(1, "no author");
	is_str(a.from.authors, "byline", "pemda: authors source");
	is_str(a.language, "id-ID", "pemda: language");
	t = a.content_text;
	ok(has(t, "menggelar pelatihan desain kemasan"), "pemda: first paragraph");
	ok(has(t, "Hari kedua: praktik desain label"), "pemda: list kept");
	ok(has(t, "anggaran daerah tahun berjalan"), "pemda: last paragraph");
	ok(!has(t, "Bagikan ini") && !has(t, "Facebook"), "pemda: sharedaddy dropped");
	ok(!has(t, "Tinggalkan Balasan") && !has(t, "Kirim Komentar"), "pemda: comment form dropped");
	ok(!has(t, "Pos-pos Terbaru") && !has(t, "Bimtek"), "pemda: widgets and post navigation dropped");
	ok(!has(t, "Posted in") && !has(t, "Tagged"), "pemda: entry footer dropped");
	ok(!has(t, "Jl. Merdeka") && !has(t, "Profil"), "pemda: site footer and menu dropped");
	is_int(a.n_next_pages, 0, "pemda: rel=next to another post is not a next page");
	ok(article_sane(&a), "pemda: sane");
	kb_article_free(&a);
}

static void
test_graph(void)
{
	struct kb_article a;

	is_int(extract_fixture("jsonld-graph.html", "https://kabarcirebon.example/ekspor-rotan/", "Asia/Jakarta", &a),
	       0, "graph: extracted");
	is_str(a.title, "Ekspor kerajinan rotan Cirebon tembus Eropa", "graph: headline from @graph");
	is_str(a.from.title, "json-ld", "graph: title source");
	is_int(a.published, 1707100200, "graph: datePublished");
	is_int(a.modified, 1707181200, "graph: dateModified");
	is_str(a.from.modified, "json-ld", "graph: modified source");
	is_int(a.n_authors, 1, "graph: author object");
	if (a.n_authors == 1) {
		is_str(a.authors[0].name, "Dewi Anggraini", "graph: author name");
		is_str(a.authors[0].url, "https://kabarcirebon.example/author/dewi/", "graph: author url");
	} else {
		skip(2, "no author");
	}
	is_str(a.image, "https://kabarcirebon.example/img/rotan-1.jpg", "graph: first image of the array");
	is_int(a.n_tags, 4, "graph: keywords array");
	is_str(a.section, "Ekonomi", "graph: first articleSection");
	is_str(a.site_name, "Kabar Cirebon", "graph: publisher name");
	is_str(a.language, "id-ID", "graph: inLanguage");
	is_str(a.summary, "Perajin rotan di Plered mengirim 12 kontainer ke Belanda.", "graph: description");
	ok(has(a.content_text, "dua belas kontainer"), "graph: body text");
	ok(article_sane(&a), "graph: sane");
	kb_article_free(&a);
}

static void
test_og_only(void)
{
	struct kb_article a;

	is_int(extract_fixture("og-only.html", "https://radarujung.example/daerah/festival-durian-lokal?amp=1", NULL,
			       &a),
	       0, "og: extracted");
	is_str(a.title, "Festival Durian Lokal Dibuka di Banyuwangi", "og: og:title");
	is_str(a.from.title, "opengraph", "og: title source");
	is_int(a.published, 1705711500, "og: article:published_time");
	is_int(a.published_offset, 420, "og: offset");
	is_str(a.from.published, "opengraph", "og: published source");
	is_int(a.modified, 1705716000, "og: article:modified_time");
	is_int(a.n_authors, 1, "og: article:author");
	if (a.n_authors == 1)
		is_str(a.authors[0].name, "Fajar Nugroho", "og: author name");
	else
		skip(1, "no author");
	is_str(a.from.authors, "opengraph", "og: authors source");
	is_str(a.url, "https://radarujung.example/daerah/festival-durian-lokal", "og: og:url as canonical");
	is_str(a.from.canonical, "opengraph", "og: canonical source");
	is_str(a.image, "https://radarujung.example/img/durian.jpg", "og: og:image");
	is_str(a.from.image, "opengraph", "og: image source");
	is_str(a.summary, "Puluhan petani durian memamerkan varietas lokal unggulan.", "og: og:description");
	is_str(a.from.summary, "opengraph", "og: summary source");
	is_str(a.site_name, "Radar Ujung", "og: og:site_name");
	is_str(a.section, "Daerah", "og: article:section");
	is_str(a.language, "id-ID", "og: og:locale id_ID as id-ID");
	is_int(a.n_tags, 2, "og: two article:tag");
	if (a.n_tags == 2)
		is_str(a.tags[1], "festival", "og: second tag");
	else
		skip(1, "tags missing");
	ok(has(a.content_text, "varietas unggulan") && has(a.content_text, "es krim durian"), "og: body text");
	ok(article_sane(&a), "og: sane");
	kb_article_free(&a);
}

static void
test_datelines(void)
{
	struct kb_article a;

	is_int(extract_fixture("dateline-kamis.html", "https://prfm.example/pasar-murah", "Asia/Jakarta", &a), 0,
	       "dateline: extracted");
	is_int(a.published, 1685552400, "dateline: Kamis (1/6/2023) in Asia/Jakarta");
	is_int(a.published_offset, 420, "dateline: offset");
	is_str(a.from.published, "dateline", "dateline: source");
	is_str(a.title, "Pasar Murah Digelar di Alun-alun", "dateline: title");
	ok(has(a.content_text, "pada Kamis (1/6/2023)"), "dateline: sentence kept");
	kb_article_free(&a);

	is_int(extract_fixture("dateline-kamis.html", "https://prfm.example/pasar-murah", NULL, &a), 0,
	       "dateline UTC: extracted");
	is_int(a.published, 1685577600, "dateline: read in UTC without a zone");
	is_int(a.published_offset, 0, "dateline: offset 0");
	kb_article_free(&a);

	is_int(extract_fixture("dateline-wib.html", "https://kompas.example/read/2021/12/20/harga-gabah", NULL, &a), 0,
	       "dateline WIB: extracted");
	is_int(a.published, 1639990800, "dateline: Senin, 20 Desember 2021 - 16:00 WIB");
	is_int(a.published_offset, 420, "dateline: WIB is +07:00");
	is_str(a.from.published, "dateline", "dateline WIB: source");
	ok(has(a.content_text, "Harga gabah kering panen"), "dateline WIB: body");
	ok(!has(a.content_text, "16:00 WIB"), "dateline WIB: date line not in the text");
	kb_article_free(&a);
}

static void
test_pages(void)
{
	struct kb_article a;
	size_t len = 0;
	char *p2;

	is_int(extract_fixture("paged-1.html", "https://cerita.example/cerita/perajin-gerabah-kasongan", NULL, &a), 0,
	       "paged: extracted");
	is_int(a.n_next_pages, 2, "paged: two next pages (2, 3), duplicates and other paths left out");
	if (a.n_next_pages == 2) {
		is_str(a.next_pages[0], "https://cerita.example/cerita/perajin-gerabah-kasongan?page=2",
		       "paged: page 2");
		is_str(a.next_pages[1], "https://cerita.example/cerita/perajin-gerabah-kasongan?page=3",
		       "paged: page 3");
	} else {
		skip(2, "next pages missing");
	}
	ok(!has(a.content_text, "Selanjutnya"), "paged: pager not in the text");
	p2 = load("paged-2.html", &len);
	ok(p2 != NULL, "paged: read page 2");
	is_int(kb_extract_append_page(&a, p2, len, "https://cerita.example/cerita/perajin-gerabah-kasongan?page=2"), 0,
	       "paged: page 2 appended");
	ok(has(a.content_text, "deretan pot dan vas"), "paged: page 2 text added");
	ok(has(a.content_html, "deretan pot dan vas"), "paged: page 2 html added");
	is_int(count(a.content_text, "Sudah tiga generasi"), 1, "paged: repeated paragraph not added twice");
	ok(has(a.content_text, "pemasaran digital"), "paged: page 1 text still there");
	ok(strstr(a.content_text, "pemasaran digital") < strstr(a.content_text, "deretan pot"),
	   "paged: page 2 after page 1");
	is_int(kb_extract_append_page(&a, p2, len, "https://cerita.example/cerita/perajin-gerabah-kasongan?page=2"), -1,
	       "paged: appending the same page again adds nothing");
	is_int(kb_extract_append_page(&a, "", 0, "https://cerita.example/x"), -1, "paged: empty page adds nothing");
	free(p2);
	ok(article_sane(&a), "paged: sane");
	kb_article_free(&a);

	is_int(extract_fixture("paged-2.html", "https://cerita.example/cerita/perajin-gerabah-kasongan?page=2", NULL,
			       &a),
	       0, "paged 2: extracted");
	is_int(a.n_next_pages, 1, "paged 2: only the pages after it");
	if (a.n_next_pages == 1)
		is_str(a.next_pages[0], "https://cerita.example/cerita/perajin-gerabah-kasongan?page=3",
		       "paged 2: page 3");
	else
		skip(1, "next pages missing");
	kb_article_free(&a);
}

static void
test_event(void)
{
	struct kb_article a;

	is_int(extract_fixture("event.html", "https://acara.example/acara/pameran", "Asia/Jakarta", &a), 0,
	       "event: extracted");
	ok(a.event != NULL, "event: JSON-LD ExhibitionEvent found");
	if (a.event) {
		is_str(a.event->name, "Pameran UMKM Nusantara 2024", "event: name");
		is_int(a.event->start, 1720717200, "event: start date in Asia/Jakarta");
		is_int(a.event->start_offset, 420, "event: start offset");
		is_int(a.event->start_all_day, 1, "event: start is all-day");
		is_int(a.event->end, 1720890000, "event: end date");
		is_int(a.event->end_all_day, 1, "event: end is all-day");
		is_str(a.event->venue, "Jakarta Convention Center", "event: venue");
		is_str(a.event->address, "Jl. Gatot Subroto, Jakarta Pusat, DKI Jakarta, 10270, ID",
		       "event: address as one line");
		is_str(a.event->organizer, "Kementerian Koperasi dan UKM", "event: organizer");
		is_str(a.event->url, "https://acara.example/acara/pameran-umkm-nusantara-2024", "event: url absolute");
	} else {
		skip(10, "no event");
	}
	is_str(a.title, "Pameran UMKM Nusantara 2024", "event: page title from the event");
	is_str(a.summary, "Pameran produk unggulan UMKM dari 34 provinsi.", "event: summary from the event");
	ok(has(a.content_text, "temu bisnis"), "event: body text");
	kb_article_free(&a);

	{
		const char *html = "<html><head><script type=\"application/ld+json\">{\"@type\":\"BusinessEvent\","
				   "\"name\":\"Temu Bisnis\",\"startDate\":\"2024-09-01T09:00:00+08:00\","
				   "\"endDate\":\"2024-09-01T15:00\",\"location\":\"Gedung Serbaguna\","
				   "\"organizer\":[{\"name\":\"Dinas Koperasi\"}]}</script></head>"
				   "<body><p>Acara temu bisnis.</p></body></html>";

		is_int(kb_extract(html, strlen(html), "https://x.example/a", "Asia/Jakarta", &a), 0,
		       "event 2: extracted");
		ok(a.event != NULL, "event 2: BusinessEvent found");
		if (a.event) {
			is_int(a.event->start, 1725152400, "event 2: start with its own offset");
			is_int(a.event->start_offset, 480, "event 2: +08:00");
			is_int(a.event->start_all_day, 0, "event 2: a time, not all-day");
			is_int(a.event->end, 1725177600, "event 2: end without zone read in Asia/Jakarta");
			is_str(a.event->venue, "Gedung Serbaguna", "event 2: location as a string");
			ok(a.event->address == NULL, "event 2: no address");
			is_str(a.event->organizer, "Dinas Koperasi", "event 2: organizer from an array");
		} else {
			skip(7, "no event");
		}
		kb_article_free(&a);
	}
}

static void
test_hostile(void)
{
	struct kb_article a;
	struct kb_buf b;
	char *html;
	size_t i, len;
	int rc;

	/* Deeply nested divs */
	kb_buf_init(&b, 64 * 1024 * 1024);
	kb_buf_addstr(&b, "<html><head><title>Dalam sekali</title></head><body>");
	for (i = 0; i < 100000; i++)
		kb_buf_addstr(&b, "<div>");
	kb_buf_addstr(&b, "teks di dasar");
	for (i = 0; i < 100000; i++)
		kb_buf_addstr(&b, "</div>");
	kb_buf_addstr(&b, "</body></html>");
	html = kb_buf_detach(&b, &len);
	rc = kb_extract(html, len, "https://x.example/deep", NULL, &a);
	is_int(rc, 0, "deep: no crash, the title is there");
	is_str(a.title, "Dalam sekali", "deep: title");
	ok(article_sane(&a), "deep: sane");
	kb_article_free(&a);
	free(html);

	/* Deeply nested JSON-LD and a JSON-LD script of 5 MB */
	kb_buf_init(&b, 64 * 1024 * 1024);
	kb_buf_addstr(&b, "<html><head><title>Besar</title><script type=\"application/ld+json\">");
	for (i = 0; i < 20000; i++)
		kb_buf_addc(&b, '[');
	kb_buf_addstr(&b,
		      "</script><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\"");
	for (i = 0; i < 5 * 1024 * 1024 / 8; i++)
		kb_buf_addstr(&b, "kata ini");
	kb_buf_addstr(&b, "\"}</script>");
	kb_buf_addstr(
		&b, "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Kecil\"}</script>");
	kb_buf_addstr(&b, "</head><body><p>Isi singkat.</p></body></html>");
	html = kb_buf_detach(&b, &len);
	rc = kb_extract(html, len, "https://x.example/big", NULL, &a);
	is_int(rc, 0, "big json-ld: extracted");
	is_str(a.title, "Kecil", "big json-ld: the huge and the too deep scripts are skipped, the next one read");
	ok(strlen(a.content_text) < 1000, "big json-ld: the skipped articleBody is not used");
	ok(article_sane(&a), "big json-ld: sane");
	kb_article_free(&a);
	free(html);

	/* Broken JSON-LD: the other metadata still counts */
	html = kb_strdup("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
			 "\"Rusak\", </script><meta property=\"og:title\" content=\"Judul OG\"></head>"
			 "<body><p>Teks.</p></body></html>");
	rc = kb_extract(html, strlen(html), "https://x.example/broken", NULL, &a);
	is_int(rc, 0, "broken json-ld: extracted");
	is_str(a.title, "Judul OG", "broken json-ld: og:title used");
	is_str(a.from.title, "opengraph", "broken json-ld: title source");
	kb_article_free(&a);
	free(html);

	/* Too many authors and keywords */
	kb_buf_init(&b, 1024 * 1024);
	kb_buf_addstr(&b,
		      "<html><head><script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":\"Banyak\","
		      "\"author\":[");
	for (i = 0; i < 60; i++)
		kb_buf_printf(&b, "%s{\"name\":\"Penulis %zu\"}", i ? "," : "", i);
	kb_buf_addstr(&b, "],\"keywords\":[");
	for (i = 0; i < 100; i++)
		kb_buf_printf(&b, "%s\"tag%zu\"", i ? "," : "", i);
	kb_buf_addstr(&b, "]}</script></head><body><p>Teks.</p></body></html>");
	html = kb_buf_detach(&b, &len);
	rc = kb_extract(html, len, "https://x.example/many", NULL, &a);
	is_int(rc, 0, "many: extracted");
	is_int(a.n_authors, 20, "many: authors capped at 20");
	is_int(a.n_tags, 50, "many: tags capped at 50");
	kb_article_free(&a);
	free(html);

	/* Invalid UTF-8 everywhere */
	html = kb_strdup("<html><head><title>Judul \xff\xfe rusak \xc3</title>"
			 "<meta name=\"author\" content=\"Nama \x80\x80\"></head>"
			 "<body><article><p>Kalimat \xed\xa0\x80 dengan byte \xf8\x88\x80\x80\x80 salah, cukup panjang "
			 "agar menjadi paragraf, dengan koma, dan titik.</p></article></body></html>");
	rc = kb_extract(html, strlen(html), "https://x.example/utf8", NULL, &a);
	is_int(rc, 0, "utf-8: extracted");
	ok(a.title && has(a.title, "Judul") && has(a.title, "rusak"), "utf-8: title kept around the bad bytes");
	ok(has(a.content_text, "Kalimat"), "utf-8: text kept");
	ok(article_sane(&a), "utf-8: every string valid UTF-8");
	kb_article_free(&a);
	free(html);

	/* NUL bytes inside */
	html = kb_malloc(64);
	memcpy(html, "<title>A\0B</title><p>x\0y</p>", 29);
	rc = kb_extract(html, 29, "https://x.example/nul", NULL, &a);
	is_int(rc, 0, "nul: extracted");
	ok(article_sane(&a), "nul: sane");
	kb_article_free(&a);
	free(html);

	/* No body, no text */
	html = kb_strdup("<html><head><title>Hanya judul</title></head></html>");
	rc = kb_extract(html, strlen(html), "https://x.example/nobody", NULL, &a);
	is_int(rc, 0, "no body: a title is enough");
	is_str(a.title, "Hanya judul", "no body: title");
	is_str(a.content_text, "", "no body: empty text");
	kb_article_free(&a);
	free(html);

	rc = kb_extract("<html><body></body></html>", 26, "https://x.example/empty", NULL, &a);
	is_int(rc, -1, "empty page: -1");
	ok(a.content_text && a.content_html, "empty page: strings still set");
	kb_article_free(&a);
	rc = kb_extract("", 0, "https://x.example/zero", NULL, &a);
	is_int(rc, -1, "zero bytes: -1");
	kb_article_free(&a);
	rc = kb_extract(NULL, 0, "https://x.example/null", NULL, &a);
	is_int(rc, -1, "NULL: -1");
	kb_article_free(&a);

	/* javascript: and relative URLs */
	html = kb_strdup("<html><head><base href=\"https://cdn.example/dir/\"><meta property=\"og:image\" "
			 "content=\"javascript:alert(1)\"><link rel=\"canonical\" href=\"javascript:evil()\"></head>"
			 "<body><article><p>Paragraf yang cukup panjang untuk dinilai sebagai isi, dengan koma, "
			 "<a href=\"rel/page.html\">tautan</a> dan <img src=\"pic.jpg\" alt=\"gambar\">.</p>"
			 "<script>alert(1)</script></article></body></html>");
	rc = kb_extract(html, strlen(html), "https://x.example/base", NULL, &a);
	is_int(rc, 0, "urls: extracted");
	is_str(a.image, "https://cdn.example/dir/pic.jpg", "urls: javascript: og:image refused, the text's image used");
	is_str(a.from.image, "text", "urls: image source");
	is_str(a.url, "https://x.example/base", "urls: javascript: canonical refused");
	ok(has(a.content_html, "href=\"https://cdn.example/dir/rel/page.html\""), "urls: <base href> honoured");
	ok(has(a.content_html, "src=\"https://cdn.example/dir/pic.jpg\""), "urls: image made absolute");
	ok(!has(a.content_html, "alert"), "urls: no script");
	kb_article_free(&a);
	free(html);
}

static void
test_jsonld_body(void)
{
	struct kb_article a;
	struct kb_buf b;
	char *html;
	size_t i;

	/* The DOM holds a teaser; articleBody holds the article. */
	kb_buf_init(&b, 1024 * 1024);
	kb_buf_addstr(&b, "<html><head><title>Teaser</title><script type=\"application/ld+json\">"
			  "{\"@type\":\"NewsArticle\",\"headline\":\"Teaser\",\"articleBody\":\"");
	for (i = 0; i < 40; i++)
		kb_buf_printf(&b, "Kalimat nomor %zu dari badan artikel yang lengkap.\\n", i);
	kb_buf_addstr(&b, "\"}</script></head><body><div class=\"teaser\"><p>Hanya cuplikan pendek.</p></div>"
			  "</body></html>");
	html = kb_buf_detach(&b, NULL);
	is_int(kb_extract(html, strlen(html), "https://x.example/ld", NULL, &a), 0, "articleBody: extracted");
	is_str(a.from.content, "json-ld", "articleBody: used when the DOM finds much less");
	ok(has(a.content_text, "Kalimat nomor 39 dari badan"), "articleBody: its text");
	ok(has(a.content_html, "<p>Kalimat nomor 0 dari badan artikel yang lengkap.</p>"), "articleBody: paragraphs");
	kb_article_free(&a);
	free(html);
}

/* A caption in <figure> (any class, the credit AGENCY/NAME), a vote box
 * by its class, and the author in a plain "Penulis: NAME<br>Editor:" line
 * after the text. */
static void
test_figure_reaction_penulis(void)
{
	struct kb_article a;
	const char *t;

	is_int(extract_fixture("figure-reaction-penulis.html", "https://kabar.example/ekonomi/ikan-asap", NULL, &a), 0,
	       "figure: extracted");
	t = a.content_text;
	ok(has(t, "Koperasi Nelayan Mina Sejahtera membuka gerai") && has(t, "bernilai tambah lebih tinggi"),
	   "figure: the text kept");
	ok(!has(t, "Pengurus koperasi menata") && !has(t, "ANTARA/Budi Santoso"), "figure: the <p> caption dropped");
	ok(has(a.content_html, "<img"), "figure: the picture kept");
	ok(!has(t, "bermanfaat") && !has(t, "Tidak"), "figure: the vote box dropped");
	ok(!has(t, "Penulis") && !has(t, "Editor"), "figure: the Penulis line dropped from the text");
	is_int(a.n_authors, 1, "figure: the author of the Penulis line");
	if (a.n_authors == 1)
		is_str(a.authors[0].name, "Sri Lestari", "figure: the name cut at the <br>");
	else
		skip(1, "no author");
	is_str(a.from.authors, "byline", "figure: authors source");
	ok(article_sane(&a), "figure: sane");
	kb_article_free(&a);
}

/* A byline "Oleh: NAME<br>Fotografer: NAME" and a reaction box known only
 * by its prompt. */
static void
test_byline_br_prompt(void)
{
	struct kb_article a;
	const char *t;

	is_int(extract_fixture("byline-br-prompt.html", "https://kabar.example/daerah/pasar-tani", NULL, &a), 0,
	       "byline br: extracted");
	is_int(a.n_authors, 1, "byline br: one author");
	if (a.n_authors == 1)
		is_str(a.authors[0].name, "Rina Kartika", "byline br: the name cut at the <br> and \"Fotografer:\"");
	else
		skip(1, "no author");
	t = a.content_text;
	ok(has(t, "Pemerintah kabupaten menggelar pasar tani") && has(t, "menjadi pelanggan tetap"),
	   "byline br: the text kept");
	ok(!has(t, "Bagaimana reaksi Anda") && !has(t, "Terkejut"), "byline br: the reaction box dropped");
	ok(article_sane(&a), "byline br: sane");
	kb_article_free(&a);
}

int
main(void)
{
	srcdir = getenv("top_srcdir");
	if (!srcdir)
		srcdir = "..";
	kb_verbosity = -1;
	test_portal();
	test_antara();
	test_pemda();
	test_graph();
	test_og_only();
	test_datelines();
	test_pages();
	test_event();
	test_hostile();
	test_jsonld_body();
	test_figure_reaction_penulis();
	test_byline_br_prompt();
	return done_testing();
}
