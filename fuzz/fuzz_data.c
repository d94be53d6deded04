/*
** data_parts() (store/schema.h) on any bytes: it never reads past the end;
** it answers 0 or -1 (-2, out of memory, ends the run); where the bytes
** are a JSON object laid out as docs.c writes an article's data (as
** json_dumps() writes it compact, scalar fields, then the passages, an
** array of strings), it answers 0, with the fields and the passage k of
** the whole object parsed by jansson.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "store/schema.h"

/* Whether every member of fields is the same in whole. */
static int same_fields(json_t *fields, json_t *whole) {
  const char *k;
  json_t *v;
  json_object_foreach(fields, k, v) {
    if (!json_equal(v, json_object_get(whole, k))) return 0;
  }
  return 1;
}

/* Whether whole's last member is "passages", an array of strings, after
** at least one other, each a string, a number or null. */
static int passages_last(json_t *whole) {
  const char *k, *last = NULL;
  json_t *v, *all = json_object_get(whole, "passages");
  json_object_foreach(whole, k, v) {
    if (strcmp(k, "passages") != 0 && (json_is_object(v) || json_is_array(v))) return 0;
    last = k;
  }
  if (!last || strcmp(last, "passages") != 0 || json_object_size(whole) < 2) return 0;
  for (size_t i = 0; i < json_array_size(all); i++)
    if (!json_is_string(json_array_get(all, i))) return 0;
  return json_is_array(all);
}

/* Whether j[0..n) is what json_dumps() writes compact for whole. */
static int written_compact(json_t *whole, const char *j, size_t n) {
  char *s = whole ? json_dumps(whole, JSON_COMPACT) : NULL;
  int same = s && strlen(s) == n && memcmp(s, j, n) == 0;
  free(s);
  return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *j = malloc(size ? size : 1); /* exactly size: ASan sees overreads */
  if (!j) return 0;
  memcpy(j, data, size);
  json_t *whole = json_loadb(j, size, 0, NULL);
  json_t *all = json_object_get(whole, "passages");
  int as_written = passages_last(whole) && written_compact(whole, j, size);
  for (int k = -1; k < 4; k++) {
    json_t *fields = NULL, *passage = NULL;
    int rc = data_parts(j, size, k, &fields, &passage);
    FUZZ_CHECK(rc == 0 || rc == -1);
    FUZZ_CHECK(rc == 0 || !as_written);
    if (rc) {
      FUZZ_CHECK(!fields && !passage);
      continue;
    }
    FUZZ_CHECK(json_is_object(fields));
    FUZZ_CHECK(!passage || json_is_string(passage));
    FUZZ_CHECK(k >= 0 || !passage);
    if (as_written) {
      FUZZ_CHECK(same_fields(fields, whole));
      FUZZ_CHECK(json_object_size(fields) + 1 == json_object_size(whole));
      json_t *want = k >= 0 ? json_array_get(all, (size_t)k) : NULL;
      FUZZ_CHECK(want ? passage && json_equal(want, passage) : !passage);
    }
    json_decref(fields);
    json_decref(passage);
  }
  json_decref(whole);
  free(j);
  return 0;
}
