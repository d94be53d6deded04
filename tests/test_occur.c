/*
** Unit tests of the occurrence table (store/occur.h): written and read
** back, terms looked up across restarts, damaged tables refused, and the
** occurrences and highlights built from it.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/rc.h"
#include "store/occur.h"

/* A table of nterm made-up terms "t000".."tNNN" (and "Ut000".. for the
** even ones), term i at positions i + 1 and i + 100, into b. */
static void made_up(warta_buf *b, int nterm) {
  char(*names)[8] = calloc((size_t)nterm * 2, 8);
  occ_rec *rec = calloc((size_t)nterm * 6, sizeof *rec);
  size_t n = 0;
  assert_non_null(names);
  assert_non_null(rec);
  for (int i = 0; i < nterm; i++) {
    snprintf(names[2 * i], 8, "t%03d", i);
    snprintf(names[2 * i + 1], 8, "Ut%03d", i);
    /* given out of order, with a repeat, as the writer may */
    rec[n++] = (occ_rec){names[2 * i], 4, (uint32_t)i + 100};
    rec[n++] = (occ_rec){names[2 * i], 4, (uint32_t)i + 1};
    rec[n++] = (occ_rec){names[2 * i], 4, (uint32_t)i + 1};
    if (i % 2 == 0) rec[n++] = (occ_rec){names[2 * i + 1], 5, (uint32_t)i + 1};
  }
  uint32_t len[3] = {10, 0, 7};
  occ_table_put(b, 4, len, 3, rec, n);
  assert_false(b->err);
  free(rec);
  free(names);
}

/* What occ_table_each() gives: every term once, in byte order. */
typedef struct each_ctx {
  char last[16];
  int n, upper, positions, stop_at;
} each_ctx;

static int each_term(void *ctx, const char *t, size_t n, uint32_t npos) {
  each_ctx *c = ctx;
  assert_true(n < sizeof c->last);
  char cur[16];
  memcpy(cur, t, n);
  cur[n] = 0;
  assert_true(c->n == 0 || strcmp(c->last, cur) < 0);
  strcpy(c->last, cur);
  c->n++;
  c->upper += cur[0] == 'U';
  c->positions += (int)npos;
  return c->n == c->stop_at ? 7 : 0;
}

static void round_trip(void **state) {
  (void)state;
  warta_buf b = WARTA_BUF_INIT;
  made_up(&b, 100);
  occ_table t;
  assert_int_equal(occ_table_read((const unsigned char *)b.p, b.n, &t), WARTA_OK);
  /* the layout: the title at 1..4, passages 8 positions apart */
  assert_int_equal(t.l.title, 4);
  assert_int_equal(t.l.n, 3);
  assert_int_equal(t.l.first[0], 13);
  assert_int_equal(t.l.first[1], 31);
  assert_int_equal(t.l.first[2], 39);
  assert_int_equal(t.l.len[2], 7);
  assert_int_equal(t.nterms, 150);
  /* terms at restarts, between them, first, last, absent, repeated */
  const char *want[] = {"t000", "t017", "t099", "Ut042", "Ut043", "t100", "", "t05", "t017"};
  int lens[] = {4, 4, 4, 5, 5, 4, 0, 3, 4};
  uint32_t *pos[9];
  int npos[9];
  assert_int_equal(occ_table_positions(&t, want, lens, 9, pos, npos), WARTA_OK);
  int expect_first[] = {1, 18, 100, 43, -1, -1, -1, -1, 18};
  for (int i = 0; i < 9; i++) {
    if (expect_first[i] < 0) {
      assert_int_equal(npos[i], 0);
      assert_null(pos[i]);
      continue;
    }
    int two = want[i][0] == 't';
    assert_int_equal(npos[i], two ? 2 : 1);
    assert_int_equal(pos[i][0], expect_first[i]);
    if (two) assert_int_equal(pos[i][1], expect_first[i] + 99);
    free(pos[i]);
  }
  /* every term in order, with its positions counted (the repeat once) */
  each_ctx c = {"", 0, 0, 0, -1};
  assert_int_equal(occ_table_each(&t, each_term, &c), WARTA_OK);
  assert_int_equal(c.n, 150);
  assert_int_equal(c.upper, 50);
  assert_int_equal(c.positions, 100 * 2 + 50);
  each_ctx stop = {"", 0, 0, 0, 20};
  assert_int_equal(occ_table_each(&t, each_term, &stop), 7);
  assert_int_equal(stop.n, 20);
  occ_table_free(&t);
  warta_buf_free(&b);
}

static void empty_table(void **state) {
  (void)state;
  warta_buf b = WARTA_BUF_INIT;
  occ_table_put(&b, 0, NULL, 0, NULL, 0);
  occ_table t;
  assert_int_equal(occ_table_read((const unsigned char *)b.p, b.n, &t), WARTA_OK);
  assert_int_equal(t.l.n, 0);
  assert_int_equal(t.nterms, 0);
  const char *w = "kerja";
  int n = 5, np = -1;
  uint32_t *p = (uint32_t *)&n;
  assert_int_equal(occ_table_positions(&t, &w, &n, 1, &p, &np), WARTA_OK);
  assert_null(p);
  assert_int_equal(np, 0);
  occ_table_free(&t);
  warta_buf_free(&b);
}

