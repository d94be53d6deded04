/*
** A search as the user asks for it: the query text and the options of
** warta-query (its command line) or warta-serve (the parameters of a URL),
** typed, and the one function that checks it and turns it into store/'s
** typed query. Both tools fill a request their own way and build it here,
** so that a query means the same in a terminal and on the search page.
*/
#ifndef WARTA_REQUEST_H
#define WARTA_REQUEST_H

#include "parse.h"
#include "plan.h"
#include "store/store.h"

typedef struct request {
  const char *text;        /* the query (UTF-8, NUL-terminated); "" for none */
  const char *lang;        /* only this language, or NULL */
  const char *source;      /* only this outlet (as source:NAME), or NULL */
  char since[9], until[9]; /* YYYYMMDD bounds, inclusive; "" when open */
  warta_sort sort;         /* relevance, newest, oldest */
  int offset, limit;       /* the page: hits skipped, hits shown */
  int per_doc;             /* passages per article at most; 0: all that match */
  int count;               /* only count the matching articles */
  int facets;              /* count per source, month and language */
  int explain;             /* keep how each score was made */
  const char *like;        /* articles like the one with this key or path */
  warta_rank rank;         /* ranking parameters */
} request;

/* Defaults: no text, 10 hits from the first, one passage per article,
** relevance, warta_rank_defaults(). */
void request_init(request *r);

/*
** A date bound as --since/--until and the since/until parameters take it
** (YYYY, YYYY-MM or YYYY-MM-DD): its first day (last = 0) or its last day
** (last = 1) as YYYYMMDD in out. Returns 0, or -1 when s is no such date.
*/
int request_date(const char *s, char out[9], int last);

/* A sort order by name (relevance, newest, oldest): 0 and *out, or -1. */
int request_sort(const char *s, warta_sort *out);

/*
** What is wrong with r before anything is looked up, or NULL: a message
** that names the option without its dashes ("since is after until").
** Ranges of offset and limit are the tools' own business.
*/
const char *request_invalid(const request *r);

/*
** Parse r->text into *syn and plan it with p into *q (its page, sort and
** flags from r, the options lang, source, since and until added as the
** query language's fields would be). The caller frees what is built
** whatever the result: planner_clear(q), qsyntax_free(syn).
** Returns:
**   WARTA_OK        *notes says whether anything is searchable (options
**                   alone, or like, make it searchable);
**   WARTA_TOOBIG    the query has more than WARTA_MAX_QUERY_WORDS words;
**   WARTA_NOMEM;
**   an index error  (message from warta_searcher_errmsg()).
*/
int request_build(planner *p, const request *r, warta_query *q, qsyntax *syn, plan_notes *notes);

#endif
