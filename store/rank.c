/*
** Ranking: articles first, then the best passage of each, scores combined.
**
** Stage 1 ranks articles with Xapian's BM25 over title and body: first
** those holding every content word (tier 1), then those holding some (tier
** 2). Stage 2 reads, for the articles of a block of stage 1's order, where
** the query's terms occur (each article's occurrence table, occur.h: one
** read of its document, which its hit then reads the rest of; its title
** at positions from 1, then each passage in a range of its own) and
** scores every passage: BM25 over the passage, proximity of consecutive content words,
** the query as a phrase (in the passage or the title), and, for an
** untitled article's first passage, query words among its first words.
** An article's final score is its BM25 plus two bounded parts: `near`
** times how often the query's words stand near each other anywhere in it,
** and `passage` times its best passage's evidence over the best in its
** block, scaled to the block's best BM25 (block_combine). Within a block of
** `block` articles of stage 1's order, articles are re-ranked by (tier,
** final score). Blocks are fixed
** in stage 1's order, so paging with any offset sees one order: every
** article once.
**
** The shown score never rises down the list: it is the final score capped
** by a running minimum that starts, for a block, at the smallest BM25 of
** all articles before it (which no later final score can exceed within a
** tier... and tier 2 always follows tier 1).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "common/grow.h"
#include "common/rc.h"
#include "search_int.h"
#include "occur.h"
#include "story.h"

#define MAX_TRIES 5    /* reopen-and-retry when the index changes */
#define NEAR_DIST 8    /* proximity counts up to this distance */
#define TITLE_LEN 10.0 /* a title's typical length, in positions */

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/**************************************************************************
** one article's candidates
*/
typedef struct cand {
  xdocid did;      /* the article */
  double a;        /* its stage-1 BM25 */
  int tier;        /* 1 or 0 */
  double final;    /* a + passage * evidence */
  double shown;    /* the shown score */
  double evidence; /* of its best passage */
  int best;        /* that passage's ordinal */
  int matched;     /* content groups in it (or the title) */
  int phrase;      /* the query as a phrase in it (or the title) */
  double parts[4]; /* bm25, proximity, phrase, lead of the best passage */
  double near;     /* query words near each other in the whole article */
  double pnorm;    /* evidence / the block's best evidence, times the
                   ** block's best article score (0 outside a block) */
  int *rank;       /* with per_article > 1: passages best first */
  int nrank;
  /* what stage 2 read of it, and its hits use: */
  xread *doc;              /* its document, read once */
  char *occv;              /* its occurrence table (V_OCC; malloc'ed) */
  size_t nocc;             /* its bytes */
  occ_table t;             /* that table read (in occv), with the layout */
  occ_list *occ;           /* where each group occurs in it (one list per group) */
  char story[AID_LEN + 1]; /* its story, when folded ("" otherwise) */
} cand;

/* Where each group of p occurs in article c, from its occurrence table:
** the one stage 1's match carried, else read with the document (one read
** of the engine, whose hit then reads the rest of it from there). */
static int find_occurrences(warta_searcher *s, xmatch *p, cand *c) {
  int rc = WARTA_OK;
  if (!c->occv) {
    rc = c->doc ? WARTA_OK : xdb_read(s->x, c->did, &c->doc);
    if (rc == WARTA_OK) rc = xread_value(s->x, c->doc, V_OCC, &c->occv, &c->nocc);
  }
  if (rc) return rc == WARTA_NOMEM ? rc : searcher_xfail(s, rc);
  if (!(c->occ = calloc((size_t)(p->ng ? p->ng : 1), sizeof *c->occ))) return WARTA_NOMEM;
  /* an article whose table is damaged matches as it is, without passages */
  rc = occ_table_read((const unsigned char *)c->occv, c->nocc, &c->t);
  if (rc) return rc == WARTA_CORRUPT ? WARTA_OK : rc;
  const char **terms = malloc(sizeof *terms * (size_t)(p->nterm ? p->nterm : 1));
  int *lens = malloc(sizeof *lens * (size_t)(p->nterm ? p->nterm : 1));
  uint32_t **pos = calloc((size_t)(p->nterm ? p->nterm : 1), sizeof *pos);
  int *npos = calloc((size_t)(p->nterm ? p->nterm : 1), sizeof *npos);
  rc = terms && lens && pos && npos ? WARTA_OK : WARTA_NOMEM;
  for (int i = 0; rc == WARTA_OK && i < p->nterm; i++) {
    terms[i] = p->term[i].t;
    lens[i] = p->term[i].df ? p->term[i].n : 0; /* no article holds it */
  }
  if (rc == WARTA_OK) rc = occ_table_positions(&c->t, terms, lens, p->nterm, pos, npos);
  if (rc == WARTA_CORRUPT) rc = WARTA_OK; /* what was read stands: nothing */
  for (int g = 0; rc == WARTA_OK && g < p->ng; g++) {
    for (int k = 0; rc == WARTA_OK && k < p->g[g].nseq; k++) {
      const qseq *q = &p->g[g].seq[k];
      uint32_t *sp[16];
      int sn[16], n = q->n < 16 ? q->n : 16;
      for (int j = 0; j < n; j++)
        sp[j] = pos[q->term[j]], sn[j] = npos[q->term[j]];
      rc = occ_sequence(sp, sn, n, k, &c->occ[g]);
    }
    occ_sort(&c->occ[g]);
  }
  for (int i = 0; pos && i < p->nterm; i++)
    free(pos[i]);
  free(terms);
  free(lens);
  free(pos);
  free(npos);
  return rc;
}

/* 1 when the content groups occur one after the other, in query order, in
** [lo, hi). */
static int phrase_in(const xmatch *p, const occ_list *o, uint32_t lo, uint32_t hi) {
  uint32_t ends[64];
  int nends = -1, groups = 0;
  for (int g = 0; g < p->ng; g++) {
    if (!p->g[g].content) continue;
    uint32_t next[64];
    int nnext = 0, a, b;
    occ_in_range(&o[g], lo, hi, &a, &b);
    for (int i = a; i < b && nnext < 64; i++) {
      int ok = nends < 0;
      for (int j = 0; !ok && j < nends; j++)
        ok = o[g].v[i].start == ends[j] + 1;
      if (ok) next[nnext++] = o[g].v[i].end;
    }
    if (nnext == 0) return 0;
    memcpy(ends, next, sizeof(uint32_t) * (size_t)nnext);
    nends = nnext;
    groups++;
  }
  return groups >= 2;
}

