/*
** Ranking and highlighting: two FTS5 auxiliary functions.
**
** warta_rank(fts [, spec [, 'matched' | 'phrase']])
**   Returns tier * 1000 + relevance. With the default tiers=1, tier is 2 when
**   the passage holds every content group of the query (in its body or its
**   document's title), so passages holding all the words come before those
**   holding some. Relevance (< 1000) is BM25 over the title and body
**   columns, plus a bonus for content groups that follow each other closely
**   in the body, plus a bonus of half the query's IDF when the passage (or
**   its title) holds the query as a phrase, plus, for the first passage of a
**   document without a title, a bonus for groups among its opening words
**   (what such a passage is about comes first). With phrase=0 the phrase is
**   a tier of its own (tier + 1) instead of a bonus; the bonus lets a passage
**   about the topic beat one that holds the phrase in passing.
**   With a third argument 'matched' it returns instead the number of
**   content groups the passage holds, with 'phrase' 1 when it holds the
**   query as a phrase.
**
**   FTS5's bm25() clamps the IDF of a term found in more than half of the
**   rows to 1e-6, so a word such as "Indonesia" or "pemerintah" stops
**   counting at all; here IDF is log(1 + (N - n + 0.5) / (n + 0.5)), which is
**   never negative and never vanishes.
**
**   spec is a space-separated list with one "group:weight" entry per query
**   phrase, in phrase order. Phrases of one group are alternatives for one
**   query word (the best of them counts); a weight below 0.5 marks a function
**   word, which adds to relevance but is not a content group. Entries "k=v"
**   set parameters (defaults tuned with bench/eval.py): k1 0.9, b 0.4,
**   title 1 (title column weight), prox 0.5 (proximity weight), phrase 0.5
**   (the phrase bonus, times the query's IDF; 0: a tier), lead 0.8 and
**   leadpos 6 (the opening-words bonus and its decay, in tokens), tiers 1
**   (0: one tier per content group held; 2: no tiers), titlematch 1 (0: only
**   the body counts for the tiers). Without a spec
**   every phrase is its own group of weight 1.
**
** warta_highlights(fts, col)
**   The byte ranges of column col that matched, as "start-end,start-end".
*/
#include "sqlite.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define NCOL 2        /* indexed columns: title, body */
#define COL_ORDINAL 2 /* unindexed: the passage's place in its document */
#define COL_TITLE 0
#define COL_BODY 1
#define TIER 1000.0 /* score step per matched group */
#define MAX_POS 64  /* positions kept per group for proximity */

/* Where the groups of a query occur in one column of a row. */
typedef struct Positions {
  int *n;     /* per group: positions collected (<= MAX_POS) */
  int *start; /* per group: MAX_POS start positions */
  int *end;   /* per group: MAX_POS end positions */
} Positions;

typedef struct RankData {
  int nPhrase;        /* phrases in the query */
  int nGroup;         /* groups (query words) */
  int *group;         /* group of each phrase */
  double *weight;     /* weight of each phrase */
  double *idf;        /* IDF of each phrase */
  int *content;       /* per group: 1 when it counts toward matched */
  int nContent;       /* groups with content[] set */
  double avgdl[NCOL]; /* average column sizes, in tokens */
  double k1, b;       /* BM25 parameters */
  double colw[NCOL];  /* column weights */
  double prox;        /* proximity weight */
  int tiers;          /* 0: by groups matched; 1: all or not; 2: none */
  double lead;        /* bonus for a group early in the body */
  int leadpos;        /* "early": before this token position */
  int titlematch;     /* 1: a group in the title counts as matched */
  double phrase;      /* 0: the phrase is a tier; else a bonus of this
                      ** times the query's IDF */
  /* per-row scratch */
  double *tf;         /* nPhrase * NCOL term frequencies */
  Positions at[NCOL]; /* where each group occurs, per column */
} RankData;

static void rankDataFree(void *p) {
  RankData *d = p;
  if (!d) return;
  sqlite3_free(d->group);
  sqlite3_free(d->weight);
  sqlite3_free(d->idf);
  sqlite3_free(d->content);
  sqlite3_free(d->tf);
  for (int c = 0; c < NCOL; c++) {
    sqlite3_free(d->at[c].n);
    sqlite3_free(d->at[c].start);
    sqlite3_free(d->at[c].end);
  }
  sqlite3_free(d);
}

