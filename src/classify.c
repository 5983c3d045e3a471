/* classify.c: MSME relevance and topics of a story (src/msme.h).
 *
 * The lexicon
 * -----------
 * A TSV file (../shared/data/lexicon-umkm.tsv): term, weight
 * (strong|medium|weak), class, an optional note; '#' starts a comment
 * line; a UTF-8 BOM, CRLF line ends and trailing tabs are tolerated. Every
 * malformed line is an error naming FILE:LINE, like the config file.
 * Terms are ASCII words (letters and digits) joined by spaces, '-', '/',
 * '.', '&' or '''; at most TERM_MAX_WORDS words and TERM_MAX_LEN bytes.
 * The classes are those of class_roles[]; an unknown class is an error.
 *
 * A built-in table (builtin[] below) adds what the lexicon lacks: the
 * words of the training, financing, policy, award and export topics,
 * words that say an event takes place (digelar, berlangsung, peserta...),
 * a few MSME words (pengrajin, kurator, Kemenkop...) and the negative
 * signals (politics, crime, sports, disasters, CSR and BUMN sponsors,
 * non-MSME expos). A lexicon term with the same words replaces a built-in
 * one. role_override[] gives some lexicon terms roles their class does
 * not (misi dagang is also an event, BUMN only a sponsor, Diskominfo only
 * a publisher).
 *
 * Matching
 * --------
 * The text is cut into tokens: runs of ASCII letters and digits (every
 * other byte, UTF-8 included, is a boundary), so terms match whole words
 * only: "kurasi" is not found in "akurasi". A phrase matches tokens
 * separated by at most TERM_MAX_GAP bytes of spaces, '-', '/' or
 * no-break spaces (so "Diskop-UKM", "Diskop UKM"), or all its words
 * written together ("DiskopUKM", "KemenkopUKM"). Ordinary words match
 * regardless of ASCII case. A word of the lexicon with two or more capital
 * letters and no small ones (UMKM, KUR, BUMN) is an acronym: it matches
 * only as written in capitals, alone or with the clitic "nya" or the
 * English plural "s" ("UMKMnya", "MSMEs"). UMKM and UKM (role_override[])
 * are also found in capitals inside a word of at least two more letters:
 * agencies are named after them (PPKUKM, DKUMKM, DinkopUMKM). At each
 * token the longest phrase wins; a word of the lexicon flagged as a
 * prefix in builtin[] (Diskop, Dinkop, Kemenkop) also matches a word
 * that starts with it (Diskopumdag).
 *
 * A single ordinary word of the lexicon is a base word: its derived
 * forms match too when removing real Indonesian affixes gives it back:
 * prefixes me-/mem-/men-/meng-/meny-/pe-/pem-/pen-/peng-/peny- (with the
 * dropped p/t/k/s restored: memamerkan -> pamer), di-, ber-, ter-, per-,
 * a second per-/ber- (diperkenalkan), ke- only with -an (ke-an), and the
 * suffixes -kan, -an, -i, -nya and their combinations (-kannya) and the
 * plural -s. A base of fewer than 4 letters matches only exactly; one of
 * 4 letters takes suffixes but no prefixes ("stan" is not in "Distan").
 * An exact match always wins over a derived one.
 *
 * Scoring
 * -------
 * Weights: strong 3, medium 2, weak 1. The k-th occurrence of a term
 * (title first) contributes
 *
 *     c = w * (2 in the title, else 1) * 0.5^(k-1)
 *
 * so repeats add at most twice the first. With A the sum over MSME terms
 * (classes core, org, product, program, sector, occasion, event-brand,
 * and finance, policy, support), C over the other positive terms (event,
 * venue, outcome, export, process, the words of the training, policy,
 * award and export topics; financing words such as kredit count for no
 * side) and N over politics, crime, sports and disaster words:
 *
 *     S = A + min(1, A / 3) * C - N
 *     score = 1 - exp(-S / 6)  (0 when S <= 0)
 *
 * Words about events without any MSME word do not make MSME news.
 *
 * The event decision (KB_TOPIC_EVENT): see decide_event().
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msme.h"
#include "textscan.h"
#include "util.h"

#define LEX_MAX_FILE   (4u << 20) /* bytes of a lexicon file */
#define LEX_MAX_LINE   4096
#define LEX_MAX_TERMS  10000
#define TERM_MAX_LEN   64 /* bytes of a term and of one word */
#define TERM_MAX_WORDS 8
#define TERM_MAX_GAP   4 /* bytes between the words of a phrase */

#define SCAN_MAX_TEXT  (200u * 1024) /* bytes of text looked at */
#define SCAN_MAX_TITLE 2048
#define MAX_EVIDENCE   400
#define LEAD_BYTES     600 /* the lead: where the subject is stated */
#define NEAR_STRONG    30  /* tokens between a strong event word and an MSME word */
#define NEAR_WEAK      8   /* the same for medium and weak event words */

/* What a term says. A term has one or more roles; its class gives them
 * (class_roles[]), role_override[] and builtin[] adjust them. */
#define R_MSME	    0x00001u /* an MSME word: UMKM, perajin, Dekranasda */
#define R_REL	    0x00002u /* MSME-related but no sign of an event: KUR, NIB */
#define R_EVENT	    0x00004u /* an event word: pameran, expo, bazar */
#define R_SUPPORT   0x00008u /* the event is happening: stan, pengunjung, digelar */
#define R_SELF	    0x00010u /* an MSME event by itself: Inacraft */
#define R_EXPORT    0x00020u
#define R_TRAINING  0x00040u
#define R_FINANCE   0x00080u
#define R_POLICY    0x00100u
#define R_AWARD	    0x00200u
#define R_CONTEXT   0x00400u /* counts as context: kurasi, HKI */
#define R_NEG_POL   0x00800u /* politics */
#define R_NEG_CRIME 0x01000u
#define R_NEG_SPORT 0x02000u
#define R_NEG_DIS   0x04000u /* disasters */
#define R_CSR	    0x08000u /* a BUMN or a sponsor, CSR */
#define R_PUBLISH   0x10000u /* a publisher: Diskominfo */
#define R_OTHER	    0x20000u /* names a non-MSME expo: otomotif, properti */
#define R_KDMP	    0x40000u /* Koperasi Merah Putih policy */
#define R_VENUE	    0x80000u /* (with R_SUPPORT) stands, visitors, sales: the event is described */

#define R_NEG	    (R_NEG_POL | R_NEG_CRIME | R_NEG_SPORT | R_NEG_DIS)
#define R_ANCHOR    (R_MSME | R_REL)
#define R_POSITIVE  (R_EVENT | R_SUPPORT | R_EXPORT | R_TRAINING | R_POLICY | R_AWARD | R_CONTEXT)
#define R_BLOCKING  (R_NEG | R_CSR | R_PUBLISH | R_OTHER | R_KDMP | R_FINANCE)

/* The role of each topic's words, in KB_TOPIC_* order. */
static const unsigned topic_role[KB_N_TOPICS] = { R_EVENT, R_EXPORT, R_TRAINING, R_FINANCE, R_POLICY, R_AWARD };

/* Term flags. */
#define TF_NOAFFIX 0x1u /* exact forms only */
#define TF_PREFIX  0x2u /* also the start of a longer word: Diskop -> Diskopumdag */
#define TF_TITLEQ  0x4u /* (R_OTHER) in a title without MSME words: not an MSME event */
#define TF_INFIX   0x8u /* an acronym also inside an agency's acronym: PPKUKM, DinkopUMKM */

#define W_WEAK	   1.0
#define W_MEDIUM   2.0
#define W_STRONG   3.0

struct term {
	char *text; /* as in the lexicon */
	double weight;
	unsigned roles;
	unsigned flags;
	int line; /* in the lexicon file, 0 for built-in */
};

/* One way of writing a term: its words, or all of them written together. */
struct variant {
	size_t term;
	size_t next; /* the next variant with the same first word, index + 1; 0 ends */
	uint32_t off[TERM_MAX_WORDS];
	uint8_t len[TERM_MAX_WORDS];
	uint8_t nwords;
	uint8_t acronym; /* one word, all capitals */
	uint8_t affix;	 /* one ordinary word: derived forms match */
	uint8_t prefix;	 /* TF_PREFIX */
	uint8_t infix;	 /* TF_INFIX */
};

struct kb_lexicon {
	struct term *terms;
	size_t n_terms, cap_terms;
	struct variant *vars;
	size_t n_vars, cap_vars;
	char *lower; /* the words, lower case */
	char *upper; /* 1 where the word must have a capital letter */
	size_t pool_len, pool_cap;
	size_t *slots; /* hash of first words: head variant index + 1 */
	size_t n_slots;
	size_t *prefixes; /* variants that also match a word's start */
	size_t n_prefixes;
	size_t *infixes; /* acronyms that also match inside a word */
	size_t n_infixes;
};

/* --- classes and the built-in table --- */

