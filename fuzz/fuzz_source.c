/*
** Sources (readers/source.c) on any bytes, plain or gzip, from memory or a
** file, read in pieces of any size: lines, whole reads and hashing passes
** must agree with each other and, where the content is known, with it.
**
** The first byte chooses how: bit 0 gzip; bit 1 compress the rest first
** (in one to three members, so that the inflater sees valid streams too),
** else the rest is taken as gzip bytes as they are; bit 2 read from a file,
** else from memory; bit 3 binary content allowed; bits 4-5 the step
** (1, 7, 4096 or 64 KiB); bits 6-7 the longest line (none, 1, 100, 64 KiB).
** Inputs of up to 1 MB are fine.
*/
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include "common/rc.h"
#include "fuzz.h"
#include "readers/source.h"

typedef struct outcome {
  int rc;         /* the end: WARTA_DONE (or OK for read_all) or an error */
  uint64_t hash;  /* of the content */
  uint64_t bytes; /* content bytes */
} outcome;

static const size_t steps[4] = {1, 7, 4096, 65536};
static const size_t max_lines[4] = {0, 1, 100, 65536};

/* data gzipped in members (zlib's own gzip writer, through a buffer). */
static unsigned char *compress_gz(const uint8_t *data, size_t n, int members, size_t *out) {
  size_t cap = 64 + (size_t)members * 64 + n + n / 100 + 1024, at = 0;
  unsigned char *p = malloc(cap);
  fuzz_need(p != NULL, "a buffer", "out of memory");
  for (int m = 0; m < members; m++) {
    size_t from = n * (size_t)m / (size_t)members, to = n * (size_t)(m + 1) / (size_t)members;
    z_stream z;
    memset(&z, 0, sizeof z);
    fuzz_need(deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK,
              "zlib", "deflateInit2");
    z.next_in = (unsigned char *)data + from;
    z.avail_in = (uInt)(to - from);
    z.next_out = p + at;
    z.avail_out = (uInt)(cap - at);
    FUZZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
    at = cap - z.avail_out;
    deflateEnd(&z);
  }
  *out = at;
  return p;
}

static char tmpfile_path[64]; /* the temporary file of as_file() */

static void remove_file(void) { unlink(tmpfile_path); }

/* A file holding data, for sources that read from a file. */
static const char *as_file(const unsigned char *data, size_t n) {
  if (!tmpfile_path[0]) {
    strcpy(tmpfile_path, "/tmp/warta-fuzz-source-XXXXXX");
    int fd = mkstemp(tmpfile_path);
    fuzz_need(fd >= 0, "a temporary file", "mkstemp");
    close(fd);
    atexit(remove_file);
  }
  FILE *f = fopen(tmpfile_path, "wb");
  fuzz_need(f != NULL, "a temporary file", "fopen");
  FUZZ_CHECK(fwrite(data, 1, n, f) == n);
  fclose(f);
  return tmpfile_path;
}

static warta_source *open_source(const char *path, const unsigned char *data, size_t n, int gz,
                                 const warta_source_opts *o) {
  warta_source *s = NULL;
  int rc = path ? warta_source_open(path, gz, o, &s)
                : warta_source_open_mem((const char *)data, n, gz, o, &s);
  fuzz_need(s != NULL, "a source", "out of memory");
  FUZZ_CHECK(rc == WARTA_OK || rc == WARTA_CORRUPT);
  FUZZ_CHECK(rc == WARTA_OK || warta_source_errmsg(s)[0]);
  return s;
}

/* Every line: numbered in order, without '\n', each joined back (with the
** '\n' the content had) into the content, unless one was too long. */
static outcome lines(warta_source *s, const warta_source_opts *o, const uint8_t *content,
                     size_t ncontent) {
  outcome r;
  const char *line;
  size_t n, at = 0;
  long lineno, last = 0;
  int skipped = 0;
  while ((r.rc = warta_source_line(s, &line, &n, &lineno)) == WARTA_OK || r.rc == WARTA_TOOBIG) {
    FUZZ_CHECK(lineno == last + 1);
    last = lineno;
    if (r.rc == WARTA_TOOBIG) {
      FUZZ_CHECK(o->max_line > 0 && strstr(warta_source_errmsg(s), "--max-size"));
      skipped = 1;
      continue;
    }
    FUZZ_CHECK(!o->max_line || n <= o->max_line);
    FUZZ_CHECK(!memchr(line, '\n', n));
    if (content && !skipped) {
      FUZZ_CHECK(at + n <= ncontent && memcmp(content + at, line, n) == 0);
      at += n;
      FUZZ_CHECK(at == ncontent || content[at] == '\n');
      at += at < ncontent;
    }
  }
  FUZZ_CHECK(r.rc != WARTA_OK);
  if (r.rc == WARTA_DONE && content && !skipped) FUZZ_CHECK(at == ncontent);
  r.hash = warta_source_hash(s);
  r.bytes = warta_source_bytes(s);
  return r;
}