/* Proximity of consecutive content groups in [lo, hi). */
static double proximity(const xmatch *p, const occ_list *o, uint32_t lo, uint32_t hi, double w) {
  double bonus = 0;
  int prev = -1;
  for (int g = 0; g < p->ng; g++) {
    int a, b;
    if (!p->g[g].content) continue;
    occ_in_range(&o[g], lo, hi, &a, &b);
    if (a == b) continue;
    if (prev >= 0) {
      int pa, pb, best = 1 << 30;
      occ_in_range(&o[prev], lo, hi, &pa, &pb);
      for (int i = pa; i < pb; i++) {
        for (int j = a; j < b; j++) {
          int d = (int)o[g].v[j].start - (int)o[prev].v[i].end;
          if (d <= 0) d = 2 - d; /* reversed order counts less */
          if (d < best) best = d;
        }
      }
      if (best <= NEAR_DIST) {
        double idf = p->g[prev].idf < p->g[g].idf ? p->g[prev].idf : p->g[g].idf;
        bonus += w * idf / best;
      }
    }
    prev = g;
  }
  return bonus;
}

/* Query words near each other anywhere in the article: for each two
** consecutive content groups, the occurrences of the second within
** NEAR_DIST words of the first (either order), saturated as BM25 saturates a
** word's count (k 1: at most twice), times the rarer group's IDF. */
static double article_near(const xmatch *p, const occ_list *o) {
  double sum = 0;
  int prev = -1;
  for (int g = 0; g < p->ng; g++) {
    if (!p->g[g].content || o[g].n == 0) continue;
    if (prev >= 0) {
      int n = 0, j = 0;
      const occ *a = o[prev].v, *b = o[g].v;
      for (int i = 0; i < o[g].n; i++) {
        /* the first occurrence of prev that could be near b[i] */
        while (j < o[prev].n && a[j].end + NEAR_DIST < b[i].start)
          j++;
        n += j < o[prev].n && a[j].start <= b[i].end + NEAR_DIST;
      }
      double idf = p->g[prev].idf < p->g[g].idf ? p->g[prev].idf : p->g[g].idf;
      sum += idf * 2.0 * n / (n + 1.0);
    }
    prev = g;
  }
  return sum;
}

typedef struct pscore {
  double total, bm25, prox, phrase, lead;
  int matched, is_phrase;
} pscore;

/* The evidence of the passage [lo, lo + len), ordinal k, of an article
** whose title has `title` positions; title_phrase: the title holds the
** query as a phrase; title_has[g]: group g occurs in the title. */
static void score_passage(const xmatch *p, const occ_list *o, const warta_rank *r, uint32_t lo,
                          uint32_t len, int k, uint32_t title, int title_phrase,
                          const int *title_has, pscore *ps) {
  uint32_t hi = lo + len;
  memset(ps, 0, sizeof *ps);
  for (int g = 0; g < p->ng; g++) {
    int a, b;
    occ_in_range(&o[g], lo, hi, &a, &b);
    /* BM25 over two fields, the passage and its article's title; each
    ** alternative of the group with its own IDF, the best counting */
    double tf = b - a, best = 0;
    double pnorm = r->pk1 * (1 - r->pb + r->pb * (double)len / r->plen);
    double tnorm = r->pk1 * (1 - r->pb + r->pb * (double)title / TITLE_LEN);
    for (int q = 0; q < p->g[g].nseq; q++) {
      double tfk = 0, ttk = 0;
      for (int i = a; i < b; i++)
        tfk += o[g].v[i].seq == q;
      if (title_has[g]) {
        int ta, tb;
        occ_in_range(&o[g], 1, title + 1, &ta, &tb);
        for (int i = ta; i < tb; i++)
          ttk += o[g].v[i].seq == q;
      }
      double sc = 0;
      if (tfk > 0) sc += tfk * (r->pk1 + 1) / (tfk + pnorm);
      if (ttk > 0 && r->ptitle > 0) sc += r->ptitle * ttk * (r->pk1 + 1) / (ttk + tnorm);
      sc *= p->g[g].seq[q].idf * p->g[g].seq[q].w;
      if (sc > best) best = sc;
    }
    ps->bm25 += p->g[g].weight * best;
    if (p->g[g].content && (tf > 0 || title_has[g])) ps->matched++;
    if (r->lead > 0 && title == 0 && k == 0 && tf > 0) {
      uint32_t first = o[g].v[a].start - lo;
      if (first < (uint32_t)(4 * r->leadpos))
        ps->lead += r->lead * p->g[g].seq[o[g].v[a].seq].idf * p->g[g].seq[o[g].v[a].seq].w *
                    p->g[g].weight * exp(-(double)first / r->leadpos);
    }
  }
  ps->prox = proximity(p, o, lo, hi, r->prox);
  ps->is_phrase = ps->matched == p->ncontent && (phrase_in(p, o, lo, hi) || title_phrase);
  if (ps->is_phrase && r->phrase > 0) {
    double idf = 0;
    for (int g = 0; g < p->ng; g++) {
      if (p->g[g].content) idf += p->g[g].idf * p->g[g].weight;
    }
    ps->phrase = r->phrase * idf;
  }
  ps->total = ps->bm25 + ps->prox + ps->phrase + ps->lead;
}

typedef struct pass_order {
  int k;
  double score;
} pass_order;

static int by_score(const void *a, const void *b) {
  const pass_order *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return x->k - y->k;
}

static void cand_clear(cand *c, int ng) {
  free(c->rank);
  occ_table_free(&c->t);
  for (int g = 0; c->occ && g < ng; g++)
    free(c->occ[g].v);
  free(c->occ);
  free(c->occv);
  xread_free(c->doc);
}

