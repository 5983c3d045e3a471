/* test-classify.c: the MSME lexicon and kb_classify (src/classify.c).
 *
 * Small lexicons written here test parsing, acronyms, affixes and the
 * score deterministically; the real lexicon ($SHARED_DIR/data) tests the
 * seed article, short realistic stories and, when it has landed, the
 * labeled set of tests/data/msme (labels.tsv). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../src/msme.h"
#include "../src/util.h"
#include "tap.h"

static char tmpdir[256];
static char lexpath[512];

static const char *
write_file(const char *name, const char *data, size_t len)
{
	FILE *f;

	snprintf(lexpath, sizeof(lexpath), "%s/%s", tmpdir, name);
	f = fopen(lexpath, "wb");
	if (f == NULL) {
		printf("Bail out! cannot write %s\n", lexpath);
		exit(1);
	}
	fwrite(data, 1, len, f);
	fclose(f);
	return lexpath;
}

/* Load a lexicon from text: the lexicon, or NULL with *err set. */
static struct kb_lexicon *
lex_from(const char *text, char **err)
{
	struct kb_lexicon *l = NULL;

	*err = NULL;
	if (kb_lexicon_load(write_file("lex.tsv", text, strlen(text)), &l, err) != 0)
		return NULL;
	return l;
}

/* Does loading fail with a message containing want? */
static void
load_fails(const char *text, const char *want, const char *what)
{
	char *err = NULL;
	struct kb_lexicon *l = lex_from(text, &err);

	ok(l == NULL && err != NULL && strstr(err, want) != NULL, "%s: error mentions '%s'", what, want);
	if (err != NULL && strstr(err, want) == NULL)
		diag("  got: %s", err);
	kb_lexicon_free(l);
	free(err);
}

/* The evidence entry for text (as written) of kind what, or NULL. */
static const struct kb_evidence *
find_ev(const struct kb_relevance *r, const char *what, const char *text)
{
	size_t i;

	for (i = 0; i < r->n_ev; i++) {
		if (strcmp(r->ev[i].what, what) == 0 && strcmp(r->ev[i].text, text) == 0)
			return &r->ev[i];
	}
	return NULL;
}

static size_t
count_kind(const struct kb_relevance *r, const char *what)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_ev; i++)
		n += strcmp(r->ev[i].what, what) == 0;
	return n;
}

static void
dump(const struct kb_relevance *r)
{
	size_t i;

	diag("  score %.3f topics 0x%x", r->score, r->topics);
	for (i = 0; i < r->n_ev && i < 40; i++)
		diag("  %s '%s' %.2f%s", r->ev[i].what, r->ev[i].text, r->ev[i].weight,
		     r->ev[i].in_title ? " title" : "");
}

/* Is text found as a term (of kind what) when it stands in the body? */
static int
matches(const struct kb_lexicon *l, const char *body, const char *what, const char *text)
{
	struct kb_relevance r;
	int found;

	if (kb_classify(l, "", body, &r) != 0)
		return -1;
	found = find_ev(&r, what, text) != NULL;
	kb_relevance_free(&r);
	return found;
}

/* --- the lexicon file --- */

static const char small_lex[] = "# term\tweight\tclass\tnote\n"
				"UMKM\tstrong\tcore\n"
				"KUR\tweak\tfinance\tcredit news\n"
				"pameran\tstrong\tevent\n"
				"kurasi\tstrong\tprocess\n"
				"Diskop UKM\tstrong\torg\n"
				"oleh-oleh\tweak\tproduct\n"
				"stan\tstrong\tvenue\n"
				"binaan\tmedium\tcore\n"
				"exhibition\tstrong\ten\n"
				"batik\tmedium\tproduct\n"
				"ekspor\tmedium\texport\n"
				"tenun\tmedium\tproduct\n"
				"Rumah UMKM\tstrong\torg\n";

