#include "passage.h"

#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "common/rc.h"

struct warta_splitter {
  UBreakIterator *sentences; /* ICU sentence iterator */
  UText *ut;                 /* the paragraph it reads */
};

typedef struct span {
  size_t start, end; /* byte range, trimmed */
  int words;         /* words in it */
} span;

typedef struct split_state {
  const char *body;            /* the text being split */
  const warta_passage_opts *o; /* limits */
  warta_passage_fn fn;         /* callback */
  void *ctx;                   /* its context */
  span cur;                    /* passage being packed; words == 0: none */
} split_state;

int warta_splitter_new(warta_splitter **out) {
  UErrorCode st = U_ZERO_ERROR;
  warta_splitter *s = calloc(1, sizeof *s);
  *out = NULL;
  if (!s) return WARTA_NOMEM;
  s->sentences = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &st);
  if (U_FAILURE(st) || !s->sentences) {
    warta_splitter_free(s);
    return WARTA_NOMEM;
  }
  *out = s;
  return WARTA_OK;
}

void warta_splitter_free(warta_splitter *s) {
  if (!s) return;
  if (s->sentences) ubrk_close(s->sentences);
  if (s->ut) utext_close(s->ut);
  free(s);
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int count_words(const char *p, size_t start, size_t end) {
  int words = 0, in = 0;
  for (size_t i = start; i < end; i++) {
    int sp = is_space(p[i]);
    if (!sp && !in) words++;
    in = !sp;
  }
  return words;
}

static span make_span(const char *p, size_t start, size_t end) {
  span s;
  while (start < end && is_space(p[start]))
    start++;
  while (end > start && is_space(p[end - 1]))
    end--;
  s.start = start;
  s.end = end;
  s.words = count_words(p, start, end);
  return s;
}

static int flush(split_state *st) {
  int rc = WARTA_OK;
  if (st->cur.words > 0) rc = st->fn(st->ctx, st->cur.start, st->cur.end);
  st->cur.words = 0;
  return rc;
}

/* Add a piece (paragraph or window) to the passage being packed. */
static int pack(split_state *st, span piece) {
  int rc = WARTA_OK;
  if (piece.words == 0) return WARTA_OK;
  if (st->cur.words > 0 &&
      (st->cur.words >= st->o->min_words || st->cur.words + piece.words > st->o->max_words)) {
    rc = flush(st);
  }
  if (st->cur.words == 0) {
    st->cur = piece;
  } else {
    st->cur.end = piece.end;
    st->cur.words += piece.words;
  }
  return rc;
}

/* Cut one over-long sentence between words into pieces of max_words. */
static int cut_sentence(split_state *st, span s) {
  const char *p = st->body;
  int rc = WARTA_OK, words = 0, in = 0;
  size_t from = s.start;
  for (size_t i = s.start; rc == WARTA_OK && i < s.end; i++) {
    int sp = is_space(p[i]);
    if (!sp && !in && ++words > st->o->max_words) {
      rc = pack(st, make_span(p, from, i));
      if (rc == WARTA_OK) rc = flush(st);
      from = i;
      words = 1;
    }
    in = !sp;
  }
  if (rc == WARTA_OK) rc = pack(st, make_span(p, from, s.end));
  return rc;
}

/* A paragraph too long for one passage: windows of whole sentences. */
static int window(warta_splitter *sp, split_state *st, span para) {
  UErrorCode err = U_ZERO_ERROR;
  int rc = flush(st);
  sp->ut = utext_openUTF8(sp->ut, st->body + para.start, (int64_t)(para.end - para.start), &err);
  ubrk_setUText(sp->sentences, sp->ut, &err);
  if (U_FAILURE(err)) return WARTA_NOMEM;
  int32_t a = ubrk_first(sp->sentences), b;
  while (rc == WARTA_OK && (b = ubrk_next(sp->sentences)) != UBRK_DONE) {
    span s = make_span(st->body, para.start + (size_t)a, para.start + (size_t)b);
    if (s.words == 0) {
      /* white space alone (a lone CR breaks a sentence): never stretch a
      ** passage over it */
    } else if (s.words > st->o->max_words) {
      rc = flush(st);
      if (rc == WARTA_OK) rc = cut_sentence(st, s);
    } else if (st->cur.words > 0 && st->cur.words + s.words > st->o->max_words) {
      rc = flush(st);
      if (rc == WARTA_OK) rc = pack(st, s);
    } else if (st->cur.words == 0) {
      st->cur = s;
    } else {
      st->cur.end = s.end;
      st->cur.words += s.words;
    }
    a = b;
  }
  if (rc == WARTA_OK) rc = flush(st);
  return rc;
}

int warta_split_passages(warta_splitter *sp, const char *body, size_t n,
                         const warta_passage_opts *opts, warta_passage_fn fn, void *ctx) {
  warta_passage_opts def = {WARTA_PASSAGE_MIN_WORDS, WARTA_PASSAGE_MAX_WORDS};
  split_state st = {body, opts ? opts : &def, fn, ctx, {0, 0, 0}};
  if (st.o->max_words < 1 || st.o->min_words > st.o->max_words) st.o = &def;
  int rc = WARTA_OK;
  size_t i = 0, para = 0;
  int in_para = 0;
  while (rc == WARTA_OK && i <= n) {
    size_t eol = i;
    while (eol < n && body[eol] != '\n')
      eol++;
    int blank = 1;
    for (size_t k = i; k < eol && blank; k++)
      blank = is_space(body[k]);
    if (!blank && !in_para) para = i, in_para = 1;
    if ((blank || eol >= n) && in_para) {
      span p = make_span(body, para, blank ? i : eol);
      rc = p.words > st.o->max_words ? window(sp, &st, p) : pack(&st, p);
      in_para = 0;
    }
    i = eol + 1;
  }
  if (rc == WARTA_OK) rc = flush(&st);
  return rc;
}