static const struct {
	const char *name;
	unsigned roles;
} class_roles[] = {
	{ "core", R_MSME },
	{ "event", R_EVENT },
	{ "export", R_EXPORT },
	{ "process", R_CONTEXT | R_TRAINING },
	{ "venue", R_SUPPORT | R_VENUE },
	{ "outcome", R_SUPPORT | R_VENUE },
	{ "product", R_MSME },
	{ "policy", R_REL | R_POLICY },
	{ "program", R_MSME },
	{ "occasion", R_MSME | R_SUPPORT },
	{ "sector", R_MSME },
	{ "org", R_MSME },
	{ "event-brand", R_MSME | R_EVENT | R_SELF },
	{ "support", R_REL | R_CONTEXT },
	{ "finance", R_REL | R_FINANCE },
	{ "en", R_MSME },
};

/* Roles of some lexicon terms that differ from their class's (keyed by
 * the term in lower case, words separated by one space). */
static const struct {
	const char *term;
	unsigned roles;
	unsigned flags;
} role_override[] = {
	{ "misi dagang", R_EXPORT | R_EVENT },
	{ "business matching", R_EXPORT | R_EVENT },
	{ "temu bisnis", R_EXPORT | R_EVENT },
	{ "go digital", R_CONTEXT | R_TRAINING },
	{ "inkubasi", R_MSME | R_TRAINING },
	{ "wirausaha baru", R_MSME | R_TRAINING },
	{ "bumn", R_CSR },
	{ "diskominfo", R_PUBLISH },
	{ "koperasi merah putih", R_REL | R_POLICY | R_KDMP },
	{ "exhibition", R_EVENT },
	{ "trade show", R_EVENT },
	{ "export", R_EXPORT },
	{ "naik kelas", R_REL | R_POLICY },
	{ "umkm", R_MSME, TF_INFIX },
	{ "ukm", R_MSME, TF_INFIX },
};

