/*
** Unit tests of the value tables behind facets (store/xvalues.h) through
** xdb.h: counts from the tables equal a brute-force count over the
** documents written, before the tables exist, once they do, after the
** database changes underneath a reader, and over two shards; so do the
** distinct values (stories) counted from a table; so do date ranges
** checked against a table (xdb_value_filter); and documents read
** together from two shards (xdb_read_many) are those asked for, in order.
*/
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <cmocka.h>

#include "common/rc.h"
#include "scratch.h"
#include "store/xdb.h"

/* Under ASan: libxapian 1.4.22 frees an object with the wrong size inside
** Xapian (scripts/check says the same for every test). */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "new_delete_type_mismatch=0"; }

/* The slots counted, as the searcher counts facets and days. */
enum { S_DATE = 0, S_SOURCE = 2, S_MONTH = 3, S_LANG = 4, S_STORY = 5 };
static const unsigned slots[4] = {S_SOURCE, S_MONTH, S_LANG, S_DATE};

#define MAXDOC 800

/* What each written document holds; a field "" is absent. */
typedef struct doc {
  char source[16], month[8], lang[4], date[9], story[8];
  int word[3]; /* holds w0, w1, w2 */
} doc;

typedef struct db_docs {
  doc d[MAXDOC];
  int n;
} db_docs;

static uint32_t rnd_state = 20261207;
static uint32_t rnd(uint32_t n) {
  rnd_state = rnd_state * 1103515245u + 12345u;
  return (rnd_state >> 8) % n;
}

/* A made-up document k: five sources (one in seven has none), dates over
** three months (one in nine undated), two languages, one of 60 stories
** (one in six has none). */
static void make_doc(doc *d) {
  static const char *src[5] = {"Kompas", "Tempo", "Antara", "Detik", "BBC"};
  memset(d, 0, sizeof *d);
  if (rnd(7)) snprintf(d->source, sizeof d->source, "%s", src[rnd(5)]);
  if (rnd(9)) {
    int m = 8 + (int)rnd(3), day = 1 + (int)rnd(m == 9 ? 30 : 31);
    snprintf(d->date, sizeof d->date, "2019%02d%02d", m, day);
    snprintf(d->month, sizeof d->month, "2019-%02d", m);
  }
  snprintf(d->lang, sizeof d->lang, "%s", rnd(4) ? "id" : "en");
  d->word[0] = rnd(2) == 0;
  d->word[1] = rnd(5) == 0;
  d->word[2] = 1;
  if (rnd(6)) snprintf(d->story, sizeof d->story, "s%u", rnd(60));
}

static void add_docs(xdb *w, db_docs *all, int n) {
  for (int i = 0; i < n; i++) {
    doc *d = &all->d[all->n++];
    make_doc(d);
    xdoc *x = xdoc_new();
    assert_non_null(x);
    assert_int_equal(xdoc_boolean(x, "XA", 2), WARTA_OK);
    for (int k = 0; k < 3; k++) {
      char t[4] = {'w', (char)('0' + k), 0};
      if (d->word[k]) assert_int_equal(xdoc_term(x, t, 2, 1), WARTA_OK);
    }
    if (*d->date) {
      char t[16];
      snprintf(t, sizeof t, "D%s", d->date);
      assert_int_equal(xdoc_boolean(x, t, strlen(t)), WARTA_OK);
      assert_int_equal(xdoc_value(x, S_DATE, d->date, strlen(d->date)), WARTA_OK);
      assert_int_equal(xdoc_value(x, S_MONTH, d->month, strlen(d->month)), WARTA_OK);
    }
    if (*d->source) assert_int_equal(xdoc_value(x, S_SOURCE, d->source, strlen(d->source)), 0);
    assert_int_equal(xdoc_value(x, S_LANG, d->lang, strlen(d->lang)), WARTA_OK);
    if (*d->story) assert_int_equal(xdoc_value(x, S_STORY, d->story, strlen(d->story)), 0);
    xdocid did;
    assert_int_equal(xdb_add(w, x, &did), WARTA_OK);
    xdoc_free(x);
  }
  assert_int_equal(xdb_commit(w), WARTA_OK);
}

static const char *field(const doc *d, unsigned slot) {
  return slot == S_SOURCE  ? d->source
         : slot == S_MONTH ? d->month
         : slot == S_LANG  ? d->lang
                           : d->date;
}

