/*
** A search as the user asks for it, checked and built (request.h).
*/
#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/clock.h"
#include "common/rc.h"

void request_init(request *r) {
  memset(r, 0, sizeof *r);
  r->text = "";
  r->limit = 10;
  r->per_doc = 1;
  r->sort = WARTA_SORT_RELEVANCE;
  warta_rank_defaults(&r->rank);
}

/* Months by name, Indonesian then English; a name is also matched by its
** first three letters or more (Sep, Sept, Agu, Okt, Des, Dec). */
static const char *const month_names[2][12] = {
    {"januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
     "oktober", "november", "desember"},
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"},
};

static int month_of(const char *w, size_t n) {
  if (n == 3 && (!strncasecmp(w, "agt", 3) || !strncasecmp(w, "ags", 3))) return 8;
  for (int l = 0; l < 2; l++) {
    for (int m = 0; m < 12; m++) {
      size_t k = strlen(month_names[l][m]);
      if ((n == k || (n >= 3 && n < k)) && strncasecmp(w, month_names[l][m], n) == 0) return m + 1;
    }
  }
  return 0;
}

/* Up to max digits at *p as a number (-1 when none). */
static int number_at(const char **p, int max) {
  int v = 0, k = 0;
  while (k < max && **p >= '0' && **p <= '9')
    v = v * 10 + (*(*p)++ - '0'), k++;
  return k ? v : -1;
}

/* 10/09/2019, 10-9-2019, 10.9.2019, 10 September 2019, September 2019:
** the ISO form (YYYY-MM-DD or YYYY-MM) into iso. Returns 0, or -1. */
static int written_date(const char *s, char iso[11]) {
  const char *p = s;
  int d = number_at(&p, 2), m = 0, y;
  if (d >= 0 && (*p == '/' || *p == '-' || *p == '.')) {
    char sep = *p++;
    if ((m = number_at(&p, 2)) < 0 || *p++ != sep) return -1;
  } else {
    if (d >= 0 && *p++ != ' ') return -1;
    while (*p == ' ')
      p++;
    const char *w = p;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
      p++;
    if (!(m = month_of(w, (size_t)(p - w)))) return -1;
    if (*p == '.') p++; /* Sep. */
    if (*p++ != ' ') return -1;
    while (*p == ' ')
      p++;
  }
  const char *ys = p;
  y = number_at(&p, 4);
  if (*p || p - ys != 4 || m < 1 || m > 12) return -1;
  if (d < 0) return snprintf(iso, 11, "%04d-%02d", y, m) == 7 ? 0 : -1;
  return snprintf(iso, 11, "%04d-%02d-%02d", y, m, d) == 10 ? 0 : -1;
}

int request_date(const char *s, char out[9], int last) {
  char lo[9], hi[9], iso[11];
  if (!s) return -1;
  if (!qdate_range(s, strlen(s), lo, hi)) {
    if (written_date(s, iso) || !qdate_range(iso, strlen(iso), lo, hi)) return -1;
  }
  memcpy(out, last ? hi : lo, 9);
  return 0;
}

const char *request_fault_text(const plan_notes *n, char *buf, size_t size) {
  switch ((request_fault)n->fault) {
  case RF_DATE:
    snprintf(buf, size, "bad date '%s' (YYYY, YYYY-MM, YYYY-MM-DD, or a range A..B)", n->value);
    break;
  case RF_RANGE:
    snprintf(buf, size, "bad date range '%s': it ends before it begins", n->value);
    break;
  case RF_NAME:
    snprintf(buf, size, "bad filter '%s' (letters, digits, '.', '-' and '_')", n->value);
    break;
  case RF_PREFIX:
    snprintf(buf, size, "prefix '%s' too short: 3 letters at least before '*'", n->value);
    break;
  case RF_SOURCE:
    snprintf(buf, size, "unknown source '%s': the index holds %s", n->value,
             *n->known ? n->known : "no outlet");
    break;
  case RF_LANG:
    snprintf(buf, size, "unknown lang '%s': the index holds %s", n->value,
             *n->known ? n->known : "no language");
    break;
  default: snprintf(buf, size, "bad query"); break;
  }
  return buf;
}

int request_sort(const char *s, warta_sort *out) {
  static const struct {
    const char *name;
    warta_sort sort;
  } orders[] = {
      {"relevance", WARTA_SORT_RELEVANCE},
      {"newest", WARTA_SORT_NEWEST},
      {"oldest", WARTA_SORT_OLDEST},
      {"added", WARTA_SORT_ADDED},
  };
  for (size_t i = 0; s && i < sizeof orders / sizeof orders[0]; i++) {
    if (strcmp(s, orders[i].name) == 0) {
      *out = orders[i].sort;
      return 0;
    }
  }
  return -1;
}

