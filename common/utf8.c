#include "utf8.h"

#include "buf.h"

size_t warta_utf8_decode(const char *str, size_t n, unsigned *cp) {
  const unsigned char *s = (const unsigned char *)str;
  size_t len;
  unsigned c, v, min;
  if (n == 0) return 0;
  c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf)
    len = 2, v = c & 0x1f, min = 0x80;
  else if (c >= 0xe0 && c <= 0xef)
    len = 3, v = c & 0x0f, min = 0x800;
  else if (c >= 0xf0 && c <= 0xf4)
    len = 4, v = c & 0x07, min = 0x10000;
  else
    return 0;
  if (n < len) return 0;
  for (size_t k = 1; k < len; k++) {
    if ((s[k] & 0xc0) != 0x80) return 0;
    v = (v << 6) | (s[k] & 0x3f);
  }
  if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return 0;
  *cp = v;
  return len;
}

size_t warta_utf8_invalid(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned cp;
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    size_t len = warta_utf8_decode(s + i, n - i, &cp);
    if (len == 0) return i;
    i += len;
  }
  return n;
}

size_t warta_utf8_cut(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t m = n;
  /* step back over continuation bytes to the lead byte of the last char */
  while (m > 0 && (s[m - 1] & 0xc0) == 0x80)
    m--;
  if (m == 0) return 0;
  unsigned c = s[m - 1];
  size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
  return (n - (m - 1) >= len) ? n : m - 1;
}

void warta_utf8_linecol(const char *s, size_t off, long *line, long *col) {
  long l = 1;
  size_t bol = 0;
  for (size_t i = 0; i < off; i++) {
    if (s[i] == '\n') l++, bol = i + 1;
  }
  *line = l;
  *col = (long)(off - bol) + 1;
}

void warta_utf8_repair(warta_buf *b, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t ok = warta_utf8_invalid(s + i, n - i);
    warta_buf_append(b, s + i, ok);
    i += ok;
    if (i < n) {
      warta_buf_puts(b, "\xef\xbf\xbd"); /* U+FFFD for the bad byte */
      i++;
    }
  }
}
