/*
** Sources: plain or gzip content from a file or from memory, read through
** one window of bytes that grows only to hold the longest line asked for.
**
** Plain data in memory is its own window (nothing is copied). Everything
** else is produced piece by piece into the window: read(2) for a plain
** file, inflate() for gzip (from the file or from memory). Gzip files made
** of several members (cat a.gz b.gz) are read through; bytes after the last
** member that do not start another one are ignored, as gzip -d does, and
** counted (warta_source_trailing()).
*/
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include "common/rc.h"

#define SNIFF (64 * 1024) /* bytes of content that decide about binary */
#define STEP (64 * 1024)  /* default bytes read or inflated at a time */

struct warta_source {
  warta_source_opts o;      /* limits */
  int fd;                   /* the file, or -1 for memory */
  const unsigned char *mem; /* data in memory, or NULL */
  size_t nmem;              /* its bytes */
  int gzip;                 /* the content is gzip data */
  z_stream z;               /* the inflater (gzip) */
  int z_ready;              /* z was initialised */
  int in_member;            /* inside a gzip member: its end must come */
  uint64_t trailing;        /* bytes after the last member, ignored */
  unsigned char *in;        /* compressed bytes read from fd */
  size_t mem_at;            /* compressed bytes of mem given to z */
  char *buf;                /* the window; mem itself for plain memory */
  size_t cap;               /* bytes allocated for buf (0: borrowed) */
  size_t start;             /* first byte in buf not handed out */
  size_t end;               /* end of the content in buf */
  int eof;                  /* all content is in buf */
  int sniffed;              /* binary content was looked for */
  uint64_t size;            /* a plain file's size when opened */
  long line;                /* lines handed out or skipped */
  uint64_t bytes;           /* content produced */
  XXH3_state_t *hash;       /* of the content produced */
  int rc;                   /* the sticky error, or 0 */
  char msg[256];            /* why */
};

/* Control bytes in p[0..n): C0 but tab, newline, vertical tab, form feed,
** carriage return and escape; and DEL. */
static size_t controls(const char *p, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    k += c < 0x20 ? !(c >= '\t' && c <= '\r') && c != 0x1b : c == 0x7f;
  }
  return k;
}

int warta_looks_binary(const char *data, size_t n) {
  if (n > SNIFF) n = SNIFF;
  return controls(data, n) * 16 > (n > 1024 ? n : 1024);
}

static int fail(warta_source *s, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(warta_source *s, int rc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->msg, sizeof s->msg, fmt, ap);
  va_end(ap);
  s->rc = rc;
  return rc;
}

static int nomem(warta_source *s) { return fail(s, WARTA_NOMEM, "out of memory"); }

/* "64 MiB", or bytes when the limit is not a whole number of MiB. */
static void limit_text(size_t max, char *out, size_t n) {
  if (max >= (1 << 20) && max % (1 << 20) == 0)
    snprintf(out, n, "%zu MiB", max >> 20);
  else
    snprintf(out, n, "%zu bytes", max);
}

static size_t step(const warta_source *s) { return s->o.step ? s->o.step : STEP; }

/* Count n bytes of content produced at p. */
static void produced(warta_source *s, const void *p, size_t n) {
  XXH3_64bits_update(s->hash, p, n);
  s->bytes += n;
}

/* Up to want bytes of plain content from the file into dst; 0 at the end
** or on error (s->rc). */
static size_t read_plain(warta_source *s, char *dst, size_t want) {
  for (;;) {
    ssize_t r = read(s->fd, dst, want);
    if (r >= 0) return (size_t)r;
    if (errno != EINTR) {
      fail(s, WARTA_IOERR, "read error: %s", strerror(errno));
      return 0;
    }
  }
}

/* More compressed input for z; 0 when there is none (or on error). */
static size_t refill(warta_source *s) {
  if (s->mem) {
    size_t k = s->nmem - s->mem_at;
    if (k > (1u << 30)) k = 1u << 30;
    s->z.next_in = (unsigned char *)s->mem + s->mem_at;
    s->z.avail_in = (uInt)k;
    s->mem_at += k;
    return k;
  }
  size_t k = read_plain(s, (char *)s->in, step(s));
  s->z.next_in = s->in;
  s->z.avail_in = (uInt)k;
  return k;
}