/* Score c's passages (ord[k]: passage k's order key): keep its best
** evidence, and the passage it shows. */
static void score_passages(const xmatch *p, const warta_rank *r, cand *c, const int *title_has,
                           int title_phrase, pass_order *ord) {
  art_layout l = c->t.l;
  double shown = -1;
  c->best = 0;
  c->evidence = -1;
  for (int k = 0; k < l.n; k++) {
    pscore ps;
    score_passage(p, c->occ, r, l.first[k], l.len[k], k, l.title, title_phrase, title_has, &ps);
    ord[k].k = k;
    ord[k].score = ps.total + 1000.0 * ps.matched;
    /* the article scores with its best evidence; it shows the passage that
    ** holds the most of the query's words, the best of those */
    if (ps.total > c->evidence) {
      c->evidence = ps.total;
      c->parts[0] = ps.bm25;
      c->parts[1] = ps.prox;
      c->parts[2] = ps.phrase;
      c->parts[3] = ps.lead;
    }
    if (ord[k].score > shown) {
      shown = ord[k].score;
      c->best = k;
      c->matched = ps.matched;
      c->phrase = ps.is_phrase;
    }
  }
}

/* c's passages best first (for several hits of an article), those that
** match only. */
static void order_passages(cand *c, pass_order *ord, int n) {
  qsort(ord, (size_t)n, sizeof *ord, by_score);
  c->rank = malloc(sizeof(int) * (size_t)n);
  for (int k = 0; c->rank && k < n; k++) {
    if (k > 0 && ord[k].score <= 0) break;
    c->rank[c->nrank++] = ord[k].k;
  }
}

/* Stage 2 for one article: its passages scored, the best kept. */
static int evaluate(warta_searcher *s, xmatch *p, const warta_query *q, cand *c) {
  int rc = find_occurrences(s, p, c);
  if (rc) return rc;
  art_layout l = c->t.l;
  const occ_list *o = c->occ;
  int *title_has = calloc((size_t)(p->ng ? p->ng : 1), sizeof(int));
  pass_order *ord = calloc((size_t)(l.n ? l.n : 1), sizeof *ord);
  if (!title_has || !ord) {
    free(title_has);
    free(ord);
    return WARTA_NOMEM;
  }
  for (int g = 0; g < p->ng; g++) {
    int a, b;
    occ_in_range(&o[g], 1, l.title + 1, &a, &b);
    title_has[g] = b - a;
  }
  int title_phrase = l.title > 0 && phrase_in(p, o, 1, l.title + 1);
  score_passages(p, &q->rank, c, title_has, title_phrase, ord);
  if (l.n == 0) {
    c->evidence = 0;
    c->phrase = title_phrase;
    for (int g = 0; g < p->ng; g++)
      c->matched += p->g[g].content && title_has[g];
  }
  c->near = article_near(p, o);
  /* the passage's part is added for a block (block_combine) */
  c->final = c->a + q->rank.near * c->near;
  if (q->per_article != 1 && l.n > 0) order_passages(c, ord, l.n);
  free(title_has);
  free(ord);
  return WARTA_OK;
}

/**************************************************************************
** stage 1
*/
static void xsearch_init(xsearch *x, const warta_query *q) {
  memset(x, 0, sizeof *x);
  /* copies of one story fold into its best-ranked one */
  x->collapse_slot = q->fold ? V_STORY : -1;
  x->sort_slot = -1;
  x->weight.k1 = q->rank.k1;
  x->weight.b = q->rank.b;
  x->weight.min_normlen = 0.5;
}

typedef struct candv {
  cand *v;
  int n;
  size_t cap;
} candv;

/* Append the article of stage-1 hit h (its story key, or none), taking
** over the value it carries (its occurrence table). A story met already
** (its copies can be in both tiers) is not listed twice. */
static int push_cand(candv *cv, xhit *h, int tier) {
  const char *key = h->key;
  for (int i = 0; key && i < cv->n; i++)
    if (strcmp(cv->v[i].story, key) == 0) return WARTA_OK;
  if (WARTA_GROW(cv->v, cv->cap, (size_t)cv->n + 1)) return WARTA_NOMEM;
  cand *c = &cv->v[cv->n++];
  memset(c, 0, sizeof *c);
  c->did = h->did;
  c->a = c->final = h->weight;
  c->tier = tier;
  if (key) snprintf(c->story, sizeof c->story, "%s", key);
  /* its occurrence table, which came with the match: taken over */
  c->occv = h->value;
  c->nocc = h->nvalue;
  h->value = NULL;
  return WARTA_OK;
}

static void candv_free(candv *cv, int ng) {
  for (int i = 0; i < cv->n; i++)
    cand_clear(&cv->v[i], ng);
  free(cv->v);
  memset(cv, 0, sizeof *cv);
}

/* Stage-1 articles of one tier at ranks [from, to) appended to cv. */
static int fetch_tier(warta_searcher *s, const warta_query *q, const xq *tq, int tier, int from,
                      int to, uint32_t check, int seen, candv *cv, xresult *r) {
  xsearch x;
  xsearch_init(&x, q);
  x.seen = seen;
  x.offset = from;
  x.limit = to - from;
  x.check_at_least = check;
  /* over a remote shard the tables come with the match, each document read
  ** being a round trip; locally the match would read the table of every
  ** candidate it weighs (p50 +12% on the mix), stage 2 only those it
  ** scores. Equal weights then go by the table (remote) or the document id
  ** (local): the same articles but where two tie at the block's edge. */
  x.carry = warta_searcher_remote(s);
  x.carry_slot = V_OCC;
  int rc = xdb_search(s->x, tq, &x, r);
  if (rc) return searcher_xfail(s, rc);
  for (int i = 0; i < r->nhit && rc == WARTA_OK; i++)
    rc = push_cand(cv, &r->hit[i], tier);
  return rc;
}

/* The passage's part of the final scores of a block of n articles: each
** one's best evidence over the block's best, times the block's best article
** score, so that passages reorder articles of like scores but never
** outweigh the articles' own evidence by more than `passage` times. */
static void block_combine(cand *v, int n, const warta_rank *r) {
  double emax = 0, amax = 0;
  for (int i = 0; i < n; i++) {
    if (v[i].evidence > emax) emax = v[i].evidence;
    if (v[i].a > amax) amax = v[i].a;
  }
  for (int i = 0; i < n && emax > 0; i++) {
    v[i].pnorm = v[i].evidence > 0 ? v[i].evidence / emax * amax : 0;
    v[i].final += r->passage * v[i].pnorm;
  }
}

static int by_final(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->tier != y->tier) return y->tier - x->tier;
  if (x->final != y->final) return x->final > y->final ? -1 : 1;
  return x->did < y->did ? -1 : x->did > y->did;
}

