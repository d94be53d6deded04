/*
** Loading one corpus file into memory, gunzipping .gz files on the way; and
** what counts as binary data. Built on the sources of source.h, which also
** read files piece by piece.
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
** decompressed contents) larger than max_bytes are refused as soon as the
** limit is passed. Binary content is not refused (see warta_looks_binary()).
** On error returns WARTA_IOERR, WARTA_TOOBIG, WARTA_CORRUPT (bad gzip data)
** or WARTA_NOMEM, writes a one-line reason that does not name the file into
** err[0..nerr) and leaves out empty.
*/
int warta_load(const char *path, int gzip, size_t max_bytes, warta_blob *out, char *err,
               size_t nerr);

/* Free the bytes of a blob (NULL-safe); the blob is left empty. */
void warta_blob_free(warta_blob *b);

/*
** 1 when data looks binary: more than one byte in 16 of its first 64 KiB
** (counted over at least 1 KiB, so that a short text with a stray NUL is
** still text) is a control byte: C0 but tab, newline, vertical tab, form
** feed, carriage return and escape; or DEL. Text in UTF-8 or in a legacy
** charset has next to none; images, archives, executables, UTF-16 and
** runs of zeros have many.
*/
int warta_looks_binary(const char *data, size_t n);

#endif
