/* test-event.c: kb_event_extract (src/event.c): date forms, year
 * inference, the choice among dates, time, venue, organizer and name, on
 * short stories and on the seed article; texts without an event; hostile
 * input. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "item.h"
#include "msme.h"
#include "util.h"
#include "tap.h"

/* Days since the epoch of "YYYY-MM-DD", or -1 for NULL. */
static int64_t
day_of(const char *ymd)
{
	char buf[64];
	int64_t utc;
	int off;

	if (ymd == NULL)
		return -1;
	snprintf(buf, sizeof(buf), "%sT00:00:00Z", ymd);
	if (kb_date_parse(buf, NULL, &utc, &off) != 0)
		return -2;
	return utc / 86400;
}

static void
fmt_day(int64_t d, char *buf, size_t size)
{
	if (d < 0) {
		snprintf(buf, size, "-1");
		return;
	}
	kb_date_rfc3339(d * 86400, 0, buf, size);
	if (size > 10)
		buf[10] = '\0';
}

/* Publication time of "YYYY-MM-DD" at 10:00 WIB. */
static int64_t
pub_of(const char *ymd)
{
	char buf[64];
	int64_t utc;
	int off;

	if (ymd == NULL)
		return KB_NO_TIME;
	snprintf(buf, sizeof(buf), "%sT10:00:00+07:00", ymd);
	if (kb_date_parse(buf, NULL, &utc, &off) != 0)
		return KB_NO_TIME;
	return utc;
}

struct ecase {
	const char *what;
	const char *pub; /* YYYY-MM-DD or NULL */
	const char *title;
	const char *text;
	int found;
	const char *start; /* YYYY-MM-DD */
	const char *end;   /* NULL: one day (-1) */
	int minute;	   /* -1: none, -2: not checked */
	/* NULL: not checked, "-": must be NULL, else a substring */
	const char *venue;
	const char *organizer;
	const char *name;
};

static void
check_field(const char *what, const char *field, const char *got, const char *want)
{
	if (want == NULL)
		return;
	if (strcmp(want, "-") == 0) {
		ok(got == NULL, "%s: no %s", what, field);
		if (got != NULL)
			diag("  got \"%s\"", got);
		return;
	}
	ok(got != NULL && strstr(got, want) != NULL, "%s: %s has \"%s\"", what, field, want);
	if (got == NULL || strstr(got, want) == NULL)
		diag("  got \"%s\"", got ? got : "(null)");
}

static void
run_case(const struct ecase *c)
{
	struct kb_event e;
	char got[32], want[32];
	int rc;

	rc = kb_event_extract(c->title, c->text, pub_of(c->pub), "Asia/Jakarta", &e);
	is_int(rc, c->found, "%s: %s", c->what, c->found ? "an event" : "no event");
	if (c->found && rc == 1) {
		int64_t ws = day_of(c->start), we = day_of(c->end);

		fmt_day(e.start, got, sizeof(got));
		fmt_day(ws, want, sizeof(want));
		is_str(got, want, "%s: start", c->what);
		fmt_day(e.end, got, sizeof(got));
		fmt_day(we, want, sizeof(want));
		is_str(got, want, "%s: end", c->what);
		if (c->minute != -2)
			is_int(e.start_minute, c->minute, "%s: start minute", c->what);
		check_field(c->what, "venue", e.venue, c->venue);
		check_field(c->what, "organizer", e.organizer, c->organizer);
		check_field(c->what, "name", e.name, c->name);
	} else if (!c->found) {
		is_int(e.start, -1, "%s: no start", c->what);
	}
	kb_event_free(&e);
}