/* After the end of a gzip member: another member, or the end. */
static int next_member(warta_source *s) {
  s->in_member = 0;
  if (s->z.avail_in == 0 && refill(s) == 0) return s->rc ? s->rc : (s->eof = 1, 0);
  /* what is not another member is trailing garbage: ignored, as gzip -d
  ** does, but counted */
  if (s->z.next_in[0] != 0x1f) {
    s->eof = 1;
    do
      s->trailing += s->z.avail_in;
    while (refill(s) > 0);
    return s->rc;
  }
  if (inflateReset(&s->z) != Z_OK) return fail(s, WARTA_CORRUPT, "corrupt gzip data");
  s->in_member = 1;
  return 0;
}

/* Up to want bytes of content inflated into dst; 0 at the end or on error. */
static size_t read_gzip(warta_source *s, char *dst, size_t want) {
  s->z.next_out = (unsigned char *)dst;
  s->z.avail_out = (uInt)want;
  while (s->z.avail_out > 0 && !s->eof && !s->rc) {
    if (s->z.avail_in == 0 && refill(s) == 0) {
      if (s->rc) break;
      if (s->in_member) {
        fail(s, WARTA_CORRUPT, "truncated gzip data (the file ends inside a compressed stream)");
      } else {
        s->eof = 1;
      }
      break;
    }
    int zr = inflate(&s->z, Z_NO_FLUSH);
    if (zr == Z_STREAM_END) {
      next_member(s);
    } else if (zr == Z_MEM_ERROR) {
      nomem(s);
    } else if (zr == Z_BUF_ERROR && s->z.avail_in > 0) {
      fail(s, WARTA_CORRUPT, "corrupt gzip data (no progress)");
    } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
      fail(s, WARTA_CORRUPT, "corrupt gzip data (%s)", s->z.msg ? s->z.msg : "bad stream");
    }
  }
  return want - s->z.avail_out;
}

/* Up to want bytes of content into dst, counted and hashed; 0 at the end
** (s->eof) or on error (s->rc). */
static size_t produce(warta_source *s, char *dst, size_t want) {
  size_t k = 0;
  if (s->eof || s->rc) return 0;
  if (want > (1u << 30)) want = 1u << 30;
  k = s->gzip ? read_gzip(s, dst, want) : read_plain(s, dst, want);
  if (k == 0 && !s->rc) s->eof = 1;
  produced(s, dst, k);
  return k;
}

/* Grow *p to hold need bytes: double, but not past ceiling when need fits
** under it (a limit plus a step need not cost twice the limit). */
static int grow(char **p, size_t *cap, size_t need, size_t ceiling) {
  size_t c = *cap ? *cap : 4096;
  if (need <= *cap) return 0;
  while (c < need) {
    if (c > ((size_t)-1) / 2) return WARTA_NOMEM;
    c *= 2;
  }
  if (c > ceiling && need <= ceiling) c = ceiling;
  char *q = realloc(*p, c);
  if (!q) return WARTA_NOMEM;
  *p = q;
  *cap = c;
  return 0;
}

/* Room in the window for at least want bytes after its content, moving
** the content to the front first. */
static int make_room(warta_source *s, size_t want) {
  if (s->start > 0) {
    memmove(s->buf, s->buf + s->start, s->end - s->start);
    s->end -= s->start;
    s->start = 0;
  }
  size_t ceiling = s->o.max_line ? s->o.max_line + 2 * step(s) : (size_t)-1;
  if (ceiling < SNIFF + step(s)) ceiling = SNIFF + step(s);
  if (grow(&s->buf, &s->cap, s->end + want, ceiling)) return nomem(s);
  return 0;
}

/* Add one step of content to the window. */
static int fill(warta_source *s) {
  if (make_room(s, step(s))) return s->rc;
  s->end += produce(s, s->buf + s->end, step(s));
  return s->rc;
}

/* Before the first byte is handed out: at least SNIFF bytes (or all) in
** the window, and binary content refused. */
static int sniff(warta_source *s) {
  s->sniffed = 1;
  while (!s->eof && !s->rc && s->end - s->start < SNIFF)
    fill(s);
  if (s->rc) return s->rc;
  if (s->o.binary_ok || !warta_looks_binary(s->buf + s->start, s->end - s->start)) return 0;
  size_t n = s->end - s->start < SNIFF ? s->end - s->start : SNIFF;
  return fail(s, WARTA_MISMATCH,
              "binary data, not text (%zu of the first %zu bytes are control characters)",
              controls(s->buf + s->start, n), n);
}

static int ready(warta_source *s) {
  if (s->rc) return s->rc;
  return s->sniffed ? 0 : sniff(s);
}

