/*
** Exact counts of a plan (search_int.h): the articles holding every word
** (tier 1) and every article that matches (tier 1 and tier 2), never an
** estimate. A count is a boolean match of the whole postlists with no
** page: Xapian skips the weights, so the cost grows with the postings
** of the query's terms (bench/speed.py measures it).
*/
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "search_int.h"

void exact_search(xsearch *x, uint32_t doccount) {
  memset(x, 0, sizeof *x);
  x->collapse_slot = -1;
  x->sort_slot = -1;
  x->weight.boolean = 1;
  x->limit = 0;
  x->check_at_least = doccount + 1;
}

/* The values and counts of one spy, handed over to *out (*n of them). */
static int take_counts(xcount *c, int nc, warta_facet **out, int *n) {
  *out = calloc((size_t)(nc ? nc : 1), sizeof(warta_facet));
  if (!*out) return WARTA_NOMEM;
  for (int i = 0; i < nc; i++) {
    (*out)[i].value = c[i].value;
    c[i].value = NULL;
    (*out)[i].n = (long)c[i].n;
  }
  *n = nc;
  return WARTA_OK;
}

/* Articles matching tq, exactly; with facets, also counted per source,
** month and language into r; with days, per date (the sortable date's
** slot, so that a bucket of days counts what the date filter selects). */
static int count_matches(warta_searcher *s, const xq *tq, int facets, int days, long *n,
                         warta_results *r) {
  static const unsigned slots[3] = {V_SOURCE, V_MONTH, V_LANG};
  xsearch x;
  xresult xr;
  *n = 0;
  if (!tq) return WARTA_OK;
  exact_search(&x, xdb_doccount(s->x));
  if (facets) {
    x.nspies = 3;
    memcpy(x.spy_slot, slots, sizeof slots);
  }
  if (days) x.spy_slot[x.nspies++] = V_DATE;
  int rc = xdb_search(s->x, tq, &x, &xr);
  if (rc) return searcher_xfail(s, rc);
  *n = (long)xr.est;
  for (int f = 0; f < x.nspies && rc == WARTA_OK; f++) {
    if (x.spy_slot[f] == V_DATE)
      rc = take_counts(xr.count[f], xr.ncount[f], &r->days, &r->ndays);
    else
      rc = take_counts(xr.count[f], xr.ncount[f], &r->facet[f], &r->nfacet[f]);
  }
  xresult_free(&xr);
  return rc;
}

static int by_value(const void *a, const void *b) {
  return strcmp(((const warta_facet *)a)->value, ((const warta_facet *)b)->value);
}

int count_plan(warta_searcher *s, const qplan *p, int facets, int days, warta_results *r) {
  long all = 0, words = 0;
  int rc = count_matches(s, p->all, facets, days, &all, r);
  /* tier 1 is every match when there is no tier 2 */
  if (rc == WARTA_OK) {
    if (p->tier2)
      rc = count_matches(s, p->tier1, 0, 0, &words, r);
    else
      words = all;
  }
  if (rc) return rc;
  if (facets)
    qsort(r->facet[WARTA_FACET_MONTH], (size_t)r->nfacet[WARTA_FACET_MONTH], sizeof(warta_facet),
          by_value);
  if (days) qsort(r->days, (size_t)r->ndays, sizeof(warta_facet), by_value);
  r->total = all;
  r->all_words = words < all ? words : all;
  r->estimated = 0;
  return WARTA_OK;
}
