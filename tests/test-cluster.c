/* test-cluster.c: one story per press release (src/cluster.h) judged on
 * the labeled set in tests/data/clusters (labels.tsv: file, cluster):
 * portals' lightly edited copies of a release must form one cluster,
 * similar stories (the same expo's other stands, the same office's other
 * events, follow-ups, templated releases) their own, and texts under
 * KB_CLUSTER_MIN_WORDS words none. Prints pairwise precision and recall,
 * the clusters found exactly and the similarity of every pair it gets
 * wrong; the result must not depend on the texts' order. Then hostile
 * input and the signature and band key API. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cluster.h"
#include "util.h"
#include "tap.h"

#define MAX_LINE     1024
#define MAX_FILE     (1024 * 1024)
#define MAX_ITEMS    1024
#define MAX_DIAG     40
#define N_SHUFFLES   8
#define NAME_LEN     256
#define LABEL_LEN    128
#define HUGE_TEXT_MB 8

struct text {
	char name[NAME_LEN];
	char label[LABEL_LEN];
	char *title; /* owned, the file's first line */
	char *body;  /* points into title's allocation: the rest */
};

/* The whole file at path (NUL-terminated), or NULL with a diag. The
 * caller frees it. */
static char *
slurp(const char *path)
{
	size_t n;
	char *data = kb_read_file(path, MAX_FILE, &n);

	if (!data)
		diag("cannot read %s: %s", path, errno == EFBIG ? "too large" : strerror(errno));
	return data;
}

/* Read labels.tsv and every file it names into t[]; the number read, or
 * -1 with a diag. */
