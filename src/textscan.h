/* textscan.h: the bytes of UTF-8 news text as the MSME analysis modules
 * (classify.c, region.c, event.c) read them. A word is a run of ASCII
 * letters and digits; every other byte, UTF-8 sequences included, is a
 * boundary. Case is ASCII case: folding leaves every other byte alone.
 * The classes take a byte value (an unsigned char).
 *
 * Header-only (static inline): each of the three modules is also built
 * alone (its test, its fuzz target) and all three together (the kabar
 * program, the evaluation), so an object file of its own would be
 * linked twice. */
#ifndef KB_TEXTSCAN_H
#define KB_TEXTSCAN_H

#include <stddef.h>

/* 'A'..'Z' */
static inline int
kb_ascii_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

/* 'a'..'z' */
static inline int
kb_ascii_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline int
kb_ascii_alpha(int c)
{
	return kb_ascii_upper(c) || kb_ascii_lower(c);
}

/* '0'..'9' */
static inline int
kb_ascii_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* A letter or a digit: part of a word. */
static inline int
kb_ascii_alnum(int c)
{
	return kb_ascii_alpha(c) || kb_ascii_digit(c);
}

/* c with 'A'..'Z' folded to 'a'..'z'; any other byte unchanged. */
static inline char
kb_ascii_tolower(char c)
{
	return kb_ascii_upper((unsigned char)c) ? (char)(c - 'A' + 'a') : c;
}

/* Copy the n bytes of s to out (which holds n + 1), ASCII capitals in
 * lower case, and end it with a NUL. out may be s (in place). */
static inline void
kb_ascii_lower_copy(char *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = kb_ascii_tolower(s[i]);
	out[n] = '\0';
}

#endif
