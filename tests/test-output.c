/* test-output.c: the feed writers and atomic replacement (src/output.c,
 * src/jsonfeed.c, kabar-feeds(5)). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "buf.h"
#include "config.h"
#include "date.h"
#include "item.h"
#include "cluster.h"
#include "output.h"
#include "store.h"
#include "tap.h"
#include "util.h"

#define T0  1720000000LL /* 2024-07-03T09:46:40Z */
#define DAY 86400LL

static char tmpdir[] = "/tmp/kb-test-output-XXXXXX";

/* --- the store --- */

struct spec {
	const char *source;
	const char *id;
	const char *url;
	const char *title;
	int64_t published;
	int offset;
	int64_t first_seen;
};

static void
set_authors(struct kb_item *it, const char *name, const char *email)
{
	it->authors = kb_calloc(1, sizeof(*it->authors));
	it->authors[0].name = kb_strdup(name);
	it->authors[0].email = kb_strdup(email);
	it->n_authors = 1;
}

static void
set_categories(struct kb_item *it, const char *a, const char *b)
{
	it->categories = kb_calloc(2, sizeof(*it->categories));
	it->categories[0] = kb_strdup(a);
	it->categories[1] = kb_strdup(b);
	it->n_categories = 2;
}

/* The items, each with what it tests. */
enum { A1, A2, A3, E1, E2, B1, F1, F2, F3, F4, F5, N_ITEMS };

static void
make_item(int which, struct kb_item *it, const char **source, int64_t *first_seen)
{
	memset(it, 0, sizeof(*it));
	it->published = KB_NO_TIME;
	it->updated = KB_NO_TIME;
	switch (which) {
	case A1: /* markup and ]]> in every text field, an id that is the link */
		*source = "jatim-berita";
		it->id = kb_strdup("https://jatim.example.id/a/1");
		it->url = kb_strdup("https://jatim.example.id/a/1");
		it->title = kb_strdup("UMKM & Koperasi <Expo> ]]> 2024 \"kutip\"");
		it->summary = kb_strdup("Ringkasan a < b & c ]]>");
		it->content_html = kb_strdup(
			"<p>Isi &amp; <b>tebal</b> ]]&gt; <a href=\"https://x.example/?a=1&amp;b=2\">x</a></p>");
		it->published = T0 - 3600;
		it->published_offset = 420;
		set_authors(it, "Humas & Protokol", "humas@jatim.example.id");
		set_categories(it, "umkm", "expo & pameran\tbaru\n");
		it->enclosures = kb_calloc(2, sizeof(*it->enclosures));
		it->enclosures[0].url = kb_strdup("https://jatim.example.id/a.jpg");
		it->enclosures[0].type = kb_strdup("image/jpeg");
		it->enclosures[0].length = 1234;
		it->enclosures[1].url = kb_strdup("https://jatim.example.id/b.pdf?x=1&y=2");
		it->enclosures[1].length = -1;
		it->n_enclosures = 2;
		it->comments_url = kb_strdup("https://jatim.example.id/a/1#komentar");
		*first_seen = T0 - 3000;
		break;
	case A2: /* control characters, invalid UTF-8, CR, no date, a plain id */
		*source = "jatim-berita";
		it->id = kb_strdup("4521");
		it->url = kb_strdup("https://jatim.example.id/a/2");
		it->title = kb_strdup("Judul\x01\x02 dengan\x0b kontrol\x7f \xff\xfe akhir");
		it->content_text = kb_strdup("teks\r\nbaris & <b>bukan tag</b>");
		it->language = kb_strdup("en_US!");
		*first_seen = T0 - 7200;
		break;
	case A3: /* published a month ahead of when it was first seen */
		*source = "jatim-berita";
		it->id = kb_strdup("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66");
		it->url = kb_strdup("https://jatim.example.id/a/3");
		it->title = kb_strdup("Pameran bulan depan");
		it->published = T0 + 30 * DAY;
		it->published_offset = 420;
		it->updated = T0 + 31 * DAY;
		it->updated_offset = 420;
		*first_seen = T0 - 100;
		break;
	case E1: /* right-to-left text and emoji, no id, partial, email only */
		*source = "jatim-event";
		it->url = kb_strdup("https://event.example.id/e/1?utm_source=x");
		it->title = kb_strdup(
			"\xd9\x85\xd8\xb9\xd8\xb1\xd8\xb6 UMKM \xf0\x9f\x8e\x89 \xe2\x80\x8f\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d");
		it->summary = kb_strdup("\xf0\x9f\x9a\x80 roket");
		it->published = T0 - 10 * DAY;
		it->published_offset = -300;
		it->partial = 1;
		it->language = kb_strdup("ar");
		it->authors = kb_calloc(1, sizeof(*it->authors));
		it->authors[0].email = kb_strdup("only@event.example.id");
		it->n_authors = 1;
		*first_seen = T0 - 10 * DAY + 60;
		break;
	case E2: /* no link, no id, no text */
		*source = "jatim-event";
		it->title = kb_strdup("Tanpa tautan");
		it->published = T0 - 40 * DAY;
		*first_seen = T0 - 40 * DAY + 60;
		break;
	case B1: /* the same id as A1 in another source; updated recently */
		*source = "bali-umkm";
		it->id = kb_strdup("https://jatim.example.id/a/1");
		it->url = kb_strdup("https://bali.example.id/b/1");
		it->title = kb_strdup("Salinan");
		it->published = T0 - 7200;
		it->published_offset = 480;
		it->updated = T0 - 60;
		it->updated_offset = 480;
		*first_seen = T0 - 7100;
		break;
	case F1: /* a year ahead: written as first seen, 5 days ago */
		*source = "future";
		it->id = kb_strdup("f1");
		it->url = kb_strdup("https://future.example.id/1");
		it->title = kb_strdup("F1");
		it->published = T0 + 365 * DAY;
		*first_seen = T0 - 5 * DAY;
		break;
	case F2:
		*source = "future";
		it->id = kb_strdup("f2");
		it->url = kb_strdup("https://future.example.id/2");
		it->title = kb_strdup("F2");
		it->published = T0 - 1 * DAY;
		*first_seen = T0 - 1 * DAY + 10;
		break;
	case F3:
		*source = "future";
		it->id = kb_strdup("f3");
		it->url = kb_strdup("https://future.example.id/3");
		it->title = kb_strdup("F3");
		it->published = T0 - 2 * DAY;
		*first_seen = T0 - 2 * DAY + 10;
		break;
	case F4: /* 5 minutes ahead of first seen: within the slack, kept */
		*source = "future";
		it->id = kb_strdup("f4");
		it->url = kb_strdup("https://future.example.id/4");
		it->title = kb_strdup("F4");
		it->published = T0 - 6 * DAY + 300;
		it->published_offset = 420;
		*first_seen = T0 - 6 * DAY;
		break;
	case F5: /* 601 seconds ahead: clamped */
		*source = "future";
		it->id = kb_strdup("f5");
		it->url = kb_strdup("https://future.example.id/5");
		it->title = kb_strdup("F5");
		it->published = T0 - 7 * DAY + 601;
		it->published_offset = 420;
		*first_seen = T0 - 7 * DAY;
		break;
	default:
		break;
	}
}

#define N_BULK 250
#define N_MSME 300

/* Open a store at name and fill it; reverse inserts in the opposite
 * order (the output must not depend on it). */
