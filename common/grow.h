/*
** The one way to grow an array.
**
** WARTA_GROW(p, cap, need) makes room for at least need elements in the
** array p (a pointer lvalue; NULL with cap 0 at first) whose capacity, in
** elements, is cap (a size_t lvalue). The capacity at least doubles, so n
** appends one at a time cost O(n). It evaluates to 0, or to WARTA_NOMEM when
** the memory cannot be had or need elements would not fit in a size_t; then
** p and cap are unchanged and p still holds what it held (the caller owns it
** and frees it either way).
**
**   if (WARTA_GROW(v, cap, n + 1)) return WARTA_NOMEM;
**   v[n++] = x;
*/
#ifndef WARTA_GROW_H
#define WARTA_GROW_H

#include <stddef.h>

#define WARTA_GROW(p, cap, need)                                                                   \
  ((size_t)(need) <= (cap) ? 0 : warta_grow(&(p), &(cap), (size_t)(need), sizeof *(p)))

/* WARTA_GROW's slow path: pp is the address of the array pointer (any
** object pointer type), size the size of one element. */
int warta_grow(void *pp, size_t *cap, size_t need, size_t size);

#endif
