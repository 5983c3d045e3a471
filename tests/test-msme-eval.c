/* test-msme-eval.c: the MSME intelligence of src/msme.h judged on the
 * labeled set in tests/data/msme (see its README). Runs kb_classify,
 * kb_region_resolve and kb_event_extract on every text, prints every
 * mismatch, computes event precision and recall, region accuracy and
 * event date exactness, and fails when a figure drops below
 * tests/msme-baseline (RAISE lines say when one could be raised). Also
 * checks the model article of $SHARED_DIR/data/seed-article.txt against
 * its known labels. The gazetteer and the lexicon come from
 * $SHARED_DIR/data; without them the whole test is skipped. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "msme.h"
#include "util.h"
#include "tap.h"

#define MAX_LINE  4096
#define MAX_TEXT  (1024 * 1024)
#define MAX_ITEMS 4096
#define FIELD_LEN 256

/* One row of labels.tsv. Dates are days since 1970-01-01, -1 for "-". */
struct label {
	char id[FIELD_LEN];
	char published[FIELD_LEN];
	char source[FIELD_LEN]; /* "" for "-" */
	int event;
	char region[FIELD_LEN]; /* "-" for none */
	int64_t start, end;
	char venue[FIELD_LEN];
};

/* The figures, in the order of tests/msme-baseline. */
static const char *const fig_keys[] = { "event_precision", "event_recall", "region_accuracy", "date_exact" };
#define N_FIGS (sizeof(fig_keys) / sizeof(fig_keys[0]))

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Parse "YYYY-MM-DD" into days; "-" is -1 with 0 returned. -1 when
 * malformed. */