/**************************************************************************
** hits
*/

/* Words of text starting with a wildcard group's prefix. */
static int wildcard_prefixes(const xmatch *p, const char **prefix) {
  int np = 0;
  for (int g = 0; g < p->ng && np < 64; g++) {
    if (p->g[g].prefix) prefix[np++] = p->g[g].prefix;
  }
  return np;
}

static int wildcard_spans(warta_searcher *s, const xmatch *p, const char *text, size_t n,
                          spanv *sv) {
  const char *prefix[64];
  int np = wildcard_prefixes(p, prefix);
  return occ_prefix_spans(&s->scanner, prefix, np, text, n, sv);
}

/* The names standing for query words (synonyms, acronyms) that the
** article holds, for explain: "; names held: "a", "b" (x0.5)", or "". */
static char *names_held(const xmatch *p, const cand *c, const warta_rank *r) {
  warta_buf b = WARTA_BUF_INIT, one = WARTA_BUF_INIT;
  for (int g = 0; g < p->ng; g++) {
    for (int i = 0; i < c->occ[g].n; i++) {
      const char *label = p->g[g].seq[c->occ[g].v[i].seq].label;
      if (!label) continue;
      warta_buf_reset(&one);
      warta_buf_printf(&one, "\"%s\"", label);
      if (one.err || (b.p && strstr(b.p, one.p))) continue;
      warta_buf_puts(&b, b.n ? ", " : "; names held: ");
      warta_buf_puts(&b, one.p);
    }
  }
  if (b.n) warta_buf_printf(&b, " (x%g)", r->expand);
  warta_buf_free(&one);
  char *s = b.err ? NULL : warta_buf_take(&b);
  warta_buf_free(&b);
  return s ? s : strdup("");
}

/* How the shown score was made; its first number is the shown score. */
static char *explain(const xmatch *p, const cand *c, const warta_rank *r) {
  char capped[96] = "";
  if (c->shown != c->final)
    snprintf(capped, sizeof capped,
             "%.4f = the score above it (never rising down the list); its own: ", c->shown);
  char *held = names_held(p, c, r);
  char *s = warta_strdupf("%s%.4f = article %.4f (BM25 over title and body, tier %d) + %g x near "
                          "%.4f + %g x passage %.4f (evidence %.4f: BM25 %.4f, proximity %.4f, "
                          "phrase %.4f, lead %.4f; scaled to the block's best)%s",
                          capped, c->final, c->a, c->tier, r->near, c->near, r->passage, c->pnorm,
                          c->evidence, c->parts[0], c->parts[1], c->parts[2], c->parts[3],
                          held ? held : "");
  free(held);
  return s;
}

static int has_prefix(const xmatch *p) {
  for (int g = 0; g < p->ng; g++) {
    if (p->g[g].prefix) return 1;
  }
  return 0;
}

/* Whether a word of the query (not a word*) occurs in positions
** [first, first + len). */
static int passage_has_words(const xmatch *p, const occ_list *o, uint32_t first, uint32_t len) {
  for (int g = 0; g < p->ng; g++) {
    for (int i = 0; i < o[g].n; i++) {
      if (o[g].v[i].start >= first && o[g].v[i].start < first + len) return 1;
    }
  }
  return 0;
}

/* The final highlights of text[0..ntext) at positions [lo, lo + len),
** whose byte ranges are segment k of c's tail, into *hl, *nhl; its
** wildcard words searched in the text too when find_prefixes (otherwise sv
** holds them already). */
static int highlights(warta_searcher *s, const xmatch *p, const cand *c, const unsigned char *tail,
                      size_t nt, uint32_t lo, uint32_t len, int k, const char *text, size_t ntext,
                      int find_prefixes, spanv *sv, warta_span **hl, int *nhl) {
  size_t ns = 0;
  const unsigned char *seg = NULL;
  const char *prefix[64];
  int np = find_prefixes ? wildcard_prefixes(p, prefix) : 0;
  if (!tail || data_segment(tail, nt, k, &seg, &ns)) seg = NULL;
  return occ_highlights(c->occ, p->ng, lo, len, seg, ns, &s->scanner, prefix, np, text, ntext, sv,
                        hl, nhl);
}

