/* output-html.c: format = html, the upcoming MSME events of an output as
 * one static page (kabar-feeds(5), "HTML").
 *
 * An entry is an event when its event_start is set (as in the iCalendar
 * writer); it is upcoming when its last day (event_end, else
 * event_start) is on or after the day of `now` in the event's zone
 * (kb_output_zone), and ongoing when it started on or before that day.
 * The page lists the upcoming events by start date (then all-day before
 * timed, then time, then name, then the output's order), and again by
 * region, with an index of the regions in a nav.
 *
 * The page is HTML5 without scripts, images, fonts or any other
 * resource: one inline style sheet. Every text from an item is repaired
 * (kb_utf8_clean), stripped of what HTML does not allow and escaped; a
 * link is written only for an http or https URL. Nothing depends on the
 * wall clock: the same entries and `now` give the same bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "output-impl.h"
#include "util.h"

/* The last day written, 9999-12-31 in days since 1970-01-01: an event
 * starting or ending later is left out (a year of four digits). */
#define HTML_DAY_MAX 2932896
/* The longest URL written as a link. */
#define HTML_URL_MAX 8192

/* An upcoming event. */
struct hev {
	const struct entry *e;
	const char *name; /* the event's name, else the item's title */
	int64_t start, last;
	int minute; /* local start time, -1 when none */
	int end;    /* local end time (kb_item_event_end), -1 when none */
	int off;    /* the zone's offset in minutes */
	const char *abbr;
	int ongoing;
	size_t pos; /* the entry's place in the output's order */
	size_t n;   /* 1-based place on the page: anchor acara-N */
	size_t reg; /* its region in the region list */
};

/* A region of the index: the events with one region code. */
struct hreg {
	const char *code; /* NULL: unknown */
	const char *name, *prov;
	const char *key; /* sort key: province, else name */
	size_t first, n; /* range in the by-region list */
};

static const char *const html_days[] = { "Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu" };
static const char *const html_months[] = { "Januari", "Februari", "Maret",     "April",	  "Mei",      "Juni",
					   "Juli",    "Agustus",  "September", "Oktober", "November", "Desember" };

/* The style sheet: system fonts, a readable measure, visible focus, the
 * contrast of WCAG AA in light and dark, nothing wider than the screen. */
static const char html_css[] =
	":root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#4a4a4a;--link:#0b57d0;--line:#c8c8c8;"
	"--accent:#7a3e00;--accent-bg:#fff1e0;--focus:#b3261e}\n"
	"@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#ececec;--muted:#c4c4c4;--link:#9ecaff;"
	"--line:#4a4a4a;--accent:#ffd8b0;--accent-bg:#3d2400;--focus:#ffb4ab}}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
	"body{margin:0 auto;max-width:46rem;padding:0 1rem 2rem;background:var(--bg);color:var(--fg);"
	"font:1rem/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif;"
	"overflow-wrap:anywhere;word-break:normal}\n"
	"a{color:var(--link);text-underline-offset:.15em}\n"
	"a:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:2px}\n"
	"h1{font-size:1.75rem;line-height:1.2;margin:1.5rem 0 .5rem}\n"
	"h2{font-size:1.35rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}\n"
	"h3{font-size:1.1rem;margin:1.5rem 0 .5rem}\n"
	"h4{font-size:1.05rem;margin:0 0 .25rem}\n"
	"p{margin:.5rem 0}\n"
	".meta{color:var(--muted)}\n"
	".skip{position:absolute;left:.5rem;top:-4rem;padding:.5rem;background:var(--bg)}\n"
	".skip:focus{top:.5rem}\n"
	"ul.events,ul.index{list-style:none;margin:0;padding:0}\n"
	"ul.events>li{border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}\n"
	"ul.index>li{margin:.35rem 0}\n"
	"ul.also{display:inline;margin:0;padding:0;list-style:none}\n"
	"ul.also>li{display:inline}\n"
	"ul.also>li+li::before{content:\", \"}\n"
	"dl{margin:.5rem 0 0}\n"
	"dt{font-weight:600}\n"
	"dd{margin:0 0 .35rem}\n"
	"@media (min-width:34rem){dl{display:grid;grid-template-columns:max-content minmax(0,1fr);"
	"column-gap:1rem}dd{margin:0 0 .25rem}}\n"
	".now{display:inline-block;margin-left:.35rem;padding:0 .4rem;border-radius:.25rem;"
	"background:var(--accent-bg);color:var(--accent);font-weight:600}\n"
	"footer{margin-top:2.5rem;border-top:1px solid var(--line);padding-top:.75rem;color:var(--muted);"
	"font-size:.9rem}\n";

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