static int countRow(const Fts5ExtensionApi *pApi, Fts5Context *pFts, void *pUser) {
  (void)pApi;
  (void)pFts;
  (*(sqlite3_int64 *)pUser)++;
  return SQLITE_OK;
}

static void *zalloc(sqlite3_int64 n) {
  void *p = sqlite3_malloc64((sqlite3_uint64)n);
  if (p) memset(p, 0, (size_t)n);
  return p;
}

/* Parse the spec into d; phrases without an entry keep their defaults. */
static void parseSpec(RankData *d, const char *spec) {
  int i = 0;
  const char *p = spec;
  while (p && *p) {
    while (*p == ' ')
      p++;
    if (!*p) break;
    const char *eq = NULL, *colon = NULL, *q = p;
    while (*q && *q != ' ') {
      if (*q == '=' && !eq) eq = q;
      if (*q == ':' && !colon) colon = q;
      q++;
    }
    if (eq) {
      double v = atof(eq + 1);
      size_t k = (size_t)(eq - p);
      if (k == 2 && memcmp(p, "k1", 2) == 0)
        d->k1 = v;
      else if (k == 1 && *p == 'b')
        d->b = v;
      else if (k == 5 && memcmp(p, "title", 5) == 0)
        d->colw[COL_TITLE] = v;
      else if (k == 4 && memcmp(p, "prox", 4) == 0)
        d->prox = v;
      else if (k == 5 && memcmp(p, "tiers", 5) == 0)
        d->tiers = (int)v;
      else if (k == 4 && memcmp(p, "lead", 4) == 0)
        d->lead = v;
      else if (k == 7 && memcmp(p, "leadpos", 7) == 0)
        d->leadpos = (int)v;
      else if (k == 10 && memcmp(p, "titlematch", 10) == 0)
        d->titlematch = (int)v;
      else if (k == 6 && memcmp(p, "phrase", 6) == 0)
        d->phrase = v;
    } else if (i < d->nPhrase) {
      int g = atoi(p);
      d->group[i] = (g >= 0 && g < d->nPhrase) ? g : i;
      if (colon) d->weight[i] = atof(colon + 1);
      i++;
    }
    p = q;
  }
}

static RankData *rankData(const Fts5ExtensionApi *pApi, Fts5Context *pFts, const char *spec,
                          int *pRc) {
  RankData *d = pApi->xGetAuxdata(pFts, 0);
  if (d) return d;
  int nPhrase = pApi->xPhraseCount(pFts);
  int n = nPhrase > 0 ? nPhrase : 1;
  sqlite3_int64 nRow = 0;
  d = zalloc(sizeof *d);
  if (!d) goto nomem;
  d->nPhrase = nPhrase;
  d->group = zalloc(sizeof(int) * n);
  d->weight = zalloc(sizeof(double) * n);
  d->idf = zalloc(sizeof(double) * n);
  d->content = zalloc(sizeof(int) * n);
  d->tf = zalloc(sizeof(double) * n * NCOL);
  if (!d->group || !d->weight || !d->idf || !d->content || !d->tf) goto nomem;
  for (int c = 0; c < NCOL; c++) {
    d->at[c].n = zalloc(sizeof(int) * n);
    d->at[c].start = zalloc(sizeof(int) * n * MAX_POS);
    d->at[c].end = zalloc(sizeof(int) * n * MAX_POS);
    if (!d->at[c].n || !d->at[c].start || !d->at[c].end) goto nomem;
  }
  d->k1 = 0.9; /* tuned on TyDiQA (bench/eval.py): passages are short */
  d->b = 0.4;
  d->colw[COL_TITLE] = 1.0;
  d->colw[COL_BODY] = 1.0;
  d->prox = 0.5;
  d->tiers = 1;
  d->titlematch = 1;
  d->phrase = 0.5;
  d->lead = 0.8;
  d->leadpos = 6;
  for (int i = 0; i < nPhrase; i++)
    d->group[i] = i, d->weight[i] = 1.0;
  parseSpec(d, spec);
  d->nGroup = 0;
  for (int i = 0; i < nPhrase; i++) {
    if (d->group[i] + 1 > d->nGroup) d->nGroup = d->group[i] + 1;
    if (d->weight[i] >= 0.5) d->content[d->group[i]] = 1;
  }
  for (int g = 0; g < d->nGroup; g++)
    d->nContent += d->content[g];
  if (d->nContent == 0) {
    for (int g = 0; g < d->nGroup; g++)
      d->content[g] = 1;
    d->nContent = d->nGroup;
  }
  int rc = pApi->xRowCount(pFts, &nRow);
  for (int c = 0; rc == SQLITE_OK && c < NCOL; c++) {
    sqlite3_int64 total = 0;
    rc = pApi->xColumnTotalSize(pFts, c, &total);
    d->avgdl[c] = nRow > 0 ? (double)total / (double)nRow : 1.0;
    if (d->avgdl[c] <= 0) d->avgdl[c] = 1.0;
  }
  for (int i = 0; rc == SQLITE_OK && i < nPhrase; i++) {
    sqlite3_int64 df = 0;
    rc = pApi->xQueryPhrase(pFts, i, &df, countRow);
    d->idf[i] = log(1.0 + ((double)nRow - (double)df + 0.5) / ((double)df + 0.5));
  }
  if (rc == SQLITE_OK) rc = pApi->xSetAuxdata(pFts, d, rankDataFree);
  if (rc != SQLITE_OK) {
    *pRc = rc;
    return NULL; /* xSetAuxdata frees d on failure */
  }
  return d;
nomem:
  rankDataFree(d);
  *pRc = SQLITE_NOMEM;
  return NULL;
}

