/* test-date.c: the date parser, the formatters and the tz reader. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "tap.h"

#define NOOFF (-99999) /* do not check the offset */

struct dcase {
	const char *in;
	const char *tz;	  /* default zone */
	const char *want; /* UTC as RFC 3339, NULL: not a date */
	int off;	  /* offset in minutes, or NOOFF */
};

static const struct dcase cases[] = {
	/* RFC 822 / 2822 and variants */
	{ "Fri, 12 Jul 2024 10:00:00 +0700", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "12 Jul 2024 10:00:00 +0700", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "Mon, 12 Jul 2024 10:00:00 +0700", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "Fri,12 Jul 2024 10:00:00 +0700", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "Fri, 5 Jul 2024 10:00:00 GMT", NULL, "2024-07-05T10:00:00Z", 0 },
	{ "Fri, 05 Jul 24 10:00:00 GMT", NULL, "2024-07-05T10:00:00Z", 0 },
	{ "Tue, 05 Jul 94 10:00:00 GMT", NULL, "1994-07-05T10:00:00Z", 0 },
	{ "Sat, 05 Jul 49 10:00:00 GMT", NULL, "2049-07-05T10:00:00Z", 0 },
	{ "Tue, 05 Jul 50 10:00:00 GMT", NULL, "1950-07-05T10:00:00Z", 0 },
	{ "Fri, 12 Jul 2024 10:00 +0700", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "Fri, 12 Jul 2024 10:00:00 +07:00", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "Fri, 12 Jul 2024 10:00:00 -0000", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "Fri, 12 Jul 2024 10:00:00 -0530", NULL, "2024-07-12T15:30:00Z", -330 },
	{ "Fri, 12 Jul 2024 10:00:00 UT", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "Fri, 12 Jul 2024 10:00:00 Z", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "Fri, 12 Jul 2024 10:00:00 EST", NULL, "2024-07-12T15:00:00Z", -300 },
	{ "Fri, 12 Jul 2024 10:00:00 EDT", NULL, "2024-07-12T14:00:00Z", -240 },
	{ "Fri, 12 Jul 2024 10:00:00 CST", NULL, "2024-07-12T16:00:00Z", -360 },
	{ "Fri, 12 Jul 2024 10:00:00 CDT", NULL, "2024-07-12T15:00:00Z", -300 },
	{ "Fri, 12 Jul 2024 10:00:00 MST", NULL, "2024-07-12T17:00:00Z", -420 },
	{ "Fri, 12 Jul 2024 10:00:00 MDT", NULL, "2024-07-12T16:00:00Z", -360 },
	{ "Fri, 12 Jul 2024 10:00:00 PST", NULL, "2024-07-12T18:00:00Z", -480 },
	{ "Fri, 12 Jul 2024 10:00:00 pdt", NULL, "2024-07-12T17:00:00Z", -420 },
	{ "Fri, 12 Jul 2024 10:00:00 A", NULL, "2024-07-12T11:00:00Z", -60 },
	{ "Fri, 12 Jul 2024 10:00:00 M", NULL, "2024-07-12T22:00:00Z", -720 },
	{ "Fri, 12 Jul 2024 10:00:00 N", NULL, "2024-07-12T09:00:00Z", 60 },
	{ "Fri, 12 Jul 2024 10:00:00 Y", NULL, "2024-07-11T22:00:00Z", 720 },
	{ "Fri, 12 Jul 2024 10:00:00 GMT+07:00", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "Fri, 12 Jul 2024 10:00:00 UTC+7", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "Fri, 12 Jul 2024 10:00:00 +0000 (UTC)", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "Fri, 12 Jul 2024 10:00:00 Asia/Jakarta", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "Fri, 12 Jul 2024 10:00:00", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "Fri, 12 Jul 2024 10:00:00", "Asia/Jakarta", "2024-07-12T03:00:00Z", 420 },
	{ "Fri, 12 Jul 2024", "Asia/Jakarta", "2024-07-11T17:00:00Z", 420 },
	{ "Thu, 01 Jan 1970 00:00:00 GMT", NULL, "1970-01-01T00:00:00Z", 0 },
	{ "Sunday, 06-Nov-94 08:49:37 GMT", NULL, "1994-11-06T08:49:37Z", 0 },
	{ "Thursday, 12 September 2024 10:00:00 +0200", NULL, "2024-09-12T08:00:00Z", 120 },
	{ "July 12, 2024 10:00 AM", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "July 12, 2024 10:00 pm", NULL, "2024-07-12T22:00:00Z", 0 },
	{ "July 12, 2024 12:30 am", NULL, "2024-07-12T00:30:00Z", 0 },
	{ "Fri, 12 Jul 2024 10:00:00.250 GMT", NULL, "2024-07-12T10:00:00Z", 0 },
	/* asctime / ctime */
	{ "Fri Jul 12 10:00:00 2024", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "Fri Jul  5 10:00:00 2024", NULL, "2024-07-05T10:00:00Z", 0 },
	{ "Fri Jul  5 10:00:00 2024\n", NULL, "2024-07-05T10:00:00Z", 0 },
	{ "Fri Jul 12 10:00:00 +0700 2024", NULL, "2024-07-12T03:00:00Z", 420 },
	/* ISO 8601, RFC 3339, W3CDTF */
	{ "2024-07-12T10:00:00Z", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "2024-07-12T10:00:00+07:00", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "2024-07-12T10:00:00+0700", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "2024-07-12T10:00:00+07", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "2024-07-12T10:00:00-03:30", NULL, "2024-07-12T13:30:00Z", -210 },
	{ "2024-07-12 10:00:00", "Asia/Jakarta", "2024-07-12T03:00:00Z", 420 },
	{ "2024-07-12t10:00:00z", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "2024-07-12T10:00:00.123456789Z", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "2024-07-12T10:00:00,5+01:00", NULL, "2024-07-12T09:00:00Z", 60 },
	{ "2024-07-12T10:00Z", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "2024-07-12", NULL, "2024-07-12T00:00:00Z", 0 },
	{ "2024-07-12", "Asia/Jayapura", "2024-07-11T15:00:00Z", 540 },
	{ "2024-07", NULL, "2024-07-01T00:00:00Z", 0 },
	{ "2024", NULL, "2024-01-01T00:00:00Z", 0 },
	{ "20240712", NULL, "2024-07-12T00:00:00Z", 0 },
	{ "20240712T100000Z", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "20240712T1000+0700", NULL, "2024-07-12T03:00:00Z", 420 },
	{ "2024-07-12 10:00:00 GMT", NULL, "2024-07-12T10:00:00Z", 0 },
	{ "2003-W52-1", NULL, "2003-12-22T00:00:00Z", 0 },
	{ "2003W521", NULL, "2003-12-22T00:00:00Z", 0 },
	{ "2003-W52", NULL, "2003-12-22T00:00:00Z", 0 },
	{ "2004-W53-7", NULL, "2005-01-02T00:00:00Z", 0 },
	{ "2009-W01-1T08:00:00Z", NULL, "2008-12-29T08:00:00Z", 0 },
	{ "2003-335", NULL, "2003-12-01T00:00:00Z", 0 },
	{ "2003335", NULL, "2003-12-01T00:00:00Z", 0 },
	{ "2004-366", NULL, "2004-12-31T00:00:00Z", 0 },
	{ "2024-02-29", NULL, "2024-02-29T00:00:00Z", 0 },
	{ "2016-12-31T23:59:60Z", NULL, "2017-01-01T00:00:00Z", 0 },
	{ "2024-07-12T10:00:00+07:00", "America/New_York", "2024-07-12T03:00:00Z", 420 },
	/* Indonesian */
	{ "Kamis (1/6/2023)", "Asia/Jakarta", "2023-05-31T17:00:00Z", 420 },
	{ "Kamis (1/6/2023)", NULL, "2023-06-01T00:00:00Z", 0 },
	{ "Senin, 20 Desember 2021 - 16:00 WIB", NULL, "2021-12-20T09:00:00Z", 420 },
	{ "Selasa, 22 April 2025 | 10:43 WIB", NULL, "2025-04-22T03:43:00Z", 420 },
	{ "05 Agustus 2019", NULL, "2019-08-05T00:00:00Z", 0 },
	{ "05 Agustus 2019", "Asia/Jakarta", "2019-08-04T17:00:00Z", 420 },
	{ "20 Des 2021 16.00 WIB", NULL, "2021-12-20T09:00:00Z", 420 },
	{ "20 Des. 2021 16.00.30 WIB", NULL, "2021-12-20T09:00:30Z", 420 },
	{ "Jum'at, 3 Maret 2023 08:15 WITA", NULL, "2023-03-03T00:15:00Z", 480 },
	{ "Jumat, 3 Mar 2023 08:15 WIT", NULL, "2023-03-02T23:15:00Z", 540 },
	{ "Jum\xe2\x80\x99"
	  "at, 3 Maret 2023",
	  NULL, "2023-03-03T00:00:00Z", 0 },
	{ "Sabtu, 4 Pebruari 2023", NULL, "2023-02-04T00:00:00Z", 0 },
	{ "Sabtu, 4 Februari 2023", NULL, "2023-02-04T00:00:00Z", 0 },
	{ "Minggu, 5 Nopember 2023 pukul 10.00 WIB", NULL, "2023-11-05T03:00:00Z", 420 },
	{ "Minggu, 5 Nop 2023", NULL, "2023-11-05T00:00:00Z", 0 },
	{ "Ahad, 12 Mei 2024", NULL, "2024-05-12T00:00:00Z", 0 },
	{ "1 Januari 2024", NULL, "2024-01-01T00:00:00Z", 0 },
	{ "1 Juni 2024", NULL, "2024-06-01T00:00:00Z", 0 },
	{ "1 Juli 2024", NULL, "2024-07-01T00:00:00Z", 0 },
	{ "1 Agu 2024", NULL, "2024-08-01T00:00:00Z", 0 },
	{ "1 Agt 2024", NULL, "2024-08-01T00:00:00Z", 0 },
	{ "1 Ags 2024", NULL, "2024-08-01T00:00:00Z", 0 },
	{ "17 Sept 2024", NULL, "2024-09-17T00:00:00Z", 0 },
	{ "17 Sep 2024", NULL, "2024-09-17T00:00:00Z", 0 },
	{ "1 Okt 2024", NULL, "2024-10-01T00:00:00Z", 0 },
	{ "Rabu, 25 Desember 2024", NULL, "2024-12-25T00:00:00Z", 0 },
	{ "Kamis, 01/06/2023 10:30 WIB", NULL, "2023-06-01T03:30:00Z", 420 },
	{ "Senin, 20 Desember 2021 \xe2\x80\x93 16:00 WIB", NULL, "2021-12-20T09:00:00Z", 420 },
	{ "Senin, 20\xc2\xa0"
	  "Desember 2021 16:00 WIB",
	  NULL, "2021-12-20T09:00:00Z", 420 },
	{ "20 Januari 2021, 16:00", "Asia/Jakarta", "2021-01-20T09:00:00Z", 420 },
	{ "SENIN, 20 DESEMBER 2021", NULL, "2021-12-20T00:00:00Z", 0 },
	{ "20-12-2021 16:00 WIB", NULL, "2021-12-20T09:00:00Z", 420 },
	{ "pukul 10.00 WIB, Senin 20 Desember 2021", NULL, "2021-12-20T03:00:00Z", 420 },
	{ "Pkl. 9.30 WITA, 5 Mei 2024", NULL, "2024-05-05T01:30:00Z", 480 },
	{ "10.00 WIB, 20 Desember 2021", NULL, NULL, 0 },
	{ "Rabu (5/8)", "Asia/Jakarta", NULL, 0 },
	{ "1- 4 Juni 2023", NULL, NULL, 0 },
	{ "12 hingga 14 Juli 2024", NULL, NULL, 0 },
	{ "Kamis (24/11) hingga Minggu (27/11)", NULL, NULL, 0 },
	/* Other languages */
	{ "\xce\x9a\xcf\x85\xcf\x81, 11 \xce\x99\xce\xbf\xcf\x8d\xce\xbb 2004 12:00:00 EST", NULL,
	  "2004-07-11T17:00:00Z", -300 },
	{ "2004-j\xc3\xbalius-13T9:15-05:00", NULL, "2004-07-13T14:15:00Z", -300 },
	{ "2004-okt\xc3\xb3"
	  "ber-13T9:15+02:00",
	  NULL, "2004-10-13T07:15:00Z", 120 },
	{ "2004\xeb\x85\x84 05\xec\x9b\x94 28\xec\x9d\xbc  01:31:15", NULL, "2004-05-27T16:31:15Z", 540 },
	{ "2004-05-25 \xec\x98\xa4\xed\x9b\x84 11:23:17", NULL, "2004-05-25T14:23:17Z", 540 },
	{ "2004-05-25 \xec\x98\xa4\xec\xa0\x84 11:23:17", NULL, "2004-05-25T02:23:17Z", 540 },
	{ "2004\xe5\xb9\xb4"
	  "5\xe6\x9c\x88"
	  "28\xe6\x97\xa5 01:31:15",
	  NULL, "2004-05-28T01:31:15Z", 0 },
	{ "Fri, 2006/09/15 08:19:53 EDT", NULL, "2006-09-15T12:19:53Z", -240 },
	/* Zones in effect at the time written */
	{ "2024-07-12 10:00:00", "Europe/Berlin", "2024-07-12T08:00:00Z", 120 },
	{ "2024-01-12 10:00:00", "Europe/Berlin", "2024-01-12T09:00:00Z", 60 },
	{ "2024-03-10 12:00:00", "America/New_York", "2024-03-10T16:00:00Z", -240 },
	{ "2024-03-31 02:30:00", "Europe/Berlin", "2024-03-31T01:30:00Z", 120 },
	{ "2060-07-01 12:00:00", "Europe/Berlin", "2060-07-01T10:00:00Z", 120 },
	{ "2024-07-12 10:00:00", "No/Such_Zone", "2024-07-12T10:00:00Z", 0 },
	/* Not dates, or out of range */
	{ "", NULL, NULL, 0 },
	{ "   ", NULL, NULL, 0 },
	{ "hello world", NULL, NULL, 0 },
	{ "Fri, 12 Jul 2024 25:00:00 GMT", NULL, NULL, 0 },
	{ "Fri, 12 Jul 2024 24:00:00 GMT", NULL, NULL, 0 },
	{ "Fri, 12 Jul 2024 10:60:00 GMT", NULL, NULL, 0 },
	{ "Fri, 12 Jul 2024 10:00:61 GMT", NULL, NULL, 0 },
	{ "Fri, 32 Jul 2024", NULL, NULL, 0 },
	{ "Fri, 0 Jul 2024", NULL, NULL, 0 },
	{ "30 Feb 2024", NULL, NULL, 0 },
	{ "29 Feb 2023", NULL, NULL, 0 },
	{ "2024-13-01", NULL, NULL, 0 },
	{ "2024-00-10", NULL, NULL, 0 },
	{ "2024-02-30", NULL, NULL, 0 },
	{ "2023-02-29", NULL, NULL, 0 },
	{ "2003-366", NULL, NULL, 0 },
	{ "2003-000", NULL, NULL, 0 },
	{ "2003-W53-1", NULL, NULL, 0 },
	{ "2003-W00-1", NULL, NULL, 0 },
	{ "2003-W01-8", NULL, NULL, 0 },
	{ "2024-07-12T10:00:00+99:00", NULL, NULL, 0 },
	{ "Fri, 12 Jul 2024 10:00:00 +2500", NULL, NULL, 0 },
	{ "Fri, 12 Jul 2024 10:00:00 +07:60", NULL, NULL, 0 },
	{ "99999999999999999999", NULL, NULL, 0 },
	{ "Fri, 12 Jul 99999999999999999999 10:00:00 GMT", NULL, NULL, 0 },
	{ "2024-07-12T10:00:00Zjunk", NULL, NULL, 0 },
	{ "2024-07-12T10:00:00+07:00 GMT", NULL, NULL, 0 },
	{ "12 Jul", NULL, NULL, 0 },
	{ "Jul 2024", NULL, NULL, 0 },
	{ "10:00", NULL, NULL, 0 },
	{ "1 Jan 0000", NULL, NULL, 0 },
	{ "--07-12", NULL, NULL, 0 },
	{ "---12", NULL, NULL, 0 },
	{ "Fri, 12 Jul 2024 10:00:00 XYZ", NULL, NULL, 0 },
	{ "Fri, 12 Jul 2024 10:00:00 Mars/Olympus", NULL, NULL, 0 },
	{ "Fri, 12 Jul 2024 10:00:00 GMT GMT", NULL, NULL, 0 },
	{ "Fri, 12 Jul 2024 10:00:00 +0700 +0700", NULL, NULL, 0 },
	{ "Fri, 12 Jul Aug 2024", NULL, NULL, 0 },
	{ "Fri, 12 13 Jul 2024", NULL, NULL, 0 },
	{ "July 12, 2024 13:00 PM", NULL, NULL, 0 },
	{ "12/31/2024", NULL, NULL, 0 },
	{ "1/2/3/2024", NULL, NULL, 0 },
	{ "Jul 12 2024 10:00:00 \x01", NULL, NULL, 0 },
	{ "2024-07-12 10:00:00 ../../etc/passwd", NULL, NULL, 0 },
	{ "Senin 20 Desember 2021 pukul", NULL, "2021-12-20T00:00:00Z", 0 },
};

