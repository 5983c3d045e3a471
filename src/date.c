/* date.c: dates as feeds and news pages write them.
 *
 * Two parsers: a strict one for ISO 8601 / RFC 3339 / W3CDTF (the whole
 * string must match), and a token parser for everything written with
 * words: RFC 822/2822 and their variants, asctime, RFC 850, Indonesian
 * news, and the Greek, Hungarian and Korean forms feedparser knows. The
 * token parser fills slots (day, month, year, time, zone) and rejects any
 * token it does not understand, so free text is not taken for a date.
 *
 * Zones come from the system tz database: TZif files are read here (no
 * setenv("TZ"), no localtime), parsed once and kept for the life of the
 * process in a small table guarded by a mutex. */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"

#define DATE_MAX_LEN  256 /* longer input is not a date */
#define DATE_MAX_TOKS 64
#define DATE_MAX_WORD 48
#define TZ_DIR	      "/usr/share/zoneinfo"
#define TZ_NAME_MAX   64
#define TZ_FILE_MAX   (512 * 1024)
#define TZ_CACHE_SIZE 32
#define TZ_MAX_TRANS  20000
#define TZ_MAX_TYPES  256
#define ZONE_MAX_MIN  (18 * 60) /* numeric zones beyond +-18:00 are junk */
#define YEAR_MIN      1
#define YEAR_MAX      9999

/* --- calendar arithmetic (proleptic Gregorian, H. Hinnant's algorithms) --- */

int64_t
kb_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
kb_days_in_month(int64_t y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && is_leap(y))
		return 29;
	return dim[m - 1];
}

/* Days since 1970-01-01 of y-m-d. */
int64_t
kb_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
kb_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* 0 = Sunday .. 6 = Saturday. 1970-01-01 was a Thursday. */
int
kb_weekday(int64_t days)
{
	return (int)(((days % 7) + 7 + 4) % 7);
}

/* --- ASCII helpers (no locale) --- */

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
to_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* --- the tz database --- */

struct tz_rule {
	char kind; /* 'J' (1..365, no Feb 29), 'n' (0..365), 'M' (month.week.day) */
	int a, b, c;
	int32_t secs; /* local time of day of the change */
};

struct tz_zone {
	int64_t *trans;	    /* transition instants, ascending */
	unsigned char *idx; /* type index of each transition */
	int32_t *utoff;	    /* seconds east of UTC of each type */
	int ntrans;
	int ntypes;
	int has_tail; /* the POSIX TZ footer applies after the last transition */
	int has_dst;
	int32_t std_off; /* seconds east */
	int32_t dst_off;
	struct tz_rule start, end;
};

struct tz_entry {
	char name[TZ_NAME_MAX + 1];
	struct tz_zone *zone;
};

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tz_entry tz_cache[TZ_CACHE_SIZE];
static int tz_ncache;

static void
tz_zone_free(struct tz_zone *z)
{
	if (z == NULL)
		return;
	free(z->trans);
	free(z->idx);
	free(z->utoff);
	free(z);
}

/* The cache lives as long as the process; free it at exit so leak
 * checkers see a clean heap. */
__attribute__((destructor)) static void
tz_cache_free(void)
{
	int i;

	pthread_mutex_lock(&tz_lock);
	for (i = 0; i < tz_ncache; i++) {
		tz_zone_free(tz_cache[i].zone);
		tz_cache[i].zone = NULL;
	}
	tz_ncache = 0;
	pthread_mutex_unlock(&tz_lock);
}

/* A zone name is a relative path under TZ_DIR made of [A-Za-z0-9_+/-]. */
static int
tz_name_ok(const char *tz)
{
	size_t i, n;

	n = strlen(tz);
	if (n == 0 || n > TZ_NAME_MAX || tz[0] == '/' || tz[n - 1] == '/' || strstr(tz, "..") != NULL ||
	    strstr(tz, "//") != NULL)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tz[i];

		if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '+' && c != '-' && c != '/')
			return 0;
	}
	return 1;
}

