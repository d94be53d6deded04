/*
** Byte ranges of a text to highlight: a growing list, sorted and merged
** once complete. Shared by the hits (rank.c) and whole articles (fetch.c).
*/
#ifndef WARTA_STORE_SPANS_H
#define WARTA_STORE_SPANS_H

#include "store.h"

typedef struct spanv {
  warta_span *v; /* malloc'ed; the caller frees it (or takes it over) */
  int n, cap;
  int nomem; /* an add failed: the list misses spans */
} spanv;

/* Add [s, e) (nothing when empty). Returns WARTA_OK, or WARTA_NOMEM (and
** sets sv->nomem; later adds do nothing). */
int spanv_add(spanv *sv, int s, int e);

/* Append the byte range of every position that the encoded offsets
** v[0..nv) hold (a segment of an article's data; empty ranges too, so that
** position i is sv->v[first + i]). Returns WARTA_OK, or WARTA_NOMEM (and
** sets sv->nomem). */
int spanv_offsets(spanv *sv, const void *v, size_t nv);

/* Sort the spans and merge those that overlap or touch. */
void spanv_merge(spanv *sv);

#endif