#define S W_STRONG
#define M W_MEDIUM
#define L W_WEAK
static const struct {
	const char *term;
	double weight;
	unsigned roles;
	unsigned flags;
} builtin[] = {
	/* MSME words the lexicon lacks */
	{ "pengrajin", M, R_MSME, 0 },
	{ "craft", M, R_MSME, 0 },
	{ "kurator", M, R_CONTEXT | R_TRAINING, 0 },
	{ "usaha kecil", M, R_MSME, 0 },
	{ "industri kecil", M, R_MSME, 0 },
	{ "pelaku ekonomi kreatif", M, R_MSME, 0 },
	{ "Kemenkop", S, R_MSME, TF_PREFIX },
	{ "Menkop", S, R_MSME, TF_PREFIX },
	{ "Menteri Koperasi", S, R_MSME, 0 },
	{ "Menteri UMKM", S, R_MSME, 0 },
	{ "Diskop", S, R_MSME, TF_PREFIX },
	{ "Dinkop", S, R_MSME, TF_PREFIX },
	{ "Diskum", S, R_MSME, TF_PREFIX },
	{ "Disperindagkop", S, R_MSME, TF_PREFIX },
	{ "Dinas Koperasi", S, R_MSME, 0 },
	{ "Dinas UMKM", S, R_MSME, 0 },
	/* event words */
	{ "pamer", M, R_EVENT, 0 },
	{ "gebyar", M, R_EVENT, 0 },
	{ "gelar karya", M, R_EVENT, 0 },
	{ "gelaran", L, R_EVENT, TF_NOAFFIX },
	{ "fest", M, R_EVENT, 0 },
	{ "market", L, R_EVENT, 0 },
	{ "trade mission", S, R_EXPORT | R_EVENT, 0 },
	/* an event takes place */
	{ "digelar", L, R_SUPPORT, TF_NOAFFIX },
	{ "menggelar", L, R_SUPPORT, TF_NOAFFIX },
	{ "diselenggarakan", L, R_SUPPORT, TF_NOAFFIX },
	{ "menyelenggarakan", L, R_SUPPORT, TF_NOAFFIX },
	{ "penyelenggaraan", L, R_SUPPORT, TF_NOAFFIX },
	{ "berlangsung", L, R_SUPPORT, TF_NOAFFIX },
	{ "dihelat", L, R_SUPPORT, TF_NOAFFIX },
	{ "menghelat", L, R_SUPPORT, TF_NOAFFIX },
	{ "diramaikan", L, R_SUPPORT, TF_NOAFFIX },
	{ "meramaikan", L, R_SUPPORT, TF_NOAFFIX },
	{ "ramaikan", L, R_SUPPORT, TF_NOAFFIX },
	{ "peserta", L, R_SUPPORT, 0 },
	{ "diikuti", L, R_SUPPORT, TF_NOAFFIX },
	{ "ajang", L, R_SUPPORT, 0 },
	{ "mejeng", L, R_SUPPORT, TF_NOAFFIX },
	{ "resmi dibuka", M, R_SUPPORT, 0 },
	{ "membuka secara resmi", M, R_SUPPORT, 0 },
	{ "pembukaan", L, R_SUPPORT, TF_NOAFFIX },
	{ "omzet", L, R_SUPPORT | R_VENUE, 0 },
	/* training */
	{ "pelatihan", S, R_TRAINING, 0 },
	{ "latih", M, R_TRAINING, 0 },
	{ "bimtek", S, R_TRAINING, 0 },
	{ "bimbingan teknis", S, R_TRAINING, 0 },
	{ "diklat", M, R_TRAINING, 0 },
	{ "workshop", M, R_TRAINING, 0 },
	{ "lokakarya", M, R_TRAINING, 0 },
	{ "pendampingan", M, R_TRAINING, 0 },
	{ "coaching", M, R_TRAINING, 0 },
	{ "mentoring", M, R_TRAINING, 0 },
	{ "kursus", M, R_TRAINING, 0 },
	{ "inkubator", M, R_TRAINING, 0 },
	{ "webinar", L, R_TRAINING, 0 },
	{ "seminar", L, R_TRAINING, 0 },
	{ "sosialisasi", L, R_TRAINING, 0 },
	/* export */
	{ "eksportir", M, R_EXPORT, 0 },
	{ "pasar ekspor", S, R_EXPORT, 0 },
	{ "pasar global", M, R_EXPORT, 0 },
	{ "pasar internasional", M, R_EXPORT, 0 },
	{ "mancanegara", L, R_EXPORT, 0 },
	{ "luar negeri", L, R_EXPORT, 0 },
	{ "importir", L, R_EXPORT, 0 },
	/* financing */
	{ "kredit", M, R_FINANCE, 0 },
	{ "Kredit Usaha Rakyat", S, R_REL | R_FINANCE, 0 },
	{ "pembiayaan", M, R_FINANCE, 0 },
	{ "pinjaman", M, R_FINANCE, 0 },
	{ "permodalan", M, R_FINANCE, 0 },
	{ "modal usaha", M, R_FINANCE, 0 },
	{ "bantuan modal", M, R_FINANCE, 0 },
	{ "modal", L, R_FINANCE, 0 },
	{ "bunga", L, R_FINANCE, 0 },
	{ "suku bunga", M, R_FINANCE, 0 },
	{ "subsidi bunga", M, R_FINANCE, 0 },
	{ "plafon", M, R_FINANCE, 0 },
	{ "penyaluran", L, R_FINANCE, 0 },
	{ "disalurkan", L, R_FINANCE, TF_NOAFFIX },
	{ "menyalurkan", L, R_FINANCE, TF_NOAFFIX },
	{ "angsuran", M, R_FINANCE, 0 },
	{ "nasabah", L, R_FINANCE, 0 },
	{ "debitur", M, R_FINANCE, 0 },
	{ "restrukturisasi", M, R_FINANCE, 0 },
	{ "bansos", M, R_FINANCE, 0 },
	{ "bantuan sosial", M, R_FINANCE, 0 },
	{ "BLT", L, R_FINANCE, 0 },
	{ "Banpres", M, R_REL | R_FINANCE, 0 },
	{ "OJK", L, R_FINANCE, 0 },
	{ "pinjol", M, R_FINANCE, 0 },
	/* policy */
	{ "regulasi", M, R_POLICY, 0 },
	{ "kebijakan", M, R_POLICY, 0 },
	{ "peraturan", M, R_POLICY, 0 },
	{ "peraturan pemerintah", S, R_POLICY, 0 },
	{ "perpres", M, R_POLICY, 0 },
	{ "permen", L, R_POLICY, TF_NOAFFIX },
	{ "undang-undang", M, R_POLICY, 0 },
	{ "RUU", M, R_POLICY, 0 },
	{ "perda", M, R_POLICY, 0 },
	{ "perizinan", M, R_POLICY, 0 },
	{ "deregulasi", M, R_POLICY, 0 },
	{ "pajak", L, R_POLICY, 0 },
	{ "insentif", L, R_POLICY, 0 },
	{ "Kopdes Merah Putih", L, R_REL | R_POLICY | R_KDMP, 0 },
	{ "Koperasi Desa Merah Putih", L, R_REL | R_POLICY | R_KDMP, 0 },
	{ "Koperasi Kelurahan Merah Putih", L, R_REL | R_POLICY | R_KDMP, 0 },
	{ "KDMP", L, R_REL | R_POLICY | R_KDMP, 0 },
	{ "KKMP", L, R_REL | R_POLICY | R_KDMP, 0 },
	/* award */
	{ "penghargaan", S, R_AWARD, 0 },
	{ "anugerah", S, R_AWARD, 0 },
	{ "award", M, R_AWARD, 0 },
	{ "awards", M, R_AWARD, 0 },
	{ "juara", M, R_AWARD, 0 },
	{ "lomba", M, R_AWARD, 0 },
	{ "kompetisi", M, R_AWARD, 0 },
	{ "pemenang", M, R_AWARD, 0 },
	{ "trofi", M, R_AWARD, 0 },
	{ "apresiasi", L, R_AWARD, 0 },
	{ "kontes", L, R_AWARD, 0 },
	/* politics */
	{ "pilkada", S, R_NEG_POL, 0 },
	{ "pemilu", S, R_NEG_POL, 0 },
	{ "pilpres", S, R_NEG_POL, 0 },
	{ "pileg", S, R_NEG_POL, 0 },
	{ "caleg", S, R_NEG_POL, 0 },
	{ "paslon", S, R_NEG_POL, 0 },
	{ "Bawaslu", S, R_NEG_POL, 0 },
	{ "pencoblosan", S, R_NEG_POL, 0 },
	{ "calon bupati", S, R_NEG_POL, 0 },
	{ "calon wali kota", S, R_NEG_POL, 0 },
	{ "calon walikota", S, R_NEG_POL, 0 },
	{ "calon gubernur", S, R_NEG_POL, 0 },
	{ "kampanye", L, R_NEG_POL, 0 },
	{ "KPU", M, R_NEG_POL, 0 },
	{ "partai", L, R_NEG_POL, 0 },
	{ "koalisi", M, R_NEG_POL, 0 },
	{ "DPRD", L, R_NEG_POL, 0 },
	/* crime */
	{ "tangkap", S, R_NEG_CRIME, 0 },
	{ "pencuri", S, R_NEG_CRIME, TF_NOAFFIX },
	{ "tersangka", S, R_NEG_CRIME, 0 },
	{ "terdakwa", S, R_NEG_CRIME, 0 },
	{ "pencurian", S, R_NEG_CRIME, 0 },
	{ "pembunuhan", S, R_NEG_CRIME, 0 },
	{ "penganiayaan", S, R_NEG_CRIME, 0 },
	{ "narkoba", S, R_NEG_CRIME, 0 },
	{ "begal", S, R_NEG_CRIME, 0 },
	{ "curanmor", S, R_NEG_CRIME, 0 },
	{ "penipuan", M, R_NEG_CRIME, 0 },
	{ "korupsi", M, R_NEG_CRIME, 0 },
	{ "kejaksaan", M, R_NEG_CRIME, 0 },
	{ "Kejari", M, R_NEG_CRIME, 0 },
	{ "vonis", M, R_NEG_CRIME, 0 },
	{ "ditahan", M, R_NEG_CRIME, TF_NOAFFIX },
	{ "Satreskrim", M, R_NEG_CRIME, 0 },
	{ "pelaku kejahatan", M, R_NEG_CRIME, 0 },
	{ "KUHP", M, R_NEG_CRIME, 0 },
	{ "polisi", L, R_NEG_CRIME, 0 },
	{ "Polres", L, R_NEG_CRIME, 0 },
	{ "Polresta", L, R_NEG_CRIME, 0 },
	{ "Polsek", L, R_NEG_CRIME, 0 },
	/* sports */
	{ "sepak bola", S, R_NEG_SPORT, 0 },
	{ "sepakbola", S, R_NEG_SPORT, 0 },
	{ "PSSI", S, R_NEG_SPORT, 0 },
	{ "kejuaraan", M, R_NEG_SPORT, 0 },
	{ "liga", M, R_NEG_SPORT, 0 },
	{ "pertandingan", M, R_NEG_SPORT, 0 },
	{ "turnamen", M, R_NEG_SPORT, 0 },
	{ "atlet", M, R_NEG_SPORT, 0 },
	{ "Porprov", M, R_NEG_SPORT, 0 },
	{ "pelatih", M, R_NEG_SPORT, TF_NOAFFIX },
	{ "skuad", M, R_NEG_SPORT, 0 },
	{ "laga", M, R_NEG_SPORT, TF_NOAFFIX },
	{ "medali", M, R_NEG_SPORT, 0 },
	{ "bulu tangkis", M, R_NEG_SPORT, 0 },
	{ "voli", M, R_NEG_SPORT, 0 },
	{ "futsal", M, R_NEG_SPORT, 0 },
	{ "maraton", M, R_NEG_SPORT, 0 },
	{ "marathon", M, R_NEG_SPORT, 0 },
	{ "pelari", M, R_NEG_SPORT, TF_NOAFFIX },
	{ "klub", L, R_NEG_SPORT, 0 },
	{ "stadion", L, R_NEG_SPORT, 0 },
	/* disasters */
	{ "banjir", S, R_NEG_DIS, 0 },
	{ "gempa", S, R_NEG_DIS, 0 },
	{ "longsor", S, R_NEG_DIS, 0 },
	{ "kebakaran", S, R_NEG_DIS, 0 },
	{ "erupsi", S, R_NEG_DIS, 0 },
	{ "tsunami", S, R_NEG_DIS, 0 },
	{ "puting beliung", S, R_NEG_DIS, 0 },
	{ "korban jiwa", S, R_NEG_DIS, 0 },
	{ "BPBD", M, R_NEG_DIS, 0 },
	{ "pengungsi", M, R_NEG_DIS, 0 },
	{ "evakuasi", M, R_NEG_DIS, 0 },
	{ "bencana", M, R_NEG_DIS, 0 },
	/* CSR, sponsors, BUMN */
	{ "CSR", M, R_CSR, 0 },
	{ "TJSL", M, R_CSR, 0 },
	{ "tanggung jawab sosial", M, R_CSR, 0 },
	{ "bina lingkungan", M, R_CSR, 0 },
	{ "sponsor", L, R_CSR, 0 },
	{ "BRI", L, R_CSR, 0 },
	{ "BNI", L, R_CSR, 0 },
	{ "BTN", L, R_CSR, 0 },
	{ "BSI", L, R_CSR, 0 },
	{ "Bank Mandiri", L, R_CSR, 0 },
	{ "Bank Jateng", L, R_CSR, 0 },
	{ "Bank Jatim", L, R_CSR, 0 },
	{ "Bank BJB", L, R_CSR, 0 },
	{ "Pegadaian", L, R_CSR, 0 },
	{ "Pertamina", L, R_CSR, 0 },
	{ "PLN", L, R_CSR, 0 },
	{ "Telkom", L, R_CSR, 0 },
	{ "PNM", L, R_CSR, 0 },
	{ "Mekaar", L, R_CSR, 0 },
	/* expos that are not MSME events: the word beside an event word */
	{ "otomotif", M, R_OTHER, TF_TITLEQ },
	{ "mobil", M, R_OTHER, TF_TITLEQ },
	{ "mobil listrik", M, R_OTHER, TF_TITLEQ },
	{ "properti", M, R_OTHER, TF_TITLEQ },
	{ "perumahan", M, R_OTHER, TF_TITLEQ },
	{ "KPR", M, R_OTHER, TF_TITLEQ },
	{ "GIIAS", M, R_OTHER, TF_TITLEQ },
	{ "IIMS", M, R_OTHER, TF_TITLEQ },
	{ "job fair", M, R_OTHER, TF_TITLEQ },
	{ "bursa kerja", M, R_OTHER, TF_TITLEQ },
	{ "lowongan kerja", M, R_OTHER, TF_TITLEQ },
	{ "pencari kerja", M, R_OTHER, 0 },
	{ "dealer", M, R_OTHER, 0 },
	{ "motor", L, R_OTHER, 0 },
	{ "sepeda motor", L, R_OTHER, 0 },
	{ "kendaraan", L, R_OTHER, 0 },
	{ "pendidikan", L, R_OTHER, 0 },
	{ "kampus", L, R_OTHER, 0 },
	{ "universitas", L, R_OTHER, 0 },
	{ "beasiswa", L, R_OTHER, 0 },
	{ "buku", L, R_OTHER, 0 },
	{ "lukisan", L, R_OTHER, 0 },
	{ "seni rupa", L, R_OTHER, 0 },
	{ "fotografi", L, R_OTHER, 0 },
	{ "foto", L, R_OTHER, 0 },
	{ "arsip", L, R_OTHER, 0 },
	{ "museum", L, R_OTHER, 0 },
	{ "sejarah", L, R_OTHER, 0 },
	{ "pusaka", L, R_OTHER, 0 },
	{ "alutsista", L, R_OTHER, 0 },
	{ "pertahanan", L, R_OTHER, 0 },
	{ "gadget", L, R_OTHER, 0 },
	{ "smartphone", L, R_OTHER, 0 },
	{ "ponsel", L, R_OTHER, 0 },
	{ "elektronik", L, R_OTHER, 0 },
	{ "komputer", L, R_OTHER, 0 },
	{ "pernikahan", L, R_OTHER, 0 },
	{ "wedding", L, R_OTHER, 0 },
	{ "kesehatan", L, R_OTHER, 0 },
	{ "budaya", L, R_OTHER, 0 },
	{ "kesenian", L, R_OTHER, 0 },
	{ "film", L, R_OTHER, 0 },
	{ "musik", L, R_OTHER, 0 },
	{ "layang-layang", L, R_OTHER, 0 },
};
#undef S
#undef M
#undef L