/* UTC RFC 3339 with any number of year digits ("99-12-31T23:00:01Z") to
 * seconds. */
static int
parse_expected(const char *s, int64_t *out)
{
	long y, mo, d, h, mi, se;
	int64_t yy, era, yoe, doy, doe, days;
	char z;

	if (sscanf(s, "%ld-%ld-%ldT%ld:%ld:%ld%c", &y, &mo, &d, &h, &mi, &se, &z) != 7 || z != 'Z')
		return -1;
	yy = y - (mo <= 2);
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	*out = days * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

/* s with control characters escaped, for test names. Static buffer. */
static const char *
show(const char *s)
{
	static char out[1024];
	size_t n = 0;

	for (; *s != '\0' && n + 5 < sizeof(out); s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			n += (size_t)snprintf(out + n, sizeof(out) - n, "\\x%02x", c);
		else
			out[n++] = (char)c;
	}
	out[n] = '\0';
	return out;
}

static void
test_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct dcase *c = &cases[i];
		const char *name = show(c->in);
		int64_t utc = 0;
		int off = 0, rc;
		char buf[40];

		rc = kb_date_parse(c->in, c->tz, &utc, &off);
		if (c->want == NULL) {
			if (!ok(rc == -1, "reject \"%s\"", name))
				diag("  parsed as %s", kb_date_rfc3339(utc, 0, buf, sizeof(buf)));
			continue;
		}
		if (!ok(rc == 0, "parse \"%s\" (%s)", name, c->tz ? c->tz : "UTC"))
			continue;
		is_str(kb_date_rfc3339(utc, 0, buf, sizeof(buf)), c->want, "  \"%s\" instant", name);
		if (c->off != NOOFF)
			is_int(off, c->off, "  \"%s\" offset", name);
	}
}

