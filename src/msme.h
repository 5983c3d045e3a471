/* msme.h: MSME intelligence on an item's text: relevance and topics
 * (classify.c), the region the story is about (region.c), the event it
 * reports (event.c). Pure functions over text and the domain data; the
 * core calls them when an item is stored, `kabar explain` prints their
 * evidence.
 *
 * Text is UTF-8: the title and the plain text of the body (paragraphs
 * separated by blank lines), as kb_item's title and content_text. */
#ifndef KB_MSME_H
#define KB_MSME_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* --- domain data --- */

/* The gazetteer: provinces.csv and regencies.csv of a directory (columns
 * as in ../shared/data/gazetteer: kode,nama,tz_abbr,utc_offset_h and
 * kode,kode_prov,nama,jenis,nama_pendek,provinsi). */
struct kb_gazetteer;

/* Load the gazetteer in dir. Every malformed line is an error naming the
 * file and line. 0, or -1 with *err (new string). */
int kb_gazetteer_load(const char *dir, struct kb_gazetteer **out, char **err);
void kb_gazetteer_free(struct kb_gazetteer *g);

/* A region by code ("35" a province, "35.76" a regency or city). */
struct kb_region {
	const char *code;	   /* "35.76" */
	const char *name;	   /* "Kota Mojokerto", "Jawa Timur" */
	const char *short_name;	   /* "Mojokerto" (regencies), the name (provinces) */
	const char *kind;	   /* "Kota", "Kabupaten", "Provinsi" */
	const char *province_code; /* "35" */
	const char *province;	   /* "Jawa Timur" */
	const char *tz;		   /* IANA zone: Asia/Jakarta, Asia/Makassar, Asia/Jayapura */
};
/* The region with that code, or NULL. Valid while g is. */
const struct kb_region *kb_gazetteer_find(const struct kb_gazetteer *g, const char *code);
/* Every region (provinces first, then regencies), for iteration. */
size_t kb_gazetteer_count(const struct kb_gazetteer *g);
const struct kb_region *kb_gazetteer_at(const struct kb_gazetteer *g, size_t i);

/* The MSME lexicon: a TSV of term, weight (strong|medium|weak), class,
 * note (lines starting with '#' are comments), as
 * ../shared/data/lexicon-umkm.tsv. */
struct kb_lexicon;
int kb_lexicon_load(const char *path, struct kb_lexicon **out, char **err);
void kb_lexicon_free(struct kb_lexicon *l);

/* --- evidence, for kabar explain --- */

struct kb_evidence {
	char *what; /* "term", "negative", "region", "event-date", "venue", ... */
	char *text; /* the words matched, as written */
	double weight;
	int in_title;
};

/* Free the strings of n pieces of evidence and the array. */
static inline void
kb_evidence_free(struct kb_evidence *ev, size_t n)
{
	size_t i;

	for (i = 0; ev != NULL && i < n; i++) {
		free(ev[i].what);
		free(ev[i].text);
	}
	free(ev);
}

/* --- relevance and topics (classify.c) --- */

#define KB_TOPIC_EVENT	   0x01u /* an expo, pameran, bazar, craft fair... that takes, took or will take place */
#define KB_TOPIC_EXPORT	   0x02u
#define KB_TOPIC_TRAINING  0x04u
#define KB_TOPIC_FINANCING 0x08u
#define KB_TOPIC_POLICY	   0x10u
#define KB_TOPIC_AWARD	   0x20u
/* The topics' names, in KB_TOPIC_* order (bit i is the i-th name): the
 * one list every writer and the config reader use. */
#define KB_TOPIC_NAMES                                                        \
	{                                                                     \
		"event", "export", "training", "financing", "policy", "award" \
	}
#define KB_N_TOPICS 6

struct kb_relevance {
	double score;		/* 0 (nothing MSME) .. 1 (certainly MSME news) */
	unsigned topics;	/* KB_TOPIC_* */
	struct kb_evidence *ev; /* matched terms with their weights, negatives */
	size_t n_ev;
};