/* Skip the rest of a line that is too long, reading on to its end without
** keeping it. */
static int skip_line(warta_source *s, long *lineno) {
  char lim[32];
  for (;;) {
    char *nl = memchr(s->buf + s->start, '\n', s->end - s->start);
    if (nl) {
      s->start = (size_t)(nl - s->buf) + 1;
      break;
    }
    s->start = s->end;
    if (s->eof) break;
    if (fill(s)) return s->rc;
  }
  *lineno = ++s->line;
  limit_text(s->o.max_line, lim, sizeof lim);
  snprintf(s->msg, sizeof s->msg, "longer than the limit of %s (see --max-size): skipped", lim);
  return WARTA_TOOBIG;
}

int warta_source_line(warta_source *s, const char **line, size_t *n, long *lineno) {
  size_t scanned = 0; /* bytes after start known to hold no '\n' */
  *line = NULL;
  *n = 0;
  *lineno = s->line;
  s->msg[0] = 0;
  if (ready(s)) return s->rc;
  for (;;) {
    size_t have = s->end - s->start;
    char *nl = memchr(s->buf + s->start + scanned, '\n', have - scanned);
    size_t len = nl ? (size_t)(nl - (s->buf + s->start)) : have;
    if (s->o.max_line && len > s->o.max_line) return skip_line(s, lineno);
    if (nl || (s->eof && have > 0)) {
      *line = s->buf + s->start;
      *n = len;
      *lineno = ++s->line;
      s->start += nl ? len + 1 : len;
      return WARTA_OK;
    }
    if (s->eof) return WARTA_DONE;
    scanned = have;
    if (fill(s)) return s->rc;
  }
}

/* A window above this is shrunk by warta_source_release(). */
#define WINDOW_KEPT (1 << 20)

void warta_source_release(warta_source *s) {
  size_t usual = SNIFF > step(s) ? SNIFF : step(s), have = s->end - s->start;
  if (s->cap <= WINDOW_KEPT) return; /* also: borrowed memory (cap 0) */
  memmove(s->buf, s->buf + s->start, have);
  s->end = have;
  s->start = 0;
  size_t cap = have > usual ? have : usual;
  char *q = realloc(s->buf, cap);
  if (!q) return; /* it stays as large as it was */
  s->buf = q;
  s->cap = cap;
}

static int too_big(warta_source *s, size_t max) {
  char lim[32];
  limit_text(max, lim, sizeof lim);
  return fail(s, WARTA_TOOBIG, "larger than the limit of %s (see --max-size)", lim);
}

int warta_source_read_all(warta_source *s, warta_blob *out) {
  size_t max = s->o.max_bytes ? s->o.max_bytes : (size_t)-1 - 2;
  char *p = NULL;
  size_t n, cap = 0;
  out->p = NULL;
  out->n = 0;
  if (s->rc) return s->rc;
  if (!s->sniffed && s->size > max) return too_big(s, max); /* no need to read it */
  if (ready(s)) return s->rc;
  n = s->end - s->start;
  /* a plain file's size is known: room for all of it at once */
  if (grow(&p, &cap, (s->size > n ? s->size : n) + 2, max + 2)) return nomem(s);
  memcpy(p, s->buf + s->start, n);
  s->start = s->end;
  /* one byte more than the limit is enough to know it was passed */
  while (n <= max && !s->eof && !s->rc) {
    size_t want = max + 1 - n < step(s) ? max + 1 - n : step(s);
    if (grow(&p, &cap, n + want + 1, max + 2)) {
      nomem(s);
      break;
    }
    n += produce(s, p + n, want);
  }
  if (!s->rc && n > max) too_big(s, max);
  if (s->rc) {
    free(p);
    return s->rc;
  }
  p[n] = 0;
  out->p = p;
  out->n = n;
  return WARTA_OK;
}

int warta_source_drain(warta_source *s) {
  if (ready(s)) return s->rc;
  s->start = s->end;
  while (!s->eof && !s->rc) {
    s->start = s->end = 0;
    fill(s);
  }
  s->start = s->end;
  return s->rc;
}

