/* test-region.c: the gazetteer (loading, errors naming file:line, find
 * by code) and the region a story is about (src/msme.h): datelines,
 * organizers, prefixes, everyday words, names shared by a Kota and a
 * Kabupaten, province-wide stories, the source's region, hostile input.
 * The real gazetteer comes from $SHARED_DIR/data/gazetteer (skipped with
 * the reason when absent); small ones are written here for the errors. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "msme.h"
#include "tap.h"
#include "util.h"

static char tmpdir[256];

static void
write_file(const char *dir, const char *name, const char *content)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL) {
		diag("cannot write %s", path);
		return;
	}
	fputs(content, f);
	fclose(f);
}

static const char *const provinces_ok = "kode,nama,tz_abbr,utc_offset_h\n"
					"35,Jawa Timur,WIB,7\n"
					"\"51\",\"Bali\",WITA,8\r\n"
					"\n"
					"91,Papua,WIT,9\n";
static const char *const regencies_ok = "kode,kode_prov,nama,jenis,nama_pendek,provinsi\n"
					"35.16,35,Kabupaten Mojokerto,Kabupaten,Mojokerto,Jawa Timur\n"
					"35.76,35,Kota Mojokerto,Kota,Mojokerto,Jawa Timur\n"
					"51.06,51,\"Kabupaten Bangli, Bali\",Kabupaten,\"Bangli\",Bali\n"
					"91.71,91,Kota Jayapura,Kota,Jayapura,\"Papua\"\n";

/* Load a gazetteer of two files written to a fresh directory; returns the
 * rc and puts the error (or NULL) in *err. */
static int
load_tiny(const char *prov, const char *reg, struct kb_gazetteer **g, char **err)
{
	static int n;
	char dir[300];

	snprintf(dir, sizeof(dir), "%s/g%d", tmpdir, n++);
	mkdir(dir, 0700);
	if (prov != NULL)
		write_file(dir, "provinces.csv", prov);
	if (reg != NULL)
		write_file(dir, "regencies.csv", reg);
	return kb_gazetteer_load(dir, g, err);
}

static void
expect_error(const char *what, const char *prov, const char *reg, const char *want_in_err)
{
	struct kb_gazetteer *g = NULL;
	char *err = NULL;
	int rc = load_tiny(prov, reg, &g, &err);

	is_int(rc, -1, "load error: %s", what);
	ok(g == NULL, "load error: %s: no gazetteer", what);
	ok(err != NULL && strstr(err, want_in_err) != NULL, "load error: %s: message names '%s' (%s)", what,
	   want_in_err, err ? err : "(null)");
	free(err);
	kb_gazetteer_free(g);
}

