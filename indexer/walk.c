#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/grow.h"
#include "common/hmap.h"

#define MAX_DEPTH 256

typedef struct ancestor {
  dev_t dev; /* device of a directory on the current path */
  ino_t ino; /* its inode */
} ancestor;

typedef struct walker {
  const walk_opts *o;        /* callbacks and roots */
  char **real;               /* the roots' canonical names (NULL: missing) */
  ancestor stack[MAX_DEPTH]; /* directories from the root down */
  int depth;                 /* entries used in stack[] */
  warta_hmap seen;           /* directories walked: (device, inode) */
} walker;

/* Add a directory to the set of those walked: 1 when it is new, 0 when it
** was walked already, -1 when out of memory. Each directory is walked once,
** so links within the roots that fan out (a/x and a/y both to b, b/x and
** b/y both to c, ...) cannot make the walk visit 2^depth paths. */
static int seen_add(walker *w, dev_t dev, ino_t ino) {
  uint64_t key[2] = {(uint64_t)dev, (uint64_t)ino};
  return warta_hmap_put(&w->seen, key, sizeof key, NULL);
}

char *walk_absolute(const char *path) {
  warta_buf b = WARTA_BUF_INIT;
  /* an existing root gets its canonical name, so that the same file has
  ** the same path whatever the current directory of the run */
  char *real = realpath(path, NULL);
  if (real) return real;
  if (path[0] != '/') {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return NULL;
    warta_buf_puts(&b, cwd);
    if (b.n == 0 || b.p[b.n - 1] != '/') warta_buf_putc(&b, '/');
  }
  /* drop "./" components and doubled or trailing slashes */
  for (const char *p = path; *p;) {
    const char *q = strchr(p, '/');
    size_t len = q ? (size_t)(q - p) : strlen(p);
    if (len == 0 || (len == 1 && p[0] == '.')) {
      if (len == 0 && p == path) warta_buf_putc(&b, '/');
    } else {
      if (b.n && b.p[b.n - 1] != '/') warta_buf_putc(&b, '/');
      warta_buf_append(&b, p, len);
    }
    p += len + (q ? 1 : 0);
  }
  if (b.n == 0) warta_buf_putc(&b, '/');
  return warta_buf_take(&b);
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_path(walker *w, const char *path, const struct stat *st);

/* 1 when the canonical name real lies below (or is) a root of the run. */
static int inside_roots(const walker *w, const char *real) {
  for (int i = 0; i < w->o->nroots; i++) {
    const char *r = w->real[i];
    size_t n = r ? strlen(r) : 0;
    if (!r || strncmp(real, r, n) != 0) continue;
    if (real[n] == 0 || real[n] == '/' || (n > 0 && r[n - 1] == '/')) return 1;
  }
  return 0;
}

/* Whether to follow the symbolic link at path: 0 after saying why not
** (dangling, a loop, leading outside the roots). */
static int follow(walker *w, const char *path) {
  char *real = realpath(path, NULL);
  if (!real) {
    if (errno == ELOOP)
      w->o->error(w->o->ctx, path, "symbolic link loop");
    else if (errno == ENOENT || errno == ENOTDIR)
      w->o->error(w->o->ctx, path, "dangling symbolic link");
    else
      w->o->error(w->o->ctx, path, strerror(errno));
    return 0;
  }
  int ok = w->o->follow_symlinks || inside_roots(w, real);
  free(real);
  if (!ok && w->o->skip) {
    /* the link as written: what its owner would recognise */
    char to[PATH_MAX];
    ssize_t n = readlink(path, to, sizeof to - 1);
    warta_buf m = WARTA_BUF_INIT;
    to[n > 0 ? n : 0] = 0;
    warta_buf_printf(&m,
                     "skipped: symbolic link to %s, outside the indexed paths "
                     "(see --follow-symlinks)",
                     to);
    w->o->skip(w->o->ctx, path, m.err ? "skipped: symbolic link outside the indexed paths" : m.p);
    warta_buf_free(&m);
  }
  return ok;
}

/* Whether the directory at path is to be walked now: 1; 0 when it is not
** (a loop, too deep, walked already, unreadable: told); -1 when out of
** memory. On 1, *d is the open directory. */
static int dir_to_walk(walker *w, const char *path, const struct stat *st, DIR **d) {
  for (int i = 0; i < w->depth; i++) {
    if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino) {
      w->o->error(w->o->ctx, path, "symbolic link loop (directory already being walked)");
      return 0;
    }
  }
  if (w->depth == MAX_DEPTH) {
    w->o->error(w->o->ctx, path, "directories nested too deeply");
    return 0;
  }
  int fresh = seen_add(w, st->st_dev, st->st_ino);
  if (fresh < 0) return -1;
  if (!fresh) {
    if (w->o->skip) {
      w->o->skip(w->o->ctx, path, "skipped: a directory already walked under another name");
    }
    return 0;
  }
  if (!(*d = opendir(path))) {
    w->o->error(w->o->ctx, path, strerror(errno));
    return 0;
  }
  return 1;
}