static int
tz_is_utc(const char *tz)
{
	static const char *const names[] = {
		"UTC", "Etc/UTC", "GMT", "Etc/GMT", "UCT", "Zulu", "Etc/Zulu", "Universal"
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(tz, names[i]) == 0)
			return 1;
	return 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static int64_t
be64(const unsigned char *p)
{
	uint64_t v = ((uint64_t)be32(p) << 32) | be32(p + 4);

	return (int64_t)v;
}

/* POSIX TZ string pieces. Each returns the position after what it read,
 * or NULL. */
static const char *
posix_name(const char *p)
{
	const char *start;

	if (*p == '<') {
		p++;
		while (*p != '\0' && *p != '>')
			p++;
		return *p == '>' ? p + 1 : NULL;
	}
	start = p;
	while (is_alpha((unsigned char)*p))
		p++;
	return p - start >= 3 ? p : NULL;
}

static const char *
posix_num(const char *p, int maxdig, int max, int *out)
{
	int n = 0, v = 0;

	while (is_digit((unsigned char)*p) && n < maxdig) {
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (n == 0 || v > max)
		return NULL;
	*out = v;
	return p;
}

/* [+-]hh[:mm[:ss]], hours up to maxh. */
static const char *
posix_time(const char *p, int maxh, int32_t *secs)
{
	int sign = 1, h = 0, m = 0, s = 0;

	if (*p == '+' || *p == '-') {
		if (*p == '-')
			sign = -1;
		p++;
	}
	p = posix_num(p, 3, maxh, &h);
	if (p == NULL)
		return NULL;
	if (*p == ':') {
		p = posix_num(p + 1, 2, 59, &m);
		if (p == NULL)
			return NULL;
		if (*p == ':') {
			p = posix_num(p + 1, 2, 59, &s);
			if (p == NULL)
				return NULL;
		}
	}
	*secs = sign * (h * 3600 + m * 60 + s);
	return p;
}

static const char *
posix_rule(const char *p, struct tz_rule *r)
{
	r->a = r->b = r->c = 0;
	if (*p == 'J') {
		r->kind = 'J';
		p = posix_num(p + 1, 3, 365, &r->a);
		if (p == NULL || r->a < 1)
			return NULL;
	} else if (*p == 'M') {
		r->kind = 'M';
		p = posix_num(p + 1, 2, 12, &r->a);
		if (p == NULL || r->a < 1 || *p != '.')
			return NULL;
		p = posix_num(p + 1, 1, 5, &r->b);
		if (p == NULL || r->b < 1 || *p != '.')
			return NULL;
		p = posix_num(p + 1, 1, 6, &r->c);
		if (p == NULL)
			return NULL;
	} else if (is_digit((unsigned char)*p)) {
		r->kind = 'n';
		p = posix_num(p, 3, 365, &r->a);
		if (p == NULL)
			return NULL;
	} else {
		return NULL;
	}
	r->secs = 7200;
	if (*p == '/')
		p = posix_time(p + 1, 167, &r->secs);
	return p;
}

static int
posix_parse(const char *s, struct tz_zone *z)
{
	const char *p;
	int32_t off;

	p = posix_name(s);
	if (p == NULL)
		return -1;
	p = posix_time(p, 24, &off);
	if (p == NULL)
		return -1;
	z->std_off = -off;
	z->has_dst = 0;
	if (*p == '\0')
		return 0;
	p = posix_name(p);
	if (p == NULL)
		return -1;
	z->has_dst = 1;
	z->dst_off = z->std_off + 3600;
	if (*p != '\0' && *p != ',') {
		p = posix_time(p, 24, &off);
		if (p == NULL)
			return -1;
		z->dst_off = -off;
	}
	if (*p == '\0') {
		/* No rules: the US rules, as most implementations assume. */
		z->start = (struct tz_rule){ .kind = 'M', .a = 3, .b = 2, .c = 0, .secs = 7200 };
		z->end = (struct tz_rule){ .kind = 'M', .a = 11, .b = 1, .c = 0, .secs = 7200 };
		return 0;
	}
	if (*p != ',')
		return -1;
	p = posix_rule(p + 1, &z->start);
	if (p == NULL || *p != ',')
		return -1;
	p = posix_rule(p + 1, &z->end);
	if (p == NULL || *p != '\0')
		return -1;
	return 0;
}

/* Days since the epoch of the day rule r names in year y. */
static int64_t
rule_day(const struct tz_rule *r, int64_t y)
{
	int64_t jan1 = kb_days_from_civil(y, 1, 1), first;
	int day, dim;

	switch (r->kind) {
	case 'J':
		return jan1 + r->a - 1 + (is_leap(y) && r->a >= 60 ? 1 : 0);
	case 'n':
		return jan1 + r->a;
	default:
		first = kb_days_from_civil(y, r->a, 1);
		day = 1 + (r->c - kb_weekday(first) + 7) % 7 + (r->b - 1) * 7;
		dim = kb_days_in_month(y, r->a);
		while (day > dim)
			day -= 7;
		return first + day - 1;
	}
}

static int32_t
posix_offset(const struct tz_zone *z, int64_t t)
{
	int64_t y, start, end;
	int m, d, dst;

	if (!z->has_dst)
		return z->std_off;
	kb_civil_from_days(kb_floor_div(t + z->std_off, 86400), &y, &m, &d);
	start = rule_day(&z->start, y) * 86400 + z->start.secs - z->std_off;
	end = rule_day(&z->end, y) * 86400 + z->end.secs - z->dst_off;
	if (start < end)
		dst = t >= start && t < end;
	else
		dst = !(t >= end && t < start);
	return dst ? z->dst_off : z->std_off;
}

static int32_t
zone_offset(const struct tz_zone *z, int64_t t)
{
	int lo, hi;

	if (z->ntrans == 0)
		return z->has_tail ? posix_offset(z, t) : z->utoff[0];
	if (t < z->trans[0])
		return z->utoff[0];
	if (t >= z->trans[z->ntrans - 1] && z->has_tail)
		return posix_offset(z, t);
	/* The last transition at or before t. */
	lo = 0;
	hi = z->ntrans - 1;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;

		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return z->utoff[z->idx[lo]];
}

/* Parse a TZif file (RFC 8536). Uses the 64-bit data of version 2+ files
 * and their footer. Returns a new zone or NULL. */
static struct tz_zone *
tzif_parse(const unsigned char *d, size_t len)
{
	struct tz_zone *z = NULL;
	uint32_t isut, isstd, leap, timecnt, typecnt, charcnt;
	size_t off = 0, tsize = 4, need, i;
	const unsigned char *p;
	int v2;

	if (len < 44 || memcmp(d, "TZif", 4) != 0)
		return NULL;
	v2 = d[4] >= '2';
	for (;;) {
		if (len - off < 44 || memcmp(d + off, "TZif", 4) != 0)
			return NULL;
		isut = be32(d + off + 20);
		isstd = be32(d + off + 24);
		leap = be32(d + off + 28);
		timecnt = be32(d + off + 32);
		typecnt = be32(d + off + 36);
		charcnt = be32(d + off + 40);
		if (timecnt > TZ_MAX_TRANS || typecnt == 0 || typecnt > TZ_MAX_TYPES || charcnt > 65536 ||
		    leap > 10000 || isut > typecnt || isstd > typecnt)
			return NULL;
		need = (size_t)timecnt * (tsize + 1) + (size_t)typecnt * 6 + charcnt + (size_t)leap * (tsize + 4) +
		       isstd + isut;
		if (need > len - off - 44)
			return NULL;
		if (!v2 || tsize == 8)
			break;
		off += 44 + need;
		tsize = 8;
	}
	p = d + off + 44;

	z = calloc(1, sizeof(*z));
	if (z == NULL)
		return NULL;
	z->ntrans = (int)timecnt;
	z->ntypes = (int)typecnt;
	z->trans = calloc(timecnt ? timecnt : 1, sizeof(*z->trans));
	z->idx = calloc(timecnt ? timecnt : 1, 1);
	z->utoff = calloc(typecnt, sizeof(*z->utoff));
	if (z->trans == NULL || z->idx == NULL || z->utoff == NULL)
		goto fail;
	for (i = 0; i < timecnt; i++) {
		z->trans[i] = tsize == 8 ? be64(p + i * 8) : (int32_t)be32(p + i * 4);
		if (i > 0 && z->trans[i] <= z->trans[i - 1])
			goto fail;
	}
	p += (size_t)timecnt * tsize;
	for (i = 0; i < timecnt; i++) {
		if (p[i] >= typecnt)
			goto fail;
		z->idx[i] = p[i];
	}
	p += timecnt;
	for (i = 0; i < typecnt; i++) {
		int32_t o = (int32_t)be32(p + i * 6);

		if (o < -25 * 3600 || o > 26 * 3600)
			goto fail;
		z->utoff[i] = o;
	}
	p += (size_t)typecnt * 6 + charcnt + (size_t)leap * (tsize + 4) + isstd + isut;

	/* The footer: "\n" TZ-string "\n". */
	if (tsize == 8 && p < d + len && *p == '\n') {
		const unsigned char *q = p + 1, *e;
		char tzs[128];

		e = memchr(q, '\n', (size_t)(d + len - q));
		if (e != NULL && e > q && (size_t)(e - q) < sizeof(tzs)) {
			memcpy(tzs, q, (size_t)(e - q));
			tzs[e - q] = '\0';
			if (posix_parse(tzs, z) == 0)
				z->has_tail = 1;
		}
	}
	return z;
fail:
	tz_zone_free(z);
	return NULL;
}

static struct tz_zone *
tz_load(const char *name)
{
	char path[sizeof(TZ_DIR) + TZ_NAME_MAX + 2];
	struct tz_zone *z = NULL;
	unsigned char *data = NULL;
	struct stat st;
	size_t len = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", TZ_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 44 || st.st_size > TZ_FILE_MAX)
		goto out;
	data = malloc((size_t)st.st_size);
	if (data == NULL)
		goto out;
	while (len < (size_t)st.st_size) {
		ssize_t n = read(fd, data + len, (size_t)st.st_size - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	z = tzif_parse(data, len);
out:
	free(data);
	close(fd);
	return z;
}

/* The zone called name, or NULL when there is none. Zones found are
 * cached and stay valid for the life of the process; when the cache is
 * full the zone is loaded for this call only and *owned is set: the caller
 * frees it. Unknown names are not cached. */
static struct tz_zone *
tz_get(const char *name, int *owned)
{
	struct tz_zone *z;
	int i;

	*owned = 0;
	pthread_mutex_lock(&tz_lock);
	for (i = 0; i < tz_ncache; i++) {
		if (strcmp(tz_cache[i].name, name) == 0) {
			z = tz_cache[i].zone;
			pthread_mutex_unlock(&tz_lock);
			return z;
		}
	}
	pthread_mutex_unlock(&tz_lock);

	z = tz_load(name);
	if (z == NULL)
		return NULL; /* not cached: junk names must not fill the table */

	pthread_mutex_lock(&tz_lock);
	for (i = 0; i < tz_ncache; i++) {
		if (strcmp(tz_cache[i].name, name) == 0) {
			/* Another thread was faster. */
			tz_zone_free(z);
			z = tz_cache[i].zone;
			pthread_mutex_unlock(&tz_lock);
			return z;
		}
	}
	if (tz_ncache < TZ_CACHE_SIZE) {
		snprintf(tz_cache[tz_ncache].name, sizeof(tz_cache[0].name), "%s", name);
		tz_cache[tz_ncache].zone = z;
		tz_ncache++;
	} else {
		*owned = 1;
	}
	pthread_mutex_unlock(&tz_lock);
	return z;
}

int
kb_tz_valid(const char *tz)
{
	struct tz_zone *z;
	int owned, ok;

	if (tz == NULL || !tz_name_ok(tz))
		return 0;
	if (tz_is_utc(tz))
		return 1;
	z = tz_get(tz, &owned);
	ok = z != NULL;
	if (owned)
		tz_zone_free(z);
	return ok;
}

int
kb_tz_offset(const char *tz, int64_t utc)
{
	struct tz_zone *z;
	int owned, off = 0;

	if (tz == NULL || !tz_name_ok(tz) || tz_is_utc(tz))
		return 0;
	z = tz_get(tz, &owned);
	if (z != NULL)
		off = (int)(zone_offset(z, utc) / 60);
	if (owned)
		tz_zone_free(z);
	return off;
}

/* --- parsed fields and the final conversion --- */

struct dt {
	int year, mon, day; /* -1: not seen */
	int hour, min, sec;
	int has_days; /* week or ordinal date: days is the date */
	int64_t days;
	int ampm;     /* 0, 'a' or 'p' */
	int has_zone; /* zone (minutes east) as written */
	int zone;
	int implied; /* the language implies a zone (Korean: +09:00) */
	int implied_zone;
	char zname[TZ_NAME_MAX + 1]; /* an IANA zone named in the string */
};

static void
dt_init(struct dt *d)
{
	memset(d, 0, sizeof(*d));
	d->year = d->mon = d->day = -1;
	d->hour = d->min = d->sec = -1;
}

static int
dt_date_done(const struct dt *d)
{
	return d->has_days || (d->year >= 0 && d->mon >= 0 && d->day >= 0);
}

/* Two-digit years: 00..49 are 2000..2049, 50..99 are 1950..1999. */
static int
year2(int v)
{
	return v < 50 ? 2000 + v : 1900 + v;
}

/* Local time in zone tz (NULL: UTC) to UTC. A time skipped by a change
 * to summer time is read with the offset before the change (02:30 in a
 * gap from 02:00 to 03:00 is 03:30 summer time); a time that happens twice
 * is read with the offset found first. */
static void
local_to_utc(const char *tz, int64_t local, int64_t *utc, int *offset)
{
	int o1, o2, o3;
	int64_t u;

	o1 = kb_tz_offset(tz, local);
	u = local - (int64_t)o1 * 60;
	o2 = kb_tz_offset(tz, u);
	if (o2 != o1) {
		o3 = kb_tz_offset(tz, local - (int64_t)o2 * 60);
		if (o3 == o2)
			u = local - (int64_t)o2 * 60;
		else /* a gap: offsets only grow across one */
			u = local - (int64_t)(o1 < o2 ? o1 : o2) * 60;
	}
	*utc = u;
	*offset = kb_tz_offset(tz, u);
}

static int
dt_finish(struct dt *d, const char *default_tz, int64_t *utc, int *offset)
{
	int64_t days, local, u;
	int hour, min, sec, off;

	if (!dt_date_done(d))
		return -1;
	if (d->has_days) {
		days = d->days;
	} else {
		if (d->year < YEAR_MIN || d->year > YEAR_MAX || d->mon < 1 || d->mon > 12 || d->day < 1 ||
		    d->day > kb_days_in_month(d->year, d->mon))
			return -1;
		days = kb_days_from_civil(d->year, d->mon, d->day);
	}
	hour = d->hour < 0 ? 0 : d->hour;
	min = d->min < 0 ? 0 : d->min;
	sec = d->sec < 0 ? 0 : d->sec;
	if (d->ampm != 0) {
		if (d->hour < 0 || hour > 12)
			return -1;
		hour %= 12;
		if (d->ampm == 'p')
			hour += 12;
	}
	/* A leap second (:60) is accepted and counts as the next second. */
	if (hour > 23 || min > 59 || sec > 60)
		return -1;
	local = days * 86400 + hour * 3600 + min * 60 + sec;
	if (d->has_zone) {
		u = local - (int64_t)d->zone * 60;
		off = d->zone;
	} else if (d->zname[0] != '\0') {
		local_to_utc(d->zname, local, &u, &off);
	} else if (d->implied) {
		u = local - (int64_t)d->implied_zone * 60;
		off = d->implied_zone;
	} else {
		local_to_utc(default_tz, local, &u, &off);
	}
	*utc = u;
	*offset = off;
	return 0;
}

/* --- ISO 8601 / RFC 3339 / W3CDTF --- */

/* Read exactly n digits at p (p < e). Returns 0 and *v, or -1. */
static int
iso_digits(const char *p, const char *e, int n, int *v)
{
	int i, x = 0;

	if (e - p < n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)p[i]))
			return -1;
		x = x * 10 + (p[i] - '0');
	}
	*v = x;
	return 0;
}

static int
iso_run(const char *p, const char *e)
{
	int n = 0;

	while (p + n < e && is_digit((unsigned char)p[n]))
		n++;
	return n;
}

static int
iso_ordinal(struct dt *d, int year, int ord)
{
	if (year < YEAR_MIN || year > YEAR_MAX || ord < 1 || ord > (is_leap(year) ? 366 : 365))
		return -1;
	d->has_days = 1;
	d->days = kb_days_from_civil(year, 1, 1) + ord - 1;
	return 0;
}

static int
iso_week(struct dt *d, int year, int week, int dow)
{
	int64_t jan1, jan4, monday;
	int wd1, weeks;

	if (year < YEAR_MIN || year > YEAR_MAX || week < 1 || dow < 1 || dow > 7)
		return -1;
	jan1 = kb_days_from_civil(year, 1, 1);
	wd1 = kb_weekday(jan1);
	/* 53 weeks when the year starts on a Thursday, or on a Wednesday in
	 * a leap year. */
	weeks = (wd1 == 4 || (wd1 == 3 && is_leap(year))) ? 53 : 52;
	if (week > weeks)
		return -1;
	jan4 = jan1 + 3;
	monday = jan4 - (kb_weekday(jan4) + 6) % 7;
	d->has_days = 1;
	d->days = monday + (int64_t)(week - 1) * 7 + (dow - 1);
	return 0;
}

/* Week part after the 'W': "ww" ["-"] ["d"]. */
static const char *
iso_week_part(const char *p, const char *e, int year, int hyphen, struct dt *d)
{
	int week, dow = 1;

	if (iso_digits(p, e, 2, &week) != 0)
		return NULL;
	p += 2;
	if (hyphen && p < e && *p == '-') {
		if (iso_digits(p + 1, e, 1, &dow) != 0)
			return NULL;
		p += 2;
	} else if (!hyphen && p < e && is_digit((unsigned char)*p)) {
		dow = *p - '0';
		p++;
	}
	if (iso_week(d, year, week, dow) != 0)
		return NULL;
	return p;
}

/* The date part. Returns the position after it or NULL. */
static const char *
iso_date(const char *p, const char *e, struct dt *d)
{
	int n, v = 0, y = 0, m = 0, dd = 0;

	if (p < e && *p == '-') {
		/* -YYMM, -YY-MM (truncated ISO 8601: a month of a year). */
		p++;
		if (iso_run(p, e) == 4) {
			iso_digits(p, e, 2, &y);
			iso_digits(p + 2, e, 2, &m);
			p += 4;
		} else if (iso_run(p, e) == 2 && p + 2 < e && p[2] == '-' && iso_run(p + 3, e) == 2) {
			iso_digits(p, e, 2, &y);
			iso_digits(p + 3, e, 2, &m);
			p += 5;
		} else {
			return NULL;
		}
		d->year = year2(y);
		d->mon = m;
		d->day = 1;
		return p;
	}
	n = iso_run(p, e);
	switch (n) {
	case 4:
		iso_digits(p, e, 4, &y);
		p += 4;
		d->year = y;
		if (p < e && (*p == 'W' || *p == 'w'))
			return iso_week_part(p + 1, e, y, 0, d);
		if (p == e || *p != '-') {
			/* A year alone, and nothing after it. */
			if (p != e)
				return NULL;
			d->mon = 1;
			d->day = 1;
			return p;
		}
		p++;
		if (p < e && (*p == 'W' || *p == 'w'))
			return iso_week_part(p + 1, e, y, 1, d);
		n = iso_run(p, e);
		if (n == 2) {
			iso_digits(p, e, 2, &m);
			p += 2;
			d->mon = m;
			if (p < e && *p == '-') {
				if (iso_run(p + 1, e) != 2)
					return NULL;
				iso_digits(p + 1, e, 2, &dd);
				d->day = dd;
				return p + 3;
			}
			d->day = 1;
			return p;
		}
		if (n == 3 && p + 3 < e && p[3] == '-' && p[0] == '0') {
			/* "2003-012-31": a month with an extra zero. */
			iso_digits(p, e, 3, &m);
			if (iso_run(p + 4, e) != 2)
				return NULL;
			iso_digits(p + 4, e, 2, &dd);
			d->mon = m;
			d->day = dd;
			return p + 6;
		}
		if (n == 3) {
			iso_digits(p, e, 3, &v);
			if (iso_ordinal(d, y, v) != 0)
				return NULL;
			return p + 3;
		}
		return NULL;
	case 8: /* YYYYMMDD */
		iso_digits(p, e, 4, &d->year);
		iso_digits(p + 4, e, 2, &d->mon);
		iso_digits(p + 6, e, 2, &d->day);
		return p + 8;
	case 7: /* YYYYDDD */
		iso_digits(p, e, 4, &y);
		iso_digits(p + 4, e, 3, &v);
		return iso_ordinal(d, y, v) == 0 ? p + 7 : NULL;
	case 6: /* YYMMDD */
		iso_digits(p, e, 2, &y);
		iso_digits(p + 2, e, 2, &d->mon);
		iso_digits(p + 4, e, 2, &d->day);
		d->year = year2(y);
		return p + 6;
	case 5: /* YYDDD */
		iso_digits(p, e, 2, &y);
		iso_digits(p + 2, e, 3, &v);
		return iso_ordinal(d, year2(y), v) == 0 ? p + 5 : NULL;
	case 2: /* YY-MM-DD, YY-DDD */
		iso_digits(p, e, 2, &y);
		p += 2;
		if (p == e || *p != '-')
			return NULL;
		p++;
		n = iso_run(p, e);
		if (n == 3) {
			iso_digits(p, e, 3, &v);
			return iso_ordinal(d, year2(y), v) == 0 ? p + 3 : NULL;
		}
		if (n != 2 || p + 2 >= e || p[2] != '-' || iso_run(p + 3, e) != 2)
			return NULL;
		iso_digits(p, e, 2, &d->mon);
		iso_digits(p + 3, e, 2, &d->day);
		d->year = year2(y);
		return p + 5;
	default:
		return NULL;
	}
}

/* Zone: Z, +hh, +hhmm, +hh:mm. */
static const char *
iso_zone(const char *p, const char *e, struct dt *d)
{
	int sign, h, m = 0;

	if (*p == 'Z' || *p == 'z') {
		d->has_zone = 1;
		d->zone = 0;
		return p + 1;
	}
	if (*p != '+' && *p != '-')
		return NULL;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (iso_digits(p, e, 2, &h) != 0)
		return NULL;
	p += 2;
	if (p < e && *p == ':') {
		if (iso_run(p + 1, e) != 2)
			return NULL;
		iso_digits(p + 1, e, 2, &m);
		p += 3;
	} else if (iso_run(p, e) == 2) {
		iso_digits(p, e, 2, &m);
		p += 2;
	}
	if (m > 59 || h * 60 + m > ZONE_MAX_MIN)
		return NULL;
	d->has_zone = 1;
	d->zone = sign * (h * 60 + m);
	return p;
}

static int
parse_iso(const char *s, size_t len, struct dt *d)
{
	const char *p = s, *e = s + len;
	int n;

	p = iso_date(p, e, d);
	if (p == NULL)
		return -1;
	if (p == e)
		return 0;
	if (*p == 'T' || *p == 't') {
		p++;
	} else if (*p == ' ') {
		while (p < e && *p == ' ')
			p++;
	} else {
		return -1;
	}
	if (iso_digits(p, e, 2, &d->hour) != 0)
		return -1;
	p += 2;
	if (p < e && *p == ':') {
		if (iso_run(p + 1, e) != 2)
			return -1;
		iso_digits(p + 1, e, 2, &d->min);
		p += 3;
		if (p < e && *p == ':') {
			if (iso_run(p + 1, e) != 2)
				return -1;
			iso_digits(p + 1, e, 2, &d->sec);
			p += 3;
		}
	} else {
		/* Basic format: hhmm or hhmmss. */
		n = iso_run(p, e);
		if (n != 2 && n != 4)
			return -1;
		iso_digits(p, e, 2, &d->min);
		if (n == 4)
			iso_digits(p + 2, e, 2, &d->sec);
		p += n;
	}
	if (p < e && (*p == '.' || *p == ',')) {
		n = iso_run(p + 1, e);
		if (n == 0)
			return -1;
		p += 1 + n; /* fractions of a second are dropped */
	}
	while (p < e && *p == ' ')
		p++;
	if (p < e) {
		p = iso_zone(p, e, d);
		if (p == NULL || p != e)
			return -1;
	}
	return 0;
}

/* --- the token parser --- */

enum { TK_NUM, TK_WORD, TK_PUNCT };

struct tok {
	int type;
	const char *p;
	size_t len;
	int val; /* TK_NUM: the value; TK_PUNCT: the character */
	int nd;	 /* TK_NUM: number of digits */
	int sp;	 /* white space before the token */
};

/* Length of a multi-byte sequence at p that counts as white space (NBSP,
 * ideographic space) or as a dash (en dash, em dash, minus), else 0. */
static size_t
utf8_space(const unsigned char *p, const unsigned char *e)
{
	if (e - p >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
		return 2;
	if (e - p >= 3 && p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

static size_t
utf8_dash(const unsigned char *p, const unsigned char *e)
{
	if (e - p >= 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94))
		return 3;
	if (e - p >= 3 && p[0] == 0xe2 && p[1] == 0x88 && p[2] == 0x92)
		return 3;
	return 0;
}

static int
word_byte(const unsigned char *p, const unsigned char *e)
{
	if (p >= e)
		return 0;
	if (is_alpha(*p))
		return 1;
	return *p >= 0x80 && utf8_space(p, e) == 0 && utf8_dash(p, e) == 0;
}

static int
tokenize(const char *s, size_t len, struct tok *t, int max)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	int n = 0, sp = 0;
	size_t k;

	while (p < e) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f' || *p == '\v') {
			sp = 1;
			p++;
			continue;
		}
		k = utf8_space(p, e);
		if (k > 0) {
			sp = 1;
			p += k;
			continue;
		}
		if (n == max)
			return -1;
		t[n].p = (const char *)p;
		t[n].sp = sp;
		sp = 0;
		k = utf8_dash(p, e);
		if (k > 0) {
			t[n].type = TK_PUNCT;
			t[n].val = '-';
			t[n].len = k;
			p += k;
		} else if (is_digit(*p)) {
			int v = 0, nd = 0;

			while (p < e && is_digit(*p)) {
				if (nd == 9)
					return -1; /* no date needs a number this long */
				v = v * 10 + (*p - '0');
				nd++;
				p++;
			}
			t[n].type = TK_NUM;
			t[n].val = v;
			t[n].nd = nd;
			t[n].len = (size_t)nd;
		} else if (word_byte(p, e)) {
			const unsigned char *start = p;

			while (p < e) {
				if (word_byte(p, e)) {
					p++;
				} else if ((*p == '\'' || *p == '/' || *p == '_') && word_byte(p + 1, e)) {
					p++;
				} else {
					break;
				}
			}
			if (p - start > DATE_MAX_WORD)
				return -1;
			t[n].type = TK_WORD;
			t[n].len = (size_t)(p - start);
		} else if (*p != '\0' && strchr(",:./-+()|[]", *p) != NULL) {
			t[n].type = TK_PUNCT;
			t[n].val = *p;
			t[n].len = 1;
			p++;
		} else {
			return -1;
		}
		n++;
	}
	return n;
}