static void
test_parse(void)
{
	struct kb_lexicon *l;
	char *err = NULL;
	char *big;
	size_t i, n;
	clock_t t0;
	double secs;

	l = lex_from(small_lex, &err);
	ok(l != NULL && err == NULL, "small lexicon loads");
	kb_lexicon_free(l);

	l = lex_from("\xef\xbb\xbf# comment\r\nUMKM\tstrong\tcore\t\t\r\n\r\n   \n  # indented comment\n"
		     "pameran\tStrong\tEvent\tnote with \xc3\xa9 UTF-8\t\tmore\r\n",
		     &err);
	ok(l != NULL, "BOM, CRLF, trailing tabs, blank lines, extra note fields are tolerated");
	if (l != NULL)
		is_int(matches(l, "Pameran UMKM di Pendopo", "term", "UMKM"), 1,
		       "  and the first term (after the BOM) matches");
	else
		skip(1, "no lexicon");
	kb_lexicon_free(l);
	free(err);

	load_fails("UMKM\tstrong\tcore\npameran\tstrong\n", "lex.tsv:2: expected term, weight and class",
		   "missing class");
	load_fails("UMKM strong core\n", "lex.tsv:1: expected term", "spaces instead of tabs");
	load_fails("UMKM\t\tcore\n", "lex.tsv:1: expected term", "empty weight");
	load_fails("UMKM\tvery\tcore\n", "lex.tsv:1: unknown weight 'very'", "bad weight");
	load_fails("# c\nUMKM\tstrong\tkore\n", "lex.tsv:2: unknown class 'kore'", "bad class");
	load_fails("UMKM\tstrong\tcore\nx\tweak\tcore\numkm\tweak\tcore\nUMKM\tweak\tcore\n",
		   "lex.tsv:3: duplicate term 'umkm' (also on line 1)", "duplicate (case does not make a new term)");
	load_fails("UM<KM\tstrong\tcore\n", "lex.tsv:1: term has a character", "bad character");
	load_fails("caf\xc3\xa9\tstrong\tcore\n", "lex.tsv:1: term has a character", "non-ASCII term");
	load_fails("--\tstrong\tcore\n", "lex.tsv:1: term has no letters", "no letters");
	load_fails("a b c d e f g h i\tstrong\tcore\n", "lex.tsv:1: term has too many words", "too many words");
	load_fails("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\tstrong\tcore\n",
		   "lex.tsv:1: term too long", "term too long");
	load_fails("# nothing\n\n", "lex.tsv: no terms", "no terms");
	load_fails("", "lex.tsv: no terms", "empty file");
	load_fails("UMKM\tstrong\tcore\n\xff\xfe\tweak\tcore\n", "lex.tsv:2: invalid UTF-8", "invalid UTF-8");

	l = NULL;
	err = NULL;
	ok(kb_lexicon_load(write_file("nul.tsv", "UMKM\tstrong\tcore\n\0x\tweak\tcore\n", 29), &l, &err) == -1 &&
		   err != NULL && strstr(err, "NUL") != NULL,
	   "a NUL byte is an error");
	free(err);

	big = kb_malloc(8192);
	memset(big, 'a', 8191);
	big[8191] = '\0';
	load_fails(big, "lex.tsv:1: line too long", "line too long");
	free(big);

	n = 10001;
	big = kb_malloc(n * 24 + 1);
	big[0] = '\0';
	for (i = 0, big[0] = '\0'; i < n; i++)
		snprintf(big + strlen(big), 24, "t%zu\tweak\tcore\n", i);
	load_fails(big, "lex.tsv:10001: too many terms", "too many terms");
	big[strlen(big) - strlen("t10000\tweak\tcore\n")] = '\0';
	t0 = clock();
	l = lex_from(big, &err);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ok(l != NULL && secs < 2, "10000 terms load in %.3f s", secs);
	if (l != NULL)
		is_int(matches(l, "kata t9999 dan t0", "term", "t9999"), 1, "  and the last one matches");
	else
		skip(1, "no lexicon");
	kb_lexicon_free(l);
	free(err);
	free(big);

	err = NULL;
	l = NULL;
	snprintf(lexpath, sizeof(lexpath), "%s/missing.tsv", tmpdir);
	ok(kb_lexicon_load(lexpath, &l, &err) == -1 && l == NULL && err != NULL &&
		   strstr(err, "missing.tsv: cannot open lexicon") != NULL,
	   "a missing file is an error naming it");
	free(err);
	ok(kb_lexicon_load(lexpath, &l, NULL) == -1, "err may be NULL");
	kb_lexicon_free(NULL);
	ok(1, "kb_lexicon_free(NULL) is harmless");
}

/* --- matching --- */

