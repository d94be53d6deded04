/*
** The parameters of a search URL (/api/search, the page), read into a
** typed request (search/request.h) and checked, each error naming the
** parameter. Reading goes through a callback, so that this module knows
** no HTTP library.
*/
#ifndef WARTA_SERVE_PARAMS_H
#define WARTA_SERVE_PARAMS_H

#include "search/request.h"

#define PARAMS_MAX_QUERY 4096 /* bytes of q (and of like) at most */
#define PARAMS_MAX_NAME 200   /* bytes of source or lang at most */
#define PARAMS_MAX_LIMIT 100  /* n at most */
#define PARAMS_MAX_OFFSET 10000
#define PARAMS_MAX_PER_DOC 100
#define PARAMS_MAX_EXPORT 1000 /* n at most with format=csv (its default) */

/* The value of parameter name (NUL-terminated), or NULL when absent. */
typedef const char *(*params_get_fn)(void *ctx, const char *name);

/* What the parameters ask besides the request. */
typedef struct params_extra {
  int full;    /* full=1: whole passages (the page; JSON always has them) */
  int partial; /* partial=1: answer without the shards that do not answer;
               ** partial=0: refuse to; -1: not given (the server decides) */
  int csv;     /* format=csv: the hits as CSV (the API; the page ignores it) */
} params_extra;

/* An error: the HTTP status (400, or 414 for a query over the byte cap)
** and a message that names the parameter. */
typedef struct params_error {
  int status;
  char msg[200];
  int date;        /* 1: since or until is no date (the page says so) */
  int usable;      /* 1: r holds every other parameter (see below) */
  char value[100]; /* that value, as given (truncated) */
} params_error;

/*
** Read q, since, until, source, lang, sort, offset, n, per_doc, facets,
** like, explain, count, full and partial into r (request_init() first)
** and x; also format (json or csv: then n is 1 to PARAMS_MAX_EXPORT, and
** that by default) and histogram (day, week, month or auto). An empty
** value is the same as none, but for q. Strings in r
** point into what get returns (valid as long as that is). since and until
** take the forms of request_date(). Returns 0, or -1 with *e set to the first error;
** past a malformed since, until, sort or number the others are still read
** (that one keeps its default; a reversed range is dropped), so that the
** page can show what it can: then e->usable.
*/
int params_read(params_get_fn get, void *ctx, request *r, params_extra *x, params_error *e);

#endif
