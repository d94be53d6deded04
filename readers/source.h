/*
** A source: the content of one corpus file, gunzipped on the way when it is
** gzip, read in pieces so that memory stays bounded whatever the file's
** size. A source hands out its content line by line (JSON Lines), whole (an
** article of a whole-file format, within a limit) or not at all (a pass that
** only hashes), and computes the content's xxh3 hash as it goes, so a first
** pass can decide in constant memory whether a file changed and a second
** pass (after warta_source_rewind()) parse it.
**
** Binary content is refused before any of it is handed out: the first 64 KiB
** of the content (after decompression) are looked at when the first piece is
** asked for, and warta_looks_binary() decides. Size limits are checked while
** reading or inflating, so a gzip bomb stops at the limit.
**
** Errors are sticky: once a call failed, every later call returns the same
** code and warta_source_errmsg() says why, in one line that does not name
** the file (the caller does).
*/
#ifndef WARTA_SOURCE_H
#define WARTA_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "load.h"

typedef struct warta_source warta_source;

typedef struct warta_source_opts {
  size_t max_bytes;          /* read_all() refuses more content (0: no limit) */
  size_t max_line;           /* line() skips longer lines (0: no limit) */
  int binary_ok;             /* 1: do not look for binary content */
  const struct stat *expect; /* when set, the file opened must be this one
                             ** (same st_dev and st_ino): a walk's stat */
  size_t step;               /* bytes read or inflated at a time (0: 64 KiB);
                             ** tests use small steps */
} warta_source_opts;

/*
** Open the file at path; gzip: its content is gzip data (a .gz name). o may
** be NULL (no limits, binary refused). Sets *out to a new source (close it
** with warta_source_close()) in every case but WARTA_NOMEM, where *out is
** NULL. Returns WARTA_OK, or WARTA_IOERR (cannot open, not a regular file,
** not the file expected), WARTA_CORRUPT (a .gz without a gzip header) or
** WARTA_NOMEM; the source then holds the error.
*/
int warta_source_open(const char *path, int gzip, const warta_source_opts *o, warta_source **out);

/*
** The same over data[0..n) in memory, which must stay valid and unchanged
** until the source is closed. Lines of plain (not gzip) data point into
** data. Returns WARTA_OK, WARTA_CORRUPT (gzip without a header) or
** WARTA_NOMEM, as warta_source_open().
*/
int warta_source_open_mem(const char *data, size_t n, int gzip, const warta_source_opts *o,
                          warta_source **out);

/*
** The next line of the content, without its '\n' (a '\r' before it stays;
** NUL bytes are handed out as they are). *line is owned by the source and
** valid until the next call; *lineno is its 1-based number. Returns
** WARTA_OK with a line; WARTA_DONE at the end of the content; WARTA_TOOBIG
** when line *lineno was longer than max_line: it was skipped without being
** held in memory and the next call goes on after it (errmsg says so, the
** error is not sticky); else the sticky error: WARTA_IOERR, WARTA_CORRUPT
** (bad gzip data), WARTA_MISMATCH (binary content) or WARTA_NOMEM.
*/
int warta_source_line(warta_source *s, const char **line, size_t *n, long *lineno);

/*
** The line last handed out is no longer needed: a window grown beyond
** 1 MiB for a long line is shrunk back to its usual size, so that memory
** held for one huge record is given back at once. The line's bytes are
** invalid afterwards; what follows it is kept. Nothing else changes.
*/
void warta_source_release(warta_source *s);

/*
** The rest of the content (all of it before any line was read) in out, a
** new NUL-terminated copy that the caller frees with warta_blob_free().
** Returns WARTA_OK, WARTA_TOOBIG (more than max_bytes: reading stops at the
** limit) or the sticky errors of warta_source_line(); on error out is empty.
*/
int warta_source_read_all(warta_source *s, warta_blob *out);

/* Read to the end of the content, keeping nothing: a pass that only hashes.
** Returns WARTA_OK or the sticky errors of warta_source_line(). */
int warta_source_drain(warta_source *s);

/* Start again from the first byte (the file is read again; its content may
** have changed since). Returns WARTA_OK or the sticky error. */
int warta_source_rewind(warta_source *s);

/* The xxh3 (64-bit) hash of the content read since the open or the last
** rewind: the hash of the whole content once the end was reached. */
uint64_t warta_source_hash(const warta_source *s);

/* Bytes of content read since the open or the last rewind. */
uint64_t warta_source_bytes(const warta_source *s);

/* Bytes after the end of the gzip data that were not another gzip member
** and were ignored (gzip -d calls them trailing garbage): known once the
** end of the content was reached, else 0. */
uint64_t warta_source_trailing(const warta_source *s);

/* Why the last call failed ("" when nothing failed); owned by the source,
** valid until the next call. */
const char *warta_source_errmsg(const warta_source *s);

/* Close the file and free the source (NULL-safe). */
void warta_source_close(warta_source *s);

#endif
