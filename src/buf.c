/* buf.c: growing byte buffers with a maximum size. */

#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

void
kb_buf_init(struct kb_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

static int
buf_reserve(struct kb_buf *b, size_t extra)
{
	size_t need, cap;

	if (extra > b->max || b->len > b->max - extra)
		return -1;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	b->data = kb_realloc(b->data, cap);
	b->cap = cap;
	return 0;
}

int
kb_buf_add(struct kb_buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
kb_buf_addstr(struct kb_buf *b, const char *s)
{
	return kb_buf_add(b, s, strlen(s));
}

int
kb_buf_addc(struct kb_buf *b, char c)
{
	return kb_buf_add(b, &c, 1);
}

int
kb_buf_printf(struct kb_buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return kb_buf_add(b, small, (size_t)n);
	if (buf_reserve(b, (size_t)n) != 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void
kb_buf_reset(struct kb_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *
kb_buf_detach(struct kb_buf *b, size_t *len)
{
	char *p = b->data;

	if (len)
		*len = b->len;
	if (!p)
		p = kb_strdup("");
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

void
kb_buf_free(struct kb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

const char *
kb_buf_str(const struct kb_buf *b)
{
	return b->data ? b->data : "";
}

char *
kb_read_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct kb_buf b;
	char chunk[65536];
	size_t n;
	int bad = 0;

	*len = 0;
	if (!f)
		return NULL;
	kb_buf_init(&b, max);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (kb_buf_add(&b, chunk, n) != 0) {
			bad = EFBIG;
			break;
		}
	}
	if (!bad && ferror(f))
		bad = EIO;
	fclose(f);
	if (bad) {
		kb_buf_free(&b);
		errno = bad;
		return NULL;
	}
	if (!b.data)
		return kb_strdup("");
	return kb_buf_detach(&b, len);
}
