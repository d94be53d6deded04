/*
** Ranking parameters as one checked table (store.h): name, bounds,
** default and meaning. warta_rank_defaults(), --rank, --help and the man
** page all read it; tests/golden checks that the help and the man page name
** every row.
*/
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/rc.h"
#include "store.h"

#define D(f) offsetof(warta_rank, f), 0
#define I(f) offsetof(warta_rank, f), 1

/* The defaults were chosen by bench/tune.py on the visible sets (TyDiQA-id
** train, FacQA, known-item-id, topics-id and warta's own click-id, IndoSum
** and BBC topics): 5-fold cross-validation by query over a grid of 49
** variants chose the same one in every fold, title 0.3, exact 0.2,
** passage 0.5, prf 0.4 with prfwords 6, the rest plain (bench/README.md,
** "Ranking, held out"). Against plain BM25 (k1 1.2, b 0.75, nothing else):
** title 0.3 raised the topics (nDCG@10 click-id 0.879 -> 0.901, BBC
** 0.838 -> 0.843); passage 0.5 raised TyDiQA MRR@10 0.686 -> 0.707;
** feedback for short keyword queries raised the topics again (IndoSum
** 0.897 -> 0.930, BBC -> 0.873) and leaves questions and headlines alone;
** k1 2 or 4, b 0.9 and near lost on the mean of all sets. expand 0.5 (names
** standing for query words, weighing where the words are missing) was
** chosen in every fold over 0, 0.25, 0.5 and 1: no set lower than without
** names, FacQA MRR@10 0.8129 -> 0.8135 (p 0.046), known-item 0.7391 ->
** 0.7438, own click-id topics 0.8825 -> 0.8904; acrmin 3: of 40 learned
** pairs written by 3 articles or more, judged, none wrong (bench/README.md,
** "Names and acronyms"). */
static const warta_rank_param params[] = {
    /* stage 1: the articles, by Xapian's BM25 over title and body */
    {"k1", D(k1), 0, 10, 1.2, "BM25 k1 of articles (saturation)"},
    {"b", D(b), 0, 1, 0.75, "BM25 b of articles (length)"},
    {"title", D(title), 0, 10, 0.3, "extra weight of title words"},
    {"exact", D(exact), 0, 5, 0.2, "extra weight of a word in the form typed"},
    {"apart", D(apart), 0, 1, 0.5, "a compound's words apart, against it"},
    {"expand", D(expand), 0, 5, 0.5, "weight of synonyms and acronyms (0: none)"},
    {"acrmin", I(acrmin), 1, 100000, 3, "articles that must write an acronym out"},
    {"tiers", I(tiers), 0, 1, 1, "1: articles with every word first"},
    /* stage 2: the articles of a block, with the evidence of positions */
    {"block", I(block), 1, 1000, 30, "articles re-ranked together in stage 2"},
    {"passage", D(passage), 0, 10, 0.5, "best passage, scaled to the block's best"},
    {"near", D(near), 0, 10, 0, "query words near each other (article)"},
    /* pseudo-relevance feedback: the best articles' terms added */
    {"prf", D(prf), 0, 5, 0.4, "weight of feedback terms (0: none)"},
    {"prfdocs", I(prfdocs), 1, 100, 10, "articles feedback reads"},
    {"prfterms", I(prfterms), 1, 200, 20, "terms feedback adds"},
    {"prfwords", I(prfwords), 1, 1000, 6, "feedback: keyword queries of <= N words"},
    /* the passage's evidence: what chooses the passage shown */
    {"pk1", D(pk1), 0.01, 10, 0.9, "BM25 k1 of passages"},
    {"pb", D(pb), 0, 1, 0.5, "BM25 b of passages"},
    {"plen", D(plen), 1, 10000, 80, "typical passage length, in words"},
    {"ptitle", D(ptitle), 0, 10, 1, "the title's weight in a passage"},
    {"prox", D(prox), 0, 10, 0.5, "query words near each other (passage)"},
    {"phrase", D(phrase), 0, 10, 0.75, "the query as a phrase (passage, title)"},
    {"lead", D(lead), 0, 10, 1, "query words opening an untitled article"},
    {"leadpos", I(leadpos), 1, 1000, 6, "decay of the lead bonus, in words"},
};

#define NPARAMS ((int)(sizeof params / sizeof params[0]))

const warta_rank_param *warta_rank_params(int *n) {
  *n = NPARAMS;
  return params;
}

static void put(warta_rank *r, const warta_rank_param *p, double v) {
  char *at = (char *)r + p->offset;
  if (p->integer)
    *(int *)(void *)at = (int)v;
  else
    *(double *)(void *)at = v;
}

void warta_rank_defaults(warta_rank *r) {
  memset(r, 0, sizeof *r);
  for (int i = 0; i < NPARAMS; i++)
    put(r, &params[i], params[i].def);
}

/* One NAME=VALUE of n bytes onto r: WARTA_OK, or WARTA_ERROR with why
** (malloc'ed), or WARTA_NOMEM. */
#define FAIL(...) return (*why = warta_strdupf(__VA_ARGS__)) ? WARTA_ERROR : WARTA_NOMEM
static int set_one(warta_rank *r, const char *item, size_t n, char **why) {
  const char *eq = memchr(item, '=', n);
  if (!eq) FAIL("'%.*s' is not NAME=VALUE", (int)n, item);
  size_t nn = (size_t)(eq - item);
  const warta_rank_param *p = NULL;
  for (int i = 0; i < NPARAMS && !p; i++) {
    if (strlen(params[i].name) == nn && memcmp(params[i].name, item, nn) == 0) p = &params[i];
  }
  if (!p) FAIL("unknown ranking parameter '%.*s'", (int)nn, item);
  char num[64];
  size_t nv = n - nn - 1;
  if (nv == 0 || nv >= sizeof num) FAIL("bad value for %s", p->name);
  memcpy(num, eq + 1, nv);
  num[nv] = 0;
  char *end;
  errno = 0;
  double v = strtod(num, &end);
  if (*end || errno || !isfinite(v) || (p->integer && v != floor(v)))
    FAIL("bad value '%s' for %s (%s)", num, p->name, p->integer ? "a whole number" : "a number");
  if (v < p->lo || v > p->hi) FAIL("%s=%s is out of range (%g to %g)", p->name, num, p->lo, p->hi);
  put(r, p, v);
  return WARTA_OK;
}

int warta_rank_parse(warta_rank *r, const char *spec, char **why) {
  *why = NULL;
  if (!*spec) FAIL("empty list of ranking parameters");
  for (const char *p = spec;;) {
    size_t n = strcspn(p, ",");
    int rc = set_one(r, p, n, why);
    if (rc || !p[n]) return rc;
    p += n + 1;
  }
}
