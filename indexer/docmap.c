#include "docmap.h"

#include <stdlib.h>
#include <string.h>

static size_t hash_str(const char *s) {
  size_t h = 1469598103934665603ull;
  while (*s)
    h = (h ^ (unsigned char)*s++) * 1099511628211ull;
  return h;
}

static int rehash(docmap *m, size_t nslot) {
  size_t *slot = calloc(nslot, sizeof *slot);
  if (!slot) return -1;
  for (size_t i = 0; i < m->n; i++) {
    size_t j = hash_str(m->v[i].key) & (nslot - 1);
    while (slot[j])
      j = (j + 1) & (nslot - 1);
    slot[j] = i + 1;
  }
  free(m->slot);
  m->slot = slot;
  m->nslot = nslot;
  return 0;
}

docent *docmap_find(const docmap *m, const char *key) {
  if (!m->nslot) return NULL;
  for (size_t j = hash_str(key) & (m->nslot - 1); m->slot[j]; j = (j + 1) & (m->nslot - 1)) {
    docent *e = &m->v[m->slot[j] - 1];
    if (strcmp(e->key, key) == 0) return e;
  }
  return NULL;
}

docent *docmap_add(docmap *m, const char *key, int64_t id, uint64_t hash) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    docent *v = realloc(m->v, cap * sizeof *v);
    if (!v) return NULL;
    m->v = v;
    m->cap = cap;
  }
  if ((m->n + 1) * 2 > m->nslot && rehash(m, m->nslot ? m->nslot * 2 : 128)) return NULL;
  docent *e = &m->v[m->n];
  if (!(e->key = strdup(key))) return NULL;
  e->id = id;
  e->hash = hash;
  e->line = 0;
  e->seen = 0;
  size_t j = hash_str(key) & (m->nslot - 1);
  while (m->slot[j])
    j = (j + 1) & (m->nslot - 1);
  m->slot[j] = ++m->n;
  return e;
}

void docmap_clear(docmap *m) {
  for (size_t i = 0; i < m->n; i++)
    free(m->v[i].key);
  m->n = 0;
  if (m->slot) memset(m->slot, 0, m->nslot * sizeof *m->slot);
}

void docmap_free(docmap *m) {
  docmap_clear(m);
  free(m->v);
  free(m->slot);
  memset(m, 0, sizeof *m);
}

static size_t hash_id(int64_t id) { return (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ull >> 17); }

int idset_add(idset *s, int64_t id) {
  if (idset_has(s, id)) return 0;
  if ((s->n + 1) * 2 > s->nslot) {
    size_t nslot = s->nslot ? s->nslot * 2 : 1024;
    int64_t *slot = calloc(nslot, sizeof *slot);
    if (!slot) return -1;
    for (size_t i = 0; i < s->nslot; i++) {
      if (!s->slot[i]) continue;
      size_t j = hash_id(s->slot[i]) & (nslot - 1);
      while (slot[j])
        j = (j + 1) & (nslot - 1);
      slot[j] = s->slot[i];
    }
    free(s->slot);
    s->slot = slot;
    s->nslot = nslot;
  }
  size_t j = hash_id(id) & (s->nslot - 1);
  while (s->slot[j])
    j = (j + 1) & (s->nslot - 1);
  s->slot[j] = id;
  s->n++;
  return 0;
}

int idset_has(const idset *s, int64_t id) {
  if (!s->nslot) return 0;
  for (size_t j = hash_id(id) & (s->nslot - 1); s->slot[j]; j = (j + 1) & (s->nslot - 1)) {
    if (s->slot[j] == id) return 1;
  }
  return 0;
}

void idset_free(idset *s) {
  free(s->slot);
  memset(s, 0, sizeof *s);
}