static outcome drain(warta_source *s) {
  outcome r;
  r.rc = warta_source_drain(s);
  if (r.rc == WARTA_OK) r.rc = WARTA_DONE;
  r.hash = warta_source_hash(s);
  r.bytes = warta_source_bytes(s);
  return r;
}

/* Whole, within o->max_bytes: a source that reads (not plain memory,
** which is counted whole at once) stops one byte past the limit, or past
** the first 64 KiB. */
static outcome read_all(warta_source *s, const warta_source_opts *o, const uint8_t *content,
                        size_t ncontent, int reads) {
  outcome r;
  warta_blob b;
  r.rc = warta_source_read_all(s, &b);
  FUZZ_CHECK(r.rc == WARTA_OK || (b.p == NULL && b.n == 0));
  if (r.rc == WARTA_OK) {
    FUZZ_CHECK(b.p && b.p[b.n] == 0 && (!o->max_bytes || b.n <= o->max_bytes));
    FUZZ_CHECK(XXH3_64bits(b.p, b.n) == warta_source_hash(s) && b.n == warta_source_bytes(s));
    if (content) FUZZ_CHECK(b.n == ncontent && memcmp(b.p, content, b.n) == 0);
    r.rc = WARTA_DONE;
  }
  if (r.rc == WARTA_TOOBIG && reads) {
    /* the first 64 KiB are read before anything else, to look for binary */
    uint64_t sniff = 65536 + o->step;
    FUZZ_CHECK(warta_source_bytes(s) <= (o->max_bytes + 1 > sniff ? o->max_bytes + 1 : sniff));
  }
  warta_blob_free(&b);
  r.hash = warta_source_hash(s);
  r.bytes = warta_source_bytes(s);
  return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  int flags = data[0], gz = flags & 1, self = gz && (flags & 2), from_file = flags & 4;
  warta_source_opts o = {0, max_lines[(flags >> 6) & 3], (flags >> 3) & 1, NULL,
                         steps[(flags >> 4) & 3]};
  const uint8_t *rest = data + 1;
  size_t nrest = size - 1, n = nrest;
  unsigned char *bytes = (unsigned char *)rest, *owned = NULL;
  /* the content, when known: the bytes themselves, or what was compressed */
  const uint8_t *content = gz && !self ? NULL : rest;
  if (self) bytes = owned = compress_gz(rest, nrest, 1 + (int)(nrest % 3), &n);
  int binary = content && !o.binary_ok && warta_looks_binary((const char *)content, nrest);
  if (binary) content = NULL;
  const char *path = from_file ? as_file(bytes, n) : NULL;

  warta_source *s = open_source(path, bytes, n, gz, &o);
  outcome a = lines(s, &o, content, nrest);
  int rw = warta_source_rewind(s);
  FUZZ_CHECK(rw == WARTA_OK || rw == a.rc);
  if (rw == WARTA_OK) {
    outcome b = drain(s);
    /* a line too long is skipped, but read: the same content either way */
    FUZZ_CHECK(b.rc == a.rc && b.hash == a.hash && b.bytes == a.bytes);
  }
  if (content && a.rc == WARTA_DONE) {
    FUZZ_CHECK(a.bytes == nrest && a.hash == XXH3_64bits(content, nrest));
  }
  if (binary) FUZZ_CHECK(a.rc == WARTA_MISMATCH);
  warta_source_close(s);

  /* whole, within a limit that the content may pass */
  o.max_bytes = (size_t)(flags * 97) % (nrest + 2) + 1;
  s = open_source(path, bytes, n, gz, &o);
  outcome c = read_all(s, &o, a.rc == WARTA_DONE && a.bytes <= o.max_bytes ? content : NULL, nrest,
                       gz || from_file);
  if (a.rc == WARTA_DONE && a.bytes <= o.max_bytes)
    FUZZ_CHECK(c.rc == WARTA_DONE && c.hash == a.hash);
  if (a.rc == WARTA_DONE && a.bytes > o.max_bytes) FUZZ_CHECK(c.rc == WARTA_TOOBIG);
  if (a.rc != WARTA_DONE && c.rc != WARTA_TOOBIG) FUZZ_CHECK(c.rc == a.rc);
  warta_source_close(s);
  free(owned);
  return 0;
}
