/*
** Fingerprints of texts for finding copies of one story: MinHash over the
** text's shingles (Broder 1997). A shingle is WARTA_PRINT_SHINGLE
** consecutive words; the fingerprint keeps, for each of WARTA_PRINT_MINS
** hash functions, the least hash of any shingle. Two texts agree on a
** minimum with the probability that a shingle of either is in both (their
** Jaccard resemblance), so the share of minima they agree on estimates it.
**
** The published 64-bit SimHash setting (3 bits apart) was measured first:
** a wire story of 130 words with two phrases reworded (8 of its 128
** shingles) lay 13 bits from the original, a sentence dropped and one
** added 13 bits too, while the same event written independently lay 38:
** over a few hundred shingles SimHash's bits are too few votes apart for
** news copies (bench/copies/ has the figures on labelled pairs).
**
** The lede (the first WARTA_PRINT_LEDE words) gets minima of its own: a
** copy keeps the story's opening, where a round-up or a reaction that
** pastes a whole story in as background opens with its own (bench/copies/
** README.md, "The lede").
*/
#ifndef WARTA_PRINT_H
#define WARTA_PRINT_H

#include <stddef.h>
#include <stdint.h>

#define WARTA_PRINT_SHINGLE 3 /* words per shingle */
#define WARTA_PRINT_MINS 32   /* minima kept */
#define WARTA_PRINT_LEDE 200  /* words of the lede, fingerprinted apart too */

typedef struct warta_print {
  uint32_t min[WARTA_PRINT_MINS];     /* the minima (UINT32_MAX: none yet) */
  uint32_t lede[WARTA_PRINT_MINS];    /* the same over the shingles within the
                                      ** first WARTA_PRINT_LEDE words */
  uint64_t word[WARTA_PRINT_SHINGLE]; /* hashes of the last words, a ring */
  long words;                         /* words seen */
} warta_print;

/* Start empty. */
void warta_print_init(warta_print *p);

/* The next word w[0..n) of the text. */
void warta_print_word(warta_print *p, const char *w, size_t n);

/* Shingles seen so far (0 while fewer than WARTA_PRINT_SHINGLE words). */
long warta_print_shingles(const warta_print *p);

/* The share of minima a and b agree on (0..1): their resemblance,
** estimated. */
double warta_print_resemblance(const uint32_t *a, const uint32_t *b);

#endif
