/* event.c: the event a story reports (src/msme.h): its dates, start
 * time, venue, organizer and name, by rules over the tokens of the
 * title and the text.
 *
 * Dates. A date is "1 Juni 2023", "Kamis, 1 Juni 2023", "Kamis
 * (1/6/2023)", "Rabu (5/8)", "tanggal 12/07/2024", "hari ini", "besok",
 * "lusa", "Sabtu pekan depan" (that weekday of next week), "Sabtu
 * mendatang" (its next occurrence), ANTARA's bare weekday ("di Alun-alun,
 * Sabtu."; the one within three days of the publication). Months in
 * full, abbreviated (Agu, Agt, Ags, Sept, Nop...), old spellings
 * (Pebruari, Nopember) and in English; days Senin..Minggu, Jum'at, Ahad.
 * A range is "1-4 Juni 2023", "1 - 4 Juni", "12 hingga 14 Juli", "12
 * s.d. 14 Juli", "12 s/d 14", "12, 13 dan 14 Juli", "28 Juni - 2 Juli
 * 2023", "30 Desember 2023 - 2 Januari 2024", "5 Agustus hingga 6
 * Agustus 2022", "Kamis (24/11) hingga Minggu (27/11)", "Jumat-Minggu
 * (12-14/7)", "Sabtu dan Minggu (3-4/6)", "2-4/6", "Senin s.d. Rabu, 10
 * s.d. 12 Juli", "mulai hari ini hingga 13 Juni"; a range's missing year
 * comes from its other end; a range longer than 92 days is its first
 * date alone. A lone end ("hingga 13 Juni nanti", "berakhir Senin
 * (16/10)", "ditutup pada ...") takes its start from a single date up to
 * two sentences before (not one of a quote or dateline), else from the
 * publication date when the event is under way (berlangsung, digelar,
 * dibuka, sejak, masih...). "selama 9 hari", "digelar 9 hari", "selama
 * tiga (3) hari", "selama sepekan" near a single date make it a range
 * (end = start + 8). A one-day event has end -1.
 *
 * A year nowhere written comes from the publication date (its calendar
 * day in tz, Asia/Jakarta when tz is NULL): the year that puts the date
 * nearest to it; the next occurrence with future wording (akan, bakal,
 * nanti, mendatang, dijadwalkan...), the last one with "lalu" or
 * "kemarin" after the date or telah/sudah just before it. Without a
 * publication date the year most often written in the text is used,
 * else the date is dropped.
 *
 * Choosing among dates: each one scores its kind (a range 3, a lone end
 * merged with a start 3, a lone end 1.5, a single date 1, a relative one
 * 0.5), the event words of its sentence (a noun such as pameran, expo,
 * bazar, festival 3; a verb such as digelar, berlangsung, dibuka 2;
 * acara, kegiatan 1) and of the sentences next to it (2, 1), a written
 * year (0.3) and a lead word (pada, tanggal, mulai, sejak, digelar: 1).
 * Penalties: a deadline or registration nearby (pendaftaran, batas,
 * paling lambat) 6, a meeting (rapat, audiensi) 2, a single date of a
 * quote ("jelasnya kepada wartawan, Kamis (1/6/2023)", "di Solok, Rabu,
 * mengatakan") or a dateline ("JAKARTA, Kamis (1/6/2023) -") 5, a date
 * over 45 days before the publication (a past edition) 2, the title 0.5.
 * The best date with a positive score and event words (a verb at least)
 * in its sentence or next to it is the event's; none: no event (0).
 *
 * Time: the "pukul"/"jam"/"pkl" nearest the chosen date in its sentence
 * or the next ("pukul 08.30 - 16.00 WITA": 510), pagi/siang/sore/malam
 * read as 12-hour; a bare range with minutes at both ends and a zone or
 * colons ("09.00-17.00 WIB", "09:00-16:00") counts too. Its end comes
 * from the same expression only: "pukul 09.00-16.00 WIB", "pukul 08.00
 * WIB hingga 15.00 WIB", "s.d.", "sampai (dengan)", "hingga pukul
 * 16.00", "pukul 8 pagi hingga 4 sore" (960), "dibuka pukul 10.00 dan
 * ditutup pukul 21.00"; "hingga selesai", an end at or before the start
 * (past midnight) or at 24.00 is unknown (-1). Without a time near the
 * date, the first range given as daily hours ("Pameran dibuka setiap
 * hari pukul 09.00 hingga 21.00 WIB", not a seminar's, a contest's or a
 * press conference's) anywhere in the text gives both.
 *
 * Venue: a capitalized place phrase after "di", maybe after a lower-case
 * place word ("di halaman Balai Kota", "di kawasan ...") and scored
 * higher after bertempat, berlokasi, digelar, berlangsung,
 * diselenggarakan...: words, acronyms, "(TMII)", "Jl. X", small numbers,
 * up to the next clause. A place word (Gedung, Balai, Alun-alun, Plaza,
 * Taman, Hotel, Mall, GOR, JCC, JIExpo, ICE, TMII, Convention...) or the
 * chosen date's sentence is required. Normalization: whitespace
 * collapsed; a city after a closing parenthesis is set off by a comma
 * ("... (TMII) Jakarta" becomes "... (TMII), Jakarta"); one to three
 * capitalized words after a comma that close the clause are kept as the
 * city ("JCC, Jakarta", "Gedung Sate, Bandung").
 *
 * Organizer: the capitalized phrase before menggelar, menyelenggarakan,
 * mengadakan, menghelat (adverbs such as kembali, akan skipped, an
 * appositive ", Sumatera Barat," dropped) or after "diselenggarakan
 * oleh", "digelar oleh", "yang digelar X", "digelar Pemkot X",
 * "besutan X"; joined by dan, serta, &, bersama; an agency naming its
 * sectors with commas ("Dinas Koperasi, UKM, Perindustrian dan
 * Perdagangan") is one name. Normalization: a parenthesized acronym
 * replaces the words it abbreviates, when their initials appear in it in
 * order ("Kementerian Dalam Negeri (Kemendagri)" becomes "Kemendagri",
 * "Pemerintah Kota (Pemkot) Surabaya" "Pemkot Surabaya"); "X melalui Y"
 * becomes "X (Y)": "Kemendagri (Ditjen Polpum)".
 *
 * Name: a capitalized phrase holding an event word (Expo, Pameran,
 * Festival, Fest, Bazar, Fair, Gelar, Pekan, Karnaval, Inacraft,
 * Harkop...) of two words or more, with its acronym, year or ordinal
 * ("ke-5"), not after "di" (a venue such as Jatim Expo); a name after
 * "bertajuk"/"bernama" (in quotes or not); a capitalized phrase with a
 * year after a lower-case event word ("pameran BRIlianpreneur 2023").
 * One with a year, in the chosen date's sentence, scores higher; the
 * title is used only when the text has none ("Gelar" after a word is the
 * headline's verb there).
 *
 * Bounds: the first 4 KiB of the title and 256 KiB of the text, at most
 * 65536 tokens and 512 dates; each rule looks at a bounded window, so
 * the work is linear in the input. Memory comes from kb_malloc, which
 * aborts when it fails: the function never returns -1. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "item.h"
#include "msme.h"
#include "textscan.h"
#include "util.h"

#define TITLE_MAX      (4 * 1024)
#define TEXT_MAX       (256 * 1024)
#define TOK_MAX	       65536
#define LW_MAX	       24
#define CAND_MAX       512
#define RANGE_MAX_DAYS 92
#define OUT_MAX	       512
#define WIN	       40

enum { T_WORD = 1, T_NUM, T_PUNCT, T_BREAK };

#define F_CAP	0x01u /* first byte an ASCII capital */
#define F_UPPER 0x02u /* two letters or more, all capitals */
#define F_SPACE 0x04u /* white space before */
#define F_TITLE 0x08u
#define F_LONG	0x10u /* lw truncated */

struct tok {
	const char *s;
	uint32_t len;
	uint8_t type;
	uint8_t flags;
	int8_t month; /* 1..12 for a month word, else 0 */
	int8_t wday;  /* 0 Sunday .. 6 Saturday for a day name, else -1 */
	int32_t num;  /* T_NUM: value (-1 when too long); T_PUNCT: the character */
	int32_t sent; /* sentence number */
	char lw[LW_MAX];
};

struct point {
	int set;
	int y, m, d; /* y 0: not written */
	int rel;     /* 1: off days after the publication date */
	int off;
	int wday;     /* the weekday named, -1 none */
	int wnext;    /* 1: wday next week, 2: its next occurrence, 3: today or later */
	int numeric;  /* written d/m */
	int has_year; /* written */
};

enum { K_SINGLE = 1, K_RANGE, K_END };

struct dcand {
	int i0, i1; /* tokens */
	int kind;
	struct point a, b; /* K_END: b only */
	int64_t start, end;
	int ok;	  /* resolved */
	int ctx;  /* event words around */
	int from; /* K_END: the candidate that gave the start, or -1 */
	double score;
};

struct scan {
	struct tok *t;
	int n, cap;
	int has_pub;
	int64_t pubday;
	int pubyear;
	int textyear;
	struct dcand *c;
	int nc;
};

/* --- calendar (date.h) --- */

static int
year_of(int64_t days)
{
	int64_t y;
	int m, d;

	kb_civil_from_days(days, &y, &m, &d);
	return (int)y;
}

/* --- word lists --- */

/* A word and the number it stands for. */
struct word_num {
	const char *w;
	int n;
};

/* Month names: 1..12. */
static const struct word_num months[] = {
	{ "januari", 1 },   { "jan", 1 },	{ "january", 1 },   { "februari", 2 },	{ "pebruari", 2 },
	{ "feb", 2 },	    { "peb", 2 },	{ "february", 2 },  { "maret", 3 },	{ "mar", 3 },
	{ "march", 3 },	    { "april", 4 },	{ "apr", 4 },	    { "mei", 5 },	{ "may", 5 },
	{ "juni", 6 },	    { "jun", 6 },	{ "june", 6 },	    { "juli", 7 },	{ "jul", 7 },
	{ "july", 7 },	    { "agustus", 8 },	{ "agu", 8 },	    { "agt", 8 },	{ "ags", 8 },
	{ "agst", 8 },	    { "agus", 8 },	{ "aug", 8 },	    { "august", 8 },	{ "september", 9 },
	{ "sep", 9 },	    { "sept", 9 },	{ "oktober", 10 },  { "okt", 10 },	{ "oct", 10 },
	{ "october", 10 },  { "november", 11 }, { "nopember", 11 }, { "nov", 11 },	{ "nop", 11 },
	{ "desember", 12 }, { "des", 12 },	{ "dec", 12 },	    { "december", 12 },
};

/* Day names: 0 Sunday .. 6 Saturday. */
static const struct word_num wdays[] = {
	{ "senin", 1 },	 { "selasa", 2 }, { "rabu", 3 },   { "kamis", 4 }, { "jumat", 5 },
	{ "jumaat", 5 }, { "sabtu", 6 },  { "minggu", 0 }, { "ahad", 0 },
};

static const char *const nouns[] = { "pameran",	   "expo",   "ekspo",	 "bazar",     "bazaar",	   "bazzar",
				     "festival",   "fest",   "fair",	 "karnaval",  "carnival",  "exhibition",
				     "inacraft",   "harkop", "showcase", "gelaran",   "pagelaran", "pergelaran",
				     "perhelatan", "gebyar", "jamboree", "kriyanusa", "trade",	   NULL };
static const char *const verbs[] = { "digelar",	       "berlangsung", "diselenggarakan",  "dibuka",	"diadakan",
				     "dilaksanakan",   "menggelar",   "menyelenggarakan", "mengadakan", "dihelat",
				     "menghelat",      "gelar",	      "dimulai",	  "digelarnya", "dibukanya",
				     "berlangsungnya", "dipusatkan",  "bertempat",	  "berlokasi",	NULL };
static const char *const general[] = { "acara",	    "kegiatan",	  "event",     "agenda",    "ajang",	"lomba",
				       "kompetisi", "workshop",	  "pelatihan", "seminar",   "talkshow", "forum",
				       "launching", "peluncuran", "pembukaan", "penutupan", NULL };