static void
test_matching(void)
{
	struct kb_lexicon *l;
	char *err = NULL;

	l = lex_from(small_lex, &err);
	if (l == NULL) {
		skip(40, "the small lexicon does not load");
		free(err);
		return;
	}
	/* acronyms: as written in capitals, whole words */
	is_int(matches(l, "Bazar UMKM di alun-alun", "term", "UMKM"), 1, "UMKM matches");
	is_int(matches(l, "bazar umkm di alun-alun", "term", "umkm"), 0, "umkm in small letters does not (acronym)");
	is_int(matches(l, "bazar Umkm di alun-alun", "term", "Umkm"), 0, "Umkm does not either");
	is_int(matches(l, "produk UMKMnya laris", "term", "UMKMnya"), 1, "UMKMnya matches (clitic -nya)");
	is_int(matches(l, "produk UMKM-nya laris", "term", "UMKM"), 1, "UMKM-nya matches");
	is_int(matches(l, "kata Dinas PPKUMKM", "term", "PPKUMKM"), 1, "UMKM inside an agency's acronym (PPKUMKM)");
	is_int(matches(l, "kata DinkopUMKM", "term", "DinkopUMKM"), 1, "and in DinkopUMKM");
	is_int(matches(l, "kata Tokoumkm", "term", "Tokoumkm"), 0, "not in small letters");
	is_int(matches(l, "kata XUMKM", "term", "XUMKM"), 0, "not with one letter before (too short)");
	is_int(matches(l, "penyaluran KUR naik", "negative", "KUR"), 1, "KUR matches (a negative signal)");
	is_int(matches(l, "kur dan kurma", "negative", "kur"), 0, "kur in small letters does not");
	is_int(matches(l, "Kurasi produk", "negative", "Kur"), 0, "KUR is not found in Kurasi");
	/* whole words: kurasi vs akurasi */
	is_int(matches(l, "tahap kurasi produk", "term", "kurasi"), 1, "kurasi matches");
	is_int(matches(l, "akurasi data", "term", "akurasi"), 0, "akurasi does not match kurasi");
	is_int(matches(l, "data akurasinya", "term", "akurasinya"), 0, "akurasinya does not either");
	is_int(matches(l, "KURASI PRODUK", "term", "KURASI"), 1, "KURASI in capitals matches (ordinary word)");
	/* affixes */
	is_int(matches(l, "produk yang dikurasi", "term", "dikurasi"), 1, "dikurasi");
	is_int(matches(l, "produk terkurasi", "term", "terkurasi"), 1, "terkurasi");
	is_int(matches(l, "tim mengkurasi produk", "term", "mengkurasi"), 1, "mengkurasi");
	is_int(matches(l, "hasil kurasinya", "term", "kurasinya"), 1, "kurasinya");
	is_int(matches(l, "kurator menilai", "term", "kurator"), 1, "kurator (built-in)");
	is_int(matches(l, "menguras tenaga", "term", "menguras"), 0, "menguras is not kurasi");
	is_int(matches(l, "pameran produk", "term", "pameran"), 1, "pameran");
	is_int(matches(l, "perajin memamerkan produk", "term", "memamerkan"), 1, "memamerkan (mem- + pamer + -kan)");
	is_int(matches(l, "produk dipamerkan", "term", "dipamerkan"), 1, "dipamerkan");
	is_int(matches(l, "produk yang akan kami pamerkan", "term", "pamerkan"), 1, "pamerkan");
	is_int(matches(l, "pameran-pameran daerah", "term", "pameran"), 1, "pameran-pameran (repetition)");
	is_int(matches(l, "pemeran utama film", "term", "pemeran"), 0, "pemeran (actor) is not pameran");
	is_int(matches(l, "produk batik", "term", "batik"), 1, "batik");
	is_int(matches(l, "perajin membatik", "term", "membatik"), 1, "membatik");
	is_int(matches(l, "kain tenunan", "term", "tenunan"), 1, "tenunan");
	is_int(matches(l, "para penenun", "term", "penenun"), 1, "penenun (pen- + t restored)");
	is_int(matches(l, "produk diekspor ke Jepang", "term", "diekspor"), 1, "diekspor");
	is_int(matches(l, "siap mengekspor", "term", "mengekspor"), 1, "mengekspor");
	is_int(matches(l, "UMKM binaan", "term", "binaan"), 1, "binaan");
	is_int(matches(l, "UMKM binaannya", "term", "binaannya"), 1, "binaannya");
	is_int(matches(l, "pembinaan atlet", "term", "pembinaan"), 0, "pembinaan is not binaan (base ends in -an)");
	/* short bases */
	is_int(matches(l, "stan kuliner", "term", "stan"), 1, "stan");
	is_int(matches(l, "di stannya", "term", "stannya"), 1, "stannya (4 letters: suffixes)");
	is_int(matches(l, "kepala Distan", "term", "Distan"), 0, "Distan is not di- + stan (4 letters: no prefixes)");
	is_int(matches(l, "sesuai standar", "term", "standar"), 0, "standar is not stan");
	is_int(matches(l, "sesuai standar", "term", "stan"), 0, "nor is stan found inside it");
	/* phrases: spaces, hyphens, slashes, written together */
	is_int(matches(l, "kata Diskop UKM", "term", "Diskop UKM"), 1, "Diskop UKM");
	is_int(matches(l, "kata Diskop-UKM", "term", "Diskop-UKM"), 1, "Diskop-UKM");
	is_int(matches(l, "kata Diskop/UKM", "term", "Diskop/UKM"), 1, "Diskop/UKM");
	is_int(matches(l, "kata Diskop  UKM", "term", "Diskop  UKM"), 1, "Diskop  UKM (two spaces)");
	is_int(matches(l, "kata Diskop\xc2\xa0UKM", "term", "Diskop\xc2\xa0UKM"), 1,
	       "Diskop UKM with a no-break space");
	is_int(matches(l, "kata DiskopUKM", "term", "DiskopUKM"), 1, "DiskopUKM (written together)");
	is_int(matches(l, "di RumahUMKM", "term", "RumahUMKM"), 1, "RumahUMKM (written together)");
	is_int(matches(l, "di Rumahumkm", "term", "Rumahumkm"), 0, "Rumahumkm: the acronym part must be capitals");
	is_int(matches(l, "di RUMAHUMKM", "term", "RUMAHUMKM"), 1, "RUMAHUMKM");
	is_int(matches(l, "kata Diskop ukm", "term", "Diskop ukm"), 0, "Diskop ukm: neither");
	is_int(matches(l, "kata Diskop. UKM", "term", "Diskop. UKM"), 0, "no phrase across a sentence end");
	is_int(matches(l, "kata Diskop\n\nUKM", "term", "Diskop\n\nUKM"), 0, "no phrase across paragraphs");
	is_int(matches(l, "beli oleh-oleh", "term", "oleh-oleh"), 1, "oleh-oleh");
	is_int(matches(l, "beli oleh oleh", "term", "oleh oleh"), 1, "oleh oleh");
	is_int(matches(l, "MSME exhibitions in Bali", "term", "exhibitions"), 1, "exhibitions (English plural)");
	kb_lexicon_free(l);
}