static int
read_set(const char *dir, struct text *t, int max)
{
	char *path = kb_asprintf("%s/labels.tsv", dir), line[MAX_LINE];
	FILE *f = fopen(path, "r");
	int n = 0, lineno = 0, rc = -1;

	if (!f) {
		diag("cannot open %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *s = kb_trim(line), *tab, *file, *nl;

		lineno++;
		if (*s == '\0' || *s == '#')
			continue;
		tab = strchr(s, '\t');
		if (!tab || n >= max) {
			diag("%s:%d: %s", path, lineno, tab ? "too many texts" : "no tab");
			goto out;
		}
		*tab = '\0';
		if (strlen(s) >= NAME_LEN || strlen(kb_trim(tab + 1)) >= LABEL_LEN) {
			diag("%s:%d: name or label too long", path, lineno);
			goto out;
		}
		snprintf(t[n].name, sizeof(t[n].name), "%s", s);
		snprintf(t[n].label, sizeof(t[n].label), "%s", kb_trim(tab + 1));
		file = kb_asprintf("%s/%s", dir, s);
		t[n].title = slurp(file);
		free(file);
		if (!t[n].title)
			goto out;
		nl = strchr(t[n].title, '\n');
		if (nl) {
			*nl = '\0';
			t[n].body = nl + 1;
		} else {
			t[n].body = t[n].title + strlen(t[n].title);
		}
		n++;
	}
	rc = n;
out:
	if (rc < 0)
		while (n > 0)
			free(t[--n].title);
	fclose(f);
	free(path);
	return rc;
}

/* A deterministic generator for the shuffles (splitmix64). */
static uint64_t
rnd(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Whether two root arrays give the same partition. */
static int
same_partition(const size_t *a, const size_t *b, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if ((a[i] == a[j]) != (b[i] == b[j]))
				return 0;
	return 1;
}

/* The labeled set: figures, exact clusters, order independence. */
static void
test_set(const char *top)
{
	struct text *t = kb_calloc(MAX_ITEMS, sizeof(*t));
	char *dir = kb_asprintf("%s/tests/data/clusters", top);
	const char **texts = NULL, **shuf = NULL;
	size_t *root = NULL, *sroot = NULL, *back = NULL, *perm = NULL;
	long tp = 0, fp = 0, fn = 0;
	int n, i, j, s, shown = 0, labels = 0, exact = 0;
	uint64_t state = 20240912;

	n = read_set(dir, t, MAX_ITEMS);
	if (!ok(n >= 40, "the labeled set reads: %d texts in %s", n, dir))
		goto out;
	texts = kb_calloc((size_t)n, sizeof(*texts));
	shuf = kb_calloc((size_t)n, sizeof(*shuf));
	root = kb_calloc((size_t)n, sizeof(*root));
	sroot = kb_calloc((size_t)n, sizeof(*sroot));
	back = kb_calloc((size_t)n, sizeof(*back));
	perm = kb_calloc((size_t)n, sizeof(*perm));
	for (i = 0; i < n; i++)
		texts[i] = t[i].body;
	kb_cluster(texts, (size_t)n, root);

	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			int want = strcmp(t[i].label, t[j].label) == 0, got = root[i] == root[j];

			tp += want && got;
			fp += got && !want;
			fn += want && !got;
			if (want != got && shown++ < MAX_DIAG)
				diag("%s: %s ~ %s (%s / %s): similarity %.3f", got ? "wrongly joined" : "missed",
				     t[i].name, t[j].name, t[i].label, t[j].label,
				     kb_cluster_similarity(t[i].body, t[j].body));
		}
	}
	/* Every label's members must be exactly one found cluster. */
	for (i = 0; i < n; i++) {
		int first = 1, members = 0, right = 1;

		for (j = 0; j < i; j++)
			if (strcmp(t[i].label, t[j].label) == 0)
				first = 0;
		if (!first)
			continue;
		labels++;
		for (j = 0; j < n; j++) {
			int same = strcmp(t[i].label, t[j].label) == 0;

			members += same;
			if (same != (root[j] == root[i]))
				right = 0;
		}
		exact += right;
		if (members > 1)
			ok(right, "cluster %s: its %d texts, and only they, are one cluster", t[i].label, members);
		else
			ok(right, "%s stays alone", t[i].name);
	}
	diag("pairs: %ld right, %ld wrongly joined, %ld missed; precision %.4f recall %.4f", tp, fp, fn,
	     tp + fp ? (double)tp / (double)(tp + fp) : 1.0, tp + fn ? (double)tp / (double)(tp + fn) : 1.0);
	diag("clusters exactly right: %d of %d", exact, labels);
	is_int(fp, 0, "no pair of different stories joined");
	is_int(fn, 0, "no pair of one story's copies missed");

	/* The same partition whatever the order. */
	for (s = 0; s < N_SHUFFLES; s++) {
		for (i = 0; i < n; i++)
			perm[i] = (size_t)i;
		for (i = n - 1; i > 0; i--) {
			size_t r = (size_t)(rnd(&state) % (uint64_t)(i + 1)), x = perm[i];

			perm[i] = perm[r];
			perm[r] = x;
		}
		if (s == 0) /* reversed */
			for (i = 0; i < n; i++)
				perm[i] = (size_t)(n - 1 - i);
		for (i = 0; i < n; i++)
			shuf[i] = texts[perm[i]];
		kb_cluster(shuf, (size_t)n, sroot);
		/* back[original index] = its root's original index */
		for (i = 0; i < n; i++)
			back[perm[i]] = perm[sroot[i]];
		ok(same_partition(root, back, (size_t)n), "order %d gives the same clusters", s);
		for (i = 0; i < n; i++)
			if (sroot[i] > (size_t)i || sroot[sroot[i]] != sroot[i])
				break;
		ok(i == n, "order %d: every root is its cluster's smallest index", s);
	}
out:
	if (n > 0)
		for (i = 0; i < n; i++)
			free(t[i].title);
	free(perm);
	free(back);
	free(sroot);
	free(root);
	free(shuf);
	free(texts);
	free(dir);
	free(t);
}

/* A text of n words from a small vocabulary, seeded: the caller frees. */
static char *
words(size_t n, uint64_t seed)
{
	static const char *const vocab[] = { "pelaku",	"usaha",      "mikro",	   "kecil",	"menengah",
					     "pameran", "produk",     "dinas",	   "koperasi",	"kabupaten",
					     "kota",	"pemerintah", "pelatihan", "transaksi", "miliar",
					     "juta",	"batik",      "kopi",	   "kerajinan", "pasar",
					     "digital", "ekspor",     "bupati",	   "warga",	"festival",
					     "stan",	"halal" };
	struct kb_buf b;
	size_t i;

	kb_buf_init(&b, (size_t)1 << 20);
	for (i = 0; i < n; i++) {
		if (i)
			kb_buf_addc(&b, ' ');
		kb_buf_addstr(&b, vocab[rnd(&seed) % KB_ARRAY_LEN(vocab)]);
	}
	return kb_buf_detach(&b, NULL);
}

