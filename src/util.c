/* util.c: logging, allocation, value parsers, clocks, UTF-8 repair. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

int kb_verbosity = KB_LOG_WARN;

static const char *const err_names[KB_E__COUNT] = {
	[KB_OK] = "ok",
	[KB_E_NOMEM] = "out-of-memory",
	[KB_E_USAGE] = "usage",
	[KB_E_CONFIG] = "config",
	[KB_E_IO] = "io",
	[KB_E_PLUGIN] = "plugin",
	[KB_E_STORE] = "store",
	[KB_E_DNS] = "dns",
	[KB_E_CONNECT] = "connect",
	[KB_E_TIMEOUT] = "timeout",
	[KB_E_TLS] = "tls",
	[KB_E_HTTP] = "http-error",
	[KB_E_TOOBIG] = "too-big",
	[KB_E_REDIRECTS] = "redirects",
	[KB_E_PROTOCOL] = "protocol",
	[KB_E_BLOCKED] = "blocked-address",
	[KB_E_PARSE] = "parse",
	[KB_E_CRASH] = "plugin-crash",
	[KB_E_DEFERRED] = "deferred",
	[KB_E_NETWORK] = "network",
	[KB_E_LOCKED] = "locked",
};

const char *
kb_strerror(enum kb_err e)
{
	if ((int)e < 0 || e >= KB_E__COUNT || !err_names[e])
		return "unknown";
	return err_names[e];
}

void
kb_vlog(int level, const char *fmt, va_list ap)
{
	static const char *const prefix[] = { "error", "warning", "info", "debug" };

	if (level > kb_verbosity)
		return;
	if (level < 0)
		level = 0;
	if (level > 3)
		level = 3;
	fprintf(stderr, "kabar: %s: ", prefix[level]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
kb_log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kb_vlog(level, fmt, ap);
	va_end(ap);
}

static void
oom(size_t n)
{
	fprintf(stderr, "kabar: error: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
kb_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *
kb_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *
kb_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

void *
kb_reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	return kb_realloc(p, n * size);
}

char *
kb_strdup(const char *s)
{
	if (!s)
		return NULL;
	return kb_strndup(s, strlen(s));
}

char *
kb_strndup(const char *s, size_t n)
{
	char *p;
	const char *nul;

	if (!s)
		return NULL;
	nul = memchr(s, '\0', n);
	if (nul)
		n = (size_t)(nul - s);
	p = kb_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
kb_asprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return kb_strdup("");
	p = kb_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int
kb_strncasecmp(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ca = (unsigned char)a[i], cb = (unsigned char)b[i];

		if (ca >= 'A' && ca <= 'Z')
			ca = (unsigned char)(ca - 'A' + 'a');
		if (cb >= 'A' && cb <= 'Z')
			cb = (unsigned char)(cb - 'A' + 'a');
		if (ca != cb)
			return ca < cb ? -1 : 1;
		if (ca == '\0')
			return 0;
	}
	return 0;
}

int
kb_strcasecmp(const char *a, const char *b)
{
	return kb_strncasecmp(a, b, SIZE_MAX);
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *
kb_trim(char *s)
{
	size_t n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

int
kb_parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < KB_ARRAY_LEN(yes); i++) {
		if (kb_strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (kb_strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int
kb_parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (!s || !*s || is_space(*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s)
		return -1;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Parse "<number><unit>" runs: 1h30m, 90s, 250ms, 1.5s. Fractions only
 * with a single term. Result in milliseconds. */
