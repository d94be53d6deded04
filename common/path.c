#include "path.h"

#include <string.h>

const char *warta_relpath(const char *path, const char *dir) {
  size_t n = dir ? strlen(dir) : 0;
  while (n > 1 && dir[n - 1] == '/')
    n--;
  if (n > 1 && strncmp(path, dir, n) == 0 && path[n] == '/' && path[n + 1]) return path + n + 1;
  return path;
}