int request_added_since(const char *s, char out[21]) {
  int64_t t;
  if (warta_time_parse(s, warta_now(), &t)) return -1;
  warta_time_iso(t, out);
  return 0;
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
  qsyntax extra = {.item = it, .n = 1};
  plan_notes ignored;
  return planner_add(p, &extra, q, &ignored);
}

/* Join list into out[0..n) as "a, b, c" (cut with "..." when long). */
static void join_list(char **list, char *out, size_t n) {
  warta_buf b = WARTA_BUF_INIT;
  for (int i = 0; list && list[i]; i++)
    warta_buf_printf(&b, "%s%s", i ? ", " : "", list[i]);
  if (b.err || b.n == 0)
    out[0] = 0;
  else if (b.n < n)
    memcpy(out, b.p, b.n + 1);
  else
    snprintf(out, n, "%.*s...", (int)(n - 4), b.p);
  warta_buf_free(&b);
}

/* Remove entry i of a NULL-terminated list the query owns. */
static void drop(const char **list, int i) {
  free((void *)list[i]);
  for (; list[i]; i++)
    list[i] = list[i + 1];
}

/* Every outlet and language that q names holds articles (an empty index
** takes any): else the fault, listing what there is, and q without it. */
static int check_names(warta_searcher *s, warta_query *q, plan_notes *notes) {
  uint32_t f = 0;
  char **known = NULL;
  int rc = WARTA_OK;
  if (warta_searcher_articles(s) <= 0) return WARTA_OK;
  for (int i = 0; rc == WARTA_OK && !notes->fault && q->sources && q->sources[i]; i++) {
    if ((rc = warta_searcher_source_freq(s, q->sources[i], &f)) || f) continue;
    notes->fault = RF_SOURCE;
    snprintf(notes->value, sizeof notes->value, "%s", q->sources[i]);
    if ((rc = warta_searcher_sources(s, &known)) == WARTA_OK)
      join_list(known, notes->known, sizeof notes->known);
    drop((const char **)q->sources, i);
  }
  for (int i = 0; rc == WARTA_OK && !notes->fault && q->langs && q->langs[i]; i++) {
    if ((rc = warta_searcher_lang_freq(s, q->langs[i], &f)) || f) continue;
    notes->fault = RF_LANG;
    snprintf(notes->value, sizeof notes->value, "%s", q->langs[i]);
    if ((rc = warta_searcher_languages(s, &known)) == WARTA_OK)
      join_list(known, notes->known, sizeof notes->known);
    drop((const char **)q->langs, i);
  }
  warta_list_free(known);
  return rc;
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
  q->exact = r->exact;
  q->story = r->story;
  q->fold = !r->copies && !r->story;
  q->histogram = r->histogram;
  memcpy(q->added_since, r->added_since, sizeof q->added_since);
  if (qsyntax_parse(r->text ? r->text : "", syn)) return WARTA_NOMEM;
  /* refused before any lookup: planning time grows with the words */
  if (syn->words > WARTA_MAX_QUERY_WORDS) return WARTA_TOOBIG;
  /* the options add filters as the query's fields do; first, so that
  ** planning asks their terms with the query's (over remote shards, in
  ** one exchange: search/plan.c) */
  int rc = WARTA_OK;
  memset(notes, 0, sizeof *notes);
  if (r->lang) {
    qitem it = {.kind = QI_LANG, .text = (char *)r->lang};
    rc = add_filter(p, &it, q);
  }
  if (rc == WARTA_OK && r->source) {
    qitem it = {.kind = QI_SOURCE, .text = (char *)r->source};
    rc = add_filter(p, &it, q);
  }
  if (rc == WARTA_OK && (r->since[0] || r->until[0])) {
    qitem it = {.kind = QI_DATE};
    memcpy(it.lo, r->since, 9);
    memcpy(it.hi, r->until, 9);
    rc = add_filter(p, &it, q);
  }
  if (rc == WARTA_OK) rc = planner_plan(p, syn, q, notes);
  if (rc) return rc;
  if (r->lang || r->source || r->since[0] || r->until[0] || r->like || r->story ||
      r->added_since[0])
    notes->nothing = 0;
  if (syn->fault) {
    notes->fault = (int)syn->fault;
    snprintf(notes->value, sizeof notes->value, "%s", syn->fault_text ? syn->fault_text : "");
  }
  if (!notes->fault) rc = check_names(p->s, q, notes);
  return rc;
}
