/* fuzz-classify.c: kb_lexicon_load and kb_classify on arbitrary input.
 *
 * An input starting with "LEX\n" is a lexicon file: it loads (then
 * classifies a fixed story with it) or fails with a message naming the
 * file. Any other input is a story: the title up to the first newline,
 * the text after it, classified with a small fixed lexicon. Properties:
 * the score is in 0..1, only the six topic bits are set, an event has a
 * score above 0, every piece of evidence has a kind and UTF-8 text, the
 * text of a matched term is found in the title or the text, the evidence
 * is bounded, and classifying again gives the same answer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/msme.h"
#include "../src/util.h"
#include "fuzz.h"

static const char lexicon[] = "# term\tweight\tclass\tnote\n"
			      "UMKM\tstrong\tcore\n"
			      "UKM\tstrong\tcore\n"
			      "pelaku usaha\tmedium\tcore\n"
			      "KUR\tweak\tfinance\n"
			      "pameran\tstrong\tevent\n"
			      "bazar\tstrong\tevent\n"
			      "festival\tmedium\tevent\n"
			      "kurasi\tstrong\tprocess\n"
			      "Diskop UKM\tstrong\torg\n"
			      "Inacraft\tstrong\tevent-brand\n"
			      "oleh-oleh\tweak\tproduct\n"
			      "stan\tstrong\tvenue\n"
			      "ekspor\tmedium\texport\n"
			      "Koperasi Merah Putih\tweak\tpolicy\n"
			      "BUMN\tweak\torg\n"
			      "exhibition\tstrong\ten\n";

static struct kb_lexicon *lex;
static char path[256];

static void
cleanup(void)
{
	kb_lexicon_free(lex);
	lex = NULL;
	if (path[0] != '\0')
		unlink(path);
}

static int
write_lexicon(const char *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	if (size > 0 && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char *err = NULL;
	int fd;

	if (path[0] != '\0')
		return;
	snprintf(path, sizeof(path), "%s/fuzz-classify.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	FUZZ_ASSERT(fd >= 0, "cannot create %s", path);
	close(fd);
	atexit(cleanup);
	FUZZ_ASSERT(write_lexicon(lexicon, sizeof(lexicon) - 1) == 0, "cannot write %s", path);
	FUZZ_ASSERT(kb_lexicon_load(path, &lex, &err) == 0, "the fixed lexicon does not load: %s", err ? err : "");
}

static int
contains(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

static void
check(const struct kb_lexicon *l, const char *title, const char *text)
{
	struct kb_relevance r, r2;
	size_t i;

	FUZZ_ASSERT(kb_classify(l, title, text, &r) == 0, "kb_classify failed");
	FUZZ_ASSERT(isfinite(r.score) && r.score >= 0 && r.score <= 1, "score %g", r.score);
	FUZZ_ASSERT((r.topics & ~0x3fu) == 0, "topics 0x%x", r.topics);
	FUZZ_ASSERT(!(r.topics & KB_TOPIC_EVENT) || r.score > 0, "an event with score 0");
	FUZZ_ASSERT(r.n_ev <= 500, "%zu pieces of evidence", r.n_ev);
	for (i = 0; i < r.n_ev; i++) {
		const struct kb_evidence *e = &r.ev[i];

		FUZZ_ASSERT(e->what != NULL && e->text != NULL, "evidence %zu has no kind or text", i);
		FUZZ_ASSERT(kb_utf8_valid(e->text, strlen(e->text)), "evidence '%s' is not UTF-8", e->text);
		FUZZ_ASSERT(isfinite(e->weight), "evidence '%s' weight %g", e->text, e->weight);
		if (strcmp(e->what, "rule") != 0) {
			FUZZ_ASSERT(e->text[0] != '\0', "empty evidence");
			FUZZ_ASSERT(e->in_title ? contains(title, e->text) : contains(text, e->text),
				    "evidence '%s' is not in the %s", e->text, e->in_title ? "title" : "text");
		}
	}
	FUZZ_ASSERT(kb_classify(l, title, text, &r2) == 0, "kb_classify failed");
	FUZZ_ASSERT(r2.score == r.score && r2.topics == r.topics && r2.n_ev == r.n_ev, "not deterministic");
	kb_relevance_free(&r2);
	kb_relevance_free(&r);
}

static void
fuzz_lexicon(const uint8_t *data, size_t size)
{
	struct kb_lexicon *l = NULL;
	char *err = NULL;
	int rc;

	FUZZ_ASSERT(write_lexicon((const char *)data, size) == 0, "cannot write %s", path);
	rc = kb_lexicon_load(path, &l, &err);
	FUZZ_ASSERT(rc == 0 || rc == -1, "rc %d", rc);
	FUZZ_ASSERT((rc == 0) == (l != NULL), "rc %d with lexicon %p", rc, (void *)l);
	if (rc != 0) {
		FUZZ_ASSERT(err != NULL && strncmp(err, path, strlen(path)) == 0, "error without the file name: %s",
			    err ? err : "(null)");
	} else {
		FUZZ_ASSERT(err == NULL, "success with an error: %s", err);
		check(l, "Pameran UMKM dan bazar kerajinan",
		      "Sebanyak 50 UMKM memamerkan produk di stan Diskop-UKM, Sabtu (3/6). Produk dikurasi.");
	}
	kb_lexicon_free(l);
	free(err);
	/* the fixed lexicon again, for the stories */
	FUZZ_ASSERT(write_lexicon(lexicon, sizeof(lexicon) - 1) == 0, "cannot write %s", path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *nl;

	fuzz_init();
	setup();
	if (size >= 4 && memcmp(data, "LEX\n", 4) == 0) {
		fuzz_lexicon(data + 4, size - 4);
		return 0;
	}
	s = fuzz_strndup(data, size);
	nl = strchr(s, '\n');
	if (nl != NULL) {
		*nl = '\0';
		check(lex, s, nl + 1);
	} else {
		check(lex, s, "");
	}
	check(lex, "", s);
	free(s);
	return 0;
}