static const char *const deadline[] = { "pendaftaran", "registrasi", "batas",  "lambat",       "selambat-lambatnya",
					"deadline",    "mendaftar",  "daftar", "mendaftarkan", NULL };
static const char *const meeting[] = { "rapat", "audiensi", "pertemuan", "koordinasi", "pers", "sidang", NULL };
static const char *const speech[] = {
	"kata",		"katanya",	"ujar",		"ujarnya",    "jelas",	       "jelasnya",
	"ungkap",	"ungkapnya",	"tutur",	"tuturnya",   "terang",	       "terangnya",
	"imbuh",	"imbuhnya",	"tambah",	"tambahnya",  "sebut",	       "sebutnya",
	"ucap",		"ucapnya",	"papar",	"paparnya",   "wartawan",      "jurnalis",
	"tegas",	"tegasnya",	"lanjut",	"lanjutnya",  "pungkas",       "pungkasnya",
	"dikonfirmasi", "ditemui",	"diwawancarai", "media",      "kepada",	       "terangkan",
	"mengatakan",	"menyampaikan", "menjelaskan",	"menuturkan", "mengungkapkan", "menyebutkan",
	"menegaskan",	"mengemukakan", "menerangkan",	"berkata",    "mengucapkan",   NULL
};
static const char *const future[] = { "akan",	     "bakal",	"nanti",  "mendatang", "rencananya", "direncanakan",
				      "dijadwalkan", "rencana", "segera", "depan",     NULL };
static const char *const past[] = { "telah", "sudah", "kemarin", "usai", "rampung", "sukses", NULL };
static const char *const underway[] = { "berlangsung",	   "digelar",	   "dibuka",  "sejak",	"masih",
					"diselenggarakan", "hadir",	   "dimulai", "sedang", "dihelat",
					"diadakan",	   "dilaksanakan", NULL };
static const char *const leadin[] = { "pada", "tanggal", "tgl", "mulai", "sejak", "dari", NULL };

/* Capitalized words that end a name, place or organizer phrase (title
 * case headlines capitalize them too). */
static const char *const stopcap[] = { "di",	      "ke",	   "dari",
				       "pada",	      "untuk",	   "bagi",
				       "dengan",      "dan",	   "yang",
				       "ini",	      "itu",	   "selama",
				       "hingga",      "sampai",	   "mulai",
				       "sejak",	      "akan",	   "bakal",
				       "kembali",     "segera",	   "resmi",
				       "sukses",      "meriah",	   "hadir",
				       "hadirkan",    "gelar",	   "digelar",
				       "dibuka",      "buka",	   "berlangsung",
				       "menggelar",   "dihelat",   "diselenggarakan",
				       "ramaikan",    "meriahkan", "padati",
				       "serbu",	      "sambangi",  "kunjungi",
				       "ikuti",	      "ikut",	   "tampil",
				       "tampilkan",   "pamerkan",  "dipamerkan",
				       "siap",	      "siapkan",   "catat",
				       "raup",	      "tarik",	   "sedot",
				       "dongkrak",    "dorong",	   "jadi",
				       "usung",	      "angkat",	   "targetkan",
				       "tembus",      "capai",	   "libatkan",
				       "boyong",      "bawa",	   "promosikan",
				       "perkenalkan", "kenalkan",  "tingkatkan",
				       "tanggal",     "pukul",	   "jam",
				       "wib",	      "wita",	   "wit",
				       "saat",	      "ketika",	   "usai",
				       "jelang",      "menjelang", "melalui",
				       "oleh",	      "bersama",   "serta",
				       "atau",	      "namun",	   "sementara",
				       "selain",      "dalam",	   "tahun",
				       "kali",	      "kini",	   "juga",
				       "pun",	      "para",	   "sebanyak",
				       "tak",	      "tidak",	   "lewat",
				       "bertempat",   "berlokasi", "bertajuk",
				       "bertema",     "tersebut",  "adalah",
				       "merupakan",   NULL };
/* Words before a name that are not part of it. */
static const char *const namelead[] = {
	"acara",      "ajang",	   "gelaran", "kegiatan",  "event",	 "perhelatan", "penyelenggaraan",
	"pembukaan",  "penutupan", "peserta", "stand",	   "stan",	 "booth",      "pengunjung",
	"kemeriahan", "suasana",   "agenda",  "pagelaran", "pergelaran", "rangkaian",  "puncak",
	"momen",      "momentum",  "lokasi",  NULL
};
/* Words before an organizer that are not part of it. */
static const char *const orglead[] = { "sementara", "kini",	   "tahun",	"ini",	      "selain",	  "dalam",
				       "untuk",	    "pada",	   "hari",	"saat",	      "bahkan",	  "sebelumnya",
				       "kemudian",  "adapun",	   "diketahui", "rencananya", "sebanyak", "namun",
				       "sedangkan", "lalu",	   "di",	"ke",	      "dari",	  "tak",
				       "tidak",	    "selanjutnya", "tercatat",	"sejak",      "mulai",	  "pekan",
				       "bulan",	    "setiap",	   "tiap",	"seperti",    "menurut",  "kali",
				       NULL };
static const char *const pronoun[] = { "ia",   "dia",	 "pihaknya", "kami",	"mereka",
				       "kita", "beliau", "saya",     "panitia", NULL };
static const char *const adverbs[] = { "kembali", "akan",     "bakal",	 "telah", "sudah",  "juga",   "pun",
				       "resmi",	  "berhasil", "sukses",	 "kini",  "rutin",  "segera", "tengah",
				       "sedang",  "baru",     "turut",	 "ikut",  "secara", "kerap",  "rencananya",
				       "pernah",  "rutin",    "bersiap", "siap",  "hendak", "ingin",  NULL };
/* Titles of people: a word after a venue's comma that starts a clause. */
static const char *const people[] = {
	"bapak",    "ibu",     "pak",	  "bu",		 "wali",       "wakil",	    "bupati",  "gubernur",
	"kepala",   "ketua",   "menteri", "direktur",	 "sekretaris", "presiden",  "camat",   "lurah",
	"kadis",    "sekda",   "plt",	  "pj",		 "dirut",      "asisten",   "kabid",   "kasi",
	"staf",	    "pemilik", "owner",	  "founder",	 "ceo",	       "manager",   "manajer", "koordinator",
	"panitia",  "anggota", "ia",	  "dia",	 "mereka",     "kami",	    "saya",    "pihaknya",
	"kapolres", "kapolda", "dandim",  "kapolsek",	 "wagub",      "wabup",	    "wawali",  "pemkot",
	"pemkab",   "pemprov", "dinas",	  "kementerian", "kemenkop",   "sedangkan", NULL
};
static const char *const venue_words[] = {
	"gedung",    "balai",	    "alun-alun", "alun",     "plaza",	   "plasa",    "taman",	     "hotel",
	"mall",	     "mal",	    "gor",	 "lapangan", "pendopo",	   "pendapa",  "convention", "center",
	"centre",    "jcc",	    "jiexpo",	 "ice",	     "bsd",	   "tmii",     "atrium",     "hall",
	"graha",     "stadion",	    "gelora",	 "aula",     "auditorium", "ballroom", "pasar",	     "monas",
	"kompleks",  "komplek",	    "benteng",	 "kawasan",  "sentra",	   "museum",   "galeri",     "gallery",
	"pantai",    "square",	    "dyandra",	 "smesco",   "kantor",	   "rumah",    "pusat",	     "halaman",
	"pelataran", "selasar",	    "lobi",	 "lobby",    "gelanggang", "terminal", "bandara",    "stasiun",
	"masjid",    "universitas", "kampus",	 "jalan",    "jl",	   "jln",      "kampung",    "grand",
	"city",	     "convex",	    "arena",	 "park",     "hutan",	   "waduk",    "bendungan",  "candi",
	"kebun",     "tugu",	    "lapang",	 "cfd",	     "istana",	   "pendapa",  "wisma",	     "sport",
	"kota",	     "kabupaten",   NULL
};
/* A place too vague to be a venue on its own. */
static const char *const generic_place[] = { "indonesia", "nusantara", "sini", "sana", NULL };

/* Lower-case words of a place before its name: "di halaman Balai Kota". */
static const char *const locative[] = { "halaman", "kawasan", "area",	   "pelataran", "depan",  "lapangan",
					"gedung",  "komplek", "kompleks",  "selasar",	"lobi",	  "atrium",
					"aula",	   "taman",   "alun-alun", "parkiran",	"parkir", "sekitar",
					"lantai",  "ruang",   "sepanjang", "jalan",	"pusat",  "arena",
					"venue",   "hall",    "basement",  "sentra",	"pasar",  NULL };
static const char *const venue_trigger[] = { "bertempat",   "berlokasi",       "digelar",
					     "berlangsung", "diselenggarakan", "dilaksanakan",
					     "diadakan",    "dipusatkan",      "dihelat",
					     "dibuka",	    "hadir",	       "digelarnya",
					     NULL };
static const char *const abbrev[] = { "jl",  "jln",  "no",	"kab",	  "kec", "kel", "prov", "dr",  "drs",
				      "ir",  "prof", "h",	"hj",	  "st",	 "kav", "rt",	"rw",  "bpk",
				      "sdr", "rp",   "tbk",	"pt",	  "cv",	 "ud",	"mt",	"kh",  "kol",
				      "let", "jend", "brigjen", "mayjen", "s",	 "d",	"ds",	"dsn", NULL };

static int
in_list(const char *w, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

/* --- tokens --- */

/* A UTF-8 sequence at p that acts as punctuation or space: its length,
 * with *kind ' ' (space), 'z' (ignored), '-', '"', '\'' or '.'; 0 when
 * p starts none. */
static int
special_seq(const unsigned char *p, const unsigned char *e, int *kind)
{
	*kind = 0;
	if (p[0] == 0xc2 && e - p >= 2 && p[1] == 0xa0) {
		*kind = ' ';
		return 2;
	}
	if (e - p < 3)
		return 0;
	if (p[0] == 0xe2 && p[1] == 0x80) {
		unsigned c = p[2];

		if (c <= 0x8a || c == 0xa8 || c == 0xa9 || c == 0xaf)
			*kind = ' ';
		else if (c >= 0x8b && c <= 0x8f)
			*kind = 'z';
		else if (c >= 0x90 && c <= 0x95)
			*kind = '-';
		else if (c >= 0x98 && c <= 0x9b)
			*kind = '\'';
		else if (c >= 0x9c && c <= 0x9f)
			*kind = '"';
		else if (c == 0xa6)
			*kind = '.';
		return *kind ? 3 : 0;
	}
	if (p[0] == 0xe2 && p[1] == 0x88 && p[2] == 0x92) {
		*kind = '-';
		return 3;
	}
	if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
		*kind = ' ';
		return 3;
	}
	if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		*kind = 'z';
		return 3;
	}
	return 0;
}

/* The number table[0..n) gives lw, else none. */
static int
word_num(const char *lw, const struct word_num *table, size_t n, int none)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(lw, table[i].w) == 0)
			return table[i].n;
	return none;
}

static int
month_of(const char *lw)
{
	return word_num(lw, months, KB_ARRAY_LEN(months), 0);
}

static int
wday_of(const char *lw)
{
	return word_num(lw, wdays, KB_ARRAY_LEN(wdays), -1);
}

/* Lower-case copy of a word without apostrophes, truncated to LW_MAX. */
static int
lower_word(const unsigned char *p, size_t len, char *out)
{
	size_t i, o = 0;
	int kind, l;

	for (i = 0; i < len; i++) {
		if (p[i] == '\'')
			continue;
		if (p[i] >= 0x80) {
			l = special_seq(p + i, p + len, &kind);
			if (l > 0 && kind == '\'') {
				i += (size_t)l - 1;
				continue;
			}
		}
		if (o + 1 >= LW_MAX) {
			out[o] = '\0';
			return 1;
		}
		out[o++] = kb_ascii_tolower((char)p[i]);
	}
	out[o] = '\0';
	return 0;
}

static struct tok *
add_tok(struct scan *s, const unsigned char *p, size_t len, int type, unsigned flags)
{
	struct tok *t;

	if (s->n >= s->cap)
		return NULL;
	t = &s->t[s->n++];
	memset(t, 0, sizeof(*t));
	t->s = (const char *)p;
	t->len = (uint32_t)len;
	t->type = (uint8_t)type;
	t->flags = (uint8_t)flags;
	t->wday = -1;
	return t;
}