static int walk_dir(walker *w, const char *path, const struct stat *st) {
  DIR *d = NULL;
  int want = dir_to_walk(w, path, st, &d);
  if (want <= 0) return want;
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (WARTA_GROW(names, cap, n + 1)) break;
    if (!(names[n] = strdup(e->d_name))) break;
    n++;
  }
  closedir(d);
  if (n > 1) qsort(names, n, sizeof *names, cmp_names);
  w->stack[w->depth].dev = st->st_dev;
  w->stack[w->depth].ino = st->st_ino;
  w->depth++;
  warta_buf child = WARTA_BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    if (rc == 0) {
      struct stat cst;
      warta_buf_reset(&child);
      warta_buf_puts(&child, path);
      if (child.n && child.p[child.n - 1] != '/') warta_buf_putc(&child, '/');
      warta_buf_puts(&child, names[i]);
      if (child.err) {
        rc = -1;
      } else if (lstat(child.p, &cst) != 0) {
        w->o->error(w->o->ctx, child.p, strerror(errno));
      } else if (S_ISLNK(cst.st_mode) && !follow(w, child.p)) {
        /* said why */
      } else if (S_ISLNK(cst.st_mode) && stat(child.p, &cst) != 0) {
        w->o->error(w->o->ctx, child.p, strerror(errno));
      } else {
        rc = walk_path(w, child.p, &cst);
      }
    }
    free(names[i]);
  }
  warta_buf_free(&child);
  free(names);
  w->depth--;
  return rc;
}

static int walk_path(walker *w, const char *path, const struct stat *st) {
  if (S_ISDIR(st->st_mode)) return walk_dir(w, path, st);
  if (S_ISREG(st->st_mode)) return w->o->file(w->o->ctx, path, st);
  w->o->error(w->o->ctx, path, "not a regular file or directory");
  return 0;
}

int walk(const char *root, const walk_opts *o) {
  walker w;
  struct stat st;
  memset(&w, 0, sizeof w);
  w.o = o;
  char *abs = walk_absolute(root);
  w.real = calloc((size_t)(o->nroots > 0 ? o->nroots : 1), sizeof *w.real);
  if (!abs || !w.real) {
    free(abs);
    free(w.real);
    o->error(o->ctx, root, "out of memory");
    return 0;
  }
  for (int i = 0; i < o->nroots; i++)
    w.real[i] = realpath(o->roots[i], NULL);
  int rc = 0;
  if (stat(abs, &st) != 0) {
    o->error(o->ctx, root, errno == ELOOP ? "symbolic link loop" : strerror(errno));
  } else {
    rc = walk_path(&w, abs, &st);
  }
  for (int i = 0; i < o->nroots; i++)
    free(w.real[i]);
  free(w.real);
  warta_hmap_free(&w.seen);
  free(abs);
  return rc;
}