/* --- scoring --- */

static void
test_scoring(void)
{
	static const char words[] = "UMKM pameran memamerkan dikurasi Diskop-UKM stan\n";
	static const char shorts[] = "a b,c.d-e/f\n";
	struct kb_lexicon *l;
	struct kb_relevance r;
	const struct kb_evidence *e;
	char *err = NULL;
	char *big;
	size_t i, n;
	clock_t t0;
	double secs;

	l = lex_from(small_lex, &err);
	if (l == NULL) {
		skip(25, "the small lexicon does not load");
		free(err);
		return;
	}
	kb_classify(l, "", "Produk UMKM.", &r);
	is_int(count_kind(&r, "term"), 1, "one term");
	ok(fabs(r.score - (1 - exp(-3.0 / 6))) < 1e-9, "one strong term in the text: score 1 - e^(-3/6) (got %.4f)",
	   r.score);
	e = find_ev(&r, "term", "UMKM");
	ok(e != NULL && fabs(e->weight - 3) < 1e-9 && !e->in_title, "  weight 3, not in the title");
	kb_relevance_free(&r);

	kb_classify(l, "Produk UMKM", "", &r);
	e = find_ev(&r, "term", "UMKM");
	ok(e != NULL && fabs(e->weight - 6) < 1e-9 && e->in_title, "in the title: weight 6, in_title set");
	ok(fabs(r.score - (1 - exp(-1.0))) < 1e-9, "  score 1 - e^-1 (got %.4f)", r.score);
	kb_relevance_free(&r);

	kb_classify(l, NULL, "UMKM, UMKM, UMKM dan UMKM", &r);
	ok(r.n_ev == 4 && fabs(r.ev[0].weight - 3) < 1e-9 && fabs(r.ev[1].weight - 1.5) < 1e-9 &&
		   fabs(r.ev[2].weight - 0.75) < 1e-9 && fabs(r.ev[3].weight - 0.375) < 1e-9,
	   "repeats: 3, 1.5, 0.75, 0.375");
	kb_relevance_free(&r);

	kb_classify(l, "Pameran di Pendopo", "Pameran lukisan digelar di pendopo, stan penuh.", &r);
	ok(r.score == 0, "event words without MSME words score 0 (got %.3f)", r.score);
	is_int(r.topics, 0, "  and no topic");
	kb_relevance_free(&r);

	kb_classify(l, "Pameran UMKM", "Pameran UMKM digelar di pendopo.", &r);
	ok(r.score > 0.9, "pameran UMKM in the title and the lead: score > 0.9 (got %.3f)", r.score);
	kb_relevance_free(&r);

	kb_classify(l, "Pameran UMKM dan Pencurian", "Polisi menangkap tersangka pencurian di pameran UMKM.", &r);
	ok(find_ev(&r, "negative", "Pencurian") != NULL && find_ev(&r, "negative", "tersangka") != NULL &&
		   find_ev(&r, "negative", "menangkap") != NULL,
	   "negative signals are evidence");
	e = find_ev(&r, "negative", "tersangka");
	ok(e != NULL && e->weight < 0, "  with a negative weight");
	ok(!(r.topics & KB_TOPIC_EVENT), "  a crime story is not an event");
	kb_relevance_free(&r);

	ok(kb_classify(l, NULL, NULL, &r) == 0 && r.score == 0 && r.topics == 0 && r.n_ev == 0, "NULL title and text");
	kb_relevance_free(&r);
	ok(kb_classify(NULL, "Pameran UMKM", "", &r) == 0 && r.n_ev == 0, "no lexicon: nothing");
	kb_relevance_free(&r);

	/* hostile input */
	kb_classify(l, "\xff\xfe\x80UMKM\xc3", "\x01\x02UMKM\xed\xa0\x80pameran\xf4\x90\x80\x80stan\xc2", &r);
	ok(find_ev(&r, "term", "UMKM") != NULL && find_ev(&r, "term", "stan") != NULL, "invalid UTF-8 around words");
	kb_relevance_free(&r);

	n = 1u << 20;
	big = kb_malloc(n + 1);
	for (i = 0; i < n; i++)
		big[i] = words[i % (sizeof(words) - 1)];
	big[n] = '\0';
	t0 = clock();
	ok(kb_classify(l, big, big, &r) == 0, "1 MiB of matching words");
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ok(secs < 5, "  in %.3f s", secs);
	ok(r.n_ev <= 420, "  evidence is bounded (%zu)", r.n_ev);
	ok(r.score <= 1 && r.score >= 0, "  score in 0..1");
	kb_relevance_free(&r);

	for (i = 0; i < n; i++)
		big[i] = shorts[i % (sizeof(shorts) - 1)];
	t0 = clock();
	kb_classify(l, big, big, &r);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ok(secs < 5 && r.n_ev == 0, "1 MiB of one-letter words: nothing, in %.3f s", secs);
	kb_relevance_free(&r);

	memset(big, ' ', n);
	memcpy(big + 250 * 1024, "UMKM", 4);
	kb_classify(l, "", big, &r);
	ok(r.n_ev == 0, "only the first 200 KB of text are scanned");
	kb_relevance_free(&r);
	free(big);

	is_str(kb_topic_name(KB_TOPIC_EVENT), "event", "topic name event");
	is_str(kb_topic_name(KB_TOPIC_EXPORT), "export", "topic name export");
	is_str(kb_topic_name(KB_TOPIC_TRAINING), "training", "topic name training");
	is_str(kb_topic_name(KB_TOPIC_FINANCING), "financing", "topic name financing");
	is_str(kb_topic_name(KB_TOPIC_POLICY), "policy", "topic name policy");
	is_str(kb_topic_name(KB_TOPIC_AWARD), "award", "topic name award");
	ok(kb_topic_name(0) == NULL && kb_topic_name(3) == NULL && kb_topic_name(0x40) == NULL,
	   "no name for 0, 3, 0x40");
	kb_lexicon_free(l);
}

