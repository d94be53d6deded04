#include "excerpt.h"

void excerpt_window(const char *text, size_t n, const warta_span *hl, int nhl, int whole,
                    size_t *from, size_t *to) {
  *from = 0;
  *to = n;
  if (whole || n <= EXCERPT_WIDTH) return;
  size_t first = nhl > 0 && hl[0].start > 0 && (size_t)hl[0].start < n ? (size_t)hl[0].start : 0;
  size_t a = first > EXCERPT_BEFORE ? first - EXCERPT_BEFORE : 0;
  size_t b = a + EXCERPT_WIDTH < n ? a + EXCERPT_WIDTH : n;
  if (b == n) a = n - EXCERPT_WIDTH;
  while (a > 0 && !excerpt_space(text[a - 1]))
    a--;
  while (b < n && !excerpt_space(text[b]))
    b++;
  *from = a;
  *to = b;
}