/* Set the source to its first byte: what open and rewind share. */
static int reset(warta_source *s) {
  s->start = s->end = 0;
  s->eof = s->sniffed = 0;
  s->line = 0;
  s->bytes = 0;
  s->in_member = 0;
  s->trailing = 0;
  s->mem_at = 0;
  s->msg[0] = 0;
  if (XXH3_64bits_reset(s->hash) != XXH_OK) return nomem(s);
  if (s->gzip) {
    unsigned char magic[2] = {0, 0};
    if (s->mem)
      memcpy(magic, s->mem, s->nmem < 2 ? s->nmem : 2);
    else if (pread(s->fd, magic, 2, 0) < 0)
      return fail(s, WARTA_IOERR, "read error: %s", strerror(errno));
    /* zlib would pass plain bytes through: a .gz that is not gzip is bad */
    if (magic[0] != 0x1f || magic[1] != 0x8b)
      return fail(s, WARTA_CORRUPT, "not gzip data (a .gz name, but no gzip header)");
    int zr = s->z_ready ? inflateReset(&s->z) : inflateInit2(&s->z, 16 + MAX_WBITS);
    if (zr != Z_OK) return nomem(s);
    s->z_ready = 1;
    s->z.avail_in = 0;
    s->in_member = 1;
  }
  if (s->mem && !s->gzip) {
    /* plain memory is its own window */
    s->buf = (char *)s->mem;
    s->end = s->nmem;
    s->eof = 1;
    produced(s, s->mem, s->nmem);
  }
  if (s->fd >= 0 && lseek(s->fd, 0, SEEK_SET) < 0)
    return fail(s, WARTA_IOERR, "cannot seek: %s", strerror(errno));
  return 0;
}

/* A new source with its buffers; NULL when out of memory. */
static warta_source *source_new(int gzip, const warta_source_opts *o, int window) {
  warta_source *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  if (o) s->o = *o;
  s->fd = -1;
  s->gzip = gzip;
  s->hash = XXH3_createState();
  if (window) {
    s->cap = SNIFF > step(s) ? SNIFF : step(s);
    s->buf = malloc(s->cap);
  }
  if (!s->hash || (window && !s->buf)) {
    warta_source_close(s);
    return NULL;
  }
  return s;
}

/* The file opened must be a regular file, and the one expected. */
static int check_file(warta_source *s) {
  struct stat sb;
  if (fstat(s->fd, &sb) != 0) return fail(s, WARTA_IOERR, "%s", strerror(errno));
  if (S_ISDIR(sb.st_mode)) return fail(s, WARTA_IOERR, "is a directory");
  if (!S_ISREG(sb.st_mode)) return fail(s, WARTA_IOERR, "not a regular file");
  if (s->o.expect && (sb.st_dev != s->o.expect->st_dev || sb.st_ino != s->o.expect->st_ino))
    return fail(s, WARTA_IOERR, "replaced while being indexed (not the file that was listed)");
  if (!s->gzip) s->size = (uint64_t)sb.st_size;
  return 0;
}

int warta_source_open(const char *path, int gzip, const warta_source_opts *o, warta_source **out) {
  warta_source *s = *out = source_new(gzip, o, 1);
  if (!s) return WARTA_NOMEM;
  if (gzip && !(s->in = malloc(step(s)))) {
    warta_source_close(s);
    *out = NULL;
    return WARTA_NOMEM;
  }
  /* O_NONBLOCK: a FIFO put in a file's place must not hang the run */
  s->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (s->fd < 0) return fail(s, WARTA_IOERR, "%s", strerror(errno));
  if (check_file(s)) return s->rc;
  return reset(s);
}

int warta_source_open_mem(const char *data, size_t n, int gzip, const warta_source_opts *o,
                          warta_source **out) {
  warta_source *s = *out = source_new(gzip, o, gzip);
  if (!s) return WARTA_NOMEM;
  s->mem = (const unsigned char *)(data ? data : "");
  s->nmem = data ? n : 0;
  return reset(s);
}

int warta_source_rewind(warta_source *s) {
  if (s->rc) return s->rc;
  return reset(s);
}

uint64_t warta_source_hash(const warta_source *s) { return XXH3_64bits_digest(s->hash); }

uint64_t warta_source_bytes(const warta_source *s) { return s->bytes; }

uint64_t warta_source_trailing(const warta_source *s) { return s->trailing; }

const char *warta_source_errmsg(const warta_source *s) { return s->msg; }

void warta_source_close(warta_source *s) {
  if (!s) return;
  if (s->fd >= 0) close(s->fd);
  if (s->z_ready) inflateEnd(&s->z);
  if (s->cap) free(s->buf);
  free(s->in);
  XXH3_freeState(s->hash);
  free(s);
}
