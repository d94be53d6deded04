/*
** A growable byte buffer with a sticky error.
**
** Once an allocation fails, b->err is set and every later append is a no-op,
** so a long sequence of appends needs one check at the end. The buffer always
** keeps a NUL after the last byte (when b->p is not NULL), so b->p can be used
** as a C string when no NUL was appended in the middle.
*/
#ifndef WARTA_BUF_H
#define WARTA_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct warta_buf warta_buf;
struct warta_buf {
  char *p;    /* bytes; owned by the buffer; NULL until the first append */
  size_t n;   /* bytes used */
  size_t cap; /* bytes allocated */
  int err;    /* WARTA_NOMEM once an allocation failed, else 0 */
};

#define WARTA_BUF_INIT                                                                             \
  { 0, 0, 0, 0 }

/* Ensure room for n more bytes (+ NUL). Returns 0 or WARTA_NOMEM (sticky). */
int warta_buf_reserve(warta_buf *b, size_t n);
/* Append n bytes. A no-op once b->err is set. */
void warta_buf_append(warta_buf *b, const void *data, size_t n);
void warta_buf_puts(warta_buf *b, const char *s);
void warta_buf_putc(warta_buf *b, char c);
/* printf-style append. */
void warta_buf_printf(warta_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void warta_buf_vprintf(warta_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Append s as the inside of a JSON string (no quotes): see
** warta_escape_json(); bytes that are not UTF-8 become U+FFFD. */
void warta_buf_json_str(warta_buf *b, const char *s, size_t n);
/* Append s as a JSON value: a quoted, escaped string, or null for NULL. */
void warta_buf_json_value(warta_buf *b, const char *s);
/* Forget the contents but keep the memory. Clears the error. */
void warta_buf_reset(warta_buf *b);
/* Free the memory; the buffer may be reused afterwards. NULL-safe. */
void warta_buf_free(warta_buf *b);
/* Hand the bytes to the caller (free() them); the buffer is left empty.
** Returns NULL when the buffer is empty or in error. */
char *warta_buf_take(warta_buf *b);

/* A new string formatted like printf (free() it); NULL when out of memory. */
char *warta_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
