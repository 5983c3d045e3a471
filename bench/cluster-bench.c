/* cluster-bench.c: how fast kb_cluster (src/cluster.h) groups N items, and
 * how well, on a generated, seeded corpus (bench/cluster-bench.sh runs it;
 * see bench/README):
 *
 *   bench/cluster-bench [N] [SEED]
 *
 * Stories of 150 to 400 words from an Indonesian-like vocabulary (common
 * function words, then syllable-made words drawn with a Zipf law), in
 * paragraphs; a third of them carry one of a few hundred boilerplate
 * paragraphs (an organizer's standard text) shared with other stories.
 * Each story is published 1 to 6 times (the mean is about 3.5, so N items are
 * about N / 3.5 stories): the first copy as written, the others lightly
 * edited as portals do (a dateline, a "Baca juga" line, a byline, a few
 * changed words, a paragraph dropped or moved, a sentence cut, a closing
 * paragraph). Prints the time kb_cluster took (wall clock; the generation
 * is not timed), the pairwise precision and recall against the generated
 * truth, the stories found exactly, and the peak RSS (getrusage). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "buf.h"
#include "cluster.h"
#include "util.h"

#define VOCAB	     20000
#define BOILERPLATES 300
#define MAX_PARAS    12
#define TEXT_MAX     ((size_t)64 * 1024)

static uint64_t state;

static uint64_t
rnd(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static size_t
range(size_t lo, size_t hi)
{
	return lo + (size_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static double
unit(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static const char *const common[] = {
	"yang",	    "dan",	  "di",		"ke",	   "dari",    "ini",	"itu",	  "untuk",     "dengan",
	"pada",	    "dalam",	  "juga",	"akan",	   "tidak",   "sudah",	"telah",  "atau",      "serta",
	"oleh",	    "bagi",	  "para",	"sebagai", "karena",  "agar",	"adalah", "ia",	       "kami",
	"kita",	    "mereka",	  "tersebut",	"hingga",  "umkm",    "pelaku", "usaha",  "kabupaten", "kota",
	"provinsi", "dinas",	  "pemerintah", "warga",   "produk",  "pasar",	"tahun",  "kegiatan",  "program",
	"daerah",   "masyarakat", "menurut",	"kata",	   "ujarnya",
};

static const char *const syl[] = { "ba",  "ka",	 "ma",	"na",  "ra",  "sa",  "ta",  "la",  "pa",  "ga", "da", "ja",
				   "wa",  "ya",	 "be",	"ke",  "me",  "ne",  "re",  "se",  "te",  "le", "pe", "ng",
				   "bi",  "ki",	 "mi",	"ni",  "ri",  "si",  "ti",  "li",  "pi",  "gi", "di", "ju",
				   "bu",  "ku",	 "mu",	"nu",  "ru",  "su",  "tu",  "lu",  "pu",  "gu", "du", "an",
				   "kan", "nya", "lah", "ang", "ung", "ing", "per", "ter", "ber", "pen" };

static char *vocab[VOCAB];
static double zipf_cdf[VOCAB];

static void
make_vocab(void)
{
	double sum = 0;
	size_t i, k;

	for (i = 0; i < VOCAB; i++) {
		if (i < KB_ARRAY_LEN(common)) {
			vocab[i] = kb_strdup(common[i]);
		} else {
			char w[32];
			size_t n = range(2, 4), len = 0;

			for (k = 0; k < n; k++)
				len += (size_t)snprintf(w + len, sizeof(w) - len, "%s", syl[rnd() % KB_ARRAY_LEN(syl)]);
			vocab[i] = kb_strdup(w);
		}
		sum += 1.0 / (double)(i + 1);
		zipf_cdf[i] = sum;
	}
	for (i = 0; i < VOCAB; i++)
		zipf_cdf[i] /= sum;
}

static const char *
word(void)
{
	double u = unit();
	size_t lo = 0, hi = VOCAB - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (zipf_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return vocab[lo];
}

/* A sentence of lo..hi words into b, capitalized, with a full stop. */
static void
sentence(struct kb_buf *b, size_t lo, size_t hi)
{
	size_t n = range(lo, hi), i;

	for (i = 0; i < n; i++) {
		const char *w = word();

		if (i)
			kb_buf_addc(b, ' ');
		if (i == 0)
			kb_buf_addc(b, (char)(w[0] - 32));
		kb_buf_addstr(b, i == 0 ? w + 1 : w);
		if (i + 1 < n && rnd() % 12 == 0)
			kb_buf_addc(b, ',');
	}
	kb_buf_addc(b, '.');
}

