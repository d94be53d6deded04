/*
** Xapian stub files: the lines a query host's stub holds to make several
** databases one ("auto PATH", "glass PATH", "remote HOST:PORT"). The
** searcher reads them itself so that it can name a shard that does not
** answer and leave it out when asked to. Internal to store/.
*/
#ifndef WARTA_STUB_H
#define WARTA_STUB_H

#include <stddef.h>

typedef struct stub_entry {
  char *path;    /* a local database (absolute, or relative to the process's
                 ** directory), or NULL for a remote one */
  char *host;    /* a remote shard's host, or NULL */
  unsigned port; /* and its TCP port */
  char *name;    /* as shown to the user: "remote HOST:PORT" or the path */
} stub_entry;

typedef struct stub_list {
  stub_entry *v;
  int n;
  int remote; /* entries that are remote */
} stub_list;

/*
** Parse the stub text[0..n); relative paths are taken from the directory
** base (the stub's own). Empty lines and lines starting with # are
** skipped. Returns 0 with *out filled (stub_list_free() it); 1 when a line
** is of a kind read only by Xapian (a program as a remote, an unknown
** backend): the caller then lets Xapian open the stub as a whole; -1 when
** out of memory. *out is empty on non-zero returns.
*/
int stub_parse(const char *text, size_t n, const char *base, stub_list *out);
void stub_list_free(stub_list *l);

#endif