/* Every date form, publication 2023-06-01 unless said. */
static const struct ecase forms[] = {
	{ "range 1- 4 Juni 2023", "2023-06-01", NULL, "Pameran UMKM digelar 1- 4 Juni 2023.", 1, "2023-06-01",
	  "2023-06-04", -1, NULL, NULL, NULL },
	{ "range 1-4 Juni 2023", "2023-06-01", NULL, "Pameran UMKM digelar 1-4 Juni 2023.", 1, "2023-06-01",
	  "2023-06-04", -1, NULL, NULL, NULL },
	{ "range with en dash", "2023-06-01", NULL, "Pameran UMKM digelar 1 \xe2\x80\x93 4 Juni 2023.", 1, "2023-06-01",
	  "2023-06-04", -1, NULL, NULL, NULL },
	{ "range hingga", "2023-06-01", NULL, "Festival kuliner berlangsung 12 hingga 14 Juli 2024.", 1, "2024-07-12",
	  "2024-07-14", -1, NULL, NULL, NULL },
	{ "range sampai", "2023-06-01", NULL, "Festival kuliner berlangsung 12 sampai 14 Juli 2024.", 1, "2024-07-12",
	  "2024-07-14", -1, NULL, NULL, NULL },
	{ "range sampai dengan", "2023-06-01", NULL, "Festival kuliner berlangsung 12 sampai dengan 14 Juli 2024.", 1,
	  "2024-07-12", "2024-07-14", -1, NULL, NULL, NULL },
	{ "range s.d. without a year", "2023-06-01", NULL, "Bazar UMKM digelar 12 s.d. 14 Juli.", 1, "2023-07-12",
	  "2023-07-14", -1, NULL, NULL, NULL },
	{ "range s/d", "2023-06-01", NULL, "Bazar UMKM digelar 12 s/d 14 Juli.", 1, "2023-07-12", "2023-07-14", -1,
	  NULL, NULL, NULL },
	{ "range across months", "2023-06-01", NULL, "Pameran kerajinan digelar 28 Juni - 2 Juli 2023.", 1,
	  "2023-06-28", "2023-07-02", -1, NULL, NULL, NULL },
	{ "range across years", "2023-12-01", NULL, "Festival UMKM berlangsung 30 Desember 2023 - 2 Januari 2024.", 1,
	  "2023-12-30", "2024-01-02", -1, NULL, NULL, NULL },
	{ "range across years, one year written", "2023-12-01", NULL,
	  "Festival UMKM berlangsung 30 Desember - 2 Januari 2024.", 1, "2023-12-30", "2024-01-02", -1, NULL, NULL,
	  NULL },
	{ "dari tanggal X hingga Y", "2022-08-01", NULL,
	  "Pameran digelar dari tanggal 5 Agustus hingga 6 Agustus 2022.", 1, "2022-08-05", "2022-08-06", -1, NULL,
	  NULL, NULL },
	{ "weekday (d/m) hingga weekday (d/m)", "2023-06-01", NULL,
	  "Bazar UMKM digelar Kamis (24/11) hingga Minggu (27/11).", 1, "2023-11-24", "2023-11-27", -1, NULL, NULL,
	  NULL },
	{ "weekday range, the year before", "2023-01-10", NULL,
	  "Bazar UMKM digelar Kamis (24/11) hingga Minggu (27/11).", 1, "2022-11-24", "2022-11-27", -1, NULL, NULL,
	  NULL },
	{ "pada 12-14 Juli", "2023-06-01", NULL, "Expo produk lokal akan digelar pada 12-14 Juli.", 1, "2023-07-12",
	  "2023-07-14", -1, NULL, NULL, NULL },
	{ "tanggal 12, 13 dan 14 Juli", "2023-06-01", NULL,
	  "Bazar digelar pada tanggal 12, 13 dan 14 Juli di Alun-alun Kota Batu.", 1, "2023-07-12", "2023-07-14", -1,
	  "Alun-alun Kota Batu", NULL, NULL },
	{ "12 dan 13 Juli", "2023-06-01", NULL, "Bazar digelar pada 12 dan 13 Juli.", 1, "2023-07-12", "2023-07-13", -1,
	  NULL, NULL, NULL },
	{ "single Sabtu (5/8/2023)", "2023-06-01", NULL, "Festival UMKM digelar Sabtu (5/8/2023).", 1, "2023-08-05",
	  NULL, -1, NULL, NULL, NULL },
	{ "pada Jumat (12/7)", "2024-07-01", NULL, "Pameran kopi digelar pada Jumat (12/7).", 1, "2024-07-12", NULL, -1,
	  NULL, NULL, NULL },
	{ "Kamis, 1 Juni 2023", "2023-05-20", NULL, "Pameran dibuka pada Kamis, 1 Juni 2023.", 1, "2023-06-01", NULL,
	  -1, NULL, NULL, NULL },
	{ "tanggal 12/07/2024", "2024-07-01", NULL, "Pameran akan digelar pada tanggal 12/07/2024.", 1, "2024-07-12",
	  NULL, -1, NULL, NULL, NULL },
	{ "abbreviated month Agt", "2023-06-01", NULL, "Pameran digelar 17-19 Agt 2023.", 1, "2023-08-17", "2023-08-19",
	  -1, NULL, NULL, NULL },
	{ "old spelling Nopember", "2023-06-01", NULL, "Pameran digelar 10-12 Nopember 2023.", 1, "2023-11-10",
	  "2023-11-12", -1, NULL, NULL, NULL },
	{ "old spelling Pebruari", "2024-01-10", NULL, "Bazar digelar 3 Pebruari 2024.", 1, "2024-02-03", NULL, -1,
	  NULL, NULL, NULL },
	{ "Sept. abbreviation", "2023-06-01", NULL, "Pameran digelar 5-7 Sept. 2023.", 1, "2023-09-05", "2023-09-07",
	  -1, NULL, NULL, NULL },
	{ "Jum'at with apostrophe", "2023-06-01", NULL, "Festival digelar Jum'at (9/6).", 1, "2023-06-09", NULL, -1,
	  NULL, NULL, NULL },
	{ "Jum\xe2\x80\x99"
	  "at with a curly apostrophe",
	  "2023-06-01", NULL,
	  "Festival digelar Jum\xe2\x80\x99"
	  "at (9/6).",
	  1, "2023-06-09", NULL, -1, NULL, NULL, NULL },
	{ "Ahad", "2023-06-01", NULL, "Festival digelar Ahad (4/6).", 1, "2023-06-04", NULL, -1, NULL, NULL, NULL },
	{ "Jumat-Minggu (12-14/7)", "2024-07-01", NULL, "Bazar UMKM digelar Jumat-Minggu (12-14/7).", 1, "2024-07-12",
	  "2024-07-14", -1, NULL, NULL, NULL },
	{ "Senin s.d. Rabu, 10 s.d. 12 Juli 2023", "2023-06-01", NULL,
	  "Bazar dilaksanakan Senin s.d. Rabu, 10 s.d. 12 Juli 2023.", 1, "2023-07-10", "2023-07-12", -1, NULL, NULL,
	  NULL },
	{ "hingga 13 Juni nanti, under way", "2023-06-01", NULL,
	  "Pameran UMKM di Lapangan Rampal masih berlangsung hingga 13 Juni nanti.", 1, "2023-06-01", "2023-06-13", -1,
	  "Lapangan Rampal", NULL, NULL },
	{ "lone end after a start", "2023-10-05", NULL,
	  "Pameran dibuka Kamis (5/10). Pameran berlangsung hingga 15 Oktober 2023.", 1, "2023-10-05", "2023-10-15", -1,
	  NULL, NULL, NULL },
	{ "selama 9 hari", "2023-06-01", NULL, "Pameran dibuka pada 10 Juni 2023 dan berlangsung selama 9 hari.", 1,
	  "2023-06-10", "2023-06-18", -1, NULL, NULL, NULL },
	{ "selama tiga (3) hari", "2023-06-01", NULL,
	  "Expo UMKM akan digelar selama tiga (3) hari mulai Jumat (16/6/2023).", 1, "2023-06-16", "2023-06-18", -1,
	  NULL, NULL, NULL },
	{ "mulai hari ini hingga", "2023-06-01", NULL, "Bazar Ramadan digelar mulai hari ini hingga 5 Juni.", 1,
	  "2023-06-01", "2023-06-05", -1, NULL, NULL, NULL },
	{ "besok", "2023-06-01", NULL, "Festival UMKM akan dibuka besok di Alun-alun Kota Blitar.", 1, "2023-06-02",
	  NULL, -1, "Alun-alun Kota Blitar", NULL, NULL },
	{ "Sabtu pekan depan", "2023-06-01", NULL, "Bazar UMKM akan digelar Sabtu pekan depan.", 1, "2023-06-10", NULL,
	  -1, NULL, NULL, NULL },
	{ "Sabtu mendatang", "2023-06-01", NULL, "Bazar UMKM akan digelar pada Sabtu mendatang.", 1, "2023-06-03", NULL,
	  -1, NULL, NULL, NULL },
	{ "pekan depan without a day", "2023-06-01", NULL, "Pameran UMKM akan digelar pekan depan.", 0, NULL, NULL, -1,
	  NULL, NULL, NULL },
	{ "future wording: next occurrence", "2023-06-01", NULL, "Pameran akan digelar pada 20 Mei.", 1, "2024-05-20",
	  NULL, -1, NULL, NULL, NULL },
	{ "no future wording: nearest", "2023-06-01", NULL, "Pameran digelar pada 20 Mei.", 1, "2023-05-20", NULL, -1,
	  NULL, NULL, NULL },
	{ "New Year: next January", "2023-12-28", NULL, "Bazar UMKM digelar Kamis (4/1).", 1, "2024-01-04", NULL, -1,
	  NULL, NULL, NULL },
	{ "New Year: last December with lalu", "2024-01-03", NULL, "Bazar UMKM digelar Jumat (29/12) lalu.", 1,
	  "2023-12-29", NULL, -1, NULL, NULL, NULL },
	{ "New Year: range over it without years", "2024-01-02", NULL,
	  "Bazar UMKM digelar 28 Desember hingga 3 Januari.", 1, "2023-12-28", "2024-01-03", -1, NULL, NULL, NULL },
	{ "New Year: future range", "2023-12-15", NULL, "Bazar UMKM akan digelar 5-7 Januari.", 1, "2024-01-05",
	  "2024-01-07", -1, NULL, NULL, NULL },
	{ "no publication date: the year written elsewhere", NULL, "Festival UMKM 2024", "Festival digelar 12-14 Juli.",
	  1, "2024-07-12", "2024-07-14", -1, NULL, NULL, NULL },
	{ "no publication date, no year", NULL, NULL, "Festival digelar 12-14 Juli.", 0, NULL, NULL, -1, NULL, NULL,
	  NULL },
	{ "pukul 10.00 WIB", "2023-06-01", NULL, "Pameran dibuka Sabtu (3/6) pukul 10.00 WIB.", 1, "2023-06-03", NULL,
	  600, NULL, NULL, NULL },
	{ "pukul 08.30 - 16.00 WITA", "2023-06-01", NULL,
	  "Pameran digelar 3-4 Juni 2023. Pameran dibuka pukul 08.30 - 16.00 WITA.", 1, "2023-06-03", "2023-06-04", 510,
	  NULL, NULL, NULL },
	{ "pukul 7 malam", "2023-06-01", NULL, "Festival digelar Sabtu (3/6) mulai pukul 7 malam.", 1, "2023-06-03",
	  NULL, 1140, NULL, NULL, NULL },
	{ "a dateline loses to the event range", "2023-06-01", NULL,
	  "JAKARTA, Kamis (1/6/2023) \xe2\x80\x93 Pemkot menggelar bazar UMKM pada 10-12 Juni 2023.", 1, "2023-06-10",
	  "2023-06-12", -1, NULL, NULL, NULL },
	{ "a deadline loses to the event", "2023-06-01", NULL,
	  "Pendaftaran peserta pameran paling lambat 5 Juni 2023. Pameran akan digelar 20-22 Juni 2023.", 1,
	  "2023-06-20", "2023-06-22", -1, NULL, NULL, NULL },
	{ "a past meeting loses to the event", "2023-06-01", NULL,
	  "Dalam rapat koordinasi Senin (29/5) lalu, panitia memutuskan pameran digelar 10-11 Juni.", 1, "2023-06-10",
	  "2023-06-11", -1, NULL, NULL, NULL },
	{ "a speech dateline is no event date", "2023-06-01", NULL,
	  "Pelaku UMKM Kota Batu mengikuti pameran di Jakarta. \"Kami membawa 30 produk,\" ujarnya kepada wartawan, "
	  "Rabu (31/5/2023).",
	  0, NULL, NULL, -1, NULL, NULL, NULL },
	{ "a deadline alone is no event date", "2023-06-01", NULL,
	  "Pendaftaran UMKM untuk mengikuti pameran ditutup pada 10 Juni 2023.", 0, NULL, NULL, -1, NULL, NULL, NULL },
	{ "a range too long is no range", "2023-06-01", NULL, "Pameran digelar 1 Januari 2023 - 31 Desember 2023.", 1,
	  "2023-01-01", NULL, -1, NULL, NULL, NULL },
	{ "31 Februari is no date", "2023-06-01", NULL, "Pameran digelar 31 Februari 2023.", 0, NULL, NULL, -1, NULL,
	  NULL, NULL },
	{ "dimulai X dan berakhir Y", "2023-10-10", NULL,
	  "Pameran dimulai Kamis (12/10/2023) dan berakhir Senin (16/10/2023).", 1, "2023-10-12", "2023-10-16", -1,
	  NULL, NULL, NULL },
	{ "dibuka X dan ditutup pada Y", "2023-06-01", NULL,
	  "Pameran akan dibuka pada Rabu (7/6) dan ditutup pada Minggu (11/6).", 1, "2023-06-07", "2023-06-11", -1,
	  NULL, NULL, NULL },
	{ "Sabtu dan Minggu (3-4/6)", "2023-06-01", NULL, "Pameran digelar Sabtu dan Minggu (3-4/6).", 1, "2023-06-03",
	  "2023-06-04", -1, NULL, NULL, NULL },
	{ "pada 2-4/6", "2023-06-01", NULL, "Gelar produk UMKM berlangsung pada 2-4/6.", 1, "2023-06-02", "2023-06-04",
	  -1, NULL, NULL, NULL },
	{ "Jumat-Minggu (1-3/9/2023)", "2023-08-20", NULL, "Bazar UMKM digelar Jumat-Minggu (1-3/9/2023).", 1,
	  "2023-09-01", "2023-09-03", -1, NULL, NULL, NULL },
	{ "6 dan 7 Juli 2024", "2024-07-01", NULL, "Pameran digelar 6 dan 7 Juli 2024.", 1, "2024-07-06", "2024-07-07",
	  -1, NULL, NULL, NULL },
	{ "ANTARA's bare weekday", "2023-06-03", NULL,
	  "Bazar UMKM yang digelar di Alun-alun Kota Kediri, Sabtu, diikuti 50 pelaku usaha.", 1, "2023-06-03", NULL,
	  -1, "Alun-alun Kota Kediri", NULL, NULL },
	{ "a bare weekday of a quote is no event date", "2023-06-01", NULL,
	  "Wali Kota Kediri di Kediri, Rabu, mengatakan pameran UMKM sangat membantu pelaku usaha.", 0, NULL, NULL, -1,
	  NULL, NULL, NULL },
	{ "digelar 9 hari", "2023-08-12", NULL, "Festival yang digelar 9 hari ini dimulai pada Sabtu (12/8/2023).", 1,
	  "2023-08-12", "2023-08-20", -1, NULL, NULL, NULL },
	{ "a quote's date gives no start to a lone end", "2024-03-05", NULL,
	  "\"Bazar ini ramai,\" ujarnya, Senin (4/3/2024). Bazar masih berlangsung hingga 10 Maret.", 1, "2024-03-05",
	  "2024-03-10", -1, NULL, NULL, NULL },
	{ "a past year's edition loses", "2023-06-01", NULL,
	  "Festival UMKM tahun lalu digelar pada 5-7 Mei 2022. Tahun ini, festival akan digelar pada 10-12 Juni 2023.",
	  1, "2023-06-10", "2023-06-12", -1, NULL, NULL, NULL },
	{ "29 Februari in a leap year", "2024-01-10", NULL, "Pameran digelar 29 Februari.", 1, "2024-02-29", NULL, -1,
	  NULL, NULL, NULL },
};