static void
test_tiny(void)
{
	struct kb_gazetteer *g = NULL;
	const struct kb_region *r;
	char *err = NULL;
	size_t i;

	is_int(load_tiny(provinces_ok, regencies_ok, &g, &err), 0, "tiny gazetteer loads");
	is_str(err, NULL, "tiny gazetteer: no error");
	free(err);
	if (g == NULL) {
		skip(14, "tiny gazetteer did not load");
		return;
	}
	is_int(kb_gazetteer_count(g), 7, "tiny: 3 provinces + 4 regencies");
	r = kb_gazetteer_at(g, 0);
	is_str(r ? r->kind : NULL, "Provinsi", "tiny: provinces first");
	ok(kb_gazetteer_at(g, 7) == NULL, "tiny: at past the end is NULL");
	r = kb_gazetteer_find(g, "51");
	is_str(r ? r->tz : NULL, "Asia/Makassar", "tiny: quoted province, WITA is Asia/Makassar");
	r = kb_gazetteer_find(g, "91.71");
	is_str(r ? r->tz : NULL, "Asia/Jayapura", "tiny: WIT is Asia/Jayapura");
	is_str(r ? r->province : NULL, "Papua", "tiny: a regency's province name");
	is_str(r ? r->province_code : NULL, "91", "tiny: a regency's province code");
	r = kb_gazetteer_find(g, "51.06");
	is_str(r ? r->name : NULL, "Kabupaten Bangli, Bali", "tiny: a quoted field keeps its comma");
	is_str(r ? r->short_name : NULL, "Bangli", "tiny: short name");
	is_str(r ? r->kind : NULL, "Kabupaten", "tiny: kind");
	ok(kb_gazetteer_find(g, "35.99") == NULL, "tiny: unknown code is NULL");
	ok(kb_gazetteer_find(g, "") == NULL && kb_gazetteer_find(g, NULL) == NULL, "tiny: empty or NULL code");
	for (i = 0; i < kb_gazetteer_count(g); i++) {
		r = kb_gazetteer_at(g, i);
		if (kb_gazetteer_find(g, r->code) != r)
			break;
	}
	is_int(i, kb_gazetteer_count(g), "tiny: every region is found by its code");
	r = kb_gazetteer_find(g, "35");
	is_str(r ? r->tz : NULL, "Asia/Jakarta", "tiny: WIB is Asia/Jakarta");
	kb_gazetteer_free(g);

	expect_error("missing directory", NULL, NULL, "provinces.csv");
	expect_error("missing regencies", provinces_ok, NULL, "regencies.csv");
	expect_error("bad province header", "code,name,tz,off\n35,Jawa Timur,WIB,7\n", regencies_ok,
		     "provinces.csv:1: bad header");
	expect_error("bad tz", "kode,nama,tz_abbr,utc_offset_h\n35,Jawa Timur,WIB,7\n51,Bali,CET,1\n", regencies_ok,
		     "provinces.csv:3: bad tz_abbr");
	expect_error("offset does not match", "kode,nama,tz_abbr,utc_offset_h\n35,Jawa Timur,WIB,8\n", regencies_ok,
		     "provinces.csv:2: bad utc_offset_h");
	expect_error("bad province code", "kode,nama,tz_abbr,utc_offset_h\n3X,Jawa Timur,WIB,7\n", regencies_ok,
		     "provinces.csv:2: bad province code");
	expect_error("duplicate province", "kode,nama,tz_abbr,utc_offset_h\n35,Jawa Timur,WIB,7\n35,Jatim,WIB,7\n",
		     regencies_ok, "provinces.csv:3: duplicate");
	expect_error("too few fields", "kode,nama,tz_abbr,utc_offset_h\n35,Jawa Timur,WIB\n", regencies_ok,
		     "provinces.csv:2: want 4 fields");
	expect_error(
		"unterminated quote", provinces_ok,
		"kode,kode_prov,nama,jenis,nama_pendek,provinsi\n35.16,35,\"Kabupaten Mojokerto,Kabupaten,Mojokerto,"
		"Jawa Timur\n",
		"regencies.csv:2: unterminated quoted field");
	expect_error("unknown province", provinces_ok,
		     "kode,kode_prov,nama,jenis,nama_pendek,provinsi\n"
		     "35.16,35,Kabupaten Mojokerto,Kabupaten,Mojokerto,Jawa Timur\n"
		     "52.06,52,Kabupaten Bima,Kabupaten,Bima,Nusa Tenggara Barat\n",
		     "regencies.csv:3: unknown province");
	expect_error("bad jenis", provinces_ok,
		     "kode,kode_prov,nama,jenis,nama_pendek,provinsi\n35.16,35,Kabupaten Mojokerto,Kab,Mojokerto,Jawa "
		     "Timur\n",
		     "regencies.csv:2: bad jenis");
	expect_error("kode_prov not the code's", provinces_ok,
		     "kode,kode_prov,nama,jenis,nama_pendek,provinsi\n35.16,51,Kabupaten Mojokerto,Kabupaten,Mojokerto,"
		     "Bali\n",
		     "regencies.csv:2: bad kode_prov");
	expect_error("provinsi does not match", provinces_ok,
		     "kode,kode_prov,nama,jenis,nama_pendek,provinsi\n35.16,35,Kabupaten Mojokerto,Kabupaten,Mojokerto,"
		     "Jawa Tengah\n",
		     "regencies.csv:2: provinsi does not match");
	expect_error("duplicate regency", provinces_ok,
		     "kode,kode_prov,nama,jenis,nama_pendek,provinsi\n"
		     "35.16,35,Kabupaten Mojokerto,Kabupaten,Mojokerto,Jawa Timur\n"
		     "\n"
		     "35.16,35,Kota Mojokerto,Kota,Mojokerto,Jawa Timur\n",
		     "regencies.csv:4: duplicate regency code");
	expect_error("empty short name", provinces_ok,
		     "kode,kode_prov,nama,jenis,nama_pendek,provinsi\n35.16,35,Kabupaten Mojokerto,Kabupaten,\"\",Jawa "
		     "Timur\n",
		     "regencies.csv:2: bad name");
	expect_error(
		"text after a quote", provinces_ok,
		"kode,kode_prov,nama,jenis,nama_pendek,provinsi\n35.16,35,\"Kabupaten\" Mojokerto,Kabupaten,M,Jawa "
		"Timur\n",
		"regencies.csv:2: text after a quoted field");
	expect_error("invalid UTF-8 name", provinces_ok,
		     "kode,kode_prov,nama,jenis,nama_pendek,provinsi\n35.16,35,Kabupaten \xff,Kabupaten,M,Jawa Timur\n",
		     "regencies.csv:2: bad name");
	expect_error("no provinces", "kode,nama,tz_abbr,utc_offset_h\n", regencies_ok, "no provinces");

	/* the tiny gazetteer resolves with what it has */
	if (load_tiny(provinces_ok, regencies_ok, &g, &err) == 0) {
		struct kb_region_result res;

		kb_region_resolve(g, "Pemkot Mojokerto Gelar Bazar", "Pelaku UMKM berjualan.", NULL, &res);
		is_str(res.region ? res.region->code : NULL, "35.76", "tiny: Pemkot Mojokerto");
		kb_region_result_free(&res);
		kb_gazetteer_free(g);
	} else {
		free(err);
		skip(1, "tiny gazetteer did not load");
	}
}

struct rcase {
	const char *name;
	const char *title;
	const char *text;
	const char *src;  /* source_region */
	const char *want; /* code, or NULL */
	int amb;
};