static int
strcmp0(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* The length of a noncharacter (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF) at p
 * in valid UTF-8, else 0. HTML does not allow them in a page. */
static size_t
nonchar_len(const unsigned char *p)
{
	if (p[0] == 0xef && p[1] == 0xb7 && p[2] >= 0x90 && p[2] <= 0xaf)
		return 3;
	if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
		return 3;
	if (p[0] >= 0xf0 && (p[1] & 0x0f) == 0x0f && p[2] == 0xbf && (p[3] == 0xbe || p[3] == 0xbf))
		return 4;
	return 0;
}

/* Append s as HTML text (also right in a double-quoted attribute): its
 * UTF-8 repaired and controls dropped (kb_utf8_clean), noncharacters
 * dropped, tab and line ends made spaces, & < > " ' escaped. NULL
 * appends nothing. */
static void
html_text(struct kb_buf *b, const char *s, int *bad)
{
	const unsigned char *p;
	const char *run, *rep;
	char *clean;
	size_t skip;

	if (s == NULL)
		return;
	clean = kb_utf8_clean(s, strlen(s));
	for (p = (const unsigned char *)clean, run = clean; *p != '\0';) {
		skip = 1;
		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '\t':
		case '\n':
		case '\r':
			rep = " ";
			break;
		default:
			skip = *p >= 0xef ? nonchar_len(p) : 0;
			if (skip == 0) {
				p++;
				continue;
			}
			rep = "";
			break;
		}
		*bad |= kb_buf_add(b, run, (size_t)((const char *)p - run));
		*bad |= kb_buf_addstr(b, rep);
		p += skip;
		run = (const char *)p;
	}
	*bad |= kb_buf_addstr(b, run);
	free(clean);
}

/* 1 when s shows something once cleaned: a character that is not a
 * space, a control or a noncharacter (a link or heading gets a name). */
static int
visible(const char *s)
{
	const unsigned char *p;
	char *clean;
	size_t n;
	int seen = 0;

	if (empty(s))
		return 0;
	clean = kb_utf8_clean(s, strlen(s));
	for (p = (const unsigned char *)clean; *p != '\0' && !seen;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		n = *p >= 0xef ? nonchar_len(p) : 0;
		if (n > 0) {
			p += n;
			continue;
		}
		seen = 1;
	}
	free(clean);
	return seen;
}

/* 1 when u can be a link: http: or https: with a host, at most
 * HTML_URL_MAX bytes of valid UTF-8 without controls. */
static int
url_ok(const char *u)
{
	const unsigned char *p;
	const char *h;
	size_t n;

	if (u == NULL)
		return 0;
	if (kb_strncasecmp(u, "http://", 7) == 0)
		h = u + 7;
	else if (kb_strncasecmp(u, "https://", 8) == 0)
		h = u + 8;
	else
		return 0;
	if (*h == '\0' || strchr("/?#", *h) != NULL)
		return 0;
	n = strlen(u);
	if (n > HTML_URL_MAX || !kb_utf8_valid(u, n))
		return 0;
	for (p = (const unsigned char *)u; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
			return 0;
	return 1;
}

/* Append a URL that passed url_ok as an attribute value: bytes a URL
 * does not hold as they are (space, non-ASCII, " < > \ ^ ` { | }) are
 * percent-encoded, & is escaped. */
static void
html_url(struct kb_buf *b, const char *u, int *bad)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)u; *p != '\0'; p++) {
		if (*p == '&') {
			*bad |= kb_buf_addstr(b, "&amp;");
		} else if (*p <= 0x20 || *p >= 0x7f || strchr("\"'<>\\^`{|}", *p) != NULL) {
			*bad |= kb_buf_addc(b, '%');
			*bad |= kb_buf_addc(b, hex[*p >> 4]);
			*bad |= kb_buf_addc(b, hex[*p & 15]);
		} else {
			*bad |= kb_buf_addc(b, (char)*p);
		}
	}
}

