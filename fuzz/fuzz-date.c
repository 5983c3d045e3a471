/* fuzz-date.c: the date parser on arbitrary text, in UTC and in
 * Asia/Jakarta. A date that parses must survive a round trip through
 * kb_date_rfc3339: parsed again it names the same instant and offset. */
#include <inttypes.h>
#include <stdlib.h>

#include "../src/date.h"
#include "fuzz.h"

static const char *const zones[] = { "UTC", "Asia/Jakarta" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, buf[64];
	size_t z;

	fuzz_init();
	s = fuzz_strndup(data, size);
	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		int64_t utc, utc2;
		int off, off2;

		if (kb_date_parse(s, zones[z], &utc, &off) != 0)
			continue;
		kb_date_rfc3339(utc, off, buf, sizeof(buf));
		FUZZ_ASSERT(kb_date_parse(buf, zones[z], &utc2, &off2) == 0,
			    "'%s' (%s) parsed to %" PRId64 " %+d, formatted as '%s', "
			    "which does not parse",
			    s, zones[z], utc, off, buf);
		FUZZ_ASSERT(utc2 == utc, "'%s' (%s) parsed to %" PRId64 ", '%s' to %" PRId64, s, zones[z], utc, buf,
			    utc2);
		FUZZ_ASSERT(off2 == off, "'%s' (%s) has offset %d, '%s' has %d", s, zones[z], off, buf, off2);
		kb_date_rfc822(utc, off, buf, sizeof(buf));
	}
	free(s);
	return 0;
}