/* Proximity of consecutive content groups in the body: the closer the
** nearest pair of their occurrences, the larger the bonus. */
static double proximity(const RankData *d) {
  const Positions *at = &d->at[COL_BODY];
  double bonus = 0;
  int prev = -1;
  for (int g = 0; g < d->nGroup; g++) {
    if (!d->content[g] || at->n[g] == 0) continue;
    if (prev >= 0) {
      int best = 1 << 30;
      const int *a = &at->end[prev * MAX_POS], *bpos = &at->start[g * MAX_POS];
      for (int i = 0; i < at->n[prev]; i++) {
        for (int j = 0; j < at->n[g]; j++) {
          int dist = bpos[j] - a[i];
          if (dist <= 0) dist = 2 - dist; /* reversed order counts less */
          if (dist < best) best = dist;
        }
      }
      if (best <= 8) {
        double idfA = 0, idfB = 0;
        for (int i = 0; i < d->nPhrase; i++) {
          if (d->group[i] == prev && d->idf[i] > idfA) idfA = d->idf[i];
          if (d->group[i] == g && d->idf[i] > idfB) idfB = d->idf[i];
        }
        bonus += d->prox * (idfA < idfB ? idfA : idfB) / (double)best;
      }
    }
    prev = g;
  }
  return bonus;
}

/* 1 when the row is the first passage of an untitled document: its opening
** words say what the document is about (a titled one says it in the title,
** and a news lead opens with a dateline). */
static int leadPassage(const Fts5ExtensionApi *pApi, Fts5Context *pFts, int titleSize) {
  const char *t = NULL;
  int n = 0;
  if (titleSize > 0) return 0;
  if (pApi->xColumnText(pFts, COL_ORDINAL, &t, &n) != SQLITE_OK || !t) return 0;
  return n == 1 && t[0] == '0';
}

/* 1 when the content groups occur in column col one after the other, in
** query order (the query as a phrase). */
static int phraseIn(const RankData *d, int col) {
  const Positions *at = &d->at[col];
  int ends[MAX_POS], nends = -1, groups = 0;
  for (int g = 0; g < d->nGroup; g++) {
    if (!d->content[g]) continue;
    const int *st = &at->start[g * MAX_POS], *en = &at->end[g * MAX_POS];
    int next[MAX_POS], nnext = 0;
    for (int j = 0; j < at->n[g]; j++) {
      int ok = nends < 0;
      for (int i = 0; !ok && i < nends; i++)
        ok = st[j] == ends[i] + 1;
      if (ok) next[nnext++] = en[j];
    }
    if (nnext == 0) return 0;
    memcpy(ends, next, sizeof(int) * (size_t)nnext);
    nends = nnext;
    groups++;
  }
  return groups >= 2;
}

/* The query as a phrase in the passage or its title. */
static int phraseMatch(const RankData *d) {
  return phraseIn(d, COL_BODY) || (d->titlematch && phraseIn(d, COL_TITLE));
}