/* text as a link to url when url_ok(url), else as text. */
static void
html_link(struct kb_buf *b, const char *url, const char *text, int *bad)
{
	if (!url_ok(url)) {
		html_text(b, text, bad);
		return;
	}
	*bad |= kb_buf_addstr(b, "<a href=\"");
	html_url(b, url, bad);
	*bad |= kb_buf_addstr(b, "\">");
	html_text(b, text, bad);
	*bad |= kb_buf_addstr(b, "</a>");
}

/* --- dates --- */

struct hdate {
	int64_t year;
	int month; /* 1..12 */
	int day;
	int wday; /* 0 Sunday (Minggu) */
};

/* The proleptic Gregorian date of a day number (days since 1970-01-01). */
static void
civil(int64_t days, struct hdate *d)
{
	/* Far beyond any date written; keeps the arithmetic in range. */
	if (days > INT64_MAX / 8)
		days = INT64_MAX / 8;
	if (days < -(INT64_MAX / 8))
		days = -(INT64_MAX / 8);
	kb_civil_from_days(days, &d->year, &d->month, &d->day);
	d->wday = kb_weekday(days);
}

/* The day of an instant at a UTC offset in minutes. */
static int64_t
day_of(int64_t t, int off)
{
	int64_t s = (int64_t)off * 60;

	if (s > 0 && t > INT64_MAX - s)
		t = INT64_MAX;
	else
		t += s;
	return kb_floor_div(t, 86400);
}

/* YYYY-MM-DD */
static void
iso_day(const struct hdate *d, char *buf, size_t size)
{
	snprintf(buf, size, "%04lld-%02d-%02d", (long long)d->year, d->month, d->day);
}

/* <time datetime="YYYY-MM-DD">[Kamis, ]4[ Juni[ 2026]]</time>: parts
 * 1 the day, 2 and its month, 3 and its year; wday adds the weekday. */
static void
html_day(struct kb_buf *b, int64_t days, int parts, int wday, int *bad)
{
	struct hdate d;
	char iso[40];

	civil(days, &d);
	iso_day(&d, iso, sizeof(iso));
	*bad |= kb_buf_printf(b, "<time datetime=\"%s\">", iso);
	if (wday)
		*bad |= kb_buf_printf(b, "%s, ", html_days[d.wday]);
	*bad |= kb_buf_printf(b, "%d", d.day);
	if (parts >= 2)
		*bad |= kb_buf_printf(b, " %s", html_months[d.month - 1]);
	if (parts >= 3)
		*bad |= kb_buf_printf(b, " %lld", (long long)d.year);
	*bad |= kb_buf_addstr(b, "</time>");
}

/* The days of an event: "4 Juni 2026", "28–30 Mei 2026",
 * "28 Mei – 3 Juni 2026", "30 Desember 2026 – 2 Januari 2027". */
static void
html_range(struct kb_buf *b, int64_t start, int64_t last, int *bad)
{
	struct hdate s, e;

	if (last <= start) {
		html_day(b, start, 3, 0, bad);
		return;
	}
	civil(start, &s);
	civil(last, &e);
	if (s.year == e.year && s.month == e.month) {
		html_day(b, start, 1, 0, bad);
		*bad |= kb_buf_addstr(b, "\xe2\x80\x93");
	} else if (s.year == e.year) {
		html_day(b, start, 2, 0, bad);
		*bad |= kb_buf_addstr(b, " \xe2\x80\x93 ");
	} else {
		html_day(b, start, 3, 0, bad);
		*bad |= kb_buf_addstr(b, " \xe2\x80\x93 ");
	}
	html_day(b, last, 3, 0, bad);
}

