/* fuzz-url.c: URL resolution and identity. The input is "BASE\nREF" (or
 * just REF, resolved without a base). Identity must be idempotent: the
 * identity of an identity is itself. */
#include <stdlib.h>
#include <string.h>

#include "../src/url.h"
#include "fuzz.h"

static void
check_identity(const char *url)
{
	char *id, *id2, *host;

	if (!url)
		return;
	host = kb_url_host(url);
	free(host);
	free(kb_url_scheme(url));
	id = kb_url_identity(url);
	if (!id)
		return;
	id2 = kb_url_identity(id);
	FUZZ_ASSERT(id2 != NULL, "identity of '%s' is '%s', which has no identity", url, id);
	FUZZ_ASSERT(strcmp(id, id2) == 0, "identity of '%s' is '%s', whose identity is '%s'", url, id, id2);
	free(id2);
	free(id);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *nl, *base = NULL, *ref, *res;

	fuzz_init();
	s = fuzz_strndup(data, size);
	nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		base = s;
		ref = nl + 1;
	} else {
		ref = s;
	}
	res = kb_url_resolve(base, ref);
	check_identity(res);
	free(res);
	res = kb_url_resolve(NULL, ref);
	check_identity(res);
	free(res);
	check_identity(ref);
	check_identity(base);
	free(s);
	return 0;
}
