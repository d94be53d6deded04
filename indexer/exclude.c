/*
** Files that are not articles, and outlets from directories (exclude.h).
*/
#include "exclude.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/rc.h"

int exclude_add(exclude_set *x, const char *pattern) {
  while (*pattern == '/')
    pattern++;
  if (!*pattern) return WARTA_OK;
  if (x->n == x->cap) {
    int cap = x->cap ? x->cap * 2 : 8;
    char **v = realloc(x->glob, sizeof *v * (size_t)cap);
    if (!v) return WARTA_NOMEM;
    x->glob = v;
    x->cap = cap;
  }
  if (!(x->glob[x->n] = strdup(pattern))) return WARTA_NOMEM;
  x->n++;
  return WARTA_OK;
}

int exclude_read(exclude_set *x, const char *root) {
  warta_buf p = WARTA_BUF_INIT;
  warta_buf_printf(&p, "%s/%s", root, EXCLUDE_FILE);
  if (p.err) return WARTA_NOMEM;
  FILE *f = fopen(p.p, "r");
  warta_buf_free(&p);
  if (!f) return errno == ENOENT || errno == ENOTDIR ? WARTA_OK : WARTA_IOERR;
  char *line = NULL;
  size_t cap = 0;
  int rc = WARTA_OK;
  while (rc == WARTA_OK && getline(&line, &cap, f) > 0) {
    size_t n = strcspn(line, "\r\n");
    while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
      n--;
    line[n] = 0;
    if (n > 0 && line[0] != '#') rc = exclude_add(x, line);
  }
  if (rc == WARTA_OK && ferror(f)) rc = WARTA_IOERR;
  free(line);
  fclose(f);
  return rc;
}

int exclude_match(const exclude_set *x, const char *rel) {
  if (strcmp(rel, EXCLUDE_FILE) == 0) return 1;
  for (int i = 0; i < x->n; i++) {
    const char *g = x->glob[i];
    char part[4096];
    if (strchr(g, '/')) {
      /* the path, or a directory it lies in */
      for (const char *c = rel; *c;) {
        size_t k = (size_t)(c - rel) + strcspn(c, "/");
        if (k < sizeof part) {
          memcpy(part, rel, k);
          part[k] = 0;
          if (fnmatch(g, part, FNM_PATHNAME) == 0) return 1;
        }
        c = rel + k + (rel[k] == '/');
      }
      continue;
    }
    /* any component: a file's name or a directory's */
    for (const char *c = rel; *c;) {
      size_t k = strcspn(c, "/");
      if (k < sizeof part) {
        memcpy(part, c, k);
        part[k] = 0;
        if (fnmatch(g, part, 0) == 0) return 1;
      }
      c += k + (c[k] == '/');
    }
  }
  return 0;
}

void exclude_free(exclude_set *x) {
  for (int i = 0; i < x->n; i++)
    free(x->glob[i]);
  free(x->glob);
  memset(x, 0, sizeof *x);
}

const char *exclude_rel(const char *root, const char *path) {
  size_t n = strlen(root);
  while (n > 1 && root[n - 1] == '/')
    n--;
  if (strncmp(path, root, n) != 0) return path;
  path += n;
  while (*path == '/')
    path++;
  return path;
}

int outlet_of_dir(const char *rel, char *out, size_t n) {
  size_t k = strcspn(rel, "/");
  if (!rel[k] || k == 0 || k >= n) return 0;
  memcpy(out, rel, k);
  out[k] = 0;
  return 1;
}