static const struct rcase cases[] = {
	/* datelines of each kind */
	{ "dateline CITY, outlet.com", "Bazar Ramadan Diserbu Pembeli",
	  "MOJOKERTO, KOMPAS.com - Wali Kota Mojokerto Ika Puspitasari membuka bazar Ramadan di halaman kantor "
	  "pemerintah kota. Sebanyak 40 pelaku usaha ikut serta.",
	  NULL, "35.76", 0 },
	{ "dateline City (ANTARA), shared name, Pemkab decides", "Puluhan Perajin Ikuti Pelatihan Pemasaran Digital",
	  "Pasuruan (ANTARA) - Pemerintah Kabupaten Pasuruan melatih 60 perajin anyaman bambu memasarkan produknya "
	  "secara daring.\n\nPelatihan digelar selama tiga hari di Bangil.",
	  NULL, "35.14", 0 },
	{ "dateline Kota X -", "Festival Kuliner Digelar Akhir Pekan",
	  "Kota Batu - Dinas Koperasi dan Usaha Mikro menggelar festival kuliner yang diikuti 75 pelaku usaha. "
	  "Festival berlangsung di alun-alun selama tiga hari.",
	  NULL, "35.79", 0 },
	{ "dateline CITY, host.co.id -", "Perajin Marmer Kebanjiran Pesanan",
	  "TULUNGAGUNG, suaraindonesia.co.id - Ratusan perajin marmer di Desa Besole kebanjiran pesanan menjelang "
	  "akhir tahun. Batu marmer olahan mereka dikirim hingga ke luar negeri.",
	  NULL, "35.04", 0 },
	{ "dateline outlet, City -", "Sentra Tenun Kembali Bergeliat",
	  "Liputan6.com, Banyuwangi - Sentra tenun di Desa Jambesari kembali bergeliat. Puluhan penenun kembali "
	  "bekerja setelah pesanan meningkat.",
	  NULL, "35.10", 0 },
	{ "dateline OUTLET | CITY -", "Pameran Produk Lokal Dibuka",
	  "SURYA.co.id | SURABAYA - Pameran produk lokal dibuka di Balai Pemuda, Kamis (12/10/2023). Pengunjung "
	  "memadati stan kuliner sejak pagi.",
	  NULL, "35.78", 0 },
	{ "dateline CITY, day (date) without a dash", "Ratusan Stan Meriahkan Pasar Rakyat",
	  "BANYUWANGI, Senin (12/6/2023) Pasar rakyat kembali digelar dengan ratusan stan produk lokal.", NULL, "35.10",
	  0 },
	{ "dateline en dash", "Pelaku Usaha Ikuti Kurasi Produk",
	  "JEMBER \xe2\x80\x93 Sebanyak 120 pelaku usaha mengikuti kurasi produk untuk pameran tahunan.", NULL, "35.09",
	  0 },
	{ "dateline KAB. X -", "Bazar Produk Olahan Desa",
	  "KAB. MALANG - Ratusan warga memadati bazar produk olahan desa yang digelar pada akhir pekan.", NULL, "35.07",
	  0 },
	{ "dateline MALANG KOTA -", "Bazar Produk Olahan Kampung",
	  "MALANG KOTA - Ratusan warga memadati bazar produk olahan kampung yang digelar pada akhir pekan.", NULL,
	  "35.73", 0 },
	{ "a dash in an ordinary first sentence is no dateline", "Pameran Kerajinan",
	  "Festival UMKM Malang - yang digelar setiap tahun - kembali hadir.", NULL, "35", 1 },
	/* national dateline, story about a region */
	{ "JAKARTA dateline, Pemkab Bogor subject", "Pemkab Bogor Bawa 30 UMKM ke Pameran Nasional",
	  "JAKARTA, KOMPAS.com - Pemerintah Kabupaten Bogor membawa 30 pelaku UMKM ke pameran nasional di Jakarta "
	  "Convention Center. Bupati Bogor berharap produk mereka menembus pasar ekspor.",
	  NULL, "32.01", 0 },
	{ "expo in Jakarta, exhibitors from Kabupaten Banyuwangi", "UMKM Banyuwangi Unjuk Gigi di Inacraft 2024",
	  "JAKARTA - Sebanyak 20 pelaku UMKM dari Kabupaten Banyuwangi ikut ambil bagian dalam pameran Inacraft "
	  "2024 yang digelar di Jakarta Convention Center (JCC), Jakarta, 6-10 Maret 2024.\n\n"
	  "Produk yang dibawa antara lain batik gajah oling, kopi, dan anyaman bambu. \"Kami ingin produk "
	  "Banyuwangi dikenal lebih luas,\" kata Kepala Dinas Koperasi setempat.\n\n"
	  "Pengunjung pameran di Jakarta tahun ini diperkirakan mencapai 200.000 orang.",
	  NULL, "35.10", 0 },
	{ "a story about Jakarta stays in Jakarta", "Pemprov DKI Gelar Jakarta Fair UMKM",
	  "JAKARTA - Pemerintah Provinsi DKI Jakarta menggelar bazar UMKM di Monas. Gubernur DKI Jakarta membuka "
	  "acara itu pada Sabtu pagi.",
	  NULL, "31", 0 },
	/* Pemkot vs Pemkab */
	{ "Pemkot Mojokerto", "Pemkot Mojokerto Gelar Pelatihan Desain Kemasan",
	  "Pemkot Mojokerto melatih 50 pelaku usaha mikro mendesain kemasan. Pelatihan digelar di Gedung Sabha "
	  "Mandala Madya.",
	  NULL, "35.76", 0 },
	{ "Pemkab Mojokerto", "Pemkab Mojokerto Gelar Pelatihan Desain Kemasan",
	  "Pemkab Mojokerto melatih 50 pelaku usaha mikro mendesain kemasan. Pelatihan digelar di Pendopo Graha "
	  "Maja Tama.",
	  NULL, "35.16", 0 },
	{ "Bupati X makes a bare X the Kabupaten", "Bazar Produk Lokal di Mojokerto",
	  "Bupati Mojokerto membuka bazar produk lokal. Menurut dia, produk Mojokerto tak kalah bersaing.", NULL,
	  "35.16", 0 },
	{ "Wali Kota X makes a bare X the Kota", "Bazar Produk Lokal di Blitar",
	  "Wali Kota Blitar membuka bazar produk lokal. Menurut dia, produk Blitar tak kalah bersaing.", NULL, "35.72",
	  0 },
	{ "Pemerintah Kabupaten (Pemkab) X", "Bazar Ramadan Dibuka",
	  "Pemerintah Kabupaten (Pemkab) Kediri menggelar bazar Ramadan di halaman kantor. Bazar diikuti 64 pelaku "
	  "usaha.",
	  NULL, "35.06", 0 },
	/* everyday words */
	{ "Kota Batu with its prefix", "Pemkot Batu Gelar Festival Apel",
	  "Festival apel digelar di Alun-alun Kota Batu. Ratusan petani apel memamerkan hasil panennya.", NULL, "35.79",
	  0 },
	{ "batu, a stone, is no place", "Kerajinan Batu Alam Tembus Pasar Ekspor",
	  "Batu alam olahan perajin di Kabupaten Cirebon kini menembus pasar Eropa. Batu itu dipahat menjadi "
	  "wastafel dan ubin.",
	  NULL, "32.09", 0 },
	{ "Batu after 'dari' is the city", "Apel Olahan Laris Manis",
	  "Keripik apel dari Batu menjadi primadona di pameran itu. Produk tersebut dibuat oleh kelompok tani "
	  "setempat.",
	  NULL, "35.79", 0 },
	{ "malang, unlucky, is no place", "Nasib Malang Pedagang Kaki Lima",
	  "Malang nian nasib para pedagang kaki lima itu. Lapak mereka tergusur proyek pelebaran jalan.", NULL, NULL,
	  0 },
	{ "Pemkot Malang is Kota Malang", "Pemkot Malang Fasilitasi Sertifikat Halal Gratis",
	  "Pemkot Malang memfasilitasi 1.000 sertifikat halal gratis bagi pelaku usaha mikro. Warga Malang bisa "
	  "mendaftar di kantor kelurahan.",
	  NULL, "35.73", 0 },
	{ "Malang with place context but nothing else: ambiguous, its province", "Perajin Topeng Kebanjiran Order",
	  "Sejumlah perajin topeng di Malang kebanjiran pesanan menjelang festival budaya.", NULL, "35", 1 },
	{ "Bupati Pati", "Bupati Pati Buka Pameran Produk Unggulan",
	  "Bupati Pati membuka pameran produk unggulan daerah yang diikuti 80 pelaku usaha. Pameran berlangsung "
	  "selama lima hari.",
	  NULL, "33.18", 0 },
	{ "pati, starch, is no place", "Tepung Pati Singkong Jadi Primadona",
	  "Pati singkong olahan kelompok wanita tani di Kabupaten Wonogiri laris dipasarkan. Tepung pati itu "
	  "dijual ke pabrik roti.",
	  NULL, "33.12", 0 },
	{ "BANGLI dateline", "Perajin Bambu Ikuti Pameran",
	  "BANGLI, Balipost.com - Puluhan perajin bambu mengikuti pameran kerajinan di Desa Penglipuran.", NULL,
	  "51.06", 0 },
	{ "Bangli as a name without context is ignored", "Bangli Pratama Raih Juara",
	  "Bangli Pratama, atlet muda, meraih juara pertama lomba lari tingkat nasional.", NULL, NULL, 0 },
	{ "Kabupaten Kotabaru, written in one word", "Pemkab Kotabaru Latih Perajin Purun",
	  "Pemkab Kotabaru melatih 40 perajin anyaman purun. Produk mereka akan dipasarkan ke luar daerah.", NULL,
	  "63.02", 0 },
	{ "Kabupaten Kota Baru, in two words", "Perajin Purun Dilatih",
	  "Dinas Perindustrian Kabupaten Kota Baru melatih 40 perajin anyaman purun.", NULL, "63.02", 0 },
	{ "kota baru, a new town, is no place", "Investor Lirik Kawasan Kota Baru",
	  "Pembangunan kota baru di pinggiran ibu kota menarik minat investor. Kota Baru itu dirancang untuk "
	  "200.000 penduduk.",
	  NULL, NULL, 0 },
	{ "Jalan Malang is a street", "Kafe Baru Dibuka",
	  "Sebuah kafe dibuka di Jalan Malang, Kota Surabaya. Pemiliknya pelaku usaha muda.", NULL, "35.78", 0 },
	{ "Bima Arya is a person, Wali Kota Bima the city", "Bima Arya Kunjungi Sentra Tenun",
	  "Bima Arya mengunjungi sentra tenun. Wali Kota Bima menyambutnya di Kota Bima.", NULL, "52.72", 0 },
	{ "dari Sabang sampai Merauke is no place", "Produk Lokal Untuk Negeri",
	  "Produk UMKM harus dikenal dari Sabang sampai Merauke, kata menteri.", NULL, NULL, 0 },
	{ "Tebing Tinggi needs its prefix", "Pelaku UMKM Dilatih Digital",
	  "Pemko Tebing Tinggi melatih pelaku UMKM. Pelatihan di Kota Tebing Tinggi diikuti 100 peserta.", NULL,
	  "12.76", 0 },
	/* province-wide */
	{ "a province-wide story (Jatim)", "Pemprov Jatim Gelar Jatim UMKM Expo 2024",
	  "SURABAYA - Pemerintah Provinsi Jawa Timur menggelar Jatim UMKM Expo 2024 di Grand City Surabaya. Pameran "
	  "diikuti pelaku UMKM dari 38 kabupaten/kota se-Jawa Timur.\n\n"
	  "Gubernur Jawa Timur berharap pameran itu mendongkrak penjualan produk UMKM Jatim.",
	  NULL, "35", 0 },
	{ "abbreviations: Jateng", "Dekranasda Jateng Gelar Pameran Kriya",
	  "Dekranasda Jateng menggelar pameran kriya yang diikuti perajin dari berbagai daerah di Jawa Tengah.", NULL,
	  "33", 0 },
	{ "abbreviations in capitals: NTB", "Produk UMKM NTB Tembus Pasar Ekspor",
	  "Produk UMKM NTB kini menembus pasar ekspor, kata Kepala Dinas Koperasi dan UKM NTB.", NULL, "52", 0 },
	{ "several regencies of one province", "Tiga Daerah Pamerkan Batik",
	  "Perajin dari Kabupaten Sidoarjo, Kabupaten Gresik dan Kabupaten Lamongan memamerkan batik khas daerah "
	  "masing-masing.",
	  NULL, "35", 0 },
	/* the source's region */
	{ "source region (the Kota) decides a bare shared name", "Bazar UMKM Digelar",
	  "Pelaku UMKM Mojokerto memadati bazar produk lokal akhir pekan ini.", "35.76", "35.76", 0 },
	{ "source region (the Kabupaten) decides a bare shared name", "Bazar UMKM Digelar",
	  "Pelaku UMKM Mojokerto memadati bazar produk lokal akhir pekan ini.", "35.16", "35.16", 0 },
	{ "source region a province: still ambiguous, its province", "Bazar UMKM Digelar",
	  "Pelaku UMKM Mojokerto memadati bazar produk lokal akhir pekan ini.", "35", "35", 1 },
	{ "no source: ambiguous, its province", "Bazar UMKM Digelar",
	  "Pelaku UMKM Mojokerto memadati bazar produk lokal akhir pekan ini.", NULL, "35", 1 },
	{ "no place at all: the source's region", "Bazar UMKM Digelar",
	  "Pelaku usaha memadati bazar produk lokal akhir pekan ini.", "35.09", "35.09", 0 },
	{ "no place and no source: NULL", "Bazar UMKM Digelar",
	  "Pelaku usaha memadati bazar produk lokal akhir pekan ini.", NULL, NULL, 0 },
	{ "a clear place beats the source's region", "Bazar UMKM Digelar",
	  "Pemkab Jember menggelar bazar produk lokal akhir pekan ini.", "35.78", "35.09", 0 },
	/* names shared across provinces */
	{ "Banjar with nothing to decide: ambiguous, no province", "Sasirangan Makin Diminati",
	  "Perajin kain di Banjar kebanjiran pesanan.", NULL, NULL, 1 },
	{ "Banjar decided by its province", "Sasirangan Makin Diminati",
	  "Perajin kain di Banjar, Kalimantan Selatan, kebanjiran pesanan.", NULL, "63.03", 0 },
	{ "Banjar decided by the source's province", "Sasirangan Makin Diminati",
	  "Perajin kain di Banjar kebanjiran pesanan.", "32", "32.79", 0 },
	{ "Gorontalo: a province, a Kabupaten and a Kota", "Karawo Dipamerkan",
	  "GORONTALO - Kain karawo dipamerkan di pameran kerajinan.", NULL, "75", 1 },
	{ "Yogyakarta: Pemkot decides", "Pemkot Yogyakarta Gelar Pasar Kangen",
	  "Pemkot Yogyakarta menggelar Pasar Kangen di Taman Budaya.", NULL, "34.71", 0 },
	{ "aliases: Solo", "Pameran Batik di Solo",
	  "SOLO - Pameran batik digelar di Pura Mangkunegaran. Warga Solo antusias.", NULL, "33.72", 0 },
	{ "Baca juga lines are other stories", "Perajin Tenun Kebanjiran Pesanan",
	  "Pemkab Sumba Timur mendampingi perajin tenun ikat.\n\nBaca juga: Festival Kuliner di Kota Malang Ramai "
	  "Pengunjung\n\nBaca juga: Pemkot Malang Gelar Bazar\n\nBaca juga: UMKM Kota Malang Go Digital\n\n"
	  "Pesanan datang dari luar negeri.",
	  NULL, "53.11", 0 },
	/* the venue is not the subject */
	{ "a Kabupaten's show in a mall of the Kota of the same name", "Pemkab Malang Gelar Pameran UMKM di Mal",
	  "KEPANJEN - Pemerintah Kabupaten Malang menggelar pameran produk UMKM di Malang Town Square (Matos), Kota "
	  "Malang, Jumat (5/7/2024). Sebanyak 60 pelaku usaha dari 33 kecamatan ikut serta.\n\n"
	  "Kepala Dinas Koperasi dan Usaha Mikro Kabupaten Malang mengatakan pameran di pusat kota dipilih agar "
	  "produk desa dikenal warga Kota Malang.",
	  NULL, "35.07", 0 },
	{ "exhibitors from Jepara, dateline and venue Tangerang", "Mebel Jepara Curi Perhatian di TEI 2023",
	  "TANGERANG, KOMPAS.com - Sebanyak 15 perajin mebel asal Kabupaten Jepara, Jawa Tengah, memamerkan "
	  "produknya di Trade Expo Indonesia (TEI) 2023 di ICE BSD, Kabupaten Tangerang, Banten.\n\n"
	  "Produk ukir Jepara diminati pembeli dari Timur Tengah.\n\nPameran di Tangerang berlangsung hingga "
	  "Minggu.",
	  NULL, "33.20", 0 },
	{ "guests from the Kota of the same name do not change it", "Bupati Blitar Buka Bazar Produk Desa",
	  "BLITAR - Bupati Blitar membuka bazar produk desa di Alun-alun Kanigoro. Acara itu dihadiri Wali Kota "
	  "Blitar dan jajaran Forkopimda.\n\nBazar diikuti 90 pelaku usaha.",
	  NULL, "35.05", 0 },
	{ "the seat of a Kabupaten as dateline", "Festival UMKM Dibuka",
	  "SOREANG - Festival UMKM dibuka di alun-alun. Ratusan warga Bandung memadati lokasi.", NULL, "32.04", 0 },
	{ "the provincial capital as dateline of a provincial statistic", "Inflasi Jatim Terkendali",
	  "SURABAYA (ANTARA) - Badan Pusat Statistik (BPS) Provinsi Jawa Timur mencatat inflasi Jawa Timur pada Mei "
	  "2024 sebesar 2,8 persen. Kota Surabaya mencatat inflasi tertinggi, disusul Kabupaten Banyuwangi.",
	  NULL, "35", 0 },
	{ "a provincial Dekranasda show in the capital", "Dekranasda Riau Gelar Pameran Kerajinan",
	  "PEKANBARU - Dekranasda Provinsi Riau menggelar pameran kerajinan yang diikuti 12 kabupaten/kota se-Riau "
	  "di Pekanbaru. Ketua Dekranasda Riau berharap produk Riau makin dikenal.",
	  NULL, "14", 0 },
	{ "a provincial dateline for a regency story", "Perajin Bambu Sleman Kebanjiran Pesanan",
	  "YOGYAKARTA - Perajin bambu di Kabupaten Sleman kebanjiran pesanan menjelang akhir tahun.", NULL, "34.04",
	  0 },
	{ "a national story: the capital only as dateline and venue", "Menteri: UMKM Harus Naik Kelas",
	  "JAKARTA, KOMPAS.com - Menteri UMKM menegaskan pelaku usaha harus naik kelas. Hal itu disampaikan di "
	  "Kompleks Parlemen, Senayan, Jakarta, Selasa (11/2/2025).",
	  NULL, NULL, 0 },
	{ "exhibitors from several provinces at a national show: none", "UMKM Binaan Ikut Pameran",
	  "JAKARTA - Sejumlah UMKM binaan dari Yogyakarta, Bandung dan Makassar ikut pameran di Jakarta. Pameran "
	  "digelar di Gedung Smesco.",
	  NULL, NULL, 0 },
	{ "a city of Jakarta", "Pemkot Jakarta Selatan Gelar Bazar UMKM",
	  "JAKARTA - Pemerintah Kota Administrasi Jakarta Selatan menggelar bazar UMKM di Blok M. Wali Kota Jakarta "
	  "Selatan membuka bazar itu.",
	  NULL, "31.74", 0 },
	{ "names as the press writes them: Palangka Raya", "Festival Kuliner Palangka Raya",
	  "PALANGKA RAYA - Pemkot Palangka Raya menggelar festival kuliner khas Dayak.", NULL, "62.71", 0 },
	{ "names as the press writes them: Bau-Bau", "Festival Tenun",
	  "Pemkot Bau-Bau menggelar festival tenun. Warga Baubau antusias.", NULL, "74.72", 0 },
	{ "a multi-word name capitalized inside a sentence", "Songket Kebanjiran Pesanan",
	  "Perajin songket di sentra Pandai Sikek, Tanah Datar, kebanjiran pesanan.", NULL, "13.04", 0 },
	{ "batu bara, coal, is no place", "Harga Batu Bara Turun",
	  "Batu bara dari tambang rakyat dijual murah. Harga batu bara turun.", NULL, NULL, 0 },
	{ "host names are not places (jatim.antaranews.com)", "Pameran Kopi Digelar",
	  "Pemkab Bondowoso menggelar pameran kopi. Sumber: jatim.antaranews.com dan malang.times.co.id.", NULL,
	  "35.11", 0 },
};