/* Does d match word query q (-1: every document) within [lo, hi] (NULL:
** open; an undated document is in no range)? */
static int matches(const doc *d, int q, const char *lo, const char *hi) {
  if (q >= 0 && !d->word[q]) return 0;
  if ((lo || hi) && !*d->date) return 0;
  if (lo && strcmp(d->date, lo) < 0) return 0;
  if (hi && strcmp(d->date, hi) > 0) return 0;
  return 1;
}

/* Spy i's counts in r equal the brute-force counts over all->d[], each
** value once, in order (most first, then by value). */
static void expect_counts(const db_docs *all, int q, const char *lo, const char *hi,
                          const xresult *r, int i) {
  long total = 0;
  for (int k = 0; k < r->ncount[i]; k++) {
    long want = 0;
    for (int j = 0; j < all->n; j++)
      if (matches(&all->d[j], q, lo, hi) &&
          !strcmp(field(&all->d[j], slots[i]), r->count[i][k].value))
        want++;
    if ((long)r->count[i][k].n != want)
      fail_msg("slot %u value %s: %u counted, %ld there", slots[i], r->count[i][k].value,
               r->count[i][k].n, want);
    if (k > 0) {
      const xcount *a = &r->count[i][k - 1], *b = &r->count[i][k];
      assert_true(a->n > b->n || (a->n == b->n && strcmp(a->value, b->value) < 0));
    }
    total += want;
  }
  /* and no value left out */
  long all_with = 0;
  for (int j = 0; j < all->n; j++)
    if (matches(&all->d[j], q, lo, hi) && *field(&all->d[j], slots[i])) all_with++;
  assert_int_equal(total, all_with);
}

static xq *word_query(int q) {
  char t[4] = {'w', (char)('0' + q), 0};
  return q < 0 ? xq_term("XA", 2, 1) : xq_term(t, 2, 1);
}

/* A search that sees every match, with no page. */
static xsearch exact(xdb *db) {
  xsearch s;
  memset(&s, 0, sizeof s);
  s.collapse_slot = s.sort_slot = -1;
  s.weight.boolean = 1;
  s.check_at_least = xdb_doccount(db) + 1;
  return s;
}

/* Run q (filtered by f when not NULL) counting every slot, check it
** against the documents; the spies that counted from tables. */
static int check_search(xdb *db, const db_docs *all, int q, const xq *f, const char *lo,
                        const char *hi) {
  xq *wq = word_query(q);
  xq *fq = f ? xq_op(XQ_FILTER, (xq *const[]){wq, (xq *)f}, 2, 0) : NULL;
  xsearch s = exact(db);
  xresult r;
  s.nspies = 4;
  memcpy(s.spy_slot, slots, sizeof slots);
  assert_int_equal(xdb_search(db, fq ? fq : wq, &s, &r), WARTA_OK);
  long want = 0;
  for (int j = 0; j < all->n; j++)
    want += matches(&all->d[j], q, lo, hi);
  assert_int_equal((long)r.est, want);
  for (int i = 0; i < 4; i++)
    expect_counts(all, q, lo, hi, &r, i);
  int tabled = r.tabled;
  xresult_free(&r);
  xq_free(fq);
  xq_free(wq);
  return tabled;
}

/* The distinct stories of the documents matching q, a document without
** one counted as its own, by brute force. */
static long stories_there(const db_docs *all, int q) {
  long n = 0;
  for (int j = 0; j < all->n; j++) {
    const doc *d = &all->d[j];
    if (!matches(d, q, NULL, NULL)) continue;
    int seen = 0;
    for (int i = 0; i < j && *d->story && !seen; i++)
      seen = matches(&all->d[i], q, NULL, NULL) && !strcmp(all->d[i].story, d->story);
    n += !seen;
  }
  return n;
}

/* Run q counting its distinct stories: what xresult.distinct says (-1: no
** table counted them), checked against the documents when counted. */
static long distinct_search(xdb *db, const db_docs *all, int q) {
  xq *wq = word_query(q);
  xsearch s = exact(db);
  xresult r;
  s.distinct = 1;
  s.distinct_slot = S_STORY;
  assert_int_equal(xdb_search(db, wq, &s, &r), WARTA_OK);
  long n = r.distinct;
  if (n >= 0) assert_int_equal(n, stories_there(all, q));
  xresult_free(&r);
  xq_free(wq);
  return n;
}

typedef struct fixture {
  char tmp[256], path[2][300];
  db_docs docs[2];
} fixture;

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  if (!fx || scratch_make(fx->tmp, sizeof fx->tmp, "xvalues")) return -1;
  for (int k = 0; k < 2; k++) {
    snprintf(fx->path[k], sizeof fx->path[k], "%s/db%d", fx->tmp, k);
    xdb *w = NULL;
    char *err = NULL;
    if (xdb_open(fx->path[k], XDB_WRITE | XDB_CREATE, &w, &err)) return -1;
    add_docs(w, &fx->docs[k], k ? 150 : 300);
    xdb_close(w);
  }
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  scratch_remove(fx->tmp);
  free(fx);
  return 0;
}