struct name_num {
	const char *name;
	int num;
};

/* Full month names: a word of three or more letters that begins one of
 * these is that month ("Sept", "Agu", "Des", "Nop", "Peb"). */
static const struct name_num month_full[] = {
	{ "january", 1 },
	{ "february", 2 },
	{ "march", 3 },
	{ "april", 4 },
	{ "may", 5 },
	{ "june", 6 },
	{ "july", 7 },
	{ "august", 8 },
	{ "september", 9 },
	{ "october", 10 },
	{ "november", 11 },
	{ "december", 12 },
	/* Indonesian, with the old spellings Pebruari and Nopember */
	{ "januari", 1 },
	{ "februari", 2 },
	{ "pebruari", 2 },
	{ "maret", 3 },
	{ "mei", 5 },
	{ "juni", 6 },
	{ "juli", 7 },
	{ "agustus", 8 },
	{ "oktober", 10 },
	{ "nopember", 11 },
	{ "desember", 12 },
};

/* Month names matched exactly (after ASCII lower-casing). */
static const struct name_num month_exact[] = {
	{ "agt", 8 },
	{ "ags", 8 },
	/* Hungarian (feedparser's table, plus the correct spellings) */
	{ "janu\xc3\xa1r", 1 },
	{ "febru\xc3\xa1r", 2 },
	{ "febru\xc3\xa1ri", 2 },
	{ "m\xc3\xa1rcius", 3 },
	{ "\xc3\xa1prilis", 4 },
	{ "\xc3\x81prilis", 4 },
	{ "m\xc3\xa1jus", 5 },
	{ "m\xc3\xa1ujus", 5 },
	{ "j\xc3\xbanius", 6 },
	{ "j\xc3\xbalius", 7 },
	{ "augusztus", 8 },
	{ "szeptember", 9 },
	{ "okt\xc3\xb3"
	  "ber",
	  10 },
	/* Greek */
	{ "\xce\x99\xce\xb1\xce\xbd", 1 },	   /* Ιαν */
	{ "\xce\xa6\xce\xb5\xce\xb2", 2 },	   /* Φεβ */
	{ "\xce\x9c\xce\xac\xcf\x8e", 3 },	   /* Μάώ */
	{ "\xce\x9c\xce\xb1\xcf\x8e", 3 },	   /* Μαώ */
	{ "\xce\x91\xcf\x80\xcf\x81", 4 },	   /* Απρ */
	{ "\xce\x9c\xce\xac\xce\xb9", 5 },	   /* Μάι */
	{ "\xce\x9c\xce\xb1\xcf\x8a", 5 },	   /* Μαϊ */
	{ "\xce\x9c\xce\xb1\xce\xb9", 5 },	   /* Μαι */
	{ "\xce\x99\xce\xbf\xcf\x8d\xce\xbd", 6 }, /* Ιούν */
	{ "\xce\x99\xce\xbf\xce\xbd", 6 },	   /* Ιον */
	{ "\xce\x99\xce\xbf\xcf\x8d\xce\xbb", 7 }, /* Ιούλ */
	{ "\xce\x99\xce\xbf\xce\xbb", 7 },	   /* Ιολ */
	{ "\xce\x91\xcf\x8d\xce\xb3", 8 },	   /* Αύγ */
	{ "\xce\x91\xcf\x85\xce\xb3", 8 },	   /* Αυγ */
	{ "\xce\xa3\xce\xb5\xcf\x80", 9 },	   /* Σεπ */
	{ "\xce\x9f\xce\xba\xcf\x84", 10 },	   /* Οκτ */
	{ "\xce\x9d\xce\xbf\xce\xad", 11 },	   /* Νοέ */
	{ "\xce\x9d\xce\xbf\xce\xb5", 11 },	   /* Νοε */
	{ "\xce\x94\xce\xb5\xce\xba", 12 },	   /* Δεκ */
};