/* The real gazetteer's path into buf; 0, or -1 with the reason. */
static int
shared_path(char *buf, size_t n, const char *rel, char *why, size_t wn)
{
	const char *shared = getenv("SHARED_DIR");
	const char *top = getenv("top_srcdir");

	if (shared != NULL && shared[0] != '\0')
		snprintf(buf, n, "%s/%s", shared, rel);
	else if (top != NULL && top[0] != '\0')
		snprintf(buf, n, "%s/../shared/%s", top, rel);
	else {
		snprintf(why, wn, "%s: neither SHARED_DIR nor top_srcdir is set", rel);
		return -1;
	}
	if (access(buf, R_OK) != 0) {
		snprintf(why, wn, "%s not found", buf);
		return -1;
	}
	return 0;
}

static char *
slurp(const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	char *s;
	size_t n;

	if (f == NULL)
		return NULL;
	s = kb_malloc(max + 1);
	n = fread(s, 1, max, f);
	s[n] = '\0';
	fclose(f);
	return s;
}

static const struct kb_evidence *
find_ev(const struct kb_region_result *r, const char *what, const char *text_has)
{
	size_t i;

	for (i = 0; i < r->n_ev; i++)
		if (strcmp(r->ev[i].what, what) == 0 && (text_has == NULL || strstr(r->ev[i].text, text_has)))
			return &r->ev[i];
	return NULL;
}

