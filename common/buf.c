#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "rc.h"

int warta_buf_reserve(warta_buf *b, size_t n) {
  if (b->err) return b->err;
  if (b->n + n + 1 <= b->cap) return WARTA_OK;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->n + n + 1) {
    if (cap > ((size_t)-1) / 2) {
      b->err = WARTA_NOMEM;
      return b->err;
    }
    cap *= 2;
  }
  char *p = realloc(b->p, cap);
  if (!p) {
    b->err = WARTA_NOMEM;
    return b->err;
  }
  b->p = p;
  b->cap = cap;
  return WARTA_OK;
}

void warta_buf_append(warta_buf *b, const void *data, size_t n) {
  if (warta_buf_reserve(b, n)) return;
  if (n) memcpy(b->p + b->n, data, n);
  b->n += n;
  b->p[b->n] = 0;
}

void warta_buf_puts(warta_buf *b, const char *s) { warta_buf_append(b, s, strlen(s)); }

void warta_buf_putc(warta_buf *b, char c) { warta_buf_append(b, &c, 1); }

void warta_buf_vprintf(warta_buf *b, const char *fmt, va_list ap) {
  va_list again;
  char small[256];
  va_copy(again, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  if (n >= 0 && (size_t)n < sizeof small) {
    warta_buf_append(b, small, (size_t)n);
  } else if (n >= 0 && warta_buf_reserve(b, (size_t)n) == 0) {
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, again);
    b->n += (size_t)n;
  }
  va_end(again);
}

void warta_buf_printf(warta_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  warta_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void warta_buf_json_str(warta_buf *b, const char *s, size_t n) { warta_escape_json(b, s, n); }

void warta_buf_json_value(warta_buf *b, const char *s) {
  if (!s) {
    warta_buf_puts(b, "null");
    return;
  }
  warta_buf_putc(b, '"');
  warta_buf_json_str(b, s, strlen(s));
  warta_buf_putc(b, '"');
}

char *warta_strdupf(const char *fmt, ...) {
  warta_buf b = WARTA_BUF_INIT;
  va_list ap;
  char small[512];
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  if ((size_t)n < sizeof small) return strdup(small);
  if (warta_buf_reserve(&b, (size_t)n)) return NULL;
  va_start(ap, fmt);
  vsnprintf(b.p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b.n = (size_t)n;
  return warta_buf_take(&b);
}

void warta_buf_reset(warta_buf *b) {
  b->n = 0;
  b->err = 0;
  if (b->p) b->p[0] = 0;
}

void warta_buf_free(warta_buf *b) {
  if (!b) return;
  free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
  b->err = 0;
}

char *warta_buf_take(warta_buf *b) {
  char *p = b->err ? NULL : b->p;
  if (b->err) free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
  b->err = 0;
  return p;
}
