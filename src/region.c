/* region.c: the gazetteer of Indonesian provinces and regencies/cities,
 * and the region a news story is about (src/msme.h).
 *
 * The gazetteer
 * -------------
 * provinces.csv (kode,nama,tz_abbr,utc_offset_h) and regencies.csv
 * (kode,kode_prov,nama,jenis,nama_pendek,provinsi), CSV with optional
 * quoting. Regions are kept provinces first, found by code through an
 * index sorted by code (binary search). Names are found through a hash
 * table of keys: a name in lower case with everything but letters and
 * digits removed ("Bau Bau" and "Baubau" are both "baubau"), each key
 * naming up to GZ_MAX_REFS regions (the 26 short names shared by a Kota
 * and a Kabupaten, Banjar in two provinces, Gorontalo a province, a
 * Kabupaten and a Kota). Besides the names of the data: province
 * abbreviations (Jatim, Jabar, NTB, DIY...) and common short forms of
 * regencies (Solo, Jogja, Tangsel, Kukar...), each added only when the
 * region it names is in the data.
 *
 * Resolution
 * ----------
 * The title and at most RG_MAX_TEXT bytes of the text are cut into words
 * (runs of ASCII letters and digits). A name is matched as 1 to
 * RG_MAX_NAME_TOKENS words joined by spaces or hyphens (longest first),
 * written with a capital (every word but "dan"), never inside a host
 * name (KOMPAS.com). Lines starting "Baca juga", "Simak juga"... link to
 * other stories and are skipped. What precedes a name says what it is:
 * Kota / Kabupaten / Kab. / Provinsi (a prefix), Pemkot / Pemkab /
 * Pemprov / Wali Kota / Bupati / Gubernur / Pemerintah / Dinas / Diskop.../
 * DPRD (an institution), "di", "dari", "asal", "warga", "UMKM", "khas"
 * (place context), Jalan / Kecamatan / Desa / Sungai / Gunung / nasi...
 * (not the regency: a street, a district, a river, a dish).
 *
 * Evidence, strongest first, with its base weight:
 *   1. dateline         4.0  the place before the dash at the start of the
 *                            text ("MOJOKERTO, KOMPAS.com -", "Pasuruan
 *                            (ANTARA) -", "Kota Batu -", "TRIBUNJATIM.COM,
 *                            MALANG -", "BANYUWANGI, Senin (12/6)"). It is
 *                            credited after the text is read: half weight
 *                            when the text names the place only as a venue
 *                            (the reporter went to the expo); given to the
 *                            province when a provincial institution, not
 *                            the regency's, is the subject ("SURABAYA -
 *                            BPS Provinsi Jawa Timur mencatat"); a national
 *                            dateline (Jakarta) weighs 2.0
 *   2. organizer        4.0  an institution of the region ("Pemkab
 *                            Mojokerto", "Wali Kota Batu", "Dinas
 *                            Koperasi ... Kabupaten Malang", "Gubernur
 *                            Jawa Timur", "BPS Provinsi X", "BI Kaltara"):
 *                            the subject of the story
 *   3. prefixed         2.5  "Kota Batu", "Kabupaten Pati", "Kab. Malang"
 *                            (a province: "Provinsi Jawa Timur" 2.0)
 *      name             1.5  a bare name ("Banyuwangi", "Jatim"); names
 *                            that are everyday words count only with a
 *                            prefix, an institution or place context (a
 *                            name of several words capitalized inside a
 *                            sentence of the text counts x0.67)
 *      seat             1.5  the seat of a Kabupaten whose name a Kota
 *                            shares (Kepanjen, Mojosari, Bangil, Soreang)
 *      locator          0.75 a province after a comma ("Mojokerto, Jawa
 *                            Timur"): says where, not what
 *   4. source           0.75 the source's configured region, a prior; it
 *                            also decides between names shared by regions
 * Multipliers: in the title x1.5, in the first two lines of the text
 * x1.25; origin context ("dari", "asal", "UMKM", "perajin", "khas") x1.25;
 * venue context ("digelar di", "Gedung", "Hotel", "Plaza", "... Convention
 * Center") x0.5: the venue of an event is not what the story is about;
 * bare "Jakarta" x0.5 (the capital is mostly a venue). The n-th clue of
 * one kind for one region counts 1 / (1 + 0.5 (n - 1)) of its weight.
 *
 * Decision: a name shared by several regions is given to the one of
 * them with more evidence of its own (a prefix or institution elsewhere:
 * "Bupati Mojokerto" makes a bare "Mojokerto" the Kabupaten), else to the
 * one whose province has more evidence (Banjar), else to the source's
 * region when it is one of them; else it stays shared. Then the regency,
 * city or shared name with the highest score wins when it weighs at
 * least 1.0 and as much as any province's own evidence (else the
 * province: a province-wide story, "Pemprov Jatim", "se-Jawa Timur").
 * When the second weighs within 30% of the first, their province if they
 * share one (a story about several regencies), else none (exhibitors
 * from several provinces). A shared name on top gives its province
 * (when its regions share one) with ambiguous = 1. The capital named
 * only as dateline, venue or locator is a national story: none. Nothing
 * found gives the source's region, else NULL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msme.h"
#include "textscan.h"
#include "util.h"

#define GZ_MAX_FILE	   (4 * 1024 * 1024)
#define GZ_MAX_FIELD	   256
#define GZ_MAX_REGIONS	   20000
#define GZ_MAX_REFS	   4
#define RG_MAX_TEXT	   (256 * 1024)
#define RG_MAX_TITLE	   4096
#define RG_MAX_TOKENS	   65536
#define RG_MAX_NAME_TOKENS 5
#define RG_MAX_KEY	   96
#define RG_MAX_EV	   64
#define RG_MAX_GROUPS	   32
#define RG_MAX_EVTEXT	   120

/* Key flags. */
#define KEY_UPPER    0x01 /* the first word must be written in capitals (NTB, DIY) */
#define KEY_NATIONAL 0x02 /* the capital: weighs less */
#define KEY_SEAT     0x04 /* the seat of a Kabupaten, not its name */

struct gz_key {
	char *key;
	uint32_t hash;
	uint8_t flags;
	uint8_t n;
	uint32_t ref[GZ_MAX_REFS];
};

struct code_ix {
	const char *code; /* the region's own string: stable when r grows */
	size_t i;	  /* index in r */
	size_t line;	  /* line of its file, while loading */
};

struct kb_gazetteer {
	struct kb_region *r; /* provinces first */
	size_t n, cap, n_prov;
	struct code_ix *by_code; /* sorted by code (then line) */
	size_t n_ix;
	struct gz_key *keys;
	size_t n_keys, cap_keys;
	uint32_t *slots; /* key index + 1, 0 empty */
	size_t n_slots;
	const char **words; /* everyday words, sorted */
	size_t n_words;
	const char **names; /* everyday only as one word, sorted */
	size_t n_names;
};

/* --- small text helpers --- */

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

/* The key of a name into out (size n): lower-case letters and digits. 0,
 * or -1 when empty or too long. */
static int
make_key(const char *s, char *out, size_t n)
{
	size_t len = 0;

	for (; *s; s++) {
		if (!kb_ascii_alnum((unsigned char)*s))
			continue;
		if (len + 1 >= n)
			return -1;
		out[len++] = kb_ascii_tolower(*s);
	}
	out[len] = '\0';
	return len > 0 ? 0 : -1;
}

/* --- everyday words --- */

/* Common Indonesian words that are, or are part of, regency names, and
 * other ordinary words of news text: a name all of whose words are here
 * ("Batu", "Malang", "Tanah Datar", "Batu Bara", "Kota Baru") is read as
 * a place only with a prefix, an institution or place context. The
 * gazetteer's everyday names are those the data gives (kb_gazetteer_load
 * keeps nothing else from this list). */
static const char *const common_words[] = {
	"ada",	    "adat",    "air",	 "alam",    "anak",    "angin",	   "api",    "atas",   "bagian",   "baik",
	"bambu",    "bandar",  "banjar", "bara",    "barat",   "baru",	   "batang", "batu",   "batubara", "bawah",
	"benar",    "besar",   "besi",	 "bintang", "bukit",   "bumbu",	   "bumi",   "buru",   "cahaya",   "dalam",
	"damai",    "danau",   "darat",	 "datar",   "daya",    "desa",	   "dua",    "emas",   "empat",	   "gajah",
	"garam",    "gunung",  "hilir",	 "hitam",   "hulu",    "hutan",	   "ikan",   "indah",  "intan",	   "jalan",
	"jati",	    "jaya",    "kali",	 "kapal",   "karang",  "kayu",	   "kebun",  "kecil",  "kepala",   "kepulauan",
	"ketapang", "kota",    "kuda",	 "kudus",   "kuning",  "kuningan", "lama",   "landak", "laut",	   "lawang",
	"lawas",    "lebak",   "lima",	 "makmur",  "malang",  "mas",	   "medan",  "merah",  "metro",	   "muara",
	"mulia",    "padang",  "pagar",	 "palu",    "panjang", "pantai",   "pasar",  "pasir",  "pati",	   "penuh",
	"pesisir",  "pinang",  "pisau",	 "puluh",   "pulang",  "pulau",	   "puncak", "putih",  "raja",	   "raya",
	"rumah",    "sari",    "sawah",	 "selatan", "seram",   "serang",   "seribu", "sinar",  "sumber",   "sungai",
	"tanah",    "tanjung", "tebing", "teluk",   "tengah",  "tenggara", "tiga",   "timur",  "tinggi",   "tujuh",
	"ujung",    "utara",   "wangi",	 "pangkal",
};

/* Names that are also given names, ethnic groups, a lake, a strait, an
 * English word or part of a phrase ("dari Sabang sampai Merauke"):
 * everyday only as one word ("Nias Selatan" is a regency's name). */
static const char *const name_words[] = { "agam",   "asmat",  "bangli",	  "belu", "bima",   "bone", "karo",
					  "lingga", "malaka", "minahasa", "nias", "sabang", "toba" };

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
is_everyday_word(const struct kb_gazetteer *g, const char *key, int alone)
{
	if (bsearch(&key, g->words, g->n_words, sizeof(*g->words), cmp_str) != NULL)
		return 1;
	return alone && bsearch(&key, g->names, g->n_names, sizeof(*g->names), cmp_str) != NULL;
}

/* --- the gazetteer: loading --- */

static void
set_err(char **err, const char *file, size_t line, const char *why)
{
	if (err == NULL)
		return;
	free(*err);
	if (line > 0)
		*err = kb_asprintf("%s:%zu: %s", file, line, why);
	else
		*err = kb_asprintf("%s: %s", file, why);
}

