#include "tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One analyzer per language and stemming, kept for the whole test run. */
static struct {
  char lang[8];
  warta_stemming stemming;
  warta_analyzer *a;
} cache[16];

static warta_analyzer *get(const char *lang, warta_stemming stemming) {
  int i;
  for (i = 0; i < 16 && cache[i].a; i++) {
    if (!strcmp(cache[i].lang, lang) && cache[i].stemming == stemming) return cache[i].a;
  }
  if (i == 16) abort();
  char *err = NULL;
  if (warta_analyzer_new(lang, stemming, &cache[i].a, &err)) {
    fprintf(stderr, "analyzer: %s\n", err ? err : "?");
    abort();
  }
  snprintf(cache[i].lang, sizeof cache[i].lang, "%s", lang);
  cache[i].stemming = stemming;
  return cache[i].a;
}

static int collect(void *ctx, const warta_token *t) {
  toks *ts = ctx;
  if (ts->n == MAXTOK) return 99;
  tok *k = &ts->v[ts->n++];
  memcpy(k->term, t->term, (size_t)t->n_term);
  k->term[t->n_term] = 0;
  k->start = t->start;
  k->end = t->end;
  k->colocated = t->colocated;
  k->how = t->how;
  return 0;
}

int analyze_n(const char *lang, warta_stemming stemming, const char *text, int n, toks *t) {
  t->n = 0;
  return warta_analyze(get(lang, stemming), text, n, 0, collect, t);
}

int analyze_text(const char *lang, warta_stemming stemming, const char *text, toks *t) {
  return analyze_n(lang, stemming, text, (int)strlen(text), t);
}

const char *terms(const toks *t) {
  static char buf[8192];
  size_t n = 0;
  buf[0] = 0;
  for (int i = 0; i < t->n && n < sizeof buf - 300; i++) {
    n += (size_t)snprintf(buf + n, sizeof buf - n, t->v[i].colocated ? "%s(%s)" : "%s%s",
                          t->v[i].colocated || !n ? "" : " ", t->v[i].term);
  }
  return buf;
}

const char *stem_of(const char *lang, warta_stemming stemming, const char *word) {
  static toks t;
  if (analyze_text(lang, stemming, word, &t) || t.n == 0) return "";
  return t.v[0].term;
}
