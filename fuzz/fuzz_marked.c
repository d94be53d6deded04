/*
** warta-serve's HTML of untrusted text (serve/html.c): any bytes and any
** highlight ranges (in range or not, sorted or not) give valid UTF-8 in
** which the only tags are balanced <mark> and </mark>, and no quote,
** '<' or '>' of the text is left raw. Input: a byte n (ranges, n % 8),
** then n ranges of two little-endian int16 each, a byte (whole: odd),
** then the text.
*/
#include <string.h>

#include "common/utf8.h"
#include "fuzz.h"
#include "serve/html.h"

/* The tags are balanced <mark>...</mark>; nothing else is markup. */
static void check_html(const char *s, size_t n, int marks) {
  int open = 0;
  FUZZ_CHECK(warta_utf8_invalid(s, n) == n);
  for (size_t i = 0; i < n; i++) {
    FUZZ_CHECK(s[i] != '"' && s[i] != '\'' && s[i] != '>');
    if (s[i] != '<') continue;
    FUZZ_CHECK(marks);
    if (n - i >= 6 && memcmp(s + i, "<mark>", 6) == 0) {
      FUZZ_CHECK(!open);
      open = 1;
      i += 5;
    } else {
      FUZZ_CHECK(n - i >= 7 && memcmp(s + i, "</mark>", 7) == 0 && open);
      open = 0;
      i += 6;
    }
  }
  FUZZ_CHECK(!open);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  warta_span hl[8];
  size_t at = 0;
  int n = size > 0 ? data[at++] % 8 : 0;
  for (int i = 0; i < n; i++) {
    int16_t v[2] = {0, 0};
    if (size - at >= 4) {
      memcpy(v, data + at, 4);
      at += 4;
    }
    hl[i].start = v[0];
    hl[i].end = v[1];
  }
  int whole = at < size ? data[at++] & 1 : 0;
  const char *text = (const char *)data + at;
  size_t len = size - at;
  warta_buf b = WARTA_BUF_INIT;
  html_marked(&b, text, len, hl, n, whole);
  FUZZ_CHECK(!b.err);
  check_html(b.p ? b.p : "", b.n, 1);
  warta_buf_reset(&b);
  html_text(&b, text, len);
  FUZZ_CHECK(!b.err);
  check_html(b.p ? b.p : "", b.n, 0);
  warta_buf_free(&b);
  return 0;
}
