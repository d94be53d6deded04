/*
** Exit codes of warta-index, warta-query and warta-serve, named once and
** mapped explicitly in each main(). Documented in their man pages
** (docs/warta-index.1, docs/warta-query.1, docs/warta-serve.1).
*/
#ifndef WARTA_EXITCODE_H
#define WARTA_EXITCODE_H

enum warta_exit {
  WARTA_EXIT_OK = 0,           /* success (warta-query: at least one hit) */
  WARTA_EXIT_PARTIAL = 1,      /* warta-index: some inputs failed; warta-query: no hits */
  WARTA_EXIT_USAGE = 2,        /* bad command line */
  WARTA_EXIT_LOCKED = 3,       /* warta-index: another warta-index holds the index */
  WARTA_EXIT_DB = 4,           /* the index could not be opened, read or written */
  WARTA_EXIT_REBUILD = 5,      /* the index was built by another analyzer version */
  WARTA_EXIT_REFUSED = 6,      /* warta-index: the run would have deleted most of the
                               ** index and did not (--allow-mass-delete) */
  WARTA_EXIT_LISTEN = 7,       /* warta-serve: cannot listen on the address */
  WARTA_EXIT_INTERNAL = 70,    /* out of memory or an internal error (EX_SOFTWARE) */
  WARTA_EXIT_INTERRUPTED = 130 /* stopped by SIGINT or SIGTERM (work so far kept) */
};

#endif