static void
add_break(struct scan *s)
{
	if (s->n > 0 && s->t[s->n - 1].type != T_BREAK)
		add_tok(s, (const unsigned char *)"", 0, T_BREAK, 0);
}

/* Is the word between w and p (so far) a day or month name? Then a
 * hyphen after it separates ("Senin-Rabu"). */
static int
date_word(const unsigned char *w, const unsigned char *p)
{
	char lw[LW_MAX];

	if (p - w >= LW_MAX)
		return 0;
	lower_word(w, (size_t)(p - w), lw);
	return month_of(lw) > 0 || wday_of(lw) >= 0;
}

static const unsigned char *
scan_word(const unsigned char *p, const unsigned char *e)
{
	const unsigned char *w = p;
	int kind, l;

	while (p < e) {
		if (kb_ascii_alpha(*p) || kb_ascii_digit(*p)) {
			p++;
			continue;
		}
		if (*p >= 0x80) {
			l = special_seq(p, e, &kind);
			if (l == 0) {
				p++;
				continue;
			}
			if (kind == '\'' && p + l < e && kb_ascii_alpha(p[l])) {
				p += l;
				continue;
			}
			break;
		}
		if ((*p == '-' || *p == '\'') && p + 1 < e && kb_ascii_alpha(p[1]) && p > w &&
		    (kb_ascii_alpha(p[-1]) || p[-1] >= 0x80) && !(*p == '-' && date_word(w, p))) {
			p++;
			continue;
		}
		break;
	}
	return p;
}

static void
tokenize(struct scan *s, const char *str, size_t n, unsigned extra)
{
	const unsigned char *p = (const unsigned char *)str, *e = p + n, *q;
	unsigned space = F_SPACE;
	int nl = 0, kind, l;
	struct tok *t;

	while (p < e && s->n < s->cap) {
		if (*p == '\n') {
			nl++;
			space = F_SPACE;
			p++;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v' || *p == '\0') {
			space = F_SPACE;
			p++;
			continue;
		}
		l = *p >= 0x80 ? special_seq(p, e, &kind) : 0;
		if (l > 0 && kind == ' ') {
			space = F_SPACE;
			p += l;
			continue;
		}
		if (l > 0 && kind == 'z') {
			p += l;
			continue;
		}
		if (nl >= 2)
			add_break(s);
		nl = 0;
		if (l > 0) {
			t = add_tok(s, p, (size_t)l, T_PUNCT, space | extra);
			if (t != NULL)
				t->num = kind;
			p += l;
		} else if (kb_ascii_digit(*p)) {
			q = p;
			while (q < e && kb_ascii_digit(*q))
				q++;
			t = add_tok(s, p, (size_t)(q - p), T_NUM, space | extra);
			if (t != NULL) {
				long v = 0;
				const unsigned char *r;

				if (q - p <= 9)
					for (r = p; r < q; r++)
						v = v * 10 + (*r - '0');
				else
					v = -1;
				t->num = (int32_t)v;
			}
			p = q;
		} else if (kb_ascii_alpha(*p) || *p >= 0x80) {
			size_t k, letters = 0, lower = 0;

			q = scan_word(p, e);
			if (q == p)
				q = p + 1;
			t = add_tok(s, p, (size_t)(q - p), T_WORD, space | extra);
			if (t != NULL) {
				if (*p >= 'A' && *p <= 'Z')
					t->flags |= F_CAP;
				for (k = 0; k < (size_t)(q - p); k++) {
					if (kb_ascii_alpha(p[k]))
						letters++;
					if (p[k] >= 'a' && p[k] <= 'z')
						lower++;
				}
				if (letters >= 2 && lower == 0)
					t->flags |= F_UPPER;
				if (lower_word(p, (size_t)(q - p), t->lw))
					t->flags |= F_LONG;
				else {
					t->month = (int8_t)month_of(t->lw);
					t->wday = (int8_t)wday_of(t->lw);
				}
			}
			p = q;
		} else {
			t = add_tok(s, p, 1, T_PUNCT, space | extra);
			if (t != NULL)
				t->num = *p;
			p++;
		}
		space = 0;
	}
}

static int
is_word(const struct scan *s, int i, const char *w)
{
	return i >= 0 && i < s->n && s->t[i].type == T_WORD && !(s->t[i].flags & F_LONG) && strcmp(s->t[i].lw, w) == 0;
}

static int
word_in(const struct scan *s, int i, const char *const *list)
{
	return i >= 0 && i < s->n && s->t[i].type == T_WORD && !(s->t[i].flags & F_LONG) && in_list(s->t[i].lw, list);
}

static int
is_punct(const struct scan *s, int i, int c)
{
	return i >= 0 && i < s->n && s->t[i].type == T_PUNCT && s->t[i].num == c;
}

static int
is_cap(const struct scan *s, int i)
{
	return i >= 0 && i < s->n && s->t[i].type == T_WORD && (s->t[i].flags & (F_CAP | F_UPPER));
}

static int
same_sent(const struct scan *s, int i, int j)
{
	return i >= 0 && j >= 0 && i < s->n && j < s->n && s->t[i].sent == s->t[j].sent;
}

/* Sentence numbers: a break, or . ! ? before a capital or a quote. */
static void
sentences(struct scan *s)
{
	int i, sent = 0;

	for (i = 0; i < s->n; i++) {
		struct tok *t = &s->t[i];

		t->sent = sent;
		if (t->type == T_BREAK) {
			sent++;
			continue;
		}
		if (t->type == T_PUNCT && (t->num == '.' || t->num == '!' || t->num == '?') && i + 1 < s->n) {
			const struct tok *nx = &s->t[i + 1];

			if (t->num == '.' && i > 0 && s->t[i - 1].type == T_WORD &&
			    (word_in(s, i - 1, abbrev) || s->t[i - 1].len == 1))
				continue;
			if ((nx->flags & F_SPACE) && (nx->flags & (F_CAP | F_UPPER) || nx->type == T_NUM ||
						      (nx->type == T_PUNCT && (nx->num == '"' || nx->num == '\''))))
				sent++;
		}
	}
}

/* --- dates --- */

static int
p_day(const struct scan *s, int i)
{
	if (i >= 0 && i < s->n && s->t[i].type == T_NUM && s->t[i].len <= 2 && s->t[i].num >= 1 && s->t[i].num <= 31)
		return s->t[i].num;
	return 0;
}

static int
p_year(const struct scan *s, int i)
{
	if (i >= 0 && i < s->n && s->t[i].type == T_NUM && s->t[i].len == 4 && s->t[i].num >= 1900 &&
	    s->t[i].num <= 2100)
		return s->t[i].num;
	return 0;
}

/* A month word at i: its number, *next after it (and after the full stop
 * of an abbreviation). */
static int
p_month(const struct scan *s, int i, int *next)
{
	const struct tok *t;

	if (i < 0 || i >= s->n || s->t[i].type != T_WORD || s->t[i].month == 0)
		return 0;
	t = &s->t[i];
	*next = i + 1;
	if (strlen(t->lw) <= 4 && is_punct(s, i + 1, '.') && !(s->t[i + 1].flags & F_SPACE) && p_year(s, i + 2))
		*next = i + 2;
	return t->month;
}

/* "tanggal" or "tgl." at j, if written: the index after it, else j. */
static int
p_tanggal(const struct scan *s, int j)
{
	if (!is_word(s, j, "tanggal") && !is_word(s, j, "tgl"))
		return j;
	j++;
	if (is_punct(s, j, '.'))
		j++;
	return j;
}

/* A separator of a range: -, hingga, sampai (dengan), s.d., s/d, sd.
 * The index after it, or -1. */
static int
sep_end(const struct scan *s, int i)
{
	int j = -1;

	if (is_punct(s, i, '-')) {
		j = i + 1;
		if (is_punct(s, j, '-'))
			j++;
	} else if (is_word(s, i, "hingga") || is_word(s, i, "sampai") || is_word(s, i, "sampe") ||
		   is_word(s, i, "sd") || is_word(s, i, "until")) {
		j = i + 1;
		if (is_word(s, j, "dengan"))
			j++;
	} else if (is_word(s, i, "s") && (is_punct(s, i + 1, '.') || is_punct(s, i + 1, '/')) &&
		   is_word(s, i + 2, "d")) {
		j = i + 3;
		if (is_punct(s, j, '.'))
			j++;
	}
	return j;
}

/* A separator of a date range, then "tanggal" if written: the index
 * after it, or -1. */
static int
p_sep(const struct scan *s, int i)
{
	int j = sep_end(s, i);

	if (j < 0)
		return -1;
	return p_tanggal(s, j);
}

/* A weekday name, then a comma and "tanggal" if written: the index after,
 * or -1. */
static int
p_wday(const struct scan *s, int i, int *w)
{
	int j;

	if (i < 0 || i >= s->n || s->t[i].type != T_WORD || s->t[i].wday < 0)
		return -1;
	*w = s->t[i].wday;
	j = i + 1;
	if (is_punct(s, j, ','))
		j++;
	return p_tanggal(s, j);
}

/* d/m[/y], in parentheses or not: the index after, or -1. */
static int
p_numeric(const struct scan *s, int i, struct point *pt)
{
	int j = i, paren = 0, d, m, y = 0;

	if (is_punct(s, j, '(')) {
		paren = 1;
		j++;
	}
	d = p_day(s, j);
	if (d == 0 || !is_punct(s, j + 1, '/') || p_day(s, j + 2) == 0 || s->t[j + 2].num > 12)
		return -1;
	m = s->t[j + 2].num;
	j += 3;
	if (is_punct(s, j, '/') && j + 1 < s->n && s->t[j + 1].type == T_NUM) {
		if (s->t[j + 1].len == 4)
			y = p_year(s, j + 1);
		else if (s->t[j + 1].len == 2)
			y = 2000 + s->t[j + 1].num;
		if (y == 0)
			return -1;
		j += 2;
	}
	if (paren) {
		if (!is_punct(s, j, ')'))
			return -1;
		j++;
	}
	pt->set = 1;
	pt->d = d;
	pt->m = m;
	pt->y = y;
	pt->has_year = y != 0;
	pt->numeric = 1;
	return j;
}

/* One date at i (see the file comment): the index after it, or -1. */
static int
p_point(const struct scan *s, int i, int numeric_ok, struct point *pt)
{
	int j = i, w = -1, k, m, next, d;

	memset(pt, 0, sizeof(*pt));
	pt->wday = -1;
	k = p_wday(s, i, &w);
	if (k > 0)
		j = k;
	d = p_day(s, j);
	m = d ? p_month(s, j + 1, &next) : 0;
	if (m > 0) {
		pt->set = 1;
		pt->d = d;
		pt->m = m;
		pt->wday = w;
		pt->y = p_year(s, next);
		pt->has_year = pt->y != 0;
		return pt->y ? next + 1 : next;
	}
	if (w >= 0 || numeric_ok) {
		k = p_numeric(s, j, pt);
		if (k > 0) {
			pt->wday = w;
			return k;
		}
	}
	if (w >= 0 && (s->t[i].flags & F_CAP) &&
	    (is_punct(s, i - 1, ',') || is_word(s, i - 1, "pada") || is_word(s, i - 1, "hari")) &&
	    (is_punct(s, i + 1, ',') || is_punct(s, i + 1, '.') || is_punct(s, i + 1, ')') ||
	     is_word(s, i + 1, "pagi") || is_word(s, i + 1, "siang") || is_word(s, i + 1, "sore") ||
	     is_word(s, i + 1, "malam") || (i + 1 < s->n && s->t[i + 1].type == T_BREAK))) {
		/* ANTARA's bare weekday: "di Alun-alun, Sabtu." */
		pt->wday = w;
		pt->set = 1;
		pt->wnext = 4;
		return i + 1;
	}
	if (w >= 0 && !is_word(s, i, "minggu")) {
		pt->wday = w;
		if ((is_word(s, i + 1, "pekan") || is_word(s, i + 1, "minggu")) && is_word(s, i + 2, "depan")) {
			pt->set = 1;
			pt->wnext = 1;
			return i + 3;
		}
		if (is_word(s, i + 1, "depan") || is_word(s, i + 1, "mendatang") || is_word(s, i + 1, "nanti") ||
		    is_word(s, i + 1, "besok")) {
			pt->set = 1;
			pt->wnext = 2;
			return i + 2;
		}
		if (is_word(s, i + 1, "ini")) {
			pt->set = 1;
			pt->wnext = 3;
			return i + 2;
		}
		return -1;
	}
	if (w >= 0)
		return -1;
	if (is_word(s, i, "hari") && is_word(s, i + 1, "ini")) {
		pt->set = 1;
		pt->rel = 1;
		return i + 2;
	}
	if (is_word(s, i, "besok") || is_word(s, i, "esok")) {
		pt->set = 1;
		pt->rel = 1;
		pt->off = 1;
		return is_word(s, i + 1, "hari") ? i + 2 : i + 1;
	}
	if (is_word(s, i, "lusa")) {
		pt->set = 1;
		pt->rel = 1;
		pt->off = 2;
		return i + 1;
	}
	return -1;
}