static void
test_hostile(void)
{
	char big[400];
	int64_t utc = 12345;
	int off = 7;

	memset(big, ' ', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "1 Jan 2024", 10);
	is_int(kb_date_parse(big, NULL, &utc, &off), -1, "input over 256 bytes rejected");
	is_int(utc, 12345, "  and *utc untouched");
	memset(big, '9', sizeof(big) - 1);
	is_int(kb_date_parse(big, NULL, &utc, &off), -1, "long digit run rejected");
	memset(big, 'a', sizeof(big) - 1);
	is_int(kb_date_parse(big, NULL, &utc, &off), -1, "long word rejected");
	is_int(kb_date_parse(NULL, NULL, &utc, &off), -1, "NULL rejected");
	is_int(kb_date_parse("1 Jan 2024", NULL, NULL, NULL), 0, "NULL outputs allowed");
	is_int(kb_date_parse("1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 "
			     "1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
			     NULL, &utc, &off),
	       -1, "many tokens rejected");
	is_int(kb_date_parse("9999-12-31T23:59:59Z", NULL, &utc, &off), 0, "year 9999 parses");
	is_int(utc, 253402300799LL, "  to the last second of 9999");
	is_int(kb_date_parse("0001-01-01T00:00:00Z", NULL, &utc, &off), 0, "year 1 parses");
	is_int(utc, -62135596800LL, "  to the first second of year 1");
}

