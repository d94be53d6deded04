/*
** The directory walk (indexer/walk.c) over a tree that the input builds in
** a temporary directory: directories, files, FIFOs and symbolic links
** (relative and absolute; into the root, out of it, dangling, in loops,
** fanning out). Whatever the tree, the walk ends; it reports regular files
** only, each under the root walked; without --follow-symlinks only files
** whose real path lies below a root; never more files than the tree and
** the directory outside it hold (each directory is walked once); and a
** reason for every error and skip.
**
** The tree is made (in $TMPDIR, else /tmp) with *at() calls relative to
** directories the target created itself, so no input can write outside the temporary directory;
** link targets are chosen so that following them stays inside it too. The
** first byte chooses the walk's roots (bit 0: also the outside directory)
** and whether the first walk follows every link (bit 1); the second walk
** does the opposite. Then each op takes four bytes: what (a directory, a
** file, a relative or absolute link, a FIFO), where (one of the
** directories made so far), a name and an argument. At most 256 entries
** are made; inputs of up to 1 MB are fine.
*/
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "indexer/walk.h"

#define MAX_ENTRIES 256
#define MAX_DIRS 64

static const char *const names[] = {
    "a", "b", "c.txt", "d.jsonl", ".tersembunyi", "e.md", "f", "g.html", "h\nwarta.txt", "z",
};
#define NNAMES (sizeof names / sizeof names[0])

typedef struct dir {
  int fd;              /* open on the directory */
  int depth;           /* levels below the root */
  char path[PATH_MAX]; /* its absolute path */
} dir;

typedef struct walked {
  const char *root; /* the canonical root walked */
  char *real[2];    /* the canonical roots of the run */
  int nroots;       /* entries in real[] */
  int follow;       /* links outside the roots are followed */
  long files;       /* files reported */
  long bound;       /* the most there can be */
} walked;

static char tmp[200];   /* the temporary directory, canonical */
static char root[256];  /* tmp/root */
static char outer[256]; /* tmp/outside */

static int below(const char *path, const char *top) {
  size_t n = strlen(top);
  return strncmp(path, top, n) == 0 && (path[n] == '/' || path[n] == 0);
}

static int on_file(void *ctx, const char *path, const struct stat *st) {
  walked *w = ctx;
  struct stat now;
  FUZZ_CHECK(below(path, w->root));
  FUZZ_CHECK(S_ISREG(st->st_mode));
  FUZZ_CHECK(stat(path, &now) == 0 && now.st_ino == st->st_ino);
  if (!w->follow) {
    char *real = realpath(path, NULL);
    fuzz_need(real != NULL, "realpath", strerror(errno));
    int inside = 0;
    for (int i = 0; i < w->nroots; i++)
      inside |= below(real, w->real[i]);
    FUZZ_CHECK(inside);
    free(real);
  }
  w->files++;
  FUZZ_CHECK(w->files <= w->bound);
  return 0;
}

static void on_error(void *ctx, const char *path, const char *msg) {
  (void)ctx;
  FUZZ_CHECK(path && msg && msg[0]);
}

static void on_skip(void *ctx, const char *path, const char *msg) {
  walked *w = ctx;
  FUZZ_CHECK(path && msg && strncmp(msg, "skipped: ", 9) == 0);
  FUZZ_CHECK(!w->follow || strstr(msg, "already walked"));
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f) {
  (void)st, (void)flag, (void)f;
  remove(path);
  return 0;
}