static void
cal_point(struct point *p, int d, int m, int y)
{
	memset(p, 0, sizeof(*p));
	p->set = 1;
	p->d = d;
	p->m = m;
	p->y = y;
	p->has_year = y != 0;
	p->wday = -1;
}

/* d1-d2 Month [Year] and d1, d2 dan d3 Month [Year]. */
static int
p_dayrange(const struct scan *s, int i, struct dcand *c)
{
	int d1 = p_day(s, i), d2, last, cnt = 1, fin = 0, j, k, m, next, y;

	if (d1 == 0)
		return -1;
	k = p_sep(s, i + 1);
	d2 = k > 0 ? p_day(s, k) : 0;
	if (d2 > d1) {
		m = p_month(s, k + 1, &next);
		if (m > 0) {
			y = p_year(s, next);
			cal_point(&c->a, d1, m, y);
			cal_point(&c->b, d2, m, y);
			c->kind = K_RANGE;
			return y ? next + 1 : next;
		}
	}
	j = i + 1;
	last = d1;
	while (j < s->n && cnt < 10) {
		if (is_punct(s, j, ',')) {
			j++;
			if (is_word(s, j, "dan") || is_word(s, j, "serta") || is_punct(s, j, '&')) {
				j++;
				fin = 1;
			}
		} else if (is_word(s, j, "dan") || is_word(s, j, "serta") || is_punct(s, j, '&')) {
			j++;
			fin = 1;
		} else {
			return -1;
		}
		d2 = p_day(s, j);
		if (d2 <= last)
			return -1;
		last = d2;
		cnt++;
		j++;
		if (fin)
			break;
	}
	if (!fin)
		return -1;
	m = p_month(s, j, &next);
	if (m == 0)
		return -1;
	y = p_year(s, next);
	cal_point(&c->a, d1, m, y);
	cal_point(&c->b, last, m, y);
	c->kind = K_RANGE;
	return y ? next + 1 : next;
}

/* (d1-d2/m[/y]) after "Jumat-Minggu". */
static int
p_numrange(const struct scan *s, int i, struct dcand *c)
{
	int j = i, paren = 0, d1, d2, m, y = 0, k;

	if (is_punct(s, j, '(')) {
		paren = 1;
		j++;
	}
	d1 = p_day(s, j);
	k = d1 ? p_sep(s, j + 1) : -1;
	d2 = k > 0 ? p_day(s, k) : 0;
	if (d2 <= d1 || !is_punct(s, k + 1, '/') || p_day(s, k + 2) == 0 || s->t[k + 2].num > 12)
		return -1;
	m = s->t[k + 2].num;
	j = k + 3;
	if (is_punct(s, j, '/') && p_year(s, j + 1)) {
		y = p_year(s, j + 1);
		j += 2;
	}
	if (paren) {
		if (!is_punct(s, j, ')'))
			return -1;
		j++;
	}
	cal_point(&c->a, d1, m, y);
	cal_point(&c->b, d2, m, y);
	c->a.numeric = c->b.numeric = 1;
	c->kind = K_RANGE;
	return j;
}

/* A date or a range at i: fills c (kind, a, b), returns the index after,
 * or -1. */
static int
p_date(const struct scan *s, int i, struct dcand *c)
{
	int numeric = is_word(s, i - 1, "tanggal") || is_word(s, i - 1, "tgl"), w, j, k, r, r2;
	struct point a, b;

	memset(c, 0, sizeof(*c));
	c->from = -1;
	if (s->t[i].type != T_WORD && s->t[i].type != T_NUM)
		return -1;
	if (s->t[i].wday >= 0) {
		k = is_word(s, i + 1, "dan") ? i + 2 : p_sep(s, i + 1);
		if (k > 0 && k < s->n && s->t[k].wday >= 0 && s->t[k].type == T_WORD) {
			j = k + 1;
			if (is_punct(s, j, ','))
				j++;
			r = p_numrange(s, j, c);
			if (r < 0)
				r = p_dayrange(s, j, c);
			if (r > 0)
				return r;
		}
		j = p_wday(s, i, &w);
		r = j > 0 ? p_dayrange(s, j, c) : -1;
		if (r > 0)
			return r;
	}
	r = p_dayrange(s, i, c);
	if (r < 0)
		r = p_numrange(s, i, c);
	if (r > 0)
		return r;
	memset(c, 0, sizeof(*c));
	c->from = -1;
	r = p_point(s, i, numeric, &a);
	if (r < 0)
		return -1;
	k = p_sep(s, r);
	if (k > 0) {
		r2 = p_point(s, k, a.numeric || numeric, &b);
		if (r2 > 0) {
			c->a = a;
			c->b = b;
			c->kind = K_RANGE;
			return r2;
		}
	}
	c->a = a;
	c->kind = K_SINGLE;
	return r;
}

/* Does a separator word (not a dash), or a word for the last day
 * ("berakhir pada", "ditutup"), end right before i? */
static int
sep_before(const struct scan *s, int i)
{
	int j = i - 1;

	for (; j >= 0 && j >= i - 5; j--)
		if (!is_punct(s, j, '-') && p_sep(s, j) == i)
			return 1;
	j = i - 1;
	if (is_word(s, j, "pada") || is_word(s, j, "tanggal"))
		j--;
	return is_word(s, j, "berakhir") || is_word(s, j, "ditutup") || is_word(s, j, "usai") ||
	       is_word(s, j, "selesai");
}

/* The direction in which to look for a missing year: 1 forward (future
 * wording), -1 back ("lalu"), 0 nearest. */
static int
direction(const struct scan *s, const struct dcand *c)
{
	int j, fut = 0, pst = 0;

	if (is_word(s, c->i1, "lalu") || is_word(s, c->i1, "kemarin"))
		return -1;
	if (is_word(s, c->i1, "nanti") || is_word(s, c->i1, "mendatang"))
		return 1;
	for (j = c->i0 - 1; j >= 0 && j >= c->i0 - WIN && same_sent(s, j, c->i0); j--) {
		if (word_in(s, j, future))
			fut = 1;
		if (j >= c->i0 - 8 && word_in(s, j, past))
			pst = 1;
	}
	if (fut && !pst)
		return 1;
	if (pst && !fut)
		return -1;
	return 0;
}

/* The day of p. anchor (when has_anchor): the first day it may fall on
 * (a range's end). dir: see direction(). 0, or -1 when it cannot be
 * placed. */
static int
resolve_point(const struct scan *s, const struct point *p, int dir, int has_anchor, int64_t anchor, int64_t *out)
{
	int y, best_y = 0, py;
	int64_t best = 0, day;

	if (p->rel) {
		if (!s->has_pub)
			return -1;
		*out = s->pubday + p->off;
		return 0;
	}
	if (p->wnext) {
		int pw, delta;

		if (!s->has_pub)
			return -1;
		pw = kb_weekday(s->pubday);
		if (p->wnext == 1) {
			int64_t mon = s->pubday - (pw + 6) % 7;

			*out = mon + 7 + (p->wday + 6) % 7;
			return 0;
		}
		delta = (p->wday - pw + 7) % 7;
		if (p->wnext == 4 && delta > 3)
			delta -= 7; /* the nearest: three days back to three ahead */
		if (delta == 0 && p->wnext == 2)
			delta = 7;
		*out = s->pubday + delta;
		return 0;
	}
	if (p->m < 1 || p->m > 12 || p->d < 1)
		return -1;
	if (p->y) {
		if (p->d > kb_days_in_month(p->y, p->m))
			return -1;
		*out = kb_days_from_civil(p->y, p->m, p->d);
		return 0;
	}
	if (has_anchor) {
		int ay = year_of(anchor);

		for (y = ay; y <= ay + 1; y++) {
			if (p->d > kb_days_in_month(y, p->m))
				continue;
			day = kb_days_from_civil(y, p->m, p->d);
			if (day >= anchor) {
				*out = day;
				return 0;
			}
		}
		return -1;
	}
	if (!s->has_pub) {
		if (s->textyear == 0 || p->d > kb_days_in_month(s->textyear, p->m))
			return -1;
		*out = kb_days_from_civil(s->textyear, p->m, p->d);
		return 0;
	}
	py = s->pubyear;
	for (y = py - 1; y <= py + 1; y++) {
		int64_t dist;

		if (p->d > kb_days_in_month(y, p->m))
			continue;
		day = kb_days_from_civil(y, p->m, p->d);
		if (dir > 0 && day < s->pubday)
			continue;
		if (dir < 0 && day > s->pubday)
			continue;
		dist = day > s->pubday ? day - s->pubday : s->pubday - day;
		if (best_y == 0 || dist < (best > s->pubday ? best - s->pubday : s->pubday - best)) {
			best = day;
			best_y = y;
		}
	}
	if (best_y == 0 && dir != 0)
		return resolve_point(s, p, 0, 0, 0, out);
	if (best_y == 0)
		return -1;
	*out = best;
	return 0;
}

static int
md_le(const struct point *a, const struct point *b)
{
	return a->m < b->m || (a->m == b->m && a->d <= b->d);
}

static int
calendar(const struct point *p)
{
	return !p->rel && !p->wnext;
}

static int
resolve_range(const struct scan *s, struct dcand *c)
{
	struct point a = c->a, b = c->b;
	int dir = direction(s, c);
	int64_t sa, sb;

	if (calendar(&a) && calendar(&b)) {
		if (!a.y && b.y)
			a.y = md_le(&a, &b) ? b.y : b.y - 1;
	}
	if (resolve_point(s, &a, dir, 0, 0, &sa) < 0)
		return -1;
	if (resolve_point(s, &b, dir, 1, sa, &sb) < 0 || sb < sa || sb - sa > RANGE_MAX_DAYS) {
		/* not a range after all: the first date alone */
		c->kind = K_SINGLE;
		memset(&c->b, 0, sizeof(c->b));
		c->start = sa;
		c->end = -1;
		return 0;
	}
	c->start = sa;
	c->end = sb > sa ? sb : -1;
	return 0;
}

static int
sent_has(const struct scan *s, int i, const char *const *list)
{
	int j;

	for (j = i; j >= 0 && j > i - WIN && same_sent(s, j, i); j--)
		if (word_in(s, j, list))
			return 1;
	for (j = i + 1; j < s->n && j < i + WIN && same_sent(s, j, i); j++)
		if (word_in(s, j, list))
			return 1;
	return 0;
}

/* Is the single date c when something was said or reported: a speech
 * verb next to it ("ujarnya kepada wartawan, Kamis (1/6/2023)", "di
 * Solok, Rabu, mengatakan") or a dateline ("JAKARTA, Kamis (1/6/2023)
 * -")? */
static int
reported(const struct scan *s, const struct dcand *c)
{
	int j, first = c->i0;

	for (j = c->i0 - 6 > 0 ? c->i0 - 6 : 0; j < c->i1 + 3 && j < s->n; j++)
		if (same_sent(s, j, c->i0) && (j < c->i0 || j >= c->i1) && word_in(s, j, speech))
			return 1;
	while (first > 0 && same_sent(s, first - 1, c->i0))
		first--;
	return c->i0 - first <= 4 && c->i0 > first && (s->t[first].flags & F_UPPER) && is_punct(s, c->i0 - 1, ',');
}

