/* util.h: logging, allocation that cannot fail, small parsers for config
 * values, and the result codes of the core. */
#ifndef KB_UTIL_H
#define KB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define KB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define KB_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Result codes of the core. kb_strerror names each one. */
enum kb_err {
	KB_OK = 0,
	KB_E_NOMEM,
	KB_E_USAGE,
	KB_E_CONFIG,
	KB_E_IO,
	KB_E_PLUGIN,
	KB_E_STORE,
	KB_E_DNS,
	KB_E_CONNECT,
	KB_E_TIMEOUT,
	KB_E_TLS,
	KB_E_HTTP,	/* an HTTP status >= 400 */
	KB_E_TOOBIG,	/* body over the size limit */
	KB_E_REDIRECTS, /* too many redirects, or a loop */
	KB_E_PROTOCOL,	/* scheme not allowed */
	KB_E_BLOCKED,	/* address not allowed (private) */
	KB_E_PARSE,	/* the plugin could not use the response */
	KB_E_CRASH,	/* the plugin crashed or hung (fork isolation) */
	KB_E_DEFERRED,	/* not fetched: the host asked us to wait (Retry-After) */
	KB_E_NETWORK,	/* other transfer error */
	KB_E_LOCKED,
	KB_E__COUNT
};

/* A short lower-case name of a result code ("timeout", "http-error"). */
const char *kb_strerror(enum kb_err e);

enum kb_level { KB_LOG_ERROR = 0, KB_LOG_WARN = 1, KB_LOG_INFO = 2, KB_LOG_DEBUG = 3 };

/* Messages at or below this level go to stderr. Default KB_LOG_WARN. */
extern int kb_verbosity;
void kb_log(int level, const char *fmt, ...) KB_PRINTF(2, 3);
void kb_vlog(int level, const char *fmt, va_list ap);

/* Allocation: abort with a message on out-of-memory. */
void *kb_malloc(size_t n);
void *kb_calloc(size_t n, size_t size);
void *kb_realloc(void *p, size_t n);
void *kb_reallocarray(void *p, size_t n, size_t size);
char *kb_strdup(const char *s); /* NULL in, NULL out */
char *kb_strndup(const char *s, size_t n);
char *kb_asprintf(const char *fmt, ...) KB_PRINTF(1, 2);

/* Value parsers for config keys. All return 0 on success, -1 on a bad
 * value (and leave *out alone). */
int kb_parse_bool(const char *s, int *out); /* yes/no true/false on/off 1/0 */
int kb_parse_int(const char *s, long long min, long long max, long long *out);
int kb_parse_duration(const char *s, int64_t *secs);  /* 90, 90s, 30m, 2h, 1d, 1w; 1h30m */
int kb_parse_duration_ms(const char *s, int64_t *ms); /* also 250ms, 1.5s */
int kb_parse_size(const char *s, uint64_t *bytes);    /* 512, 64k, 16M, 1G (powers of 1024), KiB/MiB too */

/* Wall clock in seconds / milliseconds; monotonic milliseconds. */
int64_t kb_now(void);
int64_t kb_now_ms(void);
int64_t kb_mono_ms(void);

/* ASCII helpers that ignore the locale. */
int kb_strcasecmp(const char *a, const char *b);
int kb_strncasecmp(const char *a, const char *b, size_t n);
char *kb_trim(char *s); /* in place, returns s moved past leading space */

/* Repair a UTF-8 string in place or into a new buffer: invalid sequences
 * become U+FFFD, NUL and C0 controls other than tab/newline are dropped.
 * Returns a new string the caller frees. */
char *kb_utf8_clean(const char *s, size_t len);
int kb_utf8_valid(const char *s, size_t len);

#endif
