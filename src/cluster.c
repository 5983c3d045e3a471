/* cluster.c: near-duplicate stories (cluster.h).
 *
 * A text is read as words (ASCII letters and digits, lower-cased, and
 * non-ASCII letters; punctuation, also typographic quotes and dashes, and
 * invalid UTF-8 separate words). Lines that are a portal's furniture
 * rather than the story ("Baca juga: ...", "Pewarta: ...", "Editor: ...",
 * "Artikel ini telah tayang di ...") are left out, so that two portals'
 * copies of one release differ only where their words do.
 *
 * The signature: K MinHash values of the set of word 4-shingles, each the
 * minimum over the shingles of one hash function (splitmix64 of the
 * shingle's hash and a seed of its own), with the low COUNT_BITS
 * bits cleared; the low bits of sig[0] hold the number of shingles (at
 * most COUNT_MAX). The similarity of two signatures is the share of the
 * smaller text found in the other (the containment, estimated from the
 * Jaccard estimate J and the two counts), but at most CONTAIN_J times J:
 * a portal that drops paragraphs keeps the story, a short text made
 * mostly of another's boilerplate (an expo's standard paragraph) does not
 * join it.
 *
 * kb_cluster: texts that share a band key are candidates; within a key's
 * group, in an order given by the signatures alone, each member is
 * compared with up to WINDOW members before it, and the pairs at or above
 * the threshold are united (single linkage). The work is linear in the
 * number of texts times BANDS (one sort per band), and the result does
 * not depend on the texts' order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "util.h"

#define K	    KB_CLUSTER_SIG   /* MinHash functions */
#define BANDS	    KB_CLUSTER_BANDS /* LSH bands of K / BANDS rows */
#define ROWS	    (K / BANDS)
#define SHINGLE	    4			/* words per shingle */
#define MAX_TEXT    ((size_t)64 * 1024) /* bytes of a text read */
#define COUNT_BITS  16
#define COUNT_MAX   ((1u << COUNT_BITS) - 1)
#define HASH_MASK   (~(uint64_t)COUNT_MAX)
#define FURN_WORDS  25 /* a furniture line has at most this many words */
#define CONTAIN_J   2.0
#define WINDOW	    16 /* members of a band group compared with each */
#define SIG_VERSION 3

_Static_assert(K % BANDS == 0, "bands of equal rows");
_Static_assert(KB_CLUSTER_VERSION == SIG_VERSION, "signature version");

static uint64_t
mix(uint64_t x)
{
	/* splitmix64's finalizer */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The code point at p[0..len) into *cp with its length (1 for an invalid
 * byte, *cp then 0xFFFD). */
static size_t
utf8_next(const unsigned char *p, size_t len, uint32_t *cp)
{
	uint32_t c = p[0];
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
	} else {
		goto bad;
	}
	if (n > len)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xFFFD;
	return 1;
}

/* Whether code point c belongs to a word: ASCII letters and digits, and
 * letters beyond ASCII; not punctuation, symbols, spaces or emoji. */
static int
word_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	if (c < 0xC0 || c == 0xD7 || c == 0xF7 || c == 0xFFFD)
		return 0;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE00 && c <= 0xFE6F) ||
	    (c >= 0xFF00 && c <= 0xFF20) || c >= 0x1F000)
		return 0;
	return 1;
}

/* Words in p[0..len), at most max counted. */
static size_t
count_words(const unsigned char *p, size_t len, size_t max)
{
	size_t i = 0, n = 0;
	int in = 0;

	while (i < len && n <= max) {
		uint32_t c;
		size_t l = utf8_next(p + i, len - i, &c);

		if (word_cp(c)) {
			n += !in;
			in = 1;
		} else {
			in = 0;
		}
		i += l;
	}
	return n;
}

/* Lines of a portal's furniture, not of the story: the start of the
 * line (after spaces and punctuation, any case), whether a ':' or '|'
 * must follow it. */
