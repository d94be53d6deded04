/*
** "Did you mean" (suggest.h).
*/
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/rc.h"

#define MIN_WORD 4      /* bytes: shorter words get no suggestion */
#define RARE 5          /* articles: a word held by fewer is rare */
#define RATIO 20        /* a rare word's suggestion is this many times more frequent */
#define SCAN_MAX 200000 /* surface forms looked at per word, at most */

int suggest_distance(const char *a, size_t na, const char *b, size_t nb, int max) {
  /* three rows of the optimal string alignment distance, banded by max */
  int d = (int)(na > nb ? na - nb : nb - na);
  if (d > max) return max + 1;
  if (na > 64 || nb > 64) return max + 1;
  int r0[66], r1[66], r2[66], *pp = r0, *prev = r1, *cur = r2;
  for (size_t j = 0; j <= nb; j++)
    prev[j] = (int)j;
  for (size_t i = 1; i <= na; i++) {
    int rowmin = max + 1;
    cur[0] = (int)i;
    for (size_t j = 1; j <= nb; j++) {
      int cost = a[i - 1] != b[j - 1];
      int v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (prev[j - 1] + cost < v) v = prev[j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
        v = pp[j - 2] + 1;
      cur[j] = v;
      if (v < rowmin) rowmin = v;
    }
    if (rowmin > max) return max + 1;
    int *t = pp;
    pp = prev;
    prev = cur;
    cur = t;
  }
  return prev[nb] > max ? max + 1 : prev[nb];
}

typedef struct cand_ctx {
  const char *w; /* the word */
  size_t n;
  int max;    /* distance allowed */
  int best_d; /* the best so far */
  uint32_t best_f;
  warta_buf best;
  long scanned;
} cand_ctx;

static int candidate(void *ctx, const char *t, size_t n, uint32_t freq) {
  cand_ctx *c = ctx;
  if (++c->scanned > SCAN_MAX) return 1;
  if (n == c->n && memcmp(t, c->w, n) == 0) return 0;
  if ((n > c->n ? n - c->n : c->n - n) > (size_t)c->max) return 0;
  int d = suggest_distance(c->w, c->n, t, n, c->max);
  if (d > c->max) return 0;
  if (d < c->best_d || (d == c->best_d && freq > c->best_f)) {
    c->best_d = d;
    c->best_f = freq;
    warta_buf_reset(&c->best);
    warta_buf_append(&c->best, t, n);
  }
  return 0;
}

/* The best correction of the folded word w, or NULL. A rare word is
** looked at only when the results are thin. */
static char *correct(planner *p, const char *w, size_t n, int thin, int *err) {
  uint32_t freq = 0;
  if (n < MIN_WORD) return NULL;
  if ((*err = warta_searcher_surface_freq(p->s, w, (int)n, &freq))) return NULL;
  if (freq >= RARE || (freq > 0 && !thin)) return NULL;
  cand_ctx c = {w, n, n <= 5 ? 1 : 2, 99, 0, WARTA_BUF_INIT, 0};
  /* words whose first letter is the same: typos rarely hit it */
  int rc = warta_searcher_surfaces(p->s, w, 1, candidate, &c);
  if (rc < 0 || (rc > 1)) {
    *err = rc;
    warta_buf_free(&c.best);
    return NULL;
  }
  uint32_t need = freq ? freq * RATIO : 2;
  if (c.best_d > c.max || c.best_f < need) {
    warta_buf_free(&c.best);
    return NULL;
  }
  return warta_buf_take(&c.best);
}

typedef struct fold_ctx {
  warta_buf *out;
  int n;
  int start, end; /* the word's bytes in what was folded */
} fold_ctx;

static int fold_one(void *ctx, const warta_token *t) {
  fold_ctx *f = ctx;
  if (t->colocated) return 0;
  f->n++;
  if (f->n == 1) {
    warta_buf_append(f->out, t->term, (size_t)t->n_term);
    f->start = t->start;
    f->end = t->end;
  }
  return 0;
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }

/* Append fix in the case the user wrote w[0..n) in: Jokwi -> Jokowi,
** KPI -> KPK, jokwi -> jokowi (ASCII letters; others as they are). */
static void put_cased(warta_buf *out, const char *fix, const char *w, size_t n) {
  int upper = 0, lower = 0;
  for (size_t i = 0; i < n; i++) {
    upper += is_upper(w[i]);
    lower += is_lower(w[i]);
  }
  for (size_t i = 0; fix[i]; i++) {
    char c = fix[i];
    int up = (upper > 1 && lower == 0) || (i == 0 && n > 0 && is_upper(w[0]));
    warta_buf_putc(out, up && is_lower(c) ? (char)(c - 'a' + 'A') : c);
  }
}

/* Fold the word s[0..len) into folded: 1 when it is one word the folder
** keeps (f says where it lies in s), else 0. */
static int fold_word(planner *p, const char *s, size_t len, warta_buf *folded, fold_ctx *f) {
  *f = (fold_ctx){folded, 0, 0, 0};
  return warta_analyze(p->folder, s, (int)len, 0, fold_one, f) == WARTA_OK && f->n == 1 &&
         folded->n && f->start >= 0 && f->start < f->end && (size_t)f->end <= len;
}

/* Correct each word of text (an item's words), appending to out; returns
** how many were corrected. */
static int correct_words(planner *p, const char *text, int thin, warta_buf *out, int *err) {
  int fixed = 0;
  const char *s = text;
  while (*s && !*err) {
    size_t sp = strspn(s, " \t");
    warta_buf_append(out, s, sp);
    s += sp;
    size_t len = strcspn(s, " \t");
    if (!len) break;
    warta_buf folded = WARTA_BUF_INIT;
    fold_ctx f;
    char *fix = NULL;
    if (fold_word(p, s, len, &folded, &f)) fix = correct(p, folded.p, folded.n, thin, err);
    if (fix) {
      /* what clings to the word stays: "Putni:" -> "Putin:" */
      warta_buf_append(out, s, (size_t)f.start);
      put_cased(out, fix, s + f.start, (size_t)(f.end - f.start));
      warta_buf_append(out, s + f.end, len - (size_t)f.end);
      fixed++;
    } else {
      warta_buf_append(out, s, len);
    }
    free(fix);
    warta_buf_free(&folded);
    s += len;
  }
  return fixed;
}

/* The items whose words a suggestion may correct. */
static int correctable(const qitem *it) {
  return !it->negated && (it->kind == QI_WORD || it->kind == QI_PHRASE) && it->text;
}

int suggest_ask_ahead(planner *p, const qsyntax *syn) {
  int rc = WARTA_OK;
  for (int i = 0; i < syn->n && rc == WARTA_OK; i++) {
    const qitem *it = &syn->item[i];
    if (!correctable(it)) continue;
    for (const char *s = it->text; *s && rc == WARTA_OK;) {
      s += strspn(s, " \t");
      size_t len = strcspn(s, " \t");
      if (!len) break;
      warta_buf folded = WARTA_BUF_INIT;
      fold_ctx f;
      uint32_t freq;
      if (fold_word(p, s, len, &folded, &f) && folded.n >= MIN_WORD)
        rc = warta_searcher_surface_freq(p->s, folded.p, (int)folded.n, &freq);
      warta_buf_free(&folded);
      s += len;
    }
  }
  return rc;
}

char *suggest_query(planner *p, const char *query, const qsyntax *syn, int thin, int *err) {
  warta_buf out = WARTA_BUF_INIT;
  const char *q = query;
  int fixed = 0;
  *err = 0;
  for (int i = 0; i < syn->n && !*err; i++) {
    const qitem *it = &syn->item[i];
    if (!correctable(it)) continue;
    const char *at = strstr(q, it->text);
    if (!at || !*it->text) continue;
    warta_buf_append(&out, q, (size_t)(at - q));
    fixed += correct_words(p, it->text, thin, &out, err);
    q = at + strlen(it->text);
  }
  warta_buf_puts(&out, q);
  if (*err || !fixed || out.err) {
    warta_buf_free(&out);
    return NULL;
  }
  return warta_buf_take(&out);
}
