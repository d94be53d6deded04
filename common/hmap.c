#include "hmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "grow.h"
#include "rc.h"

uint64_t warta_hash(const void *key, size_t n) { return XXH3_64bits(n ? key : "", n); }

/* The slot that holds the key of this hash, or the empty slot where it
** would go. The map is at most half full, so an empty slot ends every
** probe. */
static size_t probe(const warta_hmap *m, const void *key, size_t n, uint64_t h) {
  size_t mask = m->nslot - 1;
  uint32_t tag = (uint32_t)(h >> 32);
  for (size_t j = (size_t)h & mask;; j = (j + 1) & mask) {
    const warta_hmap_slot *s = &m->slot[j];
    if (!s->idx1) return j;
    if (s->tag != tag) continue;
    const warta_hmap_ent *e = &m->ent[s->idx1 - 1];
    if (e->hash == h && e->n == n && memcmp(m->keys.p + e->off, key, n) == 0) return j;
  }
}

static int rehash(warta_hmap *m, size_t nslot) {
  warta_hmap_slot *slot = calloc(nslot, sizeof *slot);
  if (!slot) return -1;
  size_t mask = nslot - 1;
  for (size_t i = 0; i < m->n; i++) {
    uint64_t h = m->ent[i].hash;
    size_t j = (size_t)h & mask;
    while (slot[j].idx1)
      j = (j + 1) & mask;
    slot[j].idx1 = (uint32_t)(i + 1);
    slot[j].tag = (uint32_t)(h >> 32);
  }
  free(m->slot);
  m->slot = slot;
  m->nslot = nslot;
  return 0;
}

int warta_hmap_put(warta_hmap *m, const void *key, size_t n, size_t *idx) {
  if (!key && n) return -1;
  if (!key) key = "";
  if (m->n >= UINT32_MAX - 1) return -1; /* slots hold 32-bit indexes */
  if ((m->n + 1) * 2 > m->nslot && rehash(m, m->nslot ? m->nslot * 2 : 64)) return -1;
  uint64_t h = warta_hash(key, n);
  size_t j = probe(m, key, n, h);
  if (m->slot[j].idx1) {
    if (idx) *idx = m->slot[j].idx1 - 1;
    return 0;
  }
  if (WARTA_GROW(m->ent, m->cap, m->n + 1)) return -1;
  size_t off = m->keys.n;
  warta_buf_append(&m->keys, key, n);
  warta_buf_putc(&m->keys, 0);
  if (m->keys.err) {
    /* the error is sticky in a warta_buf; the keys held so far are intact */
    m->keys.err = 0;
    m->keys.n = off;
    return -1;
  }
  m->ent[m->n] = (warta_hmap_ent){.hash = h, .off = off, .n = n};
  m->slot[j].idx1 = (uint32_t)(m->n + 1);
  m->slot[j].tag = (uint32_t)(h >> 32);
  if (idx) *idx = m->n;
  m->n++;
  return 1;
}

size_t warta_hmap_get(const warta_hmap *m, const void *key, size_t n) {
  if (!m->nslot || (!key && n)) return WARTA_HMAP_NONE;
  if (!key) key = "";
  size_t j = probe(m, key, n, warta_hash(key, n));
  return m->slot[j].idx1 ? m->slot[j].idx1 - 1 : WARTA_HMAP_NONE;
}

const char *warta_hmap_key(const warta_hmap *m, size_t i, size_t *n) {
  if (n) *n = m->ent[i].n;
  return m->keys.p + m->ent[i].off;
}

size_t warta_hmap_bytes(const warta_hmap *m) {
  return m->nslot * sizeof *m->slot + m->cap * sizeof *m->ent + m->keys.cap;
}

void warta_hmap_clear(warta_hmap *m) {
  m->n = 0;
  warta_buf_reset(&m->keys);
  if (m->slot) memset(m->slot, 0, m->nslot * sizeof *m->slot);
}

void warta_hmap_free(warta_hmap *m) {
  if (!m) return;
  free(m->slot);
  free(m->ent);
  warta_buf_free(&m->keys);
  *m = (warta_hmap)WARTA_HMAP_INIT;
}