/* --- the events --- */

static int
hev_cmp(const void *pa, const void *pb)
{
	const struct hev *a = pa, *b = pb;
	int c;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->minute != b->minute)
		return a->minute < b->minute ? -1 : 1;
	c = strcmp(a->name, b->name);
	if (c != 0)
		return c;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The upcoming events of l, in the page's order (new array, freed by
 * the caller; *n set). */
static struct hev *
upcoming(const struct entries *l, int64_t now, size_t *n)
{
	struct hev *v;
	size_t i, k = 0;

	v = kb_calloc(l->n + 1, sizeof(*v));
	for (i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		const struct kb_item *it = &e->it;
		struct hev *h = &v[k];
		int64_t today;

		if (it->event_start < 0 || it->event_start > HTML_DAY_MAX)
			continue;
		h->start = it->event_start;
		h->last = it->event_end >= it->event_start ? it->event_end : it->event_start;
		if (h->last > HTML_DAY_MAX)
			continue;
		kb_output_zone(it->region, &h->off, &h->abbr);
		today = day_of(now, h->off);
		if (h->last < today)
			continue;
		h->e = e;
		h->ongoing = h->start <= today;
		h->minute = it->event_minute >= 0 && it->event_minute < 24 * 60 ? it->event_minute : -1;
		h->end = h->minute >= 0 ? kb_item_event_end(it) : -1;
		h->name = visible(it->event_name) ? it->event_name : visible(it->title) ? it->title : "";
		h->pos = i;
		k++;
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), hev_cmp);
	for (i = 0; i < k; i++)
		v[i].n = i + 1;
	*n = k;
	return v;
}

/* --- regions --- */

static int
code_cmp(const void *pa, const void *pb)
{
	const struct hev *a = *(const struct hev *const *)pa, *b = *(const struct hev *const *)pb;
	int c = strcmp0(a->e->it.region, b->e->it.region);

	if (c != 0)
		return c;
	return a->n < b->n ? -1 : a->n > b->n;
}

/* Known regions by province, then name, then code; the unknown last. */
static int
reg_cmp(const void *pa, const void *pb)
{
	const struct hreg *a = pa, *b = pb;
	int c;

	if ((a->code == NULL) != (b->code == NULL))
		return a->code == NULL ? 1 : -1;
	c = strcmp0(a->key, b->key);
	if (c == 0)
		c = strcmp0(a->name, b->name);
	if (c == 0)
		c = strcmp0(a->code, b->code);
	return c;
}

/* The regions of the events (new array; *by_reg a new array of the
 * events grouped by region, each group in the page's order; *n_regs
 * set; each event's reg set). */
static struct hreg *
regions(struct hev *v, size_t n, const struct hev ***by_reg, size_t *n_regs)
{
	const struct hev **r;
	struct hreg *g;
	size_t i, k = 0;

	r = kb_calloc(n + 1, sizeof(*r));
	g = kb_calloc(n + 1, sizeof(*g));
	for (i = 0; i < n; i++)
		r[i] = &v[i];
	if (n > 1)
		qsort(r, n, sizeof(*r), code_cmp);
	for (i = 0; i < n; i++) {
		const struct kb_item *it = &r[i]->e->it;
		const char *code = !empty(it->region) ? it->region : NULL;

		if (i == 0 || strcmp0(code, g[k - 1].code) != 0) {
			struct hreg *x = &g[k++];

			x->code = code;
			x->first = i;
			if (code != NULL) {
				x->name = visible(it->region_name) ? it->region_name : code;
				x->prov = visible(it->region_province) && strcmp(it->region_province, x->name) != 0
						  ? it->region_province
						  : NULL;
				x->key = x->prov != NULL ? x->prov : x->name;
			}
		}
		g[k - 1].n++;
	}
	if (k > 1)
		qsort(g, k, sizeof(*g), reg_cmp);
	for (i = 0; i < k; i++) {
		size_t j;

		for (j = g[i].first; j < g[i].first + g[i].n; j++)
			v[r[j]->n - 1].reg = i;
	}
	*by_reg = r;
	*n_regs = k;
	return g;
}