static struct kb_store *
make_store(const char *name, int reverse)
{
	struct kb_store *st = NULL;
	char *path = kb_asprintf("%s/%s", tmpdir, name);
	int i, bad = 0, is_new;

	if (kb_store_open(path, &st) != 0) {
		free(path);
		return NULL;
	}
	free(path);
	kb_store_begin(st);
	for (i = 0; i < N_ITEMS; i++) {
		struct kb_item it;
		const char *source = NULL;
		int64_t fs = 0;

		make_item(reverse ? N_ITEMS - 1 - i : i, &it, &source, &fs);
		bad |= kb_store_item_put(st, source, &it, fs, &is_new) != 0;
		kb_item_free(&it);
	}
	/* A scraper's items: no dates, all first seen in one run. */
	for (i = 0; i < N_BULK; i++) {
		struct kb_item it;
		int k = reverse ? N_BULK - 1 - i : i;

		memset(&it, 0, sizeof(it));
		it.published = KB_NO_TIME;
		it.updated = KB_NO_TIME;
		it.id = kb_asprintf("b%03d", k);
		it.title = kb_asprintf("Bulk %d", k);
		it.url = kb_asprintf("https://bulk.example.id/%d", k);
		bad |= kb_store_item_put(st, "bulk", &it, T0 - 3 * DAY, &is_new) != 0;
		kb_item_free(&it);
	}
	/* Analyzed items: every tenth an MSME event in Jawa Timur (35.xx),
	 * every fifth else in Bali; scores rising with k. */
	for (i = 0; i < N_MSME; i++) {
		struct kb_item it;
		int k = reverse ? N_MSME - 1 - i : i;

		memset(&it, 0, sizeof(it));
		it.updated = KB_NO_TIME;
		it.published = T0 - DAY - (int64_t)k * 60;
		it.published_offset = 420;
		it.id = kb_asprintf("m%03d", k);
		it.title = kb_asprintf("Kabar %d", k);
		it.url = kb_asprintf("https://msme.example.id/%d", k);
		it.analyzed = 1;
		it.score = (double)k / N_MSME;
		it.event_start = it.event_end = -1;
		it.event_minute = -1;
		if (k % 10 == 0) {
			it.topics = 0x01u;
			it.region = kb_asprintf("35.%02d", 1 + k % 29);
			it.region_name = kb_strdup("Kabupaten Contoh");
			it.region_province = kb_strdup("Jawa Timur");
			it.event_name = kb_asprintf("Expo UMKM %d", k);
			it.event_start = 19509 + k; /* 2023-06-01 + k */
			it.event_end = it.event_start + 3;
			it.event_minute = k == 0 || k == 10 ? 9 * 60 : -1;
			/* Daily hours for one; an end before the start for
			 * another, which is no end time. */
			it.event_end_minute = k == 0 ? 16 * 60 : k == 10 ? 8 * 60 : 0;
			it.event_venue = kb_strdup("Alun-alun");
			it.event_organizer = kb_strdup("Diskop UKM");
		} else if (k % 5 == 0) {
			it.topics = 0x02u;
			it.region = kb_strdup("51");
			it.region_name = kb_strdup("Bali");
			it.region_province = kb_strdup("Bali");
		}
		bad |= kb_store_item_put(st, "msme", &it, T0 - DAY, &is_new) != 0;
		kb_item_free(&it);
	}
	/* One press release on three portals, lightly edited, first seen
	 * by kabar on the commercial one; and an unrelated story. */
	for (i = 0; i < 4; i++) {
		static const char *const src[] = { "rilis-a", "rilis-b", "rilis-c", "rilis-b" };
		static const char *const url[] = { "https://portal.example.com/rilis/expo",
						   "https://diskopukm.jatimprov.go.id/siaran-pers/expo",
						   "https://berita.example.net/2025/expo-umkm",
						   "https://diskopukm.jatimprov.go.id/lain" };
		struct kb_item it;
		int k = reverse ? 3 - i : i;

		memset(&it, 0, sizeof(it));
		it.updated = KB_NO_TIME;
		it.published = T0 - 2 * DAY + k * 3600;
		it.id = kb_asprintf("r%d", k);
		it.title = kb_asprintf("Expo UMKM Jawa Timur %d", k);
		it.url = kb_strdup(url[k]);
		it.content_text = kb_asprintf(
			"%s Dinas Koperasi dan UKM Provinsi Jawa Timur menggelar Expo UMKM Jawa Timur 2025 di Grand City "
			"Surabaya pada 12 hingga 14 Juni 2025. Sebanyak 150 pelaku usaha mikro kecil dan menengah dari 38 "
			"kabupaten dan kota ikut serta memamerkan produk kerajinan batik tenun makanan olahan dan kopi. "
			"Kepala dinas mengatakan pameran ini menjadi sarana promosi dan temu bisnis dengan pembeli dari luar "
			"negeri sehingga produk lokal dapat menembus pasar ekspor dan pelaku usaha naik kelas.%s",
			k == 3	 ? "Berbeda sama sekali: rapat koordinasi anggaran daerah tahun depan membahas belanja "
				   "pegawai, infrastruktur jalan, drainase kota, sekolah dasar, puskesmas, dan irigasi "
				   "pertanian di seluruh kecamatan dengan melibatkan camat, lurah, dan perangkat desa."
			: k == 0 ? "SURABAYA -"
			: k == 1 ? "Surabaya (Humas) -"
				 : "SURABAYA, Berita -",
			k == 2 ? " Acara dibuka oleh gubernur." : "");
		if (k == 3) {
			free(it.content_text);
			it.content_text = kb_strdup(
				"Rapat koordinasi anggaran daerah tahun depan membahas belanja pegawai, infrastruktur "
				"jalan, drainase kota, sekolah dasar, puskesmas, irigasi pertanian, penanganan banjir, "
				"pengelolaan sampah, air bersih, transportasi umum, penerangan jalan, taman kota, pasar "
				"tradisional, terminal, pelabuhan, bandara, rumah sakit, kantor kecamatan, balai desa, "
				"gedung olahraga, perpustakaan, museum, dan gedung kesenian di seluruh kecamatan.");
		}
		/* The commercial portal's copy was seen first. */
		bad |= kb_store_item_put(st, src[k], &it, T0 - 2 * DAY + (k == 0 ? 0 : 60 + k), &is_new) != 0;
		kb_item_free(&it);
	}
	kb_store_commit(st);
	if (bad) {
		kb_store_close(st);
		return NULL;
	}
	return st;
}

static const char config_text[] = "[source jatim-berita]\n"
				  "plugin = rss\n"
				  "url = https://jatim.example.id/feed.xml?a=1&b=2\n"
				  "tags = jatim, berita\n"
				  "\n"
				  "[source jatim-event]\n"
				  "plugin = rss\n"
				  "url = https://event.example.id/feed\n"
				  "tags = jatim, event\n"
				  "\n"
				  "[source bali-umkm]\n"
				  "plugin = rss\n"
				  "url = https://bali.example.id/rss\n"
				  "tags = bali\n"
				  "\n"
				  "[source future]\n"
				  "plugin = rss\n"
				  "url = https://future.example.id/feed\n"
				  "tags = future\n"
				  "\n"
				  "[source bulk]\n"
				  "plugin = rss\n"
				  "url = https://bulk.example.id/\n"
				  "tags = bulk\n"
				  "\n"
				  "[source rilis-a]\n"
				  "plugin = rss\n"
				  "url = https://portal.example.com/feed\n"
				  "\n"
				  "[source rilis-b]\n"
				  "plugin = rss\n"
				  "url = https://diskopukm.jatimprov.go.id/feed\n"
				  "\n"
				  "[source rilis-c]\n"
				  "plugin = rss\n"
				  "url = https://berita.example.net/feed\n"
				  "\n"
				  "[output rilis]\n"
				  "format = json\n"
				  "path = out/rilis.json\n"
				  "sources = rilis-*\n"
				  "\n"
				  "[output rilis-atom]\n"
				  "format = atom\n"
				  "path = out/rilis.atom\n"
				  "sources = rilis-*\n"
				  "\n"
				  "[output rilis-rss]\n"
				  "format = rss\n"
				  "path = out/rilis.rss\n"
				  "sources = rilis-*\n"
				  "\n"
				  "[output rilis-prefer]\n"
				  "format = json\n"
				  "path = out/rilis-prefer.json\n"
				  "sources = rilis-*\n"
				  "prefer = .example.net, rilis-a, latest\n"
				  "\n"
				  "[output rilis-earliest]\n"
				  "format = json\n"
				  "path = out/rilis-earliest.json\n"
				  "sources = rilis-*\n"
				  "prefer = earliest\n"
				  "\n"
				  "[output rilis-apart]\n"
				  "format = json\n"
				  "path = out/rilis-apart.json\n"
				  "sources = rilis-*\n"
				  "merge_duplicates = no\n"
				  "\n"
				  "[source msme]\n"
				  "plugin = rss\n"
				  "url = https://msme.example.id/\n"
				  "\n"
				  "[output all-rss]\n"
				  "format = rss\n"
				  "path = out/all.xml\n"
				  "url = https://kabar.example/all.xml\n"
				  "link = https://kabar.example/\n"
				  "title = \"Semua & <kabar>\"\n"
				  "description = \"Berita UMKM & acara\"\n"
				  "tags = jatim, bali\n"
				  "\n"
				  "[output all-atom]\n"
				  "format = atom\n"
				  "path = out/all.atom\n"
				  "url = https://kabar.example/all.atom\n"
				  "link = https://kabar.example/\n"
				  "title = \"Semua & <kabar>\"\n"
				  "description = \"Berita UMKM & acara\"\n"
				  "tags = jatim, bali\n"
				  "\n"
				  "[output all-json]\n"
				  "format = json\n"
				  "path = out/all.json\n"
				  "url = https://kabar.example/all.json\n"
				  "link = https://kabar.example/\n"
				  "title = \"Semua & <kabar>\"\n"
				  "description = \"Berita UMKM & acara\"\n"
				  "tags = jatim, bali\n"
				  "\n"
				  "[output jatim]\n"
				  "format = atom\n"
				  "path = out/jatim.atom\n"
				  "sources = jatim-*\n"
				  "max_items = 2\n"
				  "\n"
				  "[output event]\n"
				  "format = json\n"
				  "path = out/event.json\n"
				  "tags = event\n"
				  "\n"
				  "[output recent]\n"
				  "format = rss\n"
				  "path = out/recent.xml\n"
				  "tags = jatim, bali\n"
				  "max_days = 7\n"
				  "\n"
				  "[output fut]\n"
				  "format = json\n"
				  "path = out/fut.json\n"
				  "sources = future\n"
				  "max_items = 2\n"
				  "\n"
				  "[output fut-all]\n"
				  "format = json\n"
				  "path = out/fut-all.json\n"
				  "sources = future\n"
				  "\n"
				  "[output fut-window]\n"
				  "format = rss\n"
				  "path = out/fut-window.xml\n"
				  "sources = future\n"
				  "max_days = 3\n"
				  "\n"
				  "[output bulk]\n"
				  "format = json\n"
				  "path = out/bulk.json\n"
				  "sources = bulk\n"
				  "\n"
				  "[output bali-only]\n"
				  "format = atom\n"
				  "path = out/bali.atom\n"
				  "sources = bali-umkm, future\n"
				  "tags = bali\n"
				  "\n"
				  "[output nothing-atom]\n"
				  "format = atom\n"
				  "path = out/nothing.atom\n"
				  "tags = no-such-tag\n"
				  "\n"
				  "[output nothing-rss]\n"
				  "format = rss\n"
				  "path = out/nothing.xml\n"
				  "tags = no-such-tag\n"
				  "\n"
				  "[output msme-events]\n"
				  "format = json\n"
				  "path = out/msme-events.json\n"
				  "sources = msme\n"
				  "events_only = yes\n"
				  "regions = 35\n"
				  "max_items = 5\n"
				  "\n"
				  "[output msme-ics]\n"
				  "format = ics\n"
				  "path = out/msme.ics\n"
				  "sources = msme\n"
				  "events_only = yes\n"
				  "regions = 35\n"
				  "max_items = 5\n"
				  "\n"
				  "[output msme-export]\n"
				  "format = json\n"
				  "path = out/msme-export.json\n"
				  "sources = msme\n"
				  "topics = export\n"
				  "regions = 51, 35.01\n"
				  "\n"
				  "[output msme-score]\n"
				  "format = json\n"
				  "path = out/msme-score.json\n"
				  "sources = msme, bulk\n"
				  "min_score = 0.9\n"
				  "\n"
				  "[output nothing-json]\n"
				  "format = json\n"
				  "path = out/nothing.json\n"
				  "tags = no-such-tag\n";