/* --- the real lexicon --- */

struct story {
	int event;	 /* 1: reports an MSME event */
	unsigned topics; /* topics that must be set too */
	const char *title;
	const char *text;
};

static const struct story stories[] = {
	{ 1, 0, "Dekranasda Jatim Boyong 25 Perajin ke Inacraft 2024",
	  "SURABAYA - Dewan Kerajinan Nasional Daerah (Dekranasda) Jawa Timur memboyong 25 perajin binaan ke ajang "
	  "Inacraft 2024 yang berlangsung di Jakarta Convention Center, 6-10 Maret 2024. Produk yang dibawa antara lain "
	  "batik tulis, tenun ikat dan anyaman pandan.\n\n\"Kami menargetkan transaksi Rp 2 miliar selama pameran,\" kata "
	  "Ketua Dekranasda Jatim." },
	{ 1, KB_TOPIC_EXPORT, "Misi Dagang Jatim di Makassar Catat Transaksi Rp 1,2 Triliun",
	  "MAKASSAR - Pemerintah Provinsi Jawa Timur menggelar misi dagang dan investasi di Makassar, Kamis (14/9). "
	  "Sebanyak 60 pelaku UMKM asal Jatim ikut memamerkan produknya dan bertemu pembeli dari Sulawesi Selatan.\n\n"
	  "Transaksi yang tercatat mencapai Rp 1,2 triliun, sebagian besar produk pertanian dan kerajinan." },
	{ 1, 0, "BRI Gelar Bazar UMKM di Alun-alun Purwokerto",
	  "PURWOKERTO - Bank BRI Cabang Purwokerto menggelar bazar UMKM selama tiga hari, 8-10 Desember 2023, di "
	  "Alun-alun Purwokerto. Sebanyak 50 UMKM binaan mengisi stan kuliner dan kerajinan.\n\nPengunjung tampak "
	  "memadati area bazar sejak pagi." },
	{ 1, 0, "Festival Kuliner UMKM Banyumas Hadirkan 80 Stan",
	  "BANYUMAS - Festival kuliner UMKM kembali digelar di GOR Satria, Sabtu (3/6). Sebanyak 80 stan pelaku UMKM "
	  "menjajakan makanan khas Banyumas.\n\nKepala Dinkop UKM Banyumas mengatakan festival ini menjadi sarana "
	  "promosi produk lokal." },
	{ 1, KB_TOPIC_EXPORT, "Indonesian MSMEs showcase handicraft at Dubai trade fair",
	  "DUBAI - Twenty Indonesian MSMEs joined the Dubai trade fair this week, showing batik, rattan furniture and "
	  "handicraft to buyers from the Gulf. The exhibition runs until Sunday and the pavilion has recorded export "
	  "orders worth 3 million dollars." },
	{ 1, 0, "Produk Kopi UMKM Bondowoso Diminati Pembeli Jepang",
	  "BONDOWOSO - Produk kopi dari sejumlah pelaku UMKM Bondowoso diminati pembeli asal Jepang dalam pameran "
	  "Trade Expo Indonesia (TEI) 2023 yang digelar di ICE BSD, Tangerang, 18-22 Oktober.\n\nStan Bondowoso "
	  "ramai dikunjungi pengunjung sejak hari pertama." },
	{ 1, 0, "Peringati Hari UMKM, Pemkot Madiun Gelar Gebyar Produk Lokal",
	  "MADIUN - Memperingati Hari UMKM Nasional, Pemkot Madiun menggelar Gebyar Produk Lokal di Alun-alun Kota "
	  "Madiun, 12-14 Agustus 2024. Sebanyak 120 pelaku UMKM ambil bagian dan membuka stan." },
	{ 0, KB_TOPIC_FINANCING, "Bank Jatim Salurkan KUR Rp 2 Triliun untuk UMKM",
	  "SURABAYA - Bank Jatim menyalurkan kredit usaha rakyat (KUR) senilai Rp 2 triliun kepada 40.000 pelaku UMKM "
	  "hingga Oktober 2023. Plafon KUR mikro mencapai Rp 50 juta dengan suku bunga 6 persen.\n\nBank Jatim juga "
	  "rutin mengikutsertakan debitur KUR dalam pameran produk." },
	{ 0, 0, "Pertamina Salurkan Dana CSR untuk 100 UMKM Binaan di Cilacap",
	  "CILACAP - PT Pertamina melalui program CSR menyalurkan bantuan modal usaha dan peralatan kepada 100 UMKM "
	  "binaan di Cilacap. Bantuan diserahkan di kantor kecamatan, Selasa (5/9).\n\nSebelumnya UMKM binaan "
	  "Pertamina pernah ikut pameran di Jakarta." },
	{ 0, 0, "Pameran Otomotif GIIAS Surabaya 2023 Catat Transaksi Rp 300 Miliar",
	  "SURABAYA - Pameran otomotif GIIAS Surabaya 2023 yang berlangsung di Grand City Convex mencatat transaksi "
	  "Rp 300 miliar. Sebanyak 25 merek mobil dan motor memamerkan produk terbaru.\n\nPanitia juga menyediakan "
	  "area kuliner yang diisi pelaku UMKM." },
	{ 0, 0, "Festival Budaya Dieng Digelar, Ribuan Wisatawan Padati Kawasan Candi",
	  "BANJARNEGARA - Festival Budaya Dieng kembali digelar selama tiga hari. Ribuan wisatawan memadati kawasan "
	  "candi untuk menyaksikan ritual pemotongan rambut gimbal dan pertunjukan jazz di atas awan." },
	{ 0, KB_TOPIC_TRAINING, "Diskop Sleman Gelar Pelatihan Pengemasan untuk 40 UMKM",
	  "SLEMAN - Dinas Koperasi dan UKM Sleman menggelar pelatihan pengemasan produk bagi 40 pelaku UMKM, Rabu "
	  "(6/9). Pelatihan berlangsung dua hari di aula dinas.\n\nProduk peserta yang lolos kurasi akan dipamerkan "
	  "pada pameran bulan depan." },
	{ 0, KB_TOPIC_POLICY, "Menkop UKM: Regulasi Baru Permudah UMKM Naik Kelas",
	  "JAKARTA - Menteri Koperasi dan UKM mengatakan regulasi baru tentang perizinan akan mempermudah UMKM naik "
	  "kelas. Kebijakan itu tertuang dalam peraturan pemerintah yang terbit pekan lalu." },
	{ 0, 0, "Kampanye di Pasar, Caleg Borong Dagangan Pelaku UMKM",
	  "SEMARANG - Seorang caleg DPRD Jawa Tengah berkampanye di Pasar Johar dan memborong dagangan pelaku UMKM. "
	  "Bawaslu mengingatkan kampanye di pasar harus sesuai aturan." },
	{ 0, 0, "Polisi Tangkap Pencuri Dompet di Bazar UMKM Alun-alun",
	  "PATI - Polisi menangkap seorang pencuri dompet yang beraksi di bazar UMKM Alun-alun Pati, Sabtu malam. "
	  "Tersangka ditangkap setelah dipergoki pengunjung bazar." },
	{ 0, KB_TOPIC_EXPORT, "Ekspor Produk UMKM Jatim Naik 15 Persen",
	  "SURABAYA - Nilai ekspor produk UMKM Jawa Timur naik 15 persen dibanding tahun lalu. Kenaikan didorong "
	  "permintaan kerajinan dan produk makanan olahan dari pasar ekspor Asia." },
	{ 0, 0, "UMKM Binaan BI Didorong Masuk Pasar Digital",
	  "MALANG - Bank Indonesia mendorong UMKM binaan masuk pasar digital. Menurut BI, digitalisasi membuka pasar "
	  "yang lebih luas bagi produk lokal.\n\nSelama ini UMKM binaan BI memasarkan produk lewat toko oleh-oleh.\n\n"
	  "Digitalisasi juga mempermudah pencatatan keuangan.\n\nBI berharap lebih banyak UMKM memanfaatkan QRIS. "
	  "Sebelumnya, sejumlah UMKM binaan juga kerap diikutkan dalam pameran." },
	{ 0, 0, "Expo Properti Semarang Tawarkan Rumah Subsidi",
	  "SEMARANG - Expo properti digelar di mal Paragon. Puluhan pengembang menawarkan rumah subsidi dengan uang "
	  "muka ringan dan KPR bunga rendah. Pengunjung juga bisa mencicipi kuliner." },
	{ 0, KB_TOPIC_POLICY, "Pemkab Klaten Resmikan 401 Koperasi Merah Putih",
	  "KLATEN - Bupati Klaten meresmikan 401 Koperasi Merah Putih di desa-desa. Koperasi akan menjalankan gerai "
	  "sembako dan simpan pinjam sesuai kebijakan pemerintah pusat." },
	{ 1, 0, "Produk Perajin Rotan Cirebon Dilirik Pembeli Eropa",
	  "CIREBON - Sejumlah perajin rotan asal Kabupaten Cirebon mendapat pesanan dari pembeli asal Belanda dan Jerman. Pesanan itu didapat saat mereka mengikuti pameran dagang internasional di Jakarta yang berlangsung 10-13 Oktober 2024.\n\nKepala Disperindag Kabupaten Cirebon mengatakan sebanyak 12 IKM rotan ikut serta dalam pameran tersebut. Stan Cirebon dikunjungi lebih dari 2.000 pengunjung selama empat hari.\n\nNilai transaksi yang tercatat mencapai Rp 4 miliar." },
	{ 1, 0, "Kopi Robusta Temanggung Laris Manis, Stan Ludes di Hari Pertama",
	  "TEMANGGUNG - Produk kopi robusta dari sejumlah UMKM Temanggung laris manis dalam Temanggung Coffee Festival yang digelar di Alun-alun Temanggung, Jumat-Minggu (8-10/9/2023). Sejumlah stan bahkan kehabisan stok pada hari pertama.\n\nKepala Dinas Koperasi dan UKM Temanggung mengatakan festival diikuti 45 pelaku usaha kopi." },
	{ 1, 0, "Ratusan UMKM Ramaikan Car Free Day Sudirman",
	  "JAKARTA - Ratusan pelaku UMKM meramaikan hari bebas kendaraan bermotor di Jalan Sudirman, Minggu (5/11). Mereka menjajakan kuliner dan kerajinan di sepanjang trotoar dalam bazar yang difasilitasi Dinas PPKUKM DKI." },
	{ 0, 0, "Menkop: Pameran UMKM Harus Berorientasi Transaksi",
	  "JAKARTA - Menteri Koperasi dan UKM meminta pemerintah daerah tidak lagi menggelar pameran UMKM yang hanya bersifat seremonial. Menurut dia, setiap pameran harus diukur dari nilai transaksi dan kontrak dagang yang dihasilkan.\n\nIa menyebut banyak pameran di daerah yang sepi pengunjung. Kemenkop UKM akan mengevaluasi anggaran pameran tahun depan." },
	{ 0, KB_TOPIC_TRAINING, "Dinkop Kota Malang Latih 50 Pelaku UMKM Jelang Malang Fest",
	  "MALANG - Dinas Koperasi Kota Malang melatih 50 pelaku UMKM dalam hal pengemasan dan pemasaran digital. Pelatihan ini digelar sebagai persiapan menjelang Malang Fest bulan depan.\n\nPeserta mendapatkan materi dari praktisi branding dan fotografi produk." },
	{ 0, 0, "Pameran Seni Rupa Perupa Muda Digelar di Galeri Nasional",
	  "JAKARTA - Sebanyak 40 perupa muda memamerkan karya seni rupa di Galeri Nasional, 1-15 Agustus. Pameran lukisan dan instalasi ini dikurasi oleh kurator senior. Pengunjung dapat menikmati karya secara gratis." },
	{ 0, 0, "Kejari Tetapkan Tersangka Korupsi Dana Pameran UMKM",
	  "BLITAR - Kejaksaan Negeri Blitar menetapkan dua tersangka kasus korupsi anggaran pameran UMKM tahun 2022 di Dinas Koperasi. Kerugian negara ditaksir Rp 800 juta." },
	{ 0, 0, "Pemkab Gresik Resmikan Galeri UMKM di Kawasan Bandar Grissee",
	  "GRESIK - Bupati Gresik meresmikan Galeri UMKM di kawasan Bandar Grissee, Senin (4/3). Galeri ini menampung produk 120 UMKM binaan dan buka setiap hari. Pengunjung dapat membeli batik, kopi dan makanan olahan." },
};