/* Day names: English and Indonesian by prefix of three or more letters,
 * others exactly. The day name is never checked against the date. */
static const char *const day_full[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "senin",
	"selasa", "rabu",    "kamis",	  "jumat",    "sabtu",	"minggu",   "ahad",
};

static const char *const day_exact[] = {
	"jum'at",
	"jum\xe2\x80\x99"
	"at",
	"\xce\x9a\xcf\x85\xcf\x81", /* Κυρ */
	"\xce\x94\xce\xb5\xcf\x85", /* Δευ */
	"\xce\xa4\xcf\x81\xce\xb9", /* Τρι */
	"\xce\xa4\xce\xb5\xcf\x84", /* Τετ */
	"\xce\xa0\xce\xb5\xce\xbc", /* Πεμ */
	"\xce\xa0\xce\xb1\xcf\x81", /* Παρ */
	"\xce\xa3\xce\xb1\xce\xb2", /* Σαβ */
};

/* Zone abbreviations, minutes east. Feedparser's set (with its US
 * "AT ET CT MT PT"), Indonesia's three, and a few common others. */
static const struct name_num zone_names[] = {
	{ "ut", 0 },	  { "utc", 0 },	   { "gmt", 0 },    { "z", 0 },	     { "uct", 0 },    { "wib", 420 },
	{ "wita", 480 },  { "wit", 540 },  { "adt", -180 }, { "ast", -240 }, { "at", -240 },  { "edt", -240 },
	{ "est", -300 },  { "et", -300 },  { "cdt", -300 }, { "cst", -360 }, { "ct", -360 },  { "mdt", -360 },
	{ "mst", -420 },  { "mt", -420 },  { "pdt", -420 }, { "pst", -480 }, { "pt", -480 },  { "akst", -540 },
	{ "akdt", -480 }, { "hst", -600 }, { "wet", 0 },    { "west", 60 },  { "bst", 60 },   { "met", 60 },
	{ "mest", 120 },  { "cet", 60 },   { "cest", 120 }, { "eet", 120 },  { "eest", 180 }, { "msk", 180 },
	{ "sgt", 480 },	  { "hkt", 480 },  { "awst", 480 }, { "jst", 540 },  { "kst", 540 },  { "aest", 600 },
	{ "aedt", 660 },  { "nzst", 720 }, { "nzdt", 780 },
};