/* A region code that is an id and a fragment as it is: digits and dots
 * (Kepmendagri codes), so that it cannot be taken for wilayah-lain or
 * wilayah-nN. */
static int
code_safe(const char *code)
{
	size_t n = 0;

	for (; *code != '\0'; code++, n++)
		if (!((*code >= '0' && *code <= '9') || *code == '.'))
			return 0;
	return n > 0 && n <= 32;
}

/* The anchor of region i: wilayah-CODE, wilayah-nN (a code not safe in
 * an id), wilayah-lain (unknown). */
static void
reg_anchor(const struct hreg *g, size_t i, char *buf, size_t size)
{
	if (g[i].code == NULL)
		snprintf(buf, size, "wilayah-lain");
	else if (code_safe(g[i].code))
		snprintf(buf, size, "wilayah-%s", g[i].code);
	else
		snprintf(buf, size, "wilayah-n%zu", i + 1);
}

static void
reg_label(struct kb_buf *b, const struct hreg *g, int *bad)
{
	if (g->code == NULL) {
		*bad |= kb_buf_addstr(b, "Wilayah tidak diketahui");
		return;
	}
	html_text(b, g->name, bad);
	if (g->prov != NULL) {
		*bad |= kb_buf_addstr(b, ", ");
		html_text(b, g->prov, bad);
	}
}

/* --- the page --- */

static void
html_event(struct kb_buf *b, const struct hev *h, const struct hreg *g, int *bad)
{
	const struct kb_item *it = &h->e->it;
	char anchor[64];
	size_t i;

	*bad |= kb_buf_printf(b, "<li id=\"acara-%zu\">\n<h4>", h->n);
	html_link(b, it->url, visible(h->name) ? h->name : "(tanpa judul)", bad);
	*bad |= kb_buf_addstr(b, "</h4>\n");
	if (visible(it->title) && h->name != it->title && strcmp(h->name, it->title) != 0) {
		*bad |= kb_buf_addstr(b, "<p class=\"meta\">Berita: ");
		html_text(b, it->title, bad);
		*bad |= kb_buf_addstr(b, "</p>\n");
	}
	*bad |= kb_buf_addstr(b, "<dl>\n<dt>Waktu</dt><dd>");
	html_range(b, h->start, h->last, bad);
	if (h->minute >= 0) {
		struct hdate d;
		char iso[40];

		civil(h->start, &d);
		iso_day(&d, iso, sizeof(iso));
		*bad |= kb_buf_printf(b, ", pukul <time datetime=\"%sT%02d:%02d+%02d:%02d\">%02d.%02d", iso,
				      h->minute / 60, h->minute % 60, h->off / 60, h->off % 60, h->minute / 60,
				      h->minute % 60);
		if (h->end >= 0)
			/* Daily hours: the end on the first day. */
			*bad |= kb_buf_printf(
				b, "</time>\xe2\x80\x93<time datetime=\"%sT%02d:%02d+%02d:%02d\">%02d.%02d", iso,
				h->end / 60, h->end % 60, h->off / 60, h->off % 60, h->end / 60, h->end % 60);
		*bad |= kb_buf_printf(b, " %s</time>", h->abbr);
	}
	if (h->ongoing)
		*bad |= kb_buf_addstr(b, " <strong class=\"now\">Sedang berlangsung</strong>");
	*bad |= kb_buf_addstr(b, "</dd>\n");
	if (visible(it->event_venue)) {
		*bad |= kb_buf_addstr(b, "<dt>Tempat</dt><dd>");
		html_text(b, it->event_venue, bad);
		*bad |= kb_buf_addstr(b, "</dd>\n");
	}
	if (visible(it->event_organizer)) {
		*bad |= kb_buf_addstr(b, "<dt>Penyelenggara</dt><dd>");
		html_text(b, it->event_organizer, bad);
		*bad |= kb_buf_addstr(b, "</dd>\n");
	}
	reg_anchor(g, h->reg, anchor, sizeof(anchor));
	*bad |= kb_buf_printf(b, "<dt>Wilayah</dt><dd><a href=\"#%s\">", anchor);
	reg_label(b, &g[h->reg], bad);
	*bad |= kb_buf_addstr(b, "</a></dd>\n<dt>Sumber</dt><dd>");
	html_link(b, it->url, visible(h->e->source) ? h->e->source : "sumber", bad);
	*bad |= kb_buf_addstr(b, "</dd>\n");
	if (h->e->n_also > 0) {
		*bad |= kb_buf_addstr(b, "<dt>Juga diberitakan</dt><dd><ul class=\"also\">");
		for (i = 0; i < h->e->n_also; i++) {
			const char *s = h->e->also_src[i];

			*bad |= kb_buf_addstr(b, "<li>");
			html_link(b, h->e->also_url[i], visible(s) ? s : "sumber lain", bad);
			*bad |= kb_buf_addstr(b, "</li>");
		}
		*bad |= kb_buf_addstr(b, "</ul></dd>\n");
	}
	*bad |= kb_buf_addstr(b, "</dl>\n</li>\n");
}

