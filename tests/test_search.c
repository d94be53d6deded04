/*
** Unit tests of store/ and query/plan.c together: writing documents,
** ranking tiers, highlights, deleting, and query safety.
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
#include "query/plan.h"
#include "store/store.h"

static warta_store *st;
static int64_t file_id;

static int64_t add(const char *title, const char *body, const char *lang) {
  warta_doc d;
  int64_t id = 0;
  memset(&d, 0, sizeof d);
  d.file_id = file_id;
  d.lang = lang;
  d.title = title;
  d.hash = 1;
  assert_int_equal(warta_store_add_document(st, &d, &id), 0);
  assert_int_equal(warta_store_add_passage(st, id, 0, lang, title, body, strlen(body)), 0);
  return id;
}

static int setup(void **state) {
  char *err = NULL;
  (void)state;
  if (warta_store_open(":memory:", WARTA_STORE_CREATE, WARTA_STEM_FULL, &st, &err)) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  assert_int_equal(warta_store_begin(st), 0);
  assert_int_equal(warta_store_add_file(st, "/corpus/a.txt", 1, 1, 1, &file_id), 0);
  add("Satu", "Presiden berbicara tentang ekonomi dan militer.", "id");                     /* 1 */
  add("Dua", "Kerja sama ekonomi kedua negara meningkat.", "id");                           /* 2 */
  add("Tiga", "Kedua negara sepakat memperkuat kerjasama militer di perbatasan.", "id");    /* 3 */
  add("Empat", "Militer kedua negara bekerja sama dalam latihan; kerja keras sama.", "id"); /* 4 */
  add("Five", "The meetings on military cooperation ended.", "en");                         /* 5 */
  assert_int_equal(warta_store_commit(st), 0);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  warta_store_close(st);
  return 0;
}

static int run(const char *query, warta_hit **hits, int *n) {
  warta_analyzer *a = NULL;
  qplan p;
  assert_int_equal(warta_analyzer_new("id", WARTA_STEM_FULL, &a, NULL), 0);
  assert_int_equal(qplan_build(query, &a, 1, NULL, &p), 0);
  warta_analyzer_free(a);
  if (p.n == 0) {
    qplan_free(&p);
    *hits = NULL;
    *n = 0;
    return 0;
  }
  warta_search q = {p.match, p.spec, NULL, 10, 0};
  int rc = warta_store_search(st, &q, hits, n);
  qplan_free(&p);
  return rc;
}

static void tiers(void **state) {
  warta_hit *h;
  int n, *r, nr;
  (void)state;
  assert_int_equal(run("kerja sama militer", &h, &n), 0);
  assert_int_equal(n, 4);
  /* the phrase (closed form here) first, then all words, then some */
  assert_int_equal(h[0].doc_id, 3);
  assert_int_equal(h[1].doc_id, 4);
  for (int i = 1; i < n; i++)
    assert_true(h[i - 1].rank >= h[i].rank);
  /* matched and phrase are found for the hits shown */
  warta_analyzer *a = NULL;
  qplan p;
  assert_int_equal(warta_analyzer_new("id", WARTA_STEM_FULL, &a, NULL), 0);
  assert_int_equal(qplan_build("kerja sama militer", &a, 1, NULL, &p), 0);
  warta_search q = {p.match, p.spec, NULL, 10, 0};
  int want[] = {3, 3, 2, 1}; /* docs 3 and 4 hold all, 2 holds kerja sama, 1 militer */
  for (int i = 0; i < n; i++) {
    assert_int_equal(warta_store_highlights(st, &q, &h[i], &r, &nr), 0);
    free(r);
    assert_int_equal(h[i].matched, want[i]);
    assert_int_equal(h[i].phrase, i == 0);
  }
  qplan_free(&p);
  warta_analyzer_free(a);
  free(h);
}

static void no_word_required(void **state) {
  warta_hit *h;
  int n;
  (void)state;
  /* a word no passage holds does not empty the result */
  assert_int_equal(run("militer xyzzyqq", &h, &n), 0);
  assert_true(n >= 3);
  free(h);
}

static void languages_merge(void **state) {
  warta_hit *h;
  int n;
  char **langs = NULL;
  (void)state;
  assert_int_equal(warta_store_languages(st, &langs), 0);
  assert_string_equal(langs[0], "en");
  assert_string_equal(langs[1], "id");
  assert_null(langs[2]);
  warta_store_free_list(langs);
  assert_int_equal(run("meeting", &h, &n), 0);
  assert_int_equal(n, 1);
  assert_string_equal(h[0].lang, "en");
  free(h);
}

static void highlights(void **state) {
  warta_hit *h;
  int n, *r, nr;
  (void)state;
  assert_int_equal(run("kerja sama militer", &h, &n), 0);
  warta_analyzer *a = NULL;
  qplan p;
  assert_int_equal(warta_analyzer_new("id", WARTA_STEM_FULL, &a, NULL), 0);
  assert_int_equal(qplan_build("kerja sama militer", &a, 1, NULL, &p), 0);
  warta_search q = {p.match, p.spec, NULL, 10, 0};
  assert_int_equal(warta_store_highlights(st, &q, &h[0], &r, &nr), 0);
  /* "kerjasama" (both parts, one range) and "militer" */
  const char *body = "Kedua negara sepakat memperkuat kerjasama militer di perbatasan.";
  assert_int_equal(nr, 2);
  assert_memory_equal(body + r[0], "kerjasama", 9);
  assert_int_equal(r[1] - r[0], 9);
  assert_memory_equal(body + r[2], "militer", 7);
  free(r);
  qplan_free(&p);
  warta_analyzer_free(a);
  free(h);
}