/* --- small helpers --- */

static size_t
hash_word(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return (size_t)(h ^ (h >> 29));
}

/* --- building the lexicon --- */

/* The words of a term: lower case, with the capitals an acronym needs. */
struct words {
	char lower[TERM_MAX_LEN + 1];
	char upper[TERM_MAX_LEN + 1];
	uint8_t off[TERM_MAX_WORDS];
	uint8_t len[TERM_MAX_WORDS];
	uint8_t acr[TERM_MAX_WORDS];
	size_t n, total;
};

/* Split a term into words. NULL, or why it is not a term (static). */
static const char *
split_term(const char *t, struct words *w)
{
	size_t i = 0, n = strlen(t);

	memset(w, 0, sizeof(*w));
	if (n == 0)
		return "empty term";
	if (n > TERM_MAX_LEN)
		return "term too long";
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if (!kb_ascii_alnum(c) && !strchr(" -/.&'", c))
			return "term has a character other than ASCII letters, digits, space, '-', '/', '.', '&' or '''";
	}
	i = 0;
	while (i < n) {
		size_t s, up = 0, lo = 0, k;

		while (i < n && !kb_ascii_alnum((unsigned char)t[i]))
			i++;
		if (i >= n)
			break;
		if (w->n == TERM_MAX_WORDS)
			return "term has too many words";
		s = i;
		while (i < n && kb_ascii_alnum((unsigned char)t[i])) {
			up += kb_ascii_upper((unsigned char)t[i]);
			lo += kb_ascii_lower((unsigned char)t[i]);
			i++;
		}
		w->off[w->n] = (uint8_t)w->total;
		w->len[w->n] = (uint8_t)(i - s);
		w->acr[w->n] = up >= 2 && lo == 0;
		for (k = s; k < i; k++) {
			w->lower[w->total] = kb_ascii_tolower(t[k]);
			w->upper[w->total] = (char)(w->acr[w->n] && kb_ascii_upper((unsigned char)t[k]));
			w->total++;
		}
		w->n++;
	}
	if (w->n == 0)
		return "term has no letters or digits";
	return NULL;
}

/* The key of a term: its words in lower case, one space apart. */
static void
term_key(const struct words *w, char *key, size_t size)
{
	size_t i, k = 0;

	for (i = 0; i < w->n && k + w->len[i] + 1 < size; i++) {
		if (i > 0)
			key[k++] = ' ';
		memcpy(key + k, w->lower + w->off[i], w->len[i]);
		k += w->len[i];
	}
	key[k] = '\0';
}

static uint32_t
pool_add(struct kb_lexicon *l, const char *lower, const char *upper, size_t n)
{
	uint32_t at;

	if (l->pool_len + n > l->pool_cap) {
		size_t cap = l->pool_cap ? l->pool_cap * 2 : 4096;

		while (cap < l->pool_len + n)
			cap *= 2;
		l->lower = kb_realloc(l->lower, cap);
		l->upper = kb_realloc(l->upper, cap);
		l->pool_cap = cap;
	}
	at = (uint32_t)l->pool_len;
	memcpy(l->lower + at, lower, n);
	memcpy(l->upper + at, upper, n);
	l->pool_len += n;
	return at;
}

static struct variant *
variant_new(struct kb_lexicon *l, size_t term)
{
	struct variant *v;

	if (l->n_vars == l->cap_vars) {
		l->cap_vars = l->cap_vars ? l->cap_vars * 2 : 256;
		l->vars = kb_reallocarray(l->vars, l->cap_vars, sizeof(*l->vars));
	}
	v = &l->vars[l->n_vars++];
	memset(v, 0, sizeof(*v));
	v->term = term;
	return v;
}

static void
add_term(struct kb_lexicon *l, const char *text, const struct words *w, double weight, unsigned roles, unsigned flags,
	 int line)
{
	struct term *t;
	struct variant *v;
	size_t i, id;

	if (l->n_terms == l->cap_terms) {
		l->cap_terms = l->cap_terms ? l->cap_terms * 2 : 256;
		l->terms = kb_reallocarray(l->terms, l->cap_terms, sizeof(*l->terms));
	}
	id = l->n_terms++;
	t = &l->terms[id];
	t->text = kb_strdup(text);
	t->weight = weight;
	t->roles = roles;
	t->flags = flags;
	t->line = line;

	v = variant_new(l, id);
	v->nwords = (uint8_t)w->n;
	for (i = 0; i < w->n; i++) {
		v->off[i] = pool_add(l, w->lower + w->off[i], w->upper + w->off[i], w->len[i]);
		v->len[i] = w->len[i];
	}
	v->acronym = w->n == 1 && w->acr[0];
	v->affix = w->n == 1 && !w->acr[0] && !(flags & TF_NOAFFIX);
	v->prefix = (flags & TF_PREFIX) != 0;
	v->infix = (flags & TF_INFIX) != 0 && v->acronym;
	if (w->n > 1) {
		/* all the words written together: DiskopUKM, KemenkopUKM */
		v = variant_new(l, id);
		v->nwords = 1;
		v->off[0] = pool_add(l, w->lower, w->upper, w->total);
		v->len[0] = (uint8_t)w->total;
	}
}

static int
slot_matches(const struct kb_lexicon *l, size_t slot, const char *s, size_t n)
{
	const struct variant *v = &l->vars[l->slots[slot] - 1];

	return v->len[0] == n && memcmp(l->lower + v->off[0], s, n) == 0;
}

/* The head of the chain of variants whose first word is s, index + 1. */
static size_t
lookup(const struct kb_lexicon *l, const char *s, size_t n)
{
	size_t mask = l->n_slots - 1, i;

	if (n == 0 || n > TERM_MAX_LEN)
		return 0;
	i = hash_word(s, n) & mask;
	while (l->slots[i] != 0) {
		if (slot_matches(l, i, s, n))
			return l->slots[i];
		i = (i + 1) & mask;
	}
	return 0;
}

static void
build_index(struct kb_lexicon *l)
{
	size_t i, n = 64;

	while (n < l->n_vars * 2)
		n *= 2;
	l->n_slots = n;
	l->slots = kb_calloc(n, sizeof(*l->slots));
	/* chains keep the lexicon's order: insert backwards */
	for (i = l->n_vars; i-- > 0;) {
		struct variant *v = &l->vars[i];
		size_t k = hash_word(l->lower + v->off[0], v->len[0]) & (n - 1);

		while (l->slots[k] != 0 && !slot_matches(l, k, l->lower + v->off[0], v->len[0]))
			k = (k + 1) & (n - 1);
		v->next = l->slots[k];
		l->slots[k] = i + 1;
		if (v->prefix) {
			l->prefixes = kb_reallocarray(l->prefixes, l->n_prefixes + 1, sizeof(*l->prefixes));
			l->prefixes[l->n_prefixes++] = i;
		}
		if (v->infix) {
			l->infixes = kb_reallocarray(l->infixes, l->n_infixes + 1, sizeof(*l->infixes));
			l->infixes[l->n_infixes++] = i;
		}
	}
}

void
kb_lexicon_free(struct kb_lexicon *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n_terms; i++)
		free(l->terms[i].text);
	free(l->terms);
	free(l->vars);
	free(l->lower);
	free(l->upper);
	free(l->slots);
	free(l->prefixes);
	free(l->infixes);
	free(l);
}

/* --- reading the lexicon file --- */

/* The keys of the terms loaded so far (load time only). */
struct keyset {
	char **keys;
	size_t *ids;
	size_t cap; /* a power of two, more than twice the terms */
};

static void
keyset_init(struct keyset *k)
{
	k->cap = 1;
	while (k->cap < 2 * (LEX_MAX_TERMS + KB_ARRAY_LEN(builtin)))
		k->cap *= 2;
	k->keys = kb_calloc(k->cap, sizeof(*k->keys));
	k->ids = kb_calloc(k->cap, sizeof(*k->ids));
}

static void
keyset_free(struct keyset *k)
{
	size_t i;

	for (i = 0; k->keys != NULL && i < k->cap; i++)
		free(k->keys[i]);
	free(k->keys);
	free(k->ids);
}

/* The slot of key: where it is, or the empty one where it would go. */
static size_t
keyset_slot(const struct keyset *k, const char *key)
{
	size_t i = hash_word(key, strlen(key)) & (k->cap - 1);

	while (k->keys[i] != NULL && strcmp(k->keys[i], key) != 0)
		i = (i + 1) & (k->cap - 1);
	return i;
}

/* The term with this key, index + 1, or 0. */
static size_t
keyset_find(const struct keyset *k, const char *key)
{
	size_t i = keyset_slot(k, key);

	return k->keys[i] != NULL ? k->ids[i] + 1 : 0;
}

