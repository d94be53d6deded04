/*
** Walking the corpus: every regular file under the given roots, in sorted
** order, catching the loops that symbolic links can make. A symbolic link
** is followed when it leads below one of the run's roots; one that leads
** elsewhere (ln -s /etc/passwd archive/x.txt) is skipped and reported,
** unless the caller asks for all links to be followed. Each directory is
** walked once per root: one reached again under another name is skipped
** and reported. Names starting with '.' are skipped (.git, editor
** droppings).
*/
#ifndef WARTA_WALK_H
#define WARTA_WALK_H

#include <stdint.h>
#include <sys/stat.h>

/* Called for each regular file: path is absolute (the root made absolute,
** then the names as walked); st is its stat. Non-zero stops the walk. */
typedef int (*walk_file_fn)(void *ctx, const char *path, const struct stat *st);
/* Called for each path that cannot be walked (unreadable directory,
** dangling link, loop), or that is skipped (a link leading outside the
** roots, a directory walked already): msg says why; valid during the
** call. */
typedef void (*walk_error_fn)(void *ctx, const char *path, const char *msg);

typedef struct walk_opts {
  walk_file_fn file;   /* each regular file */
  walk_error_fn error; /* each path that cannot be walked */
  walk_error_fn skip;  /* each link or directory skipped, or NULL */
  void *ctx;           /* the callbacks' context */
  char **roots;        /* every root of the run, as given (a link that
                       ** leads below one of them is followed) */
  int nroots;          /* entries in roots[] */
  int follow_symlinks; /* follow links that lead outside the roots too */
} walk_opts;

/*
** Walk root (a file or a directory; a link given as a root is followed).
** Returns 0, or the file callback's non-zero code, or -1 when out of memory.
** Errors below the root go to o->error and the walk goes on; a root that
** does not exist is reported and returns 0.
*/
int walk(const char *root, const walk_opts *o);

/* The canonical absolute form of path (realpath(3)) when it exists, else
** the current directory joined with it; malloc'ed (free() it); NULL when out
** of memory. */
char *walk_absolute(const char *path);

#endif