static void nasty_queries(void **state) {
  /* nothing a user types may reach FTS5 syntax */
  static const char *const q[] = {
      "\"",
      "\"\"",
      "\"kerja sama",
      "kerja\"sama",
      "NEAR(militer ekonomi)",
      "militer AND OR NOT",
      "title:militer",
      "militer*",
      "-militer",
      "^militer",
      "(militer",
      "militer)",
      "{a b}:c",
      "'; DROP TABLE passages; --",
      "militer + ekonomi",
      "a\"b\"c\"d",
      "\\",
      "*",
      "***",
      ":",
      "NOT",
      "OR",
      "AND",
      "\xff\xfe",
      "militer \xc3",
      "kerja-sama",
      "e-KTP",
      "-",
      "\"\" OR \"\"",
  };
  (void)state;
  for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
    warta_hit *h = NULL;
    int n = 0;
    assert_int_equal(run(q[i], &h, &n), 0);
    free(h);
  }
}

static void plan_shape(void **state) {
  warta_analyzer *a = NULL;
  qplan p;
  (void)state;
  assert_int_equal(warta_analyzer_new("id", WARTA_STEM_FULL, &a, NULL), 0);
  assert_int_equal(qplan_build("  apakah \"kerja sama\" militer ? \"unclosed", &a, 1, NULL, &p), 0);
  assert_int_equal(p.n, 4);
  assert_string_equal(p.match, "\"apakah\" OR \"kerja sama\" OR \"militer\" OR \"unclosed\"");
  assert_string_equal(p.spec, "0:0.2 1:1 2:1 3:1");
  assert_int_equal(p.g[1].quoted, 1);
  assert_int_equal(p.unbalanced, 1);
  qplan_free(&p);
  assert_int_equal(qplan_build("? ! --", &a, 1, NULL, &p), 0);
  assert_int_equal(p.n, 0);
  qplan_free(&p);
  warta_analyzer_free(a);
}

static char *fake_parts(void *ctx, const char *closed) {
  (void)ctx;
  return strcmp(closed, "olahraga") == 0 ? strdup("olah raga") : NULL;
}

static char *fake_closed(void *ctx, const char *a, const char *b) {
  (void)ctx;
  return strcmp(a, "olah") == 0 && strcmp(b, "raga") == 0 ? strdup("olahraga") : NULL;
}

static void plan_compounds(void **state) {
  warta_analyzer *a = NULL;
  qlexicon lex = {fake_parts, fake_closed, NULL};
  qplan p;
  (void)state;
  assert_int_equal(warta_analyzer_new("id", WARTA_STEM_FULL, &a, NULL), 0);
  /* the closed form also searches the open one, in the same group */
  assert_int_equal(qplan_build("piala olahraga", &a, 1, &lex, &p), 0);
  assert_string_equal(p.match, "\"piala\" OR \"olahraga\" OR \"olah raga\"");
  assert_string_equal(p.spec, "0:1 1:1 1:1");
  qplan_free(&p);
  /* the open form becomes one group that also searches the closed one */
  assert_int_equal(qplan_build("Olah Raga putri", &a, 1, &lex, &p), 0);
  assert_int_equal(p.n, 2);
  assert_string_equal(p.match, "\"Olah Raga\" OR \"olahraga\" OR \"putri\"");
  assert_string_equal(p.spec, "0:1 0:1 1:1");
  qplan_free(&p);
  /* a quoted phrase is left as typed */
  assert_int_equal(qplan_build("\"olah\" raga", &a, 1, &lex, &p), 0);
  assert_string_equal(p.match, "\"olah\" OR \"raga\"");
  qplan_free(&p);
  warta_analyzer_free(a);
}

static void delete_document(void **state) {
  warta_hit *h;
  int n;
  (void)state;
  assert_int_equal(warta_store_begin(st), 0);
  int64_t id = add("Enam", "Kapal selam baru tiba.", "id");
  assert_int_equal(warta_store_commit(st), 0);
  assert_int_equal(run("kapal selam", &h, &n), 0);
  assert_int_equal(n, 1);
  free(h);
  assert_int_equal(warta_store_begin(st), 0);
  assert_int_equal(warta_store_delete_document(st, id), 0);
  assert_int_equal(warta_store_commit(st), 0);
  assert_int_equal(run("kapal selam", &h, &n), 0);
  assert_int_equal(n, 0);
  free(h);
  /* the FTS index still agrees with its content */
  assert_int_equal(sqlite3_exec(warta_store_db(st),
                                "INSERT INTO fts_id(fts_id, rank) VALUES('integrity-check', 1)",
                                NULL, NULL, NULL),
                   0);
}

static void meta(void **state) {
  (void)state;
  char *v = warta_store_meta_get(st, "analysis_version");
  assert_non_null(v);
  assert_string_equal(v, warta_analysis_version());
  free(v);
  assert_null(warta_store_meta_get(st, "no such key"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tiers),
      cmocka_unit_test(no_word_required),
      cmocka_unit_test(languages_merge),
      cmocka_unit_test(highlights),
      cmocka_unit_test(nasty_queries),
      cmocka_unit_test(plan_shape),
      cmocka_unit_test(plan_compounds),
      cmocka_unit_test(delete_document),
      cmocka_unit_test(meta),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
