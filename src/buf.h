/* buf.h: a growing byte buffer with a maximum size (curl's dynbuf idea).
 * The content is always NUL-terminated. */
#ifndef KB_BUF_H
#define KB_BUF_H

#include <stddef.h>
#include "util.h"

struct kb_buf {
	char *data; /* NULL until the first add */
	size_t len;
	size_t cap;
	size_t max; /* adds that would pass it fail */
};

void kb_buf_init(struct kb_buf *b, size_t max);
/* 0, or -1 when the buffer would grow past max (nothing is added). */
int kb_buf_add(struct kb_buf *b, const void *p, size_t n);
int kb_buf_addstr(struct kb_buf *b, const char *s);
int kb_buf_addc(struct kb_buf *b, char c);
int kb_buf_printf(struct kb_buf *b, const char *fmt, ...) KB_PRINTF(2, 3);
void kb_buf_reset(struct kb_buf *b); /* length 0, memory kept */
/* Hand the content to the caller (who frees it); the buffer is empty after. */
char *kb_buf_detach(struct kb_buf *b, size_t *len);
void kb_buf_free(struct kb_buf *b);
/* "" when empty, never NULL. */
const char *kb_buf_str(const struct kb_buf *b);

/* Read a whole file of at most max bytes. New buffer (NUL-terminated),
 * *len set; NULL with errno set (EFBIG when larger than max, EIO on a
 * read error). */
char *kb_read_file(const char *path, size_t max, size_t *len);

#endif