static void
resolve(struct scan *s, int ci)
{
	struct dcand *c = &s->c[ci];
	int64_t e;
	int k;

	c->ok = 0;
	c->start = c->end = -1;
	if (c->kind == K_RANGE) {
		c->ok = resolve_range(s, c) == 0;
		return;
	}
	if (c->kind == K_SINGLE) {
		if (resolve_point(s, &c->a, direction(s, c), 0, 0, &c->start) == 0)
			c->ok = 1;
		return;
	}
	/* K_END: a start before it, else the publication date */
	if (resolve_point(s, &c->b, direction(s, c), 0, 0, &e) < 0)
		return;
	for (k = ci - 1; k >= 0; k--) {
		const struct dcand *p = &s->c[k];

		if (s->t[p->i0].sent + 2 < s->t[c->i0].sent)
			break;
		if (!p->ok || p->kind != K_SINGLE || p->start > e || e - p->start > RANGE_MAX_DAYS || reported(s, p))
			continue;
		c->start = p->start;
		c->end = e > p->start ? e : -1;
		c->from = k;
		c->ok = 1;
		return;
	}
	if (s->has_pub && sent_has(s, c->i0, underway) && s->pubday <= e && e - s->pubday <= RANGE_MAX_DAYS) {
		c->start = s->pubday;
		c->end = e > s->pubday ? e : -1;
		c->ok = 1;
	}
}

static void
score(struct scan *s, struct dcand *c)
{
	int j, sent = s->t[c->i0].sent, noun = 0, verb = 0, gen = 0, anoun = 0, averb = 0;
	int lo = c->i0 - WIN > 0 ? c->i0 - WIN : 0, hi = c->i1 + WIN < s->n ? c->i1 + WIN : s->n;
	double sc;

	for (j = lo; j < hi; j++) {
		const struct tok *t = &s->t[j];
		int ds = t->sent - sent, isnoun;

		if (t->type != T_WORD || (t->flags & F_LONG) || ds < -1 || ds > 1)
			continue;
		isnoun = in_list(t->lw, nouns) ||
			 (strlen(t->lw) > 4 && (strstr(t->lw, "expo") || strstr(t->lw, "fest")));
		if (ds == 0) {
			noun |= isnoun;
			verb |= in_list(t->lw, verbs);
			gen |= in_list(t->lw, general);
		} else {
			anoun |= isnoun;
			averb |= in_list(t->lw, verbs);
		}
	}
	c->ctx = 3 * noun + 2 * verb + gen + 2 * anoun + averb;
	if (c->kind == K_RANGE || (c->kind == K_END && c->from >= 0))
		sc = 3;
	else if (c->kind == K_END)
		sc = 1.5;
	else if (c->a.rel || c->a.wnext)
		sc = 0.5;
	else
		sc = 1;
	sc += c->ctx;
	if (c->a.has_year || c->b.has_year)
		sc += 0.3;
	for (j = c->i0 - 1; j >= 0 && j >= c->i0 - 3; j--)
		if (word_in(s, j, leadin) || word_in(s, j, verbs)) {
			sc += 1;
			break;
		}
	for (j = c->i0 - 8 > 0 ? c->i0 - 8 : 0; j < c->i1 + 3 && j < s->n; j++) {
		if (!same_sent(s, j, c->i0))
			continue;
		if (word_in(s, j, deadline)) {
			sc -= 6;
			break;
		}
	}
	for (j = c->i0 - 8 > 0 ? c->i0 - 8 : 0; j < c->i1 + 3 && j < s->n; j++) {
		if (same_sent(s, j, c->i0) && word_in(s, j, meeting)) {
			sc -= 2;
			break;
		}
	}
	if (c->kind == K_SINGLE && reported(s, c))
		sc -= 5;
	if (s->t[c->i0].flags & F_TITLE)
		sc -= 0.5;
	/* news reports what is on or coming: long past dates are other events */
	if (s->has_pub && (c->end >= 0 ? c->end : c->start) < s->pubday - 45)
		sc -= 2;
	sc -= 0.0001 * c->i0;
	c->score = sc;
}

/* "selama N hari": the number of days, or 0. */
static int
duration(const struct scan *s, int i)
{
	static const char *const numw[] = { "satu",  "dua",	"tiga",	    "empat",   "lima",	  "enam",
					    "tujuh", "delapan", "sembilan", "sepuluh", "sebelas", NULL };
	static const char *const lasted[] = { "digelar", "berlangsung", "diselenggarakan", "dilaksanakan", "diadakan",
					      "dihelat", NULL };
	int j = i + 1, n = 0, k;

	if (word_in(s, i, lasted) && is_word(s, j, "selama"))
		j++;
	else if (!is_word(s, i, "selama") && !word_in(s, i, lasted))
		return 0;
	if (is_word(s, j, "sehari"))
		return 1;
	if (is_word(s, j, "sepekan") || is_word(s, j, "seminggu"))
		return 7;
	if (j < s->n && s->t[j].type == T_NUM && s->t[j].num > 0 && s->t[j].num < 100) {
		n = s->t[j].num;
		j++;
	} else {
		for (k = 0; numw[k] != NULL; k++)
			if (is_word(s, j, numw[k])) {
				n = k + 1;
				j++;
				if (n < 10 && is_word(s, j, "belas")) {
					n += 10;
					j++;
				}
				break;
			}
	}
	if (n == 0)
		return 0;
	if (is_punct(s, j, '(')) {
		for (k = j + 1; k < s->n && k < j + 5 && !is_punct(s, k, ')'); k++)
			;
		if (!is_punct(s, k, ')'))
			return 0;
		j = k + 1;
	}
	if (is_word(s, j, "hari"))
		return n;
	if (is_word(s, j, "pekan") || is_word(s, j, "minggu"))
		return n * 7;
	return 0;
}

/* --- clock times --- */

#define CL_MIN	 0x01u /* minutes written: "08.30", "19:00" */
#define CL_COLON 0x02u /* with a colon */
#define CL_ZONE	 0x04u /* WIB, WITA or WIT after */
#define CL_PART	 0x08u /* a part of the day after: pagi, siang, sore... */

/* A clock time as written. */
struct clock {
	int h, m; /* h 0..24, m 0..59 */
	int pm;	  /* 1: a word that puts an hour before 12 after noon */
	unsigned how;
	int num; /* the token after the number and its minutes */
	int end; /* the token after the words that follow */
};

static const char *const zones[] = { "wib", "wita", "wit", NULL };

/* "08.30", "8", "19:00" at token j, then a part of the day ("pagi",
 * "sore", "malam", "pm"...) and a zone (WIB, WITA, WIT): 1 with *c, 0
 * when j starts no clock time. */
static int
clock_num(const struct scan *s, int j, struct clock *c)
{
	static const char *const am[] = { "pagi", "am", NULL };
	static const char *const pm[] = { "sore", "petang", "malam", "pm", NULL };

	memset(c, 0, sizeof(*c));
	if (j < 0 || j >= s->n || s->t[j].type != T_NUM || s->t[j].len > 2 || s->t[j].num > 24)
		return 0;
	c->h = s->t[j].num;
	j++;
	if ((is_punct(s, j, '.') || is_punct(s, j, ':')) && j + 1 < s->n && s->t[j + 1].type == T_NUM &&
	    s->t[j + 1].len == 2 && !(s->t[j].flags & F_SPACE) && !(s->t[j + 1].flags & F_SPACE)) {
		if (s->t[j + 1].num > 59)
			return 0;
		c->m = s->t[j + 1].num;
		c->how |= CL_MIN;
		if (is_punct(s, j, ':'))
			c->how |= CL_COLON;
		j += 2;
	}
	c->num = j;
	if (word_in(s, j, pm) || is_word(s, j, "siang")) {
		c->pm = c->h < 12 && (!is_word(s, j, "siang") || c->h < 11);
		c->how |= CL_PART;
		j++;
	} else if (word_in(s, j, am)) {
		c->how |= CL_PART;
		j++;
	}
	if (word_in(s, j, zones)) {
		c->how |= CL_ZONE;
		j++;
	}
	c->end = j;
	return 1;
}

/* A clock's minutes after midnight, hour 24 as 0. */
static int
clock_minute(const struct clock *c)
{
	int h = c->pm ? c->h + 12 : c->h;

	return (h == 24 ? 0 : h) * 60 + c->m;
}

/* Does the number of a clock time go on as something else: a date ("12
 * Juni", "12/6"), a larger number ("16.000", "16,5", "16-17")? */
static int
clock_goes_on(const struct scan *s, const struct clock *c)
{
	int j = c->num;

	if (j >= s->n)
		return 0;
	if (s->t[j].type == T_WORD && s->t[j].month > 0)
		return 1;
	if (is_punct(s, j, '/'))
		return 1;
	if (!(s->t[j].flags & F_SPACE) && s->t[j].type == T_NUM)
		return 1;
	return !(s->t[j].flags & F_SPACE) &&
	       (is_punct(s, j, '.') || is_punct(s, j, ',') || is_punct(s, j, ':') || is_punct(s, j, '-')) &&
	       j + 1 < s->n && s->t[j + 1].type == T_NUM && !(s->t[j + 1].flags & F_SPACE);
}

/* "pukul", "jam", "pkl" or "pkl." at i: the index after it, or -1. */
static int
clock_lead(const struct scan *s, int i)
{
	if (!is_word(s, i, "pukul") && !is_word(s, i, "jam") && !is_word(s, i, "pkl"))
		return -1;
	return is_punct(s, i + 1, '.') ? i + 2 : i + 1;
}

/* May a time without "pukul" start at the number i? Not inside a
 * larger number, a date or an amount ("Rp10.00"). */
static int
bare_start(const struct scan *s, int i)
{
	static const char *const before[] = { "rp", "no", "nomor", "tanggal", "tgl", NULL };

	if (i <= 0)
		return 1;
	if (clock_lead(s, i - 1) == i || (is_punct(s, i - 1, '.') && clock_lead(s, i - 2) == i))
		return 0; /* the time of "pukul 09.00" itself */
	if (word_in(s, i - 1, before))
		return 0;
	if (s->t[i].flags & F_SPACE)
		return 1;
	return s->t[i - 1].type != T_NUM && s->t[i - 1].type != T_WORD && !is_punct(s, i - 1, '.') &&
	       !is_punct(s, i - 1, ',') && !is_punct(s, i - 1, ':') && !is_punct(s, i - 1, '/') &&
	       !is_punct(s, i - 1, '-');
}

/* What separates the two ends of a time range at i: -, hingga, sampai
 * (dengan), s.d., s/d, sd; "dan ditutup", "dan berakhir", "dan selesai"
 * (pada), which want a "pukul" after them (*want_lead). The index after
 * it, or -1. */
static int
clock_sep(const struct scan *s, int i, int *want_lead)
{
	static const char *const closing[] = { "ditutup", "berakhir", "selesai", "tutup", NULL };
	int j;

	*want_lead = 0;
	if (is_word(s, i, "dan") && word_in(s, i + 1, closing)) {
		*want_lead = 1;
		j = i + 2;
		return is_word(s, j, "pada") ? j + 1 : j;
	}
	return sep_end(s, i);
}

/* A time expression at token i. */
struct texpr {
	int start, end; /* minutes after midnight; end -1 when unknown */
	int sb;		/* the start time is tokens [i, sb) */
	int eb;		/* the whole range is [i, eb) when end >= 0 */
};

/* A time at token i: "pukul 08.30" ("jam", "pkl."), with its end when a
 * range follows in the same expression: "pukul 09.00-16.00 WIB",
 * "pukul 08.00 WIB hingga 15.00 WIB", "pukul 09.00 s.d. pukul 21.00",
 * "pukul 8 pagi hingga 4 sore" (4 sore 16:00; "pukul 7 malam hingga
 * 10": 22:00), "pukul 10.00 dan ditutup pukul 21.00"; or a bare range
 * "09.00-17.00 WIB", "09:00-16:00" (minutes at both ends, and a zone or
 * colons). An end at or before the start (past midnight, "hingga
 * selesai", 24.00) is unknown: -1. 1 with *te, or 0. */
