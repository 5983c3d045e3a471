/* fuzz-event.c: kb_event_extract on arbitrary text (the first line is
 * the title), with a publication date and without one. Properties: rc 0
 * or 1; no event leaves nothing behind; an event has a start day in a
 * sane range, an end after it within 92 days (or -1), a start minute in
 * a day, a closing time only after a start time the same day, evidence of its date, and every string non-empty UTF-8 of
 * bounded length. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../src/item.h"
#include "../src/msme.h"
#include "../src/util.h"
#include "fuzz.h"

/* 2023-06-01T03:00:00Z, 10:00 WIB */
#define PUB INT64_C(1685588400)

static void
check_str(const char *what, const char *s, const char *in)
{
	if (s == NULL)
		return;
	FUZZ_ASSERT(*s != '\0', "%s is empty on '%s'", what, in);
	FUZZ_ASSERT(strlen(s) <= 1024, "%s is %zu bytes on '%s'", what, strlen(s), in);
	FUZZ_ASSERT(kb_utf8_valid(s, strlen(s)), "%s is not UTF-8 on '%s'", what, in);
}

static void
run(const char *title, const char *text, int64_t pub, const char *in)
{
	struct kb_event e;
	size_t i;
	int rc, date_ev = 0;

	rc = kb_event_extract(title, text, pub, "Asia/Jakarta", &e);
	FUZZ_ASSERT(rc == 0 || rc == 1, "rc %d on '%s'", rc, in);
	if (rc == 0) {
		FUZZ_ASSERT(e.start == -1 && e.end == -1 && e.name == NULL && e.venue == NULL && e.organizer == NULL &&
				    e.n_ev == 0,
			    "no event but fields set on '%s'", in);
	} else {
		/* years 1800..2200 */
		FUZZ_ASSERT(e.start >= -62000 && e.start <= 84000, "start %" PRId64 " on '%s'", e.start, in);
		FUZZ_ASSERT(e.end == -1 || (e.end > e.start && e.end - e.start <= 92),
			    "end %" PRId64 " start %" PRId64 " on '%s'", e.end, e.start, in);
		FUZZ_ASSERT(e.start_minute >= -1 && e.start_minute < 24 * 60, "minute %d on '%s'", e.start_minute, in);
		FUZZ_ASSERT(e.end_minute == -1 ||
				    (e.start_minute >= 0 && e.end_minute > e.start_minute && e.end_minute < 24 * 60),
			    "end minute %d after start minute %d on '%s'", e.end_minute, e.start_minute, in);
	}
	check_str("name", e.name, in);
	check_str("venue", e.venue, in);
	check_str("organizer", e.organizer, in);
	for (i = 0; i < e.n_ev; i++) {
		FUZZ_ASSERT(e.ev[i].what != NULL && e.ev[i].text != NULL, "evidence %zu without text on '%s'", i, in);
		check_str("evidence", e.ev[i].text, in);
		if (strcmp(e.ev[i].what, "event-date") == 0)
			date_ev = 1;
	}
	FUZZ_ASSERT(rc == 0 || date_ev, "an event without event-date evidence on '%s'", in);
	kb_event_free(&e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *nl;

	fuzz_init();
	s = fuzz_strndup(data, size);
	run(NULL, s, PUB, s);
	run(NULL, s, KB_NO_TIME, s);
	nl = strchr(s, '\n');
	if (nl != NULL) {
		*nl = '\0';
		run(s, nl + 1, PUB, s);
	}
	free(s);
	return 0;
}
