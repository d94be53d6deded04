/*
** The documents a file held before this run, by record key, so that a
** re-read file touches only the records that changed; and a set of ids.
*/
#ifndef WARTA_DOCMAP_H
#define WARTA_DOCMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct docent {
  char *key;     /* record key ("" for whole-file formats); owned by the map */
  int64_t id;    /* document id (0: a key seen in this run only) */
  uint64_t hash; /* record hash */
  long line;     /* the record's line (JSON Lines), else 0 */
  int seen;      /* met again in this run */
} docent;

typedef struct docmap {
  docent *v;     /* entries */
  size_t n, cap; /* used / allocated */
  size_t *slot;  /* hash slots: index + 1 into v, 0 = empty */
  size_t nslot;  /* slots (a power of two) */
} docmap;

/* Add an entry (the key is copied). Returns the entry or NULL (no memory).
** The pointer is valid until the next add. */
docent *docmap_add(docmap *m, const char *key, int64_t id, uint64_t hash);
/* The entry for key, or NULL. */
docent *docmap_find(const docmap *m, const char *key);
/* Forget all entries, keep the memory. */
void docmap_clear(docmap *m);
void docmap_free(docmap *m);

/* A set of 64-bit ids. */
typedef struct idset {
  int64_t *slot; /* open addressing; 0 = empty (ids are > 0) */
  size_t nslot;  /* slots (a power of two) */
  size_t n;      /* ids held */
} idset;

int idset_add(idset *s, int64_t id); /* 0 or -1 (no memory) */
int idset_has(const idset *s, int64_t id);
void idset_free(idset *s);

#endif
