/*
** MinHash fingerprints (print.h).
*/
#include "print.h"

#include <string.h>
#include <xxhash.h>

void warta_print_init(warta_print *p) {
  memset(p, 0, sizeof *p);
  memset(p->min, 0xff, sizeof p->min);
  memset(p->lede, 0xff, sizeof p->lede);
}

/* The i-th hash of a shingle: an odd multiplier and an offset per i over
** its 64-bit hash, the high half kept (a family of hashes as good as the
** shingle's own for this use, at one multiply each). */
static uint32_t nth(uint64_t h, int i) {
  static const uint64_t mul = 0x9e3779b97f4a7c15ULL;
  uint64_t a = (mul * (uint64_t)(2 * i + 1)) | 1;
  uint64_t x = (h ^ (0xd6e8feb86659fd93ULL * (uint64_t)(i + 1))) * a;
  return (uint32_t)(x >> 32);
}

void warta_print_word(warta_print *p, const char *w, size_t n) {
  p->word[p->words % WARTA_PRINT_SHINGLE] = XXH3_64bits(w, n);
  p->words++;
  if (p->words < WARTA_PRINT_SHINGLE) return;
  /* the shingle's hash: its words' hashes in order */
  uint64_t in[WARTA_PRINT_SHINGLE];
  for (int i = 0; i < WARTA_PRINT_SHINGLE; i++)
    in[i] = p->word[(p->words + i) % WARTA_PRINT_SHINGLE];
  uint64_t s = XXH3_64bits(in, sizeof in);
  int lede = p->words <= WARTA_PRINT_LEDE; /* its last word is the lede's */
  for (int i = 0; i < WARTA_PRINT_MINS; i++) {
    uint32_t v = nth(s, i);
    if (v < p->min[i]) p->min[i] = v;
    if (lede && v < p->lede[i]) p->lede[i] = v;
  }
}

long warta_print_shingles(const warta_print *p) {
  return p->words >= WARTA_PRINT_SHINGLE ? p->words - WARTA_PRINT_SHINGLE + 1 : 0;
}

double warta_print_resemblance(const uint32_t *a, const uint32_t *b) {
  int same = 0;
  for (int i = 0; i < WARTA_PRINT_MINS; i++)
    same += a[i] == b[i];
  return (double)same / WARTA_PRINT_MINS;
}
