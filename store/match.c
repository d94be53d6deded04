/*
** The typed query (store.h) as engine queries (search_int.h).
**
** Each group becomes a subquery: its alternatives OR'ed (a phrase of terms
** when an alternative has several), per analysis profile restricted to the
** profile's languages, title matches boosted, scaled by the group's weight.
** Content groups make "units" that must all match for tier 1 (an OR chain
** is one unit; a closed compound J of groups i, i+1 is the unit
** (i AND i+1) OR J). Tier 2 holds the articles matching some unit but not
** all. Required groups (quoted phrases, +word, a AND b) are ANDed into
** both, excluded ones subtracted, and filters applied without weight.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/grow.h"
#include "common/rc.h"
#include "search_int.h"

#define WILDCARD_MAX 2000 /* surface forms a prefix expands to, at most */
/* Surface forms all of a query's prefixes expand to, at most: the cost of a
** query grows with them (a query of 175 common prefixes took seconds). */
#define WILDCARD_BUDGET 10000
#define ELITE 64          /* a long query's "some words" tier: its best words */
#define LIKE_TERMS 40     /* terms of an article that "more like this" uses */
#define NAMES_SPAN_MAX 10 /* groups a name stands for, at most (names.h) */

/* A growable list of queries, freed with the list. */
typedef struct qlist {
  xq **v;
  int n;
  size_t cap;
  int nomem;
} qlist;

static void ql_add(qlist *l, xq *q) {
  if (!q || WARTA_GROW(l->v, l->cap, (size_t)l->n + 1)) {
    xq_free(q);
    l->nomem = 1;
    return;
  }
  l->v[l->n++] = q;
}

