/*
** A search as the user asks for it, checked and built (request.h).
*/
#include "request.h"

#include <string.h>

#include "common/rc.h"

void request_init(request *r) {
  memset(r, 0, sizeof *r);
  r->text = "";
  r->limit = 10;
  r->per_doc = 1;
  r->sort = WARTA_SORT_RELEVANCE;
  warta_rank_defaults(&r->rank);
}

int request_date(const char *s, char out[9], int last) {
  char lo[9], hi[9];
  if (!s || !qdate_range(s, strlen(s), lo, hi)) return -1;
  memcpy(out, last ? hi : lo, 9);
  return 0;
}

int request_sort(const char *s, warta_sort *out) {
  static const struct {
    const char *name;
    warta_sort sort;
  } orders[] = {
      {"relevance", WARTA_SORT_RELEVANCE},
      {"newest", WARTA_SORT_NEWEST},
      {"oldest", WARTA_SORT_OLDEST},
  };
  for (size_t i = 0; s && i < sizeof orders / sizeof orders[0]; i++) {
    if (strcmp(s, orders[i].name) == 0) {
      *out = orders[i].sort;
      return 0;
    }
  }
  return -1;
}

const char *request_invalid(const request *r) {
  if (r->since[0] && r->until[0] && strcmp(r->since, r->until) > 0) return "since is after until";
  if (r->offset < 0) return "offset is negative";
  if (r->limit < 0) return "limit is negative";
  if (r->per_doc < 0) return "per_doc is negative";
  return NULL;
}

/* Plan one filter item (lang:, source: or date:) into q. */
static int add_filter(planner *p, qitem *it, warta_query *q) {
  qsyntax extra = {it, 1, 0, 0};
  plan_notes ignored;
  return planner_plan(p, &extra, q, &ignored);
}

int request_build(planner *p, const request *r, warta_query *q, qsyntax *syn, plan_notes *notes) {
  memset(q, 0, sizeof *q);
  memset(notes, 0, sizeof *notes);
  q->rank = r->rank;
  q->offset = r->offset;
  q->limit = r->limit;
  q->per_article = r->per_doc;
  q->sort = r->sort;
  q->count_only = r->count;
  q->facets = r->facets;
  q->explain = r->explain;
  q->want_text = 1;
  q->like = r->like;
  if (qsyntax_parse(r->text ? r->text : "", syn)) return WARTA_NOMEM;
  /* refused before any lookup: planning time grows with the words */
  if (syn->words > WARTA_MAX_QUERY_WORDS) return WARTA_TOOBIG;
  int rc = planner_plan(p, syn, q, notes);
  if (rc) return rc;
  /* the options add filters as the query's fields do */
  if (r->lang) {
    qitem it = {QI_LANG, (char *)r->lang, 0, 0, 0, "", ""};
    rc = add_filter(p, &it, q);
  }
  if (rc == WARTA_OK && r->source) {
    qitem it = {QI_SOURCE, (char *)r->source, 0, 0, 0, "", ""};
    rc = add_filter(p, &it, q);
  }
  if (rc == WARTA_OK && (r->since[0] || r->until[0])) {
    qitem it = {QI_DATE, NULL, 0, 0, 0, "", ""};
    memcpy(it.lo, r->since, 9);
    memcpy(it.hi, r->until, 9);
    rc = add_filter(p, &it, q);
  }
  if (rc == WARTA_OK && (r->lang || r->source || r->since[0] || r->until[0] || r->like))
    notes->nothing = 0;
  return rc;
}