/* Short stories as regional news writes them. */
static const struct ecase stories[] = {
	{ "Surabaya bazar", "2024-03-17", "Pemkot Surabaya Gelar Bazar Ramadan UMKM 2024 di Balai Kota",
	  "SURABAYA \xe2\x80\x93 Pemerintah Kota (Pemkot) Surabaya menggelar Bazar Ramadan UMKM 2024 di halaman Balai "
	  "Kota Surabaya. Bazar yang diikuti 120 pelaku usaha itu berlangsung mulai Senin (18/3) hingga Jumat (22/3), "
	  "pukul 15.00 hingga 21.00 WIB.\n\nKepala Dinas Koperasi dan UKM Kota Surabaya mengatakan bazar ini menjadi "
	  "ajang promosi produk lokal.",
	  1, "2024-03-18", "2024-03-22", 900, "Balai Kota Surabaya", "Pemkot Surabaya", "Bazar Ramadan UMKM 2024" },
	{ "Malang expo", "2023-06-10", "Malang Creative Expo 2023 Siap Digelar",
	  "MALANG, KOMPAS.com \xe2\x80\x93 Dinas Koperasi dan Usaha Mikro (Diskopum) Kota Malang kembali menggelar "
	  "Malang Creative Expo 2023. Pameran produk UMKM ini digelar di Mall Olympic Garden (MOG) pada 15-18 Juni "
	  "2023.\n\nSebanyak 80 pelaku usaha ikut ambil bagian.",
	  1, "2023-06-15", "2023-06-18", -1, "Mall Olympic Garden (MOG)", "Diskopum Kota Malang",
	  "Malang Creative Expo 2023" },
	{ "Bandung festival, organizer after oleh", "2024-09-01", "Festival Kopi Nusantara Kembali Hadir",
	  "Festival Kopi Nusantara 2024 diselenggarakan oleh Bank Indonesia (BI) Perwakilan Jawa Barat bertempat di "
	  "Gedung Sate, Bandung, pada 20 hingga 22 September 2024. Festival ini menghadirkan 60 UMKM kopi.",
	  1, "2024-09-20", "2024-09-22", -1, "Gedung Sate, Bandung", "BI Perwakilan Jawa Barat",
	  "Festival Kopi Nusantara 2024" },
	{ "Jatim Fair, lone end after the opening", "2023-10-05", "Jatim Fair 2023 Resmi Dibuka",
	  "Jatim Fair 2023 resmi dibuka Gubernur Jawa Timur di Grand City Convention Center Surabaya, Kamis (5/10). "
	  "Pameran yang berlangsung hingga 15 Oktober 2023 ini diikuti ratusan UMKM dari 38 kabupaten dan kota.",
	  1, "2023-10-05", "2023-10-15", -1, "Grand City Convention Center Surabaya", "-", "Jatim Fair 2023" },
	{ "PRJ", "2024-06-01", "PRJ 2024 Dibuka",
	  "Pekan Raya Jakarta (PRJ) 2024 digelar di JIExpo Kemayoran, Jakarta Pusat, mulai 12 Juni hingga 14 Juli "
	  "2024. Ribuan UMKM ikut meramaikan.",
	  1, "2024-06-12", "2024-07-14", -1, "JIExpo Kemayoran, Jakarta Pusat", NULL, "Pekan Raya Jakarta (PRJ) 2024" },
	{ "Inacraft", "2024-02-20", "Inacraft 2024 Digelar Akhir Bulan",
	  "Pameran kerajinan Inacraft 2024 akan berlangsung pada 28 Februari - 3 Maret 2024 di Jakarta Convention "
	  "Center (JCC). Sebanyak 1.000 perajin ikut serta.",
	  1, "2024-02-28", "2024-03-03", -1, "Jakarta Convention Center (JCC)", NULL, "Inacraft 2024" },
	{ "Harkop, list of days", "2023-07-01", "Gelar Produk UMKM Meriahkan Harkop",
	  "Dalam rangka Hari Koperasi (Harkop) ke-76, Dinas Koperasi Kabupaten Sidoarjo menggelar Gelar Produk UMKM "
	  "pada 12, 13 dan 14 Juli 2023 di Alun-alun Sidoarjo.",
	  1, "2023-07-12", "2023-07-14", -1, "Alun-alun Sidoarjo", "Dinas Koperasi Kabupaten Sidoarjo",
	  "Gelar Produk UMKM" },
	{ "Pekalongan carnival today", "2023-06-10", "Karnaval Batik Pekalongan Digelar Hari Ini",
	  "Karnaval Batik Pekalongan digelar hari ini, Sabtu (10/6), di sepanjang Jalan Diponegoro. Ratusan perajin "
	  "batik ikut serta.",
	  1, "2023-06-10", NULL, -1, "Jalan Diponegoro", NULL, "Karnaval Batik Pekalongan" },
	{ "Banyuwangi expo, three days", "2023-06-10", "Expo UMKM Banyuwangi",
	  "Expo UMKM Kabupaten Banyuwangi 2023 akan digelar selama tiga hari mulai Jumat (16/6/2023) di Gedung Seni "
	  "Budaya Banyuwangi. Ada 75 stan yang disiapkan.",
	  1, "2023-06-16", "2023-06-18", -1, "Gedung Seni Budaya Banyuwangi", "-",
	  "Expo UMKM Kabupaten Banyuwangi 2023" },
	{ "Madiun bazar, yang digelar X", "2023-06-01", "Bazar Murah di Madiun",
	  "Bazar murah yang digelar Dinas Perdagangan Kota Madiun berlangsung pada 3-5 Juni 2023 di Pasar Besar "
	  "Madiun. Warga antusias.",
	  1, "2023-06-03", "2023-06-05", -1, "Pasar Besar Madiun", "Dinas Perdagangan Kota Madiun", NULL },
	{ "Kediri, past weekend", "2023-06-05", "Festival Jajanan Tradisional Sukses Digelar",
	  "Festival Jajanan Tradisional yang digelar di Taman Kota Kediri pada Sabtu-Minggu (3-4/6) lalu berhasil "
	  "menarik ribuan pengunjung.",
	  1, "2023-06-03", "2023-06-04", -1, "Taman Kota Kediri", NULL, "Festival Jajanan Tradisional" },
	{ "Medan, registration then event", "2023-06-01", "Festival Ekonomi Kreatif Medan",
	  "Pendaftaran peserta Festival Ekonomi Kreatif 2023 dibuka hingga 10 Juni 2023. Festival sendiri akan "
	  "digelar pada 24-25 Juni 2023 di Lapangan Merdeka Medan.",
	  1, "2023-06-24", "2023-06-25", -1, "Lapangan Merdeka Medan", NULL, "Festival Ekonomi Kreatif 2023" },
	{ "Sleman, future without a year", "2023-11-20", "Sleman Craft Festival Segera Digelar",
	  "Pemkab Sleman akan menggelar Sleman Craft Festival pada 1-3 Desember di Pendopo Rumah Dinas Bupati Sleman.",
	  1, "2023-12-01", "2023-12-03", -1, "Pendopo Rumah Dinas Bupati Sleman", "Pemkab Sleman",
	  "Sleman Craft Festival" },
	{ "Padang, over New Year", "2023-12-27", "Bazar Akhir Tahun",
	  "Bazar UMKM akhir tahun digelar 30 Desember hingga 2 Januari di Plaza Andalas Padang.", 1, "2023-12-30",
	  "2024-01-02", -1, "Plaza Andalas Padang", NULL, NULL },
	{ "Jombang, name from the title", "2024-02-05", "Ribuan Pengunjung Padati Festival Durian Wonosalam 2024",
	  "Ribuan warga memadati acara yang berlangsung di Desa Wonosalam, Kabupaten Jombang, pada Minggu (4/2). "
	  "Puluhan petani dan UMKM membuka lapak.",
	  1, "2024-02-04", NULL, -1, "Desa Wonosalam, Kabupaten Jombang", NULL, "Festival Durian Wonosalam 2024" },
	{ "Semarang, X melalui Y", "2023-07-01", "Jateng Expo 2023",
	  "Pemerintah Provinsi (Pemprov) Jawa Tengah melalui Dinas Koperasi dan UKM menggelar Pameran UMKM Jateng Expo "
	  "2023 di Atrium Mal Ciputra Semarang pada 7 hingga 9 Juli 2023.",
	  1, "2023-07-07", "2023-07-09", -1, "Atrium Mal Ciputra Semarang",
	  "Pemprov Jawa Tengah (Dinas Koperasi dan UKM)", "Pameran UMKM Jateng Expo 2023" },
	{ "Gresik, weekdays and hours", "2023-07-01", "Bazar Produk Lokal Gresik",
	  "Bazar produk lokal dilaksanakan Senin s.d. Rabu, 10 s.d. 12 Juli 2023, pukul 09.00-17.00 WIB, bertempat di "
	  "Lobby Kantor Bupati Gresik.",
	  1, "2023-07-10", "2023-07-12", 540, "Lobby Kantor Bupati Gresik", NULL, NULL },
	{ "Malang, numeric date", "2024-07-01", "Pameran UMKM di GOR Ken Arok",
	  "Pameran produk UMKM akan digelar pada tanggal 12/07/2024 di GOR Ken Arok, Kota Malang.", 1, "2024-07-12",
	  NULL, -1, "GOR Ken Arok, Kota Malang", NULL, NULL },
	{ "Blitar, tomorrow evening", "2023-06-01", "Festival UMKM Kota Blitar Dibuka Besok",
	  "Festival UMKM Kota Blitar akan dibuka besok pukul 19.00 WIB di Alun-alun Kota Blitar.", 1, "2023-06-02",
	  NULL, 1140, "Alun-alun Kota Blitar", NULL, "Festival UMKM Kota Blitar" },
	{ "Bogor, next Saturday", "2023-06-01", "Bogor Culinary Festival",
	  "Pemkot Bogor bakal menggelar Bogor Culinary Festival pada Sabtu mendatang di Taman Sempur.", 1, "2023-06-03",
	  NULL, -1, "Taman Sempur", "Pemkot Bogor", "Bogor Culinary Festival" },
	{ "Pekalongan, a past festival and the expo", "2023-06-10", "Pekalongan Expo 2023",
	  "Setelah sukses menggelar Festival Batik pada Mei lalu, Pemkot Pekalongan kembali menggelar Pekalongan Expo "
	  "2023 pada 20-25 Juni 2023 di Gedung Kesenian Pekalongan.",
	  1, "2023-06-20", "2023-06-25", -1, "Gedung Kesenian Pekalongan", "Pemkot Pekalongan",
	  "Pekalongan Expo 2023" },
	{ "Makassar, WITA hours", "2023-08-01", "Makassar UMKM Fair",
	  "Dinas Koperasi dan UKM (Diskop UKM) Kota Makassar menggelar Makassar UMKM Fair 2023 di Anjungan Pantai "
	  "Losari pada 18-20 Agustus 2023. Pameran dibuka setiap hari pukul 16.00 - 23.00 WITA.",
	  1, "2023-08-18", "2023-08-20", 960, "Anjungan Pantai Losari", "Diskop UKM Kota Makassar",
	  "Makassar UMKM Fair 2023" },
	{ "Yogyakarta, across months", "2023-06-20", "Jogja Fashion Week",
	  "Gelaran Jogja Craft Fair 2023 berlangsung 28 Juni - 2 Juli 2023 di Jogja Expo Center (JEC). Panitia "
	  "menargetkan 20.000 pengunjung.",
	  1, "2023-06-28", "2023-07-02", -1, "Jogja Expo Center (JEC)", NULL, "Jogja Craft Fair 2023" },
	{ "Denpasar, under way until", "2023-06-01", "Pesta Kesenian Bali",
	  "Pameran UMKM dalam rangkaian Pesta Kesenian Bali masih berlangsung hingga 13 Juni nanti di Taman Budaya "
	  "Denpasar.",
	  1, "2023-06-01", "2023-06-13", -1, "Taman Budaya Denpasar", NULL, NULL },
	{ "Tangerang ICE BSD, weekday range", "2022-11-20", "Pameran Franchise di ICE BSD",
	  "Pameran waralaba dan UMKM akan digelar Kamis (24/11) hingga Minggu (27/11) di ICE BSD, Tangerang. "
	  "Penyelenggara menyiapkan 300 stan.",
	  1, "2022-11-24", "2022-11-27", -1, "ICE BSD, Tangerang", NULL, NULL },
	{ "Solo, TMII-style parenthesis and city", "2023-09-01", "Solo Batik Fashion",
	  "Dekranasda Kota Surakarta menggelar Solo Batik Festival 2023 di Benteng Vastenburg (BV) Solo pada 8-10 "
	  "September 2023.",
	  1, "2023-09-08", "2023-09-10", -1, "Benteng Vastenburg (BV), Solo", "Dekranasda Kota Surakarta",
	  "Solo Batik Festival 2023" },
	{ "Banjar, sectors listed with commas", "2024-08-01", "Banjar Expo",
	  "Dinas Koperasi, Usaha Mikro, Perindustrian dan Perdagangan (Diskumperindag) Kota Banjar menggelar Banjar "
	  "Expo 2024 di Taman Kota Banjar pada 14-18 Agustus 2024.",
	  1, "2024-08-14", "2024-08-18", -1, "Taman Kota Banjar", "Diskumperindag Kota Banjar", "Banjar Expo 2024" },
	{ "Kediri, Hari Jadi", "2023-03-20", "Pameran UMKM",
	  "Pameran UMKM Hari Jadi Kabupaten Kediri digelar 24 Maret - 2 April 2023 di kawasan Simpang Lima Gumul.", 1,
	  "2023-03-24", "2023-04-02", -1, "kawasan Simpang Lima Gumul", NULL,
	  "Pameran UMKM Hari Jadi Kabupaten Kediri" },
	{ "Solok, appositive province", "2023-10-10", "Kota Solok Expo 2023",
	  "Solok (ANTARA) - Pemerintah Kota Solok, Sumatera Barat, akan menggelar Kota Solok Expo 2023 di Lapangan "
	  "Merdeka. Pameran dimulai Kamis (12/10/2023) dan berakhir Senin (16/10/2023).\n\nWali Kota Solok di Solok, "
	  "Selasa, mengatakan expo ini menjadi ajang promosi produk UMKM.",
	  1, "2023-10-12", "2023-10-16", -1, "Lapangan Merdeka", "Pemerintah Kota Solok", "Kota Solok Expo 2023" },
	{ "Bali, quoted name after bertajuk", "2023-10-02", "Pameran Batik",
	  "Museum Batik Indonesia menggelar pameran bertajuk \xe2\x80\x9c"
	  "Batik Pesisiran\xe2\x80\x9d yang "
	  "berlangsung mulai 2 hingga 30 Oktober 2023. Pameran dibuka setiap hari pukul 09.00\xe2\x80\x93"
	  "16.00 WIB.",
	  1, "2023-10-02", "2023-10-30", 540, NULL, "Museum Batik Indonesia", "Batik Pesisiran" },
	{ "Nusa Dua, name after a lower-case pameran", "2023-12-15", "UMKM Binaan Ramaikan Pameran",
	  "Sebanyak 20 UMKM binaan mengikuti pameran BRIlianpreneur 2023 yang digelar di Bali Nusa Dua Convention "
	  "Center (BNDCC), Nusa Dua, pada 14-17 Desember 2023.",
	  1, "2023-12-14", "2023-12-17", -1, "Bali Nusa Dua Convention Center (BNDCC), Nusa Dua", NULL,
	  "BRIlianpreneur 2023" },
};

