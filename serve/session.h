/*
** Searching for the server's requests. Xapian's handles are not
** thread-safe, so each request borrows a session (an open index and its
** planner) from a pool and gives it back: a worker thread never shares
** one. The pool opens sessions as they are needed, at most one per worker
** thread, and keeps them open; every search refreshes its session to the
** newest committed state of the index (the nightly run's changes, a
** rebuild swapped in). A session of a stub leaves out the shards that do
** not answer (tried again every WARTA_SHARD_RETRY_S seconds); whether an
** answer without them is served is each request's choice (api.c, page.c).
*/
#ifndef WARTA_SERVE_SESSION_H
#define WARTA_SERVE_SESSION_H

#include <pthread.h>

#include "search/plan.h"
#include "search/request.h"
#include "store/store.h"

typedef struct session {
  warta_searcher *s; /* the index */
  planner plan;      /* its analyzers and lexicon */
} session;

typedef struct pool {
  pthread_mutex_t mu; /* guards what follows */
  const char *db;     /* the index's path */
  session **idle;     /* sessions not in use */
  int nidle, cap;
  int open; /* sessions open (idle or lent) */

  /* the synonyms every planner uses (the caller's), or NULL */
  const struct names_table *names;
} pool;

/*
** Prepare a pool for the index at db (not copied: keep it), whose
** planners add the synonyms names (kept too; NULL: none), and open one
** session, so that an index that cannot be opened is known at once.
** Returns WARTA_OK, or an error with *err set (free() it): WARTA_NOTFOUND,
** WARTA_MISMATCH (rebuild), another index error, WARTA_NOMEM.
*/
int pool_init(pool *p, const char *db, const struct names_table *names, char **err);

/* Close every session (none may be lent). NULL-safe. */
void pool_free(pool *p);

/*
** Lend a session (opening one when none is idle). Returns it, or NULL with
** *rc set (an index error or WARTA_NOMEM) and *err its message (free() it).
*/
session *pool_get(pool *p, int *rc, char **err);

/* Give the session back; broken: it failed in a way that another search
** may not repair (then it is closed). */
void pool_put(pool *p, session *se, int broken);

/* The shards of a stub that a session leaves out because they do not
** answer (warta_searcher_missing()): *names NULL-terminated and malloc'ed
** (free with warta_list_free()), or NULL when none is. Returns WARTA_OK, or
** pool_get()'s error. */
int pool_missing(pool *p, char ***names);

/* The shards se leaves out (as pool_missing()), or NULL when none is or
** out of memory: after a key was not found, where it may be. */
char **session_missing(session *se);

/* What a search produced. */
typedef struct search_out {
  warta_query q;    /* the typed query (cleared by search_out_free()) */
  qsyntax syn;      /* the parsed query */
  warta_results r;  /* the results */
  char *suggestion; /* did you mean (malloc'ed), or NULL */
  plan_notes notes; /* what planning noticed */
  int nothing;      /* nothing to search for: no search was made */
  char toobig[200]; /* after WARTA_TOOBIG: what is too big, for q */
} search_out;

/*
** Build r and run it on se: results, and a suggestion unless counting.
** Returns WARTA_OK (with o->nothing when the query holds nothing
** searchable: no results then); WARTA_TOOBIG (more than
** WARTA_MAX_QUERY_WORDS words, or word* standing for too many words:
** o->toobig says which); WARTA_NOTFOUND (like names no article);
** WARTA_NOMEM; or an index error (warta_searcher_errmsg(se->s)). Free o
** with search_out_free() whatever the result.
*/
int session_search(session *se, const request *r, search_out *o);
void search_out_free(search_out *o);

/*
** The article of key (its record key, or its file's path) whole, into *a
** (free with warta_full_article_free()), with the words of the query text
** highlighted (text NULL or "": none). Returns WARTA_OK, WARTA_NOTFOUND,
** WARTA_TOOBIG (text over WARTA_MAX_QUERY_WORDS words), WARTA_NOMEM, or an
** index error.
*/
int session_article(session *se, const char *key, const char *text, warta_full_article *a);

#endif
