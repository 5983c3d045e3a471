/* fuzz-config.c: the INI config parser (kb_config_load_string) on
 * arbitrary text; everything it returns is freed. */
#include <stdlib.h>

#include "../src/config.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kb_config *cfg = NULL;
	struct kb_diag diag = { NULL, 0 };
	char *text;
	int rc;
	size_t i;

	fuzz_init();
	text = fuzz_strndup(data, size);
	rc = kb_config_load_string(text, size, "/fuzz/kabar.conf", &cfg, &diag);
	FUZZ_ASSERT((rc == 0) == (cfg != NULL), "rc %d, cfg %p", rc, (void *)cfg);
	FUZZ_ASSERT(rc == 0 || diag.n > 0, "failed without a message");
	for (i = 0; i < diag.n; i++)
		FUZZ_ASSERT(diag.msgs[i] != NULL, "message %zu is NULL", i);
	if (cfg) {
		for (i = 0; i < cfg->n_sources; i++)
			(void)kb_source_get(&cfg->sources[i], "url");
		kb_config_free(cfg);
	}
	kb_diag_free(&diag);
	free(text);
	return 0;
}
