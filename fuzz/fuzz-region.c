/* fuzz-region.c: the gazetteer loader and region resolution on arbitrary
 * bytes.
 *
 * An input starting "GAZ\n" is a gazetteer: provinces.csv, a line "--",
 * regencies.csv, a line "--", then a story; the two files are written to
 * a temporary directory and loaded. Properties: rc 0 exactly when a
 * gazetteer comes back, a failure has a message naming one of the files,
 * every region is found by its code and its province exists.
 *
 * Any other input is a story (the first line the title, the rest the
 * text; the first byte also picks a source region) resolved with the
 * real gazetteer ($SHARED_DIR/data/gazetteer, else top_srcdir's
 * ../shared) or, without it, a small one built in. Properties: rc 0; the
 * region is one of the gazetteer's (found by its code); an ambiguous
 * result is a province or none; at most 64 evidence entries, each with
 * a kind and UTF-8 text and a finite weight >= 0; the same input gives
 * the same region twice. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/msme.h"
#include "../src/util.h"
#include "fuzz.h"

static const char tiny_prov[] = "kode,nama,tz_abbr,utc_offset_h\n"
				"32,Jawa Barat,WIB,7\n"
				"35,Jawa Timur,WIB,7\n"
				"63,Kalimantan Selatan,WITA,8\n"
				"75,Gorontalo,WITA,8\n";
static const char tiny_reg[] = "kode,kode_prov,nama,jenis,nama_pendek,provinsi\n"
			       "32.79,32,Kota Banjar,Kota,Banjar,Jawa Barat\n"
			       "35.07,35,Kabupaten Malang,Kabupaten,Malang,Jawa Timur\n"
			       "35.16,35,Kabupaten Mojokerto,Kabupaten,Mojokerto,Jawa Timur\n"
			       "35.73,35,Kota Malang,Kota,Malang,Jawa Timur\n"
			       "35.76,35,Kota Mojokerto,Kota,Mojokerto,Jawa Timur\n"
			       "35.79,35,Kota Batu,Kota,Batu,Jawa Timur\n"
			       "63.02,63,Kabupaten Kotabaru,Kabupaten,Kotabaru,Kalimantan Selatan\n"
			       "63.03,63,Kabupaten Banjar,Kabupaten,Banjar,Kalimantan Selatan\n"
			       "75.01,75,Kabupaten Gorontalo,Kabupaten,Gorontalo,Gorontalo\n"
			       "75.71,75,Kota Gorontalo,Kota,Gorontalo,Gorontalo\n";

static const char *const sources[] = { NULL, "35", "35.76", "35.16", "32", "63.03", "99.99", "" };

static struct kb_gazetteer *gaz;
static char tmpdir[64];

static void
cleanup(void)
{
	char path[128];

	kb_gazetteer_free(gaz);
	gaz = NULL;
	if (tmpdir[0] != '\0') {
		snprintf(path, sizeof(path), "%s/provinces.csv", tmpdir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/regencies.csv", tmpdir);
		unlink(path);
		rmdir(tmpdir);
	}
}

static void
put(const char *name, const char *data, size_t n)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	if (f == NULL) {
		fprintf(stderr, "fuzz-region: cannot write %s\n", path);
		abort();
	}
	if (n > 0 && fwrite(data, 1, n, f) != n) {
		fprintf(stderr, "fuzz-region: cannot write %s\n", path);
		abort();
	}
	fclose(f);
}

static void
setup(void)
{
	const char *shared = getenv("SHARED_DIR"), *top = getenv("top_srcdir");
	char path[4096], *err = NULL;

	if (tmpdir[0] != '\0')
		return;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/fuzz-region-XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		fprintf(stderr, "fuzz-region: mkdtemp failed\n");
		abort();
	}
	atexit(cleanup);
	path[0] = '\0';
	if (shared != NULL && *shared != '\0')
		snprintf(path, sizeof(path), "%s/data/gazetteer", shared);
	else if (top != NULL && *top != '\0')
		snprintf(path, sizeof(path), "%s/../shared/data/gazetteer", top);
	if (path[0] != '\0' && kb_gazetteer_load(path, &gaz, &err) == 0)
		return;
	free(err);
	err = NULL;
	put("provinces.csv", tiny_prov, strlen(tiny_prov));
	put("regencies.csv", tiny_reg, strlen(tiny_reg));
	if (kb_gazetteer_load(tmpdir, &gaz, &err) != 0) {
		fprintf(stderr, "fuzz-region: built-in gazetteer: %s\n", err ? err : "?");
		abort();
	}
}

static void
check_gazetteer(const struct kb_gazetteer *g)
{
	size_t i, n = kb_gazetteer_count(g);

	for (i = 0; i < n; i++) {
		const struct kb_region *r = kb_gazetteer_at(g, i);

		FUZZ_ASSERT(r != NULL, "region %zu of %zu is NULL", i, n);
		FUZZ_ASSERT(kb_gazetteer_find(g, r->code) == r, "region %s not found by its code", r->code);
		FUZZ_ASSERT(kb_gazetteer_find(g, r->province_code) != NULL, "province %s of %s missing",
			    r->province_code, r->code);
		FUZZ_ASSERT(r->tz != NULL && r->name != NULL && r->short_name != NULL && r->kind != NULL,
			    "region %s has a NULL field", r->code);
	}
	FUZZ_ASSERT(kb_gazetteer_at(g, n) == NULL, "at(count) is not NULL");
}

static void
check_result(const struct kb_gazetteer *g, const char *title, const char *text, const char *src)
{
	struct kb_region_result r, r2;
	size_t i;

	FUZZ_ASSERT(kb_region_resolve(g, title, text, src, &r) == 0, "resolve failed");
	if (r.region != NULL)
		FUZZ_ASSERT(kb_gazetteer_find(g, r.region->code) == r.region, "region %s is not the gazetteer's",
			    r.region->code);
	FUZZ_ASSERT(r.ambiguous == 0 || r.ambiguous == 1, "ambiguous is %d", r.ambiguous);
	if (r.ambiguous && r.region != NULL)
		FUZZ_ASSERT(strcmp(r.region->kind, "Provinsi") == 0, "ambiguous but region %s is no province",
			    r.region->code);
	FUZZ_ASSERT(r.n_ev <= 64, "%zu evidence entries", r.n_ev);
	for (i = 0; i < r.n_ev; i++) {
		const struct kb_evidence *e = &r.ev[i];

		FUZZ_ASSERT(e->what != NULL && e->text != NULL, "evidence %zu has a NULL string", i);
		FUZZ_ASSERT(kb_utf8_valid(e->text, strlen(e->text)), "evidence text not UTF-8: %s", e->text);
		FUZZ_ASSERT(isfinite(e->weight) && e->weight >= 0, "evidence weight %g", e->weight);
	}
	FUZZ_ASSERT(kb_region_resolve(g, title, text, src, &r2) == 0, "second resolve failed");
	FUZZ_ASSERT(r2.region == r.region && r2.ambiguous == r.ambiguous && r2.n_ev == r.n_ev,
		    "resolving twice differs");
	kb_region_result_free(&r2);
	kb_region_result_free(&r);
}

/* "GAZ\n" provinces "\n--\n" regencies "\n--\n" story */
static void
gazetteer_input(const char *s, size_t size)
{
	const char *p = s + 4, *end = s + size, *sep1, *sep2;
	struct kb_gazetteer *g = NULL;
	char dir[96], *err = NULL, *story;
	int rc;

	sep1 = strstr(p, "\n--\n");
	if (sep1 == NULL)
		return;
	sep2 = strstr(sep1 + 4, "\n--\n");
	snprintf(dir, sizeof(dir), "%s/g", tmpdir);
	mkdir(dir, 0700);
	{
		char path[160];
		FILE *f;

		snprintf(path, sizeof(path), "%s/provinces.csv", dir);
		f = fopen(path, "wb");
		if (f == NULL)
			abort();
		fwrite(p, 1, (size_t)(sep1 + 1 - p), f);
		fclose(f);
		snprintf(path, sizeof(path), "%s/regencies.csv", dir);
		f = fopen(path, "wb");
		if (f == NULL)
			abort();
		fwrite(sep1 + 4, 1, (size_t)((sep2 ? sep2 + 1 : end) - (sep1 + 4)), f);
		fclose(f);
	}
	rc = kb_gazetteer_load(dir, &g, &err);
	FUZZ_ASSERT((rc == 0) == (g != NULL), "rc %d but gazetteer %p", rc, (void *)g);
	if (rc != 0) {
		FUZZ_ASSERT(err != NULL && (strstr(err, "provinces.csv") || strstr(err, "regencies.csv")),
			    "error does not name a file: %s", err ? err : "(null)");
		free(err);
	} else {
		FUZZ_ASSERT(err == NULL, "success with an error: %s", err);
		check_gazetteer(g);
		story = sep2 ? kb_strdup(sep2 + 4) : kb_strdup("");
		check_result(g, "Pemkot Malang", story, "35");
		free(story);
		kb_gazetteer_free(g);
	}
	{
		char path[160];

		snprintf(path, sizeof(path), "%s/provinces.csv", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/regencies.csv", dir);
		unlink(path);
		rmdir(dir);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *nl;
	const char *src;

	fuzz_init();
	setup();
	s = fuzz_strndup(data, size);
	if (size >= 4 && memcmp(s, "GAZ\n", 4) == 0) {
		gazetteer_input(s, size);
		free(s);
		return 0;
	}
	src = sources[size > 0 ? data[0] % KB_ARRAY_LEN(sources) : 0];
	nl = strchr(s, '\n');
	if (nl != NULL) {
		*nl = '\0';
		check_result(gaz, s, nl + 1, src);
	} else {
		check_result(gaz, NULL, s, src);
	}
	free(s);
	return 0;
}
