#include "load.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "common/rc.h"

void warta_blob_free(warta_blob *b) {
  if (!b) return;
  free(b->p);
  b->p = NULL;
  b->n = 0;
}

int warta_looks_binary(const char *data, size_t n) {
  return memchr(data, 0, n < 8192 ? n : 8192) != NULL;
}

static int too_big(size_t max, char *err, size_t nerr) {
  snprintf(err, nerr, "larger than the limit of %zu MiB (see --max-size)", max >> 20);
  return WARTA_TOOBIG;
}

static int load_plain(int fd, size_t max, warta_blob *out, char *err, size_t nerr) {
  struct stat sb;
  if (fstat(fd, &sb) != 0) {
    snprintf(err, nerr, "%s", strerror(errno));
    return WARTA_IOERR;
  }
  if (S_ISDIR(sb.st_mode)) {
    snprintf(err, nerr, "is a directory");
    return WARTA_IOERR;
  }
  if ((uint64_t)sb.st_size > max) return too_big(max, err, nerr);
  size_t cap = (size_t)sb.st_size + 1, n = 0;
  char *p = malloc(cap);
  if (!p) return WARTA_NOMEM;
  for (;;) {
    if (n + 1 == cap) { /* the file grew while we read it */
      if (cap > max) {
        free(p);
        return too_big(max, err, nerr);
      }
      char *q = realloc(p, cap * 2);
      if (!q) {
        free(p);
        return WARTA_NOMEM;
      }
      p = q;
      cap *= 2;
    }
    ssize_t r = read(fd, p + n, cap - 1 - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      snprintf(err, nerr, "%s", strerror(errno));
      free(p);
      return WARTA_IOERR;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  p[n] = 0;
  out->p = p;
  out->n = n;
  return WARTA_OK;
}

static int load_gzip(int fd, size_t max, warta_blob *out, char *err, size_t nerr) {
  gzFile gz = gzdopen(fd, "rb");
  size_t cap = 1 << 16, n = 0;
  char *p = malloc(cap);
  int rc = WARTA_OK;
  if (!gz || !p) {
    if (gz)
      gzclose(gz);
    else
      close(fd);
    free(p);
    return WARTA_NOMEM;
  }
  gzbuffer(gz, 1 << 16);
  for (;;) {
    if (cap - n < (1 << 15) + 1) {
      if (n > max) {
        rc = too_big(max, err, nerr);
        break;
      }
      char *q = realloc(p, cap * 2);
      if (!q) {
        rc = WARTA_NOMEM;
        break;
      }
      p = q;
      cap *= 2;
    }
    int r = gzread(gz, p + n, (unsigned)(cap - n - 1 < (1u << 30) ? cap - n - 1 : (1u << 30)));
    if (r < 0) {
      int zerr = 0;
      const char *m = gzerror(gz, &zerr);
      snprintf(err, nerr, "bad gzip data: %s", zerr == Z_ERRNO ? strerror(errno) : m);
      rc = WARTA_CORRUPT;
      break;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  if (rc == WARTA_OK && n > max) rc = too_big(max, err, nerr);
  if (rc == WARTA_OK) {
    int zerr = 0;
    gzerror(gz, &zerr);
    if (zerr != Z_OK && zerr != Z_BUF_ERROR) {
      snprintf(err, nerr, "bad gzip data");
      rc = WARTA_CORRUPT;
    } else if (zerr == Z_BUF_ERROR) {
      snprintf(err, nerr, "bad gzip data: unexpected end of file");
      rc = WARTA_CORRUPT;
    }
  }
  gzclose(gz); /* closes fd */
  if (rc) {
    free(p);
    return rc;
  }
  p[n] = 0;
  out->p = p;
  out->n = n;
  return WARTA_OK;
}

int warta_load(const char *path, int gzip, size_t max, warta_blob *out, char *err, size_t nerr) {
  out->p = NULL;
  out->n = 0;
  err[0] = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err, nerr, "%s", strerror(errno));
    return WARTA_IOERR;
  }
  if (gzip) {
    /* zlib would read plain bytes through; a .gz that is not gzip is bad */
    unsigned char magic[2] = {0, 0};
    if (pread(fd, magic, 2, 0) != 2 || magic[0] != 0x1f || magic[1] != 0x8b) {
      close(fd);
      snprintf(err, nerr, "not gzip data (a .gz name, but no gzip header)");
      return WARTA_CORRUPT;
    }
    return load_gzip(fd, max, out, err, nerr);
  }
  int rc = load_plain(fd, max, out, err, nerr);
  close(fd);
  return rc;
}
