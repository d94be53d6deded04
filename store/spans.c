#include "spans.h"

#include <stdlib.h>

#include "common/rc.h"
#include "schema.h"

int spanv_add(spanv *sv, int s, int e) {
  if (sv->nomem) return WARTA_NOMEM;
  if (e <= s) return WARTA_OK;
  if (sv->n == sv->cap) {
    int cap = sv->cap ? sv->cap * 2 : 16;
    warta_span *v = realloc(sv->v, sizeof *v * (size_t)cap);
    if (!v) {
      sv->nomem = 1;
      return WARTA_NOMEM;
    }
    sv->v = v;
    sv->cap = cap;
  }
  sv->v[sv->n].start = s;
  sv->v[sv->n].end = e;
  sv->n++;
  return WARTA_OK;
}

int spanv_offsets(spanv *sv, const void *v, size_t nv) {
  const unsigned char *p = v, *end = p + nv;
  int prev = 0, a, b;
  while (p < end && !sv->nomem) {
    if (offsets_get(&p, end, &prev, &a, &b)) break;
    if (sv->n == sv->cap) {
      int cap = sv->cap ? sv->cap * 2 : 64;
      warta_span *x = realloc(sv->v, sizeof *x * (size_t)cap);
      if (!x) {
        sv->nomem = 1;
        break;
      }
      sv->v = x;
      sv->cap = cap;
    }
    sv->v[sv->n].start = a;
    sv->v[sv->n].end = b;
    sv->n++;
  }
  return sv->nomem ? WARTA_NOMEM : WARTA_OK;
}

static int span_cmp(const void *a, const void *b) {
  const warta_span *x = a, *y = b;
  return x->start != y->start ? x->start - y->start : x->end - y->end;
}

void spanv_merge(spanv *sv) {
  if (sv->n < 2) return;
  qsort(sv->v, (size_t)sv->n, sizeof *sv->v, span_cmp);
  int k = 0;
  for (int i = 1; i < sv->n; i++) {
    if (sv->v[i].start <= sv->v[k].end) {
      if (sv->v[i].end > sv->v[k].end) sv->v[k].end = sv->v[i].end;
    } else {
      sv->v[++k] = sv->v[i];
    }
  }
  sv->n = k + 1;
}