static void
test_real(struct kb_lexicon *l)
{
	struct kb_relevance r;
	size_t i;

	for (i = 0; i < KB_ARRAY_LEN(stories); i++) {
		const struct story *s = &stories[i];
		int ev;

		kb_classify(l, s->title, s->text, &r);
		ev = (r.topics & KB_TOPIC_EVENT) != 0;
		if (!ok(ev == s->event, "%s: %s", s->event ? "event" : "not an event", s->title))
			dump(&r);
		if (s->topics != 0 &&
		    !ok((r.topics & s->topics) == s->topics, "  topics 0x%x include 0x%x", r.topics, s->topics))
			dump(&r);
		if (s->event)
			ok(r.score > 0.5, "  relevant (%.2f)", r.score);
		kb_relevance_free(&r);
	}
}

static char *
slurp(const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	char *b;
	size_t n;

	if (f == NULL)
		return NULL;
	b = kb_malloc(max + 1);
	n = fread(b, 1, max, f);
	b[n] = '\0';
	fclose(f);
	return b;
}

/* title, blank line, text */
static void
classify_file(struct kb_lexicon *l, char *doc, struct kb_relevance *r)
{
	char *nl = strchr(doc, '\n');

	if (nl != NULL) {
		*nl = '\0';
		kb_classify(l, doc, nl + 1, r);
	} else {
		kb_classify(l, doc, "", r);
	}
}

