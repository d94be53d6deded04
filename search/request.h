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
  int exact;               /* the words alone: no names standing for them */
  const char *story;       /* only the copies of this article's story (its key
                           ** or path); implies copies */
  int copies;              /* every copy of a story a hit of its own (else
                           ** one hit per story) */
  warta_rank rank;         /* ranking parameters */
  int histogram;           /* count per day, week or month: a hist_unit
                           ** (histogram.h); 0 (HIST_NONE): none */
  char added_since[21];    /* only articles added to the index at or after
                           ** this time (UTC, request_added_since()), or "" */
} request;

/* Defaults: no text, 10 hits from the first, one passage per article,
** relevance, warta_rank_defaults(). */
void request_init(request *r);

/*
** A date bound as --since/--until and the since/until parameters take it:
** ISO (YYYY, YYYY-MM or YYYY-MM-DD), or as Indonesians write a day, day
** first (10/09/2019, 10-9-2019, 10.9.2019, 10 September 2019, 10 Sep 2019,
** 10 Agustus 2019, and a month alone: September 2019), month names in
** Indonesian or English, whole or their first three letters or more, in
** any case. Its first day (last = 0) or its last day (last = 1) as
** YYYYMMDD in out. Returns 0, or -1 when s is no such date (2019-09-31).
*/
int request_date(const char *s, char out[9], int last);

/*
** A time as --added-since and the added_since parameter take it: a
** duration back from now (90m, 24h, 7d, 2w) or an ISO 8601 date or time
** (warta_time_parse() of common/clock.h), as the UTC time the index
** records ("YYYY-MM-DDTHH:MM:SSZ") in out. Returns 0, or -1 when s is no
** such time.
*/
int request_added_since(const char *s, char out[21]);

/* What is wrong with a request that the tools refuse (plan_notes.fault):
** the faults of the query language (parse.h's qfault), then those found
** in the index. */
typedef enum request_fault {
  RF_NONE = QF_NONE,
  RF_DATE = QF_DATE,     /* date: that is no date */
  RF_RANGE = QF_RANGE,   /* a date range that ends before it begins */
  RF_NAME = QF_NAME,     /* source: or lang: that can name nothing */
  RF_PREFIX = QF_PREFIX, /* word* with fewer than 3 letters */
  RF_SOURCE,             /* an outlet the index holds no article of */
  RF_LANG                /* a language the index holds no article in */
} request_fault;

/*
** The fault in notes as one line of English for a terminal or the API
** ("unknown source 'detik': the index holds Kompas.com, tempo.co"), into
** buf[0..n). Returns buf.
*/
const char *request_fault_text(const plan_notes *notes, char *buf, size_t n);

/* A sort order by name (relevance, newest, oldest, added): 0 and *out, or
** -1. */
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
**                   alone, or like, make it searchable), and its fault
**                   when the request is malformed or names an outlet or a
**                   language the index does not hold (request_fault): then
**                   q is planned without what is at fault, and the tools
**                   refuse it as a usage error (the page shows the rest);
**   WARTA_TOOBIG    the query has more than WARTA_MAX_QUERY_WORDS words;
**   WARTA_NOMEM;
**   an index error  (message from warta_searcher_errmsg()).
*/
int request_build(planner *p, const request *r, warta_query *q, qsyntax *syn, plan_notes *notes);

#endif