static struct kb_config *cfg;

static const struct kb_output *
output(const char *name)
{
	const struct kb_output *o = kb_config_output(cfg, name);

	if (o == NULL) {
		fprintf(stderr, "no output %s\n", name);
		exit(2);
	}
	return o;
}

/* Render output name; the text is the caller's (free). */
static char *
render(struct kb_store *st, const char *name, int64_t now, size_t *len)
{
	struct kb_buf b;

	kb_buf_init(&b, 64 << 20);
	if (kb_output_render(cfg, output(name), st, now, &b) != 0) {
		kb_buf_free(&b);
		return NULL;
	}
	if (b.data == NULL)
		return kb_strdup("");
	return kb_buf_detach(&b, len);
}

/* --- XML --- */

static int xml_errors;

static void
xml_error(void *ud, const xmlError *e)
{
	(void)ud;
	xml_errors++;
	diag("xml: line %d: %s", e->line, e->message ? e->message : "?");
}

/* Parse strictly: no recovery, no network, no entity loading; NULL
 * and *errors > 0 when not well-formed. */
static xmlDocPtr
parse_xml(const char *text, size_t len, int *errors)
{
	xmlDocPtr d;

	xml_errors = 0;
	xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)xml_error);
	d = xmlReadMemory(text, (int)len, "feed.xml", NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	*errors = xml_errors;
	return d;
}

static xmlXPathContextPtr
xp_ctx(xmlDocPtr d)
{
	xmlXPathContextPtr c = xmlXPathNewContext(d);

	xmlXPathRegisterNs(c, BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
	xmlXPathRegisterNs(c, BAD_CAST "atom", BAD_CAST "http://www.w3.org/2005/Atom");
	xmlXPathRegisterNs(c, BAD_CAST "content", BAD_CAST "http://purl.org/rss/1.0/modules/content/");
	xmlXPathRegisterNs(c, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
	return c;
}

/* string(expr) into a static buffer (so that is_str can take it). */
static const char *
xs(xmlXPathContextPtr c, const char *expr)
{
	static char buf[4][4096];
	static int slot;
	char *e = kb_asprintf("string(%s)", expr);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST e, c);
	char *out = buf[slot++ % 4];

	free(e);
	out[0] = '\0';
	if (r != NULL && r->type == XPATH_STRING && r->stringval != NULL)
		snprintf(out, sizeof(buf[0]), "%s", (const char *)r->stringval);
	xmlXPathFreeObject(r);
	return out;
}

static int
xn(xmlXPathContextPtr c, const char *expr)
{
	char *e = kb_asprintf("count(%s)", expr);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST e, c);
	int n = r != NULL && r->type == XPATH_NUMBER ? (int)r->floatval : -1;

	free(e);
	xmlXPathFreeObject(r);
	return n;
}

static char *
rfc822(int64_t t, int off)
{
	static char buf[4][64];
	static int slot;

	return kb_date_rfc822(t, off, buf[slot++ % 4], sizeof(buf[0]));
}

static char *
rfc3339(int64_t t, int off)
{
	static char buf[4][64];
	static int slot;

	return kb_date_rfc3339(t, off, buf[slot++ % 4], sizeof(buf[0]));
}

static const char a1_title[] = "UMKM & Koperasi <Expo> ]]> 2024 \"kutip\"";
static const char a1_html[] = "<p>Isi &amp; <b>tebal</b> ]]&gt; <a href=\"https://x.example/?a=1&amp;b=2\">x</a></p>";
/* A2's title after repair: controls dropped, two bytes of U+FFFD. */
static const char a2_title[] = "Judul dengan kontrol \xef\xbf\xbd\xef\xbf\xbd akhir";
static const char e1_title[] =
	"\xd9\x85\xd8\xb9\xd8\xb1\xd8\xb6 UMKM \xf0\x9f\x8e\x89 \xe2\x80\x8f\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d";

