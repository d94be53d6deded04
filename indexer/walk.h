/*
** Walking the corpus: every regular file under the given roots, in sorted
** order, following symbolic links and catching the loops they can make.
** Names starting with '.' are skipped (.git, editor droppings).
*/
#ifndef WARTA_WALK_H
#define WARTA_WALK_H

#include <stdint.h>
#include <sys/stat.h>

/* Called for each regular file: path is absolute (the root made absolute,
** then the names as walked); st is its stat. Non-zero stops the walk. */
typedef int (*walk_file_fn)(void *ctx, const char *path, const struct stat *st);
/* Called for each path that cannot be walked (unreadable directory,
** dangling link, loop): msg says why. */
typedef void (*walk_error_fn)(void *ctx, const char *path, const char *msg);

/*
** Walk root (a file or a directory). Returns 0, or the file callback's
** non-zero code. Errors below the root go to err and the walk goes on; a
** root that does not exist is reported and returns 0.
*/
int walk(const char *root, walk_file_fn fn, walk_error_fn err, void *ctx);

/* The canonical absolute form of path (realpath(3)) when it exists, else
** the current directory joined with it; malloc'ed (free() it); NULL when out
** of memory. */
char *walk_absolute(const char *path);

#endif