static void
test_seed(struct kb_lexicon *l, const char *shared)
{
	char path[1200];
	char *doc;
	struct kb_relevance r;

	snprintf(path, sizeof(path), "%s/data/seed-article.txt", shared);
	doc = slurp(path, 1u << 20);
	if (doc == NULL) {
		skip(4, "no seed-article.txt in SHARED_DIR");
		return;
	}
	classify_file(l, doc, &r);
	ok(r.topics & KB_TOPIC_EVENT, "seed article: an MSME event");
	ok(r.topics & KB_TOPIC_EXPORT, "seed article: export topic too");
	ok(r.score > 0.9, "seed article: score %.2f > 0.9", r.score);
	ok(find_ev(&r, "term", "DiskopUKMperindag") != NULL && find_ev(&r, "term", "diekspor") != NULL,
	   "seed article: DiskopUKMperindag and diekspor are evidence");
	kb_relevance_free(&r);
	free(doc);
}

/* The labeled set: tests/data/msme/labels.tsv (its README): the first
 * column names the text (NNN for NNN.txt), the column headed
 * is_msme_event is 1 for an MSME event. */
static void
test_labeled(struct kb_lexicon *l, const char *srcdir)
{
	char path[1200], line[2048];
	FILE *f;
	int col = 1, tp = 0, fp = 0, fn = 0, tn = 0, lineno = 0;

	snprintf(path, sizeof(path), "%s/tests/data/msme/labels.tsv", srcdir);
	f = fopen(path, "r");
	if (f == NULL) {
		skip(2, "no tests/data/msme/labels.tsv yet");
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *fields[16], *p = line, *doc;
		int nf = 0, want, got;
		struct kb_relevance r;
		char file[2400];

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0') {
			if (line[0] == '#')
				p = line + 1;
			else
				continue;
		}
		while (nf < 16) {
			char *tab = strchr(p, '\t');

			fields[nf++] = p;
			if (tab == NULL)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (line[0] == '#' || (lineno == 1 && strstr(fields[0], "file") != NULL) ||
		    (lineno == 1 && strstr(fields[0], "id") != NULL)) {
			int k;

			for (k = 0; k < nf; k++) {
				const char *h = fields[k];

				while (*h == '#' || *h == ' ')
					h++;
				if (kb_strcasecmp(h, "event") == 0 || kb_strcasecmp(h, "is_msme_event") == 0 ||
				    kb_strcasecmp(h, "msme_event") == 0)
					col = k;
			}
			continue;
		}
		if (nf <= col)
			continue;
		want = strcmp(fields[col], "1") == 0 || kb_strcasecmp(fields[col], "yes") == 0 ||
		       kb_strcasecmp(fields[col], "true") == 0 || kb_strcasecmp(fields[col], "event") == 0;
		snprintf(file, sizeof(file), "%s/tests/data/msme/%s%s", srcdir, fields[0],
			 strstr(fields[0], ".txt") ? "" : ".txt");
		doc = slurp(file, 1u << 20);
		if (doc == NULL)
			continue;
		classify_file(l, doc, &r);
		got = (r.topics & KB_TOPIC_EVENT) != 0;
		if (got && want) {
			tp++;
		} else if (got) {
			fp++;
			diag("false positive: %s", fields[0]);
		} else if (want) {
			fn++;
			diag("false negative: %s", fields[0]);
		} else {
			tn++;
		}
		kb_relevance_free(&r);
		free(doc);
	}
	fclose(f);
	if (tp + fp + fn + tn == 0) {
		skip(2, "labels.tsv names no readable texts");
		return;
	}
	diag("labeled set: %d texts, tp %d fp %d fn %d tn %d", tp + fp + fn + tn, tp, fp, fn, tn);
	ok(tp + fp > 0 && (double)tp / (tp + fp) >= 0.95, "labeled set: precision %.3f >= 0.95",
	   tp + fp ? (double)tp / (tp + fp) : 0.0);
	ok(tp + fn > 0 && (double)tp / (tp + fn) >= 0.90, "labeled set: recall %.3f >= 0.90",
	   tp + fn ? (double)tp / (tp + fn) : 0.0);
}