static void
test_rss(struct kb_store *st)
{
	xmlDocPtr d;
	xmlXPathContextPtr c;
	size_t len = 0;
	char *text = render(st, "all-rss", T0, &len);
	int errors;

	ok(text != NULL, "rss: rendered");
	if (text == NULL)
		return;
	ok(strstr(text, "<![CDATA[") == NULL, "rss: no CDATA sections");
	ok(kb_utf8_valid(text, len), "rss: valid UTF-8");
	d = parse_xml(text, len, &errors);
	if (!ok(d != NULL && errors == 0, "rss: well-formed XML")) {
		free(text);
		xmlFreeDoc(d);
		return;
	}
	c = xp_ctx(d);
	is_str(xs(c, "/rss/@version"), "2.0", "rss: version 2.0");
	is_str(xs(c, "/rss/channel/title"), "Semua & <kabar>", "rss: channel title escaped");
	is_str(xs(c, "/rss/channel/link"), "https://kabar.example/", "rss: channel link");
	is_str(xs(c, "/rss/channel/description"), "Berita UMKM &amp; acara",
	       "rss: channel description is HTML-escaped text");
	is_str(xs(c, "/rss/channel/atom:link[@rel='self']/@href"), "https://kabar.example/all.xml",
	       "rss: atom:link rel=self from the output url");
	is_str(xs(c, "/rss/channel/lastBuildDate"), rfc822(T0 - 60, 0),
	       "rss: lastBuildDate is the newest written date (an updated date)");
	is_int(xn(c, "/rss/channel/item"), 6, "rss: six items of the jatim and bali sources");
	/* Order: A3 (clamped to first seen T0-100), A1, then A2 and B1 at
	 * T0-7200 by key ("4521" < "https:..."), E1, E2. */
	is_str(xs(c, "/rss/channel/item[1]/title"), "Pameran bulan depan", "rss: order 1");
	is_str(xs(c, "/rss/channel/item[2]/title"), a1_title, "rss: order 2, title round-trips");
	is_str(xs(c, "/rss/channel/item[3]/title"), a2_title,
	       "rss: order 3, controls dropped and invalid UTF-8 repaired");
	is_str(xs(c, "/rss/channel/item[4]/title"), "Salinan", "rss: order 4");
	is_str(xs(c, "/rss/channel/item[5]/title"), e1_title, "rss: order 5, RTL and emoji");
	is_str(xs(c, "/rss/channel/item[6]/title"), "Tanpa tautan", "rss: order 6");
	is_str(xs(c, "/rss/channel/item[2]/link"), "https://jatim.example.id/a/1", "rss: link");
	is_str(xs(c, "/rss/channel/item[2]/description"), "Ringkasan a &lt; b &amp; c ]]&gt;",
	       "rss: description is the summary as HTML");
	is_str(xs(c, "/rss/channel/item[2]/content:encoded"), a1_html, "rss: content:encoded holds the HTML");
	is_str(xs(c, "/rss/channel/item[3]/content:encoded"), "teks\r\nbaris &amp; &lt;b&gt;bukan tag&lt;/b&gt;",
	       "rss: text content as HTML, CR kept");
	is_str(xs(c, "/rss/channel/item[2]/dc:creator"), "Humas & Protokol", "rss: dc:creator");
	is_int(xn(c, "/rss/channel/item[2]/category"), 2, "rss: two categories");
	is_str(xs(c, "/rss/channel/item[2]/category[2]"), "expo & pameran\tbaru\n", "rss: category text");
	is_str(xs(c, "/rss/channel/item[2]/comments"), "https://jatim.example.id/a/1#komentar", "rss: comments");
	is_int(xn(c, "/rss/channel/item[2]/enclosure"), 2, "rss: two enclosures");
	is_str(xs(c, "/rss/channel/item[2]/enclosure[1]/@length"), "1234", "rss: enclosure length");
	is_str(xs(c, "/rss/channel/item[2]/enclosure[1]/@type"), "image/jpeg", "rss: enclosure type");
	is_str(xs(c, "/rss/channel/item[2]/enclosure[2]/@url"), "https://jatim.example.id/b.pdf?x=1&y=2",
	       "rss: enclosure url escaped");
	is_str(xs(c, "/rss/channel/item[2]/enclosure[2]/@length"), "0", "rss: unknown enclosure length written as 0");
	is_str(xs(c, "/rss/channel/item[2]/enclosure[2]/@type"), "application/octet-stream",
	       "rss: unknown enclosure type");
	is_str(xs(c, "/rss/channel/item[2]/guid"), "https://jatim.example.id/a/1", "rss: guid is the source's URI id");
	is_str(xs(c, "/rss/channel/item[2]/guid/@isPermaLink"), "true", "rss: isPermaLink when the guid is the link");
	is_str(xs(c, "/rss/channel/item[1]/guid"), "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", "rss: urn id kept");
	is_str(xs(c, "/rss/channel/item[1]/guid/@isPermaLink"), "false",
	       "rss: not a permalink when the guid is not the link");
	is_str(xs(c, "/rss/channel/item[3]/guid"), "tag:kabar,2024:jatim-berita/4521",
	       "rss: a plain id becomes a tag: URI");
	is_str(xs(c, "/rss/channel/item[4]/guid"), "tag:kabar,2024:bali-umkm/https://jatim.example.id/a/1",
	       "rss: a repeated id gives way to the tag: URI");
	is_str(xs(c, "/rss/channel/item[5]/guid"), "tag:kabar,2024:jatim-event/url:https://event.example.id/e/1",
	       "rss: an item without id: tag: URI of its key");
	is_str(xs(c, "/rss/channel/item[2]/pubDate"), rfc822(T0 - 3600, 420), "rss: pubDate in the source's offset");
	is_str(xs(c, "/rss/channel/item[1]/pubDate"), rfc822(T0 - 100, 0),
	       "rss: a future date is written as first seen");
	is_str(xs(c, "/rss/channel/item[3]/pubDate"), rfc822(T0 - 7200, 0), "rss: no date: first seen");
	is_str(xs(c, "/rss/channel/item[2]/source"), "jatim-berita", "rss: source name");
	is_str(xs(c, "/rss/channel/item[2]/source/@url"), "https://jatim.example.id/feed.xml?a=1&b=2",
	       "rss: source url from the config");
	is_int(xn(c, "/rss/channel/item[6]/link"), 0, "rss: no link when the item has none");
	is_int(xn(c, "//item[not(title) and not(description)]"), 0, "rss: every item has a title or a description");
	xmlXPathFreeContext(c);
	xmlFreeDoc(d);
	free(text);
}

static void
test_atom(struct kb_store *st)
{
	xmlDocPtr d;
	xmlXPathContextPtr c;
	size_t len = 0;
	char *text = render(st, "all-atom", T0, &len);
	int errors;

	ok(text != NULL, "atom: rendered");
	if (text == NULL)
		return;
	d = parse_xml(text, len, &errors);
	if (!ok(d != NULL && errors == 0, "atom: well-formed XML")) {
		free(text);
		xmlFreeDoc(d);
		return;
	}
	c = xp_ctx(d);
	is_str(xs(c, "/a:feed/a:id"), "https://kabar.example/all.atom", "atom: feed id is the url");
	is_str(xs(c, "/a:feed/a:title"), "Semua & <kabar>", "atom: feed title");
	is_str(xs(c, "/a:feed/a:subtitle"), "Berita UMKM & acara", "atom: subtitle");
	is_str(xs(c, "/a:feed/a:link[@rel='self']/@href"), "https://kabar.example/all.atom", "atom: rel=self");
	is_str(xs(c, "/a:feed/a:link[@rel='alternate']/@href"), "https://kabar.example/", "atom: rel=alternate");
	is_str(xs(c, "/a:feed/a:updated"), rfc3339(T0 - 60, 0), "atom: feed updated");
	is_str(xs(c, "/a:feed/a:author/a:name"), "Semua & <kabar>", "atom: feed author is the title");
	ok(strlen(xs(c, "/a:feed/a:generator/@version")) > 0, "atom: generator version");
	is_int(xn(c, "/a:feed/a:entry"), 6, "atom: six entries");
	is_int(xn(c, "/a:feed/a:entry[not(a:id) or not(a:title) or not(a:updated)]"), 0,
	       "atom: every entry has id, title and updated");
	is_int(xn(c, "/a:feed/a:entry[not(a:link[@rel='alternate']) and not(a:content)]"), 0,
	       "atom: every entry has an alternate link or content");
	is_str(xs(c, "/a:feed/a:entry[2]/a:id"), "https://jatim.example.id/a/1", "atom: entry id");
	is_str(xs(c, "/a:feed/a:entry[2]/a:title"), a1_title, "atom: title round-trips");
	is_str(xs(c, "/a:feed/a:entry[2]/a:content[@type='html']"), a1_html,
	       "atom: content type=html is the HTML, escaped");
	is_str(xs(c, "/a:feed/a:entry[2]/a:summary[@type='html']"), "Ringkasan a &lt; b &amp; c ]]&gt;",
	       "atom: summary as escaped HTML (newsboat renders type=text as HTML)");
	is_str(xs(c, "/a:feed/a:entry[2]/a:published"), rfc3339(T0 - 3600, 420),
	       "atom: published in the source's offset");
	is_str(xs(c, "/a:feed/a:entry[2]/a:updated"), rfc3339(T0 - 3600, 420),
	       "atom: updated is published when the item has no update");
	is_str(xs(c, "/a:feed/a:entry[2]/a:author/a:name"), "Humas & Protokol", "atom: entry author");
	is_str(xs(c, "/a:feed/a:entry[2]/a:author/a:email"), "humas@jatim.example.id", "atom: author email");
	is_str(xs(c, "/a:feed/a:entry[2]/a:category[2]/@term"), "expo & pameran\tbaru\n",
	       "atom: category term, tab and line feed kept in the attribute");
	is_int(xn(c, "/a:feed/a:entry[2]/a:link[@rel='enclosure']"), 2, "atom: enclosure links");
	is_str(xs(c, "/a:feed/a:entry[2]/a:link[@rel='enclosure'][1]/@length"), "1234", "atom: enclosure length");
	is_int(xn(c, "/a:feed/a:entry[2]/a:link[@rel='enclosure'][2]/@length"), 0, "atom: no length when unknown");
	is_str(xs(c, "/a:feed/a:entry[2]/a:link[@rel='enclosure'][2]/@type"), "application/octet-stream",
	       "atom: unknown enclosure type as in RSS and JSON");
	is_str(xs(c, "/a:feed/a:entry[2]/a:link[@rel='replies']/@href"), "https://jatim.example.id/a/1#komentar",
	       "atom: comments as rel=replies");
	is_str(xs(c, "/a:feed/a:entry[2]/a:source/a:title"), "jatim-berita", "atom: source title");
	is_str(xs(c, "/a:feed/a:entry[1]/a:published"), rfc3339(T0 - 100, 0),
	       "atom: future published clamped to first seen");
	is_str(xs(c, "/a:feed/a:entry[1]/a:updated"), rfc3339(T0 - 100, 0), "atom: future updated dropped");
	is_str(xs(c, "/a:feed/a:entry[3]/a:content[@type='html']"), "teks\r\nbaris &amp; &lt;b&gt;bukan tag&lt;/b&gt;",
	       "atom: text content as escaped HTML, CR kept");
	is_int(xn(c, "/a:feed/a:entry[3]/@xml:lang"), 0, "atom: an invalid language tag left out");
	is_str(xs(c, "/a:feed/a:entry[4]/a:updated"), rfc3339(T0 - 60, 480), "atom: updated in the source's offset");
	is_str(xs(c, "/a:feed/a:entry[5]/@xml:lang"), "ar", "atom: xml:lang");
	is_str(xs(c, "/a:feed/a:entry[5]/a:title"), e1_title, "atom: RTL and emoji title");
	is_int(xn(c, "/a:feed/a:entry[5]/a:author"), 0, "atom: an author without a name left out");
	is_int(xn(c, "/a:feed/a:entry[6]/a:link"), 0, "atom: no link when the item has none");
	is_int(xn(c, "/a:feed/a:entry[6]/a:content"), 1, "atom: so it gets a content element");
	xmlXPathFreeContext(c);
	xmlFreeDoc(d);
	free(text);
}

