/* store-cluster.c: the cost of keeping stories (clusters) in the store.
 *
 *   bench/store-cluster STORE N [SEED]
 *
 * Generates N items (deterministic, from SEED): stories of 150 to 300
 * words over an Indonesian-like vocabulary, each published by one to
 * five sources, every copy lightly edited (a dateline, a sentence
 * dropped, a closing line added, a few words changed), and puts them
 * into a new store at STORE with kb_store_item_put, 1,000 per
 * transaction, as `kabar run` does. Then the same items again with
 * texts too short to compare, so that the difference is the clustering.
 * Prints the time of both, the store's size, and the pairwise precision
 * and recall of the stored clusters against the generated stories. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "item.h"
#include "store.h"
#include "util.h"

static uint64_t rng_state;

static uint64_t
rng(void)
{
	uint64_t x = rng_state += 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static size_t
below(size_t n)
{
	return (size_t)(rng() % n);
}

#define VOCAB 4000
static char vocab[VOCAB][16];

static void
make_vocab(void)
{
	static const char *const syl[] = { "ba", "ka",	"ma",  "na",  "pa",  "sa",  "ta",  "ra", "la", "da", "ga", "ja",
					   "wa", "ya",	"bu",  "ku",  "mu",  "nu",  "pu",  "su", "tu", "ru", "lu", "di",
					   "ki", "mi",	"ni",  "pi",  "si",  "ti",  "ri",  "li", "ke", "me", "ne", "pe",
					   "se", "te",	"re",  "le",  "ko",  "mo",  "no",  "po", "so", "to", "ro", "lo",
					   "an", "ang", "kan", "lah", "nya", "ung", "ing", "ong" };
	size_t i, k, n;

	for (i = 0; i < VOCAB; i++) {
		vocab[i][0] = '\0';
		n = 2 + below(3);
		for (k = 0; k < n; k++)
			strncat(vocab[i], syl[below(KB_ARRAY_LEN(syl))], sizeof(vocab[i]) - strlen(vocab[i]) - 1);
	}
}

/* A word, frequent ones more often (a rough Zipf). */
static const char *
word(void)
{
	size_t r = below(VOCAB);

	return vocab[below(r + 1)];
}

/* A story: sentences of 8 to 20 words. */
static char **
story(size_t *n_sent)
{
	size_t words = 150 + below(151), w = 0, n = 0, k, len;
	char **s = NULL;
	struct kb_buf b;

	while (w < words) {
		len = 8 + below(13);
		kb_buf_init(&b, 4096);
		for (k = 0; k < len; k++)
			kb_buf_printf(&b, "%s%s", k ? " " : "", word());
		kb_buf_addstr(&b, ".");
		s = kb_reallocarray(s, n + 1, sizeof(*s));
		s[n++] = kb_buf_detach(&b, NULL);
		w += len;
	}
	*n_sent = n;
	return s;
}

/* A portal's copy of a story: a dateline, maybe a sentence dropped, a
 * few words replaced, maybe a closing line. */
static char *
edit(char *const *sent, size_t n, int copy)
{
	struct kb_buf b;
	size_t i, drop = copy > 0 && below(2) ? below(n) : n;

	kb_buf_init(&b, 1 << 20);
	if (copy > 0)
		kb_buf_printf(&b, "%s, Portal%d - ", vocab[below(50)], copy);
	for (i = 0; i < n; i++) {
		const char *p = sent[i];

		if (i == drop)
			continue;
		if (copy > 0 && below(4) == 0) {
			/* Replace one word of this sentence. */
			const char *sp = strchr(p, ' ');

			if (sp) {
				kb_buf_printf(&b, "%s%s ", i ? " " : "", word());
				kb_buf_addstr(&b, sp + 1);
				continue;
			}
		}
		kb_buf_printf(&b, "%s%s", i ? " " : "", p);
	}
	if (copy > 0 && below(2))
		kb_buf_printf(&b, " Baca juga %s %s %s.", word(), word(), word());
	return kb_buf_detach(&b, NULL);
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct pair {
	int64_t a, b;
};

static int
pair_cmp(const void *pa, const void *pb)
{
	const struct pair *x = pa, *y = pb;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

/* The number of pairs of items that agree on a (sorted by a, b): the
 * sum over groups of equal a of size choose 2, and the same for (a, b). */
static void
pairs(struct pair *v, size_t n, double *same_a, double *same_ab)
{
	size_t i, j, k;

	qsort(v, n, sizeof(*v), pair_cmp);
	*same_a = *same_ab = 0;
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && v[j].a == v[i].a; j++)
			;
		*same_a += (double)(j - i) * (double)(j - i - 1) / 2;
		for (k = i; k < j;) {
			size_t m = k;

			while (m < j && v[m].b == v[k].b)
				m++;
			*same_ab += (double)(m - k) * (double)(m - k - 1) / 2;
			k = m;
		}
	}
}