static void clean(void) {
  nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
  nftw(outer, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_tmp(void) {
  clean();
  rmdir(tmp);
}

static void setup(void) {
  if (!tmp[0]) {
    const char *base = getenv("TMPDIR");
    char t[160], *real;
    snprintf(t, sizeof t, "%.100s/warta-fuzz-walk-XXXXXX", base && *base ? base : "/tmp");
    fuzz_need(mkdtemp(t) != NULL, "a temporary directory", strerror(errno));
    fuzz_need((real = realpath(t, NULL)) != NULL, "realpath", strerror(errno));
    fuzz_need(strlen(real) < sizeof tmp, "a temporary directory", "name too long");
    strcpy(tmp, real);
    free(real);
    atexit(remove_tmp);
    snprintf(root, sizeof root, "%s/root", tmp);
    snprintf(outer, sizeof outer, "%s/outside", tmp);
  }
  clean();
  fuzz_need(mkdir(root, 0700) == 0 && mkdir(outer, 0700) == 0, "the tree", strerror(errno));
  /* outside: two files, and a link back into the root */
  char p[300];
  snprintf(p, sizeof p, "%s/f.txt", outer);
  FILE *f = fopen(p, "w");
  fuzz_need(f != NULL, "a file", strerror(errno));
  fclose(f);
  snprintf(p, sizeof p, "%s/sub", outer);
  mkdir(p, 0700);
  snprintf(p, sizeof p, "%s/sub/g.txt", outer);
  f = fopen(p, "w");
  fuzz_need(f != NULL, "a file", strerror(errno));
  fclose(f);
  snprintf(p, sizeof p, "%s/back", outer);
  fuzz_need(symlink("../root", p) == 0, "a link", strerror(errno));
}

/* A link target that stays inside tmp, whatever it leads to. */
static void target(char *out, size_t n, int relative, const dir *d, unsigned arg) {
  if (relative) {
    /* up at most to tmp itself: depth + 1 levels */
    int up = (int)(arg % (unsigned)(d->depth + 2));
    size_t at = 0;
    out[0] = 0;
    for (int i = 0; i < up && at + 3 < n; i++, at += 3)
      memcpy(out + at, "../", 4);
    snprintf(out + at, n - at, "%s", arg & 0x80 ? "" : names[(arg >> 3) % NNAMES]);
    if (!out[0]) snprintf(out, n, ".");
    return;
  }
  static const char *const fmts[] = {"%s/root",           "%s/root/%s", "%s/outside",
                                     "%s/outside/f.txt",  "%s/none",    "%s",
                                     "%s/outside/back/%s"};
  int k = (int)(arg % 8);
  if (k == 7)
    snprintf(out, n, "/dev/null");
  else
    snprintf(out, n, fmts[k], tmp, names[(arg >> 3) % NNAMES]);
}

/* Build the tree; returns the entries made. */
static int build(const uint8_t *data, size_t size, dir *dirs, int *ndirs) {
  int entries = 0;
  for (size_t i = 0; i + 4 <= size && entries < MAX_ENTRIES; i += 4) {
    dir *d = &dirs[data[i + 1] % *ndirs];
    const char *name = names[data[i + 2] % NNAMES];
    unsigned arg = data[i + 3];
    char to[PATH_MAX];
    int ok = -1;
    switch (data[i] % 5) {
    case 0:
      ok = mkdirat(d->fd, name, 0700);
      if (ok == 0 && *ndirs < MAX_DIRS) {
        dir *c = &dirs[*ndirs];
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%.3000s/%s", d->path, name);
        c->fd = openat(d->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        c->depth = d->depth + 1;
        memcpy(c->path, path, sizeof path);
        if (c->fd >= 0) ++*ndirs;
      }
      break;
    case 1: {
      int fd = openat(d->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd >= 0) {
        ok = write(fd, "Judul\n\nIsi.\n", arg % 13) < 0;
        close(fd);
      }
      break;
    }
    case 2:
    case 3:
      target(to, sizeof to, data[i] % 5 == 2, d, arg);
      ok = symlinkat(to, d->fd, name);
      break;
    case 4: ok = mkfifoat(d->fd, name, 0600); break;
    }
    entries += ok == 0;
  }
  return entries;
}

static void walk_once(const char *r, int nroots, int follow, long bound) {
  walked w;
  char *roots[2] = {root, outer};
  memset(&w, 0, sizeof w);
  w.root = r;
  w.nroots = nroots;
  w.follow = follow;
  w.bound = bound;
  for (int i = 0; i < nroots; i++) {
    w.real[i] = realpath(roots[i], NULL);
    fuzz_need(w.real[i] != NULL, "realpath", strerror(errno));
  }
  walk_opts o = {on_file, on_error, on_skip, &w, roots, nroots, follow};
  FUZZ_CHECK(walk(r, &o) == 0);
  for (int i = 0; i < nroots; i++)
    free(w.real[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static dir dirs[MAX_DIRS];
  int ndirs = 1;
  if (size == 0) return 0;
  setup();
  dirs[0].fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  dirs[0].depth = 0;
  snprintf(dirs[0].path, sizeof dirs[0].path, "%s", root);
  fuzz_need(dirs[0].fd >= 0, "the root", strerror(errno));
  int entries = build(data + 1, size - 1, dirs, &ndirs);
  for (int i = 0; i < ndirs; i++)
    close(dirs[i].fd);
  /* every directory once: no more files than entries, plus the outside's
  ** two (when a link leads there) */
  long bound = entries + 2;
  int nroots = 1 + (data[0] & 1), follow = (data[0] >> 1) & 1;
  walk_once(root, nroots, follow, bound);
  walk_once(root, nroots, !follow, bound);
  if (nroots == 2) walk_once(outer, nroots, follow, bound);
  clean();
  return 0;
}