static void
test_tz(void)
{
	static const char *const many[] = {
		"Asia/Jakarta",	    "Asia/Makassar",	   "Asia/Jayapura",	 "Europe/Berlin",
		"America/New_York", "Australia/Sydney",	   "Europe/London",	 "Europe/Paris",
		"Asia/Tokyo",	    "Asia/Seoul",	   "Asia/Singapore",	 "Asia/Kolkata",
		"Asia/Dubai",	    "Africa/Cairo",	   "Africa/Lagos",	 "America/Chicago",
		"America/Denver",   "America/Los_Angeles", "America/Sao_Paulo",	 "America/Mexico_City",
		"Pacific/Auckland", "Pacific/Honolulu",	   "Europe/Moscow",	 "Europe/Madrid",
		"Europe/Rome",	    "Asia/Shanghai",	   "Asia/Hong_Kong",	 "Asia/Bangkok",
		"Asia/Manila",	    "Asia/Kuala_Lumpur",   "Asia/Pontianak",	 "Asia/Ho_Chi_Minh",
		"Europe/Amsterdam", "Europe/Stockholm",	   "Etc/GMT+5",		 "Etc/GMT-14",
		"America/St_Johns", "Asia/Kathmandu",	   "Australia/Adelaide", "Europe/Lisbon",
	};
	size_t i;
	int all = 1;
	char buf[40];
	int64_t t;

	is_int(kb_tz_offset("Asia/Jakarta", 1720753200), 420, "Asia/Jakarta is +07");
	is_int(kb_tz_offset("Asia/Makassar", 1720753200), 480, "Asia/Makassar is +08");
	is_int(kb_tz_offset("Asia/Jayapura", 1720753200), 540, "Asia/Jayapura is +09");
	parse_expected("1960-01-01T00:00:00Z", &t);
	is_int(kb_tz_offset("Asia/Jakarta", t), 450, "Asia/Jakarta was +07:30 in 1960");
	parse_expected("2024-07-01T00:00:00Z", &t);
	is_int(kb_tz_offset("Europe/Berlin", t), 120, "Europe/Berlin summer +02");
	is_int(kb_tz_offset("America/New_York", t), -240, "America/New_York summer -04");
	is_int(kb_tz_offset("Australia/Sydney", t), 600, "Australia/Sydney winter +10");
	parse_expected("2024-01-01T00:00:00Z", &t);
	is_int(kb_tz_offset("Europe/Berlin", t), 60, "Europe/Berlin winter +01");
	is_int(kb_tz_offset("America/New_York", t), -300, "America/New_York winter -05");
	is_int(kb_tz_offset("Australia/Sydney", t), 660, "Australia/Sydney summer +11");
	parse_expected("2024-03-31T01:00:00Z", &t);
	is_int(kb_tz_offset("Europe/Berlin", t), 120, "Europe/Berlin at the 2024 change");
	is_int(kb_tz_offset("Europe/Berlin", t - 1), 60, "Europe/Berlin a second before");
	/* Past the transitions in the file: the POSIX TZ footer. */
	parse_expected("2040-03-25T01:00:00Z", &t);
	is_int(kb_tz_offset("Europe/Berlin", t), 120, "Europe/Berlin at the 2040 change");
	is_int(kb_tz_offset("Europe/Berlin", t - 1), 60, "Europe/Berlin a second before");
	parse_expected("2100-07-01T00:00:00Z", &t);
	is_int(kb_tz_offset("Europe/Berlin", t), 120, "Europe/Berlin summer 2100");
	is_int(kb_tz_offset("America/New_York", t), -240, "America/New_York summer 2100");
	parse_expected("2100-01-01T00:00:00Z", &t);
	is_int(kb_tz_offset("Europe/Berlin", t), 60, "Europe/Berlin winter 2100");
	parse_expected("2080-01-01T00:00:00Z", &t);
	is_int(kb_tz_offset("Australia/Sydney", t), 660, "Australia/Sydney summer 2080");
	is_int(kb_tz_offset("Etc/GMT+5", t), -300, "Etc/GMT+5 is -05");
	is_int(kb_tz_offset("UTC", t), 0, "UTC is 0");
	is_int(kb_tz_offset(NULL, t), 0, "NULL is UTC");
	is_int(kb_tz_offset("No/Such_Zone", t), 0, "unknown zone is 0");
	is_int(kb_tz_offset("../../etc/passwd", t), 0, "path outside the tz dir is 0");

	ok(kb_tz_valid("UTC"), "UTC valid");
	ok(kb_tz_valid("Asia/Jakarta"), "Asia/Jakarta valid");
	ok(kb_tz_valid("Asia/Jakarta"), "Asia/Jakarta valid (cached)");
	ok(!kb_tz_valid("No/Such_Zone"), "unknown zone invalid");
	ok(!kb_tz_valid("No/Such_Zone"), "unknown zone invalid (cached)");
	ok(!kb_tz_valid(NULL), "NULL invalid");
	ok(!kb_tz_valid(""), "empty invalid");
	ok(!kb_tz_valid("Asia"), "a directory is not a zone");
	ok(!kb_tz_valid("../zoneinfo/UTC"), "\"..\" rejected");
	ok(!kb_tz_valid("/etc/localtime"), "absolute path rejected");
	ok(!kb_tz_valid("Asia/Jakarta "), "space rejected");
	ok(!kb_tz_valid("Asia//Jakarta"), "empty component rejected");
	ok(!kb_tz_valid("zone.tab"), "dot rejected");
	/* More zones than the cache holds: the uncached path. */
	for (i = 0; i < sizeof(many) / sizeof(many[0]); i++) {
		if (!kb_tz_valid(many[i])) {
			diag("  %s not valid", many[i]);
			all = 0;
		}
	}
	ok(all, "%zu zones valid (beyond the cache size)", sizeof(many) / sizeof(many[0]));
	is_int(kb_tz_offset("Europe/Lisbon", 1720753200), 60, "uncached zone offset");
	is_int(kb_tz_offset("Asia/Kathmandu", 1720753200), 345, "Asia/Kathmandu +05:45");
	is_str(kb_date_rfc3339(1720753200, kb_tz_offset("Asia/Jakarta", 1720753200), buf, sizeof(buf)),
	       "2024-07-12T10:00:00+07:00", "format in zone offset");
}

