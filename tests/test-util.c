/* test-util.c: value parsers, buffers and UTF-8 repair. */
#include <string.h>

#include "buf.h"
#include "tap.h"
#include "util.h"

static void
test_durations(void)
{
	static const struct {
		const char *s;
		int ok;
		int64_t secs;
	} cases[] = {
		{ "90", 1, 90 },      { "90s", 1, 90 },
		{ "30m", 1, 1800 },   { "2h", 1, 7200 },
		{ "1d", 1, 86400 },   { "1w", 1, 604800 },
		{ "1h30m", 1, 5400 }, { "0", 1, 0 },
		{ "", 0, 0 },	      { "m", 0, 0 },
		{ "10x", 0, 0 },      { "-5m", 0, 0 },
		{ "5 m", 0, 0 },      { "99999999999999999999", 0, 0 },
		{ "250ms", 0, 0 },    { "1.5s", 0, 0 },
		{ "1.5m", 1, 90 },    { "30m10", 0, 0 },
	};
	size_t i;
	int64_t v, ms;

	for (i = 0; i < KB_ARRAY_LEN(cases); i++) {
		v = -1;
		if (cases[i].ok) {
			is_int(kb_parse_duration(cases[i].s, &v), 0, "duration '%s' accepted", cases[i].s);
			is_int(v, cases[i].secs, "duration '%s' value", cases[i].s);
		} else {
			is_int(kb_parse_duration(cases[i].s, &v), -1, "duration '%s' rejected", cases[i].s);
		}
	}
	is_int(kb_parse_duration_ms("250ms", &ms), 0, "250ms accepted with ms");
	is_int(ms, 250, "250ms value");
	is_int(kb_parse_duration_ms("1.5s", &ms), 0, "1.5s accepted with ms");
	is_int(ms, 1500, "1.5s value");
	is_int(kb_parse_duration_ms("2", &ms), 0, "bare number is seconds");
	is_int(ms, 2000, "2 -> 2000 ms");
}

static void
test_sizes_bools_ints(void)
{
	uint64_t b;
	int v;
	long long n;

	is_int(kb_parse_size("16M", &b), 0, "16M");
	is_int(b, 16 * 1024 * 1024, "16M value");
	is_int(kb_parse_size("64KiB", &b), 0, "64KiB");
	is_int(b, 65536, "64KiB value");
	is_int(kb_parse_size("1G", &b), 0, "1G");
	is_int(kb_parse_size("512", &b), 0, "512");
	is_int(b, 512, "512 value");
	is_int(kb_parse_size("12Q", &b), -1, "12Q rejected");
	is_int(kb_parse_size("99999999999999999999G", &b), -1, "overflow rejected");
	is_int(kb_parse_size("M", &b), -1, "no digits rejected");
	is_int(kb_parse_bool("Yes", &v), 0, "Yes");
	is_int(v, 1, "Yes is true");
	is_int(kb_parse_bool("off", &v), 0, "off");
	is_int(v, 0, "off is false");
	is_int(kb_parse_bool("maybe", &v), -1, "maybe rejected");
	is_int(kb_parse_int("42", 0, 100, &n), 0, "42 in range");
	is_int(kb_parse_int("101", 0, 100, &n), -1, "101 out of range");
	is_int(kb_parse_int("4x", 0, 100, &n), -1, "trailing junk rejected");
	is_int(kb_parse_int(" 4", 0, 100, &n), -1, "leading space rejected");
	is_int(kb_parse_int("-3", -5, 5, &n), 0, "negative in range");
}

static void
test_buf(void)
{
	struct kb_buf b;
	char *s;
	size_t len;
	int i, rc = 0;

	kb_buf_init(&b, 10);
	is_str(kb_buf_str(&b), "", "empty buffer reads as empty string");
	is_int(kb_buf_addstr(&b, "hello"), 0, "add within max");
	is_int(kb_buf_addstr(&b, "world!"), -1, "add past max refused");
	is_str(kb_buf_str(&b), "hello", "content unchanged after refused add");
	is_int(kb_buf_printf(&b, "%d", 12345), 0, "printf to exactly max");
	is_int(b.len, 10, "length 10");
	is_int(kb_buf_addc(&b, 'x'), -1, "one more byte refused");
	s = kb_buf_detach(&b, &len);
	is_str(s, "hello12345", "detached content");
	is_int(len, 10, "detached length");
	free(s);
	kb_buf_init(&b, 1 << 20);
	for (i = 0; i < 1000; i++)
		rc |= kb_buf_printf(&b, "%0300d", i);
	is_int(rc, 0, "long printf appends");
	is_int(b.len, 300000, "300000 bytes");
	kb_buf_free(&b);
}

static void
test_utf8(void)
{
	char *s;

	ok(kb_utf8_valid("h\xc3\xa9llo", 6), "valid 2-byte");
	ok(!kb_utf8_valid("\xc3", 1), "truncated sequence invalid");
	ok(!kb_utf8_valid("\xed\xa0\x80", 3), "surrogate invalid");
	ok(!kb_utf8_valid("\xc0\xaf", 2), "overlong invalid");
	s = kb_utf8_clean("a\xff"
			  "b\xc3\xa9\x01"
			  "c",
			  7);
	is_str(s,
	       "a\xef\xbf\xbd"
	       "b\xc3\xa9"
	       "c",
	       "invalid byte replaced, control dropped");
	free(s);
	s = kb_utf8_clean("x\0y", 3);
	is_str(s, "xy", "NUL dropped");
	free(s);
	s = kb_utf8_clean("\xf0\x9f\x98\x80 \xd7\xa9\xd7\x9c", 9);
	is_str(s, "\xf0\x9f\x98\x80 \xd7\xa9\xd7\x9c", "emoji and hebrew kept");
	free(s);
	s = kb_utf8_clean("\xc2\x85x", 3);
	is_str(s, "x", "C1 control dropped");
	free(s);
}

static void
test_misc(void)
{
	char t[] = "  \t padded \n";

	is_str(kb_trim(t), "padded", "trim");
	is_int(kb_strcasecmp("ETag", "etag"), 0, "case-insensitive compare");
	ok(kb_strcasecmp("a", "b") < 0, "ordering");
	is_str(kb_strerror(KB_E_TIMEOUT), "timeout", "error name");
	is_str(kb_strerror((enum kb_err)999), "unknown", "unknown error name");
	{
		int i, named = 1;

		for (i = 0; i < KB_E__COUNT; i++)
			if (strcmp(kb_strerror((enum kb_err)i), "unknown") == 0)
				named = 0;
		ok(named, "every result code has a name");
	}
}

int
main(void)
{
	test_durations();
	test_sizes_bools_ints();
	test_buf();
	test_utf8();
	test_misc();
	return done_testing();
}