/* Every cut and every one-byte change of a table is read as a table or
** refused as WARTA_CORRUPT, never read past its end (ASan watches). */
static void damaged(void **state) {
  (void)state;
  warta_buf b = WARTA_BUF_INIT;
  made_up(&b, 40);
  int refused = 0;
  for (size_t cut = 0; cut < b.n; cut++) {
    unsigned char *v = malloc(cut ? cut : 1);
    memcpy(v, b.p, cut);
    occ_table t;
    int rc = occ_table_read(v, cut, &t);
    assert_true(rc == WARTA_OK || rc == WARTA_CORRUPT);
    refused += rc == WARTA_CORRUPT;
    occ_table_free(&t);
    free(v);
  }
  assert_int_equal(refused, (int)b.n); /* a cut table lost its count */
  for (size_t at = 0; at < b.n; at++) {
    unsigned char *v = malloc(b.n);
    memcpy(v, b.p, b.n);
    v[at] ^= 0xA5;
    occ_table t;
    int rc = occ_table_read(v, b.n, &t);
    assert_true(rc == WARTA_OK || rc == WARTA_CORRUPT);
    if (rc == WARTA_OK) {
      const char *w[] = {"t000", "t039", "Ut020", "zz"};
      int lens[] = {4, 4, 5, 2};
      uint32_t *pos[4];
      int npos[4];
      rc = occ_table_positions(&t, w, lens, 4, pos, npos);
      assert_true(rc == WARTA_OK || rc == WARTA_CORRUPT);
      for (int i = 0; i < 4; i++) {
        for (int k = 1; rc == WARTA_OK && k < npos[i]; k++)
          assert_true(pos[i][k] > pos[i][k - 1]);
        free(pos[i]);
      }
    }
    occ_table_free(&t);
    free(v);
  }
  warta_buf_free(&b);
}

/* Occurrences of sequences, and the highlights they make in a text. */
static void sequences_and_spans(void **state) {
  (void)state;
  /* "kerja sama kerja keras sama" at positions 1..5 */
  uint32_t kerja[] = {1, 3}, sama[] = {2, 5};
  uint32_t *pos[2] = {kerja, sama};
  int npos[2] = {2, 2};
  occ_list o = {NULL, 0, 0};
  assert_int_equal(occ_sequence(pos, npos, 2, 0, &o), WARTA_OK); /* "kerja sama" */
  assert_int_equal(o.n, 1);
  assert_int_equal(o.v[0].start, 1);
  assert_int_equal(o.v[0].end, 2);
  assert_int_equal(occ_sequence(&pos[1], &npos[1], 1, 1, &o), WARTA_OK); /* "sama" */
  occ_sort(&o);
  assert_int_equal(o.n, 3);
  int from, to;
  occ_in_range(&o, 2, 6, &from, &to);
  assert_int_equal(from, 1);
  assert_int_equal(to, 3);
  /* the text's byte ranges: words of 5, 4, 5, 5, 4 bytes, one space */
  warta_buf seg = WARTA_BUF_INIT;
  int prev = 0, at = 0, w[] = {5, 4, 5, 5, 4};
  for (int i = 0; i < 5; i++) {
    offsets_put(&seg, at, at + w[i], &prev);
    at += w[i] + 1;
  }
  spanv sv = {NULL, 0, 0, 0};
  assert_int_equal(occ_spans(&o, 1, 1, 5, (const unsigned char *)seg.p, seg.n, &sv), WARTA_OK);
  spanv_finish(&sv, NULL, 0);
  /* "kerja sama" and "sama" (merged: they overlap), then the last "sama" */
  assert_int_equal(sv.n, 2);
  assert_int_equal(sv.v[0].start, 0);
  assert_int_equal(sv.v[0].end, 10);
  assert_int_equal(sv.v[1].start, 23);
  assert_int_equal(sv.v[1].end, 27);
  /* with the text: a range after only white space joins the one before */
  const char *text = "kerja sama\t \nmiliter , sama";
  assert_int_equal(spanv_add(&sv, 13, 20), WARTA_OK); /* "militer" */
  spanv_finish(&sv, text, strlen(text));
  assert_int_equal(sv.n, 2);
  assert_int_equal(sv.v[0].start, 0);
  assert_int_equal(sv.v[0].end, 20);
  assert_int_equal(sv.v[1].start, 23);
  assert_int_equal(sv.v[1].end, 27);
  /* clamped to the text, widened to whole characters, empty ones dropped */
  sv.n = 0;
  const char *accent = "caf\xc3\xa9 x";
  assert_int_equal(spanv_add(&sv, 4, 5), WARTA_OK);   /* inside the é */
  assert_int_equal(spanv_add(&sv, 6, 40), WARTA_OK);  /* past the end */
  assert_int_equal(spanv_add(&sv, 30, 40), WARTA_OK); /* wholly past it */
  spanv_finish(&sv, accent, strlen(accent));
  assert_int_equal(sv.n, 1);
  assert_int_equal(sv.v[0].start, 3);
  assert_int_equal(sv.v[0].end, 7);
  free(sv.v);
  warta_buf_free(&seg);
  free(o.v);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(round_trip),
      cmocka_unit_test(empty_table),
      cmocka_unit_test(damaged),
      cmocka_unit_test(sequences_and_spans),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