/* The writer adds 40 documents to fx's first database; the reader db moves
** to the new revision. */
static void grow_and_follow(fixture *fx, xdb *db) {
  xdb *w = NULL;
  char *err = NULL;
  assert_int_equal(xdb_open(fx->path[0], XDB_WRITE, &w, &err), WARTA_OK);
  add_docs(w, &fx->docs[0], 40);
  xdb_close(w);
  int changed = 0;
  assert_int_equal(xdb_reopen(db, &changed), WARTA_OK);
  assert_int_equal(changed, 1);
}

/* Facets: exact before the tables exist (Xapian's spies), and once the
** spies have read as many values as a slot holds, from the tables, still
** exact; a new revision drops them, and the counts follow it. */
static void counts_from_tables(void **state) {
  fixture *fx = *state;
  xdb *db = NULL;
  char *err = NULL;
  assert_int_equal(xdb_open(fx->path[0], 0, &db, &err), WARTA_OK);
  /* w1 matches one in five: its spies read too little for a table */
  assert_int_equal(check_search(db, &fx->docs[0], 1, NULL, NULL, NULL), 0);
  /* every document: the spies have now read each slot whole */
  assert_int_equal(check_search(db, &fx->docs[0], -1, NULL, NULL, NULL), 0);
  assert_int_equal(check_search(db, &fx->docs[0], -1, NULL, NULL, NULL), 4);
  for (int q = 0; q < 3; q++)
    assert_int_equal(check_search(db, &fx->docs[0], q, NULL, NULL, NULL), 4);

  /* the writer adds documents; the reader moves to the new revision */
  grow_and_follow(fx, db);
  assert_int_equal(check_search(db, &fx->docs[0], 0, NULL, NULL, NULL), 0);
  assert_int_equal(check_search(db, &fx->docs[0], -1, NULL, NULL, NULL), 0);
  assert_int_equal(check_search(db, &fx->docs[0], 0, NULL, NULL, NULL), 4);
  xdb_close(db);
}

/* fx's two databases as the shards of one. */
static xdb *open_both(fixture *fx) {
  xdb_part parts[2] = {{fx->path[0], NULL, 0}, {fx->path[1], NULL, 0}};
  xdb *db = NULL;
  char *err = NULL;
  assert_int_equal(xdb_open_parts(parts, 2, 0, &db, NULL, &err), WARTA_OK);
  return db;
}

/* Two shards: a spy would see each shard's own document ids, so the
** counts are Xapian's spies': exact, with no table. */
static void two_shards(void **state) {
  fixture *fx = *state;
  xdb *db = open_both(fx);
  static db_docs both;
  both.n = 0;
  for (int k = 0; k < 2; k++)
    for (int j = 0; j < fx->docs[k].n; j++)
      both.d[both.n++] = fx->docs[k].d[j];
  for (int k = 0; k < 3; k++)
    assert_int_equal(check_search(db, &both, k % 2 ? 1 : -1, NULL, NULL, NULL), 0);
  xdb_close(db);
}

/* Distinct stories: none counted before the slot has been charged with as
** many matches as it holds values, then exact from the table; a new
** revision drops it; over two shards there is none. */
static void distinct_from_table(void **state) {
  fixture *fx = *state;
  xdb *db = NULL;
  char *err = NULL;
  assert_int_equal(xdb_open(fx->path[0], 0, &db, &err), WARTA_OK);
  assert_int_equal(distinct_search(db, &fx->docs[0], 1), -1);
  assert_int_equal(distinct_search(db, &fx->docs[0], -1), -1);
  for (int q = -1; q < 3; q++)
    assert_true(distinct_search(db, &fx->docs[0], q) > 0);

  grow_and_follow(fx, db);
  assert_int_equal(distinct_search(db, &fx->docs[0], -1), -1);
  assert_true(distinct_search(db, &fx->docs[0], 0) > 0);
  xdb_close(db);

  db = open_both(fx);
  for (int k = 0; k < 3; k++)
    assert_int_equal(distinct_search(db, &fx->docs[0], -1), -1);
  xdb_close(db);
}