static void
test_hostile(void)
{
	uint64_t sig[KB_CLUSTER_SIG], sig2[KB_CLUSTER_SIG], state = 7;
	const char *texts[8];
	size_t root[8], i, n;
	char *text = words(300, 1), *huge, *junk, *bad, *copy;

	ok(kb_cluster_signature(NULL, sig) == -1, "signature: NULL is too short");
	ok(kb_cluster_signature("", sig) == -1, "signature: empty is too short");
	ok(kb_cluster_signature("satu dua tiga empat lima enam tujuh delapan sembilan sepuluh", sig) == -1,
	   "signature: ten words are too short");
	is_int(kb_cluster_similarity(NULL, text) == 0, 1, "similarity: NULL is 0");
	is_int(kb_cluster_similarity(text, "") == 0, 1, "similarity: empty is 0");
	kb_cluster(NULL, 0, root);
	ok(1, "cluster: no texts");
	texts[0] = text;
	kb_cluster(texts, 1, root);
	is_int(root[0], 0, "cluster: one text is its own root");

	/* Huge: bounded work, and two copies still one story. */
	{
		size_t len = (size_t)HUGE_TEXT_MB * 1024 * 1024, tl = strlen(text);

		huge = kb_malloc(len + 1);
		for (i = 0; i + tl + 1 < len; i += tl + 1) {
			memcpy(huge + i, text, tl);
			huge[i + tl] = ' ';
		}
		memset(huge + i, 'x', len - i);
		huge[len] = '\0';
	}
	/* Binary junk without NULs, and invalid UTF-8 around words. */
	junk = kb_malloc(100001);
	for (i = 0; i < 100000; i++) {
		junk[i] = (char)(rnd(&state) % 255 + 1);
	}
	junk[100000] = '\0';
	{
		struct kb_buf b;
		static const char *const invalid[] = { "\xff",	       "\xc0\xaf", "\xe2\x80",	       "\xed\xa0\x80",
						       "\xf8\x88\x80", "\xc3",	   "\xf4\x90\x80\x80", "\xe2\x80\x9c" };

		kb_buf_init(&b, (size_t)1 << 20);
		for (i = 0; i < 400; i++) {
			kb_buf_addstr(&b, invalid[i % KB_ARRAY_LEN(invalid)]);
			kb_buf_addstr(&b, i % 3 ? "kata" : "usaha");
			kb_buf_addc(&b, (char)('a' + i % 26));
		}
		bad = kb_buf_detach(&b, NULL);
	}
	texts[0] = huge;
	texts[1] = NULL;
	texts[2] = "";
	texts[3] = junk;
	texts[4] = bad;
	texts[5] = huge;
	texts[6] = bad;
	texts[7] = junk;
	n = 8;
	kb_cluster(texts, n, root);
	is_int(root[1], 1, "cluster: NULL alone");
	is_int(root[2], 2, "cluster: empty alone");
	is_int(root[5], 0, "cluster: two huge copies one story");
	is_int(root[6], 4, "cluster: invalid UTF-8 copies one story");
	ok(root[3] == 3 || root[3] == root[7], "cluster: binary junk does not crash");
	ok(root[0] != root[4], "cluster: different junk apart");
	ok(kb_cluster_signature(huge, sig) == 0, "signature: a huge text");
	ok(kb_cluster_signature(bad, sig) == 0, "signature: invalid UTF-8");

	/* Typographic quotes and dashes separate words as ASCII ones do. */
	copy = kb_asprintf("\xe2\x80\x9c%s\xe2\x80\x9d \xe2\x80\x93 ujarnya", text);
	{
		char *plain = kb_asprintf("\"%s\" - ujarnya", text);

		ok(kb_cluster_signature(copy, sig) == 0 && kb_cluster_signature(plain, sig2) == 0 &&
			   memcmp(sig, sig2, sizeof(sig)) == 0,
		   "signature: curly quotes and dashes are punctuation");
		free(plain);
	}
	free(copy);
	free(bad);
	free(junk);
	free(huge);
	free(text);
}