static void
keyset_add(struct keyset *k, const char *key, size_t id)
{
	size_t i = keyset_slot(k, key);

	if (k->keys[i] == NULL) {
		k->keys[i] = kb_strdup(key);
		k->ids[i] = id;
	}
}

static int
read_file(const char *path, struct kb_buf *b, char **err)
{
	FILE *f;
	char chunk[16384];
	size_t n;
	int ret = -1;

	f = fopen(path, "rb");
	if (f == NULL) {
		*err = kb_asprintf("%s: cannot open lexicon: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		n = fread(chunk, 1, sizeof(chunk), f);
		if (n > 0 && kb_buf_add(b, chunk, n) != 0) {
			*err = kb_asprintf("%s: lexicon too large (more than %u bytes)", path, LEX_MAX_FILE);
			goto done;
		}
		if (n < sizeof(chunk))
			break;
	}
	if (ferror(f)) {
		*err = kb_asprintf("%s: cannot read lexicon: %s", path, strerror(errno));
		goto done;
	}
	ret = 0;
done:
	fclose(f);
	return ret;
}

/* Cut the next tab-separated field of s (trimmed of spaces). */
static char *
next_field(char **s)
{
	char *f = *s, *tab, *e;

	if (f == NULL)
		return NULL;
	tab = strchr(f, '\t');
	if (tab != NULL) {
		*tab = '\0';
		*s = tab + 1;
	} else {
		*s = NULL;
	}
	while (*f == ' ')
		f++;
	e = f + strlen(f);
	while (e > f && e[-1] == ' ')
		*--e = '\0';
	return f;
}

static int
parse_line(struct kb_lexicon *l, struct keyset *ks, const char *path, int lineno, char *line, char **err)
{
	char *rest = line, *term, *weight, *cls;
	char key[TERM_MAX_LEN * 2];
	struct words w;
	const char *why;
	double wt;
	unsigned roles = 0, flags = 0;
	size_t i, dup;
	int found = 0;

	term = next_field(&rest);
	weight = next_field(&rest);
	cls = next_field(&rest);
	if (weight == NULL || cls == NULL || *term == '\0' || *weight == '\0' || *cls == '\0') {
		*err = kb_asprintf("%s:%d: expected term, weight and class separated by tabs", path, lineno);
		return -1;
	}
	why = split_term(term, &w);
	if (why != NULL) {
		*err = kb_asprintf("%s:%d: %s: '%.80s'", path, lineno, why, term);
		return -1;
	}
	if (kb_strcasecmp(weight, "strong") == 0) {
		wt = W_STRONG;
	} else if (kb_strcasecmp(weight, "medium") == 0) {
		wt = W_MEDIUM;
	} else if (kb_strcasecmp(weight, "weak") == 0) {
		wt = W_WEAK;
	} else {
		*err = kb_asprintf("%s:%d: unknown weight '%.40s' (strong, medium or weak)", path, lineno, weight);
		return -1;
	}
	for (i = 0; i < KB_ARRAY_LEN(class_roles); i++) {
		if (kb_strcasecmp(cls, class_roles[i].name) == 0) {
			roles = class_roles[i].roles;
			found = 1;
			break;
		}
	}
	if (!found) {
		*err = kb_asprintf(
			"%s:%d: unknown class '%.40s' (core, event, export, process, venue, outcome, "
			"product, policy, program, occasion, sector, org, event-brand, support, finance, en)",
			path, lineno, cls);
		return -1;
	}
	term_key(&w, key, sizeof(key));
	dup = keyset_find(ks, key);
	if (dup != 0) {
		*err = kb_asprintf("%s:%d: duplicate term '%s' (also on line %d)", path, lineno, term,
				   l->terms[dup - 1].line);
		return -1;
	}
	for (i = 0; i < KB_ARRAY_LEN(role_override); i++) {
		if (strcmp(role_override[i].term, key) == 0) {
			roles = role_override[i].roles;
			flags = role_override[i].flags;
		}
	}
	keyset_add(ks, key, l->n_terms);
	add_term(l, term, &w, wt, roles, flags, lineno);
	return 0;
}

static int
parse_lexicon(struct kb_lexicon *l, struct keyset *ks, const char *path, char *data, size_t len, char **err)
{
	char *p = data, *end = data + len;
	int lineno = 0;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	if (memchr(data, '\0', len) != NULL) {
		*err = kb_asprintf("%s: lexicon has a NUL byte", path);
		return -1;
	}
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *e, *s;

		if (nl == NULL)
			nl = end;
		*nl = '\0';
		lineno++;
		e = nl;
		if ((size_t)(e - p) > LEX_MAX_LINE) {
			*err = kb_asprintf("%s:%d: line too long (more than %d bytes)", path, lineno, LEX_MAX_LINE);
			return -1;
		}
		if (!kb_utf8_valid(p, (size_t)(e - p))) {
			*err = kb_asprintf("%s:%d: invalid UTF-8", path, lineno);
			return -1;
		}
		while (e > p && (e[-1] == '\r' || e[-1] == '\t' || e[-1] == ' '))
			*--e = '\0';
		s = p;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '\0' && *s != '#') {
			if (l->n_terms >= LEX_MAX_TERMS) {
				*err = kb_asprintf("%s:%d: too many terms (more than %d)", path, lineno, LEX_MAX_TERMS);
				return -1;
			}
			if (parse_line(l, ks, path, lineno, s, err) != 0)
				return -1;
		}
		p = nl + 1;
	}
	if (l->n_terms == 0) {
		*err = kb_asprintf("%s: no terms in lexicon", path);
		return -1;
	}
	return 0;
}

static void
add_builtins(struct kb_lexicon *l, struct keyset *ks)
{
	size_t i;

	for (i = 0; i < KB_ARRAY_LEN(builtin); i++) {
		struct words w;
		char key[TERM_MAX_LEN * 2];

		if (split_term(builtin[i].term, &w) != NULL)
			continue;
		term_key(&w, key, sizeof(key));
		if (keyset_find(ks, key) != 0)
			continue;
		keyset_add(ks, key, l->n_terms);
		add_term(l, builtin[i].term, &w, builtin[i].weight, builtin[i].roles, builtin[i].flags, 0);
	}
}

int
kb_lexicon_load(const char *path, struct kb_lexicon **out, char **err)
{
	struct kb_lexicon *l = NULL;
	struct kb_buf b;
	struct keyset ks;
	char *e = NULL;
	int ret = -1;

	*out = NULL;
	kb_buf_init(&b, LEX_MAX_FILE);
	keyset_init(&ks);
	if (read_file(path, &b, &e) != 0)
		goto done;
	l = kb_calloc(1, sizeof(*l));
	if (parse_lexicon(l, &ks, path, b.data ? b.data : (char *)"", b.len, &e) != 0)
		goto done;
	add_builtins(l, &ks);
	build_index(l);
	*out = l;
	l = NULL;
	ret = 0;
done:
	if (err != NULL)
		*err = e;
	else
		free(e);
	kb_lexicon_free(l);
	keyset_free(&ks);
	kb_buf_free(&b);
	return ret;
}

/* --- tokens --- */

struct tok {
	uint32_t start; /* in its segment */
	uint32_t len;
	uint32_t sent; /* sentence number, over title and text */
	uint8_t seg;   /* 0 title, 1 text */
	uint8_t join;  /* the gap before it may join a phrase */
};

struct seg {
	const char *s; /* as written */
	char *lc;      /* lower case, same offsets */
	size_t n;
};

struct scan {
	const struct kb_lexicon *lex;
	struct seg seg[2];
	struct tok *toks;
	size_t n_toks, cap_toks;
	struct match *m;
	size_t n_m, cap_m;
	unsigned *count;    /* occurrences per term */
	unsigned char *cue; /* per sentence: says where or when */
	uint32_t n_sent;
};

struct match {
	size_t term;
	size_t t0, t1; /* first and last token */
	double c;      /* contribution */
	unsigned roles;
	uint8_t title;
	uint8_t derived;
};

static int
gap_joins(const char *s, size_t a, size_t b)
{
	size_t i;

	if (b - a > TERM_MAX_GAP)
		return 0;
	for (i = a; i < b; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '-' || c == '/')
			continue;
		if (c == 0xc2 && i + 1 < b && (unsigned char)s[i + 1] == 0xa0) {
			i++;
			continue;
		}
		return 0;
	}
	return 1;
}

/* Does the gap [a, b) end a sentence? */
static int
gap_breaks(const char *s, size_t a, size_t b)
{
	size_t i;

	for (i = a; i < b; i++) {
		char c = s[i];

		if (c == '\n')
			return 1;
		if ((c == '.' || c == '!' || c == '?' || c == ';') &&
		    (i + 1 == b || s[i + 1] == ' ' || s[i + 1] == '\n' || s[i + 1] == '\r' || s[i + 1] == '"'))
			return 1;
	}
	return 0;
}