static void ql_free(qlist *l) {
  for (int i = 0; i < l->n; i++)
    xq_free(l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

/* op over the list (NULL when empty; the single query when one); the list
** keeps its queries. */
static xq *ql_op(qlist *l, xq_kind op, unsigned param) {
  if (l->n == 0) return NULL;
  if (l->n == 1) return xq_op(XQ_OR, l->v, 1, 0);
  return xq_op(op, l->v, l->n, param);
}

/* A copy of q (NULL for NULL). */
static xq *dup(const xq *q) {
  xq *v = (xq *)q;
  return q ? xq_op(XQ_OR, &v, 1, 0) : NULL;
}

/* op(a, b) where a is taken over and b is kept when keep_b (else taken
** over too); either may be NULL (then the other, or a copy of b). */
static xq *op2(xq_kind op, xq *a, xq *b, int keep_b) {
  if (!b) return a;
  if (!a) return keep_b ? dup(b) : b;
  xq *v[2] = {a, b};
  xq *r = xq_op(op, v, 2, 0);
  xq_free(a);
  if (!keep_b) xq_free(b);
  return r;
}

/* Free a and b, return op(a, b); either may be NULL (then the other). */
static xq *pair(xq_kind op, xq *a, xq *b) {
  if (!a) return b;
  if (!b) return a;
  xq *v[2] = {a, b};
  xq *r = xq_op(op, v, 2, 0);
  xq_free(a);
  xq_free(b);
  return r;
}

static xq *scaled(xq *q, double w) {
  if (!q || w == 1.0) return q;
  xq *r = xq_scale(q, w);
  xq_free(q);
  return r;
}

static xq *prefixed_term(const char *prefix, const char *t) {
  warta_buf b = WARTA_BUF_INIT;
  warta_buf_puts(&b, prefix);
  warta_buf_puts(&b, t);
  xq *q = b.err ? NULL : xq_term(b.p, b.n, 1);
  warta_buf_free(&b);
  return q;
}

/**************************************************************************
** dates
**
** A closed date range lo..hi (YYYYMMDD) is an OR of the date terms every
** dated article holds: whole years (Y2019), then whole months (M201909),
** then blocks of days within a month (XD2019091708: P_DAYS, schema.h) and
** single days (D20190920). Terms are postlists that the match skips
** through, where a value range is checked article by article, and each
** term of the OR is skipped through for every candidate: --since
** 2019-09-15 --until 2019-09-30 was 16 day terms and is 2 blocks (15-16,
** and 17-30: the block of 16 days from the 17th, which September ends
** early).
**
** An index written before the blocks (or an article of one) does not hold
** them. A block stands for its days only when as many articles hold it as
** hold its days (each dated article holds one day term, and a block only
** with one of its days: equal counts are the same articles, summed over
** shards too); else its days are matched. The counts are asked in one
** batch, as the query's other terms are (running dry first over remote
** shards: warta_searcher_want_terms).
*/
/* Dates as numbers: 20190920 -> y 2019, m 9, d 20. */
static int parse_ymd(const char *s, int *y, int *m, int *d) {
  if (strlen(s) != 8) return -1;
  for (int i = 0; i < 8; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  *m = (s[4] - '0') * 10 + (s[5] - '0');
  *d = (s[6] - '0') * 10 + (s[7] - '0');
  return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 ? 0 : -1;
}

#define DATE_TERMS_MAX 200 /* days, months and years; more: a value range instead */

/* A step of a range: a year, a month, or days first..last of a month (one
** day, or a block: len > 1). */
typedef struct date_step {
  int y, m, first, last, len; /* len: 0 a year, -1 a month, else the days' block */
} date_step;

/* The last day of the block of len days from day d of month m (the
** month may end it early). */
static int block_last(int y, int m, int d, int len) {
  int days = warta_days_in_month(y, m);
  return d + len - 1 < days ? d + len - 1 : days;
}

/* The largest block of days (schema.h: P_DAYS) that starts on day d of
** month m and ends by day hi_d (the range's last day, when in this month,
** else the month's last): its size, or 1 for the day alone. */
static int days_block(int y, int m, int d, int hi_d) {
  for (int len = 1 << DAYS_BLOCKS; len >= 2; len /= 2) {
    int last = block_last(y, m, d, len);
    if ((d - 1) % len == 0 && last <= hi_d && last > d) return len;
  }
  return 1;
}

/* The steps of lo..hi into *v (malloc'ed; *n of them): 0; -1 when a bound
** is not a date or the range needs more than DATE_TERMS_MAX terms (a
** block counted as its days); WARTA_NOMEM. */
static int date_steps(const char *lo, const char *hi, date_step **v, int *n) {
  int y, m, d, hy, hm, hd, terms = 0;
  size_t cap = 0;
  *v = NULL;
  *n = 0;
  if (parse_ymd(lo, &y, &m, &d) || parse_ymd(hi, &hy, &hm, &hd)) return -1;
  if (d > warta_days_in_month(y, m) || strcmp(lo, hi) > 0) return -1;
  long hi_n = (long)hy * 10000 + hm * 100 + hd;
  while ((long)y * 10000 + m * 100 + d <= hi_n) {
    if (WARTA_GROW(*v, cap, (size_t)*n + 1)) return WARTA_NOMEM;
    date_step *t = &(*v)[(*n)++];
    *t = (date_step){y, m, d, d, 1};
    if (m == 1 && d == 1 && (long)y * 10000 + 1231 <= hi_n) {
      t->len = 0;
      y++;
      terms++;
      continue;
    }
    if (d == 1 && (long)y * 10000 + m * 100 + warta_days_in_month(y, m) <= hi_n) {
      t->len = -1;
      terms++;
    } else {
      t->len = days_block(y, m, d, y == hy && m == hm ? hd : 31);
      t->last = block_last(y, m, d, t->len);
      terms += t->last - t->first + 1;
      if ((d = t->last + 1) <= warta_days_in_month(y, m)) continue;
    }
    d = 1;
    if (++m > 12) m = 1, y++;
  }
  if (terms > DATE_TERMS_MAX) {
    free(*v);
    *v = NULL;
    return -1;
  }
  return 0;
}

/* The term of step t (its first day's when a block is not used). */
static void step_term(const date_step *t, int day, int block, char *out, size_t n) {
  if (t->len == 0)
    snprintf(out, n, "%s%04d", P_YEAR, t->y);
  else if (t->len < 0)
    snprintf(out, n, "%s%04d%02d", P_MONTH, t->y, t->m);
  else if (block)
    days_block_term(out, n, t->y, t->m, t->first, t->len);
  else
    snprintf(out, n, "%s%04d%02d%02d", P_DAY, t->y, t->m, day);
}

/* Which blocks of v[0..n) stand for their days (the counts above): use[i]
** set to 1 or 0. WARTA_OK, WARTA_NOMEM, or the engine's code. */
static int blocks_held(warta_searcher *s, const date_step *v, int n, unsigned char *use) {
  int k = 0, rc;
  for (int i = 0; i < n; i++)
    k += v[i].len > 1 ? 1 + v[i].last - v[i].first + 1 : 0;
  if (k == 0) return WARTA_OK;
  char(*t)[24] = malloc(sizeof *t * (size_t)k);
  const char **tp = malloc(sizeof *tp * (size_t)k);
  size_t *tn = malloc(sizeof *tn * (size_t)k);
  uint32_t *f = malloc(sizeof *f * (size_t)k);
  rc = t && tp && tn && f ? WARTA_OK : WARTA_NOMEM;
  for (int i = 0, j = 0; rc == WARTA_OK && i < n; i++) {
    if (v[i].len <= 1) continue;
    step_term(&v[i], 0, 1, t[j], sizeof t[j]);
    j++;
    for (int day = v[i].first; day <= v[i].last; day++, j++)
      step_term(&v[i], day, 0, t[j], sizeof t[j]);
  }
  for (int j = 0; rc == WARTA_OK && j < k; j++)
    tp[j] = t[j], tn[j] = strlen(t[j]);
  if (rc == WARTA_OK) rc = warta_searcher_term_freqs(s, tp, tn, k, f);
  for (int i = 0, j = 0; rc == WARTA_OK && i < n; i++) {
    if (v[i].len <= 1) continue;
    unsigned long long days = 0;
    for (int day = v[i].first; day <= v[i].last; day++)
      days += f[j + 1 + day - v[i].first];
    use[i] = f[j] == days;
    j += 1 + v[i].last - v[i].first + 1;
  }
  free(t);
  free(tp);
  free(tn);
  free(f);
  return rc;
}

/* The closed range lo..hi as an OR of date terms into *q: NULL when a
** bound is open or the range needs more than DATE_TERMS_MAX terms (the
** caller uses the value range). WARTA_OK, WARTA_NOMEM, or the engine's
** code (its message kept in s). */
static int date_terms(warta_searcher *s, const char *lo, const char *hi, xq **q) {
  date_step *v;
  int n, rc = date_steps(lo, hi, &v, &n);
  *q = NULL;
  if (rc) return rc < 0 ? WARTA_OK : rc;
  unsigned char *use = calloc((size_t)n + 1, 1);
  rc = use ? blocks_held(s, v, n, use) : WARTA_NOMEM;
  qlist l = {0};
  for (int i = 0; rc == WARTA_OK && i < n; i++) {
    char t[24];
    int block = v[i].len > 1 && use[i];
    for (int day = v[i].first; day <= (block ? v[i].first : v[i].last); day++) {
      step_term(&v[i], day, block, t, sizeof t);
      ql_add(&l, xq_term(t, strlen(t), 1));
    }
  }
  if (rc == WARTA_OK && !l.nomem && l.n) *q = ql_op(&l, XQ_OR, 0);
  if (rc == WARTA_OK && (l.nomem || (l.n && !*q))) rc = WARTA_NOMEM;
  ql_free(&l);
  free(use);
  free(v);
  return rc;
}

/* An alternative: a term, or its terms as a phrase; a phrase only in
** the articles of within when not NULL (within stays the caller's). */
static xq *alt_query(const warta_qalt *a, const char *prefix, const xq *within) {
  qlist l = {0};
  for (int i = 0; i < a->nterm; i++)
    ql_add(&l, prefixed_term(prefix, a->term[i]));
  xq *q = l.nomem ? NULL : ql_op(&l, XQ_PHRASE, (unsigned)a->nterm);
  ql_free(&l);
  /* a FILTER is Xapian's AND: it checks the phrase's positions last, in
  ** the articles that hold its words and are within */
  if (q && within && a->nterm > 1) q = op2(XQ_FILTER, q, (xq *)within, 1);
  return q;
}

/**************************************************************************
** languages
**
** A word's forms hold only in the articles of their profile's languages.
** Each article holds at most one language term (store/docs.c). A FILTER
** by the languages wanted checks each candidate against their postings,
** and Indonesian is held by nearly every article of an Indonesian archive:
** every check walks that list, for every form of every word, in every
** match. When the languages the searcher knows are held by as many
** articles as the index has, each article holds exactly one of them, and
** "in one of these" is "in none of the others": the forms are restricted
** by whichever side has fewer postings (AND_NOT by the others: a boolean
** side weighs nothing either way), and not at all when the others are
** held by no article. The same articles match, with the same weights. On
** bench/speed.py's first 60 queries over click-id (22,124 Indonesian
** articles, 6 Malay, 7 English) warta-query's instructions fell from
** 1,606 M to 1,401 M, the answers byte for byte the same. The query's own
** languages (lang:, --lang) are kept to the same way: with --lang id,
** 1,572 M -> 1,435 M.
**
** One database only: over several, Xapian 1.4.22 loses matches from the
** best k of such a query (in python3-xapian, (rusuh AND_NOT Len) OR 0.3 *
** (Srusuh AND_NOT Len), AND wamena, over two yearly shards of click-id's
** copies: the best 3 miss an article that the best 5,000 rank second; the
** FILTER form, and one database, give the same best k as the whole list),
** so there the FILTER stays.
*/
static int has_lang(char *const *langs, const char *code) {
  for (int i = 0; langs[i]; i++)
    if (strcmp(langs[i], code) == 0) return 1;
  return 0;
}

/* Articles in any of code[0..n) that langs holds (want 1) or does not
** (want 0); with none, no article. NULL when out of memory. */
static xq *langs_query(char *const *code, int n, char *const *langs, int want) {
  qlist l = {0};
  for (int i = 0; i < n; i++)
    if (has_lang(langs, code[i]) == want) ql_add(&l, prefixed_term(P_LANG, code[i]));
  xq *q = l.nomem ? NULL : l.n ? ql_op(&l, XQ_OR, 0) : xq_match_nothing();
  ql_free(&l);
  return q;
}

/* The census of the index's languages this query (their frequencies
** asked as the query's other terms are: running dry, they are noted as
** wanted and c->whole stays 0). Over several databases there is none, and
** c->whole stays 0: see above. WARTA_OK, WARTA_NOMEM, or the engine's code
** (its message kept in s). */
static int lang_census_take(warta_searcher *s, lang_census *c) {
  char *const *code;
  int n = 0, rc;
  memset(c, 0, sizeof *c);
  if (xdb_parts(s->x) != 1) return WARTA_OK;
  if ((rc = searcher_languages(s, &code))) return rc;
  while (code[n])
    n++;
  if (n == 0) return WARTA_OK;
  if (!(c->freq = calloc((size_t)n, sizeof *c->freq))) return WARTA_NOMEM;
  unsigned long long sum = 0;
  for (int i = 0; rc == WARTA_OK && i < n; i++) {
    rc = warta_searcher_lang_freq(s, code[i], &c->freq[i]);
    sum += c->freq[i];
  }
  if (rc) {
    free(c->freq);
    memset(c, 0, sizeof *c);
    return rc;
  }
  c->code = code;
  c->n = n;
  c->whole = sum > 0 && sum == xdb_doccount(s->x);
  return WARTA_OK;
}

/* How a match keeps to the articles of langs (NULL-terminated): 1 with
** *r to apply by *op (XQ_FILTER, or XQ_AND_NOT by the other languages),
** 0 when nothing needs doing (the other languages have no article), -1
** when out of memory. */
static int lang_side(const lang_census *c, char *const *langs, xq_kind *op, xq **r) {
  *op = XQ_FILTER;
  if (!c->whole) {
    int n = 0;
    while (langs[n])
      n++;
    *r = langs_query(langs, n, langs, 1);
  } else {
    unsigned long long in = 0, out = 0;
    for (int i = 0; i < c->n; i++)
      *(has_lang(langs, c->code[i]) ? &in : &out) += c->freq[i];
    if (out == 0) return 0;
    if (in > out) *op = XQ_AND_NOT;
    *r = langs_query(c->code, c->n, langs, *op == XQ_FILTER);
  }
  return *r ? 1 : -1;
}

/* q (taken over) restricted to the articles of langs (NULL-terminated);
** NULL when out of memory. */
static xq *lang_restrict(const lang_census *c, xq *q, char *const *langs) {
  xq_kind op;
  xq *r = NULL;
  if (!q || !langs || !langs[0]) return q;
  int how = lang_side(c, langs, &op, &r);
  if (how < 0) {
    xq_free(q);
    return NULL;
  }
  return how ? pair(op, q, r) : q;
}

static xq *form_query(const warta_qform *f, const char *prefix, const lang_census *lc,
                      const xq *within) {
  qlist l = {0};
  for (int i = 0; i < f->nalt; i++)
    ql_add(&l, alt_query(&f->alt[i], prefix, within));
  xq *q = l.nomem ? NULL : ql_op(&l, XQ_OR, 0);
  ql_free(&l);
  return lang_restrict(lc, q, f->langs);
}

/* Forms f[0..n) matched in field (their terms prefixed by prefix in the
** text), boosted in the title; their phrases only in the articles of
** within (NULL: all; it stays the caller's). NULL: nothing to match (or
** out of memory: *nomem). */
static xq *forms_query(const warta_qform *f, int n, warta_qfield field, const char *prefix,
                       const warta_rank *r, const lang_census *lc, const xq *within, int *nomem) {
  qlist l = {0}, t = {0};
  int title_only = field == WARTA_QF_TITLE;
  for (int i = 0; i < n; i++) {
    ql_add(&l, form_query(&f[i], title_only ? P_TITLE : prefix, lc, within));
    /* (the title holds no words as written of its own: a quoted phrase
    ** in the title matches as one in the text) */
    if (!title_only && !*prefix && r->title > 0) ql_add(&t, form_query(&f[i], P_TITLE, lc, within));
  }
  if (l.n == 0 && !l.nomem) {
    ql_free(&l);
    ql_free(&t);
    return NULL;
  }
  xq *q = l.nomem ? NULL : ql_op(&l, XQ_OR, 0);
  if (q && t.n && !t.nomem) q = pair(XQ_OR, q, scaled(ql_op(&t, XQ_OR, 0), r->title));
  if (t.nomem || !q) *nomem = 1;
  ql_free(&l);
  ql_free(&t);
  return q;
}

/* The names standing for group g (and the span - 1 next), each matched
** as its words are (their phrases only within, when not NULL), OR'ed and
** scaled by rank.expand: NULL when there are none (or out of memory:
** *nomem). */
static xq *names_query(const warta_qgroup *g, const warta_rank *r, const lang_census *lc,
                       const xq *within, int *nomem) {
  qlist l = {0};
  if (r->expand <= 0) return NULL;
  for (int e = 0; e < g->nexp; e++) {
    xq *x = forms_query(g->exp[e].form, g->exp[e].nform, WARTA_QF_TEXT, "", r, lc, within, nomem);
    if (x) ql_add(&l, x);
  }
  xq *q = l.nomem ? NULL : ql_op(&l, XQ_OR, 0);
  if (l.nomem) *nomem = 1;
  ql_free(&l);
  return scaled(q, r->expand);
}

/* The group's subquery, boosted in the title, weighted. NULL: nothing to
** match (or out of memory: *nomem; or an error: *failed, WARTA_TOOBIG when
** a prefix's words do not fit in *budget, what the query's may still
** take). */
static xq *group_query(warta_searcher *s, const warta_qgroup *g, const warta_rank *r,
                       const lang_census *lc, unsigned *budget, int *nomem, int *failed) {
  xq *q = NULL;
  if (g->prefix) {
    warta_buf b = WARTA_BUF_INIT;
    warta_buf_puts(&b, P_SURFACE);
    warta_buf_puts(&b, g->prefix);
    int rc = b.err ? WARTA_NOMEM : xdb_prefix_query(s->x, b.p, b.n, WILDCARD_MAX, budget, &q);
    warta_buf_free(&b);
    if (rc && rc != WARTA_NOMEM) {
      *failed = rc;
      return NULL;
    }
  } else {
    q = forms_query(g->form, g->nform, g->field, g->verbatim ? P_SURFACE : "", r, lc, NULL, nomem);
    if (!q) return NULL;
  }
  if (q && g->exact && r->exact > 0 && g->field == WARTA_QF_TEXT) {
    /* the form typed weighs more; an article holding it holds the word, so
    ** the OR adds no match (OR, not AND_MAYBE: Xapian 1.4.22 reads
    ** uninitialised memory under valgrind for AND_MAYBE inside AND_NOT) */
    xq *e = scaled(prefixed_term(P_SURFACE, g->exact), r->exact);
    q = e ? pair(XQ_OR, q, e) : NULL;
  }
  if (!q) *nomem = 1;
  return scaled(q, g->weight > 0 ? g->weight : 1.0);
}

/**************************************************************************
** terms and their statistics, for the passage evidence
*/
static int intern(xmatch *p, const char *t) {
  int n = (int)strlen(t);
  for (int i = 0; i < p->nterm; i++) {
    if (p->term[i].n == n && memcmp(p->term[i].t, t, (size_t)n) == 0) return i;
  }
  qterm *v = realloc(p->term, sizeof *v * (size_t)(p->nterm + 1));
  if (!v) return -1;
  p->term = v;
  memset(&v[p->nterm], 0, sizeof *v);
  if (!(v[p->nterm].t = strdup(t))) return -1;
  v[p->nterm].n = n;
  return p->nterm++;
}

const char *qgroup_prefix(const warta_qgroup *g) { return g->verbatim ? P_SURFACE : ""; }

static int add_seq(xmatch *p, xmatch_group *g, const warta_qalt *a, const char *prefix, double w,
                   const char *label) {
  warta_buf t = WARTA_BUF_INIT;
  qseq *v = realloc(g->seq, sizeof *v * (size_t)(g->nseq + 1));
  if (!v) return WARTA_NOMEM;
  g->seq = v;
  qseq *s = &v[g->nseq++];
  s->n = 0;
  s->w = w;
  s->label = label;
  s->term = malloc(sizeof(int) * (size_t)(a->nterm ? a->nterm : 1));
  if (!s->term) return WARTA_NOMEM;
  for (int i = 0; i < a->nterm; i++) {
    warta_buf_reset(&t);
    warta_buf_puts(&t, prefix);
    warta_buf_puts(&t, a->term[i]);
    int k = t.err ? -1 : intern(p, t.p);
    if (k < 0) {
      warta_buf_free(&t);
      return WARTA_NOMEM;
    }
    s->term[s->n++] = k;
  }
  warta_buf_free(&t);
  return WARTA_OK;
}

/* The articles holding each of p's terms, asked of the engine at once. */
static int match_term_freqs(warta_searcher *s, xmatch *p) {
  const char **t = malloc(sizeof *t * (size_t)p->nterm);
  size_t *n = malloc(sizeof *n * (size_t)p->nterm);
  uint32_t *tf = malloc(sizeof *tf * (size_t)p->nterm);
  int rc = t && n && tf ? WARTA_OK : WARTA_NOMEM;
  for (int i = 0; rc == WARTA_OK && i < p->nterm; i++)
    t[i] = p->term[i].t, n[i] = (size_t)p->term[i].n;
  if (rc == WARTA_OK) rc = searcher_term_freqs(s, t, n, p->nterm, tf);
  for (int i = 0; rc == WARTA_OK && i < p->nterm; i++)
    p->term[i].df = tf[i];
  free(t);
  free(n);
  free(tf);
  return rc;
}

static double idf(double n, double df) { return log(1.0 + (n - df + 0.5) / (df + 0.5)); }

/* The match's view of each group, and the statistics of its terms. */
static int match_groups(warta_searcher *s, const warta_query *q, xmatch *p) {
  int rc = WARTA_OK;
  p->g = calloc((size_t)(q->ngroup ? q->ngroup : 1), sizeof *p->g);
  if (!p->g) return WARTA_NOMEM;
  for (int i = 0; rc == WARTA_OK && i < q->ngroup; i++) {
    const warta_qgroup *g = &q->group[i];
    if (g->excluded) continue;
    xmatch_group *pg = &p->g[p->ng++];
    pg->weight = g->weight > 0 ? g->weight : 1.0;
    pg->content = g->content;
    pg->title = g->field == WARTA_QF_TITLE;
    pg->prefix = g->prefix;
    for (int f = 0; rc == WARTA_OK && f < g->nform; f++) {
      for (int a = 0; rc == WARTA_OK && a < g->form[f].nalt; a++)
        rc = add_seq(p, pg, &g->form[f].alt[a], qgroup_prefix(g), 1.0, NULL);
    }
    /* the names standing for a run of groups count as each of its words,
    ** with their weight */
    for (int j = i; rc == WARTA_OK && j >= 0 && j > i - NAMES_SPAN_MAX; j--) {
      const warta_qgroup *h = &q->group[j];
      if (h->nexp == 0 || j + h->span <= i || q->rank.expand <= 0) continue;
      for (int e = 0; rc == WARTA_OK && e < h->nexp; e++) {
        for (int f = 0; rc == WARTA_OK && f < h->exp[e].nform; f++) {
          for (int a = 0; rc == WARTA_OK && a < h->exp[e].form[f].nalt; a++)
            rc = add_seq(p, pg, &h->exp[e].form[f].alt[a], "", q->rank.expand, h->exp[e].text);
        }
      }
    }
  }
  if (rc == WARTA_OK && p->nterm > 0 && (rc = match_term_freqs(s, p))) return rc;
  for (int i = 0; i < p->ng; i++) {
    xmatch_group *g = &p->g[i];
    for (int k = 0; k < g->nseq; k++) {
      double df = 1e18;
      for (int j = 0; j < g->seq[k].n; j++) {
        double d = p->term[g->seq[k].term[j]].df;
        if (d < df) df = d;
      }
      if (g->seq[k].n == 0) continue;
      g->seq[k].idf = idf(p->n_articles, df);
      /* an alternative no article holds says nothing of the group; a name
      ** standing for it neither */
      if (df > 0 && g->seq[k].w == 1.0 && g->seq[k].idf > g->idf) g->idf = g->seq[k].idf;
    }
    if (g->prefix && g->idf == 0) g->idf = idf(p->n_articles, p->n_articles / 10.0);
  }
  return rc;
}

/**************************************************************************
** filters
*/
/* The articles dated within d into *out (the caller's): checked against
** the dates' table in one local database, else the date terms, else a
** value range. The date terms are postings, which each of a query's
** matches walks, and a value range decodes the dates' stream: a filter
** that keeps most of the archive cost the first 60 queries of
** bench/speed.py's mix, against 1,251 M instructions unfiltered, 1,330 M
** (--since 2019-09-15 --until 2019-09-30, 58% of click-id, two terms),
** 1,390 M (date:2019-09, 92%, one term) and 1,395 M (--since 2019-09-20,
** a value range); checked against the table, 1,280 M, 1,319 M and 1,102 M,
** the table's one build (23 M) included. A range that holds most articles
** comes as the others, to leave out (*outside 1: xdb_value_filter()).
** WARTA_OK, WARTA_NOMEM, or the engine's code (message kept in s). */
static int date_filter(warta_searcher *s, const warta_date_range *d, xq **out, int *outside) {
  const char *lo = *d->lo ? d->lo : NULL, *hi = *d->hi ? d->hi : NULL;
  date_step *v = NULL;
  int n, rc = date_steps(d->lo, d->hi, &v, &n);
  free(v);
  if (rc > 0) return rc;
  /* what the date terms would match, else the value range */
  rc = xdb_value_filter(s->x, V_DATE, lo, hi, rc == 0, out, outside);
  if (rc) return searcher_xfail(s, rc);
  if (!*out && (rc = date_terms(s, d->lo, d->hi, out))) return rc;
  if (!*out && !(*out = xq_value_range(V_DATE, lo, hi))) return WARTA_NOMEM;
  return WARTA_OK;
}

/* The query's filters, ANDed (NULL for none); its languages, where the
** match keeps to them by the others, and a date range that holds most
** articles, as the articles outside it, into *unwanted (for the match to
** subtract; else NULL). *rc: WARTA_OK, WARTA_NOMEM, or the engine's code
** (its message kept in s), with nothing returned. */
static xq *filters(warta_searcher *s, const warta_query *q, const char *story,
                   const lang_census *lc, xq **unwanted, int *rc) {
  qlist all = {0};
  int nomem = 0;
  *unwanted = NULL;
  if (story) ql_add(&all, prefixed_term(P_STORY, story));
  if (q->langs && q->langs[0]) {
    xq_kind op;
    xq *r = NULL;
    int how = lang_side(lc, (char *const *)q->langs, &op, &r);
    if (how < 0) nomem = 1;
    if (how > 0 && op == XQ_FILTER) ql_add(&all, r);
    if (how > 0 && op == XQ_AND_NOT) *unwanted = r;
  }
  if (q->sources && q->sources[0]) {
    qlist l = {0};
    for (int i = 0; q->sources[i]; i++) {
      char f[256];
      source_fold(q->sources[i], strlen(q->sources[i]), f, sizeof f);
      ql_add(&l, prefixed_term(P_SOURCE, f));
    }
    ql_add(&all, l.nomem ? NULL : ql_op(&l, XQ_OR, 0));
    ql_free(&l);
  }
  for (int i = 0; *rc == WARTA_OK && i < q->ndates; i++) {
    xq *t = NULL;
    int outside = 0;
    if ((*rc = date_filter(s, &q->dates[i], &t, &outside))) break;
    if (!outside) {
      ql_add(&all, t);
    } else if (!(*unwanted = op2(XQ_OR, *unwanted, t, 0))) {
      nomem = 1;
    }
  }
  /* a value range: it travels to remote shards as it is */
  if (q->added_since[0]) ql_add(&all, xq_value_range(V_ADDED, q->added_since, NULL));
  xq *r = all.nomem || nomem || *rc ? NULL : ql_op(&all, XQ_AND, 0);
  if (*rc == WARTA_OK && (all.nomem || nomem || (all.n && !r))) *rc = WARTA_NOMEM;
  ql_free(&all);
  if (*rc) {
    xq_free(r);
    xq_free(*unwanted);
    *unwanted = NULL;
    r = NULL;
  }
  return r;
}

/* The date ranges' terms asked (running dry, noted as wanted), the match's
** not built. */
static int dates_want(warta_searcher *s, const warta_query *q) {
  int rc = WARTA_OK;
  for (int i = 0; rc == WARTA_OK && i < q->ndates; i++) {
    xq *t = NULL;
    rc = date_terms(s, q->dates[i].lo, q->dates[i].hi, &t);
    xq_free(t);
  }
  return rc;
}

/**************************************************************************
** more like this
*/
typedef struct like_ctx {
  qlist l;
} like_ctx;

static int like_term(void *ctx, const char *t, size_t n, double w) {
  like_ctx *c = ctx;
  xq *q = xq_term(t, n, 1);
  (void)w;
  ql_add(&c->l, q);
  return 0;
}

/* The story of the article named key into *story (malloc'ed). */
static int story_of(warta_searcher *s, const char *key, char **story) {
  xdocid did;
  size_t n = 0;
  *story = NULL;
  int rc = searcher_article(s, key, &did);
  if (rc) return rc;
  if ((rc = xdb_value(s->x, did, V_STORY, story, &n))) return searcher_xfail(s, rc);
  if (*story) return WARTA_OK;
  /* an article without one is its own story (that no term names) */
  free(s->err);
  s->err = warta_strdupf("no article with key or path %s", key);
  return WARTA_NOTFOUND;
}

/* The terms of the article named key (its key, or its file's path). */
static int like_query(warta_searcher *s, const char *key, xmatch *p, xq **out) {
  xdocid did = 0;
  *out = NULL;
  int rc = searcher_article(s, key, &did);
  if (rc) return rc;
  like_ctx c = {{0}};
  xrel rel = {did, 0, NULL, NULL, NULL, 0};
  rc = xdb_expand(s->x, &rel, 1, LIKE_TERMS, 3, like_term, &c);
  if (rc) {
    ql_free(&c.l);
    return searcher_xfail(s, rc);
  }
  *out = c.l.nomem ? NULL : ql_op(&c.l, XQ_OR, 0);
  rc = c.l.nomem ? WARTA_NOMEM : WARTA_OK;
  ql_free(&c.l);
  /* never the article itself */
  warta_buf b = WARTA_BUF_INIT;
  key_term(&b, key);
  if (b.err) rc = WARTA_NOMEM;
  if (*out && !b.err) *out = pair(XQ_AND_NOT, *out, xq_term(b.p, b.n, 1));
  warta_buf_free(&b);
  return rc;
}

/**************************************************************************
** pseudo-relevance feedback
*/
typedef struct feedback_ctx {
  qlist l;     /* the expansion terms, each scaled by its weight */
  double wmax; /* the best term's weight */
} feedback_ctx;

static int feedback_term(void *ctx, const char *t, size_t n, double w) {
  feedback_ctx *c = ctx;
  if (c->wmax <= 0) c->wmax = w;
  ql_add(&c->l, scaled(xq_term(t, n, 1), c->wmax > 0 ? w / c->wmax : 1.0));
  return 0;
}

int match_feedback(warta_searcher *s, xmatch *p, const xrel *rel, int nrel, int nterms,
                   double weight) {
  feedback_ctx c = {{0}, 0};
  if (nrel == 0 || weight <= 0) return WARTA_OK;
  int rc = xdb_expand(s->x, rel, nrel, nterms, 3, feedback_term, &c);
  if (rc) {
    ql_free(&c.l);
    return searcher_xfail(s, rc);
  }
  xq *e = c.l.nomem ? NULL : scaled(ql_op(&c.l, XQ_OR, 0), weight);
  int nomem = c.l.nomem || (c.l.n > 0 && !e);
  ql_free(&c.l);
  if (e) {
    /* AND_MAYBE: the terms weigh, they never add a match */
    int had2 = p->tier2 != NULL;
    p->tier1 = op2(XQ_AND_MAYBE, p->tier1, e, 1);
    if (had2) p->tier2 = op2(XQ_AND_MAYBE, p->tier2, e, 1);
    nomem |= !p->tier1 || (had2 && !p->tier2);
    xq_free(e);
  }
  return nomem ? WARTA_NOMEM : WARTA_OK;
}

/**************************************************************************
** the match
*/
/* The query's parts, as the match sorts its groups; each list owns its
** queries. */
typedef struct qparts {
  qlist units; /* what matches: words, OR chains, compounds, names */
  qlist req;   /* required groups (+word) */
  qlist maybe; /* groups that only weigh: function words beside content */
  qlist excl;  /* excluded groups (-word) */
} qparts;

static void qparts_free(qparts *qp) {
  ql_free(&qp->units);
  ql_free(&qp->req);
  ql_free(&qp->maybe);
  ql_free(&qp->excl);
}

static int qparts_nomem(const qparts *qp) {
  return qp->units.nomem || qp->req.nomem || qp->maybe.nomem || qp->excl.nomem;
}

/* Every group's subquery, in order (NULL for those with nothing), into
** *out (the caller frees the array and what is left in it). Returns
** WARTA_OK, WARTA_NOMEM, or the searcher's error (wildcards that stand for
** too many words, or the database's). */
static int group_queries(warta_searcher *s, const warta_query *q, const lang_census *lc, xq ***out,
                         int *nomem) {
  xq **gq = calloc((size_t)(q->ngroup ? q->ngroup : 1), sizeof *gq);
  if (!gq) return WARTA_NOMEM;
  int failed = 0;
  unsigned budget = WILDCARD_BUDGET;
  for (int i = 0; i < q->ngroup && !failed; i++)
    gq[i] = group_query(s, &q->group[i], &q->rank, lc, &budget, nomem, &failed);
  if (failed) {
    char msg[160];
    for (int i = 0; i < q->ngroup; i++)
      xq_free(gq[i]);
    free(gq);
    snprintf(msg, sizeof msg,
             "the query's word* stand for more than %d words in all (each for %d at most): "
             "use fewer or longer prefixes",
             WILDCARD_BUDGET, WILDCARD_MAX);
    return failed == WARTA_TOOBIG ? searcher_fail(s, failed, msg) : searcher_xfail(s, failed);
  }
  *out = gq;
  return WARTA_OK;
}

/* The groups that are not units leave gq[] for their lists: the excluded,
** the required, and, where the query has content words, those without. */
static void sort_groups(const warta_query *q, xq **gq, qparts *qp) {
  int content = 0;
  for (int i = 0; i < q->ngroup; i++) {
    const warta_qgroup *g = &q->group[i];
    if (gq[i] && g->content && !g->excluded && !g->required) content++;
  }
  for (int i = 0; i < q->ngroup; i++) {
    const warta_qgroup *g = &q->group[i];
    if (!gq[i]) continue;
    if (g->excluded) {
      ql_add(&qp->excl, gq[i]);
      gq[i] = NULL;
    } else if (g->required) {
      ql_add(&qp->req, gq[i]);
      gq[i] = NULL;
    } else if (!g->content && content > 0) {
      ql_add(&qp->maybe, gq[i]);
      gq[i] = NULL;
    }
  }
}

/* The unit of the run of groups from i that names stand for (KPK for
** Komisi Pemberantasan Korupsi): the words, or a name. */
static xq *named_unit(const warta_query *q, int i, xq **gq, const lang_census *lc, int *nomem) {
  const warta_qgroup *g = &q->group[i];
  xq *u = NULL;
  for (int j = i; j < i + g->span && j < q->ngroup; j++) {
    /* (a function word between is a weight of its own: in maybe) */
    if (gq[j]) u = pair(XQ_AND, u, gq[j]);
    gq[j] = NULL;
  }
  /* a name weighs only where the words are missing (AND_NOT: its
  ** right side adds no weight), so that an article writing both is
  ** not counted twice: only the articles the name adds gain. Its phrases
  ** are checked there only too (the same matches and weights): Xapian
  ** reads their positions only in the articles without the words. For
  ** `revisi kpk` (two names, eight phrases) in python3-xapian, the
  ** ranked best 30 took 4.8 -> 1.9 ms, the count of all 3.4 -> 1.5 ms */
  xq *all = u ? xq_match_all() : NULL;
  xq *without = all ? op2(XQ_AND_NOT, all, u, 1) : NULL;
  if (u && !without) *nomem = 1;
  xq *x = names_query(g, &q->rank, lc, without, nomem);
  xq_free(without);
  if (x && u) x = op2(XQ_AND_NOT, x, u, 1);
  return x ? pair(XQ_OR, u, x) : u;
}

/* The units from what sort_groups() left in gq[]: OR chains, closed
** compounds, and runs of words that names stand for. */
static void gather_units(const warta_query *q, xq **gq, const lang_census *lc, qlist *units,
                         int *nomem) {
  for (int i = 0; i < q->ngroup; i++) {
    const warta_qgroup *g = &q->group[i];
    if (g->nexp > 0 && g->span >= 1 && gq[i]) {
      ql_add(units, named_unit(q, i, gq, lc, nomem));
      i += g->span - 1;
      continue;
    }
    if (!gq[i]) continue;
    xq *u = gq[i];
    gq[i] = NULL;
    while (i + 1 < q->ngroup && q->group[i].or_next && gq[i + 1]) {
      u = pair(XQ_OR, u, gq[i + 1]);
      gq[++i] = NULL;
    }
    if (q->group[i].join.nterm > 0 && i + 1 < q->ngroup && gq[i + 1] && !q->group[i].or_next &&
        !q->group[i + 1].or_next) {
      xq *j = alt_query(&q->group[i].join, "", NULL);
      /* a compound written as a phrase (kerja sama) weighs more than its
      ** words apart, which still match */
      xq *both = pair(XQ_AND, u, gq[i + 1]);
      if (q->group[i].join.nterm > 1) both = scaled(both, q->rank.apart);
      u = pair(XQ_OR, both, j);
      gq[++i] = NULL;
    }
    ql_add(units, u);
  }
}

/* The match's tiers from the parts, like (a query or NULL), filter (NULL
** for none) and unwanted (articles to leave out: NULL for none); all stay
** the caller's. Returns 1 when out of memory. */
static int assemble(const warta_query *q, qparts *qp, xq *like, xq *filter, xq *unwanted,
                    xmatch *p) {
  int nomem = 0;
  /* assembled from queries that stay owned here and are freed below */
  xq *reqq = ql_op(&qp->req, XQ_AND, 0);
  xq *core = NULL, *any = NULL;
  if (qp->units.n > 1 && !q->rank.tiers) {
    core = op2(XQ_AND, ql_op(&qp->units, XQ_OR, 0), reqq, 1);
  } else {
    core = op2(XQ_AND, ql_op(&qp->units, XQ_AND, 0), reqq, 1);
    /* a long query (a pasted paragraph) matches nearly every article
    ** through its common words: the words that weigh most decide */
    xq *some =
        qp->units.n > ELITE ? ql_op(&qp->units, XQ_ELITE_SET, ELITE) : ql_op(&qp->units, XQ_OR, 0);
    if (qp->units.n > 1)
      any = op2(XQ_AND, some, reqq, 1);
    else
      xq_free(some);
  }
  xq *maybeq = op2(XQ_OR, ql_op(&qp->maybe, XQ_OR, 0), like, 1);
  if (!core && like) core = dup(like);
  /* filters alone list every article they keep */
  if (!core && (filter || unwanted || (q->langs && q->langs[0])))
    core = prefixed_term(T_ARTICLE, "");
  xq *exclq = op2(XQ_OR, ql_op(&qp->excl, XQ_OR, 0), unwanted, 1);
  if (core) {
    xq *t1 = maybeq ? op2(XQ_AND_MAYBE, dup(core), maybeq, 1) : dup(core);
    xq *t2 = NULL;
    if (any) {
      t2 = op2(XQ_AND_NOT, dup(any), core, 1);
      if (maybeq) t2 = op2(XQ_AND_MAYBE, t2, maybeq, 1);
    }
    xq *all = dup(any ? any : core);
    xq **slots[3] = {&t1, &t2, &all};
    for (int i = 0; i < 3; i++) {
      if (!*slots[i]) continue;
      if (exclq) *slots[i] = op2(XQ_AND_NOT, *slots[i], exclq, 1);
      if (filter) *slots[i] = op2(XQ_FILTER, *slots[i], filter, 1);
      if (!*slots[i]) nomem = 1;
    }
    p->tier1 = t1;
    p->tier2 = t2;
    p->all = all;
  }
  xq_free(reqq);
  xq_free(core);
  xq_free(any);
  xq_free(maybeq);
  xq_free(exclq);
  return nomem;
}

/* The query's parts under the weights r (the groups' queries, sorted). */
static int build_parts(warta_searcher *s, const warta_query *q, const warta_rank *r,
                       const lang_census *lc, qparts *qp, int *nomem) {
  xq **gq = NULL;
  warta_query w = *q; /* (a shallow copy: only its weights differ) */
  w.rank = *r;
  int rc = group_queries(s, &w, lc, &gq, nomem);
  if (rc) return rc;
  sort_groups(&w, gq, qp);
  gather_units(&w, gq, lc, &qp->units, nomem);
  free(gq);
  return WARTA_OK;
}

/* What the counts match: p's tiers without the parts that only weigh and
** cost postings. A title term (S) is always beside the same term at the
** same position unprefixed (store/docs.c), so the title's boost adds no
** match and the counts are the same without it: on bench/speed.py's first
** 60 queries the counts' instructions fell 416 M -> 355 M of 1,690 M.
** Words with a wildcard are expanded once (the ranked tiers serve). */
static int build_counted(warta_searcher *s, const warta_query *q, xq *like, xq *filter,
                         xq *unwanted, xmatch *p) {
  int wildcard = 0, nomem = 0;
  for (int i = 0; i < q->ngroup; i++)
    wildcard |= q->group[i].prefix != NULL;
  if (wildcard || q->rank.title <= 0) {
    p->all_words = p->tier1 ? dup(p->tier1) : NULL;
    return p->tier1 && !p->all_words ? WARTA_NOMEM : WARTA_OK;
  }
  warta_rank r = q->rank;
  r.title = 0;
  qparts qp = {{0}, {0}, {0}, {0}};
  xmatch c;
  memset(&c, 0, sizeof c);
  int rc = build_parts(s, q, &r, &p->langs, &qp, &nomem);
  if (rc == WARTA_OK &&
      (nomem || qparts_nomem(&qp) || assemble(q, &qp, like, filter, unwanted, &c)))
    rc = WARTA_NOMEM;
  qparts_free(&qp);
  if (rc == WARTA_OK) {
    xq_free(p->all);
    p->all = c.all;
    p->all_words = c.tier1;
    c.all = c.tier1 = NULL;
  }
  xq_free(c.tier1);
  xq_free(c.tier2);
  xq_free(c.all);
  return rc;
}

int match_build(warta_searcher *s, const warta_query *q, xmatch *p) {
  qparts qp = {{0}, {0}, {0}, {0}};
  int nomem = 0, rc = WARTA_OK;
  xq *like = NULL, *filter = NULL, *unwanted = NULL;
  char *story = NULL;
  memset(p, 0, sizeof *p);
  p->tier1_n = -1;
  long na = warta_searcher_articles(s);
  p->n_articles = na > 0 ? (double)na : 1.0;
  if ((rc = match_groups(s, q, p)) || (rc = lang_census_take(s, &p->langs)) ||
      (rc = build_parts(s, q, &q->rank, &p->langs, &qp, &nomem)))
    goto done;
  if (q->like && (rc = like_query(s, q->like, p, &like))) goto done;
  if (q->story && (rc = story_of(s, q->story, &story))) goto done;
  filter = filters(s, q, story, &p->langs, &unwanted, &rc);
  if (rc) goto done;
  if (nomem || qparts_nomem(&qp)) rc = WARTA_NOMEM;
  if (rc == WARTA_OK && assemble(q, &qp, like, filter, unwanted, p)) rc = WARTA_NOMEM;
  if (rc == WARTA_OK) rc = build_counted(s, q, like, filter, unwanted, p);
done:
  free(story);
  xq_free(like);
  xq_free(filter);
  xq_free(unwanted);
  qparts_free(&qp);
  if (rc) match_clear(p);
  return rc;
}

int warta_searcher_want_terms(warta_searcher *s, const warta_query *q) {
  xmatch p;
  memset(&p, 0, sizeof p);
  p.n_articles = 1.0;
  /* the match's own view of the groups: its terms are asked as it asks them */
  int rc = match_groups(s, q, &p);
  if (rc == WARTA_OK) rc = lang_census_take(s, &p.langs);
  if (rc == WARTA_OK) rc = dates_want(s, q);
  match_clear(&p);
  return rc;
}

void match_clear(xmatch *p) {
  xq_free(p->tier1);
  xq_free(p->tier2);
  xq_free(p->all);
  xq_free(p->all_words);
  for (int i = 0; i < p->nterm; i++) {
    free(p->term[i].t);
  }
  free(p->term);
  for (int i = 0; i < p->ng; i++) {
    for (int k = 0; k < p->g[i].nseq; k++)
      free(p->g[i].seq[k].term);
    free(p->g[i].seq);
  }
  free(p->g);
  free(p->langs.freq);
  memset(p, 0, sizeof *p);
}
