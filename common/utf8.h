/*
** UTF-8 helpers that need no ICU: validation with a position for error
** messages, and a safe cut that never splits a character.
*/
#ifndef WARTA_UTF8_H
#define WARTA_UTF8_H

#include <stddef.h>

/* Returns the byte offset of the first invalid UTF-8 sequence in s[0..n),
** or n when all of it is valid. Overlong forms, surrogates and code points
** above U+10FFFF are invalid. */
size_t warta_utf8_invalid(const char *s, size_t n);

/* Returns the largest m <= n such that s[0..m) does not end inside a
** multi-byte character (s is assumed valid UTF-8). */
size_t warta_utf8_cut(const char *s, size_t n);

struct warta_buf;
/* Append s[0..n) to b with each byte of an invalid sequence replaced by
** U+FFFD, so that the result is valid UTF-8. */
void warta_utf8_repair(struct warta_buf *b, const char *s, size_t n);
/* The length (1-4) of the valid UTF-8 character at s[0..n) and its code
** point in *cp; 0 when s starts with an invalid or incomplete sequence (or
** n is 0). The same rules as warta_utf8_invalid(). */
size_t warta_utf8_decode(const char *s, size_t n, unsigned *cp);

/* Line (1-based) and column (1-based, in bytes) of byte offset off in s. */
void warta_utf8_linecol(const char *s, size_t off, long *line, long *col);

#endif