static void
tokenize(struct scan *sc, int seg, uint32_t *sent)
{
	const char *s = sc->seg[seg].s;
	size_t n = sc->seg[seg].n, i = 0, prev_end = 0;
	int first = 1;

	(*sent)++;
	while (i < n) {
		size_t st;
		struct tok *t;

		while (i < n && !kb_ascii_alnum((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		st = i;
		while (i < n && kb_ascii_alnum((unsigned char)s[i]))
			i++;
		if (!first && gap_breaks(s, prev_end, st))
			(*sent)++;
		if (sc->n_toks == sc->cap_toks) {
			sc->cap_toks = sc->cap_toks ? sc->cap_toks * 2 : 1024;
			sc->toks = kb_reallocarray(sc->toks, sc->cap_toks, sizeof(*sc->toks));
		}
		t = &sc->toks[sc->n_toks++];
		t->start = (uint32_t)st;
		t->len = (uint32_t)(i - st);
		t->seg = (uint8_t)seg;
		t->sent = *sent;
		t->join = !first && gap_joins(s, prev_end, st);
		prev_end = i;
		first = 0;
	}
}

/* --- matching --- */

/* Does token t spell the variant word w (lower case, capitals where needed)? */
static int
word_is(const struct scan *sc, const struct tok *t, uint32_t off, size_t len)
{
	const struct seg *g = &sc->seg[t->seg];
	const char *lo = sc->lex->lower + off, *up = sc->lex->upper + off;
	size_t i;

	if (t->len != len || memcmp(g->lc + t->start, lo, len) != 0)
		return 0;
	for (i = 0; i < len; i++) {
		if (up[i] && !kb_ascii_upper((unsigned char)g->s[t->start + i]))
			return 0;
	}
	return 1;
}

/* How many tokens from i the variant covers, or 0. */
static size_t
variant_at(const struct scan *sc, const struct variant *v, size_t i)
{
	size_t k;

	if (i + v->nwords > sc->n_toks)
		return 0;
	for (k = 0; k < v->nwords; k++) {
		const struct tok *t = &sc->toks[i + k];

		if (k > 0 && (!t->join || t->seg != sc->toks[i].seg || t->sent != sc->toks[i].sent))
			return 0;
		if (!word_is(sc, t, v->off[k], v->len[k]))
			return 0;
	}
	return v->nwords;
}

/* An acronym with "nya" or "s" after it: UMKMnya, MSMEs. */
static size_t
acronym_suffix(const struct scan *sc, size_t i)
{
	static const char *const sfx[] = { "nya", "s" };
	const struct tok *t = &sc->toks[i];
	const struct seg *g = &sc->seg[t->seg];
	size_t k;

	for (k = 0; k < KB_ARRAY_LEN(sfx); k++) {
		size_t sl = strlen(sfx[k]), h, j;

		if (t->len <= sl + 1 || memcmp(g->lc + t->start + t->len - sl, sfx[k], sl) != 0)
			continue;
		for (h = lookup(sc->lex, g->lc + t->start, t->len - sl); h != 0; h = sc->lex->vars[h - 1].next) {
			const struct variant *v = &sc->lex->vars[h - 1];
			int ok = v->acronym && v->nwords == 1;

			for (j = 0; ok && j < v->len[0]; j++) {
				if (sc->lex->upper[v->off[0] + j] && !kb_ascii_upper((unsigned char)g->s[t->start + j]))
					ok = 0;
			}
			if (ok)
				return h;
		}
	}
	return 0;
}

/* A word of the lexicon that starts token i: Diskop in Diskopumdag. */
static size_t
prefix_at(const struct scan *sc, size_t i)
{
	const struct tok *t = &sc->toks[i];
	const struct seg *g = &sc->seg[t->seg];
	size_t k;

	for (k = 0; k < sc->lex->n_prefixes; k++) {
		const struct variant *v = &sc->lex->vars[sc->lex->prefixes[k]];

		if (v->nwords == 1 && t->len > v->len[0] &&
		    memcmp(g->lc + t->start, sc->lex->lower + v->off[0], v->len[0]) == 0)
			return sc->lex->prefixes[k] + 1;
	}
	return 0;
}

/* An acronym inside a longer word, in capitals: UKM in PPKUKM, DKUKMPP,
 * DinkopUKM (agencies named after it). */
static size_t
infix_at(const struct scan *sc, size_t i)
{
	const struct tok *t = &sc->toks[i];
	const struct seg *g = &sc->seg[t->seg];
	size_t k, p, j;

	for (k = 0; k < sc->lex->n_infixes; k++) {
		const struct variant *v = &sc->lex->vars[sc->lex->infixes[k]];
		const char *lo = sc->lex->lower + v->off[0];
		size_t n = v->len[0];

		if (t->len < n + 2)
			continue;
		for (p = 0; p + n <= t->len; p++) {
			int ok = memcmp(g->lc + t->start + p, lo, n) == 0;

			for (j = 0; ok && j < n; j++)
				ok = kb_ascii_upper((unsigned char)g->s[t->start + p + j]) ||
				     !sc->lex->upper[v->off[0] + j];
			if (ok)
				return sc->lex->infixes[k] + 1;
		}
	}
	return 0;
}

static const struct {
	const char *p;
	char restore; /* the consonant a nasal prefix drops: mem-amerkan -> pamer */
	char needs_an;
} prefixes[] = {
	{ "meng", 'k', 0 }, { "meny", 's', 0 }, { "mem", 'p', 0 }, { "men", 't', 0 }, { "me", 0, 0 },
	{ "peng", 'k', 0 }, { "peny", 's', 0 }, { "pem", 'p', 0 }, { "pen", 't', 0 }, { "per", 0, 0 },
	{ "pe", 0, 0 },	    { "di", 0, 0 },	{ "ber", 0, 0 },   { "ter", 0, 0 },   { "ke", 0, 1 },
};

static const char *const suffixes[] = { "", "nya", "kan", "an", "i", "kannya", "annya", "inya", "s" };

/* A base word of the lexicon that w is a derived form of. */
static size_t
base_lookup(const struct kb_lexicon *l, const char *w, size_t n, int prefixed, int has_an)
{
	size_t k;

	for (k = 0; k < KB_ARRAY_LEN(suffixes); k++) {
		size_t sl = strlen(suffixes[k]), bl, h;

		if (sl >= n || memcmp(w + n - sl, suffixes[k], sl) != 0)
			continue;
		if (!prefixed && sl == 0)
			continue; /* that is the exact word */
		if (prefixed && sl == 1 && suffixes[k][0] == 's')
			continue;
		if (prefixed < 0 && !(has_an || strstr(suffixes[k], "an") != NULL))
			continue; /* ke- only with -an */
		bl = n - sl;
		if (bl < 4 || (prefixed && bl < 5))
			continue;
		/* a base ending in -an is a derived noun already (binaan,
		 * kerajinan): only -nya and -s (pembinaan is not binaan) */
		if (w[bl - 2] == 'a' && w[bl - 1] == 'n' &&
		    (prefixed || (strcmp(suffixes[k], "nya") != 0 && strcmp(suffixes[k], "s") != 0)))
			continue;
		for (h = lookup(l, w, bl); h != 0; h = l->vars[h - 1].next) {
			if (l->vars[h - 1].affix && l->vars[h - 1].len[0] == bl)
				return h;
		}
	}
	return 0;
}

/* Remove prefixes from the lower-case word w, then suffixes. */
static size_t
affix_at(const struct scan *sc, size_t i)
{
	const struct tok *t = &sc->toks[i];
	const char *w = sc->seg[t->seg].lc + t->start;
	size_t n = t->len, k, h;
	char buf[TERM_MAX_LEN + 2];

	if (n < 5 || n > TERM_MAX_LEN)
		return 0;
	h = base_lookup(sc->lex, w, n, 0, 0);
	if (h != 0)
		return h;
	for (k = 0; k < KB_ARRAY_LEN(prefixes); k++) {
		size_t pl = strlen(prefixes[k].p), r;
		const char *rest = w + pl;
		size_t rn = n - pl;
		int pf = prefixes[k].needs_an ? -1 : 1;

		if (pl + 4 > n || memcmp(w, prefixes[k].p, pl) != 0)
			continue;
		h = base_lookup(sc->lex, rest, rn, pf, 0);
		if (h != 0)
			return h;
		if (prefixes[k].restore && strchr("aiueo", rest[0]) != NULL && rn + 1 < sizeof(buf)) {
			buf[0] = prefixes[k].restore;
			memcpy(buf + 1, rest, rn);
			h = base_lookup(sc->lex, buf, rn + 1, pf, 0);
			if (h != 0)
				return h;
		}
		/* a second prefix: di-per-kenal-kan, mem-per-kenal-kan */
		for (r = 0; r < 2 && prefixes[k].p[0] != 'b'; r++) {
			const char *p2 = r == 0 ? "per" : "ber";

			if (rn > 3 + 4 && memcmp(rest, p2, 3) == 0) {
				h = base_lookup(sc->lex, rest + 3, rn - 3, pf, 0);
				if (h != 0)
					return h;
			}
		}
	}
	return 0;
}

static void
add_match(struct scan *sc, size_t term, size_t t0, size_t t1, int derived)
{
	struct match *m;

	if (sc->n_m == sc->cap_m) {
		sc->cap_m = sc->cap_m ? sc->cap_m * 2 : 256;
		sc->m = kb_reallocarray(sc->m, sc->cap_m, sizeof(*sc->m));
	}
	m = &sc->m[sc->n_m++];
	memset(m, 0, sizeof(*m));
	m->term = term;
	m->t0 = t0;
	m->t1 = t1;
	m->roles = sc->lex->terms[term].roles;
	m->title = sc->toks[t0].seg == 0;
	m->derived = (uint8_t)derived;
}

static void
match_all(struct scan *sc)
{
	size_t i = 0;

	while (i < sc->n_toks) {
		const struct tok *t = &sc->toks[i];
		const char *lc = sc->seg[t->seg].lc + t->start;
		size_t h, best = 0, best_n = 0;
		int derived = 0;

		for (h = lookup(sc->lex, lc, t->len); h != 0; h = sc->lex->vars[h - 1].next) {
			const struct variant *v = &sc->lex->vars[h - 1];
			size_t n = variant_at(sc, v, i);

			if (n > best_n ||
			    (n > 0 && n == best_n &&
			     sc->lex->terms[v->term].weight > sc->lex->terms[sc->lex->vars[best - 1].term].weight)) {
				best = h;
				best_n = n;
			}
		}
		if (best == 0) {
			best = acronym_suffix(sc, i);
			if (best == 0)
				best = prefix_at(sc, i);
			if (best == 0)
				best = infix_at(sc, i);
			if (best == 0) {
				best = affix_at(sc, i);
				derived = best != 0;
			}
			best_n = 1;
		}
		if (best != 0) {
			add_match(sc, sc->lex->vars[best - 1].term, i, i + best_n - 1, derived);
			i += best_n;
		} else {
			i++;
		}
	}
}

/* --- features and decisions --- */

struct features {
	double a_msme;		   /* MSME words that can make an MSME event */
	double a_all;		   /* plus the MSME-related ones */
	double ctx;		   /* other positive words */
	double neg;		   /* politics, crime, sports, disasters */
	double support;		   /* stan, pengunjung, digelar... */
	double venue;		   /* stan, pengunjung, transaksi... */
	double ev;		   /* event words (not disqualified) */
	double topic[KB_N_TOPICS]; /* per topic: its words */
	unsigned title_roles;
	unsigned all_roles;
	int strong_msme;   /* distinct strong MSME terms */
	int distinct_msme; /* distinct MSME terms */
	int m_total;	   /* event words, not disqualified */
	int m_near;	   /* of those, with an MSME word near or MSME by themselves */
	int m_lead;	   /* of those, in the lead */
	int m_title;	   /* of those, in the title (not a statement title) */
	int m_conc;	   /* of those, in the text with a place or a date */
	int title_otherq;  /* a non-MSME expo word in the title */
	double title_neg;  /* the heaviest of those in the title */
};

static int
same_sent(const struct scan *sc, size_t a, size_t b)
{
	return sc->toks[a].sent == sc->toks[b].sent;
}

/* Is there a match with roles within `win` tokens of match j (same
 * sentence)? Scans only matches inside the window. */
static int
near_role(const struct scan *sc, size_t j, unsigned roles, size_t win_before, size_t win_after)
{
	const struct match *m = &sc->m[j];
	size_t q;

	for (q = j; q-- > 0;) {
		const struct match *o = &sc->m[q];

		if (!same_sent(sc, o->t1, m->t0) || m->t0 - o->t1 > win_before)
			break;
		if (o->roles & roles)
			return 1;
	}
	for (q = j + 1; q < sc->n_m; q++) {
		const struct match *o = &sc->m[q];

		if (!same_sent(sc, o->t0, m->t1) || o->t0 - m->t1 > win_after)
			break;
		if (o->roles & roles)
			return 1;
	}
	return 0;
}

/* A title that quotes someone: "Menkop: Pameran UMKM Harus ...", a
 * colon after at most 4 words and no event word before it. Its event
 * words are what someone said, not what happened. */
static int
statement_title(const struct scan *sc)
{
	const char *colon = memchr(sc->seg[0].s, ':', sc->seg[0].n);
	size_t pos, i, words = 0;

	if (colon == NULL)
		return 0;
	pos = (size_t)(colon - sc->seg[0].s);
	for (i = 0; i < sc->n_toks && sc->toks[i].seg == 0 && sc->toks[i].start < pos; i++)
		words++;
	if (words == 0 || words > 4)
		return 0;
	for (i = 0; i < sc->n_m && sc->m[i].title; i++) {
		if ((sc->m[i].roles & R_EVENT) && sc->toks[sc->m[i].t0].start < pos)
			return 0;
	}
	return 1;
}

static int
tok_is(const struct scan *sc, size_t i, const char *w)
{
	const struct tok *t = &sc->toks[i];

	return t->len == strlen(w) && memcmp(sc->seg[t->seg].lc + t->start, w, t->len) == 0;
}

/* Mark the sentences that say where or when: a day or month name,
 * "tanggal", a date such as 24/11, or "di" before a capitalized word
 * (di Alun-alun, di Plaza Selatan). */
static void
find_cues(struct scan *sc)
{
	static const char *const when[] = { "senin",	"selasa",   "rabu",	 "kamis",     "jumat",
					    "sabtu",	"minggu",   "ahad",	 "januari",   "februari",
					    "pebruari", "maret",    "april",	 "mei",	      "juni",
					    "juli",	"agustus",  "september", "oktober",   "november",
					    "nopember", "desember", "tanggal",	 "bertempat", "berlokasi" };
	size_t i, k;

	sc->n_sent = sc->n_toks ? sc->toks[sc->n_toks - 1].sent : 0;
	sc->cue = kb_calloc(sc->n_sent + 2, 1);
	for (i = 0; i < sc->n_toks; i++) {
		const struct tok *t = &sc->toks[i];
		const char *s = sc->seg[t->seg].s;
		int cue = 0;

		if (sc->cue[t->sent])
			continue;
		for (k = 0; k < KB_ARRAY_LEN(when) && !cue; k++)
			cue = tok_is(sc, i, when[k]);
		if (!cue && i + 1 < sc->n_toks && sc->toks[i + 1].sent == t->sent) {
			const struct tok *n = &sc->toks[i + 1];

			if (tok_is(sc, i, "di") && kb_ascii_upper((unsigned char)s[n->start]))
				cue = 1;
			else if (s[t->start] >= '0' && s[t->start] <= '9' && t->len <= 2 &&
				 n->start == t->start + t->len + 1 && s[t->start + t->len] == '/' &&
				 s[n->start] >= '0' && s[n->start] <= '9' && n->len <= 2)
				cue = 1;
		}
		if (cue)
			sc->cue[t->sent] = 1;
	}
}

static void
compute(struct scan *sc, struct features *f)
{
	size_t j;
	unsigned char *seen = kb_calloc(sc->lex->n_terms, 1);
	int statement;

	memset(f, 0, sizeof(*f));
	statement = statement_title(sc);
	for (j = 0; j < sc->n_m; j++) {
		struct match *m = &sc->m[j];
		const struct term *t = &sc->lex->terms[m->term];
		unsigned k = ++sc->count[m->term];
		size_t q;

		m->c = ldexp(t->weight * (m->title ? 2.0 : 1.0), -(int)(k < 60 ? k - 1 : 60));
		f->all_roles |= m->roles;
		if (m->title)
			f->title_roles |= m->roles;
		if (m->roles & R_MSME) {
			f->a_msme += m->c;
			if (!seen[m->term]) {
				f->distinct_msme++;
				if (t->weight >= W_STRONG)
					f->strong_msme++;
			}
		}
		if (m->roles & R_ANCHOR)
			f->a_all += m->c;
		else if (m->roles & R_POSITIVE)
			f->ctx += m->c;
		if (m->roles & R_NEG) {
			f->neg += m->c;
			if (m->title && t->weight > f->title_neg)
				f->title_neg = t->weight;
		}
		if ((m->roles & R_SUPPORT) && !(m->roles & R_EVENT))
			f->support += m->c;
		if ((m->roles & R_VENUE) && !(m->roles & R_EVENT))
			f->venue += m->c;
		if (m->title && (m->roles & R_OTHER) && (t->flags & TF_TITLEQ))
			f->title_otherq = 1;
		for (q = 1; q < KB_N_TOPICS; q++) {
			if (m->roles & topic_role[q])
				f->topic[q] += m->c;
		}
		seen[m->term] = 1;
	}
	free(seen);

	/* event words: disqualified when a non-MSME expo word is beside
	 * them (pameran otomotif, job fair) and no MSME word is */
	for (j = 0; j < sc->n_m; j++) {
		struct match *m = &sc->m[j];
		const struct term *t = &sc->lex->terms[m->term];
		size_t win;
		int near;

		if (!(m->roles & R_EVENT))
			continue;
		if (near_role(sc, j, R_OTHER, 1, 2) && !near_role(sc, j, R_MSME, 3, 3) && !(m->roles & R_SELF))
			continue;
		f->m_total++;
		f->ev += m->c;
		if (m->title && !statement)
			f->m_title++;
		if (!m->title && sc->toks[m->t0].start < LEAD_BYTES)
			f->m_lead++;
		win = m->title ? SIZE_MAX : t->weight >= W_STRONG ? NEAR_STRONG : NEAR_WEAK;
		near = (m->roles & R_SELF) || near_role(sc, j, R_MSME, win, win);
		if (near)
			f->m_near++;
		if (!m->title && sc->cue != NULL) {
			uint32_t st = sc->toks[m->t0].sent;

			if (sc->cue[st] || sc->cue[st - 1] || (st + 1 <= sc->n_sent && sc->cue[st + 1]))
				f->m_conc++;
		}
	}
	f->topic[0] = f->ev;
}

/* Add one piece of evidence unless there are max already. */
static void
add_ev(struct kb_relevance *out, size_t max, const char *what, const char *text, size_t len, double weight,
       int in_title)
{
	struct kb_evidence *e;

	if (out->n_ev >= max)
		return;
	if (out->n_ev % 16 == 0)
		out->ev = kb_reallocarray(out->ev, out->n_ev + 16, sizeof(*out->ev));
	e = &out->ev[out->n_ev++];
	e->what = kb_strdup(what);
	e->text = kb_strndup(text, len);
	e->weight = weight;
	e->in_title = in_title;
}

/* Every match, as written, with its contribution to the score: "term",
 * or "negative" for what lowers the score or blocks the event topic
 * (politics, crime, sports, disasters, financing, Koperasi Merah Putih,
 * CSR and BUMN sponsors, publishers, non-MSME expos). */
static void
evidence(const struct scan *sc, struct kb_relevance *out)
{
	size_t j;

	for (j = 0; j < sc->n_m; j++) {
		const struct match *m = &sc->m[j];
		const struct tok *a = &sc->toks[m->t0], *b = &sc->toks[m->t1];
		const char *s = sc->seg[a->seg].s;
		int negative = (m->roles & R_BLOCKING) && !(m->roles & R_MSME);
		double w = 0;

		if (m->roles & R_NEG)
			w = -m->c;
		else if (m->roles & (R_ANCHOR | R_POSITIVE))
			w = m->c;
		add_ev(out, MAX_EVIDENCE, negative ? "negative" : "term", s + a->start, b->start + b->len - a->start, w,
		       m->title);
	}
}

static void
add_rule(struct kb_relevance *out, const char *text)
{
	add_ev(out, MAX_EVIDENCE + 8, "rule", text, strlen(text), 0, 0);
}

/* The event decision. An item reports an MSME event when
 *  1. it has MSME words: a strong one (UMKM, perajin, Dekranasda...) or
 *     two different ones weighing 4 or more;
 *  2. an event word (pameran, expo, bazar, festival, misi dagang...) that
 *     is not beside a non-MSME expo word (pameran otomotif, expo
 *     properti, job fair, festival budaya: one token before or two after,
 *     without an MSME word within three) has an MSME word near it: in
 *     the title anywhere, in the text in the same sentence within 30
 *     tokens for a strong event word, 8 for a medium or weak one (so a
 *     "festival" needs "festival UMKM", not a cultural festival that
 *     mentions UMKM far away); an event brand (Inacraft) is near itself;
 *  3. the event is the subject: an event word in the title, unless the
 *     title quotes someone ("Menkop: Pameran UMKM Harus..."); or, in the
 *     text, an event word in a sentence that says where or when (or
 *     before one that does: a day or month name, a date such as 24/11,
 *     "tanggal", "di" before a capitalized name) and also one in the
 *     lead (first 600 bytes) with support 2 or more (stan, pengunjung,
 *     transaksi, digelar, berlangsung, peserta...) or a second event
 *     word; or three event words and support 2; or two near MSME words
 *     and support 2;
 *  4. nothing blocks it: politics, crime, sports or disaster words in
 *     the title (medium or strong ones always, weak ones such as polisi
 *     or DPRD when the title has no event word) or weighing at least as
 *     much as the event words and support together; financing or
 *     Koperasi Merah Putih in the title without an event word there, or
 *     financing weighing more than the event words and support plus 2;
 *     CSR or a BUMN in the title without an event word there; training
 *     in the title unless the text describes the event (stands,
 *     visitors, sales weighing 2 or more); a non-MSME expo word in the
 *     title (otomotif, properti, GIIAS, job fair) without an MSME word
 *     there. */
static int
decide_event(const struct features *f, struct kb_relevance *out)
{
	int msme, subject, ev_title = f->m_title > 0;
	double evs = f->ev + f->support;
	double fin = f->topic[3];

	msme = f->strong_msme >= 1 || (f->a_msme >= 4 && f->distinct_msme >= 2);
	if (!msme || f->m_near == 0)
		return 0;
	subject = ev_title ||
		  (f->m_conc > 0 && ((f->m_lead > 0 && (f->support >= 2 || f->m_total >= 2)) ||
				     (f->m_total >= 3 && f->support >= 2) || (f->m_near >= 2 && f->support >= 2)));
	if (!subject) {
		add_rule(out, "event: an MSME event is mentioned, not the subject");
		return 0;
	}
	if (f->title_neg >= W_MEDIUM || (f->title_neg > 0 && !ev_title) || (f->neg > 0 && f->neg >= evs)) {
		add_rule(out, "event: blocked by politics, crime, sports or disaster words");
		return 0;
	}
	if ((f->title_roles & (R_FINANCE | R_KDMP)) && !ev_title) {
		add_rule(out, "event: blocked by financing or policy words in the title");
		return 0;
	}
	if (fin > evs + 2) {
		add_rule(out, "event: blocked by financing words outweighing event words");
		return 0;
	}
	if ((f->title_roles & R_CSR) && !ev_title) {
		add_rule(out, "event: blocked by CSR or a BUMN in the title");
		return 0;
	}
	if ((f->title_roles & R_TRAINING) && f->venue < 2) {
		add_rule(out, "event: blocked by training in the title");
		return 0;
	}
	if (f->title_otherq && !(f->title_roles & R_MSME)) {
		add_rule(out, "event: blocked by a non-MSME expo in the title");
		return 0;
	}
	add_rule(out, ev_title ? "event: MSME event words in the title" : "event: MSME event words in the text");
	return 1;
}

/* Another topic: its words in the title, or weighing 3 or more (4 in a
 * story about an event, where they are often a side note), in a story
 * with MSME words (2 or more). */
static int
decide_topic(const struct features *f, unsigned role, double strength, int event)
{
	if (f->a_all < 2)
		return 0;
	return (f->title_roles & role) || strength >= (event ? 4 : 3);
}

int
kb_classify(const struct kb_lexicon *lex, const char *title, const char *text, struct kb_relevance *out)
{
	struct scan sc;
	struct features f;
	uint32_t sent = 0;
	size_t k;
	double s;

	memset(out, 0, sizeof(*out));
	if (lex == NULL)
		return 0;
	memset(&sc, 0, sizeof(sc));
	sc.lex = lex;
	sc.seg[0].s = title ? title : "";
	sc.seg[1].s = text ? text : "";
	sc.seg[0].n = strnlen(sc.seg[0].s, SCAN_MAX_TITLE);
	sc.seg[1].n = strnlen(sc.seg[1].s, SCAN_MAX_TEXT);
	for (k = 0; k < 2; k++) {
		sc.seg[k].lc = kb_malloc(sc.seg[k].n + 1);
		kb_ascii_lower_copy(sc.seg[k].lc, sc.seg[k].s, sc.seg[k].n);
		tokenize(&sc, (int)k, &sent);
	}
	sc.count = kb_calloc(lex->n_terms ? lex->n_terms : 1, sizeof(*sc.count));
	match_all(&sc);
	find_cues(&sc);
	compute(&sc, &f);
	evidence(&sc, out);

	s = f.a_all + (f.a_all >= 3 ? 1.0 : f.a_all / 3) * f.ctx - f.neg;
	out->score = s > 0 ? 1 - exp(-s / 6) : 0;
	if (decide_event(&f, out))
		out->topics |= KB_TOPIC_EVENT;
	for (k = 1; k < KB_N_TOPICS; k++) {
		if (decide_topic(&f, topic_role[k], f.topic[k], (out->topics & KB_TOPIC_EVENT) != 0))
			out->topics |= 1u << k;
	}
	free(sc.count);
	free(sc.cue);
	free(sc.m);
	free(sc.toks);
	free(sc.seg[0].lc);
	free(sc.seg[1].lc);
	return 0;
}

void
kb_relevance_free(struct kb_relevance *r)
{
	if (r == NULL)
		return;
	kb_evidence_free(r->ev, r->n_ev);
	r->ev = NULL;
	r->n_ev = 0;
	r->topics = 0;
	r->score = 0;
}

const char *
kb_topic_name(unsigned topic_bit)
{
	static const char *const names[] = KB_TOPIC_NAMES;
	size_t i;

	for (i = 0; i < KB_ARRAY_LEN(names); i++) {
		if (topic_bit == 1u << i)
			return names[i];
	}
	return NULL;
}