/* q's ranked page of n within [lo, hi] through the value filter equals
** the page through a value range: the same documents in the same order. */
static void same_page(xdb *db, int q, const xq *f, const char *lo, const char *hi, int n) {
  xq *wq = word_query(q), *vr = xq_value_range(S_DATE, lo, hi);
  xq *a = xq_op(XQ_FILTER, (xq *const[]){wq, (xq *)f}, 2, 0);
  xq *b = xq_op(XQ_FILTER, (xq *const[]){wq, vr}, 2, 0);
  xsearch s = exact(db);
  s.weight.boolean = 0;
  s.weight.k1 = 1.2;
  s.weight.b = 0.75;
  s.limit = n;
  s.check_at_least = (uint32_t)n;
  xresult ra, rb;
  assert_int_equal(xdb_search(db, a, &s, &ra), WARTA_OK);
  assert_int_equal(xdb_search(db, b, &s, &rb), WARTA_OK);
  assert_int_equal(ra.nhit, rb.nhit);
  for (int i = 0; i < ra.nhit; i++)
    assert_int_equal(ra.hit[i].did, rb.hit[i].did);
  xresult_free(&ra);
  xresult_free(&rb);
  xq_free(a);
  xq_free(b);
  xq_free(vr);
  xq_free(wq);
}

/* Date ranges checked against the table of one local database: every
** match within the range and no other (open sides, a day's edges, a range
** that holds nothing, one that holds most documents and comes as the
** others), dense or sparse beside the words, ranked pages as a value range
** gives them; after the database grows, over its new
** documents too; over two shards there is no such filter. */
static void value_filter(void **state) {
  static const char *range[][2] = {
      {"20190915", "20190930"}, {"20190901", "20190901"}, {NULL, "20190815"},
      {"20191020", NULL},       {"20190801", "20191031"}, {"20200101", NULL},
      {"20190931", "20190931"},
  };
  fixture *fx = *state;
  xdb *db = NULL;
  char *err = NULL;
  assert_int_equal(xdb_open(fx->path[0], 0, &db, &err), WARTA_OK);
  for (int round = 0; round < 2; round++) {
    for (size_t i = 0; i < sizeof range / sizeof range[0]; i++) {
      xq *f = NULL, *every = word_query(-1);
      int outside = -1;
      assert_int_equal(xdb_value_filter(db, S_DATE, range[i][0], range[i][1], 0, &f, &outside),
                       WARTA_OK);
      assert_non_null(f);
      /* the whole three months are most documents: given as the others */
      assert_int_equal(outside, i == 4);
      xq *within = outside ? xq_op(XQ_AND_NOT, (xq *const[]){every, f}, 2, 0) : f;
      for (int q = -1; q < 3; q++) {
        check_search(db, &fx->docs[0], q, within, range[i][0], range[i][1]);
        same_page(db, q, within, range[i][0], range[i][1], 7);
      }
      if (within != f) xq_free(within);
      xq_free(f);
      xq_free(every);
    }
    if (round == 0) grow_and_follow(fx, db);
  }
  xdb_close(db);

  db = open_both(fx);
  xq *f = (xq *)1;
  int outside = -1;
  assert_int_equal(xdb_value_filter(db, S_DATE, "20190915", NULL, 0, &f, &outside), WARTA_OK);
  assert_int_equal(outside, 0);
  assert_null(f);
  xdb_close(db);
}

/* Documents of both shards read together: out[i] is did[i]'s, whatever
** the order asked and the shards' turns; an id the engine refuses fails
** the whole read, leaving nothing. */
static void read_many(void **state) {
  fixture *fx = *state;
  xdb *db = open_both(fx);
  /* Xapian interleaves the shards: did 2j + 1 is shard 0's j + 1, 2j + 2
  ** shard 1's */
  enum { N = 40 };
  xdocid did[N];
  xread *out[N];
  for (int i = 0; i < N; i++) {
    int k = (int)rnd(2), j = (int)rnd((uint32_t)fx->docs[k].n);
    did[i] = (xdocid)(2 * j + k + 1);
  }
  assert_int_equal(xdb_read_many(db, did, N, S_LANG, NULL, NULL, out), WARTA_OK);
  for (int i = 0; i < N; i++) {
    const doc *d = &fx->docs[(did[i] - 1) % 2].d[(did[i] - 1) / 2];
    char *v = NULL;
    size_t n = 0;
    assert_int_equal(xread_value(db, out[i], S_LANG, &v, &n), WARTA_OK);
    assert_string_equal(v, d->lang);
    free(v);
    assert_int_equal(xread_value(db, out[i], S_DATE, &v, &n), WARTA_OK);
    assert_string_equal(v ? v : "", d->date);
    free(v);
    xread_free(out[i]);
  }
  /* an id the engine refuses (0): an error, and nothing kept (a local
  ** shard opens lazily, so a missing document is only found when read) */
  did[N / 2] = 0;
  int rc = xdb_read_many(db, did, N, S_LANG, NULL, NULL, out);
  assert_int_not_equal(rc, WARTA_OK);
  for (int i = 0; i < N; i++)
    assert_null(out[i]);
  assert_int_equal(xdb_read_many(db, did, 0, S_LANG, NULL, NULL, out), WARTA_OK);
  xdb_close(db);
}