static void
test_format(void)
{
	static const int64_t instants[] = {
		0, 1720753200, -1, 951782400, 4102444800LL, -62135596800LL, 253402300799LL
	};
	static const int offsets[] = { 0, 420, -330, 60, 840, -720, 545 };
	char buf[40], small[6];
	size_t i, j;
	int fails = 0;

	is_str(kb_date_rfc3339(1720753200, 420, buf, sizeof(buf)), "2024-07-12T10:00:00+07:00", "rfc3339 +07:00");
	is_str(kb_date_rfc3339(1720753200, 0, buf, sizeof(buf)), "2024-07-12T03:00:00Z", "rfc3339 Z");
	is_str(kb_date_rfc3339(1720753200, -330, buf, sizeof(buf)), "2024-07-11T21:30:00-05:30", "rfc3339 -05:30");
	is_str(kb_date_rfc3339(-1, 0, buf, sizeof(buf)), "1969-12-31T23:59:59Z", "rfc3339 before the epoch");
	is_str(kb_date_rfc3339(951782400, 0, buf, sizeof(buf)), "2000-02-29T00:00:00Z", "rfc3339 leap day");
	is_str(kb_date_rfc822(1720753200, 420, buf, sizeof(buf)), "Fri, 12 Jul 2024 10:00:00 +0700", "rfc822 +0700");
	is_str(kb_date_rfc822(0, 0, buf, sizeof(buf)), "Thu, 01 Jan 1970 00:00:00 +0000", "rfc822 epoch");
	is_str(kb_date_rfc822(1720753200, -300, buf, sizeof(buf)), "Thu, 11 Jul 2024 22:00:00 -0500", "rfc822 -0500");
	is_str(kb_date_rfc822(951782400, 0, buf, sizeof(buf)), "Tue, 29 Feb 2000 00:00:00 +0000",
	       "rfc822 leap day weekday");
	is_str(kb_date_rfc3339(1720753200, 420, small, sizeof(small)), "2024-", "rfc3339 truncates to the buffer");
	is_str(kb_date_rfc3339(INT64_MAX, 0, buf, sizeof(buf)), "9999-12-31T23:59:59Z", "rfc3339 clamps huge instants");
	is_str(kb_date_rfc3339(INT64_MIN, 0, buf, sizeof(buf)), "0001-01-01T00:00:00Z", "rfc3339 clamps tiny instants");
	ok(kb_date_rfc3339(0, 0, NULL, 0) == NULL, "rfc3339 NULL buffer");

	/* Round trips through both formats. */
	for (i = 0; i < sizeof(instants) / sizeof(instants[0]); i++) {
		for (j = 0; j < sizeof(offsets) / sizeof(offsets[0]); j++) {
			int64_t u;
			int off;

			if ((instants[i] <= -62135596800LL && offsets[j] < 0) ||
			    (instants[i] >= 253402300799LL && offsets[j] > 0))
				continue; /* the local date leaves years 1..9999 */
			kb_date_rfc3339(instants[i], offsets[j], buf, sizeof(buf));
			if (kb_date_parse(buf, NULL, &u, &off) != 0 || u != instants[i] || off != offsets[j]) {
				diag("  round trip failed: %s", buf);
				fails++;
			}
			kb_date_rfc822(instants[i], offsets[j], buf, sizeof(buf));
			if (kb_date_parse(buf, NULL, &u, &off) != 0 || u != instants[i] || off != offsets[j]) {
				diag("  round trip failed: %s", buf);
				fails++;
			}
		}
	}
	is_int(fails, 0, "formatted dates parse back to the same instant and offset");
}

