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

#endif