/* Texts that report no event. */
static const struct ecase none[] = {
	{ "aid handover", "2023-06-05", "Wali Kota Serahkan Bantuan Modal",
	  "Wali Kota Mojokerto menyerahkan bantuan modal kepada 50 pelaku UMKM, Senin (5/6/2023). Bantuan ini "
	  "diharapkan membantu usaha mereka.",
	  0, NULL, NULL, -1, NULL, NULL, NULL },
	{ "credit figures", "2023-06-05", "Penyaluran KUR Jatim",
	  "Penyaluran KUR di Jawa Timur mencapai Rp 10 triliun hingga Mei 2023, kata Kepala OJK.", 0, NULL, NULL, -1,
	  NULL, NULL, NULL },
	{ "prices", "2023-06-05", "Harga Cabai Naik",
	  "Harga cabai naik pada 3 Juni 2023 di Pasar Besar Malang, menurut pedagang.", 0, NULL, NULL, -1, NULL, NULL,
	  NULL },
	{ "interview", "2023-06-05", "UMKM Go Digital",
	  "\"Digitalisasi penting bagi UMKM,\" kata Kepala Dinas Koperasi saat ditemui, Selasa (6/6/2023).", 0, NULL,
	  NULL, -1, NULL, NULL, NULL },
	{ "empty", "2023-06-05", "", "", 0, NULL, NULL, -1, NULL, NULL, NULL },
	{ "NULL title and text", "2023-06-05", NULL, NULL, 0, NULL, NULL, -1, NULL, NULL, NULL },
	{ "an event word without a date", "2023-06-05", "Pameran UMKM",
	  "Pameran UMKM selalu ramai pengunjung, kata panitia.", 0, NULL, NULL, -1, NULL, NULL, NULL },
};

