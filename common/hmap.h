/*
** The project's hash map: byte-string keys, hashed with xxhash (XXH3, 64
** bits), open addressing with linear probing, at most half full.
**
** The map interns keys: the first put of a key gives it the next dense
** index (0, 1, 2, ... in the order keys first came), which it keeps until
** the map is cleared. The map holds no values: a caller keeps what a key
** maps to in its own array at that index (grown with WARTA_GROW), so one
** map serves every value type, and walking the entries in order of first
** arrival is a loop over 0 .. m->n - 1.
**
** Ownership: the map copies each key it adds and owns the copies, and a
** NUL follows every copy, so a string key reads back as a C string. The
** caller owns the map struct and whatever it keeps beside the map. A key
** read back with warta_hmap_key() stays valid until the next put, clear or
** free. Keys are never removed one by one: the project's maps only grow
** and are cleared whole, and without deletion an index never changes.
**
** Keys: any bytes (NUL included); the empty key is a key like any other;
** a NULL key with n == 0 is the empty key, a NULL key with n > 0 is a
** caller's error (put fails, get finds nothing).
*/
#ifndef WARTA_HMAP_H
#define WARTA_HMAP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Not an index: what warta_hmap_get() returns for a key it does not hold. */
#define WARTA_HMAP_NONE ((size_t)-1)

typedef struct warta_hmap_slot {
  uint32_t idx1; /* index + 1 of the entry here; 0 = empty */
  uint32_t tag;  /* the high half of its hash: most misses end here */
} warta_hmap_slot;

typedef struct warta_hmap_ent {
  uint64_t hash; /* of the key */
  size_t off;    /* of the key's copy in keys */
  size_t n;      /* its bytes */
} warta_hmap_ent;

typedef struct warta_hmap {
  warta_hmap_slot *slot; /* nslot slots (a power of two), or NULL */
  size_t nslot;
  warta_hmap_ent *ent; /* entries by index */
  size_t n, cap;       /* entries used / allocated */
  warta_buf keys;      /* the keys' copies, each followed by a NUL */
} warta_hmap;

#define WARTA_HMAP_INIT                                                                            \
  { NULL, 0, NULL, 0, 0, WARTA_BUF_INIT }

/* The hash of n bytes at key, as the map computes it (XXH3, 64 bits). */
uint64_t warta_hash(const void *key, size_t n);

/* Put the key: 1 when it is new (it gets index m->n - 1), 0 when the map
** held it already; either way *idx (when idx is not NULL) is its index.
** -1 when out of memory or key is NULL with n > 0; the map is then
** unchanged. */
int warta_hmap_put(warta_hmap *m, const void *key, size_t n, size_t *idx);
/* The index of the key, or WARTA_HMAP_NONE. */
size_t warta_hmap_get(const warta_hmap *m, const void *key, size_t n);
/* The map's copy of the key at index i < m->n, NUL-terminated; *n (when
** n is not NULL) is its length. Valid until the next put, clear or free. */
const char *warta_hmap_key(const warta_hmap *m, size_t i, size_t *n);
/* The bytes of memory the map holds, for callers that cap their scratch. */
size_t warta_hmap_bytes(const warta_hmap *m);
/* Forget every key but keep the memory: indexes start again at 0. */
void warta_hmap_clear(warta_hmap *m);
/* Free the memory; the map is empty afterwards and may be used again.
** NULL-safe. */
void warta_hmap_free(warta_hmap *m);

#endif