static int
time_expr(const struct scan *s, int i, struct texpr *te)
{
	struct clock a, b;
	int j, at, lead, end_lead, want_lead, end;

	te->start = te->end = -1;
	j = clock_lead(s, i);
	lead = j >= 0;
	if (!lead) {
		j = i;
		if (!bare_start(s, i))
			return 0;
	}
	if (!clock_num(s, j, &a))
		return 0;
	at = j; /* "pkl." may end a sentence to the splitter */
	if (!lead && (!(a.how & CL_MIN) || a.h > 23 || (a.how & CL_PART)))
		return 0;
	te->start = clock_minute(&a);
	te->sb = a.end;
	j = clock_sep(s, a.end, &want_lead);
	if (j < 0)
		return lead;
	end_lead = clock_lead(s, j);
	if (end_lead >= 0)
		j = end_lead;
	else if (want_lead)
		return lead;
	if (!clock_num(s, j, &b) || clock_goes_on(s, &b) || !same_sent(s, at, b.end - 1))
		return lead;
	if (!(b.how & (CL_MIN | CL_PART | CL_ZONE)) && end_lead < 0 && (a.how & CL_MIN))
		return lead; /* "pukul 10.00 hingga 12": not a time */
	if (!lead) {
		if (!(b.how & CL_MIN) || (b.how & CL_PART) || b.h > 23 || (a.how & CL_COLON) != (b.how & CL_COLON) ||
		    !((a.how | b.how) & (CL_COLON | CL_ZONE)))
			return 0;
	}
	if (a.pm && !(b.how & CL_PART) && b.h < 12)
		b.pm = 1; /* "pukul 4 sore hingga 9" */
	end = b.h + (b.pm ? 12 : 0) >= 24 ? -1 : clock_minute(&b);
	if (end <= te->start) {
		if (!lead)
			return 0;
		end = -1;
	}
	te->end = end;
	te->eb = b.end;
	return 1;
}

/* --- phrases --- */

/* What buf holds as clean UTF-8 (a new string), or NULL when it is
 * empty; buf is freed. */
static char *
buf_text(struct kb_buf *buf)
{
	char *raw, *out;

	if (buf->len == 0) {
		kb_buf_free(buf);
		return NULL;
	}
	raw = kb_buf_detach(buf, NULL);
	out = kb_utf8_clean(raw, strlen(raw));
	free(raw);
	return out;
}

/* The text of tokens [a, b) with single spaces, ", " before split
 * (unless -1); NULL when empty. */
static char *
span_text(const struct scan *s, int a, int b, int split)
{
	struct kb_buf buf;
	int i;

	kb_buf_init(&buf, OUT_MAX);
	for (i = a; i < b; i++) {
		if (i == split && kb_buf_addc(&buf, ',') < 0)
			break;
		if (i > a && ((s->t[i].flags & F_SPACE) || i == split) && kb_buf_addc(&buf, ' ') < 0)
			break;
		if (kb_buf_add(&buf, s->t[i].s, s->t[i].len) < 0)
			break;
	}
	return buf_text(&buf);
}

static int
stop_word(const struct scan *s, int i)
{
	static const char *const ordinal[] = { "ini",	  "itu",      "pertama", "kedua",      "ketiga",
					       "keempat", "terakhir", "kerja",	 "berikutnya", NULL };

	if (is_word(s, i, "hari"))
		return word_in(s, i + 1, ordinal);
	if (is_word(s, i, "jadi") && is_word(s, i - 1, "hari"))
		return 0; /* Hari Jadi, an anniversary */
	return word_in(s, i, stopcap) || (i < s->n && s->t[i].type == T_WORD && s->t[i].wday >= 0);
}

/* A parenthesized group from i ('('): the index of its ')' when it holds
 * 1..6 capitalized words or numbers, else -1. */
static int
paren_group(const struct scan *s, int i)
{
	int j;

	if (!is_punct(s, i, '('))
		return -1;
	for (j = i + 1; j < s->n && j <= i + 7; j++) {
		if (is_punct(s, j, ')'))
			return j > i + 1 ? j : -1;
		if (!is_cap(s, j) && !(s->t[j].type == T_NUM) && !is_punct(s, j, '&') && !is_punct(s, j, '-') &&
		    !is_word(s, j, "dan"))
			return -1;
	}
	return -1;
}

/* A place phrase from i: its end; *split: where a city follows a
 * parenthesis, else -1. */
static int
place_run(const struct scan *s, int i, int *split)
{
	int j = i, last_close = -1, cnt = 0, k;

	*split = -1;
	while (j < s->n && cnt < 16 && same_sent(s, i, j)) {
		const struct tok *t = &s->t[j];

		if (is_cap(s, j)) {
			if (stop_word(s, j) || (j > i && t->month > 0 && s->t[j - 1].type == T_NUM))
				break;
			if (last_close == j - 1 && *split < 0)
				*split = j;
			j++;
			cnt++;
			continue;
		}
		if (t->type == T_NUM && j > i && t->len <= 3 && !p_year(s, j) &&
		    (s->t[j - 1].type == T_WORD || is_punct(s, j - 1, '.')) &&
		    !(j + 1 < s->n && s->t[j + 1].month > 0)) {
			j++;
			cnt++;
			continue;
		}
		if (j > i && t->type == T_WORD && s->t[j - 1].type == T_NUM && !(t->flags & F_SPACE) && t->len <= 2) {
			j++; /* Hall 3A */
			continue;
		}
		k = paren_group(s, j);
		if (k > 0 && j > i) {
			j = k + 1;
			last_close = k;
			cnt++;
			continue;
		}
		if ((is_punct(s, j, '&') || is_punct(s, j, '-')) && j > i && is_cap(s, j + 1) && !stop_word(s, j + 1)) {
			j++;
			continue;
		}
		if (is_punct(s, j, '.') && j > i && word_in(s, j - 1, abbrev) && !(t->flags & F_SPACE) &&
		    (is_cap(s, j + 1) || (j + 1 < s->n && s->t[j + 1].type == T_NUM))) {
			j++;
			continue;
		}
		break;
	}
	while (j > i && (is_punct(s, j - 1, '&') || is_punct(s, j - 1, '-') || is_punct(s, j - 1, '.')))
		j--;
	return j;
}

/* After a place phrase ending at j: ", City" of 1..3 capitalized words
 * closing the clause. The new end, or j. */
static int
city_after(const struct scan *s, int j)
{
	int k = j + 1, m = 0;

	if (!is_punct(s, j, ',') || !same_sent(s, j, k))
		return j;
	while (m < 3 && is_cap(s, k + m) && !stop_word(s, k + m) && !word_in(s, k + m, people) &&
	       s->t[k + m].month == 0 && same_sent(s, k, k + m))
		m++;
	if (m == 0)
		return j;
	if (k + m >= s->n || s->t[k + m].type == T_BREAK || is_punct(s, k + m, ',') || is_punct(s, k + m, '.') ||
	    is_punct(s, k + m, ')') || (s->t[k + m].type == T_WORD && !is_cap(s, k + m)) || stop_word(s, k + m))
		return k + m;
	return j;
}

static int
has_venue_word(const struct scan *s, int a, int b)
{
	int j;

	for (j = a; j < b; j++) {
		if (word_in(s, j, venue_words))
			return 1;
		if (s->t[j].type == T_WORD && !(s->t[j].flags & F_LONG) &&
		    (strstr(s->t[j].lw, "expo") || strstr(s->t[j].lw, "hall") || strstr(s->t[j].lw, "center") ||
		     strstr(s->t[j].lw, "mall")))
			return 1;
	}
	return 0;
}

struct found {
	int a, b;   /* the phrase */
	int ea, eb; /* the evidence span */
	int split;
	int split2; /* organizer: where "melalui" is */
	double score;
};

static int
dist_sent(const struct scan *s, int i, int dsent)
{
	int d = s->t[i].sent - dsent;

	return d < 0 ? -d : d;
}

static void
find_venue(const struct scan *s, int dsent, int di, struct found *best)
{
	int i, split, b, e, ds;
	double sc;

	best->score = -1e9;
	best->a = -1;
	for (i = 0; i + 1 < s->n; i++) {
		int k = i + 1;

		if (!is_word(s, i, "di"))
			continue;
		while (k < i + 4 && !is_cap(s, k) && word_in(s, k, locative))
			k++;
		if (!is_cap(s, k) || stop_word(s, k) || word_in(s, k, people))
			continue;
		b = place_run(s, k, &split);
		if (b <= k)
			continue;
		e = city_after(s, b);
		sc = 0;
		if (has_venue_word(s, i + 1, b))
			sc += 3;
		if (word_in(s, i - 1, venue_trigger) || (is_word(s, i - 1, "yang") && word_in(s, i - 2, venue_trigger)))
			sc += 2;
		if (is_word(s, i - 1, "bertempat") || is_word(s, i - 1, "berlokasi"))
			sc += 1;
		ds = dist_sent(s, i, dsent);
		if (ds == 0)
			sc += 3;
		else if (ds == 1)
			sc += 1.5;
		if (sc < 3)
			continue;
		if (word_in(s, k, generic_place) && b == k + 1)
			continue;
		if (sent_has(s, i, nouns) || sent_has(s, i, verbs))
			sc += 1;
		if (s->t[i].flags & F_TITLE)
			sc -= 2;
		sc -= 0.0001 * (i > di ? i - di : di - i);
		if (sc > best->score) {
			best->score = sc;
			best->a = i + 1;
			best->b = e;
			best->ea = i;
			best->eb = e;
			best->split = split;
		}
	}
}

/* Acronym test: do the initials of the capitalized words in [a, b)
 * appear in order in the letters of the group [ga, gb)? */
static int
acronym_of(const struct scan *s, int ga, int gb, int a, int b)
{
	char acr[64];
	size_t n = 0, k = 0;
	int j, initials = 0, matched = 0, first = 1;

	for (j = ga; j < gb; j++) {
		size_t l;

		if (s->t[j].type != T_WORD)
			continue;
		for (l = 0; l < s->t[j].len && n + 1 < sizeof(acr); l++)
			if (kb_ascii_alpha(s->t[j].s[l]))
				acr[n++] = (char)(s->t[j].s[l] | 0x20);
	}
	if (n < 2)
		return 0;
	for (j = a; j < b; j++) {
		int c;

		if (!is_cap(s, j))
			continue;
		c = s->t[j].s[0] | 0x20;
		initials++;
		if (first) {
			if (acr[0] != c)
				return 0;
			first = 0;
			k = 1;
			matched++;
			continue;
		}
		while (k < n && acr[k] != c)
			k++;
		if (k < n) {
			matched++;
			k++;
		}
	}
	if (initials < 2)
		return 0;
	return matched * 10 >= initials * 6 && matched >= 2;
}

/* Organizer text: acronyms for what they abbreviate, "X melalui Y" as
 * "X (Y)". A new string or NULL. */
static char *
org_text(const struct scan *s, int a, int b)
{
	struct kb_buf buf;
	int j, seg, part = 0, k, added = 0;

	kb_buf_init(&buf, OUT_MAX);
	seg = a;
	for (j = a; j <= b; j++) {
		int end = j == b || is_word(s, j, "melalui");

		k = j < b ? paren_group(s, j) : -1;
		if (k > 0 && k < b) {
			if (j > seg && acronym_of(s, j + 1, k, seg, j)) {
				char *g = span_text(s, j + 1, k, -1);

				if (added && kb_buf_addc(&buf, ' ') < 0)
					added = 0;
				kb_buf_addstr(&buf, g ? g : "");
				free(g);
			} else {
				char *g = span_text(s, seg, k + 1, -1);

				if (added)
					kb_buf_addc(&buf, ' ');
				kb_buf_addstr(&buf, g ? g : "");
				free(g);
			}
			added = 1;
			j = k;
			seg = k + 1;
			continue;
		}
		if (!end)
			continue;
		if (j > seg) {
			char *g = span_text(s, seg, j, -1);

			if (added)
				kb_buf_addc(&buf, ' ');
			kb_buf_addstr(&buf, g ? g : "");
			free(g);
			added = 1;
		}
		if (j < b) {
			/* melalui */
			if (part == 0 && added)
				kb_buf_addstr(&buf, " (");
			else if (part > 0)
				kb_buf_addstr(&buf, ",");
			part++;
			added = 0;
			seg = j + 1;
		}
	}
	if (part > 0) {
		if (added)
			kb_buf_addc(&buf, ')');
		else if (buf.len >= 2) {
			buf.len -= 2;
			buf.data[buf.len] = '\0';
		}
	}
	return buf_text(&buf);
}