/* feedparser's date cases: input TAB expected-UTC (or None). Every case
 * is asserted; none is excluded as unrepresentable (year 100 of
 * "Thu, 01 Jan 0100 00:00:01 +0100" is within the years 1..9999 kept). */
static void
test_corpus(void)
{
	const char *shared = getenv("SHARED_DIR");
	const char *top = getenv("top_srcdir");
	char path[4096], line[1024];
	int total = 0, pass = 0, lineno = 0;
	FILE *f;

	if (shared != NULL && shared[0] != '\0')
		snprintf(path, sizeof(path), "%s/corpora/feedparser/date-cases.tsv", shared);
	else if (top != NULL && top[0] != '\0')
		snprintf(path, sizeof(path), "%s/../shared/corpora/feedparser/date-cases.tsv", top);
	else {
		skip(1, "date-cases.tsv: neither SHARED_DIR nor top_srcdir is set");
		return;
	}
	f = fopen(path, "r");
	if (f == NULL) {
		char why[4200];

		snprintf(why, sizeof(why), "date-cases.tsv not found at %s", path);
		skip(1, why);
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *tab, *want, *nl;
		int64_t utc = 0, exp;
		int off, rc, good;

		lineno++;
		if (line[0] == '#')
			continue;
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		tab = strchr(line, '\t');
		if (tab == NULL)
			continue;
		*tab = '\0';
		want = tab + 1;
		total++;
		rc = kb_date_parse(line, NULL, &utc, &off);
		if (strcmp(want, "None") == 0) {
			good = rc == -1;
		} else {
			if (parse_expected(want, &exp) != 0) {
				diag("  line %d: cannot read expected \"%s\"", lineno, want);
				good = 0;
			} else {
				good = rc == 0 && utc == exp;
			}
		}
		pass += good;
		if (!ok(good, "date-cases.tsv:%d \"%s\" -> %s", lineno, show(line), want) && rc == 0) {
			char buf[40];

			diag("  got %s", kb_date_rfc3339(utc, 0, buf, sizeof(buf)));
		}
	}
	fclose(f);
	diag("date-cases.tsv: %d of %d cases pass", pass, total);
}

int
main(void)
{
	test_cases();
	test_hostile();
	test_tz();
	test_format();
	test_corpus();
	return done_testing();
}