int
main(void)
{
	const char *shared = getenv("SHARED_DIR");
	const char *srcdir = getenv("top_srcdir");
	char shared_buf[1024], path[1200];
	struct kb_lexicon *l = NULL;
	char *err = NULL;
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test-classify.XXXXXX", t && *t ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! mkdtemp %s\n", tmpdir);
		return 1;
	}
	if (srcdir == NULL)
		srcdir = "..";
	if (shared == NULL || *shared == '\0') {
		snprintf(shared_buf, sizeof(shared_buf), "%s/../shared", srcdir);
		shared = shared_buf;
	}

	test_parse();
	test_matching();
	test_scoring();

	snprintf(path, sizeof(path), "%s/data/lexicon-umkm.tsv", shared);
	if (access(path, R_OK) != 0) {
		skip(1, "no lexicon-umkm.tsv in SHARED_DIR");
	} else if (kb_lexicon_load(path, &l, &err) != 0) {
		ok(0, "the real lexicon loads: %s", err);
	} else {
		ok(1, "the real lexicon loads");
		test_real(l);
		test_seed(l, shared);
		test_labeled(l, srcdir);
	}
	kb_lexicon_free(l);
	free(err);

	snprintf(path, sizeof(path), "%s/lex.tsv", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/nul.tsv", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return done_testing();
}
