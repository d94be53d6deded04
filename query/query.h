/*
** warta-query's work: plan each query, search, print the hits.
*/
#ifndef WARTA_QUERY_H
#define WARTA_QUERY_H

#include "store/store.h"

typedef enum query_format {
  FORMAT_TEXT = 0, /* for a person: a count, numbered hits, highlighted passages */
  FORMAT_JSON,     /* one JSON object per hit, then a summary (JSON Lines) */
  FORMAT_TSV,      /* a header, then one tab-separated line per hit */
  FORMAT_CSV       /* RFC 4180: a header row, then one row per hit (search/csv.h) */
} query_format;

typedef enum query_color {
  COLOR_AUTO = 0, /* bold on a terminal unless NO_COLOR is set */
  COLOR_ALWAYS,
  COLOR_NEVER
} query_color;

typedef struct query_opts {
  const char *db;          /* the index */
  char *query;             /* the query: the words joined by spaces (owned) */
  const char *queries;     /* --queries FILE: one query per line ("-": stdin) */
  const char *alerts;      /* --alerts FILE: saved searches (alerts.h) */
  int limit;               /* hits to show */
  int offset;              /* hits to skip (paging) */
  int per_doc;             /* passages per article at most (0: all that match) */
  const char *lang;        /* only this language, or NULL */
  const char *source;      /* only this source, or NULL */
  char since[9], until[9]; /* YYYYMMDD bounds, "" when not given */
  warta_sort sort;         /* relevance, newest, oldest, added */
  char added_since[21];    /* --added-since, as the index records times; "" */
  int count;               /* --count: only the number of matching articles */
  int facets;              /* --facets */
  int explain;             /* --explain */
  int full;                /* --full: whole passages */
  const char *like;        /* --like KEY */
  const char *story;       /* --story KEY */
  int copies;              /* --copies: copies not folded */
  int partial;             /* --partial: leave out shards that do not answer */
  const char *synonyms;    /* --synonyms FILE, or NULL: the built-in list */
  int exact;               /* --exact: no synonyms nor learned acronyms */
  query_format format;     /* output format */
  query_color color;       /* highlighting on a terminal */
  int analyze;             /* --analyze: show the analysis of the query text */
  int stemming;            /* --stemming for --analyze, or -1: the index's */
  warta_rank rank;         /* the defaults, with --rank's NAME=VALUE,... applied */
  int verbosity;           /* -1 quiet, 0 normal, 1 verbose */
  int histogram;           /* --histogram: a hist_unit (search/histogram.h),
                           ** 0: none */
} query_opts;

/* Run warta-query with o. Returns a warta_exit code. */
int query_run(const query_opts *o);

#endif