static void wartaRank(const Fts5ExtensionApi *pApi, Fts5Context *pFts, sqlite3_context *ctx,
                      int nVal, sqlite3_value **apVal) {
  int rc = SQLITE_OK, nInst = 0;
  const char *spec = nVal > 0 ? (const char *)sqlite3_value_text(apVal[0]) : NULL;
  if (nVal > 2) {
    sqlite3_result_error(ctx, "wrong number of arguments to function warta_rank()", -1);
    return;
  }
  const char *want = nVal == 2 ? (const char *)sqlite3_value_text(apVal[1]) : NULL;
  int wantMatched = want && strcmp(want, "matched") == 0;
  int wantPhrase = want && strcmp(want, "phrase") == 0;
  RankData *d = rankData(pApi, pFts, spec, &rc);
  if (!d) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  memset(d->tf, 0, sizeof(double) * (size_t)(d->nPhrase > 0 ? d->nPhrase : 1) * NCOL);
  for (int c = 0; c < NCOL; c++) {
    memset(d->at[c].n, 0, sizeof(int) * (size_t)(d->nGroup > 0 ? d->nGroup : 1));
  }
  rc = pApi->xInstCount(pFts, &nInst);
  for (int i = 0; rc == SQLITE_OK && i < nInst; i++) {
    int ip, ic, io;
    rc = pApi->xInst(pFts, i, &ip, &ic, &io);
    if (rc != SQLITE_OK || ip < 0 || ip >= d->nPhrase || ic < 0 || ic >= NCOL) continue;
    d->tf[ip * NCOL + ic] += 1.0;
    int g = d->group[ip];
    Positions *at = &d->at[ic];
    if (at->n[g] < MAX_POS) {
      at->start[g * MAX_POS + at->n[g]] = io;
      at->end[g * MAX_POS + at->n[g]] = io + pApi->xPhraseSize(pFts, ip) - 1;
      at->n[g]++;
    }
  }
  double dl[NCOL];
  for (int c = 0; rc == SQLITE_OK && c < NCOL; c++) {
    int n = 0;
    rc = pApi->xColumnSize(pFts, c, &n);
    dl[c] = n;
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double bm25 = 0;
  int matched = 0;
  for (int g = 0; g < d->nGroup; g++) {
    double best = 0;
    int inBody = 0;
    for (int i = 0; i < d->nPhrase; i++) {
      if (d->group[i] != g) continue;
      double s = 0;
      for (int c = 0; c < NCOL; c++) {
        double tf = d->tf[i * NCOL + c];
        if (tf <= 0) continue;
        double norm = d->k1 * (1 - d->b + d->b * dl[c] / d->avgdl[c]);
        s += d->colw[c] * tf * (d->k1 + 1) / (tf + norm);
        if (c == COL_BODY || d->titlematch) inBody = 1;
      }
      s *= d->weight[i] * d->idf[i];
      if (s > best) best = s;
    }
    bm25 += best;
    if (inBody && d->content[g]) matched++;
  }
  double rel = bm25 + proximity(d);
  if (d->lead > 0 && leadPassage(pApi, pFts, (int)dl[COL_TITLE])) {
    for (int g = 0; g < d->nGroup; g++) {
      int first = 1 << 30;
      const Positions *at = &d->at[COL_BODY];
      for (int j = 0; j < at->n[g]; j++) {
        if (at->start[g * MAX_POS + j] < first) first = at->start[g * MAX_POS + j];
      }
      if (first >= 4 * d->leadpos) continue;
      double early = exp(-(double)first / (double)d->leadpos);
      double idf = 0;
      for (int i = 0; i < d->nPhrase; i++) {
        if (d->group[i] == g && d->idf[i] * d->weight[i] > idf) idf = d->idf[i] * d->weight[i];
      }
      rel += d->lead * idf * early;
    }
  }
  if (rel > TIER - 1) rel = TIER - 1;
  if (wantMatched || wantPhrase) {
    sqlite3_result_int(ctx, wantMatched ? matched : matched == d->nContent && phraseMatch(d));
    return;
  }
  int phrase = matched == d->nContent && phraseMatch(d);
  int tier = d->tiers == 0 ? matched : d->tiers == 1 ? matched == d->nContent : 0;
  if (d->tiers == 2) phrase = 0;
  if (phrase && d->phrase > 0) {
    /* a bonus, not a tier: a passage about the topic can still beat one
    ** that holds the phrase in passing */
    double idf = 0;
    for (int i = 0; i < d->nPhrase; i++) {
      if (d->content[d->group[i]]) idf += d->idf[i] * d->weight[i];
    }
    rel += d->phrase * idf;
    if (rel > TIER - 1) rel = TIER - 1;
    phrase = 0;
  }
  sqlite3_result_double(ctx, (2 * tier + phrase) * TIER + rel);
}

/*************************************************************************
** warta_highlights
*/
typedef struct HlCtx {
  unsigned char *hit; /* per token position: 1 when matched */
  int nHit;           /* entries in hit[] */
  int iPos;           /* position of the current token */
  int *ranges;        /* start,end pairs */
  int n, cap;         /* pairs used / allocated */
  int rc;             /* sticky error */
} HlCtx;

static void addRange(HlCtx *h, int s, int e) {
  if (h->rc) return;
  if (h->n > 0) {
    int *last = &h->ranges[2 * (h->n - 1)];
    if (s <= last[1]) { /* overlapping: parts of one compound, a join */
      if (s < last[0]) last[0] = s;
      if (e > last[1]) last[1] = e;
      return;
    }
  }
  if (h->n == h->cap) {
    int cap = h->cap ? h->cap * 2 : 16;
    int *r = sqlite3_realloc(h->ranges, (int)(sizeof(int) * 2 * (size_t)cap));
    if (!r) {
      h->rc = SQLITE_NOMEM;
      return;
    }
    h->ranges = r;
    h->cap = cap;
  }
  h->ranges[2 * h->n] = s;
  h->ranges[2 * h->n + 1] = e;
  h->n++;
}

static int hlToken(void *pCtx, int tflags, const char *pToken, int nToken, int iStart, int iEnd) {
  HlCtx *h = pCtx;
  (void)pToken;
  (void)nToken;
  if (!(tflags & FTS5_TOKEN_COLOCATED)) h->iPos++;
  if (h->iPos >= 0 && h->iPos < h->nHit && h->hit[h->iPos]) addRange(h, iStart, iEnd);
  return h->rc;
}

static void wartaHighlights(const Fts5ExtensionApi *pApi, Fts5Context *pFts, sqlite3_context *ctx,
                            int nVal, sqlite3_value **apVal) {
  HlCtx h;
  int rc, nInst = 0, col, nTok = 0;
  const char *text = NULL;
  int nText = 0;
  if (nVal != 1) {
    sqlite3_result_error(ctx, "wrong number of arguments to function warta_highlights()", -1);
    return;
  }
  memset(&h, 0, sizeof h);
  h.iPos = -1;
  col = sqlite3_value_int(apVal[0]);
  rc = pApi->xColumnSize(pFts, col, &nTok);
  if (rc == SQLITE_OK) rc = pApi->xColumnText(pFts, col, &text, &nText);
  if (rc == SQLITE_OK && nTok > 0) {
    h.hit = zalloc(nTok);
    h.nHit = nTok;
    if (!h.hit) rc = SQLITE_NOMEM;
  }
  if (rc == SQLITE_OK) rc = pApi->xInstCount(pFts, &nInst);
  for (int i = 0; rc == SQLITE_OK && i < nInst; i++) {
    int ip, ic, io;
    rc = pApi->xInst(pFts, i, &ip, &ic, &io);
    if (rc != SQLITE_OK || ic != col) continue;
    int size = pApi->xPhraseSize(pFts, ip);
    for (int k = io; k < io + size && k < h.nHit; k++) {
      if (k >= 0) h.hit[k] = 1;
    }
  }
  if (rc == SQLITE_OK && text && h.hit) rc = pApi->xTokenize(pFts, text, nText, &h, hlToken);
  if (rc == SQLITE_OK) rc = h.rc;
  if (rc == SQLITE_OK) {
    warta_buf out = WARTA_BUF_INIT;
    for (int i = 0; i < h.n; i++) {
      warta_buf_printf(&out, "%s%d-%d", i ? "," : "", h.ranges[2 * i], h.ranges[2 * i + 1]);
    }
    if (out.err)
      sqlite3_result_error_nomem(ctx);
    else
      sqlite3_result_text(ctx, out.p ? out.p : "", -1, SQLITE_TRANSIENT);
    warta_buf_free(&out);
  } else {
    sqlite3_result_error_code(ctx, rc);
  }
  sqlite3_free(h.hit);
  sqlite3_free(h.ranges);
}

int warta_fts_register_functions(void *api) {
  static const struct {
    const char *name;
    fts5_extension_function fn;
  } fns[] = {
      {"warta_rank", wartaRank},
      {"warta_highlights", wartaHighlights},
  };
  fts5_api *fts = api;
  int rc = SQLITE_OK;
  for (size_t i = 0; rc == SQLITE_OK && i < sizeof fns / sizeof fns[0]; i++) {
    rc = fts->xCreateFunction(fts, fns[i].name, NULL, fns[i].fn, NULL);
  }
  return rc;
}
