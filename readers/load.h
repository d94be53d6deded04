/*
** Loading one corpus file into memory, gunzipping .gz files on the way.
*/
#ifndef WARTA_LOAD_H
#define WARTA_LOAD_H

#include <stddef.h>

typedef struct warta_blob {
  char *p;  /* the bytes, NUL-terminated; owned by the blob */
  size_t n; /* bytes, without the NUL */
} warta_blob;

/*
** Read the file at path (decompressing it when gzip) into out. Files (or
** decompressed contents) larger than max_bytes are refused. On error returns
** WARTA_IOERR, WARTA_TOOBIG, WARTA_CORRUPT (bad gzip data) or WARTA_NOMEM,
** writes a one-line reason into err[0..nerr) and leaves out empty.
*/
int warta_load(const char *path, int gzip, size_t max_bytes, warta_blob *out, char *err,
               size_t nerr);

/* Free the bytes of a blob (NULL-safe); the blob is left empty. */
void warta_blob_free(warta_blob *b);

/* 1 when data looks binary: a NUL byte in its first 8 KiB. */
int warta_looks_binary(const char *data, size_t n);

#endif
