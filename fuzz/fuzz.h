/* fuzz.h: what the fuzz targets and the standalone driver share.
 *
 * Every target defines LLVMFuzzerTestOneInput. It links either with
 * libFuzzer (-fsanitize=fuzzer) or with driver.c, which replays files and
 * deterministic mutations of them (fuzz/README). */
#ifndef KB_FUZZ_H
#define KB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Once per process: quiet logs, libcurl and libxml2 set up (common.c). */
void fuzz_init(void);

/* A NUL-terminated copy of data (caller frees). */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* 1 when FUZZ_SKIP_OPEN_BUGS=1: the targets then let the known open
 * bugs of fuzz/crashes/open/ pass (narrowly, each one by its exact
 * symptom) so that a run can look for new ones. make check sets it for
 * the mutation runs; the open/ inputs run without it. */
int fuzz_skip_open_bugs(void);

/* Case-insensitive search for needle in the first n bytes of s. */
const char *fuzz_memcasestr(const char *s, size_t n, const char *needle);

/* A property the code under test must keep: print what broke and abort. */
#define FUZZ_ASSERT(cond, ...)                                             \
	do {                                                               \
		if (!(cond))                                               \
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)
void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), noreturn));

/* Walk an XML or HTML document with the host functions (walk.c). */
struct kabar_ctx;
struct kabar_doc;
void fuzz_walk_doc(struct kabar_ctx *ctx, struct kabar_doc *doc, int xml);

#endif