/* Words that head an agency whose name lists sectors with commas:
 * "Dinas Koperasi, Usaha Mikro, Perindustrian dan Perdagangan". */
static const char *const orghead[] = { "dinas",	   "kementerian",    "badan",	    "direktorat",  "deputi",
				       "kantor",   "bidang",	     "balai",	    "lembaga",	   "dewan",
				       "asosiasi", "himpunan",	     "perkumpulan", "persatuan",   "ikatan",
				       "yayasan",  "biro",	     "bagian",	    "sekretariat", "satuan",
				       "kamar",	   "disperindagkop", NULL };

/* Words that start an organizer's name right after "digelar": "digelar
 * Pemkot Batu", "digelar Bank Indonesia". */
static const char *const orgstart[] = {
	"pemkot",	 "pemkab",	"pemprov",     "pemerintah",	"dinas",
	"dekranasda",	 "kementerian", "bank",	       "badan",		"pt",
	"komunitas",	 "kadin",	"hipmi",       "iwapi",		"bi",
	"ojk",		 "disperindag", "diskop",      "diskopukm",	"dinkop",
	"disdag",	 "kemenkop",	"kemendag",    "kemenperin",	"asosiasi",
	"himpunan",	 "ikatan",	"universitas", "yayasan",	"perkumpulan",
	"paguyuban",	 "forum",	"bumn",	       "kemenparekraf", "disperindagkop",
	"diskoperindag", "bazarnas",	NULL
};

/* May the comma at j sit inside such a name? The capitalized words and
 * commas on its left (up to 12 tokens) must hold a head word. */
static int
comma_in_name(const struct scan *s, int j)
{
	int k;

	if (!is_cap(s, j - 1) || !is_cap(s, j + 1) || word_in(s, j + 1, people) || stop_word(s, j + 1))
		return 0;
	for (k = j - 1; k >= 0 && k > j - 12 && same_sent(s, j, k); k--) {
		if (word_in(s, k, orghead))
			return 1;
		if (!(is_cap(s, k) && !stop_word(s, k)) && !is_punct(s, k, ',') && !is_word(s, k, "dan") &&
		    !is_punct(s, k, '&'))
			return 0;
	}
	return 0;
}

/* Leftwards from i (the last token of the phrase): its first token, or
 * -1. */
static int
org_left(const struct scan *s, int i)
{
	int j = i, cnt = 0, k, seen_dan = 0;

	while (j >= 0 && cnt < 28 && same_sent(s, i, j)) {
		if (is_punct(s, j, ',') && seen_dan && j < i && comma_in_name(s, j)) {
			j--;
			continue;
		}
		if (is_word(s, j, "melalui"))
			seen_dan = 0;
		else if (is_word(s, j, "dan") || is_word(s, j, "serta") || is_punct(s, j, '&'))
			seen_dan = 1;
		if (is_cap(s, j) && (!stop_word(s, j) || (is_word(s, j, "dalam") && is_cap(s, j - 1)))) {
			j--;
			cnt++;
			continue;
		}
		if (is_punct(s, j, ')')) {
			for (k = j - 1; k >= 0 && k >= j - 7 && !is_punct(s, k, '('); k--)
				;
			if (k >= 0 && paren_group(s, k) == j && k > 0 && is_cap(s, k - 1)) {
				j = k - 1;
				cnt++;
				continue;
			}
			break;
		}
		if ((is_word(s, j, "dan") || is_word(s, j, "serta") || is_punct(s, j, '&') ||
		     is_word(s, j, "melalui") || is_word(s, j, "bersama")) &&
		    j < i && (is_cap(s, j - 1) || is_punct(s, j - 1, ')'))) {
			j--;
			continue;
		}
		if (is_punct(s, j, '.') && word_in(s, j - 1, abbrev) && j < i) {
			j--;
			continue;
		}
		break;
	}
	j++;
	while (j <= i && (word_in(s, j, orglead) || !is_cap(s, j) || s->t[j].month > 0))
		j++;
	if (j > i || word_in(s, j, pronoun))
		return -1;
	return j;
}

/* Rightwards from i: the end of the phrase (exclusive), or -1. */
static int
org_right(const struct scan *s, int i)
{
	int j = i, cnt = 0, k;

	if (!is_cap(s, i) || stop_word(s, i) || word_in(s, i, pronoun) || s->t[i].month > 0)
		return -1;
	while (j < s->n && cnt < 28 && same_sent(s, i, j)) {
		if (is_punct(s, j, ',') && comma_in_name(s, j)) {
			for (k = j + 1;
			     k < s->n && k < j + 12 && (is_cap(s, k) || is_punct(s, k, ',')) && !stop_word(s, k); k++)
				;
			if (is_word(s, k, "dan") || is_word(s, k, "serta") || is_punct(s, k, '&')) {
				j++;
				continue;
			}
		}
		if (is_cap(s, j) && (!stop_word(s, j) || (is_word(s, j, "dalam") && j > i && is_cap(s, j + 1)))) {
			j++;
			cnt++;
			continue;
		}
		k = paren_group(s, j);
		if (k > 0) {
			j = k + 1;
			continue;
		}
		if ((is_word(s, j, "dan") || is_word(s, j, "serta") || is_punct(s, j, '&') ||
		     is_word(s, j, "melalui")) &&
		    is_cap(s, j + 1) && !stop_word(s, j + 1)) {
			j++;
			continue;
		}
		if (is_punct(s, j, '.') && word_in(s, j - 1, abbrev) && is_cap(s, j + 1)) {
			j++;
			continue;
		}
		break;
	}
	return j > i ? j : -1;
}

static void
find_organizer(const struct scan *s, int dsent, int name_at, struct found *best)
{
	static const char *const active[] = { "menggelar", "menyelenggarakan", "mengadakan", "menghelat",
					      "menggagas", "menginisiasi",     NULL };
	static const char *const passive[] = { "diselenggarakan", "digelar",	 "diadakan", "dilaksanakan",
					       "diinisiasi",	  "diprakarsai", "digagas",  "dihelat",
					       "difasilitasi",	  "diorganisir", NULL };
	int i, a, b, ea, eb, ds, j;
	double sc;

	best->score = -1e9;
	best->a = -1;
	for (i = 0; i < s->n; i++) {
		if (s->t[i].type != T_WORD || (s->t[i].flags & F_TITLE))
			continue;
		a = b = ea = eb = -1;
		sc = 0;
		if (word_in(s, i, active)) {
			j = i - 1;
			while (j >= 0 && j > i - 4 && word_in(s, j, adverbs))
				j--;
			/* "Pemerintah Kota Solok, Sumatera Barat, akan menggelar" */
			if (is_punct(s, j, ',')) {
				int k = j - 1;

				while (k > j - 4 && is_cap(s, k) && !stop_word(s, k))
					k--;
				if (k < j - 1 && is_punct(s, k, ','))
					j = k - 1;
			}
			a = org_left(s, j);
			b = j + 1;
			ea = a;
			eb = i + 1;
			sc = 2;
			if (name_at > i && name_at <= i + 3)
				sc += 2;
		} else if (is_word(s, i, "oleh") && word_in(s, i - 1, passive)) {
			a = i + 1;
			b = org_right(s, a);
			ea = i - 1;
			eb = b;
			sc = 3;
		} else if ((word_in(s, i, passive) && (is_word(s, i - 1, "yang") || word_in(s, i + 1, orgstart))) ||
			   is_word(s, i, "besutan") || is_word(s, i, "garapan") || is_word(s, i, "inisiasi") ||
			   is_word(s, i, "gagasan")) {
			a = i + 1;
			b = org_right(s, a);
			ea = is_word(s, i - 1, "yang") ? i - 1 : i;
			eb = b;
			sc = 2;
		}
		if (a < 0 || b <= a)
			continue;
		ds = dist_sent(s, i, dsent);
		if (ds == 0)
			sc += 3;
		else if (ds == 1)
			sc += 1;
		sc -= 0.0001 * i;
		if (sc > best->score) {
			best->score = sc;
			best->a = a;
			best->b = b;
			best->ea = ea;
			best->eb = eb;
		}
	}
}

/* Event words that make a capitalized phrase an event's name. */
static const char *const name_words[] = { "expo",     "ekspo",	  "pameran", "festival",   "fest",	"bazar",
					  "bazaar",   "bazzar",	  "fair",    "gelar",	   "pekan",	"karnaval",
					  "carnival", "inacraft", "harkop",  "exhibition", "gebyar",	"jamboree",
					  "showcase", "market",	  "pesta",   "show",	   "kriyanusa", NULL };

static int
name_word(const struct scan *s, int i)
{
	const char *lw;

	if (i < 0 || i >= s->n || s->t[i].type != T_WORD || !(s->t[i].flags & (F_CAP | F_UPPER)) ||
	    (s->t[i].flags & F_LONG))
		return 0;
	lw = s->t[i].lw;
	if (strcmp(lw, "jiexpo") == 0)
		return 0;
	/* "Pemkot Gelar Bazar": in a title, Gelar after a word is the verb */
	if (strcmp(lw, "gelar") == 0 && (s->t[i].flags & F_TITLE) && i > 0 && s->t[i - 1].type == T_WORD)
		return 0;
	if (in_list(lw, name_words))
		return 1;
	return strlen(lw) > 5 && (strstr(lw, "expo") || strstr(lw, "fest"));
}

/* A name phrase around the event word at k: [*a, *b), 0 or -1. */
static int
name_run(const struct scan *s, int k, int *a, int *b)
{
	int title = s->t[k].flags & F_TITLE, j, cnt, words = 0;

	j = k - 1;
	cnt = 0;
	while (j >= 0 && cnt < (title ? 3 : 6) && same_sent(s, j, k)) {
		if (is_cap(s, j) && !stop_word(s, j) && !word_in(s, j, namelead) && !word_in(s, j, people) &&
		    !(title && strlen(s->t[j].lw) >= 6 && !strcmp(s->t[j].lw + strlen(s->t[j].lw) - 3, "kan"))) {
			j--;
			cnt++;
			continue;
		}
		if (is_punct(s, j, '&') && is_cap(s, j - 1)) {
			j--;
			continue;
		}
		break;
	}
	*a = j + 1;
	while (*a < k && !is_cap(s, *a))
		(*a)++;
	/* "Gelar" before another event word is the verb (title case) */
	while (*a < k && is_word(s, *a, "gelar"))
		(*a)++;
	j = k + 1;
	cnt = 0;
	while (j < s->n && cnt < 10 && same_sent(s, j, k)) {
		if (p_year(s, j)) {
			j++;
			break;
		}
		if (is_word(s, j, "ke") && is_punct(s, j + 1, '-') && j + 2 < s->n && s->t[j + 2].type == T_NUM) {
			j += 3;
			break;
		}
		if (is_cap(s, j) && !stop_word(s, j) && !(title && j > k && word_in(s, j, namelead)) &&
		    !(s->t[j].month > 0 && is_punct(s, j + 1, '/'))) {
			j++;
			cnt++;
			continue;
		}
		if (paren_group(s, j) > 0 && (p_year(s, paren_group(s, j) + 1) || is_cap(s, paren_group(s, j) + 1))) {
			j = paren_group(s, j) + 1;
			continue;
		}
		if ((is_punct(s, j, '&') || is_word(s, j, "of") || is_word(s, j, "and") || is_word(s, j, "x")) &&
		    is_cap(s, j + 1) && !stop_word(s, j + 1)) {
			j++;
			continue;
		}
		break;
	}
	*b = j;
	if (is_word(s, *a, "gelar") && *a == k && *b > k + 1 && name_word(s, k + 1))
		return -1;
	for (j = *a; j < *b; j++)
		if (s->t[j].type == T_WORD || s->t[j].type == T_NUM)
			words++;
	if (words < 2)
		return -1;
	if (is_word(s, *a - 1, "di"))
		return -1;
	return 0;
}

/* A name after "bertajuk" or "bernama", in quotes or not: [*a, *b), 0 or
 * -1. */