/* A paragraph of 2..4 sentences; the caller frees it. */
static char *
paragraph(void)
{
	struct kb_buf b;
	size_t n = range(2, 4), i;

	kb_buf_init(&b, TEXT_MAX);
	for (i = 0; i < n; i++) {
		if (i)
			kb_buf_addc(&b, ' ');
		sentence(&b, 8, 22);
	}
	return kb_buf_detach(&b, NULL);
}

struct story {
	char *para[MAX_PARAS]; /* owned, except a boilerplate one */
	size_t n;
	int boiler; /* index into para of the shared one, or -1 */
};

static char *boilerplate[BOILERPLATES];

static size_t
count_words(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		int w = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z');

		n += w && !in;
		in = w;
	}
	return n;
}

static void
make_story(struct story *st)
{
	size_t target = range(150, 400), words = 0;

	st->n = 0;
	st->boiler = -1;
	while (words < target && st->n < MAX_PARAS) {
		if (st->boiler < 0 && st->n >= 1 && rnd() % 3 == 0 && rnd() % 2 == 0) {
			st->boiler = (int)st->n;
			st->para[st->n] = boilerplate[rnd() % BOILERPLATES];
		} else {
			st->para[st->n] = paragraph();
		}
		words += count_words(st->para[st->n]);
		st->n++;
	}
}

static void
free_story(struct story *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if ((int)i != st->boiler)
			free(st->para[i]);
}

/* A paragraph with about one word in rate changed (a typo fixed, a word
 * replaced), or cut after its first sentence with probability cut. */
static void
add_edited(struct kb_buf *b, const char *p, double rate, double cut)
{
	const char *s = p;
	int cutting = unit() < cut;

	while (*s) {
		const char *e = s;

		while (*e && *e != ' ')
			e++;
		if (unit() < rate)
			kb_buf_addstr(b, word());
		else
			kb_buf_add(b, s, (size_t)(e - s));
		if (cutting && e > s && e[-1] == '.')
			return;
		if (*e)
			kb_buf_addc(b, ' ');
		s = *e ? e + 1 : e;
	}
}