/* Fill hit h with the article of c and its passage k: from what evaluate()
** read, and the article's document, read once (here, when stage 1's match
** carried its occurrence table). */
static int make_hit(warta_searcher *s, xmatch *p, const warta_query *q, cand *c, int k,
                    warta_hit *h) {
  size_t nd = 0, nj = 0, nt = 0, nv = 0;
  const unsigned char *tail = NULL;
  char *data = NULL;
  static const unsigned slots[3] = {V_ADDED, V_CHANGED, V_STORY};
  char **when[3] = {&h->added, &h->changed, &h->story};
  int rc = c->doc ? WARTA_OK : xdb_read(s->x, c->did, &c->doc);
  for (int i = 0; i < 3 && rc == WARTA_OK; i++)
    rc = xread_value(s->x, c->doc, slots[i], when[i], &nv);
  if (rc == WARTA_OK) rc = xread_data(s->x, c->doc, &data, &nd);
  if (rc) return rc == WARTA_NOMEM ? rc : searcher_xfail(s, rc);
  /* the fields and passage k alone, unless word* may choose another
  ** passage: an article's passages decoded whole were a tenth of the
  ** instructions of bench/speed.py's mix (0.64 G of 5.86 G) */
  json_t *a = NULL, *one = NULL;
  art_layout l = c->t.l;
  int split = data_split(data, nd, &nj, &tail, &nt) == 0;
  int lazy = split && !has_prefix(p)
                 ? data_parts(data, nj, q->want_text && k < l.n ? k : -1, &a, &one)
                 : -1;
  if (lazy == -2) {
    free(data);
    return WARTA_NOMEM;
  }
  if (split && lazy) a = json_loadb(data, nj, 0, NULL);
  h->score = c->shown;
  h->article = c->a;
  h->evidence = c->evidence;
  h->tier = c->tier;
  h->matched = c->matched;
  h->phrase = c->phrase;
  h->ordinal = k;
  if (a) {
    data_fields(a, &h->key, &h->title, &h->url, &h->path, &h->date, &h->source, &h->lang, &h->line);
  }
  if (q->explain) h->explain = explain(p, c, &q->rank);
  if (!q->want_text) goto out;
  /* the title's highlights: segment 0 of the byte ranges */
  spanv sv = {NULL, 0, 0, 0};
  rc = highlights(s, p, c, tail, nt, 1, l.title, 0, h->title, h->title ? strlen(h->title) : 0, 1,
                  &sv, &h->title_hl, &h->ntitle_hl);
  if (rc) goto out;
  /* the passage: its text, and segment 1 + k; a passage scored for the
  ** words alone may hold none of a word* (which the occurrence table does
  ** not list): then the first passage that holds one is shown. Its word*
  ** matches are found once, and kept for its highlights. */
  json_t *all = a && !one ? json_object_get(a, "passages") : NULL;
  json_t *pt = one ? one : k < l.n && all ? json_array_get(all, (size_t)k) : NULL;
  spanv ps = {NULL, 0, 0, 0};
  if (has_prefix(p) && json_is_string(pt)) {
    rc = wildcard_spans(s, p, json_string_value(pt), json_string_length(pt), &ps);
    int others = rc == WARTA_OK && ps.n == 0 && !passage_has_words(p, c->occ, l.first[k], l.len[k]);
    for (int j = 0;
         others && rc == WARTA_OK && ps.n == 0 && j < l.n && j < (int)json_array_size(all); j++) {
      json_t *pj = json_array_get(all, (size_t)j);
      if (j == k || !json_is_string(pj)) continue;
      rc = wildcard_spans(s, p, json_string_value(pj), json_string_length(pj), &ps);
      if (rc == WARTA_OK && ps.n > 0) {
        k = j;
        h->ordinal = k;
        pt = pj;
      }
    }
    if (rc) {
      free(ps.v);
      goto out;
    }
  }
  const char *text = json_string_value(pt);
  size_t ntext = text ? json_string_length(pt) : 0;
  h->text = malloc(ntext + 1);
  if (!h->text) {
    free(ps.v);
    rc = WARTA_NOMEM;
    goto out;
  }
  memcpy(h->text, text ? text : "", ntext);
  h->text[ntext] = 0;
  h->ntext = ntext;
  if (text && k < l.n) {
    /* the wildcard words were found above when there are any */
    rc = highlights(s, p, c, tail, nt, l.first[k], l.len[k], 1 + k, h->text, ntext, 0, &ps, &h->hl,
                    &h->nhl);
  } else {
    free(ps.v);
  }
out:
  json_decref(a);
  json_decref(one);
  free(data);
  return rc;
}

static void hit_clear(warta_hit *h) {
  free(h->key);
  free(h->title);
  free(h->url);
  free(h->path);
  free(h->date);
  free(h->source);
  free(h->lang);
  free(h->added);
  free(h->changed);
  free(h->text);
  free(h->hl);
  free(h->title_hl);
  free(h->explain);
  free(h->story);
  for (int i = 0; i < h->ncopy; i++) {
    free(h->copy[i].key);
    free(h->copy[i].source);
  }
  free(h->copy);
  memset(h, 0, sizeof *h);
}

/* The documents of the articles c[0..n) not read yet, read together: over
** remote shards the shards' round trips then overlap (xdb_read_many),
** where make_hit() would read them one after the other. */
static int read_documents(warta_searcher *s, cand *c, int n) {
  size_t m = (size_t)(n > 0 ? n : 1);
  xdocid *did = malloc(sizeof *did * m);
  xread **doc = malloc(sizeof *doc * m);
  const char **occv = malloc(sizeof *occv * m);
  size_t *nocc = malloc(sizeof *nocc * m);
  int *at = malloc(sizeof *at * m), k = 0;
  int rc = did && doc && occv && nocc && at ? WARTA_OK : WARTA_NOMEM;
  /* with the occurrence tables the match carried (remote shards), a
  ** second connection may read some (xdb_read_many) */
  for (int i = 0; rc == WARTA_OK && i < n; i++)
    if (!c[i].doc) did[k] = c[i].did, occv[k] = c[i].occv, nocc[k] = c[i].nocc, at[k++] = i;
  if (rc == WARTA_OK && k > 0 &&
      (rc = xdb_read_many(s->x, did, k, V_OCC, occv, nocc, doc)) == WARTA_OK)
    for (int j = 0; j < k; j++)
      c[at[j]].doc = doc[j];
  free(did);
  free(doc);
  free(occv);
  free(nocc);
  free(at);
  return rc == WARTA_OK || rc == WARTA_NOMEM ? rc : searcher_xfail(s, rc);
}

static int add_hits(warta_searcher *s, xmatch *p, const warta_query *q, cand *c, warta_results *r) {
  int n = q->per_article == 1 || !c->rank ? 1 : c->nrank;
  if (q->per_article > 1 && n > q->per_article) n = q->per_article;
  warta_hit *v = realloc(r->hit, sizeof *v * (size_t)(r->nhit + n));
  if (!v) return WARTA_NOMEM;
  r->hit = v;
  for (int i = 0; i < n; i++) {
    warta_hit *h = &r->hit[r->nhit];
    memset(h, 0, sizeof *h);
    r->nhit++;
    int k = c->rank && n > 1 ? c->rank[i] : c->best;
    int rc = make_hit(s, p, q, c, k, h);
    if (rc) return rc;
  }
  return WARTA_OK;
}

/**************************************************************************
** a page
*/
/* The articles of one tier at ranks [from, to) of date order (or of
** added order), appended to cv. */
static int sorted_tier(warta_searcher *s, const warta_query *q, const xq *tq, int tier, long from,
                       long to, candv *cv) {
  xsearch x;
  xresult xr;
  xsearch_init(&x, q);
  x.offset = (int)from;
  x.limit = (int)(to - from);
  x.check_at_least = (uint32_t)to;
  x.sort_slot = q->sort == WARTA_SORT_OLDEST  ? V_OLDEST
                : q->sort == WARTA_SORT_ADDED ? V_ADDED
                                              : V_DATE;
  x.sort_descending = q->sort == WARTA_SORT_NEWEST || q->sort == WARTA_SORT_ADDED;
  int rc = xdb_search(s->x, tq, &x, &xr);
  if (rc) return searcher_xfail(s, rc);
  for (int i = 0; i < xr.nhit && rc == WARTA_OK; i++)
    rc = push_cand(cv, &xr.hit[i], tier);
  xresult_free(&xr);
  return rc;
}