/* --- JSON --- */

static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (o == NULL || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static struct json_object *
jitem(struct json_object *root, size_t i)
{
	struct json_object *items = jget(root, "items");

	if (items == NULL || i >= json_object_array_length(items))
		return NULL;
	return json_object_array_get_idx(items, i);
}

static size_t
jcount(struct json_object *root)
{
	struct json_object *items = jget(root, "items");

	return items != NULL ? json_object_array_length(items) : 0;
}

static struct json_object *
render_json(struct kb_store *st, const char *name, int64_t now)
{
	size_t len = 0;
	char *text = render(st, name, now, &len);
	struct json_object *root;

	if (text == NULL)
		return NULL;
	if (!kb_utf8_valid(text, len) || len == 0 || text[len - 1] != '\n' || memchr(text, '\n', len - 1) != NULL) {
		diag("json %s: not one line of valid UTF-8", name);
		free(text);
		return NULL;
	}
	root = json_tokener_parse(text);
	free(text);
	return root;
}

static void
test_json(struct kb_store *st)
{
	struct json_object *root = render_json(st, "all-json", T0), *it, *ext, *v;

	if (!ok(root != NULL, "json: one line, parses with json-c"))
		return;
	is_str(jstr(root, "version"), "https://jsonfeed.org/version/1.1", "json: version");
	is_str(jstr(root, "title"), "Semua & <kabar>", "json: title");
	is_str(jstr(root, "home_page_url"), "https://kabar.example/", "json: home_page_url");
	is_str(jstr(root, "feed_url"), "https://kabar.example/all.json", "json: feed_url");
	is_str(jstr(root, "description"), "Berita UMKM & acara", "json: description");
	is_str(jstr(jget(root, "_kabar"), "output"), "all-json", "json: _kabar.output");
	is_int(jcount(root), 6, "json: six items");
	it = jitem(root, 1);
	is_str(jstr(it, "id"), "https://jatim.example.id/a/1", "json: id as in Atom and RSS");
	is_str(jstr(it, "title"), a1_title, "json: title");
	is_str(jstr(it, "content_html"), a1_html, "json: content_html");
	is_str(jstr(it, "date_published"), rfc3339(T0 - 3600, 420), "json: date_published");
	ok(jget(it, "date_modified") == NULL, "json: no date_modified without an update");
	v = jget(it, "attachments");
	ok(v != NULL && json_object_array_length(v) == 2 &&
		   strcmp(jstr(json_object_array_get_idx(v, 1), "mime_type"), "application/octet-stream") == 0,
	   "json: attachments, mime_type defaulted");
	ext = jget(it, "_kabar");
	is_str(jstr(ext, "source"), "jatim-berita", "json: _kabar.source");
	is_str(jstr(ext, "key"), "https://jatim.example.id/a/1", "json: _kabar.key");
	ok(jget(ext, "source_id") == NULL, "json: no source_id when it is the id");
	is_str(jstr(ext, "first_seen"), rfc3339(T0 - 3000, 0), "json: _kabar.first_seen in UTC");
	ok(jget(ext, "partial") == NULL, "json: partial only when true");
	v = jget(ext, "author_emails");
	ok(v != NULL && json_object_array_length(v) == 1 &&
		   strcmp(jstr(json_object_array_get_idx(v, 0), "email"), "humas@jatim.example.id") == 0,
	   "json: _kabar.author_emails");
	is_str(jstr(ext, "comments_url"), "https://jatim.example.id/a/1#komentar", "json: _kabar.comments_url");

	it = jitem(root, 0);
	is_str(jstr(it, "date_published"), rfc3339(T0 - 100, 0), "json: clamped date_published");
	is_str(jstr(jget(it, "_kabar"), "source_date_published"), rfc3339(T0 + 30 * DAY, 420),
	       "json: the source's future date kept in _kabar");
	ok(jget(it, "date_modified") == NULL, "json: a future date_modified dropped");

	it = jitem(root, 2);
	is_str(jstr(it, "id"), "tag:kabar,2024:jatim-berita/4521", "json: tag: id");
	is_str(jstr(jget(it, "_kabar"), "source_id"), "4521", "json: _kabar.source_id");
	is_str(jstr(it, "title"), a2_title, "json: repaired title");
	is_str(jstr(it, "date_published"), rfc3339(T0 - 7200, 0), "json: first seen as the date");

	it = jitem(root, 3);
	is_str(jstr(it, "date_modified"), rfc3339(T0 - 60, 480), "json: date_modified");
	is_str(jstr(jget(it, "_kabar"), "source_id"), "https://jatim.example.id/a/1",
	       "json: a replaced id keeps the source's in _kabar");

	it = jitem(root, 4);
	is_str(jstr(it, "title"), e1_title, "json: RTL and emoji");
	v = jget(jget(it, "_kabar"), "partial");
	ok(v != NULL && json_object_get_boolean(v), "json: _kabar.partial");
	is_str(jstr(it, "language"), "ar", "json: language");

	it = jitem(root, 5);
	ok(jget(it, "url") == NULL, "json: no url when the item has none");
	is_str(jstr(it, "content_text"), "", "json: content_text required even when empty");
	json_object_put(root);
}

/* --- windows and filters --- */

/* The item of a JSON Feed that stands for a story (it lists the other
 * sources), or NULL. */
static struct json_object *
story_item(struct json_object *root)
{
	size_t i;

	for (i = 0; i < jcount(root); i++)
		if (jget(jget(jitem(root, i), "_kabar"), "also_reported_by"))
			return jitem(root, i);
	return NULL;
}

/* One story per press release: the official source represents it, the
 * others are listed, the id is the cluster's (its founder's). */
static void
test_clusters(struct kb_store *st)
{
	struct json_object *root, *rep, *also;
	size_t i, n;

	root = render_json(st, "rilis", T0);
	n = jcount(root);
	is_int(n, 2, "rilis: three copies of one release and another story give two items");
	rep = story_item(root);
	ok(rep != NULL, "rilis: the release carries the other sources");
	is_str(jstr(rep, "url"), "https://diskopukm.jatimprov.go.id/siaran-pers/expo",
	       "rilis: the .go.id copy represents it");
	also = jget(jget(rep, "_kabar"), "also_reported_by");
	is_int(also ? json_object_array_length(also) : 0, 2, "rilis: also reported by the two others");
	is_str(jstr(rep, "id"), "tag:kabar,2024:rilis-a/r0", "rilis: the id is the first-seen copy's, stable");
	json_object_put(root);
	is_int(kb_cluster_similarity("a b c", "a b c") == 0, 1, "similarity: short texts are never the same story");

	/* Another preference: a host suffix, then a source, then the latest. */
	root = render_json(st, "rilis-prefer", T0);
	rep = story_item(root);
	is_str(rep ? jstr(rep, "url") : NULL, "https://berita.example.net/2025/expo-umkm",
	       "prefer: the .example.net copy represents it");
	is_str(rep ? jstr(rep, "id") : NULL, "tag:kabar,2024:rilis-a/r0", "prefer: the id stays the cluster's");
	json_object_put(root);
	/* prefer = earliest: no host wins; the earliest published copy. */
	root = render_json(st, "rilis-earliest", T0);
	rep = story_item(root);
	is_str(rep ? jstr(rep, "url") : NULL, "https://portal.example.com/rilis/expo",
	       "prefer = earliest: the earliest copy represents it");
	json_object_put(root);
	root = render_json(st, "rilis-apart", T0);
	is_int(jcount(root), 4, "merge_duplicates = no: every copy is an item");
	for (i = 0, n = 0; i < jcount(root); i++)
		n += jget(jget(jitem(root, i), "_kabar"), "also_reported_by") != NULL;
	is_int(n, 0, "merge_duplicates = no: nothing also reported");
	json_object_put(root);
}

/* The other sources of a story in Atom (link rel=related) and in the
 * content of both XML formats. */
static void
test_cluster_xml(struct kb_store *st)
{
	static const char *const names[] = { "rilis-atom", "rilis-rss" };
	size_t len, k;

	for (k = 0; k < 2; k++) {
		char *text = render(st, names[k], T0, &len);
		xmlDocPtr d;
		xmlXPathContextPtr c;
		int errors, atom = k == 0;
		char *content;

		if (!ok(text != NULL, "%s: rendered", names[k]))
			continue;
		d = parse_xml(text, len, &errors);
		if (!ok(d != NULL && errors == 0, "%s: well-formed", names[k])) {
			xmlFreeDoc(d);
			free(text);
			continue;
		}
		c = xp_ctx(d);
		is_int(xn(c, atom ? "/a:feed/a:entry" : "/rss/channel/item"), 2, "%s: two stories", names[k]);
		content = kb_strdup(
			xs(c, atom ? "//a:entry[a:link[@rel='related']]/a:content"
				   : "//item[contains(content:encoded, 'Juga diberitakan')]/content:encoded"));
		ok(strstr(content, "<p>Juga diberitakan oleh: <a href=") != NULL &&
			   strstr(content, "<a href=\"https://portal.example.com/rilis/expo\">rilis-a</a>") != NULL &&
			   strstr(content, "<a href=\"https://berita.example.net/2025/expo-umkm\">rilis-c</a>") != NULL,
		   "%s: the content lists the other sources, linked", names[k]);
		ok(strstr(content, "Dinas Koperasi") != NULL, "%s: after the story's own text", names[k]);
		free(content);
		if (atom) {
			is_int(xn(c, "//a:entry/a:link[@rel='related']"), 2, "atom: two related links");
			is_str(xs(c,
				  "//a:entry/a:link[@rel='related'][@href='https://berita.example.net/2025/expo-umkm']/@title"),
			       "rilis-c", "atom: a related link is titled with its source");
			is_str(xs(c, "//a:entry[a:link[@rel='related']]/a:id"), "tag:kabar,2024:rilis-a/r0",
			       "atom: the entry's id is the cluster's");
		} else {
			is_str(xs(c, "//item[contains(content:encoded, 'Juga diberitakan')]/guid"),
			       "tag:kabar,2024:rilis-a/r0", "rss: the guid is the cluster's");
		}
		xmlXPathFreeContext(c);
		xmlFreeDoc(d);
		free(text);
	}
}

/* The MSME filters and the analysis in JSON Feed's _kabar. */
static void
test_msme(struct kb_store *st)
{
	struct json_object *root, *k, *ev, *reg, *topics;
	size_t i, n;
	int all_ok;

	root = render_json(st, "msme-events", T0);
	is_int(jcount(root), 5, "msme-events: five of the 30 events (max_items 5 past 270 filtered rows)");
	k = jget(jitem(root, 0), "_kabar");
	is_str(jstr(jitem(root, 0), "id"), "tag:kabar,2024:msme/m000", "msme-events: the newest event first");
	ev = jget(k, "event");
	is_str(jstr(ev, "name"), "Expo UMKM 0", "msme-events: event name");
	is_str(jstr(ev, "start"), "2023-06-01", "msme-events: event start as a date");
	is_str(jstr(ev, "end"), "2023-06-04", "msme-events: event end");
	is_str(jstr(ev, "time"), "09:00", "msme-events: event time");
	is_str(jstr(ev, "end_time"), "16:00", "msme-events: the daily end time");
	is_str(jstr(ev, "venue"), "Alun-alun", "msme-events: venue");
	is_str(jstr(ev, "organizer"), "Diskop UKM", "msme-events: organizer");
	reg = jget(k, "region");
	is_str(jstr(reg, "code"), "35.01", "msme-events: region code");
	is_str(jstr(reg, "province"), "Jawa Timur", "msme-events: province");
	topics = jget(k, "topics");
	ok(topics && json_object_array_length(topics) == 1 &&
		   strcmp(json_object_get_string(json_object_array_get_idx(topics, 0)), "event") == 0,
	   "msme-events: topics [\"event\"]");
	ok(jget(k, "score") && strcmp(json_object_to_json_string(jget(k, "score")), "0.000") == 0,
	   "msme-events: score with three decimals");
	json_object_put(root);

	/* The calendar: daily hours repeat on each day of the event; an
	 * event without an end time lasts to the end of its last day. */
	{
		size_t len;
		char *ics = render(st, "msme-ics", T0, &len);
		const char *ev0 = ics ? strstr(ics, "UID:tag:kabar\\,2024:msme/m000") : NULL;
		const char *ev10 = ics ? strstr(ics, "UID:tag:kabar\\,2024:msme/m010") : NULL;

		ok(ics != NULL && ev0 != NULL && ev10 != NULL, "msme-ics: the events are in the calendar");
		if (ev0 && ev10) {
			const char *end0 = strstr(ev0, "END:VEVENT"), *end10 = strstr(ev10, "END:VEVENT");
			const char *a = strstr(ev0, "DTEND;TZID=Asia/Jakarta:20230601T160000\r\n");
			const char *r = strstr(ev0, "RRULE:FREQ=DAILY;COUNT=4\r\n");
			const char *c = strstr(ev10, "DTEND;TZID=Asia/Jakarta:20230614T235900\r\n");

			ok(a && a < end0 && r && r < end0, "msme-ics: 09:00 to 16:00 on each of the four days");
			ok(c && c < end10 && !(strstr(ev10, "RRULE") && strstr(ev10, "RRULE") < end10),
			   "msme-ics: an end before the start is no end time: to the end of the last day");
		}
		free(ics);
	}

	root = render_json(st, "msme-export", T0);
	n = jcount(root);
	all_ok = n > 0;
	for (i = 0; i < n; i++) {
		const char *code = jstr(jget(jget(jitem(root, i), "_kabar"), "region"), "code");

		all_ok &= code != NULL && (strcmp(code, "51") == 0 || strcmp(code, "35.01") == 0);
	}
	is_int(n, 30, "msme-export: the 30 export items of Bali (35.01 has only events)");
	ok(all_ok, "msme-export: only regions 51 and 35.01");
	json_object_put(root);

	root = render_json(st, "msme-score", T0);
	n = jcount(root);
	is_int(n, 30, "msme-score: min_score 0.9 keeps the top tenth, no unanalyzed bulk item");
	json_object_put(root);
}

static void
test_filters(struct kb_store *st)
{
	struct json_object *root;
	xmlDocPtr d;
	xmlXPathContextPtr c;
	size_t len;
	char *text;
	int errors;

	text = render(st, "jatim", T0, &len);
	d = text != NULL ? parse_xml(text, len, &errors) : NULL;
	c = d != NULL ? xp_ctx(d) : NULL;
	if (ok(c != NULL, "jatim: rendered")) {
		is_int(xn(c, "/a:feed/a:entry"), 2, "jatim: max_items = 2");
		is_str(xs(c, "/a:feed/a:entry[1]/a:title"), "Pameran bulan depan", "jatim: newest first");
		is_str(xs(c, "/a:feed/a:entry[2]/a:title"), a1_title, "jatim: then the next");
		is_str(xs(c, "/a:feed/a:id"), "tag:kabar,2024:jatim", "jatim: feed id from the name without a url");
		is_str(xs(c, "/a:feed/a:title"), "jatim", "jatim: title defaults to the name");
		is_int(xn(c, "/a:feed/a:link"), 0, "jatim: no feed links without url and link");
	}
	xmlXPathFreeContext(c);
	xmlFreeDoc(d);
	free(text);

	root = render_json(st, "event", T0);
	is_int(jcount(root), 2, "event: tags = event selects one source");
	is_str(jstr(jget(jitem(root, 0), "_kabar"), "source"), "jatim-event", "event: its items");
	json_object_put(root);

	text = render(st, "recent", T0, &len);
	d = text != NULL ? parse_xml(text, len, &errors) : NULL;
	c = d != NULL ? xp_ctx(d) : NULL;
	if (ok(c != NULL, "recent: rendered"))
		is_int(xn(c, "/rss/channel/item"), 4, "recent: max_days = 7 leaves out older items");
	xmlXPathFreeContext(c);
	xmlFreeDoc(d);
	free(text);

	/* The store sorts F1 first (a year ahead); written as first seen
	 * it is older than F2 and F3. */
	root = render_json(st, "fut", T0);
	is_int(jcount(root), 2, "future: max_items = 2");
	is_str(jstr(jitem(root, 0), "title"), "F2", "future: the newest written date first");
	is_str(jstr(jitem(root, 1), "title"), "F3",
	       "future: a clamped item does not take a place it no longer sorts into");
	json_object_put(root);

	root = render_json(st, "fut-all", T0);
	is_int(jcount(root), 5, "future all: five items");
	is_str(jstr(jitem(root, 2), "title"), "F1", "future all: clamped item in its place");
	is_str(jstr(jitem(root, 2), "date_published"), rfc3339(T0 - 5 * DAY, 0),
	       "future all: a year ahead: first seen");
	is_str(jstr(jitem(root, 3), "date_published"), rfc3339(T0 - 6 * DAY + 300, 420),
	       "future all: 300 s ahead of first seen is within the slack");
	is_str(jstr(jitem(root, 4), "date_published"), rfc3339(T0 - 7 * DAY, 0), "future all: 601 s ahead is clamped");
	json_object_put(root);

	text = render(st, "fut-window", T0, &len);
	d = text != NULL ? parse_xml(text, len, &errors) : NULL;
	c = d != NULL ? xp_ctx(d) : NULL;
	if (ok(c != NULL, "future window: rendered"))
		is_int(xn(c, "/rss/channel/item"), 2, "future window: the clamped item falls out of max_days = 3");
	xmlXPathFreeContext(c);
	xmlFreeDoc(d);
	free(text);

	root = render_json(st, "bulk", T0);
	is_int(jcount(root), 100, "bulk: max_items defaults to 100");
	is_str(jstr(jitem(root, 0), "title"), "Bulk 0", "bulk: equal dates ordered by key");
	is_str(jstr(jitem(root, 99), "title"), "Bulk 99", "bulk: the 100th by key");
	json_object_put(root);

	text = render(st, "bali-only", T0, &len);
	d = text != NULL ? parse_xml(text, len, &errors) : NULL;
	c = d != NULL ? xp_ctx(d) : NULL;
	if (ok(c != NULL, "bali: rendered")) {
		is_int(xn(c, "/a:feed/a:entry"), 1, "bali: sources and tags both apply");
		is_str(xs(c, "/a:feed/a:entry/a:id"), "https://jatim.example.id/a/1",
		       "bali: alone, the item keeps its id");
	}
	xmlXPathFreeContext(c);
	xmlFreeDoc(d);
	free(text);

	/* An empty feed: updated is now. */
	text = render(st, "nothing-atom", T0, &len);
	d = text != NULL ? parse_xml(text, len, &errors) : NULL;
	c = d != NULL ? xp_ctx(d) : NULL;
	if (ok(c != NULL, "empty atom: rendered")) {
		is_int(xn(c, "/a:feed/a:entry"), 0, "empty atom: no entries");
		is_str(xs(c, "/a:feed/a:updated"), rfc3339(T0, 0), "empty atom: updated is now");
	}
	xmlXPathFreeContext(c);
	xmlFreeDoc(d);
	free(text);
	text = render(st, "nothing-rss", T0, &len);
	d = text != NULL ? parse_xml(text, len, &errors) : NULL;
	c = d != NULL ? xp_ctx(d) : NULL;
	if (ok(c != NULL, "empty rss: rendered")) {
		is_int(xn(c, "/rss/channel/item"), 0, "empty rss: no items");
		is_str(xs(c, "/rss/channel/lastBuildDate"), rfc822(T0, 0), "empty rss: lastBuildDate is now");
	}
	xmlXPathFreeContext(c);
	xmlFreeDoc(d);
	free(text);
	root = render_json(st, "nothing-json", T0);
	ok(root != NULL && jget(root, "items") != NULL && jcount(root) == 0, "empty json: items is an empty array");
	json_object_put(root);
}

/* --- determinism --- */

static void
test_determinism(struct kb_store *st, struct kb_store *st2)
{
	static const char *const names[] = { "all-rss", "all-atom", "all-json", "jatim",      "event",
					     "recent",	"fut",	    "fut-all",	"fut-window", "bulk" };
	size_t i, l1, l2, l3, l4;
	int same = 1, later = 1, other = 1;

	for (i = 0; i < KB_ARRAY_LEN(names); i++) {
		char *a = render(st, names[i], T0, &l1);
		char *b = render(st, names[i], T0, &l2);
		char *c = render(st, names[i], T0 + 3600, &l3);
		char *d = render(st2, names[i], T0, &l4);

		if (a == NULL || b == NULL || l1 != l2 || memcmp(a, b, l1) != 0) {
			diag("%s: two renders differ", names[i]);
			same = 0;
		}
		if (a == NULL || c == NULL || l1 != l3 || memcmp(a, c, l1) != 0) {
			diag("%s: an hour later differs", names[i]);
			later = 0;
		}
		if (a == NULL || d == NULL || l1 != l4 || memcmp(a, d, l1) != 0) {
			diag("%s: the store filled in reverse order differs", names[i]);
			other = 0;
		}
		free(a);
		free(b);
		free(c);
		free(d);
	}
	ok(same, "determinism: the same store and now give the same bytes");
	ok(later, "determinism: an hour later, non-empty feeds are the same bytes");
	ok(other, "determinism: the insertion order of the store does not matter");
	{
		char *a = render(st, "nothing-atom", T0, &l1);
		char *b = render(st, "nothing-atom", T0 + 1, &l2);

		ok(a != NULL && b != NULL && (l1 != l2 || memcmp(a, b, l1) != 0),
		   "determinism: an empty feed's updated time follows now");
		free(a);
		free(b);
	}
}

/* --- atomic replacement --- */

static char *
slurp(const char *path, size_t *len)
{
	struct kb_buf b;
	char buf[65536];
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	kb_buf_init(&b, (size_t)1 << 30);
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		kb_buf_add(&b, buf, (size_t)r);
	close(fd);
	if (b.data == NULL)
		return kb_strdup("");
	return kb_buf_detach(&b, len);
}

/* 1 when path holds exactly data. */
static int
file_is(const char *path, const char *data, size_t len)
{
	size_t n = 0;
	char *t = slurp(path, &n);
	int same = t != NULL && n == len && memcmp(t, data, len) == 0;

	free(t);
	return same;
}

/* Names in dir starting with prefix. */
static int
count_prefix(const char *dir, const char *prefix)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* Run kb_write_atomic in a child that cannot write dir (as nobody when
 * we are root); its stderr goes to errpath. Returns its result, which
 * comes back through a pipe (under valgrind the exit status of a child
 * reports the memory it did not free before _exit). */
static int
write_unprivileged(const char *path, const char *data, const char *errpath)
{
	char r = 0;
	pid_t pid;
	int fds[2], status, changed;

	if (pipe(fds) != 0)
		return -2;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -2;
	if (pid == 0) {
		int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0666);

		close(fds[0]);
		if (fd >= 0)
			dup2(fd, 2);
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			r = 'x';
		else
			r = kb_write_atomic(path, data, strlen(data), &changed) == 0 ? '0' : '1';
		if (write(fds[1], &r, 1) != 1)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &r, 1) != 1)
		r = 0;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return r == '0' ? 0 : r == '1' ? -1 : -2;
}

