/* cluster.c: near-duplicate stories (cluster.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "util.h"

#define K	  64 /* MinHash functions */
#define BANDS	  16 /* LSH bands of K / BANDS rows */
#define ROWS	  (K / BANDS)
#define SHINGLE	  4		      /* words per shingle */
#define MAX_TEXT  ((size_t)64 * 1024) /* bytes of a text read */
#define MAX_WORDS 20000

static uint64_t
mix(uint64_t x)
{
	/* splitmix64's finalizer */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static int
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* The MinHash signature of a text into sig[K]; 0, or -1 when the text
 * has fewer than KB_CLUSTER_MIN_WORDS words. */
static int
signature(const char *text, uint64_t *sig)
{
	uint64_t *words;
	size_t n = 0, i, k, len;
	const unsigned char *p;

	if (!text)
		return -1;
	len = strnlen(text, MAX_TEXT);
	words = kb_calloc(MAX_WORDS, sizeof(*words));
	p = (const unsigned char *)text;
	for (i = 0; i < len && n < MAX_WORDS;) {
		uint64_t h = 1469598103934665603ULL;

		while (i < len && !word_byte(p[i]))
			i++;
		if (i >= len)
			break;
		while (i < len && word_byte(p[i])) {
			unsigned char c = p[i++];

			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c + 32);
			h = (h ^ c) * 1099511628211ULL;
		}
		words[n++] = h;
	}
	if (n < KB_CLUSTER_MIN_WORDS) {
		free(words);
		return -1;
	}
	for (k = 0; k < K; k++)
		sig[k] = UINT64_MAX;
	for (i = 0; i + SHINGLE <= n; i++) {
		uint64_t s = 0;

		for (k = 0; k < SHINGLE; k++)
			s = mix(s ^ words[i + k]);
		for (k = 0; k < K; k++) {
			uint64_t v = mix(s ^ (0x5bd1e995ULL * (k + 1)));

			if (v < sig[k])
				sig[k] = v;
		}
	}
	free(words);
	return 0;
}

static double
similarity(const uint64_t *a, const uint64_t *b)
{
	size_t k, same = 0;

	for (k = 0; k < K; k++)
		same += a[k] == b[k];
	return (double)same / K;
}

double
kb_cluster_similarity(const char *a, const char *b)
{
	uint64_t sa[K], sb[K];

	if (signature(a, sa) != 0 || signature(b, sb) != 0)
		return 0;
	return similarity(sa, sb);
}

static size_t
find(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static void
unite(size_t *parent, size_t a, size_t b)
{
	a = find(parent, a);
	b = find(parent, b);
	if (a == b)
		return;
	/* The smallest index is the root. */
	if (a < b)
		parent[b] = a;
	else
		parent[a] = b;
}

struct slot {
	uint64_t key;
	size_t doc; /* SIZE_MAX: empty */
};

void
kb_cluster(const char *const *texts, size_t n, size_t *root)
{
	uint64_t *sig;
	unsigned char *ok;
	struct slot *table;
	size_t i, cap, b;

	for (i = 0; i < n; i++)
		root[i] = i;
	if (n < 2)
		return;
	sig = kb_calloc(n, K * sizeof(*sig));
	ok = kb_calloc(n, 1);
	for (i = 0; i < n; i++)
		ok[i] = signature(texts[i], sig + i * K) == 0;
	/* One open-addressing table per band, reused. */
	for (cap = 16; cap < 2 * n; cap *= 2)
		;
	table = kb_calloc(cap, sizeof(*table));
	for (b = 0; b < BANDS; b++) {
		for (i = 0; i < cap; i++)
			table[i].doc = SIZE_MAX;
		for (i = 0; i < n; i++) {
			uint64_t key = mix(b + 1);
			size_t r, at;

			if (!ok[i])
				continue;
			for (r = 0; r < ROWS; r++)
				key = mix(key ^ sig[i * K + b * ROWS + r]);
			for (at = key & (cap - 1);; at = (at + 1) & (cap - 1)) {
				if (table[at].doc == SIZE_MAX) {
					table[at].key = key;
					table[at].doc = i;
					break;
				}
				if (table[at].key == key) {
					/* A candidate: confirm on the whole signature. */
					if (similarity(sig + i * K, sig + table[at].doc * K) >= KB_CLUSTER_THRESHOLD)
						unite(root, i, table[at].doc);
					break;
				}
			}
		}
	}
	for (i = 0; i < n; i++)
		root[i] = find(root, i);
	free(table);
	free(ok);
	free(sig);
}