static void
show(const struct kb_region_result *r)
{
	size_t i;

	for (i = 0; i < r->n_ev; i++)
		diag("  %-10s %6.2f %s %s", r->ev[i].what, r->ev[i].weight, r->ev[i].in_title ? "T" : " ",
		     r->ev[i].text);
}

static void
test_seed(const struct kb_gazetteer *g)
{
	char path[4096], why[4200];
	struct kb_region_result r;
	char *s, *nl;

	if (shared_path(path, sizeof(path), "data/seed-article.txt", why, sizeof(why)) != 0) {
		skip(5, why);
		return;
	}
	s = slurp(path, 1 << 20);
	nl = s ? strchr(s, '\n') : NULL;
	if (nl == NULL) {
		skip(5, "seed article has no title line");
		free(s);
		return;
	}
	*nl = '\0';
	is_int(kb_region_resolve(g, s, nl + 1, NULL, &r), 0, "seed: resolves");
	is_str(r.region ? r.region->code : NULL, "35.76", "seed: 35.76 Kota Mojokerto despite the JAKARTA dateline");
	is_str(r.region ? r.region->province : NULL, "Jawa Timur", "seed: province Jawa Timur");
	is_int(r.ambiguous, 0, "seed: not ambiguous");
	ok(find_ev(&r, "dateline", "JAKARTA") != NULL && find_ev(&r, "organizer", "Kota Mojokerto") != NULL,
	   "seed: evidence has the national dateline and the organizer");
	if (r.region == NULL || strcmp(r.region->code, "35.76") != 0)
		show(&r);
	kb_region_result_free(&r);
	free(s);
}

