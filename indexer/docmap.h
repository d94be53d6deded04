/*
** The documents a file held before this run, by record key, so that a
** re-read file touches only the records that changed; and a set of ids.
** Both are common/hmap.h maps with what a key maps to beside them.
*/
#ifndef WARTA_DOCMAP_H
#define WARTA_DOCMAP_H

#include <stddef.h>
#include <stdint.h>

#include "common/hmap.h"

typedef struct docent {
  int64_t id;    /* document id (0: a key seen in this run only) */
  uint64_t hash; /* record hash */
  long line;     /* the record's line (JSON Lines), else 0 */
  int seen;      /* met again in this run */
} docent;

typedef struct docmap {
  warta_hmap keys; /* record keys ("" for whole-file formats) */
  docent *v;       /* v[i]: the entry of key i */
  size_t cap;      /* entries allocated */
} docmap;

/* Add an entry (the map copies the key; a key already there has its entry
** set anew: a file's articles are deleted by key, so one entry per key is
** all a re-read needs). Returns the entry or NULL (no memory). The pointer
** is valid until the next add. Entry i's key is warta_hmap_key(&m->keys, i,
** NULL). */
docent *docmap_add(docmap *m, const char *key, int64_t id, uint64_t hash);
/* The entry for key, or NULL. */
docent *docmap_find(const docmap *m, const char *key);
/* Forget all entries, keep the memory. */
void docmap_clear(docmap *m);
void docmap_free(docmap *m);

/* A set of 64-bit ids. */
typedef struct idset {
  warta_hmap ids; /* each id's 8 bytes as a key */
} idset;

int idset_add(idset *s, int64_t id); /* 0 or -1 (no memory) */
int idset_has(const idset *s, int64_t id);
void idset_free(idset *s);

#endif