static int
parse_duration_ms(const char *s, int allow_ms, int64_t *out)
{
	int64_t total = 0;
	int terms = 0;

	if (!s || !*s)
		return -1;
	while (*s) {
		uint64_t whole = 0, frac = 0, fracdiv = 1;
		int64_t unit;
		int digits = 0;

		while (*s >= '0' && *s <= '9') {
			if (whole > (uint64_t)INT64_MAX / 10)
				return -1;
			whole = whole * 10 + (uint64_t)(*s - '0');
			s++;
			digits++;
		}
		if (*s == '.') {
			s++;
			while (*s >= '0' && *s <= '9') {
				if (fracdiv < 1000000) {
					frac = frac * 10 + (uint64_t)(*s - '0');
					fracdiv *= 10;
				}
				s++;
				digits++;
			}
		}
		if (digits == 0)
			return -1;
		if (s[0] == 'm' && s[1] == 's') {
			if (!allow_ms)
				return -1;
			unit = 1;
			s += 2;
		} else if (*s == 's') {
			unit = 1000;
			s++;
		} else if (*s == 'm') {
			unit = 60 * 1000;
			s++;
		} else if (*s == 'h') {
			unit = 3600 * 1000;
			s++;
		} else if (*s == 'd') {
			unit = 86400 * 1000;
			s++;
		} else if (*s == 'w') {
			unit = 7 * 86400 * 1000LL;
			s++;
		} else if (*s == '\0' && terms == 0) {
			unit = 1000; /* a bare number is seconds */
		} else {
			return -1;
		}
		if (whole > (uint64_t)(INT64_MAX / unit) / 4)
			return -1;
		total += (int64_t)whole * unit + (int64_t)(frac * (uint64_t)unit / fracdiv);
		if (total > INT64_MAX / 4)
			return -1;
		terms++;
		if (fracdiv > 1 && (terms > 1 || *s))
			return -1;
	}
	*out = total;
	return 0;
}

int
kb_parse_duration(const char *s, int64_t *secs)
{
	int64_t ms;

	if (parse_duration_ms(s, 0, &ms) != 0 || ms % 1000 != 0)
		return -1;
	*secs = ms / 1000;
	return 0;
}

int
kb_parse_duration_ms(const char *s, int64_t *ms)
{
	return parse_duration_ms(s, 1, ms);
}

int
kb_parse_size(const char *s, uint64_t *bytes)
{
	uint64_t v = 0, mult = 1;
	int digits = 0;

	if (!s)
		return -1;
	while (*s >= '0' && *s <= '9') {
		if (v > UINT64_MAX / 10 - 9)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
		s++;
		digits++;
	}
	if (!digits)
		return -1;
	switch (*s) {
	case '\0':
		break;
	case 'k':
	case 'K':
		mult = 1024;
		break;
	case 'm':
	case 'M':
		mult = 1024 * 1024;
		break;
	case 'g':
	case 'G':
		mult = 1024ULL * 1024 * 1024;
		break;
	default:
		return -1;
	}
	if (*s) {
		s++;
		if ((s[0] == 'i' || s[0] == 'I') && (s[1] == 'B' || s[1] == 'b'))
			s += 2;
		else if (s[0] == 'B' || s[0] == 'b')
			s++;
		if (*s)
			return -1;
	}
	if (v > UINT64_MAX / mult)
		return -1;
	*bytes = v * mult;
	return 0;
}

int64_t
kb_now(void)
{
	return (int64_t)time(NULL);
}

int64_t
kb_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
kb_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	/* Noncharacters U+FFFE/U+FFFF are not valid in XML either. */
	if ((cp & 0xfffe) == 0xfffe)
		return 0;
	return len;
}

int
kb_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq(p + i, len - i);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

char *
kb_utf8_clean(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;
	size_t i = 0, n;

	if (!s)
		return NULL;
	/* Worst case: every byte becomes U+FFFD (3 bytes). */
	if (len > (SIZE_MAX - 1) / 3)
		len = (SIZE_MAX - 1) / 3;
	out = kb_malloc(len * 3 + 1);
	o = out;
	while (i < len) {
		size_t run = i;

		/* Printable ASCII, the common case, is copied in runs. */
		while (run < len && p[run] >= 0x20 && p[run] < 0x7f)
			run++;
		if (run > i) {
			memcpy(o, p + i, run - i);
			o += run - i;
			i = run;
			continue;
		}
		if (p[i] == 0) {
			i++;
			continue;
		}
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') {
			i++;
			continue;
		}
		if (p[i] == 0x7f) {
			i++;
			continue;
		}
		n = utf8_seq(p + i, len - i);
		if (n == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		/* C1 controls U+0080..U+009F. */
		if (n == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0) {
			i += 2;
			continue;
		}
		memcpy(o, p + i, n);
		o += n;
		i += n;
	}
	*o = '\0';
	return kb_realloc(out, (size_t)(o - out) + 1);
}
