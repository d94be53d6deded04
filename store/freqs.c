/*
** The numbers of articles holding terms, as the planner and the match ask
** for them, remembered for one query (store.h: warta_searcher_term_freq()
** and the freqs_* calls).
**
** A remote shard answers a batch of terms in one exchange, and a single
** term in one exchange too. The planner asks about many terms one at a
** time: a word's possible splits, the closed compound of two words, each
** word's surface for "did you mean". So over remote shards it first runs
** dry (search/plan.c): lookups of terms not yet known answer 0 and note
** the term as wanted; warta_searcher_freqs_fetch() then asks for all the
** wanted terms in one batch, and the real run finds them remembered.
** Locally nothing runs dry: a lookup costs less than a dry run.
**
** What is remembered lasts one query (warta_searcher_freqs_forget() at the
** start of each), so that a query costs what it costs whatever came before
** it, and is forgotten when the index changes underneath.
*/
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "common/rc.h"
#include "schema.h"
#include "search_int.h"

/* Remembered at most; past it, a query's terms are asked again. */
#define FREQS_MAX 65536

void searcher_freqs_drop(warta_searcher *s) {
  warta_hmap_clear(&s->freqs.known);
  warta_hmap_clear(&s->freqs.wanted);
}

void warta_searcher_freqs_forget(warta_searcher *s) {
  searcher_freqs_drop(s);
  s->freqs.dry = 0;
}

void warta_searcher_freqs_dry(warta_searcher *s, int dry) { s->freqs.dry = dry != 0; }

int warta_searcher_remote(const warta_searcher *s) { return xdb_is_remote(s->x); }

void searcher_freqs_free(warta_searcher *s) {
  warta_hmap_free(&s->freqs.known);
  warta_hmap_free(&s->freqs.wanted);
  free(s->freqs.freq);
  memset(&s->freqs, 0, sizeof s->freqs);
}

/* Remember that f articles hold t[0..n): WARTA_OK or WARTA_NOMEM. */
static int remember(warta_searcher *s, const char *t, size_t n, uint32_t f) {
  size_t i;
  if (s->freqs.known.n >= FREQS_MAX) warta_hmap_clear(&s->freqs.known);
  if (warta_hmap_put(&s->freqs.known, t, n, &i) < 0 ||
      WARTA_GROW(s->freqs.freq, s->freqs.cap, i + 1))
    return WARTA_NOMEM;
  s->freqs.freq[i] = f;
  return WARTA_OK;
}

/* Ask the engine for t[i] (n[i] bytes), i < k, at once, and remember the
** answers in freq[]. */
static int ask(warta_searcher *s, const char *const *t, const size_t *n, int k, uint32_t *freq) {
  int rc, tries = 0;
  do
    rc = xdb_termfreqs(s->x, t, n, k, freq);
  while (reopen_for_retry(s, rc, &tries));
  if (rc) return searcher_xfail(s, rc);
  for (int i = 0; i < k && rc == WARTA_OK; i++)
    rc = remember(s, t[i], n[i], freq[i]);
  return rc;
}

int searcher_term_freqs(warta_searcher *s, const char *const *t, const size_t *n, int k,
                        uint32_t *freq) {
  /* the terms not known yet, asked at once */
  const char **mt = malloc(sizeof *mt * (size_t)(k ? k : 1));
  size_t *mn = malloc(sizeof *mn * (size_t)(k ? k : 1));
  uint32_t *mf = malloc(sizeof *mf * (size_t)(k ? k : 1));
  int *at = malloc(sizeof *at * (size_t)(k ? k : 1));
  int m = 0, rc = mt && mn && mf && at ? WARTA_OK : WARTA_NOMEM;
  for (int i = 0; rc == WARTA_OK && i < k; i++) {
    size_t j = warta_hmap_get(&s->freqs.known, t[i], n[i]);
    freq[i] = j == WARTA_HMAP_NONE ? 0 : s->freqs.freq[j];
    if (j != WARTA_HMAP_NONE) continue;
    if (s->freqs.dry) {
      if (warta_hmap_put(&s->freqs.wanted, t[i], n[i], NULL) < 0) rc = WARTA_NOMEM;
      continue;
    }
    mt[m] = t[i], mn[m] = n[i], at[m++] = i;
  }
  if (rc == WARTA_OK && m > 0 && (rc = ask(s, mt, mn, m, mf)) == WARTA_OK) {
    for (int i = 0; i < m; i++)
      freq[at[i]] = mf[i];
  }
  free(mt);
  free(mn);
  free(mf);
  free(at);
  return rc;
}

int warta_searcher_freqs_fetch(warta_searcher *s, int *asked) {
  warta_hmap *w = &s->freqs.wanted;
  int k = (int)w->n, rc;
  *asked = 0;
  if (k == 0) return WARTA_OK;
  const char **t = malloc(sizeof *t * (size_t)k);
  size_t *n = malloc(sizeof *n * (size_t)k);
  uint32_t *f = malloc(sizeof *f * (size_t)k);
  rc = t && n && f ? WARTA_OK : WARTA_NOMEM;
  for (int i = 0; rc == WARTA_OK && i < k; i++)
    t[i] = warta_hmap_key(w, (size_t)i, &n[i]);
  if (rc == WARTA_OK) rc = ask(s, t, n, k, f);
  if (rc == WARTA_OK) *asked = k;
  free(t);
  free(n);
  free(f);
  warta_hmap_clear(w);
  return rc;
}

int warta_searcher_term_freq(warta_searcher *s, const char *t, int n, uint32_t *freq) {
  size_t len = (size_t)n;
  return searcher_term_freqs(s, &t, &len, 1, freq);
}

int warta_searcher_term_freqs(warta_searcher *s, const char *const *t, const size_t *n, int k,
                              uint32_t *freq) {
  return searcher_term_freqs(s, t, n, k, freq);
}

int warta_searcher_surface_freq(warta_searcher *s, const char *w, int n, uint32_t *freq) {
  char t[256];
  *freq = 0;
  if ((size_t)n + 1 >= sizeof t) return WARTA_OK;
  t[0] = P_SURFACE[0];
  memcpy(t + 1, w, (size_t)n);
  return warta_searcher_term_freq(s, t, n + 1, freq);
}