/* Time ranges: start and end minutes, and the end's evidence. */
struct tcase {
	const char *what;
	const char *text; /* published 2023-06-01 */
	int start, end;	  /* minutes, -1 none */
	const char *ev;	  /* the event-end-time text, NULL: none */
};

static const struct tcase times[] = {
	{ "pukul 09.00-16.00 WIB", "Pameran UMKM digelar Sabtu (3/6) pukul 09.00-16.00 WIB.", 540, 960,
	  "pukul 09.00-16.00 WIB" },
	{ "pukul 09.00 - 16.00 WITA", "Pameran UMKM digelar Sabtu (3/6) pukul 09.00 - 16.00 WITA.", 540, 960,
	  "pukul 09.00 - 16.00 WITA" },
	{ "pukul 08.00 hingga 15.00 WIB", "Bazar UMKM digelar 3-4 Juni 2023 pukul 08.00 hingga 15.00 WIB.", 480, 900,
	  "pukul 08.00 hingga 15.00 WIB" },
	{ "pukul 09.00 s.d. 21.00 WIB", "Bazar UMKM digelar 3-4 Juni 2023, pukul 09.00 s.d. 21.00 WIB.", 540, 1260,
	  "pukul 09.00 s.d. 21.00 WIB" },
	{ "pukul 09.00 s/d 16.00", "Bazar UMKM digelar 3-4 Juni 2023, pukul 09.00 s/d 16.00.", 540, 960,
	  "pukul 09.00 s/d 16.00" },
	{ "pukul 09.00 sampai 17.00", "Expo UMKM digelar Sabtu (3/6) pukul 09.00 sampai 17.00.", 540, 1020,
	  "pukul 09.00 sampai 17.00" },
	{ "sampai dengan pukul", "Expo UMKM digelar Sabtu (3/6) pukul 09.00 WIB sampai dengan pukul 17.00 WIB.", 540,
	  1020, "pukul 09.00 WIB sampai dengan pukul 17.00 WIB" },
	{ "jam 10.00-22.00 WIB", "Festival kuliner digelar 3-4 Juni 2023 jam 10.00-22.00 WIB.", 600, 1320,
	  "jam 10.00-22.00 WIB" },
	{ "pkl. 09.00-15.00 WIB", "Bazar digelar Sabtu (3/6) pkl. 09.00-15.00 WIB.", 540, 900, "pkl. 09.00-15.00 WIB" },
	{ "mulai pukul 09.00 hingga pukul 16.00 WIT",
	  "Pameran digelar 3-4 Juni 2023 mulai pukul 09.00 hingga pukul 16.00 WIT.", 540, 960,
	  "pukul 09.00 hingga pukul 16.00 WIT" },
	{ "bare 09.00\xe2\x80\x93"
	  "17.00 WIB (en dash)",
	  "Pameran digelar Sabtu (3/6), 09.00\xe2\x80\x93"
	  "17.00 WIB, di Gedung Juang.",
	  540, 1020,
	  "09.00\xe2\x80\x93"
	  "17.00 WIB" },
	{ "bare 09:00-16:00", "Pameran digelar Sabtu (3/6) 09:00-16:00 di Gedung Juang.", 540, 960, "09:00-16:00" },
	{ "pukul 19.00 WIB hingga selesai", "Festival digelar Sabtu (3/6) pukul 19.00 WIB hingga selesai.", 1140, -1,
	  NULL },
	{ "pukul 19.00 sampai selesai", "Festival digelar Sabtu (3/6) pukul 19.00 sampai selesai.", 1140, -1, NULL },
	{ "pukul 8 pagi hingga 4 sore", "Bazar digelar Sabtu (3/6) pukul 8 pagi hingga 4 sore.", 480, 960,
	  "pukul 8 pagi hingga 4 sore" },
	{ "pukul 4 sore hingga 7 malam", "Bazar digelar Sabtu (3/6) pukul 4 sore hingga 7 malam.", 960, 1140,
	  "pukul 4 sore hingga 7 malam" },
	{ "pukul 7 malam hingga 10: the evening carries over", "Bazar digelar Sabtu (3/6) pukul 7 malam hingga 10.",
	  1140, 1320, "pukul 7 malam hingga 10" },
	{ "dibuka pukul X dan ditutup pukul Y",
	  "Bazar digelar Sabtu (3/6), dibuka pukul 10.00 WIB dan ditutup pukul 21.00 WIB.", 600, 1260,
	  "pukul 10.00 WIB dan ditutup pukul 21.00 WIB" },
	{ "daily hours a few sentences on",
	  "Pemkab menggelar Bazar UMKM 2023 pada 3-4 Juni 2023 di Alun-alun.\n\nSebanyak 50 pelaku usaha ikut "
	  "serta. Mereka menjual makanan dan kerajinan.\n\n\"Ayo belanja,\" kata Bupati.\n\nBazar dibuka setiap "
	  "hari pukul 09.00 hingga 21.00 WIB.",
	  540, 1260, "pukul 09.00 hingga 21.00 WIB" },
	/* negatives */
	{ "pukul 10.00 WIB alone", "Pameran dibuka Sabtu (3/6) pukul 10.00 WIB.", 600, -1, NULL },
	{ "a range of dates without a time", "Pameran UMKM digelar 1-4 Juni 2023 di Gedung Juang.", -1, -1, NULL },
	{ "two times in two sentences",
	  "Pameran dibuka Sabtu (3/6) pukul 10.00 WIB. Penutupan dijadwalkan pukul 16.00 WIB.", 600, -1, NULL },
	{ "a press conference's range is not the event's",
	  "Pameran dibuka Sabtu (3/6) pukul 10.00 WIB. Konferensi pers digelar pukul 13.00-14.00 WIB.", 600, -1, NULL },
	{ "a talk's range far away gives no time",
	  "Pameran UMKM digelar 3-4 Juni 2023 di Gedung Juang.\n\nSebanyak 50 pelaku usaha ikut serta.\n\nSeminar "
	  "ekspor digelar pukul 13.00-15.00 WIB.",
	  -1, -1, NULL },
	{ "a single opening time far away gives no time",
	  "Pameran UMKM digelar 3-4 Juni 2023 di Gedung Juang.\n\nSebanyak 50 pelaku usaha ikut serta.\n\nPameran "
	  "dibuka Bupati pukul 09.00 WIB.",
	  -1, -1, NULL },
	{ "hingga selesai alone", "Festival digelar Sabtu (3/6) hingga selesai.", -1, -1, NULL },
	{ "end before start", "Bazar digelar Sabtu (3/6) pukul 16.00-09.00 WIB.", 960, -1, NULL },
	{ "end equal to start", "Bazar digelar Sabtu (3/6) pukul 10.00-10.00 WIB.", 600, -1, NULL },
	{ "past midnight: hingga pukul 01.00", "Bazar digelar Sabtu (3/6) pukul 19.00 hingga pukul 01.00 WIB.", 1140,
	  -1, NULL },
	{ "24.00 is no end minute", "Bazar digelar Sabtu (3/6) pukul 10.00-24.00 WIB.", 600, -1, NULL },
	{ "hostile pukul 99.99-88.88", "Bazar digelar Sabtu (3/6) pukul 99.99-88.88 WIB.", -1, -1, NULL },
	{ "hostile end 88.88", "Bazar digelar Sabtu (3/6) pukul 10.00-88.88 WIB.", 600, -1, NULL },
	{ "hostile end 16.000", "Bazar digelar Sabtu (3/6) pukul 10.00-16.000 WIB.", 600, -1, NULL },
	{ "hingga 12 Juni is a date, not an end time", "Bazar dibuka Sabtu (3/6) pukul 10.00 hingga 12 Juni 2023.", 600,
	  -1, NULL },
	{ "hingga 12 without minutes", "Bazar dibuka Sabtu (3/6) pukul 10.00 hingga 12.", 600, -1, NULL },
	{ "a bare dotted range without a zone is no time", "Bazar digelar Sabtu (3/6) 09.00-17.00 di Gedung Juang.", -1,
	  -1, NULL },
	{ "an amount is no time", "Bazar digelar Sabtu (3/6), tiket Rp10.00-20.00 WIB.", -1, -1, NULL },
};

