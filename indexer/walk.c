#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"

#define MAX_DEPTH 256

typedef struct ancestor {
  dev_t dev; /* device of a directory on the current path */
  ino_t ino; /* its inode */
} ancestor;

typedef struct walker {
  walk_file_fn fn;           /* file callback */
  walk_error_fn err;         /* error callback */
  void *ctx;                 /* their context */
  ancestor stack[MAX_DEPTH]; /* directories from the root down */
  int depth;                 /* entries used in stack[] */
} walker;

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

static int walk_dir(walker *w, const char *path, const struct stat *st) {
  for (int i = 0; i < w->depth; i++) {
    if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino) {
      w->err(w->ctx, path, "symbolic link loop (directory already being walked)");
      return 0;
    }
  }
  if (w->depth == MAX_DEPTH) {
    w->err(w->ctx, path, "directories nested too deeply");
    return 0;
  }
  DIR *d = opendir(path);
  if (!d) {
    w->err(w->ctx, path, strerror(errno));
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **x = realloc(names, cap * sizeof *x);
      if (!x) break;
      names = x;
    }
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
      } else if (stat(child.p, &cst) != 0) {
        struct stat lst;
        if (errno == ELOOP)
          w->err(w->ctx, child.p, "symbolic link loop");
        else if (lstat(child.p, &lst) == 0 && S_ISLNK(lst.st_mode))
          w->err(w->ctx, child.p, "dangling symbolic link");
        else
          w->err(w->ctx, child.p, strerror(errno));
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
  if (S_ISREG(st->st_mode)) return w->fn(w->ctx, path, st);
  w->err(w->ctx, path, "not a regular file or directory");
  return 0;
}

int walk(const char *root, walk_file_fn fn, walk_error_fn err, void *ctx) {
  walker w;
  struct stat st;
  memset(&w, 0, sizeof w);
  w.fn = fn;
  w.err = err;
  w.ctx = ctx;
  char *abs = walk_absolute(root);
  if (!abs) {
    err(ctx, root, "out of memory");
    return 0;
  }
  int rc = 0;
  if (stat(abs, &st) != 0) {
    err(ctx, root, errno == ELOOP ? "symbolic link loop" : strerror(errno));
  } else {
    rc = walk_path(&w, abs, &st);
  }
  free(abs);
  return rc;
}