static const struct {
	const char *s;
	int colon;
} furniture[] = {
	{ "baca juga", 0 },
	{ "baca", 1 },
	{ "simak juga", 0 },
	{ "simak berita", 0 },
	{ "simak video", 0 },
	{ "lihat juga", 0 },
	{ "berita terkait", 0 },
	{ "artikel ini telah tayang", 0 },
	{ "artikel ini sudah tayang", 0 },
	{ "artikel ini telah terbit", 0 },
	{ "artikel ini sudah terbit", 0 },
	{ "ikuti berita", 0 },
	{ "dapatkan update", 0 },
	{ "copyright", 0 },
	{ "hak cipta", 0 },
	{ "pewarta", 1 },
	{ "editor", 1 },
	{ "penulis", 1 },
	{ "reporter", 1 },
	{ "redaktur", 1 },
	{ "penyunting", 1 },
	{ "sumber", 1 },
	{ "foto", 1 },
	{ "fotografer", 1 },
};

/* Whether the line p[0..len) is furniture. */
static int
furniture_line(const unsigned char *p, size_t len)
{
	size_t i = 0, k, n;

	while (i < len) {
		uint32_t c;
		size_t l = utf8_next(p + i, len - i, &c);

		if (c == 0xA9) /* © */
			return count_words(p, len, FURN_WORDS) <= FURN_WORDS;
		if (word_cp(c))
			break;
		i += l;
	}
	for (k = 0; k < KB_ARRAY_LEN(furniture); k++) {
		const char *s = furniture[k].s;
		size_t j;

		n = strlen(s);
		if (len - i < n || kb_strncasecmp((const char *)p + i, s, n) != 0)
			continue;
		j = i + n;
		if (j < len &&
		    ((p[j] >= 'a' && p[j] <= 'z') || (p[j] >= 'A' && p[j] <= 'Z') || (p[j] >= '0' && p[j] <= '9')))
			continue;
		if (furniture[k].colon) {
			while (j < len && (p[j] == ' ' || p[j] == '\t'))
				j++;
			if (j >= len || (p[j] != ':' && p[j] != '|'))
				continue;
		}
		return count_words(p, len, FURN_WORDS) <= FURN_WORDS;
	}
	return 0;
}

/* The MinHash signature of a text into sig[K]; 0, or -1 when the text
 * has fewer than KB_CLUSTER_MIN_WORDS words (furniture left out). */
static int
signature(const char *text, uint64_t *sig)
{
	uint64_t a[K], win[SHINGLE];
	size_t len, i, k, nwords = 0, nshingles = 0;
	const unsigned char *p;

	if (!text)
		return -1;
	len = strnlen(text, MAX_TEXT);
	p = (const unsigned char *)text;
	for (k = 0; k < K; k++) {
		a[k] = mix(2 * k + 1);
		sig[k] = UINT64_MAX;
	}
	for (i = 0; i < len;) {
		size_t end = i;

		while (end < len && p[end] != '\n')
			end++;
		if (!furniture_line(p + i, end - i)) {
			while (i < end) {
				uint64_t h = 1469598103934665603ULL;
				uint32_t c;
				size_t l = utf8_next(p + i, end - i, &c), j;

				if (!word_cp(c)) {
					i += l;
					continue;
				}
				while (i < end && word_cp(c)) {
					for (j = 0; j < l; j++) {
						unsigned char ch = p[i + j];

						if (ch >= 'A' && ch <= 'Z')
							ch = (unsigned char)(ch + 32);
						h = (h ^ ch) * 1099511628211ULL;
					}
					i += l;
					if (i < end)
						l = utf8_next(p + i, end - i, &c);
				}
				win[nwords % SHINGLE] = h;
				nwords++;
				if (nwords >= SHINGLE) {
					uint64_t s = 0;

					for (j = nwords - SHINGLE; j < nwords; j++)
						s = mix(s ^ win[j % SHINGLE]);
					for (k = 0; k < K; k++) {
						uint64_t v = mix(s ^ a[k]) & HASH_MASK;

						if (v < sig[k])
							sig[k] = v;
					}
					if (nshingles < COUNT_MAX)
						nshingles++;
				}
			}
		}
		i = end + 1;
	}
	if (nwords < KB_CLUSTER_MIN_WORDS)
		return -1;
	sig[0] = (sig[0] & HASH_MASK) | nshingles;
	return 0;
}