static void
run_time(const struct tcase *c)
{
	struct kb_event e;
	const char *got = NULL;
	size_t i;
	int rc;

	rc = kb_event_extract(NULL, c->text, pub_of("2023-06-01"), "Asia/Jakarta", &e);
	is_int(rc, 1, "%s: an event", c->what);
	is_int(e.start_minute, c->start, "%s: start minute", c->what);
	is_int(e.end_minute, c->end, "%s: end minute", c->what);
	for (i = 0; i < e.n_ev; i++)
		if (strcmp(e.ev[i].what, "event-end-time") == 0)
			got = e.ev[i].text;
	if (c->ev != NULL)
		is_str(got, c->ev, "%s: event-end-time evidence", c->what);
	else
		ok(got == NULL, "%s: no event-end-time evidence", c->what);
	kb_event_free(&e);
	is_int(e.end_minute, -1, "%s: free resets end minute", c->what);
}

static void
test_time_hostile(void)
{
	static const char unit[] = "Bazar digelar 3 Juni 2023 pukul 09.00-16.00 WIB hingga 17.00 s.d. pukul ";
	size_t size = 1024 * 1024, i, ul = sizeof(unit) - 1;
	char *big = kb_malloc(size + 1);
	struct kb_event e;
	int64_t t0;
	int rc;

	for (i = 0; i < size; i++)
		big[i] = unit[i % ul];
	big[size] = '\0';
	t0 = kb_mono_ms();
	rc = kb_event_extract(NULL, big, pub_of("2023-06-01"), "Asia/Jakarta", &e);
	is_int(rc, 1, "1 MiB of time ranges: an event");
	is_int(e.start_minute, 540, "1 MiB of time ranges: start minute");
	is_int(e.end_minute, 960, "1 MiB of time ranges: end minute");
	ok(kb_mono_ms() - t0 < 20000, "1 MiB of time ranges: bounded time (%lld ms)", (long long)(kb_mono_ms() - t0));
	kb_event_free(&e);

	/* no time near the date: the search for daily hours runs over all */
	for (i = 0; i < size; i++)
		big[i] = "pukul 10.00-09.00 WIB dibuka setiap "[i % 36];
	memcpy(big, "Pameran digelar 3 Juni 2023.\n\n", 30);
	big[size] = '\0';
	t0 = kb_mono_ms();
	rc = kb_event_extract(NULL, big, pub_of("2023-06-01"), "Asia/Jakarta", &e);
	is_int(rc, 1, "1 MiB of reversed ranges: an event");
	is_int(e.end_minute, -1, "1 MiB of reversed ranges: no end minute");
	ok(kb_mono_ms() - t0 < 20000, "1 MiB of reversed ranges: bounded time (%lld ms)",
	   (long long)(kb_mono_ms() - t0));
	kb_event_free(&e);
	free(big);

	rc = kb_event_extract(NULL, "Pameran UMKM selalu ramai, kata panitia, pukul 09.00-16.00 WIB.",
			      pub_of("2023-06-01"), "Asia/Jakarta", &e);
	is_int(rc, 0, "no event: none");
	is_int(e.start_minute, -1, "no event: no start minute");
	is_int(e.end_minute, -1, "no event: no end minute");
	kb_event_free(&e);
}

