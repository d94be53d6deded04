/*
** Folding of one word: the form a term takes before stemming.
**
** ASCII words, most of the Indonesian vocabulary, take a fast path that only
** lowercases. Other words go through ICU: NFKC_Casefold, then NFD to split
** off combining marks, which are dropped (François -> francois, Erdoğan ->
** erdogan), then NFC.
*/
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "analysis_int.h"
#include "common/rc.h"

struct warta_folder {
  const UNormalizer2 *casefold; /* NFKC_Casefold (ICU-owned singleton) */
  const UNormalizer2 *nfd;      /* NFD (ICU-owned singleton) */
  const UNormalizer2 *nfc;      /* NFC (ICU-owned singleton) */
  UChar *u1, *u2;               /* UTF-16 scratch buffers */
  int32_t cap;                  /* capacity of u1 and u2, in UChars */
};

warta_folder *warta_folder_new(void) {
  UErrorCode st = U_ZERO_ERROR;
  warta_folder *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  f->casefold = unorm2_getNFKCCasefoldInstance(&st);
  f->nfd = unorm2_getNFDInstance(&st);
  f->nfc = unorm2_getNFCInstance(&st);
  if (U_FAILURE(st)) {
    free(f);
    return NULL;
  }
  return f;
}

void warta_folder_free(warta_folder *f) {
  if (!f) return;
  free(f->u1);
  free(f->u2);
  free(f);
}

static int grow(warta_folder *f, int32_t need) {
  if (need <= f->cap) return WARTA_OK;
  int32_t cap = need < 64 ? 64 : need * 2;
  UChar *a = realloc(f->u1, (size_t)cap * sizeof(UChar));
  if (!a) return WARTA_NOMEM;
  f->u1 = a;
  UChar *b = realloc(f->u2, (size_t)cap * sizeof(UChar));
  if (!b) return WARTA_NOMEM;
  f->u2 = b;
  f->cap = cap;
  return WARTA_OK;
}

/* Normalize f->u1[0..n) with norm into f->u2, growing as needed; the result
** is swapped back into u1. Returns the new length, or -1. */
static int32_t normalize(warta_folder *f, const UNormalizer2 *norm, int32_t n) {
  for (;;) {
    UErrorCode st = U_ZERO_ERROR;
    int32_t m = unorm2_normalize(norm, f->u1, n, f->u2, f->cap, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
      if (grow(f, m + 1)) return -1;
      continue;
    }
    if (U_FAILURE(st)) return -1;
    UChar *t = f->u1;
    f->u1 = f->u2;
    f->u2 = t;
    return m;
  }
}

/* The ICU path: UTF-8 -> UTF-16 -> casefold, strip marks -> UTF-8. */
static int fold_unicode(warta_folder *f, const char *s, int n, warta_buf *out) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t m = 0;
  if (grow(f, n + 1)) return WARTA_NOMEM;
  u_strFromUTF8WithSub(f->u1, f->cap, &m, s, n, 0xfffd, NULL, &st);
  if (U_FAILURE(st)) return WARTA_NOMEM;
  if ((m = normalize(f, f->casefold, m)) < 0) return WARTA_NOMEM;
  if ((m = normalize(f, f->nfd, m)) < 0) return WARTA_NOMEM;
  int32_t k = 0;
  for (int32_t i = 0; i < m;) {
    UChar32 c;
    int32_t at = i;
    U16_NEXT(f->u1, i, m, c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    while (at < i)
      f->u1[k++] = f->u1[at++];
  }
  if ((m = normalize(f, f->nfc, k)) < 0) return WARTA_NOMEM;
  int32_t need = 0;
  st = U_ZERO_ERROR;
  u_strToUTF8(NULL, 0, &need, f->u1, m, &st);
  if (warta_buf_reserve(out, (size_t)need)) return WARTA_NOMEM;
  st = U_ZERO_ERROR;
  u_strToUTF8(out->p, (int32_t)out->cap, &need, f->u1, m, &st);
  if (U_FAILURE(st)) return WARTA_NOMEM;
  out->n = (size_t)need;
  out->p[out->n] = 0;
  return WARTA_OK;
}

/* Remove apostrophes (' U+2019 U+02BC) and a trailing possessive "s" after
** one, in place. */
static void drop_apostrophes(warta_buf *b) {
  static const char *const apos[] = {"'", "\xe2\x80\x99", "\xca\xbc"};
  char *p = b->p;
  size_t n = b->n, k = 0;
  for (size_t i = 0; i < n;) {
    size_t len = 0;
    for (size_t j = 0; j < 3 && !len; j++) {
      size_t l = strlen(apos[j]);
      if (n - i >= l && memcmp(p + i, apos[j], l) == 0) len = l;
    }
    if (!len) {
      p[k++] = p[i++];
      continue;
    }
    i += len;
    if (i + 1 == n && p[i] == 's' && k > 0) i++; /* DPRK's -> dprk */
  }
  b->n = k;
  p[k] = 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* "10.000" / "10,000" / "1.250.000" -> digits only; "3,5" stays. */
static size_t join_digit_groups(char *p, size_t n) {
  size_t i = 0;
  char sep = 0;
  while (i < n && is_digit(p[i]))
    i++;
  if (i == 0 || i > 3 || i == n) return n;
  while (i < n) {
    if (p[i] != '.' && p[i] != ',') return n;
    if (sep && p[i] != sep) return n;
    sep = p[i];
    if (n - i < 4 || !is_digit(p[i + 1]) || !is_digit(p[i + 2]) || !is_digit(p[i + 3])) return n;
    if (n - i > 4 && is_digit(p[i + 4])) return n;
    i += 4;
  }
  size_t k = 0;
  for (i = 0; i < n; i++) {
    if (is_digit(p[i])) p[k++] = p[i];
  }
  return k;
}

/* "08" -> "8", "007" -> "7"; "0" and "0,5" keep their zero. */
static size_t drop_leading_zeros(char *p, size_t n) {
  size_t z = 0;
  for (size_t i = 0; i < n; i++) {
    if (!is_digit(p[i])) return n;
  }
  while (z + 1 < n && p[z] == '0')
    z++;
  if (z) memmove(p, p + z, n - z);
  return n - z;
}

size_t warta_fold_number(char *p, size_t n) {
  return drop_leading_zeros(p, join_digit_groups(p, n));
}

int warta_fold(warta_folder *f, const char *s, int n, warta_buf *out) {
  int ascii = 1;
  warta_buf_reset(out);
  for (int i = 0; i < n && ascii; i++)
    ascii = (unsigned char)s[i] < 0x80;
  if (ascii) {
    if (warta_buf_reserve(out, (size_t)n)) return WARTA_NOMEM;
    for (int i = 0; i < n; i++) {
      char c = s[i];
      out->p[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out->n = (size_t)n;
    out->p[n] = 0;
  } else if (fold_unicode(f, s, n, out)) {
    return WARTA_NOMEM;
  }
  drop_apostrophes(out);
  return WARTA_OK;
}