static void
test_cases(const struct kb_gazetteer *g)
{
	size_t i;

	for (i = 0; i < KB_ARRAY_LEN(cases); i++) {
		const struct rcase *c = &cases[i];
		struct kb_region_result r;
		int good;

		kb_region_resolve(g, c->title, c->text, c->src, &r);
		good = (c->want == NULL ? r.region == NULL
					: r.region != NULL && strcmp(r.region->code, c->want) == 0) &&
		       r.ambiguous == c->amb;
		ok(good, "%s: %s%s", c->name, c->want ? c->want : "none", c->amb ? " (ambiguous)" : "");
		if (!good) {
			diag("  got %s %s, ambiguous %d", r.region ? r.region->code : "none",
			     r.region ? r.region->name : "", r.ambiguous);
			show(&r);
		}
		kb_region_result_free(&r);
	}
}

static void
test_evidence(const struct kb_gazetteer *g)
{
	struct kb_region_result r;
	const struct kb_evidence *e;

	kb_region_resolve(g, "Pemkot Batu Gelar Festival", "Batu alam dipamerkan. Warga Kota Batu antusias.", "35", &r);
	e = find_ev(&r, "organizer", "Pemkot Batu");
	ok(e != NULL && e->in_title && e->weight == 6.0, "evidence: organizer in the title, 4 x 1.5");
	ok(find_ev(&r, "ignored", "Batu") != NULL, "evidence: the everyday word without context is listed as ignored");
	ok(find_ev(&r, "prefixed", "Kota Batu") != NULL, "evidence: the prefixed name");
	ok(find_ev(&r, "source", "35") != NULL, "evidence: the source's region");
	e = find_ev(&r, "region", "35.79 Kota Batu");
	ok(e != NULL && e->weight > 6.0, "evidence: the decision with its score");
	kb_region_result_free(&r);

	kb_region_resolve(g, NULL, "Pelaku UMKM Malang berjualan.", NULL, &r);
	ok(find_ev(&r, "ambiguous", "Malang") != NULL && r.ambiguous, "evidence: ambiguous says so");
	kb_region_result_free(&r);
}