/* Sorted by date (or by when articles were added): the articles holding
** every word (tier 1) in that order, then those holding some (tier 2) in
** that order; stage 2 picks the passages. The exact count of tier 1 says where tier 2 begins. */
static int sorted_page(warta_searcher *s, xmatch *p, const warta_query *q, long n1,
                       warta_results *r) {
  candv cv = {NULL, 0, 0};
  int rc = WARTA_OK;
  long from = q->offset, to = (long)q->offset + q->limit;
  if (rc == WARTA_OK && from < n1)
    rc = sorted_tier(s, q, p->tier1, 1, from, to < n1 ? to : n1, &cv);
  if (rc == WARTA_OK && p->tier2 && to > n1)
    rc = sorted_tier(s, q, p->tier2, 0, from > n1 ? from - n1 : 0, to - n1, &cv);
  if (rc == WARTA_OK) rc = read_documents(s, cv.v, cv.n); /* every one is shown */
  for (int i = 0; i < cv.n && rc == WARTA_OK; i++) {
    rc = evaluate(s, p, q, &cv.v[i]);
    cv.v[i].shown = cv.v[i].final;
    if (rc == WARTA_OK) rc = add_hits(s, p, q, &cv.v[i], r);
  }
  candv_free(&cv, p->ng);
  return rc;
}

/* The text terms of an article's occurrence table, with how many
** positions hold each (its wdf), as expansion takes them (xrel). */
typedef struct relterms {
  warta_buf bytes; /* the terms, one after the other */
  size_t *len;
  uint32_t *wdf;
  int n;
  size_t cap[2]; /* of len, wdf */
} relterms;

static int add_relterm(void *ctx, const char *t, size_t n, uint32_t npos) {
  relterms *r = ctx;
  size_t need = (size_t)r->n + 1;
  if (n == 0 || (t[0] >= 'A' && t[0] <= 'Z')) return 0; /* a prefixed term */
  if (WARTA_GROW(r->len, r->cap[0], need) || WARTA_GROW(r->wdf, r->cap[1], need))
    return WARTA_NOMEM;
  r->len[r->n] = n;
  r->wdf[r->n] = npos;
  warta_buf_append(&r->bytes, t, n);
  r->n++;
  return r->bytes.err ? WARTA_NOMEM : 0;
}

static void relterms_free(relterms *r) {
  warta_buf_free(&r->bytes);
  free(r->len);
  free(r->wdf);
  memset(r, 0, sizeof *r);
}

/* rel's terms from the occurrence table v[0..n) that stage 1's match
** carried: WARTA_OK (rel lists its terms, kept in rt), or WARTA_CORRUPT
** when there is no table to read (rel is left to the engine's term list),
** or WARTA_NOMEM. */
static int rel_from_table(const char *v, size_t n, relterms *rt, xrel *rel) {
  occ_table t;
  int rc = v ? occ_table_read((const unsigned char *)v, n, &t) : WARTA_CORRUPT;
  if (rc) return rc;
  rc = occ_table_each(&t, add_relterm, rt);
  occ_table_free(&t);
  if (rc) return rc;
  *rel = (xrel){rel->did, 1, rt->bytes.p, rt->len, rt->wdf, rt->n};
  return WARTA_OK;
}

/* Pseudo-relevance feedback: the terms of the best prfdocs articles (of
** tier 1, else tier 2) weigh in p's tiers. The same for every page. Their
** terms come from the occurrence tables that the match carries, so that a
** remote shard sends no term list. */
static int feedback(warta_searcher *s, xmatch *p, const warta_query *q) {
  xresult r;
  xsearch x;
  xsearch_init(&x, q);
  x.limit = q->rank.prfdocs;
  x.carry = 1;
  x.carry_slot = V_OCC;
  int rc = WARTA_OK;
  for (int t = 0; t < 2 && rc == WARTA_OK; t++) {
    xq *tq = t == 0 ? p->tier1 : p->tier2;
    if (!tq) continue;
    if ((rc = xdb_search(s->x, tq, &x, &r)) != WARTA_OK) return searcher_xfail(s, rc);
    if (r.nhit > 0) {
      xrel *rel = calloc((size_t)r.nhit, sizeof *rel);
      relterms *rt = calloc((size_t)r.nhit, sizeof *rt);
      rc = rel && rt ? WARTA_OK : WARTA_NOMEM;
      for (int i = 0; rc == WARTA_OK && i < r.nhit; i++) {
        rel[i].did = r.hit[i].did;
        rc = rel_from_table(r.hit[i].value, r.hit[i].nvalue, &rt[i], &rel[i]);
        if (rc == WARTA_CORRUPT) {
          relterms_free(&rt[i]);
          rel[i] = (xrel){r.hit[i].did, 0, NULL, NULL, NULL, 0};
          rc = WARTA_OK;
        }
      }
      if (rc == WARTA_OK) rc = match_feedback(s, p, rel, r.nhit, q->rank.prfterms, q->rank.prf);
      for (int i = 0; rt && i < r.nhit; i++)
        relterms_free(&rt[i]);
      free(rt);
      free(rel);
      xresult_free(&r);
      break;
    }
    xresult_free(&r);
  }
  return rc;
}

