/*
** The terminal escaper (common/escape.c) on any bytes: the result is one
** line of valid UTF-8 with no control character, it is a fixed point (there
** is nothing left in it to escape), and with WARTA_ESC_BACKSLASH reading its
** escapes back gives exactly the input.
*/
#include <string.h>

#include "common/escape.h"
#include "common/utf8.h"
#include "fuzz.h"

static int hex_value(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The number that the d lowercase hex digits at s[0..n) spell. */
static long hex_at(const char *s, size_t n, int d) {
  long v = 0;
  FUZZ_CHECK(n >= (size_t)d);
  for (int i = 0; i < d; i++) {
    int h = hex_value(s[i]);
    FUZZ_CHECK(h >= 0);
    v = v * 16 + h;
  }
  return v;
}

/* Append code point cp to b in UTF-8. */
static void put_utf8(warta_buf *b, unsigned long cp) {
  char u[4];
  size_t n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  FUZZ_CHECK(cp >= 0x80 && cp <= 0x10ffff);
  u[0] = (char)(n == 2 ? 0xc0 | (cp >> 6) : n == 3 ? 0xe0 | (cp >> 12) : 0xf0 | (cp >> 18));
  for (size_t i = 1; i < n; i++)
    u[i] = (char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3f));
  warta_buf_append(b, u, n);
}

/* Read the escapes of s[0..n) back into b: \\ \n \r \t \xHH \uHHHH
** \UHHHHHHHH; any other backslash is a failure. */
static void unescape(warta_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '\\') {
      warta_buf_putc(b, s[i]);
      continue;
    }
    FUZZ_CHECK(i + 1 < n);
    switch (s[++i]) {
    case '\\': warta_buf_putc(b, '\\'); break;
    case 'n': warta_buf_putc(b, '\n'); break;
    case 'r': warta_buf_putc(b, '\r'); break;
    case 't': warta_buf_putc(b, '\t'); break;
    case 'x':
      warta_buf_putc(b, (char)hex_at(s + i + 1, n - i - 1, 2));
      i += 2;
      break;
    case 'u':
      put_utf8(b, (unsigned long)hex_at(s + i + 1, n - i - 1, 4));
      i += 4;
      break;
    case 'U':
      put_utf8(b, (unsigned long)hex_at(s + i + 1, n - i - 1, 8));
      i += 8;
      break;
    default: FUZZ_CHECK(0);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  warta_buf plain = WARTA_BUF_INIT, again = WARTA_BUF_INIT;
  warta_buf exact = WARTA_BUF_INIT, back = WARTA_BUF_INIT;
  warta_escape(&plain, s, size, 0);
  warta_escape(&exact, s, size, WARTA_ESC_BACKSLASH);
  FUZZ_CHECK(!plain.err && !exact.err);
  FUZZ_CHECK(warta_utf8_invalid(plain.p ? plain.p : "", plain.n) == plain.n);
  for (size_t i = 0; i < plain.n; i++)
    FUZZ_CHECK((unsigned char)plain.p[i] >= 0x20 && plain.p[i] != 0x7f);
  warta_escape(&again, plain.p ? plain.p : "", plain.n, 0);
  FUZZ_CHECK(again.n == plain.n && (plain.n == 0 || memcmp(again.p, plain.p, plain.n) == 0));
  unescape(&back, exact.p ? exact.p : "", exact.n);
  FUZZ_CHECK(!back.err && back.n == size && (size == 0 || memcmp(back.p, s, size) == 0));
  warta_buf_free(&plain);
  warta_buf_free(&again);
  warta_buf_free(&exact);
  warta_buf_free(&back);
  return 0;
}
