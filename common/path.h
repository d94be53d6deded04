/*
** Showing paths: the index stores absolute paths; people read them relative
** to where they stand, as git does.
*/
#ifndef WARTA_PATH_H
#define WARTA_PATH_H

/* path relative to dir when it lies below dir, else path itself; the
** result points into path. */
const char *warta_relpath(const char *path, const char *dir);

#endif