static int
titled_name(const struct scan *s, int i, int *a, int *b)
{
	int j, q, caps = 0;

	if (!is_word(s, i, "bertajuk") && !is_word(s, i, "bernama") && !is_word(s, i, "bertitel") &&
	    !is_word(s, i, "bertajukkan") && !(is_word(s, i, "nama") && is_word(s, i - 1, "dengan")))
		return -1;
	j = i + 1;
	if (is_punct(s, j, '"') || is_punct(s, j, '\'')) {
		q = s->t[j].num;
		for (*a = j + 1, j = j + 1; j < s->n && j < *a + 15 && same_sent(s, j, *a); j++) {
			if (is_punct(s, j, q))
				break;
			caps += is_cap(s, j);
		}
		if (!is_punct(s, j, q) || caps == 0 || j == *a)
			return -1;
		*b = j;
		return 0;
	}
	if (!is_cap(s, j) || stop_word(s, j))
		return -1;
	*a = j;
	while (j < s->n && j < *a + 10 && (is_cap(s, j) || p_year(s, j)) && !stop_word(s, j))
		j++;
	*b = j;
	return 0;
}

/* A name right after a lower-case event word: "pameran BRIlianpreneur
 * 2023". It must end with a year. */
static int
named_after(const struct scan *s, int i, int *a, int *b)
{
	static const char *const heads[] = { "pameran", "festival", "expo",  "bazar", "bazaar",	    "fair", "karnaval",
					     "gelaran", "ajang",    "event", "acara", "perhelatan", NULL };
	int j;

	if (!word_in(s, i, heads) || is_cap(s, i) || !is_cap(s, i + 1) || stop_word(s, i + 1))
		return -1;
	*a = j = i + 1;
	while (j < s->n && j < *a + 8 && is_cap(s, j) && !stop_word(s, j) && same_sent(s, j, i))
		j++;
	if (!p_year(s, j))
		return -1;
	*b = j + 1;
	return 0;
}

static void
consider_name(const struct scan *s, int dsent, int i, int a, int b, double base, struct found *best)
{
	int j, ds, title = (s->t[i].flags & F_TITLE) != 0;
	double sc = base;

	for (j = a; j < b; j++)
		if (p_year(s, j))
			sc += 2;
	ds = dist_sent(s, i, dsent);
	if (!title && ds == 0)
		sc += 3;
	else if (!title && ds == 1)
		sc += 1;
	if (b - a > 12)
		sc -= 2;
	sc -= 0.0001 * i;
	if (sc > best->score) {
		best->score = sc;
		best->a = a;
		best->b = b;
		best->ea = a;
		best->eb = b;
	}
}

static void
find_name(const struct scan *s, int dsent, struct found *best, char **text)
{
	int i, a, b, pass;

	best->score = -1e9;
	best->a = -1;
	*text = NULL;
	for (pass = 0; pass < 2 && best->a < 0; pass++) {
		for (i = 0; i < s->n; i++) {
			int title = (s->t[i].flags & F_TITLE) != 0;

			if (title != (pass == 1))
				continue;
			if (titled_name(s, i, &a, &b) == 0) {
				consider_name(s, dsent, i, a, b, 1.5, best);
				continue;
			}
			if (named_after(s, i, &a, &b) == 0) {
				consider_name(s, dsent, i, a, b, 0.5, best);
				i = b - 1;
				continue;
			}
			if (!name_word(s, i) || name_run(s, i, &a, &b) < 0)
				continue;
			consider_name(s, dsent, i, a, b, 1, best);
			i = b > i ? b - 1 : i;
		}
	}
	if (best->a >= 0)
		*text = span_text(s, best->a, best->b, -1);
}

/* --- result --- */

static void
add_ev(struct kb_event *e, const char *what, char *text, double weight, int in_title)
{
	struct kb_evidence *v;

	if (text == NULL)
		return;
	e->ev = kb_reallocarray(e->ev, e->n_ev + 1, sizeof(*e->ev));
	v = &e->ev[e->n_ev++];
	v->what = kb_strdup(what);
	v->text = text;
	v->weight = weight;
	v->in_title = in_title;
}

/* Is the range at j the event's daily hours: "Pameran dibuka setiap hari
 * pukul 09.00 hingga 21.00 WIB", "Pengunjung dapat datang mulai pukul
 * ...", not a talk, a contest, a meeting or a registration of its own? */
static int
daily_hours(const struct scan *s, int j)
{
	static const char *const hours[] = { "setiap",	"tiap",	       "buka",	      "dibuka", "terbuka", "tutup",
					     "ditutup", "operasional", "berlangsung", "datang", NULL };
	static const char *const other[] = { "seminar",	   "talkshow",	"workshop",  "pelatihan", "lomba", "kompetisi",
					     "konferensi", "pembukaan", "penutupan", "upacara",	  NULL };

	return sent_has(s, j, hours) && !sent_has(s, j, other) && !sent_has(s, j, meeting) && !sent_has(s, j, deadline);
}

/* The time nearest the chosen date in its sentence or the next, with
 * its end when the same expression gives one; without one there, the
 * first daily hours given as a range anywhere after the date (else
 * before it). */
static void
find_time(const struct scan *s, const struct dcand *c, struct kb_event *out)
{
	struct texpr te, bt;
	int j, best = -1, bestd = 1 << 30, d;
	int lo = c->i0 - WIN > 0 ? c->i0 - WIN : 0, hi = c->i1 + 2 * WIN < s->n ? c->i1 + 2 * WIN : s->n;

	memset(&bt, 0, sizeof(bt));
	for (j = lo; j < hi; j++) {
		int ds = s->t[j].sent - s->t[c->i0].sent;

		if (ds < 0 || ds > 1)
			continue;
		if (!time_expr(s, j, &te))
			continue;
		d = j >= c->i1 ? j - c->i1 : 2 * (c->i0 - j);
		if (d < bestd) {
			bestd = d;
			best = j;
			bt = te;
		}
	}
	for (j = c->i1; best < 0 && j < s->n; j++)
		if (time_expr(s, j, &te) && te.end >= 0 && daily_hours(s, j)) {
			best = j;
			bt = te;
		}
	for (j = c->i0 - 1; best < 0 && j >= 0; j--)
		if (time_expr(s, j, &te) && te.end >= 0 && daily_hours(s, j)) {
			best = j;
			bt = te;
		}
	if (best < 0)
		return;
	out->start_minute = bt.start;
	add_ev(out, "event-time", span_text(s, best, bt.sb, -1), 1, (s->t[best].flags & F_TITLE) != 0);
	if (bt.end >= 0) {
		out->end_minute = bt.end;
		add_ev(out, "event-end-time", span_text(s, best, bt.eb, -1), 1, (s->t[best].flags & F_TITLE) != 0);
	}
}

static int64_t
pub_day(int64_t published, const char *tz, int *ok)
{
	int off;

	*ok = 0;
	if (published == KB_NO_TIME || published < -((int64_t)1 << 40) || published > ((int64_t)1 << 40))
		return 0;
	off = kb_tz_offset(tz != NULL ? tz : "Asia/Jakarta", published);
	*ok = 1;
	return kb_floor_div(published + (int64_t)off * 60, 86400);
}

static int
text_year(const struct scan *s)
{
	int counts[201] = { 0 }, i, best = 0;

	for (i = 0; i < s->n; i++) {
		int y = p_year(s, i);

		if (y >= 1990 && y <= 2100)
			counts[y - 1900]++;
	}
	for (i = 90; i <= 200; i++)
		if (counts[i] > 0 && (best == 0 || counts[i] >= counts[best - 1900]))
			best = 1900 + i;
	return best;
}

int
kb_event_extract(const char *title, const char *text, int64_t published, const char *tz, struct kb_event *out)
{
	struct scan s;
	struct found f;
	struct dcand *c;
	int i, best = -1, rc = 0, dsent, dur, name_at;
	size_t tlen, xlen;
	char *name = NULL;

	memset(out, 0, sizeof(*out));
	out->start = out->end = -1;
	out->start_minute = -1;
	out->end_minute = -1;
	memset(&s, 0, sizeof(s));
	tlen = title != NULL ? strnlen(title, TITLE_MAX) : 0;
	xlen = text != NULL ? strnlen(text, TEXT_MAX) : 0;
	/* a token takes a byte at least, breaks included */
	s.cap = tlen + xlen + 4 < TOK_MAX ? (int)(tlen + xlen + 4) : TOK_MAX;
	s.t = kb_calloc((size_t)s.cap, sizeof(*s.t));
	s.c = kb_calloc(CAND_MAX, sizeof(*s.c));
	if (title != NULL)
		tokenize(&s, title, tlen, F_TITLE);
	add_break(&s);
	if (text != NULL)
		tokenize(&s, text, xlen, 0);
	add_break(&s);
	sentences(&s);
	s.pubday = pub_day(published, tz, &s.has_pub);
	if (s.has_pub) {
		s.pubyear = year_of(s.pubday);
		if (s.pubyear < 1901 || s.pubyear > 2099)
			s.has_pub = 0;
	}
	s.textyear = text_year(&s);

	for (i = 0; i < s.n && s.nc < CAND_MAX;) {
		int r;

		c = &s.c[s.nc];
		r = p_date(&s, i, c);
		if (r <= i) {
			i++;
			continue;
		}
		c->i0 = i;
		c->i1 = r;
		if (c->kind == K_SINGLE && sep_before(&s, i)) {
			c->kind = K_END;
			c->b = c->a;
			memset(&c->a, 0, sizeof(c->a));
		}
		s.nc++;
		resolve(&s, s.nc - 1);
		i = r;
	}
	for (i = 0; i < s.nc; i++) {
		c = &s.c[i];
		if (!c->ok)
			continue;
		score(&s, c);
		if (c->ctx < 2 || c->score <= 0)
			continue;
		if (best < 0 || c->score > s.c[best].score)
			best = i;
	}
	if (best < 0)
		goto done;
	c = &s.c[best];
	out->start = c->start;
	out->end = c->end;
	dsent = s.t[c->i0].sent;
	if (c->kind == K_END && c->from >= 0) {
		const struct dcand *p = &s.c[c->from];

		add_ev(out, "event-date", span_text(&s, p->i0, p->i1, -1), p->score, (s.t[p->i0].flags & F_TITLE) != 0);
	}
	add_ev(out, "event-date", span_text(&s, c->i0, c->i1, -1), c->score, (s.t[c->i0].flags & F_TITLE) != 0);
	if (out->end < 0 && c->kind == K_SINGLE) {
		int lo = c->i0 - WIN > 0 ? c->i0 - WIN : 0;

		for (i = lo; i < s.n && i < c->i1 + 2 * WIN; i++) {
			int ds = s.t[i].sent - dsent;

			if (ds < 0 || ds > 1)
				continue;
			dur = duration(&s, i);
			if (dur > 1 && dur <= RANGE_MAX_DAYS) {
				out->end = out->start + dur - 1;
				add_ev(out, "event-duration", span_text(&s, i, i + 3, -1), 1,
				       (s.t[i].flags & F_TITLE) != 0);
				break;
			}
		}
	}
	find_time(&s, c, out);

	find_name(&s, dsent, &f, &name);
	name_at = -1;
	if (name != NULL) {
		out->name = name;
		add_ev(out, "event-name", span_text(&s, f.ea, f.eb, -1), f.score, (s.t[f.a].flags & F_TITLE) != 0);
		name_at = f.a;
	}
	find_venue(&s, dsent, c->i0, &f);
	if (f.a >= 0) {
		out->venue = span_text(&s, f.a, f.b, f.split);
		add_ev(out, "venue", span_text(&s, f.ea, f.eb, -1), f.score, (s.t[f.a].flags & F_TITLE) != 0);
	}
	find_organizer(&s, dsent, name_at, &f);
	if (f.a >= 0) {
		out->organizer = org_text(&s, f.a, f.b);
		if (out->organizer != NULL)
			add_ev(out, "organizer", span_text(&s, f.ea, f.eb, -1), f.score, 0);
	}
	rc = 1;
done:
	free(s.t);
	free(s.c);
	return rc;
}

void
kb_event_free(struct kb_event *e)
{
	if (e == NULL)
		return;
	free(e->name);
	free(e->venue);
	free(e->organizer);
	kb_evidence_free(e->ev, e->n_ev);
	memset(e, 0, sizeof(*e));
	e->start = e->end = -1;
	e->start_minute = -1;
	e->end_minute = -1;
}