static void
test_hostile(const struct kb_gazetteer *g)
{
	struct kb_region_result r;
	size_t n = 4 * 1024 * 1024, i;
	char *big = kb_malloc(n + 1);
	const char *unit = "Pemkot Malang Kota Batu di Malang, Jawa Timur Mojokerto (Pemkab) - ";
	size_t ul = strlen(unit);
	clock_t t0;
	unsigned seed = 12345;

	is_int(kb_region_resolve(g, NULL, NULL, NULL, &r), 0, "hostile: NULL title and text");
	ok(r.region == NULL && r.n_ev == 0, "hostile: nothing found");
	kb_region_result_free(&r);
	is_int(kb_region_resolve(g, "", "", "no-such-code", &r), 0, "hostile: empty, unknown source region");
	ok(r.region == NULL, "hostile: unknown source region is ignored");
	kb_region_result_free(&r);
	is_int(kb_region_resolve(NULL, "Pemkot Malang", "x", NULL, &r), 0, "hostile: no gazetteer");
	ok(r.region == NULL, "hostile: no gazetteer, no region");
	kb_region_result_free(&r);
	is_int(kb_region_resolve(g, "x", "y", NULL, NULL), -1, "hostile: NULL out is -1");

	for (i = 0; i + ul <= n; i += ul)
		memcpy(big + i, unit, ul);
	big[i] = '\0';
	t0 = clock();
	is_int(kb_region_resolve(g, big, big, NULL, &r), 0, "hostile: 4 MiB of place names");
	ok((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0, "hostile: bounded time (%.2fs)",
	   (double)(clock() - t0) / CLOCKS_PER_SEC);
	ok(r.n_ev <= 64, "hostile: bounded evidence (%zu)", r.n_ev);
	kb_region_result_free(&r);

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		big[i] = (char)((seed >> 16) & 0xff);
		if (big[i] == '\0')
			big[i] = 'K';
	}
	big[n] = '\0';
	is_int(kb_region_resolve(g, big, big, "35", &r), 0, "hostile: 4 MiB of random bytes");
	for (i = 0; i < r.n_ev; i++)
		if (!kb_utf8_valid(r.ev[i].text, strlen(r.ev[i].text)))
			break;
	is_int(i, r.n_ev, "hostile: evidence text is UTF-8");
	kb_region_result_free(&r);

	/* one long word, words of one letter, parentheses without end */
	memset(big, 'A', n);
	big[n] = '\0';
	is_int(kb_region_resolve(g, big, big, NULL, &r), 0, "hostile: one 4 MiB word");
	kb_region_result_free(&r);
	for (i = 0; i < n; i++)
		big[i] = (i % 2) ? ' ' : (i % 3 ? '(' : 'K');
	is_int(kb_region_resolve(g, NULL, big, NULL, &r), 0, "hostile: parentheses without end");
	kb_region_result_free(&r);
	free(big);
}