static void
test_atomic(void)
{
	/* static: still reachable from the forked child, which does not
	 * free them before _exit. */
	static char *dir, *path, *deep, *rodir, *ropath, *errpath, *filedir;
	struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	struct stat s1, s2;
	mode_t mask;
	int changed = -1, rc;
	char *msg;

	dir = kb_asprintf("%s/w", tmpdir);
	path = kb_asprintf("%s/feed.xml", dir);
	deep = kb_asprintf("%s/new/sub/dir/feed.xml", tmpdir);
	rodir = kb_asprintf("%s/ro", tmpdir);
	ropath = kb_asprintf("%s/ro/feed.xml", tmpdir);
	errpath = kb_asprintf("%s/err.txt", tmpdir);
	filedir = kb_asprintf("%s/w/feed.xml/x.xml", tmpdir);
	mask = umask(022);
	rc = kb_write_atomic(path, "one\n", 4, &changed);
	ok(rc == 0 && changed == 1, "atomic: a new file in a new directory is written");
	ok(file_is(path, "one\n", 4), "atomic: content");
	ok(stat(path, &s1) == 0 && (s1.st_mode & 07777) == 0644, "atomic: mode 0644 under umask 022");
	utimensat(AT_FDCWD, path, old, 0);
	stat(path, &s1);
	changed = -1;
	rc = kb_write_atomic(path, "one\n", 4, &changed);
	ok(rc == 0 && changed == 0, "atomic: the same content is not written again");
	ok(stat(path, &s2) == 0 && s2.st_ino == s1.st_ino && s2.st_mtime == s1.st_mtime,
	   "atomic: inode and mtime kept");
	rc = kb_write_atomic(path, "two\n", 4, &changed);
	ok(rc == 0 && changed == 1 && file_is(path, "two\n", 4), "atomic: new content replaces");
	ok(stat(path, &s2) == 0 && s2.st_ino != s1.st_ino, "atomic: by rename (a new inode)");
	umask(027);
	rc = kb_write_atomic(path, "three\n", 6, &changed);
	ok(rc == 0 && stat(path, &s2) == 0 && (s2.st_mode & 07777) == 0640, "atomic: mode 0640 under umask 027");
	umask(022);
	rc = kb_write_atomic(path, "", 0, &changed);
	ok(rc == 0 && changed == 1 && stat(path, &s2) == 0 && s2.st_size == 0, "atomic: an empty file");
	is_int(count_prefix(dir, ".feed.xml.tmp."), 0, "atomic: no temporary file left");

	rc = kb_write_atomic(deep, "deep", 4, &changed);
	ok(rc == 0 && file_is(deep, "deep", 4), "atomic: missing directories are created");

	rc = kb_write_atomic(filedir, "x", 1, &changed);
	ok(rc == -1, "atomic: a directory that is a file fails");
	ok(file_is(path, "", 0), "atomic: and the file is untouched");
	ok(kb_write_atomic(dir, "x", 1, &changed) == -1, "atomic: a path that is a directory fails");
	ok(kb_write_atomic("", "x", 1, &changed) == -1, "atomic: an empty path fails");
	msg = kb_asprintf("%s/", dir);
	ok(kb_write_atomic(msg, "x", 1, &changed) == -1, "atomic: a path ending in / fails");
	free(msg);

	/* A directory the writer may not write. */
	chmod(tmpdir, 0755);
	mkdir(rodir, 0755);
	kb_write_atomic(ropath, "old\n", 4, &changed);
	chmod(rodir, 0555);
	rc = write_unprivileged(ropath, "new\n", errpath);
	is_int(rc, -1, "atomic: an unwritable directory fails");
	ok(file_is(ropath, "old\n", 4), "atomic: the old file stays");
	is_int(count_prefix(rodir, ".feed.xml.tmp."), 0, "atomic: no temporary file there");
	msg = slurp(errpath, NULL);
	ok(msg != NULL && strstr(msg, ropath) != NULL && strstr(msg, "not writable") != NULL,
	   "atomic: the message names the path and the reason");
	if (msg != NULL)
		diag("%s", msg);
	free(msg);
	chmod(rodir, 0755);
	umask(mask);

	free(dir);
	free(path);
	free(deep);
	free(rodir);
	free(ropath);
	free(errpath);
	free(filedir);
}