/* Put n items; short: texts too short to compare. Returns seconds. */
static double
fill(const char *path, size_t n, uint64_t seed, int short_text, int64_t *truth, int64_t *got)
{
	struct kb_store *st = NULL;
	size_t made = 0, story_no = 0, i, ns;
	double t0;
	int is_new;

	rng_state = seed;
	unlink(path);
	if (kb_store_open(path, &st) != 0)
		exit(1);
	t0 = seconds();
	kb_store_begin(st);
	while (made < n) {
		char **sent = story(&ns);
		int copies = 1 + (int)below(5), c;

		for (c = 0; c < copies && made < n; c++, made++) {
			struct kb_item it;
			char source[32], id[32];

			memset(&it, 0, sizeof(it));
			it.published = 1700000000 + (int64_t)made * 60;
			it.updated = KB_NO_TIME;
			snprintf(source, sizeof(source), "src-%d", (int)below(40));
			snprintf(id, sizeof(id), "i%zu", made);
			it.id = kb_strdup(id);
			it.title = kb_strdup(sent[0]);
			it.content_text = short_text ? kb_strdup(sent[0]) : edit(sent, ns, c);
			if (kb_store_item_put(st, source, &it, 1700000000 + (int64_t)made, &is_new) != 0)
				exit(1);
			if (truth) {
				truth[made] = (int64_t)story_no;
				got[made] = it.cluster;
			}
			kb_item_free(&it);
			if (made % 1000 == 999) {
				kb_store_commit(st);
				kb_store_begin(st);
			}
		}
		for (i = 0; i < ns; i++)
			free(sent[i]);
		free(sent);
		story_no++;
	}
	kb_store_commit(st);
	t0 = seconds() - t0;
	kb_store_close(st);
	return t0;
}

int
main(int argc, char **argv)
{
	const char *path;
	size_t n, i;
	uint64_t seed;
	int64_t *truth, *got;
	struct pair *v;
	double t_cluster, t_plain, truth_pairs, got_pairs, both, dummy;
	struct stat sb;
	struct rusage ru;
	char *plain;

	if (argc < 3) {
		fprintf(stderr, "usage: %s STORE N [SEED]\n", argv[0]);
		return 2;
	}
	path = argv[1];
	n = (size_t)strtoul(argv[2], NULL, 10);
	seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
	if (n == 0 || n > 10000000) {
		fprintf(stderr, "store-cluster: N from 1 to 10000000\n");
		return 2;
	}
	kb_verbosity = KB_LOG_WARN;
	make_vocab();
	truth = kb_calloc(n, sizeof(*truth));
	got = kb_calloc(n, sizeof(*got));
	t_cluster = fill(path, n, seed, 0, truth, got);
	if (stat(path, &sb) != 0)
		sb.st_size = 0;
	plain = kb_asprintf("%s.plain", path);
	t_plain = fill(plain, n, seed, 1, NULL, NULL);
	unlink(plain);
	free(plain);
	v = kb_calloc(n, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].a = truth[i];
		v[i].b = got[i];
	}
	pairs(v, n, &truth_pairs, &both);
	for (i = 0; i < n; i++) {
		v[i].a = got[i];
		v[i].b = truth[i];
	}
	pairs(v, n, &got_pairs, &dummy);
	getrusage(RUSAGE_SELF, &ru);
	printf("items %zu\n", n);
	printf("put with clustering: %.2f s (%.0f items/s)\n", t_cluster, (double)n / t_cluster);
	printf("put, texts too short to compare: %.2f s (%.0f items/s)\n", t_plain, (double)n / t_plain);
	printf("clustering cost: %.1f us per item\n", (t_cluster - t_plain) / (double)n * 1e6);
	printf("store size: %.1f MB\n", (double)sb.st_size / 1e6);
	printf("pairwise precision %.4f recall %.4f (%.0f true pairs)\n", got_pairs > 0 ? both / got_pairs : 1.0,
	       truth_pairs > 0 ? both / truth_pairs : 1.0, truth_pairs);
	printf("peak RSS: %ld KB\n", ru.ru_maxrss);
	free(v);
	free(truth);
	free(got);
	return 0;
}