/* Words that may stand between the date and the time. */
static const char *const fillers[] = { "t", "at", "pukul", "pkl", "jam" };

#define KO_YEAR	  "\xeb\x85\x84"	     /* 년 */
#define KO_MONTH  "\xec\x9b\x94"	     /* 월 */
#define KO_DAY	  "\xec\x9d\xbc"	     /* 일 */
#define KO_AM	  "\xec\x98\xa4\xec\xa0\x84" /* 오전 */
#define KO_PM	  "\xec\x98\xa4\xed\x9b\x84" /* 오후 */
#define JA_YEAR	  "\xe5\xb9\xb4"	     /* 年 */
#define JA_MONTH  "\xe6\x9c\x88"	     /* 月 */
#define JA_DAY	  "\xe6\x97\xa5"	     /* 日 */
#define JA_AM	  "\xe5\x8d\x88\xe5\x89\x8d" /* 午前 */
#define JA_PM	  "\xe5\x8d\x88\xe5\xbe\x8c" /* 午後 */
#define KOREA_MIN 540

static int
prefix_of(const char *w, const char *full)
{
	size_t n = strlen(w);

	return n >= 3 && n <= strlen(full) && strncmp(full, w, n) == 0;
}

static int
word_month(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(month_full) / sizeof(month_full[0]); i++)
		if (prefix_of(w, month_full[i].name))
			return month_full[i].num;
	for (i = 0; i < sizeof(month_exact) / sizeof(month_exact[0]); i++)
		if (strcmp(w, month_exact[i].name) == 0)
			return month_exact[i].num;
	return 0;
}

