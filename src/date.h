/* date.h: dates as feeds and news pages write them. */
#ifndef KB_DATE_H
#define KB_DATE_H

#include <stdint.h>
#include <stddef.h>

/* Parse s. Known forms: RFC 822/2822 and their real-world variants
 * (missing day name, two-digit years, named and numeric zones, missing
 * seconds), RFC 3339 / W3CDTF / ISO 8601 (with week and ordinal dates),
 * Indonesian ("Kamis (1/6/2023)", "Senin, 20 Desember 2021 - 16:00 WIB",
 * "05 Agustus 2019", months and days in full, abbreviated and old
 * spellings, WIB/WITA/WIT), and the other languages of the feedparser
 * date cases. A date without a zone is read in default_tz (an IANA name;
 * NULL means UTC). Returns 0 with *utc (seconds since the epoch) and
 * *offset (minutes east of UTC as written, or of default_tz at that
 * instant); -1 when s is not a date. */
int kb_date_parse(const char *s, const char *default_tz, int64_t *utc, int *offset);

/* Format as RFC 3339 in the given offset ("2024-07-12T10:00:00+07:00",
 * "Z" for 0). buf must hold 32 bytes. Returns buf. */
char *kb_date_rfc3339(int64_t utc, int offset, char *buf, size_t size);
/* Format as RFC 822 ("Fri, 12 Jul 2024 10:00:00 +0700"). */
char *kb_date_rfc822(int64_t utc, int offset, char *buf, size_t size);

/* Offset in minutes east of UTC of the IANA zone tz at instant utc, or 0
 * for an unknown zone. */
int kb_tz_offset(const char *tz, int64_t utc);
/* 1 if tz names a zone this system knows (UTC always). */
int kb_tz_valid(const char *tz);

/* The proleptic Gregorian calendar, days counted from 1970-01-01 (day
 * 0). kb_days_from_civil: the day of y-m-d (m 1..12, d 1..31);
 * kb_civil_from_days: back; kb_days_in_month: 28..31 (m 1..12);
 * kb_weekday: 0 Sunday .. 6 Saturday; kb_floor_div: a / b rounded
 * toward minus infinity (b > 0: the day of an instant is
 * kb_floor_div(utc, 86400)). */
int64_t kb_days_from_civil(int64_t y, int m, int d);
void kb_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
int kb_days_in_month(int64_t y, int m);
int kb_weekday(int64_t days);
int64_t kb_floor_div(int64_t a, int64_t b);

#endif
