/*
** Exact counts of a match (search_int.h): the articles holding every word
** (tier 1) and every article that matches (tier 1 and tier 2), never an
** estimate. A count is a boolean match of the whole postlists with no
** page: Xapian skips the weights, so the cost grows with the postings
** of the query's terms (bench/speed.py measures it). Tier 1's count comes
** from its ranked match when that looked at every match (rank.c, stage1).
*/
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "search_int.h"
#include "story.h"

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

/* Matches of tq filtered by f (and without the articles of g when not
** NULL), exactly; with slot >= 0 their values in that slot counted into
** *xr (else *xr is empty). */
static int count_of(warta_searcher *s, const xq *tq, const xq *f, const xq *g, int slot, long *n,
                    xresult *out) {
  xsearch x;
  xresult mine, *xr = out ? out : &mine;
  memset(xr, 0, sizeof *xr);
  xq *a = xq_op(XQ_FILTER, (xq *const[]){(xq *)tq, (xq *)f}, 2, 0);
  xq *b = a && g ? xq_op(XQ_AND_NOT, (xq *const[]){a, (xq *)g}, 2, 0) : NULL;
  if (!a || (g && !b)) {
    xq_free(a);
    return WARTA_NOMEM;
  }
  exact_search(&x, xdb_doccount(s->x));
  if (slot >= 0) x.nspies = 1, x.spy_slot[0] = (unsigned)slot;
  int rc = xdb_search(s->x, g ? b : a, &x, xr);
  xq_free(a);
  xq_free(b);
  if (rc) return searcher_xfail(s, rc);
  *n = (long)xr->est;
  if (!out) xresult_free(xr);
  return WARTA_OK;
}

/*
** The stories that the n articles matching tq make, exactly. A story is
** begun by one article; the others that join it carry T_JOINED, and they
** are few. So: the matches that joined none each begin a story of their
** own; the stories the matches that joined one are in add one each,
** unless the article that began the story matches too (it is counted
** already). Three matches, two of them over the joined few, where
** counting every match's story would read a value per match.
*/
static int count_stories(warta_searcher *s, const xq *tq, long n, long *stories) {
  long joined = 0, began = 0;
  xresult xr;
  xq *jq = xq_term(T_JOINED, strlen(T_JOINED), 1);
  if (!jq) return WARTA_NOMEM;
  int rc = count_of(s, tq, jq, NULL, V_STORY, &joined, &xr);
  if (rc == WARTA_OK && xr.ncount[0] > 0) {
    const char **story = malloc(sizeof *story * (size_t)xr.ncount[0]);
    int none = 0;
    for (int k = 0; story && k < xr.ncount[0]; k++)
      story[k] = xr.count[0][k].value;
    xq *any = story ? story_query(story, xr.ncount[0], &none) : NULL;
    rc = any ? count_of(s, tq, any, jq, -1, &began, NULL) : WARTA_NOMEM;
    free(story);
    xq_free(any);
  }
  if (rc == WARTA_OK) *stories = n - joined + xr.ncount[0] - began;
  xresult_free(&xr);
  xq_free(jq);
  return rc;
}

/* Articles matching tq, exactly, and with fold the stories they make;
** with facets, the articles also counted per source, month and language
** into r (match spies see every match, before any collapsing); with days,
** per date (the sortable date's slot, so that a bucket of days counts what
** the date filter selects). */
static int count_matches(warta_searcher *s, const xq *tq, int facets, int days, int fold, long *n,
                         long *stories, warta_results *r) {
  static const unsigned slots[3] = {V_SOURCE, V_MONTH, V_LANG};
  xsearch x;
  xresult xr;
  *n = *stories = 0;
  if (!tq) return WARTA_OK;
  exact_search(&x, xdb_doccount(s->x));
  if (facets) {
    x.nspies = 3;
    memcpy(x.spy_slot, slots, sizeof slots);
  }
  if (days) x.spy_slot[x.nspies++] = V_DATE;
  /* the stories from the same match where the story ids are in a table
  ** (a warm reader of one local database), else by count_stories: on
  ** bench/speed.py's first 50 queries, --fold cost 2.12 G instructions
  ** against 1.50 G without, the two matches of count_stories 0.52 G */
  x.distinct = fold;
  x.distinct_slot = V_STORY;
  int rc = xdb_search(s->x, tq, &x, &xr);
  if (rc) return searcher_xfail(s, rc);
  *n = (long)xr.est;
  *stories = fold ? xr.distinct : -1;
  if (fold && xr.distinct < 0) rc = count_stories(s, tq, *n, stories);
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

int count_match(warta_searcher *s, const xmatch *p, int facets, int days, int fold,
                warta_results *r, long *units1) {
  long all = 0, words = 0, stories = -1, stories1 = -1;
  int rc = count_matches(s, p->all, facets, days, fold, &all, &stories, r);
  /* tier 1 is every match when there is no tier 2 */
  if (rc == WARTA_OK) {
    if (p->tier2 && p->tier1_n >= 0 && !(fold && units1))
      words = p->tier1_n; /* its ranked match counted it (rank.c) */
    else if (p->tier2)
      rc = count_matches(s, p->all_words, 0, 0, fold && units1, &words, &stories1, r);
    else
      words = all, stories1 = stories;
  }
  if (rc) return rc;
  if (facets)
    qsort(r->facet[WARTA_FACET_MONTH], (size_t)r->nfacet[WARTA_FACET_MONTH], sizeof(warta_facet),
          by_value);
  if (days) qsort(r->days, (size_t)r->ndays, sizeof(warta_facet), by_value);
  r->total = all;
  r->all_words = words < all ? words : all;
  r->stories = stories;
  if (units1) *units1 = fold ? stories1 : r->all_words;
  r->estimated = 0;
  return WARTA_OK;
}
