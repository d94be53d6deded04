/*
** warta_date_iso() on any string. A date it understands must come out as a
** real calendar day written YYYY-MM-DD, which it must read back unchanged.
*/
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "readers/reader.h"

static int num(const char *p, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    FUZZ_CHECK(p[i] >= '0' && p[i] <= '9');
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

static void check_iso(const char out[11]) {
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  FUZZ_CHECK(out[4] == '-' && out[7] == '-' && out[10] == 0);
  int y = num(out, 4), m = num(out + 5, 2), d = num(out + 8, 2);
  FUZZ_CHECK(y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1]);
  FUZZ_CHECK(m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char out[11], again[11];
  char *in = malloc(size + 1);
  if (!in) return 0;
  memcpy(in, data, size);
  in[size] = 0;
  memset(out, 'x', sizeof out);
  if (warta_date_iso(in, out)) {
    check_iso(out);
    FUZZ_CHECK(warta_date_iso(out, again) == 1 && memcmp(out, again, sizeof out) == 0);
  }
  free(in);
  return 0;
}
