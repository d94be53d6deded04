/*
** Unit tests of analysis/passage.c: paragraphs, packing, sentence windows.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/passage.h"
#include "common/buf.h"

typedef struct spans {
  size_t s[256], e[256]; /* passage ranges */
  int n;                 /* how many */
} spans;

static int collect(void *ctx, size_t start, size_t end) {
  spans *sp = ctx;
  sp->s[sp->n] = start;
  sp->e[sp->n] = end;
  sp->n++;
  return sp->n == 256 ? 1 : 0;
}

static int split(const char *text, int min, int max, spans *sp) {
  warta_splitter *s = NULL;
  warta_passage_opts o = {min, max};
  sp->n = 0;
  if (warta_splitter_new(&s)) return -1;
  int rc = warta_split_passages(s, text, strlen(text), &o, collect, sp);
  warta_splitter_free(s);
  return rc;
}

static int words(const char *t, size_t s, size_t e) {
  int w = 0, in = 0;
  for (size_t i = s; i < e; i++) {
    int sp = t[i] == ' ' || t[i] == '\n';
    if (!sp && !in) w++;
    in = !sp;
  }
  return w;
}

static void paragraphs(void **state) {
  spans sp;
  const char *t = "  First paragraph here.\n\nSecond one\nwraps a line.\n \n\nThird.  \n";
  (void)state;
  assert_int_equal(split(t, 1, 100, &sp), 0);
  assert_int_equal(sp.n, 3);
  assert_memory_equal(t + sp.s[0], "First paragraph here.", sp.e[0] - sp.s[0]);
  assert_memory_equal(t + sp.s[1], "Second one\nwraps a line.", sp.e[1] - sp.s[1]);
  assert_memory_equal(t + sp.s[2], "Third.", sp.e[2] - sp.s[2]);
}

static void packing(void **state) {
  spans sp;
  /* three paragraphs of 4 words: min 6 packs the first two, not the third */
  const char *t = "a b c d.\n\ne f g h.\n\ni j k l.";
  (void)state;
  assert_int_equal(split(t, 6, 10, &sp), 0);
  assert_int_equal(sp.n, 2);
  assert_memory_equal(t + sp.s[0], "a b c d.\n\ne f g h.", sp.e[0] - sp.s[0]);
  assert_memory_equal(t + sp.s[1], "i j k l.", 8);
}

static void windows(void **state) {
  spans sp;
  warta_buf b = WARTA_BUF_INIT;
  (void)state;
  /* one paragraph of 40 sentences of 6 words: windows of whole sentences */
  for (int i = 0; i < 40; i++)
    warta_buf_printf(&b, "Kalimat nomor %d ada di sini. ", i);
  assert_int_equal(split(b.p, 10, 22, &sp), 0);
  assert_true(sp.n >= 10);
  for (int i = 0; i < sp.n; i++) {
    int w = words(b.p, sp.s[i], sp.e[i]);
    assert_true(w <= 22);
    assert_true(w % 6 == 0);              /* whole sentences only */
    assert_true(b.p[sp.e[i] - 1] == '.'); /* ends at a sentence end */
    if (i > 0) assert_true(sp.s[i] >= sp.e[i - 1]);
  }
  warta_buf_free(&b);
}

static void long_sentence(void **state) {
  spans sp;
  warta_buf b = WARTA_BUF_INIT;
  (void)state;
  for (int i = 0; i < 300; i++)
    warta_buf_puts(&b, "kata ");
  assert_int_equal(split(b.p, 60, 120, &sp), 0);
  assert_int_equal(sp.n, 3);
  for (int i = 0; i < sp.n; i++)
    assert_true(words(b.p, sp.s[i], sp.e[i]) <= 120);
  warta_buf_free(&b);
}

static void lone_cr(void **state) {
  spans sp;
  /* a lone CR inside a long paragraph breaks a sentence of no words: no
  ** passage may end in white space (found by fuzz-passage) */
  const char *t = "a\n\rb c";
  (void)state;
  assert_int_equal(split(t, 1, 1, &sp), 0);
  for (int i = 0; i < sp.n; i++) {
    assert_true(sp.e[i] > sp.s[i]);
    assert_true(t[sp.e[i] - 1] != '\n' && t[sp.e[i] - 1] != '\r' && t[sp.e[i] - 1] != ' ');
    assert_true(t[sp.s[i]] != '\n' && t[sp.s[i]] != '\r' && t[sp.s[i]] != ' ');
  }
}

static void empty(void **state) {
  spans sp;
  (void)state;
  assert_int_equal(split("", 60, 120, &sp), 0);
  assert_int_equal(sp.n, 0);
  assert_int_equal(split(" \n\n \t\n", 60, 120, &sp), 0);
  assert_int_equal(sp.n, 0);
}

static void callback_stops(void **state) {
  spans sp;
  warta_buf b = WARTA_BUF_INIT;
  (void)state;
  for (int i = 0; i < 300; i++)
    warta_buf_puts(&b, "x.\n\n");
  assert_int_equal(split(b.p, 1, 1, &sp), 1);
  warta_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(paragraphs),     cmocka_unit_test(packing), cmocka_unit_test(windows),
      cmocka_unit_test(long_sentence),  cmocka_unit_test(lone_cr), cmocka_unit_test(empty),
      cmocka_unit_test(callback_stops),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
