#include "grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rc.h"

int warta_grow(void *pp, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return WARTA_OK;
  size_t want = *cap > SIZE_MAX / 2 ? need : *cap * 2;
  if (want < need) want = need;
  if (want < 16) want = 16;
  if (size && want > SIZE_MAX / size) want = need;
  if (size && need > SIZE_MAX / size) return WARTA_NOMEM;
  /* the pointer is read and written through memcpy: pp may point at any
  ** object pointer type, which void * is not allowed to alias */
  void *p;
  memcpy(&p, pp, sizeof p);
  void *q = realloc(p, want * (size ? size : 1));
  if (!q) return WARTA_NOMEM;
  memcpy(pp, &q, sizeof q);
  *cap = want;
  return WARTA_OK;
}