/* One CSV record from *p (up to end): fields into fld (each at most
 * GZ_MAX_FIELD bytes), their number into *nf. Quoted fields may hold
 * commas and doubled quotes but no line breaks. Returns 0, 1 at the end
 * of the input, -1 with *why on a malformed line. */
static int
csv_record(const char **p, const char *end, char fld[][GZ_MAX_FIELD], size_t max_f, size_t *nf, const char **why)
{
	const char *s = *p;
	size_t n = 0, len;

	if (s >= end)
		return 1;
	*nf = 0;
	for (;;) {
		int quoted = 0;

		len = 0;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s < end && *s == '"') {
			quoted = 1;
			s++;
			for (;;) {
				if (s >= end || *s == '\n' || *s == '\r') {
					*why = "unterminated quoted field";
					goto bad;
				}
				if (*s == '"') {
					if (s + 1 < end && s[1] == '"') {
						s++;
					} else {
						s++;
						break;
					}
				}
				if (*s == '\0') {
					*why = "NUL byte in field";
					goto bad;
				}
				if (len + 1 >= GZ_MAX_FIELD) {
					*why = "field too long";
					goto bad;
				}
				fld[n][len++] = *s++;
			}
			while (s < end && (*s == ' ' || *s == '\t'))
				s++;
		} else {
			while (s < end && *s != ',' && *s != '\n' && *s != '\r') {
				if (*s == '"') {
					*why = "quote inside an unquoted field";
					goto bad;
				}
				if (*s == '\0') {
					*why = "NUL byte in field";
					goto bad;
				}
				if (len + 1 >= GZ_MAX_FIELD) {
					*why = "field too long";
					goto bad;
				}
				fld[n][len++] = *s++;
			}
			while (len > 0 && (fld[n][len - 1] == ' ' || fld[n][len - 1] == '\t'))
				len--;
		}
		fld[n][len] = '\0';
		(void)quoted;
		n++;
		if (s < end && *s == ',') {
			if (n >= max_f) {
				*why = "too many fields";
				goto bad;
			}
			s++;
			continue;
		}
		if (s < end && *s == '\r')
			s++;
		if (s < end && *s == '\n')
			s++;
		else if (s < end) {
			*why = "text after a quoted field";
			goto bad;
		}
		break;
	}
	*p = s;
	*nf = n;
	return 0;
bad:
	/* skip the rest of the line so a caller could go on */
	while (s < end && *s != '\n')
		s++;
	if (s < end)
		s++;
	*p = s;
	return -1;
}

