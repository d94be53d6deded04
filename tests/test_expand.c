/*
** Unit tests of query expansion's term choice (xdb_expand, store/xdb.h):
** the best n terms of the relevant documents and their weights equal a
** brute-force TradEWeight over every candidate term, though xdb_expand asks
** the frequencies only of the terms whose bound may reach the best n.
*/
#define _XOPEN_SOURCE 700
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/rc.h"
#include "scratch.h"
#include "store/xdb.h"

/* Under ASan: libxapian 1.4.22 frees an object with the wrong size inside
** Xapian (scripts/check says the same for every test). */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "new_delete_type_mismatch=0"; }

#define NDOC 300  /* documents written */
#define NTERM 40  /* term draws a document */
#define VOCAB 400 /* distinct words, the first far more frequent */
#define NREL 10   /* relevant documents: the first NREL */

/* A document: its words (indexes into the vocabulary) and their wdf. */
typedef struct doc {
  int word[NTERM], wdf[NTERM], n;
  long len; /* the sum of its wdf */
} doc;

typedef struct fixture {
  char tmp[256], path[300];
  doc d[NDOC];
  long total; /* the sum of every document's length */
} fixture;

static uint32_t rnd_state = 20261207;
static double unit(void) {
  rnd_state = rnd_state * 1103515245u + 12345u;
  return (double)(rnd_state >> 8) / (double)(1u << 24);
}

static void word_name(int w, char out[8]) { snprintf(out, 8, "w%03d", w); }

/* Words skewed towards the first of the vocabulary (u^3), each once in a
** document, with wdf 1 to 4. */
static void make_doc(doc *d) {
  memset(d, 0, sizeof *d);
  for (int i = 0; i < NTERM; i++) {
    int w = (int)(VOCAB * unit() * unit() * unit()), seen = 0;
    for (int k = 0; k < d->n; k++)
      seen |= d->word[k] == w;
    if (seen) continue;
    d->word[d->n] = w;
    d->wdf[d->n] = 1 + (int)(4 * unit());
    d->len += d->wdf[d->n++];
  }
}

/* The database, written once for the tests (static: it is large). */
static fixture the;

static int setup(void **state) {
  fixture *fx = &the;
  if (scratch_make(fx->tmp, sizeof fx->tmp, "expand")) return -1;
  snprintf(fx->path, sizeof fx->path, "%.250s/db", fx->tmp);
  xdb *w = NULL;
  char *err = NULL;
  if (xdb_open(fx->path, XDB_WRITE | XDB_CREATE, &w, &err)) return -1;
  for (int i = 0; i < NDOC; i++) {
    doc *d = &fx->d[i];
    make_doc(d);
    fx->total += d->len;
    xdoc *x = xdoc_new();
    char t[8];
    for (int k = 0; x && k < d->n; k++) {
      word_name(d->word[k], t);
      if (xdoc_term(x, t, strlen(t), (uint32_t)d->wdf[k])) return -1;
    }
    xdocid did;
    if (!x || xdb_add(w, x, &did)) return -1;
    xdoc_free(x);
  }
  if (xdb_commit(w)) return -1;
  xdb_close(w);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  scratch_remove(the.tmp);
  return 0;
}

typedef struct scored {
  char t[8];
  double w;
} scored;

static int by_weight(const void *a, const void *b) {
  const scored *x = a, *y = b;
  if (x->w != y->w) return x->w > y->w ? -1 : 1;
  return strcmp(x->t, y->t);
}

/* Every candidate term of the relevant documents with its TradEWeight,
** best first, into out (their number returned). */
static int brute_force(xdb *db, const fixture *fx, scored *out) {
  int n = 0;
  const double N = NDOC, R = NREL, avlen = (double)fx->total / NDOC, k = 1.0;
  for (int w = 0; w < VOCAB; w++) {
    double r = 0, mult = 0;
    for (int i = 0; i < NREL; i++) {
      for (int j = 0; j < fx->d[i].n; j++) {
        if (fx->d[i].word[j] != w) continue;
        double wdf = fx->d[i].wdf[j];
        r++;
        mult += (k + 1) * wdf / (k * (double)fx->d[i].len / avlen + wdf);
      }
    }
    if (r == 0) continue;
    scored *s = &out[n];
    word_name(w, s->t);
    uint32_t tf = 0;
    assert_int_equal(xdb_termfreq(db, s->t, strlen(s->t), &tf), WARTA_OK);
    double without = R - r;
    s->w = mult * log((r + 0.5) * (N - tf - without + 0.5) / ((tf - r + 0.5) * (without + 0.5)));
    if (s->w > 0) n++;
  }
  qsort(out, (size_t)n, sizeof *out, by_weight);
  return n;
}

typedef struct got {
  scored s[VOCAB];
  int n;
} got;

static int take(void *ctx, const char *t, size_t n, double w) {
  got *g = ctx;
  assert_true(n < sizeof g->s[0].t);
  memcpy(g->s[g->n].t, t, n);
  g->s[g->n].t[n] = 0;
  g->s[g->n++].w = w;
  return 0;
}

/* The relevant documents as the caller lists their terms. */
typedef struct listed {
  xrel rel[NREL];
  char bytes[NREL][NTERM * 8];
  size_t len[NREL][NTERM];
  uint32_t wdf[NREL][NTERM];
} listed;

static void list_rel(const fixture *fx, listed *l) {
  for (int i = 0; i < NREL; i++) {
    size_t at = 0;
    for (int j = 0; j < fx->d[i].n; j++) {
      char t[8];
      word_name(fx->d[i].word[j], t);
      l->len[i][j] = strlen(t);
      memcpy(l->bytes[i] + at, t, l->len[i][j]);
      at += l->len[i][j];
      l->wdf[i][j] = (uint32_t)fx->d[i].wdf[j];
    }
    l->rel[i] = (xrel){(xdocid)(i + 1), 1, l->bytes[i], l->len[i], l->wdf[i], fx->d[i].n};
  }
}

/* For several n (fewer than the candidates, and more): the same terms in
** the same order with the same weights as the brute force. */
static void best_terms_exact(void **state) {
  fixture *fx = *state;
  xdb *db = NULL;
  char *err = NULL;
  assert_int_equal(xdb_open(fx->path, 0, &db, &err), WARTA_OK);
  static scored want[VOCAB];
  int nwant = brute_force(db, fx, want);
  /* the case worth testing: many candidates, most never among the best */
  assert_true(nwant > 100);
  static listed l;
  list_rel(fx, &l);
  static const int ns[] = {1, 5, 20, 64, 1000};
  for (size_t c = 0; c < sizeof ns / sizeof ns[0]; c++) {
    static got g;
    g.n = 0;
    assert_int_equal(xdb_expand(db, l.rel, NREL, ns[c], 2, take, &g), WARTA_OK);
    int n = ns[c] < nwant ? ns[c] : nwant;
    assert_int_equal(g.n, n);
    for (int i = 0; i < n; i++) {
      assert_string_equal(g.s[i].t, want[i].t);
      assert_true(fabs(g.s[i].w - want[i].w) <= 1e-9 * fabs(want[i].w));
    }
  }
  xdb_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(best_terms_exact),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
