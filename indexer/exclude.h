/*
** Which files below a corpus root are not articles, and what outlet a file
** that names none belongs to.
**
** Patterns are shell globs (fnmatch) matched against a file's path below
** its root, as .gitignore reads them: one without a '/' matches any
** component of the path (a file or a directory name: README.TXT, *.csv,
** drafts); one with a '/' matches from the root (bbc/README.TXT, drafts/2019-*.txt).
** They come from --exclude and from the root's .wartaignore (one a line;
** blank lines and lines starting with '#' are ignored), which is never an
** article itself.
*/
#ifndef WARTA_EXCLUDE_H
#define WARTA_EXCLUDE_H

#include <stddef.h>

#define EXCLUDE_FILE ".wartaignore"

typedef struct exclude_set {
  char **glob; /* patterns (malloc'ed), without a leading '/' */
  int n, cap;
} exclude_set;

/* Add a copy of pattern. Returns 0, or WARTA_NOMEM. */
int exclude_add(exclude_set *x, const char *pattern);

/* Add the patterns of ROOT/.wartaignore, when root is a directory holding
** one. Returns 0; WARTA_NOMEM; or WARTA_IOERR when it exists but cannot
** be read (errno says why). */
int exclude_read(exclude_set *x, const char *root);

/* 1 when rel (a path below the root, '/'-separated) is excluded. */
int exclude_match(const exclude_set *x, const char *rel);

void exclude_free(exclude_set *x);

/* The path of path below root (root as given, path as walked from it):
** a pointer into path; "" when path is the root itself. */
const char *exclude_rel(const char *root, const char *path);

/* The outlet of a file at rel below its root, from its directory: the
** first directory of rel into out[0..n) (bbc for bbc/sport/001.txt).
** Returns 1, or 0 when rel is in the root itself (no directory). */
int outlet_of_dir(const char *rel, char *out, size_t n);

#endif
