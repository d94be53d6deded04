/*
** Unit tests of common/hmap.h and common/grow.h: the one hash map and the
** one way to grow an array.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <xxhash.h>

#include "common/grow.h"
#include "common/hmap.h"
#include "common/rc.h"

static void put_and_get(void **state) {
  (void)state;
  warta_hmap m = WARTA_HMAP_INIT;
  size_t i = 99;
  assert_int_equal(warta_hmap_get(&m, "a", 1), WARTA_HMAP_NONE); /* empty map */
  assert_int_equal(warta_hmap_put(&m, "apel", 4, &i), 1);
  assert_int_equal(i, 0);
  assert_int_equal(warta_hmap_put(&m, "jeruk", 5, &i), 1);
  assert_int_equal(i, 1);
  assert_int_equal(warta_hmap_put(&m, "apel", 4, &i), 0); /* again: the same index */
  assert_int_equal(i, 0);
  assert_int_equal(m.n, 2);
  assert_int_equal(warta_hmap_get(&m, "jeruk", 5), 1);
  assert_int_equal(warta_hmap_get(&m, "jeru", 4), WARTA_HMAP_NONE); /* a prefix is another key */
  assert_int_equal(warta_hmap_get(&m, "apelx", 5), WARTA_HMAP_NONE);
  size_t n = 0;
  assert_string_equal(warta_hmap_key(&m, 1, &n), "jeruk");
  assert_int_equal(n, 5);
  warta_hmap_free(&m);
  assert_int_equal(m.n, 0);
  assert_null(m.slot);
}

static void empty_and_null_keys(void **state) {
  (void)state;
  warta_hmap m = WARTA_HMAP_INIT;
  size_t i = 99;
  assert_int_equal(warta_hmap_get(&m, NULL, 0), WARTA_HMAP_NONE);
  assert_int_equal(warta_hmap_put(&m, "", 0, &i), 1); /* the empty key is a key */
  assert_int_equal(i, 0);
  assert_int_equal(warta_hmap_put(&m, NULL, 0, &i), 0); /* NULL, 0 is the empty key */
  assert_int_equal(warta_hmap_get(&m, NULL, 0), 0);
  assert_string_equal(warta_hmap_key(&m, 0, NULL), "");
  /* NULL with bytes is an error, and leaves the map as it was */
  assert_int_equal(warta_hmap_put(&m, NULL, 3, &i), -1);
  assert_int_equal(warta_hmap_get(&m, NULL, 3), WARTA_HMAP_NONE);
  assert_int_equal(m.n, 1);
  /* bytes after a NUL count: "a\0b" and "a\0c" and "a" are three keys */
  assert_int_equal(warta_hmap_put(&m, "a\0b", 3, NULL), 1);
  assert_int_equal(warta_hmap_put(&m, "a\0c", 3, NULL), 1);
  assert_int_equal(warta_hmap_put(&m, "a", 1, NULL), 1);
  assert_int_equal(warta_hmap_get(&m, "a\0c", 3), 2);
  assert_int_equal(m.n, 4);
  warta_hmap_free(&m);
  warta_hmap_free(NULL); /* NULL-safe */
}

/* Many keys through many doublings: each keeps its index and its bytes,
** and keys that were never put stay absent. */
static void growth(void **state) {
  (void)state;
  enum { N = 100000 };
  warta_hmap m = WARTA_HMAP_INIT;
  char k[32];
  for (int i = 0; i < N; i++) {
    int n = snprintf(k, sizeof k, "kata-%d", i);
    size_t idx;
    assert_int_equal(warta_hmap_put(&m, k, (size_t)n, &idx), 1);
    assert_int_equal(idx, (size_t)i);
  }
  assert_int_equal(m.n, N);
  assert_true(m.nslot >= 2 * (size_t)N); /* at most half full */
  for (int i = 0; i < N; i++) {
    int n = snprintf(k, sizeof k, "kata-%d", i);
    assert_int_equal(warta_hmap_get(&m, k, (size_t)n), (size_t)i);
    assert_string_equal(warta_hmap_key(&m, (size_t)i, NULL), k);
    n = snprintf(k, sizeof k, "lain-%d", i);
    assert_int_equal(warta_hmap_get(&m, k, (size_t)n), WARTA_HMAP_NONE);
  }
  warta_hmap_free(&m);
}

