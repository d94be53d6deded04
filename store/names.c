/*
** What a filter can name (store.h): whether the index holds articles of an
** outlet or a language, and its outlets as shown, for a message that lists
** them when a filter names none of them.
*/
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "search_int.h"

static int prefixed_freq(warta_searcher *s, const char *prefix, const char *v, uint32_t *freq) {
  warta_buf b = WARTA_BUF_INIT;
  warta_buf_puts(&b, prefix);
  warta_buf_puts(&b, v);
  int rc = b.err ? WARTA_NOMEM : warta_searcher_term_freq(s, b.p, (int)b.n, freq);
  warta_buf_free(&b);
  return rc;
}

int warta_searcher_source_freq(warta_searcher *s, const char *name, uint32_t *freq) {
  char f[256];
  source_fold(name, strlen(name), f, sizeof f);
  return prefixed_freq(s, P_SOURCE, f, freq);
}

int warta_searcher_lang_freq(warta_searcher *s, const char *code, uint32_t *freq) {
  return prefixed_freq(s, P_LANG, code, freq);
}

int warta_searcher_sources(warta_searcher *s, char ***names) {
  xsearch x;
  xresult xr;
  *names = NULL;
  xq *all = xq_term(T_ARTICLE, strlen(T_ARTICLE), 1);
  if (!all) return WARTA_NOMEM;
  exact_search(&x, xdb_doccount(s->x));
  x.nspies = 1;
  x.spy_slot[0] = V_SOURCE;
  int rc = xdb_search(s->x, all, &x, &xr);
  xq_free(all);
  if (rc) return searcher_xfail(s, rc);
  char **v = calloc((size_t)xr.ncount[0] + 1, sizeof *v);
  for (int i = 0; v && i < xr.ncount[0]; i++) {
    v[i] = xr.count[0][i].value; /* most articles first */
    xr.count[0][i].value = NULL;
  }
  xresult_free(&xr);
  *names = v;
  return v ? WARTA_OK : WARTA_NOMEM;
}

typedef struct acr_ctx {
  warta_acronym_pair_fn fn; /* the caller's */
  void *ctx;
  uint32_t min; /* articles a pair needs */
} acr_ctx;

static int each_pair(void *ctx, const char *t, size_t n, uint32_t tf) {
  acr_ctx *c = ctx;
  const char *sep = memchr(t, NAME_SEP, n);
  size_t skip = strlen(P_NAME);
  if (!sep || tf < c->min || sep == t + skip || sep + 1 == t + n) return 0;
  return c->fn(c->ctx, t + skip, (size_t)(sep - t) - skip, sep + 1, (size_t)(t + n - sep - 1), tf);
}

int warta_searcher_acronyms(warta_searcher *s, uint32_t min, warta_acronym_pair_fn fn, void *ctx) {
  acr_ctx c = {fn, ctx, min};
  int rc = xdb_allterms(s->x, P_NAME, strlen(P_NAME), each_pair, &c);
  if (rc && *xdb_errmsg(s->x)) return searcher_xfail(s, rc);
  return rc;
}