/* Documents read with the known languages of docs (a second reader
** reading half of each shard's) have the languages of want. */
static void expect_langs(xdb *db, const xdocid *did, int n, const db_docs *known,
                         const db_docs *want) {
  xread *out[64];
  const char *k[64];
  size_t kn[64];
  for (int i = 0; i < n; i++) {
    const doc *d = &known[(did[i] - 1) % 2].d[(did[i] - 1) / 2];
    k[i] = d->lang, kn[i] = strlen(d->lang);
  }
  assert_int_equal(xdb_read_many(db, did, n, S_LANG, k, kn, out), WARTA_OK);
  for (int i = 0; i < n; i++) {
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xread_value(db, out[i], S_LANG, &v, &len), WARTA_OK);
    assert_string_equal(v, want[(did[i] - 1) % 2].d[(did[i] - 1) / 2].lang);
    free(v);
    xread_free(out[i]);
  }
}

/* Every document of shard 0 (fx's first database) changes language. */
static void flip_langs(fixture *fx) {
  xdb *w = NULL;
  assert_int_equal(xdb_open(fx->path[0], XDB_WRITE, &w, NULL), WARTA_OK);
  for (int j = 0; j < fx->docs[0].n; j++) {
    doc *d = &fx->docs[0].d[j];
    xdoc *x = NULL;
    memcpy(d->lang, strcmp(d->lang, "id") ? "id" : "en", 3);
    assert_int_equal(xdb_fetch(w, (xdocid)(j + 1), &x), WARTA_OK);
    assert_int_equal(xdoc_value(x, S_LANG, d->lang, strlen(d->lang)), WARTA_OK);
    assert_int_equal(xdb_replace_id(w, (xdocid)(j + 1), x), WARTA_OK);
    xdoc_free(x);
  }
  xdb_close(w);
}

/* A second reader (xdb_second_readers()) opened after the database
** changed sees the new revision: its documents whose value is not the
** one known are read again by the first, which stays where it was; after
** a reopen both read the new revision, and again after the next. */
static void read_many_second(void **state) {
  fixture *fx = *state;
  xdb *db = open_both(fx);
  xdb_second_readers(db, 1);
  enum { N = 40 };
  xdocid did[N];
  for (int i = 0; i < N; i++) {
    int k = (int)rnd(2), j = (int)rnd((uint32_t)fx->docs[k].n);
    did[i] = (xdocid)(2 * j + k + 1);
  }
  static db_docs before[2];
  memcpy(before, fx->docs, sizeof before);
  flip_langs(fx); /* under the reader */
  /* known as before: the second reader's changed documents (shard 0's)
  ** are read again */
  int changed = 0, half[2] = {0, 0};
  for (int i = 0; i < N; i++)
    half[(did[i] - 1) % 2]++;
  expect_langs(db, did, N, before, before);
  assert_int_equal(xdb_second_reads(db), half[1] / 2);
  assert_int_equal(xdb_reopen(db, &changed), WARTA_OK);
  assert_int_equal(changed, 1);
  expect_langs(db, did, N, fx->docs, fx->docs);
  assert_int_equal(xdb_second_reads(db), half[1] / 2 + half[0] / 2 + half[1] / 2);
  /* a value known wrongly: read by the first, as it is */
  expect_langs(db, did, N, before, fx->docs);
  long reads = half[1] / 2 + half[0] / 2 + 2 * (half[1] / 2);
  assert_int_equal(xdb_second_reads(db), reads);
  /* the database changes again: the first reopens, and so does the second */
  flip_langs(fx);
  assert_int_equal(xdb_reopen(db, &changed), WARTA_OK);
  expect_langs(db, did, N, fx->docs, fx->docs);
  assert_int_equal(xdb_second_reads(db), reads + half[0] / 2 + half[1] / 2);
  xdb_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(counts_from_tables),  cmocka_unit_test(two_shards),
      cmocka_unit_test(distinct_from_table), cmocka_unit_test(read_many),
      cmocka_unit_test(read_many_second),    cmocka_unit_test(value_filter),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