/* The similarity of two signatures (see the top of the file). */
static double
similarity(const uint64_t *a, const uint64_t *b)
{
	size_t k, same = 0;
	double j, na, nb, c;

	for (k = 0; k < K; k++)
		same += (a[k] & HASH_MASK) == (b[k] & HASH_MASK);
	j = (double)same / K;
	na = (double)(a[0] & COUNT_MAX);
	nb = (double)(b[0] & COUNT_MAX);
	if (na < 1 || nb < 1)
		return j;
	/* |A n B| = J (|A| + |B|) / (1 + J) */
	c = j * (na + nb) / (1 + j) / (na < nb ? na : nb);
	if (c > 1)
		c = 1;
	if (c < j)
		c = j;
	return c < CONTAIN_J * j ? c : CONTAIN_J * j;
}

int
kb_cluster_signature(const char *text, uint64_t sig[KB_CLUSTER_SIG])
{
	return signature(text, sig);
}

double
kb_cluster_sig_similarity(const uint64_t a[KB_CLUSTER_SIG], const uint64_t b[KB_CLUSTER_SIG])
{
	return similarity(a, b);
}

static uint64_t
band_key(const uint64_t *sig, size_t b)
{
	uint64_t key = mix(b + 1);
	size_t r;

	for (r = 0; r < ROWS; r++)
		key = mix(key ^ (sig[b * ROWS + r] & HASH_MASK));
	return key >> 1;
}

void
kb_cluster_band_keys(const uint64_t sig[KB_CLUSTER_SIG], uint64_t keys[KB_CLUSTER_BANDS])
{
	size_t b;

	for (b = 0; b < BANDS; b++)
		keys[b] = band_key(sig, b);
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

/* A text in one band: its key, a hash of its whole signature (the order
 * within a key's group, so that it does not depend on the texts' order)
 * and its index. */
struct entry {
	uint64_t key;
	uint64_t tie;
	size_t doc;
};

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->tie != b->tie)
		return a->tie < b->tie ? -1 : 1;
	return (a->doc > b->doc) - (a->doc < b->doc);
}

void
kb_cluster(const char *const *texts, size_t n, size_t *root)
{
	uint64_t *sig, *tie;
	struct entry *e;
	size_t i, k, b, m;

	for (i = 0; i < n; i++)
		root[i] = i;
	if (n < 2 || !texts)
		return;
	sig = kb_calloc(n, K * sizeof(*sig));
	tie = kb_calloc(n, sizeof(*tie));
	e = kb_calloc(n, sizeof(*e));
	m = 0;
	for (i = 0; i < n; i++) {
		uint64_t *s = sig + i * K;

		if (signature(texts[i], s) != 0)
			continue;
		tie[i] = 0;
		for (k = 0; k < K; k++)
			tie[i] = mix(tie[i] ^ s[k]);
		e[m++].doc = i;
	}
	for (b = 0; b < BANDS && m > 1; b++) {
		size_t start;

		for (i = 0; i < m; i++) {
			e[i].key = band_key(sig + e[i].doc * K, b);
			e[i].tie = tie[e[i].doc];
		}
		qsort(e, m, sizeof(*e), entry_cmp);
		for (start = 0, i = 1; i < m; i++) {
			size_t j;

			if (e[i].key != e[start].key) {
				start = i;
				continue;
			}
			/* A candidate: confirm on the whole signature. */
			for (j = i; j > start && i - j < WINDOW; j--) {
				size_t x = e[i].doc, y = e[j - 1].doc;

				if (find(root, x) == find(root, y))
					continue;
				if (similarity(sig + x * K, sig + y * K) >= KB_CLUSTER_THRESHOLD)
					unite(root, x, y);
			}
		}
	}
	for (i = 0; i < n; i++)
		root[i] = find(root, i);
	free(e);
	free(tie);
	free(sig);
}
