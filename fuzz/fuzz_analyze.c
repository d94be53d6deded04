/*
** warta_analyze() on any bytes, with the Indonesian and English analyzers
** (full stemming) and an unknown language (folding only). Every token must
** point inside the input and carry a term of 1..WARTA_MAX_TERM bytes; the
** first token of a text cannot be colocated with a previous one.
*/
#include <limits.h>

#include "analysis/analysis.h"
#include "fuzz.h"

typedef struct seen {
  int size;   /* bytes of the input */
  int tokens; /* tokens so far */
} seen;

static int check_token(void *ctx, const warta_token *t) {
  seen *s = ctx;
  FUZZ_CHECK(0 <= t->start && t->start <= t->end && t->end <= s->size);
  FUZZ_CHECK(t->term != NULL && 1 <= t->n_term && t->n_term <= WARTA_MAX_TERM);
  FUZZ_CHECK(!t->colocated || s->tokens > 0);
  FUZZ_CHECK(warta_how_name(t->how)[0] != '?');
  s->tokens++;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const struct {
    const char *lang;
    warta_stemming stemming;
  } kinds[] = {{"id", WARTA_STEM_FULL}, {"en", WARTA_STEM_FULL}, {"und", WARTA_STEM_NONE}};
  static warta_analyzer *a[3];
  if (size > INT_MAX) return 0;
  for (int i = 0; i < 3; i++) {
    if (!a[i]) {
      char *err = NULL;
      warta_analyzer_new(kinds[i].lang, kinds[i].stemming, &a[i], &err);
      fuzz_need(a[i] != NULL, kinds[i].lang, err);
    }
    seen s = {(int)size, 0};
    int rc = warta_analyze(a[i], (const char *)data, (int)size, 0, check_token, &s);
    FUZZ_CHECK(rc == 0);
  }
  return 0;
}