static int
word_is_day(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(day_full) / sizeof(day_full[0]); i++)
		if (prefix_of(w, day_full[i]))
			return 1;
	for (i = 0; i < sizeof(day_exact) / sizeof(day_exact[0]); i++)
		if (strcmp(w, day_exact[i]) == 0)
			return 1;
	return 0;
}

static int
word_zone(const char *w, int *min)
{
	size_t i;

	for (i = 0; i < sizeof(zone_names) / sizeof(zone_names[0]); i++) {
		if (strcmp(w, zone_names[i].name) == 0) {
			*min = zone_names[i].num;
			return 1;
		}
	}
	/* Military letters as RFC 822 defines them: A-I = -1..-9, K-M =
	 * -10..-12, N-Y = +1..+12 (Z is above; J is not a zone). */
	if (w[0] >= 'a' && w[0] <= 'y' && w[0] != 'j' && w[1] == '\0') {
		if (w[0] <= 'i')
			*min = -60 * (w[0] - 'a' + 1);
		else if (w[0] <= 'm')
			*min = -60 * (w[0] - 'k' + 10);
		else
			*min = 60 * (w[0] - 'n' + 1);
		return 1;
	}
	return 0;
}

static int
word_in(const char *w, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

static int
tok_is(const struct tok *t, int n, int i, int type, int c)
{
	if (i >= n || t[i].type != type || t[i].sp)
		return 0;
	return type != TK_PUNCT || t[i].val == c;
}

static int
tok_word_is(const struct tok *t, int i, const char *w)
{
	return t[i].type == TK_WORD && t[i].len == strlen(w) && memcmp(t[i].p, w, t[i].len) == 0;
}

/* Sign and number at i: +hhmm, +hh, +h, +hh:mm. Returns tokens used. */
static int
text_numzone(const struct tok *t, int n, int i, struct dt *d)
{
	int sign = t[i].val == '-' ? -1 : 1, h, m = 0, used = 2;

	if (!tok_is(t, n, i + 1, TK_NUM, 0))
		return -1;
	if (t[i + 1].nd == 4) {
		h = t[i + 1].val / 100;
		m = t[i + 1].val % 100;
	} else if (t[i + 1].nd <= 2) {
		h = t[i + 1].val;
		if (tok_is(t, n, i + 2, TK_PUNCT, ':')) {
			if (!tok_is(t, n, i + 3, TK_NUM, 0) || t[i + 3].nd != 2)
				return -1;
			m = t[i + 3].val;
			used = 4;
		}
	} else {
		return -1;
	}
	if (m > 59 || h * 60 + m > ZONE_MAX_MIN)
		return -1;
	d->has_zone = 1;
	d->zone = sign * (h * 60 + m);
	return used;
}

/* Time at i: h:mm, h:mm:ss, with fractions of a second. */
static int
text_time(const struct tok *t, int n, int i, struct dt *d)
{
	int used;

	if (d->hour >= 0 || t[i].nd > 2 || !tok_is(t, n, i + 2, TK_NUM, 0) || t[i + 2].nd > 2)
		return -1;
	d->hour = t[i].val;
	d->min = t[i + 2].val;
	used = 3;
	if (tok_is(t, n, i + 3, TK_PUNCT, ':')) {
		if (!tok_is(t, n, i + 4, TK_NUM, 0) || t[i + 4].nd > 2)
			return -1;
		d->sec = t[i + 4].val;
		used = 5;
		if (tok_is(t, n, i + 5, TK_PUNCT, ':'))
			return -1; /* "1:2:3:4" */
		if ((tok_is(t, n, i + 5, TK_PUNCT, '.') || tok_is(t, n, i + 5, TK_PUNCT, ',')) &&
		    tok_is(t, n, i + 6, TK_NUM, 0))
			used = 7;
	}
	return used;
}

/* 1 when the word before token i says a time follows ("pukul 10.00"). */
static int
after_pukul(const struct tok *t, int i)
{
	static const char *const words[] = { "pukul", "pkl", "jam" };
	size_t j;

	if (i > 1 && t[i - 1].type == TK_PUNCT && t[i - 1].val == '.')
		i--; /* "Pkl. 10.00" */
	if (i == 0 || t[i - 1].type != TK_WORD)
		return 0;
	for (j = 0; j < sizeof(words) / sizeof(words[0]); j++) {
		size_t k, len = strlen(words[j]);

		if (t[i - 1].len != len)
			continue;
		for (k = 0; k < len; k++)
			if (to_lower((unsigned char)t[i - 1].p[k]) != words[j][k])
				break;
		if (k == len)
			return 1;
	}
	return 0;
}

/* Numbers joined by '/', '-' or '.' at i: a numeric date, or a time
 * written with dots ("16.00"). Returns tokens used, 0 when this is not
 * such a group, -1 when it is and is bad. */
static int
text_numgroup(const struct tok *t, int n, int i, struct dt *d)
{
	const struct tok *a = &t[i], *b, *c;
	int sep, three;

	if (i + 2 >= n || t[i + 1].type != TK_PUNCT || t[i + 1].sp || !tok_is(t, n, i + 2, TK_NUM, 0))
		return 0;
	sep = t[i + 1].val;
	if (sep != '/' && sep != '-' && sep != '.')
		return 0;
	b = &t[i + 2];
	three = tok_is(t, n, i + 3, TK_PUNCT, sep) && tok_is(t, n, i + 4, TK_NUM, 0);
	if (sep == '.' && d->hour < 0 && (dt_date_done(d) || after_pukul(t, i))) {
		/* "16.00", "16.00.00" after the date or after "pukul" */
		if (a->nd > 2 || b->nd != 2)
			return -1;
		d->hour = a->val;
		d->min = b->val;
		if (three) {
			if (t[i + 4].nd != 2)
				return -1;
			d->sec = t[i + 4].val;
			return 5;
		}
		return 3;
	}
	if (!three) {
		/* "5/8": a day and a month, no year */
		if (sep != '/')
			return 0;
		if (d->day >= 0 || d->mon >= 0 || a->nd > 2 || b->nd > 2)
			return -1;
		d->day = a->val;
		d->mon = b->val;
		return 3;
	}
	c = &t[i + 4];
	if (d->year >= 0 || d->mon >= 0 || d->day >= 0 || b->nd > 2)
		return -1;
	if (tok_is(t, n, i + 5, TK_PUNCT, sep) && tok_is(t, n, i + 6, TK_NUM, 0))
		return -1; /* four parts */
	if (a->nd == 4 && c->nd <= 2) {
		d->year = a->val;
		d->mon = b->val;
		d->day = c->val;
	} else if (a->nd <= 2 && (c->nd == 4 || c->nd == 2)) {
		/* day first, as Indonesia (and most of the world) writes it */
		d->day = a->val;
		d->mon = b->val;
		d->year = c->nd == 4 ? c->val : year2(c->val);
	} else {
		return -1;
	}
	return 5;
}

/* Korean and Japanese number units (2004년 05월 28일, 2004年5月28日). */
static int
text_unit(const struct tok *t, int n, int i, struct dt *d)
{
	const struct tok *k = &t[i];
	int *slot, korean = 0;

	if (i + 1 >= n || t[i + 1].type != TK_WORD)
		return 0;
	if (tok_word_is(t, i + 1, KO_YEAR) || tok_word_is(t, i + 1, JA_YEAR)) {
		korean = tok_word_is(t, i + 1, KO_YEAR);
		if (k->nd != 4 && k->nd != 2)
			return -1;
		if (d->year >= 0)
			return -1;
		d->year = k->nd == 4 ? k->val : year2(k->val);
		slot = NULL;
	} else if (tok_word_is(t, i + 1, KO_MONTH) || tok_word_is(t, i + 1, JA_MONTH)) {
		korean = tok_word_is(t, i + 1, KO_MONTH);
		slot = &d->mon;
	} else if (tok_word_is(t, i + 1, KO_DAY) || tok_word_is(t, i + 1, JA_DAY)) {
		korean = tok_word_is(t, i + 1, KO_DAY);
		slot = &d->day;
	} else {
		return 0;
	}
	if (slot != NULL) {
		if (*slot >= 0 || k->nd > 2)
			return -1;
		*slot = k->val;
	}
	if (korean) {
		d->implied = 1;
		d->implied_zone = KOREA_MIN;
	}
	return 2;
}

static int
text_number(const struct tok *t, int n, int i, struct dt *d)
{
	const struct tok *k = &t[i];
	int used;

	used = text_numgroup(t, n, i, d);
	if (used != 0)
		return used;
	if (tok_is(t, n, i + 1, TK_PUNCT, ':'))
		return text_time(t, n, i, d);
	used = text_unit(t, n, i, d);
	if (used != 0)
		return used;
	if (k->nd == 4) {
		if (d->year >= 0)
			return -1;
		d->year = k->val;
		return 1;
	}
	if (k->nd <= 2) {
		if (d->day < 0) {
			d->day = k->val;
			return 1;
		}
		if (d->year < 0 && d->mon >= 0) {
			d->year = year2(k->val);
			return 1;
		}
	}
	return -1;
}

static int
text_word(const struct tok *t, int n, int i, struct dt *d)
{
	char w[DATE_MAX_WORD + 1];
	const char *z;
	size_t j;
	int m, used;

	for (j = 0; j < t[i].len; j++)
		w[j] = (char)to_lower((unsigned char)t[i].p[j]);
	w[t[i].len] = '\0';

	m = word_month(w);
	if (m > 0) {
		if (d->mon >= 0)
			return -1;
		d->mon = m;
		return 1;
	}
	if (word_is_day(w))
		return 1;
	if (strcmp(w, "am") == 0 || strcmp(w, "pm") == 0 || strcmp(w, KO_AM) == 0 || strcmp(w, KO_PM) == 0 ||
	    strcmp(w, JA_AM) == 0 || strcmp(w, JA_PM) == 0) {
		if (d->ampm != 0)
			return -1;
		d->ampm = (strcmp(w, "pm") == 0 || strcmp(w, KO_PM) == 0 || strcmp(w, JA_PM) == 0) ? 'p' : 'a';
		if (strcmp(w, KO_AM) == 0 || strcmp(w, KO_PM) == 0) {
			d->implied = 1;
			d->implied_zone = KOREA_MIN;
		}
		return 1;
	}
	if (d->hour < 0 && word_in(w, fillers, sizeof(fillers) / sizeof(fillers[0])))
		return 1;
	if (d->has_zone || d->zname[0] != '\0' || (d->hour < 0 && !dt_date_done(d)))
		return -1;
	z = w;
	if (strncmp(z, "etc/", 4) == 0)
		z += 4;
	if (word_zone(z, &d->zone)) {
		d->has_zone = 1;
		/* "GMT+07:00", "UTC-5" */
		if (z == w && (strcmp(z, "gmt") == 0 || strcmp(z, "utc") == 0 || strcmp(z, "ut") == 0) &&
		    (tok_is(t, n, i + 1, TK_PUNCT, '+') || tok_is(t, n, i + 1, TK_PUNCT, '-')) &&
		    tok_is(t, n, i + 2, TK_NUM, 0)) {
			used = text_numzone(t, n, i + 1, d);
			return used < 0 ? -1 : 1 + used;
		}
		return 1;
	}
	if (memchr(t[i].p, '/', t[i].len) != NULL && t[i].len <= TZ_NAME_MAX) {
		char name[TZ_NAME_MAX + 1];

		memcpy(name, t[i].p, t[i].len);
		name[t[i].len] = '\0';
		if (kb_tz_valid(name)) {
			memcpy(d->zname, name, t[i].len + 1);
			return 1;
		}
	}
	return -1;
}

static int
text_punct(const struct tok *t, int n, int i, struct dt *d)
{
	int c = t[i].val, j;

	switch (c) {
	case ',':
	case '|':
	case ')':
	case '[':
	case ']':
	case '.':
		return 1;
	case '(':
		if (d->has_zone || d->zname[0] != '\0') {
			/* A comment after the zone: "+0000 (UTC)" */
			for (j = i + 1; j < n; j++)
				if (t[j].type == TK_PUNCT && t[j].val == ')')
					return j - i + 1;
			return -1;
		}
		return 1;
	case '+':
	case '-':
		if (!d->has_zone && d->zname[0] == '\0' && tok_is(t, n, i + 1, TK_NUM, 0) &&
		    (d->hour >= 0 || (dt_date_done(d) && t[i + 1].nd == 4)))
			return text_numzone(t, n, i, d);
		return c == '-' ? 1 : -1;
	default:
		return -1;
	}
}

static int
parse_text(const char *s, size_t len, struct dt *d)
{
	struct tok t[DATE_MAX_TOKS];
	int n, i = 0, used;

	n = tokenize(s, len, t, DATE_MAX_TOKS);
	if (n <= 0)
		return -1;
	while (i < n) {
		switch (t[i].type) {
		case TK_NUM:
			used = text_number(t, n, i, d);
			break;
		case TK_WORD:
			used = text_word(t, n, i, d);
			break;
		default:
			used = text_punct(t, n, i, d);
			break;
		}
		if (used <= 0)
			return -1;
		i += used;
	}
	return 0;
}

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define DATE_MIN_UTC INT64_C(-62135596800)
#define DATE_MAX_UTC INT64_C(253402300799)

int
kb_date_parse(const char *s, const char *default_tz, int64_t *utc, int *offset)
{
	struct dt d;
	size_t len;
	int64_t u;
	int off;

	if (s == NULL)
		return -1;
	len = strnlen(s, DATE_MAX_LEN + 1);
	if (len > DATE_MAX_LEN)
		return -1;
	while (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	if (len == 0)
		return -1;

	dt_init(&d);
	if (parse_iso(s, len, &d) == 0 && dt_finish(&d, default_tz, &u, &off) == 0)
		goto done;
	dt_init(&d);
	if (parse_text(s, len, &d) == 0 && dt_finish(&d, default_tz, &u, &off) == 0)
		goto done;
	return -1;
done:
	/* Only instants whose local time and UTC both lie in years 1..9999:
	 * what is parsed must format back to the same instant. */
	if (u < DATE_MIN_UTC || u > DATE_MAX_UTC || u + (int64_t)off * 60 < DATE_MIN_UTC ||
	    u + (int64_t)off * 60 > DATE_MAX_UTC)
		return -1;
	if (utc != NULL)
		*utc = u;
	if (offset != NULL)
		*offset = off;
	return 0;
}

/* --- formatting --- */

/* Split utc + offset into calendar fields, clamped to years 1..9999. */
static void
split_time(int64_t utc, int *offset, int64_t *y, int *mon, int *day, int *h, int *mi, int *sec, int *wday)
{
	const int64_t lo = -62135596800LL; /* 0001-01-01T00:00:00Z */
	const int64_t hi = 253402300799LL; /* 9999-12-31T23:59:59Z */
	int64_t local, days, secs;

	if (*offset < -(99 * 60 + 59) || *offset > 99 * 60 + 59)
		*offset = 0;
	local = utc < lo ? lo : utc > hi ? hi : utc;
	local += (int64_t)*offset * 60;
	days = kb_floor_div(local, 86400);
	secs = local - days * 86400;
	kb_civil_from_days(days, y, mon, day);
	*h = (int)(secs / 3600);
	*mi = (int)(secs / 60 % 60);
	*sec = (int)(secs % 60);
	*wday = kb_weekday(days);
}

char *
kb_date_rfc3339(int64_t utc, int offset, char *buf, size_t size)
{
	int64_t y;
	int mon, day, h, mi, sec, wday, a;

	if (buf == NULL || size == 0)
		return buf;
	split_time(utc, &offset, &y, &mon, &day, &h, &mi, &sec, &wday);
	if (offset == 0) {
		snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, mon, day, h, mi, sec);
	} else {
		a = offset < 0 ? -offset : offset;
		snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (long long)y, mon, day, h, mi, sec,
			 offset < 0 ? '-' : '+', a / 60, a % 60);
	}
	return buf;
}

char *
kb_date_rfc822(int64_t utc, int offset, char *buf, size_t size)
{
	static const char *const wdays[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t y;
	int mon, day, h, mi, sec, wday, a;

	if (buf == NULL || size == 0)
		return buf;
	split_time(utc, &offset, &y, &mon, &day, &h, &mi, &sec, &wday);
	a = offset < 0 ? -offset : offset;
	snprintf(buf, size, "%s, %02d %s %04lld %02d:%02d:%02d %c%02d%02d", wdays[wday], day, months[mon - 1],
		 (long long)y, h, mi, sec, offset < 0 ? '-' : '+', a / 60, a % 60);
	return buf;
}
