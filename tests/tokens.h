/*
** Test helper: run an analyzer and collect its tokens.
*/
#ifndef WARTA_TEST_TOKENS_H
#define WARTA_TEST_TOKENS_H

#include "analysis/analysis.h"

#define MAXTOK 256

typedef struct tok {
  char term[WARTA_MAX_TERM + 1]; /* the term, NUL-terminated */
  int start, end;                /* byte offsets */
  int colocated;                 /* synonym of the previous token */
  warta_how how;                 /* how it was found */
} tok;

typedef struct toks {
  tok v[MAXTOK]; /* tokens */
  int n;         /* how many */
} toks;

/* Analyze text (NUL-terminated) with lang/stemming into t; returns the
** analyzer's result code. */
int analyze_text(const char *lang, warta_stemming stemming, const char *text, toks *t);
int analyze_n(const char *lang, warta_stemming stemming, const char *text, int n, toks *t);

/* The terms of t joined by spaces (colocated ones in parentheses), in a
** static buffer. */
const char *terms(const toks *t);

/* The term the analyzer gives one word. */
const char *stem_of(const char *lang, warta_stemming stemming, const char *word);

#endif
