/* common.c: set-up and helpers every fuzz target links. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "fuzz.h"
#include "util.h"

static int initialized;

static void
quiet_xml(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void
fuzz_init(void)
{
	if (initialized)
		return;
	initialized = 1;
	kb_verbosity = -1; /* the targets check results, not log lines */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet_xml);
}

int
fuzz_skip_open_bugs(void)
{
	static int skip = -1;

	if (skip < 0) {
		const char *e = getenv("FUZZ_SKIP_OPEN_BUGS");

		skip = e != NULL && strcmp(e, "1") == 0;
	}
	return skip;
}

char *
fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = kb_malloc(size + 1);

	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

const char *
fuzz_memcasestr(const char *s, size_t n, const char *needle)
{
	size_t i, m = strlen(needle);

	if (m == 0 || n < m)
		return NULL;
	for (i = 0; i + m <= n; i++)
		if (kb_strncasecmp(s + i, needle, m) == 0)
			return s + i;
	return NULL;
}

void
fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: property failed: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}
