/*
** warta-serve's choice of interface language from any Accept-Language
** header (serve/lang.c): always Indonesian or English, the same answer
** for the same header, and ?hl= always wins.
*/
#include <string.h>

#include "fuzz.h"
#include "serve/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *h = malloc(size + 1);
  if (!h) return 0;
  memcpy(h, data, size);
  h[size] = 0;
  ui_lang l = ui_lang_pick(NULL, h);
  FUZZ_CHECK(l == UI_ID || l == UI_EN);
  FUZZ_CHECK(ui_lang_pick(NULL, h) == l);
  FUZZ_CHECK(ui_lang_pick("en", h) == UI_EN);
  FUZZ_CHECK(ui_lang_pick("id", h) == UI_ID);
  free(h);
  return 0;
}
