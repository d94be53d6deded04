/*
** The index directory: generations, the stub naming the current one, the
** writer's lock, and what sits at a path. Internal to store/.
*/
#ifndef WARTA_DIR_H
#define WARTA_DIR_H

#include <stddef.h>

#define DIR_STUB "XAPIANDB"      /* Xapian's stub name: opening DIR opens it */
#define DIR_LOCK "writer.lock"   /* the writer's lock */
#define DIR_STATE "state.sqlite" /* the state file of a generation */
#define DIR_XAPIAN "xapian"      /* the Xapian database of a generation */
#define DIR_SHARDS "shards"      /* its period shards, one database each */

typedef enum dir_kind {
  DIR_MISSING = 0, /* nothing at path */
  DIR_INDEX,       /* an index directory with a stub */
  DIR_EMPTY,       /* a directory without a stub (new, or never finished) */
  DIR_V1,          /* a file written by warta 1 (SQLite) */
  DIR_STUBFILE,    /* a Xapian stub file (shards, remote or local) */
  DIR_PLAIN,       /* a Xapian database that is not a warta index
                   ** directory (a replica, a copy): read-only */
  DIR_OTHER        /* anything else */
} dir_kind;

/* What sits at path. */
dir_kind dir_kind_of(const char *path);

/* The current generation of the index at dir (from its stub): 1.. , or 0
** when there is none. */
int dir_current(const char *dir);

/* Path of name inside generation gen of dir, written into out[0..n);
** returns 0, or -1 when it does not fit. gen 0: name directly in dir. */
int dir_path(char *out, size_t n, const char *dir, int gen, const char *name);

/* Make generation gen current with its databases dbs[0..n) (directories
** inside the generation: "xapian", or a shard's "shards/2019"): write the
** stub anew and rename it into place, so that readers see the old list or
** the new, never neither. Returns 0, or -1 with errno set. */
int dir_publish(const char *dir, int gen, const char *const *dbs, int n);

#define DIR_LIVE "live" /* stable names of the current databases (symlinks) */

/* Point DIR/live/names[i] at generation gen's database dbs[i] (symbolic
** links replaced atomically), and remove the links not named: stable
** paths for xapian-replicate-server and xapian-tcpsrv. 0 or -1. */
int dir_link_live(const char *dir, int gen, const char *const *names, const char *const *dbs,
                  int n);

/* The databases the stub of dir lists (directories inside generation
** *gen, as given to dir_publish()): a malloc'ed NULL-terminated list
** (free each and it), or NULL when the stub names no generation of dir
** or memory ran out. */
char **dir_databases(const char *dir, int *gen);

/* Remove path and everything below it; 0 or -1. */
int dir_remove_tree(const char *path);

/* Remove generation gen (its whole directory); 0 or -1. */
int dir_remove_gen(const char *dir, int gen);

/* Remove every generation of dir but keep (leftovers of killed rebuilds
** and of swaps). */
void dir_remove_others(const char *dir, int keep);

/* The highest generation number present in dir (0: none). */
int dir_highest(const char *dir);

/* Create directory path (one level) when missing; 0 or -1 with errno. */
int dir_make(const char *path);

/*
** Take the writer's lock of dir (the file DIR_LOCK inside it). Returns a
** descriptor to keep open while the lock is needed; -1 when another
** process holds it (holder gets its description: "warta-index pid 123 on
** host since ..."); -2 on any other error (reason in holder).
*/
int dir_lock(const char *lockpath, char *holder, size_t n);
void dir_unlock(int fd);

/* fsync every file and directory below path (and path); 0 or -1. */
int dir_sync_tree(const char *path);

/* Bytes used by the files below path. */
long long dir_bytes(const char *path);

#endif
