/*
** warta_split_passages() on any bytes but the first, which picks the word
** limits (among them NULL, and limits the splitter must replace by its
** defaults). Passages must lie inside the body, come in order without
** overlapping, and not begin with white space.
*/
#include "analysis/passage.h"
#include "fuzz.h"

typedef struct seen {
  const char *body; /* the text split */
  size_t n;         /* its bytes */
  size_t last_end;  /* end of the previous passage */
} seen;

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int check_passage(void *ctx, size_t start, size_t end) {
  seen *s = ctx;
  FUZZ_CHECK(s->last_end <= start && start < end && end <= s->n);
  FUZZ_CHECK(!is_space(s->body[start]));
  FUZZ_CHECK(!is_space(s->body[end - 1]));
  s->last_end = end;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const warta_passage_opts limits[] = {
      {WARTA_PASSAGE_MIN_WORDS, WARTA_PASSAGE_MAX_WORDS},
      {1, 1},
      {1, 3},
      {3, 5},
      {5, 5},
      {0, 2},
      {10, 4},
      {0, 0},
  };
  static warta_splitter *sp;
  if (size == 0) return 0;
  if (!sp) fuzz_need(warta_splitter_new(&sp) == 0, "passage splitter", NULL);
  size_t k = data[0] % (sizeof limits / sizeof limits[0] + 1);
  const warta_passage_opts *o = k < sizeof limits / sizeof limits[0] ? &limits[k] : NULL;
  seen s = {(const char *)data + 1, size - 1, 0};
  FUZZ_CHECK(warta_split_passages(sp, s.body, s.n, o, check_passage, &s) == 0);
  return 0;
}