static int
parse_day(const char *s, int64_t *out)
{
	long long y, m, d;
	char buf[16];

	if (strcmp(s, "-") == 0) {
		*out = -1;
		return 0;
	}
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	memcpy(buf, s, 4);
	buf[4] = '\0';
	if (kb_parse_int(buf, 1900, 2999, &y) != 0)
		return -1;
	memcpy(buf, s + 5, 2);
	buf[2] = '\0';
	if (kb_parse_int(buf, 1, 12, &m) != 0)
		return -1;
	memcpy(buf, s + 8, 2);
	buf[2] = '\0';
	if (kb_parse_int(buf, 1, 31, &d) != 0)
		return -1;
	*out = days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

/* "YYYY-MM-DD" of a day count (civil_from_days), "-" for -1. buf holds
 * at least 16 bytes. Returns buf. */
static const char *
show_day(int64_t days, char *buf, size_t size)
{
	int64_t z, era, y;
	unsigned doe, yoe, doy, mp, d, m;

	if (days == -1) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (days < -719468 || days > 2932896) {
		snprintf(buf, size, "(day %lld)", (long long)days);
		return buf;
	}
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(buf, size, "%04lld-%02u-%02u", (long long)y, m, d);
	return buf;
}

/* Read a whole file (at most MAX_TEXT bytes) into a new NUL-terminated
 * string the caller frees, or NULL with a diag. */
static char *
slurp(const char *path)
{
	FILE *f;
	char *buf = NULL;
	size_t n;

	f = fopen(path, "rb");
	if (f == NULL) {
		diag("cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	buf = kb_malloc(MAX_TEXT + 1);
	n = fread(buf, 1, MAX_TEXT + 1, f);
	if (ferror(f) || n > MAX_TEXT) {
		diag("cannot read %s: %s", path, ferror(f) ? "read error" : "file too big");
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[n] = '\0';
out:
	fclose(f);
	return buf;
}

/* Split a text file's contents in place: the first line is the title,
 * the body follows the blank line(s) after it. */
static void
split_text(char *all, const char **title, const char **body)
{
	char *nl, *end;

	*title = all;
	nl = strchr(all, '\n');
	if (nl == NULL) {
		*body = all + strlen(all);
		return;
	}
	end = nl;
	if (end > all && end[-1] == '\r')
		end--;
	*end = '\0';
	nl++;
	while (*nl == '\n' || *nl == '\r')
		nl++;
	*body = nl;
}

/* Copy field into dst (FIELD_LEN); -1 when too long or empty. */
static int
take_field(char *dst, const char *src, size_t len)
{
	if (len == 0 || len >= FIELD_LEN)
		return -1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

/* Parse one labels.tsv row (no newline) into l. 0, or -1 with why. */
static int
parse_label(const char *line, struct label *l, const char **why)
{
	const char *f[8];
	size_t len[8];
	const char *p = line, *tab;
	size_t i;
	int64_t pub;

	for (i = 0; i < 8; i++) {
		f[i] = p;
		tab = strchr(p, '\t');
		if (tab == NULL) {
			len[i] = strlen(p);
			p += len[i];
			if (i != 7) {
				*why = "fewer than 8 fields";
				return -1;
			}
		} else {
			len[i] = (size_t)(tab - p);
			p = tab + 1;
			if (i == 7) {
				*why = "more than 8 fields";
				return -1;
			}
		}
	}
	if (take_field(l->id, f[0], len[0]) != 0 || take_field(l->published, f[1], len[1]) != 0 ||
	    take_field(l->source, f[2], len[2]) != 0 || take_field(l->region, f[4], len[4]) != 0 ||
	    take_field(l->venue, f[7], len[7]) != 0) {
		*why = "an empty or overlong field";
		return -1;
	}
	if (strcmp(l->source, "-") == 0)
		l->source[0] = '\0';
	if (len[3] != 1 || (f[3][0] != '0' && f[3][0] != '1')) {
		*why = "is_msme_event is not 0 or 1";
		return -1;
	}
	l->event = f[3][0] == '1';
	if (parse_day(l->published, &pub) != 0 || pub < 0) {
		*why = "bad published date";
		return -1;
	}
	{
		char s[FIELD_LEN], e[FIELD_LEN];

		if (take_field(s, f[5], len[5]) != 0 || take_field(e, f[6], len[6]) != 0 ||
		    parse_day(s, &l->start) != 0 || parse_day(e, &l->end) != 0) {
			*why = "bad event_start or event_end";
			return -1;
		}
	}
	if (l->event && (l->start < 0 || l->end < l->start)) {
		*why = "an event without a valid date range";
		return -1;
	}
	if (!l->event && (l->start >= 0 || l->end >= 0)) {
		*why = "a non-event with event dates";
		return -1;
	}
	return 0;
}

/* Read labels.tsv. Returns the number of rows (>= 0) in *out (caller
 * frees), or -1 with a diag. */
static int
read_labels(const char *path, struct label **out)
{
	FILE *f;
	char line[MAX_LINE];
	struct label *v = NULL;
	size_t n = 0;
	int lineno = 0, rc = -1;

	*out = NULL;
	f = fopen(path, "r");
	if (f == NULL) {
		diag("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t len = strlen(line);
		const char *why = NULL;

		lineno++;
		if (len > 0 && line[len - 1] != '\n' && !feof(f)) {
			diag("%s:%d: line too long", path, lineno);
			goto out;
		}
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno == 1) {
			if (strncmp(line, "id\t", 3) != 0) {
				diag("%s:1: no header line", path);
				goto out;
			}
			continue;
		}
		if (len == 0 || line[0] == '#')
			continue;
		if (n >= MAX_ITEMS) {
			diag("%s:%d: more than %d rows", path, lineno, MAX_ITEMS);
			goto out;
		}
		v = kb_reallocarray(v, n + 1, sizeof(*v));
		if (parse_label(line, &v[n], &why) != 0) {
			diag("%s:%d: %s", path, lineno, why);
			goto out;
		}
		n++;
	}
	if (ferror(f)) {
		diag("cannot read %s", path);
		goto out;
	}
	rc = (int)n;
	*out = v;
	v = NULL;
out:
	free(v);
	fclose(f);
	return rc;
}

/* The zone of a source region, else Asia/Jakarta. */
static const char *
source_tz(const struct kb_gazetteer *g, const char *source)
{
	const struct kb_region *r;

	if (source == NULL || source[0] == '\0')
		return "Asia/Jakarta";
	r = kb_gazetteer_find(g, source);
	if (r == NULL || r->tz == NULL)
		return "Asia/Jakarta";
	return r->tz;
}

/* Midnight of day in tz, as seconds since the epoch. */
static int64_t
midnight(int64_t day, const char *tz)
{
	int64_t t = day * 86400;

	return t - (int64_t)kb_tz_offset(tz, t) * 60;
}

/* Case-insensitive (ASCII) substring test; NULL haystack is no. */
static int
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (hay == NULL)
		return 0;
	for (; *hay != '\0'; hay++)
		if (kb_strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

static double
ratio(long num, long den)
{
	return den > 0 ? (double)num / (double)den : 0.0;
}

/* A figure in units of 1/10000, rounded as printed with %.4f. */
static long
units(double x)
{
	return (long)(x * 10000.0 + 0.5);
}

/* Read tests/msme-baseline: "key value" lines, '#' comments. Fills
 * base[] for the keys in fig_keys (have[] says which were found).
 * 0, or -1 with a diag. */
static int
read_baseline(const char *path, double *base, int *have)
{
	FILE *f;
	char line[MAX_LINE];
	int lineno = 0, rc = -1;

	f = fopen(path, "r");
	if (f == NULL) {
		diag("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *s = kb_trim(line), *sp, *end;
		size_t k;
		double v;

		lineno++;
		if (*s == '\0' || *s == '#')
			continue;
		sp = strpbrk(s, " \t");
		if (sp == NULL) {
			diag("%s:%d: no value", path, lineno);
			goto out;
		}
		*sp++ = '\0';
		errno = 0;
		v = strtod(sp, &end);
		if (end == sp || errno != 0 || *kb_trim(end) != '\0' || !(v >= 0.0 && v <= 1.0)) {
			diag("%s:%d: bad value for %s", path, lineno, s);
			goto out;
		}
		for (k = 0; k < N_FIGS; k++) {
			if (strcmp(s, fig_keys[k]) == 0) {
				base[k] = v;
				have[k] = 1;
				break;
			}
		}
		if (k == N_FIGS) {
			diag("%s:%d: unknown key %s", path, lineno, s);
			goto out;
		}
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

/* The model article and its known labels (msme.h and the helper notes):
 * Kota Mojokerto's stand at Indonesia Maju Expo & Forum 2023, 1-4 June
 * 2023 at TMII, organized by Kemendagri, published 2023-06-01. */
static void
check_seed(const struct kb_gazetteer *g, const struct kb_lexicon *lex, const char *shared)
{
	char *path, *all;
	const char *title, *body;
	struct kb_relevance rel;
	struct kb_region_result rr;
	struct kb_event ev;
	int64_t pub;
	char b1[32];
	int rc;

	path = kb_asprintf("%s/data/seed-article.txt", shared);
	all = slurp(path);
	if (all == NULL) {
		skip(8, "no seed article in the shared data directory");
		free(path);
		return;
	}
	split_text(all, &title, &body);
	parse_day("2023-06-01", &pub);
	memset(&rel, 0, sizeof(rel));
	memset(&rr, 0, sizeof(rr));
	memset(&ev, 0, sizeof(ev));

	rc = kb_classify(lex, title, body, &rel);
	ok(rc == 0 && (rel.topics & KB_TOPIC_EVENT) != 0, "seed: reports an MSME event (topics 0x%x)", rel.topics);
	rc = kb_region_resolve(g, title, body, NULL, &rr);
	is_str(rc == 0 && rr.region != NULL ? rr.region->code : "-", "35.76", "seed: region is Kota Mojokerto");
	rc = kb_event_extract(title, body, midnight(pub, "Asia/Jakarta"), "Asia/Jakarta", &ev);
	ok(rc == 1, "seed: an event is found (rc %d)", rc);
	if (!ok(ev.name != NULL && contains(ev.name, "Indonesia Maju Expo"),
		"seed: event name has Indonesia Maju Expo"))
		diag("  got \"%s\"", ev.name ? ev.name : "(null)");
	is_str(show_day(ev.start, b1, sizeof(b1)), "2023-06-01", "seed: event starts 2023-06-01");
	is_str(show_day(ev.end == -1 ? ev.start : ev.end, b1, sizeof(b1)), "2023-06-04", "seed: event ends 2023-06-04");
	if (!ok(ev.venue != NULL && contains(ev.venue, "Taman Mini"), "seed: venue has Taman Mini"))
		diag("  got \"%s\"", ev.venue ? ev.venue : "(null)");
	if (!ok(ev.organizer != NULL && contains(ev.organizer, "Kemendagri"), "seed: organizer has Kemendagri"))
		diag("  got \"%s\"", ev.organizer ? ev.organizer : "(null)");

	kb_relevance_free(&rel);
	kb_region_result_free(&rr);
	kb_event_free(&ev);
	free(all);
	free(path);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");
	const char *env_shared = getenv("SHARED_DIR");
	char *shared = NULL, *gdir = NULL, *lexpath = NULL, *labpath = NULL, *basepath = NULL;
	char *err = NULL;
	struct kb_gazetteer *g = NULL;
	struct kb_lexicon *lex = NULL;
	struct label *labels = NULL;
	int n, i, failures = 0;
	long tp = 0, fp = 0, fn = 0, reg_ok = 0, n_events = 0, date_ok = 0, venue_ok = 0;
	double fig[N_FIGS], base[N_FIGS] = { 0 };
	int have[N_FIGS] = { 0 };
	size_t k;
	FILE *probe;

	if (top == NULL || top[0] == '\0')
		top = ".";
	if (env_shared != NULL && env_shared[0] != '\0')
		shared = kb_strdup(env_shared);
	else
		shared = kb_asprintf("%s/../shared", top);
	gdir = kb_asprintf("%s/data/gazetteer", shared);
	lexpath = kb_asprintf("%s/data/lexicon-umkm.tsv", shared);
	labpath = kb_asprintf("%s/tests/data/msme/labels.tsv", top);
	basepath = kb_asprintf("%s/tests/msme-baseline", top);

	{
		char *pc = kb_asprintf("%s/provinces.csv", gdir);

		probe = fopen(pc, "r");
		free(pc);
	}
	if (probe == NULL) {
		printf("1..0 # SKIP no gazetteer at %s\n", gdir);
		goto done;
	}
	fclose(probe);
	probe = fopen(lexpath, "r");
	if (probe == NULL) {
		printf("1..0 # SKIP no lexicon at %s\n", lexpath);
		goto done;
	}
	fclose(probe);

	kb_verbosity = -1;
	if (!ok(kb_gazetteer_load(gdir, &g, &err) == 0, "gazetteer loads from %s", gdir)) {
		diag("  %s", err ? err : "(no message)");
		goto finish;
	}
	if (!ok(kb_lexicon_load(lexpath, &lex, &err) == 0, "lexicon loads from %s", lexpath)) {
		diag("  %s", err ? err : "(no message)");
		goto finish;
	}
	n = read_labels(labpath, &labels);
	if (!ok(n >= 80, "labels.tsv has at least 80 rows (%d)", n))
		goto finish;

	diag("mismatches: id  what  expected  got");
	for (i = 0; i < n; i++) {
		const struct label *l = &labels[i];
		char *path = kb_asprintf("%s/tests/data/msme/%s.txt", top, l->id);
		char *all = slurp(path);
		const char *title, *body, *tz, *got_region;
		struct kb_relevance rel;
		struct kb_region_result rr;
		struct kb_event ev;
		int64_t pub = 0, gs, ge;
		int got_event, rc1, rc2, rc3;
		char b1[32], b2[32], b3[32], b4[32];

		free(path);
		if (all == NULL) {
			failures++;
			continue;
		}
		split_text(all, &title, &body);
		memset(&rel, 0, sizeof(rel));
		memset(&rr, 0, sizeof(rr));
		memset(&ev, 0, sizeof(ev));
		parse_day(l->published, &pub);
		tz = source_tz(g, l->source);

		rc1 = kb_classify(lex, title, body, &rel);
		rc2 = kb_region_resolve(g, title, body, l->source[0] ? l->source : NULL, &rr);
		rc3 = kb_event_extract(title, body, midnight(pub, tz), tz, &ev);
		if (rc1 != 0 || rc2 != 0 || rc3 < 0) {
			diag("  %s  error  classify %d region %d event %d", l->id, rc1, rc2, rc3);
			failures++;
		}

		got_event = rc1 == 0 && (rel.topics & KB_TOPIC_EVENT) != 0;
		if (got_event && l->event)
			tp++;
		else if (got_event)
			fp++;
		else if (l->event)
			fn++;
		if (got_event != l->event)
			diag("  %s  event  %d  %d (score %.2f, topics 0x%x)", l->id, l->event, got_event, rel.score,
			     rel.topics);

		got_region = rc2 == 0 && rr.region != NULL ? rr.region->code : "-";
		if (strcmp(got_region, l->region) == 0)
			reg_ok++;
		else
			diag("  %s  region  %s  %s%s", l->id, l->region, got_region,
			     rr.ambiguous ? " (ambiguous)" : "");

		if (l->event) {
			n_events++;
			gs = rc3 == 1 ? ev.start : -1;
			ge = rc3 == 1 ? (ev.end == -1 ? ev.start : ev.end) : -1;
			if (gs == l->start && ge == l->end)
				date_ok++;
			else
				diag("  %s  dates  %s..%s  %s..%s", l->id, show_day(l->start, b1, sizeof(b1)),
				     show_day(l->end, b2, sizeof(b2)), show_day(gs, b3, sizeof(b3)),
				     show_day(ge, b4, sizeof(b4)));
			if (rc3 == 1 && ev.venue != NULL && l->venue[0] != '\0') {
				/* informational: the label's venue up to its first comma */
				char want[FIELD_LEN];
				const char *comma = strchr(l->venue, ',');
				size_t wl = comma ? (size_t)(comma - l->venue) : strlen(l->venue);

				memcpy(want, l->venue, wl);
				want[wl] = '\0';
				if (contains(ev.venue, want) || contains(want, ev.venue))
					venue_ok++;
			}
		}

		kb_relevance_free(&rel);
		kb_region_result_free(&rr);
		kb_event_free(&ev);
		free(all);
	}
	is_int(failures, 0, "every text was read and analysed without error");

	fig[0] = ratio(tp, tp + fp);
	fig[1] = ratio(tp, tp + fn);
	fig[2] = ratio(reg_ok, n);
	fig[3] = ratio(date_ok, n_events);
	diag("texts %d, labeled events %ld: tp %ld, fp %ld, fn %ld", n, n_events, tp, fp, fn);
	diag("event_precision %.4f", fig[0]);
	diag("event_recall %.4f", fig[1]);
	diag("region_accuracy %.4f (%ld of %d)", fig[2], reg_ok, n);
	diag("date_exact %.4f (%ld of %ld)", fig[3], date_ok, n_events);
	diag("venue found (informational) %ld of %ld", venue_ok, n_events);

	if (!ok(read_baseline(basepath, base, have) == 0, "tests/msme-baseline reads"))
		goto seed;
	for (k = 0; k < N_FIGS; k++) {
		long got = units(fig[k]), want = units(base[k]);

		if (!have[k]) {
			ok(0, "%s has a baseline", fig_keys[k]);
			continue;
		}
		ok(got >= want, "%s %.4f at least its baseline %.4f", fig_keys[k], fig[k], base[k]);
	}
	for (k = 0; k < N_FIGS; k++)
		if (have[k] && units(fig[k]) > units(base[k]))
			diag("RAISE %s %.4f", fig_keys[k], fig[k]);
seed:
	check_seed(g, lex, shared);
finish:
	free(labels);
	free(err);
	if (lex != NULL)
		kb_lexicon_free(lex);
	if (g != NULL)
		kb_gazetteer_free(g);
	free(shared);
	free(gdir);
	free(lexpath);
	free(labpath);
	free(basepath);
	return done_testing();
done:
	free(shared);
	free(gdir);
	free(lexpath);
	free(labpath);
	free(basepath);
	return 0;
}
