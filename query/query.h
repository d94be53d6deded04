/*
** warta-query's work: rank passages for a query and print them.
*/
#ifndef WARTA_QUERY_H
#define WARTA_QUERY_H

typedef enum query_format {
  FORMAT_TEXT = 0, /* for a person: numbered hits, highlighted passages */
  FORMAT_JSON,     /* one JSON object per hit (JSON Lines) */
  FORMAT_TSV       /* one tab-separated line per hit */
} query_format;

typedef enum query_color {
  COLOR_AUTO = 0, /* bold on a terminal unless NO_COLOR is set */
  COLOR_ALWAYS,
  COLOR_NEVER
} query_color;

typedef struct query_opts {
  const char *db;      /* index file */
  char *query;         /* the query: the words joined by spaces (owned) */
  const char *queries; /* --queries FILE: one query per line ("-": stdin) */
  int limit;           /* hits to show */
  int per_doc;         /* passages per document at most (0: any) */
  const char *lang;    /* only this language, or NULL */
  query_format format; /* output format */
  query_color color;   /* highlighting on a terminal */
  int analyze;         /* --analyze: show the analysis of the query text */
  int stemming;        /* --stemming for --analyze, or -1: the index's */
  const char *rank;    /* --rank NAME=VALUE,...: ranking parameters, or NULL */
  int verbosity;       /* -1 quiet, 0 normal, 1 verbose */
} query_opts;

/* Run warta-query with o. Returns a warta_exit code. */
int query_run(const query_opts *o);

#endif
