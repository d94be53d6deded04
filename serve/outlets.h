/*
** The index's outlets for the page's pick-list. Listing them reads every
** article (warta_searcher_sources()), too much for each request, so the
** list is made once per state of the index and shared by the worker
** threads: one cache per process, as a process serves one index.
*/
#ifndef WARTA_SERVE_OUTLETS_H
#define WARTA_SERVE_OUTLETS_H

#include "session.h"

#define OUTLETS_MAX 500 /* outlets listed at most: those with most articles */
#define OUTLETS_AGE_S                                                                              \
  60 /* seconds a list of shards is kept (their revisions                                          \
     ** are not summed up: see warta_searcher_version) */

/* A list of outlets, shared by the cache and the requests that read it. */
typedef struct outlets_list {
  char **names; /* NULL-terminated */
  int refs;     /* its holders (counted under the cache's lock) */
} outlets_list;

/*
** The outlets of the index se reads (refreshed first), sorted by name
** without regard to case, at most OUTLETS_MAX, into *out: read-only, held
** until outlets_put(). The list is made again when the index's
** generation, revision or number of articles changed, and for an index
** without a revision (shards) after OUTLETS_AGE_S. Returns WARTA_OK,
** WARTA_NOMEM or an index error (then *out is NULL).
*/
int outlets_get(session *se, outlets_list **out);

/* Let go of a list from outlets_get(). NULL-safe. */
void outlets_put(outlets_list *l);

/* Let go of the cached list (at the server's stop). */
void outlets_clear(void);

#endif
