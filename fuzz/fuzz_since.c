/*
** warta_time_parse() (--added-since, added_since) on any string. A time it
** takes comes out as the index writes times, fixed width, and reads back
** as the same second (with Z, whatever zone the input named).
*/
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const int64_t now = 1764637200; /* 2025-12-02T01:00:00Z */
  char out[WARTA_TIME_LEN + 1];
  int64_t t, back;
  char *in = malloc(size + 1);
  if (!in) return 0;
  memcpy(in, data, size);
  in[size] = 0;
  if (warta_time_parse(in, now, &t) == 0 && t >= 0 && t < 253402300800LL /* 10000-01-01 */) {
    warta_time_iso(t, out);
    FUZZ_CHECK(strlen(out) == WARTA_TIME_LEN && out[4] == '-' && out[10] == 'T' && out[19] == 'Z');
    FUZZ_CHECK(warta_time_parse(out, now, &back) == 0 && back == t);
  }
  free(in);
  return 0;
}