static void
test_exact(void)
{
	struct kb_event e;
	int rc;

	rc = kb_event_extract("Solo",
			      "Dekranasda Kota Surakarta menggelar Solo Batik Festival 2023 di Benteng "
			      "Vastenburg (BV) Solo pada 8-10 September 2023.",
			      pub_of("2023-09-01"), "Asia/Jakarta", &e);
	is_int(rc, 1, "exact: found");
	is_str(e.venue, "Benteng Vastenburg (BV), Solo", "exact: a city after a parenthesis gets a comma");
	is_str(e.organizer, "Dekranasda Kota Surakarta", "exact: organizer");
	is_str(e.name, "Solo Batik Festival 2023", "exact: name");
	kb_event_free(&e);
	is_int(e.n_ev, 0, "free resets the evidence");
	is_int(e.start, -1, "free resets start");
	kb_event_free(&e); /* twice is fine */
	kb_event_free(NULL);

	rc = kb_event_extract(NULL,
			      "Kementerian Koperasi dan UKM (KemenKopUKM) melalui Lembaga Layanan Pemasaran (LLP) "
			      "KUKM menggelar Pameran Produk Kreatif 2023 di Gedung Smesco, Jakarta, pada 5-7 Juli "
			      "2023.",
			      pub_of("2023-07-01"), "Asia/Jakarta", &e);
	is_int(rc, 1, "exact 2: found");
	is_str(e.organizer, "KemenKopUKM (LLP KUKM)", "exact 2: acronyms replace what they abbreviate");
	is_str(e.venue, "Gedung Smesco, Jakarta", "exact 2: venue with its city");
	kb_event_free(&e);

	/* evidence: every field with its text */
	rc = kb_event_extract(NULL,
			      "Pemkab Sleman akan menggelar Sleman Craft Festival pada 1-3 Desember pukul 09.00 WIB di "
			      "Pendopo Rumah Dinas Bupati Sleman.",
			      pub_of("2023-11-20"), "Asia/Jakarta", &e);
	is_int(rc, 1, "evidence: found");
	{
		size_t i;
		int date = 0, time = 0, venue = 0, org = 0, name = 0;

		for (i = 0; i < e.n_ev; i++) {
			const char *w = e.ev[i].what, *t = e.ev[i].text;

			if (strcmp(w, "event-date") == 0 && strcmp(t, "1-3 Desember") == 0)
				date = 1;
			if (strcmp(w, "event-time") == 0 && strcmp(t, "pukul 09.00 WIB") == 0)
				time = 1;
			if (strcmp(w, "venue") == 0 && strstr(t, "di Pendopo") == t)
				venue = 1;
			if (strcmp(w, "organizer") == 0 && strstr(t, "Pemkab Sleman") == t)
				org = 1;
			if (strcmp(w, "event-name") == 0 && strcmp(t, "Sleman Craft Festival") == 0)
				name = 1;
		}
		ok(date, "evidence: event-date \"1-3 Desember\"");
		ok(time, "evidence: event-time \"pukul 09.00 WIB\"");
		ok(venue, "evidence: venue \"di Pendopo...\"");
		ok(org, "evidence: organizer \"Pemkab Sleman ...\"");
		ok(name, "evidence: event-name");
		is_int(e.start_minute, 540, "evidence: start minute");
	}
	kb_event_free(&e);

	/* the publication's calendar date is taken in tz */
	rc = kb_event_extract(NULL, "Bazar UMKM digelar mulai hari ini.", pub_of("2023-06-01") - 10 * 3600 - 1,
			      "Asia/Jakarta", &e);
	is_int(rc, 1, "today: found");
	is_int(e.start, day_of("2023-05-31"), "today: 2023-05-31 23:59:59 WIB is 31 May");
	kb_event_free(&e);
	rc = kb_event_extract(NULL, "Bazar UMKM digelar mulai hari ini.", pub_of("2023-06-01") - 10 * 3600 - 1,
			      "Asia/Jayapura", &e);
	is_int(e.start, day_of("2023-06-01"), "today: the same instant is 1 June in Asia/Jayapura");
	kb_event_free(&e);
}

