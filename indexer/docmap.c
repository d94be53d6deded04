#include "docmap.h"

#include <stdlib.h>
#include <string.h>

#include "common/grow.h"

docent *docmap_find(const docmap *m, const char *key) {
  size_t i = warta_hmap_get(&m->keys, key, strlen(key));
  return i == WARTA_HMAP_NONE ? NULL : &m->v[i];
}

docent *docmap_add(docmap *m, const char *key, int64_t id, uint64_t hash) {
  /* room for the entry first, so that a failure leaves no key without one */
  if (WARTA_GROW(m->v, m->cap, m->keys.n + 1)) return NULL;
  size_t i;
  if (warta_hmap_put(&m->keys, key, strlen(key), &i) < 0) return NULL;
  docent *e = &m->v[i];
  e->id = id;
  e->hash = hash;
  e->line = 0;
  e->seen = 0;
  return e;
}

void docmap_clear(docmap *m) { warta_hmap_clear(&m->keys); }

void docmap_free(docmap *m) {
  warta_hmap_free(&m->keys);
  free(m->v);
  memset(m, 0, sizeof *m);
}

int idset_add(idset *s, int64_t id) {
  return warta_hmap_put(&s->ids, &id, sizeof id, NULL) < 0 ? -1 : 0;
}

int idset_has(const idset *s, int64_t id) {
  return warta_hmap_get(&s->ids, &id, sizeof id) != WARTA_HMAP_NONE;
}

void idset_free(idset *s) { warta_hmap_free(&s->ids); }