/* "Senin, 1 Juni 2026 pukul 23.30 WIB" of now, in a time element with
 * the UTC instant. */
static void
html_now(struct kb_buf *b, int64_t now, int *bad)
{
	struct hdate d;
	int64_t t, s;
	char iso[40];

	civil(day_of(now, 0), &d);
	iso_day(&d, iso, sizeof(iso));
	s = now >= 0 ? now % 86400 : (86400 - (-(now + 1)) % 86400 - 1);
	*bad |= kb_buf_printf(b, "<time datetime=\"%sT%02d:%02d:%02dZ\">", iso, (int)(s / 3600), (int)(s / 60 % 60),
			      (int)(s % 60));
	/* Shown in WIB. */
	t = day_of(now, 420);
	civil(t, &d);
	s = now > INT64_MAX - 420 * 60 ? 0 : now + 420 * 60;
	s = s >= 0 ? s % 86400 : (86400 - (-(s + 1)) % 86400 - 1);
	*bad |= kb_buf_printf(b, "%s, %d %s %lld pukul %02d.%02d WIB</time>", html_days[d.wday], d.day,
			      html_months[d.month - 1], (long long)d.year, (int)(s / 3600), (int)(s / 60 % 60));
}

void
kb_output_html(struct kb_buf *b, const struct kb_config *cfg, const struct kb_output *o, const struct entries *l,
	       int64_t now, int *bad)
{
	const struct hev **by_reg = NULL;
	struct hreg *g = NULL;
	struct hev *v;
	const char *title;
	size_t n, n_regs = 0, i, j;
	char anchor[64], iso[40];

	(void)cfg;
	title = visible(kb_output_title(o)) ? kb_output_title(o) : "Acara UMKM";
	v = upcoming(l, now, &n);
	if (n > 0)
		g = regions(v, n, &by_reg, &n_regs);
	*bad |= kb_buf_addstr(b, "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
				 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
				 "<meta name=\"color-scheme\" content=\"light dark\">\n"
				 "<meta name=\"generator\" content=\"kabar " PACKAGE_VERSION "\">\n<title>");
	html_text(b, title, bad);
	*bad |= kb_buf_addstr(b, "</title>\n");
	if (visible(o->description)) {
		*bad |= kb_buf_addstr(b, "<meta name=\"description\" content=\"");
		html_text(b, o->description, bad);
		*bad |= kb_buf_addstr(b, "\">\n");
	}
	*bad |= kb_buf_printf(b, "<style>\n%s</style>\n</head>\n<body>\n", html_css);
	*bad |= kb_buf_addstr(b, "<a class=\"skip\" href=\"#isi\">Langsung ke daftar acara</a>\n<header>\n<h1>");
	html_text(b, title, bad);
	*bad |= kb_buf_addstr(b, "</h1>\n");
	if (visible(o->description)) {
		*bad |= kb_buf_addstr(b, "<p>");
		html_text(b, o->description, bad);
		*bad |= kb_buf_addstr(b, "</p>\n");
	}
	*bad |= kb_buf_printf(b, "<p class=\"meta\">%zu acara mendatang per ", n);
	html_now(b, now, bad);
	*bad |= kb_buf_addstr(b, ".</p>\n</header>\n");

	*bad |= kb_buf_addstr(b, "<nav aria-labelledby=\"nav-wilayah\">\n<h2 id=\"nav-wilayah\">Wilayah</h2>\n");
	if (n_regs == 0) {
		*bad |= kb_buf_addstr(b, "<p>Belum ada wilayah dengan acara mendatang.</p>\n");
	} else {
		*bad |= kb_buf_addstr(b, "<ul class=\"index\">\n");
		for (i = 0; i < n_regs; i++) {
			reg_anchor(g, i, anchor, sizeof(anchor));
			*bad |= kb_buf_printf(b, "<li><a href=\"#%s\">", anchor);
			reg_label(b, &g[i], bad);
			*bad |= kb_buf_printf(b, "</a> (%zu acara)</li>\n", g[i].n);
		}
		*bad |= kb_buf_addstr(b, "</ul>\n");
	}
	*bad |= kb_buf_addstr(b, "</nav>\n<main id=\"isi\">\n");

	if (n == 0) {
		*bad |= kb_buf_addstr(b, "<p>Tidak ada acara mendatang.</p>\n");
	} else {
		*bad |= kb_buf_addstr(b, "<section aria-labelledby=\"tanggal\">\n"
					 "<h2 id=\"tanggal\">Menurut tanggal</h2>\n");
		for (i = 0; i < n; i = j) {
			struct hdate d;

			civil(v[i].start, &d);
			iso_day(&d, iso, sizeof(iso));
			*bad |= kb_buf_printf(b, "<h3 id=\"tanggal-%s\">", iso);
			html_day(b, v[i].start, 3, 1, bad);
			*bad |= kb_buf_addstr(b, "</h3>\n<ul class=\"events\">\n");
			for (j = i; j < n && v[j].start == v[i].start; j++)
				html_event(b, &v[j], g, bad);
			*bad |= kb_buf_addstr(b, "</ul>\n");
		}
		*bad |= kb_buf_addstr(b, "</section>\n<section aria-labelledby=\"wilayah\">\n"
					 "<h2 id=\"wilayah\">Menurut wilayah</h2>\n");
		for (i = 0; i < n_regs; i++) {
			reg_anchor(g, i, anchor, sizeof(anchor));
			*bad |= kb_buf_printf(b, "<h3 id=\"%s\">", anchor);
			reg_label(b, &g[i], bad);
			*bad |= kb_buf_addstr(b, "</h3>\n<ul class=\"index\">\n");
			for (j = g[i].first; j < g[i].first + g[i].n; j++) {
				const struct hev *h = by_reg[j];

				*bad |= kb_buf_printf(b, "<li><a href=\"#acara-%zu\">", h->n);
				html_text(b, visible(h->name) ? h->name : "(tanpa judul)", bad);
				*bad |= kb_buf_addstr(b, "</a>, ");
				html_range(b, h->start, h->last, bad);
				if (h->ongoing)
					*bad |= kb_buf_addstr(b, " <strong class=\"now\">Sedang berlangsung</strong>");
				*bad |= kb_buf_addstr(b, "</li>\n");
			}
			*bad |= kb_buf_addstr(b, "</ul>\n");
		}
		*bad |= kb_buf_addstr(b, "</section>\n");
	}
	*bad |= kb_buf_addstr(b, "</main>\n<footer>\n<p>Acara mendatang: hari terakhirnya hari ini atau sesudahnya, "
				 "menurut zona waktu daerahnya (WIB, WITA, WIT). Judul acara menaut ke beritanya.</p>\n"
				 "<p>Dibuat oleh kabar " PACKAGE_VERSION ".</p>\n</footer>\n</body>\n</html>\n");
	free(by_reg);
	free(g);
	free(v);
}