static void
test_seed(void)
{
	const char *shared = getenv("SHARED_DIR"), *top = getenv("top_srcdir");
	char path[4096], *buf = NULL, *title, *text, *nl;
	struct kb_event e;
	FILE *f;
	size_t n;

	if (shared != NULL && *shared != '\0')
		snprintf(path, sizeof(path), "%s/data/seed-article.txt", shared);
	else if (top != NULL)
		snprintf(path, sizeof(path), "%s/../shared/data/seed-article.txt", top);
	else
		snprintf(path, sizeof(path), "../shared/data/seed-article.txt");
	f = fopen(path, "rb");
	if (f == NULL) {
		skip(9, "seed article: no $SHARED_DIR/data/seed-article.txt");
		return;
	}
	buf = kb_malloc(1 << 20);
	n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = '\0';
	title = buf;
	nl = strchr(buf, '\n');
	text = buf + n;
	if (nl != NULL) {
		*nl = '\0';
		text = nl + 1;
	}
	is_int(kb_event_extract(title, text, pub_of("2023-06-01"), "Asia/Jakarta", &e), 1, "seed: an event");
	is_int(e.start, day_of("2023-06-01"), "seed: start 2023-06-01");
	is_int(e.end, day_of("2023-06-04"), "seed: end 2023-06-04");
	ok(e.venue != NULL && strstr(e.venue, "Taman Mini") != NULL && strstr(e.venue, "Jakarta") != NULL,
	   "seed: venue at Taman Mini, Jakarta (%s)", e.venue ? e.venue : "null");
	is_str(e.venue, "Plaza Selatan Taman Mini Indonesia Indah (TMII), Jakarta", "seed: venue normalized");
	ok(e.organizer != NULL && strstr(e.organizer, "Kemendagri") != NULL, "seed: organizer has Kemendagri (%s)",
	   e.organizer ? e.organizer : "null");
	is_str(e.organizer, "Kemendagri (Ditjen Polpum)", "seed: organizer normalized");
	ok(e.name != NULL && strstr(e.name, "Indonesia Maju Expo") != NULL, "seed: name (%s)",
	   e.name ? e.name : "null");
	is_str(e.name, "Indonesia Maju Expo & Forum 2023", "seed: name exactly");
	kb_event_free(&e);
	free(buf);
}

/* Every string a result holds is valid UTF-8. */
static int
all_utf8(const struct kb_event *e)
{
	size_t i;

	if (e->name && !kb_utf8_valid(e->name, strlen(e->name)))
		return 0;
	if (e->venue && !kb_utf8_valid(e->venue, strlen(e->venue)))
		return 0;
	if (e->organizer && !kb_utf8_valid(e->organizer, strlen(e->organizer)))
		return 0;
	for (i = 0; i < e->n_ev; i++)
		if (!kb_utf8_valid(e->ev[i].text, strlen(e->ev[i].text)))
			return 0;
	return 1;
}

static void
test_hostile(void)
{
	static const char unit[] = "Pameran Expo Festival di Gedung ( ( ( 1-4 Juni 2023 hingga s.d. \xff\xfe "
				   "Kamis (1/6) menggelar oleh \xe2\x80 ";
	size_t size = 2 * 1024 * 1024, i, ul = sizeof(unit) - 1;
	char *big = kb_malloc(size + 1);
	struct kb_event e;
	int64_t t0;
	int rc;

	for (i = 0; i < size; i++)
		big[i] = unit[i % ul];
	big[size] = '\0';
	t0 = kb_mono_ms();
	rc = kb_event_extract(big, big, pub_of("2023-06-01"), "Asia/Jakarta", &e);
	ok(rc == 1, "2 MiB of repeated event words: an event");
	ok(all_utf8(&e), "2 MiB: every string UTF-8");
	ok(kb_mono_ms() - t0 < 20000, "2 MiB: bounded time (%lld ms)", (long long)(kb_mono_ms() - t0));
	kb_event_free(&e);

	for (i = 0; i < size; i++)
		big[i] = (char)((i * 2654435761u) >> 13);
	big[size] = '\0';
	rc = kb_event_extract(NULL, big, pub_of("2023-06-01"), NULL, &e);
	ok(rc == 0 || rc == 1, "binary junk: no crash");
	ok(all_utf8(&e), "binary junk: every string UTF-8");
	kb_event_free(&e);

	memset(big, '9', size);
	rc = kb_event_extract(NULL, big, INT64_MAX, "No/Such_Zone", &e);
	is_int(rc, 0, "digits only, absurd publication time: no event");
	kb_event_free(&e);

	rc = kb_event_extract(NULL, "Pameran digelar 1-4 Juni 2023 di Gedung \xc0\xaf\xed\xa0\x80 Sate.",
			      pub_of("2023-06-01"), NULL, &e);
	is_int(rc, 1, "invalid UTF-8 in a venue: an event");
	ok(all_utf8(&e), "invalid UTF-8 in a venue: strings repaired");
	kb_event_free(&e);
	free(big);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < KB_ARRAY_LEN(forms); i++)
		run_case(&forms[i]);
	for (i = 0; i < KB_ARRAY_LEN(stories); i++)
		run_case(&stories[i]);
	for (i = 0; i < KB_ARRAY_LEN(none); i++)
		run_case(&none[i]);
	for (i = 0; i < KB_ARRAY_LEN(times); i++)
		run_time(&times[i]);
	test_exact();
	test_time_hostile();
	test_seed();
	test_hostile();
	return done_testing();
}