/* The labeled set (tests/data/msme/labels.tsv) when it is there: report
 * region accuracy (a diagnostic: the target is judged by msme-eval). */
static void
test_labels(const struct kb_gazetteer *g)
{
	const char *top = getenv("top_srcdir");
	char path[4096], line[2048];
	int total = 0, right = 0, col = -1, srccol = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/msme/labels.tsv", top && *top ? top : ".");
	f = fopen(path, "r");
	if (f == NULL) {
		skip(1, "tests/data/msme/labels.tsv not there yet");
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *field[32], *p = line, *nl = strchr(line, '\n'), *txt, *tnl, fpath[4200];
		size_t nf = 0, k;
		struct kb_region_result r;
		const char *want;

		if (nl)
			*nl = '\0';
		if (line[0] == '\0')
			continue;
		while (nf < 32) {
			field[nf++] = p;
			p = strchr(p, '\t');
			if (p == NULL)
				break;
			*p++ = '\0';
		}
		if (col < 0) {
			/* the header: find the region columns */
			for (k = 0; k < nf; k++) {
				if (strcmp(field[k], "region") == 0)
					col = (int)k;
				if (strcmp(field[k], "source_region") == 0)
					srccol = (int)k;
			}
			if (col < 0)
				break;
			continue;
		}
		if ((size_t)col >= nf)
			continue;
		want = field[col];
		snprintf(fpath, sizeof(fpath), "%s/tests/data/msme/%s.txt", top && *top ? top : ".", field[0]);
		txt = slurp(fpath, 1 << 20);
		if (txt == NULL)
			continue;
		tnl = strchr(txt, '\n');
		if (tnl)
			*tnl = '\0';
		kb_region_resolve(g, txt, tnl ? tnl + 1 : "",
				  srccol >= 0 && (size_t)srccol < nf && field[srccol][0] && strcmp(field[srccol], "-")
					  ? field[srccol]
					  : NULL,
				  &r);
		total++;
		if ((r.region && strcmp(r.region->code, want) == 0) ||
		    (r.region == NULL && (strcmp(want, "-") == 0 || want[0] == '\0')))
			right++;
		else
			diag("labels: %s: want %s, got %s", field[0], want, r.region ? r.region->code : "none");
		kb_region_result_free(&r);
		free(txt);
	}
	fclose(f);
	if (total == 0) {
		skip(1, "labels.tsv has no region column or no rows");
		return;
	}
	diag("labeled set: region right %d of %d (%.1f%%)", right, total, 100.0 * right / total);
	ok(1, "labeled set evaluated (%d texts)", total);
}

int
main(void)
{
	struct kb_gazetteer *g = NULL;
	char path[4096], why[4200], *err = NULL;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-region-XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		ok(0, "mkdtemp");
		return done_testing();
	}
	test_tiny();

	if (shared_path(path, sizeof(path), "data/gazetteer", why, sizeof(why)) != 0) {
		skip(1, why);
	} else if (kb_gazetteer_load(path, &g, &err) != 0) {
		ok(0, "real gazetteer loads: %s", err);
		free(err);
	} else {
		size_t i, nk = 0, np = 0;

		ok(1, "real gazetteer loads");
		for (i = 0; i < kb_gazetteer_count(g); i++) {
			const struct kb_region *r = kb_gazetteer_at(g, i);

			if (strcmp(r->kind, "Provinsi") == 0)
				np++;
			else
				nk++;
		}
		is_int(np, 38, "real gazetteer: 38 provinces");
		is_int(nk, 514, "real gazetteer: 514 regencies and cities");
		is_str(kb_gazetteer_find(g, "35.76") ? kb_gazetteer_find(g, "35.76")->name : NULL, "Kota Mojokerto",
		       "real gazetteer: 35.76");
		is_str(kb_gazetteer_find(g, "94.05") ? kb_gazetteer_find(g, "94.05")->tz : NULL, "Asia/Jayapura",
		       "real gazetteer: Papua Tengah is WIT");
		test_seed(g);
		test_cases(g);
		test_evidence(g);
		test_hostile(g);
		test_labels(g);
		kb_gazetteer_free(g);
	}
	{
		char cmd[400];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			diag("could not remove %s", tmpdir);
	}
	return done_testing();
}