/* Stage 1 for the blocks [bstart, bend) of a relevance page: tier 1's
** articles, then tier 2's, into cv, with the one before bstart first
** (*skip 1) whose score caps the page's (*cap; INFINITY on the first
** page). */
static int stage1(warta_searcher *s, xmatch *p, const warta_query *q, int bstart, int bend,
                  candv *cv, double *cap, int *skip) {
  int from = bstart > 0 ? bstart - 1 : 0; /* one before: the cap */
  xresult r1, r2;
  memset(&r2, 0, sizeof r2);
  /* with a tier 2, tier 1's match looks at every match: its count is
  ** then exact, and count_match() does not count tier 1 again (on
  ** bench/speed.py's first 60 queries 1,401 M -> 1,343 M instructions:
  ** the look cost 4 M, the count it saves 62 M). When copies fold,
  ** Xapian 1.4 gives only bounds of the articles, so a spy counts the
  ** matches it sees before collapsing (warta's own spy: local shards
  ** only; the mix's first 60 queries twice over, the second pass 1,367 M
  ** -> 1,335 M with --fold, against 1,231 M without) */
  int count1 = p->tier2 && (!q->fold || !warta_searcher_remote(s));
  uint32_t check = count1 ? xdb_doccount(s->x) + 1 : (uint32_t)bend + 1;
  int rc = fetch_tier(s, q, p->tier1, 1, from, bend, check, count1 && q->fold, cv, &r1);
  if (rc) return rc;
  if (count1 && q->fold && r1.seen >= 0)
    p->tier1_n = r1.seen;
  else if (count1 && !q->fold && r1.all_lower == r1.all_upper)
    p->tier1_n = (long)r1.all_lower;
  long n1 = (long)r1.est;
  int exact1 = r1.lower == r1.upper;
  double last1 = r1.nhit > 0 ? r1.hit[r1.nhit - 1].weight : 0;
  if (p->tier2 && exact1 && n1 < bend) {
    int f2 = from > n1 ? (int)(from - n1) : 0;
    rc = fetch_tier(s, q, p->tier2, 0, f2, (int)(bend - n1), (uint32_t)(bend - n1) + 1, 0, cv, &r2);
    if (rc == WARTA_OK && from > n1 && n1 > 0) {
      /* the page starts in tier 2: the cap is tier 1's smallest BM25 */
      candv tmp = {NULL, 0, 0};
      xresult rl;
      rc = fetch_tier(s, q, p->tier1, 1, (int)n1 - 1, (int)n1, 0, 0, &tmp, &rl);
      if (rc == WARTA_OK && tmp.n) last1 = tmp.v[0].a;
      xresult_free(&rl);
      candv_free(&tmp, p->ng);
    }
  }
  xresult_free(&r1);
  xresult_free(&r2);
  if (rc == WARTA_OK && bstart > 0 && cv->n > 0) {
    *cap = cv->v[0].a;
    if (cv->v[0].tier == 0 && n1 > 0 && last1 < *cap) *cap = last1;
    *skip = 1;
  }
  return rc;
}

/* Stage 2 for a block v[0..n) whose first article is at rank: its
** articles re-ranked, their shown scores capped by *cap, which becomes
** the next block's. */
static int rerank_block(warta_searcher *s, xmatch *p, const warta_query *q, cand *v, int n,
                        int rank, double *cap) {
  /* without a part from positions stage 1's order stands: only the page's
  ** articles are read, for their passages */
  int rerank = q->rank.passage > 0 || q->rank.near > 0, rc = WARTA_OK;
  double minA = INFINITY;
  for (int i = 0; i < n && rc == WARTA_OK; i++) {
    int at = rank + i;
    if (rerank || (at >= q->offset && at < q->offset + q->limit)) rc = evaluate(s, p, q, &v[i]);
    if (v[i].a < minA) minA = v[i].a;
  }
  if (rc) return rc;
  block_combine(v, n, &q->rank);
  qsort(v, (size_t)n, sizeof(cand), by_final);
  /* a running minimum seeded by the smallest BM25 before the block, and
  ** never below the smallest BM25 in it, which caps the next block: the
  ** same for every page that shows the block, and never rising down
  ** the list across blocks either */
  double floor_ = minA < *cap ? minA : *cap;
  double running = *cap;
  for (int i = 0; i < n; i++) {
    double x = v[i].final < running ? v[i].final : running;
    v[i].shown = x > floor_ ? x : floor_;
    running = v[i].shown;
  }
  *cap = floor_;
  return WARTA_OK;
}

/* By relevance: the blocks covering the page, re-ranked. */
static int ranked_page(warta_searcher *s, xmatch *p, const warta_query *q, warta_results *r) {
  int B = q->rank.block > 0 ? q->rank.block : 1;
  int bstart = q->offset / B * B;
  int bend = (q->offset + q->limit + B - 1) / B * B;
  candv cv = {NULL, 0, 0};
  /* a question or a long query (a headline) says what it wants, and one
  ** article answers it; feedback widens the short keyword queries */
  int rc = q->rank.prf > 0 && !q->like && p->ncontent > 0 && p->nfunction == 0 &&
                   p->ncontent <= q->rank.prfwords
               ? feedback(s, p, q)
               : WARTA_OK;
  double cap = INFINITY;
  int skip = 0;
  if (rc == WARTA_OK) rc = stage1(s, p, q, bstart, bend, &cv, &cap, &skip);
  int rank = bstart;
  for (int b = skip; rc == WARTA_OK && b < cv.n; b += B) {
    int end = b + B < cv.n ? b + B : cv.n;
    rc = rerank_block(s, p, q, cv.v + b, end - b, rank, &cap);
    /* the block's articles on the page, [lo, hi): ranks from rank on */
    int lo = b + (q->offset > rank ? q->offset - rank : 0);
    int hi = b + (q->offset + q->limit - rank);
    if (hi > end) hi = end;
    if (rc == WARTA_OK && lo < hi) rc = read_documents(s, cv.v + lo, hi - lo);
    for (int i = lo; i < hi && rc == WARTA_OK; i++)
      rc = add_hits(s, p, q, &cv.v[i], r);
    rank += end - b;
  }
  candv_free(&cv, p->ng);
  return rc;
}

/**************************************************************************
** the copies of the page's stories
*/
/* The copy named by a V_COPY value v ("story\tsource\tkey") into h when v
** is of h's story and is not h itself. */
static int copy_add(warta_hit *h, const char *v) {
  size_t ns = strlen(h->story);
  const char *src = v + ns + 1, *tab = strchr(src, '\t');
  const char *own = h->key ? h->key : h->path;
  if (strncmp(v, h->story, ns) != 0 || v[ns] != '\t' || !tab) return WARTA_OK;
  if (own && strcmp(tab + 1, own) == 0) return WARTA_OK;
  warta_copy *c = realloc(h->copy, sizeof *c * (size_t)(h->ncopy + 1));
  if (!c) return WARTA_NOMEM;
  h->copy = c;
  c = &h->copy[h->ncopy];
  c->key = strdup(tab + 1);
  c->source = tab > src ? strndup(src, (size_t)(tab - src)) : NULL;
  if (!c->key || (tab > src && !c->source)) {
    free(c->key);
    free(c->source);
    return WARTA_NOMEM;
  }
  h->ncopy++;
  return WARTA_OK;
}