static void
test_api(void)
{
	uint64_t s1[KB_CLUSTER_SIG], s2[KB_CLUSTER_SIG], k1[KB_CLUSTER_BANDS], k2[KB_CLUSTER_BANDS];
	char *text = words(250, 42), *edited, *furn, *other = words(250, 43);
	size_t b, shared = 0, below = 0;
	double sim;

	ok(kb_cluster_signature(text, s1) == 0 && kb_cluster_signature(text, s2) == 0 &&
		   memcmp(s1, s2, sizeof(s1)) == 0,
	   "signature: the same text, the same signature");
	kb_cluster_band_keys(s1, k1);
	kb_cluster_band_keys(s2, k2);
	ok(memcmp(k1, k2, sizeof(k1)) == 0, "band keys: the same text, the same keys");
	for (b = 0; b < KB_CLUSTER_BANDS; b++)
		below += k1[b] < ((uint64_t)1 << 63);
	is_int(below, KB_CLUSTER_BANDS, "band keys: all below 2^63");
	is_int(kb_cluster_sig_similarity(s1, s1) == 1.0, 1, "similarity: a signature with itself is 1");

	/* A portal's copy: a dateline, a changed word, a closing paragraph,
	 * a "Baca juga" link and the byline. */
	edited = kb_asprintf("BLITAR, (ANTARA) - %.600s dinas %s\n\nKegiatan ini terbuka untuk umum dan gratis bagi "
			     "seluruh warga yang ingin datang.",
			     text, text + 610);
	ok(kb_cluster_signature(edited, s2) == 0, "signature: the edited copy");
	kb_cluster_band_keys(s2, k2);
	for (b = 0; b < KB_CLUSTER_BANDS; b++)
		shared += k1[b] == k2[b];
	ok(shared >= 1, "band keys: an edited copy shares %zu of %d keys", shared, KB_CLUSTER_BANDS);
	sim = kb_cluster_sig_similarity(s1, s2);
	ok(sim >= KB_CLUSTER_THRESHOLD, "similarity: the edited copy %.3f", sim);
	ok(kb_cluster_sig_similarity(s2, s1) == sim, "similarity: symmetric");
	ok(kb_cluster_similarity(text, edited) == sim, "similarity: the same from texts as from signatures");

	/* The furniture lines of a portal do not count. */
	furn = kb_asprintf("Penulis: Rizal | Editor: Tri\n%s\n\nBaca juga: Harga cabai turun di pasar kabupaten\n\n"
			   "Pewarta: Dina Kurnia\nEditor: Hendra Gunawan\nCOPYRIGHT \xc2\xa9 ANTARA 2024",
			   text);
	ok(kb_cluster_signature(furn, s2) == 0 && memcmp(s1, s2, sizeof(s1)) == 0,
	   "signature: bylines, \"Baca juga\" and copyright lines left out");
	free(furn);

	ok(kb_cluster_signature(other, s2) == 0, "signature: another text");
	sim = kb_cluster_sig_similarity(s1, s2);
	ok(sim < KB_CLUSTER_THRESHOLD, "similarity: another text of the same words %.3f", sim);
	free(edited);
	free(other);
	free(text);
}

/* Every member of a labeled cluster shares a band key with another. */
static void
test_set_keys(const char *top)
{
	struct text *t = kb_calloc(MAX_ITEMS, sizeof(*t));
	char *dir = kb_asprintf("%s/tests/data/clusters", top);
	uint64_t(*keys)[KB_CLUSTER_BANDS] = NULL;
	uint64_t sig[KB_CLUSTER_SIG];
	int n, i, j, alone = 0;

	n = read_set(dir, t, MAX_ITEMS);
	if (n <= 0) {
		skip(1, "no labeled set");
		goto out;
	}
	keys = kb_calloc((size_t)n, sizeof(*keys));
	for (i = 0; i < n; i++)
		if (kb_cluster_signature(t[i].body, sig) == 0)
			kb_cluster_band_keys(sig, keys[i]);
	for (i = 0; i < n; i++) {
		int has = 0, found = 0;

		for (j = 0; j < n && !found; j++) {
			size_t b;

			if (j == i || strcmp(t[i].label, t[j].label) != 0)
				continue;
			has = 1;
			for (b = 0; b < KB_CLUSTER_BANDS; b++)
				found |= keys[i][b] == keys[j][b];
		}
		if (has && !found) {
			alone++;
			diag("%s shares no band key with its cluster %s", t[i].name, t[i].label);
		}
	}
	is_int(alone, 0, "band keys: every copy shares a key with another copy of its release");
out:
	if (n > 0)
		for (i = 0; i < n; i++)
			free(t[i].title);
	free(keys);
	free(dir);
	free(t);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");

	if (!top || !*top)
		top = ".";
	test_set(top);
	test_set_keys(top);
	test_hostile();
	test_api();
	return done_testing();
}
