/* plugins/common.h: the helpers the bundled plugins share.
 *
 * Header only, by design: each plugin is a shared object of its own that
 * links nothing of kabar but the ABI in <kabar/plugin.h>, and is built from
 * its one .c file (fuzz/build-libfuzzer.sh compiles plugins/rss/rss.c
 * alone into rss.so). So each plugin includes this file and gets its own
 * private copy. Everything here is static inline: a plugin that does not
 * use a helper gets neither a warning nor code for it.
 *
 * The character classes and string predicates keep the short names the
 * plugins have always used (streq, ieq, empty...); everything else (the
 * arena, numbers, warnings, requests and items) is prefixed kp_.
 */
#ifndef KABAR_PLUGINS_COMMON_H
#define KABAR_PLUGINS_COMMON_H

#include <kabar/plugin.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Data warnings logged one by one per callback; the rest are counted
 * (the plugin logs how many were not shown at its end). */
#define KP_MAX_WARNINGS 10

/* --- character classes (ASCII, whatever the locale) --- */

static inline int
lc(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static inline int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* --- string predicates --- */

/* Equal strings; two NULLs are equal, NULL and a string are not. */
static inline int
streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Equal without ASCII case; NULLs as in streq. */
static inline int
ieq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	while (*a != '\0' && lc((unsigned char)*a) == lc((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

/* Does s start with prefix, without ASCII case? 0 for a NULL s. */
static inline int
iprefix(const char *s, const char *prefix)
{
	if (s == NULL)
		return 0;
	while (*prefix != '\0') {
		if (lc((unsigned char)*s) != lc((unsigned char)*prefix))
			return 0;
		s++;
		prefix++;
	}
	return 1;
}

/* Case-insensitive search for an ASCII needle in the first n bytes. */
static inline int
icontains(const char *s, size_t n, const char *needle)
{
	size_t nl = strlen(needle), i, j;

	if (s == NULL || nl == 0 || nl > n)
		return 0;
	for (i = 0; i + nl <= n; i++) {
		for (j = 0; j < nl; j++)
			if (lc((unsigned char)s[i + j]) != lc((unsigned char)needle[j]))
				break;
		if (j == nl)
			return 1;
	}
	return 0;
}

/* NULL, "" or white space only. */
static inline int
empty(const char *s)
{
	if (s == NULL)
		return 1;
	while (is_space((unsigned char)*s))
		s++;
	return *s == '\0';
}

/* An http: or https: URL (scheme without case). */
static inline int
is_http_url(const char *s)
{
	return iprefix(s, "http://") || iprefix(s, "https://");
}

/* s without the white space around it: its first byte, and its length in
 * *len (0 for a blank s; s is not NULL). Points into s. */
static inline const char *
kp_trim(const char *s, size_t *len)
{
	size_t n;

	while (is_space((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	*len = n;
	return s;
}

/* The index of the first byte of a body after a UTF-8 BOM and white
 * space; len when there is none. */
static inline size_t
kp_body_start(const char *b, size_t len)
{
	size_t i = 0;

	if (b == NULL)
		return len;
	if (len >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && is_space((unsigned char)b[i]))
		i++;
	return i;
}

/* --- numbers --- */

/* s as a decimal long, white space around it allowed: 0 and *out set,
 * or -1 (NULL, blank, not a number, out of the range of long). */
static inline int
kp_read_long(const char *s, long *out)
{
	char *end;
	long v;

	if (empty(s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno != 0)
		return -1;
	while (is_space((unsigned char)*end))
		end++;
	if (*end != '\0')
		return -1;
	*out = v;
	return 0;
}

/* As kp_read_long, and from lo to hi. */
static inline int
kp_parse_long(const char *s, long lo, long hi, long *out)
{
	long v;

	if (kp_read_long(s, &v) != 0 || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* --- memory owned by one callback --- */

/* What a plugin allocates during one callback: every pointer kept here is
 * freed by kp_release (back to a mark taken from n, e.g. after each item)
 * or kp_arena_free (at the end). Zeroed is empty. nomem is set by the
 * first allocation that fails and stays set. */
struct kp_arena {
	void **ptrs;
	size_t n, cap;
	int nomem;
};

/* Take ownership of ptr; ptr, or NULL (with nomem set, ptr freed) when ptr
 * is NULL or cannot be kept. */
static inline void *
kp_keep(struct kp_arena *a, void *ptr)
{
	if (ptr == NULL) {
		a->nomem = 1;
		return NULL;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 32;
		void **m;

		if (cap > SIZE_MAX / sizeof(*m))
			goto fail;
		m = realloc(a->ptrs, cap * sizeof(*m));
		if (m == NULL)
			goto fail;
		a->ptrs = m;
		a->cap = cap;
	}
	a->ptrs[a->n++] = ptr;
	return ptr;
fail:
	free(ptr);
	a->nomem = 1;
	return NULL;
}

/* Free what was kept after mark (a value of a->n). */
static inline void
kp_release(struct kp_arena *a, size_t mark)
{
	while (a->n > mark)
		free(a->ptrs[--a->n]);
}

/* Free everything; the arena is empty again (nomem stays). */
static inline void
kp_arena_free(struct kp_arena *a)
{
	kp_release(a, 0);
	free(a->ptrs);
	a->ptrs = NULL;
	a->cap = 0;
}

/* A copy of n bytes of s, NUL-terminated, owned by a; NULL when out of
 * memory. */
static inline char *
kp_dupn(struct kp_arena *a, const char *s, size_t n)
{
	char *d;

	if (n == SIZE_MAX)
		return NULL;
	d = kp_keep(a, malloc(n + 1));
	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* A string formatted like printf, owned by a; NULL when out of memory. */
static inline char *kp_fmt(struct kp_arena *a, const char *f, ...) KABAR_PRINTF(2, 3);

static inline char *
kp_fmt(struct kp_arena *a, const char *f, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, f);
	n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	if (n < 0) {
		a->nomem = 1;
		return NULL;
	}
	s = kp_keep(a, malloc((size_t)n + 1));
	if (s == NULL)
		return NULL;
	va_start(ap, f);
	vsnprintf(s, (size_t)n + 1, f, ap);
	va_end(ap);
	return s;
}

/* s with surrounding white space removed and inner runs of it made one
 * space (titles, names): s itself when nothing changes, else a copy owned
 * by a. NULL for NULL; "" for white space alone. */
static inline const char *
kp_oneline(struct kp_arena *a, const char *s)
{
	const char *q;
	char *d, *o;
	int change = 0, sp = 0;

	if (s == NULL)
		return NULL;
	if (is_space((unsigned char)*s))
		change = 1;
	for (q = s; *q != '\0'; q++) {
		if (is_space((unsigned char)*q)) {
			if (sp || *q != ' ' || q[1] == '\0')
				change = 1;
			sp = 1;
		} else {
			sp = 0;
		}
	}
	if (!change)
		return s;
	d = kp_dupn(a, s, strlen(s));
	if (d == NULL)
		return NULL;
	o = d;
	sp = 0;
	for (q = s; *q != '\0'; q++) {
		if (is_space((unsigned char)*q)) {
			sp = 1;
			continue;
		}
		if (sp && o != d)
			*o++ = ' ';
		sp = 0;
		*o++ = *q;
	}
	*o = '\0';
	return d;
}

/* --- host output --- */

/* A warning about the source's data through host->log, cut to size - 1
 * bytes (at most 1023); after KP_MAX_WARNINGS in a callback (*count)
 * only counted. */
static inline void kp_warn(const struct kabar_host *h, struct kabar_ctx *ctx, long *count, size_t size, const char *fmt,
			   ...) KABAR_PRINTF(5, 6);

static inline void
kp_warn(const struct kabar_host *h, struct kabar_ctx *ctx, long *count, size_t size, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if ((*count)++ >= KP_MAX_WARNINGS)
		return;
	if (size > sizeof(msg))
		size = sizeof(msg);
	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
	h->log(ctx, KABAR_LOG_WARNING, "%s", msg);
}

/* Pointers to the n authors in list, for struct kabar_item or
 * kabar_feed: ptrs (n entries) filled, NULL when n is 0. */
static inline const struct kabar_author *const *
kp_author_ptrs(const struct kabar_author **ptrs, const struct kabar_author *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ptrs[i] = &list[i];
	return n > 0 ? ptrs : NULL;
}

/* Hand an item to the host: partial (the core completes it from its page)
 * or finished. 0, or -1 when the host refused it (logged by the host). */
static inline int
kp_emit(const struct kabar_host *h, struct kabar_ctx *ctx, const struct kabar_item *it, int partial)
{
	return (partial ? h->emit_partial(ctx, it) : h->emit(ctx, it)) != 0 ? -1 : 0;
}

/* Add s to a list of n strings with room for max (categories, keywords)
 * unless it is blank or already there. 1 added, 0 not (blank or a
 * repeat), -1 the list is full. The list keeps the pointer. */
static inline int
kp_add_unique(const char **list, size_t *n, size_t max, const char *s)
{
	size_t i;

	if (empty(s))
		return 0;
	for (i = 0; i < *n; i++)
		if (strcmp(list[i], s) == 0)
			return 0;
	if (*n >= max)
		return -1;
	list[(*n)++] = s;
	return 1;
}

/* Ask the host for url (host->follow) with a tag, n_meta key/value pairs
 * in meta (NULL when none) and KABAR_FOLLOW_* flags. 0, or -1 when
 * refused. */
static inline int
kp_follow(const struct kabar_host *h, struct kabar_ctx *ctx, const char *url, const char *tag, const char *const *meta,
	  size_t n_meta, unsigned flags)
{
	struct kabar_request rq;

	memset(&rq, 0, sizeof(rq));
	rq.struct_size = sizeof(rq);
	rq.url = url;
	rq.tag = tag;
	rq.meta = meta;
	rq.n_meta = n_meta;
	rq.flags = flags;
	return h->follow(ctx, &rq) != 0 ? -1 : 0;
}

#endif /* KABAR_PLUGINS_COMMON_H */