static int copy_cmp(const void *a, const void *b) {
  const warta_copy *x = a, *y = b;
  int c = strcmp(x->source ? x->source : "", y->source ? y->source : "");
  return c ? c : strcmp(x->key, y->key);
}

/* Each hit's other copies: one match of the page's stories whose spy
** reads each copy's outlet and key from a value (remote shards answer it
** in one exchange, where reading the copies' documents would cost one
** each); by outlet, then key. */
static int story_copies_of(warta_searcher *s, warta_results *r) {
  const char **story = malloc(sizeof *story * (size_t)r->nhit);
  int none = 0, rc;
  if (!story) return WARTA_NOMEM;
  for (int i = 0; i < r->nhit; i++)
    story[i] = r->hit[i].story;
  xq *sq = story_query(story, r->nhit, &none);
  free(story);
  if (none) return WARTA_OK;
  if (!sq) return WARTA_NOMEM;
  xsearch x;
  xresult xr;
  exact_search(&x, xdb_doccount(s->x));
  x.nspies = 1;
  x.spy_slot[0] = V_COPY;
  rc = xdb_search(s->x, sq, &x, &xr);
  xq_free(sq);
  if (rc) return searcher_xfail(s, rc);
  for (int i = 0; i < r->nhit && rc == WARTA_OK; i++) {
    warta_hit *h = &r->hit[i];
    for (int k = 0; h->story && k < xr.ncount[0] && rc == WARTA_OK; k++)
      rc = copy_add(h, xr.count[0][k].value);
    if (h->ncopy > 1) qsort(h->copy, (size_t)h->ncopy, sizeof *h->copy, copy_cmp);
  }
  xresult_free(&xr);
  return rc;
}

static int search_once(warta_searcher *s, const warta_query *q, warta_results *r) {
  xmatch p;
  int rc = match_build(s, q, &p);
  if (rc) return rc;
  if (!p.tier1) {
    match_clear(&p);
    return WARTA_OK; /* nothing to search for */
  }
  for (int g = 0; g < p.ng; g++)
    p.ncontent += p.g[g].content;
  p.nfunction = p.ng - p.ncontent;
  if (p.ncontent == 0) {
    for (int g = 0; g < p.ng; g++)
      p.g[g].content = 1;
    p.ncontent = p.ng;
  }
  /* exact counts always (a page says how many match): by relevance,
  ** after the page, whose match may have counted tier 1 (p.tier1_n);
  ** sorted, before it, for what tier 1 lists tells where tier 2 begins */
  int page = !q->count_only && q->limit > 0;
  long units1 = 0;
  if (q->sort == WARTA_SORT_RELEVANCE) {
    if (page) rc = ranked_page(s, &p, q, r);
    if (rc == WARTA_OK) rc = count_match(s, &p, q->facets, q->histogram != 0, q->fold, r, NULL);
  } else {
    rc = count_match(s, &p, q->facets, q->histogram != 0, q->fold, r, &units1);
    if (rc == WARTA_OK && page) rc = sorted_page(s, &p, q, units1, r);
  }
  if (rc == WARTA_OK && q->fold && r->nhit > 0) rc = story_copies_of(s, r);
  match_clear(&p);
  return rc;
}

int warta_search(warta_searcher *s, const warta_query *q, warta_results *r) {
  double t0 = now_ms();
  int rc = WARTA_OK;
  memset(r, 0, sizeof *r);
  /* the newest committed state: a long-lived reader follows the writer's
  ** commits, and a rebuild swapped in */
  warta_searcher_refresh(s, NULL);
  for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
    rc = search_once(s, q, r);
    if (rc == WARTA_OK || rc == WARTA_NOMEM || rc == WARTA_NOTFOUND) break;
    /* the index changed underneath, a rebuild replaced it, a shard does
    ** not answer: reopen, retry */
    warta_results_free(r);
    if (!searcher_try_again(s, rc)) break;
  }
  if (rc == WARTA_OK) rc = warta_searcher_missing(s, &r->missing);
  if (rc == WARTA_OK && r->estimated) {
    /* an estimate never exceeds what the index holds */
    long n = warta_searcher_articles(s);
    if (n >= 0 && r->total > n) r->total = n;
  }
  r->took_ms = now_ms() - t0;
  return rc;
}

void warta_results_free(warta_results *r) {
  if (!r) return;
  for (int i = 0; i < r->nhit; i++)
    hit_clear(&r->hit[i]);
  free(r->hit);
  for (int f = 0; f < 3; f++) {
    for (int i = 0; i < r->nfacet[f]; i++)
      free(r->facet[f][i].value);
    free(r->facet[f]);
  }
  for (int i = 0; r->missing && r->missing[i]; i++)
    free(r->missing[i]);
  free(r->missing);
  for (int i = 0; i < r->ndays; i++)
    free(r->days[i].value);
  free(r->days);
  memset(r, 0, sizeof *r);
}

/* Free forms f[0..n) and what they hold. */
static void forms_free(warta_qform *f, int n) {
  for (int i = 0; i < n; i++) {
    warta_qform *fm = &f[i];
    for (int a = 0; a < fm->nalt; a++) {
      for (int t = 0; t < fm->alt[a].nterm; t++)
        free(fm->alt[a].term[t]);
      free(fm->alt[a].term);
    }
    free(fm->alt);
    for (int l = 0; fm->langs && fm->langs[l]; l++)
      free(fm->langs[l]);
    free(fm->langs);
  }
  free(f);
}

void warta_query_free_groups(warta_query *q) {
  for (int i = 0; i < q->ngroup; i++) {
    warta_qgroup *g = &q->group[i];
    forms_free(g->form, g->nform);
    free(g->surface);
    free(g->prefix);
    free(g->exact);
    for (int t = 0; t < g->join.nterm; t++)
      free(g->join.term[t]);
    free(g->join.term);
    for (int e = 0; e < g->nexp; e++) {
      forms_free(g->exp[e].form, g->exp[e].nform);
      free(g->exp[e].text);
      free(g->exp[e].why);
    }
    free(g->exp);
  }
  free(q->group);
  q->group = NULL;
  q->ngroup = 0;
}