/* Clearing forgets the keys and starts the indexes over, keeping the
** memory; the map works as new afterwards. */
static void clear_and_reuse(void **state) {
  (void)state;
  warta_hmap m = WARTA_HMAP_INIT;
  for (int i = 0; i < 1000; i++)
    assert_int_equal(warta_hmap_put(&m, &i, sizeof i, NULL), 1); /* binary keys */
  size_t nslot = m.nslot;
  warta_hmap_clear(&m);
  assert_int_equal(m.n, 0);
  assert_int_equal(m.nslot, nslot);
  int seven = 7;
  assert_int_equal(warta_hmap_get(&m, &seven, sizeof seven), WARTA_HMAP_NONE);
  size_t idx;
  assert_int_equal(warta_hmap_put(&m, &seven, sizeof seven, &idx), 1);
  assert_int_equal(idx, 0);
  warta_hmap_free(&m);
}

/* Keys whose hashes share their low bits land in one run of slots: the
** probe must walk past the others (the tag in a slot is the hash's high
** half, so equal low bits do not make equal tags). */
static void collisions(void **state) {
  (void)state;
  warta_hmap m = WARTA_HMAP_INIT;
  uint64_t want = 0;
  int found = 0;
  uint64_t keys[40];
  for (uint64_t k = 0; found < 40; k++) {
    uint64_t h = warta_hash(&k, sizeof k);
    if (!found) want = h & 63;
    if ((h & 63) == want) keys[found++] = k;
  }
  for (int i = 0; i < 40; i++)
    assert_int_equal(warta_hmap_put(&m, &keys[i], sizeof keys[i], NULL), 1);
  for (int i = 0; i < 40; i++)
    assert_int_equal(warta_hmap_get(&m, &keys[i], sizeof keys[i]), (size_t)i);
  warta_hmap_free(&m);
}

static void hash_is_xxh3(void **state) {
  (void)state;
  assert_true(warta_hash("berita", 6) == XXH3_64bits("berita", 6));
  assert_true(warta_hash(NULL, 0) == XXH3_64bits("", 0));
}

static void grow(void **state) {
  (void)state;
  int *v = NULL;
  size_t cap = 0;
  assert_int_equal(WARTA_GROW(v, cap, 1), 0);
  assert_non_null(v);
  assert_true(cap >= 1);
  size_t n = 0;
  for (int i = 0; i < 1000; i++) {
    size_t before = cap;
    assert_int_equal(WARTA_GROW(v, cap, n + 1), 0);
    if (cap != before) assert_true(cap >= 2 * before); /* doubles: O(n) appends */
    v[n++] = i;
  }
  for (int i = 0; i < 1000; i++)
    assert_int_equal(v[i], i);
  size_t had = cap;
  assert_int_equal(WARTA_GROW(v, cap, 3), 0); /* enough already: nothing moves */
  assert_int_equal(cap, had);
  /* too many to count in a size_t: refused, the array intact */
  int *keep = v;
  assert_int_equal(WARTA_GROW(v, cap, SIZE_MAX / 2), WARTA_NOMEM);
  assert_ptr_equal(v, keep);
  assert_int_equal(cap, had);
  assert_int_equal(v[999], 999);
  free(v);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(put_and_get), cmocka_unit_test(empty_and_null_keys),
      cmocka_unit_test(growth),      cmocka_unit_test(clear_and_reuse),
      cmocka_unit_test(collisions),  cmocka_unit_test(hash_is_xxh3),
      cmocka_unit_test(grow),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