/* A writer killed in the middle of a large file. */
static void
test_killed_writer(void)
{
	char *dir = kb_asprintf("%s/k", tmpdir);
	char *path = kb_asprintf("%s/big.json", dir);
	size_t big_len = (size_t)4 << 20, i, n = 0;
	char *big = kb_malloc(big_len);
	int changed, status, waited, seen = 0;
	struct stat sb;
	pid_t pid;

	for (i = 0; i < big_len; i++)
		big[i] = (char)('a' + i % 26);
	ok(kb_write_atomic(path, "previous\n", 9, &changed) == 0, "killed: the previous file");
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		/* 64 chunks, 50 ms apart: about 3 s. */
		setenv("KABAR_TEST_WRITE_DELAY_MS", "50", 1);
		_exit(kb_write_atomic(path, big, big_len, &changed) == 0 ? 0 : 1);
	}
	/* Wait until the temporary file has some of the data. */
	for (waited = 0; waited < 400 && !seen; waited++) {
		DIR *d = opendir(dir);
		struct dirent *de;
		struct timespec ts = { 0, 10000000L };

		while (d != NULL && (de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, ".big.json.tmp.", 14) == 0) {
				char *t = kb_asprintf("%s/%s", dir, de->d_name);

				if (stat(t, &sb) == 0 && sb.st_size > 0)
					seen = 1;
				free(t);
			}
		}
		if (d != NULL)
			closedir(d);
		if (!seen)
			nanosleep(&ts, NULL);
	}
	ok(seen, "killed: the writer is in the middle of the file");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "killed: by SIGKILL");
	ok(file_is(path, "previous\n", 9), "killed: the previous file is intact");
	is_int(count_prefix(dir, ".big.json.tmp."), 1, "killed: its temporary file is left");
	ok(kb_write_atomic(path, big, big_len, &changed) == 0 && changed == 1, "killed: the next write succeeds");
	is_int(count_prefix(dir, ".big.json.tmp."), 0, "killed: and removes the dead writer's temporary file");
	{
		char *t = slurp(path, &n);

		ok(t != NULL && n == big_len && memcmp(t, big, n) == 0, "killed: the new content");
		free(t);
	}
	free(big);
	free(dir);
	free(path);
}