static int
line_blank(const char *s, const char *end)
{
	for (; s < end && *s != '\n'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return 0;
	return 1;
}

static int
valid_code(const char *s, int regency)
{
	size_t i, n = strlen(s);

	if (n != (regency ? 5u : 2u))
		return 0;
	for (i = 0; i < n; i++) {
		if (regency && i == 2) {
			if (s[i] != '.')
				return 0;
		} else if (s[i] < '0' || s[i] > '9') {
			return 0;
		}
	}
	return 1;
}

static int
cmp_code(const void *a, const void *b)
{
	const struct code_ix *x = a, *y = b;
	int c = strcmp(x->code, y->code);

	if (c != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static size_t
find_index(const struct kb_gazetteer *g, const char *code)
{
	size_t lo = 0, hi = g->n_ix;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(g->by_code[mid].code, code);

		if (c == 0)
			return g->by_code[mid].i;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/* Index the regions from first on, their lines in lines[]; then every
 * region, sorted. Returns the earliest line that repeats a code of that
 * file, or 0. */
static size_t
index_codes(struct kb_gazetteer *g, size_t first, const size_t *lines)
{
	size_t i, dup = 0;

	free(g->by_code);
	g->by_code = kb_reallocarray(NULL, g->n ? g->n : 1, sizeof(*g->by_code));
	for (i = 0; i < g->n; i++) {
		g->by_code[i].code = g->r[i].code;
		g->by_code[i].i = i;
		g->by_code[i].line = i >= first ? lines[i - first] : 0;
	}
	g->n_ix = g->n;
	qsort(g->by_code, g->n, sizeof(*g->by_code), cmp_code);
	for (i = 1; i < g->n_ix; i++)
		if (strcmp(g->by_code[i].code, g->by_code[i - 1].code) == 0 && (dup == 0 || g->by_code[i].line < dup))
			dup = g->by_code[i].line;
	return dup;
}

static void
add_line(size_t **lines, size_t *cap, size_t n, size_t line)
{
	if (n >= *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*lines = kb_reallocarray(*lines, *cap, sizeof(**lines));
	}
	(*lines)[n] = line;
}

static struct kb_region *
add_region(struct kb_gazetteer *g)
{
	struct kb_region *r;

	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->r = kb_reallocarray(g->r, g->cap, sizeof(*g->r));
	}
	r = &g->r[g->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

static int
valid_name(const char *s)
{
	return s[0] != '\0' && kb_utf8_valid(s, strlen(s));
}

/* A CSV file of the gazetteer, read one record at a time. */
struct csv_file {
	char *path;	     /* dir/name */
	char *data;	     /* the whole file */
	const char *p, *end; /* what is left of it */
	const char *header;  /* its columns: "kode,nama,tz_abbr,utc_offset_h" */
	size_t nf;	     /* how many */
	size_t line;	     /* the line of the record last read */
	size_t records;	     /* data records read */
};

/* Is f the column at col (up to the next comma of a header), in any case? */
static int
column_is(const char *f, const char *col)
{
	size_t n = strcspn(col, ",");

	return strlen(f) == n && kb_strncasecmp(f, col, n) == 0;
}

/* Does the record fld[0..nf) name the columns of header? */
static int
header_is(char fld[][GZ_MAX_FIELD], size_t nf, const char *header)
{
	size_t i;

	for (i = 0; i < nf; i++) {
		if (!column_is(fld[i], header))
			return 0;
		header += strcspn(header, ",");
		if (*header == ',')
			header++;
	}
	return *header == '\0';
}

static void
csv_err(const struct csv_file *cf, char **err, const char *why)
{
	set_err(err, cf->path, cf->line, why);
}

/* Why kb_read_file could not read a file of the gazetteer: e is its
 * errno. */
static const char *
read_error(int e)
{
	if (e == EFBIG)
		return "cannot read gazetteer: file too big";
	if (e == EIO)
		return "cannot read gazetteer: read error";
	return strerror(e);
}

/* Open dir/name, a CSV file with the nf columns of header. 0, or -1
 * with *err; csv_close in both cases. */
static int
csv_open(struct csv_file *cf, const char *dir, const char *name, const char *header, size_t nf, char **err)
{
	size_t len;

	memset(cf, 0, sizeof(*cf));
	cf->path = kb_asprintf("%s/%s", dir, name);
	cf->header = header;
	cf->nf = nf;
	cf->data = kb_read_file(cf->path, GZ_MAX_FILE, &len);
	if (cf->data == NULL) {
		csv_err(cf, err, read_error(errno));
		return -1;
	}
	cf->p = cf->data;
	cf->end = cf->data + len;
	if (len >= 3 && memcmp(cf->p, "\xef\xbb\xbf", 3) == 0)
		cf->p += 3;
	return 0;
}

static void
csv_close(struct csv_file *cf)
{
	free(cf->data);
	free(cf->path);
}

/* The next data record into fld (nf + 1 rows of GZ_MAX_FIELD), with
 * exactly nf fields. Blank lines are skipped, and the header: the first
 * line, or a line starting with the first column's name before any
 * record. 1, 0 at the end of the file, -1 with *err (naming the line). */
static int
csv_next(struct csv_file *cf, char fld[][GZ_MAX_FIELD], char **err)
{
	const char *why;
	char *msg;
	size_t nf;
	int c;

	for (;;) {
		cf->line++;
		if (cf->p < cf->end && line_blank(cf->p, cf->end)) {
			while (cf->p < cf->end && *cf->p != '\n')
				cf->p++;
			if (cf->p < cf->end)
				cf->p++;
			continue;
		}
		why = NULL;
		c = csv_record(&cf->p, cf->end, fld, cf->nf + 1, &nf, &why);
		if (c == 1)
			return 0;
		if (c < 0) {
			csv_err(cf, err, why);
			return -1;
		}
		if (nf != cf->nf) {
			msg = kb_asprintf("want %zu fields: %s", cf->nf, cf->header);
			csv_err(cf, err, msg);
			free(msg);
			return -1;
		}
		if (cf->line == 1 || (cf->records == 0 && column_is(fld[0], cf->header))) {
			if (!header_is(fld, nf, cf->header)) {
				msg = kb_asprintf("bad header: want %s", cf->header);
				csv_err(cf, err, msg);
				free(msg);
				return -1;
			}
			continue;
		}
		cf->records++;
		return 1;
	}
}

/* A province of provinces.csv: NULL, or why the record is bad. */
static const char *
add_province(struct kb_gazetteer *g, char fld[][GZ_MAX_FIELD])
{
	struct kb_region *r;
	long long off;
	int want;

	if (!valid_code(fld[0], 0))
		return "bad province code: want two digits";
	if (!valid_name(fld[1]))
		return "bad province name: empty or not UTF-8";
	if (strcmp(fld[2], "WIB") == 0)
		want = 7;
	else if (strcmp(fld[2], "WITA") == 0)
		want = 8;
	else if (strcmp(fld[2], "WIT") == 0)
		want = 9;
	else
		return "bad tz_abbr: want WIB, WITA or WIT";
	if (kb_parse_int(fld[3], -12, 14, &off) != 0 || off != want)
		return "bad utc_offset_h: does not match tz_abbr";
	if (g->n >= GZ_MAX_REGIONS)
		return "too many regions";
	r = add_region(g);
	r->code = kb_strdup(fld[0]);
	r->name = kb_strdup(fld[1]);
	r->short_name = kb_strdup(fld[1]);
	r->kind = "Provinsi";
	r->province_code = r->code;
	r->province = r->name;
	r->tz = want == 7 ? "Asia/Jakarta" : want == 8 ? "Asia/Makassar" : "Asia/Jayapura";
	g->n_prov = g->n;
	return NULL;
}

/* A regency or city of regencies.csv (after every province): NULL, or
 * why the record is bad. */
static const char *
add_regency(struct kb_gazetteer *g, char fld[][GZ_MAX_FIELD])
{
	const struct kb_region *prov;
	struct kb_region *r;
	size_t pi;

	if (!valid_code(fld[0], 1))
		return "bad regency code: want NN.NN";
	if (!valid_code(fld[1], 0) || strncmp(fld[0], fld[1], 2) != 0)
		return "bad kode_prov: not the first two digits of kode";
	pi = find_index(g, fld[1]);
	if (pi == (size_t)-1 || pi >= g->n_prov)
		return "unknown province code";
	if (strcmp(fld[3], "Kota") != 0 && strcmp(fld[3], "Kabupaten") != 0)
		return "bad jenis: want Kota or Kabupaten";
	if (!valid_name(fld[2]) || !valid_name(fld[4]) || !valid_name(fld[5]))
		return "bad name: empty or not UTF-8";
	if (strcmp(fld[5], g->r[pi].name) != 0)
		return "provinsi does not match the name of kode_prov in provinces.csv";
	if (g->n >= GZ_MAX_REGIONS)
		return "too many regions";
	r = add_region(g); /* may move g->r */
	prov = &g->r[pi];
	r->code = kb_strdup(fld[0]);
	r->name = kb_strdup(fld[2]);
	r->short_name = kb_strdup(fld[4]);
	r->kind = strcmp(fld[3], "Kota") == 0 ? "Kota" : "Kabupaten";
	r->province_code = prov->code;
	r->province = prov->name;
	r->tz = prov->tz;
	return NULL;
}

#define GZ_MAX_COLS 6

/* The files of the gazetteer, read in this order. */
static const struct gz_file {
	const char *name;
	const char *header; /* its columns */
	size_t nf;	    /* how many (at most GZ_MAX_COLS) */
	const char *(*add)(struct kb_gazetteer *g, char fld[][GZ_MAX_FIELD]);
	const char *empty; /* why a file without records is bad, or NULL */
	const char *dup;   /* why a code given twice is bad */
} gz_files[] = {
	{ "provinces.csv", "kode,nama,tz_abbr,utc_offset_h", 4, add_province, "no provinces",
	  "duplicate province code" },
	{ "regencies.csv", "kode,kode_prov,nama,jenis,nama_pendek,provinsi", 6, add_regency, NULL,
	  "duplicate regency code" },
};

/* Add the regions of one file of dir to g. 0, or -1 with *err naming
 * the file and line. */
static int
load_file(struct kb_gazetteer *g, const char *dir, const struct gz_file *gf, char **err)
{
	char fld[GZ_MAX_COLS + 1][GZ_MAX_FIELD];
	struct csv_file cf;
	const char *why;
	size_t line, start = g->n, *lines = NULL, cap = 0;
	int rc = -1, c;

	if (csv_open(&cf, dir, gf->name, gf->header, gf->nf, err) != 0)
		goto out;
	for (;;) {
		c = csv_next(&cf, fld, err);
		if (c < 0)
			goto out;
		if (c == 0)
			break;
		why = gf->add(g, fld);
		if (why != NULL) {
			csv_err(&cf, err, why);
			goto out;
		}
		add_line(&lines, &cap, g->n - 1 - start, cf.line);
	}
	if (g->n == start && gf->empty != NULL) {
		set_err(err, cf.path, 0, gf->empty);
		goto out;
	}
	line = index_codes(g, start, lines);
	if (line > 0) {
		set_err(err, cf.path, line, gf->dup);
		goto out;
	}
	rc = 0;
out:
	free(lines);
	csv_close(&cf);
	return rc;
}

/* --- the gazetteer: names --- */

static struct gz_key *
key_find(const struct kb_gazetteer *g, const char *key)
{
	uint32_t h = hash_str(key);
	size_t i, mask;

	if (g->n_slots == 0)
		return NULL;
	mask = g->n_slots - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		uint32_t s = g->slots[i];

		if (s == 0)
			return NULL;
		if (g->keys[s - 1].hash == h && strcmp(g->keys[s - 1].key, key) == 0)
			return &g->keys[s - 1];
	}
}

static void
slots_rebuild(struct kb_gazetteer *g, size_t want)
{
	size_t i, mask;

	free(g->slots);
	g->n_slots = 64;
	while (g->n_slots < want * 2)
		g->n_slots *= 2;
	g->slots = kb_calloc(g->n_slots, sizeof(*g->slots));
	mask = g->n_slots - 1;
	for (i = 0; i < g->n_keys; i++) {
		size_t j = g->keys[i].hash & mask;

		while (g->slots[j] != 0)
			j = (j + 1) & mask;
		g->slots[j] = (uint32_t)(i + 1);
	}
}

/* Add region ri under the key of name (a no-op for a key too long). */
static void
key_add(struct kb_gazetteer *g, const char *name, size_t ri, unsigned flags)
{
	char key[RG_MAX_KEY];
	struct gz_key *k;
	size_t j;

	if (make_key(name, key, sizeof(key)) != 0)
		return;
	k = key_find(g, key);
	if (k == NULL) {
		if (g->n_keys == g->cap_keys) {
			g->cap_keys = g->cap_keys ? g->cap_keys * 2 : 256;
			g->keys = kb_reallocarray(g->keys, g->cap_keys, sizeof(*g->keys));
		}
		k = &g->keys[g->n_keys++];
		memset(k, 0, sizeof(*k));
		k->key = kb_strdup(key);
		k->hash = hash_str(key);
		if (g->n_keys * 2 > g->n_slots)
			slots_rebuild(g, g->n_keys * 2);
		else {
			size_t mask = g->n_slots - 1, i = k->hash & mask;

			while (g->slots[i] != 0)
				i = (i + 1) & mask;
			g->slots[i] = (uint32_t)g->n_keys;
		}
	}
	k->flags |= (uint8_t)flags;
	for (j = 0; j < k->n; j++)
		if (k->ref[j] == ri)
			return;
	if (k->n < GZ_MAX_REFS)
		k->ref[k->n++] = (uint32_t)ri;
}

/* Other names of provinces: abbreviations used in the news. */
static const struct {
	const char *alias, *name;
	unsigned flags;
} prov_alias[] = {
	{ "NAD", "Aceh", KEY_UPPER },
	{ "Sumut", "Sumatera Utara", 0 },
	{ "Sumbar", "Sumatera Barat", 0 },
	{ "Sumsel", "Sumatera Selatan", 0 },
	{ "Babel", "Kepulauan Bangka Belitung", 0 },
	{ "Bangka Belitung", "Kepulauan Bangka Belitung", 0 },
	{ "Kepri", "Kepulauan Riau", 0 },
	{ "Jakarta", "Daerah Khusus Ibukota Jakarta", KEY_NATIONAL },
	{ "DKI", "Daerah Khusus Ibukota Jakarta", KEY_UPPER },
	{ "DKI Jakarta", "Daerah Khusus Ibukota Jakarta", KEY_UPPER },
	{ "Daerah Khusus Jakarta", "Daerah Khusus Ibukota Jakarta", 0 },
	{ "Jabar", "Jawa Barat", 0 },
	{ "Jateng", "Jawa Tengah", 0 },
	{ "DIY", "Daerah Istimewa Yogyakarta", KEY_UPPER },
	{ "DI Yogyakarta", "Daerah Istimewa Yogyakarta", KEY_UPPER },
	{ "Yogyakarta", "Daerah Istimewa Yogyakarta", 0 },
	{ "Jogja", "Daerah Istimewa Yogyakarta", 0 },
	{ "Jogjakarta", "Daerah Istimewa Yogyakarta", 0 },
	{ "Yogya", "Daerah Istimewa Yogyakarta", 0 },
	{ "Jatim", "Jawa Timur", 0 },
	{ "NTB", "Nusa Tenggara Barat", KEY_UPPER },
	{ "NTT", "Nusa Tenggara Timur", KEY_UPPER },
	{ "Kalbar", "Kalimantan Barat", 0 },
	{ "Kalteng", "Kalimantan Tengah", 0 },
	{ "Kalsel", "Kalimantan Selatan", 0 },
	{ "Kaltim", "Kalimantan Timur", 0 },
	{ "Kaltara", "Kalimantan Utara", 0 },
	{ "Sulut", "Sulawesi Utara", 0 },
	{ "Sulteng", "Sulawesi Tengah", 0 },
	{ "Sulsel", "Sulawesi Selatan", 0 },
	{ "Sultra", "Sulawesi Tenggara", 0 },
	{ "Sulbar", "Sulawesi Barat", 0 },
	{ "Malut", "Maluku Utara", 0 },
	{ "Pabar", "Papua Barat", 0 },
	{ "PBD", "Papua Barat Daya", KEY_UPPER },
};

/* Other names of regencies and cities (by nama_pendek). */
static const struct {
	const char *alias, *name;
	unsigned flags;
} reg_alias[] = {
	{ "Solo", "Surakarta", 0 },
	{ "Jogja", "Yogyakarta", 0 },
	{ "Yogya", "Yogyakarta", 0 },
	{ "Jogjakarta", "Yogyakarta", 0 },
	{ "Tangsel", "Tangerang Selatan", 0 },
	{ "Tasik", "Tasikmalaya", 0 },
	{ "Siantar", "Pematangsiantar", 0 },
	{ "Padangsidempuan", "Padangsidimpuan", 0 },
	{ "Sitaro", "Kep. Siau Tagulandang Biaro", 0 },
	{ "Siau Tagulandang Biaro", "Kep. Siau Tagulandang Biaro", 0 },
	{ "Kepulauan Siau Tagulandang Biaro", "Kep. Siau Tagulandang Biaro", 0 },
	{ "Pangkep", "Pangkajene dan Kepulauan", 0 },
	{ "Kukar", "Kutai Kartanegara", 0 },
	{ "Kutim", "Kutai Timur", 0 },
	{ "Kubar", "Kutai Barat", 0 },
	{ "PPU", "Penajam Paser Utara", KEY_UPPER },
	{ "Bolmong", "Bolaang Mongondow", 0 },
	{ "Bolmut", "Bolaang Mongondow Utara", 0 },
	{ "Sergai", "Serdang Bedagai", 0 },
	{ "Humbahas", "Humbang Hasundutan", 0 },
	{ "Tapteng", "Tapanuli Tengah", 0 },
	{ "Taput", "Tapanuli Utara", 0 },
	{ "Tapsel", "Tapanuli Selatan", 0 },
	{ "Pessel", "Pesisir Selatan", 0 },
	{ "Inhu", "Indragiri Hulu", 0 },
	{ "Inhil", "Indragiri Hilir", 0 },
	{ "Rohul", "Rokan Hulu", 0 },
	{ "Rohil", "Rokan Hilir", 0 },
	{ "Kuansing", "Kuantan Singingi", 0 },
	{ "Tanjabbar", "Tanjung Jabung Barat", 0 },
	{ "Tanjabtim", "Tanjung Jabung Timur", 0 },
	{ "Muba", "Musi Banyuasin", 0 },
	{ "Muratara", "Musi Rawas Utara", 0 },
	{ "OKU", "Ogan Komering Ulu", KEY_UPPER },
	{ "OKI", "Ogan Komering Ilir", KEY_UPPER },
	{ "OKU Timur", "Ogan Komering Ulu Timur", KEY_UPPER },
	{ "OKU Selatan", "Ogan Komering Ulu Selatan", KEY_UPPER },
	{ "PALI", "Penukal Abab Lematang Ilir", KEY_UPPER },
	{ "Lamsel", "Lampung Selatan", 0 },
	{ "Lamteng", "Lampung Tengah", 0 },
	{ "Lampura", "Lampung Utara", 0 },
	{ "Lambar", "Lampung Barat", 0 },
	{ "Lamtim", "Lampung Timur", 0 },
	{ "Tubaba", "Tulang Bawang Barat", 0 },
	{ "Jaksel", "Jakarta Selatan", 0 },
	{ "Jakpus", "Jakarta Pusat", 0 },
	{ "Jakut", "Jakarta Utara", 0 },
	{ "Jakbar", "Jakarta Barat", 0 },
	{ "Jaktim", "Jakarta Timur", 0 },
	{ "KBB", "Bandung Barat", KEY_UPPER },
	{ "Lobar", "Lombok Barat", 0 },
	{ "Loteng", "Lombok Tengah", 0 },
	{ "Lotim", "Lombok Timur", 0 },
	{ "KLU", "Lombok Utara", KEY_UPPER },
	{ "KSB", "Sumbawa Barat", KEY_UPPER },
	{ "TTS", "Timor Tengah Selatan", KEY_UPPER },
	{ "TTU", "Timor Tengah Utara", KEY_UPPER },
	{ "Mabar", "Manggarai Barat", 0 },
	{ "Matim", "Manggarai Timur", 0 },
	{ "SBD", "Sumba Barat Daya", KEY_UPPER },
	{ "Kotim", "Kotawaringin Timur", 0 },
	{ "Kobar", "Kotawaringin Barat", 0 },
	{ "HSS", "Hulu Sungai Selatan", KEY_UPPER },
	{ "HST", "Hulu Sungai Tengah", KEY_UPPER },
	{ "HSU", "Hulu Sungai Utara", KEY_UPPER },
	{ "Tanbu", "Tanah Bumbu", 0 },
	{ "Batola", "Barito Kuala", 0 },
	{ "Minsel", "Minahasa Selatan", 0 },
	{ "Minut", "Minahasa Utara", 0 },
	{ "Parimo", "Parigi Moutong", 0 },
	{ "Touna", "Tojo Una Una", 0 },
	{ "Morut", "Morowali Utara", 0 },
	{ "Selayar", "Kepulauan Selayar", 0 },
	{ "Sidrap", "Sidenreng Rappang", 0 },
	{ "Lutra", "Luwu Utara", 0 },
	{ "Lutim", "Luwu Timur", 0 },
	{ "Torut", "Toraja Utara", 0 },
	{ "Tator", "Tana Toraja", 0 },
	{ "Konsel", "Konawe Selatan", 0 },
	{ "Konut", "Konawe Utara", 0 },
	{ "Koltim", "Kolaka Timur", 0 },
	{ "Kolut", "Kolaka Utara", 0 },
	{ "Gorut", "Gorontalo Utara", 0 },
	{ "Bonbol", "Bone Bolango", 0 },
	{ "Malteng", "Maluku Tengah", 0 },
	{ "Malra", "Maluku Tenggara", 0 },
	{ "SBB", "Seram Bagian Barat", KEY_UPPER },
	{ "SBT", "Seram Bagian Timur", KEY_UPPER },
	{ "Halbar", "Halmahera Barat", 0 },
	{ "Halteng", "Halmahera Tengah", 0 },
	{ "Halut", "Halmahera Utara", 0 },
	{ "Halsel", "Halmahera Selatan", 0 },
	{ "Haltim", "Halmahera Timur", 0 },
	{ "Morotai", "Pulau Morotai", 0 },
	{ "Taliabu", "Pulau Taliabu", 0 },
	{ "Tidore", "Tidore Kepulauan", 0 },
	{ "Biak", "Biak Numfor", 0 },
	{ "Yapen", "Kepulauan Yapen", 0 },
	{ "Mentawai", "Kepulauan Mentawai", 0 },
	{ "Meranti", "Kepulauan Meranti", 0 },
	{ "Anambas", "Kepulauan Anambas", 0 },
	{ "Sangihe", "Kepulauan Sangihe", 0 },
	{ "Talaud", "Kepulauan Talaud", 0 },
	{ "Tanimbar", "Kepulauan Tanimbar", 0 },
	{ "Padang Sidempuan", "Padangsidimpuan", 0 },
};

/* The seats of the Kabupaten whose short name a Kota shares: a story
 * there is about the Kabupaten ("Pendopo Kabupaten di Kepanjen"). Seats
 * that are everyday words (Sumber) or shared with other regencies
 * (Martapura) are left out. */
static const struct {
	const char *seat, *name;
} kab_seat[] = {
	{ "Soreang", "Bandung" },
	{ "Cikarang", "Bekasi" },
	{ "Woha", "Bima" },
	{ "Kanigoro", "Blitar" },
	{ "Cibinong", "Bogor" },
	{ "Limboto", "Gorontalo" },
	{ "Sentani", "Jayapura" },
	{ "Oelamasi", "Kupang" },
	{ "Caruban", "Madiun" },
	{ "Mejayan", "Madiun" },
	{ "Mungkid", "Magelang" },
	{ "Kepanjen", "Malang" },
	{ "Mojosari", "Mojokerto" },
	{ "Bangil", "Pasuruan" },
	{ "Kajen", "Pekalongan" },
	{ "Kraksaan", "Probolinggo" },
	{ "Ungaran", "Semarang" },
	{ "Ciruas", "Serang" },
	{ "Arosuka", "Solok" },
	{ "Aimas", "Sorong" },
	{ "Palabuhanratu", "Sukabumi" },
	{ "Pelabuhan Ratu", "Sukabumi" },
	{ "Tigaraksa", "Tangerang" },
	{ "Singaparna", "Tasikmalaya" },
	{ "Slawi", "Tegal" },
};

static void
build_names(struct kb_gazetteer *g)
{
	size_t i, j;

	for (i = 0; i < g->n; i++)
		key_add(g, g->r[i].short_name, i, 0);
	for (j = 0; j < KB_ARRAY_LEN(prov_alias); j++)
		for (i = 0; i < g->n_prov; i++)
			if (strcmp(g->r[i].name, prov_alias[j].name) == 0)
				key_add(g, prov_alias[j].alias, i, prov_alias[j].flags);
	for (j = 0; j < KB_ARRAY_LEN(reg_alias); j++)
		for (i = g->n_prov; i < g->n; i++)
			if (strcmp(g->r[i].short_name, reg_alias[j].name) == 0)
				key_add(g, reg_alias[j].alias, i, reg_alias[j].flags);
	for (j = 0; j < KB_ARRAY_LEN(kab_seat); j++)
		for (i = g->n_prov; i < g->n; i++)
			if (strcmp(g->r[i].short_name, kab_seat[j].name) == 0 && strcmp(g->r[i].kind, "Kabupaten") == 0)
				key_add(g, kab_seat[j].seat, i, KEY_SEAT);
	g->n_words = KB_ARRAY_LEN(common_words);
	g->words = kb_reallocarray(NULL, g->n_words, sizeof(*g->words));
	for (j = 0; j < g->n_words; j++)
		g->words[j] = common_words[j];
	qsort(g->words, g->n_words, sizeof(*g->words), cmp_str);
	g->n_names = KB_ARRAY_LEN(name_words);
	g->names = kb_reallocarray(NULL, g->n_names, sizeof(*g->names));
	for (j = 0; j < g->n_names; j++)
		g->names[j] = name_words[j];
	qsort(g->names, g->n_names, sizeof(*g->names), cmp_str);
}

int
kb_gazetteer_load(const char *dir, struct kb_gazetteer **out, char **err)
{
	struct kb_gazetteer *g;
	size_t i;

	*out = NULL;
	if (err != NULL)
		*err = NULL;
	if (dir == NULL || *dir == '\0') {
		set_err(err, "gazetteer", 0, "no directory given");
		return -1;
	}
	g = kb_calloc(1, sizeof(*g));
	for (i = 0; i < KB_ARRAY_LEN(gz_files); i++) {
		if (load_file(g, dir, &gz_files[i], err) != 0) {
			kb_gazetteer_free(g);
			return -1;
		}
	}
	build_names(g);
	*out = g;
	return 0;
}

void
kb_gazetteer_free(struct kb_gazetteer *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->n; i++) {
		free((char *)g->r[i].code);
		free((char *)g->r[i].name);
		free((char *)g->r[i].short_name);
	}
	for (i = 0; i < g->n_keys; i++)
		free(g->keys[i].key);
	free(g->r);
	free(g->by_code);
	free(g->keys);
	free(g->slots);
	free(g->words);
	free(g->names);
	free(g);
}

const struct kb_region *
kb_gazetteer_find(const struct kb_gazetteer *g, const char *code)
{
	size_t i;

	if (g == NULL || code == NULL)
		return NULL;
	i = find_index(g, code);
	return i == (size_t)-1 ? NULL : &g->r[i];
}

size_t
kb_gazetteer_count(const struct kb_gazetteer *g)
{
	return g ? g->n : 0;
}

const struct kb_region *
kb_gazetteer_at(const struct kb_gazetteer *g, size_t i)
{
	return g && i < g->n ? &g->r[i] : NULL;
}

/* --- words of the text --- */

#define T_CAP	  0x001 /* starts with a capital */
#define T_UPPER	  0x002 /* all letters capitals (two or more letters) */
#define T_JOIN	  0x004 /* after the previous word only spaces or one hyphen */
#define T_STOP	  0x008 /* a sentence or line starts here */
#define T_TITLE	  0x010
#define T_PAREN	  0x020	 /* inside parentheses */
#define T_DOMAIN  0x040	 /* part of a dotted name (KOMPAS.com) */
#define T_COMMA	  0x080	 /* a comma before it */
#define T_HYPHEN  0x100	 /* a hyphen right before it (se-Jawa Timur) */
#define T_BAR	  0x200	 /* a '|' before it */
#define T_SKIP	  0x400	 /* already used (the dateline) */
#define T_PARENIN 0x800	 /* a '(' right before it */
#define T_DASH	  0x1000 /* a dash between words before it (" - ", an en or em dash) */

struct tok {
	const char *s;
	uint32_t len;
	uint32_t line; /* line of the text (title: 0) */
	uint16_t flags;
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

static int
tok_is(const struct tok *t, const char *w)
{
	size_t n = strlen(w);

	return t->len == n && kb_strncasecmp(t->s, w, n) == 0;
}

static int
tok_in(const struct tok *t, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tok_is(t, list[i]))
			return 1;
	return 0;
}

static int
tok_starts(const struct tok *t, const char *w)
{
	size_t n = strlen(w);

	return t->len >= n && kb_strncasecmp(t->s, w, n) == 0;
}

/* Words after which a '.' does not end a sentence ("Kab. Malang"). */
static const char *const abbrevs[] = { "kab", "kec", "kel", "prov", "jl", "jln", "gg",	"ds",	"dr",
				       "drs", "ir",  "h",   "hj",   "st", "no",	 "kep", "kota", "adm" };

/* Lines that link to other stories. */
static const char *const skip_lines[] = { "baca juga",	     "simak juga",     "lihat juga",   "baca selengkapnya",
					  "artikel terkait", "berita terkait", "simak berita", "baca berita" };

static int
skip_line(const char *s, const char *end)
{
	size_t i;

	for (i = 0; i < KB_ARRAY_LEN(skip_lines); i++) {
		size_t n = strlen(skip_lines[i]);

		if ((size_t)(end - s) >= n && kb_strncasecmp(s, skip_lines[i], n) == 0)
			return 1;
	}
	return 0;
}

/* Cut s[0..len) into words appended to tk. */
static void
tokenize(struct toks *tk, const char *s, size_t len, int title)
{
	const char *p = s, *end = s + len;
	unsigned pending = T_STOP;
	uint32_t line = 0;
	int depth = 0, joinable = 1, at_line_start = 1;
	size_t sepn = 0;

	while (p < end && tk->n < RG_MAX_TOKENS) {
		unsigned char c = (unsigned char)*p;

		if (at_line_start) {
			const char *q = p;

			while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
				q++;
			if (!title && skip_line(q, end)) {
				while (q < end && *q != '\n')
					q++;
				p = q;
				continue;
			}
			at_line_start = 0;
		}
		if (kb_ascii_alnum(c)) {
			struct tok *t;
			const char *w = p;
			int lower = 0, upper = 0;

			while (p < end && kb_ascii_alnum((unsigned char)*p)) {
				if (kb_ascii_lower((unsigned char)*p))
					lower++;
				else if (kb_ascii_upper((unsigned char)*p))
					upper++;
				p++;
			}
			if (tk->n == tk->cap) {
				tk->cap = tk->cap ? tk->cap * 2 : 256;
				tk->t = kb_reallocarray(tk->t, tk->cap, sizeof(*tk->t));
			}
			t = &tk->t[tk->n++];
			t->s = w;
			t->len = (uint32_t)(p - w);
			t->line = line;
			t->flags = (uint16_t)pending;
			if (kb_ascii_upper((unsigned char)*w))
				t->flags |= T_CAP;
			if (upper >= 2 && lower == 0)
				t->flags |= T_UPPER;
			if (joinable && sepn > 0 && !(pending & T_STOP))
				t->flags |= T_JOIN;
			if (title)
				t->flags |= T_TITLE;
			if (depth > 0)
				t->flags |= T_PAREN;
			/* "KOMPAS.com": a dot between two words */
			if (w - s >= 2 && w[-1] == '.' && kb_ascii_alnum((unsigned char)w[-2])) {
				t->flags |= T_DOMAIN;
				if (tk->n >= 2)
					tk->t[tk->n - 2].flags |= T_DOMAIN;
			}
			pending = 0;
			joinable = 1;
			sepn = 0;
			continue;
		}
		/* a separator byte */
		sepn++;
		if (c == '\n') {
			line++;
			depth = 0;
			pending |= T_STOP;
			at_line_start = 1;
			joinable = 0;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			/* nothing */
		} else if (c == 0xc2 && p + 1 < end && (unsigned char)p[1] == 0xa0) {
			p++; /* no-break space */
		} else if (c == '-') {
			pending |= T_HYPHEN;
			if (sepn > 1 || p + 1 >= end || !kb_ascii_alnum((unsigned char)p[1])) {
				pending |= T_DASH;
				joinable = 0;
			}
		} else if (c == 0xe2 && p + 2 < end && (unsigned char)p[1] == 0x80 &&
			   ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94)) {
			pending |= T_DASH; /* en or em dash */
			joinable = 0;
			p += 2;
		} else if (c == '|') {
			pending |= T_BAR;
			joinable = 0;
		} else if (c == ',') {
			pending |= T_COMMA;
			joinable = 0;
		} else if (c == '(') {
			if (depth < 8)
				depth++;
			pending |= T_PARENIN;
			joinable = 0;
		} else if (c == ')') {
			if (depth > 0)
				depth--;
			joinable = 0;
		} else if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':') {
			joinable = 0;
			if (c != '.' || tk->n == 0 || !tok_in(&tk->t[tk->n - 1], abbrevs, KB_ARRAY_LEN(abbrevs)))
				if (!(c == '.' && p + 1 < end && kb_ascii_alnum((unsigned char)p[1])))
					pending |= T_STOP;
		} else {
			joinable = 0;
		}
		p++;
	}
}

/* --- matching names --- */

struct match {
	const struct gz_key *key;
	size_t i, k; /* words t[i .. i+k) */
	int everyday;
};

/* The longest name starting at word i. */
static int
match_at(const struct kb_gazetteer *g, const struct toks *tk, size_t i, struct match *m)
{
	char key[RG_MAX_KEY];
	size_t k, len = 0;
	int found = 0;

	if (!(tk->t[i].flags & T_CAP) || (tk->t[i].flags & (T_DOMAIN | T_SKIP)))
		return 0;
	for (k = 1; k <= RG_MAX_NAME_TOKENS && i + k <= tk->n; k++) {
		const struct tok *t = &tk->t[i + k - 1];
		const struct gz_key *hit;

		if (k > 1) {
			if (!(t->flags & T_JOIN) || (t->flags & (T_DOMAIN | T_SKIP)))
				break;
			if (!(t->flags & T_CAP) && !tok_is(t, "dan"))
				break;
			if ((t->flags & T_TITLE) != (tk->t[i].flags & T_TITLE))
				break;
		}
		if (len + t->len + 1 > sizeof(key))
			break;
		kb_ascii_lower_copy(key + len, t->s, t->len);
		len += t->len;
		hit = key_find(g, key);
		if (hit == NULL)
			continue;
		if ((hit->flags & KEY_UPPER) && !(tk->t[i].flags & T_UPPER))
			continue;
		m->key = hit;
		m->i = i;
		m->k = k;
		found = 1;
	}
	if (found) {
		m->everyday = 1;
		for (k = 0; k < m->k; k++) {
			const struct tok *t = &tk->t[i + k];
			char w[RG_MAX_KEY];

			if (t->len + 1 > sizeof(w)) {
				m->everyday = 0;
				break;
			}
			kb_ascii_lower_copy(w, t->s, t->len);
			if (!is_everyday_word(g, w, m->k == 1) && strcmp(w, "dan") != 0) {
				m->everyday = 0;
				break;
			}
		}
	}
	return found;
}

/* --- context --- */

enum hint { H_NONE, H_KOTA, H_KAB, H_PROV };

/* Institutions whose name may end in a region: the organizer. */
static const char *const institutions[] = { "pemerintah",  "pemkot", "pemko",	   "pemkab",	 "pemprov",  "pemda",
					    "dinas",	   "dprd",   "dekranasda", "bappeda",	 "bapenda",  "sekda",
					    "bupati",	   "wabup",  "walikota",   "wawali",	 "gubernur", "wagub",
					    "disperindag", "diskop", "diskopukm",  "perwakilan", "kanwil",   "bps",
					    "ojk",	   "badan",  "kadin" };

/* Words that may stand inside an institution's name in lower case. */
static const char *const inst_glue[] = { "dan",	     "serta", "pemerintah", "dinas",	  "kepala",
					 "bidang",   "usaha", "kecil",	    "menengah",	  "mikro",
					 "koperasi", "plt",   "pj",	    "sekretaris", "daerah" };

/* Before a name: place context, some of it saying where things come from. */
static const char *const place_ctx[] = { "di",	    "ke",      "dari",	    "asal",    "warga",	  "masyarakat",
					 "wilayah", "daerah",  "kawasan",   "se",      "khas",	  "umkm",
					 "ikm",	    "perajin", "pengrajin", "produk",  "sentra",  "pelaku",
					 "usaha",   "menuju",  "sekitar",   "seluruh", "alun",	  "penduduk",
					 "kuliner", "batik",   "pemuda",    "atlet",   "asalnya", "wisata" };
static const char *const origin_ctx[] = { "dari",   "asal",   "khas",	"umkm",	 "ikm",	  "perajin",	"pengrajin",
					  "produk", "sentra", "pelaku", "usaha", "warga", "masyarakat", "batik" };

/* Before a name: not the regency. */
static const char *const negatives[] = { "jalan",     "jl",   "jln",   "gang",	  "gg",	   "kecamatan", "kec",	 "desa",
					 "kelurahan", "kel",  "dusun", "sungai",  "danau", "gunung",	"selat", "nasi",
					 "soto",      "sate", "bakso", "masakan", "rm",	   "lapas",	"rutan" };

/* Near a name: where an event takes place. */
static const char *const venue_before[] = { "gedung",	 "hotel",     "plaza",	    "mall",    "convention", "balai",
					    "gor",	 "taman",     "lapangan",   "stadion", "graha",	     "hall",
					    "bertempat", "berlokasi", "auditorium", "jcc",     "jiexpo",     "ice" };
static const char *const venue_verbs[] = { "digelar",	 "berlangsung", "diselenggarakan", "dilaksanakan",   "diadakan",
					   "dihelat",	 "bertempat",	"berlokasi",	   "berlangsungnya", "pameran",
					   "digelarnya", "dipamerkan",	"tampil" };
static const char *const venue_after[] = { "convention", "exhibition", "international", "expo",	  "hall",
					   "center",	 "centre",     "town",		"square", "fair" };

struct ctx {
	enum hint hint;
	int organizer, prefixed, place, origin, venue, negative, locator, weak;
	size_t start; /* first word of the phrase, for the evidence text */
};

/* Whether t is the name of an institution (Diskopukmperindag too). */
static int
is_institution(const struct tok *t)
{
	if (tok_in(t, institutions, KB_ARRAY_LEN(institutions)))
		return 1;
	/* Bank Indonesia's office: "BI Kaltara" */
	if (tok_is(t, "bi") && (t->flags & T_UPPER))
		return 1;
	return t->len >= 6 && (tok_starts(t, "diskop") || tok_starts(t, "dinkop") || tok_starts(t, "disperin") ||
			       tok_starts(t, "disdag") || tok_starts(t, "disperdag") || tok_starts(t, "disnaker") ||
			       tok_starts(t, "dispar") || tok_starts(t, "diskominfo"));
}

/* The hint and strength of the word(s) right before position j (which is
 * included); *used: how many words they took. */
static enum hint
prefix_at(const struct toks *tk, size_t j, int *organizer, size_t *used)
{
	const struct tok *t = &tk->t[j];

	*organizer = 0;
	*used = 1;
	if (tok_is(t, "kota")) {
		if (j > 0 && !(t->flags & T_STOP) &&
		    (tok_is(&tk->t[j - 1], "wali") || tok_is(&tk->t[j - 1], "wakil"))) {
			*organizer = 1;
			*used = 2;
		}
		return H_KOTA;
	}
	if (tok_is(t, "kabupaten") || tok_is(t, "kab"))
		return H_KAB;
	if (tok_is(t, "provinsi") || tok_is(t, "prov") || tok_is(t, "propinsi"))
		return H_PROV;
	*organizer = 1;
	if (tok_is(t, "pemkot") || tok_is(t, "pemko") || tok_is(t, "walikota") || tok_is(t, "wawali"))
		return H_KOTA;
	if (tok_is(t, "pemkab") || tok_is(t, "bupati") || tok_is(t, "wabup"))
		return H_KAB;
	if (tok_is(t, "pemprov") || tok_is(t, "gubernur") || tok_is(t, "wagub") || tok_is(t, "pemprop"))
		return H_PROV;
	if (is_institution(t))
		return H_NONE;
	*organizer = 0;
	*used = 0;
	return H_NONE;
}

/* Step back over a parenthesized group of at most 4 words before word i
 * ("Pemerintah Kabupaten (Pemkab) Mojokerto"). */
static size_t
skip_paren_back(const struct toks *tk, size_t i)
{
	size_t j = i, n = 0;

	if (i == 0 || (tk->t[i].flags & T_PAREN))
		return i;
	while (j > 0 && (tk->t[j - 1].flags & T_PAREN) && n < 5 && !(tk->t[j].flags & T_STOP)) {
		j--;
		n++;
	}
	if (n == 0 || n >= 5 || !(tk->t[j].flags & T_PARENIN))
		return i;
	return j;
}

static void
context_of(const struct kb_gazetteer *g, const struct toks *tk, const struct match *m, struct ctx *c)
{
	const struct tok *t;
	size_t i = m->i, j, n;
	int org;

	memset(c, 0, sizeof(*c));
	c->start = i;
	/* a prefix or an institution right before the name */
	if (i > 0 && !(tk->t[i].flags & T_STOP)) {
		j = skip_paren_back(tk, i);
		if (j > 0 && !(tk->t[j].flags & T_STOP)) {
			size_t used;
			enum hint h = prefix_at(tk, j - 1, &org, &used);

			if (used > 0) {
				c->hint = h;
				c->organizer = org;
				c->prefixed = 1;
				c->start = j - used;
			}
		}
	}
	/* an institution further back: "Dinas Koperasi dan UKM Kota X" */
	if (c->prefixed && !c->organizer) {
		j = c->start;
		for (n = 0; j > 0 && n < 12; n++) {
			if (tk->t[j].flags & T_STOP)
				break;
			j = skip_paren_back(tk, j);
			if (j == 0 || (tk->t[j].flags & T_STOP))
				break;
			t = &tk->t[j - 1];
			if (is_institution(t)) {
				c->organizer = 1;
				break;
			}
			if (!(t->flags & T_CAP) && !tok_in(t, inst_glue, KB_ARRAY_LEN(inst_glue)))
				break;
			j--;
		}
	}
	/* the word before the phrase */
	j = c->start;
	if (j > 0 && !(tk->t[j].flags & T_STOP)) {
		t = &tk->t[j - 1];
		if (!c->prefixed && tok_in(t, negatives, KB_ARRAY_LEN(negatives)))
			c->negative = 1;
		if (tok_in(t, place_ctx, KB_ARRAY_LEN(place_ctx)))
			c->place = 1;
		if (tok_in(t, origin_ctx, KB_ARRAY_LEN(origin_ctx)))
			c->origin = 1;
		if (tok_is(t, "di") && j >= 2 && !(t->flags & T_STOP) &&
		    tok_in(&tk->t[j - 2], venue_verbs, KB_ARRAY_LEN(venue_verbs)))
			c->venue = 1;
		/* "se-Jawa Timur" */
		if (tok_is(t, "se") && (tk->t[j].flags & T_HYPHEN))
			c->place = 1;
	}
	/* "Mojokerto, Jawa Timur": a province after a place says where */
	if (!c->prefixed && i > 0 && (tk->t[i].flags & T_COMMA) && !(tk->t[i].flags & T_STOP) &&
	    (tk->t[i - 1].flags & T_CAP) && m->key->n > 0 && m->key->ref[0] < g->n_prov)
		c->locator = 1;
	/* venue words shortly before */
	for (n = 0, j = c->start; j > 0 && n < 4; n++, j--) {
		if (tk->t[j].flags & T_STOP)
			break;
		if (tok_in(&tk->t[j - 1], venue_before, KB_ARRAY_LEN(venue_before))) {
			c->venue = 1;
			break;
		}
	}
	/* after the name */
	j = m->i + m->k;
	if (j < tk->n && !(tk->t[j].flags & T_STOP) && (tk->t[j].flags & T_TITLE) == (tk->t[i].flags & T_TITLE)) {
		struct match m2;

		t = &tk->t[j];
		if ((t->flags & T_JOIN) && (t->flags & T_CAP) && tok_in(t, venue_after, KB_ARRAY_LEN(venue_after)))
			c->venue = 1;
		if ((t->flags & T_JOIN) && (t->flags & T_CAP) && tok_is(t, "raya"))
			c->place = 1;
		/* "Tebing Tinggi, Sumatera Utara" */
		if ((t->flags & T_COMMA) && match_at(g, tk, j, &m2) && m2.key->n > 0 && m2.key->ref[0] < g->n_prov)
			c->place = 1;
	}
	/* "dari Sabang sampai Merauke" */
	if (tok_is(&tk->t[i], "sabang") || tok_is(&tk->t[i], "merauke")) {
		for (j = i > 3 ? i - 3 : 0; j < i + 4 && j < tk->n; j++)
			if (j != i && (tok_is(&tk->t[j], "sabang") || tok_is(&tk->t[j], "merauke") ||
				       tok_is(&tk->t[j], "miangas") || tok_is(&tk->t[j], "rote")))
				c->negative = 1;
	}
}

/* --- scoring --- */

enum kind { K_DATELINE, K_ORGANIZER, K_PREFIXED, K_NAME, K_SEAT, K_LOCATOR, K_SOURCE, K__COUNT };

static const char *const kind_name[] = { "dateline", "organizer", "prefixed", "name", "seat", "locator", "source" };

struct group {
	uint32_t ref[GZ_MAX_REFS];
	size_t n;
	double score;
	unsigned count[K__COUNT];
};

struct scan {
	const struct kb_gazetteer *g;
	double *acc;		     /* per region: its own evidence */
	unsigned char *strong;	     /* per region: evidence other than the capital as dateline, venue or place */
	unsigned *venue_n, *plain_n; /* per region: mentions as a venue, and others */
	double *org;		     /* per region: organizer evidence */
	unsigned *count;	     /* per region and kind: clues so far */
	struct group grp[RG_MAX_GROUPS];
	size_t n_grp;
	struct kb_evidence *ev;
	size_t n_ev;
	char **ev_key; /* per evidence entry: what it was merged on */
	unsigned *ev_n;
};

static void
ev_add(struct scan *sc, const char *what, const char *text, size_t tlen, double w, int in_title, const char *target)
{
	char *clean, *t, *mk;
	size_t i;

	if (tlen > RG_MAX_EVTEXT)
		tlen = RG_MAX_EVTEXT;
	clean = kb_utf8_clean(text, tlen);
	for (t = clean; *t; t++)
		if (*t == '\n' || *t == '\r' || *t == '\t')
			*t = ' ';
	mk = kb_asprintf("%s|%s|%d|%s", what, target ? target : "", in_title, clean);
	kb_ascii_lower_copy(mk, mk, strlen(mk));
	for (i = 0; i < sc->n_ev; i++) {
		if (strcmp(sc->ev_key[i], mk) == 0) {
			sc->ev[i].weight += w;
			sc->ev_n[i]++;
			free(mk);
			free(clean);
			return;
		}
	}
	if (sc->n_ev >= RG_MAX_EV) {
		free(mk);
		free(clean);
		return;
	}
	sc->ev[sc->n_ev].what = kb_strdup(what);
	if (target != NULL)
		sc->ev[sc->n_ev].text = kb_asprintf("%s -> %s", clean, target);
	else
		sc->ev[sc->n_ev].text = kb_strdup(clean);
	sc->ev[sc->n_ev].weight = w;
	sc->ev[sc->n_ev].in_title = in_title;
	sc->ev_key[sc->n_ev] = mk;
	sc->ev_n[sc->n_ev] = 1;
	sc->n_ev++;
	free(clean);
}

static double
diminish(unsigned n)
{
	return 1.0 / (1.0 + 0.5 * n);
}

/* The regions a key names under a hint: those of the hinted kind when
 * there are any, else all of them. */
static size_t
filter_refs(const struct kb_gazetteer *g, const struct gz_key *key, enum hint h, uint32_t *out)
{
	size_t i, n = 0;

	for (i = 0; i < key->n; i++) {
		const struct kb_region *r = &g->r[key->ref[i]];
		int keep = h == H_NONE || (h == H_KOTA && strcmp(r->kind, "Kota") == 0) ||
			   (h == H_KAB && strcmp(r->kind, "Kabupaten") == 0) ||
			   (h == H_PROV && key->ref[i] < g->n_prov);

		if (keep)
			out[n++] = key->ref[i];
	}
	if (n == 0)
		for (i = 0; i < key->n; i++)
			out[n++] = key->ref[i];
	return n;
}

/* Credit w to the regions in refs (one: the region; more: a group). */
static void
credit(struct scan *sc, const uint32_t *refs, size_t n, enum kind k, double w, const char *text, size_t tlen,
       int in_title, int weak)
{
	char target[160];
	double eff;

	if (n == 1) {
		unsigned *cnt = &sc->count[refs[0] * K__COUNT + k];

		eff = w * diminish(*cnt);
		(*cnt)++;
		sc->acc[refs[0]] += eff;
		if (!weak)
			sc->strong[refs[0]] = 1;
		snprintf(target, sizeof(target), "%s %s", sc->g->r[refs[0]].code, sc->g->r[refs[0]].name);
	} else {
		struct group *gr = NULL;
		size_t i, j, off;

		for (i = 0; i < sc->n_grp && gr == NULL; i++) {
			if (sc->grp[i].n != n)
				continue;
			for (j = 0; j < n && sc->grp[i].ref[j] == refs[j]; j++)
				;
			if (j == n)
				gr = &sc->grp[i];
		}
		if (gr == NULL) {
			if (sc->n_grp >= RG_MAX_GROUPS)
				return;
			gr = &sc->grp[sc->n_grp++];
			memset(gr, 0, sizeof(*gr));
			memcpy(gr->ref, refs, n * sizeof(*refs));
			gr->n = n;
		}
		eff = w * diminish(gr->count[k]);
		gr->count[k]++;
		gr->score += eff;
		off = 0;
		target[0] = '\0';
		for (i = 0; i < n && off < sizeof(target); i++) {
			int r = snprintf(target + off, sizeof(target) - off, "%s%s %s", i ? " or " : "",
					 sc->g->r[refs[i]].code, sc->g->r[refs[i]].name);
			if (r < 0)
				break;
			off += (size_t)r;
		}
	}
	ev_add(sc, kind_name[k], text, tlen, eff, in_title, target);
}

/* Weigh one matched name in its context and credit it. */
static void
evidence_of(struct scan *sc, const struct toks *tk, const struct match *m, const struct ctx *c)
{
	const struct kb_gazetteer *g = sc->g;
	const struct tok *first = &tk->t[c->start], *last = &tk->t[m->i + m->k - 1];
	uint32_t refs[GZ_MAX_REFS];
	size_t n = filter_refs(g, m->key, c->hint, refs), j;
	int province = refs[0] < g->n_prov, in_title = (tk->t[m->i].flags & T_TITLE) != 0;
	double w;
	enum kind k;

	if (c->organizer) {
		k = K_ORGANIZER;
		w = 4.0;
	} else if (c->prefixed) {
		k = K_PREFIXED;
		w = province ? 2.0 : 2.5;
	} else if (c->locator) {
		k = K_LOCATOR;
		w = 0.75;
	} else if (m->key->flags & KEY_SEAT) {
		k = K_SEAT;
		w = 1.5;
	} else {
		k = K_NAME;
		w = 1.5;
	}
	if (in_title)
		w *= 1.5;
	else if (tk->t[m->i].line < 2)
		w *= 1.25;
	if (c->origin)
		w *= 1.25;
	if (c->venue)
		w *= 0.5;
	if (c->weak)
		w *= 0.67;
	if ((m->key->flags & KEY_NATIONAL) && !c->organizer)
		w *= 0.5;
	for (j = 0; j < n; j++) {
		if (c->venue)
			sc->venue_n[refs[j]]++;
		else if (k != K_LOCATOR)
			sc->plain_n[refs[j]]++;
		if (k == K_ORGANIZER && n == 1)
			sc->org[refs[j]] += w;
	}
	credit(sc, refs, n, k, w, first->s, (size_t)(last->s + last->len - first->s), in_title,
	       (m->key->flags & KEY_NATIONAL) && !c->organizer && !c->prefixed);
}

/* The dateline: the words before the first dash of the first line, made
 * of parts split by commas and '|' ("MOJOKERTO, KOMPAS.com", "Pasuruan
 * (ANTARA)", "TRIBUNJATIM.COM, MALANG"); the first part that is a place
 * and nothing else ([prefix] name [Kota]) is the dateline. Returns the
 * index of the first word after the dateline, or b0 when there is none. */
struct dateline {
	int found;
	struct match m;
	struct ctx c;
};

static size_t
dateline(struct scan *sc, struct toks *tk, size_t b0, struct dateline *dl)
{
	size_t end = (size_t)-1, i, a, parts = 0;

	/* the first line up to a dash, at most 12 words */
	for (i = b0 + 1; i < tk->n && i < b0 + 12; i++) {
		if ((tk->t[i].flags & T_STOP) && !(tk->t[i].flags & T_PAREN))
			break;
		if (tk->t[i].flags & T_DASH) {
			end = i;
			break;
		}
	}
	if (end == (size_t)-1) {
		/* "MOJOKERTO, Kamis (1/6)": words in capitals before a comma */
		for (i = b0; i < tk->n && i < b0 + 4 && (tk->t[i].flags & T_UPPER); i++)
			if (i > b0 && (tk->t[i].flags & (T_COMMA | T_STOP)))
				break;
		if (i == b0 || i >= tk->n || !(tk->t[i].flags & T_COMMA))
			return b0;
		end = i;
	}
	for (a = b0; a < end && parts < 4; parts++) {
		size_t b = a + 1, p = a, q, k;
		struct match m;
		struct ctx c;
		int clean = 1;

		while (b < end && !(tk->t[b].flags & (T_COMMA | T_BAR)))
			b++;
		/* the part without its words in parentheses or host names */
		q = b;
		while (p < q && (tk->t[p].flags & (T_PAREN | T_DOMAIN)))
			p++;
		while (q > p && (tk->t[q - 1].flags & (T_PAREN | T_DOMAIN)))
			q--;
		for (k = p; k < q; k++)
			if (tk->t[k].flags & (T_PAREN | T_DOMAIN))
				clean = 0;
		memset(&c, 0, sizeof(c));
		c.start = p;
		if (clean && q - p >= 2) {
			int org;
			size_t used;
			enum hint h = prefix_at(tk, p, &org, &used);

			if (used == 1 && !org) {
				c.hint = h;
				p++;
			} else if (tok_is(&tk->t[q - 1], "kota")) {
				c.hint = H_KOTA; /* "MALANG KOTA" */
				q--;
			} else if (tok_is(&tk->t[q - 1], "kabupaten") || tok_is(&tk->t[q - 1], "kab")) {
				c.hint = H_KAB;
				q--;
			}
		}
		if (clean && p < q && match_at(sc->g, tk, p, &m) && m.i + m.k == q) {
			dl->found = 1;
			dl->m = m;
			dl->c = c;
			for (k = b0; k < end; k++)
				tk->t[k].flags |= T_SKIP;
			return end;
		}
		a = b;
	}
	return b0;
}

static size_t province_of(const struct kb_gazetteer *g, size_t ri);

/* Credit the dateline once the text is read: the place where the story
 * was filed is only the venue when the text names it only as one
 * ("TANGERANG - perajin asal Jepara ... di ICE BSD, Kabupaten Tangerang":
 * half weight), and stands for its province when a provincial
 * institution, not the regency's, is the subject ("SURABAYA - BPS
 * Provinsi Jawa Timur mencatat..."). */
static void
credit_dateline(struct scan *sc, const struct toks *tk, const struct dateline *dl)
{
	const struct kb_gazetteer *g = sc->g;
	const struct tok *first = &tk->t[dl->c.start], *last = &tk->t[dl->m.i + dl->m.k - 1];
	uint32_t refs[GZ_MAX_REFS];
	size_t n = filter_refs(g, dl->m.key, dl->c.hint, refs), j, p;
	unsigned venue = 0, plain = 0;
	double w = (dl->m.key->flags & KEY_NATIONAL) ? 2.0 : 4.0, org = 0;
	int same_province = 1;

	p = province_of(g, refs[0]);
	for (j = 0; j < n; j++) {
		venue += sc->venue_n[refs[j]];
		plain += sc->plain_n[refs[j]];
		if (sc->org[refs[j]] > org)
			org = sc->org[refs[j]];
		if (refs[j] < g->n_prov || province_of(g, refs[j]) != p)
			same_province = 0;
	}
	if (venue > 0 && plain == 0) {
		w *= 0.5;
		ev_add(sc, "dateline-venue", first->s, (size_t)(last->s + last->len - first->s), 0, 0,
		       "named in the text only as a venue: half weight");
	}
	if (same_province && p != (size_t)-1 && sc->org[p] > org) {
		uint32_t pr = (uint32_t)p;

		credit(sc, &pr, 1, K_DATELINE, w, first->s, (size_t)(last->s + last->len - first->s), 0,
		       (dl->m.key->flags & KEY_NATIONAL) != 0);
		ev_add(sc, "dateline-province", first->s, (size_t)(last->s + last->len - first->s), 0, 0,
		       "a provincial institution is the subject: the dateline counts for the province");
		return;
	}
	credit(sc, refs, n, K_DATELINE, w, first->s, (size_t)(last->s + last->len - first->s), 0,
	       (dl->m.key->flags & KEY_NATIONAL) != 0);
}

/* --- resolution --- */

static double
province_support(const struct scan *sc, size_t prov, size_t src)
{
	const struct kb_gazetteer *g = sc->g;
	double s = sc->acc[prov];
	size_t i;

	for (i = g->n_prov; i < g->n; i++)
		if (strcmp(g->r[i].province_code, g->r[prov].code) == 0)
			s += sc->acc[i];
	if (src != (size_t)-1 && strcmp(g->r[src].province_code, g->r[prov].code) == 0)
		s += 1.0;
	return s;
}

static size_t
province_of(const struct kb_gazetteer *g, size_t ri)
{
	return ri < g->n_prov ? ri : find_index(g, g->r[ri].province_code);
}

/* The region of refs[0..n) with the highest value v[], when that is
 * above 0 and no other region has it; else (size_t)-1. */
static size_t
sole_best(const uint32_t *refs, const double *v, size_t n)
{
	size_t j, best = (size_t)-1;
	double bv = 0;
	int ties = 0;

	for (j = 0; j < n; j++) {
		if (v[j] > bv) {
			bv = v[j];
			best = refs[j];
			ties = 0;
		} else if (v[j] == bv && v[j] > 0) {
			ties = 1;
		}
	}
	return ties ? (size_t)-1 : best;
}

/* Give each group's score to one of its regions when something decides
 * (marking the group done with n = 0). */
static void
resolve_groups(struct scan *sc, size_t src)
{
	const struct kb_gazetteer *g = sc->g;
	size_t i, j;

	for (i = 0; i < sc->n_grp; i++) {
		struct group *gr = &sc->grp[i];
		size_t best, p0 = province_of(g, gr->ref[0]);
		int one_province = 1;
		double v[GZ_MAX_REFS];
		const char *why = NULL;
		char msg[200];

		/* 1. one of them has evidence of its own */
		for (j = 0; j < gr->n; j++)
			v[j] = sc->acc[gr->ref[j]];
		best = sole_best(gr->ref, v, gr->n);
		if (best != (size_t)-1)
			why = "its own mentions";
		/* 2. the province with more evidence */
		for (j = 1; j < gr->n; j++)
			if (province_of(g, gr->ref[j]) != p0)
				one_province = 0;
		if (why == NULL && !one_province) {
			for (j = 0; j < gr->n; j++) {
				size_t p = province_of(g, gr->ref[j]);

				v[j] = p == (size_t)-1 ? 0 : province_support(sc, p, src);
			}
			best = sole_best(gr->ref, v, gr->n);
			if (best != (size_t)-1)
				why = "its province";
		}
		/* 3. the source's region */
		if (why == NULL && src != (size_t)-1) {
			for (j = 0; j < gr->n; j++)
				if (gr->ref[j] == src) {
					best = src;
					why = "the source's region";
				}
		}
		if (why == NULL)
			continue;
		sc->acc[best] += gr->score;
		sc->strong[best] = 1;
		snprintf(msg, sizeof(msg), "%s: %s %s, by %s", g->r[best].short_name, g->r[best].code, g->r[best].name,
			 why);
		ev_add(sc, "resolved", msg, strlen(msg), gr->score, 0, NULL);
		gr->n = 0;
	}
}

/* A regency or city, or a name that stays shared: what decide weighs. */
struct cand {
	double score;
	size_t region; /* a regency, or (size_t)-1 for a group */
	size_t group;
	size_t province; /* (size_t)-1: the group spans provinces */
};

static void
cand_push(struct cand top[2], const struct cand *c)
{
	if (c->score > top[0].score) {
		top[1] = top[0];
		top[0] = *c;
	} else if (c->score > top[1].score) {
		top[1] = *c;
	}
}

static void
decide(struct scan *sc, size_t src, struct kb_region_result *out)
{
	const struct kb_gazetteer *g = sc->g;
	struct cand top[2], c;
	size_t i, j, p1 = (size_t)-1;
	double pv = 0;
	char msg[240];

	memset(top, 0, sizeof(top));
	for (i = g->n_prov; i < g->n; i++) {
		if (sc->acc[i] <= 0)
			continue;
		c.score = sc->acc[i];
		c.region = i;
		c.group = 0;
		c.province = province_of(g, i);
		cand_push(top, &c);
	}
	for (i = 0; i < sc->n_grp; i++) {
		const struct group *gr = &sc->grp[i];

		if (gr->n == 0 || gr->score <= 0)
			continue;
		c.score = gr->score;
		c.region = (size_t)-1;
		c.group = i;
		c.province = province_of(g, gr->ref[0]);
		for (j = 1; j < gr->n; j++)
			if (province_of(g, gr->ref[j]) != c.province)
				c.province = (size_t)-1;
		cand_push(top, &c);
	}
	for (i = 0; i < g->n_prov; i++)
		if (sc->acc[i] > pv) {
			pv = sc->acc[i];
			p1 = i;
		}

	if (top[0].score >= 1.0 && top[0].score >= pv) {
		const struct cand *t = &top[0];

		/* two of about the same weight: their province, or none */
		if (top[1].score > 0 && t->score < 1.3 * top[1].score) {
			if (t->province != (size_t)-1 && t->province == top[1].province) {
				out->region = &g->r[t->province];
				snprintf(msg, sizeof(msg), "several places of %s weigh about the same: the province",
					 g->r[t->province].name);
				ev_add(sc, "region", msg, strlen(msg), t->score, 0, NULL);
			} else {
				snprintf(msg, sizeof(msg), "places in several provinces weigh about the same: none");
				ev_add(sc, "several", msg, strlen(msg), t->score, 0, NULL);
			}
			return;
		}
		if (t->region == (size_t)-1) {
			const struct group *gr = &sc->grp[t->group];

			out->ambiguous = 1;
			if (t->province != (size_t)-1) {
				out->region = &g->r[t->province];
				snprintf(msg, sizeof(msg),
					 "%s: more than one region, nothing decides; their province %s",
					 g->r[gr->ref[0]].short_name, g->r[t->province].name);
			} else {
				snprintf(msg, sizeof(msg),
					 "%s: more than one region in different provinces, nothing decides",
					 g->r[gr->ref[0]].short_name);
			}
			ev_add(sc, "ambiguous", msg, strlen(msg), t->score, 0, NULL);
			return;
		}
		out->region = &g->r[t->region];
		snprintf(msg, sizeof(msg), "%s %s", g->r[t->region].code, g->r[t->region].name);
		ev_add(sc, "region", msg, strlen(msg), t->score, 0, NULL);
		return;
	}
	if (p1 != (size_t)-1 && pv >= 0.75 && !sc->strong[p1]) {
		/* "JAKARTA, KOMPAS.com - Menteri ...": the capital only as the
		 * dateline or a venue is a national story */
		snprintf(msg, sizeof(msg), "%s only as dateline, venue or place: a national story", g->r[p1].name);
		ev_add(sc, "national", msg, strlen(msg), pv, 0, NULL);
		return;
	}
	if (p1 != (size_t)-1 && pv >= 0.75) {
		out->region = &g->r[p1];
		snprintf(msg, sizeof(msg), "%s %s: the province%s", g->r[p1].code, g->r[p1].name,
			 top[0].score > 0 ? " weighs more than any regency" : "");
		ev_add(sc, "region", msg, strlen(msg), pv, 0, NULL);
		return;
	}
	if (src != (size_t)-1) {
		out->region = &g->r[src];
		snprintf(msg, sizeof(msg), "%s %s: only the source's region", g->r[src].code, g->r[src].name);
		ev_add(sc, "region", msg, strlen(msg), 0, 0, NULL);
	}
}

int
kb_region_resolve(const struct kb_gazetteer *g, const char *title, const char *text, const char *source_region,
		  struct kb_region_result *out)
{
	struct toks tk = { 0 };
	struct dateline dl = { 0 };
	struct scan sc;
	size_t b0, i, src = (size_t)-1, tlen, xlen;

	if (out == NULL)
		return -1;
	memset(out, 0, sizeof(*out));
	if (g == NULL || g->n == 0)
		return 0;
	memset(&sc, 0, sizeof(sc));
	sc.g = g;
	sc.acc = kb_calloc(g->n, sizeof(*sc.acc));
	sc.count = kb_calloc(g->n * K__COUNT, sizeof(*sc.count));
	sc.strong = kb_calloc(g->n, sizeof(*sc.strong));
	sc.venue_n = kb_calloc(g->n, sizeof(*sc.venue_n));
	sc.plain_n = kb_calloc(g->n, sizeof(*sc.plain_n));
	sc.org = kb_calloc(g->n, sizeof(*sc.org));
	sc.ev = kb_calloc(RG_MAX_EV, sizeof(*sc.ev));
	sc.ev_key = kb_calloc(RG_MAX_EV, sizeof(*sc.ev_key));
	sc.ev_n = kb_calloc(RG_MAX_EV, sizeof(*sc.ev_n));

	tlen = title ? strlen(title) : 0;
	if (tlen > RG_MAX_TITLE)
		tlen = RG_MAX_TITLE;
	xlen = text ? strlen(text) : 0;
	if (xlen > RG_MAX_TEXT)
		xlen = RG_MAX_TEXT;
	if (title != NULL)
		tokenize(&tk, title, tlen, 1);
	b0 = tk.n;
	if (text != NULL)
		tokenize(&tk, text, xlen, 0);

	dateline(&sc, &tk, b0, &dl);
	for (i = 0; i < tk.n; i++) {
		struct match m;
		struct ctx c;

		if (!match_at(g, &tk, i, &m))
			continue;
		context_of(g, &tk, &m, &c);
		if (c.negative) {
			i += m.k - 1;
			continue;
		}
		/* an everyday name needs a prefix or an institution, or place
		 * context in the text (titles capitalize every word); "Kota
		 * Baru" (a new town) always a prefix. One of several words
		 * capitalized inside a sentence of the text is a proper name
		 * ("di sentra tenun Tanah Datar"): it counts, weakly. */
		if (m.everyday && !c.prefixed && m.k > 1 && !c.place && !(tk.t[m.i].flags & (T_TITLE | T_STOP)) &&
		    !tok_is(&tk.t[m.i], "kota"))
			c.weak = 1;
		else if (m.everyday && !c.prefixed &&
			 (!c.place || (tk.t[m.i].flags & T_TITLE) || tok_is(&tk.t[m.i], "kota"))) {
			const struct tok *l = &tk.t[m.i + m.k - 1];

			ev_add(&sc, "ignored", tk.t[m.i].s, (size_t)(l->s + l->len - tk.t[m.i].s), 0,
			       (tk.t[m.i].flags & T_TITLE) != 0, "an everyday word without a prefix or place context");
			i += m.k - 1;
			continue;
		}
		evidence_of(&sc, &tk, &m, &c);
		i += m.k - 1;
	}
	if (dl.found)
		credit_dateline(&sc, &tk, &dl);
	/* the source's region: it decides shared names (resolve_groups), then
	 * weighs as a prior */
	if (source_region != NULL)
		src = find_index(g, source_region);
	resolve_groups(&sc, src);
	if (src != (size_t)-1) {
		uint32_t ref = (uint32_t)src;

		credit(&sc, &ref, 1, K_SOURCE, 0.75, source_region, strlen(source_region), 0, 0);
	}
	decide(&sc, src, out);

	out->ev = sc.ev;
	out->n_ev = sc.n_ev;
	for (i = 0; i < sc.n_ev; i++)
		free(sc.ev_key[i]);
	free(sc.ev_key);
	free(sc.ev_n);
	free(sc.acc);
	free(sc.count);
	free(sc.strong);
	free(sc.venue_n);
	free(sc.plain_n);
	free(sc.org);
	free(tk.t);
	return 0;
}

void
kb_region_result_free(struct kb_region_result *r)
{
	if (r == NULL)
		return;
	kb_evidence_free(r->ev, r->n_ev);
	r->ev = NULL;
	r->n_ev = 0;
	r->region = NULL;
	r->ambiguous = 0;
}