static char *
publish(const struct story *st, int edited)
{
	struct kb_buf b;
	size_t order[MAX_PARAS], i, n = st->n, drop = SIZE_MAX;

	kb_buf_init(&b, TEXT_MAX);
	for (i = 0; i < n; i++)
		order[i] = i;
	if (!edited) {
		for (i = 0; i < n; i++) {
			if (i)
				kb_buf_addstr(&b, "\n\n");
			kb_buf_addstr(&b, st->para[i]);
		}
		return kb_buf_detach(&b, NULL);
	}
	if (n > 3 && unit() < 0.4)
		drop = range(1, n - 1);
	if (n > 3 && unit() < 0.3) {
		size_t a = range(1, n - 1), c = range(1, n - 1), t = order[a];

		order[a] = order[c];
		order[c] = t;
	}
	if (unit() < 0.3)
		kb_buf_printf(&b, "Penulis: %s %s | Editor: %s\n", word(), word(), word());
	if (unit() < 0.6)
		kb_buf_printf(&b, "%s, (ANTARA) - ", vocab[range(1000, 1200)]);
	for (i = 0; i < n; i++) {
		if (order[i] == drop)
			continue;
		if (i)
			kb_buf_addstr(&b, "\n\n");
		add_edited(&b, st->para[order[i]], 0.02, i > 0 ? 0.1 : 0.0);
		if (i == 2 && unit() < 0.5) {
			kb_buf_addstr(&b, "\n\nBaca juga: ");
			sentence(&b, 5, 10);
		}
	}
	if (unit() < 0.3) {
		char *p = paragraph();

		kb_buf_printf(&b, "\n\n%s", p);
		free(p);
	}
	if (unit() < 0.5)
		kb_buf_printf(&b, "\n\nPewarta: %s\nEditor: %s", word(), word());
	return kb_buf_detach(&b, NULL);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct pair {
	size_t a, b;
};

static int
pair_cmp(const void *pa, const void *pb)
{
	const struct pair *x = pa, *y = pb;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

/* The pairs within the groups of equal a (and equal (a, b) when both). */
static double
pairs_of(struct pair *p, size_t n, int both)
{
	double total = 0;
	size_t i = 0;

	qsort(p, n, sizeof(*p), pair_cmp);
	while (i < n) {
		size_t j = i + 1;

		while (j < n && p[j].a == p[i].a && (!both || p[j].b == p[i].b))
			j++;
		total += (double)(j - i) * (double)(j - i - 1) / 2;
		i = j;
	}
	return total;
}

int
main(int argc, char **argv)
{
	size_t n = 100000, i, m = 0, nstories = 0, exact = 0, truth_groups = 0, bytes = 0, words = 0;
	char **texts;
	size_t *story, *root, *size_found, *size_truth, *first_root;
	unsigned char *wrong;
	struct pair *p;
	double t0, t1, truth, found, right;
	long long v;
	struct rusage ru;

	if (argc > 1) {
		if (kb_parse_int(argv[1], 2, 10000000, &v) != 0) {
			fprintf(stderr, "usage: %s [N] [SEED]\n", argv[0]);
			return 2;
		}
		n = (size_t)v;
	}
	state = 20240912;
	if (argc > 2) {
		if (kb_parse_int(argv[2], 0, INT64_MAX, &v) != 0) {
			fprintf(stderr, "usage: %s [N] [SEED]\n", argv[0]);
			return 2;
		}
		state = (uint64_t)v;
	}
	make_vocab();
	for (i = 0; i < BOILERPLATES; i++)
		boilerplate[i] = paragraph();
	texts = kb_calloc(n, sizeof(*texts));
	story = kb_calloc(n, sizeof(*story));
	root = kb_calloc(n, sizeof(*root));
	while (m < n) {
		struct story st;
		size_t copies = range(1, 6), c;

		make_story(&st);
		for (c = 0; c < copies && m < n; c++) {
			texts[m] = publish(&st, c > 0);
			bytes += strlen(texts[m]);
			words += count_words(texts[m]);
			story[m++] = nstories;
		}
		nstories++;
		free_story(&st);
	}
	/* Shuffle, so that copies are not neighbours. */
	for (i = n - 1; i > 0; i--) {
		size_t r = (size_t)(rnd() % (uint64_t)(i + 1)), s = story[i];
		char *t = texts[i];

		texts[i] = texts[r];
		story[i] = story[r];
		texts[r] = t;
		story[r] = s;
	}
	printf("items %zu: %zu stories, %.1f words an item, %.1f MB of text\n", n, nstories, (double)words / (double)n,
	       (double)bytes / 1e6);

	t0 = now();
	kb_cluster((const char *const *)texts, n, root);
	t1 = now();
	printf("kb_cluster: %.3f s wall, %.0f items/s\n", t1 - t0, (double)n / (t1 - t0));

	p = kb_calloc(n, sizeof(*p));
	for (i = 0; i < n; i++)
		p[i] = (struct pair){ story[i], 0 };
	truth = pairs_of(p, n, 0);
	for (i = 0; i < n; i++)
		p[i] = (struct pair){ root[i], 0 };
	found = pairs_of(p, n, 0);
	for (i = 0; i < n; i++)
		p[i] = (struct pair){ root[i], story[i] };
	right = pairs_of(p, n, 1);
	printf("pairs: truth %.0f, found %.0f, right %.0f: precision %.4f recall %.4f\n", truth, found, right,
	       found > 0 ? right / found : 1.0, truth > 0 ? right / truth : 1.0);

	/* Stories found exactly: all copies one cluster, nothing else in it. */
	size_found = kb_calloc(n, sizeof(*size_found));
	size_truth = kb_calloc(nstories, sizeof(*size_truth));
	first_root = kb_calloc(nstories, sizeof(*first_root));
	wrong = kb_calloc(nstories, 1);
	for (i = 0; i < nstories; i++)
		first_root[i] = SIZE_MAX;
	for (i = 0; i < n; i++) {
		size_found[root[i]]++;
		size_truth[story[i]]++;
		if (first_root[story[i]] == SIZE_MAX)
			first_root[story[i]] = root[i];
		else if (first_root[story[i]] != root[i])
			wrong[story[i]] = 1;
	}
	for (i = 0; i < nstories; i++) {
		truth_groups += size_truth[i] > 1;
		if (size_truth[i] > 1 && !wrong[i] && size_found[first_root[i]] == size_truth[i])
			exact++;
	}
	printf("stories of 2 or more copies found exactly: %zu of %zu (%.2f%%)\n", exact, truth_groups,
	       truth_groups ? 100.0 * (double)exact / (double)truth_groups : 100.0);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS: %.1f MiB (texts included)\n", (double)ru.ru_maxrss / 1024.0);

	for (i = 0; i < n; i++)
		free(texts[i]);
	for (i = 0; i < BOILERPLATES; i++)
		free(boilerplate[i]);
	for (i = 0; i < VOCAB; i++)
		free(vocab[i]);
	free(wrong);
	free(first_root);
	free(size_truth);
	free(size_found);
	free(p);
	free(root);
	free(story);
	free(texts);
	return 0;
}