static void
test_output_write(struct kb_store *st)
{
	const struct kb_output *o = output("all-atom");
	struct stat s1, s2;
	size_t len = 0;
	char *text;
	int changed = -1;

	ok(kb_output_write(cfg, o, st, T0, &changed) == 0 && changed == 1, "write: the output file is written");
	text = render(st, "all-atom", T0, &len);
	ok(text != NULL && file_is(o->path, text, len), "write: the file holds the render");
	free(text);
	stat(o->path, &s1);
	ok(kb_output_write(cfg, o, st, T0 + 60, &changed) == 0 && changed == 0, "write: unchanged a minute later");
	ok(stat(o->path, &s2) == 0 && s1.st_ino == s2.st_ino, "write: the same file");
	ok(kb_output_write(cfg, output("nothing-json"), st, T0, &changed) == 0 && changed == 1,
	   "write: an empty feed is written too");
}

static void
rm_rf(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *de;

	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode)) {
		chmod(path, 0755);
		d = opendir(path);
		while (d != NULL && (de = readdir(d)) != NULL) {
			char *p;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			p = kb_asprintf("%s/%s", path, de->d_name);
			rm_rf(p);
			free(p);
		}
		if (d != NULL)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

int
main(void)
{
	struct kb_store *st, *st2;
	struct kb_diag dg = { 0 };
	char *conf;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	conf = kb_asprintf("%s/kabar.conf", tmpdir);
	if (!ok(kb_config_load_string(config_text, strlen(config_text), conf, &cfg, &dg) == 0,
		"config with outputs loads")) {
		size_t i;

		for (i = 0; i < dg.n; i++)
			diag("%s", dg.msgs[i]);
		kb_diag_free(&dg);
		free(conf);
		rm_rf(tmpdir);
		return done_testing();
	}
	free(conf);
	st = make_store("kabar.db", 0);
	st2 = make_store("reverse.db", 1);
	ok(st != NULL && st2 != NULL, "stores filled");
	if (st != NULL && st2 != NULL) {
		test_rss(st);
		test_atom(st);
		test_json(st);
		test_filters(st);
		test_msme(st);
		test_clusters(st);
		test_cluster_xml(st);
		test_determinism(st, st2);
		test_output_write(st);
	}
	test_atomic();
	test_killed_writer();
	kb_store_close(st);
	kb_store_close(st2);
	kb_config_free(cfg);
	xmlCleanupParser();
	rm_rf(tmpdir);
	return done_testing();
}
