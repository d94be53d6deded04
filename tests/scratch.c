#define _XOPEN_SOURCE 700
#include "scratch.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int scratch_make(char *out, size_t n, const char *name) {
  const char *base = getenv("TMPDIR");
  snprintf(out, n, "%.200s/warta-test-%.40s-XXXXXX", base && *base ? base : "/tmp", name);
  return mkdtemp(out) ? 0 : -1;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *f) {
  (void)sb, (void)flag, (void)f;
  return remove(path);
}

void scratch_remove(const char *path) { nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS); }