/* Score title and text against the lexicon: whole words and phrases,
 * case-insensitive, acronyms as written (UMKM, IKM, KUR), Indonesian
 * affixes (dikurasi, pameran / memamerkan / dipamerkan), title matches
 * weighing more, negative and weak signals (credit and aid policy, a
 * BUMN only as sponsor). The topics follow from the classes matched and
 * their context; KB_TOPIC_EVENT is set exactly when the story reports an
 * MSME event. Fills *out (free with kb_relevance_free); 0 or -1 (out of
 * memory). */
int kb_classify(const struct kb_lexicon *lex, const char *title, const char *text, struct kb_relevance *out);
void kb_relevance_free(struct kb_relevance *r);

/* The names of topics, in KB_TOPIC_* order: "event", "export",
 * "training", "financing", "policy", "award". */
const char *kb_topic_name(unsigned topic_bit);

/* --- region (region.c) --- */

struct kb_region_result {
	const struct kb_region *region; /* what the story is about, or NULL */
	int ambiguous;			/* a name matched more than one region and nothing decided */
	struct kb_evidence *ev;		/* dateline, organizer, place names, clue words, the source's region */
	size_t n_ev;
};

/* The regency/city (else province) the story is about, from the
 * dateline, the organizer ("DiskopUKMperindag Kota Mojokerto"), place
 * names with their prefixes (Kota, Kabupaten, Kab., Pemkot, Pemkab, Wali
 * Kota, Bupati) and the source's configured region (source_region: a
 * code or NULL). Names that are everyday words (Batu, Malang, Pati, Agam,
 * Bangli, Kota Baru...) count only with a prefix or place context. A
 * name shared by a Kota and a Kabupaten is resolved by prefix, clue
 * words, province or source, or left unresolved with ambiguous set. The
 * region the story is about is kept apart from an event's venue (an
 * exhibitor from Kota Mojokerto at an expo in Jakarta is about
 * Mojokerto). 0 or -1 (out of memory). */
int kb_region_resolve(const struct kb_gazetteer *g, const char *title, const char *text, const char *source_region,
		      struct kb_region_result *out);
void kb_region_result_free(struct kb_region_result *r);

/* --- event (event.c) --- */

struct kb_event {
	char *name;	  /* "Indonesia Maju Expo & Forum 2023", or NULL */
	int64_t start;	  /* days since 1970-01-01 (a calendar date), or -1 */
	int64_t end;	  /* days, inclusive, or -1 (one-day event: start) */
	int start_minute; /* minutes after midnight when a time is given, else -1 */
	int end_minute;	  /* the daily end time ("pukul 09.00-16.00 WIB",
			   * "hingga pukul 21.00", "s.d. selesai": -1), or -1;
			   * set only with start_minute */
	char *venue;	  /* "Plaza Selatan Taman Mini Indonesia Indah (TMII), Jakarta" */
	char *organizer;  /* "Kemendagri (Ditjen Polpum)" */
	struct kb_evidence *ev;
	size_t n_ev;
};

/* The event a story reports, from its text: ranges such as "1- 4 Juni
 * 2023", "12 hingga 14 Juli 2024", "dari tanggal 5 Agustus hingga 6
 * Agustus 2022", "Kamis (24/11) hingga Minggu (27/11)" (the year from
 * published), "hingga 13 Juni nanti", "selama 9 hari"; the venue ("di
 * Plaza Selatan TMII Jakarta", "bertempat di", "berlokasi di"), the
 * organizer ("menggelar", "diselenggarakan oleh", "digelar oleh"), the
 * name (a capitalized event name with Expo, Pameran, Festival, Bazar,
 * Fair, Gelar...). published: seconds since the epoch (KB_NO_TIME when
 * unknown), tz: the zone for the publication's calendar date. Returns 1
 * when an event with at least a date was found, 0 when not (out is still
 * freed with kb_event_free), -1 out of memory. */
int kb_event_extract(const char *title, const char *text, int64_t published, const char *tz, struct kb_event *out);
void kb_event_free(struct kb_event *e);

#endif
