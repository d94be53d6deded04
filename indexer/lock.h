/*
** One writer per index: an advisory lock on "<index>.lock", which records
** who holds it. The kernel drops the lock when its holder dies, even by
** SIGKILL, so a stale lock file never blocks the next run.
*/
#ifndef WARTA_LOCK_H
#define WARTA_LOCK_H

#include <stddef.h>

/*
** Take the lock of the index at db. Returns a descriptor to keep open (>= 0)
** for as long as the lock is needed; -1 when another process holds it (its
** description, e.g. "pid 123 on host, since ...", goes into holder); -2 on
** any other error (reason in holder).
*/
int lock_take(const char *db, char *holder, size_t n);

/* Release a lock taken by lock_take(). */
void lock_release(int fd);

#endif
